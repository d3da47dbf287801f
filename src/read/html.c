/*
 * HTML pages: libxml2's HTML parser in recovery mode (never the network,
 * never HTML_PARSE_HUGE), then one walk of the tree for the article's
 * text and another for what the page says about itself.
 *
 * The text is what a reader of the article sees: the main content
 * (<article>, <main>, role=main, else <body>) without navigation, page
 * headers and footers, asides, forms, scripts and boilerplate; blocks
 * become paragraphs (a blank line), <br> and table cells line ends, so
 * the sentence splitter never joins two blocks into one sentence.
 */
#include "read/read.h"

#include <errno.h>
#include <iconv.h>
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- encodings ---- */

static bool ieq(const char *a, size_t n, const char *b)
{
	return strlen(b) == n && strncasecmp(a, b, n) == 0;
}

/* Finds charset=NAME in the first bytes of a page: <meta charset>,
 * <meta http-equiv content="...; charset=...">, <?xml encoding="...">. */
bool chr_read_declared_charset(const char *s, size_t len, char name[40])
{
	size_t n = len < 4096 ? len : 4096;
	for (size_t i = 0; i + 8 < n; i++) {
		size_t k;
		if (strncasecmp(s + i, "charset", 7) == 0)
			k = i + 7;
		else if (strncasecmp(s + i, "encoding", 8) == 0 && i > 0 &&
		         (s[i - 1] == ' ' || s[i - 1] == '\t'))
			k = i + 8;
		else
			continue;
		while (k < n && (s[k] == ' ' || s[k] == '\t'))
			k++;
		if (k >= n || s[k] != '=')
			continue;
		k++;
		while (k < n && (s[k] == ' ' || s[k] == '"' || s[k] == '\''))
			k++;
		size_t b = k;
		while (k < n && k - b < 39 && (((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z') ||
		                               (s[k] >= '0' && s[k] <= '9') || s[k] == '-' ||
		                               s[k] == '_' || s[k] == '.' || s[k] == ':'))
			k++;
		if (k == b)
			continue;
		memcpy(name, s + b, k - b);
		name[k - b] = '\0';
		return true;
	}
	return false;
}

/* Whether s has a multi-byte UTF-8 sequence and no invalid byte: a page
 * that says Latin-1 but was saved as UTF-8 (a frequent mislabel). */
static bool looks_utf8(const char *src, size_t len)
{
	const unsigned char *s = (const unsigned char *)src;
	bool multi = false;
	for (size_t i = 0; i < len;) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		int n = chr_utf8_seq(s + i, len - i);
		if (n == 0)
			return false;
		multi = true;
		i += (size_t)n;
	}
	return multi;
}

static chr_status with_iconv(const char *charset, const char *s, size_t len,
                             chr_buf *out, bool *done)
{
	*done = false;
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return CHR_OK; /* unknown: UTF-8 with the 1252 fallback */
	chr_status rc = CHR_OK;
	char *in = (char *)s;
	size_t left = len;
	char tmp[4096];
	while (left > 0) {
		char *o = tmp;
		size_t room = sizeof tmp;
		size_t r = iconv(cd, &in, &left, &o, &room);
		CHECK(chr_buf_add(out, tmp, (size_t)(o - tmp)));
		if (r == (size_t)-1 && errno != E2BIG) {
			/* a byte the charset does not have: U+FFFD, go on */
			CHECK(chr_buf_add(out, "\xEF\xBF\xBD", 3));
			in++;
			left--;
		}
	}
	CHECK(chr_buf_add(out, "", 0));
	*done = true;
cleanup:
	iconv_close(cd);
	return rc;
}

chr_status chr_html_decode(const char *raw, size_t len, chr_buf *out,
                           chr_decode_count *count)
{
	const unsigned char *u = (const unsigned char *)raw;
	memset(count, 0, sizeof *count);
	bool be, wide32;
	size_t bom = chr_read_wide_bom(u, len, &be, &wide32);
	if (bom)
		return wide32 ? chr_read_utf32(out, u + bom, len - bom, be)
		              : chr_read_utf16(out, u + bom, len - bom, be);
	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		return chr_read_decode(out, raw + 3, len - 3, false, count);
	char cs[40];
	if (chr_read_declared_charset(raw, len, cs)) {
		if (ieq(cs, strlen(cs), "windows-1252") || ieq(cs, strlen(cs), "cp1252") ||
		    ieq(cs, strlen(cs), "iso-8859-1") || ieq(cs, strlen(cs), "latin1") ||
		    ieq(cs, strlen(cs), "iso_8859-1") || ieq(cs, strlen(cs), "us-ascii") ||
		    ieq(cs, strlen(cs), "ascii") || ieq(cs, strlen(cs), "iso-8859-15")) {
			/* HTML reads Latin-1 and ASCII labels as 1252; 8859-15
			 * differs from it in eight letters only. */
			if (!looks_utf8(raw, len))
				return chr_read_decode(out, raw, len, true, count);
		} else if (!ieq(cs, strlen(cs), "utf-8") && !ieq(cs, strlen(cs), "utf8") &&
		           chr_charset_ascii_compatible(cs) && !looks_utf8(raw, len)) {
			/* Not UTF-16, UTF-32, UCS-2 or EBCDIC: the declaration
			 * was just read as ASCII, so it cannot be true (HTML
			 * ignores such labels too); a label iconv does not know
			 * is UTF-8 with the 1252 fallback. */
			bool done;
			chr_status rc = with_iconv(cs, raw, len, out, &done);
			if (rc != CHR_OK || done)
				return rc;
		}
	}
	return chr_read_decode(out, raw, len, false, count);
}

/* ---- the tree ---- */

static bool ci_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

static bool is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0;
}

