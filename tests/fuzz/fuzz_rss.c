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
	fuzz_round x;
	if (fuzz_write(data, size, chr_write_rss, "chr_write_rss", &x)) {
		xmlDocPtr d = fuzz_check_xml(&x.out, allow, "rss/channel/item", x.r.n);
		xmlNodePtr channel = xmlDocGetRootElement(d)->children;
		while (channel && channel->type != XML_ELEMENT_NODE)
			channel = channel->next;
		FUZZ_CHECK(channel, "no channel");
		fuzz_check_items(&x, channel, "item", "guid", "description");
		xmlFreeDoc(d);
	}
	fuzz_round_free(&x);
	return 0;
}
