/*
 * RSS 2.0, RSS 1.0 and Atom feeds, streamed: libxml2's push parser builds
 * the tree of one item at a time; when an item (or any other child of the
 * channel) ends, its fields are copied out and its nodes freed, so a feed
 * of any length is read in memory bounded by its largest item.
 *
 * Hostile XML: entities are never substituted (no XML_PARSE_NOENT) and
 * never loaded from outside (no DTD loading, XML_PARSE_NONET, and an
 * entity resolver that refuses everything); text is gathered from text
 * nodes only, never through entity references, so even a declared entity
 * cannot multiply the text; libxml2's entity-loop and depth errors end
 * the feed with a clear message.
 *
 * Each item is its own document, named "SOURCE#ID" where ID is its guid
 * (RSS) or id (Atom), else its link, else "item-N" counted from the top:
 * guids and links do not move when a feed gains items, so neither do the
 * UIDs of the events read from it.
 */
#include "read/read.h"

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FIELD_LIMIT (8u << 20)

enum kind { K_TEXT, K_HTML };

typedef struct item {
	char *id, *title, *link, *date, *content;
	enum kind title_kind, content_kind;
	bool cut; /* its title or text was cut at FIELD_LIMIT */
} item;

struct chr_feed_reader {
	char *name;
	xmlParserCtxtPtr ctxt;
	item *q;
	size_t q_head, q_len, q_cap;
	size_t n_items;
	int depth, item_depth; /* item_depth -1: not in an item */
	chr_markup_guard guard;
	chr_status fatal;
	char fatal_msg[256];
	bool root_checked;
	bool started;      /* the first bytes were handed to libxml2 */
	iconv_t cd;        /* the declared encoding to UTF-8, or (iconv_t)-1 */
	char carry[16];    /* a character cut by the end of a chunk */
	size_t n_carry;
	size_t nul;        /* NUL bytes replaced with U+FFFD */
	chr_status oom;
	startElementNsSAX2Func start;
	endElementNsSAX2Func end;
	charactersSAXFunc chars;
	getEntitySAXFunc get_entity;
	xmlEntityPtr html_ents[256]; /* &nbsp; and friends, made on demand */
	size_t n_html_ents;
	char *base;        /* the channel's (feed's) own link, for relative ones */
};

static void item_free(item *it)
{
	free(it->id);
	free(it->title);
	free(it->link);
	free(it->date);
	free(it->content);
	memset(it, 0, sizeof *it);
}

static bool local_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const char *xattr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (strcmp((const char *)a->name, name) == 0)
			return a->children && a->children->type == XML_TEXT_NODE &&
			       a->children->content ? (const char *)a->children->content : "";
	return NULL;
}

/* The text of n's descendants, through text nodes only (an entity
 * reference adds nothing), its first FIELD_LIMIT bytes (*cut says it
 * was longer). NULL without memory. */
static char *text_below(const xmlNode *n, bool *cut)
{
	chr_buf b;
	chr_buf_init(&b, FIELD_LIMIT);
	const xmlNode *c = n->children;
	while (c) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
			chr_status rc = chr_buf_adds(&b, (const char *)c->content);
			if (rc == CHR_ELIMIT) {
				/* what fits, cut between characters, and no more */
				const char *t = (const char *)c->content;
				size_t room = FIELD_LIMIT - b.len;
				while (room > 0 && ((unsigned char)t[room] & 0xC0) == 0x80)
					room--;
				rc = chr_buf_add(&b, t, room);
				if (cut)
					*cut = true;
				if (rc != CHR_ENOMEM)
					break;
			}
			if (rc == CHR_ENOMEM) {
				chr_buf_free(&b);
				return NULL;
			}
		}
		if (c->type == XML_ELEMENT_NODE && c->children) {
			c = c->children;
			continue;
		}
		while (c && c != n && !c->next)
			c = c->parent;
		c = c && c != n ? c->next : NULL;
	}
	if (!b.data && chr_buf_add(&b, "", 0) != CHR_OK)
		return NULL;
	return b.data;
}

