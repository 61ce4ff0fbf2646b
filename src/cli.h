/* The jixiao command line: main.c hands over to jx_cli_main(), which parses
 * the options and runs a command, or starts the curses workstation
 * (screens/) when no command is given.  The exit codes are in app.h. */
#ifndef JX_CLI_H
#define JX_CLI_H

#include "app.h"

#define JX_VERSION "0.1.0"

/* Entry point of the workstation, provided by screens/ when it is built in. */
typedef int (*jx_workstation_fn)(int argc, char **argv, const char *db_path);

/* Run the command line.  ws is NULL when the workstation is not linked in. */
int jx_cli_main(int argc, char **argv, jx_workstation_fn ws);

#endif
