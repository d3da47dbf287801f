/*
 * Shared by tests/unit/write_*.c: TAP output, a buffer sink, a failing
 * sink, golden-file comparison, and two hand-made event sets: six
 * ordinary events that exercise every path of the writers, and hostile
 * ones whose text tries to break out of each format.
 *
 * Golden files live in tests/golden/ and are found from this file's path
 * (the tests run from the top folder, as `make check` does), or from
 * $CHR_GOLDEN_DIR. CHR_UPDATE_GOLDEN=1 rewrites them; review the diff.
 */
#ifndef WRITE_FIXTURE_H
#define WRITE_FIXTURE_H

#include "chronicle.h"
#include "util/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static inline bool ok(bool cond, const char *fmt, ...)
{
	va_list ap;
	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!cond)
		tap_failed++;
	return cond;
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

static inline chr_status buf_write(void *userdata, const void *data, size_t len)
{
	return chr_buf_add(userdata, data, len);
}

static inline chr_sink buf_sink(chr_buf *b)
{
	chr_sink s = { buf_write, b };
	return s;
}

/* Fails on the first write after `budget` bytes: errors must come back. */
typedef struct failing {
	size_t budget;
	int calls;
} failing;

static inline chr_status fail_write(void *userdata, const void *data, size_t len)
{
	failing *f = userdata;
	(void)data;
	f->calls++;
	if (len > f->budget)
		return CHR_EIO;
	f->budget -= len;
	return CHR_OK;
}

typedef chr_status (*writer_fn)(const chr_event *const *, size_t,
                                const chr_feed *, const chr_sink *,
                                chr_error *);

/* 2026-01-01T00:00:00Z, the --now the end-to-end checks use. */
#define FIX_NOW INT64_C(1767225600)
#define FIX_T0 INT64_C(1514764800) /* 2018-01-01T00:00:00Z */

static inline chr_feed fix_feed(void)
{
	chr_feed f;
	memset(&f, 0, sizeof f);
	f.id = "chronicle-tests";
	f.title = "Chronicle tests \xE2\x80\x94 \xC3\xA9v\xC3\xA9nements";
	f.description = "Events found in the articles of the writer tests.";
	f.base_url = "https://example.org/feeds/tests/";
	f.author = "Newsroom";
	f.now = FIX_NOW;
	f.calendar_precision = CHR_CAL_MONTH;
	f.refresh_minutes = 0;
	return f;
}

static inline chr_event fix_blank(const char *uid, int y, int m, int d)
{
	chr_event e;
	memset(&e, 0, sizeof e);
	snprintf(e.uid, sizeof e.uid, "%s", uid);
	e.start.year = e.end.year = y;
	e.start.month = e.end.month = m;
	e.start.day = e.end.day = d;
	e.precision = CHR_PREC_DAY;
	e.hour = e.minute = e.end_hour = e.end_minute = -1;
	return e;
}

#define FIX_N 6
#define UID_FETE "6f1c3a52-0b7e-5c1d-9a43-1e2f3a4b5c01"
#define UID_LONG "6f1c3a52-0b7e-5c1d-9a43-1e2f3a4b5c02"
#define UID_RANGE "6f1c3a52-0b7e-5c1d-9a43-1e2f3a4b5c03"
#define UID_MONTH "6f1c3a52-0b7e-5c1d-9a43-1e2f3a4b5c04"
#define UID_CANCEL "6f1c3a52-0b7e-5c1d-9a43-1e2f3a4b5c05"
#define UID_TIMED "6f1c3a52-0b7e-5c1d-9a43-1e2f3a4b5c06"

#define FETE_TITLE "F\xC3\xAAte de la Musique \xC3\xA0 Lyon: \xC3\xBCn\xC3\xAF" \
	"c\xC3\xB6" "d\xC3\xA9 \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x8E\xB6"

/* 300 characters, most of them two to four bytes long, so that libical
 * must fold in the middle of multi-byte text. */
