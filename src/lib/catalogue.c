/* catalogue.c - the catalogue's rules: finding an item's version in force,
 * its tier bands (the 30/70 split when none is published), bounds in fen at
 * the precision of money, names as keys.  No storage: db_catalogue.c loads
 * the catalogue, catalogue_import.c reads files into it. */
#include "youdu/catalogue.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/text.h"

__extension__ typedef __int128 i128;

void yd_cat_name_key(const char *name, char *out, size_t outsz)
{
	size_t o = 0;
	char buf[1024];
	snprintf(buf, sizeof buf, "%s", name);
	yd_text_fold(buf);
	for (const char *p = buf; *p && o + 1 < outsz; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			out[o++] = *p;
	/* never leave a partial UTF-8 character at a cut */
	while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80 && o + 1 >= outsz)
		o--;
	if (o > 0 && (unsigned char)out[o - 1] >= 0xC0 && o + 1 >= outsz)
		o--;
	out[o] = '\0';
}

/* The first index of id's versions in items, or cat->n. */
static size_t first_version(const struct yd_catalogue *cat, int64_t id)
{
	size_t lo = 0, hi = cat->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cat->items[mid].violation_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cat->n && cat->items[lo].violation_id == id ? lo : cat->n;
}

/* [*a, *b): the versions of the item of a violation (by code, or by name
 * through an alias); 0 when none. */
static int versions(const struct yd_catalogue *cat, int64_t id, size_t *a, size_t *b)
{
	size_t lo = first_version(cat, id);
	if (lo == cat->n) {
		/* by name: a case's code unknown, its name an item's */
		size_t l = 0, h = cat->nalias;
		while (l < h) {
			size_t mid = (l + h) / 2;
			if (cat->alias[mid].violation_id < id)
				l = mid + 1;
			else
				h = mid;
		}
		if (l == cat->nalias || cat->alias[l].violation_id != id)
			return 0;
		lo = first_version(cat, cat->items[cat->alias[l].item].violation_id);
		if (lo == cat->n)
			return 0;
	}
	size_t hi = lo + 1;
	while (hi < cat->n && cat->items[hi].violation_id == cat->items[lo].violation_id)
		hi++;
	*a = lo, *b = hi;
	return 1;
}

const struct yd_cat_item *yd_catalogue_find(const struct yd_catalogue *cat, int64_t id)
{
	size_t a, b;
	return versions(cat, id, &a, &b) ? &cat->items[b - 1] : NULL;
}

const struct yd_cat_item *yd_catalogue_find_at(const struct yd_catalogue *cat, int64_t id, int32_t date,
					       int32_t *next)
{
	size_t a, b;
	if (next)
		*next = 0;
	if (!versions(cat, id, &a, &b))
		return NULL;
	if (date <= 0)
		return &cat->items[b - 1];
	/* the last version that has started by date (a handful: a scan) */
	size_t k = b;
	while (k > a && cat->items[k - 1].from > date)
		k--;
	if (k == a) {
		if (next)
			*next = cat->items[a].from; /* dated before every version */
		return NULL;
	}
	const struct yd_cat_item *it = &cat->items[k - 1];
	if (it->to && date > it->to) {
		if (next)
			*next = k < b ? cat->items[k].from : -1; /* ended, and the next not yet begun */
		return NULL;
	}
	return it;
}

int yd_catalogue_versioned(const struct yd_catalogue *cat)
{
	for (size_t i = 0; i < cat->n; i++)
		if (cat->items[i].from)
			return 1;
	return 0;
}

void yd_catalogue_release(struct yd_catalogue *cat)
{
	for (size_t i = 0; i < cat->n; i++) {
		free(cat->items[i].code);
		free(cat->items[i].name);
		free(cat->items[i].basis);
		free(cat->items[i].ranges);
		free(cat->items[i].review);
	}
	free(cat->items);
	free(cat->alias);
	cat->items = NULL;
	cat->alias = NULL;
	cat->n = cat->nalias = 0;
}

void yd_cat_tier_split(int64_t lo, int64_t hi, int64_t *lenient_max, int64_t *severe_min)
{
	*lenient_max = lo + (int64_t)llround(0.3 * (double)(hi - lo));
	*severe_min = lo + (int64_t)llround(0.7 * (double)(hi - lo));
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
	/* a bound past int64 (a base of 10^13 yuan x a multiple of 10^6) stays
	 * past every fine: saturate rather than wrap to a negative bound */
	if (q > INT64_MAX)
		return INT64_MAX;
	if (q < INT64_MIN)
		return INT64_MIN;
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
