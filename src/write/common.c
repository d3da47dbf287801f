/*
 * What the writers share. The rule here: no text reaches libical, libxml2
 * or jansson until chr_wr_clean has made it valid UTF-8 without control
 * characters, because each library escapes its own syntax (";", "<", '"')
 * but none of them removes what its format cannot carry at all.
 */
#include "write/write.h"
#include "event/event.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- text ----------------------------------------------------------------- */

/* Format characters that draw nothing but change how the text around
 * them shows: bidi embeddings, overrides and isolates (U+202A-U+202E,
 * U+2066-U+2069) can make a title read backwards in a calendar, and
 * marks, zero-width spaces, word joiners, the BOM and the soft hyphen
 * ride along invisibly from pages. ZWJ and ZWNJ (U+200C, U+200D) stay:
 * scripts and emoji need them. n is the sequence's length. */
static bool invisible(const unsigned char *p, int n)
{
	if (n == 2)
		return (p[0] == 0xC2 && p[1] == 0xAD) || /* U+00AD */
		       (p[0] == 0xD8 && p[1] == 0x9C);   /* U+061C */
	if (n != 3)
		return false;
	if (p[0] == 0xE2 && p[1] == 0x80)
		return p[2] == 0x8B || p[2] == 0x8E || p[2] == 0x8F || /* U+200B, E, F */
		       (p[2] >= 0xAA && p[2] <= 0xAE);                 /* U+202A-E */
	if (p[0] == 0xE2 && p[1] == 0x81)
		return (p[2] >= 0xA0 && p[2] <= 0xA4) || /* U+2060-U+2064 */
		       (p[2] >= 0xA6 && p[2] <= 0xA9);   /* U+2066-U+2069 */
	if (p[0] == 0xEF && p[1] == 0xBB)
		return p[2] == 0xBF; /* U+FEFF */
	if (p[0] == 0xEF && p[1] == 0xBF)
		return p[2] >= 0xB9 && p[2] <= 0xBB; /* U+FFF9-U+FFFB */
	return false;
}

chr_status chr_wr_clean(chr_buf *b, const char *s, chr_wr_mode mode)
{
	static const char fffd[] = "\xEF\xBF\xBD";
	chr_status rc = CHR_OK;
	if (!s)
		return CHR_OK;
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, run = 0;
	/* In LINE mode a run of white space costs one space, and none is
	 * written at the start or end: pending says one is owed. Bytes that
	 * pass through unchanged are copied a run at a time: this runs over
	 * every field of every event, and a call per byte was most of the
	 * writers' time. */
	bool pending = false, any = false;
#define FLUSH()                                                         \
	do {                                                            \
		if (i > run) {                                          \
			if (pending)                                    \
				CHECK(chr_buf_addc(b, ' '));            \
			pending = false;                                \
			CHECK(chr_buf_add(b, s + run, i - run));        \
			any = true;                                     \
		}                                                       \
	} while (0)
	while (i < len) {
		unsigned c = p[i];
		if (c > 0x20 && c < 0x7F) {
			i++;
			continue;
		}
		if (c == ' ' && (mode == CHR_WR_BLOCK ||
		                 (i > run && i + 1 < len && p[i + 1] > 0x20 &&
		                  p[i + 1] != 0x7F))) {
			i++; /* a single space inside a word run */
			continue;
		}
		if (mode == CHR_WR_BLOCK && (c == '\n' || c == '\t')) {
			i++;
			continue;
		}
		int n = c < 0x80 ? 1 : chr_utf8_seq(p + i, len - i);
		if (n > 1 && !(n == 2 && c == 0xC2 && p[i + 1] < 0xA0) &&
		    !(n == 3 && c == 0xEF && p[i + 1] == 0xBF &&
		      (p[i + 2] == 0xBE || p[i + 2] == 0xBF)) && !invisible(p + i, n)) {
			i += (size_t)n; /* valid, not a C1 control, U+FFFE, U+FFFF or invisible */
			continue;
		}
		FLUSH();
		if (n == 0) {
			if (pending)
				CHECK(chr_buf_addc(b, ' '));
			pending = false;
			CHECK(chr_buf_add(b, fffd, 3));
			any = true;
			i++;
		} else if (n > 1) {
			i += (size_t)n; /* dropped: C1 controls, U+FFFE, U+FFFF, invisibles */
			/* "a \u200B b" is "a b": the space the run ended with is
			 * owed, not written, so that a following space merges */
			if (mode == CHR_WR_LINE && b->len && b->data[b->len - 1] == ' ' && any) {
				b->len--;
				b->data[b->len] = '\0';
				pending = true;
			}
		} else if (c == '\r' && mode == CHR_WR_BLOCK) {
			CHECK(chr_buf_addc(b, '\n'));
			any = true;
			i += i + 1 < len && p[i + 1] == '\n' ? 2 : 1;
		} else if (mode == CHR_WR_LINE &&
		           (c == ' ' || c == '\r' || c == '\n' || c == '\t' ||
		            c == '\f' || c == '\v')) {
			pending = any;
			i++;
		} else {
			i++; /* other C0 controls and DEL, \f and \v in blocks */
		}
		run = i;
	}
	FLUSH();
#undef FLUSH
cleanup:
	return rc;
}

