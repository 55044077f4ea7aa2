/* check.h - the pre-decision check of a draft penalty against the law, its
 * tier and the peer groups stored by the last analysis.  Read-only. */
#ifndef YOUDU_CHECK_H
#define YOUDU_CHECK_H

#include <stdint.h>

#include "youdu/analyze.h"
#include "youdu/buf.h"
#include "youdu/catalogue.h"
#include "youdu/context.h"
#include "youdu/db.h"
#include "youdu/db_catalogue.h"
#include "youdu/db_review.h"
#include "youdu/judge.h"
#include "youdu/peers.h"

struct yd_draft {
	const char *violation_code; /* must be a known code (catalogue or cases), byte for byte */
	const char *region;  /* normalised path: a known region, or a prefix of known ones */
	enum yd_tier tier;
	enum yd_party party;
	int64_t fine, base;  /* fen; base -1 when absent */
	int32_t date;        /* yyyymmdd, 0 = none (similar cases by region only) */
	double interval;     /* level of the reference range's prediction interval,
			      * 0 for YD_CHECK_INTERVAL */
	const char *context; /* its penalty provision and peer factors (context.h), NULL or "" none */
	int32_t law_date;    /* without a date: the day whose catalogue version judges the
			      * draft (the caller's today); 0 the latest version */
	const char *currency; /* ISO 4217 code of fine and base; NULL or "" the currency of
			       * the violation's cases.  Its peers are cases of it only */
};

#define YD_CHECK_INTERVAL 0.8

#define YD_CHECK_SIMILAR 5

/* struct yd_similar: db_review.h */

/* How the draft's region was matched with the known region paths. */
enum yd_region_match {
	YD_REGION_EXACT = 0, /* a region of past cases */
	YD_REGION_PREFIX,    /* a prefix of such regions (a county, a province):
			      * compared at the county level when it is a county
			      * of the peer groups, else with all regions */
	YD_REGION_NONE       /* no past case in the database: any path is taken, the
			      * catalogue alone judges and there are no peers */
};

/* The draft judged against one declared tier, when it declared none. */
struct yd_tier_fit {
	enum yd_tier tier;
	enum yd_verdict verdict;     /* the tier check, then the peers of that tier */
	int has_band;
	int64_t band_lo, band_hi;    /* the tier's band in fen */
	int band_derived;            /* the band is the 30/70 split, not published */
	enum yd_level level;         /* the peer group of that tier, YD_LEVEL_NONE when too few */
	long n;                      /* its cases */
	double median;               /* their median fine in fen */
	double q1, q3;               /* their quartiles in fen */
	double pi_lo, pi_hi;         /* the prediction interval of a fine among them, fen (NAN none) */
};
#define YD_CHECK_TIERS 3 /* lenient, general, severe */

/* A known value near an unknown one: a violation code and its name, or a
 * region path (name ""). */
struct yd_near {
	char key[256];
	char name[256];
};
#define YD_CHECK_NEAR 5

/* Which input of a draft was not known. */
enum yd_check_field { YD_CHECK_F_NONE = 0, YD_CHECK_F_VIOLATION, YD_CHECK_F_REGION };

struct yd_check_result {
	enum yd_verdict verdict;
	const struct yd_cat_item *item; /* borrowed from the checker until its next yd_checker_begin
					 * (which may reload it) or _free; NULL without catalogue entry */
	struct yd_legal legal;
	struct yd_peer peer;            /* level YD_LEVEL_NONE when no group had enough cases */
	char context[YD_CONTEXT_MAX];   /* the draft's context, "" none */
	char currency[4];               /* ISO 4217 code of the peers' amounts, the draft's */
	int widened;                    /* 1: peers without its factors (too few with them) */
	char peer_region[600];          /* region of the peer group, "" for all */
	double q1, q3;                  /* peers' quartiles in fen (NAN without peers) */
	double median;                  /* peers' median in fen */
	struct {
		double fen;             /* an amount many peers' fines share */
		long count;
	} levels[YD_PEER_LEVELS];       /* the group's levels, most held first */
	int nlevels;
	double pi_lo, pi_hi;            /* the prediction interval of a fine among the peers, fen
					 * (NAN without peers or without a scale) */
	int has_suggest;                /* the reference range (参考区间): */
	int64_t suggest_lo, suggest_hi; /* in fen */
	int suggest_from_peers;         /* 1: band ∩ the peers' prediction interval; 0: the band
					 * (or legal range) alone */
	double interval;                /* the prediction level used */
	int suggest_fit;                /* 1: no tier declared and too few undeclared peers: the
					   suggestion and the similar decisions follow tiers[fit] */
	struct yd_similar similar[YD_CHECK_SIMILAR];
	int nsimilar;
	enum yd_region_match region_match;
	enum yd_level region_level;     /* a prefix: the level it stands for (county or all) */
	long region_below;              /* a prefix: the known regions below it */
	struct yd_tier_fit tiers[YD_CHECK_TIERS]; /* only when the draft declared no tier */
	int ntiers;
	int fit;                        /* index in tiers of the tier the fine fits, -1 none */
	/* when yd_check fails because an input is not known: which, and the
	 * known values nearest to it (case-insensitive equality first) */
	enum yd_check_field bad_field;
	struct yd_near near[YD_CHECK_NEAR];
	int nnear;
};

