/* The scoring engine, one indicator (share/rules.md §3.3–3.6): a numeric,
 * qualitative or deadline indicator, or one printed as not applicable,
 * scored under the template's rules — exact fractions rounded once, each
 * score with its explanation.  The tree over the sheet is engine.c. */
#include "engine_int.h"

/* Append n bytes; a piece that does not fit is cut at a UTF-8 character
 * boundary, and nothing is appended after it (declared in engine_int.h). */
void engine_sb_putn(sbuf *b, const char *s, size_t n)
{
	size_t room;
	if (!b->p)
		return;
	room = b->cap - 1 - b->len;
	if (n > room) {
		n = room;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		/* once cut, nothing more: later pieces would read as if they followed */
		b->cap = b->len + n + 1;
	}
	if (n <= 16) {
		/* most pieces are a few bytes: a call to memcpy costs more */
		for (size_t i = 0; i < n; i++)
			b->p[b->len + i] = s[i];
	} else {
		memcpy(b->p + b->len, s, n);
	}
	b->len += n;
	b->p[b->len] = 0;
}

/* ---- dates for deadline indicators (read in deadline.c) ----------------- */

/* YYYY-MM-DD (jx_deadline_parse keeps the year to four digits). */
static void sb_date(sbuf *b, long ymd)
{
	char t[16];
	if (!b->p)
		return;
	snprintf(t, sizeof t, "%04d-%02d-%02d", (int)(ymd / 10000), (int)(ymd / 100 % 100), (int)(ymd % 100));
	sb_put(b, t);
}

/* ---- one indicator -------------------------------------------------------- */

const char *jx_cmp_symbol(jx_cmp c)
{
	switch (c) {
	case JX_CMP_GE: return "≥";
	case JX_CMP_GT: return ">";
	case JX_CMP_EQ: return "=";
	case JX_CMP_LE: return "≤";
	case JX_CMP_LT: return "<";
	default: return "";
	}
}

/* "22 ≥ 20，达标，得满分 10" */
static void expl_met(sbuf *b, jx_dec a, jx_cmp c, jx_dec t, jx_dec p)
{
	sb_trim(b, a);
	sb_put(b, " ");
	sb_put(b, jx_cmp_symbol(c));
	sb_put(b, " ");
	sb_trim(b, t);
	sb_put(b, L("，达标，得满分 ", ", met, full points "));
	sb_trim(b, p);
}

/* "3 ≠ 0，得 0 分" and similar: a relation that yields nothing. */
static void expl_zero(sbuf *b, jx_dec a, const char *rel, jx_dec t)
{
	sb_trim(b, a);
	sb_put(b, " ");
	sb_put(b, rel);
	sb_put(b, " ");
	sb_trim(b, t);
	sb_put(b, L("，得 0 分", ", 0 points"));
}

/* "x ÷ y × p = s" */
static void expl_div(sbuf *b, jx_dec x, jx_dec y, jx_dec p, frac v, int dec)
{
	sb_trim(b, x);
	sb_put(b, " ÷ ");
	sb_trim(b, y);
	expl_times(b, p, v, dec);
}

/* Score of a numeric comparator (≥ > = ≤ <).  Returns 1 with the exact
 * score in *v, or 0 when it cannot be computed. */