static bool in_list(const xmlNode *n, const char *const *names, size_t count)
{
	if (n->type != XML_ELEMENT_NODE)
		return false;
	for (size_t i = 0; i < count; i++)
		if (strcasecmp((const char *)n->name, names[i]) == 0)
			return true;
	return false;
}

/* An attribute's value, borrowed: "" when it has none, NULL when absent. */
static const char *attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		if (strcasecmp((const char *)a->name, name) != 0)
			continue;
		if (a->children && a->children->type == XML_TEXT_NODE && a->children->content)
			return (const char *)a->children->content;
		return "";
	}
	return NULL;
}

/* The next node in document order below root; descend: into n's children. */
static xmlNode *next_node(xmlNode *n, const xmlNode *root, bool descend)
{
	if (descend && n->type == XML_ELEMENT_NODE && n->children)
		return n->children;
	while (n && n != root) {
		if (n->next)
			return n->next;
		n = n->parent;
	}
	return NULL;
}

static const char *const blocks[] = {
	"address", "article", "aside", "blockquote", "caption", "center", "dd", "details",
	"dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
	"form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li",
	"main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
	"tfoot", "thead", "tr", "ul"
};
static const char *const dropped[] = {
	"aside", "audio", "button", "canvas", "datalist", "embed", "footer", "form",
	"frameset", "head", "iframe", "input", "map", "nav", "noframes", "noscript",
	"object", "option", "script", "select", "style", "svg", "template", "textarea",
	"title", "video"
};
static const char *const noise_roles[] = {
	"navigation", "banner", "contentinfo", "complementary", "search", "menu",
	"menubar", "dialog", "alertdialog"
};
/* Parts of a class or id that mark boilerplate ("share-buttons",
 * "post_comments", "sidebar"), whole; and the ones that do as the start
 * of a part too ("relatedposts", "sharedaddy"). */
static const char *const noise_words[] = {
	"ads", "advert", "advertisement", "banner-ad", "breadcrumb", "breadcrumbs", "comment",
	"comments", "consent", "cookie", "cookies", "menu", "modal", "nav", "navbar",
	"navigation", "newsletter", "popup", "promo", "related", "share", "sharing",
	"sidebar", "signup", "skip", "social", "subscribe", "subscription"
};
static const char *const noise_prefixes[] = {
	"advert", "breadcrumb", "cookie", "newsletter", "promo", "related", "share",
	"social", "subscri"
};

static bool noisy_part(const char *b, size_t n)
{
	for (size_t i = 0; i < CHR_ARRAY_LEN(noise_words); i++)
		if (strlen(noise_words[i]) == n && strncasecmp(b, noise_words[i], n) == 0)
			return true;
	for (size_t i = 0; i < CHR_ARRAY_LEN(noise_prefixes); i++) {
		size_t k = strlen(noise_prefixes[i]);
		if (k <= n && strncasecmp(b, noise_prefixes[i], k) == 0)
			return true;
	}
	return false;
}

