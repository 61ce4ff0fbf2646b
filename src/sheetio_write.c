/* Writing sheet files (share/sheet-format.md); sheetio_read.c reads them.
 *
 * Writing uses yaml_emit.c, which writes what libyaml's emitter would and
 * quotes whatever needs quoting; on top of that, text that a YAML reader would take for a number, a boolean or
 * null is double-quoted, and multi-line text uses the literal block style.
 * The output is canonical: write → read → write gives the same bytes.
 */
#include "sheetio.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "fundtotal.h"
#include "num.h"
#include "sheetio_priv.h"
#include "strutil.h"
#include "yaml_emit.h"

/* Where an indicator column goes in the file: its key within its nested
 * map, and the map (the index of its first column; -1 at the top level).
 * Worked out once per output from the columns' YAML paths, rather than by
 * comparing those paths for every column of every indicator. */
typedef struct {
	const char *key;
	int group;
} ind_place;

typedef struct {
	jx_yemit *em;
	int failed;
	const jx_templates *set;
	ind_place place[JX_SIO_NCOLS];
} writer;

static void place_ind_cols(writer *w)
{
	for (int i = 0; i < JX_SIO_NCOLS; i++) {
		const char *y = jx_sio_ind_cols[i].yaml;
		w->place[i].key = jx_sio_key(y);
		w->place[i].group = -1;
		if (!jx_sio_group_len(y))
			continue;
		for (int k = 0; k <= i && w->place[i].group < 0; k++)
			if (jx_sio_same_group(jx_sio_ind_cols[k].yaml, y))
				w->place[i].group = k;
	}
}

static void w_map_start(writer *w, int flow)
{
	if (!w->failed && jx_yemit_mapping_start(w->em, flow) < 0)
		w->failed = 1;
}

static void w_map_end(writer *w)
{
	if (!w->failed && jx_yemit_mapping_end(w->em) < 0)
		w->failed = 1;
}

static void w_seq_start(writer *w, int flow)
{
	if (!w->failed && jx_yemit_sequence_start(w->em, flow) < 0)
		w->failed = 1;
}

static void w_seq_end(writer *w)
{
	if (!w->failed && jx_yemit_sequence_end(w->em) < 0)
		w->failed = 1;
}

/* libyaml's own test of a scalar's UTF-8 (yaml_check_utf8), which
 * yaml_scalar_event_initialize makes: a character of 2 to 4 bytes, not
 * overlong.  0 when s[0..n) passes. */
static size_t bad_utf8_at(const unsigned char *u, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = u[i], width, k;
		uint32_t v;
		if (c < 0x80) {
			i++;
			continue;
		}
		width = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
		if (!width || i + width > n)
			return i + 1;
		v = c & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07);
		for (k = 1; k < width; k++) {
			if ((u[i + k] & 0xC0) != 0x80)
				return i + 1;
			v = (v << 6) | (u[i + k] & 0x3F);
		}
		if ((width == 2 && v < 0x80) || (width == 3 && v < 0x800) || (width == 4 && v < 0x10000))
			return i + 1;
		i += width;
	}
	return 0;
}

/* s[0..n), s[n] being its end, as yaml_scalar_event_initialize would take
 * it: UTF-8 tested (unless the caller did) and at most INT_MAX bytes.
 * utf8_checked: s was tested by the caller. */
static void w_scalar_n(writer *w, const char *s, size_t n, yaml_scalar_style_t style, int utf8_checked)
{
	if (w->failed)
		return;
	if ((!utf8_checked && bad_utf8_at((const unsigned char *)s, n)) || n > INT_MAX ||
	    jx_yemit_scalar(w->em, s, n, style) < 0)
		w->failed = 1;
}

/* A key or a number: the file format's own ASCII names (share/sheet-format.md)
 * and figures jixiao formats, never a clerk's text (that is w_str). */
static void w_scalar(writer *w, const char *s, yaml_scalar_style_t style)
{
	w_scalar_n(w, s, strlen(s), style, 1);
}

/* Would a YAML reader take this text for something other than a string
 * (a number, boolean, null, date, time), or would a person?  Numbers, dates
 * and times in YAML are ASCII; full-width digits are caught by jx_parse_dec. */
