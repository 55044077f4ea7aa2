/* Unit tests of the look-back window of repeat offences (issue 24), and
 * the counting against a temporary database worked out by hand: earlier
 * decisions of the same party and violation in the window or ever, by
 * identifier or also by name, a party not known; a party's decisions
 * before a draft; an earlier decision read back.  The list's words (its
 * window, its kind) are test_exempt's; the CLI cases 191 and 192 pin the
 * counts in the commands' output. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <stdlib.h>

#include "t.h"
#include "youdu/db.h"
#include "youdu/error.h"
#include "youdu/exempt.h"
#include "youdu/history.h"

static void test_lookback_parse(void)
{
	int m = -1;
	CHECK_INT(yd_lookback_parse("2y", &m), 0);
	CHECK_INT(m, 24);
	CHECK_INT(yd_lookback_parse("18m", &m), 0);
	CHECK_INT(m, 18);
	CHECK_INT(yd_lookback_parse("ever", &m), 0);
	CHECK_INT(m, 0);
	CHECK_INT(yd_lookback_parse("0y", &m), YD_EUSAGE);
	CHECK_INT(yd_lookback_parse("3w", &m), YD_EUSAGE);
	CHECK_INT(yd_lookback_parse("-1y", &m), YD_EUSAGE);
	CHECK_INT(yd_lookback_parse("y", &m), YD_EUSAGE);
	CHECK_INT(yd_lookback_parse("1201m", &m), YD_EUSAGE);
}

static void test_lookback_start(void)
{
	CHECK_INT(yd_lookback_start(20230302, 24), 20210302);
	CHECK_INT(yd_lookback_start(20230302, 0), 0);          /* ever */
	CHECK_INT(yd_lookback_start(20240229, 12), 20230228);  /* no 29 February in 2023 */
	CHECK_INT(yd_lookback_start(20240229, 48), 20200229);
	CHECK_INT(yd_lookback_start(20230331, 1), 20230228);   /* the month's last day */
	CHECK_INT(yd_lookback_start(20240115, 1), 20231215);   /* across a year */
	CHECK_INT(yd_lookback_start(20240115, 13), 20221215);
}

static void test_party_match(void)
{
	enum yd_party_match m = YD_MATCH_NAME;
	CHECK_INT(yd_party_match_parse("id", &m), 0);
	CHECK_INT(m, YD_MATCH_ID);
	CHECK_INT(yd_party_match_parse("name", &m), 0);
	CHECK_INT(m, YD_MATCH_NAME);
	CHECK_INT(yd_party_match_parse("both", &m), YD_EUSAGE);
}

static char dir[] = "/tmp/yd-test-history-XXXXXX";
static struct yd_db *db;

/* Rows 1..9 in file order: 甲公司 (P) A1 in 2020, 2023-01 and 2023-06, B2
 * in 2023-03; a wrong check digit; no party; 个体户 by name only, twice;
 * 乙公司 (Q) A1 once. */
static const char cases[] = "决定书文号,决定日期,地区,执法机关,违法行为编码,裁量阶次,罚款金额,统一社会信用代码,当事人名称\n"
			    "H1,2020-01-10,甲省/甲市,甲局,A1,一般,2000,91350100M000100Y43,甲公司\n"
			    "H2,2023-01-10,甲省/乙市,乙局,A1,一般,2000,91350100M000100Y43,甲公司\n"
			    "H3,2023-06-01,甲省/甲市,甲局,A1,一般,3000,91350100M000100Y43,甲公司\n"
			    "H4,2023-03-01,甲省/甲市,甲局,B2,一般,2000,91350100M000100Y43,甲公司\n"
			    "H5,2023-04-01,甲省/甲市,甲局,A1,一般,2000,91350100M000100Y44,错号公司\n"
			    "H6,2023-04-02,甲省/甲市,甲局,A1,一般,2000,,\n"
			    "H7,2023-04-03,甲省/甲市,甲局,A1,一般,2000,,个体户 张三\n"
			    "H8,2023-05-03,甲省/甲市,甲局,A1,一般,2000,,个体户张三\n"
			    "H9,2023-05-04,甲省/甲市,甲局,A1,一般,2000,91110000600037341L,乙公司\n";

