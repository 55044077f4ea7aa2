/* out and strmap: formats the goldens depend on (amounts as a table), escaping, CSV fields and
 * their formula guard, terminal widths, the output formats, output files written whole, the
 * name map. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "youdu/buf.h"
#include "youdu/error.h"
#include "youdu/out.h"
#include "youdu/strmap.h"

static char *capture(void (*fn)(FILE *, const char *), const char *s)
{
	static char buf[256];
	FILE *f = fmemopen(buf, sizeof buf, "w");
	fn(f, s);
	fclose(f);
	return buf;
}

static void text_no_indent(FILE *f, const char *s)
{
	yd_out_text(f, s, NULL);
}

static char *capture_text(const char *s)
{
	return capture(text_no_indent, s);
}

static void test_formats(void)
{
	char b[64];
	yd_fmt_fen(b, sizeof b, 500050);
	CHECK_STR(b, "5000.50");
	yd_fmt_fen(b, sizeof b, -5);
	CHECK_STR(b, "-0.05");
	/* 2026-12-05, issue 22: written without printf; the same text as
	 * "%s%llu.%02llu" at the edges, and cut as snprintf cuts */
	static const int64_t fens[] = {0, 1, -1, 9, 10, 99, 100, -100, 101, 123456789, -987654321, INT64_MAX, INT64_MIN};
	for (size_t i = 0; i < sizeof fens / sizeof *fens; i++) {
		int64_t f = fens[i];
		unsigned long long a = f < 0 ? 0ULL - (unsigned long long)f : (unsigned long long)f;
		char want[64], cut[8];
		snprintf(want, sizeof want, "%s%llu.%02llu", f < 0 ? "-" : "", a / 100, a % 100);
		yd_fmt_fen(b, sizeof b, f);
		CHECK_STR(b, want);
		snprintf(want, sizeof want, "%.7s", b); /* what cut[8] holds */
		yd_fmt_fen(cut, sizeof cut, f);
		CHECK_STR(cut, want);
	}
	yd_fmt_fen(b, 1, 12345);
	CHECK_STR(b, "");
	static const struct {
		int64_t fen;
		const char *yuan;
	} yuan[] = {
	    {6000000, "60,000"},          {123456789, "1,234,567.89"},
	    {99900, "999"},               {-123456789, "-1,234,567.89"},
	    {INT64_MIN, "-92,233,720,368,547,758.08"},
	};
	for (size_t i = 0; i < sizeof yuan / sizeof *yuan; i++) {
		yd_fmt_yuan(b, sizeof b, yuan[i].fen);
		CHECK_STR(b, yuan[i].yuan);
	}
	yd_fmt_yuan_digits(b, sizeof b, 0, "100000000000000000", 0); /* a sum past int64 */
	CHECK_STR(b, "100,000,000,000,000,000");
	yd_fmt_yuan_digits(b, sizeof b, 0, "0", 5);
	CHECK_STR(b, "0.05");
	yd_fmt_date(b, sizeof b, 20240305);
	CHECK_STR(b, "2024-03-05");
	yd_fmt_num(b, sizeof b, -0.001, 2);
	CHECK_STR(b, "0.00"); /* never "-0.00" */
	yd_fmt_num(b, sizeof b, NAN, 2);
	CHECK_STR(b, ""); /* never "nan" */
	yd_fmt_num(b, sizeof b, 2.345, 1);
	CHECK_STR(b, "2.3");
}

static void test_escaping(void)
{
	CHECK_STR(capture(yd_out_csv, "plain"), "plain");
	CHECK_STR(capture(yd_out_csv, "a,b"), "\"a,b\"");
	CHECK_STR(capture(yd_out_csv, "say \"hi\""), "\"say \"\"hi\"\"\"");
	/* issue 26.6: one rule for a terminal (\xHH) and for markup (U+FFFD) */
	CHECK_INT(yd_out_control("\x1b[31m"), 1);
	CHECK_INT(yd_out_control("\xc2\x9b" "2J"), 2);
	CHECK_INT(yd_out_control("\t"), 0);
	CHECK_INT(yd_out_control("\n"), 0);
	CHECK_INT(yd_out_control("海"), 0);
	CHECK_INT(yd_out_control("\xc2\xa0"), 0); /* U+00A0 is text */
	{
		struct yd_buf b = YD_BUF_INIT;
		yd_buf_text(&b, "红\x1b[31m\x07\x7f\xc2\x9b\tx\n");
		CHECK_STR(yd_buf_str(&b), "红\\x1b[31m\\x07\\x7f\\xc2\\x9b\tx\n");
		yd_buf_reset(&b);
		yd_buf_markup(&b, "a\x1b" "b\nc\xc2\x85" "d\te");
		CHECK_STR(yd_buf_str(&b), "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd" "d\te");
		yd_buf_release(&b);
	}
	CHECK_STR(capture_text("a\x1b" "b\xc2\x9b" "c\nd"), "a\\x1bb\\xc2\\x9bc\\x0ad");
}

