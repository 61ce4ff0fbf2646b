/* A project's stages for a year (app.h, stage.h): the next stage made from
 * a stored sheet, and the project's stages in order for moving between
 * them. */
#include <stdio.h>
#include <stdlib.h>

#include "app.h"
#include "checks.h"
#include "stage.h"
#include "strutil.h"

/* Whether stage g (month) may follow the sheet s: the stages go forward,
 * and a monitoring snapshot may follow another one that covers fewer
 * months.  0, or -1 with the reason in err. */
static int stage_follows(const jx_sheet *s, jx_stage from, jx_stage g, int month, jx_err *err)
{
	if (g == JX_STAGE_MONITORING && (month < 1 || month > 12)) {
		jx_err_set(err, "监控表须指定截止月份 --month N（1–12）", "a monitoring sheet needs --month N (1-12)");
		return -1;
	}
	if (g != JX_STAGE_MONITORING && month != 0) {
		jx_err_set(err, "只有监控表有截止月份（--month）", "only a monitoring sheet takes --month");
		return -1;
	}
	if (g > from || (g == JX_STAGE_MONITORING && from == JX_STAGE_MONITORING && month > s->stage_month))
		return 0;
	if (g == JX_STAGE_MONITORING && from == JX_STAGE_MONITORING)
		jx_err_set(err, "第 %lld 号表已是 1–%d 月的监控表，新的监控表须截至更晚的月份",
			   "sheet %lld is already a monitoring sheet for months 1-%d; the next one must cover more months",
			   (long long)s->id, s->stage_month);
	else
		jx_err_set(err, "第 %lld 号表是%s阶段，%s不在其后（顺序：申报、监控、自评）",
			   "sheet %lld is at the %s stage; %s does not come after it (declaration, monitoring, self)",
			   (long long)s->id, jx_stage_label(from), jx_stage_label(g));
	return -1;
}

/* The template the new stage uses: a declaration or monitoring table
 * names the self-evaluation form its sheets continue in (self_template),
 * a declaration the monitoring table (monitoring_template); any other
 * stage keeps the sheet's template.  0, or -2 when that template is not
 * known to this run. */
static int stage_template(const jx_templates *set, jx_sheet *s, jx_stage g, jx_err *err)
{
	const jx_template *t = jx_templates_find(set, jx_nz(s->template_id)), *next;
	const char *want = !t ? NULL
			   : g == JX_STAGE_SELF ? t->self_template
			   : g == JX_STAGE_MONITORING ? t->monitoring_template
						      : NULL;
	if (!want)
		return 0;
	if (!(next = jx_templates_find(set, want))) {
		jx_err_set(err, "模板“%s”指定的下一阶段模板“%s”不可用",
			   "template \"%s\" names the next stage's template \"%s\", which is not loaded", t->id, want);
		return -2;
	}
	if (jx_set_str(&s->template_id, next->id) < 0) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	s->template_version = next->version;
	return 0;
}

/* An indicator's forecast at monitoring as its note in the
 * self-evaluation: "7月监控：全年预计 95%，确定能" (the month the snapshot
 * covers to, the forecast with its unit, the likelihood).  Kept as text so
 * that it is in sight but never an actual, never scored. */
static int forecast_note(const jx_indicator *m, int month, char *buf, size_t size)
{
	char num[64];
	/* in Chinese whatever the user's language: it is the sheet's text,
	 * printed on the Chinese forms */
	int n = snprintf(buf, size, "%d月监控：", month);
	if (m->forecast != JX_NONE && n < (int)size)
		n += snprintf(buf + n, size - (size_t)n, "全年预计 %s%s", jx_fmt_trim(num, m->forecast), jx_nz(m->unit));
	if (jx_has_text(m->likelihood) && n < (int)size)
		snprintf(buf + n, size - (size_t)n, "%s%s", m->forecast != JX_NONE ? "，" : "", m->likelihood);
	return m->forecast != JX_NONE || jx_has_text(m->likelihood);
}

/* The forecasts of the monitoring snapshot mon into the self-evaluation s:
 * each indicator's as its note (matched by key, as the checks across
 * stages match them), each fund row's 全年预计执行数 as that row's
 * forecast, which nothing in a self-evaluation scores. */
static int take_forecasts(jx_sheet *s, const jx_sheet *mon, jx_err *err)
{
	char note[512];
	for (size_t i = 0; i < s->n_inds; i++) {
		const jx_indicator *m = jx_sheet_ind(mon, s->inds[i].key);
		if (m && forecast_note(m, mon->stage_month, note, sizeof note) &&
		    jx_set_str(&s->inds[i].note, note) < 0)
			goto nomem;
	}
	for (size_t i = 0; i < s->n_funds; i++) {
		const jx_fund *f = jx_sheet_fund(mon, s->funds[i].source);
		if (f)
			s->funds[i].forecast = f->forecast;
	}
	return 0;
nomem:
	jx_err_set(err, "内存不足", "out of memory");
	return -1;
}

