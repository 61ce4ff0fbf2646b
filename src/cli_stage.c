/* The command line of a project's stages (stage.h): jixiao stage ID STAGE
 * [--month N], and the word list --stage takes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli_int.h"
#include "stage.h"

int cli_stage_arg(const char *arg, int *g)
{
	jx_stage v;
	if (jx_stage_parse(arg, &v) < 0) {
		cli_err("未知阶段“%s”；可用：declaration（申报）、monitoring（监控）、self（自评）",
			"unknown stage \"%s\"; use declaration, monitoring or self", arg);
		return JX_EXIT_USAGE;
	}
	*g = (int)v;
	return 0;
}

/* --month N: 0 when not given, or an exit code after a message. */
static int month_arg(const cli_t *c, int *month)
{
	char *end;
	long m;
	*month = 0;
	if (!c->month_arg)
		return 0;
	errno = 0;
	m = strtol(c->month_arg, &end, 10);
	if (errno || end == c->month_arg || *end || m < 1 || m > 12) {
		cli_err("--month 须为 1 到 12 的月份：%s", "--month must be a month from 1 to 12: %s", c->month_arg);
		return JX_EXIT_USAGE;
	}
	*month = (int)m;
	return 0;
}

int cmd_stage(cli_t *c)
{
	jx_store *st;
	jx_err err = {{0}};
	int64_t id, new_id = 0;
	int g, month, rc;
	char what[64];
	if ((rc = cli_stage_arg(c->pos[1], &g)) || (rc = month_arg(c, &month)))
		return rc;
	if ((rc = cli_open_db_with_templates(c, JX_APP_OPEN_WRITE, &st)))
		return rc;
	if ((rc = cli_resolve_id(st, c->pos[0], &id)))
		goto done;
	rc = jx_app_make_stage(st, &c->tpl, id, g, month, c->user, &new_id, &err);
	jx_stage_text(jx_stage_key((jx_stage)g), month, what, sizeof what);
	if (rc < 0) {
		cli_jx(&err);
		rc = rc == -2 ? JX_EXIT_INPUT : JX_EXIT_DB;
		goto done;
	}
	if (rc > 0) {
		cli_err("这个项目本年度已有%s表（编号 %lld），未生成", "the project already has a %s sheet this year (number %lld); none made",
			what, (long long)new_id);
		rc = JX_EXIT_INPUT;
		goto done;
	}
	{
		/* the list shows the new sheet's total and findings at once */
		jx_sheet *s = NULL;
		jx_scoresheet ss;
		jx_findings fs;
		memset(&ss, 0, sizeof ss);
		memset(&fs, 0, sizeof fs);
		if (jx_store_load(st, new_id, &s, &err) == 0)
			jx_app_refresh_summary(st, &c->tpl, s, &ss, &fs, &err);
		jx_findings_free(&fs);
		jx_scoresheet_free(&ss);
		jx_sheet_free(s);
	}
	cli_out("已生成%s表，编号 %lld\n", "made the %s sheet, number %lld\n", what, (long long)new_id);
done:
	jx_store_close(st);
	return rc;
}