chr_status chr_wr_uri(chr_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	chr_status rc = CHR_OK;
	if (!s)
		return CHR_OK;
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0, i = 0;
	for (; p[i]; i++) {
		unsigned c = p[i];
		if (c > 0x20 && c < 0x7F && c != '"' && c != '<' && c != '>' &&
		    c != '\\' && c != '^' && c != '`' && c != '{' && c != '|' &&
		    c != '}')
			continue;
		char esc[3] = { '%', hex[c >> 4], hex[c & 15] };
		CHECK(chr_buf_add(b, s + run, i - run));
		CHECK(chr_buf_add(b, esc, 3));
		run = i + 1;
	}
	CHECK(chr_buf_add(b, s + run, i - run));
cleanup:
	return rc;
}

static bool prefix_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *prefix)
			return false;
	}
	return true;
}

bool chr_wr_is_url(const char *s)
{
	return s && ((prefix_ci(s, "http://") && s[7]) ||
	             (prefix_ci(s, "https://") && s[8]));
}

const char *chr_wr_link(const chr_event *e)
{
	if (chr_wr_is_url(e->url))
		return e->url;
	if (chr_wr_is_url(e->doc))
		return e->doc;
	return NULL;
}

chr_status chr_wr_base_file(chr_buf *b, const chr_feed *feed,
                            const char *file)
{
	chr_status rc = CHR_OK;
	const char *base = feed->base_url;
	size_t len = base ? strlen(base) : 0;
	CHECK(chr_wr_uri(b, base));
	/* "https://host/feeds" names the folder too: never "feedsatom.xml". */
	if (len && base[len - 1] != '/')
		CHECK(chr_buf_addc(b, '/'));
	CHECK(chr_buf_adds(b, file));
cleanup:
	return rc;
}

chr_status chr_wr_entry_link(chr_buf *b, const chr_event *e,
                             const chr_feed *feed)
{
	chr_status rc = CHR_OK;
	const char *link = chr_wr_link(e);
	b->len = 0;
	if (link)
		return chr_wr_uri(b, link);
	if (!chr_wr_is_url(feed->base_url))
		return CHR_OK;
	CHECK(chr_wr_base_file(b, feed, "#e-"));
	CHECK(chr_wr_uri(b, e->uid));
cleanup:
	return rc;
}

const char *chr_wr_title(const chr_event *e)
{
	return e->title && *e->title ? e->title : "Untitled event";
}

const char *chr_wr_status_name(chr_event_status s)
{
	switch (s) {
	case CHR_EVENT_CONFIRMED: return "confirmed";
	case CHR_EVENT_TENTATIVE: return "tentative";
	case CHR_EVENT_CANCELLED: return "cancelled";
	}
	return "confirmed";
}

bool chr_wr_dated(const chr_event *e)
{
	if (!chr_date_valid(e->start))
		return false;
	return !chr_date_valid(e->end) || chr_date_cmp(e->end, e->start) >= 0;
}

/* ---- spans as people write them -------------------------------------------- */

const char *const chr_wr_month_abbr[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};
const char *const chr_wr_month_name[12] = {
	"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"
};

#define EN_DASH "\xE2\x80\x93"
#define MIDDOT "\xC2\xB7"

chr_status chr_wr_addf(chr_buf *b, const char *fmt, ...)
{
	char tmp[200];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp)
		return CHR_EINPUT;
	return chr_buf_add(b, tmp, (size_t)n);
}

/* "30–31 Jan 2018", "30 Jan – 2 Feb 2018", "28 Dec 2023 – 7 Jan 2024":
 * a person writes the shared month and year once, and spaces the dash
 * only when either side has more than one word. */
chr_status chr_wr_days(chr_buf *b, chr_date s, chr_date t, const char *const names[12])
{
	const char *sm = names[(s.month + 11) % 12], *tm = names[(t.month + 11) % 12];
	if (chr_date_cmp(s, t) == 0)
		return chr_wr_addf(b, "%d %s %d", s.day, sm, s.year);
	if (s.year == t.year && s.month == t.month)
		return chr_wr_addf(b, "%d" EN_DASH "%d %s %d", s.day, t.day, sm, s.year);
	if (s.year == t.year)
		return chr_wr_addf(b, "%d %s " EN_DASH " %d %s %d", s.day, sm, t.day, tm,
		            s.year);
	return chr_wr_addf(b, "%d %s %d " EN_DASH " %d %s %d", s.day, sm, s.year, t.day,
	            tm, t.year);
}

