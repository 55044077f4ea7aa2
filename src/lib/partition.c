/* partition.c - the judged cases as a Hive-style partitioned table of
 * gzip-compressed CSV files (see partition.h).
 *
 * Rows come in case order, so the partitions interleave row by row.  Each
 * partition holds its rows in a buffer; when all buffers together pass the
 * budget they are written out, each to its partition's gzip stream.  At most
 * max_open streams are open: a partition whose stream was closed (the least
 * recently written one goes first) reopens its file to append, which starts
 * a new gzip member.  A file of several members is one valid gzip file
 * (RFC 1952 2.2; zcat, DuckDB and Hadoop's codec read on through them), and
 * the buffering keeps members large: a budget of 32 MiB over 340 partitions
 * (34 provinces x 10 years) writes members of about 100 KiB.  Without the
 * buffers an LRU of streams would close and reopen a stream for nearly every
 * row once the partitions outnumber the streams; sorting first would need a
 * pass over the whole table on disk. */
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include "youdu/partition.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "youdu/judge.h"
#include "youdu/out.h"
#include "youdu/parse.h"
#include "youdu/strmap.h"

static const struct {
	const char *name;
	const char *column; /* the export column it moves to the folder name; NULL: derived */
} fields[YD_PART_COUNT] = {
    [YD_PART_PROVINCE] = {"province", NULL},
    [YD_PART_CITY] = {"city", NULL},
    [YD_PART_COUNTY] = {"county", NULL},
    [YD_PART_YEAR] = {"year", NULL},
    [YD_PART_REGION] = {"region", "region"},
    [YD_PART_AGENCY] = {"agency", "agency"},
    [YD_PART_VIOLATION] = {"violation_code", "violation_code"},
    [YD_PART_VERDICT] = {"verdict", "verdict"},
    [YD_PART_TIER] = {"tier", "tier"},
    [YD_PART_PARTY] = {"party_type", "party_type"},
    [YD_PART_CURRENCY] = {"currency", "currency"},
};

const char *yd_part_field_name(enum yd_part_field f)
{
	return (unsigned)f < YD_PART_COUNT ? fields[f].name : "";
}

const char *yd_part_field_column(enum yd_part_field f)
{
	return (unsigned)f < YD_PART_COUNT ? fields[f].column : NULL;
}

/* "unknown field 'x'" or "field 'x' given twice", with the known fields. */
static int field_error(struct yd_error *err, int twice, size_t len, const char *name)
{
	struct yd_buf known = YD_BUF_INIT;
	for (int i = 0; i < YD_PART_COUNT; i++)
		yd_buf_addf(&known, "%s%s", i ? ", " : "", fields[i].name);
	int rc = yd_error_set(err, YD_EUSAGE, "--partition: %sfield '%.*s'%s (fields: %s)", twice ? "" : "unknown ",
			      (int)len, name, twice ? " given twice" : "", yd_buf_str(&known));
	yd_buf_release(&known);
	return rc;
}

int yd_part_fields_parse(const char *list, enum yd_part_field *f, size_t *n, struct yd_error *err)
{
	const char *p = list;

	*n = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		int i = 0;
		while (i < YD_PART_COUNT && !(strlen(fields[i].name) == len && memcmp(fields[i].name, p, len) == 0))
			i++;
		if (i == YD_PART_COUNT)
			return field_error(err, 0, len, p);
		for (size_t k = 0; k < *n; k++)
			if (f[k] == (enum yd_part_field)i)
				return field_error(err, 1, len, p);
		if (*n == YD_PART_MAX)
			return yd_error_set(err, YD_EUSAGE, "--partition: more than %d fields", YD_PART_MAX);
		f[(*n)++] = (enum yd_part_field)i;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

void yd_part_escape(struct yd_buf *b, const char *v)
{
	if (!*v) {
		yd_buf_addstr(b, "__HIVE_DEFAULT_PARTITION__");
		return;
	}
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7F || strchr("\"#%'*/:=?\\{[]^", *p))
			yd_buf_addf(b, "%%%02X", *p);
		else
			yd_buf_addch(b, (char)*p);
}

/* Level i (0 the province) of a region path "浙江省/嘉兴市/海盐县", "" when it
 * has fewer levels. */
static void path_level(struct yd_buf *b, const char *path, int i)
{
	const char *p = path;
	for (; i > 0 && p; i--)
		if ((p = strchr(p, '/')) != NULL)
			p++;
	if (!p)
		return;
	size_t len = strcspn(p, "/");
	char *level = yd_xstrndup(p, len);
	yd_part_escape(b, level);
	free(level);
}

