/* Checks on what the sheet says in words: 10 "存在问题：无" despite lost
 * points, 11 process measures given as outputs, 12 text that names another
 * project, 14 missing essentials; with the blank and "none" tests. */
#include "checks_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* blanks and "none"                                                        */

int ck_blank(const char *s)
{
	return !jx_has_text(s);
}

/* "存在问题：无": empty, or only a word saying there is none. */
int ck_says_none(const char *s)
{
	static const char *const none_words[] = {"无", "没有", "暂无", "无问题", "没有问题", "暂无问题",
						 "不存在问题", "无明显问题", "None", "none", "N/A", "n/a"};
	static const char *const skip[] = {" ", "\t", "\n", "\r", "\xe3\x80\x80", "。", "．", ".", "，", ",",
					   "；", ";", "：", ":", "！", "!", "、", "-", "—", "/"};
	char buf[128];
	size_t n = 0;
	if (!s)
		return 1;
	while (*s) {
		size_t k, len = 0;
		/* only these bytes can start a skipped piece */
		if (!strchr(" \t\n\r.,;:!-/\xe3\xef\xe2", *s)) {
			if (n + 1 >= sizeof buf)
				return 0; /* long text: says something */
			buf[n++] = *s++;
			continue;
		}
		for (k = 0; k < sizeof skip / sizeof skip[0]; k++) {
			size_t l = strlen(skip[k]);
			if (strncmp(s, skip[k], l) == 0) {
				len = l;
				break;
			}
		}
		if (len) {
			s += len;
			continue;
		}
		if (n + 1 >= sizeof buf)
			return 0; /* long text: says something */
		buf[n++] = *s++;
	}
	buf[n] = 0;
	if (n == 0)
		return 1;
	for (size_t k = 0; k < sizeof none_words / sizeof none_words[0]; k++)
		if (strcmp(buf, none_words[k]) == 0)
			return 1;
	return 0;
}

int ck_starts_with(const char *s, const char *p)
{
	return s && strncmp(s, p, strlen(p)) == 0;
}

/* ------------------------------------------------------------------------ */
/* 10. "存在问题：无"                                                          */

void ck_check_problems_none(ck_ctx *c)
{
	char why[1200];
	size_t len = 0;
	size_t unmet = 0;
	const jx_indicator *first = NULL;
	const jx_score_item *total_it;
	ck_ratio e;
	const char *problems = c->s->narr[JX_NARR_PROBLEMS];
	if (!ck_says_none(problems))
		return;
	why[0] = 0;
	for (size_t i = 0; i < c->s->n_inds; i++) {
		const jx_indicator *d = &c->s->inds[i];
		if (ck_ind_unmet(d, ck_ind_item(c, d))) {
			if (!first)
				first = d;
			unmet++;
		}
	}
	if (first) {
		jx_dec comp = ck_ind_completion_pct(first, 2);
		if (comp != JX_NONE)
			len += (size_t)snprintf(why + len, sizeof why - len,
						L("%s 未达成目标（目标 %s，实际 %s，完成率 %s%%）",
						  "%s missed its target (target %s, actual %s, %s%% achieved)"),
						ck_ind_name(first), ck_num_unit(c, first->target, first->unit),
						ck_num_unit(c, first->actual, first->unit), ck_num2(c, comp));
		else
			len += (size_t)snprintf(why + len, sizeof why - len, L("%s 未达成目标", "%s missed its target"),
						ck_ind_name(first));
		if (unmet > 1 && len < sizeof why)
			len += (size_t)snprintf(why + len, sizeof why - len,
						L("，共 %zu 项指标未达成", ", %zu indicators missed in all"), unmet);
	}
	total_it = c->ss ? jx_score_find(c->ss, "total") : NULL;
	if (c->ss && c->ss->total != JX_NONE && c->ss->points != JX_NONE && c->ss->total < c->ss->points &&
	    !(total_it && (total_it->flags & JX_SF_INCOMPLETE)) && len < sizeof why)
		len += (size_t)snprintf(
			why + len, sizeof why - len, L("%s得分 %s 分，失分 %s 分", "%sscored %s, %s points lost"),
			len ? L("；", "; ") : "", ck_num(c, c->ss->total), ck_num(c, c->ss->points - c->ss->total));
	e = ck_exec_ratio(c);
	if (e.ok && e.num < e.den && len < sizeof why)
		len += (size_t)snprintf(why + len, sizeof why - len,
					L("%s预算执行率 %s%%", "%sbudget execution %s%%"), len ? L("；", "; ") : "",
					ck_num2(c, ck_pct(e, 2)));
	if (len == 0)
		return;
	ck_add(c, "W1001", "narr:problems", "存在的问题写作「%s」，但%s", "problems are given as \"%s\", yet %s",
	       ck_blank(problems) ? L("（空）", "(empty)") : problems, why);
}