static const char *fix_long_title(void)
{
	static char title[1400];
	static const char *const words[] = {
		"Tr\xC3\xA8s", "long", "titre", "\xE6\x9D\xB1\xE4\xBA\xAC",
		"\xF0\x9F\x8E\xB6", "\xC3\xA9t\xC3\xA9", "ann\xC3\xA9\x65"
	};
	if (title[0])
		return title;
	size_t chars = 0, len = 0, w = 0;
	while (chars < 300) {
		const char *s = words[w++ % CHR_ARRAY_LEN(words)];
		for (size_t i = 0; s[i] && chars < 300; ) {
			int n = chr_utf8_seq((const unsigned char *)s + i, strlen(s + i));
			memcpy(title + len, s + i, (size_t)n);
			len += (size_t)n;
			i += (size_t)n;
			chars++;
		}
		if (chars < 300) {
			title[len++] = ' ';
			chars++;
		}
	}
	/* A trailing space would be trimmed, as titles are: end on a mark. */
	if (title[len - 1] == ' ')
		title[len - 1] = '!';
	title[len] = '\0';
	return title;
}

static inline void fix_events(chr_event ev[FIX_N])
{
	ev[0] = fix_blank(UID_FETE, 2018, 6, 21);
	ev[0].doc = "corpus/fete.txt";
	ev[0].url = "https://example.org/news/f\xC3\xAAte?x=1&y=2";
	ev[0].title = FETE_TITLE;
	ev[0].location = "Lyon";
	ev[0].sentence = "La F\xC3\xAAte de la Musique aura lieu le 21 juin "
	                 "\xC3\xA0 Lyon.";
	ev[0].date_text = "21 juin";
	ev[0].first_seen = FIX_T0 + 86400 * 10;
	ev[0].last_modified = FIX_T0 + 86400 * 12;

	ev[1] = fix_blank(UID_LONG, 2018, 4, 2);
	ev[1].doc = "https://example.org/news/long";
	ev[1].title = fix_long_title();
	ev[1].sentence = "A very long headline happens on 2 April 2018.";
	ev[1].date_text = "2 April 2018";
	ev[1].first_seen = FIX_T0 + 86400 * 20;
	ev[1].last_modified = FIX_T0 + 86400 * 20;

	ev[2] = fix_blank(UID_RANGE, 2018, 1, 30);
	ev[2].end.day = 31;
	ev[2].doc = "corpus/workshop.txt";
	ev[2].title = "Workshop on calendars";
	ev[2].location = "Geneva";
	ev[2].sentence = "The workshop was held on 30 and 31 January 2018 in "
	                 "Geneva.";
	ev[2].date_text = "30 and 31 January 2018";
	ev[2].first_seen = FIX_T0 + 86400 * 2;
	ev[2].last_modified = FIX_T0 + 86400 * 3;
	ev[2].sequence = 1;

	ev[3] = fix_blank(UID_MONTH, 2018, 3, 1);
	ev[3].end.day = 31;
	ev[3].precision = CHR_PREC_MONTH;
	ev[3].doc = "corpus/budget.txt";
	ev[3].url = "https://example.org/news/budget";
	ev[3].title = "Budget vote";
	ev[3].sentence = "The budget will be voted in March 2018.";
	ev[3].date_text = "March 2018";
	ev[3].status = CHR_EVENT_TENTATIVE;
	ev[3].first_seen = FIX_T0 + 86400 * 5;
	ev[3].last_modified = FIX_T0 + 86400 * 5;

	ev[4] = fix_blank(UID_CANCEL, 2018, 5, 12);
	ev[4].doc = "corpus/concert.txt";
	ev[4].title = "Open-air concert";
	ev[4].location = "Parc de la T\xC3\xAAte d'Or";
	ev[4].sentence = "The open-air concert on 12 May has been cancelled.";
	ev[4].date_text = "12 May";
	ev[4].status = CHR_EVENT_CANCELLED;
	ev[4].first_seen = FIX_T0 + 86400 * 7;
	ev[4].last_modified = FIX_T0 + 86400 * 15;
	ev[4].sequence = 2;

	ev[5] = fix_blank(UID_TIMED, 2018, 2, 5);
	ev[5].hour = 14;
	ev[5].minute = 0;
	ev[5].end_hour = 16;
	ev[5].end_minute = 30;
	ev[5].has_tz = true;
	ev[5].tz_minutes = 60;
	ev[5].doc = "corpus/press.txt";
	ev[5].title = "Press conference";
	ev[5].location = "Paris";
	ev[5].sentence = "A press conference starts at 14:00 CET on 5 February.";
	ev[5].date_text = "14:00 CET on 5 February";
	ev[5].first_seen = FIX_T0 + 86400 * 4;
	ev[5].last_modified = 0; /* never modified: feed->now */
}

