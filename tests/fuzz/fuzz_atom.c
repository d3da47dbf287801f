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
	fuzz_round x;
	if (fuzz_write(data, size, chr_write_atom, "chr_write_atom", &x)) {
		xmlDocPtr d = fuzz_check_xml(&x.out, allow, "feed/entry", x.r.n);
		xmlNodePtr root = xmlDocGetRootElement(d);
		FUZZ_CHECK(root->ns && strcmp((const char *)root->ns->href,
		                              "http://www.w3.org/2005/Atom") == 0,
		           "the root is not in the Atom namespace");
		fuzz_check_items(&x, root, "entry", "id", "content");
		xmlFreeDoc(d);
	}
	fuzz_round_free(&x);
	return 0;
}
