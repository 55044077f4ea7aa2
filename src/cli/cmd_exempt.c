/* cmd_exempt.c - youdu exempt import FILE: a 免罚清单 (issue 24) */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "youdu/exempt.h"

int cmd_exempt(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {{NULL, 0, NULL, 0}};
	struct yd_exempt_stats st;
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	int c, rc;

	if ((c = cli_getopt("exempt", argc, argv, "", opts)) != -1)
		return EXIT_USAGE;
	if (optind + 2 != argc || strcmp(argv[optind], "import") != 0)
		return cli_usage_error("exempt", "expected 'exempt import FILE'");
	if ((rc = cli_open_db(cli, 0, &db)) != 0)
		return rc;
	if (yd_exempt_import(db, argv[optind + 1], &st, &err) < 0) {
		rc = cli_fail(&err);
	} else {
		printf("%s: %ld items, %ld matched to the catalogue by name, %ld without a first-offence window, "
		       "%ld of no known kind\n",
		       argv[optind + 1], st.items, st.matched, st.no_window, st.no_kind);
	}
	yd_db_close(db);
	return rc;
}