/* ------------------------------------------------------------------------ */
/* 11. budget-process measures used as 产出 indicators                       */

void ck_check_output_measures(ck_ctx *c)
{
	static const char *const words[] = {"资金使用率", "拨付及时率", "预算执行率", "资金到位率", "支出进度",
					    "资金执行率", "支出率"};
	char path[160];
	for (size_t i = 0; i < c->s->n_inds; i++) {
		const jx_indicator *d = &c->s->inds[i];
		const jx_node *slot;
		if (!ck_starts_with(d->slot, "output.") || !d->name)
			continue;
		/* every word is "…率" or 支出进度 */
		if (!strstr(d->name, "率") && !strstr(d->name, "支出进度"))
			continue;
		for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
			if (strstr(d->name, words[k])) {
				slot = ck_tnode(c, d->slot);
				snprintf(path, sizeof path, "ind:%s:name", d->key);
				ck_add(c, "W1101", path, "%s（%s）是预算执行过程的指标，不应作为产出指标",
				       "%s (%s) measures the budget process, not an output", d->name,
				       slot ? ck_node_name(slot) : d->slot);
				break;
			}
	}
}

/* ------------------------------------------------------------------------ */
/* 12. text that names another project                                      */

/* CJK unified ideographs (all 3 bytes in UTF-8). */
static int cjk_at(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	unsigned cp;
	if ((u[0] & 0xf0) != 0xe0 || (u[1] & 0xc0) != 0x80 || (u[2] & 0xc0) != 0x80)
		return 0;
	cp = ((unsigned)(u[0] & 0x0f) << 12) | ((unsigned)(u[1] & 0x3f) << 6) | (u[2] & 0x3f);
	return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff);
}

/* Characters that end a name when reading backwards from 项目: function
 * words rarely found inside a project's name. */
static const char *const boundary_chars[] = {"的", "了", "是", "在", "对", "为", "和", "与", "及", "或", "等",
					     "将", "把", "被", "从", "向", "于", "其", "该", "此", "各", "些",
					     "都", "也", "并", "而", "且", "即", "之", "个", "有", "这", "那",
					     "我", "你", "他", "她", "它", "们", "但", "又", "再", "还", "每",
					     "已", "未", "不", "凡", "如", "若", "则", "因", "所"};
