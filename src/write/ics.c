/*
 * iCalendar (RFC 5545, with RFC 7986's calendar properties) through
 * libical: libical escapes TEXT values, folds lines at 75 octets without
 * splitting a UTF-8 sequence and ends every line with CRLF (libical 3.0;
 * tests/unit/write_ics.c checks all three on the bytes). What libical does
 * not do, and this file does: clean text of control characters and
 * invalid UTF-8 (chr_wr_clean), and percent-encode URI values, which
 * libical writes verbatim, so a CR LF in a URL would start a new line.
 *
 * Which events go to the calendar (feed->calendar_precision):
 *   CHR_CAL_DAY    day precision only: what a calendar shows is a day
 *                  someone can put in a diary. A week is a guess at a day.
 *   CHR_CAL_MONTH  day, week and month: a month-long all-day bar is still
 *                  something calendar users choose to see.
 *   CHR_CAL_ALL    everything given, quarters, halves and seasons too.
 * Coarser spans still reach the Atom, RSS and JSON feeds.
 */
#include "write/write.h"

#include <libical/ical.h>

#include <stdlib.h>
#include <string.h>

typedef struct ics {
	icalcomponent *cal;
	chr_buf text; /* cleaned text on its way to a property */
	chr_buf more; /* a second scratch buffer for composed values */
} ics;

/* libical writes a date or time after the year 3000 as "00000000T000000",
 * which no calendar reads, and a time zone or an overnight end can move a
 * DTEND two days past the span's last day: spans outside these bounds stay
 * in the feeds but not in the calendar. */
static const chr_date ical_first = { 1, 1, 2 };
static const chr_date ical_last = { 3000, 12, 29 };

static bool in_calendar(const chr_event *e, chr_cal_precision p)
{
	if (!chr_wr_dated(e))
		return false;
	if (chr_date_cmp(e->start, ical_first) < 0 ||
	    chr_date_cmp(chr_date_valid(e->end) ? e->end : e->start, ical_last) > 0)
		return false;
	switch (p) {
	case CHR_CAL_DAY:
		return e->precision == CHR_PREC_DAY;
	case CHR_CAL_MONTH:
		return e->precision == CHR_PREC_DAY ||
		       e->precision == CHR_PREC_WEEK ||
		       e->precision == CHR_PREC_MONTH;
	case CHR_CAL_ALL:
		return true;
	}
	return e->precision == CHR_PREC_DAY;
}

/* Takes ownership of prop: a NULL from a constructor is out of memory. */
static chr_status add(icalcomponent *c, icalproperty *prop)
{
	if (!prop)
		return CHR_ENOMEM;
	icalcomponent_add_property(c, prop);
	return CHR_OK;
}

/* An X- property whose value libical escapes as text (backslash and line
 * breaks; ";" and "," need no escape outside TEXT lists). */
static chr_status add_x(icalcomponent *c, const char *name, const char *value)
{
	icalproperty *p = icalproperty_new_x(value);
	if (!p)
		return CHR_ENOMEM;
	icalproperty_set_x_name(p, name);
	icalcomponent_add_property(c, p);
	return CHR_OK;
}

static const char *clean(chr_buf *b, const char *s, chr_wr_mode mode,
                         chr_status *rc)
{
	b->len = 0;
	*rc = chr_wr_clean(b, s, mode);
	return b->data ? b->data : "";
}

static const char *uri(chr_buf *b, const char *s, chr_status *rc)
{
	b->len = 0;
	*rc = chr_wr_uri(b, s);
	return b->data ? b->data : "";
}

static struct icaltimetype utc_stamp(int64_t t)
{
	/* A stamp taken from a publication date past libical's range (see
	 * ical_last) is held at its last second. */
	const int64_t last = (chr_date_to_days((chr_date){ 3000, 12, 31 }) + 1) * 86400 - 1;
	int secs;
	if (t > last)
		t = last;
	chr_date d = chr_wr_utc_day(t, &secs);
	struct icaltimetype it = icaltime_null_time();
	it.year = d.year;
	it.month = d.month;
	it.day = d.day;
	it.hour = secs / 3600;
	it.minute = secs / 60 % 60;
	it.second = secs % 60;
	it.zone = icaltimezone_get_utc_timezone();
	return it;
}

