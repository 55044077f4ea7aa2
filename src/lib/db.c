#define _DEFAULT_SOURCE 1 /* realpath */
#include "youdu/db.h"
#include "youdu/db_blocks.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "youdu/db_blocks.h"
#include "youdu/strmap.h"

/* Migrations: migration[i] brings user_version i to i + 1. */
static const char *const migrations[] = {
    /* 0 -> 1: imported cases, rejects, catalogue */
    "CREATE TABLE source(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);\n"
    "CREATE TABLE region(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);\n"
    "CREATE TABLE agency(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);\n"
    "CREATE TABLE violation(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, title TEXT);\n"
    "CREATE TABLE cases(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  case_id TEXT NOT NULL,            -- 决定书文号\n"
    "  violation_id INTEGER NOT NULL,    -- violation(id)\n"
    "  decision_date INTEGER NOT NULL,   -- yyyymmdd\n"
    "  region_id INTEGER NOT NULL,       -- region(id)\n"
    "  agency_id INTEGER,                -- agency(id) or NULL\n"
    "  party INTEGER NOT NULL,           -- enum yd_party\n"
    "  tier INTEGER NOT NULL,            -- enum yd_tier\n"
    "  fine INTEGER NOT NULL,            -- fen\n"
    "  base INTEGER,                     -- fen or NULL\n"
    "  source_id INTEGER NOT NULL,       -- source(id)\n"
    "  line INTEGER NOT NULL);\n"
    "CREATE UNIQUE INDEX cases_identity ON cases(case_id, violation_id);\n"
    "CREATE TABLE rejects(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  source_id INTEGER NOT NULL, line INTEGER NOT NULL,\n"
    "  raw TEXT NOT NULL, reason TEXT NOT NULL,\n"
    "  UNIQUE(source_id, line, raw));\n"
    "CREATE TABLE catalogue(\n"
    "  violation_id INTEGER PRIMARY KEY, -- violation(id)\n"
    "  legal_basis TEXT NOT NULL,\n"
    "  kind INTEGER NOT NULL,            -- 0 fixed (bounds in fen), 1 multiple (bounds in ppm of base)\n"
    "  lo INTEGER NOT NULL, hi INTEGER NOT NULL,\n"
    "  lenient_max INTEGER NOT NULL, severe_min INTEGER NOT NULL,\n"
    "  tiers_given INTEGER NOT NULL);    -- 0 when the 30/70 split was derived\n",
    /* 1 -> 2: analysis results, peer groups, run ledger */
    "CREATE TABLE result(\n"
    "  case_rowid INTEGER PRIMARY KEY,  -- cases(id)\n"
    "  verdict INTEGER NOT NULL,        -- enum yd_verdict\n"
    "  level INTEGER NOT NULL,          -- enum yd_level (3 = no peer group)\n"
    "  party_used INTEGER NOT NULL,\n"
    "  peer_n INTEGER NOT NULL,\n"
    "  peer_median REAL,                -- on x = ln(fine) or ln(fine/base)\n"
    "  scale REAL, method INTEGER,      -- robust sigma of x and enum yd_scale_method\n"
    "  percentile REAL, z REAL,\n"
    "  farness REAL NOT NULL);          -- how far out, for ordering\n"
    "CREATE INDEX result_verdict ON result(verdict, farness);\n"
    "CREATE TABLE peer_group(\n"
    "  violation_id INTEGER NOT NULL, tier INTEGER NOT NULL,\n"
    "  party INTEGER NOT NULL,          -- 0 any, 1 individual, 2 enterprise\n"
    "  level INTEGER NOT NULL, region_id INTEGER NOT NULL, -- region 0 at level all\n"
    "  n INTEGER NOT NULL,\n"
    "  xs BLOB NOT NULL,                -- n sorted doubles (native byte order)\n"
    "  PRIMARY KEY(violation_id, tier, party, level, region_id)) WITHOUT ROWID;\n"
    "CREATE TABLE analysis_run(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  min_peers INTEGER NOT NULL, threshold REAL NOT NULL, ratio REAL NOT NULL, year INTEGER,\n"
    "  cases_read INTEGER NOT NULL, outside_year INTEGER NOT NULL,\n"
    "  no_catalogue INTEGER NOT NULL, no_base INTEGER NOT NULL, judged INTEGER NOT NULL,\n"
    "  counts TEXT NOT NULL);           -- JSON object verdict -> count\n",
    /* 2 -> 3: peer-group summaries, similar-case lists, min_scale in the
     * ledger; the unused verdict index goes.  Analysis tables hold derived
     * data only: they are recreated empty (run analyze again). */
    "DROP INDEX IF EXISTS result_verdict;\n"
    "DELETE FROM result;\n"
    "DROP TABLE peer_group;\n"
    "CREATE TABLE peer_group(\n"
    "  violation_id INTEGER NOT NULL, tier INTEGER NOT NULL,\n"
    "  party INTEGER NOT NULL,          -- 0 any, 1 individual, 2 enterprise\n"
    "  level INTEGER NOT NULL, region_id INTEGER NOT NULL, -- region 0 at level all\n"
    "  n INTEGER NOT NULL,\n"
    "  median REAL NOT NULL, mad REAL NOT NULL, qn REAL, q1 REAL NOT NULL, q3 REAL NOT NULL,\n"
    "  xs BLOB NOT NULL,                -- sorted x (n <= 1000) or its 1001 0.1 % quantiles\n"
    "  PRIMARY KEY(violation_id, tier, party, level, region_id)) WITHOUT ROWID;\n"
    "DROP TABLE IF EXISTS similar_group;\n"
    "CREATE TABLE similar_group(          -- every judged case, for check's similar decisions\n"
    "  violation_id INTEGER NOT NULL, tier INTEGER NOT NULL, region_id INTEGER NOT NULL,\n"
    "  cases BLOB NOT NULL,             -- (int32 yyyymmdd, int32 0, int64 cases.id), by date\n"
    "  PRIMARY KEY(violation_id, tier, region_id)) WITHOUT ROWID;\n"
    "DROP INDEX IF EXISTS cases_similar;\n"
    "DROP TABLE analysis_run;\n"
    "CREATE TABLE analysis_run(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  min_peers INTEGER NOT NULL, threshold REAL NOT NULL, ratio REAL NOT NULL,\n"
    "  min_scale REAL NOT NULL, year INTEGER,\n"
    "  cases_read INTEGER NOT NULL, outside_year INTEGER NOT NULL,\n"
    "  no_catalogue INTEGER NOT NULL, no_base INTEGER NOT NULL, judged INTEGER NOT NULL,\n"
    "  counts TEXT NOT NULL);           -- JSON object verdict -> count\n",
    /* 3 -> 4: the last case id an analysis saw, to tell when it is stale */
    "ALTER TABLE analysis_run ADD COLUMN max_case_id INTEGER NOT NULL DEFAULT 0;\n",
    /* 4 -> 5: results in blocks of packed rows (db_analysis.c); the old
     * results go, and with them the run (run analyze again) */
    "DROP TABLE result;\n"
    "CREATE TABLE result_block(\n"
    "  first_rowid INTEGER PRIMARY KEY, -- cases.id of its first case\n"
    "  n INTEGER NOT NULL,              -- cases in the block\n"
    "  data BLOB NOT NULL);             -- n packed results, by cases.id\n"
    "DELETE FROM peer_group;\n"
    "DELETE FROM similar_group;\n"
    "DELETE FROM analysis_run;\n"
    /* and what a run saw, so that a new catalogue or cases replaced in
     * place (import --replace) make it stale */
    "ALTER TABLE analysis_run ADD COLUMN catalogue_sig INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE analysis_run ADD COLUMN cases_replaced INTEGER NOT NULL DEFAULT 0;\n"
    "CREATE TABLE counter(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;\n",
    /* 5 -> 6: peer medians and quartiles of the fines themselves (not exp
     * of the log scale), the spread of a group's distinct amounts and its
     * levels, the rarity threshold of the run.  The old analysis goes (run
     * analyze again): its stored medians meant something else. */
    "DELETE FROM result_block;\n"
    "DELETE FROM peer_group;\n"
    "DELETE FROM similar_group;\n"
    "DELETE FROM analysis_run;\n"
    "ALTER TABLE peer_group ADD COLUMN distinct_spread REAL;  -- 1.4826 MAD of the distinct x\n"
    "ALTER TABLE peer_group ADD COLUMN median_nat REAL;       -- q1, q3 and this: of fen or multiples\n"
    "ALTER TABLE peer_group ADD COLUMN levels BLOB;           -- (double x, int64 count) pairs\n"
    "ALTER TABLE analysis_run ADD COLUMN max_share REAL NOT NULL DEFAULT 0.05;\n"
    "ALTER TABLE analysis_run ADD COLUMN min_heaped INTEGER NOT NULL DEFAULT 30;\n",
    /* 6 -> 7: data-quality warnings on imported rows (a placeholder date, a
     * month without its day...): the row is imported, the warning listed
     * by rejects --warnings.  value is the cell as written. */
    "CREATE TABLE warnings(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  source_id INTEGER NOT NULL REFERENCES source(id),\n"
    "  line INTEGER NOT NULL,\n"
    "  value TEXT NOT NULL,\n"
    "  reason TEXT NOT NULL,\n"
    "  UNIQUE(source_id, line, reason));\n",
    /* 7 -> 8: a discretion table as published, read into ranges per tier,
     * party and branch on the base (standard.c).  Rows of the clean CSV
     * form are listed here too (derived 2), but judged by catalogue.lo..hi. */
    "CREATE TABLE catalogue_range(\n"
    "  violation_id INTEGER NOT NULL,    -- violation(id)\n"
    "  seq INTEGER NOT NULL,             -- order within the violation\n"
    "  tier INTEGER NOT NULL,            -- enum yd_tier; 0 = the legal range\n"
    "  party INTEGER NOT NULL,           -- enum yd_std_party: 0 any, 1 individual, 2 enterprise\n"
    "  cond INTEGER NOT NULL,            -- enum yd_std_cond: 0 always, 1 with base, 2 without\n"
    "  kind INTEGER NOT NULL,            -- enum yd_std_kind: 0 fixed (fen), 1 multiple (ppm), 2 no fine\n"
    "  base TEXT NOT NULL,               -- the base as named, '' unless multiple\n"
    "  lo INTEGER NOT NULL, hi INTEGER NOT NULL,\n"
    "  cap INTEGER,                      -- fen, NULL when none\n"
    "  open INTEGER NOT NULL,            -- 1: 以上/以下 exclude the bound\n"
    "  parsed INTEGER NOT NULL,          -- 0: the standard needs review (reason says why)\n"
    "  reason TEXT NOT NULL,\n"
    "  derived INTEGER NOT NULL,         -- 0 read, 1 legal range as the union of the tiers,\n"
    "                                    -- 2 a clean-form row (listed, not judged)\n"
    "  source TEXT NOT NULL,             -- file:line\n"
    "  text TEXT NOT NULL,               -- the standard as published\n"
    "  PRIMARY KEY(violation_id, seq)) WITHOUT ROWID;\n"
    "ALTER TABLE catalogue ADD COLUMN review TEXT;  -- why the legal range is unknown (judged by peers only)\n",
    /* 8 -> 9: a source file keyed by its real path too, so that a.csv,
     * ./a.csv and /abs/a.csv are one source and a re-import replaces its
     * rejects instead of adding them again */
    "ALTER TABLE source ADD COLUMN real TEXT;\n"
    "CREATE UNIQUE INDEX source_real ON source(real);\n",
    /* 9 -> 10: the currency of a case's amounts (import --currency), NULL for
     * CNY so that a database of yuan pays nothing for it; the partial index
     * finds the other currencies without reading every case */
    "ALTER TABLE cases ADD COLUMN currency TEXT;   -- ISO 4217 code of fine and base; NULL for CNY\n"
    "CREATE INDEX cases_currency ON cases(currency) WHERE currency IS NOT NULL;\n",
    /* 10 -> 11: calibrated flags (issue 20): each result carries its tail
     * probability and the peers as far out, the run its false-discovery
     * rate, pooled scale and cut.  The old analysis goes (run analyze
     * again): its result blocks have the old size. */
    "DELETE FROM result_block;\n"
    "DELETE FROM peer_group;\n"
    "DELETE FROM similar_group;\n"
    "DELETE FROM analysis_run;\n"
    "ALTER TABLE analysis_run ADD COLUMN fdr REAL NOT NULL DEFAULT 0.05;\n"
    "ALTER TABLE analysis_run ADD COLUMN prior_scale REAL;   -- pooled scale s0, NULL when none\n"
    "ALTER TABLE analysis_run ADD COLUMN prior_df REAL NOT NULL DEFAULT 0; -- its weight d0 (-1: infinite)\n"
    "ALTER TABLE analysis_run ADD COLUMN local_ratio REAL;   -- region group variance / its violation's\n"
    "ALTER TABLE analysis_run ADD COLUMN local_df REAL NOT NULL DEFAULT 0; -- its weight (-1: infinite)\n"
    "ALTER TABLE analysis_run ADD COLUMN p_cut REAL NOT NULL DEFAULT 0;   -- Benjamini-Hochberg cut\n"
    "ALTER TABLE analysis_run ADD COLUMN tested INTEGER NOT NULL DEFAULT 0; -- cases with a p\n"
    "ALTER TABLE analysis_run ADD COLUMN discoveries INTEGER NOT NULL DEFAULT 0; -- p <= cut\n",
    /* 11 -> 12: the review loop (issue 21): a reviewer's disposition of a
     * decision, keyed like the decision (case id + violation), with the
     * decision's content and verdict when it was reviewed (a change of
     * either makes it stale, computed on reading: db_review.c), and every
     * change in an append-only history */
    "CREATE TABLE review(\n"
    "  case_id TEXT NOT NULL,            -- cases.case_id\n"
    "  violation_id INTEGER NOT NULL,    -- violation(id)\n"
    "  status INTEGER NOT NULL,          -- enum yd_review_status (never stale)\n"
    "  reason INTEGER NOT NULL,          -- enum yd_review_reason, 0 none\n"
    "  note TEXT NOT NULL, reviewer TEXT NOT NULL,\n"
    "  deadline INTEGER,                 -- yyyymmdd of the 整改 deadline or NULL\n"
    "  date INTEGER NOT NULL,            -- yyyymmdd: reviewed, or rectified\n"
    "  at_date INTEGER NOT NULL, at_region_id INTEGER NOT NULL, at_party INTEGER NOT NULL,\n"
    "  at_tier INTEGER NOT NULL, at_fine INTEGER NOT NULL, at_base INTEGER,\n"
    "  at_verdict INTEGER,               -- enum yd_verdict when reviewed, NULL when not judged\n"
    "  updated TEXT NOT NULL,            -- UTC time of the last change\n"
    "  PRIMARY KEY(case_id, violation_id)) WITHOUT ROWID;\n"
    "CREATE TABLE review_history(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  case_id TEXT NOT NULL, violation_id INTEGER NOT NULL,\n"
    "  at TEXT NOT NULL,                 -- UTC time, ISO 8601\n"
    "  who TEXT NOT NULL,                -- the reviewer of the change\n"
    "  via TEXT NOT NULL,                -- set, import or serve\n"
    "  from_status INTEGER,              -- enum yd_review_status shown before (stale too); NULL: none\n"
    "  to_status INTEGER NOT NULL, reason INTEGER NOT NULL, note TEXT NOT NULL,\n"
    "  deadline INTEGER, date INTEGER NOT NULL);\n"
    "CREATE INDEX review_history_case ON review_history(case_id, violation_id, id);\n",
    /* 12 -> 13: a decision's own context (issue 20): the penalty provision
     * read from its 处罚依据 and the peer factors declared on import, one
     * interned string (context.h), NULL for none so that a database
     * without them pays nothing.  Peer groups and similar lists are keyed
     * by it too, and a result says whether its factors were dropped; the
     * old analysis goes (run analyze again). */
    "CREATE TABLE context(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);\n"
    "ALTER TABLE cases ADD COLUMN context_id INTEGER;  -- context(id), NULL: none\n"
    "DELETE FROM result_block;\n"
    "DELETE FROM analysis_run;\n"
    "DROP TABLE peer_group;\n"
    "CREATE TABLE peer_group(\n"
    "  violation_id INTEGER NOT NULL,\n"
    "  context_id INTEGER NOT NULL,     -- context(id) of the group, 0 none\n"
    "  widened INTEGER NOT NULL,        -- 1: the factors dropped (context_id: the provision alone)\n"
    "  tier INTEGER NOT NULL,\n"
    "  party INTEGER NOT NULL,          -- 0 any, 1 individual, 2 enterprise\n"
    "  level INTEGER NOT NULL, region_id INTEGER NOT NULL, -- region 0 at level all\n"
    "  n INTEGER NOT NULL,\n"
    "  median REAL NOT NULL, mad REAL NOT NULL, qn REAL, q1 REAL NOT NULL, q3 REAL NOT NULL,\n"
    "  xs BLOB NOT NULL,                -- sorted x (n <= 1000) or its 1001 0.1 % quantiles\n"
    "  distinct_spread REAL, median_nat REAL, levels BLOB,\n"
    "  PRIMARY KEY(violation_id, context_id, widened, tier, party, level, region_id)) WITHOUT ROWID;\n"
    "DROP TABLE similar_group;\n"
    "CREATE TABLE similar_group(          -- every judged case, for check's similar decisions\n"
    "  violation_id INTEGER NOT NULL, context_id INTEGER NOT NULL, tier INTEGER NOT NULL,\n"
    "  region_id INTEGER NOT NULL,\n"
    "  cases BLOB NOT NULL,             -- (int32 yyyymmdd, int32 0, int64 cases.id), by date\n"
    "  PRIMARY KEY(violation_id, context_id, tier, region_id)) WITHOUT ROWID;\n",
    /* 13 -> 14: versions of the catalogue (issue 23): an item has one row per
     * version, keyed by the day it takes effect (0: undated, in force
     * always until a dated version starts); its ranges carry the same key.
     * Decisions are judged by the version in force on their date. */
    "CREATE TABLE catalogue_v(\n"
    "  violation_id INTEGER NOT NULL,    -- violation(id)\n"
    "  effective_from INTEGER NOT NULL,  -- yyyymmdd the version takes effect; 0 undated\n"
    "  effective_to INTEGER,             -- yyyymmdd its last day; NULL until the next version\n"
    "  legal_basis TEXT NOT NULL,\n"
    "  kind INTEGER NOT NULL,            -- 0 fixed (bounds in fen), 1 multiple (bounds in ppm of base)\n"
    "  lo INTEGER NOT NULL, hi INTEGER NOT NULL,\n"
    "  lenient_max INTEGER NOT NULL, severe_min INTEGER NOT NULL,\n"
    "  tiers_given INTEGER NOT NULL,     -- 0 when the 30/70 split was derived\n"
    "  review TEXT,                      -- why the legal range is unknown (judged by peers only)\n"
    "  PRIMARY KEY(violation_id, effective_from)) WITHOUT ROWID;\n"
    "INSERT INTO catalogue_v SELECT violation_id, 0, NULL, legal_basis, kind, lo, hi, lenient_max, severe_min,"
    " tiers_given, review FROM catalogue;\n"
    "DROP TABLE catalogue;\n"
    "ALTER TABLE catalogue_v RENAME TO catalogue;\n"
    "CREATE TABLE catalogue_range_v(\n"
    "  violation_id INTEGER NOT NULL, effective_from INTEGER NOT NULL, seq INTEGER NOT NULL,\n"
    "  tier INTEGER NOT NULL, party INTEGER NOT NULL, cond INTEGER NOT NULL, kind INTEGER NOT NULL,\n"
    "  base TEXT NOT NULL, lo INTEGER NOT NULL, hi INTEGER NOT NULL, cap INTEGER, open INTEGER NOT NULL,\n"
    "  parsed INTEGER NOT NULL, reason TEXT NOT NULL, derived INTEGER NOT NULL, source TEXT NOT NULL,\n"
    "  text TEXT NOT NULL,               -- the columns of catalogue_range (7 -> 8)\n"
    "  PRIMARY KEY(violation_id, effective_from, seq)) WITHOUT ROWID;\n"
    "INSERT INTO catalogue_range_v SELECT violation_id, 0, seq, tier, party, cond, kind, base, lo, hi, cap, open,"
    " parsed, reason, derived, source, text FROM catalogue_range;\n"
    "DROP TABLE catalogue_range;\n"
    "ALTER TABLE catalogue_range_v RENAME TO catalogue_range;\n",
    /* 14 -> 15: parties (issue 24): the party's identifier as read
     * (yd_party_id_norm), whether its check digit was wrong (such a party
     * is never matched with another), and its name; NULL when not given,
     * so a database without them pays nothing.  The partial index serves
     * check --party-id. */
    "ALTER TABLE cases ADD COLUMN party_code TEXT;   -- 统一社会信用代码, 身份证号...: NULL none\n"
    "ALTER TABLE cases ADD COLUMN party_bad INTEGER; -- 1: party_code has a wrong check digit\n"
    "ALTER TABLE cases ADD COLUMN party_name TEXT;   -- 当事人名称 as written, NULL none\n"
    "CREATE INDEX cases_party ON cases(party_code) WHERE party_code IS NOT NULL;\n"
    /* and the 免罚清单 (exempt import): one row per item, the window in
     * months read from 适用条件 (0 ever, NULL none read), the kind
     * (enum yd_tier: none, mitigated, lenient; 0 unknown), the catalogue
     * item matched by name (NULL none) */
    "CREATE TABLE exempt(\n"
    "  id INTEGER PRIMARY KEY, seq TEXT NOT NULL, name TEXT NOT NULL, basis TEXT NOT NULL,\n"
    "  condition TEXT NOT NULL, action TEXT NOT NULL, kind INTEGER NOT NULL, months INTEGER,\n"
    "  violation_id INTEGER, source TEXT NOT NULL, line INTEGER NOT NULL);\n",
    /* 15 -> 16: the verdict exempt_repeat (issue 24) is 6, before ok: the
     * stored verdicts from 6 on move up one, so the old analysis goes (run
     * analyze again) and a review's verdict when reviewed is renumbered;
     * the 免罚清单's period of validity (exempt import --valid-from/--valid-to,
     * yyyymmdd, NULL open) and why a row needs review (NULL: read) */
    "DELETE FROM result_block;\n"
    "DELETE FROM peer_group;\n"
    "DELETE FROM similar_group;\n"
    "DELETE FROM analysis_run;\n"
    "UPDATE review SET at_verdict = at_verdict + 1 WHERE at_verdict >= 6;\n"
    "ALTER TABLE exempt ADD COLUMN valid_from INTEGER;\n"
    "ALTER TABLE exempt ADD COLUMN valid_to INTEGER;\n"
    "ALTER TABLE exempt ADD COLUMN review TEXT;\n",
    /* 16 -> 17: peers of one currency only (issue 25.5): a case not in
     * yuan is grouped under its context marked with its currency
     * (context.h), so an analysis of such cases made before keys its groups
     * as check no longer looks them up, and may have compared euros with
     * yuan.  It goes (run analyze again); a database of yuan keeps its own. */
    "DELETE FROM result_block WHERE EXISTS (SELECT 1 FROM cases WHERE currency IS NOT NULL);\n"
    "DELETE FROM peer_group WHERE EXISTS (SELECT 1 FROM cases WHERE currency IS NOT NULL);\n"
    "DELETE FROM similar_group WHERE EXISTS (SELECT 1 FROM cases WHERE currency IS NOT NULL);\n"
    "DELETE FROM analysis_run WHERE EXISTS (SELECT 1 FROM cases WHERE currency IS NOT NULL);\n",
};
_Static_assert(sizeof migrations / sizeof *migrations == YD_DB_SCHEMA_VERSION, "one migration per schema version");

