/*
 * The timeline page, index.html: one self-contained HTML page (inline CSS,
 * no script, no image, no font, nothing fetched) that a person opens in
 * any browser, a phone's first. Events are grouped by year and month:
 * upcoming ones first, soonest first, then past ones, latest first.
 *
 * "Upcoming" is judged against the UTC day of feed->now: an event is
 * upcoming while its last day is today or later. (A feed build passes
 * its readers' wall-clock time written as UTC, so that today is theirs.) So the page's bytes
 * depend on now only through which events have started or ended, and a
 * build that passes the build time rewrites the page on those days and
 * no others. The "updated" line is the newest event's last change, not
 * now, for the same reason.
 *
 * Every piece of text goes through chr_wr_clean (valid UTF-8, no control
 * characters) and then HTML escaping, inside <bdi> so that a title in
 * Arabic or one carrying bidi overrides cannot reorder the words around
 * it. Only http and https links are ever written.
 */
#include "write/write.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EN_DASH "\xE2\x80\x93"
#define MIDDOT "\xC2\xB7"
#define FLUSH_AT 32768
/* A page a phone can open: a big feed lists its next thousand and its
 * last five hundred events here, and every one in the feeds. */
#define MAX_UPCOMING 1000
#define MAX_PAST 500
#define MAX_UNDATED 100

/* ---- output ----------------------------------------------------------------- */

/* The page streams to the sink in chunks, so a feed of any size costs
 * one chunk of memory plus the largest field. */
typedef struct page {
	const chr_sink *sink;
	chr_buf out;     /* markup waiting for the sink */
	chr_buf scratch; /* one cleaned field */
} page;

static chr_status flush(page *p)
{
	chr_status rc = CHR_OK;
	if (p->out.len)
		rc = p->sink->write(p->sink->userdata, p->out.data, p->out.len);
	p->out.len = 0;
	return rc;
}

/* Markup we wrote ourselves: never anything from the input. */
static chr_status raw(page *p, const char *s)
{
	chr_status rc = chr_buf_adds(&p->out, s);
	if (rc == CHR_OK && p->out.len >= FLUSH_AT)
		rc = flush(p);
	return rc;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static chr_status rawf(page *p, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp)
		return CHR_EINPUT;
	return raw(p, tmp);
}

/* Escapes for text and for double- or single-quoted attribute values. */
static chr_status escape(chr_buf *b, const char *s, size_t len)
{
	chr_status rc = CHR_OK;
	size_t from = 0;
	for (size_t i = 0; i < len; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		CHECK(chr_buf_add(b, s + from, i - from));
		CHECK(chr_buf_adds(b, rep));
		from = i + 1;
	}
	CHECK(chr_buf_add(b, s + from, len - from));
cleanup:
	return rc;
}

/* Text from the input: cleaned as one line, then escaped. */
static chr_status text(page *p, const char *s)
{
	chr_status rc = CHR_OK;
	p->scratch.len = 0;
	CHECK(chr_wr_clean(&p->scratch, s, CHR_WR_LINE));
	if (p->scratch.len)
		CHECK(escape(&p->out, p->scratch.data, p->scratch.len));
	if (p->out.len >= FLUSH_AT)
		CHECK(flush(p));
cleanup:
	return rc;
}

/* Text from the input in its own bidi island. */
static chr_status bdi(page *p, const char *s)
{
	chr_status rc = CHR_OK;
	CHECK(raw(p, "<bdi>"));
	CHECK(text(p, s));
	CHECK(raw(p, "</bdi>"));
cleanup:
	return rc;
}

/* An http(s) URL as an attribute value: percent-encoded where RFC 3986
 * allows nothing, then escaped. */
static chr_status url_attr(page *p, const char *prefix, const char *url,
                           const char *file)
{
	chr_status rc = CHR_OK;
	p->scratch.len = 0;
	CHECK(chr_buf_adds(&p->scratch, prefix));
	CHECK(chr_wr_uri(&p->scratch, url));
	CHECK(chr_buf_adds(&p->scratch, file));
	CHECK(escape(&p->out, p->scratch.data, p->scratch.len));
cleanup:
	return rc;
}

