/* chart against a temporary database: the kinds' table; the box plot's
 * script for a small analysed data set whose boxes, points, flagged case,
 * counts, y range and tics are worked out by hand (quartiles as GSL
 * interpolates them, whiskers to the last value within 1.5 times the box
 * on the log scale); a narrow log axis gets round tics, a wide one
 * gnuplot's own; the histogram's counts; usage and state errors; and a
 * real PNG through gnuplot. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/analyze.h"
#include "youdu/chart.h"
#include "youdu/db.h"

static char dir[] = "/tmp/yd-test-chart-XXXXXX";
static struct yd_db *db;

static void test_kinds(void)
{
	enum yd_chart_kind k = YD_CHART_COUNT;
	for (int i = 0; i < YD_CHART_COUNT; i++) {
		CHECK_INT(yd_chart_kind_parse(yd_chart_kind_name((enum yd_chart_kind)i), &k), 0);
		CHECK_INT(k, i);
	}
	CHECK_STR(yd_chart_kind_name(YD_CHART_HARSHNESS), "harshness");
	CHECK_STR(yd_chart_kind_name(YD_CHART_COUNT), "");
	CHECK_INT(yd_chart_kind_parse("pie", &k), -1);
	static const int needs[YD_CHART_COUNT] = {1, 1, 1, 0, 0, 0}; /* box hist scatter funnel trend harshness */
	for (int i = 0; i < YD_CHART_COUNT; i++)
		CHECK_INT(yd_chart_needs_violation((enum yd_chart_kind)i), needs[i]);
}

/* The text of the inline block $name (from its first line to EOD), or ""
 * when the script has none. */
static void block(const char *script, const char *name, char *out, size_t n)
{
	char head[64];
	snprintf(head, sizeof head, "%s << EOD\n", name);
	const char *s = strstr(script, head), *e = s ? strstr(s + strlen(head), "EOD\n") : NULL;
	out[0] = '\0';
	if (s && e)
		snprintf(out, n, "%.*s", (int)(e - s - strlen(head)), s + strlen(head));
}

/* A1: 200..600 yuan, 一般 250..550.  甲市: five general fines 300..500
 * and one of 700 (above the law: flagged); 乙市: two, fewer than a box
 * needs; a 不予处罚 case fined 0 (no place on a log scale).  B2: a wide
 * range, 100..100,000 yuan. */
static const struct t_case cases[] = {
	{"J1", "A1", "甲省/甲市", NULL, YD_TIER_GENERAL, 300, 20240105},
	{"J2", "A1", "甲省/甲市", NULL, YD_TIER_GENERAL, 350, 20240205},
	{"J3", "A1", "甲省/甲市", NULL, YD_TIER_GENERAL, 400, 20240305},
	{"J4", "A1", "甲省/甲市", NULL, YD_TIER_GENERAL, 450, 20240405},
	{"J5", "A1", "甲省/甲市", NULL, YD_TIER_GENERAL, 500, 20240505},
	{"J6", "A1", "甲省/甲市", NULL, YD_TIER_GENERAL, 700, 20240605},
	{"Y1", "A1", "甲省/乙市", NULL, YD_TIER_GENERAL, 320, 20240107},
	{"Y2", "A1", "甲省/乙市", NULL, YD_TIER_GENERAL, 480, 20240207},
	{"Z1", "A1", "甲省/甲市", NULL, YD_TIER_NONE, 0, 20240301},
	{"B1", "B2", "甲省/甲市", NULL, YD_TIER_UNKNOWN, 100, 20240301},
	{"B2", "B2", "甲省/甲市", NULL, YD_TIER_UNKNOWN, 5000, 20240302},
	{"B3", "B2", "甲省/甲市", NULL, YD_TIER_UNKNOWN, 90000, 20240303},
};

/* The script of a chart of kind for violation (may be NULL) into out, in
 * English, in b (emptied first); yd_chart_script's status. */
static int script(enum yd_chart_kind kind, const char *violation, const char *out, struct yd_buf *b,
		  struct yd_error *err)
{
	struct yd_chart_opts o = {0};
	o.kind = kind;
	o.violation = violation;
	o.out = out;
	o.lang = YD_LANG_EN;
	yd_buf_reset(b);
	return yd_chart_script(db, &o, b, err);
}