/* "Jul 2017", "Mar–May 2026", "Nov 2026 – Feb 2027". */
chr_status chr_wr_months(chr_buf *b, chr_date s, chr_date t, const char *const names[12])
{
	const char *sm = names[(s.month + 11) % 12], *tm = names[(t.month + 11) % 12];
	if (s.year == t.year && s.month == t.month)
		return chr_wr_addf(b, "%s %d", sm, s.year);
	if (s.year == t.year)
		return chr_wr_addf(b, "%s" EN_DASH "%s %d", sm, tm, s.year);
	return chr_wr_addf(b, "%s %d " EN_DASH " %s %d", sm, s.year, tm, t.year);
}

bool chr_wr_whole_months(chr_date s, chr_date t, int months)
{
	if (s.day != 1 || s.year != t.year)
		return false;
	return t.month == s.month + months - 1 &&
	       t.day == chr_days_in_month(t.year, t.month);
}

static const char *mod_prefix(chr_mod m)
{
	switch (m) {
	case CHR_MOD_EARLY: return "early ";
	case CHR_MOD_MID: return "mid ";
	case CHR_MOD_LATE: return "late ";
	case CHR_MOD_START: return "start of ";
	case CHR_MOD_END: return "end of ";
	case CHR_MOD_APPROX: return "c. ";
	case CHR_MOD_NONE: break;
	}
	return "";
}

const char *chr_wr_ordinal_suffix(int n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	switch (n % 10) {
	case 1: return "st";
	case 2: return "nd";
	case 3: return "rd";
	}
	return "th";
}

chr_status chr_wr_clock(chr_buf *b, const chr_event *e, bool paren)
{
	chr_status rc = CHR_OK;
	if (e->hour < 0)
		return CHR_OK;
	CHECK(chr_wr_addf(b, ", %02d:%02d", e->hour % 24, (e->minute < 0 ? 0 : e->minute) % 60));
	if (e->end_hour >= 0)
		CHECK(chr_wr_addf(b, EN_DASH "%02d:%02d", e->end_hour % 24,
		           (e->end_minute < 0 ? 0 : e->end_minute) % 60));
	if (e->has_tz) {
		int tz = e->tz_minutes, a = tz < 0 ? -tz : tz;
		CHECK(chr_buf_adds(b, paren ? " (UTC" : " UTC"));
		if (tz != 0)
			CHECK(chr_wr_addf(b, "%c%02d:%02d", tz < 0 ? '-' : '+', (a / 60) % 100, a % 60));
		if (paren)
			CHECK(chr_buf_adds(b, ")"));
	}
cleanup:
	return rc;
}

chr_status chr_wr_span(chr_buf *b, const chr_event *e)
{
	chr_status rc = CHR_OK;
	if (!chr_wr_dated(e))
		return chr_buf_adds(b, "undated");
	chr_date s = e->start;
	chr_date t = chr_date_valid(e->end) ? e->end : e->start;
	if (e->precision != CHR_PREC_DAY && e->precision != CHR_PREC_WEEK)
		CHECK(chr_buf_adds(b, mod_prefix(e->mod)));
	switch (e->precision) {
	case CHR_PREC_DAY:
	case CHR_PREC_WEEK:
		CHECK(chr_wr_days(b, s, t, chr_wr_month_abbr));
		CHECK(chr_wr_clock(b, e, false));
		break;
	case CHR_PREC_MONTH:
		CHECK(chr_wr_months(b, s, t, chr_wr_month_abbr));
		break;
	case CHR_PREC_QUARTER:
		if ((s.month - 1) % 3 == 0 && chr_wr_whole_months(s, t, 3))
			CHECK(chr_wr_addf(b, "Q%d %d", (s.month - 1) / 3 + 1, s.year));
		else
			CHECK(chr_wr_months(b, s, t, chr_wr_month_abbr));
		break;
	case CHR_PREC_HALF:
		if ((s.month - 1) % 6 == 0 && chr_wr_whole_months(s, t, 6))
			CHECK(chr_wr_addf(b, "H%d %d", (s.month - 1) / 6 + 1, s.year));
		else
			CHECK(chr_wr_months(b, s, t, chr_wr_month_abbr));
		break;
	case CHR_PREC_SEASON: {
		/* Named by the months the span starts in, as the date core
		 * resolves seasons to meteorological quarters. */
		static const char *const season[12] = {
			"winter", "winter", "spring", "spring", "spring", "summer",
			"summer", "summer", "autumn", "autumn", "autumn", "winter"
		};
		if (t.year != s.year)
			CHECK(chr_wr_addf(b, "%s %d" EN_DASH "%d", season[s.month - 1],
			           s.year, t.year));
		else
			CHECK(chr_wr_addf(b, "%s %d", season[s.month - 1], s.year));
		break;
	}
	case CHR_PREC_YEAR:
		if (t.year != s.year)
			CHECK(chr_wr_addf(b, "%d" EN_DASH "%d", s.year, t.year));
		else
			CHECK(chr_wr_addf(b, "%d", s.year));
		break;
	case CHR_PREC_DECADE:
		CHECK(chr_wr_addf(b, "%ds", s.year - s.year % 10));
		break;
	case CHR_PREC_CENTURY: {
		int c = s.year / 100 + 1;
		CHECK(chr_wr_addf(b, "%d%s century", c, chr_wr_ordinal_suffix(c)));
		break;
	}
	}
cleanup:
	return rc;
}