static struct icaltimetype ical_date(chr_date d)
{
	struct icaltimetype it = icaltime_null_date();
	it.year = d.year;
	it.month = d.month;
	it.day = d.day;
	it.is_date = 1;
	return it;
}

/* A wall-clock time on day d: in UTC when the offset is known (minutes
 * east of UTC are subtracted), else floating, which calendars show at that
 * hour wherever the reader is, as the article meant. */
static struct icaltimetype ical_time(chr_date d, int hour, int minute,
                                     const chr_event *e)
{
	long m = chr_date_to_days(d) * 1440L + hour * 60L + (minute < 0 ? 0 : minute);
	if (e->has_tz)
		m -= e->tz_minutes;
	long days = m >= 0 ? m / 1440 : -((-m + 1439) / 1440);
	long rem = m - days * 1440;
	chr_date u = chr_date_from_days(days);
	struct icaltimetype it = icaltime_null_time();
	it.year = u.year;
	it.month = u.month;
	it.day = u.day;
	it.hour = (int)(rem / 60);
	it.minute = (int)(rem % 60);
	if (e->has_tz)
		it.zone = icaltimezone_get_utc_timezone();
	return it;
}

static chr_date next_day(chr_date d)
{
	return chr_date_from_days(chr_date_to_days(d) + 1);
}

static chr_status add_dates(icalcomponent *ev, const chr_event *e)
{
	chr_status rc = CHR_OK;
	chr_date end = chr_date_valid(e->end) ? e->end : e->start;
	if (e->hour < 0 || e->precision != CHR_PREC_DAY) {
		/* All-day: DTEND is the day after the last one (RFC 5545
		 * 3.6.1), the one place chronicle's inclusive end moves. */
		CHECK(add(ev, icalproperty_new_dtstart(ical_date(e->start))));
		CHECK(add(ev, icalproperty_new_dtend(ical_date(next_day(end)))));
		goto cleanup;
	}
	struct icaltimetype start = ical_time(e->start, e->hour, e->minute, e);
	CHECK(add(ev, icalproperty_new_dtstart(start)));
	if (e->end_hour >= 0) {
		struct icaltimetype stop = ical_time(end, e->end_hour,
		                                     e->end_minute, e);
		/* "22:00–01:00" ends the next morning. */
		if (icaltime_compare(stop, start) <= 0)
			stop = ical_time(next_day(end), e->end_hour,
			                 e->end_minute, e);
		CHECK(add(ev, icalproperty_new_dtend(stop)));
	} else if (chr_date_cmp(end, e->start) > 0) {
		CHECK(add(ev, icalproperty_new_dtend(ical_time(next_day(end), 0,
		                                               0, e))));
	} else {
		/* A start time alone. RFC 5545 (3.6.1) reads a DATE-TIME
		 * DTSTART without DTEND as an instant, which calendar apps
		 * draw as a sliver or not at all, and strict importers reject
		 * as an end not after the start. One hour is what they give
		 * a new event themselves: "at 14:00" is a meeting, not a
		 * moment. */
		CHECK(add(ev, icalproperty_new_dtend(ical_time(
			e->start, e->hour + 1, e->minute, e))));
	}
cleanup:
	return rc;
}

static chr_status add_description(ics *c, icalcomponent *ev,
                                  const chr_event *e)
{
	chr_status rc = CHR_OK;
	const char *link = chr_wr_link(e);
	chr_buf *b = &c->more;
	b->len = 0;
	if (e->sentence && *e->sentence)
		CHECK(chr_wr_clean(b, e->sentence, CHR_WR_LINE));
	if (e->date_text && *e->date_text) {
		CHECK(chr_buf_adds(b, b->len ? "\n\nDate as written: "
		                             : "Date as written: "));
		CHECK(chr_wr_clean(b, e->date_text, CHR_WR_LINE));
	}
	if (link || (e->doc && *e->doc)) {
		CHECK(chr_buf_adds(b, b->len ? "\nSource: " : "Source: "));
		if (link)
			CHECK(chr_wr_uri(b, link));
		else
			CHECK(chr_wr_clean(b, e->doc, CHR_WR_LINE));
	}
	CHECK(chr_wr_more_sources(b, e));
	if (b->len)
		CHECK(add(ev, icalproperty_new_description(b->data)));
cleanup:
	return rc;
}