/* ---- spans as a person writes them ------------------------------------------- */

static const char *mname(chr_date d)
{
	return chr_wr_month_name[(d.month + 11) % 12];
}

static const char *ordinal(int n)
{
	static const char *const word[4] = { "first", "second", "third",
	                                     "fourth" };
	return n >= 1 && n <= 4 ? word[n - 1] : "";
}

/* A coarse span with its modifier: "early 2018", "mid-December 2026",
 * "the end of 2028", "early in the second half of 2017". `the` says the
 * phrase needs an article when it stands alone ("the 2020s"). */
static chr_status modified(chr_buf *b, chr_mod mod, bool the, bool in)
{
	switch (mod) {
	case CHR_MOD_EARLY:
		return chr_buf_adds(b, in ? "early in the " : the ? "the early " : "early ");
	case CHR_MOD_MID:
		return chr_buf_adds(b, in ? "in the middle of the " : the ? "the mid-" : "mid-");
	case CHR_MOD_LATE:
		return chr_buf_adds(b, in ? "late in the " : the ? "the late " : "late ");
	case CHR_MOD_START:
		return chr_buf_adds(b, in || the ? "the start of the " : "the start of ");
	case CHR_MOD_END:
		return chr_buf_adds(b, in || the ? "the end of the " : "the end of ");
	case CHR_MOD_APPROX:
		return chr_buf_adds(b, in || the ? "around the " : "around ");
	case CHR_MOD_NONE:
		break;
	}
	return chr_buf_adds(b, in || the ? "the " : "");
}

/* The span as a person writes it: "30–31 January 2018", "July 2017",
 * "second half of 2017", "spring 2026", "late March 2027". */
static chr_status span(chr_buf *b, const chr_event *e)
{
	chr_status rc = CHR_OK;
	if (!chr_wr_dated(e))
		return chr_buf_adds(b, "date unknown");
	chr_date s = e->start;
	chr_date t = chr_date_valid(e->end) ? e->end : e->start;
	chr_mod mod = e->mod;
	switch (e->precision) {
	case CHR_PREC_DAY:
	case CHR_PREC_WEEK:
		CHECK(chr_wr_days(b, s, t, chr_wr_month_name));
		CHECK(chr_wr_clock(b, e, true));
		break;
	case CHR_PREC_MONTH:
		if (mod != CHR_MOD_NONE)
			CHECK(modified(b, mod, false, false));
		CHECK(chr_wr_months(b, s, t, chr_wr_month_name));
		break;
	case CHR_PREC_QUARTER:
	case CHR_PREC_HALF: {
		int n = e->precision == CHR_PREC_QUARTER ? 3 : 6;
		if ((s.month - 1) % n == 0 && chr_wr_whole_months(s, t, n)) {
			/* "the" only when a modifier leads: "second half of
			 * 2017" reads as a heading, "late in the second half". */
			if (mod != CHR_MOD_NONE)
				CHECK(modified(b, mod, false, true));
			CHECK(chr_wr_addf(b, "%s %s of %d", ordinal((s.month - 1) / n + 1),
			           n == 3 ? "quarter" : "half", s.year));
		} else {
			if (mod != CHR_MOD_NONE)
				CHECK(modified(b, mod, false, false));
			CHECK(chr_wr_months(b, s, t, chr_wr_month_name));
		}
		break;
	}
	case CHR_PREC_SEASON: {
		/* Named by the month a span starts in: the date core gives
		 * seasons as meteorological quarters. */
		static const char *const season[12] = {
			"winter", "winter", "spring", "spring", "spring", "summer",
			"summer", "summer", "autumn", "autumn", "autumn", "winter"
		};
		if (mod != CHR_MOD_NONE)
			CHECK(modified(b, mod, false, false));
		if (t.year != s.year)
			CHECK(chr_wr_addf(b, "%s %d" EN_DASH "%d", season[s.month - 1], s.year,
			           t.year));
		else
			CHECK(chr_wr_addf(b, "%s %d", season[s.month - 1], s.year));
		break;
	}
	case CHR_PREC_YEAR:
		if (mod != CHR_MOD_NONE)
			CHECK(modified(b, mod, false, false));
		if (t.year != s.year)
			CHECK(chr_wr_addf(b, "%d" EN_DASH "%d", s.year, t.year));
		else
			CHECK(chr_wr_addf(b, "%d", s.year));
		break;
	case CHR_PREC_DECADE:
		CHECK(modified(b, mod, true, false));
		CHECK(chr_wr_addf(b, "%ds", s.year - s.year % 10));
		break;
	case CHR_PREC_CENTURY: {
		int c = (s.year - 1) / 100 + 1;
		CHECK(modified(b, mod, true, false));
		CHECK(chr_wr_addf(b, "%d%s century", c, chr_wr_ordinal_suffix(c)));
		break;
	}
	}
cleanup:
	return rc;
}