/* A class or id like "share-buttons", "post-comments", "sidebar"; not
 * "has-sidebar" or "no-ads", which describe the page, not the element. */
static bool noisy_name(const char *v)
{
	while (v && *v) {
		while (*v == ' ' || *v == '\t' || *v == '\n')
			v++;
		const char *b = v;
		while (*v && *v != ' ' && *v != '\t' && *v != '\n')
			v++;
		bool first = true, skip = false;
		for (const char *p = b; p < v && !skip;) {
			const char *q = p;
			while (q < v && *q != '-' && *q != '_')
				q++;
			size_t n = (size_t)(q - p);
			if (first && ((n == 3 && strncasecmp(p, "has", 3) == 0) ||
			              (n == 2 && (strncasecmp(p, "no", 2) == 0 ||
			                          strncasecmp(p, "is", 2) == 0)) ||
			              (n == 4 && strncasecmp(p, "with", 4) == 0)))
				skip = true;
			else if (n && noisy_part(p, n))
				return true;
			first = false;
			p = q < v ? q + 1 : q;
		}
	}
	return false;
}

typedef struct walk {
	chr_buf *out;
	int pending;      /* 0 nothing, 1 space, 2 line end, 3 paragraph */
	int pre;          /* inside <pre> */
	bool keep_header; /* the root is an article: its header is its own */
	size_t start;     /* out->len when this text began */
	chr_status rc;
} walk;

static void want(walk *w, int level)
{
	if (w->pending < level)
		w->pending = level;
}

/* Whether an element and everything in it stays out of the text. */
static bool drop(const walk *w, const xmlNode *n)
{
	if (in_list(n, dropped, CHR_ARRAY_LEN(dropped)))
		return true;
	if (is(n, "header") && !w->keep_header)
		return true;
	const char *v;
	if (attr(n, "hidden") || ((v = attr(n, "aria-hidden")) && strcasecmp(v, "true") == 0))
		return true;
	if ((v = attr(n, "role"))) {
		for (size_t i = 0; i < CHR_ARRAY_LEN(noise_roles); i++)
			if (strcasecmp(v, noise_roles[i]) == 0)
				return true;
	}
	return noisy_name(attr(n, "class")) || noisy_name(attr(n, "id"));
}

static void add_text(walk *w, const char *t)
{
	const unsigned char *s = (const unsigned char *)t;
	size_t run = 0, i = 0;
	while (w->rc == CHR_OK) {
		unsigned char c = s[i];
		bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
		bool c1 = c == 0xC2 && s[i + 1] >= 0x80 && s[i + 1] < 0xA0;
		if (c && !space && !c1) {
			if (w->pending && run == i) {
				if (w->out->len > w->start) {
					const char *sep = w->pending == 1 ? " " : w->pending == 2 ? "\n" : "\n\n";
					w->rc = chr_buf_adds(w->out, sep);
				}
				w->pending = 0;
			}
			i++;
			continue;
		}
		if (i > run && w->rc == CHR_OK)
			w->rc = chr_buf_add(w->out, s + run, i - run);
		if (!c)
			break;
		if (c1) {
			/* &#150; and friends: 1252 bytes read as Latin-1 */
			chr_buf one;
			chr_buf_init(&one, 0);
			if (w->pending && w->out->len > w->start)
				w->rc = chr_buf_adds(w->out, w->pending == 1 ? " " :
				                     w->pending == 2 ? "\n" : "\n\n");
			w->pending = 0;
			if (w->rc == CHR_OK)
				w->rc = chr_read_decode(&one, (const char *)s + i, 2, false, NULL);
			if (w->rc == CHR_OK)
				w->rc = chr_buf_add(w->out, one.data, one.len);
			chr_buf_free(&one);
			i += 2;
		} else {
			want(w, w->pre && c == '\n' ? 2 : 1);
			i++;
		}
		run = i;
	}
}

static void enter_block(walk *w, const xmlNode *n)
{
	if (is(n, "br"))
		want(w, 2);
	else if (is(n, "td") || is(n, "th"))
		want(w, 2);
	else if (in_list(n, blocks, CHR_ARRAY_LEN(blocks)))
		want(w, 3);
	else if (is(n, "img") || is(n, "wbr") || is(n, "time"))
		want(w, 1);
}

