#include "youdu/import.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "youdu/buf.h"
#include "youdu/db_analysis.h"
#include "youdu/text.h"

/* The import runs as a two-stage pipeline: a reader thread parses and
 * normalises rows into batches (libcsv, iconv, the normalisers), while the
 * calling thread, the only SQLite user, interns and stores them in order.
 * Batches are recycled through a ring, so memory stays bounded. */

#define BATCH_ROWS 4096
/* A batch is also handed on when its text passes this many bytes: rows of
 * megabytes each (40 rows of 9 MB took 736 MB) stay bounded by bytes. */
#define BATCH_BYTES (8u << 20)
#define NBATCH 4

/* Rejects kept per file (issue 26.4; docs/FORMATS.md): a 768 KB workbook
 * of rows to column XFD grew the database by 4.37 GB of raw rows.  A
 * rejected row's raw text is kept up to REJECT_RAW_MAX bytes, then a
 * marker; a file stores at most REJECTS_MAX rows or REJECTS_BYTES of them,
 * the rest are counted in st->rejected and st->rejects_unstored only. */
#define REJECT_RAW_MAX 4096
#define REJECTS_MAX 100000
#define REJECTS_BYTES ((size_t)64 << 20)

enum item_kind { ITEM_RECORD, ITEM_REJECT };
enum { S_CASE_ID, S_VCODE, S_VNAME, S_AGENCY, S_REGION, S_CONTEXT, S_PARTY_ID, S_PARTY_NAME, S_COUNT };

/* One row after the reader: a normalised record or a reject reason.
 * Strings are offsets into the batch arena. */
struct item {
	enum item_kind kind;
	long line;
	size_t raw, rawlen;  /* raw text of the row */
	size_t s[S_COUNT];   /* strings of a record; s[0] is the reason of a reject */
	int32_t date;
	int8_t tier, party;
	int warn;            /* the row has a data-quality warning: */
	size_t warn_value, warn_reason; /* the cell as written and why (arena offsets) */
	int8_t party_bad;    /* the party's identifier has a wrong check digit: a warning too */
	int64_t fine, base;
	char currency[4];    /* the row's currency column, "" for the file's (--currency) */
	uint64_t pos, size;  /* progress */
};

struct batch {
	struct item items[BATCH_ROWS];
	size_t n;
	struct yd_buf arena;
};

/* State shared by the two threads; everything but the ring is owned by one side. */
struct pipeline {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch *ring[NBATCH];
	int filled[NBATCH];   /* ready for the writer */
	int done;             /* the reader has finished (rc in read_rc) */
	int stop;             /* the writer failed: the reader should give up */

	/* reader side */
	const char *path;
	const struct yd_import_opts *opts;
	size_t fill;          /* ring slot being filled */
	struct yd_header header;
	int have_header;
	long header_line;     /* where it was found */
	int looked;           /* rows looked at for the header so far */
	int best_score;       /* of those, the most fields a row named... */
	struct yd_error best_err; /* ...and why that row was not the header */
	struct yd_record_opts ro;
	unsigned required;
	long n_mdy, n_dmy, n_ambig; /* a/b/yyyy dates that tell month first, day first, neither */
	long line_mdy, line_dmy, line_ambig; /* the first of each */
	struct yd_sheet_info info;
	int read_rc;
	struct yd_error read_err;
};

static const char *arena_str(const struct batch *b, size_t off)
{
	return b->arena.s + off;
}

static size_t arena_add(struct batch *b, const char *s, size_t n)
{
	size_t off = b->arena.len;
	yd_buf_add(&b->arena, s, n);
	yd_buf_addch(&b->arena, '\0');
	return off;
}

