/* cmd_import.c - youdu import */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "youdu/analyze.h"
#include "youdu/db_analysis.h"
#include "youdu/import.h"
#include "youdu/json.h"
#include "youdu/out.h"
#include "youdu/parse.h"

/* Progress on stderr, only for a terminal and after the first seconds. */
struct progress {
	time_t start;
	int shown;
	int quiet;       /* called only for the test hook below */
	long kill_after; /* YOUDU_TEST_KILL_AFTER_ROWS: SIGKILL once this many rows are written */
};

static void show_progress(void *data, const char *file, long rows, uint64_t pos, uint64_t size)
{
	struct progress *p = data;
	if (p->kill_after > 0 && rows >= p->kill_after)
		raise(SIGKILL); /* the tests' crash at a known point, in the middle of the transaction */
	if (p->quiet || time(NULL) - p->start < 2)
		return;
	fprintf(stderr, "\r%s: %ld rows (%.0f%%)", file, rows, size ? 100.0 * (double)pos / (double)size : 0.0);
	p->shown = 1;
}

static void print_stats(FILE *f, enum yd_format fmt, const char *path, const struct yd_import_stats *st)
{
	if (fmt == YD_FMT_JSON) {
		json_t *o = json_object();
		yd_json_set(o, "file", yd_json_str(path));
		yd_json_set(o, "format", json_string(yd_table_format_name(st->format)));
		yd_json_set(o, "encoding", json_string(yd_encoding_name(st->encoding)));
		yd_json_set(o, "read", json_integer(st->read));
		yd_json_set(o, "imported", json_integer(st->imported));
		yd_json_set(o, "duplicates", json_integer(st->duplicates));
		yd_json_set(o, "rejected", json_integer(st->rejected));
		yd_json_set(o, "replaced", json_integer(st->replaced));
		yd_json_set(o, "warnings", json_integer(st->warnings));
		yd_json_print(f, o);
		return;
	}
	fprintf(f, "%s: read %ld, imported %ld, duplicates %ld, rejected %ld", path, st->read, st->imported,
		st->duplicates, st->rejected);
	/* which encoding was read, unless the plain UTF-8 of most files */
	if (st->format == YD_TABLE_TEXT && st->encoding != YD_ENC_UTF8)
		fprintf(f, " (read as %s)", yd_encoding_name(st->encoding));
	if (st->replaced)
		fprintf(f, " (%ld replaced)", st->replaced);
	if (st->warnings)
		fprintf(f, "; %ld data-quality warning%s (youdu rejects --warnings)", st->warnings,
			st->warnings == 1 ? "" : "s");
	fputc('\n', f);
}

/* import --analyze: judges every case, from the cases the import kept
 * when it holds them all; returns rc or the analysis' failure. */
static int analyze_imported(struct yd_db *db, const struct yd_casecols *kept, enum yd_format fmt, int rc)
{
	struct yd_analyze_opts o = {YD_THRESHOLDS_DEFAULT, 0, NULL, NULL, kept};
	struct yd_error err = {0};
	/* the import's log copied into the database first, as two commands'
	 * close would; only for speed, so a failure is no failure */
	(void)yd_db_checkpoint(db, &err);
	int r = cli_analyze(db, &o, fmt);
	return r != EXIT_OK_ ? r : rc;
}

const struct cli_opt cli_import_opts[] = {
    CLI_OPT_ENCODING,
    CLI_OPT_SHEET,
    CLI_OPT('H', "header-row", "N",
	    "the header is on line (row) N; without it, the first of the\n"
	    "first 20 rows that names the required fields (after --map)"),
    CLI_OPT('D', "date-order", "O",
	    "mdy, dmy or ymd for dates such as 03/05/2024; without it the\n"
	    "dates of the file that can be read only one way decide"),
    CLI_OPT('C', "calendar", "C",
	    "gregorian or roc (民国: year + 1911); without it, years under\n"
	    "200 before 年, after 民國, or of 3 digits are ROC years"),
    CLI_OPT('R', "region-default", "PATH", "the region of rows that give none"),
    CLI_OPT('c', "currency", "CODE",
	    "the ISO 4217 currency of the file's amounts (default CNY;\n"
	    "TWD, HKD, EUR...), stored with the cases and exported"),
    CLI_OPT('m', "map", "FILE",
	    "two-column CSV: source column, canonical field; several\n"
	    "columns mapped to region (省, 市, 县) are joined in map order;\n"
	    "the field factor:NAME makes a column a peer factor (vehicle\n"
	    "class, size band...): decisions are compared within it"),
    CLI_FLAG('s', "strict", "any rejected row fails its file (exit 1, nothing written)"),
    CLI_FLAG('r', "replace",
	     "a known (case_id, violation_code) with new content replaces the\n"
	     "stored row instead of being rejected as a conflict"),
    CLI_FLAG('a', "analyze",
	     "then judge every case, as youdu analyze with its defaults\n"
	     "does; into an empty database the cases are judged from what\n"
	     "the import read, not read again"),
    CLI_OPT('f', "format", "F", "text (default) or json (one object per file)"),
    CLI_FLAG('q', "quiet", "no progress line"),
    CLI_OPT_END};

