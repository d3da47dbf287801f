/* Shared libraries opened when a run first needs them (see util.h). */
#include "util/util.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* One lock for every library: each is opened once in a run. */
static pthread_mutex_t opening = PTHREAD_MUTEX_INITIALIZER;

static void open_locked(chr_lib *lib)
{
	void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *why = dlerror();
		snprintf(lib->problem, sizeof lib->problem, "cannot load %s: %s", lib->soname,
		         why ? why : "unknown error");
		atomic_store_explicit(&lib->state, CHR_LIB_FAILED, memory_order_release);
		return;
	}
	for (size_t i = 0; i < lib->n; i++) {
		void *p = dlsym(h, lib->names[i]);
		if (!p) {
			snprintf(lib->problem, sizeof lib->problem, "%s has no %s", lib->soname,
			         lib->names[i]);
			atomic_store_explicit(&lib->state, CHR_LIB_FAILED, memory_order_release);
			return; /* the handle stays open: harmless, and nothing is called */
		}
		/* dlsym returns a data pointer; POSIX guarantees it converts to
		 * a function pointer, and copying the bytes says so without the
		 * cast ISO C forbids. */
		memcpy(&lib->fns[i], &p, sizeof p);
	}
	/* Open for the life of the process: what the library made (a parsed
	 * document, a response) may be freed at any time. */
	atomic_store_explicit(&lib->state, CHR_LIB_OPEN, memory_order_release);
}

const char *chr_lib_open(chr_lib *lib)
{
	int state = atomic_load_explicit(&lib->state, memory_order_acquire);
	if (state == CHR_LIB_UNTRIED) {
		pthread_mutex_lock(&opening);
		if (atomic_load_explicit(&lib->state, memory_order_relaxed) == CHR_LIB_UNTRIED)
			open_locked(lib);
		pthread_mutex_unlock(&opening);
		state = atomic_load_explicit(&lib->state, memory_order_acquire);
	}
	return state == CHR_LIB_OPEN ? NULL : lib->problem;
}
