/* db.h - the only user of SQLite: schema and migrations, transactions,
 * prepared statements.  Money is integer fen; dates are yyyymmdd integers.
 *
 * Strings handed to callbacks are borrowed and valid only during the call. */
#ifndef YOUDU_DB_H
#define YOUDU_DB_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/error.h"

struct yd_db;

enum {
	YD_DB_READONLY = 1, /* read only: never creates, never migrates */
	YD_DB_NOCREATE = 2, /* writes, but only to a database that exists (analyze) */
	YD_DB_MAPPED = 4    /* with READONLY: reads the file through a memory map (check,
			     * serve: a few records from a few pages, issue 22.4) */
};
/* PRAGMA application_id of a youdu database ("YDu1"): a SQLite file of
 * another program is refused, never given youdu's tables. */
#define YD_DB_APPLICATION_ID 0x59447531

/* Schema version this youdu writes; a newer database is refused. */
#define YD_DB_SCHEMA_VERSION 17

/* The SQL that brings a database of schema version from to from + 1 (static;
 * NULL outside 0..YD_DB_SCHEMA_VERSION - 1): what yd_db_open runs, and how a
 * test builds a database of an earlier version. */
const char *yd_db_migration(int from);

/* Opens (creating and migrating unless read-only) the database at path.
 * On success *out is a new handle the caller closes with yd_db_close. */
int yd_db_open(const char *path, int flags, struct yd_db **out, struct yd_error *err);
void yd_db_close(struct yd_db *db);

int yd_db_begin(struct yd_db *db, struct yd_error *err);
/* One read transaction: everything read until yd_db_read_end sees the same
 * committed state (WAL), whatever a writer does meanwhile. */
int yd_db_read_begin(struct yd_db *db, struct yd_error *err);
void yd_db_read_end(struct yd_db *db);
int yd_db_commit(struct yd_db *db, struct yd_error *err);
/* Rolls back the open transaction, if any; never fails visibly. */
void yd_db_rollback(struct yd_db *db);
/* Switches pragmas for a bulk write (large cache) inside a transaction. */
void yd_db_bulk_mode(struct yd_db *db);
/* Copies the committed write-ahead log into the database, as far as no
 * reader holds it back (as the last connection's close does), so that the
 * log starts again: after a bulk load, so that the next job's reads do not
 * look every page up in a log of gigabytes. */
int yd_db_checkpoint(struct yd_db *db, struct yd_error *err);

/* ---- interning ---- */
enum yd_intern {
	YD_INTERN_SOURCE,
	YD_INTERN_REGION,
	YD_INTERN_AGENCY,
	YD_INTERN_VIOLATION,
	YD_INTERN_CONTEXT, /* a case's penalty provision and peer factors (context.h) */
	YD_INTERN_COUNT
};

/* Returns in *id the id of s in the table of kind, inserting it when new.
 * name is stored with a new violation (may be NULL); ignored otherwise. */
int yd_db_intern(struct yd_db *db, enum yd_intern kind, const char *s, const char *name, int64_t *id,
		 struct yd_error *err);
/* Forgets the in-memory intern caches (after a rollback). */
void yd_db_intern_reset(struct yd_db *db);

/* ---- cases ---- */
struct yd_case {
	const char *case_id;  /* 决定书文号 */
	int64_t violation_id; /* violation(id) */
	int32_t date;         /* yyyymmdd */
	int64_t region_id;    /* region(id) */
	int64_t agency_id;    /* agency(id), 0 when not given */
	int party;            /* enum yd_party */
	int tier;             /* enum yd_tier */
	int64_t fine;         /* fen */
	int64_t base;         /* fen, -1 when not given */
	int64_t source_id;    /* source(id) of the file it came from */
	long line;            /* line in that file */
	char currency[4];     /* ISO 4217 code of fine and base; "" for CNY */
	int64_t context_id;   /* context(id), 0 when none */
	const char *party_code; /* the party's identifier (yd_party_id_norm), NULL or "" none */
	int party_bad;        /* 1: party_code's check digit is wrong */
	const char *party_name; /* 当事人名称, NULL or "" none */
	char party_code_buf[64], party_name_buf[256]; /* yd_db_case_find's copies */
};

