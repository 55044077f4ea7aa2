/* draft.c: a draft from text as check's options, serve's JSON and form read
 * it (the first unreadable field named, with why), and from a record as
 * check --batch reads it. */
#include <stdint.h>
#include <string.h>

#include "t.h"
#include "youdu/draft.h"

static void test_read(void)
{
	struct yd_draft d = {0};
	char region[512];
	const char *why = NULL;
	struct yd_draft_text t = {"CG004", "浙江省/嘉兴市", "8000元", "1万", "从轻", "个人", "2024-06-01"};
	d.base = -1;
	CHECK_INT(yd_draft_read(&t, &d, region, sizeof region, &why), YD_DRAFT_OK);
	CHECK_STR(d.violation_code, "CG004");
	CHECK(d.region == region);
	CHECK_STR(d.region, "浙江省/嘉兴市");
	CHECK_INT(d.fine, 800000);
	CHECK_INT(d.base, 1000000);
	CHECK_INT(d.tier, YD_TIER_LENIENT);
	CHECK_INT(d.party, YD_PARTY_INDIVIDUAL);
	CHECK_INT(d.date, 20240601);
	/* fields not given are left as they were */
	struct yd_draft_text only = {NULL, NULL, "5", NULL, NULL, NULL, NULL};
	CHECK_INT(yd_draft_read(&only, &d, region, sizeof region, &why), YD_DRAFT_OK);
	CHECK_INT(d.fine, 500);
	CHECK_INT(d.base, 1000000);
	CHECK_INT(d.date, 20240601);
	/* the first field that cannot be read, in order, and why */
	struct yd_draft_text bad = {NULL, NULL, "6万5", "x", NULL, NULL, NULL};
	CHECK_INT(yd_draft_read(&bad, &d, region, sizeof region, &why), YD_DRAFT_FINE);
	CHECK(why && *why);
	bad = (struct yd_draft_text){NULL, NULL, NULL, NULL, "很重", NULL, NULL};
	CHECK_INT(yd_draft_read(&bad, &d, region, sizeof region, &why), YD_DRAFT_TIER);
	bad = (struct yd_draft_text){NULL, NULL, NULL, NULL, NULL, "外星人", NULL};
	CHECK_INT(yd_draft_read(&bad, &d, region, sizeof region, &why), YD_DRAFT_PARTY);
	bad = (struct yd_draft_text){NULL, NULL, NULL, NULL, NULL, NULL, "2024-02-30"};
	CHECK_INT(yd_draft_read(&bad, &d, region, sizeof region, &why), YD_DRAFT_DATE);
	CHECK(why && *why);
	/* an empty base is an amount that cannot be read, as --base '' always was */
	bad = (struct yd_draft_text){NULL, NULL, NULL, "", NULL, NULL, NULL};
	CHECK_INT(yd_draft_read(&bad, &d, region, sizeof region, &why), YD_DRAFT_BASE);
}

static void test_of_record(void)
{
	struct yd_record rec;
	struct yd_draft d = {0};
	memset(&rec, 0, sizeof rec);
	rec.vcode = "X1";
	strcpy(rec.region, "甲省/乙市");
	strcpy(rec.context, "第十条");
	rec.tier = YD_TIER_SEVERE;
	rec.party = YD_PARTY_ENTERPRISE;
	rec.fine = 123;
	rec.base = -1;
	rec.date = 20250102;
	d.interval = 0.9;
	yd_draft_of_record(&rec, &d);
	CHECK_STR(d.violation_code, "X1");
	CHECK(d.region == rec.region && d.context == rec.context);
	CHECK(d.tier == YD_TIER_SEVERE && d.party == YD_PARTY_ENTERPRISE);
	CHECK(d.fine == 123 && d.base == -1 && d.date == 20250102);
	CHECK(d.interval == 0.9); /* left as it was */
}

int main(void)
{
	RUN(test_read);
	RUN(test_of_record);
	return t_report("draft");
}
