/* cli.h - shared declarations of the youdu tool (not the library). */
#ifndef YOUDU_CLI_H
#define YOUDU_CLI_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "youdu/buf.h"
#include "youdu/error.h"
#include "youdu/out.h"

struct json_t; /* jansson's (youdu/json.h) */

/* Exit codes of every command. */
enum { EXIT_OK_ = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

/* State of one run of the tool, made in main and passed to commands. */
struct cli {
	const char *db_path; /* --db, default "youdu.db" */
	int quiet_notes;     /* 1: cli_open_db says nothing of a stale analysis */
	int raw;             /* --raw: CSV cells as they are, no formula guard */
	int bom;             /* --bom: CSV output starts with a UTF-8 byte-order mark */
};

/* One CSV cell of command output: formula-like cells guarded unless --raw. */
static inline void cli_csv(int raw, const char *s)
{
	if (raw)
		yd_out_csv_raw(stdout, s);
	else
		yd_out_csv(stdout, s);
}

/* Writes the UTF-8 byte-order mark before CSV output when --bom asks for it
 * (Excel on Chinese Windows reads CSV without one as GBK). */
static inline void cli_csv_bom(const struct cli *cli)
{
	if (cli->bom)
		fputs("\xEF\xBB\xBF", stdout);
}

/* A command's table output, from one description of its columns (struct
 * yd_col): the text table (TABLE, or TEXT where a command calls its table
 * that), CSV, JSON or an .xlsx workbook, to stdout or to --out FILE.  The
 * command hands every row as the cells its CSV form writes; the forms are
 *   table  a header line of the column names, rows padded by display width
 *          (numbers right-aligned, "" shown as -, control characters
 *          escaped), YD_SHOW_BELOW cells on their own indented line;
 *   CSV    the header and the cells, formula-like cells guarded unless --raw,
 *          a UTF-8 byte-order mark first with --bom;
 *   JSON   an array of objects, one per row ("[" rows joined by ",\n" "]"):
 *          key = column name, numbers unquoted, yes/no as true/false, ""
 *          as null;
 *   xlsx   typed cells (yd_xlsx_row).
 * Table-only columns (YD_SHOW_TABLE) are left out of the other three,
 * YD_SHOW_DATA columns out of the table.  --out goes through a temporary
 * file beside FILE, renamed over it only when the command finished: stdout
 * itself is pointed at that file for CSV and JSON. */
struct yd_col;
struct yd_xlsx;
struct cli_out {
	const char *cmd;           /* the command, for messages */
	enum yd_format fmt;        /* what is written */
	const char *path;          /* --out, or NULL for stdout */
	const struct yd_col *cols; /* the output's columns, table-only ones too (borrowed) */
	size_t ncols;
	struct yd_col *data_cols;  /* cols but the table-only ones: CSV, JSON, xlsx (owned) */
	const char **data_cells;   /* scratch: a row's cells in data_cols' order (owned) */
	size_t ndata;
	long rows;                 /* rows written */
	int started;               /* the header is written: close ends a JSON array */
	int raw;                   /* --raw */
	int tty;                   /* CSV to a terminal: control characters shown \xHH (issue 26.6) */
	char tmp[4096];            /* the temporary file while path is written */
	int saved_fd;              /* stdout's descriptor while it is the temporary file, else -1 */
	struct yd_xlsx *xlsx;      /* the workbook of --format xlsx */
	struct yd_error err;       /* the first failure of a row, reported at close */
	struct json_t *jrow;       /* JSON: one row's object, its values replaced row by row (owned) */
	struct yd_buf jbuf;        /* JSON: rows dumped, not yet written to stdout */
};
/* Checks fmt against path after the options are read: xlsx needs --out, and
 * --out writes csv, json or xlsx.  Returns 0 or EXIT_USAGE after the message. */
int cli_out_check(const char *cmd, enum yd_format fmt, const char *path);
/* Starts the output (cli_out_check first): the temporary file, the table's
 * header, the BOM and header of CSV, JSON's "[", the workbook.  Returns 0,
 * or the exit code after printing the error (o is then closed).  Call
 * before anything is printed to stdout but a note above a table. */
int cli_out_open(struct cli_out *o, const char *cmd, const struct cli *cli, enum yd_format fmt, const char *path,
		 const struct yd_col *cols, size_t ncols);
/* Writes one row: cells[i] is column i's cell as the CSV form writes it
 * ("" or NULL for none), one for every column of the description.  Call it
 * through CLI_OUT_ROW, which counts the cells. */
void cli_out_row(struct cli_out *o, const char *const *cells);
/* The number of entries of an array: a constant expression, for a command's
 * columns (struct yd_col cols[] = {...}) and a row's cells. */
#define CLI_NCOLS(a) (sizeof(a) / sizeof *(a))
/* cli_out_row with the row's cells counted against the columns at compile
 * time: v is an array declared without a length (const char *v[] = {...}),
 * cols the columns array the output was opened with; a row with a cell too
 * few or too many does not build (issue 27.4). */
#define CLI_OUT_ROW(o, cols, v)                                                                   \
	do {                                                                                      \
		_Static_assert(CLI_NCOLS(v) == CLI_NCOLS(cols), "the cells of " #v " are not one per " \
								 "column of " #cols);          \
		cli_out_row((o), (v));                                                            \
	} while (0)
/* Finishes the output: JSON's "]", then, when rc, the command's exit code so
 * far, is 0 or 1 (findings), the output is complete and the temporary file is renamed over
 * --out (the workbook written first); otherwise it is removed and --out left
 * as it was.  Returns rc, or the exit code of an error it printed.  A
 * cli_out set to zero and never opened may be closed (nothing happens). */
int cli_out_close(struct cli_out *o, int rc);

/* Phases of a long command on stderr, for a terminal, once the run has
 * taken two seconds ("analyze: writing results (10/11)"); with YOUDU_TIMINGS
 * set in the environment, each phase's duration instead (docs/PERFORMANCE.md);
 * with YOUDU_TEST_KILL_AT_PHASE=NAME, for the tests, the process kills
 * itself when phase NAME (e.g. "committing") begins. */
struct cli_phases {
	const char *cmd;
	time_t start;
	int shown;
	int timings;
	double began;        /* when the current phase began */
	const char *name;    /* the current phase */
	const char *kill_at; /* YOUDU_TEST_KILL_AT_PHASE */
};
/* Runs an analysis with its phases shown, and prints its ledger as youdu
 * analyze does (text or json); returns the exit code. */
struct yd_analyze_opts;
struct yd_db;
int cli_analyze(struct yd_db *db, struct yd_analyze_opts *o, enum yd_format fmt);

/* Sets p up; returns 1 when the command should report its phases to cli_phase. */
int cli_phases_start(struct cli_phases *p, const char *cmd);
/* A yd_phase_fn: data is the struct cli_phases. */
void cli_phase(void *data, const char *name, int step, int steps);
/* The last phase's duration (YOUDU_TIMINGS), and the terminal line cleared. */
void cli_phases_end(struct cli_phases *p);

/* One option of a command, written once, beside the code that reads it:
 * cli_getopt parses by it and cli_help prints its help line (git's
 * parse-options); its help says all the help says of it, its default too.
 * A command's table ends with CLI_OPT_END; a CLI_GROUP entry (git's
 * OPT_GROUP) is no option but text printed after a blank line, from column
 * 0, before the options after it: a subcommand's prose heading its options. */
struct cli_opt {
	const char *name; /* the long name, without "--"; NULL ends the table */
	int key;          /* what cli_getopt returns for it */
	const char *arg;  /* the value's name in help ("N", "FILE"); NULL: a flag, no value */
	const char *help; /* its help, lines joined by '\n' (none at the end), printed from
			   * the command's column (every option has one: CLI case 260);
			   * for a CLI_GROUP, its text (whole lines, '\n' at the end) */
	void (*more)(FILE *f, int col); /* lines under the help, from a library table, or NULL */
};
#define CLI_OPT(key, name, arg, help) {name, key, arg, help, NULL}
#define CLI_FLAG(key, name, help) {name, key, NULL, help, NULL}
#define CLI_GROUP(text) {NULL, 0, NULL, text, NULL}
#define CLI_OPT_END {NULL, 0, NULL, NULL, NULL}
/* Whether o is an entry of its table, not the CLI_OPT_END after the last. */
static inline int cli_opt_more(const struct cli_opt *o)
{
	return o->name || o->help;
}

/* A command: its name, its function and its help.  `youdu help CMD` prints
 * help, more's lines, each table of opts in turn (its CLI_GROUP texts and
 * its options' help lines), then end.  To add a command (as git's builtin.h says):
 *   1. src/cli/cmd_<name>.c with int cmd_<name>(int argc, char **argv, struct
 *      cli *cli) and its option table, const struct cli_opt cli_<name>_opts[];
 *   2. both declared below;
 *   3. a row of main.c's commands[]: summary, synopsis and prose, .opts =
 *      CLI_TABLES(cli_<name>_opts), .col, .end (exit codes, example); a
 *      subcommand's table starts with CLI_GROUP("sub: what it does.\n");
 *   4. its rows, if it lists any, through CLI_OUT_ROW against its columns. */
struct command {
	const char *name;
	int (*run)(int argc, char **argv, struct cli *cli);
	const char *summary;                /* one line for `youdu --help` */
	const char *help;                   /* the synopsis and the prose before the options
					     * (what the command does; its options are
					     * described in their tables) */
	const struct cli_opt *const *opts;  /* the option tables, one per subcommand, NULL-ended */
	int col;                            /* the column the options' help starts in */
	const char *end;                    /* after the options: exit codes, example (or NULL) */
	void (*more)(FILE *f);              /* printed between help and the options, or NULL */
};
/* The option tables of commands[] (each in its command's file). */
#define CLI_TABLES(...) ((const struct cli_opt *const[]){__VA_ARGS__, NULL})

/* Finds a command by name, or NULL. */
const struct command *cli_command(const char *name);

/* Prints "youdu: <msg>" to stderr and returns the exit code of err's code. */
int cli_fail(const struct yd_error *err);
/* Prints "youdu CMD: <formatted>" and the usage hint; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) YD_PRINTF(2, 3);
/* Prints "youdu: " and the message on stderr, a name from the data in it
 * shown, never run (control characters as \xHH, issue 26.6). */
void cli_note(const char *fmt, ...) YD_PRINTF(1, 2);
/* Prints the command's help to f. */
void cli_help(const struct command *c, FILE *f);
/* Prints the long options the command's parser takes, "--name" one a line
 * (youdu CMD --list-options, for shell completion and the help test). */
void cli_list_opts(const struct command *c, FILE *f);
/* Exit code for a library status. */
int cli_exit_code(int status);

int cmd_import(int argc, char **argv, struct cli *cli);
int cmd_catalogue(int argc, char **argv, struct cli *cli);
int cmd_exempt(int argc, char **argv, struct cli *cli);
int cmd_rejects(int argc, char **argv, struct cli *cli);
int cmd_export(int argc, char **argv, struct cli *cli);
int cmd_analyze(int argc, char **argv, struct cli *cli);
int cmd_audit(int argc, char **argv, struct cli *cli);
int cmd_stats(int argc, char **argv, struct cli *cli);
int cmd_check(int argc, char **argv, struct cli *cli);
int cmd_regions(int argc, char **argv, struct cli *cli);
int cmd_disparity(int argc, char **argv, struct cli *cli);
int cmd_trends(int argc, char **argv, struct cli *cli);
int cmd_plot(int argc, char **argv, struct cli *cli);
int cmd_report(int argc, char **argv, struct cli *cli);
int cmd_serve(int argc, char **argv, struct cli *cli);
int cmd_review(int argc, char **argv, struct cli *cli);

/* Strict number options; print a usage error and return EXIT_USAGE when bad. */
int cli_parse_long(const char *cmd, const char *opt, const char *s, long lo, long hi, long *out);
int cli_parse_double(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out);


struct yd_db;
/* Opens cli->db_path; on failure prints the error and returns the exit code. */
/* cli_open_db flag: the command reads the last analysis; without one it
 * fails with the error alone, before any table header is printed. */
#define CLI_NEEDS_ANALYSIS 0x100
/* Checks audit and stats filters against what the database knows: an
 * unknown --violation or a --region that is no known path nor a prefix of
 * one (whole components) is a usage error naming the nearest known values.
 * Returns 0 or the exit code. */
struct yd_db;
int cli_known_filters(const char *cmd, struct yd_db *db, const char *region, const char *violation);
/* Now: SOURCE_DATE_EPOCH when set (reproducible runs), else the clock;
 * -1 (and the clock) when SOURCE_DATE_EPOCH is not a number of seconds. */
int cli_now(time_t *t);
/* Today in UTC as yyyymmdd, by cli_now. */
int32_t cli_today_ymd(void);
/* The state of a listing (rejects, export). */
struct cli_list_state {
	enum yd_format fmt;
	long n;
	struct cli_out out; /* every form's rows */
};


/* Options of the listing commands (rejects, export): --format, --out and,
 * for rejects (warnings not NULL), --warnings.  Returns 0 or an exit code. */
int cli_list_options(const char *cmd, int argc, char **argv, unsigned allowed, enum yd_format *fmt, const char **out,
		     int *warnings);
/* The state of regions, disparity and trends output. */
struct cli_disp_state {
	enum yd_format fmt;
	long n;
	struct cli_out out; /* every form's rows */
};

/* Options of regions, disparity and trends, each command's table opts
 * (out: regions' --out, by_version: trends' --by-version; NULL for a
 * command without it).  Returns 0 or an exit code. */
struct yd_disp_opts;
int cli_disp_options(const char *cmd, const struct cli_opt *opts, int argc, char **argv, struct yd_disp_opts *o,
		     enum yd_format *fmt, const char **out, int *by_version);
/* Options shared by audit and stats (--region, --violation, --year, --agency
 * ...): 0 when c was one of them and is taken, else an exit code. */
struct yd_case_filter;
int cli_filter_opt(const char *cmd, int c, struct yd_case_filter *f);
int cli_open_db(struct cli *cli, int flags, struct yd_db **db);

/* getopt_long over a command's arguments by its option table (long options
 * only: --opt=value and --opt value).  Returns the option's key, -1 at the
 * end, or '?' after printing a usage error for cmd. */
int cli_getopt(const char *cmd, int argc, char **argv, const struct cli_opt *opts);

/* The option tables, each in the file of the command that reads it. */
extern const struct cli_opt cli_import_opts[], cli_analyze_opts[], cli_audit_opts[], cli_stats_opts[],
    cli_check_opts[], cli_regions_opts[], cli_disparity_opts[], cli_trends_opts[], cli_plot_opts[],
    cli_report_opts[], cli_serve_opts[], cli_rejects_opts[], cli_export_opts[];
extern const struct cli_opt cli_catalogue_import_opts[], cli_catalogue_list_opts[];
extern const struct cli_opt cli_exempt_import_opts[], cli_exempt_list_opts[];
extern const struct cli_opt cli_review_set_opts[], cli_review_list_opts[], cli_review_import_opts[],
    cli_review_stats_opts[];
/* the options of several commands, one text for all: the filters (audit and
 * stats's read by cli_filter_opt), the listings' --format and --out */
#define CLI_OPT_REGION CLI_OPT('R', "region", "PREFIX", "region path or a prefix of whole components")
#define CLI_OPT_VIOLATION CLI_OPT('V', "violation", "CODE", "one violation code")
#define CLI_OPT_YEAR CLI_OPT('y', "year", "Y", "decisions of year Y")
#define CLI_OPT_ENCODING                                                                           \
	CLI_OPT('e', "encoding", "E",                                                              \
		"text files: auto (default: a UTF-8 or UTF-16 byte-order mark,\n"                  \
		"valid UTF-8, else GB18030), utf-8, gbk, utf-16le, utf-16be")
#define CLI_OPT_SHEET CLI_OPT('S', "sheet", "NAME", "the worksheet of a workbook to read (default: the first)")
#define CLI_OPT_FORMAT_TABLE CLI_OPT('f', "format", "F", "table (default), csv or json")
#define CLI_OPT_FORMAT_XLSX CLI_OPT('f', "format", "F", "table (default), csv, json or xlsx (needs --out)")
#define CLI_OPT_OUT CLI_OPT('o', "out", "FILE", "write csv, json or xlsx to FILE, not stdout")
#endif
