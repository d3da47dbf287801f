/*
 * The growable arrays of src/util/buf.c: an array that grows past 2 MB
 * moves to a block of whole huge pages (chr_alloc_big) and keeps every
 * element on the way; chr_reserve makes room for a wanted count at once.
 */
#include "util/util.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"

enum { HUGE_PAGE = 2 << 20 };

int main(void)
{
	/* small blocks come from malloc, as asked */
	size_t got = 0;
	void *small = chr_alloc_big(1000, &got);
	ok(small && got == 1000, "a block under 2 MB is the size asked for");
	free(small);

	/* a big one: whole huge pages, aligned to one */
	void *big = chr_alloc_big(HUGE_PAGE + 1, &got);
	ok(big && got == 2 * (size_t)HUGE_PAGE, "a block of 2 MB and a byte takes two huge pages");
	ok(big && (uintptr_t)big % HUGE_PAGE == 0, "a big block starts on a huge page");
	if (big)
		memset(big, 1, got); /* all of it is ours */
	free(big);

	/* growing element by element across 2 MB keeps every element */
	uint32_t *v = NULL;
	size_t cap = 0, n = 0;
	bool grew = true;
	for (uint32_t k = 0; k < 3u * 1024 * 1024 && grew; k++) {
		grew = chr_grow((void **)&v, &cap, n, sizeof *v, 16) == CHR_OK;
		if (grew)
			v[n++] = k * 2654435761u;
	}
	bool same = grew;
	for (size_t k = 0; same && k < n; k++)
		same = v[k] == (uint32_t)k * 2654435761u;
	ok(same && n == 3u * 1024 * 1024, "3M elements grown one at a time are all kept");
	ok(v && (uintptr_t)v % HUGE_PAGE == 0 && cap * sizeof *v % HUGE_PAGE == 0,
	   "past 2 MB the array fills whole huge pages");

	/* reserving: nothing moves when there is room; room for more keeps
	 * what is there */
	uint32_t *before = v;
	ok(chr_reserve((void **)&v, &cap, n, n, sizeof *v) == CHR_OK && v == before,
	   "reserving what is there already moves nothing");
	size_t want = cap + 1000;
	ok(chr_reserve((void **)&v, &cap, n, want, sizeof *v) == CHR_OK && cap >= want &&
	       v[n - 1] == (uint32_t)(n - 1) * 2654435761u && v[0] == 0,
	   "reserving more keeps the elements");
	size_t old_cap = cap;
	ok(chr_reserve((void **)&v, &cap, n, SIZE_MAX / 2, sizeof *v) == CHR_ENOMEM &&
	       cap == old_cap && v[1] == 2654435761u,
	   "a size that overflows is refused and the array left as it was");
	free(v);
	return tap_done();
}