/* The monitoring snapshot a new self-evaluation takes its forecasts from:
 * the sheet it is made from when that is one, else the latest (most
 * months) of the project's year.  *mon NULL when there is none. */
static int latest_monitoring(jx_store *st, const jx_sheet *s, jx_stage from, jx_sheet **mon, jx_err *err)
{
	int64_t *ids = NULL;
	size_t n = 0;
	*mon = NULL;
	if (from == JX_STAGE_MONITORING) {
		if (!(*mon = jx_sheet_clone(s))) {
			jx_err_set(err, "内存不足", "out of memory");
			return -1;
		}
		return 0;
	}
	if (jx_store_project_stages(st, s, &ids, &n, err) < 0)
		return -1;
	/* in stage order, monitoring by month: the last one is the latest */
	for (size_t i = n; i-- > 0 && !*mon;) {
		jx_sheet *x = NULL;
		if (jx_store_load(st, ids[i], &x, err) < 0) {
			free(ids);
			return -1;
		}
		if (jx_sheet_stage(x) == JX_STAGE_MONITORING)
			*mon = x;
		else
			jx_sheet_free(x);
	}
	free(ids);
	return 0;
}

int jx_app_make_stage(jx_store *st, const jx_templates *set, int64_t id, int g, int month, const char *user,
		      int64_t *new_id, jx_err *err)
{
	int rc;
	jx_sheet *s = NULL, *mon = NULL;
	int64_t other = 0;
	char *from = NULL;
	*new_id = 0;
	if (g < 0 || g >= JX_STAGE_COUNT) {
		jx_err_set(err, "未知阶段", "unknown stage");
		return -2;
	}
	if (jx_store_load(st, id, &s, err) < 0)
		return -1;
	jx_stage at = jx_sheet_stage_in(s, jx_templates_find(set, jx_nz(s->template_id)));
	if (stage_follows(s, at, (jx_stage)g, month, err) < 0) {
		jx_sheet_free(s);
		return -2;
	}
	if (jx_store_find_stage(st, s, jx_stage_key((jx_stage)g), month, &other, err) < 0)
		goto fail;
	if (other > 0) {
		*new_id = other;
		jx_sheet_free(s);
		return 1;
	}
	if (g == JX_STAGE_SELF && latest_monitoring(st, s, at, &mon, err) < 0)
		goto fail;
	from = s->uid;
	s->uid = NULL;
	jx_app_clear_for_year(s, s->year);
	free(s->stage_from);
	s->stage_from = from;
	s->stage_month = month;
	if (jx_set_str(&s->stage, jx_stage_key((jx_stage)g)) < 0) {
		jx_err_set(err, "内存不足", "out of memory");
		goto fail;
	}
	if ((rc = stage_template(set, s, (jx_stage)g, err)) < 0) {
		jx_sheet_free(s);
		jx_sheet_free(mon);
		return rc;
	}
	if (mon && take_forecasts(s, mon, err) < 0)
		goto fail;
	if (jx_store_insert(st, s, user, err) < 0)
		goto fail;
	*new_id = s->id;
	jx_sheet_free(s);
	jx_sheet_free(mon);
	return 0;
fail:
	jx_sheet_free(s);
	jx_sheet_free(mon);
	return -1;
}

int jx_app_project_stages(jx_store *st, const jx_sheet *s, int64_t **ids, size_t *n, jx_err *err)
{
	return jx_store_project_stages(st, s, ids, n, err);
}

/* The sheets before s along its stage_from chain: the declaration and the
 * monitoring sheet nearest s.  The chain is followed at most 16 steps (a
 * year has at most a declaration and twelve monitoring sheets), so that a
 * loop made by hand in a sheet file ends. */
void jx_app_check_stages(jx_store *st, const jx_template *t, const jx_sheet *s, jx_findings *fs)
{
	jx_sheet *decl = NULL, *mon = NULL, *cur = NULL;
	const char *from = s->stage_from;
	jx_err err;
	for (int step = 0; st && from && *from && step < 16 && !decl; step++) {
		int64_t id = 0;
		jx_sheet *next = NULL;
		if (jx_store_find_uid(st, from, &id, &err) < 0 || id <= 0 || id == s->id ||
		    jx_store_load(st, id, &next, &err) < 0)
			break;
		jx_sheet_free(cur);
		cur = NULL;
		if (jx_sheet_stage(next) == JX_STAGE_DECLARATION)
			decl = next;
		else if (jx_sheet_stage(next) == JX_STAGE_MONITORING && !mon)
			mon = next;
		else
			cur = next;
		from = next->stage_from;
	}
	jx_check_stages(t, s, decl, mon, fs);
	jx_sheet_free(decl);
	jx_sheet_free(mon);
	jx_sheet_free(cur);
}