/* Appends the text below root. */
static chr_status text_of(xmlNode *root, bool keep_header, chr_buf *out)
{
	walk w = { out, 0, 0, keep_header, out->len, CHR_OK };
	xmlNode *n = root->children;
	while (n && w.rc == CHR_OK) {
		bool descend = false;
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				add_text(&w, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE) {
			if (drop(&w, n)) {
				want(&w, 1);
			} else {
				enter_block(&w, n);
				if (is(n, "pre"))
					w.pre++;
				descend = n->children != NULL;
			}
		}
		if (descend) {
			n = n->children;
			continue;
		}
		/* leave n and every ancestor whose last child it was */
		for (;;) {
			if (n->type == XML_ELEMENT_NODE && !drop(&w, n)) {
				enter_block(&w, n);
				if (is(n, "pre") && w.pre > 0)
					w.pre--;
			}
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
			if (!n || n == root) {
				n = NULL;
				break;
			}
		}
	}
	if (w.rc == CHR_OK && !out->data)
		w.rc = chr_buf_add(out, "", 0);
	return w.rc;
}

chr_status chr_html_node_text(void *node, chr_buf *text)
{
	return text_of((xmlNode *)node, true, text);
}

/* ---- what the page says about itself ---- */

typedef struct found {
	char *og_title, *h1, *title, *site;
	char *canonical, *og_url;
	chr_date pub_meta, pub_meta2, pub_time, pub_ld, pub_updated, pub_byline;
} found;

char *chr_read_dup_text(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	if (n > 4096)
		n = 4096;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	chr_read_squeeze(p);
	/* control characters have no place in a title or URL */
	for (char *q = p; *q; q++)
		if ((unsigned char)*q < ' ')
			*q = ' ';
	return p;
}

static void keep(char **slot, const char *v)
{
	if (!*slot && v && *v) {
		*slot = chr_read_dup_text(v);
		if (*slot && !**slot) {
			free(*slot);
			*slot = NULL;
		}
	}
}

static void keep_date(chr_date *slot, const char *v)
{
	chr_date d;
	if (!chr_date_valid(*slot) && v && chr_read_parse_date(v, &d))
		*slot = d;
}

/* Plain text of an element (for <title>, <h1>), bounded. */
static char *plain_limited(xmlNode *n, size_t limit)
{
	chr_buf b;
	chr_buf_init(&b, limit);
	if (text_of(n, true, &b) != CHR_OK) {
		chr_buf_free(&b);
		return NULL;
	}
	char *s = chr_read_dup_text(b.data);
	chr_buf_free(&b);
	return s;
}

/* A <time> that dates the article, not an event it mentions: marked as
 * the publication date, or in a header or byline, never in body text. */
static bool byline_time(const xmlNode *n)
{
	const char *v;
	if (((v = attr(n, "itemprop")) && strcasecmp(v, "datePublished") == 0) ||
	    attr(n, "pubdate") || ((v = attr(n, "class")) && ci_contains(v, "publish")))
		return true;
	for (const xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
		const char *cls = attr(p, "class");
		bool dated = cls && (ci_contains(cls, "date") || ci_contains(cls, "byline") ||
		                     ci_contains(cls, "meta") || ci_contains(cls, "publish") ||
		                     ci_contains(cls, "posted") || ci_contains(cls, "time"));
		if (dated || is(p, "header"))
			return true;
		if (is(p, "p") || is(p, "li") || is(p, "td") || is(p, "blockquote") ||
		    is(p, "aside") || is(p, "nav") || is(p, "footer"))
			return false;
	}
	return false;
}

static char *plain_of(xmlNode *n)
{
	return plain_limited(n, 1u << 16);
}

