/*
 * Titles: what a calendar shows for an event. The sentence that holds the
 * date, without the date ("On 3 May, the board met in Geneva" -> "The board
 * met in Geneva"): the date is already on the calendar, and a title that
 * repeats it reads as noise in a list of dates.
 */
#include "event/event.h"
#include "date/mentions.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TITLE_MAX 90 /* characters, with the ellipsis */
#define TITLE_LOCAL 1024 /* bytes of text a title is made from on the stack */

/* Words that tie a date to its clause and go with it. */
static const char *const date_preps[] = {
	"after", "around", "at", "before", "between", "by", "during", "for", "from",
	"in", "into", "of", "on", "over", "since", "the", "through", "throughout",
	"to", "until", "well", "within"
};

/* Words that cannot end a title: the date they introduced has gone. */
static const char *const dangling_end[] = {
	"a", "an", "and", "as", "at", "between", "but", "by", "during", "for",
	"from", "in", "of", "on", "or", "since", "than", "that", "the", "to",
	"until", "with"
};

/* Words that cannot begin one. */
static const char *const dangling_start[] = { "and", "but", "or" };

/* Compares a lowercase word with w[0..len) folded to lowercase: the order
 * of the sorted lists. */
static int cmp_folded(const char *word, const char *w, size_t len)
{
	for (size_t k = 0; k < len; k++) {
		unsigned char a = (unsigned char)word[k], b = (unsigned char)w[k];
		if (b >= 'A' && b <= 'Z')
			b = (unsigned char)(b + 32);
		if (a == '\0' || a != b)
			return a < b ? -1 : 1;
	}
	return word[len] == '\0' ? 0 : 1;
}

/* True when w[0..len), case folded, is in list. Every list given here is
 * of lowercase words in sorted order, so it is bisected: titles ask this
 * for most of their words. */
