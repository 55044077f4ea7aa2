#include "youdu/analyze.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/catalogue.h"
#include "youdu/db_analysis.h"
#include "youdu/stats.h"

int yd_party_class(enum yd_party p)
{
	switch (p) {
	case YD_PARTY_INDIVIDUAL: return 1;
	case YD_PARTY_ENTERPRISE:
	case YD_PARTY_SOLE_TRADER: return 2;
	default: return 0;
	}
}

void yd_region_at_level(const char *path, enum yd_level level, char *buf, size_t n)
{
	if (level == YD_LEVEL_ALL || level == YD_LEVEL_NONE) {
		snprintf(buf, n, "%s", "");
		return;
	}
	snprintf(buf, n, "%s", path);
	if (level == YD_LEVEL_PARENT) {
		char *slash = strrchr(buf, '/');
		if (slash)
			*slash = '\0';
	}
}

/* One member of a peer group: the group key, x, the case. */
struct member {
	uint64_t key;
	double x;
	uint32_t i;
};

/* Members in ascending x (ties by case), sorted once per run. */
struct xorder {
	double x;
	uint32_t i;
};

static int cmp_xorder(const void *pa, const void *pb)
{
	const struct xorder *a = pa, *b = pb;
	if (a->x != b->x)
		return a->x < b->x ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

/* Open-addressing map from group key to a dense group number. */
struct keymap {
	uint64_t *keys;
	uint32_t *ids;
	size_t cap;
	uint32_t n;
};

static uint32_t keymap_id(struct keymap *km, uint64_t key)
{
	size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & (km->cap - 1);
	while (km->ids[h] != UINT32_MAX) {
		if (km->keys[h] == key)
			return km->ids[h];
		h = (h + 1) & (km->cap - 1);
	}
	km->keys[h] = key;
	km->ids[h] = km->n;
	return km->n++;
}

/* Key of a group: violation | tier | party class | region id at the level. */
static uint64_t group_key(int32_t violation, int tier, int party, int32_t region)
{
	return (uint64_t)(uint32_t)violation << 32 | (uint64_t)tier << 28 | (uint64_t)party << 26 | (uint32_t)region;
}

/* Per-case working state of a run. */
struct run {
	const struct yd_analyze_opts *o;
	struct yd_casecols c;
	const struct yd_cat_item **item; /* catalogue item per case, or NULL */
	double *x;                       /* x per case, NAN when none */
	uint8_t *member;                 /* takes part in peer groups */
	uint8_t *pending;                /* waits for a peer verdict */
	struct yd_result *res;           /* the result per case */
	int32_t *parent;                 /* parent region id, indexed by region id */
	size_t nregions;
};

/* Computes, for one group a[0..n) of sorted members, the leave-one-out
 * statistics of every pending case still without a peer group. */
static void judge_group(struct run *R, const struct member *g, size_t n, enum yd_level level, int party_used,
			double *xs, double *med, double *mad, double *work, int *iwork)
{
	const struct yd_thresholds *t = &R->o->t;
	double qn = NAN;

	for (size_t k = 0; k < n; k++)
		xs[k] = g[k].x;
	yd_stats_loo(xs, n, med, mad, work);
	for (size_t k = 0; k < n; k++) {
		uint32_t i = g[k].i;
		if (!R->pending[i] || R->res[i].level != YD_LEVEL_NONE)
			continue;
		struct yd_peer p;
		memset(&p, 0, sizeof p);
		p.level = level;
		p.party_used = party_used;
		p.n = (long)n - 1;
		p.median = med[k];
		if (YD_MAD_SCALE * mad[k] < t->min_scale && isnan(qn))
			qn = yd_stats_qn(xs, n, work, iwork);
		yd_judge_scale(mad[k], isnan(qn) ? 0 : qn, t, &p);
		p.percentile = yd_stats_percentile(xs, n, g[k].x, 1);
		double far = 0;
		enum yd_verdict v = yd_judge_peer(g[k].x, &p, t, &far);
		struct yd_result *r = &R->res[i];
		r->level = level;
		r->party_used = party_used;
		r->peer_n = p.n;
		r->peer_median = p.median;
		r->scale = p.scale;
		r->method = p.method;
		r->percentile = p.percentile;
		r->z = p.z;
		if (v != YD_V_OK) {
			r->verdict = v;
			r->farness = far;
		} else if (r->verdict == YD_V_NO_BENCHMARK) {
			r->farness = 0; /* keeps no_benchmark: legality unknown */
		} else {
			r->verdict = YD_V_OK;
		}
	}
}

/* Scratch of the group passes, allocated once per run. */
struct scratch {
	struct xorder *xo;  /* members in ascending x */
	size_t nxo;
	struct member *tmp; /* members with keys, in x order */
	uint32_t *gid;      /* dense group of each tmp entry */
	size_t *start;      /* group start offsets (counting sort) */
	struct keymap km;
};

/* Lays the members of one grouping out in m, grouped, x ascending within a
 * group: keys are numbered densely, then a stable counting sort by number
 * keeps the x order of the single global sort. */
static size_t group_layout(struct run *R, struct scratch *S, enum yd_level level, int by_party, struct member *m)
{
	size_t nm = 0;

	memset(S->km.ids, 0xFF, S->km.cap * sizeof *S->km.ids);
	S->km.n = 0;
	for (size_t k = 0; k < S->nxo; k++) {
		uint32_t i = S->xo[k].i;
		int party = by_party ? yd_party_class((enum yd_party)R->c.party[i]) : 0;
		if (by_party && !party)
			continue;
		int32_t region = level == YD_LEVEL_REGION ? R->c.region[i]
				 : level == YD_LEVEL_PARENT ? R->parent[R->c.region[i]]
							    : 0;
		S->tmp[nm].key = group_key(R->c.violation[i], R->c.tier[i], party, region);
		S->tmp[nm].x = S->xo[k].x;
		S->tmp[nm].i = i;
		S->gid[nm] = keymap_id(&S->km, S->tmp[nm].key);
		nm++;
	}
	memset(S->start, 0, ((size_t)S->km.n + 1) * sizeof *S->start);
	for (size_t k = 0; k < nm; k++)
		S->start[S->gid[k] + 1]++;
	for (uint32_t g = 0; g < S->km.n; g++)
		S->start[g + 1] += S->start[g];
	for (size_t k = 0; k < nm; k++)
		m[S->start[S->gid[k]]++] = S->tmp[k];
	return nm;
}

/* One pass over a grouping: level and whether the party class is part of it. */
static int group_pass(struct yd_db *db, struct run *R, struct scratch *S, enum yd_level level, int by_party,
		      struct member *m, double *xs, double *med, double *mad, double *work, int *iwork,
		      struct yd_error *err)
{
	const int min_peers = R->o->t.min_peers;
	size_t nm = group_layout(R, S, level, by_party, m);

	for (size_t s = 0; s < nm;) {
		size_t e = s + 1;
		while (e < nm && m[e].key == m[s].key)
			e++;
		size_t n = e - s;
		uint32_t i0 = m[s].i;
		if ((long)n >= min_peers) {
			for (size_t k = 0; k < n; k++)
				xs[k] = m[s + k].x;
			int party = (int)(m[s].key >> 26 & 3);
			int32_t region = (int32_t)(m[s].key & 0x3FFFFFF);
			int rc = yd_db_peer_group_add(db, R->c.violation[i0], R->c.tier[i0], party, (int)level, region, xs,
						      n, err);
			if (rc < 0)
				return rc;
		}
		if ((long)n - 1 >= min_peers) {
			int need = 0;
			for (size_t k = s; k < e && !need; k++)
				need = R->pending[m[k].i] && R->res[m[k].i].level == YD_LEVEL_NONE;
			if (need)
				judge_group(R, m + s, n, level, by_party, xs, med, mad, work, iwork);
		}
		s = e;
	}
	return 0;
}

/* Stores every judged case by (violation, tier, region), sorted by date, for
 * check's most similar decisions: a stable counting sort of the cases in
 * date order over dense (violation, tier, region) numbers. */
static int store_similar(struct yd_db *db, struct run *R, struct scratch *S, struct yd_error *err)
{
	size_t n = R->c.n;
	struct xorder *byd = yd_xmalloc((n + 1) * sizeof *byd);
	struct yd_dated *out = yd_xmalloc((n + 1) * sizeof *out);
	uint32_t *order = yd_xmalloc((n + 1) * sizeof *order);
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		byd[i].x = R->c.date[i];
		byd[i].i = (uint32_t)i;
	}
	qsort(byd, n, sizeof *byd, cmp_xorder);
	memset(S->km.ids, 0xFF, S->km.cap * sizeof *S->km.ids);
	S->km.n = 0;
	for (size_t k = 0; k < n; k++) {
		uint32_t i = byd[k].i;
		S->gid[k] = keymap_id(&S->km, group_key(R->c.violation[i], R->c.tier[i], 0, R->c.region[i]));
	}
	memset(S->start, 0, ((size_t)S->km.n + 1) * sizeof *S->start);
	for (size_t k = 0; k < n; k++)
		S->start[S->gid[k] + 1]++;
	for (uint32_t g = 0; g < S->km.n; g++)
		S->start[g + 1] += S->start[g];
	for (size_t k = 0; k < n; k++)
		order[S->start[S->gid[k]]++] = byd[k].i;
	/* start[g] is now the end of group g */
	for (uint32_t g = 0, s = 0; g < S->km.n && rc == 0; g++) {
		size_t e = S->start[g], len = e - s;
		for (size_t k = 0; k < len; k++) {
			uint32_t i = order[s + k];
			out[k].date = R->c.date[i];
			out[k].pad = 0;
			out[k].rowid = R->c.rowid[i];
		}
		uint32_t i0 = order[s];
		rc = yd_db_similar_add(db, R->c.violation[i0], R->c.tier[i0], R->c.region[i0], out, len, err);
		s = (uint32_t)e;
	}
	free(byd);
	free(out);
	free(order);
	return rc;
}

