/* db_check: the checker's reads against a temporary database (issue 27.2:
 * check.c's SQL moved here) - no case yet, region paths in byte order with
 * their ids, a snapshot whose data_version moves when another connection
 * commits, and no similar list recorded at a region. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "youdu/db.h"
#include "youdu/db_check.h"
#include "youdu/error.h"

static void test_reads(void)
{
	char dir[] = "/tmp/yd-dbcheck-XXXXXX", path[64];
	struct yd_error err = {0};
	struct yd_db *w = NULL, *r = NULL;
	int64_t id[3], v0 = 0, v1 = 0;
	static const char *const paths[3] = {"浙江省/嘉兴市/海盐县", "浙江省/嘉兴市", "北京市/东城区"};

	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	snprintf(path, sizeof path, "%s/t.db", dir);
	CHECK_INT(yd_db_open(path, 0, &w, &err), 0);
	CHECK_INT(yd_db_begin(w, &err), 0);
	for (int i = 0; i < 3; i++)
		CHECK_INT(yd_db_intern(w, YD_INTERN_REGION, paths[i], NULL, &id[i], &err), 0);
	CHECK_INT(yd_db_commit(w, &err), 0);

	CHECK_INT(yd_db_open(path, YD_DB_READONLY, &r, &err), 0);
	CHECK_INT(yd_db_has_cases(r, &err), 0);
	char **names = NULL;
	int32_t *ids = NULL;
	size_t n = 0;
	CHECK_INT(yd_db_region_paths_sorted(r, &names, &ids, &n, &err), 0);
	CHECK_INT(n, 3);
	if (n == 3) {
		/* byte order: 北 (E5 8C 97) before 浙 (E6 B5 99); a prefix first */
		CHECK_STR(names[0], paths[2]);
		CHECK_STR(names[1], paths[1]);
		CHECK_STR(names[2], paths[0]);
		CHECK_INT(ids[0], id[2]);
		CHECK_INT(ids[1], id[1]);
		CHECK_INT(ids[2], id[0]);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(ids);
	CHECK_INT(yd_db_similar_has_region(r, (int32_t)id[0], &err), 0);

	CHECK_INT(yd_db_snapshot_begin(r, &v0, &err), 0);
	yd_db_read_end(r);
	CHECK_INT(yd_db_begin(w, &err), 0);
	int64_t more;
	CHECK_INT(yd_db_intern(w, YD_INTERN_REGION, "上海市", NULL, &more, &err), 0);
	CHECK_INT(yd_db_commit(w, &err), 0);
	CHECK_INT(yd_db_snapshot_begin(r, &v1, &err), 0);
	yd_db_read_end(r);
	CHECK(v1 != v0); /* another connection committed */
	CHECK_INT(yd_db_data_version(r, &v0, &err), 0);
	CHECK_INT(v0, v1);

	yd_db_close(r);
	yd_db_close(w);
	char f[80];
	static const char *const suffix[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		snprintf(f, sizeof f, "%s%s", path, suffix[i]);
		unlink(f);
	}
	rmdir(dir);
}

int main(void)
{
	RUN(test_reads);
	return t_report("db_check");
}
