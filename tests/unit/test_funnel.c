/* The statistics of youdu regions (funnel.h) against hand-worked examples
 * and against independent brute-force computations: the trimmed mean as
 * R's mean(x, trim = 0.1), the winsorised sum of squares by hand, tau^2 of
 * Spiegelhalter (2005) worked through on five units and its robust form,
 * the count-based bootstrap against resamples drawn, sorted and trimmed one
 * by one. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/disparity.h"
#include "youdu/funnel.h"

static void test_trimmed_mean(void)
{
	/* 1..9, 100: floor(10 x 0.1) = 1 cut each end -> mean(2..9) = 44 / 8;
	 * R: mean(c(1:9, 100), trim = 0.1) = 5.5 */
	double a[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 100};
	CHECK_NEAR(yd_funnel_trimmed_mean(a, 10, 0.1), 5.5, 1e-15);
	/* 5 values: floor(0.5) = 0 cut -> the plain mean (1+2+3+4+5)/5 */
	CHECK_NEAR(yd_funnel_trimmed_mean(a, 5, 0.1), 3, 1e-15);
	/* 0.25 of 10 -> 2 cut each end: mean(3..8) = 5.5 */
	CHECK_NEAR(yd_funnel_trimmed_mean(a, 10, 0.25), 5.5, 1e-15);
	/* one value */
	CHECK_NEAR(yd_funnel_trimmed_mean(a + 9, 1, 0.1), 100, 0);
	CHECK(isnan(yd_funnel_trimmed_mean(a, 0, 0.1)));
}

static void test_winsorized_ss(void)
{
	/* winsorised at 1: 2 2 3 4 5 6 7 8 9 9, mean 5.5; squares
	 * 12.25 12.25 6.25 2.25 .25 .25 2.25 6.25 12.25 12.25 = 66.5 */
	double a[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 100};
	CHECK_NEAR(yd_funnel_winsorized_ss(a, 10, 0.1), 66.5, 1e-12);
	/* no cut (n = 4): mean 2.5, squares 2.25 .25 .25 2.25 */
	CHECK_NEAR(yd_funnel_winsorized_ss(a, 4, 0.1), 5, 1e-12);
	CHECK_NEAR(yd_funnel_winsorized_ss(a, 1, 0.1), 0, 0);
}

static void test_tau2(void)
{
	/* y 0.1 -0.1 0.3 0 0.05, se .1 .1 .1 .2 .2, target 0:
	 * z = 1 -1 3 0 0.25, sum z^2 = 11.0625, k phi - (k - 1) = 7.0625;
	 * w = 100 100 100 25 25: sum 350, sum w^2 31250 */
	double y[] = {0.1, -0.1, 0.3, 0, 0.05}, se[] = {0.1, 0.1, 0.1, 0.2, 0.2};
	CHECK_NEAR(yd_funnel_tau2(y, se, 5, 0, 0), 7.0625 / (350 - 31250 / 350.0), 1e-12);
	/* winsorised at floor(5 x 0.2) = 1: z -> 0 0 .25 1 1, sum 2.0625,
	 * k phi = 2.0625 < k - 1 = 4: no overdispersion */
	CHECK_NEAR(yd_funnel_tau2(y, se, 5, 0, 0.2), 0, 0);
	/* a unit without a standard error is left out: the same as four */
	double y2[] = {0.1, -0.1, 0.3, 9, 0}, se2[] = {0.1, 0.1, 0.1, 0, 0.2};
	/* z = 1 -1 3 0: sum 11, 4 phi - 3 = 8; w 100 100 100 25: 325, 30625 */
	CHECK_NEAR(yd_funnel_tau2(y2, se2, 5, 0, 0), 8 / (325 - 30625 / 325.0), 1e-12);
	CHECK_NEAR(yd_funnel_tau2(y, se, 1, 0, 0), 0, 0);
	/* the limit: 1.96 sqrt(0.03^2 + 0.04^2) = 1.96 x 0.05 */
	CHECK_NEAR(yd_funnel_limit(1.96, 0.03, 0.0016), 0.098, 1e-15);
}

