/*
 * The lexer: one pass over the text, no backtracking, no allocation but
 * the token array. Typographic variants are folded here, where offsets
 * stay true: en and em dashes are dashes, no-break and thin spaces are
 * spaces, curly quotes are quotes. Everything else that is not ASCII is
 * part of a word.
 */
#include "date.h"

#include <stdlib.h>
#include <string.h>

static chr_status grow(tokens *t)
{
	void *v = t->v;
	if (chr_grow(&v, &t->cap, t->n, sizeof *t->v, 256) != CHR_OK)
		return CHR_ENOMEM;
	t->v = v;
	return CHR_OK;
}

static inline chr_status push(tokens *t, const tok *k)
{
	if (t->n == t->cap && grow(t) != CHR_OK)
		return CHR_ENOMEM;
	t->v[t->n++] = *k;
	return CHR_OK;
}

void chr_tokens_free(tokens *t)
{
	free(t->v);
	memset(t, 0, sizeof *t);
}

static bool is_alpha(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* ASCII letters and digits: the bytes that continue a word. */
#define WB1(c) (uint8_t)((unsigned)(((c) | 0x20) - 'a') < 26u || (unsigned)((c) - '0') < 10u)
#define WB4(c) WB1(c), WB1((c) + 1), WB1((c) + 2), WB1((c) + 3)
#define WB16(c) WB4(c), WB4((c) + 4), WB4((c) + 8), WB4((c) + 12)
#define WB64(c) WB16(c), WB16((c) + 16), WB16((c) + 32), WB16((c) + 48)
static const uint8_t word_byte[256] = { WB64(0), WB64(64), WB64(128), WB64(192) };

/*
 * The length of the run of ASCII letters and digits at s[i], and its first
 * 16 bytes lower-cased and NUL-padded in *a, *b (as chr_word_lookup wants
 * them; any bytes when the run is 16 or longer). Eight bytes are tested at
 * a time where the text allows: a byte is a letter when its case-folded
 * value lies in 'a'..'z', a digit when it lies in '0'..'9', and adding the
 * right constant to each byte (no byte carries into the next, the high
 * bits are cleared first) puts the answer in the byte's high bit.
 */
static inline uint64_t word_bytes8(uint64_t x)
{
	const uint64_t hi = 0x8080808080808080u;
	uint64_t y = x & ~hi;
	uint64_t v = y | 0x2020202020202020u;
	uint64_t letter = (v + 0x1F1F1F1F1F1F1F1Fu) & ~(v + 0x0505050505050505u);
	uint64_t digit = (y + 0x5050505050505050u) & ~(y + 0x4646464646464646u);
	return (letter | digit) & ~x & hi;
}

static inline size_t word_scan(const unsigned char *s, size_t i, size_t len, uint64_t *a,
                               uint64_t *b)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (len - i >= 16) {
		const uint64_t hi = 0x8080808080808080u, fold = 0x2020202020202020u;
		uint64_t x0, x1;
		memcpy(&x0, s + i, 8);
		uint64_t stop = ~word_bytes8(x0) & hi;
		if (stop) {
			size_t w = (size_t)__builtin_ctzll(stop) >> 3;
			*a = (x0 | fold) & ((1ull << (8 * w)) - 1); /* w < 8 */
			*b = 0;
			return w;
		}
		memcpy(&x1, s + i + 8, 8);
		stop = ~word_bytes8(x1) & hi;
		if (stop) {
			size_t w = (size_t)__builtin_ctzll(stop) >> 3;
			*a = x0 | fold;
			*b = (x1 | fold) & ((1ull << (8 * w)) - 1);
			return 8 + w;
		}
		size_t j = i + 16;
		while (j < len && word_byte[s[j]])
			j++;
		return j - i; /* 16 bytes or more: in no table */
	}
#endif
	char low[16] = { 0 };
	size_t j = i;
	while (j < len && word_byte[s[j]]) {
		low[(j - i) & 15] = (char)(s[j] | 0x20);
		j++;
	}
	memcpy(a, low, 8);
	memcpy(b, low + 8, 8);
	return j - i;
}

static inline void word_lookup(const char low[16], size_t n, tok *t)
{
	uint64_t a, b;
	memcpy(&a, low, 8);
	memcpy(&b, low + 8, 8);
	chr_word_lookup(a, b, n, t);
}

/* What a multi-byte sequence means to the lexer. */
enum mb { MB_LETTER, MB_SPACE, MB_DASH, MB_QUOTE, MB_DQUOTE, MB_OTHER };

