/* serve_lazy.c - libmicrohttpd, loaded when `youdu serve` starts
 * (include/youdu/lazy.h): linked, it and the gnutls it brings were
 * relocated and initialised at the start of every command. */
#include <microhttpd.h>
#include <stdarg.h>

#include "serve.h"
#include "youdu/lazy.h"

#ifndef YD_SONAME_MICROHTTPD
#define YD_SONAME_MICROHTTPD "libmicrohttpd.so.12"
#endif

/* The variadic two are called through their fixed forms below. */
#define HTTP_FUNCS(X) \
	X(return, enum MHD_Result, MHD_add_connection, \
	  (struct MHD_Daemon * d, MHD_socket s, const struct sockaddr *addr, socklen_t len), (d, s, addr, len)) \
	X(return, enum MHD_Result, MHD_add_response_header, (struct MHD_Response * r, const char *h, const char *v), \
	  (r, h, v)) \
	X(return, struct MHD_Response *, MHD_create_response_from_buffer, \
	  (size_t size, void *buf, enum MHD_ResponseMemoryMode mode), (size, buf, mode)) \
	X(, void, MHD_destroy_response, (struct MHD_Response * r), (r)) \
	X(return, const char *, MHD_lookup_connection_value, \
	  (struct MHD_Connection * c, enum MHD_ValueKind kind, const char *key), (c, kind, key)) \
	X(return, enum MHD_Result, MHD_lookup_connection_value_n, \
	  (struct MHD_Connection * c, enum MHD_ValueKind kind, const char *key, size_t klen, const char **v, \
	   size_t *vlen), \
	  (c, kind, key, klen, v, vlen)) \
	X(return, enum MHD_Result, MHD_queue_response, (struct MHD_Connection * c, unsigned int status, \
							struct MHD_Response *r), \
	  (c, status, r)) \
	X(, void, MHD_stop_daemon, (struct MHD_Daemon * d), (d))

enum { HTTP_FUNCS(YD_LAZY_ENUM) YD_LAZY_I_MHD_start_daemon_va, YD_LAZY_I_MHD_get_connection_info, HTTP_N };
static const char *const http_names[] = {HTTP_FUNCS(YD_LAZY_NAME) "MHD_start_daemon_va", "MHD_get_connection_info"};
static yd_lazy_fn_t http_fn[HTTP_N];
static struct yd_lazy_lib http = {YD_SONAME_MICROHTTPD, "libmicrohttpd12", "youdu serve", http_names, http_fn,
				  HTTP_N, 0};

int serve_http_load(struct yd_error *err)
{
	return yd_lazy_load(&http, err);
}

#define HTTP_STUB(R, T, N, P, A) YD_LAZY_STUB_OF(http, R, T, N, P, A)
HTTP_FUNCS(HTTP_STUB)

typedef struct MHD_Daemon *(*start_va_fn)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *,
					   MHD_AccessHandlerCallback, void *, va_list);

struct MHD_Daemon *MHD_start_daemon(unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc, void *apc_cls,
				    MHD_AccessHandlerCallback dh, void *dh_cls, ...)
{
	va_list ap;
	va_start(ap, dh_cls);
	struct MHD_Daemon *d =
	    ((start_va_fn)yd_lazy_fn(&http, YD_LAZY_I_MHD_start_daemon_va))(flags, port, apc, apc_cls, dh, dh_cls, ap);
	va_end(ap);
	return d;
}

typedef const union MHD_ConnectionInfo *(*info_fn)(struct MHD_Connection *, enum MHD_ConnectionInfoType, ...);

/* youdu asks only for kinds that take no further argument (the
 * connection's fd and socket context) */
const union MHD_ConnectionInfo *MHD_get_connection_info(struct MHD_Connection *c, enum MHD_ConnectionInfoType type,
							 ...)
{
	return ((info_fn)yd_lazy_fn(&http, YD_LAZY_I_MHD_get_connection_info))(c, type);
}