static int score_numeric(const jx_rules *r, const jx_indicator *ind, jx_dec p, frac *v, int *flags, sbuf *b)
{
	jx_dec t = ind->target, a = ind->actual;
	int dec = clamp_decimals(r->decimals);
	if (t == JX_NONE) {
		*flags |= JX_SF_INCOMPLETE;
		sb_put(b, L("目标值未填", "target not entered"));
		return 0;
	}
	if (a == JX_NONE) {
		*flags |= JX_SF_INCOMPLETE;
		sb_put(b, L("实际完成值未填", "actual not entered"));
		return 0;
	}
	if (a < 0) {
		sb_put(b, L("实际值 ", "actual "));
		sb_trim(b, a);
		sb_put(b, L(" 为负，按 0 计；", " is negative, counted as 0; "));
		a = 0;
	}
	switch (ind->cmp) {
	case JX_CMP_GE:
	case JX_CMP_GT: {
		int met = ind->cmp == JX_CMP_GE ? a >= t : a > t;
		if (met) {
			*v = fr_dec(p);
			expl_met(b, a, ind->cmp, t, p);
		} else if (t <= 0) {
			/* only "0 > 0": nothing to divide by */
			*v = fr_dec(0);
			*flags |= JX_SF_UNMET;
			sb_trim(b, a);
			sb_put(b, " > ");
			sb_trim(b, t);
			sb_put(b, L(" 不成立，得 0 分", " does not hold, 0 points"));
		} else {
			*v = fr((i128)a * p, t);
			if (fr_cmp(*v, fr_dec(p)) > 0)
				*v = fr_dec(p);
			*flags |= JX_SF_UNMET;
			expl_div(b, a, t, p, *v, dec);
		}
		if (t > 0 && r->over_threshold != JX_NONE && r->over_threshold > 0 &&
		    jx_cmp_ratio(a, t, r->over_threshold, JX_SCALE) >= 0) {
			*flags |= JX_SF_OVER;
			sb_put(b, L("；达到目标的 ", "; "));
			sb_pct(b, fr((i128)a * JX_SCALE, t));
			sb_put(b, L("（≥ ", " of target (≥ "));
			sb_pct_trim(b, r->over_threshold);
			sb_put(b, L("），超额完成", "), over-achieved"));
			if (r->over_deduction != JX_NONE && r->over_deduction > 0) {
				*v = fr_sub_dec(*v, r->over_deduction);
				if (fr_sign(*v) < 0)
					*v = fr_dec(0);
				sb_put(b, L("，扣 ", ", minus "));
				sb_trim(b, r->over_deduction);
				sb_put(b, " → ");
				sb_fix(b, fr_round(*v, dec), dec);
			}
		}
		return 1;
	}
	case JX_CMP_LE:
	case JX_CMP_LT: {
		int met = ind->cmp == JX_CMP_LE ? a <= t : a < t;
		if (t == 0 && a <= 0)
			met = 1;
		if (met) {
			*v = fr_dec(p);
			expl_met(b, a, t == 0 && a <= 0 ? JX_CMP_LE : ind->cmp, t, p);
			return 1;
		}
		*flags |= JX_SF_UNMET;
		if (t <= 0) {
			*v = fr_dec(0);
			expl_zero(b, a, ">", t);
			return 1;
		}
		if (r->reverse == JX_REVERSE_RATIO) {
			/* a ≥ t > 0 here */
			*v = fr((i128)t * p, a);
			expl_div(b, t, a, p, *v, dec);
			return 1;
		}
		if ((i128)a >= (i128)2 * t) {
			*v = fr_dec(0);
			sb_trim(b, a);
			sb_put(b, " ≥ 2 × ");
			sb_trim(b, t);
			sb_put(b, L("，得 0 分", ", 0 points"));
			return 1;
		}
		/* (2t − a) ÷ t × p, i.e. (1 − (a − t) ÷ t) × p */
		*v = fr(((i128)2 * t - a) * p, t);
		sb_put(b, "(2 × ");
		sb_trim(b, t);
		sb_put(b, " − ");
		sb_trim(b, a);
		sb_put(b, ") ÷ ");
		sb_trim(b, t);
		expl_times(b, p, *v, dec);
		return 1;
	}
	case JX_CMP_EQ:
		if (a == t || (t == 0 && a <= 0)) {
			*v = fr_dec(p);
			expl_met(b, a, JX_CMP_EQ, t, p);
			return 1;
		}
		*flags |= JX_SF_UNMET;
		if (t <= 0) {
			*v = fr_dec(0);
			expl_zero(b, a, "≠", t);
		} else if (a < t) {
			*v = fr((i128)a * p, t);
			expl_div(b, a, t, p, *v, dec);
		} else {
			*v = fr((i128)t * p, a);
			expl_div(b, t, a, p, *v, dec);
		}
		return 1;
	default:
		return 0;
	}
}

static void sb_band(sbuf *b, const jx_qual_band *qb)
{
	const char *name = qb->name ? qb->name : "";
	if (jx_lang == JX_LANG_EN && qb->name_en)
		name = qb->name_en;
	sb_put(b, name);
	sb_put(b, " [");
	sb_pct_trim(b, qb->lo);
	sb_put(b, ", ");
	sb_pct_trim(b, qb->hi);
	sb_put(b, qb->hi_inclusive ? "]" : ")");
}