static enum mb classify_mb(const unsigned char *s, size_t avail, int *n)
{
	*n = chr_utf8_seq(s, avail);
	if (*n == 0) {
		*n = 1;
		return MB_OTHER;
	}
	if (*n == 2 && s[0] == 0xC2) {
		if (s[1] == 0xA0)
			return MB_SPACE; /* no-break space */
		if (s[1] == 0xAD)
			return MB_SPACE; /* soft hyphen: invisible */
		return MB_OTHER;        /* ©, «, » ... */
	}
	if (*n == 3 && s[0] == 0xE2 && s[1] == 0x80) {
		unsigned c = s[2];
		if (c >= 0x80 && c <= 0x8B)
			return MB_SPACE; /* en quad .. zero width space */
		if (c >= 0x90 && c <= 0x95)
			return MB_DASH;  /* hyphen .. horizontal bar */
		if (c == 0x98 || c == 0x99 || c == 0x9B)
			return MB_QUOTE;
		if (c == 0x9C || c == 0x9D || c == 0x9E)
			return MB_DQUOTE;
		if (c == 0xAF)
			return MB_SPACE; /* narrow no-break space */
		return MB_OTHER;
	}
	if (*n == 3 && s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92)
		return MB_DASH; /* minus sign */
	if (*n == 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		return MB_SPACE; /* byte order mark */
	if (*n == 3 && s[0] == 0xE3 && s[1] == 0x80)
		return MB_OTHER; /* CJK punctuation such as 〞 */
	if (*n == 3 && s[0] == 0xE2 && (s[1] == 0x81 || s[1] == 0x82))
		return s[1] == 0x81 && s[2] == 0xA0 ? MB_SPACE : MB_OTHER;
	return MB_LETTER;
}

chr_status chr_lex(const char *text, size_t len, tokens *out)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	unsigned pending = 0; /* flags for the next token */
	int newlines = 0;

