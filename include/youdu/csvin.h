/* csvin.h - streaming CSV reader over libcsv: encodings, physical line
 * numbers and the raw text of every record.
 *
 * The file is read in fixed-size blocks, so memory does not grow with the
 * file (only with the longest record, capped at YD_CSV_MAX_RECORD). */
#ifndef YOUDU_CSVIN_H
#define YOUDU_CSVIN_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/error.h"

enum yd_encoding { YD_ENC_AUTO = 0, YD_ENC_UTF8, YD_ENC_UTF8_BOM, YD_ENC_GB18030 };

#define YD_CSV_MAX_RECORD (64u << 20) /* 64 MiB */

/* "auto", "utf-8", "utf-8-bom", "gb18030"; static strings. */
const char *yd_encoding_name(enum yd_encoding e);
/* Accepts auto, utf-8/utf8, gbk/gb18030/gb2312 (all read as GB18030). */
int yd_encoding_parse(const char *s, enum yd_encoding *e);

struct yd_csv_row {
	size_t n;            /* number of fields */
	char *const *fields; /* UTF-8, NUL-terminated; borrowed until the callback returns */
	const size_t *lens;  /* field lengths in bytes */
	long line;           /* physical line where the record starts (1-based) */
	const char *raw;     /* the record's text (UTF-8) without its line end */
	size_t rawlen;       /* bytes in raw; raw may contain NUL bytes */
	uint64_t pos;        /* bytes of the file consumed so far (for progress) */
	uint64_t size;       /* size of the file in bytes */
};

/* Called once per record, the header included.  Returning non-zero stops
 * the read, and yd_csv_read returns that value (err already filled). */
typedef int (*yd_csv_row_fn)(void *data, const struct yd_csv_row *row, struct yd_error *err);

/* Reads path record by record.  enc AUTO detects a UTF-8 BOM, valid UTF-8,
 * or else GB18030; *used (may be NULL) receives the encoding read.
 * Returns 0, the callback's value, or YD_EINPUT / YD_EIO with err naming
 * the file and line (bad encoding, unterminated quote, oversize record). */
int yd_csv_read(const char *path, enum yd_encoding enc, yd_csv_row_fn fn, void *data,
		enum yd_encoding *used, struct yd_error *err);

#endif
