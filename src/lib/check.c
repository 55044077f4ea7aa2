#include "youdu/check.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/analyze.h"
#include "youdu/db_analysis.h"
#include "youdu/stats.h"
#include "youdu/strmap.h"

struct yd_checker {
	struct yd_db *db;
	struct yd_catalogue cat;
	struct yd_thresholds t;
	int with_similar;
	struct yd_strmap cache;    /* "v:t:p:l:r" -> index in groups, or -1 for "no group" */
	struct yd_group_summary *groups;
	size_t ngroups, capgroups;
};

int yd_checker_open(struct yd_db *db, int with_similar, struct yd_checker **out, struct yd_error *err)
{
	struct yd_ledger led;
	int rc;

	if ((rc = yd_ledger_load(db, &led, err)) < 0)
		return rc;
	struct yd_checker *c = yd_xcalloc(1, sizeof *c);
	c->db = db;
	c->with_similar = with_similar;
	struct yd_thresholds t = YD_THRESHOLDS_DEFAULT;
	t.min_peers = led.min_peers;
	t.z = led.threshold;
	t.ratio = led.ratio;
	t.min_scale = led.min_scale;
	t.max_share = led.max_share;
	t.min_heaped = led.min_heaped;
	c->t = t;
	if ((rc = yd_catalogue_load(db, &c->cat, err)) < 0) {
		yd_checker_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

void yd_checker_free(struct yd_checker *c)
{
	if (!c)
		return;
	yd_catalogue_release(&c->cat);
	yd_strmap_release(&c->cache);
	for (size_t i = 0; i < c->ngroups; i++)
		free(c->groups[i].xs);
	free(c->groups);
	free(c);
}

/* A stored group, cached; NULL when there is none. */
static const struct yd_group_summary *group(struct yd_checker *c, int32_t v, int tier, int party, int level,
					    int32_t region, struct yd_error *err, int *rc)
{
	char key[96];
	int64_t idx;
	struct yd_group_summary g;

	snprintf(key, sizeof key, "%d:%d:%d:%d:%d", (int)v, tier, party, level, (int)region);
	if (yd_strmap_get(&c->cache, key, &idx))
		return idx < 0 ? NULL : &c->groups[idx];
	*rc = yd_db_peer_group_get(c->db, v, tier, party, level, region, &g, err);
	if (*rc <= 0) {
		if (*rc == 0)
			yd_strmap_put(&c->cache, key, -1);
		return NULL;
	}
	*rc = 0;
	if (isnan(g.qn) && YD_MAD_SCALE * g.mad < c->t.min_scale) {
		/* analyze did not need this group's Qn: compute it from what is
		 * stored (every value, or the 0.1 % quantiles of a large group) */
		g.qn = yd_stats_qn(g.xs, g.nxs);
	}
	if (c->ngroups == c->capgroups) {
		c->capgroups = c->capgroups ? 2 * c->capgroups : 64;
		c->groups = yd_xrealloc(c->groups, c->capgroups * sizeof *c->groups);
	}
	c->groups[c->ngroups] = g;
	yd_strmap_put(&c->cache, key, (int64_t)c->ngroups);
	return &c->groups[c->ngroups++];
}

/* The path of a region id into buf; returns 1, or 0 with *rc set on error. */
static int region_path(struct yd_checker *c, int32_t id, char *buf, size_t n, struct yd_error *err, int *rc)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(yd_db_handle(c->db), "SELECT name FROM region WHERE id = ?", -1, &st, NULL) != SQLITE_OK) {
		*rc = yd_db_fail(c->db, err, "reading a region");
		return 0;
	}
	sqlite3_bind_int(st, 1, id);
	int found = sqlite3_step(st) == SQLITE_ROW;
	snprintf(buf, n, "%s", found ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
	return 1;
}

/* Region id of a path, 0 when unknown. */
static int32_t region_id(struct yd_checker *c, const char *path, struct yd_error *err, int *rc)
{
	int64_t id = 0;
	*rc = yd_db_lookup(c->db, YD_INTERN_REGION, path, &id, err);
	if (*rc < 0)
		return 0;
	*rc = 0;
	return (int32_t)id;
}

static int common_components(const char *a, const char *b)
{
	int k = 0;
	while (*a && *a == *b) {
		if (*a == '/')
			k++;
		a++, b++;
	}
	return k + ((*a == '\0' || *a == '/') && (*b == '\0' || *b == '/'));
}

/* A candidate similar decision: region closeness, date distance, the case. */
struct cand {
	int common;
	int32_t ddays;
	int64_t rowid;
};

static int cmp_cand(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	if (a->common != b->common)
		return b->common - a->common;
	if (a->ddays != b->ddays)
		return a->ddays < b->ddays ? -1 : 1;
	return (a->rowid > b->rowid) - (a->rowid < b->rowid);
}

struct cand_set {
	struct yd_checker *c;
	const struct yd_draft *d;
	int32_t own;          /* the draft's region id, 0 when unknown */
	int common_parent;    /* components shared with any region of the county */
	struct cand *v;
	size_t n, cap;
	struct yd_error *err;
};

/* Adds the cases of one region's list.  Only YD_CHECK_SIMILAR per region can
 * make the final five, so with a date only the nearest ones are taken. */
static int add_cands(void *data, int32_t region, const struct yd_dated *v, size_t n)
{
	struct cand_set *cs = data;
	int common;

	if (region == cs->own) {
		common = yd_region_depth(cs->d->region);
	} else {
		char path[1024];
		int rc = 0;
		if (!region_path(cs->c, region, path, sizeof path, cs->err, &rc))
			return rc;
		common = common_components(cs->d->region, path);
	}
	size_t lo = 0, hi = n;
	if (n > YD_CHECK_SIMILAR) {
		/* the window of n nearest dates around the draft's date (or the latest) */
		size_t at = n;
		if (cs->d->date) {
			size_t a = 0, b = n;
			while (a < b) {
				size_t m = (a + b) / 2;
				if (v[m].date < cs->d->date)
					a = m + 1;
				else
					b = m;
			}
			at = a;
		}
		lo = at > YD_CHECK_SIMILAR ? at - YD_CHECK_SIMILAR : 0;
		hi = at + YD_CHECK_SIMILAR < n ? at + YD_CHECK_SIMILAR : n;
	}
	int32_t dd = cs->d->date ? yd_date_days(cs->d->date) : 0;
	for (size_t k = lo; k < hi; k++) {
		if (cs->n == cs->cap) {
			cs->cap = cs->cap ? 2 * cs->cap : 64;
			cs->v = yd_xrealloc(cs->v, cs->cap * sizeof *cs->v);
		}
		struct cand *x = &cs->v[cs->n++];
		x->common = common;
		/* without a draft date, the most recent decisions first */
		x->ddays = cs->d->date ? abs(dd - yd_date_days(v[k].date)) : -yd_date_days(v[k].date);
		x->rowid = v[k].rowid;
	}
	return 0;
}

/* Same violation and tier; own region, then the county, then everywhere;
 * nearest region path first, then nearest date, then the earlier import. */
static int similar_cases(struct yd_checker *c, int64_t vid, int32_t own, const struct yd_draft *d,
			 struct yd_check_result *r, struct yd_error *err)
{
	struct cand_set cs = {c, d, own, 0, NULL, 0, 0, err};
	char parent[600];
	int32_t *below = NULL;
	size_t nbelow = 0;
	int rc = 0;

	if (own)
		rc = yd_db_similar_each(c->db, (int32_t)vid, (int)d->tier, own, add_cands, &cs, err);
	if (rc == 0 && cs.n < YD_CHECK_SIMILAR) {
		yd_region_at_level(d->region, YD_LEVEL_PARENT, parent, sizeof parent);
		cs.n = 0;
		rc = yd_db_regions_below(c->db, parent, &below, &nbelow, err);
		for (size_t i = 0; i < nbelow && rc == 0; i++)
			rc = yd_db_similar_each(c->db, (int32_t)vid, (int)d->tier, below[i], add_cands, &cs, err);
	}
	if (rc == 0 && cs.n < YD_CHECK_SIMILAR) {
		cs.n = 0;
		rc = yd_db_similar_each(c->db, (int32_t)vid, (int)d->tier, 0, add_cands, &cs, err);
	}
	if (rc == 0 && cs.n) {
		qsort(cs.v, cs.n, sizeof *cs.v, cmp_cand);
		for (size_t i = 0; i < cs.n && r->nsimilar < YD_CHECK_SIMILAR && rc == 0; i++) {
			struct yd_similar *s = &r->similar[r->nsimilar++];
			rc = yd_db_case_brief(c->db, cs.v[i].rowid, s->case_id, sizeof s->case_id, s->region,
					      sizeof s->region, &s->date, &s->fine, err);
		}
	}
	free(below);
	free(cs.v);
	return rc;
}

/* Amounts an officer would write: lo rounded up and hi rounded down to the
 * coarsest step (1, 2 or 5 times a power of ten yuan) that keeps at least
 * 80 % of the range; unchanged when no whole-yuan step does. */
static void round_range(int64_t *lo, int64_t *hi)
{
	static const int64_t mult[] = {5, 2, 1};
	for (int64_t p = 100000000000; p >= 100; p /= 10)
		for (int k = 0; k < 3; k++) {
			int64_t step = mult[k] * p; /* fen */
			int64_t a = (*lo + step - 1) / step * step, b = *hi / step * step;
			if (a <= b && 5 * (b - a) >= 4 * (*hi - *lo)) {
				*lo = a, *hi = b;
				return;
			}
		}
}

static void suggest(const struct yd_check_result *cr, struct yd_check_result *r)
{
	int64_t lo = -1, hi = -1;
	const struct yd_legal *l = &cr->legal;

	if (l->has_band) {
		lo = l->band_lo;
		hi = l->band_hi;
	} else if (cr->item && l->nolegal == YD_NL_NONE) {
		lo = l->lo;
		hi = l->hi;
	}
	if (cr->peer.level != YD_LEVEL_NONE) {
		int64_t plo = (int64_t)llround(cr->q1), phi = (int64_t)llround(cr->q3);
		if (lo < 0) {
			lo = plo, hi = phi;
			r->suggest_from_peers = 1;
		} else if (plo <= hi && phi >= lo) {
			lo = plo > lo ? plo : lo;
			hi = phi < hi ? phi : hi;
			r->suggest_from_peers = 1;
		}
	}
	if (lo >= 0) {
		round_range(&lo, &hi);
		r->has_suggest = 1;
		r->suggest_lo = lo;
		r->suggest_hi = hi;
	}
}

int yd_check(struct yd_checker *c, const struct yd_draft *d, struct yd_check_result *r, struct yd_error *err)
{
	int64_t vid = 0;
	int rc = 0;

	memset(r, 0, sizeof *r);
	r->peer.level = YD_LEVEL_NONE;
	r->q1 = r->q3 = r->median = NAN;
	if ((rc = yd_db_lookup(c->db, YD_INTERN_VIOLATION, d->violation_code, &vid, err)) < 0)
		return rc;
	r->item = vid ? yd_catalogue_find(&c->cat, vid) : NULL;
	yd_judge_legal(r->item, d->tier, d->fine, d->base, &r->legal);
	r->verdict = r->legal.verdict;

	double x;
	int32_t own = region_id(c, d->region, err, &rc);
	if (rc < 0)
		return rc;
	int ordinary = yd_peers_ordinary(d->tier);
	int peer_ok = ordinary && yd_peers_decide(&r->legal);
	if (vid && ordinary && yd_judge_x(r->item, d->fine, d->base, &x) == 0) {
		int32_t rid = own;
		char parent[600];
		yd_region_at_level(d->region, YD_LEVEL_PARENT, parent, sizeof parent);
		int32_t pid = rc == 0 ? region_id(c, parent, err, &rc) : 0;
		int pclass = yd_party_class(d->party);
		const struct yd_group_summary *g = NULL;
		for (int k = 0; k < YD_PEER_STEPS && !g && rc == 0; k++) {
			enum yd_level level = yd_peer_steps[k].level;
			int by_party = yd_peer_steps[k].by_party;
			int32_t reg = level == YD_LEVEL_REGION ? rid : level == YD_LEVEL_PARENT ? pid : 0;
			if ((level != YD_LEVEL_ALL && !reg) || (by_party && !pclass))
				continue;
			g = group(c, (int32_t)vid, (int)d->tier, by_party ? pclass : 0, (int)level, reg, err, &rc);
			if (g && !yd_peers_enough((long)g->n, g->mad, level, &c->t))
				g = NULL;
			if (g) {
				r->peer.level = level;
				r->peer.party_used = by_party;
			}
		}
		if (rc < 0)
			return rc;
		if (g) {
			struct yd_peer *p = &r->peer;
			p->n = (long)g->n;
			p->median = g->median;
			p->median_nat = g->median_nat;
			if (g->nxs == g->n) {
				p->percentile = yd_stats_percentile(g->xs, g->n, x, 0);
				yd_peers_beyond(g->xs, g->n, x, 0, &p->above, &p->below);
			} else {
				/* a large group is stored as its 0.1 % quantiles */
				p->percentile = yd_stats_percentile_q(g->xs, g->nxs, x);
				yd_peers_beyond(g->xs, g->nxs, x, 0, &p->above, &p->below);
				p->above = (long)llround((double)p->above * (double)g->n / (double)g->nxs);
				p->below = (long)llround((double)p->below * (double)g->n / (double)g->nxs);
			}
			yd_judge_scale(g->mad, isnan(g->qn) ? 0 : g->qn, g->distinct, &c->t, p);
			double far = 0;
			enum yd_verdict pv = yd_judge_peer(x, p, &c->t, &far);
			if (peer_ok && pv != YD_V_OK)
				r->verdict = pv;
			r->median = yd_judge_fen_of_nat(r->item, g->median_nat, d->base);
			r->q1 = yd_judge_fen_of_nat(r->item, g->q1_nat, d->base);
			r->q3 = yd_judge_fen_of_nat(r->item, g->q3_nat, d->base);
			r->nlevels = g->nlevels;
			for (int k = 0; k < g->nlevels; k++) {
				r->levels[k].fen = yd_judge_fen_of_x(r->item, g->levels[k].x, d->base);
				r->levels[k].count = g->levels[k].count;
			}
			yd_region_at_level(d->region, p->level, r->peer_region, sizeof r->peer_region);
		} else if (peer_ok && r->verdict == YD_V_OK) {
			r->verdict = YD_V_INSUFFICIENT;
		}
	} else if (peer_ok && r->verdict == YD_V_OK) {
		r->verdict = YD_V_INSUFFICIENT;
	}
	suggest(r, r);
	if (c->with_similar && vid && (rc = similar_cases(c, vid, own, d, r, err)) < 0)
		return rc;
	return 0;
}
