#include "youdu/sheet.h"

#include <errno.h>
#include <expat.h>
#include <freexl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include "youdu/alloc.h"
#include "youdu/buf.h"
#include "youdu/lazy.h"

#define XML_BLOCK (1u << 16)
#define MAX_COLS 16384 /* Excel's last column, XFD */

/* What a real workbook never needs (issue 26.3; docs/FORMATS.md): a part
 * of the zip expanding beyond PART_MAX, or beyond PART_RATIO times its
 * compressed size once past PART_SMALL, is a zip bomb (1.57 MB whose
 * sharedStrings.xml expanded to 1 GiB took 1.9 GB and 23 s).  Both are
 * checked on the sizes the zip declares and again on the bytes read, which
 * a damaged or forged header cannot hide. */
#define PART_MAX ((uint64_t)512 << 20)
#define PART_SMALL ((uint64_t)16 << 20)
#define PART_RATIO 100
/* The shared-string table, held whole: Excel's 1,048,576 rows with 16
 * columns of distinct text of 16 bytes each fit. */
#define SST_MAX_STRINGS ((size_t)1 << 24)
#define SST_MAX_BYTES ((size_t)256 << 20)

static const char *const format_names[] = {"csv", "xlsx", "xls"};

const char *yd_table_format_name(enum yd_table_format f)
{
	return (unsigned)f < sizeof format_names / sizeof *format_names ? format_names[f] : "";
}

/* What youdu reads, for the error about a file it does not. */
#define READS                                                                                              \
	"youdu reads CSV or tab-separated text (UTF-8, GBK/GB18030 or UTF-16), .xlsx and .xls: " \
	"open it in Excel or WPS and save it as .xlsx or CSV"

/* ---- dates and numbers ---- */

/* yyyy, mm, dd of a day count since 1970-01-01 (Howard Hinnant's
 * civil_from_days). */
