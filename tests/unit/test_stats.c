/* Statistics against hand-worked examples and against GSL computed
 * independently (brute-force leave-one-out with gsl_stats_median/mad0). */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
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

/* yd_stats_sort (introsort) against GSL's heapsort: every size up to 300
 * and some large ones, distinct, heaped (4 values), sorted, reversed and
 * organ-pipe inputs, which push a quicksort to its worst cases. */
static void test_sort_against_gsl(void)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 7);
	size_t sizes[320], ns = 0;
	for (size_t n = 0; n <= 300; n++)
		sizes[ns++] = n;
	sizes[ns++] = 4096;
	sizes[ns++] = 100003;
	for (size_t k = 0; k < ns; k++) {
		size_t n = sizes[k];
		for (int shape = 0; shape < 5; shape++) {
			double *a = malloc((n + 1) * sizeof *a), *b = malloc((n + 1) * sizeof *b);
			for (size_t i = 0; i < n; i++) {
				double u = gsl_rng_uniform(rng) * 1000 - 500;
				a[i] = shape == 0   ? u
				       : shape == 1 ? (double)gsl_rng_uniform_int(rng, 4)
				       : shape == 2 ? (double)i
				       : shape == 3 ? (double)(n - i)
						    : (double)(i < n / 2 ? i : n - i);
			}
			memcpy(b, a, n * sizeof *a);
			yd_stats_sort(a, n);
			gsl_sort(b, 1, n);
			CHECK_INT(n ? memcmp(a, b, n * sizeof *a) : 0, 0);
			free(a);
			free(b);
		}
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
	CHECK(yd_stats_qn(a, 9) == gsl_stats_Qn_from_sorted_data(a, 1, 9, w, iw));
	CHECK_NEAR(yd_stats_sn(a, 9, w), gsl_stats_Sn_from_sorted_data(a, 1, 9, w), 1e-12);
	/* heaped: seven equal values of nine -> MAD 0, and Qn 0 too */
	double h[] = {5, 5, 5, 5, 5, 5, 5, 6, 9};
	CHECK_NEAR(yd_stats_mad(h, 9, w), 0, 0);
	CHECK(yd_stats_qn(h, 9) == 0);
}

/* yd_stats_qn finds Qn by bisection, GSL by its own search: the same
 * double on 4,000 sorted groups of 2..1500 values, heaped on 1..40 amounts
 * (both sides of the point where Qn turns 0) or continuous. */
static void test_qn_against_gsl(void)
{
	size_t cap = 1500;
	double *a = malloc(cap * sizeof *a), *w = malloc(3 * cap * sizeof *w), amounts[40];
	int *iw = malloc(5 * cap * sizeof *iw), bad = 0, zeros = 0, nonzeros = 0;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 11);
	for (int i = 0; i < 40; i++)
		amounts[i] = log(100.0 * (i + 1) + 50 * (i % 3));
	for (int t = 0; t < 4000; t++) {
		size_t n = 2 + gsl_rng_uniform_int(rng, t % 4 ? 300 : cap - 1), m = 1 + gsl_rng_uniform_int(rng, 40);
		double heap = gsl_rng_uniform(rng); /* share on the first amount */
		for (size_t i = 0; i < n; i++)
			a[i] = t % 3 == 0 ? 7 + gsl_ran_gaussian(rng, 0.01 + t % 7)
			       : gsl_rng_uniform(rng) < heap ? amounts[0] : amounts[gsl_rng_uniform_int(rng, m)];
		gsl_sort(a, 1, n);
		double gsl = gsl_stats_Qn_from_sorted_data(a, 1, n, w, iw);
		bad += yd_stats_qn(a, n) != gsl;
		zeros += gsl == 0;
		nonzeros += gsl != 0;
	}
	CHECK_INT(bad, 0);
	CHECK(zeros > 100 && nonzeros > 1000);
	double two[2] = {1.5, 2.5}, same[5] = {3, 3, 3, 3, 3};
	CHECK(yd_stats_qn(two, 2) == gsl_stats_Qn_from_sorted_data(two, 1, 2, w, iw));
	CHECK(yd_stats_qn(same, 5) == 0);
	free(a), free(w), free(iw);
	gsl_rng_free(rng);
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

/* Reference values from R 4.2.2 (Debian r-base-core), tests/unit/ref.R:
 * kruskal.test (tie-corrected), p.adjust(method = "BH"), lm + confint. */
