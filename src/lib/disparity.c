#include "youdu/disparity.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/alloc.h"
#include "youdu/analyze.h"
#include "youdu/buf.h"
#include "youdu/catalogue.h"
#include "youdu/db_analysis.h"
#include "youdu/db_catalogue.h"
#include "youdu/funnel.h"
#include "youdu/judge.h"
#include "youdu/mix.h"
#include "youdu/parse.h"
#include "youdu/stats.h"
#include "youdu/strmap.h"

static const char *const label_en[] = {"harsh", "lenient", "in_line", "uncertain", "too_few"};
static const char *const label_cn[] = {"偏严", "偏宽", "正常", "不确定", "案例过少"};

const char *yd_region_label_name(enum yd_region_label l)
{
	return (unsigned)l <= YD_RL_TOO_FEW ? label_en[l] : "";
}

const char *yd_region_label_zh(enum yd_region_label l)
{
	return (unsigned)l <= YD_RL_TOO_FEW ? label_cn[l] : "";
}

/* The cases of one year at one region level, with what every statistic
 * here needs (struct yd_disp_cases to the caller). */
struct yd_disp_cases {
	struct yd_casecols c;
	struct yd_catalogue cat;
	int8_t *verdict;    /* stored verdict, -1 none */
	double *x;          /* ln(fine) or ln(fine/base); NAN when not an ordinary comparable case */
	uint32_t *agg;      /* region id at the aggregation level (index into names) */
	uint32_t *vcode;    /* violation index into codes */
	uint8_t *cur;       /* currency of the case's amounts (yd_db_load_currencies) */
	int ncur;           /* currencies: a case is centred among cases of its own */
	char **names;       /* aggregated region names (owned) */
	size_t nnames;
	char **codes;       /* violation codes as imported (owned) */
	char **titles;      /* their names, "" when unknown (owned) */
	size_t ncodes;
};

static void data_release(struct yd_disp_cases *d)
{
	yd_casecols_release(&d->c);
	yd_catalogue_release(&d->cat);
	free(d->verdict);
	free(d->x);
	free(d->agg);
	free(d->vcode);
	free(d->cur);
	for (size_t i = 0; i < d->nnames; i++)
		free(d->names[i]);
	free(d->names);
	for (size_t i = 0; i < d->ncodes; i++) {
		free(d->codes[i]);
		free(d->titles[i]);
	}
	free(d->codes);
	free(d->titles);
}

/* Interns s into the name list; returns its index. */
static uint32_t intern(struct yd_strmap *m, char ***names, size_t *n, const char *s)
{
	int64_t id;
	if (yd_strmap_get(m, s, &id))
		return (uint32_t)id;
	*names = yd_xrealloc(*names, (*n + 1) * sizeof **names);
	(*names)[*n] = yd_xstrdup(s);
	yd_strmap_put(m, s, (int64_t)*n);
	return (uint32_t)(*n)++;
}

/* The path cut to depth components (depth <= 0: unchanged). */
static void cut_path(const char *path, int depth, char *buf, size_t n)
{
	snprintf(buf, n, "%s", path);
	if (depth <= 0)
		return;
	int k = 0;
	for (char *p = buf; *p; p++)
		if (*p == '/' && ++k == depth) {
			*p = '\0';
			break;
		}
}

/* YD_EUSAGE when level is deeper than every path (it would silently be the
 * full paths), else 0. */
static int check_level(char *const *paths, size_t npaths, int level, struct yd_error *err)
{
	int deepest = 0;
	for (size_t r = 0; r < npaths; r++) {
		int k = paths[r] && *paths[r] ? 1 : 0;
		for (const char *p = paths[r] ? paths[r] : ""; *p; p++)
			k += *p == '/';
		deepest = k > deepest ? k : deepest;
	}
	if (level > deepest && deepest > 0)
		return yd_error_set(err, YD_EUSAGE, "--level %d: the regions have at most %d levels", level, deepest);
	return 0;
}

int yd_regions_check_level(struct yd_db *db, int level, struct yd_error *err)
{
	char **paths = NULL;
	size_t npaths = 0;
	int rc = yd_db_region_paths(db, &paths, &npaths, err);
	if (rc == 0)
		rc = check_level(paths, npaths, level, err);
	yd_region_paths_free(paths, npaths);
	return rc;
}

