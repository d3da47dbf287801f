/*
 * Private to src/write/: what the four writers share. Cleaning text before
 * any library sees it, the way a person writes a date span, timestamps in
 * the two syntaxes feeds use, deterministic ordering, stable ids, and the
 * sink adapter for libxml2's xmlTextWriter. Not part of the public API.
 */
#ifndef CHR_WRITE_H
#define CHR_WRITE_H

#include "util/util.h"

#include <libxml/xmlwriter.h>

/* Every field a writer builds is capped: one title or sentence never
 * needs more, and a hostile input cannot make us allocate without bound. */
#define CHR_WR_FIELD_LIMIT ((size_t)1 << 20)

/* How chr_wr_clean treats line breaks. */
typedef enum chr_wr_mode {
	CHR_WR_LINE, /* one line: breaks and tabs become single spaces, trimmed */
	CHR_WR_BLOCK, /* keeps "\n" (CR LF and lone CR become "\n") and tabs */
	CHR_WR_DONE   /* for chr_wr_xml_elem: the text is ours or already
	                 cleaned (a headline, an HTML body, a URI); not again */
} chr_wr_mode;

/**
 * Appends s to b as text every output format can carry: invalid UTF-8
 * becomes U+FFFD, and the code points XML 1.0 forbids or no reader wants
 * (C0 controls other than tab and newline, DEL, C1 controls, U+FFFE,
 * U+FFFF) are dropped. NULL appends nothing.
 */
chr_status chr_wr_clean(chr_buf *b, const char *s, chr_wr_mode mode);

/** Appends s as a URI that cannot break out of any syntax: bytes outside
 * printable ASCII and the characters RFC 3986 never allows are
 * percent-encoded. */
chr_status chr_wr_uri(chr_buf *b, const char *s);

/** True for an http: or https: URL, the only links we publish (a
 * javascript: or data: link in a feed reader is an attack). */
bool chr_wr_is_url(const char *s);

/** The link for an event: its URL, else its document when that is a URL,
 * else NULL. Borrowed from e. */
const char *chr_wr_link(const chr_event *e);

/** Appends the public URL of one output, feed->base_url (which must pass
 * chr_wr_is_url) percent-encoded, a "/" when it lacks one, and file. */
chr_status chr_wr_base_file(chr_buf *b, const chr_feed *feed,
                            const char *file);

/**
 * Sets b to the link a feed entry carries, percent-encoded: the event's
 * source (chr_wr_link), else, when the feed has a public URL, the
 * timeline page there at the event's anchor ("BASE#e-UID", the id html.c
 * gives it), so that every entry links somewhere a reader can open. b is
 * left empty when there is neither.
 */
chr_status chr_wr_entry_link(chr_buf *b, const chr_event *e,
                             const chr_feed *feed);

/** The title to show: e->title, or a fixed stand-in when it is empty. */
const char *chr_wr_title(const chr_event *e);

/** "confirmed", "tentative" or "cancelled". */
const char *chr_wr_status_name(chr_event_status s);

/** True when the event's start (and end, when set) are real days. */
bool chr_wr_dated(const chr_event *e);

/**
 * Appends the span as a person writes it: "30–31 Jan 2018",
 * "28 Dec 2023 – 7 Jan 2024", "Jan 2018", "Q3 2022", "H2 2017",
 * "spring 2018", "early 2018", "30 Jan 2018, 14:00 UTC+01:00".
 */
chr_status chr_wr_span(chr_buf *b, const chr_event *e);

