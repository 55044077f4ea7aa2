#include "youdu/report.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "youdu/alloc.h"
#include "youdu/analyze.h"
#include "youdu/buf.h"
#include "youdu/catalogue.h"
#include "youdu/chart.h"
#include "youdu/db_analysis.h"
#include "youdu/db_catalogue.h"
#include "youdu/db_report.h"
#include "youdu/db_review.h"
#include "youdu/money.h"
#include "youdu/disparity.h"
#include "youdu/out.h"
#include "youdu/parse.h"
#include "youdu/report_exempt.h"
#include "youdu/review.h"
#include "youdu/versions.h"

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

/* ---- a document written as HTML and Markdown at once ---- */

struct doc {
	struct yd_buf html, md;
	enum yd_lang lang;
	const char *dir;
	int ncols;    /* columns of the open table */
	int note;     /* 1: in HTML its last column is a line of its own under each row */
	int sections; /* level-2 headings so far: their anchors are s1, s2... */
	int items;    /* items of the open numbered list */
	/* Charts being drawn while the report goes on (doc_chart): each
	 * picture goes into the HTML at off when all are done (doc_charts). */
	struct pending_chart {
		struct yd_chart_job *job; /* NULL once finished */
		size_t off;               /* where its base64 goes in html */
		char path[1024];
	} *charts;
	size_t ncharts, capcharts;
};

/* Charts drawn at once: gnuplot runs beside the report on the other core. */
#define CHARTS_AT_ONCE 3

#define TR(d, zh, en) ((d)->lang == YD_LANG_ZH ? (zh) : (en))

static void html_text(struct yd_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': yd_buf_addstr(b, "&lt;"); break;
		case '>': yd_buf_addstr(b, "&gt;"); break;
		case '&': yd_buf_addstr(b, "&amp;"); break;
		case '"': yd_buf_addstr(b, "&quot;"); break;
		default: yd_buf_addch(b, *s);
		}
	}
}

/* Text from data in the Markdown twin: HTML is escaped as in the HTML
 * report (a case id "<script>" stays text), Markdown's own marks are
 * backslash-escaped, and a line break becomes a space. */
static void md_text(struct yd_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': yd_buf_addstr(b, "&lt;"); break;
		case '>': yd_buf_addstr(b, "&gt;"); break;
		case '&': yd_buf_addstr(b, "&amp;"); break;
		case '\n':
		case '\r': yd_buf_addch(b, ' '); break;
		case '\\':
		case '`':
		case '*':
		case '_':
		case '[':
		case ']':
		case '|':
		case '#':
		case '!':
			yd_buf_addch(b, '\\');
			yd_buf_addch(b, *s);
			break;
		default: yd_buf_addch(b, *s);
		}
	}
}

static void doc_h(struct doc *d, int level, const char *text)
{
	if (level == 2)
		yd_buf_addf(&d->html, "<h2 id=\"s%d\">", ++d->sections);
	else
		yd_buf_addf(&d->html, "<h%d>", level);
	html_text(&d->html, text);
	yd_buf_addf(&d->html, "</h%d>\n", level);
	for (int i = 0; i < level; i++)
		yd_buf_addch(&d->md, '#');
	yd_buf_addch(&d->md, ' ');
	md_text(&d->md, text);
	yd_buf_addstr(&d->md, "\n\n");
}

/* A numbered level-2 heading: "三、数据质量" or "3. Data quality", the
 * number the next of the document's sections, so a section added or left
 * out renumbers the ones after it. */
static void doc_section(struct doc *d, const char *zh, const char *en)
{
	static const char *const num[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
					  "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"};
	char h[512];
	int n = d->sections + 1;
	if (d->lang == YD_LANG_ZH && n <= (int)(sizeof num / sizeof *num))
		snprintf(h, sizeof h, "%s、%s", num[n - 1], zh);
	else if (d->lang == YD_LANG_ZH)
		snprintf(h, sizeof h, "%d、%s", n, zh);
	else
		snprintf(h, sizeof h, "%d. %s", n, en);
	doc_h(d, 2, h);
}

static void doc_p(struct doc *d, const char *fmt, ...) YD_PRINTF(2, 3);
static void doc_p(struct doc *d, const char *fmt, ...)
{
	struct yd_buf p = YD_BUF_INIT; /* no fixed buffer: long names stay whole */
	va_list ap;
	va_start(ap, fmt);
	yd_buf_vaddf(&p, fmt, ap);
	va_end(ap);
	yd_buf_addstr(&d->html, "<p>");
	html_text(&d->html, yd_buf_str(&p));
	yd_buf_addstr(&d->html, "</p>\n");
	md_text(&d->md, yd_buf_str(&p));
	yd_buf_addstr(&d->md, "\n\n");
	yd_buf_release(&p);
}

/* The class of a table cell: "n" a number (right-aligned, one line), "s"
 * a short text (one line: 高于法定上限 was set on three), "" else. */
static const char *cell_class(const char *s)
{
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	int digits = 0;
	while ((*p >= '0' && *p <= '9') || *p == ',' || *p == '.')
		digits += *p >= '0' && *p <= '9', p++;
	if (*p == ' ')
		p++;
	if (*p == '%')
		p++;
	if (digits && !*p)
		return " class=\"n\"";
	return yd_out_width(s) <= 14 ? " class=\"s\"" : "";
}

/* One line of the open table's cells: every cell in Markdown, in HTML all
 * but a noted table's last (tag th or td; a header's class only for a
 * short text, a cell's by cell_class). */
static void doc_cells(struct doc *d, const char *tag, const char *const *cells)
{
	int head = tag[1] == 'h', shown = d->note ? d->ncols - 1 : d->ncols;
	yd_buf_addch(&d->md, '|');
	for (int i = 0; i < d->ncols; i++) {
		if (i < shown) {
			const char *cls = !head ? cell_class(cells[i]) : yd_out_width(cells[i]) <= 14 ? " class=\"s\"" : "";
			yd_buf_addf(&d->html, "<%s%s>", tag, cls);
			html_text(&d->html, cells[i]);
			yd_buf_addf(&d->html, "</%s>", tag);
		}
		yd_buf_addch(&d->md, ' ');
		md_text(&d->md, cells[i]);
		yd_buf_addstr(&d->md, " |");
	}
}

static void doc_row(struct doc *d, const char *const *cells)
{
	if (d->note)
		yd_buf_addstr(&d->html, "<tbody class=\"noted\">");
	yd_buf_addstr(&d->html, "<tr>");
	doc_cells(d, "td", cells);
	yd_buf_addstr(&d->html, "</tr>\n");
	if (d->note) {
		yd_buf_addf(&d->html, "<tr><td class=\"note\" colspan=\"%d\">", d->ncols - 1);
		html_text(&d->html, cells[d->ncols - 1]);
		yd_buf_addstr(&d->html, "</td></tr></tbody>\n");
	}
	yd_buf_addch(&d->md, '\n');
}

static void doc_table(struct doc *d, int ncols, const char *const *head)
{
	d->ncols = ncols;
	yd_buf_addstr(&d->html, "<table>\n<thead><tr>");
	doc_cells(d, "th", head);
	yd_buf_addstr(&d->html, "</tr></thead>\n");
	if (!d->note)
		yd_buf_addstr(&d->html, "<tbody>\n");
	yd_buf_addstr(&d->md, "\n|");
	for (int i = 0; i < ncols; i++)
		yd_buf_addstr(&d->md, "---|");
	yd_buf_addch(&d->md, '\n');
}

/* A table whose last column (a reason) is, in HTML, a full-width line under
 * each row, kept with it on a page: in a seventh column it was a narrow
 * strip of one word per line.  The Markdown twin keeps the column. */
static void doc_table_noted(struct doc *d, int ncols, const char *const *head)
{
	d->note = 1;
	doc_table(d, ncols, head);
}

static void doc_table_end(struct doc *d)
{
	yd_buf_addstr(&d->html, d->note ? "</table>\n" : "</tbody></table>\n");
	yd_buf_addch(&d->md, '\n');
	d->note = 0;
}

/* A numbered list: "1. ..." in Markdown. */
static void doc_ol(struct doc *d, int open)
{
	yd_buf_addstr(&d->html, open ? "<ol>\n" : "</ol>\n");
	if (!open)
		yd_buf_addch(&d->md, '\n');
	d->items = 0;
}

static void doc_li(struct doc *d, const char *fmt, ...) YD_PRINTF(2, 3);
static void doc_li(struct doc *d, const char *fmt, ...)
{
	struct yd_buf p = YD_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	yd_buf_vaddf(&p, fmt, ap);
	va_end(ap);
	yd_buf_addstr(&d->html, "<li>");
	html_text(&d->html, yd_buf_str(&p));
	yd_buf_addstr(&d->html, "</li>\n");
	yd_buf_addf(&d->md, "%d. ", ++d->items);
	md_text(&d->md, yd_buf_str(&p));
	yd_buf_addch(&d->md, '\n');
	yd_buf_release(&p);
}

/* The document as a section writer's sink (report_exempt.h). */
static void sink_h(void *d, int level, const char *text)
{
	doc_h(d, level, text);
}
static void sink_p(void *d, const char *text)
{
	doc_p(d, "%s", text);
}
static void sink_table(void *d, int ncols, const char *const *head)
{
	doc_table(d, ncols, head);
}
static void sink_row(void *d, const char *const *cells)
{
	doc_row(d, cells);
}
static void sink_end(void *d)
{
	doc_table_end(d);
}

static void base64(struct yd_buf *b, const unsigned char *p, size_t n)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
		yd_buf_addch(b, tab[v >> 18 & 63]);
		yd_buf_addch(b, tab[v >> 12 & 63]);
		yd_buf_addch(b, i + 1 < n ? tab[v >> 6 & 63] : '=');
		yd_buf_addch(b, i + 2 < n ? tab[v & 63] : '=');
	}
}

/* Draws a chart into DIR/img/NAME.png and places it in both documents. */
/* A file name from data: '/', '\\', control characters and a leading dot
 * become '_' (a code "A/B" must not name a folder). */
static void safe_name(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s", name);
	for (unsigned char *p = (unsigned char *)out; *p; p++)
		if (*p == '/' || *p == '\\' || *p < 0x20 || *p == 0x7F || (p == (unsigned char *)out && *p == '.'))
			*p = '_';
}

static int doc_chart(struct doc *d, struct yd_db *db, struct yd_chart_opts *co, const char *name, const char *alt,
		     struct yd_error *err)
{
	char rel[300], path[1024], safe[256];
	safe_name(safe, sizeof safe, name);
	snprintf(rel, sizeof rel, "img/%s.png", safe);
	snprintf(path, sizeof path, "%s/%s", d->dir, rel);
	co->out = path;
	co->lang = d->lang;
	/* the oldest one waited for first: no more than a few at once */
	if (d->ncharts >= CHARTS_AT_ONCE) {
		struct pending_chart *old = &d->charts[d->ncharts - CHARTS_AT_ONCE];
		int rc = yd_chart_finish(old->job, err);
		old->job = NULL;
		if (rc < 0)
			return rc;
	}
	struct yd_chart_job *job;
	int rc = yd_chart_start(db, co, &job, err);
	if (rc == YD_ESTATE) { /* nothing to draw: say so instead of failing the report */
		doc_p(d, "%s: %s", alt, TR(d, "数据不足，未绘制", "not enough data to draw"));
		return 0;
	}
	if (rc < 0)
		return rc;
	YD_ALLOC_GROW(d->charts, d->ncharts + 1, d->capcharts);
	struct pending_chart *pc = &d->charts[d->ncharts++];
	pc->job = job;
	snprintf(pc->path, sizeof pc->path, "%s", path);
	yd_buf_addstr(&d->html, "<figure><img alt=\"");
	html_text(&d->html, alt);
	yd_buf_addstr(&d->html, "\" src=\"data:image/png;base64,");
	pc->off = d->html.len;
	yd_buf_addstr(&d->html, "\"><figcaption>");
	html_text(&d->html, alt);
	yd_buf_addstr(&d->html, "</figcaption></figure>\n");
	yd_buf_addf(&d->md, "![%s](%s)\n\n", alt, rel);
	return 0;
}

/* Waits for every chart still drawn (all of them, the first failure
 * returned) and puts each picture into the HTML where doc_chart left its
 * place. */
static int doc_charts(struct doc *d, struct yd_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < d->ncharts; i++) {
		int r = yd_chart_finish(d->charts[i].job, rc < 0 ? NULL : err);
		d->charts[i].job = NULL;
		if (r < 0 && rc == 0)
			rc = r;
	}
	if (rc < 0 || !d->ncharts)
		return rc;
	struct yd_buf html = YD_BUF_INIT, png = YD_BUF_INIT;
	size_t from = 0;
	for (size_t i = 0; i < d->ncharts && rc == 0; i++) {
		const struct pending_chart *pc = &d->charts[i];
		yd_buf_add(&html, d->html.s + from, pc->off - from);
		from = pc->off;
		FILE *f = fopen(pc->path, "rb");
		if (!f) {
			rc = yd_error_set(err, YD_EIO, "%s: %s", pc->path, strerror(errno));
			break;
		}
		char chunk[65536];
		size_t k;
		yd_buf_reset(&png);
		while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
			yd_buf_add(&png, chunk, k);
		fclose(f);
		base64(&html, (const unsigned char *)png.s, png.len);
	}
	yd_buf_add(&html, d->html.s + from, d->html.len - from);
	yd_buf_release(&png);
	if (rc == 0) {
		yd_buf_release(&d->html);
		d->html = html;
	} else {
		yd_buf_release(&html);
	}
	return rc;
}

/* ---- content ---- */

struct case_list {
	struct doc *d;
	const struct yd_catalogue *cat;
	struct yd_buf reason;
	long n;
	const char *const *codes, *const *titles; /* violations by id, nv of them: code and name */
	size_t nv;
	int mixed; /* 1: the scope has several currencies: each fine says its own */
};

static void violation_label(char *out, size_t n, const char *const *codes, const char *const *titles, size_t nv,
			    size_t id);

static void short_region(char *out, size_t n, const char *path, enum yd_lang lang);

static int list_case(void *data, const struct yd_judged_row *row)
{
	struct case_list *c = data;
	char date[16], fine[128];

	yd_buf_reset(&c->reason);
	yd_judged_reason(&c->reason, c->d->lang, c->cat, row);
	yd_fmt_date(date, sizeof date, row->date);
	if (c->mixed)
		yd_money_fmt(fine, sizeof fine, row->currency, c->d->lang == YD_LANG_ZH, row->fine);
	else
		yd_fmt_yuan(fine, sizeof fine, row->fine);
	const char *verdict = c->d->lang == YD_LANG_ZH ? yd_verdict_zh((enum yd_verdict)row->r.verdict)
						       : yd_verdict_name((enum yd_verdict)row->r.verdict);
	char vl[300], region[600];
	violation_label(vl, sizeof vl, c->codes, c->titles, c->nv, (size_t)row->violation_id);
	short_region(region, sizeof region, row->region, c->d->lang); /* the full path is in youdu audit */
	enum yd_tier t = (enum yd_tier)row->tier;
	const char *tier = c->d->lang == YD_LANG_ZH ? (t == YD_TIER_UNKNOWN ? "未声明" : yd_tier_zh(t))
						    : (t == YD_TIER_UNKNOWN ? "undeclared" : yd_tier_name(t));
	const char *cells[] = {row->case_id, vl, region, tier, date, fine, verdict, yd_buf_str(&c->reason)};
	doc_row(c->d, cells);
	c->n++;
	return 0;
}