/* Loads everything the statistics need; on failure releases what it got. */
static int load(struct yd_db *db, int year, int level, struct yd_disp_cases *d, struct yd_error *err)
{
	struct yd_ledger led;
	char **paths = NULL, **vcodes = NULL, **vtitles = NULL;
	size_t npaths = 0, nv = 0;
	long outside = 0;
	int rc;
	struct yd_strmap rmap = YD_STRMAP_INIT, vmap = YD_STRMAP_INIT;

	memset(d, 0, sizeof *d);
	if ((rc = yd_ledger_load(db, &led, err)) < 0 || (rc = yd_catalogue_load(db, &d->cat, err)) < 0 ||
	    (rc = yd_db_load_cases(db, year, &d->c, &outside, err)) < 0 ||
	    (rc = yd_db_region_paths(db, &paths, &npaths, err)) < 0 ||
	    (rc = yd_db_violations(db, &vcodes, &vtitles, &nv, err)) < 0)
		goto out;
	size_t n = d->c.n;
	d->verdict = yd_xmalloc(n + 1);
	if ((rc = yd_db_load_verdicts(db, d->c.rowid, n, d->verdict, err)) < 0)
		goto out;
	d->x = yd_xmalloc((n + 1) * sizeof *d->x);
	d->agg = yd_xmalloc((n + 1) * sizeof *d->agg);
	d->vcode = yd_xmalloc((n + 1) * sizeof *d->vcode);
	d->cur = yd_xmalloc(n + 1);

	char codes[YD_CURRENCIES_MAX][4];
	if ((rc = check_level(paths, npaths, level, err)) < 0 ||
	    (rc = yd_db_load_currencies(db, &d->c, d->cur, codes, &d->ncur, err)) < 0)
		goto out;
	/* region ids -> aggregated names, computed once per region id */
	uint32_t *agg_of = yd_xmalloc((npaths + 1) * sizeof *agg_of);
	for (size_t r = 0; r < npaths; r++) {
		char a[1024];
		if (!paths[r])
			continue;
		cut_path(paths[r], level, a, sizeof a);
		agg_of[r] = intern(&rmap, &d->names, &d->nnames, a);
	}
	/* violations: the code as imported, and its name where known */
	for (size_t i = 0; i < n; i++) {
		int64_t vid = d->c.violation[i];
		const struct yd_cat_item *it = yd_catalogue_find(&d->cat, vid);
		const char *code = vid >= 0 && (size_t)vid < nv && vcodes[vid] ? vcodes[vid] : it ? it->code : "?";
		size_t before = d->ncodes;
		d->vcode[i] = intern(&vmap, &d->codes, &d->ncodes, code);
		if (d->ncodes > before) {
			const char *title = vid >= 0 && (size_t)vid < nv && vtitles[vid] ? vtitles[vid] : it ? it->name : "";
			d->titles = yd_xrealloc(d->titles, d->ncodes * sizeof *d->titles);
			d->titles[d->ncodes - 1] = yd_xstrdup(title);
		}
		d->agg[i] = agg_of[d->c.region[i]];
		enum yd_tier t = (enum yd_tier)d->c.tier[i];
		if (!yd_peers_ordinary(t) || yd_judge_x(it, d->c.fine[i], d->c.base[i], &d->x[i]) < 0)
			d->x[i] = NAN;
	}
	free(agg_of);
out:
	yd_region_paths_free(paths, npaths);
	yd_db_violations_free(vcodes, vtitles, nv);
	yd_strmap_release(&rmap);
	yd_strmap_release(&vmap);
	if (rc < 0)
		data_release(d); /* the caller gets nothing to release */
	return rc;
}

int yd_disp_cases_load(struct yd_db *db, int year, int level, struct yd_disp_cases **out, struct yd_error *err)
{
	struct yd_disp_cases *d = yd_xmalloc(sizeof *d);
	int rc = load(db, year, level, d, err);
	if (rc < 0) {
		free(d);
		d = NULL;
	}
	*out = d;
	return rc;
}

void yd_disp_cases_free(struct yd_disp_cases *d)
{
	if (!d)
		return;
	data_release(d);
	free(d);
}

int yd_disp_cases_each(const struct yd_disp_cases *d, const char *violation, yd_disp_case_fn fn, void *data)
{
	uint32_t v = UINT32_MAX;
	for (size_t k = 0; k < d->ncodes; k++)
		if (strcmp(d->codes[k], violation) == 0)
			v = (uint32_t)k;
	int rc = 0;
	for (size_t i = 0; i < d->c.n && rc == 0 && v != UINT32_MAX; i++) {
		if (d->vcode[i] != v || d->verdict[i] < 0)
			continue;
		struct yd_disp_case c = {d->names[d->agg[i]], d->c.date[i], d->c.tier[i], d->verdict[i], d->c.fine[i],
					 d->c.base[i]};
		rc = fn(data, &c);
	}
	return rc;
}

static int in_scope(const struct yd_disp_cases *d, const struct yd_disp_opts *o, size_t i)
{
	return !o->violation || strcmp(d->codes[d->vcode[i]], o->violation) == 0;
}

/* Cases with an x, grouped by key[i] (dense, < nkeys), x ascending within a
 * group; returns the member count and fills idx and end (nkeys + 1). */
static size_t group_by(const struct yd_disp_cases *d, const uint32_t *key, uint32_t nkeys, uint32_t *idx, size_t *end)
{
	size_t n = d->c.n, m = 0;
	uint32_t *byx = yd_xmalloc((n + 1) * sizeof *byx), *tmp = yd_xmalloc((2 * n + 1) * sizeof *tmp);
	yd_stats_argsort(d->x, n, byx, tmp);
	memset(end, 0, ((size_t)nkeys + 1) * sizeof *end);
	for (size_t k = 0; k < n; k++)
		if (!isnan(d->x[byx[k]])) {
			end[key[byx[k]] + 1]++;
			m++;
		}
	for (uint32_t g = 0; g < nkeys; g++)
		end[g + 1] += end[g];
	for (size_t k = 0; k < n; k++) /* end[g] runs from the start to the end of group g */
		if (!isnan(d->x[byx[k]]))
			idx[end[key[byx[k]]]++] = byx[k];
	memmove(end + 1, end, (size_t)nkeys * sizeof *end);
	end[0] = 0;
	free(byx);
	free(tmp);
	return m;
}

/* Numbers raw[0..n) (each < nraw) renumbered 0, 1, ... in order of first
 * appearance into key; returns how many.  A table when nraw is small, else
 * a hash map: this runs on every case of a 2M report. */
