/* json.h - every JSON object youdu writes (check, the party history, the
 * run ledger, table rows, the server's answers) is built with jansson and
 * written by yd_json_dump, one way for the CLI and the server.
 *
 * Ownership, as jansson's *_new functions: yd_json_set and yd_json_push
 * consume the value they are given; every other function here returns a
 * new reference the caller owns (json_decref).  Running out of memory is
 * fatal, as for yd_xmalloc.
 *
 * Layout (docs/FORMATS.md): compact, members in the order set, UTF-8 as
 * it is; a string escapes ", \ and the control characters a terminal would
 * act on (C0, DEL, C1 U+0080-U+009F) as \u00xx in lower case, \n \r \t as
 * such; bytes that are not UTF-8 become U+FFFD.  A number with decimals
 * carries at most 15 significant digits and at least one digit after the
 * point (8000.0, 1234.5, 0.1998). */
#ifndef YOUDU_JSON_H
#define YOUDU_JSON_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct yd_buf;

/* s as a JSON string (null when s is NULL). */
json_t *yd_json_str(const char *s);
/* The n bytes at s as a JSON string. */
json_t *yd_json_strn(const char *s, size_t n);
/* An amount in fen as a number of yuan (8000.0, 1234.56). */
json_t *yd_json_fen(int64_t fen);
/* v rounded to decimals places (null when not finite). */
json_t *yd_json_fixed(double v, int decimals);
/* v to digits significant digits, as %.*g rounds it (null when not finite). */
json_t *yd_json_sig(double v, int digits);
/* Reads the text s as a JSON number (-?int frac? exp?): returns 1 with *i
 * for an integer (no point, no exponent, within long long), 2 with *x for
 * any other (finite, never -0.0), 0 when s is not such a number. */
int yd_json_number_parse(const char *s, long long *i, double *x);
/* The number that the text s spells, as yd_json_number_parse reads it;
 * NULL when s is not one. */
json_t *yd_json_number_text(const char *s);
/* Makes the JSON string v hold s instead, reusing v; -1 (v unchanged) when
 * s is not valid UTF-8, else 0. */
int yd_json_string_set(json_t *v, const char *s);
/* Sets o's member key to v (consumed), after the members set before. */
void yd_json_set(json_t *o, const char *key, json_t *v);
/* Appends v (consumed) to the array a. */
void yd_json_push(json_t *a, json_t *v);
/* Appends j (any value) to b in youdu's layout, without a newline. */
void yd_json_dump(struct yd_buf *b, const json_t *j);
/* Appends j (consumed) and a newline to b: one object a line. */
void yd_json_line(struct yd_buf *b, json_t *j);
/* Writes j (consumed) and a newline to f (the caller's). */
void yd_json_print(FILE *f, json_t *j);

#endif