static bool in_list(const char *const *list, size_t n, const char *w, size_t len)
{
	if (len == 0)
		return false; /* no list holds the empty word */
	unsigned char f = (unsigned char)w[0];
	if (f >= 'A' && f <= 'Z')
		f = (unsigned char)(f + 32);
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		/* the first letters decide most steps */
		unsigned char a = (unsigned char)list[mid][0];
		int c = a != f ? (a < f ? -1 : 1) : cmp_folded(list[mid] + 1, w + 1, len - 1);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

size_t chr_utf8_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* Skips white space (NBSP too) backwards from p, not before lo. */
static size_t back_space(const char *t, size_t lo, size_t p)
{
	for (;;) {
		if (p > lo && (unsigned char)t[p - 1] <= ' ')
			p--;
		else if (p >= lo + 2 && (unsigned char)t[p - 2] == 0xc2 &&
		         (unsigned char)t[p - 1] == 0xa0)
			p -= 2;
		else
			return p;
	}
}

static size_t fwd_space(const char *t, size_t p, size_t hi)
{
	size_t k;
	while (p < hi && (k = chr_space_len(t + p, hi - p)) > 0)
		p += k;
	return p;
}

/* Words that may follow a date that ends its phrase ("on 3 May in",
 * "the 3 May meeting was"); any other lowercase word after a date is the
 * noun the date qualifies ("the 3 May summit"). */
static const char *const after_date[] = {
	"above", "after", "and", "are", "as", "at", "be", "been", "before", "between",
	"but", "by", "can", "could", "during", "for", "from", "had", "has", "have", "in",
	"is", "may", "might", "must", "nor", "of", "on", "onwards", "or", "shall",
	"should", "since", "than", "that", "the", "then", "through", "till", "to",
	"until", "was", "were", "when", "which", "while", "who", "will", "with",
	"would"
};

/* True when the date ending at t[e) qualifies the noun after it: "The 3 May
 * summit" keeps its "The", which belongs to "summit", not to the date. */
static bool attributive(const char *t, size_t e, size_t hi)
{
	size_t r = fwd_space(t, e, hi), w = r;
	if (r == e || r >= hi || !is_lower(t[r]))
		return false;
	while (w < hi && is_alpha(t[w]))
		w++;
	return !in_list(after_date, CHR_ARRAY_LEN(after_date), t + r, w - r);
}

/* Widens a date to the preposition and article before it, and to the
 * brackets around it: "on the 3 May", "(3-4 May)". */
static void widen(const char *t, size_t lo, size_t hi, size_t *a, size_t *b)
{
	size_t s = *a, e = *b;
	bool qualifies = attributive(t, e, hi);
	for (int k = 0; k < 3; k++) {
		size_t q = back_space(t, lo, s), w = q;
		while (w > lo && is_alpha(t[w - 1]))
			w--;
		if (w == q || (w > lo && !((unsigned char)t[w - 1] <= ' ' ||
		                           (unsigned char)t[w - 1] == 0xa0 || t[w - 1] == '(' ||
		                           t[w - 1] == ',' || t[w - 1] == '"' ||
		                           (unsigned char)t[w - 1] == 0x9c)))
			break; /* 0x9c ends U+201C, an opening quote */
		if (!in_list(date_preps, CHR_ARRAY_LEN(date_preps), t + w, q - w))
			break;
		if (qualifies && q - w == 3 && strncasecmp(t + w, "the", 3) == 0)
			break;
		s = w;
	}
	size_t q = back_space(t, lo, s), r = fwd_space(t, e, hi);
	if (q > lo && t[q - 1] == '(' && r < hi && t[r] == ')') {
		s = q - 1;
		e = r + 1;
	}
	*a = s;
	*b = e;
}

static bool is_month_word(const char *w, size_t n)
{
	static const char *const words[] = {
		"and", "apr", "april", "aug", "august", "dec", "december", "feb",
		"february", "jan", "january", "jul", "july", "jun", "june", "mar",
		"march", "may", "nov", "november", "oct", "october", "sep", "sept",
		"september", "to"
	};
	return in_list(words, CHR_ARRAY_LEN(words), w, n);
}

/* A bracket that holds only a date the date core may have left alone,
 * "(30-31 January)", "(2017)": its end, or 0. */
static size_t bracket_date(const char *t, size_t open, size_t hi)
{
	bool digit = false;
	size_t i = open + 1;
	while (i < hi && i - open < 48) {
		char c = t[i];
		if (c == ')')
			return digit ? i + 1 : 0;
		if (c >= '0' && c <= '9') {
			digit = true;
			i++;
		} else if (is_alpha(c)) {
			size_t w = i;
			while (i < hi && is_alpha(t[i]))
				i++;
			if (!is_month_word(t + w, i - w))
				return 0;
		} else if (c == ' ' || c == '-' || c == ',' || c == '/' || c == '.') {
			i++;
		} else if (chr_dash_len(t + i, hi - i)) {
			i += 3;
		} else if ((unsigned char)c == 0xc2 && i + 1 < hi && (unsigned char)t[i + 1] == 0xa0) {
			i += 2;
		} else {
			return 0;
		}
	}
	return 0;
}

static bool is_punct_trim(char c)
{
	return c == ',' || c == ';' || c == ':' || c == '.' || c == '-' || c == ')';
}

/* A dash or a stray bracket that may not end or begin a title; its length. */
static size_t dash_len(const char *s, size_t n)
{
	if (chr_dash_len(s, n))
		return 3;
	if (n >= 3 && (unsigned char)s[0] == 0xe3 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0x9e)
		return 3; /* U+301E, a quote mark mangled into the seeds' dashes */
	return 0;
}

/* Strips spaces, punctuation and (when words) dangling words from both
 * ends of s. A cut marked with an ellipsis keeps its last word: "across
 * the…" says the title goes on, where "across the" reads as broken. */
static size_t trim_ends(char *s, size_t *len, bool words)
{
	size_t a = 0, e = *len;
	for (bool again = true; again && a < e;) {
		again = false;
		size_t k;
		while (a < e && (s[a] == ' ' || is_punct_trim(s[a])))
			a++, again = true;
		if ((k = dash_len(s + a, e - a)) > 0)
			a += k, again = true;
		size_t w = a;
		while (w < e && is_alpha(s[w]))
			w++;
		if (w < e && s[w] == ' ' && in_list(dangling_start, CHR_ARRAY_LEN(dangling_start), s + a, w - a))
			a = w, again = true;
	}
	for (bool again = true; again && e > a;) {
		again = false;
		while (e > a && (s[e - 1] == ' ' || s[e - 1] == ',' || s[e - 1] == ';' ||
		                 s[e - 1] == ':' || s[e - 1] == '.' || s[e - 1] == '-' ||
		                 s[e - 1] == '('))
			e--, again = true;
		if (e - a >= 3 && dash_len(s + e - 3, 3))
			e -= 3, again = true;
		size_t w = e;
		while (w > a && is_alpha(s[w - 1]))
			w--;
		/* "in Hoi An": a capital makes the word a name's, not an article */
		if (words && w > a && w < e && s[w - 1] == ' ' && is_lower(s[w]) &&
		    in_list(dangling_end, CHR_ARRAY_LEN(dangling_end), s + w, e - w))
			e = w, again = true;
	}
	/* A bracket left open by a cut. */
	size_t open = 0;
	const char *paren = e > a ? memchr(s + a, '(', e - a) : NULL;
	for (size_t i = paren ? (size_t)(paren - s) : e; i < e; i++) {
		if (s[i] == '(')
			open++;
		else if (s[i] == ')' && open)
			open--;
	}
	if (open) {
		size_t i = e;
		while (i > a && s[i - 1] != '(')
			i--;
		if (i > a + 1) {
			e = i - 1;
			while (e > a && (s[e - 1] == ' ' || s[e - 1] == ','))
				e--;
		}
	}
	memmove(s, s + a, e - a);
	*len = e - a;
	s[*len] = '\0';
	return a; /* what left the front */
}

static void trim(char *s, size_t *len)
{
	trim_ends(s, len, true);
}

/* Words that open a new clause or a noun phrase rather than an aside. */
static const char *const not_aside[] = {
	"a", "an", "and", "but", "he", "her", "his", "it", "its", "nor", "or", "our",
	"she", "so", "that", "the", "their", "these", "they", "this", "those", "we",
	"where", "which", "while", "who", "yet"
};

/* True when the comma after a dropped date closes an aside that a comma
 * opened a few words before, "The event, originally planned for 10 May,
 * has moved": the pair stays, "The event, originally planned, has moved".
 * s[0..len) is the title so far, text[next..end) what follows the comma. */
static bool paired_comma(const char *s, size_t len, const char *text, size_t next,
                         size_t end)
{
	size_t k = len, words = 0;
	while (k > 0 && s[k - 1] != ',' && len - k <= 60) {
		char c = s[k - 1];
		if (c == ';' || c == ':' || c == '(' || c == ')' || c == '.')
			return false;
		if (c == ' ')
			words++;
		k--;
	}
	if (k == 0 || s[k - 1] != ',' || k >= len || s[k] != ' ' || words < 1 || words > 4)
		return false;
	size_t w = k + 1;
	while (w < len && is_alpha(s[w]))
		w++;
	if (!is_lower(s[k + 1]) || in_list(not_aside, CHR_ARRAY_LEN(not_aside), s + k + 1, w - k - 1))
		return false;
	/* ", and was organised": the comma before a conjunction goes. */
	size_t r = fwd_space(text, next, end), e = r;
	while (e < end && is_alpha(text[e]))
		e++;
	return e > r && !in_list(not_aside, CHR_ARRAY_LEN(not_aside), text + r, e - r);
}

/* Past participles without "-ed" that open an aside with its date:
 * "Last year's edition, held in March, sold out". */
static const char *const participles[] = { "begun", "built", "due", "given", "held",
                                           "led", "made", "run", "seen", "set",
                                           "slated", "taken", "won" };

/* True when text[i..end) (after a comma) opens a phrase that keeps its
 * comma: a participle, "which", "who", or a new subject ("by 31 May, the
 * committee said"). */
static bool comma_phrase(const char *text, size_t i, size_t end)
{
	static const char *const words[] = { "a", "an", "her", "his", "its", "the",
	                                     "their", "these", "this", "those", "where",
	                                     "which", "while", "who" };
	size_t r = fwd_space(text, i, end), e = r;
	while (e < end && is_alpha(text[e]))
		e++;
	if (e == r || !is_lower(text[r]))
		return false;
	return (e - r >= 5 && memcmp(text + e - 3, "ing", 3) == 0) ||
	       in_list(words, CHR_ARRAY_LEN(words), text + r, e - r);
}

/* "When: 9 April, 10:00", "Date: 3 May": an event page's label says
 * nothing of the happening. */
static void drop_label(char *s, size_t *len)
{
	static const char *const labels[] = { "date", "dates", "time", "when" };
	size_t w = 0;
	while (w < *len && is_alpha(s[w]))
		w++;
	if (w == *len && in_list(labels, CHR_ARRAY_LEN(labels), s, w)) {
		/* "When: 30 March 2027" without its date is the label alone */
		*len = 0;
		s[0] = '\0';
		return;
	}
	if (w < *len && s[w] == ':' && in_list(labels, CHR_ARRAY_LEN(labels), s, w)) {
		memmove(s, s + w + 1, *len - w - 1);
		*len -= w + 1;
		s[*len] = '\0';
		trim(s, len);
	}
}

/* Drops a leading participial or adverbial clause ("Aimed at officials,
 * the conference took place") so that the subject leads. */
static void drop_opener(char *s, size_t *len)
{
	static const char *const openers[] = { "after", "ahead", "aimed",
	                                       "following", "with", "within" };
	size_t w = 0;
	while (w < *len && is_alpha(s[w]))
		w++;
	bool participle = w > 4 && (strncmp(s + w - 3, "ing", 3) == 0 ||
	                            strncmp(s + w - 2, "ed", 2) == 0);
	if (!participle && !in_list(openers, CHR_ARRAY_LEN(openers), s, w))
		return;
	for (size_t i = w; i + 2 < *len; i++) {
		if (s[i] != ',' || s[i + 1] != ' ')
			continue;
		const char *r = s + i + 2;
		bool subject = (r[0] >= 'A' && r[0] <= 'Z') || strncmp(r, "the ", 4) == 0 ||
		               strncmp(r, "a ", 2) == 0 || strncmp(r, "an ", 3) == 0;
		if (!subject)
			continue;
		if (*len - (i + 2) < 20)
			return;
		memmove(s, r, *len - (i + 2));
		*len -= i + 2;
		s[*len] = '\0';
		return;
	}
}

/* An expansion that an acronym in brackets followed: "United Nations
 * Office on Drugs and Crime (UNODC)". */
typedef struct expansion {
	size_t start, end; /* bytes of the words in the title */
	char acronym[16];
} expansion;

#define MAX_EXPANSIONS 8

/* True when s[a..e) is an acronym: two to twelve capitals and digits. */
static bool is_acronym(const char *s, size_t a, size_t e)
{
	size_t caps = 0;
	if (e - a < 2 || e - a > 12)
		return false;
	for (size_t i = a; i < e; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z')
			caps++;
		else if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '&' && s[i] != '-')
			return false;
	}
	return caps >= 2;
}