static bool html_type(const char *type)
{
	return type && (strcasecmp(type, "html") == 0 || strcasecmp(type, "text/html") == 0);
}

static bool xhtml_type(const char *type)
{
	return type && (strcasecmp(type, "xhtml") == 0 ||
	                strcasecmp(type, "application/xhtml+xml") == 0);
}

/* A field's value and how to read it: Atom's type attribute, RSS's
 * escaped HTML. */
static char *field(const xmlNode *n, bool rss_html, enum kind *kind, bool *cut)
{
	const char *type = xattr(n, "type");
	if (xhtml_type(type)) {
		chr_buf b;
		chr_buf_init(&b, FIELD_LIMIT);
		chr_status rc = chr_html_node_text((void *)n, &b);
		if (rc == CHR_ELIMIT && b.data) {
			*cut = true; /* the text up to the limit */
		} else if (rc != CHR_OK) {
			chr_buf_free(&b);
			return NULL;
		}
		*kind = K_TEXT;
		return b.data;
	}
	*kind = html_type(type) || (rss_html && !type) ? K_HTML : K_TEXT;
	return text_below(n, cut);
}

/* libxml2 passes on bytes that were not UTF-8 when a feed did not
 * declare its encoding: read them as Windows-1252, like everything else. */
static char *valid(char *v)
{
	if (!v || chr_read_utf8_clean(v, strlen(v)))
		return v;
	chr_buf b;
	chr_buf_init(&b, 0);
	if (chr_read_decode(&b, v, strlen(v), false, NULL) != CHR_OK) {
		chr_buf_free(&b);
		b.data = NULL;
	}
	free(v);
	return b.data;
}

static void set(char **slot, char *v, enum kind *slot_kind, enum kind kind)
{
	v = valid(v);
	if (*slot || !v) {
		free(v);
		return;
	}
	*slot = v;
	if (slot_kind)
		*slot_kind = kind;
}

static void take_item(chr_feed_reader *f, const xmlNode *node)
{
	item it;
	char *summary = NULL, *updated = NULL, *alt_link = NULL;
	enum kind summary_kind = K_TEXT, k = K_TEXT;
	bool summary_cut = false;
	if (f->fatal)
		return;
	memset(&it, 0, sizeof it);
	for (const xmlNode *n = node->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *ns = n->ns && n->ns->href ? (const char *)n->ns->href : "";
		bool content_ns = strstr(ns, "purl.org/rss/1.0/modules/content") != NULL;
		if (local_is(n, "title") && !content_ns) {
			char *v = field(n, strstr(ns, "Atom") == NULL && strstr(ns, "atom") == NULL, &k,
			                &it.cut);
			set(&it.title, v, &it.title_kind, k);
		} else if (local_is(n, "link")) {
			const char *href = xattr(n, "href");
			const char *rel = xattr(n, "rel");
			if (href && (!rel || strcmp(rel, "alternate") == 0))
				set(&it.link, chr_read_dup_text(href), NULL, K_TEXT);
			else if (href)
				set(&alt_link, chr_read_dup_text(href), NULL, K_TEXT);
			else
				set(&it.link, text_below(n, NULL), NULL, K_TEXT);
		} else if (local_is(n, "guid") || local_is(n, "id")) {
			set(&it.id, text_below(n, NULL), NULL, K_TEXT);
		} else if (local_is(n, "pubDate") || local_is(n, "published") ||
		           local_is(n, "issued") || (local_is(n, "date") && strstr(ns, "purl.org/dc"))) {
			set(&it.date, text_below(n, NULL), NULL, K_TEXT);
		} else if (local_is(n, "updated") || local_is(n, "modified")) {
			set(&updated, text_below(n, NULL), NULL, K_TEXT);
		} else if ((local_is(n, "encoded") && content_ns) ||
		           (local_is(n, "content") && !content_ns)) {
			char *v = field(n, content_ns, &k, &it.cut);
			set(&it.content, v, &it.content_kind, k);
		} else if (local_is(n, "description") || local_is(n, "summary")) {
			char *v = field(n, local_is(n, "description"), &k, &summary_cut);
			set(&summary, v, &summary_kind, k);
		}
	}
	if (!it.content || !*it.content) {
		free(it.content);
		it.content = summary;
		it.content_kind = summary_kind;
		it.cut |= summary_cut;
		summary = NULL;
	}
	set(&it.date, updated, NULL, K_TEXT);
	set(&it.link, alt_link, NULL, K_TEXT);
	free(summary);
	f->n_items++;
	if (f->q_head > 0 && f->q_head == f->q_len)
		f->q_head = f->q_len = 0;
	void *v = f->q;
	if (chr_grow(&v, &f->q_cap, f->q_len, sizeof *f->q, 16) != CHR_OK) {
		f->oom = CHR_ENOMEM;
		item_free(&it);
		return;
	}
	f->q = v;
	if (!it.id || !*it.id) {
		/* remember the position for items with neither guid nor link */
		char pos[32];
		snprintf(pos, sizeof pos, "item-%zu", f->n_items);
		free(it.id);
		it.id = chr_read_dup_text(it.link && *it.link ? it.link : pos);
	}
	f->q[f->q_len++] = it;
}

