/* money: every currency's writing, ranges, units, the 万元 rule (issue 25.5). */
#include <stdint.h>

#include "t.h"
#include "youdu/money.h"

static void test_amounts(void)
{
	char b[128];
	CHECK_STR(yd_money_fmt(b, sizeof b, NULL, 1, 300000), "3,000 元");
	CHECK_STR(yd_money_fmt(b, sizeof b, "", 0, 300050), "3,000.50 yuan");
	CHECK_STR(yd_money_fmt(b, sizeof b, "CNY", 1, 0), "0 元");
	CHECK_STR(yd_money_fmt(b, sizeof b, "TWD", 1, 300000), "新臺幣 3,000 元");
	CHECK_STR(yd_money_fmt(b, sizeof b, "TWD", 0, 300000), "NT$3,000");
	CHECK_STR(yd_money_fmt(b, sizeof b, "EUR", 1, 100000000), "€1,000,000");
	CHECK_STR(yd_money_fmt(b, sizeof b, "USD", 0, 100), "US$1");
	CHECK_STR(yd_money_fmt(b, sizeof b, "HKD", 0, 100), "HK$1");
	CHECK_STR(yd_money_fmt(b, sizeof b, "GBP", 1, 100), "£1");
	CHECK_STR(yd_money_fmt(b, sizeof b, "JPY", 0, 100), "¥1 (JPY)");
	CHECK_STR(yd_money_fmt(b, sizeof b, "CHF", 0, 150), "1.50 CHF");
	CHECK_STR(yd_money_wrap(b, sizeof b, "EUR", 0, "4,001,434,789"), "€4,001,434,789");
}

static void test_ranges(void)
{
	char b[128];
	/* a word is written once, a symbol on both ends */
	CHECK_STR(yd_money_range(b, sizeof b, "CNY", 1, 50000, 500000), "500–5,000 元");
	CHECK_STR(yd_money_range(b, sizeof b, "CNY", 0, 50000, 500000), "500-5,000 yuan");
	CHECK_STR(yd_money_range(b, sizeof b, "TWD", 1, 50000, 500000), "新臺幣 500–5,000 元");
	CHECK_STR(yd_money_range(b, sizeof b, "TWD", 0, 50000, 500000), "NT$500-NT$5,000");
	CHECK_STR(yd_money_range(b, sizeof b, "JPY", 0, 100, 200), "¥1-¥2 (JPY)");
	CHECK_STR(yd_money_range(b, sizeof b, "CHF", 1, 100, 200), "1–2 CHF");
}

static void test_units(void)
{
	char b[64];
	CHECK_STR(yd_money_unit(b, sizeof b, NULL, 1), "元");
	CHECK_STR(yd_money_unit(b, sizeof b, "CNY", 0), "yuan");
	CHECK_STR(yd_money_unit(b, sizeof b, "TWD", 1), "新臺幣元");
	CHECK_STR(yd_money_unit(b, sizeof b, "TWD", 0), "NT$");
	CHECK_STR(yd_money_unit(b, sizeof b, "EUR", 1), "€");
	CHECK_STR(yd_money_unit(b, sizeof b, "CHF", 1), "CHF");
	CHECK_INT(yd_money_wan(NULL), 1);
	CHECK_INT(yd_money_wan("TWD"), 1);
	CHECK_INT(yd_money_wan("EUR"), 0);
	CHECK_INT(yd_money_wan("CHF"), 0);
	CHECK_STR(yd_money_code(""), "CNY");
	CHECK_STR(yd_money_code("HKD"), "HKD");
}

int main(void)
{
	RUN(test_amounts);
	RUN(test_ranges);
	RUN(test_units);
	return t_report("money");
}
