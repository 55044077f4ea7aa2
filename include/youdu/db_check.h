/* db_check.h - what the checker (check.c) reads beside the stored groups
 * (db_groups.h): the database's state, its read snapshots and the region
 * paths (db module). */
#ifndef YOUDU_DB_CHECK_H
#define YOUDU_DB_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/db.h"

/* 1 when the database holds a past case, 0 when not (only a catalogue). */
int yd_db_has_cases(struct yd_db *db, struct yd_error *err);

/* PRAGMA data_version: changes when another connection committed. */
int yd_db_data_version(struct yd_db *db, int64_t *version, struct yd_error *err);

/* Begins a read transaction and takes its snapshot now (a read takes the
 * shared lock), so that *version is that of what it will read.  End it with
 * yd_db_read_end (db.h), also after a failure. */
int yd_db_snapshot_begin(struct yd_db *db, int64_t *version, struct yd_error *err);

/* The known region paths in byte order and their ids (db_analysis.h has
 * them by id): two new arrays of
 * *n entries (names new strings); the caller frees them (names each). */
int yd_db_region_paths_sorted(struct yd_db *db, char ***names, int32_t **ids, size_t *n, struct yd_error *err);

/* 1 when analyze stored similar cases recorded at region (a region of
 * cases, not only a county of them), 0 when not. */
int yd_db_similar_has_region(struct yd_db *db, int32_t region, struct yd_error *err);

#endif
