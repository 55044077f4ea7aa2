/* cmd_serve.c - youdu serve: the pre-decision check where officers work,
 * as a JSON API and a web form, on libmicrohttpd's thread pool.
 *
 * Each worker thread takes a slot (a read-only SQLite connection and its
 * checker) for the length of one request; a request reads one snapshot
 * and the checker reloads itself when analyze (or an import) committed
 * since.  One access-log line per request on stderr; SIGTERM or SIGINT
 * stop accepting, let the requests in flight finish, and exit 0. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "serve.h"
#include "serve_gate.h"
#include "youdu/db.h"

/* ---- requests ---- */

/* What one request keeps between the calls of the access handler. */
struct request {
	struct timespec t0;
	char method[16];
	char path[256];
	struct yd_buf body;
	int too_big;
	int status; /* answered with, 0 before */
};

typedef void (*handler_fn)(struct server *, const struct serve_req *, struct serve_reply *);

/* The routes: method, path, handler.  HEAD is answered as GET. */
static const struct route {
	const char *method, *path;
	handler_fn fn;
} routes[] = {
    {"GET", "/", serve_page_form},
    {"GET", "/check", serve_page_check},
    {"POST", "/api/check", serve_api_check},
    {"POST", "/api/check/batch", serve_api_batch},
    {"GET", "/api/health", serve_api_health},
    {"GET", "/api/catalogue", serve_api_catalogue},
    {"GET", "/api/regions", serve_api_regions},
    {"POST", "/api/review", serve_api_review},
    {"GET", "/login", serve_page_login},
    {"POST", "/login", serve_login},
    {"POST", "/review", serve_review_form},
};

