/* Statistics against hand-worked examples and against GSL computed
 * independently (brute-force leave-one-out with gsl_stats_median/mad0). */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <stdlib.h>

#include "t.h"
#include "youdu/stats.h"

static void test_hand_worked(void)
{
	/* x = 1 2 3 4 100: median 3; |x-3| = 2 1 0 1 97 -> sorted 0 1 1 2 97; MAD 1 */
	double a[] = {1, 2, 3, 4, 100}, w[15];
	CHECK_NEAR(yd_stats_median(a, 5), 3, 0);
	CHECK_NEAR(yd_stats_mad(a, 5, w), 1, 0);
	/* even n: 1 2 3 4 -> median 2.5; deviations 1.5 .5 .5 1.5 -> MAD 1 */
	CHECK_NEAR(yd_stats_median(a, 4), 2.5, 0);
	CHECK_NEAR(yd_stats_mad(a, 4, w), 1, 0);
	/* without 100: 1 2 3 4 -> 2.5; without 1: 2 3 4 100 -> 3.5 */
	CHECK_NEAR(yd_stats_median_without(a, 5, 4), 2.5, 0);
	CHECK_NEAR(yd_stats_median_without(a, 5, 0), 3.5, 0);
	/* leave-one-out of 100: others 1 2 3 4, median 2.5, MAD 1 */
	double med[5], mad[5];
	yd_stats_loo(a, 5, med, mad, w);
	CHECK_NEAR(med[4], 2.5, 0);
	CHECK_NEAR(mad[4], 1, 0);
	/* leave out 3: 1 2 4 100 -> median 3, deviations 2 1 1 97 -> MAD 1.5 */
	CHECK_NEAR(med[2], 3, 0);
	CHECK_NEAR(mad[2], 1.5, 0);
	/* quartiles, GSL's definition: Q1 of 1 2 3 4 100 is 2 */
	CHECK_NEAR(yd_stats_quantile(a, 5, 0.25), 2, 1e-12);
	CHECK_NEAR(yd_stats_quantile(a, 5, 0.5), 3, 1e-12);
}

static void test_percentile(void)
{
	double a[] = {1, 2, 2, 3};
	/* 2 among others {1, 2, 3} (itself left out): below 1, equal 1 -> (1 + .5) / 3 */
	CHECK_NEAR(yd_stats_percentile(a, 4, 2, 1), 50, 1e-12);
	/* a draft 2 against all four: below 1, equal 2 -> (1 + 1) / 4 */
	CHECK_NEAR(yd_stats_percentile(a, 4, 2, 0), 50, 1e-12);
	CHECK_NEAR(yd_stats_percentile(a, 4, 3, 1), 100, 1e-12);
	CHECK_NEAR(yd_stats_percentile(a, 4, 0.5, 0), 0, 1e-12);
	CHECK_NEAR(yd_stats_percentile(a, 4, 9, 0), 100, 1e-12);
}

/* Brute force: for each i, copy the others and ask GSL. */
static void loo_brute(const double *a, size_t n, double *med, double *mad)
{
	double *b = malloc(n * sizeof *b), *w = malloc(n * sizeof *w);
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		for (size_t j = 0; j < n; j++)
			if (j != i)
				b[k++] = a[j];
		memcpy(w, b, k * sizeof *w);
		med[i] = gsl_stats_median(w, 1, k);
		memcpy(w, b, k * sizeof *w);
		mad[i] = gsl_stats_mad0(w, 1, k, b); /* b is free to use as scratch now */
	}
	free(b);
	free(w);
}

