/*
 * The timeline page writer: golden bytes, libxml2's HTML parse and XPath
 * on it (the groups, the order, the spans as a person writes them, the
 * subscribe and autodiscovery links, status marks, source links), hostile
 * text that stays text, nothing that would be fetched, and bytes that
 * move with now only when an event starts or ends.
 *
 * `write_html PAGE` writes the fixture and the hostile events as one page
 * to PAGE instead, for tests/timeline_test.py to open in Chromium.
 */
#include "write_fixture.h"

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

static chr_buf out;

typedef struct hdoc {
	htmlDocPtr doc;
	xmlXPathContextPtr ctx;
	char *last;
} hdoc;

static bool hopen(hdoc *h, const chr_buf *b)
{
	memset(h, 0, sizeof *h);
	h->doc = htmlReadMemory(b->data, (int)b->len, "index.html", "UTF-8",
	                        HTML_PARSE_NONET | HTML_PARSE_NOERROR |
	                        HTML_PARSE_NOWARNING);
	if (!h->doc)
		return false;
	h->ctx = xmlXPathNewContext(h->doc);
	return h->ctx != NULL;
}

static void hclose(hdoc *h)
{
	free(h->last);
	if (h->ctx)
		xmlXPathFreeContext(h->ctx);
	if (h->doc)
		xmlFreeDoc(h->doc);
	memset(h, 0, sizeof *h);
}

static const char *hs(hdoc *h, const char *expr)
{
	char q[600];
	free(h->last);
	h->last = NULL;
	if (!h->ctx)
		return "";
	snprintf(q, sizeof q, "string(%s)", expr);
	xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST q, h->ctx);
	if (r && r->stringval)
		h->last = strdup((const char *)r->stringval);
	xmlXPathFreeObject(r);
	return h->last ? h->last : "";
}

static bool heq(hdoc *h, const char *expr, const char *want)
{
	const char *got = hs(h, expr);
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "# %s: got \"%s\", want \"%s\"\n", expr, got, want);
		return false;
	}
	return true;
}

static double hn(hdoc *h, const char *expr)
{
	char q[600];
	if (!h->ctx)
		return -1;
	snprintf(q, sizeof q, "number(%s)", expr);
	xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST q, h->ctx);
	double v = r ? r->floatval : -1;
	xmlXPathFreeObject(r);
	return v;
}

#define LI "//li[contains(concat(' ',@class,' '),' event ')]"
#define NOW_2018_03_15 INT64_C(1521072000) /* 2018-03-15T00:00:00Z */
#define DAY INT64_C(86400)

/* The ids of the page's events in page order, joined by spaces. */
static const char *order(hdoc *h, char *buf, size_t size)
{
	size_t n = (size_t)hn(h, "count(" LI ")"), at = 0;
	buf[0] = '\0';
	for (size_t i = 1; i <= n && at < size; i++) {
		char q[128];
		snprintf(q, sizeof q, "(" LI ")[%zu]/@id", i);
		at += (size_t)snprintf(buf + at, size - at, "%s%s", i > 1 ? " " : "",
		                       hs(h, q) + 2 /* "e-" */);
	}
	return buf;
}

