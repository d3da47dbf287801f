/*
 * The Atom writer: golden bytes, libxml2's strict parse, the elements
 * RFC 4287 requires and readers use (ids, updated, published as first
 * seen, newest first), and hostile text that stays text.
 */
#include "write_xml.h"

static chr_buf out;

#define E(n) "/a:feed/a:entry[" #n "]"

static void test_fixture(void)
{
	chr_event ev[FIX_N];
	const chr_event *fwd[FIX_N], *rev[FIX_N];
	chr_feed feed = fix_feed();
	xdoc x;
	fix_events(ev);
	fix_pointers(ev, FIX_N, fwd, rev);

	ok(run_writer(chr_write_atom, fwd, FIX_N, &feed, &out) == CHR_OK, "atom: writes the fixture");
	ok(golden("events.atom.xml", &out), "atom: matches tests/golden/events.atom.xml");
	ok(clean_bytes(out.data, out.len, false), "atom: valid UTF-8, no control characters");
	ok(xopen(&x, &out), "atom: well-formed XML");
	ok(xeq(&x, "/a:feed/a:id", "https://example.org/feeds/tests/atom.xml"), "atom: feed id from base_url");
	ok(xeq(&x, "/a:feed/a:title", feed.title), "atom: feed title");
	ok(xeq(&x, "/a:feed/a:subtitle", feed.description), "atom: subtitle is the description");
	ok(xeq(&x, "/a:feed/a:updated", "2026-01-01T00:00:00Z"), "atom: feed updated is the newest entry's");
	ok(xeq(&x, "/a:feed/a:author/a:name", "Newsroom"), "atom: author name");
	ok(xeq(&x, "/a:feed/a:generator/@version", CHR_VERSION) &&
	   xeq(&x, "/a:feed/a:generator", "chronicle") &&
	   xn(&x, "count(/a:feed/a:generator/@uri)") == 0,
	   "atom: generator with version, and no made-up uri");
	ok(xeq(&x, "/a:feed/a:link[@rel='self']/@href", "https://example.org/feeds/tests/atom.xml") &&
	   xeq(&x, "/a:feed/a:link[@rel='alternate']/@href", "https://example.org/feeds/tests/"),
	   "atom: self and alternate links");
	ok(xn(&x, "count(/a:feed/a:entry)") == FIX_N, "atom: one entry per event");
	/* Newest first: timed (never modified: now), long, cancelled, fete,
	 * month, range. */
	ok(xeq(&x, E(1) "/a:id", "urn:uuid:" UID_TIMED) && xeq(&x, E(2) "/a:id", "urn:uuid:" UID_LONG) &&
	   xeq(&x, E(3) "/a:id", "urn:uuid:" UID_CANCEL) && xeq(&x, E(4) "/a:id", "urn:uuid:" UID_FETE) &&
	   xeq(&x, E(5) "/a:id", "urn:uuid:" UID_MONTH) && xeq(&x, E(6) "/a:id", "urn:uuid:" UID_RANGE),
	   "atom: entries newest first, ids are urn:uuid:UID");
	ok(xeq(&x, E(6) "/a:title", "30\xE2\x80\x93" "31 Jan 2018 \xC2\xB7 Workshop on calendars, Geneva"),
	   "atom: title \"30-31 Jan 2018 . Title, Place\"");
	ok(xeq(&x, E(3) "/a:title", "12 May 2018 \xC2\xB7 Open-air concert, Parc de la T\xC3\xAAte d'Or"),
	   "atom: title with a place of several words");
	ok(xeq(&x, E(6) "/a:published", "2018-01-03T00:00:00Z") && xeq(&x, E(6) "/a:updated", "2018-01-04T00:00:00Z"),
	   "atom: published is first_seen (not the event date), updated last_modified");
	ok(xeq(&x, E(5) "/a:title", "Mar 2018 \xC2\xB7 Budget vote"), "atom: month precision reads \"Mar 2018\"");
	ok(xeq(&x, E(1) "/a:title", "5 Feb 2018, 14:00\xE2\x80\x93" "16:30 UTC+01:00 \xC2\xB7 Press conference, Paris"),
	   "atom: timed event shows its hours and offset");
	ok(xeq(&x, E(4) "/a:title", "21 Jun 2018 \xC2\xB7 " FETE_TITLE), "atom: non-ASCII title; no \", Lyon\" when the title names the place");
	ok(xeq(&x, E(4) "/a:link[@rel='alternate']/@href", "https://example.org/news/f%C3%AAte?x=1&y=2"),
	   "atom: alternate link to the source");
	ok(xn(&x, "count(" E(6) "/a:link)") == 1 &&
	   xeq(&x, E(6) "/a:link[@rel='alternate']/@href", "https://example.org/feeds/tests/#e-" UID_RANGE),
	   "atom: a source that is not a URL links to the timeline at the event");
	ok(xeq(&x, E(3) "/a:category[1]/@term", "day") && xeq(&x, E(3) "/a:category[2]/@term", "cancelled"),
	   "atom: categories for precision and status");
	ok(xeq(&x, E(6) "/a:content/@type", "html") &&
	   strncmp(xs(&x, E(6) "/a:content"), "<p><strong>30\xE2\x80\x93" "31 Jan 2018</strong> \xC2\xB7 Geneva</p>", 40) == 0,
	   "atom: content type=html starts with the span and place");
	ok(strstr(xs(&x, E(4) "/a:content"), "href=\"https://example.org/news/f%C3%AAte?x=1&amp;y=2\"") != NULL,
	   "atom: the source link in content is escaped HTML");
	ok(xeq(&x, E(6) "/a:summary", ev[2].sentence), "atom: summary is the sentence");
	xclose(&x);

	feed.base_url = NULL;
	run_writer(chr_write_atom, fwd, FIX_N, &feed, &out);
	/* uuid.uuid5(uuid.NAMESPACE_URL, "chronicle-tests") in Python. */
	ok(xopen(&x, &out) && xeq(&x, "/a:feed/a:id", "urn:uuid:7562c4fd-72f1-5727-a49d-cef4e1c6da94") &&
	   xn(&x, "count(/a:feed/a:link)") == 0 && xn(&x, "count(//a:entry[a:id='urn:uuid:" UID_RANGE "']/a:link)") == 0,
	   "atom: without base_url the id is the feed id's UUID v5, no feed links, no timeline links");
	char id1[64];
	snprintf(id1, sizeof id1, "%s", xs(&x, "/a:feed/a:id"));
	xclose(&x);
	feed.id = "another-feed";
	run_writer(chr_write_atom, fwd, FIX_N, &feed, &out);
	ok(xopen(&x, &out) && strcmp(xs(&x, "/a:feed/a:id"), id1) != 0, "atom: a different feed id gives a different urn:uuid");
	xclose(&x);
	feed.id = "chronicle-tests";
	run_writer(chr_write_atom, fwd, FIX_N, &feed, &out);
	ok(xopen(&x, &out) && strcmp(xs(&x, "/a:feed/a:id"), id1) == 0, "atom: the same feed id gives the same urn:uuid");
	xclose(&x);
}