/* Words that end a name the same way (verbs taking 项目 as object, quantifiers). */
static const char *const boundary_words[] = {
	"推进", "推动", "加强", "加快", "开展", "实施", "完成", "组织", "做好", "确保", "结合", "支持", "申报",
	"落实", "督促", "协助", "协调", "帮助", "引进", "招引", "谋划", "跟踪", "监管", "指导", "审核", "审批",
	"通过", "根据", "按照", "关于", "对于", "由于", "以上", "以下", "以及", "其他", "其它", "全部", "部分",
	"很多", "许多", "大量", "相关", "各类", "各项", "一批", "一些", "本局", "本级", "单位", "当前", "目前",
	"同时", "其中", "包括", "涉及", "属于", "作为", "进行", "综合", "安排", "设立", "设置", "下设", "争取",
	"对接", "保障", "确定", "明确", "针对", "要求", "存在", "发现", "大力", "积极", "认真", "严格", "全面",
	"制定", "设定", "强化", "完善", "规范", "确认", "抓好", "全力", "优化", "细化", "健全", "建立", "加大",
	"提升", "提高", "做实", "做细", "梳理", "审查", "检查", "调度", "核实", "核定", "办理", "验收", "启动",
	"遴选", "评估", "论证", "立项", "征求", "补充", "修订", "跟进", "统计", "了解", "掌握", "监督", "考核",
	"整改", "反馈", "采取", "涵盖", "包含", "匹配", "配合", "参与", "承担", "负责", "主管", "实际", "各级",
	"上级", "下级", "市级", "县级", "省级", "区级", "用于", "投入", "新增", "争创", "打造", "聚焦", "围绕",
	"符合", "汇报", "报告", "上报", "报送", "审议", "研究", "决定", "批复"};
/* Words that make "…项目" generic when they come right before it. */
static const char *const generic_tail[] = {"二级", "重点", "重大", "子", "分", "同类", "建设", "在建", "新建",
					   "续建", "入库", "申报", "扶持", "工业", "招商", "投资", "民生", "试点",
					   "示范", "储备", "绩效", "评价", "评审", "专项", "资金", "经费", "工作",
					   "具体", "主要", "整体", "年度", "本年", "上年", "各", "该", "本", "此"};
/* Leading characters left over from a date ("2024年…"). */
static const char *const leading_strip[] = {"年", "月", "日", "度", "号", "届", "期"};

/* Characters that, right before 项目, refer to a project rather than name one. */
static const char *const referring_chars[] = {"本", "该", "此", "这", "那", "其", "各", "每"};

static int refers_at(const char *p)
{
	for (size_t k = 0; k < sizeof referring_chars / sizeof referring_chars[0]; k++)
		if (memcmp(p, referring_chars[k], 3) == 0)
			return 1;
	return 0;
}

#define RUN_MAX 48 /* characters looked at before 项目 */

static int ends_with_at(const char *start, const char *end, const char *w)
{
	size_t l = strlen(w);
	return (size_t)(end - start) >= l && memcmp(end - l, w, l) == 0;
}

/* Does the run share a two-character sequence with text? */
static int shares_bigram(const char *run, const char *end, const char *text)
{
	char bi[7];
	if (!text)
		return 0;
	for (const char *p = run; p + 6 <= end; p += 3) {
		memcpy(bi, p, 6);
		bi[6] = 0;
		if (strstr(text, bi))
			return 1;
	}
	return 0;
}

static int contains_run(const char *text, const char *run, const char *end)
{
	char needle[RUN_MAX * 3 + 1];
	size_t n = (size_t)(end - run);
	if (!text || n == 0 || n >= sizeof needle)
		return 0;
	memcpy(needle, run, n);
	needle[n] = 0;
	return strstr(text, needle) != NULL;
}

/* Is [run, end) a name of this sheet itself: in its project description (the
 * parts of the project are named there), a sub-project, an indicator, a basis
 * document? */
static int own_name(const ck_ctx *c, const char *run, const char *end)
{
	const jx_sheet *s = c->s;
	static const int own_info[] = {JX_INFO_NAME,       JX_INFO_UNIT,    JX_INFO_DEPARTMENT,
				       JX_INFO_BACKGROUND, JX_INFO_CONTENT, JX_INFO_IMPLEMENTATION};
	for (size_t i = 0; i < sizeof own_info / sizeof own_info[0]; i++)
		if (contains_run(s->info[own_info[i]], run, end))
			return 1;
	for (size_t i = 0; i < s->n_subs; i++)
		if (contains_run(s->subs[i].name, run, end))
			return 1;
	for (size_t i = 0; i < s->n_inds; i++)
		if (contains_run(s->inds[i].name, run, end) || contains_run(s->inds[i].subproject, run, end))
			return 1;
	for (size_t i = 0; i < s->n_basis; i++)
		if (contains_run(s->basis[i], run, end))
			return 1;
	return 0;
}

