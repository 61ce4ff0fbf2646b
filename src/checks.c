/* Checks a sheet as a careful reviewer would (share/rules.md §4).
 *
 * Every finding has a stable code: the letter is its severity (E error,
 * W warning, I info), the digits are the check number × 100 + a running
 * number.  share/checks.md documents each one (meaning, severity, examples).
 *
 * code   sev   path                                what / Chinese message pattern
 * ---- 1. weights
 * E101   error node:<key>                          points ≠ the sum below (group: children; slot with
 *                                                  fixed points: its indicators; checklist: 评价要点)
 *              「<节点>：分值 <P> 分，下级各项分值合计 <S> 分」 / 「…所列指标分值合计…」 / 「…评价要点分值合计…」
 * E102   error total                               the 一级 points do not add up to the template's total
 *              「一级指标分值合计 <S> 分，应为 <T> 分」
 * W103   warn  node:<key>                          a stated 分值 differs from the template's (or the sum)
 *              「<节点>：文中分值 <V> 分（<出处>），模板分值 <P> 分[，下级各项分值合计 <S> 分]」
 * ---- 2. stated scores
 * W201   warn  node:<key>                          a stated score/subtotal ≠ the recomputed one
 *              「<节点>：文中得分 <V> 分（<出处>），各项得分合计 <S> 分」 / 「…重新计算为 <S> 分」
 * W202   warn  ind:<key>:score_stated | ind:<key>  a stated indicator score ≠ the recomputed one
 *              「<指标>：文中得分 <V> 分，重新计算为 <S> 分」
 * W203   warn  total                               stated total ≠ recomputed total
 *              「总分：文中 <V> 分（<出处>），重新计算为 <S> 分」
 * W204   warn  ind:<key>:score_stated | ind:<key>  a stated score on an indicator that cannot be scored
 *              「<指标>：文中得分 <V> 分，但本指标无法计分（<原因>），无从核对」
 * W205   warn  total                               stated total = sum of the stated scores ≠ recomputed
 *              「总分：文中 <V> 分，等于各项文中得分之和，而重新计算为 <S> 分；得分不同的项目：<项>（文中 <V>，计算 <S>）…」
 * ---- 3. grade
 * W301   warn  total                               stated grade ≠ band of the stated total
 *              「等级：文中写作「<G>」，但文中总分 <V> 分对应「<G'>」」
 * W302   warn  total                               stated grade ≠ band of the recomputed total
 *              「等级：文中写作「<G>」，重新计算的总分 <S> 分对应「<G'>」」
 * ---- 4. rates
 * W401   warn  execution | funds:received | node:<key> | ind:<key>
 *                                                  a stated rate ≠ the one its amounts give (at its precision)
 *              「预算执行率：文中 <V>%，按 <A名> <A> ÷ <B名> <B> 计算为 <R>%」 / 「资金到位率：…」 /
 *              「<节点>：文中得分率 <V>%，得分 <S> ÷ 分值 <P> 为 <R>%」 / 「<指标>：文中完成率 <V>%，实际 … ÷ 目标 … 为 <R>%」
 * ---- 5. two actuals
 * W501   warn  ind:<key>:actual                    「<指标>：文中实际值 <V>（<出处>），表中实际值 <A>，同一指标有两个实际值」
 * ---- 6. targets
 * E601   error ind:<key>:score_stated | ind:<key> | ind:<key>:override_score
 *                                                  unmet, yet full points (or a stated rate ≥ 100%)
 *              「<指标>：目标 <T>，实际 <A>，完成率 <R>%，却记满分 <P>」 / 「…，文中却写作完成率 <V>%」 / 「…，却改判为满分 <P>」
 * W602   warn  ind:<key>:deviation_reason          「<指标>：未达成目标（目标 <T>，实际 <A>，完成率 <R>%），未填写偏差原因」
 * W603   warn  ind:<key>:deviation_reason          「<指标>：目标 <T>，实际 <A>，完成率 <R>%，达到或超过目标的 130%，须说明偏差原因，未填写」
 * E604   error ind:<key>:override_reason           「<指标>：改判得分 <O> 分，未填写改判理由」
 * I605   info  ind:<key>:score_entered             「<指标>：定性指标评为「<档次>」，尚未填写得分（<lo>% 至 <hi>% 的分值）」
 * ---- 7. execution
 * W701   warn  total                               「自评分虚高：文中总分 <V> 分，而预算执行率仅 <R>%（执行率低于 60% 时总分不宜达到 90 分）」
 * E702   error total                               「预算执行率 <R>% 低于 <B>%，总分不得超过 <M> 分，文中总分 <V> 分」
 * W703   warn  rules.exec_reason_field (narr:problems) 「预算执行率 <R>% 低于 <B>%，须在“<字段>”中说明原因」
 * ---- 8. not applicable
 * W801   warn  node:<key>                          「<节点>：0 ÷ 0 不适用，文中写作 −100%（<出处>）」
 * I802   info  node:<key>                          「<节点>：0 ÷ 0 不适用（<A名> 0，<B名> 0），按满分计」 / 「…，不计分」
 * ---- 9. funds
 * E901   error fund:<src>:received | funds:received「<来源>：实际到位 <R> 万元，超过全年预算数 <B> 万元」
 * E902   error fund:<src>:spent | funds:spent      「<来源>：全年执行数 <S> 万元，超过实际到位 <R> 万元」
 * W903   warn  fund:<src>:received | funds:received「资金到位不足：全年预算数 <B> 万元，实际到位 <R> 万元，到位率 <P>%」
 * W904   warn  subs:budget | subs:spent            「二级项目预算金额合计 <S> 万元，与资金表全年预算数 <B> 万元不一致」
 * I905   info  fund:<src>:<col> | sub:<i>:<col>    「<来源>：实际到位 未填写（同行其他金额已填）」 / 「<来源>：<列> 为负数 <V>」
 * W906   warn  rules.adjust_reason_field           年初预算数 ≠ 全年预算数 and no reason written there
 *              「年初预算数 <P> 万元，全年预算数（调整后）<B> 万元，年中追加 <D> 万元，须在“<字段>”中说明调整理由」
 * ---- 10. "存在问题：无"
 * W1001  warn  narr:problems                       「存在的问题写作「无」，但<指标> 未达成目标（…）；得分 <S> 分，失分 <L> 分；预算执行率 <R>%」
 * ---- 11. process measures as outputs
 * W1101  warn  ind:<key>:name                      「<指标>（<类别>）是预算执行过程的指标，不应作为产出指标」
 * ---- 12. another project named
 * W1201  warn  narr:<k> | goal:<i>:<col> | entry:<node>:note | the item of a stated text
 *              「文中提到「<短语>项目」，与本项目「<名称>」无关，可能是其他项目的内容」
 * ---- 13. previous year
 * W1301  warn  ind:<key>:target                    「<指标>：本年目标 ≥<T>，低于上年（<年> 年）实际完成 <A>」 / 「…宽于上年…（反向指标）」
 * ---- 14. essentials
 * I1401  info  info:name                           「项目名称未填写」
 * I1402  info  year                                「评价年度未填写」
 * I1403  info  ind:<key>:points                    「<指标>：分值未填写」
 * I1404  info  node:<key>                          a slot worth points, or a group whose slots are all empty
 *              「<节点>：分值 <P> 分，尚无指标（<类别>…）」
 * W1405  warn  ind:<key>:slot                      「<指标>：所在类别「<slot>」不是模板「<id>」中的指标类别，不计分」
 * I1407  info  ind:<key>:actual_text | target_text 「<指标>：不适用（分值 <P> 分），分值不计，所在类别按比例折算到其分值」 / 「…按满分计」
 * I1406  info  <the stated path>                   「文中数字「<path>」（<出处>） 对应的项目在本表中不存在，无法核对」
 * ---- 15. completeness (each counts in 未完成（N 项未填）, with W602 and W603)
 * W1501  warn  ind:<key>:cmp                       「<指标>：分值 <P> 分，未选计算符号」
 * W1502  warn  ind:<key>:target | ind:<key>:target_text
 *              「<指标>：年度指标值未填」 / 「…年度指标值只有文字「<T>」，未填数字（计算符号 ≥ 按数字计分）」 /
 *              「<指标>：完成期限未填」 / 「…完成期限「<T>」无法识别（…）」
 * W1503  warn  ind:<key>:actual | ind:<key>:band | ind:<key>:actual_text
 *              「<指标>：实际完成值未填」 / 「…实际完成值只有文字「<A>」，未填数字（…）」 /
 *              「<指标>：定性指标未选完成档次」 / 「<指标>：实际完成日期未填」 / 「…无法识别…」
 * W1504  warn  fund:<src>:spent                    「<来源>：全年执行数未填（预算 <B> 万元）」
 * W1505  warn  goal:<i>:actual                     「年度总体目标「<目标>」：实际完成情况未填」
 * W1506  warn  entry:<node>:score | mark:<node>:0 | measure:<name> | funds:<col>
 *              「<节点>：尚未录入评分」 / 「<节点>：评价要点尚未评分」 / 「<节点>：<输入>未填」
 * ---- 16. length limits (templates with length_limits)
 * W1601  warn  the limited field                   「<字段>：<N> 字，超过模板规定的 <M> 字」
 * ---- 17. target declarations (only on a declaration, which runs only 11, 12, 16 and 17)
 * E1701  error node:output                         「申报表没有产出指标（须至少一项）」
 * E1702  error node:benefit                        「申报表没有效益指标（须至少一项）」
 * W1703  warn  node:satisfaction                   「本表要求申报满意度指标，尚未填写」
 * W1704  warn  ind:<key>:target                    「<指标>（<二级>）：指标值须为数字并写明指标性质…，现为「<T>」」
 * W1705  warn  ind:<key>:unit                      「<指标>：指标值 <T> 未写度量单位」
 * W1706  warn  ind:<key>:target                    「<指标>：比率不能超过 100%，指标值写作 ≥<T>%」
 * W1707  warn  ind:<key>:target_text               「<指标>：完成期限 <D> 不在项目期（<期>）内」 / 「…不在申报年度（<Y> 年）内」
 * W1708  warn  the field                           「<字段>：仍有占位文字「XX」」
 * W1709  warn  goals                               「年度总体目标未填写」
 * W1710  warn  ind:<key>:name                      「<指标>：与第 <N> 项指标同名」
 * ---- 18. monitoring sheets (only on a monitoring sheet, which runs only 11, 12, 16 and 18; lights: monitor.h)
 * W1801  warn  fund:<src>:spent | rules.exec_reason_field | ind:<key>:deviation_reason
 *              「<来源>：红灯（执行率 <R>%，序时进度 <S>%，差距 <G> 个百分点），须在“<字段>”中说明原因」 /
 *              「<指标>：红灯（…），未填偏差原因类别及说明」
 * W1802  warn  ind:<key>:measures                  「<指标>：完成目标可能性为完全不可能，未填整改措施」
 * W1803  warn  ind:<key>:deviation_reason          「<指标>：全年预计完成值 <F> 未达年度指标值 <T>（预计完成 <P>%），未填偏差原因类别及说明」
 * W1804  warn  ind:<key>:likelihood | cause | rectify 「<指标>：<列>「<值>」不是监控表的选项（…）」
 * W1805  warn  ind:<key>:measures                  「<指标>：需要整改，未填整改措施」
 * W1806  warn  execution                           「监控表未指定截止月份，无法计算序时进度」
 * ---- 19. across a project's stages (jx_check_stages: a monitoring or self-evaluation sheet against the
 *          declaration and the latest monitoring sheet its stage_from chain leads to)
 * W1901  warn  ind:<key>:adjust_reason             「<指标>：年度指标值 <T> 与申报时的 <D> 不同，未填指标调整说明」
 * W1902  warn  ind:<key>:deviation_reason          「<指标>：实际完成值 <A> 低于监控时的全年预计 <F>（<月>），未说明原因」
 * W1903  warn  rules.exec_reason_field             「全年执行数 <B> 万元低于监控时预计的 <F> 万元（<月>），须在“<字段>”中说明原因」
 * ---- 20. goal blocks (年度绩效目标1 … n)
 * E2001  error goals                               「各年度绩效目标分值合计 <S> 分，应为 <P> 分」 / no goals
 * E2002  error goal:<i>:points                     「年度绩效目标<n>：分值 <P> 分，所列指标分值合计 <S> 分」
 * W2003  warn  goal:<i>                            「年度绩效目标<n>：没有指标」
 * W2004  warn  goal:<i>:points                     「年度绩效目标<n>：目标分值未填写」
 * E2005  error ind:<key>:goal                      「<指标>：未归入年度绩效目标，不计分」 / 「…所属目标 <g> 不存在…」
 * W2006  warn  goal:<i>                            「年度绩效目标<n>：文中得分 <V> 分，重新计算为 <S> 分」
 * W2007  warn  goals                               a sheet made before goal blocks: scored by the replaced nodes
 *
 * Paths without a single field: "total", "execution", "node:<key>",
 * "ind:<key>" (engine items) and the aggregates "funds:<col>", "subs:<col>".
 * Findings come in a stable order: by check, then in sheet (or template) order.
 */

