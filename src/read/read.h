/* Private to src/read/: decoding, repairs, HTML and feed extraction. */
#ifndef CHR_READ_READ_H
#define CHR_READ_READ_H

#include "chronicle.h"
#include "util/util.h"

#include <stdint.h>

/* Markup documents are parsed whole, so they have a size limit; plain
 * text and feeds stream and have none. */
#define CHR_HTML_LIMIT (16u << 20)
/* libxml2 stops at 256 open elements without XML_PARSE_HUGE (which is
 * never set); refusing a little earlier gives our own message. */
#define CHR_MAX_DEPTH 250
#define CHR_MAX_ELEMENTS 500000u
#define CHR_MAX_ATTRS 1000u

/* ---- charset.c ---- */

/**
 * Appends src[0..len) to out as valid UTF-8. cp1252 false: well-formed
 * UTF-8 is kept, and every byte that does not begin a well-formed
 * sequence is read as Windows-1252 (the five bytes 1252 leaves undefined,
 * and NUL, become U+FFFD). cp1252 true: every byte is Windows-1252. C1
 * control characters (U+0080..U+009F), which only ever appear when 1252
 * bytes were taken for Latin-1, become their 1252 characters too.
 * *count says what was replaced (may be NULL).
 */
typedef struct chr_decode_count {
	size_t cp1252; /* bytes that were no UTF-8, read as Windows-1252 in UTF-8 mode */
	size_t nul;    /* NUL bytes, which became U+FFFD */
} chr_decode_count;

/**
 * Whether cs is a charset iconv knows in which ASCII bytes are ASCII (so
 * that a declaration of it, itself read as ASCII, can be true): not
 * UTF-16, UTF-32, UCS-2, UTF-7 or EBCDIC.
 */
bool chr_charset_ascii_compatible(const char *cs);

/**
 * The charset the first 4 KB of an HTML page or an XML document declare
 * (<meta charset>, http-equiv's charset=, <?xml encoding=?>), into name;
 * false when they declare none.
 */
bool chr_read_declared_charset(const char *s, size_t len, char name[40]);

chr_status chr_read_decode(chr_buf *out, const char *src, size_t len,
                           bool cp1252, chr_decode_count *count);

/** Appends UTF-32 (little or big endian, no BOM) as UTF-8; surrogates,
 * NUL and values past U+10FFFF become U+FFFD, and so does a cut
 * character at the end. */
chr_status chr_read_utf32(chr_buf *out, const unsigned char *src, size_t len,
                          bool big_endian);

/** The size of the UTF-16 or UTF-32 byte order mark s starts with (2 or
 * 4, with its endianness and width), or 0. */
size_t chr_read_wide_bom(const unsigned char *s, size_t len, bool *big_endian,
                         bool *utf32);

/** Appends UTF-16 (little or big endian, no BOM) as UTF-8; unpaired
 * surrogates become U+FFFD. A trailing odd byte is dropped. */
chr_status chr_read_utf16(chr_buf *out, const unsigned char *src, size_t len,
                          bool big_endian);

/** Appends the UTF-8 encoding of code point cp. */
chr_status chr_read_put_cp(chr_buf *out, uint32_t cp);

/** True when s[0..len) is well-formed UTF-8 with no NUL and no C1
 * control character: text that decoding would leave as it is. */
bool chr_read_utf8_clean(const char *s, size_t len);

/**
 * Repairs valid UTF-8 text in place and returns its new length (never
 * longer): mojibake (UTF-8 read as 1252 and written again, "â€™") back
 * to what it was; "Committee*s" to "Committee's"; stray 〝〞〟 to quotes
 * or a dash; and, in a text that is mostly Latin script, runs of CJK
 * letters glued to Latin words or alone on their line (injected spam)
 * to spaces of the same length. All but mojibake keep every offset.
 */
size_t chr_read_repair(char *s, size_t len);

/** chr_read_utf8_clean and chr_read_repair in one pass: when s[0..len)
 * is clean, repairs it, sets *out to its new length and returns true;
 * else returns false and leaves it as it was. */
bool chr_read_repair_utf8(char *s, size_t len, size_t *out);

