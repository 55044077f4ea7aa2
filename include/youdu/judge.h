/* judge.h - verdict rules and their reasons.
 *
 * Verdicts in order of seriousness; the names are a contract. */
#ifndef YOUDU_JUDGE_H
#define YOUDU_JUDGE_H

#include <stdint.h>

#include "youdu/buf.h"
#include "youdu/catalogue.h"
#include "youdu/parse.h"

enum yd_verdict {
	YD_V_ABOVE_LEGAL_MAX = 0,
	YD_V_BELOW_LEGAL_MIN,
	YD_V_ABOVE_TIER,
	YD_V_BELOW_TIER,
	YD_V_OVER,  /* over_penalized */
	YD_V_UNDER, /* under_penalized */
	YD_V_OK,
	YD_V_INSUFFICIENT, /* insufficient_peers */
	YD_V_NO_BENCHMARK,
	YD_V_COUNT
};

/* Verdicts before YD_V_OK are findings ("flagged"). */
#define YD_VERDICT_FLAGGED(v) ((v) < YD_V_OK)

const char *yd_verdict_name(enum yd_verdict v); /* "above_tier"; static */
const char *yd_verdict_zh(enum yd_verdict v);   /* "高于阶次"; static */
/* Parses a verdict name; returns 0 or -1. */
int yd_verdict_parse(const char *s, enum yd_verdict *v);

/* Why a case could not be checked against the law.  YD_NL_REVIEW: the
 * item's standard could not be read (needs review); judged by peers only. */
enum yd_nolegal { YD_NL_NONE = 0, YD_NL_NO_CATALOGUE, YD_NL_NO_BASE, YD_NL_REVIEW };

/* The legality and tier check of one case. */
struct yd_legal {
	enum yd_verdict verdict; /* a legal/tier verdict, YD_V_OK when both pass, or YD_V_NO_BENCHMARK */
	enum yd_nolegal nolegal; /* why there was no benchmark */
	int64_t lo, hi;          /* statutory range in fen (for this base) */
	int has_band;            /* a declared tier with a band */
	int64_t band_lo, band_hi; /* the tier's band in fen */
	double farness;          /* how far out: ln(fine / crossed bound), >= 0 */
	int party_any;           /* the party was unknown and the law's ranges differ
				  * by party: legal within any of them */
};

/* Applies rules 1 and 2 of docs/METHODS.md.  it may be NULL (no catalogue
 * entry): legality is then not checked (nolegal), except that a 不予处罚
 * case must have fine 0 whatever the law's range.  fine and base in fen,
 * base -1 when absent. */
void yd_judge_legal(const struct yd_cat_item *it, enum yd_tier tier, int64_t fine, int64_t base,
		    struct yd_legal *out);
/* The same for a party: an item read from a published table has ranges per
 * party and per branch on the base; the case's party picks its party's
 * range (unknown party or 个体工商户: legal within any, party_any set), the
 * presence of a base (base > 0) picks the branch, and a cap bounds a
 * multiple: max = min(multiple x base, cap).  yd_judge_legal is this with
 * YD_PARTY_UNKNOWN. */
void yd_judge_legal_party(const struct yd_cat_item *it, enum yd_tier tier, enum yd_party party, int64_t fine,
			  int64_t base, struct yd_legal *out);

/* Peer-group levels, widening. */
enum yd_level { YD_LEVEL_REGION = 0, YD_LEVEL_PARENT, YD_LEVEL_ALL, YD_LEVEL_NONE };
const char *yd_level_name(enum yd_level l); /* "region", "county", "all", "" */
const char *yd_level_zh(enum yd_level l);

/* How the peer scale was obtained. */
enum yd_scale_method { YD_SCALE_MAD = 0, YD_SCALE_QN, YD_SCALE_RATIO, YD_SCALE_DISTINCT };
const char *yd_scale_name(enum yd_scale_method m);

struct yd_thresholds {
	int min_peers;    /* a level needs at least this many other cases (default 12) */
	double z;         /* |z| above this is an outlier (default 3.5) */
	double ratio;     /* ratio rule when no scale exists (default 1.5: 1.5x or 1/1.5 of the median) */
	double min_scale; /* robust sigmas of ln(fine) below this count as no spread (default 0.1) */
	double max_share; /* an outlier has at most max(1, max_share x n) peers as far out (default 0.05) */
	int min_heaped;   /* a group with no spread (MAD scale < min_scale) needs this many
			   * other cases before the last level (default 30) */
};

#define YD_THRESHOLDS_DEFAULT {12, 3.5, 1.5, 0.1, 0.05, 30}

/* A case's position among its peers. */
struct yd_peer {
	enum yd_level level;  /* YD_LEVEL_NONE when no level had enough peers */
	int party_used;       /* 1 when the group was also restricted to the party type */
	long n;               /* other cases in the group */
	double median;        /* median of x among them */
	double median_nat;    /* their median fine on the natural scale: fen for fixed
			       * items, multiple of the base for multiple items
			       * (mean of the two middle amounts for an even count) */
	double scale;         /* robust sigma of x (1.4826 MAD, or Qn), 0 with the ratio rule */
	enum yd_scale_method method;
	double percentile;    /* mid-rank percentile of the case among them */
	double z;             /* (x - median) / scale; NAN with the ratio rule */
	long above, below;    /* peers at or above x, at or below x (the rarity rule) */
};

/* Picks the scale from the leave-one-out raw MAD, the group's Qn and the
 * group's spread of distinct amounts (1.4826 x their MAD; NAN when the
 * group has fewer than 5 distinct amounts), all in x units, and fills
 * p->scale and p->method: the first of the three at least min_scale, else
 * the ratio rule. */
void yd_judge_scale(double mad, double qn, double distinct, const struct yd_thresholds *t, struct yd_peer *p);

/* Rule 3: over/under/ok for a case at x with peers p (scale chosen, above
 * and below counted): far out by z (or the ratio rule), and rare: at most
 * max(1, max_share x n) peers as far out in that direction, so a level of
 * fines that many cases share is never flagged. */
enum yd_verdict yd_judge_peer(double x, struct yd_peer *p, const struct yd_thresholds *t, double *farness);

/* x of a fine: ln(fine) for fixed items (and unknown ones), ln(fine/base)
 * for multiple items; returns 0, or -1 when x does not exist (fine 0, no base). */
int yd_judge_x(const struct yd_cat_item *it, int64_t fine, int64_t base, double *x);
/* The fine (fen) that corresponds to x for this item and base. */
double yd_judge_fen_of_x(const struct yd_cat_item *it, double x, int64_t base);
/* The fine (fen) of a natural-scale value (fen, or a multiple of base). */
double yd_judge_fen_of_nat(const struct yd_cat_item *it, double nat, int64_t base);

enum yd_lang { YD_LANG_ZH = 0, YD_LANG_EN };
int yd_lang_parse(const char *s, enum yd_lang *l);

/* Everything a reason is made from. */
struct yd_reason_in {
	const struct yd_cat_item *it; /* may be NULL */
	enum yd_tier tier;            /* (the party is in legal->party_any) */
	int64_t fine, base;
	const struct yd_legal *legal;
	const struct yd_peer *peer; /* may be NULL */
	enum yd_verdict verdict;
	const char *peer_region;    /* name of the peer group's region, "" for all */
};

/* Appends the reason of a verdict in plain words to out. */
void yd_judge_reason(struct yd_buf *out, enum yd_lang lang, const struct yd_reason_in *in);

#endif
