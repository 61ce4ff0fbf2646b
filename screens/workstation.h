/* The curses workstation (screens/): entry point called by the command line
 * when jixiao is run without a subcommand. */
#ifndef JX_WORKSTATION_H
#define JX_WORKSTATION_H

/* Open the database at db_path (created if missing; opened read-only when
 * it cannot be written), load the templates and run the workstation until
 * the user quits.  Options read from argv: --review (only the reviewer's
 * fields can be changed) and --lang zh|en.  Returns a jixiao exit code. */
int jx_workstation_main(int argc, char **argv, const char *db_path);

#endif
