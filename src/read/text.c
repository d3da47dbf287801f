/*
 * Sources: a file, standard input or a buffer, whose format is sniffed
 * from its first bytes (a BOM, "<?xml", "<rss", "<feed", "<!doctype
 * html", "<html", else plain text) and read by the matching reader.
 *
 * Plain text never goes near libxml2. Ordinary articles are read whole. A
 * text larger than WHOLE_LIMIT is handed on in windows of about WINDOW
 * bytes (or what chr_reader_set_window asks for), each cut after a line
 * or sentence end, so memory stays flat however large the file and no
 * date is cut in two (dates never span a sentence end).
 */
#include "chronicle.h"
#include "read/read.h"
#include "util/util.h"

#include <errno.h>
#include <strings.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WHOLE_LIMIT (16u << 20)
#define WINDOW (4u << 20)
#define WINDOW_MIN (64u << 10)
#define SNIFF 65536u
/* A regular file from this size up, read whole, is mapped rather than
 * read: its pages come from the page cache as they are, where read
 * copies them into fresh memory, which the kernel must zero first. */
#define MAP_MIN (1u << 20)

struct chr_reader {
	FILE *f;
	bool owns_file;
	char *path;
	char *pending;     /* raw bytes read but not yet handed on */
	size_t pending_len;
	size_t pending_cap;
	size_t base;       /* offset of the next window in the repaired text */
	bool eof;
	bool large;        /* a regular file known to exceed WHOLE_LIMIT */
	size_t window;     /* the size of a huge text's windows */
	size_t size;       /* of a regular file read whole from its start that
	                    * may be mapped (chr_reader_open_mapped), else 0 */
	size_t mapped;     /* pending is a mapping of this many bytes (chr_map) */
	/* A large regular file read from its start (chr_reader_open_mapped)
	 * has its windows after the first mapped from it one by one
	 * (next_mapped) rather than read into pending: */
	off_t fsize;       /* its size when opened; 0 for any other source */
	bool windows_mapped; /* from foff on (pending is empty) */
	off_t foff;        /* the next window's offset in the file */
	size_t read_total; /* bytes read from the file into pending */
	bool sniffed;
	bool done;
	enum { KIND_TEXT, KIND_HTML, KIND_FEED, KIND_XML } kind;
	char *title;       /* a plain text's headline, for each window */
	chr_feed_reader *feed;
	size_t fed;        /* bytes of pending given to the feed reader */
};

static chr_status reader_open(const char *path, bool map, chr_reader **out, chr_error *err)
{
	chr_reader *r = calloc(1, sizeof *r);
	if (!r)
		return chr_fail(err, CHR_ENOMEM, path, "out of memory");
	r->window = WINDOW;
	r->path = malloc(strlen(path) + 1);
	if (!r->path) {
		free(r);
		return chr_fail(err, CHR_ENOMEM, path, "out of memory");
	}
	strcpy(r->path, path);
	if (strcmp(path, "-") == 0) {
		r->f = stdin;
	} else {
		r->f = fopen(path, "rb");
		if (!r->f) {
			chr_status rc = chr_fail(err, CHR_EIO, path, "%s", strerror(errno));
			chr_reader_close(r);
			return rc;
		}
		r->owns_file = true;
	}
	/* standard input too may be a file (`< big.txt`): only the unread
	 * part of it counts */
	struct stat st;
	off_t at = ftello(r->f);
	bool regular = fstat(fileno(r->f), &st) == 0 && S_ISREG(st.st_mode);
	r->large = regular && st.st_size - (at > 0 ? at : 0) > (off_t)WHOLE_LIMIT;
	if (map && regular && at <= 0 && !r->large)
		r->size = (size_t)st.st_size;
	if (map && regular && at <= 0 && r->large)
		r->fsize = st.st_size;
	*out = r;
	return CHR_OK;
}

chr_status chr_reader_open(const char *path, chr_reader **out, chr_error *err)
{
	return reader_open(path, false, out, err);
}