/* Text that tries to end the event, open a script, close a CDATA
 * section, and carries control bytes and invalid UTF-8. */
#define HOSTILE_TITLE "Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT; a, b \\ c " \
	"</title><script>alert(1)</script> ]]> \x01\x1f\x7f bad\xff\xfe utf8\x0b" \
	" \"dq\" 'sq' &amp; \xF0\x9F\x8E\x89 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D " \
	"\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7"
/* What survives chr_wr_clean as one line: controls gone, each bad byte
 * U+FFFD; quotes, the emoji and the Hebrew and Arabic words as they were. */
#define HOSTILE_TITLE_CLEAN "Evil END:VEVENT BEGIN:VEVENT; a, b \\ c " \
	"</title><script>alert(1)</script> ]]> bad\xEF\xBF\xBD\xEF\xBF\xBD utf8" \
	" \"dq\" 'sq' &amp; \xF0\x9F\x8E\x89 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D " \
	"\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7"
#define HOSTILE_LOCATION "Room 1;\nDTSTART:19700101\n<b>&amp;</b>\x02"
#define HOSTILE_LOCATION_CLEAN "Room 1; DTSTART:19700101 <b>&amp;</b>"
#define HOSTILE_N 2

static inline void fix_hostile(chr_event ev[HOSTILE_N])
{
	ev[0] = fix_blank("0bad0bad-0000-5000-8000-000000000001", 2019, 9, 1);
	ev[0].doc = "corpus/evil.txt";
	ev[0].url = "https://example.org/a b\r\nEND:VCALENDAR\"><script>";
	ev[0].title = HOSTILE_TITLE;
	ev[0].location = HOSTILE_LOCATION;
	ev[0].sentence = "]]></content><entry>\x1b[31m\r\nINJECT";
	ev[0].date_text = "1 Sept\x1b" "ember\r\nX-INJECT:1";
	ev[0].first_seen = FIX_T0;
	ev[0].last_modified = FIX_T0;

	ev[1] = fix_blank("0bad0bad-0000-5000-8000-000000000002", 2019, 9, 2);
	ev[1].doc = "javascript:alert(1)";
	ev[1].url = "javascript:alert(2)";
	ev[1].title = "\xc0\xaf\xed\xa0\x80 overlong and surrogate";
	ev[1].first_seen = FIX_T0;
	ev[1].last_modified = FIX_T0;
}

static inline chr_status run_writer(writer_fn w, const chr_event *const *ev, size_t n,
                             const chr_feed *feed, chr_buf *out)
{
	chr_sink s = buf_sink(out);
	chr_error err;
	out->len = 0;
	return w(ev, n, feed, &s, &err);
}

