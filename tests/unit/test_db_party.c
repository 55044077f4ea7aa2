/* db_party: the cases that name a party, one party's decisions (never one
 * whose identifier has a wrong check digit) by date then case id, one
 * decision whatever its party, and the rows of a year and an agency -
 * against a temporary database. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/db.h"
#include "youdu/db_party.h"
#include "youdu/parse.h"

static char dir[] = "/tmp/yd-test-party-XXXXXX";
static int64_t id[5];

#define CODE_A "91330100MA2AAAAA1X"

struct seen {
	int n;
	char ids[8][16];
	char extra[8][32];
	int64_t fine[8];
	int32_t date[8];
	int bad[8];
};

static void note(struct seen *s, const char *case_id, const char *extra, int64_t fine, int32_t date, int bad)
{
	if (s->n >= 8)
		return;
	snprintf(s->ids[s->n], sizeof s->ids[0], "%s", case_id);
	snprintf(s->extra[s->n], sizeof s->extra[0], "%s", extra);
	s->fine[s->n] = fine;
	s->date[s->n] = date;
	s->bad[s->n] = bad;
	s->n++;
}

static int on_case(void *data, const struct yd_party_case *c)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%s|%s", c->code, c->name);
	note(data, "", buf, c->rowid, c->date, c->bad);
	return 0;
}

static int on_decision(void *data, const struct yd_party_decision *d)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%s|%s|%s", d->violation_code, d->agency, d->currency);
	note(data, d->case_id, buf, d->fine, d->date, 0);
	return 0;
}

static int on_row(void *data, const struct yd_party_row *r)
{
	note(data, r->case_id, r->agency, r->fine, r->date, r->bad);
	return 0;
}

static int stop_first(void *data, const struct yd_party_case *c)
{
	(void)c;
	(*(int *)data)++;
	return 1;
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	struct yd_error err = {0};
	struct yd_db *db = t_db_open(dir, NULL);
	if (!db)
		return t_report("db_party");
	int64_t src, reg, ag, v1, v2;
	CHECK_INT(yd_db_begin(db, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_SOURCE, "a.csv", NULL, &src, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_REGION, "浙江省/杭州市", NULL, &reg, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_AGENCY, "杭州市城管局", NULL, &ag, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_VIOLATION, "CG001", NULL, &v1, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_VIOLATION, "CG002", NULL, &v2, &err), 0);
	static const struct {
		const char *case_id, *code, *name, *cur;
		int v2, agency, bad;
		int32_t date;
		int64_t fine;
	} rows[5] = {
		{"D3", CODE_A, "甲公司", "", 0, 1, 0, 20240601, 30000},
		{"D1", CODE_A, "", "USD", 1, 0, 0, 20230301, 10000},
		{"D9", "", "", "", 0, 1, 0, 20240101, 90000},           /* no party */
		{"D2", CODE_A, "甲公司", "", 0, 0, 1, 20220101, 20000}, /* the same code, a wrong check digit */
		{"D0", "", "乙", "", 1, 1, 0, 20240601, 5000},          /* a name only */
	};
	for (int i = 0; i < 5; i++) {
		struct yd_case c;
		memset(&c, 0, sizeof c);
		c.case_id = rows[i].case_id;
		c.violation_id = rows[i].v2 ? v2 : v1;
		c.date = rows[i].date;
		c.region_id = reg;
		c.agency_id = rows[i].agency ? ag : 0;
		c.tier = YD_TIER_GENERAL;
		c.fine = rows[i].fine;
		c.base = -1;
		c.source_id = src;
		c.line = i + 2;
		snprintf(c.currency, sizeof c.currency, "%s", rows[i].cur);
		c.party_code = rows[i].code;
		c.party_name = rows[i].name;
		c.party_bad = rows[i].bad;
		CHECK_INT(yd_db_case_insert(db, &c, &id[i], &err), 0);
	}
	CHECK_INT(yd_db_commit(db, &err), 0);

	/* cases with a party: all but D9, in row id order */
	struct seen s = {0};
	CHECK_INT(yd_db_party_cases_each(db, on_case, &s, &err), 0);
	CHECK_INT(s.n, 4);
	CHECK_STR(s.extra[0], CODE_A "|甲公司");
	CHECK_INT(s.fine[0], id[0]); /* rowid */
	CHECK_STR(s.extra[1], CODE_A "|");
	CHECK_INT(s.fine[2], id[3]);
	CHECK_INT(s.bad[2], 1);
	CHECK_INT(s.bad[0], 0);
	CHECK_STR(s.extra[3], "|乙");
	int calls = 0;
	/* a callback that returns non-zero stops the walk (not an error) */
	CHECK_INT(yd_db_party_cases_each(db, stop_first, &calls, &err), 0);
	CHECK_INT(calls, 1);

	/* the party's decisions by date: D1 (2023) then D3 (2024); not D2 */
	memset(&s, 0, sizeof s);
	CHECK_INT(yd_db_party_decisions(db, CODE_A, on_decision, &s, &err), 0);
	CHECK_INT(s.n, 2);
	CHECK_STR(s.ids[0], "D1");
	CHECK_STR(s.extra[0], "CG002||USD");
	CHECK_INT(s.date[0], 20230301);
	CHECK_STR(s.ids[1], "D3");
	CHECK_STR(s.extra[1], "CG001|杭州市城管局|CNY");
	CHECK_INT(s.fine[1], 30000);
	memset(&s, 0, sizeof s);
	CHECK_INT(yd_db_party_decisions(db, "91330100MA2BBBBB2Y", on_decision, &s, &err), 0);
	CHECK_INT(s.n, 0);

	/* one decision whatever its party: D2 with its wrong check digit */
	memset(&s, 0, sizeof s);
	CHECK_INT(yd_db_party_decision_of(db, id[3], on_decision, &s, &err), 0);
	CHECK_INT(s.n, 1);
	CHECK_STR(s.ids[0], "D2");
	CHECK_INT(s.fine[0], 20000);

	/* rows of 2024 (D3, D9, D0 in row id order), then of the agency too */
	memset(&s, 0, sizeof s);
	CHECK_INT(yd_db_party_rows_each(db, 2024, NULL, on_row, &s, &err), 0);
	CHECK_INT(s.n, 3);
	CHECK_STR(s.ids[0], "D3");
	CHECK_STR(s.ids[1], "D9");
	CHECK_STR(s.ids[2], "D0");
	memset(&s, 0, sizeof s);
	CHECK_INT(yd_db_party_rows_each(db, 0, "杭州市城管局", on_row, &s, &err), 0);
	CHECK_INT(s.n, 3); /* D3, D9, D0: D1 and D2 name no agency */
	CHECK_STR(s.extra[0], "杭州市城管局");
	memset(&s, 0, sizeof s);
	CHECK_INT(yd_db_party_rows_each(db, 0, NULL, on_row, &s, &err), 0);
	CHECK_INT(s.n, 5);
	CHECK_STR(s.extra[1], ""); /* D1: no agency */
	CHECK_INT(s.bad[3], 1);

	yd_db_close(db);
	t_rm_dir(dir);
	return t_report("db_party");
}