static void test_fixture(void)
{
	chr_event ev[FIX_N];
	const chr_event *fwd[FIX_N], *rev[FIX_N];
	chr_feed feed = fix_feed();
	char got[1024];
	hdoc h;
	fix_events(ev);
	fix_pointers(ev, FIX_N, fwd, rev);

	ok(run_writer(chr_write_html, fwd, FIX_N, &feed, &out) == CHR_OK, "html: writes the fixture");
	ok(golden("events.index.html", &out), "html: matches tests/golden/events.index.html");
	ok(clean_bytes(out.data, out.len, false), "html: valid UTF-8, no control characters");
	ok(strncmp(out.data, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0, "html: a doctype'd HTML page");
	ok(hopen(&h, &out), "html: libxml2's HTML parser reads it");
	ok(heq(&h, "/html/head/meta[@charset]/@charset", "utf-8") &&
	   heq(&h, "/html/head/meta[@name='viewport']/@content", "width=device-width, initial-scale=1"),
	   "html: charset and viewport meta");
	ok(heq(&h, "/html/head/meta[@http-equiv='Content-Security-Policy']/@content",
	       "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"),
	   "html: a Content-Security-Policy that allows no script and no fetch");
	ok(heq(&h, "/html/head/title", feed.title) && heq(&h, "//h1", feed.title), "html: title and h1 are the feed's");
	ok(heq(&h, "/html/head/meta[@name='description']/@content", feed.description), "html: description meta");
	ok(heq(&h, "//link[@rel='alternate'][@type='application/atom+xml']/@href", "https://example.org/feeds/tests/atom.xml") &&
	   heq(&h, "//link[@rel='alternate'][@type='application/rss+xml']/@href", "https://example.org/feeds/tests/rss.xml") &&
	   heq(&h, "//link[@rel='alternate'][@type='application/feed+json']/@href", "https://example.org/feeds/tests/events.json") &&
	   heq(&h, "//link[@rel='alternate'][@type='text/calendar']/@href", "https://example.org/feeds/tests/calendar.ics"),
	   "html: <link rel=alternate> for Atom, RSS, JSON Feed and iCalendar, from base_url");
	ok(heq(&h, "//nav//a[@class='webcal']/@href", "webcal://example.org/feeds/tests/calendar.ics") &&
	   heq(&h, "//nav//a[@class='calendar']/@href", "https://example.org/feeds/tests/calendar.ics") &&
	   heq(&h, "//nav//a[@class='atom']/@href", "https://example.org/feeds/tests/atom.xml") &&
	   heq(&h, "//nav//a[@class='rss']/@href", "https://example.org/feeds/tests/rss.xml") &&
	   heq(&h, "//nav//a[@class='events']/@href", "https://example.org/feeds/tests/events.json"),
	   "html: subscribe links: webcal:// and https:// for the calendar, Atom, RSS and JSON");
	ok(hn(&h, "count(" LI ")") == FIX_N, "html: one list item per event");
	/* now is 2026: every fixture event is past, latest first. */
	ok(hn(&h, "count(//section[@id='upcoming'])") == 0 &&
	   strcmp(order(&h, got, sizeof got),
	          UID_FETE " " UID_CANCEL " " UID_LONG " " UID_MONTH " " UID_TIMED " " UID_RANGE) == 0,
	   "html: past events latest first (%s)", got);
	ok(hn(&h, "count(//section[@id='past']//h3)") == 1 && heq(&h, "//section[@id='past']//h3", "2018") &&
	   hn(&h, "count(//section[@id='past']//h4)") == 6 &&
	   heq(&h, "(//section[@id='past']//h4)[1]", "June 2018") &&
	   heq(&h, "(//section[@id='past']//h4)[6]", "January 2018"),
	   "html: grouped under a year and its months");
	ok(heq(&h, "//li[@id='e-" UID_RANGE "']//p[@class='when']/time", "30\xE2\x80\x93" "31 January 2018") &&
	   heq(&h, "//li[@id='e-" UID_RANGE "']//p[@class='when']/time/@datetime", "2018-01-30"),
	   "html: \"30-31 January 2018\" with datetime=\"2018-01-30\"");
	ok(heq(&h, "//li[@id='e-" UID_MONTH "']//p[@class='when']/time", "March 2018") &&
	   heq(&h, "//li[@id='e-" UID_MONTH "']//p[@class='when']/time/@datetime", "2018-03"),
	   "html: a month reads \"March 2018\", datetime=\"2018-03\"");
	ok(heq(&h, "//li[@id='e-" UID_TIMED "']//p[@class='when']/time",
	       "5 February 2018, 14:00\xE2\x80\x93" "16:30 (UTC+01:00)") &&
	   heq(&h, "//li[@id='e-" UID_TIMED "']//p[@class='when']/time/@datetime", "2018-02-05T14:00+01:00"),
	   "html: a timed event shows its hours and offset");
	ok(heq(&h, "//li[@id='e-" UID_FETE "']//p[@class='title']", FETE_TITLE) &&
	   hn(&h, "count(//li[@id='e-" UID_FETE "']//p[@class='title']/bdi)") == 1,
	   "html: non-ASCII title, in its own <bdi>");
	ok(heq(&h, "//li[@id='e-" UID_FETE "']//p[@class='where']", "Lyon"), "html: the place");
	ok(heq(&h, "//li[@id='e-" UID_FETE "']//p[contains(@class,'source')]/a/@href",
	       "https://example.org/news/f%C3%AAte?x=1&y=2") &&
	   heq(&h, "//li[@id='e-" UID_FETE "']//p[contains(@class,'source')]/a", "example.org"),
	   "html: the source link, percent-encoded, named by its host");
	ok(hn(&h, "count(//li[@id='e-" UID_RANGE "']//a)") == 0 &&
	   heq(&h, "//li[@id='e-" UID_RANGE "']//p[contains(@class,'source')]", "Source: corpus/workshop.txt"),
	   "html: a source that is no URL is named, not linked");
	ok(heq(&h, "//li[@id='e-" UID_CANCEL "']/@class", "event past cancelled") &&
	   hn(&h, "count(//li[@id='e-" UID_CANCEL "']//p[@class='title']/s)") == 1 &&
	   heq(&h, "//li[@id='e-" UID_CANCEL "']//span[contains(@class,'tag')]", "Cancelled"),
	   "html: a cancelled event is struck through and says so");
	ok(heq(&h, "//li[@id='e-" UID_MONTH "']//span[contains(@class,'tag')]", "To be confirmed") &&
	   hn(&h, "count(//li[@id='e-" UID_MONTH "']//s)") == 0,
	   "html: a tentative event is marked");
	ok(heq(&h, "//li[@id='e-" UID_RANGE "']//blockquote", ev[2].sentence), "html: the sentence, in a <details>");
	ok(hn(&h, "count(//script) + count(//*[@src]) + count(//link[@rel!='alternate' and @rel!='icon']) + "
	          "count(//iframe) + count(//object) + count(//embed) + count(//img)") == 0 &&
	   heq(&h, "//link[@rel='icon']/@href", "data:,") &&
	   strstr(out.data, "url(") == NULL && strstr(out.data, "@import") == NULL,
	   "html: nothing to fetch: no script, no src, no stylesheet link, no url() in the CSS");
	hclose(&h);

	/* 15 March 2018: the month event is under way, four are upcoming. */
	feed.now = NOW_2018_03_15 + 3600 * 13;
	run_writer(chr_write_html, rev, FIX_N, &feed, &out);
	ok(hopen(&h, &out) &&
	   strcmp(order(&h, got, sizeof got),
	          UID_MONTH " " UID_LONG " " UID_CANCEL " " UID_FETE " " UID_TIMED " " UID_RANGE) == 0,
	   "html: upcoming first, soonest first, then past latest first (%s)", got);
	ok(hn(&h, "count(//section[@id='upcoming']" LI ")") == 4 &&
	   hn(&h, "count(//section[@id='past']" LI ")") == 2 &&
	   hn(&h, "count(//section[@id='upcoming']/following-sibling::section[@id='past'])") == 1,
	   "html: the upcoming section comes before the past one");
	ok(heq(&h, "//li[@id='e-" UID_MONTH "']/@class", "event upcoming ongoing tentative") &&
	   heq(&h, "//li[@id='e-" UID_MONTH "']//span[contains(@class,'soon')]", "Under way") &&
	   heq(&h, "//li[@id='e-" UID_LONG "']//span[contains(@class,'soon')]", "Upcoming") &&
	   hn(&h, "count(//li[@id='e-" UID_CANCEL "']//span[contains(@class,'soon')])") == 0,
	   "html: upcoming events are marked (under way, upcoming; not a cancelled one)");
	hclose(&h);
	feed.now = NOW_2018_03_15 + 17 * DAY; /* 1 April: March's last day was yesterday */
	run_writer(chr_write_html, fwd, FIX_N, &feed, &out);
	ok(hopen(&h, &out) && heq(&h, "//li[@id='e-" UID_MONTH "']/@class", "event past tentative"),
	   "html: the day after its last day, an event is past");
	hclose(&h);
	feed.now = NOW_2018_03_15 + 16 * DAY; /* 31 March */
	run_writer(chr_write_html, fwd, FIX_N, &feed, &out);
	ok(hopen(&h, &out) && heq(&h, "//li[@id='e-" UID_MONTH "']//span[contains(@class,'soon')]", "Ends today"),
	   "html: on its last day an event is marked 'Ends today'");
	hclose(&h);
	feed.now = NOW_2018_03_15 + 18 * DAY + 3600 * 23; /* 2 April, 23:00 */
	run_writer(chr_write_html, fwd, FIX_N, &feed, &out);
	ok(hopen(&h, &out) && heq(&h, "//li[@id='e-" UID_LONG "']//span[contains(@class,'soon')]", "Today"),
	   "html: a one-day event on its day is marked 'Today'");
	hclose(&h);
	feed.now = NOW_2018_03_15 - 14 * DAY; /* 1 March */
	run_writer(chr_write_html, fwd, FIX_N, &feed, &out);
	ok(hopen(&h, &out) && heq(&h, "//li[@id='e-" UID_MONTH "']//span[contains(@class,'soon')]", "Starts today"),
	   "html: on its first day a longer event is marked 'Starts today'");
	hclose(&h);
	feed.now = NOW_2018_03_15 + 3600 * 13;
	run_writer(chr_write_html, rev, FIX_N, &feed, &out);
	hopen(&h, &out);
	ok(heq(&h, "(//section[@id='upcoming']//h4)[1]", "March 2018") &&
	   heq(&h, "(//section[@id='upcoming']//h4)[2]", "April 2018"),
	   "html: an event under way leads the current month");
	ok(heq(&h, "//span[@class='count']", "6 events") && heq(&h, "//span[@class='count-upcoming']", "4 upcoming"),
	   "html: the counts");
	hclose(&h);

	/* Without a base URL: relative links, and no webcal:// (it needs a host). */
	feed.base_url = NULL;
	run_writer(chr_write_html, fwd, FIX_N, &feed, &out);
	ok(hopen(&h, &out) && hn(&h, "count(//a[@class='webcal'])") == 0 &&
	   heq(&h, "//nav//a[@class='atom']/@href", "atom.xml") &&
	   heq(&h, "//link[@type='application/feed+json']/@href", "events.json"),
	   "html: without base_url, relative links and no webcal");
	hclose(&h);
	feed.base_url = "http://localhost:8080/cal";
	run_writer(chr_write_html, fwd, FIX_N, &feed, &out);
	ok(hopen(&h, &out) && heq(&h, "//nav//a[@class='webcal']/@href", "webcal://localhost:8080/cal/calendar.ics") &&
	   heq(&h, "//nav//a[@class='calendar']/@href", "http://localhost:8080/cal/calendar.ics"),
	   "html: an http base_url gives http links, and its missing slash is added");
	hclose(&h);
	feed.base_url = "javascript:alert(1)//";
	run_writer(chr_write_html, fwd, FIX_N, &feed, &out);
	ok(hopen(&h, &out) && hn(&h, "count(//a[@class='webcal'])") == 0 &&
	   hn(&h, "count(//*[starts-with(@href,'javascript')])") == 0,
	   "html: a base_url that is not http(s) is not used");
	hclose(&h);
}

/* One event's span on the page. */
static const char *span_of(chr_event e, chr_buf *b)
{
	const chr_event *p = &e;
	chr_feed feed = fix_feed();
	static char text[256];
	hdoc h;
	run_writer(chr_write_html, &p, 1, &feed, b);
	text[0] = '\0';
	if (hopen(&h, b))
		snprintf(text, sizeof text, "%s", hs(&h, LI "//p[@class='when']/time"));
	hclose(&h);
	return text;
}

static chr_event spanned(int y1, int m1, int d1, int y2, int m2, int d2,
                         chr_precision prec, chr_mod mod)
{
	chr_event e = fix_blank("6f1c3a52-0b7e-5c1d-9a43-1e2f3a4b5c99", y1, m1, d1);
	e.end.year = y2;
	e.end.month = m2;
	e.end.day = d2;
	e.precision = prec;
	e.mod = mod;
	e.title = "Span";
	return e;
}

static void test_spans(void)
{
	static const struct {
		int y1, m1, d1, y2, m2, d2;
		chr_precision prec;
		chr_mod mod;
		const char *want;
	} cases[] = {
		{ 2018, 1, 30, 2018, 1, 31, CHR_PREC_DAY, CHR_MOD_NONE, "30\xE2\x80\x93" "31 January 2018" },
		{ 2018, 6, 20, 2018, 7, 3, CHR_PREC_DAY, CHR_MOD_NONE, "20 June \xE2\x80\x93 3 July 2018" },
		{ 2023, 12, 28, 2024, 1, 7, CHR_PREC_DAY, CHR_MOD_NONE, "28 December 2023 \xE2\x80\x93 7 January 2024" },
		{ 2026, 2, 9, 2026, 2, 15, CHR_PREC_WEEK, CHR_MOD_NONE, "9\xE2\x80\x93" "15 February 2026" },
		{ 2017, 7, 1, 2017, 7, 31, CHR_PREC_MONTH, CHR_MOD_NONE, "July 2017" },
		{ 2026, 3, 1, 2026, 5, 31, CHR_PREC_MONTH, CHR_MOD_NONE, "March\xE2\x80\x93May 2026" },
		{ 2026, 11, 1, 2027, 2, 28, CHR_PREC_MONTH, CHR_MOD_NONE, "November 2026 \xE2\x80\x93 February 2027" },
		{ 2026, 12, 11, 2026, 12, 20, CHR_PREC_MONTH, CHR_MOD_MID, "mid-December 2026" },
		{ 2027, 3, 21, 2027, 3, 31, CHR_PREC_MONTH, CHR_MOD_LATE, "late March 2027" },
		{ 2017, 7, 1, 2017, 12, 31, CHR_PREC_HALF, CHR_MOD_NONE, "second half of 2017" },
		{ 2027, 1, 1, 2027, 3, 31, CHR_PREC_QUARTER, CHR_MOD_NONE, "first quarter of 2027" },
		{ 2027, 10, 1, 2027, 12, 31, CHR_PREC_QUARTER, CHR_MOD_EARLY, "early in the fourth quarter of 2027" },
		{ 2026, 3, 1, 2026, 5, 31, CHR_PREC_SEASON, CHR_MOD_NONE, "spring 2026" },
		{ 2026, 12, 1, 2027, 2, 28, CHR_PREC_SEASON, CHR_MOD_NONE, "winter 2026\xE2\x80\x93" "2027" },
		{ 2018, 1, 1, 2018, 4, 30, CHR_PREC_YEAR, CHR_MOD_EARLY, "early 2018" },
		{ 2018, 5, 1, 2018, 8, 31, CHR_PREC_YEAR, CHR_MOD_MID, "mid-2018" },
		{ 2028, 9, 1, 2028, 12, 31, CHR_PREC_YEAR, CHR_MOD_END, "the end of 2028" },
		{ 2015, 1, 1, 2025, 12, 31, CHR_PREC_YEAR, CHR_MOD_NONE, "2015\xE2\x80\x93" "2025" },
		{ 2020, 1, 1, 2029, 12, 31, CHR_PREC_DECADE, CHR_MOD_NONE, "the 2020s" },
		{ 2001, 1, 1, 2100, 12, 31, CHR_PREC_CENTURY, CHR_MOD_NONE, "the 21st century" },
		{ 1901, 1, 1, 2000, 12, 31, CHR_PREC_CENTURY, CHR_MOD_LATE, "the late 20th century" },
		{ 2020, 1, 1, 2022, 12, 31, CHR_PREC_DECADE, CHR_MOD_START, "the start of the 2020s" },
		{ 2027, 1, 1, 2027, 12, 31, CHR_PREC_YEAR, CHR_MOD_APPROX, "around 2027" },
	};
	chr_buf b;
	chr_buf_init(&b, 0);
	for (size_t i = 0; i < CHR_ARRAY_LEN(cases); i++) {
		chr_event e = spanned(cases[i].y1, cases[i].m1, cases[i].d1, cases[i].y2,
		                      cases[i].m2, cases[i].d2, cases[i].prec, cases[i].mod);
		const char *got = span_of(e, &b);
		ok(strcmp(got, cases[i].want) == 0, "html span: \"%s\" (got \"%s\")", cases[i].want, got);
	}
	chr_event e = fix_blank("6f1c3a52-0b7e-5c1d-9a43-1e2f3a4b5c98", 2026, 12, 3);
	e.title = "Meeting";
	e.hour = 18;
	e.minute = 30;
	ok(strcmp(span_of(e, &b), "3 December 2026, 18:30") == 0, "html span: a time without a zone");
	e.has_tz = true;
	e.tz_minutes = 0;
	ok(strcmp(span_of(e, &b), "3 December 2026, 18:30 (UTC)") == 0, "html span: a time in UTC");
	chr_buf_free(&b);
}

/* Whether out holds the bytes of s. */
static bool has_bytes(const chr_buf *buf, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; buf->data && i + n <= buf->len; i++)
		if (memcmp(buf->data + i, s, n) == 0)
			return true;
	return false;
}

