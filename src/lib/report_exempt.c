/* report_exempt.c - the report's 首违不罚 section (issue 24): what the
 * 免罚清单's items were used for in the period, the exempted repeats by
 * name, the fined first offences per agency and the parties with several
 * decisions. */
#include "youdu/db_exempt.h"
#include "youdu/report_exempt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/buf.h"
#include "youdu/db_party.h"
#include "youdu/db_results.h"
#include "youdu/exempt.h"
#include "youdu/history.h"
#include "youdu/out.h"
#include "youdu/strmap.h"

#define TR(s, zh, en) ((s)->lang == YD_LANG_ZH ? (zh) : (en))
/* the parties with several decisions listed at most */
#define TOP_PARTIES 20

/* A decision on a listed item. */
struct lrow {
	int64_t rowid;
	char *case_id, *agency, *party; /* owned; party: its identifier and name */
	int32_t date, prior;            /* prior -1: the party is not known */
	const struct yd_exempt_rule *rule;
	int granted;                    /* not fined under a 不予处罚 item */
};

/* Per item of the list, per agency: the counts of the tables. */
struct tally {
	long decisions, granted, repeats, fined_first, unknown;
};

struct party {
	char *code, *name; /* owned */
	long n;
	int32_t first, last;
};

struct agency {
	char *name; /* owned */
	struct tally t;
};

struct ctx {
	struct yd_exempt_list list;
	struct yd_history hist;
	struct lrow *rows;
	size_t nrows, caprows;
	struct yd_strmap pmap, amap; /* party code -> index, agency -> index */
	struct party *parties;
	size_t nparties, capparties;
	struct agency *agencies;
	size_t nagencies, capagencies;
};

static int collect(void *data, const struct yd_party_row *r)
{
	struct ctx *c = data;
	int64_t k;
	/* every identified party's decisions in the period */
	if (*r->code && !r->bad) {
		if (!yd_strmap_get(&c->pmap, r->code, &k)) {
			if (c->nparties == c->capparties) {
				c->capparties = c->capparties ? 2 * c->capparties : 64;
				c->parties = yd_xrealloc(c->parties, c->capparties * sizeof *c->parties);
			}
			k = (int64_t)c->nparties++;
			c->parties[k] = (struct party){yd_xstrdup(r->code), yd_xstrdup(r->name), 0, r->date, r->date};
			yd_strmap_put(&c->pmap, r->code, k);
		}
		struct party *p = &c->parties[k];
		p->n++;
		if (r->date && (!p->first || r->date < p->first))
			p->first = r->date;
		if (r->date > p->last)
			p->last = r->date;
	}
	const struct yd_exempt_rule *rule = yd_exempt_find(&c->list, r->violation_id, r->date);
	if (!rule)
		return 0;
	if (c->nrows == c->caprows) {
		c->caprows = c->caprows ? 2 * c->caprows : 64;
		c->rows = yd_xrealloc(c->rows, c->caprows * sizeof *c->rows);
	}
	struct yd_buf party = YD_BUF_INIT;
	yd_buf_addstr(&party, *r->code ? r->code : "-");
	if (*r->name)
		yd_buf_addf(&party, " %s", r->name);
	c->rows[c->nrows++] = (struct lrow){r->rowid,
					    yd_xstrdup(r->case_id),
					    yd_xstrdup(r->agency),
					    yd_buf_detach(&party),
					    r->date,
					    yd_history_prior(&c->hist, r->rowid, NULL),
					    rule,
					    yd_exempt_granted(rule, (enum yd_tier)r->tier, r->fine)};
	return 0;
}

static struct agency *agency_of(struct ctx *c, const char *name)
{
	int64_t k;
	if (!yd_strmap_get(&c->amap, name, &k)) {
		if (c->nagencies == c->capagencies) {
			c->capagencies = c->capagencies ? 2 * c->capagencies : 16;
			c->agencies = yd_xrealloc(c->agencies, c->capagencies * sizeof *c->agencies);
		}
		k = (int64_t)c->nagencies++;
		memset(&c->agencies[k], 0, sizeof c->agencies[k]);
		c->agencies[k].name = yd_xstrdup(name);
		yd_strmap_put(&c->amap, name, k);
	}
	return &c->agencies[k];
}

