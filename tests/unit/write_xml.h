/* XPath checks on libxml2's parse of a writer's output, for the Atom and
 * RSS tests. Parsing without XML_PARSE_RECOVER is the well-formedness
 * check: one stray "<" or control character and there is no document. */
#ifndef WRITE_XML_H
#define WRITE_XML_H

#include "write_fixture.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

typedef struct xdoc {
	xmlDocPtr doc;
	xmlXPathContextPtr ctx;
	char *last; /* the last string returned by xs */
} xdoc;

static inline bool xopen(xdoc *x, const chr_buf *b)
{
	memset(x, 0, sizeof *x);
	x->doc = xmlReadMemory(b->data, (int)b->len, "feed.xml", NULL,
	                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!x->doc)
		return false;
	x->ctx = xmlXPathNewContext(x->doc);
	xmlXPathRegisterNs(x->ctx, BAD_CAST "a", BAD_CAST "http://www.w3.org/2005/Atom");
	return x->ctx != NULL;
}

static inline void xclose(xdoc *x)
{
	free(x->last);
	if (x->ctx)
		xmlXPathFreeContext(x->ctx);
	if (x->doc)
		xmlFreeDoc(x->doc);
	memset(x, 0, sizeof *x);
}

/* string(expr), valid until the next call; "" when the document is absent. */
static const char *xs(xdoc *x, const char *expr)
{
	char q[512];
	free(x->last);
	x->last = NULL;
	if (!x->ctx)
		return "";
	snprintf(q, sizeof q, "string(%s)", expr);
	xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST q, x->ctx);
	if (r && r->stringval)
		x->last = strdup((const char *)r->stringval);
	xmlXPathFreeObject(r);
	return x->last ? x->last : "";
}

static inline bool xeq(xdoc *x, const char *expr, const char *want)
{
	const char *got = xs(x, expr);
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "# %s: got \"%s\", want \"%s\"\n", expr, got, want);
		return false;
	}
	return true;
}

static inline double xn(xdoc *x, const char *expr)
{
	char q[512];
	if (!x->ctx)
		return -1;
	snprintf(q, sizeof q, "number(%s)", expr);
	xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST q, x->ctx);
	double v = r ? r->floatval : -1;
	xmlXPathFreeObject(r);
	return v;
}

#endif
