/* serve_base.c - what every part of youdu serve uses and which therefore
 * sits below them all (serve.h): the slots (a read-only connection and its
 * checker per worker), a request's query arguments, text as a message or
 * the access log shows it, and the access-log line.  It calls nothing of
 * the other serve files, so their arrows only point down to it. */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "serve.h"
#include "youdu/text.h"

/* ---- slots ---- */

struct serve_slot *serve_take(struct server *s, struct yd_error *err)
{
	struct serve_slot *slot = NULL;

	pthread_mutex_lock(&s->lock);
	for (;;) {
		for (size_t i = 0; i < s->nslots && !slot; i++)
			if (!s->slots[i].busy)
				slot = &s->slots[i];
		if (slot)
			break;
		pthread_cond_wait(&s->freed, &s->lock);
	}
	slot->busy = 1;
	pthread_mutex_unlock(&s->lock);
	if (yd_checker_begin(slot->checker, NULL, err) < 0) {
		serve_give(s, slot);
		return NULL;
	}
	return slot;
}

void serve_give(struct server *s, struct serve_slot *slot)
{
	yd_checker_end(slot->checker);
	pthread_mutex_lock(&s->lock);
	slot->busy = 0;
	pthread_cond_broadcast(&s->freed);
	pthread_mutex_unlock(&s->lock);
}

/* ---- the access log ---- */

void serve_log_line(const char *method, const char *path, int status, double ms)
{
	char when[32], st[8] = "-";
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (status)
		snprintf(st, sizeof st, "%d", status);
	fprintf(stderr, "%s %s %s %s %.2fms\n", when, method, path, st, ms);
}

/* ---- a request's arguments, text as shown ---- */

const char *serve_arg(const struct serve_req *q, const char *name, size_t *len)
{
	const char *v = NULL;
	size_t n = 0;
	if (MHD_lookup_connection_value_n((struct MHD_Connection *)q->conn, MHD_GET_ARGUMENT_KIND, name, strlen(name),
					  &v, &n) != MHD_YES)
		return NULL;
	if (len)
		*len = v ? n : 0;
	return v ? v : "";
}

/* The length of the UTF-8 character at s (n bytes left), 0 when s does not
 * begin with a whole, valid one. */
static size_t char_len(const char *s, size_t n)
{
	unsigned char c = (unsigned char)*s;
	size_t k = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
	return k && k <= n && yd_utf8_valid_prefix(s, k, NULL) == k ? k : 0;
}

const char *serve_shown(char *out, size_t outsz, const char *s, size_t max)
{
	static const char hex[] = "0123456789ABCDEF";
	static const char more[] = "…";
	size_t n = strlen(s), o = 0, chars = 0;

	for (size_t i = 0; i < n;) {
		size_t k = char_len(s + i, n - i);
		int ctl = k == 1 && ((unsigned char)s[i] < 0x20 || s[i] == 0x7F);
		size_t w = k && !ctl ? k : 3;
		if (chars == max || o + w + sizeof more > outsz) {
			if (o + sizeof more <= outsz) {
				memcpy(out + o, more, sizeof more - 1);
				o += sizeof more - 1;
			}
			break;
		}
		if (k && !ctl) {
			memcpy(out + o, s + i, k);
		} else {
			k = 1;
			out[o] = '%';
			out[o + 1] = hex[(unsigned char)s[i] >> 4];
			out[o + 2] = hex[(unsigned char)s[i] & 15];
		}
		o += w;
		i += k;
		chars++;
	}
	if (outsz)
		out[o < outsz ? o : outsz - 1] = '\0';
	return out;
}

void serve_msg_whole(char *msg)
{
	msg[yd_utf8_valid_prefix(msg, strlen(msg), NULL)] = '\0';
}
