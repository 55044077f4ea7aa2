#include "youdu/csvin.h"

#include <csv.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "youdu/buf.h"
#include "youdu/text.h"

#define BLOCK (1u << 20)

static const struct {
	const char *name;
	enum yd_encoding enc;
} enc_names[] = {
    {"auto", YD_ENC_AUTO},        {"utf-8", YD_ENC_UTF8},       {"utf8", YD_ENC_UTF8},
    {"gbk", YD_ENC_GB18030},      {"gb18030", YD_ENC_GB18030},  {"gb2312", YD_ENC_GB18030},
    {"utf-8-bom", YD_ENC_UTF8_BOM}, {"utf-16le", YD_ENC_UTF16LE},   {"utf-16be", YD_ENC_UTF16BE},
};

const char *yd_encoding_name(enum yd_encoding e)
{
	switch (e) {
	case YD_ENC_UTF8: return "utf-8";
	case YD_ENC_UTF8_BOM: return "utf-8-bom";
	case YD_ENC_GB18030: return "gb18030";
	case YD_ENC_UTF16LE: return "utf-16le";
	case YD_ENC_UTF16BE: return "utf-16be";
	default: return "auto";
	}
}

int yd_encoding_parse(const char *s, enum yd_encoding *e)
{
	for (size_t i = 0; i < sizeof enc_names / sizeof *enc_names; i++)
		if (strcmp(s, enc_names[i].name) == 0) {
			*e = enc_names[i].enc;
			return YD_OK;
		}
	return YD_EUSAGE;
}

const char *yd_csv_where(const char *path, const struct yd_csv_row *row, char *buf, size_t bufsz)
{
	if (row && row->sheet)
		snprintf(buf, bufsz, "%s:%s!%ld", path, row->sheet, row->line);
	else
		snprintf(buf, bufsz, "%s:%ld", path, row ? row->line : 1L);
	return buf;
}

/* Reader state, carried through libcsv's void *data. */
struct reader {
	struct csv_parser p;
	const char *path;
	yd_csv_row_fn fn;      /* the caller's row callback */
	void *data;            /* its data */
	struct yd_error *err;
	int stop;              /* non-zero once the callback asked to stop */
	struct yd_cells cells; /* fields of the current record */
	struct yd_buf raw;     /* raw text of the current record */
	long line;             /* physical line of the next byte fed */
	long row_start;        /* line where the current record began */
	int in_row;            /* a record has begun and not yet ended */
	int prev_cr;           /* the last byte fed was '\r' */
	uint64_t pos, size;
	int parser_ready;      /* csv_init done */
	struct yd_gbconv *gb;  /* GB18030 or UTF-16 input: its converter, else NULL */
	const char *gbname;    /* that encoding's name, for messages */
	int delim_pending;     /* the delimiter is still to be chosen (first block) */
	struct yd_buf conv;    /* a block converted to UTF-8 */
	int forced_gb;         /* GB18030 was asked for, not detected */
	long utf8_bad_line;    /* where UTF-8 failed, when detection chose GB18030 */
	int check_rows;        /* UTF-8 with a few invalid lines: check each row */
};

void yd_cells_add(struct yd_cells *c, const char *s, size_t n)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->offs = yd_xrealloc(c->offs, c->cap * sizeof *c->offs);
		c->lens = yd_xrealloc(c->lens, c->cap * sizeof *c->lens);
		c->ptrs = yd_xrealloc(c->ptrs, c->cap * sizeof *c->ptrs);
	}
	c->offs[c->n] = c->text.len;
	c->lens[c->n] = n;
	/* the text and its NUL in one growth: this runs for every field read */
	yd_buf_grow(&c->text, n + 1);
	if (n)
		memcpy(c->text.s + c->text.len, s, n);
	c->text.len += n;
	c->text.s[c->text.len++] = '\0';
	c->text.s[c->text.len] = '\0';
	c->n++;
}

char *const *yd_cells_fields(struct yd_cells *c)
{
	for (size_t i = 0; i < c->n; i++)
		c->ptrs[i] = c->text.s + c->offs[i];
	return c->ptrs;
}