/* A byline or dateline element: "Posted on 14 March 2019 by ...". */
static bool byline_class(const xmlNode *n)
{
	static const char *const words[] = { "publish", "posted", "byline", "dateline",
	                                     "timestamp", "pubdate", "entry-date", "post-date",
	                                     "article-date", "story-date", "date-published" };
	const char *v[2] = { attr(n, "class"), attr(n, "id") };
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; v[k] && i < CHR_ARRAY_LEN(words); i++)
			if (ci_contains(v[k], words[i]))
				return true;
	/* <span class="date">March 3, 2027</span> beside the byline: a
	 * class that is "date" itself, not "event-date" or "start-date" */
	for (const char *c = v[0]; c && *c;) {
		while (*c == ' ' || *c == '\t' || *c == '\n')
			c++;
		const char *t = c;
		while (*c && *c != ' ' && *c != '\t' && *c != '\n')
			c++;
		if (c - t == 4 && strncasecmp(t, "date", 4) == 0)
			return true;
	}
	return false;
}

/* A byline that no class names: a short element whose text opens with
 * "Published", "Posted" or "First published", as "Published 3 March
 * 2027 by the sports desk". Only the first text node is looked at, so
 * no element's whole text is gathered to find out. */
static bool byline_text(const xmlNode *n)
{
	static const char *const openers[] = { "published", "posted", "first published" };
	if (!(is(n, "p") || is(n, "div") || is(n, "span") || is(n, "small") || is(n, "li")))
		return false;
	const xmlNode *c = n->children;
	if (!c || c->type != XML_TEXT_NODE || !c->content)
		return false;
	const char *t = (const char *)c->content;
	while (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r')
		t++;
	for (size_t i = 0; i < CHR_ARRAY_LEN(openers); i++) {
		size_t l = strlen(openers[i]);
		if (strncasecmp(t, openers[i], l) == 0 && (t[l] == ' ' || t[l] == ':'))
			return true;
	}
	return false;
}

static bool article_type(json_t *o)
{
	json_t *t = json_object_get(o, "@type");
	const char *s = json_is_string(t) ? json_string_value(t) : NULL;
	if (json_is_array(t) && json_array_size(t) > 0 && json_is_string(json_array_get(t, 0)))
		s = json_string_value(json_array_get(t, 0));
	return s && (ci_contains(s, "article") || ci_contains(s, "posting") ||
	             ci_contains(s, "report") || ci_contains(s, "release"));
}

/* datePublished from JSON-LD: an article's first, else anyone's. */
static void ld_date(json_t *v, int depth, chr_date *best, chr_date *any)
{
	if (depth > 16)
		return;
	if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v) && i < 256; i++)
			ld_date(json_array_get(v, i), depth + 1, best, any);
		return;
	}
	if (!json_is_object(v))
		return;
	json_t *d = json_object_get(v, "datePublished");
	if (json_is_string(d)) {
		if (article_type(v))
			keep_date(best, json_string_value(d));
		keep_date(any, json_string_value(d));
	}
	const char *key;
	json_t *val;
	size_t k = 0;
	json_object_foreach(v, key, val) {
		if (k++ > 256)
			break;
		if (json_is_object(val) || json_is_array(val))
			ld_date(val, depth + 1, best, any);
	}
}

static void json_ld(xmlNode *script, found *f)
{
	chr_buf b;
	chr_buf_init(&b, 1u << 20);
	for (xmlNode *c = script->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content &&
		    chr_buf_adds(&b, (const char *)c->content) != CHR_OK)
			break;
	if (b.data) {
		json_error_t e;
		json_t *j = json_loadb(b.data, b.len, JSON_DECODE_ANY, &e);
		chr_date best = { 0, 0, 0 }, any = { 0, 0, 0 };
		if (j) {
			ld_date(j, 0, &best, &any);
			if (!chr_date_valid(f->pub_ld))
				f->pub_ld = chr_date_valid(best) ? best : any;
			json_decref(j);
		}
	}
	chr_buf_free(&b);
}

