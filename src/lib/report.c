#include "youdu/report.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "youdu/analyze.h"
#include "youdu/buf.h"
#include "youdu/catalogue.h"
#include "youdu/chart.h"
#include "youdu/db_analysis.h"
#include "youdu/disparity.h"
#include "youdu/out.h"

/* ---- a document written as HTML and Markdown at once ---- */

struct doc {
	struct yd_buf html, md;
	enum yd_lang lang;
	const char *dir;
	int ncols;    /* columns of the open table */
	int sections; /* level-2 headings so far: their anchors are s1, s2... */
};

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

static void doc_row(struct doc *d, const char *const *cells)
{
	yd_buf_addstr(&d->html, "<tr>");
	yd_buf_addch(&d->md, '|');
	for (int i = 0; i < d->ncols; i++) {
		yd_buf_addstr(&d->html, "<td>");
		html_text(&d->html, cells[i]);
		yd_buf_addstr(&d->html, "</td>");
		yd_buf_addch(&d->md, ' ');
		md_text(&d->md, cells[i]);
		yd_buf_addstr(&d->md, " |");
	}
	yd_buf_addstr(&d->html, "</tr>\n");
	yd_buf_addch(&d->md, '\n');
}

static void doc_table(struct doc *d, int ncols, const char *const *head)
{
	d->ncols = ncols;
	yd_buf_addstr(&d->html, "<table>\n<thead><tr>");
	yd_buf_addch(&d->md, '|');
	for (int i = 0; i < ncols; i++) {
		yd_buf_addstr(&d->html, "<th>");
		html_text(&d->html, head[i]);
		yd_buf_addstr(&d->html, "</th>");
		yd_buf_addch(&d->md, ' ');
		md_text(&d->md, head[i]);
		yd_buf_addstr(&d->md, " |");
	}
	yd_buf_addstr(&d->html, "</tr></thead>\n<tbody>\n");
	yd_buf_addstr(&d->md, "\n|");
	for (int i = 0; i < ncols; i++)
		yd_buf_addstr(&d->md, "---|");
	yd_buf_addch(&d->md, '\n');
}

static void doc_table_end(struct doc *d)
{
	yd_buf_addstr(&d->html, "</tbody></table>\n");
	yd_buf_addch(&d->md, '\n');
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
	int rc = yd_chart(db, co, err);
	if (rc == YD_ESTATE) { /* nothing to draw: say so instead of failing the report */
		doc_p(d, "%s: %s", alt, TR(d, "数据不足，未绘制", "not enough data to draw"));
		return 0;
	}
	if (rc < 0)
		return rc;
	FILE *f = fopen(path, "rb");
	if (!f)
		return yd_error_set(err, YD_EIO, "%s: %s", path, strerror(errno));
	struct yd_buf png = YD_BUF_INIT;
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		yd_buf_add(&png, chunk, k);
	fclose(f);
	yd_buf_addstr(&d->html, "<figure><img alt=\"");
	html_text(&d->html, alt);
	yd_buf_addstr(&d->html, "\" src=\"data:image/png;base64,");
	base64(&d->html, (const unsigned char *)png.s, png.len);
	yd_buf_addstr(&d->html, "\"><figcaption>");
	html_text(&d->html, alt);
	yd_buf_addstr(&d->html, "</figcaption></figure>\n");
	yd_buf_addf(&d->md, "![%s](%s)\n\n", alt, rel);
	yd_buf_release(&png);
	return 0;
}

/* ---- content ---- */

struct case_list {
	struct doc *d;
	struct yd_catalogue *cat;
	struct yd_buf reason;
	long n;
};

