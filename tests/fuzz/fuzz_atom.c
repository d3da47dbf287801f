/*
 * Atom round trip: any bytes -> events -> chr_write_atom -> libxml2.
 * Well-formed, valid UTF-8, one <entry> per event (by id), only the
 * writer's elements and attributes, and entry HTML without script.
 */
#include "fuzz_xml.h"

static const char *const allow[] = {
	"feed", "feed/id", "feed/title", "feed/title@type", "feed/subtitle",
	"feed/subtitle@type", "feed/updated", "feed/author", "feed/author/name",
	"feed/generator", "feed/generator@uri", "feed/generator@version",
	"feed/link", "feed/link@rel", "feed/link@type", "feed/link@href",
	"feed/entry", "feed/entry/id", "feed/entry/title", "feed/entry/title@type",
	"feed/entry/updated", "feed/entry/published", "feed/entry/link",
	"feed/entry/link@rel", "feed/entry/link@type", "feed/entry/link@href",
	"feed/entry/summary", "feed/entry/summary@type", "feed/entry/content",
	"feed/entry/content@type", "feed/entry/category", "feed/entry/category@term",
	NULL
};

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
	chr_status rc = chr_write_atom(r.list, r.n, &feed, &sink, &err);
	FUZZ_CHECK(rc == CHR_OK || rc == CHR_ENOMEM, "chr_write_atom: %s", chr_status_str(rc));
	if (rc != CHR_OK)
		goto done;
	fuzz_dump(&out);
	xmlDocPtr d = fuzz_check_xml(&out, allow, "feed/entry", r.n);
	xmlNodePtr root = xmlDocGetRootElement(d);
	FUZZ_CHECK(root->ns && strcmp((const char *)root->ns->href,
	                              "http://www.w3.org/2005/Atom") == 0,
	           "the root is not in the Atom namespace");
	bool *seen = calloc(r.n ? r.n : 1, 1);
	FUZZ_CHECK(seen, "out of memory");
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "entry") != 0)
			continue;
		xmlChar *id = fuzz_child_text(n, "id");
		size_t k = 0;
		while (k < r.n && !(id && strncmp((const char *)id, "urn:uuid:", 9) == 0 &&
		                    strcmp((const char *)id + 9, r.list[k]->uid) == 0))
			k++;
		FUZZ_CHECK(k < r.n && !seen[k], "entry %s not written or twice",
		           id ? (const char *)id : "(no id)");
		seen[k] = true;
		xmlFree(id);
		xmlChar *html = fuzz_child_text(n, "content");
		FUZZ_CHECK(html, "entry without content");
		fuzz_check_html((const char *)html, strlen((const char *)html));
		xmlFree(html);
	}
	free(seen);
	xmlFreeDoc(d);
done:
	free(out.data);
	fuzz_free(&r);
	return 0;
}
