/* review_import against a temporary database: a sheet in Chinese headers
 * and words stores each disposition as written (an empty date is today, a
 * row without a status is skipped); the same sheet again changes nothing;
 * a sheet whose third row is wrong, or names a decision not stored, or
 * names one twice, fails naming file, line and column and writes nothing
 * of its good rows. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/db.h"
#include "youdu/db_review.h"
#include "youdu/review_import.h"

static char dir[] = "/tmp/yd-test-review-import-XXXXXX";
static struct yd_db *db;
static const struct yd_review_who who = {"2025-01-02T03:04:05Z", "import", "测试"};

static const struct t_case cases[] = {
	{"甲字〔2024〕1号", "A1", "甲省/甲市", "甲局", YD_TIER_GENERAL, 5000, 20240201},
	{"甲字〔2024〕2号", "A1", "甲省/甲市", "甲局", YD_TIER_GENERAL, 12000, 20240301},
	{"甲字〔2024〕3号", "A1", "甲省/甲市", "甲局", YD_TIER_GENERAL, 800, 20240401},
};

static int count_event(void *data, const struct yd_review_event *e)
{
	(void)e;
	(*(int *)data)++;
	return 0;
}

static int history(void)
{
	int n = 0;
	struct yd_error err = {0};
	CHECK_INT(yd_db_review_history_each(db, NULL, NULL, count_event, &n, &err), 0);
	return n;
}

/* Writes text to dir/name and imports it; its status, *st and err. */
static int import(const char *name, const char *text, struct yd_review_import_stats *st, struct yd_error *err)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	CHECK_INT(t_write_file(path, text), 0);
	return yd_review_import(db, path, NULL, &who, 20250102, st, err);
}

static void test_good(void)
{
	struct yd_review_import_stats st;
	struct yd_error err = {0};
	struct yd_review_row r;
	static const char sheet[] = "决定书文号,违法行为编码,评查结论,理由,备注,审核人,整改期限,日期\n"
				    "甲字〔2024〕2号,A1,问题属实,,已发整改通知,赵六,2025-02-01,\n"
				    "甲字〔2024〕3号,A1,误报,数据错误,金额录入错误,,,2024-12-31\n"
				    "甲字〔2024〕1号,A1,,,,,,\n";
	CHECK_INT(import("good.csv", sheet, &st, &err), 0);
	CHECK_INT(st.rows, 2);
	CHECK_INT(st.written, 2);
	CHECK_INT(st.unchanged, 0);
	CHECK_INT(st.blank, 1);
	CHECK_INT(history(), 2);
	memset(&r, 0, sizeof r);
	CHECK_INT(yd_db_review_get(db, "甲字〔2024〕2号", "A1", &r, &err), 1);
	CHECK_INT(r.status, YD_REVIEW_CONFIRMED);
	CHECK_STR(r.note, "已发整改通知");
	CHECK_STR(r.reviewer, "赵六");
	CHECK_INT(r.deadline, 20250201);
	CHECK_INT(r.date, 20250102); /* empty: today */
	CHECK_STR(r.region, "甲省/甲市");
	yd_review_row_release(&r);
	memset(&r, 0, sizeof r);
	CHECK_INT(yd_db_review_get(db, "甲字〔2024〕3号", "A1", &r, &err), 1);
	CHECK_INT(r.status, YD_REVIEW_DISMISSED);
	CHECK_INT(r.reason, YD_REASON_DATA_ERROR);
	CHECK_INT(r.date, 20241231);
	yd_review_row_release(&r);
	CHECK_INT(yd_db_review_get(db, "甲字〔2024〕1号", "A1", &r, &err), 0);

	/* the same sheet again: read, equal, not written */
	CHECK_INT(import("good.csv", sheet, &st, &err), 0);
	CHECK_INT(st.rows, 2);
	CHECK_INT(st.written, 0);
	CHECK_INT(st.unchanged, 2);
	CHECK_INT(history(), 2);
}

static void test_bad(void)
{
	static const struct {
		const char *third; /* the sheet's third data row (line 4) */
		const char *says;  /* in the message after "bad.csv:4: " */
	} bad[] = {
	    {"甲字〔2024〕3号,A1,dismissed,,,赵六,,", "column reason"},
	    {"甲字〔2024〕3号,A1,done,,,赵六,,", "column status: unknown status 'done'"},
	    {"甲字〔2024〕3号,A1,confirmed,,,赵六,2025-13-01,", "column deadline: not a date '2025-13-01'"},
	    {"甲字〔2024〕9号,A1,confirmed,,,赵六,,", "甲字〔2024〕9号"},
	    {"甲字〔2024〕1号,A1,confirmed,,,赵六,,", "is already on row 2"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char text[1024];
		struct yd_review_import_stats st;
		struct yd_error err = {0};
		snprintf(text, sizeof text,
			 "case_id,violation_code,status,reason,note,reviewer,deadline,date\n"
			 "甲字〔2024〕1号,A1,confirmed,,,赵六,2025-02-01,\n"
			 "甲字〔2024〕2号,A1,rectified,,,赵六,,2025-01-01\n"
			 "%s\n",
			 bad[i].third);
		CHECK_INT(import("bad.csv", text, &st, &err), YD_EINPUT);
		if (strstr(err.msg, "bad.csv:4: ") && strstr(err.msg, bad[i].says) && strstr(err.msg, "nothing was imported"))
			t_passed++;
		else
			t_fail(__FILE__, __LINE__, "bad row %zu: %s", i, err.msg);
		CHECK_INT(st.written, 0);
		CHECK_INT(history(), 2); /* rows 2 and 3 rolled back */
	}
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	db = t_db_open(dir, "violation_code,violation_name,legal_basis,fine_kind,fine_min,fine_max\n"
			    "A1,甲,法一,fixed,1000,10000\n");
	if (!db || t_add_cases(db, cases, sizeof cases / sizeof *cases, NULL) != 0)
		return t_report("review_import");
	RUN(test_good);
	RUN(test_bad);
	yd_db_close(db);
	t_rm_dir(dir);
	return t_report("review_import");
}