/* Compares (or with CHR_UPDATE_GOLDEN=1, rewrites) tests/golden/name. */
static inline bool golden(const char *name, const chr_buf *out)
{
	char path[1024];
	const char *dir = getenv("CHR_GOLDEN_DIR");
	if (dir)
		snprintf(path, sizeof path, "%s/%s", dir, name);
	else {
		/* __FILE__ is tests/unit/write_fixture.h as make passes it. */
		const char *f = __FILE__;
		const char *cut = strstr(f, "unit/write_fixture.h");
		int keep = cut ? (int)(cut - f) : 0;
		snprintf(path, sizeof path, "%.*sgolden/%s", keep, f, name);
	}
	const char *upd = getenv("CHR_UPDATE_GOLDEN");
	if (upd && *upd == '1') {
		FILE *fp = fopen(path, "wb");
		bool good = fp && fwrite(out->data, 1, out->len, fp) == out->len;
		if (fp && fclose(fp) != 0)
			good = false;
		return good;
	}
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		fprintf(stderr, "# cannot open %s\n", path);
		return false;
	}
	chr_buf want;
	chr_buf_init(&want, 0);
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		if (chr_buf_add(&want, chunk, got) != CHR_OK)
			break;
	fclose(fp);
	bool same = want.len == out->len &&
	            (out->len == 0 || memcmp(want.data, out->data, out->len) == 0);
	if (!same) {
		size_t i = 0;
		while (i < want.len && i < out->len && want.data[i] == out->data[i])
			i++;
		fprintf(stderr, "# %s differs at byte %zu (want %zu bytes, got %zu)\n",
		        path, i, want.len, out->len);
	}
	chr_buf_free(&want);
	return same;
}

/* True when s[0..len) is valid UTF-8 with no C0 control other than
 * tab, LF and (when crlf) CR, and no DEL. */
static inline bool clean_bytes(const char *s, size_t len, bool crlf)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len; ) {
		int n = p[i] ? chr_utf8_seq(p + i, len - i) : 0;
		if (n == 0)
			return false;
		if (n == 1 && ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' &&
		                !(crlf && p[i] == '\r')) || p[i] == 0x7F))
			return false;
		i += (size_t)n;
	}
	return true;
}

/* The same events, in the given order and reversed, as pointer arrays. */
static inline void fix_pointers(const chr_event *ev, size_t n, const chr_event **fwd,
                         const chr_event **rev)
{
	for (size_t i = 0; i < n; i++) {
		fwd[i] = &ev[i];
		rev[i] = &ev[n - 1 - i];
	}
}

/* Runs w on the fixture forwards and backwards, and twice: the bytes must
 * not change. Then into a sink that fails: the error must come back. */
static inline void check_determinism_and_errors(writer_fn w, const char *what)
{
	chr_event ev[FIX_N];
	const chr_event *fwd[FIX_N], *rev[FIX_N];
	chr_feed feed = fix_feed();
	chr_buf a, b;
	fix_events(ev);
	fix_pointers(ev, FIX_N, fwd, rev);
	chr_buf_init(&a, 0);
	chr_buf_init(&b, 0);
	chr_status r1 = run_writer(w, fwd, FIX_N, &feed, &a);
	chr_status r2 = run_writer(w, rev, FIX_N, &feed, &b);
	ok(r1 == CHR_OK && r2 == CHR_OK && a.len == b.len &&
	   memcmp(a.data, b.data, a.len) == 0,
	   "%s: same bytes whatever the input order", what);
	r2 = run_writer(w, fwd, FIX_N, &feed, &b);
	ok(r2 == CHR_OK && a.len == b.len && memcmp(a.data, b.data, a.len) == 0,
	   "%s: same bytes on a second run", what);
	bool all = true;
	size_t total = a.len;
	for (size_t budget = 0; budget < total; budget += total / 7 + 1) {
		failing f = { budget, 0 };
		chr_sink s = { fail_write, &f };
		chr_error err;
		memset(&err, 0, sizeof err);
		chr_status r = w(fwd, FIX_N, &feed, &s, &err);
		if (r != CHR_EIO || err.status != CHR_EIO)
			all = false;
	}
	ok(all, "%s: a failing sink's CHR_EIO comes back, at any point", what);
	r1 = run_writer(w, NULL, 0, &feed, &a);
	ok(r1 == CHR_OK && a.len > 0, "%s: no events is still a document", what);
	chr_buf_free(&a);
	chr_buf_free(&b);
}

#endif
