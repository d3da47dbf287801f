/*
 * ics_check FILE...: what libical and our own byte-level lint say about
 * iCalendar files, for tests/clients/check_feeds.py.
 *
 * For each file it prints one JSON line:
 *   {"file": F, "errors": ["…", …], "events": [{"uid", "dtstart", "dtend",
 *    "summary", "location", "status"}, …]}
 * "errors" is empty when the file passes everything below; "events" is
 * libical's reading of each VEVENT, so that the caller can compare it with
 * the JSON-lines events of the same input (the round trip).
 *
 * Checks, byte level (before any parser forgives anything):
 *   - every line ends CRLF, with no bare CR or LF and CRLF at the end;
 *   - no line is over 75 octets (RFC 5545 3.1), CRLF not counted;
 *   - each physical line is valid UTF-8 on its own, so no fold splits a
 *     sequence, and holds no control character but HTAB.
 * With libical:
 *   - it parses as exactly one VCALENDAR;
 *   - icalrestriction_check (RFC 5545's property counts and values) passes
 *     and no X-LIC-ERROR is left anywhere in the tree (libical records
 *     what it could not parse as X-LIC-ERROR properties);
 *   - each VEVENT has exactly one UID, DTSTAMP and DTSTART, a UID no other
 *     event has, and a DTEND of the same value type after its DTSTART.
 * Exit status: 0 when every file passed, 1 when any did not, 2 on usage.
 *
 * Dates are written as libical reads them: "2018-01-30" for a DATE,
 * "2018-02-05T13:00:00Z" for UTC, without the "Z" when floating.
 */
#include <libical/ical.h>
#include <jansson.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void err(json_t *errors, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void err(json_t *errors, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* Messages quote file bytes: keep them valid JSON strings. */
	json_t *s = json_string(msg);
	if (!s)
		s = json_string("(message with invalid UTF-8)");
	json_array_append_new(errors, s);
}

/* Length of the valid UTF-8 sequence at p (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), or 0. */
static int utf8_len(const unsigned char *p, size_t avail)
{
	unsigned c = p[0];
	if (c < 0x80)
		return 1;
	int n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
	      : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
	if (!n || (size_t)n > avail)
		return 0;
	for (int i = 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	if (c == 0xE0 && p[1] < 0xA0)
		return 0;
	if (c == 0xED && p[1] > 0x9F)
		return 0;
	if (c == 0xF0 && p[1] < 0x90)
		return 0;
	if (c == 0xF4 && p[1] > 0x8F)
		return 0;
	return n;
}

static void lint_bytes(const char *data, size_t len, json_t *errors)
{
	const unsigned char *p = (const unsigned char *)data;
	size_t line = 1, start = 0;
	int reported = 0;
	if (len < 2 || p[len - 2] != '\r' || p[len - 1] != '\n')
		err(errors, "the file does not end with CRLF");
	for (size_t i = 0; i <= len && reported < 20; i++) {
		bool end = i == len || p[i] == '\n' || p[i] == '\r';
		if (!end)
			continue;
		if (i < len && p[i] == '\r' && (i + 1 >= len || p[i + 1] != '\n')) {
			err(errors, "line %zu: bare CR", line);
			reported++;
		}
		if (i < len && p[i] == '\n' && (i == 0 || p[i - 1] != '\r')) {
			err(errors, "line %zu: bare LF", line);
			reported++;
		}
		size_t stop = i;
		if (stop > start || i < len) {
			if (stop - start > 75) {
				err(errors, "line %zu: %zu octets, over 75", line, stop - start);
				reported++;
			}
			for (size_t k = start; k < stop; ) {
				int n = utf8_len(p + k, stop - k);
				if (n == 0) {
					err(errors, "line %zu, octet %zu: not whole UTF-8 (a split or invalid sequence)",
					    line, k - start + 1);
					reported++;
					break;
				}
				if (n == 1 && ((p[k] < 0x20 && p[k] != '\t') || p[k] == 0x7F)) {
					err(errors, "line %zu: control character 0x%02X", line, p[k]);
					reported++;
					break;
				}
				k += (size_t)n;
			}
		}
		if (i < len && p[i] == '\r' && i + 1 < len && p[i + 1] == '\n')
			i++;
		start = i + 1;
		line++;
	}
}

static json_t *when(struct icaltimetype t)
{
	char s[32];
	if (icaltime_is_null_time(t))
		return json_null();
	if (t.is_date)
		snprintf(s, sizeof s, "%04d-%02d-%02d", t.year, t.month, t.day);
	else
		snprintf(s, sizeof s, "%04d-%02d-%02dT%02d:%02d:%02d%s", t.year,
		         t.month, t.day, t.hour, t.minute, t.second,
		         icaltime_is_utc(t) ? "Z" : "");
	return json_string(s);
}

static json_t *text_or_null(const char *s)
{
	json_t *v = s ? json_string(s) : NULL;
	return v ? v : json_null();
}

static void collect_xlic(icalcomponent *c, json_t *errors)
{
	for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);
	     p; p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY))
		err(errors, "X-LIC-ERROR in %s: %s",
		    icalcomponent_kind_to_string(icalcomponent_isa(c)),
		    icalproperty_get_xlicerror(p));
	for (icalcomponent *k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT);
	     k; k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
		collect_xlic(k, errors);
}