/* printf into b; CHR_EINPUT when the result would pass 199 bytes. */
chr_status chr_wr_addf(chr_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Month names for chr_wr_days and chr_wr_months: "Jan", "January". */
extern const char *const chr_wr_month_abbr[12];
extern const char *const chr_wr_month_name[12];

/* The days s..t as a person writes them ("30–31 Jan 2018", "30 Jan –
 * 2 Feb 2018"), and the months of s..t ("Mar–May 2026"), in those names. */
chr_status chr_wr_days(chr_buf *b, chr_date s, chr_date t, const char *const names[12]);
chr_status chr_wr_months(chr_buf *b, chr_date s, chr_date t, const char *const names[12]);

/* True when s..t is exactly the `months` whole months from s's first. */
bool chr_wr_whole_months(chr_date s, chr_date t, int months);

/* The event's time of day, when it has one: ", 14:00–16:30 UTC+01:00",
 * the zone in parentheses when paren is set. */
chr_status chr_wr_clock(chr_buf *b, const chr_event *e, bool paren);


/** "st", "nd", "rd" or "th" for n: "21st century". Static. */
const char *chr_wr_ordinal_suffix(int n);

/** "SPAN · TITLE, PLACE", the headline of a feed entry ("30–31 Jan 2018 ·
 * Training session, Lyon"); ", PLACE" is left out when the title already
 * names it. */
chr_status chr_wr_headline(chr_buf *b, const chr_event *e);

/** The HTML body of a feed entry: span, place, status, sentence, date as
 * written and source, every field escaped. */
chr_status chr_wr_html(chr_buf *b, const chr_event *e);

/** The plain-text body of a feed entry (the HTML body's words). */
chr_status chr_wr_plain(chr_buf *b, const chr_event *e);

/** RFC 3339 in UTC, "2026-01-01T00:00:00Z". */
void chr_wr_rfc3339(int64_t t, char out[32]);

/** RFC 822 as RSS wants it, "Thu, 01 Jan 2026 00:00:00 +0000". */
void chr_wr_rfc822(int64_t t, char out[40]);

/** Splits Unix seconds into a UTC day and the seconds into it. */
chr_date chr_wr_utc_day(int64_t t, int *secs);

/** When an event last changed / was first seen, never 0 (feed->now). */
int64_t chr_wr_updated(const chr_event *e, const chr_feed *feed);
int64_t chr_wr_published(const chr_event *e, const chr_feed *feed);

/** The feed's stable id text: feed->id, else its title, else "chronicle"
 * (the event layer's UID namespace name). */
const char *chr_wr_feed_key(const chr_feed *feed);
const char *chr_wr_feed_title(const chr_feed *feed);

/** The version-5 UUID of name in RFC 9562's URL namespace, lowercase. */
void chr_wr_uuid5(const char *name, char out[37]);

/* Orders for chr_wr_sort. Both end on the UID and then on content, so the
 * same events always come out in the same order. */
typedef enum chr_wr_order {
	CHR_WR_BY_START,  /* calendar: start day, then UID */
	CHR_WR_BY_NEWEST  /* feeds: updated, start (both newest first), UID */
} chr_wr_order;

/** Copies events[0..n) into a new array (*out, freed with free) in that
 * order. updated stamps count as feed->now when 0. */
chr_status chr_wr_sort(const chr_event *const *events, size_t n,
                       const chr_feed *feed, chr_wr_order order,
                       const chr_event ***out);

/* ---- xmlTextWriter on a chr_sink ---------------------------------------- */

typedef struct chr_wr_xml {
	xmlTextWriterPtr w;
	const chr_sink *sink;
	chr_status sink_rc; /* the first error the sink returned */
	chr_buf scratch;    /* cleaned text on its way to the writer */
	xmlGenericErrorFunc saved_handler; /* restored by chr_wr_xml_close */
	void *saved_context;
} chr_wr_xml;

/** Starts a UTF-8 XML document that streams to sink. */
chr_status chr_wr_xml_open(chr_wr_xml *x, const chr_sink *sink);

/** Ends the document, flushes and frees. Returns the first error seen
 * (rc when it is one), so callers can pass their own status through. */
chr_status chr_wr_xml_close(chr_wr_xml *x, chr_status rc);

/** The status to return after an xmlTextWriter call failed. */
chr_status chr_wr_xml_fail(const chr_wr_xml *x);

/** <name attr="value">text</name>; text is cleaned as one line (BLOCK
 * when mode says so). attr may be NULL. text NULL writes no element. */
chr_status chr_wr_xml_elem(chr_wr_xml *x, const char *name,
                           const char *attr, const char *value,
                           const char *text, chr_wr_mode mode);

/** Starts <name> and, when attr is not NULL, one attribute on it. */
chr_status chr_wr_xml_start(chr_wr_xml *x, const char *name,
                            const char *attr, const char *value);
chr_status chr_wr_xml_attr(chr_wr_xml *x, const char *name,
                           const char *value);
chr_status chr_wr_xml_end(chr_wr_xml *x);

/** Appends "\nAlso: LINK" for each source of e after its first (an event
 * merged from several documents). */
chr_status chr_wr_more_sources(chr_buf *b, const chr_event *e);

#endif
