/* review.c - dispositions of flags: names, rules, tallies, precision, and
 * the import of a filled-in review sheet. */
#include "youdu/review.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "youdu/db_analysis.h"
#include "youdu/db_review.h"
#include "youdu/parse.h"
#include "youdu/sheet.h"
#include "youdu/strmap.h"

static const struct {
	const char *name, *zh, *alias; /* alias: another Chinese name officers write */
} statuses[YD_REVIEW_COUNT] = {
    [YD_REVIEW_PENDING] = {"pending", "待审核", "待复核"},
    [YD_REVIEW_CONFIRMED] = {"confirmed", "问题属实", "属实"},
    [YD_REVIEW_DISMISSED] = {"dismissed", "误报", "无需整改"},
    [YD_REVIEW_RECTIFIED] = {"rectified", "已整改", "整改完成"},
    [YD_REVIEW_STALE] = {"stale", "需重新审核", "需重新复核"},
};

static const struct {
	const char *name, *zh;
} reasons[YD_REASON_COUNT] = {
    [YD_REASON_NONE] = {"", ""},
    [YD_REASON_LAWFUL_LEVEL] = {"lawful_level", "合法档次"},
    [YD_REASON_SPECIAL] = {"special_circumstances", "特殊情形"},
    [YD_REASON_DATA_ERROR] = {"data_error", "数据错误"},
    [YD_REASON_OTHER] = {"other", "其他"},
};

static const char *const col_names[YD_RCOL_COUNT] = {"case_id", "violation_code", "status", "reason",
						     "note",    "reviewer",       "deadline", "date"};

const char *yd_review_status_name(enum yd_review_status s)
{
	return (unsigned)s < YD_REVIEW_COUNT ? statuses[s].name : "";
}

const char *yd_review_status_zh(enum yd_review_status s)
{
	return (unsigned)s < YD_REVIEW_COUNT ? statuses[s].zh : "";
}

int yd_review_status_parse(const char *s, int allow_stale, enum yd_review_status *out)
{
	for (int i = 0; i < YD_REVIEW_COUNT; i++) {
		if (i == YD_REVIEW_STALE && !allow_stale)
			continue;
		if (strcasecmp(s, statuses[i].name) == 0 || strcmp(s, statuses[i].zh) == 0 ||
		    strcmp(s, statuses[i].alias) == 0) {
			*out = (enum yd_review_status)i;
			return 0;
		}
	}
	return -1;
}

const char *yd_review_reason_name(enum yd_review_reason r)
{
	return (unsigned)r < YD_REASON_COUNT ? reasons[r].name : "";
}

const char *yd_review_reason_zh(enum yd_review_reason r)
{
	return (unsigned)r < YD_REASON_COUNT ? reasons[r].zh : "";
}

int yd_review_reason_parse(const char *s, enum yd_review_reason *out)
{
	for (int i = 0; i < YD_REASON_COUNT; i++)
		if (strcasecmp(s, reasons[i].name) == 0 || strcmp(s, reasons[i].zh) == 0) {
			*out = (enum yd_review_reason)i;
			return 0;
		}
	return -1;
}

const char *yd_review_status_list(void)
{
	return "pending, confirmed, dismissed or rectified";
}

const char *yd_review_reason_list(void)
{
	return "lawful_level, special_circumstances, data_error or other";
}

const char *yd_review_col_name(enum yd_review_col c)
{
	return (unsigned)c < YD_RCOL_COUNT ? col_names[c] : "";
}

static int bad(enum yd_review_col *col, enum yd_review_col c, struct yd_error *err, const char *msg)
{
	if (col)
		*col = c;
	return yd_error_set(err, YD_EUSAGE, "%s", msg);
}

int yd_review_check(const struct yd_disposition *d, enum yd_review_col *col, struct yd_error *err)
{
	if (!*d->case_id)
		return bad(col, YD_RCOL_CASE_ID, err, "no case id");
	if (!*d->violation_code)
		return bad(col, YD_RCOL_VIOLATION_CODE, err, "no violation code");
	if ((unsigned)d->status >= YD_REVIEW_STALE)
		return bad(col, YD_RCOL_STATUS, err, "stale is computed, not recorded: give pending, confirmed, "
						     "dismissed or rectified");
	if (d->status == YD_REVIEW_DISMISSED && d->reason == YD_REASON_NONE)
		return bad(col, YD_RCOL_REASON, err,
			   "a dismissed flag needs a reason: lawful_level, special_circumstances, data_error or other");
	if (d->status != YD_REVIEW_DISMISSED && d->reason != YD_REASON_NONE)
		return bad(col, YD_RCOL_REASON, err, "a reason is for a dismissed flag only");
	if (d->status == YD_REVIEW_DISMISSED && d->deadline)
		return bad(col, YD_RCOL_DEADLINE, err, "a dismissed flag needs no 整改 deadline");
	if (!d->date)
		return bad(col, YD_RCOL_DATE, err, "no date");
	return 0;
}

void yd_review_wilson(long k, long n, double z, double *lo, double *hi)
{
	if (n <= 0) {
		*lo = *hi = NAN;
		return;
	}
	/* (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n) */
	double nn = (double)n, p = (double)k / nn, z2 = z * z;
	double den = 1 + z2 / nn, centre = (p + z2 / (2 * nn)) / den;
	double half = z / den * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
	*lo = centre - half < 0 ? 0 : centre - half;
	*hi = centre + half > 1 ? 1 : centre + half;
}

