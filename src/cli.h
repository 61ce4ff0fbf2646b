/* The jixiao command line: option parsing, the subcommands, exit codes.
 * main.c hands over to jx_cli_main(); the curses workstation (screens/)
 * is started from here when no subcommand is given. */
#ifndef JX_CLI_H
#define JX_CLI_H

#include "err.h"
#include "template.h"

#define JX_VERSION "0.1.0"

/* Exit codes (documented in --help, README.md and jixiao(1)). */
enum {
	JX_EXIT_OK = 0,       /* success */
	JX_EXIT_FINDINGS = 1, /* check: at least one error-severity finding; verify: a
			       * finalised sheet changed behind the program's back */
	JX_EXIT_USAGE = 2,    /* bad command line */
	JX_EXIT_INPUT = 3,    /* input refused: bad file or number, unknown template or sheet,
			       * a bundle that contradicts the database, no conflict to
			       * resolve, a change to a finalised sheet, reopen of a sheet
			       * not finalised, workstation not in this build */
	JX_EXIT_DB = 4,       /* database or file-system error: cannot open, newer version,
			       * not a jixiao file, locked, read-only, disk full */
};

/* Entry point of the workstation, provided by screens/ when it is built in. */
typedef int (*jx_workstation_fn)(int argc, char **argv, const char *db_path);

/* Run the command line.  ws is NULL when the workstation is not linked in. */
int jx_cli_main(int argc, char **argv, jx_workstation_fn ws);

/* Options of the current run, for the workstation (valid after jx_cli_main
 * has parsed the command line and before it returns). */
typedef struct {
	const char *db_path;       /* resolved database path */
	const char *templates_dir; /* --templates DIR, or NULL */
	const char *user;          /* audit user (--user or jx_current_user()) */
} jx_cli_options;
const jx_cli_options *jx_cli_opts(void);

/* Load the built-in templates, then --templates DIR, then
 * $XDG_DATA_HOME/jixiao/templates (or ~/.local/share/jixiao/templates) when
 * that directory exists.  On error the set is left empty and err says why. */
int jx_cli_load_templates(jx_templates *set, const char *extra_dir, jx_err *err);
/* After jx_cli_load_templates: the first template loaded from a file in the
 * place of a built-in one of the same id (every sheet of that id is then
 * scored by it), or NULL. */
const jx_template *jx_cli_replaced_builtin(const jx_templates *set);

/* Default database path: $XDG_DATA_HOME/jixiao/jixiao.db, else
 * ~/.local/share/jixiao/jixiao.db.  Returns a malloc'd string or NULL. */
char *jx_cli_default_db(void);

#endif
