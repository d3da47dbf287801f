/*
 * What the fuzz targets share: turning fuzz bytes into a document, its
 * mentions and its events the way the CLI does, a memory sink for the
 * writers, and a check that aborts with a message (libFuzzer and the
 * replay driver both report an abort as a failing input).
 *
 * fuzz_dates hands the bytes to chr_doc_new as they are, invalid UTF-8
 * and NULs included: the library's entry points must survive anything a
 * caller passes. The event and writer targets repair the text first, as
 * the readers do, so that their checks (a title's length in characters)
 * have a meaning; the feed's title and description reach the writers raw.
 */
#ifndef CHR_FUZZ_H
#define CHR_FUZZ_H

#include "chronicle.h"
#include "util/util.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond, ...) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
			abort(); \
		} \
	} while (0)

/* FNV-1a: a stable choice of options from the input itself, so a crash
 * input replays the same way everywhere. */
static inline uint32_t fuzz_hash(const uint8_t *data, size_t size)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	return h;
}

/* The reference date for an input: none for a quarter of them, a year at
 * the edges of the calendar (1, 9999) for some, else a plausible news date. */
static inline chr_date fuzz_ref(const uint8_t *data, size_t size)
{
	uint32_t h = fuzz_hash(data, size);
	chr_date none = { 0, 0, 0 };
	switch (h & 7) {
	case 0:
	case 1:
		return none;
	case 2: {
		chr_date d = { (h >> 8) & 1 ? 9999 : 1, 1 + (h >> 9) % 12, 1 + (h >> 13) % 28 };
		if ((h >> 20) & 1)
			d.day = chr_days_in_month(d.year, d.month);
		return d;
	}
	default: {
		chr_date d = { 1990 + (int)((h >> 8) % 50), 1 + (int)((h >> 14) % 12),
		               1 + (int)((h >> 18) % 28) };
		return d;
	}
	}
}

/* Every chr_date a library function hands out is zero or a real day. */
static inline int fuzz_date_ok(chr_date d)
{
	return (d.year == 0 && d.month == 0 && d.day == 0) || chr_date_valid(d);
}

/* Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
 * past U+10FFFF), written here rather than borrowed from the library so
 * that the check does not share the code it checks. Returns the offset of
 * the first bad byte, or len. */
static inline size_t fuzz_utf8_bad(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		size_t n;
		unsigned min;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			n = 1, min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2, min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3, min = 0x10000;
		} else {
			return i;
		}
		if (i + n >= len)
			return i;
		unsigned cp = c & (0x3F >> n);
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += n + 1;
	}
	return len;
}

/* A writer's output, whole, for parsing back. */
typedef struct fuzz_out {
	char *data;
	size_t len, cap;
} fuzz_out;

static inline chr_status fuzz_out_write(void *userdata, const void *data, size_t len)
{
	fuzz_out *o = userdata;
	if (o->len + len + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 4096;
		while (cap < o->len + len + 1)
			cap *= 2;
		char *p = realloc(o->data, cap);
		if (!p)
			return CHR_ENOMEM;
		o->data = p;
		o->cap = cap;
	}
	memcpy(o->data + o->len, data, len);
	o->len += len;
	o->data[o->len] = '\0';
	return CHR_OK;
}

/* FUZZ_DUMP=FILE saves a writer's output, for looking at a failing input. */
static inline void fuzz_dump(const fuzz_out *o)
{
	const char *path = getenv("FUZZ_DUMP");
	FILE *f = path && o->data ? fopen(path, "wb") : NULL;
	if (f) {
		fwrite(o->data, 1, o->len, f);
		fclose(f);
	}
}

/* The pipeline up to events, as `chronicle events` runs it on one
 * document. Returns 0 when out of memory or an error was reported (which
 * a target may accept); everything it returns is freed by fuzz_free. */
typedef struct fuzz_run {
	chr_doc *doc;
	chr_mentions *mentions;
	chr_events *events;
	const chr_event **list; /* chr_events_get(events, 0..n) */
	size_t n;
} fuzz_run;

static inline void fuzz_free(fuzz_run *r)
{
	free(r->list);
	chr_events_free(r->events);
	chr_mentions_free(r->mentions);
	chr_doc_free(r->doc);
	memset(r, 0, sizeof *r);
}