static void check_event(icalcomponent *ev, int index, json_t *seen,
                        json_t *errors, json_t *events)
{
	int uids = icalcomponent_count_properties(ev, ICAL_UID_PROPERTY);
	int stamps = icalcomponent_count_properties(ev, ICAL_DTSTAMP_PROPERTY);
	int starts = icalcomponent_count_properties(ev, ICAL_DTSTART_PROPERTY);
	int ends = icalcomponent_count_properties(ev, ICAL_DTEND_PROPERTY);
	const char *uid = icalcomponent_get_uid(ev);
	char where[128];
	snprintf(where, sizeof where, "VEVENT %d (%.60s)", index, uid ? uid : "no UID");
	if (uids != 1)
		err(errors, "%s: %d UID properties", where, uids);
	if (stamps != 1)
		err(errors, "%s: %d DTSTAMP properties", where, stamps);
	if (starts != 1)
		err(errors, "%s: %d DTSTART properties", where, starts);
	if (ends > 1)
		err(errors, "%s: %d DTEND properties", where, ends);
	if (uid) {
		if (json_object_get(seen, uid))
			err(errors, "%s: UID also used by another event", where);
		json_object_set_new(seen, uid, json_true());
	}
	struct icaltimetype s = icalcomponent_get_dtstart(ev);
	struct icaltimetype e = icalcomponent_get_dtend(ev);
	bool has_end = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY) != NULL;
	if (has_end) {
		if (s.is_date != e.is_date)
			err(errors, "%s: DTSTART and DTEND of different value types", where);
		else if (icaltime_compare(e, s) <= 0)
			err(errors, "%s: DTEND is not after DTSTART", where);
	}
	icalproperty *st = icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY);
	if (st) {
		/* libical keeps a value it does not know; RFC 5545 3.8.1.11
		 * allows three for an event. */
		icalproperty_status v = icalproperty_get_status(st);
		if (v != ICAL_STATUS_TENTATIVE && v != ICAL_STATUS_CONFIRMED &&
		    v != ICAL_STATUS_CANCELLED)
			err(errors, "%s: STATUS is not TENTATIVE, CONFIRMED or CANCELLED", where);
	}
	json_t *o = json_object();
	json_object_set_new(o, "uid", text_or_null(uid));
	json_object_set_new(o, "dtstart", when(s));
	json_object_set_new(o, "dtend", has_end ? when(e) : json_null());
	json_object_set_new(o, "summary", text_or_null(icalcomponent_get_summary(ev)));
	json_object_set_new(o, "location", text_or_null(icalcomponent_get_location(ev)));
	json_object_set_new(o, "status",
	                    st ? text_or_null(icalproperty_status_to_string(icalproperty_get_status(st)))
	                       : json_null());
	json_array_append_new(events, o);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!fp)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap + 1);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap) {
			char *bigger = realloc(buf, cap * 2 + 1);
			if (!bigger) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	if (fp != stdin)
		fclose(fp);
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

static bool check_file(const char *path)
{
	size_t len = 0;
	json_t *out = json_object(), *errors = json_array(), *events = json_array();
	json_t *seen = json_object();
	json_object_set_new(out, "file", text_or_null(path));
	char *data = slurp(path, &len);
	if (!data) {
		err(errors, "cannot read the file");
	} else {
		lint_bytes(data, len, errors);
		if (memchr(data, '\0', len))
			err(errors, "the file holds a NUL byte");
		icalcomponent *cal = icalparser_parse_string(data);
		if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
			err(errors, "libical finds no VCALENDAR");
		} else {
			/* Restrictions first: they add X-LIC-ERROR properties
			 * of their own, which collect_xlic then reports. */
			if (!icalrestriction_check(cal))
				err(errors, "icalrestriction_check fails");
			collect_xlic(cal, errors);
			int k = 0;
			for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
			     ev; ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
				check_event(ev, ++k, seen, errors, events);
		}
		if (cal)
			icalcomponent_free(cal);
	}
	bool good = json_array_size(errors) == 0;
	json_object_set_new(out, "errors", errors);
	json_object_set_new(out, "events", events);
	char *line = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (line) {
		puts(line);
		free(line);
	} else {
		good = false;
		printf("{\"file\":null,\"errors\":[\"cannot format the report\"],\"events\":[]}\n");
	}
	json_decref(out);
	json_decref(seen);
	free(data);
	return good;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: ics_check FILE|- ...\n");
		return 2;
	}
	bool all = true;
	for (int i = 1; i < argc; i++)
		if (!check_file(argv[i]))
			all = false;
	return ferror(stdout) ? 1 : all ? 0 : 1;
}
