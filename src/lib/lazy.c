/* lazy.c - the on-demand loader (lazy.h) and the stubs of libyoudu's
 * rarely used libraries: libzip, expat and libfreexl (reading workbooks),
 * libxlsxwriter (writing them). */
#include "youdu/lazy.h"

#include <dlfcn.h>
#include <expat.h>
#include <freexl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include <zip.h>

/* The SONAMEs the build linked against (the Makefile reads them from the
 * development libraries); Debian 12's when it could not. */
#ifndef YD_SONAME_ZIP
#define YD_SONAME_ZIP "libzip.so.4"
#endif
#ifndef YD_SONAME_EXPAT
#define YD_SONAME_EXPAT "libexpat.so.1"
#endif
#ifndef YD_SONAME_FREEXL
#define YD_SONAME_FREEXL "libfreexl.so.1"
#endif
#ifndef YD_SONAME_XLSXWRITER
#define YD_SONAME_XLSXWRITER "libxlsxwriter.so.4"
#endif

/* Serialises loads; a loaded library is read without it (ready). */
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

int yd_lazy_load(struct yd_lazy_lib *l, struct yd_error *err)
{
	int rc = 0;

	if (atomic_load_explicit(&l->ready, memory_order_acquire))
		return 0;
	pthread_mutex_lock(&load_lock);
	if (!atomic_load_explicit(&l->ready, memory_order_relaxed)) {
		/* never closed: its functions stay callable until exit */
		void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
		if (!h) {
			const char *why = dlerror();
			rc = yd_error_set(err, YD_ETOOL, "%s needs %s (apt-get install %s): %s", l->purpose, l->soname,
					  l->package, why ? why : "cannot load it");
		}
		for (size_t i = 0; i < l->n && rc == 0; i++) {
			void *p = dlsym(h, l->names[i]);
			if (!p)
				rc = yd_error_set(err, YD_ETOOL, "%s needs %s, which has no %s: install %s", l->purpose,
						  l->soname, l->names[i], l->package);
			else /* POSIX: a function's address survives the round trip through void * */
				memcpy(&l->fn[i], &p, sizeof p);
		}
		if (rc == 0)
			atomic_store_explicit(&l->ready, 1, memory_order_release);
	}
	pthread_mutex_unlock(&load_lock);
	return rc;
}

yd_lazy_fn_t yd_lazy_fn(struct yd_lazy_lib *l, size_t i)
{
	if (!atomic_load_explicit(&l->ready, memory_order_acquire)) {
		struct yd_error err = {0};
		if (yd_lazy_load(l, &err) < 0) {
			/* a caller that did not load first: the start-up error a
			 * linked library gives */
			fprintf(stderr, "youdu: %s\n", err.msg);
			abort();
		}
	}
	return l->fn[i];
}

/* ---- the functions youdu calls, by library ---- */

#define ZIP_FUNCS(X) \
	X(, void, zip_discard, (zip_t * z), (z)) \
	X(, void, zip_error_fini, (zip_error_t * e), (e)) \
	X(, void, zip_error_init_with_code, (zip_error_t * e, int code), (e, code)) \
	X(return, const char *, zip_error_strerror, (zip_error_t * e), (e)) \
	X(return, int, zip_fclose, (zip_file_t * f), (f)) \
	X(return, const char *, zip_file_strerror, (zip_file_t * f), (f)) \
	X(return, zip_file_t *, zip_fopen_index, (zip_t * z, zip_uint64_t i, zip_flags_t fl), (z, i, fl)) \
	X(return, zip_int64_t, zip_fread, (zip_file_t * f, void *buf, zip_uint64_t n), (f, buf, n)) \
	X(return, zip_int64_t, zip_name_locate, (zip_t * z, const char *name, zip_flags_t fl), (z, name, fl)) \
	X(return, zip_t *, zip_open, (const char *path, int flags, int *errorp), (path, flags, errorp)) \
	X(return, int, zip_stat_index, (zip_t * z, zip_uint64_t i, zip_flags_t fl, zip_stat_t *st), (z, i, fl, st)) \
	X(return, const char *, zip_strerror, (zip_t * z), (z))

#define EXPAT_FUNCS(X) \
	X(return, const XML_LChar *, XML_ErrorString, (enum XML_Error code), (code)) \
	X(return, XML_Size, XML_GetCurrentLineNumber, (XML_Parser p), (p)) \
	X(return, void *, XML_GetBuffer, (XML_Parser p, int len), (p, len)) \
	X(return, enum XML_Error, XML_GetErrorCode, (XML_Parser p), (p)) \
	X(return, enum XML_Status, XML_ParseBuffer, (XML_Parser p, int len, int final), (p, len, final)) \
	X(return, XML_Parser, XML_ParserCreate, (const XML_Char *enc), (enc)) \
	X(, void, XML_ParserFree, (XML_Parser p), (p)) \
	X(, void, XML_SetCharacterDataHandler, (XML_Parser p, XML_CharacterDataHandler h), (p, h)) \
	X(, void, XML_SetElementHandler, (XML_Parser p, XML_StartElementHandler s, XML_EndElementHandler e), (p, s, e)) \
	X(, void, XML_SetUserData, (XML_Parser p, void *ud), (p, ud)) \
	X(return, enum XML_Status, XML_StopParser, (XML_Parser p, XML_Bool resumable), (p, resumable))

