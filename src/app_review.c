/* The review round as both front ends run it (app_review.h). */
#include "app_review.h"

#include "app_comment.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "strutil.h"

static jx_role run_role = JX_ROLE_UNIT;

int jx_app_set_role(int review, jx_err *err)
{
	const char *env = getenv("JIXIAO_ROLE");
	run_role = JX_ROLE_UNIT;
	if (review) {
		run_role = JX_ROLE_REVIEWER;
		return 0;
	}
	if (env && *env && jx_role_parse(env, &run_role)) {
		jx_err_set(err, "环境变量 JIXIAO_ROLE 应为 unit (填报单位) 或 reviewer (审核人)：“%s”",
			   "JIXIAO_ROLE must be unit or reviewer: \"%s\"", env);
		return -1;
	}
	return 0;
}

jx_role jx_app_role(void)
{
	return run_role;
}

int jx_app_review_may(const jx_sheet *s, jx_review_action a)
{
	jx_err err;
	return jx_review_may(a, run_role, s->status, &err) == 0;
}

int jx_app_review_step(jx_store *st, jx_sheet *s, jx_review_action a, const char *reason, const char *user,
		       jx_err *err)
{
	char *clean = NULL;
	int rc;
	if (jx_review_may(a, run_role, s->status, err))
		return JX_APP_REFUSED;
	if (a == JX_ACT_RETURN && jx_review_reason(reason, &clean, err))
		return JX_APP_REFUSED;
	rc = jx_store_review_step(st, s, a, clean, user, err);
	free(clean);
	if (rc == 0)
		return JX_APP_DONE;
	/* the status on disk, a finalised sheet, the trash: the user's to fix */
	return jx_store_is_readonly(st) ? -1 : JX_APP_REFUSED;
}

int jx_app_last_return(jx_store *st, int64_t id, char **reason, char **who, char **at, jx_err *err)
{
	jx_audit_row r;
	int rc = jx_store_last_step(st, id, &r, err);
	*reason = NULL;
	if (who)
		*who = NULL;
	if (at)
		*at = NULL;
	if (rc <= 0)
		return rc;
	if (!jx_texteq(r.field, jx_transitions[JX_ACT_RETURN].field)) {
		jx_audit_row_clear(&r);
		return 0;
	}
	*reason = r.new_value;
	r.new_value = NULL;
	if (who) {
		*who = r.user;
		r.user = NULL;
	}
	if (at) {
		*at = r.at;
		r.at = NULL;
	}
	jx_audit_row_clear(&r);
	return 1;
}

/* ---- the glance ---- */

/* One line in the user's language (zh and en take the same arguments). */
static int line_add(jx_app_msgs *m, const char *zh, const char *en, ...)
{
	va_list ap;
	char buf[1024], **nv;
	va_start(ap, en);
	vsnprintf(buf, sizeof buf, L(zh, en), ap);
	va_end(ap);
	if (!(nv = realloc(m->v, (m->n + 1) * sizeof *nv)))
		return -1;
	m->v = nv;
	if (!(nv[m->n] = jx_strdup(buf)))
		return -1;
	m->n++;
	return 0;
}

/* The total and grade recomputed, beside what the document states. */
static int glance_total(jx_app_msgs *m, const jx_sheet *s, const jx_scoresheet *ss, const jx_findings *fs)
{
	char now[48], grade[128], stated[48] = "";
	const jx_stated *t = jx_sheet_stated(s, "total"), *g = jx_sheet_stated(s, "grade");
	jx_grade_text(ss, jx_findings_unfilled(fs), jx_lang == JX_LANG_EN, grade, sizeof grade);
	if (ss->total == JX_NONE)
		snprintf(now, sizeof now, "%s", "-");
	else
		jx_fmt(now, ss->total, 2);
	if (t && t->value != JX_NONE)
		jx_fmt(stated, t->value, 2);
	return line_add(m, "总分：重新计算 %s 分（%s）；文中 %s%s%s", "total: recomputed %s (%s); the document states %s%s%s",
			now, grade[0] ? grade : "-", stated[0] ? stated : L("未载", "none"), g && g->text ? " " : "",
			g && g->text ? g->text : "");
}