/* The machine-readable start for <time datetime>: a date, a month, a
 * year, or a date and time with its offset when one was given. */
static chr_status datetime(chr_buf *b, const chr_event *e)
{
	chr_date s = e->start;
	switch (e->precision) {
	case CHR_PREC_MONTH:
		if (e->mod == CHR_MOD_NONE)
			return chr_wr_addf(b, "%04d-%02d", s.year, s.month);
		break;
	case CHR_PREC_YEAR:
		if (e->mod == CHR_MOD_NONE && chr_date_cmp(s, e->end) <= 0 &&
		    e->end.year == s.year)
			return chr_wr_addf(b, "%04d", s.year);
		break;
	case CHR_PREC_DAY:
	case CHR_PREC_WEEK:
		if (e->hour >= 0) {
			chr_status rc = chr_wr_addf(b, "%04d-%02d-%02dT%02d:%02d", s.year,
			                     s.month, s.day, e->hour % 24,
			                     (e->minute < 0 ? 0 : e->minute) % 60);
			if (rc != CHR_OK || !e->has_tz)
				return rc;
			int tz = e->tz_minutes, a = tz < 0 ? -tz : tz;
			return tz == 0 ? chr_buf_adds(b, "Z")
			               : chr_wr_addf(b, "%c%02d:%02d", tz < 0 ? '-' : '+',
			                      a / 60 % 100, a % 60);
		}
		break;
	default:
		break;
	}
	return chr_wr_addf(b, "%04d-%02d-%02d", s.year, s.month, s.day);
}

/* ---- order ------------------------------------------------------------------ */

enum when { WHEN_UPCOMING, WHEN_PAST, WHEN_UNDATED };

typedef struct item {
	const chr_event *e;
	enum when when;
	chr_date group; /* the month it is listed under */
	chr_date end;
	bool ongoing;   /* began before today, or today */
} item;

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Upcoming: soonest first; an event under way counts from today, so it
 * leads the current month. Past: latest first. Then content, so that
 * the order never depends on the input's or on qsort's. */
static int cmp_item(const void *pa, const void *pb)
{
	const item *a = pa, *b = pb;
	int c = (int)a->when - (int)b->when;
	if (!c && a->when == WHEN_UPCOMING) {
		c = chr_date_cmp(a->group, b->group);
		if (!c)
			c = chr_date_cmp(a->e->start, b->e->start);
		if (!c)
			c = chr_date_cmp(a->end, b->end);
	} else if (!c && a->when == WHEN_PAST) {
		c = chr_date_cmp(b->e->start, a->e->start);
		if (!c)
			c = chr_date_cmp(b->end, a->end);
	}
	if (!c)
		c = (a->e->hour > b->e->hour) - (a->e->hour < b->e->hour);
	if (!c)
		c = (a->e->minute > b->e->minute) - (a->e->minute < b->e->minute);
	if (!c)
		c = cmp_str(a->e->title, b->e->title);
	if (!c)
		c = strcmp(a->e->uid, b->e->uid);
	if (!c)
		c = cmp_str(a->e->location, b->e->location);
	if (!c)
		c = cmp_str(a->e->doc, b->e->doc);
	if (!c)
		c = cmp_str(a->e->sentence, b->e->sentence);
	if (!c)
		c = (int)a->e->status - (int)b->e->status;
	return c;
}

