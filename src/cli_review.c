/* The command line's review round: jixiao submit, return and approve
 * (app_review.h), and what show says of a returned sheet. */
#include "cli_int.h"

#include <stdio.h>
#include <stdlib.h>

#include "app_review.h"

/* Take step a on the sheet the first argument names. */
static int step(cli_t *c, jx_review_action a)
{
	jx_store *st;
	jx_sheet *s = NULL;
	jx_err err = {{0}};
	int rc = cli_open_db(c, JX_APP_OPEN_WRITE, &st);
	if (rc)
		return rc;
	if (!(rc = cli_load_by_arg(st, c->pos[0], &s))) {
		const char *before = jx_status_label(s->status);
		rc = jx_app_review_step(st, s, a, c->reason, c->user, &err);
		if (rc == JX_APP_DONE)
			cli_out("评价表 %lld（%s）：%s → %s\n", "sheet %lld (%s): %s → %s\n", (long long)s->id, sheet_name(s),
				before, jx_status_label(s->status));
		else
			cli_jx(&err);
		rc = rc == JX_APP_DONE ? 0 : rc == JX_APP_REFUSED ? JX_EXIT_INPUT : JX_EXIT_DB;
	}
	jx_sheet_free(s);
	jx_store_close(st);
	return rc;
}

int cmd_submit(cli_t *c)
{
	return step(c, JX_ACT_SUBMIT);
}

int cmd_return(cli_t *c)
{
	return step(c, JX_ACT_RETURN);
}

int cmd_approve(cli_t *c)
{
	return step(c, JX_ACT_APPROVE);
}

int cli_review_show(jx_store *st, const jx_sheet *s)
{
	char *reason = NULL, *who = NULL, *at = NULL;
	jx_err err = {{0}};
	int rc;
	if (!jx_texteq(s->status, "returned"))
		return 0;
	rc = jx_app_last_return(st, s->id, &reason, &who, &at, &err);
	if (rc < 0) {
		cli_jx(&err);
		return JX_EXIT_DB;
	}
	if (rc > 0)
		cli_out("  退回原因              %s（%s，%s）\n", "  Returned because      %s (%s, %s)\n", reason, jx_nz(who),
			jx_nz(at));
	free(reason);
	free(who);
	free(at);
	return 0;
}
