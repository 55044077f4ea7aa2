/* serve_gate.c - youdu serve's front door (see serve_gate.h): one thread
 * accepts, peeks at each new connection's first request head (MSG_PEEK,
 * so libmicrohttpd later reads it whole), hands it over when it is in, and
 * closes what waited too long or is over a cap.
 *
 * Every connection has an entry in one list, from accept to
 * libmicrohttpd's MHD_CONNECTION_NOTIFY_CLOSED.  The gate thread owns the
 * sockets of PENDING entries; after the hand-over the socket is
 * libmicrohttpd's, and the gate only ever shuts one down (never closes
 * it), under the lock and while the entry is still listed: libmicrohttpd
 * notifies CLOSED (which unlists the entry, under the same lock) before it
 * closes the socket, so the descriptor cannot have been reused by then;
 * the peer's address and port are compared as well. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "serve.h"
#include "serve_gate.h"
#include "youdu/json.h"
#include "youdu/out.h"

#define HEAD_MAX (32 * 1024) /* bytes of a first request head the gate waits for */
#define ACCEPT_BURST 64      /* connections accepted per wake-up */

enum gstate {
	G_PENDING, /* in the gate: its first request head awaited */
	G_HANDED,  /* given to libmicrohttpd, not yet started there */
	G_WAITING, /* libmicrohttpd's: a request (or the rest of one) awaited */
	G_BUSY,    /* libmicrohttpd's: a request being answered */
	G_GONE     /* shut down by the gate, not yet closed by libmicrohttpd */
};

struct gconn {
	struct gconn *prev, *next;
	int fd;
	enum gstate state;
	struct timespec since;        /* when its request began to be awaited */
	unsigned char key[8];         /* the client: IPv4 address, or IPv6 /64 */
	size_t keylen;
	struct sockaddr_storage peer; /* to recognise the socket */
	socklen_t peerlen;
};

struct serve_gate {
	struct serve_limits lim;
	int listen_fd;
	int wake[2];               /* a byte written to wake[1] wakes the thread */
	struct MHD_Daemon *d;
	pthread_t thread;
	int started;
	pthread_mutex_t lock;      /* guards the list, every entry's state and stopping */
	struct gconn *head;        /* every connection, newest first */
	int stopping;
	struct timespec no_accept; /* out of descriptors: accept again after this */
	char buf[HEAD_MAX];        /* the head being peeked (the thread's) */
};

/* ---- time ---- */

static struct timespec now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t;
}