/* The checks live in files by theme, each check a function of the context
 * (checks_int.h) listed in check_table below:
 *   checks_scores.c   1 weights, 2 stated scores, 3 grade
 *   checks_funds.c    exact rates; 4 stated rates, 7 execution, 8 0 ÷ 0, 9 funds
 *   checks_targets.c  5 two actuals, 6 unmet targets, 13 previous year
 *   checks_text.c     10 "存在问题：无", 11 process measures, 12 another project, 14 essentials,
 *                     16 length limits
 *   checks_complete.c 15 completeness, and the count of unfilled values a grade waits for
 *   checks_declaration.c 17 target declarations
 *   checks_monitoring.c 18 monitoring sheets
 *   checks_stages.c   19 across a project's stages (jx_check_stages)
 *   checks_goals.c    20 goal blocks
 *   checks_index.c    the context's lookups (string tables, items, slots)
 * This file runs them and turns findings into messages. */
#include "checks_int.h"
#include "field.h"
#include "stage.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* findings and their messages                                              */

static void push(jx_findings *f, const char *code, jx_severity sev, const char *path, const char *msg)
{
	jx_finding *n;
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		jx_finding *v = realloc(f->v, cap * sizeof *v);
		if (!v)
			return;
		f->v = v;
		f->cap = cap;
	}
	n = &f->v[f->n];
	memset(n, 0, sizeof *n);
	snprintf(n->code, sizeof n->code, "%s", code);
	n->sev = sev;
	n->path = jx_strdup(path ? path : "");
	n->msg = msg ? jx_strdup(msg) : NULL;
	if (!n->path || (msg && !n->msg)) {
		free(n->path);
		free(n->msg);
		return;
	}
	f->n++;
}

