/*
 * Sentence boundaries, found once per document so that every mention's
 * sentence is a binary search away (the document is never rescanned per
 * mention).
 *
 * News text breaks sentences at ". " before a capital, and paragraphs at
 * line ends; headlines and stamps end a line with no punctuation at all.
 * Abbreviations ("Mr.", "U.S.", "Sept.", initials) are the usual trap.
 */
#include "event/event.h"
#include "date/mentions.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

size_t chr_space_len(const char *s, size_t avail)
{
	unsigned char c = (unsigned char)s[0];
	if (avail == 0)
		return 0;
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
		return 1;
	if (c == 0xc2 && avail > 1 && (unsigned char)s[1] == 0xa0)
		return 2;
	return 0;
}

/* Words whose trailing period is not a full stop. Checked without case. */
static const char *const abbreviations[] = {
	"apr", "art", "assn", "aug", "ave", "bros", "capt", "cf", "co", "col",
	"corp", "dec", "dept", "dr", "e.g", "eg", "esq", "est", "etc", "feb",
	"fig", "fri", "gen", "gov", "hon", "i.e", "ie", "inc", "jan", "jr", "jul",
	"jun", "lt", "ltd", "maj", "mar", "messrs", "mon", "mr", "mrs", "ms", "mt",
	"no", "nos", "nov", "oct", "op", "p", "pp", "prof", "rep", "rev", "sat",
	"sen", "sep", "sept", "sgt", "sr", "st", "sun", "thu", "thurs", "tue",
	"tues", "vol", "vs", "wed"
};

static int cmp_abbrev(const void *key, const void *elem)
{
	return strcasecmp((const char *)key, *(const char *const *)elem);
}

/* True when the period at text[dot] ends an abbreviation or an initial. */
static bool is_abbreviation(const char *text, size_t dot)
{
	size_t b = dot;
	while (b > 0 && (((unsigned char)text[b - 1] >= 'a' && (unsigned char)text[b - 1] <= 'z') ||
	                 ((unsigned char)text[b - 1] >= 'A' && (unsigned char)text[b - 1] <= 'Z') ||
	                 text[b - 1] == '.'))
		b--;
	size_t n = dot - b;
	if (n == 0)
		return false;
	/* "H.E.", "U.S.", "J." : single letters joined by periods. */
	bool initials = true;
	for (size_t i = b; i < dot; i++) {
		bool letter = text[i] != '.';
		bool want_letter = ((i - b) % 2) == 0;
		if (letter != want_letter)
			initials = false;
	}
	if (initials && (text[b] >= 'A' && text[b] <= 'Z'))
		return true;
	if (n >= 8)
		return false;
	char word[8];
	memcpy(word, text + b, n);
	word[n] = '\0';
	return bsearch(word, abbreviations, CHR_ARRAY_LEN(abbreviations),
	               sizeof abbreviations[0], cmp_abbrev) != NULL;
}

/* "10 a.m. ET on 3 October": the period at text[dot] ends "a.m." or
 * "p.m." and a time zone in capitals follows at text[j], which goes with
 * the time; the sentence goes on. */
static bool zone_after_clock(const char *text, size_t dot, size_t j, size_t len)
{
	if (dot < 3 || text[dot - 2] != '.' || (text[dot - 1] | 0x20) != 'm' ||
	    ((text[dot - 3] | 0x20) != 'a' && (text[dot - 3] | 0x20) != 'p'))
		return false;
	size_t e = j;
	while (e < len && e - j < 6 && text[e] >= 'A' && text[e] <= 'Z')
		e++;
	if (e - j < 2 || (e < len && ((text[e] >= 'a' && text[e] <= 'z') ||
	                              (text[e] >= 'A' && text[e] <= 'Z'))))
		return false;
	return chr_zone_word(text + j, e - j, NULL);
}

static bool is_upper_start(const char *s, size_t avail)
{
	unsigned char c = (unsigned char)s[0];
	if (avail == 0)
		return false;
	if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	/* Opening quotes and brackets may come before the capital. */
	if (c == '"' || c == '\'' || c == '(' || c == '[')
		return avail > 1 && is_upper_start(s + 1, avail - 1);
	if (c == 0xe2 && avail > 3 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x9c || (unsigned char)s[2] == 0x98))
		return is_upper_start(s + 3, avail - 3);
	/* Any other non-ASCII letter: Latin capitals with accents (É, Ö). */
	return c == 0xc3 && avail > 1 && (unsigned char)s[1] >= 0x80 &&
	       (unsigned char)s[1] <= 0x9e;
}

