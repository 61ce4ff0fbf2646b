/* Report draft (Markdown or HTML) in the outline of published evaluation
 * reports.  The outline is data (share/reports/, report_outline.h):
 * one for department, finance and third-party evaluations (一、基本情况 …
 * 七、其他需要说明的问题, 附件：评价表) and one for self-evaluations (一、项目概况
 * … 六、项目自评结论及得分, 附件).  Every number is the engine's (scores, rates,
 * totals, grade) or the sheet's own (amounts, targets, actuals); the text
 * comes from the sheet's info and narrative fields.  What the sheet cannot
 * give is a passage still to write, marked 【请填写：…】 (highlighted in HTML)
 * and listed at the top.  The checks' findings go to the last appendix,
 * 审核提示, never into the report's body. */
#include "export_ops.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report_outline.h"
#include "strutil.h"
#include "textwidth.h"

typedef struct {
	FILE *f;
	int html;
	int ncols; /* open table */
	int oom;
	const char *section; /* the heading the passages being written are under */
	char **todo;         /* the passages still to write, as listed at the top */
	size_t n_todo;
} rp;

/* Markdown: characters that would start markup are escaped with a
 * backslash (never an HTML entity); a newline in a table cell becomes a
 * space, since a Markdown table row is one line. */
static void md_text(rp *w, const char *s, int in_table)
{
	char *t = jx_text_clean(jx_nz(s), s ? strlen(s) : 0, 1);
	if (!t) {
		w->oom = 1;
		return;
	}
	for (const char *p = t; *p;) {
		size_t run = strcspn(p, "\\`*_[]<>#|~\n");
		fwrite(p, 1, run, w->f);
		p += run;
		if (!*p)
			break;
		if (*p == '\n')
			fputs(in_table ? " " : "\n\n", w->f);
		else {
			putc('\\', w->f);
			putc(*p, w->f);
		}
		p++;
	}
	free(t);
}

static void rp_heading(rp *w, int level, const char *text)
{
	if (w->html) {
		fprintf(w->f, "<h%d>", level);
		jx_html_escape(w->f, text, 0);
		fprintf(w->f, "</h%d>\n", level);
	} else {
		for (int i = 0; i < level; i++)
			putc('#', w->f);
		putc(' ', w->f);
		md_text(w, text, 1);
		fputs("\n\n", w->f);
	}
}

/* A paragraph per line of text. */
static void rp_para(rp *w, const char *text)
{
	const char *s = jx_nz(text);
	if (w->html) {
		while (s) {
			const char *nl = strchr(s, '\n');
			size_t len = nl ? (size_t)(nl - s) : strlen(s);
			char *line = malloc(len + 1);
			if (!line) {
				w->oom = 1;
				return;
			}
			memcpy(line, s, len);
			line[len] = '\0';
			if (len) {
				fputs("<p>", w->f);
				jx_html_escape(w->f, line, 0);
				fputs("</p>\n", w->f);
			}
			free(line);
			s = nl ? nl + 1 : NULL;
		}
	} else {
		md_text(w, s, 0);
		fputs("\n\n", w->f);
	}
}

static void rp_paraf(rp *w, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	rp_para(w, buf);
}

/* Labelled paragraph ("项目背景：…"), skipped when the text is empty. */
static int rp_labelled(rp *w, const char *label, const char *text)
{
	size_t n;
	char *buf;
	if (!text || !*text)
		return 0;
	n = strlen(label) + strlen(text) + 1;
	buf = malloc(n);
	if (!buf) {
		w->oom = 1;
		return 0;
	}
	snprintf(buf, n, "%s%s", label, text);
	rp_para(w, buf);
	free(buf);
	return 1;
}

/* One row of cells: header cells (<th>) in HTML when `head`, data cells
 * otherwise; in Markdown both are written alike. */
/* A cell that is one figure ("480.82", "24.85%", "—"): it never wraps. */
static int figure_cell(const char *s)
{
	if (!s || !*s)
		return 0;
	if (strcmp(s, "—") == 0)
		return 1;
	return strspn(s, "0123456789.,%-") == strlen(s) && strpbrk(s, "0123456789");
}

static void rp_cells(rp *w, const char *const *cells, int head)
{
	if (w->html) {
		fputs("<tr>", w->f);
		for (int i = 0; i < w->ncols; i++) {
			fputs(head ? "<th>" : figure_cell(cells[i]) ? "<td class=\"n\">" : "<td>", w->f);
			jx_html_escape(w->f, cells[i], 1);
			fputs(head ? "</th>" : "</td>", w->f);
		}
		fputs("</tr>\n", w->f);
	} else {
		putc('|', w->f);
		for (int i = 0; i < w->ncols; i++) {
			putc(' ', w->f);
			md_text(w, cells[i], 1);
			fputs(" |", w->f);
		}
		putc('\n', w->f);
	}
}

static void rp_table(rp *w, int ncols, const char *const *heads)
{
	w->ncols = ncols;
	/* in HTML the heading row is a <thead>: repeated on every printed page */
	if (w->html)
		fputs("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\">\n<thead>\n", w->f);
	rp_cells(w, heads, 1);
	if (w->html)
		fputs("</thead>\n<tbody>\n", w->f);
	else {
		/* the Markdown line that makes the row above a header */
		putc('|', w->f);
		for (int i = 0; i < ncols; i++)
			fputs(" --- |", w->f);
		putc('\n', w->f);
	}
}

static void rp_row(rp *w, const char *const *cells)
{
	rp_cells(w, cells, 0);
}