static void metadata(xmlNode *top, xmlNode *content, bool keep_header, found *f)
{
	for (xmlNode *n = top; n; n = next_node(n, top, true)) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is(n, "meta")) {
			const char *key = attr(n, "property");
			const char *val = attr(n, "content");
			if (!key || !*key)
				key = attr(n, "name");
			if (!key || !*key)
				key = attr(n, "itemprop");
			if (!key || !val)
				continue;
			if (strcasecmp(key, "og:title") == 0)
				keep(&f->og_title, val);
			else if (strcasecmp(key, "og:site_name") == 0)
				keep(&f->site, val);
			else if (strcasecmp(key, "og:url") == 0)
				keep(&f->og_url, val);
			else if (strcasecmp(key, "article:published_time") == 0)
				keep_date(&f->pub_meta, val);
			else if (strcasecmp(key, "datePublished") == 0)
				keep_date(&f->pub_time, val);
			else if (strcasecmp(key, "og:updated_time") == 0)
				keep_date(&f->pub_updated, val);
			else if (strcasecmp(key, "pubdate") == 0 || strcasecmp(key, "publishdate") == 0 ||
			         strcasecmp(key, "publish-date") == 0 || strcasecmp(key, "dc.date") == 0 ||
			         strcasecmp(key, "dc.date.issued") == 0 ||
			         strcasecmp(key, "dcterms.issued") == 0 ||
			         strcasecmp(key, "parsely-pub-date") == 0 ||
			         strcasecmp(key, "date") == 0 || strcasecmp(key, "publish_date") == 0 ||
			         strcasecmp(key, "publication_date") == 0 ||
			         strcasecmp(key, "article.published") == 0 ||
			         strcasecmp(key, "og:published_time") == 0 ||
			         strcasecmp(key, "sailthru.date") == 0 ||
			         strcasecmp(key, "citation_publication_date") == 0 ||
			         strcasecmp(key, "dcterms.date") == 0 ||
			         strcasecmp(key, "dcterms.created") == 0 ||
			         strcasecmp(key, "dc.date.created") == 0)
				keep_date(&f->pub_meta2, val);
		} else if (is(n, "link")) {
			const char *rel = attr(n, "rel");
			if (rel && strcasecmp(rel, "canonical") == 0)
				keep(&f->canonical, attr(n, "href"));
		} else if (is(n, "title") && !f->title) {
			f->title = plain_of(n);
		} else if (attr(n, "property") && attr(n, "content")) {
			/* RDFa in the body (Drupal): property="dc:date dc:created" */
			const char *pr = attr(n, "property");
			if (ci_contains(pr, "dc:date") || ci_contains(pr, "dc:created") ||
			    ci_contains(pr, "dcterms:created") || ci_contains(pr, "dcterms:issued") ||
			    ci_contains(pr, "datePublished"))
				keep_date(&f->pub_meta2, attr(n, "content"));
		} else if (is(n, "time") || attr(n, "itemprop")) {
			const char *ip = attr(n, "itemprop");
			const char *cls = attr(n, "class");
			if (is(n, "time") && cls && (ci_contains(cls, "updated") ||
			                             ci_contains(cls, "modified"))) {
				keep_date(&f->pub_updated, attr(n, "datetime"));
			} else if (is(n, "time") && byline_time(n)) {
				const char *dt = attr(n, "datetime");
				keep_date(&f->pub_time, dt);
			} else if (ip && strcasecmp(ip, "datePublished") == 0) {
				const char *v = attr(n, "datetime");
				if (!v)
					v = attr(n, "content");
				keep_date(&f->pub_time, v);
			}
		} else if (is(n, "script")) {
			const char *t = attr(n, "type");
			if (t && strcasecmp(t, "application/ld+json") == 0)
				json_ld(n, f);
		}
		if (!chr_date_valid(f->pub_byline) && n->type == XML_ELEMENT_NODE &&
		    (byline_class(n) || byline_text(n))) {
			char *t = plain_limited(n, 512);
			keep_date(&f->pub_byline, t);
			free(t);
		}
	}
	/* the headline of the content, else the page's first <h1> */
	xmlNode *roots[2] = { content, top };
	for (int k = 0; k < 2 && !f->h1; k++)
		for (xmlNode *n = roots[k]; n && !f->h1;
		     n = next_node(n, roots[k], !is(n, "aside") && !is(n, "nav") && !is(n, "footer") &&
		                                ((k == 0 && keep_header) || !is(n, "header"))))
			if (is(n, "h1"))
				f->h1 = plain_of(n);
	if (f->h1 && !*f->h1) {
		free(f->h1);
		f->h1 = NULL;
	}
}

bool chr_read_absolute_url(const char *u)
{
	if (!u || (strncasecmp(u, "http://", 7) != 0 && strncasecmp(u, "https://", 8) != 0))
		return false;
	const char *host = u + (u[4] == ':' ? 7 : 8);
	if (!*host || *host == '/')
		return false;
	for (; *u; u++)
		if ((unsigned char)*u <= ' ' || *u == '"' || *u == '<' || *u == '>')
			return false;
	return true;
}