static item classify(const chr_event *e, chr_date today)
{
	item it;
	memset(&it, 0, sizeof it);
	it.e = e;
	if (!chr_wr_dated(e)) {
		it.when = WHEN_UNDATED;
		return it;
	}
	it.end = chr_date_valid(e->end) ? e->end : e->start;
	if (chr_date_cmp(it.end, today) >= 0) {
		it.when = WHEN_UPCOMING;
		it.ongoing = chr_date_cmp(e->start, today) <= 0;
		it.group = it.ongoing ? today : e->start;
	} else {
		it.when = WHEN_PAST;
		it.group = e->start;
	}
	return it;
}

/* ---- the page ------------------------------------------------------------------ */

/* Kept small and readable; a phone gets one column, a wide screen puts
 * the date beside the title. No web font, no image: nothing to fetch. */
static const char css[] =
	":root{color-scheme:light dark;--fg:#1d1d1f;--muted:#5a5d63;--bg:#fff;"
	"--card:#f4f5f7;--line:#d8dbe0;--link:#0b57a4;--up:#137333;--off:#a50e0e}\n"
	"@media (prefers-color-scheme:dark){:root{--fg:#ececec;--muted:#a9adb3;"
	"--bg:#121314;--card:#1d1f22;--line:#34373c;--link:#8ab4f8;--up:#81c995;"
	"--off:#f28b82}}\n"
	"*{box-sizing:border-box}\n"
	"html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
	"body{margin:0 auto;max-width:48rem;padding:1rem 1rem 3rem;color:var(--fg);"
	"background:var(--bg);font:1rem/1.5 system-ui,-apple-system,\"Segoe UI\","
	"Roboto,\"Noto Sans\",\"Helvetica Neue\",Arial,sans-serif;"
	"overflow-wrap:anywhere}\n"
	"a{color:var(--link)}\n"
	"h1{font-size:1.75rem;line-height:1.2;margin:.5rem 0}\n"
	"h2{font-size:1.35rem;margin:2rem 0 .5rem;padding-bottom:.25rem;"
	"border-bottom:2px solid var(--line)}\n"
	"h3{font-size:1.15rem;margin:1.5rem 0 .25rem}\n"
	"h4{font-size:1rem;margin:1rem 0 .25rem;color:var(--muted);"
	"font-weight:600}\n"
	".lead,.meta,footer{color:var(--muted)}\n"
	".meta,footer{font-size:.9rem}\n"
	".subscribe{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;"
	"margin:1rem 0;padding:0}\n"
	".subscribe a{display:inline-block;min-height:2.75rem;padding:.55rem .9rem;"
	"border:1px solid var(--line);border-radius:1.5rem;text-decoration:none;"
	"background:var(--card)}\n"
	".subscribe a:focus,.subscribe a:hover{border-color:var(--link)}\n"
	".events{list-style:none;margin:0;padding:0}\n"
	".event{margin:.5rem 0;padding:.65rem .85rem;border-left:4px solid "
	"var(--line);border-radius:.35rem;background:var(--card)}\n"
	".event.upcoming{border-left-color:var(--up)}\n"
	".event.cancelled{border-left-color:var(--off)}\n"
	".event p{margin:.15rem 0}\n"
	".when{font-weight:600}\n"
	".title{font-size:1.05rem}\n"
	".when time{margin-right:.5rem}\n"
	".tag{display:inline-block;margin-right:.35rem;padding:0 .45rem;"
	"border-radius:.6rem;font-size:.75rem;font-weight:700;"
	"text-transform:uppercase;letter-spacing:.03em;vertical-align:.1em;"
	"border:1px solid currentColor}\n"
	".upcoming .tag.soon{color:var(--up)}\n"
	".tag.off{color:var(--off)}\n"
	".cancelled .title,.cancelled .when time{text-decoration:line-through}\n"
	".cancelled{opacity:.8}\n"
	"details{margin-top:.25rem;font-size:.9rem}\n"
	"summary{cursor:pointer;color:var(--muted)}\n"
	"blockquote{margin:.35rem 0;padding-left:.75rem;border-left:2px solid "
	"var(--line)}\n"
	"@media (min-width:42rem){.event{display:grid;"
	"grid-template-columns:13rem 1fr;column-gap:1rem}"
	".event>.when{grid-row:1/span 9}.event>*{grid-column:2}"
	".event>.when{grid-column:1}}\n";

