/* The commands that change the database, or check what it holds: init,
 * set, resolve, finalise (定稿), reopen and verify.  The rules are the
 * operations layer's (app.h) and the store's; here are the arguments, the
 * words and the exit codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"
#include "field.h"
#include "merge.h"

/* The exit code for a refused change: a finalised sheet or bad input is the
 * input's fault (3), anything else the database's (4). */
static int refusal_code(jx_store *st, int64_t id)
{
	if (jx_store_is_readonly(st))
		return JX_EXIT_DB;
	return jx_app_is_final(st, id) ? JX_EXIT_INPUT : JX_EXIT_DB;
}

int cmd_init(cli_t *c)
{
	jx_store *st;
	int existed = cli_file_exists(c->db_path);
	int rc = cli_open_db(c, JX_APP_OPEN_CREATE, &st);
	if (rc)
		return rc;
	jx_store_close(st);
	if (existed)
		cli_out("数据库已就绪: %s (格式版本 %d)\n", "database ready: %s (format version %d)\n", c->db_path,
		    jx_store_schema_version());
	else
		cli_out("已创建数据库: %s (格式版本 %d)\n", "created database: %s (format version %d)\n", c->db_path,
		    jx_store_schema_version());
	return 0;
}

/* ---------------------------------------------------------------------------
 * set, resolve
 */

/* Open the database to change it, load the sheet the first argument names
 * and run fn on it. */
static int on_sheet(cli_t *c, int (*fn)(cli_t *c, jx_store *st, jx_sheet *s))
{
	jx_store *st;
	jx_sheet *s = NULL;
	int rc = cli_open_db(c, JX_APP_OPEN_WRITE, &st);
	if (rc)
		return rc;
	if (!(rc = cli_load_by_arg(st, c->pos[0], &s)))
		rc = fn(c, st, s);
	jx_sheet_free(s);
	jx_store_close(st);
	return rc;
}

static int set_field_in(cli_t *c, jx_store *st, jx_sheet **sp, const jx_template *t, jx_field_changes *ch, char *buf);
static int check_fund_source(cli_t *c, const jx_sheet *s, const jx_template *t);

/* A target or actual typed as tables print it (≥95%, ≤90万元, 37.24万元)
 * sets the fields behind it together, as the workstation's cells do: one
 * transaction, an audit row each. */
static int set_field(cli_t *c, jx_store *st, jx_sheet *s)
{
	const jx_template *t;
	jx_sheet *cur = s;
	jx_field_changes ch;
	jx_err err = {{0}};
	int rc;
	if (!(t = cli_template_by_id(c, s->template_id, c->pos[0])))
		return JX_EXIT_INPUT;
	if ((rc = check_fund_source(c, s, t)))
		return rc;
	if (jx_app_typed_changes(s, c->pos[1], c->pos[2], jx_app_typed_kind(c->pos[1]), &ch, &err) < 0) {
		cli_jx(&err);
		return JX_EXIT_INPUT;
	}
	/* room for the longest value any field takes (JX_FIELD_MAX), as the
	 * workstation has: what it saves, set saves too; the value before and
	 * after of each field changed */
	char *buf = malloc((2 * ch.n + 1) * (JX_FIELD_MAX + 1));
	if (!buf) {
		cli_err("内存不足", "out of memory");
		return JX_EXIT_DB;
	}
	rc = set_field_in(c, st, &cur, t, &ch, buf);
	if (cur != s)
		jx_sheet_free(cur);
	free(buf);
	return rc;
}

/* Whether every change is a value its field takes (on a copy of s): a
 * refusal is then the input's fault. */
static int changes_valid(const jx_sheet *s, const jx_template *t, const jx_field_changes *ch)
{
	jx_sheet *copy = jx_sheet_clone(s);
	jx_err err;
	int ok = copy != NULL;
	for (size_t i = 0; ok && i < ch->n; i++)
		ok = jx_field_set(copy, t, ch->path[i], ch->value[i], &err) == 0;
	jx_sheet_free(copy);
	return ok;
}

/* Whether the changes would make s final or returned (which only finalise
 * and return, with the digest or the reason, may do). */
