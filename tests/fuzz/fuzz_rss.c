/*
 * RSS round trip: any bytes -> events -> chr_write_rss -> libxml2.
 * Well-formed, valid UTF-8, one <item> per event (by guid), only the
 * writer's elements and attributes, and item HTML without script.
 */
#include "fuzz_xml.h"

static const char *const allow[] = {
	"rss", "rss@version", "rss/channel", "rss/channel/title", "rss/channel/link",
	"rss/channel/description", "rss/channel/lastBuildDate", "rss/channel/generator",
	"rss/channel/ttl", "rss/channel/atom:link", "rss/channel/atom:link@href",
	"rss/channel/atom:link@rel", "rss/channel/atom:link@type",
	"rss/channel/item", "rss/channel/item/title", "rss/channel/item/link",
	"rss/channel/item/description", "rss/channel/item/guid",
	"rss/channel/item/guid@isPermaLink", "rss/channel/item/pubDate",
	"rss/channel/item/category", NULL
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
	chr_status rc = chr_write_rss(r.list, r.n, &feed, &sink, &err);
	FUZZ_CHECK(rc == CHR_OK || rc == CHR_ENOMEM, "chr_write_rss: %s", chr_status_str(rc));
	if (rc != CHR_OK)
		goto done;
	fuzz_dump(&out);
	xmlDocPtr d = fuzz_check_xml(&out, allow, "rss/channel/item", r.n);
	xmlNodePtr channel = xmlDocGetRootElement(d)->children;
	while (channel && channel->type != XML_ELEMENT_NODE)
		channel = channel->next;
	FUZZ_CHECK(channel, "no channel");
	bool *seen = calloc(r.n ? r.n : 1, 1);
	FUZZ_CHECK(seen, "out of memory");
	for (xmlNodePtr n = channel->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "item") != 0)
			continue;
		xmlChar *id = fuzz_child_text(n, "guid");
		size_t k = 0;
		while (k < r.n && !(id && strncmp((const char *)id, "urn:uuid:", 9) == 0 &&
		                    strcmp((const char *)id + 9, r.list[k]->uid) == 0))
			k++;
		FUZZ_CHECK(k < r.n && !seen[k], "item %s not written or twice",
		           id ? (const char *)id : "(no guid)");
		seen[k] = true;
		xmlFree(id);
		xmlChar *html = fuzz_child_text(n, "description");
		FUZZ_CHECK(html, "item without description");
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