/* Drop a multi-byte character cut short at the end of s (after truncation). */
void ck_utf8_fix_tail(char *s)
{
	size_t n = strlen(s), i = n, need;
	unsigned char lead;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80 && n - i < 3)
		i--;
	if (i == 0)
		return;
	lead = (unsigned char)s[i - 1];
	if (lead < 0xc0)
		return; /* ASCII or a stray continuation byte: leave it */
	need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
	if (n - (i - 1) < need)
		s[i - 1] = 0;
}

/* E…, W…, I…: the letter of a code is its severity. */
static jx_severity severity_of(const char *code)
{
	return code[0] == 'E' ? JX_SEV_ERROR : code[0] == 'W' ? JX_SEV_WARNING : JX_SEV_INFO;
}

void ck_add(ck_ctx *c, const char *code, const char *path, const char *fz, const char *fe, ...)
{
	char msg[4096];
	va_list ap;
	if (c->out->no_messages) {
		push(c->out, code, severity_of(code), path, NULL);
		return;
	}
	va_start(ap, fe);
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
	vsnprintf(msg, sizeof msg, L(fz, fe), ap);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
	va_end(ap);
	ck_utf8_fix_tail(msg);
	push(c->out, code, severity_of(code), path, msg);
}

/* Copy at most max bytes of src without cutting a character. */
void ck_clip(char *dst, size_t len, const char *src, size_t max)
{
	size_t n = strlen(src);
	if (max >= len)
		max = len - 1;
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = 0;
}

