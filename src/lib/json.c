/* json.c - JSON through jansson in one layout (json.h): the values youdu
 * writes, and the one dump that every command and endpoint uses. */
#include "youdu/json.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/buf.h"
#include "youdu/error.h"
#include "youdu/text.h"

/* jansson answers NULL only when out of memory here: fatal, as yd_x*. */
static json_t *have(json_t *v)
{
	if (!v)
		yd_xrealloc(NULL, SIZE_MAX); /* cannot be had: reports and aborts */
	return v;
}

/* The n bytes at s, each byte that is not part of a valid UTF-8 character
 * replaced by U+FFFD, into b. */
static void utf8_mend(struct yd_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t k = yd_utf8_valid_prefix(s + i, n - i, NULL);
		yd_buf_add(b, s + i, k);
		i += k;
		if (i < n) {
			yd_buf_addstr(b, "\xEF\xBF\xBD");
			i++;
		}
	}
}

json_t *yd_json_strn(const char *s, size_t n)
{
	if (yd_utf8_valid_prefix(s, n, NULL) == n && !memchr(s, '\0', n))
		return have(json_stringn_nocheck(s, n));
	struct yd_buf b = YD_BUF_INIT;
	utf8_mend(&b, s, strnlen(s, n));
	json_t *v = have(json_stringn_nocheck(yd_buf_str(&b), b.len));
	yd_buf_release(&b);
	return v;
}

json_t *yd_json_str(const char *s)
{
	return s ? yd_json_strn(s, strlen(s)) : json_null();
}

/* A real, never -0.0 (jansson would write "-0.0"). */
static json_t *real(double v)
{
	return have(json_real(v == 0 ? 0.0 : v));
}

json_t *yd_json_fen(int64_t fen)
{
	return real((double)fen / 100.0);
}

/* v rounded as printf rounds it, %.*f (fixed) or %.*g, to n places: the
 * text is read back, since v * 10^n rounds on its own (2.345 * 100 is
 * 234.49999999999997, "%.2f" of 2.345 is 2.35).  null when not finite. */
static json_t *rounded(double v, int fixed, int n)
{
	char buf[400];
	if (!isfinite(v))
		return json_null();
	snprintf(buf, sizeof buf, fixed ? "%.*f" : "%.*g", n, v);
	return real(strtod(buf, NULL));
}

json_t *yd_json_fixed(double v, int decimals)
{
	return rounded(v, 1, decimals);
}

json_t *yd_json_sig(double v, int digits)
{
	return rounded(v, 0, digits);
}

/* The end of the digits from p. */
static const char *digits(const char *p)
{
	while (*p >= '0' && *p <= '9')
		p++;
	return p;
}

int yd_json_number_parse(const char *s, long long *i, double *x)
{
	const char *p = s + (*s == '-');
	int integer = 1;

	if (*p < '0' || *p > '9' || (*p == '0' && p[1] >= '0' && p[1] <= '9'))
		return 0;
	p = digits(p);
	if (*p == '.') {
		integer = 0;
		if (*++p < '0' || *p > '9')
			return 0;
		p = digits(p);
	}
	if (*p == 'e' || *p == 'E') {
		integer = 0;
		p += p[1] == '+' || p[1] == '-' ? 2 : 1;
		if (*p < '0' || *p > '9')
			return 0;
		p = digits(p);
	}
	if (*p)
		return 0;
	if (integer) {
		errno = 0;
		*i = strtoll(s, NULL, 10);
		if (errno != ERANGE)
			return 1;
	}
	*x = strtod(s, NULL);
	if (*x == 0)
		*x = 0.0;
	return isfinite(*x) ? 2 : 0;
}

json_t *yd_json_number_text(const char *s)
{
	long long i;
	double x;
	int kind = yd_json_number_parse(s, &i, &x);
	return kind == 1 ? have(json_integer(i)) : kind == 2 ? real(x) : NULL;
}

int yd_json_string_set(json_t *v, const char *s)
{
	size_t n = strlen(s);
	if (yd_utf8_valid_prefix(s, n, NULL) != n)
		return -1;
	if (json_string_setn_nocheck(v, s, n) < 0)
		have(NULL);
	return 0;
}

