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
	RUN(test_alloc_grow);
	return t_report("buf");
}