/* Lowercase words that cannot end a line of prose: the line was wrapped. */
static bool ends_with_function_word(const char *text, size_t start, size_t end)
{
	static const char *const words[] = { "a", "an", "and", "at", "by", "for",
	                                     "from", "in", "of", "on", "or", "the",
	                                     "to", "with" };
	size_t b = end;
	while (b > start && text[b - 1] >= 'a' && text[b - 1] <= 'z')
		b--;
	if (b == end || end - b > 4 || (b > start && text[b - 1] != ' '))
		return false;
	for (size_t i = 0; i < CHR_ARRAY_LEN(words); i++)
		if (strlen(words[i]) == end - b && memcmp(words[i], text + b, end - b) == 0)
			return true;
	return false;
}

static chr_status push(chr_sentences *s, const char *text, size_t start,
                       size_t end, size_t para)
{
	size_t sp;
	while (start < end && (sp = chr_space_len(text + start, end - start)) > 0)
		start += sp;
	while (end > start) {
		if ((unsigned char)text[end - 1] <= ' ')
			end--;
		else if (end - start >= 2 && (unsigned char)text[end - 2] == 0xc2 &&
		         (unsigned char)text[end - 1] == 0xa0)
			end -= 2;
		else
			break;
	}
	if (start >= end)
		return CHR_OK;
	if (s->len == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		chr_sentence *p = realloc(s->items, cap * sizeof *p);
		if (!p)
			return CHR_ENOMEM;
		s->items = p;
		s->cap = cap;
	}
	s->items[s->len].start = start;
	s->items[s->len].end = end;
	s->items[s->len].para = para;
	s->len++;
	return CHR_OK;
}

/* Closing quotes and brackets that may follow a full stop. */
static size_t closer_len(const char *s, size_t avail)
{
	unsigned char c = (unsigned char)s[0];
	if (avail == 0)
		return 0;
	if (c == '"' || c == '\'' || c == ')' || c == ']')
		return 1;
	if (c == 0xe2 && avail > 2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x9d || (unsigned char)s[2] == 0x99))
		return 3;
	return 0;
}

/* The first of '.', '!', '?' or a line end in text[i..len), or len: most
 * of a text is skipped here, sixteen bytes a step where SSE2 is. */
static size_t next_stop(const char *text, size_t i, size_t len)
{
	static const bool stop[256] = { ['.'] = true, ['!'] = true, ['?'] = true,
	                                ['\n'] = true };
#if defined(__SSE2__)
	const __m128i dot = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!'),
	              ask = _mm_set1_epi8('?'), nl = _mm_set1_epi8('\n');
	for (; i + 16 <= len; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dot), _mm_cmpeq_epi8(v, bang)),
		                           _mm_or_si128(_mm_cmpeq_epi8(v, ask), _mm_cmpeq_epi8(v, nl)));
		unsigned bits = (unsigned)_mm_movemask_epi8(hit);
		if (bits)
			return i + (size_t)__builtin_ctz(bits);
	}
#endif
	while (i < len && !stop[(unsigned char)text[i]])
		i++;
	return i;
}

chr_status chr_sentences_split(const char *text, size_t len, chr_sentences *out)
{
	chr_status rc = CHR_OK;
	size_t start = 0, para = 0, line_start = 0;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < len; i++) {
		if ((i = next_stop(text, i, len)) == len)
			break;
		char c = text[i];
		if (c == '.' || c == '!' || c == '?') {
			size_t j = i + 1, k;
			while ((k = closer_len(text + j, len - j)) > 0)
				j += k;
			if (j >= len || (k = chr_space_len(text + j, len - j)) == 0)
				continue;
			bool newline = false;
			while (j < len && (k = chr_space_len(text + j, len - j)) > 0) {
				newline |= text[j] == '\n';
				j += k;
			}
			if (newline)
				continue; /* the line end below splits it */
			if (c == '.' && (is_abbreviation(text, i) || zone_after_clock(text, i, j, len)))
				continue;
			if (!is_upper_start(text + j, len - j))
				continue;
			CHECK(push(out, text, start, j, para));
			start = j;
			i = j - 1;
		} else if (c == '\n') {
			/* Blank line: always a paragraph. One line end: a paragraph
			 * unless the text was wrapped mid-sentence. */
			size_t j = i + 1, k;
			bool blank = false;
			while (j < len && (k = chr_space_len(text + j, len - j)) > 0) {
				blank |= text[j] == '\n';
				j += k;
			}
			size_t e = i;
			while (e > line_start && (unsigned char)text[e - 1] <= ' ')
				e--;
			bool wrapped = !blank && j < len &&
			               ((text[j] >= 'a' && text[j] <= 'z') ||
			                (e > line_start && (text[e - 1] == ',' || text[e - 1] == '-')) ||
			                ends_with_function_word(text, line_start, e));
			if (!wrapped) {
				CHECK(push(out, text, start, i, para));
				start = j;
				para++;
			}
			/* The run of blank lines is done with. */
			line_start = j;
			i = j - 1;
		}
	}
	CHECK(push(out, text, start, len, para));
cleanup:
	if (rc != CHR_OK)
		chr_sentences_free(out);
	return rc;
}

