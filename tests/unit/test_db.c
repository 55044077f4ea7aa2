/* The db module against temporary databases (db.c, db_blocks.c,
 * db_results.c, db_violation.c): a new file gets the current schema; a
 * database of every earlier schema version, built by running the
 * migrations up to it as an older youdu left it, is upgraded by the first
 * writer with its cases kept and refused by a reader; a newer one and a
 * SQLite file of another program are refused; results written in blocks
 * read back through the lookup, the walk and the virtual table. */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "youdu/db.h"
#include "youdu/db_results.h"

static char dir[] = "/tmp/yd-test-db-XXXXXX";

static void path_of(char *p, size_t n, const char *name)
{
	snprintf(p, n, "%s/%s", dir, name);
}

static int raw_int(const char *path, const char *sql)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int v = -1;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

/* A database of schema version v as an older youdu wrote it (application_id
 * 0), with one case. */
static int make_old(const char *path, int v)
{
	sqlite3 *h = NULL;
	int ok = sqlite3_open(path, &h) == SQLITE_OK;
	for (int i = 0; ok && i < v; i++)
		ok = sqlite3_exec(h, yd_db_migration(i), NULL, NULL, NULL) == SQLITE_OK;
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO source(id, name) VALUES (1, 'a.csv');"
		 "INSERT INTO region(id, name) VALUES (1, '浙江省/杭州市');"
		 "INSERT INTO violation(id, name) VALUES (1, 'CG001');"
		 "INSERT INTO cases(id, case_id, violation_id, decision_date, region_id, party, tier, fine, base,"
		 " source_id, line) VALUES (1, '杭综罚〔2024〕1号', 1, 20240105, 1, 0, 1, 50000, NULL, 1, 2);"
		 "PRAGMA user_version = %d",
		 v);
	ok = ok && sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK;
	sqlite3_close(h);
	return ok ? 0 : -1;
}

static void test_new(void)
{
	char p[256];
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	path_of(p, sizeof p, "new.db");
	/* a reader never creates one */
	CHECK(yd_db_open(p, YD_DB_READONLY, &db, &err) < 0);
	CHECK(access(p, F_OK) != 0);
	CHECK_INT(yd_db_open(p, 0, &db, &err), 0);
	yd_db_close(db);
	CHECK_INT(raw_int(p, "PRAGMA user_version"), YD_DB_SCHEMA_VERSION);
	CHECK_INT((unsigned)raw_int(p, "PRAGMA application_id"), YD_DB_APPLICATION_ID);
	/* and a reader opens it then */
	db = NULL;
	CHECK_INT(yd_db_open(p, YD_DB_READONLY, &db, &err), 0);
	yd_db_close(db);
}

static void test_every_older_version(void)
{
	for (int v = 1; v < YD_DB_SCHEMA_VERSION; v++) {
		char p[256], name[32];
		struct yd_db *db = NULL;
		struct yd_error err = {0};
		snprintf(name, sizeof name, "v%d.db", v);
		path_of(p, sizeof p, name);
		CHECK_INT(make_old(p, v), 0);
		/* a reader asks for an upgrade and changes nothing */
		CHECK(yd_db_open(p, YD_DB_READONLY, &db, &err) < 0);
		CHECK(strstr(err.msg, "older youdu") != NULL);
		CHECK_INT(raw_int(p, "PRAGMA user_version"), v);
		/* the first writer upgrades it, keeping its case */
		memset(&err, 0, sizeof err);
		if (yd_db_open(p, 0, &db, &err) != 0) {
			t_fail(__FILE__, __LINE__, "version %d: %s", v, err.msg);
			continue;
		}
		char **codes = NULL, **titles = NULL;
		size_t n = 0;
		CHECK_INT(yd_db_violations(db, &codes, &titles, &n, &err), 0);
		CHECK(n >= 2 && codes[1] && strcmp(codes[1], "CG001") == 0);
		yd_db_violations_free(codes, titles, n);
		yd_db_close(db);
		CHECK_INT(raw_int(p, "PRAGMA user_version"), YD_DB_SCHEMA_VERSION);
		CHECK_INT((unsigned)raw_int(p, "PRAGMA application_id"), YD_DB_APPLICATION_ID);
		CHECK_INT(raw_int(p, "SELECT count(*) FROM cases WHERE fine = 50000 AND decision_date = 20240105"), 1);
	}
}