/* The start of the words before s[e) whose initials spell acr, or e when
 * they do not: small words (of, on, and) are skipped, and each part of a
 * hyphenated word gives a letter ("Counter-Terrorism Committee", CTC). */
static size_t expansion_start(const char *s, size_t e, const char *acr, size_t m)
{
	static const char *const joins[] = { "and", "de", "des", "du", "for", "in", "of",
	                                     "on", "the", "to" };
	size_t k = m, i = e, words = 0;
	while (k > 0 && i > 0 && words < 12) {
		while (i > 0 && s[i - 1] == ' ')
			i--;
		size_t w = i;
		while (w > 0 && (is_alpha(s[w - 1]) || s[w - 1] == '-' || s[w - 1] == '&'))
			w--;
		if (w == i)
			return e;
		words++;
		if (is_lower(s[w])) {
			if (k == m || !in_list(joins, CHR_ARRAY_LEN(joins), s + w, i - w))
				return e;
		} else if (s[w] != '&') {
			/* the parts of a hyphenated word, last first */
			size_t pe = i;
			while (pe > w) {
				size_t ps = pe;
				while (ps > w && s[ps - 1] != '-')
					ps--;
				if (ps < pe) {
					if (k == 0 || (s[ps] & ~0x20) != acr[k - 1])
						return e;
					k--;
				}
				pe = ps > w ? ps - 1 : w;
			}
		}
		i = w;
	}
	return k == 0 ? i : e;
}

/* Drops bracketed asides, "(ISIL, also known as Da'esh)", "(UNODC)": a
 * calendar line has no room for them. Where the aside was an acronym of
 * the words before it, they are noted in ex so that a title too long can
 * use the acronym instead. */
static void drop_asides(char *s, size_t *len, expansion *ex, size_t *n_ex)
{
	*n_ex = 0;
	/* up to the first bracket after the start, s stays as it is */
	const char *open = *len > 1 ? memchr(s + 1, '(', *len - 1) : NULL;
	size_t out = open ? (size_t)(open - s) : *len;
	for (size_t i = out; i < *len;) {
		if (s[i] != '(' || i == 0) {
			s[out++] = s[i++];
			continue;
		}
		size_t c = i + 1;
		while (c < *len && s[c] != ')' && s[c] != '(')
			c++;
		if (c >= *len || s[c] != ')') {
			s[out++] = s[i++];
			continue;
		}
		size_t e = out;
		while (e > 0 && s[e - 1] == ' ')
			e--;
		if (is_acronym(s, i + 1, c) && *n_ex < MAX_EXPANSIONS && c - i - 1 < 16) {
			char acr[16];
			memcpy(acr, s + i + 1, c - i - 1);
			acr[c - i - 1] = '\0';
			size_t m = 0;
			for (size_t k = 0; acr[k]; k++)
				if (acr[k] >= 'A' && acr[k] <= 'Z')
					acr[m++] = acr[k];
			acr[m] = '\0';
			size_t st = expansion_start(s, e, acr, m);
			/* expansions do not overlap: abbreviate replaces them last
			 * first, so the ones before keep their offsets */
			if (st < e && (*n_ex == 0 || st >= ex[*n_ex - 1].end)) {
				ex[*n_ex].start = st;
				ex[*n_ex].end = e;
				memcpy(ex[*n_ex].acronym, s + i + 1, c - i - 1);
				ex[*n_ex].acronym[c - i - 1] = '\0';
				(*n_ex)++;
			}
		}
		out = e;
		i = c + 1;
		/* "X (Y), and" keeps its comma; "X (Y) and" one space */
		if (i < *len && s[i] == ' ' && out > 0)
			s[out++] = ' ', i++;
		while (i < *len && s[i] == ' ')
			i++;
	}
	*len = out;
	s[out] = '\0';
}

/* Replaces s[a..e) with rep (not longer than it). */
static void splice(char *s, size_t *len, size_t a, size_t e, const char *rep)
{
	size_t n = strlen(rep);
	memcpy(s + a, rep, n);
	memmove(s + a + n, s + e, *len - e);
	*len -= e - a - n;
	s[*len] = '\0';
}

/* One step of making a title shorter without losing a word of its
 * meaning: an acronym for its expansion (the last first; "The" goes
 * before an acronym that opens the title), else the usual short name of a
 * body. False when there is nothing left to shorten. */
static bool abbreviate(char *s, size_t *len, const expansion *ex, size_t *n_ex)
{
	static const char *const names[][2] = { { "United Nations", "UN" },
	                                        { "United States", "US" },
	                                        { "European Union", "EU" } };
	if (*n_ex > 0) {
		const expansion *x = &ex[--*n_ex];
		splice(s, len, x->start, x->end, x->acronym);
		if (x->start == 4 && strncmp(s, "The ", 4) == 0)
			splice(s, len, 0, 4, "");
		return true;
	}
	bool any = false;
	for (size_t k = 0; k < CHR_ARRAY_LEN(names); k++) {
		size_t n = strlen(names[k][0]);
		/* only the words a title can keep: bounded work on a long clause */
		for (size_t i = 0; i + n <= *len && i < 4 * TITLE_MAX; i++)
			if (s[i] == names[k][0][0] && memcmp(s + i, names[k][0], n) == 0 &&
			    (i + n == *len || !is_alpha(s[i + n])) &&
			    (i == 0 || !is_alpha(s[i - 1]))) {
				splice(s, len, i, i + n, names[k][1]);
				any = true;
			}
	}
	return any;
}

/* Byte offset of the character count chars in s, or len. */
static size_t char_offset(const char *s, size_t len, size_t chars)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (n == chars)
				return i;
			n++;
		}
	}
	return len;
}

/* Words of s[a..) up to the next comma, "and"/"or" or other punctuation;
 * *stop gets what ended them: ',' for a comma or a conjunction, '.' for
 * other punctuation or the end. */
static size_t words_to(const char *s, size_t len, size_t a, char *stop)
{
	size_t n = 0;
	*stop = '.';
	for (size_t i = a; i < len && n <= 4;) {
		while (i < len && s[i] == ' ')
			i++;
		size_t w = i;
		while (i < len && (is_alpha(s[i]) || s[i] == '-' || s[i] == '\'' ||
		                   (unsigned char)s[i] >= 0x80))
			i++;
		if (i == w) {
			if (i < len && s[i] == ',')
				*stop = ',';
			return n;
		}
		if (n > 0 && ((i - w == 3 && memcmp(s + w, "and", 3) == 0) ||
		              (i - w == 2 && memcmp(s + w, "or", 2) == 0))) {
			*stop = ',';
			return n;
		}
		n++;
	}
	return n;
}

/* True when the comma at s[i] separates the items of a list ("farmers,
 * fishers, pastoralists and herders"): the words after it run to another
 * comma or an "and" within three words, or, for a serial comma before
 * "and", the words before it began after another comma. Cutting a title
 * there would keep the first item and lose the rest of the clause. */
static bool list_comma(const char *s, size_t len, size_t i)
{
	char stop;
	size_t n = words_to(s, len, i + 1, &stop);
	if (n >= 1 && n <= 3 && stop == ',')
		return true;
	if (i + 6 <= len && memcmp(s + i, ", and ", 6) == 0) {
		size_t k = i, words = 0;
		while (k > 0 && s[k - 1] != ',' && words <= 3) {
			if (s[k - 1] == ' ')
				words++;
			if (!(is_alpha(s[k - 1]) || s[k - 1] == ' ' || s[k - 1] == '-'))
				return false;
			k--;
		}
		return k > 0 && s[k - 1] == ',' && words <= 3;
	}
	return false;
}

