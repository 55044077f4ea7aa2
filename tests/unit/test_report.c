/* report against a temporary database: eight decisions whose facts are
 * worked out by hand - in 2024 one fine above the legal maximum, one below
 * the minimum, one below its declared tier, four lawful ones too few to
 * compare with peers; one decision in 2023 - and the report's summary,
 * verdict counts, change from the year before, agency table, list of
 * unlawful decisions and per-violation page; one agency's report; an
 * unknown agency and a database without an analysis refused. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "youdu/analyze.h"
#include "youdu/db.h"
#include "youdu/report.h"

static char dir[] = "/tmp/yd-test-report-XXXXXX";
static struct yd_db *db;

/* A1: 1,000..10,000 yuan, 从轻 up to 3,000, 从重 from 7,000. */
static const char catalogue[] = "violation_code,violation_name,legal_basis,fine_kind,fine_min,fine_max,lenient_max,severe_min\n"
				"A1,擅自占道,法一,fixed,1000,10000,3000,7000\n"
				"B2,乱贴广告,法二,fixed,100,1000,,\n";
static const char cases[] = "决定书文号,决定日期,地区,执法机关,违法行为编码,裁量阶次,罚款金额\n"
			    "R1,2024-02-01,甲省/甲市,甲局,A1,一般,5000\n"
			    "R2,2024-03-01,甲省/甲市,甲局,A1,一般,12000\n" /* above 10,000 */
			    "R3,2024-04-01,甲省/甲市,甲局,A1,从重,5000\n"  /* below 从重's 7,000 */
			    "R4,2024-05-01,甲省/甲市,甲局,A1,从轻,2000\n"
			    "R5,2024-06-01,甲省/乙市,乙局,A1,一般,800\n" /* below 1,000 */
			    "R6,2024-07-01,甲省/乙市,乙局,A1,一般,4000\n"
			    "R7,2024-08-01,甲省/乙市,乙局,B2,一般,500\n"
			    "R8,2023-08-01,甲省/乙市,乙局,A1,一般,5000\n";

/* Writes the report of year (agency NULL for all) as Markdown into
 * dir/name; returns yd_report's status and the text in *md (freed by the
 * caller, NULL when not written). */
static int report(const char *name, int year, const char *agency, char **md, struct yd_error *err)
{
	char out[128];
	struct yd_report_opts o = {0};
	struct yd_report_info info;
	snprintf(out, sizeof out, "%s/%s", dir, name);
	o.year = year;
	o.dir = out;
	o.md = 1;
	o.date = "2025-01-01";
	o.top_violations = 3;
	o.top_outliers = 50;
	o.agency = agency;
	*md = NULL;
	int rc = yd_report(db, &o, &info, err);
	if (rc != 0)
		return rc;
	CHECK_STR(info.html, "");
	CHECK_INT(info.year, year);
	FILE *f = fopen(info.md, "rb");
	CHECK(f != NULL);
	if (!f)
		return -1;
	size_t cap = 1 << 20, n = 0;
	*md = calloc(1, cap);
	if (*md)
		n = fread(*md, 1, cap - 1, f);
	fclose(f);
	CHECK(n > 0 && n < cap - 1);
	return rc;
}

static void test_no_analysis(void)
{
	char *md = NULL;
	struct yd_error err = {0};
	CHECK_INT(report("none", 0, NULL, &md, &err), YD_ESTATE);
	free(md);
}

