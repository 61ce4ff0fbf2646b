/* A monitoring sheet's figures (绩效运行监控, template key `monitoring`):
 * 序时进度 for months 1–N, each fund row's execution rate against it and
 * each indicator's forecast against its target, with the traffic light the
 * template's edges give.  Every percentage is rounded to two decimals
 * before it is compared, so that a light follows the numbers printed
 * beside it (share/templates/README.md). */
#ifndef JX_MONITOR_H
#define JX_MONITOR_H

#include "model.h"
#include "template.h"

typedef enum { JX_LIGHT_NONE = 0, JX_LIGHT_GREEN, JX_LIGHT_YELLOW, JX_LIGHT_RED } jx_light;

/* The words of the monitoring table, declared once: 完成目标可能性, the
 * categories of 偏差原因 and 是否需要整改.  NULL-terminated. */
extern const char *const jx_monitor_likelihoods[]; /* 确定能, 有可能, 完全不可能 */
extern const char *const jx_monitor_causes[];      /* 经费保障 … 其他 */
extern const char *const jx_monitor_rectify[];     /* 是, 否 */
#define JX_LIKELY_NEVER 2                          /* index of 完全不可能 */
#define JX_LIKELY_MAYBE 1                          /* index of 有可能 */
/* Index of word in list, or -1 (NULL or empty: -1). */
int jx_monitor_word(const char *const *list, const char *word);

typedef struct {
	jx_dec rate;    /* 执行率 in % ×JX_SCALE, two decimals; JX_NONE without budget and spending */
	jx_dec gap;     /* 序时进度 − 执行率, percentage points; JX_NONE likewise */
	jx_light light;
} jx_fund_light;

typedef struct {
	jx_dec progress; /* 预计完成程度: forecast against target in %, two decimals; JX_NONE when not numeric */
	jx_dec gap;      /* 100 − progress, at least 0; JX_NONE likewise */
	jx_light light;  /* from the gap, raised by 完成目标可能性 (有可能 yellow, 完全不可能 red) */
} jx_ind_light;

typedef struct {
	int month;           /* the last month covered (sheet's stage_month; 0 = unknown) */
	jx_dec schedule;     /* 序时进度 in % ×JX_SCALE, two decimals; JX_NONE without a month */
	jx_fund_light total; /* the 合计 row */
	jx_fund_light *funds; /* one per fund row, in sheet order */
	size_t n_funds;
	jx_ind_light *inds;  /* one per indicator, in sheet order */
	size_t n_inds;
	size_t count[4];     /* lights of funds (rows and total) and indicators by colour */
} jx_monitor;

/* 序时进度 after month (1..12) of year by the template's schedule (N ÷ 12
 * when t has no monitoring block); JX_NONE for a month out of range. */
jx_dec jx_monitor_schedule(const jx_template *t, int year, int month);
/* The light of gap between edges yellow and red. */
jx_light jx_monitor_light(jx_dec gap, const jx_light_edge *yellow, const jx_light_edge *red);
/* The light of one indicator of a monitoring sheet of t. */
jx_ind_light jx_monitor_ind(const jx_template *t, const jx_indicator *d);
/* Compute everything for s (rules of t; t NULL: N ÷ 12, no lights);
 * 0, or -1 without memory.  *m is overwritten; free with jx_monitor_free. */
int jx_monitor_compute(const jx_template *t, const jx_sheet *s, jx_monitor *m);
void jx_monitor_free(jx_monitor *m);
/* The worst light of a computed sheet (JX_LIGHT_NONE: none lit). */
jx_light jx_monitor_worst(const jx_monitor *m);
/* The list's word for a monitoring sheet's worst light, kept where a
 * self-evaluation keeps its grade (app.h jx_app_score): 红灯, 黄灯, 绿灯
 * (English: red light …); NULL for none. */
const jx_grade_band *jx_monitor_band(jx_light l);
/* "G" / "Y" / "R" ("-" for none), and 绿 / 黄 / 红 (green / yellow / red). */
const char *jx_light_letter(jx_light l);
const char *jx_light_name(jx_light l);

#endif