typedef struct {
	char **v;
	size_t n, cap;
} strset;

static int strset_has(const strset *set, const char *p, size_t n)
{
	for (size_t i = 0; i < set->n; i++)
		if (strlen(set->v[i]) == n && memcmp(set->v[i], p, n) == 0)
			return 1;
	return 0;
}

static int strset_add(strset *set, const char *p, size_t n)
{
	char *d;
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 8;
		char **v = realloc(set->v, cap * sizeof *v);
		if (!v)
			return -1;
		set->v = v;
		set->cap = cap;
	}
	d = malloc(n + 1);
	if (!d)
		return -1;
	memcpy(d, p, n);
	d[n] = 0;
	set->v[set->n++] = d;
	return 0;
}

static void strset_free(strset *set)
{
	for (size_t i = 0; i < set->n; i++)
		free(set->v[i]);
	free(set->v);
}

static void scan_other_projects(ck_ctx *c, const char *text, const char *path, strset *seen)
{
	static const char marker[] = "项目";
	const char *name = c->s->info[JX_INFO_NAME];
	const char *p, *scanned = text;
	int in_title = 0;
	if (!text)
		return;
	for (p = strstr(text, marker); p; p = strstr(p + 1, marker)) {
		const char *start = p, *core_end;
		size_t nchars = 0, k;
		int cut;
		/* inside 《…》 it is a document's title, not a project */
		for (; scanned < p; scanned++) {
			if (strncmp(scanned, "《", 3) == 0)
				in_title = 1;
			else if (strncmp(scanned, "》", 3) == 0)
				in_title = 0;
		}
		if (in_title)
			continue;
		/* 本项目, 该项目, 此项目 …: the sheet's own project referred to
		 * inside a sentence ("按合同约定支付本项目尾款"), not a name */
		if (p - text >= 3 && refers_at(p - 3))
			continue;
		/* the run of CJK characters right before 项目 */
		while (start - text >= 3 && nchars < RUN_MAX && cjk_at(start - 3)) {
			start -= 3;
			nchars++;
		}
		/* keep only what follows the last boundary character or word */
		do {
			cut = 0;
			for (const char *q = p; q > start; q -= 3) {
				for (k = 0; k < sizeof boundary_chars / sizeof boundary_chars[0]; k++)
					if (memcmp(q - 3, boundary_chars[k], 3) == 0) {
						start = q;
						cut = 1;
						break;
					}
				if (cut)
					break;
				for (k = 0; k < sizeof boundary_words / sizeof boundary_words[0]; k++)
					if (ends_with_at(start, q, boundary_words[k])) {
						start = q;
						cut = 1;
						break;
					}
				if (cut)
					break;
			}
		} while (0);
		for (int again = 1; again && start < p;) {
			again = 0;
			for (k = 0; k < sizeof leading_strip / sizeof leading_strip[0]; k++)
				if (memcmp(start, leading_strip[k], 3) == 0) {
					start += 3;
					again = 1;
					break;
				}
		}
		/* the core: the run without generic words right before 项目 */
		core_end = p;
		for (int again = 1; again && core_end > start;) {
			again = 0;
			for (k = 0; k < sizeof generic_tail / sizeof generic_tail[0]; k++)
				if (ends_with_at(start, core_end, generic_tail[k])) {
					core_end -= strlen(generic_tail[k]);
					again = 1;
					break;
				}
		}
		if ((core_end - start) / 3 < 4)
			continue;
		if (shares_bigram(start, core_end, name) || own_name(c, start, core_end))
			continue;
		if (strset_has(seen, start, (size_t)(p + 6 - start)))
			continue;
		strset_add(seen, start, (size_t)(p + 6 - start));
		ck_add(c, "W1201", path, "文中提到「%.*s」，与本项目「%s」无关，可能是其他项目的内容",
		       "the text mentions \"%.*s\", which is not this project (\"%s\"): text from another report?",
		       (int)(p + 6 - start), start, name);
	}
}