static void test_year(void)
{
	char *md = NULL, img[160];
	struct yd_error err = {0};
	CHECK_INT(report("all", 2024, NULL, &md, &err), 0);
	if (!md)
		return;
	/* 2024: seven decisions, 5,000 + 12,000 + 5,000 + 2,000 + 800 + 4,000
	 * + 500 = 29,300 yuan; R2 2,000 over its 10,000; three of seven
	 * flagged (42.9 %), four lawful without 12 peers (57.14 %).  甲局:
	 * R1-R4, 24,000, R2 and R3 flagged, one 从轻 of four; 乙局: R5-R7,
	 * 5,300, R5.  2023: R8 alone, 5,000 */
	static const char *const want[] = {
	    "生成日期 2025-01-01 · youdu 有度",
	    "| 执法机关 | 2 个：甲局、乙局 |",
	    "| 评判的处罚决定 | 7 件 |",
	    "| 罚款合计 | 29,300 元（约 2.93 万元） |",
	    "| 高于法定上限 | 1 件，罚款 12,000 元，其中超出上限的部分 2,000 元 |",
	    "| 需要复核（被标记） | 3 件（42.9%） |",
	    "| 高于法定上限 | 1 | 14.29% | 是 |",
	    "| 低于法定下限 | 1 | 14.29% | 是 |",
	    "| 低于裁量阶次 | 1 | 14.29% | 是 |",
	    "| 畸重 | 0 | 0.00% | 是 |",
	    "| 可比案例不足 | 4 | 57.14% | — |",
	    "| 案件（件） | 1 | 7 | +6（+600.0%） |",
	    "| 罚款合计（元） | 5,000 | 29,300 | +24,300（+486.0%） |",
	    "| 甲局 | 4 | 24,000 | 2（50.0%） | 25.0% | 0.0% | 0.0% | 0.0% |",
	    "| 乙局 | 3 | 5,300 | 1（33.3%） | 0.0% | 0.0% | 0.0% | 0.0% |",
	    "| 合计 | 7 | 29,300 | 3（42.9%） | 14.3% | 0.0% | 0.0% | 0.0% |",
	    "### A1 擅自占道（3 件被标记）",
	};
	CHECK(strncmp(md, "# 2024 年度行政处罚裁量风险报告\n", strlen("# 2024 年度行政处罚裁量风险报告\n")) == 0);
	CHECK_LINES(md, want);
	/* section four: the three unlawful decisions, nothing lawful */
	const char *four = strstr(md, "## 四、"), *five = strstr(md, "## 五、");
	CHECK(four && five && four < five);
	if (four && five) {
		static const char *const flagged[] = {"\n| R2 | A1 擅自占道 |", "\n| R5 | A1 擅自占道 |", "\n| R3 | A1 擅自占道 |"};
		for (size_t i = 0; i < 3; i++) {
			const char *at = strstr(four, flagged[i]);
			CHECK(at != NULL && at < five);
		}
		const char *r1 = strstr(four, "\n| R1 |");
		CHECK(r1 == NULL || r1 > five);
	}
	snprintf(img, sizeof img, "%s/all/img/box-A1.png", dir);
	CHECK(access(img, R_OK) == 0);
	free(md);
}

static void test_agency(void)
{
	char *md = NULL;
	struct yd_error err = {0};
	CHECK_INT(report("jia", 2024, "甲局", &md, &err), 0);
	if (md) {
		static const char *const want[] = {
		    "| 评判的处罚决定 | 4 件 |",
		    "| 罚款合计 | 24,000 元（约 2.40 万元） |",
		    "| 需要复核（被标记） | 2 件（50.0%） |",
		    "| 低于法定下限 | 0 | 0.00% | 是 |",
		};
		CHECK_LINES(md, want);
		CHECK(strstr(md, "| R5 |") == NULL);
	}
	free(md);
	CHECK_INT(report("bing", 2024, "丙局", &md, &err), YD_EUSAGE);
	CHECK(strstr(err.msg, "丙局") != NULL && strstr(err.msg, "甲局") != NULL && strstr(err.msg, "乙局") != NULL);
	free(md);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	db = t_db_open(dir, catalogue);
	if (!db || t_import_cases(db, dir, cases) != 0)
		return t_report("report");
	RUN(test_no_analysis);
	struct yd_analyze_opts ao = {.t = YD_THRESHOLDS_DEFAULT};
	struct yd_ledger led;
	struct yd_error err = {0};
	CHECK_INT(yd_analyze(db, &ao, &led, &err), 0);
	RUN(test_year);
	RUN(test_agency);
	yd_db_close(db);
	t_rm_dir(dir);
	return t_report("report");
}
