/* Unit tests of the normalisers: every accepted form and every reject reason. */
#include "t.h"
#include "youdu/parse.h"

static void amount_ok(const char *s, long long fen, int line)
{
	int64_t v = -1;
	const char *why = NULL;
	if (yd_parse_amount(s, &v, &why) != 0)
		t_fail(__FILE__, line, "amount '%s' rejected: %s", s, why ? why : "?");
	else if (v != fen)
		t_fail(__FILE__, line, "amount '%s' = %lld fen, expected %lld", s, (long long)v, fen);
	else
		t_passed++;
}

static void amount_bad(const char *s, const char *reason, int line)
{
	int64_t v = -1;
	const char *why = NULL;
	if (yd_parse_amount(s, &v, &why) == 0)
		t_fail(__FILE__, line, "amount '%s' accepted as %lld", s, (long long)v);
	else if (reason && (!why || strcmp(why, reason) != 0))
		t_fail(__FILE__, line, "amount '%s': reason '%s', expected '%s'", s, why ? why : "", reason);
	else
		t_passed++;
}

#define AOK(s, fen) amount_ok(s, fen, __LINE__)
#define ABAD(s, r) amount_bad(s, r, __LINE__)

static void test_amounts(void)
{
	AOK("5000", 500000);
	AOK("5,000", 500000);
	AOK("5,000.00", 500000);
	AOK("1,234,567.89", 123456789);
	AOK("5000.5", 500050);
	AOK(".5", 50);
	AOK("5万元", 5000000);
	AOK("5万", 5000000);
	AOK("0.5万", 500000);
	AOK("0.5 万元", 500000);
	AOK("1.2亿", 12000000000LL);
	AOK("3千元", 300000);
	AOK("伍仟元整", 500000);
	AOK("五千元", 500000);
	AOK("壹万贰仟伍佰元", 1250000);
	AOK("一千零五元", 100500);
	/* 2026-12-01, issue 15: 一万万 read as 10,000 yuan; 万万 is the old 亿 */
	AOK("一万万元", 10000000000LL);
	AOK("三万万", 30000000000LL);
	AOK("十五元", 1500);
	AOK("两万", 2000000);
	AOK("５０００", 500000);
	AOK("５，０００．００元", 500000);
	AOK("￥5000", 500000);
	AOK("¥5000", 500000);
	AOK("人民币5000元", 500000);
	AOK("RMB 5000", 500000);
	AOK("  5000元整 ", 500000);
	AOK("0", 0);
	AOK("0元", 0);
	AOK("+200", 20000);
	AOK("0.12345万", 123450);

	ABAD("", "empty amount");
	ABAD("元", "empty amount");
	ABAD("-5000", "negative amount");
	ABAD("－5000", "negative amount");
	ABAD("负5000", "negative amount");
	ABAD("12,3O", "not a number");
	ABAD("1,2", "not a number");
	ABAD("1234,567", "not a number");
	ABAD("5000.005", "amount finer than one fen");
	ABAD("5万5", "unexpected text after number");
	ABAD("inf", "not a number");
	ABAD("nan", "not a number");
	AOK("1e5", 10000000);
	/* 2026-12-01, issue 12.5: amounts inside words, exponents, and doubles
	 * printed in full by spreadsheets */
	AOK("罚款3000元", 300000);
	AOK("处罚款人民币叁仟元整", 300000);
	AOK("新臺幣2,000元", 200000);
	AOK("NT$3,000", 300000);
	AOK("€1,000", 100000);
	AOK("1.5E+4", 1500000);
	AOK("1.5e4元", 1500000);
	AOK("2.5E-1", 25);
	AOK("2999.9999999999995", 300000);
	AOK("1234.5600000000002", 123456);
	AOK("0.35000000000000003", 35);
	AOK("0.30000000000000004万", 300000);
	ABAD("1234567.891", "amount finer than one fen"); /* short: meant, not an artefact */
	ABAD("2999.9999", "amount finer than one fen");
	ABAD("1.5E", "not a number");
	ABAD("1E999", "not a number");
	ABAD("五五", "not a number");
	ABAD("99999999999999999", "amount too large");
	/* 2026-12-05, issue 26.9: more than 17 digits were "not a number" */
	ABAD("9223372036854775807", "amount too large");
	ABAD("9,223,372,036,854,775,807.50元", "amount too large");
	ABAD("123456789012345678x", "unexpected text after number");
	ABAD("000000000000000001", "not a number"); /* leading zeros: refused as before */
	ABAD("abc", "not a number");
	ABAD("5000 dollars", "unexpected text after number");
	/* 2026-11-25: found by make fuzz: the second 亿 multiplied 2e12 by 1e8,
	 * a signed overflow (undefined behaviour) before the range check. */
	ABAD("二万七亿亿", "not a number");
	ABAD("一亿亿亿亿", "not a number");
	AOK("一亿", 10000000000LL);
}