/* 2026-12, issue 20.3: with the winsorised mean of z^2 a far-out unit
 * widened its own limits (under 10 units nothing is winsorised: a country
 * at +3,816 % was in_line).  The median |z| moves by one rank at most. */
static void test_tau2_robust(void)
{
	/* the five units above: |z| = 0 .25 1 1 3, median 1, sd 1 / 0.6745,
	 * k phi - (k - 1) = 5 / 0.6745^2 - 4, over 350 - 31250 / 350 */
	double y[] = {0.1, -0.1, 0.3, 0, 0.05}, se[] = {0.1, 0.1, 0.1, 0.2, 0.2};
	double q = 0.6744897501960817, want = (5 / (q * q) - 4) / (350 - 31250 / 350.0);
	CHECK_NEAR(yd_funnel_tau2_robust(y, se, 5, 0), want, 1e-12);
	/* the unit at z = 3 taken to z = 300: nothing changes */
	y[2] = 30;
	CHECK_NEAR(yd_funnel_tau2_robust(y, se, 5, 0), want, 1e-12);
	/* nine units of equal se 0.05, eight fair (z within +-1.2) and one at
	 * +20 sd: with equal se, tau^2 = se^2 (k phi / (k - 1) - 1) (a second
	 * form of the same formula); the winsorised estimator, which cuts
	 * floor(0.9) = 0 units, is dominated by the one */
	double y9[9] = {0.01, -0.02, 0.03, 0.06, -0.05, 0.00, 0.04, -0.06, 1.0}, se9[9], az[9];
	for (int i = 0; i < 9; i++) {
		se9[i] = 0.05;
		az[i] = fabs(y9[i]) / 0.05;
	}
	gsl_sort(az, 1, 9);
	double phi = (az[4] / q) * (az[4] / q), eq = 0.05 * 0.05 * (9 * phi / 8 - 1);
	CHECK_NEAR(yd_funnel_tau2_robust(y9, se9, 9, 0), eq > 0 ? eq : 0, 1e-12);
	CHECK(yd_funnel_tau2_robust(y9, se9, 9, 0) < 0.05 * 0.05);
	CHECK(yd_funnel_tau2(y9, se9, 9, 0, YD_FUNNEL_WINSOR_Z) > 0.3 * 0.3);
	/* a unit without a standard error is left out; under 2 units: 0 */
	CHECK_NEAR(yd_funnel_tau2_robust(y, se, 1, 0), 0, 0);
}

static void test_shrink(void)
{
	/* tau^2 / (tau^2 + se^2): 0.04 / (0.04 + 0.01) */
	CHECK_NEAR(yd_funnel_shrink(0.04, 0.1), 0.8, 1e-15);
	CHECK_NEAR(yd_funnel_shrink(0, 0.1), 0, 0);
	CHECK_NEAR(yd_funnel_shrink(0, 0), 1, 0);
}

/* Brute force: draw each resample, sort it, trim it. */
static void boot_brute(const double *a, size_t n, double trim, size_t B, unsigned long seed, double *lo, double *hi)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double *r = malloc(n * sizeof *r), *t = malloc(B * sizeof *t);
	gsl_rng_set(rng, seed);
	for (size_t b = 0; b < B; b++) {
		for (size_t i = 0; i < n; i++)
			r[i] = a[gsl_rng_uniform_int(rng, n)];
		gsl_sort(r, 1, n);
		size_t g = (size_t)((double)n * trim);
		double s = 0;
		for (size_t i = g; i < n - g; i++)
			s += r[i];
		t[b] = s / (double)(n - 2 * g);
	}
	gsl_sort(t, 1, B);
	*lo = gsl_stats_quantile_from_sorted_data(t, 1, B, 0.025);
	*hi = gsl_stats_quantile_from_sorted_data(t, 1, B, 0.975);
	free(r);
	free(t);
	gsl_rng_free(rng);
}

/* Sorts a and checks the bootstrap's interval against the brute force's. */
static void check_boot(double *a, size_t n, size_t B)
{
	double lo, hi, blo, bhi;
	gsl_sort(a, 1, n);
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 20241);
	yd_funnel_boot_trimmed(a, n, 0.1, B, 0.95, rng, &lo, &hi);
	boot_brute(a, n, 0.1, B, 20241, &blo, &bhi);
	CHECK_NEAR(lo, blo, 1e-12);
	CHECK_NEAR(hi, bhi, 1e-12);
	gsl_rng_free(rng);
}

