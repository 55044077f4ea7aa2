#include "youdu/stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/error.h"

double yd_stats_median(const double *a, size_t n)
{
	return n % 2 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2.0;
}

/* Element k of a with index r removed. */
static double at_without(const double *a, size_t r, size_t k)
{
	return k < r ? a[k] : a[k + 1];
}

double yd_stats_median_without(const double *a, size_t n, size_t r)
{
	size_t m = n - 1;
	if (m % 2)
		return at_without(a, r, m / 2);
	return (at_without(a, r, m / 2 - 1) + at_without(a, r, m / 2)) / 2.0;
}

static void sorted_deviations(const double *a, size_t n, double m, double *d);

double yd_stats_median_exp_without(const double *a, size_t n, size_t r)
{
	size_t m = n - 1;
	if (m % 2)
		return exp(at_without(a, r, m / 2));
	return (exp(at_without(a, r, m / 2 - 1)) + exp(at_without(a, r, m / 2))) / 2.0;
}

double yd_stats_quantile_exp(const double *a, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);
	double frac = h - (double)lo, v = exp(a[lo]);
	if (lo + 1 < n && frac > 0)
		v += frac * (exp(a[lo + 1]) - v);
	return v;
}

double yd_stats_distinct_mad(const double *a, size_t n, double *work, size_t *ndistinct)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!m || a[i] != work[m - 1])
			work[m++] = a[i];
	*ndistinct = m;
	if (!m)
		return NAN;
	return yd_stats_mad(work, m, work + m);
}

double yd_stats_mad(const double *a, size_t n, double *work)
{
	sorted_deviations(a, n, yd_stats_median(a, n), work);
	return yd_stats_median(work, n);
}

double yd_stats_quantile(const double *a, size_t n, double p)
{
	return gsl_stats_quantile_from_sorted_data(a, 1, n, p);
}

/* Qn's finite-sample factor d_n, the one GSL applies (from R's robustbase,
 * not the 1992 paper's): a table up to 12, then a rational fit in 1/n. */
static double qn_factor(size_t n)
{
	static const double small[13] = {1,	 1,	  0.399356, 0.99365, 0.51321, 0.84401, 0.61220,
					 0.85877, 0.66993, 0.87344,  0.72014, 0.88906, 0.75743};
	if (n <= 12)
		return small[n];
	double m = (double)n;
	double d = n % 2 ? 1.60188 + (-2.1284 - 5.172 / m) / m : 3.67561 + (1.9654 + (6.987 - 77.0 / m) / m) / m;
	return 1.0 / (d / m + 1.0);
}

/* How many pairs i < j of sorted a have a_j - a_i <= t: for each j the
 * first i within t only moves right (the rounded difference is monotone). */
static uint64_t pairs_within(const double *a, size_t n, double t)
{
	uint64_t count = 0;
	for (size_t i = 0, j = 1; j < n; j++) {
		while (a[j] - a[i] > t)
			i++;
		count += j - i;
	}
	return count;
}

static double from_bits(uint64_t b)
{
	double d;
	memcpy(&d, &b, sizeof d);
	return d;
}

/* Qn without its constants is the k-th smallest of the n(n-1)/2 distances
 * a_j - a_i (i < j), k = h(h-1)/2, h = n/2 + 1.  The count of distances up
 * to t is a step function that rises at each distance, so the k-th is the
 * smallest t with at least k distances up to it.  The bit patterns of
 * non-negative doubles are ordered like their values: bisecting them takes
 * at most 64 counts of O(n), where GSL's search sorts O(n) candidates many
 * times; the result is the same double (tested against GSL). */
static double qn0(const double *a, size_t n)
{
	uint64_t h = n / 2 + 1, k = h * (h - 1) / 2, lo = 0, hi;
	double range = a[n - 1] - a[0];
	memcpy(&hi, &range, sizeof hi);
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (pairs_within(a, n, from_bits(mid)) >= k)
			hi = mid;
		else
			lo = mid + 1;
	}
	return from_bits(lo);
}

double yd_stats_qn(const double *a, size_t n)
{
	return n < 2 ? 0 : 2.21914 * qn_factor(n) * qn0(a, n);
}

double yd_stats_sn(const double *a, size_t n, double *work)
{
	return gsl_stats_Sn_from_sorted_data(a, 1, n, work);
}

size_t yd_stats_lower_bound(const double *a, size_t n, double x)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t yd_stats_upper_bound(const double *a, size_t n, double x)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