static int sets_final(const jx_sheet *s, const jx_template *t, const jx_field_changes *ch)
{
	jx_sheet *copy = jx_sheet_clone(s);
	jx_err err;
	int final = 0;
	if (copy) {
		for (size_t i = 0; i < ch->n; i++)
			jx_field_set(copy, t, ch->path[i], ch->value[i], &err);
		final = copy->status && (strcmp(copy->status, "final") == 0 || strcmp(copy->status, "returned") == 0);
	}
	jx_sheet_free(copy);
	return final;
}

/* A fund source the sheet does not have and its template does not list
 * (a slip like 当年财政拔款 for 当年财政拨款) would silently become a new
 * fund row: refused, naming the sources there are, unless --new-source. */
static int check_fund_source(cli_t *c, const jx_sheet *s, const jx_template *t)
{
	jx_field_path fp;
	char names[1024];
	size_t at = 0;
	if (c->new_source || jx_field_path_parse(c->pos[1], &fp) || fp.fam != JX_FP_FUND)
		return 0;
	for (size_t i = 0; i < s->n_funds; i++)
		if (s->funds[i].source && strlen(s->funds[i].source) == fp.name_len &&
		    memcmp(s->funds[i].source, fp.name, fp.name_len) == 0)
			return 0;
	for (size_t i = 0; i < t->n_fund_sources; i++)
		if (strlen(t->fund_sources[i]) == fp.name_len && memcmp(t->fund_sources[i], fp.name, fp.name_len) == 0)
			return 0;
	names[0] = 0;
	for (size_t i = 0; i < s->n_funds + t->n_fund_sources && at < sizeof names; i++) {
		const char *n = i < s->n_funds ? s->funds[i].source : t->fund_sources[i - s->n_funds];
		int dup = 0;
		for (size_t k = 0; k < i && k < s->n_funds; k++)
			dup |= jx_streq(s->funds[k].source, n);
		if (!dup && jx_has_text(n))
			at += (size_t)snprintf(names + at, sizeof names - at, "%s%s", at ? L("、", ", ") : "", n);
	}
	cli_err("评价表 %lld 没有资金来源“%.*s”（现有：%s）；未改动。确要新增这一资金来源请加 --new-source",
		"sheet %lld has no fund source \"%.*s\" (there are: %s); nothing changed. To add it as a new fund "
		"source, add --new-source",
		(long long)s->id, (int)fp.name_len, fp.name, names[0] ? names : L("（无）", "(none)"));
	return JX_EXIT_INPUT;
}

/* The set was refused: was it because another writer changed the sheet
 * since it was loaded?  1: yes, *sp is replaced by the sheet as it is now,
 * the changes are read again against it (a printed target depends on the
 * indicator's unit) and now[i] holds each field's current value; 2: yes,
 * and a field is gone (its indicator deleted); 0: no. */
static int changed_meanwhile(cli_t *c, jx_store *st, jx_sheet **sp, jx_field_changes *ch, char **now, size_t len)
{
	jx_err err = {{0}};
	jx_sheet *fresh = NULL;
	if (jx_store_load(st, (*sp)->id, &fresh, &err) < 0)
		return 0;
	if (fresh->revision == (*sp)->revision) {
		jx_sheet_free(fresh);
		return 0;
	}
	if (jx_app_typed_changes(fresh, c->pos[1], c->pos[2], jx_app_typed_kind(c->pos[1]), ch, &err) < 0) {
		jx_sheet_free(fresh);
		return 2;
	}
	for (size_t i = 0; i < ch->n; i++)
		if (jx_field_get(fresh, ch->path[i], now[i], len, &err) < 0) {
			jx_sheet_free(fresh);
			return 2;
		}
	*sp = fresh;
	return 1;
}

enum { SET_TRIES = 5 };

/* Another writer committed between our load and our write: a command line
 * states the value it wants, so it is written over the sheet as it is now,
 * and the user is told what was there.  0: write again; else the exit
 * code. */
