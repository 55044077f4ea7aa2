/* cmd_catalogue.c - youdu catalogue import */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "youdu/catalogue.h"

int cmd_catalogue(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {{"encoding", required_argument, NULL, 'e'}, {NULL, 0, NULL, 0}};
	enum yd_encoding enc = YD_ENC_AUTO;
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	long count = 0;
	int c, rc;

	while ((c = cli_getopt("catalogue", argc, argv, "", opts)) != -1) {
		if (c != 'e')
			return EXIT_USAGE;
		if (yd_encoding_parse(optarg, &enc) < 0)
			return cli_usage_error("catalogue", "--encoding: unknown encoding '%s'", optarg);
	}
	if (optind + 2 != argc || strcmp(argv[optind], "import") != 0)
		return cli_usage_error("catalogue", "expected 'catalogue import FILE'");
	if ((rc = cli_open_db(cli, 0, &db)) != 0)
		return rc;
	if (yd_catalogue_import(db, argv[optind + 1], enc, &count, &err) < 0)
		rc = cli_fail(&err);
	else
		printf("%s: %ld catalogue items\n", argv[optind + 1], count);
	yd_db_close(db);
	return rc;
}