static void test_box(void)
{
	struct yd_buf b = YD_BUF_INIT;
	struct yd_error err = {0};
	char blk[512];
	CHECK_INT(script(YD_CHART_BOX, "A1", "a1.png", &b, &err), 0);
	const char *s = yd_buf_str(&b);
	/* one panel, the general tier (index 1 of lenient, general, ...):
	 * regions in byte order, 乙 (U+4E59) before 甲 (U+7532).  甲市's six:
	 * q1 = 350 + 0.25 * 50, median (400 + 450) / 2, q3 = 450 + 0.75 * 50;
	 * 1.5 ln(487.5 / 362.5) = 0.444 reaches both 300 (ln 1.21 = 0.189)
	 * and 700 (ln 1.436 = 0.362) */
	block(s, "$box1", blk, sizeof blk);
	CHECK_STR(blk, "1 300 362.5 425 487.5 700 6\n");
	block(s, "$pts1", blk, sizeof blk);
	CHECK_STR(blk, "0 320\n0 480\n");
	block(s, "$flag1", blk, sizeof blk);
	CHECK_STR(blk, "1 700\n");
	block(s, "$n1", blk, sizeof blk);
	CHECK_STR(blk, "0 480 2\n1 700 6\n");
	CHECK(strstr(s, "$box0") == NULL && strstr(s, "$box2") == NULL);
	CHECK(strstr(s, " (1 cases fined 0 or without a base not drawn)") != NULL);
	CHECK(strstr(s, "set xrange [-0.8:1.8]\n") != NULL);
	/* the law's 200 / 1.3 to the largest fine's 700 * 1.6 */
	CHECK(strstr(s, "set yrange [153.8461538:1120]\n") != NULL);
	/* one power of ten (1000) on it: 1-2-5 gives 200, 500, 1000, three;
	 * 1-1.5-2-3-5-7 gives five, amounts grouped */
	CHECK(strstr(s, "set ytics ('200' 200, '300' 300, '500' 500, '700' 700, '1,000' 1000)\n") != NULL);
	CHECK(strstr(s, "set terminal pngcairo size 900,408 ") != NULL); /* 168 + 240 a panel */
	CHECK(strstr(s, "set output 'a1.png'\n") != NULL);
	CHECK(strstr(s, "general band 250-550 yuan") != NULL);

	/* B2: 100 / 1.3 .. 100,000 * 1.6 holds four powers of ten */
	CHECK_INT(script(YD_CHART_BOX, "B2", "a1.png", &b, &err), 0);
	CHECK(strstr(yd_buf_str(&b), "set ytics (") == NULL);
	CHECK(strstr(yd_buf_str(&b), "set yrange [76.92307692:160000]\n") != NULL);
	yd_buf_release(&b);
}

static void test_hist(void)
{
	struct yd_buf b = YD_BUF_INIT;
	struct yd_error err = {0};
	char blk[4096];
	CHECK_INT(script(YD_CHART_HIST, "A1", "h.svg", &b, &err), 0);
	CHECK(strstr(yd_buf_str(&b), "set terminal svg size 900,560 ") != NULL);
	block(yd_buf_str(&b), "$h", blk, sizeof blk);
	/* 40 bins from 300 to 700; 300 opens the first, 700 closes the last;
	 * the eight drawn cases counted once, the one flagged once */
	int lines = 0;
	long all = 0, flagged = 0, first = -1, last = -1;
	for (const char *p = blk; *p; p = strchr(p, '\n') + 1) {
		double mid, a, c;
		long n, f;
		if (sscanf(p, "%lf %lf %lf %ld %ld", &mid, &a, &c, &n, &f) != 5)
			break;
		if (lines == 0) {
			CHECK_NEAR(a, 300, 1e-6);
			first = n;
		}
		if (lines == 39) {
			CHECK_NEAR(c, 700, 1e-6);
			last = n;
		}
		all += n, flagged += f, lines++;
	}
	CHECK_INT(lines, 40);
	CHECK_INT(all, 8);
	CHECK_INT(flagged, 1);
	CHECK_INT(first, 1); /* 300 */
	CHECK_INT(last, 1);  /* 700 */
	yd_buf_release(&b);
}

static void test_errors(void)
{
	struct yd_buf b = YD_BUF_INIT;
	struct yd_error err = {0};
	CHECK_INT(script(YD_CHART_BOX, NULL, "x.png", &b, &err), YD_EUSAGE); /* box needs a violation */
	CHECK(strstr(err.msg, "box needs a violation code") != NULL);
	CHECK_INT(script(YD_CHART_BOX, "A1", "x.jpg", &b, &err), YD_EUSAGE);
	CHECK(strstr(err.msg, "x.jpg: the output must end in .png or .svg") != NULL);
	CHECK_INT(script(YD_CHART_BOX, "Q9", "x.png", &b, &err), YD_ESTATE);
	CHECK(strstr(err.msg, "no cases of violation Q9") != NULL);
	yd_buf_release(&b);
}

/* gnuplot draws the picture: a PNG file where asked, nothing beside it. */
static void test_png(void)
{
	char out[128], head[8] = {0};
	struct yd_chart_opts o = {0};
	struct yd_error err = {0};
	snprintf(out, sizeof out, "%s/a1.png", dir);
	o.kind = YD_CHART_SCATTER;
	o.violation = "A1";
	o.out = out;
	CHECK_INT(yd_chart(db, &o, &err), 0);
	FILE *f = fopen(out, "rb");
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(fread(head, 1, 8, f), 8);
		CHECK(memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0);
		fclose(f);
	}
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	RUN(test_kinds);
	db = t_db_open(dir, "violation_code,violation_name,legal_basis,fine_kind,fine_min,fine_max,lenient_max,severe_min\n"
					  "A1,甲,法一,fixed,200,600,250,550\n"
					  "B2,乙,法二,fixed,100,100000,,\n");
	if (!db)
		return t_report("chart");
	struct yd_analyze_opts ao = {.t = YD_THRESHOLDS_DEFAULT};
	struct yd_ledger led;
	struct yd_error err = {0};
	CHECK_INT(t_add_cases(db, cases, sizeof cases / sizeof *cases, NULL), 0);
	CHECK_INT(yd_analyze(db, &ao, &led, &err), 0);
	RUN(test_box);
	RUN(test_hist);
	RUN(test_errors);
	RUN(test_png);
	yd_db_close(db);
	t_rm_dir(dir);
	return t_report("chart");
}
