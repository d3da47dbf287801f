/*
 * Files mapped rather than read (chr_map), and what happens when one
 * shrinks while it is mapped: the pages past its new end are gone, and
 * touching one raises SIGBUS. chronicle cannot go on with a text that
 * changed under it, so the handler here says which file it was and
 * exits 1 (an input error), rather than dying of the signal with no
 * word; what was written out before stays. A SIGBUS elsewhere goes to
 * the handler that was there before.
 */
#define _DEFAULT_SOURCE
#include "util.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>

/* The mappings alive, for the handler: a slot is free when its from is
 * 0 and being filled in when it is 1. The name is what the handler
 * prints. With every slot taken a file is read instead. */
enum { MAP_SLOTS = 64, NAME_MAX_BYTES = 200 };
static struct map_slot {
	_Atomic uintptr_t from, to;
	char name[NAME_MAX_BYTES];
	size_t name_len;
} slots[MAP_SLOTS];

static struct sigaction before;
static bool guarded;
static pthread_once_t guard_once = PTHREAD_ONCE_INIT;

static void say(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDERR_FILENO, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void on_bus(int sig, siginfo_t *si, void *ctx)
{
	uintptr_t at = (uintptr_t)si->si_addr;
	for (size_t k = 0; k < MAP_SLOTS; k++) {
		uintptr_t from = atomic_load(&slots[k].from);
		if (from > 1 && at >= from && at < atomic_load(&slots[k].to)) {
			static const char head[] = "chronicle: ";
			static const char tail[] = ": the file shrank while it was being read; stopped\n";
			say(head, sizeof head - 1);
			say(slots[k].name, slots[k].name_len);
			say(tail, sizeof tail - 1);
			_exit(1);
		}
	}
	/* not a mapping of ours: as if this handler were not there */
	if (before.sa_flags & SA_SIGINFO) {
		before.sa_sigaction(sig, si, ctx);
	} else if (before.sa_handler != SIG_IGN && before.sa_handler != SIG_DFL) {
		before.sa_handler(sig);
	} else {
		signal(sig, SIG_DFL);
		raise(sig); /* once this handler returns, the fault recurs too */
	}
}

static void guard(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_bus;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	guarded = sigaction(SIGBUS, &sa, &before) == 0;
}

static struct map_slot *claim(const char *name)
{
	for (size_t k = 0; k < MAP_SLOTS; k++) {
		uintptr_t free_ = 0;
		if (atomic_compare_exchange_strong(&slots[k].from, &free_, 1)) {
			size_t n = strlen(name);
			slots[k].name_len = n < NAME_MAX_BYTES ? n : NAME_MAX_BYTES;
			memcpy(slots[k].name, name, slots[k].name_len);
			return &slots[k];
		}
	}
	return NULL;
}

void *chr_map_at(int fd, off_t off, size_t size, const char *name, size_t *mapped)
{
	long ps = sysconf(_SC_PAGESIZE);
	size_t page = ps > 0 ? (size_t)ps : 4096;
	if (size == 0 || off < 0 || size > SIZE_MAX - 3 * page)
		return NULL;
	/* a mapping starts at a page: the text is lead bytes into it */
	off_t from = off & ~(off_t)(page - 1);
	size_t lead = (size_t)(off - from), span = lead + size;
	pthread_once(&guard_once, guard);
	struct map_slot *slot = guarded ? claim(name) : NULL;
	if (!slot)
		return NULL;
	/* a byte after the text for its NUL: the rest of the file's last
	 * page reads as zeros (or as the file's next bytes, for a range that
	 * ends before the file does), and when the range ends at a page's
	 * end, the room reserved here does */
	size_t whole = (span + 1 + page - 1) & ~(page - 1);
	void *p = mmap(NULL, whole, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED &&
	    mmap(p, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, from) == MAP_FAILED) {
		munmap(p, whole);
		p = MAP_FAILED;
	}
	if (p == MAP_FAILED) {
		atomic_store(&slot->from, 0);
		return NULL;
	}
#ifdef MADV_POPULATE_READ
	/* The text is read end to end at once (the UTF-8 check): its page
	 * tables filled in one call rather than in a fault every 64 KB, and
	 * read-only, so a repair still copies only the pages it writes. A
	 * hint: a kernel without it says EINVAL, and a file that shrinks
	 * before this faults later instead (see guard). */
	(void)madvise(p, span, MADV_POPULATE_READ);
#endif
	atomic_store(&slot->to, (uintptr_t)p + whole);
	atomic_store(&slot->from, (uintptr_t)p);
	*mapped = whole;
	return (char *)p + lead;
}

void *chr_map(int fd, size_t size, const char *name, size_t *mapped)
{
	return chr_map_at(fd, 0, size, name, mapped);
}

void chr_unmap(void *text, size_t mapped)
{
	if (!text)
		return;
	long ps = sysconf(_SC_PAGESIZE);
	uintptr_t page = ps > 0 ? (uintptr_t)ps : 4096;
	uintptr_t p = (uintptr_t)text & ~(page - 1); /* where chr_map_at mapped it */
	munmap((void *)p, mapped);
	for (size_t k = 0; k < MAP_SLOTS; k++)
		if (atomic_load(&slots[k].from) == p) {
			atomic_store(&slots[k].to, 0);
			atomic_store(&slots[k].from, 0);
			return;
		}
}

void chr_release(void *p, size_t mapped)
{
	if (mapped)
		chr_unmap(p, mapped);
	else
		free(p);
}
