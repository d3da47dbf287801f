/* Private helpers shared by the modules. Not part of the public API. */
#ifndef CHR_UTIL_H
#define CHR_UTIL_H

#include "chronicle.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Single-exit error handling, as md4c does: set rc and jump to cleanup. */
#define CHECK(expr) \
	do { \
		rc = (expr); \
		if (rc != CHR_OK) \
			goto cleanup; \
	} while (0)

#define CHR_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/**
 * Makes room for one more element in a growable array *v of *cap elements
 * of size bytes, n of them in use, doubling from first. Returns CHR_ENOMEM
 * and leaves the array as it was when memory runs out.
 */
chr_status chr_grow(void **v, size_t *cap, size_t n, size_t size, size_t first);

/**
 * A private, writable mapping of the regular file fd's first size bytes
 * (size > 0) with a zero byte after them, its length in *mapped for
 * chr_unmap; writes stay in this process. Should the file shrink while
 * it is mapped, touching a page past its end reports that name's file
 * changed and exits 1 (see map.c). NULL when it cannot be made.
 */
void *chr_map(int fd, size_t size, const char *name, size_t *mapped);

/**
 * chr_map for the size bytes of fd from offset off (size > 0): the
 * mapping begins at the page that holds off, and the pointer returned is
 * off's byte in it, with a byte after the range that the caller may
 * write (its own copy of the page: a mapping of the range after it sees
 * the file as it is). Each mapping is apart, so the windows of one file
 * may be mapped and written side by side.
 */
void *chr_map_at(int fd, off_t off, size_t size, const char *name, size_t *mapped);

/** Unmaps what chr_map or chr_map_at gave (text), mapped bytes in all. */
void chr_unmap(void *text, size_t mapped);

/** Gives back a block that is malloc'd (mapped 0) or a mapping of mapped
 * bytes (chr_map): free or chr_unmap. */
void chr_release(void *p, size_t mapped);

/** Makes *v (of *cap elements of size bytes, n in use) hold at least want
 * elements, in whole huge pages from 2 MB (chr_alloc_big). Returns
 * CHR_ENOMEM and leaves the array as it was when memory runs out. */
chr_status chr_reserve(void **v, size_t *cap, size_t n, size_t want, size_t size);

/**
 * A block of at least bytes for a large array, its size in *got: under
 * 2 MB from malloc, else whole huge pages, aligned to one and hinted
 * (chr_hint_huge), which the kernel then faults in a huge page at a time
 * rather than 4 KB at a time (a fault cost a few microseconds here).
 * Freed with free(); NULL when out of memory.
 */
void *chr_alloc_big(size_t bytes, size_t *got);

/**
 * Asks the kernel to back the large block p[0..bytes) with huge pages where
 * it can (Linux madvise; a no-op elsewhere or for blocks under 4 MB): a
 * token array touched once is otherwise one page fault per 4 KB.
 */
void chr_hint_huge(void *p, size_t bytes);

/** The offset of the last byte c in s[from..end), or SIZE_MAX: memrchr,
 * which POSIX lacks, sixteen bytes at a time. */
size_t chr_last_byte(const char *s, size_t from, size_t end, unsigned char c);

/** Days in a month of the proleptic Gregorian calendar. */
int chr_days_in_month(int year, int month);

/* text[at..end), after spaces and tabs, opens with one of the n label
 * words (any case), spaces and a colon: "Venue:", "Time :". */
bool chr_label_at(const char *text, size_t end, size_t at, const char *const *labels, size_t n);

/* A growable byte buffer with a hard limit, as curl's dynbuf. */
typedef struct chr_buf {
	char *data;   /* always NUL-terminated when non-NULL */
	size_t len;
	size_t cap;
	size_t limit; /* 0: no limit */
} chr_buf;

void chr_buf_init(chr_buf *b, size_t limit);
void chr_buf_free(chr_buf *b);
chr_status chr_buf_add(chr_buf *b, const void *data, size_t len);
chr_status chr_buf_addc(chr_buf *b, char c);
chr_status chr_buf_adds(chr_buf *b, const char *s);

/**
 * Appends src[0..len) to b as valid UTF-8: every byte that does not begin
 * a well-formed sequence, and every NUL, becomes U+FFFD. Returns the
 * number of bytes replaced in *repaired.
 */
chr_status chr_utf8_repair(chr_buf *b, const char *src, size_t len,
                           size_t *repaired);

/** Length of the well-formed UTF-8 sequence at s (1..4), or 0. */
int chr_utf8_seq(const unsigned char *s, size_t avail);

/*
 * A shared library opened when a run first needs it, rather than by the
 * dynamic loader before main: libical and libxml2 bring ICU and the C++
 * runtime, and libmicrohttpd GnuTLS, whose mapping and relocation cost
 * more than a small `extract` does (src/util/libs.c, src/serve/mhd.c).
 * The code that uses one calls its functions by their own names; a file
 * defines each of them to forward to fns[i], looked up as names[i].
 */
typedef void (*chr_lib_fn)(void);
enum { CHR_LIB_UNTRIED, CHR_LIB_OPEN, CHR_LIB_FAILED };
typedef struct chr_lib {
	const char *soname;       /* libical.so.3 */
	const char *const *names; /* the n functions it must have */
	chr_lib_fn *fns;          /* their addresses once open */
	size_t n;
	_Atomic int state;        /* CHR_LIB_* */
	char problem[256];        /* why it is not open */
} chr_lib;

/** Opens lib once per process (thread-safe). Returns NULL when it is
 * open, else why not: "cannot load libical.so.3: <dlerror>". */
const char *chr_lib_open(chr_lib *lib);

/** Opens one of the libraries of src/util/libs.c, as chr_lib_open: the
 * code that uses one calls this first, to fail cleanly. */
const char *chr_libical_open(void);
const char *chr_libxml2_open(void);
const char *chr_libsqlite3_open(void);
const char *chr_libinih_open(void);
const char *chr_libz_open(void);

/** lib is open, or has just been opened (one atomic load once it is). */
static inline bool chr_lib_ready(chr_lib *lib)
{
	return atomic_load_explicit(&lib->state, memory_order_acquire) == CHR_LIB_OPEN ||
	       !chr_lib_open(lib);
}

#endif