static enum MHD_Result send_reply(struct MHD_Connection *conn, struct request *rq, struct serve_reply *rep)
{
	size_t len = rep->body.len;
	char *data = yd_buf_detach(&rep->body);
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, data ? data : (void *)"",
								     data ? MHD_RESPMEM_MUST_FREE
									  : MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		free(data);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", rep->type);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (rep->allow)
		MHD_add_response_header(resp, "Allow", rep->allow);
	if (rep->location[0])
		MHD_add_response_header(resp, "Location", rep->location);
	if (rep->cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", rep->cookie);
	if (strncmp(rep->type, "text/html", 9) == 0)
		MHD_add_response_header(resp, "Content-Security-Policy",
					"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
	rq->status = rep->status;
	enum MHD_Result r = MHD_queue_response(conn, (unsigned)rep->status, resp);
	MHD_destroy_response(resp);
	return r;
}

static void reply_error(struct serve_reply *rep, int status, const char *msg)
{
	struct serve_input_error e = {status, NULL, ""};
	snprintf(e.msg, sizeof e.msg, "%s", msg);
	serve_json_error(rep, &e, NULL);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct server *s = cls;
	struct request *rq = *con_cls;
	struct serve_reply rep = {200, "application/json; charset=utf-8", NULL, YD_BUF_INIT, "", ""};
	(void)version;

	if (!rq) {
		/* the first call: the headers are in */
		rq = yd_xcalloc(1, sizeof *rq);
		clock_gettime(CLOCK_MONOTONIC, &rq->t0);
		serve_shown(rq->method, sizeof rq->method, method, sizeof rq->method);
		serve_shown(rq->path, sizeof rq->path, url, 200);
		*con_cls = rq;
		pthread_mutex_lock(&s->lock);
		s->active++;
		pthread_mutex_unlock(&s->lock);
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > SERVE_MAX_BODY) {
			/* refused before reading it */
			serve_gate_request(s->gate, conn, 1);
			reply_error(&rep, 400, "request body over 64 KiB");
			return send_reply(conn, rq, &rep);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (rq->body.len + *upload_size > SERVE_MAX_BODY)
			rq->too_big = 1;
		else
			yd_buf_add(&rq->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (rq->status)
		return MHD_YES; /* already answered */
	serve_gate_request(s->gate, conn, 1); /* the request is in: no deadline while answering */
	if (rq->too_big) {
		reply_error(&rep, 400, "request body over 64 KiB");
		return send_reply(conn, rq, &rep);
	}
	const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
	const char *allow = NULL;
	for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
		if (strcmp(routes[i].path, url) != 0)
			continue;
		/* a path has one method, /login two; GET is also HEAD */
		allow = strcmp(url, "/login") == 0 ? "GET, HEAD, POST"
			: strcmp(routes[i].method, "GET") == 0 ? "GET, HEAD" : routes[i].method;
		if (strcmp(routes[i].method, m) != 0)
			continue;
		struct serve_req q = {conn, yd_buf_str(&rq->body), rq->body.len};
		routes[i].fn(s, &q, &rep);
		return send_reply(conn, rq, &rep);
	}
	if (allow) {
		reply_error(&rep, 405, "method not allowed here");
		rep.allow = allow;
	} else {
		char msg[400], shown[320];
		snprintf(msg, sizeof msg, "no such page: %s", serve_shown(shown, sizeof shown, url, 80));
		reply_error(&rep, 404, msg);
	}
	return send_reply(conn, rq, &rep);
}

/* The access log line, when a request is done (answered or abandoned). */
static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode why)
{
	struct server *s = cls;
	struct request *rq = *con_cls;
	struct timespec t1;
	(void)why;

	if (!rq)
		return;
	serve_gate_request(s->gate, conn, 0); /* the next request is awaited from now */
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - rq->t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - rq->t0.tv_nsec) / 1e6;
	serve_log_line(rq->method, rq->path, rq->status, ms);
	yd_buf_release(&rq->body);
	free(rq);
	*con_cls = NULL;
	pthread_mutex_lock(&s->lock);
	s->active--;
	pthread_cond_broadcast(&s->freed);
	pthread_mutex_unlock(&s->lock);
}

/* ---- listening ---- */

/* Opens a listening socket on "ADDR:PORT" ("[::1]:8750" for IPv6); prints
 * the error and returns -1 when it cannot. */
static int listen_on(const char *spec, char *shown, size_t shownsz)
{
	char host[256];
	const char *colon = strrchr(spec, ':');
	const char *port = colon ? colon + 1 : "";
	size_t hl = colon ? (size_t)(colon - spec) : 0;
	struct addrinfo hints, *ai = NULL;
	int fd = -1, one = 1, rc;

	if (!colon || !*port || hl == 0 || hl >= sizeof host || strspn(port, "0123456789") != strlen(port)) {
		cli_usage_error("serve", "--listen: expected ADDRESS:PORT (127.0.0.1:8750, [::1]:8750), not '%s'", spec);
		return -1;
	}
	memcpy(host, spec, hl);
	host[hl] = '\0';
	if (host[0] == '[' && host[hl - 1] == ']') {
		memmove(host, host + 1, hl - 2);
		host[hl - 2] = '\0';
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, port, &hints, &ai)) != 0) {
		fprintf(stderr, "youdu serve: cannot listen on %s: %s\n", spec, gai_strerror(rc));
		return -1;
	}
	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 1024) < 0) {
		int e = errno;
		fprintf(stderr, "youdu serve: cannot listen on %s: %s%s\n", spec, strerror(e),
			e == EADDRINUSE ? " (another server has the port: stop it or give --listen ADDRESS:OTHERPORT)" : "");
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return -1;
	}
	/* the address really bound (port 0 picks a free one) */
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	char h[INET6_ADDRSTRLEN] = "", p[16] = "";
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0 &&
	    getnameinfo((struct sockaddr *)&ss, sl, h, sizeof h, p, sizeof p, NI_NUMERICHOST | NI_NUMERICSERV) == 0)
		snprintf(shown, shownsz, ss.ss_family == AF_INET6 ? "[%s]:%s" : "%s:%s", h, p);
	else
		snprintf(shown, shownsz, "%s", spec);
	freeaddrinfo(ai);
	return fd;
}

/* Makes sure this process may open n files, raising its soft limit when it
 * must; returns 0, or -1 when the hard limit is lower.  n = 0: returns
 * the limit. */
static long open_files(long n)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return n ? 0 : -1;
	if (n == 0)
		return rl.rlim_max == RLIM_INFINITY ? 1L << 30 : (long)rl.rlim_max;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)n) {
		if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < (rlim_t)n)
			return -1;
		rl.rlim_cur = (rlim_t)n;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			return -1;
	}
	return 0;
}

/* Says the server is ready: its address as one line (http://HOST:PORT/) in
 * path.  A FIFO (or another file that is not a regular one) gets the line
 * written straight to it, so a test that reads the FIFO waits for exactly
 * this and no clock; a regular file gets it through a temporary file
 * renamed over it, so whoever looks sees the whole line or none.  Returns
 * 0, or -1 with the reason on stderr. */
