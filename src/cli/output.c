/* output.c - a command's table from one column description: the text table,
 * CSV, JSON or xlsx, to stdout or --out; the phases of a long command on
 * stderr. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "youdu/buf.h"
#include "youdu/json.h"
#include "youdu/xlsxout.h"

/* SOURCE_DATE_EPOCH when set (the same workbook from the same data), else 0. */
static int64_t source_date(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t;
	return sde && *sde && cli_now(&t) == 0 && t > 0 ? (int64_t)t : 0;
}

int cli_out_check(const char *cmd, enum yd_format fmt, const char *path)
{
	if (fmt == YD_FMT_XLSX && !path)
		return cli_usage_error(cmd, "--format xlsx writes a file: give --out FILE.xlsx");
	if (path && fmt != YD_FMT_CSV && fmt != YD_FMT_JSON && fmt != YD_FMT_XLSX)
		return cli_usage_error(cmd, "--out writes csv, json or xlsx: give --format too");
	return 0;
}

/* The table's width of column c: its width, and never less than its name. */
static int col_width(const struct yd_col *c)
{
	int w = yd_out_width(c->name);
	return c->width > w ? c->width : w;
}

static int right_aligned(const struct yd_col *c)
{
	return c->kind == YD_COL_MONEY || c->kind == YD_COL_INT || c->kind == YD_COL_DECIMAL;
}

/* Display columns s takes once yd_out_text has escaped it: a control
 * character (but tab) becomes the four characters \xHH. */
static int shown_width(const char *s)
{
	int w = yd_out_width(s);
	for (const char *p = s; *p; p++) {
		size_t n = *p == '\n' ? 1 : yd_out_control(p);
		if (n) { /* shown as n times \xHH; yd_out_width counted it one column */
			w += 4 * (int)n - 1;
			p += n - 1;
		}
	}
	return w;
}

/* One line of the table: the cells of the columns shown in line (not
 * data-only, not below), padded to their widths, two spaces between them;
 * the last one is not padded on the right. */
static void table_line(const struct cli_out *o, const char *const *cells)
{
	size_t last = o->ncols;
	for (size_t i = 0; i < o->ncols; i++)
		if (o->cols[i].show == YD_SHOW_ALL || o->cols[i].show == YD_SHOW_TABLE)
			last = i;
	for (size_t i = 0, first = 1; i < o->ncols; i++) {
		const struct yd_col *c = &o->cols[i];
		if (c->show != YD_SHOW_ALL && c->show != YD_SHOW_TABLE)
			continue;
		const char *s = cells[i] && *cells[i] ? cells[i] : "-";
		int pad = col_width(c) - shown_width(s);
		if (!first)
			fputs("  ", stdout);
		first = 0;
		for (; right_aligned(c) && pad > 0; pad--)
			putchar(' ');
		yd_out_text(stdout, s, NULL); /* shown, never run (issue 15) */
		for (; i != last && pad > 0; pad--)
			putchar(' ');
	}
	putchar('\n');
	for (size_t i = 0; i < o->ncols; i++)
		if (o->cols[i].show == YD_SHOW_BELOW && cells[i] && *cells[i]) {
			fputs("    ", stdout);
			yd_out_text(stdout, cells[i], "    ");
			putchar('\n');
		}
}

/* Sets the value at it, a member of o, to v (consumed) unless it is that already. */
static void json_put(json_t *o, void *it, json_t *v)
{
	if (json_object_iter_value(it) == v)
		json_decref(v);
	else
		json_object_iter_set_new(o, it, v);
}

/* Makes the value at it in o the cell s of column c, reusing the value
 * that stands there when it is of the same kind: one row's object serves
 * every row, with no allocation but a string's copy. */
static void json_cell(json_t *o, void *it, const struct yd_col *c, const char *s)
{
	json_t *cur = json_object_iter_value(it);
	long long i;
	double x;
	int kind = c->kind == YD_COL_MONEY || c->kind == YD_COL_INT || c->kind == YD_COL_DECIMAL
			   ? yd_json_number_parse(s, &i, &x)
			   : 0;

	if (!*s)
		json_put(o, it, json_null());
	else if (kind == 1 && json_is_integer(cur))
		json_integer_set(cur, i);
	else if (kind == 2 && json_is_real(cur))
		json_real_set(cur, x);
	else if (kind)
		json_put(o, it, yd_json_number_text(s));
	else if (c->kind == YD_COL_BOOL && (strcmp(s, "yes") == 0 || strcmp(s, "no") == 0))
		json_put(o, it, json_boolean(*s == 'y'));
	else if (!json_is_string(cur) || yd_json_string_set(cur, s) < 0)
		json_put(o, it, yd_json_str(s));
}

