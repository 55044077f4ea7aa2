#include "t.h"

#include <stdarg.h>
#include <stdlib.h>

#include "youdu/catalogue_import.h"
#include "youdu/db.h"
#include "youdu/import.h"
#include "youdu/parse.h"

int t_passed, t_failed;
const char *t_current = "";

void t_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	t_failed++;
	fprintf(stderr, "%s:%d: %s: ", file, line, t_current);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int t_report(const char *suite)
{
	printf("%s: %d passed, %d failed\n", suite, t_passed, t_failed);
	return t_failed ? 1 : 0;
}

int t_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static int has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = strstr(text, line); p; p = strstr(p + 1, line))
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return 1;
	return 0;
}

void t_check_lines(const char *file, int line, const char *text, const char *const *want, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (has_line(text ? text : "", want[i]))
			t_passed++;
		else
			t_fail(file, line, "no line '%s'", want[i]);
	}
}

struct yd_db *t_db_open(const char *dir, const char *catalogue)
{
	char dbp[512], csv[512];
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	struct yd_cat_stats st;
	snprintf(dbp, sizeof dbp, "%s/t.db", dir);
	snprintf(csv, sizeof csv, "%s/catalogue.csv", dir);
	if (yd_db_open(dbp, 0, &db, &err) != 0) {
		t_fail(__FILE__, __LINE__, "open %s: %s", dbp, err.msg);
		return NULL;
	}
	if (catalogue && (t_write_file(csv, catalogue) != 0 || yd_catalogue_import(db, csv, YD_ENC_AUTO, NULL, &st, &err) != 0)) {
		t_fail(__FILE__, __LINE__, "catalogue %s: %s", csv, err.msg);
		yd_db_close(db);
		return NULL;
	}
	return db;
}

void t_rm_dir(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		t_fail(__FILE__, __LINE__, "cannot remove %s", dir);
}

int t_add_cases(struct yd_db *db, const struct t_case *c, size_t n, int64_t *ids)
{
	struct yd_error err = {0};
	int64_t src = 0;
	int rc = yd_db_begin(db, &err);
	if (rc == 0)
		rc = yd_db_intern(db, YD_INTERN_SOURCE, "cases.csv", NULL, &src, &err);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct yd_case k;
		int64_t id = 0;
		memset(&k, 0, sizeof k);
		k.case_id = c[i].case_id;
		k.date = c[i].date;
		k.party = YD_PARTY_INDIVIDUAL;
		k.tier = c[i].tier;
		k.fine = c[i].yuan * 100;
		k.base = -1;
		k.source_id = src;
		k.line = (long)i + 2;
		if ((rc = yd_db_intern(db, YD_INTERN_VIOLATION, c[i].code, NULL, &k.violation_id, &err)) == 0 &&
		    (rc = yd_db_intern(db, YD_INTERN_REGION, c[i].region, NULL, &k.region_id, &err)) == 0 &&
		    (!c[i].agency || !*c[i].agency ||
		     (rc = yd_db_intern(db, YD_INTERN_AGENCY, c[i].agency, NULL, &k.agency_id, &err)) == 0))
			rc = yd_db_case_insert(db, &k, &id, &err);
		if (ids)
			ids[i] = id;
	}
	if (rc == 0)
		rc = yd_db_commit(db, &err);
	if (rc != 0) {
		yd_db_rollback(db);
		t_fail(__FILE__, __LINE__, "add cases: %s", err.msg);
		return -1;
	}
	return 0;
}

int t_import_cases(struct yd_db *db, const char *dir, const char *csv)
{
	char path[512];
	struct yd_import_opts o;
	struct yd_import_stats st;
	struct yd_error err = {0};
	memset(&o, 0, sizeof o);
	o.encoding = YD_ENC_AUTO;
	snprintf(path, sizeof path, "%s/cases.csv", dir);
	if (t_write_file(path, csv) != 0 || yd_import_file(db, path, &o, &st, &err) != 0) {
		t_fail(__FILE__, __LINE__, "import %s: %s", path, err.msg);
		return -1;
	}
	long long rejected = (long long)st.rejected;
	yd_import_stats_release(&st);
	if (rejected) {
		t_fail(__FILE__, __LINE__, "import %s: %lld rows rejected", path, rejected);
		return -1;
	}
	return 0;
}
