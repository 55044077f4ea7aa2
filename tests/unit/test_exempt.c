/* exempt (免罚清单): the look-back window read from 适用条件's words, in
 * months (Arabic and Chinese numerals, a period that is not read, no
 * first offence), the window in words, the kind from 处理方式, what a 不予处罚
 * item grants, finding an item by violation and date within the list's
 * validity, and an item in words; a list imported into a temporary
 * database (matched by code, by name, not at all) and loaded back. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/buf.h"
#include "youdu/catalogue_import.h"
#include "youdu/db.h"
#include "youdu/db_analysis.h"
#include "youdu/db_exempt.h"
#include "youdu/exempt.h"

static int months_of(const char *cond, int *rc)
{
	int m = -99;
	*rc = yd_exempt_window(cond, &m);
	return m;
}

static void test_window(void)
{
	static const struct {
		const char *cond;
		int rc, months;
	} cases[] = {
		{"首次违法且危害后果轻微并及时改正", 0, 0},
		{"初次违法", 0, 0},
		{"一年内首次违法", 0, 12},
		{"两年内首次发现", 0, 24},
		{"2年内首次", 0, 24},
		{"6个月内首次违法", 0, 6},
		{"六个月内首次", 0, 6},
		{"十二个月以内首次", 0, 12},
		{"二十四个月内首次", 0, 24},
		{"三年以内首次", 0, 36},
		{"１年内首次", 0, 12},
		{"３年内首次", 0, 36}, /* full-width digits */
		{"二年以内首次被查处", 0, 24},
		{"十八个月内首次", 0, 18},
		{"六个月内初次", 0, 6},
		/* a window after 首次 is not the look-back one */
		{"首次违法，一年内改正", 0, 0},
		{"首次违法，30日内改正", 0, 0},
		/* a period not read: review, never a guessed window */
		{"当年内首次", -2, 0},
		{"本年内首次", -2, 0},
		{"30日内首次", -2, 0},
		{"三十天内初次", -2, 0},
		{"一个年度内首次", -2, 0},
		{"一个检查周期内首次", -2, 0},
		{"一百零一年内首次", -2, 0},
		/* no first offence at all */
		{"违法行为轻微并及时改正", -1, -99},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int rc, m = months_of(cases[i].cond, &rc);
		if (rc != cases[i].rc || (rc == 0 && m != cases[i].months))
			t_fail(__FILE__, __LINE__, "%s: rc %d months %d, expected rc %d months %d", cases[i].cond, rc, m,
			       cases[i].rc, cases[i].months);
		else
			t_passed++;
	}
}

static void test_window_words(void)
{
	static const struct {
		int months;
		enum yd_lang lang;
		const char *words;
	} w[] = {
	    {0, YD_LANG_EN, "ever"},        {0, YD_LANG_ZH, "不限期限"},   {12, YD_LANG_EN, "1 year"},
	    {24, YD_LANG_EN, "2 years"},    {24, YD_LANG_ZH, "2 年内"},    {1, YD_LANG_EN, "1 month"},
	    {18, YD_LANG_EN, "18 months"},  {18, YD_LANG_ZH, "18 个月内"}, {6, YD_LANG_ZH, "6 个月内"},
	    {-1, YD_LANG_EN, "none"},
	};
	for (size_t i = 0; i < sizeof w / sizeof *w; i++) {
		char b[64];
		yd_exempt_window_words(b, sizeof b, w[i].months, w[i].lang);
		CHECK_STR(b, w[i].words);
	}
}

static void test_kind(void)
{
	CHECK_INT(yd_exempt_kind("不予行政处罚"), YD_TIER_NONE);
	CHECK_INT(yd_exempt_kind("不予处罚"), YD_TIER_NONE);
	CHECK_INT(yd_exempt_kind("免予处罚"), YD_TIER_NONE);
	CHECK_INT(yd_exempt_kind("依法减轻处罚"), YD_TIER_MITIGATED);
	CHECK_INT(yd_exempt_kind("从轻处罚"), YD_TIER_LENIENT);
	CHECK_INT(yd_exempt_kind("责令改正"), YD_TIER_UNKNOWN);
	CHECK_INT(yd_exempt_kind(""), YD_TIER_UNKNOWN);
}