enum stmt_id {
	ST_CASE_INSERT,
	ST_CASE_FIND,
	ST_CASE_REPLACE,
	ST_REJECT_ADD,
	ST_WARNING_ADD,
	ST_SOURCE_NAME,
	ST_CASE_CHUNK,   /* YD_DB_CASE_CHUNK rows at once (its SQL built by stmt) */
	ST_CASE_ID,
	ST_READ_BEGIN,
	ST_READ_END,
	ST_INTERN_FIND0, /* + kind */
	ST_INTERN_ADD0 = ST_INTERN_FIND0 + YD_INTERN_COUNT,
	ST_COUNT = ST_INTERN_ADD0 + YD_INTERN_COUNT
};

static const char *const intern_table[YD_INTERN_COUNT] = {"source", "region", "agency", "violation", "context"};

struct yd_db {
	sqlite3 *h;                               /* the connection */
	int readonly;                             /* opened with YD_DB_READONLY */
	int in_tx;                                /* a transaction is open */
	sqlite3_stmt *st[ST_COUNT];               /* prepared lazily, finalized at close */
	sqlite3_stmt *extra[YD_DB_EXTRA_STMTS];   /* slots of yd_db_cached */
	sqlite3_blob *blob;                       /* yd_db_blob's handle, NULL none */
	const char *blob_table, *blob_column;     /* what it reads */
	struct yd_strmap intern[YD_INTERN_COUNT]; /* name -> id caches */
	int intern_loaded[YD_INTERN_COUNT];       /* cache holds the whole table */
};