static void test_compute(void)
{
	static const struct {
		enum yd_party_match m;
		int months;
		int32_t prior[9]; /* H1..H9 */
		int64_t last[9];
	} runs[] = {
	    /* two years: H1 is outside H2's window */
	    {YD_MATCH_ID, 24, {0, 0, 1, 0, -1, -1, -1, -1, 0}, {0, 0, 2, 0, 0, 0, 0, 0, 0}},
	    {YD_MATCH_ID, 0, {0, 1, 2, 0, -1, -1, -1, -1, 0}, {0, 1, 2, 0, 0, 0, 0, 0, 0}},
	    /* names too: H7 and H8 are one party (spaces do not count) */
	    {YD_MATCH_NAME, 24, {0, 0, 1, 0, -1, -1, 0, 1, 0}, {0, 0, 2, 0, 0, 0, 0, 7, 0}},
	};
	for (size_t k = 0; k < sizeof runs / sizeof *runs; k++) {
		struct yd_history h = YD_HISTORY_INIT;
		struct yd_error err = {0};
		CHECK_INT(yd_history_compute(db, runs[k].m, runs[k].months, NULL, &h, &err), 0);
		for (int64_t id = 1; id <= 9; id++) {
			int64_t last = -5;
			int32_t prior = yd_history_prior(&h, id, &last);
			if (prior == runs[k].prior[id - 1] && last == runs[k].last[id - 1])
				t_passed++;
			else
				t_fail(__FILE__, __LINE__, "run %zu, H%lld: prior %d last %lld, expected %d and %lld", k,
				       (long long)id, prior, (long long)last, runs[k].prior[id - 1],
				       (long long)runs[k].last[id - 1]);
		}
		yd_history_release(&h);
	}
}

static void test_party(void)
{
	struct yd_party_history ph;
	struct yd_error err = {0};
	/* 甲公司 before an A1 draft of 2023-06-01: H2 (H1 is three years back) */
	memset(&ph, 0, sizeof ph);
	CHECK_INT(yd_party_history(db, "91350100M000100Y43", "A1", 20230601, 24, &ph, &err), 0);
	CHECK_INT(ph.since, 20210601);
	CHECK_INT(ph.n, 1);
	if (ph.n == 1) {
		CHECK_STR(ph.v[0].case_id, "H2");
		CHECK_STR(ph.v[0].agency, "乙局");
		CHECK_INT(ph.v[0].fine, 200000);
	}
	yd_party_history_release(&ph);
	/* any violation, ever, before 2023-06-01: H1, H2, H4 by date */
	memset(&ph, 0, sizeof ph);
	CHECK_INT(yd_party_history(db, "91350100M000100Y43", NULL, 20230601, 0, &ph, &err), 0);
	CHECK_INT(ph.n, 3);
	if (ph.n == 3) {
		CHECK_STR(ph.v[0].case_id, "H1");
		CHECK_STR(ph.v[1].case_id, "H2");
		CHECK_STR(ph.v[2].case_id, "H4");
	}
	yd_party_history_release(&ph);
	memset(&ph, 0, sizeof ph);
	CHECK_INT(yd_party_history(db, "91350100M000100Y44", "A1", 20230601, 24, &ph, &err), YD_EUSAGE);
	CHECK(strstr(err.msg, "91350100M000100Y44") != NULL);
	yd_party_history_release(&ph);

	struct yd_prior p;
	memset(&p, 0, sizeof p);
	CHECK_INT(yd_prior_of(db, 2, &p, &err), 1);
	CHECK_STR(p.case_id, "H2");
	CHECK_STR(p.violation_code, "A1");
	CHECK_STR(p.region, "甲省/乙市");
	CHECK_INT(p.date, 20230110);
	yd_prior_release(&p);
	CHECK_INT(yd_prior_of(db, 99, &p, &err), 0);
}

int main(void)
{
	RUN(test_lookback_parse);
	RUN(test_lookback_start);
	RUN(test_party_match);
	if (!mkdtemp(dir))
		return 1;
	db = t_db_open(dir, "violation_code,violation_name,legal_basis,fine_kind,fine_min,fine_max\n"
			    "A1,甲,法一,fixed,1000,10000\nB2,乙,法二,fixed,1000,10000\n");
	if (!db || t_import_cases(db, dir, cases) != 0)
		return t_report("history");
	RUN(test_compute);
	RUN(test_party);
	yd_db_close(db);
	t_rm_dir(dir);
	return t_report("history");
}