/* Inserts c.  *inserted is the new row's id, or 0 when (case_id,
 * violation) exists. */
int yd_db_case_insert(struct yd_db *db, const struct yd_case *c, int64_t *inserted, struct yd_error *err);
/* Inserts the cases c[0, n) as yd_db_case_insert does each, in order:
 * YD_DB_CASE_CHUNK of them with one statement (a statement's own work,
 * its cursors and allocations, is a third of a single row's insert), any
 * other count one by one.  inserted[i] as yd_db_case_insert's. */
#define YD_DB_CASE_CHUNK 64
int yd_db_cases_insert(struct yd_db *db, const struct yd_case *c, size_t n, int64_t *inserted,
		       struct yd_error *err);
/* Looks up the existing case with c's identity; fills *old (case_id is
 * NULL in it) and returns 1 when found, 0 when not. */
int yd_db_case_find(struct yd_db *db, const struct yd_case *c, struct yd_case *old, struct yd_error *err);
/* Overwrites the content of the existing case with c's identity. */
int yd_db_case_replace(struct yd_db *db, const struct yd_case *c, struct yd_error *err);
/* The file name of a source id, into buf. */
int yd_db_source_name(struct yd_db *db, int64_t id, char *buf, size_t bufsz, struct yd_error *err);

/* Records a rejected row; the same (file, line, raw) is stored once. */
int yd_db_reject_add(struct yd_db *db, int64_t source_id, long line, const char *raw, size_t rawlen,
		     const char *reason, struct yd_error *err);

/* Records a data-quality warning on an imported row (value: the cell as
 * written); the same (file, line, reason) is stored once. */
int yd_db_warning_add(struct yd_db *db, int64_t source_id, long line, const char *value, const char *reason,
		      struct yd_error *err);

/* ---- listing ---- */
struct yd_reject_row {
	const char *file, *raw, *reason;
	long line;
};
typedef int (*yd_reject_fn)(void *data, const struct yd_reject_row *r);
/* Calls fn for every reject, ordered by file then line; stops when fn returns non-zero. */
int yd_db_rejects_each(struct yd_db *db, yd_reject_fn fn, void *data, struct yd_error *err);
/* The same for the warnings (raw is the value warned about). */
int yd_db_warnings_each(struct yd_db *db, yd_reject_fn fn, void *data, struct yd_error *err);

struct yd_case_row {
	const char *case_id, *region, *agency, *violation_code, *violation_name;
	int32_t date;
	int party, tier;
	int64_t fine, base; /* base -1 when not given */
	const char *currency; /* ISO 4217 code of fine and base ("CNY") */
	int verdict;          /* enum yd_verdict of the stored run; -1 when the case was not
			       * judged, and always -1 from yd_db_cases_each */
};
typedef int (*yd_case_fn)(void *data, const struct yd_case_row *r);
/* Calls fn for every case ordered by case_id, violation_code. */
int yd_db_cases_each(struct yd_db *db, yd_case_fn fn, void *data, struct yd_error *err);
/* Calls fn for every case in the order they were stored (by rowid: no sort,
 * for exports of any size), with the stored run's verdict. */
int yd_db_cases_judged_each(struct yd_db *db, yd_case_fn fn, void *data, struct yd_error *err);

/* The currencies of the stored cases, in code order and comma-separated
 * ("CNY", "CNY,TWD"; "" without cases), into buf: cheap while all are CNY. */
int yd_db_currencies(struct yd_db *db, char *buf, size_t n, struct yd_error *err);
/* The currency of the cases of violation vid (the one most of them have), or
 * of all stored cases when vid has none: "CNY" when nothing is stored; *ncur
 * (may be NULL): how many currencies those cases are in. */
int yd_db_violation_currency(struct yd_db *db, int32_t vid, char code[4], int *ncur, struct yd_error *err);

/* The largest case id (0 without cases): cheap, through the rowid. */
int yd_db_max_case_id(struct yd_db *db, int64_t *id, struct yd_error *err);
/* Adds add (may be 0) to the named counter, then reads it into *value
 * (counters start at 0).  "cases_replaced": cases import --replace changed. */