int yd_db_fail(struct yd_db *db, struct yd_error *err, const char *what)
{
	int code = sqlite3_errcode(db->h) & 0xFF;
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return yd_error_set(err, YD_EDB,
				    "database: %s: another youdu is writing this database; try again when it has finished",
				    what);
	int sys = sqlite3_system_errno(db->h);
	if (code == SQLITE_FULL || sys == ENOSPC)
		return yd_error_set(err, YD_EIO, "database: %s: the disk is full; nothing was changed", what);
	if (code == SQLITE_READONLY || sys == EROFS)
		return yd_error_set(err, YD_EIO,
				    "database: %s: the database is read-only (a read-only disk or folder); nothing was changed",
				    what);
	return yd_error_set(err, YD_EDB, "database: %s: %s", what, sqlite3_errmsg(db->h));
}

struct sqlite3 *yd_db_handle(struct yd_db *db)
{
	return db->h;
}

static int exec(struct yd_db *db, const char *sql, struct yd_error *err)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = yd_error_set(err, YD_EDB, "database: %s", msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

/* The integer a PRAGMA answers; an error says what really went wrong (a
 * file that is not SQLite, a writer holding the lock), never "empty". */
static int pragma_int(struct yd_db *db, const char *path, const char *sql, int *v, struct yd_error *err)
{
	sqlite3_stmt *s = NULL;
	int r = sqlite3_prepare_v2(db->h, sql, -1, &s, NULL);
	if (r == SQLITE_OK) {
		r = sqlite3_step(s);
		*v = r == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	}
	sqlite3_finalize(s);
	if (r == SQLITE_ROW || r == SQLITE_DONE)
		return 0;
	if ((sqlite3_errcode(db->h) & 0xFF) == SQLITE_NOTADB)
		return yd_error_set(err, YD_ESTATE, "%s is not a youdu database (not an SQLite file)", path);
	int rc = yd_db_fail(db, err, "reading the schema version");
	yd_error_prefix(err, "%s", path);
	return rc;
}

const char *yd_db_migration(int from)
{
	return from >= 0 && from < YD_DB_SCHEMA_VERSION ? migrations[from] : NULL;
}

static int user_version(struct yd_db *db, const char *path, int *v, struct yd_error *err)
{
	return pragma_int(db, path, "PRAGMA user_version", v, err);
}

/* Refuses a SQLite file of another program: youdu's files carry its
 * application_id; one of an older youdu has 0 and a cases table; a new one
 * is empty. */
static int check_application(struct yd_db *db, const char *path, int v, struct yd_error *err)
{
	int id = 0, tables = 0, cases = 0, rc;
	if ((rc = pragma_int(db, path, "PRAGMA application_id", &id, err)) < 0)
		return rc;
	if ((uint32_t)id == YD_DB_APPLICATION_ID)
		return 0;
	if (id == 0 && (rc = pragma_int(db, path, "SELECT count(*) FROM sqlite_master", &tables, err)) == 0 &&
	    (rc = pragma_int(db, path, "SELECT count(*) FROM sqlite_master WHERE name = 'cases'", &cases, err)) == 0 &&
	    ((v == 0 && tables == 0) || (v > 0 && cases == 1)))
		return 0;
	if (rc < 0)
		return rc;
	return yd_error_set(err, YD_ESTATE, "%s is not a youdu database (a SQLite file of another program)", path);
}

static int app_id_set(struct yd_db *db)
{
	int id = 0;
	return pragma_int(db, "", "PRAGMA application_id", &id, NULL) == 0 && (uint32_t)id == YD_DB_APPLICATION_ID;
}

static int migrate(struct yd_db *db, const char *path, struct yd_error *err)
{
	int v, rc;
	char sql[96];

	if ((rc = user_version(db, path, &v, err)) < 0 || (rc = check_application(db, path, v, err)) < 0)
		return rc;
	if (v > YD_DB_SCHEMA_VERSION)
		return yd_error_set(err, YD_ESTATE,
				    "%s: database schema version %d is newer than this youdu supports (%d); upgrade youdu",
				    path, v, YD_DB_SCHEMA_VERSION);
	if (v == YD_DB_SCHEMA_VERSION && (db->readonly || app_id_set(db)))
		return 0;
	if (db->readonly && v == 0)
		return yd_error_set(err, YD_ESTATE, "%s: database is empty; run 'youdu import' first", path);
	if (db->readonly)
		return yd_error_set(err, YD_ESTATE,
				    "%s: database was made by an older youdu; run 'youdu analyze' once to upgrade it", path);
	if (v == 0 && (rc = exec(db, "PRAGMA page_size=65536", err)) < 0)
		return rc;
	if ((rc = exec(db, "BEGIN IMMEDIATE", err)) < 0)
		return rc;
	/* re-read under the write lock: another process may have migrated */
	if ((rc = user_version(db, path, &v, err)) < 0)
		goto fail;
	for (; v < YD_DB_SCHEMA_VERSION; v++) {
		if ((rc = exec(db, migrations[v], err)) < 0)
			goto fail;
	}
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d", YD_DB_SCHEMA_VERSION,
		 (int)YD_DB_APPLICATION_ID);
	if ((rc = exec(db, sql, err)) < 0 || (rc = exec(db, "COMMIT", err)) < 0)
		goto fail;
	return 0;
fail:
	exec(db, "ROLLBACK", NULL);
	return rc;
}

