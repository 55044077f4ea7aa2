/* analyze.h - judge every case against the law, its tier and its peers.
 *
 * Reads the needed columns once into flat arrays, groups by sorting,
 * computes in memory, and replaces the previous run's results, peer
 * groups and ledger in one transaction.  See docs/METHODS.md. */
#ifndef YOUDU_ANALYZE_H
#define YOUDU_ANALYZE_H

#include <stdint.h>

#include "youdu/db.h"
#include "youdu/judge.h"
#include "youdu/peers.h"

/* Progress report: the phase just started ("loading cases"...), step of steps. */
typedef void (*yd_phase_fn)(void *data, const char *phase, int step, int steps);

struct yd_analyze_opts {
	struct yd_thresholds t;
	int year;               /* judge only decisions of this year (peers too); 0 = all */
	yd_phase_fn progress;   /* may be NULL */
	void *progress_data;
};

/* The inclusion ledger of one run. */
struct yd_ledger {
	int64_t run_id;
	int min_peers, min_heaped;
	double threshold, ratio, min_scale, max_share;
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

/* Sets *newer to the number of case ids added since the stored run (0 when
 * it is up to date), *replaced to the cases import --replace changed since.
 * Imports after an analysis leave it stale. */
int yd_ledger_newer_cases(struct yd_db *db, const struct yd_ledger *led, int64_t *newer, int64_t *replaced,
			  struct yd_error *err);
/* Sets *changed when the catalogue is no longer the one the stored run
 * judged with (a catalogue import since); 0 for runs that did not record it. */
int yd_ledger_catalogue_changed(struct yd_db *db, const struct yd_ledger *led, int *changed, struct yd_error *err);

int yd_analyze(struct yd_db *db, const struct yd_analyze_opts *o, struct yd_ledger *led, struct yd_error *err);

/* The ledger of the stored run; YD_ESTATE when analyze has not run. */
int yd_ledger_load(struct yd_db *db, struct yd_ledger *led, struct yd_error *err);

#endif
