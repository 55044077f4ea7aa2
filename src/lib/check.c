#include "youdu/check.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/alloc.h"
#include "youdu/analyze.h"
#include "youdu/context.h"
#include "youdu/db_analysis.h"
#include "youdu/db_check.h"
#include "youdu/stats.h"
#include "youdu/strmap.h"
#include "youdu/text.h"

struct yd_checker {
	struct yd_db *db;          /* borrowed */
	int with_similar;
	int64_t data_version;      /* PRAGMA data_version when loaded */
	int in_tx;                 /* yd_checker_begin opened a read transaction */
	int no_cases;              /* the database holds no past case: the catalogue alone
				    * judges, for any region path (issue 23) */
	/* loaded from the database (load/unload): */
	struct yd_ledger led;
	struct yd_catalogue cat;
	struct yd_thresholds t;
	struct yd_strmap cache;    /* "v:t:p:l:r" -> index in groups, or -1 for "no group" */
	struct yd_group_summary *groups;
	size_t ngroups, capgroups;
	char **vcodes, **vtitles;  /* violations by id (yd_db_violations) */
	size_t nvid;
	struct yd_strmap vmap;     /* code -> violation id */
	size_t *vorder;            /* violation ids in code order */
	size_t nv;
	char **rnames;             /* region paths in byte order */
	int32_t *rids;             /* their ids */
	int8_t *rcase;             /* 1 a region of cases, 0 only a county, -1 not yet known */
	size_t nr;
	char **rbyid;              /* path by region id (borrowed from rnames), NULL when unused */
	size_t nrbyid;
	struct seen *seen;         /* similar decisions read before (SEEN_SLOTS), NULL until one is */
	uint32_t *used;            /* the slots of seen filled, so that emptying it touches only them */
	size_t nused, capused;
};

/* A past decision shown as similar, as it was read (its case and its
 * result block: two B-tree seeks and a blob read into a 244 MB file, the
 * most of a check's time), kept for the next checks that show it: drafts
 * of one violation, tier and region mostly share their nearest decisions.
 * A direct-mapped table by cases.id, emptied when the checker reloads, so
 * it holds at most SEEN_SLOTS decisions of one state of the database. */
#define SEEN_SLOTS (1 << 15)
struct seen {
	int64_t rowid; /* 0 an empty slot */
	char *text;    /* case_id, NUL, region path, NUL: one allocation */
	int32_t date;
	int verdict;   /* enum yd_verdict, -1 none stored */
	int64_t fine;
};

static void unload(struct yd_checker *c)
{
	/* the table's untouched pages are never read: a one-shot check
	 * fills five slots of 32,768 */
	for (size_t i = 0; i < c->nused; i++)
		free(c->seen[c->used[i]].text);
	free(c->seen);
	free(c->used);
	c->seen = NULL;
	c->used = NULL;
	c->nused = c->capused = 0;
	yd_catalogue_release(&c->cat);
	yd_strmap_release(&c->cache);
	for (size_t i = 0; i < c->ngroups; i++)
		free(c->groups[i].xs);
	free(c->groups);
	c->groups = NULL;
	c->ngroups = c->capgroups = 0;
	yd_db_violations_free(c->vcodes, c->vtitles, c->nvid);
	c->vcodes = c->vtitles = NULL;
	c->nvid = 0;
	yd_strmap_release(&c->vmap);
	free(c->vorder);
	c->vorder = NULL;
	c->nv = 0;
	for (size_t i = 0; i < c->nr; i++)
		free(c->rnames[i]);
	free(c->rnames);
	free(c->rids);
	free(c->rcase);
	free(c->rbyid);
	c->rnames = NULL;
	c->rids = NULL;
	c->rcase = NULL;
	c->rbyid = NULL;
	c->nr = c->nrbyid = 0;
}

static int load_regions(struct yd_checker *c, struct yd_error *err)
{
	int32_t maxid = 0;
	int rc = yd_db_region_paths_sorted(c->db, &c->rnames, &c->rids, &c->nr, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < c->nr; i++)
		if (c->rids[i] > maxid)
			maxid = c->rids[i];
	c->rcase = yd_xmalloc(c->nr ? c->nr : 1);
	memset(c->rcase, -1, c->nr);
	c->nrbyid = (size_t)maxid + 1;
	c->rbyid = yd_xcalloc(c->nrbyid, sizeof *c->rbyid);
	for (size_t i = 0; i < c->nr; i++)
		if (c->rids[i] >= 0)
			c->rbyid[c->rids[i]] = c->rnames[i];
	return 0;
}

static int load(struct yd_checker *c, struct yd_error *err)
{
	int rc;

	if ((rc = yd_db_has_cases(c->db, err)) < 0)
		return rc;
	c->no_cases = !rc;
	if ((rc = yd_ledger_load(c->db, &c->led, err)) < 0) {
		/* a catalogue and no case yet: check the law and the tiers, with
		 * the default thresholds and no peers */
		if (rc != YD_ESTATE || !c->no_cases)
			return rc;
		struct yd_thresholds d = YD_THRESHOLDS_DEFAULT;
		memset(&c->led, 0, sizeof c->led);
		c->led.min_peers = d.min_peers;
		c->led.fdr = d.fdr;
		c->led.ratio = d.ratio;
		c->led.min_scale = d.min_scale;
		c->led.max_share = d.max_share;
		c->led.min_heaped = d.min_heaped;
		c->led.prior_scale = c->led.local_ratio = NAN;
		if (err)
			memset(err, 0, sizeof *err);
	}
	struct yd_thresholds t = YD_THRESHOLDS_DEFAULT;
	t.min_peers = c->led.min_peers;
	t.fdr = c->led.fdr;
	t.prior_scale = c->led.prior_scale;
	t.prior_df = c->led.prior_df;
	t.p_cut = c->led.p_cut;
	t.local_ratio = c->led.local_ratio;
	t.local_df = c->led.local_df;
	t.ratio = c->led.ratio;
	t.min_scale = c->led.min_scale;
	t.max_share = c->led.max_share;
	t.min_heaped = c->led.min_heaped;
	c->t = t;
	if ((rc = yd_catalogue_load(c->db, &c->cat, err)) < 0)
		return rc;
	if ((rc = yd_db_violations(c->db, &c->vcodes, &c->vtitles, &c->nvid, err)) < 0)
		return rc;
	c->vorder = yd_xmalloc((c->nvid ? c->nvid : 1) * sizeof *c->vorder);
	for (size_t id = 0; id < c->nvid; id++)
		if (c->vcodes[id]) {
			yd_strmap_put(&c->vmap, c->vcodes[id], (int64_t)id);
			c->vorder[c->nv++] = id;
		}
	/* code order: sort the ids by their codes */
	for (size_t i = 1; i < c->nv; i++) {
		size_t v = c->vorder[i], j = i;
		while (j > 0 && strcmp(c->vcodes[c->vorder[j - 1]], c->vcodes[v]) > 0) {
			c->vorder[j] = c->vorder[j - 1];
			j--;
		}
		c->vorder[j] = v;
	}
	return load_regions(c, err);
}

