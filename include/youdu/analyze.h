/* analyze.h - judge every case against the law, its tier and its peers.
 *
 * Reads the needed columns once into flat arrays, groups by sorting,
 * computes in memory, and replaces the previous run's results, peer
 * groups and ledger in one transaction.  See docs/METHODS.md. */
#ifndef YOUDU_ANALYZE_H
#define YOUDU_ANALYZE_H

#include <stdint.h>

#include "youdu/buf.h"
#include "youdu/catalogue.h"
#include "youdu/db.h"
#include "youdu/db_analysis.h"
#include "youdu/db_runs.h"
#include "youdu/judge.h"
#include "youdu/peers.h"

/* Progress report: the phase just started ("loading cases"...), step of steps. */
typedef void (*yd_phase_fn)(void *data, const char *phase, int step, int steps);

struct yd_analyze_opts {
	struct yd_thresholds t;
	int year;               /* judge only decisions of this year (peers too); 0 = all */
	yd_phase_fn progress;   /* may be NULL */
	void *progress_data;
	const struct yd_casecols *cases; /* every stored case, in row id order, when the
				   caller holds them (import --analyze: read once); NULL
				   to load them.  Borrowed; with year 0 only */
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

/* Appends the reason of a stored result, rendered from its figures. */
void yd_judged_reason(struct yd_buf *out, enum yd_lang lang, const struct yd_catalogue *cat,
		      const struct yd_judged_row *row);

#endif
