/*
 * Plain-text sources. Ordinary articles are read whole. A text larger than
 * WHOLE_LIMIT is handed on in windows of about WINDOW bytes, each cut after
 * a line or sentence end, so memory stays flat however large the file and
 * no date is cut in two (dates never span a sentence end).
 */
#include "chronicle.h"
#include "util/util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WHOLE_LIMIT (16u << 20)
#define WINDOW (4u << 20)
#define SNIFF 65536u

struct chr_reader {
	FILE *f;
	bool owns_file;
	char *path;
	char *pending;     /* raw bytes read but not yet handed on */
	size_t pending_len;
	size_t pending_cap;
	size_t base;       /* offset of the next window in the repaired text */
	bool eof;
	bool sniffed;
	bool done;
};

chr_status chr_reader_open(const char *path, chr_reader **out, chr_error *err)
{
	chr_reader *r = calloc(1, sizeof *r);
	if (!r)
		return chr_fail(err, CHR_ENOMEM, path, "out of memory");
	r->path = malloc(strlen(path) + 1);
	if (!r->path) {
		free(r);
		return chr_fail(err, CHR_ENOMEM, path, "out of memory");
	}
	strcpy(r->path, path);
	if (strcmp(path, "-") == 0) {
		r->f = stdin;
	} else {
		r->f = fopen(path, "rb");
		if (!r->f) {
			chr_status rc = chr_fail(err, CHR_EIO, path, "%s", strerror(errno));
			chr_reader_close(r);
			return rc;
		}
		r->owns_file = true;
	}
	*out = r;
	return CHR_OK;
}

void chr_reader_close(chr_reader *r)
{
	if (!r)
		return;
	if (r->owns_file && r->f)
		fclose(r->f);
	free(r->pending);
	free(r->path);
	free(r);
}

/* Reads until pending holds at least want bytes or the file ends. */
static chr_status fill(chr_reader *r, size_t want, chr_error *err)
{
	if (want > r->pending_cap) {
		char *p = realloc(r->pending, want);
		if (!p)
			return chr_fail(err, CHR_ENOMEM, r->path, "out of memory");
		r->pending = p;
		r->pending_cap = want;
		chr_hint_huge(p, want);
	}
	while (!r->eof && r->pending_len < want) {
		size_t n = fread(r->pending + r->pending_len, 1,
		                 want - r->pending_len, r->f);
		r->pending_len += n;
		if (n == 0) {
			if (ferror(r->f))
				return chr_fail(err, CHR_EIO, r->path, "%s",
				                strerror(errno ? errno : EIO));
			r->eof = true;
		}
	}
	return CHR_OK;
}

/* A file with NUL bytes, or mostly not UTF-8, is not text. */
static chr_status sniff(chr_reader *r, chr_error *err)
{
	size_t n = r->pending_len < SNIFF ? r->pending_len : SNIFF;
	const unsigned char *s = (const unsigned char *)r->pending;
	size_t bad = 0;
	if (memchr(s, '\0', n))
		return chr_fail(err, CHR_EINPUT, r->path,
		                "binary file (it contains NUL bytes), skipped");
	for (size_t i = 0; i < n;) {
		int k = chr_utf8_seq(s + i, n - i);
		if (k == 0) {
			/* A sequence cut by the sniff window is not an error. */
			if (n - i < 4 && n < r->pending_len)
				break;
			bad++;
			k = 1;
		}
		i += (size_t)k;
	}
	if (n && bad * 10 > n)
		return chr_fail(err, CHR_EINPUT, r->path,
		                "not UTF-8 text (%zu invalid bytes in the first %zu), skipped",
		                bad, n);
	return CHR_OK;
}

/* Where to end a window of pending[0..len): after the last newline, else
 * after the last sentence end, else after the last space, else at a
 * character boundary. */
static size_t cut_point(const char *s, size_t len)
{
	size_t floor = len / 2;
	for (size_t i = len; i > floor; i--)
		if (s[i - 1] == '\n')
			return i;
	/* ". The": a sentence end, unless the word before the stop is
	 * capitalised ("Dec. 19", "U.S. officials") */
	for (size_t i = len - 1; i > floor + 2; i--) {
		if (!((s[i - 2] == '.' || s[i - 2] == '!' || s[i - 2] == '?') &&
		      s[i - 1] == ' ' && s[i] >= 'A' && s[i] <= 'Z'))
			continue;
		size_t w = i - 2;
		while (w > 0 && ((s[w - 1] >= 'a' && s[w - 1] <= 'z') ||
		                 (s[w - 1] >= 'A' && s[w - 1] <= 'Z')))
			w--;
		if (w < i - 2 && s[w] >= 'a' && s[w] <= 'z')
			return i;
	}
	for (size_t i = len; i > floor; i--)
		if (s[i - 1] == ' ' || s[i - 1] == '\t')
			return i;
	size_t i = len;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0 && (unsigned char)s[i - 1] >= 0xC0)
		i--;
	return i ? i : len;
}