static int set_retry(cli_t *c, jx_store *st, jx_sheet **sp, const jx_sheet *loaded, const jx_template *t,
		     jx_field_changes *ch, char **before, char **shown, size_t len, int tries, jx_err *err)
{
	jx_sheet *old = *sp;
	int changed = 0, rc;
	if (tries < SET_TRIES && changes_valid(old, t, ch))
		changed = changed_meanwhile(c, st, sp, ch, shown, len);
	if (changed == 2) {
		cli_err("评价表 %lld 在本命令读取之后被另一用户或工作站改动，%s 已不存在；未改动",
			"sheet %lld was changed by another user or workstation after this command read it and %s "
			"is gone; nothing changed",
			(long long)old->id, c->pos[1]);
		return JX_EXIT_INPUT;
	}
	if (changed) {
		if (old != loaded)
			jx_sheet_free(old);
		for (size_t i = 0; i < ch->n; i++) {
			if (strcmp(before[i], shown[i]) != 0)
				cli_err("注意: 评价表 %lld 的 %s 在本命令读取之后已被另一用户或工作站改为“%s”；现按最新内容修改",
					"note: sheet %lld: %s was changed to \"%s\" by another user or workstation after "
					"this command read it; changing it as it is now",
					(long long)(*sp)->id, ch->path[i], shown[i]);
			snprintf(before[i], len, "%s", shown[i]);
		}
		return 0;
	}
	if (tries >= SET_TRIES) {
		cli_err("评价表 %lld 正被其他用户或工作站连续修改，%d 次尝试都未能写入 %s；未改动，请稍后再试",
			"sheet %lld is being changed by other users or workstations all the time: %d tries could not "
			"write %s; nothing changed, try again shortly",
			(long long)old->id, tries, c->pos[1]);
		return JX_EXIT_DB;
	}
	cli_jx(err);
	/* a refused value or a finalised sheet is the input's fault;
	 * anything else the database's */
	rc = !changes_valid(old, t, ch) ? JX_EXIT_INPUT : refusal_code(st, old->id);
	if (rc == JX_EXIT_DB && strcmp(c->pos[1], "status") == 0 && sets_final(old, t, ch))
		rc = JX_EXIT_INPUT; /* "final" is set with finalise, "returned" with return */
	return rc;
}

static int set_field_in(cli_t *c, jx_store *st, jx_sheet **sp, const jx_template *t, jx_field_changes *ch, char *buf)
{
	jx_err err = {{0}};
	jx_sheet *s = *sp;
	const jx_sheet *loaded = *sp;
	int tries = 0, rc;
	size_t len = JX_FIELD_MAX + 1;
	char *before[JX_FIELD_CHANGES_MAX], *shown[JX_FIELD_CHANGES_MAX];
	for (size_t i = 0; i < ch->n; i++) {
		before[i] = buf + 2 * i * len;
		shown[i] = before[i] + len;
		if (jx_field_get(s, ch->path[i], before[i], len, &err) < 0) {
			cli_jx(&err);
			return JX_EXIT_INPUT;
		}
	}
	while (jx_app_set_changes(st, s, t, ch, c->user, &err) < 0) {
		if ((rc = set_retry(c, st, sp, loaded, t, ch, before, shown, len, ++tries, &err)))
			return rc;
		s = *sp;
		err = (jx_err){{0}};
	}
	if (ch->said[0])
		cli_out("评价表 %lld 的 %s：%s\n", "sheet %lld, %s: %s\n", (long long)s->id, c->pos[1], ch->said);
	int changed = 0;
	for (size_t i = 0; i < ch->n; i++) {
		if (jx_field_get(s, ch->path[i], shown[i], len, &err) < 0)
			shown[i][0] = 0;
		if (strcmp(before[i], shown[i]) == 0) {
			cli_out("评价表 %lld 的 %s 已是“%s”，未改动\n", "sheet %lld: %s is already \"%s\"; nothing changed\n",
				(long long)s->id, ch->path[i], shown[i]);
			continue;
		}
		changed = 1;
		cli_out("评价表 %lld: %s 由“%s”改为“%s”\n", "sheet %lld: %s changed from \"%s\" to \"%s\"\n", (long long)s->id,
			ch->path[i], before[i], shown[i]);
	}
	if (changed) {
		jx_scoresheet ss;
		jx_findings fs;
		memset(&ss, 0, sizeof ss);
		memset(&fs, 0, sizeof fs);
		if (jx_app_refresh_summary(st, &c->tpl, s, &ss, &fs, &err) < 0)
			cli_jx(&err);
		jx_scoresheet_free(&ss);
		jx_findings_free(&fs);
	}
	return 0;
}