chr_status chr_reader_open_mapped(const char *path, chr_reader **out, chr_error *err)
{
	return reader_open(path, true, out, err);
}

chr_status chr_reader_open_memory(const char *name, const void *data, size_t len,
                                  chr_reader **out, chr_error *err)
{
	const char *n = name ? name : "-";
	chr_reader *r = calloc(1, sizeof *r);
	if (!r || !(r->path = malloc(strlen(n) + 1)) || !(r->pending = malloc(len + 1))) {
		chr_reader_close(r);
		return chr_fail(err, CHR_ENOMEM, n, "out of memory");
	}
	strcpy(r->path, n);
	r->window = WINDOW;
	if (len)
		memcpy(r->pending, data, len);
	r->pending_len = len;
	r->pending_cap = len + 1;
	r->eof = true;
	*out = r;
	return CHR_OK;
}

void chr_reader_set_window(chr_reader *r, size_t bytes)
{
	r->window = bytes < WINDOW_MIN ? WINDOW_MIN : bytes > WHOLE_LIMIT ? WHOLE_LIMIT : bytes;
}

static void pending_free(chr_reader *r)
{
	chr_release(r->pending, r->mapped);
	r->pending = NULL;
	r->mapped = 0;
}

void chr_reader_close(chr_reader *r)
{
	if (!r)
		return;
	if (r->owns_file && r->f)
		fclose(r->f);
	chr_feed_reader_free(r->feed);
	free(r->title);
	pending_free(r);
	free(r->path);
	free(r);
}

/* Reads until pending holds at least want bytes or the file ends. */
static chr_status fill(chr_reader *r, size_t want, chr_error *err)
{
	if (r->mapped)
		return CHR_OK; /* the whole file, and r->eof */
	if (want > r->pending_cap) {
		char *p = realloc(r->pending, want);
		if (!p)
			return chr_fail(err, CHR_ENOMEM, r->path, "out of memory");
		r->pending = p;
		r->pending_cap = want;
		chr_hint_huge(p, want);
	}
	if (!r->f)
		r->eof = true;
	while (!r->eof && r->pending_len < want) {
		size_t n = fread(r->pending + r->pending_len, 1,
		                 want - r->pending_len, r->f);
		r->pending_len += n;
		r->read_total += n;
		if (n == 0) {
			if (ferror(r->f))
				return chr_fail(err, CHR_EIO, r->path, "%s",
				                strerror(errno ? errno : EIO));
			r->eof = true;
		}
	}
	return CHR_OK;
}

static bool starts(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);
	return n >= k && strncasecmp(s, word, k) == 0;
}

static bool ext_is(const char *path, const char *const *exts, size_t count)
{
	const char *dot = strrchr(path, '.');
	if (!dot || strchr(dot, '/'))
		return false;
	for (size_t i = 0; i < count; i++)
		if (strcasecmp(dot, exts[i]) == 0)
			return true;
	return false;
}

