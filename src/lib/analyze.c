#include "youdu/analyze.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/catalogue.h"
#include "youdu/context.h"
#include "youdu/db_analysis.h"
#include "youdu/db_catalogue.h"
#include "youdu/db_exempt.h"
#include "youdu/exempt.h"
#include "youdu/history.h"
#include "youdu/stats.h"

/* Key of a group: stratum | tier | party class | region id at the level.
 * A stratum is a violation with a context (its penalty provision and peer
 * factors, or the provision alone when the factors are dropped): without
 * contexts, one per violation. */
static uint64_t group_key(int32_t stratum, int tier, int party, int32_t region)
{
	return (uint64_t)(uint32_t)stratum << 32 | (uint64_t)tier << 28 | (uint64_t)party << 26 | (uint32_t)region;
}

/* Open-addressing map from group key to a dense group number; grows. */
struct keymap {
	uint64_t *keys;
	uint32_t *ids;
	size_t cap;
	uint32_t n;
};

static void keymap_reset(struct keymap *km)
{
	if (!km->cap) {
		km->cap = 1024;
		km->keys = yd_xmalloc(km->cap * sizeof *km->keys);
		km->ids = yd_xmalloc(km->cap * sizeof *km->ids);
	}
	memset(km->ids, 0xFF, km->cap * sizeof *km->ids);
	km->n = 0;
}

static size_t keymap_slot(const struct keymap *km, uint64_t key)
{
	size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & (km->cap - 1);
	while (km->ids[h] != UINT32_MAX && km->keys[h] != key)
		h = (h + 1) & (km->cap - 1);
	return h;
}

static uint32_t keymap_id(struct keymap *km, uint64_t key)
{
	size_t h = keymap_slot(km, key);
	if (km->ids[h] != UINT32_MAX)
		return km->ids[h];
	if (2 * ((size_t)km->n + 1) > km->cap) {
		struct keymap big = {yd_xmalloc(2 * km->cap * sizeof *km->keys), yd_xmalloc(2 * km->cap * sizeof *km->ids),
				     2 * km->cap, km->n};
		memset(big.ids, 0xFF, big.cap * sizeof *big.ids);
		for (size_t k = 0; k < km->cap; k++)
			if (km->ids[k] != UINT32_MAX) {
				size_t j = keymap_slot(&big, km->keys[k]);
				big.keys[j] = km->keys[k];
				big.ids[j] = km->ids[k];
			}
		free(km->keys);
		free(km->ids);
		*km = big;
		h = keymap_slot(km, key);
	}
	km->keys[h] = key;
	km->ids[h] = km->n;
	return km->n++;
}

/* Per-case state of a run, in flat arrays. */
struct run {
	const struct yd_analyze_opts *o;
	struct yd_casecols c;
	double *x;             /* x per case, NAN when none */
	uint8_t *member;       /* takes part in peer groups */
	uint8_t *pending;      /* waits for a peer verdict */
	struct yd_result *res; /* the result per case */
	int32_t *parent;       /* parent region id, indexed by region id */
	int stages;            /* 1, or 2 when some case has peer factors */
	int stage;             /* of the grouping pass running: 0 the full context,
				* 1 the factors dropped (the provision alone) */
	int32_t *stratum[2];   /* per stage and case: dense id of (violation, context) */
	int32_t *ctx[2];       /* per stage and case: context id (stored with the groups) */
	struct keymap vtmap;   /* (violation, tier) -> dense id */
	double *vt_s2, *vt_df; /* per vt id: the own variance of its group of all regions (NAN
				* none) and its degrees of freedom */
	size_t capvt;
	struct varlist {       /* groups' own variances, for the priors */
		double *s2, *df;
		uint32_t *vt;  /* the group's (violation, tier) id */
		size_t n, cap;
	} all, local;          /* groups of all regions (any party); of a region or county */
};

/* Scratch of the grouping passes.  Arrays of n are 4 bytes a case; the
 * per-group arrays are sized by the largest group seen. */
struct scratch {
	uint32_t *order;  /* cases by a key (x, or date), ascending */
	size_t norder;
	uint32_t *gid;    /* dense group of order[k] */
	uint32_t *grouped; /* cases grouped, key order kept within a group */
	size_t *end;      /* end offset of each group in grouped */
	size_t capend;
	struct keymap km;
	struct group_scratch {
		double *xs, *med, *mad, *work; /* one group: x, LOO median, LOO MAD, 3n scratch */
		size_t cap;
	} gs[2];                               /* one per worker thread */
};

static void scratch_group(struct group_scratch *S, size_t n)
{
	if (n <= S->cap)
		return;
	S->cap = n;
	S->xs = yd_xrealloc(S->xs, n * sizeof *S->xs);
	S->med = yd_xrealloc(S->med, n * sizeof *S->med);
	S->mad = yd_xrealloc(S->mad, n * sizeof *S->mad);
	S->work = yd_xrealloc(S->work, 3 * n * sizeof *S->work);
}

static void scratch_release(struct scratch *S)
{
	free(S->order);
	free(S->gid);
	free(S->grouped);
	free(S->end);
	free(S->km.keys);
	free(S->km.ids);
	for (int t = 0; t < 2; t++) {
		free(S->gs[t].xs);
		free(S->gs[t].med);
		free(S->gs[t].mad);
		free(S->gs[t].work);
	}
}

/* Groups the first n entries of S->order by S->gid with a stable counting
 * sort into S->grouped; S->end[g] is the end of group g.  Returns the
 * number of groups. */
