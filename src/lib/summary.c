#include "youdu/summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/catalogue.h"
#include "youdu/judge.h"
#include "youdu/stats.h"

int yd_by_parse(const char *s, enum yd_by *by)
{
	static const char *const names[] = {"region", "year", "tier"};
	for (int i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0) {
			*by = (enum yd_by)i;
			return 0;
		}
	return -1;
}

/* One collected case. */
struct item {
	char *key;   /* "code\x1fgroup", owned */
	double yuan;
	int at_min;  /* -1 unknown, 0, 1 */
	int flagged;
};

struct collect {
	struct yd_catalogue *cat;
	enum yd_by by;
	struct item *v;
	size_t n, cap;
};

static int collect_row(void *data, const struct yd_judged_row *row)
{
	struct collect *c = data;
	char group[1024];
	if (c->by == YD_BY_REGION)
		snprintf(group, sizeof group, "%s", row->region);
	else if (c->by == YD_BY_YEAR)
		snprintf(group, sizeof group, "%d", (int)(row->date / 10000));
	else
		snprintf(group, sizeof group, "%s", *yd_tier_name((enum yd_tier)row->tier) ? yd_tier_name((enum yd_tier)row->tier) : "undeclared");
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->v = yd_xrealloc(c->v, c->cap * sizeof *c->v);
	}
	struct item *it = &c->v[c->n++];
	size_t kl = strlen(row->violation_code), gl = strlen(group);
	it->key = yd_xmalloc(kl + gl + 2);
	memcpy(it->key, row->violation_code, kl);
	it->key[kl] = '\x1f';
	memcpy(it->key + kl + 1, group, gl + 1);
	it->yuan = (double)row->fine / 100.0;
	const struct yd_cat_item *ci = yd_catalogue_find(c->cat, row->violation_id);
	it->at_min = -1;
	if (ci && (ci->kind == YD_KIND_FIXED || row->base > 0))
		it->at_min = yd_cat_fen_meets(ci, ci->lo, row->base, row->fine);
	it->flagged = YD_VERDICT_FLAGGED(row->r.verdict);
	return 0;
}

static int cmp_item(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	if (c)
		return c;
	return (a->yuan > b->yuan) - (a->yuan < b->yuan);
}

int yd_summary(struct yd_db *db, const struct yd_case_filter *f, enum yd_by by, yd_summary_fn fn, void *data,
	       struct yd_error *err)
{
	struct yd_catalogue cat = {0};
	struct collect c = {&cat, by, NULL, 0, 0};
	struct yd_case_filter all = *f;
	double *xs = NULL, *work = NULL;
	int rc;

	all.verdicts = (1u << YD_V_COUNT) - 1;
	all.limit = 0;
	if ((rc = yd_catalogue_load(db, &cat, err)) < 0)
		return rc;
	if ((rc = yd_db_judged_each(db, &all, collect_row, &c, err)) < 0)
		goto out;
	qsort(c.v, c.n, sizeof *c.v, cmp_item);
	xs = yd_xmalloc((c.n + 1) * sizeof *xs);
	work = yd_xmalloc((c.n + 1) * sizeof *work);
	for (size_t s = 0; s < c.n && rc == 0;) {
		size_t e = s + 1;
		while (e < c.n && strcmp(c.v[e].key, c.v[s].key) == 0)
			e++;
		size_t n = e - s;
		long at_min = 0, known = 0, flagged = 0;
		double sum = 0;
		for (size_t k = 0; k < n; k++) {
			xs[k] = c.v[s + k].yuan;
			sum += xs[k];
			flagged += c.v[s + k].flagged;
			if (c.v[s + k].at_min >= 0) {
				known++;
				at_min += c.v[s + k].at_min;
			}
		}
		char *sep = strchr(c.v[s].key, '\x1f'); /* always there: collect_row put it */
		if (!sep) {
			s = e;
			continue;
		}
		*sep = '\0';
		struct yd_summary_row row = {c.v[s].key,
					     sep + 1,
					     (long)n,
					     xs[0],
					     yd_stats_quantile(xs, n, 0.25),
					     yd_stats_median(xs, n),
					     yd_stats_quantile(xs, n, 0.75),
					     xs[n - 1],
					     sum / (double)n,
					     yd_stats_mad(xs, n, work),
					     known ? (double)at_min / (double)known : NAN,
					     (double)flagged / (double)n};
		rc = fn(data, &row);
		*sep = '\x1f';
		s = e;
	}
out:
	for (size_t i = 0; i < c.n; i++)
		free(c.v[i].key);
	free(c.v);
	free(xs);
	free(work);
	yd_catalogue_release(&cat);
	return rc;
}