void yd_json_set(json_t *o, const char *key, json_t *v)
{
	size_t n = strlen(key);
	struct yd_buf b = YD_BUF_INIT;

	if (yd_utf8_valid_prefix(key, n, NULL) != n) {
		utf8_mend(&b, key, n);
		key = yd_buf_str(&b);
	}
	if (json_object_set_new_nocheck(o, key, have(v)) < 0)
		have(NULL);
	yd_buf_release(&b);
}

void yd_json_push(json_t *a, json_t *v)
{
	if (json_array_append_new(a, have(v)) < 0)
		have(NULL);
}

/* Nonzero when one of the eight bytes of w is c (the bit hack of
 * "Bit Twiddling Hacks": a zero byte of w ^ c). */
static inline uint64_t has_byte(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (0x0101010101010101ull * c);
	return (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
}

/* Where in the n bytes at s the first byte that may need youdu's escape
 * stands (\, DEL, C2: the lead byte of C1), n when none does. */
static size_t first_special(const char *s, size_t n)
{
	static const unsigned char look[256] = {['\\'] = 1, [0x7F] = 1, [0xC2] = 1};
	size_t i = 0;
	for (uint64_t w; i + 8 <= n; i += 8) { /* eight bytes at a time */
		memcpy(&w, s + i, 8);
		if (has_byte(w, '\\') | has_byte(w, 0x7F) | has_byte(w, 0xC2))
			break;
	}
	while (i < n && !look[(unsigned char)s[i]])
		i++;
	return i;
}

/* jansson's output s (n bytes, from i on the first that may need it) in
 * youdu's layout, appended to b: jansson writes DEL and the C1 controls as
 * they are, \b and \f, and \u001B in upper case; youdu escapes all of
 * them, in lower case.  A backslash in jansson's output only ever starts
 * an escape, and those bytes only ever stand inside a string. */
static void relayout(struct yd_buf *b, const char *s, size_t n, size_t i)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i], next = i + 1 < n ? (unsigned char)s[i + 1] : 0;
		char esc[7] = "\\u00";
		size_t used;
		if (c == '\\' && (next == 'b' || next == 'f')) {
			esc[4] = '0';
			esc[5] = next == 'b' ? '8' : 'c';
			used = 2;
		} else if (c == '\\' && next == 'u' && i + 6 <= n) {
			for (int k = 2; k < 6; k++)
				esc[k] = s[i + k] >= 'A' && s[i + k] <= 'F' ? (char)(s[i + k] - 'A' + 'a') : s[i + k];
			used = 6;
		} else if (c == 0x7F || (c == 0xC2 && next >= 0x80 && next <= 0x9F)) {
			unsigned cp = c == 0x7F ? c : next;
			esc[4] = hex[cp >> 4];
			esc[5] = hex[cp & 15];
			used = c == 0x7F ? 1 : 2;
		} else {
			i += c == '\\' && next ? 2 : 1; /* \" \\ \n \r \t, or a byte of text */
			continue;
		}
		yd_buf_add(b, s + run, i - run);
		yd_buf_add(b, esc, 6);
		i += used;
		run = i;
	}
	yd_buf_add(b, s + run, n - run);
}

void yd_json_dump(struct yd_buf *b, const json_t *j)
{
	const size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15);
	size_t at = b->len, n;

	/* into the buffer's free room, then checked in one pass: a row of a
	 * table is one call.  4 KiB holds check's object, so that it is
	 * dumped once; a larger one is dumped again into the room it said. */
	yd_buf_grow(b, 4096);
	while ((n = json_dumpb(j, b->s + at, b->cap - at - 1, flags)) > b->cap - at - 1)
		yd_buf_grow(b, n);
	if (!n)
		have(NULL); /* every string is valid UTF-8: only memory can fail */
	size_t i = first_special(b->s + at, n);
	if (i == n) {
		b->len = at + n;
		b->s[b->len] = '\0';
		return;
	}
	char *copy = yd_xstrndup(b->s + at, n);
	b->len = at;
	relayout(b, copy, n, i);
	free(copy);
}

void yd_json_line(struct yd_buf *b, json_t *j)
{
	yd_json_dump(b, j);
	yd_buf_addch(b, '\n');
	json_decref(j);
}

void yd_json_print(FILE *f, json_t *j)
{
	struct yd_buf b = YD_BUF_INIT;
	yd_json_line(&b, j);
	fwrite(b.s, 1, b.len, f);
	yd_buf_release(&b);
}
