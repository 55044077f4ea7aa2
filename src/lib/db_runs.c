/* db_runs.c - the run ledger of an analysis. */
#include "youdu/db_runs.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/buf.h"
#include "youdu/json.h"
#include "youdu/judge.h"

int yd_db_run_add(struct yd_db *db, struct yd_ledger *led, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	struct yd_buf counts = YD_BUF_INIT;
	int rc = 0;

	json_t *o = json_object();
	for (int v = 0; v < YD_V_COUNT; v++)
		yd_json_set(o, yd_verdict_name((enum yd_verdict)v), json_integer(led->counts[v]));
	yd_json_dump(&counts, o);
	json_decref(o);
	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "INSERT INTO analysis_run(min_peers, threshold, ratio, min_scale, year, cases_read,"
			       " outside_year, no_catalogue, no_base, judged, counts, max_case_id, catalogue_sig,"
			       " cases_replaced, max_share, min_heaped, fdr, prior_scale, prior_df, p_cut, tested, discoveries,"
			       " local_ratio, local_df) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = yd_db_fail(db, err, "storing the run ledger");
		goto out;
	}
	sqlite3_bind_int(st, 1, led->min_peers);
	sqlite3_bind_double(st, 2, led->fdr); /* the old z threshold's column keeps the rate too */
	sqlite3_bind_double(st, 3, led->ratio);
	sqlite3_bind_double(st, 4, led->min_scale);
	if (led->year)
		sqlite3_bind_int(st, 5, led->year);
	sqlite3_bind_int64(st, 6, led->read);
	sqlite3_bind_int64(st, 7, led->outside_year);
	sqlite3_bind_int64(st, 8, led->no_catalogue);
	sqlite3_bind_int64(st, 9, led->no_base);
	sqlite3_bind_int64(st, 10, led->judged);
	sqlite3_bind_text(st, 11, yd_buf_str(&counts), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 12, led->max_case_id);
	sqlite3_bind_int64(st, 13, led->catalogue_sig);
	sqlite3_bind_int64(st, 14, led->cases_replaced);
	sqlite3_bind_double(st, 15, led->max_share);
	sqlite3_bind_int(st, 16, led->min_heaped);
	sqlite3_bind_double(st, 17, led->fdr);
	if (!isnan(led->prior_scale))
		sqlite3_bind_double(st, 18, led->prior_scale);
	sqlite3_bind_double(st, 19, isinf(led->prior_df) ? -1 : led->prior_df);
	sqlite3_bind_double(st, 20, led->p_cut);
	sqlite3_bind_int64(st, 21, led->tested);
	sqlite3_bind_int64(st, 22, led->discoveries);
	if (!isnan(led->local_ratio))
		sqlite3_bind_double(st, 23, led->local_ratio);
	sqlite3_bind_double(st, 24, isinf(led->local_df) ? -1 : led->local_df);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = yd_db_fail(db, err, "storing the run ledger");
	led->run_id = sqlite3_last_insert_rowid(yd_db_handle(db));
out:
	sqlite3_finalize(st);
	yd_buf_release(&counts);
	return rc;
}

int yd_db_run_load(struct yd_db *db, struct yd_ledger *led, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	memset(led, 0, sizeof *led);
	if (sqlite3_prepare_v2(yd_db_handle(db),
			       "SELECT id, min_peers, threshold, ratio, coalesce(year, 0), cases_read, outside_year,"
			       " no_catalogue, no_base, judged, counts, min_scale, max_case_id, catalogue_sig, cases_replaced,"
			       " max_share, min_heaped, fdr, prior_scale, prior_df, p_cut, tested, discoveries, local_ratio, local_df"
			       " FROM analysis_run"
			       " ORDER BY id DESC LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "reading the run ledger");
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = yd_error_set(err, YD_ESTATE, "no analysis in the database: run 'youdu analyze' first");
		goto out;
	}
	led->run_id = sqlite3_column_int64(st, 0);
	led->min_peers = sqlite3_column_int(st, 1);
	led->ratio = sqlite3_column_double(st, 3);
	led->year = sqlite3_column_int(st, 4);
	led->read = (long)sqlite3_column_int64(st, 5);
	led->outside_year = (long)sqlite3_column_int64(st, 6);
	led->no_catalogue = (long)sqlite3_column_int64(st, 7);
	led->no_base = (long)sqlite3_column_int64(st, 8);
	led->judged = (long)sqlite3_column_int64(st, 9);
	led->min_scale = sqlite3_column_double(st, 11);
	led->max_case_id = sqlite3_column_int64(st, 12);
	led->catalogue_sig = sqlite3_column_int64(st, 13);
	led->cases_replaced = sqlite3_column_int64(st, 14);
	led->max_share = sqlite3_column_double(st, 15);
	led->min_heaped = sqlite3_column_int(st, 16);
	led->fdr = sqlite3_column_double(st, 17);
	led->prior_scale = sqlite3_column_type(st, 18) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 18);
	led->prior_df = sqlite3_column_double(st, 19);
	if (led->prior_df < 0)
		led->prior_df = INFINITY;
	led->p_cut = sqlite3_column_double(st, 20);
	led->tested = (long)sqlite3_column_int64(st, 21);
	led->discoveries = (long)sqlite3_column_int64(st, 22);
	led->local_ratio = sqlite3_column_type(st, 23) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 23);
	led->local_df = sqlite3_column_double(st, 24);
	if (led->local_df < 0)
		led->local_df = INFINITY;
	/* the counts were stored with the run ({"ok":12,...}): no scan of result */
	const char *text = (const char *)sqlite3_column_text(st, 10);
	json_t *counts = text ? json_loads(text, 0, NULL) : NULL;
	for (int v = 0; v < YD_V_COUNT; v++) {
		json_t *n = json_object_get(counts, yd_verdict_name((enum yd_verdict)v));
		if (json_is_integer(n))
			led->counts[v] = (long)json_integer_value(n);
	}
	json_decref(counts);
out:
	sqlite3_finalize(st);
	return rc;
}
