/* record.h - from a CSV header and row to one normalised penalty decision.
 * Shared by import and by the batch pre-decision check. */
#ifndef YOUDU_RECORD_H
#define YOUDU_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/context.h"
#include "youdu/csvin.h"
#include "youdu/error.h"
#include "youdu/parse.h"

enum yd_field {
	YD_F_CASE_ID,
	YD_F_DATE,
	YD_F_REGION,
	YD_F_AGENCY,
	YD_F_VCODE,
	YD_F_VNAME,
	YD_F_PARTY,
	YD_F_TIER,
	YD_F_FINE,
	YD_F_BASE,
	YD_F_CURRENCY, /* optional: the row's currency, over import --currency */
	YD_F_BASIS,    /* optional: 处罚依据, the text naming the penalty provision */
	YD_F_PARTY_ID,   /* optional: 统一社会信用代码, 身份证号..., the party's identifier */
	YD_F_PARTY_NAME, /* optional: 当事人名称 */
	YD_F_COUNT,
	YD_F_FACTOR    /* a peer factor (--map target factor:NAME): not a column of its own */
};

/* Canonical English name ("case_id") and main Chinese alias; static. */
const char *yd_field_name(enum yd_field f);
const char *yd_field_zh(enum yd_field f);
/* Finds the field of a header cell (canonical name or alias, case and
 * width insensitive).  Returns 0 and sets *f, or -1 when unknown. */
int yd_field_lookup(const char *header, enum yd_field *f);

/* A user mapping: source column name -> canonical field (from --map). */
struct yd_colmap {
	size_t n;             /* entries */
	char **src;           /* folded source column names (owned) */
	enum yd_field *dst;   /* their fields */
	char **factor;        /* the factor's name where dst is YD_F_FACTOR, else NULL (owned) */
};
#define YD_COLMAP_INIT {0, NULL, NULL, NULL}

/* Reads a two-column CSV (source column, canonical field name or alias,
 * or factor:NAME for a peer factor); a first row "source,field" or similar
 * naming no known field is skipped. */
int yd_colmap_load(const char *path, struct yd_colmap *m, struct yd_error *err);
void yd_colmap_release(struct yd_colmap *m);

#define YD_REGION_COLS 8
#define YD_FACTOR_COLS 8

/* Which column holds each field, from a header row. */
struct yd_header {
	int col[YD_F_COUNT]; /* column index, -1 when absent */
	int region_col[YD_REGION_COLS]; /* several columns mapped to region (省, 市, 县), */
	int nregion;         /* in map order, joined into the path; col[REGION] the first */
	const char *unit[YD_F_COUNT]; /* an amount column's unit from its header
					 (罚款金额（万元）): "万", "千", "亿" or NULL */
	int case_col[YD_REGION_COLS]; /* several columns mapped to case_id (縣市, 文號), */
	int ncase;           /* in map order, joined with '/'; col[CASE_ID] the first */
	int factor_col[YD_FACTOR_COLS]; /* columns declared peer factors, in map order */
	const char *factor_name[YD_FACTOR_COLS]; /* their names (borrowed from the map) */
	int nfactor;
	size_t ncols;        /* number of header cells */
	char *ignored;       /* comma-separated unknown columns (owned), NULL if none */
};

/* Builds h from the header row.  required is a bit set (1u << field) of the
 * fields that must be present.  Several columns may give the region when
 * map names them all.  Errors name the file and line. */
int yd_header_init(struct yd_header *h, const struct yd_csv_row *row, const struct yd_colmap *map,
		   unsigned required, const char *path, struct yd_error *err);
void yd_header_release(struct yd_header *h);
/* How many cells of row name a field (through map or an alias): how much
 * the row looks like a header. */
int yd_header_score(const struct yd_csv_row *row, const struct yd_colmap *map);

/* Rows looked at for the header when it is not on the first row. */
#define YD_HEADER_SEARCH_ROWS 20

#define YD_REQUIRED_CASE                                                                                  \
	((1u << YD_F_CASE_ID) | (1u << YD_F_DATE) | (1u << YD_F_REGION) | (1u << YD_F_VCODE) | (1u << YD_F_FINE))

/* One normalised decision.  Strings point into the row (folded in place)
 * or into region[], so they live as long as both. */
struct yd_record {
	const char *case_id, *vcode, *vname, *agency; /* "" when absent */
	char region[512];
	char case_buf[208];  /* a case id joined from several columns */
	int32_t date;        /* yyyymmdd, 0 when absent */
	enum yd_tier tier;
	enum yd_party party;
	int64_t fine;        /* fen, -1 when absent */
	int64_t base;        /* fen, -1 when absent */
	unsigned date_flags; /* YD_DATE_* bits of the date read (set on failure too) */
	char currency[4];    /* ISO 4217 code of a currency column, "" when absent */
	char context[YD_CONTEXT_MAX]; /* the penalty provisions read from penalty_basis and
				       * the peer factors (context.h); "" when neither */
	char warn[96];       /* a data-quality warning on the row ("region: placeholder read as
			      * missing"), "" when none; the first one found */
	char warn_value[256]; /* the cell it is about, as written */
	char party_id[64];   /* the party's identifier normalised (yd_party_id_norm), "" when absent */
	enum yd_party_id_kind party_id_kind;
	const char *party_id_why; /* YD_PID_BAD: why (static), else NULL */
	const char *party_name; /* 当事人名称 as written (folded), "" when absent */
};

/* How to read a row's values. */
struct yd_record_opts {
	enum yd_date_order order;   /* a/b/yyyy: YD_ORDER_AUTO takes the only order the value allows */
	enum yd_calendar calendar;
	const char *region_default; /* the region when its cell is empty or there is no column */
	int32_t today;              /* yyyymmdd: a date after it is a placeholder; 0: not checked */
};

#define YD_VCODE_MAX 4096 /* a violation may be a citation of several provisions */

/* Normalises a data row (its fields are folded in place).  required as for
 * yd_header_init.  On failure returns YD_EUSAGE and writes the reason
 * ("invalid fine '12,3O': not a number") into why[whysz]. */
int yd_record_parse(const struct yd_header *h, const struct yd_csv_row *row, unsigned required,
		    struct yd_record *rec, char *why, size_t whysz);
/* The same with options (o may be NULL). */
int yd_record_parse_opts(const struct yd_header *h, const struct yd_csv_row *row, unsigned required,
			 const struct yd_record_opts *o, struct yd_record *rec, char *why, size_t whysz);

#endif