/** chr_read_repair for a short piece of a longer text (a headline):
 * script 1 when the whole text is in Latin script, 0 when not, -1 to
 * judge from s itself. */
size_t chr_read_repair_as(char *s, size_t len, int script);

/** Whether a text is in Latin script, as chr_read_repair judges it. */
bool chr_read_latin(const char *s, size_t len);

/** Collapses white space runs to one space and trims; in place. */
void chr_read_squeeze(char *s);

/**
 * A date from a metadata string: RFC 3339 / ISO 8601 ("2026-11-12",
 * "2026-11-12T09:00:00Z", "2026/11/12"), RFC 822 ("Tue, 10 Nov 2026
 * 10:00:00 +0000") or "10 November 2026" / "November 10, 2026". The day
 * as written, without moving it to another zone.
 */
bool chr_read_parse_date(const char *s, chr_date *out);

/**
 * Bounds libxml2's cost on hostile markup before it is parsed: counts
 * the attributes of each tag (libxml2 checks them for duplicates in
 * quadratic time) and fails on more than CHR_MAX_ATTRS in one tag or
 * too many overall. Incremental: feed chunks in order.
 */
typedef struct chr_markup_guard {
	int state;
	unsigned attrs;      /* in the current tag */
	uint64_t cost;       /* sum of attrs squared */
	uint64_t bytes;
	char raw[12];        /* the raw-text element we are in: "script" */
	size_t raw_len, raw_match;
	char name[12];
	size_t name_len;
} chr_markup_guard;

void chr_markup_guard_init(chr_markup_guard *g);
/** CHR_OK, or CHR_ELIMIT with problem set. */
chr_status chr_markup_guard_feed(chr_markup_guard *g, const char *s, size_t len,
                                 const char *file, chr_error *err);

/* ---- html.c ---- */

/** A copy of s for a title or URL: at most 4 KB, white space squeezed,
 * no control characters. NULL for NULL or without memory. */
char *chr_read_dup_text(const char *s);

/** An absolute http or https URL with a host and no white space. */
bool chr_read_absolute_url(const char *u);


/* What a page says about itself. Strings are owned, may be NULL. */
typedef struct chr_page_meta {
	char *title;
	char *url;
	chr_date published;
} chr_page_meta;

void chr_page_meta_free(chr_page_meta *m);

/**
 * Parses an HTML page given as UTF-8 (already decoded) and extracts its
 * main text into text (line breaks between blocks, blank lines between
 * paragraphs) and what it says about itself into meta. fragment: the
 * content of a feed item (no main-content search, no metadata). Returns
 * CHR_ELIMIT / CHR_EINPUT with err set for a page that is refused.
 */
chr_status chr_html_extract(const char *html, size_t len, bool fragment,
                            const char *file, chr_buf *text,
                            chr_page_meta *meta, chr_error *err);

/** Text of an already parsed (XHTML) subtree, as chr_html_extract
 * would give it. node is an xmlNodePtr. */
chr_status chr_html_node_text(void *node, chr_buf *text);

/**
 * Decodes raw HTML bytes to UTF-8: BOM, else <meta charset> or
 * http-equiv, else the XML declaration, else UTF-8 with Windows-1252
 * fallback. *count says what was replaced.
 */
chr_status chr_html_decode(const char *raw, size_t len, chr_buf *out,
                           chr_decode_count *count);

/* ---- feed.c ---- */

typedef struct chr_feed_reader chr_feed_reader;

/** A streaming RSS 2.0 / RSS 1.0 / Atom reader named name (for uris). */
chr_status chr_feed_reader_new(const char *name, chr_feed_reader **out,
                               chr_error *err);
/**
 * Gives the next chunk of the feed's bytes (len 0 with last at the end).
 * Items completed by it are queued. Returns an error when the feed is
 * refused (billion laughs, too deep, not XML at all).
 */
chr_status chr_feed_reader_push(chr_feed_reader *f, const char *data, size_t len,
                                bool last, chr_error *err);
/** The next queued item as a document, or NULL when none is queued. */
chr_status chr_feed_reader_pop(chr_feed_reader *f, chr_doc **doc, chr_error *err);
void chr_feed_reader_free(chr_feed_reader *f);

#endif