static int score_qualitative(const jx_rules *r, const jx_indicator *ind, jx_dec p, frac *v, int *flags, sbuf *b)
{
	const jx_qual_band *qb;
	int dec = clamp_decimals(r->decimals);
	sb_put(b, L("定性：", "qualitative: "));
	if (ind->band < 0 || (size_t)ind->band >= r->n_bands || !r->bands) {
		*flags |= JX_SF_INCOMPLETE;
		sb_put(b, L("未选择档次", "no band chosen"));
		return 0;
	}
	qb = &r->bands[ind->band];
	sb_band(b, qb);
	if (!qb->hi_inclusive)
		*flags |= JX_SF_UNMET;
	if (ind->score_entered != JX_NONE) {
		jx_dec e = ind->score_entered;
		sb_put(b, L("，评分 ", ", score "));
		sb_trim(b, e);
		if (e < 0) {
			e = 0;
			sb_put(b, L("（低于 0，按 0 计）", " (below 0, counted as 0)"));
		} else if (e > p) {
			e = p;
			sb_put(b, L("（超过分值 ", " (above the points "));
			sb_trim(b, p);
			sb_put(b, L("，按分值计）", ", counted as the points)"));
		}
		*v = fr_dec(e);
		return 1;
	}
	if (qb->hi_inclusive) {
		*v = fr_dec(p);
		sb_put(b, L("，未填评分，按满分 ", ", no score entered: full points "));
		sb_trim(b, p);
		sb_put(b, L(" 计", ""));
		return 1;
	}
	*flags |= JX_SF_INCOMPLETE;
	*v = fr_times(fr_dec(qb->lo), p);
	sb_put(b, L("，未填评分，暂按 ", ", no score entered: provisionally "));
	sb_pct_trim(b, qb->lo);
	expl_times(b, p, *v, dec);
	sb_put(b, L(" 计", ""));
	return 1;
}

/* One of a deadline indicator's dates; -1 (and why, in b) when it is
 * missing or cannot be read.  what[]: not entered, unrecognised (zh, en). */
static long deadline_date(const char *text, const char *const what[4], int *flags, sbuf *b)
{
	long ymd = text && *text ? jx_deadline_parse(text) : -1;
	if (ymd >= 0)
		return ymd;
	*flags |= JX_SF_INCOMPLETE;
	if (!text || !*text) {
		sb_put(b, L(what[0], what[1]));
		return -1;
	}
	sb_put(b, L(what[2], what[3]));
	sb_put(b, text);
	sb_put(b, L("（应为 YYYY-MM-DD 或 YYYY年M月D日）", " (expected YYYY-MM-DD)"));
	return -1;
}

static int score_deadline(const jx_indicator *ind, jx_dec p, frac *v, int *flags, sbuf *b)
{
	static const char *const target_what[4] = {"完成期限未填", "deadline not entered", "无法识别的完成期限：",
						   "unrecognised deadline: "};
	static const char *const actual_what[4] = {"实际完成日期未填", "completion date not entered",
						   "无法识别的完成日期：", "unrecognised completion date: "};
	long tgt, act;
	if ((tgt = deadline_date(ind->target_text, target_what, flags, b)) < 0 ||
	    (act = deadline_date(ind->actual_text, actual_what, flags, b)) < 0)
		return 0;
	sb_put(b, L("完成 ", "done "));
	sb_date(b, act);
	if (act <= tgt) {
		*v = fr_dec(p);
		sb_put(b, L("，不晚于期限 ", ", by the deadline "));
		sb_date(b, tgt);
		sb_put(b, L("，得满分 ", ", full points "));
		sb_trim(b, p);
	} else {
		*v = fr_dec(0);
		*flags |= JX_SF_UNMET;
		sb_put(b, L("，晚于期限 ", ", after the deadline "));
		sb_date(b, tgt);
		sb_put(b, L("，得 0 分", ", 0 points"));
	}
	return 1;
}

/* Blanks around a word, as typed or printed. */
static int text_is(const char *s, const char *word)
{
	size_t n = strlen(word), len;
	while (s && (*s == ' ' || *s == '\t'))
		s++;
	if (!s || strncmp(s, word, n) != 0)
		return 0;
	len = strlen(s + n);
	while (len > 0 && (s[n + len - 1] == ' ' || s[n + len - 1] == '\t' || s[n + len - 1] == '\n'))
		len--;
	return len == 0;
}

static int na_text(const char *s)
{
	/* each word starts with '/' or the byte EF (／) or E4 (不): most texts
	 * are let go at their first letter, as every indicator without a
	 * number asks */
	const char *p = s;
	while (p && (*p == ' ' || *p == '\t'))
		p++;
	if (!p || (*p != '/' && *p != '\xEF' && *p != '\xE4'))
		return 0;
	return text_is(s, "/") || text_is(s, "／") || text_is(s, "不适用");
}

int jx_ind_not_applicable(const jx_indicator *ind)
{
	return ind && ind->actual == JX_NONE && (na_text(ind->actual_text) || na_text(ind->target_text));
}

