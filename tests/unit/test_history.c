/* Unit tests of the look-back window of repeat offences (issue 24); the
 * counting itself is pinned by tests/cli/cases/191 and 192. */
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

static int window(const char *s)
{
	int m = -3, rc = yd_exempt_window(s, &m);
	return rc < 0 ? rc : m;
}

/* 免罚清单: the window from 适用条件's words, the kind from 处理方式 */
static void test_exempt_words(void)
{
	CHECK_INT(window("首次违法且危害后果轻微"), 0);
	CHECK_INT(window("初次违法"), 0);
	CHECK_INT(window("一年内首次违法"), 12);
	CHECK_INT(window("两年内首次"), 24);
	CHECK_INT(window("二年以内首次被查处"), 24);
	CHECK_INT(window("1年内首次"), 12);
	CHECK_INT(window("6个月内首次"), 6);
	CHECK_INT(window("六个月内初次"), 6);
	CHECK_INT(window("十八个月内首次"), 18);
	CHECK_INT(window("二十四个月内首次"), 24);
	CHECK_INT(window("３年内首次"), 36);         /* full-width digit */
	CHECK_INT(window("首次违法，一年内改正"), 0);  /* a window after 首次 is not its */
	CHECK_INT(window("违法行为轻微并及时改正"), -1);
	/* a period before 首次 that is not read is never ever (-2: needs review) */
	CHECK_INT(window("当年内首次违法"), -2);
	CHECK_INT(window("本年内首次"), -2);
	CHECK_INT(window("30日内首次违法"), -2);
	CHECK_INT(window("三十天内初次"), -2);
	CHECK_INT(window("一个年度内首次"), -2);
	CHECK_INT(window("一个检查周期内首次"), -2);
	CHECK_INT(window("一百零一年内首次"), -2);
	CHECK_INT(window("首次违法，30日内改正"), 0); /* after 首次: not its window */
	char w[32];
	yd_exempt_window_words(w, sizeof w, 0, YD_LANG_EN);
	CHECK_STR(w, "ever");
	yd_exempt_window_words(w, sizeof w, 12, YD_LANG_EN);
	CHECK_STR(w, "1 year");
	yd_exempt_window_words(w, sizeof w, 18, YD_LANG_ZH);
	CHECK_STR(w, "18 个月内");
	yd_exempt_window_words(w, sizeof w, 24, YD_LANG_ZH);
	CHECK_STR(w, "2 年内");
	CHECK_INT(yd_exempt_kind("不予行政处罚"), YD_TIER_NONE);
	CHECK_INT(yd_exempt_kind("免予处罚"), YD_TIER_NONE);
	CHECK_INT(yd_exempt_kind("依法减轻处罚"), YD_TIER_MITIGATED);
	CHECK_INT(yd_exempt_kind("从轻处罚"), YD_TIER_LENIENT);
	CHECK_INT(yd_exempt_kind("责令改正"), YD_TIER_UNKNOWN);
}

int main(void)
{
	RUN(test_lookback_parse);
	RUN(test_lookback_start);
	RUN(test_party_match);
	RUN(test_exempt_words);
	return t_report("history");
}