/* ASCII case-insensitive search: places are mostly Latin script, and a
 * title that already names the place ("… held in Geneva") must not read
 * "…, Geneva" again. */
static bool contains_ci(const char *hay, size_t hay_len, const char *needle,
                        size_t len)
{
	if (!len || len > hay_len)
		return len == 0;
	for (size_t i = 0; i + len <= hay_len; i++) {
		size_t k = 0;
		while (k < len) {
			char a = hay[i + k], c = needle[k];
			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (a != c)
				break;
			k++;
		}
		if (k == len)
			return true;
	}
	return false;
}

chr_status chr_wr_headline(chr_buf *b, const chr_event *e)
{
	chr_status rc = CHR_OK;
	CHECK(chr_wr_span(b, e));
	CHECK(chr_buf_adds(b, " " MIDDOT " "));
	size_t title_at = b->len;
	CHECK(chr_wr_clean(b, chr_wr_title(e), CHR_WR_LINE));
	size_t title_end = b->len;
	if (e->location && *e->location) {
		/* The place goes in place, then out again if the title already
		 * names it: no second buffer per entry. */
		CHECK(chr_buf_adds(b, ", "));
		size_t place_at = b->len;
		CHECK(chr_wr_clean(b, e->location, CHR_WR_LINE));
		if (b->len == place_at ||
		    contains_ci(b->data + title_at, title_end - title_at,
		                b->data + place_at, b->len - place_at)) {
			b->len = title_end;
			b->data[b->len] = '\0';
		}
	}
cleanup:
	return rc;
}

/* ---- entry bodies ----------------------------------------------------------- */

/* Cleans s into tmp, then appends it to b escaped for HTML text and
 * attribute values alike, a run of plain bytes at a time. */
static chr_status html_text(chr_buf *b, chr_buf *tmp, const char *s,
                            chr_wr_mode mode)
{
	chr_status rc = CHR_OK;
	tmp->len = 0;
	CHECK(chr_wr_clean(tmp, s, mode));
	size_t run = 0;
	for (size_t i = 0; i < tmp->len; i++) {
		const char *esc;
		switch (tmp->data[i]) {
		case '&': esc = "&amp;"; break;
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		case '"': esc = "&quot;"; break;
		case '\'': esc = "&#39;"; break;
		case '\n': esc = "<br>"; break;
		default: continue;
		}
		CHECK(chr_buf_add(b, tmp->data + run, i - run));
		CHECK(chr_buf_adds(b, esc));
		run = i + 1;
	}
	CHECK(chr_buf_add(b, tmp->data + run, tmp->len - run));
cleanup:
	return rc;
}

