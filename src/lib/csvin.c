#include "youdu/csvin.h"

#include <csv.h>
#include <errno.h>
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
    {"utf-8-bom", YD_ENC_UTF8_BOM},
};

const char *yd_encoding_name(enum yd_encoding e)
{
	switch (e) {
	case YD_ENC_UTF8: return "utf-8";
	case YD_ENC_UTF8_BOM: return "utf-8-bom";
	case YD_ENC_GB18030: return "gb18030";
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

/* Reader state, carried through libcsv's void *data. */
struct reader {
	struct csv_parser p;
	const char *path;
	yd_csv_row_fn fn;      /* the caller's row callback */
	void *data;            /* its data */
	struct yd_error *err;
	int stop;              /* non-zero once the callback asked to stop */
	struct yd_buf fbuf;    /* field bytes of the current record, NUL-separated */
	size_t *offs;          /* field start offsets in fbuf */
	size_t *lens;          /* field lengths */
	char **ptrs;           /* field pointers handed to the callback */
	size_t nf, capf;       /* fields in the current record, slots allocated */
	struct yd_buf raw;     /* raw text of the current record */
	long line;             /* physical line of the next byte fed */
	long row_start;        /* line where the current record began */
	int in_row;            /* a record has begun and not yet ended */
	int prev_cr;           /* the last byte fed was '\r' */
	uint64_t pos, size;
};

static void on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	if (r->nf == r->capf) {
		r->capf = r->capf ? r->capf * 2 : 32;
		r->offs = yd_xrealloc(r->offs, r->capf * sizeof *r->offs);
		r->lens = yd_xrealloc(r->lens, r->capf * sizeof *r->lens);
		r->ptrs = yd_xrealloc(r->ptrs, r->capf * sizeof *r->ptrs);
	}
	r->offs[r->nf] = r->fbuf.len;
	r->lens[r->nf] = len;
	yd_buf_add(&r->fbuf, s ? s : "", s ? len : 0);
	yd_buf_addch(&r->fbuf, '\0');
	r->nf++;
}

static void on_row(int c, void *data)
{
	struct reader *r = data;
	(void)c;
	if (!r->stop) {
		size_t rl = r->raw.len;
		while (rl && (r->raw.s[rl - 1] == '\n' || r->raw.s[rl - 1] == '\r'))
			rl--;
		for (size_t i = 0; i < r->nf; i++)
			r->ptrs[i] = r->fbuf.s + r->offs[i];
		struct yd_csv_row row = {r->nf, r->ptrs, r->lens, r->row_start, yd_buf_str(&r->raw), rl,
					 r->pos, r->size};
		r->stop = r->fn(r->data, &row, r->err);
	}
	r->nf = 0;
	yd_buf_reset(&r->fbuf);
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
	if (csv_parse(&r->p, s, n, on_field, on_row, r) != n)
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

/* Splits UTF-8 text into segments at each line terminator and feeds them. */
static int feed_text(struct reader *r, const char *s, size_t n)
{
	size_t start = 0;
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

/* Scans the whole file for UTF-8 validity.  Returns 1 valid, 0 not (with the
 * 1-based line of the first bad byte in *bad_line), or YD_EIO. */
static int scan_utf8(FILE *f, const char *path, char *block, long *bad_line, struct yd_error *err)
{
	size_t carry = 0, n;
	long lines = 0;

	while ((n = fread(block + carry, 1, BLOCK - carry, f)) > 0 || carry) {
		size_t have = carry + n;
		int incomplete;
		size_t ok = yd_utf8_valid_prefix(block, have, &incomplete);
		if (ok < have && !(incomplete && n > 0)) {
			*bad_line = lines + count_lines(block, ok) + 1;
			return 0;
		}
		lines += count_lines(block, ok);
		carry = have - ok;
		memmove(block, block + ok, carry);
		if (n == 0)
			break;
	}
	if (ferror(f))
		return yd_error_set(err, YD_EIO, "%s: %s", path, strerror(errno));
	return 1;
}

int yd_csv_read(const char *path, enum yd_encoding enc, yd_csv_row_fn fn, void *data,
		enum yd_encoding *used, struct yd_error *err)
{
	struct reader r;
	struct yd_gbconv *gb = NULL;
	struct yd_buf conv = YD_BUF_INIT;
	char *block = NULL;
	FILE *f = NULL;
	int rc = 0, parser_ready = 0, forced_gb = enc == YD_ENC_GB18030;
	long utf8_bad_line = 0; /* where UTF-8 failed, when auto-detection chose GB18030 */
	struct stat st;

	memset(&r, 0, sizeof r);
	r.path = path;
	r.fn = fn;
	r.data = data;
	r.err = err;
	r.line = 1;

	f = fopen(path, "rb");
	if (!f) {
		rc = yd_error_set(err, YD_EINPUT, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (fstat(fileno(f), &st) == 0)
		r.size = (uint64_t)st.st_size;
	block = yd_xmalloc(BLOCK);

	unsigned char bom[3] = {0, 0, 0};
	size_t nb = fread(bom, 1, 3, f);
	int has_bom = nb == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF;
	if (has_bom && enc == YD_ENC_GB18030) {
		rc = yd_error_set(err, YD_EINPUT, "%s:1: file starts with a UTF-8 byte-order mark, not GB18030", path);
		goto out;
	}
	if (!has_bom)
		rewind(f);
	if (has_bom) {
		enc = YD_ENC_UTF8_BOM;
	} else if (enc != YD_ENC_GB18030) {
		long bad_line = 0;
		int v = scan_utf8(f, path, block, &bad_line, err);
		utf8_bad_line = bad_line;
		if (v < 0) {
			rc = v;
			goto out;
		}
		if (!v && enc == YD_ENC_UTF8) {
			rc = yd_error_set(err, YD_EINPUT, "%s:%ld: not valid UTF-8 (try --encoding gbk)", path, bad_line);
			goto out;
		}
		enc = v ? YD_ENC_UTF8 : YD_ENC_GB18030;
		rewind(f);
	}
	if (used)
		*used = enc;
	if (enc == YD_ENC_GB18030) {
		gb = yd_gbconv_new();
		if (!gb) {
			rc = yd_error_set(err, YD_EIO, "%s: this system's iconv has no GB18030 converter", path);
			goto out;
		}
	}
	if (csv_init(&r.p, CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		rc = yd_error_set(err, YD_EIO, "%s: cannot initialise the CSV parser", path);
		goto out;
	}
	parser_ready = 1;
	/* libcsv grows a field's buffer by this much at a time (128 bytes by
	 * default): a 10 MB field would otherwise take 80,000 reallocations */
	csv_set_blk_size(&r.p, 1u << 16);
	r.pos = has_bom ? 3 : 0;
	if (has_bom && fseek(f, 3, SEEK_SET) != 0) {
		rc = yd_error_set(err, YD_EIO, "%s: %s", path, strerror(errno));
		goto out;
	}

	for (;;) {
		size_t n = fread(block, 1, BLOCK, f);
		int last = n < BLOCK;
		if (n == 0 && ferror(f)) {
			rc = yd_error_set(err, YD_EIO, "%s: %s", path, strerror(errno));
			goto out;
		}
		r.pos += n;
		if (gb) {
			size_t bad = 0;
			yd_buf_reset(&conv);
			if (yd_gbconv_feed(gb, block, n, last && feof(f), &conv, &bad) < 0) {
				long line = r.line + count_lines(yd_buf_str(&conv), conv.len);
				if (forced_gb)
					rc = yd_error_set(err, YD_EINPUT, "%s:%ld: not valid GB18030", path, line);
				else
					rc = yd_error_set(err, YD_EINPUT,
							  "%s:%ld: not valid UTF-8, and not GB18030 either (from line %ld)",
							  path, utf8_bad_line, line);
				goto out;
			}
			rc = feed_text(&r, yd_buf_str(&conv), conv.len);
		} else {
			rc = feed_text(&r, block, n);
		}
		if (rc)
			goto out;
		if (last)
			break;
	}
	/* libcsv reports an unterminated quote only in its strict mode, which
	 * would also fail a whole file over one stray quote inside a field; so
	 * look at its state instead: 2 is FIELD_BEGUN in libcsv's csv.c. */
	if ((r.p.pstate == 2 && r.p.quoted) || csv_fini(&r.p, on_field, on_row, &r) != 0) {
		rc = yd_error_set(err, YD_EINPUT, "%s:%ld: unterminated quoted field", path, r.row_start);
		goto out;
	}
	rc = r.stop;
out:
	if (parser_ready)
		csv_free(&r.p);
	if (f)
		fclose(f);
	yd_gbconv_free(gb);
	yd_buf_release(&conv);
	yd_buf_release(&r.fbuf);
	yd_buf_release(&r.raw);
	free(r.offs);
	free(r.lens);
	free(r.ptrs);
	free(block);
	return rc;
}