/* "Headline | Site", "Headline - Site", "Site | Headline": the headline. */
static void strip_site(char *t, const char *site)
{
	static const char *const seps[] = { " | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ",
	                                    " :: ", " \xC2\xB7 ", " \xE2\x80\xA2 " };
	for (size_t k = 0; k < CHR_ARRAY_LEN(seps); k++) {
		const char *sep = seps[k];
		size_t sl = strlen(sep);
		char *last = NULL;
		for (char *p = strstr(t, sep); p; p = strstr(p + 1, sep))
			last = p;
		if (!last)
			continue;
		const char *tail = last + sl;
		char *first = strstr(t, sep);
		if (site && *site && strcasecmp(tail, site) == 0) {
			*last = '\0';
			return;
		}
		if (site && *site && (size_t)(first - t) == strlen(site) &&
		    strncasecmp(t, site, strlen(site)) == 0) {
			memmove(t, first + sl, strlen(first + sl) + 1);
			return;
		}
		size_t words = 1;
		for (const char *p = tail; *p; p++)
			words += *p == ' ';
		size_t head_words = 1;
		for (const char *p = t; p < last; p++)
			head_words += *p == ' ';
		if ((k == 0 || words <= 4) && head_words >= 2) {
			*last = '\0';
			return;
		}
	}
}

/* ---- parsing ---- */

typedef struct parse_state {
	unsigned long elements;
	bool too_deep, too_many;
	startElementSAXFunc start;
} parse_state;

static void start_element(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	htmlParserCtxtPtr c = ctx;
	parse_state *st = c->_private;
	if (c->nameNr > CHR_MAX_DEPTH) {
		st->too_deep = true;
		xmlStopParser(c);
		return;
	}
	if (++st->elements > CHR_MAX_ELEMENTS) {
		st->too_many = true;
		xmlStopParser(c);
		return;
	}
	st->start(ctx, name, atts);
}

void chr_page_meta_free(chr_page_meta *m)
{
	free(m->title);
	free(m->url);
	memset(m, 0, sizeof *m);
}

static size_t text_len(xmlNode *n, bool keep_header)
{
	chr_buf b;
	chr_buf_init(&b, 0);
	size_t len = text_of(n, keep_header, &b) == CHR_OK ? b.len : 0;
	chr_buf_free(&b);
	return len;
}

/* The element that holds the article: the <article> with the most text
 * (unless it is a small part of <main>), else <main>, role=main, body. */
static xmlNode *content_root(xmlNode *top, bool *keep_header)
{
	xmlNode *best = NULL, *main = NULL, *role = NULL, *body = NULL;
	size_t best_len = 0, articles = 0;
	for (xmlNode *n = top; n; ) {
		bool skip = n->type == XML_ELEMENT_NODE &&
		            (is(n, "aside") || is(n, "nav") || is(n, "footer") || is(n, "head") ||
		             is(n, "script") || is(n, "template"));
		if (is(n, "article") && articles++ < 32) {
			size_t l = text_len(n, true);
			if (l > best_len) {
				best = n;
				best_len = l;
			}
			skip = true; /* nested articles are comments or quotes */
		} else if (is(n, "main") && !main) {
			main = n;
		} else if (!role && n->type == XML_ELEMENT_NODE && attr(n, "role") &&
		           strcasecmp(attr(n, "role"), "main") == 0) {
			role = n;
		} else if (is(n, "body") && !body) {
			body = n;
		}
		n = next_node(n, top, !skip);
	}
	if (!main)
		main = role;
	*keep_header = true;
	if (best && (!main || best_len * 4 >= text_len(main, true)))
		return best;
	if (main)
		return main;
	*keep_header = false;
	return body ? body : top;
}