/* The folder holding path ("." for a bare name) into dir. */
static void folder_of(const char *path, char *dir, size_t n)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, n, ".");
	else
		snprintf(dir, n, "%.*s", slash == path ? 1 : (int)(slash - path), path);
}

/* Why a database cannot be opened or read when the medium is the cause:
 * "the disk is full" or "the folder is read-only", else NULL. */
static const char *medium_cause(const char *path)
{
	char dir[4096];
	struct statvfs vs;
	folder_of(path, dir, sizeof dir);
	if (statvfs(dir, &vs) == 0 && (vs.f_flag & ST_RDONLY))
		return "the disk is read-only";
	if (access(dir, W_OK) != 0 && (errno == EROFS || errno == EACCES))
		return errno == EROFS ? "the disk is read-only" : "the folder is read-only";
	if (statvfs(dir, &vs) == 0 && (unsigned long long)vs.f_bavail * vs.f_frsize < 65536)
		return "the disk is full";
	return NULL;
}

/* A reader on a read-only or full medium: SQLite must create the -shm
 * index beside a WAL database before reading, which it cannot there.  When
 * no -wal holds unmerged commits the file alone is the whole database, and
 * it is opened as immutable (no -shm, no locks); 1 when it should be. */
static int reads_as_immutable(const char *path)
{
	char wal[4200];
	struct stat st;
	snprintf(wal, sizeof wal, "%s-wal", path);
	return !(stat(wal, &st) == 0 && st.st_size > 0) && medium_cause(path) != NULL;
}

