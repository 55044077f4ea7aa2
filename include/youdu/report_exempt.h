/* report_exempt.h - the report's 首违不罚 section (issue 24): decisions on
 * the 免罚清单's items, the exempted repeats by name, the fined first
 * offences per agency (首违未免 candidates: counted, never a finding), the
 * parties with several decisions in the period.  It writes through a sink,
 * so that it knows nothing of the report's HTML and Markdown. */
#ifndef YOUDU_REPORT_EXEMPT_H
#define YOUDU_REPORT_EXEMPT_H

#include "youdu/db.h"
#include "youdu/judge.h"

/* Where a section is written: a heading, a paragraph, a table (its head,
 * its rows, its end).  Texts are borrowed for the call. */
struct yd_report_sink {
	void *d;
	enum yd_lang lang;
	void (*h)(void *d, int level, const char *text);
	void (*p)(void *d, const char *text);
	void (*table)(void *d, int ncols, const char *const *head);
	void (*row)(void *d, const char *const *cells);
	void (*end)(void *d);
};

/* Writes the section for the decisions of year (0 all) and agency (NULL
 * all), under a level-2 heading, to s; nothing when no list was imported.
 * Parties are those with an identifier (a wrong check digit matches no
 * one); the windows are the items' (docs/METHODS.md, "首违不罚"). */
int yd_report_exempt(struct yd_db *db, int year, const char *agency, const struct yd_report_sink *s,
		     struct yd_error *err);

#endif
