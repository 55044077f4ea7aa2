#include "youdu/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/buf.h"

/* Import state for one file, carried through the CSV reader. */
struct import_ctx {
	struct yd_db *db;
	const char *path;
	const struct yd_import_opts *opts;
	struct yd_import_stats *st;
	struct yd_header header;
	int have_header;
	int64_t source_id;
	struct yd_buf rawcopy; /* raw text with NUL bytes made visible */
};

static int reject(struct import_ctx *c, const struct yd_csv_row *row, const char *reason, struct yd_error *err)
{
	const char *raw = row->raw;
	size_t len = row->rawlen;

	c->st->rejected++;
	if (!c->st->first_reject_line) {
		c->st->first_reject_line = row->line;
		snprintf(c->st->first_reject, sizeof c->st->first_reject, "%s", reason);
	}
	if (c->opts->strict)
		return 0; /* the file fails at the end; nothing is written */
	if (memchr(raw, '\0', len)) {
		yd_buf_reset(&c->rawcopy);
		for (size_t i = 0; i < len; i++) {
			if (raw[i])
				yd_buf_addch(&c->rawcopy, raw[i]);
			else
				yd_buf_addstr(&c->rawcopy, "\\0");
		}
		raw = c->rawcopy.s;
		len = c->rawcopy.len;
	}
	return yd_db_reject_add(c->db, c->source_id, row->line, raw, len, reason, err);
}

static int same_content(const struct yd_case *a, const struct yd_case *b)
{
	return a->date == b->date && a->region_id == b->region_id && a->agency_id == b->agency_id &&
	       a->party == b->party && a->tier == b->tier && a->fine == b->fine && a->base == b->base;
}

static int store(struct import_ctx *c, const struct yd_csv_row *row, const struct yd_record *rec,
		 struct yd_error *err)
{
	struct yd_case k = {0}, old;
	int rc, inserted;

	k.case_id = rec->case_id;
	k.date = rec->date;
	k.party = rec->party;
	k.tier = rec->tier;
	k.fine = rec->fine;
	k.base = rec->base;
	k.source_id = c->source_id;
	k.line = row->line;
	if ((rc = yd_db_intern(c->db, YD_INTERN_VIOLATION, rec->vcode, rec->vname, &k.violation_id, err)) < 0 ||
	    (rc = yd_db_intern(c->db, YD_INTERN_REGION, rec->region, NULL, &k.region_id, err)) < 0)
		return rc;
	if (*rec->agency && (rc = yd_db_intern(c->db, YD_INTERN_AGENCY, rec->agency, NULL, &k.agency_id, err)) < 0)
		return rc;
	if ((rc = yd_db_case_insert(c->db, &k, &inserted, err)) < 0)
		return rc;
	if (inserted) {
		c->st->imported++;
		return 0;
	}
	if ((rc = yd_db_case_find(c->db, &k, &old, err)) < 0)
		return rc;
	if (same_content(&k, &old)) {
		c->st->duplicates++;
		return 0;
	}
	if (c->opts->replace) {
		c->st->imported++;
		c->st->replaced++;
		return yd_db_case_replace(c->db, &k, err);
	}
	char src[512], reason[768];
	if ((rc = yd_db_source_name(c->db, old.source_id, src, sizeof src, err)) < 0)
		return rc;
	snprintf(reason, sizeof reason, "conflict: case %s (%s) was imported from %s:%ld with different content",
		 rec->case_id, rec->vcode, src, old.line);
	return reject(c, row, reason, err);
}

static int on_row(void *data, const struct yd_csv_row *row, struct yd_error *err)
{
	struct import_ctx *c = data;
	struct yd_record rec;
	char why[512];

	if (!c->have_header) {
		int rc = yd_header_init(&c->header, row, c->opts->map, YD_REQUIRED_CASE, c->path, err);
		if (rc < 0)
			return rc;
		c->have_header = 1;
		if (c->header.ignored)
			c->st->ignored = yd_xstrdup(c->header.ignored);
		return 0;
	}
	c->st->read++;
	if (c->opts->progress && c->st->read % YD_IMPORT_PROGRESS_ROWS == 0)
		c->opts->progress(c->opts->progress_data, c->path, c->st->read, row->pos, row->size);
	if (memchr(row->raw, '\0', row->rawlen))
		return reject(c, row, "NUL byte in row", err);
	if (yd_record_parse(&c->header, row, YD_REQUIRED_CASE, &rec, why, sizeof why) < 0)
		return reject(c, row, why, err);
	return store(c, row, &rec, err);
}

int yd_import_file(struct yd_db *db, const char *path, const struct yd_import_opts *opts,
		   struct yd_import_stats *st, struct yd_error *err)
{
	struct import_ctx c;
	int rc;

	memset(st, 0, sizeof *st);
	memset(&c, 0, sizeof c);
	c.db = db;
	c.path = path;
	c.opts = opts;
	c.st = st;

	if ((rc = yd_db_begin(db, err)) < 0)
		return rc;
	yd_db_bulk_mode(db);
	if ((rc = yd_db_intern(db, YD_INTERN_SOURCE, path, NULL, &c.source_id, err)) < 0)
		goto fail;
	rc = yd_csv_read(path, opts->encoding, on_row, &c, &st->encoding, err);
	if (rc < 0)
		goto fail;
	if (!c.have_header) {
		rc = yd_error_set(err, YD_EINPUT, "%s:1: empty file: no header row", path);
		goto fail;
	}
	if (opts->strict && st->rejected) {
		rc = yd_error_set(err, YD_EREJECT, "%s:%ld: %s (%ld rows rejected; --strict: nothing imported)", path,
				  st->first_reject_line, st->first_reject, st->rejected);
		goto fail;
	}
	if ((rc = yd_db_commit(db, err)) < 0)
		goto fail;
	goto out;
fail:
	yd_db_rollback(db);
out:
	yd_header_release(&c.header);
	yd_buf_release(&c.rawcopy);
	return rc;
}

void yd_import_stats_release(struct yd_import_stats *st)
{
	free(st->ignored);
	st->ignored = NULL;
}