static void civil(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int yd_sheet_serial_date(double serial, int date1904, char *buf, size_t bufsz)
{
	if (!(serial >= 0 && serial < 2958466.0))
		return -1;
	long days = (long)floor(serial);
	long secs = lround((serial - (double)days) * 86400.0);
	int y, m, d;
	if (secs >= 86400) {
		days++;
		secs = 0;
	}
	if (date1904) {
		civil(days - 24107, &y, &m, &d); /* 1904-01-01 is day -24107 of 1970 */
	} else if (days < 1) {
		return -1;
	} else if (days == 60) {
		y = 1900, m = 2, d = 29; /* Lotus 1-2-3's leap day, kept by Excel */
	} else {
		/* serial 61 is 1900-03-01; before the phantom day serials are one behind */
		civil(days - 25569 + (days < 60), &y, &m, &d);
	}
	if (secs)
		snprintf(buf, bufsz, "%04d-%02d-%02d %02ld:%02ld:%02ld", y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
	else
		snprintf(buf, bufsz, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/* Built-in number formats that show dates: 14-22, and the East Asian
 * locales' 27-31, 36, 50, 51, 54, 57, 58 (年月日 forms). */
static const unsigned char builtin_dates[] = {14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29,
					      30, 31, 36, 50, 51, 54, 57, 58};

int yd_sheet_format_is_date(int id, const char *code)
{
	if (!code) {
		for (size_t i = 0; i < sizeof builtin_dates; i++)
			if (builtin_dates[i] == id)
				return 1;
		return 0;
	}
	/* the first section, without quoted text, escapes and [colour] or [$-locale] tags */
	int month = 0, time = 0;
	for (const char *p = code; *p && *p != ';'; p++) {
		switch (*p) {
		case '"':
			while (p[1] && p[1] != '"')
				p++;
			if (p[1])
				p++;
			break;
		case '[':
			while (p[1] && p[1] != ']')
				p++;
			if (p[1])
				p++;
			break;
		case '\\':
		case '_':
		case '*':
			if (p[1])
				p++;
			break;
		case 'y': case 'Y': case 'd': case 'D': case 'e': case 'E':
			if ((*p == 'e' || *p == 'E') && (p[1] == '+' || p[1] == '-'))
				break; /* 0.00E+00 */
			if (*p == 'e' || *p == 'E')
				break; /* only y and d count: "General" */
			return 1;
		case 'm': case 'M': month = 1; break;
		case 'h': case 'H': case 's': case 'S': time = 1; break;
		default: break;
		}
	}
	return month && !time;
}

/* A number as Excel shows it: at most 15 significant digits, so float
 * artefacts of stored values (2999.9999999999995) read as typed (3000). */
static void format_double(double x, char *buf, size_t bufsz)
{
	if (x == floor(x) && fabs(x) < 1e15)
		snprintf(buf, bufsz, "%.0f", x);
	else
		snprintf(buf, bufsz, "%.15g", x);
}

/* ---- one row of cells ---- */

struct rowbuf {
	struct yd_cells c;   /* the row's cells (shared with the CSV reader) */
	size_t width;        /* widest row so far: shorter rows are padded to it */
	struct yd_buf raw;   /* the row as one CSV line */
};

static void row_reset(struct rowbuf *b)
{
	yd_cells_reset(&b->c);
}

static void row_add(struct rowbuf *b, const char *s, size_t n)
{
	yd_cells_add(&b->c, s, n);
}

static void row_release(struct rowbuf *b)
{
	yd_cells_release(&b->c);
	yd_buf_release(&b->raw);
}

/* Hands the row to fn, unless every cell is empty (a blank line). */
static int row_emit(struct rowbuf *b, long line, const char *sheet, uint64_t pos, uint64_t size, yd_csv_row_fn fn,
		    void *data, struct yd_error *err)
{
	size_t n = b->c.n;
	while (n && b->c.lens[n - 1] == 0)
		n--;
	if (n == 0) {
		row_reset(b);
		return 0;
	}
	yd_buf_reset(&b->raw);
	for (size_t i = 0; i < n; i++) {
		const char *s = b->c.text.s + b->c.offs[i];
		if (i)
			yd_buf_addch(&b->raw, ',');
		if (strpbrk(s, ",\"\r\n")) {
			yd_buf_addch(&b->raw, '"');
			for (; *s; s++) {
				if (*s == '"')
					yd_buf_addch(&b->raw, '"');
				yd_buf_addch(&b->raw, *s);
			}
			yd_buf_addch(&b->raw, '"');
		} else {
			yd_buf_add(&b->raw, s, b->c.lens[i]);
		}
	}
	b->c.n = n;
	if (n > b->width)
		b->width = n;
	while (b->c.n < b->width)
		row_add(b, "", 0);
	char *const *fields = yd_cells_fields(&b->c);
	struct yd_csv_row row = {b->c.n, fields, b->c.lens, line, yd_buf_str(&b->raw), b->raw.len, pos, size, sheet, 0};
	int rc = fn(data, &row, err);
	row_reset(b);
	return rc;
}

/* ---- .xlsx ---- */

enum phase { PH_WORKBOOK, PH_RELS, PH_STYLES, PH_SST, PH_SHEET };

struct xlsx {
	zip_t *zip;
	const char *path;
	struct yd_error *err;
	XML_Parser xp;
	int stop;              /* a callback's non-zero status: parsing stopped */
	enum phase phase;
	uint64_t pos, size;    /* bytes of the member parsed so far, its size */
	uint64_t csize;        /* its compressed size, 0 when unknown */
	const char *member;    /* its name */

	/* workbook */
	const char *want;      /* --sheet, or NULL for the first */
	int date1904;
	int found;             /* the sheet was found */
	char rid[128];         /* its relationship id */
	char name[256];        /* its name */
	struct yd_buf names;   /* all sheet names, for the error naming them */
	char target[1024];     /* its part in the zip */

	/* styles */
	int in_numfmts, in_cellxfs;
	int *fmt_id;           /* custom number formats: id and whether a date */
	unsigned char *fmt_date;
	size_t nfmt;
	unsigned char *xf_date; /* per cell style: shows a date */
	size_t nxf;

	/* shared strings */
	struct yd_buf sst;     /* the strings, each NUL-terminated */
	size_t *sst_off;
	size_t nsst, capsst;

	/* text collection (shared strings, cells) */
	int in_si, in_t, in_rph, in_v, in_is;
	struct yd_buf text;

	/* the worksheet */
	long row;              /* current row number */
	size_t col;            /* next column */
	char ctype[16];        /* the cell's t attribute */
	long cstyle;           /* its s attribute */
	struct rowbuf rb;
	yd_csv_row_fn fn;
	void *data;
};

static const char *local_name(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

/* The value of the attribute whose local name is name, or NULL. */
static const char *attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(local_name(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

static void xml_fail(struct xlsx *x, const char *fmt, ...) YD_PRINTF(2, 3);
static void xml_fail(struct xlsx *x, const char *fmt, ...)
{
	if (!x->stop) {
		char msg[512];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
		x->stop = yd_error_set(x->err, YD_EINPUT, "%s: %s", x->path, msg);
	}
	XML_StopParser(x->xp, XML_FALSE);
}

static void on_text(void *ud, const XML_Char *s, int len)
{
	struct xlsx *x = ud;
	if (x->in_v || (x->in_t && !x->in_rph)) {
		if (x->text.len + (size_t)len > YD_CSV_MAX_RECORD) {
			xml_fail(x, "a cell longer than %u MiB", YD_CSV_MAX_RECORD >> 20);
			return;
		}
		yd_buf_add(&x->text, s, (size_t)len);
	}
}

static void wb_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *n = local_name(el), *v;
	if (strcmp(n, "workbookPr") == 0) {
		v = attr(atts, "date1904");
		x->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
	} else if (strcmp(n, "sheet") == 0 && !x->found) {
		const char *name = attr(atts, "name"), *rid = attr(atts, "id");
		if (!name || !rid)
			return;
		if (x->names.len)
			yd_buf_addstr(&x->names, ", ");
		yd_buf_addstr(&x->names, name);
		if (!x->want || strcmp(x->want, name) == 0) {
			x->found = 1;
			snprintf(x->rid, sizeof x->rid, "%s", rid);
			snprintf(x->name, sizeof x->name, "%s", name);
		}
	}
}

static void rels_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *id, *target;
	if (strcmp(local_name(el), "Relationship") != 0 || !(id = attr(atts, "Id")) || strcmp(id, x->rid) != 0 ||
	    !(target = attr(atts, "Target")))
		return;
	if (target[0] == '/')
		snprintf(x->target, sizeof x->target, "%s", target + 1);
	else
		snprintf(x->target, sizeof x->target, "xl/%s", target[0] == '.' && target[1] == '/' ? target + 2 : target);
}

static void styles_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *n = local_name(el), *v;
	if (strcmp(n, "numFmts") == 0) {
		x->in_numfmts = 1;
	} else if (strcmp(n, "cellXfs") == 0) {
		x->in_cellxfs = 1;
	} else if (x->in_numfmts && strcmp(n, "numFmt") == 0) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
		if (!id || !code)
			return;
		x->fmt_id = yd_xrealloc(x->fmt_id, (x->nfmt + 1) * sizeof *x->fmt_id);
		x->fmt_date = yd_xrealloc(x->fmt_date, (x->nfmt + 1) * sizeof *x->fmt_date);
		x->fmt_id[x->nfmt] = (int)strtol(id, NULL, 10);
		x->fmt_date[x->nfmt] = (unsigned char)yd_sheet_format_is_date(x->fmt_id[x->nfmt], code);
		x->nfmt++;
	} else if (x->in_cellxfs && strcmp(n, "xf") == 0) {
		int id = (v = attr(atts, "numFmtId")) ? (int)strtol(v, NULL, 10) : 0, date = -1;
		for (size_t i = 0; i < x->nfmt && date < 0; i++)
			if (x->fmt_id[i] == id)
				date = x->fmt_date[i];
		if (date < 0)
			date = yd_sheet_format_is_date(id, NULL);
		if ((x->nxf & (x->nxf - 1)) == 0) /* grow at powers of two */
			x->xf_date = yd_xrealloc(x->xf_date, (x->nxf ? x->nxf * 2 : 1) * sizeof *x->xf_date);
		x->xf_date[x->nxf++] = (unsigned char)date;
	}
}

static void styles_end(void *ud, const XML_Char *el)
{
	struct xlsx *x = ud;
	const char *n = local_name(el);
	if (strcmp(n, "numFmts") == 0)
		x->in_numfmts = 0;
	else if (strcmp(n, "cellXfs") == 0)
		x->in_cellxfs = 0;
}

static void sst_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *n = local_name(el);
	(void)atts;
	if (strcmp(n, "si") == 0) {
		x->in_si = 1;
		yd_buf_reset(&x->text);
	} else if (strcmp(n, "rPh") == 0) {
		x->in_rph = 1; /* phonetic reading: not part of the text */
	} else if (x->in_si && strcmp(n, "t") == 0) {
		x->in_t = 1;
	}
}

static void sst_end(void *ud, const XML_Char *el)
{
	struct xlsx *x = ud;
	const char *n = local_name(el);
	if (strcmp(n, "t") == 0) {
		x->in_t = 0;
	} else if (strcmp(n, "rPh") == 0) {
		x->in_rph = 0;
	} else if (strcmp(n, "si") == 0) {
		x->in_si = 0;
		if (x->nsst == SST_MAX_STRINGS || x->sst.len + x->text.len + 1 > SST_MAX_BYTES) {
			xml_fail(x, "the shared-string table holds more than %zu strings or %zu MiB, more than a "
				    "workbook needs: refused", SST_MAX_STRINGS, SST_MAX_BYTES >> 20);
			return;
		}
		YD_ALLOC_GROW(x->sst_off, x->nsst + 1, x->capsst);
		x->sst_off[x->nsst++] = x->sst.len;
		yd_buf_add(&x->sst, x->text.s ? x->text.s : "", x->text.len);
		yd_buf_addch(&x->sst, '\0');
	}
}

/* Column index of a cell reference "BC12" (0-based), or -1. */
static long ref_col(const char *r)
{
	long c = 0;
	int k = 0;
	for (; (*r >= 'A' && *r <= 'Z') || (*r >= 'a' && *r <= 'z'); r++, k++) {
		c = c * 26 + ((*r | 0x20) - 'a' + 1);
		if (c > MAX_COLS)
			return -1;
	}
	return k ? c - 1 : -1;
}

static void sheet_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *n = local_name(el), *v;
	if (strcmp(n, "row") == 0) {
		long r = (v = attr(atts, "r")) ? strtol(v, NULL, 10) : 0;
		x->row = r > 0 ? r : x->row + 1;
		x->col = 0;
		row_reset(&x->rb);
	} else if (strcmp(n, "c") == 0) {
		long c = (v = attr(atts, "r")) ? ref_col(v) : (long)x->col;
		if (c >= MAX_COLS) {
			/* cells without a reference count on past XFD (issue 26.4) */
			xml_fail(x, "%s!%ld: a row of more than 16,384 cells, past column XFD", x->name, x->row);
			return;
		}
		if (c < (long)x->col) {
			xml_fail(x, "%s!%ld: a cell out of order or past column XFD", x->name, x->row);
			return;
		}
		x->col = (size_t)c;
		v = attr(atts, "t");
		snprintf(x->ctype, sizeof x->ctype, "%s", v ? v : "n");
		x->cstyle = (v = attr(atts, "s")) ? strtol(v, NULL, 10) : 0;
		yd_buf_reset(&x->text);
	} else if (strcmp(n, "v") == 0) {
		x->in_v = 1;
	} else if (strcmp(n, "is") == 0) {
		x->in_is = 1;
	} else if (strcmp(n, "rPh") == 0) {
		x->in_rph = 1;
	} else if (x->in_is && strcmp(n, "t") == 0) {
		x->in_t = 1;
	}
}

/* The text of the cell just read, by its type and style. */
static void cell_done(struct xlsx *x)
{
	const char *v = yd_buf_str(&x->text), *out = v;
	char num[64];
	size_t len = x->text.len;

	while (x->rb.c.n < x->col)
		row_add(&x->rb, "", 0);
	if (strcmp(x->ctype, "s") == 0) {
		char *end;
		errno = 0;
		long i = strtol(v, &end, 10);
		if (end == v || *end || errno || i < 0 || (size_t)i >= x->nsst) {
			xml_fail(x, "%s!%ld: a cell refers to shared string '%s', which is not there", x->name, x->row, v);
			return;
		}
		out = x->sst.s + x->sst_off[i];
		len = strlen(out);
	} else if (strcmp(x->ctype, "b") == 0) {
		out = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
		len = strlen(out);
	} else if (strcmp(x->ctype, "n") == 0 && len) {
		char *end;
		double d = strtod(v, &end);
		if (end != v && *end == '\0') {
			int date = x->cstyle >= 0 && (size_t)x->cstyle < x->nxf && x->xf_date[x->cstyle];
			if (!date || yd_sheet_serial_date(d, x->date1904, num, sizeof num) < 0)
				format_double(d, num, sizeof num);
			out = num;
			len = strlen(num);
		}
	} else if (strcmp(x->ctype, "d") == 0 && len > 10 && v[10] == 'T') {
		len = strcmp(v + 10, "T00:00:00") == 0 || strcmp(v + 10, "T00:00:00Z") == 0 ? 10 : len;
	}
	/* str (a formula's text), inlineStr, e (#N/A...) are their text */
	row_add(&x->rb, out, len);
	x->col++;
}

static void sheet_end(void *ud, const XML_Char *el)
{
	struct xlsx *x = ud;
	const char *n = local_name(el);
	if (strcmp(n, "v") == 0) {
		x->in_v = 0;
	} else if (strcmp(n, "t") == 0) {
		x->in_t = 0;
	} else if (strcmp(n, "rPh") == 0) {
		x->in_rph = 0;
	} else if (strcmp(n, "is") == 0) {
		x->in_is = 0;
	} else if (strcmp(n, "c") == 0) {
		if (!x->stop)
			cell_done(x);
	} else if (strcmp(n, "row") == 0 && !x->stop) {
		int rc = row_emit(&x->rb, x->row, x->name, x->pos, x->size, x->fn, x->data, x->err);
		if (rc) {
			x->stop = rc;
			XML_StopParser(x->xp, XML_FALSE);
		}
	}
}

/* An error when a part expanding to n bytes is more than a workbook needs
 * (PART_MAX, PART_RATIO), else 0. */
static int part_bomb(struct xlsx *x, uint64_t n)
{
	if (n > PART_MAX)
		return yd_error_set(x->err, YD_EINPUT,
				    "%s: %s expands to more than %llu MiB, which no workbook needs: a zip bomb or a "
				    "damaged file, refused", x->path, x->member, (unsigned long long)(PART_MAX >> 20));
	if (n > PART_SMALL && x->csize && n / PART_RATIO > x->csize)
		return yd_error_set(x->err, YD_EINPUT,
				    "%s: %s expands more than %d times (to %llu MiB from %llu KiB), which no workbook's "
				    "XML does: a zip bomb or a damaged file, refused", x->path, x->member, PART_RATIO,
				    (unsigned long long)(n >> 20), (unsigned long long)((x->csize + 1023) >> 10));
	return 0;
}

/* Streams one member of the zip through expat with the phase's handlers.
 * A missing member is 1 when optional, else an error. */
static int parse_member(struct xlsx *x, const char *member, enum phase ph, int optional)
{
	static const struct {
		XML_StartElementHandler start;
		XML_EndElementHandler end;
	} handlers[] = {
	    [PH_WORKBOOK] = {wb_start, NULL},       [PH_RELS] = {rels_start, NULL},
	    [PH_STYLES] = {styles_start, styles_end}, [PH_SST] = {sst_start, sst_end},
	    [PH_SHEET] = {sheet_start, sheet_end},
	};
	zip_int64_t idx = zip_name_locate(x->zip, member, ZIP_FL_NOCASE);
	zip_file_t *zf = NULL;
	zip_stat_t st;
	int rc = 0;

	if (idx < 0) {
		if (optional)
			return 1;
		return yd_error_set(x->err, YD_EINPUT, "%s: not a readable .xlsx workbook: %s is missing", x->path, member);
	}
	if (!(zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0)))
		return yd_error_set(x->err, YD_EINPUT, "%s: %s: %s", x->path, member, zip_strerror(x->zip));
	x->phase = ph;
	x->pos = 0;
	x->member = member;
	if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &st) != 0)
		st.valid = 0;
	x->size = st.valid & ZIP_STAT_SIZE ? st.size : 0;
	x->csize = st.valid & ZIP_STAT_COMP_SIZE ? st.comp_size : 0;
	if ((rc = part_bomb(x, x->size)) < 0) {
		zip_fclose(zf);
		return rc;
	}
	x->xp = XML_ParserCreate("UTF-8");
	XML_SetUserData(x->xp, x);
	XML_SetElementHandler(x->xp, handlers[ph].start, handlers[ph].end);
	XML_SetCharacterDataHandler(x->xp, on_text);
	for (;;) {
		void *buf = XML_GetBuffer(x->xp, XML_BLOCK);
		zip_int64_t n = buf ? zip_fread(zf, buf, XML_BLOCK) : -1;
		if (n < 0) {
			rc = yd_error_set(x->err, YD_EINPUT, "%s: %s: %s", x->path, member,
					  buf ? zip_file_strerror(zf) : "out of memory");
			break;
		}
		x->pos += (uint64_t)n;
		if ((rc = part_bomb(x, x->pos)) < 0)
			break; /* more than it declared */
		if (XML_ParseBuffer(x->xp, (int)n, n == 0) != XML_STATUS_OK) {
			if (x->stop)
				rc = x->stop;
			else
				rc = yd_error_set(x->err, YD_EINPUT, "%s: %s:%lu: %s", x->path, member,
						  (unsigned long)XML_GetCurrentLineNumber(x->xp),
						  XML_ErrorString(XML_GetErrorCode(x->xp)));
			break;
		}
		if (n == 0)
			break;
	}
	XML_ParserFree(x->xp);
	x->xp = NULL;
	zip_fclose(zf);
	return rc;
}