/* Parent region ids (the path without its last part), interning new ones. */
static int load_parents(struct yd_db *db, struct run *R, struct yd_error *err)
{
	char **paths = NULL;
	size_t n = 0;
	int rc = yd_db_region_paths(db, &paths, &n, err);
	if (rc < 0)
		return rc;
	R->nregions = n;
	R->parent = yd_xcalloc(n ? n : 1, sizeof *R->parent);
	for (size_t id = 0; id < n && rc == 0; id++) {
		if (!paths[id])
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
	return rc;
}

int yd_analyze(struct yd_db *db, const struct yd_analyze_opts *o, struct yd_ledger *led, struct yd_error *err)
{
	struct yd_catalogue cat = {0};
	struct run R;
	struct scratch S;
	struct member *m = NULL;
	double *xs = NULL, *med = NULL, *mad = NULL, *work = NULL;
	int *iwork = NULL;
	int rc;

	memset(&R, 0, sizeof R);
	memset(&S, 0, sizeof S);
	memset(led, 0, sizeof *led);
	R.o = o;
	led->min_peers = o->t.min_peers;
	led->threshold = o->t.z;
	led->ratio = o->t.ratio;
	led->year = o->year;

	if ((rc = yd_db_begin(db, err)) < 0)
		return rc;
	yd_db_bulk_mode(db);
	if ((rc = yd_catalogue_load(db, &cat, err)) < 0 || (rc = load_parents(db, &R, err)) < 0 ||
	    (rc = yd_db_load_cases(db, o->year, &R.c, &led->outside_year, err)) < 0)
		goto fail;
	size_t n = R.c.n;
	led->read = (long)n + led->outside_year;
	led->judged = (long)n;
	R.item = yd_xcalloc(n + 1, sizeof *R.item);
	R.x = yd_xmalloc((n + 1) * sizeof *R.x);
	R.member = yd_xcalloc(n + 1, 1);
	R.pending = yd_xcalloc(n + 1, 1);
	R.res = yd_xcalloc(n + 1, sizeof *R.res);

	/* rules 1 and 2, and who takes part in peer groups */
	for (size_t i = 0; i < n; i++) {
		struct yd_legal l;
		enum yd_tier tier = (enum yd_tier)R.c.tier[i];
		const struct yd_cat_item *it = yd_catalogue_find(&cat, R.c.violation[i]);
		R.item[i] = it;
		yd_judge_legal(it, tier, R.c.fine[i], R.c.base[i], &l);
		struct yd_result *r = &R.res[i];
		r->verdict = l.verdict;
		r->level = YD_LEVEL_NONE;
		r->peer_median = r->scale = r->percentile = r->z = NAN;
		r->farness = l.farness;
		led->no_catalogue += l.nolegal == YD_NL_NO_CATALOGUE;
		led->no_base += l.nolegal == YD_NL_NO_BASE;
		int ordinary = tier != YD_TIER_NONE && tier != YD_TIER_MITIGATED;
		R.member[i] = ordinary && yd_judge_x(it, R.c.fine[i], R.c.base[i], &R.x[i]) == 0;
		if (!R.member[i])
			R.x[i] = NAN;
		R.pending[i] = R.member[i] && (l.verdict == YD_V_OK || l.nolegal == YD_NL_NO_CATALOGUE);
		if (R.pending[i] && l.verdict == YD_V_OK)
			r->verdict = YD_V_INSUFFICIENT; /* until a peer group is found */
	}

	/* rule 3: widening peer groups, party class first at each level */
	m = yd_xmalloc((n + 1) * sizeof *m);
	xs = yd_xmalloc((n + 1) * sizeof *xs);
	med = yd_xmalloc((n + 1) * sizeof *med);
	mad = yd_xmalloc((n + 1) * sizeof *mad);
	work = yd_xmalloc((3 * n + 3) * sizeof *work);
	iwork = yd_xmalloc((5 * n + 5) * sizeof *iwork);
	S.xo = yd_xmalloc((n + 1) * sizeof *S.xo);
	for (size_t i = 0; i < n; i++)
		if (R.member[i]) {
			S.xo[S.nxo].x = R.x[i];
			S.xo[S.nxo].i = (uint32_t)i;
			S.nxo++;
		}
	qsort(S.xo, S.nxo, sizeof *S.xo, cmp_xorder);
	S.tmp = yd_xmalloc((n + 1) * sizeof *S.tmp);
	S.gid = yd_xmalloc((n + 1) * sizeof *S.gid);
	S.start = yd_xmalloc((n + 2) * sizeof *S.start);
	for (S.km.cap = 64; S.km.cap < 2 * (n + 1); S.km.cap *= 2)
		;
	S.km.keys = yd_xmalloc(S.km.cap * sizeof *S.km.keys);
	S.km.ids = yd_xmalloc(S.km.cap * sizeof *S.km.ids);
	if ((rc = yd_db_results_clear(db, err)) < 0)
		goto fail;
	for (int level = YD_LEVEL_REGION; level <= YD_LEVEL_ALL; level++)
		for (int by_party = 1; by_party >= 0; by_party--)
			if ((rc = group_pass(db, &R, &S, (enum yd_level)level, by_party, m, xs, med, mad, work, iwork,
					     err)) < 0)
				goto fail;

	for (size_t i = 0; i < n; i++)
		led->counts[R.res[i].verdict]++;
	if ((rc = yd_db_results_add(db, R.c.rowid, R.res, n, err)) < 0)
		goto fail;
	if ((rc = store_similar(db, &R, &S, err)) < 0 || (rc = yd_db_run_add(db, led, err)) < 0 ||
	    (rc = yd_db_commit(db, err)) < 0)
		goto fail;
	goto out;
fail:
	yd_db_rollback(db);
out:
	yd_catalogue_release(&cat);
	yd_casecols_release(&R.c);
	free(R.item);
	free(R.x);
	free(R.member);
	free(R.pending);
	free(R.res);
	free(R.parent);
	free(S.xo);
	free(S.tmp);
	free(S.gid);
	free(S.start);
	free(S.km.keys);
	free(S.km.ids);
	free(m);
	free(xs);
	free(med);
	free(mad);
	free(work);
	free(iwork);
	return rc;
}

int yd_ledger_load(struct yd_db *db, struct yd_ledger *led, struct yd_error *err)
{
	return yd_db_run_load(db, led, err);
}