static uint32_t dense(const uint64_t *raw, size_t n, uint64_t nraw, uint32_t *key)
{
	uint32_t nk = 0;
	if (nraw <= 4 * (uint64_t)n + 65536) {
		uint32_t *id = yd_xmalloc((size_t)(nraw + 1) * sizeof *id);
		memset(id, 0xFF, (size_t)(nraw + 1) * sizeof *id);
		for (size_t i = 0; i < n; i++) {
			if (id[raw[i]] == UINT32_MAX)
				id[raw[i]] = nk++;
			key[i] = id[raw[i]];
		}
		free(id);
		return nk;
	}
	struct yd_strmap m = YD_STRMAP_INIT;
	for (size_t i = 0; i < n; i++) {
		char k[32];
		int64_t id;
		snprintf(k, sizeof k, "%llu", (unsigned long long)raw[i]);
		if (!yd_strmap_get(&m, k, &id)) {
			id = nk++;
			yd_strmap_put(&m, k, id);
		}
		key[i] = (uint32_t)id;
	}
	yd_strmap_release(&m);
	return nk;
}

/* Dense numbers for (violation, currency, tier), and with years > 0 for
 * (violation, currency, tier, year - y0) with years the years' span: a
 * fine is centred among fines of its own currency only (issue 25.5). */
static uint32_t *dense_keys(const struct yd_disp_cases *d, int y0, int years, int32_t today, uint32_t *nkeys)
{
	size_t n = d->c.n;
	/* with years: a date trends leave out (yd_date_warning on today) gets a
	 * slot of its own after them, so it moves no year's median */
	uint64_t span = years > 0 ? (uint64_t)years + 1 : 1;
	uint64_t *raw = yd_xmalloc((n + 1) * sizeof *raw);
	uint32_t *key = yd_xmalloc((n + 1) * sizeof *key);
	for (size_t i = 0; i < n; i++) {
		uint64_t vc = (uint64_t)d->vcode[i] * (uint64_t)d->ncur + d->cur[i];
		uint64_t vt = vc * YD_TIER_COUNT + (uint64_t)(uint8_t)d->c.tier[i] % YD_TIER_COUNT;
		int yy = d->c.date[i] / 10000 - y0;
		int out = years > 0 && (yy < 0 || yy >= years || yd_date_warning(d->c.date[i], today));
		raw[i] = vt * span + (years > 0 ? (uint64_t)(out ? years : yy) : 0);
	}
	*nkeys = dense(raw, n, (uint64_t)d->ncodes * (uint64_t)d->ncur * YD_TIER_COUNT * span, key);
	free(raw);
	return key;
}

/* Each comparable case's x minus the median of its group (key[i], dense,
 * < nk), all regions together.  NAN for cases without an x.  Returns a new
 * array. */
static double *centred(const struct yd_disp_cases *d, const uint32_t *key, uint32_t nk)
{
	size_t n = d->c.n;
	size_t *end = yd_xmalloc(((size_t)nk + 2) * sizeof *end);
	uint32_t *idx = yd_xmalloc((n + 1) * sizeof *idx);
	double *out = yd_xmalloc((n + 1) * sizeof *out), *buf = yd_xmalloc((n + 1) * sizeof *buf);

	for (size_t i = 0; i < n; i++)
		out[i] = NAN;
	group_by(d, key, nk, idx, end);
	for (uint32_t gi = 0; gi < nk; gi++) {
		const uint32_t *g = idx + end[gi];
		size_t gn = end[gi + 1] - end[gi];
		if (gn == 0)
			continue;
		for (size_t k = 0; k < gn; k++)
			buf[k] = d->x[g[k]];
		double med = yd_stats_median(buf, gn);
		for (size_t k = 0; k < gn; k++)
			out[g[k]] = d->x[g[k]] - med;
	}
	free(end);
	free(idx);
	free(buf);
	return out;
}

/* The value of rank k (0-based) of the sorted group g[0..gn) without the
 * cases of region r. */
/* The value at rank k (0-based) of the sorted group g without the cases at
 * the ascending positions own[0..nown): O(nown), not O(group). */
static double rank_skipping(const struct yd_disp_cases *d, const uint32_t *g, const uint32_t *own, size_t nown, size_t k)
{
	size_t p = k;
	for (size_t i = 0; i < nown && own[i] <= p; i++)
		p++;
	return d->x[g[p]];
}

/* d of every comparable case: its x minus the median x of the same
 * violation and tier in ALL OTHER regions (at the aggregation level), so a
 * region is compared with everyone but itself and a few biased neighbours
 * barely move its yardstick; NAN when fewer than min_peers such cases.
 * Returns a new array. */