static int looks_typed(const char *s, int ascii)
{
	static const char *const words[] = {"~",    "null", "Null", "NULL",  "true", "True", "TRUE", "false", "False",
					    "FALSE", "yes", "Yes",  "YES",   "no",   "No",   "NO",   "on",    "On",
					    "ON",   "off",  "Off",  "OFF",   "y",    "Y",    "n",    "N",     "<<",
					    "是",   "否",   NULL};
	jx_dec v;
	/* every word is at most 5 bytes long and starts with one of these
	 * bytes (是 and 否 with E6, E5) */
	if (*s && strnlen(s, 6) <= 5 && strchr("~nNtTfFyYoO<\xE6\xE5", *s))
		for (int i = 0; words[i]; i++)
			/* the first byte first: units such as 家 and 天 start as 是 and 否 do */
			if (words[i][0] == *s && !strcmp(s, words[i]))
				return 1;
	if (ascii && *s && strchr("0123456789+-.=<>~", *s))
		return 1;
	/* jx_parse_dec refuses every character beyond ASCII but the full-width
	 * forms (EF BC, EF BD), the ideographic space (E3 80 80) and the minus
	 * sign (E2 88 92) (num.c's norm_char): text holding another is no
	 * number, and Chinese text is told so at its first character */
	if (!ascii)
		for (const unsigned char *u = (const unsigned char *)s; *u; u++)
			if (*u >= 0xC0 && *u != 0xE2 && *u != 0xE3 && *u != 0xEF)
				return 0;
	/* nor is text without a digit, ASCII or full-width (EF BC 90..99) */
	{
		const unsigned char *u = (const unsigned char *)s;
		while (*u && !(*u >= '0' && *u <= '9') && !(u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99))
			u++;
		if (!*u)
			return 0;
	}
	/* no message wanted: formatting why most texts are not numbers was a
	 * tenth of writing a bundle */
	return jx_parse_dec(s, JX_NUM_PERCENT, &v, NULL) == 0;
}

/* What one pass over a text finds (str_scan). */
enum { TX_ESCAPE = 1, TX_BREAK = 2, TX_WIDE = 4, TX_BAD = 8 };

/* One pass over s for w_str: characters that must be escaped to survive a
 * round trip (controls other than newline, DEL, C1 controls (NEL),
 * U+2028/2029 and the byte-order mark), a line break, any byte beyond
 * ASCII, and UTF-8 that libyaml would refuse; *len: the text's length.
 * (One pass rather than four: texts are most of a bundle's scalars.) */
static int str_scan(const char *s, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	int found = 0;
	size_t i = 0;
	for (;;) {
		unsigned c = u[i];
		if (c >= 0x20 && c < 0x7F) {
			i++;
			continue;
		}
		if (c == 0)
			break;
		if (c < 0x80) {
			found |= c == '\n' ? TX_BREAK : TX_ESCAPE;
			i++;
			continue;
		}
		found |= TX_WIDE;
		if ((c == 0xC2 && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F) ||
		    (c == 0xE2 && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9)) ||
		    (c == 0xEF && u[i + 1] == 0xBB && u[i + 2] == 0xBF))
			found |= TX_ESCAPE;
		if (((c >= 0xE1 && c <= 0xEC) || c >= 0xEE) && c <= 0xEF && (u[i + 1] & 0xC0) == 0x80 &&
		    (u[i + 2] & 0xC0) == 0x80) {
			i += 3; /* a 3-byte character that cannot be overlong: Chinese */
			continue;
		}
		{
			/* anything else: as libyaml tests it, up to the end of the
			 * character (a NUL is no continuation byte) */
			size_t w = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
			size_t k = 1;
			while (k < w && u[i + k])
				k++;
			if (bad_utf8_at(u + i, k))
				return TX_BAD;
			i += k;
		}
	}
	*len = i;
	return found;
}

/* A text value: literal block for several lines, double quotes for text that
 * would read as something else, otherwise plain (the emitter falls back to
 * quotes when plain is not possible, e.g. leading blanks or ": "). */
static void w_str(writer *w, const char *s)
{
	yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
	size_t n = 0;
	int found = str_scan(s, &n);
	if (found & TX_BAD) {
		w->failed = 1; /* as yaml_scalar_event_initialize refuses it */
		return;
	}
	if (found & TX_ESCAPE)
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	else if (found & TX_BREAK)
		style = YAML_LITERAL_SCALAR_STYLE;
	else if (!*s || looks_typed(s, !(found & TX_WIDE)))
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	w_scalar_n(w, s, n, style, 1);
}

