/* history.c - repeat offences (issue 24): each decision's party's earlier
 * decisions for the same violation within a look-back window. */
#include "youdu/history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/alloc.h"
#include "youdu/buf.h"
#include "youdu/db_party.h"
#include "youdu/parse.h"
#include "youdu/strmap.h"

int yd_party_match_parse(const char *s, enum yd_party_match *m)
{
	if (strcmp(s, "id") == 0)
		*m = YD_MATCH_ID;
	else if (strcmp(s, "name") == 0)
		*m = YD_MATCH_NAME;
	else
		return YD_EUSAGE;
	return 0;
}

int yd_lookback_parse(const char *s, int *months)
{
	char *end;
	if (strcmp(s, "ever") == 0) {
		*months = 0;
		return 0;
	}
	if (*s < '0' || *s > '9')
		return YD_EUSAGE;
	long v = strtol(s, &end, 10);
	if (strcmp(end, "y") == 0 && v >= 1 && v <= 100)
		*months = (int)v * 12;
	else if (strcmp(end, "m") == 0 && v >= 1 && v <= 1200)
		*months = (int)v;
	else
		return YD_EUSAGE;
	return 0;
}

int32_t yd_lookback_start(int32_t ymd, int months)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (months <= 0)
		return 0;
	int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
	int k = y * 12 + (m - 1) - months;
	y = k / 12;
	m = k % 12 + 1;
	int last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	return y * 10000 + m * 100 + (d > last ? last : d);
}

/* One decision with an identified party. */
struct entry {
	int64_t party; /* interned key */
	int32_t violation, date;
	size_t at;     /* index into the history's arrays */
};

struct gather {
	enum yd_party_match m;
	struct yd_strmap keys;
	struct yd_buf key;
	struct entry *v;
	size_t nv, cap;
	struct yd_history *h;
	size_t hcap;
};

