#include "youdu/text.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

size_t yd_utf8_valid_prefix(const char *str, size_t n, int *incomplete)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	if (incomplete)
		*incomplete = 0;
	while (i < n) {
		/* ASCII fast path, eight bytes at a time */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ull)
				break;
			i += 8;
		}
		/* three-byte sequences without a special second-byte range (most
		 * of CJK: E1..EC, EE, EF), one after another */
		while (i + 3 <= n && ((s[i] >= 0xE1 && s[i] <= 0xEC) || s[i] >= 0xEE) && s[i] <= 0xEF &&
		       (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80)
			i += 3;
		if (i >= n)
			break;
		unsigned c = s[i];
		size_t len;
		unsigned lo = 0x80, hi = 0xBF;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			return i;
		}
		for (size_t k = 1; k < len; k++) {
			if (i + k >= n) {
				if (incomplete)
					*incomplete = 1;
				return i;
			}
			unsigned d = s[i + k];
			if (k == 1 ? (d < lo || d > hi) : (d < 0x80 || d > 0xBF))
				return i;
		}
		i += len;
	}
	return i;
}

size_t yd_text_fold(char *str)
{
	unsigned char *s = (unsigned char *)str;
	/* only these lead bytes start something to fold: skip to the first */
	size_t r = strcspn(str, "\xEF\xE3\xC2"), w = r;

	while (s[r]) {
		if (s[r] == 0xEF && s[r + 1] >= 0xBC && s[r + 1] <= 0xBD && s[r + 2] >= 0x80 &&
		    s[r + 2] <= 0xBF) {
			/* U+FF00..U+FF7F = EF BC 80 .. EF BD BF */
			unsigned cp = 0xFF00u + ((unsigned)(s[r + 1] - 0xBC) << 6) + (s[r + 2] - 0x80u);
			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				s[w++] = (unsigned char)(cp - 0xFEE0);
				r += 3;
				continue;
			}
		} else if (s[r] == 0xE3 && s[r + 1] == 0x80 && s[r + 2] == 0x80) {
			s[w++] = ' '; /* U+3000 ideographic space */
			r += 3;
			continue;
		} else if (s[r] == 0xC2 && s[r + 1] == 0xA0) {
			s[w++] = ' '; /* U+00A0 no-break space */
			r += 2;
			continue;
		}
		s[w++] = s[r++];
	}
	return yd_text_trim(str, w);
}

static int is_white(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

size_t yd_text_trim(char *str, size_t n)
{
	unsigned char *s = (unsigned char *)str;
	size_t start = 0;
	while (start < n && is_white(s[start]))
		start++;
	while (n > start && is_white(s[n - 1]))
		n--;
	if (start)
		memmove(s, s + start, n - start);
	s[n - start] = '\0';
	return n - start;
}

struct yd_gbconv {
	iconv_t cd;       /* GB18030 (or UTF-16) -> UTF-8 */
	char carry[8];    /* a truncated sequence kept from the previous feed */
	size_t ncarry;    /* bytes in carry */
};

struct yd_gbconv *yd_gbconv_new(void)
{
	return yd_gbconv_new_from("GB18030");
}

struct yd_gbconv *yd_gbconv_new_from(const char *charset)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return NULL;
	struct yd_gbconv *c = yd_xcalloc(1, sizeof *c);
	c->cd = cd;
	return c;
}

/* Converts in[0..n) fully or up to an error; returns bytes consumed, sets *err. */
static size_t conv_run(struct yd_gbconv *c, const char *in, size_t n, struct yd_buf *out, int *err)
{
	char *ip = (char *)(uintptr_t)in; /* iconv's prototype is not const-correct */
	size_t il = n;

	*err = 0;
	while (il > 0) {
		yd_buf_grow(out, il * 2 + 16);
		char *op = out->s + out->len;
		size_t ol = out->cap - out->len - 1;
		size_t r = iconv(c->cd, &ip, &il, &op, &ol);
		out->len = (size_t)(op - out->s);
		out->s[out->len] = '\0';
		if (r == (size_t)-1 && errno != E2BIG) {
			*err = errno;
			break;
		}
	}
	return n - il;
}

int yd_gbconv_feed(struct yd_gbconv *c, const char *in, size_t n, int last, struct yd_buf *out,
		   size_t *bad_off)
{
	int e;
	size_t done = 0;

	/* first finish a sequence cut at the previous block's end */
	while (c->ncarry && done < n) {
		c->carry[c->ncarry++] = in[done++];
		conv_run(c, c->carry, c->ncarry, out, &e);
		if (!e) {
			c->ncarry = 0;
		} else if (e != EINVAL || c->ncarry >= 4) {
			*bad_off = 0;
			return -1;
		}
	}
	size_t used = conv_run(c, in + done, n - done, out, &e);
	if (e == EINVAL && !last && n - done - used < 4) {
		c->ncarry = n - done - used;
		memcpy(c->carry, in + done + used, c->ncarry);
		return 0;
	}
	if (e || (last && c->ncarry)) {
		*bad_off = done + used;
		return -1;
	}
	return 0;
}

void yd_gbconv_free(struct yd_gbconv *c)
{
	if (!c)
		return;
	iconv_close(c->cd);
	free(c);
}

/* Variant characters written for the same name, folded to one form when
 * names are matched (issue 25.4 item 9): 臺北 and 台北 are one city. */
static const char *const variants[][2] = {
    {"臺", "台"}, {"於", "于"}, {"裏", "里"}, {"峯", "峰"}, {"羣", "群"}, {"綫", "线"},
    {"牆", "墙"}, {"衆", "众"}, {"爲", "为"}, {"眞", "真"}, {"敎", "教"}, {"淸", "清"},
};

size_t yd_name_fold(char *s)
{
	size_t n = yd_text_fold(s);
	for (size_t i = 0; i + 3 <= n; i++) {
		if ((unsigned char)s[i] < 0xE0)
			continue;
		for (size_t k = 0; k < sizeof variants / sizeof *variants; k++)
			if (memcmp(s + i, variants[k][0], 3) == 0) {
				memcpy(s + i, variants[k][1], 3);
				break;
			}
		i += 2;
	}
	return n;
}

int yd_name_equal(const char *a, const char *b)
{
	char fa[1024], fb[1024];
	size_t la = strlen(a), lb = strlen(b);
	if (la >= sizeof fa || lb >= sizeof fb)
		return strcmp(a, b) == 0;
	memcpy(fa, a, la + 1);
	memcpy(fb, b, lb + 1);
	yd_name_fold(fa);
	yd_name_fold(fb);
	return strcmp(fa, fb) == 0;
}
