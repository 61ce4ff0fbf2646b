/* The reviewer's sheet (审核意见) of one sheet: the figures its source
 * document states beside the ones jixiao recomputes, the findings of the
 * checks, and the reviewer's own fields.  Kept out of the form, which is
 * what the unit submits; the xlsx puts it on a worksheet of its own, the
 * HTML on a page after the form. */
#include "xform_build.h"
#include "field.h"
#include "strutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decimal places v is written with (trailing zeros dropped). */
static int places(jx_dec v)
{
	int d = 6;
	while (d > 0 && jx_round(v, d - 1) == v)
		d--;
	return d;
}

/* What a stated path names and its recomputed figure, formatted as the
 * document states it (a rate in percent at the stated decimals). */
static void stated_row(const jx_xsheet *x, const jx_stated *st, jx_xsbuf *label, char *calc, size_t len)
{
	const jx_scoresheet *ss = &x->ss;
	const char *path = jx_nz(st->path);
	int d = st->value != JX_NONE ? places(st->value) : 2;
	jx_dec v = JX_NONE, pct = JX_NONE;
	char num[48], key[128];
	const char *what = NULL;

	calc[0] = '\0';
	if (strcmp(path, "total") == 0) {
		jx_xsb_add(label, "总分");
		v = ss->total;
	} else if (strcmp(path, "grade") == 0) {
		jx_xsb_add(label, "评价等级");
		jx_xgrade_text(x, calc, len);
		return;
	} else if (strcmp(path, "execution:rate") == 0) {
		jx_xsb_add(label, "预算执行率");
		pct = ss->exec_rate;
	} else if (strcmp(path, "funds:received_rate") == 0) {
		jx_xsb_add(label, "资金到位率");
		pct = ss->received_rate;
	} else if (sscanf(path, "%*[^:]:%127[^:]:", key) == 1) {
		const char *member = strrchr(path, ':') + 1;
		char item[160];
		const jx_score_item *it;
		snprintf(item, sizeof item, "%.*s", (int)(member - 1 - path), path);
		it = jx_score_find(ss, item);
		jx_xsb_add(label, "%s", it ? jx_xitem_name(it) : item);
		if (it && strcmp(member, "score") == 0) {
			what = "得分";
			v = it->score;
		} else if (it && strcmp(member, "points") == 0) {
			what = "分值";
			v = it->points;
		} else if (it && strcmp(member, "rate") == 0) {
			what = "完成率";
			pct = it->rate;
		} else if (it && strcmp(member, "actual") == 0 && it->ind) {
			what = "实际完成值";
			v = it->ind->actual;
		}
		if (what)
			jx_xsb_add(label, "（%s）", what);
	} else {
		jx_xsb_add(label, "%s", path);
	}
	if (pct != JX_NONE)
		snprintf(calc, len, "%s%%", jx_fmt(num, pct * 100, d));
	else if (v != JX_NONE)
		snprintf(calc, len, "%s", jx_fmt(num, v, d));
}

static void stated_block(jx_xbuilder *b, const jx_xsheet *x)
{
	static const char *const heads[] = {"序号", "项目", "文中数字", "复核数", "出处", "结论"};
	const jx_sheet *s = x->sheet;
	int r = jx_fx_row(b);
	jx_fx_span(b, r, 0, 6, "一、文中数字与复核数", JX_XS_HEAD);
	r = jx_fx_row(b);
	jx_fx_heads(b, r, 0, heads, 6);
	jx_fx_keep(b, r - 1, 3);
	if (s->n_stated == 0) {
		r = jx_fx_row(b);
		jx_fx_span(b, r, 0, 6, "无", JX_XS_TEXT);
	}
	for (size_t i = 0; i < s->n_stated && !b->oom; i++) {
		const jx_stated *st = &s->stated[i];
		const char *pct = strstr(jx_nz(st->path), "rate") ? "%" : "";
		char said[1024], calc[96], num[48];
		jx_xsbuf *sb = &b->scratch;
		r = jx_fx_row(b);
		if (r < 0)
			return;
		sb->len = 0;
		stated_row(x, st, sb, calc, sizeof calc);
		/* the figure when the document's words carry one, else the words */
		if (st->value == JX_NONE && st->text && *st->text)
			snprintf(said, sizeof said, "%s", st->text);
		else
			snprintf(said, sizeof said, "%s%s", jx_fmt_trim(num, st->value), st->value != JX_NONE ? pct : "");
		jx_fx_num(b, r, 0, JX_INT((int64_t)i + 1), JX_XN_INT, JX_XS_CENTER);
		jx_fx_text(b, r, 1, sb->len ? sb->s : "", JX_XS_TEXT);
		jx_fx_text(b, r, 2, said, JX_XS_CENTER);
		jx_fx_text(b, r, 3, calc, JX_XS_CENTER);
		jx_fx_text(b, r, 4, jx_nz(st->source), JX_XS_TEXT);
		jx_fx_text(b, r, 5, !*calc ? "无法核对" : strcmp(said, calc) == 0 ? "一致" : "不一致", JX_XS_CENTER);
	}
}