static void stated_item_path(const char *spath, char *buf, size_t len)
{
	char key[128];
	const char *col;
	if (ck_split_stated(spath, "node:", key, sizeof key, &col))
		snprintf(buf, len, "node:%s", key);
	else if (ck_split_stated(spath, "ind:", key, sizeof key, &col))
		snprintf(buf, len, "ind:%s", key);
	else if (ck_starts_with(spath, "execution"))
		snprintf(buf, len, "execution");
	else if (ck_starts_with(spath, "funds:"))
		snprintf(buf, len, "funds:received");
	else
		snprintf(buf, len, "total");
}

void ck_check_other_projects(ck_ctx *c)
{
	const jx_sheet *s = c->s;
	strset seen = {NULL, 0, 0};
	char path[200];
	if (ck_blank(s->info[JX_INFO_NAME]))
		return; /* nothing to compare with: I1401 */
	for (int i = 0; i < JX_NARR_COUNT; i++) {
		snprintf(path, sizeof path, "narr:%s", jx_narr_labels[i].key);
		scan_other_projects(c, s->narr[i], path, &seen);
	}
	for (size_t i = 0; i < s->n_goals; i++) {
		snprintf(path, sizeof path, "goal:%zu:planned", i);
		scan_other_projects(c, s->goals[i].planned, path, &seen);
		snprintf(path, sizeof path, "goal:%zu:actual", i);
		scan_other_projects(c, s->goals[i].actual, path, &seen);
	}
	for (size_t i = 0; i < s->n_stated; i++) {
		stated_item_path(s->stated[i].path, path, sizeof path);
		scan_other_projects(c, s->stated[i].text, path, &seen);
	}
	for (size_t i = 0; i < s->n_entries; i++) {
		snprintf(path, sizeof path, "entry:%s:note", s->entries[i].node ? s->entries[i].node : "");
		scan_other_projects(c, s->entries[i].note, path, &seen);
	}
	strset_free(&seen);
}

/* ------------------------------------------------------------------------ */
/* 14. missing essentials                                                   */

/* I1407: an indicator printed as not applicable (/, 不适用), and what the
 * template does with its points. */
static void not_applicable(ck_ctx *c, const jx_indicator *d)
{
	char path[200], moved[300];
	const char *how;
	const jx_node *to;
	snprintf(path, sizeof path, "ind:%s:%s", d->key, jx_has_text(d->actual_text) ? "actual_text" : "target_text");
	if (d->points == JX_NONE || d->points == 0 || !c->t)
		how = L("不计分", "not scored");
	else if (c->t->rules.not_applicable == JX_NA_FULL)
		how = L("按满分计", "counted as full points");
	else if (c->t->rules.not_applicable == JX_NA_MOVE && (to = ck_tnode(c, c->t->rules.na_move_to))) {
		snprintf(moved, sizeof moved, L("分值移至“%s”，该项按比例折算", "its points moved to \"%s\", rescaled there"),
			 ck_node_name(to));
		how = moved;
	} else
		how = L("分值不计，所在类别按比例折算到其分值", "its points left out, its category rescaled to its weight");
	if (d->points != JX_NONE && d->points > 0)
		ck_add(c, "I1407", path, "%s：不适用（分值 %s 分），%s", "%s: not applicable (worth %s), %s", ck_ind_name(d),
		       ck_num(c, d->points), how);
	else
		ck_add(c, "I1407", path, "%s：不适用，%s", "%s: not applicable, %s", ck_ind_name(d), how);
}