int cmd_set(cli_t *c)
{
	int rc = cli_need_templates(c);
	return rc ? rc : on_sheet(c, set_field);
}

int cmd_resolve(cli_t *c)
{
	jx_store *st;
	jx_err err = {{0}};
	int64_t id, of, copy;
	int keep_incoming = strcmp(c->keep, "incoming") == 0;
	char *origin = NULL;
	int rc = cli_open_db_with_templates(c, JX_APP_OPEN_WRITE, &st);
	if (rc)
		return rc;
	if ((rc = cli_resolve_id(st, c->pos[0], &id)))
		goto done;
	if (jx_merge_find_conflict(st, id, &of, &copy, &err) < 0) {
		cli_jx(&err);
		rc = JX_EXIT_INPUT;
		goto done;
	}
	if (jx_store_conflict_of(st, copy, &id, &origin, &err) < 0 ||
	    jx_store_resolve(st, of, copy, keep_incoming, c->user, &err) < 0) {
		cli_jx(&err);
		rc = refusal_code(st, of);
		goto done;
	}
	if (keep_incoming)
		cli_out("已解决冲突: 评价表 %lld 采用了来自 %s 的版本；冲突副本 %lld 已移入回收站\n",
		    "conflict resolved: sheet %lld now holds the version from %s; conflict copy %lld is in the trash\n",
		    (long long)of, jx_nz(origin), (long long)copy);
	else
		cli_out("已解决冲突: 评价表 %lld 保留本机版本；来自 %s 的冲突副本 %lld 已移入回收站\n",
		    "conflict resolved: sheet %lld keeps this machine's version; the conflict copy from %s (number %lld) is in the trash\n",
		    (long long)of, jx_nz(origin), (long long)copy);
	{
		/* the list's cached score follows the content */
		jx_sheet *s = NULL;
		jx_scoresheet ss;
		jx_findings fs;
		memset(&ss, 0, sizeof ss);
		memset(&fs, 0, sizeof fs);
		if (jx_store_load(st, of, &s, &err) == 0 && jx_app_refresh_summary(st, &c->tpl, s, &ss, &fs, &err) < 0)
			cli_jx(&err);
		jx_scoresheet_free(&ss);
		jx_findings_free(&fs);
		jx_sheet_free(s);
	}
	rc = 0;
done:
	free(origin);
	jx_store_close(st);
	return rc;
}

/* ---------------------------------------------------------------------------
 * finalise, reopen, verify
 */

static void say_changed(int64_t id, const char *name, const char *stored, const char *now)
{
	if (stored[0])
		cli_out("评价表 %lld（%s）：定稿后内容被改动过！定稿时的 SHA-256 摘要为 %s，现在为 %s\n",
		    "sheet %lld (%s): its content was changed after it was finalised! SHA-256 at finalisation %s, now %s\n",
		    (long long)id, name, stored, now);
	else
		cli_out("评价表 %lld（%s）：标为定稿，但定稿时的 SHA-256 摘要已不在数据库中（被改动过）；现在的摘要为 %s\n",
		    "sheet %lld (%s): marked final, but the SHA-256 kept at finalisation is gone from the database "
		    "(it was tampered with); its digest now is %s\n",
		    (long long)id, name, now);
}