static int read_xlsx(zip_t *zip, const char *path, const struct yd_sheet_opts *opts, yd_csv_row_fn fn, void *data,
		     struct yd_sheet_info *info, struct yd_error *err)
{
	struct xlsx x;
	int rc;

	memset(&x, 0, sizeof x);
	x.zip = zip;
	x.path = path;
	x.err = err;
	x.want = opts ? opts->sheet : NULL;
	x.fn = fn;
	x.data = data;
	if ((rc = parse_member(&x, "xl/workbook.xml", PH_WORKBOOK, 0)) < 0)
		goto out;
	if (!x.found) {
		if (x.want)
			rc = yd_error_set(err, YD_EINPUT, "%s: no sheet '%s' (sheets: %s)", path, x.want,
					  x.names.len ? x.names.s : "none");
		else
			rc = yd_error_set(err, YD_EINPUT, "%s: the workbook has no sheet", path);
		goto out;
	}
	if ((rc = parse_member(&x, "xl/_rels/workbook.xml.rels", PH_RELS, 0)) < 0)
		goto out;
	if (!x.target[0]) {
		rc = yd_error_set(err, YD_EINPUT, "%s: sheet '%s' has no part in the workbook", path, x.name);
		goto out;
	}
	if ((rc = parse_member(&x, "xl/styles.xml", PH_STYLES, 1)) < 0 ||
	    (rc = parse_member(&x, "xl/sharedStrings.xml", PH_SST, 1)) < 0)
		goto out;
	if (info)
		snprintf(info->sheet, sizeof info->sheet, "%s", x.name);
	rc = parse_member(&x, x.target, PH_SHEET, 0);
out:
	row_release(&x.rb);
	yd_buf_release(&x.names);
	yd_buf_release(&x.sst);
	yd_buf_release(&x.text);
	free(x.sst_off);
	free(x.fmt_id);
	free(x.fmt_date);
	free(x.xf_date);
	return rc;
}

