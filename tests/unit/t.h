/* t.h - a very small test harness: checks are counted, a failed check
 * prints file:line and the expression, main() ends with the tally. */
#ifndef YOUDU_T_H
#define YOUDU_T_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

extern int t_passed, t_failed;
extern const char *t_current;

void t_fail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int t_report(const char *suite);
/* Writes text to path (a test's input file); 0, or -1 when it cannot. */
int t_write_file(const char *path, const char *text);

/* Checks that each of the n strings want[] is a whole line of text (the
 * report's, a sink's record); each one missing is a failed check. */
void t_check_lines(const char *file, int line, const char *text, const char *const *want, size_t n);
#define CHECK_LINES(text, want) t_check_lines(__FILE__, __LINE__, (text), (want), sizeof(want) / sizeof *(want))

struct yd_db;
/* Opens a new database dir/t.db; with catalogue (the text of a catalogue
 * CSV) not NULL, writes it to dir/catalogue.csv and imports it.  Returns
 * the database (the caller closes it), or NULL after a failed check that
 * says why. */
struct yd_db *t_db_open(const char *dir, const char *catalogue);
/* One decided case to store: its number, violation code, region path,
 * agency (NULL or "" none), enum yd_tier, fine in yuan and date yyyymmdd;
 * no base, party an individual. */
struct t_case {
	const char *case_id, *code, *region, *agency;
	int tier;
	long long yuan;
	int date;
};
/* Stores n cases (violations, regions and agencies added as needed) from
 * source "cases.csv", line i + 2 for the i-th; their row ids go to ids
 * (may be NULL).  0, or -1 after a failed check. */
int t_add_cases(struct yd_db *db, const struct t_case *c, size_t n, int64_t *ids);
/* Writes csv (a cases file's text) to dir/cases.csv and imports it as
 * `youdu import` does; 0, or -1 after a failed check. */
int t_import_cases(struct yd_db *db, const char *dir, const char *csv);
/* Removes a test's temporary directory and all it holds; a failure is a
 * failed check. */
void t_rm_dir(const char *dir);

#define CHECK(c)                                                                                           \
	do {                                                                                               \
		if (c)                                                                                     \
			t_passed++;                                                                        \
		else                                                                                       \
			t_fail(__FILE__, __LINE__, "%s", #c);                                              \
	} while (0)

#define CHECK_INT(a, b)                                                                                    \
	do {                                                                                               \
		long long a_ = (long long)(a), b_ = (long long)(b);                                        \
		if (a_ == b_)                                                                              \
			t_passed++;                                                                        \
		else                                                                                       \
			t_fail(__FILE__, __LINE__, "%s == %lld, expected %lld", #a, a_, b_);               \
	} while (0)

#define CHECK_STR(a, b)                                                                                    \
	do {                                                                                               \
		const char *a_ = (a), *b_ = (b);                                                           \
		if (a_ && b_ && strcmp(a_, b_) == 0)                                                       \
			t_passed++;                                                                        \
		else                                                                                       \
			t_fail(__FILE__, __LINE__, "%s == '%s', expected '%s'", #a, a_ ? a_ : "(null)",    \
			       b_ ? b_ : "(null)");                                                        \
	} while (0)

#define CHECK_NEAR(a, b, eps)                                                                              \
	do {                                                                                               \
		double a_ = (a), b_ = (b);                                                                 \
		if (fabs(a_ - b_) <= (eps))                                                                \
			t_passed++;                                                                        \
		else                                                                                       \
			t_fail(__FILE__, __LINE__, "%s == %.10g, expected %.10g", #a, a_, b_);             \
	} while (0)

#define RUN(fn)                                                                                            \
	do {                                                                                               \
		t_current = #fn;                                                                           \
		fn();                                                                                      \
	} while (0)

#endif