static void test_kruskal(void)
{
	struct yd_kw kw;
	/* hand-worked: {1,2,3} vs {4,5,6}: rank sums 6 and 15,
	 * H = 12/42 (36/3 + 225/3) - 21 = 3.857142857, p = 0.0495 (1 df) */
	double h[] = {1, 2, 3, 4, 5, 6};
	uint32_t hg[] = {0, 0, 0, 1, 1, 1};
	double mr[3];
	yd_stats_kruskal(h, hg, 6, 2, mr, &kw);
	CHECK_NEAR(kw.h, 27.0 / 7.0, 1e-12);
	CHECK_INT(kw.df, 1);
	CHECK_NEAR(kw.p, gsl_cdf_chisq_Q(27.0 / 7.0, 1), 1e-15);
	CHECK_NEAR(mr[0], 2, 0);
	CHECK_NEAR(mr[1], 5, 0);
	/* 2026-12, issue 20: epsilon^2 = (H - k + 1) / (n - k) = (27/7 - 1) / 4
	 * = 5/7 (it was H / (n - 1) = 27/35, which grows with k under the null) */
	CHECK_NEAR(kw.epsilon2, 5.0 / 7.0, 1e-12);
	/* R: no ties */
	double a[] = {2.9, 3.0, 2.5, 2.6, 3.2, 3.8, 2.7, 4.0, 2.4, 2.8, 3.4, 3.7, 2.2, 2.0};
	uint32_t ag[] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2};
	yd_stats_kruskal(a, ag, 14, 3, NULL, &kw);
	CHECK_NEAR(kw.h, 0.771428571428572, 1e-12);
	CHECK_NEAR(kw.p, 0.679964773578894, 1e-12);
	/* H = 0.77 below k - 1 = 2: no effect, 0 (not -0.11) */
	CHECK_NEAR(kw.epsilon2, 0, 0);
	/* R: with ties, so the correction matters; an empty group 3 is ignored */
	double b[] = {1, 2, 2, 3, 5, 2, 4, 4, 6, 6, 7, 5, 5, 8, 9};
	uint32_t bg[] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2};
	yd_stats_kruskal(b, bg, 15, 4, NULL, &kw);
	CHECK_NEAR(kw.h, 6.67503030303031, 1e-10);
	CHECK_NEAR(kw.p, 0.0355251226852245, 1e-12);
	CHECK_INT(kw.df, 2);
	/* k = 3 non-empty groups of n = 15: (6.67503030303031 - 2) / 12 */
	CHECK_NEAR(kw.epsilon2, (6.67503030303031 - 2) / 12, 1e-10);
}

static void test_bh(void)
{
	double p[] = {0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.049}, q[7];
	double r[] = {0.035, 0.0686, 0.0686, 0.035, 0.233333333333333, 0.5, 0.0686};
	yd_stats_bh(p, 7, q);
	for (int i = 0; i < 7; i++)
		CHECK_NEAR(q[i], r[i], 1e-12);
}

/* 2026-12-05, issue 20.1: the run's cut against the q-values of the same
 * p-values (R-checked above): a p is at or below the cut exactly when its
 * q-value is at or below the rate.  NAN p-values are no tests. */
static void test_bh_cut(void)
{
	double p[] = {0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.049};
	size_t k;
	/* q-values 0.035 0.0686 ...: at 0.05, two discoveries, cut 0.05 x 2 / 7 */
	CHECK_NEAR(yd_stats_bh_cut(p, 7, 0.05, &k), 0.05 * 2 / 7, 1e-15);
	CHECK_INT(k, 2);
	/* none: what one discovery would need */
	CHECK_NEAR(yd_stats_bh_cut(p, 7, 0.01, &k), 0.01 / 7, 1e-15);
	CHECK_INT(k, 0);
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 7);
	enum { M = 500 };
	double a[M], b[M], q[M];
	for (int rep = 0; rep < 200; rep++) {
		size_t m = 0;
		for (int i = 0; i < M; i++) {
			double u = gsl_rng_uniform_pos(r);
			a[i] = i % 7 == 0 ? NAN : rep % 2 && i % 5 == 0 ? u * 1e-4 : u;
			if (!isnan(a[i]))
				b[m++] = a[i];
		}
		yd_stats_bh(b, m, q);
		double cut = yd_stats_bh_cut(a, M, 0.05, &k);
		size_t byq = 0, bycut = 0;
		for (size_t i = 0; i < m; i++) {
			byq += q[i] <= 0.05;
			bycut += b[i] <= cut;
		}
		CHECK_INT(bycut, byq);
		CHECK_INT(k, byq);
	}
	gsl_rng_free(r);
}

/* The trigamma inverse against GSL's trigamma; the prior of variances
 * against a hand-worked value and against data drawn from the prior. */
