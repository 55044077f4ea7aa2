/* db_violation.c - the interned violations by id (part of the db module),
 * so no output has to show an internal id in place of a violation. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/buf.h"
#include "youdu/db.h"

int yd_db_violations(struct yd_db *db, char ***codes, char ***titles, size_t *n, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0, max = 0;
	char **c = NULL, **t = NULL;
	int r, rc = 0;

	*n = 0;
	*codes = *titles = NULL;
	if (sqlite3_prepare_v2(yd_db_handle(db), "SELECT id, name, title FROM violation ORDER BY id", -1, &st, NULL) !=
	    SQLITE_OK)
		return yd_db_fail(db, err, "loading violations");
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id64 = sqlite3_column_int64(st, 0);
		if (id64 < 0)
			continue;
		size_t id = (size_t)id64;
		if (id >= cap) {
			size_t nc = cap ? cap : 64;
			while (nc <= id)
				nc *= 2;
			c = yd_xrealloc(c, nc * sizeof *c);
			t = yd_xrealloc(t, nc * sizeof *t);
			memset(c + cap, 0, (nc - cap) * sizeof *c);
			memset(t + cap, 0, (nc - cap) * sizeof *t);
			cap = nc;
		}
		const unsigned char *title = sqlite3_column_text(st, 2);
		c[id] = yd_xstrdup((const char *)sqlite3_column_text(st, 1));
		t[id] = title && *title ? yd_xstrdup((const char *)title) : NULL;
		if (id + 1 > max)
			max = id + 1;
	}
	if (r != SQLITE_DONE) {
		rc = yd_db_fail(db, err, "loading violations");
		yd_db_violations_free(c, t, max); /* the caller gets nothing to free */
		goto out;
	}
	*codes = c;
	*titles = t;
	*n = max;
out:
	sqlite3_finalize(st);
	return rc;
}

void yd_db_violations_free(char **codes, char **titles, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (codes)
			free(codes[i]);
		if (titles)
			free(titles[i]);
	}
	free(codes);
	free(titles);
}