static void w_key(writer *w, const char *k)
{
	w_scalar(w, k, YAML_PLAIN_SCALAR_STYLE);
}

static void w_num(writer *w, jx_dec v)
{
	char b[32];
	if (v == JX_NONE)
		w_scalar(w, "null", YAML_PLAIN_SCALAR_STYLE);
	else
		w_scalar(w, jx_fmt_trim(b, v), YAML_PLAIN_SCALAR_STYLE);
}

static void kv_str(writer *w, const char *key, const char *v)
{
	if (!v || !*v)
		return;
	w_key(w, key);
	w_str(w, v);
}

static void kv_num(writer *w, const char *key, jx_dec v)
{
	if (v == JX_NONE)
		return;
	w_key(w, key);
	w_num(w, v);
}

static void kv_int(writer *w, const char *key, int64_t v)
{
	char b[32];
	snprintf(b, sizeof b, "%lld", (long long)v);
	w_key(w, key);
	w_scalar(w, b, YAML_PLAIN_SCALAR_STYLE);
}

/* One column of a row written as a mapping: its key and what sits at byte
 * offset off of the row: a text written only when not empty, a text always
 * written (the row's name), or a number written only when entered. */
typedef enum { COL_TEXT, COL_NAME, COL_NUM } col_kind;
typedef struct {
	const char *key;
	col_kind kind;
	size_t off;
} row_col;
#define ROW_COL(type, kind, key, member) {key, kind, offsetof(type, member)}

static void write_col(writer *w, const row_col *c, const char *row)
{
	switch (c->kind) {
	case COL_NAME:
		w_key(w, c->key);
		w_str(w, jx_nz(*(char *const *)(row + c->off)));
		break;
	case COL_TEXT:
		kv_str(w, c->key, *(char *const *)(row + c->off));
		break;
	case COL_NUM:
		kv_num(w, c->key, *(const jx_dec *)(row + c->off));
		break;
	}
}

/* The sequence `key` of the n rows (size bytes each) at v, each a mapping
 * of the ncols columns cols; nothing when there are none. */
static void write_rows(writer *w, const char *key, const void *v, size_t n, size_t size, const row_col *cols,
		       size_t ncols)
{
	if (!n)
		return;
	w_key(w, key);
	w_seq_start(w, 0);
	for (size_t i = 0; i < n; i++) {
		w_map_start(w, 0);
		for (size_t k = 0; k < ncols; k++)
			write_col(w, &cols[k], (const char *)v + i * size);
		w_map_end(w);
	}
	w_seq_end(w);
}

#define WRITE_ROWS(w, key, v, n, cols) write_rows(w, key, v, n, sizeof *(v), cols, sizeof cols / sizeof cols[0])

static const row_col fund_cols[] = {
	ROW_COL(jx_fund, COL_NAME, "source", source),   ROW_COL(jx_fund, COL_NUM, "planned", planned),
	ROW_COL(jx_fund, COL_NUM, "budget", budget),    ROW_COL(jx_fund, COL_NUM, "received", received),
	ROW_COL(jx_fund, COL_NUM, "spent", spent),      ROW_COL(jx_fund, COL_NUM, "forecast", forecast),
};
static const row_col sub_cols[] = {
	ROW_COL(jx_subproject, COL_TEXT, "name", name),
	ROW_COL(jx_subproject, COL_NUM, "budget", budget),
	ROW_COL(jx_subproject, COL_NUM, "spent", spent),
};
static const row_col goal_cols[] = {
	ROW_COL(jx_goal, COL_TEXT, "planned", planned),
	ROW_COL(jx_goal, COL_TEXT, "actual", actual),
	ROW_COL(jx_goal, COL_NUM, "points", points),
};
static const row_col stated_cols[] = {
	ROW_COL(jx_stated, COL_TEXT, "path", path),     ROW_COL(jx_stated, COL_NUM, "value", value),
	ROW_COL(jx_stated, COL_TEXT, "text", text),     ROW_COL(jx_stated, COL_TEXT, "source", source),
};
static const row_col audit_cols[] = {
	ROW_COL(jx_audit_row, COL_TEXT, "id", gid),       ROW_COL(jx_audit_row, COL_TEXT, "at", at),
	ROW_COL(jx_audit_row, COL_TEXT, "user", user),    ROW_COL(jx_audit_row, COL_TEXT, "origin", origin),
	ROW_COL(jx_audit_row, COL_TEXT, "field", field),  ROW_COL(jx_audit_row, COL_TEXT, "old", old_value),
	ROW_COL(jx_audit_row, COL_TEXT, "new", new_value),
};