static int finalise(cli_t *c, jx_store *st, jx_sheet *s)
{
	jx_err err = {{0}};
	jx_app_final r;
	int rc = 0;
	size_t open;
	/* a sheet with values still to fill in is finalised only when asked twice */
	if (!c->force && !jx_app_is_final(st, s->id) && (open = jx_app_unfilled(st, &c->tpl, s)) > 0) {
		cli_err("评价表 %lld（%s）尚有 %zu 项未填（见 jixiao check %lld），未定稿；确要定稿请加 --force",
			"sheet %lld (%s) still has %zu unfilled values (see jixiao check %lld); not finalised; add --force "
			"to finalise it anyway",
			(long long)s->id, sheet_name(s), open, (long long)s->id);
		return JX_EXIT_INPUT;
	}
	switch (jx_app_finalise(st, s, c->user, &r, &err)) {
	case JX_APP_DONE:
		cli_out("评价表 %lld（%s）已定稿；内容的 SHA-256 摘要: %s\n"
			"重新打开之前不接受任何修改 (jixiao reopen %lld --reason 原因)；jixiao verify 可核对内容是否被改动\n",
			"sheet %lld (%s) is finalised; SHA-256 of its content: %s\n"
			"no change is accepted until it is reopened (jixiao reopen %lld --reason TEXT); jixiao verify checks "
			"that its content stays as it is\n",
			(long long)s->id, sheet_name(s), r.stored, (long long)s->id);
		break;
	case JX_APP_ALREADY_FINAL:
		printf("%s\n", err.msg);
		break;
	case JX_APP_CHANGED:
		say_changed(s->id, sheet_name(s), r.stored, r.now);
		cli_jx(&err);
		rc = JX_EXIT_FINDINGS;
		break;
	case JX_APP_REFUSED:
		cli_jx(&err);
		rc = JX_EXIT_INPUT;
		break;
	default:
		cli_jx(&err);
		rc = JX_EXIT_DB;
		break;
	}
	return rc;
}

int cmd_finalise(cli_t *c)
{
	int rc = cli_need_templates(c);
	return rc ? rc : on_sheet(c, finalise);
}

static int reopen(cli_t *c, jx_store *st, jx_sheet *s)
{
	jx_err err = {{0}};
	jx_app_final r;
	int rc = jx_app_reopen(st, s, c->reason, c->user, &r, &err);
	if (rc != JX_APP_DONE) {
		cli_jx(&err);
		return rc == JX_APP_REFUSED ? JX_EXIT_INPUT : JX_EXIT_DB;
	}
	if (r.state == 2)
		cli_err("注意: 评价表 %lld 的内容在定稿后被改动过 (定稿时 %s，重新打开前 %s)；请用 jixiao history %lld 核对",
			"note: the content of sheet %lld had been changed after it was finalised (%s at finalisation, %s "
			"before reopening); look into it with jixiao history %lld",
			(long long)s->id, r.stored[0] ? r.stored : "-", r.now, (long long)s->id);
	cli_out("评价表 %lld（%s）已重新打开，状态为“%s”，可以修改；原因已记入修改记录\n",
		"sheet %lld (%s) is reopened with status \"%s\" and can be changed; the reason is in its history\n",
		(long long)s->id, sheet_name(s), status_label(s->status));
	return 0;
}

int cmd_reopen(cli_t *c)
{
	return on_sheet(c, reopen);
}

/* One sheet's line of verify; returns 1 when it was changed. */
static int print_verified(const jx_app_verified *v, int named)
{
	const char *name = v->name ? v->name : L("(未命名)", "(unnamed)");
	if (v->f.state == 0) {
		if (named)
			cli_out("评价表 %lld（%s）：未定稿\n", "sheet %lld (%s): not finalised\n", (long long)v->id, name);
		return 0;
	}
	if (v->f.state == 1) {
		cli_out("评价表 %lld（%s）：定稿内容完好（SHA-256 %s）\n", "sheet %lld (%s): finalised content intact (SHA-256 %s)\n",
			(long long)v->id, name, v->f.stored);
		return 0;
	}
	say_changed(v->id, name, v->f.stored, v->f.now);
	return 1;
}