static void rp_table_end(rp *w)
{
	fputs(w->html ? "</tbody>\n</table>\n" : "\n", w->f);
	w->ncols = 0;
}

static void rp_list(rp *w, int begin)
{
	if (w->html)
		fputs(begin ? "<ul>\n" : "</ul>\n", w->f);
	else if (!begin)
		putc('\n', w->f);
}

static void rp_item(rp *w, const char *text)
{
	if (w->html) {
		fputs("<li>", w->f);
		jx_html_escape(w->f, text, 1);
		fputs("</li>\n", w->f);
	} else {
		fputs("- ", w->f);
		md_text(w, text, 1);
		putc('\n', w->f);
	}
}

/* ---- numbers as shown ---- */

static const char *money(char *buf, jx_dec v)
{
	return v == JX_NONE ? "—" : jx_fmt(buf, v, 2);
}

static const char *score(char *buf, jx_dec v)
{
	return v == JX_NONE ? "—" : jx_fmt(buf, v, 2);
}

static const char *points(char *buf, jx_dec v)
{
	return v == JX_NONE ? "—" : jx_fmt_trim(buf, v);
}

/* A rate (fraction) as a percentage with two decimals: "24.85%". */
static const char *percent(char *buf, jx_dec rate)
{
	if (rate == JX_NONE)
		return "—";
	jx_fmt(buf, rate * 100, 2);
	strcat(buf, "%");
	return buf;
}

/* score ÷ points as a percentage (得分率). */
static const char *score_rate(char *buf, jx_dec s, jx_dec p)
{
	jx_dec v;
	if (s == JX_NONE || p == JX_NONE || p <= 0)
		return "—";
	v = jx_muldiv(s, JX_INT(100), p, 2);
	jx_fmt(buf, v, 2);
	strcat(buf, "%");
	return buf;
}

static const char *text_or(const char *s, const char *dflt)
{
	return s && *s ? s : dflt;
}

static void target_to(FILE *m, const jx_indicator *ind)
{
	char num[32];
	if (ind->target_text && *ind->target_text)
		fputs(ind->target_text, m);
	else if (ind->target != JX_NONE)
		fprintf(m, "%s%s%s", jx_cmp_symbol(ind->cmp), jx_fmt_trim(num, ind->target), jx_nz(ind->unit));
	else
		fputs("—", m);
}

static void actual_to(FILE *m, const jx_template *t, const jx_indicator *ind)
{
	char num[32];
	if (ind->actual_text && *ind->actual_text)
		fputs(ind->actual_text, m);
	else if (ind->actual != JX_NONE)
		fprintf(m, "%s%s", jx_fmt_trim(num, ind->actual), jx_nz(ind->unit));
	else if (ind->cmp == JX_CMP_QUAL && ind->band >= 0 && (size_t)ind->band < t->rules.n_bands)
		fputs(t->rules.bands[ind->band].name, m);
	else
		fputs("未填写", m);
}

/* 完成情况 of a node leaf. */
static void status_to(FILE *m, const jx_xsheet *x, const jx_score_item *it)
{
	const jx_node *n = it->node;
	char tmp[48], pts[32], got[32];
	if (!n)
		return;
	switch (n->kind) {
	case JX_NODE_FORMULA:
		fputs(it->rate != JX_NONE ? percent(tmp, it->rate) : (it->flags & JX_SF_NA) ? "不适用" : "—", m);
		break;
	case JX_NODE_CHECKLIST:
		for (size_t i = 0; i < n->n_items; i++) {
			const jx_mark *mk = jx_sheet_mark(x->sheet, n->key, (int)i);
			fprintf(m, "%s%s %s/%s分", i ? "；" : "", jx_nz(n->items[i].label),
				mk && mk->awarded != JX_NONE ? jx_fmt_trim(got, mk->awarded) : "未评",
				jx_fmt_trim(pts, n->items[i].points));
		}
		break;
	case JX_NODE_MANUAL: {
		const jx_entry *e = jx_sheet_entry(x->sheet, n->key);
		fputs(e && e->note ? e->note : "—", m);
		break;
	}
	default: break;
	}
}

/* Why points were lost: the indicator's deviation reason (and any
 * deduction or override reason); for a checklist the 评价要点 not fully met;
 * for a manual score its note.  0 when the sheet gives none (nothing
 * written then: a passage still to write). */
static int reason_to(FILE *m, const jx_xsheet *x, const jx_score_item *it)
{
	long start = ftell(m);
	if (it->kind == JX_ITEM_IND && it->ind) {
		const jx_indicator *ind = it->ind;
		int any = 0;
		if (ind->deviation_reason && *ind->deviation_reason) {
			fputs(ind->deviation_reason, m);
			any = 1;
		}
		if (ind->deduction != JX_NONE && ind->deduction > 0 && ind->deduction_reason) {
			fprintf(m, "%s扣分原因：%s", any ? "；" : "", ind->deduction_reason);
			any = 1;
		}
		if (ind->override_score != JX_NONE && ind->override_reason)
			fprintf(m, "%s调整得分原因：%s", any ? "；" : "", ind->override_reason);
	} else if (it->node && it->node->kind == JX_NODE_CHECKLIST) {
		int any = 0;
		for (size_t i = 0; i < it->node->n_items; i++) {
			const jx_mark *mk = jx_sheet_mark(x->sheet, it->node->key, (int)i);
			if (!mk || mk->awarded == JX_NONE || mk->awarded < it->node->items[i].points) {
				fprintf(m, "%s%s", any ? "；" : "未完全满足：",
					jx_nz(it->node->items[i].label));
				any = 1;
			}
		}
	} else if (it->node && it->node->kind == JX_NODE_MANUAL) {
		const jx_entry *e = jx_sheet_entry(x->sheet, it->node->key);
		if (e && e->note)
			fputs(e->note, m);
	}
	return ftell(m) != start;
}