static int any_str(char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] && *v[i])
			return 1;
	return 0;
}

/* Whether column c of d holds a value (what decides that a nested map is
 * written at all). */
static int ind_col_set(const jx_indicator *d, const jx_sio_col *c)
{
	switch (c->kind) {
	case JX_SIO_TEXT: {
		const char *v = *JX_SIO_AT(d, c, char *);
		return v && *v;
	}
	case JX_SIO_DEC: return *JX_SIO_AT(d, c, jx_dec) != JX_NONE;
	case JX_SIO_CMP: return *JX_SIO_AT(d, c, jx_cmp) != JX_CMP_NONE;
	case JX_SIO_BAND: return *JX_SIO_AT(d, c, int) >= 0;
	}
	return 0;
}

/* Column c of d under its key (in the file's key order), when it is set.
 * A band is written by its name in t, or as its number without one. */
static void write_ind_col(writer *w, const jx_template *t, const jx_indicator *d, int i)
{
	const jx_sio_col *c = &jx_sio_ind_cols[i];
	const char *key = w->place[i].key;
	int band;
	switch (c->kind) {
	case JX_SIO_TEXT:
		kv_str(w, key, *JX_SIO_AT(d, c, char *));
		break;
	case JX_SIO_DEC:
		kv_num(w, key, *JX_SIO_AT(d, c, jx_dec));
		break;
	case JX_SIO_CMP:
		if (*JX_SIO_AT(d, c, jx_cmp) != JX_CMP_NONE)
			kv_str(w, key, jx_cmp_name(*JX_SIO_AT(d, c, jx_cmp)));
		break;
	case JX_SIO_BAND:
		band = *JX_SIO_AT(d, c, int);
		if (band < 0)
			break;
		w_key(w, key);
		if (t && (size_t)band < t->rules.n_bands && t->rules.bands[band].name) {
			w_str(w, t->rules.bands[band].name);
		} else {
			char b[16];
			snprintf(b, sizeof b, "%d", band);
			w_scalar(w, b, YAML_PLAIN_SCALAR_STYLE);
		}
		break;
	}
}

/* The nested map that column i starts (its first member): written only when
 * one of its members is set. */
static void write_ind_group(writer *w, const jx_template *t, const jx_indicator *d, int i)
{
	const char *y = jx_sio_ind_cols[i].yaml;
	char group[32];
	int any = 0;
	for (int k = i; k < JX_SIO_NCOLS; k++)
		if (w->place[k].group == i)
			any |= ind_col_set(d, &jx_sio_ind_cols[k]);
	if (!any)
		return;
	snprintf(group, sizeof group, "%.*s", (int)jx_sio_group_len(y), y);
	w_key(w, group);
	w_map_start(w, 0);
	for (int k = i; k < JX_SIO_NCOLS; k++)
		if (w->place[k].group == i)
			write_ind_col(w, t, d, k);
	w_map_end(w);
}

static void write_indicator(writer *w, const jx_template *t, const jx_indicator *d)
{
	w_map_start(w, 0);
	kv_str(w, "key", d->key);
	for (int i = 0; i < JX_SIO_NCOLS; i++) {
		if (w->place[i].group < 0)
			write_ind_col(w, t, d, i);
		else if (w->place[i].group == i)
			write_ind_group(w, t, d, i);
	}
	w_map_end(w);
}

/* Marks grouped by node (in order of first appearance), one list per node
 * with null for the items not marked. */
