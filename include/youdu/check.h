/* check.h - the pre-decision check of a draft penalty against the law, its
 * tier and the peer groups stored by the last analysis.  Read-only. */
#ifndef YOUDU_CHECK_H
#define YOUDU_CHECK_H

#include <stdint.h>

#include "youdu/catalogue.h"
#include "youdu/db.h"
#include "youdu/judge.h"
#include "youdu/peers.h"

struct yd_draft {
	const char *violation_code;
	const char *region;  /* normalised path */
	enum yd_tier tier;
	enum yd_party party;
	int64_t fine, base;  /* fen; base -1 when absent */
	int32_t date;        /* yyyymmdd, 0 = none (similar cases by region only) */
};

#define YD_CHECK_SIMILAR 5

struct yd_similar {
	char case_id[256];
	char region[512];
	int32_t date;
	int64_t fine;
};

struct yd_check_result {
	enum yd_verdict verdict;
	const struct yd_cat_item *item; /* borrowed from the checker, NULL without catalogue entry */
	struct yd_legal legal;
	struct yd_peer peer;            /* level YD_LEVEL_NONE when no group had enough cases */
	char peer_region[512];          /* region of the peer group, "" for all */
	double q1, q3;                  /* peers' quartiles in fen (NAN without peers) */
	double median;                  /* peers' median in fen */
	struct {
		double fen;             /* an amount many peers' fines share */
		long count;
	} levels[YD_PEER_LEVELS];       /* the group's levels, most held first */
	int nlevels;
	int has_suggest;
	int64_t suggest_lo, suggest_hi; /* suggested range in fen */
	int suggest_from_peers;         /* 1: band ∩ peers' IQR; 0: the band (or legal range) alone */
	struct yd_similar similar[YD_CHECK_SIMILAR];
	int nsimilar;
};

struct yd_checker;

/* Prepares checks against db (opened read-only is enough): loads the
 * catalogue and the thresholds of the last analysis.  YD_ESTATE when the
 * database was never analysed.  with_similar = 0 skips the similar-case
 * search (batch mode). */
int yd_checker_open(struct yd_db *db, int with_similar, struct yd_checker **out, struct yd_error *err);
void yd_checker_free(struct yd_checker *c);

/* Checks one draft.  YD_EUSAGE with a message when the draft cannot be
 * judged at all (e.g. unknown violation and no peers is still a result). */
int yd_check(struct yd_checker *c, const struct yd_draft *d, struct yd_check_result *r, struct yd_error *err);

#endif