/* One row as a JSON object after the rows before it; written to stdout
 * in blocks of 64 KiB.  The object holds one member per data column; when
 * two columns share a name, the row is built anew. */
static void json_row(struct cli_out *o)
{
	json_t *row = o->jrow;
	if (json_object_size(row) != o->ndata) {
		row = json_object();
		for (size_t i = 0; i < o->ndata; i++)
			yd_json_set(row, o->data_cols[i].name, json_null());
	}
	void *it = json_object_iter(row);
	for (size_t i = 0; i < o->ndata && it; i++, it = json_object_iter_next(row, it))
		json_cell(row, it, &o->data_cols[i], o->data_cells[i]);
	if (o->rows)
		yd_buf_addstr(&o->jbuf, ",\n");
	yd_json_dump(&o->jbuf, row);
	if (row != o->jrow)
		json_decref(row);
	if (o->jbuf.len >= 1 << 16) {
		fwrite(o->jbuf.s, 1, o->jbuf.len, stdout);
		yd_buf_reset(&o->jbuf);
	}
}

int cli_out_open(struct cli_out *o, const char *cmd, const struct cli *cli, enum yd_format fmt, const char *path,
		 const struct yd_col *cols, size_t ncols)
{
	memset(o, 0, sizeof *o);
	o->cmd = cmd;
	o->fmt = fmt;
	o->path = path;
	o->cols = cols;
	o->ncols = ncols;
	o->raw = cli->raw;
	o->tty = !path && isatty(STDOUT_FILENO);
	o->saved_fd = -1;
	o->data_cols = yd_xcalloc(ncols ? ncols : 1, sizeof *o->data_cols);
	o->data_cells = yd_xcalloc(ncols ? ncols : 1, sizeof *o->data_cells);
	for (size_t i = 0; i < ncols; i++)
		if (cols[i].show != YD_SHOW_TABLE)
			o->data_cols[o->ndata++] = cols[i];
	if (cli_out_check(cmd, fmt, path))
		return cli_out_close(o, EXIT_USAGE);
	if (path && yd_out_temp(path, o->tmp, sizeof o->tmp, &o->err) < 0) {
		o->path = NULL;
		return cli_out_close(o, cli_fail(&o->err));
	}
	if (fmt == YD_FMT_XLSX) {
		if (yd_xlsx_open(o->tmp, cmd, o->data_cols, o->ndata, o->raw, source_date(), &o->xlsx, &o->err) < 0)
			return cli_out_close(o, cli_fail(&o->err));
		return 0;
	}
	if (path) {
		/* stdout becomes the temporary file until cli_out_close */
		int fd = open(o->tmp, O_WRONLY | O_TRUNC);
		if (fflush(stdout) != 0 || fd < 0 || (o->saved_fd = dup(STDOUT_FILENO)) < 0 ||
		    dup2(fd, STDOUT_FILENO) < 0) {
			if (fd >= 0)
				close(fd);
			yd_error_set(&o->err, YD_EIO, "%s: cannot write the temporary file %s", path, o->tmp);
			return cli_out_close(o, cli_fail(&o->err));
		}
		close(fd);
	}
	if (fmt == YD_FMT_CSV) {
		cli_csv_bom(cli);
		for (size_t i = 0; i < o->ndata; i++) {
			if (i)
				putchar(',');
			fputs(o->data_cols[i].name, stdout);
		}
		putchar('\n');
	} else if (fmt == YD_FMT_JSON) {
		putchar('[');
		o->jrow = json_object();
		for (size_t i = 0; i < o->ndata; i++)
			yd_json_set(o->jrow, o->data_cols[i].name, json_null());
	} else {
		/* the table: the names, the ones below the row on a line of their own */
		for (size_t i = 0; i < ncols; i++)
			o->data_cells[i] = cols[i].name;
		table_line(o, o->data_cells);
	}
	o->started = 1;
	return 0;
}

