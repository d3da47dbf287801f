/*
 * The RSS writer: golden bytes, libxml2's strict parse, the channel and
 * item elements readers use, RFC 822 dates with the right weekday, and
 * hostile text that stays text.
 */
#include "write_xml.h"

static chr_buf out;

#define I(n) "/rss/channel/item[" #n "]"

static void test_fixture(void)
{
	chr_event ev[FIX_N];
	const chr_event *fwd[FIX_N], *rev[FIX_N];
	chr_feed feed = fix_feed();
	xdoc x;
	fix_events(ev);
	fix_pointers(ev, FIX_N, fwd, rev);

	ok(run_writer(chr_write_rss, fwd, FIX_N, &feed, &out) == CHR_OK, "rss: writes the fixture");
	ok(golden("events.rss.xml", &out), "rss: matches tests/golden/events.rss.xml");
	ok(clean_bytes(out.data, out.len, false), "rss: valid UTF-8, no control characters");
	ok(xopen(&x, &out), "rss: well-formed XML");
	ok(xeq(&x, "/rss/@version", "2.0"), "rss: version 2.0");
	ok(xeq(&x, "/rss/channel/title", feed.title) &&
	   xeq(&x, "/rss/channel/link", "https://example.org/feeds/tests/") &&
	   xeq(&x, "/rss/channel/description", feed.description),
	   "rss: channel title, link, description");
	/* 2026-01-01 is a Thursday. */
	ok(xeq(&x, "/rss/channel/lastBuildDate", "Thu, 01 Jan 2026 00:00:00 +0000"),
	   "rss: lastBuildDate is feed->now in RFC 822 with its weekday");
	ok(xeq(&x, "/rss/channel/generator", "chronicle " CHR_VERSION), "rss: generator");
	ok(xeq(&x, "/rss/channel/ttl", "720"), "rss: ttl is the refresh interval in minutes");
	ok(xeq(&x, "/rss/channel/a:link[@rel='self']/@href", "https://example.org/feeds/tests/rss.xml"),
	   "rss: atom:link rel=self");
	ok(xn(&x, "count(/rss/channel/item)") == FIX_N, "rss: one item per event");
	ok(xeq(&x, I(1) "/guid", "urn:uuid:" UID_TIMED) && xeq(&x, I(1) "/guid/@isPermaLink", "false") &&
	   xeq(&x, I(6) "/guid", "urn:uuid:" UID_RANGE), "rss: guid urn:uuid:UID, not a permalink, newest first");
	/* first_seen of the range event: 2018-01-03, a Wednesday. */
	ok(xeq(&x, I(6) "/pubDate", "Wed, 03 Jan 2018 00:00:00 +0000"), "rss: pubDate is first_seen with its weekday");
	ok(xeq(&x, I(6) "/title", "30\xE2\x80\x93" "31 Jan 2018 \xC2\xB7 Workshop on calendars, Geneva"), "rss: item title");
	ok(xeq(&x, I(5) "/link", "https://example.org/news/budget") &&
	   xeq(&x, I(6) "/link", "https://example.org/feeds/tests/#e-" UID_RANGE),
	   "rss: item link is the source, else the timeline at the event");
	ok(xeq(&x, I(3) "/category[1]", "day") && xeq(&x, I(3) "/category[2]", "cancelled"),
	   "rss: categories for precision and status");
	ok(strncmp(xs(&x, I(6) "/description"), "<p><strong>", 11) == 0, "rss: description is escaped HTML");
	xclose(&x);
}