static void test_loo_against_gsl(void)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 42);
	for (int trial = 0; trial < 300; trial++) {
		size_t n = 3 + gsl_rng_uniform_int(rng, 60);
		double *a = malloc(n * sizeof *a), *w = malloc(3 * n * sizeof *w);
		double *m1 = malloc(n * sizeof *m1), *d1 = malloc(n * sizeof *d1);
		double *m2 = malloc(n * sizeof *m2), *d2 = malloc(n * sizeof *d2);
		int heaped = trial % 3 == 0;
		for (size_t i = 0; i < n; i++)
			a[i] = heaped ? (double)gsl_rng_uniform_int(rng, 4) : gsl_rng_uniform(rng) * 10;
		gsl_sort(a, 1, n);
		yd_stats_loo(a, n, m1, d1, w);
		loo_brute(a, n, m2, d2);
		int bad = 0;
		for (size_t i = 0; i < n; i++)
			if (fabs(m1[i] - m2[i]) > 1e-12 || fabs(d1[i] - d2[i]) > 1e-12)
				bad++;
		CHECK_INT(bad, 0);
		free(a), free(w), free(m1), free(d1), free(m2), free(d2);
	}
	gsl_rng_free(rng);
}

static void test_mad_against_gsl(void)
{
	double a[] = {3.1, 4.7, 4.7, 5.0, 5.2, 6.9, 7.7, 9.5, 12.0};
	double w[27], c[9];
	int iw[45];
	memcpy(c, a, sizeof a);
	CHECK_NEAR(yd_stats_mad(a, 9, w), gsl_stats_mad0(c, 1, 9, w), 1e-12);
	CHECK_NEAR(yd_stats_qn(a, 9, w, iw), gsl_stats_Qn_from_sorted_data(a, 1, 9, w, iw), 1e-12);
	CHECK_NEAR(yd_stats_sn(a, 9, w), gsl_stats_Sn_from_sorted_data(a, 1, 9, w), 1e-12);
	/* heaped: seven equal values of nine -> MAD 0, and Qn 0 too */
	double h[] = {5, 5, 5, 5, 5, 5, 5, 6, 9};
	CHECK_NEAR(yd_stats_mad(h, 9, w), 0, 0);
	CHECK(yd_stats_qn(h, 9, w, iw) == 0);
}

static void test_percentile_from_quantiles(void)
{
	/* 20,000 values, half of them heaped on one amount */
	size_t n = 20000, nq = 1001;
	double *a = malloc(n * sizeof *a), q[1001];
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 7);
	for (size_t i = 0; i < n; i++)
		a[i] = i % 2 ? 8.0 : 7 + 2 * gsl_rng_uniform(rng);
	gsl_sort(a, 1, n);
	for (size_t k = 0; k < nq; k++)
		q[k] = gsl_stats_quantile_from_sorted_data(a, 1, n, (double)k / (double)(nq - 1));
	double worst = 0;
	for (int t = 0; t < 2000; t++) {
		double x = t == 0 ? 8.0 : 6.9 + 2.2 * gsl_rng_uniform(rng);
		double d = fabs(yd_stats_percentile_q(q, nq, x) - yd_stats_percentile(a, n, x, 0));
		if (d > worst)
			worst = d;
	}
	CHECK(worst <= 0.1 + 1e-9);
	CHECK_NEAR(yd_stats_percentile_q(q, nq, 6), 0, 0);
	CHECK_NEAR(yd_stats_percentile_q(q, nq, 10), 100, 0);
	free(a);
	gsl_rng_free(rng);
}

static void test_argsort(void)
{
	double k[] = {3.5, -1, 2, -0.0, 0.0, 1e-300, -7e10, 2, 9e99, -1e-300};
	size_t n = sizeof k / sizeof *k;
	uint32_t idx[10], tmp[20];
	yd_stats_argsort(k, n, idx, tmp);
	int sorted = 1;
	for (size_t i = 1; i < n; i++)
		sorted &= k[idx[i - 1]] <= k[idx[i]];
	CHECK(sorted);
	CHECK_INT(idx[0], 6);
	CHECK_INT(idx[n - 1], 8);
	/* ties keep their order: the two 2s are at 2 then 7 */
	size_t p2 = 0;
	while (k[idx[p2]] != 2)
		p2++;
	CHECK_INT(idx[p2], 2);
	CHECK_INT(idx[p2 + 1], 7);
}

int main(void)
{
	gsl_set_error_handler_off();
	RUN(test_hand_worked);
	RUN(test_percentile);
	RUN(test_loo_against_gsl);
	RUN(test_mad_against_gsl);
	RUN(test_percentile_from_quantiles);
	RUN(test_argsort);
	return t_report("stats");
}