static int list_case(void *data, const struct yd_judged_row *row)
{
	struct case_list *c = data;
	char date[16], fine[48];

	yd_buf_reset(&c->reason);
	yd_judged_reason(&c->reason, c->d->lang, c->cat, row);
	yd_fmt_date(date, sizeof date, row->date);
	yd_fmt_yuan(fine, sizeof fine, row->fine);
	const char *verdict = c->d->lang == YD_LANG_ZH ? yd_verdict_zh((enum yd_verdict)row->r.verdict)
						       : yd_verdict_name((enum yd_verdict)row->r.verdict);
	const char *cells[] = {row->case_id, row->violation_code, row->region, date, fine, verdict, yd_buf_str(&c->reason)};
	doc_row(c->d, cells);
	c->n++;
	return 0;
}

/* Verdict counts of the report's scope (one year, or the whole run), and
 * flagged cases per violation id, in one pass over the results. */
struct scope_counts {
	long counts[YD_V_COUNT];
	long n;
	long *by_code; /* flagged count per violation id, nby of them */
	size_t nby;
};

static int count_verdict(void *data, const struct yd_judged_row *row)
{
	struct scope_counts *s = data;
	if (row->r.verdict >= 0 && row->r.verdict < YD_V_COUNT)
		s->counts[row->r.verdict]++;
	if (YD_VERDICT_FLAGGED(row->r.verdict) && (size_t)row->violation_id < s->nby)
		s->by_code[row->violation_id]++;
	s->n++;
	return 0;
}

struct rows_ctx {
	struct doc *d;
	long n;
	char direction[64]; /* of the trend series */
	double slope, lo, hi;
};

static int region_table_row(void *data, const struct yd_region_row *r)
{
	struct rows_ctx *c = data;
	char n[32], h[32], lo[32], hi[32], ci[80];
	snprintf(n, sizeof n, "%ld", r->n);
	yd_region_fmt_effect(h, sizeof h, r->index);
	yd_region_fmt_effect(lo, sizeof lo, r->ci_low);
	yd_region_fmt_effect(hi, sizeof hi, r->ci_high);
	snprintf(ci, sizeof ci, "[%s, %s]", lo, hi);
	const char *label = c->d->lang == YD_LANG_ZH ? yd_region_label_zh(r->label) : yd_region_label_name(r->label);
	const char *cells[] = {r->region, n, h, ci, label, r->top};
	doc_row(c->d, cells);
	c->n++;
	return 0;
}

static int kw_table_row(void *data, const struct yd_kw_row *r)
{
	struct rows_ctx *c = data;
	char n[32], k[16], h[32], p[32], q[32], e[32], v[256];
	if (!r->testable)
		return 0;
	snprintf(v, sizeof v, "%s%s%s", r->violation_code, *r->violation_name ? " " : "", r->violation_name);
	snprintf(n, sizeof n, "%ld", r->n);
	snprintf(k, sizeof k, "%d", r->regions);
	yd_fmt_num(h, sizeof h, r->h, 2);
	yd_fmt_num(p, sizeof p, r->p, 4);
	yd_fmt_num(q, sizeof q, r->q, 4);
	yd_fmt_num(e, sizeof e, r->epsilon2, 3);
	const char *cells[] = {v, n, k, h, p, q, e, r->highest, r->lowest};
	doc_row(c->d, cells);
	c->n++;
	return 0;
}

static int trend_table_row(void *data, const struct yd_trend_row *r)
{
	struct rows_ctx *c = data;
	char y[16], n[32], m[32], disp[32], fl[32], mn[32], soft[32];
	if (*r->violation_code)
		return 0;
	snprintf(y, sizeof y, "%d", r->year);
	snprintf(n, sizeof n, "%ld", r->n);
	yd_fmt_num(m, sizeof m, r->median_fine, 0);
	yd_fmt_num(disp, sizeof disp, r->dispersion, 3);
	yd_fmt_num(fl, sizeof fl, 100 * r->share_flagged, 1);
	yd_fmt_num(mn, sizeof mn, 100 * r->share_at_min, 1);
	yd_fmt_num(soft, sizeof soft, 100 * r->share_mitigated_none, 1);
	const char *cells[] = {y, n, m, disp, fl, mn, soft};
	doc_row(c->d, cells);
	c->n++;
	snprintf(c->direction, sizeof c->direction, "%s", r->direction);
	c->slope = r->slope, c->lo = r->slope_low, c->hi = r->slope_high;
	return 0;
}

