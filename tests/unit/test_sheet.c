/* sheet: Excel serial dates in both systems, date formats, and reading a
 * tiny .xlsx written here (shared and inline strings, a date style, gaps
 * between cells, a title row). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "t.h"
#include "youdu/sheet.h"

static void test_serials(void)
{
	char b[32];
	CHECK_INT(yd_sheet_serial_date(1, 0, b, sizeof b), 0);
	CHECK_STR(b, "1900-01-01");
	CHECK_INT(yd_sheet_serial_date(59, 0, b, sizeof b), 0);
	CHECK_STR(b, "1900-02-28");
	CHECK_INT(yd_sheet_serial_date(60, 0, b, sizeof b), 0);
	CHECK_STR(b, "1900-02-29"); /* Lotus's phantom day: the parser rejects it */
	CHECK_INT(yd_sheet_serial_date(61, 0, b, sizeof b), 0);
	CHECK_STR(b, "1900-03-01");
	CHECK_INT(yd_sheet_serial_date(45292, 0, b, sizeof b), 0);
	CHECK_STR(b, "2024-01-01");
	CHECK_INT(yd_sheet_serial_date(45292.5, 0, b, sizeof b), 0);
	CHECK_STR(b, "2024-01-01 12:00:00");
	CHECK_INT(yd_sheet_serial_date(0, 1, b, sizeof b), 0);
	CHECK_STR(b, "1904-01-01");
	CHECK_INT(yd_sheet_serial_date(43830, 1, b, sizeof b), 0); /* 45292 - 1462 */
	CHECK_STR(b, "2024-01-01");
	CHECK_INT(yd_sheet_serial_date(0, 0, b, sizeof b), -1);
	CHECK_INT(yd_sheet_serial_date(-3, 0, b, sizeof b), -1);
	CHECK_INT(yd_sheet_serial_date(3e6, 0, b, sizeof b), -1);
}

static void test_formats(void)
{
	for (int id = 14; id <= 22; id++)
		CHECK(yd_sheet_format_is_date(id, NULL));
	CHECK(yd_sheet_format_is_date(31, NULL)); /* yyyy"年"m"月"d"日" in zh-CN */
	CHECK(!yd_sheet_format_is_date(0, NULL));
	CHECK(!yd_sheet_format_is_date(4, NULL));
	CHECK(!yd_sheet_format_is_date(49, NULL));
	CHECK(yd_sheet_format_is_date(176, "yyyy/mm/dd"));
	CHECK(yd_sheet_format_is_date(176, "yyyy\"年\"m\"月\"d\"日\""));
	CHECK(yd_sheet_format_is_date(176, "[$-F800]dddd, mmmm dd, yyyy"));
	CHECK(yd_sheet_format_is_date(176, "mmm-yy"));
	CHECK(!yd_sheet_format_is_date(176, "General"));
	CHECK(!yd_sheet_format_is_date(176, "#,##0.00\"元\""));
	CHECK(!yd_sheet_format_is_date(176, "[Red]0.00;[Blue]-0.00"));
	CHECK(!yd_sheet_format_is_date(176, "0.00E+00"));
	CHECK(!yd_sheet_format_is_date(176, "h:mm:ss"));
	CHECK(!yd_sheet_format_is_date(176, "\"day \"0"));
}

struct seen {
	int n;
	char cells[8][160];
	long line[8];
	char sheet[8][32];
};

static int collect(void *data, const struct yd_csv_row *r, struct yd_error *err)
{
	struct seen *s = data;
	(void)err;
	if (s->n < 8) {
		char *o = s->cells[s->n];
		size_t w = 0;
		for (size_t i = 0; i < r->n && w + 1 < sizeof s->cells[0]; i++)
			w += (size_t)snprintf(o + w, sizeof s->cells[0] - w, "%s%s", i ? "|" : "", r->fields[i]);
		s->line[s->n] = r->line;
		snprintf(s->sheet[s->n], sizeof s->sheet[0], "%s", r->sheet ? r->sheet : "");
	}
	s->n++;
	return 0;
}