void yd_cells_reset(struct yd_cells *c)
{
	c->n = 0;
	yd_buf_reset(&c->text);
}

void yd_cells_release(struct yd_cells *c)
{
	yd_buf_release(&c->text);
	free(c->offs);
	free(c->lens);
	free(c->ptrs);
	memset(c, 0, sizeof *c);
}

static void on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	yd_cells_add(&r->cells, s ? s : "", s ? len : 0);
}

static void on_row(int c, void *data)
{
	struct reader *r = data;
	(void)c;
	if (!r->stop) {
		size_t rl = r->raw.len;
		while (rl && (r->raw.s[rl - 1] == '\n' || r->raw.s[rl - 1] == '\r'))
			rl--;
		/* a record of blanks only (a lone tab with tab as delimiter) never
		 * set its start: it starts at the current line, never line 0
		 * (2026-12-01, found by fuzz_sheet) */
		struct yd_csv_row row = {r->cells.n, yd_cells_fields(&r->cells), r->cells.lens, r->in_row ? r->row_start : r->line, yd_buf_str(&r->raw), rl,
					 r->pos, r->size, NULL, 0};
		int incomplete;
		row.bad_utf8 = r->check_rows && yd_utf8_valid_prefix(row.raw, rl, &incomplete) < rl;
		r->stop = r->fn(r->data, &row, r->err);
	}
	yd_cells_reset(&r->cells);
	yd_buf_reset(&r->raw);
	r->in_row = 0;
}

static int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/* Most lines of a real export are whole lines of plain fields: libcsv's
 * state machine takes them byte by byte (42 instructions a byte, a quarter
 * of an import's reading) and copies every byte into its own buffer.  A
 * line that begins a record and ends at its terminator is split here
 * instead, with what libcsv does for it: spaces and tabs (but the
 * delimiter) around a field dropped, a quoted field taken as it stands
 * between its quotes ("150,000"), a delimiter before the line end making
 * an empty last field, a line of spaces no record.  A line with anything
 * else (a doubled quote, text after a closing quote, a quoted field going
 * on to the next line, over SPLIT_MAX fields) is left to libcsv whole.  tests/unit/test_csvin.c holds the two
 * to the same rows on random lines. */
#define PARSER_ROW_NOT_BEGUN 0 /* libcsv's csv.c: between records */
#define SPLIT_MAX 256

static int plain_space(char c, char delim)
{
	return (c == ' ' || c == '\t') && c != delim;
}

/* s[0, n) holds no terminator but s[n - 1] (feed_text splits at every
 * one).  Returns 1 when the line was split and handed on, 0 when it is
 * libcsv's. */
static int split_line(struct reader *r, const char *s, size_t n)
{
	const char *f[SPLIT_MAX];
	size_t len[SPLIT_MAX], k = 0;
	const char delim = (char)r->p.delim_char, quote = (char)r->p.quote_char;
	if (n == 0 || r->p.pstate != PARSER_ROW_NOT_BEGUN || (s[n - 1] != '\n' && s[n - 1] != '\r'))
		return 0;
	const char *end = s + n - 1; /* the terminator */
	for (const char *p = s;;) {
		while (p < end && plain_space(*p, delim))
			p++;
		if (p >= end) {
			if (!k) /* a line of spaces: no record */
				return 1;
			f[k] = "", len[k++] = 0; /* "a,\n": an empty last field */
			break;
		}
		if (k == SPLIT_MAX)
			return 0;
		const char *e;
		if (*p == quote) {
			const char *q = memchr(p + 1, quote, (size_t)(end - p - 1));
			if (!q)
				return 0; /* goes on to the next line */
			f[k] = p + 1, len[k++] = (size_t)(q - p - 1);
			for (e = q + 1; e < end && plain_space(*e, delim); e++)
				;
			if (e < end && *e != delim)
				return 0; /* a doubled quote, or text after the closing one */
		} else {
			const char *q = memchr(p, delim, (size_t)(end - p));
			e = q ? q : end;
			const char *t = e;
			while (t > p && plain_space(t[-1], delim))
				t--;
			f[k] = p, len[k++] = (size_t)(t - p); /* a quote inside stays, as in libcsv */
		}
		if (e >= end)
			break;
		p = e + 1;
	}
	for (size_t i = 0; i < k; i++)
		on_field((void *)(uintptr_t)f[i], len[i], r);
	on_row(*end, r);
	return 1;
}