static void test_ratio(void)
{
	int64_t v;
	const char *why;
	CHECK(yd_parse_ratio("3", &v, &why) == 0 && v == 3000000);
	CHECK(yd_parse_ratio("0.05", &v, &why) == 0 && v == 50000);
	CHECK(yd_parse_ratio("5%", &v, &why) == 0 && v == 50000);
	CHECK(yd_parse_ratio("3倍", &v, &why) == 0 && v == 3000000);
	CHECK(yd_parse_ratio("０．５", &v, &why) == 0 && v == 500000);
	CHECK(yd_parse_ratio("-1", &v, &why) != 0);
	CHECK(yd_parse_ratio("x", &v, &why) != 0);
	CHECK(yd_parse_ratio("", &v, &why) != 0);
	/* 2026-12-01, issue 12.5: a multiple stored as a double */
	CHECK(yd_parse_ratio("0.35000000000000003", &v, &why) == 0 && v == 350000);
	CHECK(yd_parse_ratio("2.9999999999999996倍", &v, &why) == 0 && v == 3000000);
	CHECK(yd_parse_ratio("0.0000005", &v, &why) != 0);
	/* 2026-12-05, issue 26.9 */
	CHECK(yd_parse_ratio("123456789012345678倍", &v, &why) != 0 && strcmp(why, "multiple too large") == 0);
}

static void date_ok(const char *s, int ymd, int line)
{
	int32_t v = 0;
	const char *why = NULL;
	if (yd_parse_date(s, &v, &why) != 0)
		t_fail(__FILE__, line, "date '%s' rejected: %s", s, why ? why : "?");
	else if (v != ymd)
		t_fail(__FILE__, line, "date '%s' = %d, expected %d", s, (int)v, ymd);
	else
		t_passed++;
}

static void date_bad(const char *s, const char *reason, int line)
{
	int32_t v = 0;
	const char *why = NULL;
	if (yd_parse_date(s, &v, &why) == 0)
		t_fail(__FILE__, line, "date '%s' accepted as %d", s, (int)v);
	else if (strcmp(why, reason) != 0)
		t_fail(__FILE__, line, "date '%s': reason '%s', expected '%s'", s, why, reason);
	else
		t_passed++;
}

#define DOK(s, v) date_ok(s, v, __LINE__)
#define DBAD(s, r) date_bad(s, r, __LINE__)