static long long ms_since(struct timespec a, struct timespec b)
{
	return (long long)(b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
}

/* ---- the list (under the lock) ---- */

static void link_conn(struct serve_gate *g, struct gconn *c)
{
	c->prev = NULL;
	c->next = g->head;
	if (g->head)
		g->head->prev = c;
	g->head = c;
}

static void unlink_conn(struct serve_gate *g, struct gconn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		g->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
}

static int listed(const struct serve_gate *g, const struct gconn *c)
{
	for (const struct gconn *p = g->head; p; p = p->next)
		if (p == c)
			return 1;
	return 0;
}

static void client_key(struct gconn *c)
{
	const struct sockaddr *sa = (const struct sockaddr *)&c->peer;
	static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	c->keylen = 0;
	if (sa->sa_family == AF_INET) {
		memcpy(c->key, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		c->keylen = 4;
	} else if (sa->sa_family == AF_INET6) {
		const unsigned char *a = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
		if (memcmp(a, v4mapped, 12) == 0) {
			memcpy(c->key, a + 12, 4);
			c->keylen = 4;
		} else {
			memcpy(c->key, a, 8); /* the /64: one site's addresses */
			c->keylen = 8;
		}
	}
}

static int same_client(const struct gconn *a, const struct gconn *b)
{
	return a->keylen == b->keylen && memcmp(a->key, b->key, a->keylen) == 0;
}

static int counted(const struct gconn *c)
{
	return c->state != G_GONE;
}

static int idle(const struct gconn *c)
{
	return c->state == G_PENDING || c->state == G_WAITING;
}

/* The connections of c's client (all when !per_client), c included. */
static long count(const struct serve_gate *g, const struct gconn *c, int per_client)
{
	long n = 0;
	for (const struct gconn *p = g->head; p; p = p->next)
		if (counted(p) && (!per_client || same_client(p, c)))
			n++;
	return n;
}

/* The connection other than c (of c's client when per_client) that has
 * waited longest for a request, or NULL when all are answering one. */
static struct gconn *longest_waiting(const struct serve_gate *g, const struct gconn *c, int per_client)
{
	struct gconn *best = NULL;
	for (struct gconn *p = g->head; p; p = p->next)
		if (p != c && idle(p) && (!per_client || same_client(p, c)) &&
		    (!best || p->since.tv_sec < best->since.tv_sec ||
		     (p->since.tv_sec == best->since.tv_sec && p->since.tv_nsec < best->since.tv_nsec)))
			best = p;
	return best;
}

/* ---- answers from the gate ---- */

static const char *reason_phrase(int status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 408: return "Request Timeout";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
	default: return "Service Unavailable";
	}
}

/* The request line's method and path (without the query) of what c has
 * sent so far, "-" when not in yet. */
static void request_line(const struct gconn *c, char *method, size_t msz, char *path, size_t psz)
{
	char line[1024], m[32] = "-", p[sizeof line] = "-";
	ssize_t n = recv(c->fd, line, sizeof line - 1, MSG_PEEK);
	line[n > 0 ? n : 0] = '\0';
	char *eol = strpbrk(line, "\r\n"), *sp = strchr(line, ' ');
	if (sp && (!eol || sp < eol)) {
		*sp = '\0';
		char *target = sp + 1, *end = strpbrk(target, " ?\r\n");
		if (end)
			*end = '\0';
		snprintf(m, sizeof m, "%.31s", line);
		snprintf(p, sizeof p, "%s", target);
	}
	serve_shown(method, msz, m, msz);
	serve_shown(path, psz, p, 200);
}

/* Answers c (in the gate) with status and {"error": msg}, logs it, best
 * effort: the socket is non-blocking and about to be closed. */
static void answer(const struct gconn *c, int status, const char *msg)
{
	struct yd_buf body = YD_BUF_INIT, out = YD_BUF_INIT;
	char method[16], path[256];

	request_line(c, method, sizeof method, path, sizeof path);
	json_t *o = json_object();
	yd_json_set(o, "error", yd_json_str(msg));
	yd_json_line(&body, o);
	yd_buf_addf(&out,
		    "HTTP/1.1 %d %s\r\nContent-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\n"
		    "X-Content-Type-Options: nosniff\r\nConnection: close\r\nContent-Length: %zu\r\n\r\n",
		    status, reason_phrase(status), body.len);
	yd_buf_add(&out, body.s, body.len);
	if (send(c->fd, out.s, out.len, MSG_NOSIGNAL) < 0) {
		/* the client is gone or not reading: nothing more to do */
	}
	yd_buf_release(&body);
	yd_buf_release(&out);
	serve_log_line(method, path, status, (double)ms_since(c->since, now()));
}

/* Closes c (in the gate) and frees it; reads what it sent first, so that
 * the close does not reset the connection before an answer is read. */
static void drop(struct serve_gate *g, struct gconn *c)
{
	char sink[4096];
	for (int i = 0; i < 16 && recv(c->fd, sink, sizeof sink, 0) > 0; i++)
		;
	close(c->fd);
	unlink_conn(g, c);
	free(c);
}

/* Makes room by closing c: the gate's own with a 503, libmicrohttpd's by
 * shutting it down (it closes it). */
static void evict(struct serve_gate *g, struct gconn *c, const char *why)
{
	if (c->state == G_PENDING) {
		answer(c, 503, why);
		drop(g, c);
		return;
	}
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	if (getpeername(c->fd, (struct sockaddr *)&ss, &sl) == 0 && sl == c->peerlen &&
	    memcmp(&ss, &c->peer, sl) == 0)
		shutdown(c->fd, SHUT_RDWR);
	c->state = G_GONE;
}

/* A new connection c (listed): over a cap, the connection that has
 * waited longest for a request makes room, or c is refused. */
static void admit(struct serve_gate *g, struct gconn *c)
{
	static const char busy_client[] = "too many connections from this address, all busy: try again";
	static const char busy_all[] = "too many connections, all busy: try again";

	if (count(g, c, 1) > g->lim.max_per_client) {
		struct gconn *v = longest_waiting(g, c, 1);
		if (!v) {
			answer(c, 503, busy_client);
			drop(g, c);
			return;
		}
		evict(g, v, "too many connections from this address: this one waited longest");
	}
	if (count(g, c, 0) > g->lim.max_conns) {
		struct gconn *v = longest_waiting(g, c, 0);
		if (!v) {
			answer(c, 503, busy_all);
			drop(g, c);
			return;
		}
		evict(g, v, "too many connections: this one waited longest");
	}
}

/* ---- the first request head ---- */

/* The length of the head in b[0..n) (through its empty line), 0 when
 * not in yet. */
static size_t head_end(const char *b, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (b[i] != '\n')
			continue;
		if (b[i + 1] == '\n')
			return i + 2;
		if (b[i + 1] == '\r' && i + 2 < n && b[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* 0 when libmicrohttpd may read the head h[0..n), else the status to
 * answer and *why: a Content-Length that is not a number, or more than
 * 64-bit, or several that differ (libmicrohttpd 0.9.75 answers the first
 * two itself with the status line sent twice, and takes the first of
 * several). */
static int check_head(const char *h, size_t n, const char **why)
{
	static const char name[] = "content-length:";
	unsigned long long first = 0;
	int seen = 0;
	const char *p = memchr(h, '\n', n), *end = h + n;

	while (p && ++p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			break;
		if ((size_t)(eol - p) >= sizeof name - 1 && strncasecmp(p, name, sizeof name - 1) == 0) {
			const char *v = p + sizeof name - 1, *ve = eol;
			while (v < ve && (*v == ' ' || *v == '\t'))
				v++;
			while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
			unsigned long long x = 0;
			int over = 0;
			if (v == ve) {
				*why = "malformed Content-Length: not a number";
				return 400;
			}
			for (const char *d = v; d < ve; d++) {
				if (*d < '0' || *d > '9') {
					*why = "malformed Content-Length: not a number";
					return 400;
				}
				if (x > (~0ULL - 9) / 10)
					over = 1;
				else
					x = x * 10 + (unsigned long long)(*d - '0');
			}
			if (over) {
				*why = "request body over 64 KiB";
				return 400;
			}
			if (seen && x != first) {
				*why = "malformed Content-Length: several that differ";
				return 400;
			}
			seen = 1;
			first = x;
		}
		p = eol;
	}
	return 0;
}

/* Hands c to libmicrohttpd. */
static void hand(struct serve_gate *g, struct gconn *c)
{
	int one = 1;
	setsockopt(c->fd, SOL_SOCKET, SO_RCVLOWAT, &one, sizeof one);
	pthread_mutex_lock(&g->lock);
	c->state = G_HANDED;
	pthread_mutex_unlock(&g->lock);
	/* libmicrohttpd owns (and closes) the socket from here, even when it
	 * cannot take it; it may have started and closed it already */
	if (MHD_add_connection(g->d, c->fd, (const struct sockaddr *)&c->peer, c->peerlen) != MHD_YES) {
		pthread_mutex_lock(&g->lock);
		if (listed(g, c)) {
			unlink_conn(g, c);
			free(c);
		}
		pthread_mutex_unlock(&g->lock);
	}
}

/* c (in the gate) is readable: its head whole, too long, or not in yet. */
static void peek(struct serve_gate *g, struct gconn *c)
{
	ssize_t n = recv(c->fd, g->buf, sizeof g->buf, MSG_PEEK);
	size_t end = 0;
	const char *why = NULL;
	int status = 0;

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n > 0) {
		end = head_end(g->buf, (size_t)n);
		if (end) {
			status = check_head(g->buf, end, &why);
		} else if ((size_t)n == sizeof g->buf) {
			status = memchr(g->buf, '\n', (size_t)n) ? 431 : 414;
			why = status == 431 ? "request head over 32 KiB" : "request line over 32 KiB";
		}
		if (!status && end) {
			hand(g, c);
			return;
		}
		if (!status) {
			/* not in yet: readable again once more than this has come */
			int low = (int)n + 1;
			setsockopt(c->fd, SOL_SOCKET, SO_RCVLOWAT, &low, sizeof low);
			return;
		}
	}
	pthread_mutex_lock(&g->lock);
	if (status)
		answer(c, status, why);
	drop(g, c); /* answered, or the client left */
	pthread_mutex_unlock(&g->lock);
}

/* ---- accepting ---- */

static void accept_some(struct serve_gate *g)
{
	for (int k = 0; k < ACCEPT_BURST; k++) {
		struct gconn *c = yd_xcalloc(1, sizeof *c);
		c->peerlen = sizeof c->peer;
		c->fd = accept(g->listen_fd, (struct sockaddr *)&c->peer, &c->peerlen);
		if (c->fd < 0) {
			int e = errno;
			free(c);
			if (e == EINTR || e == ECONNABORTED)
				continue;
			if (e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM) {
				/* out of descriptors: the kernel keeps the connection
				 * queued; try again shortly instead of spinning */
				g->no_accept = now();
				g->no_accept.tv_nsec += 100 * 1000000L;
				if (g->no_accept.tv_nsec >= 1000000000L) {
					g->no_accept.tv_sec++;
					g->no_accept.tv_nsec -= 1000000000L;
				}
			}
			return;
		}
		fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
		fcntl(c->fd, F_SETFD, FD_CLOEXEC);
		client_key(c);
		c->state = G_PENDING;
		c->since = now();
		pthread_mutex_lock(&g->lock);
		/* a hand-over libmicrohttpd never started: its socket is closed,
		 * since the number is given again */
		for (struct gconn *p = g->head, *next; p; p = next) {
			next = p->next;
			if (p->state == G_HANDED && p->fd == c->fd) {
				unlink_conn(g, p);
				free(p);
			}
		}
		link_conn(g, c);
		admit(g, c);
		pthread_mutex_unlock(&g->lock);
	}
}

/* Closes what waited past its deadline; returns the milliseconds to the
 * next deadline, -1 when none. */
static long long reap(struct serve_gate *g)
{
	struct timespec t = now();
	long long limit = (long long)g->lim.request_timeout * 1000, next = -1;
	char why[96];

	snprintf(why, sizeof why, "no whole request within %d s", g->lim.request_timeout);
	pthread_mutex_lock(&g->lock);
	for (struct gconn *c = g->head, *nx; c; c = nx) {
		nx = c->next;
		if (c->state == G_BUSY || c->state == G_GONE)
			continue;
		long long left = limit - ms_since(c->since, t);
		if (left > 0) {
			if (next < 0 || left < next)
				next = left;
			continue;
		}
		if (c->state == G_PENDING) {
			answer(c, 408, why);
			drop(g, c);
		} else if (c->state == G_HANDED) {
			unlink_conn(g, c); /* never started by libmicrohttpd */
			free(c);
		} else {
			evict(g, c, why);
		}
	}
	pthread_mutex_unlock(&g->lock);
	return next;
}

static void *gate_main(void *arg)
{
	struct serve_gate *g = arg;
	struct pollfd *pf = NULL;
	struct gconn **who = NULL;
	size_t cap = 0;

	for (;;) {
		long long timeout = reap(g);
		struct timespec t = now();
		int accepting = ms_since(g->no_accept, t) >= 0;
		size_t n = 0;

		if (!accepting) {
			long long wait = -ms_since(g->no_accept, t) + 1;
			if (timeout < 0 || wait < timeout)
				timeout = wait;
		}
		pthread_mutex_lock(&g->lock);
		if (g->stopping) {
			pthread_mutex_unlock(&g->lock);
			break;
		}
		size_t want = 2;
		for (struct gconn *c = g->head; c; c = c->next)
			want += c->state == G_PENDING;
		if (want > cap) {
			cap = want * 2;
			pf = yd_xrealloc(pf, cap * sizeof *pf);
			who = yd_xrealloc(who, cap * sizeof *who);
		}
		pf[n] = (struct pollfd){g->wake[0], POLLIN, 0};
		who[n++] = NULL;
		if (accepting) {
			pf[n] = (struct pollfd){g->listen_fd, POLLIN, 0};
			who[n++] = NULL;
		}
		for (struct gconn *c = g->head; c; c = c->next)
			if (c->state == G_PENDING) {
				pf[n] = (struct pollfd){c->fd, POLLIN, 0};
				who[n++] = c;
			}
		pthread_mutex_unlock(&g->lock);

		int r = poll(pf, (nfds_t)n, timeout < 0 ? -1 : timeout > 60000 ? 60000 : (int)timeout);
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0)
			continue;
		if (pf[0].revents) {
			char sink[64];
			while (read(g->wake[0], sink, sizeof sink) > 0)
				;
		}
		/* the gate's own first (accepting may close some of them) */
		for (size_t i = accepting ? 2 : 1; i < n; i++)
			if (pf[i].revents)
				peek(g, who[i]);
		if (accepting && pf[1].revents)
			accept_some(g);
	}
	free(pf);
	free(who);
	return NULL;
}

/* ---- the interface ---- */

struct serve_gate *serve_gate_new(int listen_fd, const struct serve_limits *lim)
{
	struct serve_gate *g = yd_xcalloc(1, sizeof *g);
	g->lim = *lim;
	g->listen_fd = listen_fd;
	g->wake[0] = g->wake[1] = -1;
	pthread_mutex_init(&g->lock, NULL);
	fcntl(listen_fd, F_SETFL, fcntl(listen_fd, F_GETFL) | O_NONBLOCK);
	return g;
}

int serve_gate_start(struct serve_gate *g, struct MHD_Daemon *d)
{
	int e;
	g->d = d;
	if (pipe(g->wake) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(g->wake[i], F_SETFL, fcntl(g->wake[i], F_GETFL) | O_NONBLOCK);
		fcntl(g->wake[i], F_SETFD, FD_CLOEXEC);
	}
	if ((e = pthread_create(&g->thread, NULL, gate_main, g)) != 0) {
		errno = e;
		return -1;
	}
	g->started = 1;
	return 0;
}

void serve_gate_stop(struct serve_gate *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->lock);
	g->stopping = 1;
	pthread_mutex_unlock(&g->lock);
	if (g->started) {
		if (write(g->wake[1], "x", 1) < 0) {
			/* the pipe is full: the thread is being woken already */
		}
		pthread_join(g->thread, NULL);
		g->started = 0;
	}
	if (g->listen_fd >= 0)
		close(g->listen_fd);
	g->listen_fd = -1;
	pthread_mutex_lock(&g->lock);
	for (struct gconn *c = g->head, *nx; c; c = nx) {
		nx = c->next;
		if (c->state == G_PENDING)
			drop(g, c);
	}
	pthread_mutex_unlock(&g->lock);
}

void serve_gate_free(struct serve_gate *g)
{
	if (!g)
		return;
	serve_gate_stop(g);
	while (g->head) {
		struct gconn *c = g->head;
		unlink_conn(g, c);
		free(c);
	}
	for (int i = 0; i < 2; i++)
		if (g->wake[i] >= 0)
			close(g->wake[i]);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

void serve_gate_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
		       enum MHD_ConnectionNotificationCode code)
{
	struct serve_gate *g = cls;
	struct gconn *c = NULL;

	pthread_mutex_lock(&g->lock);
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *fi = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		int fd = fi ? fi->connect_fd : -1;
		for (c = g->head; c; c = c->next)
			if (c->state == G_HANDED && c->fd == fd)
				break;
		if (!c && fd >= 0) {
			/* one the gate no longer knew (started after its deadline) */
			c = yd_xcalloc(1, sizeof *c);
			c->fd = fd;
			c->peerlen = sizeof c->peer;
			if (getpeername(fd, (struct sockaddr *)&c->peer, &c->peerlen) < 0)
				c->peerlen = 0;
			client_key(c);
			c->since = now();
			link_conn(g, c);
		}
		if (c)
			c->state = G_WAITING;
		*socket_context = c;
	} else if ((c = *socket_context)) {
		unlink_conn(g, c);
		free(c);
		*socket_context = NULL;
	}
	pthread_mutex_unlock(&g->lock);
}

void serve_gate_request(struct serve_gate *g, struct MHD_Connection *conn, int busy)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct gconn *c = ci ? ci->socket_context : NULL;

	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	if (c->state != G_GONE) {
		c->state = busy ? G_BUSY : G_WAITING;
		if (!busy)
			c->since = now();
	}
	pthread_mutex_unlock(&g->lock);
}
