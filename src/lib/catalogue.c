#include "youdu/catalogue.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/text.h"

__extension__ typedef __int128 i128;

enum cat_field { C_CODE, C_NAME, C_BASIS, C_KIND, C_MIN, C_MAX, C_LENIENT_MAX, C_SEVERE_MIN, C_COUNT };

static const struct {
	const char *name;
	enum cat_field f;
} cat_aliases[] = {
    {"violation_code", C_CODE},  {"违法行为编码", C_CODE},     {"事项编码", C_CODE},
    {"code", C_CODE},            {"violation_name", C_NAME},   {"违法行为", C_NAME},
    {"事项名称", C_NAME},        {"legal_basis", C_BASIS},     {"法律依据", C_BASIS},
    {"处罚依据", C_BASIS},       {"fine_kind", C_KIND},        {"罚款方式", C_KIND},
    {"罚款类型", C_KIND},        {"fine_min", C_MIN},          {"罚款下限", C_MIN},
    {"fine_max", C_MAX},         {"罚款上限", C_MAX},          {"lenient_max", C_LENIENT_MAX},
    {"从轻上限", C_LENIENT_MAX}, {"severe_min", C_SEVERE_MIN}, {"从重下限", C_SEVERE_MIN},
};

static const char *const cat_field_name[C_COUNT] = {"violation_code", "violation_name", "legal_basis", "fine_kind",
						    "fine_min",       "fine_max",       "lenient_max", "severe_min"};

static const struct {
	const char *word;
	enum yd_fine_kind kind;
} kind_words[] = {
    {"fixed", YD_KIND_FIXED}, {"定额", YD_KIND_FIXED},       {"固定", YD_KIND_FIXED},   {"金额", YD_KIND_FIXED},
    {"multiple", YD_KIND_MULTIPLE}, {"倍数", YD_KIND_MULTIPLE}, {"比例", YD_KIND_MULTIPLE}, {"倍率", YD_KIND_MULTIPLE},
};

struct cat_ctx {
	struct yd_db *db;
	const char *path;
	int col[C_COUNT];
	int have_header;
	long count;
};

static int cat_header(struct cat_ctx *c, const struct yd_csv_row *row, struct yd_error *err)
{
	for (int f = 0; f < C_COUNT; f++)
		c->col[f] = -1;
	for (size_t i = 0; i < row->n; i++) {
		yd_text_fold(row->fields[i]);
		for (size_t k = 0; k < sizeof cat_aliases / sizeof *cat_aliases; k++)
			if (strcmp(row->fields[i], cat_aliases[k].name) == 0)
				c->col[cat_aliases[k].f] = (int)i;
	}
	for (int f = 0; f < C_COUNT; f++)
		if (c->col[f] < 0 && f != C_NAME && f != C_BASIS && f != C_LENIENT_MAX && f != C_SEVERE_MIN)
			return yd_error_set(err, YD_EINPUT, "%s:%ld: missing required column %s", c->path, row->line,
					    cat_field_name[f]);
	c->have_header = 1;
	return 0;
}

static const char *cat_cell(const struct cat_ctx *c, const struct yd_csv_row *row, enum cat_field f)
{
	if (c->col[f] < 0 || (size_t)c->col[f] >= row->n)
		return "";
	char *s = row->fields[c->col[f]];
	yd_text_fold(s);
	return s;
}

static int cat_bound(const struct cat_ctx *c, const struct yd_csv_row *row, enum cat_field f,
		     enum yd_fine_kind kind, int64_t *v, struct yd_error *err)
{
	const char *s = cat_cell(c, row, f), *why = NULL;
	int rc = kind == YD_KIND_FIXED ? yd_parse_amount(s, v, &why) : yd_parse_ratio(s, v, &why);
	if (rc < 0)
		return yd_error_set(err, YD_EINPUT, "%s:%ld: invalid %s '%s': %s", c->path, row->line, cat_field_name[f],
				    s, why);
	return 0;
}