chr_status chr_wr_html(chr_buf *b, const chr_event *e)
{
	chr_buf span, tmp;
	chr_status rc = CHR_OK;
	const char *link = chr_wr_link(e);
	chr_buf_init(&span, CHR_WR_FIELD_LIMIT);
	chr_buf_init(&tmp, CHR_WR_FIELD_LIMIT);
	CHECK(chr_wr_span(&span, e));
	CHECK(chr_buf_adds(b, "<p><strong>"));
	CHECK(html_text(b, &tmp, span.data, CHR_WR_LINE));
	CHECK(chr_buf_adds(b, "</strong>"));
	if (e->location && *e->location) {
		CHECK(chr_buf_adds(b, " " MIDDOT " "));
		CHECK(html_text(b, &tmp, e->location, CHR_WR_LINE));
	}
	if (e->status == CHR_EVENT_CANCELLED)
		CHECK(chr_buf_adds(b, " " MIDDOT " <em>cancelled</em>"));
	else if (e->status == CHR_EVENT_TENTATIVE)
		CHECK(chr_buf_adds(b, " " MIDDOT " <em>to be confirmed</em>"));
	CHECK(chr_buf_adds(b, "</p>"));
	if (e->sentence && *e->sentence) {
		CHECK(chr_buf_adds(b, "<blockquote>"));
		CHECK(html_text(b, &tmp, e->sentence, CHR_WR_LINE));
		CHECK(chr_buf_adds(b, "</blockquote>"));
	}
	if (e->date_text && *e->date_text) {
		CHECK(chr_buf_adds(b, "<p>Date as written: "));
		CHECK(html_text(b, &tmp, e->date_text, CHR_WR_LINE));
		CHECK(chr_buf_adds(b, "</p>"));
	}
	if (link) {
		span.len = 0;
		CHECK(chr_wr_uri(&span, link));
		CHECK(chr_buf_adds(b, "<p>Source: <a href=\""));
		CHECK(html_text(b, &tmp, span.data, CHR_WR_LINE));
		CHECK(chr_buf_adds(b, "\">"));
		CHECK(html_text(b, &tmp, link, CHR_WR_LINE));
		CHECK(chr_buf_adds(b, "</a></p>"));
	} else if (e->doc && *e->doc) {
		CHECK(chr_buf_adds(b, "<p>Source: "));
		CHECK(html_text(b, &tmp, e->doc, CHR_WR_LINE));
		CHECK(chr_buf_adds(b, "</p>"));
	}
	/* A happening merged from several documents: each one's link. */
	for (size_t k = 1; k < e->n_sources; k++) {
		const chr_source *s = &e->sources[k];
		const char *l = chr_wr_is_url(s->url) ? s->url : chr_wr_is_url(s->doc) ? s->doc : NULL;
		span.len = 0;
		CHECK(l ? chr_wr_uri(&span, l) : chr_wr_clean(&span, s->doc ? s->doc : "", CHR_WR_LINE));
		CHECK(chr_buf_adds(b, l ? "<p>Also: <a href=\"" : "<p>Also: "));
		CHECK(html_text(b, &tmp, span.data, CHR_WR_LINE));
		CHECK(chr_buf_adds(b, l ? "\">" : ""));
		CHECK(l ? html_text(b, &tmp, l, CHR_WR_LINE) : CHR_OK);
		CHECK(chr_buf_adds(b, l ? "</a></p>" : "</p>"));
	}
cleanup:
	chr_buf_free(&span);
	chr_buf_free(&tmp);
	return rc;
}

chr_status chr_wr_plain(chr_buf *b, const chr_event *e)
{
	chr_status rc = CHR_OK;
	const char *link = chr_wr_link(e);
	CHECK(chr_wr_span(b, e));
	if (e->location && *e->location) {
		CHECK(chr_buf_adds(b, " " MIDDOT " "));
		CHECK(chr_wr_clean(b, e->location, CHR_WR_LINE));
	}
	if (e->status == CHR_EVENT_CANCELLED)
		CHECK(chr_buf_adds(b, " " MIDDOT " cancelled"));
	else if (e->status == CHR_EVENT_TENTATIVE)
		CHECK(chr_buf_adds(b, " " MIDDOT " to be confirmed"));
	if (e->sentence && *e->sentence) {
		CHECK(chr_buf_adds(b, "\n\n"));
		CHECK(chr_wr_clean(b, e->sentence, CHR_WR_LINE));
	}
	if (e->date_text && *e->date_text) {
		CHECK(chr_buf_adds(b, "\n\nDate as written: "));
		CHECK(chr_wr_clean(b, e->date_text, CHR_WR_LINE));
	}
	if (link || (e->doc && *e->doc)) {
		CHECK(chr_buf_adds(b, "\nSource: "));
		if (link)
			CHECK(chr_wr_uri(b, link));
		else
			CHECK(chr_wr_clean(b, e->doc, CHR_WR_LINE));
	}
	CHECK(chr_wr_more_sources(b, e));
cleanup:
	return rc;
}

chr_status chr_wr_more_sources(chr_buf *b, const chr_event *e)
{
	chr_status rc = CHR_OK;
	for (size_t k = 1; k < e->n_sources; k++) {
		const chr_source *s = &e->sources[k];
		const char *l = chr_wr_is_url(s->url) ? s->url : chr_wr_is_url(s->doc) ? s->doc : NULL;
		CHECK(chr_buf_adds(b, "\nAlso: "));
		CHECK(l ? chr_wr_uri(b, l) : chr_wr_clean(b, s->doc ? s->doc : "", CHR_WR_LINE));
	}
cleanup:
	return rc;
}

/* ---- timestamps ------------------------------------------------------------- */

chr_date chr_wr_utc_day(int64_t t, int *secs)
{
	/* Floor division: a stamp before 1970 still lands on its own day. */
	int64_t days = t / 86400, rem = t % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	if (secs)
		*secs = (int)rem;
	return chr_date_from_days((long)days);
}