void ck_check_essentials(ck_ctx *c)
{
	const jx_sheet *s = c->s;
	char path[200];
	if (ck_blank(s->info[JX_INFO_NAME]))
		ck_add(c, "I1401", "info:name", "项目名称未填写", "the project name is missing");
	if (s->year <= 0)
		ck_add(c, "I1402", "year", "评价年度未填写", "the evaluation year is missing");
	for (size_t i = 0; i < s->n_inds; i++) {
		const jx_indicator *d = &s->inds[i];
		if (jx_ind_not_applicable(d)) {
			not_applicable(c, d);
			continue;
		}
		if (d->points == JX_NONE) {
			snprintf(path, sizeof path, "ind:%s:points", d->key);
			ck_add(c, "I1403", path, "%s：分值未填写", "%s: points are missing", ck_ind_name(d));
		}
	}
	if (!c->t)
		return;
	/* A slot worth fixed points with no indicator; or a group worth points
	 * whose slots (without points of their own) are all empty — said once for
	 * the group rather than for each of its categories. */
	for (size_t i = 0; i < c->t->n_all; i++) {
		const jx_node *n = c->t->all[i];
		if (c->ss && c->ss->goal_blocks && jx_goal_blocks_replace(c->t, n))
			continue; /* the goals stand for it (check 20) */
		if (n->kind == JX_NODE_SLOT && n->points != JX_NONE && n->points > 0 && ck_slot_count(c, n->key) == 0) {
			snprintf(path, sizeof path, "node:%s", n->key);
			ck_add(c, "I1404", path, "%s：分值 %s 分，尚无指标", "%s: worth %s points, no indicator yet",
			       ck_node_name(n), ck_num(c, n->points));
		} else if (n->kind == JX_NODE_GROUP && n->points != JX_NONE && n->points > 0 && n->n_children > 0) {
			char names[600];
			size_t len = 0;
			int all_empty_slots = 1;
			names[0] = 0;
			for (size_t k = 0; k < n->n_children; k++) {
				const jx_node *ch = n->children[k];
				if (ch->kind != JX_NODE_SLOT || ch->points != JX_NONE ||
				    ck_slot_count(c, ch->key) > 0) {
					all_empty_slots = 0;
					break;
				}
				if (len < sizeof names)
					len += (size_t)snprintf(names + len, sizeof names - len, "%s%s",
								k ? L("、", ", ") : "", ck_node_name(ch));
			}
			if (!all_empty_slots)
				continue;
			ck_utf8_fix_tail(names);
			snprintf(path, sizeof path, "node:%s", n->key);
			ck_add(c, "I1404", path, "%s：分值 %s 分，尚无指标（%s）",
			       "%s: worth %s points, no indicator yet (%s)", ck_node_name(n), ck_num(c, n->points),
			       names);
		}
	}
	for (size_t i = 0; i < s->n_inds; i++) {
		const jx_indicator *d = &s->inds[i];
		const jx_node *n = d->slot ? ck_ind_slot_node(c, d) : NULL;
		if (n && n->kind == JX_NODE_SLOT)
			continue;
		snprintf(path, sizeof path, "ind:%s:slot", d->key);
		ck_add(c, "W1405", path, "%s：所在类别「%s」不是模板「%s」中的指标类别，不计分",
		       "%s: category \"%s\" is not an indicator category of template \"%s\"; not scored",
		       ck_ind_name(d), d->slot ? d->slot : "", c->t->id ? c->t->id : "");
	}
	for (size_t i = 0; i < s->n_stated; i++) {
		const jx_stated *st = &s->stated[i];
		char key[128];
		const char *col;
		int known = 1;
		if (!st->path)
			continue;
		if (ck_split_stated(st->path, "node:", key, sizeof key, &col))
			known = ck_tnode(c, key) != NULL;
		else if (ck_split_stated(st->path, "ind:", key, sizeof key, &col))
			known = ck_sheet_ind(c, key) != NULL;
		else if (ck_split_stated(st->path, "goal:", key, sizeof key, &col))
			known = c->ss && c->ss->goal_blocks && ck_item(c, "goal:", key) != NULL;
		else
			known = strcmp(st->path, "total") == 0 || strcmp(st->path, "grade") == 0 ||
				strcmp(st->path, "execution:rate") == 0 || strcmp(st->path, "funds:received_rate") == 0;
		if (!known)
			ck_add(c, "I1406", st->path, "文中数字「%s」%s 对应的项目在本表中不存在，无法核对",
			       "the stated figure \"%s\"%s refers to nothing in this sheet and cannot be checked",
			       st->path, ck_src_note(c, st));
	}
}

