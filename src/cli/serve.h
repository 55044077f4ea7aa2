/* serve.h - youdu serve: the pre-decision check over HTTP (CLI layer only).
 *
 * The files, from the top down; a file calls only files below it:
 *   cmd_serve.c     the daemon (libmicrohttpd, a thread pool), options,
 *                   signals and the routes, which call the handlers
 *   serve_review.c  POST /api/review, GET and POST /login, POST /review
 *   serve_page.c    the HTML form and result page, and the message and
 *                   login pages serve_review.c answers with
 *   serve_api.c     the JSON endpoints, and reading and checking a draft
 *                   (serve_draft_read, serve_check), which the page uses
 *   serve_session.c the reviewer's browser sessions
 *   serve_gate.c    the listen socket and the limits on connections
 *                   (serve_gate.h)
 *   serve_base.c    the slots, a request's arguments, text as shown, the
 *                   access-log line
 *   serve_lazy.c    loading libmicrohttpd
 * The library is only called, never changed by the server: every
 * connection to the database is read-only but serve_review.c's. */
#ifndef YOUDU_SERVE_H
#define YOUDU_SERVE_H

#include <pthread.h>
#include <stddef.h>

#include "youdu/buf.h"
#include "youdu/check.h"

#define SERVE_MAX_BODY (64 * 1024) /* bytes of a request body */

/* One read-only connection and its checker: used by one request at a time. */
struct serve_slot {
	struct yd_db *db;
	struct yd_checker *checker;
	int busy;
};

struct serve_gate;

/* A reviewer's browser session of the result page's review forms (POST
 * /login with the token, then POST /review): held in memory only. */
#define SERVE_SESSIONS 64            /* at most; a new one evicts the oldest */
#define SERVE_SESSION_SECONDS (8 * 3600)
struct serve_session {
	char id[33];    /* 128 random bits in hex: the cookie youdu_review; "" a free entry */
	char csrf[33];  /* 128 other random bits: the hidden field csrf of its forms */
	double expires; /* CLOCK_MONOTONIC seconds */
};

/* The server's state, made by cmd_serve and passed to every handler. */
struct server {
	const char *db_path;
	struct serve_slot *slots; /* one per worker thread */
	size_t nslots;
	pthread_mutex_t lock;     /* guards slots[].busy and active */
	pthread_cond_t freed;     /* a slot was given back, or a request ended */
	long active;              /* requests begun and not yet completed */
	const char *review_token; /* --review-token-file's token: POST /api/review allowed; NULL read-only */
	struct serve_gate *gate;  /* the front door (serve_gate.h) */
	struct serve_session sessions[SERVE_SESSIONS]; /* guarded by lock; used only with review_token */
};

/* A request as the handlers see it. */
struct serve_req {
	void *conn;                /* struct MHD_Connection */
	const char *body;          /* the body (POST), NUL-terminated; "" when none */
	size_t len;
};

/* What a handler answers. */
struct serve_reply {
	int status;
	const char *type;          /* content type; static */
	const char *allow;         /* the Allow header of a 405; static, NULL otherwise */
	struct yd_buf body;
	char location[600];        /* the Location header of a 303, "" none */
	char cookie[160];          /* the Set-Cookie header, "" none */
};

/* ---- serve_base.c ---- */

/* A query argument of the request ("" when given empty), NULL when absent;
 * *len (may be NULL) its length, which is past a NUL it holds (%00). */
const char *serve_arg(const struct serve_req *q, const char *name, size_t *len);

/* s as a message or the access log may show it: at most max characters,
 * cut at a character boundary with "…" after; bytes that are not UTF-8
 * text and control characters as %XX.  Written to out[outsz] (cut there
 * too, at a character boundary); returns out. */
const char *serve_shown(char *out, size_t outsz, const char *s, size_t max);
/* Cuts msg after its last whole UTF-8 character (a message cut at its
 * size must stay text). */
void serve_msg_whole(char *msg);
/* Writes the access-log line of a request to stderr: UTC time, method,
 * path (both as serve_shown made them), status (0: "-", no answer), ms. */
void serve_log_line(const char *method, const char *path, int status, double ms);

/* Takes a free slot and begins a read snapshot on it (reloading the
 * checker when the database changed); gives it back with serve_give.
 * On failure the slot is given back and the error filled. */
struct serve_slot *serve_take(struct server *s, struct yd_error *err);
void serve_give(struct server *s, struct serve_slot *slot);

/* ---- serve_api.c ---- */