/* A string built by writing to a memory stream. */
typedef struct {
	char *s;
	size_t len;
	FILE *m;
} mstr;

static FILE *mstr_open(mstr *b)
{
	b->s = NULL;
	b->len = 0;
	b->m = open_memstream(&b->s, &b->len);
	return b->m;
}

/* Close and return the text ("" when out of memory; free with mstr_free). */
static const char *mstr_done(rp *w, mstr *b)
{
	if (!b->m || fclose(b->m) != 0)
		w->oom = 1;
	b->m = NULL;
	return jx_nz(b->s);
}

static void mstr_free(mstr *b)
{
	free(b->s);
	b->s = NULL;
}

static const char *cn_number(int i)
{
	static const char *nums[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
	return i >= 0 && i < 10 ? nums[i] : "十";
}

/* ---- passages still to write ---- */

/* Remember a passage still to write for the list at the top, with the
 * heading it is under.  0, or -1 when out of memory. */
static int todo_add(rp *w, const char *ask)
{
	mstr line;
	char **v;
	if (!mstr_open(&line)) {
		w->oom = 1;
		return -1;
	}
	fprintf(line.m, "%s：%s", jx_nz(w->section), ask);
	v = realloc(w->todo, (w->n_todo + 1) * sizeof *w->todo);
	if (!v || !mstr_done(w, &line)[0]) {
		if (v)
			w->todo = v;
		mstr_free(&line);
		w->oom = 1;
		return -1;
	}
	w->todo = v;
	w->todo[w->n_todo++] = line.s;
	return 0;
}

/* 【请填写：ask】 after `text` (may be NULL), highlighted in HTML. */
static void todo_mark(rp *w, const char *text, const char *ask)
{
	if (w->html) {
		if (text)
			jx_html_escape(w->f, text, 0);
		fputs("<mark class=\"todo\">【请填写：", w->f);
		jx_html_escape(w->f, ask, 0);
		fputs("】</mark>", w->f);
	} else {
		if (text)
			md_text(w, text, 1);
		fputs("【请填写：", w->f);
		md_text(w, ask, 1);
		fputs("】", w->f);
	}
}

/* A paragraph: `label：` (when given) and 【请填写：ask】. */
static void rp_todo(rp *w, const char *label, const char *ask)
{
	if (todo_add(w, ask) < 0)
		return;
	fputs(w->html ? "<p>" : "", w->f);
	if (label && *label) {
		if (w->html)
			jx_html_escape(w->f, label, 0);
		else
			md_text(w, label, 1);
		fputs("：", w->f);
	}
	todo_mark(w, NULL, ask);
	fputs(w->html ? "</p>\n" : "\n\n", w->f);
}

/* A list item: text, then 【请填写：ask】. */
static void rp_item_todo(rp *w, const char *text, const char *ask)
{
	if (todo_add(w, ask) < 0)
		return;
	fputs(w->html ? "<li>" : "- ", w->f);
	todo_mark(w, text, ask);
	fputs(w->html ? "</li>\n" : "\n", w->f);
}

static void todo_free(rp *w)
{
	for (size_t i = 0; i < w->n_todo; i++)
		free(w->todo[i]);
	free(w->todo);
	w->todo = NULL;
	w->n_todo = 0;
}

/* ---- figures named in the outline's text ---- */

static void figure_to(FILE *m, const jx_xsheet *x, int fig)
{
	const jx_sheet *s = x->sheet;
	jx_fund_totals ft = jx_sheet_fund_totals(s);
	char buf[JX_GRADE_TEXT_LEN > 64 ? JX_GRADE_TEXT_LEN : 64];
	switch (fig) {
	case JX_OF_NAME: fputs(text_or(s->info[JX_INFO_NAME], "（项目名称）"), m); break;
	case JX_OF_YEAR: fprintf(m, "%d", s->year); break;
	case JX_OF_UNIT: fputs(text_or(s->info[JX_INFO_UNIT], "—"), m); break;
	case JX_OF_DEPARTMENT: fputs(text_or(s->info[JX_INFO_DEPARTMENT], "—"), m); break;
	case JX_OF_TEMPLATE: fputs(text_or(x->tpl->name, "评价表"), m); break;
	case JX_OF_BUDGET: fputs(money(buf, ft.budget), m); break;
	case JX_OF_RECEIVED: fputs(money(buf, ft.received), m); break;
	case JX_OF_SPENT: fputs(money(buf, ft.spent), m); break;
	case JX_OF_EXEC_RATE: fputs(percent(buf, x->ss.exec_rate), m); break;
	case JX_OF_RECEIVED_RATE: fputs(percent(buf, x->ss.received_rate), m); break;
	case JX_OF_TOTAL: fputs(score(buf, x->ss.total), m); break;
	case JX_OF_GRADE:
		fputs(jx_grade_text(&x->ss, jx_findings_unfilled(&x->findings), 0, buf, sizeof buf), m);
		break;
	default: break;
	}
}

/* The outline's text with its {figures} replaced (the loader checked them);
 * free with mstr_free. */
static const char *fill(rp *w, mstr *b, const jx_xsheet *x, const char *text)
{
	if (!mstr_open(b)) {
		w->oom = 1;
		return "";
	}
	for (const char *p = jx_nz(text); *p;) {
		const char *open = strchr(p, '{'), *close = open ? strchr(open, '}') : NULL;
		if (!close) {
			fputs(p, b->m);
			break;
		}
		fwrite(p, 1, (size_t)(open - p), b->m);
		figure_to(b->m, x, jx_outline_figure(open + 1, (size_t)(close - open - 1)));
		p = close + 1;
	}
	return mstr_done(w, b);
}

/* ---- blocks: what the outline's parts fill from the data ---- */

static void block_basis(rp *w, const jx_xsheet *x)
{
	const jx_sheet *s = x->sheet;
	if (!s->n_basis) {
		rp_todo(w, "立项依据", "立项依据文件（文件名称及文号）");
		return;
	}
	rp_para(w, "立项依据：");
	rp_list(w, 1);
	for (size_t i = 0; i < s->n_basis; i++)
		rp_item(w, s->basis[i]);
	rp_list(w, 0);
}

/* The sentence under the funds table: budget, received, spent, rates. */
static void funds_sentence(rp *w, const jx_xsheet *x)
{
	const jx_scoresheet *ss = &x->ss;
	jx_fund_totals ft = jx_sheet_fund_totals(x->sheet);
	char line[1024], a[48];
	size_t o = 0;
	line[0] = '\0';
	if (ft.budget != JX_NONE)
		o += (size_t)snprintf(line + o, sizeof line - o, "全年预算数 %s 万元，", money(a, ft.budget));
	if (ft.received != JX_NONE)
		o += (size_t)snprintf(line + o, sizeof line - o, "实际到位 %s 万元，", money(a, ft.received));
	if (ft.spent != JX_NONE)
		o += (size_t)snprintf(line + o, sizeof line - o, "全年执行数 %s 万元，", money(a, ft.spent));
	if (ss->exec_rate != JX_NONE) {
		/* named as the template names its execution rate (支出完成率 in
		 * the whole-department form, spent ÷ received there) */
		const char *name = "预算执行率";
		for (size_t i = 0; i < ss->n; i++)
			if (ss->items[i].kind == JX_ITEM_NODE && ss->items[i].node && ss->items[i].node->execution)
				name = jx_xitem_name(&ss->items[i]);
		o += (size_t)snprintf(line + o, sizeof line - o, "%s %s", name, percent(a, ss->exec_rate));
	}
	if (ss->received_rate != JX_NONE)
		o += (size_t)snprintf(line + o, sizeof line - o, "%s资金到位率 %s", ss->exec_rate != JX_NONE ? "，" : "",
				      percent(a, ss->received_rate));
	if (!o) {
		rp_todo(w, NULL, "资金投入和使用情况（预算数、到位数、执行数）");
		return;
	}
	{
		/* end the sentence: drop a trailing "，" */
		size_t n = strlen(line), cl = strlen("，");
		if (n >= cl && strcmp(line + n - cl, "，") == 0)
			line[n - cl] = '\0';
		strncat(line, "。", sizeof line - strlen(line) - 1);
	}
	rp_para(w, line);
	for (size_t i = 0; i < ss->n; i++) {
		const jx_score_item *it = &ss->items[i];
		if (it->kind == JX_ITEM_NODE && it->node && it->node->execution && ss->text && ss->text[it->expl])
			rp_paraf(w, "%s：%s", jx_xitem_name(it), ss->text + it->expl);
	}
}

static void block_funds(rp *w, const jx_xsheet *x)
{
	static const char *heads[] = {"资金来源", "年初预算数（万元）", "全年预算数（万元）", "实际到位（万元）",
				      "全年执行数（万元）"};
	const jx_sheet *s = x->sheet;
	jx_fund_totals ft = jx_sheet_fund_totals(s);
	char a[48], b[48], c[48], d[48];
	if (s->n_funds) {
		rp_table(w, 5, heads);
		for (size_t i = 0; i < s->n_funds; i++) {
			const jx_fund *f = &s->funds[i];
			const char *row[5] = {text_or(f->source, "—"), money(a, f->planned), money(b, f->budget),
					      money(c, f->received), money(d, f->spent)};
			rp_row(w, row);
		}
		{
			const char *row[5] = {"合计", money(a, ft.planned), money(b, ft.budget), money(c, ft.received),
					      money(d, ft.spent)};
			rp_row(w, row);
		}
		rp_table_end(w);
	}
	funds_sentence(w, x);
}

static void block_subprojects(rp *w, const jx_xsheet *x)
{
	static const char *heads[] = {"序号", "二级项目", "预算金额（万元）", "实际支出金额（万元）"};
	const jx_sheet *s = x->sheet;
	jx_dec tb = JX_NONE, ts = JX_NONE;
	char a[48], b[48], no[24];
	if (!s->n_subs)
		return;
	rp_paraf(w, "项目下设 %zu 个二级项目，预算安排及使用情况如下表（单位：万元）。", s->n_subs);
	rp_table(w, 4, heads);
	for (size_t i = 0; i < s->n_subs; i++) {
		const char *row[4];
		snprintf(no, sizeof no, "%zu", i + 1);
		row[0] = no;
		row[1] = text_or(s->subs[i].name, "—");
		row[2] = money(a, s->subs[i].budget);
		row[3] = money(b, s->subs[i].spent);
		rp_row(w, row);
		/* 合计: sums of the amounts shown (a column with no amount stays empty) */
		tb = jx_add(tb, s->subs[i].budget);
		ts = jx_add(ts, s->subs[i].spent);
	}
	{
		const char *row[4] = {"合计", "", money(a, tb), money(b, ts)};
		rp_row(w, row);
	}
	rp_table_end(w);
}

static void block_goals(rp *w, const jx_xsheet *x)
{
	const jx_sheet *s = x->sheet;
	if (!s->n_goals)
		rp_todo(w, "年度绩效目标", "年度总体目标及其实际完成情况");
	for (size_t i = 0; i < s->n_goals; i++) {
		if (s->goals[i].planned && *s->goals[i].planned)
			rp_labelled(w, "年度目标：", s->goals[i].planned);
		else
			rp_todo(w, "年度目标", "年度绩效目标");
		if (s->goals[i].actual && *s->goals[i].actual)
			rp_labelled(w, "实际完成情况：", s->goals[i].actual);
		else
			rp_todo(w, "实际完成情况", "年度目标的实际完成情况");
	}
}

/* The indicator system: the template, its levels counted, its points. */
static void block_system(rp *w, const jx_xsheet *x)
{
	const jx_scoresheet *ss = &x->ss;
	size_t level[3] = {0, 0, 0};
	char a[48];
	for (size_t i = 0; i < ss->n; i++) {
		const jx_score_item *it = &ss->items[i];
		if (it->kind == JX_ITEM_TOTAL || (it->kind == JX_ITEM_NODE && it->node && it->node->kind == JX_NODE_SLOT &&
						  !jx_xitem_has_children(ss, i)))
			continue;
		level[it->depth < 2 ? it->depth : 2]++;
	}
	rp_paraf(w,
		 "评价指标体系采用《%s》，设一级指标 %zu 个、二级指标 %zu 个、三级指标 %zu 个，满分 %s 分"
		 "（详见附件）。",
		 text_or(x->tpl->name, "评价表"), level[0], level[1], level[2], points(a, ss->points));
}

static void block_scores(rp *w, const jx_xsheet *x)
{
	static const char *heads[] = {"一级指标", "分值", "得分", "得分率"};
	const jx_scoresheet *ss = &x->ss;
	char a[48], b[48], c[48];

	rp_table(w, 4, heads);
	for (size_t i = 0; i < ss->n; i++) {
		const jx_score_item *it = &ss->items[i];
		const char *row[4];
		if (it->kind == JX_ITEM_TOTAL || it->depth != 0)
			continue;
		row[0] = jx_xitem_name(it);
		row[1] = points(a, it->points);
		row[2] = score(b, it->score);
		row[3] = score_rate(c, it->score, it->points);
		rp_row(w, row);
	}
	{
		const char *row[4] = {"合计", points(a, ss->points), score(b, ss->total),
				      score_rate(c, ss->total, ss->points)};
		rp_row(w, row);
	}
	rp_table_end(w);
	if (jx_findings_unfilled(&x->findings) > 0)
		/* not a conclusion yet: the grade waits for what is unfilled */
		rp_paraf(w, "评价等级：%s，待填齐后评定；按已填内容计算，综合得分 %s 分。",
			 jx_grade_text(ss, jx_findings_unfilled(&x->findings), 0, c, sizeof c), score(a, ss->total));
	else
		rp_paraf(w, "经评价，该项目综合得分 %s 分，评价等级为“%s”。", score(a, ss->total),
			 ss->grade && ss->grade->grade ? ss->grade->grade : "—");
	if (ss->total != ss->total_raw && ss->text && ss->text[ss->total_expl])
		rp_para(w, ss->text + ss->total_expl);
}

/* Item i is a row of the analysis (a leaf that is not an empty slot). */
static int analysis_row(const jx_scoresheet *ss, size_t i)
{
	const jx_score_item *it = &ss->items[i];
	return !jx_xitem_has_children(ss, i) && !(it->kind == JX_ITEM_NODE && it->node && it->node->kind == JX_NODE_SLOT);
}

/* One 一级's table: its leaves with target, actual, points, score. */
static void analysis_table(rp *w, const jx_xsheet *x, size_t r, size_t end)
{
	static const char *heads[] = {"二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "计算说明"};
	const jx_scoresheet *ss = &x->ss;
	rp_table(w, 7, heads);
	for (size_t i = r; i < end; i++) {
		const jx_score_item *it = &ss->items[i];
		char p[48], sc[48];
		const char *row[7];
		mstr tgt, act;
		int l2 = -1;
		if (!analysis_row(ss, i))
			continue;
		for (int k = (int)i; k >= 0; k = ss->items[k].parent)
			if (ss->items[k].depth == 1)
				l2 = k;
		if (!mstr_open(&tgt) || !mstr_open(&act)) {
			w->oom = 1;
			return;
		}
		if (it->kind == JX_ITEM_IND && it->ind) {
			target_to(tgt.m, it->ind);
			actual_to(act.m, x->tpl, it->ind);
		} else {
			fputs("—", tgt.m);
			status_to(act.m, x, it);
		}
		row[0] = l2 >= 0 && l2 != (int)i ? jx_xitem_name(&ss->items[l2]) : (l2 == (int)i ? jx_xitem_name(it) : "—");
		row[1] = l2 == (int)i || i == r ? "—" : jx_xitem_name(it);
		row[2] = mstr_done(w, &tgt);
		row[3] = mstr_done(w, &act);
		row[4] = points(p, it->points);
		row[5] = score(sc, it->score);
		row[6] = ss->text ? ss->text + it->expl : "";
		rp_row(w, row);
		mstr_free(&tgt);
		mstr_free(&act);
	}
	rp_table_end(w);
}

/* The leaves of one 一级 that lost points, each with why. */
static void analysis_lost(rp *w, const jx_xsheet *x, size_t r, size_t end)
{
	const jx_scoresheet *ss = &x->ss;
	rp_para(w, "失分情况：");
	rp_list(w, 1);
	for (size_t i = r; i < end; i++) {
		const jx_score_item *it = &ss->items[i];
		char p[48], sc[48];
		mstr line;
		if (!analysis_row(ss, i) || it->score == JX_NONE || it->points == JX_NONE || it->score >= it->points)
			continue;
		if (!mstr_open(&line)) {
			w->oom = 1;
			return;
		}
		fprintf(line.m, "%s（分值 %s，得分 %s）：", jx_xitem_name(it), points(p, it->points), score(sc, it->score));
		if (it->kind == JX_ITEM_IND && it->ind) {
			fputs("年度指标值 ", line.m);
			target_to(line.m, it->ind);
			fputs("，实际完成值 ", line.m);
			actual_to(line.m, x->tpl, it->ind);
		} else {
			fputs("完成情况 ", line.m);
			status_to(line.m, x, it);
		}
		fputs("。原因：", line.m);
		if (reason_to(line.m, x, it)) {
			rp_item(w, mstr_done(w, &line));
		} else {
			char ask[512];
			snprintf(ask, sizeof ask, "%s的失分原因及改进措施", jx_xitem_name(it));
			rp_item_todo(w, mstr_done(w, &line), ask);
		}
		mstr_free(&line);
	}
	rp_list(w, 0);
}

/* Per 一级: its heading with points and score, how many of its indicators
 * met their target, its table, where points were lost. */
static void block_analysis(rp *w, const jx_xsheet *x, int level)
{
	const jx_scoresheet *ss = &x->ss;
	const char *outer = w->section;
	int sec = 0;
	for (size_t r = 0; r < ss->n; r++) {
		const jx_score_item *root = &ss->items[r];
		char head[512], a[48], b[48];
		size_t end = r + 1, rows = 0, lost = 0;
		if (root->kind == JX_ITEM_TOTAL || root->depth != 0)
			continue;
		while (end < ss->n && ss->items[end].depth > 0 && ss->items[end].kind != JX_ITEM_TOTAL)
			end++;
		for (size_t i = r; i < end; i++) {
			const jx_score_item *it = &ss->items[i];
			if (!analysis_row(ss, i))
				continue;
			rows++;
			if (it->score != JX_NONE && it->points != JX_NONE && it->score < it->points)
				lost++;
		}
		/* numbered as the level's headings are: （一） under 一、, 1. under （一） */
		if (level <= 3)
			snprintf(head, sizeof head, "（%s）%s（指标分值 %s 分，评价得分 %s 分）", cn_number(sec),
				 jx_xitem_name(root), points(a, root->points), score(b, root->score));
		else
			snprintf(head, sizeof head, "%d. %s（指标分值 %s 分，评价得分 %s 分）", sec + 1, jx_xitem_name(root),
				 points(a, root->points), score(b, root->score));
		sec++;
		rp_heading(w, level, head);
		w->section = head; /* the passages still to write below are listed under it */
		if (rows > 1)
			rp_paraf(w, "%s共设置 %zu 项指标，其中 %zu 项得满分，%zu 项失分。", jx_xitem_name(root), rows,
				 rows - lost, lost);
		analysis_table(w, x, r, end);
		if (lost)
			analysis_lost(w, x, r, end);
		else
			rp_para(w, "该类指标未失分。");
		w->section = outer;
	}
}

/* 附件 评价表: every item of the scoring sheet under its level. */
static void block_score_table(rp *w, const jx_xsheet *x)
{
	static const char *heads[] = {"一级指标", "二级指标", "三级指标", "分值", "得分"};
	const jx_scoresheet *ss = &x->ss;
	char a[48], b[48], g[JX_GRADE_TEXT_LEN > 64 ? JX_GRADE_TEXT_LEN : 64];
	rp_table(w, 5, heads);
	for (size_t i = 0; i < ss->n; i++) {
		const jx_score_item *it = &ss->items[i];
		const char *row[5] = {"", "", "", points(a, it->points), score(b, it->score)};
		if (it->kind == JX_ITEM_TOTAL || (!analysis_row(ss, i) && !jx_xitem_has_children(ss, i)))
			continue;
		row[it->depth < 2 ? it->depth : 2] = jx_xitem_name(it);
		rp_row(w, row);
	}
	{
		const char *row[5] = {"合计", "", "", points(a, ss->points), score(b, ss->total)};
		rp_row(w, row);
	}
	{
		const char *row[5] = {"评价等级", "", "", "",
				      jx_grade_text(ss, jx_findings_unfilled(&x->findings), 0, g, sizeof g)};
		rp_row(w, row);
	}
	rp_table_end(w);
}

/* ---- the outline ---- */

/* The sheet's text a field part names ("info.background"), or NULL. */
static const char *field_text(const jx_sheet *s, const char *field)
{
	if (strncmp(field, "info.", 5) == 0) {
		for (int i = 0; i < JX_INFO_COUNT; i++)
			if (strcmp(field + 5, jx_info_labels[i].key) == 0)
				return s->info[i];
	} else if (strncmp(field, "narr.", 5) == 0) {
		for (int i = 0; i < JX_NARR_COUNT; i++)
			if (strcmp(field + 5, jx_narr_labels[i].key) == 0)
				return s->narr[i];
	}
	return NULL;
}

static void block_out(rp *w, const jx_xsheet *x, const char *name, int level)
{
	int b = 0;
	while (jx_outline_blocks[b] && strcmp(jx_outline_blocks[b], name) != 0)
		b++;
	switch (b) {
	case JX_OB_BASIS: block_basis(w, x); break;
	case JX_OB_FUNDS: block_funds(w, x); break;
	case JX_OB_SUBPROJECTS: block_subprojects(w, x); break;
	case JX_OB_GOALS: block_goals(w, x); break;
	case JX_OB_SYSTEM: block_system(w, x); break;
	case JX_OB_SCORES: block_scores(w, x); break;
	case JX_OB_ANALYSIS: block_analysis(w, x, level); break;
	case JX_OB_SCORE_TABLE: block_score_table(w, x); break;
	default: break; /* the loader refuses an unknown block */
	}
}

/* One part of a section; `level` is the heading level a block's own
 * headings take (the analysis' 一级). */
static void part_out(rp *w, const jx_xsheet *x, const yd_node *part, int level)
{
	const yd_node *field = yd_get(part, "field"), *block = yd_get(part, "block"), *ask = yd_get(part, "ask");
	const yd_node *text = yd_get(part, "text"), *label = yd_get(part, "label");
	mstr lb, ab;
	const char *l = label ? fill(w, &lb, x, label->str) : NULL;
	const char *q = ask ? fill(w, &ab, x, ask->str) : NULL;
	if (field) {
		const char *v = field_text(x->sheet, field->str);
		if (v && *v && l) {
			mstr t;
			if (mstr_open(&t)) {
				fprintf(t.m, "%s：%s", l, v);
				rp_para(w, mstr_done(w, &t));
				mstr_free(&t);
			} else {
				w->oom = 1;
			}
		} else if (v && *v) {
			rp_para(w, v);
		} else {
			rp_todo(w, l, q ? q : l ? l : field->str);
		}
	} else if (block) {
		block_out(w, x, block->str, level);
	} else if (text) {
		mstr t;
		rp_para(w, fill(w, &t, x, text->str));
		mstr_free(&t);
	} else if (q) {
		rp_todo(w, NULL, q);
	}
	if (label)
		mstr_free(&lb);
	if (ask)
		mstr_free(&ab);
}

/* Sections at heading level `level` (2: 一、…; 3: （一）…; 4: 1. …). */
static void sections_out(rp *w, const jx_xsheet *x, const yd_node *list, int level)
{
	for (size_t i = 0; list && i < list->n; i++) {
		const yd_node *sec = list->items[i], *parts = yd_get(sec, "parts");
		mstr h;
		const char *head = fill(w, &h, x, yd_get(sec, "heading")->str);
		rp_heading(w, level, head);
		w->section = head;
		for (size_t k = 0; parts && k < parts->n; k++)
			part_out(w, x, parts->items[k], level + 1);
		sections_out(w, x, yd_get(sec, "sections"), level + 1);
		w->section = NULL;
		mstr_free(&h);
	}
}

/* The last appendix: what the checks found, for whoever completes the
 * draft; the report's body never carries it. */
static void findings_out(rp *w, const jx_xsheet *x)
{
	const jx_stated *st = jx_sheet_stated(x->sheet, "total");
	char a[48], b[48];
	rp_heading(w, 2, "附：审核提示（供填写人核对，提交前删除）");
	if (!x->findings.n && !(st && st->value != JX_NONE && st->value != x->ss.total)) {
		rp_para(w, "审核未发现问题。");
		return;
	}
	rp_list(w, 1);
	if (st && st->value != JX_NONE && st->value != x->ss.total) {
		mstr line;
		if (mstr_open(&line)) {
			fprintf(line.m, "原表填报总分 %s 分，与按评分规则计算的 %s 分不一致。", score(a, st->value),
				score(b, x->ss.total));
			rp_item(w, mstr_done(w, &line));
			mstr_free(&line);
		}
	}
	for (size_t i = 0; i < x->findings.n; i++) {
		mstr line;
		if (!mstr_open(&line)) {
			w->oom = 1;
			return;
		}
		fprintf(line.m, "〔%s〕%s %s", jx_severity_name(x->findings.v[i].sev), x->findings.v[i].code,
			jx_nz(x->findings.v[i].msg));
		rp_item(w, mstr_done(w, &line));
		mstr_free(&line);
	}
	rp_list(w, 0);
}

/* The title, the sheet's particulars, the passages still to write, then the
 * body (written first to memory, since the list at the top is known only
 * once the body is). */
static void report_one(rp *w, const jx_xsheet *x, const yd_node *outline)
{
	const jx_sheet *s = x->sheet;
	FILE *out = w->f;
	mstr title, line, body;

	if (!mstr_open(&body)) {
		w->oom = 1;
		return;
	}
	w->f = body.m;
	sections_out(w, x, yd_get(outline, "sections"), 2);
	sections_out(w, x, yd_get(outline, "appendices"), 2);
	findings_out(w, x);
	w->f = out;
	mstr_done(w, &body);

	if (w->html)
		fputs("<div class=\"page\">\n", w->f);
	rp_heading(w, 1, fill(w, &title, x, yd_get(outline, "title")->str));
	mstr_free(&title);
	if (!mstr_open(&line)) {
		w->oom = 1;
	} else {
		fprintf(line.m, "项目名称：%s\n主管部门：%s\n项目实施单位：%s\n评价年度：%d\n评价表：%s",
			text_or(s->info[JX_INFO_NAME], "—"), text_or(s->info[JX_INFO_DEPARTMENT], "—"),
			text_or(s->info[JX_INFO_UNIT], "—"), s->year, text_or(x->tpl->name, "—"));
		if (s->info[JX_INFO_EVALUATOR] && *s->info[JX_INFO_EVALUATOR])
			fprintf(line.m, "\n评价机构：%s", s->info[JX_INFO_EVALUATOR]);
		rp_para(w, mstr_done(w, &line));
		mstr_free(&line);
	}
	if (w->n_todo) {
		char head[160];
		snprintf(head, sizeof head, "待填写（%zu 处，文中以【请填写：…】标出）", w->n_todo);
		if (w->html)
			fputs("<div class=\"todo-list\">\n", w->f);
		rp_para(w, head);
		rp_list(w, 1);
		for (size_t i = 0; i < w->n_todo; i++)
			rp_item(w, w->todo[i]);
		rp_list(w, 0);
		if (w->html)
			fputs("</div>\n", w->f);
	}
	fwrite(jx_nz(body.s), 1, body.len, w->f);
	mstr_free(&body);
	todo_free(w);
	if (w->html)
		fputs("</div>\n", w->f);
}

static const char report_css[] =
	"h1 { font-size: 18pt; text-align: center; }\n"
	"h2 { font-size: 14pt; margin-top: 14pt; break-after: avoid; }\n"
	"h3, h4 { font-size: 12pt; break-after: avoid; }\n"
	"p { text-indent: 2em; line-height: 1.6; margin: 4pt 0; }\n"
	"table { margin: 6pt 0; }\n"
	"td { text-align: left; }\n"
	"tbody { page-break-inside: auto; break-inside: auto; }\n"
	"mark.todo { background: #ffeb3b; color: #000; font-weight: bold; }\n"
	"div.todo-list { border: 1pt solid #c00; padding: 4pt 8pt; margin: 6pt 0 12pt 0; }\n"
	"div.todo-list p { text-indent: 0; font-weight: bold; }\n";

/* The writer's state: the outlines, loaded once per export. */
typedef struct {
	jx_outlines outlines;
} report_state;

static int report_begin(jx_export_run *run, const jx_sheet *first, jx_err *err)
{
	report_state *st = calloc(1, sizeof *st);
	if (!st) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	run->w = st;
	return jx_outlines_load(&st->outlines, err);
}

static int report_sheet(jx_export_run *run, const jx_xsheet *x, size_t i, int html, jx_err *err)
{
	report_state *st = run->w;
	rp w = {.f = run->f, .html = html};
	const yd_node *outline = jx_outline_for(&st->outlines, jx_template_kind_words[x->tpl->kind]);
	if (!outline && x->tpl->kind == JX_KIND_PROJECT_DECLARATION) {
		/* a declaration states targets before the year: nothing has been
		 * evaluated yet, so there is no evaluation report to draft */
		jx_err_set(err, "绩效目标申报表没有评价报告；申报表请导出为 xlsx、CSV 或 HTML",
			   "a target declaration has no evaluation report; export it as xlsx, CSV or HTML");
		return -1;
	}
	if (!outline && x->tpl->kind == JX_KIND_PROJECT_MONITORING) {
		/* a monitoring table is a half-way snapshot with its lights: the
		 * evaluation report comes with the self-evaluation */
		jx_err_set(err, "绩效运行监控表没有评价报告；监控表请导出为 xlsx、CSV 或 HTML",
			   "a monitoring table has no evaluation report; export it as xlsx, CSV or HTML");
		return -1;
	}
	if (!outline) {
		jx_err_set(err, "没有适用于此类评价表的报告提纲：%s", "no report outline for this kind of sheet: %s",
			   jx_template_kind_words[x->tpl->kind]);
		return -1;
	}
	if (i && !html)
		fputs("\n---\n\n", run->f);
	report_one(&w, x, outline);
	todo_free(&w);
	if (w.oom) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	return 0;
}

static int report_end(jx_export_run *run, int rc, jx_err *err)
{
	report_state *st = run->w;
	if (st) {
		jx_outlines_free(&st->outlines);
		free(st);
		run->w = NULL;
	}
	return rc;
}

static int md_sheet(jx_export_run *run, const jx_xsheet *x, const jx_xform *form, size_t i, jx_err *err)
{
	return report_sheet(run, x, i, 0, err);
}

static int html_begin(jx_export_run *run, const jx_sheet *first, jx_err *err)
{
	jx_html_head(run->f, run->n == 1 && first->info[JX_INFO_NAME] ? first->info[JX_INFO_NAME] : "绩效评价报告",
		     "绩效评价报告（草稿）", report_css);
	return report_begin(run, first, err);
}

static int html_sheet(jx_export_run *run, const jx_xsheet *x, const jx_xform *form, size_t i, jx_err *err)
{
	return report_sheet(run, x, i, 1, err);
}

static int html_end(jx_export_run *run, int rc, jx_err *err)
{
	return jx_html_end(run, report_end(run, rc, err), err);
}

/* One report per sheet, no summary. */
const jx_export_ops jx_export_report_md_ops = {
	.fmt = JX_EXPORT_REPORT_MD, .name = "md", .ext = ".md", .text = 1,
	.begin = report_begin, .sheet = md_sheet, .end = report_end,
};

const jx_export_ops jx_export_report_html_ops = {
	.fmt = JX_EXPORT_REPORT_HTML, .name = "report-html", .ext = ".html", .text = 1,
	.begin = html_begin, .sheet = html_sheet, .end = html_end,
};