/* "file:PATH?immutable=1" with PATH percent-encoded, for SQLITE_OPEN_URI. */
static void immutable_uri(const char *path, char *uri, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t k = (size_t)snprintf(uri, n, "%s", path[0] == '/' ? "file://" : "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p && k + 4 < n; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("/._-~", *p))
			uri[k++] = (char)*p;
		else {
			uri[k++] = '%';
			uri[k++] = hex[*p >> 4];
			uri[k++] = hex[*p & 15];
		}
	}
	snprintf(uri + k, n - k, "?immutable=1");
}

/* SQLite's allocation statistics take a global mutex on every malloc
 * (a few per row stored); youdu never reads them.  Set once, before the
 * first connection initializes the library. */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* A writer waits for another writer to finish (an import of millions of
 * rows takes minutes, longer under load): up to this long.  A writer that
 * dies releases its lock at once, so only a live one is waited for. */
#define WRITER_WAIT_MS (10 * 60 * 1000)

int yd_db_open(const char *path, int flags, struct yd_db **out, struct yd_error *err)
{
	struct yd_db *db = yd_xcalloc(1, sizeof *db);
	int rc;
	int oflags = ((flags & YD_DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
		     SQLITE_OPEN_NOMUTEX; /* one thread at a time uses a connection */

	struct stat stt;
	db->readonly = !!(flags & YD_DB_READONLY);
	/* a youdu database is a file: not SQLite's in-memory or URI names,
	 * which would import, say "imported 20", and keep nothing */
	if (!*path || strcmp(path, ":memory:") == 0 || strncmp(path, "file:", 5) == 0) {
		rc = yd_error_set(err, YD_EUSAGE, "--db '%s': a youdu database is a file; give a file name", path);
		goto fail;
	}
	if (stat(path, &stt) == 0 && S_ISDIR(stt.st_mode)) {
		rc = yd_error_set(err, YD_EUSAGE, "--db %s: is a directory, not a database file", path);
		goto fail;
	}
	if ((flags & (YD_DB_READONLY | YD_DB_NOCREATE)) && access(path, F_OK) != 0) {
		rc = yd_error_set(err, YD_ESTATE, "%s: no such database; run 'youdu import' first (or give --db)", path);
		goto fail;
	}
	char uri[8400];
	const char *name = path;
	pthread_once(&sqlite_once, sqlite_setup);
	if (db->readonly && reads_as_immutable(path)) {
		immutable_uri(path, uri, sizeof uri);
		name = uri;
		oflags |= SQLITE_OPEN_URI;
	}
	if (sqlite3_open_v2(name, &db->h, oflags, NULL) != SQLITE_OK) {
		const char *cause = medium_cause(path);
		rc = yd_error_set(err, YD_EIO, "%s: cannot open database: %s%s%s", path,
				  db->h ? sqlite3_errmsg(db->h) : "out of memory", cause ? ": " : "", cause ? cause : "");
		goto fail;
	}
	/* a writer opening a database another writer is creating or upgrading
	 * waits for it as yd_db_begin does (two imports started at once on a
	 * new file: the second's schema check waited 10 s, and failed under
	 * load, test 042); the default wait after that */
	sqlite3_busy_timeout(db->h, db->readonly ? 10000 : WRITER_WAIT_MS);
	/* a page is then the file's own page in memory, not a 64 KiB copy into
	 * a new buffer: a check touches a few kilobytes of each page it visits
	 * (a B-tree's cell pointers, an overflow page's link).  The most SQLite
	 * maps (its build's SQLITE_MAX_MMAP_SIZE caps it; pages beyond are read
	 * as before).  Only for the readers of a few records: a command that
	 * reads every page would count the file in its resident memory. */
	if (db->readonly && (flags & YD_DB_MAPPED))
		exec(db, "PRAGMA mmap_size=2147418112", NULL);
	/* what the file is, before anything is written to it */
	if ((rc = migrate(db, path, err)) < 0) {
		int code = sqlite3_errcode(db->h) & 0xFF;
		const char *cause = medium_cause(path);
		if (cause && (code == SQLITE_CANTOPEN || code == SQLITE_READONLY || code == SQLITE_IOERR) &&
		    !strstr(err ? err->msg : "", cause))
			yd_error_set(err, YD_EIO, "%s: cannot open database: %s%s", path, cause,
				     db->readonly ? " and the database's -wal file holds commits a reader must merge; "
						    "open it once where it can be written"
						  : "; nothing was changed");
		goto fail;
	}
	if (!db->readonly) {
		/* WAL: readers keep reading the last committed state while a writer
		 * works and after it dies; synchronous=NORMAL: a commit survives a
		 * crash of youdu, and the last commits may be lost (never corrupted)
		 * on a power cut, which a re-import restores (docs/ARCHITECTURE.md).
		 * 64 KiB pages (a new database only) cut the B-tree work of bulk
		 * loads (docs/PERFORMANCE.md). */
		if ((rc = exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", err)) < 0) {
			yd_error_prefix(err, "%s", path);
			goto fail;
		}
	}
	sqlite3_busy_timeout(db->h, 10000);
	if (yd_db_blocks_register(db->h) != SQLITE_OK) {
		rc = yd_db_fail(db, err, "registering the results table");
		goto fail;
	}
	*out = db;
	return 0;
fail:
	yd_db_close(db);
	return rc;
}

static void blob_close(struct yd_db *db)
{
	sqlite3_blob_close(db->blob);
	db->blob = NULL;
}

void yd_db_close(struct yd_db *db)
{
	if (!db)
		return;
	blob_close(db);
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(db->st[i]);
	for (int i = 0; i < YD_DB_EXTRA_STMTS; i++)
		sqlite3_finalize(db->extra[i]);
	for (int i = 0; i < YD_INTERN_COUNT; i++)
		yd_strmap_release(&db->intern[i]);
	sqlite3_close(db->h);
	free(db);
}


int yd_db_begin(struct yd_db *db, struct yd_error *err)
{
	sqlite3_busy_timeout(db->h, WRITER_WAIT_MS);
	int rc = exec(db, "BEGIN IMMEDIATE", err);
	sqlite3_busy_timeout(db->h, 10000);
	if (rc == 0)
		db->in_tx = 1;
	return rc;
}

static sqlite3_stmt *stmt(struct yd_db *db, enum stmt_id id, struct yd_error *err);

/* Runs one of the cached statements without results, as exec would. */
static int exec_cached(struct yd_db *db, enum stmt_id id, struct yd_error *err)
{
	sqlite3_stmt *st = stmt(db, id, err);
	if (!st)
		return YD_EDB;
	int r = sqlite3_step(st);
	sqlite3_reset(st);
	if (r != SQLITE_DONE)
		return yd_error_set(err, YD_EDB, "database: %s", sqlite3_errmsg(db->h));
	return 0;
}

int yd_db_read_begin(struct yd_db *db, struct yd_error *err)
{
	return exec_cached(db, ST_READ_BEGIN, err);
}

void yd_db_read_end(struct yd_db *db)
{
	blob_close(db);
	exec_cached(db, ST_READ_END, NULL);
}

int yd_db_commit(struct yd_db *db, struct yd_error *err)
{
	blob_close(db);
	int rc = exec(db, "COMMIT", err);
	if (rc == 0)
		db->in_tx = 0;
	return rc;
}

void yd_db_rollback(struct yd_db *db)
{
	blob_close(db);
	if (db->in_tx)
		exec(db, "ROLLBACK", NULL);
	db->in_tx = 0;
	yd_db_intern_reset(db);
}

int yd_db_checkpoint(struct yd_db *db, struct yd_error *err)
{
	return exec(db, "PRAGMA wal_checkpoint(PASSIVE)", err);
}

/* Temporary storage in memory must be asked for before the write
 * transaction begins: the pager decides at its start where a statement's
 * journal goes, and a journal in a file cost a 64 KiB write for every page
 * a statement of several rows changed. */
void yd_db_bulk_mode(struct yd_db *db)
{
	exec(db, "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY", NULL);
}

/* Returns the prepared statement id, preparing it on first use. */
static sqlite3_stmt *stmt(struct yd_db *db, enum stmt_id id, struct yd_error *err)
{
	static const char *const sql[ST_INTERN_FIND0] = {
	    [ST_CASE_INSERT] = "INSERT INTO cases(case_id, violation_id, decision_date, region_id, agency_id, party,"
			        " tier, fine, base, source_id, line, currency, context_id, party_code, party_bad, party_name)"
			       " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
			       " ON CONFLICT(case_id, violation_id) DO NOTHING",
	    [ST_CASE_FIND] = "SELECT decision_date, region_id, agency_id, party, tier, fine, base, source_id, line,"
			     " currency, context_id, party_code, party_bad, party_name FROM cases"
			     " WHERE case_id = ? AND violation_id = ?",
	    [ST_CASE_REPLACE] = "UPDATE cases SET decision_date=?3, region_id=?4, agency_id=?5, party=?6, tier=?7,"
				 " fine=?8, base=?9, source_id=?10, line=?11, currency=?12, context_id=?13, party_code=?14,"
				" party_bad=?15, party_name=?16"
				" WHERE case_id=?1 AND violation_id=?2",
	    [ST_REJECT_ADD] = "INSERT OR IGNORE INTO rejects(source_id, line, raw, reason) VALUES (?,?,?,?)",
	    [ST_WARNING_ADD] = "INSERT OR IGNORE INTO warnings(source_id, line, value, reason) VALUES (?,?,?,?)",
	    [ST_SOURCE_NAME] = "SELECT name FROM source WHERE id = ?",
	    [ST_CASE_ID] = "SELECT id FROM cases WHERE case_id = ? AND violation_id = ?",
	    /* a read snapshot per check of serve: compiled once */
	    [ST_READ_BEGIN] = "BEGIN DEFERRED",
	    [ST_READ_END] = "COMMIT",
	};
	char buf[160];
	const char *q;
	struct yd_buf chunk = YD_BUF_INIT;

	if (db->st[id]) {
		sqlite3_reset(db->st[id]);
		sqlite3_clear_bindings(db->st[id]);
		return db->st[id];
	}
	if (id >= ST_INTERN_ADD0) {
		const char *t = intern_table[id - ST_INTERN_ADD0];
		if (id - ST_INTERN_ADD0 == YD_INTERN_VIOLATION)
			snprintf(buf, sizeof buf, "INSERT INTO %s(name, title) VALUES (?, ?)", t);
		else
			snprintf(buf, sizeof buf, "INSERT INTO %s(name) VALUES (?)", t);
		q = buf;
	} else if (id >= ST_INTERN_FIND0) {
		snprintf(buf, sizeof buf, "SELECT id, name FROM %s", intern_table[id - ST_INTERN_FIND0]);
		q = buf;
	} else if (id == ST_CASE_CHUNK) {
		/* the single row's INSERT with YD_DB_CASE_CHUNK rows of values,
		 * OR IGNORE: a statement of several rows that could stop half
		 * way (ON CONFLICT leaves NOT NULL to abort) keeps a journal of
		 * every page it changes, in case; this one cannot stop, for
		 * every NOT NULL column is always bound (and import tells a row
		 * neither stored nor found) */
		const char *one = sql[ST_CASE_INSERT], *into = strstr(one, " INTO ");
		yd_buf_addstr(&chunk, "INSERT OR IGNORE");
		yd_buf_add(&chunk, into, (size_t)(strstr(one, " VALUES ") - into));
		yd_buf_addstr(&chunk, " VALUES ");
		for (int i = 0; i < YD_DB_CASE_CHUNK; i++)
			yd_buf_addstr(&chunk, i ? ",(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
		q = yd_buf_str(&chunk);
	} else {
		q = sql[id];
	}
	int ok = sqlite3_prepare_v2(db->h, q, -1, &db->st[id], NULL) == SQLITE_OK;
	yd_buf_release(&chunk);
	if (!ok) {
		yd_db_fail(db, err, "preparing a statement");
		return NULL;
	}
	return db->st[id];
}

struct sqlite3_blob *yd_db_blob(struct yd_db *db, const char *table, const char *column, int64_t row,
				const char *what, struct yd_error *err)
{
	if (db->blob && db->blob_table == table && db->blob_column == column &&
	    sqlite3_blob_reopen(db->blob, row) == SQLITE_OK)
		return db->blob;
	/* none yet, another column, or a handle the row's change aborted */
	blob_close(db);
	if (sqlite3_blob_open(db->h, "main", table, column, row, 0, &db->blob) != SQLITE_OK) {
		yd_db_fail(db, err, what);
		blob_close(db);
		return NULL;
	}
	db->blob_table = table;
	db->blob_column = column;
	return db->blob;
}

void yd_db_blob_done(struct yd_db *db)
{
	/* outside a transaction an open handle would hold a read lock (and
	 * its snapshot) until the next call */
	if (sqlite3_get_autocommit(db->h))
		blob_close(db);
}

struct sqlite3_stmt *yd_db_cached(struct yd_db *db, int slot, const char *sql, struct yd_error *err)
{
	if (db->extra[slot]) {
		sqlite3_reset(db->extra[slot]);
		sqlite3_clear_bindings(db->extra[slot]);
		return db->extra[slot];
	}
	if (sqlite3_prepare_v2(db->h, sql, -1, &db->extra[slot], NULL) != SQLITE_OK) {
		yd_db_fail(db, err, "preparing a statement");
		return NULL;
	}
	return db->extra[slot];
}

void yd_db_intern_reset(struct yd_db *db)
{
	for (int i = 0; i < YD_INTERN_COUNT; i++) {
		yd_strmap_release(&db->intern[i]);
		db->intern_loaded[i] = 0;
	}
}

int yd_db_intern(struct yd_db *db, enum yd_intern kind, const char *s, const char *name, int64_t *id,
		 struct yd_error *err)
{
	struct yd_strmap *m = &db->intern[kind];
	sqlite3_stmt *st;

	if (!db->intern_loaded[kind]) {
		if (!(st = stmt(db, (enum stmt_id)(ST_INTERN_FIND0 + kind), err)))
			return YD_EDB;
		int r;
		while ((r = sqlite3_step(st)) == SQLITE_ROW)
			yd_strmap_put(m, (const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 0));
		if (r != SQLITE_DONE)
			return yd_db_fail(db, err, "loading names");
		db->intern_loaded[kind] = 1;
	}
	if (yd_strmap_get(m, s, id))
		return 0;
	if (!(st = stmt(db, (enum stmt_id)(ST_INTERN_ADD0 + kind), err)))
		return YD_EDB;
	sqlite3_bind_text(st, 1, s, -1, SQLITE_STATIC);
	if (kind == YD_INTERN_VIOLATION && name && *name)
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return yd_db_fail(db, err, "storing a name");
	*id = sqlite3_last_insert_rowid(db->h);
	yd_strmap_put(m, s, *id);
	return 0;
}

/* Binds c as the 16 parameters after the first `at` (0 for a single row). */
static void bind_case_at(sqlite3_stmt *st, int at, const struct yd_case *c)
{
	sqlite3_bind_text(st, at + 1, c->case_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, at + 2, c->violation_id);
	sqlite3_bind_int(st, at + 3, c->date);
	sqlite3_bind_int64(st, at + 4, c->region_id);
	if (c->agency_id > 0)
		sqlite3_bind_int64(st, at + 5, c->agency_id);
	sqlite3_bind_int(st, at + 6, c->party);
	sqlite3_bind_int(st, at + 7, c->tier);
	sqlite3_bind_int64(st, at + 8, c->fine);
	if (c->base >= 0)
		sqlite3_bind_int64(st, at + 9, c->base);
	sqlite3_bind_int64(st, at + 10, c->source_id);
	sqlite3_bind_int64(st, at + 11, c->line);
	if (c->currency[0] && strcmp(c->currency, "CNY") != 0)
		sqlite3_bind_text(st, at + 12, c->currency, -1, SQLITE_STATIC);
	if (c->context_id > 0)
		sqlite3_bind_int64(st, at + 13, c->context_id);
	if (c->party_code && *c->party_code)
		sqlite3_bind_text(st, at + 14, c->party_code, -1, SQLITE_STATIC);
	if (c->party_bad)
		sqlite3_bind_int(st, at + 15, 1);
	if (c->party_name && *c->party_name)
		sqlite3_bind_text(st, at + 16, c->party_name, -1, SQLITE_STATIC);
}

static void bind_case(sqlite3_stmt *st, const struct yd_case *c)
{
	bind_case_at(st, 0, c);
}

int yd_db_case_insert(struct yd_db *db, const struct yd_case *c, int64_t *inserted, struct yd_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_CASE_INSERT, err);
	if (!st)
		return YD_EDB;
	bind_case(st, c);
	if (sqlite3_step(st) != SQLITE_DONE)
		return yd_db_fail(db, err, "inserting a case");
	*inserted = sqlite3_changes(db->h) > 0 ? sqlite3_last_insert_rowid(db->h) : 0;
	return 0;
}

/* The id of the case with c's identity, 0 when there is none. */
static int case_id_of(struct yd_db *db, const struct yd_case *c, int64_t *id, struct yd_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_CASE_ID, err);
	if (!st)
		return YD_EDB;
	sqlite3_bind_text(st, 1, c->case_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, c->violation_id);
	int r = sqlite3_step(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return yd_db_fail(db, err, "looking up a case");
	*id = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	return 0;
}

int yd_db_cases_insert(struct yd_db *db, const struct yd_case *c, size_t n, int64_t *inserted, struct yd_error *err)
{
	int rc;
	if (n != YD_DB_CASE_CHUNK) {
		for (size_t i = 0; i < n; i++)
			if ((rc = yd_db_case_insert(db, &c[i], &inserted[i], err)) < 0)
				return rc;
		return 0;
	}
	sqlite3_stmt *st = stmt(db, ST_CASE_CHUNK, err);
	if (!st)
		return YD_EDB;
	for (size_t i = 0; i < n; i++)
		bind_case_at(st, 16 * (int)i, &c[i]);
	if (sqlite3_step(st) != SQLITE_DONE)
		return yd_db_fail(db, err, "inserting cases");
	/* the rows went in in order, each new one after the largest id: the
	 * new ids are last - changes + 1 .. last, given out in row order */
	int64_t changes = sqlite3_changes(db->h), next = sqlite3_last_insert_rowid(db->h) - changes + 1;
	for (size_t i = 0; i < n; i++) {
		int64_t id = 0;
		if (changes == (int64_t)n)
			id = next;
		else if (changes && (rc = case_id_of(db, &c[i], &id, err)) < 0)
			return rc;
		/* a row left out (a case stored before, or twice in the chunk)
		 * finds another's id */
		inserted[i] = changes && id == next ? next++ : 0;
	}
	return 0;
}

int yd_db_case_find(struct yd_db *db, const struct yd_case *c, struct yd_case *old, struct yd_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_CASE_FIND, err);
	if (!st)
		return YD_EDB;
	sqlite3_bind_text(st, 1, c->case_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, c->violation_id);
	int r = sqlite3_step(st);
	if (r == SQLITE_DONE)
		return 0;
	if (r != SQLITE_ROW)
		return yd_db_fail(db, err, "looking up a case");
	memset(old, 0, sizeof *old);
	old->violation_id = c->violation_id;
	old->date = sqlite3_column_int(st, 0);
	old->region_id = sqlite3_column_int64(st, 1);
	old->agency_id = sqlite3_column_int64(st, 2);
	old->party = sqlite3_column_int(st, 3);
	old->tier = sqlite3_column_int(st, 4);
	old->fine = sqlite3_column_int64(st, 5);
	old->base = sqlite3_column_type(st, 6) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 6);
	old->source_id = sqlite3_column_int64(st, 7);
	old->line = (long)sqlite3_column_int64(st, 8);
	snprintf(old->currency, sizeof old->currency, "%s", yd_db_col_text(st, 9));
	old->context_id = sqlite3_column_int64(st, 10);
	snprintf(old->party_code_buf, sizeof old->party_code_buf, "%s", yd_db_col_text(st, 11));
	old->party_bad = sqlite3_column_int(st, 12);
	snprintf(old->party_name_buf, sizeof old->party_name_buf, "%s", yd_db_col_text(st, 13));
	old->party_code = old->party_code_buf;
	old->party_name = old->party_name_buf;
	return 1;
}

int yd_db_case_replace(struct yd_db *db, const struct yd_case *c, struct yd_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_CASE_REPLACE, err);
	if (!st)
		return YD_EDB;
	bind_case(st, c);
	if (sqlite3_step(st) != SQLITE_DONE)
		return yd_db_fail(db, err, "replacing a case");
	return 0;
}