/* ---- .xls ---- */

static int read_xls(const void *h, const char *path, const struct yd_sheet_opts *opts, yd_csv_row_fn fn,
		    void *data, struct yd_sheet_info *info, struct yd_error *err)
{
	struct rowbuf rb;
	struct yd_buf names = YD_BUF_INIT;
	unsigned int nsheets = 0, rows = 0;
	unsigned short cols = 0, sheet = 0;
	const char *name = NULL;
	int rc = 0, found = 0;

	memset(&rb, 0, sizeof rb);
	if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &nsheets) != FREEXL_OK)
		nsheets = 0;
	for (unsigned int i = 0; i < nsheets && i < 65535 && !found; i++) {
		const char *n = NULL;
		if (freexl_get_worksheet_name(h, (unsigned short)i, &n) != FREEXL_OK || !n)
			continue;
		if (names.len)
			yd_buf_addstr(&names, ", ");
		yd_buf_addstr(&names, n);
		if (!opts || !opts->sheet || strcmp(opts->sheet, n) == 0) {
			found = 1;
			sheet = (unsigned short)i;
			name = n;
		}
	}
	if (!found) {
		if (opts && opts->sheet)
			rc = yd_error_set(err, YD_EINPUT, "%s: no sheet '%s' (sheets: %s)", path, opts->sheet,
					  names.len ? names.s : "none");
		else
			rc = yd_error_set(err, YD_EINPUT, "%s: the workbook has no sheet", path);
		goto out;
	}
	if (info)
		snprintf(info->sheet, sizeof info->sheet, "%s", name);
	if (freexl_select_active_worksheet(h, sheet) != FREEXL_OK ||
	    freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK) {
		rc = yd_error_set(err, YD_EINPUT, "%s: cannot read sheet '%s'", path, name);
		goto out;
	}
	for (unsigned int r = 0; r < rows && rc == 0; r++) {
		for (unsigned short c = 0; c < cols; c++) {
			FreeXL_CellValue v;
			char num[64];
			const char *s = "";
			if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK) {
				rc = yd_error_set(err, YD_EINPUT, "%s:%s!%u: cannot read column %u", path, name, r + 1,
						  (unsigned)c + 1);
				goto out;
			}
			switch (v.type) {
			case FREEXL_CELL_INT: snprintf(num, sizeof num, "%d", v.value.int_value), s = num; break;
			case FREEXL_CELL_DOUBLE: format_double(v.value.double_value, num, sizeof num), s = num; break;
			case FREEXL_CELL_TEXT:
			case FREEXL_CELL_SST_TEXT:
			case FREEXL_CELL_DATE:
			case FREEXL_CELL_DATETIME:
			case FREEXL_CELL_TIME: s = v.value.text_value ? v.value.text_value : ""; break;
			default: break;
			}
			row_add(&rb, s, strlen(s));
		}
		rc = row_emit(&rb, (long)r + 1, name, r + 1, rows, fn, data, err);
	}
