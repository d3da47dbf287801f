/* The server's header logic against RFC 9110's examples and edge cases. */
#include "serve/serve.h"
#include "tap.h"

#include <stdint.h>

static void etags(void)
{
	const char *tags[2] = { "\"abc\"", "\"abc-gzip\"" };
	ok(chr_http_etag_match("\"abc\"", tags, 2), "If-None-Match: the exact tag matches");
	ok(chr_http_etag_match("W/\"abc\"", tags, 2), "If-None-Match: a W/ tag matches (weak comparison)");
	ok(chr_http_etag_match("\"x\", \"y\" ,W/\"abc-gzip\"", tags, 2),
	   "If-None-Match: a list matches on any member");
	ok(chr_http_etag_match("*", tags, 1), "If-None-Match: * matches an existing file");
	ok(!chr_http_etag_match("*", tags, 0), "If-None-Match: * does not match nothing");
	ok(!chr_http_etag_match("\"ab\"", tags, 2), "If-None-Match: a prefix does not match");
	ok(!chr_http_etag_match("abc", tags, 2), "If-None-Match: an unquoted value does not match");
	ok(!chr_http_etag_match("\"abc", tags, 2), "If-None-Match: an unterminated tag does not match");
	ok(!chr_http_etag_match("\"abc-gzip\"", tags, 1),
	   "If-None-Match: a gzip tag does not match when there is no gzip copy");
	ok(!chr_http_etag_match("", tags, 2), "If-None-Match: empty matches nothing");
}

static void dates(void)
{
	int64_t t = 0;
	ok(chr_http_date_parse("Sun, 06 Nov 1994 08:49:37 GMT", &t) && t == 784111777,
	   "HTTP-date: IMF-fixdate");
	ok(chr_http_date_parse("Sunday, 06-Nov-94 08:49:37 GMT", &t) && t == 784111777,
	   "HTTP-date: RFC 850");
	ok(chr_http_date_parse("Sun Nov  6 08:49:37 1994", &t) && t == 784111777,
	   "HTTP-date: asctime");
	ok(!chr_http_date_parse("Sun, 06 Nov 1994 08:49:37 CET", &t), "HTTP-date: only GMT");
	ok(!chr_http_date_parse("Sun, 31 Feb 1994 08:49:37 GMT", &t), "HTTP-date: no 31 February");
	ok(!chr_http_date_parse("yesterday", &t), "HTTP-date: garbage is refused");
	ok(!chr_http_date_parse("Sun, 06 Nov 1994 08:49:37 GMT trailing", &t),
	   "HTTP-date: trailing text is refused");
	ok(!chr_http_date_parse("Sun, 06 No", &t), "HTTP-date: a cut value is refused");
	char buf[CHR_HTTP_DATE_LEN];
	chr_http_date_format(784111777, buf);
	is_str(buf, "Sun, 06 Nov 1994 08:49:37 GMT", "HTTP-date: formatted as IMF-fixdate");
	chr_http_date_format(1795392000, buf);
	is_str(buf, "Mon, 23 Nov 2026 00:00:00 GMT", "HTTP-date: a 2026 date");
	ok(chr_http_date_parse(buf, &t) && t == 1795392000, "HTTP-date: format and parse round-trip");
}

static void gzip(void)
{
	ok(!chr_http_accepts_gzip(NULL), "Accept-Encoding absent: no gzip");
	ok(chr_http_accepts_gzip("gzip"), "Accept-Encoding: gzip");
	ok(chr_http_accepts_gzip("deflate, GZIP;q=0.5, br"), "Accept-Encoding: gzip in a list, any case");
	ok(chr_http_accepts_gzip("x-gzip"), "Accept-Encoding: x-gzip");
	ok(!chr_http_accepts_gzip("gzip;q=0"), "Accept-Encoding: gzip;q=0 refuses gzip");
	ok(!chr_http_accepts_gzip("gzip; q=0.000"), "Accept-Encoding: q=0.000 refuses gzip");
	ok(chr_http_accepts_gzip("gzip;q=0.001"), "Accept-Encoding: q=0.001 accepts gzip");
	ok(!chr_http_accepts_gzip("identity"), "Accept-Encoding: identity only");
	ok(!chr_http_accepts_gzip("gzipper"), "Accept-Encoding: a longer token is not gzip");
	ok(chr_http_accepts_gzip("*"), "Accept-Encoding: * accepts gzip");
	ok(!chr_http_accepts_gzip("*, gzip;q=0"), "Accept-Encoding: gzip;q=0 beats *");
}

static void unescape(void)
{
	char a[] = "/%63alendar.ics", b[] = "/%2e%2e/etc", c[] = "/x%00y", d[] = "/a%2Fb",
	     e[] = "/bad%zz%4", f[] = "/%25";
	chr_http_unescape(a);
	is_str(a, "/calendar.ics", "unescape: %63 is c");
	chr_http_unescape(b);
	is_str(b, "/../etc", "unescape: %2e is a dot");
	ok(chr_http_unescape(c) == 6 && strcmp(c, "/x%00y") == 0, "unescape: %00 stays escaped");
	chr_http_unescape(d);
	is_str(d, "/a%2Fb", "unescape: %2F stays escaped");
	chr_http_unescape(e);
	is_str(e, "/bad%zz%4", "unescape: bad escapes stay as written");
	chr_http_unescape(f);
	is_str(f, "/%", "unescape: %25 is a percent sign, decoded once");
}

static void log_escape(void)
{
	char out[32];
	chr_http_log_escape("/a b\n\"x\"\\\x01\xc3\xa9", out, sizeof out);
	is_str(out, "/a\\x20b\\x0a\\x22x\\x22\\x5c\\x01", "log escape: controls, spaces, quotes; an escape that does not fit is left out whole");
	chr_http_log_escape("\xc3\xa9", out, sizeof out);
	is_str(out, "\\xc3\\xa9", "log escape: non-ASCII bytes");
	chr_http_log_escape("/calendar.ics", out, sizeof out);
	is_str(out, "/calendar.ics", "log escape: a plain path is unchanged");
}

int main(void)
{
	etags();
	dates();
	gzip();
	unescape();
	log_escape();
	return tap_done();
}
