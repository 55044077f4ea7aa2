/* db_report.h - the report's own queries (db module): judged cases with
 * their agency (执法机关), cases per decision year, the regions an agency
 * decided cases in.  Strings handed to callbacks are borrowed and valid only
 * during the call. */
#ifndef YOUDU_DB_REPORT_H
#define YOUDU_DB_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/db.h"

/* A judged case as the report's summary counts it. */
struct yd_report_case {
	int64_t rowid;
	int64_t agency_id;  /* 0 when the case names no agency */
	const char *agency; /* "" when the case names no agency */
	int32_t violation_id, region_id, date;
	int tier;           /* enum yd_tier */
	int64_t fine, base; /* fen; base -1 when absent */
	int verdict;        /* enum yd_verdict of the stored run */
	const char *currency; /* ISO 4217 code of fine and base ("CNY") */
};
typedef int (*yd_report_case_fn)(void *data, const struct yd_report_case *c);
/* Calls fn for every case the stored run judged (of one agency when agency
 * is not NULL), in case order; stops when fn returns non-zero. */
int yd_db_report_cases_each(struct yd_db *db, const char *agency, yd_report_case_fn fn, void *data,
			    struct yd_error *err);

/* The imported cases of one decision year, judged or not. */
struct yd_report_year {
	int year;
	long cases;
	double fine; /* fen: SQLite's total(), exact to the fen below 2^53 fen (90 trillion yuan) */
};
typedef int (*yd_report_year_fn)(void *data, const struct yd_report_year *y);
/* Calls fn once per decision year, oldest first (of one agency when agency
 * is not NULL). */
int yd_db_report_years_each(struct yd_db *db, const char *agency, yd_report_year_fn fn, void *data,
			    struct yd_error *err);

/* The region paths an agency decided cases in, sorted by strcmp, into a new
 * array of new strings; free it with yd_db_agency_regions_free. */
int yd_db_agency_regions(struct yd_db *db, const char *agency, char ***paths, size_t *n, struct yd_error *err);
void yd_db_agency_regions_free(char **paths, size_t n);
/* 1 when path is in the sorted array of yd_db_agency_regions. */
int yd_db_agency_regions_has(char *const *paths, size_t n, const char *path);

#endif
