/* sheet.h - any table file as rows of text cells: text (csvin), .xlsx, .xls.
 *
 * The kind of file is told by its content, not its name: a zip holding
 * xl/workbook.xml is an .xlsx workbook, an OLE2 compound file with a
 * workbook stream is an .xls, anything else that is text is read by csvin.
 * Every reader hands the same struct yd_csv_row to the same callback, so a
 * caller never cares where a row came from.  A spreadsheet row's line is
 * its row number and row->sheet its worksheet's name; its raw text is the
 * cells as one CSV line.
 *
 * .xlsx is streamed: the worksheet's XML goes through expat in blocks and
 * only the current row is held (plus the shared-string table, which cells
 * refer to by number).  .xls (at most 65,536 rows) is read by libfreexl. */
#ifndef YOUDU_SHEET_H
#define YOUDU_SHEET_H

#include "youdu/csvin.h"
#include "youdu/error.h"

enum yd_table_format { YD_TABLE_TEXT, YD_TABLE_XLSX, YD_TABLE_XLS };

/* "csv", "xlsx", "xls"; static strings. */
const char *yd_table_format_name(enum yd_table_format f);

struct yd_sheet_opts {
	enum yd_encoding encoding; /* text files: YD_ENC_AUTO to detect */
	const char *sheet;         /* spreadsheets: worksheet name, NULL for the first */
};

struct yd_sheet_info {
	enum yd_table_format format; /* what the file was read as */
	enum yd_encoding encoding;   /* text files: the encoding read; else YD_ENC_UTF8 */
	char sheet[256];             /* spreadsheets: the worksheet read; else "" */
};

/* Reads the table in path row by row, calling fn as yd_csv_read does.
 * info (may be NULL) says what was read.  A file youdu cannot read as a
 * table (JSON, PDF, Word, an HTML page, an image, an archive...) fails
 * with YD_EINPUT and a message that names what it is and what youdu reads.
 * Returns 0, the callback's value, or YD_EINPUT / YD_EIO. */
int yd_sheet_read(const char *path, const struct yd_sheet_opts *opts, yd_csv_row_fn fn, void *data,
		  struct yd_sheet_info *info, struct yd_error *err);

/* The text of an Excel serial date (days since 1899-12-30 in the 1900
 * system, with its phantom 1900-02-29; since 1904-01-01 in the 1904 system)
 * as "YYYY-MM-DD", with " HH:MM:SS" when it has a time of day.  Writes buf
 * (at least 32 bytes); returns -1 for serials outside 1 to 2958465. */
int yd_sheet_serial_date(double serial, int date1904, char *buf, size_t bufsz);

/* Whether an Excel number format (built-in id, or the format code of a
 * custom one, NULL when built-in) shows a date. */
int yd_sheet_format_is_date(int id, const char *code);

#endif
