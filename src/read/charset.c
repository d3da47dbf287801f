/*
 * Bytes to valid UTF-8, and the repairs that make a messy text readable.
 *
 * Policy: well-formed UTF-8 is kept; any other byte is taken as Windows-
 * 1252, which is what a stray non-UTF-8 byte in a news text almost always
 * is (curly quotes and dashes from a word processor, accents from a
 * Latin-1 page). A file that is mostly such bytes is still refused as
 * binary by the reader.
 */
#include "read/read.h"

#include <iconv.h>
#include <string.h>
#include <strings.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Windows-1252 0x80..0x9F; 0 where 1252 defines nothing. */
static const uint16_t cp1252_hi[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

bool chr_charset_ascii_compatible(const char *cs)
{
	/* markup's own characters, and UTF-7's "+-" (Shift_JIS's yen for
	 * the backslash and overline for the tilde are ASCII enough) */
	static const char probe[] = "<?xml version=\"1.0\" encoding='x'?><meta charset=x/>"
	                            "+-AZaz09&;#\n";
	if (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "UTF8") == 0 ||
	    strcasecmp(cs, "US-ASCII") == 0 || strcasecmp(cs, "ISO-8859-1") == 0)
		return true;
	iconv_t cd = iconv_open("UTF-8", cs);
	if (cd == (iconv_t)-1)
		return false;
	char out[sizeof probe * 4];
	char *in = (char *)probe, *o = out;
	size_t left = sizeof probe - 1, room = sizeof out;
	size_t r = iconv(cd, &in, &left, &o, &room);
	iconv_close(cd);
	return r != (size_t)-1 && left == 0 && (size_t)(o - out) == sizeof probe - 1 &&
	       memcmp(out, probe, sizeof probe - 1) == 0;
}

chr_status chr_read_put_cp(chr_buf *out, uint32_t cp)
{
	char b[4];
	size_t n;
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return chr_buf_add(out, b, n);
}

static uint32_t byte_1252(unsigned char c)
{
	if (c >= 0x80 && c < 0xA0)
		return cp1252_hi[c - 0x80] ? cp1252_hi[c - 0x80] : 0xFFFD;
	return c ? c : 0xFFFD;
}

/* Eight bytes that are all ASCII, none of them NUL. */
static bool plain_word(const unsigned char *s)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t w;
	memcpy(&w, s, 8);
	return !(w & highs) && !((w - ones) & ~w & highs);
}

/* The first byte at or after s[i] that is not ASCII or is stop or also,
 * or len. A stop of 0x80 or above stops at nothing more. This is most of
 * the cost of reading a plain text, so it goes 64 bytes at a time. */
static size_t ascii_run2(const unsigned char *s, size_t i, size_t len, unsigned char stop,
                         unsigned char also)
{
#if defined(__SSE2__)
	const __m128i st = _mm_set1_epi8((char)stop), al = _mm_set1_epi8((char)also);
#define MARK(x) _mm_or_si128(x, _mm_or_si128(_mm_cmpeq_epi8(x, st), _mm_cmpeq_epi8(x, al)))
	while (len - i >= 64) {
		const __m128i *p = (const __m128i *)(s + i);
		__m128i a = _mm_loadu_si128(p), b = _mm_loadu_si128(p + 1),
		        c = _mm_loadu_si128(p + 2), d = _mm_loadu_si128(p + 3);
		if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(MARK(a), MARK(b)),
		                                   _mm_or_si128(MARK(c), MARK(d)))))
			break; /* the sixteen-byte steps find where */
		i += 64;
	}
	while (len - i >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(s + i));
		unsigned bits = (unsigned)_mm_movemask_epi8(MARK(x));
		if (bits)
			return i + (unsigned)__builtin_ctz(bits);
		i += 16;
	}
#undef MARK
#else
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	while (len - i >= 8) {
		uint64_t w, x, y;
		memcpy(&w, s + i, 8);
		x = w ^ (ones * stop);
		y = w ^ (ones * also);
		if ((w & highs) || ((x - ones) & ~x & highs) || ((y - ones) & ~y & highs))
			break;
		i += 8;
	}