/* True when s[0..len) is well-formed UTF-8 without NUL bytes, so it can
 * be handed on as it is. Eight ASCII bytes are checked at a time. */
static bool utf8_clean(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	size_t i = 0;
	while (i < len) {
		if (len - i >= 8) {
			uint64_t w;
			memcpy(&w, u + i, 8);
			if (!(w & highs) && !((w - ones) & ~w & highs)) {
				i += 8;
				continue;
			}
		}
		if (u[i] == 0)
			return false;
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		int n = chr_utf8_seq(u + i, len - i);
		if (n == 0)
			return false;
		i += (size_t)n;
	}
	return true;
}

/* Hands pending[0..take) to a new document without copying it: the
 * document takes the buffer, and the bytes after the window move to a
 * fresh one (a partial line, or what the first fill read beyond it). */
static chr_status hand_on(chr_reader *r, size_t take, chr_doc **doc)
{
	size_t rest = r->pending_len - take;
	char *next = NULL;
	size_t next_cap = 0;
	if (rest || !r->eof) {
		/* one byte over WINDOW, so a full window still has room for its NUL */
		next_cap = (rest > WINDOW ? rest : WINDOW) + 1;
		next = malloc(next_cap);
		if (!next)
			return CHR_ENOMEM;
		memcpy(next, r->pending + take, rest);
	}
	char *text = r->pending;
	/* The last piece shrinks to its size (in place: mremap for a large
	 * block). A window keeps its full size: the next window's buffer then
	 * fits the hole it leaves when freed, where shrunk ones left holes
	 * just too small and the heap grew by a window each time. It grows
	 * only when a window fills the buffer to the last byte. */
	if ((next == NULL && take + 1 != r->pending_cap) || take + 1 > r->pending_cap) {
		char *p = realloc(text, take + 1);
		if (p)
			text = p;
		else if (take + 1 > r->pending_cap) {
			free(next);
			return CHR_ENOMEM;
		}
	}
	r->pending = next;
	r->pending_cap = next_cap;
	r->pending_len = rest;
	*doc = chr_doc_new_own(r->path, text, take);
	return *doc ? CHR_OK : CHR_ENOMEM;
}

chr_status chr_reader_next(chr_reader *r, chr_doc **doc, size_t *base,
                           chr_error *warn)
{
	chr_status rc;
	*doc = NULL;
	*base = 0;
	if (warn)
		memset(warn, 0, sizeof *warn);
	if (r->done)
		return CHR_OK;
	if (!r->sniffed) {
		if ((rc = fill(r, WHOLE_LIMIT + 1, warn)) != CHR_OK)
			goto fail;
		r->sniffed = true;
		if ((rc = sniff(r, warn)) != CHR_OK)
			goto fail;
	} else if ((rc = fill(r, WINDOW, warn)) != CHR_OK) {
		goto fail;
	}
	if (r->pending_len == 0 && r->base > 0) {
		r->done = true;
		return CHR_OK;
	}
	size_t take = r->pending_len;
	if (!r->eof || take > WHOLE_LIMIT) {
		take = cut_point(r->pending, take < WINDOW ? take : WINDOW);
	}
	size_t repaired = 0;
	if (utf8_clean(r->pending, take)) {
		*base = r->base;
		r->base += take;
		rc = hand_on(r, take, doc);
		if (rc != CHR_OK) {
			chr_fail(warn, rc, r->path, "out of memory");
			goto fail;
		}
	} else {
		chr_buf text;
		chr_buf_init(&text, 0);
		rc = chr_utf8_repair(&text, r->pending, take, &repaired);
		if (rc != CHR_OK) {
			chr_buf_free(&text);
			chr_fail(warn, rc, r->path, "out of memory");
			goto fail;
		}
		*doc = chr_doc_new(r->path, text.data ? text.data : "", text.len);
		*base = r->base;
		r->base += text.len;
		chr_buf_free(&text);
		memmove(r->pending, r->pending + take, r->pending_len - take);
		r->pending_len -= take;
	}
	if (r->eof && r->pending_len == 0)
		r->done = true;
	if (!*doc) {
		rc = chr_fail(warn, CHR_ENOMEM, r->path, "out of memory");
		goto fail;
	}
	if (repaired && warn)
		chr_fail(warn, CHR_OK, r->path,
		         "invalid UTF-8 repaired (%zu bytes replaced by U+FFFD)",
		         repaired);
	return CHR_OK;
fail:
	r->done = true;
	return rc;
}