/* Feeds one segment (ending at a line terminator, or at the block's end). */
static int feed(struct reader *r, const char *s, size_t n)
{
	if (!r->in_row && !is_blank(s, n)) {
		r->in_row = 1;
		r->row_start = r->line;
		yd_buf_reset(&r->raw);
	}
	if (r->in_row) {
		yd_buf_add(&r->raw, s, n);
		if (r->raw.len > YD_CSV_MAX_RECORD)
			return yd_error_set(r->err, YD_EINPUT, "%s:%ld: record longer than %u MiB (unterminated quote?)",
					    r->path, r->row_start, YD_CSV_MAX_RECORD >> 20);
	}
	if (!split_line(r, s, n) && csv_parse(&r->p, s, n, on_field, on_row, r) != n)
		return yd_error_set(r->err, YD_EINPUT, "%s:%ld: %s", r->path, r->line,
				    csv_strerror(csv_error(&r->p)));
	if (r->stop)
		return r->stop;
	/* '\r', '\n' and "\r\n" end one line each: a '\n' is the second half
	 * of a "\r\n" only when it alone follows the '\r' */
	char last = s[n - 1];
	if (last == '\r' || (last == '\n' && !(r->prev_cr && n == 1)))
		r->line++;
	r->prev_cr = last == '\r';
	return 0;
}

/* The delimiter of a text: of comma, tab and semicolon, the one found most
 * often outside quotes on one line of the first 20 (a title line above the
 * header has none); ties go to the comma, then the tab. */
static char detect_delim(const char *s, size_t n)
{
	static const char cand[] = {',', '\t', ';'};
	size_t best[3] = {0, 0, 0}, cnt[3] = {0, 0, 0};
	int inq = 0, lines = 0;
	for (size_t i = 0; i <= n && lines < 20; i++) {
		char c = i < n ? s[i] : '\n';
		if (c == '"') {
			inq = !inq;
		} else if (!inq && (c == '\n' || c == '\r')) {
			for (int k = 0; k < 3; k++) {
				if (cnt[k] > best[k])
					best[k] = cnt[k];
				cnt[k] = 0;
			}
			lines++;
		} else if (!inq) {
			for (int k = 0; k < 3; k++)
				cnt[k] += c == cand[k];
		}
	}
	int w = 0;
	for (int k = 1; k < 3; k++)
		if (best[k] > best[w])
			w = k;
	return cand[w];
}

/* Splits UTF-8 text into segments at each line terminator and feeds them. */
static int feed_text(struct reader *r, const char *s, size_t n)
{
	size_t start = 0;
	if (r->delim_pending) {
		csv_set_delim(&r->p, (unsigned char)detect_delim(s, n));
		r->delim_pending = 0;
	}
	const char *cr = memchr(s, '\r', n); /* next '\r', kept across lines */
	while (start < n) {
		const char *nl = memchr(s + start, '\n', n - start);
		if (cr && cr < s + start)
			cr = memchr(s + start, '\r', n - start);
		const char *end = nl && (!cr || nl < cr) ? nl : cr;
		if (!end)
			break;
		size_t i = (size_t)(end - s);
		int rc = feed(r, s + start, i + 1 - start);
		if (rc)
			return rc;
		start = i + 1;
	}
	return start < n ? feed(r, s + start, n - start) : 0;
}

static long count_lines(const char *s, size_t n)
{
	long k = 0;
	for (const char *p = s; (p = memchr(p, '\n', n - (size_t)(p - s))) != NULL; p++)
		k++;
	return k;
}

/* Line ends as feed counts them ('\r', '\n' and "\r\n" are one each) in
 * s[0..n); *cr says the byte before s was '\r' and is updated. */