int yd_db_source_name(struct yd_db *db, int64_t id, char *buf, size_t bufsz, struct yd_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_SOURCE_NAME, err);
	if (!st)
		return YD_EDB;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW)
		return yd_db_fail(db, err, "looking up a source file");
	snprintf(buf, bufsz, "%s", (const char *)sqlite3_column_text(st, 0));
	return 0;
}

int yd_db_reject_add(struct yd_db *db, int64_t source_id, long line, const char *raw, size_t rawlen,
		     const char *reason, struct yd_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_REJECT_ADD, err);
	if (!st)
		return YD_EDB;
	sqlite3_bind_int64(st, 1, source_id);
	sqlite3_bind_int64(st, 2, line);
	sqlite3_bind_text(st, 3, raw, (int)rawlen, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return yd_db_fail(db, err, "recording a rejected row");
	return 0;
}

const char *yd_db_col_text(struct sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

int yd_db_warning_add(struct yd_db *db, int64_t source_id, long line, const char *value, const char *reason,
		      struct yd_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_WARNING_ADD, err);
	if (!st)
		return YD_EDB;
	sqlite3_bind_int64(st, 1, source_id);
	sqlite3_bind_int64(st, 2, line);
	sqlite3_bind_text(st, 3, value, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return yd_db_fail(db, err, "recording a warning");
	return 0;
}

static int rows_each(struct yd_db *db, const char *sql, yd_reject_fn fn, void *data, struct yd_error *err);

int yd_db_rejects_each(struct yd_db *db, yd_reject_fn fn, void *data, struct yd_error *err)
{
	return rows_each(db,
			 "SELECT s.name, r.line, r.raw, r.reason FROM rejects r JOIN source s ON s.id = r.source_id"
			 " ORDER BY s.name, r.line, r.id",
			 fn, data, err);
}

int yd_db_warnings_each(struct yd_db *db, yd_reject_fn fn, void *data, struct yd_error *err)
{
	return rows_each(db,
			 "SELECT s.name, w.line, w.value, w.reason FROM warnings w JOIN source s ON s.id = w.source_id"
			 " ORDER BY s.name, w.line, w.id",
			 fn, data, err);
}

static int rows_each(struct yd_db *db, const char *sql, yd_reject_fn fn, void *data, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	int r, rc = 0;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "listing rejects");
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct yd_reject_row row = {yd_db_col_text(st, 0), yd_db_col_text(st, 2), yd_db_col_text(st, 3),
					    (long)sqlite3_column_int64(st, 1)};
		if ((rc = fn(data, &row)) != 0)
			break;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = yd_db_fail(db, err, "listing rejects");
	sqlite3_finalize(st);
	return rc;
}