static void test_prior_var(void)
{
	double xs[] = {1e-3, 0.05, 0.3, 1, 4, 50, 1e4};
	for (size_t i = 0; i < sizeof xs / sizeof *xs; i++)
		CHECK_NEAR(gsl_sf_psi_1(yd_stats_trigamma_inverse(xs[i])) / xs[i], 1, 1e-6);
	/* equal variances 1 on 4 df: no spread beyond sampling, d0 infinite;
	 * s0^2 = exp(-psi(2) + ln 2) = exp(-0.4227843351 + 0.6931471806) */
	double s2[] = {1, 1, 1, 1}, df[] = {4, 4, 4, 4}, s0sq, d0;
	CHECK_INT(yd_stats_prior_var(s2, df, 4, &s0sq, &d0), 0);
	CHECK(isinf(d0));
	CHECK_NEAR(s0sq, exp(0.2703628455), 1e-9);
	CHECK_INT(yd_stats_prior_var(s2, df, 2, &s0sq, &d0), -1);
	/* 20,000 groups: sigma^2 = 0.25 x 8 / chi2(8), s2 = sigma^2 chi2(nu) / nu */
	enum { G = 20000 };
	static double v[G], n[G];
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 11);
	for (int g = 0; g < G; g++) {
		double sigma2 = 0.25 * 8 / gsl_ran_chisq(r, 8);
		n[g] = 5 + g % 46;
		v[g] = sigma2 * gsl_ran_chisq(r, n[g]) / n[g];
	}
	CHECK_INT(yd_stats_prior_var(v, n, G, &s0sq, &d0), 0);
	CHECK_NEAR(d0, 8, 0.8);
	CHECK_NEAR(s0sq, 0.25, 0.01);
	gsl_rng_free(r);
}

static void test_slope(void)
{
	double x[] = {2021, 2022, 2023, 2024}, y[] = {0.31, 0.27, 0.24, 0.20}, s, lo, hi;
	yd_stats_slope(x, y, 4, 0.95, &s, &lo, &hi);
	CHECK_NEAR(s, -0.036, 1e-12);
	CHECK_NEAR(lo, -0.0420848698445932, 1e-9);
	CHECK_NEAR(hi, -0.0299151301554067, 1e-9);
	yd_stats_slope(x, y, 2, 0.95, &s, &lo, &hi);
	CHECK(isnan(lo) && isnan(hi));
}

/* Brute force: draw the same indices from the same seed, take GSL's median. */
static void boot_brute(const double *a, size_t n, size_t B, unsigned long seed, double *lo, double *hi)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double *s = malloc(n * sizeof *s), *med = malloc(B * sizeof *med);
	gsl_rng_set(rng, seed);
	for (size_t b = 0; b < B; b++) {
		for (size_t i = 0; i < n; i++)
			s[i] = a[gsl_rng_uniform_int(rng, n)];
		med[b] = gsl_stats_median(s, 1, n);
	}
	gsl_sort(med, 1, B);
	*lo = gsl_stats_quantile_from_sorted_data(med, 1, B, 0.025);
	*hi = gsl_stats_quantile_from_sorted_data(med, 1, B, 0.975);
	gsl_rng_free(rng);
	free(s);
	free(med);
}

static void test_bootstrap(void)
{
	for (size_t n = 5; n <= 6; n++) { /* odd and even n */
		double a[] = {-1.2, -0.3, 0.1, 0.4, 0.9, 2.5}, lo, hi, blo, bhi, lo2, hi2;
		gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
		gsl_rng_set(rng, 20241);
		yd_stats_boot_median(a, n, 2000, 0.95, rng, &lo, &hi);
		gsl_rng_set(rng, 20241);
		yd_stats_boot_median(a, n, 2000, 0.95, rng, &lo2, &hi2);
		boot_brute(a, n, 2000, 20241, &blo, &bhi);
		CHECK_NEAR(lo, blo, 1e-12);
		CHECK_NEAR(hi, bhi, 1e-12);
		CHECK(lo == lo2 && hi == hi2); /* reproducible with the seed */
		CHECK(lo <= a[n / 2] && a[(n - 1) / 2] <= hi);
		gsl_rng_free(rng);
	}
}

int main(void)
{
	gsl_set_error_handler_off();
	RUN(test_hand_worked);
	RUN(test_percentile);
	RUN(test_loo_against_gsl);
	RUN(test_sort_against_gsl);
	RUN(test_mad_against_gsl);
	RUN(test_qn_against_gsl);
	RUN(test_percentile_from_quantiles);
	RUN(test_argsort);
	RUN(test_kruskal);
	RUN(test_bh);
	RUN(test_bh_cut);
	RUN(test_prior_var);
	RUN(test_slope);
	RUN(test_bootstrap);
	return t_report("stats");
}