/* Hands the current batch to the writer and waits for the next free slot. */
static int publish(struct pipeline *p)
{
	int stop;
	pthread_mutex_lock(&p->mu);
	p->filled[p->fill] = 1;
	pthread_cond_broadcast(&p->cv);
	p->fill = (p->fill + 1) % NBATCH;
	while (p->filled[p->fill] && !p->stop)
		pthread_cond_wait(&p->cv, &p->mu);
	stop = p->stop;
	pthread_mutex_unlock(&p->mu);
	if (!stop) {
		p->ring[p->fill]->n = 0;
		yd_buf_reset(&p->ring[p->fill]->arena);
	}
	return stop;
}

/* The data-quality warning on an imported row's date, or NULL (a
 * placeholder date or one after today is no date: record.c). */
static const char *date_warning(unsigned flags, int32_t date, int32_t today)
{
	if (flags & YD_DATE_NO_DAY)
		return "day unknown: known to the month";
	if (flags & YD_DATE_NO_MONTH)
		return "month unknown: known to the year";
	return date ? yd_date_warning(date, today) : NULL;
}

static void tally_date(struct pipeline *p, unsigned flags, long line)
{
	if ((flags & YD_DATE_MDY) && !p->n_mdy++)
		p->line_mdy = line;
	if ((flags & YD_DATE_DMY) && !p->n_dmy++)
		p->line_dmy = line;
	if ((flags & YD_DATE_AMBIGUOUS) && !p->n_ambig++)
		p->line_ambig = line;
}

static int read_row(void *data, const struct yd_csv_row *row, struct yd_error *err)
{
	struct pipeline *p = data;
	struct batch *b = p->ring[p->fill];
	struct yd_record rec;
	char why[512];

	if (!p->have_header) {
		/* title rows above the header ("2024年行政处罚案件台账") are passed over */
		if (p->opts->header_row > 0) {
			if (row->line < p->opts->header_row)
				return 0;
			int rc = yd_header_init(&p->header, row, p->opts->map, p->required, p->path, err);
			p->have_header = rc == 0;
			p->header_line = row->line;
			return rc;
		}
		struct yd_error e = {0};
		int rc = yd_header_init(&p->header, row, p->opts->map, p->required, p->path, &e);
		if (rc == 0) {
			p->have_header = 1;
			p->header_line = row->line;
			return 0;
		}
		yd_header_release(&p->header);
		int score = yd_header_score(row, p->opts->map);
		if (p->looked == 0 || score > p->best_score) {
			p->best_score = score;
			p->best_err = e;
		}
		if (++p->looked < YD_HEADER_SEARCH_ROWS)
			return 0;
		if (err)
			*err = p->best_err;
		return p->best_err.code;
	}
	struct item *it = &b->items[b->n++];
	memset(it, 0, sizeof *it);
	it->line = row->line;
	it->pos = row->pos;
	it->size = row->size;
	if (row->bad_utf8) {
		/* the raw text kept with its bad bytes written as \xHH: the rejects
		 * table and every output of it stay UTF-8 */
		struct yd_buf clean = YD_BUF_INIT;
		for (size_t at = 0; at < row->rawlen;) {
			int incomplete;
			size_t ok = yd_utf8_valid_prefix(row->raw + at, row->rawlen - at, &incomplete);
			yd_buf_add(&clean, row->raw + at, ok);
			at += ok;
			if (at < row->rawlen)
				yd_buf_addf(&clean, "\\x%02x", (unsigned char)row->raw[at++]);
		}
		it->raw = arena_add(b, yd_buf_str(&clean), clean.len);
		it->rawlen = clean.len;
		yd_buf_release(&clean);
	} else {
		it->raw = arena_add(b, row->raw, row->rawlen);
		it->rawlen = row->rawlen;
	}
	if (row->bad_utf8) {
		/* a stray byte in a UTF-8 file: this row, not the whole file */
		static const char bad[] = "bytes that are not UTF-8 in a UTF-8 file";
		it->kind = ITEM_REJECT;
		it->s[0] = arena_add(b, bad, strlen(bad));
	} else if (memchr(row->raw, '\0', row->rawlen)) {
		it->kind = ITEM_REJECT;
		it->s[0] = arena_add(b, "NUL byte in row", strlen("NUL byte in row"));
	} else if (yd_record_parse_opts(&p->header, row, p->required, &p->ro, &rec, why, sizeof why) < 0) {
		tally_date(p, rec.date_flags, row->line);
		it->kind = ITEM_REJECT;
		it->s[0] = arena_add(b, why, strlen(why));
	} else {
		tally_date(p, rec.date_flags, row->line);
		const char *w = date_warning(rec.date_flags, rec.date, p->opts->today);
		if (w) {
			const char *d = row->fields[p->header.col[YD_F_DATE]];
			it->warn = 1;
			it->warn_value = arena_add(b, d, strlen(d));
			it->warn_reason = arena_add(b, w, strlen(w));
		} else if (rec.warn[0]) {
			it->warn = 1;
			it->warn_value = arena_add(b, rec.warn_value, strlen(rec.warn_value));
			it->warn_reason = arena_add(b, rec.warn, strlen(rec.warn));
		}
		const char *s[S_COUNT] = {rec.case_id, rec.vcode,  rec.vname,    rec.agency,
					  rec.region,  rec.context, rec.party_id, rec.party_name};
		it->party_bad = rec.party_id_kind == YD_PID_BAD;
		it->kind = ITEM_RECORD;
		for (int k = 0; k < S_COUNT; k++)
			it->s[k] = arena_add(b, s[k], strlen(s[k]));
		it->date = rec.date;
		it->tier = (int8_t)rec.tier;
		it->party = (int8_t)rec.party;
		it->fine = rec.fine;
		it->base = rec.base;
		memcpy(it->currency, rec.currency, sizeof it->currency);
	}
	if ((b->n == BATCH_ROWS || b->arena.len >= BATCH_BYTES) && publish(p))
		return YD_EIO; /* the writer stopped; its error is the one reported */
	return 0;
}