static double *positions(const struct yd_disp_cases *d, const struct yd_disp_opts *o)
{
	size_t n = d->c.n;
	double *s = yd_xmalloc((n + 1) * sizeof *s);
	uint32_t *idx = yd_xmalloc((n + 1) * sizeof *idx), nk;
	uint32_t *own = yd_xmalloc((n + 1) * sizeof *own);
	uint32_t *run = yd_xmalloc((n + 1) * sizeof *run);
	uint32_t *key = dense_keys(d, 0, 0, 0, &nk);
	size_t *end = yd_xmalloc(((size_t)nk + 2) * sizeof *end);

	for (size_t i = 0; i < n; i++)
		s[i] = NAN;
	size_t m = group_by(d, key, nk, idx, end);
	/* each group sorted by x; its positions ordered by region (two stable
	 * counting sorts: by region, then into their group), so that every
	 * region's median of the others costs only its own cases (100,000
	 * one-case towns were quadratic) */
	uint32_t *gid = yd_xmalloc((m + 1) * sizeof *gid), *by_region = yd_xmalloc((m + 1) * sizeof *by_region);
	size_t *cnt = yd_xcalloc(d->nnames + 2, sizeof *cnt), *at = yd_xmalloc(((size_t)nk + 1) * sizeof *at);
	for (uint32_t gi = 0; gi < nk; gi++)
		for (size_t p = end[gi]; p < end[gi + 1]; p++)
			gid[p] = gi;
	for (size_t p = 0; p < m; p++)
		cnt[d->agg[idx[p]] + 1]++;
	for (size_t r = 0; r < d->nnames; r++)
		cnt[r + 1] += cnt[r];
	for (size_t p = 0; p < m; p++)
		by_region[cnt[d->agg[idx[p]]]++] = (uint32_t)p;
	for (uint32_t gi = 0; gi < nk; gi++)
		at[gi] = end[gi];
	for (size_t k = 0; k < m; k++) {
		uint32_t p = by_region[k];
		own[at[gid[p]]++] = p; /* own: positions by group, then region, then x */
	}
	for (uint32_t gi = 0; gi < nk; gi++) {
		const uint32_t *g = idx + end[gi];
		const uint32_t *pg = own + end[gi]; /* global positions, by region then x */
		size_t gn = end[gi + 1] - end[gi];
		for (size_t a = 0, b; a < gn; a = b) {
			uint32_t r = d->agg[idx[pg[a]]];
			for (b = a; b < gn && d->agg[idx[pg[b]]] == r; b++)
				run[b - a] = pg[b] - (uint32_t)end[gi]; /* the run's positions in g, ascending */
			size_t nown = b - a, mo = gn - nown;
			if ((long)mo < o->min_peers || mo == 0)
				continue;
			double med = rank_skipping(d, g, run, nown, (mo - 1) / 2);
			if (mo % 2 == 0)
				med = (med + rank_skipping(d, g, run, nown, mo / 2)) / 2;
			for (size_t j = 0; j < nown; j++)
				s[g[run[j]]] = d->x[g[run[j]]] - med;
		}
	}
	free(gid);
	free(by_region);
	free(cnt);
	free(at);
	free(key);
	free(end);
	free(own);
	free(run);
	free(idx);
	return s;
}

double yd_region_effect(double index)
{
	return 100 * expm1(index);
}

void yd_region_fmt_effect(char *buf, size_t n, double index)
{
	double e = yd_region_effect(index);
	if (isnan(e))
		snprintf(buf, n, "%s", "");
	else if (fabs(e) < 0.05)
		snprintf(buf, n, "%s", "+0.0%");
	else if (fabs(e) < 9.95)
		snprintf(buf, n, "%+.1f%%", e);
	else
		snprintf(buf, n, "%+.0f%%", e);
}

/* A case's d with its violation, for the types pulling a region's way. */
struct vd {
	uint32_t code;
	double d;
};

static int cmp_vd(const void *pa, const void *pb)
{
	const struct vd *a = pa, *b = pb;
	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	return (a->d > b->d) - (a->d < b->d);
}

struct top {
	uint32_t code;
	long n;
	double effect, pull; /* the type's trimmed mean d - centre; n x effect x the index's sign */
};

static int cmp_top_desc(const void *pa, const void *pb)
{
	const struct top *a = pa, *b = pb;
	if (a->pull != b->pull)
		return a->pull < b->pull ? 1 : -1;
	return (a->code > b->code) - (a->code < b->code);
}

/* "CG004 擅自占用城市道路 +35 % (12), ...": up to three violation types of
 * the region's cases byr[0..m), each with YD_REGION_TOP_MIN cases there,
 * whose own effect (trimmed mean of the positions, less the centre) pulls
 * the way of the region's own (raw) index, most cases x effect first. */
static char *top_types(const struct yd_disp_cases *d, const double *s, const uint32_t *byr, size_t m, double centre,
		       double index)
{
	struct vd *v = yd_xmalloc((m + 1) * sizeof *v);
	struct top *t = yd_xmalloc((m + 1) * sizeof *t);
	double *buf = yd_xmalloc((m + 1) * sizeof *buf), sign = index < 0 ? -1 : 1;
	size_t nt = 0;
	for (size_t k = 0; k < m; k++)
		v[k].code = d->vcode[byr[k]], v[k].d = s[byr[k]];
	qsort(v, m, sizeof *v, cmp_vd);
	for (size_t k = 0, j; k < m; k = j) {
		for (j = k; j < m && v[j].code == v[k].code; j++)
			buf[j - k] = v[j].d;
		if (j - k < YD_REGION_TOP_MIN)
			continue; /* a percentage over a few cases says nothing of a region's practice */
		double e = yd_funnel_trimmed_mean(buf, j - k, YD_FUNNEL_TRIM) - centre;
		t[nt].code = v[k].code;
		t[nt].n = (long)(j - k);
		t[nt].effect = e;
		t[nt].pull = (double)(j - k) * e * sign;
		nt++;
	}
	qsort(t, nt, sizeof *t, cmp_top_desc);
	struct yd_buf b = YD_BUF_INIT;
	for (size_t c = 0; c < nt && c < 3 && t[c].pull > 0; c++) {
		char e[32];
		yd_region_fmt_effect(e, sizeof e, t[c].effect);
		const char *title = d->titles[t[c].code];
		yd_buf_addf(&b, "%s%s%s%s %s（%ld 件）", c ? "、" : "", d->codes[t[c].code], *title ? " " : "", title, e,
			    t[c].n);
	}
	free(v);
	free(t);
	free(buf);
	return yd_buf_detach(&b);
}

struct region_out {
	struct yd_region_row row;
	char *region;
	char *top;
	size_t r;     /* index into names */
	double tmean; /* trimmed mean of d, before the centre comes off */
	double boot_lo, boot_hi;
	int boot;     /* its interval is to be resampled (boot_regions) */
};

/* The regions' bootstrap intervals, on two threads (issue 22): each
 * region's resampling starts from the same seed, so a region's interval
 * does not depend on which thread drew it or when. */
struct boot_job {
	const double *s;       /* the cases' positions */
	const uint32_t *byr;   /* cases by region, from off[r] */
	const size_t *off;
	struct region_out *out;
	size_t nout;
	const struct yd_disp_opts *o;
	atomic_size_t next;    /* the next region to take */
};