/* Words after "to" that show no infinitive follows ("up to half"); and
 * words before an "-ed" word that make it no participle after a noun. */
static const char *const not_verbs[] = { "a", "all", "an", "be", "been", "half",
                                         "her", "his", "its", "our", "some",
                                         "the", "their", "these", "this",
                                         "those", "up" };

/* Words before "that" that take it as their clause, not a relative. */
static const char *const not_relative[] = { "agree", "believe", "ensure", "except",
                                            "found", "given", "hope", "know", "now",
                                            "said", "say", "show", "so", "such",
                                            "think", "told" };

/* Prepositions that open a phrase a long title can end before. "of" is
 * not one: it binds its noun ("half of their herds"). */
static const char *const phrase_preps[] = {
	"across", "after", "against", "ahead", "along", "alongside", "although", "amid",
	"amidst", "among", "as", "at", "because", "before", "between", "by", "despite",
	"during", "following", "for", "from", "in", "including", "into", "near", "on",
	"over", "since", "though", "through", "throughout", "under", "unless", "via",
	"whereas", "while", "with", "within", "without"
};

/* Words after "and" that start a new clause: "and many have moved". */
static const char *const clause_openers[] = {
	"a", "all", "an", "he", "it", "its", "many", "most", "others", "she", "some",
	"the", "their", "these", "they", "this", "those", "we"
};

static size_t word_len(const char *s, size_t a, size_t len)
{
	size_t w = a;
	while (w < len && is_alpha(s[w]))
		w++;
	return w - a;
}

/* The end of the first word of s[0..e) that is a finite verb, so a title
 * cut after it still says what happened: an auxiliary, a past form, or a
 * common present one. SIZE_MAX when there is none. */
static size_t first_verb_end(const char *s, size_t e)
{
	static const char *const verbs[] = {
		"are", "became", "began", "begins", "broke", "brought", "built", "came", "can",
		"chose", "closes", "could", "did", "does", "drew", "ends", "fell", "flew",
		"follows", "forgot", "found", "gave", "got", "grew", "had", "has", "have",
		"held", "hit", "holds", "hosts", "is", "kept", "knew", "launches", "led", "left",
		"lost", "made", "marks", "may", "meant", "meet", "meets", "met", "might",
		"must", "opens", "paid", "ran", "rang", "returns", "rose", "runs", "said",
		"sank", "sat", "saw", "sent", "set", "shall", "should", "shut", "sold", "spent",
		"spoke", "starts", "stood", "struck", "takes", "taught", "threw", "told",
		"took", "tore", "was", "went", "were", "will", "won", "wore", "would", "wrote"
	};
	for (size_t i = 0; i < e;) {
		while (i < e && !is_alpha(s[i]))
			i++;
		size_t w = i;
		while (i < e && (is_alpha(s[i]) || s[i] == '-'))
			i++;
		size_t n = i - w;
		if (n == 0 || !is_lower(s[w]) || memchr(s + w, '-', n))
			continue;
		if (in_list(verbs, CHR_ARRAY_LEN(verbs), s + w, n) ||
		    (n >= 5 && memcmp(s + i - 2, "ed", 2) == 0))
			return i;
	}
	return SIZE_MAX;
}

/* A clause boundary at s[i]: the main clause ends before it. Strong ones
 * (a relative or infinitive clause, a semicolon, a dash) score 2; a comma
 * scores 1 only before a participle or a subordinating word (", noting",
 * ", after") or a place (", Singapore"), because a bare comma as often
 * opens an aside or a list, and a cut there leaves a subject without its
 * verb. */
static int boundary(const char *s, size_t len, size_t i, size_t verb_end)
{
#define S(x) { x, sizeof(x) - 1 }
	static const struct {
		const char *s;
		size_t n;
	} strong[] = { S(", which "), S(", who "), S(", where "), S(", while "), S(", and "),
	               S(", but "), S("; "), S(" in order to "), S(" - "),
	               S(" \xe2\x80\x93 "), S(" \xe2\x80\x94 "), S(" \xe3\x80\x9e ") };
#undef S
	static const char *const subordinators[] = { "after", "although", "amid", "as",
	                                             "at", "because", "before", "despite",
	                                             "during", "following", "in", "on",
	                                             "since", "though", "thus", "under",
	                                             "unless", "when", "whereas", "with",
	                                             "within" };
	/* every boundary below starts at a space or a comma, the strong ones
	 * at a semicolon too */
	if (s[i] != ' ' && s[i] != ',' && s[i] != ';')
		return 0;
	/* whether s[0..i) holds a verb: i is a space or a comma, so no word
	 * runs across it, and the first verb of s ends by i or not at all */
	bool has_verb = verb_end <= i;
	for (size_t k = 0; k < CHR_ARRAY_LEN(strong); k++) {
		size_t n = strong[k].n;
		if (i + n <= len && s[i] == strong[k].s[0] && s[i + 1] == strong[k].s[1] &&
		    memcmp(s + i, strong[k].s, n) == 0)
			return s[i] == ',' && list_comma(s, len, i) ? 0 : 2;
	}
	if (i + 4 < len && memcmp(s + i, " to ", 4) == 0 && is_lower(s[i + 4])) {
		size_t w = i + 4;
		while (w < len && is_alpha(s[w]))
			w++;
		size_t pw = i;
		while (pw > 0 && is_alpha(s[pw - 1]))
			pw--;
		static const char *const not_before[] = { "according", "close", "due", "next",
		                                          "prior", "up" };
		if (w - (i + 4) >= 3 && !in_list(not_verbs, CHR_ARRAY_LEN(not_verbs), s + i + 4, w - (i + 4)) &&
		    !in_list(not_before, CHR_ARRAY_LEN(not_before), s + pw, i - pw) && has_verb)
			return 2;
	}
	if (i + 2 < len && s[i] == ',' && s[i + 1] == ' ' && is_lower(s[i + 2]) &&
	    !list_comma(s, len, i)) {
		size_t a = i + 2, w = a;
		while (w < len && is_alpha(s[w]))
			w++;
		if ((w - a >= 5 && memcmp(s + w - 3, "ing", 3) == 0) ||
		    in_list(subordinators, CHR_ARRAY_LEN(subordinators), s + a, w - a))
			return 1;
	}
	/* " at the venue", " delivered by", " and many have": a phrase or a
	 * clause starts, and a title that stops before it still says who did
	 * what, provided a verb came before. A preposition inside a name
	 * ("Complex for Innovation", "Office on Drugs") is no boundary. */
	if (s[i] == ' ' && i + 1 < len && is_lower(s[i + 1]) && i > 0 && s[i - 1] != ',') {
		size_t a = i + 1, w = a;
		while (w < len && is_alpha(s[w]))
			w++;
		size_t pe = i; /* the word before, past a closing quote */
		while (pe > 0 && (s[pe - 1] == '\'' || s[pe - 1] == '"' ||
		                  ((unsigned char)s[pe - 1] >= 0x80 && pe + 3 > i)))
			pe--;
		size_t pw = pe;
		while (pw > 0 && is_alpha(s[pw - 1]))
			pw--;
		bool name_before = pw < pe && s[pw] >= 'A' && s[pw] <= 'Z';
		size_t nx = w < len && s[w] == ' ' ? w + 1 : w;
		bool name_after = nx < len && s[nx] >= 'A' && s[nx] <= 'Z';
		int kind = 0;
		if (in_list(phrase_preps, CHR_ARRAY_LEN(phrase_preps), s + a, w - a) &&
		    !(name_before && name_after))
			kind = 1;
		else if (w - a >= 5 && memcmp(s + w - 2, "ed", 2) == 0 && w < len && s[w] == ' ' &&
		         pw < pe && !in_list(not_verbs, CHR_ARRAY_LEN(not_verbs), s + pw, pe - pw))
			kind = 1; /* a participle after a noun: "the workshop delivered by" */
		else if (w - a == 3 && memcmp(s + a, "and", 3) == 0 && w < len && s[w] == ' ' &&
		         in_list(clause_openers, CHR_ARRAY_LEN(clause_openers), s + w + 1,
		                 word_len(s, w + 1, len)))
			kind = 3; /* a second main clause: the first is the event's */
		/* "an arrangement that provides": a relative clause after a
		 * noun; after "said" or "agreed" it is the clause itself. */
		if (w - a == 4 && memcmp(s + a, "that", 4) == 0 && pw < pe && is_lower(s[pw]) &&
		    !(pe - pw > 2 && (memcmp(s + pe - 2, "ed", 2) == 0 || s[pe - 1] == 's')) &&
		    !in_list(not_relative, CHR_ARRAY_LEN(not_relative), s + pw, pe - pw))
			kind = 2;
		if (kind && has_verb)
			return kind;
	}
	/* ", its lowest level since": an appositive after the clause */
	if (i + 2 < len && s[i] == ',' && s[i + 1] == ' ' && !list_comma(s, len, i)) {
		static const char *const owners[] = { "her", "his", "its", "their" };
		size_t a = i + 2;
		if (in_list(owners, CHR_ARRAY_LEN(owners), s + a, word_len(s, a, len)) &&
		    has_verb)
			return 1;
	}
	/* "at the Example Complex, Singapore": a place after a venue. */
	if (i + 2 < len && s[i] == ',' && s[i + 1] == ' ' && is_alpha(s[i + 2])) {
		for (size_t e = i + 3; e <= len && e - i <= 40; e++)
			if ((e == len || s[e] == ' ' || s[e] == ',') &&
			    chr_place_lookup(s + i + 2, e - (i + 2), false))
				return 1;
	}
	return 0;
}

