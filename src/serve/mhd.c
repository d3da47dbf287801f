/* libmicrohttpd, loaded when a server starts rather than when chronicle
 * does.
 *
 * Linked in the ordinary way, libmicrohttpd brings GnuTLS and its nine
 * libraries into every run, and the dynamic loader spends about 2 ms
 * mapping and relocating them before main: a tenth of the time `extract`
 * takes over 10 MB, for a server only `serve` starts. So the binary is
 * not linked with it. chr_mhd_load opens the library the build found
 * (CHR_MHD_SONAME, from the Makefile) with chr_lib_open, and this file
 * defines the twelve functions serve.c calls, under their own names, as
 * src/util/libs.c does for libical and libxml2: microhttpd.h declares
 * them, so the compiler holds each definition to the library's prototype,
 * and each forwards to the library's function through its address.
 *
 * Three of the twelve are variadic. MHD_start_daemon forwards its
 * arguments to MHD_start_daemon_va. The two info getters take extra
 * arguments for no info type serve.c asks for, so they forward none. */
#include "serve/serve.h"
#include "util/util.h"

#include <microhttpd.h>
#include <stdarg.h>

#ifndef CHR_MHD_SONAME
#define CHR_MHD_SONAME "libmicrohttpd.so.12"
#endif

/* The library's functions, as libs.c lists them: F(return type, name,
 * parameters, arguments), V for one that returns nothing. */
#define MHD_FUNCTIONS(F, V) \
	V(MHD_stop_daemon, (struct MHD_Daemon * d), (d)) \
	F(MHD_socket, MHD_quiesce_daemon, (struct MHD_Daemon * d), (d)) \
	F(const char *, MHD_lookup_connection_value, \
	  (struct MHD_Connection * c, enum MHD_ValueKind kind, const char *key), (c, kind, key)) \
	F(int, MHD_get_connection_values, \
	  (struct MHD_Connection * c, enum MHD_ValueKind kind, MHD_KeyValueIterator it, void *cls), \
	  (c, kind, it, cls)) \
	F(struct MHD_Response *, MHD_create_response_from_buffer, \
	  (size_t size, void *buffer, enum MHD_ResponseMemoryMode mode), (size, buffer, mode)) \
	F(struct MHD_Response *, MHD_create_response_from_buffer_with_free_callback, \
	  (size_t size, void *buffer, MHD_ContentReaderFreeCallback crfc), (size, buffer, crfc)) \
	F(enum MHD_Result, MHD_add_response_header, \
	  (struct MHD_Response * r, const char *header, const char *content), \
	  (r, header, content)) \
	F(enum MHD_Result, MHD_queue_response, \
	  (struct MHD_Connection * c, unsigned int status, struct MHD_Response *r), \
	  (c, status, r)) \
	V(MHD_destroy_response, (struct MHD_Response * r), (r))

/* The three variadic ones, called through these types. */
typedef struct MHD_Daemon *start_va_fn(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *,
                                       MHD_AccessHandlerCallback, void *, va_list);
typedef const union MHD_DaemonInfo *daemon_info_fn(struct MHD_Daemon *,
                                                   enum MHD_DaemonInfoType, ...);
typedef const union MHD_ConnectionInfo *connection_info_fn(struct MHD_Connection *,
                                                           enum MHD_ConnectionInfoType, ...);

#define INDEX(ret, name, params, args) I_##name,
#define INDEX_V(name, params, args) I_##name,
#define NAME(ret, name, params, args) #name,
#define NAME_V(name, params, args) #name,

enum { MHD_FUNCTIONS(INDEX, INDEX_V) I_start_daemon_va, I_get_daemon_info,
       I_get_connection_info, mhd_count };
static const char *const mhd_names[] = { MHD_FUNCTIONS(NAME, NAME_V) "MHD_start_daemon_va",
	                                 "MHD_get_daemon_info", "MHD_get_connection_info" };
static chr_lib_fn mhd_fns[mhd_count];
static chr_lib mhd = { .soname = CHR_MHD_SONAME, .names = mhd_names, .fns = mhd_fns,
	               .n = mhd_count };

const char *chr_mhd_load(void)
{
	return chr_lib_open(&mhd);
}

/* No MHD_ function is called before chr_mhd_load has succeeded (serve.c
 * calls it first), so these do not open the library themselves. */
#define DEFINE(ret, name, params, args) \
	ret name params \
	{ \
		return ((ret(*) params)mhd_fns[I_##name]) args; \
	}
#define DEFINE_V(name, params, args) \
	void name params \
	{ \
		((void(*) params)mhd_fns[I_##name]) args; \
	}

MHD_FUNCTIONS(DEFINE, DEFINE_V)

struct MHD_Daemon *MHD_start_daemon(unsigned int flags, uint16_t port,
                                    MHD_AcceptPolicyCallback apc, void *apc_cls,
                                    MHD_AccessHandlerCallback dh, void *dh_cls, ...)
{
	va_list ap;
	va_start(ap, dh_cls);
	struct MHD_Daemon *d =
		((start_va_fn *)mhd_fns[I_start_daemon_va])(flags, port, apc, apc_cls, dh, dh_cls, ap);
	va_end(ap);
	return d;
}

const union MHD_DaemonInfo *MHD_get_daemon_info(struct MHD_Daemon *daemon,
                                                enum MHD_DaemonInfoType info_type, ...)
{
	return ((daemon_info_fn *)mhd_fns[I_get_daemon_info])(daemon, info_type);
}

const union MHD_ConnectionInfo *MHD_get_connection_info(struct MHD_Connection *connection,
                                                        enum MHD_ConnectionInfoType info_type,
                                                        ...)
{
	return ((connection_info_fn *)mhd_fns[I_get_connection_info])(connection, info_type);
}