/* The cases in order (an ORDER BY clause), with their stored verdicts when
 * judged is set: the cases are read by id and the result blocks walked
 * beside them, one pass over each (a join of the virtual table would scan
 * the blocks once per case). */
static int cases_each(struct yd_db *db, const char *order, int judged, yd_case_fn fn, void *data,
		      struct yd_error *err)
{
	char sql[512];
	sqlite3_stmt *st = NULL;
	struct yd_db_verdict_walk *w = NULL;
	int r, rc = 0;

	snprintf(sql, sizeof sql, "%s %s",
		 "SELECT c.case_id, r.name, a.name, v.name, v.title, c.decision_date, c.party, c.tier,"
		 " c.fine, c.base, coalesce(c.currency, 'CNY'), c.id FROM cases c JOIN region r ON r.id = c.region_id"
		 " JOIN violation v ON v.id = c.violation_id LEFT JOIN agency a ON a.id = c.agency_id",
		 order);
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "listing cases");
	if (judged && (w = yd_db_blocks_verdicts_open(db->h)) == NULL) {
		sqlite3_finalize(st);
		return yd_db_fail(db, err, "reading verdicts");
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct yd_case_row row = {
		    yd_db_col_text(st, 0),         yd_db_col_text(st, 1),         yd_db_col_text(st, 2),
		    yd_db_col_text(st, 3),         yd_db_col_text(st, 4),         sqlite3_column_int(st, 5),
		    sqlite3_column_int(st, 6), sqlite3_column_int(st, 7), sqlite3_column_int64(st, 8),
		    sqlite3_column_type(st, 9) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 9),
		    yd_db_col_text(st, 10), -1};
		if (w && (row.verdict = yd_db_blocks_verdicts_get(w, sqlite3_column_int64(st, 11))) < -1) {
			rc = yd_db_fail(db, err, "reading verdicts");
			break;
		}
		if ((rc = fn(data, &row)) != 0)
			break;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = yd_db_fail(db, err, "listing cases");
	yd_db_blocks_verdicts_close(w);
	sqlite3_finalize(st);
	return rc;
}