out:
	row_release(&rb);
	yd_buf_release(&names);
	return rc;
}

/* ---- telling what a file is ---- */

static const struct {
	const char *magic;
	size_t n;
	const char *what;
} magics[] = {
    {"%PDF-", 5, "a PDF document"},
    {"{\\rtf", 5, "an RTF document"},
    {"\x1f\x8b", 2, "a gzip archive"},
    {"Rar!", 4, "a RAR archive"},
    {"7z\xbc\xaf\x27\x1c", 6, "a 7-Zip archive"},
    {"\x89PNG", 4, "a PNG image"},
    {"\xff\xd8\xff", 3, "a JPEG image"},
    {"GIF8", 4, "a GIF image"},
    {"SQLite format 3", 15, "an SQLite database (youdu's own database is given with --db)"},
    {"MIME-Version:", 13, "a web archive (MHTML), as some systems save under an .xls name"},
};

/* Members that tell what a zip is, in the order looked for. */
static const struct {
	const char *member;
	const char *what; /* NULL: an .xlsx workbook */
} zip_kinds[] = {
    {"xl/workbook.xml", NULL},
    {"xl/workbook.bin", "an Excel binary workbook (.xlsb)"},
    {"word/document.xml", "a Word document (.docx)"},
    {"ppt/presentation.xml", "a PowerPoint presentation (.pptx)"},
    {"content.xml", "an OpenDocument file (.ods/.odt)"},
};