static void test_find_granted_words(void)
{
	struct yd_exempt_rule v[2];
	memset(v, 0, sizeof v);
	char seq0[] = "3", name0[] = "占道经营", code0[] = "CG001", empty[] = "";
	char name1[] = "乱贴广告", code1[] = "CG002";
	v[0].seq = seq0, v[0].name = name0, v[0].code = code0, v[0].violation_id = 7, v[0].kind = YD_TIER_NONE;
	v[0].valid_from = 20240101, v[0].valid_to = 20241231;
	v[1].seq = empty, v[1].name = name1, v[1].code = code1, v[1].violation_id = 9, v[1].kind = YD_TIER_LENIENT;
	struct yd_exempt_list l = {2, v};
	CHECK(yd_exempt_find(&l, 7, 20240615) == &v[0]);
	CHECK(yd_exempt_find(&l, 7, 20240101) == &v[0]); /* both ends count */
	CHECK(yd_exempt_find(&l, 7, 20241231) == &v[0]);
	CHECK(yd_exempt_find(&l, 7, 20231231) == NULL);
	CHECK(yd_exempt_find(&l, 7, 20250101) == NULL);
	CHECK(yd_exempt_find(&l, 7, 0) == NULL); /* date unknown */
	CHECK(yd_exempt_find(&l, 9, 19990101) == &v[1]); /* open validity */
	CHECK(yd_exempt_find(&l, 8, 20240615) == NULL);
	CHECK(yd_exempt_find_code(&l, "CG001", 20240615) == &v[0]);
	CHECK(yd_exempt_find_code(&l, "CG001", 20250615) == NULL);
	CHECK(yd_exempt_find_code(&l, "CG999", 20240615) == NULL);

	/* 不予处罚 is granted by no fine: tier 不予处罚 or a fine of 0 */
	CHECK(yd_exempt_granted(&v[0], YD_TIER_NONE, 5000));
	CHECK(yd_exempt_granted(&v[0], YD_TIER_UNKNOWN, 0));
	CHECK(!yd_exempt_granted(&v[0], YD_TIER_GENERAL, 20000));
	CHECK(!yd_exempt_granted(&v[1], YD_TIER_NONE, 0)); /* a 从轻 item grants no exemption */

	struct yd_buf b = YD_BUF_INIT;
	yd_exempt_item_words(&b, YD_LANG_EN, &v[0]);
	CHECK_STR(yd_buf_str(&b), "item 3 占道经营 (CG001)");
	b.len = 0;
	yd_exempt_item_words(&b, YD_LANG_ZH, &v[0]);
	CHECK_STR(yd_buf_str(&b), "第 3 项 占道经营（CG001）");
	b.len = 0;
	yd_exempt_item_words(&b, YD_LANG_EN, &v[1]); /* no sequence number */
	CHECK_STR(yd_buf_str(&b), "乱贴广告 (CG002)");
	yd_buf_release(&b);
}

static void test_import_load(void)
{
	char dir[] = "/tmp/yd-test-exempt-XXXXXX", list[96];
	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	snprintf(list, sizeof list, "%s/list.csv", dir);
	/* by code; by its name (spaces do not count); neither, with a period
	 * not read and no kind; a blank row */
	CHECK_INT(t_write_file(list, "序号,事项代码,违法行为,适用条件,处理方式\n"
				   "1,A1,擅自占用城市道路,一年内首次违法,不予行政处罚\n"
				   "2,,乱贴 广告,首次违法,从轻处罚\n"
				   "3,Z9,不存在的事项,当年内首次,责令改正\n"
				   ",,,,\n"),
		  0);
	struct yd_error err = {0};
	struct yd_exempt_stats st;
	struct yd_exempt_opts o = {20240101, 0};
	struct yd_db *db = t_db_open(dir, "violation_code,violation_name,legal_basis,fine_kind,fine_min,fine_max\n"
					  "A1,擅自占用城市道路,法一,fixed,1000,10000\nB2,乱贴广告,法二,fixed,100,1000\n");
	if (!db)
		return;
	CHECK_INT(yd_exempt_import(db, list, &o, &st, &err), 0);
	CHECK_INT(st.items, 3);
	CHECK_INT(st.matched, 2);
	CHECK_INT(st.no_window, 1);
	CHECK_INT(st.no_kind, 1);
	CHECK_INT(st.review, 1);
	int64_t a1 = 0, b2 = 0;
	CHECK_INT(yd_db_lookup(db, YD_INTERN_VIOLATION, "A1", &a1, &err), 1);
	CHECK_INT(yd_db_lookup(db, YD_INTERN_VIOLATION, "B2", &b2, &err), 1);
	struct yd_exempt_list l = {0};
	CHECK_INT(yd_exempt_load(db, &l, &err), 0);
	CHECK_INT(l.n, 3);
	if (l.n == 3) {
		CHECK_STR(l.v[0].seq, "1");
		CHECK_STR(l.v[0].code, "A1");
		CHECK_INT(l.v[0].violation_id, a1);
		CHECK_INT(l.v[0].months, 12);
		CHECK_INT(l.v[0].kind, YD_TIER_NONE);
		CHECK_INT(l.v[0].valid_from, 20240101);
		CHECK_INT(l.v[0].line, 2);
		CHECK(l.v[0].review == NULL);
		CHECK_STR(l.v[1].code, "B2");
		CHECK_INT(l.v[1].violation_id, b2);
		CHECK_INT(l.v[1].months, 0);
		CHECK_INT(l.v[1].kind, YD_TIER_LENIENT);
		CHECK_STR(l.v[2].code, "");
		CHECK_INT(l.v[2].violation_id, 0);
		CHECK_INT(l.v[2].months, -1);
		CHECK_INT(l.v[2].kind, YD_TIER_UNKNOWN);
		CHECK(l.v[2].review && strstr(l.v[2].review, "no catalogue item of code Z9") != NULL);
		CHECK(l.v[2].review && strstr(l.v[2].review, "当年内首次") != NULL);
		/* in force from 2024 */
		CHECK(yd_exempt_find(&l, a1, 20240615) == &l.v[0]);
		CHECK(yd_exempt_find(&l, a1, 20231231) == NULL);
	}
	yd_exempt_release(&l);
	/* a file without the columns fails naming them; the stored list stays */
	CHECK_INT(t_write_file(list, "a,b\n1,2\n"), 0);
	CHECK(yd_exempt_import(db, list, &o, &st, &err) < 0);
	CHECK(strstr(err.msg, "违法行为") != NULL);
	CHECK_INT(yd_exempt_load(db, &l, &err), 0);
	CHECK_INT(l.n, 3);
	yd_exempt_release(&l);
	yd_db_close(db);
	t_rm_dir(dir);
}

int main(void)
{
	RUN(test_window);
	RUN(test_window_words);
	RUN(test_kind);
	RUN(test_find_granted_words);
	RUN(test_import_load);
	return t_report("exempt");
}