#endif
	while (i < len && s[i] < 0x80 && s[i] != stop && s[i] != also)
		i++;
	return i;
}

static size_t ascii_run(const unsigned char *s, size_t i, size_t len, unsigned char stop)
{
	return ascii_run2(s, i, len, stop, stop);
}

chr_status chr_read_decode(chr_buf *out, const char *src, size_t len,
                           bool cp1252, chr_decode_count *count)
{
	const unsigned char *s = (const unsigned char *)src;
	chr_status rc = CHR_OK;
	size_t i = 0, run = 0, bad = 0, nul = 0;
	while (i < len) {
		if (len - i >= 8 && plain_word(s + i)) {
			i += 8;
			continue;
		}
		if (s[i] != 0 && s[i] < 0x80) {
			i++;
			continue;
		}
		/* flush the clean run before i */
		if (i > run)
			CHECK(chr_buf_add(out, s + run, i - run));
		int n = cp1252 || s[i] == 0 ? 0 : chr_utf8_seq(s + i, len - i);
		if (n == 2 && s[i] == 0xC2 && s[i + 1] < 0xA0) {
			CHECK(chr_read_put_cp(out, byte_1252(s[i + 1])));
		} else if (n > 0) {
			CHECK(chr_buf_add(out, s + i, (size_t)n));
		} else {
			if (s[i] == 0)
				nul++;
			else if (!cp1252)
				bad++;
			CHECK(chr_read_put_cp(out, byte_1252(s[i])));
			n = 1;
		}
		i += (size_t)n;
		run = i;
	}
	if (len > run)
		CHECK(chr_buf_add(out, s + run, len - run));
	if (out->data == NULL)
		CHECK(chr_buf_add(out, "", 0));
cleanup:
	if (count) {
		count->cp1252 = bad;
		count->nul = nul;
	}
	return rc;
}

chr_status chr_read_utf32(chr_buf *out, const unsigned char *s, size_t len, bool be)
{
	chr_status rc = CHR_OK;
	size_t i = 0;
	for (; i + 3 < len; i += 4) {
		uint32_t u = be ? (uint32_t)s[i] << 24 | (uint32_t)s[i + 1] << 16 |
		                  (uint32_t)s[i + 2] << 8 | s[i + 3]
		                : (uint32_t)s[i + 3] << 24 | (uint32_t)s[i + 2] << 16 |
		                  (uint32_t)s[i + 1] << 8 | s[i];
		CHECK(chr_read_put_cp(out, u));
	}
	if (i < len)
		CHECK(chr_read_put_cp(out, 0xFFFD));
	if (out->data == NULL)
		CHECK(chr_buf_add(out, "", 0));
cleanup:
	return rc;
}

size_t chr_read_wide_bom(const unsigned char *s, size_t len, bool *be, bool *utf32)
{
	*be = *utf32 = false;
	if (len >= 4 && s[0] == 0xFF && s[1] == 0xFE && s[2] == 0 && s[3] == 0) {
		*utf32 = true; /* not UTF-16 that begins with a NUL */
		return 4;
	}
	if (len >= 4 && s[0] == 0 && s[1] == 0 && s[2] == 0xFE && s[3] == 0xFF) {
		*utf32 = *be = true;
		return 4;
	}
	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
		*be = s[0] == 0xFE;
		return 2;
	}
	return 0;
}

chr_status chr_read_utf16(chr_buf *out, const unsigned char *s, size_t len,
                          bool be)
{
	chr_status rc = CHR_OK;
	for (size_t i = 0; i + 1 < len; i += 2) {
		uint32_t u = be ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
		if (u >= 0xD800 && u < 0xDC00 && i + 3 < len) {
			uint32_t v = be ? (uint32_t)(s[i + 2] << 8 | s[i + 3])
			                : (uint32_t)(s[i + 3] << 8 | s[i + 2]);
			if (v >= 0xDC00 && v < 0xE000) {
				u = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
				i += 2;
			}
		}
		CHECK(chr_read_put_cp(out, u));
	}
	if (out->data == NULL)
		CHECK(chr_buf_add(out, "", 0));
cleanup:
	return rc;
}