static uint32_t counting_sort(struct scratch *S, size_t n)
{
	uint32_t ng = S->km.n;
	if ((size_t)ng + 1 > S->capend) {
		S->capend = (size_t)ng + 1;
		S->end = yd_xrealloc(S->end, S->capend * sizeof *S->end);
	}
	memset(S->end, 0, ((size_t)ng + 1) * sizeof *S->end);
	for (size_t k = 0; k < n; k++)
		S->end[S->gid[k] + 1]++;
	for (uint32_t g = 0; g < ng; g++)
		S->end[g + 1] += S->end[g];
	for (size_t k = 0; k < n; k++)
		S->grouped[S->end[S->gid[k]]++] = S->order[k];
	return ng;
}

static int32_t region_at(const struct run *R, uint32_t i, enum yd_level level)
{
	return level == YD_LEVEL_REGION ? R->c.region[i] : level == YD_LEVEL_PARENT ? R->parent[R->c.region[i]] : 0;
}

/* The spread of the distinct amounts of sorted xs[0..n): 1.4826 x their
 * MAD, NAN when fewer than 5 amounts are used. */
static double distinct_spread(const double *xs, size_t n, double *work)
{
	size_t nd = 0;
	double mad = yd_stats_distinct_mad(xs, n, work, &nd);
	return nd >= 5 ? YD_MAD_SCALE * mad : NAN;
}

/* Judges every pending case of group g[0..n) still without a peer group,
 * with leave-one-out statistics; S->xs holds the group's sorted x, *qn its
 * Qn and *distinct its spread of distinct amounts, computed here when
 * first needed. */
static void judge_group(struct run *R, struct group_scratch *S, const uint32_t *g, size_t n, enum yd_level level,
			int party_used, double *qn_io, double *distinct_io)
{
	const struct yd_thresholds *t = &R->o->t;
	double qn = *qn_io, distinct = *distinct_io;
	int need_distinct = isnan(distinct);
	double wide = yd_stats_spread90(S->xs, n);

	yd_stats_loo(S->xs, n, S->med, S->mad, S->work);
	for (size_t k = 0; k < n; k++) {
		uint32_t i = g[k];
		struct yd_result *r = &R->res[i];
		if (!R->pending[i] || r->level != YD_LEVEL_NONE || !yd_peers_enough((long)n - 1, S->mad[k], level, t))
			continue;
		struct yd_peer p;
		memset(&p, 0, sizeof p);
		p.level = level;
		p.party_used = party_used;
		p.n = (long)n - 1;
		p.median = S->med[k];
		p.median_nat = yd_stats_median_exp_without(S->xs, n, k);
		if (YD_MAD_SCALE * S->mad[k] < t->min_scale && isnan(qn))
			qn = yd_stats_qn(S->xs, n);
		if (YD_MAD_SCALE * S->mad[k] < t->min_scale && qn < t->min_scale && need_distinct) {
			distinct = distinct_spread(S->xs, n, S->work);
			need_distinct = 0;
		}
		yd_judge_scale(S->mad[k], isnan(qn) ? 0 : qn, distinct, wide, t, &p);
		p.percentile = yd_stats_percentile(S->xs, n, S->xs[k], 1);
		yd_peers_beyond(S->xs, n, S->xs[k], 1, &p.above, &p.below);
		/* the candidate verdict; the tail probability needs the run's
		 * pooled scale and the cut all cases (calibrate_all) */
		enum yd_verdict v = yd_judge_candidate(S->xs[k], &p, t);
		r->level = (int8_t)level;
		r->party_used = (int8_t)party_used;
		r->peer_n = (int32_t)p.n;
		r->peer_median = p.median_nat;
		r->scale = (float)p.own;            /* until calibrate_all: the own scale */
		r->z = (float)(S->xs[k] - p.median); /* and the deviation from the median */
		r->method = (int8_t)p.method;
		r->percentile = (float)p.percentile;
		r->above = (int32_t)p.above;
		r->below = (int32_t)p.below;
		r->widened = (int8_t)R->stage;
		r->verdict = (int8_t)v;
	}
	*qn_io = qn;
	*distinct_io = distinct;
}

/* The summary of a group whose sorted x are in S->xs, with its own copy of
 * the values (or quantiles) to store; qn is the group's Qn when the
 * judgement needed it, else NAN (check then computes it from the stored
 * values, see docs/METHODS.md). */
static void summarise(const struct run *R, struct group_scratch *S, const uint32_t *g, size_t n,
		      enum yd_level level, int party, double qn, double distinct, struct yd_group_summary *s)
{
	s->violation = R->c.violation[g[0]];
	s->context = R->ctx[R->stage][g[0]];
	s->widened = R->stage;
	s->tier = R->c.tier[g[0]];
	s->party = party;
	s->level = (int)level;
	s->region = region_at(R, g[0], level);
	s->n = n;
	s->median = yd_stats_median(S->xs, n);
	s->mad = yd_stats_mad(S->xs, n, S->work);
	s->qn = qn;
	s->distinct = isnan(distinct) ? distinct_spread(S->xs, n, S->work) : distinct;
	s->median_nat = yd_stats_quantile_exp(S->xs, n, 0.5);
	s->q1_nat = yd_stats_quantile_exp(S->xs, n, 0.25);
	s->q3_nat = yd_stats_quantile_exp(S->xs, n, 0.75);
	s->nlevels = yd_peers_levels(S->xs, n, s->levels);
	s->nxs = n <= YD_GROUP_EXACT_MAX ? n : YD_GROUP_QUANTILES;
	s->xs = yd_xmalloc(s->nxs * sizeof *s->xs);
	if (n <= YD_GROUP_EXACT_MAX)
		memcpy(s->xs, S->xs, n * sizeof *s->xs);
	else
		for (size_t k = 0; k < YD_GROUP_QUANTILES; k++)
			s->xs[k] = yd_stats_quantile(S->xs, n, (double)k / (YD_GROUP_QUANTILES - 1));
	/* a (violation, tier)'s own scale, for the priors: from what is
	 * stored, as check computes it */
	if (isnan(s->qn) && level == YD_LEVEL_ALL && !party && YD_MAD_SCALE * s->mad < R->o->t.min_scale)
		s->qn = yd_stats_qn(s->xs, s->nxs);
}

