/*
 * The iCalendar writer: golden bytes, then what calendar apps depend on,
 * checked on the output itself and on libical's parse of it: CRLF, folding
 * at 75 octets between UTF-8 sequences, exclusive DTEND, UTC times,
 * stable stamps, and text that cannot end an event early.
 */
#include "write_fixture.h"

#include <libical/ical.h>

static chr_buf out;

/* Physical lines: every one ends CRLF, none is over 75 octets, none
 * splits a UTF-8 sequence and none holds a control character. */
static void check_lines(const char *what)
{
	bool crlf = out.len >= 2 && out.data[out.len - 2] == '\r' &&
	            out.data[out.len - 1] == '\n';
	bool short_lines = true, utf8 = true;
	size_t longest = 0, start = 0;
	for (size_t i = 0; i < out.len; i++) {
		if (out.data[i] == '\r' && i + 1 < out.len && out.data[i + 1] == '\n') {
			size_t len = i - start;
			if (len > longest)
				longest = len;
			if (len > 75)
				short_lines = false;
			if (!clean_bytes(out.data + start, len, false))
				utf8 = false;
			start = i + 2;
			i++;
		} else if (out.data[i] == '\r' || out.data[i] == '\n') {
			crlf = false;
		}
	}
	ok(crlf, "%s: every line ends CRLF, no bare CR or LF", what);
	ok(short_lines, "%s: no line over 75 octets (longest %zu)", what, longest);
	ok(utf8, "%s: each folded line is whole UTF-8 without controls", what);
}

/* The output with folds undone (RFC 5545 3.1: CRLF and one space). */
static char *unfold(void)
{
	char *u = malloc(out.len + 1);
	size_t k = 0;
	if (!u)
		return NULL;
	for (size_t i = 0; i < out.len; i++) {
		if (out.data[i] == '\r' && i + 2 < out.len && out.data[i + 1] == '\n' &&
		    (out.data[i + 2] == ' ' || out.data[i + 2] == '\t')) {
			i += 2;
			continue;
		}
		u[k++] = out.data[i];
	}
	u[k] = '\0';
	return u;
}

/* Counts lines exactly equal to line (CRLF-terminated). */
static int count_lines(const char *text, const char *line)
{
	int n = 0;
	size_t len = strlen(line);
	for (const char *p = text; (p = strstr(p, line)) != NULL; p += len)
		if ((p == text || p[-1] == '\n') && p[len] == '\r' && p[len + 1] == '\n')
			n++;
	return n;
}

static int count_prefix(const char *text, const char *prefix)
{
	int n = 0;
	size_t len = strlen(prefix);
	for (const char *p = text; (p = strstr(p, prefix)) != NULL; p += len)
		if (p == text || p[-1] == '\n')
			n++;
	return n;
}

static icalcomponent *find(icalcomponent *cal, const char *uid)
{
	for (icalcomponent *c = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	     c; c = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
		if (strcmp(icalcomponent_get_uid(c), uid) == 0)
			return c;
	return NULL;
}

static int count_events(icalcomponent *cal)
{
	return icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT);
}

static bool is_date(struct icaltimetype t, int y, int m, int d)
{
	return t.is_date && t.year == y && t.month == m && t.day == d;
}

static bool is_utc(struct icaltimetype t, int y, int m, int d, int h, int mi)
{
	return !t.is_date && icaltime_is_utc(t) && t.year == y && t.month == m &&
	       t.day == d && t.hour == h && t.minute == mi;
}

