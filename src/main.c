/* jixiao: one binary for the command line and the curses workstation. */
#include "cli.h"

/* Defined by screens/ when the workstation is built in; a weak reference
 * stays NULL otherwise, so the binary links in both states. */
int jx_workstation_main(int argc, char **argv, const char *db_path) __attribute__((weak));

int main(int argc, char **argv)
{
	return jx_cli_main(argc, argv, jx_workstation_main);
}