/* Work of one thread in a grouping pass: the groups [g0, g1). */
struct pass_job {
	struct run *R;
	const struct scratch *S;     /* the layout: grouped cases and group ends */
	struct group_scratch *gs;    /* this thread's scratch */
	enum yd_level level;
	int by_party;
	uint32_t g0, g1;
	struct yd_group_summary *sums; /* per group; xs NULL when not stored */
};

/* Judges and summarises groups.  Threads touch disjoint groups, hence
 * disjoint cases: a case is in exactly one group of a grouping. */
static void *pass_worker(void *arg)
{
	struct pass_job *j = arg;
	struct run *R = j->R;
	const long min_peers = R->o->t.min_peers;

	for (uint32_t gi = j->g0; gi < j->g1; gi++) {
		size_t s = gi ? j->S->end[gi - 1] : 0, n = j->S->end[gi] - s;
		const uint32_t *g = j->S->grouped + s;
		if ((long)n < min_peers)
			continue;
		scratch_group(j->gs, n);
		for (size_t k = 0; k < n; k++)
			j->gs->xs[k] = R->x[g[k]];
		double qn = NAN, distinct = NAN;
		int need = 0;
		for (size_t k = 0; k < n && !need && (long)n - 1 >= min_peers; k++)
			need = R->pending[g[k]] && R->res[g[k]].level == YD_LEVEL_NONE;
		if (need)
			judge_group(R, j->gs, g, n, j->level, j->by_party, &qn, &distinct);
		int party = j->by_party ? yd_party_class((enum yd_party)R->c.party[g[0]]) : 0;
		summarise(R, j->gs, g, n, j->level, party, qn, distinct, &j->sums[gi]);
	}
	return NULL;
}

static void varlist_add(struct varlist *v, double s2, double df, uint32_t vt)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 256;
		v->s2 = yd_xrealloc(v->s2, v->cap * sizeof *v->s2);
		v->df = yd_xrealloc(v->df, v->cap * sizeof *v->df);
		v->vt = yd_xrealloc(v->vt, v->cap * sizeof *v->vt);
	}
	v->s2[v->n] = s2;
	v->df[v->n] = df;
	v->vt[v->n++] = vt;
}

static void varlist_release(struct varlist *v)
{
	free(v->s2);
	free(v->df);
	free(v->vt);
}

static uint32_t vt_id(struct run *R, int32_t stratum, int tier)
{
	uint32_t id = keymap_id(&R->vtmap, group_key(stratum, tier, 0, 0));
	if (id >= R->capvt) {
		size_t old = R->capvt;
		R->capvt = 2 * (size_t)id + 16;
		R->vt_s2 = yd_xrealloc(R->vt_s2, R->capvt * sizeof *R->vt_s2);
		R->vt_df = yd_xrealloc(R->vt_df, R->capvt * sizeof *R->vt_df);
		for (size_t k = old; k < R->capvt; k++)
			R->vt_s2[k] = NAN, R->vt_df[k] = 0;
	}
	return id;
}

/* A stored group's own scale, as rule 3 picks it for its cases, as one of
 * the variances the priors are estimated from: a group of all regions
 * (any party) is its (violation, tier)'s scale and one of the run's; a
 * region's or county's is compared with its (violation, tier)'s.  Strata
 * stand for violations; the groups without factors (stage 1) give their
 * cases' (stratum, tier) scale only, and no variance twice to the priors. */
static void prior_add(struct run *R, const struct yd_group_summary *g, int32_t stratum, int by_party)
{
	struct yd_peer p = {.n = (long)g->n};
	/* a region's or county's group joins the local prior only with a
	 * measurable core (MAD): its Qn is not computed for every group */
	if (g->level != YD_LEVEL_ALL && YD_MAD_SCALE * g->mad < R->o->t.min_scale)
		return;
	yd_judge_scale(g->mad, isnan(g->qn) ? 0 : g->qn, g->distinct, yd_stats_spread90(g->xs, g->nxs), &R->o->t, &p);
	if (p.own_df <= 0 || (g->level == YD_LEVEL_ALL && by_party))
		return;
	uint32_t vt = vt_id(R, stratum, g->tier);
	if (g->level == YD_LEVEL_ALL) {
		R->vt_s2[vt] = p.own * p.own;
		R->vt_df[vt] = p.own_df;
		if (!g->widened)
			varlist_add(&R->all, p.own * p.own, p.own_df, vt);
	} else if (!g->widened) {
		varlist_add(&R->local, p.own * p.own, p.own_df, vt);
	}
}

/* One grouping: a level, and whether the party class is part of the key.
 * The members are taken in x order, so every group comes out sorted.  The
 * groups are judged on two threads, split at half the cases; the calling
 * thread then stores the summaries in group order (it alone uses SQLite). */
