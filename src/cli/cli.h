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
 * ("" or NULL for none), one for every column of the description. */
void cli_out_row(struct cli_out *o, const char *const *cells);
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

struct command {
	const char *name;
	int (*run)(int argc, char **argv, struct cli *cli);
	const char *summary; /* one line for `youdu --help` */
	const char *help;    /* full text for `youdu help CMD` / `CMD --help` */
};

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

/* Options of regions, disparity and trends (allow_level: --level too; out
 * may be NULL when --out is not taken).  Returns 0 or an exit code. */
struct yd_disp_opts;
int cli_disp_options(const char *cmd, int argc, char **argv, struct yd_disp_opts *o, enum yd_format *fmt,
		     int allow_level, const char **out);
/* Options shared by audit and stats (--region, --violation, --year, --agency
 * ...): 0 when c was one of them and is taken, else an exit code. */
struct yd_case_filter;
int cli_filter_opt(const char *cmd, int c, struct yd_case_filter *f);
int cli_open_db(struct cli *cli, int flags, struct yd_db **db);

/* getopt_long over a command's arguments.  Returns the option character,
 * -1 at the end, or '?' after printing a usage error for cmd. */
struct option;
int cli_getopt(const char *cmd, int argc, char **argv, const char *shortopts, const struct option *longopts);
#endif