/* ---- repairs ---- */

static uint32_t decode_at(const unsigned char *s, size_t avail, int *n)
{
	*n = chr_utf8_seq(s, avail);
	switch (*n) {
	case 1: return s[0];
	case 2: return (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
	case 3: return (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
	case 4: return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
		       (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
	default: *n = 1; return 0xFFFD;
	}
}

/* The 1252 byte that shows as code point cp, or -1. */
static int to_1252(uint32_t cp)
{
	if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
		return (int)cp;
	for (int k = 0; k < 32; k++)
		if (cp1252_hi[k] && cp1252_hi[k] == cp)
			return 0x80 + k;
	return -1;
}

/* At s: UTF-8 that was read as 1252 and written out again ("Ã©" for
 * "é", "â€™" for "’")? Then the original sequence goes to fix[] and the
 * bytes it covers to *used. */
static int mojibake(const unsigned char *s, size_t avail, unsigned char fix[4],
                    size_t *used)
{
	/* the lead byte must come back as U+00C2..U+00F4, written C3 xx */
	if (s[0] != 0xC3)
		return 0;
	int n;
	uint32_t cp = decode_at(s, avail, &n);
	int lead = to_1252(cp);
	int need = lead >= 0xC2 && lead <= 0xDF ? 1 : lead >= 0xE0 && lead <= 0xEF ? 2 :
	           lead >= 0xF0 && lead <= 0xF4 ? 3 : 0;
	if (need == 0 || n < 2)
		return 0;
	size_t at = (size_t)n;
	fix[0] = (unsigned char)lead;
	for (int k = 1; k <= need; k++) {
		if (at >= avail)
			return 0;
		int m;
		uint32_t c = decode_at(s + at, avail - at, &m);
		int b = to_1252(c);
		if (b < 0x80 || b > 0xBF || m < 2)
			return 0;
		fix[k] = (unsigned char)b;
		at += (size_t)m;
	}
	if (chr_utf8_seq(fix, (size_t)need + 1) != need + 1)
		return 0;
	*used = at;
	return need + 1;
}

static bool is_cjk_letter(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF);
}

static bool ascii_alpha(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static bool ascii_alnum(unsigned char c)
{
	return ascii_alpha(c) || (c >= '0' && c <= '9');
}

/* How many bytes are not ASCII, and how many CJK characters. */
static void script_counts(const unsigned char *s, size_t len, size_t *high, size_t *cjk)
{
	*high = *cjk = 0;
	for (size_t i = ascii_run(s, 0, len, 0x80); i < len; i = ascii_run(s, i, len, 0x80)) {
		int n;
		uint32_t cp = decode_at(s + i, len - i, &n);
		*high += (size_t)n;
		if (is_cjk_letter(cp) || (cp >= 0x3000 && cp <= 0x303F))
			(*cjk)++;
		i += (size_t)n;
	}
}

bool chr_read_latin(const char *text, size_t len)
{
	size_t high, cjk;
	script_counts((const unsigned char *)text, len, &high, &cjk);
	/* a CJK character stands for a word or so: four ASCII bytes */
	return cjk * 8 < len - high;
}

size_t chr_read_repair(char *text, size_t len)
{
	return chr_read_repair_as(text, len, -1);
}

/* Whether a stretch of blanks (' ', '\t', '\r') that starts the line's
 * text since the last repair counts as text. It does when it holds eight
 * blanks that are not all spaces, at a multiple of eight from its start:
 * the repairs have always taken such eight bytes at once, as text, and
 * the output stays the same. */
static bool blank_words_text(const unsigned char *s, size_t n)
{
	for (size_t k = 0; k + 8 <= n; k += 8)
		if (memcmp(s + k, "        ", 8) != 0)
			return true;
	return false;
}

static bool blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* What the repairs need to know of a text before they start. */
typedef struct facts {
	size_t high; /* bytes that are not ASCII */
	size_t cjk;  /* CJK characters (script_counts) */
	bool star;   /* a '*' */
	bool c3;     /* a 0xC3 byte, which mojibake starts with */
} facts;

static size_t repair_known(char *text, size_t len, int script, const facts *f);

size_t chr_read_repair_as(char *text, size_t len, int script)
{
	facts f;
	script_counts((const unsigned char *)text, len, &f.high, &f.cjk);
	f.star = memchr(text, '*', len) != NULL;
	f.c3 = memchr(text, 0xC3, len) != NULL;
	return repair_known(text, len, script, &f);
}

/* Whether s[0..len) is clean UTF-8 (chr_read_utf8_clean), and when f is
 * not NULL what the repairs need to know of it, in the same walk. */
static bool clean_walk(const unsigned char *s, size_t len, facts *f)
{
	if (f)
		*f = (facts){ 0, 0, false, false };
	for (size_t i = 0;;) {
		i = ascii_run2(s, i, len, 0, f ? '*' : 0);
		if (i >= len)
			return true;
		if (f && s[i] == '*') {
			f->star = true;
			i++;
			continue;
		}
		if (s[i] == 0)
			return false;
		int n = chr_utf8_seq(s + i, len - i);
		if (n == 0 || (n == 2 && s[i] == 0xC2 && s[i + 1] < 0xA0))
			return false;
		if (f) {
			if (s[i] == 0xC3)
				f->c3 = true;
			if (n == 3) { /* every CJK character script_counts counts is */
				int m;
				uint32_t cp = decode_at(s + i, len - i, &m);
				if (is_cjk_letter(cp) || (cp >= 0x3000 && cp <= 0x303F))
					f->cjk++;
			}
			f->high += (size_t)n;
		}
		i += (size_t)n;
	}
}

bool chr_read_utf8_clean(const char *src, size_t len)
{
	return clean_walk((const unsigned char *)src, len, NULL);
}

bool chr_read_repair_utf8(char *text, size_t len, size_t *out)
{
	facts f;
	if (!clean_walk((const unsigned char *)text, len, &f))
		return false;
	*out = repair_known(text, len, -1, &f);
	return true;
}

static size_t repair_known(char *text, size_t len, int script, const facts *f)
{
	unsigned char *s = (unsigned char *)text;
	/* Is this a Latin-script text? Only then are CJK runs noise. */
	bool latin = script >= 0 ? script == 1 : f->cjk * 8 < len - f->high;
	if (f->high == 0 && !f->star)
		return len;
	/* Below, only a '*', a 0xC3 byte (mojibake starts with one) and the
	 * CJK that script_counts counts change a byte: a text with none of
	 * them is left as it is, after fast scans instead of the loop. */
	if (f->cjk == 0 && !f->star && !f->c3)
		return len;
	/* write position; whether the line written so far has text: a line
	 * holding a CJK run alone loses it */
	size_t w = 0;
	bool text_seen = false;
	for (size_t i = 0; i < len;) {
		unsigned char c = s[i];
		if (c < 0x80 && c != '*') {
			/* ASCII up to the next byte a repair reads, kept as it is */
			size_t e = ascii_run(s, i, len, '*'), n = e - i;
			if (w != i)
				memmove(s + w, s + i, n);
			/* the line's text so far, from the end of the stretch */
			size_t k = n;
			while (k > 0 && blank(s[w + k - 1]))
				k--;
			if (k > 0 && s[w + k - 1] != '\n')
				text_seen = true;
			else if (k > 0)
				text_seen = w == i && blank_words_text(s + w + k, n - k);
			else if (w == i && !text_seen)
				text_seen = blank_words_text(s + w, n);
			w += n;
			i = e;
			continue;
		}
		if (c == '*') {
			if (w > 0 && ascii_alpha(s[w - 1]) && i + 1 < len &&
			    (s[i + 1] == 's' || (s[i + 1] == 't' && s[w - 1] == 'n')) &&
			    (i + 2 >= len || !ascii_alnum(s[i + 2])))
				c = '\'';
			s[w++] = c;
			text_seen = true;
			i++;
			continue;
		}
		unsigned char fix[4];
		size_t used;
		int k = mojibake(s + i, len - i, fix, &used);
		if (k > 0) {
			memcpy(s + w, fix, (size_t)k);
			w += (size_t)k;
			text_seen = true;
			i += used;
			continue;
		}
		int n;
		uint32_t cp = decode_at(s + i, len - i, &n);
		if (latin && cp >= 0x301D && cp <= 0x301F) {
			/* 〝〞〟 where a Latin text had quotes or a dash */
			bool before = w == 0 || s[w - 1] == '\n' || s[w - 1] == ' ' || s[w - 1] == '(';
			bool after = i + 3 >= len || s[i + 3] == ' ' || s[i + 3] == '\n';
			memcpy(s + w, before && after ? "\xE2\x80\x94" :
			       before ? "\xE2\x80\x9C" : "\xE2\x80\x9D", 3);
			w += 3;
			text_seen = true;
			i += 3;
			continue;
		}
		if (latin && is_cjk_letter(cp)) {
			size_t e = i;
			while (e < len) {
				int m;
				uint32_t d = decode_at(s + e, len - e, &m);
				if (!is_cjk_letter(d) && !(d >= 0x3000 && d <= 0x303F))
					break;
				e += (size_t)m;
			}
			size_t after = e;
			while (after < len && (s[after] == ' ' || s[after] == '\t' || s[after] == '\r'))
				after++;
			bool alone = !text_seen && (after >= len || s[after] == '\n');
			bool glued = (w > 0 && ascii_alpha(s[w - 1])) || (e < len && ascii_alpha(s[e]));
			if (alone || glued) {
				memset(s + w, ' ', e - i);
				w += e - i;
				i = e;
				continue;
			}
			memmove(s + w, s + i, e - i);
			w += e - i;
			text_seen = true;
			i = e;
			continue;
		}
		memmove(s + w, s + i, (size_t)n);
		w += (size_t)n;
		if (!(n == 2 && s[w - 2] == 0xC2 && s[w - 1] == 0xA0))
			text_seen = true; /* a no-break space is blank */
		i += (size_t)n;
	}
	if (w < len)
		s[w] = '\0';
	return w;
}

void chr_read_squeeze(char *s)
{
	size_t w = 0;
	bool gap = false;
	for (size_t i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7F) {
			gap = true;
			continue;
		}
		if (c == 0xC2 && (unsigned char)s[i + 1] == 0xA0) {
			gap = true;
			i++;
			continue;
		}
		if (gap && w > 0)
			s[w++] = ' ';
		gap = false;
		s[w++] = (char)c;
	}
	s[w] = '\0';
}

/* ---- dates in metadata ---- */

static int month_of(const char *s, size_t n)
{
	static const char *const names[] = { "jan", "feb", "mar", "apr", "may", "jun",
	                                     "jul", "aug", "sep", "oct", "nov", "dec" };
	if (n < 3)
		return 0;
	for (int m = 0; m < 12; m++) {
		bool eq = true;
		for (int k = 0; k < 3; k++)
			if ((s[k] | 0x20) != names[m][k])
				eq = false;
		if (eq)
			return m + 1;
	}
	return 0;
}

static bool digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int k = 0; k < n; k++) {
		if (s[k] < '0' || s[k] > '9')
			return false;
		*v = *v * 10 + (s[k] - '0');
	}
	return true;
}

