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

/* The order the writers promise, written out here independently of
 * chr_wr_sort: newest updated first, then latest start, then UID; the
 * titles are unique, so the order is total. */
static int64_t sort_now;
static int want_newest(const void *pa, const void *pb)
{
	const chr_event *a = *(const chr_event *const *)pa, *b = *(const chr_event *const *)pb;
	int64_t ua = a->last_modified ? a->last_modified : sort_now;
	int64_t ub = b->last_modified ? b->last_modified : sort_now;
	if (ua != ub)
		return ua > ub ? -1 : 1;
	int c = chr_date_cmp(b->start, a->start);
	if (!c)
		c = strcmp(a->uid, b->uid);
	return c ? c : strcmp(a->title, b->title);
}

static int want_start(const void *pa, const void *pb)
{
	const chr_event *a = *(const chr_event *const *)pa, *b = *(const chr_event *const *)pb;
	int c = chr_date_cmp(a->start, b->start);
	if (!c)
		c = strcmp(a->uid, b->uid);
	return c ? c : strcmp(a->title, b->title);
}

/* Many ties on every key (few stamps, few days, UIDs sharing long
 * prefixes), shuffled: chr_wr_sort must give exactly the promised order,
 * whatever the input order. wide makes the stamps span all of int64_t,
 * which no single 64-bit key can hold. */
static void sort_case(bool wide, const char *what)
{
	enum { N = 3000 };
	static chr_event ev[N];
	static char titles[N][16];
	static const chr_event *in[N], *want[N];
	chr_feed feed = fix_feed();
	unsigned seed = 12345;
	sort_now = feed.now;
	for (int i = 0; i < N; i++) {
		seed = seed * 1103515245u + 12345u;
		ev[i] = fix_blank("", 2018 + (int)(seed >> 8) % 3, 1 + (int)(seed >> 12) % 2, 1 + (int)(seed >> 16) % 3);
		snprintf(ev[i].uid, sizeof ev[i].uid, "6f1c3a52-0b7e-5c1d-9a43-%012x", (seed >> 20) % 7);
		snprintf(titles[i], sizeof titles[i], "t%05d", i);
		ev[i].title = titles[i];
		ev[i].last_modified = (seed >> 24) % 5 == 0 ? 0
		                    : wide ? ((seed >> 24) % 2 ? INT64_MAX - (int64_t)(seed >> 28)
		                                               : INT64_MIN + (int64_t)(seed >> 28))
		                           : FIX_T0 + (int64_t)((seed >> 24) % 6) * 60;
		in[i] = want[i] = &ev[i];
	}
	for (int order = 0; order < 2; order++) {
		const chr_event **got = NULL;
		memcpy(want, in, sizeof want);
		qsort(want, N, sizeof *want, order ? want_start : want_newest);
		/* Shuffled input: a reversal and a rotation. */
		const chr_event *shuffled[N];
		for (int i = 0; i < N; i++)
			shuffled[i] = in[(N - 1 - i + 1000) % N];
		chr_status rc = chr_wr_sort(shuffled, N, &feed, order ? CHR_WR_BY_START : CHR_WR_BY_NEWEST, &got);
		ok(rc == CHR_OK && got && memcmp(got, want, sizeof want) == 0, "sort: %s, %s, %d events with ties",
		   order ? "by start" : "newest first", what, N);
		free(got);
	}
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
	clean("\xF0\x9F\x8E\x89\xD7\xA9 \xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x94\xAC",
	      CHR_WR_LINE, "\xF0\x9F\x8E\x89\xD7\xA9 \xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x94\xAC",
	      "emoji, a zero-width joiner and right-to-left text pass unchanged");
	/* U+202E, U+202C, U+2066, U+2069, U+200B, U+200F, U+2060, U+FEFF, U+00AD, U+061C */
	clean("a\xE2\x80\xAE" "b\xE2\x80\xAC" "c\xE2\x81\xA6" "d\xE2\x81\xA9" "e\xE2\x80\x8B"
	      "f\xE2\x80\x8F" "g\xE2\x81\xA0" "h\xEF\xBB\xBF" "i\xC2\xAD" "j\xD8\x9C" "k",
	      CHR_WR_LINE, "abcdefghijk", "bidi overrides, isolates, marks and invisible format characters dropped");
	clean(" a \xE2\x80\x8B b\xE2\x80\xAE ", CHR_WR_LINE, "a b", "a dropped character between spaces leaves one space");
	clean("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAD\xE2\x81\xA7\xE2\x81\xA8\xE2\x80\x8E\xE2\x81\xA4",
	      CHR_WR_BLOCK, "", "every bidi control (U+202A-U+202E, U+2066-U+2069, LRM) dropped in blocks too");

	chr_buf b;
	chr_buf_init(&b, 0);
	chr_wr_uri(&b, "https://x.org/a b\"<\xC3\xA9>");
	ok(strcmp(b.data, "https://x.org/a%20b%22%3C%C3%A9%3E") == 0, "uri: percent-encodes what cannot appear");
	chr_buf_free(&b);
	ok(chr_wr_is_url("HTTPS://x.org") && !chr_wr_is_url("javascript:x") && !chr_wr_is_url("http://") &&
	   !chr_wr_is_url(NULL), "is_url: http(s) only");
	sort_case(false, "stamps within an hour");
	sort_case(true, "stamps across all of int64_t");
	char u1[37], u2[37];
	chr_wr_uuid5("chronicle", u1);
	chr_wr_uuid5("chronicle", u2);
	ok(strcmp(u1, u2) == 0 && u1[14] == '5' && strchr("89ab", u1[19]), "uuid5: stable, version 5, RFC variant");
	return tap_done();
}