static void write_marks(writer *w, const jx_sheet *s)
{
	int opened = 0;
	for (size_t i = 0; i < s->n_marks; i++) {
		const char *node = s->marks[i].node;
		int first = 1, max = -1;
		if (!node)
			continue;
		for (size_t j = 0; j < i; j++)
			if (jx_streq(s->marks[j].node, node))
				first = 0;
		if (!first)
			continue;
		for (size_t j = i; j < s->n_marks; j++)
			if (jx_streq(s->marks[j].node, node) && s->marks[j].awarded != JX_NONE &&
			    s->marks[j].item > max)
				max = s->marks[j].item;
		if (max < 0)
			continue;
		if (!opened) {
			w_key(w, "marks");
			w_map_start(w, 0);
			opened = 1;
		}
		w_str(w, node);
		w_seq_start(w, 1);
		for (int item = 0; item <= max; item++) {
			const jx_mark *mk = jx_sheet_mark(s, node, item);
			w_num(w, mk ? mk->awarded : JX_NONE);
		}
		w_seq_end(w);
	}
	if (opened)
		w_map_end(w);
}

/* A mapping of fixed text fields (info, narrative) under key, when any is set. */
static void write_text_map(writer *w, const char *key, const jx_label *labels, int count, char *const *fields)
{
	if (!any_str(fields, (size_t)count))
		return;
	w_key(w, key);
	w_map_start(w, 0);
	for (int i = 0; i < count; i++)
		kv_str(w, labels[i].key, fields[i]);
	w_map_end(w);
}

static void write_sheet(writer *w, const jx_sheet *s, const jx_sheet_history *h)
{
	const jx_template *t = NULL;
	if (w->set && s->template_id)
		for (size_t i = 0; i < w->set->n; i++)
			if (jx_streq(w->set->v[i]->id, s->template_id))
				t = w->set->v[i];
	w_map_start(w, 0);
	kv_str(w, "uid", s->uid);
	kv_str(w, "template", s->template_id);
	if (s->template_version > 0)
		kv_int(w, "template_version", s->template_version);
	if (s->year > 0)
		kv_int(w, "year", s->year);
	kv_str(w, "status", s->status);
	if (s->revision > 0)
		kv_int(w, "revision", s->revision);
	kv_str(w, "updated_at", s->updated_at);
	kv_str(w, "origin", s->origin);
	kv_str(w, "stage", s->stage);
	if (s->stage_month > 0)
		kv_int(w, "stage_month", s->stage_month);
	kv_str(w, "stage_from", s->stage_from);

	write_text_map(w, "info", jx_info_labels, JX_INFO_COUNT, s->info);
	if (s->n_basis) {
		w_key(w, "basis");
		w_seq_start(w, 0);
		for (size_t i = 0; i < s->n_basis; i++)
			w_str(w, jx_nz(s->basis[i]));
		w_seq_end(w);
	}
	WRITE_ROWS(w, "funds", s->funds, s->n_funds, fund_cols);
	if (!jx_fund_stated_empty(&s->funds_total)) {
		w_key(w, "funds_total");
		w_map_start(w, 1);
		for (int k = 0; k < JX_FUND_TOTAL_COUNT; k++)
			kv_num(w, jx_fund_total_cols[k].key, jx_fund_total_get(&s->funds_total, k));
		w_map_end(w);
	}
	WRITE_ROWS(w, "subprojects", s->subs, s->n_subs, sub_cols);
	WRITE_ROWS(w, "goals", s->goals, s->n_goals, goal_cols);
	if (s->n_inds) {
		w_key(w, "indicators");
		w_seq_start(w, 0);
		for (size_t i = 0; i < s->n_inds; i++)
			write_indicator(w, t, &s->inds[i]);
		w_seq_end(w);
	}
	write_marks(w, s);
	if (s->n_entries) {
		w_key(w, "entries");
		w_map_start(w, 0);
		for (size_t i = 0; i < s->n_entries; i++) {
			w_str(w, jx_nz(s->entries[i].node));
			w_map_start(w, 0);
			kv_num(w, "score", s->entries[i].score);
			kv_str(w, "note", s->entries[i].note);
			w_map_end(w);
		}
		w_map_end(w);
	}
	if (s->n_measures) {
		w_key(w, "measures");
		w_map_start(w, 0);
		for (size_t i = 0; i < s->n_measures; i++) {
			w_str(w, jx_nz(s->measures[i].name));
			w_num(w, s->measures[i].value);
		}
		w_map_end(w);
	}
	WRITE_ROWS(w, "stated", s->stated, s->n_stated, stated_cols);
	write_text_map(w, "narrative", jx_narr_labels, JX_NARR_COUNT, s->narr);
	if (s->review_score != JX_NONE || (s->review_opinion && *s->review_opinion) ||
	    (s->review_result && *s->review_result)) {
		w_key(w, "review");
		w_map_start(w, 0);
		kv_num(w, "score", s->review_score);
		kv_str(w, "opinion", s->review_opinion);
		kv_str(w, "result", s->review_result);
		w_map_end(w);
	}
	/* audit: after everything else, oldest first */
	if (h)
		WRITE_ROWS(w, "audit", h->rows, h->n, audit_cols);
	w_map_end(w);
}

