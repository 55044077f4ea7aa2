/* draft.h - a draft penalty from text: the one home of the reading that
 * check's options, serve's JSON and form, and check --batch's rows share
 * (the row itself is read by record.c's rules, which name columns and
 * scale amounts by their units). */
#ifndef YOUDU_DRAFT_H
#define YOUDU_DRAFT_H

#include <stddef.h>

#include "youdu/check.h"
#include "youdu/record.h"

/* The fields of a draft as text; NULL not given. */
struct yd_draft_text {
	const char *violation_code, *region, *fine, *base, *tier, *party, *date;
};

/* The field that could not be read. */
enum yd_draft_field {
	YD_DRAFT_OK = 0,
	YD_DRAFT_REGION, /* not a region path (*why) */
	YD_DRAFT_FINE,   /* not an amount (*why) */
	YD_DRAFT_BASE,   /* not an amount (*why) */
	YD_DRAFT_TIER,   /* not a tier's name */
	YD_DRAFT_PARTY,  /* not a party type's name */
	YD_DRAFT_DATE    /* not a date (*why) */
};

/* Reads the fields of t that are given into d, in the order above, the
 * region normalised into region[regionsz] (d->region then points there);
 * fields not given are left as they are.  Returns YD_DRAFT_OK, or the
 * first field that cannot be read, with *why (static) saying why for
 * region, amounts and date. */
enum yd_draft_field yd_draft_read(const struct yd_draft_text *t, struct yd_draft *d, char *region, size_t regionsz,
				  const char **why);

/* The draft of a row read by record.c (check --batch): its fields borrowed
 * from rec, which must outlive d; interval and law_date are left as they are. */
void yd_draft_of_record(const struct yd_record *rec, struct yd_draft *d);

#endif
