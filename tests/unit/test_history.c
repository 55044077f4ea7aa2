/* Unit tests of the look-back window of repeat offences (issue 24); the
 * counting itself is pinned by tests/cli/cases/191 and 192, the list's
 * words (its window, its kind) by test_exempt. */
#include "t.h"
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

int main(void)
{
	RUN(test_lookback_parse);
	RUN(test_lookback_start);
	RUN(test_party_match);
	return t_report("history");
}
