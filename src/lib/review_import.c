/* review_import.c - a filled-in review sheet (CSV, TSV, .xlsx or .xls)
 * into the database: each row checked by review.c's rules and recorded by
 * db_review.c, in one transaction. */
#include "youdu/review_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "youdu/db_review.h"
#include "youdu/parse.h"
#include "youdu/sheet.h"
#include "youdu/strmap.h"

/* Header names of the columns: English as exported, and the Chinese an
 * officer may write in Excel. */
static const struct {
	enum yd_review_col col;
	const char *name;
} col_aliases[] = {
    {YD_RCOL_CASE_ID, "决定书文号"},   {YD_RCOL_CASE_ID, "案号"},         {YD_RCOL_VIOLATION_CODE, "违法行为编码"},
    {YD_RCOL_STATUS, "评查结论"},      {YD_RCOL_STATUS, "状态"},          {YD_RCOL_REASON, "理由"},
    {YD_RCOL_REASON, "误报理由"},      {YD_RCOL_NOTE, "备注"},            {YD_RCOL_NOTE, "说明"},
    {YD_RCOL_REVIEWER, "审核人"},      {YD_RCOL_REVIEWER, "评查人"},      {YD_RCOL_DEADLINE, "整改期限"},
    {YD_RCOL_DATE, "日期"},            {YD_RCOL_DATE, "整改日期"},
};

struct import_ctx {
	struct yd_db *db;
	const char *path;
	const struct yd_review_who *who;
	int32_t today;
	int header_seen;
	int colof[YD_RCOL_COUNT]; /* the file's column of each, -1 when absent */
	struct yd_strmap seen;    /* case_id \x1f violation_code of the rows so far */
	struct yd_review_import_stats *st;
};

static int find_col(const char *name, enum yd_review_col *c)
{
	for (int i = 0; i < YD_RCOL_COUNT; i++)
		if (strcasecmp(name, yd_review_col_name((enum yd_review_col)i)) == 0) {
			*c = (enum yd_review_col)i;
			return 0;
		}
	for (size_t i = 0; i < sizeof col_aliases / sizeof *col_aliases; i++)
		if (strcmp(name, col_aliases[i].name) == 0) {
			*c = col_aliases[i].col;
			return 0;
		}
	return -1;
}

/* A cell with the spaces around it cut, into buf. */
static const char *cell(const struct yd_csv_row *row, int i, char *buf, size_t n)
{
	const char *s = i >= 0 && (size_t)i < row->n ? row->fields[i] : "";
	while (*s == ' ' || *s == '\t')
		s++;
	size_t len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		len--;
	if (len >= n)
		len = n - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return buf;
}

static int import_header(struct import_ctx *c, const struct yd_csv_row *row, struct yd_error *err)
{
	char where[600], name[256];
	for (int i = 0; i < YD_RCOL_COUNT; i++)
		c->colof[i] = -1;
	for (size_t i = 0; i < row->n; i++) {
		enum yd_review_col col;
		cell(row, (int)i, name, sizeof name);
		/* a UTF-8 byte-order mark before the first name (CSV saved by Excel) */
		if (i == 0 && strncmp(name, "\xEF\xBB\xBF", 3) == 0)
			memmove(name, name + 3, strlen(name + 3) + 1);
		if (!*name)
			continue;
		if (find_col(name, &col) < 0)
			return yd_error_set(err, YD_EINPUT,
					    "%s: column '%s': unknown column (the columns are case_id, violation_code,"
					    " status, reason, note, reviewer, deadline, date)",
					    yd_csv_where(c->path, row, where, sizeof where), name);
		if (c->colof[col] >= 0)
			return yd_error_set(err, YD_EINPUT, "%s: column '%s': given twice",
					    yd_csv_where(c->path, row, where, sizeof where), name);
		c->colof[col] = (int)i;
	}
	for (int i = YD_RCOL_CASE_ID; i <= YD_RCOL_STATUS; i++)
		if (c->colof[i] < 0)
			return yd_error_set(err, YD_EINPUT, "%s: no column %s in the header", c->path, yd_review_col_name((enum yd_review_col)i));
	return 0;
}

static int row_error(struct import_ctx *c, const struct yd_csv_row *row, enum yd_review_col col, struct yd_error *err,
		     const char *msg)
{
	char where[600];
	return yd_error_set(err, YD_EINPUT, "%s: column %s: %s; nothing was imported",
			    yd_csv_where(c->path, row, where, sizeof where), yd_review_col_name(col), msg);
}