struct rows_ctx {
	struct doc *d;
	long n;
	char direction[64]; /* of the trend series */
	double slope, lo, hi;
};

/* ε² in words (Tomczak & Tomczak 2014: 0.01 small, 0.08 medium, 0.26 large) */
static const char *effect_words(const struct doc *d, double e2)
{
	return e2 >= 0.26 ? TR(d, "大", "large") : e2 >= 0.08 ? TR(d, "中", "medium") : e2 >= 0.01 ? TR(d, "小", "small")
													  : TR(d, "微小", "negligible");
}

static int kw_table_row(void *data, const struct yd_kw_row *r)
{
	struct rows_ctx *c = data;
	char n[32], k[16], q[32], e[64], v[256], hi[256], lo[256];
	if (!r->testable)
		return 0;
	snprintf(v, sizeof v, "%s%s%s", r->violation_code, *r->violation_name ? " " : "", r->violation_name);
	snprintf(n, sizeof n, "%ld", r->n);
	snprintf(k, sizeof k, "%d", r->regions);
	yd_fmt_num(q, sizeof q, r->q, 4);
	snprintf(e, sizeof e, "%s（%.3f）", effect_words(c->d, r->epsilon2), r->epsilon2);
	if (c->d->lang != YD_LANG_ZH)
		snprintf(e, sizeof e, "%s (%.3f)", effect_words(c->d, r->epsilon2), r->epsilon2);
	short_region(hi, sizeof hi, r->highest, c->d->lang);
	short_region(lo, sizeof lo, r->lowest, c->d->lang);
	/* a size of medium or more that the test cannot confirm is too few
	 * cases, not "no difference" beside "large" */
	const char *verdict = r->q < 0.05	       ? TR(c->d, "地区间有差别", "regions differ")
			      : r->epsilon2 >= 0.08 ? TR(c->d, "未能确认（各地区案件太少）", "not confirmed (too few cases per region)")
						    : TR(c->d, "未见明显差别", "no clear difference");
	const char *cells[] = {v, n, k, verdict, q, e, hi, lo};
	doc_row(c->d, cells);
	c->n++;
	return 0;
}

/* ---- the facts of the summary, the agencies and the data quality ---- */

#define NCUR 8 /* currencies a report keeps apart (more: an error) */

/* Counts over a set of judged cases. */
struct tally {
	long cases;
	long counts[YD_V_COUNT];
	long flagged;
	long lenient, mitigated, none; /* declared 从轻, 减轻, 不予处罚 */
	long known, at_min;            /* with a statutory minimum; fined exactly that minimum */
	long far_unchecked;            /* over/under-penalized whose legality was not checked (no catalogue item) */
	/* sums in fen by currency (the slots of facts.cur), never across
	 * currencies; 128 bits: hostile data (9,224 fines of 10^13 yuan) must
	 * not wrap a total to a negative amount */
	long in[NCUR];                           /* cases of each currency */
	i128 fine[NCUR];
	i128 above_fine[NCUR], above_excess[NCUR]; /* above_legal_max: their fines, and the part above the maximum (fen) */
};

/* A sum of fen as yd_fmt_yuan writes an amount ("1,234,567.89"), of any size. */
static void fmt_sum(char *buf, size_t n, i128 fen)
{
	char digits[48], rev[48];
	size_t len = 0;
	u128 a = fen < 0 ? (u128)0 - (u128)fen : (u128)fen;
	for (u128 y = a / 100; y || !len; y /= 10)
		rev[len++] = (char)('0' + (int)(y % 10));
	for (size_t i = 0; i < len; i++)
		digits[i] = rev[len - 1 - i];
	digits[len] = '\0';
	yd_fmt_yuan_digits(buf, n, fen < 0, digits, (unsigned)(a % 100));
}

#define YEAR0 1900
#define NYEARS 300 /* decision years 1900-2199 */

struct agency_tally {
	char *name; /* NULL for ids not in the scope; "" for cases naming no agency */
	struct tally t;
};

struct counts {
	const struct yd_catalogue *cat;
	int year;              /* the report's year, 0 for every year of the run */
	int32_t today;         /* the report's date, yyyymmdd */
	struct tally all;      /* the report's scope */
	struct tally *years;   /* NYEARS: every year the run judged, for the change from the year before */
	struct agency_tally *ag; /* by agency id (0: none named), nag of them */
	size_t nag;
	long (*byv)[YD_V_COUNT]; /* verdict counts by violation id (scope), nv of them */
	long *uncat;             /* cases not in the catalogue by violation id (scope) */
	size_t nv;
	long no_base;            /* multiple items without a base (scope) */
	long early, late;        /* decision dates before 1990, after the report's date (scope) */
	int32_t first, last;     /* the scope's first and last decision date */
	char cur[NCUR][4];       /* the currencies met, in the order met */
	int ncur;
	int too_many;            /* 1: more than NCUR currencies */
	int order[NCUR];         /* slots of the scope's currencies (fx.all.in > 0), in code order */
	int nscope;              /* how many: 1 = one currency, written in the units of tables */
};

/* The sums v (a tally's fine, above_fine or above_excess) of the scope's
 * currencies, each written in its currency and never added together
 * ("1,000 元；€200"); bare: a scope of one currency writes the digits
 * alone (a table whose head says the unit). */
static void fmt_sums(char *buf, size_t n, const struct counts *f, const struct tally *t, const i128 *v, int zh, int bare)
{
	size_t w = 0;
	buf[0] = '\0';
	for (int i = 0; i < f->nscope && w < n; i++) {
		int k = f->order[i];
		char digits[96], one[192];
		if (f->nscope > 1 && !t->in[k])
			continue;
		fmt_sum(digits, sizeof digits, v[k]);
		if (bare && f->nscope == 1)
			snprintf(one, sizeof one, "%s", digits);
		else
			yd_money_wrap(one, sizeof one, f->cur[k], zh, digits);
		int m = snprintf(buf + w, n - w, "%s%s", w ? (zh ? "；" : "; ") : "", one);
		w = m < 0 ? n : w + (size_t)m;
	}
	if (!*buf)
		snprintf(buf, n, "0");
}

/* The scope's currencies in code order (fx.order, fx.nscope); none judged:
 * CNY's writing. */
static void scope_currencies(struct counts *f)
{
	f->nscope = 0;
	for (int k = 0; k < f->ncur; k++) {
		if (!f->all.in[k])
			continue;
		int i = f->nscope++;
		while (i > 0 && strcmp(f->cur[f->order[i - 1]], f->cur[k]) > 0) {
			f->order[i] = f->order[i - 1];
			i--;
		}
		f->order[i] = k;
	}
	if (!f->nscope) {
		int k = f->ncur < NCUR ? f->ncur : 0;
		snprintf(f->cur[k], sizeof f->cur[k], "CNY");
		f->order[0] = k;
		f->nscope = 1;
	}
}

/* The unit of a table's amount column: "（元）" for a scope of one
 * currency, nothing for several (each cell says its own). */
static const char *unit_head(char *buf, size_t n, const struct counts *f, int zh)
{
	char u[64];
	if (f->nscope != 1)
		buf[0] = '\0';
	else
		snprintf(buf, n, zh ? "（%s）" : " (%s)", yd_money_unit(u, sizeof u, f->cur[f->order[0]], zh));
	return buf;
}

static void tally_add(struct tally *t, const struct yd_cat_item *it, const struct yd_report_case *c, int k)
{
	t->cases++;
	t->in[k]++;
	t->fine[k] += c->fine;
	if (c->verdict >= 0 && c->verdict < YD_V_COUNT)
		t->counts[c->verdict]++;
	t->flagged += YD_VERDICT_FLAGGED(c->verdict);
	t->far_unchecked += !it && (c->verdict == YD_V_OVER || c->verdict == YD_V_UNDER);
	t->lenient += c->tier == YD_TIER_LENIENT;
	t->mitigated += c->tier == YD_TIER_MITIGATED;
	t->none += c->tier == YD_TIER_NONE;
	/* at the minimum as stats and trends count it: meets it to the fen */
	if (it && (it->kind == YD_KIND_FIXED || c->base > 0)) {
		t->known++;
		t->at_min += yd_cat_fen_meets(it, it->lo, c->base, c->fine);
	}
	if (c->verdict == YD_V_ABOVE_LEGAL_MAX) {
		/* a 不予处罚 case with a fine is above a maximum of 0 */
		int64_t cap = yd_judge_legal_cap(it, c->tier, c->base);
		t->above_fine[k] += c->fine;
		t->above_excess[k] += c->fine > cap ? c->fine - cap : 0;
	}
}

static int collect_fact(void *data, const struct yd_report_case *c)
{
	struct counts *f = data;
	/* the minimum and maximum of the decision's day (issue 23) */
	const struct yd_cat_item *it = yd_catalogue_find_at(f->cat, c->violation_id, c->date, NULL);
	int y = c->date / 10000, k = 0;

	while (k < f->ncur && strcmp(f->cur[k], c->currency) != 0)
		k++;
	if (k == f->ncur) {
		if (f->ncur == NCUR) {
			f->too_many = 1;
			return 1;
		}
		snprintf(f->cur[f->ncur++], sizeof f->cur[0], "%s", c->currency);
	}

	if (y >= YEAR0 && y < YEAR0 + NYEARS)
		tally_add(&f->years[y - YEAR0], it, c, k);
	if (f->year && y != f->year)
		return 0;
	tally_add(&f->all, it, c, k);
	/* the period is of real dates: a placeholder (1970-01-01) or a date
	 * after the report's is counted below, not a bound of the period */
	if (!yd_date_warning(c->date, f->today)) {
		if (!f->first || c->date < f->first)
			f->first = c->date;
		if (c->date > f->last)
			f->last = c->date;
	}
	f->early += c->date < 19900101;
	f->late += c->date > f->today;
	if ((size_t)c->agency_id >= f->nag) {
		size_t n = (size_t)c->agency_id + 16;
		f->ag = yd_xrealloc(f->ag, n * sizeof *f->ag);
		memset(f->ag + f->nag, 0, (n - f->nag) * sizeof *f->ag);
		f->nag = n;
	}
	struct agency_tally *a = &f->ag[c->agency_id];
	if (!a->name)
		a->name = yd_xstrdup(c->agency);
	tally_add(&a->t, it, c, k);
	if (c->violation_id >= 0) {
		size_t v = (size_t)c->violation_id;
		if (v >= f->nv) {
			size_t n = v + 64;
			f->byv = yd_xrealloc(f->byv, n * sizeof *f->byv);
			f->uncat = yd_xrealloc(f->uncat, n * sizeof *f->uncat);
			memset(f->byv + f->nv, 0, (n - f->nv) * sizeof *f->byv);
			memset(f->uncat + f->nv, 0, (n - f->nv) * sizeof *f->uncat);
			f->nv = n;
		}
		if (c->verdict >= 0 && c->verdict < YD_V_COUNT)
			f->byv[v][c->verdict]++;
		f->uncat[v] += !it;
		f->no_base += it && it->kind == YD_KIND_MULTIPLE && c->base <= 0;
	}
	return 0;
}

static void counts_release(struct counts *f)
{
	for (size_t i = 0; i < f->nag; i++)
		free(f->ag[i].name);
	free(f->ag);
	free(f->byv);
	free(f->uncat);
	free(f->years);
}

/* Imported cases and fines per decision year (judged or not). */
struct years {
	struct yd_report_year v[NYEARS];
	int has[NYEARS];
	int last; /* the last year with cases, 0 when none */
};

static int collect_year(void *data, const struct yd_report_year *y)
{
	struct years *ys = data;
	if (y->year < YEAR0 || y->year >= YEAR0 + NYEARS)
		return 0;
	ys->v[y->year - YEAR0] = *y;
	ys->has[y->year - YEAR0] = 1;
	if (y->year > ys->last)
		ys->last = y->year;
	return 0;
}

/* The regions of the disparity analysis, kept for the findings and the table. */
struct region_keep {
	char *region, *top;
	long n;
	double index, raw, ci_low, ci_high; /* raw: the region's own cases, as the interval and label */
	enum yd_region_label label;
};

struct regions_kept {
	struct region_keep *v;
	size_t n, cap;
	char **only; /* region paths of the report's agency (sorted), NULL for all */
	size_t nonly;
	int filter;
	struct yd_region_row *all; /* every row, for the charts (region and top owned) */
	size_t nall, capall;
};

static int keep_region(void *data, const struct yd_region_row *r)
{
	struct regions_kept *k = data;
	if (k->nall == k->capall) {
		k->capall = k->capall ? 2 * k->capall : 64;
		k->all = yd_xrealloc(k->all, k->capall * sizeof *k->all);
	}
	struct yd_region_row *a = &k->all[k->nall++];
	*a = *r;
	a->region = yd_xstrdup(r->region);
	a->top = yd_xstrdup(r->top ? r->top : "");
	if (k->filter && !yd_db_agency_regions_has(k->only, k->nonly, r->region))
		return 0;
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 64;
		k->v = yd_xrealloc(k->v, k->cap * sizeof *k->v);
	}
	struct region_keep *e = &k->v[k->n++];
	e->region = yd_xstrdup(r->region);
	e->top = yd_xstrdup(r->top ? r->top : "");
	e->n = r->n;
	e->index = r->index;
	e->raw = r->raw;
	e->ci_low = r->ci_low;
	e->ci_high = r->ci_high;
	e->label = r->label;
	return 0;
}

static void regions_kept_release(struct regions_kept *k)
{
	for (size_t i = 0; i < k->n; i++) {
		free(k->v[i].region);
		free(k->v[i].top);
	}
	free(k->v);
	for (size_t i = 0; i < k->nall; i++) {
		free((char *)k->all[i].region);
		free((char *)k->all[i].top);
	}
	free(k->all);
	yd_db_agency_regions_free(k->only, k->nonly);
}

/* The overall series of the trends (violation ""), kept. */
struct trend_keep {
	struct yd_trend_row v[NYEARS];
	int n;
	char direction[32];
	double slope, lo, hi;
};

static int keep_trend(void *data, const struct yd_trend_row *r)
{
	struct trend_keep *t = data;
	if (*r->violation_code || t->n >= NYEARS)
		return 0;
	t->v[t->n] = *r;
	t->v[t->n].violation_code = "";
	t->v[t->n].direction = "";
	t->n++;
	snprintf(t->direction, sizeof t->direction, "%s", r->direction);
	t->slope = r->slope, t->lo = r->slope_low, t->hi = r->slope_high;
	return 0;
}

