/*
 * chr_reader_open_memory: sources held in memory, as fuzzers and programs
 * use them. The buffer is the caller's to free at once; the format is
 * sniffed; every item of a feed is a document of its own.
 */
#include "chronicle.h"
#include "tap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Opens a copy of s, then scribbles over and frees the copy: the reader
 * must not keep pointing at it. */
static chr_reader *open_copy(const char *name, const char *s)
{
	size_t n = strlen(s);
	char *copy = malloc(n + 1);
	chr_reader *r = NULL;
	chr_error err;
	memcpy(copy, s, n + 1);
	if (chr_reader_open_memory(name, copy, n, &r, &err) != CHR_OK)
		r = NULL;
	memset(copy, 'x', n);
	free(copy);
	return r;
}

static chr_doc *next(chr_reader *r, chr_error *warn)
{
	chr_doc *doc = NULL;
	size_t base = 0;
	if (chr_reader_next(r, &doc, &base, warn) != CHR_OK)
		return NULL;
	return doc;
}

static void date_is(const chr_doc *doc, const char *want, chr_pub_source src, const char *desc)
{
	chr_pub_source got_src;
	chr_date d = chr_doc_published(doc, &got_src);
	char buf[11] = "";
	if (chr_date_valid(d))
		chr_date_format(d, buf);
	ok(strcmp(buf, want) == 0 && got_src == src, desc);
	if (strcmp(buf, want) != 0 || got_src != src)
		printf("#   got: %s (%d), want %s (%d)\n", buf, (int)got_src, want, (int)src);
}

static void test_html(void)
{
	chr_error warn;
	chr_reader *r = open_copy("page.html",
		"<!DOCTYPE html><html><head><title>Old title - Site</title>"
		"<meta property=\"og:title\" content=\"Bridge reopens\">"
		"<link rel=\"canonical\" href=\"https://news.example/bridge\">"
		"<meta property=\"article:published_time\" content=\"2027-04-01T08:00:00Z\">"
		"</head><body><nav>Home</nav><article><h1>Bridge</h1>"
		"<p>The bridge reopens on 9&nbsp;April.</p></article></body></html>");
	ok(r != NULL, "html: opened from memory");
	if (!r)
		return;
	chr_doc *doc = next(r, &warn);
	ok(doc != NULL, "html: one document");
	if (doc) {
		is_str(chr_doc_uri(doc), "page.html", "html: named as given");
		is_str(chr_doc_title(doc), "Bridge reopens", "html: og:title is the headline");
		is_str(chr_doc_url(doc), "https://news.example/bridge", "html: canonical URL");
		date_is(doc, "2027-04-01", CHR_PUB_META, "html: article:published_time");
		is_str(chr_doc_text(doc), "Bridge\n\nThe bridge reopens on 9\xC2\xA0" "April.",
		       "html: the article's text, paragraphs apart, &nbsp; decoded");
		ok(chr_doc_len(doc) == strlen(chr_doc_text(doc)), "html: length is the text's");
		chr_doc_free(doc);
	}
	ok(next(r, &warn) == NULL && !warn.problem[0], "html: then the end, no warning");
	chr_reader_close(r);
}

static void test_feed(void)
{
	chr_error warn;
	chr_reader *r = open_copy(NULL,
		"<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
		"<entry><id>urn:a</id><title>First</title><published>2027-05-01T10:00:00Z</published>"
		"<content type=\"html\">&lt;p&gt;On 3 May.&lt;/p&gt;</content></entry>"
		"<entry><title>Second</title><link href=\"http://x.example/2\"/>"
		"<updated>2027-05-02T10:00:00Z</updated><summary>On 4 May.</summary></entry>"
		"</feed>");
	ok(r != NULL, "feed: opened from memory");
	if (!r)
		return;
	chr_doc *a = next(r, &warn), *b = next(r, &warn), *end = next(r, &warn);
	ok(a && b && !end, "feed: two entries, two documents");
	if (a) {
		is_str(chr_doc_uri(a), "-#urn:a", "feed: a NULL name reads as '-', the id after '#'");
		is_str(chr_doc_text(a), "First\n\nOn 3 May.", "feed: headline, then the content");
		date_is(a, "2027-05-01", CHR_PUB_META, "feed: published");
	}
	if (b) {
		is_str(chr_doc_uri(b), "-#http://x.example/2", "feed: no id, the link names it");
		is_str(chr_doc_url(b), "http://x.example/2", "feed: the link is the URL");
		date_is(b, "2027-05-02", CHR_PUB_META, "feed: updated when not published");
	}
	chr_doc_free(a);
	chr_doc_free(b);
	chr_reader_close(r);
}

