/* The document record: text plus what readers learnt about it. */
#include "chronicle.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

struct chr_doc {
	char *uri;
	char *text;
	size_t len;
	size_t mapped; /* text is a mapping of this many bytes, not malloc'd */
	char *title;
	char *url;
	chr_date published;
	chr_pub_source pub_source;
	bool cut_before, cut_after; /* a window, not the source's start / end */
};

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

chr_doc *chr_doc_new(const char *uri, const char *text, size_t len)
{
	chr_doc *doc = calloc(1, sizeof *doc);
	if (!doc)
		return NULL;
	doc->uri = dup_str(uri ? uri : "-");
	doc->text = malloc(len + 1);
	if (!doc->uri || !doc->text) {
		chr_doc_free(doc);
		return NULL;
	}
	if (len)
		memcpy(doc->text, text, len);
	doc->text[len] = '\0';
	doc->len = len;
	return doc;
}

/* A document that takes text, malloc'd (mapped 0) or a mapping of mapped
 * bytes; text is released when the document cannot be made. */
static chr_doc *doc_take(const char *uri, char *text, size_t len, size_t mapped)
{
	chr_doc *doc = calloc(1, sizeof *doc);
	if (!doc) {
		chr_release(text, mapped);
		return NULL;
	}
	doc->text = text;
	doc->mapped = mapped;
	doc->uri = dup_str(uri ? uri : "-");
	if (!doc->uri) {
		chr_doc_free(doc);
		return NULL;
	}
	text[len] = '\0';
	doc->len = len;
	return doc;
}

chr_doc *chr_doc_new_own(const char *uri, char *text, size_t len)
{
	return doc_take(uri, text, len, 0);
}

chr_doc *chr_doc_new_mapped(const char *uri, char *text, size_t len, size_t mapped)
{
	return doc_take(uri, text, len, mapped);
}

void chr_doc_free(chr_doc *doc)
{
	if (!doc)
		return;
	free(doc->uri);
	chr_release(doc->text, doc->mapped);
	free(doc->title);
	free(doc->url);
	free(doc);
}

const char *chr_doc_uri(const chr_doc *doc) { return doc->uri; }
const char *chr_doc_text(const chr_doc *doc) { return doc->text; }
size_t chr_doc_len(const chr_doc *doc) { return doc->len; }
const char *chr_doc_title(const chr_doc *doc) { return doc->title; }
const char *chr_doc_url(const chr_doc *doc) { return doc->url; }

static bool set_str(char **slot, const char *s)
{
	char *p = NULL;
	if (s && !(p = dup_str(s)))
		return false;
	free(*slot);
	*slot = p;
	return true;
}

bool chr_doc_set_title(chr_doc *doc, const char *title)
{
	return set_str(&doc->title, title);
}

bool chr_doc_set_url(chr_doc *doc, const char *url)
{
	return set_str(&doc->url, url);
}

void chr_doc_set_published(chr_doc *doc, chr_date date, chr_pub_source source)
{
	doc->published = date;
	doc->pub_source = chr_date_valid(date) ? source : CHR_PUB_NONE;
}

chr_date chr_doc_published(const chr_doc *doc, chr_pub_source *source)
{
	if (source)
		*source = doc->pub_source;
	return doc->published;
}

void chr_doc_set_window(chr_doc *doc, bool first, bool last)
{
	doc->cut_before = !first;
	doc->cut_after = !last;
}

void chr_doc_window(const chr_doc *doc, bool *first, bool *last)
{
	*first = !doc->cut_before;
	*last = !doc->cut_after;
}