static void *reader_main(void *arg)
{
	struct pipeline *p = arg;
	struct yd_sheet_opts so = {p->opts->encoding, p->opts->sheet};
	p->read_rc = yd_sheet_read(p->path, &so, read_row, p, &p->info, &p->read_err);
	pthread_mutex_lock(&p->mu);
	if (p->read_rc == 0)
		p->filled[p->fill] = 1; /* the last, partial batch */
	p->done = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Writer-side state for one file. */
struct writer {
	struct yd_db *db;
	const struct yd_import_opts *opts;
	const char *path;
	struct yd_import_stats *st;
	int64_t source_id;
	struct yd_buf rawcopy; /* raw text with NUL bytes made visible, cut */
	size_t reject_bytes;   /* raw and reason bytes of the rejects stored */
	struct reject_kind {   /* rejects by kind, for the commonest (the first 16 kinds) */
		char kind[64];
		long n, line;
		char example[256];
	} kinds[16];
	int nkinds;
	/* rows waiting, in order: the records among them, read and named, are
	 * stored YD_DB_CASE_CHUNK at a time; a reject waits its turn */
	const struct item *pend_item[BATCH_ROWS];
	size_t npend;
	struct yd_case pend[YD_DB_CASE_CHUNK]; /* the records' cases */
	int64_t pend_id[YD_DB_CASE_CHUNK];
	size_t ncases;
};

/* Counts a reject by its kind ("invalid decision_date '2021': ..." is
 * "invalid decision_date"). */
static void tally_reject(struct writer *w, long line, const char *reason)
{
	char kind[64];
	size_t len = strcspn(reason, "':(");
	while (len && reason[len - 1] == ' ')
		len--;
	snprintf(kind, sizeof kind, "%.*s", (int)(len < sizeof kind ? len : sizeof kind - 1), reason);
	for (int i = 0; i < w->nkinds; i++)
		if (strcmp(w->kinds[i].kind, kind) == 0) {
			w->kinds[i].n++;
			return;
		}
	if (w->nkinds == (int)(sizeof w->kinds / sizeof *w->kinds))
		return;
	struct reject_kind *k = &w->kinds[w->nkinds++];
	snprintf(k->kind, sizeof k->kind, "%s", kind);
	snprintf(k->example, sizeof k->example, "%s", reason);
	k->n = 1;
	k->line = line;
}

/* The commonest kind into st (the first seen of equally common ones). */
static void commonest_reject(const struct writer *w, struct yd_import_stats *st)
{
	const struct reject_kind *best = NULL;
	for (int i = 0; i < w->nkinds; i++)
		if (!best || w->kinds[i].n > best->n)
			best = &w->kinds[i];
	if (!best)
		return;
	st->common_reject_n = best->n;
	st->common_reject_line = best->line;
	snprintf(st->common_reject, sizeof st->common_reject, "%s", best->example);
}

static int reject(struct writer *w, const struct item *it, const char *raw, const char *reason,
		  struct yd_error *err)
{
	size_t len = it->rawlen;

	w->st->rejected++;
	tally_reject(w, it->line, reason);
	if (!w->st->first_reject_line) {
		w->st->first_reject_line = it->line;
		snprintf(w->st->first_reject, sizeof w->st->first_reject, "%s", reason);
	}
	if (w->opts->strict)
		return 0; /* the file fails at the end; nothing is written */
	if (w->st->rejected - w->st->rejects_unstored > REJECTS_MAX || w->reject_bytes >= REJECTS_BYTES) {
		w->st->rejects_unstored++; /* counted, not stored */
		return 0;
	}
	if (memchr(raw, '\0', len) || len > REJECT_RAW_MAX) {
		yd_buf_reset(&w->rawcopy);
		size_t i = 0;
		for (; i < len && w->rawcopy.len < REJECT_RAW_MAX; i++) {
			if (raw[i])
				yd_buf_addch(&w->rawcopy, raw[i]);
			else
				yd_buf_addstr(&w->rawcopy, "\\0");
		}
		if (i < len) {
			/* never a character cut in two: back to its first byte */
			while (i > 0 && ((unsigned char)raw[i] & 0xC0) == 0x80) {
				i--;
				w->rawcopy.len--;
			}
			w->rawcopy.s[w->rawcopy.len] = '\0';
			yd_buf_addf(&w->rawcopy, " [... cut: %zu bytes in all]", len);
			w->st->rejects_cut++;
		}
		raw = w->rawcopy.s;
		len = w->rawcopy.len;
	}
	w->reject_bytes += len + strlen(reason);
	return yd_db_reject_add(w->db, w->source_id, it->line, raw, len, reason, err);
}

static int same_content(const struct yd_case *a, const struct yd_case *b)
{
	return a->date == b->date && a->region_id == b->region_id && a->agency_id == b->agency_id &&
	       a->party == b->party && a->tier == b->tier && a->fine == b->fine && a->base == b->base &&
	       strcmp(a->currency, b->currency) == 0 && a->context_id == b->context_id &&
	       strcmp(a->party_code, b->party_code) == 0 && a->party_bad == b->party_bad &&
	       strcmp(a->party_name, b->party_name) == 0;
}

/* The reason of a party identifier's warning (issue 24). */
static const char party_bad_reason[] = "party_id with a wrong check digit: kept, never matched with another party";

static int add_warning(struct writer *w, const struct batch *b, const struct item *it, struct yd_error *err)
{
	int rc = 0;
	if (it->warn) {
		w->st->warnings++;
		if (!w->opts->strict)
			rc = yd_db_warning_add(w->db, w->source_id, it->line, arena_str(b, it->warn_value),
					       arena_str(b, it->warn_reason), err);
	}
	if (rc == 0 && it->party_bad) {
		w->st->warnings++;
		if (!w->opts->strict)
			rc = yd_db_warning_add(w->db, w->source_id, it->line, arena_str(b, it->s[S_PARTY_ID]),
					       party_bad_reason, err);
	}
	return rc;
}

/* A record as a case to store, its names interned (in the order they
 * first come, as the rows do). */
static int name_case(struct writer *w, const struct batch *b, const struct item *it, struct yd_case *k,
		     struct yd_error *err)
{
	int rc;
	const char *agency = arena_str(b, it->s[S_AGENCY]), *context = arena_str(b, it->s[S_CONTEXT]);

	memset(k, 0, offsetof(struct yd_case, party_code_buf));
	k->case_id = arena_str(b, it->s[S_CASE_ID]);
	k->date = it->date;
	k->party = it->party;
	k->tier = it->tier;
	k->fine = it->fine;
	k->base = it->base;
	k->source_id = w->source_id;
	k->line = it->line;
	k->party_code = arena_str(b, it->s[S_PARTY_ID]);
	k->party_bad = it->party_bad;
	k->party_name = arena_str(b, it->s[S_PARTY_NAME]);
	/* "" is CNY: the row's currency column, else the file's */
	const char *cur = it->currency[0] ? it->currency : w->opts->currency ? w->opts->currency : "";
	if (strcmp(cur, "CNY") != 0)
		snprintf(k->currency, sizeof k->currency, "%s", cur);
	if ((rc = yd_db_intern(w->db, YD_INTERN_VIOLATION, arena_str(b, it->s[S_VCODE]), arena_str(b, it->s[S_VNAME]),
			       &k->violation_id, err)) < 0 ||
	    (rc = yd_db_intern(w->db, YD_INTERN_REGION, arena_str(b, it->s[S_REGION]), NULL, &k->region_id, err)) < 0)
		return rc;
	if (*agency && (rc = yd_db_intern(w->db, YD_INTERN_AGENCY, agency, NULL, &k->agency_id, err)) < 0)
		return rc;
	if (*context && (rc = yd_db_intern(w->db, YD_INTERN_CONTEXT, context, NULL, &k->context_id, err)) < 0)
		return rc;
	return 0;
}

/* What follows a case's insert: counted and kept when it went in, else a
 * duplicate, a replacement or a conflict. */
static int stored(struct writer *w, const struct batch *b, const struct item *it, const struct yd_case *k,
		  int64_t inserted, struct yd_error *err)
{
	struct yd_case old;
	int rc;
	if (inserted) {
		w->st->imported++;
		if (w->opts->keep)
			yd_casecols_add(w->opts->keep, inserted, k);
		return add_warning(w, b, it, err);
	}
	if ((rc = yd_db_case_find(w->db, k, &old, err)) < 0)
		return rc;
	if (rc == 0) /* left out, yet not stored: never so while every NOT NULL column is bound */
		return yd_error_set(err, YD_EDB, "%s:%ld: case %s was neither stored nor found", w->path, it->line,
				    k->case_id);
	if (same_content(k, &old)) {
		w->st->duplicates++;
		return 0;
	}
	if (w->opts->replace) {
		w->st->imported++;
		w->st->replaced++;
		if ((rc = yd_db_case_replace(w->db, k, err)) < 0)
			return rc;
		return add_warning(w, b, it, err);
	}
	char src[512], reason[768];
	if ((rc = yd_db_source_name(w->db, old.source_id, src, sizeof src, err)) < 0)
		return rc;
	snprintf(reason, sizeof reason, "conflict: case %s (%s) was imported from %s:%ld with different content",
		 k->case_id, arena_str(b, it->s[S_VCODE]), src, old.line);
	return reject(w, it, arena_str(b, it->raw), reason, err);
}

/* Stores the cases waiting, then what follows each, and the rejects
 * among them, in row order. */
static int flush(struct writer *w, const struct batch *b, struct yd_error *err)
{
	size_t n = w->npend, k = 0;
	int rc;
	w->npend = 0;
	if (w->ncases && (rc = yd_db_cases_insert(w->db, w->pend, w->ncases, w->pend_id, err)) < 0)
		return rc;
	w->ncases = 0;
	for (size_t i = 0; i < n; i++) {
		const struct item *it = w->pend_item[i];
		if (it->kind == ITEM_REJECT)
			rc = reject(w, it, arena_str(b, it->raw), arena_str(b, it->s[0]), err);
		else
			rc = stored(w, b, it, &w->pend[k], w->pend_id[k], err), k++;
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int write_batch(struct writer *w, const struct batch *b, struct yd_error *err)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct item *it = &b->items[i];
		int rc;
		w->st->read++;
		if (w->opts->progress && w->st->read % YD_IMPORT_PROGRESS_ROWS == 0)
			w->opts->progress(w->opts->progress_data, w->path, w->st->read, it->pos, it->size);
		w->pend_item[w->npend++] = it;
		if (it->kind == ITEM_REJECT)
			continue;
		if ((rc = name_case(w, b, it, &w->pend[w->ncases++], err)) < 0)
			return rc;
		if (w->ncases == YD_DB_CASE_CHUNK && (rc = flush(w, b, err)) < 0)
			return rc;
	}
	return flush(w, b, err); /* the batch's text is reused after this */
}

/* Consumes batches until the reader is done; returns the first error. */
static int write_all(struct pipeline *p, struct writer *w, struct yd_error *err)
{
	size_t slot = 0;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (!p->filled[slot] && !p->done)
			pthread_cond_wait(&p->cv, &p->mu);
		int ready = p->filled[slot];
		pthread_mutex_unlock(&p->mu);
		if (!ready)
			return 0; /* done, and nothing left */
		int rc = write_batch(w, p->ring[slot], err);
		pthread_mutex_lock(&p->mu);
		p->filled[slot] = 0;
		if (rc < 0)
			p->stop = 1;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		if (rc < 0)
			return rc;
		slot = (slot + 1) % NBATCH;
	}
}