/* Writes v as `width` digits at p; v is never negative here. */
static char *digits(char *p, int v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

/* Stamps are formatted by hand: one or two per entry, and snprintf was a
 * tenth of a feed's time. */
void chr_wr_rfc3339(int64_t t, char out[32])
{
	int secs;
	chr_date d = chr_wr_utc_day(t, &secs);
	char *p = out;
	p = digits(p, d.year < 0 ? 0 : d.year % 10000, 4);
	*p++ = '-';
	p = digits(p, d.month, 2);
	*p++ = '-';
	p = digits(p, d.day, 2);
	*p++ = 'T';
	p = digits(p, secs / 3600, 2);
	*p++ = ':';
	p = digits(p, secs / 60 % 60, 2);
	*p++ = ':';
	p = digits(p, secs % 60, 2);
	*p++ = 'Z';
	*p = '\0';
}

void chr_wr_rfc822(int64_t t, char out[40])
{
	static const char *const wday[7] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	int secs;
	chr_date d = chr_wr_utc_day(t, &secs);
	/* 1970-01-01 was a Thursday. */
	long days = chr_date_to_days(d);
	int w = (int)(((days % 7) + 7 + 4) % 7);
	char *p = out;
	memcpy(p, wday[w], 3);
	p += 3;
	*p++ = ',';
	*p++ = ' ';
	p = digits(p, d.day, 2);
	*p++ = ' ';
	memcpy(p, chr_wr_month_abbr[(d.month + 11) % 12], 3);
	p += 3;
	*p++ = ' ';
	p = digits(p, d.year < 0 ? 0 : d.year % 10000, 4);
	*p++ = ' ';
	p = digits(p, secs / 3600, 2);
	*p++ = ':';
	p = digits(p, secs / 60 % 60, 2);
	*p++ = ':';
	p = digits(p, secs % 60, 2);
	memcpy(p, " +0000", 7);
}

int64_t chr_wr_updated(const chr_event *e, const chr_feed *feed)
{
	return e->last_modified ? e->last_modified : feed->now;
}

int64_t chr_wr_published(const chr_event *e, const chr_feed *feed)
{
	return e->first_seen ? e->first_seen : chr_wr_updated(e, feed);
}

const char *chr_wr_feed_title(const chr_feed *feed)
{
	return feed->title && *feed->title ? feed->title : "chronicle";
}

const char *chr_wr_feed_key(const chr_feed *feed)
{
	return feed->id && *feed->id ? feed->id : chr_wr_feed_title(feed);
}

/* ---- name-based UUIDs ---------------------------------------------------------- */

void chr_wr_uuid5(const char *name, char out[37])
{
	/* The event layer's helpers, in RFC 9562's URL namespace: that makes
	 * chr_wr_uuid5(feed key) the very namespace event UIDs live in. */
	static const unsigned char url_ns[16] = {
		0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
		0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8
	};
	unsigned char u[16];
	chr_uuid_v5(url_ns, name, strlen(name), u);
	chr_uuid_format(u, out);
}

/* ---- ordering ------------------------------------------------------------------ */

/* qsort takes no context argument in C11 and the newest-first order needs
 * feed->now, so each element carries its own key rather than a global
 * (writers may run in several threads at once). The key also holds the
 * start day and the UID's first 16 hex digits, so that nearly every
 * comparison is decided without reaching into the event: with a million
 * events scattered in memory, those reads were most of the sort's time. */
typedef struct keyed {
	int64_t updated;
	long start;
	uint64_t uid;
	const chr_event *e;
} keyed;

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* The last word: content, so that equal keys never depend on qsort. */
static int cmp_rest(const chr_event *a, const chr_event *b)
{
	int c = chr_date_cmp(a->start, b->start);
	if (!c)
		c = strcmp(a->uid, b->uid);
	if (!c)
		c = cmp_str(a->title, b->title);
	if (!c)
		c = cmp_str(a->doc, b->doc);
	if (!c)
		c = cmp_str(a->sentence, b->sentence);
	if (!c)
		c = chr_date_cmp(a->end, b->end);
	if (!c)
		c = (a->hour > b->hour) - (a->hour < b->hour);
	return c;
}

/* The first eight bytes of the UID, big-endian, so that comparing them
 * as numbers orders them as strcmp does. */
static uint64_t uid_prefix(const char *uid)
{
	uint64_t v = 0;
	size_t i = 0;
	for (; i < 8 && uid[i]; i++)
		v = v << 8 | (unsigned char)uid[i];
	return v << (8 * (8 - i));
}

static int cmp_start(const void *pa, const void *pb)
{
	const keyed *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->uid != b->uid)
		return a->uid < b->uid ? -1 : 1;
	return cmp_rest(a->e, b->e);
}

static int cmp_newest(const void *pa, const void *pb)
{
	const keyed *a = pa, *b = pb;
	if (a->updated != b->updated)
		return a->updated > b->updated ? -1 : 1;
	if (a->start != b->start)
		return a->start > b->start ? -1 : 1;
	if (a->uid != b->uid)
		return a->uid < b->uid ? -1 : 1;
	return cmp_rest(a->e, b->e);
}

/* Bits needed to hold v. */
static int bits_for(uint64_t v)
{
	int b = 0;
	while (v) {
		b++;
		v >>= 1;
	}
	return b;
}

/* key with `bits` more low bits holding v (which fits them); a shift by
 * 64 would be undefined. */
