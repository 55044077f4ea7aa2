#include "youdu/disparity.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/analyze.h"
#include "youdu/buf.h"
#include "youdu/catalogue.h"
#include "youdu/db_analysis.h"
#include "youdu/judge.h"
#include "youdu/stats.h"
#include "youdu/strmap.h"

static const char *const label_en[] = {"harsh", "lenient", "in_line", "too_few"};
static const char *const label_cn[] = {"偏严", "偏宽", "正常", "案例过少"};

const char *yd_region_label_name(enum yd_region_label l)
{
	return (unsigned)l <= YD_RL_TOO_FEW ? label_en[l] : "";
}

const char *yd_region_label_zh(enum yd_region_label l)
{
	return (unsigned)l <= YD_RL_TOO_FEW ? label_cn[l] : "";
}

/* The cases of one query, with what every statistic here needs. */
struct data {
	struct yd_casecols c;
	struct yd_catalogue cat;
	int8_t *verdict;    /* stored verdict, -1 none */
	double *x;          /* ln(fine) or ln(fine/base); NAN when not an ordinary comparable case */
	uint32_t *agg;      /* region id at the aggregation level (index into names) */
	uint32_t *parent;   /* its parent, same id space */
	uint32_t *vcode;    /* violation index into codes */
	char **names;       /* aggregated region names (owned) */
	size_t nnames;
	char **codes;       /* violation codes (owned) */
	size_t ncodes;
};