/* libxml2 2.9 stops reading entity references (even &amp;) for good
 * after the first well-formedness error, recovery mode or not: one stray
 * "&" would blank every later one in the feed. Each new event forgives. */
static void forgive(xmlParserCtxtPtr c)
{
	if (c->recovery && !c->disableSAX)
		c->wellFormed = 1;
}

static char *valid(char *v);

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix,
                     const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attrs,
                     int nb_defaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr c = ctx;
	chr_feed_reader *f = c->_private;
	int d = f->depth++;
	forgive(c);
	if (d == 0 && !f->root_checked) {
		f->root_checked = true;
		if (strcmp((const char *)local, "rss") != 0 && strcmp((const char *)local, "feed") != 0 &&
		    strcmp((const char *)local, "RDF") != 0 && strcmp((const char *)local, "channel") != 0) {
			char shown[41];
			size_t k = 0;
			/* the name is the input's: printable ASCII only in a message */
			for (const xmlChar *p = local; *p && k < 40; p++)
				shown[k++] = *p > ' ' && *p < 0x7F ? (char)*p : '?';
			shown[k] = '\0';
			f->fatal = CHR_EINPUT;
			snprintf(f->fatal_msg, sizeof f->fatal_msg,
			         "not an RSS or Atom feed (its root is <%s>)", shown);
			xmlStopParser(c);
			return;
		}
	}
	if (f->item_depth < 0 && d <= 2 &&
	    (strcmp((const char *)local, "item") == 0 || strcmp((const char *)local, "entry") == 0))
		f->item_depth = d;
	f->start(ctx, local, prefix, uri, nb_ns, ns, nb_attrs, nb_defaulted, attrs);
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix,
                   const xmlChar *uri)
{
	xmlParserCtxtPtr c = ctx;
	chr_feed_reader *f = c->_private;
	xmlNodePtr node = c->node;
	int d = f->depth > 0 ? --f->depth : 0;
	forgive(c);
	f->end(ctx, local, prefix, uri);
	if (!node || node->type != XML_ELEMENT_NODE || d == 0)
		return;
	if (d == f->item_depth) {
		take_item(f, node);
		f->item_depth = -1;
	} else if (f->item_depth < 0 && !f->base && d <= 2 && local_is(node, "link")) {
		/* RSS's channel <link>, Atom's feed <link rel="alternate"> */
		const char *href = xattr(node, "href"), *rel = xattr(node, "rel");
		char *v = href ? (rel && strcmp(rel, "alternate") != 0 ? NULL : chr_read_dup_text(href))
		               : text_below(node, NULL);
		v = valid(v);
		if (v && chr_read_absolute_url(v))
			f->base = v;
		else
			free(v);
	}
	if (d <= 2 && f->item_depth < 0) {
		/* done with it: the tree never holds more than one item */
		xmlUnlinkNode(node);
		xmlFreeNode(node);
	}
}