/* A draft read from text fields (JSON or a query), checked for shape. */
struct serve_draft_text {
	const char *violation_code, *region, *fine, *tier, *party, *base_amount, *date, *lang;
	const char *penalty_basis;         /* 处罚依据 text, NULL none */
	const char *party_id;              /* the party's identifier (issue 24), NULL none */
	const char *factor_name[8], *factor_value[8]; /* the JSON object "factors" */
	int nfactor;
};
struct serve_input_error {
	int status;          /* 400 missing or malformed, 422 not readable or not known */
	const char *field;   /* the field at fault, NULL for the request as a whole */
	char msg[YD_ERROR_MAX + 64];
};
/* Reads t into d (region normalised into region[regionsz], the context of
 * penalty_basis and factors into context[contextsz]) and *lang.  Returns
 * 0, or -1 with e filled. */
int serve_draft_read(const struct serve_draft_text *t, struct yd_draft *d, char *region, size_t regionsz,
		     char *context, size_t contextsz, enum yd_lang *lang, struct serve_input_error *e);
/* Takes a slot as serve_take does; on failure fills e (503) and returns NULL. */
struct serve_slot *serve_take_or(struct server *s, struct serve_input_error *e);
/* Runs the check of d on slot, which the caller took and holds until what
 * r shows is written: r->item is borrowed from the slot's checker, and the
 * next serve_take of that slot may reload (free) it.  Returns 0; -1 with e
 * filled for input the checker does not know (422, r->near filled); -2
 * with e filled (503) when the database cannot answer. */
int serve_check(struct serve_slot *slot, const struct yd_draft *d, struct yd_check_result *r,
		struct serve_input_error *e);

/* The handlers: each fills rep (status, type, body). */
void serve_api_check(struct server *s, const struct serve_req *q, struct serve_reply *rep);
void serve_api_batch(struct server *s, const struct serve_req *q, struct serve_reply *rep);
void serve_api_health(struct server *s, const struct serve_req *q, struct serve_reply *rep);
void serve_api_catalogue(struct server *s, const struct serve_req *q, struct serve_reply *rep);
void serve_api_regions(struct server *s, const struct serve_req *q, struct serve_reply *rep);

/* An error answer {"error": msg, "field": field, "did_you_mean": [...]}. */
void serve_json_error(struct serve_reply *rep, const struct serve_input_error *e, const struct yd_check_result *r);

/* ---- serve_page.c ---- */

void serve_page_form(struct server *s, const struct serve_req *q, struct serve_reply *rep);
void serve_page_check(struct server *s, const struct serve_req *q, struct serve_reply *rep);
/* Appends s to b escaped for HTML text and attribute values. */
void serve_html(struct yd_buf *b, const char *s);
/* Appends s to b percent-encoded for a URL query value. */
void serve_urlenc(struct yd_buf *b, const char *s);
/* An HTML page of one message: a title, msg, a link to href (NULL none)
 * labelled link.  Fills rep with status. */
void serve_page_message(struct serve_reply *rep, int status, int english, const char *title, const char *msg,
			const char *href, const char *link);
/* The login page: one password field posting to /login, back and lang
 * carried as hidden fields; msg (NULL none) shown above. */
void serve_page_login_form(struct serve_reply *rep, int status, int english, const char *back, const char *msg);

/* ---- serve_review.c ---- */

/* GET /login, POST /login and POST /review: the result page's review
 * forms, only with --review-token-file (403 without). */
void serve_page_login(struct server *s, const struct serve_req *q, struct serve_reply *rep);
void serve_login(struct server *s, const struct serve_req *q, struct serve_reply *rep);
void serve_review_form(struct server *s, const struct serve_req *q, struct serve_reply *rep);
/* back as a redirect may take it: a path of this server ("/check?..." or
 * "/"), printable ASCII only; else "/".  Returns back or "/". */
const char *serve_back(const char *back);
/* POST /api/review: 403 without --review-token-file, 401 without the
 * bearer token, else one disposition or an array, all or none. */
void serve_api_review(struct server *s, const struct serve_req *q, struct serve_reply *rep);

/* ---- serve_session.c ---- */

/* When the request carries the cookie of a live session: copies its CSRF
 * token to csrf[33] and returns 1; else 0. */
int serve_session_csrf(struct server *s, const struct serve_req *q, char *csrf);
/* A new session (evicting the one expiring first when all are taken); its
 * Set-Cookie header value into cookie[cookiesz].  Returns 0, or -1 when the
 * kernel gives no random bytes. */
int serve_session_new(struct server *s, char *cookie, size_t cookiesz);
/* 1 when a and b are equal, in a time independent of where they differ
 * (tokens). */
int serve_same_secret(const char *a, const char *b);

/* Loads libmicrohttpd (serve_lazy.c): YD_ETOOL naming it when missing. */
int serve_http_load(struct yd_error *err);

#endif