static void test_fixture(void)
{
	chr_event ev[FIX_N];
	const chr_event *fwd[FIX_N], *rev[FIX_N];
	chr_feed feed = fix_feed();
	fix_events(ev);
	fix_pointers(ev, FIX_N, fwd, rev);

	ok(run_writer(chr_write_ics, fwd, FIX_N, &feed, &out) == CHR_OK,
	   "ics: writes the fixture");
	ok(golden("events.ics", &out), "ics: matches tests/golden/events.ics");
	check_lines("ics");

	char *u = unfold();
	static const char head[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
		"PRODID:-//chronicle//chronicle " CHR_VERSION "//EN\r\n"
		"CALSCALE:GREGORIAN\r\n";
	ok(u && strncmp(u, head, strlen(head)) == 0,
	   "ics: VERSION, PRODID, CALSCALE open the calendar");
	ok(u && count_lines(u, "REFRESH-INTERVAL;VALUE=DURATION:PT12H") == 1 &&
	   count_lines(u, "X-PUBLISHED-TTL:PT12H") == 1,
	   "ics: refresh interval defaults to PT12H, both spellings");
	ok(u && count_lines(u, "SOURCE;VALUE=URI:https://example.org/feeds/tests/calendar.ics") == 1 &&
	   count_lines(u, "URL:https://example.org/feeds/tests/") == 1,
	   "ics: SOURCE and URL from base_url");
	ok(u && count_prefix(u, "NAME:Chronicle tests") == 1 &&
	   count_prefix(u, "X-WR-CALNAME:Chronicle tests") == 1 &&
	   count_prefix(u, "X-WR-CALDESC:Events found") == 1,
	   "ics: NAME, X-WR-CALNAME, X-WR-CALDESC");
	ok(u && !strstr(u, "METHOD"), "ics: no METHOD (a subscription, not an invitation)");
	ok(u && count_lines(u, "SUMMARY:") == 0 && strstr(u, "\r\nSUMMARY:") &&
	   count_prefix(u, "SUMMARY:") == FIX_N,
	   "ics: every event has a SUMMARY");
	/* Unfolding gives the 300-character title back byte for byte. */
	char want[1500];
	snprintf(want, sizeof want, "SUMMARY:%s", fix_long_title());
	ok(u && count_lines(u, want) == 1, "ics: unfolding restores the 300-character title exactly");
	snprintf(want, sizeof want, "SUMMARY:%s", FETE_TITLE);
	ok(u && count_lines(u, want) == 1, "ics: non-ASCII title unchanged");
	free(u);

	icalcomponent *cal = icalparser_parse_string(out.data);
	ok(cal != NULL, "ics: libical parses it back");
	if (!cal)
		return;
	ok(count_events(cal) == FIX_N, "ics: %d events (month precision is in with CHR_CAL_MONTH)",
	   count_events(cal));
	/* Sorted by start day: range (Jan 30), timed (Feb 5), month (Mar),
	 * long (Apr 2), cancelled (May 12), fete (Jun 21). */
	static const char *const order[FIX_N] = { UID_RANGE, UID_TIMED, UID_MONTH,
	                                         UID_LONG, UID_CANCEL, UID_FETE };
	bool sorted = true;
	int k = 0;
	for (icalcomponent *c = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	     c; c = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT), k++)
		if (k >= FIX_N || strcmp(icalcomponent_get_uid(c), order[k]) != 0)
			sorted = false;
	ok(sorted, "ics: events sorted by start day");

	icalcomponent *c = find(cal, UID_RANGE);
	ok(c && is_date(icalcomponent_get_dtstart(c), 2018, 1, 30) &&
	   is_date(icalcomponent_get_dtend(c), 2018, 2, 1),
	   "ics: 30-31 Jan 2018 is DTSTART;VALUE=DATE:20180130, exclusive DTEND 20180201");
	ok(c && icalcomponent_get_sequence(c) == 1, "ics: SEQUENCE carried");
	ok(c && strcmp(icalcomponent_get_location(c), "Geneva") == 0, "ics: LOCATION");
	const char *desc = c ? icalcomponent_get_description(c) : NULL;
	ok(desc && strstr(desc, "30 and 31 January 2018 in Geneva.\n\nDate as written: 30 and 31 January 2018"),
	   "ics: DESCRIPTION has the sentence and the date as written");
	icalproperty *p = c ? icalcomponent_get_first_property(c, ICAL_DTSTAMP_PROPERTY) : NULL;
	ok(p && is_utc(icalproperty_get_dtstamp(p), 2018, 1, 4, 0, 0),
	   "ics: DTSTAMP is last_modified in UTC");
	p = c ? icalcomponent_get_first_property(c, ICAL_CREATED_PROPERTY) : NULL;
	ok(p && is_utc(icalproperty_get_created(p), 2018, 1, 3, 0, 0),
	   "ics: CREATED is first_seen");

	c = find(cal, UID_TIMED);
	ok(c && is_utc(icalcomponent_get_dtstart(c), 2018, 2, 5, 13, 0) &&
	   is_utc(icalcomponent_get_dtend(c), 2018, 2, 5, 15, 30),
	   "ics: 14:00-16:30 at UTC+01:00 is 13:00Z-15:30Z");
	p = c ? icalcomponent_get_first_property(c, ICAL_DTSTAMP_PROPERTY) : NULL;
	ok(p && is_utc(icalproperty_get_dtstamp(p), 2026, 1, 1, 0, 0),
	   "ics: no last_modified: DTSTAMP is feed->now, not the wall clock");

	c = find(cal, UID_MONTH);
	ok(c && is_date(icalcomponent_get_dtstart(c), 2018, 3, 1) &&
	   is_date(icalcomponent_get_dtend(c), 2018, 4, 1) &&
	   icalcomponent_get_status(c) == ICAL_STATUS_TENTATIVE,
	   "ics: March 2018 spans 20180301-20180401, TENTATIVE");
	p = c ? icalcomponent_get_first_property(c, ICAL_CATEGORIES_PROPERTY) : NULL;
	ok(p && strcmp(icalproperty_get_categories(p), "month") == 0, "ics: CATEGORIES is the precision");
	p = c ? icalcomponent_get_first_property(c, ICAL_URL_PROPERTY) : NULL;
	ok(p && strcmp(icalproperty_get_url(p), "https://example.org/news/budget") == 0,
	   "ics: URL is the event's URL");

	c = find(cal, UID_CANCEL);
	ok(c && icalcomponent_get_status(c) == ICAL_STATUS_CANCELLED &&
	   icalcomponent_get_sequence(c) == 2, "ics: cancelled event is STATUS:CANCELLED");
	ok(c && icalcomponent_get_first_property(c, ICAL_URL_PROPERTY) == NULL,
	   "ics: no URL when neither url nor doc is a URL");
	c = find(cal, UID_LONG);
	p = c ? icalcomponent_get_first_property(c, ICAL_URL_PROPERTY) : NULL;
	ok(p && strcmp(icalproperty_get_url(p), "https://example.org/news/long") == 0,
	   "ics: URL falls back on a doc that is a URL");
	ok(c && strcmp(icalcomponent_get_summary(c), fix_long_title()) == 0,
	   "ics: libical reads the 300-character title back");
	c = find(cal, UID_FETE);
	p = c ? icalcomponent_get_first_property(c, ICAL_URL_PROPERTY) : NULL;
	ok(p && strcmp(icalproperty_get_url(p), "https://example.org/news/f%C3%AAte?x=1&y=2") == 0,
	   "ics: URL is percent-encoded, not raw UTF-8");
	icalcomponent_free(cal);
}

