/* history.c - repeat offences (issue 24): each decision's party's earlier
 * decisions for the same violation within a look-back window. */
#include "youdu/db_exempt.h"
#include "youdu/history.h"
#include "youdu/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/alloc.h"
#include "youdu/buf.h"
#include "youdu/db_analysis.h"
#include "youdu/db_party.h"
#include "youdu/out.h"
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
	int32_t start; /* its window's first date, 0 ever */
	size_t at;     /* index into the history's arrays */
};

struct gather {
	enum yd_party_match m;
	int months;                         /* the default window */
	const struct yd_exempt_list *list;  /* may be NULL */
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
		h->last = yd_xrealloc(h->last, g->hcap * sizeof *h->last);
	}
	size_t at = h->n++;
	h->rowid[at] = c->rowid;
	h->prior[at] = -1;
	h->last[at] = 0;
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
	/* a listed item's own window on the decision's date, else the default */
	const struct yd_exempt_rule *r = g->list ? yd_exempt_find(g->list, c->violation_id, c->date) : NULL;
	int32_t start = yd_lookback_start(c->date, r && r->months >= 0 ? r->months : g->months);
	g->v[g->nv++] = (struct entry){id, c->violation_id, c->date, start, at};
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

int yd_history_compute(struct yd_db *db, enum yd_party_match m, int months, const struct yd_exempt_list *list,
		       struct yd_history *h, struct yd_error *err)
{
	struct gather g = {m, months, list, YD_STRMAP_INIT, YD_BUF_INIT, NULL, 0, 0, h, 0};
	int rc;

