/* versions: what changed when the standard changed, against a temporary
 * database with two dated catalogue versions - only the item whose range
 * changed, each side's window, range, count, median and shares at its own
 * minimum and maximum worked out by hand; cases before the first version
 * and fines of 0 left out; an undated catalogue has no change. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/catalogue_import.h"
#include "youdu/db.h"
#include "youdu/db_analysis.h"
#include "youdu/parse.h"
#include "youdu/versions.h"

static char dir[] = "/tmp/yd-test-versions-XXXXXX";

struct changes {
	int n;
	char code[4][8];
	struct yd_version_change c[4];
};

static int take(void *data, const struct yd_version_change *c)
{
	struct changes *s = data;
	if (s->n < 4) {
		snprintf(s->code[s->n], sizeof s->code[0], "%s", c->violation_code);
		s->c[s->n] = *c;
	}
	s->n++;
	return 0;
}

static int import(struct yd_db *db, const char *csv, const char *body, int32_t from)
{
	char text[4096];
	if ((size_t)snprintf(text, sizeof text, "violation_code,violation_name,legal_basis,fine_kind,fine_min,fine_max\n%s",
			     body) >= sizeof text ||
	    t_write_file(csv, text) != 0)
		return -1;
	struct yd_cat_opts o = {0, from, 0};
	struct yd_cat_stats st;
	struct yd_error err = {0};
	int rc = yd_catalogue_import(db, csv, YD_ENC_AUTO, from ? &o : NULL, &st, &err);
	if (rc != 0)
		t_fail(__FILE__, __LINE__, "%s", err.msg);
	return rc;
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	char csv[96];
	struct yd_error err = {0};
	struct yd_db *db = t_db_open(dir, NULL);
	if (!db)
		return t_report("versions");
	snprintf(csv, sizeof csv, "%s/c.csv", dir);
	/* undated: nothing changed */
	CHECK_INT(import(db, csv, "A1,甲,法一,fixed,1000,10000\n", 0), 0);
	struct changes s = {0};
	CHECK_INT(yd_version_changes(db, take, &s, &err), 0);
	CHECK_INT(s.n, 0);

	CHECK_INT(import(db, csv, "A1,甲,法一,fixed,1000,10000\nB2,乙,法二,fixed,100,1000\n", 20200101), 0);
	CHECK_INT(import(db, csv, "A1,甲,法一,fixed,2000,20000\nB2,乙,法二,fixed,100,1000\n", 20230101), 0);
	int64_t src, reg, a1, b2;
	CHECK_INT(yd_db_lookup(db, YD_INTERN_VIOLATION, "A1", &a1, &err), 1);
	CHECK_INT(yd_db_lookup(db, YD_INTERN_VIOLATION, "B2", &b2, &err), 1);
	CHECK_INT(yd_db_begin(db, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_SOURCE, "a.csv", NULL, &src, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_REGION, "浙江省/杭州市", NULL, &reg, &err), 0);
	static const struct {
		int b2;
		int32_t date;
		int64_t yuan;
	} cs[] = {
		{0, 20190101, 1000},  /* before the first version: out */
		{0, 20200101, 1000},  /* before: at its minimum */
		{0, 20210601, 5000},  {0, 20221231, 10000}, /* at its maximum, the last day */
		{0, 20220505, 0},     /* no fine: out */
		{0, 20230101, 2000},  /* after: at its minimum */
		{0, 20240101, 3000},  {1, 20240101, 500}, /* B2 did not change */
	};
	for (size_t i = 0; i < sizeof cs / sizeof *cs; i++) {
		char cid[8];
		snprintf(cid, sizeof cid, "V%zu", i);
		struct yd_case c;
		memset(&c, 0, sizeof c);
		c.case_id = cid;
		c.violation_id = cs[i].b2 ? b2 : a1;
		c.region_id = reg;
		c.date = cs[i].date;
		c.tier = YD_TIER_UNKNOWN;
		c.fine = cs[i].yuan * 100;
		c.base = -1;
		c.source_id = src;
		c.line = (long)i + 2;
		int64_t id;
		CHECK_INT(yd_db_case_insert(db, &c, &id, &err), 0);
	}
	CHECK_INT(yd_db_commit(db, &err), 0);

	memset(&s, 0, sizeof s);
	CHECK_INT(yd_version_changes(db, take, &s, &err), 0);
	CHECK_INT(s.n, 1);
	if (s.n == 1) {
		const struct yd_version_change *c = &s.c[0];
		CHECK_STR(s.code[0], "A1");
		CHECK_INT(c->kind, YD_KIND_FIXED);
		CHECK_INT(c->day, 20230101);
		CHECK_INT(c->before.from, 20200101);
		CHECK_INT(c->before.until, 20221231);
		CHECK_INT(c->before.lo, 100000);
		CHECK_INT(c->before.hi, 1000000);
		CHECK_INT(c->before.n, 3); /* 1000, 5000, 10000 */
		CHECK_NEAR(c->before.median, 500000, 1e-9);
		CHECK_NEAR(c->before.share_min, 1.0 / 3, 1e-12);
		CHECK_NEAR(c->before.share_max, 1.0 / 3, 1e-12);
		CHECK_INT(c->after.from, 20230101);
		CHECK_INT(c->after.until, 0);
		CHECK_INT(c->after.lo, 200000);
		CHECK_INT(c->after.hi, 2000000);
		CHECK_INT(c->after.n, 2); /* 2000, 3000 */
		CHECK_NEAR(c->after.median, 250000, 1e-9);
		CHECK_NEAR(c->after.share_min, 0.5, 1e-12);
		CHECK_NEAR(c->after.share_max, 0, 1e-12);
	}
	yd_db_close(db);
	t_rm_dir(dir);
	return t_report("versions");
}