static void test_strmap(void)
{
	struct yd_strmap m = YD_STRMAP_INIT;
	int64_t v = 0;
	char key[32];
	CHECK(!yd_strmap_get(&m, "x", &v));
	for (int i = 0; i < 5000; i++) { /* through several rehashes */
		snprintf(key, sizeof key, "区域%d", i);
		yd_strmap_put(&m, key, i * 7);
	}
	int bad = 0;
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "区域%d", i);
		bad += !yd_strmap_get(&m, key, &v) || v != i * 7;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(m.n, 5000);
	yd_strmap_put(&m, "区域3", -1);
	CHECK(yd_strmap_get(&m, "区域3", &v) && v == -1);
	CHECK_INT(m.n, 5000);
	yd_strmap_release(&m);
}

static int write_bytes(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t w = fwrite(p, 1, n, f);
	return fclose(f) == 0 && w == n ? 0 : -1;
}

/* 2026-12-05, issue 25.10: on a full disk gnuplot left a 4,096-byte PNG
 * without its IEND chunk, exited 0, and youdu said "wrote m/p.png".  What
 * gnuplot wrote is checked before the rename: whole, or an error. */
static void test_image_complete(void)
{
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
					    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 0xde, 0xad, 0xbe, 0xef,
					    0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
	static const char svg[] = "<?xml version=\"1.0\"?>\n<svg width=\"10\">\n<g></g>\n</svg>\n\n";
	char dir[] = "/tmp/yd-out-XXXXXX", p[64], s[64];
	struct yd_error err = {0};
	CHECK(mkdtemp(dir) != NULL);
	snprintf(p, sizeof p, "%s/a.png", dir);
	snprintf(s, sizeof s, "%s/a.svg", dir);
	CHECK_INT(write_bytes(p, png, sizeof png), 0);
	CHECK_INT(yd_out_image_complete(p, "m/p.png", &err), 0);
	/* cut anywhere: no end, an error naming the target */
	for (size_t n = 1; n < sizeof png; n += 5) {
		CHECK_INT(write_bytes(p, png, n), 0);
		CHECK_INT(yd_out_image_complete(p, "m/p.png", &err), YD_EIO);
	}
	CHECK(strstr(err.msg, "m/p.png: the picture is incomplete") != NULL);
	/* the end without the signature is no PNG */
	CHECK_INT(write_bytes(p, png + 8, sizeof png - 8), 0);
	CHECK_INT(yd_out_image_complete(p, "m/p.png", &err), YD_EIO);
	CHECK_INT(write_bytes(p, "", 0), 0);
	CHECK_INT(yd_out_image_complete(p, "m/p.png", &err), YD_EIO);
	CHECK(strstr(err.msg, "nothing was written") != NULL);
	CHECK_INT(write_bytes(s, svg, strlen(svg)), 0);
	CHECK_INT(yd_out_image_complete(s, "m/p.svg", &err), 0);
	CHECK_INT(write_bytes(s, svg, strlen(svg) - 4), 0);
	CHECK_INT(yd_out_image_complete(s, "m/p.svg", &err), YD_EIO);
	CHECK(strstr(err.msg, "without </svg>") != NULL);
	CHECK_INT(yd_out_image_complete(s, "m/p.svg", NULL), YD_EIO);
	unlink(p);
	unlink(s);
	rmdir(dir);
}

/* A CSV field: quoted when it holds a comma, a quote or a line break, and
 * guarded with ' when a spreadsheet would run it as a formula (a number
 * with its sign is a number); raw leaves the guard out.  Terminal width:
 * 汉字 and full-width forms two columns, combining marks none. */