void chr_sentences_free(chr_sentences *s)
{
	free(s->items);
	memset(s, 0, sizeof *s);
}

size_t chr_sentences_find(const chr_sentences *s, size_t offset)
{
	size_t lo = 0, hi = s->len;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->items[mid].start <= offset)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

#define LOCAL_CAP 1024 /* caps up to this are written on the stack first */

/* chr_sentence_text for a buffer without a limit and a small cap: the
 * text is made in a local array and added to b once, with what the cut
 * leaves. (A buffer with a limit takes the general path, which fails
 * where the limit is crossed, as it always has.) */
static chr_status sentence_text_local(chr_buf *b, const char *text, size_t start,
                                      size_t end, size_t cap)
{
	chr_status rc = CHR_OK;
	char o[LOCAL_CAP];
	size_t len0 = b->len, on = 0, last_space = 0; /* as b->len would be */
	bool space = false, cut = false;
	for (size_t i = start; i < end;) {
		unsigned char c = (unsigned char)text[i];
		size_t sp = c > ' ' && c != 0xc2 ? 0 : chr_space_len(text + i, end - i);
		if (sp) {
			space = true;
			i += sp;
			continue;
		}
		int n = c < 0x80 ? 1 : chr_utf8_seq((const unsigned char *)text + i, end - i);
		if (n <= 0)
			n = 1;
		size_t len = len0 + on, need = (size_t)n + (space && len ? 1 : 0);
		if (len + need > cap) {
			cut = true;
			break;
		}
		if (space && len) {
			last_space = len;
			o[on++] = ' ';
		}
		space = false;
		memcpy(o + on, text + i, (size_t)n);
		on += (size_t)n;
		i += (size_t)n;
		while (i < end && len0 + on < cap && (unsigned char)text[i] > ' ' &&
		       (unsigned char)text[i] < 0x80)
			o[on++] = text[i++];
	}
	/* Cut at the last word boundary and mark the cut. */
	if (cut && last_space > 0)
		on = last_space - len0;
	if (on)
		CHECK(chr_buf_add(b, o, on));
	if (cut)
		CHECK(chr_buf_adds(b, " \xe2\x80\xa6"));
cleanup:
	return rc;
}

chr_status chr_sentence_text(chr_buf *b, const char *text, size_t start,
                             size_t end, size_t cap)
{
	if (b->limit == 0 && cap <= LOCAL_CAP)
		return sentence_text_local(b, text, start, end, cap);
	chr_status rc = CHR_OK;
	bool space = false;
	size_t last_space = 0; /* b->len at the last word boundary */
	/* Characters are counted one by one against cap, but added a word at
	 * a time: text[run..i) is taken and not yet in b, whose length with
	 * it is len. */
	size_t len = b->len, run = start, i = start;
	while (i < end) {
		unsigned char c = (unsigned char)text[i];
		size_t sp = c > ' ' && c != 0xc2 ? 0 : chr_space_len(text + i, end - i);
		if (sp) {
			if (i > run)
				CHECK(chr_buf_add(b, text + run, i - run));
			space = true;
			i += sp;
			run = i;
			continue;
		}
		int n = c < 0x80 ? 1 : chr_utf8_seq((const unsigned char *)text + i, end - i);
		if (n <= 0)
			n = 1;
		size_t need = (size_t)n + (space && len ? 1 : 0);
		if (len + need > cap) {
			if (i > run)
				CHECK(chr_buf_add(b, text + run, i - run));
			/* Cut at the last word boundary and mark the cut. */
			if (last_space > 0) {
				b->len = last_space;
				b->data[b->len] = '\0';
			}
			CHECK(chr_buf_adds(b, " \xe2\x80\xa6"));
			goto cleanup;
		}
		if (space && len) {
			last_space = len;
			CHECK(chr_buf_addc(b, ' '));
			len++;
		}
		space = false;
		len += (size_t)n;
		i += (size_t)n;
		/* the rest of a word of printable ASCII: each byte needs one
		 * more, so the cap is reached only when len is at it */
		while (i < end && len < cap && (unsigned char)text[i] > ' ' &&
		       (unsigned char)text[i] < 0x80) {
			i++;
			len++;
		}
	}
	if (i > run)
		CHECK(chr_buf_add(b, text + run, i - run));
cleanup:
	return rc;
}

size_t chr_prose_words(const char *text, size_t start, size_t end)
{
	size_t n = 0, lower = 0;
	bool other = false;
	for (size_t i = start; i <= end; i++) {
		char c = i < end ? text[i] : ' ';
		if (c >= 'a' && c <= 'z') {
			lower++;
		} else if (c == ' ' || c == '\n' || c == '\t' || c == ',' || c == '.') {
			if (lower >= 2 && !other)
				n++;
			lower = 0;
			other = false;
		} else if (!(c >= 'A' && c <= 'Z') && c != '-' && c != '\'') {
			other = true;
		}
	}
	return n;
}