void yd_review_tally_add(struct yd_review_tally *t, enum yd_review_status status, enum yd_review_reason reason,
			 int stale, int32_t deadline, int32_t today)
{
	if (stale) {
		t->stale++;
		return;
	}
	switch (status) {
	case YD_REVIEW_PENDING: t->pending++; break;
	case YD_REVIEW_CONFIRMED:
		t->reviewed++;
		t->confirmed++;
		if (deadline && deadline < today)
			t->overdue++;
		break;
	case YD_REVIEW_DISMISSED:
		t->reviewed++;
		t->dismissed++;
		if ((unsigned)reason < YD_REASON_COUNT)
			t->by_reason[reason]++;
		break;
	case YD_REVIEW_RECTIFIED:
		t->reviewed++;
		t->rectified++;
		break;
	default: break;
	}
}

long yd_review_precision(const struct yd_review_tally *t, double *p, double *lo, double *hi)
{
	long right = t->confirmed + t->rectified, n = right + t->dismissed;
	*p = n ? (double)right / (double)n : NAN;
	yd_review_wilson(right, n, 1.959963984540054, lo, hi);
	return n;
}

int yd_review_precision_low(const struct yd_review_tally *t)
{
	long right = t->confirmed + t->rectified, n = right + t->dismissed;
	return n >= YD_REVIEW_LOW_MIN && 2 * right < n;
}

int yd_review_settles(enum yd_review_status effective)
{
	return effective == YD_REVIEW_DISMISSED || effective == YD_REVIEW_RECTIFIED;
}

/* ---- import: a filled-in review sheet into the database ---- */

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
		if (strcasecmp(name, col_names[i]) == 0) {
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
			return yd_error_set(err, YD_EINPUT, "%s: no column %s in the header", c->path, col_names[i]);
	return 0;
}

static int row_error(struct import_ctx *c, const struct yd_csv_row *row, enum yd_review_col col, struct yd_error *err,
		     const char *msg)
{
	char where[600];
	return yd_error_set(err, YD_EINPUT, "%s: column %s: %s; nothing was imported",
			    yd_csv_where(c->path, row, where, sizeof where), col_names[col], msg);
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

/* ---- stats ---- */

struct stats_ctx {
	struct yd_review_stats *s;
	struct yd_strmap idx; /* code -> index in s->viol */
	size_t cap;
};

static struct yd_review_tally *viol_tally(struct stats_ctx *c, const char *code)
{
	int64_t i;
	if (yd_strmap_get(&c->idx, code, &i))
		return &c->s->viol[i].t;
	if (c->s->nviol == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->s->viol = yd_xrealloc(c->s->viol, c->cap * sizeof *c->s->viol);
	}
	i = (int64_t)c->s->nviol++;
	memset(&c->s->viol[i], 0, sizeof c->s->viol[i]);
	c->s->viol[i].code = yd_xstrdup(code);
	yd_strmap_put(&c->idx, code, i);
	return &c->s->viol[i].t;
}

static int count_flag(void *data, const struct yd_judged_row *row)
{
	struct stats_ctx *c = data;
	c->s->all.flagged++;
	c->s->verdict[row->r.verdict].flagged++;
	viol_tally(c, row->violation_code)->flagged++;
	return 0;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct yd_review_violation *)a)->code, ((const struct yd_review_violation *)b)->code);
}

int yd_review_stats_compute(struct yd_db *db, const struct yd_review_list *l, int year, const char *agency,
			    int32_t today, struct yd_review_stats *s, struct yd_error *err)
{
	struct stats_ctx c;
	struct yd_case_filter f = {0};
	int rc;

	memset(s, 0, sizeof *s);
	memset(&c, 0, sizeof c);
	c.s = s;
	for (int v = 0; v < YD_V_OK; v++)
		f.verdicts |= 1u << v;
	f.year = year;
	f.agency = agency;
	f.unordered = 1;
	if ((rc = yd_db_judged_each(db, &f, count_flag, &c, err)) < 0)
		goto out;
	for (size_t i = 0; i < l->n; i++) {
		const struct yd_review_row *r = &l->rows[i];
		if ((year && r->decision_date / 10000 != year) || (agency && strcmp(r->agency, agency) != 0))
			continue;
		yd_review_tally_add(&s->all, r->status, r->reason, r->stale, r->deadline, today);
		if (r->verdict >= 0 && r->verdict < YD_V_COUNT)
			yd_review_tally_add(&s->verdict[r->verdict], r->status, r->reason, r->stale, r->deadline, today);
		else
			s->no_verdict++;
		yd_review_tally_add(viol_tally(&c, r->violation_code), r->status, r->reason, r->stale, r->deadline, today);
	}
	qsort(s->viol, s->nviol, sizeof *s->viol, by_code);
out:
	yd_strmap_release(&c.idx);
	if (rc < 0)
		yd_review_stats_release(s);
	return rc;
}

void yd_review_stats_release(struct yd_review_stats *s)
{
	for (size_t i = 0; i < s->nviol; i++)
		free(s->viol[i].code);
	free(s->viol);
	memset(s, 0, sizeof *s);
}
