/*
 * Timeline page round trip: any bytes -> events -> chr_write_html ->
 * libxml2's HTML parser, as a browser builds the page. Valid UTF-8, only
 * the elements the writer makes (no script at all), no event-handler
 * attribute, links to http(s), webcal, the feed files or the page's own
 * anchors only, and one element with id="e-UID" per event.
 */
#include "fuzz_xml.h"

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

static void walk(xmlNodePtr n, const fuzz_run *r, bool *seen)
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
			if (strcmp(an, "href") == 0 || strcmp(an, "src") == 0)
				FUZZ_CHECK(strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0 ||
				           strncmp(s, "webcal://", 9) == 0 || s[0] == '#' ||
				           strcmp(s, "data:,") == 0 || !strpbrk(s, ":"),
				           "<%s %s=\"%s\">", name, an, s);
			if (strcmp(an, "id") == 0 && strncmp(s, "e-", 2) == 0) {
				size_t k = 0;
				while (k < r->n && strcmp(s + 2, r->list[k]->uid) != 0)
					k++;
				FUZZ_CHECK(k < r->n && !seen[k], "id=\"%s\" not an event's or twice", s);
				seen[k] = true;
			}
			xmlFree(v);
		}
		walk(n->children, r, seen);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_run r;
	chr_feed feed;
	char title[256];
	fuzz_out out = { 0 };
	chr_error err;
	if (!fuzz_events(data, size, &r))
		goto done;
	fuzz_feed(data, size, &feed, title);
	chr_sink sink = { fuzz_out_write, &out };
	chr_status rc = chr_write_html(r.list, r.n, &feed, &sink, &err);
	FUZZ_CHECK(rc == CHR_OK || rc == CHR_ENOMEM, "chr_write_html: %s", chr_status_str(rc));
	if (rc != CHR_OK)
		goto done;
	fuzz_dump(&out);
	FUZZ_CHECK(fuzz_utf8_bad((const unsigned char *)out.data, out.len) == out.len,
	           "invalid UTF-8 at byte %zu",
	           fuzz_utf8_bad((const unsigned char *)out.data, out.len));
	htmlDocPtr d = htmlReadMemory(out.data, (int)out.len, "index.html", "UTF-8",
	                              HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	FUZZ_CHECK(d, "the page does not parse");
	bool *seen = calloc(r.n ? r.n : 1, 1);
	FUZZ_CHECK(seen, "out of memory");
	walk(d->children, &r, seen);
	for (size_t k = 0; k < r.n; k++)
		FUZZ_CHECK(seen[k], "event %s has no element on the page", r.list[k]->uid);
	free(seen);
	xmlFreeDoc(d);
done:
	free(out.data);
	fuzz_free(&r);
	return 0;
}
