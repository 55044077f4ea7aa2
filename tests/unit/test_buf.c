/* buf.c and alloc.h: a buffer grown past its first block, bytes and NULs
 * kept, detached; YD_ALLOC_GROW's capacity and contents. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "youdu/alloc.h"
#include "youdu/buf.h"

static void test_buf(void)
{
	struct yd_buf b = YD_BUF_INIT;
	CHECK_STR(yd_buf_str(&b), "");
	for (int i = 0; i < 1000; i++)
		yd_buf_addf(&b, "%d,", i % 10);
	CHECK_INT(b.len, 2000);
	CHECK(b.s[b.len] == '\0');
	CHECK(strncmp(b.s + 1990, "5,6,7,8,9,", 10) == 0);
	yd_buf_reset(&b);
	CHECK_STR(yd_buf_str(&b), "");
	yd_buf_add(&b, "a\0b", 3); /* bytes, NUL included */
	yd_buf_addch(&b, 'c');
	yd_buf_addstr(&b, "de");
	CHECK_INT(b.len, 6);
	CHECK(memcmp(b.s, "a\0bcde", 7) == 0);
	char *s = yd_buf_detach(&b);
	CHECK(memcmp(s, "a\0bcde", 7) == 0);
	CHECK(b.s == NULL && b.len == 0);
	free(s);
	yd_buf_release(&b);
}

/* yd_buf_addf formats in place when the text fits the room left and again
 * after growing when it does not (2026-12-05, issue 22: once, not twice):
 * at every length around the room, the text whole, NUL-ended, and what
 * was there before kept. */
static void test_addf_room(void)
{
	char want[300];
	for (int n = 0; n < 200; n++) {
		struct yd_buf b = YD_BUF_INIT;
		yd_buf_addstr(&b, "0123456789012345678901234567890123456789012345678901234567"); /* 58 of 64 */
		size_t cap = b.cap;
		yd_buf_addf(&b, "%.*s|%d", n, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"
					   "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"
					   "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
			    -n);
		snprintf(want, sizeof want, "0123456789012345678901234567890123456789012345678901234567%.*s|%d", n,
			 "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"
			 "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"
			 "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
			 -n);
		CHECK_STR(yd_buf_str(&b), want);
		CHECK_INT(b.len, strlen(want));
		CHECK(b.cap > b.len);
		/* up to "ab|-2" it fits the first block's 64 bytes; from "abc|-3" on it grows */
		CHECK(n <= 2 ? b.cap == cap : b.cap > cap);
		yd_buf_addf(&b, "%s", ""); /* nothing added, still NUL-ended */
		CHECK_INT(b.len, strlen(want));
		CHECK(b.s[b.len] == '\0');
		yd_buf_release(&b);
	}
}

static void test_alloc_grow(void)
{
	int *v = NULL;
	size_t n = 0, alloc = 0;
	CHECK_INT(yd_alloc_nr(0, 1), 16);
	CHECK_INT(yd_alloc_nr(16, 17), 32);
	CHECK_INT(yd_alloc_nr(16, 100), 100); /* at least what is asked */
	for (int i = 0; i < 1000; i++) {
		YD_ALLOC_GROW(v, n + 1, alloc);
		v[n++] = i;
	}
	CHECK(alloc >= 1000 && alloc < 2048);
	long sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	CHECK_INT(sum, 999 * 1000 / 2);
	/* a capacity enough already: nothing moves */
	int *before = v;
	YD_ALLOC_GROW(v, 10, alloc);
	CHECK(v == before);
	free(v);
}

int main(void)
{
	RUN(test_buf);
	RUN(test_addf_room);
	RUN(test_alloc_grow);
	return t_report("buf");
}