int yd_checker_open(struct yd_db *db, int with_similar, struct yd_checker **out, struct yd_error *err)
{
	struct yd_checker *c = yd_xcalloc(1, sizeof *c);
	int rc;

	c->db = db;
	c->with_similar = with_similar;
	if ((rc = load(c, err)) < 0 || (rc = yd_db_data_version(db, &c->data_version, err)) < 0) {
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
	yd_checker_end(c);
	unload(c);
	free(c);
}

int yd_checker_begin(struct yd_checker *c, int *reloaded, struct yd_error *err)
{
	int64_t version = 0;
	int rc;

	if (reloaded)
		*reloaded = 0;
	c->in_tx = 1;
	if ((rc = yd_db_snapshot_begin(c->db, &version, err)) < 0)
		return rc;
	if (version != c->data_version || !c->vcodes) {
		unload(c);
		if ((rc = load(c, err)) < 0)
			return rc;
		c->data_version = version;
		if (reloaded)
			*reloaded = 1;
	}
	return 0;
}

void yd_checker_end(struct yd_checker *c)
{
	if (c && c->in_tx) {
		yd_db_read_end(c->db);
		c->in_tx = 0;
	}
}

int yd_checker_has_cases(const struct yd_checker *c)
{
	return !c->no_cases;
}

const struct yd_ledger *yd_checker_ledger(const struct yd_checker *c)
{
	return &c->led;
}

const struct yd_catalogue *yd_checker_catalogue(const struct yd_checker *c)
{
	return &c->cat;
}

size_t yd_checker_violations(const struct yd_checker *c)
{
	return c->nv;
}

int yd_checker_violation(const struct yd_checker *c, size_t i, const char **code, const char **name,
			 const struct yd_cat_item **item)
{
	if (i >= c->nv)
		return 0;
	size_t id = c->vorder[i];
	const struct yd_cat_item *it = yd_catalogue_find(&c->cat, (int64_t)id);
	*code = c->vcodes[id];
	*name = it && it->name && *it->name ? it->name : c->vtitles[id] ? c->vtitles[id] : "";
	if (item)
		*item = it;
	return 1;
}

size_t yd_checker_regions(const struct yd_checker *c)
{
	return c->nr;
}

/* 1 when region idx is a region of cases: a path with nothing below it
 * is; a path with regions below it is a county that analyze added, unless
 * cases were also recorded at it (then it has similar-case lists). */
static int is_case_region(struct yd_checker *c, size_t idx, struct yd_error *err, int *rc);

static int is_county(struct yd_checker *c, const char *path, size_t first, size_t below, struct yd_error *err,
		     int *rc);
static size_t regions_below(const struct yd_checker *c, const char *path, size_t *first);

int yd_checker_region(struct yd_checker *c, size_t i, const char **path, enum yd_level *level)
{
	if (i >= c->nr)
		return 0;
	*path = c->rnames[i];
	int rc = 0;
	size_t first, below = regions_below(c, c->rnames[i], &first);
	if (is_case_region(c, i, NULL, &rc) == 1)
		*level = YD_LEVEL_REGION;
	else
		*level = is_county(c, c->rnames[i], first, below, NULL, &rc) ? YD_LEVEL_PARENT : YD_LEVEL_ALL;
	return 1;
}

/* Index of the first path >= s. */
static size_t lower_bound(const struct yd_checker *c, const char *s)
{
	size_t a = 0, b = c->nr;
	while (a < b) {
		size_t m = (a + b) / 2;
		if (strcmp(c->rnames[m], s) < 0)
			a = m + 1;
		else
			b = m;
	}
	return a;
}

/* Known regions below path (path + "/..."): their count, the first's index. */
static size_t regions_below(const struct yd_checker *c, const char *path, size_t *first)
{
	char key[600];
	snprintf(key, sizeof key, "%s/", path);
	size_t klen = strlen(key), i = lower_bound(c, key), n = 0;
	*first = i;
	while (i + n < c->nr && strncmp(c->rnames[i + n], key, klen) == 0)
		n++;
	return n;
}

static int is_case_region(struct yd_checker *c, size_t idx, struct yd_error *err, int *rc)
{
	if (c->rcase[idx] >= 0)
		return c->rcase[idx];
	size_t first;
	if (regions_below(c, c->rnames[idx], &first) == 0) {
		c->rcase[idx] = 1;
		return 1;
	}
	int r = yd_db_similar_has_region(c->db, c->rids[idx], err);
	if (r < 0) {
		*rc = r;
		return -1;
	}
	c->rcase[idx] = (int8_t)r;
	return r;
}

/* Region id of a known path, 0 when unknown. */
static int32_t region_id(const struct yd_checker *c, const char *path)
{
	size_t i = lower_bound(c, path);
	return i < c->nr && strcmp(c->rnames[i], path) == 0 ? c->rids[i] : 0;
}

/* Where a draft's peers are looked for: its violation in its context, or
 * (widened) in its provision alone; ctx -1 when no stored case has it. */
struct strat {
	int32_t v, ctx;
	int widened;
};

/* A stored group, cached; NULL when there is none. */
static const struct yd_group_summary *group(struct yd_checker *c, struct strat st, int tier, int party, int level,
					    int32_t region, struct yd_error *err, int *rc)
{
	char key[128];
	int64_t idx;
	struct yd_group_summary g;

	if (st.ctx < 0)
		return NULL;
	snprintf(key, sizeof key, "%d:%d:%d:%d:%d:%d:%d", (int)st.v, (int)st.ctx, st.widened, tier, party, level,
		 (int)region);
	if (yd_strmap_get(&c->cache, key, &idx))
		return idx < 0 ? NULL : &c->groups[idx];
	*rc = yd_db_peer_group_get(c->db, st.v, st.ctx, st.widened, tier, party, level, region, &g, err);
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
	int32_t own;          /* the draft's region id, 0 for a prefix */
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
		const char *path = region >= 0 && (size_t)region < cs->c->nrbyid ? cs->c->rbyid[region] : NULL;
		common = common_components(cs->d->region, path ? path : "");
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

/* Fills s with the stored decision rowid (case, region, date, fine and
 * its verdict), from c->seen when it was read before. */
static int similar_read(struct yd_checker *c, int64_t rowid, struct yd_similar *s, struct yd_error *err)
{
	struct seen *e = NULL;
	struct yd_result res;

	if (!c->seen)
		c->seen = yd_xcalloc(SEEN_SLOTS, sizeof *c->seen);
	e = &c->seen[((uint64_t)rowid * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - 15)];
	if (e->rowid == rowid) {
		size_t n = strlen(e->text), m = strlen(e->text + n + 1);
		memcpy(s->case_id, e->text, n + 1);
		memcpy(s->region, e->text + n + 1, m + 1);
		s->date = e->date;
		s->fine = e->fine;
		s->verdict = e->verdict;
		return 0;
	}
	int rc = yd_db_case_brief(c->db, rowid, s->case_id, sizeof s->case_id, s->region, sizeof s->region, &s->date,
				  &s->fine, err);
	/* a similar decision that was itself flagged is no model: said so */
	int got = rc == 0 ? yd_db_result_get(c->db, rowid, &res, err) : 0;
	if (got < 0)
		rc = got;
	s->verdict = got > 0 ? res.verdict : -1;
	if (rc < 0)
		return rc;
	size_t n = strlen(s->case_id), m = strlen(s->region);
	if (!e->text) {
		YD_ALLOC_GROW(c->used, c->nused + 1, c->capused);
		c->used[c->nused++] = (uint32_t)(e - c->seen);
	}
	free(e->text);
	e->text = yd_xmalloc(n + m + 2);
	memcpy(e->text, s->case_id, n + 1);
	memcpy(e->text + n + 1, s->region, m + 1);
	e->rowid = rowid;
	e->date = s->date;
	e->fine = s->fine;
	e->verdict = s->verdict;
	return 0;
}

/* Same violation, context and tier; own region, then the county, then
 * everywhere; nearest region path first, then nearest date, then the
 * earlier import. */
static int similar_cases(struct yd_checker *c, int64_t vid, int32_t ctx, int32_t own, const char *county,
			 const struct yd_draft *d, enum yd_tier tier, struct yd_check_result *r, struct yd_error *err)
{
	struct cand_set cs = {c, d, own, NULL, 0, 0, err};
	int32_t *below = NULL;
	size_t nbelow = 0;
	int rc = 0;

	if (ctx < 0)
		return 0; /* no stored decision has the draft's context */
	if (own)
		rc = yd_db_similar_each(c->db, (int32_t)vid, ctx, (int)tier, own, add_cands, &cs, err);
	if (rc == 0 && cs.n < YD_CHECK_SIMILAR && *county) {
		cs.n = 0;
		rc = yd_db_regions_below(c->db, county, &below, &nbelow, err);
		for (size_t i = 0; i < nbelow && rc == 0; i++)
			rc = yd_db_similar_each(c->db, (int32_t)vid, ctx, (int)tier, below[i], add_cands, &cs, err);
	}
	if (rc == 0 && cs.n < YD_CHECK_SIMILAR) {
		cs.n = 0;
		rc = yd_db_similar_each(c->db, (int32_t)vid, ctx, (int)tier, 0, add_cands, &cs, err);
	}
	if (rc == 0 && cs.n) {
		qsort(cs.v, cs.n, sizeof *cs.v, cmp_cand);
		for (size_t i = 0; i < cs.n && r->nsimilar < YD_CHECK_SIMILAR && rc == 0; i++)
			rc = similar_read(c, cs.v[i].rowid, &r->similar[r->nsimilar++], err);
	}
	free(below);
	free(cs.v);
	return rc;
}

/* Amounts an officer would write: lo rounded up and hi rounded down to the
 * coarsest step (1, 2 or 5 times a power of ten yuan) that keeps at least
 * 95 % of the range (so round quartiles such as 1,300-1,800 stay as they
 * are); unchanged when no whole-yuan step does. */
static void round_range(int64_t *lo, int64_t *hi)
{
	static const int64_t mult[] = {5, 2, 1};
	for (int64_t p = 100000000000; p >= 100; p /= 10)
		for (int k = 0; k < 3; k++) {
			int64_t step = mult[k] * p; /* fen */
			int64_t a = (*lo + step - 1) / step * step, b = *hi / step * step;
			if (a <= b && 20 * (b - a) >= 19 * (*hi - *lo)) {
				*lo = a, *hi = b;
				return;
			}
		}
}

/* The prediction interval of a fine among peers p (median, calibrated
 * scale and degrees of freedom set) at level, in fen for this item and
 * base: where a new comparable decision's fine falls with that
 * probability under the model that judges the draft (docs/METHODS.md).
 * Unlike the quartiles it does not narrow as cases accumulate, so
 * following it does not steer fines toward the middle.  NAN without a
 * scale. */
static void predict(const struct yd_cat_item *it, int64_t base, const struct yd_peer *p, double level, double *lo,
		    double *hi)
{
	*lo = *hi = NAN;
	if (isnan(p->scale) || !(p->scale > 0) || !(p->df > 0))
		return;
	double q = (1 + level) / 2;
	double t = isinf(p->df) ? gsl_cdf_ugaussian_Pinv(q) : gsl_cdf_tdist_Pinv(q, p->df);
	double half = t * p->scale * sqrt(1 + 3.14159265358979323846 / (2.0 * (double)(p->n > 0 ? p->n : 1)));
	*lo = yd_judge_fen_of_x(it, p->median - half, base);
	*hi = yd_judge_fen_of_x(it, p->median + half, base);
}

/* The reference range (参考区间): the band lo..hi (lo < 0: none) within the
 * peers' prediction interval q1..q3 when there are peers with a scale and
 * the two meet, else the one there is; a range from the peers is rounded
 * to amounts an officer writes, the law's and the band's own bounds stay
 * as they are. */
static void set_suggestion(struct yd_check_result *r, int64_t lo, int64_t hi, int peers, double q1, double q3)
{
	r->suggest_from_peers = 0;
	if (peers && !isnan(q1) && !isnan(q3)) {
		int64_t plo = (int64_t)llround(q1), phi = (int64_t)llround(q3);
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
		if (r->suggest_from_peers)
			round_range(&lo, &hi);
		r->has_suggest = 1;
		r->suggest_lo = lo;
		r->suggest_hi = hi;
	}
}

static void suggest(struct yd_check_result *r)
{
	const struct yd_legal *l = &r->legal;
	int64_t lo = -1, hi = -1;
	/* a derived band is context, never the law: suggest within the range */
	if (l->has_band && !l->band_derived)
		lo = l->band_lo, hi = l->band_hi;
	else if (r->item && l->nolegal == YD_NL_NONE)
		lo = l->lo, hi = l->hi;
	/* peers without a spread to measure (every fine one amount): their
	 * middle half, which is then a 50 % range of them */
	if (isnan(r->pi_lo) && !isnan(r->q1))
		r->pi_lo = r->q1, r->pi_hi = r->q3, r->interval = 0.5;
	set_suggestion(r, lo, hi, r->peer.level != YD_LEVEL_NONE, r->pi_lo, r->pi_hi);
}

/* No tier declared and too few undeclared decisions to compare with: the
 * suggestion is that of the tier the fine fits (which has peers).  Returns
 * that tier, for the similar decisions. */
static enum yd_tier suggest_fitting(struct yd_check_result *r)
{
	struct yd_tier_fit *f = &r->tiers[r->fit];
	int64_t lo = -1, hi = -1;
	if (f->has_band && !f->band_derived)
		lo = f->band_lo, hi = f->band_hi;
	else if (r->item && r->legal.nolegal == YD_NL_NONE)
		lo = r->legal.lo, hi = r->legal.hi;
	if (isnan(f->pi_lo) && !isnan(f->q1))
		f->pi_lo = f->q1, f->pi_hi = f->q3, r->interval = 0.5;
	set_suggestion(r, lo, hi, 1, f->pi_lo, f->pi_hi);
	r->suggest_fit = r->has_suggest;
	return f->tier;
}

/* 1 when path is the county (the parent) of a region of cases among the
 * below regions from first: analyze stores peer groups for it.  (analyze
 * also records the parents of parents, which are only prefixes.) */
static int is_county(struct yd_checker *c, const char *path, size_t first, size_t below, struct yd_error *err,
		     int *rc)
{
	int depth = yd_region_depth(path);
	for (size_t k = first; k < first + below && *rc == 0; k++)
		if (yd_region_depth(c->rnames[k]) == depth + 1 && is_case_region(c, k, err, rc) == 1)
			return 1;
	return 0;
}

/* The draft's region against the known paths: fills own (its id, 0 for a
 * prefix), pid (the id of the county its peers are taken from at the
 * county level, 0 for none) and county (the path of that county, or of the
 * prefix: where similar decisions are looked for next).  Returns 1 when
 * known, 0 when not (r->near filled), or a negative status. */
static int resolve_region(struct yd_checker *c, const struct yd_draft *d, int32_t *own, int32_t *pid,
			  char *county, size_t countysz, struct yd_check_result *r, struct yd_error *err)
{
	size_t i = lower_bound(c, d->region), first;
	int found = i < c->nr && strcmp(c->rnames[i], d->region) == 0;
	size_t below = regions_below(c, d->region, &first);
	int rc = 0;

	*own = *pid = 0;
	*county = '\0';
	if (c->no_cases) {
		/* no past case to know regions by: any path, no peers (issue 23) */
		r->region_match = YD_REGION_NONE;
		r->region_level = YD_LEVEL_ALL;
		return 1;
	}
	if (found) {
		int is_case = is_case_region(c, i, err, &rc);
		if (is_case < 0)
			return rc;
		if (is_case) {
			*own = c->rids[i];
			yd_region_at_level(d->region, YD_LEVEL_PARENT, county, countysz);
			*pid = region_id(c, county);
			return 1;
		}
	}
	if (found || below) {
		/* a prefix: a county of the peer groups (analyze stored the parents
		 * of case regions) when it is one, else only all regions */
		r->region_match = YD_REGION_PREFIX;
		r->region_below = 0;
		for (size_t k = first; k < first + below; k++)
			r->region_below += is_case_region(c, k, err, &rc) == 1;
		if (rc < 0)
			return rc;
		int at_county = found && is_county(c, d->region, first, below, err, &rc);
		if (rc < 0)
			return rc;
		r->region_level = at_county ? YD_LEVEL_PARENT : YD_LEVEL_ALL;
		*pid = at_county ? c->rids[i] : 0;
		snprintf(county, countysz, "%s", d->region);
		return 1;
	}
	size_t near[YD_CHECK_NEAR];
	r->nnear = yd_check_nearest(d->region, (const char *const *)c->rnames, NULL, c->nr, 1, near, YD_CHECK_NEAR);
	for (int k = 0; k < r->nnear; k++)
		snprintf(r->near[k].key, sizeof r->near[k].key, "%s", c->rnames[near[k]]);
	r->bad_field = YD_CHECK_F_REGION;
	return 0;
}

/* The peer group of a draft at x for a tier, widened as analyze does:
 * every level in the full context, then (when it has factors) in its
 * provision alone; NULL when no level has enough cases.  Fills p's level
 * and party_used, and *stage with the stage used. */
static const struct yd_group_summary *find_peers(struct yd_checker *c, const struct strat *sts, int nst,
						 enum yd_tier tier, int pclass, int32_t own, int32_t pid,
						 struct yd_peer *p, int *stage, struct yd_error *err, int *rc)
{
	const struct yd_group_summary *g = NULL;
	for (int k = 0, s = 0; s < nst && !g && *rc == 0; k = k + 1 < YD_PEER_STEPS ? k + 1 : (s++, 0)) {
		enum yd_level level = yd_peer_steps[k].level;
		int by_party = yd_peer_steps[k].by_party;
		int32_t reg = level == YD_LEVEL_REGION ? own : level == YD_LEVEL_PARENT ? pid : 0;
		if ((level != YD_LEVEL_ALL && !reg) || (by_party && !pclass))
			continue;
		g = group(c, sts[s], (int)tier, by_party ? pclass : 0, (int)level, reg, err, rc);
		if (g && !yd_peers_enough((long)g->n, g->mad, level, &c->t))
			g = NULL;
		if (g) {
			p->level = level;
			p->party_used = by_party;
			*stage = s;
		}
	}
	return g;
}

/* The own scale of a group as rule 3 picks it; 0 when it has none. */
static double own_scale(const struct yd_checker *c, const struct yd_group_summary *g, struct yd_peer *p)
{
	p->n = (long)g->n;
	yd_judge_scale(g->mad, isnan(g->qn) ? 0 : g->qn, g->distinct, yd_stats_spread90(g->xs, g->nxs), &c->t, p);
	return p->own;
}

/* The scale of a (violation, tier)'s group of all regions, which a region's
 * group's scale is moderated toward (yd_judge_prior), and its degrees of
 * freedom in vt->own_df; NAN when none.  A value, not the group: looking a
 * group up may move the cache. */
static double vt_scale(struct yd_checker *c, struct yd_peer *vt, struct strat st, enum yd_tier tier,
		       struct yd_error *err, int *rc)
{
	const struct yd_group_summary *g = group(c, st, (int)tier, 0, YD_LEVEL_ALL, 0, err, rc);
	memset(vt, 0, sizeof *vt);
	double s = g ? own_scale(c, g, vt) : 0;
	return s > 0 ? s : NAN;
}

/* The draft's position among the peers g; returns the peer verdict. */
static enum yd_verdict place(struct yd_checker *c, const struct yd_group_summary *g, double x, struct yd_peer *p,
			     const struct yd_peer *vt)
{
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
	own_scale(c, g, p);
	double far = 0;
	return yd_judge_peer(x, p, &c->t, vt->own > 0 ? vt->own : NAN, vt->own_df, &far);
}

/* How well a tier fits: 3 in its band and in line with its peers, 2 in its
 * band with too few peers, 1 no catalogue but in line with the peers, 0 not. */
static int fit_rank(const struct yd_tier_fit *f, int64_t fine)
{
	/* a derived band gives no verdict, but a fine outside it fits it no better */
	int in = f->has_band && fine >= f->band_lo && fine <= f->band_hi;
	if (f->has_band && !in)
		return 0;
	if (f->has_band && f->verdict == YD_V_OK)
		return 3;
	if (f->has_band && f->verdict == YD_V_INSUFFICIENT)
		return 2;
	if (!f->has_band && f->verdict == YD_V_NO_BENCHMARK && f->level != YD_LEVEL_NONE)
		return 1;
	return 0;
}

/* A draft without a tier, judged against each ordinary tier. */
static int judge_tiers(struct yd_checker *c, const struct strat *sts, int nst, const struct yd_draft *d, int32_t own,
		       int32_t pid, struct yd_check_result *r, struct yd_error *err)
{
	static const enum yd_tier tiers[YD_CHECK_TIERS] = {YD_TIER_LENIENT, YD_TIER_GENERAL, YD_TIER_SEVERE};
	int rc = 0, best = 0;
	double x;
	int have_x = yd_judge_x(r->item, d->fine, d->base, &x) == 0;

	r->fit = -1;
	for (int k = 0; k < YD_CHECK_TIERS; k++) {
		struct yd_tier_fit *f = &r->tiers[r->ntiers++];
		struct yd_legal l;
		struct yd_peer p = {.level = YD_LEVEL_NONE};
		yd_judge_legal_at(&c->cat, sts[0].v, d->date ? d->date : d->law_date, tiers[k], d->party, d->fine, d->base, &l);
		f->tier = tiers[k];
		f->verdict = l.verdict;
		f->has_band = l.has_band;
		f->band_lo = l.band_lo;
		f->band_derived = l.band_derived;
		f->band_hi = l.band_hi;
		f->level = YD_LEVEL_NONE;
		f->median = f->q1 = f->q3 = f->pi_lo = f->pi_hi = NAN;
		struct yd_peer vt = {0};
		int stage = 0;
		const struct yd_group_summary *g =
		    have_x ? find_peers(c, sts, nst, tiers[k], yd_party_class(d->party), own, pid, &p, &stage, err, &rc)
			   : NULL;
		if (rc < 0)
			return rc;
		if (g) {
			/* the group is copied: looking up another may move the cache */
			struct yd_group_summary gc = *g;
			g = &gc;
			vt_scale(c, &vt, sts[stage], tiers[k], err, &rc);
			if (rc < 0)
				return rc;
			enum yd_verdict pv = place(c, g, x, &p, &vt);
			f->level = p.level;
			f->n = p.n;
			f->median = yd_judge_fen_of_nat(r->item, g->median_nat, d->base);
			f->q1 = yd_judge_fen_of_nat(r->item, g->q1_nat, d->base);
			f->q3 = yd_judge_fen_of_nat(r->item, g->q3_nat, d->base);
			predict(r->item, d->base, &p, r->interval, &f->pi_lo, &f->pi_hi);
			if (yd_peers_decide(&l) && pv != YD_V_OK)
				f->verdict = pv;
		} else if (l.verdict == YD_V_OK) {
			f->verdict = YD_V_INSUFFICIENT;
		}
		int rank = fit_rank(f, d->fine);
		if (rank > best) {
			best = rank;
			r->fit = k;
		}
	}
	return 0;
}

/* The known violation id whose code is vcode once names are folded (臺/台,
 * widths, trailing spaces); 0 when none or several. */
static int64_t violation_folded(const struct yd_checker *c, const char *vcode)
{
	int64_t found = 0;
	for (size_t i = 0; i < c->nv; i++) {
		size_t id = c->vorder[i];
		if (yd_name_equal(c->vcodes[id], vcode)) {
			if (found)
				return 0;
			found = (int64_t)id;
		}
	}
	return found;
}

/* The known path (or prefix of one) that path names once folded, written
 * to out; 0 when none. */
static int region_folded(const struct yd_checker *c, const char *path, char *out, size_t outsz)
{
	char q[600], k[600];
	snprintf(q, sizeof q, "%s", path);
	size_t nq = yd_name_fold(q);
	int depth = yd_region_depth(q);
	for (size_t i = 0; i < c->nr; i++) {
		snprintf(k, sizeof k, "%s", c->rnames[i]);
		size_t nk = yd_name_fold(k);
		if (nk < nq || memcmp(k, q, nq) != 0 || (nk > nq && k[nq] != '/'))
			continue;
		/* the stored path's first components, as stored */
		const char *e = c->rnames[i];
		for (int dd = 0; dd < depth && e; dd++)
			e = strchr(e + (dd ? 1 : 0), '/');
		size_t len = e ? (size_t)(e - c->rnames[i]) : strlen(c->rnames[i]);
		snprintf(out, outsz, "%.*s", (int)len, c->rnames[i]);
		return 1;
	}
	return 0;
}

/* The draft d with names as people write them (臺/台, full and half width,
 * trailing spaces) replaced by the stored name they match, in *folded
 * (its region in region_buf); returns folded (issue 25.9). */
static const struct yd_draft *fold_names(const struct yd_checker *c, const struct yd_draft *d,
					 struct yd_draft *folded, char *region_buf, size_t regionsz)
{
	int64_t vid = 0;

	*folded = *d;
	if (!yd_strmap_get(&c->vmap, d->violation_code, &vid) && (vid = violation_folded(c, d->violation_code)) > 0)
		folded->violation_code = c->vcodes[vid];
	size_t ri = lower_bound(c, d->region);
	if (!(ri < c->nr && strcmp(c->rnames[ri], d->region) == 0) && region_folded(c, d->region, region_buf, regionsz))
		folded->region = region_buf;
	return folded;
}

/* d's violation code is not known: the nearest known codes in r->near and
 * the error that names them; returns the (negative) status. */
static int unknown_violation(const struct yd_checker *c, const struct yd_draft *d, struct yd_check_result *r,
			     struct yd_error *err)
{
	size_t near[YD_CHECK_NEAR];
	char **names = yd_xcalloc(c->nv ? c->nv : 1, sizeof *names);
	char **codes = yd_xcalloc(c->nv ? c->nv : 1, sizeof *codes);
	struct yd_buf b = YD_BUF_INIT;
	int rc;

	for (size_t i = 0; i < c->nv; i++) {
		const char *code, *name;
		yd_checker_violation(c, i, &code, &name, NULL);
		codes[i] = (char *)code;
		names[i] = (char *)name;
	}
	r->bad_field = YD_CHECK_F_VIOLATION;
	r->nnear = yd_check_nearest(d->violation_code, (const char *const *)codes, (const char *const *)names, c->nv, 0,
				    near, 3);
	for (int k = 0; k < r->nnear; k++) {
		snprintf(r->near[k].key, sizeof r->near[k].key, "%s", codes[near[k]]);
		snprintf(r->near[k].name, sizeof r->near[k].name, "%s", names[near[k]]);
		yd_buf_addf(&b, "%s%s%s%s", k ? ", " : "", codes[near[k]], *names[near[k]] ? " " : "", names[near[k]]);
	}
	if (r->nnear)
		rc = yd_error_set(err, YD_EUSAGE, "unknown violation '%s': did you mean %s?", d->violation_code,
				  yd_buf_str(&b));
	else
		rc = yd_error_set(err, YD_EUSAGE, "unknown violation '%s': no known violation code is like it",
				  d->violation_code);
	free(names);
	free(codes);
	yd_buf_release(&b);
	return rc;
}

/* d's region is not known (resolve_region filled r->near): the error that
 * names the nearest known paths; returns the (negative) status. */
static int unknown_region(const struct yd_checker *c, const struct yd_draft *d, const struct yd_check_result *r,
			  struct yd_error *err)
{
	struct yd_buf b = YD_BUF_INIT;
	int rc;

	for (int k = 0; k < r->nnear; k++)
		yd_buf_addf(&b, "%s%s", k ? ", " : "", r->near[k].key);
	if (r->nnear)
		rc = yd_error_set(err, YD_EUSAGE, "unknown region '%s': did you mean %s?", d->region, yd_buf_str(&b));
	else
		rc = yd_error_set(err, YD_EUSAGE, "unknown region '%s': %s", d->region,
				  c->nr ? "no known region is like it" : "no region is known yet");
	yd_buf_release(&b);
	return rc;
}

/* The strata of violation vid that the draft's peers are looked for in:
 * its context (provision and factors), then (a last resort, when it has
 * factors) its provision alone, never another provision.  Fills sts,
 * *nst and r->context; 0 or a negative status. */
static int draft_strata(struct yd_checker *c, const struct yd_draft *d, int64_t vid, struct yd_check_result *r,
			struct strat sts[2], int *nst, struct yd_error *err)
{
	const char *ctx = d->context ? d->context : "";
	char pkey[YD_CONTEXT_MAX]; /* ctx marked with the peers' currency (context.h) */
	char prov[YD_CONTEXT_MAX];
	int64_t id = 0;
	int rc = 0;

	sts[0] = (struct strat){(int32_t)vid, 0, 0};
	sts[1] = (struct strat){(int32_t)vid, 0, 1};
	*nst = 1;
	if (yd_context_peer_key(ctx, r->currency, pkey, sizeof pkey) < 0) {
		rc = yd_error_set(err, YD_EUSAGE, "the draft's context is longer than %d bytes", YD_CONTEXT_MAX - 1);
		goto out;
	}
	snprintf(r->context, sizeof r->context, "%s", ctx);
	if (!*pkey)
		goto out;
	if ((rc = yd_db_lookup(c->db, YD_INTERN_CONTEXT, pkey, &id, err)) < 0)
		goto out;
	sts[0].ctx = rc ? (int32_t)id : -1;
	if (*yd_context_split(pkey, prov, sizeof prov)) {
		id = 0;
		if (*prov && (rc = yd_db_lookup(c->db, YD_INTERN_CONTEXT, prov, &id, err)) < 0)
			goto out;
		sts[1].ctx = !*prov || rc ? (int32_t)id : -1;
		*nst = 2;
	}
	rc = 0;
out:
	return rc;
}

/* The draft among its peers: the peer group found in the strata sts (own
 * and pid the region ids, county the county's path), the peer verdict
 * that may replace r's verdict, the quartiles, the reference range and
 * the fine levels; 0 or a negative status. */
static int judge_peers(struct yd_checker *c, const struct yd_draft *d, const struct strat *sts, int nst, int32_t own,
		       int32_t pid, const char *county, struct yd_check_result *r, struct yd_error *err)
{
	double x;
	int ordinary = yd_peers_ordinary(d->tier);
	int peer_ok = ordinary && yd_peers_decide(&r->legal);
	const struct yd_group_summary *g = NULL;
	struct yd_group_summary gc;
	struct yd_peer vt = {0};
	int rc = 0;

	if (ordinary && yd_judge_x(r->item, d->fine, d->base, &x) == 0) {
		int stage = 0;
		g = find_peers(c, sts, nst, d->tier, yd_party_class(d->party), own, pid, &r->peer, &stage, err, &rc);
		if (g) {
			gc = *g; /* looking up another group may move the cache */
			g = &gc;
			r->widened = stage;
			vt_scale(c, &vt, sts[stage], d->tier, err, &rc);
		}
		if (rc < 0)
			goto out;
	}
	if (g) {
		enum yd_verdict pv = place(c, g, x, &r->peer, &vt);
		/* as analyze: a violation without a catalogue entry still gets its
		 * peer verdict; legal_checked says legality was not checked */
		if (peer_ok && (pv != YD_V_OK || r->legal.verdict == YD_V_NO_BENCHMARK))
			r->verdict = pv;
		r->median = yd_judge_fen_of_nat(r->item, g->median_nat, d->base);
		r->q1 = yd_judge_fen_of_nat(r->item, g->q1_nat, d->base);
		r->q3 = yd_judge_fen_of_nat(r->item, g->q3_nat, d->base);
		predict(r->item, d->base, &r->peer, r->interval, &r->pi_lo, &r->pi_hi);
		r->nlevels = g->nlevels;
		for (int k = 0; k < g->nlevels; k++) {
			r->levels[k].fen = yd_judge_fen_of_x(r->item, g->levels[k].x, d->base);
			r->levels[k].count = g->levels[k].count;
		}
		if (r->peer.level == YD_LEVEL_REGION)
			snprintf(r->peer_region, sizeof r->peer_region, "%s", d->region);
		else if (r->peer.level == YD_LEVEL_PARENT)
			snprintf(r->peer_region, sizeof r->peer_region, "%s", county);
	} else {
		r->peer.level = YD_LEVEL_NONE;
		if (peer_ok && (r->verdict == YD_V_OK || r->legal.verdict == YD_V_NO_BENCHMARK))
			r->verdict = YD_V_INSUFFICIENT;
	}
out:
	return rc;
}

/* The similar decisions of the draft (when the checker looks for them), of
 * its declared tier, or of the tier the fine fits when it declares none and
 * has no peers of its own (whose suggestion it then takes); 0 or a
 * negative status. */
static int find_similar(struct yd_checker *c, const struct yd_draft *d, int64_t vid, int32_t ctx, int32_t own,
			const char *county, struct yd_check_result *r, struct yd_error *err)
{
	enum yd_tier similar_tier = d->tier;
	int rc = 0;

	if (d->tier == YD_TIER_UNKNOWN && r->peer.level == YD_LEVEL_NONE && r->fit >= 0 &&
	    r->tiers[r->fit].level != YD_LEVEL_NONE)
		similar_tier = suggest_fitting(r);
	if (c->with_similar && (rc = similar_cases(c, vid, ctx, own, county, d, similar_tier, r, err)) > 0)
		rc = 0;
	return rc;
}

int yd_check(struct yd_checker *c, const struct yd_draft *d, struct yd_check_result *r, struct yd_error *err)
{
	struct yd_draft folded;
	char region_buf[600], county[600];
	struct strat sts[2];
	int64_t vid = 0;
	int32_t own, pid;
	int nst, rc = 0;

	memset(r, 0, sizeof *r);
	r->peer.level = YD_LEVEL_NONE;
	r->region_level = YD_LEVEL_REGION;
	r->fit = -1;
	r->q1 = r->q3 = r->median = r->pi_lo = r->pi_hi = NAN;
	r->interval = d->interval > 0 ? d->interval : YD_CHECK_INTERVAL;
	d = fold_names(c, d, &folded, region_buf, sizeof region_buf);
	if (!yd_strmap_get(&c->vmap, d->violation_code, &vid)) {
		rc = unknown_violation(c, d, r, err);
		goto out;
	}
	if ((rc = resolve_region(c, d, &own, &pid, county, sizeof county, r, err)) <= 0) {
		if (rc == 0)
			rc = unknown_region(c, d, r, err);
		goto out;
	}
	if (d->currency && *d->currency)
		snprintf(r->currency, sizeof r->currency, "%s", d->currency);
	else if ((rc = yd_db_violation_currency(c->db, (int32_t)vid, r->currency, NULL, err)) < 0)
		goto out;
	/* the version of the catalogue in force on the draft's date (issue 23) */
	r->item = yd_judge_legal_at(&c->cat, vid, d->date ? d->date : d->law_date, d->tier, d->party, d->fine, d->base,
				    &r->legal);
	if (!r->item) /* none in force that day: the latest names the item and its kind */
		r->item = yd_catalogue_find(&c->cat, vid);
	r->verdict = r->legal.verdict;
	if ((rc = draft_strata(c, d, vid, r, sts, &nst, err)) < 0 ||
	    (rc = judge_peers(c, d, sts, nst, own, pid, county, r, err)) < 0)
		goto out;
	suggest(r);
	if (d->tier == YD_TIER_UNKNOWN && (rc = judge_tiers(c, sts, nst, d, own, pid, r, err)) < 0)
		goto out;
	rc = find_similar(c, d, vid, sts[0].ctx, own, county, r, err);
out:
	return rc;
}

/* ---- nearest known values ---- */

#define NEAR_CP 128

/* Code points of s (ASCII lowered), at most NEAR_CP; returns how many. */
static size_t codepoints(const char *s, uint32_t *out)
{
	char folded[NEAR_CP * 4 + 1];
	snprintf(folded, sizeof folded, "%s", s);
	yd_name_fold(folded); /* 臺 as 台, full-width as ASCII, no trailing spaces */
	const unsigned char *p = (const unsigned char *)folded;
	size_t n = 0;
	while (*p && n < NEAR_CP) {
		uint32_t cp = *p;
		int len = cp < 0x80 ? 1 : cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
		for (int k = 1; k < len && p[k]; k++)
			cp = (cp << 6) | (p[k] & 0x3F);
		for (int k = 0; k < len && *p; k++)
			p++;
		out[n++] = cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	}
	return n;
}

/* Levenshtein distance of two code-point strings. */
static size_t edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t row[NEAR_CP + 1];
	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb];
}

