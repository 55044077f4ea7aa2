/* stats.h - robust statistics on sorted data (GSL underneath).
 *
 * Arrays are sorted ascending, read-only; scratch space ("work") is owned
 * and sized by the caller, as in GSL; functions that allocate say so. */
#ifndef YOUDU_STATS_H
#define YOUDU_STATS_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

/* 1 / Phi^-1(3/4): makes the MAD a consistent estimate of sigma. */
#define YD_MAD_SCALE 1.482602218505602

/* Median of sorted a[0..n), n >= 1. */
double yd_stats_median(const double *a, size_t n);
/* Median of sorted a[0..n) without the element at index r, n >= 2. */
double yd_stats_median_without(const double *a, size_t n, size_t r);
/* The same median on the natural scale: the median of exp(a) without the
 * element at index r, n >= 2 (for an even count the mean of the two middle
 * exp values, as one says of amounts, not exp of the mean of their logs). */
double yd_stats_median_exp_without(const double *a, size_t n, size_t r);
/* Quantile p of exp(a) for sorted a, interpolated like GSL's between the
 * same two order statistics but on the natural scale. */
double yd_stats_quantile_exp(const double *a, size_t n, double p);
/* Raw MAD of the distinct values of sorted a (each value once): a spread
 * that heaps on a few amounts cannot shrink to 0 while other amounts
 * exist.  *ndistinct gets their number; work needs 2n doubles. */
double yd_stats_distinct_mad(const double *a, size_t n, double *work, size_t *ndistinct);
/* Raw (unscaled) median absolute deviation about the median; work[n]. */
double yd_stats_mad(const double *a, size_t n, double *work);
/* Quantile p in [0,1] of sorted data (GSL's linear interpolation). */
double yd_stats_quantile(const double *a, size_t n, double p);
/* Qn and Sn scale estimators of Rousseeuw & Croux, consistent for the
 * normal, of sorted a.  Sn is GSL's; Qn is GSL's value (same definition and
 * finite-sample factor) found by bisection in O(64 n) instead of GSL's
 * O(n log^2 n) search (see stats.c; tested equal to GSL).  work: 3n doubles. */
double yd_stats_qn(const double *a, size_t n);
double yd_stats_sn(const double *a, size_t n, double *work);

/* Exact leave-one-out median and raw MAD for every element of sorted
 * a[0..n), n >= 3: med[i] and mad[i] are computed on a without a[i].
 * work needs 3n doubles.  O(n log n). */
void yd_stats_loo(const double *a, size_t n, double *med, double *mad, double *work);

/* Mid-rank percentile (0..100) of value x among sorted a[0..n); when
 * self is 1, one element equal to x is the case itself and is left out. */
double yd_stats_percentile(const double *a, size_t n, double x, int self);

/* Percentile (0..100) of x in a distribution known by its nq quantiles
 * q[k] = Q(k / (nq - 1)), interpolated linearly; within 100 / (nq - 1)
 * points of the exact mid-rank percentile. */
double yd_stats_percentile_q(const double *q, size_t nq, double x);

/* Writes to idx the indices 0..n-1 ordered by key ascending (ties by
 * index), with an LSD radix sort: O(n).  tmp must hold 2n uint32. */
void yd_stats_argsort(const double *key, size_t n, uint32_t *idx, uint32_t *tmp);

/* Index of the first element >= x / > x in sorted a[0..n). */
size_t yd_stats_lower_bound(const double *a, size_t n, double x);
size_t yd_stats_upper_bound(const double *a, size_t n, double x);

/* Kruskal-Wallis test of v[i] across groups group[i] in 0..k-1, with the
 * tie correction; empty groups are ignored.  mean_rank (k, may be NULL)
 * receives each group's mean rank.  Allocates its scratch. */
struct yd_kw {
	double h;        /* tie-corrected H */
	int df;          /* non-empty groups - 1 */
	double p;        /* chi-square upper tail (GSL) */
	double epsilon2; /* effect size (H - k + 1) / (n - k), k = df + 1; 0 when negative, NAN when n <= k */
};
void yd_stats_kruskal(const double *v, const uint32_t *group, size_t n, uint32_t k, double *mean_rank,
		      struct yd_kw *out);

/* Benjamini-Hochberg adjusted q-values of m p-values (q may alias p). */
void yd_stats_bh(const double *p, size_t m, double *q);

/* The spread of sorted a[0..n) from its tails: (the 90 % quantile - the
 * 10 % quantile) / 2.5631, a normal sigma; NAN for n < 2.  Sees a long
 * tail that heaped amounts hide from the MAD. */
double yd_stats_spread90(const double *a, size_t n);

/* The Benjamini-Hochberg cut of m p-values (NAN ones are not tests and
 * not counted in m) at false-discovery rate q: with k the largest rank
 * whose p_(k) <= q k / m, returns q max(k, 1) / m (a p at or below it is a
 * discovery; with k = 0, what one discovery would need) and sets *k.
 * Sorts only the p-values <= q.  Allocates its scratch. */
double yd_stats_bh_cut(const double *p, size_t m, double q, size_t *k);

/* The inverse of the trigamma function psi'(y) = x, for x > 0 (Newton's
 * method as in Smyth 2004). */
double yd_stats_trigamma_inverse(double x);

/* Smyth's (2004, "Linear models and empirical Bayes methods for assessing
 * differential expression", SAGMB 3:3) moment estimate of the scaled
 * inverse chi-square prior of n > 0 variances s2[i] > 0 with df[i] > 0
 * degrees of freedom: the prior variance *s0sq and its degrees of freedom
 * *d0 (INFINITY when the variances differ no more than their sampling
 * error).  Returns 0, or -1 when n < 3. */
int yd_stats_prior_var(const double *s2, const double *df, size_t n, double *s0sq, double *d0);

/* Percentile bootstrap interval of the median of sorted a[0..n): B
 * resamples of n cases drawn with gsl_rng_uniform_int from rng; level is
 * e.g. 0.95.  Allocates its scratch. */

void yd_stats_boot_median(const double *a, size_t n, size_t B, double level, gsl_rng *rng, double *lo,
			  double *hi);

/* Least-squares slope of y on x with its level (e.g. 0.95) confidence
 * interval (t distribution, n - 2 df); the interval is NAN when n < 3. */
void yd_stats_slope(const double *x, const double *y, size_t n, double level, double *slope, double *lo,
		    double *hi);

/* Sorts doubles ascending (for callers that build their own arrays). */
void yd_stats_sort(double *a, size_t n);

#endif