int cmd_import(int argc, char **argv, struct cli *cli)
{
	struct yd_import_opts io = {0};
	struct yd_colmap map = YD_COLMAP_INIT;
	struct yd_db *db = NULL;
	struct progress prog = {time(NULL), 0, 0, 0};
	enum yd_format fmt = YD_FMT_TEXT;
	const char *map_path = NULL;
	char currency[4] = "CNY";
	struct yd_casecols cols = {0};
	int c, quiet = 0, analyze = 0, rc = EXIT_OK_;

	while ((c = cli_getopt("import", argc, argv, cli_import_opts)) != -1) {
		switch (c) {
		case 'e':
			if (yd_encoding_parse(optarg, &io.encoding) < 0)
				return cli_usage_error("import", "--encoding: unknown encoding '%s' (auto, utf-8, gbk, utf-16le, utf-16be)", optarg);
			break;
		case 'm': map_path = optarg; break;
		case 's': io.strict = 1; break;
		case 'r': io.replace = 1; break;
		case 'q': quiet = 1; break;
		case 'a': analyze = 1; break;
		case 'S': io.sheet = optarg; break;
		case 'R': io.region_default = optarg; break;
		case 'c':
			if (yd_parse_currency(optarg, currency) < 0)
				return cli_usage_error("import", "--currency: expected a three-letter ISO 4217 code (CNY, TWD, HKD...), not '%s'",
						       optarg);
			break;
		case 'D':
			if (yd_date_order_parse(optarg, &io.date_order) < 0)
				return cli_usage_error("import", "--date-order: expected mdy, dmy or ymd, not '%s'", optarg);
			break;
		case 'C':
			if (yd_calendar_parse(optarg, &io.calendar) < 0)
				return cli_usage_error("import", "--calendar: expected gregorian or roc, not '%s'", optarg);
			break;
		case 'H':
			if (cli_parse_long("import", "--header-row", optarg, 1, 1000000, &io.header_row) != 0)
				return EXIT_USAGE;
			break;
		case 'f':
			if (yd_format_parse(optarg, &fmt) < 0 || (fmt != YD_FMT_TEXT && fmt != YD_FMT_JSON))
				return cli_usage_error("import", "--format: expected text or json, not '%s'", optarg);
			break;
		default: return EXIT_USAGE;
		}
	}
	if (optind == argc)
		return cli_usage_error("import", "no file to import");
	io.currency = currency;
	if (map_path) {
		struct yd_error err = {0};
		if (yd_colmap_load(map_path, &map, &err) < 0) {
			rc = cli_fail(&err);
			goto out;
		}
		io.map = &map;
	}
	/* YOUDU_TEST_KILL_AFTER_ROWS=N, for the tests: the process kills itself
	 * once N rows (a multiple of 65,536) are written, inside the transaction */
	const char *kill_after = getenv("YOUDU_TEST_KILL_AFTER_ROWS");
	prog.kill_after = kill_after ? strtol(kill_after, NULL, 10) : 0;
	prog.quiet = quiet || !isatty(STDERR_FILENO);
	if (!prog.quiet || prog.kill_after > 0) {
		io.progress = show_progress;
		io.progress_data = &prog;
	}
	io.today = cli_today_ymd();
	if ((rc = cli_open_db(cli, 0, &db)) != 0)
		goto out;
	if (analyze && !io.replace) {
		/* read once (issue 22): into an empty database, the cases the
		 * import stores are all there are; --replace changes kept rows */
		struct yd_error err = {0};
		int64_t stored;
		if (yd_db_max_case_id(db, &stored, &err) < 0) {
			rc = cli_fail(&err);
			goto out;
		}
		if (stored == 0)
			io.keep = &cols;
	}
	for (int i = optind; i < argc; i++) {
		struct yd_import_stats st = {0};
		struct yd_error err = {0};
		prog.start = time(NULL);
		int r = yd_import_file(db, argv[i], &io, &st, &err);
		if (prog.shown) {
			fputs("\r\033[K", stderr);
			prog.shown = 0;
		}
		if (r < 0) {
			int code = cli_fail(&err);
			if (code > rc)
				rc = code;
		} else {
			if (st.header_line > 1 && !io.header_row)
				fprintf(stderr, "youdu: %s: header on %s %ld; the rows above it skipped as titles\n",
					argv[i], st.sheet[0] ? "row" : "line", st.header_line);
			if (st.ignored)
				cli_note("%s: ignoring columns: %s", argv[i], st.ignored);
			if (st.date_order != YD_ORDER_AUTO)
				fprintf(stderr, "youdu: %s: dates such as 03/05 read %s first, as line %ld tells\n", argv[i],
					st.date_order == YD_ORDER_MDY ? "month" : "day", st.date_order_line);
			if (st.rejects_cut)
				fprintf(stderr, "youdu: %s: %ld rejected row%s longer than 4 KiB kept cut\n", argv[i],
					st.rejects_cut, st.rejects_cut == 1 ? "" : "s");
			if (st.rejects_unstored)
				fprintf(stderr,
					"youdu: %s: %ld rejected row%s counted but not stored (a file keeps at most "
					"100,000 rejected rows or 64 MiB of them)\n",
					argv[i], st.rejects_unstored, st.rejects_unstored == 1 ? "" : "s");
			print_stats(stdout, fmt, argv[i], &st);
			/* a file of rows none of which could be read is a failed
			 * import, not a quiet success (issue 25.2: read 978,
			 * imported 0, rejected 978, exit 0) */
			if (st.rejected && !st.imported && !st.duplicates) {
				fprintf(stderr,
					"youdu: %s: nothing imported: %ld of %ld rejected row%s like line %ld: %s "
					"(youdu rejects)\n",
					argv[i], st.common_reject_n, st.rejected, st.rejected == 1 ? "" : "s",
					st.common_reject_line, st.common_reject);
				if (rc < EXIT_FINDINGS)
					rc = EXIT_FINDINGS;
			}
		}
		yd_import_stats_release(&st);
	}
	if (analyze && rc < EXIT_USAGE)
		rc = analyze_imported(db, io.keep, fmt, rc);
out:
	yd_db_close(db);
	yd_colmap_release(&map);
	yd_casecols_release(&cols);
	return rc;
}
