/* buf.h - growable byte strings, always NUL-terminated.
 *
 * struct yd_buf b = YD_BUF_INIT; ... yd_buf_release(&b);
 * The buffer owns b.s; yd_buf_detach hands it to the caller. */
#ifndef YOUDU_BUF_H
#define YOUDU_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "youdu/error.h"

struct yd_buf {
	char *s;    /* contents, NUL-terminated once anything was added; may be NULL */
	size_t len; /* bytes used, not counting the NUL */
	size_t cap; /* bytes allocated */
};

#define YD_BUF_INIT {NULL, 0, 0}

void yd_buf_grow(struct yd_buf *b, size_t extra);
void yd_buf_add(struct yd_buf *b, const void *p, size_t n);
void yd_buf_addstr(struct yd_buf *b, const char *s);
void yd_buf_addch(struct yd_buf *b, char c);
void yd_buf_addf(struct yd_buf *b, const char *fmt, ...) YD_PRINTF(2, 3);
void yd_buf_vaddf(struct yd_buf *b, const char *fmt, va_list ap) YD_PRINTF(2, 0);
/* Empties the buffer, keeping its memory. */
void yd_buf_reset(struct yd_buf *b);
/* Returns the contents ("" when empty), valid until the next change. */
const char *yd_buf_str(const struct yd_buf *b);
/* Returns the contents as a new string the caller frees; b is left empty. */
char *yd_buf_detach(struct yd_buf *b);
void yd_buf_release(struct yd_buf *b);

#endif