static void test_refused(void)
{
	char p[256], q[256];
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	sqlite3 *h = NULL;
	/* newer than this youdu */
	path_of(p, sizeof p, "newer.db");
	CHECK_INT(yd_db_open(p, 0, &db, &err), 0);
	yd_db_close(db);
	db = NULL;
	CHECK(sqlite3_open(p, &h) == SQLITE_OK);
	CHECK(sqlite3_exec(h, "PRAGMA user_version = 99", NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(h);
	CHECK(yd_db_open(p, 0, &db, &err) < 0);
	CHECK(strstr(err.msg, "newer than this youdu") != NULL);
	/* another program's file */
	path_of(q, sizeof q, "other.db");
	CHECK(sqlite3_open(q, &h) == SQLITE_OK);
	CHECK(sqlite3_exec(h, "CREATE TABLE notes(x)", NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(h);
	memset(&err, 0, sizeof err);
	CHECK(yd_db_open(q, 0, &db, &err) < 0);
	CHECK(strstr(err.msg, "not a youdu database") != NULL);
	CHECK_INT(raw_int(q, "SELECT count(*) FROM sqlite_master"), 1);
	/* migrations past the last one do not exist */
	CHECK(yd_db_migration(YD_DB_SCHEMA_VERSION) == NULL);
	CHECK(yd_db_migration(-1) == NULL);
}

static void test_results(void)
{
	char p[256];
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	enum { N = 5000 }; /* more than one block */
	int64_t *ids = malloc(N * sizeof *ids);
	struct yd_result *r = calloc(N, sizeof *r);
	path_of(p, sizeof p, "results.db");
	CHECK_INT(yd_db_open(p, 0, &db, &err), 0);
	for (int i = 0; i < N; i++) {
		ids[i] = 10 + 2 * (int64_t)i; /* even ids only */
		r[i].verdict = (int8_t)(i % 7);
		r[i].level = YD_LEVEL_REGION;
		r[i].peer_n = i;
		r[i].peer_median = 100.5 + i;
		r[i].scale = r[i].percentile = r[i].farness = NAN;
		r[i].z = (float)(i % 3) - 1;
		r[i].df = INFINITY;
		r[i].above = i, r[i].below = 2 * i;
		r[i].widened = (int8_t)(i % 2);
	}
	CHECK_INT(yd_db_begin(db, &err), 0);
	CHECK_INT(yd_db_results_add(db, ids, r, N, &err), 0);
	CHECK_INT(yd_db_commit(db, &err), 0);
	/* one lookup in the second block, one id between two stored ones */
	struct yd_result g;
	CHECK_INT(yd_db_result_get(db, ids[4500], &g, &err), 1);
	CHECK_INT(g.verdict, 4500 % 7);
	CHECK_INT(g.peer_n, 4500);
	CHECK_NEAR(g.peer_median, 4600.5, 0);
	CHECK_INT(g.below, 9000);
	CHECK_INT(g.widened, 0);
	CHECK(isnan(g.scale) && isnan(g.p));
	CHECK_INT(yd_db_result_get(db, ids[4500] + 1, &g, &err), 0);
	/* the walk: verdicts of some ids, -1 where none is stored */
	int64_t want[4] = {9, 10, 11, ids[N - 1]};
	int8_t v[4];
	CHECK_INT(yd_db_load_verdicts(db, want, 4, v, &err), 0);
	CHECK_INT(v[0], -1);
	CHECK_INT(v[1], 0);
	CHECK_INT(v[2], -1);
	CHECK_INT(v[3], (N - 1) % 7);
	yd_db_close(db);
	/* the virtual table on another connection: every row, p from z and df */
	CHECK_INT(raw_int(p, "SELECT count(*) FROM yd_result"), -1); /* a bare connection knows no yd_result */
	db = NULL;
	CHECK_INT(yd_db_open(p, YD_DB_READONLY, &db, &err), 0);
	sqlite3_stmt *st = NULL;
	CHECK(sqlite3_prepare_v2(yd_db_handle(db),
				 "SELECT count(*), sum(peer_n), count(scale), min(case_rowid),"
				 " sum(p IS NOT NULL AND abs(p - 1) < 1e-9) FROM yd_result",
				 -1, &st, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	CHECK_INT(sqlite3_column_int(st, 0), N);
	CHECK_INT(sqlite3_column_int64(st, 1), (int64_t)N * (N - 1) / 2);
	CHECK_INT(sqlite3_column_int(st, 2), 0);
	CHECK_INT(sqlite3_column_int(st, 3), 10);
	/* z = 0 every third case: a two-sided tail of 1 */
	CHECK_INT(sqlite3_column_int(st, 4), (N + 1) / 3);
	sqlite3_finalize(st);
	yd_db_close(db);
	free(ids);
	free(r);
}

/* Cases stored 64 at a time (issue 22) get the ids a row-by-row insert
 * gives: a chunk of new cases takes the next ids in order; in a chunk with
 * a case stored before and one given twice, those two get 0 and the others
 * the next ids in row order.  An odd count goes row by row, the same. */
static void test_cases_in_chunks(void)
{
	char p[256];
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	path_of(p, sizeof p, "chunks.db");
	CHECK_INT(yd_db_open(p, 0, &db, &err), 0);
	CHECK_INT(yd_db_begin(db, &err), 0);
	int64_t v = 0, reg = 0, src = 0;
	CHECK_INT(yd_db_intern(db, YD_INTERN_VIOLATION, "CG004", "擅自占用城市道路", &v, &err), 0);
	CHECK_INT(yd_db_intern(db, YD_INTERN_REGION, "浙江省/嘉兴市", NULL, &reg, &err), 0);
	CHECK_INT(yd_db_source(db, "chunks.csv", &src, &err), 0);
	static struct yd_case c[YD_DB_CASE_CHUNK];
	static char ids[YD_DB_CASE_CHUNK][32];
	int64_t got[YD_DB_CASE_CHUNK];
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < YD_DB_CASE_CHUNK; i++) {
			/* round 0: cases 0..63; round 1: 64..127 but row 5 is case 3
			 * (stored in round 0) and row 9 is row 8's case again */
			int k = round == 0 ? i : round == 1 ? (i == 5 ? 3 : i == 9 ? 64 + 8 : 64 + i) : 200 + i;
			snprintf(ids[i], sizeof ids[i], "嘉综执罚决〔2024〕%03d号", k);
			memset(&c[i], 0, sizeof c[i]);
			c[i].case_id = ids[i];
			c[i].violation_id = v;
			c[i].date = 20240601;
			c[i].region_id = reg;
			c[i].tier = YD_TIER_GENERAL;
			c[i].fine = 100000 + k;
			c[i].base = -1;
			c[i].source_id = src;
			c[i].line = i + 2;
		}
		size_t n = round == 2 ? 7 : YD_DB_CASE_CHUNK;
		CHECK_INT(yd_db_cases_insert(db, c, n, got, &err), 0);
		if (round == 0)
			for (int i = 0; i < YD_DB_CASE_CHUNK; i++)
				CHECK_INT(got[i], i + 1);
		if (round == 1) {
			CHECK_INT(got[4], 64 + 5);
			CHECK_INT(got[5], 0); /* stored in round 0 */
			CHECK_INT(got[6], 64 + 6);
			CHECK_INT(got[8], 64 + 8);
			CHECK_INT(got[9], 0); /* row 8's case again */
			CHECK_INT(got[10], 64 + 9);
			CHECK_INT(got[63], 64 + 62);
		}
		if (round == 2)
			for (int i = 0; i < 7; i++)
				CHECK_INT(got[i], 64 + 62 + 1 + i);
	}
	CHECK_INT(yd_db_commit(db, &err), 0);
	yd_db_close(db);
	CHECK_INT(raw_int(p, "SELECT count(*) FROM cases"), 64 + 62 + 7);
	CHECK_INT(raw_int(p, "SELECT fine FROM cases WHERE id = 69"), 100000 + 64 + 4); /* row 4 */
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN(test_new);
	RUN(test_every_older_version);
	RUN(test_refused);
	RUN(test_results);
	RUN(test_cases_in_chunks);
	t_rm_dir(dir);
	return t_report("db");
}