static void test_bootstrap(void)
{
	gsl_rng *gen = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(gen, 7);
	for (int round = 0; round < 20; round++) {
		size_t n = 1 + gsl_rng_uniform_int(gen, 300);
		double *a = malloc(n * sizeof *a);
		for (size_t i = 0; i < n; i++) /* heaped: most values one of a few round ones */
			a[i] = round % 2 ? gsl_ran_gaussian(gen, 0.3) : 0.1 * (double)gsl_rng_uniform_int(gen, 3) - 0.1;
		check_boot(a, n, 500);
		free(a);
	}
	/* the draws are gsl_rng_uniform_int's own (funnel.c divides by a
	 * multiplication, issue 22): the same intervals at sizes up to the
	 * largest region resampled */
	static const size_t sizes[] = {1, 2, 3, 7, 1000, 4096, 4999, 5000};
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		size_t n = sizes[k];
		double *a = malloc(n * sizeof *a);
		for (size_t i = 0; i < n; i++)
			a[i] = gsl_ran_gaussian(gen, 0.3);
		check_boot(a, n, 101);
		free(a);
	}
	gsl_rng_free(gen);
	/* heaps: 80 cases at exactly the usual fine, 10 at +20 %, 10 at -10 %.
	 * A median's interval would be [0, 0]; the trimmed mean's is not. */
	double h[100];
	for (int i = 0; i < 100; i++)
		h[i] = i < 10 ? log(0.9) : i < 90 ? 0 : log(1.2);
	double lo, hi;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 20241);
	yd_funnel_boot_trimmed(h, 100, 0.1, 2000, 0.95, rng, &lo, &hi);
	CHECK(lo < 0 && hi > 0);
	gsl_rng_free(rng);
}

/* The trimmed mean and winsorised sum of squares of unsorted values equal
 * those of the sorted ones (brute force), heaps and ties included. */
static void test_any_order(void)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 5);
	double trims[] = {0, 0.1, 0.25, 0.5};
	for (int round = 0; round < 200; round++) {
		size_t n = 1 + gsl_rng_uniform_int(rng, 60);
		double *a = malloc(n * sizeof *a), *s = malloc(n * sizeof *s);
		for (size_t i = 0; i < n; i++)
			a[i] = round % 3 ? (double)gsl_rng_uniform_int(rng, 4) : gsl_ran_gaussian(rng, 1);
		memcpy(s, a, n * sizeof *s);
		gsl_sort(s, 1, n);
		double tr = trims[round % 4];
		CHECK_NEAR(yd_funnel_trimmed_mean_any(a, n, tr), yd_funnel_trimmed_mean(s, n, tr), 1e-12);
		CHECK_NEAR(yd_funnel_winsorized_ss_any(a, n, tr), yd_funnel_winsorized_ss(s, n, tr), 1e-9);
		free(a);
		free(s);
	}
	CHECK(isnan(yd_funnel_trimmed_mean_any(NULL, 0, 0.1)));
	gsl_rng_free(rng);
}

static void test_effect_format(void)
{
	char b[32];
	yd_region_fmt_effect(b, sizeof b, log(1.22));
	CHECK_STR(b, "+22%");
	yd_region_fmt_effect(b, sizeof b, log(0.915));
	CHECK_STR(b, "-8.5%");
	yd_region_fmt_effect(b, sizeof b, -1e-9);
	CHECK_STR(b, "+0.0%");
	yd_region_fmt_effect(b, sizeof b, NAN);
	CHECK_STR(b, "");
	CHECK_NEAR(yd_region_effect(log(1.5)), 50, 1e-12);
}

int main(void)
{
	gsl_set_error_handler_off();
	RUN(test_trimmed_mean);
	RUN(test_winsorized_ss);
	RUN(test_tau2);
	RUN(test_tau2_robust);
	RUN(test_shrink);
	RUN(test_bootstrap);
	RUN(test_any_order);
	RUN(test_effect_format);
	return t_report("funnel");
}
