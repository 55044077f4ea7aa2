/* xlsxout.c - command output as an .xlsx workbook, through libxlsxwriter.
 *
 * constant_memory mode: each row goes to libxlsxwriter's temporary file as
 * it is written, so an export of millions of rows does not sit in memory
 * (strings are then inline strings, which Excel, WPS and youdu's own import
 * read).  Column widths and the frozen pane are kept as options and written
 * when the workbook is closed, so they can follow the content. */
#include "youdu/xlsxout.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "youdu/buf.h"
#include "youdu/error.h"
#include "youdu/lazy.h"
#include "youdu/out.h"
#include "youdu/parse.h"
#include "youdu/text.h"

enum { MAX_CHARS = 32767, MAX_WIDTH = 60, MAX_ROWS = 1048576 };

struct yd_xlsx {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *money, *integer, *date; /* owned by wb */
	const struct yd_col *cols;                  /* borrowed */
	size_t ncols;
	int *width;         /* per column: widest display width seen */
	uint32_t row;       /* the next row to write (0 is the header) */
	int raw;            /* text cells as given: no formula guard */
	const char *path;   /* borrowed, for messages */
	struct yd_buf text; /* scratch: a text cell made valid */
};

double yd_xlsx_serial(int ymd)
{
	if (ymd < 19000101 || yd_date_from_days(yd_date_days(ymd)) != ymd)
		return -1;
	/* serial 1 is 1900-01-01; Excel counts a 1900-02-29 that never was, so
	 * from 1900-03-01 on a serial is one day more (as sheet.c reads them) */
	return (double)yd_date_days(ymd) + (ymd >= 19000301 ? 25569 : 25568);
}

/* yyyy-mm-dd as yyyymmdd, or -1. */
static int iso_date(const char *s)
{
	int v = 0;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return -1;
		} else if (s[i] >= '0' && s[i] <= '9') {
			v = v * 10 + (s[i] - '0');
		} else {
			return -1;
		}
	}
	return s[10] ? -1 : v;
}

/* s as a number when the whole of it is one. */
static int number(const char *s, double *v)
{
	char *end;
	errno = 0;
	*v = strtod(s, &end);
	return end != s && *end == '\0' && errno == 0;
}

/* s as valid UTF-8 (a bad byte becomes U+FFFD), at most MAX_CHARS characters,
 * with a ' before formula-like text unless raw. */
static const char *clean_text(struct yd_xlsx *x, const char *s)
{
	size_t n = strlen(s), chars = 0, i = 0;
	yd_buf_reset(&x->text);
	if (!x->raw && yd_out_formula_like(s)) {
		yd_buf_addch(&x->text, '\'');
		chars++;
	}
	while (i < n && chars < MAX_CHARS) {
		size_t end = i + yd_utf8_valid_prefix(s + i, n - i, NULL), j = i;
		if (end == i) {
			yd_buf_addstr(&x->text, "\xEF\xBF\xBD");
			chars++;
			i++;
			continue;
		}
		/* whole characters of the valid run, up to the limit */
		while (j < end && chars < MAX_CHARS) {
			j++;
			while (j < end && ((unsigned char)s[j] & 0xC0) == 0x80)
				j++;
			chars++;
		}
		yd_buf_add(&x->text, s + i, j - i);
		i = j;
	}
	return yd_buf_str(&x->text);
}

static int lxw_fail(struct yd_xlsx *x, lxw_error e, struct yd_error *err)
{
	if (e == LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE)
		return yd_error_set(err, YD_EIO, "%s: more rows than a sheet holds (%d); use --format csv", x->path,
				    MAX_ROWS - 1);
	return yd_error_set(err, YD_EIO, "%s: %s", x->path, lxw_strerror(e));
}

static void seen(struct yd_xlsx *x, size_t col, const char *shown)
{
	int w = yd_out_width(shown);
	if (w > x->width[col])
		x->width[col] = w;
}