/* Builds the VEVENT of e into *out (the caller frees it). */
static chr_status add_event(ics *c, const chr_event *e, const chr_feed *feed,
                            icalcomponent **out)
{
	chr_status rc = CHR_OK;
	icalcomponent *ev = icalcomponent_new_vevent();
	if (!ev)
		return CHR_ENOMEM;
	const char *v;
	int64_t modified = chr_wr_updated(e, feed);

	v = clean(&c->text, e->uid, CHR_WR_LINE, &rc);
	CHECK(rc);
	CHECK(add(ev, icalproperty_new_uid(v)));
	/* DTSTAMP: with no METHOD, RFC 5545 has it be the last revision. */
	CHECK(add(ev, icalproperty_new_dtstamp(utc_stamp(modified))));
	if (e->first_seen)
		CHECK(add(ev, icalproperty_new_created(utc_stamp(e->first_seen))));
	CHECK(add(ev, icalproperty_new_lastmodified(utc_stamp(modified))));
	CHECK(add(ev, icalproperty_new_sequence(e->sequence < 0 ? 0 : e->sequence)));
	CHECK(add_dates(ev, e));
	v = clean(&c->text, chr_wr_title(e), CHR_WR_LINE, &rc);
	CHECK(rc);
	/* An empty value is a parse error in libical and elsewhere: a title
	 * or feed name of control characters alone cleans to nothing. */
	CHECK(add(ev, icalproperty_new_summary(*v ? v : "Untitled event")));
	CHECK(add_description(c, ev, e));
	if (e->location && *e->location) {
		v = clean(&c->text, e->location, CHR_WR_LINE, &rc);
		CHECK(rc);
		if (*v)
			CHECK(add(ev, icalproperty_new_location(v)));
	}
	if (chr_wr_link(e)) {
		v = uri(&c->text, chr_wr_link(e), &rc);
		CHECK(rc);
		CHECK(add(ev, icalproperty_new_url(v)));
	}
	CHECK(add(ev, icalproperty_new_categories(chr_precision_name(e->precision))));
	CHECK(add(ev, icalproperty_new_status(
		e->status == CHR_EVENT_CANCELLED ? ICAL_STATUS_CANCELLED :
		e->status == CHR_EVENT_TENTATIVE ? ICAL_STATUS_TENTATIVE :
		                                   ICAL_STATUS_CONFIRMED)));
	*out = ev;
	ev = NULL;
cleanup:
	if (ev)
		icalcomponent_free(ev);
	return rc;
}

static chr_status add_calendar(ics *c, const chr_feed *feed)
{
	chr_status rc = CHR_OK;
	icalcomponent *cal = c->cal;
	const char *v;
	int minutes = feed->refresh_minutes > 0 ? feed->refresh_minutes : 720;

	CHECK(add(cal, icalproperty_new_version("2.0")));
	CHECK(add(cal, icalproperty_new_prodid("-//chronicle//chronicle "
	                                       CHR_VERSION "//EN")));
	CHECK(add(cal, icalproperty_new_calscale("GREGORIAN")));
	v = clean(&c->text, chr_wr_feed_title(feed), CHR_WR_LINE, &rc);
	CHECK(rc);
	if (!*v)
		v = "chronicle";
	CHECK(add(cal, icalproperty_new_name(v)));
	CHECK(add_x(cal, "X-WR-CALNAME", v));
	if (feed->description && *feed->description) {
		v = clean(&c->text, feed->description, CHR_WR_BLOCK, &rc);
		CHECK(rc);
		/* libical reads a value of white space alone as none */
		if (v[strspn(v, " \t\n")]) {
			CHECK(add(cal, icalproperty_new_description(v)));
			CHECK(add_x(cal, "X-WR-CALDESC", v));
		}
	}
	/* REFRESH-INTERVAL is the standard; X-PUBLISHED-TTL is what Outlook
	 * and older Apple clients read. */
	struct icaldurationtype d = icaldurationtype_from_int(minutes * 60);
	CHECK(add(cal, icalproperty_new_refreshinterval(d)));
	char *ttl = icaldurationtype_as_ical_string_r(d);
	if (!ttl) {
		rc = CHR_ENOMEM;
		goto cleanup;
	}
	rc = add_x(cal, "X-PUBLISHED-TTL", ttl);
	free(ttl);
	CHECK(rc);
	if (chr_wr_is_url(feed->base_url)) {
		c->more.len = 0;
		CHECK(chr_wr_base_file(&c->more, feed, "calendar.ics"));
		CHECK(add(cal, icalproperty_new_source(c->more.data)));
		c->more.len = 0;
		CHECK(chr_wr_base_file(&c->more, feed, ""));
		CHECK(add(cal, icalproperty_new_url(c->more.data)));
	}
cleanup:
	return rc;
}