/* What the first bytes say the source is. */
static int sniff_kind(const char *s, size_t n, const char *path)
{
	static const char *const html_ext[] = { ".html", ".htm", ".xhtml", ".shtml" };
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		n -= 3;
	}
	bool xml = false;
	for (int rounds = 0; rounds < 64; rounds++) {
		while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f')) {
			s++;
			n--;
		}
		const char *end = NULL;
		if (starts(s, n, "<?xml")) {
			xml = true;
			end = memchr(s, '>', n);
		} else if (starts(s, n, "<!--")) {
			for (size_t i = 4; i + 2 < n; i++)
				if (s[i] == '-' && s[i + 1] == '-' && s[i + 2] == '>') {
					end = s + i + 2;
					break;
				}
		} else if (starts(s, n, "<!doctype")) {
			if (starts(s + 9, n - 9, " html") || starts(s + 9, n - 9, "html"))
				return KIND_HTML;
			const char *br = memchr(s, '[', n), *gt = memchr(s, '>', n);
			end = gt;
			if (br && gt && br < gt) {
				/* an internal subset: up to "]>" */
				for (const char *p = br; p + 1 < s + n; p++)
					if (p[0] == ']' && p[1] == '>') {
						end = p + 1;
						break;
					}
			}
		} else if (starts(s, n, "<?")) {
			end = memchr(s, '>', n);
		} else {
			break;
		}
		if (!end)
			break;
		n -= (size_t)(end + 1 - s);
		s = end + 1;
	}
	if (starts(s, n, "<rss") || starts(s, n, "<feed") || starts(s, n, "<rdf:rdf") ||
	    starts(s, n, "<rdf "))
		return KIND_FEED;
	if (starts(s, n, "<html") || starts(s, n, "<head") || starts(s, n, "<body") ||
	    starts(s, n, "<!doctype html"))
		return KIND_HTML;
	if (xml && !ext_is(path, html_ext, CHR_ARRAY_LEN(html_ext)) && n && *s == '<' &&
	    (((s[1] | 0x20) >= 'a' && (s[1] | 0x20) <= 'z') || s[1] == '_'))
		return KIND_XML; /* a sitemap, an SVG: no article in it */
	if (xml || (n && *s == '<' && ext_is(path, html_ext, CHR_ARRAY_LEN(html_ext))))
		return KIND_HTML;
	if (ext_is(path, html_ext, CHR_ARRAY_LEN(html_ext))) {
		/* a fragment saved as .html: tags soon, then it is markup */
		size_t k = n < 1024 ? n : 1024;
		for (size_t i = 0; i + 1 < k; i++)
			if (s[i] == '<' && (((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z') ||
			                    s[i + 1] == '/'))
				return KIND_HTML;
	}
	return KIND_TEXT;
}

/* A file with NUL bytes, or mostly bytes that are neither text nor
 * Windows-1252 letters, is not text. r->kind is known. */
static chr_status sniff(chr_reader *r, chr_error *err)
{
	size_t n = r->pending_len < SNIFF ? r->pending_len : SNIFF;
	const unsigned char *s = (const unsigned char *)r->pending;
	size_t bad = 0, stray = 0;
	if (memchr(s, '\0', n))
		return chr_fail(err, CHR_EINPUT, r->path,
		                "binary file (it contains NUL bytes), skipped");
	/* Markup that declares a charset iconv reads (Shift_JIS, EUC-KR,
	 * GBK, KOI8-R) is decoded with it: its bytes are not UTF-8's. */
	char cs[40];
	bool declared = (r->kind == KIND_HTML || r->kind == KIND_FEED) &&
	                chr_read_declared_charset(r->pending, n, cs) &&
	                strcasecmp(cs, "UTF-8") != 0 && strcasecmp(cs, "UTF8") != 0 &&
	                chr_charset_ascii_compatible(cs);
	for (size_t i = 0; i < n;) {
		if (s[i] < 0x80) {
			if ((s[i] < ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' &&
			     s[i] != '\f' && s[i] != '\v' && s[i] != 0x1B) || s[i] == 0x7F)
				bad++;
			i++;
			continue;
		}
		if (declared) {
			i++;
			continue;
		}
		int k = chr_utf8_seq(s + i, n - i);
		if (k == 0) {
			/* A sequence cut by the sniff window is not an error. */
			if (n - i < 4 && n < r->pending_len)
				break;
			/* 1252's letters and punctuation are text; its holes
			 * and C1-looking bytes in a row are not */
			if (s[i] < 0xA0 && (i + 1 >= n || (s[i + 1] >= 0x80 && s[i + 1] < 0xA0)))
				bad++;
			stray++;
			k = 1;
		}
		i += (size_t)k;
	}
	/* A Latin-1 or 1252 text has a few bytes that are not UTF-8; noise,
	 * or a charset 1252 cannot read (KOI8-R, 1251), has them everywhere. */
	if (n && stray * 10 > n * 3)
		return chr_fail(err, CHR_EINPUT, r->path,
		                "not UTF-8 text (%zu invalid bytes in the first %zu), skipped",
		                stray, n);
	if (n && bad * 10 > n)
		return chr_fail(err, CHR_EINPUT, r->path,
		                "not text (%zu control or stray bytes in the first %zu), skipped",
		                bad, n);
	return CHR_OK;
}


static chr_status fail_done(chr_reader *r, chr_error *warn)
{
	r->done = true;
	return warn && warn->status != CHR_OK ? warn->status : CHR_EINPUT;
}

/* A first short line without final punctuation: the headline. */
static char *plain_headline(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && ((unsigned char)s[i] <= ' '))
		i++;
	size_t b = i;
	while (i < len && s[i] != '\n')
		i++;
	size_t e = i;
	while (e > b && (unsigned char)s[e - 1] <= ' ')
		e--;
	size_t rest = i;
	while (rest < len && (unsigned char)s[rest] <= ' ')
		rest++;
	if (i >= len || rest >= len || e - b < 3 || e - b > 200)
		return NULL;
	char last = s[e - 1];
	if (strchr(".,;:!?", last) || (e - b >= 3 && memcmp(s + e - 3, "\xE2\x80\xA6", 3) == 0))
		return NULL;
	size_t words = 0;
	bool in = false, letters = false;
	for (size_t k = b; k <= e; k++) {
		unsigned char c = k < e ? (unsigned char)s[k] : ' ';
		if (c == ' ' || c == '\t') {
			words += in && letters;
			in = letters = false;
		} else {
			in = true;
			letters |= ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
		}
	}
	if (words < 3)
		return NULL;
	char *t = malloc(e - b + 1);
	if (!t)
		return NULL;
	memcpy(t, s + b, e - b);
	t[e - b] = '\0';
	chr_read_squeeze(t);
	return t;
}