#define NEED_ORDER 1 /* import_pass: read again with *order */

/* One read of the file in one transaction.  Returns as yd_import_file, or
 * NEED_ORDER (nothing written) when a/b/yyyy dates could be read either
 * way and the file's other dates decide: *order says how. */
static int import_pass(struct yd_db *db, const char *path, const struct yd_import_opts *opts,
		       struct yd_import_stats *st, enum yd_date_order *order, struct yd_error *err)
{
	struct pipeline p;
	struct writer w;
	pthread_t reader;
	int rc, started = 0;

	size_t kept = opts->keep ? opts->keep->n : 0;

	memset(st, 0, sizeof *st);
	memset(&p, 0, sizeof p);
	memset(&w, 0, sizeof w);
	w.db = db;
	w.opts = opts;
	w.path = path;
	w.st = st;
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	p.path = path;
	p.opts = opts;
	p.ro.order = opts->date_order;
	p.ro.calendar = opts->calendar;
	p.ro.today = opts->today;
	p.ro.region_default = opts->region_default && *opts->region_default ? opts->region_default : NULL;
	p.required = YD_REQUIRED_CASE & ~(p.ro.region_default ? 1u << YD_F_REGION : 0u);
	for (int i = 0; i < NBATCH; i++)
		p.ring[i] = yd_xcalloc(1, sizeof *p.ring[i]);