/* Adds a decision to t: repeat is its verdict exempt_repeat. */
static void tally_add(struct tally *t, const struct lrow *r, int repeat)
{
	t->decisions++;
	t->granted += r->granted;
	t->repeats += repeat;
	t->unknown += r->prior < 0;
	/* a first offence (in the item's window) fined under a 不予处罚 item */
	t->fined_first += !r->granted && r->prior == 0 && r->rule->months >= 0 && r->rule->kind == YD_TIER_NONE;
}

static void tally_cells(char cells[5][24], const struct tally *t)
{
	snprintf(cells[0], 24, "%ld", t->decisions);
	snprintf(cells[1], 24, "%ld", t->granted);
	snprintf(cells[2], 24, "%ld", t->repeats);
	snprintf(cells[3], 24, "%ld", t->fined_first);
	snprintf(cells[4], 24, "%ld", t->unknown);
}

static int cmp_agency(const void *a, const void *b)
{
	return strcmp(((const struct agency *)a)->name, ((const struct agency *)b)->name);
}

static int cmp_party(const void *a, const void *b)
{
	const struct party *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->code, y->code);
}

/* The exempted repeats by name: each with its latest earlier decision. */
static int repeats_table(const struct yd_report_sink *s, struct yd_db *db, struct ctx *c, const int8_t *verdict,
			 struct yd_error *err)
{
	const char *head[] = {TR(s, "决定书文号", "Case"),          TR(s, "当事人", "Party"),
			      TR(s, "执法机关", "Agency"),           TR(s, "决定日期", "Date"),
			      TR(s, "清单事项", "List item"),        TR(s, "此前的决定", "Earlier decision")};
	struct yd_buf item = YD_BUF_INIT, earlier = YD_BUF_INIT;
	int rc = 0;

	s->table(s->d, 6, head);
	for (size_t i = 0; i < c->nrows && rc == 0; i++) {
		const struct lrow *r = &c->rows[i];
		struct yd_prior p;
		int64_t last = 0;
		char date[16], pdate[16];
		if (verdict[i] != YD_V_EXEMPT_REPEAT)
			continue;
		yd_history_prior(&c->hist, r->rowid, &last);
		if ((rc = yd_prior_of(db, last, &p, err)) < 0)
			break;
		yd_buf_reset(&item);
		yd_exempt_item_words(&item, s->lang, r->rule);
		yd_buf_reset(&earlier);
		if (rc == 1) {
			yd_fmt_date(pdate, sizeof pdate, p.date);
			yd_buf_addf(&earlier, TR(s, "%s（%s，%s）", "%s (%s, %s)"), p.case_id, *p.agency ? p.agency : p.region,
				    pdate);
			if (r->prior > 1)
				yd_buf_addf(&earlier, TR(s, "等 %ld 件", " and %ld more"),
					    (long)(s->lang == YD_LANG_ZH ? r->prior : r->prior - 1));
		}
		rc = 0;
		yd_fmt_date(date, sizeof date, r->date);
		const char *cells[] = {r->case_id, r->party, *r->agency ? r->agency : "-", date, yd_buf_str(&item),
				       yd_buf_str(&earlier)};
		s->row(s->d, cells);
		yd_prior_release(&p);
	}
	s->end(s->d);
	yd_buf_release(&item);
	yd_buf_release(&earlier);
	return rc;
}

static void ctx_release(struct ctx *c)
{
	for (size_t i = 0; i < c->nrows; i++) {
		free(c->rows[i].case_id);
		free(c->rows[i].agency);
		free(c->rows[i].party);
	}
	free(c->rows);
	for (size_t i = 0; i < c->nparties; i++) {
		free(c->parties[i].code);
		free(c->parties[i].name);
	}
	free(c->parties);
	for (size_t i = 0; i < c->nagencies; i++)
		free(c->agencies[i].name);
	free(c->agencies);
	yd_strmap_release(&c->pmap);
	yd_strmap_release(&c->amap);
	yd_history_release(&c->hist);
	yd_exempt_release(&c->list);
}