void yd_part_key(struct yd_buf *b, const enum yd_part_field *f, size_t n, const struct yd_case_row *r)
{
	for (size_t k = 0; k < n; k++) {
		char year[16] = "";
		yd_buf_addf(b, "%s%s=", k ? "/" : "", fields[f[k]].name);
		switch (f[k]) {
		case YD_PART_PROVINCE:
		case YD_PART_CITY:
		case YD_PART_COUNTY: {
			size_t before = b->len;
			path_level(b, r->region, (int)(f[k] - YD_PART_PROVINCE));
			if (b->len == before)
				yd_part_escape(b, "");
			break;
		}
		case YD_PART_YEAR:
			if (r->date > 0)
				snprintf(year, sizeof year, "%d", (int)(r->date / 10000));
			yd_part_escape(b, year);
			break;
		case YD_PART_REGION: yd_part_escape(b, r->region); break;
		case YD_PART_AGENCY: yd_part_escape(b, r->agency ? r->agency : ""); break;
		case YD_PART_VIOLATION: yd_part_escape(b, r->violation_code); break;
		case YD_PART_VERDICT: yd_part_escape(b, yd_verdict_name((enum yd_verdict)r->verdict)); break;
		case YD_PART_TIER: yd_part_escape(b, yd_tier_name((enum yd_tier)r->tier)); break;
		case YD_PART_PARTY: yd_part_escape(b, yd_party_name((enum yd_party)r->party)); break;
		case YD_PART_CURRENCY: yd_part_escape(b, r->currency); break;
		case YD_PART_COUNT: break;
		}
	}
}

/* ---- the writer ---- */

struct part {
	char *key;         /* "province=浙江省/year=2024" */
	struct yd_buf rows; /* rows held, each with its line break */
	gzFile gz;         /* its open stream, or NULL */
	uint64_t used;     /* the writer's clock when last written */
	int created;       /* its file exists (the header written) */
};

struct yd_part_writer {
	char *dir;               /* the target folder */
	char *tmp;               /* the temporary folder beside it */
	char *header;            /* the header line with its line break */
	struct yd_part_opts o;   /* defaults filled in */
	struct yd_strmap index;  /* key -> index into parts */
	struct part *parts;
	size_t n, cap;
	size_t *open;            /* indexes of the parts with an open stream */
	size_t nopen;
	uint64_t clock;          /* counts writes, for the least recently written */
	size_t held;             /* bytes held in all parts' rows */
	struct yd_part_stats st;
};

/* Removes path and, when it is a folder, all in it (symbolic links are
 * removed, not followed).  0 or -1 with errno. */
static int remove_tree(const char *path)
{
	struct stat s;
	if (lstat(path, &s) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(s.st_mode))
		return unlink(path);
	DIR *d = opendir(path);
	if (!d)
		return -1;
	struct dirent *e;
	struct yd_buf child = YD_BUF_INIT;
	int rc = 0;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		yd_buf_reset(&child);
		yd_buf_addf(&child, "%s/%s", path, e->d_name);
		rc = remove_tree(yd_buf_str(&child));
	}
	closedir(d);
	yd_buf_release(&child);
	return rc == 0 ? rmdir(path) : rc;
}

/* 1 when path is a folder with nothing in it. */
static int folder_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;
	if (!d)
		return 0;
	while (empty && (e = readdir(d)) != NULL)
		empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	closedir(d);
	return empty;
}

/* 1 when path holds only folders named field=value (a partitioned table,
 * which --force may replace), and at least one. */
static int looks_partitioned(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	struct yd_buf sub = YD_BUF_INIT;
	int n = 0, ok = d != NULL;
	while (ok && (e = readdir(d)) != NULL) {
		struct stat s;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		yd_buf_reset(&sub);
		yd_buf_addf(&sub, "%s/%s", path, e->d_name);
		ok = e->d_name[0] != '=' && strchr(e->d_name, '=') && lstat(yd_buf_str(&sub), &s) == 0 &&
		     S_ISDIR(s.st_mode);
		n++;
	}
	if (d)
		closedir(d);
	yd_buf_release(&sub);
	return ok && n > 0;
}

/* May dir be replaced?  0, or YD_EUSAGE saying why not.  --force replaces
 * only what looks like a table this export wrote: a mistyped --out ~ must
 * not remove a home folder. */