#define FREEXL_FUNCS(X) \
	X(return, int, freexl_close, (const void *h), (h)) \
	X(return, int, freexl_get_cell_value, (const void *h, unsigned int r, unsigned short c, FreeXL_CellValue *v), \
	  (h, r, c, v)) \
	X(return, int, freexl_get_info, (const void *h, unsigned short what, unsigned int *info), (h, what, info)) \
	X(return, int, freexl_get_worksheet_name, (const void *h, unsigned short i, const char **s), (h, i, s)) \
	X(return, int, freexl_open, (const char *path, const void **h), (path, h)) \
	X(return, int, freexl_select_active_worksheet, (const void *h, unsigned short i), (h, i)) \
	X(return, int, freexl_worksheet_dimensions, (const void *h, unsigned int *rows, unsigned short *cols), \
	  (h, rows, cols))

#define XLSX_FUNCS(X) \
	X(, void, format_set_bold, (lxw_format * f), (f)) \
	X(, void, format_set_num_format, (lxw_format * f, const char *fmt), (f, fmt)) \
	X(return, char *, lxw_strerror, (lxw_error e), (e)) \
	X(return, lxw_format *, workbook_add_format, (lxw_workbook * wb), (wb)) \
	X(return, lxw_worksheet *, workbook_add_worksheet, (lxw_workbook * wb, const char *name), (wb, name)) \
	X(return, lxw_error, workbook_close, (lxw_workbook * wb), (wb)) \
	X(return, lxw_workbook *, workbook_new_opt, (const char *path, lxw_workbook_options *o), (path, o)) \
	X(return, lxw_error, workbook_set_properties, (lxw_workbook * wb, lxw_doc_properties *p), (wb, p)) \
	X(, void, worksheet_freeze_panes, (lxw_worksheet * ws, lxw_row_t r, lxw_col_t c), (ws, r, c)) \
	X(return, lxw_error, worksheet_set_column, \
	  (lxw_worksheet * ws, lxw_col_t first, lxw_col_t last, double width, lxw_format *f), (ws, first, last, width, f)) \
	X(return, lxw_error, worksheet_write_number, \
	  (lxw_worksheet * ws, lxw_row_t r, lxw_col_t c, double x, lxw_format *f), (ws, r, c, x, f)) \
	X(return, lxw_error, worksheet_write_string, \
	  (lxw_worksheet * ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f), (ws, r, c, s, f))

enum { ZIP_FUNCS(YD_LAZY_ENUM) ZIP_N };
enum { EXPAT_FUNCS(YD_LAZY_ENUM) EXPAT_N };
enum { FREEXL_FUNCS(YD_LAZY_ENUM) FREEXL_N };
enum { XLSX_FUNCS(YD_LAZY_ENUM) XLSX_N };

static const char *const zip_names[] = {ZIP_FUNCS(YD_LAZY_NAME)};
static const char *const expat_names[] = {EXPAT_FUNCS(YD_LAZY_NAME)};
static const char *const freexl_names[] = {FREEXL_FUNCS(YD_LAZY_NAME)};
static const char *const xlsx_names[] = {XLSX_FUNCS(YD_LAZY_NAME)};
static yd_lazy_fn_t zip_fn[ZIP_N], expat_fn[EXPAT_N], freexl_fn[FREEXL_N], xlsx_fn[XLSX_N];

static struct yd_lazy_lib libs[YD_LAZY_COUNT] = {
	[YD_LAZY_ZIP] = {YD_SONAME_ZIP, "libzip4", "reading .xlsx workbooks", zip_names, zip_fn, ZIP_N, 0},
	[YD_LAZY_EXPAT] = {YD_SONAME_EXPAT, "libexpat1", "reading .xlsx workbooks", expat_names, expat_fn, EXPAT_N, 0},
	[YD_LAZY_FREEXL] = {YD_SONAME_FREEXL, "libfreexl1", "reading .xls workbooks", freexl_names, freexl_fn, FREEXL_N,
			    0},
	[YD_LAZY_XLSX] = {YD_SONAME_XLSXWRITER, "libxlsxwriter4", "writing .xlsx", xlsx_names, xlsx_fn, XLSX_N, 0},
};

int yd_lazy_need(enum yd_lazy_id id, struct yd_error *err)
{
	return yd_lazy_load(&libs[id], err);
}

#define ZIP_STUB(R, T, N, P, A) YD_LAZY_STUB_OF(libs[YD_LAZY_ZIP], R, T, N, P, A)
#define EXPAT_STUB(R, T, N, P, A) YD_LAZY_STUB_OF(libs[YD_LAZY_EXPAT], R, T, N, P, A)
#define FREEXL_STUB(R, T, N, P, A) YD_LAZY_STUB_OF(libs[YD_LAZY_FREEXL], R, T, N, P, A)
#define XLSX_STUB(R, T, N, P, A) YD_LAZY_STUB_OF(libs[YD_LAZY_XLSX], R, T, N, P, A)

ZIP_FUNCS(ZIP_STUB)
EXPAT_FUNCS(EXPAT_STUB)
FREEXL_FUNCS(FREEXL_STUB)
XLSX_FUNCS(XLSX_STUB)