static void *boot_work(void *arg)
{
	struct boot_job *j = arg;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double *all = NULL;
	size_t cap = 0;
	for (size_t i; (i = atomic_fetch_add(&j->next, 1)) < j->nout;) {
		struct region_out *ro = &j->out[i];
		if (!ro->boot)
			continue;
		size_t m = j->off[ro->r + 1] - j->off[ro->r];
		YD_ALLOC_GROW(all, m, cap);
		for (size_t k = 0; k < m; k++)
			all[k] = j->s[j->byr[j->off[ro->r] + k]];
		yd_stats_sort(all, m);
		gsl_rng_set(rng, j->o->seed);
		yd_funnel_boot_trimmed(all, m, YD_FUNNEL_TRIM, j->o->boot, 0.95, rng, &ro->boot_lo, &ro->boot_hi);
	}
	free(all);
	gsl_rng_free(rng);
	return NULL;
}

static void boot_regions(struct boot_job *j)
{
	pthread_t t;
	atomic_init(&j->next, 0);
	int threaded = pthread_create(&t, NULL, boot_work, j) == 0;
	boot_work(j);
	if (threaded)
		pthread_join(t, NULL);
}

static int cmp_region(const void *pa, const void *pb)
{
	const struct region_out *a = pa, *b = pb;
	int ta = a->row.label == YD_RL_TOO_FEW, tb = b->row.label == YD_RL_TOO_FEW;
	if (ta != tb)
		return ta - tb;
	if (a->row.index != b->row.index)
		return a->row.index > b->row.index ? -1 : 1;
	return strcmp(a->region, b->region);
}

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;
	return (a > b) - (a < b);
}

/* Each case's position adjusted for case mix (mix.h): the cases with a
 * d (those with min_peers comparable cases in other regions), in scope,
 * fitted jointly by region, violation x tier and the case's party type,
 * year and base.  s: d in, positions out (NAN stays NAN). */
static void adjust_mix(const struct yd_disp_cases *d, double *s)
{
	size_t n = d->c.n;
	uint32_t nk;
	uint32_t *key = dense_keys(d, 0, 0, 0, &nk);
	double *x = yd_xmalloc((n + 1) * sizeof *x), *lnb = yd_xmalloc((n + 1) * sizeof *lnb);
	int32_t *year = yd_xmalloc((n + 1) * sizeof *year);
	for (size_t i = 0; i < n; i++) {
		x[i] = isnan(s[i]) ? NAN : d->x[i];
		lnb[i] = d->c.base[i] > 0 ? log((double)d->c.base[i]) : NAN;
		year[i] = d->c.date[i] / 10000;
	}
	struct yd_mix_in in = {n, x, key, d->agg, d->c.party, year, lnb, nk, (uint32_t)d->nnames};
	struct yd_mix_opts mo = YD_MIX_OPTS_DEFAULT;
	yd_mix_positions(&in, &mo, s, NULL);
	free(key);
	free(x);
	free(lnb);
	free(year);
}

/* The label of a region with min_cases, from its own cases (raw, the
 * interval), never from the shrinkage: harsh or lenient outside the 99.8 %
 * funnel with an effect of at least min_effect; in_line when the interval
 * lies inside the material band; else uncertain.  (With the shrunk
 * estimate, a 1.3x town of 25 scattered cases among homogeneous ones was
 * in_line at +0.3 %.) */
static enum yd_region_label label_of(const struct yd_region_row *r, const struct yd_disp_opts *o)
{
	double e = yd_region_effect(r->raw);
	if (r->raw > r->limit998 && e >= o->min_effect)
		return YD_RL_HARSH;
	if (r->raw < -r->limit998 && e <= -o->min_effect)
		return YD_RL_LENIENT;
	if (yd_region_effect(r->ci_low) > -o->material && yd_region_effect(r->ci_high) < o->material)
		return YD_RL_IN_LINE;
	return YD_RL_UNCERTAIN;
}

