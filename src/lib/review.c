/* review.c - dispositions of flags: names, rules, tallies, precision, and
 * the import of a filled-in review sheet. */
#include "youdu/review.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


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


void yd_review_stats_release(struct yd_review_stats *s)
{
	for (size_t i = 0; i < s->nviol; i++)
		free(s->viol[i].code);
	free(s->viol);
	memset(s, 0, sizeof *s);
}
