/* Growable buffers with limits, and UTF-8 repair. */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include "util.h"

#include <sys/mman.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void chr_hint_huge(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t page = 4096;
	if (!p || bytes < (4u << 20))
		return;
	uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t e = ((uintptr_t)p + bytes) & ~(page - 1);
	if (e > a)
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE); /* only a hint */
#else
	(void)p;
	(void)bytes;
#endif
}

size_t chr_last_byte(const char *text, size_t from, size_t end, unsigned char c)
{
	const unsigned char *s = (const unsigned char *)text;
#if defined(__SSE2__)
	const __m128i want = _mm_set1_epi8((char)c);
	while (end - from >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(s + end - 16));
		unsigned bits = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, want));
		if (bits)
			return end - 16 + (size_t)(31 - __builtin_clz(bits));
		end -= 16;
	}
#endif
	while (end > from)
		if (s[--end] == c)
			return end;
	return SIZE_MAX;
}

/* The size of a huge page on x86-64 and arm64 with 4 KB pages. */
#define HUGE_PAGE ((size_t)2 << 20)

void *chr_alloc_big(size_t bytes, size_t *got)
{
	*got = bytes;
	if (bytes < HUGE_PAGE)
		return malloc(bytes ? bytes : 1);
	size_t whole = (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	if (whole < bytes)
		return NULL;
	void *p = NULL;
	if (posix_memalign(&p, HUGE_PAGE, whole) != 0)
		return NULL;
#ifdef MADV_HUGEPAGE
	(void)madvise(p, whole, MADV_HUGEPAGE); /* only a hint */
#endif
	*got = whole;
	return p;
}

chr_status chr_reserve(void **v, size_t *cap, size_t n, size_t want, size_t size)
{
	if (want <= *cap)
		return CHR_OK;
	if (want > SIZE_MAX / size)
		return CHR_ENOMEM;
	if (want * size >= HUGE_PAGE) {
		/* a big array moves to a block of whole huge pages: grown by
		 * realloc, its fresh pages were faulted in 4 KB at a time */
		size_t got;
		void *p = chr_alloc_big(want * size, &got);
		if (!p)
			return CHR_ENOMEM;
		if (n)
			memcpy(p, *v, n * size);
		free(*v);
		*v = p;
		*cap = got / size;
		return CHR_OK;
	}
	void *p = realloc(*v, want * size);
	if (!p)
		return CHR_ENOMEM;
	*v = p;
	*cap = want;
	return CHR_OK;
}

chr_status chr_grow(void **v, size_t *cap, size_t n, size_t size, size_t first)
{
	if (n < *cap)
		return CHR_OK;
	size_t c = *cap ? *cap * 2 : first;
	if (c < *cap)
		return CHR_ENOMEM;
	return chr_reserve(v, cap, n, c, size);
}

void chr_buf_init(chr_buf *b, size_t limit)
{
	memset(b, 0, sizeof *b);
	b->limit = limit;
}

void chr_buf_free(chr_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static chr_status grow(chr_buf *b, size_t extra)
{
	if (extra > SIZE_MAX - b->len - 1)
		return CHR_ENOMEM;
	size_t need = b->len + extra + 1;
	if (b->limit && need > b->limit + 1)
		return CHR_ELIMIT;
	if (need <= b->cap)
		return CHR_OK;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (b->limit && cap > b->limit + 1)
		cap = b->limit + 1;
	char *p = realloc(b->data, cap);
	if (!p)
		return CHR_ENOMEM;
	b->data = p;
	b->cap = cap;
	return CHR_OK;
}

chr_status chr_buf_add(chr_buf *b, const void *data, size_t len)
{
	chr_status rc = grow(b, len);
	if (rc != CHR_OK)
		return rc;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return CHR_OK;
}

chr_status chr_buf_addc(chr_buf *b, char c)
{
	return chr_buf_add(b, &c, 1);
}

chr_status chr_buf_adds(chr_buf *b, const char *s)
{
	return chr_buf_add(b, s, strlen(s));
}

const char *chr_url_misfit(const char *s, char what[4])
{
	for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
		if (*u == ' ')
			return "a space";
		if (*u < ' ' || *u == 0x7F)
			return "a control character";
		if (strchr("\"<>\\^`{|}", *u)) {
			what[0] = '\'';
			what[1] = (char)*u;
			what[2] = '\'';
			what[3] = '\0';
			return what;
		}
	}
	return NULL;
}

int chr_utf8_seq(const unsigned char *s, size_t avail)
{
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	int n;
	unsigned lo = 0x80, hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F; /* no UTF-16 surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if ((size_t)n > avail)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (int i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return n;
}

chr_status chr_utf8_repair(chr_buf *b, const char *src, size_t len,
                           size_t *repaired)
{
	static const char fffd[] = "\xEF\xBF\xBD";
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, run = 0, bad = 0;
	chr_status rc = CHR_OK;
	/* Copy valid runs in one go; only bad bytes cost a call each. */
	while (i < len) {
		int n = s[i] ? chr_utf8_seq(s + i, len - i) : 0;
		if (n > 0) {
			i += (size_t)n;
			continue;
		}
		if ((rc = chr_buf_add(b, src + run, i - run)) != CHR_OK)
			return rc;
		if ((rc = chr_buf_add(b, fffd, 3)) != CHR_OK)
			return rc;
		bad++;
		i++;
		run = i;
	}
	rc = chr_buf_add(b, src + run, len - run);
	if (repaired)
		*repaired = bad;
	return rc;
}
