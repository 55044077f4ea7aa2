/* db_results.h - a run's results: one packed record per case, stored in
 * blocks and read by SQL through the virtual table yd_result (db module). */
#ifndef YOUDU_DB_RESULTS_H
#define YOUDU_DB_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/db.h"
#include "youdu/db_blocks.h"

/* Writing a run: clear, then add rows, then the ledger (inside a transaction).
 * Clearing removes the previous run's groups and ledger; adding the results
 * replaces its results. */
int yd_db_results_clear(struct yd_db *db, struct yd_error *err);
/* Stores the results of a run, rowids[i] (ascending) with r[i], in blocks,
 * in place of the previous run's; SQL sees them as the table yd_result
 * (see db_results.c). */
int yd_db_results_add(struct yd_db *db, const int64_t *rowids, const struct yd_result *r, size_t n,
		      struct yd_error *err);
/* The stored verdict of each case (rowids ascending), -1 when none. */
int yd_db_load_verdicts(struct yd_db *db, const int64_t *rowids, size_t n, int8_t *verdict, struct yd_error *err);
/* The stored result of one case (one block read, for a lookup such as a
 * review's): 1 and *r filled, 0 when the case has none, or an error. */
int yd_db_result_get(struct yd_db *db, int64_t rowid, struct yd_result *r, struct yd_error *err);

#endif