static int target_check(const char *dir, int force, struct yd_error *err)
{
	struct stat s;
	if (stat(dir, &s) != 0)
		return errno == ENOENT ? 0 : yd_error_set(err, YD_EIO, "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(s.st_mode))
		return yd_error_set(err, YD_EUSAGE, "%s exists and is not a folder", dir);
	if (folder_empty(dir))
		return 0;
	if (!force)
		return yd_error_set(err, YD_EUSAGE, "%s: the folder is not empty (--force replaces it)", dir);
	if (!looks_partitioned(dir))
		return yd_error_set(err, YD_EUSAGE,
				    "%s: it holds more than field=value folders; --force replaces only a partitioned table",
				    dir);
	return 0;
}

struct yd_part_writer *yd_part_open(const char *dir, const char *header, const struct yd_part_opts *o,
				    struct yd_error *err)
{
	struct yd_part_writer *w = NULL;
	struct yd_buf tmp = YD_BUF_INIT;
	size_t len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	char *target = yd_xstrndup(dir, len);
	if (yd_out_path_check(target, err) < 0 || target_check(target, o->force, err) < 0) {
		free(target);
		return NULL;
	}
	yd_buf_addf(&tmp, "%s.tmpXXXXXX", target);
	if (!mkdtemp(tmp.s)) {
		yd_error_set(err, YD_EIO, "%s: cannot make a temporary folder: %s", target, strerror(errno));
		free(target);
		yd_buf_release(&tmp);
		return NULL;
	}
	w = yd_xcalloc(1, sizeof *w);
	w->dir = target;
	w->tmp = yd_buf_detach(&tmp);
	w->o = *o;
	if (!w->o.max_open)
		w->o.max_open = 64;
	if (!w->o.budget)
		w->o.budget = 32u << 20;
	if (w->o.level < 1 || w->o.level > 9)
		w->o.level = 1;
	struct yd_buf h = YD_BUF_INIT;
	yd_buf_addf(&h, "%s\n", header);
	w->header = yd_buf_detach(&h);
	w->open = yd_xcalloc(w->o.max_open, sizeof *w->open);
	return w;
}

static int gz_fail(struct yd_part_writer *w, struct part *p, gzFile gz, struct yd_error *err)
{
	int zerr = Z_OK;
	const char *msg = gz ? gzerror(gz, &zerr) : NULL;
	int saved = errno;
	return yd_error_set(err, YD_EIO, "%s/%s/part-0.csv.gz: %s", w->dir, p->key,
			    zerr == Z_ERRNO || !msg ? strerror(saved) : msg);
}

/* Closes the stream of the part at w->open[i]. */
static int stream_close(struct yd_part_writer *w, size_t i, struct yd_error *err)
{
	struct part *p = &w->parts[w->open[i]];
	int z = gzclose(p->gz);
	p->gz = NULL;
	w->open[i] = w->open[--w->nopen];
	if (z != Z_OK)
		return gz_fail(w, p, NULL, err);
	return 0;
}

/* Makes the folders of path (below the temporary folder, which exists). */
static int make_folders(struct yd_part_writer *w, char *path, struct yd_error *err)
{
	for (char *s = path + strlen(w->tmp) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		int bad = mkdir(path, 0777) != 0 && errno != EEXIST;
		*s = '/';
		if (bad)
			return yd_error_set(err, YD_EIO, "%s: cannot make the folder: %s", path, strerror(errno));
	}
	return 0;
}

/* Opens p's stream: its new file with the header, or its file to append a
 * member; first closes the least recently written stream when max_open are
 * open. */
static int stream_open(struct yd_part_writer *w, size_t ip, struct yd_error *err)
{
	struct part *p = &w->parts[ip];
	struct yd_buf path = YD_BUF_INIT;
	char mode[8];
	int rc = 0;

	if (w->nopen == w->o.max_open) {
		size_t lru = 0;
		for (size_t i = 1; i < w->nopen; i++)
			if (w->parts[w->open[i]].used < w->parts[w->open[lru]].used)
				lru = i;
		if ((rc = stream_close(w, lru, err)) < 0)
			return rc;
	}
	yd_buf_addf(&path, "%s/%s/part-0.csv.gz", w->tmp, p->key);
	snprintf(mode, sizeof mode, "%cb%d", p->created ? 'a' : 'w', w->o.level);
	if (!p->created && (rc = make_folders(w, path.s, err)) < 0)
		goto out;
	errno = 0;
	if ((p->gz = gzopen(yd_buf_str(&path), mode)) == NULL) {
		rc = gz_fail(w, p, NULL, err);
		goto out;
	}
	gzbuffer(p->gz, 1u << 17);
	w->open[w->nopen++] = ip;
	w->st.members++;
	if (!p->created) {
		p->created = 1;
		w->st.partitions++;
		size_t hl = strlen(w->header);
		if (gzwrite(p->gz, w->header, (unsigned)hl) != (int)hl)
			rc = gz_fail(w, p, p->gz, err);
		w->st.bytes += hl;
	}
out:
	yd_buf_release(&path);
	return rc;
}

/* Writes the rows p holds to its stream. */
static int part_flush(struct yd_part_writer *w, size_t ip, struct yd_error *err)
{
	struct part *p = &w->parts[ip];
	int rc = 0;

	if (!p->rows.len)
		return 0;
	if (!p->gz && (rc = stream_open(w, ip, err)) < 0)
		return rc;
	/* gzwrite takes an unsigned length: the budget keeps a buffer far below 4 GiB */
	if (gzwrite(p->gz, p->rows.s, (unsigned)p->rows.len) != (int)p->rows.len)
		return gz_fail(w, p, p->gz, err);
	p->used = ++w->clock;
	w->st.bytes += p->rows.len;
	w->held -= p->rows.len;
	/* freed, not kept: a partition that once held the whole budget (cases
	 * imported province by province) would otherwise keep it */
	yd_buf_release(&p->rows);
	return 0;
}

/* Writes all rows held: the parts with an open stream first, so fewer
 * streams are reopened. */
static int flush_all(struct yd_part_writer *w, struct yd_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < w->nopen && rc == 0; i++)
		rc = part_flush(w, w->open[i], err);
	for (size_t i = 0; i < w->n && rc == 0; i++)
		rc = part_flush(w, i, err);
	return rc;
}