char *ck_nbuf(ck_ctx *c)
{
	char *b = c->nb[c->ni];
	c->ni = (c->ni + 1) % 16;
	return b;
}

/* A number as people write it: "98.93", "6", "−100" (true minus sign). */
const char *ck_num(ck_ctx *c, jx_dec v)
{
	char *b = ck_nbuf(c), tmp[40];
	if (v == JX_NONE) {
		snprintf(b, CK_NB, "%s", L("（空）", "(empty)"));
		return b;
	}
	jx_fmt_trim(tmp, v);
	if (tmp[0] == '-')
		snprintf(b, CK_NB, "\xe2\x88\x92%s", tmp + 1);
	else
		snprintf(b, CK_NB, "%s", tmp);
	return b;
}

/* A value with 2 decimals: "24.85". */
const char *ck_num2(ck_ctx *c, jx_dec v)
{
	char *b = ck_nbuf(c), tmp[40];
	jx_fmt(tmp, v, 2);
	if (tmp[0] == '-')
		snprintf(b, CK_NB, "\xe2\x88\x92%s", tmp + 1);
	else
		snprintf(b, CK_NB, "%s", tmp);
	return b;
}

/* A value followed by an indicator's unit: "95%", "80家". */
const char *ck_num_unit(ck_ctx *c, jx_dec v, const char *unit)
{
	char num[64], u[128], *b;
	snprintf(num, sizeof num, "%s", ck_num(c, v));
	ck_clip(u, sizeof u, unit ? unit : "", 120);
	b = ck_nbuf(c);
	snprintf(b, CK_NB, "%s%s", num, u);
	return b;
}