int yd_db_cases_each(struct yd_db *db, yd_case_fn fn, void *data, struct yd_error *err)
{
	return cases_each(db, "ORDER BY c.case_id, v.name", 0, fn, data, err);
}

int yd_db_cases_judged_each(struct yd_db *db, yd_case_fn fn, void *data, struct yd_error *err)
{
	return cases_each(db, "ORDER BY c.id", 1, fn, data, err);
}

int yd_db_currencies(struct yd_db *db, char *buf, size_t n, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t len = 0;
	int r;

	/* the index holds only the cases that are not CNY; CNY itself is found at
	 * the first case that has it */
	if (sqlite3_prepare_v2(db->h,
			       "SELECT 'CNY' WHERE EXISTS (SELECT 1 FROM cases WHERE currency IS NULL)"
			       " UNION SELECT DISTINCT currency FROM cases WHERE currency IS NOT NULL ORDER BY 1",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "reading currencies");
	buf[0] = '\0';
	while ((r = sqlite3_step(st)) == SQLITE_ROW)
		if (len < n)
			len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? "," : "", yd_db_col_text(st, 0));
	sqlite3_finalize(st);
	if (r != SQLITE_DONE)
		return yd_db_fail(db, err, "reading currencies");
	return 0;
}

int yd_db_violation_currency(struct yd_db *db, int32_t vid, char code[4], int *ncur, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	int r;

	/* a database of CNY alone (the usual one) answers from the partial
	 * index, without reading the violation's cases */
	if (!(st = yd_db_cached(db, YD_SLOT_CURRENCY_ANY, "SELECT 1 FROM cases WHERE currency IS NOT NULL LIMIT 1",
				err)))
		return YD_EDB;
	r = sqlite3_step(st);
	sqlite3_reset(st);
	st = NULL;
	if (r == SQLITE_DONE) {
		snprintf(code, 4, "CNY");
		if (ncur)
			*ncur = 1;
		return 0;
	}
	if (r != SQLITE_ROW)
		return yd_db_fail(db, err, "reading currencies");
	if (sqlite3_prepare_v2(db->h,
			       "SELECT coalesce(currency, 'CNY'), count(*) FROM cases"
			       " WHERE violation_id = ?1 OR NOT EXISTS (SELECT 1 FROM cases WHERE violation_id = ?1)"
			       " GROUP BY 1 ORDER BY 2 DESC, 1",
			       -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "reading currencies");
	sqlite3_bind_int(st, 1, vid);
	snprintf(code, 4, "CNY");
	if (ncur)
		*ncur = 0;
	for (int k = 0; (r = sqlite3_step(st)) == SQLITE_ROW; k++) {
		if (!k)
			snprintf(code, 4, "%s", yd_db_col_text(st, 0));
		if (ncur)
			(*ncur)++;
	}
	sqlite3_finalize(st);
	if (r != SQLITE_DONE && r != SQLITE_ROW)
		return yd_db_fail(db, err, "reading currencies");
	return 0;
}

int yd_db_max_case_id(struct yd_db *db, int64_t *id, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h, "SELECT coalesce(max(id), 0) FROM cases", -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "reading cases");
	*id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return 0;
}

int yd_db_count(struct yd_db *db, const char *table, int64_t *n, struct yd_error *err)
{
	static const char *const allowed[] = {"cases", "rejects", "catalogue", "region", "violation", "source", "result",
					      "warnings"};
	char sql[64];
	sqlite3_stmt *st = NULL;
	size_t i;

	for (i = 0; i < sizeof allowed / sizeof *allowed; i++)
		if (strcmp(allowed[i], table) == 0)
			break;
	if (i == sizeof allowed / sizeof *allowed)
		return yd_error_set(err, YD_EUSAGE, "no table '%s'", table);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", allowed[i]);
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "counting rows");
	*n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return 0;
}

int yd_db_counter(struct yd_db *db, const char *name, int64_t add, int64_t *value, struct yd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (add && sqlite3_prepare_v2(db->h,
				      "INSERT INTO counter(name, value) VALUES (?1, ?2)"
				      " ON CONFLICT(name) DO UPDATE SET value = value + ?2",
				      -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, add);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
		sqlite3_finalize(st);
		st = NULL;
		if (rc < 0)
			return yd_db_fail(db, err, "updating a counter");
	}
	if (sqlite3_prepare_v2(db->h, "SELECT value FROM counter WHERE name = ?", -1, &st, NULL) != SQLITE_OK)
		return yd_db_fail(db, err, "reading a counter");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int r = sqlite3_step(st);
	*value = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return yd_db_fail(db, err, "reading a counter");
	return 0;
}

double yd_db_col_real(struct sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

void yd_db_bind_real(struct sqlite3_stmt *st, int i, double v)
{
	if (isfinite(v))
		sqlite3_bind_double(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

int yd_db_exec(struct yd_db *db, const char *sql, struct yd_error *err)
{
	return exec(db, sql, err);
}

int yd_db_source(struct yd_db *db, const char *path, int64_t *id, struct yd_error *err)
{
	char *real = realpath(path, NULL);
	const char *key = real ? real : path;
	sqlite3_stmt *st = NULL;
	int rc = 0, r;

	if (sqlite3_prepare_v2(db->h, "SELECT id FROM source WHERE real = ?", -1, &st, NULL) != SQLITE_OK) {
		rc = yd_db_fail(db, err, "finding a source file");
		goto out;
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (r != SQLITE_ROW) {
		/* a new file: its name as given, unless another file has that name */
		int64_t other = 0;
		if (sqlite3_prepare_v2(db->h, "SELECT id FROM source WHERE name = ? AND real IS NOT NULL AND real <> ?", -1,
				       &st, NULL) != SQLITE_OK) {
			rc = yd_db_fail(db, err, "finding a source file");
			goto out;
		}
		sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			other = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		st = NULL;
		if ((rc = yd_db_intern(db, YD_INTERN_SOURCE, other ? key : path, NULL, id, err)) < 0)
			goto out;
		if (sqlite3_prepare_v2(db->h, "UPDATE source SET real = ? WHERE id = ?", -1, &st, NULL) != SQLITE_OK) {
			rc = yd_db_fail(db, err, "recording a source file");
			goto out;
		}
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, *id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = yd_db_fail(db, err, "recording a source file");
		sqlite3_finalize(st);
		st = NULL;
		if (rc < 0)
			goto out;
	}
	/* this import's rejects and warnings replace the file's earlier ones */
	char sql[128];
	snprintf(sql, sizeof sql, "DELETE FROM rejects WHERE source_id = %lld; DELETE FROM warnings WHERE source_id = %lld",
		 (long long)*id, (long long)*id);
	rc = exec(db, sql, err);
out:
	free(real);
	return rc;
}
