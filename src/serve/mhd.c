/* libmicrohttpd, loaded when a server starts rather than when chronicle
 * does.
 *
 * Linked in the ordinary way, libmicrohttpd brings GnuTLS and its nine
 * libraries into every run, and the dynamic loader spends about 2 ms
 * mapping and relocating them before main: a tenth of the time `extract`
 * takes over 10 MB, for a server only `serve` starts. So the binary is
 * not linked with it. chr_mhd_load opens the library the build found
 * (CHR_MHD_SONAME, from the Makefile) and this file defines the twelve
 * functions serve.c calls, under their own names: microhttpd.h declares
 * them, so the compiler holds each definition to the library's prototype,
 * and each forwards to the library's function through a pointer.
 *
 * Three of the twelve are variadic. MHD_start_daemon forwards its
 * arguments to MHD_start_daemon_va. The two info getters take extra
 * arguments for no info type serve.c asks for, so they forward none. */
#include "serve/serve.h"

#include <dlfcn.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#ifndef CHR_MHD_SONAME
#define CHR_MHD_SONAME "libmicrohttpd.so.12"
#endif

static struct {
	struct MHD_Daemon *(*start_daemon_va)(unsigned int, uint16_t, MHD_AcceptPolicyCallback,
	                                      void *, MHD_AccessHandlerCallback, void *, va_list);
	void (*stop_daemon)(struct MHD_Daemon *);
	MHD_socket (*quiesce_daemon)(struct MHD_Daemon *);
	const union MHD_DaemonInfo *(*get_daemon_info)(struct MHD_Daemon *, enum MHD_DaemonInfoType,
	                                               ...);
	const union MHD_ConnectionInfo *(*get_connection_info)(struct MHD_Connection *,
	                                                       enum MHD_ConnectionInfoType, ...);
	const char *(*lookup_connection_value)(struct MHD_Connection *, enum MHD_ValueKind,
	                                       const char *);
	struct MHD_Response *(*create_response_from_buffer)(size_t, void *, enum MHD_ResponseMemoryMode);
	struct MHD_Response *(*create_response_from_buffer_with_free_callback)(size_t, void *,
	                                                                       MHD_ContentReaderFreeCallback);
	enum MHD_Result (*add_response_header)(struct MHD_Response *, const char *, const char *);
	enum MHD_Result (*queue_response)(struct MHD_Connection *, unsigned int, struct MHD_Response *);
	void (*destroy_response)(struct MHD_Response *);
} mhd;

static pthread_once_t mhd_once = PTHREAD_ONCE_INIT;
static char mhd_problem[256];

/* dlsym returns a data pointer; POSIX guarantees it converts to a function
 * pointer, and copying the bytes says so without a cast ISO C forbids. */
static bool bind_symbol(void *lib, const char *name, void *slot, size_t size)
{
	void *p = dlsym(lib, name);
	if (!p) {
		snprintf(mhd_problem, sizeof mhd_problem, "%s has no %s", CHR_MHD_SONAME, name);
		return false;
	}
	memcpy(slot, &p, size);
	return true;
}

#define BIND(lib, field) bind_symbol(lib, "MHD_" #field, &mhd.field, sizeof mhd.field)

static void load(void)
{
	void *lib = dlopen(CHR_MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		const char *why = dlerror();
		snprintf(mhd_problem, sizeof mhd_problem, "cannot load %s: %s", CHR_MHD_SONAME,
		         why ? why : "unknown error");
		return;
	}
	bool ok = BIND(lib, start_daemon_va) && BIND(lib, stop_daemon) &&
	          BIND(lib, quiesce_daemon) && BIND(lib, get_daemon_info) &&
	          BIND(lib, get_connection_info) && BIND(lib, lookup_connection_value) &&
	          BIND(lib, create_response_from_buffer) &&
	          BIND(lib, create_response_from_buffer_with_free_callback) &&
	          BIND(lib, add_response_header) && BIND(lib, queue_response) &&
	          BIND(lib, destroy_response);
	/* The library stays open for the life of the process: responses
	 * made from it may outlive any one server. */
	if (!ok)
		memset(&mhd, 0, sizeof mhd);
}

const char *chr_mhd_load(void)
{
	pthread_once(&mhd_once, load);
	return mhd.destroy_response ? NULL : mhd_problem;
}

struct MHD_Daemon *MHD_start_daemon(unsigned int flags, uint16_t port,
                                    MHD_AcceptPolicyCallback apc, void *apc_cls,
                                    MHD_AccessHandlerCallback dh, void *dh_cls, ...)
{
	va_list ap;
	va_start(ap, dh_cls);
	struct MHD_Daemon *d = mhd.start_daemon_va(flags, port, apc, apc_cls, dh, dh_cls, ap);
	va_end(ap);
	return d;
}

void MHD_stop_daemon(struct MHD_Daemon *daemon)
{
	mhd.stop_daemon(daemon);
}

MHD_socket MHD_quiesce_daemon(struct MHD_Daemon *daemon)
{
	return mhd.quiesce_daemon(daemon);
}

const union MHD_DaemonInfo *MHD_get_daemon_info(struct MHD_Daemon *daemon,
                                                enum MHD_DaemonInfoType info_type, ...)
{
	return mhd.get_daemon_info(daemon, info_type);
}

const union MHD_ConnectionInfo *MHD_get_connection_info(struct MHD_Connection *connection,
                                                        enum MHD_ConnectionInfoType info_type,
                                                        ...)
{
	return mhd.get_connection_info(connection, info_type);
}

const char *MHD_lookup_connection_value(struct MHD_Connection *connection,
                                        enum MHD_ValueKind kind, const char *key)
{
	return mhd.lookup_connection_value(connection, kind, key);
}

struct MHD_Response *MHD_create_response_from_buffer(size_t size, void *buffer,
                                                     enum MHD_ResponseMemoryMode mode)
{
	return mhd.create_response_from_buffer(size, buffer, mode);
}

struct MHD_Response *MHD_create_response_from_buffer_with_free_callback(
	size_t size, void *buffer, MHD_ContentReaderFreeCallback crfc)
{
	return mhd.create_response_from_buffer_with_free_callback(size, buffer, crfc);
}

enum MHD_Result MHD_add_response_header(struct MHD_Response *response, const char *header,
                                        const char *content)
{
	return mhd.add_response_header(response, header, content);
}

enum MHD_Result MHD_queue_response(struct MHD_Connection *connection, unsigned int status_code,
                                   struct MHD_Response *response)
{
	return mhd.queue_response(connection, status_code, response);
}

void MHD_destroy_response(struct MHD_Response *response)
{
	mhd.destroy_response(response);
}