int jx_bundle_write_stream(FILE *f, size_t n, jx_bundle_next next, void *ctx, const jx_templates *set, jx_err *err)
{
	writer w;
	char ver[16];
	int next_failed = 0;

	memset(&w, 0, sizeof w);
	w.set = set;
	place_ind_cols(&w);
	err->msg[0] = '\0';
	if (!(w.em = jx_yemit_new(f))) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	if (jx_yemit_stream_start(w.em) < 0 || jx_yemit_document_start(w.em) < 0)
		w.failed = 1;
	w_map_start(&w, 0);
	w_key(&w, "jixiao");
	snprintf(ver, sizeof ver, "%d", JX_SHEETFILE_VERSION);
	w_scalar(&w, ver, YAML_PLAIN_SCALAR_STYLE);
	w_key(&w, "sheets");
	if (n == 0) {
		w_seq_start(&w, 1);
		w_seq_end(&w);
	} else {
		w_seq_start(&w, 0);
		for (size_t i = 0; i < n && !w.failed; i++) {
			const jx_sheet *s = NULL;
			const jx_sheet_history *h = NULL;
			/* every scalar is written out as it is given, so the
			 * sheet is needed only while write_sheet runs */
			if (next(ctx, &s, &h, err) < 0 || !s) {
				if (!err->msg[0])
					jx_err_set(err, "评价表不足：应有 %zu 张", "fewer sheets than the %zu announced", n);
				next_failed = 1;
				w.failed = 1;
				break;
			}
			write_sheet(&w, s, h);
		}
		w_seq_end(&w);
	}
	w_map_end(&w);
	if (!w.failed && (jx_yemit_document_end(w.em) < 0 || jx_yemit_stream_end(w.em) < 0))
		w.failed = 1;
	if (!w.failed && fflush(f) != 0) {
		jx_err_set(err, "写入失败：%s", "write failed: %s", strerror(errno ? errno : EIO));
		w.failed = 1;
	} else if (w.failed && !next_failed) {
		if (jx_yemit_io_error(w.em))
			jx_err_set(err, "写入失败：%s", "write failed: %s", strerror(jx_yemit_io_error(w.em)));
		else
			jx_err_set(err, "生成 YAML 失败：%s", "cannot write YAML: %s",
				   jx_yemit_problem(w.em) ? jx_yemit_problem(w.em) : "?");
	}
	jx_yemit_free(w.em);
	return w.failed ? -1 : 0;
}

/* jx_bundle_write's sheets, handed over one at a time. */
typedef struct {
	jx_sheet *const *v;
	const jx_sheet_history *hist;
	size_t i;
} array_src;

static int array_next(void *ctx, const jx_sheet **s, const jx_sheet_history **h, jx_err *err)
{
	array_src *a = ctx;
	(void)err;
	*s = a->v[a->i];
	*h = a->hist ? &a->hist[a->i] : NULL;
	a->i++;
	return 0;
}

int jx_bundle_write(FILE *f, jx_sheet *const *v, const jx_sheet_history *hist, size_t n, const jx_templates *set,
		    jx_err *err)
{
	array_src a = {v, hist, 0};
	return jx_bundle_write_stream(f, n, array_next, &a, set, err);
}

int jx_sheets_write_with(FILE *f, jx_sheet *const *v, size_t n, const jx_templates *set, jx_err *err)
{
	return jx_bundle_write(f, v, NULL, n, set, err);
}

int jx_sheets_write(FILE *f, jx_sheet *const *v, size_t n, jx_err *err)
{
	jx_templates set = {NULL, 0};
	jx_err terr;
	int rc;
	/* band names come from the templates; without them a band is written
	 * as its number, which reads back the same */
	if (jx_templates_load_builtin(&set, &terr) < 0)
		jx_templates_free(&set);
	rc = jx_sheets_write_with(f, v, n, &set, err);
	jx_templates_free(&set);
	return rc;
}
