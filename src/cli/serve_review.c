/* serve_review.c - dispositions written through serve, only when it was
 * started with --review-token-file (issue 21): POST /api/review with
 * "Authorization: Bearer <token>", and the result page's forms (GET and
 * POST /login, which sets a session cookie; POST /review, which needs the
 * cookie and the session's CSRF token).  Every other path of serve reads;
 * these writes open their own read-write connection for one transaction. */
#include <jansson.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "serve.h"
#include "youdu/db_review.h"
#include "youdu/json.h"
#include "youdu/parse.h"
#include "youdu/review.h"
#include "youdu/text.h"

static const char type_json[] = "application/json; charset=utf-8";

static void fail(struct serve_reply *rep, int status, const char *field, long index, const char *msg)
{
	json_t *o = json_object();
	rep->status = status;
	rep->type = type_json;
	yd_buf_reset(&rep->body);
	yd_json_set(o, "error", yd_json_str(msg));
	if (field)
		yd_json_set(o, "field", yd_json_str(field));
	if (index >= 0)
		yd_json_set(o, "index", json_integer(index));
	yd_json_line(&rep->body, o);
}

static const char *const review_keys[] = {"case_id", "violation_code", "status", "reason", "note",
					  "reviewer", "deadline", "date"};

/* Checks the eight values v (review_keys' order, "" absent; borrowed into
 * d) as a disposition.  Returns 0, or the HTTP status with *field and msg
 * set. */
static int check_values(const char *const v[8], struct yd_disposition *d, const char **field, char *msg, size_t n)
{
	const char *why;

	memset(d, 0, sizeof *d);
	d->case_id = v[0];
	d->violation_code = v[1];
	d->note = v[4];
	d->reviewer = v[5];
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
	return check_values(v, d, field, msg, n);
}

/* Writes ds[0..n) in one transaction, via serve: all or none.  Returns 0
 * with *written, or the HTTP status with *field, *index (-1 none) and msg
 * (422 a disposition the rules refuse, 503 the database). */