/* Where to end a window of pending[0..len): after the last newline (or
 * CR, in a text whose lines end with one alone), else
 * after the last sentence end, else after a space far from any date
 * (chr_dates_cut), else after the last space, else at a character
 * boundary. */
static size_t cut_point(const char *s, size_t len)
{
	size_t floor = len / 2;
	size_t nl = chr_last_byte(s, floor, len, '\n');
	if (nl == SIZE_MAX)
		nl = chr_last_byte(s, floor, len, '\r'); /* lines ended by a CR alone */
	if (nl != SIZE_MAX)
		return nl + 1;
	/* ". The": a sentence end, unless the word before the stop is
	 * capitalised ("Dec. 19", "U.S. officials") or one letter after a
	 * period ("10 a.m. CET", "p.m. Monday", "e.g. May": the stop is an
	 * abbreviation's, and the date core reads on past it) */
	for (size_t i = len - 1; i > floor + 2; i--) {
		if (!((s[i - 2] == '.' || s[i - 2] == '!' || s[i - 2] == '?') &&
		      s[i - 1] == ' ' && s[i] >= 'A' && s[i] <= 'Z'))
			continue;
		size_t w = i - 2;
		while (w > 0 && ((s[w - 1] >= 'a' && s[w - 1] <= 'z') ||
		                 (s[w - 1] >= 'A' && s[w - 1] <= 'Z')))
			w--;
		if (w < i - 2 && s[w] >= 'a' && s[w] <= 'z' &&
		    !(w + 1 == i - 2 && w > 0 && s[w - 1] == '.'))
			return i;
	}
	size_t quiet = chr_dates_cut(s, floor, len);
	if (quiet < len)
		return quiet;
	for (size_t i = len; i > floor; i--)
		if (s[i - 1] == ' ' || s[i - 1] == '\t')
			return i;
	size_t i = len;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0 && (unsigned char)s[i - 1] >= 0xC0)
		i--;
	return i ? i : len;
}


/* Hands pending[0..len) to a new document without copying it: the
 * document takes the buffer, and the bytes after the window (from take,
 * len <= take after in-place repairs) move to a fresh one (a partial line,
 * or what the first fill read beyond it). */
