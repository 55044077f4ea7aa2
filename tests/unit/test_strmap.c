/* strmap.c: a map grown past its first table with every key still found,
 * a key overwritten, the FNV-1a hash step by step. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/strmap.h"

static void test_strmap(void)
{
	struct yd_strmap m = YD_STRMAP_INIT;
	char k[32];
	int64_t v = 0;
	for (int i = 0; i < 5000; i++) {
		snprintf(k, sizeof k, "区域%d", i);
		yd_strmap_put(&m, k, i * 3);
	}
	CHECK_INT(m.n, 5000);
	int found = 0;
	for (int i = 0; i < 5000; i++) {
		snprintf(k, sizeof k, "区域%d", i);
		found += yd_strmap_get(&m, k, &v) && v == i * 3;
	}
	CHECK_INT(found, 5000);
	CHECK(!yd_strmap_get(&m, "区域5000", &v));
	yd_strmap_put(&m, "区域7", -1); /* overwritten, not added */
	CHECK(yd_strmap_get(&m, "区域7", &v) && v == -1);
	CHECK_INT(m.n, 5000);
	yd_strmap_release(&m);
	/* FNV-1a's steps: xor the byte, times the prime 1099511628211.  The
	 * offset basis is 1469598103934665603, a digit short of the published
	 * 14695981039346656037 (so "a" is not the published vector
	 * 0xaf63dc4c8601ec8c); kept, as the maps' layout depends on it */
	const uint64_t basis = 1469598103934665603ull, prime = 1099511628211ull;
	CHECK(yd_hash("", 0) == basis);
	CHECK(yd_hash("a", 1) == (basis ^ 'a') * prime);
	CHECK(yd_hash("ab", 2) == (((basis ^ 'a') * prime) ^ 'b') * prime);
}

int main(void)
{
	RUN(test_strmap);
	return t_report("strmap");
}
