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

double yd_funnel_winsorized_ss(const double *sorted, size_t n, double trim)
{
	if (n < 2)
		return 0;
	size_t g = cut(n, trim);
	double lo = sorted[g], hi = sorted[n - 1 - g], mean = 0, ss = 0;
	for (size_t i = 0; i < n; i++)
		mean += sorted[i] < lo ? lo : sorted[i] > hi ? hi : sorted[i];
	mean /= (double)n;
	for (size_t i = 0; i < n; i++) {
		double v = (sorted[i] < lo ? lo : sorted[i] > hi ? hi : sorted[i]) - mean;
		ss += v * v;
	}
	return ss;
}

void yd_funnel_boot_trimmed(const double *sorted, size_t n, double trim, size_t B, double level, gsl_rng *rng,
			    double *lo, double *hi)
{
	uint32_t *count = yd_xmalloc((n + 1) * sizeof *count);
	double *t = yd_xmalloc((B + 1) * sizeof *t);
	size_t g = cut(n, trim);

	for (size_t b = 0; b < B; b++) {
		memset(count, 0, n * sizeof *count);
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

double yd_funnel_tau2(const double *y, const double *se, size_t k, double target, double winsor)
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
		gsl_sort(z, 1, m);
		size_t g = cut(m, winsor);
		for (size_t i = 0; i < m; i++) {
			double v = z[i] < z[g] ? z[g] : z[i] > z[m - 1 - g] ? z[m - 1 - g] : z[i];
			phi += v * v;
		}
		phi /= (double)m;
		double num = (double)m * phi - (double)(m - 1), den = sw - sw2 / sw;
		tau2 = num > 0 && den > 0 ? num / den : 0;
	}
	free(z);
	return tau2;
}

double yd_funnel_limit(double z, double se, double tau2)
{
	return z * sqrt(se * se + tau2);
}
