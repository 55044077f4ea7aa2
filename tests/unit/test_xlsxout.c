/* xlsxout: Excel serials that sheet.c reads back as the same dates, and a
 * workbook written here and read back by youdu's own reader (typed cells,
 * the formula guard, invalid UTF-8, text over Excel's 32,767 characters). */
#define _DEFAULT_SOURCE 1 /* mkstemps */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "youdu/csvin.h"
#include "youdu/error.h"
#include "youdu/sheet.h"
#include "youdu/xlsxout.h"

static void test_serials(void)
{
	static const int dates[] = {19000101, 19000228, 19000301, 19700101, 20240229, 20240305, 99991231};
	char b[32], want[16];
	CHECK(yd_xlsx_serial(19000101) == 1);
	CHECK(yd_xlsx_serial(19000301) == 61);
	CHECK(yd_xlsx_serial(20240305) == 45356);
	CHECK(yd_xlsx_serial(18991231) < 0);
	CHECK(yd_xlsx_serial(20230229) < 0);
	for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
		snprintf(want, sizeof want, "%04d-%02d-%02d", dates[i] / 10000, dates[i] / 100 % 100, dates[i] % 100);
		CHECK_INT(yd_sheet_serial_date(yd_xlsx_serial(dates[i]), 0, b, sizeof b), 0);
		CHECK_STR(b, want);
	}
}

struct got {
	long rows;
	char cells[4][4][64]; /* the first 64 bytes of each cell */
	size_t len[4][4];
};

static int keep(void *data, const struct yd_csv_row *row, struct yd_error *err)
{
	struct got *g = data;
	(void)err;
	if (g->rows < 4)
		for (size_t i = 0; i < row->n && i < 4; i++) {
			snprintf(g->cells[g->rows][i], sizeof g->cells[0][0], "%s", row->fields[i]);
			g->len[g->rows][i] = row->lens[i];
		}
	g->rows++;
	return 0;
}

static void test_roundtrip(void)
{
	static const struct yd_col cols[] = {
	    {"名称", YD_COL_TEXT, 0, YD_SHOW_ALL}, {"fine", YD_COL_MONEY, 0, YD_SHOW_ALL},
	    {"date", YD_COL_DATE, 0, YD_SHOW_ALL}, {"n", YD_COL_INT, 0, YD_SHOW_ALL}};
	char path[] = "/tmp/yd-xlsxout-XXXXXX.xlsx";
	int fd = mkstemps(path, 5);
	struct yd_xlsx *x = NULL;
	struct yd_error err = {0};
	struct got g = {0};
	char *big = malloc(40001);

	CHECK(fd >= 0);
	close(fd);
	memset(big, 'a', 40000);
	big[40000] = '\0';
	CHECK_INT(yd_xlsx_open(path, "t", cols, 4, 0, 0, &x, &err), 0);
	const char *r1[] = {"=1+1", "5000.50", "2024-03-05", "12"};
	const char *r2[] = {"bad \xff byte", "", "not a date", "-3"};
	const char *r3[] = {big, "x", "", ""};
	CHECK_INT(yd_xlsx_row(x, r1, &err), 0);
	CHECK_INT(yd_xlsx_row(x, r2, &err), 0);
	CHECK_INT(yd_xlsx_row(x, r3, &err), 0);
	CHECK_INT(yd_xlsx_close(x, &err), 0);
	CHECK_INT(yd_sheet_read(path, NULL, keep, &g, NULL, &err), 0);
	CHECK_INT(g.rows, 4);
	CHECK_STR(g.cells[0][0], "名称");
	CHECK_STR(g.cells[1][0], "'=1+1");       /* guarded as CSV does */
	CHECK_STR(g.cells[1][1], "5000.5");      /* a number: Excel shows 5000.50 */
	CHECK_STR(g.cells[1][2], "2024-03-05");  /* a date, read back as one */
	CHECK_STR(g.cells[1][3], "12");
	CHECK_STR(g.cells[2][0], "bad \xEF\xBF\xBD byte");
	CHECK_STR(g.cells[2][2], "not a date"); /* not a date: kept as text */
	CHECK_STR(g.cells[2][3], "-3");
	CHECK_INT(g.len[3][0], 32767); /* Excel's most: cut there */
	CHECK_STR(g.cells[3][1], "x"); /* not a number: kept as text */
	unlink(path);
	free(big);
}

int main(void)
{
	RUN(test_serials);
	RUN(test_roundtrip);
	return t_report("xlsxout");
}