/* A region as a reader names it: its last two parts ("海盐县澉浦镇"). */
static void short_region(char *out, size_t n, const char *path, enum yd_lang lang)
{
	const char *last = strrchr(path, '/');
	if (!last) {
		snprintf(out, n, "%s", path);
		return;
	}
	const char *prev = last;
	while (prev > path && prev[-1] != '/')
		prev--;
	if (prev == path && *path != '/' && strchr(path, '/') == last)
		prev = path;
	snprintf(out, n, "%.*s%s%s", (int)(last - prev), prev, lang == YD_LANG_ZH ? "" : "/", last + 1);
}

/* "CG004 擅自占用城市道路" (code and name, or the code alone). */
static void violation_label(char *out, size_t n, const char *const *codes, const char *const *titles, size_t nv,
			    size_t id)
{
	const char *code = id < nv && codes[id] ? codes[id] : "?";
	const char *title = id < nv && titles[id] ? titles[id] : "";
	snprintf(out, n, "%s%s%s", code, *title ? " " : "", title);
}

/* The violation with most cases of verdicts in mask, and that count. */
static size_t top_violation(const struct counts *f, unsigned mask, long *count)
{
	size_t best = 0;
	long bn = 0;
	for (size_t v = 0; v < f->nv; v++) {
		long k = 0;
		for (int i = 0; i < YD_V_COUNT; i++)
			if (mask >> i & 1)
				k += f->byv[v][i];
		if (k > bn)
			best = v, bn = k;
	}
	*count = bn;
	return best;
}

static double share(long k, long n)
{
	return n ? 100.0 * (double)k / (double)n : 0.0;
}

static void pct(char *buf, size_t n, long k, long of)
{
	if (of)
		snprintf(buf, n, "%.1f%%", share(k, of));
	else
		snprintf(buf, n, "—");
}

static const char css[] =
    "body{font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;max-width:1000px;margin:2em auto;"
    "padding:0 1em;color:#222;line-height:1.5}h1{border-bottom:3px solid #4472c4}h2{border-bottom:1px solid #ccc;"
    "margin-top:2em}h2,h3{break-after:avoid;page-break-after:avoid}"
    "table{border-collapse:collapse;width:100%;font-size:.85em;margin:1em 0}"
    "th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}th{background:#eef2fa}"
    "td.n{text-align:right;white-space:nowrap}.s{white-space:nowrap}"
    "tbody.noted{break-inside:avoid;page-break-inside:avoid}td.note{border-top:none;color:#444;padding-left:2em}"
    "tr{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}"
    "figure{margin:1em 0;text-align:center;break-inside:avoid;page-break-inside:avoid}img{max-width:100%}"
    "figcaption{font-size:.85em;color:#555}li{margin:.3em 0}"
    /* print: no forced page breaks (they left pages nearly empty); a
     * heading stays with what follows it, a chart is never cut */
    "@page{size:A4;margin:1.5cm}"
    "@media print{body{margin:0;max-width:none}h2{margin-top:1.2em}img{max-height:19cm}table{font-size:.75em}}";

/* The report's folder must be in one that exists (a mistyped --out made
 * folders all the way down from the root); checked before any work. */
static int check_out_parent(const char *dir, struct yd_error *err)
{
	char parent[1024];
	struct stat st;
	snprintf(parent, sizeof parent, "%s", dir);
	size_t n = strlen(parent);
	while (n > 1 && parent[n - 1] == '/')
		parent[--n] = '\0';
	char *slash = strrchr(parent, '/');
	if (slash == parent)
		parent[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		snprintf(parent, sizeof parent, "%s", ".");
	if (stat(parent, &st) < 0 || !S_ISDIR(st.st_mode))
		return yd_error_set(err, YD_EUSAGE, "%s: the folder %s does not exist; give --out a folder inside one that does",
				    dir, parent);
	return 0;
}

/* A report is written whole into a hidden folder inside its own
 * (DIR/.report-XXXXXX, so on the same file system) and its files are moved
 * into place only when every one of them is written: a failure midway (a
 * full disk) leaves the previous report whole and no staging folder behind.
 * Files of DIR that are not the report's stay as they are. */
struct stage {
	char dir[1100]; /* the staging folder, "" until made */
	int made_out;   /* 1: this run made the report's folder */
	int made_img;   /* 1: this run made its img/ */
};

/* mkdir, saying in *made whether it made the folder */
static int make_dir_new(const char *path, int *made, struct yd_error *err)
{
	*made = mkdir(path, 0777) == 0;
	if (!*made && errno != EEXIST)
		return yd_error_set(err, YD_EIO, "%s: %s", path, strerror(errno));
	return 0;
}

/* The report's folder, made when missing, its img/, and the staging
 * folder with its own img/. */
static int stage_open(struct stage *st, const char *dir, struct yd_error *err)
{
	char path[1200];
	int rc, made;
	if ((rc = make_dir_new(dir, &st->made_out, err)) < 0)
		return rc;
	snprintf(path, sizeof path, "%s/img", dir);
	if ((rc = make_dir_new(path, &st->made_img, err)) < 0)
		return rc;
	if ((size_t)snprintf(st->dir, sizeof st->dir, "%s/.report-XXXXXX", dir) >= sizeof st->dir)
		return yd_error_set(err, YD_EUSAGE, "%s: folder name too long", dir);
	if (!mkdtemp(st->dir)) {
		rc = yd_error_set(err, YD_EIO, "%s: cannot make a staging folder: %s", dir, strerror(errno));
		st->dir[0] = '\0';
		return rc;
	}
	snprintf(path, sizeof path, "%s/img", st->dir);
	return make_dir_new(path, &made, err);
}

/* Moves (commit) or removes every file of the staging folder's img/ and
 * its report.html and report.md, then the staging folder itself. */
static int stage_close(struct stage *st, const char *dir, int commit, struct yd_error *err)
{
	static const char *const docs[] = {"report.md", "report.html"};
	char from[1500], to[1500];
	int rc = 0;
	if (!st->dir[0])
		return 0;
	snprintf(from, sizeof from, "%s/img", st->dir);
	DIR *dp = opendir(from);
	for (struct dirent *e; dp && (e = readdir(dp));) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(from, sizeof from, "%s/img/%s", st->dir, e->d_name);
		snprintf(to, sizeof to, "%s/img/%s", dir, e->d_name);
		if (commit && rc == 0 && rename(from, to) != 0)
			rc = yd_error_set(err, YD_EIO, "%s: %s", to, strerror(errno));
		unlink(from);
	}
	if (dp)
		closedir(dp);
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
		snprintf(from, sizeof from, "%s/%s", st->dir, docs[i]);
		snprintf(to, sizeof to, "%s/%s", dir, docs[i]);
		if (commit && rc == 0 && access(from, F_OK) == 0 && rename(from, to) != 0)
			rc = yd_error_set(err, YD_EIO, "%s: %s", to, strerror(errno));
		unlink(from);
	}
	snprintf(from, sizeof from, "%s/img", st->dir);
	rmdir(from);
	rmdir(st->dir);
	st->dir[0] = '\0';
	if (!commit || rc < 0) { /* folders this run made go too, when empty */
		snprintf(from, sizeof from, "%s/img", dir);
		if (st->made_img)
			rmdir(from);
		if (st->made_out)
			rmdir(dir);
	}
	return rc;
}

/* An error naming a file of the staging folder names the report's own. */
static void stage_unname(const struct stage *st, const char *dir, struct yd_error *err)
{
	size_t n = strlen(st->dir);
	char *at;
	if (!err || !n || !(at = strstr(err->msg, st->dir)))
		return;
	char rest[YD_ERROR_MAX];
	snprintf(rest, sizeof rest, "%s", at + n);
	snprintf(at, sizeof err->msg - (size_t)(at - err->msg), "%s%s", dir, rest);
}

/* The report's files are complete or not there: the previous report stays
 * whole until the new one is written (out.c). */
static int write_file(const char *path, const struct yd_buf *b, struct yd_error *err)
{
	return yd_out_write_file(path, b->s ? b->s : "", b->len, err);
}

/* The agencies in the database, for the error of an unknown --agency. */
struct agency_names {
	struct yd_buf list;
	int64_t *seen;
	size_t n;
};

static int collect_agency_name(void *data, const struct yd_report_case *c)
{
	struct agency_names *a = data;
	if (!*c->agency)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->seen[i] == c->agency_id)
			return 0;
	a->seen = yd_xrealloc(a->seen, (a->n + 1) * sizeof *a->seen);
	a->seen[a->n++] = c->agency_id;
	yd_buf_addf(&a->list, "%s'%s'", a->n > 1 ? ", " : "", c->agency);
	return 0;
}

static int unknown_agency(struct yd_db *db, const char *agency, struct yd_error *err)
{
	struct agency_names a = {YD_BUF_INIT, NULL, 0};
	int rc = yd_db_report_cases_each(db, NULL, collect_agency_name, &a, err);
	if (rc >= 0)
		rc = yd_error_set(err, YD_EUSAGE, "report: no judged case of agency '%s'%s%s", agency,
				  a.n ? "; agencies: " : " (the cases name no agency)", yd_buf_str(&a.list));
	yd_buf_release(&a.list);
	free(a.seen);
	return rc;
}

/* Rejected rows by the kind of their reason ("invalid fine", "conflict"...). */
struct reject_kinds {
	char kind[16][64];
	long count[16];
	int n;
	long total, other;
};

static int count_reject(void *data, const struct yd_reject_row *r)
{
	struct reject_kinds *k = data;
	char kind[64];
	size_t len = strcspn(r->reason, "':(");
	while (len && r->reason[len - 1] == ' ')
		len--;
	snprintf(kind, sizeof kind, "%.*s", (int)(len < sizeof kind ? len : sizeof kind - 1), r->reason);
	k->total++;
	for (int i = 0; i < k->n; i++)
		if (strcmp(k->kind[i], kind) == 0) {
			k->count[i]++;
			return 0;
		}
	if (k->n == 16) {
		k->other++;
		return 0;
	}
	snprintf(k->kind[k->n], sizeof k->kind[k->n], "%s", kind);
	k->count[k->n++] = 1;
	return 0;
}

/* What a kind of rejected row means for the figures. */
static const char *reject_meaning(const struct doc *d, const char *kind)
{
	/* import warnings: the row is in the figures */
	if (strstr(kind, "day unknown"))
		return TR(d, "已导入，只有年月：按年月保存（显示为 2014-09），年度统计不受影响；找日期相近的决定时按当月 1 日计",
			  "imported, month only: kept as the month (shown 2014-09); yearly figures are unaffected; the nearest decisions by date take its 1st");
	if (strstr(kind, "month unknown"))
		return TR(d, "已导入，只有年份：按年保存（显示为 2021），计入年度统计与趋势；找日期相近的决定时按当年 1 月 1 日计",
			  "imported, year only: kept as the year (shown 2021), in the yearly figures and trends; the nearest decisions by date take its 1 January");
	if (strstr(kind, "read as missing"))
		return TR(d, "已导入，该项为占位值（暂无、N/A、1900-01-01 等），按缺失计", "imported, the value a placeholder (暂无, N/A, 1900-01-01...): read as missing");
	if (strstr(kind, "list in"))
		return TR(d, "已导入，单元素列表（['x']）取其元素", "imported, a one-element list (['x']) read as its element");
	if (strstr(kind, "placeholder") || strstr(kind, "before 1990") || strstr(kind, "after today"))
		return TR(d, "已导入，但日期多为占位或录入错误：其年度归属可能不对，影响年度比较与趋势",
			  "imported, but the date is likely a placeholder or a typing error: its year may be wrong, which affects the yearly comparison and trends");
	if (strstr(kind, "fine") || strstr(kind, "amount") || strstr(kind, "base"))
		return TR(d, "罚款或基数读不出：该决定不在任何统计中，罚款合计偏低", "fine or base unreadable: the decision is in no figure; fine totals are low");
	if (strstr(kind, "date"))
		return TR(d, "日期读不出：该决定不在任何年度的统计中", "date unreadable: the decision is in no year's figures");
	if (strstr(kind, "conflict"))
		return TR(d, "同一文号再次出现而内容不同（同一文件内或另一文件中）：保留先导入的版本，请核对哪一份正确",
			  "the same case id again with other content (in the same file or another): the first one imported is kept; check which is right");
	return TR(d, "该行不在任何统计中", "the row is in no figure");
}

/* A kind of rejected row or import warning as a Chinese reader names it,
 * followed by youdu's own words (what `youdu rejects` prints), or NULL. */
static const char *reject_kind_zh(const char *kind)
{
	static const struct {
		const char *prefix, *zh;
	} names[] = {
	    {"row has", "列数与表头不符"},
	    {"missing", "缺少必填项"},
	    {"invalid decision_date", "决定日期读不出"},
	    {"invalid region", "地区读不出"},
	    {"unknown party_type", "当事人类型无法识别"},
	    {"unknown tier", "裁量阶次无法识别"},
	    {"invalid fine", "罚款金额读不出"},
	    {"invalid base_amount", "基数金额读不出"},
	    {"invalid currency", "币种代码无效"},
	    {"conflict", "同一文号内容不同"},
	    {"region longer", "地区过长"},
	    {"case_id longer", "决定书文号过长"},
	    {"violation_code longer", "违法行为代码过长"},
	    {"day unknown", "只有年月，没有日"},
	    {"month unknown", "只有年份"},
	    {"placeholder date", "占位日期"},
	    {"placeholder", "占位值按缺失计"},
	    {"one-element list", "单元素列表取其元素"},
	    {"date before 1990", "日期早于 1990 年"},
	    {"date after today", "日期晚于报告日期"},
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strncmp(kind, names[i].prefix, strlen(names[i].prefix)) == 0)
			return names[i].zh;
	return NULL;
}

/* The kinds as a table (sorted by kinds_sort): reason, rows, what it means. */
static void kinds_table(struct doc *d, const struct reject_kinds *k, const char *what)
{
	const char *rh[] = {what, TR(d, "行数", "rows"), TR(d, "影响", "what it means")};
	doc_table(d, 3, rh);
	for (int i = 0; i < k->n; i++) {
		char n[32], name[160];
		snprintf(n, sizeof n, "%ld", k->count[i]);
		const char *zh = d->lang == YD_LANG_ZH ? reject_kind_zh(k->kind[i]) : NULL;
		if (zh)
			snprintf(name, sizeof name, "%s（%s）", zh, k->kind[i]);
		else
			snprintf(name, sizeof name, "%s", k->kind[i]);
		const char *cells[] = {name, n, reject_meaning(d, k->kind[i])};
		doc_row(d, cells);
	}
	if (k->other) {
		char n[32];
		snprintf(n, sizeof n, "%ld", k->other);
		const char *cells[] = {TR(d, "其他", "other"), n, reject_meaning(d, "")};
		doc_row(d, cells);
	}
	doc_table_end(d);
}

static void report_phase(const struct yd_report_opts *o, const char *name, int step)
{
	if (o->progress)
		o->progress(o->progress_data, name, step, 6);
}


