/* text: UTF-8 validation, full-width folding, streaming GB18030. */
#include <stdlib.h>

#include "t.h"
#include "youdu/text.h"

static void test_utf8(void)
{
	int inc;
	const char ok[] = "abc 海盐县 ￥5000";
	CHECK_INT(yd_utf8_valid_prefix(ok, strlen(ok), &inc), strlen(ok));
	CHECK_INT(inc, 0);
	/* a truncated 3-byte sequence at the end is incomplete, not invalid */
	const char cut[] = "海\xE7\x9B";
	CHECK_INT(yd_utf8_valid_prefix(cut, 5, &inc), 3);
	CHECK_INT(inc, 1);
	/* invalid bytes, overlong forms and surrogates stop the prefix */
	CHECK_INT(yd_utf8_valid_prefix("ab\xFFz", 4, &inc), 2);
	CHECK_INT(inc, 0);
	CHECK_INT(yd_utf8_valid_prefix("\xC0\xAF", 2, &inc), 0);         /* overlong '/' */
	CHECK_INT(yd_utf8_valid_prefix("\xED\xA0\x80", 3, &inc), 0);     /* U+D800 */
	CHECK_INT(yd_utf8_valid_prefix("\xF4\x90\x80\x80", 4, &inc), 0); /* > U+10FFFF */
	CHECK_INT(yd_utf8_valid_prefix("12345678\xE4\xB8\x80", 11, &inc), 11); /* after the 8-byte fast path */
}

static void fold_is(const char *in, const char *want, int line)
{
	char buf[128];
	snprintf(buf, sizeof buf, "%s", in);
	size_t n = yd_text_fold(buf);
	if (strcmp(buf, want) != 0 || n != strlen(want))
		t_fail(__FILE__, line, "fold('%s') = '%s', expected '%s'", in, buf, want);
	else
		t_passed++;
}

static void test_fold(void)
{
	fold_is("５，０００．００", "5,000.00", __LINE__);
	fold_is("　海盐县\u3000", "海盐县", __LINE__);
	fold_is("\xC2\xA0 x \t", "x", __LINE__);
	fold_is("ＡＢＣ－１２３", "ABC-123", __LINE__);
	fold_is("￥5000", "￥5000", __LINE__); /* U+FFE5 is not a full-width ASCII form */
	fold_is("〔2024〕", "〔2024〕", __LINE__);
	fold_is("", "", __LINE__);
	fold_is("   ", "", __LINE__);
}

/* 2026-12-05, issue 25.9: names as people write them match; the text
 * itself is only compared, never stored folded. */
static void test_name_fold(void)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s", "臺北市/於 峯 ");
	size_t n = yd_name_fold(buf);
	if (strcmp(buf, "台北市/于 峰") != 0 || n != strlen("台北市/于 峰"))
		t_fail(__FILE__, __LINE__, "name_fold = '%s'", buf);
	else
		t_passed++;
	CHECK(yd_name_equal("Poland ", "Poland"));
	CHECK(yd_name_equal("臺V1", "台V1"));
	CHECK(yd_name_equal("ＣＧ００１", "CG001"));
	CHECK(yd_name_equal("裏港", "里港"));
	CHECK(!yd_name_equal("台北", "台中"));
	CHECK(!yd_name_equal("cg001", "CG001")); /* codes keep their case */
}

static void test_gb18030(void)
{
	/* "海盐县 5万元" in GB18030 */
	const char gb[] = "\xBA\xA3\xD1\xCE\xCF\xD8 5\xCD\xF2\xD4\xAA";
	struct yd_gbconv *c = yd_gbconv_new();
	struct yd_buf out = YD_BUF_INIT;
	size_t bad;
	CHECK(c != NULL);
	/* fed one byte at a time: every two-byte character is split */
	int rc = 0;
	for (size_t i = 0; i < sizeof gb - 1 && rc == 0; i++)
		rc = yd_gbconv_feed(c, gb + i, 1, i == sizeof gb - 2, &out, &bad);
	CHECK_INT(rc, 0);
	CHECK_STR(yd_buf_str(&out), "海盐县 5万元");
	yd_gbconv_free(c);
	/* a lead byte with nothing after it at the end of the input is an error */
	c = yd_gbconv_new();
	yd_buf_reset(&out);
	CHECK(yd_gbconv_feed(c, "ab\xBA", 3, 1, &out, &bad) < 0);
	CHECK_INT(bad, 2);
	yd_gbconv_free(c);
	yd_buf_release(&out);
}

int main(void)
{
	RUN(test_utf8);
	RUN(test_fold);
	RUN(test_name_fold);
	RUN(test_gb18030);
	return t_report("text");
}