/* " (正文 四(一))" or "" — where the document states a figure. */
const char *ck_src_note(ck_ctx *c, const jx_stated *st)
{
	char *b = ck_nbuf(c), src[200];
	if (st && st->source && *st->source) {
		ck_clip(src, sizeof src, st->source, 190);
		snprintf(b, CK_NB, L("（%s）", " (%s)"), src);
	} else {
		b[0] = 0;
	}
	return b;
}

/* ------------------------------------------------------------------------ */
/* fields a template rule names                                             */

char *ck_field_text(const ck_ctx *c, const char *path)
{
	char *buf = malloc(JX_FIELD_MAX + 1);
	if (!buf)
		return NULL;
	if (jx_field_get(c->s, path, buf, JX_FIELD_MAX + 1, NULL) < 0)
		buf[0] = 0;
	return buf;
}

const char *ck_field_label(const ck_ctx *c, const char *path, char *buf, size_t len)
{
	jx_field_path fp;
	jx_field_label(c->s, path, buf, len);
	/* a node's note is labelled with the node's name, not its key */
	if (jx_field_path_parse(path, &fp) == 0 && fp.fam == JX_FP_ENTRY) {
		char key[128], tail[128];
		const char *dot = strstr(buf, " · ");
		const jx_node *n;
		snprintf(key, sizeof key, "%.*s", (int)fp.name_len, fp.name);
		if (dot && (n = ck_tnode(c, key))) {
			snprintf(tail, sizeof tail, "%s", dot);
			snprintf(buf, len, "%s%s", ck_node_name(n), tail);
		}
	}
	return buf;
}

/* ------------------------------------------------------------------------ */
/* the checks, in the order their findings come                             */

/* Each check reads the context and adds its findings (codes in the comment
 * at the top).  Those needing the template compare with its points,
 * formulas or rules and are left out for a sheet checked without one.
 * `stages` says which sheets a check reads: a declaration (stage.h) has
 * targets and no results, so the checks of results and scores leave it
 * alone and check 17 reads it instead. */
