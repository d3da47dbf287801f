/*
 * What the writers share: spans worded as people write them, RFC 822
 * weekdays, text cleaning and URI encoding.
 */
#include "write_fixture.h"
#include "write/write.h"

static void span(chr_precision p, chr_mod mod, int y1, int m1, int d1, int y2,
                 int m2, int d2, const char *want)
{
	chr_event e = fix_blank("x", y1, m1, d1);
	chr_buf b;
	e.end.year = y2;
	e.end.month = m2;
	e.end.day = d2;
	e.precision = p;
	e.mod = mod;
	chr_buf_init(&b, 0);
	chr_wr_span(&b, &e);
	ok(b.data && strcmp(b.data, want) == 0, "span \"%s\" (got \"%s\")", want, b.data ? b.data : "");
	chr_buf_free(&b);
}

static void clean(const char *in, chr_wr_mode mode, const char *want,
                  const char *what)
{
	chr_buf b;
	chr_buf_init(&b, 0);
	chr_wr_clean(&b, in, mode);
	ok(strcmp(b.data ? b.data : "", want) == 0, "clean: %s", what);
	chr_buf_free(&b);
}

int main(void)
{
	span(CHR_PREC_DAY, 0, 2018, 1, 30, 2018, 1, 31, "30\xE2\x80\x93" "31 Jan 2018");
	span(CHR_PREC_DAY, 0, 2023, 12, 28, 2024, 1, 7, "28 Dec 2023 \xE2\x80\x93 7 Jan 2024");
	span(CHR_PREC_DAY, 0, 2018, 1, 30, 2018, 2, 2, "30 Jan \xE2\x80\x93 2 Feb 2018");
	span(CHR_PREC_DAY, 0, 2018, 1, 30, 2018, 1, 30, "30 Jan 2018");
	span(CHR_PREC_MONTH, 0, 2018, 1, 1, 2018, 1, 31, "Jan 2018");
	span(CHR_PREC_MONTH, 0, 2018, 1, 1, 2018, 3, 31, "Jan\xE2\x80\x93Mar 2018");
	span(CHR_PREC_QUARTER, 0, 2022, 7, 1, 2022, 9, 30, "Q3 2022");
	span(CHR_PREC_HALF, 0, 2017, 7, 1, 2017, 12, 31, "H2 2017");
	span(CHR_PREC_SEASON, 0, 2018, 3, 1, 2018, 5, 31, "spring 2018");
	span(CHR_PREC_SEASON, 0, 2017, 12, 1, 2018, 2, 28, "winter 2017\xE2\x80\x93" "2018");
	span(CHR_PREC_YEAR, CHR_MOD_EARLY, 2018, 1, 1, 2018, 4, 30, "early 2018");
	span(CHR_PREC_DECADE, 0, 1990, 1, 1, 1999, 12, 31, "1990s");
	span(CHR_PREC_CENTURY, 0, 1900, 1, 1, 1999, 12, 31, "20th century");
	span(CHR_PREC_DAY, 0, 0, 0, 0, 0, 0, 0, "undated");

	char s[40];
	chr_wr_rfc822(INT64_C(1767225600), s);
	ok(strcmp(s, "Thu, 01 Jan 2026 00:00:00 +0000") == 0, "rfc822: 2026-01-01 is a Thursday");
	chr_wr_rfc822(INT64_C(951782400), s);
	ok(strcmp(s, "Tue, 29 Feb 2000 00:00:00 +0000") == 0, "rfc822: 29 Feb 2000 is a Tuesday");
	chr_wr_rfc822(INT64_C(-1), s);
	ok(strcmp(s, "Wed, 31 Dec 1969 23:59:59 +0000") == 0, "rfc822: one second before the epoch");
	chr_wr_rfc3339(INT64_C(1517839200), s);
	ok(strcmp(s, "2018-02-05T14:00:00Z") == 0, "rfc3339");

	clean("  a\r\n\tb  ", CHR_WR_LINE, "a b", "one line, white space runs as one space, trimmed");
	clean("a\r\nb\rc\x01\x7f", CHR_WR_BLOCK, "a\nb\nc", "block: CR LF and CR become LF, controls dropped");
	clean("x\xC2\x85y\xEF\xBF\xBEz", CHR_WR_LINE, "xyz", "C1 controls and U+FFFE dropped");
	clean("\xff", CHR_WR_LINE, "\xEF\xBF\xBD", "invalid UTF-8 becomes U+FFFD");
	clean("  a  b \xC3\xA9 c\t ", CHR_WR_LINE, "a b \xC3\xA9 c", "runs of spaces inside, at both ends");
	clean("a \xff b\xfe", CHR_WR_LINE, "a \xEF\xBF\xBD b\xEF\xBF\xBD", "spaces around U+FFFD kept");
	clean(" a\tb\n c \x0c", CHR_WR_BLOCK, " a\tb\n c ", "block: tabs, newlines and spaces kept, form feed dropped");
	clean("\xF0\x9F\x8E\x89\xE2\x80\xAE\xD7\xA9", CHR_WR_LINE, "\xF0\x9F\x8E\x89\xE2\x80\xAE\xD7\xA9",
	      "emoji and right-to-left text pass unchanged");

	chr_buf b;
	chr_buf_init(&b, 0);
	chr_wr_uri(&b, "https://x.org/a b\"<\xC3\xA9>");
	ok(strcmp(b.data, "https://x.org/a%20b%22%3C%C3%A9%3E") == 0, "uri: percent-encodes what cannot appear");
	chr_buf_free(&b);
	ok(chr_wr_is_url("HTTPS://x.org") && !chr_wr_is_url("javascript:x") && !chr_wr_is_url("http://") &&
	   !chr_wr_is_url(NULL), "is_url: http(s) only");
	char u1[37], u2[37];
	chr_wr_uuid5("chronicle", u1);
	chr_wr_uuid5("chronicle", u2);
	ok(strcmp(u1, u2) == 0 && u1[14] == '5' && strchr("89ab", u1[19]), "uuid5: stable, version 5, RFC variant");
	return tap_done();
}