static void data_release(struct data *d)
{
	yd_casecols_release(&d->c);
	yd_catalogue_release(&d->cat);
	free(d->verdict);
	free(d->x);
	free(d->agg);
	free(d->parent);
	free(d->vcode);
	for (size_t i = 0; i < d->nnames; i++)
		free(d->names[i]);
	free(d->names);
	for (size_t i = 0; i < d->ncodes; i++)
		free(d->codes[i]);
	free(d->codes);
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

/* Loads everything the statistics need; on failure releases what it got. */
static int load(struct yd_db *db, const struct yd_disp_opts *o, struct data *d, struct yd_error *err)
{
	struct yd_ledger led;
	char **paths = NULL;
	size_t npaths = 0;
	long outside = 0;
	int rc;
	struct yd_strmap rmap = YD_STRMAP_INIT, vmap = YD_STRMAP_INIT;

	memset(d, 0, sizeof *d);
	if ((rc = yd_ledger_load(db, &led, err)) < 0 || (rc = yd_catalogue_load(db, &d->cat, err)) < 0 ||
	    (rc = yd_db_load_cases(db, o->year, &d->c, &outside, err)) < 0 ||
	    (rc = yd_db_region_paths(db, &paths, &npaths, err)) < 0)
		goto out;
	size_t n = d->c.n;
	d->verdict = yd_xmalloc(n + 1);
	if ((rc = yd_db_load_verdicts(db, d->c.rowid, n, d->verdict, err)) < 0)
		goto out;
	d->x = yd_xmalloc((n + 1) * sizeof *d->x);
	d->agg = yd_xmalloc((n + 1) * sizeof *d->agg);
	d->parent = yd_xmalloc((n + 1) * sizeof *d->parent);
	d->vcode = yd_xmalloc((n + 1) * sizeof *d->vcode);

	/* region ids -> aggregated names, computed once per region id */
	uint32_t *agg_of = yd_xmalloc((npaths + 1) * sizeof *agg_of), *par_of = yd_xmalloc((npaths + 1) * sizeof *par_of);
	for (size_t r = 0; r < npaths; r++) {
		char a[1024], p[1024];
		if (!paths[r])
			continue;
		cut_path(paths[r], o->level, a, sizeof a);
		yd_region_at_level(a, YD_LEVEL_PARENT, p, sizeof p);
		agg_of[r] = intern(&rmap, &d->names, &d->nnames, a);
		par_of[r] = intern(&rmap, &d->names, &d->nnames, p);
	}
	/* violation codes: from the catalogue where known, else by id */
	for (size_t i = 0; i < n; i++) {
		const struct yd_cat_item *it = yd_catalogue_find(&d->cat, d->c.violation[i]);
		char code[32];
		if (!it)
			snprintf(code, sizeof code, "#%d", (int)d->c.violation[i]);
		d->vcode[i] = intern(&vmap, &d->codes, &d->ncodes, it ? it->code : code);
		d->agg[i] = agg_of[d->c.region[i]];
		d->parent[i] = par_of[d->c.region[i]];
		enum yd_tier t = (enum yd_tier)d->c.tier[i];
		int ordinary = t != YD_TIER_NONE && t != YD_TIER_MITIGATED;
		if (!ordinary || yd_judge_x(it, d->c.fine[i], d->c.base[i], &d->x[i]) < 0 ||
		    (o->violation && strcmp(d->codes[d->vcode[i]], o->violation) != 0))
			d->x[i] = NAN;
	}
	free(agg_of);
	free(par_of);
out:
	yd_region_paths_free(paths, npaths);
	yd_strmap_release(&rmap);
	yd_strmap_release(&vmap);
	if (rc < 0)
		data_release(d); /* the caller gets nothing to release */
	return rc;
}

static int in_scope(const struct data *d, const struct yd_disp_opts *o, size_t i)
{
	return !o->violation || strcmp(d->codes[d->vcode[i]], o->violation) == 0;
}

/* Cases with an x, grouped by key[i] (dense, < nkeys), x ascending within a
 * group; returns the member count and fills idx and end (nkeys + 1). */
static size_t group_by(const struct data *d, const uint32_t *key, uint32_t nkeys, uint32_t *idx, size_t *end)
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

/* Dense numbers for a composite key. */
static uint32_t *dense_keys(const struct data *d, int with_parent, uint32_t *nkeys)
{
	struct yd_strmap m = YD_STRMAP_INIT;
	uint32_t *key = yd_xmalloc((d->c.n + 1) * sizeof *key);
	*nkeys = 0;
	for (size_t i = 0; i < d->c.n; i++) {
		char k[64];
		int64_t id;
		snprintf(k, sizeof k, "%u:%d:%u", d->vcode[i], (int)d->c.tier[i], with_parent ? d->parent[i] : 0u);
		if (!yd_strmap_get(&m, k, &id)) {
			id = (*nkeys)++;
			yd_strmap_put(&m, k, id);
		}
		key[i] = (uint32_t)id;
	}
	yd_strmap_release(&m);
	return key;
}

/* Median and raw MAD of the sorted group g[0..n) without the cases of region
 * `skip`; returns the number of values used. */
static size_t stats_without(const struct data *d, const uint32_t *g, size_t n, uint32_t skip, double *buf,
			    double *work, double *med, double *mad)
{
	size_t m = 0;
	for (size_t k = 0; k < n; k++)
		if (d->agg[g[k]] != skip)
			buf[m++] = d->x[g[k]];
	if (m) {
		*med = yd_stats_median(buf, m);
		*mad = yd_stats_mad(buf, m, work);
	}
	return m;
}

/* Each comparable case's x minus the median of its group (key[i], dense,
 * < nk); divided by the group's robust scale (floored at min_scale) when
 * scaled.  NAN for cases without an x.  Returns a new array. */
static double *centred(const struct data *d, const uint32_t *key, uint32_t nk, int scaled, double min_scale)
{
	size_t n = d->c.n;
	size_t *end = yd_xmalloc(((size_t)nk + 2) * sizeof *end);
	uint32_t *idx = yd_xmalloc((n + 1) * sizeof *idx);
	double *out = yd_xmalloc((n + 1) * sizeof *out), *buf = yd_xmalloc((n + 1) * sizeof *buf),
	       *work = yd_xmalloc((n + 1) * sizeof *work);

	for (size_t i = 0; i < n; i++)
		out[i] = NAN;
	group_by(d, key, nk, idx, end);
	for (uint32_t gi = 0; gi < nk; gi++) {
		const uint32_t *g = idx + end[gi];
		size_t gn = end[gi + 1] - end[gi];
		double med = 0, mad = 0;
		if (stats_without(d, g, gn, UINT32_MAX, buf, work, &med, &mad) == 0)
			continue;
		double scale = !scaled ? 1 : YD_MAD_SCALE * mad < min_scale ? min_scale : YD_MAD_SCALE * mad;
		for (size_t k = 0; k < gn; k++)
			out[g[k]] = (d->x[g[k]] - med) / scale;
	}
	free(end);
	free(idx);
	free(buf);
	free(work);
	return out;
}

/* The standardized position of every comparable case against its violation
 * and tier in the parent region without its own region (else in all
 * regions without it); NAN when neither has min_peers other cases. */
static double *positions(const struct data *d, const struct yd_disp_opts *o)
{
	size_t n = d->c.n;
	double *s = yd_xmalloc((n + 1) * sizeof *s), *buf = yd_xmalloc((n + 1) * sizeof *buf);
	double *work = yd_xmalloc((n + 1) * sizeof *work);
	uint32_t *idx = yd_xmalloc((n + 1) * sizeof *idx);

	for (size_t i = 0; i < n; i++)
		s[i] = NAN;
	for (int pass = 0; pass < 2; pass++) { /* 0: parent region; 1: all regions, for the rest */
		uint32_t nk;
		uint32_t *key = dense_keys(d, pass == 0, &nk);
		size_t *end = yd_xmalloc(((size_t)nk + 2) * sizeof *end);
		group_by(d, key, nk, idx, end);
		for (uint32_t gi = 0; gi < nk; gi++) {
			const uint32_t *g = idx + end[gi];
			size_t gn = end[gi + 1] - end[gi];
			/* each region of the group in turn against the rest */
			for (size_t k = 0; k < gn; k++) {
				uint32_t r = d->agg[g[k]];
				if (!isnan(s[g[k]]))
					continue;
				int first = 1;
				for (size_t j = 0; j < k && first; j++)
					first = d->agg[g[j]] != r;
				if (!first)
					continue;
				double med = 0, mad = 0;
				size_t m = stats_without(d, g, gn, r, buf, work, &med, &mad);
				if ((long)m < o->min_peers)
					continue;
				double scale = YD_MAD_SCALE * mad;
				if (scale < o->min_scale)
					scale = o->min_scale;
				for (size_t j = k; j < gn; j++)
					if (d->agg[g[j]] == r && isnan(s[g[j]]))
						s[g[j]] = (d->x[g[j]] - med) / scale;
			}
		}
		free(key);
		free(end);
	}
	free(buf);
	free(work);
	free(idx);
	return s;
}

struct top {
	uint32_t code;
	double sum;
};

static int cmp_top_desc(const void *pa, const void *pb)
{
	const struct top *a = pa, *b = pb;
	return (a->sum < b->sum) - (a->sum > b->sum);
}

struct region_out {
	struct yd_region_row row;
	char *region;
	char *top;
};

static int cmp_region(const void *pa, const void *pb)
{
	const struct region_out *a = pa, *b = pb;
	int ta = a->row.label == YD_RL_TOO_FEW, tb = b->row.label == YD_RL_TOO_FEW;
	if (ta != tb)
		return ta - tb;
	if (a->row.harshness != b->row.harshness)
		return a->row.harshness > b->row.harshness ? -1 : 1;
	return strcmp(a->region, b->region);
}

int yd_regions(struct yd_db *db, const struct yd_disp_opts *o, yd_region_fn fn, void *data, struct yd_error *err)
{
	struct data d;
	int rc = load(db, o, &d, err);
	if (rc < 0)
		return rc;
	size_t n = d.c.n;
	double *s = positions(&d, o);
	/* the funnel's spread: robust sigma of all positions */
	double *all = yd_xmalloc((n + 1) * sizeof *all), *work = yd_xmalloc((n + 1) * sizeof *work);
	size_t na = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(s[i]))
			all[na++] = s[i];
	yd_stats_sort(all, na);
	double sigma = na ? YD_MAD_SCALE * yd_stats_mad(all, na, work) : NAN;

	/* positions by region */
	size_t *cnt = yd_xcalloc(d.nnames + 1, sizeof *cnt), *off = yd_xcalloc(d.nnames + 2, sizeof *off);
	for (size_t i = 0; i < n; i++)
		if (!isnan(s[i]))
			cnt[d.agg[i]]++;
	for (size_t r = 0; r < d.nnames; r++)
		off[r + 1] = off[r] + cnt[r];
	uint32_t *byr = yd_xmalloc((na + 1) * sizeof *byr);
	memset(cnt, 0, (d.nnames + 1) * sizeof *cnt);
	for (size_t i = 0; i < n; i++)
		if (!isnan(s[i]))
			byr[off[d.agg[i]] + cnt[d.agg[i]]++] = (uint32_t)i;

	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct region_out *out = yd_xcalloc(d.nnames + 1, sizeof *out);
	struct top *tops = yd_xcalloc(d.ncodes + 1, sizeof *tops);
	size_t nout = 0;
	for (size_t r = 0; r < d.nnames; r++) {
		size_t m = off[r + 1] - off[r];
		if (!m)
			continue;
		double sum = 0;
		for (size_t k = 0; k < m; k++) {
			all[k] = s[byr[off[r] + k]];
			sum += all[k];
		}
		yd_stats_sort(all, m);
		struct region_out *ro = &out[nout++];
		struct yd_region_row *row = &ro->row;
		ro->region = d.names[r];
		row->n = (long)m;
		row->harshness = yd_stats_median(all, m);
		gsl_rng_set(rng, o->seed); /* each region reproducible on its own */
		yd_stats_boot_median(all, m, o->boot, 0.95, rng, &row->ci_low, &row->ci_high);
		row->mean = sum / (double)m;
		row->limit95 = 1.959963984540054 * sigma / sqrt((double)m);
		row->limit998 = 3.090232306167813 * sigma / sqrt((double)m);
		if ((long)m < o->min_cases)
			row->label = YD_RL_TOO_FEW;
		else if (row->ci_low > 0 && row->harshness >= o->min_effect)
			row->label = YD_RL_HARSH;
		else if (row->ci_high < 0 && row->harshness <= -o->min_effect)
			row->label = YD_RL_LENIENT;
		else
			row->label = YD_RL_IN_LINE;
		/* the violation types pulling the same way as the median, most first */
		for (size_t c = 0; c < d.ncodes; c++)
			tops[c].code = (uint32_t)c, tops[c].sum = 0;
		double sign = row->harshness < 0 ? -1 : 1;
		for (size_t k = 0; k < m; k++) {
			uint32_t i = byr[off[r] + k];
			tops[d.vcode[i]].sum += sign * s[i];
		}
		qsort(tops, d.ncodes, sizeof *tops, cmp_top_desc);
		struct yd_buf b = YD_BUF_INIT;
		for (size_t c = 0; c < d.ncodes && c < 3 && tops[c].sum > 0; c++)
			yd_buf_addf(&b, "%s%s %+.1f", c ? ", " : "", d.codes[tops[c].code], sign * tops[c].sum);
		ro->top = yd_buf_detach(&b);
	}
	qsort(out, nout, sizeof *out, cmp_region);
	for (size_t k = 0; k < nout && rc == 0; k++) {
		out[k].row.region = out[k].region;
		out[k].row.top = out[k].top;
		rc = fn(data, &out[k].row);
	}
	for (size_t k = 0; k < nout; k++)
		free(out[k].top);
	free(out);
	free(tops);
	gsl_rng_free(rng);
	free(byr);
	free(cnt);
	free(off);
	free(all);
	free(work);
	free(s);
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

int yd_disparity(struct yd_db *db, const struct yd_disp_opts *o, yd_kw_fn fn, void *data, struct yd_error *err)
{
	struct data d;
	int rc = load(db, o, &d, err);
	if (rc < 0)
		return rc;
	size_t n = d.c.n;
	/* x standardized within violation and tier (all regions), so a town's
	 * mix of tiers does not count as disparity */
	uint32_t nk;
	uint32_t *key = dense_keys(&d, 0, &nk);
	double *z = centred(&d, key, nk, 1, o->min_scale);
	/* per violation: the regions with kw_min cases */
	struct kw_out *out = yd_xcalloc(d.ncodes + 1, sizeof *out);
	size_t *rc_count = yd_xcalloc(d.nnames + 1, sizeof *rc_count);
	uint32_t *grp = yd_xmalloc((n + 1) * sizeof *grp), *rid = yd_xmalloc((d.nnames + 1) * sizeof *rid);
	double *v = yd_xmalloc((n + 1) * sizeof *v), *mr = yd_xmalloc((d.nnames + 1) * sizeof *mr);
	size_t ntest = 0;
	double *p = yd_xmalloc((d.ncodes + 1) * sizeof *p);
	for (size_t c = 0; c < d.ncodes; c++) {
		struct yd_kw_row *row = &out[c].row;
		row->violation_code = d.codes[c];
		memset(rc_count, 0, (d.nnames + 1) * sizeof *rc_count);
		for (size_t i = 0; i < n; i++)
			if (d.vcode[i] == c && !isnan(z[i]))
				rc_count[d.agg[i]]++;
		uint32_t k = 0;
		for (size_t r = 0; r < d.nnames; r++)
			rid[r] = (long)rc_count[r] >= o->kw_min ? k++ : UINT32_MAX;
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (d.vcode[i] == c && !isnan(z[i]) && rid[d.agg[i]] != UINT32_MAX) {
				v[m] = z[i];
				grp[m++] = rid[d.agg[i]];
			}
		row->n = (long)m;
		row->regions = (int)k;
		row->testable = k >= 2;
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
		for (size_t r = 0; r < d.nnames; r++) {
			if (rid[r] == UINT32_MAX)
				continue;
			if (mr[rid[r]] > hi)
				hi = mr[rid[r]], row->highest = d.names[r];
			if (mr[rid[r]] < lo)
				lo = mr[rid[r]], row->lowest = d.names[r];
		}
		p[ntest++] = kw.p;
	}
	/* Benjamini-Hochberg over the testable types, in code order */
	yd_stats_bh(p, ntest, p);
	for (size_t c = 0, t = 0; c < d.ncodes; c++)
		if (out[c].row.testable)
			out[c].row.q = p[t++];
	size_t nshow = 0;
	for (size_t c = 0; c < d.ncodes; c++)
		if (!o->violation || strcmp(d.codes[c], o->violation) == 0)
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
	data_release(&d);
	return rc;
}

/* ---- trends ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int yd_trends(struct yd_db *db, const struct yd_disp_opts *o, yd_trend_fn fn, void *data, struct yd_error *err)
{
	struct data d;
	int rc = load(db, o, &d, err);
	if (rc < 0)
		return rc;
	size_t n = d.c.n;
	int y0 = 9999, y1 = 0;
	for (size_t i = 0; i < n; i++) {
		int y = d.c.date[i] / 10000;
		y0 = y < y0 ? y : y0;
		y1 = y > y1 ? y : y1;
	}
	int ny = n ? y1 - y0 + 1 : 0;
	/* deviation of x from its violation-tier-year median */
	struct yd_strmap m = YD_STRMAP_INIT;
	uint32_t nk = 0, *key = yd_xmalloc((n + 1) * sizeof *key);
	for (size_t i = 0; i < n; i++) {
		char k[64];
		int64_t id;
		snprintf(k, sizeof k, "%u:%d:%d", d.vcode[i], (int)d.c.tier[i], (int)(d.c.date[i] / 10000));
		if (!yd_strmap_get(&m, k, &id)) {
			id = nk++;
			yd_strmap_put(&m, k, id);
		}
		key[i] = (uint32_t)id;
	}
	yd_strmap_release(&m);
	double *dev = centred(&d, key, nk, 0, 0);
	double *buf = yd_xmalloc((n + 1) * sizeof *buf), *work = yd_xmalloc((n + 1) * sizeof *work);
	/* rows: each violation in code order, then all together ("") */
	char **order = yd_xmalloc((d.ncodes + 1) * sizeof *order);
	for (size_t c = 0; c < d.ncodes; c++)
		order[c] = d.codes[c];
	qsort(order, d.ncodes, sizeof *order, cmp_str);
	double *xs = yd_xmalloc(((size_t)ny + 1) * sizeof *xs), *ys = yd_xmalloc(((size_t)ny + 1) * sizeof *ys);
	struct yd_trend_row *rows = yd_xcalloc((size_t)ny + 1, sizeof *rows);
	double *fines = yd_xmalloc((n + 1) * sizeof *fines);
	for (size_t c = 0; c <= d.ncodes && rc == 0; c++) {
		const char *code = c < d.ncodes ? order[c] : "";
		if (o->violation && (c == d.ncodes || strcmp(code, o->violation) != 0))
			continue; /* with one violation, "all together" would repeat it */
		size_t used = 0;
		for (int y = 0; y < ny; y++) {
			struct yd_trend_row *r = &rows[y];
			memset(r, 0, sizeof *r);
			r->violation_code = code;
			r->year = y0 + y;
			long flagged = 0, atmin = 0, known = 0, soft = 0;
			size_t nd = 0, nf = 0;
			for (size_t i = 0; i < n; i++) {
				if (d.c.date[i] / 10000 != y0 + y || (*code && strcmp(d.codes[d.vcode[i]], code) != 0) ||
				    !in_scope(&d, o, i))
					continue;
				r->n++;
				fines[nf++] = (double)d.c.fine[i] / 100.0;
				flagged += d.verdict[i] >= 0 && YD_VERDICT_FLAGGED(d.verdict[i]);
				soft += d.c.tier[i] == YD_TIER_NONE || d.c.tier[i] == YD_TIER_MITIGATED;
				const struct yd_cat_item *it = yd_catalogue_find(&d.cat, d.c.violation[i]);
				if (it && (it->kind == YD_KIND_FIXED || d.c.base[i] > 0)) {
					known++;
					atmin += d.c.fine[i] == yd_cat_to_fen(it, it->lo, d.c.base[i]);
				}
				if (!isnan(dev[i]))
					buf[nd++] = dev[i];
			}
			if (!r->n)
				continue;
			yd_stats_sort(fines, nf);
			r->median_fine = yd_stats_median(fines, nf);
			yd_stats_sort(buf, nd);
			r->dispersion = nd ? YD_MAD_SCALE * yd_stats_mad(buf, nd, work) : NAN;
			r->share_flagged = (double)flagged / (double)r->n;
			r->share_at_min = known ? (double)atmin / (double)known : NAN;
			r->share_mitigated_none = (double)soft / (double)r->n;
			if (!isnan(r->dispersion)) {
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
	free(xs);
	free(ys);
	free(rows);
	free(fines);
	free(key);
	free(dev);
	free(buf);
	free(work);
	data_release(&d);
	return rc;
}