/* Findings by severity, and the first few. */
static int glance_findings(jx_app_msgs *m, const jx_findings *fs)
{
	size_t n[3] = {0}, shown = 0;
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].sev <= JX_SEV_INFO)
			n[fs->v[i].sev]++;
	if (line_add(m, "发现：错误 %zu，警告 %zu，提示 %zu", "findings: %zu errors, %zu warnings, %zu notes", n[0], n[1],
		     n[2]))
		return -1;
	for (size_t i = 0; i < fs->n && shown < 3; i++, shown++)
		if (line_add(m, "  %s %s", "  %s %s", fs->v[i].code, jx_nz(fs->v[i].msg)))
			return -1;
	return 0;
}

/* The open comments (批注, comment.h) on the sheet: how many, then each
 * with its place and its words, so that the reviewer sees what is
 * still waiting for an answer before approving. */
static int glance_open_comments(jx_app_msgs *m, jx_store *st, const jx_sheet *s)
{
	jx_comments cs = {0};
	jx_err err = {{0}};
	size_t open = 0;
	int rc = 0;
	if (jx_app_comments(st, s->id, &cs, &err) != 0)
		return 0; /* a count for a screen: the glance goes on without it */
	open = jx_comments_open(&cs);
	if (open)
		rc = line_add(m, "未解决的批注：%zu 条", "open comments: %zu", open);
	for (size_t i = 0; i < cs.n && !rc; i++) {
		char place[256];
		if (cs.v[i].resolved)
			continue;
		const char *text = jx_nz(cs.v[i].note.text);
		int cut = (int)strlen(text);
		/* at most 300 bytes of it, never inside a character */
		if (cut > 300)
			for (cut = 300; cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80; cut--)
				;
		jx_comment_place_label(s, cs.v[i].place, place, sizeof place);
		rc = line_add(m, "  %zu. %s：%.*s%s", "  %zu. %s: %.*s%s", i + 1, place, cut, text,
			      text[cut] ? "…" : "");
	}
	jx_comments_free(&cs);
	return rc;
}

/* Is the row one that changes a value a reviewer reads (not a step of
 * the round itself)? */
static int is_change(const jx_audit_row *r)
{
	return jx_review_action_of_field(r->field) < 0 && !jx_texteq(r->field, "status") && !jx_comment_field(r->field);
}

/* The fields changed since the last review step, old → new. */
static int glance_changes(jx_app_msgs *m, jx_store *st, const jx_sheet *s, jx_err *err)
{
	jx_audit_row *rows = NULL;
	size_t n = 0, from = 0, shown = 0, total = 0;
	long last = -1;
	int rc = 0;
	if (jx_store_history(st, s->id, NULL, &rows, &n, err))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (jx_review_action_of_field(rows[i].field) >= 0)
			last = (long)i;
	if (last < 0) {
		jx_audit_free(rows, n);
		return line_add(m, "尚未经过审核流程：没有可比较的上次审核", "no review step yet: nothing to compare with");
	}
	from = (size_t)last + 1;
	for (size_t i = from; i < n; i++)
		total += is_change(&rows[i]);
	rc = line_add(m, "上次%s（%s，%s）以来改动 %zu 处", "changes since the last %s (%s, %s): %zu",
		      L(jx_transitions[jx_review_action_of_field(rows[last].field)].zh,
			jx_transitions[jx_review_action_of_field(rows[last].field)].en),
		      jx_nz(rows[last].user), jx_nz(rows[last].at), total);
	if (!rc && jx_review_action_of_field(rows[last].field) == JX_ACT_RETURN)
		rc = line_add(m, "  退回原因：%s", "  returned because: %s", jx_nz(rows[last].new_value));
	for (size_t i = from; !rc && i < n && shown < 8; i++) {
		char label[200];
		if (!is_change(&rows[i]))
			continue;
		jx_field_label(s, rows[i].field, label, sizeof label);
		rc = line_add(m, "  %s：%s → %s", "  %s: %s → %s", label[0] ? label : jx_nz(rows[i].field),
			      jx_has_text(rows[i].old_value) ? rows[i].old_value : L("（空）", "(empty)"),
			      jx_has_text(rows[i].new_value) ? rows[i].new_value : L("（空）", "(empty)"));
		shown++;
	}
	if (!rc && total > shown)
		rc = line_add(m, "  …另有 %zu 处", "  … %zu more", total - shown);
	jx_audit_free(rows, n);
	return rc;
}