static int cat_row(void *data, const struct yd_csv_row *row, struct yd_error *err)
{
	struct cat_ctx *c = data;
	struct yd_cat_item it;
	const char *s;
	int rc;

	if (!c->have_header)
		return cat_header(c, row, err);
	memset(&it, 0, sizeof it);
	s = cat_cell(c, row, C_CODE);
	if (!*s)
		return yd_error_set(err, YD_EINPUT, "%s:%ld: missing violation_code", c->path, row->line);
	it.code = (char *)(uintptr_t)s;
	it.name = (char *)(uintptr_t)cat_cell(c, row, C_NAME);
	it.basis = (char *)(uintptr_t)cat_cell(c, row, C_BASIS);
	s = cat_cell(c, row, C_KIND);
	size_t k;
	for (k = 0; k < sizeof kind_words / sizeof *kind_words; k++)
		if (strcmp(s, kind_words[k].word) == 0)
			break;
	if (k == sizeof kind_words / sizeof *kind_words)
		return yd_error_set(err, YD_EINPUT, "%s:%ld: fine_kind '%s' is neither fixed (定额) nor multiple (倍数)",
				    c->path, row->line, s);
	it.kind = kind_words[k].kind;
	if ((rc = cat_bound(c, row, C_MIN, it.kind, &it.lo, err)) < 0 ||
	    (rc = cat_bound(c, row, C_MAX, it.kind, &it.hi, err)) < 0)
		return rc;
	if (it.lo > it.hi)
		return yd_error_set(err, YD_EINPUT, "%s:%ld: fine_min is above fine_max", c->path, row->line);
	int has_l = *cat_cell(c, row, C_LENIENT_MAX) != '\0', has_s = *cat_cell(c, row, C_SEVERE_MIN) != '\0';
	if (has_l != has_s)
		return yd_error_set(err, YD_EINPUT, "%s:%ld: give both lenient_max and severe_min, or neither", c->path,
				    row->line);
	if (has_l) {
		if ((rc = cat_bound(c, row, C_LENIENT_MAX, it.kind, &it.lenient_max, err)) < 0 ||
		    (rc = cat_bound(c, row, C_SEVERE_MIN, it.kind, &it.severe_min, err)) < 0)
			return rc;
		if (!(it.lo <= it.lenient_max && it.lenient_max <= it.severe_min && it.severe_min <= it.hi))
			return yd_error_set(err, YD_EINPUT,
					    "%s:%ld: tier bounds must satisfy fine_min <= lenient_max <= severe_min <= fine_max",
					    c->path, row->line);
		it.tiers_given = 1;
	} else {
		it.lenient_max = it.lo + (int64_t)llround(0.3 * (double)(it.hi - it.lo));
		it.severe_min = it.lo + (int64_t)llround(0.7 * (double)(it.hi - it.lo));
	}
	if ((rc = yd_db_intern(c->db, YD_INTERN_VIOLATION, it.code, it.name, &it.violation_id, err)) < 0 ||
	    (rc = yd_db_catalogue_add(c->db, &it, err)) < 0)
		return rc;
	if (rc == 1)
		return yd_error_set(err, YD_EINPUT, "%s:%ld: violation_code %s appears twice", c->path, row->line, it.code);
	c->count++;
	return 0;
}

int yd_catalogue_import(struct yd_db *db, const char *path, enum yd_encoding enc, long *count,
			struct yd_error *err)
{
	struct cat_ctx c;
	int rc;

	memset(&c, 0, sizeof c);
	c.db = db;
	c.path = path;
	if ((rc = yd_db_begin(db, err)) < 0)
		return rc;
	if ((rc = yd_db_catalogue_clear(db, err)) < 0)
		goto fail;
	if ((rc = yd_csv_read(path, enc, cat_row, &c, NULL, err)) < 0)
		goto fail;
	if (!c.have_header) {
		rc = yd_error_set(err, YD_EINPUT, "%s:1: empty file: no header row", path);
		goto fail;
	}
	if ((rc = yd_db_commit(db, err)) < 0)
		goto fail;
	*count = c.count;
	return 0;
fail:
	yd_db_rollback(db);
	return rc;
}

const struct yd_cat_item *yd_catalogue_find(const struct yd_catalogue *cat, int64_t id)
{
	size_t lo = 0, hi = cat->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cat->items[mid].violation_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cat->n && cat->items[lo].violation_id == id ? &cat->items[lo] : NULL;
}

void yd_catalogue_release(struct yd_catalogue *cat)
{
	for (size_t i = 0; i < cat->n; i++) {
		free(cat->items[i].code);
		free(cat->items[i].name);
		free(cat->items[i].basis);
	}
	free(cat->items);
	cat->items = NULL;
	cat->n = 0;
}

int yd_cat_tier_band(const struct yd_cat_item *it, enum yd_tier tier, int64_t *lo, int64_t *hi)
{
	switch (tier) {
	case YD_TIER_LENIENT: *lo = it->lo, *hi = it->lenient_max; return 0;
	case YD_TIER_GENERAL: *lo = it->lenient_max, *hi = it->severe_min; return 0;
	case YD_TIER_SEVERE: *lo = it->severe_min, *hi = it->hi; return 0;
	case YD_TIER_MITIGATED: *lo = 0, *hi = it->lo; return 0;
	case YD_TIER_NONE: *lo = 0, *hi = 0; return 0;
	default: return -1;
	}
}

/* base fen x bound ppm / 1e6 rounded down (dir < 0) or up (dir > 0), exactly */
static int64_t fen_rounded(const struct yd_cat_item *it, int64_t bound, int64_t base, int dir)
{
	if (it->kind == YD_KIND_FIXED)
		return bound;
	i128 p = (i128)base * bound, q = p / 1000000, r = p % 1000000;
	if (r != 0 && (dir > 0) == (p > 0))
		q += dir > 0 ? 1 : -1;
	return (int64_t)q;
}

int64_t yd_cat_fen_down(const struct yd_cat_item *it, int64_t bound, int64_t base)
{
	return fen_rounded(it, bound, base, -1);
}

int64_t yd_cat_fen_up(const struct yd_cat_item *it, int64_t bound, int64_t base)
{
	return fen_rounded(it, bound, base, 1);
}

int yd_cat_fen_meets(const struct yd_cat_item *it, int64_t bound, int64_t base, int64_t fine)
{
	return fine >= yd_cat_fen_down(it, bound, base) && fine <= yd_cat_fen_up(it, bound, base);
}

int64_t yd_cat_to_fen(const struct yd_cat_item *it, int64_t bound, int64_t base)
{
	if (it->kind == YD_KIND_FIXED)
		return bound;
	/* base fen * ppm / 1e6, rounded; long double keeps 64 bits of mantissa */
	return (int64_t)llroundl((long double)base * (long double)bound / 1000000.0L);
}