static chr_status head(page *p, const chr_feed *feed, const char *base)
{
	static const struct alt {
		const char *type, *name, *file;
	} alts[] = {
		{ "application/atom+xml", "Atom", "atom.xml" },
		{ "application/rss+xml", "RSS", "rss.xml" },
		{ "application/feed+json", "JSON Feed", "events.json" },
		{ "text/calendar", "iCalendar", "calendar.ics" },
	};
	chr_status rc = CHR_OK;
	const char *title = chr_wr_feed_title(feed);
	CHECK(raw(p, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	             "<meta charset=\"utf-8\">\n"
	             "<meta name=\"viewport\" content=\"width=device-width, "
	             "initial-scale=1\">\n"
	             "<meta name=\"color-scheme\" content=\"light dark\">\n"
	             /* Belt and braces: were markup ever to slip through the
	              * escaping, the browser would run no script and fetch
	              * nothing. */
	             "<meta http-equiv=\"Content-Security-Policy\" "
	             "content=\"default-src 'none'; style-src 'unsafe-inline'; "
	             "img-src data:; base-uri 'none'; form-action 'none'\">\n"
	             "<meta name=\"generator\" content=\"chronicle " CHR_VERSION
	             "\">\n"
	             /* Or the browser asks the server for /favicon.ico. */
	             "<link rel=\"icon\" href=\"data:,\">\n<title>"));
	CHECK(text(p, title));
	CHECK(raw(p, "</title>\n"));
	if (feed->description && *feed->description) {
		CHECK(raw(p, "<meta name=\"description\" content=\""));
		CHECK(text(p, feed->description));
		CHECK(raw(p, "\">\n"));
	}
	for (size_t i = 0; i < CHR_ARRAY_LEN(alts); i++) {
		CHECK(rawf(p, "<link rel=\"alternate\" type=\"%s\" title=\"",
		           alts[i].type));
		CHECK(text(p, title));
		CHECK(rawf(p, " (%s)\" href=\"", alts[i].name));
		if (base)
			CHECK(url_attr(p, "", base, alts[i].file));
		else
			CHECK(raw(p, alts[i].file));
		CHECK(raw(p, "\">\n"));
	}
	CHECK(raw(p, "<style>\n"));
	CHECK(raw(p, css));
	CHECK(raw(p, "</style>\n</head>\n"));
cleanup:
	return rc;
}

/* The subscribe links: webcal:// for calendar apps (it needs a host, so
 * only with a base URL), then the files themselves. */
static chr_status subscribe(page *p, const char *base)
{
	static const struct sub {
		const char *file, *label, *title;
	} subs[] = {
		{ "calendar.ics", "Calendar (.ics)", "iCalendar file, for calendar apps that subscribe by URL" },
		{ "atom.xml", "Atom", "Atom feed, for feed readers" },
		{ "rss.xml", "RSS", "RSS 2.0 feed, for feed readers" },
		{ "events.json", "JSON Feed", "JSON Feed 1.1" },
	};
	chr_status rc = CHR_OK;
	CHECK(raw(p, "<nav aria-label=\"Subscribe\">\n<ul class=\"subscribe\">\n"));
	if (base) {
		/* chr_wr_is_url said http:// or https://: keep what follows. */
		const char *rest = strstr(base, "://") + 3;
		CHECK(raw(p, "<li><a class=\"webcal\" href=\""));
		CHECK(url_attr(p, "webcal://", rest, "calendar.ics"));
		CHECK(raw(p, "\" title=\"Subscribe in your calendar app\">"
		             "Subscribe in your calendar</a></li>\n"));
	}
	for (size_t i = 0; i < CHR_ARRAY_LEN(subs); i++) {
		CHECK(rawf(p, "<li><a class=\"%.*s\" href=\"",
		           (int)(strchr(subs[i].file, '.') - subs[i].file),
		           subs[i].file));
		if (base)
			CHECK(url_attr(p, "", base, subs[i].file));
		else
			CHECK(raw(p, subs[i].file));
		CHECK(rawf(p, "\" title=\"%s\">%s</a></li>\n", subs[i].title,
		           subs[i].label));
	}
	CHECK(raw(p, "</ul>\n</nav>\n"));
cleanup:
	return rc;
}