static void on_chars(void *ctx, const xmlChar *s, int len)
{
	xmlParserCtxtPtr c = ctx;
	chr_feed_reader *f = c->_private;
	forgive(c);
	/* white space between items would pile up in the channel */
	if (f->item_depth < 0 && f->depth <= 2)
		return;
	f->chars(ctx, s, len);
}

/* Feeds written by hand or by a careless CMS use HTML's entities
 * (&nbsp;, &rsquo;) without declaring them: an undeclared one that HTML
 * knows stands for its character, as a predefined entity (inlined as
 * text, never parsed, never expanded into anything else). */
static xmlEntityPtr get_entity(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr c = ctx;
	chr_feed_reader *f = c->_private;
	xmlEntityPtr e = f->get_entity(ctx, name);
	if (e || c->inSubset || !name)
		return e;
	const htmlEntityDesc *h = htmlEntityLookup(name);
	if (!h)
		return NULL;
	for (size_t i = 0; i < f->n_html_ents; i++)
		if (strcmp((const char *)f->html_ents[i]->name, (const char *)name) == 0)
			return f->html_ents[i];
	chr_buf v;
	chr_buf_init(&v, 0);
	if (f->n_html_ents == CHR_ARRAY_LEN(f->html_ents) || chr_read_put_cp(&v, h->value) != CHR_OK ||
	    !(e = calloc(1, sizeof *e))) {
		chr_buf_free(&v);
		return NULL;
	}
	size_t n = strlen((const char *)name);
	char *nm = malloc(n + 1);
	if (!nm) {
		free(e);
		chr_buf_free(&v);
		return NULL;
	}
	memcpy(nm, name, n + 1);
	e->type = XML_ENTITY_DECL;
	e->etype = XML_INTERNAL_PREDEFINED_ENTITY;
	e->name = (const xmlChar *)nm;
	e->content = (xmlChar *)v.data;
	e->length = (int)v.len;
	f->html_ents[f->n_html_ents++] = e;
	return e;
}

static xmlParserInputPtr no_entity(void *ctx, const xmlChar *public_id,
                                   const xmlChar *system_id)
{
	(void)ctx;
	(void)public_id;
	(void)system_id;
	return NULL;
}

static void no_subset(void *ctx, const xmlChar *name, const xmlChar *public_id,
                      const xmlChar *system_id)
{
	(void)ctx;
	(void)name;
	(void)public_id;
	(void)system_id;
}

static void on_error(void *ud, xmlErrorPtr e)
{
	xmlParserCtxtPtr c = ud;
	chr_feed_reader *f = c ? c->_private : NULL;
	if (!f || !e || f->fatal)
		return;
	if (e->code == XML_ERR_ENTITY_LOOP) {
		f->fatal = CHR_ELIMIT;
		snprintf(f->fatal_msg, sizeof f->fatal_msg,
		         "XML entities that expand into each other (a billion laughs), refused");
	} else if (e->code == XML_ERR_INTERNAL_ERROR && e->message &&
	           strstr(e->message, "depth")) {
		f->fatal = CHR_ELIMIT;
		snprintf(f->fatal_msg, sizeof f->fatal_msg,
		         "XML nested deeper than 256 elements (refused)");
	} else if (e->code == XML_ERR_NO_MEMORY) {
		f->fatal = CHR_ELIMIT;
		snprintf(f->fatal_msg, sizeof f->fatal_msg,
		         "XML text node larger than libxml2's limit (refused)");
	}
	/* No xmlStopParser here: called inside an entity's expansion it
	 * leaves libxml2 2.9 spinning. The push loop stops feeding instead,
	 * and nothing after the error is queued. */
}

