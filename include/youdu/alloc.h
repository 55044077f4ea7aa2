/* alloc.h - growing arrays (git's ALLOC_GROW): one way to make room for
 * element nr - 1 of an array and its capacity, instead of a hand-written
 * test, doubling and realloc at every site.  Running out of memory, or an
 * array too large for size_t, is fatal as for yd_xrealloc. */
#ifndef YOUDU_ALLOC_H
#define YOUDU_ALLOC_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/error.h"

/* The capacity to grow alloc to so that it holds nr: at least twice it
 * (16 at first), at least nr. */
static inline size_t yd_alloc_nr(size_t alloc, size_t nr)
{
	size_t a = alloc ? (alloc > SIZE_MAX / 2 ? SIZE_MAX : 2 * alloc) : 16;
	return a < nr ? nr : a;
}

/* p resized to n elements of size bytes; fatal on overflow or out of memory. */
static inline void *yd_xrealloc_array(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return yd_xrealloc(p, SIZE_MAX); /* cannot be had: fatal as out of memory */
	return yd_xrealloc(p, n * size);
}

/* Makes ptr hold at least nr elements; alloc is its capacity (0 with ptr
 * NULL at first), updated.  ptr and alloc are evaluated more than once. */
#define YD_ALLOC_GROW(ptr, nr, alloc)                                                              \
	do {                                                                                       \
		if ((size_t)(nr) > (size_t)(alloc)) {                                              \
			(alloc) = yd_alloc_nr((size_t)(alloc), (size_t)(nr));                      \
			(ptr) = yd_xrealloc_array((ptr), (size_t)(alloc), sizeof *(ptr));          \
		}                                                                                  \
	} while (0)

#endif
