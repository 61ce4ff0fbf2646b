/* Private to the command line (src/cli*.c): the parsed command line, the
 * messages on stdout and stderr, and the helpers every command file uses.
 * cli.c holds main, the options, the command table and dispatch;
 * cli_sheets.c the commands that show sheets (list, show, score, check,
 * templates, history); cli_exchange.c import and export; cli_edit.c those
 * that change the database (init, set, resolve, finalise, reopen, verify);
 * cli_collect.c the collection view (collect, roster, export --format
 * summary and dashboard). */
#ifndef JX_CLI_INT_H
#define JX_CLI_INT_H

#include <stdint.h>
#include <string.h>

#include "app.h"
#include "strutil.h"
#include "cli.h"
#include "err.h"
#include "model.h"
#include "store.h"
#include "template.h"

#if defined(__GNUC__)
#define JX_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define JX_PRINTF(a, b)
#endif

/* Command bits: which options apply to which commands. */
enum {
	C_INIT = 1 << 0,
	C_IMPORT = 1 << 1,
	C_EXPORT = 1 << 2,
	C_LIST = 1 << 3,
	C_SHOW = 1 << 4,
	C_SCORE = 1 << 5,
	C_CHECK = 1 << 6,
	C_TEMPLATES = 1 << 7,
	C_HISTORY = 1 << 8,
	C_HELP = 1 << 9,
	C_WS = 1 << 10, /* no command: the workstation */
	C_RESOLVE = 1 << 11,
	C_SET = 1 << 12,
	C_FINALISE = 1 << 13,
	C_REOPEN = 1 << 14,
	C_VERIFY = 1 << 15,
	C_TRASH = 1 << 16, /* trash and restore */
	C_STAGE = 1 << 17,
	C_COMMENT = 1 << 24,  /* comment, answer, resolve-comment, reopen-comment */
	C_COMMENTS = 1 << 25, /* comments (the list) */
	C_COLLECT = 1 << 18,
	C_ROSTER = 1 << 19,
	C_REVIEW = 1 << 20, /* submit, return, approve */
	C_LIBRARY = 1 << 21,
	C_ALL = 0x3ffffff,
};

typedef struct {
	const char *cmd_name;
	int cmd;           /* C_* bit, 0 = none (workstation) */
	char **pos;        /* positional arguments */
	int npos;
	const char *db_arg, *lang, *tpl_dir, *user_arg, *format, *output, *year_arg, *keep, *reason, *mode_arg;
	const char *stage_arg, *month_arg; /* list --stage, stage --month */
	const char *by_arg;               /* collect --by */
	const char *light_arg;             /* list --light */
	int force, all, help, help_man, version, review, gb18030;
	int new_source;    /* set: a fund source the sheet and template lack may be added */
	int year;          /* export --year, 0 = not given */
	const char *map_arg, *template_arg; /* import of a spreadsheet: --map, --template */
	int dry_run;       /* import --dry-run: show what a spreadsheet maps to, import nothing */
	int open_only;     /* comments --open: only the comments not resolved */

	char *db_path;     /* resolved (malloc'd) */
	int db_default;    /* not given with --db */
	const char *user;
	jx_templates tpl;
	int tpl_loaded;
} cli_t;

/* The commands (one file per theme). */
int cmd_init(cli_t *c);
int cmd_import(cli_t *c);
int cmd_export(cli_t *c);
int cmd_list(cli_t *c);
int cmd_show(cli_t *c);
int cmd_score(cli_t *c);
int cmd_check(cli_t *c);
int cmd_templates(cli_t *c);
int cmd_history(cli_t *c);
int cmd_set(cli_t *c);
int cmd_resolve(cli_t *c);
int cmd_finalise(cli_t *c);
int cmd_reopen(cli_t *c);
int cmd_verify(cli_t *c);
int cmd_trash(cli_t *c);
int cmd_restore(cli_t *c);
int cmd_stage(cli_t *c); /* cli_stage.c */
int cmd_comment(cli_t *c); /* cli_comment.c */
int cmd_comments(cli_t *c);
int cmd_answer(cli_t *c);
int cmd_resolve_comment(cli_t *c);
int cmd_reopen_comment(cli_t *c);
int cmd_collect(cli_t *c); /* cli_collect.c */
int cmd_roster(cli_t *c);
/* export --format summary or dashboard (cli_collect.c); 0 or an exit code. */
int cli_export_collect(cli_t *c);
int cmd_submit(cli_t *c); /* cli_review.c */
int cmd_return(cli_t *c);
int cmd_approve(cli_t *c);
/* show: the last return's reason of a returned sheet; 0 or an exit code. */
int cli_review_show(jx_store *st, const jx_sheet *s);
int cmd_library(cli_t *c); /* cli_library.c */
/* A line of a table: the cells two blanks apart, each padded to its width
 * (negative: aligned right), then `last` as it is (NULL: none). cli_sheets.c */
void put_cells(int n, const char *const *cells, const int *width, const char *last);
/* score of a monitoring sheet: 序时进度, each fund's and indicator's
 * light with its gap (cli_monitor.c). */
void cli_print_monitoring(const jx_template *t, const jx_sheet *s);
/* list --light COLOUR: the colour (monitor.h jx_light) of red / yellow /
 * green or 红 / 黄 / 绿 into *light; 0, or JX_EXIT_USAGE with the message. */
int cli_light_arg(const char *arg, int *light);
/* Keep in v (n summaries) only the monitoring sheets whose worst light is
 * `light`, the rest freed; the new count. */
size_t cli_keep_light(cli_t *c, jx_store *st, jx_sheet_summary *v, size_t n, int light);
/* list --stage: 0 and *g, or an exit code after a message (cli_stage.c). */
int cli_stage_arg(const char *arg, int *g);

/* "jixiao: message" on stderr; zh and en take the same arguments. */
void cli_err(const char *zh, const char *en, ...) JX_PRINTF(1, 3);
/* A message already in the user's language (from jx_err); one that starts
 * with a location ("file:line:column: ") is printed as it is. */
void cli_jx(const jx_err *e);
/* Every message of a list, as cli_jx. */
void cli_msgs(const jx_app_msgs *m);
/* printf in the user's language on stdout. */
void cli_out(const char *zh, const char *en, ...) JX_PRINTF(1, 3);

/* Load the templates once (notes of replaced ones on stderr); 0 or an exit code. */
int cli_need_templates(cli_t *c);
/* The template of that id, or NULL after a message naming it ("where" first). */
const jx_template *cli_template_by_id(cli_t *c, const char *id, const char *where);
/* Open the database (mode JX_APP_OPEN_*); 0 or an exit code after a message. */
int cli_open_db(cli_t *c, jx_app_open_mode mode, jx_store **st);
/* The templates, then the database: cli_need_templates and cli_open_db for
 * a command that scores the sheets it opens; 0 or an exit code. */
int cli_open_db_with_templates(cli_t *c, jx_app_open_mode mode, jx_store **st);
/* Resolve an ID argument (local number or uid) to a stored sheet id. */
int cli_resolve_id(jx_store *st, const char *arg, int64_t *id);
/* Load the sheet an ID argument names. */
int cli_load_by_arg(jx_store *st, const char *arg, jx_sheet **out);
/* stat() succeeds on p. */
int cli_file_exists(const char *p);

static inline const char *sheet_name(const jx_sheet *s)
{
	const char *n = s->info[JX_INFO_NAME];
	return n && *n ? n : L("(未命名)", "(unnamed)");
}

/* A sheet's status in words; none is a draft. */
static inline const char *status_label(const char *st)
{
	return jx_status_label(st);
}

#endif