int yd_regions_in(const struct yd_disp_cases *d, const struct yd_disp_opts *o, yd_region_fn fn, void *data)
{
	int rc = 0;
	size_t n = d->c.n;
	double *s = positions(d, o);
	for (size_t i = 0; i < n; i++) /* the other violations were only the others' yardstick */
		if (!in_scope(d, o, i))
			s[i] = NAN;
	adjust_mix(d, s);

	/* positions by region */
	size_t *cnt = yd_xcalloc(d->nnames + 1, sizeof *cnt), *off = yd_xcalloc(d->nnames + 2, sizeof *off), na = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(s[i]))
			cnt[d->agg[i]]++, na++;
	for (size_t r = 0; r < d->nnames; r++)
		off[r + 1] = off[r] + cnt[r];
	uint32_t *byr = yd_xmalloc((na + 1) * sizeof *byr);
	memset(cnt, 0, (d->nnames + 1) * sizeof *cnt);
	for (size_t i = 0; i < n; i++)
		if (!isnan(s[i]))
			byr[off[d->agg[i]] + cnt[d->agg[i]]++] = (uint32_t)i;

	/* each region: trimmed mean of its positions, its bootstrap interval,
	 * and its winsorised sum of squares for the pooled spread */
	struct region_out *out = yd_xcalloc(d->nnames + 1, sizeof *out);
	double *all = yd_xmalloc((na + 1) * sizeof *all), *tm = yd_xmalloc((d->nnames + 1) * sizeof *tm),
	       *y = yd_xmalloc((d->nnames + 1) * sizeof *y), *se = yd_xmalloc((d->nnames + 1) * sizeof *se);
	double ss = 0, dfs = 0;
	size_t nout = 0, ntm = 0;
	for (size_t r = 0; r < d->nnames; r++) {
		size_t m = off[r + 1] - off[r];
		if (!m)
			continue;
		for (size_t k = 0; k < m; k++)
			all[k] = s[byr[off[r] + k]];
		yd_stats_sort(all, m);
		struct region_out *ro = &out[nout++];
		ro->region = d->names[r];
		ro->r = r;
		ro->row.n = (long)m;
		ro->tmean = yd_funnel_trimmed_mean(all, m, YD_FUNNEL_TRIM);
		double wss = m >= 2 ? yd_funnel_winsorized_ss(all, m, YD_FUNNEL_TRIM) : 0;
		ro->boot_lo = ro->boot_hi = NAN;
		if ((long)m < o->min_cases) {
			/* too few cases for a label, and for an interval worth its
			 * cost: 100,000 one-case towns spent seconds resampling */
		} else if (m > YD_REGION_BOOT_MAX) {
			/* a large region: the trimmed mean is close to normal, with
			 * the Tukey-McLaughlin standard error */
			double se_r = sqrt(wss / (double)(m - 1)) / ((1 - 2 * YD_FUNNEL_TRIM) * sqrt((double)m));
			ro->boot_lo = ro->tmean - YD_REGION_Z95 * se_r;
			ro->boot_hi = ro->tmean + YD_REGION_Z95 * se_r;
		} else {
			ro->boot = 1; /* below, on two threads */
		}
		if (m >= 2) {
			ss += wss;
			dfs += (double)(m - 1);
		}
		ro->row.label = (long)m < o->min_cases ? YD_RL_TOO_FEW : YD_RL_IN_LINE;
		if (ro->row.label != YD_RL_TOO_FEW)
			tm[ntm++] = ro->tmean;
	}
	struct boot_job bj;
	bj.s = s, bj.byr = byr, bj.off = off, bj.out = out, bj.nout = nout, bj.o = o;
	boot_regions(&bj);
	/* the centre: the typical region (median of the regions' trimmed
	 * means, those with min_cases); the spread of a trimmed mean of n
	 * cases if the region were in line: sigma / sqrt(n), sigma the pooled
	 * winsorised sd / (1 - 2 trim) (Tukey-McLaughlin) */
	if (ntm == 0) /* no region has min_cases: the typical one of all */
		for (size_t i = 0; i < nout; i++)
			tm[ntm++] = out[i].tmean;
	qsort(tm, ntm, sizeof *tm, cmp_double);
	double centre = ntm ? yd_stats_median(tm, ntm) : 0;
	double sigma = dfs > 0 ? sqrt(ss / dfs) / (1 - 2 * YD_FUNNEL_TRIM) : NAN;
	size_t k = 0;
	for (size_t i = 0; i < nout; i++) {
		struct yd_region_row *row = &out[i].row;
		row->raw = out[i].tmean - centre;
		row->se = sigma / sqrt((double)row->n);
		if (row->label != YD_RL_TOO_FEW) {
			y[k] = row->raw;
			se[k++] = row->se;
		}
	}
	/* two between-region variances: the limits' from the median |z|, so
	 * that the regions a label is for cannot widen their own limits; the
	 * shrinkage's from every region's z^2, biased ones included, for it
	 * is the spread of the regions' real effects that says how far to
	 * trust a small region's own cases */
	double tau2 = isnan(sigma) ? 0 : yd_funnel_tau2_robust(y, se, k, 0);
	double tau2_all = isnan(sigma) ? 0 : yd_funnel_tau2(y, se, k, 0, 0);
	for (size_t i = 0; i < nout; i++) {
		struct yd_region_row *row = &out[i].row;
		/* the estimate shown and ranked is the posterior mean b raw (no
		 * shrinkage without two regions to tell the spread from); the
		 * interval stays the region's own, as the labels do */
		double b = isnan(row->se) || k < 2 ? 1 : yd_funnel_shrink(tau2_all, row->se);
		row->shrink = b;
		row->index = b * row->raw;
		row->ci_low = out[i].boot_lo - centre;
		row->ci_high = out[i].boot_hi - centre;
		row->sigma = sigma;
		row->tau = sqrt(tau2);
		row->tau_all = sqrt(tau2_all);
		row->limit95 = yd_funnel_limit(YD_REGION_Z95, row->se, tau2);
		row->limit998 = yd_funnel_limit(YD_REGION_LABEL_Z, row->se, tau2);
		if (row->label != YD_RL_TOO_FEW)
			row->label = label_of(row, o);
		size_t r = out[i].r;
		out[i].top = top_types(d, s, byr + off[r], off[r + 1] - off[r], centre, row->raw);
	}
	qsort(out, nout, sizeof *out, cmp_region);
	for (size_t i = 0; i < nout && rc == 0; i++) {
		out[i].row.region = out[i].region;
		out[i].row.top = out[i].top;
		rc = fn(data, &out[i].row);
	}
	for (size_t i = 0; i < nout; i++)
		free(out[i].top);
	free(out);
	free(tm);
	free(y);
	free(se);
	free(byr);
	free(cnt);
	free(off);
	free(all);
	free(s);
	return rc;
}

int yd_regions(struct yd_db *db, const struct yd_disp_opts *o, yd_region_fn fn, void *data, struct yd_error *err)
{
	struct yd_disp_cases d;
	int rc = load(db, o->year, o->level, &d, err);
	if (rc < 0)
		return rc;
	rc = yd_regions_in(&d, o, fn, data);
	data_release(&d);
	return rc;
}

/* ---- Kruskal-Wallis per violation ---- */

struct kw_out {
	struct yd_kw_row row;
};

