/* out.h - formatting for command output: CSV and JSON escaping, money and
 * dates.  Writers take the caller's FILE; the library never picks stdout. */
#ifndef YOUDU_OUT_H
#define YOUDU_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum yd_format { YD_FMT_TEXT = 0, YD_FMT_TABLE, YD_FMT_CSV, YD_FMT_JSON };

/* Parses "text", "table", "csv", "json"; returns 0 or -1. */
int yd_format_parse(const char *s, enum yd_format *f);

/* Writes s as one CSV field, quoted when it holds ',', '"', CR or LF. */
void yd_out_csv(FILE *f, const char *s);
/* Writes s as a JSON string literal with escapes. */
void yd_out_json(FILE *f, const char *s);
/* Appends s as a JSON string literal, escaped as yd_out_json does. */
struct yd_buf;
void yd_buf_json(struct yd_buf *b, const char *s);

/* "5000.00" (two decimals, no grouping) into buf. */
void yd_fmt_fen(char *buf, size_t n, int64_t fen);
/* "60,000" or "60,000.50" (grouped yuan, decimals only when needed). */
void yd_fmt_yuan(char *buf, size_t n, int64_t fen);
/* "2024-03-05" from yyyymmdd. */
void yd_fmt_date(char *buf, size_t n, int32_t ymd);
/* A double with fixed decimals; "null"/"" never "nan": non-finite gives "". */
void yd_fmt_num(char *buf, size_t n, double v, int decimals);

#endif