/* A not-applicable indicator under the template's rule: full points, or
 * none, its points left to the category's rescaling (score_rescale). */
static void score_na(const jx_rules *r, const jx_indicator *ind, jx_dec *score, int *flags, sbuf *b)
{
	jx_dec p = ind->points;
	*flags = JX_SF_NA;
	sb_put(b, L("不适用", "not applicable"));
	if (p == JX_NONE)
		return;
	if (r->not_applicable == JX_NA_FULL) {
		*score = jx_round(p < 0 ? 0 : p, clamp_decimals(r->decimals));
		sb_put(b, L("，按满分计 ", ", counted as full points "));
		sb_fix(b, *score, clamp_decimals(r->decimals));
	} else {
		sb_put(b, L("，分值 ", ", its "));
		sb_trim(b, p);
		sb_put(b, L(" 分不计，所在类别按比例折算", " points left out, its category rescaled"));
	}
}

void jx_score_indicator(const jx_rules *r, const jx_indicator *ind, jx_dec *score, jx_dec *rate, int *flags,
			char *expl, size_t expl_len)
{
	sbuf b;
	frac v = {0, 1};
	int have = 0, fl = 0, dec;
	jx_dec p, out_rate = JX_NONE, out_score = JX_NONE;

	sb_init(&b, expl, expl_len);
	if (!r || !ind) {
		if (score)
			*score = JX_NONE;
		if (rate)
			*rate = JX_NONE;
		if (flags)
			*flags = JX_SF_INCOMPLETE;
		return;
	}
	dec = clamp_decimals(r->decimals);
	p = ind->points;
	if (jx_ind_not_applicable(ind)) {
		score_na(r, ind, &out_score, &fl, &b);
		if (score)
			*score = out_score;
		if (rate)
			*rate = JX_NONE;
		if (flags)
			*flags = fl;
		return;
	}

	/* completion rate a ÷ t, independent of the points */
	switch (ind->cmp) {
	case JX_CMP_GE: case JX_CMP_GT: case JX_CMP_EQ: case JX_CMP_LE: case JX_CMP_LT:
		if (ind->target != JX_NONE && ind->target != 0 && ind->actual != JX_NONE)
			out_rate = fr_round(fr((i128)(ind->actual < 0 ? 0 : ind->actual) * JX_SCALE, ind->target), 6);
		break;
	default:
		break;
	}

	if (p == JX_NONE) {
		fl |= JX_SF_INCOMPLETE;
		sb_put(&b, L("分值未填", "points not entered"));
	} else {
		if (p < 0)
			p = 0;
		switch (ind->cmp) {
		case JX_CMP_GE: case JX_CMP_GT: case JX_CMP_EQ: case JX_CMP_LE: case JX_CMP_LT:
			have = score_numeric(r, ind, p, &v, &fl, &b);
			break;
		case JX_CMP_QUAL:
			have = score_qualitative(r, ind, p, &v, &fl, &b);
			break;
		case JX_CMP_DEADLINE:
			have = score_deadline(ind, p, &v, &fl, &b);
			break;
		default:
			fl |= JX_SF_INCOMPLETE;
			sb_put(&b, L("指标性质未选", "comparator not chosen"));
			break;
		}
		if (have && ind->deduction != JX_NONE && ind->deduction > 0) {
			v = fr_sub_dec(v, ind->deduction);
			if (fr_sign(v) < 0)
				v = fr_dec(0);
			sb_put(&b, L("；扣分 ", "; deduction "));
			sb_trim(&b, ind->deduction);
			sb_put(&b, " → ");
			sb_fix(&b, fr_round(v, dec), dec);
		}
		if (have)
			out_score = fr_round(v, dec);

		if (ind->override_score != JX_NONE) {
			jx_dec o = ind->override_score;
			int clamped = o < 0 || o > p;
			if (o < 0)
				o = 0;
			if (o > p)
				o = p;
			o = jx_round(o, dec);
			fl = (fl & ~JX_SF_INCOMPLETE) | JX_SF_OVERRIDDEN;
			sb_put(&b, L("；评审调整为 ", "; overridden: "));
			sb_fix(&b, o, dec);
			if (clamped) {
				sb_put(&b, L("（录入 ", " (entered "));
				sb_trim(&b, ind->override_score);
				sb_put(&b, L("，限于 [0, 分值]）", ", limited to [0, points])"));
			}
			out_score = o;
		}
	}
	if (score)
		*score = out_score;
	if (rate)
		*rate = out_rate;
	if (flags)
		*flags = fl;
}
