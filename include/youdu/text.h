/* text.h - UTF-8 checks, full-width folding and GB18030 -> UTF-8 conversion. */
#ifndef YOUDU_TEXT_H
#define YOUDU_TEXT_H

#include <stddef.h>

#include "youdu/buf.h"

/* Returns the length of the longest prefix of s[0..n) made of complete,
 * valid UTF-8 sequences (no overlongs, no surrogates, <= U+10FFFF).
 * *incomplete (may be NULL) is set to 1 when the rest is a truncated but
 * so-far valid sequence at the very end, i.e. more bytes could complete it. */
size_t yd_utf8_valid_prefix(const char *s, size_t n, int *incomplete);

/* Folds s in place and returns its new length: full-width ASCII forms
 * (U+FF01..U+FF5E) become ASCII, U+3000 becomes a space, and leading and
 * trailing ASCII whitespace is trimmed.  The result is never longer. */
size_t yd_text_fold(char *s);
/* Trims leading and trailing ASCII white space (space, tab, CR, LF) of the
 * n bytes of s in place, as yd_text_fold does; returns the new length. */
size_t yd_text_trim(char *s, size_t n);

/* Folds a name for matching, in place, and returns its new length: as
 * yd_text_fold, then common variant characters to one form (臺 to 台, 於 to
 * 于, 裏 to 里, 峯 to 峰 ...).  Names are stored as written; this is for
 * comparing them only. */
size_t yd_name_fold(char *s);
/* 1 when a and b are the same name once folded by yd_name_fold. */
int yd_name_equal(const char *a, const char *b);

/* Streaming GB18030 -> UTF-8 converter (iconv). */
struct yd_gbconv;

/* Returns a new converter (the caller frees it with yd_gbconv_free), or
 * NULL when the C library has no GB18030 converter. */
struct yd_gbconv *yd_gbconv_new(void);
/* The same converter from another iconv charset ("UTF-16LE", "UTF-16BE"),
 * or NULL when iconv does not know it. */
struct yd_gbconv *yd_gbconv_new_from(const char *charset);
/* Converts in[0..n) appending UTF-8 to out.  A truncated sequence at the end
 * is kept for the next call when !last.  Returns 0, or -1 with *bad_off set
 * to the offset (within in) of the first byte that is not GB18030. */
int yd_gbconv_feed(struct yd_gbconv *c, const char *in, size_t n, int last,
		   struct yd_buf *out, size_t *bad_off);
void yd_gbconv_free(struct yd_gbconv *c);

#endif