static int not_a_table(const char *path, const char *what, struct yd_error *err)
{
	return yd_error_set(err, YD_EINPUT, "%s: this is %s; " READS, path, what);
}

/* Whether the file holds the UTF-16LE text of name (an OLE2 stream name). */
static int has_utf16_name(FILE *f, const char *name)
{
	char pat[64] = {0}, block[1 << 16] = {0}; /* zeroed: the analyzer cannot see fread fill it */
	size_t k = strlen(name), carry = 0, n;
	for (size_t i = 0; i < k; i++)
		pat[2 * i] = name[i], pat[2 * i + 1] = '\0';
	k *= 2;
	rewind(f);
	while ((n = fread(block + carry, 1, sizeof block - carry, f)) > 0) {
		size_t have = carry + n;
		for (size_t i = 0; i + k <= have; i++)
			if (block[i] == pat[0] && memcmp(block + i, pat, k) == 0)
				return 1;
		carry = have < k ? have : k - 1;
		memmove(block, block + have - carry, carry);
	}
	return 0;
}

static int read_ole2(const char *path, FILE *f, const struct yd_sheet_opts *opts, yd_csv_row_fn fn, void *data,
		     struct yd_sheet_info *info, struct yd_error *err)
{
	const void *h = NULL;
	unsigned int pw = 0;
	int rc = freexl_open(path, &h);
	if (rc == FREEXL_OK && freexl_get_info(h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK && pw == FREEXL_BIFF_OBFUSCATED)
		rc = YD_EINPUT, pw = 1;
	else
		pw = 0;
	if (rc != FREEXL_OK) {
		if (h)
			freexl_close(h);
		if (pw)
			return yd_error_set(err, YD_EINPUT, "%s: the .xls workbook is password-protected: save a copy "
							    "without the password", path);
		if (has_utf16_name(f, "EncryptedPackage"))
			return yd_error_set(err, YD_EINPUT, "%s: the workbook is password-protected: save a copy "
							    "without the password", path);
		if (has_utf16_name(f, "WordDocument"))
			return not_a_table(path, "a Word document (.doc)", err);
		if (has_utf16_name(f, "PowerPoint Document"))
			return not_a_table(path, "a PowerPoint presentation (.ppt)", err);
		if (has_utf16_name(f, "Workbook") || has_utf16_name(f, "Book"))
			return yd_error_set(err, YD_EINPUT, "%s: an .xls workbook that cannot be read (libfreexl error %d); "
							    "save it as .xlsx or CSV", path, rc);
		return not_a_table(path, "an OLE2 compound file, not an Excel workbook", err);
	}
	if (info)
		info->format = YD_TABLE_XLS;
	rc = read_xls(h, path, opts, fn, data, info, err);
	freexl_close(h);
	return rc;
}

/* ---- .xls in a child process ----
 *
 * Debian's libfreexl 1.0.6 has a stack buffer underflow (in its iconv call)
 * that a damaged .xls reaches within a minute of fuzzing.  So the workbook
 * is read in a forked child, which sends its rows through a pipe: a fault
 * there ends the child, and youdu reports the file instead of crashing or
 * running on with a corrupted stack.  The child only reads and writes; it
 * leaves with _exit, never returning into the caller's code.
 *
 * The wire, native byte order (both ends are this program): per row 'R',
 * line (i64), pos, size (u64), n (u32), then n cells, the raw text and
 * the sheet's name, each as a u32 length and its bytes; at the end 'E', rc (i32), the
 * error's code (i32) and message, the info's sheet name and format (i32). */

struct wire {
	int fd;
	int failed;
};

static void wire_put(struct wire *w, const void *p, size_t n)
{
	const char *c = p;
	while (n && !w->failed) {
		ssize_t k = write(w->fd, c, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			w->failed = 1;
			return;
		}
		c += k;
		n -= (size_t)k;
	}
}

static void wire_text(struct wire *w, const char *s, size_t n)
{
	uint32_t k = (uint32_t)n;
	wire_put(w, &k, sizeof k);
	wire_put(w, s, n);
}

static int wire_row(void *data, const struct yd_csv_row *row, struct yd_error *err)
{
	(void)err;
	struct wire *w = data;
	int64_t line = row->line;
	uint32_t n = (uint32_t)row->n;
	wire_put(w, "R", 1);
	wire_put(w, &line, sizeof line);
	wire_put(w, &row->pos, sizeof row->pos);
	wire_put(w, &row->size, sizeof row->size);
	wire_put(w, &n, sizeof n);
	for (size_t i = 0; i < row->n; i++)
		wire_text(w, row->fields[i], row->lens[i]);
	wire_text(w, row->raw, row->rawlen);
	wire_text(w, row->sheet ? row->sheet : "", row->sheet ? strlen(row->sheet) : 0);
	return w->failed; /* the reader has gone: stop */
}

/* Reads exactly n bytes; 0, or -1 at the end of the stream or an error. */
static int wire_get(int fd, void *p, size_t n)
{
	char *c = p;
	while (n) {
		ssize_t k = read(fd, c, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		c += k;
		n -= (size_t)k;
	}
	return 0;
}

/* A length-prefixed text into b (NUL-terminated); 0 or -1. */
static int wire_get_text(int fd, struct yd_buf *b)
{
	uint32_t k;
	char chunk[4096];
	if (wire_get(fd, &k, sizeof k) < 0)
		return -1;
	while (k) {
		size_t m = k < sizeof chunk ? k : sizeof chunk;
		if (wire_get(fd, chunk, m) < 0)
			return -1;
		yd_buf_add(b, chunk, m);
		k -= (uint32_t)m;
	}
	yd_buf_addch(b, '\0');
	return 0;
}

static int read_ole2_isolated(const char *path, FILE *f, const struct yd_sheet_opts *opts, yd_csv_row_fn fn,
			      void *data, struct yd_sheet_info *info, struct yd_error *err)
{
	int fds[2];
	if (pipe(fds) < 0)
		return yd_error_set(err, YD_EIO, "%s: cannot start reading the .xls: %s", path, strerror(errno));
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return yd_error_set(err, YD_EIO, "%s: cannot start reading the .xls: %s", path, strerror(errno));
	}
	if (pid == 0) {
		struct wire w = {fds[1], 0};
		struct yd_sheet_info ci;
		struct yd_error ce = {0};
		close(fds[0]);
		signal(SIGPIPE, SIG_IGN);
		memset(&ci, 0, sizeof ci);
		int32_t rc = read_ole2(path, f, opts, wire_row, &w, &ci, &ce), code = ce.code, fmt = (int32_t)ci.format;
		wire_put(&w, "E", 1);
		wire_put(&w, &rc, sizeof rc);
		wire_put(&w, &code, sizeof code);
		wire_text(&w, ce.msg, strlen(ce.msg));
		wire_text(&w, ci.sheet, strlen(ci.sheet));
		wire_put(&w, &fmt, sizeof fmt);
		_exit(w.failed);
	}
	close(fds[1]);
	int fd = fds[0], rc = 0, done = 0;
	struct yd_cells cells = {0};
	struct yd_buf cell = YD_BUF_INIT, raw = YD_BUF_INIT, sheet = YD_BUF_INIT;
	char tag;
	while (rc == 0 && !done && wire_get(fd, &tag, 1) == 0) {
		if (tag == 'R') {
			int64_t line;
			uint64_t pos, size;
			uint32_t n;
			if (wire_get(fd, &line, sizeof line) < 0 || wire_get(fd, &pos, sizeof pos) < 0 ||
			    wire_get(fd, &size, sizeof size) < 0 || wire_get(fd, &n, sizeof n) < 0 || n > MAX_COLS)
				break;
			yd_cells_reset(&cells);
			yd_buf_reset(&raw);
			yd_buf_reset(&sheet);
			int bad = 0;
			for (uint32_t i = 0; i < n && !bad; i++) {
				yd_buf_reset(&cell);
				if (!(bad = wire_get_text(fd, &cell) < 0))
					yd_cells_add(&cells, cell.s, cell.len - 1);
			}
			if (bad || wire_get_text(fd, &raw) < 0 || wire_get_text(fd, &sheet) < 0)
				break;
			struct yd_csv_row row = {n,	   yd_cells_fields(&cells), cells.lens, (long)line, raw.s,
						 raw.len - 1, pos, size, sheet.s, 0};
			rc = fn(data, &row, err);
		} else if (tag == 'E') {
			int32_t crc, code, fmt;
			struct yd_buf msg = YD_BUF_INIT;
			yd_buf_reset(&sheet);
			if (wire_get(fd, &crc, sizeof crc) == 0 && wire_get(fd, &code, sizeof code) == 0 &&
			    wire_get_text(fd, &msg) == 0 && wire_get_text(fd, &sheet) == 0 &&
			    wire_get(fd, &fmt, sizeof fmt) == 0) {
				done = 1;
				rc = crc;
				if (code)
					yd_error_set(err, code, "%s", msg.s);
				if (info) {
					snprintf(info->sheet, sizeof info->sheet, "%s", sheet.s);
					info->format = (enum yd_table_format)fmt;
				}
			}
			yd_buf_release(&msg);
		} else {
			break;
		}
	}
	close(fd);
	if (!done)
		kill(pid, SIGKILL); /* the caller stopped, or the stream broke: the child is not needed */
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!done && rc == 0) {
		if (WIFSIGNALED(status))
			rc = yd_error_set(err, YD_EINPUT,
					  "%s: the .xls reader (libfreexl) failed on this file (signal %d): it is damaged "
					  "or of a kind libfreexl cannot read; open it in Excel or WPS and save it as .xlsx or CSV",
					  path, WTERMSIG(status));
		else
			rc = yd_error_set(err, YD_EINPUT,
					  "%s: the .xls reader (libfreexl) stopped without finishing; open it in Excel or WPS "
					  "and save it as .xlsx or CSV", path);
	}
	yd_cells_release(&cells);
	yd_buf_release(&cell);
	yd_buf_release(&raw);
	yd_buf_release(&sheet);
	return rc;
}

