/* review_import.h - a filled-in review sheet into the database. */
#ifndef YOUDU_REVIEW_IMPORT_H
#define YOUDU_REVIEW_IMPORT_H

#include <stdint.h>

#include "youdu/db_review.h"

/* Imports a review sheet (CSV, TSV, .xlsx or .xls, told by content; the
 * first sheet or the one named) whose header names the columns of
 * yd_review_col_name (or their Chinese names: 决定书文号, 违法行为编码, 评查结论,
 * 理由, 备注, 审核人, 整改期限, 日期); case_id, violation_code and status are
 * required.  All or nothing: one transaction, and the first bad row fails
 * it with YD_EINPUT naming the row and column ("r.csv:3: column status:
 * unknown status 'done' ...").  An empty date is today; a row equal to the
 * stored disposition is left as it is (unchanged); a row without a status
 * (a flag of export --flags not decided yet) is skipped.  who: the
 * history's. */
struct yd_review_import_stats {
	long rows;      /* dispositions read */
	long written;   /* new or changed */
	long unchanged; /* equal to the stored ones */
	long blank;     /* rows without a status (a flag not decided yet): skipped */
};
int yd_review_import(struct yd_db *db, const char *path, const char *sheet, const struct yd_review_who *who,
		     int32_t today, struct yd_review_import_stats *st, struct yd_error *err);

#endif
