/* out.h - formatting for command output: CSV escaping (JSON: json.h), money and
 * dates.  Writers take the caller's FILE; the library never picks stdout. */
#ifndef YOUDU_OUT_H
#define YOUDU_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum yd_format { YD_FMT_TEXT = 0, YD_FMT_TABLE, YD_FMT_CSV, YD_FMT_JSON, YD_FMT_XLSX };

/* Parses "text", "table", "csv", "json", "xlsx"; returns 0 or -1.  Each
 * command still says which of them it writes. */
int yd_format_parse(const char *s, enum yd_format *f);

/* Writes s as one CSV field, quoted when it holds ',', '"', CR or LF.  A
 * cell a spreadsheet would run as a formula (starting with = + - @, tab or
 * CR, and not a plain number) is prefixed with ' (OWASP's CSV injection
 * advice); yd_out_csv_raw writes it as it is (--raw). */
void yd_out_csv(FILE *f, const char *s);
void yd_out_csv_raw(FILE *f, const char *s);
/* Appends s as one CSV field, as yd_out_csv writes it (yd_out_csv_raw's
 * way when raw). */
struct yd_buf;
void yd_buf_csv(struct yd_buf *b, const char *s, int raw);
/* 1 when a spreadsheet would take s for a formula (the cells yd_out_csv
 * guards), else 0. */
int yd_out_formula_like(const char *s);
/* The one rule for text meant for a terminal or a log (issue 26.6): the
 * control characters a terminal would act on are C0 but tab and line break
 * (ESC, CR, BEL, BS...), DEL, and the C1 controls U+0080-U+009F (UTF-8 C2
 * 80-C2 9F: CSI, OSC).  Returns the bytes of the one at s (1 or 2), 0 when
 * s does not start with one. */
size_t yd_out_control(const char *s);
/* Writes s for a terminal: control characters are shown escaped as \xHH
 * (each byte), a tab as is, and a line break as a line break followed by
 * indent (or as \x0a when indent is NULL). */
void yd_out_text(FILE *f, const char *s, const char *indent);
/* Appends s with its control characters escaped as yd_out_text does; line
 * breaks and tabs kept. */
struct yd_buf;
void yd_buf_text(struct yd_buf *b, const char *s);
/* Appends s for markup (an SVG or a chart's label): control characters and
 * line breaks each become U+FFFD, so the XML stays well-formed. */
void yd_buf_markup(struct yd_buf *b, const char *s);
/* Columns s takes on a terminal: East Asian wide characters (汉字, full-width
 * forms, kana, hangul) count two, combining marks none, others one. */
int yd_out_width(const char *s);
/* Writes s left-aligned in a column of width display columns (no cut). */
void yd_out_pad(FILE *f, const char *s, int width);

/* "5000.00" (two decimals, no grouping) into buf. */
void yd_fmt_fen(char *buf, size_t n, int64_t fen);
/* "60,000" or "60,000.50" (grouped yuan, decimals only when needed). */
void yd_fmt_yuan(char *buf, size_t n, int64_t fen);
/* The same from the yuan's decimal digits (any length), the fen (0-99) and
 * the sign: for sums wider than int64. */
void yd_fmt_yuan_digits(char *buf, size_t n, int negative, const char *yuan, unsigned fen);
/* "2024-03-05" from yyyymmdd. */
void yd_fmt_date(char *buf, size_t n, int32_t ymd);
/* A double with fixed decimals; "null"/"" never "nan": non-finite gives "". */
void yd_fmt_num(char *buf, size_t n, double v, int decimals);

/* Files youdu writes (charts, reports, --out): complete or not there. */
struct yd_error;
/* Refuses an output path with control characters (a newline would name
 * another file) or whose folder does not exist; returns 0 or YD_EUSAGE. */
int yd_out_path_check(const char *path, struct yd_error *err);
/* A new empty temporary file next to path ("x.tmpXXXXXX.png"), its name in
 * tmp (n bytes); the caller renames it over path or unlinks it. */
int yd_out_temp(const char *path, char *tmp, size_t n, struct yd_error *err);
/* Moves a finished temporary file over path; removes it when that fails.
 * A file of 0 bytes is an error (nothing was written). */
int yd_out_commit(const char *tmp, const char *path, struct yd_error *err);
/* Checks that a picture another program wrote (gnuplot: it does not report
 * write errors, so a full disk leaves a PNG without its end) is whole and on
 * disk before it is committed: a .png starts with the PNG signature and ends
 * with the IEND chunk, a .svg ends with </svg> (trailing white space
 * allowed); then fsyncs it.  name is the file the message names (the
 * target, not the temporary file).  0, or YD_EIO saying what is missing. */
int yd_out_image_complete(const char *tmp, const char *name, struct yd_error *err);
/* Writes data to path through a temporary file, checking every write and
 * the close: the old file stays whole until the new one is. */
int yd_out_write_file(const char *path, const void *data, size_t n, struct yd_error *err);

#endif