	yd_db_bulk_mode(db); /* before the transaction: its statement journals then in memory */
	if ((rc = yd_db_begin(db, err)) < 0)
		goto out;
	if ((rc = yd_db_source(db, path, &w.source_id, err)) < 0)
		goto fail;
	if (pthread_create(&reader, NULL, reader_main, &p) != 0) {
		rc = yd_error_set(err, YD_EIO, "%s: cannot start the reader thread", path);
		goto fail;
	}
	started = 1;
	rc = write_all(&p, &w, err);
	pthread_join(reader, NULL);
	started = 0;
	st->encoding = p.info.encoding;
	st->format = p.info.format;
	snprintf(st->sheet, sizeof st->sheet, "%s", p.info.sheet);
	if (rc < 0)
		goto fail;
	if (p.read_rc < 0) {
		rc = p.read_rc;
		if (err)
			*err = p.read_err;
		goto fail;
	}
	if (!p.have_header && p.looked) {
		rc = p.best_err.code;
		if (err)
			*err = p.best_err;
		goto fail;
	}
	if (!p.have_header) {
		if (p.info.sheet[0])
			rc = yd_error_set(err, YD_EINPUT, "%s:%s: empty sheet: no header row (another sheet is taken with --sheet)", path, p.info.sheet);
		else
			rc = yd_error_set(err, YD_EINPUT, "%s:1: empty file: no header row", path);
		goto fail;
	}
	if (p.n_ambig && opts->date_order == YD_ORDER_AUTO) {
		/* 03/05/2024 could be either: the file's other dates decide */
		if (p.n_mdy && p.n_dmy) {
			rc = yd_error_set(err, YD_EINPUT,
					  "%s: dates are month first on line %ld and day first on line %ld, and line %ld "
					  "could be either: give --date-order mdy or dmy",
					  path, p.line_mdy, p.line_dmy, p.line_ambig);
		} else if (!p.n_mdy && !p.n_dmy) {
			rc = yd_error_set(err, YD_EINPUT,
					  "%s:%ld: dates such as this one could be month/day or day/month, and no date in "
					  "the file tells: give --date-order mdy or dmy",
					  path, p.line_ambig);
		} else {
			*order = p.n_mdy ? YD_ORDER_MDY : YD_ORDER_DMY;
			st->date_order_line = p.n_mdy ? p.line_mdy : p.line_dmy;
			rc = NEED_ORDER;
		}
		goto fail;
	}
	commonest_reject(&w, st);
	st->header_line = p.header_line;
	if (p.header.ignored)
		st->ignored = yd_xstrdup(p.header.ignored);
	if (opts->strict && st->rejected) {
		rc = yd_error_set(err, YD_EREJECT, "%s:%ld: %s (%ld rows rejected; --strict: nothing imported)", path,
				  st->first_reject_line, st->first_reject, st->rejected);
		goto fail;
	}
	int64_t replaced;
	if ((st->replaced && (rc = yd_db_counter(db, "cases_replaced", st->replaced, &replaced, err)) < 0) ||
	    (rc = yd_db_commit(db, err)) < 0)
		goto fail;
	goto out;
fail:
	if (started) {
		pthread_mutex_lock(&p.mu);
		p.stop = 1;
		pthread_cond_broadcast(&p.cv);
		pthread_mutex_unlock(&p.mu);
		pthread_join(reader, NULL);
	}
	yd_db_rollback(db);
	if (opts->keep)
		opts->keep->n = kept; /* the file's cases are gone again */
out:
	yd_header_release(&p.header);
	yd_buf_release(&w.rawcopy);
	for (int i = 0; i < NBATCH; i++) {
		yd_buf_release(&p.ring[i]->arena);
		free(p.ring[i]);
	}
	pthread_cond_destroy(&p.cv);
	pthread_mutex_destroy(&p.mu);
	return rc;
}

int yd_import_file(struct yd_db *db, const char *path, const struct yd_import_opts *opts,
		   struct yd_import_stats *st, struct yd_error *err)
{
	enum yd_date_order order = YD_ORDER_AUTO;
	int rc = import_pass(db, path, opts, st, &order, err);
	if (rc == NEED_ORDER) {
		struct yd_import_opts again = *opts;
		long line = st->date_order_line;
		again.date_order = order;
		yd_import_stats_release(st);
		rc = import_pass(db, path, &again, st, &order, err);
		st->date_order = order;
		st->date_order_line = line;
	}
	return rc;
}

void yd_import_stats_release(struct yd_import_stats *st)
{
	free(st->ignored);
	st->ignored = NULL;
}