static void findings_block(jx_xbuilder *b, const jx_xsheet *x)
{
	static const char *const heads[] = {"序号", "位置", "代码", "级别"};
	char title[64];
	int r = jx_fx_row(b);
	snprintf(title, sizeof title, "二、审核发现（%zu 条）", x->findings.n);
	jx_fx_span(b, r, 0, 6, title, JX_XS_HEAD);
	r = jx_fx_row(b);
	jx_fx_heads(b, r, 0, heads, 4);
	jx_fx_span(b, r, 4, 2, "说明", JX_XS_HEAD);
	jx_fx_keep(b, r - 1, 3);
	if (x->findings.n == 0) {
		r = jx_fx_row(b);
		jx_fx_span(b, r, 0, 6, "无", JX_XS_TEXT);
	}
	for (size_t i = 0; i < x->findings.n && !b->oom; i++) {
		const jx_finding *fd = &x->findings.v[i];
		r = jx_fx_row(b);
		if (r < 0)
			return;
		char where[256];
		/* the field as the workstation names it ("评审项目总数量 · 偏差原因…"),
		 * else its path */
		jx_field_label(x->sheet, fd->path, where, sizeof where);
		if (!*where && jx_streq(fd->path, "total"))
			snprintf(where, sizeof where, "总分");
		jx_fx_num(b, r, 0, JX_INT((int64_t)i + 1), JX_XN_INT, JX_XS_CENTER);
		jx_fx_text(b, r, 1, *where ? where : jx_nz(fd->path), JX_XS_TEXT);
		jx_fx_text(b, r, 2, fd->code, JX_XS_CENTER);
		jx_fx_text(b, r, 3, jx_severity_name(fd->sev), JX_XS_CENTER);
		jx_fx_span(b, r, 4, 2, jx_nz(fd->msg), JX_XS_TEXT);
	}
}

static void reviewer_block(jx_xbuilder *b, const jx_sheet *s)
{
	char num[48];
	int r = jx_fx_row(b);
	jx_fx_span(b, r, 0, 6, "三、审核人意见", JX_XS_HEAD);
	jx_fx_keep(b, r, 2);
	r = jx_fx_row(b);
	jx_fx_field(b, r, 0, "审核得分", 2, s->review_score != JX_NONE ? jx_fmt(num, s->review_score, 2) : "", 1);
	jx_fx_field(b, r, 3, "审核结论", 1, jx_nz(s->review_result), 2);
	jx_fx_line(b, "审核意见", jx_nz(s->review_opinion));
}

static void review_build(jx_xbuilder *b, const jx_xsheet *x)
{
	/* 复核数 as wide as 未完成（12 项未填） */
	static const int mins[6] = {6, 18, 12, 21, 30, 10};
	static const int maxs[6] = {6, 30, 16, 22, 60, 10};
	const jx_sheet *s = x->sheet;
	char sub[600];
	int r;

	for (int c = 0; c < 6; c++) {
		b->f->min_width[c] = mins[c];
		b->f->max_width[c] = maxs[c];
	}
	r = jx_fx_row(b);
	if (r < 0)
		return;
	jx_fx_row_style(b, r, JX_XS_TITLE);
	jx_fx_span(b, r, 0, 6, "审核意见", JX_XS_TITLE);
	r = jx_fx_row(b);
	snprintf(sub, sizeof sub, "%s（%d年度）", jx_xinfo(s, JX_INFO_NAME), s->year);
	jx_fx_row_style(b, r, JX_XS_SUBTITLE);
	jx_fx_span(b, r, 0, 6, sub, JX_XS_SUBTITLE);
	stated_block(b, x);
	if (!b->oom)
		findings_block(b, x);
	if (!b->oom)
		reviewer_block(b, s);
}

jx_xform *jx_xform_review(jx_xform *f, const jx_xsheet *x, int index, int several)
{
	jx_xbuilder b;
	char name[32];

	memset(&b, 0, sizeof b);
	b.f = jx_xform_reset(f, 6, x);
	if (!b.f)
		return NULL;
	review_build(&b, x);
	/* alone, its title repeats on each page; with several sheets, one
	 * worksheet holds every sheet's, each from a page of its own */
	if (!several)
		b.f->head_rows = 2;
	if (several)
		snprintf(name, sizeof name, "%d 审核意见", index);
	else
		snprintf(name, sizeof name, "审核意见");
	b.f->sheet_name = jx_xform_strdup(&b, name);
	return jx_xform_done(&b);
}
