/* csvin.h - streaming CSV reader over libcsv: encodings, physical line
 * numbers and the raw text of every record.
 *
 * The file is read in fixed-size blocks, so memory does not grow with the
 * file (only with the longest record, capped at YD_CSV_MAX_RECORD). */
#ifndef YOUDU_CSVIN_H
#define YOUDU_CSVIN_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/buf.h"
#include "youdu/error.h"

enum yd_encoding { YD_ENC_AUTO = 0, YD_ENC_UTF8, YD_ENC_UTF8_BOM, YD_ENC_GB18030, YD_ENC_UTF16LE, YD_ENC_UTF16BE };

#define YD_CSV_MAX_RECORD (64u << 20) /* 64 MiB */

/* "auto", "utf-8", "utf-8-bom", "gb18030", "utf-16le", "utf-16be"; static strings. */
const char *yd_encoding_name(enum yd_encoding e);
/* Accepts auto, utf-8/utf8, gbk/gb18030/gb2312 (all read as GB18030),
 * utf-16le, utf-16be. */
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
	const char *sheet;   /* a spreadsheet row: its worksheet's name (line is the
				row number); NULL for a text file */
	int bad_utf8;        /* 1: the row holds bytes that are not UTF-8 in a file
				that otherwise is (a stray byte): reject it */
};

/* Where a row is, for messages: "path:line" or "path:sheet!row"; writes buf
 * and returns it. */
const char *yd_csv_where(const char *path, const struct yd_csv_row *row, char *buf, size_t bufsz);

/* The cells of a row being built (CSV record or spreadsheet row): each
 * cell's text NUL-terminated in one buffer, with its offset and length. */
struct yd_cells {
	struct yd_buf text;
	size_t *offs, *lens;
	char **ptrs; /* filled by yd_cells_fields */
	size_t n, cap;
};
/* Appends a cell of n bytes (s may hold no NUL within them). */
void yd_cells_add(struct yd_cells *c, const char *s, size_t n);
/* The cells as fields for a struct yd_csv_row (valid until the next add). */
char *const *yd_cells_fields(struct yd_cells *c);
void yd_cells_reset(struct yd_cells *c);
void yd_cells_release(struct yd_cells *c);

/* Called once per record, the header included.  Returning non-zero stops
 * the read, and yd_csv_read returns that value (err already filled). */
typedef int (*yd_csv_row_fn)(void *data, const struct yd_csv_row *row, struct yd_error *err);

/* Reads path record by record.  enc AUTO detects a UTF-8 or UTF-16 (LE or
 * BE) byte-order mark, valid UTF-8, or else GB18030; *used (may be NULL)
 * receives the encoding read.  The delimiter (comma, tab or semicolon) is
 * the one most frequent outside quotes on one of the first 20 lines; ties
 * go to the comma.
 * Returns 0, the callback's value, or YD_EINPUT / YD_EIO with err naming
 * the file and line (bad encoding, unterminated quote, oversize record). */
int yd_csv_read(const char *path, enum yd_encoding enc, yd_csv_row_fn fn, void *data,
		enum yd_encoding *used, struct yd_error *err);

#define YD_CSV_MAX_PARTS 16

/* Reads a UTF-8 file (BOM or not) on up to `parts` threads, each parsing a
 * contiguous piece that starts at a line end, fn(data[k], ...) receiving
 * first the file's first record (its header: piece 0 begins with it) and
 * then piece k's records in file order, with their true line numbers.
 * Piece k's records all come after piece k-1's, so handling data[0],
 * data[1], ... in turn sees the file in order.  Should a split turn out to fall inside a
 * quoted field (a record spanning lines), reset(data[j]) is called for
 * every later piece and the piece before reads on to the end, so the
 * result is always that of yd_csv_read.  Files that are small, not valid
 * UTF-8, or without line ends to split at are read by yd_csv_read into
 * data[0].  *used (may be NULL) receives the number of pieces read.
 * Returns as yd_csv_read; the first failure in file order wins. */
int yd_csv_read_parts(const char *path, int parts, yd_csv_row_fn fn, void (*reset)(void *data), void *const *data,
		      int *used, struct yd_error *err);

#endif