enum { CK_RESULTS = 1, CK_DECLARATION = 2, CK_MONITORING = 4, CK_ANY = 7 };
static const struct {
	int number;
	int needs_template;
	int stages;
	void (*run)(ck_ctx *c);
} check_table[] = {
	{1, 1, CK_RESULTS, ck_check_weights},          /* E101 E102 W103 */
	{2, 1, CK_RESULTS, ck_check_scores},           /* W201 W202 W203 W204 W205 */
	{3, 1, CK_RESULTS, ck_check_grade},            /* W301 W302 */
	{4, 1, CK_RESULTS, ck_check_rates},            /* W401 */
	{5, 0, CK_RESULTS, ck_check_actuals},          /* W501 */
	{6, 1, CK_RESULTS, ck_check_targets},          /* E601 W602 W603 E604 I605 */
	{7, 1, CK_RESULTS, ck_check_execution},        /* W701 E702 W703 */
	{8, 1, CK_RESULTS, ck_check_not_applicable},   /* W801 I802 */
	{9, 0, CK_RESULTS, ck_check_funds},            /* E901 E902 W903 W904 I905 W906 W907 W908 W909 I910 */
	{10, 0, CK_RESULTS, ck_check_problems_none},   /* W1001 */
	{11, 0, CK_ANY, ck_check_output_measures},     /* W1101 */
	{12, 0, CK_ANY, ck_check_other_projects},      /* W1201 */
	{13, 0, CK_RESULTS, ck_check_previous_year},   /* W1301 */
	{14, 0, CK_RESULTS, ck_check_essentials},      /* I1401 I1402 I1403 I1404 W1405 I1406 I1407 */
	{15, 0, CK_RESULTS, ck_check_completeness},    /* W1501 W1502 W1503 W1504 W1505 W1506 */
	{16, 1, CK_ANY, ck_check_lengths},             /* W1601 */
	{17, 0, CK_DECLARATION, ck_check_declaration}, /* E1701 E1702 W1703 W1704 W1705 W1706 W1707 W1708 W1709 W1710 */
	{18, 1, CK_MONITORING, ck_check_monitoring},   /* W1801 W1802 W1803 W1804 W1805 W1806 */
	{20, 1, CK_RESULTS, ck_check_goals},           /* E2001 E2002 W2003 W2004 E2005 W2006 W2007 */
};

void jx_check(const jx_template *t, const jx_sheet *s, const jx_scoresheet *ss, const jx_sheet *prev,
	      jx_findings *out)
{
	ck_ctx *c;
	jx_scoresheet local;
	int stage;
	if (!s || !out)
		return;
	c = calloc(1, sizeof *c);
	if (!c)
		return;
	memset(&local, 0, sizeof local);
	if (!ss && t) {
		jx_score(t, s, &local);
		ss = &local;
	}
	c->t = t;
	c->s = s;
	c->ss = ss;
	c->prev = prev;
	c->out = out;
	c->tot = jx_sheet_fund_totals(s);
	ck_index_build(c);

	switch (jx_sheet_stage_in(s, t)) {
	case JX_STAGE_DECLARATION: stage = CK_DECLARATION; break;
	case JX_STAGE_MONITORING: stage = CK_MONITORING; break;
	default: stage = CK_RESULTS; break;
	}
	for (size_t i = 0; i < sizeof check_table / sizeof check_table[0]; i++)
		if ((t || !check_table[i].needs_template) && (check_table[i].stages & stage))
			check_table[i].run(c);

	if (ss == &local)
		jx_scoresheet_free(&local);
	ck_index_free(c);
	free(c);
}

void jx_findings_clear(jx_findings *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].path);
		free(f->v[i].msg);
	}
	f->n = 0;
}

void jx_findings_free(jx_findings *f)
{
	if (!f)
		return;
	jx_findings_clear(f);
	free(f->v);
	f->v = NULL;
	f->cap = 0;
}

const char *jx_severity_name(jx_severity s)
{
	switch (s) {
	case JX_SEV_ERROR:
		return L("错误", "error");
	case JX_SEV_WARNING:
		return L("警告", "warning");
	default:
		return L("提示", "info");
	}
}
