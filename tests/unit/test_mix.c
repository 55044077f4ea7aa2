/* Region effects adjusted for case mix (mix.h), checked two ways: with
 * plain means and least squares the backfit must land on the joint
 * least-squares fit with region and group dummies (gsl_multifit_linear on
 * the full design, a different method); with the robust defaults it must
 * recover planted region effects where the mix is confounded with the
 * region (a town of enterprises only, a town of one year only, a town of
 * large bases), through heaps and outliers. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/mix.h"

struct data {
	size_t n;
	double *x, *lnbase;
	uint32_t *group, *region;
	int8_t *party;
	int32_t *year;
};

static void data_alloc(struct data *d, size_t n)
{
	d->n = n;
	d->x = calloc(n, sizeof *d->x);
	d->lnbase = calloc(n, sizeof *d->lnbase);
	d->group = calloc(n, sizeof *d->group);
	d->region = calloc(n, sizeof *d->region);
	d->party = calloc(n, sizeof *d->party);
	d->year = calloc(n, sizeof *d->year);
}

static void data_free(struct data *d)
{
	free(d->x);
	free(d->lnbase);
	free(d->group);
	free(d->region);
	free(d->party);
	free(d->year);
}

static struct yd_mix_in mix_in(const struct data *d, uint32_t ng, uint32_t nr)
{
	struct yd_mix_in in = {d->n, d->x, d->group, d->region, d->party, d->year, d->lnbase, ng, nr};
	return in;
}

/* Fits X b = y by least squares (GSL) and checks that the effects of
 * regions 1..nr-1 against region 0 are its coefficients from column col0
 * on, and each case's position less its region's effect its residual;
 * frees X and y. */
static void check_least_squares(gsl_matrix *X, gsl_vector *y, const struct data *d, const double *pos,
				const double *eff, int nr, size_t col0)
{
	size_t n = X->size1, p = X->size2;
	gsl_matrix *cov = gsl_matrix_alloc(p, p);
	gsl_vector *b = gsl_vector_alloc(p), *res = gsl_vector_alloc(n);
	gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(n, p);
	double chisq, worst = 0;
	CHECK_INT(gsl_multifit_linear(X, y, b, cov, &chisq, w), 0);
	gsl_multifit_linear_residuals(X, y, b, res);
	for (int r = 1; r < nr; r++)
		CHECK_NEAR(eff[r] - eff[0], gsl_vector_get(b, col0 + (size_t)r - 1), 1e-8);
	for (size_t i = 0; i < n; i++)
		worst = fmax(worst, fabs(pos[i] - eff[d->region[i]] - gsl_vector_get(res, i)));
	CHECK_NEAR(worst, 0, 1e-8);
	gsl_multifit_linear_free(w);
	gsl_matrix_free(X);
	gsl_matrix_free(cov);
	gsl_vector_free(y);
	gsl_vector_free(b);
	gsl_vector_free(res);
}

/* 3 groups, 6 regions, parties 1..3, years 2021..2023, bases in group 2
 * only (60 % of its cases); every level well populated in every group. */