static void test_hostile(void)
{
	chr_event ev[HOSTILE_N + 1];
	const chr_event *p[HOSTILE_N + 1];
	chr_feed feed = fix_feed();
	hdoc h;
	feed.title = "Feed</title><script>alert(0)</script>\x01 & \"q\" 'a'";
	feed.description = "<!-- -->\"><img src=x onerror=alert(1)>";
	feed.base_url = "https://example.org/\"><script>alert(3)</script>/";
	fix_hostile(ev);
	/* Right-to-left text with an override that must not leak out. */
	ev[2] = fix_blank("0bad0bad-0000-5000-8000-000000000003", 2019, 9, 3);
	ev[2].title = "\xE2\x80\xAE" "evil.exe \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7";
	ev[2].location = "\xD8\xA7\xD9\x84\xD9\x82\xD8\xA7\xD9\x87\xD8\xB1\xD8\xA9";
	ev[2].doc = "corpus/rtl.txt";
	for (int i = 0; i < HOSTILE_N + 1; i++)
		p[i] = &ev[i];
	ok(run_writer(chr_write_html, p, HOSTILE_N + 1, &feed, &out) == CHR_OK, "html hostile: writes");
	ok(golden("hostile.index.html", &out), "html hostile: matches tests/golden/hostile.index.html");
	ok(clean_bytes(out.data, out.len, false), "html hostile: valid UTF-8, control characters dropped");
	ok(!has_bytes(&out, "\xE2\x80\xAE") && has_bytes(&out, "evil.exe \xD7\xA9\xD7\x9C"),
	   "html hostile: the title's bidi override is dropped, its right-to-left words kept");
	ok(hopen(&h, &out), "html hostile: parses");
	ok(hn(&h, "count(//script) + count(//img) + count(//*[@onerror]) + count(//comment())") == 0 &&
	   hn(&h, "count(" LI ")") == 3 && hn(&h, "count(//li//li)") == 0,
	   "html hostile: no element, attribute or comment injected");
	ok(heq(&h, "/html/head/title", "Feed</title><script>alert(0)</script> & \"q\" 'a'") &&
	   heq(&h, "//h1", "Feed</title><script>alert(0)</script> & \"q\" 'a'"),
	   "html hostile: the feed title is text");
	ok(heq(&h, "//p[@class='lead']", feed.description), "html hostile: the description is text");
	ok(heq(&h, "//li[@id='e-0bad0bad-0000-5000-8000-000000000001']//p[@class='title']", HOSTILE_TITLE_CLEAN),
	   "html hostile: the title is its cleaned text, shown as text");
	ok(heq(&h, "//li[@id='e-0bad0bad-0000-5000-8000-000000000001']//p[@class='where']", HOSTILE_LOCATION_CLEAN),
	   "html hostile: the place is text");
	ok(heq(&h, "//li[@id='e-0bad0bad-0000-5000-8000-000000000001']//p[contains(@class,'source')]/a/@href",
	       "https://example.org/a%20b%0D%0AEND:VCALENDAR%22%3E%3Cscript%3E"),
	   "html hostile: a link with markup in it is percent-encoded");
	ok(hn(&h, "count(//*[@href[starts-with(.,'javascript')]])") == 0 &&
	   strstr(out.data, "javascript:alert(2)") == NULL &&
	   hn(&h, "count(//li[@id='e-0bad0bad-0000-5000-8000-000000000002']//a)") == 0,
	   "html hostile: javascript: never becomes a link");
	ok(heq(&h, "//nav//a[@class='atom']/@href", "https://example.org/%22%3E%3Cscript%3Ealert(3)%3C/script%3E/atom.xml"),
	   "html hostile: a base_url with markup is percent-encoded");
	ok(strstr(out.data, "<script") == NULL && strstr(out.data, "]]>") == NULL &&
	   strstr(out.data, "<img") == NULL,
	   "html hostile: no raw <script, <img or ]]> in the bytes");
	ok(hn(&h, "count(//li[@id='e-0bad0bad-0000-5000-8000-000000000003']//p[@class='title']/bdi)") == 1 &&
	   hn(&h, "count(//li[@id='e-0bad0bad-0000-5000-8000-000000000003']//p[@class='where']/bdi)") == 1,
	   "html hostile: right-to-left text and overrides stay inside <bdi>");
	hclose(&h);
}