	memset(h, 0, sizeof *h);
	if ((rc = yd_db_party_cases_each(db, gather_case, &g, err)) < 0)
		goto out;
	if (g.nv) /* qsort's base may not be NULL */
		qsort(g.v, g.nv, sizeof *g.v, cmp_entry);
	/* per (party, violation), sorted by date: the earlier decisions of
	 * entry i are those from the window's start (lo) up to the first of
	 * its own date (same): decisions of the same day are not earlier.  The
	 * starts rise with the dates, unless the window changes (a list valid
	 * from a day): then lo starts over. */
	for (size_t begin = 0, end; begin < g.nv; begin = end) {
		for (end = begin + 1; end < g.nv && g.v[end].party == g.v[begin].party &&
				      g.v[end].violation == g.v[begin].violation;
		     end++)
			;
		size_t lo = begin, same = begin;
		for (size_t i = begin; i < end; i++) {
			if (i > begin && g.v[i].start < g.v[i - 1].start)
				lo = begin;
			while (lo < i && g.v[lo].date < g.v[i].start)
				lo++;
			if (g.v[same].date != g.v[i].date)
				same = i;
			h->prior[g.v[i].at] = (int32_t)(same > lo ? same - lo : 0);
			h->last[g.v[i].at] = same > lo ? h->rowid[g.v[same - 1].at] : 0;
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

int32_t yd_history_prior(const struct yd_history *h, int64_t rowid, int64_t *last)
{
	size_t i = yd_rowid_index(h->rowid, h->n, rowid);
	if (last)
		*last = i < h->n ? h->last[i] : 0;
	return i < h->n ? h->prior[i] : -1;
}

void yd_history_release(struct yd_history *h)
{
	free(h->rowid);
	free(h->prior);
	free(h->last);
	h->rowid = NULL;
	h->prior = NULL;
	h->last = NULL;
	h->n = 0;
}

static void prior_copy(struct yd_prior *p, const struct yd_party_decision *d)
{
	p->case_id = yd_xstrdup(d->case_id);
	p->violation_code = yd_xstrdup(d->violation_code);
	p->agency = yd_xstrdup(d->agency);
	p->region = yd_xstrdup(d->region);
	p->date = d->date;
	p->fine = d->fine;
	snprintf(p->currency, sizeof p->currency, "%s", d->currency);
}

void yd_prior_release(struct yd_prior *p)
{
	free(p->case_id);
	free(p->violation_code);
	free(p->agency);
	free(p->region);
	memset(p, 0, sizeof *p);
}

static int prior_one(void *data, const struct yd_party_decision *d)
{
	prior_copy(data, d);
	return 1;
}

int yd_prior_of(struct yd_db *db, int64_t rowid, struct yd_prior *p, struct yd_error *err)
{
	memset(p, 0, sizeof *p);
	int rc = yd_db_party_decision_of(db, rowid, prior_one, p, err);
	return rc < 0 ? rc : p->case_id != NULL;
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
	prior_copy(&ph->v[ph->n++], d);
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
	int rc = yd_exempt_load(db, &ph->list, err);
	if (rc < 0)
		return rc;
	ph->rule = violation_code ? yd_exempt_find_code(&ph->list, violation_code, date) : NULL;
	ph->months = ph->rule && ph->rule->months >= 0 ? ph->rule->months : months;
	ph->since = yd_lookback_start(date, ph->months);
	struct prior_ctx c = {ph, violation_code, date, 0};
	rc = yd_db_party_decisions(db, ph->party_id, prior_add, &c, err);
	if (rc < 0)
		yd_party_history_release(ph);
	return rc;
}

void yd_party_history_release(struct yd_party_history *ph)
{
	for (size_t i = 0; i < ph->n; i++)
		yd_prior_release(&ph->v[i]);
	free(ph->v);
	ph->v = NULL;
	ph->n = 0;
	yd_exempt_release(&ph->list);
	ph->rule = NULL;
}

/* The kind of an item in words. */
static const char *kind_words(enum yd_tier k, enum yd_lang lang)
{
	switch (k) {
	case YD_TIER_NONE: return lang == YD_LANG_EN ? "no penalty (不予处罚)" : "不予处罚";
	case YD_TIER_MITIGATED: return lang == YD_LANG_EN ? "mitigated (减轻处罚)" : "减轻处罚";
	case YD_TIER_LENIENT: return lang == YD_LANG_EN ? "lenient (从轻处罚)" : "从轻处罚";
	default: return lang == YD_LANG_EN ? "of no known kind" : "处理方式未能识别";
	}
}

void yd_party_history_text(struct yd_buf *b, enum yd_lang lang, const struct yd_party_history *ph,
			   const char *violation, int32_t date)
{
	char since[16] = "", upto[16], fine[32], win[32];
	if (ph->since)
		yd_fmt_date(since, sizeof since, ph->since);
	yd_fmt_date(upto, sizeof upto, yd_date_from_days(yd_date_days(date) - 1));
	if (lang == YD_LANG_EN) {
		yd_buf_addf(b, "party %s: %s: %zu earlier decision%s%s%s, %s%s%s%s\n", ph->party_id,
			    ph->n ? "not a first offence" : "first offence", ph->n, ph->n == 1 ? "" : "s",
			    violation ? " for " : " for any violation", violation ? violation : "",
			    ph->since ? "from " : "", since, ph->since ? " to " : "up to ", upto);
	} else {
		yd_buf_addf(b, "当事人 %s：%s（%s%s%s%s，%s处罚决定 %zu 件）\n", ph->party_id,
			    ph->n ? "非首次违法" : "首次违法", since, ph->since ? " 至 " : "", upto,
			    ph->since ? "" : " 及以前", violation ? "同一违法行为的" : "各违法行为的", ph->n);
	}
	for (size_t i = 0; i < ph->n; i++) {
		const struct yd_prior *p = &ph->v[i];
		char d[16];
		yd_fmt_date(d, sizeof d, p->date);
		yd_fmt_yuan(fine, sizeof fine, p->fine);
		yd_buf_addf(b, "  %s  %s  %s  %s  %s  %s %s\n", d, p->case_id, p->violation_code,
			    *p->agency ? p->agency : "-", p->region, fine,
			    strcmp(p->currency, "CNY") == 0 ? (lang == YD_LANG_EN ? "yuan" : "元") : p->currency);
	}
	const struct yd_exempt_rule *r = ph->rule;
	if (!r)
		return;
	/* the 免罚清单's item: its window is the one above */
	yd_exempt_window_words(win, sizeof win, r->months, lang);
	yd_buf_addstr(b, lang == YD_LANG_EN ? "exemption list: " : "免罚清单：");
	yd_exempt_item_words(b, lang, r);
	if (lang == YD_LANG_EN)
		yd_buf_addf(b, ", %s, first offence within: %s\n", kind_words(r->kind, lang), win);
	else
		yd_buf_addf(b, "，%s，首次违法期限：%s\n", kind_words(r->kind, lang), win);
	if (r->months < 0)
		yd_buf_addstr(b, lang == YD_LANG_EN ? "  its conditions name no first offence: the party's history does not decide it\n"
						    : "  其适用条件未提及首次违法，是否适用不取决于违法记录\n");
	else if (!ph->n)
		yd_buf_addf(b, lang == YD_LANG_EN ? "  a first offence in the window: the list may apply; verify its conditions: %s\n"
						  : "  期限内首次违法，可能适用免罚清单；签发前请核实适用条件：%s\n",
			    *r->condition ? r->condition : "-");
	else
		yd_buf_addstr(b, lang == YD_LANG_EN ? "  not a first offence in the window: the list does not apply\n"
						    : "  期限内非首次违法，不适用免罚清单\n");
}

/* A date as JSON: "YYYY-MM-DD", null when 0. */
static json_t *json_date(int32_t date)
{
	char d[16];
	if (!date)
		return json_null();
	yd_fmt_date(d, sizeof d, date);
	return json_string(d);
}

json_t *yd_party_history_json_object(const struct yd_party_history *ph, const char *violation, int32_t date)
{
	json_t *o = json_object(), *prior = json_array();
	yd_json_set(o, "party_id", yd_json_str(ph->party_id));
	yd_json_set(o, "violation_code", yd_json_str(violation));
	yd_json_set(o, "date", json_date(date));
	yd_json_set(o, "since", json_date(ph->since));
	yd_json_set(o, "first_offence", json_boolean(!ph->n));
	yd_json_set(o, "prior_cases", json_integer((json_int_t)ph->n));
	for (size_t i = 0; i < ph->n; i++) {
		const struct yd_prior *p = &ph->v[i];
		json_t *c = json_object();
		yd_json_set(c, "case_id", yd_json_str(p->case_id));
		yd_json_set(c, "violation_code", yd_json_str(p->violation_code));
		yd_json_set(c, "agency", yd_json_str(p->agency));
		yd_json_set(c, "region", yd_json_str(p->region));
		yd_json_set(c, "decision_date", json_date(p->date));
		yd_json_set(c, "fine", yd_json_fen(p->fine));
		yd_json_set(c, "currency", yd_json_str(p->currency));
		yd_json_push(prior, c);
	}
	yd_json_set(o, "prior", prior);
	const struct yd_exempt_rule *r = ph->rule;
	json_t *e = r ? json_object() : json_null();
	if (r) {
		yd_json_set(e, "seq", yd_json_str(r->seq));
		yd_json_set(e, "name", yd_json_str(r->name));
		yd_json_set(e, "kind", json_string(yd_tier_name(r->kind)));
		yd_json_set(e, "window_months", r->months >= 0 ? json_integer(r->months) : json_null());
		yd_json_set(e, "condition", yd_json_str(r->condition));
		yd_json_set(e, "action", yd_json_str(r->action));
		yd_json_set(e, "may_apply", json_boolean(r->months >= 0 && !ph->n));
	}
	yd_json_set(o, "exempt", e);
	return o;
}

int yd_exempt_repeat_reason(struct yd_buf *out, enum yd_lang lang, struct yd_db *db, const struct yd_exempt_list *list,
			    const struct yd_history *h, int64_t rowid, int64_t violation_id, int32_t date,
			    struct yd_error *err)
{
	const struct yd_exempt_rule *r = yd_exempt_find(list, violation_id, date);
	struct yd_prior p;
	int64_t last = 0;
	int32_t n = yd_history_prior(h, rowid, &last);
	char win[32], d[16];
	int rc = 0;

	memset(&p, 0, sizeof p);
	if (last && (rc = yd_prior_of(db, last, &p, err)) < 0)
		return rc;
	yd_exempt_window_words(win, sizeof win, r ? r->months : -1, lang);
	yd_buf_addstr(out, lang == YD_LANG_EN ? "not fined under the exemption list's " : "依免罚清单");
	if (r)
		yd_exempt_item_words(out, lang, r);
	if (lang == YD_LANG_EN) {
		yd_buf_addf(out, ", which is for a first offence%s%s, but the party had ",
			    r && r->months > 0 ? " within " : " (ever)", r && r->months > 0 ? win : "");
		if (p.case_id) {
			yd_fmt_date(d, sizeof d, p.date);
			yd_buf_addf(out, "decision %s by %s on %s", p.case_id, *p.agency ? p.agency : p.region, d);
			if (n > 1)
				yd_buf_addf(out, " (%ld earlier decisions in the window)", (long)n);
		} else {
			yd_buf_addstr(out, "an earlier decision for it");
		}
		yd_buf_addstr(out, ": not a first offence");
	} else {
		yd_buf_addf(out, "不予处罚（限%s%s首次违法），但当事人此前已有", r && r->months > 0 ? " " : "",
			    r && r->months > 0 ? win : "");
		if (p.case_id) {
			yd_fmt_date(d, sizeof d, p.date);
			yd_buf_addf(out, "同一违法行为的处罚决定 %s（%s，%s）", p.case_id, *p.agency ? p.agency : p.region, d);
			if (n > 1)
				yd_buf_addf(out, "等 %ld 件", (long)n);
		} else {
			yd_buf_addstr(out, "同一违法行为的处罚决定");
		}
		yd_buf_addstr(out, "，非首次违法");
	}
	yd_prior_release(&p);
	return 0;
}