/* ------------------------------------------------------------------------ */
/* 16. length limits                                                        */

/* W1601 for the text at path when it is longer than the template allows
 * there (the first limit whose field matches, as typing is held to). */
static void length_of(ck_ctx *c, const char *path)
{
	char label[200], *text;
	size_t n;
	int max = jx_template_length_limit(c->t, path);
	if (max <= 0)
		return;
	/* two limits on one field (goal:*:actual, goal:0:actual): said once */
	for (size_t i = 0; i < c->out->n; i++)
		if (strcmp(c->out->v[i].code, "W1601") == 0 && strcmp(c->out->v[i].path, path) == 0)
			return;
	if (!(text = ck_field_text(c, path)))
		return;
	if ((n = jx_text_chars(text)) > (size_t)max)
		ck_add(c, "W1601", path, "%s：%zu 字，超过模板规定的 %d 字", "%s: %zu characters, more than the %d the template allows",
		       ck_field_label(c, path, label, sizeof label), n, max);
	free(text);
}

/* The limit's field with its "*" (any row) replaced by row. */
static void expand(const char *pattern, const char *row, char *buf, size_t len)
{
	const char *star = strchr(pattern, '*');
	if (!star)
		snprintf(buf, len, "%s", pattern);
	else
		snprintf(buf, len, "%.*s%s%s", (int)(star - pattern), pattern, row, star + 1);
}

/* Every text of the sheet a limit covers, in the order of the limits, then
 * of the rows. */
void ck_check_lengths(ck_ctx *c)
{
	const jx_sheet *s = c->s;
	char path[300], row[32];
	for (size_t i = 0; i < c->t->rules.n_limits; i++) {
		const char *f = c->t->rules.limits[i].field;
		if (!strchr(f, '*')) {
			length_of(c, f);
		} else if (ck_starts_with(f, "ind:")) {
			for (size_t k = 0; k < s->n_inds; k++) {
				expand(f, s->inds[k].key ? s->inds[k].key : "", path, sizeof path);
				length_of(c, path);
			}
		} else if (ck_starts_with(f, "fund:")) {
			for (size_t k = 0; k < s->n_funds; k++) {
				expand(f, s->funds[k].source ? s->funds[k].source : "", path, sizeof path);
				length_of(c, path);
			}
		} else if (ck_starts_with(f, "entry:")) {
			for (size_t k = 0; k < s->n_entries; k++) {
				expand(f, s->entries[k].node ? s->entries[k].node : "", path, sizeof path);
				length_of(c, path);
			}
		} else {
			/* rows by number: goals, sub-projects, 立项依据 */
			size_t rows = ck_starts_with(f, "goal:") ? s->n_goals
				      : ck_starts_with(f, "sub:") ? s->n_subs
				      : ck_starts_with(f, "basis:") ? s->n_basis : 0;
			for (size_t k = 0; k < rows; k++) {
				snprintf(row, sizeof row, "%zu", k);
				expand(f, row, path, sizeof path);
				length_of(c, path);
			}
		}
	}
}