/* Days since 1970-01-01 of yyyymmdd (Howard Hinnant's days_from_civil). */
static long days_of(int32_t ymd)
{
	long y = ymd / 10000, m = ymd / 100 % 100, dd = ymd % 100;
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void fmt_precision(const struct doc *d, char *buf, size_t n, const struct yd_review_tally *t)
{
	double p, lo, hi;
	if (!yd_review_precision(t, &p, &lo, &hi))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, TR(d, "%.0f%%（%.0f%%–%.0f%%）", "%.0f%% (%.0f%%-%.0f%%)"), 100 * p, 100 * lo, 100 * hi);
}

/* One line of the review table. */
static void review_table_row(struct doc *d, const char *name, const struct yd_review_tally *t)
{
	char v[7][24], prec[64];
	long x[] = {t->flagged, t->reviewed, t->confirmed, t->dismissed, t->rectified, t->overdue, t->stale};
	for (int i = 0; i < 7; i++)
		snprintf(v[i], sizeof v[i], "%ld", x[i]);
	fmt_precision(d, prec, sizeof prec, t);
	const char *cells[] = {name, v[0], v[1], v[2], v[3], v[4], v[5], v[6], prec};
	doc_row(d, cells);
}

/* A rule whose precision is low, said plainly. */
static void review_low(struct doc *d, const char *rule, const struct yd_review_tally *t, int *said)
{
	double p, lo, hi;
	long n = yd_review_precision(t, &p, &lo, &hi);
	if (!yd_review_precision_low(t))
		return;
	if (!*said)
		doc_ol(d, 1);
	*said = 1;
	doc_li(d,
	       TR(d, "%s：经评查的 %ld 件标记中 %ld 件为误报，仅 %.0f%% 问题属实（95%% 区间 %.0f%%–%.0f%%）。这条规则标记的案件多数合法，建议复核其阈值或裁量基准，评查时可先看其他规则的标记。",
		  "%s: of %ld flags reviewed, %ld were dismissed; only %.0f%% were right (95%% interval %.0f%%-%.0f%%). Most of what this rule flags is lawful: review its threshold or the discretion table, and review other rules' flags first."),
	       rule, n, t->dismissed, 100 * p, 100 * lo, 100 * hi);
}

/* 裁量基准修订前后 (issue 23): per item whose legal range changed, the
 * fines decided under the version before and after, so a bureau sees
 * whether practice followed the new standard.  All years and agencies. */
struct version_doc {
	struct doc *d;
	int n; /* changes written */
};

static int version_row(void *data, const struct yd_version_change *ch)
{
	struct version_doc *vd = data;
	struct doc *d = vd->d;
	if (!vd->n++) {
		doc_h(d, 3, TR(d, "裁量基准修订前后", "Before and after each revision of the standard"));
		doc_p(d, "%s", TR(d, "每个法定幅度有变化的违法行为，按决定日期分别统计修订前、后所依版本下的罚款：件数、中位数，以及恰为该版本法定下限、上限的比例。修订后罚款若仍停留在旧幅度，说明实践尚未跟上新基准。",
				  "Each violation whose legal range changed, with the fines decided under the version before and after, by decision date: how many, their median, and the shares exactly at that version's minimum and maximum. Fines that stay in the old range after a revision show practice has not followed the new standard."));
		const char *head[] = {TR(d, "违法行为", "Violation"), TR(d, "修订日期", "Revised"), TR(d, "版本", "Version"),
				      TR(d, "法定幅度", "Legal range"), TR(d, "件数", "n"), TR(d, "中位数", "Median"),
				      TR(d, "恰为下限 %", "at minimum %"), TR(d, "恰为上限 %", "at maximum %")};
		doc_table(d, 8, head);
	}
	const struct yd_version_side *sides[2] = {&ch->before, &ch->after};
	enum yd_std_kind kind = ch->kind == YD_KIND_MULTIPLE ? YD_STD_MULTIPLE : YD_STD_FIXED;
	for (int k = 0; k < 2; k++) {
		const struct yd_version_side *v = sides[k];
		char day[16], from[64], lo[32], hi[32], range[80], n[32], med[48] = "", smin[32] = "", smax[32] = "";
		yd_fmt_date(day, sizeof day, ch->day);
		if (v->from) {
			char f[16];
			yd_fmt_date(f, sizeof f, v->from);
			snprintf(from, sizeof from, TR(d, "%s（%s 起）", "%s (from %s)"), k ? TR(d, "修订后", "after") : TR(d, "修订前", "before"), f);
		} else {
			snprintf(from, sizeof from, "%s", k ? TR(d, "修订后", "after") : TR(d, "修订前", "before"));
		}
		if (kind == YD_STD_FIXED) {
			yd_fmt_yuan(lo, sizeof lo, v->lo);
			yd_fmt_yuan(hi, sizeof hi, v->hi);
			snprintf(range, sizeof range, TR(d, "%s–%s 元", "%s-%s yuan"), lo, hi);
			if (v->n)
				yd_fmt_yuan(med, sizeof med, (int64_t)llround(v->median));
		} else {
			yd_std_format_bound(kind, v->lo, lo, sizeof lo);
			yd_std_format_bound(kind, v->hi, hi, sizeof hi);
			snprintf(range, sizeof range, TR(d, "%s–%s 倍", "%s-%s x"), lo, hi);
			if (v->n)
				yd_fmt_num(med, sizeof med, v->median, 3);
		}
		snprintf(n, sizeof n, "%ld", v->n);
		if (v->n) {
			yd_fmt_num(smin, sizeof smin, 100 * v->share_min, 1);
			yd_fmt_num(smax, sizeof smax, 100 * v->share_max, 1);
		}
		const char *cells[] = {ch->violation_code, day, from, range, n, med, smin, smax};
		doc_row(d, cells);
	}
	return 0;
}

/* ---- the facts: everything the sections read, loaded in one snapshot ---- */

/* What the report is written from, computed once by facts_load before the
 * first section; the sections only read it.  The case lists, the charts
 * and the per-violation tests stream from db inside the same snapshot. */
struct facts {
	struct yd_db *db;               /* in the read snapshot of facts_load */
	const struct yd_report_opts *o; /* what was asked */
	int year;                       /* the report's year, 0 for every year of the analysis */
	int year_differs;               /* see yd_report_info */
	struct yd_ledger led;           /* the analysis: its year and its thresholds */
	struct yd_catalogue cat;
	struct counts c;                /* the judged cases of the scope, counted */
	struct years *ys;               /* imported cases and fines per year */
	struct regions_kept rk;         /* the disparity analysis's regions */
	struct trend_keep *tk;          /* the overall trend, all years and agencies */
	struct yd_disp_cases *dc;       /* the year's cases (regions, tests, box plots) */
	struct yd_disp_opts dopt;       /* the disparity options used */
	struct reject_kinds rj, wk;     /* rejected rows; rows imported with a warning; most first */
	struct yd_review_list reviews;  /* the dispositions recorded with youdu review */
	struct yd_review_stats rst;     /* their statistics (reviews.n > 0) */
	char **codes, **titles;         /* violations by id: code and name, nv of them */
	size_t nv;
	int64_t nrejects, ncases, newer, replaced;
};

/* "CG004 擅自占用城市道路" of violation id. */
static void fact_label(const struct facts *f, char *out, size_t n, size_t id)
{
	violation_label(out, n, (const char *const *)f->codes, (const char *const *)f->titles, f->nv, id);
}

/* The kinds of rejected rows, most rows first (insertion sort: at most 16). */
static void kinds_sort(struct reject_kinds *k)
{
	for (int i = 1; i < k->n; i++)
		for (int j = i; j > 0 && k->count[j] > k->count[j - 1]; j--) {
			char tk2[64];
			long tc = k->count[j];
			memcpy(tk2, k->kind[j], sizeof tk2);
			memcpy(k->kind[j], k->kind[j - 1], sizeof tk2);
			memcpy(k->kind[j - 1], tk2, sizeof tk2);
			k->count[j] = k->count[j - 1];
			k->count[j - 1] = tc;
		}
}

/* The cases of the year loaded once for regions and disparity, and for
 * the trends too when they are all years. */
/* The regions' positions (yd_regions_in) are worked out on a thread of
 * their own from the year's cases, loaded first, while this thread reads
 * the judged cases and works out the trends: neither touches what the
 * other writes (f->rk, f->tk), and the loaded cases are only read. */
struct regions_job {
	struct facts *f;
	pthread_t t;
	int started, rc;
};

static void *regions_work(void *arg)
{
	struct regions_job *j = arg;
	j->rc = yd_regions_in(j->f->dc, &j->f->dopt, keep_region, &j->f->rk);
	return NULL;
}

static int regions_start(struct facts *f, struct regions_job *j, struct yd_error *err)
{
	int rc;
	j->f = f;
	f->dopt.year = f->year;
	if (f->o->agency) {
		f->rk.filter = 1;
		if ((rc = yd_db_agency_regions(f->db, f->o->agency, &f->rk.only, &f->rk.nonly, err)) < 0)
			return rc;
	}
	if ((rc = yd_disp_cases_load(f->db, f->year, 0, &f->dc, err)) < 0)
		return rc;
	j->started = pthread_create(&j->t, NULL, regions_work, j) == 0;
	if (!j->started)
		regions_work(j);
	return 0;
}

/* Waits for the regions; returns their result. */
static int regions_join(struct regions_job *j)
{
	if (j->started)
		pthread_join(j->t, NULL);
	j->started = 0;
	return j->rc;
}

static int facts_trends(struct facts *f, struct yd_error *err)
{
	int rc;
	f->tk = yd_xcalloc(1, sizeof *f->tk);
	struct yd_disp_opts all = YD_DISP_OPTS_DEFAULT;
	all.today = f->c.today;
	struct yd_disp_cases *every = f->dc;
	if (f->year && (rc = yd_disp_cases_load(f->db, 0, 0, &every, err)) < 0)
		return rc;
	rc = yd_trends_in(every, &all, keep_trend, f->tk);
	if (every != f->dc)
		yd_disp_cases_free(every);
	return rc;
}

/* The one pass over the judged cases, the years, the rejects and the
 * warnings (the counts). */
static int facts_read(struct facts *f, struct yd_error *err)
{
	struct counts *fx = &f->c;
	const struct yd_report_opts *o = f->o;
	int rc;
	if ((rc = yd_db_report_cases_each(f->db, o->agency, collect_fact, fx, err)) < 0)
		return rc;
	if (fx->too_many)
		return yd_error_set(err, YD_ESTATE, "the cases are in more than %d currencies: report them one currency at a time",
				    NCUR);
	scope_currencies(fx);
	if (o->agency && !fx->all.cases && !fx->nag)
		return unknown_agency(f->db, o->agency, err);
	f->ys = yd_xcalloc(1, sizeof *f->ys);
	if ((rc = yd_db_report_years_each(f->db, o->agency, collect_year, f->ys, err)) < 0 ||
	    (rc = yd_db_rejects_each(f->db, count_reject, &f->rj, err)) < 0 ||
	    (rc = yd_db_warnings_each(f->db, count_reject, &f->wk, err)) < 0)
		return rc;
	kinds_sort(&f->rj);
	kinds_sort(&f->wk);
	return 0;
}

/* Loads and computes *f (zeroed by the caller; facts_release frees it
 * whatever this returns) inside the read snapshot already begun on db. */
static int facts_load(struct facts *f, struct yd_db *db, const struct yd_report_opts *o, struct yd_report_info *info,
		      struct yd_error *err)
{
	int rc;
	f->db = db;
	f->o = o;
	f->dopt = (struct yd_disp_opts)YD_DISP_OPTS_DEFAULT;
	if ((rc = yd_ledger_load(db, &f->led, err)) < 0 || (rc = yd_catalogue_load(db, &f->cat, err)) < 0 ||
	    (rc = yd_db_count(db, "rejects", &f->nrejects, err)) < 0 || (rc = yd_db_count(db, "cases", &f->ncases, err)) < 0 ||
	    (rc = yd_ledger_newer_cases(db, &f->led, &f->newer, &f->replaced, err)) < 0 ||
	    (rc = yd_db_violations(db, &f->codes, &f->titles, &f->nv, err)) < 0 ||
	    (rc = yd_db_review_load(db, &f->reviews, err)) < 0)
		return rc;

	/* the year: an analysis of one year can only report that year */
	f->year = f->led.year ? f->led.year : o->year;
	f->year_differs = o->year && f->led.year && o->year != f->led.year;
	info->year = f->year;
	info->analysis_year = f->led.year;
	info->year_differs = f->year_differs;

	/* the counts: one pass over the judged cases, one over the years */
	struct counts *fx = &f->c;
	fx->cat = &f->cat;
	fx->year = f->year;
	fx->today = 99991231;
	if (o->date && strlen(o->date) == 10)
		fx->today = (int32_t)(strtol(o->date, NULL, 10) * 10000 + strtol(o->date + 5, NULL, 10) * 100 +
				      strtol(o->date + 8, NULL, 10));
	fx->years = yd_xcalloc(NYEARS, sizeof *fx->years);
	report_phase(o, "reading the judged cases", 1);
	struct regions_job rj = {0};
	if ((rc = regions_start(f, &rj, err)) < 0)
		return rc;
	rc = facts_read(f, err);
	if (rc == 0) {
		report_phase(o, "regions, disparity and trends", 2);
		rc = facts_trends(f, err);
	}
	int rr = regions_join(&rj);
	if (rc < 0 || (rc = rr) < 0)
		return rc;
	if (f->reviews.n &&
	    (rc = yd_review_stats_compute(db, &f->reviews, f->year, o->agency, fx->today, &f->rst, err)) < 0)
		return rc;
	return 0;
}

static void facts_release(struct facts *f)
{
	counts_release(&f->c);
	regions_kept_release(&f->rk);
	free(f->ys);
	free(f->tk);
	yd_disp_cases_free(f->dc);
	yd_db_violations_free(f->codes, f->titles, f->nv);
	yd_catalogue_release(&f->cat);
	if (f->reviews.n)
		yd_review_stats_release(&f->rst);
	yd_review_list_release(&f->reviews);
}

/* 评查与整改: the dispositions recorded with youdu review (issue 21), when
 * reviewers recorded any. */
