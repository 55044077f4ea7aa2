#include "youdu/funnel.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/buf.h"

/* Values cut from each end. */
static size_t cut(size_t n, double trim)
{
	size_t g = (size_t)floor((double)n * trim);
	return 2 * g >= n ? (n - 1) / 2 : g;
}

double yd_funnel_trimmed_mean(const double *sorted, size_t n, double trim)
{
	if (n == 0)
		return NAN;
	size_t g = cut(n, trim);
	double s = 0;
	for (size_t i = g; i < n - g; i++)
		s += sorted[i];
	return s / (double)(n - 2 * g);
}

/* Sum of squared deviations from their mean of a[0..n) clamped to [lo, hi]. */
static double clamped_ss(const double *a, size_t n, double lo, double hi)
{
	double mean = 0, ss = 0;
	for (size_t i = 0; i < n; i++)
		mean += a[i] < lo ? lo : a[i] > hi ? hi : a[i];
	mean /= (double)n;
	for (size_t i = 0; i < n; i++) {
		double v = (a[i] < lo ? lo : a[i] > hi ? hi : a[i]) - mean;
		ss += v * v;
	}
	return ss;
}

double yd_funnel_winsorized_ss(const double *sorted, size_t n, double trim)
{
	if (n < 2)
		return 0;
	size_t g = cut(n, trim);
	return clamped_ss(sorted, n, sorted[g], sorted[n - 1 - g]);
}

/* gsl_rng_uniform_int(rng, n) for the generators of 32 bits (min 0, max
 * 2^32 - 1, as mt19937), the same numbers drawn and the same result: the
 * generator's number divided by range / n, drawn again while the quotient
 * is n or more.  The division by the same scale every time is a
 * multiplication by its inverse, set right by one at most (x < 2^32 is
 * exact in a double, the product off by less than one).  The bootstrap of
 * the regions' intervals draws billions of them. */
struct draw {
	const gsl_rng *rng;
	unsigned long n, scale;
	double inv;
};

static void draw_init(struct draw *d, const gsl_rng *rng, unsigned long n)
{
	d->rng = rng;
	d->n = n;
	d->scale = (rng->type->max - rng->type->min) / n;
	d->inv = 1.0 / (double)d->scale;
}

static unsigned long draw(const struct draw *d)
{
	for (;;) {
		unsigned long x = d->rng->type->get(d->rng->state) - d->rng->type->min;
		unsigned long k = (unsigned long)((double)x * d->inv);
		if (k * d->scale > x)
			k--;
		else if ((k + 1) * d->scale <= x)
			k++;
		if (k < d->n)
			return k;
	}
}

void yd_funnel_boot_trimmed(const double *sorted, size_t n, double trim, size_t B, double level, gsl_rng *rng,
			    double *lo, double *hi)
{
	uint32_t *count = yd_xmalloc((n + 1) * sizeof *count);
	double *t = yd_xmalloc((B + 1) * sizeof *t);
	size_t g = cut(n, trim);
	struct draw d;
	int fast = rng->type->min == 0 && rng->type->max == 0xFFFFFFFFul && n > 0;
	if (fast)
		draw_init(&d, rng, n);

	for (size_t b = 0; b < B; b++) {
		memset(count, 0, n * sizeof *count);
		if (fast)
			for (size_t i = 0; i < n; i++)
				count[draw(&d)]++;
		else
			for (size_t i = 0; i < n; i++)
				count[gsl_rng_uniform_int(rng, n)]++;
		/* the resample in order is sorted[j] repeated count[j] times:
		 * add the copies whose rank lies in [g, n - g) */
		double s = 0;
		size_t rank = 0;
		for (size_t j = 0; j < n && rank < n - g; j++) {
			size_t from = rank > g ? rank : g, to = rank + count[j] < n - g ? rank + count[j] : n - g;
			if (to > from)
				s += (double)(to - from) * sorted[j];
			rank += count[j];
		}
		t[b] = s / (double)(n - 2 * g);
	}
	gsl_sort(t, 1, B);
	*lo = gsl_stats_quantile_from_sorted_data(t, 1, B, (1 - level) / 2);
	*hi = gsl_stats_quantile_from_sorted_data(t, 1, B, (1 + level) / 2);
	free(count);
	free(t);
}

/* Spiegelhalter's tau^2 from the units' z-scores: phi from the winsorised
 * mean of z^2 (winsor >= 0) or, robust, from the median |z| (winsor < 0). */
