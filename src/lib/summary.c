#include "youdu/summary.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/alloc.h"
#include "youdu/catalogue.h"
#include "youdu/db_catalogue.h"
#include "youdu/judge.h"
#include "youdu/stats.h"
#include "youdu/strmap.h"

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

/* One collected case: its group (an id into the interned keys) and fine. */
struct item {
	uint32_t key;
	double yuan;
	int8_t at_min; /* -1 unknown, 0, 1 */
	int8_t flagged;
};

struct collect {
	struct yd_catalogue *cat;
	enum yd_by by;
	struct item *v;
	size_t n, cap;
	struct yd_strmap ids; /* "code\x1fgroup" -> key */
	char **keys;          /* by key, owned */
	size_t nkeys;
};

static int collect_row(void *data, const struct yd_judged_row *row)
{
	struct collect *c = data;
	char key[1300];
	int64_t id;
	if (c->by == YD_BY_REGION)
		snprintf(key, sizeof key, "%s\x1f%s", row->violation_code, row->region);
	else if (c->by == YD_BY_YEAR)
		snprintf(key, sizeof key, "%s\x1f%d", row->violation_code, (int)(row->date / 10000));
	else
		snprintf(key, sizeof key, "%s\x1f%s", row->violation_code,
			 *yd_tier_name((enum yd_tier)row->tier) ? yd_tier_name((enum yd_tier)row->tier) : "undeclared");
	if (!yd_strmap_get(&c->ids, key, &id)) {
		id = (int64_t)c->nkeys;
		c->keys = yd_xrealloc(c->keys, (c->nkeys + 1) * sizeof *c->keys);
		c->keys[c->nkeys++] = yd_xstrdup(key);
		yd_strmap_put(&c->ids, key, id);
	}
	YD_ALLOC_GROW(c->v, c->n + 1, c->cap);
	struct item *it = &c->v[c->n++];
	it->key = (uint32_t)id;
	it->yuan = (double)row->fine / 100.0;
	const struct yd_cat_item *ci = yd_catalogue_find_at(c->cat, row->violation_id, row->date, NULL);
	it->at_min = -1;
	if (ci && (ci->kind == YD_KIND_FIXED || row->base > 0))
		it->at_min = (int8_t)yd_cat_fen_meets(ci, ci->lo, row->base, row->fine);
	it->flagged = (int8_t)YD_VERDICT_FLAGGED(row->r.verdict);
	return 0;
}

/* A group's text and id, to order the groups by their text. */
struct named {
	const char *text;
	uint32_t id;
};

static int cmp_named(const void *pa, const void *pb)
{
	return strcmp(((const struct named *)pa)->text, ((const struct named *)pb)->text);
}

static int cmp_item(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return (a->yuan > b->yuan) - (a->yuan < b->yuan);
}

int yd_summary(struct yd_db *db, const struct yd_case_filter *f, enum yd_by by, yd_summary_fn fn, void *data,
	       struct yd_error *err)
{
	struct yd_catalogue cat = {0};
	struct collect c = {&cat, by, NULL, 0, 0, YD_STRMAP_INIT, NULL, 0};
	struct yd_case_filter all = *f;
	double *xs = NULL, *work = NULL;
	struct named *order = NULL;
	uint32_t *rank = NULL;
	int rc;

	all.verdicts = (1u << YD_V_COUNT) - 1;
	all.limit = 0;
	all.unordered = 1; /* grouped here: SQL's sort of 2M rows by text took most of the time */
	if ((rc = yd_catalogue_load(db, &cat, err)) < 0)
		return rc;
	if ((rc = yd_db_judged_each(db, &all, collect_row, &c, err)) < 0)
		goto out;
	/* the groups in the order of their text, the cases by group then fine */
	order = yd_xmalloc((c.nkeys + 1) * sizeof *order);
	rank = yd_xmalloc((c.nkeys + 1) * sizeof *rank);
	for (size_t k = 0; k < c.nkeys; k++)
		order[k] = (struct named){c.keys[k], (uint32_t)k};
	qsort(order, c.nkeys, sizeof *order, cmp_named);
	for (size_t k = 0; k < c.nkeys; k++)
		rank[order[k].id] = (uint32_t)k;
	for (size_t i = 0; i < c.n; i++)
		c.v[i].key = rank[c.v[i].key];
	qsort(c.v, c.n, sizeof *c.v, cmp_item);
	xs = yd_xmalloc((c.n + 1) * sizeof *xs);
	work = yd_xmalloc((c.n + 1) * sizeof *work);
	for (size_t s = 0; s < c.n && rc == 0;) {
		size_t e = s + 1;
		while (e < c.n && c.v[e].key == c.v[s].key)
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
		char *key = c.keys[order[c.v[s].key].id];
		char *sep = strchr(key, '\x1f'); /* always there: collect_row put it */
		if (!sep) {
			s = e;
			continue;
		}
		*sep = '\0';
		struct yd_summary_row row = {key,
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
	for (size_t k = 0; k < c.nkeys; k++)
		free(c.keys[k]);
	free(c.keys);
	yd_strmap_release(&c.ids);
	free(c.v);
	free(xs);
	free(work);
	free(order);
	free(rank);
	yd_catalogue_release(&cat);
	return rc;
}