static int section_review(const struct facts *f, struct doc *d, struct yd_error *err)
{
	const struct yd_review_stats *st = &f->rst;
	(void)err;
	if (!f->reviews.n)
		return 0;
	const struct yd_review_tally *a = &st->all;
	doc_section(d, "评查与整改", "Review and 整改");
	doc_p(d,
	      TR(d, "本期共标记 %ld 件决定，已评查 %ld 件：问题属实待整改 %ld 件，已整改 %ld 件，误报 %ld 件（合法档次 %ld、特殊情形 %ld、数据错误 %ld、其他 %ld）；待审核 %ld 件；决定内容或评判结论已变化、需重新审核 %ld 件。逾期未整改 %ld 件。",
		 "%ld decisions were flagged in the period; %ld were reviewed: %ld confirmed and awaiting 整改, %ld rectified, %ld dismissed (lawful level %ld, special circumstances %ld, data error %ld, other %ld); %ld pending; %ld stale (the decision or its verdict changed since, to review again). %ld are overdue."),
	      a->flagged, a->reviewed, a->confirmed, a->rectified, a->dismissed, a->by_reason[YD_REASON_LAWFUL_LEVEL],
	      a->by_reason[YD_REASON_SPECIAL], a->by_reason[YD_REASON_DATA_ERROR], a->by_reason[YD_REASON_OTHER], a->pending,
	      a->stale, a->overdue);
	const char *head[] = {TR(d, "评判结论", "Verdict"), TR(d, "标记", "Flagged"), TR(d, "已评查", "Reviewed"),
			      TR(d, "属实", "Confirmed"), TR(d, "误报", "Dismissed"), TR(d, "已整改", "Rectified"),
			      TR(d, "逾期", "Overdue"), TR(d, "需重审", "Stale"),
			      TR(d, "精确率（95% 区间）", "Precision (95% interval)")};
	doc_table(d, 9, head);
	for (int v = 0; v < YD_V_COUNT; v++)
		if (st->verdict[v].flagged || st->verdict[v].reviewed || st->verdict[v].pending || st->verdict[v].stale)
			review_table_row(d, TR(d, yd_verdict_zh((enum yd_verdict)v), yd_verdict_name((enum yd_verdict)v)),
					 &st->verdict[v]);
	review_table_row(d, TR(d, "合计", "All"), a);
	doc_table_end(d);
	doc_p(d, TR(d, "精确率 = （属实 + 已整改）/（属实 + 已整改 + 误报），即经评查的标记中问题属实的比例；待审核和需重新审核的不计入。",
		    "Precision = (confirmed + rectified) / (confirmed + rectified + dismissed): the share of reviewed flags that were right; pending and stale ones count for neither."));

	return 0;
}

/* 评查与整改, continued: the overdue 整改, by agency */
static int section_review_overdue(const struct facts *f, struct doc *d, struct yd_error *err)
{
	const struct yd_review_list *l = &f->reviews;
	const char *agency = f->o->agency;
	int year = f->year;
	int32_t today = f->c.today;
	(void)err;
	if (!l->n)
		return 0;
	const struct yd_review_tally *a = &f->rst.all;
	doc_h(d, 3, TR(d, "逾期未整改", "Overdue 整改"));
	if (!a->overdue) {
		doc_p(d, TR(d, "没有逾期未整改的决定。", "No 整改 is overdue."));
	} else {
		const char *oh[] = {TR(d, "执法机关", "Agency"), TR(d, "决定书文号", "Decision"),
				    TR(d, "违法行为", "Violation"), TR(d, "整改期限", "Deadline"),
				    TR(d, "逾期天数", "Days overdue")};
		const struct yd_review_row **rows = yd_xcalloc(l->n, sizeof *rows);
		size_t k = 0;
		for (size_t i = 0; i < l->n; i++) {
			const struct yd_review_row *r = &l->rows[i];
			if ((year && r->decision_date / 10000 != year) || (agency && strcmp(r->agency, agency) != 0))
				continue;
			if (r->shown == YD_REVIEW_CONFIRMED && r->deadline && r->deadline < today)
				rows[k++] = r;
		}
		/* by agency, then the longest overdue first (insertion sort: few rows) */
		for (size_t i = 1; i < k; i++)
			for (size_t j = i; j > 0; j--) {
				int c = strcmp(rows[j - 1]->agency, rows[j]->agency);
				if (c < 0 || (c == 0 && rows[j - 1]->deadline <= rows[j]->deadline))
					break;
				const struct yd_review_row *t = rows[j];
				rows[j] = rows[j - 1];
				rows[j - 1] = t;
			}
		doc_table(d, 5, oh);
		for (size_t i = 0; i < k; i++) {
			char dl[16], days[24];
			yd_fmt_date(dl, sizeof dl, rows[i]->deadline);
			snprintf(days, sizeof days, "%ld", days_of(today) - days_of(rows[i]->deadline));
			const char *cells[] = {*rows[i]->agency ? rows[i]->agency : TR(d, "（未注明）", "(none)"),
					       rows[i]->case_id, rows[i]->violation_code, dl, days};
			doc_row(d, cells);
		}
		doc_table_end(d);
		free(rows);
	}

	return 0;
}

/* 评查与整改, continued: the rules whose flags are mostly wrong */
static int section_review_rules(const struct facts *f, struct doc *d, struct yd_error *err)
{
	const struct yd_review_stats *st = &f->rst;
	(void)err;
	if (!f->reviews.n)
		return 0;
	doc_h(d, 3, TR(d, "规则的精确率", "How often each rule is right"));
	int said = 0;
	for (int v = 0; v < YD_V_COUNT; v++) {
		char rule[128];
		snprintf(rule, sizeof rule, TR(d, "“%s”（%s）", "'%s' (%s)"), yd_verdict_zh((enum yd_verdict)v),
			 yd_verdict_name((enum yd_verdict)v));
		review_low(d, rule, &st->verdict[v], &said);
	}
	for (size_t i = 0; i < st->nviol; i++) {
		char rule[300];
		snprintf(rule, sizeof rule, TR(d, "违法行为 %s 的标记", "the flags of violation %s"), st->viol[i].code);
		review_low(d, rule, &st->viol[i].t, &said);
	}
	if (said)
		doc_ol(d, 0);
	else
		doc_p(d, TR(d, "没有精确率偏低的规则（至少 %d 件经评查且过半为误报的规则在此列出）。",
			    "No rule's precision is low (a rule with at least %d reviewed flags, most of them dismissed, is named here)."),
		      YD_REVIEW_LOW_MIN);
	return 0;
}

/* ---- the sections: each writes one part of the document from the facts ---- */

