/*
 * Shared by fuzz_html.c and fuzz_feed.c: read every document of a source
 * held in memory, as the CLI would, and check what the readers promise:
 * valid UTF-8 text without NUL bytes, headlines and URLs without control
 * characters, URLs that are absolute http(s), windows and items that the
 * date core and the event layer take without complaint.
 */
#ifndef CHR_FUZZ_READER_H
#define CHR_FUZZ_READER_H

#include "chronicle.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define READER_CHECK(cond, what) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: check failed: %s (%s)\n", __FILE__, __LINE__, #cond, what); \
			abort(); \
		} \
	} while (0)

static int reader_utf8_ok(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
		if (c == 0 || k == 0 || i + k > n || (k == 2 && c < 0xC2))
			return 0;
		for (size_t j = 1; j < k; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
		if (k == 3) {
			unsigned cp = (c & 15u) << 12 | (s[i + 1] & 63u) << 6 | (s[i + 2] & 63u);
			if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))
				return 0;
		}
		if (k == 4) {
			unsigned cp = (c & 7u) << 18 | (s[i + 1] & 63u) << 12 | (s[i + 2] & 63u) << 6 |
			              (s[i + 3] & 63u);
			if (cp < 0x10000 || cp > 0x10FFFF)
				return 0;
		}
		i += k;
	}
	return 1;
}

static void reader_check_line(const char *s, const char *what)
{
	if (!s)
		return;
	READER_CHECK(reader_utf8_ok((const unsigned char *)s, strlen(s)), what);
	for (const char *p = s; *p; p++)
		READER_CHECK((unsigned char)*p >= ' ', what);
}

/* Reads name's documents from data (prefix first when the data does not
 * look like markup, to steer the fuzzer into the reader under test). */
static void reader_run(const char *name, const char *prefix, const uint8_t *data, size_t size)
{
	size_t plen = size && data[0] == '<' ? 0 : strlen(prefix);
	char *buf = malloc(plen + size + 1);
	if (!buf)
		return;
	memcpy(buf, prefix, plen);
	if (size)
		memcpy(buf + plen, data, size);
	chr_reader *r = NULL;
	chr_error err;
	if (chr_reader_open_memory(name, buf, plen + size, &r, &err) != CHR_OK) {
		free(buf);
		return;
	}
	free(buf);
	chr_date ref = { 2027, 3, 1 };
	for (int n = 0; n < 100000; n++) {
		chr_doc *doc = NULL;
		size_t base = 0;
		if (chr_reader_next(r, &doc, &base, &err) != CHR_OK) {
			READER_CHECK(err.problem[0], "a refusal says why");
			reader_check_line(err.problem, "problem");
			break;
		}
		if (!doc)
			break;
		const char *text = chr_doc_text(doc);
		size_t len = chr_doc_len(doc);
		READER_CHECK(text[len] == '\0', "text is terminated");
		READER_CHECK(reader_utf8_ok((const unsigned char *)text, len), "text is UTF-8 without NUL");
		reader_check_line(chr_doc_title(doc), "headline");
		reader_check_line(chr_doc_uri(doc), "uri");
		const char *url = chr_doc_url(doc);
		reader_check_line(url, "url");
		READER_CHECK(!url || strncasecmp(url, "http://", 7) == 0 ||
		             strncasecmp(url, "https://", 8) == 0, "url is absolute http(s)");
		chr_pub_source src;
		chr_date pub = chr_doc_published(doc, &src);
		READER_CHECK(src == CHR_PUB_NONE || chr_date_valid(pub), "publication date is a day");
		chr_mentions *list = NULL;
		chr_events *events = NULL;
		if (chr_mentions_find(doc, ref, &list, &err) == CHR_OK) {
			for (size_t i = 0; i < chr_mentions_count(list); i++) {
				const chr_mention *m = chr_mentions_get(list, i);
				READER_CHECK(m->offset <= len && m->length <= len - m->offset, "mention in text");
			}
			if (chr_events_find(doc, list, NULL, &events, &err) == CHR_OK)
				chr_events_free(events);
			chr_mentions_free(list);
		}
		chr_doc_free(doc);
	}
	chr_reader_close(r);
}

#endif
