/*
 * Checks on libxml2's reading of a feed, for the Atom and RSS targets:
 * well-formed (parsed without XML_PARSE_RECOVER, so one stray "<" or
 * control character leaves no document), valid UTF-8, and an element
 * tree that holds exactly the elements and attributes the writer makes,
 * so no text from an article can open an element of its own. The HTML
 * an entry carries (escaped inside the XML) is parsed as a feed reader
 * would and may hold only the writer's own markup: no script, no event
 * handler attribute, links to http(s) only.
 */
#ifndef CHR_FUZZ_XML_H
#define CHR_FUZZ_XML_H

#include "fuzz.h"

#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

/* "path" is an element, "path@name" one of its attributes; paths are the
 * element names from the root, joined by '/'. */
static inline int fuzz_allowed(const char *const *allow, const char *path)
{
	for (size_t i = 0; allow[i]; i++)
		if (strcmp(allow[i], path) == 0)
			return 1;
	return 0;
}

static inline void fuzz_node_name(xmlNodePtr n, char *out, size_t cap)
{
	if (n->ns && n->ns->prefix)
		snprintf(out, cap, "%s:%s", (const char *)n->ns->prefix, (const char *)n->name);
	else
		snprintf(out, cap, "%s", (const char *)n->name);
}

/* Walks the tree; counts the elements whose path is count_path. */
static inline void fuzz_walk(xmlNodePtr n, const char *parent,
                             const char *const *allow, const char *count_path,
                             size_t *count, const char *what)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_COMMENT_NODE ||
		    n->type == XML_DTD_NODE)
			continue;
		FUZZ_CHECK(n->type == XML_ELEMENT_NODE, "%s: node of type %d under %s", what,
		           (int)n->type, parent);
		char name[64], path[512];
		fuzz_node_name(n, name, sizeof name);
		snprintf(path, sizeof path, "%s%s%s", parent, *parent ? "/" : "", name);
		FUZZ_CHECK(fuzz_allowed(allow, path), "%s: element %s", what, path);
		if (count_path && strcmp(path, count_path) == 0)
			(*count)++;
		for (xmlAttrPtr a = n->properties; a; a = a->next) {
			char ap[600];
			snprintf(ap, sizeof ap, "%s@%s", path, (const char *)a->name);
			FUZZ_CHECK(fuzz_allowed(allow, ap), "%s: attribute %s", what, ap);
		}
		fuzz_walk(n->children, path, allow, count_path, count, what);
	}
}

static const char *const fuzz_html_allow[] = {
	"html", "html/body", "html/body/p", "html/body/p/strong", "html/body/p/em",
	"html/body/p/a", "html/body/p/a@href", "html/body/p/br", "html/body/blockquote",
	"html/body/blockquote/br", NULL
};

/* The escaped HTML of an entry, as a reader renders it. */
static inline void fuzz_check_html(const char *html, size_t len)
{
	if (!len)
		return;
	htmlDocPtr d = htmlReadMemory(html, (int)len, "entry.html", "UTF-8",
	                              HTML_PARSE_NONET | HTML_PARSE_NOERROR |
	                              HTML_PARSE_NOWARNING);
	FUZZ_CHECK(d, "entry HTML does not parse");
	size_t none = 0;
	fuzz_walk(d->children, "", fuzz_html_allow, NULL, &none, "entry HTML");
	xmlNodePtr body = xmlDocGetRootElement(d);
	body = body ? body->children : NULL;
	while (body && body->type != XML_ELEMENT_NODE)
		body = body->next;
	for (xmlNodePtr n = body ? body->children : NULL; n; n = n->next) {
		/* every link goes to the web: no javascript:, no data: */
		for (xmlNodePtr p = n->children; p; p = p->next) {
			if (p->type != XML_ELEMENT_NODE || strcmp((const char *)p->name, "a") != 0)
				continue;
			xmlChar *href = xmlGetProp(p, BAD_CAST "href");
			/* a scheme is read in any case: "httpS://" is https */
			FUZZ_CHECK(href && (strncasecmp((const char *)href, "http://", 7) == 0 ||
			                    strncasecmp((const char *)href, "https://", 8) == 0),
			           "entry HTML: link to '%s'", href ? (const char *)href : "");
			xmlFree(href);
		}
	}
	xmlFreeDoc(d);
}

/* The text of the first child element named name, or NULL (xmlFree it). */
static inline xmlChar *fuzz_child_text(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
			return xmlNodeGetContent(c);
	return NULL;
}

/* Parses a writer's output (fuzz_write has checked its UTF-8); checks
 * well-formedness and the tree.
 * Returns the document (xmlFreeDoc it). */
static inline xmlDocPtr fuzz_check_xml(const fuzz_out *o, const char *const *allow,
                                       const char *item_path, size_t expect)
{
	xmlDocPtr d = xmlReadMemory(o->data, (int)o->len, "feed.xml", NULL,
	                            XML_PARSE_NONET | XML_PARSE_NOERROR |
	                            XML_PARSE_NOWARNING);
	FUZZ_CHECK(d, "libxml2 finds the output not well-formed: %s",
	           xmlGetLastError() ? xmlGetLastError()->message : "?");
	size_t items = 0;
	fuzz_walk(d->children, "", allow, item_path, &items, "feed");
	FUZZ_CHECK(items == expect, "%zu %s elements for %zu events", items, item_path, expect);
	return d;
}

/* The items of a feed, the elements named item under parent: each names
 * an event by the urn:uuid in id_name, no event twice, and the HTML in
 * html_name holds nothing a reader would run. */
static inline void fuzz_check_items(fuzz_round *x, xmlNodePtr parent, const char *item,
                                    const char *id_name, const char *html_name)
{
	for (xmlNodePtr n = parent->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, item) != 0)
			continue;
		xmlChar *id = fuzz_child_text(n, id_name);
		fuzz_claim(x, (const char *)id, "urn:uuid:", item);
		xmlFree(id);
		xmlChar *html = fuzz_child_text(n, html_name);
		FUZZ_CHECK(html, "%s without %s", item, html_name);
		fuzz_check_html((const char *)html, strlen((const char *)html));
		xmlFree(html);
	}
}

#endif