static int cmp_kw(const void *pa, const void *pb)
{
	const struct kw_out *a = pa, *b = pb;
	if (a->row.testable != b->row.testable)
		return b->row.testable - a->row.testable;
	if (a->row.testable && a->row.q != b->row.q)
		return a->row.q < b->row.q ? -1 : 1;
	return strcmp(a->row.violation_code, b->row.violation_code);
}

int yd_disparity_in(const struct yd_disp_cases *d, const struct yd_disp_opts *o, yd_kw_fn fn, void *data)
{
	int rc = 0;
	size_t n = d->c.n;
	/* ln(fine) less the median of its violation and tier (all regions:
	 * one centre for every region, so the test stays a test), so a town's
	 * mix of tiers does not count as disparity; in the unit of the regions'
	 * d, never divided by a spread that heaped fines make tiny */
	uint32_t nk;
	uint32_t *key = dense_keys(d, 0, 0, 0, &nk);
	double *z = centred(d, key, nk);
	/* per violation: the regions with kw_min cases */
	struct kw_out *out = yd_xcalloc(d->ncodes + 1, sizeof *out);
	size_t *rc_count = yd_xcalloc(d->nnames + 1, sizeof *rc_count);
	uint32_t *grp = yd_xmalloc((n + 1) * sizeof *grp), *rid = yd_xmalloc((d->nnames + 1) * sizeof *rid);
	double *v = yd_xmalloc((n + 1) * sizeof *v), *mr = yd_xmalloc((d->nnames + 1) * sizeof *mr);
	size_t ntest = 0;
	double *p = yd_xmalloc((d->ncodes + 1) * sizeof *p);
	for (size_t c = 0; c < d->ncodes; c++) {
		struct yd_kw_row *row = &out[c].row;
		row->violation_code = d->codes[c];
		row->violation_name = d->titles[c];
		memset(rc_count, 0, (d->nnames + 1) * sizeof *rc_count);
		for (size_t i = 0; i < n; i++)
			if (d->vcode[i] == c && !isnan(z[i]))
				rc_count[d->agg[i]]++;
		uint32_t k = 0;
		for (size_t r = 0; r < d->nnames; r++)
			rid[r] = (long)rc_count[r] >= o->kw_min ? k++ : UINT32_MAX;
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (d->vcode[i] == c && !isnan(z[i]) && rid[d->agg[i]] != UINT32_MAX) {
				v[m] = z[i];
				grp[m++] = rid[d->agg[i]];
			}
		row->n = (long)m;
		row->regions = (int)k;
		/* a violation out of scope is neither shown nor corrected for */
		row->testable = k >= 2 && (!o->violation || strcmp(d->codes[c], o->violation) == 0);
		row->h = row->p = row->q = row->epsilon2 = NAN;
		row->highest = row->lowest = "";
		if (!row->testable)
			continue;
		struct yd_kw kw;
		yd_stats_kruskal(v, grp, m, k, mr, &kw);
		row->h = kw.h;
		row->p = kw.p;
		row->epsilon2 = kw.epsilon2;
		double hi = -1, lo = INFINITY;
		for (size_t r = 0; r < d->nnames; r++) {
			if (rid[r] == UINT32_MAX)
				continue;
			if (mr[rid[r]] > hi)
				hi = mr[rid[r]], row->highest = d->names[r];
			if (mr[rid[r]] < lo)
				lo = mr[rid[r]], row->lowest = d->names[r];
		}
		p[ntest++] = kw.p;
	}
	/* Benjamini-Hochberg over the testable types, in code order */
	yd_stats_bh(p, ntest, p);
	for (size_t c = 0, t = 0; c < d->ncodes; c++)
		if (out[c].row.testable)
			out[c].row.q = p[t++];
	size_t nshow = 0;
	for (size_t c = 0; c < d->ncodes; c++)
		if (!o->violation || strcmp(d->codes[c], o->violation) == 0)
			out[nshow++] = out[c];
	qsort(out, nshow, sizeof *out, cmp_kw);
	for (size_t c = 0; c < nshow && rc == 0; c++)
		rc = fn(data, &out[c].row);
	free(out);
	free(rc_count);
	free(grp);
	free(rid);
	free(v);
	free(mr);
	free(p);
	free(key);
	free(z);
	return rc;
}

int yd_disparity(struct yd_db *db, const struct yd_disp_opts *o, yd_kw_fn fn, void *data, struct yd_error *err)
{
	struct yd_disp_cases d;
	int rc = load(db, o->year, o->level, &d, err);
	if (rc < 0)
		return rc;
	rc = yd_disparity_in(&d, o, fn, data);
	data_release(&d);
	return rc;
}

