/* partition.h - the judged cases as a Hive-style partitioned table: one
 * gzip-compressed CSV per partition, the partition values in the folder
 * names (province=浙江省/year=2024/part-0.csv.gz), for DuckDB and Spark to
 * read as one table (export --partition).
 *
 * The writer takes rows in any order in one pass and holds at most a byte
 * budget of them; it writes the whole table into a temporary folder beside
 * the target and renames it over the target at the end, so a failed export
 * leaves no half table.  Strings given to it are copied. */
#ifndef YOUDU_PARTITION_H
#define YOUDU_PARTITION_H

#include <stddef.h>
#include <stdint.h>

#include "youdu/buf.h"
#include "youdu/db.h"
#include "youdu/error.h"

/* The fields a table can be partitioned by.  The derived ones (province,
 * city, county: the first three levels of the region path; year: of the
 * decision date) add a folder level and keep their source column in the
 * files; the others are columns of the export and move from the files to
 * the folder names, as Hive lays a table out. */
enum yd_part_field {
	YD_PART_PROVINCE = 0,
	YD_PART_CITY,
	YD_PART_COUNTY,
	YD_PART_YEAR,
	YD_PART_REGION,
	YD_PART_AGENCY,
	YD_PART_VIOLATION,
	YD_PART_VERDICT,
	YD_PART_TIER,
	YD_PART_PARTY,
	YD_PART_CURRENCY,
	YD_PART_COUNT
};

#define YD_PART_MAX 8 /* fields of one --partition */

/* "province", "violation_code"...; static. */
const char *yd_part_field_name(enum yd_part_field f);
/* The export column the field moves out of the files ("region",
 * "violation_code"), NULL for a derived field; static. */
const char *yd_part_field_column(enum yd_part_field f);
/* Parses a comma-separated list of field names ("province,year") into
 * f[0..*n-1] (at most YD_PART_MAX).  YD_EUSAGE naming the bad or repeated
 * name and the known ones. */
int yd_part_fields_parse(const char *list, enum yd_part_field *f, size_t *n, struct yd_error *err);

/* Appends v escaped for a folder name as Hive escapes partition values:
 * control characters, DEL and " # % ' * / : = ? \ { [ ] ^ as %XX
 * (upper-case hex); other bytes (UTF-8 汉字 too) as they are.  An empty
 * value is __HIVE_DEFAULT_PARTITION__ (which readers take for NULL). */
void yd_part_escape(struct yd_buf *b, const char *v);
/* Appends a case's partition path: "province=浙江省/year=2024" for the
 * fields f[0..n-1], each value escaped. */
void yd_part_key(struct yd_buf *b, const enum yd_part_field *f, size_t n, const struct yd_case_row *r);

struct yd_part_opts {
	size_t max_open; /* gzip streams open at once; 0: 64 */
	size_t budget;   /* bytes of rows held before they are written; 0: 32 MiB */
	int level;       /* gzip level 1-9; 0: 1 (fastest: see docs/PERFORMANCE.md) */
	int force;       /* 1: replace a target folder that is not empty */
};

struct yd_part_stats {
	size_t partitions; /* files written, one per partition */
	int64_t rows;      /* rows written, headers not counted */
	size_t members;    /* gzip members written (a file reopened to append adds one) */
	uint64_t bytes;    /* uncompressed CSV bytes written, headers included */
};

struct yd_part_writer;
/* Starts a table in a new temporary folder beside dir; every file starts
 * with header (a CSV line without its line break).  Refuses a dir that
 * exists as anything but an empty folder unless o->force (YD_EUSAGE), or
 * whose parent folder is missing.  Returns NULL with err filled. */
struct yd_part_writer *yd_part_open(const char *dir, const char *header, const struct yd_part_opts *o,
				    struct yd_error *err);
/* Adds one CSV row (len bytes, without its line break) to the partition
 * key (a path from yd_part_key). */
int yd_part_add(struct yd_part_writer *w, const char *key, const char *row, size_t len, struct yd_error *err);
/* Writes what is held, closes every file and puts the table in place of
 * dir (the previous dir, with --force, removed after); fills *st (may be
 * NULL).  Frees w whatever happens; on an error nothing of the new table
 * is left. */
int yd_part_commit(struct yd_part_writer *w, struct yd_part_stats *st, struct yd_error *err);
/* Drops the table being written (its temporary folder); accepts NULL. */
void yd_part_abort(struct yd_part_writer *w);

#endif
