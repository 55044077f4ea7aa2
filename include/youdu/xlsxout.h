/* xlsxout.h - a table of command output written as an .xlsx workbook
 * (libxlsxwriter): one sheet, a frozen bold header row, typed cells (money
 * as numbers shown 0.00, counts as integers, dates as Excel dates shown
 * yyyy-mm-dd) and column widths that fit the content.
 *
 * A command describes its columns once (struct yd_col) and hands each row as
 * the strings its CSV form writes ("5000.00", "2024-03-05", "" for none), so
 * the table, the CSV, the JSON and the workbook can never disagree on
 * columns or values.  The writer takes the columns that are not
 * YD_SHOW_TABLE (the tool leaves those out before it is called). */
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
	YD_COL_BOOL,     /* "yes" or "no": JSON true or false, text in a workbook */
};

/* Which forms of a command's output show a column.  The tool's text table
 * (youdu's --format table) pads a column to its width; the others (CSV,
 * JSON, the workbook) hold every column but the table-only ones. */
enum yd_col_show {
	YD_SHOW_ALL = 0, /* every form */
	YD_SHOW_DATA,    /* CSV, JSON and xlsx: the table leaves it out (wide or for machines) */
	YD_SHOW_TABLE,   /* the table only: a cell for people (a label in 汉字, a range in %) */
	YD_SHOW_BELOW,   /* every form; the table writes it on its own indented line under
			  * the row (a reason, a raw row), nothing when it is empty */
};

/* One column of a command's output, described once for every form: its
 * header name (the CSV header, the JSON key, the table's header), its kind
 * (the workbook's cell type, JSON number or string, the table's alignment:
 * numbers right, the rest left), its width in the table in display columns
 * (汉字 count two; at least the name's width is used) and the forms that
 * show it. */
struct yd_col {
	const char *name;
	enum yd_col_kind kind;
	int width;
	enum yd_col_show show;
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