static chr_status hand_on(chr_reader *r, size_t take, size_t len, chr_doc **doc)
{
	size_t rest = r->pending_len - take;
	char *next = NULL;
	size_t next_cap = 0;
	if (rest || !r->eof) {
		/* one byte over a window, so a full one still has room for its NUL */
		next_cap = (rest > r->window ? rest : r->window) + 1;
		next = malloc(next_cap);
		if (!next)
			return CHR_ENOMEM;
		memcpy(next, r->pending + take, rest);
	}
	char *text = r->pending;
	if (r->mapped) {
		/* the whole file, as mapped: the document unmaps it */
		size_t mapped = r->mapped;
		r->pending = NULL;
		r->mapped = 0;
		r->pending_cap = r->pending_len = 0;
		*doc = chr_doc_new_mapped(r->path, text, len, mapped);
		return *doc ? CHR_OK : CHR_ENOMEM;
	}
	/* The last piece shrinks to its size (in place: mremap for a large
	 * block). A window keeps its full size: the next window's buffer then
	 * fits the hole it leaves when freed, where shrunk ones left holes
	 * just too small and the heap grew by a window each time. It grows
	 * only when a window fills the buffer to the last byte. */
	if ((next == NULL && len + 1 != r->pending_cap) || len + 1 > r->pending_cap) {
		char *p = realloc(text, len + 1);
		if (p)
			text = p;
		else if (len + 1 > r->pending_cap) {
			free(next);
			return CHR_ENOMEM;
		}
	}
	r->pending = next;
	r->pending_cap = next_cap;
	r->pending_len = rest;
	*doc = chr_doc_new_own(r->path, text, len);
	return *doc ? CHR_OK : CHR_ENOMEM;
}

/* A text that was repaired says so (and the CLI exits 1), even when the
 * repair is only NUL bytes that came too late for the binary check. */
static void repair_warning(chr_error *warn, const char *path, const chr_decode_count *c)
{
	if (!warn || warn->problem[0] || (!c->cp1252 && !c->nul))
		return;
	if (c->cp1252 && c->nul)
		chr_fail(warn, CHR_OK, path,
		         "invalid UTF-8 repaired: %zu byte%s read as Windows-1252, %zu NUL "
		         "byte%s replaced with U+FFFD", c->cp1252, c->cp1252 == 1 ? "" : "s",
		         c->nul, c->nul == 1 ? "" : "s");
	else if (c->cp1252)
		chr_fail(warn, CHR_OK, path,
		         "invalid UTF-8 repaired: %zu byte%s read as Windows-1252", c->cp1252,
		         c->cp1252 == 1 ? "" : "s");
	else
		chr_fail(warn, CHR_OK, path, "%zu NUL byte%s replaced with U+FFFD", c->nul,
		         c->nul == 1 ? "" : "s");
}

/* UTF-16 or UTF-32 with a BOM: everything after reads the UTF-8 it
 * becomes. */
static chr_status from_utf16(chr_reader *r, chr_error *err)
{
	const unsigned char *u = (const unsigned char *)r->pending;
	bool be, wide32;
	size_t bom = chr_read_wide_bom(u, r->pending_len, &be, &wide32);
	if (!bom)
		return CHR_OK;
	if (!r->eof)
		return chr_fail(err, CHR_ELIMIT, r->path,
		                "UTF-%d file larger than %u MB (refused)", wide32 ? 32 : 16,
		                WHOLE_LIMIT >> 20);
	chr_buf b;
	chr_buf_init(&b, 0);
	chr_status rc = wide32 ? chr_read_utf32(&b, u + bom, r->pending_len - bom, be)
	                       : chr_read_utf16(&b, u + bom, r->pending_len - bom, be);
	if (rc != CHR_OK) {
		chr_buf_free(&b);
		return chr_fail(err, rc, r->path, "out of memory");
	}
	pending_free(r);
	r->pending = b.data;
	r->pending_len = b.len;
	r->pending_cap = b.cap;
	return CHR_OK;
}