static void test_hostile(void)
{
	chr_event ev[HOSTILE_N];
	const chr_event *p[HOSTILE_N], *r[HOSTILE_N];
	chr_feed feed = fix_feed();
	xdoc x;
	feed.title = "Feed</title><script>alert(0)</script>\x01";
	feed.description = "]]><item>\x02";
	fix_hostile(ev);
	fix_pointers(ev, HOSTILE_N, p, r);
	ok(run_writer(chr_write_rss, p, HOSTILE_N, &feed, &out) == CHR_OK, "rss hostile: writes");
	ok(golden("hostile.rss.xml", &out), "rss hostile: matches tests/golden/hostile.rss.xml");
	ok(clean_bytes(out.data, out.len, false), "rss hostile: valid UTF-8, control characters dropped");
	ok(xopen(&x, &out), "rss hostile: still well-formed XML");
	ok(xn(&x, "count(//script)") == 0 && xn(&x, "count(/rss/channel/item)") == 2 &&
	   xn(&x, "count(//item/item)") == 0, "rss hostile: no element injected");
	ok(xeq(&x, "/rss/channel/title", "Feed</title><script>alert(0)</script>") &&
	   xeq(&x, "/rss/channel/description", "]]><item>"), "rss hostile: channel text is text");
	ok(xeq(&x, "//item[guid='urn:uuid:0bad0bad-0000-5000-8000-000000000001']/title",
	       "1 Sep 2019 \xC2\xB7 " HOSTILE_TITLE_CLEAN ", " HOSTILE_LOCATION_CLEAN),
	   "rss hostile: item title is the cleaned text");
	ok(xeq(&x, "//item[guid='urn:uuid:0bad0bad-0000-5000-8000-000000000001']/link",
	       "https://example.org/a%20b%0D%0AEND:VCALENDAR%22%3E%3Cscript%3E"), "rss hostile: link percent-encoded");
	ok(strstr(out.data, "]]>") == NULL && strstr(out.data, "javascript:alert(2)") == NULL &&
	   xn(&x, "count(//item/link[starts-with(., 'javascript')])") == 0,
	   "rss hostile: no raw ]]>, no javascript: link");
	xclose(&x);
}

/* RSS requires the channel link: the public URL, else the newest source
 * on the web, else the feed's urn:uuid. */
static void test_channel_link(void)
{
	chr_event ev[FIX_N];
	const chr_event *fwd[FIX_N], *rev[FIX_N];
	chr_feed feed = fix_feed();
	xdoc x;
	fix_events(ev);
	fix_pointers(ev, FIX_N, fwd, rev);
	feed.base_url = NULL;
	run_writer(chr_write_rss, fwd, FIX_N, &feed, &out);
	ok(xopen(&x, &out) && xeq(&x, "/rss/channel/link", "https://example.org/news/long") &&
	   xn(&x, "count(/rss/channel/a:link)") == 0 && xn(&x, "count(" I(1) "/link)") == 0,
	   "rss: no base_url: channel link is the newest event's source, no self link, no timeline links");
	xclose(&x);
	const chr_event *local[2] = { &ev[2], &ev[4] }; /* sources are files */
	run_writer(chr_write_rss, local, 2, &feed, &out);
	/* uuid.uuid5(uuid.NAMESPACE_URL, "chronicle-tests") in Python: the
	 * Atom writer's feed id for the fixture's feed. */
	ok(xopen(&x, &out) && xeq(&x, "/rss/channel/link", "urn:uuid:7562c4fd-72f1-5727-a49d-cef4e1c6da94"),
	   "rss: no base_url and no source on the web: channel link is the feed's urn:uuid");
	xclose(&x);
	feed.base_url = "https://example.org/x";
	run_writer(chr_write_rss, fwd, FIX_N, &feed, &out);
	ok(xopen(&x, &out) && xeq(&x, "/rss/channel/link", "https://example.org/x/") &&
	   xeq(&x, "/rss/channel/a:link[@rel='self']/@href", "https://example.org/x/rss.xml"),
	   "rss: a base_url without a final slash still names the folder");
	xclose(&x);
}

int main(void)
{
	chr_buf_init(&out, 0);
	test_fixture();
	test_hostile();
	test_channel_link();
	check_determinism_and_errors(chr_write_rss, "rss");
	chr_buf_free(&out);
	xmlCleanupParser();
	return tap_done();
}
