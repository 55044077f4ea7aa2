/* db_blocks.h - how a run's results are kept: the packed record of one
 * case, a walk over the stored blocks, and the virtual table yd_result
 * that shows them to SQL.  The lowest part of the db module: db.c
 * registers the table on every connection, db_results.c writes and reads
 * the blocks; this file calls neither. */
#ifndef YOUDU_DB_BLOCKS_H
#define YOUDU_DB_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/judge.h"

/* One case's stored result. */
struct yd_result {
	int8_t verdict, level, party_used, method; /* enums; level YD_LEVEL_NONE without peers */
	int32_t peer_n;
	double peer_median;                        /* the peers' median fine on the natural scale
						    * (fen, or multiple of the base); NAN when absent */
	float scale, percentile, z, farness;       /* NAN when absent (farness 0); scale is the
						    * moderated one the case was measured with */
	float df;                                  /* degrees of freedom of z's t (INFINITY: normal;
						    * 0 without z) */
	float p;                                   /* two-sided tail probability of z: not stored
						    * (yd_judge_tail of z and df); filled by the
						    * readers that show it (yd_db_judged_each) */
	int32_t above, below;                      /* peers at or above, at or below the fine */
	int8_t widened;                            /* 1: compared without its peer factors (too
						    * few peers with them; docs/METHODS.md) */
};

#define YD_DB_RESULT_SIZE 56    /* bytes of one packed result */
#define YD_DB_RESULT_BLOCK 4096 /* cases per block */

/* Packs r of case rowid into p (YD_DB_RESULT_SIZE bytes); unpacks it (p NAN). */
void yd_db_blocks_pack(unsigned char *p, int64_t rowid, const struct yd_result *r);
void yd_db_blocks_unpack(const unsigned char *p, int64_t *rowid, struct yd_result *r);

struct sqlite3;
struct sqlite3_stmt;
/* Walks the stored results in case order, a block at a time. */
struct yd_db_blocks_walk {
	struct sqlite3_stmt *st;
	const unsigned char *data; /* the current block */
	size_t n, k;               /* its results, the next one */
};
/* Opens a walk on connection h (an SQLite status); next gives 1 and the
 * next result, 0 at the end, -1 on an SQLite error; close accepts a walk
 * never opened (zeroed). */
int yd_db_blocks_walk_open(struct sqlite3 *h, struct yd_db_blocks_walk *w);
int yd_db_blocks_walk_next(struct yd_db_blocks_walk *w, int64_t *rowid, struct yd_result *r);
void yd_db_blocks_walk_close(struct yd_db_blocks_walk *w);

/* The stored verdicts in case order, read beside a scan of the cases:
 * _get with ascending rowids gives each case's verdict (enum yd_verdict),
 * -1 when it has none, -2 on an SQLite error.  _open returns NULL on an
 * SQLite error (or out of memory); _close accepts NULL. */
struct yd_db_verdict_walk;
struct yd_db_verdict_walk *yd_db_blocks_verdicts_open(struct sqlite3 *h);
int yd_db_blocks_verdicts_get(struct yd_db_verdict_walk *v, int64_t rowid);
void yd_db_blocks_verdicts_close(struct yd_db_verdict_walk *v);

/* Makes the eponymous virtual table yd_result known to connection h
 * (yd_db_open calls it); an SQLite status. */
int yd_db_blocks_register(struct sqlite3 *h);

#endif