static int group_pass(struct yd_db *db, struct run *R, struct scratch *S, enum yd_level level, int by_party,
		      const uint32_t *by_x, size_t nx, struct yd_error *err)
{
	size_t nm = 0;
	int rc = 0;

	keymap_reset(&S->km);
	for (size_t k = 0; k < nx; k++) {
		uint32_t i = by_x[k];
		int party = by_party ? yd_party_class((enum yd_party)R->c.party[i]) : 0;
		if (by_party && !party)
			continue;
		S->order[nm] = i;
		S->gid[nm] = keymap_id(&S->km, group_key(R->stratum[R->stage][i], R->c.tier[i], party, region_at(R, i, level)));
		nm++;
	}
	uint32_t ng = counting_sort(S, nm), mid = 0;
	while (mid < ng && S->end[mid] < nm / 2)
		mid++;
	struct yd_group_summary *sums = yd_xcalloc((size_t)ng + 1, sizeof *sums);
	struct pass_job jobs[2] = {{R, S, &S->gs[0], level, by_party, 0, mid, sums},
				   {R, S, &S->gs[1], level, by_party, mid, ng, sums}};
	pthread_t t;
	int threaded = pthread_create(&t, NULL, pass_worker, &jobs[1]) == 0;
	pass_worker(&jobs[0]);
	if (threaded)
		pthread_join(t, NULL);
	else
		pass_worker(&jobs[1]);
	for (uint32_t gi = 0; gi < ng; gi++) {
		if (sums[gi].xs)
			prior_add(R, &sums[gi], R->stratum[R->stage][S->grouped[gi ? S->end[gi - 1] : 0]], by_party);
		if (sums[gi].xs && rc == 0)
			rc = yd_db_peer_group_add(db, &sums[gi], err);
		free(sums[gi].xs);
	}
	free(sums);
	return rc;
}

/* The member cases in ascending x (ties by case), into out; returns how many. */
static size_t members_by_x(const struct run *R, uint32_t *out, uint32_t *tmp2n)
{
	size_t n = R->c.n, m = 0;
	yd_stats_argsort(R->x, n, out, tmp2n); /* NAN x of non-members sort last or first: filtered below */
	for (size_t k = 0; k < n; k++)
		if (R->member[out[k]])
			out[m++] = out[k];
	return m;
}

/* All cases in ascending date (ties by case): a counting sort on the day. */
static void cases_by_date(const struct run *R, uint32_t *out)
{
	size_t n = R->c.n;
	int32_t lo = INT32_MAX, hi = INT32_MIN;
	for (size_t i = 0; i < n; i++) {
		int32_t d = yd_date_days(R->c.date[i]);
		lo = d < lo ? d : lo;
		hi = d > hi ? d : hi;
	}
	if (n == 0)
		return;
	size_t span = (size_t)(hi - lo) + 2;
	size_t *count = yd_xcalloc(span, sizeof *count);
	for (size_t i = 0; i < n; i++)
		count[yd_date_days(R->c.date[i]) - lo + 1]++;
	for (size_t d = 1; d < span; d++)
		count[d] += count[d - 1];
	for (size_t i = 0; i < n; i++)
		out[count[yd_date_days(R->c.date[i]) - lo]++] = (uint32_t)i;
	free(count);
}

/* Stores every judged case by (violation, context, tier, region), sorted
 * by date, for check's most similar decisions. */
static int store_similar(struct yd_db *db, struct run *R, struct scratch *S, struct yd_error *err)
{
	size_t n = R->c.n;
	struct yd_dated *out = NULL;
	size_t capout = 0;
	int rc = 0;

	cases_by_date(R, S->order);
	keymap_reset(&S->km);
	for (size_t k = 0; k < n; k++) {
		uint32_t i = S->order[k];
		S->gid[k] = keymap_id(&S->km, group_key(R->stratum[0][i], R->c.tier[i], 0, R->c.region[i]));
	}
	uint32_t ng = counting_sort(S, n);
	for (uint32_t gi = 0, s = 0; gi < ng && rc == 0; s = (uint32_t)S->end[gi++]) {
		const uint32_t *g = S->grouped + s;
		size_t len = S->end[gi] - s;
		if (len > capout) {
			capout = len;
			out = yd_xrealloc(out, capout * sizeof *out);
		}
		for (size_t k = 0; k < len; k++) {
			out[k].date = R->c.date[g[k]];
			out[k].pad = 0;
			out[k].rowid = R->c.rowid[g[k]];
		}
		rc = yd_db_similar_add(db, R->c.violation[g[0]], R->ctx[0][g[0]], R->c.tier[g[0]], R->c.region[g[0]], out,
				       len, err);
	}
	free(out);
	return rc;
}

/* Parent region ids (the path without its last part) of the regions that
 * hold cases, interning new ones.  Only those: a parent's own parent is
 * never needed, and interning it made every run add one more level of
 * ancestors (2026-12-01). */
