/*
 * Timeline page round trip: any bytes -> events -> chr_write_html ->
 * libxml2's HTML parser, as a browser builds the page. Valid UTF-8, only
 * the elements the writer makes (no script at all), no event-handler
 * attribute, links to http(s), webcal, the feed files or the page's own
 * anchors only, and one element with id="e-UID" per event.
 */
#include "fuzz_xml.h"

#include <strings.h>

static const char *const tags[] = {
	"html", "head", "meta", "title", "link", "style", "body", "header", "h1", "h2",
	"h3", "h4", "p", "nav", "a", "ul", "ol", "li", "section", "time", "span", "bdi",
	"details", "summary", "blockquote", "s", "main", "footer", NULL
};

static int known(const char *name)
{
	for (size_t i = 0; tags[i]; i++)
		if (strcmp(tags[i], name) == 0)
			return 1;
	return 0;
}

static void walk(xmlNodePtr n, fuzz_round *x)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)n->name;
		FUZZ_CHECK(known(name), "element <%s>", name);
		for (xmlAttrPtr a = n->properties; a; a = a->next) {
			const char *an = (const char *)a->name;
			FUZZ_CHECK(strncmp(an, "on", 2) != 0, "attribute %s on <%s>", an, name);
			xmlChar *v = xmlGetProp(n, a->name);
			const char *s = v ? (const char *)v : "";
			/* a scheme is case-insensitive (RFC 3986, 3.1): "httpS://"
			 * is https, as a browser reads it */
			if (strcmp(an, "href") == 0 || strcmp(an, "src") == 0)
				FUZZ_CHECK(strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0 ||
				           strncasecmp(s, "webcal://", 9) == 0 || s[0] == '#' ||
				           strcmp(s, "data:,") == 0 || !strpbrk(s, ":"),
				           "<%s %s=\"%s\">", name, an, s);
			if (strcmp(an, "id") == 0 && strncmp(s, "e-", 2) == 0)
				fuzz_claim(x, s, "e-", "id");
			xmlFree(v);
		}
		walk(n->children, x);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_round x;
	if (fuzz_write(data, size, chr_write_html, "chr_write_html", &x)) {
		htmlDocPtr d = htmlReadMemory(x.out.data, (int)x.out.len, "index.html", "UTF-8",
		                              HTML_PARSE_NONET | HTML_PARSE_NOERROR |
		                              HTML_PARSE_NOWARNING);
		FUZZ_CHECK(d, "the page does not parse");
		walk(d->children, &x);
		for (size_t k = 0; k < x.r.n; k++)
			FUZZ_CHECK(x.seen[k], "event %s has no element on the page", x.r.list[k]->uid);
		xmlFreeDoc(d);
	}
	fuzz_round_free(&x);
	return 0;
}