static void test_dates(void)
{
	DOK("2024-03-05", 20240305);
	DOK("2024/3/5", 20240305);
	DOK("2024.3.5", 20240305);
	DOK("2024.03.05", 20240305);
	DOK("2024年3月5日", 20240305);
	DOK("2024年03月05日", 20240305);
	DOK("2024年3月5号", 20240305);
	DOK("20240305", 20240305);
	DOK("２０２４－０３－０５", 20240305);
	DOK("２０２４年３月５日", 20240305);
	DOK("2024-03-05 14:30:00", 20240305);
	DOK("2024-03-05T14:30", 20240305);
	DOK("2024-02-29", 20240229);
	DOK("2000-02-29", 20000229);
	DOK(" 2024-12-31 ", 20241231);

	DBAD("", "empty date");
	DBAD("2024-02-30", "impossible day");
	DBAD("2023-02-29", "impossible day");
	DBAD("1900-02-29", "impossible day");
	DBAD("2024-13-01", "impossible month");
	DBAD("2024-00-10", "impossible month");
	DBAD("2024-04-31", "impossible day");
	DBAD("20240230", "impossible day");
	DBAD("1800-01-01", "year out of range");
	DBAD("2024-3/5", "unrecognised date");
	DBAD("05/03/2024", "ambiguous date: day and month could be either way (give --date-order mdy or dmy)");
	DBAD("2024-03-05x", "unrecognised date");
	DBAD("yesterday", "unrecognised date");
	DOK("2024年3月", 20240300);
}

static void dopts(const char *s, enum yd_date_order o, enum yd_calendar c, int ymd, unsigned flags, int line)
{
	int32_t v = 0;
	unsigned fl = 99;
	const char *why = NULL;
	int rc = yd_parse_date_opts(s, o, c, &v, &fl, &why);
	if (ymd && (rc != 0 || v != ymd))
		t_fail(__FILE__, line, "date '%s' = %d (%s), expected %d", s, (int)v, rc ? why : "ok", ymd);
	else if (!ymd && rc == 0)
		t_fail(__FILE__, line, "date '%s' accepted as %d", s, (int)v);
	else if (fl != flags)
		t_fail(__FILE__, line, "date '%s': flags %u, expected %u", s, fl, flags);
	else
		t_passed++;
}
#define DO(s, o, c, v, f) dopts(s, o, c, v, f, __LINE__)

/* 2026-12-01, issue 12.4: the dates of real exports */
static void test_date_forms(void)
{
	enum yd_date_order A = YD_ORDER_AUTO;
	enum yd_calendar G = YD_CAL_AUTO;
	DO("12/31/2023", A, G, 20231231, YD_DATE_MDY);
	DO("31/12/2023", A, G, 20231231, YD_DATE_DMY);
	DO("03/05/2024", A, G, 0, YD_DATE_AMBIGUOUS);
	DO("03/03/2024", A, G, 20240303, 0);
	DO("03/05/2024", YD_ORDER_MDY, G, 20240305, 0);
	DO("03/05/2024", YD_ORDER_DMY, G, 20240503, 0);
	DO("31/12/2023", YD_ORDER_MDY, G, 0, YD_DATE_DMY); /* impossible month */
	DO("3-5-2024", YD_ORDER_DMY, G, 20240503, 0);
	DO("7/4/23", YD_ORDER_MDY, G, 20230704, 0);
	DO("12/25/99", A, G, 19991225, YD_DATE_MDY);
	DO("24/3/5", YD_ORDER_YMD, G, 20240305, 0);
	DO("2023.12.1", A, G, 20231201, 0);
	DO("二〇二三年十二月三十一日", A, G, 20231231, 0);
	DO("二〇二四年一月九日", A, G, 20240109, 0);
	DO("二零二四年十月二十日", A, G, 20241020, 0);
	DO("113年7月1日", A, G, 20240701, YD_DATE_ROC);
	DO("民國113年7月1日", A, G, 20240701, YD_DATE_ROC);
	DO("109/08/31", A, G, 20200831, YD_DATE_ROC);
	DO("1090831", A, G, 20200831, YD_DATE_ROC);
	DO("113年7月1日", A, YD_CAL_GREGORIAN, 0, 0);
	DO("13/07/01", A, YD_CAL_ROC, 19240701, YD_DATE_ROC);
	DO("45292", A, G, 20240101, YD_DATE_SERIAL);
	DO("45292.75", A, G, 20240101, YD_DATE_SERIAL);
	/* 2026-12-05, issue 25.2: dates known to the month or the year keep
	 * their precision (yyyymm00, yyyy0000) */
	DO("2014-09", A, G, 20140900, YD_DATE_NO_DAY);
	DO("2014年9月", A, G, 20140900, YD_DATE_NO_DAY);
	DO("2014/9", A, G, 20140900, YD_DATE_NO_DAY);
	DO("2021", A, G, 20210000, YD_DATE_NO_MONTH);
	DO("2021年", A, G, 20210000, YD_DATE_NO_MONTH);
	DO("1899", A, G, 0, YD_DATE_NO_MONTH);
	DO("2014-13", A, G, 0, YD_DATE_NO_DAY);
	DO("202", A, G, 0, 0);
	DO("9999-12-31", A, G, 99991231, 0);
	DO("1899-12-31", A, G, 0, 0);
	DO("2024/13/40", A, G, 0, 0);

	CHECK_STR(yd_date_warning(19700101, 20241231), "placeholder date");
	CHECK_STR(yd_date_warning(19000101, 20241231), "placeholder date");
	CHECK_STR(yd_date_warning(99991231, 20241231), "placeholder date");
	CHECK_STR(yd_date_warning(19891231, 20241231), "date before 1990");
	CHECK_STR(yd_date_warning(20250101, 20241231), "date after today");
	CHECK(yd_date_warning(20241231, 20241231) == NULL);
	CHECK(yd_date_warning(19900101, 20241231) == NULL);
	enum yd_date_order o;
	enum yd_calendar c;
	CHECK(yd_date_order_parse("dmy", &o) == 0 && o == YD_ORDER_DMY);
	CHECK(yd_date_order_parse("xyz", &o) < 0);
	CHECK(yd_calendar_parse("roc", &c) == 0 && c == YD_CAL_ROC);
	CHECK_INT(yd_date_from_days(yd_date_days(20240229)), 20240229);
	CHECK_INT(yd_date_from_days(0), 19700101);
}

