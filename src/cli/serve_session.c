/* serve_session.c - the reviewer's browser sessions of youdu serve's
 * result page (POST /login makes one, the result page and POST /review
 * look it up): held in memory in struct server under its lock, a cookie
 * and a CSRF token of 128 random bits each.  Below the page and review
 * files, which both use it. */
#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "serve.h"

int serve_same_secret(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d = la != lb;
	for (size_t i = 0; i < lb; i++)
		d |= (unsigned char)(a[i < la ? i : 0] ^ b[i]);
	return d == 0;
}

static const char cookie_name[] = "youdu_review";

static double mono_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* 128 random bits as 32 hex digits into out[33].  Returns 0, or -1 when
 * the kernel gives none. */
static int random_hex(char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char r[16];
	size_t got = 0;
	while (got < sizeof r) {
		ssize_t k = getrandom(r + got, sizeof r - got, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	for (size_t i = 0; i < sizeof r; i++) {
		out[2 * i] = hex[r[i] >> 4];
		out[2 * i + 1] = hex[r[i] & 15];
	}
	out[32] = '\0';
	return 0;
}

/* The live session whose id is the request's cookie, NULL none; the
 * caller holds s->lock.  Every entry is compared, in constant time each. */
static struct serve_session *session_of(struct server *s, const struct serve_req *q)
{
	const char *id = MHD_lookup_connection_value((struct MHD_Connection *)q->conn, MHD_COOKIE_KIND, cookie_name);
	struct serve_session *found = NULL;
	double now = mono_now();

	if (!id || strlen(id) != 32)
		return NULL;
	for (size_t i = 0; i < SERVE_SESSIONS; i++) {
		struct serve_session *e = &s->sessions[i];
		if (e->id[0] && e->expires <= now)
			memset(e, 0, sizeof *e); /* expired */
		if (e->id[0] && serve_same_secret(id, e->id))
			found = e;
	}
	return found;
}

int serve_session_csrf(struct server *s, const struct serve_req *q, char *csrf)
{
	int ok = 0;
	if (!s->review_token)
		return 0;
	pthread_mutex_lock(&s->lock);
	struct serve_session *e = session_of(s, q);
	if (e) {
		memcpy(csrf, e->csrf, 33);
		ok = 1;
	}
	pthread_mutex_unlock(&s->lock);
	return ok;
}

int serve_session_new(struct server *s, char *cookie, size_t cookiesz)
{
	char id[33], csrf[33];

	if (random_hex(id) < 0 || random_hex(csrf) < 0)
		return -1;
	pthread_mutex_lock(&s->lock);
	{
		/* a free or expired entry, else the one expiring first */
		struct serve_session *e = &s->sessions[0];
		double now = mono_now();
		for (size_t i = 0; i < SERVE_SESSIONS; i++) {
			struct serve_session *c = &s->sessions[i];
			if (!c->id[0] || c->expires <= now) {
				e = c;
				break;
			}
			if (c->expires < e->expires)
				e = c;
		}
		memcpy(e->id, id, sizeof id);
		memcpy(e->csrf, csrf, sizeof csrf);
		e->expires = now + SERVE_SESSION_SECONDS;
	}
	pthread_mutex_unlock(&s->lock);
	snprintf(cookie, cookiesz, "%s=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%d", cookie_name, id,
		 SERVE_SESSION_SECONDS);
	return 0;
}
