/* funnel.h - the statistics of youdu regions: a trimmed mean and its
 * bootstrap interval, the Tukey-McLaughlin spread of a trimmed mean, and
 * the overdispersion-adjusted funnel of Spiegelhalter (2005, "Funnel plots
 * for comparing institutional performance", Stat Med 24:1185), additive
 * random effects estimated DerSimonian-Laird style from winsorised z-scores.
 *
 * Arrays named "sorted" are ascending and read-only; nothing here prints.
 * See docs/METHODS.md, "Regions, disparity and trends". */
#ifndef YOUDU_FUNNEL_H
#define YOUDU_FUNNEL_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

/* Share trimmed at each end by youdu regions' index (and winsorised for
 * its spread), and share of z-scores winsorised at each end for tau^2. */
#define YD_FUNNEL_TRIM 0.1
#define YD_FUNNEL_WINSOR_Z 0.1

/* Mean of sorted a[0..n) without its floor(n * trim) lowest and highest
 * values, as R's mean(x, trim = trim); NAN when n == 0. */
double yd_funnel_trimmed_mean(const double *sorted, size_t n, double trim);

/* The same of a[0..n) in any order, in time proportional to n (two
 * selections, gsl_stats_select): equal to yd_funnel_trimmed_mean of the
 * sorted values.  Reorders a.  NAN when n == 0. */
double yd_funnel_trimmed_mean_any(double *a, size_t n, double trim);

/* Sum of squared deviations from their mean of the values of sorted
 * a[0..n) winsorised at floor(n * trim) from each end (the g lowest set to
 * the next value up, the g highest to the next value down).  Divided by
 * n - 1 it is the winsorised variance; s_w / ((1 - 2 trim) sqrt(n)) is the
 * Tukey-McLaughlin standard error of the trimmed mean. */
double yd_funnel_winsorized_ss(const double *sorted, size_t n, double trim);

/* The same of a[0..n) in any order, in time proportional to n; reorders a. */
double yd_funnel_winsorized_ss_any(double *a, size_t n, double trim);

/* Percentile bootstrap interval (level e.g. 0.95) of the trimmed mean of
 * sorted a[0..n), n >= 1: B resamples of n values drawn with
 * gsl_rng_uniform_int(rng, n), each known by how often each value was
 * drawn (so no resample is sorted).  Allocates its scratch. */
void yd_funnel_boot_trimmed(const double *sorted, size_t n, double trim, size_t B, double level, gsl_rng *rng,
			    double *lo, double *hi);

/* Between-unit variance tau^2 of Spiegelhalter's additive random-effects
 * funnel: z_i = (y_i - target) / se_i, the floor(k * winsor) lowest and
 * highest z set to the next value inward, phi = mean(z^2), and
 *   tau^2 = (k phi - (k - 1)) / (sum w - sum w^2 / sum w),  w = 1 / se^2,
 * or 0 when k phi <= k - 1.  Units with se <= 0 or NAN are skipped; 0
 * when fewer than 2 units remain.  Allocates its scratch. */
double yd_funnel_tau2(const double *y, const double *se, size_t k, double target, double winsor);

/* The same with phi = (median |z_i| / 0.6745)^2, the median of |z| in
 * place of the winsorised mean of z^2: a unit far out moves phi by one
 * rank at most, however far it is, so biased units cannot widen their own
 * limits (with few units, where winsorising cuts none, one did). */
double yd_funnel_tau2_robust(const double *y, const double *se, size_t k, double target);

/* Empirical-Bayes shrinkage factor tau2 / (tau2 + se^2) toward the target;
 * 1 when se == 0. */
double yd_funnel_shrink(double tau2, double se);

/* Half-width of the funnel at standard error se: z sqrt(se^2 + tau2). */
double yd_funnel_limit(double z, double se, double tau2);

#endif
