/*
 * iCalendar round trip: any bytes -> events -> chr_write_ics -> libical's
 * parser. On the bytes: CRLF line ends and nothing else, lines of at most
 * 75 octets, valid UTF-8, one BEGIN:VEVENT line per event. On the parse:
 * no X-LIC-ERROR, one VCALENDAR holding exactly the events written (by
 * UID), and no property the writer does not write, so no title, sentence
 * or place can smuggle in a line of its own.
 */
#include "fuzz.h"

#include <libical/ical.h>

/* The properties of one VEVENT: each at most once, the first seven always. */
static const icalproperty_kind event_props[] = {
	ICAL_UID_PROPERTY, ICAL_DTSTAMP_PROPERTY, ICAL_SEQUENCE_PROPERTY,
	ICAL_DTSTART_PROPERTY, ICAL_SUMMARY_PROPERTY, ICAL_STATUS_PROPERTY,
	ICAL_CATEGORIES_PROPERTY,
	ICAL_DTEND_PROPERTY, ICAL_LOCATION_PROPERTY, ICAL_URL_PROPERTY,
	ICAL_DESCRIPTION_PROPERTY, ICAL_CREATED_PROPERTY, ICAL_LASTMODIFIED_PROPERTY,
};
#define EVENT_REQUIRED 7

static const icalproperty_kind cal_props[] = {
	ICAL_VERSION_PROPERTY, ICAL_PRODID_PROPERTY, ICAL_CALSCALE_PROPERTY,
	ICAL_NAME_PROPERTY, ICAL_DESCRIPTION_PROPERTY, ICAL_REFRESHINTERVAL_PROPERTY,
	ICAL_SOURCE_PROPERTY, ICAL_URL_PROPERTY,
};

static void check_bytes(const fuzz_out *o, size_t expect)
{
	const char *s = o->data;
	size_t len = o->len, line = 0, begins = 0;
	FUZZ_CHECK(len > 30 && memcmp(s, "BEGIN:VCALENDAR\r\n", 17) == 0 &&
	           memcmp(s + len - 15, "END:VCALENDAR\r\n", 15) == 0,
	           "not one VCALENDAR from first to last byte");
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(s + i, '\n', len - i);
		FUZZ_CHECK(nl, "line %zu has no line end", line + 1);
		size_t end = (size_t)(nl - s);
		FUZZ_CHECK(end > i && s[end - 1] == '\r', "line %zu ends in a bare LF", line + 1);
		size_t n = end - 1 - i;
		FUZZ_CHECK(!memchr(s + i, '\r', n), "line %zu holds a bare CR", line + 1);
		FUZZ_CHECK(n <= 75, "line %zu is %zu octets long", line + 1, n);
		FUZZ_CHECK(n > 0, "line %zu is empty", line + 1);
		if (n == 12 && memcmp(s + i, "BEGIN:VEVENT", 12) == 0)
			begins++;
		i = end + 1;
		line++;
	}
	FUZZ_CHECK(begins == expect, "%zu BEGIN:VEVENT lines for %zu events", begins, expect);
}

static void check_props(icalcomponent *c, const icalproperty_kind *allowed, size_t n,
                        size_t required, const char *what)
{
	size_t total = 0;
	for (size_t k = 0; k < n; k++) {
		int count = icalcomponent_count_properties(c, allowed[k]);
		FUZZ_CHECK(count <= 1, "%s: %d %s properties", what, count,
		           icalproperty_kind_to_string(allowed[k]));
		FUZZ_CHECK(k >= required || count == 1, "%s: no %s", what,
		           icalproperty_kind_to_string(allowed[k]));
		total += (size_t)count;
	}
	int all = icalcomponent_count_properties(c, ICAL_ANY_PROPERTY);
	size_t x = 0;
	for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_X_PROPERTY); p;
	     p = icalcomponent_get_next_property(c, ICAL_X_PROPERTY)) {
		const char *name = icalproperty_get_x_name(p);
		FUZZ_CHECK(c != NULL && name && (strcmp(name, "X-WR-CALNAME") == 0 ||
		           strcmp(name, "X-WR-CALDESC") == 0 ||
		           strcmp(name, "X-PUBLISHED-TTL") == 0) &&
		           icalcomponent_isa(c) == ICAL_VCALENDAR_COMPONENT,
		           "%s: property %s", what, name ? name : "(unnamed X-)");
		x++;
	}
	FUZZ_CHECK((size_t)all == total + x, "%s: %d properties, %zu expected kinds", what,
	           all, total + x);
}

/* libical cannot write a time after the year 3000, so the calendar holds
 * the events whose span stays two days clear of that edge (a zone or an
 * overnight end moves DTEND past the last day) and clear of year 0. */
static size_t calendar_events(const fuzz_run *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++) {
		chr_date s = r->list[i]->start, e = r->list[i]->end;
		if (s.year > 1 || s.month > 1 || s.day > 1)
			n += e.year < 3000 || (e.year == 3000 && (e.month < 12 || e.day <= 29));
	}
	return n;
}

static void check(fuzz_round *x)
{
	size_t expect = calendar_events(&x->r);
	check_bytes(&x->out, expect);

	icalerror_set_errors_are_fatal(0);
	icalcomponent *cal = icalparser_parse_string(x->out.data);
	FUZZ_CHECK(cal && icalcomponent_isa(cal) == ICAL_VCALENDAR_COMPONENT,
	           "libical does not read one VCALENDAR");
	FUZZ_CHECK(icalcomponent_count_errors(cal) == 0, "libical reports %d errors",
	           icalcomponent_count_errors(cal));
	FUZZ_CHECK(icalcomponent_count_components(cal, ICAL_ANY_COMPONENT) ==
	           icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT),
	           "components other than VEVENT");
	FUZZ_CHECK((size_t)icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT) == expect,
	           "%d VEVENTs for %zu events",
	           icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), expect);
	check_props(cal, cal_props, sizeof cal_props / sizeof *cal_props, 3, "VCALENDAR");
	for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	     ev; ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		check_props(ev, event_props, sizeof event_props / sizeof *event_props,
		            EVENT_REQUIRED, "VEVENT");
		FUZZ_CHECK(icalcomponent_count_components(ev, ICAL_ANY_COMPONENT) == 0,
		           "a component inside a VEVENT");
		fuzz_claim(x, icalcomponent_get_uid(ev), "", "VEVENT with UID");
		const char *summary = icalcomponent_get_summary(ev);
		FUZZ_CHECK(summary && !strpbrk(summary, "\r\n"), "SUMMARY with a line break");
	}
	icalcomponent_free(cal);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_round x;
	if (fuzz_write(data, size, chr_write_ics, "chr_write_ics", &x))
		check(&x);
	fuzz_round_free(&x);
	return 0;
}
