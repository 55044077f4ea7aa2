/* report_exempt against a temporary database, through a sink that writes
 * what it is given as lines: a list of two items (E1 a one-year window,
 * E2 none) and seven decisions whose counts are worked out by hand - a first
 * offence fined, its repeat exempted and fined again, an exempted first
 * offence, a party not known, and a repeat of a decision three years
 * before; per item, per
 * agency, the repeats by name and the parties with several decisions;
 * --year narrows the period but not the look back; no list, no section. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/analyze.h"
#include "youdu/buf.h"
#include "youdu/db.h"
#include "youdu/exempt.h"
#include "youdu/report_exempt.h"

static char dir[] = "/tmp/yd-test-report-exempt-XXXXXX";
static struct yd_db *db;

/* The sink: "h2 text", "p text", "table a|b", "row a|b", "end", a line each. */
static void on_h(void *d, int level, const char *text)
{
	yd_buf_addf(d, "h%d %s\n", level, text);
}

static void on_p(void *d, const char *text)
{
	yd_buf_addf(d, "p %s\n", text);
}

static void cells(struct yd_buf *b, const char *what, int n, const char *const *c)
{
	yd_buf_addstr(b, what);
	for (int i = 0; i < n; i++)
		yd_buf_addf(b, "%s%s", i ? "|" : " ", c[i]);
	yd_buf_addch(b, '\n');
}

static int ncols; /* of the table being written */

static void on_table(void *d, int n, const char *const *head)
{
	ncols = n;
	cells(d, "table", n, head);
}

static void on_row(void *d, const char *const *c)
{
	cells(d, "row", ncols, c);
}

static void on_end(void *d)
{
	yd_buf_addstr(d, "end\n");
}

static const char *section(struct yd_buf *b, int year, const char *agency)
{
	struct yd_report_sink s = {b, YD_LANG_ZH, on_h, on_p, on_table, on_row, on_end};
	struct yd_error err = {0};
	yd_buf_reset(b);
	CHECK_INT(yd_report_exempt(db, year, agency, &s, &err), 0);
	return yd_buf_str(b);
}

static void test_all_years(void)
{
	struct yd_buf b = YD_BUF_INIT;
	const char *s = section(&b, 0, NULL);
	/* E1: A1..A5 - not fined A2 and A3; A2 repeats A1 (within a year);
	 * A1 fined, the party's first; A5 fined, not a first; A4 has no
	 * party.  E2: B1 fined and first; B2 not fined, a repeat of B1 (no
	 * window).  Agencies: 甲局 A1 A3 A5 B1, 乙局 A2 A4 B2.  Parties:
	 * 乙公司 A3 B1 B2, 甲公司 A1 A2 A5. */
	static const char *const want[] = {
	    "h2 附、首违不罚与重复违法",
	    "row 第 1 项 擅自设置户外广告（E1）|1 年内|5|2|1|1|1",
	    "row 第 2 项 占道经营（E2）|不限期限|2|1|1|1|0",
	    "row A2|91350100M000100Y43 甲公司|乙局|2023-06-01|第 1 项 擅自设置户外广告（E1）|A1（甲局，2023-01-10）",
	    "row B2|91110000600037341L 乙公司|乙局|2023-05-02|第 2 项 占道经营（E2）|B1（甲局，2020-05-01）",
	    "row 乙局|3|2|2|0|1",
	    "row 甲局|4|1|0|2|0",
	    "row 91110000600037341L|乙公司|3|2020-05-01|2023-05-02",
	    "row 91350100M000100Y43|甲公司|3|2023-01-10|2023-09-01",
	};
	CHECK_LINES(s, want);
	CHECK(strstr(s, "处罚决定 7 件：依清单不予处罚 3 件，其中非首违而免 2 件；首次违法而予以罚款 2 件；") != NULL);
	yd_buf_release(&b);
}

static void test_year_and_agency(void)
{
	struct yd_buf b = YD_BUF_INIT;
	/* 2023: B1 (2020) leaves the period, but still makes B2 a repeat */
	const char *s = section(&b, 2023, NULL);
	static const char *const want[] = {
	    "row 第 1 项 擅自设置户外广告（E1）|1 年内|5|2|1|1|1",
	    "row 第 2 项 占道经营（E2）|不限期限|1|1|1|0|0",
	    "row 甲局|3|1|0|1|0",
	    "row 91110000600037341L|乙公司|2|2023-03-01|2023-05-02",
	};
	CHECK_LINES(s, want);
	/* 乙局 only: A2, A4, B2 */
	s = section(&b, 0, "乙局");
	static const char *const want2[] = {
	    "row 第 1 项 擅自设置户外广告（E1）|1 年内|2|1|1|0|1",
	    "row 第 2 项 占道经营（E2）|不限期限|1|1|1|0|0",
	};
	CHECK_LINES(s, want2);
	CHECK(strstr(s, "row 甲局") == NULL);
	yd_buf_release(&b);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	db = t_db_open(dir, "violation_code,violation_name,legal_basis,fine_kind,fine_min,fine_max\n"
			    "E1,擅自设置户外广告,法一,fixed,1000,10000\n"
			    "E2,占道经营,法二,fixed,1000,10000\n");
	if (!db || t_import_cases(db, dir, "决定书文号,决定日期,地区,执法机关,违法行为编码,裁量阶次,罚款金额,统一社会信用代码,当事人名称\n"
					   "A1,2023-01-10,甲省/甲市,甲局,E1,一般,2000,91350100M000100Y43,甲公司\n"
					   "A2,2023-06-01,甲省/乙市,乙局,E1,不予处罚,0,91350100M000100Y43,甲公司\n"
					   "A3,2023-03-01,甲省/甲市,甲局,E1,不予处罚,0,91110000600037341L,乙公司\n"
					   "A4,2023-04-01,甲省/乙市,乙局,E1,一般,2000,,\n"
					   "A5,2023-09-01,甲省/甲市,甲局,E1,一般,2500,91350100M000100Y43,甲公司\n"
					   "B1,2020-05-01,甲省/甲市,甲局,E2,一般,3000,91110000600037341L,乙公司\n"
					   "B2,2023-05-02,甲省/乙市,乙局,E2,不予处罚,0,91110000600037341L,乙公司\n") != 0)
		return t_report("report_exempt");
	struct yd_buf b = YD_BUF_INIT;
	struct yd_analyze_opts ao = {.t = YD_THRESHOLDS_DEFAULT};
	struct yd_ledger led;
	struct yd_error err = {0};
	CHECK_INT(yd_analyze(db, &ao, &led, &err), 0);
	CHECK_STR(section(&b, 0, NULL), ""); /* no list imported: no section */

	char list[128];
	struct yd_exempt_opts eo = {0, 0};
	struct yd_exempt_stats st;
	snprintf(list, sizeof list, "%s/list.csv", dir);
	CHECK_INT(t_write_file(list, "序号,事项代码,违法行为,适用条件,处理方式\n"
				     "1,E1,擅自设置户外广告,一年内首次违法,不予行政处罚\n"
				     "2,E2,占道经营,首次违法且及时改正,不予处罚\n"),
		  0);
	CHECK_INT(yd_exempt_import(db, list, &eo, &st, &err), 0);
	CHECK_INT(yd_analyze(db, &ao, &led, &err), 0);
	RUN(test_all_years);
	RUN(test_year_and_agency);
	yd_buf_release(&b);
	yd_db_close(db);
	t_rm_dir(dir);
	return t_report("report_exempt");
}