static int say_ready(const char *path, const char *shown)
{
	char line[400], tmp[4096];
	struct stat st;
	int n = snprintf(line, sizeof line, "http://%s/\n", shown);
	errno = 0;
	int direct = stat(path, &st) == 0 && !S_ISREG(st.st_mode);
	if ((size_t)snprintf(tmp, sizeof tmp, direct ? "%s" : "%s.tmp", path) >= sizeof tmp)
		goto fail;
	int fd = open(tmp, O_WRONLY | O_CLOEXEC | (direct ? 0 : O_CREAT | O_TRUNC), 0644);
	if (fd < 0)
		goto fail;
	ssize_t w = write(fd, line, (size_t)n);
	if (close(fd) != 0 || w != n || (!direct && rename(tmp, path) != 0)) {
		if (!direct)
			unlink(tmp);
		goto fail;
	}
	return 0;
fail:
	fprintf(stderr, "youdu serve: --ready-file %s: %s\n", path, strerror(errno ? errno : EIO));
	return -1;
}

/* The token that writes through POST /api/review, from its file: a secret
 * of one line of 16+ characters.  0, or the exit code. */
static int read_token(const char *token_file, char *token, size_t n)
{
	FILE *tf = fopen(token_file, "r");
	size_t len = tf ? fread(token, 1, n - 1, tf) : 0;
	if (tf)
		fclose(tf);
	token[len] = '\0';
	while (len && (token[len - 1] == '\n' || token[len - 1] == '\r' || token[len - 1] == ' '))
		token[--len] = '\0';
	if (!tf)
		return cli_usage_error("serve", "--review-token-file: cannot read '%s'", token_file);
	if (len < 16 || strchr(token, '\n'))
		return cli_usage_error("serve", "--review-token-file: the token must be one line of at least 16 characters");
	return 0;
}

/* Waits at most 10 s for the requests already begun. */
static void drain(struct server *s)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	pthread_mutex_lock(&s->lock);
	while (s->active > 0 && pthread_cond_timedwait(&s->freed, &s->lock, &until) == 0)
		;
	pthread_mutex_unlock(&s->lock);
}

const struct cli_opt cli_serve_opts[] = {
    CLI_OPT('l', "listen", "A:P",
	    "address and port (default 127.0.0.1:8750, this machine only;\n"
	    "0.0.0.0:8750 or [::]:8750 to serve others; port 0 picks a free one)"),
    CLI_OPT('t', "threads", "N",
	    "worker threads, each with its own read-only connection\n"
	    "(default: the number of processors, 2 to 16)"),
    CLI_OPT('T', "review-token-file", "FILE",
	    "allow POST /api/review (youdu review's dispositions, one or an\n"
	    "array, all or none) to requests with 'Authorization: Bearer\n"
	    "TOKEN', TOKEN the file's one line (16+ characters); without it\n"
	    "the server never writes (403)"),
    CLI_OPT('R', "ready-file", "FILE",
	    "once listening, write the address (http://HOST:PORT/) as one\n"
	    "line to FILE: a FIFO directly (a script reads it to wait for\n"
	    "the server), a regular file through a temporary file renamed\n"
	    "over it"),
    CLI_OPT('r', "request-timeout", "S",
	    "seconds a request may take to arrive whole (head and body),\n"
	    "from the connection opening or the previous answer on it;\n"
	    "then the connection is closed (default 10, 1 to 3600)"),
    CLI_OPT('m', "max-connections", "N", "connections open at once (default 512)"),
    CLI_OPT('p', "max-per-client", "N",
	    "of them from one client address, an IPv6 one by its /64\n"
	    "(default 64).  Over a limit, the connection that has waited\n"
	    "longest for its request is closed to make room, or, when all\n"
	    "are being answered, the new one is refused (503)"),
    CLI_OPT_END};