static int equal_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;
		if ((x >= 'A' && x <= 'Z' ? x + 32 : x) != (y >= 'A' && y <= 'Z' ? y + 32 : y))
			return 0;
	}
	return *a == *b;
}

/* 1 when path ends with the whole components of s ("海盐县" and
 * ".../海盐县"), or holds all of s's components in order. */
static int components_in(const char *s, const char *path)
{
	size_t ls = strlen(s), lp = strlen(path);
	if (ls < lp && path[lp - ls - 1] == '/' && strcmp(path + lp - ls, s) == 0)
		return 1;
	const char *p = path;
	while (*s) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		int hit = 0;
		while (*p) {
			const char *q = strchr(p, '/');
			size_t m = q ? (size_t)(q - p) : strlen(p);
			hit = m == n && memcmp(p, s, n) == 0;
			p = q ? q + 1 : p + m;
			if (hit)
				break;
		}
		if (!hit)
			return 0;
		s = e ? e + 1 : s + n;
	}
	return 1;
}

struct near_cand {
	size_t score, idx;
};

static int cmp_near(const void *pa, const void *pb)
{
	const struct near_cand *a = pa, *b = pb;
	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	return (a->idx > b->idx) - (a->idx < b->idx);
}

int yd_check_nearest(const char *s, const char *const *keys, const char *const *names, size_t n, int paths,
		     size_t *out, int max)
{
	uint32_t a[NEAR_CP], b[NEAR_CP];
	size_t na = codepoints(s, a), m = 0;
	struct near_cand *v = yd_xmalloc((n ? n : 1) * sizeof *v);
	/* far enough to be a different thing: more than half the input changed */
	size_t limit = na / 2 > 3 ? na / 2 : 3;

	if (max > YD_CHECK_NEAR)
		max = YD_CHECK_NEAR;
	for (size_t i = 0; i < n; i++) {
		size_t score;
		if (!paths && equal_nocase(s, keys[i])) {
			score = 0;
		} else if (!paths && names && names[i] && *s && *names[i] &&
			   (strstr(names[i], s) || strstr(s, names[i]))) {
			score = 1;
		} else if (paths && *s && components_in(s, keys[i])) {
			score = 1;
		} else {
			size_t d = edit_distance(a, na, b, codepoints(keys[i], b));
			if (!paths && names && names[i] && *names[i]) {
				size_t dn = edit_distance(a, na, b, codepoints(names[i], b));
				if (dn < d)
					d = dn;
			}
			if (d > limit)
				continue;
			score = 2 + d;
		}
		v[m].score = score;
		v[m++].idx = i;
	}
	qsort(v, m, sizeof *v, cmp_near);
	int k = 0;
	for (; k < max && (size_t)k < m; k++)
		out[k] = v[k].idx;
	free(v);
	return k;
}