static int read_zip(const char *path, const struct yd_sheet_opts *opts, yd_csv_row_fn fn, void *data,
		    struct yd_sheet_info *info, struct yd_error *err)
{
	int zerr = 0, rc;
	zip_t *zip = zip_open(path, ZIP_RDONLY, &zerr);
	if (!zip) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		rc = yd_error_set(err, YD_EINPUT, "%s: a damaged zip archive (%s), not a readable .xlsx", path,
				  zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	rc = not_a_table(path, "a zip archive", err);
	for (size_t i = 0; i < sizeof zip_kinds / sizeof *zip_kinds; i++) {
		if (zip_name_locate(zip, zip_kinds[i].member, ZIP_FL_NOCASE) < 0)
			continue;
		if (zip_kinds[i].what) {
			rc = not_a_table(path, zip_kinds[i].what, err);
		} else {
			if (info)
				info->format = YD_TABLE_XLSX;
			rc = read_xlsx(zip, path, opts, fn, data, info, err);
		}
		break;
	}
	zip_discard(zip);
	return rc;
}

/* Case-insensitive prefix test. */
static int starts_ci(const char *s, size_t n, const char *pre)
{
	size_t k = strlen(pre);
	if (n < k)
		return 0;
	for (size_t i = 0; i < k; i++)
		if ((s[i] | 0x20) != (pre[i] | 0x20))
			return 0;
	return 1;
}

/* What a text file that is not a table is, from its first bytes; NULL when
 * it may be one. */
static const char *text_kind(const char *s, size_t n)
{
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3, n -= 3;
	while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		s++, n--;
	if (n && (*s == '{' || *s == '['))
		return "a JSON document";
	if (starts_ci(s, n, "<?xml")) {
		static const char ns[] = "urn:schemas-microsoft-com:office:spreadsheet";
		for (size_t i = 0; i + sizeof ns - 1 <= n; i++)
			if (memcmp(s + i, ns, sizeof ns - 1) == 0)
				return "an Excel 2003 XML spreadsheet";
		return "an XML document";
	}
	if (starts_ci(s, n, "<html") || starts_ci(s, n, "<!doctype html") || starts_ci(s, n, "<table") ||
	    starts_ci(s, n, "<meta"))
		return "an HTML page (some systems save HTML tables under an .xls name)";
	return NULL;
}

int yd_sheet_read(const char *path, const struct yd_sheet_opts *opts, yd_csv_row_fn fn, void *data,
		  struct yd_sheet_info *info, struct yd_error *err)
{
	char head[4096];
	size_t n;
	int rc;
	FILE *f = fopen(path, "rb");