/* ---- trends ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int yd_trends_in(const struct yd_disp_cases *d, const struct yd_disp_opts *o, yd_trend_fn fn, void *data)
{
	int rc = 0;
	size_t n = d->c.n;
	int y0 = 9999, y1 = 0;
	for (size_t i = 0; i < n; i++) {
		if (yd_date_warning(d->c.date[i], o->today))
			continue;
		int y = d->c.date[i] / 10000;
		y0 = y < y0 ? y : y0;
		y1 = y > y1 ? y : y1;
	}
	int ny = y1 >= y0 ? y1 - y0 + 1 : 0;
	/* deviation of x from its violation-tier-year median */
	uint32_t nk;
	uint32_t *key = dense_keys(d, y0, ny, o->today, &nk);
	double *dev = centred(d, key, nk);
	double *buf = yd_xmalloc((n + 1) * sizeof *buf), *work = yd_xmalloc((n + 1) * sizeof *work);
	/* rows: each violation in code order, then all together ("") */
	char **order = yd_xmalloc((d->ncodes + 1) * sizeof *order);
	for (size_t c = 0; c < d->ncodes; c++)
		order[c] = d->codes[c];
	qsort(order, d->ncodes, sizeof *order, cmp_str);
	double *xs = yd_xmalloc(((size_t)ny + 1) * sizeof *xs), *ys = yd_xmalloc(((size_t)ny + 1) * sizeof *ys);
	struct yd_trend_row *rows = yd_xcalloc((size_t)ny + 1, sizeof *rows);
	double *fines = yd_xmalloc((n + 1) * sizeof *fines);
	/* the cases by (violation, year) and by year, each bucket once: scanning
	 * every case for every violation and year took most of a 2M report */
	size_t nb = (d->ncodes + 1) * (size_t)(ny ? ny : 1);
	size_t *boff = yd_xcalloc(nb + 2, sizeof *boff);
	uint32_t *bcase = yd_xmalloc((2 * n + 1) * sizeof *bcase);
	/* a placeholder date's year is no year of the data: in no bucket */
	for (size_t i = 0; i < n; i++) {
		if (yd_date_warning(d->c.date[i], o->today))
			continue;
		size_t yy = (size_t)(d->c.date[i] / 10000 - y0);
		boff[d->vcode[i] * (size_t)ny + yy + 2]++;
		boff[d->ncodes * (size_t)ny + yy + 2]++;
	}
	for (size_t k = 2; k < nb + 2; k++)
		boff[k] += boff[k - 1];
	for (size_t i = 0; i < n; i++) {
		if (yd_date_warning(d->c.date[i], o->today))
			continue;
		size_t yy = (size_t)(d->c.date[i] / 10000 - y0);
		bcase[boff[d->vcode[i] * (size_t)ny + yy + 1]++] = (uint32_t)i;
		bcase[boff[d->ncodes * (size_t)ny + yy + 1]++] = (uint32_t)i;
	}
	/* bucket k holds bcase[boff[k] .. boff[k + 1]) */
	for (size_t c = 0; c <= d->ncodes && rc == 0; c++) {
		const char *code = c < d->ncodes ? order[c] : "";
		if (o->violation && (c == d->ncodes || strcmp(code, o->violation) != 0))
			continue; /* with one violation, "all together" would repeat it */
		size_t vc = d->ncodes; /* the code's own id: order[] is sorted, vcode is not */
		for (size_t k = 0; k < d->ncodes && c < d->ncodes; k++)
			if (d->codes[k] == code)
				vc = k;
		size_t used = 0;
		for (int y = 0; y < ny; y++) {
			struct yd_trend_row *r = &rows[y];
			memset(r, 0, sizeof *r);
			r->violation_code = code;
			r->year = y0 + y;
			long flagged = 0, atmin = 0, known = 0, soft = 0;
			size_t nd = 0, nf = 0;
			int mixed = 0; /* fines of several currencies: no median of them */
			size_t bk = vc * (size_t)ny + (size_t)y;
			for (size_t bi = boff[bk]; bi < boff[bk + 1]; bi++) {
				size_t i = bcase[bi];
				if (!in_scope(d, o, i))
					continue;
				r->n++;
				mixed |= d->cur[i] != d->cur[bcase[boff[bk]]];
				fines[nf++] = (double)d->c.fine[i] / 100.0;
				flagged += d->verdict[i] >= 0 && YD_VERDICT_FLAGGED(d->verdict[i]);
				soft += d->c.tier[i] == YD_TIER_NONE || d->c.tier[i] == YD_TIER_MITIGATED;
				const struct yd_cat_item *it =
				    yd_catalogue_find_at(&d->cat, d->c.violation[i], d->c.date[i], NULL);
				if (it && (it->kind == YD_KIND_FIXED || d->c.base[i] > 0)) {
					known++;
					atmin += yd_cat_fen_meets(it, it->lo, d->c.base[i], d->c.fine[i]);
				}
				if (!isnan(dev[i]))
					buf[nd++] = dev[i];
			}
			if (!r->n)
				continue;
			yd_stats_sort(fines, nf);
			r->median_fine = mixed ? NAN : yd_stats_median(fines, nf);
			yd_stats_sort(buf, nd);
			r->dispersion = nd ? YD_MAD_SCALE * yd_stats_mad(buf, nd, work) : NAN;
			r->share_flagged = (double)flagged / (double)r->n;
			r->share_at_min = known ? (double)atmin / (double)known : NAN;
			r->share_mitigated_none = (double)soft / (double)r->n;
			if (!isnan(r->dispersion) && r->n >= YD_TREND_MIN_FIT) {
				r->fitted = 1;
				xs[used] = r->year;
				ys[used++] = r->dispersion;
			}
		}
		double sl, lo, hi;
		yd_stats_slope(xs, ys, used, 0.95, &sl, &lo, &hi);
		const char *dir = used < 3 ? "too few years" : hi < 0 ? "fell" : lo > 0 ? "rose" : "no clear change";
		for (int y = 0; y < ny && rc == 0; y++) {
			if (!rows[y].n)
				continue;
			rows[y].slope = sl;
			rows[y].slope_low = lo;
			rows[y].slope_high = hi;
			rows[y].direction = dir;
			rc = fn(data, &rows[y]);
		}
	}
	free(order);
	free(boff);
	free(bcase);
	free(xs);
	free(ys);
	free(rows);
	free(fines);
	free(key);
	free(dev);
	free(buf);
	free(work);
	return rc;
}

int yd_trends(struct yd_db *db, const struct yd_disp_opts *o, yd_trend_fn fn, void *data, struct yd_error *err)
{
	struct yd_disp_cases d;
	int rc = load(db, o->year, o->level, &d, err);
	if (rc < 0)
		return rc;
	rc = yd_trends_in(&d, o, fn, data);
	data_release(&d);
	return rc;
}