static void test_text(void)
{
	chr_error warn;
	chr_reader *r = open_copy("t.txt", "Choir sings tonight\n\nThe choir sings on 3 May 2027.\n");
	chr_doc *doc = r ? next(r, &warn) : NULL;
	ok(doc != NULL, "text: one document");
	if (doc) {
		is_str(chr_doc_title(doc), "Choir sings tonight", "text: the first short line is the headline");
		is_str(chr_doc_text(doc), "Choir sings tonight\n\nThe choir sings on 3 May 2027.\n",
		       "text: the bytes as they are");
		date_is(doc, "", CHR_PUB_NONE, "text: no date before the date core looks");
		chr_doc_free(doc);
	}
	chr_reader_close(r);
	r = open_copy("bin", "");
	chr_reader_close(r);
	static const char nul[] = "ab\0cd";
	chr_reader *b = NULL;
	chr_error err;
	ok(chr_reader_open_memory("nul.bin", nul, sizeof nul, &b, &err) == CHR_OK, "binary: opens");
	chr_doc *none = NULL;
	size_t base;
	ok(b && chr_reader_next(b, &none, &base, &err) == CHR_EINPUT && !none &&
	   strstr(err.problem, "binary") && strcmp(err.file, "nul.bin") == 0,
	   "binary: refused with a problem naming the source");
	chr_reader_close(b);
}

/* A text over 16 MB comes in windows of at most the size set (4 MB
 * unless set, clamped to 64 KB..16 MB), each cut after a line end past
 * its middle, back to back at their bases, the whole text in all. */
static void windows_are(const char *text, size_t len, size_t set, size_t want, const char *desc)
{
	chr_reader *r = NULL;
	chr_error err;
	bool good = chr_reader_open_memory("w.txt", text, len, &r, &err) == CHR_OK;
	if (good && set)
		chr_reader_set_window(r, set);
	size_t at = 0, n = 0;
	while (good) {
		chr_doc *doc = NULL;
		size_t base = 0;
		if (chr_reader_next(r, &doc, &base, &err) != CHR_OK) {
			good = false;
			break;
		}
		if (!doc)
			break;
		size_t k = chr_doc_len(doc);
		bool last = at + k == len;
		good = base == at && k <= want && (last || k > want / 2) &&
		       memcmp(chr_doc_text(doc), text + at, k) == 0 && chr_doc_text(doc)[k - 1] == '\n';
		at += k;
		n++;
		chr_doc_free(doc);
	}
	chr_reader_close(r);
	ok(good && at == len && n >= len / want, desc);
	if (!(good && at == len))
		printf("#   %zu windows, %zu of %zu bytes\n", n, at, len);
}

static void test_windows(void)
{
	static const char line[] = "The board met on 5 May 2026 to review the accounts.\n";
	size_t unit = sizeof line - 1, len = (20u << 20) / unit * unit;
	char *text = malloc(len);
	if (!text) {
		ok(0, "windows: memory for a 20 MB text");
		return;
	}
	for (size_t at = 0; at < len; at += unit)
		memcpy(text + at, line, unit);
	windows_are(text, len, 0, 4u << 20, "windows: 4 MB unless set");
	windows_are(text, len, 1u << 20, 1u << 20, "windows: 1 MB when set so");
	windows_are(text, len, 1, 64u << 10, "windows: no smaller than 64 KB");
	windows_are(text, len, (size_t)1 << 30, 16u << 20, "windows: no larger than 16 MB");
	free(text);
}

int main(void)
{
	test_html();
	test_feed();
	test_text();
	test_windows();
	return tap_done();
}