static const char css[] =
    "body{font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;max-width:1000px;margin:2em auto;"
    "padding:0 1em;color:#222;line-height:1.5}h1{border-bottom:3px solid #4472c4}h2{border-bottom:1px solid #ccc;"
    "margin-top:2em;page-break-before:auto}table{border-collapse:collapse;width:100%;font-size:.85em;margin:1em 0}"
    "th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}th{background:#eef2fa}"
    "figure{margin:1em 0;text-align:center}img{max-width:100%}figcaption{font-size:.85em;color:#555}"
    ".big{font-size:1.3em;font-weight:bold}@media print{h2{page-break-before:always}figure,table{page-break-inside:avoid}}";

/* mkdir -p: creates path and its missing parents. */
static int make_dirs(const char *path, struct yd_error *err)
{
	char buf[1024];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *p = buf + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(buf, 0777) < 0 && errno != EEXIST)
			return yd_error_set(err, YD_EIO, "%s: %s", buf, strerror(errno));
		*p = c;
		if (!c)
			return 0;
	}
}

/* The report's files are complete or not there: the previous report stays
 * whole until the new one is written (out.c). */
static int write_file(const char *path, const struct yd_buf *b, struct yd_error *err)
{
	return yd_out_write_file(path, b->s ? b->s : "", b->len, err);
}

