/* libFuzzer harness: every normaliser on arbitrary bytes.  They must never
 * crash, read out of bounds or accept a negative amount. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	char *s = malloc(n + 1), region[512];
	int64_t fen, ppm;
	int32_t ymd;
	enum yd_tier t;
	enum yd_party p;
	const char *why;

	memcpy(s, data, n);
	s[n] = '\0';
	if (yd_parse_amount(s, &fen, &why) == 0 && fen < 0)
		abort();
	if (yd_parse_ratio(s, &ppm, &why) == 0 && ppm < 0)
		abort();
	if (yd_parse_date(s, &ymd, &why) == 0 && (ymd < 19000101 || ymd > 99991231))
		abort();
	yd_parse_tier(s, &t);
	yd_parse_party(s, &p);
	if (yd_parse_region(s, region, sizeof region, &why) == 0 && strlen(region) >= sizeof region)
		abort();
	free(s);
	return 0;
}