int yd_report_exempt(struct yd_db *db, int year, const char *agency, const struct yd_report_sink *s,
		     struct yd_error *err)
{
	struct ctx c;
	struct tally *items = NULL, all = {0, 0, 0, 0, 0};
	int64_t *ids = NULL;
	int8_t *verdict = NULL;
	struct yd_buf b = YD_BUF_INIT;
	int rc;

	memset(&c, 0, sizeof c);
	if ((rc = yd_exempt_load(db, &c.list, err)) < 0 || !c.list.n)
		goto out;
	if ((rc = yd_history_compute(db, YD_MATCH_ID, YD_LOOKBACK_DEFAULT, &c.list, &c.hist, err)) < 0 ||
	    (rc = yd_db_party_rows_each(db, year, agency, collect, &c, err)) < 0)
		goto out;
	/* the verdicts of the decisions on listed items (rows by rowid) */
	ids = yd_xmalloc((c.nrows + 1) * sizeof *ids);
	verdict = yd_xmalloc(c.nrows + 1);
	for (size_t i = 0; i < c.nrows; i++)
		ids[i] = c.rows[i].rowid;
	if ((rc = yd_db_load_verdicts(db, ids, c.nrows, verdict, err)) < 0)
		goto out;
	items = yd_xcalloc(c.list.n, sizeof *items);
	for (size_t i = 0; i < c.nrows; i++) {
		const struct lrow *r = &c.rows[i];
		int repeat = verdict[i] == YD_V_EXEMPT_REPEAT;
		tally_add(&items[r->rule - c.list.v], r, repeat);
		tally_add(&agency_of(&c, *r->agency ? r->agency : "-")->t, r, repeat);
		tally_add(&all, r, repeat);
	}

	s->h(s->d, 2, TR(s, "附、首违不罚与重复违法", "Annex: 首违不罚 (first offences) and repeat offences"));
	long matched = 0;
	for (size_t i = 0; i < c.list.n; i++)
		matched += c.list.v[i].violation_id != 0;
	yd_buf_addf(&b,
		    TR(s, "免罚清单共 %zu 项，其中 %ld 项与处罚事项目录对应。本期清单事项的处罚决定 %ld 件：依清单不予处罚 %ld 件，"
			  "其中非首违而免 %ld 件；首次违法而予以罚款 %ld 件；当事人无法识别（无统一社会信用代码或校验位错误）%ld 件。",
		       "The exemption list has %zu items, %ld of them matched to the catalogue. %ld decisions of the period are on "
		       "listed items: %ld not fined under the list, %ld of them exempt although not a first offence; %ld first "
		       "offences fined; %ld whose party is not known (no identifier, or a wrong check digit)."),
		    c.list.n, matched, all.decisions, all.granted, all.repeats, all.fined_first, all.unknown);
	s->p(s->d, yd_buf_str(&b));
	s->p(s->d, TR(s, "首次违法以当事人统一社会信用代码识别，在清单事项规定的期限内（按决定日期，不限执法机关和地区）没有同一违法行为的处罚决定即为首次。"
			 "首违而罚的决定不是问题：清单的其他适用条件（危害后果轻微、及时改正）不在数据中，仅作统计，供核实是否应当适用清单（首违未免）。",
		      "A first offence is one whose party (by its identifier) has no decision for the same violation within the item's "
		      "window before it (by decision date, any office and region). A fined first offence is no finding: the list's "
		      "other conditions (minor harm, prompt correction) are not in the data; it is counted, for a check whether the "
		      "list should have applied."));

