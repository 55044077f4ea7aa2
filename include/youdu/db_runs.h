/* db_runs.h - the inclusion ledger of an analysis run and its storage (db
 * module). */
#ifndef YOUDU_DB_RUNS_H
#define YOUDU_DB_RUNS_H

#include <stdint.h>

#include "youdu/db.h"
#include "youdu/judge.h"

/* The inclusion ledger of one run. */
struct yd_ledger {
	int64_t run_id;
	int min_peers, min_heaped;
	double fdr, ratio, min_scale, max_share;
	double prior_scale, prior_df; /* the pooled scale of the run (NAN none) and its weight */
	double local_ratio, local_df; /* a region's group's variance / its (violation, tier)'s
				       * (NAN none), and its weight */
	double p_cut;                 /* Benjamini-Hochberg cut: p at or below is a discovery */
	long tested;                  /* cases with a tail probability */
	long discoveries;             /* of them at or below the cut (flagged only when they
				       * also differ by the ratio and are rare) */
	int year;
	long read;         /* cases in the database */
	long outside_year; /* excluded: not in --year */
	long no_catalogue; /* judged without a legal check: violation not in the catalogue */
	long no_base;      /* judged without a legal check: multiple item without base amount */
	long judged;       /* cases given a verdict = read - outside_year */
	long counts[YD_V_COUNT];
	int64_t max_case_id;   /* the last case id the run saw */
	int64_t catalogue_sig; /* the catalogue it used (yd_db_catalogue_sig); 0 unknown */
	int64_t cases_replaced; /* the "cases_replaced" counter when it ran */
};

int yd_db_run_add(struct yd_db *db, struct yd_ledger *led, struct yd_error *err);
int yd_db_run_load(struct yd_db *db, struct yd_ledger *led, struct yd_error *err);

#endif