/* "example.org" for the link text of a source. */
static chr_status host_of(chr_buf *b, const char *url)
{
	const char *s = strstr(url, "://") + 3;
	size_t n = strcspn(s, "/?#");
	const char *at = memchr(s, '@', n);
	if (at) { /* never show the user part of user@host */
		n -= (size_t)(at + 1 - s);
		s = at + 1;
	}
	b->len = 0;
	return chr_buf_add(b, s, n);
}

static chr_status event_li(page *p, const item *it, chr_date today,
                           chr_buf *tmp)
{
	chr_status rc = CHR_OK;
	const chr_event *e = it->e;
	const char *link = chr_wr_link(e);
	char day[11];

	CHECK(raw(p, "<li class=\"event"));
	CHECK(raw(p, it->when == WHEN_UPCOMING ? " upcoming" : it->when == WHEN_PAST ? " past" : " undated"));
	if (it->ongoing)
		CHECK(raw(p, " ongoing"));
	CHECK(rawf(p, " %s\" id=\"e-", chr_wr_status_name(e->status)));
	CHECK(text(p, e->uid));
	CHECK(raw(p, "\""));
	if (it->when != WHEN_UNDATED) {
		chr_date_format(e->start, day);
		CHECK(rawf(p, " data-start=\"%s\"", day));
		chr_date_format(it->end, day);
		CHECK(rawf(p, " data-end=\"%s\"", day));
	}
	CHECK(raw(p, ">\n<p class=\"when\">"));
	tmp->len = 0;
	CHECK(span(tmp, e));
	if (it->when != WHEN_UNDATED) {
		CHECK(raw(p, "<time datetime=\""));
		size_t at = tmp->len;
		CHECK(datetime(tmp, e));
		CHECK(raw(p, tmp->data + at));
		tmp->len = at;
		tmp->data[at] = '\0';
		CHECK(raw(p, "\">"));
		CHECK(text(p, tmp->data));
		CHECK(raw(p, "</time>"));
	} else {
		CHECK(text(p, tmp->data));
	}
	/* A cancelled event will not come: it is not marked upcoming. */
	if (it->when == WHEN_UPCOMING && e->status != CHR_EVENT_CANCELLED) {
		bool starts = chr_date_cmp(e->start, today) == 0;
		bool ends = chr_date_cmp(it->end, today) == 0;
		const char *tag = "Upcoming";
		if (starts && ends)
			tag = "Today";
		else if (starts)
			tag = "Starts today";
		else if (ends)
			tag = "Ends today";
		else if (it->ongoing)
			tag = "Under way";
		CHECK(rawf(p, "<span class=\"tag soon\">%s</span>", tag));
	}
	if (e->status == CHR_EVENT_CANCELLED)
		CHECK(raw(p, "<span class=\"tag off\">Cancelled</span>"));
	else if (e->status == CHR_EVENT_TENTATIVE)
		CHECK(raw(p, "<span class=\"tag\">To be confirmed</span>"));
	CHECK(raw(p, "</p>\n<p class=\"title\">"));
	if (e->status == CHR_EVENT_CANCELLED) {
		CHECK(raw(p, "<s>"));
		CHECK(bdi(p, chr_wr_title(e)));
		CHECK(raw(p, "</s>"));
	} else {
		CHECK(bdi(p, chr_wr_title(e)));
	}
	CHECK(raw(p, "</p>\n"));
	if (e->location && *e->location) {
		CHECK(raw(p, "<p class=\"where\">"));
		CHECK(bdi(p, e->location));
		CHECK(raw(p, "</p>\n"));
	}
	if (link) {
		CHECK(host_of(tmp, link));
		CHECK(raw(p, "<p class=\"source meta\">Source: <a href=\""));
		CHECK(url_attr(p, "", link, ""));
		CHECK(raw(p, "\" rel=\"noopener noreferrer\">"));
		CHECK(bdi(p, tmp->data ? tmp->data : ""));
		CHECK(raw(p, "</a></p>\n"));
	} else if (e->doc && *e->doc) {
		CHECK(raw(p, "<p class=\"source meta\">Source: "));
		CHECK(bdi(p, e->doc));
		CHECK(raw(p, "</p>\n"));
	}
	/* A happening merged from several documents: each one's link. */
	for (size_t k = 1; k < e->n_sources; k++) {
		const chr_source *s = &e->sources[k];
		const char *l = chr_wr_is_url(s->url) ? s->url : chr_wr_is_url(s->doc) ? s->doc : NULL;
		CHECK(raw(p, "<p class=\"source meta\">Also: "));
		if (l) {
			CHECK(host_of(tmp, l));
			CHECK(raw(p, "<a href=\""));
			CHECK(url_attr(p, "", l, ""));
			CHECK(raw(p, "\" rel=\"noopener noreferrer\">"));
			CHECK(bdi(p, tmp->data ? tmp->data : ""));
			CHECK(raw(p, "</a>"));
		} else {
			CHECK(bdi(p, s->doc ? s->doc : ""));
		}
		CHECK(raw(p, "</p>\n"));
	}
	if ((e->sentence && *e->sentence) || (e->date_text && *e->date_text)) {
		CHECK(raw(p, "<details><summary>From the article</summary>\n"));
		if (e->sentence && *e->sentence) {
			CHECK(raw(p, "<blockquote>"));
			CHECK(bdi(p, e->sentence));
			CHECK(raw(p, "</blockquote>\n"));
		}
		if (e->date_text && *e->date_text) {
			CHECK(raw(p, "<p class=\"meta\">Date as written: "));
			CHECK(bdi(p, e->date_text));
			CHECK(raw(p, "</p>\n"));
		}
		CHECK(raw(p, "</details>\n"));
	}
	CHECK(raw(p, "</li>\n"));
cleanup:
	return rc;
}