static int load_parents(struct yd_db *db, struct run *R, struct yd_error *err)
{
	char **paths = NULL;
	size_t n = 0;
	int rc = yd_db_region_paths(db, &paths, &n, err);
	if (rc < 0)
		return rc;
	uint8_t *used = yd_xcalloc(n ? n : 1, 1);
	for (size_t i = 0; i < R->c.n; i++)
		if ((size_t)R->c.region[i] < n)
			used[R->c.region[i]] = 1;
	R->parent = yd_xcalloc(n ? n : 1, sizeof *R->parent);
	for (size_t id = 0; id < n && rc == 0; id++) {
		if (!paths[id] || !used[id])
			continue;
		char buf[1024];
		yd_region_at_level(paths[id], YD_LEVEL_PARENT, buf, sizeof buf);
		int64_t pid = (int64_t)id;
		if (strcmp(buf, paths[id]) != 0)
			rc = yd_db_intern(db, YD_INTERN_REGION, buf, NULL, &pid, err);
		R->parent[id] = (int32_t)pid;
		if (pid >= (1 << 26))
			rc = yd_error_set(err, YD_ESTATE, "too many regions (more than 2^26)");
	}
	yd_region_paths_free(paths, n);
	free(used);
	return rc;
}

/* Marks the context of every case not in yuan with its currency
 * (yd_context_peer_key), interning the marked contexts: R->c.context then
 * holds the key of its peers, and a fine in euros is never in a group of
 * fines in yuan (issue 25.5). */
static int mark_currencies(struct yd_db *db, struct run *R, struct yd_error *err)
{
	char codes[YD_CURRENCIES_MAX][4], **names = NULL;
	size_t n = 0;
	int ncodes = 1;
	uint8_t *cur = yd_xmalloc(R->c.n + 1);
	int rc = yd_db_load_currencies(db, &R->c, cur, codes, &ncodes, err);

	if (rc == 0 && ncodes > 1)
		rc = yd_db_context_names(db, &names, &n, err);
	for (size_t i = 0; i < R->c.n && rc == 0 && ncodes > 1; i++) {
		char key[YD_CONTEXT_MAX];
		int32_t c = R->c.context[i];
		int64_t id = 0;
		if (!cur[i])
			continue;
		if (yd_context_peer_key((size_t)c < n && names[c] ? names[c] : "", codes[cur[i]], key, sizeof key) < 0)
			rc = yd_error_set(err, YD_ESTATE, "a context is longer than %d bytes", YD_CONTEXT_MAX - 1);
		else if ((rc = yd_db_intern(db, YD_INTERN_CONTEXT, key, NULL, &id, err)) == 0)
			R->c.context[i] = (int32_t)id;
	}
	yd_region_paths_free(names, n);
	free(cur);
	return rc;
}

/* The strata of the cases: stage 0 (violation, context), stage 1
 * (violation, the context's provision alone) when some context has peer
 * factors, interning the provision-alone contexts (docs/METHODS.md, rule
 * 3: a factor is dropped only as a last resort; the provision never).
 * A context is marked with its case's currency first. */
static int load_strata(struct yd_db *db, struct run *R, struct yd_error *err)
{
	char **names = NULL;
	size_t n = 0, nc = R->c.n;
	struct keymap km = {0};
	int rc = mark_currencies(db, R, err);
	if (rc < 0 || (rc = yd_db_context_names(db, &names, &n, err)) < 0)
		return rc;
	int32_t *prov = yd_xcalloc(n ? n : 1, sizeof *prov); /* context id -> its provision alone's */
	uint8_t *used = yd_xcalloc(n ? n : 1, 1);
	R->stages = 1;
	for (size_t i = 0; i < nc; i++)
		if ((size_t)R->c.context[i] < n)
			used[R->c.context[i]] = 1;
	for (size_t id = 1; id < n && rc == 0; id++) {
		if (!names[id] || !used[id])
			continue;
		char p[YD_CONTEXT_MAX];
		int64_t pid = 0;
		if (!*yd_context_split(names[id], p, sizeof p)) {
			prov[id] = (int32_t)id; /* no factors: the same */
			continue;
		}
		R->stages = 2;
		if (*p)
			rc = yd_db_intern(db, YD_INTERN_CONTEXT, p, NULL, &pid, err);
		prov[id] = (int32_t)pid;
	}
	keymap_reset(&km);
	for (int st = 0; st < R->stages && rc == 0; st++) {
		R->stratum[st] = yd_xmalloc((nc + 1) * sizeof *R->stratum[st]);
		R->ctx[st] = yd_xmalloc((nc + 1) * sizeof *R->ctx[st]);
		for (size_t i = 0; i < nc; i++) {
			int32_t c = R->c.context[i];
			if (st == 1 && (size_t)c < n)
				c = prov[c];
			R->ctx[st][i] = c;
			R->stratum[st][i] = (int32_t)keymap_id(
			    &km, (uint64_t)(uint32_t)R->c.violation[i] << 32 | (uint64_t)(uint32_t)c << 1 | (uint64_t)st);
		}
	}
	free(km.keys);
	free(km.ids);
	free(prov);
	free(used);
	yd_region_paths_free(names, n);
	return rc;
}

/* Rules 1 and 2 for the cases [from, to) of a run: a share of the cases
 * for one thread (judge_legal_all).  Writes only those cases' slots and
 * its own counts. */
struct legal_job {
	struct run *R;
	const struct yd_catalogue *cat;
	size_t from, to;
	long no_catalogue, no_base;
};

