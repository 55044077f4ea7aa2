/* cmd_rejects.c - youdu rejects: the rows import could not read, and its warnings */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "youdu/db.h"
#include "youdu/out.h"
#include "youdu/parse.h"
#include "youdu/xlsxout.h"

/* The columns of every form: the table shows where and why, and the row as
 * it was read (a warning's value) on a line under it. */
static const struct yd_col reject_cols[] = {{"file", YD_COL_TEXT, 24, YD_SHOW_ALL},
					    {"line", YD_COL_INT, 6, YD_SHOW_ALL},
					    {"reason", YD_COL_TEXT, 0, YD_SHOW_ALL},
					    {"raw", YD_COL_TEXT, 0, YD_SHOW_BELOW}};
static const struct yd_col warning_cols[] = {{"file", YD_COL_TEXT, 24, YD_SHOW_ALL},
					     {"line", YD_COL_INT, 6, YD_SHOW_ALL},
					     {"reason", YD_COL_TEXT, 0, YD_SHOW_ALL},
					     {"value", YD_COL_TEXT, 0, YD_SHOW_BELOW}};
/* print_reject writes both: one count */
_Static_assert(CLI_NCOLS(warning_cols) == CLI_NCOLS(reject_cols), "rejects and warnings differ in columns");

/* rejects' options */
const struct cli_opt cli_rejects_opts[] = {
    CLI_FLAG('w', "warnings",
	     "the imported rows with a data-quality warning instead (a\n"
	     "placeholder cell such as 暂无, N/A or [] read as missing, a\n"
	     "one-element list ['x'] read as x, a date before 1990, a month\n"
	     "without its day), with the value"),
    CLI_OPT_FORMAT_XLSX,
    CLI_OPT('o', "out", "FILE",
	    "writes csv, json or xlsx to FILE instead of stdout (through a\n"
	    "temporary file, renamed when complete)"),
    CLI_OPT_END};

/* Options of the listing commands: --format, --out and, for rejects, --warnings. */
int cli_list_options(const char *cmd, int argc, char **argv, unsigned allowed, enum yd_format *fmt,
			const char **out, int *warnings)
{
	int c;
	while ((c = cli_getopt(cmd, argc, argv, cli_rejects_opts)) != -1) {
		switch (c) {
		case 'f':
			if (yd_format_parse(optarg, fmt) < 0 || !(allowed & (1u << *fmt)))
				return cli_usage_error(cmd, "--format: unsupported format '%s'", optarg);
			break;
		case 'o': *out = optarg; break;
		case 'w':
			if (warnings) {
				*warnings = 1;
				break;
			}
			return cli_usage_error(cmd, "unknown option '--warnings'");
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	return 0;
}

static int print_reject(void *data, const struct yd_reject_row *r)
{
	struct cli_list_state *s = data;
	char line[32];
	snprintf(line, sizeof line, "%ld", r->line);
	const char *v[] = {r->file, line, r->reason, r->raw};
	CLI_OUT_ROW(&s->out, reject_cols, v);
	s->n++;
	return 0;
}

int cmd_rejects(int argc, char **argv, struct cli *cli)
{
	struct cli_list_state s = {YD_FMT_TABLE, 0, {0}};
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	const char *out = NULL;
	int warnings = 0;
	int rc = cli_list_options("rejects", argc, argv,
			      1u << YD_FMT_TABLE | 1u << YD_FMT_CSV | 1u << YD_FMT_JSON | 1u << YD_FMT_XLSX, &s.fmt, &out,
			      &warnings);

	if (rc || (rc = cli_out_check("rejects", s.fmt, out)) != 0 ||
	    (rc = cli_open_db(cli, YD_DB_READONLY, &db)) != 0)
		return rc;
	if ((rc = cli_out_open(&s.out, "rejects", cli, s.fmt, out, warnings ? warning_cols : reject_cols,
			       CLI_NCOLS(reject_cols))) != 0) {
		yd_db_close(db);
		return rc;
	}
	if ((warnings ? yd_db_warnings_each : yd_db_rejects_each)(db, print_reject, &s, &err) < 0)
		rc = cli_fail(&err);
	if (s.fmt == YD_FMT_TABLE)
		printf(warnings ? "%ld data-quality warnings\n" : "%ld rejected rows\n", s.n);
	yd_db_close(db);
	return cli_out_close(&s.out, rc);
}