/* One section: its events under year and month headings. */
static chr_status section(page *p, const item *items, size_t n,
                          enum when when, chr_date today, chr_buf *tmp)
{
	static const char *const id[] = { "upcoming", "past", "undated" };
	static const char *const name[] = { "Upcoming", "Past", "Date unknown" };
	static const size_t limit[] = { MAX_UPCOMING, MAX_PAST, MAX_UNDATED };
	chr_status rc = CHR_OK;
	size_t count = 0, shown = 0;
	for (size_t i = 0; i < n; i++)
		count += items[i].when == when;
	if (!count)
		return CHR_OK;
	CHECK(rawf(p, "<section id=\"%s\">\n<h2>%s <span class=\"meta\">(%zu)"
	              "</span></h2>\n", id[when], name[when], count));
	int year = 0, month = 0;
	bool open = false;
	for (size_t i = 0; i < n; i++) {
		const item *it = &items[i];
		if (it->when != when)
			continue;
		if (shown++ == limit[when])
			break;
		if (when != WHEN_UNDATED &&
		    (!open || it->group.year != year || it->group.month != month)) {
			if (open)
				CHECK(raw(p, "</ol>\n"));
			if (!open || it->group.year != year)
				CHECK(rawf(p, "<h3 class=\"year\">%d</h3>\n", it->group.year));
			CHECK(rawf(p, "<h4 class=\"month\" id=\"%s-%04d-%02d\">%s %d</h4>\n",
			           id[when], it->group.year, it->group.month,
			           mname(it->group), it->group.year));
			year = it->group.year;
			month = it->group.month;
			CHECK(raw(p, "<ol class=\"events\">\n"));
			open = true;
		} else if (!open) {
			CHECK(raw(p, "<ol class=\"events\">\n"));
			open = true;
		}
		CHECK(event_li(p, it, today, tmp));
	}
	if (open)
		CHECK(raw(p, "</ol>\n"));
	if (count > limit[when])
		CHECK(rawf(p, "<p class=\"more meta\">%zu more %s not listed here; "
		              "the Atom, RSS and JSON feeds carry every event.</p>\n",
		           count - limit[when],
		           when == WHEN_UPCOMING ? "upcoming events, later ones, are"
		           : when == WHEN_PAST   ? "past events, older ones, are"
		                                 : "undated events are"));
	CHECK(raw(p, "</section>\n"));
cleanup:
	return rc;
}

