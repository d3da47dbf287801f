/*
 * The JSON Feed writer: golden bytes, jansson's parse, the JSON Feed 1.1
 * fields readers use, the "_chronicle" extension, and hostile text that
 * comes back as the cleaned string.
 */
#include "write_fixture.h"

#include <jansson.h>

static chr_buf out;

static const char *str(json_t *root, const char *path)
{
	/* "items.5._chronicle.start": objects by key, arrays by 0-based index. */
	char key[64];
	json_t *v = root;
	const char *p = path;
	while (v && *p) {
		size_t n = strcspn(p, ".");
		snprintf(key, sizeof key, "%.*s", (int)n, p);
		if (json_is_array(v))
			v = json_array_get(v, (size_t)atoi(key));
		else
			v = json_object_get(v, key);
		p += n + (p[n] == '.');
	}
	return json_is_string(v) ? json_string_value(v) : "";
}

static bool eq(json_t *root, const char *path, const char *want)
{
	const char *got = str(root, path);
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "# %s: got \"%s\", want \"%s\"\n", path, got, want);
		return false;
	}
	return true;
}

static void test_fixture(void)
{
	chr_event ev[FIX_N];
	const chr_event *fwd[FIX_N], *rev[FIX_N];
	chr_feed feed = fix_feed();
	json_error_t jerr;
	fix_events(ev);
	fix_pointers(ev, FIX_N, fwd, rev);

	ok(run_writer(chr_write_json, fwd, FIX_N, &feed, &out) == CHR_OK, "json: writes the fixture");
	ok(golden("events.json", &out), "json: matches tests/golden/events.json");
	json_t *root = json_loadb(out.data, out.len, JSON_REJECT_DUPLICATES, &jerr);
	ok(root != NULL, "json: jansson parses it");
	if (!root)
		return;
	ok(eq(root, "version", "https://jsonfeed.org/version/1.1"), "json: version 1.1");
	ok(eq(root, "title", feed.title) && eq(root, "home_page_url", "https://example.org/feeds/tests/") &&
	   eq(root, "feed_url", "https://example.org/feeds/tests/events.json"),
	   "json: title, home_page_url, feed_url");
	ok(eq(root, "authors.0.name", "Newsroom"), "json: authors");
	ok(json_array_size(json_object_get(root, "items")) == FIX_N, "json: one item per event");
	ok(eq(root, "items.0.id", "urn:uuid:" UID_TIMED) && eq(root, "items.5.id", "urn:uuid:" UID_RANGE),
	   "json: items newest first, ids urn:uuid:UID");
	ok(eq(root, "items.5.title", "30\xE2\x80\x93" "31 Jan 2018 \xC2\xB7 Workshop on calendars, Geneva"), "json: title");
	ok(eq(root, "items.5.date_published", "2018-01-03T00:00:00Z") &&
	   eq(root, "items.5.date_modified", "2018-01-04T00:00:00Z"), "json: date_published first_seen, date_modified");
	ok(eq(root, "items.5._chronicle.start", "2018-01-30") && eq(root, "items.5._chronicle.end", "2018-01-31") &&
	   eq(root, "items.5._chronicle.precision", "day") && eq(root, "items.5._chronicle.location", "Geneva") &&
	   eq(root, "items.5._chronicle.status", "confirmed") && eq(root, "items.5._chronicle.uid", UID_RANGE),
	   "json: _chronicle start, end (inclusive), precision, location, status, uid");
	ok(eq(root, "items.0._chronicle.time", "14:00") && eq(root, "items.0._chronicle.tz", "+01:00"),
	   "json: time and tz as in the events contract");
	ok(eq(root, "items.4.tags.0", "month") && eq(root, "items.4.tags.1", "tentative"), "json: tags");
	ok(eq(root, "items.4.url", "https://example.org/news/budget") &&
	   eq(root, "items.5.url", "https://example.org/feeds/tests/#e-" UID_RANGE),
	   "json: url is the source, else the timeline at the event");
	ok(strncmp(str(root, "items.5.content_html"), "<p><strong>", 11) == 0 &&
	   strstr(str(root, "items.5.content_text"), "Date as written: 30 and 31 January 2018"),
	   "json: content_html and content_text");
	ok(json_is_null(json_object_get(json_object_get(json_array_get(json_object_get(root, "items"), 1),
	                                                "_chronicle"), "location")),
	   "json: location null when none");
	json_decref(root);
}

static void test_hostile(void)
{
	chr_event ev[HOSTILE_N];
	const chr_event *p[HOSTILE_N], *r[HOSTILE_N];
	chr_feed feed = fix_feed();
	json_error_t jerr;
	feed.title = "Feed\"}, {\"x\": \"\x01";
	fix_hostile(ev);
	fix_pointers(ev, HOSTILE_N, p, r);
	ok(run_writer(chr_write_json, p, HOSTILE_N, &feed, &out) == CHR_OK, "json hostile: writes");
	ok(golden("hostile.json", &out), "json hostile: matches tests/golden/hostile.json");
	ok(clean_bytes(out.data, out.len, false), "json hostile: valid UTF-8, control characters dropped");
	json_t *root = json_loadb(out.data, out.len, JSON_REJECT_DUPLICATES, &jerr);
	ok(root && json_array_size(json_object_get(root, "items")) == 2, "json hostile: parses, two items");
	if (!root)
		return;
	ok(eq(root, "title", "Feed\"}, {\"x\": \""), "json hostile: feed title is one string");
	const char *t0 = str(root, "items.0.title"), *t1 = str(root, "items.1.title");
	ok(strcmp(t0, "1 Sep 2019 \xC2\xB7 " HOSTILE_TITLE_CLEAN ", " HOSTILE_LOCATION_CLEAN) == 0 ||
	   strcmp(t1, "1 Sep 2019 \xC2\xB7 " HOSTILE_TITLE_CLEAN ", " HOSTILE_LOCATION_CLEAN) == 0, "json hostile: title is the cleaned text");
	ok(!strstr(out.data, "javascript:alert(2)") && !strstr(out.data, "href=\\\"javascript"),
	   "json hostile: javascript: never becomes a link");
	json_decref(root);
}

int main(void)
{
	chr_buf_init(&out, 0);
	test_fixture();
	test_hostile();
	check_determinism_and_errors(chr_write_json, "json");
	chr_buf_free(&out);
	return tap_done();
}
