/* serve_gate.h - youdu serve's front door (CLI layer only).
 *
 * The gate accepts connections on the listen socket itself and keeps each
 * one until its first request head is in whole, then hands it to
 * libmicrohttpd (MHD_add_connection).  It bounds what slow or many
 * connections can hold:
 *   - a request must arrive whole (head and body) within request_timeout
 *     seconds of the connection opening or of the previous answer on it;
 *     a connection still waiting then is closed (408 while in the gate);
 *   - at most max_per_client connections from one client address (an
 *     IPv6 client by its /64) and max_conns in all: a connection over a
 *     cap closes the client's (or anyone's) connection that has waited
 *     longest for its request, so a slow client only ever pushes out slow
 *     connections and a fresh client is answered at once; when every
 *     connection is busy with a request, the new one is refused (503);
 *   - the first head's Content-Length is read before libmicrohttpd's: its
 *     own 400/413 answers to a malformed one (0.9.75) send the status line
 *     twice, the gate answers a proper 400.
 * The gate's thread also closes connections past their deadline. */
#ifndef YOUDU_SERVE_GATE_H
#define YOUDU_SERVE_GATE_H

#include <microhttpd.h>

struct serve_limits {
	int request_timeout; /* seconds a request may take to arrive whole */
	long max_conns;      /* connections open at once */
	long max_per_client; /* of them from one client address */
};

struct serve_gate;

/* A gate for the listening socket listen_fd, which it owns from then on
 * (closed by serve_gate_stop or _free). */
struct serve_gate *serve_gate_new(int listen_fd, const struct serve_limits *lim);
/* Starts accepting for d (started with MHD_USE_NO_LISTEN_SOCKET and
 * serve_gate_notify).  Returns 0, or -1 with errno when the thread cannot
 * be started. */
int serve_gate_start(struct serve_gate *g, struct MHD_Daemon *d);
/* Stops accepting: closes the listen socket and the connections still in
 * the gate, and waits for its thread.  The connections libmicrohttpd has
 * stay with it. */
void serve_gate_stop(struct serve_gate *g);
/* After MHD_stop_daemon: frees the gate (accepts NULL). */
void serve_gate_free(struct serve_gate *g);

/* MHD_OPTION_NOTIFY_CONNECTION's callback, cls the gate. */
void serve_gate_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		       enum MHD_ConnectionNotificationCode code);
/* From the access handler: busy = 1 when a request is being answered (no
 * deadline while it is), 0 when it is done (the next is awaited from now). */
void serve_gate_request(struct serve_gate *g, struct MHD_Connection *c, int busy);

#endif