static bool ok_date(int y, int m, int d, chr_date *out)
{
	chr_date x = { y, m, d };
	if (y < 1800 || y > 2200 || !chr_date_valid(x))
		return false;
	*out = x;
	return true;
}

/* "14.03.2019" is day first; "14/03/2019" and "03/14/2019" only when one
 * of the two cannot be a month. 1: a date, -1: such a date but ambiguous
 * or impossible, 0: not this form. */
static int numeric_dmy(const char *s, chr_date *out)
{
	int d, m, y;
	size_t n = strnlen(s, 11);
	if (n < 10 || !digits(s, 2, &d) || (s[2] != '.' && s[2] != '/') || !digits(s + 3, 2, &m) ||
	    s[5] != s[2] || !digits(s + 6, 4, &y) || (s[10] >= '0' && s[10] <= '9'))
		return 0;
	if (s[2] == '.')
		return ok_date(y, m, d, out) ? 1 : -1;
	if (m > 12)
		return ok_date(y, d, m, out) ? 1 : -1;
	if (d > 12)
		return ok_date(y, m, d, out) ? 1 : -1;
	return -1;
}

bool chr_read_parse_date(const char *s, chr_date *out)
{
	int y, m, d;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	if (n >= 10 && digits(s, 4, &y) && (s[4] == '-' || s[4] == '/') &&
	    digits(s + 5, 2, &m) && s[7] == s[4] && digits(s + 8, 2, &d) &&
	    (s[10] < '0' || s[10] > '9'))
		return ok_date(y, m, d, out);
	if (n >= 8 && digits(s, 8, &y) && (s[8] < '0' || s[8] > '9'))
		return ok_date(y / 10000, y / 100 % 100, y % 100, out);
	int num = numeric_dmy(s, out);
	if (num != 0)
		return num > 0;
	/* words and numbers: "Tue, 10 Nov 2026", "November 10, 2026" */
	int day = 0, mon = 0, year = 0;
	const char *p = s;
	for (int tok = 0; *p && tok < 8; tok++) {
		while (*p == ' ' || *p == ',' || *p == '.' || *p == '\t')
			p++;
		const char *b = p;
		while (*p && *p != ' ' && *p != ',' && *p != '.' && *p != '\t')
			p++;
		size_t k = (size_t)(p - b);
		if (k == 0)
			break;
		if (b[0] >= '0' && b[0] <= '9' && (num = numeric_dmy(b, out)) != 0)
			return num > 0;
		if (b[0] >= '0' && b[0] <= '9') {
			int v = 0;
			size_t j = 0;
			while (j < k && b[j] >= '0' && b[j] <= '9' && j < 5)
				v = v * 10 + (b[j++] - '0');
			if (j < k && b[j] == ':')
				break; /* a time: the date is over */
			if (j == 4 && !year)
				year = v;
			else if (j <= 2 && !day && v >= 1 && v <= 31)
				day = v;
			else if (j == 2 && day && mon && !year)
				year = v < 50 ? 2000 + v : 1900 + v;
		} else if (!mon && month_of(b, k)) {
			mon = month_of(b, k);
		}
		if (day && mon && year)
			return ok_date(year, mon, day, out);
	}
	return false;
}

