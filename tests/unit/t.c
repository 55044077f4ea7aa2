#include "t.h"

#include <stdarg.h>
#include <stdlib.h>

#include "youdu/catalogue_import.h"
#include "youdu/db.h"

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
