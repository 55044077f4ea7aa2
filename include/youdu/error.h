/* error.h - one error type for the whole library.
 *
 * Every fallible function returns int: 0 (YD_OK) on success or a negative
 * YD_E* code, and fills an optional, caller-owned struct yd_error with a
 * message naming the subject ("cases.csv:42: invalid fine '12,3O'").
 * Messages are lowercase with no final period.  The library never prints
 * and never exits, except that running out of memory is fatal (yd_x*). */
#ifndef YOUDU_ERROR_H
#define YOUDU_ERROR_H

#include <stddef.h>

enum {
	YD_OK = 0,
	YD_EUSAGE = -1,  /* bad argument or option value */
	YD_EINPUT = -2,  /* input file cannot be read as a whole (nothing written) */
	YD_EREJECT = -3, /* rows were rejected and the caller asked for strictness */
	YD_EDB = -4,     /* SQLite error */
	YD_EIO = -5,     /* operating-system error */
	YD_ESTATE = -6,  /* database not in the needed state (e.g. not analyzed) */
	YD_ETOOL = -7,   /* an external program (gnuplot) is missing or failed */
};

#define YD_ERROR_MAX 1024

struct yd_error {
	int code;               /* the YD_E* code last set, 0 when clear */
	char msg[YD_ERROR_MAX]; /* human-readable message, NUL-terminated */
};

#if defined(__GNUC__)
#define YD_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define YD_NORETURN __attribute__((noreturn))
#else
#define YD_PRINTF(f, a)
#define YD_NORETURN
#endif

/* Sets err (if not NULL) and returns code, so reporting is one line:
 *     return yd_error_set(err, YD_EINPUT, "%s:%ld: ...", file, line); */
int yd_error_set(struct yd_error *err, int code, const char *fmt, ...) YD_PRINTF(3, 4);

/* Prefixes the message already in err with "prefix: ". */
void yd_error_prefix(struct yd_error *err, const char *fmt, ...) YD_PRINTF(2, 3);

/* Allocation that aborts the process on out-of-memory (the one fatal error). */
void *yd_xmalloc(size_t n);
void *yd_xcalloc(size_t n, size_t size);
void *yd_xrealloc(void *p, size_t n);
/* Returns a new copy of s; the caller frees it. */
char *yd_xstrdup(const char *s);
char *yd_xstrndup(const char *s, size_t n);

#endif