/* ---- markup guard ---- */

enum { G_TEXT, G_LT, G_NAME, G_TAG, G_ATTR, G_EQ, G_VAL, G_DQ, G_SQ, G_BANG,
       G_COMMENT, G_RAW };

void chr_markup_guard_init(chr_markup_guard *g)
{
	memset(g, 0, sizeof *g);
}

static bool is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool raw_element(const char *n, size_t len)
{
	static const char *const raw[] = { "script", "style", "textarea", "title",
	                                   "xmp", "iframe", "noembed", "noframes" };
	for (size_t i = 0; i < CHR_ARRAY_LEN(raw); i++)
		if (strlen(raw[i]) == len && memcmp(raw[i], n, len) == 0)
			return true;
	return false;
}

static chr_status end_tag(chr_markup_guard *g, const char *file, chr_error *err)
{
	g->cost += (uint64_t)g->attrs * g->attrs;
	g->attrs = 0;
	/* About a second of libxml2's quadratic attribute checks at worst:
	 * an ordinary page costs a few per byte. */
	if (g->cost > 2000000 + 4 * g->bytes)
		return chr_fail(err, CHR_ELIMIT, file,
		                "too many attributes in its tags (refused)");
	return CHR_OK;
}

chr_status chr_markup_guard_feed(chr_markup_guard *g, const char *s, size_t len,
                                 const char *file, chr_error *err)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		g->bytes++;
		switch (g->state) {
		case G_TEXT:
			if (c == '<')
				g->state = G_LT;
			break;
		case G_LT:
			g->name_len = 0;
			if (ascii_alpha(c)) {
				g->name[g->name_len++] = (char)(c | 0x20);
				g->state = G_NAME;
			} else if (c == '!') {
				g->state = G_BANG;
				g->raw_match = 0;
			} else if (c != '<') {
				g->state = G_TEXT;
			}
			break;
		case G_NAME:
			if (is_ws(c) || c == '>' || c == '/') {
				memcpy(g->raw, g->name, g->name_len);
				g->raw_len = raw_element(g->name, g->name_len) ? g->name_len : 0;
				g->state = c == '>' ? G_TEXT : G_TAG;
				if (c == '>') {
					if (end_tag(g, file, err) != CHR_OK)
						return CHR_ELIMIT;
					if (g->raw_len) {
						g->state = G_RAW;
						g->raw_match = 0;
					}
				}
			} else if (g->name_len < sizeof g->name) {
				g->name[g->name_len++] = (char)(c | 0x20);
			}
			break;
		case G_TAG:
		case G_ATTR:
			if (c == '>') {
				if (end_tag(g, file, err) != CHR_OK)
					return CHR_ELIMIT;
				g->state = g->raw_len ? G_RAW : G_TEXT;
				g->raw_match = 0;
			} else if (c == '=' && g->state == G_ATTR) {
				g->state = G_EQ;
			} else if (is_ws(c) || c == '/') {
				g->state = G_TAG;
			} else if (g->state == G_TAG) {
				g->state = G_ATTR;
				if (++g->attrs > CHR_MAX_ATTRS)
					return chr_fail(err, CHR_ELIMIT, file,
					                "a tag with more than %u attributes (refused)",
					                CHR_MAX_ATTRS);
			}
			break;
		case G_EQ:
			if (c == '"')
				g->state = G_DQ;
			else if (c == '\'')
				g->state = G_SQ;
			else if (c == '>') {
				if (end_tag(g, file, err) != CHR_OK)
					return CHR_ELIMIT;
				g->state = g->raw_len ? G_RAW : G_TEXT;
				g->raw_match = 0;
			} else if (!is_ws(c))
				g->state = G_VAL;
			break;
		case G_VAL:
			if (is_ws(c))
				g->state = G_TAG;
			else if (c == '>') {
				if (end_tag(g, file, err) != CHR_OK)
					return CHR_ELIMIT;
				g->state = g->raw_len ? G_RAW : G_TEXT;
				g->raw_match = 0;
			}
			break;
		case G_DQ:
			if (c == '"')
				g->state = G_TAG;
			break;
		case G_SQ:
			if (c == '\'')
				g->state = G_TAG;
			break;
		case G_BANG:
			/* "<!--" opens a comment; any other "<!" ends at '>' */
			if (c == '-' && g->raw_match < 2) {
				if (++g->raw_match == 2) {
					g->state = G_COMMENT;
					g->raw_match = 0;
				}
			} else if (c == '>') {
				g->state = G_TEXT;
			} else {
				g->raw_match = 3;
			}
			break;
		case G_COMMENT:
			if (c == '-')
				g->raw_match++;
			else if (c == '>' && g->raw_match >= 2)
				g->state = G_TEXT;
			else
				g->raw_match = 0;
			break;
		case G_RAW:
			/* inside <script>...: only "</script" ends it */
			if (g->raw_match == 0) {
				if (c == '<')
					g->raw_match = 1;
			} else if (g->raw_match == 1) {
				g->raw_match = c == '/' ? 2 : c == '<' ? 1 : 0;
			} else if (g->raw_match - 2 < g->raw_len &&
			           (char)(c | 0x20) == g->raw[g->raw_match - 2]) {
				if (++g->raw_match - 2 == g->raw_len) {
					g->state = G_TAG;
					g->raw_len = 0;
				}
			} else {
				g->raw_match = c == '<' ? 1 : 0;
			}
			break;
		}
	}
	return CHR_OK;
}