static void *legal_worker(void *arg)
{
	struct legal_job *J = arg;
	struct run *R = J->R;
	const struct yd_catalogue *cat = J->cat;
	for (size_t i = J->from; i < J->to; i++) {
		struct yd_legal l;
		enum yd_tier tier = (enum yd_tier)R->c.tier[i];
		/* the version in force on the decision's date (issue 23): a
		 * binary search in memory, no SQL per case */
		const struct yd_cat_item *it = yd_judge_legal_at(cat, R->c.violation[i], R->c.date[i], tier,
								 (enum yd_party)R->c.party[i], R->c.fine[i], R->c.base[i], &l);
		if (!it) /* its kind (fixed or multiple) for x: the latest version's */
			it = yd_catalogue_find(cat, R->c.violation[i]);
		struct yd_result *r = &R->res[i];
		r->verdict = (int8_t)l.verdict;
		r->level = YD_LEVEL_NONE;
		r->peer_median = NAN;
		r->scale = r->percentile = r->z = r->p = NAN;
		r->df = 0;
		r->farness = (float)l.farness;
		/* a standard that needs review is as good as no catalogue entry */
		J->no_catalogue += l.nolegal == YD_NL_NO_CATALOGUE || l.nolegal == YD_NL_REVIEW ||
				   l.nolegal == YD_NL_PARTIAL || l.nolegal == YD_NL_NO_VERSION;
		J->no_base += l.nolegal == YD_NL_NO_BASE;
		/* peers are the lawful ordinary decisions: a fine above the law or
		 * outside its tier is judged by rules 1 and 2, and is no benchmark */
		R->member[i] = yd_peers_ordinary(tier) && yd_peers_decide(&l) &&
			       yd_judge_x(it, R->c.fine[i], R->c.base[i], &R->x[i]) == 0;
		if (!R->member[i])
			R->x[i] = NAN;
		R->pending[i] = R->member[i];
		if (R->pending[i])
			r->verdict = YD_V_INSUFFICIENT; /* until a peer group is found */
	}
	return NULL;
}

/* Rules 1 and 2 for every case, and who takes part in peer groups: each
 * case on its own, so the cases are split in two halves for two threads
 * (the same results as one thread). */
static void judge_legal_all(struct run *R, const struct yd_catalogue *cat, struct yd_ledger *led)
{
	struct legal_job jobs[2] = {{R, cat, 0, R->c.n / 2, 0, 0}, {R, cat, R->c.n / 2, R->c.n, 0, 0}};
	pthread_t t;
	int threaded = pthread_create(&t, NULL, legal_worker, &jobs[1]) == 0;
	legal_worker(&jobs[0]);
	if (threaded)
		pthread_join(t, NULL);
	else
		legal_worker(&jobs[1]);
	led->no_catalogue += jobs[0].no_catalogue + jobs[1].no_catalogue;
	led->no_base += jobs[0].no_base + jobs[1].no_base;
}

/* The most the run's pooled scale counts for, in degrees of freedom. */
#define YD_PRIOR_DF_MAX 20

/* The priors of a run: the pooled scale of the (violation, tier) groups,
 * and how a region's or county's group's variance relates to its
 * (violation, tier)'s (the ratio's own prior, Smyth's estimate on
 * s2 / s2_vt). */
static void estimate_priors(struct run *R, struct yd_thresholds *t)
{
	double s0sq, d0;
	t->prior_scale = t->local_ratio = NAN;
	t->prior_df = t->local_df = 0;
	if (yd_stats_prior_var(R->all.s2, R->all.df, R->all.n, &s0sq, &d0) == 0) {
		t->prior_scale = sqrt(s0sq);
		/* tens of (violation, tier) groups of fines that are not normal
		 * cannot tell equal spreads from similar ones: the moment estimate
		 * says "infinite" on the sample, and then a small group's own
		 * spread would count for nothing */
		t->prior_df = fmin(d0, YD_PRIOR_DF_MAX);
	}
	size_t m = 0;
	for (size_t k = 0; k < R->local.n; k++) {
		double vt = R->vt_s2[R->local.vt[k]];
		if (isnan(vt) || vt <= 0)
			continue;
		R->local.s2[m] = R->local.s2[k] / vt;
		R->local.df[m++] = R->local.df[k];
	}
	if (yd_stats_prior_var(R->local.s2, R->local.df, m, &s0sq, &d0) == 0) {
		t->local_ratio = s0sq;
		t->local_df = d0;
	}
}

/* Every compared case's tail probability, its scale moderated by its
 * group's prior, and the Benjamini-Hochberg cut over all of them: a
 * candidate stays flagged only at or below the cut.  Fills the ledger's
 * calibration; t receives the priors and the cut. */
static void calibrate_all(struct run *R, struct yd_thresholds *t, struct yd_ledger *led)
{
	size_t n = R->c.n, k = 0;
	/* below this |z| even the normal tail is above the rate, and t's
	 * tails are heavier: no discovery, and the exact p (the costly part,
	 * a fifth of a run) is left to whoever shows it */
	double zmin = gsl_cdf_ugaussian_Qinv(t->fdr / 2) * (1 - 1e-9);

	estimate_priors(R, t);
	for (size_t i = 0; i < n; i++) {
		struct yd_result *r = &R->res[i];
		R->x[i] = NAN; /* x is spent: it holds the p-values now */
		if (!R->pending[i] || r->level == YD_LEVEL_NONE)
			continue;
		struct yd_peer p = {.n = r->peer_n, .median = 0, .own = r->scale,
				    .method = (enum yd_scale_method)r->method};
		p.own_df = yd_judge_scale_df(p.method, p.n);
		uint32_t vt = R->vtmap.ids[keymap_slot(&R->vtmap, group_key(R->stratum[r->widened][i], R->c.tier[i], 0, 0))];
		double s0, d0;
		if (vt != UINT32_MAX)
			yd_judge_prior(t, (enum yd_level)r->level, sqrt(R->vt_s2[vt]), R->vt_df[vt], &s0, &d0);
		else
			yd_judge_prior(t, (enum yd_level)r->level, NAN, 0, &s0, &d0);
		yd_judge_calibrate(r->z, &p, s0, d0, 0);
		r->scale = (float)p.scale;
		r->z = (float)p.z;
		r->df = (float)p.df;
		/* any p above the rate stands for itself in the count of tests */
		R->x[i] = isnan(p.z) ? NAN : fabs(p.z) >= zmin ? yd_judge_tail(p.z, p.df) : 1;
	}
	t->p_cut = yd_stats_bh_cut(R->x, n, t->fdr, &k);
	for (size_t i = 0; i < n; i++) {
		struct yd_result *r = &R->res[i];
		if (r->verdict != YD_V_OVER && r->verdict != YD_V_UNDER)
			continue;
		if (R->x[i] <= t->p_cut)
			r->farness = fabsf(r->z);
		else
			r->verdict = YD_V_OK;
	}
	led->prior_scale = t->prior_scale;
	led->prior_df = t->prior_df;
	led->local_ratio = t->local_ratio;
	led->local_df = t->local_df;
	led->p_cut = t->p_cut;
	led->discoveries = (long)k;
	for (size_t i = 0; i < n; i++)
		led->tested += !isnan(R->x[i]);
}

