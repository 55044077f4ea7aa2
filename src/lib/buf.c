#include "youdu/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void yd_buf_grow(struct yd_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->s = yd_xrealloc(b->s, cap);
	b->cap = cap;
}

void yd_buf_add(struct yd_buf *b, const void *p, size_t n)
{
	yd_buf_grow(b, n);
	if (n)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void yd_buf_addstr(struct yd_buf *b, const char *s)
{
	yd_buf_add(b, s, strlen(s));
}

void yd_buf_addch(struct yd_buf *b, char c)
{
	yd_buf_add(b, &c, 1);
}

void yd_buf_vaddf(struct yd_buf *b, const char *fmt, va_list ap)
{
	/* formatted once where it fits in the room left (most do: a JSON
	 * number, a table cell), twice only when the buffer must grow */
	size_t room = b->s ? b->cap - b->len : 0;
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(room ? b->s + b->len : NULL, room, fmt, ap2);
	va_end(ap2);
	if (n <= 0) {
		if (b->s)
			b->s[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		yd_buf_grow(b, (size_t)n);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void yd_buf_addf(struct yd_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	yd_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void yd_buf_reset(struct yd_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

const char *yd_buf_str(const struct yd_buf *b)
{
	return b->s ? b->s : "";
}

char *yd_buf_detach(struct yd_buf *b)
{
	char *s = b->s ? b->s : yd_xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void yd_buf_release(struct yd_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