void cli_out_row(struct cli_out *o, const char *const *cells)
{
	for (size_t i = 0, k = 0; i < o->ncols; i++)
		if (o->cols[i].show != YD_SHOW_TABLE)
			o->data_cells[k++] = cells[i] ? cells[i] : "";
	switch (o->fmt) {
	case YD_FMT_XLSX:
		/* the first failure is kept and reported when the output is closed */
		if (!o->err.code && yd_xlsx_row(o->xlsx, o->data_cells, &o->err) < 0 && !o->err.code)
			o->err.code = YD_EIO;
		break;
	case YD_FMT_CSV:
		for (size_t i = 0; i < o->ndata; i++) {
			if (i)
				putchar(',');
			if (o->tty) { /* shown, never run: a file keeps the bytes */
				struct yd_buf shown = YD_BUF_INIT;
				yd_buf_text(&shown, o->data_cells[i]);
				cli_csv(o->raw, yd_buf_str(&shown));
				yd_buf_release(&shown);
			} else {
				cli_csv(o->raw, o->data_cells[i]);
			}
		}
		putchar('\n');
		break;
	case YD_FMT_JSON: json_row(o); break;
	default: table_line(o, cells);
	}
	o->rows++;
}

int cli_out_close(struct cli_out *o, int rc)
{
	int keep = rc == EXIT_OK_ || rc == EXIT_FINDINGS;
	struct yd_error err = {0};

	if (!o->cmd) /* all zero: never opened */
		return rc;
	if (o->started && o->fmt == YD_FMT_JSON) {
		fwrite(o->jbuf.s ? o->jbuf.s : "", 1, o->jbuf.len, stdout);
		puts("]");
	}
	json_decref(o->jrow);
	o->jrow = NULL;
	yd_buf_release(&o->jbuf);
	o->started = 0;
	free(o->data_cols);
	free(o->data_cells);
	o->data_cols = NULL;
	o->data_cells = NULL;

	if (o->err.code && keep) {
		rc = cli_fail(&o->err);
		keep = 0;
	}
	if (o->xlsx) {
		int bad = yd_xlsx_close(o->xlsx, &err) < 0;
		o->xlsx = NULL;
		if (!bad && keep) {
			/* libxlsxwriter does not sync: do it, as every other output does */
			int fd = open(o->tmp, O_RDONLY);
			bad = fd < 0 || fsync(fd) != 0;
			if (fd >= 0)
				close(fd);
			if (bad)
				yd_error_set(&err, YD_EIO, "%s: write failed (disk full?); the previous file is unchanged",
					     o->path);
		}
		if (bad && keep) {
			rc = cli_fail(&err);
			keep = 0;
		}
	}
	if (o->saved_fd >= 0) {
		/* every byte on disk, or the old file stays */
		int bad = fflush(stdout) != 0 || ferror(stdout) || fsync(STDOUT_FILENO) != 0;
		clearerr(stdout);
		dup2(o->saved_fd, STDOUT_FILENO);
		close(o->saved_fd);
		o->saved_fd = -1;
		if (bad && keep) {
			yd_error_set(&err, YD_EIO, "%s: write failed (disk full?); the previous file is unchanged", o->path);
			rc = cli_fail(&err);
			keep = 0;
		}
	}
	if (o->path) {
		if (!keep)
			unlink(o->tmp);
		else if (yd_out_commit(o->tmp, o->path, &err) < 0)
			rc = cli_fail(&err);
		o->path = NULL;
	}
	return rc;
}

/* ---- phases of a long command ---- */

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cli_phases_start(struct cli_phases *p, const char *cmd)
{
	memset(p, 0, sizeof *p);
	p->cmd = cmd;
	p->start = time(NULL);
	p->timings = getenv("YOUDU_TIMINGS") != NULL;
	p->kill_at = getenv("YOUDU_TEST_KILL_AT_PHASE");
	return isatty(STDERR_FILENO) || p->timings || p->kill_at;
}

static void phase_timing(struct cli_phases *p)
{
	if (p->timings && p->name)
		fprintf(stderr, "%s: %-30s %7.3f s\n", p->cmd, p->name, seconds_now() - p->began);
}

void cli_phase(void *data, const char *name, int step, int steps)
{
	struct cli_phases *p = data;
	if (p->kill_at && strcmp(name, p->kill_at) == 0)
		raise(SIGKILL); /* the tests' crash at a known point */
	if (p->timings) {
		phase_timing(p);
		p->name = name;
		p->began = seconds_now();
		return;
	}
	if (time(NULL) - p->start < 2)
		return;
	fprintf(stderr, "\r\033[K%s: %s (%d/%d)", p->cmd, name, step, steps);
	p->shown = 1;
}

void cli_phases_end(struct cli_phases *p)
{
	phase_timing(p);
	if (p->shown)
		fputs("\r\033[K", stderr);
}