int jx_app_review_glance(jx_store *st, const jx_templates *set, const jx_sheet *s, jx_app_msgs *lines, jx_err *err)
{
	jx_scoresheet ss;
	jx_findings fs = {0};
	char rate[32];
	int rc = 0;
	memset(&ss, 0, sizeof ss);
	if (!jx_app_evaluate(st, set, s, NULL, &ss, &fs)) {
		rc = line_add(lines, "模板 %s 未知，无法计分", "template %s is unknown: no score", jx_nz(s->template_id));
	} else {
		rc = glance_total(lines, s, &ss, &fs) || glance_findings(lines, &fs);
		if (!rc)
			rc = line_add(lines, "预算执行率：%s", "execution rate: %s",
				      ss.exec_rate == JX_NONE ? "-" : jx_fmt_pct(rate, ss.exec_rate, 2));
	}
	jx_scoresheet_free(&ss);
	jx_findings_free(&fs);
	if (!rc)
		rc = glance_open_comments(lines, st, s);
	if (rc) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	return glance_changes(lines, st, s, err) ? -1 : 0;
}

/* ---- an import summed up by unit ---- */

static jx_app_unit_sum *unit_of(jx_app_unit_sums *u, const char *unit, const char *dept)
{
	jx_app_unit_sum *nv;
	for (size_t i = 0; i < u->n; i++)
		if (jx_texteq(u->v[i].unit, unit) && jx_texteq(u->v[i].dept, dept))
			return &u->v[i];
	if (!(nv = realloc(u->v, (u->n + 1) * sizeof *nv)))
		return NULL;
	u->v = nv;
	memset(&nv[u->n], 0, sizeof *nv);
	nv[u->n].unit = unit ? jx_strdup(unit) : NULL;
	nv[u->n].dept = dept ? jx_strdup(dept) : NULL;
	return &nv[u->n++];
}

static void count(jx_app_unit_sum *e, const jx_merge_item *it, int answered)
{
	switch (it->result) {
	case JX_MERGE_NEW: e->n_new++; break;
	case JX_MERGE_UPDATED: answered ? e->n_answered++ : e->n_updated++; break;
	case JX_MERGE_CONFLICT: e->n_conflict++; break;
	default: e->n_other++; break;
	}
}

int jx_app_unit_sums_of(jx_app_unit_sums *u, const jx_merge_report *rep)
{
	memset(u, 0, sizeof *u);
	for (size_t r = 0; r < rep->n; r++) {
		const jx_merge_item *it = &rep->v[r];
		jx_app_unit_sum *e = unit_of(u, it->unit, it->dept);
		if (!e)
			return -1;
		count(e, it, it->answered);
		count(&u->total, it, it->answered);
	}
	return 0;
}

void jx_app_unit_sums_free(jx_app_unit_sums *u)
{
	for (size_t i = 0; i < u->n; i++) {
		free(u->v[i].unit);
		free(u->v[i].dept);
	}
	free(u->v);
	memset(u, 0, sizeof *u);
}