/* The title, always naming the period, and the note on a year not analysed. */
static int section_title(const struct facts *f, struct doc *d, struct yd_error *err)
{
	const struct counts *fx = &f->c;
	const struct yd_report_opts *o = f->o;
	int year = f->year;
	char period[128], title[512];
	(void)err;
	int y0 = fx->first / 10000, y1 = fx->last / 10000;
	if (year)
		snprintf(period, sizeof period, TR(d, "%d 年度", "%d"), year);
	else if (y0 == y1)
		snprintf(period, sizeof period, TR(d, "%d 年", "%d"), y0);
	else
		snprintf(period, sizeof period, TR(d, "%d—%d 年", "%d-%d"), y0, y1);
	if (!fx->first)
		snprintf(period, sizeof period, "%s", TR(d, "（无案件）", "(no cases)"));
	if (d->lang == YD_LANG_ZH)
		snprintf(title, sizeof title, "%s%s%s行政处罚裁量风险报告", o->agency ? o->agency : "", o->agency ? " " : "", period);
	else
		snprintf(title, sizeof title, "Discretion risk in administrative penalties, %s%s%s", period,
			 o->agency ? ": " : "", o->agency ? o->agency : "");
	yd_buf_addf(&d->html, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>", TR(d, "zh-CN", "en"));
	html_text(&d->html, title);
	yd_buf_addf(&d->html, "</title><style>%s</style></head><body>\n", css);
	doc_h(d, 1, title);
	doc_p(d, "%s %s · youdu %s", TR(d, "生成日期", "Generated"), o->date, TR(d, "有度", "(有度)"));
	if (f->year_differs)
		doc_p(d, TR(d, "注意：要求的是 %d 年，但最近一次分析只评判了 %d 年（analyze --year %d），本报告使用该分析，内容为 %d 年。如需 %d 年，请先运行 youdu analyze --year %d。",
			     "Note: %d was asked for, but the last analysis judged %d only (analyze --year %d); this report uses that analysis and covers %d. For %d, run youdu analyze --year %d first."),
		      o->year, f->led.year, f->led.year, f->led.year, o->year, o->year);
	return 0;
}

/* 1. the summary in figures */
static int section_summary(const struct facts *f, struct doc *d, struct yd_error *err)
{
	const struct counts *fx = &f->c;
	(void)err;
	doc_section(d, "摘要", "Summary");
	const struct tally *t = &fx->all;
	char first[16], last[16], fine[600], af[600], ax[600];
	struct yd_buf ags = YD_BUF_INIT;
	int nags = 0;
	yd_fmt_date(first, sizeof first, fx->first);
	yd_fmt_date(last, sizeof last, fx->last);
	for (size_t i = 0; i < fx->nag; i++)
		if (fx->ag[i].name && *fx->ag[i].name) {
			yd_buf_addf(&ags, "%s%s", nags ? TR(d, "、", ", ") : "", fx->ag[i].name);
			nags++;
		}
	fmt_sums(af, sizeof af, fx, t, t->above_fine, d->lang == YD_LANG_ZH, 0);
	fmt_sums(ax, sizeof ax, fx, t, t->above_excess, d->lang == YD_LANG_ZH, 0);
	const char *head[] = {TR(d, "项目", "item"), TR(d, "数值", "value")};
	doc_table(d, 2, head);
	struct yd_buf cell = YD_BUF_INIT;
	yd_buf_addf(&cell, TR(d, "%s 至 %s（决定日期）", "%s to %s (decision dates)"), first, last);
	const char *r1[] = {TR(d, "报告期间", "period covered"), yd_buf_str(&cell)};
	doc_row(d, r1);
	yd_buf_reset(&cell);
	yd_buf_addf(&cell, TR(d, "%d 个：%s", "%d: %s"), nags, nags ? yd_buf_str(&ags) : TR(d, "（数据未注明执法机关）", "(the data names none)"));
	const char *r2[] = {TR(d, "执法机关", "agencies"), yd_buf_str(&cell)};
	doc_row(d, r2);
	yd_buf_reset(&cell);
	yd_buf_addf(&cell, TR(d, "%ld 件", "%ld"), t->cases);
	const char *r3[] = {TR(d, "评判的处罚决定", "decisions judged"), yd_buf_str(&cell)};
	doc_row(d, r3);
	yd_buf_reset(&cell);
	/* one sum per currency, never one sum of several */
	for (int i = 0; i < fx->nscope; i++) {
		int k = fx->order[i];
		char digits[96];
		fmt_sum(digits, sizeof digits, t->fine[k]);
		yd_buf_addf(&cell, "%s%s", i ? TR(d, "；", "; ") : "",
			    yd_money_wrap(fine, sizeof fine, fx->cur[k], d->lang == YD_LANG_ZH, digits));
		/* as a bureau's own report writes a large sum: 万元 or 亿元 */
		if (d->lang != YD_LANG_ZH || !yd_money_wan(fx->cur[k]))
			continue;
		if (t->fine[k] >= (i128)100000000 * 100)
			yd_buf_addf(&cell, "（约 %.2f 亿元）", (double)t->fine[k] / 1e10);
		else if (t->fine[k] >= (i128)10000 * 100)
			yd_buf_addf(&cell, "（约 %.2f 万元）", (double)t->fine[k] / 1e6);
	}
	const char *r4[] = {TR(d, "罚款合计", "fines in total"), yd_buf_str(&cell)};
	doc_row(d, r4);
	yd_buf_reset(&cell);
	yd_buf_addf(&cell, TR(d, "%ld 件，罚款 %s，其中超出上限的部分 %s", "%ld, fines %s, of which %s above the maximum"),
		    t->counts[YD_V_ABOVE_LEGAL_MAX], af, ax);
	const char *r5[] = {TR(d, "高于法定上限", "above the legal maximum"), yd_buf_str(&cell)};
	doc_row(d, r5);
	yd_buf_reset(&cell);
	yd_buf_addf(&cell, TR(d, "%ld 件（%.1f%%）", "%ld (%.1f%%)"), t->flagged, share(t->flagged, t->cases));
	const char *r6[] = {TR(d, "需要复核（被标记）", "to review (flagged)"), yd_buf_str(&cell)};
	doc_row(d, r6);
	doc_table_end(d);
	yd_buf_release(&cell);
	yd_buf_release(&ags);
	return 0;
}

/* every verdict, the flagged ones marked: 正常 is no flagged case */
static int section_verdicts(const struct facts *f, struct doc *d, struct yd_error *err)
{
	const struct tally *t = &f->c.all;
	char v[64], s[32];
	(void)err;
	doc_h(d, 3, TR(d, "评判结论（按类别）", "Verdicts by kind"));
	const char *vh[] = {TR(d, "结论", "verdict"), TR(d, "件数", "cases"), TR(d, "占评判案件", "share of judged"),
			    TR(d, "需要复核", "to review")};
	doc_table(d, 4, vh);
	for (int k = 0; k < YD_V_COUNT; k++) {
		snprintf(v, sizeof v, "%ld", t->counts[k]);
		snprintf(s, sizeof s, "%.2f%%", share(t->counts[k], t->cases));
		const char *cells[] = {TR(d, yd_verdict_zh((enum yd_verdict)k), yd_verdict_name((enum yd_verdict)k)), v, s,
				       YD_VERDICT_FLAGGED(k) ? TR(d, "是", "yes") : "—"};
		doc_row(d, cells);
	}
	doc_table_end(d);
	return 0;
}

/* The regions labelled harsh (or lenient), at most three, as one finding;
 * 1 when there was one. */
static int finding_regions(const struct facts *f, struct doc *d, int harsh)
{
	const struct regions_kept *rk = &f->rk;
	struct yd_buf b = YD_BUF_INIT;
	int nr = 0;
	for (size_t i = 0; i < rk->n && nr < 3; i++) {
		const struct region_keep *r = &rk->v[i];
		if (r->label != (harsh ? YD_RL_HARSH : YD_RL_LENIENT))
			continue;
		char reg[256], eff[32], item[300], code[64];
		long cnt = 0;
		short_region(reg, sizeof reg, r->region, d->lang);
		yd_region_fmt_effect(eff, sizeof eff, r->raw); /* what the label rests on */
		/* the first type of "CG004 擅自占用城市道路 +35 %（12 件）、..." */
		const char *end = strstr(r->top, "）、");
		size_t len = end ? (size_t)(end - r->top) + strlen("）") : strlen(r->top);
		snprintf(item, sizeof item, "%.*s", (int)(len < sizeof item ? len : sizeof item - 1), r->top);
		snprintf(code, sizeof code, "%.*s", (int)strcspn(item, " "), item);
		const char *open = NULL;
		for (const char *p = strstr(item, "（"); p; p = strstr(p + 1, "（"))
			open = p;
		if (open)
			cnt = strtol(open + strlen("（"), NULL, 10);
		if (nr++)
			yd_buf_addstr(&b, TR(d, "；", "; "));
		const char *mag = eff[0] == '+' || eff[0] == '-' ? eff + 1 : eff;
		if (d->lang == YD_LANG_ZH && *item && cnt > 0)
			yd_buf_addf(&b, "%s罚款普遍%s（比其他地区同类案件%s %s），主要是 %s，建议复核该地 %s 的 %ld 件决定",
				    reg, harsh ? "偏高" : "偏低", harsh ? "高" : "低", mag, item, code, cnt);
		else if (d->lang == YD_LANG_ZH)
			yd_buf_addf(&b, "%s罚款普遍%s（比其他地区同类案件%s %s），建议复核该地的决定", reg,
				    harsh ? "偏高" : "偏低", harsh ? "高" : "低", mag);
		else if (*item && cnt > 0)
			yd_buf_addf(&b, "%s: fines %s than the same cases elsewhere (%s), mainly %s; review its %ld decisions of %s",
				    reg, harsh ? "higher" : "lower", eff, item, cnt, code);
		else
			yd_buf_addf(&b, "%s: fines %s than the same cases elsewhere (%s); review its decisions", reg,
				    harsh ? "higher" : "lower", eff);
	}
	if (nr)
		doc_li(d, "%s%s", yd_buf_str(&b), TR(d, "。", "."));
	yd_buf_release(&b);
	return nr > 0;
}

/* the findings that matter most, most serious first, at most five */
static int section_findings(const struct facts *f, struct doc *d, struct yd_error *err)
{
	const struct counts *fx = &f->c;
	const struct tally *t = &fx->all;
	char af[600], ax[600];
	(void)err;
	fmt_sums(af, sizeof af, fx, t, t->above_fine, d->lang == YD_LANG_ZH, 0);
	fmt_sums(ax, sizeof ax, fx, t, t->above_excess, d->lang == YD_LANG_ZH, 0);
	doc_h(d, 3, TR(d, "主要发现与建议", "Main findings and recommendations"));
	doc_ol(d, 1);
	int nf = 0;
	char vl[300];
	long k;
	size_t top;
	if (t->counts[YD_V_ABOVE_LEGAL_MAX]) {
		top = top_violation(fx, 1u << YD_V_ABOVE_LEGAL_MAX, &k);
		fact_label(f, vl, sizeof vl, top);
		doc_li(d, TR(d, "%ld 件罚款高于法定上限（罚款合计 %s，超出上限 %s），最多的是 %s（%ld 件）。建议：逐件复核第四节所列决定，依法变更或撤销。",
			       "%ld fines are above the legal maximum (%s in all, %s above it), most of them %s (%ld). Recommendation: review each decision listed in section 4 and correct it as the law requires."),
		       t->counts[YD_V_ABOVE_LEGAL_MAX], af, ax, vl, k);
		nf++;
	}
	if (t->counts[YD_V_BELOW_LEGAL_MIN]) {
		top = top_violation(fx, 1u << YD_V_BELOW_LEGAL_MIN, &k);
		fact_label(f, vl, sizeof vl, top);
		doc_li(d, TR(d, "%ld 件罚款低于法定下限且未适用减轻处罚，最多的是 %s（%ld 件）。建议：复核这些决定，补正减轻处罚的依据或依法纠正。",
			       "%ld fines are below the legal minimum without mitigation, most of them %s (%ld). Recommendation: review them; record the grounds for mitigation or correct them."),
		       t->counts[YD_V_BELOW_LEGAL_MIN], vl, k);
		nf++;
	}
	for (int harsh = 1; harsh >= 0 && nf < 5; harsh--)
		nf += finding_regions(f, d, harsh);
	long tier = t->counts[YD_V_ABOVE_TIER] + t->counts[YD_V_BELOW_TIER];
	if (tier && nf < 5) {
		top = top_violation(fx, 1u << YD_V_ABOVE_TIER | 1u << YD_V_BELOW_TIER, &k);
		fact_label(f, vl, sizeof vl, top);
		doc_li(d, TR(d, "%ld 件罚款不在所选裁量阶次的区间内（高于 %ld 件，低于 %ld 件），最多的是 %s（%ld 件）。建议：复核阶次认定与说理，必要时变更阶次或罚款。",
			       "%ld fines lie outside their declared tier's band (%ld above, %ld below), most of them %s (%ld). Recommendation: review how the tier was chosen and explained."),
		       tier, t->counts[YD_V_ABOVE_TIER], t->counts[YD_V_BELOW_TIER], vl, k);
		nf++;
	}
	long outl = t->counts[YD_V_OVER] + t->counts[YD_V_UNDER];
	if (outl && nf < 5) {
		top = top_violation(fx, 1u << YD_V_OVER | 1u << YD_V_UNDER, &k);
		fact_label(f, vl, sizeof vl, top);
		/* "legal, in-tier" only where legality was checked (issue 25.6) */
		if (!t->far_unchecked)
			doc_li(d, TR(d, "%ld 件罚款合法、在阶次内，但明显偏离同类案件（畸重 %ld 件，畸轻 %ld 件），最多的是 %s（%ld 件）。建议：复核第五节所列决定的裁量说理。",
				       "%ld legal, in-tier fines lie far from comparable cases (%ld over-, %ld under-penalized), most of them %s (%ld). Recommendation: review the reasoning of the decisions in section 5."),
			       outl, t->counts[YD_V_OVER], t->counts[YD_V_UNDER], vl, k);
		else if (t->far_unchecked == outl)
			doc_li(d, TR(d, "%ld 件罚款明显偏离同类案件（畸重 %ld 件，畸轻 %ld 件；合法性未检查：违法行为不在裁量基准目录），最多的是 %s（%ld 件）。建议：复核第五节所列决定的裁量说理。",
				       "%ld fines lie far from comparable cases (%ld over-, %ld under-penalized; legality not checked: the violations are not in the catalogue), most of them %s (%ld). Recommendation: review the reasoning of the decisions in section 5."),
			       outl, t->counts[YD_V_OVER], t->counts[YD_V_UNDER], vl, k);
		else
			doc_li(d, TR(d, "%ld 件罚款明显偏离同类案件（畸重 %ld 件，畸轻 %ld 件；其中 %ld 件合法性未检查：违法行为不在裁量基准目录），最多的是 %s（%ld 件）。建议：复核第五节所列决定的裁量说理。",
				       "%ld fines lie far from comparable cases (%ld over-, %ld under-penalized; legality not checked for %ld: their violations are not in the catalogue), most of them %s (%ld). Recommendation: review the reasoning of the decisions in section 5."),
			       outl, t->counts[YD_V_OVER], t->counts[YD_V_UNDER], t->far_unchecked, vl, k);
		nf++;
	}
	if (nf < 5 && (strcmp(f->tk->direction, "fell") == 0 || strcmp(f->tk->direction, "rose") == 0)) {
		int fell = strcmp(f->tk->direction, "fell") == 0;
		doc_li(d, "%s", fell ? TR(d, "同一违法行为、同一阶次内罚款之间的典型差距逐年缩小，执法尺度趋于一致（全部执法机关、全部年度）。建议：保持现行裁量基准的适用。",
					   "The typical gap between fines for the same violation and tier narrowed over the years: practice became more uniform (all agencies, all years). Recommendation: keep applying the benchmark as now.")
				      : TR(d, "同一违法行为、同一阶次内罚款之间的典型差距逐年扩大，执法尺度趋于分散（全部执法机关、全部年度）。建议：组织裁量基准的培训与案卷评查。",
					   "The typical gap between fines for the same violation and tier widened over the years: practice became less uniform (all agencies, all years). Recommendation: train on the benchmark and review case files."));
		nf++;
	}
	if (!nf)
		doc_li(d, "%s", TR(d, "未发现需要复核的问题。", "Nothing calls for review."));
	doc_ol(d, 0);
	return 0;
}

/* the change from the year before, where the data has both years */
static int section_change(const struct facts *f, struct doc *d, struct yd_error *err)
{
	const struct counts *fx = &f->c;
	int year = f->year;
	(void)err;
	int cur = year ? year : f->ys->last, prev = cur - 1;
	if (cur > YEAR0 && cur < YEAR0 + NYEARS && f->ys->has[cur - YEAR0] && f->ys->has[prev - YEAR0]) {
		const struct yd_report_year *a = &f->ys->v[prev - YEAR0], *b = &f->ys->v[cur - YEAR0];
		const struct tally *ta = &fx->years[prev - YEAR0], *tb = &fx->years[cur - YEAR0];
		char h1[16], h2[16], c1[64], c2[64], c3[96];
		snprintf(h1, sizeof h1, "%d", prev);
		snprintf(h2, sizeof h2, "%d", cur);
		doc_h(d, 3, TR(d, "与上一年相比", "Change from the year before"));
		const char *hh[] = {TR(d, "指标", "measure"), h1, h2, TR(d, "变化", "change")};
		doc_table(d, 4, hh);
		snprintf(c1, sizeof c1, "%ld", a->cases);
		snprintf(c2, sizeof c2, "%ld", b->cases);
		snprintf(c3, sizeof c3, "%+ld（%+.1f%%）", b->cases - a->cases, a->cases ? share(b->cases - a->cases, a->cases) : 0.0);
		const char *x1[] = {TR(d, "案件（件）", "cases"), c1, c2, c3};
		doc_row(d, x1);
		/* the years' sums are of every currency: shown for one only */
		if (fx->nscope == 1) {
			char dd[48], uh[80], lab[128];
			fmt_sum(c1, sizeof c1, (i128)a->fine);
			fmt_sum(c2, sizeof c2, (i128)b->fine);
			fmt_sum(dd, sizeof dd, (i128)b->fine - (i128)a->fine);
			snprintf(c3, sizeof c3, "%s%s（%+.1f%%）", b->fine >= a->fine ? "+" : "", dd,
				 a->fine > 0 ? 100.0 * (b->fine - a->fine) / a->fine : 0.0);
			snprintf(lab, sizeof lab, "%s%s", TR(d, "罚款合计", "fines"),
				 unit_head(uh, sizeof uh, fx, d->lang == YD_LANG_ZH));
			const char *x2[] = {lab, c1, c2, c3};
			doc_row(d, x2);
		}
		if (ta->cases && tb->cases) {
			snprintf(c1, sizeof c1, "%ld（%.1f%%）", ta->flagged, share(ta->flagged, ta->cases));
			snprintf(c2, sizeof c2, "%ld（%.1f%%）", tb->flagged, share(tb->flagged, tb->cases));
			snprintf(c3, sizeof c3, TR(d, "%+.1f 个百分点", "%+.1f points"),
				 share(tb->flagged, tb->cases) - share(ta->flagged, ta->cases));
			const char *x3[] = {TR(d, "被标记（件，比例）", "flagged (share)"), c1, c2, c3};
			doc_row(d, x3);
			snprintf(c1, sizeof c1, "%ld", ta->counts[YD_V_ABOVE_LEGAL_MAX]);
			snprintf(c2, sizeof c2, "%ld", tb->counts[YD_V_ABOVE_LEGAL_MAX]);
			snprintf(c3, sizeof c3, "%+ld", tb->counts[YD_V_ABOVE_LEGAL_MAX] - ta->counts[YD_V_ABOVE_LEGAL_MAX]);
			const char *x4[] = {TR(d, "高于法定上限（件）", "above the legal maximum"), c1, c2, c3};
			doc_row(d, x4);
		}
		doc_table_end(d);
		if (!(ta->cases && tb->cases))
			doc_p(d, TR(d, "最近一次分析只评判了 %d 年，%d 年的被标记件数无从比较（运行 youdu analyze 不带 --year 可比较）。",
				     "The last analysis judged %d only: flagged counts of %d cannot be compared (run youdu analyze without --year)."),
			      cur, prev);
	} else {
		doc_p(d, "%s", TR(d, "数据中没有上一年的案件，无法与上一年比较。", "The data has no cases of the year before: no change to show."));
	}
	return 0;
}

/* 2. per agency */
static int section_agencies(const struct facts *f, struct doc *d, struct yd_error *err)
{
	const struct counts *fx = &f->c;
	(void)err;
	doc_section(d, "各执法机关", "By agency");
	char uh[80], fh[128];
	snprintf(fh, sizeof fh, "%s%s", TR(d, "罚款合计", "fines"), unit_head(uh, sizeof uh, fx, d->lang == YD_LANG_ZH));
	const char *head[] = {TR(d, "执法机关", "agency"), TR(d, "案件", "cases"), fh,
			      TR(d, "被标记", "flagged"), TR(d, "从轻", "lenient"), TR(d, "减轻", "mitigated"),
			      TR(d, "不予处罚（首违不罚等）", "no penalty (first minor violation...)"),
			      TR(d, "恰为法定下限", "at the legal minimum")};
	doc_p(d, "%s", TR(d, "从轻、减轻、不予处罚为该机关案件中声明该阶次的比例；恰为法定下限为有法定幅度的案件中罚款正好等于下限的比例。",
			    "Lenient, mitigated and no penalty: the share of the agency's cases declaring that tier; at the legal minimum: the share of cases with a statutory range fined exactly its minimum."));
	doc_table(d, 8, head);
	for (size_t pass = 0; pass < 2; pass++)
		for (size_t i = 0; i <= fx->nag; i++) {
			/* named agencies first, then the cases naming none, then the total */
			const struct tally *t;
			const char *name;
			if (i == fx->nag) {
				if (pass == 0)
					continue;
				t = &fx->all, name = TR(d, "合计", "total");
			} else {
				if (!fx->ag[i].name || (pass == 0) != (*fx->ag[i].name != '\0'))
					continue;
				t = &fx->ag[i].t, name = *fx->ag[i].name ? fx->ag[i].name : TR(d, "（未注明执法机关）", "(no agency given)");
			}
			char n[32], fine[600], fl[48], le[32], mi[32], no[32], am[32];
			snprintf(n, sizeof n, "%ld", t->cases);
			fmt_sums(fine, sizeof fine, fx, t, t->fine, d->lang == YD_LANG_ZH, 1);
			snprintf(fl, sizeof fl, "%ld（%.1f%%）", t->flagged, share(t->flagged, t->cases));
			pct(le, sizeof le, t->lenient, t->cases);
			pct(mi, sizeof mi, t->mitigated, t->cases);
			pct(no, sizeof no, t->none, t->cases);
			pct(am, sizeof am, t->at_min, t->known);
			const char *cells[] = {name, n, fine, fl, le, mi, no, am};
			doc_row(d, cells);
		}
	doc_table_end(d);
	return 0;
}

/* 3. data quality and the inclusion ledger */
static int section_quality(const struct facts *f, struct doc *d, struct yd_error *err)
{
	const struct counts *fx = &f->c;
	const struct yd_report_opts *o = f->o;
	int year = f->year;
	(void)err;
	doc_section(d, "数据质量", "Data quality");
	long uncat_cases = 0, uncat_types = 0;
	for (size_t v = 0; v < fx->nv; v++)
		if (fx->uncat[v])
			uncat_cases += fx->uncat[v], uncat_types++;
	const char *head[] = {TR(d, "项目", "item"), TR(d, "件数", "rows"), TR(d, "对本报告数字的影响", "what it means for the figures")};
	doc_table(d, 3, head);
	char a[32], b[32], c[32], e[32], g[32], h[32], q[32];
	snprintf(a, sizeof a, "%lld", (long long)f->ncases);
	snprintf(b, sizeof b, "%lld", (long long)f->nrejects);
	snprintf(c, sizeof c, "%ld", fx->all.cases);
	snprintf(e, sizeof e, "%ld", uncat_cases);
	snprintf(g, sizeof g, "%ld", fx->no_base);
	snprintf(h, sizeof h, "%ld", fx->early + fx->late);
	snprintf(q, sizeof q, "%lld", (long long)f->newer);
	const char *r1[] = {TR(d, "导入的决定（全部文件、全部年度；同一决定只计一次）", "decisions imported (all files and years; each once)"), a, ""};
	const char *r2[] = {TR(d, "拒收的行（每个文件分别计，见 youdu rejects）", "rows rejected (counted per file; see youdu rejects)"), b,
			    TR(d, "不在任何统计中；各类原因见下表", "in no figure; the reasons are below")};
	const char *r3[] = {o->agency ? (year ? TR(d, "本报告评判的决定（本年度、本机关）", "decisions this report judges (its year and agency)")
					      : TR(d, "本报告评判的决定（报告期间、本机关）", "decisions this report judges (its period and agency)"))
			    : year ? TR(d, "本报告评判的决定（本年度）", "decisions this report judges (its year)")
				   : TR(d, "本报告评判的决定（报告期间）", "decisions this report judges (its period)"),
			    c, ""};
	struct yd_buf m = YD_BUF_INIT;
	yd_buf_addf(&m, TR(d, "%ld 种违法行为不在裁量基准目录：合法性与裁量阶次未检查，只与同类案件比较；“高于法定上限”等件数因此只是下限",
			   "%ld violation types are not in the catalogue: legality and tier were not checked, only the comparison with peers; counts such as 'above the legal maximum' are therefore lower bounds"),
		    uncat_types);
	const char *r4[] = {TR(d, "违法行为不在裁量基准目录", "violation not in the catalogue"), e,
			    uncat_cases ? yd_buf_str(&m) : TR(d, "无：每件决定的合法性都已检查", "none: every decision's legality was checked")};
	const char *r5[] = {TR(d, "倍数罚款缺少基数金额", "multiple item without a base amount"), g,
			    TR(d, "无法判断合法性，也不与同类案件比较（无裁量基准）", "neither legality nor peers can be judged (no benchmark)")};
	const char *r6[] = {TR(d, "决定日期早于 1990 年或晚于报告日期", "decision date before 1990 or after the report's date"), h,
			    TR(d, "多为占位或录入错误：年度归属可能不对，影响年度比较与历年趋势", "mostly placeholders or typing errors: the year may be wrong, which affects the yearly comparison and trends")};
	const char *r7[] = {TR(d, "分析之后新导入的案件", "cases imported after the analysis"), q,
			    TR(d, "不在本报告中：请重新运行 youdu analyze", "not in this report: run youdu analyze again")};
	doc_row(d, r1);
	doc_row(d, r2);
	doc_row(d, r3);
	doc_row(d, r4);
	doc_row(d, r5);
	/* the decision dates are counted here from the cases; the import
	 * warnings (placeholder dates, months without a day) by kind below */
	doc_row(d, r6);
	if (f->newer > 0)
		doc_row(d, r7);
	doc_table_end(d);
	yd_buf_release(&m);
	if (f->rj.total)
		kinds_table(d, &f->rj, TR(d, "拒收原因", "reason rejected"));
	if (f->wk.total)
		kinds_table(d, &f->wk, TR(d, "导入时的数据质量警告（已导入）", "data-quality warning at import (imported)"));
	if (uncat_cases) {
		struct yd_buf l = YD_BUF_INIT;
		int shown = 0;
		for (size_t v = 0; v < fx->nv; v++) {
			if (!fx->uncat[v])
				continue;
			char vl2[300];
			if (shown++ == 20) {
				yd_buf_addf(&l, TR(d, "等 %ld 种", " and more (%ld types)"), uncat_types);
				break;
			}
			fact_label(f, vl2, sizeof vl2, v);
			yd_buf_addf(&l, "%s%s（%ld）", shown > 1 ? TR(d, "、", ", ") : "", vl2, fx->uncat[v]);
		}
		doc_p(d, TR(d, "不在裁量基准目录的违法行为（件数）：%s。补录这些事项的法定幅度后重新运行 youdu analyze，即可检查其合法性。",
			     "Violations not in the catalogue (cases): %s. Add their statutory ranges and run youdu analyze again to check their legality."),
		      yd_buf_str(&l));
		yd_buf_release(&l);
	}
	return 0;
}

/* The decisions of the verdicts in mask, at most limit (0: all), as a
 * table, or "None." when count is 0. */
static int case_table(const struct facts *f, struct doc *d, unsigned mask, int limit, long count, struct yd_error *err)
{
	const struct counts *fx = &f->c;
	struct case_list cl = {d, &f->cat, YD_BUF_INIT, 0, (const char *const *)f->codes,
			       (const char *const *)f->titles, f->nv, fx->nscope > 1};
	struct yd_case_filter cf = {0};
	char cuh[80], cfh[128];
	int rc = 0;
	if (!count) {
		doc_p(d, "%s", TR(d, "没有。", "None."));
		return 0;
	}
	snprintf(cfh, sizeof cfh, "%s%s", TR(d, "罚款", "fine"), unit_head(cuh, sizeof cuh, fx, d->lang == YD_LANG_ZH));
	const char *case_head[] = {TR(d, "决定书文号", "case"), TR(d, "违法行为", "violation"), TR(d, "地区", "region"),
				   TR(d, "裁量阶次", "tier"), TR(d, "决定日期", "date"), cfh,
				   TR(d, "结论", "verdict"), TR(d, "理由", "reason")};
	cf.year = f->year;
	cf.agency = f->o->agency;
	cf.verdicts = mask;
	cf.limit = limit;
	if (limit)
		doc_p(d, TR(d, "按偏离程度排列，最多列出 %d 件；完整清单见 youdu audit。", "Farthest out first, at most %d; the full list is youdu audit."),
		      limit);
	doc_table_noted(d, 8, case_head);
	if ((rc = yd_db_judged_each(f->db, &cf, list_case, &cl, err)) >= 0)
		doc_table_end(d);
	yd_buf_release(&cl.reason);
	return rc < 0 ? rc : 0;
}

/* 4. illegal and tier cases, in full */
static int section_illegal(const struct facts *f, struct doc *d, struct yd_error *err)
{
	const long *n = f->c.all.counts;
	doc_section(d, "违法与超出裁量阶次的决定（全部）", "Illegal decisions and decisions outside their tier (all)");
	return case_table(f, d, 1u << YD_V_ABOVE_LEGAL_MAX | 1u << YD_V_BELOW_LEGAL_MIN | 1u << YD_V_ABOVE_TIER | 1u << YD_V_BELOW_TIER,
			  0, n[YD_V_ABOVE_LEGAL_MAX] + n[YD_V_BELOW_LEGAL_MIN] + n[YD_V_ABOVE_TIER] + n[YD_V_BELOW_TIER], err);
}

/* 5. statistical outliers */
static int section_outliers(const struct facts *f, struct doc *d, struct yd_error *err)
{
	const long *n = f->c.all.counts;
	doc_section(d, "明显偏离同类案件的决定（畸重、畸轻）", "Statistical outliers (over- and under-penalized)");
	return case_table(f, d, 1u << YD_V_OVER | 1u << YD_V_UNDER, f->o->top_outliers, n[YD_V_OVER] + n[YD_V_UNDER], err);
}

/* 6. regional disparity: the charts and the table of regions */
static int section_regions(const struct facts *f, struct doc *d, struct yd_error *err)
{
	const struct yd_report_opts *o = f->o;
	const struct regions_kept *rk = &f->rk;
	struct yd_chart_opts co = {0};
	int rc;
	doc_section(d, "地区差异（同案不同罚）", "Regional disparity");
	co.year = f->year;
	co.agency = o->agency;
	doc_p(d, TR(d, "怎么读：每个地区的百分数是它的罚款比其他地区同一违法行为、同一裁量阶次、同类当事人、同一年度（有基数时还有相近基数）的通常罚款高（+）或低（−）多少，例如 +22%% 即通常多罚约 22%%，附其 95%% 区间；“收缩估计”把案件少的地区向 0 收缩（几件案件说明不了多少），表按它排序。漏斗图中每个点是一个地区，两条实线是仅凭偶然所能偏离的范围（案件越少范围越宽），只有点落在实线之外且差异至少 %.0f%% 时才判为偏严或偏宽；只有 95%% 区间整个落在 ±%.0f%% 之内时才判为正常，其余为不确定（数据不足以说明该地区是否与其他地区一致）。表中“主要违法行为”只列该地区至少 %d 件的违法行为，括号里是件数。",
		     "How to read it: a region's percentage is how much higher (+) or lower (-) its fines typically are than the usual fine for the same violation, tier, kind of party and year (and similar base, where recorded) in the other regions (+22 %% means about 22 %% more), with its 95 %% interval; the \"shrunk\" estimate pulls regions of few cases toward 0 (a few cases say little), and orders the table. In the funnel plot each dot is a region and the solid curves show how far chance alone can take a region of that size (wider for fewer cases), so a region is called harsh or lenient only when its dot lies outside them and the difference is at least %.0f %%; it is called in line only when its 95 %% interval lies within +-%.0f %%, and uncertain otherwise (the data cannot tell whether it is in line). \"Main violation types\" lists only types with at least %d cases in the region; the number in brackets is of cases."),
	      f->dopt.min_effect, f->dopt.material, YD_REGION_TOP_MIN);
	if (o->agency)
		doc_p(d, TR(d, "只列出 %s 的地区；比较的基准仍是全部地区。", "Only the regions of %s are shown; the yardstick is still all regions."), o->agency);
	co.regions = rk->all; /* computed above: the charts need not compute them again */
	co.nregions = rk->nall;
	co.kind = YD_CHART_HARSHNESS;
	if ((rc = doc_chart(d, f->db, &co, "harshness", TR(d, "各地区罚款相对其他地区", "Each region's fines against other regions"), err)) < 0)
		return rc;
	co.kind = YD_CHART_FUNNEL;
	if ((rc = doc_chart(d, f->db, &co, "funnel", TR(d, "漏斗图", "Funnel plot"), err)) < 0)
		return rc;
	const char *head[] = {TR(d, "地区", "region"), TR(d, "件数", "n"), TR(d, "相对其他地区", "vs other regions"),
			      TR(d, "95% 区间", "95% interval"), TR(d, "判断", "label"),
			      TR(d, "收缩估计（排序）", "shrunk (the order)"),
			      TR(d, "主要违法行为（该类罚款相对其他地区，件数）", "main violation types (their fines vs other regions, cases)")};
	doc_table(d, 7, head);
	for (size_t i = 0; i < rk->n; i++) {
		const struct region_keep *r = &rk->v[i];
		char n[32], h[32], lo[32], hi[32], ci[80], sh[32];
		snprintf(n, sizeof n, "%ld", r->n);
		yd_region_fmt_effect(h, sizeof h, r->raw);
		yd_region_fmt_effect(sh, sizeof sh, r->index);
		yd_region_fmt_effect(lo, sizeof lo, r->ci_low);
		yd_region_fmt_effect(hi, sizeof hi, r->ci_high);
		snprintf(ci, sizeof ci, "[%s, %s]", lo, hi);
		const char *label = d->lang == YD_LANG_ZH ? yd_region_label_zh(r->label) : yd_region_label_name(r->label);
		const char *cells[] = {r->region, n, h, ci, label, sh, r->top};
		doc_row(d, cells);
	}
	doc_table_end(d);
	return 0;
}

/* 6, continued: the test of each violation type across regions */
static int section_region_tests(const struct facts *f, struct doc *d, struct yd_error *err)
{
	int rc;
	(void)err;
	struct rows_ctx rc3 = {d, 0, "", 0, 0, 0};
	const char *kh[] = {TR(d, "违法行为", "violation"), TR(d, "件数", "cases"), TR(d, "地区数", "regions"),
			    TR(d, "结论", "finding"), TR(d, "q 值", "q"), TR(d, "差别大小 ε²", "size ε²"),
			    TR(d, "最严地区", "harshest region"), TR(d, "最宽地区", "most lenient region")};
	doc_p(d, "%s", TR(d, "各违法行为的地区差别检验：每行检验同一违法行为的罚款水平在各地区之间是否不同（Kruskal–Wallis 秩和检验，已扣除裁量阶次的影响；只计至少 5 件的地区，仅列至少两个这样的地区的违法行为），按 q 值排序。q 值是经 Benjamini–Hochberg 多重比较校正的 p 值，小于 0.05 即判为“地区间有差别”；差别大小 ε² 在 0 到 1 之间，约 0.01、0.08、0.26 分别为小、中、大。最严、最宽地区为罚款平均秩次最高、最低的地区。检验统计量 H 与未校正的 p 值见 youdu disparity。",
			    "Regional difference per violation type: each row tests whether the level of fines for one violation differs between regions (Kruskal-Wallis rank test, the tier's effect taken out; regions with at least 5 cases; types with at least two such regions), by q. q is the p value corrected for multiple comparisons (Benjamini-Hochberg); below 0.05 reads 'regions differ'. The size ε² runs from 0 to 1: about 0.01, 0.08 and 0.26 are small, medium and large. The harshest and most lenient regions have the highest and lowest mean rank. H and the uncorrected p are in youdu disparity."));
	doc_table(d, 8, kh);
	if ((rc = yd_disparity_in(f->dc, &f->dopt, kw_table_row, &rc3)) < 0)
		return rc;
	doc_table_end(d);
	return 0;
}

/* 7. consistency over the years */
static int section_years(const struct facts *f, struct doc *d, struct yd_error *err)
{
	const struct counts *fx = &f->c;
	struct yd_chart_opts co = {0};
	int rc;
	doc_section(d, "历年一致性", "Consistency over the years");
	co.regions = f->rk.all;
	co.nregions = f->rk.nall;
	co.kind = YD_CHART_TREND;
	co.today = fx->today;
	co.year = 0;
	co.agency = NULL;
	co.trends = f->tk->v;
	co.ntrends = (size_t)f->tk->n;
	doc_p(d, "%s", TR(d, "本节为全部执法机关、全部年度的数据。典型差距：一件罚款与同年同一违法行为、同一阶次通常罚款（中位数）相差的典型幅度，例如 5% 即通常上下相差约 5%；越小，执法尺度越一致（按对数罚款的稳健标准差 1.4826 × MAD 换算）。",
			    "This section covers all agencies and years. Typical gap: how far a fine typically lies from the usual (median) fine for the same violation and tier that year, e.g. 5% means fines typically differ by about 5%; smaller is more uniform (from the robust sd, 1.4826 x MAD, of ln fine)."));
	if ((rc = doc_chart(d, f->db, &co, "trend", TR(d, "历年典型差距", "Typical gap by year"), err)) < 0)
		return rc;
	/* no median fine: one over different violations says nothing */
	const char *head[] = {TR(d, "年度", "year"), TR(d, "件数", "n"),
			      TR(d, "典型差距 %", "typical gap %"), TR(d, "被标记 %", "flagged %"),
			      TR(d, "恰为法定下限 %", "at legal minimum %"), TR(d, "减轻/不予处罚 %", "mitigated/none %")};
	doc_table(d, 6, head);
	for (int i = 0; i < f->tk->n; i++) {
		const struct yd_trend_row *r = &f->tk->v[i];
		char y[16], n[32], disp[32], fl[32], mn[32], soft[32];
		snprintf(y, sizeof y, "%d", r->year);
		if (r->fitted)
			snprintf(n, sizeof n, "%ld", r->n);
		else /* shown, but too few to enter the trend (issue 25.7) */
			snprintf(n, sizeof n, TR(d, "%ld（不计入趋势）", "%ld (not in the trend)"), r->n);
		yd_fmt_num(disp, sizeof disp, 100 * expm1(r->dispersion), 1);
		yd_fmt_num(fl, sizeof fl, 100 * r->share_flagged, 1);
		yd_fmt_num(mn, sizeof mn, 100 * r->share_at_min, 1);
		yd_fmt_num(soft, sizeof soft, 100 * r->share_mitigated_none, 1);
		const char *cells[] = {y, n, disp, fl, mn, soft};
		doc_row(d, cells);
	}
	doc_table_end(d);
	static const struct {
		const char *en, *zh;
	} dirs[] = {{"fell", "典型差距逐年缩小，执法尺度趋于一致"}, {"rose", "典型差距逐年扩大，执法尺度趋于分散"},
		    {"no clear change", "典型差距无明显变化"}, {"too few years", "年份不足，无法判断趋势"}};
	int fitted = 0;
	for (int i = 0; i < f->tk->n; i++)
		fitted += f->tk->v[i].fitted;
	for (size_t k = 0; k < sizeof dirs / sizeof *dirs; k++) {
		if (strcmp(f->tk->direction, dirs[k].en) != 0)
			continue;
		/* no slope is printed that was not fitted: no nan (issue 25.7) */
		if (strcmp(dirs[k].en, "too few years") == 0 || !isfinite(f->tk->lo) || !isfinite(f->tk->hi))
			doc_p(d, TR(d, "%s：至少 %d 件的年度只有 %d 个，至少要 3 个。", "Typical gap: %s: %d cases or more in %d years only, 3 are needed."),
			      TR(d, dirs[k].zh, "too few years for a trend"), YD_TREND_MIN_FIT, fitted);
		else
			doc_p(d, TR(d, "%s（每年约 %+.2f 个百分点，95%% 区间 [%+.2f, %+.2f]；对数尺度的斜率 × 100；只计至少 %d 件的年度）%s",
				     "Typical gap: %s (about %+.2f percentage points a year, 95%% interval [%+.2f, %+.2f]; the slope on the log scale x 100; years with %d cases or more)%s"),
			      TR(d, dirs[k].zh, dirs[k].en), 100 * f->tk->slope, 100 * f->tk->lo, 100 * f->tk->hi, YD_TREND_MIN_FIT,
			      strcmp(dirs[k].en, "no clear change") == 0 && fitted < 8
				  ? TR(d, "。图中的升降只凭这几个年度还不能与偶然波动区分；年度更多时才能确认趋势。",
				       ". With this few years, the rise or fall in the chart cannot yet be told from chance; more years will tell.")
				  : TR(d, "。", "."));
	}
	return 0;
}

/* 7, continued: what changed when the standard changed (issue 23) */
static int section_versions(const struct facts *f, struct doc *d, struct yd_error *err)
{
	struct version_doc vd = {d, 0};
	int rc = yd_version_changes(f->db, version_row, &vd, err);
	if (rc < 0)
		return rc;
	if (vd.n)
		doc_table_end(d);
	return 0;
}

/* One of the most flagged violation types: its legal basis and charts. */
static int flagged_type(const struct facts *f, struct doc *d, size_t best, long flagged, struct yd_error *err)
{
	const struct yd_report_opts *o = f->o;
	const struct yd_cat_item *it = yd_catalogue_find(&f->cat, (int64_t)best);
	struct yd_chart_opts co = {0};
	char name[300], vl[300];
	int rc;
	struct yd_buf h3 = YD_BUF_INIT; /* names of any length stay whole */
	fact_label(f, vl, sizeof vl, best);
	yd_buf_addf(&h3, "%s（%ld %s）", vl, flagged, TR(d, "件被标记", "flagged"));
	doc_h(d, 3, yd_buf_str(&h3));
	yd_buf_release(&h3);
	if (it)
		doc_p(d, "%s：%s", TR(d, "法律依据", "Legal basis"), it->basis);
	co.violation = best < f->nv ? f->codes[best] : NULL;
	co.year = f->year;
	co.agency = o->agency;
	co.cases = f->dc; /* the year's cases, loaded above */
	/* fines of several currencies are never drawn on one axis */
	char vcur[4];
	int ncur = 0;
	if ((rc = yd_db_violation_currency(f->db, (int32_t)best, vcur, &ncur, err)) < 0)
		return rc;
	if (ncur > 1) {
		doc_p(d, TR(d, "该违法行为的案件涉及 %d 种币种，罚款不在同一坐标轴上绘制。",
			     "The cases of this violation are in %d currencies: their fines are not drawn on one axis."),
		      ncur);
		co.violation = NULL;
	}
	co.kind = YD_CHART_BOX;
	snprintf(name, sizeof name, "box-%s", co.violation ? co.violation : "x");
	if (co.violation && (rc = doc_chart(d, f->db, &co, name, TR(d, "各地区罚款分布（按裁量阶次）", "Fines by region, per tier"), err)) < 0)
		return rc;
	co.kind = YD_CHART_HIST;
	snprintf(name, sizeof name, "hist-%s", co.violation ? co.violation : "x");
	if (co.violation && (rc = doc_chart(d, f->db, &co, name, TR(d, "罚款分布", "Distribution of fines"), err)) < 0)
		return rc;
	return 0;
}

/* 8. the most flagged violation types */
static int section_flagged_types(const struct facts *f, struct doc *d, struct yd_error *err)
{
	const struct counts *fx = &f->c;
	int rc = 0;
	doc_section(d, "问题最多的违法行为", "The most flagged violation types");
	long *flag = yd_xcalloc(fx->nv + 1, sizeof *flag);
	for (size_t v = 0; v < fx->nv; v++)
		for (int k = 0; k < YD_V_OK; k++)
			flag[v] += fx->byv[v][k];
	doc_p(d, "%s", TR(d, "箱线图每个裁量阶次一幅；方框为四分位，须线至 1.5 倍四分位距，方框上方的数字为件数；不足 5 件的地区只画出各案件的点。底色为法定幅度内的从轻、一般、从重区间，虚线为法定上下限。",
			    "One box plot per tier; boxes are quartiles, whiskers reach 1.5 IQR, the number above a box is its cases; a region with fewer than 5 cases is drawn as points. The shading is the lenient, general and severe bands inside the legal range, dashed lines the legal limits."));
	for (int t = 0; t < f->o->top_violations; t++) {
		size_t best = 0;
		for (size_t i = 1; i < fx->nv; i++)
			if (flag[i] > flag[best])
				best = i;
		if (!fx->nv || !flag[best])
			break;
		if ((rc = flagged_type(f, d, best, flag[best], err)) < 0)
			break;
		flag[best] = 0;
	}
	free(flag);
	return rc < 0 ? rc : 0;
}

/* the last: methods and thresholds */
/* Annex: 首违不罚, when a 免罚清单 was imported (report_exempt.c writes it
 * through the document as its sink; unnumbered, after the methods). */
static int section_exempt(const struct facts *f, struct doc *d, struct yd_error *err)
{
	struct yd_report_sink sink = {d, d->lang, sink_h, sink_p, sink_table, sink_row, sink_end};
	return yd_report_exempt(f->db, f->year, f->o->agency, &sink, err);
}

static int section_methods(const struct facts *f, struct doc *d, struct yd_error *err)
{
	(void)err;
	doc_section(d, "方法与阈值", "Methods and thresholds");
	doc_p(d, TR(d, "合法性：罚款与处罚事项目录中的法定幅度（倍数罚款按基数换算）比较；减轻处罚可低于下限，不予处罚罚款须为 0。裁量阶次：与目录中的从轻、一般、从重区间比较。",
		     "Legality: the fine against the catalogue's statutory range (multiples of the base for multiple items); mitigated decisions may go below the minimum, no-penalty decisions must have no fine. Tier: against the catalogue's lenient, general and severe bands."));
	doc_p(d, TR(d, "同类案件比较：同一违法行为与裁量阶次，依次在本地区、上级地区、全部地区中取至少 %d 件其他案件；以 ln(罚款) 的留一法中位数与稳健尺度（MAD 或 Qn，并按全部同类组的合并尺度收缩，小组不会因尺度偏小而被误标）计算每件案件的双侧 t 尾概率；在全部 %ld 件比较案件上以 Benjamini–Hochberg 方法把错误发现率控制在 %g，且罚款至少为可比案例中位数的 %.1f 倍（或至多 1/%.1f）、同样偏离的可比案例不超过 5%%，才判为畸重或畸轻。",
		     "Peers: same violation and tier, in the own region, then the county, then everywhere, with at least %d other cases; each case's two-sided t tail probability of ln(fine) against the leave-one-out median, with a robust scale (MAD or Qn) moderated toward the run's pooled scale so that a small group's narrow scale cannot flag a case; over- or under-penalized only at a false discovery rate of %ld compared cases held at %g (Benjamini-Hochberg), at least %.1fx (or at most 1/%.1f) the peers' median, and with at most 5%% of the peers as far out."),
	      f->led.min_peers, f->led.tested, f->led.fdr, f->led.ratio, f->led.ratio);
	doc_p(d, TR(d, "地区差异：在每个违法行为与裁量阶次内，以稳健回归同时估计各地区的效应与案件构成（当事人类型、年度、有基数时的 ln(基数)）的影响；每件案件的位置为 ln(罚款) 减去同类案件（同一构成）的通常水平，地区指数为其 10%% 截尾均值减去各地区的中位水平，以 exp(指数) − 1 的百分数表示，附 %zu 次自助抽样 95%% 区间，并按经验贝叶斯向 0 收缩（τ²/(τ² + se²)）用于排序；漏斗控制限为 ±z·sqrt(σ²/n + τ²)（Spiegelhalter 2005，τ² 由 z 的绝对值中位数估计，偏离的地区不能放宽自己的控制限），超出 99.8%% 控制限且差异至少 %.0f%% 时判为偏严或偏宽，95%% 区间在 ±%.0f%% 之内为正常，其余为不确定，不足 %d 件为案例过少。详见 docs/METHODS.md。",
		     "Regional disparity: within each violation and tier, a robust fit of the regions' effects together with the case mix (party type, year, ln(base) where recorded); each case's position is ln(fine) less the usual level for its kind of case, a region's index the 10%% trimmed mean of its positions less the typical region's, shown as exp(index) - 1 in percent with a %zu-resample bootstrap 95%% interval, and shrunk toward 0 by empirical Bayes (tau^2 / (tau^2 + se^2)) for the order; funnel limits +-z sqrt(sigma^2/n + tau^2) (Spiegelhalter 2005, tau^2 from the median |z|, so that biased regions cannot widen their own limits); harsh or lenient when outside the 99.8%% limit and at least %.0f %% off, in line when the 95%% interval lies within +-%.0f %%, uncertain otherwise, too few under %d cases. See docs/METHODS.md."),
	      f->dopt.boot, f->dopt.min_effect, f->dopt.material, f->dopt.min_cases);
	doc_p(d, TR(d, "摘要的数字：罚款合计为评判案件罚款之和；超出上限的部分为每件高于法定上限的罚款减去其上限（不予处罚案件的上限为 0）；与上一年相比的案件与罚款为导入的全部案件。",
		     "The summary's figures: fines in total is the sum over the judged decisions; the part above the maximum is each fine above the legal maximum less that maximum (0 for a no-penalty decision); the change from the year before counts every imported case."));
	return 0;
}

/* The sections in order.  A section writes nothing when it has nothing
 * to say; its level-2 heading (doc_section) numbers itself, so adding a
 * section is one row here. */
static const struct section {
	int (*write)(const struct facts *f, struct doc *d, struct yd_error *err);
	const char *phase; /* told to the progress callback as it begins; NULL: none */
	int step;
} sections[] = {
    {section_title, NULL, 0},
    {section_summary, NULL, 0},
    {section_verdicts, NULL, 0},
    {section_findings, NULL, 0},
    {section_change, NULL, 0},
    {section_agencies, NULL, 0},
    {section_quality, NULL, 0},
    {section_illegal, "the listed decisions", 3},
    {section_outliers, NULL, 0},
    {section_regions, "charts", 4},
    {section_region_tests, NULL, 0},
    {section_years, NULL, 0},
    {section_versions, NULL, 0},
    {section_flagged_types, "the most flagged violations", 5},
    {section_review, NULL, 0},
    {section_review_overdue, NULL, 0},
    {section_review_rules, NULL, 0},
    {section_methods, NULL, 0},
    {section_exempt, NULL, 0},
};

int yd_report(struct yd_db *db, const struct yd_report_opts *o, struct yd_report_info *info, struct yd_error *err)
{
	struct doc d = {YD_BUF_INIT, YD_BUF_INIT, o->lang, o->dir, 0, 0, 0, 0, NULL, 0, 0};
	struct facts f;
	struct stage stage = {{0}, 0, 0};
	char path[1024];
	int rc;

	memset(&f, 0, sizeof f);
	memset(info, 0, sizeof *info);
	if ((rc = check_out_parent(o->dir, err)) < 0)
		return rc;
	/* one snapshot for the whole report: an import or analysis running
	 * meanwhile cannot mix two states into it */
	if ((rc = yd_db_read_begin(db, err)) < 0)
		return rc;
	if ((rc = facts_load(&f, db, o, info, err)) < 0 || (rc = stage_open(&stage, o->dir, err)) < 0)
		goto out;
	d.dir = stage.dir;
	for (size_t i = 0; i < sizeof sections / sizeof *sections; i++) {
		if (sections[i].phase)
			report_phase(o, sections[i].phase, sections[i].step);
		if ((rc = sections[i].write(&f, &d, err)) < 0)
			goto out;
	}

	yd_buf_addstr(&d.html, "</body></html>\n");
	report_phase(o, "writing", 6);
	if ((rc = doc_charts(&d, err)) < 0)
		goto out;
	if (o->html) {
		snprintf(path, sizeof path, "%s/report.html", stage.dir);
		if ((rc = write_file(path, &d.html, err)) < 0)
			goto out;
		snprintf(info->html, sizeof info->html, "%s/report.html", o->dir);
	}
	if (o->md) {
		snprintf(path, sizeof path, "%s/report.md", stage.dir);
		if ((rc = write_file(path, &d.md, err)) < 0)
			goto out;
		snprintf(info->md, sizeof info->md, "%s/report.md", o->dir);
	}
	rc = stage_close(&stage, o->dir, 1, err);
out:
	for (size_t i = 0; i < d.ncharts; i++) /* after a failure: none left drawing */
		yd_chart_finish(d.charts[i].job, NULL);
	if (rc < 0) {
		stage_unname(&stage, o->dir, err);
		stage_close(&stage, o->dir, 0, NULL);
	}
	yd_db_read_end(db);
	free(d.charts);
	yd_buf_release(&d.html);
	yd_buf_release(&d.md);
	facts_release(&f);
	return rc;
}
