/* json.c: the layout every JSON object is written in (docs/FORMATS.md):
 * escapes as youdu wrote them by hand before jansson (lower-case \u00xx,
 * DEL and C1 escaped, \b and \f as \u00xx), bytes that are not UTF-8 as
 * U+FFFD, numbers with decimals to 15 significant digits. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/buf.h"
#include "youdu/json.h"

/* v (consumed) as yd_json_dump writes it, in a static buffer. */
static const char *dumped(json_t *v)
{
	static char out[512];
	struct yd_buf b = YD_BUF_INIT;
	yd_json_dump(&b, v);
	json_decref(v);
	snprintf(out, sizeof out, "%s", yd_buf_str(&b));
	yd_buf_release(&b);
	return out;
}

static void test_strings(void)
{
	CHECK_STR(dumped(yd_json_str("a\"b\\c\n\x01")), "\"a\\\"b\\\\c\\n\\u0001\"");
	CHECK_STR(dumped(yd_json_str("海盐")), "\"海盐\""); /* UTF-8 as it is */
	CHECK_STR(dumped(yd_json_str("a/b\tc\r")), "\"a/b\\tc\\r\"");
	/* jansson alone writes \b, \f, \u001B and DEL, C1 raw: youdu's layout */
	CHECK_STR(dumped(yd_json_str("\b\f\x1b[1m")), "\"\\u0008\\u000c\\u001b[1m\"");
	CHECK_STR(dumped(yd_json_str("a\x7f\xc2\x9b" "b")), "\"a\\u007f\\u009bb\"");
	CHECK_STR(dumped(yd_json_str("\xc2\xb7\xc2\xa0")), "\"\xc2\xb7\xc2\xa0\""); /* U+00B7, U+00A0: text */
	/* not UTF-8: each bad byte U+FFFD, the rest kept */
	CHECK_STR(dumped(yd_json_str("a\xff" "b\xe6\xb5")), "\"a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd\"");
	CHECK_STR(dumped(yd_json_str(NULL)), "null");
	/* a key that is not UTF-8 is mended the same way */
	json_t *o = json_object();
	yd_json_set(o, "k\xff", json_true());
	CHECK_STR(dumped(o), "{\"k\xef\xbf\xbd\":true}");
	/* a string value reused */
	json_t *s = yd_json_str("x");
	CHECK_INT(yd_json_string_set(s, "浙江"), 0);
	CHECK_INT(yd_json_string_set(s, "\xff"), -1);
	CHECK_STR(dumped(s), "\"浙江\"");
}

static void test_numbers(void)
{
	CHECK_STR(dumped(yd_json_fen(800000)), "8000.0");
	CHECK_STR(dumped(yd_json_fen(123456)), "1234.56");
	CHECK_STR(dumped(yd_json_fen(-5)), "-0.05");
	CHECK_STR(dumped(yd_json_fen(99999999999999)), "999999999999.99"); /* 14 digits: exact */
	CHECK_STR(dumped(yd_json_fixed(0.19984, 4)), "0.1998");
	CHECK_STR(dumped(yd_json_fixed(100, 1)), "100.0");
	CHECK_STR(dumped(yd_json_fixed(2.345, 2)), "2.35"); /* as "%.2f" rounds, not 234.49999999999997 */
	CHECK_STR(dumped(yd_json_fixed(-0.0000001, 6)), "0.0"); /* never -0.0 */
	CHECK_STR(dumped(yd_json_fixed(NAN, 2)), "null");
	CHECK_STR(dumped(yd_json_sig(0.05, 6)), "0.05");
	CHECK_STR(dumped(yd_json_sig(3.14159265, 4)), "3.142");
	CHECK_STR(dumped(yd_json_sig(INFINITY, 4)), "null");

	long long i = 0;
	double x = 0;
	CHECK_INT(yd_json_number_parse("12", &i, &x), 1);
	CHECK_INT(i, 12);
	CHECK_INT(yd_json_number_parse("-0.50", &i, &x), 2);
	CHECK_NEAR(x, -0.5, 0);
	CHECK_INT(yd_json_number_parse("1e3", &i, &x), 2);
	CHECK_INT(yd_json_number_parse("99999999999999999999", &i, &x), 2); /* past long long */
	CHECK_INT(yd_json_number_parse("1e999", &i, &x), 0);                /* not finite */
	static const char *const not_numbers[] = {"", "-", "01", "1.", ".5", "1e", "1,5", "0x10", "12 ", "inf"};
	for (size_t k = 0; k < sizeof not_numbers / sizeof *not_numbers; k++)
		CHECK(yd_json_number_text(not_numbers[k]) == NULL);
	CHECK_STR(dumped(yd_json_number_text("150000.00")), "150000.0");
	CHECK_STR(dumped(yd_json_number_text("-0.00")), "0.0");
	CHECK_STR(dumped(yd_json_number_text("42")), "42");
}

static void test_layout(void)
{
	json_t *o = json_object(), *a = json_array();
	yd_json_set(o, "z", json_integer(1)); /* members in the order set */
	yd_json_set(o, "a", json_null());
	yd_json_push(a, json_false());
	yd_json_push(a, yd_json_str("é"));
	yd_json_set(o, "list", a);
	struct yd_buf b = YD_BUF_INIT;
	yd_json_line(&b, o);
	CHECK_STR(yd_buf_str(&b), "{\"z\":1,\"a\":null,\"list\":[false,\"é\"]}\n");
	yd_buf_release(&b);
}

int main(void)
{
	RUN(test_strings);
	RUN(test_numbers);
	RUN(test_layout);
	return t_report("json");
}