static void test_least_squares(void)
{
	enum { N = 900, NG = 3, NR = 6 };
	struct data d;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 3);
	data_alloc(&d, N);
	double a[NR] = {0, 0.1, -0.2, 0.05, 0.3, -0.1}, c[NG] = {7, 5, -2};
	for (size_t i = 0; i < N; i++) {
		d.group[i] = (uint32_t)(i % NG);
		d.region[i] = (uint32_t)gsl_rng_uniform_int(rng, NR);
		d.party[i] = (int8_t)(1 + gsl_rng_uniform_int(rng, 3));
		d.year[i] = 2021 + (int32_t)gsl_rng_uniform_int(rng, 3);
		d.lnbase[i] = d.group[i] == 2 && gsl_rng_uniform(rng) < 0.6 ? 10 + 2 * gsl_rng_uniform(rng) : NAN;
		d.x[i] = c[d.group[i]] + a[d.region[i]] + 0.2 * (d.party[i] == 2) - 0.1 * (d.party[i] == 3) +
			 0.03 * (d.year[i] - 2021) * (double)(d.group[i] + 1) +
			 (isnan(d.lnbase[i]) ? 0 : 0.1 - 0.05 * (d.lnbase[i] - 11)) + gsl_ran_gaussian(rng, 0.1);
	}
	struct yd_mix_in in = mix_in(&d, NG, NR);
	struct yd_mix_opts o = {0, INFINITY, 5, 5000, 1e-10};
	double *pos = malloc(N * sizeof *pos), eff[NR];
	int rounds = yd_mix_positions(&in, &o, pos, eff);
	CHECK(rounds < 5000);

	/* the same model as one least-squares problem: 3 group intercepts,
	 * regions 1..5, per group party 2 and 3, years 2022 and 2023, and in
	 * group 2 having a base and ln(base) */
	size_t p = NG + (NR - 1) + NG * 4 + 2;
	gsl_matrix *X = gsl_matrix_calloc(N, p);
	gsl_vector *y = gsl_vector_alloc(N);
	for (size_t i = 0; i < N; i++) {
		size_t g = d.group[i], col = NG + NR - 1 + 4 * g;
		gsl_matrix_set(X, i, g, 1);
		if (d.region[i])
			gsl_matrix_set(X, i, NG + d.region[i] - 1, 1);
		gsl_matrix_set(X, i, col, d.party[i] == 2);
		gsl_matrix_set(X, i, col + 1, d.party[i] == 3);
		gsl_matrix_set(X, i, col + 2, d.year[i] == 2022);
		gsl_matrix_set(X, i, col + 3, d.year[i] == 2023);
		if (g == 2 && !isnan(d.lnbase[i])) {
			gsl_matrix_set(X, i, p - 2, 1);
			gsl_matrix_set(X, i, p - 1, d.lnbase[i]);
		}
		gsl_vector_set(y, i, d.x[i]);
	}
	check_least_squares(X, y, &d, pos, eff, NR, NG);
	free(pos);
	data_free(&d);
	gsl_rng_free(rng);
}

/* Collinear columns: the bases are all in 2023 and every 2023 case has
 * one, so having a base is the 2023 dummy.  The normal equations are
 * singular (the Cholesky solve must give way to the SVD) and the fit must
 * still be least squares: the same as on the design without the
 * redundant column. */
static void test_collinear(void)
{
	enum { N = 600, NR = 4 };
	struct data d;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 5);
	data_alloc(&d, N);
	double a[NR] = {0, 0.1, -0.2, 0.3};
	for (size_t i = 0; i < N; i++) {
		d.group[i] = 0;
		d.region[i] = (uint32_t)gsl_rng_uniform_int(rng, NR);
		d.party[i] = (int8_t)(1 + gsl_rng_uniform_int(rng, 2));
		d.year[i] = 2021 + (int32_t)gsl_rng_uniform_int(rng, 3);
		d.lnbase[i] = d.year[i] == 2023 ? 10 + 2 * gsl_rng_uniform(rng) : NAN;
		d.x[i] = 5 + a[d.region[i]] + 0.2 * (d.party[i] == 2) + 0.05 * (d.year[i] - 2021) +
			 (isnan(d.lnbase[i]) ? 0 : -0.05 * (d.lnbase[i] - 11)) + gsl_ran_gaussian(rng, 0.1);
	}
	struct yd_mix_in in = mix_in(&d, 1, NR);
	struct yd_mix_opts o = {0, INFINITY, 5, 5000, 1e-10};
	double *pos = malloc(N * sizeof *pos), eff[NR];
	CHECK(yd_mix_positions(&in, &o, pos, eff) < 5000);
	/* intercept, regions 1..3, party 2, 2022, 2023, ln(base) */
	size_t p = 1 + (NR - 1) + 1 + 2 + 1;
	gsl_matrix *X = gsl_matrix_calloc(N, p);
	gsl_vector *y = gsl_vector_alloc(N);
	for (size_t i = 0; i < N; i++) {
		gsl_matrix_set(X, i, 0, 1);
		if (d.region[i])
			gsl_matrix_set(X, i, d.region[i], 1);
		gsl_matrix_set(X, i, NR, d.party[i] == 2);
		gsl_matrix_set(X, i, NR + 1, d.year[i] == 2022);
		gsl_matrix_set(X, i, NR + 2, d.year[i] == 2023);
		gsl_matrix_set(X, i, NR + 3, isnan(d.lnbase[i]) ? 0 : d.lnbase[i]);
		gsl_vector_set(y, i, d.x[i]);
	}
	check_least_squares(X, y, &d, pos, eff, NR, 1);
	free(pos);
	data_free(&d);
	gsl_rng_free(rng);
}