static void test_csv_width(void)
{
	static const struct {
		const char *s, *field, *raw;
		int formula;
	} csv[] = {
	    {"甲局", "甲局", "甲局", 0},
	    {"a,b", "\"a,b\"", "\"a,b\"", 0},
	    {"say \"hi\"", "\"say \"\"hi\"\"\"", "\"say \"\"hi\"\"\"", 0},
	    {"=SUM(A1)", "\"'=SUM(A1)\"", "=SUM(A1)", 1},
	    {"@cmd", "\"'@cmd\"", "@cmd", 1},
	    {"-500", "-500", "-500", 0},
	    {"+1.5", "+1.5", "+1.5", 0},
	    {"-1+2", "\"'-1+2\"", "-1+2", 1},
	    {"", "", "", 0},
	};
	for (size_t i = 0; i < sizeof csv / sizeof *csv; i++) {
		struct yd_buf b = YD_BUF_INIT;
		CHECK_INT(yd_out_formula_like(csv[i].s), csv[i].formula);
		yd_buf_csv(&b, csv[i].s, 0);
		CHECK_STR(yd_buf_str(&b), csv[i].field);
		yd_buf_reset(&b);
		yd_buf_csv(&b, csv[i].s, 1);
		CHECK_STR(yd_buf_str(&b), csv[i].raw);
		yd_buf_release(&b);
	}
	static const struct {
		const char *s;
		int width;
	} w[] = {{"abc", 3}, {"甲局", 4}, {"ＡＢ", 4}, {"e\xcc\x81", 1}, {"", 0}, {"西湖区 12", 9}};
	for (size_t i = 0; i < sizeof w / sizeof *w; i++)
		CHECK_INT(yd_out_width(w[i].s), w[i].width);
	enum yd_format f = YD_FMT_TEXT;
	static const char *const names[] = {"text", "table", "csv", "json", "xlsx"};
	for (int i = 0; i < 5; i++) {
		CHECK_INT(yd_format_parse(names[i], &f), 0);
		CHECK_INT(f, i);
	}
	CHECK_INT(yd_format_parse("pdf", &f), -1);
}

/* Output files: a path is refused with a control character or a folder
 * that is not there; a temporary file beside it keeps the extension; the
 * commit renames it over the path, and refuses an empty one (removing it);
 * yd_out_write_file leaves the new content whole. */
static void test_output_files(void)
{
	char dir[] = "/tmp/yd-out-files-XXXXXX", path[96], bad[128], tmp[160];
	struct yd_error err = {0};
	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	snprintf(path, sizeof path, "%s/r.png", dir);
	CHECK_INT(yd_out_path_check(path, &err), 0);
	CHECK_INT(yd_out_path_check("plain.csv", &err), 0);
	CHECK_INT(yd_out_path_check("a\nb.csv", &err), YD_EUSAGE);
	CHECK(strstr(err.msg, "control character (0x0a)") != NULL);
	CHECK_INT(yd_out_path_check("", &err), YD_EUSAGE);
	snprintf(bad, sizeof bad, "%s/none/r.png", dir);
	CHECK_INT(yd_out_path_check(bad, &err), YD_EUSAGE);
	CHECK(strstr(err.msg, "does not exist") != NULL);
	CHECK_INT(yd_out_temp(bad, tmp, sizeof tmp, &err), YD_EUSAGE);

	CHECK_INT(yd_out_temp(path, tmp, sizeof tmp, &err), 0);
	CHECK(strncmp(tmp, path, strlen(path) - 4) == 0 && strstr(tmp, ".tmp") != NULL);
	CHECK(strcmp(tmp + strlen(tmp) - 4, ".png") == 0);
	CHECK(access(tmp, F_OK) == 0);
	/* nothing written: refused, and the temporary file gone */
	CHECK_INT(yd_out_commit(tmp, path, &err), YD_EIO);
	CHECK(strstr(err.msg, "nothing was written") != NULL);
	CHECK(access(tmp, F_OK) != 0 && access(path, F_OK) != 0);
	CHECK_INT(yd_out_temp(path, tmp, sizeof tmp, &err), 0);
	CHECK_INT(write_bytes(tmp, "x", 1), 0);
	CHECK_INT(yd_out_commit(tmp, path, &err), 0);
	CHECK(access(tmp, F_OK) != 0 && access(path, F_OK) == 0);

	/* written whole over an older file */
	snprintf(path, sizeof path, "%s/r.csv", dir);
	CHECK_INT(yd_out_write_file(path, "old\n", 4, &err), 0);
	CHECK_INT(yd_out_write_file(path, "a,b\n1,2\n", 8, &err), 0);
	char got[32] = "";
	FILE *f = fopen(path, "r");
	CHECK(f != NULL);
	if (f) {
		got[fread(got, 1, sizeof got - 1, f)] = '\0';
		fclose(f);
	}
	CHECK_STR(got, "a,b\n1,2\n");
	t_rm_dir(dir);
}

int main(void)
{
	RUN(test_output_files);
	RUN(test_csv_width);
	RUN(test_image_complete);
	RUN(test_formats);
	RUN(test_escaping);
	RUN(test_strmap);
	return t_report("out");
}