double yd_stats_percentile(const double *a, size_t n, double x, int self)
{
	size_t lo = yd_stats_lower_bound(a, n, x), hi = yd_stats_upper_bound(a, n, x);
	double eq = (double)(hi - lo) - (self ? 1 : 0);
	double others = (double)n - (self ? 1 : 0);
	if (others <= 0)
		return NAN;
	return 100.0 * ((double)lo + 0.5 * eq) / others;
}

static void insertion_sort(double *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		double v = a[i];
		size_t j = i;
		for (; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

/* Quicksort with a median-of-three pivot and insertion sort for short runs,
 * GSL's heapsort past 2 log2 n levels (introsort): gsl_sort alone, a
 * heapsort, was a third of a 2M report's trends. */
static void intro_sort(double *a, size_t n, int depth)
{
	while (n > 24) {
		if (depth-- == 0) {
			gsl_sort(a, 1, n);
			return;
		}
		double x = a[0], y = a[n / 2], z = a[n - 1];
		double p = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
		size_t i = 0, j = n - 1; /* Hoare's partition: a[0..j] <= p <= a[j+1..n) */
		for (;;) {
			while (a[i] < p)
				i++;
			while (a[j] > p)
				j--;
			if (i >= j)
				break;
			double t = a[i];
			a[i++] = a[j];
			a[j--] = t;
		}
		size_t left = j + 1;
		if (left < n - left) { /* recurse into the smaller side */
			intro_sort(a, left, depth);
			a += left;
			n -= left;
		} else {
			intro_sort(a + left, n - left, depth);
			n = left;
		}
	}
	insertion_sort(a, n);
}

void yd_stats_sort(double *a, size_t n)
{
	int depth = 0;
	for (size_t k = n; k > 1; k >>= 1)
		depth += 2;
	intro_sort(a, n, depth);
}

/* Writes |a[i] - m| for sorted a into d, sorted ascending, in O(n): the
 * deviations fall towards m on the left and rise on the right, so the two
 * runs are merged from m outwards. */
static void sorted_deviations(const double *a, size_t n, double m, double *d)
{
	size_t r = yd_stats_lower_bound(a, n, m), l = r, k = 0;
	while (l > 0 || r < n) {
		if (r == n || (l > 0 && m - a[l - 1] <= a[r] - m))
			d[k++] = m - a[--l];
		else
			d[k++] = a[r++] - m;
	}
}

/* Removing a[r] leaves one of at most three medians, depending on where r
 * falls; for each, the deviations of all n points are sorted once, and the
 * case's own deviation is then removed by index, exactly. */
void yd_stats_loo(const double *a, size_t n, double *med, double *mad, double *work)
{
	double cache_m[3];
	double *cache_d[3] = {work, work + n, work + 2 * n};
	int ncache = 0;

	for (size_t r = 0; r < n; r++) {
		double m = yd_stats_median_without(a, n, r);
		int c;
		for (c = 0; c < ncache; c++)
			if (cache_m[c] == m)
				break;
		if (c == ncache) {
			/* at most three distinct medians exist, so c < 3 here */
			cache_m[c] = m;
			sorted_deviations(a, n, m, cache_d[c]);
			ncache++;
		}
		double d = fabs(a[r] - m);
		size_t q = yd_stats_lower_bound(cache_d[c], n, d);
		med[r] = m;
		mad[r] = yd_stats_median_without(cache_d[c], n, q);
	}
}

double yd_stats_percentile_q(const double *q, size_t nq, double x)
{
	size_t lo = yd_stats_lower_bound(q, nq, x), hi = yd_stats_upper_bound(q, nq, x);
	double step = 100.0 / (double)(nq - 1), pos;
	if (hi > lo) /* x equals quantiles lo..hi-1: the middle of that run */
		pos = ((double)lo + (double)(hi - 1)) / 2.0;
	else if (lo == 0)
		return 0;
	else if (lo == nq)
		return 100;
	else /* q[lo-1] < x < q[lo] */
		pos = (double)(lo - 1) + (x - q[lo - 1]) / (q[lo] - q[lo - 1]);
	return pos * step;
}

/* Maps a double to an unsigned key with the same order (IEEE 754). */
static uint64_t order_bits(double d)
{
	uint64_t u;
	memcpy(&u, &d, sizeof u);
	return (u & 0x8000000000000000ull) ? ~u : u | 0x8000000000000000ull;
}

void yd_stats_argsort(const double *key, size_t n, uint32_t *idx, uint32_t *tmp)
{
	uint32_t *a = tmp, *b = tmp + n;
	size_t count[65536];

	for (size_t i = 0; i < n; i++)
		a[i] = (uint32_t)i;
	/* four stable passes of 16 bits, least significant first */
	for (int pass = 0; pass < 4; pass++) {
		int shift = 16 * pass;
		memset(count, 0, sizeof count);
		for (size_t i = 0; i < n; i++)
			count[(order_bits(key[a[i]]) >> shift) & 0xFFFF]++;
		size_t sum = 0;
		for (size_t v = 0; v < 65536; v++) {
			size_t c = count[v];
			count[v] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			b[count[(order_bits(key[a[i]]) >> shift) & 0xFFFF]++] = a[i];
		uint32_t *t = a;
		a = b;
		b = t;
	}
	memcpy(idx, a, n * sizeof *idx);
}

void yd_stats_kruskal(const double *v, const uint32_t *group, size_t n, uint32_t k, double *mean_rank,
		      struct yd_kw *out)
{
	uint32_t *idx = yd_xmalloc((n + 1) * sizeof *idx), *tmp = yd_xmalloc((2 * n + 1) * sizeof *tmp);
	double *rsum = yd_xcalloc((size_t)k + 1, sizeof *rsum);
	size_t *cnt = yd_xcalloc((size_t)k + 1, sizeof *cnt);
	double ties = 0;

	yd_stats_argsort(v, n, idx, tmp);
	for (size_t s = 0; s < n;) {
		size_t e = s + 1;
		while (e < n && v[idx[e]] == v[idx[s]])
			e++;
		double t = (double)(e - s), rank = ((double)s + 1 + (double)e) / 2.0; /* average of ranks s+1..e */
		ties += t * t * t - t;
		for (size_t j = s; j < e; j++) {
			rsum[group[idx[j]]] += rank;
			cnt[group[idx[j]]]++;
		}
		s = e;
	}
	double N = (double)n, sum = 0;
	int groups = 0;
	for (uint32_t g = 0; g < k; g++) {
		if (cnt[g]) {
			sum += rsum[g] * rsum[g] / (double)cnt[g];
			groups++;
		}
		if (mean_rank)
			mean_rank[g] = cnt[g] ? rsum[g] / (double)cnt[g] : NAN;
	}
	double h = 12.0 / (N * (N + 1)) * sum - 3 * (N + 1);
	double c = 1 - ties / (N * N * N - N);
	out->h = c > 0 ? h / c : 0;
	out->df = groups - 1;
	out->p = out->df > 0 ? gsl_cdf_chisq_Q(out->h, out->df) : NAN;
	/* (H - k + 1) / (n - k), k the non-empty groups: H less what k groups
	 * of noise give on average (its expectation under the null is k - 1),
	 * so equal groups come out near 0, not at (k - 1) / (n - 1); 0 when
	 * below (a size is not negative) */
	double e2 = (out->h - (double)groups + 1) / (N - (double)groups);
	out->epsilon2 = N > (double)groups ? (e2 > 0 ? e2 : 0) : NAN;
	free(idx);
	free(tmp);
	free(rsum);
	free(cnt);
}

void yd_stats_bh(const double *p, size_t m, double *q)
{
	uint32_t *idx = yd_xmalloc((m + 1) * sizeof *idx), *tmp = yd_xmalloc((2 * m + 1) * sizeof *tmp);
	double *adj = yd_xmalloc((m + 1) * sizeof *adj);

	yd_stats_argsort(p, m, idx, tmp);
	double run = 1;
	for (size_t r = m; r-- > 0;) { /* from the largest p down: q = min(q_next, p m / rank) */
		double v = p[idx[r]] * (double)m / (double)(r + 1);
		if (v < run)
			run = v;
		adj[idx[r]] = run;
	}
	memcpy(q, adj, m * sizeof *q);
	free(idx);
	free(tmp);
	free(adj);
}

double yd_stats_spread90(const double *a, size_t n)
{
	if (n < 2)
		return NAN;
	/* 2.5631 = 2 x the normal's 90 % quantile */
	return (yd_stats_quantile(a, n, 0.9) - yd_stats_quantile(a, n, 0.1)) / 2.5631031310892007;
}

double yd_stats_bh_cut(const double *p, size_t m, double q, size_t *k)
{
	size_t tests = 0, small = 0;
	for (size_t i = 0; i < m; i++) {
		tests += !isnan(p[i]);
		small += p[i] <= q;
	}
	/* every rank that can pass (p_(k) <= q k / m <= q) is among the p <= q */
	double *a = yd_xmalloc((small + 1) * sizeof *a);
	size_t j = 0;
	for (size_t i = 0; i < m; i++)
		if (p[i] <= q)
			a[j++] = p[i];
	yd_stats_sort(a, small);
	*k = 0;
	for (size_t r = small; r > 0; r--)
		if (a[r - 1] <= q * (double)r / (double)tests) {
			*k = r;
			break;
		}
	free(a);
	return tests ? q * (double)(*k ? *k : 1) / (double)tests : 0;
}

double yd_stats_trigamma_inverse(double x)
{
	if (x > 1e7)
		return 1 / sqrt(x);
	if (x < 1e-6)
		return 1 / x;
	double y = 0.5 + 1 / x;
	for (int i = 0; i < 50; i++) {
		double tri = gsl_sf_psi_1(y);
		double dif = tri * (1 - tri / x) / gsl_sf_psi_n(2, y);
		y += dif;
		if (-dif / y < 1e-8)
			break;
	}
	return y;
}

int yd_stats_prior_var(const double *s2, const double *df, size_t n, double *s0sq, double *d0)
{
	if (n < 3)
		return -1;
	/* e = log s2 less its bias under the chi-square: E e = log sigma^2 */
	double mean = 0, var = 0, tri = 0;
	for (size_t i = 0; i < n; i++)
		mean += log(s2[i]) - gsl_sf_psi(df[i] / 2) + log(df[i] / 2);
	mean /= (double)n;
	for (size_t i = 0; i < n; i++) {
		double e = log(s2[i]) - gsl_sf_psi(df[i] / 2) + log(df[i] / 2) - mean;
		var += e * e;
		tri += gsl_sf_psi_1(df[i] / 2);
	}
	/* the variances' spread beyond their sampling error is the prior's */
	var = var / (double)(n - 1) - tri / (double)n;
	if (var > 0) {
		*d0 = 2 * yd_stats_trigamma_inverse(var);
		*s0sq = exp(mean + gsl_sf_psi(*d0 / 2) - log(*d0 / 2));
	} else {
		*d0 = INFINITY;
		*s0sq = exp(mean);
	}
	return 0;
}

void yd_stats_boot_median(const double *a, size_t n, size_t B, double level, gsl_rng *rng, double *lo,
			  double *hi)
{
	uint32_t *count = yd_xmalloc((n + 1) * sizeof *count);
	double *med = yd_xmalloc((B + 1) * sizeof *med);

	for (size_t b = 0; b < B; b++) {
		/* a resample of n cases is known by how often each was drawn */
		memset(count, 0, n * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[gsl_rng_uniform_int(rng, n)]++;
		size_t want = (n + 1) / 2, seen = 0, j = 0;
		while (seen + count[j] < want)
			seen += count[j++];
		double m = a[j];
		if (n % 2 == 0) { /* even: also the next drawn value */
			size_t k = j;
			if (seen + count[k] < want + 1)
				for (k = j + 1; count[k] == 0; k++)
					;
			m = (m + a[k]) / 2;
		}
		med[b] = m;
	}
	gsl_sort(med, 1, B);
	*lo = gsl_stats_quantile_from_sorted_data(med, 1, B, (1 - level) / 2);
	*hi = gsl_stats_quantile_from_sorted_data(med, 1, B, (1 + level) / 2);
	free(count);
	free(med);
}

void yd_stats_slope(const double *x, const double *y, size_t n, double level, double *slope, double *lo,
		    double *hi)
{
	double mx = 0, my = 0, sxx = 0, sxy = 0, sse = 0;
	*slope = *lo = *hi = NAN;
	if (n < 2)
		return;
	for (size_t i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= (double)n;
	my /= (double)n;
	for (size_t i = 0; i < n; i++) {
		sxx += (x[i] - mx) * (x[i] - mx);
		sxy += (x[i] - mx) * (y[i] - my);
	}
	if (sxx == 0)
		return;
	*slope = sxy / sxx;
	if (n < 3)
		return;
	for (size_t i = 0; i < n; i++) {
		double r = y[i] - my - *slope * (x[i] - mx);
		sse += r * r;
	}
	double se = sqrt(sse / (double)(n - 2) / sxx);
	double t = gsl_cdf_tdist_Pinv((1 + level) / 2, (double)(n - 2));
	*lo = *slope - t * se;
	*hi = *slope + t * se;
}