static uint64_t push_bits(uint64_t key, int bits, uint64_t v)
{
	if (bits == 0)
		return key;
	if (bits >= 64)
		return v;
	return key << bits | v;
}

typedef struct rkey {
	uint64_t key;
	size_t at; /* index into the keyed array */
} rkey;

/*
 * Sorts r[0..n) by key with an LSD radix sort, one pass per byte the keys
 * use: linear, where qsort's n log n comparisons of scattered keys grew
 * faster than the count (a million events took 15 times as long as
 * 100,000). Stable, though stability is not relied on: equal keys are
 * ordered by the full comparison afterwards.
 */
static void radix_sort(rkey *r, rkey *tmp, size_t n, int bits)
{
	for (int shift = 0; shift < bits; shift += 8) {
		size_t count[257] = { 0 };
		for (size_t i = 0; i < n; i++)
			count[((r[i].key >> shift) & 0xFF) + 1]++;
		for (int b = 0; b < 256; b++)
			count[b + 1] += count[b];
		for (size_t i = 0; i < n; i++)
			tmp[count[(r[i].key >> shift) & 0xFF]++] = r[i];
		memcpy(r, tmp, n * sizeof *r);
	}
}

chr_status chr_wr_sort(const chr_event *const *events, size_t n,
                       const chr_feed *feed, chr_wr_order order,
                       const chr_event ***out)
{
	chr_status rc = CHR_OK;
	keyed *k = NULL, *run = NULL;
	rkey *r = NULL, *tmp = NULL;
	int (*cmp)(const void *, const void *) =
		order == CHR_WR_BY_START ? cmp_start : cmp_newest;
	*out = NULL;
	if (n > SIZE_MAX / sizeof *k)
		return CHR_ENOMEM;
	k = malloc((n ? n : 1) * sizeof *k);
	r = malloc((n ? n : 1) * sizeof *r);
	tmp = malloc((n ? n : 1) * sizeof *tmp);
	size_t run_cap = 0;
	const chr_event **list = malloc((n ? n : 1) * sizeof *list);
	if (!k || !r || !tmp || !list) {
		free(list);
		rc = CHR_ENOMEM;
		goto cleanup;
	}
	int64_t min_up = INT64_MAX, max_up = INT64_MIN;
	long min_day = LONG_MAX, max_day = LONG_MIN;
	for (size_t i = 0; i < n; i++) {
		const chr_event *e = events[i];
		k[i].e = e;
		k[i].updated = chr_wr_updated(e, feed);
		/* Plain arithmetic, so defined for any fields; cmp_rest
		 * compares the dates themselves when two keys meet. */
		k[i].start = chr_date_to_days(e->start);
		k[i].uid = uid_prefix(e->uid);
		if (k[i].updated < min_up)
			min_up = k[i].updated;
		if (k[i].updated > max_up)
			max_up = k[i].updated;
		if (k[i].start < min_day)
			min_day = k[i].start;
		if (k[i].start > max_day)
			max_day = k[i].start;
	}
	/* One 64-bit key per event that orders as cmp does: the fields'
	 * offsets from their minimum (flipped where newest comes first),
	 * then as many of the UID's leading bits as still fit. */
	uint64_t up_span = n ? (uint64_t)max_up - (uint64_t)min_up : 0;
	uint64_t day_span = n ? (uint64_t)(max_day - min_day) : 0;
	int up_bits = order == CHR_WR_BY_START ? 0 : bits_for(up_span);
	int day_bits = bits_for(day_span);
	if (n > 1 && up_bits + day_bits <= 64) {
		int uid_bits = 64 - up_bits - day_bits;
		for (size_t i = 0; i < n; i++) {
			uint64_t day = (uint64_t)(k[i].start - min_day);
			uint64_t key = 0;
			if (order != CHR_WR_BY_START) {
				key = up_span - ((uint64_t)k[i].updated - (uint64_t)min_up);
				day = day_span - day;
			}
			key = push_bits(key, day_bits, day);
			key = push_bits(key, uid_bits, uid_bits ? k[i].uid >> (64 - uid_bits) : 0);
			r[i].key = key;
			r[i].at = i;
		}
		radix_sort(r, tmp, n, 64);
		free(tmp);
		tmp = NULL;
		/* Runs of equal keys: the full comparison decides. */
		size_t i = 0;
		while (i < n) {
			size_t j = i + 1;
			while (j < n && r[j].key == r[i].key)
				j++;
			if (j - i == 1) {
				list[i] = k[r[i].at].e;
			} else {
				if (j - i > run_cap) {
					keyed *bigger = realloc(run, (j - i) * sizeof *run);
					if (!bigger) {
						free(list);
						rc = CHR_ENOMEM;
						goto cleanup;
					}
					run = bigger;
					run_cap = j - i;
				}
				for (size_t m = i; m < j; m++)
					run[m - i] = k[r[m].at];
				qsort(run, j - i, sizeof *run, cmp);
				for (size_t m = i; m < j; m++)
					list[m] = run[m - i].e;
			}
			i = j;
		}
	} else {
		qsort(k, n, sizeof *k, cmp);
		for (size_t i = 0; i < n; i++)
			list[i] = k[i].e;
	}
	*out = list;
cleanup:
	free(k);
	free(r);
	free(tmp);
	free(run);
	return rc;
}

