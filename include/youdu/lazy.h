/* lazy.h - libraries that few commands need, loaded when one needs them.
 *
 * Reading .xlsx/.xls workbooks (libzip, expat, libfreexl), writing .xlsx
 * (libxlsxwriter) and serving HTTP (libmicrohttpd, which brings gnutls and
 * eight more) are not linked at start: relocating them and running their
 * constructors cost a `check` more than its database work (issue 22.4,
 * docs/PERFORMANCE.md).  Each is opened with dlopen the first time a
 * command needs it.  The functions youdu calls keep their names: a stub of
 * the same prototype (lazy.c, serve_lazy.c) calls through to the loaded
 * library, so call sites are unchanged and the compiler checks every stub
 * against the library's own header.
 *
 * The loader's table is process-wide state, as the dynamic linker's own
 * is: filled once under a lock, read-only after. */
#ifndef YOUDU_LAZY_H
#define YOUDU_LAZY_H

#include <stdatomic.h>
#include <stddef.h>

#include "youdu/error.h"

typedef void (*yd_lazy_fn_t)(void);

/* One library loaded on demand (defined statically by its stubs' file). */
struct yd_lazy_lib {
	const char *soname;        /* what dlopen opens: the SONAME the build linked against */
	const char *package;       /* the Debian package that has it, for the error message */
	const char *purpose;       /* what needs it: "reading .xlsx workbooks" */
	const char *const *names;  /* the functions youdu calls */
	yd_lazy_fn_t *fn;          /* filled by the load: one per name */
	size_t n;
	atomic_int ready;          /* 1 once every function was found */
};

/* Loads l (once; thread-safe).  YD_ETOOL when the library or one of its
 * functions is missing, naming the library, its package and what needed it. */
int yd_lazy_load(struct yd_lazy_lib *l, struct yd_error *err);

/* Function i of l, loading l first when a caller did not (a missing library
 * is then reported on stderr and aborts, as the dynamic linker does at
 * start for a linked one). */
yd_lazy_fn_t yd_lazy_fn(struct yd_lazy_lib *l, size_t i);

/* The libraries of libyoudu. */
enum yd_lazy_id {
	YD_LAZY_ZIP,    /* libzip: .xlsx is a zip archive */
	YD_LAZY_EXPAT,  /* expat: its XML parts */
	YD_LAZY_FREEXL, /* libfreexl: .xls */
	YD_LAZY_XLSX,   /* libxlsxwriter: writing .xlsx */
	YD_LAZY_COUNT
};
int yd_lazy_need(enum yd_lazy_id id, struct yd_error *err);

/* For a stub file: with a list X(RET, type, name, (params), (args)) where
 * RET is `return` or empty (void functions),
 *     #define E(R, T, N, P, A) YD_LAZY_ENUM(N)
 * gives the indexes, YD_LAZY_NAME the names and YD_LAZY_STUB the stubs. */
#define YD_LAZY_ENUM(R, T, N, P, A) YD_LAZY_I_##N,
#define YD_LAZY_NAME(R, T, N, P, A) #N,
#define YD_LAZY_STUB_OF(lib, R, T, N, P, A) \
	T N P \
	{ \
		R((T(*) P)yd_lazy_fn(&(lib), YD_LAZY_I_##N)) A; \
	}

#endif