static long count_ends(const char *s, size_t n, int *cr)
{
	long k = count_lines(s, n);
	if (n && *cr && s[0] == '\n')
		k--;
	for (const char *p = s; (p = memchr(p, '\r', n - (size_t)(p - s))) != NULL; p++)
		k += (size_t)(p - s) + 1 == n || p[1] != '\n' ? 1 : 0;
	/* a "\r\n" counts at its '\r' above only when the '\n' is not there: a
	 * '\r' ending the block is counted now, and its '\n' skipped next time */
	*cr = n && s[n - 1] == '\r';
	return k;
}

/* Scans up to limit bytes of f (UINT64_MAX: to its end) for UTF-8
 * validity.  Returns 1 valid, 0 not (with the 1-based line of the first
 * bad byte in *bad_line), or YD_EIO.  *ends (may be NULL) receives the
 * line ends of a valid range. */
static int scan_utf8(FILE *f, const char *path, uint64_t limit, char *block, long *bad_line, long *ends,
		     struct yd_error *err)
{
	size_t carry = 0, n;
	long lines = 0, nends = 0;
	int cr = 0;

	while ((n = fread(block + carry, 1, limit < BLOCK - carry ? (size_t)limit : BLOCK - carry, f)) > 0 || carry) {
		size_t have = carry + n;
		int incomplete;
		limit -= n;
		size_t ok = yd_utf8_valid_prefix(block, have, &incomplete);
		if (ok < have && !(incomplete && n > 0)) {
			*bad_line = lines + count_lines(block, ok) + 1;
			return 0;
		}
		lines += count_lines(block, ok);
		if (ends)
			nends += count_ends(block, ok, &cr);
		carry = have - ok;
		memmove(block, block + ok, carry);
		if (n == 0)
			break;
	}
	if (ferror(f))
		return yd_error_set(err, YD_EIO, "%s: %s", path, strerror(errno));
	if (ends)
		*ends = nends;
	return 1;
}

/* The whole file as UTF-8: lines, lines with an invalid byte (the first of
 * them in *first_bad), and multi-byte characters in the valid text.  The
 * encoding is decided on all of it, not on the first stray byte. */
struct utf8_stats {
	long lines, bad_lines, first_bad;
	long good_mb_lines; /* lines with multi-byte characters and no invalid byte */
};

static int scan_utf8_all(FILE *f, const char *path, char *block, struct utf8_stats *u, struct yd_error *err)
{
	size_t carry = 0, n;
	int line_mb = 0, line_bad = 0;

	memset(u, 0, sizeof *u);
	while ((n = fread(block + carry, 1, BLOCK - carry, f)) > 0 || carry) {
		size_t have = carry + n, at = 0;
		for (;;) {
			int incomplete;
			size_t ok = yd_utf8_valid_prefix(block + at, have - at, &incomplete);
			for (size_t i = at; i < at + ok; i++) {
				unsigned char c = (unsigned char)block[i];
				if (c == '\n') {
					u->lines++;
					u->good_mb_lines += line_mb && !line_bad;
					line_mb = line_bad = 0;
				} else if (c >= 0xC0) {
					line_mb = 1;
				}
			}
			at += ok;
			if (at == have || (incomplete && n > 0))
				break;
			/* an invalid byte: its line is bad; step over it */
			if (!line_bad) {
				u->bad_lines++;
				if (!u->first_bad)
					u->first_bad = u->lines + 1;
			}
			line_bad = 1;
			if (block[at] == '\n') {
				u->lines++;
				line_mb = line_bad = 0;
			}
			at++;
		}
		carry = have - at;
		memmove(block, block + at, carry);
		if (n == 0)
			break;
	}
	u->good_mb_lines += line_mb && !line_bad;
	if (ferror(f))
		return yd_error_set(err, YD_EIO, "%s: %s", path, strerror(errno));
	return 0;
}

/* A GBK file has invalid UTF-8 on nearly every line with Chinese in it; a
 * UTF-8 file with a stray byte has more lines of valid Chinese than bad
 * lines: its bad rows are rejected, the rest read as UTF-8 (a stray byte
 * re-decoded the whole file as GB18030: 浙江 became 娴欐睙). */