chr_status chr_html_extract(const char *html, size_t len, bool fragment,
                            const char *file, chr_buf *text,
                            chr_page_meta *meta, chr_error *err)
{
	chr_status rc = CHR_OK;
	htmlParserCtxtPtr ctxt = NULL;
	htmlDocPtr doc = NULL;
	found f;
	parse_state st;
	chr_markup_guard guard;

	memset(&f, 0, sizeof f);
	memset(&st, 0, sizeof st);
	memset(meta, 0, sizeof *meta);
	if (len > CHR_HTML_LIMIT)
		return chr_fail(err, CHR_ELIMIT, file, "HTML larger than %u MB (refused)",
		                CHR_HTML_LIMIT >> 20);
	const char *no_lib = chr_libxml2_open();
	if (no_lib)
		return chr_fail(err, CHR_EIO, file, "%s", no_lib);
	chr_markup_guard_init(&guard);
	CHECK(chr_markup_guard_feed(&guard, html, len, file, err));
	ctxt = htmlNewParserCtxt();
	if (!ctxt || !ctxt->sax) {
		rc = chr_fail(err, CHR_ENOMEM, file, "out of memory");
		goto cleanup;
	}
	st.start = ctxt->sax->startElement;
	ctxt->sax->startElement = start_element;
	ctxt->_private = &st;
	doc = htmlCtxtReadMemory(ctxt, len ? html : " ", len ? (int)len : 1, NULL, "UTF-8",
	                         HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
	                         HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC |
	                         HTML_PARSE_COMPACT);
	if (st.too_deep) {
		rc = chr_fail(err, CHR_ELIMIT, file, "HTML nested deeper than %d elements (refused)",
		              CHR_MAX_DEPTH);
		goto cleanup;
	}
	if (st.too_many) {
		rc = chr_fail(err, CHR_ELIMIT, file, "HTML with more than %u elements (refused)",
		              CHR_MAX_ELEMENTS);
		goto cleanup;
	}
	if (!doc) {
		/* nothing the parser could use: no text */
		rc = chr_buf_add(text, "", 0);
		goto cleanup;
	}
	xmlNode *top = xmlDocGetRootElement(doc);
	if (!top) {
		rc = chr_buf_add(text, "", 0);
		goto cleanup;
	}
	bool keep_header = true;
	xmlNode *root = fragment ? top : content_root(top, &keep_header);
	if (fragment) {
		for (xmlNode *n = top; n; n = next_node(n, top, true))
			if (is(n, "body")) {
				root = n;
				break;
			}
	}
	CHECK(text_of(root, keep_header, text));
	if (fragment)
		goto cleanup;
	metadata(top, root, keep_header, &f);
	if (f.og_title && f.site && *f.site) {
		/* og:title is the headline, unless the site put its name in */
		size_t n = strlen(f.og_title), k = strlen(f.site);
		if (n > k + 3 && strcasecmp(f.og_title + n - k, f.site) == 0)
			strip_site(f.og_title, f.site);
	}
	const char *title = f.og_title ? f.og_title : f.h1;
	if (title) {
		meta->title = chr_read_dup_text(title);
	} else if (f.title) {
		/* "Headline | Section | Site": every trailing part */
		for (int k = 0; k < 3; k++) {
			size_t before = strlen(f.title);
			strip_site(f.title, f.site);
			if (strlen(f.title) == before)
				break;
		}
		meta->title = chr_read_dup_text(f.title);
	}
	if (meta->title && !*meta->title) {
		free(meta->title);
		meta->title = NULL;
	}
	if (meta->title) {
		/* the page's script decides what counts as spam in its title */
		int latin = chr_read_latin(text->data, text->len) ? 1 : -1;
		meta->title[chr_read_repair_as(meta->title, strlen(meta->title), latin)] = '\0';
		chr_read_squeeze(meta->title);
	}
	if (chr_read_absolute_url(f.canonical))
		meta->url = chr_read_dup_text(f.canonical);
	else if (chr_read_absolute_url(f.og_url))
		meta->url = chr_read_dup_text(f.og_url);
	chr_date order[] = { f.pub_meta, f.pub_meta2, f.pub_time, f.pub_ld, f.pub_updated,
	                     f.pub_byline };
	for (size_t k = 0; k < CHR_ARRAY_LEN(order); k++)
		if (chr_date_valid(order[k])) {
			meta->published = order[k];
			break;
		}
cleanup:
	free(f.og_title);
	free(f.h1);
	free(f.title);
	free(f.site);
	free(f.canonical);
	free(f.og_url);
	if (doc)
		xmlFreeDoc(doc);
	if (ctxt)
		htmlFreeParserCtxt(ctxt);
	if (rc != CHR_OK)
		chr_page_meta_free(meta);
	return rc;
}