/* The 免罚清单 (issue 24): a decision not fined under a 不予处罚 item in
 * force on its date, although its party (by identifier) has an earlier
 * decision for the violation within the item's window, from any office
 * and any year, is exempt_repeat, unless rules 1 and 2 already found it;
 * farness is the earlier decisions' count. */
static int exempt_repeats(struct yd_db *db, struct run *R, struct yd_error *err)
{
	struct yd_exempt_list list = {0, NULL};
	struct yd_history h = YD_HISTORY_INIT;
	int rc;

	if ((rc = yd_exempt_load(db, &list, err)) < 0 || !list.n)
		goto out;
	if ((rc = yd_history_compute(db, YD_MATCH_ID, YD_LOOKBACK_DEFAULT, &list, &h, err)) < 0)
		goto out;
	for (size_t i = 0; i < R->c.n; i++) {
		struct yd_result *r = &R->res[i];
		const struct yd_exempt_rule *e = yd_exempt_find(&list, R->c.violation[i], R->c.date[i]);
		if (!e || e->months < 0 || YD_VERDICT_FLAGGED(r->verdict) ||
		    !yd_exempt_granted(e, (enum yd_tier)R->c.tier[i], R->c.fine[i]))
			continue;
		int32_t np = yd_history_prior(&h, R->c.rowid[i], NULL);
		if (np > 0) {
			r->verdict = YD_V_EXEMPT_REPEAT;
			r->farness = (float)np;
		}
	}
out:
	yd_history_release(&h);
	yd_exempt_release(&list);
	return rc;
}

enum { STEPS = 11 };

static void phase(const struct yd_analyze_opts *o, const char *name, int step)
{
	if (o->progress)
		o->progress(o->progress_data, name, step, STEPS);
}

/* The cases to judge: the caller's, when they are every stored case, else
 * loaded.  The caller's were stored into an empty table one after another,
 * so they are the ids 1..n; another writer's rows since would show as a
 * gap or a larger id. */
static int cases_of_run(struct yd_db *db, const struct yd_analyze_opts *o, struct yd_casecols *c, long *outside_year,
			struct yd_error *err)
{
	const struct yd_casecols *k = o->cases;
	int64_t max_id;
	int rc;
	if (k && !o->year && (rc = yd_db_max_case_id(db, &max_id, err)) < 0)
		return rc;
	if (!k || o->year || max_id != (int64_t)k->n || (k->n && (k->rowid[0] != 1 || k->rowid[k->n - 1] != max_id))) {
		phase(o, "loading cases", 1);
		return yd_db_load_cases(db, o->year, c, outside_year, err);
	}
	phase(o, "the cases as imported, not read again", 1);
	*c = *k;
	*outside_year = 0;
	return 0;
}