static int gather_case(void *data, const struct yd_party_case *c)
{
	struct gather *g = data;
	struct yd_history *h = g->h;
	char norm[256];

	if (h->n == g->hcap) {
		g->hcap = g->hcap ? 2 * g->hcap : 1024;
		h->rowid = yd_xrealloc(h->rowid, g->hcap * sizeof *h->rowid);
		h->prior = yd_xrealloc(h->prior, g->hcap * sizeof *h->prior);
	}
	size_t at = h->n++;
	h->rowid[at] = c->rowid;
	h->prior[at] = -1;
	/* the key: an identifier (a wrong one never matches), else with
	 * --party-match name the normalised name; I and N keep them apart */
	yd_buf_reset(&g->key);
	if (*c->code) {
		if (c->bad)
			return 0;
		yd_buf_addf(&g->key, "I%s", c->code);
	} else if (g->m == YD_MATCH_NAME && *c->name) {
		yd_party_name_norm(c->name, norm, sizeof norm);
		if (!*norm)
			return 0;
		yd_buf_addf(&g->key, "N%s", norm);
	} else {
		return 0;
	}
	if (!c->date)
		return 0;
	int64_t id;
	if (!yd_strmap_get(&g->keys, yd_buf_str(&g->key), &id)) {
		id = (int64_t)g->keys.n;
		yd_strmap_put(&g->keys, yd_buf_str(&g->key), id);
	}
	YD_ALLOC_GROW(g->v, g->nv + 1, g->cap);
	g->v[g->nv++] = (struct entry){id, c->violation_id, c->date, at};
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	if (x->party != y->party)
		return x->party < y->party ? -1 : 1;
	if (x->violation != y->violation)
		return x->violation < y->violation ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

int yd_history_compute(struct yd_db *db, enum yd_party_match m, int months, struct yd_history *h,
		       struct yd_error *err)
{
	struct gather g = {m, YD_STRMAP_INIT, YD_BUF_INIT, NULL, 0, 0, h, 0};
	int rc;

	memset(h, 0, sizeof *h);
	if ((rc = yd_db_party_cases_each(db, gather_case, &g, err)) < 0)
		goto out;
	if (g.nv) /* qsort's base may not be NULL */
		qsort(g.v, g.nv, sizeof *g.v, cmp_entry);
	/* per (party, violation), sorted by date: the earlier decisions of
	 * entry i are those from the window's start (lo) up to the first of
	 * its own date (same): decisions of the same day are not earlier */
	for (size_t begin = 0, end; begin < g.nv; begin = end) {
		for (end = begin + 1; end < g.nv && g.v[end].party == g.v[begin].party &&
				      g.v[end].violation == g.v[begin].violation;
		     end++)
			;
		size_t lo = begin, same = begin;
		for (size_t i = begin; i < end; i++) {
			int32_t start = yd_lookback_start(g.v[i].date, months);
			while (lo < i && g.v[lo].date < start)
				lo++;
			if (g.v[same].date != g.v[i].date)
				same = i;
			h->prior[g.v[i].at] = (int32_t)(same > lo ? same - lo : 0);
		}
	}
out:
	yd_strmap_release(&g.keys);
	yd_buf_release(&g.key);
	free(g.v);
	if (rc < 0)
		yd_history_release(h);
	return rc;
}

int32_t yd_history_prior(const struct yd_history *h, int64_t rowid)
{
	size_t lo = 0, hi = h->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->rowid[mid] < rowid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < h->n && h->rowid[lo] == rowid ? h->prior[lo] : -1;
}

void yd_history_release(struct yd_history *h)
{
	free(h->rowid);
	free(h->prior);
	h->rowid = NULL;
	h->prior = NULL;
	h->n = 0;
}

struct prior_ctx {
	struct yd_party_history *ph;
	const char *violation;
	int32_t date;
	size_t cap;
};

static int prior_add(void *data, const struct yd_party_decision *d)
{
	struct prior_ctx *c = data;
	struct yd_party_history *ph = c->ph;
	if (d->date >= c->date)
		return 1; /* by date: the rest are not earlier */
	if (!d->date || d->date < ph->since || (c->violation && strcmp(c->violation, d->violation_code) != 0))
		return 0;
	YD_ALLOC_GROW(ph->v, ph->n + 1, c->cap);
	struct yd_prior *p = &ph->v[ph->n++];
	p->case_id = yd_xstrdup(d->case_id);
	p->violation_code = yd_xstrdup(d->violation_code);
	p->agency = yd_xstrdup(d->agency);
	p->region = yd_xstrdup(d->region);
	p->date = d->date;
	p->fine = d->fine;
	snprintf(p->currency, sizeof p->currency, "%s", d->currency);
	return 0;
}

int yd_party_history(struct yd_db *db, const char *party_id, const char *violation_code, int32_t date, int months,
		     struct yd_party_history *ph, struct yd_error *err)
{
	const char *why = NULL;
	memset(ph, 0, sizeof *ph);
	enum yd_party_id_kind k = yd_party_id_norm(party_id, ph->party_id, sizeof ph->party_id, &why);
	if (k == YD_PID_NONE || !ph->party_id[0])
		return yd_error_set(err, YD_EUSAGE, "party id '%s': empty or longer than %zu bytes", party_id,
				    sizeof ph->party_id - 1);
	if (k == YD_PID_BAD)
		return yd_error_set(err, YD_EUSAGE, "party id '%s': %s", party_id, why);
	ph->since = yd_lookback_start(date, months);
	struct prior_ctx c = {ph, violation_code, date, 0};
	int rc = yd_db_party_decisions(db, ph->party_id, prior_add, &c, err);
	if (rc < 0)
		yd_party_history_release(ph);
	return rc;
}

void yd_party_history_release(struct yd_party_history *ph)
{
	for (size_t i = 0; i < ph->n; i++) {
		free(ph->v[i].case_id);
		free(ph->v[i].violation_code);
		free(ph->v[i].agency);
		free(ph->v[i].region);
	}
	free(ph->v);
	ph->v = NULL;
	ph->n = 0;
}