int yd_part_add(struct yd_part_writer *w, const char *key, const char *row, size_t len, struct yd_error *err)
{
	int64_t i;

	if (!yd_strmap_get(&w->index, key, &i)) {
		if (w->n == w->cap) {
			w->cap = w->cap ? 2 * w->cap : 64;
			w->parts = yd_xrealloc(w->parts, w->cap * sizeof *w->parts);
		}
		i = (int64_t)w->n++;
		memset(&w->parts[i], 0, sizeof *w->parts);
		w->parts[i].key = yd_xstrdup(key);
		yd_strmap_put(&w->index, key, i);
	}
	yd_buf_add(&w->parts[i].rows, row, len);
	yd_buf_addch(&w->parts[i].rows, '\n');
	w->held += len + 1;
	w->st.rows++;
	return w->held > w->o.budget ? flush_all(w, err) : 0;
}

static void writer_free(struct yd_part_writer *w)
{
	for (size_t i = 0; i < w->n; i++) {
		if (w->parts[i].gz)
			gzclose(w->parts[i].gz);
		free(w->parts[i].key);
		yd_buf_release(&w->parts[i].rows);
	}
	free(w->parts);
	free(w->open);
	yd_strmap_release(&w->index);
	free(w->header);
	free(w->dir);
	free(w->tmp);
	free(w);
}

void yd_part_abort(struct yd_part_writer *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->n; i++)
		if (w->parts[i].gz) {
			gzclose(w->parts[i].gz);
			w->parts[i].gz = NULL;
		}
	remove_tree(w->tmp);
	writer_free(w);
}

/* Puts the finished temporary folder in place of the target: an empty
 * target is removed first, a full one (--force) moved aside and removed
 * once the new table is in place. */
static int install(struct yd_part_writer *w, struct yd_error *err)
{
	struct yd_buf old = YD_BUF_INIT;
	int rc = target_check(w->dir, w->o.force, err);

	if (rc == 0 && access(w->dir, F_OK) == 0) {
		if (folder_empty(w->dir)) {
			if (rmdir(w->dir) != 0)
				rc = yd_error_set(err, YD_EIO, "%s: %s", w->dir, strerror(errno));
		} else {
			yd_buf_addf(&old, "%s.oldXXXXXX", w->dir);
			if (!mkdtemp(old.s) || rename(w->dir, old.s) != 0)
				rc = yd_error_set(err, YD_EIO, "%s: cannot move the old table aside: %s", w->dir,
						  strerror(errno));
		}
	}
	if (rc == 0 && rename(w->tmp, w->dir) != 0) {
		rc = yd_error_set(err, YD_EIO, "%s: %s", w->dir, strerror(errno));
		if (old.len)
			rename(old.s, w->dir); /* the old table back */
	} else if (rc == 0 && old.len && remove_tree(old.s) != 0)
		rc = yd_error_set(err, YD_EIO, "%s: the table is written, but the old one could not be removed: %s",
				  old.s, strerror(errno));
	yd_buf_release(&old);
	return rc;
}

int yd_part_commit(struct yd_part_writer *w, struct yd_part_stats *st, struct yd_error *err)
{
	int rc = flush_all(w, err);

	while (w->nopen) {
		int r = stream_close(w, w->nopen - 1, err);
		if (rc == 0)
			rc = r;
	}
	if (rc == 0 && (rc = install(w, err)) == 0 && st)
		*st = w->st;
	if (rc < 0 && access(w->tmp, F_OK) == 0) {
		yd_part_abort(w);
		return rc;
	}
	writer_free(w);
	return rc;
}
