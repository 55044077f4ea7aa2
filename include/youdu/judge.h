/* judge.h - verdict rules and their reasons.
 *
 * Verdicts in order of seriousness; the names are a contract. */
#ifndef YOUDU_JUDGE_H
#define YOUDU_JUDGE_H

#include <math.h> /* NAN, in YD_THRESHOLDS_DEFAULT */
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
	YD_V_EXEMPT_REPEAT, /* exempt_repeat: not fined under a 免罚清单 item although the
			     * party has an earlier decision for it in the item's window (issue 24) */
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
enum yd_nolegal {
	YD_NL_NONE = 0,
	YD_NL_NO_CATALOGUE,
	YD_NL_NO_BASE,
	YD_NL_REVIEW,  /* the item's standard could not be read */
	YD_NL_PARTIAL, /* the table publishes some tiers only and the basis states no
			* range: the declared tier's published band is judged, the law is not */
	YD_NL_NO_VERSION /* the item has versions, none in force on the decision's date
			  * (dated before every version, or after one ended) */
};

/* The legality and tier check of one case. */
struct yd_legal {
	enum yd_verdict verdict; /* a legal/tier verdict, YD_V_OK when both pass, or YD_V_NO_BENCHMARK */
	enum yd_nolegal nolegal; /* why there was no benchmark */
	int64_t lo, hi;          /* statutory range in fen (for this base) */
	int has_band;            /* a declared tier with a band */
	int64_t band_lo, band_hi; /* the tier's band in fen */
	int band_derived;        /* the band is youdu's 30/70 split of the legal range, not
				  * published: shown as context, never a finding (issue 23) */
	double farness;          /* how far out: ln(fine / crossed bound), >= 0 */
	int party_any;           /* the party was unknown and the law's ranges differ
				  * by party: legal within any of them */
	int32_t law_from;        /* the catalogue version judged by: its first day
				  * (yyyymmdd), 0 undated (issue 23) */
	int32_t law_next;        /* YD_NL_NO_VERSION: the first day a version takes effect
				  * after the decision, -1 none */
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

/* The legal maximum in fen that the excess of a fine above it is measured
 * from: 0 for 不予处罚 and where no maximum is known (no item, a multiple
 * without its base), else the item's maximum at the precision of money
 * (yd_cat_fen_up). */
int64_t yd_judge_legal_cap(const struct yd_cat_item *it, enum yd_tier tier, int64_t base);

/* Rules 1 and 2 with the version of the violation's item in force on date
 * (yyyymmdd; 0: the latest): a decision is judged by the standard of its
 * day, and one dated before every version (or after a version ended) by
 * none (YD_NL_NO_VERSION, law_next set), never by the oldest.  Returns the
 * version judged by (NULL: none, or not in the catalogue). */
const struct yd_cat_item *yd_judge_legal_at(const struct yd_catalogue *cat, int64_t violation_id, int32_t date,
					    enum yd_tier tier, enum yd_party party, int64_t fine, int64_t base,
					    struct yd_legal *out);

/* Peer-group levels, widening. */
enum yd_level { YD_LEVEL_REGION = 0, YD_LEVEL_PARENT, YD_LEVEL_ALL, YD_LEVEL_NONE };
const char *yd_level_name(enum yd_level l); /* "region", "county", "all", "" */
const char *yd_level_zh(enum yd_level l);

/* How the peer group's own scale was obtained.  YD_SCALE_POOLED: the group
 * has no spread it could measure (most fines on one amount); its cases are
 * measured with the run's pooled scale alone (docs/METHODS.md, rule 3). */
enum yd_scale_method { YD_SCALE_MAD = 0, YD_SCALE_QN, YD_SCALE_POOLED, YD_SCALE_DISTINCT };
const char *yd_scale_name(enum yd_scale_method m);

struct yd_thresholds {
	int min_peers;    /* a level needs at least this many other cases (default 12) */
	double fdr;       /* false discovery rate of the run's flags, Benjamini-Hochberg (default 0.05) */
	double ratio;     /* a flag differs at least this much from the peers' median
			   * (default 1.5: 1.5x or 1/1.5 of it) */
	double min_scale; /* robust sigmas of ln(fine) below this count as no spread (default 0.1) */
	double max_share; /* an outlier has at most max(1, max_share x n) peers as far out (default 0.05) */
	int min_heaped;   /* a group with no spread (MAD scale < min_scale) needs this many
			   * other cases before the last level (default 30) */
	/* found by a run (analyze), used by check: */
	double prior_scale; /* the pooled scale s0 of ln(fine) over the run's (violation,
			     * tier) groups; NAN when none */
	double prior_df;    /* its weight d0 in degrees of freedom (INFINITY: every group alike) */
	double local_ratio; /* a region or county group's variance is typically this
			     * times its (violation, tier) group's; NAN when not known */
	double local_df;    /* the weight of that in degrees of freedom */
	double p_cut;       /* a tail probability at or below this is a discovery (0: none) */
};

#define YD_THRESHOLDS_DEFAULT {12, 0.05, 1.5, 0.1, 0.05, 30, NAN, 0, NAN, 0, 0}

/* A case's position among its peers. */
struct yd_peer {
	enum yd_level level;  /* YD_LEVEL_NONE when no level had enough peers */
	int party_used;       /* 1 when the group was also restricted to the party type */
	long n;               /* other cases in the group */
	double median;        /* median of x among them */
	double median_nat;    /* their median fine on the natural scale: fen for fixed
			       * items, multiple of the base for multiple items
			       * (mean of the two middle amounts for an even count) */
	double own;           /* the group's own robust sigma of x (1.4826 MAD, Qn, or the
			       * distinct amounts' spread); 0 when it has none (YD_SCALE_POOLED) */
	double own_df;        /* its degrees of freedom: the estimator's efficiency x cases */
	double scale;         /* the moderated scale the case is measured with */
	double df;            /* degrees of freedom of the case's t statistic (own_df + prior_df) */
	enum yd_scale_method method;
	double percentile;    /* mid-rank percentile of the case among them */
	double z;             /* (x - median) / (scale x sqrt(1 + pi / 2n)); NAN without a scale */
	double p;             /* two-sided tail probability of z under t(df); NAN without a scale */
	long above, below;    /* peers at or above x, at or below x (the rarity rule) */
};

/* Picks the group's own scale from the leave-one-out raw MAD, the group's
 * Qn and the group's spread of distinct amounts (1.4826 x their MAD; NAN
 * when the group has fewer than 5 distinct amounts), all in x units, and
 * fills p->own, p->own_df and p->method: the first of the three at least
 * min_scale, else none (YD_SCALE_POOLED).  A scale found is raised to the
 * group's tail spread wide (yd_stats_spread90; NAN: not used) when that is
 * larger: fines heaped on a few low amounts with the rest spread over a
 * wide band have a narrow MAD but a long tail, and the tail is where a
 * case is judged.  p->n must be set. */
void yd_judge_scale(double mad, double qn, double distinct, double wide, const struct yd_thresholds *t,
		    struct yd_peer *p);
/* The degrees of freedom yd_judge_scale credits a scale of this method
 * measured on n cases. */
double yd_judge_scale_df(enum yd_scale_method m, long n);

/* The prior a group's scale is moderated with (docs/METHODS.md, rule 3):
 * for a group of all regions, the run's pooled scale; for a region's or a
 * county's, the scale of its (violation, tier) group of all regions
 * (vt_scale, NAN when unknown, measured with vt_df degrees of freedom)
 * times sqrt(local_ratio), weighted min(local_df, vt_df): a prior knows no
 * more than the cases it was measured on. */
void yd_judge_prior(const struct yd_thresholds *t, enum yd_level level, double vt_scale, double vt_df, double *s0,
		    double *d0);

/* The calibrated position of a case at x among peers p (median, n and own
 * scale set): moderates the own scale with the prior (s0, d0),
 * s^2 = (own_df own^2 + d0 s0^2) / (own_df + d0) (Smyth 2004), and fills
 * p->scale, p->df and p->z; p->p when with_p (the tail is the costly
 * part).  Without any scale, z and p are NAN. */
void yd_judge_calibrate(double x, struct yd_peer *p, double s0, double d0, int with_p);
/* The two-sided tail probability of z under Student's t with df degrees of
 * freedom (the normal for INFINITY); NAN when z is NAN or df <= 0. */
double yd_judge_tail(double z, double df);

/* Rule 3 before the run's false-discovery cut: YD_V_OVER or YD_V_UNDER
 * when a case at x differs from the peers' median by at least the ratio
 * and is rare (at most max(1, max_share x n) peers as far out in its
 * direction, so a level of fines that many cases share is never flagged);
 * else YD_V_OK. */
enum yd_verdict yd_judge_candidate(double x, const struct yd_peer *p, const struct yd_thresholds *t);

/* Rule 3 for one case with the cut of a run (check): calibrates with the
 * prior of yd_judge_prior, then a candidate whose p is at most t->p_cut is
 * flagged.  *farness is |z| (the log ratio to the median when there is no
 * z). */
enum yd_verdict yd_judge_peer(double x, struct yd_peer *p, const struct yd_thresholds *t, double vt_scale,
			      double vt_df, double *farness);

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
	const char *context;        /* the case's penalty provision and peer factors
				     * (context.h), NULL or "" none */
	int widened;                /* 1: compared without the factors */
	const char *currency;       /* ISO 4217 code of fine and base, NULL or "" CNY */
};

/* Appends the reason of a verdict in plain words to out. */
void yd_judge_reason(struct yd_buf *out, enum yd_lang lang, const struct yd_reason_in *in);

#endif