int cmd_verify(cli_t *c)
{
	jx_store *st;
	jx_app_verified *v = NULL;
	size_t n = 0, checked = 0, changed = 0;
	jx_err err = {{0}};
	int64_t *ids = NULL;
	int rc = cli_open_db(c, JX_APP_OPEN_READ, &st);
	if (rc)
		return rc;
	if (c->npos) {
		ids = calloc((size_t)c->npos, sizeof *ids);
		if (!ids) {
			cli_err("内存不足", "out of memory");
			rc = JX_EXIT_DB;
			goto done;
		}
		for (int i = 0; i < c->npos; i++)
			if ((rc = cli_resolve_id(st, c->pos[i], &ids[i])))
				goto done;
	}
	/* with no ID every sheet: a finalised sheet whose mark was taken away
	 * behind the program's back is found by its history */
	rc = jx_app_verify(st, ids, (size_t)c->npos, &v, &n, &err);
	for (size_t i = 0; i < n; i++) {
		checked += v[i].f.state != 0;
		changed += (size_t)print_verified(&v[i], c->npos > 0);
	}
	if (rc < 0) {
		cli_jx(&err);
		rc = JX_EXIT_DB;
		goto done;
	}
	if (!c->npos && checked == 0)
		cli_out("数据库中没有定稿的评价表\n", "there is no finalised sheet in the database\n");
	else
		cli_out("共核对 %zu 张定稿评价表：%zu 张完好，%zu 张定稿后被改动\n",
			"%zu finalised sheets checked: %zu intact, %zu changed after finalisation\n", checked,
			checked - changed, changed);
	if (jx_store_schema_damage(st, &err)) {
		/* the triggers behind every digest are gone or rewritten */
		cli_jx(&err);
		rc = JX_EXIT_FINDINGS;
	}
	if (changed) {
		cli_err("%zu 张定稿评价表的内容在定稿后被改动过 (不是通过 jixiao)；请用 jixiao history 核对",
			"the content of %zu finalised sheets was changed after finalisation (not through jixiao); look "
			"into them with jixiao history",
			changed);
		rc = JX_EXIT_FINDINGS;
	}
done:
	free(ids);
	jx_app_verified_free(v, n);
	jx_store_close(st);
	return rc;
}

/* ---------------------------------------------------------------------------
 * trash, restore
 */

/* Move sheet pos[0] into the trash (deleted 1) or out of it (0), as the
 * workstation's list does: one audited change. */
static int trash_or_restore(cli_t *c, int deleted)
{
	jx_store *st;
	jx_sheet_summary *v = NULL;
	size_t n = 0;
	jx_err err = {{0}};
	int64_t id;
	int was = -1;
	const char *name = NULL;
	int rc = cli_open_db_with_templates(c, JX_APP_OPEN_WRITE, &st);
	if (rc)
		return rc;
	if ((rc = cli_resolve_id(st, c->pos[0], &id)))
		goto done;
	if (jx_store_list(st, 1, &v, &n, &err) < 0) {
		cli_jx(&err);
		rc = JX_EXIT_DB;
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		if (v[i].id == id) {
			was = v[i].deleted != 0;
			name = jx_has_text(v[i].name) ? v[i].name : L("(未命名)", "(unnamed)");
		}
	if (was == deleted) {
		if (deleted)
			cli_out("评价表 %lld（%s）已在回收站中，未改动\n", "sheet %lld (%s) is already in the trash; nothing changed\n",
				(long long)id, name);
		else
			cli_out("评价表 %lld（%s）不在回收站中，未改动\n", "sheet %lld (%s) is not in the trash; nothing changed\n",
				(long long)id, name);
		goto done;
	}
	if (jx_store_trash(st, id, deleted, c->user, &err) < 0) {
		cli_jx(&err);
		rc = refusal_code(st, id);
		goto done;
	}
	if (deleted)
		cli_out("评价表 %lld（%s）已移入回收站 (jixiao restore %lld 可恢复)\n",
			"sheet %lld (%s) is in the trash (jixiao restore %lld brings it back)\n", (long long)id, jx_nz(name),
			(long long)id);
	else
		cli_out("评价表 %lld（%s）已从回收站恢复\n", "sheet %lld (%s) is back from the trash\n", (long long)id, jx_nz(name));
done:
	jx_summaries_free(v, n);
	jx_store_close(st);
	return rc;
}

int cmd_trash(cli_t *c)
{
	return trash_or_restore(c, 1);
}

int cmd_restore(cli_t *c)
{
	return trash_or_restore(c, 0);
}