/* libical 3.0 folds a line that, with a multi-byte character before the
 * fold, comes out one octet long between the CR and the LF of its end:
 * "...\r" "\r\n " "\n", which readers take for a bare CR and an empty
 * line. Our values never hold a CR (chr_wr_clean), so "\r\r\n \n" is
 * always that fold: put the line end back together. s is a C string of
 * len bytes; returns its new length. */
static size_t mend_folds(char *s, size_t len)
{
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\r' && len - i >= 5 && memcmp(s + i, "\r\r\n \n", 5) == 0) {
			s[k++] = '\r';
			s[k++] = '\n';
			i += 4;
			continue;
		}
		s[k++] = s[i];
	}
	s[k] = '\0';
	return k;
}

/* Writes text, a string libical made, to sink and frees it. */
static chr_status emit(const chr_sink *sink, char *text)
{
	if (!text)
		return CHR_ENOMEM;
	chr_status rc = sink->write(sink->userdata, text, mend_folds(text, strlen(text)));
	free(text);
	return rc;
}

chr_status chr_write_ics(const chr_event *const *events, size_t n,
                         const chr_feed *feed, const chr_sink *sink,
                         chr_error *err)
{
	chr_status rc = CHR_OK;
	const chr_event **sorted = NULL;
	char *head = NULL;
	ics c;
	memset(&c, 0, sizeof c);
	chr_buf_init(&c.text, CHR_WR_FIELD_LIMIT);
	chr_buf_init(&c.more, CHR_WR_FIELD_LIMIT);

	const char *no_lib = chr_libical_open();
	if (no_lib)
		return chr_fail(err, CHR_EIO, NULL, "%s", no_lib);
	CHECK(chr_wr_sort(events, n, feed, CHR_WR_BY_START, &sorted));
	c.cal = icalcomponent_new_vcalendar();
	if (!c.cal) {
		rc = CHR_ENOMEM;
		goto cleanup;
	}
	CHECK(add_calendar(&c, feed));
	/* One event at a time: libical writes a component's properties, then
	 * its components, so the calendar's text up to its END line, each
	 * event's text and the END line are the bytes the whole tree would
	 * give, without holding a million events' tree and text at once. */
	head = icalcomponent_as_ical_string_r(c.cal);
	static const char end[] = "END:VCALENDAR\r\n";
	size_t hlen = head ? mend_folds(head, strlen(head)) : 0;
	if (!head || hlen < sizeof end - 1 ||
	    strcmp(head + hlen - (sizeof end - 1), end) != 0) {
		rc = head ? CHR_EINPUT : CHR_ENOMEM;
		goto cleanup;
	}
	CHECK(sink->write(sink->userdata, head, hlen - (sizeof end - 1)));
	for (size_t i = 0; i < n; i++) {
		if (!in_calendar(sorted[i], feed->calendar_precision))
			continue;
		icalcomponent *ev = NULL;
		CHECK(add_event(&c, sorted[i], feed, &ev));
		rc = emit(sink, icalcomponent_as_ical_string_r(ev));
		icalcomponent_free(ev);
		CHECK(rc);
	}
	rc = sink->write(sink->userdata, end, sizeof end - 1);
cleanup:
	if (rc != CHR_OK && err)
		chr_fail(err, rc, NULL, "iCalendar: %s", chr_status_str(rc));
	free(head);
	if (c.cal)
		icalcomponent_free(c.cal);
	chr_buf_free(&c.text);
	chr_buf_free(&c.more);
	free(sorted);
	return rc;
}