static void test_hostile(void)
{
	chr_event ev[HOSTILE_N];
	const chr_event *p[HOSTILE_N], *r[HOSTILE_N];
	chr_feed feed = fix_feed();
	xdoc x;
	feed.title = "Feed</title><script>alert(0)</script>\x01";
	feed.author = "A & B <c@d>";
	fix_hostile(ev);
	fix_pointers(ev, HOSTILE_N, p, r);
	ok(run_writer(chr_write_atom, p, HOSTILE_N, &feed, &out) == CHR_OK, "atom hostile: writes");
	ok(golden("hostile.atom.xml", &out), "atom hostile: matches tests/golden/hostile.atom.xml");
	ok(clean_bytes(out.data, out.len, false), "atom hostile: valid UTF-8, control characters dropped");
	ok(xopen(&x, &out), "atom hostile: still well-formed XML");
	ok(xn(&x, "count(//script) + count(//*[local-name()='script'])") == 0 &&
	   xn(&x, "count(/a:feed/a:entry)") == 2 && xn(&x, "count(//a:entry/a:entry)") == 0,
	   "atom hostile: no element injected");
	ok(xeq(&x, "/a:feed/a:title", "Feed</title><script>alert(0)</script>"), "atom hostile: feed title is text");
	ok(xeq(&x, "/a:feed/a:author/a:name", "A & B <c@d>"), "atom hostile: author is text");
	ok(xeq(&x, "/a:feed/a:entry[@*='x' or 1][a:id='urn:uuid:0bad0bad-0000-5000-8000-000000000001']/a:title",
	       "1 Sep 2019 \xC2\xB7 " HOSTILE_TITLE_CLEAN ", " HOSTILE_LOCATION_CLEAN),
	   "atom hostile: entry title is the cleaned text");
	ok(strstr(out.data, "]]>") == NULL, "atom hostile: no raw ]]> in the bytes");
	ok(strstr(xs(&x, "//a:entry[a:id='urn:uuid:0bad0bad-0000-5000-8000-000000000001']/a:content"),
	          "&lt;b&gt;&amp;amp;&lt;/b&gt;") != NULL,
	   "atom hostile: location escaped once in HTML, once more in XML");
	ok(strstr(out.data, "javascript:alert(2)") == NULL && strstr(out.data, "href=&quot;javascript") == NULL &&
	   xn(&x, "count(//a:link[starts-with(@href,'javascript')])") == 0,
	   "atom hostile: javascript: never becomes a link");
	xclose(&x);
}

int main(void)
{
	chr_buf_init(&out, 0);
	test_fixture();
	test_hostile();
	check_determinism_and_errors(chr_write_atom, "atom");
	chr_buf_free(&out);
	xmlCleanupParser();
	return tap_done();
}