static chr_status next_html(chr_reader *r, chr_doc **doc, chr_error *warn)
{
	chr_status rc = CHR_OK;
	chr_buf utf8, text;
	chr_page_meta meta;
	chr_decode_count count = { 0, 0 };
	memset(&meta, 0, sizeof meta);
	chr_buf_init(&utf8, 0);
	chr_buf_init(&text, 0);
	r->done = true;
	if (!r->eof || r->pending_len > CHR_HTML_LIMIT)
		return chr_fail(warn, CHR_ELIMIT, r->path, "HTML larger than %u MB (refused)",
		                CHR_HTML_LIMIT >> 20);
	rc = chr_html_decode(r->pending, r->pending_len, &utf8, &count);
	if (rc == CHR_OK)
		rc = chr_html_extract(utf8.data, utf8.len, false, r->path, &text, &meta, warn);
	else
		chr_fail(warn, rc, r->path, "out of memory");
	if (rc != CHR_OK)
		goto cleanup;
	text.len = chr_read_repair(text.data, text.len);
	*doc = chr_doc_new_own(r->path, text.data, text.len);
	text.data = NULL; /* the document's now, or freed */
	if (!*doc ||
	    (meta.title && !chr_doc_set_title(*doc, meta.title)) ||
	    (meta.url && !chr_doc_set_url(*doc, meta.url))) {
		chr_doc_free(*doc);
		*doc = NULL;
		rc = chr_fail(warn, CHR_ENOMEM, r->path, "out of memory");
		goto cleanup;
	}
	if (chr_date_valid(meta.published))
		chr_doc_set_published(*doc, meta.published, CHR_PUB_META);
	repair_warning(warn, r->path, &count);
cleanup:
	chr_page_meta_free(&meta);
	chr_buf_free(&utf8);
	chr_buf_free(&text);
	return rc;
}

#define FEED_CHUNK (256u << 10)

static chr_status next_feed(chr_reader *r, chr_doc **doc, chr_error *warn)
{
	chr_status rc;
	if (!r->feed && (rc = chr_feed_reader_new(r->path, &r->feed, warn)) != CHR_OK)
		return rc;
	for (;;) {
		if ((rc = chr_feed_reader_pop(r->feed, doc, warn)) != CHR_OK || *doc)
			return rc;
		if (r->fed == r->pending_len && r->eof && r->done)
			return CHR_OK;
		if (r->fed == r->pending_len && !r->eof) {
			r->pending_len = r->fed = 0;
			if ((rc = fill(r, r->window, warn)) != CHR_OK)
				return rc;
		}
		size_t n = r->pending_len - r->fed;
		if (n > FEED_CHUNK)
			n = FEED_CHUNK;
		bool last = r->eof && r->fed + n == r->pending_len;
		rc = chr_feed_reader_push(r->feed, r->pending + r->fed, n, last, warn);
		r->fed += n;
		if (last)
			r->done = true;
		if (rc != CHR_OK)
			return rc;
	}
}

/* The bytes [at, at + n) of r's file, read into a new block *out with
 * room for a NUL after them: what next_mapped does when it cannot map
 * them. *got falls short when the file shrank. */
static chr_status read_at(chr_reader *r, off_t at, size_t n, char **out, size_t *got,
                          chr_error *warn)
{
	char *p = malloc(n + 1);
	if (!p)
		return chr_fail(warn, CHR_ENOMEM, r->path, "out of memory");
	*got = 0;
	while (*got < n) {
		ssize_t k = pread(fileno(r->f), p + *got, n - *got, at + (off_t)*got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			free(p);
			return chr_fail(warn, CHR_EIO, r->path, "%s", strerror(errno));
		}
		if (k == 0)
			break;
		*got += (size_t)k;
	}
	*out = p;
	return CHR_OK;
}

/* A document of s[0..take), which is not clean UTF-8, decoded into a
 * new block (chr_read_decode) and repaired; its length in *len. */