/* The last clause boundary at which s can end within TITLE_MAX
 * characters, or 0. */
static size_t boundary_cut(const char *s, size_t len)
{
	size_t fit = char_offset(s, len, TITLE_MAX);
	size_t min = char_offset(s, len, 24);
	size_t best[4] = { 0, 0, 0, 0 };
	/* a cut is at most at fit: only the words before it can be the verb
	 * that has_verb looks for (one cut short at fit + 1 ends after it) */
	size_t verb_end = first_verb_end(s, fit < len ? fit + 1 : len);
	for (size_t i = min; i <= fit && i < len; i++) {
		int k = boundary(s, len, i, verb_end);
		if (k)
			best[k] = i;
	}
	/* The end of the first main clause wins; then a strong boundary (a
	 * relative clause, a dash), unless it would throw away much more than
	 * a phrase boundary further on. */
	if (best[3])
		return best[3];
	return best[2] && best[2] * 5 >= best[1] * 3 ? best[2] : best[1];
}

/* "A further two workshops in the Horn of Africa and South Asia regions
 * will be held" -> "A further two workshops will be held": a phrase
 * between the subject and its verb goes, as a last resort before a cut
 * mid-clause. The verb is the first auxiliary or common past form; the
 * phrase starts at a preposition after at least three words, with no
 * comma before the verb. True when something was dropped. */
static bool drop_subject_phrase(char *s, size_t *len)
{
	static const char *const aux[] = { "are", "can", "could", "had", "has", "have",
	                                   "held", "is", "may", "met", "must", "shall",
	                                   "should", "took", "was", "were", "will", "would" };
	size_t words = 0, prep = 0;
	for (size_t i = 0; i < *len;) {
		while (i < *len && s[i] == ' ')
			i++;
		size_t w = i;
		while (i < *len && s[i] != ' ')
			i++;
		if (w == i)
			break;
		if (memchr(s + w, ',', i - w) || memchr(s + w, ';', i - w))
			return false;
		if (in_list(aux, CHR_ARRAY_LEN(aux), s + w, i - w)) {
			if (!prep || w - prep < 8)
				return false;
			memmove(s + prep, s + w - 1, *len - (w - 1));
			*len -= w - 1 - prep;
			s[*len] = '\0';
			return true;
		}
		words++;
		if (!prep && words > 3 && w > 0 &&
		    in_list(phrase_preps, CHR_ARRAY_LEN(phrase_preps), s + w, i - w))
			prep = w - 1; /* the space before it */
		if (words > 20)
			return false;
	}
	return false;
}

/* Cuts s to at most TITLE_MAX characters: at the last clause boundary that
 * fits; else, once acronyms and short names have been tried, at a word
 * with an ellipsis. */
static chr_status shorten(chr_buf *b, char *s, size_t *len, expansion *ex, size_t n_ex)
{
	size_t cut;
	for (;;) {
		if (chr_utf8_chars(s, *len) <= TITLE_MAX)
			return chr_buf_add(b, s, *len);
		if ((cut = boundary_cut(s, *len)) > 0) {
			*len = cut;
			s[cut] = '\0';
			trim(s, len);
			return chr_buf_add(b, s, *len);
		}
		if (!abbreviate(s, len, ex, &n_ex) && !drop_subject_phrase(s, len))
			break;
	}
	/* As many whole words as fit in TITLE_MAX characters, then "…". */
	size_t fit = char_offset(s, *len, TITLE_MAX);
	cut = fit;
	while (cut > 0 && s[cut] != ' ')
		cut--;
	if (cut == 0)
		cut = fit; /* one huge word: a character boundary will do */
	*len = cut;
	s[cut] = '\0';
	trim_ends(s, len, false);
	chr_status rc = chr_buf_add(b, s, *len);
	return rc == CHR_OK ? chr_buf_adds(b, "\xe2\x80\xa6") : rc;
}

/* Whether a title says anything: two words, or one real lowercase word. */
static bool usable(const char *s, size_t len)
{
	size_t words = 0, run = 0;
	bool lower_word = false;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && is_alpha(s[i])) {
			run++;
			continue;
		}
		if (run >= 2) {
			words++;
			if (is_lower(s[i - 1]) && run >= 3)
				lower_word = true;
		}
		run = 0;
	}
	return words >= 2 || lower_word;
}

/*
 * "This course was a follow-up to the workshop delivered by the office in
 * Islamabad on 11 April": the date belongs to the workshop, and the
 * sentence only relates the two ("was", "follows", "marks"). Returns where
 * the happening's noun phrase starts (its "the" or "a"), or start when
 * the sentence is not of that shape.
 */