int yd_analyze(struct yd_db *db, const struct yd_analyze_opts *o, struct yd_ledger *led, struct yd_error *err)
{
	struct yd_catalogue cat = {0};
	struct run R;
	struct scratch S;
	uint32_t *by_x = NULL;
	int rc;

	memset(&R, 0, sizeof R);
	memset(&S, 0, sizeof S);
	memset(led, 0, sizeof *led);
	R.o = o;
	led->min_peers = o->t.min_peers;
	led->fdr = o->t.fdr;
	led->ratio = o->t.ratio;
	led->min_scale = o->t.min_scale;
	led->max_share = o->t.max_share;
	led->min_heaped = o->t.min_heaped;
	led->year = o->year;

	yd_db_bulk_mode(db); /* before the transaction: its statement journals then in memory */
	if ((rc = yd_db_begin(db, err)) < 0)
		return rc;
	if ((rc = yd_catalogue_load(db, &cat, err)) < 0 ||
	    (rc = cases_of_run(db, o, &R.c, &led->outside_year, err)) < 0 || (rc = load_parents(db, &R, err)) < 0 ||
	    (rc = load_strata(db, &R, err)) < 0)
		goto fail;
	size_t n = R.c.n;
	if ((rc = yd_db_max_case_id(db, &led->max_case_id, err)) < 0 ||
	    (rc = yd_db_catalogue_sig(db, &led->catalogue_sig, err)) < 0 ||
	    (rc = yd_db_counter(db, "cases_replaced", 0, &led->cases_replaced, err)) < 0)
		goto fail;
	led->read = (long)n + led->outside_year;
	led->judged = (long)n;
	R.x = yd_xmalloc((n + 1) * sizeof *R.x);
	R.member = yd_xcalloc(n + 1, 1);
	R.pending = yd_xcalloc(n + 1, 1);
	R.res = yd_xcalloc(n + 1, sizeof *R.res);
	phase(o, "statutory ranges and tiers", 2);
	judge_legal_all(&R, &cat, led);

	/* rule 3: widening peer groups, party class first at each level */
	by_x = yd_xmalloc((n + 1) * sizeof *by_x);
	S.order = yd_xmalloc((2 * n + 1) * sizeof *S.order); /* 2n: also the radix sort's scratch */
	S.gid = yd_xmalloc((n + 1) * sizeof *S.gid);
	S.grouped = yd_xmalloc((n + 1) * sizeof *S.grouped);
	size_t nx = members_by_x(&R, by_x, S.order);
	keymap_reset(&R.vtmap);
	phase(o, "clearing the previous run", 3);
	if ((rc = yd_db_results_clear(db, err)) < 0)
		goto fail;
	static const char *const pass_name[YD_PEER_STEPS] = {"peers: region, party", "peers: region",
							     "peers: county, party", "peers: county",
							     "peers: all, party", "peers: all"};
	/* every level within the full context first; only then without the
	 * peer factors */
	for (R.stage = 0; R.stage < R.stages; R.stage++)
		for (int k = 0; k < YD_PEER_STEPS; k++) {
			phase(o, pass_name[k], 4 + k);
			if ((rc = group_pass(db, &R, &S, yd_peer_steps[k].level, yd_peer_steps[k].by_party, by_x, nx,
					     err)) < 0)
				goto fail;
		}

	struct yd_thresholds cal = o->t;
	calibrate_all(&R, &cal, led);
	if ((rc = exempt_repeats(db, &R, err)) < 0)
		goto fail;
	for (size_t i = 0; i < n; i++)
		led->counts[R.res[i].verdict]++;
	phase(o, "writing results", 10);
	if ((rc = yd_db_results_add(db, R.c.rowid, R.res, n, err)) < 0 || (rc = store_similar(db, &R, &S, err)) < 0 ||
	    (rc = yd_db_run_add(db, led, err)) < 0)
		goto fail;
	phase(o, "committing", 11);
	if ((rc = yd_db_commit(db, err)) < 0)
		goto fail;
	goto out;
fail:
	yd_db_rollback(db);
out:
	yd_catalogue_release(&cat);
	if (!o->cases || R.c.rowid != o->cases->rowid)
		yd_casecols_release(&R.c);
	free(R.x);
	free(R.member);
	free(R.pending);
	free(R.res);
	free(R.parent);
	for (int st = 0; st < 2; st++) {
		free(R.stratum[st]);
		free(R.ctx[st]);
	}
	free(R.vtmap.keys);
	free(R.vtmap.ids);
	free(R.vt_s2);
	free(R.vt_df);
	varlist_release(&R.all);
	varlist_release(&R.local);
	free(by_x);
	scratch_release(&S);
	return rc;
}

int yd_ledger_load(struct yd_db *db, struct yd_ledger *led, struct yd_error *err)
{
	return yd_db_run_load(db, led, err);
}

int yd_ledger_newer_cases(struct yd_db *db, const struct yd_ledger *led, int64_t *newer, int64_t *replaced,
			  struct yd_error *err)
{
	int64_t max = 0, now = 0;
	int rc = yd_db_max_case_id(db, &max, err);
	if (rc == 0)
		rc = yd_db_counter(db, "cases_replaced", 0, &now, err);
	*newer = rc == 0 && max > led->max_case_id ? max - led->max_case_id : 0;
	*replaced = rc == 0 && now > led->cases_replaced ? now - led->cases_replaced : 0;
	return rc;
}

int yd_ledger_catalogue_changed(struct yd_db *db, const struct yd_ledger *led, int *changed, struct yd_error *err)
{
	int64_t sig = 0;
	int rc = led->catalogue_sig ? yd_db_catalogue_sig(db, &sig, err) : 0;
	*changed = rc == 0 && led->catalogue_sig && sig != led->catalogue_sig;
	return rc;
}

void yd_judged_reason(struct yd_buf *out, enum yd_lang lang, const struct yd_catalogue *cat,
		      const struct yd_judged_row *row)
{
	struct yd_legal l;
	struct yd_peer p = {.level = (enum yd_level)row->r.level,
			    .party_used = row->r.party_used,
			    .n = row->r.peer_n,
			    .median = NAN,
			    .median_nat = row->r.peer_median,
			    .scale = row->r.scale,
			    .method = (enum yd_scale_method)row->r.method,
			    .percentile = row->r.percentile,
			    .z = row->r.z,
			    .p = row->r.p,
			    .above = row->r.above,
			    .below = row->r.below};
	char where[1024];

	const struct yd_cat_item *it = yd_judge_legal_at(cat, row->violation_id, row->date, (enum yd_tier)row->tier,
							 (enum yd_party)row->party, row->fine, row->base, &l);
	if (!it)
		it = yd_catalogue_find(cat, row->violation_id);
	yd_region_at_level(row->region, p.level, where, sizeof where);
	struct yd_reason_in in = {it,	     (enum yd_tier)row->tier, row->fine, row->base, &l, &p,
				  (enum yd_verdict)row->r.verdict, where,		row->context, row->r.widened,
				  row->currency};
	yd_judge_reason(out, lang, &in);
}