struct yd_checker;

/* Prepares checks against db (opened read-only is enough): loads the
 * catalogue and the thresholds of the last analysis.  YD_ESTATE when the
 * database holds cases and was never analysed (without cases, the
 * catalogue alone judges: yd_checker_has_cases).  with_similar = 0 skips the similar-case
 * search (batch mode). */
int yd_checker_open(struct yd_db *db, int with_similar, struct yd_checker **out, struct yd_error *err);
void yd_checker_free(struct yd_checker *c);

/* Checks one draft.  Strict: a violation code that is neither in the
 * catalogue nor among the imported cases, or a region path that is neither
 * a known region nor a prefix of known ones (whole components), fails with
 * YD_EUSAGE, a message naming the nearest known values ("unknown violation
 * 'cg004': did you mean CG004 擅自占用城市道路?"), and r->bad_field and
 * r->near filled.  A draft without a tier is also judged against each
 * ordinary tier (r->tiers), and r->fit says which one its fine fits. */
int yd_check(struct yd_checker *c, const struct yd_draft *d, struct yd_check_result *r, struct yd_error *err);

/* For a long-running reader (youdu serve): begins a read transaction on
 * the checker's database, so that one request sees one state, and reloads
 * the checker (ledger, thresholds, catalogue, known names, cached groups)
 * when another connection committed since it was loaded: analyze ran
 * again, a catalogue or cases were imported.  *reloaded (may be NULL) is
 * set to 1 then.  End with yd_checker_end, also after a failure. */
int yd_checker_begin(struct yd_checker *c, int *reloaded, struct yd_error *err);
void yd_checker_end(struct yd_checker *c);

/* 0 when the database holds no past case (only a catalogue): drafts are
 * judged by the catalogue for any region path, every peer verdict is
 * insufficient_peers.  The checker then opens without an analysis. */
int yd_checker_has_cases(const struct yd_checker *c);

/* The run the checker judges with (borrowed; run_id 0 without one). */
const struct yd_ledger *yd_checker_ledger(const struct yd_checker *c);
/* The catalogue it judges with (borrowed). */
const struct yd_catalogue *yd_checker_catalogue(const struct yd_checker *c);

/* The known violations in code order: code and name (name "" when none
 * was given), and whether the catalogue has them.  Returns how many; i
 * beyond that gives 0.  Strings are borrowed until the next reload. */
size_t yd_checker_violations(const struct yd_checker *c);
int yd_checker_violation(const struct yd_checker *c, size_t i, const char **code, const char **name,
			 const struct yd_cat_item **item);
/* The known region paths in byte order (borrowed), each with the level a
 * draft there is compared at: YD_LEVEL_REGION a region of past cases,
 * YD_LEVEL_PARENT a county of such regions, YD_LEVEL_ALL another prefix. */
size_t yd_checker_regions(const struct yd_checker *c);
int yd_checker_region(struct yd_checker *c, size_t i, const char **path, enum yd_level *level);

/* The up to max (<= YD_CHECK_NEAR) indexes of keys[0..n) nearest to s,
 * nearest first, into out; returns how many.  paths = 0: violation codes,
 * where names[] (may hold NULL) are also matched; a case-insensitive equal
 * code comes first.  paths = 1: region paths, where a path ending in s's
 * components, or holding them in order, comes first.  Pure. */
int yd_check_nearest(const char *s, const char *const *keys, const char *const *names, size_t n, int paths,
		     size_t *out, int max);

/* ---- output (check_out.c): what `check` prints, into a buffer ---- */

/* The reason of a result in plain words: the verdict's reason, then what
 * a prefix region or a missing tier mean for it. */
void yd_check_reason(struct yd_buf *b, enum yd_lang lang, const struct yd_draft *d, const struct yd_check_result *r);
/* The JSON object of `check --format json` and of serve's POST /api/check
 * (json.h); a new reference, the caller's. */
struct json_t *yd_check_json_object(enum yd_lang lang, const struct yd_draft *d, const struct yd_check_result *r);
/* That object appended to b as `check --format json` prints it: one line. */
void yd_check_json(struct yd_buf *b, enum yd_lang lang, const struct yd_draft *d, const struct yd_check_result *r);
/* The text of `check` (lines). */
void yd_check_text(struct yd_buf *b, enum yd_lang lang, const struct yd_draft *d, const struct yd_check_result *r);
/* A paragraph for the legal review opinion (法制审核意见) of the draft. */
void yd_check_opinion(struct yd_buf *b, enum yd_lang lang, const struct yd_draft *d,
		      const struct yd_check_result *r);

#endif
