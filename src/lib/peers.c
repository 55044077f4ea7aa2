#include "youdu/peers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/stats.h"

int yd_party_class(enum yd_party p)
{
	switch (p) {
	case YD_PARTY_INDIVIDUAL: return 1;
	case YD_PARTY_ENTERPRISE:
	case YD_PARTY_SOLE_TRADER: return 2;
	default: return 0;
	}
}

void yd_region_at_level(const char *path, enum yd_level level, char *buf, size_t n)
{
	if (level == YD_LEVEL_ALL || level == YD_LEVEL_NONE) {
		snprintf(buf, n, "%s", "");
		return;
	}
	snprintf(buf, n, "%s", path);
	if (level == YD_LEVEL_PARENT) {
		char *slash = strrchr(buf, '/');
		if (slash)
			*slash = '\0';
	}
}

int yd_peers_ordinary(enum yd_tier t)
{
	return t != YD_TIER_NONE && t != YD_TIER_MITIGATED;
}

int yd_peers_decide(const struct yd_legal *l)
{
	/* without a legal check, peers decide unless a published band did */
	return l->verdict == YD_V_OK ||
	       (l->verdict == YD_V_NO_BENCHMARK &&
		(l->nolegal == YD_NL_NO_CATALOGUE || l->nolegal == YD_NL_REVIEW || l->nolegal == YD_NL_PARTIAL ||
		 l->nolegal == YD_NL_NO_VERSION));
}

int yd_peers_enough(long n, double mad, enum yd_level level, const struct yd_thresholds *t)
{
	if (n < t->min_peers)
		return 0;
	return level == YD_LEVEL_ALL || YD_MAD_SCALE * mad >= t->min_scale || n >= t->min_heaped;
}

const struct yd_peer_step yd_peer_steps[YD_PEER_STEPS] = {
    {YD_LEVEL_REGION, 1}, {YD_LEVEL_REGION, 0}, {YD_LEVEL_PARENT, 1},
    {YD_LEVEL_PARENT, 0}, {YD_LEVEL_ALL, 1},    {YD_LEVEL_ALL, 0},
};

static int cmp_level(const void *pa, const void *pb)
{
	const struct yd_level_amount *a = pa, *b = pb;
	if (a->count != b->count)
		return a->count < b->count ? 1 : -1;
	return (a->x > b->x) - (a->x < b->x);
}

int yd_peers_levels(const double *xs, size_t n, struct yd_level_amount *out)
{
	struct yd_level_amount cand[11] = {{0, 0}}; /* each holds >= 10 % of n: at most 10 */
	long need = (long)((n + 9) / 10);
	int k = 0;

	if (need < 3)
		need = 3;
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i; j < n && xs[j] == xs[i]; j++)
			;
		if ((long)(j - i) >= need && k < 11)
			cand[k++] = (struct yd_level_amount){xs[i], (long)(j - i)};
	}
	qsort(cand, (size_t)k, sizeof *cand, cmp_level);
	if (k > YD_PEER_LEVELS)
		k = YD_PEER_LEVELS;
	memcpy(out, cand, (size_t)k * sizeof *out);
	return k;
}

void yd_peers_beyond(const double *xs, size_t n, double x, int self, long *above, long *below)
{
	long lo = (long)yd_stats_lower_bound(xs, n, x), hi = (long)yd_stats_upper_bound(xs, n, x);
	*above = (long)n - lo - (self ? 1 : 0);
	*below = hi - (self ? 1 : 0);
}