static size_t related_start(const char *t, size_t start, size_t d)
{
	static const char *const relating[] = { "followed", "follows", "is", "marked",
	                                        "marks", "recalled", "recalls", "was" };
	static const char *const aux[] = { "are", "be", "been", "being", "had", "has",
	                                   "have", "is", "was", "were", "will" };
	size_t ws[64], we[64], n = 0;
	for (size_t i = start; i < d;) {
		while (i < d && t[i] == ' ')
			i++;
		size_t w = i;
		while (i < d && t[i] != ' ')
			i++;
		if (w == i)
			break;
		if (n == 64) {
			memmove(ws, ws + 1, 63 * sizeof *ws);
			memmove(we, we + 1, 63 * sizeof *we);
			n--;
		}
		ws[n] = w;
		we[n] = i;
		n++;
	}
	/* the participle whose phrase holds the date */
	size_t p = n;
	for (size_t k = n; k-- > 0 && n - k <= 16;) {
		size_t a = ws[k], l = we[k] - ws[k];
		if (memchr(t + a, ',', l) || memchr(t + a, ';', l))
			return start;
		if (in_list(aux, CHR_ARRAY_LEN(aux), t + a, l))
			return start;
		if (is_lower(t[a]) && ((l >= 5 && memcmp(t + a + l - 2, "ed", 2) == 0) ||
		                       in_list(participles, CHR_ARRAY_LEN(participles), t + a, l))) {
			p = k;
			break;
		}
	}
	if (p == n || p < 3)
		return start;
	/* its noun phrase, opened by an article a few words before */
	size_t det = n;
	for (size_t k = p; k-- > 0 && p - k <= 8;) {
		size_t a = ws[k], l = we[k] - ws[k];
		if (in_list(aux, CHR_ARRAY_LEN(aux), t + a, l) || memchr(t + a, ',', l))
			return start;
		if ((l == 3 && memcmp(t + a, "the", 3) == 0) || (l == 1 && t[a] == 'a') ||
		    (l == 2 && memcmp(t + a, "an", 2) == 0)) {
			det = k;
			break;
		}
	}
	if (det == n || det == 0)
		return start;
	/* a sentence that only relates: "was", "follows", and nothing else
	 * that happens */
	bool relates = false;
	for (size_t k = 0; k < det; k++) {
		size_t a = ws[k], l = we[k] - ws[k];
		if (memchr(t + a, ',', l))
			return start;
		if (in_list(relating, CHR_ARRAY_LEN(relating), t + a, l))
			relates = true;
		else if (in_list(aux, CHR_ARRAY_LEN(aux), t + a, l))
			return start;
	}
	return relates ? ws[det] : start;
}

/* A format character that draws nothing (a bidi control, a zero-width
 * space, a word joiner, the BOM, a soft hyphen): its length, or 0. A
 * title keeps none, so a page's override cannot turn it around. */
static size_t format_len(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xad)
		return 2;
	if (n < 3)
		return 0;
	if (u[0] == 0xe2 && u[1] == 0x80 &&
	    (u[2] == 0x8b || u[2] == 0x8e || u[2] == 0x8f || (u[2] >= 0xaa && u[2] <= 0xae)))
		return 3;
	if (u[0] == 0xe2 && u[1] == 0x81 &&
	    ((u[2] >= 0xa0 && u[2] <= 0xa4) || (u[2] >= 0xa6 && u[2] <= 0xa9)))
		return 3;
	if (u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		return 3;
	return 0;
}

/* The end of "am", "pm", "a.m." or "p.m." (any case) at k, or 0: the
 * last period of "a.m." may be the sentence's too, and goes with it. */
static size_t ampm_end(const char *t, size_t k, size_t end)
{
	if (k + 1 >= end || ((t[k] | 0x20) != 'a' && (t[k] | 0x20) != 'p'))
		return 0;
	if ((t[k + 1] | 0x20) == 'm')
		return k + 2 < end && is_alpha(t[k + 2]) ? 0 : k + 2;
	if (t[k + 1] == '.' && k + 2 < end && (t[k + 2] | 0x20) == 'm') {
		size_t j = k + 3;
		if (j < end && t[j] == '.')
			j++;
		return j < end && is_alpha(t[j]) ? 0 : j;
	}
	return 0;
}

/* A clock time at i: "10:00", "9.30am", "9:30 a.m.", or an hour with
 * its half of the day, "6 pm", "9 a.m.": its end, or 0. */
static size_t clock_at(const char *t, size_t i, size_t end)
{
	size_t j = i;
	while (j < end && j - i < 2 && t[j] >= '0' && t[j] <= '9')
		j++;
	if (j == i || (j < end && t[j] >= '0' && t[j] <= '9'))
		return 0;
	size_t k = j;
	if (j + 2 < end && (t[j] == ':' || t[j] == '.') && t[j + 1] >= '0' && t[j + 1] <= '9' &&
	    t[j + 2] >= '0' && t[j + 2] <= '9') {
		j += 3;
		if (j < end && t[j] >= '0' && t[j] <= '9')
			return 0;
		k = j;
	} else {
		j = 0; /* an hour alone is a time only with am or pm */
	}
	while (k < end && t[k] == ' ')
		k++;
	size_t h = ampm_end(t, k, end);
	return h ? h : j;
}

/* The length of the word joining two times at k ("to ", "and ", "-",
 * an en dash), or 0. */
static size_t time_joint(const char *t, size_t k, size_t end)
{
	if (k + 2 < end && memcmp(t + k, "to ", 3) == 0)
		return 3;
	if (k + 4 < end && memcmp(t + k, "and ", 4) == 0)
		return 4;
	if (k < end && t[k] == '-')
		return 1;
	return dash_len(t + k, end - k) ? 3 : 0;
}

/* "5 to 7 p.m.", "9-11 am": an hour that takes the half of the day of the
 * clock time after it; the end of that time, or 0. */
static size_t hours_at(const char *t, size_t i, size_t end)
{
	size_t j = i;
	while (j < end && j - i < 2 && t[j] >= '0' && t[j] <= '9')
		j++;
	if (j == i || (j < end && ((t[j] >= '0' && t[j] <= '9') || t[j] == ':' || t[j] == '.')))
		return 0;
	size_t k = j;
	while (k < end && t[k] == ' ')
		k++;
	size_t c = time_joint(t, k, end);
	if (!c)
		return 0;
	k += c;
	while (k < end && t[k] == ' ')
		k++;
	size_t e = clock_at(t, k, end);
	/* the second time has its "am" or "pm" (a clock written as one may
	 * lack it, but then "5 to 17:00" is no time range of this kind) */
	return e && (t[e - 1] | 0x20) != 'm' && t[e - 1] != '.' ? 0 : e;
}

/* The end of a zone written after a clock time at j ("CEST", "GMT+2",
 * "UTC-05:00", "local time"), or j: the zone goes with the time. */
static size_t zone_after(const char *t, size_t j, size_t end)
{
	size_t k = j;
	while (k < end && t[k] == ' ')
		k++;
	if (k == j)
		return j;
	if (end - k >= 10 && memcmp(t + k, "local time", 10) == 0 &&
	    (k + 10 == end || !is_alpha(t[k + 10])))
		return k + 10;
	/* in capitals, as a zone after a time is written; the date core's
	 * table says which, so the title drops the zone the time was read
	 * with */
	size_t z = k;
	while (z < end && z - k < 6 && t[z] >= 'A' && t[z] <= 'Z')
		z++;
	if (z - k < 2 || z - k > 5 || (z < end && is_alpha(t[z])) ||
	    !chr_zone_word(t + k, z - k, NULL))
		return j;
	if (z + 1 < end && (t[z] == '+' || t[z] == '-') && t[z + 1] >= '0' && t[z + 1] <= '9') {
		z++;
		while (z < end && ((t[z] >= '0' && t[z] <= '9') || t[z] == ':'))
			z++;
	}
	return z;
}

/* "from 10:00 to 16:00", ", at 18:30", "10.00-12.30": the time of day is
 * on the calendar entry as the date is, so it leaves the title with its
 * preposition and the comma before it. Sets [*a, *e) and returns true. */