/* The page is rewritten by builds only when its bytes change: now must
 * move them only when an event starts or ends. */
static void test_now(void)
{
	chr_event ev[FIX_N];
	const chr_event *fwd[FIX_N], *rev[FIX_N];
	chr_feed feed = fix_feed();
	chr_buf a, b;
	fix_events(ev);
	fix_pointers(ev, FIX_N, fwd, rev);
	chr_buf_init(&a, 0);
	chr_buf_init(&b, 0);
	/* Nothing starts or ends between 6 and 8 April 2018. */
	feed.now = NOW_2018_03_15 + 22 * DAY;
	run_writer(chr_write_html, fwd, FIX_N, &feed, &a);
	feed.now = NOW_2018_03_15 + 24 * DAY + 3600 * 23;
	run_writer(chr_write_html, fwd, FIX_N, &feed, &b);
	ok(a.len == b.len && memcmp(a.data, b.data, a.len) == 0,
	   "html: the same bytes on days when no event starts or ends");
	/* The long event is on 2 April: from the 3rd it is past. */
	feed.now = NOW_2018_03_15 + 18 * DAY;
	run_writer(chr_write_html, fwd, FIX_N, &feed, &b);
	ok(!(a.len == b.len && memcmp(a.data, b.data, a.len) == 0),
	   "html: other bytes once an event has ended");
	chr_buf_free(&a);
	chr_buf_free(&b);
}

