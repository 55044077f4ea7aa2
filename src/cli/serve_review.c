/* serve_review.c - POST /api/review: dispositions written through serve,
 * only when it was started with --review-token-file and only with
 * "Authorization: Bearer <token>" (issue 21).  Every other path of serve
 * reads; this one opens its own read-write connection for one transaction. */
#include <jansson.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "serve.h"
#include "youdu/db_review.h"
#include "youdu/parse.h"
#include "youdu/review.h"

static const char type_json[] = "application/json; charset=utf-8";

/* Equal in time independent of where they differ (the token). */
static int same_secret(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d = la != lb;
	for (size_t i = 0; i < lb; i++)
		d |= (unsigned char)(a[i < la ? i : 0] ^ b[i]);
	return d == 0;
}

static void fail(struct serve_reply *rep, int status, const char *field, long index, const char *msg)
{
	struct yd_buf *b = &rep->body;
	rep->status = status;
	rep->type = type_json;
	yd_buf_reset(b);
	yd_buf_addstr(b, "{\"error\":");
	yd_buf_json(b, msg);
	if (field) {
		yd_buf_addstr(b, ",\"field\":");
		yd_buf_json(b, field);
	}
	if (index >= 0)
		yd_buf_addf(b, ",\"index\":%ld", index);
	yd_buf_addstr(b, "}\n");
}

static const char *const review_keys[] = {"case_id", "violation_code", "status", "reason", "note",
					  "reviewer", "deadline", "date"};

/* Reads one JSON object into d (strings borrowed from o).  Returns 0, or
 * the HTTP status with *field and msg set. */
static int read_one(json_t *o, struct yd_disposition *d, const char **field, char *msg, size_t n)
{
	const char *key, *v[8] = {"", "", "", "", "", "", "", ""};
	json_t *val;

	if (!json_is_object(o)) {
		snprintf(msg, n, "a disposition is a JSON object");
		return 400;
	}
	json_object_foreach(o, key, val) {
		size_t k;
		for (k = 0; k < 8 && strcmp(key, review_keys[k]) != 0; k++)
			;
		*field = key;
		if (k == 8) {
			snprintf(msg, n, "unknown field '%.100s'", key);
			return 400;
		}
		if (json_is_null(val))
			continue;
		if (!json_is_string(val)) {
			snprintf(msg, n, "%s: expected a string", review_keys[k]);
			return 400;
		}
		v[k] = json_string_value(val);
	}
	memset(d, 0, sizeof *d);
	d->case_id = v[0];
	d->violation_code = v[1];
	d->note = v[4];
	d->reviewer = v[5];
	const char *why;
	for (int k = 0; k < 3; k++)
		if (!*v[k]) {
			*field = review_keys[k];
			snprintf(msg, n, "%s is required", review_keys[k]);
			return 400;
		}
	if (!*v[5]) {
		*field = "reviewer";
		snprintf(msg, n, "reviewer is required: every write is in the history with its reviewer");
		return 400;
	}
	*field = "status";
	if (yd_review_status_parse(v[2], 0, &d->status) < 0) {
		snprintf(msg, n, "unknown status '%.100s' (%s)", v[2], yd_review_status_list());
		return 422;
	}
	*field = "reason";
	if (yd_review_reason_parse(v[3], &d->reason) < 0) {
		snprintf(msg, n, "unknown reason '%.100s' (%s)", v[3], yd_review_reason_list());
		return 422;
	}
	*field = "deadline";
	if (*v[6] && yd_parse_date(v[6], &d->deadline, &why) < 0) {
		snprintf(msg, n, "not a date '%.100s'", v[6]);
		return 422;
	}
	*field = "date";
	if (*v[7] && yd_parse_date(v[7], &d->date, &why) < 0) {
		snprintf(msg, n, "not a date '%.100s'", v[7]);
		return 422;
	}
	if (!d->date)
		d->date = cli_today_ymd();
	*field = NULL;
	return 0;
}

void serve_api_review(struct server *s, const struct serve_req *q, struct serve_reply *rep)
{
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	json_error_t jerr;
	json_t *root = NULL;
	char msg[YD_ERROR_MAX + 64], at[32];
	const char *field = NULL;
	long written = 0;

	if (!s->review_token) {
		fail(rep, 403, NULL, -1, "this server is read-only: start it with --review-token-file to record reviews");
		return;
	}
	const char *auth = MHD_lookup_connection_value((struct MHD_Connection *)q->conn, MHD_HEADER_KIND,
						       MHD_HTTP_HEADER_AUTHORIZATION);
	if (!auth || strncmp(auth, "Bearer ", 7) != 0 || !same_secret(auth + 7, s->review_token)) {
		fail(rep, 401, NULL, -1, "a review needs 'Authorization: Bearer <token>' with the server's token");
		return;
	}
	if (!(root = json_loadb(q->body, q->len, JSON_REJECT_DUPLICATES, &jerr))) {
		snprintf(msg, sizeof msg, "malformed JSON: %s", jerr.text);
		fail(rep, 400, NULL, -1, msg);
		return;
	}
	size_t n = json_is_array(root) ? json_array_size(root) : 1;
	if (n == 0) {
		fail(rep, 400, NULL, -1, "an empty array");
		goto out;
	}
	/* all read and checked before anything is written */
	struct yd_disposition *ds = yd_xcalloc(n, sizeof *ds);
	for (size_t i = 0; i < n; i++) {
		int st = read_one(json_is_array(root) ? json_array_get(root, i) : root, &ds[i], &field, msg, sizeof msg);
		if (st) {
			fail(rep, st, field, json_is_array(root) ? (long)i : -1, msg);
			free(ds);
			goto out;
		}
	}
	{
		time_t t;
		struct tm tm;
		cli_now(&t);
		gmtime_r(&t, &tm);
		strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	struct yd_review_who w = {at, "serve", ""};
	/* one transaction for the lot: all written or none */
	if (yd_db_open(s->db_path, YD_DB_NOCREATE, &db, &err) < 0 || yd_db_begin(db, &err) < 0) {
		fail(rep, 503, NULL, -1, err.msg);
		free(ds);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		enum yd_review_col col = YD_RCOL_COUNT;
		int w1 = 0, rc = yd_db_review_put(db, &ds[i], &w, 0, &w1, &col, &err);
		if (rc < 0) {
			yd_db_rollback(db);
			fail(rep, rc == YD_EUSAGE ? 422 : 503, rc == YD_EUSAGE ? yd_review_col_name(col) : NULL,
			     json_is_array(root) ? (long)i : -1, err.msg);
			free(ds);
			goto out;
		}
		written += w1;
	}
	free(ds);
	if (yd_db_commit(db, &err) < 0) {
		yd_db_rollback(db);
		fail(rep, 503, NULL, -1, err.msg);
		goto out;
	}
	rep->status = 200;
	rep->type = type_json;
	yd_buf_reset(&rep->body);
	yd_buf_addf(&rep->body, "{\"written\":%ld}\n", written);
out:
	yd_db_close(db);
	json_decref(root);
}