static int mostly_utf8(const struct utf8_stats *u)
{
	return u->bad_lines == 0 || u->good_mb_lines >= u->bad_lines;
}

static void reader_init(struct reader *r, const char *path, yd_csv_row_fn fn, void *data, struct yd_error *err)
{
	memset(r, 0, sizeof *r);
	r->path = path;
	r->fn = fn;
	r->data = data;
	r->err = err;
	r->line = 1;
}

static int reader_start(struct reader *r)
{
	if (csv_init(&r->p, CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return yd_error_set(r->err, YD_EIO, "%s: cannot initialise the CSV parser", r->path);
	r->parser_ready = 1;
	r->delim_pending = 1;
	/* libcsv grows a field's buffer by this much at a time (128 bytes by
	 * default): a 10 MB field would otherwise take 80,000 reallocations */
	csv_set_blk_size(&r->p, 1u << 16);
	return 0;
}

static void reader_release(struct reader *r)
{
	if (r->parser_ready)
		csv_free(&r->p);
	yd_gbconv_free(r->gb);
	yd_buf_release(&r->conv);
	yd_cells_release(&r->cells);
	yd_buf_release(&r->raw);
}

/* Feeds f from r->pos up to byte `to` (UINT64_MAX: its end) to the parser. */
static int read_blocks(struct reader *r, FILE *f, uint64_t to, char *block)
{
	for (;;) {
		size_t want = to - r->pos < BLOCK ? (size_t)(to - r->pos) : BLOCK;
		size_t n = fread(block, 1, want, f);
		int last = n < want || r->pos + n == to;
		int rc;
		if (n == 0 && ferror(f))
			return yd_error_set(r->err, YD_EIO, "%s: %s", r->path, strerror(errno));
		r->pos += n;
		if (r->gb) {
			size_t bad = 0;
			yd_buf_reset(&r->conv);
			if (yd_gbconv_feed(r->gb, block, n, last && feof(f), &r->conv, &bad) < 0) {
				long line = r->line + count_lines(yd_buf_str(&r->conv), r->conv.len);
				if (r->forced_gb)
					return yd_error_set(r->err, YD_EINPUT, "%s:%ld: not valid %s", r->path, line,
							    r->gbname);
				return yd_error_set(r->err, YD_EINPUT,
						    "%s:%ld: not valid UTF-8, and not GB18030 either (from line %ld)", r->path,
						    r->utf8_bad_line, line);
			}
			rc = feed_text(r, yd_buf_str(&r->conv), r->conv.len);
		} else {
			rc = feed_text(r, block, n);
		}
		if (rc || last)
			return rc;
	}
}

/* The end of the input: a record still open is an unterminated quote. */
static int reader_finish(struct reader *r)
{
	/* libcsv reports an unterminated quote only in its strict mode, which
	 * would also fail a whole file over one stray quote inside a field; so
	 * look at its state instead: 2 is FIELD_BEGUN in libcsv's csv.c. */
	if ((r->p.pstate == 2 && r->p.quoted) || csv_fini(&r->p, on_field, on_row, r) != 0)
		return yd_error_set(r->err, YD_EINPUT, "%s:%ld: unterminated quoted field", r->path, r->row_start);
	return r->stop;
}

/* At a record boundary: no record begun (0 is ROW_NOT_BEGUN in csv.c). */
static int reader_between_records(const struct reader *r)
{
	return !r->in_row && r->p.pstate == 0;
}

/* Reads the UTF-8 byte-order mark, if any; returns 1 when there is one. */
static int skip_bom(FILE *f)
{
	unsigned char bom[3] = {0, 0, 0};
	size_t nb = fread(bom, 1, 3, f);
	int has_bom = nb == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF;
	if (!has_bom)
		rewind(f);
	return has_bom;
}

/* Reads a UTF-16 byte-order mark: returns its encoding, or YD_ENC_AUTO
 * (and rewinds) when there is none. */
static enum yd_encoding skip_bom16(FILE *f)
{
	unsigned char bom[2] = {0, 0};
	size_t nb = fread(bom, 1, 2, f);
	if (nb == 2 && bom[0] == 0xFF && bom[1] == 0xFE)
		return YD_ENC_UTF16LE;
	if (nb == 2 && bom[0] == 0xFE && bom[1] == 0xFF)
		return YD_ENC_UTF16BE;
	rewind(f);
	return YD_ENC_AUTO;
}

int yd_csv_read(const char *path, enum yd_encoding enc, yd_csv_row_fn fn, void *data,
		enum yd_encoding *used, struct yd_error *err)
{
	struct reader r;
	char *block = NULL;
	FILE *f = NULL;
	int rc = 0;
	struct stat st;

	reader_init(&r, path, fn, data, err);
	r.forced_gb = enc == YD_ENC_GB18030;
	f = fopen(path, "rb");
	if (!f) {
		rc = yd_error_set(err, YD_EINPUT, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (fstat(fileno(f), &st) == 0)
		r.size = (uint64_t)st.st_size;
	block = yd_xmalloc(BLOCK);

	enum yd_encoding bom16 = skip_bom16(f);
	int has_bom = bom16 == YD_ENC_AUTO && skip_bom(f);
	if (bom16 != YD_ENC_AUTO) {
		if (enc != YD_ENC_AUTO && enc != bom16) {
			rc = yd_error_set(err, YD_EINPUT, "%s:1: file starts with a %s byte-order mark, not %s", path,
					  yd_encoding_name(bom16), yd_encoding_name(enc));
			goto out;
		}
		enc = bom16;
	} else if (enc == YD_ENC_UTF16LE || enc == YD_ENC_UTF16BE) {
		r.forced_gb = 1; /* no mark: read as told */
	}
	if (has_bom && enc == YD_ENC_GB18030) {
		rc = yd_error_set(err, YD_EINPUT, "%s:1: file starts with a UTF-8 byte-order mark, not GB18030", path);
		goto out;
	}
	if (has_bom || (enc != YD_ENC_GB18030 && enc != YD_ENC_UTF16LE && enc != YD_ENC_UTF16BE)) {
		/* a UTF-8 byte-order mark is checked too: GBK bytes behind one were
		 * stored as invalid UTF-8 */
		struct utf8_stats u;
		long first_bad = 0;
		long start = ftell(f);
		/* the fast check first (valid UTF-8 is the usual case); the line by
		 * line count only for a file that is not */
		int v = scan_utf8(f, path, UINT64_MAX, block, &first_bad, NULL, err);
		if (v < 0) {
			rc = v;
			goto out;
		}
		if (v) {
			memset(&u, 0, sizeof u);
		} else {
			if (fseek(f, start, SEEK_SET) != 0) {
				rc = yd_error_set(err, YD_EIO, "%s: %s", path, strerror(errno));
				goto out;
			}
			if ((rc = scan_utf8_all(f, path, block, &u, err)) < 0)
				goto out;
		}
		r.utf8_bad_line = u.first_bad;
		if (mostly_utf8(&u)) {
			enc = has_bom ? YD_ENC_UTF8_BOM : YD_ENC_UTF8;
			r.check_rows = u.bad_lines > 0; /* reject those rows, keep the rest */
		} else if (has_bom) {
			rc = yd_error_set(err, YD_EINPUT,
					  "%s:%ld: starts with a UTF-8 byte-order mark, but %ld of %ld lines are not UTF-8 "
					  "(a GBK file saved with a mark?)",
					  path, u.first_bad, u.bad_lines, u.lines);
			goto out;
		} else if (enc == YD_ENC_UTF8) {
			rc = yd_error_set(err, YD_EINPUT, "%s:%ld: not valid UTF-8 (try --encoding gbk)", path, u.first_bad);
			goto out;
		} else {
			enc = YD_ENC_GB18030;
		}
		rewind(f);
		if (has_bom)
			skip_bom(f);
	}
	if (used)
		*used = enc;
	if (enc == YD_ENC_GB18030 || enc == YD_ENC_UTF16LE || enc == YD_ENC_UTF16BE) {
		r.gbname = enc == YD_ENC_GB18030 ? "GB18030" : enc == YD_ENC_UTF16LE ? "UTF-16LE" : "UTF-16BE";
		if (!(r.gb = yd_gbconv_new_from(r.gbname))) {
			rc = yd_error_set(err, YD_EIO, "%s: this system's iconv has no %s converter", path, r.gbname);
			goto out;
		}
		if (enc != YD_ENC_GB18030)
			r.forced_gb = 1;
	}
	if ((rc = reader_start(&r)) < 0)
		goto out;
	r.pos = has_bom ? 3 : bom16 != YD_ENC_AUTO ? 2 : 0;
	if (r.pos && fseek(f, (long)r.pos, SEEK_SET) != 0) {
		rc = yd_error_set(err, YD_EIO, "%s: %s", path, strerror(errno));
		goto out;
	}
	if ((rc = read_blocks(&r, f, UINT64_MAX, block)) == 0)
		rc = reader_finish(&r);
out:
	reader_release(&r);
	if (f)
		fclose(f);
	free(block);
	return rc;
}

/* ---- reading in pieces ---- */

/* Pieces smaller than this are not worth a thread. */
#define MIN_PIECE (4u << 20)

struct piece {
	struct reader r;
	FILE *f;
	char *block;
	uint64_t begin, end; /* bytes [begin, end) of the file */
	long ends;           /* line ends in it */
	uint64_t header;     /* where the file's first record is looked for */
	int valid;           /* 1 valid UTF-8, 0 not, < 0 I/O error */
	int rc;              /* the parse's result */
	struct yd_error err;
};

static void *scan_piece(void *arg)
{
	struct piece *p = arg;
	long bad = 0;
	if (fseek(p->f, (long)p->begin, SEEK_SET) != 0)
		p->valid = yd_error_set(&p->err, YD_EIO, "%s: %s", p->r.path, strerror(errno));
	else
		p->valid = scan_utf8(p->f, p->r.path, p->end - p->begin, p->block, &bad, &p->ends, &p->err);
	return NULL;
}

/* The file's first record, for a piece that does not begin with it. */
struct first {
	yd_csv_row_fn fn;
	void *data;
	int rc; /* what fn returned */
};

static int first_row(void *data, const struct yd_csv_row *row, struct yd_error *err)
{
	struct first *h = data;
	h->rc = h->fn(h->data, row, err);
	return h->rc ? h->rc : 1; /* 1: stop after this record */
}

/* Hands the file's first record (its header) to a later piece's callback. */
static int piece_header(struct piece *p)
{
	struct reader hr;
	struct first h = {p->r.fn, p->r.data, 0};
	int rc;

	reader_init(&hr, p->r.path, first_row, &h, &p->err);
	hr.pos = p->header;
	if (fseek(p->f, (long)p->header, SEEK_SET) != 0)
		rc = yd_error_set(&p->err, YD_EIO, "%s: %s", p->r.path, strerror(errno));
	else if ((rc = reader_start(&hr)) == 0)
		rc = read_blocks(&hr, p->f, p->begin, p->block);
	reader_release(&hr);
	return rc == 1 && h.rc == 0 ? 0 : rc;
}

static void *parse_piece(void *arg)
{
	struct piece *p = arg;
	p->r.pos = p->begin;
	if (p->header < p->begin && (p->rc = piece_header(p)) != 0)
		return NULL;
	if (fseek(p->f, (long)p->begin, SEEK_SET) != 0)
		p->rc = yd_error_set(&p->err, YD_EIO, "%s: %s", p->r.path, strerror(errno));
	else if ((p->rc = reader_start(&p->r)) == 0)
		p->rc = read_blocks(&p->r, p->f, p->end, p->block);
	return NULL;
}

/* Runs fn on every piece, pieces 1.. on threads of their own. */
static void run_pieces(struct piece *pc, int n, void *(*fn)(void *))
{
	pthread_t t[YD_CSV_MAX_PARTS];
	int started[YD_CSV_MAX_PARTS] = {0};
	for (int k = 1; k < n; k++)
		started[k] = pthread_create(&t[k], NULL, fn, &pc[k]) == 0;
	fn(&pc[0]);
	for (int k = 1; k < n; k++) {
		if (started[k])
			pthread_join(t[k], NULL);
		else
			fn(&pc[k]);
	}
}

/* The offset just after the first '\n' at or after off, before limit; 0
 * when there is none. */
static uint64_t line_start_after(FILE *f, uint64_t off, uint64_t limit, char *block)
{
	if (fseek(f, (long)off, SEEK_SET) != 0)
		return 0;
	while (off < limit) {
		size_t n = fread(block, 1, BLOCK, f);
		if (n == 0)
			return 0;
		const char *nl = memchr(block, '\n', n);
		if (nl)
			return off + (uint64_t)(nl - block) + 1 < limit ? off + (uint64_t)(nl - block) + 1 : 0;
		off += n;
	}
	return 0;
}

int yd_csv_read_parts(const char *path, int parts, yd_csv_row_fn fn, void (*reset)(void *data), void *const *data,
		      int *used, struct yd_error *err)
{
	struct piece pc[YD_CSV_MAX_PARTS];
	struct stat st;
	int n = 0, rc = 0, serial = 1;
	FILE *f = fopen(path, "rb");

	memset(pc, 0, sizeof pc);
	if (parts > YD_CSV_MAX_PARTS)
		parts = YD_CSV_MAX_PARTS;
	if (f && fstat(fileno(f), &st) == 0 && parts > 1 && (uint64_t)st.st_size >= 2 * (uint64_t)MIN_PIECE) {
		uint64_t size = (uint64_t)st.st_size, begin = skip_bom(f) ? 3 : 0;
		char *block = yd_xmalloc(BLOCK);
		if ((uint64_t)parts > size / MIN_PIECE)
			parts = (int)(size / MIN_PIECE);
		/* piece k begins at the first line after k/parts of the file */
		for (int k = 0; k < parts; k++) {
			uint64_t at = k ? line_start_after(f, size / (uint64_t)parts * (uint64_t)k, size, block) : begin;
			if (k && at <= pc[n - 1].begin)
				continue;
			if (k && !at)
				break;
			pc[n++].begin = at;
		}
		free(block);
		serial = n < 2;
		for (int k = 0; k < n; k++) {
			pc[k].end = k + 1 < n ? pc[k + 1].begin : size;
			pc[k].header = pc[0].begin;
			reader_init(&pc[k].r, path, fn, data[k], &pc[k].err);
			pc[k].r.size = size;
			pc[k].block = yd_xmalloc(BLOCK);
			if (!(pc[k].f = fopen(path, "rb")))
				serial = 1;
		}
	}
	if (f)
		fclose(f);
	if (!serial) {
		run_pieces(pc, n, scan_piece);
		long line = 1;
		for (int k = 0; k < n && !serial; k++) {
			serial = pc[k].valid != 1; /* not UTF-8 (or unreadable): yd_csv_read says why */
			pc[k].r.line = line;
			line += pc[k].ends;
		}
	}
	if (serial) {
		rc = yd_csv_read(path, YD_ENC_AUTO, fn, data[0], NULL, err);
		n = 1;
		goto out;
	}
	run_pieces(pc, n, parse_piece);
	/* in file order: the first failure wins; a piece that ends inside a
	 * record means the next split fell inside a quoted field */
	for (int k = 0; k < n; k++) {
		struct piece *p = &pc[k];
		if (p->rc == 0 && k + 1 < n && !reader_between_records(&p->r)) {
			for (int j = k + 1; j < n; j++)
				if (reset)
					reset(data[j]);
			p->rc = read_blocks(&p->r, p->f, UINT64_MAX, p->block);
			n = k + 1;
		}
		if (p->rc == 0 && k + 1 == n)
			p->rc = reader_finish(&p->r);
		if (p->rc) {
			rc = p->rc;
			if (err && p->rc < 0)
				*err = p->err;
			break;
		}
	}
out:
	for (int k = 0; k < YD_CSV_MAX_PARTS; k++) {
		reader_release(&pc[k].r);
		if (pc[k].f)
			fclose(pc[k].f);
		free(pc[k].block);
	}
	if (used)
		*used = n;
	return rc;
}