/* ---- xmlTextWriter on a sink ------------------------------------------------- */

static int xml_write(void *ctx, const char *data, int len)
{
	chr_wr_xml *x = ctx;
	if (x->sink_rc != CHR_OK)
		return -1;
	if (len > 0)
		x->sink_rc = x->sink->write(x->sink->userdata, data, (size_t)len);
	return x->sink_rc == CHR_OK ? len : -1;
}

static int xml_close(void *ctx)
{
	(void)ctx;
	return 0;
}

/* libxml2 reports a failed write on stderr by itself; the library must
 * not print, and the sink's status already says what happened. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void xml_quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

chr_status chr_wr_xml_open(chr_wr_xml *x, const chr_sink *sink)
{
	memset(x, 0, sizeof *x);
	x->sink = sink;
	chr_buf_init(&x->scratch, CHR_WR_FIELD_LIMIT);
	/* libxml2 keeps the handler per thread, so this touches no one else's
	 * parse; it is put back on close. */
	x->saved_handler = xmlGenericError;
	x->saved_context = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, xml_quiet);
	xmlOutputBufferPtr out = xmlOutputBufferCreateIO(xml_write, xml_close,
	                                                 x, NULL);
	if (!out)
		return CHR_ENOMEM;
	/* The writer owns out from here, even when it fails to start. */
	x->w = xmlNewTextWriter(out);
	if (!x->w) {
		xmlOutputBufferClose(out);
		return CHR_ENOMEM;
	}
	if (xmlTextWriterSetIndent(x->w, 1) < 0 ||
	    xmlTextWriterSetIndentString(x->w, BAD_CAST "  ") < 0 ||
	    xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL) < 0)
		return chr_wr_xml_fail(x);
	return CHR_OK;
}

chr_status chr_wr_xml_fail(const chr_wr_xml *x)
{
	return x->sink_rc != CHR_OK ? x->sink_rc : CHR_ENOMEM;
}

chr_status chr_wr_xml_close(chr_wr_xml *x, chr_status rc)
{
	if (x->w) {
		if (rc == CHR_OK && (xmlTextWriterEndDocument(x->w) < 0 ||
		                     xmlTextWriterFlush(x->w) < 0))
			rc = chr_wr_xml_fail(x);
		xmlFreeTextWriter(x->w);
		x->w = NULL;
	}
	if (rc == CHR_OK && x->sink_rc != CHR_OK)
		rc = x->sink_rc;
	if (x->saved_handler)
		xmlSetGenericErrorFunc(x->saved_context, x->saved_handler);
	x->saved_handler = NULL;
	chr_buf_free(&x->scratch);
	return rc;
}

chr_status chr_wr_xml_start(chr_wr_xml *x, const char *name,
                            const char *attr, const char *value)
{
	if (xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
		return chr_wr_xml_fail(x);
	return attr ? chr_wr_xml_attr(x, attr, value) : CHR_OK;
}

chr_status chr_wr_xml_attr(chr_wr_xml *x, const char *name, const char *value)
{
	x->scratch.len = 0;
	chr_status rc = chr_wr_clean(&x->scratch, value, CHR_WR_LINE);
	if (rc != CHR_OK)
		return rc;
	if (xmlTextWriterWriteAttribute(x->w, BAD_CAST name,
	                                BAD_CAST(x->scratch.data ? x->scratch.data
	                                                         : "")) < 0)
		return chr_wr_xml_fail(x);
	return CHR_OK;
}

chr_status chr_wr_xml_end(chr_wr_xml *x)
{
	if (xmlTextWriterEndElement(x->w) < 0)
		return chr_wr_xml_fail(x);
	return CHR_OK;
}

chr_status chr_wr_xml_elem(chr_wr_xml *x, const char *name, const char *attr,
                           const char *value, const char *text,
                           chr_wr_mode mode)
{
	chr_status rc = CHR_OK;
	if (!text)
		return CHR_OK;
	CHECK(chr_wr_xml_start(x, name, attr, value));
	const char *t = text;
	if (mode != CHR_WR_DONE) {
		x->scratch.len = 0;
		CHECK(chr_wr_clean(&x->scratch, text, mode));
		t = x->scratch.data ? x->scratch.data : "";
	}
	if (*t && xmlTextWriterWriteString(x->w, BAD_CAST t) < 0) {
		rc = chr_wr_xml_fail(x);
		goto cleanup;
	}
	CHECK(chr_wr_xml_end(x));
cleanup:
	return rc;
}