int yd_report(struct yd_db *db, const struct yd_report_opts *o, char *html_path, size_t hsz, char *md_path,
	      size_t msz, struct yd_error *err)
{
	struct doc d = {YD_BUF_INIT, YD_BUF_INIT, o->lang, o->dir, 0, 0};
	struct yd_catalogue cat = {0};
	struct yd_ledger led;
	struct case_list cl;
	struct scope_counts sc;
	struct yd_case_filter f = {0};
	struct yd_disp_opts dopt = YD_DISP_OPTS_DEFAULT;
	struct yd_chart_opts co = {0};
	char path[1024], title[256];
	int64_t nrejects = 0, ncases = 0;
	int rc;

	memset(&cl, 0, sizeof cl);
	memset(&sc, 0, sizeof sc);
	/* one snapshot for the whole report: an import or analysis running
	 * meanwhile cannot mix two states into it */
	if ((rc = yd_db_read_begin(db, err)) < 0)
		return rc;
	if ((rc = yd_ledger_load(db, &led, err)) < 0 || (rc = yd_catalogue_load(db, &cat, err)) < 0 ||
	    (rc = yd_db_count(db, "rejects", &nrejects, err)) < 0 || (rc = yd_db_count(db, "cases", &ncases, err)) < 0)
		goto out;
	snprintf(path, sizeof path, "%s/img", o->dir);
	if ((rc = make_dirs(path, err)) < 0)
		goto out;
	if (o->year)
		snprintf(title, sizeof title, "%d %s", o->year, TR(&d, "年度行政处罚裁量风险报告", "annual report on discretion risk in administrative penalties"));
	else
		snprintf(title, sizeof title, "%s", TR(&d, "行政处罚裁量风险报告", "Report on discretion risk in administrative penalties"));

	yd_buf_addf(&d.html, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>", TR(&d, "zh-CN", "en"));
	html_text(&d.html, title);
	yd_buf_addf(&d.html, "</title><style>%s</style></head><body>\n", css);
	doc_h(&d, 1, title);
	doc_p(&d, "%s %s · youdu %s", TR(&d, "生成日期", "Generated"), o->date, TR(&d, "有度", "(有度)"));

	/* the report's scope: one year of the run, or all of it */
	for (size_t i = 0; i < cat.n; i++)
		if ((size_t)cat.items[i].violation_id + 1 > sc.nby)
			sc.nby = (size_t)cat.items[i].violation_id + 1;
	sc.by_code = yd_xcalloc(sc.nby + 1, sizeof *sc.by_code);
	f.verdicts = (1u << YD_V_COUNT) - 1;
	f.year = o->year;
	if ((rc = yd_db_judged_each(db, &f, count_verdict, &sc, err)) < 0)
		goto out;
	led.outside_year += led.judged - sc.n;
	led.judged = sc.n;
	memcpy(led.counts, sc.counts, sizeof led.counts);

	/* 1. scope and inclusion ledger */
	doc_h(&d, 2, TR(&d, "一、范围与纳入情况", "1. Scope and inclusion ledger"));
	{
		char a[32], b[32], c[32], e[32], g[32], h[32];
		snprintf(a, sizeof a, "%lld", (long long)(ncases + nrejects));
		snprintf(b, sizeof b, "%lld", (long long)nrejects);
		snprintf(c, sizeof c, "%ld", led.outside_year);
		snprintf(e, sizeof e, "%ld", led.judged);
		snprintf(g, sizeof g, "%ld", led.no_catalogue);
		snprintf(h, sizeof h, "%ld", led.no_base);
		const char *head[] = {TR(&d, "项目", "item"), TR(&d, "件数", "cases")};
		doc_table(&d, 2, head);
		const char *r1[] = {TR(&d, "读入（导入 + 拒收，全部年度）", "read (imported + rejected, all years)"), a};
		const char *r2[] = {TR(&d, "拒收（格式错误等，见 youdu rejects；全部年度）", "rejected (unreadable rows, all years; see youdu rejects)"), b};
		const char *r3[] = {TR(&d, "不在本报告年度", "outside the report's year"), c};
		const char *r4[] = {TR(&d, "纳入评判", "judged"), e};
		const char *r5[] = {TR(&d, "其中无法判断合法性：事项不在裁量基准目录", "of which legality not checked: not in the catalogue"), g};
		const char *r6[] = {TR(&d, "其中无法判断合法性：倍数罚款缺少基数", "of which legality not checked: multiple item without base"), h};
		doc_row(&d, r1);
		doc_row(&d, r2);
		doc_row(&d, r3);
		doc_row(&d, r4);
		doc_row(&d, r5);
		doc_row(&d, r6);
		doc_table_end(&d);
	}

	/* 2. headline figures */
	doc_h(&d, 2, TR(&d, "二、主要数据", "2. Headline figures"));
	{
		long flagged = 0;
		for (int v = 0; v < YD_V_OK; v++)
			flagged += led.counts[v];
		doc_p(&d, TR(&d, "共评判 %ld 件，其中 %ld 件（%.1f%%）需要复核。", "%ld cases judged; %ld (%.1f%%) need a second look."),
		      led.judged, flagged, led.judged ? 100.0 * (double)flagged / (double)led.judged : 0.0);
		const char *head[] = {TR(&d, "结论", "verdict"), TR(&d, "件数", "cases"), TR(&d, "比例", "share")};
		doc_table(&d, 3, head);
		for (int v = 0; v < YD_V_COUNT; v++) {
			char n[32], s[32];
			snprintf(n, sizeof n, "%ld", led.counts[v]);
			snprintf(s, sizeof s, "%.2f%%", led.judged ? 100.0 * (double)led.counts[v] / (double)led.judged : 0.0);
			const char *cells[] = {TR(&d, yd_verdict_zh((enum yd_verdict)v), yd_verdict_name((enum yd_verdict)v)), n, s};
			doc_row(&d, cells);
		}
		doc_table_end(&d);
	}

	/* 3. illegal and tier cases, in full */
	const char *case_head[] = {TR(&d, "决定书文号", "case"), TR(&d, "违法行为", "violation"), TR(&d, "地区", "region"),
				   TR(&d, "决定日期", "date"), TR(&d, "罚款（元）", "fine (yuan)"), TR(&d, "结论", "verdict"),
				   TR(&d, "理由", "reason")};
	cl.d = &d;
	cl.cat = &cat;
	doc_h(&d, 2, TR(&d, "三、违法与超出裁量阶次的决定（全部）", "3. Illegal decisions and decisions outside their tier (all)"));
	doc_table(&d, 7, case_head);
	f.verdicts = 1u << YD_V_ABOVE_LEGAL_MAX | 1u << YD_V_BELOW_LEGAL_MIN | 1u << YD_V_ABOVE_TIER | 1u << YD_V_BELOW_TIER;
	if ((rc = yd_db_judged_each(db, &f, list_case, &cl, err)) < 0)
		goto out;
	doc_table_end(&d);

	/* 4. statistical outliers */
	doc_h(&d, 2, TR(&d, "四、明显偏离同类案件的决定（畸重、畸轻）", "4. Statistical outliers (over- and under-penalized)"));
	f.verdicts = 1u << YD_V_OVER | 1u << YD_V_UNDER;
	f.limit = o->top_outliers;
	doc_p(&d, TR(&d, "按偏离程度排列，最多列出 %d 件；完整清单见 youdu audit。", "Farthest out first, at most %d; the full list is youdu audit."),
	      o->top_outliers);
	doc_table(&d, 7, case_head);
	if ((rc = yd_db_judged_each(db, &f, list_case, &cl, err)) < 0)
		goto out;
	doc_table_end(&d);

	/* 5. regional disparity */
	doc_h(&d, 2, TR(&d, "五、地区差异（同案不同罚）", "5. Regional disparity"));
	dopt.year = o->year;
	co.year = o->year;
	doc_p(&d, TR(&d, "怎么读：每个地区的百分数是它的罚款比其他地区同一违法行为、同一裁量阶次的通常罚款高（+）或低（−）多少，例如 +22 %% 即通常多罚约 22 %%；漏斗图中每个点是一个地区，两条实线是仅凭偶然所能偏离的范围（案件越少范围越宽），只有点落在实线之外且差异至少 %.0f %% 时才判为偏严或偏宽。",
		     "How to read it: a region's percentage is how much higher (+) or lower (-) its fines typically are than the usual fine for the same violation and tier in the other regions (+22 %% means about 22 %% more); in the funnel plot each dot is a region and the solid curves show how far chance alone can take a region of that size (wider for fewer cases), so a region is called harsh or lenient only when its dot lies outside them and the difference is at least %.0f %%."),
	      dopt.min_effect);
	co.kind = YD_CHART_HARSHNESS;
	if ((rc = doc_chart(&d, db, &co, "harshness", TR(&d, "各地区罚款相对其他地区", "Each region's fines against other regions"), err)) < 0)
		goto out;
	co.kind = YD_CHART_FUNNEL;
	if ((rc = doc_chart(&d, db, &co, "funnel", TR(&d, "漏斗图", "Funnel plot"), err)) < 0)
		goto out;
	{
		struct rows_ctx rc2 = {&d, 0, "", 0, 0, 0};
		const char *head[] = {TR(&d, "地区", "region"), TR(&d, "件数", "n"), TR(&d, "相对其他地区", "vs other regions"),
				      TR(&d, "95% 区间", "95% interval"), TR(&d, "判断", "label"),
				      TR(&d, "主要违法行为（该类罚款相对其他地区，件数）", "main violation types (their fines vs other regions, cases)")};
		doc_table(&d, 6, head);
		if ((rc = yd_regions(db, &dopt, region_table_row, &rc2, err)) < 0)
			goto out;
		doc_table_end(&d);
		struct rows_ctx rc3 = {&d, 0, "", 0, 0, 0};
		const char *kh[] = {TR(&d, "违法行为", "violation"), "n", TR(&d, "地区数", "regions"), "H", "p",
				    TR(&d, "q（BH 校正）", "q (BH)"), "ε²", TR(&d, "最严地区", "harshest region"),
				    TR(&d, "最宽地区", "most lenient region")};
		doc_p(&d, "%s", TR(&d, "各违法行为的 Kruskal–Wallis 检验（按 q 值排序，仅列可检验者）：",
				    "Kruskal-Wallis test per violation type (by q; testable types only):"));
		doc_table(&d, 9, kh);
		if ((rc = yd_disparity(db, &dopt, kw_table_row, &rc3, err)) < 0)
			goto out;
		doc_table_end(&d);
	}

	/* 6. consistency over the years */
	doc_h(&d, 2, TR(&d, "六、历年一致性", "6. Consistency over the years"));
	co.kind = YD_CHART_TREND;
	co.year = 0;
	if ((rc = doc_chart(&d, db, &co, "trend", TR(&d, "离散度与被标记比例", "Dispersion and share flagged"), err)) < 0)
		goto out;
	{
		struct rows_ctx rc4 = {&d, 0, "", 0, 0, 0};
		struct yd_disp_opts all = YD_DISP_OPTS_DEFAULT;
		const char *head[] = {TR(&d, "年度", "year"), TR(&d, "件数", "n"), TR(&d, "罚款中位数（元）", "median fine (yuan)"),
				      TR(&d, "离散度", "dispersion"), TR(&d, "被标记 %", "flagged %"),
				      TR(&d, "恰为法定下限 %", "at legal minimum %"), TR(&d, "减轻/不予处罚 %", "mitigated/none %")};
		doc_table(&d, 7, head);
		if ((rc = yd_trends(db, &all, trend_table_row, &rc4, err)) < 0)
			goto out;
		doc_table_end(&d);
		static const struct {
			const char *en, *zh;
		} dirs[] = {{"fell", "离散度逐年下降，执法尺度趋于一致"}, {"rose", "离散度逐年上升，执法尺度趋于分散"},
			    {"no clear change", "离散度无明显变化"}, {"too few years", "年份不足，无法判断趋势"}};
		for (size_t k = 0; k < sizeof dirs / sizeof *dirs; k++)
			if (strcmp(rc4.direction, dirs[k].en) == 0)
				doc_p(&d, TR(&d, "%s（离散度年变化 %.4f，95%% 区间 [%.4f, %.4f]）。", "Dispersion: %s (%.4f per year, 95%% interval [%.4f, %.4f])."),
				      TR(&d, dirs[k].zh, dirs[k].en), rc4.slope, rc4.lo, rc4.hi);
	}

	/* 7. the most flagged violation types */
	doc_h(&d, 2, TR(&d, "七、问题最多的违法行为", "7. The most flagged violation types"));
	{
		for (int t = 0; t < o->top_violations && sc.nby; t++) {
			size_t best = 0;
			for (size_t i = 1; i < sc.nby; i++)
				if (sc.by_code[i] > sc.by_code[best])
					best = i;
			if (!sc.by_code[best])
				break;
			const struct yd_cat_item *it = yd_catalogue_find(&cat, (int64_t)best);
			char name[300];
			struct yd_buf h3 = YD_BUF_INIT; /* names of any length stay whole */
			yd_buf_addf(&h3, "%s %s（%ld %s）", it ? it->code : "?", it ? it->name : "", sc.by_code[best],
				    TR(&d, "件被标记", "flagged"));
			doc_h(&d, 3, yd_buf_str(&h3));
			yd_buf_release(&h3);
			if (it)
				doc_p(&d, "%s：%s", TR(&d, "法律依据", "Legal basis"), it->basis);
			co.violation = it ? it->code : NULL;
			co.year = o->year;
			co.kind = YD_CHART_BOX;
			snprintf(name, sizeof name, "box-%s", it ? it->code : "x");
			if (co.violation && (rc = doc_chart(&d, db, &co, name, TR(&d, "各地区罚款分布", "Fines by region"), err)) < 0)
				goto out;
			co.kind = YD_CHART_HIST;
			snprintf(name, sizeof name, "hist-%s", it ? it->code : "x");
			if (co.violation && (rc = doc_chart(&d, db, &co, name, TR(&d, "罚款分布", "Distribution of fines"), err)) < 0)
				goto out;
			sc.by_code[best] = 0;
		}
	}

	/* 8. methods and thresholds */
	doc_h(&d, 2, TR(&d, "八、方法与阈值", "8. Methods and thresholds"));
	doc_p(&d, TR(&d, "合法性：罚款与处罚事项目录中的法定幅度（倍数罚款按基数换算）比较；减轻处罚可低于下限，不予处罚罚款须为 0。裁量阶次：与目录中的从轻、一般、从重区间比较。",
		     "Legality: the fine against the catalogue's statutory range (multiples of the base for multiple items); mitigated decisions may go below the minimum, no-penalty decisions must have no fine. Tier: against the catalogue's lenient, general and severe bands."));
	doc_p(&d, TR(&d, "同类案件比较：同一违法行为与裁量阶次，依次在本地区、上级地区、全部地区中取至少 %d 件其他案件；以 ln(罚款) 的留一法中位数与 MAD 计算稳健 z，|z| > %.1f 为畸重或畸轻；罚款集中于少数金额时依次改用 Qn 与 %.1f 倍规则。",
		     "Peers: same violation and tier, in the own region, then the county, then everywhere, with at least %d other cases; a robust z of ln(fine) with leave-one-out median and MAD; |z| > %.1f is an outlier; when fines are heaped, Qn and then a %.1fx ratio rule."),
	      led.min_peers, led.threshold, led.ratio);
	doc_p(&d, TR(&d, "地区差异：每件案件的 d = ln(罚款) − 其他所有地区同一违法行为、同一裁量阶次 ln(罚款) 的中位数；地区指数为 d 的 10%% 截尾均值减去各地区的中位水平，以 exp(指数) − 1 的百分数表示，附 %zu 次自助抽样 95%% 区间；漏斗控制限为 ±z·sqrt(σ²/n + τ²)（Spiegelhalter 2005，τ² 由缩尾 z 分数估计），超出 99.8%% 控制限且差异至少 %.0f %% 时判为偏严或偏宽，不足 %d 件为案例过少。详见 docs/METHODS.md。",
		     "Regional disparity: each case's d = ln(fine) - the median ln(fine) of the same violation and tier in all other regions; a region's index is the 10%% trimmed mean of its d less the typical region's, shown as exp(index) - 1 in percent with a %zu-resample bootstrap 95%% interval; funnel limits +-z sqrt(sigma^2/n + tau^2) (Spiegelhalter 2005, tau^2 from winsorised z-scores); harsh or lenient when outside the 99.8%% limit and at least %.0f %% off, too few under %d cases. See docs/METHODS.md."),
	      dopt.boot, dopt.min_effect, dopt.min_cases);

	yd_buf_addstr(&d.html, "</body></html>\n");
	if (o->html) {
		snprintf(path, sizeof path, "%s/report.html", o->dir);
		if ((rc = write_file(path, &d.html, err)) < 0)
			goto out;
		if (html_path)
			snprintf(html_path, hsz, "%s", path);
	}
	if (o->md) {
		snprintf(path, sizeof path, "%s/report.md", o->dir);
		if ((rc = write_file(path, &d.md, err)) < 0)
			goto out;
		if (md_path)
			snprintf(md_path, msz, "%s", path);
	}
out:
	yd_db_read_end(db);
	yd_buf_release(&d.html);
	yd_buf_release(&d.md);
	yd_buf_release(&cl.reason);
	free(sc.by_code);
	yd_catalogue_release(&cat);
	return rc;
}