/* 2026-12-05, issue 27.1: the date forms are a table walked by one
 * matcher; a row per form, and what a form once begun says when the rest
 * does not follow (its year checked first, then "unrecognised") */
static void test_date_table(void)
{
	enum yd_date_order A = YD_ORDER_AUTO;
	enum yd_calendar G = YD_CAL_AUTO;
	DO("20240305 10:00", A, G, 20240305, 0);         /* Y4M2D2T */
	DO("20240305", A, YD_CAL_ROC, 0, 0);             /* a 4-digit year is not ROC */
	DO("1130701T08:00", A, G, 20240701, YD_DATE_ROC); /* Y3M2D2T */
	DO("45292.", A, G, 20240101, YD_DATE_SERIAL);    /* A5F$ */
	DO("452921", A, G, 0, 0);
	DO("113年", A, G, 20240000, YD_DATE_ROC | YD_DATE_NO_MONTH); /* Y年!$ */
	DO("113年7月", A, G, 20240700, YD_DATE_ROC | YD_DATE_NO_DAY);  /* Y年!M月$ */
	DO("2024年3月5日 9:30", A, G, 20240305, 0);       /* Y年!M月DdT */
	DO("2024年3月5", A, G, 20240305, 0);
	DO("113年13x", A, G, 0, YD_DATE_ROC);            /* begun: the year's flag stays */
	DBAD("0年3月x", "year out of range");            /* the year is checked as 年 is read */
	DBAD("2024年3月x", "unrecognised date");
	DBAD("2024年 10:00", "unrecognised date");
	DO("2024.5", A, YD_CAL_ROC, 20240500, YD_DATE_NO_DAY); /* ysM$: the year as written */
	DO("113-07", A, G, 0, 0);
	DO("2014-09 10:00", A, G, 0, 0);
	DO("2021", A, YD_CAL_ROC, 20210000, YD_DATE_NO_MONTH);  /* y$ */
	DO("120210", A, G, 0, 0);
	DO("2024-03-05x", A, G, 0, 0);                   /* As!B=CT */
	DO("5.3.24", YD_ORDER_DMY, G, 20240305, 0);
	DO("05/03/024", A, G, 0, 0);
}