	chr_words_init();
	/* about one token in five bytes of prose: reserve once rather than
	 * double the array a dozen times */
	if (out->cap < len / 5 + 16) {
		void *v = realloc(out->v, (len / 5 + 16) * sizeof *out->v);
		if (!v)
			return CHR_ENOMEM;
		out->v = v;
		out->cap = len / 5 + 16;
		chr_hint_huge(out->v, out->cap * sizeof *out->v);
	}
	while (i < len) {
		unsigned char c = s[i];
		if (c == ' ') {
			pending |= F_SPACE;
			i++;
			continue;
		}
		/* The common token, a lower-case ASCII word, written straight
		 * into the array; anything unusual about it (a non-ASCII letter,
		 * "a" or "p" that may be a.m. or p.m.) takes the general path. */
		if ((unsigned)(c - 'a') < 26u) {
			uint64_t a = 0, b = 0;
			size_t w = word_scan(s, i, len, &a, &b);
			const unsigned char *p = s + i + w;
			if ((i + w == len || *p < 0x80) && !(w <= 2 && (c == 'a' || c == 'p'))) {
				if (out->n == out->cap && grow(out) != CHR_OK)
					return CHR_ENOMEM;
				tok *t = &out->v[out->n++];
				t->start = (uint32_t)i;
				t->len = (uint32_t)w;
				t->kind = T_WORD;
				t->flags = (uint8_t)pending;
				t->ndig = 0;
				t->ch = 0;
				chr_word_lookup(a, b, w, t);
				pending = 0;
				newlines = 0;
				i += w;
				continue;
			}
		}
		tok k;
		memset(&k, 0, sizeof k);
		k.start = (uint32_t)i;

		if (c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			pending |= F_SPACE;
			i++;
			continue;
		}
		if (c == '\n') {
			pending |= F_SPACE | F_NL;
			if (++newlines >= 2)
				pending |= F_PARA;
			i++;
			continue;
		}
		if (is_digit(c)) {
			size_t j = i;
			int32_t v = 0;
			while (j < len && is_digit(s[j])) {
				if (v < 100000000)
					v = v * 10 + (s[j] - '0');
				j++;
			}
			k.kind = T_NUM;
			k.val = v;
			k.ndig = (uint8_t)(j - i < 255 ? j - i : 255);
			/* Suffixes: 21st, 1990s; anything else makes a code word. */
			if (j < len && is_alpha(s[j])) {
				size_t e = j;
				while (e < len && is_alpha(s[e]))
					e++;
				size_t n = e - j;
				char a = (char)(s[j] | 0x20), b = n > 1 ? (char)(s[j + 1] | 0x20) : 0;
				bool digit_after = e < len && is_digit(s[e]);
				if (n == 2 && !digit_after && (a == 'a' || a == 'p') && b == 'm') {
					/* 10am: the number, then a.m. as its own token */
				} else if (n == 2 && !digit_after &&
				    ((a == 's' && b == 't') || (a == 'n' && b == 'd') ||
				     (a == 'r' && b == 'd') || (a == 't' && b == 'h'))) {
					k.flags |= F_ORD;
					j = e;
				} else if (n == 1 && a == 's' && !digit_after) {
					k.flags |= F_PLURAL_S;
					j = e;
				} else if ((s[j] == 'T' || s[j] == 'Z') &&
				           (e == j + 1 || digit_after || s[j] == 'T')) {
					/* ISO 8601 time separator: leave it for the grammar */
				} else {
					while (e < len && (is_alpha(s[e]) || is_digit(s[e])))
						e++;
					k.kind = T_WORD;
					k.ndig = 0;
					j = e;
				}
			}
			k.len = (uint32_t)(j - i);
			i = j;
		} else if (is_alpha(c) || c >= 0x80) {
			size_t j = i;
			int n = 1;
			bool upper = true;
			if (c >= 0x80) {
				enum mb m = classify_mb(s + i, len - i, &n);
				if (m != MB_LETTER) {
					i += (size_t)n;
					if (m == MB_SPACE) {
						pending |= F_SPACE;
						continue;
					}
					k.len = (uint32_t)n;
					k.kind = m == MB_DASH ? T_DASH : T_PUNCT;
					k.ch = m == MB_DASH ? '-' : m == MB_QUOTE ? '\'' :
					       m == MB_DQUOTE ? '"' : '?';
					if (m == MB_DASH && !(s[k.start + 2] == 0x90 || s[k.start + 2] == 0x91))
						k.flags |= F_ENDASH;
					if (m == MB_OTHER)
						k.ch = '~';
					goto emit;
				}
			}
			if (c < 0x80 && c >= 'A' && c <= 'Z')
				k.flags |= F_CAP;
			/* the T of an ISO timestamp, 2018-02-28T15:58 */
			if ((c == 'T' || c == 'Z') && i > 0 && is_digit(s[i - 1]) &&
			    (i + 1 >= len || !is_alpha(s[i + 1]))) {
				k.kind = T_WORD;
				k.len = 1;
				i++;
				goto emit;
			}
			/* The word's lower-cased bytes are kept on the way, so the
			 * word table is looked up without a second pass; a word with
			 * a non-ASCII letter is in no table. */
			char low[16] = { 0 };
			bool ascii = true;
			for (;;) {
				const unsigned char *p = s + j, *e = s + len;
				size_t w = j - i;
				/* a word of 16 bytes or more is in no table: wrap */
				while (p < e && word_byte[*p])
					low[w++ & 15] = (char)(*p++ | 0x20);
				j = (size_t)(p - s);
				if (j >= len || s[j] < 0x80)
					break; /* also the ' of "'s" "n't" "'ll" */
				enum mb m = classify_mb(s + j, len - j, &n);
				if (m != MB_LETTER)
					break;
				upper = false;
				ascii = false;
				j += (size_t)n;
			}
			/* F_UPPER only matters for a capitalised word: look again
			 * at those alone */
			if (upper && (k.flags & F_CAP))
				for (size_t q = i + 1; q < j; q++)
					if (s[q] >= 'a' && s[q] <= 'z') {
						upper = false;
						break;
					}
			k.kind = T_WORD;
			k.len = (uint32_t)(j - i);
			if (upper && (k.flags & F_CAP))
				k.flags |= F_UPPER;
			/* a.m. / p.m. as one word */
			if (k.len == 1 && ((c | 0x20) == 'a' || (c | 0x20) == 'p') &&
			    j + 2 < len && s[j] == '.' && (s[j + 1] | 0x20) == 'm') {
				j += 2;
				if (j < len && s[j] == '.')
					j++;
				k.len = (uint32_t)(j - i);
				k.cls = W_AMPM;
				k.val = (c | 0x20) == 'p' ? 12 : 0;
				i = j;
				goto emit;
			}
			if (ascii)
				word_lookup(low, k.len, &k);
			if (k.len == 2 && i > 0 && is_digit(s[i - 1]) && (s[i + 1] | 0x20) == 'm' &&
			    ((c | 0x20) == 'a' || (c | 0x20) == 'p')) {
				k.cls = W_AMPM;
				k.val = (c | 0x20) == 'p' ? 12 : 0;
			}
			i = j;
		} else {
			k.len = 1;
			k.kind = c == '-' ? T_DASH : T_PUNCT;
			k.ch = (char)c;
			if (c == '`')
				k.ch = '\'';
			i++;
		}
	emit:
		k.flags |= (uint8_t)pending;
		pending = 0;
		newlines = 0;
		if (push(out, &k) != CHR_OK)
			return CHR_ENOMEM;
	}
	return CHR_OK;
}
