#include "youdu/chart.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "youdu/alloc.h"
#include "youdu/analyze.h"
#include "youdu/buf.h"
#include "youdu/catalogue.h"
#include "youdu/db_analysis.h"
#include "youdu/db_catalogue.h"
#include "youdu/money.h"
#include "youdu/db_report.h"
#include "youdu/disparity.h"
#include "youdu/funnel.h"
#include "youdu/out.h"
#include "youdu/stats.h"

static const char *const kind_names[YD_CHART_COUNT] = {"box", "hist", "scatter", "funnel", "trend", "harshness"};

const char *yd_chart_kind_name(enum yd_chart_kind k)
{
	return (unsigned)k < YD_CHART_COUNT ? kind_names[k] : "";
}

int yd_chart_kind_parse(const char *s, enum yd_chart_kind *k)
{
	for (int i = 0; i < YD_CHART_COUNT; i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*k = (enum yd_chart_kind)i;
			return 0;
		}
	return -1;
}

int yd_chart_needs_violation(enum yd_chart_kind k)
{
	return k == YD_CHART_BOX || k == YD_CHART_HIST || k == YD_CHART_SCATTER;
}

const char *yd_chart_cjk_font(void)
{
	static const struct {
		const char *file, *family;
	} fonts[] = {
	    {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"},
	    {"/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"},
	    {"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "WenQuanYi Micro Hei"},
	    {"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "WenQuanYi Zen Hei"},
	};
	for (size_t i = 0; i < sizeof fonts / sizeof *fonts; i++)
		if (access(fonts[i].file, R_OK) == 0)
			return fonts[i].family;
	return NULL;
}

/* Appends s as a gnuplot single-quoted string ('' stands for '). */
static void gp_str(struct yd_buf *b, const char *s)
{
	struct yd_buf m = YD_BUF_INIT;
	yd_buf_markup(&m, s); /* an SVG stays well-formed XML (issue 26.6) */
	yd_buf_addch(b, '\'');
	for (const char *p = yd_buf_str(&m); *p; p++) {
		if (*p == '\'')
			yd_buf_addch(b, '\'');
		yd_buf_addch(b, *p);
	}
	yd_buf_addch(b, '\'');
	yd_buf_release(&m);
}

/* Appends s as a double-quoted data field (no quotes, newlines or spaces inside). */
static void gp_field(struct yd_buf *b, const char *s)
{
	struct yd_buf m = YD_BUF_INIT;
	yd_buf_markup(&m, s); /* control characters: U+FFFD, never raw in an SVG */
	yd_buf_addch(b, '"');
	for (const char *p = yd_buf_str(&m); *p; p++)
		yd_buf_addch(b, *p == '"' ? '\'' : *p);
	yd_buf_addch(b, '"');
	yd_buf_release(&m);
}

/* One gnuplot at work on one chart (yd_chart_start .. yd_chart_finish).
 * The script goes down the pipe from a thread of its own, so that the
 * caller goes on while gnuplot reads and draws; gnuplot's messages go to
 * a temporary file so a long script can never block on a full pipe. */
struct yd_chart_job {
	struct yd_buf script;
	char tmp[4200], out[4200]; /* the picture being written, and its name */
	pid_t pid;
	int fd;                    /* the pipe's write end */
	FILE *log;
	pthread_t feeder;
	int feeding;               /* 1: the feeder thread runs */
};

/* Writes the whole script down the pipe and closes it.  gnuplot may be
 * gone before the script is written (not installed, or failed): the write
 * must get EPIPE, not kill youdu with SIGPIPE, so SIGPIPE is blocked in
 * this thread and a pending one taken back; gnuplot's status says why. */
static void *feed(void *arg)
{
	struct yd_chart_job *j = arg;
	sigset_t pipe_set, old_set;
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
	size_t off = 0;
	int broken = 0;
	while (off < j->script.len) {
		ssize_t w = write(j->fd, j->script.s + off, j->script.len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			broken = w < 0 && errno == EPIPE;
			break;
		}
		off += (size_t)w;
	}
	close(j->fd);
	if (broken) {
		struct timespec now = {0, 0};
		while (sigtimedwait(&pipe_set, NULL, &now) == SIGPIPE)
			;
	}
	pthread_sigmask(SIG_SETMASK, &old_set, NULL);
	return NULL;
}

/* Starts gnuplot on j->script. */
static int spawn_gnuplot(struct yd_chart_job *j, struct yd_error *err)
{
	int in[2];
	if (!(j->log = tmpfile()))
		return yd_error_set(err, YD_EIO, "chart: cannot create a temporary file: %s", strerror(errno));
	if (pipe(in) < 0)
		return yd_error_set(err, YD_EIO, "chart: pipe: %s", strerror(errno));
	/* neither end may leak into the next chart's gnuplot, or this one
	 * would not see the end of its script while that one runs */
	fcntl(in[0], F_SETFD, FD_CLOEXEC);
	fcntl(in[1], F_SETFD, FD_CLOEXEC);
	j->pid = fork();
	if (j->pid < 0) {
		close(in[0]);
		close(in[1]);
		return yd_error_set(err, YD_EIO, "chart: fork: %s", strerror(errno));
	}
	if (j->pid == 0) {
		char *const argv[] = {(char *)(uintptr_t) "gnuplot", NULL};
		dup2(in[0], STDIN_FILENO);
		/* only its messages: when "set output" fails gnuplot writes the
		 * picture to stdout, which must never become an error message */
		int devnull = open("/dev/null", O_WRONLY);
		dup2(fileno(j->log), STDERR_FILENO);
		dup2(devnull >= 0 ? devnull : fileno(j->log), STDOUT_FILENO);
		close(in[0]);
		close(in[1]);
		execvp("gnuplot", argv);
		_exit(127);
	}
	close(in[0]);
	j->fd = in[1];
	j->feeding = pthread_create(&j->feeder, NULL, feed, j) == 0;
	if (!j->feeding)
		feed(j);
	return 0;
}

/* Waits for gnuplot; its failure as an error naming the last line it said. */
static int wait_gnuplot(struct yd_chart_job *j, struct yd_error *err)
{
	int status = 0, rc = 0;
	if (j->feeding)
		pthread_join(j->feeder, NULL);
	j->feeding = 0;
	while (waitpid(j->pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		rc = yd_error_set(err, YD_ETOOL, "chart: gnuplot is not installed (apt-get install gnuplot-nox)");
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		/* the last line that says something and is not a warning */
		char line[512], last[512] = "";
		rewind(j->log);
		while (fgets(line, sizeof line, j->log)) {
			line[strcspn(line, "\r\n")] = '\0';
			if (strspn(line, " \t^") != strlen(line) && !strstr(line, "warning:"))
				snprintf(last, sizeof last, "%s", line + strspn(line, " \t"));
		}
		rc = yd_error_set(err, YD_ETOOL, "chart: gnuplot failed: %s", *last ? last : "no message");
	}
	return rc;
}

static void job_free(struct yd_chart_job *j)
{
	if (j->log)
		fclose(j->log);
	yd_buf_release(&j->script);
	free(j);
}

/* Terminal, font, output and common settings. */
static int preamble(struct yd_buf *b, const struct yd_chart_opts *o, const char *title, struct yd_error *err)
{
	const char *ext = strrchr(o->out, '.');
	const char *font = yd_chart_cjk_font();
	int w = o->width > 0 ? o->width : 900, h = o->height > 0 ? o->height : 560;
	char fontspec[128];

	snprintf(fontspec, sizeof fontspec, "%s,10", font ? font : "Sans");
	yd_buf_addstr(b, "set encoding utf8\n");
	if (ext && strcmp(ext, ".png") == 0)
		yd_buf_addf(b, "set terminal pngcairo size %d,%d noenhanced font ", w, h);
	else if (ext && strcmp(ext, ".svg") == 0)
		yd_buf_addf(b, "set terminal svg size %d,%d noenhanced font ", w, h);
	else
		return yd_error_set(err, YD_EUSAGE, "chart: %s: the output must end in .png or .svg", o->out);
	gp_str(b, fontspec);
	yd_buf_addstr(b, "\nset output ");
	gp_str(b, o->out);
	yd_buf_addstr(b, "\nset title ");
	gp_str(b, title);
	yd_buf_addstr(b, "\nset grid ytics lc rgb '#dddddd'\nset border 3\nset tics nomirror\nset key top left\n");
	return 0;
}

static int zh(const struct yd_chart_opts *o)
{
	return o->lang == YD_LANG_ZH;
}

/* The last component of a region path. */
static const char *leaf(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* ---- box, hist, scatter: cases of one violation ---- */

struct point {
	char *region;
	int32_t date;
	double y;    /* yuan, or fine / base for multiple items */
	int flagged;
	int tier;    /* enum yd_tier */
};

struct points {
	struct point *v;
	size_t n, cap;
	const struct yd_cat_item *it;
	char currency[4]; /* ISO 4217 code of the violation's cases (one only) */
	long unplotted; /* fines of 0 (不予处罚) or multiples without a base: no place on a log scale */
};

static int collect_point(void *data, const struct yd_judged_row *row)
{
	struct points *p = data;
	if (row->fine <= 0 || (p->it && p->it->kind == YD_KIND_MULTIPLE && row->base <= 0)) {
		p->unplotted++; /* no place on a log scale; the title says how many */
		return 0;
	}
	YD_ALLOC_GROW(p->v, p->n + 1, p->cap);
	struct point *q = &p->v[p->n++];
	q->region = yd_xstrdup(row->region);
	q->date = row->date;
	q->y = p->it && p->it->kind == YD_KIND_MULTIPLE ? (double)row->fine / (double)row->base
						       : (double)row->fine / 100.0;
	q->flagged = YD_VERDICT_FLAGGED(row->r.verdict);
	q->tier = row->tier;
	return 0;
}

static int collect_loaded(void *data, const struct yd_disp_case *c)
{
	struct yd_judged_row row;
	memset(&row, 0, sizeof row);
	row.region = c->region;
	row.date = c->date;
	row.tier = c->tier;
	row.fine = c->fine;
	row.base = c->base;
	row.r.verdict = (int8_t)c->verdict;
	return collect_point(data, &row);
}

static int cmp_point(const void *pa, const void *pb)
{
	const struct point *a = pa, *b = pb;
	int c = strcmp(a->region, b->region);
	return c ? c : (a->y > b->y) - (a->y < b->y);
}

static const char *const band_colour[3] = {"#e3f2e3", "#f2f2e0", "#f6e3e3"};

/* The item's bounds in the unit of the y values: lo, lenient_max,
 * severe_min, hi. */
static void item_bounds(const struct yd_cat_item *it, double e[4])
{
	double k = it->kind == YD_KIND_MULTIPLE ? 1e-6 : 0.01; /* ppm -> multiple, fen -> yuan */
	e[0] = (double)it->lo * k, e[1] = (double)it->lenient_max * k;
	e[2] = (double)it->severe_min * k, e[3] = (double)it->hi * k;
}

/* Statutory range and tier bands in the unit of the y values. */
static void bands(struct yd_buf *b, const struct yd_cat_item *it, int horizontal)
{
	if (!it)
		return;
	double e[4];
	item_bounds(it, e);
	for (int i = 0; i < 3; i++) {
		if (e[i + 1] <= e[i] || e[i] <= 0)
			continue;
		if (horizontal)
			yd_buf_addf(b, "set object %d rectangle from graph 0, first %.10g to graph 1, first %.10g "
				       "fc rgb '%s' fs solid 1.0 noborder behind\n",
				    i + 1, e[i], e[i + 1], band_colour[i]);
		else
			yd_buf_addf(b, "set object %d rectangle from first %.10g, graph 0 to first %.10g, graph 1 "
				       "fc rgb '%s' fs solid 1.0 noborder behind\n",
				    i + 1, e[i], e[i + 1], band_colour[i]);
	}
	if (horizontal)
		yd_buf_addf(b, "set arrow 10 from graph 0, first %.10g to graph 1, first %.10g nohead lc rgb '#555555' dt 2\n"
			       "set arrow 11 from graph 0, first %.10g to graph 1, first %.10g nohead lc rgb '#555555' dt 2\n",
			    e[0], e[0], e[3], e[3]);
	else
		yd_buf_addf(b, "set arrow 10 from first %.10g, graph 0 to first %.10g, graph 1 nohead lc rgb '#555555' dt 2\n"
			       "set arrow 11 from first %.10g, graph 0 to first %.10g, graph 1 nohead lc rgb '#555555' dt 2\n",
			    e[0], e[0], e[3], e[3]);
}

/* Key entries for the shading of bands(): appended to a plot command, each
 * band with its range ("从轻区间 500–5,000"), then the legal limits. */
static void band_key(struct yd_buf *b, const struct yd_chart_opts *o, const struct yd_cat_item *it, const char *cur)
{
	char money[64];
	static const char *const zh_name[3] = {"从轻", "一般", "从重"};
	static const char *const en_name[3] = {"lenient", "general", "severe"};
	if (!it)
		return;
	const char *unit = it->kind == YD_KIND_MULTIPLE ? (o->lang == YD_LANG_ZH ? "倍基数" : "x base")
							: yd_money_unit(money, sizeof money, cur, o->lang == YD_LANG_ZH);
	double e[4];
	item_bounds(it, e);
	for (int i = 0; i < 3; i++) {
		char t[160];
		if (e[i + 1] <= e[i] || e[i] <= 0)
			continue;
		/* a band the catalogue did not give is youdu's 30/70 split: said so (issue 23) */
		if (!it->tiers_given)
			snprintf(t, sizeof t, o->lang == YD_LANG_ZH ? "推定%s阶次（三七分） %.6g–%.6g %s" : "derived %s band (30/70) %.6g-%.6g %s",
				 o->lang == YD_LANG_ZH ? zh_name[i] : en_name[i], e[i], e[i + 1], unit);
		else
			snprintf(t, sizeof t, o->lang == YD_LANG_ZH ? "%s阶次 %.6g–%.6g %s" : "%s band %.6g-%.6g %s",
				 o->lang == YD_LANG_ZH ? zh_name[i] : en_name[i], e[i], e[i + 1], unit);
		yd_buf_addf(b, ", NaN with boxes fs solid 1.0 noborder fc rgb '%s' title ", band_colour[i]);
		gp_str(b, t);
	}
	char t[128];
	snprintf(t, sizeof t, o->lang == YD_LANG_ZH ? "法定幅度 %.6g–%.6g %s" : "legal range %.6g-%.6g %s", e[0], e[3], unit);
	yd_buf_addstr(b, ", NaN with lines lc rgb '#555555' dt 2 title ");
	gp_str(b, t);
}

/* The order tiers are drawn in, one box-plot panel each. */
static const int tier_order[] = {YD_TIER_LENIENT, YD_TIER_GENERAL, YD_TIER_SEVERE, YD_TIER_UNKNOWN, YD_TIER_MITIGATED,
				 YD_TIER_NONE};

/* Fewer cases than this in a region and tier: drawn as points, not a box. */
#define BOX_MIN_CASES 5

/* The tiers present among the points (has[] per tier_order, may be NULL). */
static int box_tiers(const struct points *p, int *has)
{
	int n = 0;
	for (size_t t = 0; t < sizeof tier_order / sizeof *tier_order; t++) {
		int h = 0;
		for (size_t i = 0; i < p->n && !h; i++)
			h = p->v[i].tier == tier_order[t];
		if (has)
			has[t] = h;
		n += h;
	}
	return n;
}

/* Tics of a log axis [lo, hi] holding fewer than two powers of ten, where
 * gnuplot labels one tic or none (an axis labelled only "1000", issue
 * 25.8): at least 4 round values (1-2-5, else finer), amounts grouped
 * ("15,000": the axis label names the currency, and a wider label pushed
 * it off the picture) or multiples of the base.  Nothing for a wider axis:
 * its powers of ten read well.  Returns 1 when it set the tics. */
static int narrow_log_tics(struct yd_buf *b, double lo, double hi, int money)
{
	static const double sets[][12] = {{1, 2, 5}, {1, 1.5, 2, 3, 5, 7}, {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9}};
	static const int nset[] = {3, 6, 12};
	int k0 = (int)floor(log10(lo)), k1 = (int)ceil(log10(hi)), decades = 0, s = 0;
	for (int k = k0; k <= k1; k++)
		decades += pow(10, k) >= lo && pow(10, k) <= hi;
	if (decades >= 2 || !(lo > 0) || !isfinite(hi))
		return 0;
	for (; s < 2; s++) { /* the first set with 4 tics on the axis */
		int n = 0;
		for (int k = k0; k <= k1; k++)
			for (int j = 0; j < nset[s]; j++)
				n += sets[s][j] * pow(10, k) >= lo && sets[s][j] * pow(10, k) <= hi;
		if (n >= 4)
			break;
	}
	yd_buf_addstr(b, "set ytics (");
	int first = 1;
	for (int k = k0; k <= k1; k++)
		for (int j = 0; j < nset[s]; j++) {
			double v = sets[s][j] * pow(10, k);
			char lab[64];
			if (v < lo || v > hi)
				continue;
			if (money)
				yd_fmt_yuan(lab, sizeof lab, (int64_t)llround(v * 100));
			else
				snprintf(lab, sizeof lab, "%g", v);
			yd_buf_addstr(b, first ? "" : ", ");
			gp_str(b, lab);
			yd_buf_addf(b, " %.10g", v);
			first = 0;
		}
	yd_buf_addstr(b, ")\n");
	return 1;
}

/* Box plots of one violation: one panel per declared tier (tiers are never
 * mixed in one box), the regions on a shared x axis; each box has its n
 * above it; a region with fewer than BOX_MIN_CASES cases in a tier is drawn
 * as its points. */
static void box_chart(struct yd_buf *b, const struct yd_chart_opts *o, const struct points *p, const char *unit,
		      const char *title)
{
	int has[sizeof tier_order / sizeof *tier_order];
	int ntiers = box_tiers(p, has);
	int height = o->height > 0 ? o->height : 168 + 240 * ntiers;
	const char **regs = yd_xmalloc((p->n + 1) * sizeof *regs);
	size_t nr = 0;
	double ymin = INFINITY, ymax = -INFINITY;
	for (size_t i = 0; i < p->n; i++) {
		if (!nr || strcmp(regs[nr - 1], p->v[i].region) != 0)
			regs[nr++] = p->v[i].region; /* p is sorted by region */
		ymin = fmin(ymin, p->v[i].y), ymax = fmax(ymax, p->v[i].y);
	}
	if (p->it) {
		double e[4];
		item_bounds(p->it, e);
		if (e[0] > 0)
			ymin = fmin(ymin, e[0]);
		ymax = fmax(ymax, e[3]);
	}
	double *ys = yd_xmalloc((p->n + 1) * sizeof *ys);
	/* one data block per tier: boxes (k lo q1 median q3 hi n), points of
	 * small regions (k y), flagged cases (k y), n labels (k top n) */
	for (size_t t = 0; t < sizeof tier_order / sizeof *tier_order; t++) {
		if (!has[t])
			continue;
		struct yd_buf pts = YD_BUF_INIT, flg = YD_BUF_INIT, lab = YD_BUF_INIT;
		yd_buf_addf(b, "$box%zu << EOD\n", t);
		for (size_t k = 0, s = 0; k < nr; k++) {
			size_t m = 0;
			for (; s < p->n && strcmp(p->v[s].region, regs[k]) == 0; s++) {
				if (p->v[s].tier != tier_order[t])
					continue;
				ys[m++] = p->v[s].y; /* sorted by y within a region */
				if (p->v[s].flagged)
					yd_buf_addf(&flg, "%zu %.10g\n", k, p->v[s].y);
			}
			if (!m)
				continue;
			yd_buf_addf(&lab, "%zu %.10g %zu\n", k, ys[m - 1], m);
			if (m < BOX_MIN_CASES) {
				for (size_t j = 0; j < m; j++)
					yd_buf_addf(&pts, "%zu %.10g\n", k, ys[j]);
				continue;
			}
			double q1 = yd_stats_quantile(ys, m, 0.25), q3 = yd_stats_quantile(ys, m, 0.75);
			double lo = ys[0], hi = ys[m - 1], fence = log(q3 / q1) * 1.5;
			for (size_t j = 0; j < m; j++)
				if (log(q1 / ys[j]) <= fence) {
					lo = ys[j];
					break;
				}
			for (size_t j = m; j-- > 0;)
				if (log(ys[j] / q3) <= fence) {
					hi = ys[j];
					break;
				}
			yd_buf_addf(b, "%zu %.10g %.10g %.10g %.10g %.10g %zu\n", k, lo, q1, yd_stats_median(ys, m), q3, hi, m);
		}
		yd_buf_addf(b, "EOD\n$pts%zu << EOD\n", t);
		yd_buf_add(b, pts.s ? pts.s : "", pts.len);
		yd_buf_addf(b, "EOD\n$flag%zu << EOD\n", t);
		yd_buf_add(b, flg.s ? flg.s : "", flg.len);
		yd_buf_addf(b, "EOD\n$n%zu << EOD\n", t);
		yd_buf_add(b, lab.s ? lab.s : "", lab.len);
		yd_buf_addstr(b, "EOD\n");
		yd_buf_release(&pts);
		yd_buf_release(&flg);
		yd_buf_release(&lab);
	}
	free(ys);
	/* the layout: fixed pixel heights for the title and key, each panel,
	 * and the rotated region names under the last one */
	double top = 78.0 / height, bottom = 90.0 / height;
	yd_buf_addf(b, "set xrange [-0.8:%zu.8]\nset yrange [%.10g:%.10g]\nset logscale y\nset ylabel ", nr - 1,
		    ymin / 1.3, ymax * 1.6);
	gp_str(b, unit);
	yd_buf_addstr(b, "\n");
	/* its labels ("15,000") are wider than a power of ten's: more room */
	double left = narrow_log_tics(b, ymin / 1.3, ymax * 1.6, !p->it || p->it->kind != YD_KIND_MULTIPLE) ? 0.11 : 0.08;
	yd_buf_addstr(b, "set boxwidth 0.5\nset style fill solid 0.4\nset lmargin 10\nset rmargin 2\n");
	yd_buf_addf(b, "set key at screen 0.5, screen %.4f center top horizontal maxrows 2 samplen 2 font ',9'\n",
		    1 - 26.0 / height);
	bands(b, p->it, 1);
	yd_buf_addstr(b, "unset title\nset multiplot title ");
	gp_str(b, title);
	yd_buf_addf(b, " layout %d,1 margins screen %.2f, 0.98, %.4f, %.4f spacing 0, %.4f\n", ntiers, left, bottom,
		    1 - top, 26.0 / height);
	int panel = 0;
	for (size_t t = 0; t < sizeof tier_order / sizeof *tier_order; t++) {
		if (!has[t])
			continue;
		panel++;
		/* region names under the last panel only */
		yd_buf_addstr(b, "set xtics (");
		for (size_t k = 0; k < nr; k++) {
			if (k)
				yd_buf_addstr(b, ", ");
			gp_str(b, panel == ntiers ? leaf(regs[k]) : "");
			yd_buf_addf(b, " %zu", k);
		}
		yd_buf_addstr(b, ")");
		yd_buf_addstr(b, panel == ntiers ? " rotate by 45 right\n" : " norotate\n");
		const char *tn = o->lang == YD_LANG_ZH ? yd_tier_zh((enum yd_tier)tier_order[t])
						       : yd_tier_name((enum yd_tier)tier_order[t]);
		char label[128];
		snprintf(label, sizeof label, o->lang == YD_LANG_ZH ? "阶次：%s" : "tier: %s",
			 *tn ? tn : (o->lang == YD_LANG_ZH ? "未声明" : "not declared"));
		yd_buf_addstr(b, "set label 1 ");
		gp_str(b, label);
		yd_buf_addstr(b, " at graph 0.01, graph 0.93 left front font ',10'\n");
		yd_buf_addf(b, "plot $box%zu using 1:3:2:6:5 with candlesticks whiskerbars lc rgb '#4472c4' ", t);
		if (panel == 1) {
			yd_buf_addstr(b, "title ");
			gp_str(b, o->lang == YD_LANG_ZH ? "四分位与须线（上方数字为件数）" : "quartiles and whiskers (n above)");
		} else {
			yd_buf_addstr(b, "notitle");
		}
		yd_buf_addf(b, ", '' using 1:4:4:4:4 with candlesticks lc rgb '#1f3a70' lw 2 notitle"
			       ", $pts%zu using 1:2 with points pt 6 ps 0.8 lc rgb '#4472c4' ",
			    t);
		if (panel == 1) {
			char t5[96];
			snprintf(t5, sizeof t5, o->lang == YD_LANG_ZH ? "不足 %d 件的地区：各案件" : "regions under %d cases: each case",
				 BOX_MIN_CASES);
			yd_buf_addstr(b, "title ");
			gp_str(b, t5);
		} else {
			yd_buf_addstr(b, "notitle");
		}
		yd_buf_addf(b, ", $flag%zu using 1:2 with points pt 7 ps 0.8 lc rgb '#d62728' ", t);
		if (panel == 1) {
			yd_buf_addstr(b, "title ");
			gp_str(b, o->lang == YD_LANG_ZH ? "被标记案件" : "flagged cases");
		} else {
			yd_buf_addstr(b, "notitle");
		}
		yd_buf_addf(b, ", $n%zu using 1:2:(sprintf('%%d', $3)) with labels offset 0,0.7 font ',8' notitle", t);
		if (panel == 1)
			band_key(b, o, p->it, p->currency);
		yd_buf_addch(b, '\n');
	}
	yd_buf_addstr(b, "unset multiplot\n");
	free(regs);
}

static int violation_chart(struct yd_db *db, const struct yd_chart_opts *o, struct yd_buf *b,
			   struct yd_error *err)
{
	struct yd_catalogue cat = {0};
	struct points p = {0};
	struct yd_case_filter f = {0};
	int64_t vid = 0;
	char title[512];
	int rc;

	if ((rc = yd_catalogue_load(db, &cat, err)) < 0)
		return rc;
	if ((rc = yd_db_lookup(db, YD_INTERN_VIOLATION, o->violation, &vid, err)) < 0)
		goto out;
	if (!rc) {
		rc = yd_error_set(err, YD_ESTATE, "chart: no cases of violation %s", o->violation);
		goto out;
	}
	p.it = yd_catalogue_find(&cat, vid);
	/* one axis, one currency: fines of several are never drawn together */
	int ncur = 0;
	if ((rc = yd_db_violation_currency(db, (int32_t)vid, p.currency, &ncur, err)) < 0)
		goto out;
	if (ncur > 1) {
		rc = yd_error_set(err, YD_ESTATE, "chart: the cases of %s are in %d currencies: not drawn on one axis",
				  o->violation, ncur);
		goto out;
	}
	f.verdicts = (1u << YD_V_COUNT) - 1;
	f.unordered = 1; /* the points are sorted here */
	f.violation = o->violation;
	f.region = o->region;
	f.agency = o->agency;
	f.year = o->year;
	if (o->cases && !o->region && !o->agency && o->kind != YD_CHART_SCATTER)
		yd_disp_cases_each(o->cases, o->violation, collect_loaded, &p);
	else if ((rc = yd_db_judged_each(db, &f, collect_point, &p, err)) < 0)
		goto out;
	if (p.n == 0) {
		rc = yd_error_set(err, YD_ESTATE, "chart: no analysed cases of %s to draw", o->violation);
		goto out;
	}
	qsort(p.v, p.n, sizeof *p.v, cmp_point);
	const char *name = p.it ? p.it->name : o->violation;
	/* both axes of fines are logarithmic: say so where the unit is */
	char unit_buf[128], money[64];
	yd_money_unit(money, sizeof money, p.currency, zh(o));
	snprintf(unit_buf, sizeof unit_buf, zh(o) ? "罚款（%s，对数刻度）" : "fine (%s, log scale)", money);
	const char *unit = p.it && p.it->kind == YD_KIND_MULTIPLE ? (zh(o) ? "罚款/基数（倍，对数刻度）" : "fine / base (log scale)")
								   : unit_buf;
	static const char *const ttl_zh[] = {"各地区罚款分布", "罚款分布", "罚款与决定日期"};
	static const char *const ttl_en[] = {"fines by region", "distribution of fines", "fines by decision date"};
	snprintf(title, sizeof title, "%s %s%s%s", o->violation, name, zh(o) ? "：" : ": ",
		 zh(o) ? ttl_zh[o->kind] : ttl_en[o->kind]);
	if (p.unplotted) {
		size_t tl = strlen(title);
		snprintf(title + tl, sizeof title - tl, zh(o) ? "（未画罚款为 0 或缺基数的 %ld 件）" : " (%ld cases fined 0 or without a base not drawn)",
			 p.unplotted);
	}
	struct yd_chart_opts o2 = *o;
	if (o->kind == YD_CHART_BOX && o2.height <= 0)
		o2.height = 168 + 240 * box_tiers(&p, NULL);
	if ((rc = preamble(b, &o2, title, err)) < 0)
		goto out;

	if (o->kind == YD_CHART_BOX) {
		box_chart(b, o, &p, unit, title);
	} else if (o->kind == YD_CHART_HIST) {
		/* counts in 40 equal bins of log10(y) */
		double lo = INFINITY, hi = -INFINITY;
		for (size_t i = 0; i < p.n; i++) {
			lo = fmin(lo, log10(p.v[i].y));
			hi = fmax(hi, log10(p.v[i].y));
		}
		if (hi - lo < 1e-9)
			hi = lo + 1;
		size_t cnt[40] = {0}, flg[40] = {0};
		for (size_t i = 0; i < p.n; i++) {
			int bin = (int)((log10(p.v[i].y) - lo) / (hi - lo) * 40);
			bin = bin > 39 ? 39 : bin;
			cnt[bin]++;
			flg[bin] += (size_t)p.v[i].flagged;
		}
		yd_buf_addstr(b, "$h << EOD\n");
		for (int i = 0; i < 40; i++) {
			double a = pow(10, lo + (hi - lo) * i / 40), c = pow(10, lo + (hi - lo) * (i + 1) / 40);
			yd_buf_addf(b, "%.10g %.10g %.10g %zu %zu\n", sqrt(a * c), a, c, cnt[i], flg[i]);
		}
		yd_buf_addstr(b, "EOD\n");
		bands(b, p.it, 0);
		yd_buf_addstr(b, "set logscale x\nset rmargin 6\nset style fill solid 0.6 border -1\nset key outside bottom center horizontal\nset xlabel ");
		gp_str(b, unit);
		yd_buf_addstr(b, "\nset ylabel ");
		gp_str(b, zh(o) ? "案件数" : "cases");
		yd_buf_addstr(b, "\nplot $h using 1:($4/2):2:3:(0):4 with boxxyerror lc rgb '#4472c4' title ");
		gp_str(b, zh(o) ? "全部案件" : "all cases");
		yd_buf_addstr(b, ", $h using 1:($5/2):2:3:(0):5 with boxxyerror lc rgb '#d62728' title ");
		gp_str(b, zh(o) ? "被标记案件" : "flagged cases");
		band_key(b, o, p.it, p.currency);
		yd_buf_addch(b, '\n');
	} else {
		yd_buf_addstr(b, "$d << EOD\n");
		for (size_t i = 0; i < p.n; i++) {
			char date[16];
			yd_fmt_date(date, sizeof date, p.v[i].date);
			yd_buf_addf(b, "%s %.10g %d\n", date, p.v[i].y, p.v[i].flagged);
		}
		yd_buf_addstr(b, "EOD\n");
		bands(b, p.it, 1);
		yd_buf_addstr(b, "set xdata time\nset timefmt '%Y-%m-%d'\nset format x '%Y-%m'\nset logscale y\n"
				 "set key outside bottom center horizontal\nset ylabel ");
		gp_str(b, unit);
		yd_buf_addstr(b, "\nplot $d using 1:($3 == 0 ? $2 : 1/0) with points pt 7 ps 0.4 lc rgb '#4472c4' title ");
		gp_str(b, zh(o) ? "案件" : "cases");
		yd_buf_addstr(b, ", $d using 1:($3 == 1 ? $2 : 1/0) with points pt 7 ps 0.9 lc rgb '#d62728' title ");
		gp_str(b, zh(o) ? "被标记案件" : "flagged cases");
		band_key(b, o, p.it, p.currency);
		yd_buf_addch(b, '\n');
	}
out:
	for (size_t i = 0; i < p.n; i++)
		free(p.v[i].region);
	free(p.v);
	yd_catalogue_release(&cat);
	return rc;
}

/* ---- funnel and harshness: regions ---- */

struct regions {
	struct yd_region_row *v;
	char **names, **tops;
	size_t n, cap;
	char **only; /* the agency's region paths (sorted), when only is set */
	size_t nonly;
	int filter;
};

static int collect_region(void *data, const struct yd_region_row *r)
{
	struct regions *g = data;
	if (g->filter && !yd_db_agency_regions_has(g->only, g->nonly, r->region))
		return 0;
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 64;
		g->v = yd_xrealloc(g->v, g->cap * sizeof *g->v);
		g->names = yd_xrealloc(g->names, g->cap * sizeof *g->names);
	}
	g->v[g->n] = *r;
	g->names[g->n] = yd_xstrdup(r->region);
	g->n++;
	return 0;
}

/* x tics of a log-ratio axis (x = ln(1 + p/100)) labelled in percent, for
 * the range [lo, hi]: the few of a fixed ladder that fall inside it. */
static void pct_tics(struct yd_buf *b, double lo, double hi)
{
	static const double ladder[] = {-99, -95, -90, -80, -67, -50, -33, -20, -10, -5, 0, 5, 10, 25, 50,
					100, 200, 400, 900, 1900, 4900, 9900, 19900, 49900, 99900};
	int step = hi - lo > 4 ? 2 : 1; /* a wide range: every other one */
	int n = 0;
	yd_buf_addstr(b, "set xtics (");
	for (size_t i = 0, j = 0; i < sizeof ladder / sizeof *ladder; i++) {
		double x = log1p(ladder[i] / 100);
		if (x < lo - 0.02 || x > hi + 0.02)
			continue;
		if (ladder[i] != 0 && j++ % (size_t)step)
			continue;
		yd_buf_addf(b, ladder[i] != 0 ? "%s\"%+g%%%%\" %.6g" : "%s\"%g%%%%\" %.6g", n++ ? ", " : "", ladder[i], x);
	}
	yd_buf_addstr(b, ")\n");
}

static const char *label_colour(enum yd_region_label l)
{
	switch (l) {
	case YD_RL_HARSH: return "#d62728";
	case YD_RL_LENIENT: return "#2ca02c";
	case YD_RL_UNCERTAIN: return "#9467bd";
	case YD_RL_TOO_FEW: return "#aaaaaa";
	default: return "#4472c4";
	}
}

/* Names the regions outside the 99.8 % limits beside their dots, each on
 * the first side (above, below, right, left) where it does not cover a
 * label placed before, in an estimate of the plot's pixels. */
static void funnel_labels(struct yd_buf *b, const struct yd_chart_opts *o, const struct regions *g, double x0,
			  double x1, double y0, double y1)
{
	struct box {
		double l, r, t, u;
	} placed[64];
	int np = 0, tag = 20;
	double w = (o->width > 0 ? o->width : 900) - 120.0, h = (o->height > 0 ? o->height : 560) - 140.0;
	for (size_t i = 0; i < g->n && np < 64; i++) {
		const struct yd_region_row *r = &g->v[i];
		if (r->label == YD_RL_TOO_FEW || isnan(r->raw) || fabs(r->raw) <= r->limit998)
			continue;
		double px = (double)(r->n - x0) / (x1 - x0) * w, py = (yd_region_effect(r->raw) - y0) / (y1 - y0) * h;
		const char *name = leaf(g->names[i]);
		double tw = 0; /* a CJK character about 12 px at 9 pt, others 6 */
		for (const unsigned char *c = (const unsigned char *)name; *c; c++)
			tw += (*c & 0xC0) == 0x80 ? 0 : *c >= 0xE0 ? 12 : 6;
		static const struct {
			double dx, dy; /* of the label's centre from the dot, px */
			const char *align, *offset;
		} side[] = {{0, 14, "center", "0,1"}, {0, -14, "center", "0,-1"}, {1, 0, "left", "1,0"}, {-1, 0, "right", "-1,0"}};
		size_t k = 0;
		struct box bx = {0, 0, 0, 0};
		for (; k < sizeof side / sizeof *side; k++) {
			double cx = px + side[k].dx * (tw / 2 + 10), cy = py + side[k].dy;
			bx = (struct box){cx - tw / 2, cx + tw / 2, cy - 7, cy + 7};
			int clash = 0;
			for (int j = 0; j < np && !clash; j++)
				clash = bx.l < placed[j].r && placed[j].l < bx.r && bx.t < placed[j].u && placed[j].t < bx.u;
			if (!clash)
				break;
		}
		if (k == sizeof side / sizeof *side)
			k = 0; /* nowhere free: above, as before */
		placed[np++] = bx;
		yd_buf_addf(b, "set label %d ", tag++);
		gp_str(b, name);
		yd_buf_addf(b, " at %ld, %.6g %s offset %s font ',9' front\n", r->n, yd_region_effect(r->raw), side[k].align,
			    side[k].offset);
	}
}

static int region_chart(struct yd_db *db, const struct yd_chart_opts *o, struct yd_buf *b, struct yd_error *err)
{
	struct yd_disp_opts d = YD_DISP_OPTS_DEFAULT;
	struct regions g = {0};
	char title[256];
	int rc;

	d.violation = o->violation;
	d.year = o->year;
	if (o->agency) {
		g.filter = 1;
		if ((rc = yd_db_agency_regions(db, o->agency, &g.only, &g.nonly, err)) < 0)
			goto out;
	}
	if (o->regions && !o->violation) { /* the report's rows */
		for (size_t i = 0; i < o->nregions; i++)
			collect_region(&g, &o->regions[i]);
	} else if ((rc = yd_regions(db, &d, collect_region, &g, err)) < 0) {
		goto out;
	}
	if (g.n == 0) {
		rc = yd_error_set(err, YD_ESTATE, "chart: no regions to draw");
		goto out;
	}
	if (o->kind == YD_CHART_FUNNEL) {
		/* the index before shrinkage in percent against the number of
		 * cases, with the overdispersion-adjusted limits exp(+-z
		 * sqrt(sigma^2 / n + tau^2)) - 1 (tau the robust one) and the
		 * minimum effect: a region is harsh or lenient exactly when it
		 * lies outside both the 99.8 % curve and the minimum-effect line */
		snprintf(title, sizeof title, "%s",
			 zh(o) ? "漏斗图：各地区典型罚款相对其他地区同类案件的差异与案件数"
			       : "Funnel plot: each region's typical fine against other regions', by number of cases");
		if ((rc = preamble(b, o, title, err)) < 0)
			goto out;
		double sigma = g.v[0].sigma, tau = g.v[0].tau, ylo = -d.min_effect, yhi = d.min_effect;
		long nmin = LONG_MAX, nmax = 1;
		yd_buf_addstr(b, "$r << EOD\n");
		for (size_t i = 0; i < g.n; i++) {
			const struct yd_region_row *r = &g.v[i];
			double e = yd_region_effect(r->raw);
			if (isnan(e))
				continue;
			nmax = r->n > nmax ? r->n : nmax;
			if (r->label != YD_RL_TOO_FEW) {
				nmin = r->n < nmin ? r->n : nmin;
				ylo = e < ylo ? e : ylo;
				yhi = e > yhi ? e : yhi;
			}
			yd_buf_addf(b, "%ld %.6g 0x%s\n", r->n, e, label_colour(r->label) + 1);
		}
		yd_buf_addstr(b, "EOD\n");
		if (isnan(sigma) || sigma <= 0)
			sigma = 1;
		if (nmin == LONG_MAX)
			nmin = 1;
		/* show the limits from the smallest labelled region on */
		double edge = yd_funnel_limit(YD_REGION_LABEL_Z, sigma / sqrt((double)nmin), tau * tau);
		ylo = fmin(ylo, 100 * expm1(-edge)), yhi = fmax(yhi, 100 * expm1(edge));
		double pad = 0.08 * (yhi - ylo);
		yd_buf_addf(b, "s = %.10g\nt = %.10g\nm = %.6g\nset xrange [%ld:%ld]\nset yrange [%.6g:%.6g]\n", sigma, tau,
			    d.min_effect, nmin / 2 > 1 ? nmin / 2 : 1, (long)(nmax * 1.08) + 1, ylo - pad, yhi + pad);
		funnel_labels(b, o, &g, (double)(nmin / 2 > 1 ? nmin / 2 : 1), (double)((long)(nmax * 1.08) + 1),
			      ylo - pad, yhi + pad);
		yd_buf_addstr(b, "set samples 400\nset grid ytics\nset format y '%+.0f%%'\nset xlabel ");
		gp_str(b, zh(o) ? "案件数" : "cases");
		yd_buf_addstr(b, "\nset ylabel ");
		gp_str(b, zh(o) ? "典型罚款相对其他地区（%）" : "typical fine vs other regions (%)");
		yd_buf_addstr(b, "\nf(x, z) = 100 * (exp(z * sqrt(s * s / x + t * t)) - 1)\n"
				 "set key outside bottom center horizontal\n"
				 "plot f(x, 1.959964) lc rgb '#999999' dt 2 title ");
		gp_str(b, zh(o) ? "95% 控制限" : "95% limits");
		yd_buf_addstr(b, ", f(x, -1.959964) lc rgb '#999999' dt 2 notitle, f(x, 3.090232) lc rgb '#444444' lw 1.5 title ");
		gp_str(b, zh(o) ? "99.8% 控制限（判断依据）" : "99.8% limits (labels)");
		yd_buf_addstr(b, ", f(x, -3.090232) lc rgb '#444444' lw 1.5 notitle, m lc rgb '#e08000' dt 3 title ");
		gp_str(b, zh(o) ? "最小差异" : "minimum effect");
		yd_buf_addstr(b, ", -m lc rgb '#e08000' dt 3 notitle, 0 lc rgb '#bbbbbb' notitle, "
				 "$r using 1:2:3 with points pt 7 ps 1.2 lc rgb variable notitle\n");
	} else {
		snprintf(title, sizeof title, "%s",
			 zh(o) ? "各地区典型罚款相对其他地区同类案件（95% 区间）"
			       : "Each region's typical fine against the same violation and tier elsewhere (95% interval)");
		int h = 120 + 18 * (int)g.n;
		struct yd_chart_opts o2 = *o;
		if (o2.height <= 0)
			o2.height = h < 560 ? 560 : h;
		if ((rc = preamble(b, &o2, title, err)) < 0)
			goto out;
		yd_buf_addstr(b, "$r << EOD\n");
		int k = 0;
		double xmin = 0, xmax = 0;
		/* harshest (shrunk) on top; each dot the region's own effect,
		 * inside its own interval, as the label is; on the log-ratio
		 * axis (issue 25.8: on a straight % axis to +35,000 % every other
		 * region sat on 0) */
		for (size_t i = g.n; i-- > 0;) {
			if (g.v[i].label == YD_RL_TOO_FEW)
				continue;
			yd_buf_addf(b, "%d %.6g %.6g %.6g 0x%s ", k++, g.v[i].raw, g.v[i].ci_low, g.v[i].ci_high,
				    label_colour(g.v[i].label) + 1);
			double lo = isfinite(g.v[i].ci_low) ? g.v[i].ci_low : g.v[i].raw;
			double hi = isfinite(g.v[i].ci_high) ? g.v[i].ci_high : g.v[i].raw;
			xmin = lo < xmin ? lo : xmin;
			xmax = hi > xmax ? hi : xmax;
			gp_field(b, leaf(g.names[i]));
			yd_buf_addch(b, '\n');
		}
		yd_buf_addstr(b, "EOD\n");
		if (k == 0) {
			rc = yd_error_set(err, YD_ESTATE, "chart: no region has enough cases for a harshness index");
			goto out;
		}
		/* the material band: an interval inside it is in_line */
		double mlo = log1p(-d.material / 100), mhi = log1p(d.material / 100);
		xmin = xmin < mlo ? xmin : mlo;
		xmax = xmax > mhi ? xmax : mhi;
		yd_buf_addf(b, "set yrange [-1:%d]\nset grid xtics\nset yzeroaxis lt -1\nset xrange [%.6g:%.6g]\n", k,
			    xmin - 0.05 * (xmax - xmin), xmax + 0.05 * (xmax - xmin));
		pct_tics(b, xmin, xmax);
		yd_buf_addstr(b, "set key outside bottom center horizontal\nset xlabel ");
		gp_str(b, zh(o) ? "典型罚款相对其他地区（>0 偏严，<0 偏宽）" : "typical fine vs other regions (> 0 harsher, < 0 more lenient)");
		yd_buf_addf(b, "\nset arrow from %.6g, graph 0 to %.6g, graph 1 nohead lc rgb '#e08000' dt 3\n"
			       "set arrow from %.6g, graph 0 to %.6g, graph 1 nohead lc rgb '#e08000' dt 3\n",
			    mhi, mhi, mlo, mlo);
		yd_buf_addstr(b, "plot $r using 2:1:3:4:5:ytic(6) with xerrorbars pt 7 lc rgb variable notitle");
		static const enum yd_region_label keyed[] = {YD_RL_HARSH, YD_RL_IN_LINE, YD_RL_UNCERTAIN, YD_RL_LENIENT};
		for (size_t i = 0; i < sizeof keyed / sizeof *keyed; i++) {
			yd_buf_addf(b, ", NaN with xerrorbars pt 7 lc rgb '%s' title ", label_colour(keyed[i]));
			/* by enum yd_region_label */
			static const char *const en[] = {"harsh", "lenient", "in line", "uncertain"};
			gp_str(b, zh(o) ? yd_region_label_zh(keyed[i]) : en[keyed[i]]);
		}
		char mt[96];
		snprintf(mt, sizeof mt, zh(o) ? "实质差异界限 ±%.0f%%" : "material band +-%.0f %%", d.material);
		yd_buf_addstr(b, ", NaN with lines lc rgb '#e08000' dt 3 title ");
		gp_str(b, mt);
		yd_buf_addch(b, '\n');
	}
out:
	for (size_t i = 0; i < g.n; i++)
		free(g.names[i]);
	free(g.names);
	free(g.v);
	yd_db_agency_regions_free(g.only, g.nonly);
	return rc;
}

/* ---- trend ---- */

struct trend_rows {
	struct yd_buf data;
	int n;
	int finite; /* years with a dispersion to draw */
	int few;    /* of them, years not in the trend (too few cases) */
	int y0, y1; /* their first and last year */
};

static int collect_trend(void *data, const struct yd_trend_row *r)
{
	struct trend_rows *t = data;
	if (*r->violation_code && t->n >= 0)
		return 0; /* the series of all violations together, unless one was asked for */
	if (isfinite(r->dispersion)) {
		/* in percent, as a reader says it: a typical fine is this much
		 * above or below the usual one for its violation and tier */
		/* columns: year, gap %, cases, 1 when the year is in the trend */
		yd_buf_addf(&t->data, "%d %.6g %ld %d\n", r->year, 100 * expm1(r->dispersion), r->n, r->fitted);
		t->few += !r->fitted;
		if (!t->finite || r->year < t->y0)
			t->y0 = r->year;
		if (!t->finite || r->year > t->y1)
			t->y1 = r->year;
		t->finite++;
	}
	t->n++;
	return 0;
}

static int trend_chart(struct yd_db *db, const struct yd_chart_opts *o, struct yd_buf *b, struct yd_error *err)
{
	struct yd_disp_opts d = YD_DISP_OPTS_DEFAULT;
	struct trend_rows t = {YD_BUF_INIT, o->violation ? -1000000 : 0, 0, 0, 0, 0};
	char title[256];
	int rc;

	d.violation = o->violation;
	d.today = o->today;
	if (o->trends && !o->violation) { /* the report's rows */
		for (size_t i = 0; i < o->ntrends; i++)
			collect_trend(&t, &o->trends[i]);
	} else if ((rc = yd_trends(db, &d, collect_trend, &t, err)) < 0) {
		goto out;
	}
	if (t.finite == 0) {
		rc = yd_error_set(err, YD_ESTATE, "chart: no year has comparable fines to draw");
		goto out;
	}
	snprintf(title, sizeof title, "%s%s", o->violation ? o->violation : (zh(o) ? "全部违法行为" : "all violations"),
		 zh(o) ? "：同类案件罚款的一致性（按年，越低越一致）"
		       : ": consistency of fines in like cases by year (lower is more consistent)");
	if ((rc = preamble(b, o, title, err)) < 0)
		goto out;
	yd_buf_addstr(b, "$t << EOD\n");
	yd_buf_add(b, t.data.s, t.data.len);
	/* one axis, one measure: the share flagged and at the minimum are in the
	 * trends table, not on a second axis */
	/* only the years of the data on the x axis, at most about 12 labels
	 * (issue 25.8: 1970-2023 one by one overprinted each other) */
	int span = t.y1 - t.y0 + 1, step = span <= 12 ? 1 : span <= 24 ? 2 : span <= 60 ? 5 : 10;
	yd_buf_addf(b, "EOD\nset xtics %d\nset mxtics %d\nset xrange [%g:%g]\nset xlabel ", step, step, t.y0 - 0.5, t.y1 + 0.5);
	gp_str(b, zh(o) ? "决定年度" : "year of decision");
	yd_buf_addstr(b, "\nset yrange [0:*]\nset format y '%g%%'\nset offsets 0.3, 0.3, graph 0.1, 0\nset ylabel ");
	gp_str(b, zh(o) ? "罚款与同一违法行为、同一阶次通常罚款的典型差距（%）"
			: "typical gap between a fine and the usual fine for its violation and tier (%)");
	/* the line joins the years in the trend; a year with too few cases to
	 * enter it is an open circle on its own, and the key says so */
	yd_buf_addstr(b, "\nplot $t using 1:($4 > 0 ? $2 : NaN) with lines lw 2 lc rgb '#4472c4' notitle, $t using 1:($4 > 0 ? $2 : NaN) with points pt 7 ps 1.2 lc rgb '#4472c4' title ");
	gp_str(b, zh(o) ? "典型差距" : "typical gap");
	if (t.few) {
		yd_buf_addstr(b, ", $t using 1:($4 > 0 ? NaN : $2) with points pt 6 ps 1.4 lc rgb '#888888' title ");
		char few[160];
		snprintf(few, sizeof few, zh(o) ? "少于 %d 件，不计入趋势" : "fewer than %d cases: not in the trend", YD_TREND_MIN_FIT);
		gp_str(b, few);
	}
	if (span <= 24)
		yd_buf_addstr(b, zh(o) ? ", $t using 1:2:(sprintf('%d 件', $3)) with labels offset 0,1 notitle"
					 : ", $t using 1:2:(sprintf('n=%d', $3)) with labels offset 0,1 notitle");
	yd_buf_addch(b, '\n');
out:
	yd_buf_release(&t.data);
	return rc;
}

/* The script for o (o->out named in it as given). */
static int build_script(struct yd_db *db, const struct yd_chart_opts *o, struct yd_buf *b, struct yd_error *err)
{
	switch (o->kind) {
	case YD_CHART_BOX:
	case YD_CHART_HIST:
	case YD_CHART_SCATTER: return violation_chart(db, o, b, err);
	case YD_CHART_FUNNEL:
	case YD_CHART_HARSHNESS: return region_chart(db, o, b, err);
	case YD_CHART_TREND: return trend_chart(db, o, b, err);
	default: return yd_error_set(err, YD_EUSAGE, "chart: unknown kind");
	}
}

static int check_opts(struct yd_db *db, const struct yd_chart_opts *o, struct yd_error *err)
{
	struct yd_ledger led;
	int rc;
	if ((rc = yd_ledger_load(db, &led, err)) < 0)
		return rc;
	if (yd_chart_needs_violation(o->kind) && !o->violation)
		return yd_error_set(err, YD_EUSAGE, "chart: %s needs a violation code", yd_chart_kind_name(o->kind));
	const char *ext = o->out ? strrchr(o->out, '.') : NULL;
	if (!ext || (strcmp(ext, ".png") != 0 && strcmp(ext, ".svg") != 0))
		return yd_error_set(err, YD_EUSAGE, "chart: %s: the output must end in .png or .svg", o->out ? o->out : "");
	return 0;
}

int yd_chart_script(struct yd_db *db, const struct yd_chart_opts *o, struct yd_buf *script, struct yd_error *err)
{
	int rc = check_opts(db, o, err);
	return rc < 0 ? rc : build_script(db, o, script, err);
}

int yd_chart_start(struct yd_db *db, const struct yd_chart_opts *o, struct yd_chart_job **job, struct yd_error *err)
{
	int rc;

	*job = NULL;
	if ((rc = check_opts(db, o, err)) < 0)
		return rc;
	struct yd_chart_job *j = yd_xcalloc(1, sizeof *j);
	j->pid = -1;
	snprintf(j->out, sizeof j->out, "%s", o->out);
	if ((rc = yd_out_temp(o->out, j->tmp, sizeof j->tmp, err)) < 0) {
		job_free(j);
		return rc;
	}
	/* gnuplot writes a temporary file beside the picture, renamed over it
	 * when complete (yd_chart_finish): a failure never leaves half a
	 * picture nor removes a file youdu did not write */
	struct yd_chart_opts to = *o;
	to.out = j->tmp;
	if ((rc = build_script(db, &to, &j->script, err)) < 0 || (rc = spawn_gnuplot(j, err)) < 0) {
		if (j->pid > 0)
			wait_gnuplot(j, NULL);
		unlink(j->tmp);
		job_free(j);
		return rc;
	}
	*job = j;
	return 0;
}

int yd_chart_finish(struct yd_chart_job *j, struct yd_error *err)
{
	if (!j)
		return 0;
	/* gnuplot exits 0 after a failed write (a full disk), so what it
	 * wrote is checked before the rename */
	int rc = wait_gnuplot(j, err);
	if (rc == 0 && (rc = yd_out_image_complete(j->tmp, j->out, err)) == 0)
		rc = yd_out_commit(j->tmp, j->out, err);
	else
		unlink(j->tmp);
	job_free(j);
	return rc;
}

int yd_chart(struct yd_db *db, const struct yd_chart_opts *o, struct yd_error *err)
{
	struct yd_chart_job *j;
	int rc = yd_chart_start(db, o, &j, err);
	return rc < 0 ? rc : yd_chart_finish(j, err);
}