static chr_status decoded_doc(chr_reader *r, const char *s, size_t take, chr_decode_count *count,
                              size_t *len, chr_doc **doc)
{
	chr_buf text;
	chr_buf_init(&text, 0);
	chr_status rc = chr_read_decode(&text, s, take, false, count);
	if (rc != CHR_OK) {
		chr_buf_free(&text);
		return rc;
	}
	*len = chr_read_repair(text.data, text.len);
	*doc = chr_doc_new_own(r->path, text.data, *len);
	return CHR_OK;
}

/*
 * The next window of a large regular file (r->windows_mapped), mapped
 * from the file as its own mapping (chr_map_at): its bytes are the page
 * cache's, where reading them copied each into a buffer first, and the
 * document unmaps them when it is done. The window ends where the one
 * read into pending would: at cut_point of the next r->window bytes, or
 * at the file's end when fewer are left.
 */
static chr_status next_mapped(chr_reader *r, chr_doc **doc, size_t *base, chr_error *warn)
{
	chr_status rc = CHR_OK;
	off_t left = r->fsize - r->foff;
	if (left <= 0) {
		r->done = true;
		return CHR_OK;
	}
	bool last = left < (off_t)r->window;
	size_t avail = last ? (size_t)left : r->window, mapped = 0;
	char *p = chr_map_at(fileno(r->f), r->foff, avail, r->path, &mapped);
	if (!p) {
		/* every slot taken, or no mapping to be had: read it */
		size_t got = 0;
		if ((rc = read_at(r, r->foff, avail, &p, &got, warn)) != CHR_OK) {
			r->done = true;
			return rc;
		}
		if (got < avail) { /* the file shrank: it ends here */
			avail = got;
			last = true;
		}
		if (avail == 0) {
			free(p);
			r->done = true;
			return CHR_OK;
		}
	}
	size_t take = last ? avail : cut_point(p, avail), len;
	chr_decode_count count = { 0, 0 };
	if (chr_read_repair_utf8(p, take, &len)) {
		/* the repairs only shrink or keep the text: in place, no copy */
		*doc = mapped ? chr_doc_new_mapped(r->path, p, len, mapped)
		              : chr_doc_new_own(r->path, p, len);
	} else {
		rc = decoded_doc(r, p, take, &count, &len, doc);
		chr_release(p, mapped);
		if (rc != CHR_OK) {
			r->done = true;
			return chr_fail(warn, rc, r->path, "out of memory");
		}
	}
	if (*doc)
		chr_doc_set_window(*doc, false, last);
	if (!*doc || (r->title && !chr_doc_set_title(*doc, r->title))) {
		chr_doc_free(*doc);
		*doc = NULL;
		r->done = true;
		return chr_fail(warn, CHR_ENOMEM, r->path, "out of memory");
	}
	*base = r->base;
	r->base += len;
	r->foff += (off_t)take;
	if (last)
		r->done = true;
	repair_warning(warn, r->path, &count);
	return CHR_OK;
}