int cmd_serve(int argc, char **argv, struct cli *cli)
{
	char token[4096] = "";
	const char *token_file = NULL, *ready_file = NULL;
	const char *listen_spec = "127.0.0.1:8750";
	long threads = sysconf(_SC_NPROCESSORS_ONLN), timeout = 10;
	struct serve_limits lim = {10, 512, 64};
	struct server s;
	struct serve_gate *gate = NULL;
	struct MHD_Daemon *d = NULL;
	struct yd_error err = {0};
	char shown[300];
	int c, fd = -1, rc = EXIT_OK_;

	if (threads < 2)
		threads = 2;
	if (threads > 16)
		threads = 16;
	while ((c = cli_getopt("serve", argc, argv, cli_serve_opts)) != -1) {
		switch (c) {
		case 'l': listen_spec = optarg; break;
		case 'T': token_file = optarg; break;
		case 'R': ready_file = optarg; break;
		case 't':
			if (cli_parse_long("serve", "--threads", optarg, 1, 64, &threads) != 0)
				return EXIT_USAGE;
			break;
		case 'r':
			if (cli_parse_long("serve", "--request-timeout", optarg, 1, 3600, &timeout) != 0)
				return EXIT_USAGE;
			lim.request_timeout = (int)timeout;
			break;
		case 'm':
			if (cli_parse_long("serve", "--max-connections", optarg, 1, 100000, &lim.max_conns) != 0)
				return EXIT_USAGE;
			break;
		case 'p':
			if (cli_parse_long("serve", "--max-per-client", optarg, 1, 100000, &lim.max_per_client) != 0)
				return EXIT_USAGE;
			break;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
	if (lim.max_per_client > lim.max_conns)
		lim.max_per_client = lim.max_conns;
	if (open_files(lim.max_conns + 64 + 4 * threads) < 0)
		return cli_usage_error("serve", "--max-connections %ld needs %ld open files; this process may open %ld "
						"(ulimit -n)",
				       lim.max_conns, lim.max_conns + 64 + 4 * threads, open_files(0));

	if (token_file && (rc = read_token(token_file, token, sizeof token)) != 0)
		return rc;
	if (serve_http_load(&err) < 0)
		return cli_fail(&err);
	memset(&s, 0, sizeof s);
	s.db_path = cli->db_path;
	s.review_token = token_file ? token : NULL;
	pthread_mutex_init(&s.lock, NULL);
	pthread_cond_init(&s.freed, NULL);
	s.nslots = (size_t)threads;
	s.slots = yd_xcalloc(s.nslots, sizeof *s.slots);
	for (size_t i = 0; i < s.nslots; i++) {
		if ((rc = cli_open_db(cli, YD_DB_READONLY | YD_DB_MAPPED, &s.slots[i].db)) != 0)
			goto out;
		if (yd_checker_open(s.slots[i].db, 1, &s.slots[i].checker, &err) < 0) {
			rc = cli_fail(&err);
			goto out;
		}
		if (i == 0)
			cli->quiet_notes = 1; /* the stale-analysis note once, not per thread */
	}
	if ((fd = listen_on(listen_spec, shown, sizeof shown)) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}

	/* the workers inherit a mask without SIGINT/SIGTERM: this thread waits for them */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* the gate accepts (serve_gate.h); libmicrohttpd gets a connection once
	 * its first request head is in.  Its own cap is only a backstop: the
	 * gate's is lower, and it splits its own among the threads.  A
	 * connection's memory pool holds a head up to the gate's 32 KiB (case
	 * 276) and no more than it must: libmicrohttpd zeroes the whole pool
	 * for every request (at 128 KiB, 3 % of a check's time). */
	gate = s.gate = serve_gate_new(fd, &lim);
	fd = -1;
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC | MHD_USE_NO_LISTEN_SOCKET, 0,
			     NULL, NULL, on_request, &s, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, &s, MHD_OPTION_NOTIFY_CONNECTION, serve_gate_notify,
			     gate, MHD_OPTION_CONNECTION_LIMIT, (unsigned)(2 * lim.max_conns + 4 * threads),
			     MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
			     MHD_OPTION_END);
	if (!d || serve_gate_start(gate, d) < 0) {
		fprintf(stderr, "youdu serve: cannot start the HTTP server on %s\n", shown);
		rc = EXIT_USAGE;
		goto out;
	}
	fprintf(stderr,
		"youdu serve: listening on http://%s/ (%ld threads, database %s; a request within %d s, "
		"%ld connections, %ld per client)\n",
		shown, threads, cli->db_path, lim.request_timeout, lim.max_conns, lim.max_per_client);
	if (ready_file && say_ready(ready_file, shown) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	int sig = 0;
	sigwait(&stop, &sig);
	fprintf(stderr, "youdu serve: %s: finishing the requests in flight\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	serve_gate_stop(gate);
	drain(&s);
	MHD_stop_daemon(d);
	d = NULL;
	fprintf(stderr, "youdu serve: stopped\n");
out:
	if (d)
		MHD_stop_daemon(d);
	serve_gate_free(gate);
	if (fd >= 0)
		close(fd);
	for (size_t i = 0; i < s.nslots; i++) {
		yd_checker_free(s.slots[i].checker);
		yd_db_close(s.slots[i].db);
	}
	free(s.slots);
	pthread_cond_destroy(&s.freed);
	pthread_mutex_destroy(&s.lock);
	return rc;
}