static double tau2_of(const double *y, const double *se, size_t k, double target, double winsor)
{
	double *z = yd_xmalloc((k + 1) * sizeof *z), sw = 0, sw2 = 0, phi = 0;
	size_t m = 0;
	for (size_t i = 0; i < k; i++) {
		if (!(se[i] > 0) || isnan(y[i]))
			continue;
		double w = 1 / (se[i] * se[i]);
		z[m++] = (y[i] - target) / se[i];
		sw += w;
		sw2 += w * w;
	}
	double tau2 = 0;
	if (m >= 2) {
		if (winsor < 0) {
			for (size_t i = 0; i < m; i++)
				z[i] = fabs(z[i]);
			gsl_sort(z, 1, m);
			/* 0.6745 = the normal's upper quartile: median |z| / it
			 * estimates the sd of z as the mean of z^2 does its square */
			double sd = gsl_stats_median_from_sorted_data(z, 1, m) / 0.6744897501960817;
			phi = sd * sd;
		} else {
			gsl_sort(z, 1, m);
			size_t g = cut(m, winsor);
			for (size_t i = 0; i < m; i++) {
				double v = z[i] < z[g] ? z[g] : z[i] > z[m - 1 - g] ? z[m - 1 - g] : z[i];
				phi += v * v;
			}
			phi /= (double)m;
		}
		double num = (double)m * phi - (double)(m - 1), den = sw - sw2 / sw;
		tau2 = num > 0 && den > 0 ? num / den : 0;
	}
	free(z);
	return tau2;
}

double yd_funnel_tau2(const double *y, const double *se, size_t k, double target, double winsor)
{
	return tau2_of(y, se, k, target, winsor < 0 ? 0 : winsor);
}

double yd_funnel_tau2_robust(const double *y, const double *se, size_t k, double target)
{
	return tau2_of(y, se, k, target, -1);
}

double yd_funnel_shrink(double tau2, double se)
{
	return se > 0 ? tau2 / (tau2 + se * se) : 1;
}

double yd_funnel_limit(double z, double se, double tau2)
{
	return z * sqrt(se * se + tau2);
}

/* The values of rank g and n - 1 - g of a[0..n) (reordered), and how many
 * of the ranks g..n-1-g hold each: the trimmed and winsorised statistics
 * need nothing else. */
struct cuts {
	double lo, hi;     /* the values at rank g and n - 1 - g */
	size_t nlo, nhi;   /* ranks in g..n-1-g holding lo, and hi (0 when hi == lo) */
	double inner;      /* sum of the values strictly between lo and hi */
	size_t g;
};

static void find_cuts(double *a, size_t n, double trim, struct cuts *c)
{
	size_t g = cut(n, trim), lt_lo = 0, le_lo = 0, lt_hi = 0, le_hi = 0;
	c->g = g;
	c->lo = gsl_stats_select(a, 1, n, g);
	c->hi = gsl_stats_select(a, 1, n, n - 1 - g);
	c->inner = 0;
	for (size_t i = 0; i < n; i++) {
		lt_lo += a[i] < c->lo;
		le_lo += a[i] <= c->lo;
		lt_hi += a[i] < c->hi;
		le_hi += a[i] <= c->hi;
		if (a[i] > c->lo && a[i] < c->hi)
			c->inner += a[i];
	}
	/* ranks [lt_lo, le_lo) hold lo, [lt_hi, le_hi) hold hi; keep g..n-1-g */
	size_t first = g, last = n - g; /* [first, last) */
	size_t a0 = lt_lo > first ? lt_lo : first, a1 = le_lo < last ? le_lo : last;
	c->nlo = a1 > a0 ? a1 - a0 : 0;
	if (c->hi == c->lo) {
		c->nhi = 0;
		return;
	}
	size_t b0 = lt_hi > first ? lt_hi : first, b1 = le_hi < last ? le_hi : last;
	c->nhi = b1 > b0 ? b1 - b0 : 0;
}

double yd_funnel_trimmed_mean_any(double *a, size_t n, double trim)
{
	if (n == 0)
		return NAN;
	struct cuts c;
	find_cuts(a, n, trim, &c);
	return (c.inner + c.lo * (double)c.nlo + c.hi * (double)c.nhi) / (double)(n - 2 * c.g);
}

double yd_funnel_winsorized_ss_any(double *a, size_t n, double trim)
{
	if (n < 2)
		return 0;
	struct cuts c;
	find_cuts(a, n, trim, &c);
	return clamped_ss(a, n, c.lo, c.hi);
}
