/* libFuzzer harness: the fine standard's reader on arbitrary bytes.  It
 * must never crash or read out of bounds, and what it reads must hold
 * together: read means at least one range with 0 <= min <= max, review
 * means no range and a reason.  Invisible characters never change a
 * reading (issue 26.5): the input with U+200B, U+00AD and U+FEFF put
 * between its characters reads exactly as the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/standard.h"

/* s with one of the invisible characters after each character (a bad
 * byte counts as one); a new string. */
static char *with_invisible(const char *s)
{
	static const char *const inv[] = {"\xe2\x80\x8b", "\xc2\xad", "\xef\xbb\xbf"};
	size_t n = strlen(s), o = 0, k = 0;
	char *t = malloc(4 * n + 1);
	for (size_t i = 0; i < n;) {
		unsigned c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
		for (size_t j = 1; j < len; j++)
			if (i + j >= n || ((unsigned char)s[i + j] & 0xC0) != 0x80)
				len = 1;
		memcpy(t + o, s + i, len);
		o += len;
		i += len;
		const char *v = inv[k++ % 3];
		memcpy(t + o, v, strlen(v));
		o += strlen(v);
	}
	t[o] = '\0';
	return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	char *s = malloc(n + 1), buf[512];
	struct yd_std st, st2;

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
	char *t = with_invisible(s);
	if (yd_std_read(t, &st2) != rc || st2.n != st.n || strcmp(st2.why, st.why) != 0 ||
	    memcmp(st2.r, st.r, st.n * sizeof *st.r) != 0)
		abort();
	free(t);
	free(s);
	return 0;
}