static void test_date_days(void)
{
	CHECK_INT(yd_date_days(19700101), 0);
	CHECK_INT(yd_date_days(19700102), 1);
	CHECK_INT(yd_date_days(20000301) - yd_date_days(20000228), 2);
	CHECK_INT(yd_date_days(20240101), 19723);
}

static void test_tiers(void)
{
	static const struct {
		const char *s;
		enum yd_tier t;
	} ok[] = {
	    {"不予处罚", YD_TIER_NONE},   {"免予处罚", YD_TIER_NONE},       {"首违不罚", YD_TIER_NONE},
	    {"减轻", YD_TIER_MITIGATED},  {"减轻处罚", YD_TIER_MITIGATED},  {"从轻", YD_TIER_LENIENT},
	    {"一般", YD_TIER_GENERAL},    {"从重", YD_TIER_SEVERE},         {"加重", YD_TIER_SEVERE},
	    {"Lenient", YD_TIER_LENIENT}, {"GENERAL", YD_TIER_GENERAL},     {"severe", YD_TIER_SEVERE},
	    {"mitigated", YD_TIER_MITIGATED}, {"none", YD_TIER_NONE},       {"", YD_TIER_UNKNOWN},
	    {" 从轻 ", YD_TIER_LENIENT},
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		enum yd_tier t = YD_TIER_COUNT;
		CHECK(yd_parse_tier(ok[i].s, &t) == 0);
		CHECK_INT(t, ok[i].t);
	}
	enum yd_tier t;
	CHECK(yd_parse_tier("很重", &t) != 0);
	CHECK(yd_parse_tier("severest", &t) != 0);
	CHECK_STR(yd_tier_name(YD_TIER_MITIGATED), "mitigated");
	CHECK_STR(yd_tier_zh(YD_TIER_LENIENT), "从轻");
}

static void test_parties(void)
{
	static const struct {
		const char *s;
		enum yd_party p;
	} ok[] = {
	    {"个人", YD_PARTY_INDIVIDUAL},   {"自然人", YD_PARTY_INDIVIDUAL}, {"单位", YD_PARTY_ENTERPRISE},
	    {"企业", YD_PARTY_ENTERPRISE},   {"公司", YD_PARTY_ENTERPRISE},   {"个体工商户", YD_PARTY_SOLE_TRADER},
	    {"Individual", YD_PARTY_INDIVIDUAL}, {"enterprise", YD_PARTY_ENTERPRISE}, {"", YD_PARTY_UNKNOWN},
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		enum yd_party p = YD_PARTY_COUNT;
		CHECK(yd_parse_party(ok[i].s, &p) == 0);
		CHECK_INT(p, ok[i].p);
	}
	enum yd_party p;
	CHECK(yd_parse_party("外星人", &p) != 0);
}

static void test_regions(void)
{
	char out[256];
	const char *why;
	CHECK(yd_parse_region("浙江省/嘉兴市/海盐县/武原街道", out, sizeof out, &why) == 0);
	CHECK_STR(out, "浙江省/嘉兴市/海盐县/武原街道");
	CHECK(yd_parse_region(" 浙江省 / 嘉兴市 /海盐县/ ", out, sizeof out, &why) == 0);
	CHECK_STR(out, "浙江省/嘉兴市/海盐县");
	CHECK(yd_parse_region("浙江省／温州市＼龙港市", out, sizeof out, &why) == 0);
	CHECK_STR(out, "浙江省/温州市/龙港市");
	CHECK(yd_parse_region("浙江省//海盐县", out, sizeof out, &why) == 0);
	CHECK_STR(out, "浙江省/海盐县");
	CHECK(yd_parse_region(" / ", out, sizeof out, &why) != 0);
	CHECK_STR(why, "empty region");
	CHECK(yd_parse_region("浙江省/嘉兴市", out, 8, &why) != 0);
	CHECK_STR(why, "region too long");
	CHECK_INT(yd_region_depth("浙江省/嘉兴市/海盐县"), 3);
	CHECK_INT(yd_region_depth("浙江省"), 1);
}

