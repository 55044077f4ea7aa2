#include "youdu/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int yd_error_set(struct yd_error *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
		err->code = code;
	}
	return code;
}

void yd_error_prefix(struct yd_error *err, const char *fmt, ...)
{
	char pre[256], old[YD_ERROR_MAX];
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof pre, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	size_t n = strlen(pre);
	if (n + 2 >= sizeof err->msg)
		n = sizeof err->msg - 3;
	memcpy(err->msg, pre, n);
	memcpy(err->msg + n, ": ", 2);
	size_t rest = sizeof err->msg - n - 3;
	size_t k = strnlen(old, rest);
	memcpy(err->msg + n + 2, old, k);
	err->msg[n + 2 + k] = '\0';
}

static YD_NORETURN void oom(size_t n)
{
	fprintf(stderr, "youdu: out of memory allocating %zu bytes\n", n);
	abort();
}

void *yd_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *yd_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *yd_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *yd_xstrndup(const char *s, size_t n)
{
	char *p = yd_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *yd_xstrdup(const char *s)
{
	return yd_xstrndup(s, strlen(s));
}