static bool time_phrase(const char *t, size_t lo, size_t end, size_t i, size_t *a, size_t *e)
{
	if (i > lo && ((t[i - 1] >= '0' && t[i - 1] <= '9') || t[i - 1] == '.' || t[i - 1] == ':'))
		return false;
	size_t j = clock_at(t, i, end);
	bool sure = false;
	if (!j) {
		if (!(j = hours_at(t, i, end)))
			return false;
		sure = true;
	}
	/* "9.30" is a time only when something says so ("at 9.30",
	 * "9.30am", "9.30-12.00"); "grew 2.50 percent" is not one */
	size_t d = i;
	while (t[d] >= '0' && t[d] <= '9')
		d++;
	bool dotted = t[d] == '.';
	sure = sure || !dotted || j > d + 3;
	/* a second time: "to 16:00", "- 16:00", "–16:00", "and 16:00" */
	size_t k = j;
	while (k < end && t[k] == ' ')
		k++;
	size_t c = time_joint(t, k, end);
	if (c) {
		size_t m = k + c;
		while (m < end && t[m] == ' ')
			m++;
		size_t j2 = clock_at(t, m, end);
		if (j2) {
			j = j2;
			sure = true;
		}
	}
	size_t s = back_space(t, lo, i);
	static const char *const preps[] = { "at", "between", "from", "until" };
	size_t w = s;
	while (w > lo && is_alpha(t[w - 1]))
		w--;
	if (w < s && in_list(preps, CHR_ARRAY_LEN(preps), t + w, s - w)) {
		s = back_space(t, lo, w);
		sure = true;
	} else {
		s = i;
	}
	if (!sure)
		return false;
	if (s > lo && t[s - 1] == ',')
		s--;
	*a = s;
	*e = zone_after(t, j, end);
	return true;
}

/* ---- reporting clauses --------------------------------------------------- */

/* "the city said", "officials announced on Tuesday", "according to the
 * board": who told the news is no part of the happening, and a calendar
 * entry that ends in it reads like a wire copy. */
static const char *const say_verbs[] = {
	"added", "announced", "announces", "confirmed", "declared", "explained",
	"noted", "reported", "said", "says", "stated", "told", "wrote"
};

/* What may follow the verb in such a clause: when it was said and how. */
static const char *const say_tail[] = {
	"a", "afternoon", "an", "at", "briefing", "conference", "earlier",
	"evening", "friday", "in", "interview", "its", "last", "monday", "morning",
	"news", "on", "press", "release", "reporters", "saturday", "statement",
	"sunday", "the", "their", "this", "thursday", "today", "tonight",
	"tuesday", "website", "wednesday", "week", "yesterday"
};

/* Words that open a relative or other clause, not a speaker. */
static const char *const not_speaker[] = {
	"and", "as", "because", "but", "if", "since", "so", "that", "when",
	"where", "which", "while", "who", "whom"
};

/* The next word of t from *i before e, without a final '.'; false at the
 * end. *comma says it ended in a comma. */
static bool say_word(const char *t, size_t *i, size_t e, size_t *wa, size_t *wl, bool *comma)
{
	while (*i < e && t[*i] == ' ')
		(*i)++;
	if (*i >= e)
		return false;
	*wa = *i;
	while (*i < e && t[*i] != ' ')
		(*i)++;
	*wl = *i - *wa;
	*comma = false;
	while (*wl && (t[*wa + *wl - 1] == '.' || t[*wa + *wl - 1] == ',' ||
	               t[*wa + *wl - 1] == ';')) {
		if (t[*wa + *wl - 1] != '.')
			*comma = true;
		(*wl)--;
	}
	return true;
}

static bool tail_word(const char *t, size_t a, size_t l)
{
	return in_list(say_tail, CHR_ARRAY_LEN(say_tail), t + a, l) ||
	       is_month_word(t + a, l) || (l && t[a] >= '0' && t[a] <= '9');
}

/* Whether t[a, e) is a whole reporting clause: "according to X",
 * "said the director, A. Name", "the city said", "its organisers said
 * on Thursday". */
static bool reporting_clause(const char *t, size_t a, size_t e)
{
	while (a < e && t[a] == ' ')
		a++;
	if (e - a >= 13 && strncasecmp(t + a, "according to ", 13) == 0)
		return e - a <= 100;
	size_t i = a, wa, wl, k = 0, verb = 0;
	bool comma, seen_verb = false;
	while (say_word(t, &i, e, &wa, &wl, &comma)) {
		if (wl == 0)
			return false;
		if (!seen_verb && in_list(say_verbs, CHR_ARRAY_LEN(say_verbs), t + wa, wl)) {
			/* "said the festival director, Marie Laval": the verb first */
			if (k == 0)
				return e - a <= 80;
			seen_verb = true;
			verb = k;
		} else if (!seen_verb) {
			if (k == 0 && in_list(not_speaker, CHR_ARRAY_LEN(not_speaker), t + wa, wl))
				return false;
			if (comma || k >= 5)
				return false;
		} else if (comma || k - verb > 6 || !tail_word(t, wa, wl)) {
			return false;
		}
		k++;
	}
	return seen_verb;
}

/* "will walk out on 17 March, the union said, with the operator
 * warning ...": a reporting clause between commas, then what the
 * happening comes with; the title ends before the clause. (", the
 * chairman said, will be held" goes on with the sentence itself, and
 * stays.) */
static bool reporting_aside(const char *t, size_t a, size_t e)
{
	static const char *const after[] = { "adding", "and", "as", "but", "citing", "noting",
	                                     "saying", "warning", "while", "with" };
	const char *comma = memchr(t + a, ',', e - a);
	if (!comma)
		return false;
	size_t c = (size_t)(comma - t);
	if (!reporting_clause(t, a, c))
		return false;
	size_t w = c + 1;
	while (w < e && t[w] == ' ')
		w++;
	size_t we = w;
	while (we < e && t[we] >= 'a' && t[we] <= 'z')
		we++;
	return we > w && in_list(after, CHR_ARRAY_LEN(after), t + w, we - w);
}

/* Moves *end before a closing ", the city said" and *start past an
 * opening "The council announced on Monday that" or "According to X,". */
static void drop_reporting(const char *t, size_t *start, size_t *end)
{
	size_t a = *start, e = *end;
	while (e > a && (t[e - 1] == ' ' || t[e - 1] == '.'))
		e--;
	/* '"We will open the wing," the director said' stays whole: cut
	 * there, the quote would be left open. */
	for (size_t c = a + 12; c < e; c++) {
		const char *comma = memchr(t + c, ',', e - c);
		if (!comma)
			break;
		c = (size_t)(comma - t);
		if (c + 1 < e && t[c + 1] != '"' &&
		    !(c + 3 < e && (unsigned char)t[c + 1] == 0xe2 && (unsigned char)t[c + 2] == 0x80 &&
		      (unsigned char)t[c + 3] == 0x9d) &&
		    (reporting_clause(t, c + 1, e) || reporting_aside(t, c + 1, e))) {
			*end = c;
			e = c;
			break;
		}
	}
	if (e - a > 13 && strncasecmp(t + a, "according to ", 13) == 0) {
		for (size_t c = a + 13; c < e && c - a < 80; c++)
			if (t[c] == ',') {
				*start = c + 1;
				return;
			}
		return;
	}
	/* the speaker, the verb, when it was said, then "that" */
	size_t i = a, wa, wl, k = 0;
	bool comma, seen_verb = false;
	while (k < 12 && say_word(t, &i, e, &wa, &wl, &comma)) {
		if (comma || wl == 0)
			return;
		if (seen_verb) {
			if (wl == 4 && strncmp(t + wa, "that", 4) == 0) {
				if (e - i > 12)
					*start = i;
				return;
			}
			if (!tail_word(t, wa, wl))
				return;
		} else if (in_list(say_verbs, CHR_ARRAY_LEN(say_verbs), t + wa, wl)) {
			if (k == 0)
				return;
			seen_verb = true;
		} else if (k >= 6 || in_list(not_speaker, CHR_ARRAY_LEN(not_speaker), t + wa, wl)) {
			return;
		}
		k++;
	}
}

