/* draft.c - a draft penalty from text (draft.h). */
#include "youdu/draft.h"

#include "youdu/parse.h"

enum yd_draft_field yd_draft_read(const struct yd_draft_text *t, struct yd_draft *d, char *region, size_t regionsz,
				  const char **why)
{
	*why = NULL;
	if (t->violation_code)
		d->violation_code = t->violation_code;
	if (t->region) {
		if (yd_parse_region(t->region, region, regionsz, why) < 0)
			return YD_DRAFT_REGION;
		d->region = region;
	}
	if (t->fine && yd_parse_amount(t->fine, &d->fine, why) < 0)
		return YD_DRAFT_FINE;
	if (t->base && yd_parse_amount(t->base, &d->base, why) < 0)
		return YD_DRAFT_BASE;
	if (t->tier && yd_parse_tier(t->tier, &d->tier) < 0)
		return YD_DRAFT_TIER;
	if (t->party && yd_parse_party(t->party, &d->party) < 0)
		return YD_DRAFT_PARTY;
	if (t->date && yd_parse_date(t->date, &d->date, why) < 0)
		return YD_DRAFT_DATE;
	return YD_DRAFT_OK;
}

void yd_draft_of_record(const struct yd_record *rec, struct yd_draft *d)
{
	d->violation_code = rec->vcode;
	d->region = rec->region;
	d->tier = rec->tier;
	d->party = rec->party;
	d->fine = rec->fine;
	d->base = rec->base;
	d->date = rec->date;
	d->context = rec->context;
	d->currency = rec->currency; /* the row's currency column, "" none */
}