chr_status chr_feed_reader_new(const char *name, chr_feed_reader **out, chr_error *err)
{
	*out = NULL;
	const char *no_lib = chr_libxml2_open();
	if (no_lib)
		return chr_fail(err, CHR_EIO, name, "%s", no_lib);
	chr_feed_reader *f = calloc(1, sizeof *f);
	if (!f || !(f->name = chr_read_dup_text(name ? name : "-"))) {
		free(f);
		return chr_fail(err, CHR_ENOMEM, name, "out of memory");
	}
	f->item_depth = -1;
	f->cd = (iconv_t)-1;
	chr_markup_guard_init(&f->guard);
	f->ctxt = xmlCreatePushParserCtxt(NULL, NULL, NULL, 0, NULL);
	if (!f->ctxt || !f->ctxt->sax) {
		chr_feed_reader_free(f);
		return chr_fail(err, CHR_ENOMEM, name, "out of memory");
	}
	xmlCtxtUseOptions(f->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_RECOVER |
	                           XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
	xmlSAXHandlerPtr sax = f->ctxt->sax;
	f->start = sax->startElementNs;
	f->end = sax->endElementNs;
	f->chars = sax->characters;
	sax->startElementNs = on_start;
	sax->endElementNs = on_end;
	sax->characters = on_chars;
	sax->ignorableWhitespace = on_chars;
	sax->cdataBlock = on_chars;
	sax->comment = NULL;
	sax->processingInstruction = NULL;
	sax->resolveEntity = no_entity;
	f->get_entity = sax->getEntity;
	sax->getEntity = get_entity;
	sax->externalSubset = no_subset;
	sax->serror = on_error;
	f->ctxt->_private = f;
	f->ctxt->replaceEntities = 0;
	f->ctxt->loadsubset = 0;
	f->ctxt->validate = 0;
	*out = f;
	return CHR_OK;
}

/* The encoding an XML declaration at the start of s names, or false. */
static bool declared_encoding(const char *s, size_t len, char name[41])
{
	size_t n = len < 256 ? len : 256;
	if (n < 6 || memcmp(s, "<?xml", 5) != 0)
		return false;
	for (size_t i = 5; i + 9 < n && !(s[i] == '?' && s[i + 1] == '>'); i++) {
		if (memcmp(s + i, "encoding", 8) != 0)
			continue;
		size_t k = i + 8;
		while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r' || s[k] == '\n'))
			k++;
		if (k >= n || s[k++] != '=')
			return false;
		while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r' || s[k] == '\n'))
			k++;
		if (k >= n || (s[k] != '"' && s[k] != '\''))
			return false;
		char q = s[k++];
		size_t b = k;
		while (k < n && s[k] != q && k - b < 40)
			k++;
		if (k >= n || s[k] != q || k == b)
			return false;
		memcpy(name, s + b, k - b);
		name[k - b] = '\0';
		return true;
	}
	return false;
}

/* The next bytes of the feed, from its declared encoding into out; a
 * character cut by the end of the chunk waits for the next one. */
static chr_status to_utf8(chr_feed_reader *f, const char *data, size_t len, bool last,
                          chr_buf *out)
{
	chr_status rc = CHR_OK;
	chr_buf in;
	char tmp[4096];
	chr_buf_init(&in, 0);
	CHECK(chr_buf_add(&in, f->carry, f->n_carry));
	CHECK(chr_buf_add(&in, data, len));
	f->n_carry = 0;
	char *p = in.data;
	size_t left = in.len;
	while (left > 0) {
		char *o = tmp;
		size_t room = sizeof tmp;
		size_t r = iconv(f->cd, &p, &left, &o, &room);
		int e = errno;
		CHECK(chr_buf_add(out, tmp, (size_t)(o - tmp)));
		if (r != (size_t)-1 || e == E2BIG)
			continue;
		if (e == EINVAL && !last && left < sizeof f->carry) {
			/* the chunk ends inside a character */
			memcpy(f->carry, p, left);
			f->n_carry = left;
			break;
		}
		/* a byte the encoding does not have (or a character the feed
		 * ends inside): U+FFFD, and on */
		CHECK(chr_buf_add(out, "\xEF\xBF\xBD", 3));
		p++;
		left--;
	}
	if (!out->data)
		CHECK(chr_buf_add(out, "", 0));
cleanup:
	chr_buf_free(&in);
	return rc;
}

chr_status chr_feed_reader_push(chr_feed_reader *f, const char *data, size_t len,
                                bool last, chr_error *err)
{
	if (f->fatal)
		return chr_fail(err, f->fatal, f->name, "%s", f->fatal_msg);
	chr_status rc = chr_markup_guard_feed(&f->guard, data, len, f->name, err);
	if (rc != CHR_OK) {
		f->fatal = rc;
		snprintf(f->fatal_msg, sizeof f->fatal_msg, "%.250s", err ? err->problem : "refused");
		return rc;
	}
	if (!f->started && len > 0) {
		/* libxml2 ends a feed for good at the first byte its declared
		 * encoding does not have (0x81 in a windows-1252 feed), and a
		 * declaration naming an encoding ASCII is not part of (UTF-32,
		 * UCS-2, EBCDIC), though it was itself just read in ASCII, or
		 * one it does not know, turns the whole feed into nothing; in
		 * both cases without a word. So libxml2 is given UTF-8 and told
		 * to ignore the declaration: a known ASCII-compatible encoding
		 * is converted here, a bad byte becoming U+FFFD; any other is
		 * read as what it looks like (UTF-8, else Windows-1252), as an
		 * HTML page's would be. */
		char cs[41];
		f->started = true;
		if (declared_encoding(data, len, cs) && strcasecmp(cs, "UTF-8") != 0 &&
		    strcasecmp(cs, "UTF8") != 0) {
			if (chr_charset_ascii_compatible(cs)) {
				/* HTML's reading of the Latin-1 and ASCII labels */
				bool latin = strcasecmp(cs, "ISO-8859-1") == 0 ||
				             strcasecmp(cs, "latin1") == 0 ||
				             strcasecmp(cs, "US-ASCII") == 0 ||
				             strcasecmp(cs, "ASCII") == 0;
				f->cd = iconv_open("UTF-8", latin ? "WINDOWS-1252" : cs);
			}
			xmlCtxtUseOptions(f->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA |
			                  XML_PARSE_RECOVER | XML_PARSE_NOERROR |
			                  XML_PARSE_NOWARNING | XML_PARSE_COMPACT |
			                  XML_PARSE_IGNORE_ENC);
		}
	}
	chr_buf conv;
	chr_buf_init(&conv, 0);
	if (f->cd != (iconv_t)-1) {
		if (to_utf8(f, data, len, last, &conv) != CHR_OK) {
			chr_buf_free(&conv);
			return chr_fail(err, CHR_ENOMEM, f->name, "out of memory");
		}
		data = conv.data ? conv.data : "";
		len = conv.len;
	}
	chr_buf nulfix;
	chr_buf_init(&nulfix, 0);
	if (memchr(data, 0, len)) {
		/* libxml2 ends the document at a NUL, silently, and every item
		 * after it is lost: U+FFFD instead, as in a text, and a word */
		chr_status nrc = CHR_OK;
		for (const char *p = data, *end = data + len; p < end && nrc == CHR_OK;) {
			const char *z = memchr(p, 0, (size_t)(end - p));
			size_t n = z ? (size_t)(z - p) : (size_t)(end - p);
			nrc = chr_buf_add(&nulfix, p, n);
			if (z && nrc == CHR_OK) {
				nrc = chr_buf_add(&nulfix, "\xEF\xBF\xBD", 3);
				f->nul++;
			}
			p += n + (z ? 1 : 0);
		}
		if (nrc != CHR_OK) {
			chr_buf_free(&nulfix);
			chr_buf_free(&conv);
			return chr_fail(err, CHR_ENOMEM, f->name, "out of memory");
		}
		data = nulfix.data;
		len = nulfix.len;
	}
	while (len > 0 || last) {
		int n = len > (1u << 20) ? 1 << 20 : (int)len;
		xmlParseChunk(f->ctxt, data, n, last && (size_t)n == len);
		data += n;
		len -= (size_t)n;
		if (f->fatal || f->oom || len == 0)
			break;
	}
	chr_buf_free(&conv);
	chr_buf_free(&nulfix);
	if (last && f->nul && !f->fatal)
		chr_fail(err, CHR_OK, f->name, "%zu NUL byte%s replaced with U+FFFD", f->nul,
		         f->nul == 1 ? "" : "s");
	if (f->oom)
		return chr_fail(err, CHR_ENOMEM, f->name, "out of memory");
	if (f->fatal && f->q_head == f->q_len)
		return chr_fail(err, f->fatal, f->name, "%s", f->fatal_msg);
	return CHR_OK;
}

/* "SOURCE#ID" with the ID's white space and controls taken out. */
static char *item_uri(const char *name, const char *id)
{
	chr_buf b;
	chr_buf_init(&b, 0);
	if (chr_buf_adds(&b, name) != CHR_OK || chr_buf_addc(&b, '#') != CHR_OK) {
		chr_buf_free(&b);
		return NULL;
	}
	size_t start = b.len;
	for (const char *p = id; *p; p++)
		if ((unsigned char)*p > ' ' && chr_buf_addc(&b, *p) != CHR_OK) {
			chr_buf_free(&b);
			return NULL;
		}
	if (b.len - start > 512) {
		/* long ids are cut, between characters */
		size_t cut = start + 512;
		while (cut > start && ((unsigned char)b.data[cut] & 0xC0) == 0x80)
			cut--;
		b.len = cut;
		b.data[cut] = '\0';
	}
	return b.data;
}

/* A relative link ("/news/a", "//host/a", "a") against an absolute base. */
static char *resolve(const char *base, const char *rel)
{
	while (*rel == ' ' || *rel == '\t' || *rel == '\n' || *rel == '\r')
		rel++;
	if (!*rel || strchr(rel, ':'))
		return NULL; /* empty, or another scheme (mailto:, javascript:) */
	const char *host = strstr(base, "://") + 3;
	const char *path = strchr(host, '/');
	size_t keep;
	if (rel[0] == '/' && rel[1] == '/')
		keep = (size_t)(host - 2 - base);  /* "https:" */
	else if (rel[0] == '/')
		keep = path ? (size_t)(path - base) : strlen(base);
	else {
		const char *slash = path ? strrchr(path, '/') : NULL;
		keep = slash ? (size_t)(slash + 1 - base) : strlen(base);
	}
	size_t n = strlen(rel);
	bool sep = rel[0] != '/' && (keep == 0 || base[keep - 1] != '/');
	char *out = malloc(keep + sep + n + 1);
	if (!out)
		return NULL;
	memcpy(out, base, keep);
	if (sep)
		out[keep] = '/';
	memcpy(out + keep + sep, rel, n + 1);
	return out;
}

/* s for a message: no control characters, cut between characters. */
static void printable(const char *s, char *out, size_t size)
{
	size_t k = 0;
	for (; *s && k + 1 < size; s++)
		out[k++] = (unsigned char)*s < ' ' || *s == 0x7F ? '?' : *s;
	if (((unsigned char)*s & 0xC0) == 0x80) {
		/* stopped inside a character: drop its first bytes too */
		while (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0x80)
			k--;
		if (k > 0)
			k--;
	}
	out[k] = '\0';
}

/* Text for a field: HTML through the HTML reader, else as it is. */
static chr_status field_text(const char *v, enum kind kind, const char *file,
                             chr_buf *out, chr_error *err)
{
	if (!v || !*v)
		return CHR_OK;
	if (kind == K_HTML) {
		chr_page_meta none;
		return chr_html_extract(v, strlen(v), true, file, out, &none, err);
	}
	size_t start = out->len;
	chr_status rc = chr_buf_adds(out, v);
	if (rc == CHR_OK) {
		/* a text field: squeeze runs of blanks, keep line ends */
		size_t w = start;
		for (size_t i = start; i < out->len; i++) {
			char c = out->data[i];
			if (c == '\r' || c == '\t')
				c = ' ';
			if (c == ' ' && (w == start || out->data[w - 1] == ' ' || out->data[w - 1] == '\n'))
				continue;
			out->data[w++] = c;
		}
		out->len = w;
		out->data[w] = '\0';
	}
	return rc;
}

chr_status chr_feed_reader_pop(chr_feed_reader *f, chr_doc **doc, chr_error *err)
{
	chr_status rc = CHR_OK;
	chr_buf text, title;
	char *uri = NULL;
	*doc = NULL;
	if (f->q_head == f->q_len) {
		if (f->fatal)
			return chr_fail(err, f->fatal, f->name, "%s", f->fatal_msg);
		return CHR_OK;
	}
	item *it = &f->q[f->q_head++];
	chr_buf_init(&text, 0);
	chr_buf_init(&title, 0);
	CHECK(field_text(it->title, it->title_kind, f->name, &title, err));
	char *t = title.data ? chr_read_dup_text(title.data) : NULL;
	if (t) {
		t[chr_read_repair(t, strlen(t))] = '\0';
		chr_read_squeeze(t);
		CHECK(chr_buf_adds(&text, t));
		if (*t)
			CHECK(chr_buf_adds(&text, "\n\n"));
	}
	size_t head = text.len;
	chr_error why;
	rc = field_text(it->content, it->content_kind, f->name, &text, &why);
	if (rc == CHR_ELIMIT || rc == CHR_EINPUT) {
		/* one item's hostile HTML costs that item its text, not the
		 * feed the rest of its items: a warning */
		text.len = head;
		if (text.data)
			text.data[head] = '\0';
		char id[84];
		printable(it->id ? it->id : "?", id, sizeof id);
		chr_fail(err, CHR_OK, f->name, "item %s: %.150s; its text is skipped", id,
		         why.problem);
		rc = CHR_OK;
	} else if (rc != CHR_OK) {
		if (err)
			*err = why;
		free(t);
		goto cleanup;
	}
	if (it->cut && (!err || !err->problem[0])) {
		/* read, but not all of it: say so */
		char id[84];
		printable(it->id ? it->id : "?", id, sizeof id);
		chr_fail(err, CHR_OK, f->name, "item %s: text longer than %u MB, read up to there",
		         id, FIELD_LIMIT >> 20);
	}
	if (!text.data)
		CHECK(chr_buf_add(&text, "", 0));
	text.len = chr_read_repair(text.data, text.len);
	uri = item_uri(f->name, it->id ? it->id : "");
	*doc = uri ? chr_doc_new_own(uri, text.data, text.len) : NULL;
	if (uri)
		text.data = NULL; /* the document's now, or freed */
	if (!*doc) {
		free(t);
		rc = chr_fail(err, CHR_ENOMEM, f->name, "out of memory");
		goto cleanup;
	}
	chr_date d;
	bool ok = (!t || !*t || chr_doc_set_title(*doc, t));
	free(t);
	if (ok && it->link && !chr_read_absolute_url(it->link) && f->base) {
		char *abs = resolve(f->base, it->link);
		if (abs && chr_read_absolute_url(abs)) {
			free(it->link);
			it->link = abs;
		} else {
			free(abs);
		}
	}
	if (ok && it->link && chr_read_absolute_url(it->link)) {
		char *l = chr_read_dup_text(it->link);
		ok = l && chr_doc_set_url(*doc, l);
		free(l);
	}
	if (it->date && chr_read_parse_date(it->date, &d))
		chr_doc_set_published(*doc, d, CHR_PUB_META);
	if (!ok) {
		chr_doc_free(*doc);
		*doc = NULL;
		rc = chr_fail(err, CHR_ENOMEM, f->name, "out of memory");
	}
cleanup:
	if (rc == CHR_ENOMEM && err && !err->problem[0])
		chr_fail(err, rc, f->name, "out of memory");
	item_free(it);
	free(uri);
	chr_buf_free(&text);
	chr_buf_free(&title);
	return rc;
}

void chr_feed_reader_free(chr_feed_reader *f)
{
	if (!f)
		return;
	if (f->cd != (iconv_t)-1)
		iconv_close(f->cd);
	if (f->ctxt) {
		if (f->ctxt->myDoc)
			xmlFreeDoc(f->ctxt->myDoc);
		xmlFreeParserCtxt(f->ctxt);
	}
	for (size_t i = f->q_head; i < f->q_len; i++)
		item_free(&f->q[i]);
	for (size_t i = 0; i < f->n_html_ents; i++) {
		free((char *)f->html_ents[i]->name);
		free(f->html_ents[i]->content);
		free(f->html_ents[i]);
	}
	free(f->q);
	free(f->base);
	free(f->name);
	free(f);
}