int yd_xlsx_open(const char *path, const char *sheet, const struct yd_col *cols, size_t ncols, int raw,
		 int64_t created, struct yd_xlsx **out, struct yd_error *err)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_TRUE};
	struct yd_xlsx *x;
	int rc = 0;

	*out = NULL;
	if ((rc = yd_lazy_need(YD_LAZY_XLSX, err)) < 0)
		return rc;
	x = yd_xcalloc(1, sizeof *x);
	x->cols = cols;
	x->ncols = ncols;
	x->raw = raw;
	x->path = path;
	x->width = yd_xcalloc(ncols ? ncols : 1, sizeof *x->width);
	if (!(x->wb = workbook_new_opt(path, &opt)) || !(x->ws = workbook_add_worksheet(x->wb, sheet))) {
		rc = yd_error_set(err, YD_EIO, "%s: cannot start the workbook", path);
		goto out;
	}
	if (created > 0) {
		lxw_doc_properties props = {0};
		props.created = (time_t)created;
		workbook_set_properties(x->wb, &props);
	}
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	x->money = workbook_add_format(x->wb);
	format_set_num_format(x->money, "0.00");
	x->integer = workbook_add_format(x->wb);
	format_set_num_format(x->integer, "0");
	x->date = workbook_add_format(x->wb);
	format_set_num_format(x->date, "yyyy-mm-dd");
	worksheet_freeze_panes(x->ws, 1, 0);
	for (size_t i = 0; i < ncols; i++) {
		lxw_error e = worksheet_write_string(x->ws, 0, (lxw_col_t)i, cols[i].name, x->bold);
		if (e != LXW_NO_ERROR) {
			rc = lxw_fail(x, e, err);
			goto out;
		}
		seen(x, i, cols[i].name);
	}
	x->row = 1;
out:
	if (rc < 0)
		yd_xlsx_close(x, NULL);
	else
		*out = x;
	return rc;
}

int yd_xlsx_row(struct yd_xlsx *x, const char *const *cells, struct yd_error *err)
{
	if (x->row >= MAX_ROWS)
		return lxw_fail(x, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE, err);
	for (size_t i = 0; i < x->ncols; i++) {
		const char *s = cells[i] ? cells[i] : "";
		lxw_col_t col = (lxw_col_t)i;
		lxw_error e = LXW_NO_ERROR;
		double v;
		int ymd;
		if (!*s)
			continue;
		switch (x->cols[i].kind) {
		case YD_COL_DATE:
			if ((ymd = iso_date(s)) > 0 && (v = yd_xlsx_serial(ymd)) > 0) {
				e = worksheet_write_number(x->ws, x->row, col, v, x->date);
				seen(x, i, s);
				break;
			}
			goto text;
		case YD_COL_MONEY:
		case YD_COL_INT:
		case YD_COL_DECIMAL:
			if (number(s, &v)) {
				lxw_format *f = x->cols[i].kind == YD_COL_MONEY ? x->money
						: x->cols[i].kind == YD_COL_INT ? x->integer
										  : NULL;
				e = worksheet_write_number(x->ws, x->row, col, v, f);
				seen(x, i, s);
				break;
			}
			goto text;
		case YD_COL_TEXT:
		default:
		text:
			s = clean_text(x, s);
			e = worksheet_write_string(x->ws, x->row, col, s, NULL);
			seen(x, i, s);
		}
		if (e != LXW_NO_ERROR)
			return lxw_fail(x, e, err);
	}
	x->row++;
	return 0;
}

int yd_xlsx_close(struct yd_xlsx *x, struct yd_error *err)
{
	int rc = 0;
	if (!x)
		return 0;
	if (x->wb) {
		for (size_t i = 0; x->ws && i < x->ncols; i++) {
			/* display columns (汉字 take two) and a little room for the
			 * margins; very long text (reasons) runs on past MAX_WIDTH */
			int w = x->width[i] + 2;
			worksheet_set_column(x->ws, (lxw_col_t)i, (lxw_col_t)i, w > MAX_WIDTH ? MAX_WIDTH : w, NULL);
		}
		lxw_error e = workbook_close(x->wb);
		if (e != LXW_NO_ERROR)
			rc = yd_error_set(err, YD_EIO, "%s: %s", x->path, lxw_strerror(e));
	}
	yd_buf_release(&x->text);
	free(x->width);
	free(x);
	return rc;
}