static void test_currency(void)
{
	char c[4];
	CHECK_INT(yd_parse_currency("twd", c), 0);
	CHECK_STR(c, "TWD");
	CHECK_INT(yd_parse_currency("CNY", c), 0);
	CHECK_STR(c, "CNY");
	CHECK_INT(yd_parse_currency("", c), -1);
	CHECK_INT(yd_parse_currency("NT", c), -1);
	CHECK_INT(yd_parse_currency("NTD1", c), -1);
	CHECK_INT(yd_parse_currency("元", c), -1);
	CHECK_INT(yd_parse_currency("N1D", c), -1);
}

/* Issue 24: party identifiers.  The valid codes were checked by hand
 * (Σ mod 31 and the GB 11714 sum) as well as by this implementation. */
static void test_party_ids(void)
{
	char out[64];
	const char *why = NULL;

	CHECK(yd_uscc_valid("91350100M000100Y43"));
	CHECK(yd_uscc_valid("91110000600037341L"));
	CHECK(!yd_uscc_valid("91350100M000100Y44")); /* GB 32100 digit altered */
	CHECK(!yd_uscc_valid("91110000600037342L")); /* GB 11714 digit altered (and so the last) */
	/* the organisation code's digit wrong while the last digit is right for
	 * the altered text: only GB 11714 catches it */
	CHECK(!yd_uscc_valid("91110000600037351M"));
	CHECK(!yd_uscc_valid("9111000060003734IL")); /* I is not in the charset */
	CHECK(!yd_uscc_valid("91110000600037341"));  /* 17 characters */

	CHECK_INT(yd_party_id_norm(" ９１１１００００６０００３７３４１ｌ ", out, sizeof out, &why), YD_PID_USCC);
	CHECK_STR(out, "91110000600037341L");
	CHECK_INT(yd_party_id_norm("11010519491231002x", out, sizeof out, &why), YD_PID_RESIDENT);
	CHECK_STR(out, "11010519491231002X");
	CHECK_INT(yd_party_id_norm("110105194912310021", out, sizeof out, &why), YD_PID_BAD);
	CHECK_INT(yd_party_id_norm("91350100M000100Y44", out, sizeof out, &why), YD_PID_BAD);
	CHECK_STR(why, "统一社会信用代码 or 身份证号 with a wrong check digit");
	CHECK_STR(out, "91350100M000100Y44"); /* stored as written, normalised */
	CHECK_INT(yd_party_id_norm("110108-000123456", out, sizeof out, &why), YD_PID_OTHER);
	CHECK_STR(out, "110108000123456");
	CHECK_INT(yd_party_id_norm("  ", out, sizeof out, &why), YD_PID_NONE);
	CHECK_STR(out, "");

	yd_party_name_norm(" 福州　某某 有限责任公司 ", out, sizeof out);
	CHECK_STR(out, "福州某某有限公司");
	yd_party_name_norm("福州某某有限公司", out, sizeof out);
	CHECK_STR(out, "福州某某有限公司");
	yd_party_name_norm("ａｂｃ（福州）有限公司", out, sizeof out);
	CHECK_STR(out, "ABC(福州)有限公司");
}

int main(void)
{
	RUN(test_amounts);
	RUN(test_ratio);
	RUN(test_dates);
	RUN(test_date_forms);
	RUN(test_date_table);
	RUN(test_date_days);
	RUN(test_tiers);
	RUN(test_parties);
	RUN(test_regions);
	RUN(test_currency);
	RUN(test_party_ids);
	return t_report("parse");
}