	if (info) {
		memset(info, 0, sizeof *info);
		info->encoding = YD_ENC_UTF8;
	}
	if (!f)
		return yd_error_set(err, YD_EINPUT, "%s: %s", path, strerror(errno));
	n = fread(head, 1, sizeof head, f);
	if (n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0) {
		fclose(f);
		if ((rc = yd_lazy_need(YD_LAZY_ZIP, err)) < 0 || (rc = yd_lazy_need(YD_LAZY_EXPAT, err)) < 0)
			return rc;
		return read_zip(path, opts, fn, data, info, err);
	}
	if (n >= 8 && memcmp(head, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0) {
		/* loaded before the reader's fork */
		if ((rc = yd_lazy_need(YD_LAZY_FREEXL, err)) == 0)
			rc = read_ole2_isolated(path, f, opts, fn, data, info, err);
		fclose(f);
		return rc;
	}
	fclose(f);
	for (size_t i = 0; i < sizeof magics / sizeof *magics; i++)
		if (n >= magics[i].n && memcmp(head, magics[i].magic, magics[i].n) == 0)
			return not_a_table(path, magics[i].what, err);
	const char *what = text_kind(head, n);
	if (what)
		return not_a_table(path, what, err);
	enum yd_encoding used = YD_ENC_AUTO;
	rc = yd_csv_read(path, opts ? opts->encoding : YD_ENC_AUTO, fn, data, &used, err);
	if (info) {
		info->format = YD_TABLE_TEXT;
		info->encoding = used;
	}
	return rc;
}
