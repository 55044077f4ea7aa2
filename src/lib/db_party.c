/* db_party.c - the db module's queries on parties (issue 24). */
#include "youdu/db_party.h"

#include <sqlite3.h>

int yd_db_party_cases_each(struct yd_db *db, yd_party_case_fn fn, void *data, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	int r, rc = 0;

	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "SELECT id, violation_id, decision_date, party_code, party_name, party_bad FROM cases"
			       " WHERE party_code IS NOT NULL OR party_name IS NOT NULL ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = yd_db_fail(db, err, "reading parties");
		goto out;
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct yd_party_case c = {sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1),
					  sqlite3_column_int(st, 2),   yd_db_col_text(st, 3),
					  yd_db_col_text(st, 4),       sqlite3_column_int(st, 5)};
		if (fn(data, &c))
			goto out;
	}
	if (r != SQLITE_DONE)
		rc = yd_db_fail(db, err, "reading parties");
out:
	sqlite3_finalize(st);
	return rc;
}

/* A party's decisions, of a party (?1 its code) or one case (?2 its id). */
#define DECISIONS_SQL                                                                                           \
	"SELECT c.case_id, v.name, coalesce(a.name, ''), g.name, c.decision_date, c.fine,"                     \
	" coalesce(c.currency, 'CNY') FROM cases c JOIN violation v ON v.id = c.violation_id"                  \
	" JOIN region g ON g.id = c.region_id LEFT JOIN agency a ON a.id = c.agency_id"

static int decisions(struct yd_db *db, const char *sql, const char *code, int64_t rowid, yd_party_decision_fn fn,
		     void *data, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	int r, rc = 0;

	if (sqlite3_prepare_v2(yd_db_handle(db), sql, -1, &st, NULL) != SQLITE_OK) {
		rc = yd_db_fail(db, err, "reading a party's decisions");
		goto out;
	}
	if (code)
		sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, rowid);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct yd_party_decision d = {yd_db_col_text(st, 0),    yd_db_col_text(st, 1),
					      yd_db_col_text(st, 2),    yd_db_col_text(st, 3),
					      sqlite3_column_int(st, 4), sqlite3_column_int64(st, 5),
					      yd_db_col_text(st, 6)};
		if (fn(data, &d))
			goto out;
	}
	if (r != SQLITE_DONE)
		rc = yd_db_fail(db, err, "reading a party's decisions");
out:
	sqlite3_finalize(st);
	return rc;
}

int yd_db_party_decisions(struct yd_db *db, const char *code, yd_party_decision_fn fn, void *data,
			  struct yd_error *err)
{
	return decisions(db,
			 DECISIONS_SQL " WHERE c.party_code = ?1 AND c.party_bad IS NULL"
				       " ORDER BY c.decision_date, c.case_id, v.name",
			 code, 0, fn, data, err);
}

int yd_db_party_decision_of(struct yd_db *db, int64_t rowid, yd_party_decision_fn fn, void *data,
			    struct yd_error *err)
{
	return decisions(db, DECISIONS_SQL " WHERE c.id = ?1", NULL, rowid, fn, data, err);
}

int yd_db_party_rows_each(struct yd_db *db, int year, const char *agency, yd_party_row_fn fn, void *data,
			  struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	int r, rc = 0;

	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "SELECT c.id, c.case_id, v.name, coalesce(a.name, ''), coalesce(c.party_code, ''),"
			       " coalesce(c.party_name, ''), coalesce(c.party_bad, 0), c.violation_id, c.decision_date,"
			       " c.tier, c.fine FROM cases c JOIN violation v ON v.id = c.violation_id"
			       " LEFT JOIN agency a ON a.id = c.agency_id"
			       " WHERE (?1 = 0 OR c.decision_date / 10000 = ?1) AND (?2 IS NULL OR a.name = ?2) ORDER BY c.id",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = yd_db_fail(db, err, "reading decisions and parties");
		goto out;
	}
	sqlite3_bind_int(st, 1, year);
	if (agency)
		sqlite3_bind_text(st, 2, agency, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct yd_party_row row = {sqlite3_column_int64(st, 0), yd_db_col_text(st, 1),     yd_db_col_text(st, 2),
					   yd_db_col_text(st, 3),       yd_db_col_text(st, 4),     yd_db_col_text(st, 5),
					   sqlite3_column_int(st, 6),   sqlite3_column_int(st, 7), sqlite3_column_int(st, 8),
					   sqlite3_column_int(st, 9),   sqlite3_column_int64(st, 10)};
		if (fn(data, &row))
			goto out;
	}
	if (r != SQLITE_DONE)
		rc = yd_db_fail(db, err, "reading decisions and parties");
out:
	sqlite3_finalize(st);
	return rc;
}