static int write_all(struct server *s, const struct yd_disposition *ds, size_t n, long *written, const char **field,
		     long *index, char *msg, size_t msgsz)
{
	struct yd_db *db = NULL;
	struct yd_error err = {0};
	char at[32];
	int st = 0;

	*written = 0;
	*field = NULL;
	*index = -1;
	{
		time_t t;
		struct tm tm;
		cli_now(&t);
		gmtime_r(&t, &tm);
		strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	struct yd_review_who w = {at, "serve", ""};
	if (yd_db_open(s->db_path, YD_DB_NOCREATE, &db, &err) < 0 || yd_db_begin(db, &err) < 0) {
		snprintf(msg, msgsz, "%s", err.msg);
		st = 503;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		enum yd_review_col col = YD_RCOL_COUNT;
		int w1 = 0, rc = yd_db_review_put(db, &ds[i], &w, 0, &w1, &col, &err);
		if (rc < 0) {
			yd_db_rollback(db);
			snprintf(msg, msgsz, "%s", err.msg);
			st = rc == YD_EUSAGE ? 422 : 503;
			*field = rc == YD_EUSAGE ? yd_review_col_name(col) : NULL;
			*index = (long)i;
			goto out;
		}
		*written += w1;
	}
	if (yd_db_commit(db, &err) < 0) {
		yd_db_rollback(db);
		snprintf(msg, msgsz, "%s", err.msg);
		st = 503;
	}
out:
	yd_db_close(db);
	return st;
}

void serve_api_review(struct server *s, const struct serve_req *q, struct serve_reply *rep)
{
	json_error_t jerr;
	json_t *root = NULL;
	char msg[YD_ERROR_MAX + 64];
	const char *field = NULL;
	long written = 0;

	if (!s->review_token) {
		fail(rep, 403, NULL, -1, "this server is read-only: start it with --review-token-file to record reviews");
		return;
	}
	const char *auth = MHD_lookup_connection_value((struct MHD_Connection *)q->conn, MHD_HEADER_KIND,
						       MHD_HTTP_HEADER_AUTHORIZATION);
	if (!auth || strncmp(auth, "Bearer ", 7) != 0 || !serve_same_secret(auth + 7, s->review_token)) {
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
	/* one transaction for the lot: all written or none */
	long index;
	int st = write_all(s, ds, n, &written, &field, &index, msg, sizeof msg);
	free(ds);
	if (st) {
		fail(rep, st, field, json_is_array(root) ? index : -1, msg);
		goto out;
	}
	rep->status = 200;
	rep->type = type_json;
	yd_buf_reset(&rep->body);
	json_t *o = json_object();
	yd_json_set(o, "written", json_integer(written));
	yd_json_line(&rep->body, o);
out:
	json_decref(root);
}

/* ---- the result page's review forms: a session cookie and a CSRF token ---- */

const char *serve_back(const char *back)
{
	if (!back || strlen(back) > 500 || back[0] != '/' || (strcmp(back, "/") != 0 && strncmp(back, "/check?", 7) != 0))
		return "/";
	for (const char *p = back; *p; p++)
		if (*p <= ' ' || *p >= 0x7F || *p == '\\')
			return "/";
	return back;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The value of name in an application/x-www-form-urlencoded body, decoded
 * into out ('+' a space, %XX a byte).  Returns 1 found, 0 absent, -1 found
 * but not text (a NUL, not UTF-8). */
static int form_value(const struct serve_req *q, const char *name, struct yd_buf *out)
{
	size_t nl = strlen(name);
	const char *p = q->body, *end = q->body + q->len;

	yd_buf_reset(out);
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		if ((size_t)(stop - p) > nl && memcmp(p, name, nl) == 0 && p[nl] == '=') {
			for (const char *c = p + nl + 1; c < stop; c++) {
				int hi, lo;
				if (*c == '+') {
					yd_buf_addch(out, ' ');
				} else if (*c == '%' && stop - c >= 3 && (hi = hexval(c[1])) >= 0 &&
					   (lo = hexval(c[2])) >= 0) {
					yd_buf_addch(out, (char)(hi * 16 + lo));
					c += 2;
				} else {
					yd_buf_addch(out, *c);
				}
			}
			const char *v = yd_buf_str(out);
			if (strlen(v) != out->len || yd_utf8_valid_prefix(v, out->len, NULL) != out->len)
				return -1;
			return 1;
		}
		p = stop + 1;
	}
	return 0;
}

/* english: the lang field is "en". */
static int form_english(const struct serve_req *q)
{
	struct yd_buf v = YD_BUF_INIT;
	int en = form_value(q, "lang", &v) == 1 && strcmp(yd_buf_str(&v), "en") == 0;
	yd_buf_release(&v);
	return en;
}

static void read_only(struct serve_reply *rep, int english)
{
	serve_page_message(rep, 403, english, english ? "Read-only" : "只读",
			   english ? "this server is read-only: start it with --review-token-file to record reviews"
				   : "本服务为只读：以 --review-token-file 启动后方可记录处置",
			   "/", english ? "Back" : "返回");
}

void serve_page_login(struct server *s, const struct serve_req *q, struct serve_reply *rep)
{
	const char *lang = serve_arg(q, "lang", NULL);
	int english = lang && strcmp(lang, "en") == 0;
	if (!s->review_token) {
		read_only(rep, english);
		return;
	}
	serve_page_login_form(rep, 200, english, serve_back(serve_arg(q, "back", NULL)), NULL);
}

void serve_login(struct server *s, const struct serve_req *q, struct serve_reply *rep)
{
	struct yd_buf token = YD_BUF_INIT, back = YD_BUF_INIT;
	int english = form_english(q);

	if (!s->review_token) {
		read_only(rep, english);
		goto out;
	}
	int has_back = form_value(q, "back", &back) == 1;
	const char *to = serve_back(has_back ? yd_buf_str(&back) : NULL);
	if (form_value(q, "token", &token) != 1 || !serve_same_secret(yd_buf_str(&token), s->review_token)) {
		serve_page_login_form(rep, 401, english, to,
				      english ? "wrong token: not logged in" : "令牌错误，未登录");
		goto out;
	}
	if (serve_session_new(s, rep->cookie, sizeof rep->cookie) < 0) {
		serve_page_message(rep, 503, english, english ? "Cannot log in" : "无法登录",
				   "no random bytes from the kernel (getrandom)", to, english ? "Back" : "返回");
		goto out;
	}
	snprintf(rep->location, sizeof rep->location, "%s", to);
	serve_page_message(rep, 303, english, english ? "Logged in" : "已登录", "", to, english ? "Back" : "返回");
out:
	yd_buf_release(&token);
	yd_buf_release(&back);
}

void serve_review_form(struct server *s, const struct serve_req *q, struct serve_reply *rep)
{
	struct yd_buf v[8], back = YD_BUF_INIT, csrf = YD_BUF_INIT;
	const char *vals[8];
	int english = form_english(q);
	char mine[33], msg[YD_ERROR_MAX + 64];
	const char *field = NULL, *bad = NULL;

	for (size_t k = 0; k < 8; k++)
		v[k] = (struct yd_buf)YD_BUF_INIT;
	if (!s->review_token) {
		read_only(rep, english);
		goto out;
	}
	const char *to = serve_back(form_value(q, "back", &back) == 1 ? yd_buf_str(&back) : NULL);
	if (!serve_session_csrf(s, q, mine)) {
		struct yd_buf login = YD_BUF_INIT;
		yd_buf_addstr(&login, english ? "/login?lang=en&back=" : "/login?back=");
		serve_urlenc(&login, to);
		serve_page_message(rep, 401, english, english ? "Not logged in" : "未登录",
				   english ? "log in with the review token first: nothing was written"
					   : "请先以审核令牌登录，未写入任何内容",
				   yd_buf_str(&login), english ? "Log in" : "登录");
		yd_buf_release(&login);
		goto out;
	}
	if (form_value(q, "csrf", &csrf) != 1 || !serve_same_secret(yd_buf_str(&csrf), mine)) {
		serve_page_message(rep, 403, english, english ? "Refused" : "已拒绝",
				   english ? "the form's CSRF token is not this session's: nothing was written (reload the page)"
					   : "表单的 CSRF 令牌与本会话不符，未写入任何内容（请刷新页面）",
				   to, english ? "Back" : "返回");
		goto out;
	}
	for (size_t k = 0; k < 8; k++) {
		int got = k == 7 ? 0 : form_value(q, review_keys[k], &v[k]); /* date: today */
		if (got < 0 && !bad)
			bad = review_keys[k];
		vals[k] = got == 1 ? yd_buf_str(&v[k]) : "";
	}
	struct yd_disposition d;
	long written = 0, index;
	int st;
	if (bad) {
		snprintf(msg, sizeof msg, "%s: not UTF-8 text", bad);
		st = 422;
	} else if ((st = check_values(vals, &d, &field, msg, sizeof msg)) == 0) {
		st = write_all(s, &d, 1, &written, &field, &index, msg, sizeof msg);
	}
	if (st) {
		serve_page_message(rep, st, english, english ? "Not recorded" : "未记录", msg, to,
				   english ? "Back" : "返回");
		goto out;
	}
	/* back to the page, which says what was recorded */
	snprintf(rep->location, sizeof rep->location, "%s%sreviewed=", to, strchr(to, '?') ? "&" : "?");
	{
		struct yd_buf l = YD_BUF_INIT;
		yd_buf_addstr(&l, rep->location);
		serve_urlenc(&l, vals[0]);
		if (l.len < sizeof rep->location)
			snprintf(rep->location, sizeof rep->location, "%s", yd_buf_str(&l));
		else
			snprintf(rep->location, sizeof rep->location, "%s", to);
		yd_buf_release(&l);
	}
	serve_page_message(rep, 303, english, english ? "Recorded" : "已记录", vals[0], rep->location,
			   english ? "Back" : "返回");
out:
	for (size_t k = 0; k < 8; k++)
		yd_buf_release(&v[k]);
	yd_buf_release(&back);
	yd_buf_release(&csrf);
}
