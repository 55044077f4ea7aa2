/* import against a temporary database: read = imported + duplicates +
 * rejected for a small CSV written here (a bad date rejected with its
 * line, a row again a duplicate, "12,000" read as 12000 yuan); the cases
 * kept for import --analyze are the ones a load reads; a second import adds
 * nothing; new content for a known identity is rejected, or replaces the
 * row with replace; strict writes nothing when a row is rejected. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/db.h"
#include "youdu/db_analysis.h"
#include "youdu/error.h"
#include "youdu/import.h"
#include "youdu/parse.h"

static char dir[] = "/tmp/yd-test-import-XXXXXX";

#define HEADER "决定书文号,决定日期,地区,执法机关,违法行为编码,违法行为,当事人类型,裁量阶次,罚款金额,基数金额\n"
#define ROW_B1 "B1,2024-03-05,浙江省/嘉兴市/海盐县,局,CG001,广告,个人,一般,5000,\n"

static long count_cases(struct yd_db *db)
{
	struct yd_casecols c;
	struct yd_error err = {0};
	long outside = 0, n = -1;
	if (yd_db_load_cases(db, 0, &c, &outside, &err) == 0) {
		n = (long)c.n;
		yd_casecols_release(&c);
	}
	return n;
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	char csv[96];
	struct yd_error err = {0};
	snprintf(csv, sizeof csv, "%s/in.csv", dir);
	CHECK_INT(t_write_file(csv, HEADER ROW_B1 "B2,2024-02-30,浙江省/嘉兴市/海盐县,局,CG001,广告,个人,一般,5000,\n"
					   "B3,2024-03-06,浙江省/嘉兴市/海盐县,局,CG002,违建,单位,从重,\"12,000\",\n" ROW_B1),
		  0);
	struct yd_db *db = t_db_open(dir, NULL);
	if (!db)
		return t_report("import");
	struct yd_casecols kept;
	memset(&kept, 0, sizeof kept);
	struct yd_import_opts o;
	memset(&o, 0, sizeof o);
	o.encoding = YD_ENC_AUTO;
	o.keep = &kept;
	struct yd_import_stats st;
	CHECK_INT(yd_import_file(db, csv, &o, &st, &err), 0);
	CHECK_INT(st.read, 4);
	CHECK_INT(st.imported, 2);
	CHECK_INT(st.duplicates, 1);
	CHECK_INT(st.rejected, 1);
	CHECK_INT(st.replaced, 0);
	CHECK_INT(st.header_line, 1);
	CHECK_INT(st.first_reject_line, 3);
	yd_import_stats_release(&st);

	/* the kept cases are those stored, column for column */
	struct yd_casecols c;
	long outside = 0;
	CHECK_INT(yd_db_load_cases(db, 0, &c, &outside, &err), 0);
	CHECK_INT(c.n, 2);
	CHECK_INT(kept.n, 2);
	for (size_t i = 0; i < c.n && i < kept.n; i++) {
		CHECK_INT(kept.rowid[i], c.rowid[i]);
		CHECK_INT(kept.violation[i], c.violation[i]);
		CHECK_INT(kept.region[i], c.region[i]);
		CHECK_INT(kept.date[i], c.date[i]);
		CHECK_INT(kept.party[i], c.party[i]);
		CHECK_INT(kept.tier[i], c.tier[i]);
		CHECK_INT(kept.fine[i], c.fine[i]);
		CHECK_INT(kept.base[i], c.base[i]);
		CHECK_INT(kept.context[i], c.context[i]);
	}
	if (c.n == 2) {
		CHECK_INT(c.date[0], 20240305);
		CHECK_INT(c.fine[0], 500000);
		CHECK_INT(c.party[0], YD_PARTY_INDIVIDUAL);
		CHECK_INT(c.tier[0], YD_TIER_GENERAL);
		CHECK_INT(c.base[0], -1);
		CHECK_INT(c.fine[1], 1200000); /* "12,000" yuan */
		CHECK_INT(c.party[1], YD_PARTY_ENTERPRISE);
		CHECK_INT(c.tier[1], YD_TIER_SEVERE);
	}
	yd_casecols_release(&c);
	yd_casecols_release(&kept);

	/* again: nothing new */
	o.keep = NULL;
	CHECK_INT(yd_import_file(db, csv, &o, &st, &err), 0);
	CHECK_INT(st.imported, 0);
	CHECK_INT(st.duplicates, 3);
	CHECK_INT(st.rejected, 1);
	yd_import_stats_release(&st);
	CHECK_INT(count_cases(db), 2);

	/* B1 with another fine: rejected; with replace, it replaces the row */
	CHECK_INT(t_write_file(csv, HEADER "B1,2024-03-05,浙江省/嘉兴市/海盐县,局,CG001,广告,个人,一般,6000,\n"), 0);
	CHECK_INT(yd_import_file(db, csv, &o, &st, &err), 0);
	CHECK_INT(st.imported, 0);
	CHECK_INT(st.rejected, 1);
	yd_import_stats_release(&st);
	o.replace = 1;
	CHECK_INT(yd_import_file(db, csv, &o, &st, &err), 0);
	CHECK_INT(st.imported, 1);
	CHECK_INT(st.replaced, 1);
	CHECK_INT(st.rejected, 0);
	yd_import_stats_release(&st);
	CHECK_INT(yd_db_load_cases(db, 0, &c, &outside, &err), 0);
	CHECK_INT(c.n, 2);
	if (c.n == 2)
		CHECK_INT(c.fine[0], 600000);
	yd_casecols_release(&c);

	/* strict: a rejected row fails the file, nothing written */
	o.replace = 0;
	o.strict = 1;
	CHECK_INT(t_write_file(csv, HEADER "B7,2024-03-08,浙江省/嘉兴市/海盐县,局,CG001,广告,个人,一般,7000,\n"
					 "B8,2024-13-01,浙江省/嘉兴市/海盐县,局,CG001,广告,个人,一般,7000,\n"),
		  0);
	CHECK_INT(yd_import_file(db, csv, &o, &st, &err), YD_EREJECT);
	yd_import_stats_release(&st);
	CHECK_INT(count_cases(db), 2);
	/* a file without a required column: nothing read */
	o.strict = 0;
	CHECK_INT(t_write_file(csv, "决定书文号,地区\nB9,浙江省\n"), 0);
	CHECK_INT(yd_import_file(db, csv, &o, &st, &err), YD_EINPUT);
	yd_import_stats_release(&st);
	CHECK_INT(count_cases(db), 2);

	yd_db_close(db);
	t_rm_dir(dir);
	return t_report("import");
}
