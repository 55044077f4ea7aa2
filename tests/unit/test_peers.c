/* The comparable-case rule's helpers: a group's levels, peers as far out,
 * and the natural-scale statistics shown to people, each against an
 * independent computation (brute force, or GSL on the values themselves). */
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

#include "t.h"
#include "youdu/peers.h"
#include "youdu/stats.h"

/* A heaped group of ln(amount yuan): amounts from a few round figures. */
static size_t heaped(double *x, size_t n, unsigned *seed)
{
	static const double amounts[] = {500, 500, 500, 1000, 1200, 3000, 3000, 3600, 6000, 20000};
	for (size_t i = 0; i < n; i++)
		x[i] = log(amounts[(size_t)rand_r(seed) % 10]);
	gsl_sort(x, 1, n);
	return n;
}

static void test_median_exp_without(void)
{
	double x[64], e[64];
	unsigned seed = 11;
	for (int rep = 0; rep < 200; rep++) {
		size_t n = 2 + (size_t)rand_r(&seed) % 60;
		heaped(x, n, &seed);
		for (size_t r = 0; r < n; r++) {
			size_t m = 0;
			for (size_t i = 0; i < n; i++)
				if (i != r)
					e[m++] = exp(x[i]);
			gsl_sort(e, 1, m);
			double want = gsl_stats_median_from_sorted_data(e, 1, m);
			CHECK_NEAR(yd_stats_median_exp_without(x, n, r), want, 1e-9 * want);
		}
	}
	/* the example: 10,000 and 100,000 have the median 55,000 yuan,
	 * not exp of the mean of their logs (31,622.78) */
	double two[3] = {log(1000.0), log(10000.0), log(100000.0)};
	CHECK_NEAR(yd_stats_median_exp_without(two, 3, 0), 55000.0, 1e-6);
}

static void test_quantile_exp(void)
{
	double x[80], e[80];
	unsigned seed = 5;
	for (int rep = 0; rep < 200; rep++) {
		size_t n = 1 + (size_t)rand_r(&seed) % 80;
		heaped(x, n, &seed);
		for (size_t i = 0; i < n; i++)
			e[i] = exp(x[i]);
		for (double p = 0; p <= 1.0; p += 0.125)
			CHECK_NEAR(yd_stats_quantile_exp(x, n, p), gsl_stats_quantile_from_sorted_data(e, 1, n, p),
				   1e-9 * e[n - 1]);
	}
}

static void test_distinct_mad(void)
{
	double x[100], d[100], work[200], w2[100];
	unsigned seed = 3;
	for (int rep = 0; rep < 200; rep++) {
		size_t n = 1 + (size_t)rand_r(&seed) % 100, m = 0, nd = 0;
		heaped(x, n, &seed);
		for (size_t i = 0; i < n; i++)
			if (!m || x[i] != d[m - 1])
				d[m++] = x[i];
		double want = gsl_stats_mad0(d, 1, m, w2);
		CHECK_NEAR(yd_stats_distinct_mad(x, n, work, &nd), want, 1e-12);
		CHECK_INT(nd, m);
	}
	/* 71 fines of 500 and 40 of 3,000 and 6 others: MAD 0, the distinct spread is not */
	double g[117];
	size_t n = 0;
	for (int i = 0; i < 71; i++)
		g[n++] = log(500);
	for (int i = 0; i < 40; i++)
		g[n++] = log(3000);
	const double others[] = {1200, 1800, 2400, 3600, 4800, 6000};
	for (int i = 0; i < 6; i++)
		g[n++] = log(others[i]);
	gsl_sort(g, 1, n);
	size_t nd = 0;
	CHECK_NEAR(yd_stats_mad(g, n, work), 0, 0);
	CHECK(yd_stats_distinct_mad(g, n, work, &nd) > 0.3);
	CHECK_INT(nd, 8);

	/* the levels of that group, most held first */
	struct yd_level_amount lv[YD_PEER_LEVELS];
	int k = yd_peers_levels(g, n, lv);
	CHECK_INT(k, 2);
	CHECK_NEAR(exp(lv[0].x), 500, 1e-9);
	CHECK_INT(lv[0].count, 71);
	CHECK_NEAR(exp(lv[1].x), 3000, 1e-9);
	CHECK_INT(lv[1].count, 40);
}

static void test_levels_brute(void)
{
	double x[120];
	unsigned seed = 9;
	for (int rep = 0; rep < 300; rep++) {
		size_t n = 1 + (size_t)rand_r(&seed) % 120;
		heaped(x, n, &seed);
		struct yd_level_amount lv[YD_PEER_LEVELS];
		int k = yd_peers_levels(x, n, lv);
		long need = (long)ceil(0.1 * (double)n);
		if (need < 3)
			need = 3;
		/* every amount held by >= need cases is listed unless three held more */
		int want = 0;
		for (size_t i = 0; i < n; i++) {
			if (i && x[i] == x[i - 1])
				continue;
			long c = 0;
			for (size_t j = 0; j < n; j++)
				c += x[j] == x[i];
			want += c >= need;
		}
		CHECK_INT(k, want < YD_PEER_LEVELS ? want : YD_PEER_LEVELS);
		for (int i = 0; i < k; i++) {
			long c = 0;
			for (size_t j = 0; j < n; j++)
				c += x[j] == lv[i].x;
			CHECK_INT(lv[i].count, c);
			CHECK(c >= need);
			if (i)
				CHECK(lv[i - 1].count >= lv[i].count);
		}
	}
}

static void test_beyond(void)
{
	const double g[] = {1, 2, 2, 2, 3, 5, 5, 9};
	long above, below;
	yd_peers_beyond(g, 8, 2, 1, &above, &below);
	CHECK_INT(above, 6); /* the other two 2s, 3, 5, 5, 9 */
	CHECK_INT(below, 3); /* 1 and the other two 2s */
	yd_peers_beyond(g, 8, 9, 1, &above, &below);
	CHECK_INT(above, 0);
	CHECK_INT(below, 7);
	yd_peers_beyond(g, 8, 4, 0, &above, &below); /* a draft: not in the group */
	CHECK_INT(above, 3);
	CHECK_INT(below, 5);
}

static void test_rules(void)
{
	CHECK(!yd_peers_ordinary(YD_TIER_NONE));
	CHECK(!yd_peers_ordinary(YD_TIER_MITIGATED));
	CHECK(yd_peers_ordinary(YD_TIER_UNKNOWN));
	CHECK(yd_peers_ordinary(YD_TIER_GENERAL));
	CHECK_INT(yd_party_class(YD_PARTY_SOLE_TRADER), 2);
	CHECK_INT(yd_party_class(YD_PARTY_INDIVIDUAL), 1);
	char buf[64];
	yd_region_at_level("省/市/县/镇", YD_LEVEL_PARENT, buf, sizeof buf);
	CHECK_STR(buf, "省/市/县");
	yd_region_at_level("省/市/县/镇", YD_LEVEL_ALL, buf, sizeof buf);
	CHECK_STR(buf, "");
	/* widening: region before county before all, party class first at each */
	for (int k = 1; k < YD_PEER_STEPS; k++)
		CHECK(yd_peer_steps[k].level > yd_peer_steps[k - 1].level ||
		      (yd_peer_steps[k].level == yd_peer_steps[k - 1].level && yd_peer_steps[k - 1].by_party));
}

int main(void)
{
	RUN(test_median_exp_without);
	RUN(test_quantile_exp);
	RUN(test_distinct_mad);
	RUN(test_levels_brute);
	RUN(test_beyond);
	RUN(test_rules);
	return t_report("peers");
}