/* 12 regions over 8 violation x tier groups.  Enterprises (party 2) fined
 * 1.25x everywhere, 2024 fined 1.1x, ln(base) with slope -0.1 in the
 * groups with bases; region 0's cases are all enterprises, region 1's all
 * of 2024, region 2's bases all large; region 3 is truly 1.2x.  60 % of the
 * noise is exactly 0 (heaped fines), 2 % are outliers at +1.5. */
static void test_confounded(void)
{
	enum { N = 24000, NG = 8, NR = 12 };
	struct data d;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 11);
	data_alloc(&d, N);
	for (size_t i = 0; i < N; i++) {
		uint32_t r = (uint32_t)gsl_rng_uniform_int(rng, NR), g = (uint32_t)gsl_rng_uniform_int(rng, NG);
		unsigned pr = (unsigned)gsl_rng_uniform_int(rng, 100);
		d.group[i] = g;
		d.region[i] = r;
		d.party[i] = (int8_t)(r == 0 || (pr >= 55 && pr < 85) ? 2 : pr < 55 ? 1 : 3);
		d.year[i] = r == 1 ? 2024 : 2021 + (int32_t)gsl_rng_uniform_int(rng, 4);
		d.lnbase[i] = g < 3 ? (r == 2 ? 13 : 9) + 2 * gsl_rng_uniform(rng) : NAN;
		double noise = gsl_rng_uniform(rng) < 0.6 ? 0 : gsl_ran_gaussian(rng, 0.15);
		if (gsl_rng_uniform(rng) < 0.02)
			noise = 1.5;
		d.x[i] = 3 + 0.5 * g + (r == 3 ? log(1.2) : 0) + (d.party[i] == 2 ? log(1.25) : 0) +
			 (d.year[i] == 2024 ? log(1.1) : 0) - (isnan(d.lnbase[i]) ? 0 : 0.1 * (d.lnbase[i] - 10)) + noise;
	}
	struct yd_mix_in in = mix_in(&d, NG, NR);
	struct yd_mix_opts o = YD_MIX_OPTS_DEFAULT, none = YD_MIX_OPTS_DEFAULT;
	none.min_level = N; /* no columns: the unadjusted effects */
	double *pos = malloc(N * sizeof *pos), eff[NR], raw[NR], sorted[NR];
	CHECK(yd_mix_positions(&in, &o, pos, eff) < o.rounds);
	yd_mix_positions(&in, &none, pos, raw);
	/* against the fair regions' median (regions 4..11) */
	memcpy(sorted, eff + 4, 8 * sizeof *sorted);
	gsl_sort(sorted, 1, 8);
	double centre = (sorted[3] + sorted[4]) / 2;
	memcpy(sorted, raw + 4, 8 * sizeof *sorted);
	gsl_sort(sorted, 1, 8);
	double rcentre = (sorted[3] + sorted[4]) / 2;
	CHECK_NEAR(eff[0] - centre, 0, 0.02);
	CHECK_NEAR(eff[1] - centre, 0, 0.02);
	CHECK_NEAR(eff[2] - centre, 0, 0.02);
	CHECK_NEAR(eff[3] - centre, log(1.2), 0.02);
	/* unadjusted, the mix is the region's: the check above has teeth */
	CHECK(raw[0] - rcentre > 0.08);
	CHECK(raw[1] - rcentre > 0.03);
	CHECK(raw[2] - rcentre < -0.08);
	free(pos);
	data_free(&d);
	gsl_rng_free(rng);
}

int main(void)
{
	gsl_set_error_handler_off();
	RUN(test_least_squares);
	RUN(test_collinear);
	RUN(test_confounded);
	return t_report("mix");
}