static inline int fuzz_events(const uint8_t *data, size_t size, fuzz_run *r)
{
	chr_error err;
	chr_buf text;
	size_t repaired;
	memset(r, 0, sizeof *r);
	/* As the readers hand it on: valid UTF-8, so that "90 characters"
	 * means something. The feed's own fields (fuzz_feed) stay raw. */
	chr_buf_init(&text, 0);
	if (chr_utf8_repair(&text, (const char *)data, size, &repaired) != CHR_OK) {
		chr_buf_free(&text);
		return 0;
	}
	r->doc = chr_doc_new("fuzz.txt", text.data ? text.data : "", text.len);
	if (!r->doc) {
		chr_buf_free(&text);
		return 0;
	}
	/* Some inputs carry a URL and a headline, as HTML and feed items do:
	 * the first line, when it looks like one. */
	if (text.len > 8 && memcmp(text.data, "http", 4) == 0) {
		char *nl = memchr(text.data, '\n', text.len);
		if (nl)
			*nl = '\0';
		chr_doc_set_url(r->doc, text.data);
		chr_doc_set_title(r->doc, text.data + 4);
	}
	chr_buf_free(&text);
	if (chr_mentions_find(r->doc, fuzz_ref(data, size), &r->mentions, &err) != CHR_OK)
		return 0;
	if (chr_events_find(r->doc, r->mentions, NULL, &r->events, &err) != CHR_OK)
		return 0;
	r->n = chr_events_count(r->events);
	r->list = calloc(r->n ? r->n : 1, sizeof *r->list);
	if (!r->list)
		return 0;
	for (size_t i = 0; i < r->n; i++)
		r->list[i] = chr_events_get(r->events, i);
	return 1;
}

/* A fixed feed, its title and description taken from the input's first
 * two lines so that the feed-level fields meet hostile bytes too. text
 * holds them: 128 bytes each. */
static inline void fuzz_feed(const uint8_t *data, size_t size, chr_feed *feed,
                             char text[256])
{
	size_t n = 0, k = 0;
	while (n < size && n < 127 && data[n] != '\n')
		n++;
	memcpy(text, data, n);
	text[n] = '\0';
	const uint8_t *rest = memchr(data, '\n', size);
	if (rest) {
		size_t left = size - (size_t)(rest + 1 - data);
		while (k < left && k < 127 && rest[1 + k] != '\n')
			k++;
		memcpy(text + 128, rest + 1, k);
	}
	text[128 + k] = '\0';
	memset(feed, 0, sizeof *feed);
	feed->id = "fuzz";
	feed->title = text;
	feed->description = k ? text + 128 : "Events found by the fuzzer.";
	feed->base_url = "https://example.org/fuzz/";
	feed->author = text;
	feed->now = 1767225600; /* 2026-01-01T00:00:00Z */
	feed->calendar_precision = CHR_CAL_ALL;
}

/* One writer round: the events of the input, a feed from its first lines
 * and what the writer made of them, whole in out. */
typedef chr_status (*fuzz_writer)(const chr_event *const *events, size_t n,
                                  const chr_feed *feed, const chr_sink *sink, chr_error *err);

typedef struct fuzz_round {
	fuzz_run r;
	chr_feed feed;
	char text[256]; /* the feed's title and description */
	fuzz_out out;
	bool *seen;     /* r.n flags, for fuzz_claim */
} fuzz_round;

static inline void fuzz_round_free(fuzz_round *x)
{
	free(x->seen);
	free(x->out.data);
	fuzz_free(&x->r);
}

/* Runs the writer; returns 0 when there is nothing to check (out of
 * memory, or no events could be made), and aborts on any other error. */
static inline int fuzz_write(const uint8_t *data, size_t size, fuzz_writer write,
                             const char *name, fuzz_round *x)
{
	chr_error err;
	memset(x, 0, sizeof *x);
	if (!fuzz_events(data, size, &x->r))
		return 0;
	fuzz_feed(data, size, &x->feed, x->text);
	chr_sink sink = { fuzz_out_write, &x->out };
	chr_status rc = write(x->r.list, x->r.n, &x->feed, &sink, &err);
	FUZZ_CHECK(rc == CHR_OK || rc == CHR_ENOMEM, "%s: %s", name, chr_status_str(rc));
	if (rc != CHR_OK)
		return 0;
	fuzz_dump(&x->out);
	FUZZ_CHECK(fuzz_utf8_bad((const unsigned char *)x->out.data, x->out.len) == x->out.len,
	           "%s: invalid UTF-8 at byte %zu", name,
	           fuzz_utf8_bad((const unsigned char *)x->out.data, x->out.len));
	x->seen = calloc(x->r.n ? x->r.n : 1, 1);
	FUZZ_CHECK(x->seen, "out of memory");
	return 1;
}

/* The event an output item names by id (prefix, then the event's UID):
 * aborts when no event has it or an earlier item had it already. */
static inline size_t fuzz_claim(fuzz_round *x, const char *id, const char *prefix,
                                const char *what)
{
	size_t n = strlen(prefix), k = 0;
	if (id && strncmp(id, prefix, n) == 0)
		while (k < x->r.n && strcmp(id + n, x->r.list[k]->uid) != 0)
			k++;
	else
		k = x->r.n;
	FUZZ_CHECK(k < x->r.n && !x->seen[k], "%s %s names no event or one named before", what,
	           id ? id : "(no id)");
	x->seen[k] = true;
	return k;
}

#endif
