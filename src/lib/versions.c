/* versions.c - fines before and after each change of the standard. */
#include "youdu/versions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/db_analysis.h"
#include "youdu/db_catalogue.h"
#include "youdu/parse.h"
#include "youdu/stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* One side: the cases of idx[0..n) decided in [lo_day, hi_day] (hi_day 0:
 * open) against version it. */
static void side(const struct yd_casecols *c, const size_t *idx, size_t n, const struct yd_cat_item *it,
		 int32_t lo_day, int32_t hi_day, double *work, struct yd_version_side *s)
{
	size_t m = 0;
	long at_min = 0, at_max = 0;
	s->from = it->from;
	s->until = hi_day;
	s->lo = it->lo;
	s->hi = it->hi;
	for (size_t k = 0; k < n; k++) {
		size_t i = idx[k];
		int32_t d = c->date[i];
		if (d < lo_day || (hi_day && d > hi_day) || c->fine[i] <= 0)
			continue;
		if (it->kind == YD_KIND_MULTIPLE && c->base[i] <= 0)
			continue;
		work[m++] = it->kind == YD_KIND_MULTIPLE ? (double)c->fine[i] / (double)c->base[i] : (double)c->fine[i];
		at_min += yd_cat_fen_meets(it, it->lo, c->base[i], c->fine[i]);
		at_max += yd_cat_fen_meets(it, it->hi, c->base[i], c->fine[i]);
	}
	s->n = (long)m;
	s->median = NAN;
	s->share_min = s->share_max = NAN;
	if (m) {
		qsort(work, m, sizeof *work, cmp_double);
		s->median = yd_stats_median(work, m);
		s->share_min = (double)at_min / (double)m;
		s->share_max = (double)at_max / (double)m;
	}
}

int yd_version_changes(struct yd_db *db, yd_version_change_fn fn, void *data, struct yd_error *err)
{
	struct yd_catalogue cat;
	struct yd_casecols c;
	size_t *start = NULL, *idx = NULL, *order = NULL, nv = 0;
	double *work = NULL;
	long outside = 0;
	int rc;

	memset(&c, 0, sizeof c);
	if ((rc = yd_catalogue_load(db, &cat, err)) < 0)
		return rc;
	if (!yd_catalogue_versioned(&cat))
		goto out; /* one version each: nothing changed */
	if ((rc = yd_db_load_cases(db, 0, &c, &outside, err)) < 0)
		goto out;
	/* the cases grouped by violation id: a counting sort */
	for (size_t i = 0; i < c.n; i++)
		if (c.violation[i] >= 0 && (size_t)c.violation[i] + 1 > nv)
			nv = (size_t)c.violation[i] + 1;
	start = yd_xcalloc(nv + 1, sizeof *start);
	idx = yd_xmalloc((c.n ? c.n : 1) * sizeof *idx);
	work = yd_xmalloc((c.n ? c.n : 1) * sizeof *work);
	for (size_t i = 0; i < c.n; i++)
		if (c.violation[i] >= 0)
			start[c.violation[i] + 1]++;
	for (size_t v = 0; v < nv; v++)
		start[v + 1] += start[v];
	size_t *fill = yd_xmalloc((nv + 1) * sizeof *fill);
	memcpy(fill, start, (nv + 1) * sizeof *fill);
	for (size_t i = 0; i < c.n; i++)
		if (c.violation[i] >= 0)
			idx[fill[c.violation[i]]++] = i;
	free(fill);
	/* the items in code order */
	order = yd_xmalloc((cat.n ? cat.n : 1) * sizeof *order);
	size_t no = 0;
	for (size_t i = 0; i < cat.n; i++)
		if (i == 0 || cat.items[i].violation_id != cat.items[i - 1].violation_id)
			order[no++] = i;
	for (size_t a = 1; a < no; a++) {
		size_t v = order[a], b = a;
		while (b > 0 && strcmp(cat.items[order[b - 1]].code, cat.items[v].code) > 0) {
			order[b] = order[b - 1];
			b--;
		}
		order[b] = v;
	}
	for (size_t o = 0; o < no && rc == 0; o++) {
		size_t first = order[o], end = first + 1;
		while (end < cat.n && cat.items[end].violation_id == cat.items[first].violation_id)
			end++;
		int64_t vid = cat.items[first].violation_id;
		const size_t *cases = vid >= 0 && (size_t)vid < nv ? idx + start[vid] : idx;
		size_t ncases = vid >= 0 && (size_t)vid < nv ? start[vid + 1] - start[vid] : 0;
		for (size_t k = first + 1; k < end && rc == 0; k++) {
			const struct yd_cat_item *p = &cat.items[k - 1], *q = &cat.items[k];
			if (p->kind == q->kind && p->lo == q->lo && p->hi == q->hi)
				continue;
			struct yd_version_change ch;
			memset(&ch, 0, sizeof ch);
			ch.violation_code = q->code;
			ch.name = q->name;
			ch.kind = q->kind;
			ch.day = q->from;
			/* before: from p's day until the day before q's (or p's end) */
			int32_t p_end = yd_date_from_days(yd_date_days(q->from) - 1);
			if (p->to && p->to < p_end)
				p_end = p->to;
			int32_t q_end = k + 1 < end ? yd_date_from_days(yd_date_days(cat.items[k + 1].from) - 1) : 0;
			if (q->to && (!q_end || q->to < q_end))
				q_end = q->to;
			side(&c, cases, ncases, p, p->from, p_end, work, &ch.before);
			side(&c, cases, ncases, q, q->from, q_end, work, &ch.after);
			rc = fn(data, &ch);
		}
	}
	if (rc > 0)
		rc = 0;
out:
	free(start);
	free(idx);
	free(order);
	free(work);
	yd_casecols_release(&c);
	yd_catalogue_release(&cat);
	return rc;
}