int yd_db_counter(struct yd_db *db, const char *name, int64_t add, int64_t *value, struct yd_error *err);
/* A non-zero 64-bit hash of the stored catalogue's rows (their text). */
int yd_db_catalogue_sig(struct yd_db *db, int64_t *sig, struct yd_error *err);

/* Counts rows of one of the tables: "cases", "rejects", "catalogue", ... */
int yd_db_count(struct yd_db *db, const char *table, int64_t *n, struct yd_error *err);

/* The violations by id, as imported: codes[id] the code (violation.name),
 * titles[id] its name (the catalogue's or the imported violation_name; NULL
 * when neither was given); both NULL for ids not in use.  *n is max id + 1.
 * Two new arrays of new strings: free them with yd_db_violations_free.
 * (db_violation.c) */
int yd_db_violations(struct yd_db *db, char ***codes, char ***titles, size_t *n, struct yd_error *err);
void yd_db_violations_free(char **codes, char **titles, size_t n);

/* Internal: the SQLite handle, for the modules that own their queries in
 * db_*.c files.  Not for the CLI. */
struct sqlite3;
struct sqlite3_stmt;
struct sqlite3 *yd_db_handle(struct yd_db *db);
/* A statement prepared once per connection in slot (< YD_DB_EXTRA_STMTS),
 * reset and unbound on every later call; NULL on error.  A caller that
 * may leave it mid-result resets it when done, so that it holds no read
 * lock. */
#define YD_DB_EXTRA_STMTS 24
struct sqlite3_stmt *yd_db_cached(struct yd_db *db, int slot, const char *sql, struct yd_error *err);
/* A read-only handle on the BLOB of row in table.column (static strings).
 * Inside a transaction the connection keeps it and moves it to the next
 * row asked for (sqlite3_blob_reopen: no statement compiled again); it is
 * closed when the transaction ends, and at yd_db_blob_done outside one.
 * NULL with err filled (what: the message's "database: WHAT: ...") when
 * the row has none. */
struct sqlite3_blob;
struct sqlite3_blob *yd_db_blob(struct yd_db *db, const char *table, const char *column, int64_t row,
				const char *what, struct yd_error *err);
void yd_db_blob_done(struct yd_db *db);
int yd_db_fail(struct yd_db *db, struct yd_error *err, const char *what);
/* Runs SQL without results (several statements allowed); internal. */
int yd_db_exec(struct yd_db *db, const char *sql, struct yd_error *err);
/* The source id of a file for an import: one per real path (a.csv,
 * ./a.csv and its absolute path are one source), shown by the name it was
 * first imported under; its earlier rejects and warnings are removed, as
 * this import's replace them.  Inside the import's transaction. */
int yd_db_source(struct yd_db *db, const char *path, int64_t *id, struct yd_error *err);
/* The slots of yd_db_cached, one list so the db_*.c files never share one. */
enum yd_db_slot {
	YD_SLOT_RESULT_ADD,
	YD_SLOT_GROUP_ADD,
	YD_SLOT_GROUP_GET,
	YD_SLOT_SIMILAR_ADD,
	YD_SLOT_BRIEF,
	YD_SLOT_RESULT_GET,
	YD_SLOT_MAX_RUN,      /* db_check.c: the snapshot's first read */
	YD_SLOT_DATA_VERSION, /* db_check.c */
	YD_SLOT_SIMILAR_ONE,  /* db_groups.c: one region's similar cases */
	YD_SLOT_SIMILAR_ALL,  /* db_groups.c: every region's */
	YD_SLOT_REVIEW_ANY,   /* db_review.c */
	YD_SLOT_CURRENCY_ANY, /* db.c */
	YD_SLOT_LOOKUP0       /* + enum yd_intern */
};
_Static_assert(YD_SLOT_LOOKUP0 + YD_INTERN_COUNT <= YD_DB_EXTRA_STMTS, "a slot per cached statement");
/* A REAL column, NAN for NULL; binds a double, NULL when not finite. */
double yd_db_col_real(struct sqlite3_stmt *st, int i);
/* A TEXT column, "" for NULL (borrowed until the next step). */
const char *yd_db_col_text(struct sqlite3_stmt *st, int i);
void yd_db_bind_real(struct sqlite3_stmt *st, int i, double v);

#endif