/* Bytes that the copy in chr_title_make takes as they are in the middle
 * of a word: not a space (or the lead byte of NBSP or of a format
 * character), and none of , ; : ) . */
static bool word_byte(unsigned char c)
{
	return c > ' ' && c != ',' && c != ';' && c != ':' && c != ')' && c != '.' &&
	       c != 0xc2 && c != 0xe2 && c != 0xef;
}

chr_status chr_title_make(chr_buf *b, const char *text, size_t start,
                          size_t end, const chr_range *dates, size_t n)
{
	chr_status rc = CHR_OK;
	size_t span = end - start;
	unsigned char drop_local[TITLE_LOCAL], *drop = NULL;
	char s_local[TITLE_LOCAL + 1], *s = NULL;
	size_t len = 0;

	if (end <= start)
		return CHR_OK;
	drop_reporting(text, &start, &end);
	if (end <= start)
		return CHR_OK;
	span = end - start;
	for (size_t i = 0; i < n; i++)
		if (dates[i].start >= start && dates[i].start < end) {
			start = related_start(text, start, dates[i].start);
			span = end - start;
			break;
		}
	/* a sentence's window fits on the stack; a longer text is allocated */
	if (span <= TITLE_LOCAL) {
		drop = drop_local;
		memset(drop, 0, span);
		s = s_local;
	} else {
		drop = calloc(span, 1);
		s = malloc(span + 1);
		if (!drop || !s) {
			rc = CHR_ENOMEM;
			goto cleanup;
		}
	}
	for (size_t i = 0; i < n; i++) {
		size_t a = dates[i].start, e = dates[i].end;
		if (e <= start || a >= end)
			continue;
		if (a < start)
			a = start;
		if (e > end)
			e = end;
		widen(text, start, end, &a, &e);
		memset(drop + (a - start), 1, e - a);
	}
	for (size_t i = start; i < end;) {
		size_t a, e;
		if (text[i] < '0' || text[i] > '9') {
			i++; /* a clock time starts with a digit */
			continue;
		}
		if (time_phrase(text, start, end, i, &a, &e)) {
			memset(drop + (a - start), 1, e - a);
			i = e;
		} else {
			i++;
		}
	}
	for (size_t i = start; i < end; i++) {
		size_t e;
		if (text[i] == '(' && !drop[i - start] && (e = bracket_date(text, i, end)) > 0) {
			size_t q = back_space(text, start, i);
			memset(drop + (q - start), 1, e - q);
		}
	}

	/* Copy what is kept, one space for each run, tidying the commas and
	 * brackets that a dropped date leaves behind. */
	bool space = false, dropped = false;
	for (size_t i = start; i < end;) {
		if (drop[i - start]) {
			dropped = true;
			i++;
			continue;
		}
		char c = text[i];
		/* spaces and format characters start with a control byte, a
		 * space, 0xc2, 0xe2 or 0xef */
		unsigned char u = (unsigned char)c;
		if (u <= ' ' || u == 0xc2 || u == 0xe2 || u == 0xef) {
			size_t sp = chr_space_len(text + i, end - i);
			if (sp) {
				space = true;
				i += sp;
				continue;
			}
			size_t fmt = format_len(text + i, end - i);
			if (fmt) {
				i += fmt;
				continue;
			}
		}
		char last = len ? s[len - 1] : '\0';
		if (c == ',' || c == ';' || c == ':') {
			if (dropped && c == ',') {
				/* "X, on 3 May, met" -> "X met"; "met on 3 May, and" -> "met and";
				 * "X, adopted in 2016, seeks" -> "X seeks"; but "The election,
				 * tentatively set for 14 June, will" keeps the aside's pair. */
				size_t k = len;
				bool pair = false;
				while (k > 0 && s[k - 1] != ',' && len - k <= 16)
					k--;
				if (last == ',') {
					len--;
				} else if (k > 0 && s[k - 1] == ',' && s[k] == ' ' && is_lower(s[k + 1]) &&
				           memchr(s + k + 1, ' ', len - k - 1) == NULL &&
				           ((len >= 2 && s[len - 2] == 'e' && s[len - 1] == 'd') ||
				            in_list(participles, CHR_ARRAY_LEN(participles), s + k + 1,
				                    len - k - 1))) {
					len = k - 1;
				} else {
					pair = paired_comma(s, len, text, i + 1, end);
					/* "tour three towns in April, bringing films": the
					 * comma before a new phrase stays. */
					if (!pair && len && last != ',' && comma_phrase(text, i + 1, end))
						pair = true;
				}
				if (!pair) {
					dropped = false;
					i++;
					continue;
				}
			} else if (len == 0 || last == ',' || last == ';' || last == '(' || last == ':') {
				i++;
				continue;
			}
			space = false;
		} else if (c == ')') {
			if (last == '(') {
				len--;
				while (len && s[len - 1] == ' ')
					len--;
				i++;
				continue;
			}
			space = false;
		} else if (c == '.' && i + 1 >= end) {
			space = false;
		}
		/* an opening quote keeps its word: '"In May we' without "In May" */
		bool opening = (last == '"' && (len == 1 || s[len - 2] == ' ')) ||
		               (len >= 3 && (unsigned char)s[len - 3] == 0xe2 &&
		                (unsigned char)s[len - 2] == 0x80 && (unsigned char)s[len - 1] == 0x9c);
		if (space && len && last != '(' && !opening)
			s[len++] = ' ';
		space = false;
		dropped = false;
		s[len++] = c;
		i++;
		/* The rest of the word goes as it is: with no space pending,
		 * only a dropped byte, a space or format character, or the
		 * punctuation tidied above needs the steps above. */
		while (i < end && !drop[i - start] && word_byte((unsigned char)text[i]))
			s[len++] = text[i++];
	}
	s[len] = '\0';
	trim(s, &len);
	drop_opener(s, &len);
	trim(s, &len);
	drop_label(s, &len);
	expansion ex[MAX_EXPANSIONS];
	size_t n_ex = 0;
	drop_asides(s, &len, ex, &n_ex);
	size_t shift = trim_ends(s, &len, true);
	/* the expansions move with the text; one the trim cut into is gone */
	size_t kept = 0;
	for (size_t q = 0; q < n_ex; q++)
		if (ex[q].start >= shift && ex[q].end - shift <= len) {
			ex[kept] = ex[q];
			ex[kept].start -= shift;
			ex[kept].end -= shift;
			kept++;
		}
	n_ex = kept;
	size_t first = 0; /* past an opening quote */
	if (len > 1 && s[0] == '"')
		first = 1;
	else if (len > 3 && (unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
	         (unsigned char)s[2] == 0x9c)
		first = 3;
	if (first < len && is_lower(s[first]))
		s[first] = (char)(s[first] - 32);
	if (!usable(s, len))
		goto cleanup;
	CHECK(shorten(b, s, &len, ex, n_ex));
cleanup:
	if (drop != drop_local)
		free(drop);
	if (s != s_local)
		free(s);
	return rc;
}