static int import_row(void *data, const struct yd_csv_row *row, struct yd_error *err)
{
	struct import_ctx *c = data;
	char v[YD_RCOL_COUNT][4096], msg[YD_ERROR_MAX];
	struct yd_disposition d;
	const char *why = NULL;
	enum yd_review_col bad_col;
	int empty = 1, rc, written = 0;

	if (row->bad_utf8) {
		char where[600];
		return yd_error_set(err, YD_EINPUT, "%s: bytes that are not UTF-8; nothing was imported",
				    yd_csv_where(c->path, row, where, sizeof where));
	}
	if (!c->header_seen) {
		c->header_seen = 1;
		return import_header(c, row, err);
	}
	for (int i = 0; i < YD_RCOL_COUNT; i++) {
		cell(row, c->colof[i], v[i], sizeof v[i]);
		empty = empty && !*v[i];
	}
	if (empty)
		return 0;
	/* a flag not decided yet (export --flags): nothing to record */
	if (!*v[YD_RCOL_STATUS]) {
		c->st->blank++;
		return 0;
	}
	c->st->rows++;
	memset(&d, 0, sizeof d);
	d.case_id = v[YD_RCOL_CASE_ID];
	d.violation_code = v[YD_RCOL_VIOLATION_CODE];
	d.note = v[YD_RCOL_NOTE];
	d.reviewer = v[YD_RCOL_REVIEWER];
	if (yd_review_status_parse(v[YD_RCOL_STATUS], 0, &d.status) < 0) {
		snprintf(msg, sizeof msg, "unknown status '%.200s' (%s)", v[YD_RCOL_STATUS], yd_review_status_list());
		return row_error(c, row, YD_RCOL_STATUS, err, msg);
	}
	if (yd_review_reason_parse(v[YD_RCOL_REASON], &d.reason) < 0) {
		snprintf(msg, sizeof msg, "unknown reason '%.200s' (%s)", v[YD_RCOL_REASON], yd_review_reason_list());
		return row_error(c, row, YD_RCOL_REASON, err, msg);
	}
	if (*v[YD_RCOL_DEADLINE] && yd_parse_date(v[YD_RCOL_DEADLINE], &d.deadline, &why) < 0) {
		snprintf(msg, sizeof msg, "not a date '%.200s'", v[YD_RCOL_DEADLINE]);
		return row_error(c, row, YD_RCOL_DEADLINE, err, msg);
	}
	if (!*v[YD_RCOL_DATE])
		d.date = c->today;
	else if (yd_parse_date(v[YD_RCOL_DATE], &d.date, &why) < 0) {
		snprintf(msg, sizeof msg, "not a date '%.200s'", v[YD_RCOL_DATE]);
		return row_error(c, row, YD_RCOL_DATE, err, msg);
	}
	if (yd_review_check(&d, &bad_col, err) < 0) {
		snprintf(msg, sizeof msg, "%s", err->msg);
		return row_error(c, row, bad_col, err, msg);
	}
	/* one disposition per decision in a file */
	char key[8200];
	int64_t line;
	snprintf(key, sizeof key, "%s\x1f%s", d.case_id, d.violation_code);
	if (yd_strmap_get(&c->seen, key, &line)) {
		snprintf(msg, sizeof msg, "'%.200s' %.200s is already on row %lld", d.case_id, d.violation_code, (long long)line);
		return row_error(c, row, YD_RCOL_CASE_ID, err, msg);
	}
	yd_strmap_put(&c->seen, key, row->line);
	if ((rc = yd_db_review_put(c->db, &d, c->who, 1, &written, &bad_col, err)) < 0) {
		if (rc != YD_EUSAGE)
			return rc;
		snprintf(msg, sizeof msg, "%s", err->msg);
		return row_error(c, row, bad_col, err, msg);
	}
	if (written)
		c->st->written++;
	else
		c->st->unchanged++;
	return 0;
}

int yd_review_import(struct yd_db *db, const char *path, const char *sheet, const struct yd_review_who *who,
		     int32_t today, struct yd_review_import_stats *st, struct yd_error *err)
{
	struct import_ctx c;
	struct yd_sheet_opts so = {YD_ENC_AUTO, sheet};
	int rc;

	memset(st, 0, sizeof *st);
	memset(&c, 0, sizeof c);
	c.db = db;
	c.path = path;
	c.who = who;
	c.today = today;
	c.st = st;
	if ((rc = yd_db_begin(db, err)) < 0)
		return rc;
	rc = yd_sheet_read(path, &so, import_row, &c, NULL, err);
	if (rc == 0 && !c.header_seen)
		rc = yd_error_set(err, YD_EINPUT, "%s: empty file: no header", path);
	if (rc == 0)
		rc = yd_db_commit(db, err);
	if (rc != 0) {
		yd_db_rollback(db);
		memset(st, 0, sizeof *st);
	}
	yd_strmap_release(&c.seen);
	return rc < 0 ? rc : rc ? YD_EINPUT : 0;
}
