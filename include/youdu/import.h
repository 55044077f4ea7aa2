/* import.h - loss-free import of penalty-decision tables (CSV and other
 * text, .xlsx, .xls: see sheet.h).
 *
 * Each file is one transaction.  For every file:
 *     read = imported + duplicates + rejected
 * A file that cannot be read as a whole changes nothing. */
#ifndef YOUDU_IMPORT_H
#define YOUDU_IMPORT_H

#include <stdint.h>

#include "youdu/csvin.h"
#include "youdu/db.h"
#include "youdu/record.h"
#include "youdu/sheet.h"

struct yd_casecols;

/* Progress report: rows read so far, bytes consumed, file size. */
typedef void (*yd_progress_fn)(void *data, const char *file, long rows, uint64_t pos, uint64_t size);

struct yd_import_opts {
	enum yd_encoding encoding;   /* YD_ENC_AUTO to detect (text files) */
	const char *sheet;           /* worksheet of a spreadsheet, NULL for the first */
	long header_row;             /* line (row) of the header; 0: the first of the first
					YD_HEADER_SEARCH_ROWS rows that holds the required fields */
	enum yd_date_order date_order; /* AUTO: decided per file from the dates that tell */
	enum yd_calendar calendar;
	const char *region_default;  /* region of rows without one (a file from one office) */
	const char *currency;        /* ISO 4217 code of the file's amounts; NULL or "" for CNY */
	int32_t today;               /* yyyymmdd, for "date after today"; 0: not checked */
	const struct yd_colmap *map; /* extra header mapping, may be NULL */
	int strict;                  /* any rejected row fails the file */
	int replace;                 /* a known identity with new content replaces the old row */
	struct yd_casecols *keep;    /* when not NULL, each case stored is appended to it (in
					row id order), for an analysis in the same run that
					then reads nothing again (import --analyze); not
					with replace, which changes rows kept before */
	yd_progress_fn progress;     /* may be NULL; called every YD_IMPORT_PROGRESS_ROWS rows */
	void *progress_data;
};

#define YD_IMPORT_PROGRESS_ROWS 65536

struct yd_import_stats {
	long read;                /* data rows read (the header not counted) */
	long imported;            /* new rows stored (replacements included) */
	long replaced;            /* of which replaced an earlier row (--replace) */
	long duplicates;          /* rows already stored with the same content */
	long rejected;            /* rows rejected (stored in the rejects table, but see below) */
	long rejects_unstored;    /* of which counted only: past 100,000 rows or 64 MiB a file */
	long rejects_cut;         /* of which stored with their raw text cut at 4 KiB */
	enum yd_encoding encoding; /* encoding the file was read in */
	enum yd_table_format format; /* text, xlsx or xls */
	char sheet[256];          /* the worksheet read, "" for text */
	char *ignored;            /* comma-separated ignored columns, or NULL (owned) */
	long header_line;         /* line (row) the header was found on */
	long warnings;            /* imported rows with a data-quality warning (rejects --warnings) */
	enum yd_date_order date_order; /* a/b/yyyy dates were read so (AUTO: none or as given) */
	long date_order_line;     /* the line whose date decided it */
	long first_reject_line;   /* line of the first rejected row, 0 if none */
	char first_reject[256];   /* its reason */
	long common_reject_n;     /* rows rejected for the commonest kind of reason (the reason up
				   * to its first quote, colon or parenthesis), 0 if none */
	long common_reject_line;  /* the first of them */
	char common_reject[256];  /* its reason in full */
};

/* Imports one file.  Returns 0; YD_EINPUT (nothing written) when the file
 * cannot be read; YD_EREJECT (nothing written) when opts->strict and rows
 * were rejected; YD_EDB/YD_EIO otherwise.  st is filled in every case;
 * release it with yd_import_stats_release. */
int yd_import_file(struct yd_db *db, const char *path, const struct yd_import_opts *opts,
		   struct yd_import_stats *st, struct yd_error *err);
void yd_import_stats_release(struct yd_import_stats *st);

#endif
