/* Report draft (Markdown or HTML) in the sections evaluation reports use:
 * 一、基本情况 · 二、评价结论 · 三、绩效指标分析 · 四、存在的问题 ·
 * 五、有关建议 · 六、其他需要说明的问题.
 * Every number is the engine's (scores, rates, totals, grade) or the
 * sheet's own (amounts, targets, actuals); the text comes from the sheet's
 * info and narrative fields. */
#include "export_ops.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "textwidth.h"
#include "strutil.h"

typedef struct {
	FILE *f;
	int html;
	int ncols; /* open table */
	int oom;
} rp;

/* Markdown: characters that would start markup are escaped; a newline in a
 * table cell becomes <br>. */
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
			fputs(in_table ? "<br>" : "\n\n", w->f);
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
static void rp_cells(rp *w, const char *const *cells, int head)
{
	if (w->html) {
		fputs("<tr>", w->f);
		for (int i = 0; i < w->ncols; i++) {
			fputs(head ? "<th>" : "<td>", w->f);
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
	if (w->html)
		fputs("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\">\n", w->f);
	rp_cells(w, heads, 1);
	if (!w->html) {
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
	fputs(w->html ? "</table>\n" : "\n", w->f);
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
 * for a manual score its note; else "未说明原因". */
static void reason_to(FILE *m, const jx_xsheet *x, const jx_score_item *it)
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
	if (ftell(m) == start)
		fputs("未说明原因", m);
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

/* ---- sections ---- */

static void section_basics(rp *w, const jx_xsheet *x)
{
	const jx_sheet *s = x->sheet;
	const jx_scoresheet *ss = &x->ss;
	jx_fund_totals ft = jx_sheet_fund_totals(s);
	char a[48], b[48], c[48], d[48], e[48];
	int any = 0;

	rp_heading(w, 2, "一、基本情况");
	rp_heading(w, 3, "（一）项目概况");
	any += rp_labelled(w, "项目背景：", s->info[JX_INFO_BACKGROUND]);
	any += rp_labelled(w, "主要内容：", s->info[JX_INFO_CONTENT]);
	any += rp_labelled(w, "实施情况：", s->info[JX_INFO_IMPLEMENTATION]);
	if (!any)
		rp_para(w, "（未填写）");
	if (s->n_basis) {
		rp_para(w, "立项依据：");
		rp_list(w, 1);
		for (size_t i = 0; i < s->n_basis; i++)
			rp_item(w, s->basis[i]);
		rp_list(w, 0);
	}

	rp_heading(w, 3, "（二）资金投入和使用情况");
	if (s->n_funds) {
		static const char *heads[] = {"资金来源", "年初预算数（万元）", "全年预算数（万元）", "实际到位（万元）",
					      "全年执行数（万元）"};
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
	{
		char line[1024];
		size_t o = 0;
		line[0] = '\0';
		if (ft.budget != JX_NONE)
			o += (size_t)snprintf(line + o, sizeof line - o, "全年预算数 %s 万元，", money(a, ft.budget));
		if (ft.received != JX_NONE)
			o += (size_t)snprintf(line + o, sizeof line - o, "实际到位 %s 万元，", money(b, ft.received));
		if (ft.spent != JX_NONE)
			o += (size_t)snprintf(line + o, sizeof line - o, "全年执行数 %s 万元，", money(c, ft.spent));
		if (ss->exec_rate != JX_NONE)
			o += (size_t)snprintf(line + o, sizeof line - o, "预算执行率 %s", percent(d, ss->exec_rate));
		if (ss->received_rate != JX_NONE)
			o += (size_t)snprintf(line + o, sizeof line - o, "%s资金到位率 %s", ss->exec_rate != JX_NONE ? "，" : "",
					      percent(e, ss->received_rate));
		if (o) {
			/* end the sentence: drop a trailing "，" */
			size_t n = strlen(line), cl = strlen("，");
			if (n >= cl && strcmp(line + n - cl, "，") == 0)
				line[n - cl] = '\0';
			strncat(line, "。", sizeof line - strlen(line) - 1);
			rp_para(w, line);
		} else {
			rp_para(w, "（未填写资金情况）");
		}
	}
	for (size_t i = 0; i < ss->n; i++) {
		const jx_score_item *it = &ss->items[i];
		if (it->kind == JX_ITEM_NODE && it->node && it->node->execution && ss->text && ss->text[it->expl])
			rp_paraf(w, "%s：%s", jx_xitem_name(it), ss->text + it->expl);
	}
	if (s->n_subs) {
		static const char *heads[] = {"序号", "二级项目", "预算金额（万元）", "实际支出金额（万元）"};
		rp_table(w, 4, heads);
		for (size_t i = 0; i < s->n_subs; i++) {
			char no[24];
			const char *row[4];
			snprintf(no, sizeof no, "%zu", i + 1);
			row[0] = no;
			row[1] = text_or(s->subs[i].name, "—");
			row[2] = money(a, s->subs[i].budget);
			row[3] = money(b, s->subs[i].spent);
			rp_row(w, row);
		}
		{
			/* 合计: sums of the amounts shown (a column with no amount stays empty) */
			jx_dec tb = JX_NONE, ts = JX_NONE;
			const char *row[4];
			for (size_t i = 0; i < s->n_subs; i++) {
				tb = jx_add(tb, s->subs[i].budget);
				ts = jx_add(ts, s->subs[i].spent);
			}
			row[0] = "合计";
			row[1] = "";
			row[2] = money(a, tb);
			row[3] = money(b, ts);
			rp_row(w, row);
		}
		rp_table_end(w);
	}

	rp_heading(w, 3, "（三）绩效目标");
	if (!s->n_goals)
		rp_para(w, "（未填写）");
	for (size_t i = 0; i < s->n_goals; i++) {
		rp_labelled(w, "预期目标：", text_or(s->goals[i].planned, "（未填写）"));
		rp_labelled(w, "实际完成情况：", text_or(s->goals[i].actual, "（未填写）"));
	}
	if (s->narr[JX_NARR_EXPERIENCE] && *s->narr[JX_NARR_EXPERIENCE]) {
		rp_heading(w, 3, "（四）主要经验及做法");
		rp_para(w, s->narr[JX_NARR_EXPERIENCE]);
	}
}

static void section_conclusion(rp *w, const jx_xsheet *x)
{
	static const char *heads[] = {"一级指标", "分值", "得分", "得分率"};
	const jx_scoresheet *ss = &x->ss;
	const jx_stated *st;
	char a[48], b[48], c[48];

	rp_heading(w, 2, "二、评价结论");
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
	st = jx_sheet_stated(x->sheet, "total");
	if (st && st->value != JX_NONE && st->value != ss->total)
		rp_paraf(w, "（原表填报总分 %s 分，与按评分规则计算的 %s 分不一致。）", score(a, st->value),
			 score(b, ss->total));
}

static void section_indicators(rp *w, const jx_xsheet *x)
{
	static const char *heads[] = {"二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "计算说明"};
	const jx_scoresheet *ss = &x->ss;
	int sec = 0;

	rp_heading(w, 2, "三、绩效指标分析");
	for (size_t r = 0; r < ss->n; r++) {
		const jx_score_item *root = &ss->items[r];
		char head[512], a[48], b[48];
		size_t end = r + 1, lost = 0;
		if (root->kind == JX_ITEM_TOTAL || root->depth != 0)
			continue;
		while (end < ss->n && ss->items[end].depth > 0 && ss->items[end].kind != JX_ITEM_TOTAL)
			end++;
		snprintf(head, sizeof head, "（%s）%s（分值 %s，得分 %s）", cn_number(sec++), jx_xitem_name(root),
			 points(a, root->points), score(b, root->score));
		rp_heading(w, 3, head);
		rp_table(w, 7, heads);
		for (size_t i = r; i < end; i++) {
			const jx_score_item *it = &ss->items[i];
			char p[48], sc[48];
			const char *row[7];
			mstr tgt, act;
			int l2 = -1;
			if (jx_xitem_has_children(ss, i) ||
			    (it->kind == JX_ITEM_NODE && it->node && it->node->kind == JX_NODE_SLOT))
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
			row[1] = l2 == (int)i || (int)i == (int)r ? "—" : jx_xitem_name(it);
			row[2] = mstr_done(w, &tgt);
			row[3] = mstr_done(w, &act);
			row[4] = points(p, it->points);
			row[5] = score(sc, it->score);
			row[6] = ss->text ? ss->text + it->expl : "";
			rp_row(w, row);
			mstr_free(&tgt);
			mstr_free(&act);
			if (it->score != JX_NONE && it->points != JX_NONE && it->score < it->points)
				lost++;
		}
		rp_table_end(w);
		if (!lost) {
			rp_para(w, "该类指标未失分。");
			continue;
		}
		rp_para(w, "失分情况：");
		rp_list(w, 1);
		for (size_t i = r; i < end; i++) {
			const jx_score_item *it = &ss->items[i];
			char p[48], sc[48];
			mstr line;
			if (jx_xitem_has_children(ss, i) || it->score == JX_NONE || it->points == JX_NONE || it->score >= it->points)
				continue;
			if (it->kind == JX_ITEM_NODE && it->node && it->node->kind == JX_NODE_SLOT)
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
			reason_to(line.m, x, it);
			rp_item(w, mstr_done(w, &line));
			mstr_free(&line);
		}
		rp_list(w, 0);
	}
}

static void section_narrative(rp *w, const jx_xsheet *x)
{
	const jx_sheet *s = x->sheet;
	rp_heading(w, 2, "四、存在的问题");
	rp_para(w, text_or(s->narr[JX_NARR_PROBLEMS], "（未填写）"));
	if (x->findings.n) {
		rp_para(w, "审核检查提示：");
		rp_list(w, 1);
		for (size_t i = 0; i < x->findings.n; i++) {
			mstr line;
			if (!mstr_open(&line)) {
				w->oom = 1;
				return;
			}
			fprintf(line.m, "〔%s〕%s", jx_severity_name(x->findings.v[i].sev),
				jx_nz(x->findings.v[i].msg));
			rp_item(w, mstr_done(w, &line));
			mstr_free(&line);
		}
		rp_list(w, 0);
	}
	rp_heading(w, 2, "五、有关建议");
	rp_para(w, text_or(s->narr[JX_NARR_SUGGESTIONS], "（未填写）"));
	rp_heading(w, 2, "六、其他需要说明的问题");
	rp_para(w, text_or(s->narr[JX_NARR_OTHER], "无"));
}

static void report_one(rp *w, const jx_xsheet *x)
{
	const jx_sheet *s = x->sheet;
	mstr title, line;

	if (!mstr_open(&title) || !mstr_open(&line)) {
		w->oom = 1;
		return;
	}
	fprintf(title.m, "%s绩效评价报告（草稿）", text_or(s->info[JX_INFO_NAME], "项目"));
	fprintf(line.m, "项目名称：%s\n主管部门：%s\n项目实施单位：%s\n评价年度：%d\n评价表：%s",
		text_or(s->info[JX_INFO_NAME], "—"), text_or(s->info[JX_INFO_DEPARTMENT], "—"),
		text_or(s->info[JX_INFO_UNIT], "—"), s->year, text_or(x->tpl->name, "—"));
	if (w->html)
		fputs("<div class=\"page\">\n", w->f);
	rp_heading(w, 1, mstr_done(w, &title));
	rp_para(w, mstr_done(w, &line));
	mstr_free(&title);
	mstr_free(&line);
	if (s->info[JX_INFO_EVALUATOR])
		rp_labelled(w, "评价机构：", s->info[JX_INFO_EVALUATOR]);
	section_basics(w, x);
	section_conclusion(w, x);
	section_indicators(w, x);
	section_narrative(w, x);
	if (w->html)
		fputs("</div>\n", w->f);
}

static const char report_css[] =
	"h1 { font-size: 18pt; text-align: center; }\n"
	"h2 { font-size: 14pt; margin-top: 14pt; }\n"
	"h3 { font-size: 12pt; }\n"
	"p { text-indent: 2em; line-height: 1.6; margin: 4pt 0; }\n"
	"table { margin: 6pt 0; }\n"
	"td { text-align: left; }\n";

static int report_sheet(jx_export_run *run, const jx_xsheet *x, size_t i, int html, jx_err *err)
{
	rp w = {.f = run->f, .html = html};
	if (i && !html)
		fputs("\n---\n\n", run->f);
	report_one(&w, x);
	if (w.oom) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	return 0;
}

static int md_sheet(jx_export_run *run, const jx_xsheet *x, const jx_xform *form, size_t i, jx_err *err)
{
	return report_sheet(run, x, i, 0, err);
}

static int html_begin(jx_export_run *run, const jx_sheet *first, jx_err *err)
{
	jx_html_head(run->f, run->n == 1 && first->info[JX_INFO_NAME] ? first->info[JX_INFO_NAME] : "绩效评价报告",
		     "绩效评价报告（草稿）", report_css);
	return 0;
}

static int html_sheet(jx_export_run *run, const jx_xsheet *x, const jx_xform *form, size_t i, jx_err *err)
{
	return report_sheet(run, x, i, 1, err);
}

/* One report per sheet, no summary. */
const jx_export_ops jx_export_report_md_ops = {
	.fmt = JX_EXPORT_REPORT_MD, .name = "md", .ext = ".md", .text = 1,
	.sheet = md_sheet,
};

const jx_export_ops jx_export_report_html_ops = {
	.fmt = JX_EXPORT_REPORT_HTML, .name = "report-html", .ext = ".html", .text = 1,
	.begin = html_begin, .sheet = html_sheet, .end = jx_html_end,
};
