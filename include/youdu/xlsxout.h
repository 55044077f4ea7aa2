/* xlsxout.h - a table of command output written as an .xlsx workbook
 * (libxlsxwriter): one sheet, a frozen bold header row, typed cells (money
 * as numbers shown 0.00, counts as integers, dates as Excel dates shown
 * yyyy-mm-dd) and column widths that fit the content.
 *
 * A command describes its columns once (struct yd_col) and hands each row as
 * the strings its CSV form writes ("5000.00", "2024-03-05", "" for none), so
 * the CSV and the workbook can never disagree on columns or values. */
#ifndef YOUDU_XLSXOUT_H
#define YOUDU_XLSXOUT_H

#include <stddef.h>
#include <stdint.h>

struct yd_error;

enum yd_col_kind {
	YD_COL_TEXT = 0, /* a string; formula-like text guarded with ' unless raw */
	YD_COL_MONEY,    /* yuan with two decimals: a number shown 0.00 */
	YD_COL_INT,      /* a count or line number: a number shown 0 */
	YD_COL_DATE,     /* yyyy-mm-dd: an Excel date shown yyyy-mm-dd */
	YD_COL_DECIMAL,  /* any other number (z, percentile, index): General */
};

/* One column of a command's table output: its header name and kind. */
struct yd_col {
	const char *name;
	enum yd_col_kind kind;
};

struct yd_xlsx;

/* Starts a workbook to be written at path (the caller's temporary file) with
 * one sheet named sheet whose first row holds the ncols column names; cols
 * is borrowed until yd_xlsx_close.  raw: text cells exactly as given (no '
 * before a formula-like cell, as --raw does for CSV).  created: the
 * workbook's creation time in seconds since 1970 (its only varying byte:
 * give SOURCE_DATE_EPOCH for the same file from the same data), 0 for now.
 * Returns 0 and a new writer in *out (release it with yd_xlsx_close), or
 * YD_EIO. */
int yd_xlsx_open(const char *path, const char *sheet, const struct yd_col *cols, size_t ncols, int raw,
		 int64_t created, struct yd_xlsx **out, struct yd_error *err);
/* Adds the next row: cells[i] is column i's value as its CSV form writes it;
 * "" leaves the cell empty.  A number or date column whose text is not one
 * is written as text.  Invalid UTF-8 becomes U+FFFD and a text longer than
 * Excel's 32,767 characters is cut there.  Returns 0 or YD_EIO. */
int yd_xlsx_row(struct yd_xlsx *x, const char *const *cells, struct yd_error *err);
/* Fits the column widths, writes the file and frees x (NULL is allowed).
 * Returns 0 or YD_EIO; the caller removes the file after a failure. */
int yd_xlsx_close(struct yd_xlsx *x, struct yd_error *err);

/* Excel's serial day number (1900 system) of yyyymmdd, or -1 when the date is
 * not one Excel can show (before 1900-03-01, or not a calendar date). */
double yd_xlsx_serial(int ymd);

#endif