	/* the items */
	s->h(s->d, 3, TR(s, "清单事项", "The list's items"));
	{
		const char *head[] = {TR(s, "清单事项", "Item"),         TR(s, "期限", "Window"),
				      TR(s, "决定", "Decisions"),        TR(s, "不予处罚", "Not fined"),
				      TR(s, "非首违而免", "Exempt repeats"), TR(s, "首违而罚", "Fined first offences"),
				      TR(s, "当事人不明", "Party unknown")};
		s->table(s->d, 7, head);
		for (size_t i = 0; i < c.list.n; i++) {
			const struct yd_exempt_rule *e = &c.list.v[i];
			char cells[5][24], win[32];
			if (!e->violation_id)
				continue;
			yd_buf_reset(&b);
			yd_exempt_item_words(&b, s->lang, e);
			yd_exempt_window_words(win, sizeof win, e->months, s->lang);
			tally_cells(cells, &items[i]);
			const char *row[] = {yd_buf_str(&b), win, cells[0], cells[1], cells[2], cells[3], cells[4]};
			s->row(s->d, row);
		}
		s->end(s->d);
	}

	/* the exempted repeats, named */
	s->h(s->d, 3, TR(s, "非首违而免的决定", "Exempt although not a first offence"));
	if (!all.repeats)
		s->p(s->d, TR(s, "无。", "None."));
	else if ((rc = repeats_table(s, db, &c, verdict, err)) < 0)
		goto out;

	/* per agency */
	s->h(s->d, 3, TR(s, "各执法机关的首违而罚（首违未免候选）", "Fined first offences by agency (candidates for the list)"));
	if (c.nagencies)
		qsort(c.agencies, c.nagencies, sizeof *c.agencies, cmp_agency);
	{
		const char *head[] = {TR(s, "执法机关", "Agency"),         TR(s, "清单事项决定", "Decisions"),
				      TR(s, "不予处罚", "Not fined"),      TR(s, "非首违而免", "Exempt repeats"),
				      TR(s, "首违而罚", "Fined first offences"), TR(s, "当事人不明", "Party unknown")};
		s->table(s->d, 6, head);
		for (size_t i = 0; i < c.nagencies; i++) {
			char cells[5][24];
			tally_cells(cells, &c.agencies[i].t);
			const char *row[] = {c.agencies[i].name, cells[0], cells[1], cells[2], cells[3], cells[4]};
			s->row(s->d, row);
		}
		s->end(s->d);
	}

	/* the parties with several decisions */
	s->h(s->d, 3, TR(s, "本期多次受到处罚的当事人", "Parties with several decisions in the period"));
	if (c.nparties)
		qsort(c.parties, c.nparties, sizeof *c.parties, cmp_party);
	size_t several = 0;
	while (several < c.nparties && c.parties[several].n > 1)
		several++;
	if (!several) {
		s->p(s->d, TR(s, "无。", "None."));
		goto out;
	}
	yd_buf_reset(&b);
	yd_buf_addf(&b, TR(s, "共 %zu 个当事人（各违法行为合计）%s", "%zu parties (all violations)%s"), several,
		    several > TOP_PARTIES ? TR(s, "，列出决定最多的 20 个。", "; the 20 with the most decisions are listed.")
					  : TR(s, "。", "."));
	s->p(s->d, yd_buf_str(&b));
	{
		const char *head[] = {TR(s, "当事人", "Party"), TR(s, "名称", "Name"), TR(s, "决定", "Decisions"),
				      TR(s, "最早", "First"), TR(s, "最近", "Last")};
		s->table(s->d, 5, head);
		for (size_t i = 0; i < several && i < TOP_PARTIES; i++) {
			const struct party *p = &c.parties[i];
			char n[24], first[16] = "", last[16] = "";
			snprintf(n, sizeof n, "%ld", p->n);
			if (p->first)
				yd_fmt_date(first, sizeof first, p->first);
			if (p->last)
				yd_fmt_date(last, sizeof last, p->last);
			const char *row[] = {p->code, *p->name ? p->name : "-", n, first, last};
			s->row(s->d, row);
		}
		s->end(s->d);
	}
out:
	free(items);
	free(ids);
	free(verdict);
	yd_buf_release(&b);
	ctx_release(&c);
	return rc;
}