static void test_precision(void)
{
	chr_event ev[FIX_N + 2];
	const chr_event *p[FIX_N + 2];
	chr_feed feed = fix_feed();
	fix_events(ev);
	ev[FIX_N] = fix_blank("6f1c3a52-0b7e-5c1d-9a43-1e2f3a4b5c07", 2022, 7, 1);
	ev[FIX_N].end.month = 9;
	ev[FIX_N].end.day = 30;
	ev[FIX_N].precision = CHR_PREC_QUARTER;
	ev[FIX_N].title = "Quarter";
	ev[FIX_N + 1] = fix_blank("6f1c3a52-0b7e-5c1d-9a43-1e2f3a4b5c08", 2018, 1, 8);
	ev[FIX_N + 1].end.day = 14;
	ev[FIX_N + 1].precision = CHR_PREC_WEEK;
	ev[FIX_N + 1].title = "Week";
	for (size_t i = 0; i < FIX_N + 2; i++)
		p[i] = &ev[i];
	static const struct {
		chr_cal_precision prec;
		int want;
		const char *name;
	} cases[] = {
		{ CHR_CAL_DAY, FIX_N - 1, "DAY keeps day precision only" },
		{ CHR_CAL_MONTH, FIX_N + 1, "MONTH keeps day, week and month" },
		{ CHR_CAL_ALL, FIX_N + 2, "ALL keeps the quarter too" },
	};
	for (size_t i = 0; i < CHR_ARRAY_LEN(cases); i++) {
		feed.calendar_precision = cases[i].prec;
		chr_status rc = run_writer(chr_write_ics, p, FIX_N + 2, &feed, &out);
		icalcomponent *cal = rc == CHR_OK ? icalparser_parse_string(out.data) : NULL;
		int n = cal ? count_events(cal) : -1;
		ok(n == cases[i].want, "ics: calendar precision %s (%d events)", cases[i].name, n);
		if (cal)
			icalcomponent_free(cal);
	}
	feed.calendar_precision = CHR_CAL_ALL;
	feed.refresh_minutes = 90;
	feed.base_url = NULL;
	feed.description = NULL;
	run_writer(chr_write_ics, p, FIX_N + 2, &feed, &out);
	ok(strstr(out.data, "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H30M\r\n") &&
	   strstr(out.data, "\r\nX-PUBLISHED-TTL:PT1H30M\r\n"),
	   "ics: refresh_minutes 90 is PT1H30M");
	ok(!strstr(out.data, "SOURCE") && !strstr(out.data, "X-WR-CALDESC"),
	   "ics: no SOURCE without base_url, no X-WR-CALDESC without description");
	icalcomponent *cal = icalparser_parse_string(out.data);
	icalcomponent *q = cal ? find(cal, "6f1c3a52-0b7e-5c1d-9a43-1e2f3a4b5c07") : NULL;
	ok(q && is_date(icalcomponent_get_dtstart(q), 2022, 7, 1) &&
	   is_date(icalcomponent_get_dtend(q), 2022, 10, 1),
	   "ics: Q3 2022 ends (exclusive) on 20221001");
	if (cal)
		icalcomponent_free(cal);

	/* A floating time: no offset known, so no Z and no conversion. */
	chr_event t = fix_blank("6f1c3a52-0b7e-5c1d-9a43-1e2f3a4b5c09", 2018, 12, 31);
	t.hour = 23;
	t.minute = 30;
	t.end_hour = 1;
	t.end_minute = 0;
	t.title = "Late";
	const chr_event *tp = &t;
	run_writer(chr_write_ics, &tp, 1, &feed, &out);
	ok(strstr(out.data, "\r\nDTSTART:20181231T233000\r\n") &&
	   strstr(out.data, "\r\nDTEND:20190101T010000\r\n"),
	   "ics: floating local time; an end before the start is the next day");
	t.has_tz = true;
	t.tz_minutes = -300;
	t.end_hour = -1;
	run_writer(chr_write_ics, &tp, 1, &feed, &out);
	ok(strstr(out.data, "\r\nDTSTART:20190101T043000Z\r\n") &&
	   strstr(out.data, "\r\nDTEND:20190101T053000Z\r\n"),
	   "ics: UTC-05:00 crosses into the next year; no end time: DTEND an hour on");
	t.has_tz = false;
	run_writer(chr_write_ics, &tp, 1, &feed, &out);
	ok(strstr(out.data, "\r\nDTSTART:20181231T233000\r\n") &&
	   strstr(out.data, "\r\nDTEND:20190101T003000\r\n"),
	   "ics: a floating 23:30 with no end ends at 00:30 the next day");
}

