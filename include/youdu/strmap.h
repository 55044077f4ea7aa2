/* strmap.h - string -> int64 hash map (open addressing), used to intern
 * regions, violation codes and agencies without one SQL query per row.
 * The map owns copies of its keys. */
#ifndef YOUDU_STRMAP_H
#define YOUDU_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct yd_strmap {
	char **keys;     /* slot keys (owned), NULL when empty */
	int64_t *values; /* slot values */
	size_t cap;      /* slots, a power of two */
	size_t n;        /* keys stored */
};

#define YD_STRMAP_INIT {NULL, NULL, 0, 0}

/* Returns 1 and sets *value when key is present, else 0. */
int yd_strmap_get(const struct yd_strmap *m, const char *key, int64_t *value);
/* Inserts or overwrites key (copied). */
void yd_strmap_put(struct yd_strmap *m, const char *key, int64_t value);
void yd_strmap_release(struct yd_strmap *m);

/* FNV-1a 64-bit hash of n bytes. */
uint64_t yd_hash(const void *p, size_t n);

#endif