/* A big feed: the page lists the next 1000 and the last 500 events, and
 * says how many more the feeds have. */
static void test_big(void)
{
	enum { N = 1700 };
	static chr_event ev[N];
	static const chr_event *p[N];
	chr_feed feed = fix_feed();
	hdoc h;
	feed.now = FIX_NOW; /* 2026-01-01 */
	for (int i = 0; i < N; i++) {
		/* Day i - 600 from 2026-01-01: 600 past, 1100 upcoming. */
		chr_date d = chr_date_from_days(chr_date_to_days((chr_date){ 2026, 1, 1 }) + i - 600);
		ev[i] = fix_blank("", d.year, d.month, d.day);
		snprintf(ev[i].uid, sizeof ev[i].uid, "00000000-0000-5000-8000-%012d", i);
		ev[i].title = "Daily event";
		p[i] = &ev[i];
	}
	ok(run_writer(chr_write_html, p, N, &feed, &out) == CHR_OK && hopen(&h, &out),
	   "html big: writes %d events", N);
	ok(hn(&h, "count(//section[@id='upcoming']" LI ")") == 1000 &&
	   hn(&h, "count(//section[@id='past']" LI ")") == 500,
	   "html big: lists the next 1000 and the last 500");
	ok(heq(&h, "(//section[@id='upcoming']" LI ")[1]/@data-start", "2026-01-01") &&
	   heq(&h, "(//section[@id='upcoming']" LI ")[1000]/@data-start", "2028-09-26") &&
	   heq(&h, "(//section[@id='past']" LI ")[1]/@data-start", "2025-12-31") &&
	   heq(&h, "(//section[@id='past']" LI ")[500]/@data-start", "2024-08-19"),
	   "html big: the nearest ones, both ways");
	ok(heq(&h, "//section[@id='upcoming']/p[contains(@class,'more')]",
	       "100 more upcoming events, later ones, are not listed here; the Atom, RSS and JSON feeds carry every event.") &&
	   strncmp(hs(&h, "//section[@id='past']/p[contains(@class,'more')]"), "100 more past events", 20) == 0 &&
	   heq(&h, "//section[@id='upcoming']/h2", "Upcoming (1100)"),
	   "html big: says how many more the feeds have");
	hclose(&h);
}

/* For tests/timeline_test.py: the fixture and the hostile events on one
 * page, as of 15 March 2018 so that both sections show. */
static int write_page(const char *path)
{
	chr_event ev[FIX_N + HOSTILE_N];
	const chr_event *p[FIX_N + HOSTILE_N];
	chr_feed feed = fix_feed();
	fix_events(ev);
	fix_hostile(ev + FIX_N);
	for (size_t i = 0; i < FIX_N + HOSTILE_N; i++)
		p[i] = &ev[i];
	feed.now = NOW_2018_03_15;
	FILE *f = fopen(path, "wb");
	if (!f) {
		perror(path);
		return 1;
	}
	chr_sink sink = chr_sink_file(f);
	chr_error err;
	chr_status rc = chr_write_html(p, FIX_N + HOSTILE_N, &feed, &sink, &err);
	if (fclose(f) != 0 || rc != CHR_OK) {
		fprintf(stderr, "%s: cannot write the page\n", path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2)
		return write_page(argv[1]);
	chr_buf_init(&out, 0);
	test_fixture();
	test_spans();
	test_hostile();
	test_now();
	test_big();
	check_determinism_and_errors(chr_write_html, "html");
	chr_buf_free(&out);
	xmlCleanupParser();
	return tap_done();
}