chr_status chr_write_html(const chr_event *const *events, size_t n,
                          const chr_feed *feed, const chr_sink *sink,
                          chr_error *err)
{
	chr_status rc = CHR_OK;
	item *items = NULL;
	page p;
	chr_buf tmp;
	const char *base = chr_wr_is_url(feed->base_url) ? feed->base_url : NULL;
	char *base_slash = NULL;
	chr_date today = chr_wr_utc_day(feed->now, NULL);
	size_t upcoming = 0;
	int64_t updated = 0;

	memset(&p, 0, sizeof p);
	p.sink = sink;
	chr_buf_init(&p.out, 0);
	chr_buf_init(&p.scratch, CHR_WR_FIELD_LIMIT);
	chr_buf_init(&tmp, CHR_WR_FIELD_LIMIT);

	/* Links are the base URL and a file name: give it its slash. */
	if (base && base[strlen(base) - 1] != '/') {
		size_t len = strlen(base);
		base_slash = malloc(len + 2);
		if (!base_slash) {
			rc = CHR_ENOMEM;
			goto cleanup;
		}
		memcpy(base_slash, base, len);
		memcpy(base_slash + len, "/", 2);
		base = base_slash;
	}
	if (n > SIZE_MAX / sizeof *items) {
		rc = CHR_ENOMEM;
		goto cleanup;
	}
	items = malloc((n ? n : 1) * sizeof *items);
	if (!items) {
		rc = CHR_ENOMEM;
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		items[i] = classify(events[i], today);
		upcoming += items[i].when == WHEN_UPCOMING;
		if (events[i]->last_modified > updated)
			updated = events[i]->last_modified;
	}
	if (!updated)
		updated = feed->now;
	qsort(items, n, sizeof *items, cmp_item);

	CHECK(head(&p, feed, base));
	CHECK(raw(&p, "<body>\n<header>\n<h1>"));
	CHECK(bdi(&p, chr_wr_feed_title(feed)));
	CHECK(raw(&p, "</h1>\n"));
	if (feed->description && *feed->description) {
		CHECK(raw(&p, "<p class=\"lead\">"));
		CHECK(bdi(&p, feed->description));
		CHECK(raw(&p, "</p>\n"));
	}
	CHECK(subscribe(&p, base));
	{
		char stamp[32];
		int secs;
		chr_date d = chr_wr_utc_day(updated, &secs);
		chr_wr_rfc3339(updated, stamp);
		CHECK(rawf(&p, "<p class=\"meta\"><span class=\"count\">%zu event%s"
		               "</span>, <span class=\"count-upcoming\">%zu upcoming"
		               "</span>. Last change: <time datetime=\"%s\">%d %s %d"
		               "</time>.</p>\n",
		           n, n == 1 ? "" : "s", upcoming, stamp, d.day, mname(d),
		           d.year));
	}
	CHECK(raw(&p, "</header>\n<main>\n"));
	if (!n)
		CHECK(raw(&p, "<p class=\"empty\">No events yet.</p>\n"));
	CHECK(section(&p, items, n, WHEN_UPCOMING, today, &tmp));
	CHECK(section(&p, items, n, WHEN_PAST, today, &tmp));
	CHECK(section(&p, items, n, WHEN_UNDATED, today, &tmp));
	/* No date of today here: the page changes only when an event
	 * starts or ends, not every day. */
	CHECK(raw(&p, "</main>\n<footer>\n<p>Dates found in the articles by "
	              "chronicle " CHR_VERSION ". Upcoming events end today or "
	              "later; dates are the articles\xE2\x80\x99 own.</p>\n"
	              "</footer>\n</body>\n</html>\n"));
	CHECK(flush(&p));
cleanup:
	if (rc != CHR_OK && err)
		chr_fail(err, rc, NULL, "HTML: %s", chr_status_str(rc));
	free(items);
	free(base_slash);
	chr_buf_free(&p.out);
	chr_buf_free(&p.scratch);
	chr_buf_free(&tmp);
	return rc;
}
