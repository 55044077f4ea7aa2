/* libFuzzer harness: the fine standard's reader on arbitrary bytes.  It
 * must never crash or read out of bounds, and what it reads must hold
 * together: read means at least one range with 0 <= min <= max, review
 * means no range and a reason. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/standard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	char *s = malloc(n + 1), buf[512];
	struct yd_std st;

	memcpy(s, data, n);
	s[n] = '\0';
	int rc = yd_std_read(s, &st);
	if (rc == 0) {
		if (st.n == 0 || st.needs_review)
			abort();
		for (size_t i = 0; i < st.n; i++) {
			const struct yd_std_range *r = &st.r[i];
			if (r->lo < 0 || r->lo > r->hi || (r->cap != YD_STD_NO_CAP && r->cap < 0))
				abort();
			yd_std_format(r, buf, sizeof buf);
		}
	} else if (rc != 1 || st.n != 0 || st.why[0] == '\0') {
		abort();
	}
	free(s);
	return 0;
}