static void test_hostile(void)
{
	chr_event ev[HOSTILE_N];
	const chr_event *p[HOSTILE_N], *r[HOSTILE_N];
	chr_feed feed = fix_feed();
	feed.title = "Feed\r\nEND:VCALENDAR\r\nBEGIN:VEVENT";
	feed.description = "line one\nline two; with, punctuation \\ and \x01";
	fix_hostile(ev);
	fix_pointers(ev, HOSTILE_N, p, r);
	ok(run_writer(chr_write_ics, p, HOSTILE_N, &feed, &out) == CHR_OK,
	   "ics hostile: writes");
	ok(golden("hostile.ics", &out), "ics hostile: matches tests/golden/hostile.ics");
	check_lines("ics hostile");
	char *u = unfold();
	ok(u && count_lines(u, "BEGIN:VEVENT") == 2 && count_lines(u, "END:VEVENT") == 2 &&
	   count_lines(u, "END:VCALENDAR") == 1 && count_lines(u, "BEGIN:VCALENDAR") == 1,
	   "ics hostile: text starts no component and ends none");
	ok(u && count_prefix(u, "X-INJECT") == 0 && count_prefix(u, "DTSTART:1970") == 0 &&
	   count_prefix(u, "INJECT") == 0,
	   "ics hostile: no injected property lines");
	ok(u && strstr(u, "\r\nSUMMARY:Evil END:VEVENT BEGIN:VEVENT\\; a\\, b \\\\ c "),
	   "ics hostile: ; , \\ escaped in SUMMARY");
	ok(u && strstr(u, "\r\nURL:https://example.org/a%20b%0D%0AEND:VCALENDAR%22%3E%3Cscript%3E\r\n"),
	   "ics hostile: CR LF in a URL percent-encoded");
	ok(u && !strstr(u, "URL:javascript"), "ics hostile: javascript: is never a URL");
	free(u);
	icalcomponent *cal = icalparser_parse_string(out.data);
	icalcomponent *c = cal ? find(cal, ev[0].uid) : NULL;
	ok(c && strcmp(icalcomponent_get_summary(c), HOSTILE_TITLE_CLEAN) == 0,
	   "ics hostile: libical reads the cleaned title back");
	ok(c && strcmp(icalcomponent_get_location(c), HOSTILE_LOCATION_CLEAN) == 0,
	   "ics hostile: and the cleaned location");
	ok(cal && count_events(cal) == 2, "ics hostile: still two events");
	if (cal)
		icalcomponent_free(cal);
}

int main(void)
{
	chr_buf_init(&out, 0);
	test_fixture();
	test_precision();
	test_hostile();
	check_determinism_and_errors(chr_write_ics, "ics");
	chr_buf_free(&out);
	return tap_done();
}