chr_status chr_reader_next(chr_reader *r, chr_doc **doc, size_t *base,
                           chr_error *warn)
{
	chr_status rc;
	*doc = NULL;
	*base = 0;
	if (warn)
		memset(warn, 0, sizeof *warn);
	if (r->kind == KIND_FEED && r->feed) {
		rc = next_feed(r, doc, warn);
		if (rc != CHR_OK)
			goto fail;
		return CHR_OK;
	}
	if (r->done)
		return CHR_OK;
	if (r->windows_mapped)
		return next_mapped(r, doc, base, warn);
	if (!r->sniffed) {
		/* Enough to tell a whole text from a windowed one. A file known
		 * to be larger is read a window at a time from the start: the
		 * whole limit read first would be copied forward window by
		 * window, into fresh memory each time. */
		if (r->size >= MAP_MIN &&
		    (r->pending = chr_map(fileno(r->f), r->size, r->path, &r->mapped))) {
			/* the whole file at once, as the page cache holds it */
			r->pending_len = r->size;
			r->pending_cap = r->mapped;
			r->eof = true;
		} else if ((rc = fill(r, r->large ? r->window + 1 : WHOLE_LIMIT + 1, warn)) != CHR_OK) {
			goto fail;
		}
		r->sniffed = true;
		const unsigned char *u = (const unsigned char *)r->pending;
		bool be, wide32;
		bool utf16 = chr_read_wide_bom(u, r->pending_len, &be, &wide32) > 0;
		if (utf16 && (rc = from_utf16(r, warn)) != CHR_OK)
			goto fail;
		r->kind = sniff_kind(r->pending, r->pending_len, r->path);
		if ((rc = sniff(r, warn)) != CHR_OK)
			goto fail;
		if (r->kind == KIND_XML) {
			rc = chr_fail(warn, CHR_EINPUT, r->path,
			              "XML that is neither a feed nor an HTML page, skipped");
			goto fail;
		}
		if (r->kind == KIND_HTML)
			return next_html(r, doc, warn) == CHR_OK ? CHR_OK : fail_done(r, warn);
		if (r->kind == KIND_FEED) {
			/* a UTF-16 feed is UTF-8 by now: libxml2 notes that its
			 * declaration says otherwise, and reads it as it is */
			rc = next_feed(r, doc, warn);
			if (rc != CHR_OK)
				goto fail;
			return CHR_OK;
		}
	} else if ((rc = fill(r, r->window, warn)) != CHR_OK) {
		goto fail;
	}
	if (r->pending_len == 0 && r->base > 0) {
		r->done = true;
		return CHR_OK;
	}
	/* a text handed on in windows stays so to its end, whose last fits
	 * one (a source held in memory has all of its rest pending, which
	 * may be under the limit and still hold several) */
	size_t take = r->pending_len;
	if (!r->eof || take > WHOLE_LIMIT || (r->base > 0 && take > r->window))
		take = cut_point(r->pending, take < r->window ? take : r->window);
	bool last = r->eof && take == r->pending_len; /* the source's end */
	chr_decode_count count = { 0, 0 };
	size_t len;
	bool handed = false;
	if (chr_read_repair_utf8(r->pending, take, &len)) {
		/* the repairs only shrink or keep the text: in place, no copy */
		if (hand_on(r, take, len, doc) != CHR_OK) {
			rc = chr_fail(warn, CHR_ENOMEM, r->path, "out of memory");
			goto fail;
		}
		handed = true;
	} else if ((rc = decoded_doc(r, r->pending, take, &count, &len, doc)) != CHR_OK) {
		chr_fail(warn, rc, r->path, "out of memory");
		goto fail;
	}
	*base = r->base;
	if (*doc)
		chr_doc_set_window(*doc, r->base == 0, last);
	if (*doc && r->base == 0 && !r->title)
		r->title = plain_headline(chr_doc_text(*doc), len);
	r->base += len;
	if (!handed) {
		memmove(r->pending, r->pending + take, r->pending_len - take);
		r->pending_len -= take;
	}
	if (r->eof && r->pending_len == 0)
		r->done = true;
	if (!*doc || (r->title && !chr_doc_set_title(*doc, r->title))) {
		chr_doc_free(*doc);
		*doc = NULL;
		rc = chr_fail(warn, CHR_ENOMEM, r->path, "out of memory");
		goto fail;
	}
	repair_warning(warn, r->path, &count);
	if (r->fsize && r->kind == KIND_TEXT && !r->done) {
		/* the first window was read (and sniffed); the rest are mapped,
		 * from the first byte pending still holds */
		r->foff = (off_t)(r->read_total - r->pending_len);
		pending_free(r);
		r->pending_len = r->pending_cap = 0;
		r->windows_mapped = true;
	}
	return CHR_OK;
fail:
	r->done = true;
	if (r->kind == KIND_FEED)
		r->fed = r->pending_len, r->eof = true;
	return rc;
}