static void add(zip_t *z, const char *name, const char *text)
{
	zip_source_t *src = zip_source_buffer(z, text, strlen(text), 0);
	if (!src || zip_file_add(z, name, src, ZIP_FL_OVERWRITE) < 0)
		abort();
}

static void test_xlsx(void)
{
	char path[] = "/tmp/youdu-test-sheet-XXXXXX";
	int fd = mkstemp(path), ze;
	close(fd);
	zip_t *z = zip_open(path, ZIP_TRUNCATE, &ze);
	CHECK(z != NULL);
	add(z, "xl/workbook.xml",
	    "<workbook xmlns:r=\"r\"><workbookPr/><sheets><sheet name=\"T\" sheetId=\"1\" r:id=\"rId7\"/></sheets></workbook>");
	add(z, "xl/_rels/workbook.xml.rels",
	    "<Relationships><Relationship Id=\"rId7\" Target=\"/xl/worksheets/s.xml\"/></Relationships>");
	add(z, "xl/styles.xml",
	    "<styleSheet><numFmts><numFmt numFmtId=\"170\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;\"/></numFmts>"
	    "<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"
	    "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"170\"/><xf numFmtId=\"4\"/></cellXfs></styleSheet>");
	add(z, "xl/sharedStrings.xml",
	    "<sst><si><t>罚款</t></si><si><r><t>A</t></r><r><t>&amp;B</t></r><rPh><t>ruby</t></rPh></si></sst>");
	add(z, "xl/worksheets/s.xml",
	    "<worksheet><sheetData>"
	    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>台账</t></is></c></row>"
	    "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>0</v></c><c r=\"C3\" t=\"s\"><v>1</v></c></row>"
	    "<row r=\"4\"><c r=\"A4\" s=\"1\"><v>45292</v></c><c r=\"B4\" s=\"2\"><v>2999.9999999999995</v></c>"
	    "<c r=\"C4\" t=\"b\"><v>1</v></c><c r=\"D4\" t=\"str\"><f>A1</f><v>x</v></c><c r=\"E4\" s=\"0\"/></row>"
	    "<row r=\"6\"><c r=\"B6\"><v>0.35000000000000003</v></c></row>"
	    "<row r=\"7\"><c r=\"A7\" t=\"s\"><v>9</v></c></row>"
	    "</sheetData></worksheet>");
	CHECK(zip_close(z) == 0);

	struct seen s;
	struct yd_sheet_info info;
	struct yd_error err = {0};
	memset(&s, 0, sizeof s);
	CHECK_INT(yd_sheet_read(path, NULL, collect, &s, &info, &err), YD_EINPUT);
	CHECK_INT(info.format, YD_TABLE_XLSX);
	CHECK_STR(info.sheet, "T");
	CHECK_INT(s.n, 4);
	CHECK_STR(s.cells[0], "台账");
	CHECK_INT(s.line[0], 2);
	CHECK_STR(s.sheet[0], "T");
	CHECK_STR(s.cells[1], "罚款||A&B");
	CHECK_STR(s.cells[2], "2024-01-01|3000|TRUE|x"); /* trailing empty cell dropped */
	CHECK_STR(s.cells[3], "|0.35||"); /* padded to the widest row */
	CHECK_INT(s.line[3], 6);
	CHECK(strstr(err.msg, "T!7: a cell refers to shared string '9'") != NULL);

	struct yd_sheet_opts o = {YD_ENC_AUTO, "U"};
	memset(&s, 0, sizeof s);
	CHECK_INT(yd_sheet_read(path, &o, collect, &s, NULL, &err), YD_EINPUT);
	CHECK(strstr(err.msg, "no sheet 'U' (sheets: T)") != NULL);
	unlink(path);
}

int main(void)
{
	RUN(test_serials);
	RUN(test_formats);
	RUN(test_xlsx);
	return t_report("sheet");
}
