/* record.c: a header found by its English and Chinese names (the amount's
 * unit read from the header), a row normalised into one decision, a row
 * that cannot be read giving its reason, a required column missing. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "t.h"
#include "youdu/record.h"

/* A row of n cells, folded in place by the parser (so copied). */
struct row {
	char cell[12][128];
	char *fields[12];
	size_t lens[12];
	struct yd_csv_row r;
};

static struct yd_csv_row *row_of(struct row *w, long line, const char *const *cells, size_t n)
{
	memset(w, 0, sizeof *w);
	for (size_t i = 0; i < n; i++) {
		snprintf(w->cell[i], sizeof w->cell[i], "%s", cells[i]);
		w->fields[i] = w->cell[i];
		w->lens[i] = strlen(w->cell[i]);
	}
	w->r.n = n;
	w->r.fields = w->fields;
	w->r.lens = w->lens;
	w->r.line = line;
	w->r.raw = "";
	return &w->r;
}

static void test_parse(void)
{
	static const char *const head[] = {"决定书文号", "decision_date", "region", "违法行为编码", "罚款金额（万元）",
					   "tier", "party_type", "备注"};
	static const char *const good[] = {"杭综罚〔2024〕1号", "2024-01-05", "浙江省/杭州市", "CG004", "1.5",
					   "从轻", "个人", "x"};
	static const char *const bad[] = {"杭综罚〔2024〕2号", "2024-01-05", "浙江省/杭州市", "CG004", "12,3O",
					  "从轻", "个人", ""};
	struct row w;
	struct yd_header h;
	struct yd_error err = {0};
	struct yd_record rec;
	char why[256] = "";

	CHECK_INT(yd_header_init(&h, row_of(&w, 1, head, 8), NULL, YD_REQUIRED_CASE, "c.csv", &err), 0);
	CHECK_INT(h.col[YD_F_CASE_ID], 0);
	CHECK_INT(h.col[YD_F_FINE], 4);
	CHECK_STR(h.unit[YD_F_FINE], "万");
	CHECK_INT(h.col[YD_F_BASE], -1);
	CHECK(h.ignored && strstr(h.ignored, "备注"));
	CHECK_INT(yd_record_parse(&h, row_of(&w, 2, good, 8), YD_REQUIRED_CASE, &rec, why, sizeof why), 0);
	CHECK_STR(rec.vcode, "CG004");
	CHECK_STR(rec.region, "浙江省/杭州市");
	CHECK_INT(rec.date, 20240105);
	CHECK_INT(rec.fine, 1500000); /* 1.5 万元 in fen */
	CHECK_INT(rec.base, -1);
	CHECK_INT(rec.tier, YD_TIER_LENIENT);
	CHECK_INT(rec.party, YD_PARTY_INDIVIDUAL);
	CHECK(yd_record_parse(&h, row_of(&w, 3, bad, 8), YD_REQUIRED_CASE, &rec, why, sizeof why) < 0);
	CHECK(strstr(why, "12,3O") != NULL);
	yd_header_release(&h);
	/* without a fine column: the header fails, naming the file */
	static const char *const nofine[] = {"case_id", "decision_date", "region", "violation_code"};
	memset(&err, 0, sizeof err);
	CHECK(yd_header_init(&h, row_of(&w, 1, nofine, 4), NULL, YD_REQUIRED_CASE, "c.csv", &err) < 0);
	CHECK(strstr(err.msg, "c.csv") != NULL && strstr(err.msg, "fine") != NULL);
	yd_header_release(&h);
}

static void test_fields(void)
{
	enum yd_field f;
	CHECK(yd_field_lookup("违法行为编码", &f) == 0 && f == YD_F_VCODE);
	CHECK(yd_field_lookup("FINE", &f) == 0 && f == YD_F_FINE);
	CHECK(yd_field_lookup("no such column", &f) < 0);
	CHECK_STR(yd_field_name(YD_F_CASE_ID), "case_id");
}

int main(void)
{
	RUN(test_parse);
	RUN(test_fields);
	return t_report("record");
}
