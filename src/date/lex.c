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
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

static chr_status grow(tokens *t)
{
	void *v = t->v;
	if (chr_grow(&v, &t->cap, t->n, sizeof *t->v, 256) != CHR_OK)
		return CHR_ENOMEM;
	t->v = v;
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

/* A word token's ch: its first byte, in lower case when an ASCII letter. */
static char first_byte(unsigned char c)
{
	return (char)((unsigned)(c - 'A') < 26u ? c | 0x20 : c);
}

/* ASCII letters and digits: the bytes that continue a word. */
#define WB1(c) (uint8_t)((unsigned)(((c) | 0x20) - 'a') < 26u || (unsigned)((c) - '0') < 10u)
#define WB4(c) WB1(c), WB1((c) + 1), WB1((c) + 2), WB1((c) + 3)
#define WB16(c) WB4(c), WB4((c) + 4), WB4((c) + 8), WB4((c) + 12)
#define WB64(c) WB16(c), WB16((c) + 16), WB16((c) + 32), WB16((c) + 48)
static const uint8_t word_byte[256] = { WB64(0), WB64(64), WB64(128), WB64(192) };

#if defined(__SSE2__) && defined(__x86_64__)
#define SSE2_WORDS 1
/* 16 bytes of 0xFF then 16 of 0: the 16 bytes at keep16 + 16 - w keep
 * the first w bytes of a vector. */
static const uint8_t keep16[32] = { 255, 255, 255, 255, 255, 255, 255, 255,
                                    255, 255, 255, 255, 255, 255, 255, 255 };

/* The ASCII letters and digits of the 16 bytes in x, one bit each; *low
 * is x with bit 0x20 set (a letter's lower case, a digit as it is). */
static ALWAYS_INLINE unsigned word_mask16(__m128i x, __m128i *low)
{
	__m128i l = _mm_or_si128(x, _mm_set1_epi8(0x20));
	__m128i la = _mm_sub_epi8(l, _mm_set1_epi8('a'));
	__m128i d = _mm_sub_epi8(x, _mm_set1_epi8('0'));
	__m128i letter = _mm_cmpeq_epi8(_mm_min_epu8(la, _mm_set1_epi8(25)), la);
	__m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
	*low = l;
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit));
}
#endif

/*
 * The length of the run of ASCII letters and digits at s[i], and its first
 * 16 bytes lower-cased and NUL-padded in *a, *b (as chr_word_lookup wants
 * them; any bytes when the run is 16 or longer). Sixteen bytes are tested
 * at once with SSE2 (word_mask16), else eight where the text allows: a
 * byte is a letter when its case-folded value lies in 'a'..'z', a digit
 * when it lies in '0'..'9', and adding the right constant to each byte
 * (no byte carries into the next, the high bits are cleared first) puts
 * the answer in the byte's high bit.
 */
#if !defined(SSE2_WORDS)
static ALWAYS_INLINE uint64_t word_bytes8(uint64_t x)
{
	const uint64_t hi = 0x8080808080808080u;
	uint64_t y = x & ~hi;
	uint64_t v = y | 0x2020202020202020u;
	uint64_t letter = (v + 0x1F1F1F1F1F1F1F1Fu) & ~(v + 0x0505050505050505u);
	uint64_t digit = (y + 0x5050505050505050u) & ~(y + 0x4646464646464646u);
	return (letter | digit) & ~x & hi;
}
#endif

static ALWAYS_INLINE size_t word_scan(const unsigned char *s, size_t i, size_t len, uint64_t *a,
                               uint64_t *b)
{
#if defined(SSE2_WORDS)
	if (len - i >= 16) {
		__m128i l;
		unsigned stop = ~word_mask16(_mm_loadu_si128((const __m128i *)(s + i)), &l) & 0xFFFFu;
		if (stop) {
			size_t w = (size_t)__builtin_ctz(stop);
			__m128i k = _mm_and_si128(l, _mm_loadu_si128((const __m128i *)(keep16 + 16 - w)));
			*a = (uint64_t)_mm_cvtsi128_si64(k);
			*b = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(k, k));
			return w;
		}
		size_t j = i + 16;
		while (j < len && word_byte[s[j]])
			j++;
		return j - i; /* 16 bytes or more: in no table */
	}
#elif defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
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

/* "The doors open at 9 a.m. The vote is on 3 October": after an hour,
 * the period of "a.m." at s[j] ends the sentence too, before spaces and
 * a capitalised word that is no zone, day or month ("9 a.m. EST", "10
 * a.m. Monday", "9 a.m. Oct. 3"). */
static bool ampm_ends_sentence(const unsigned char *s, size_t j, size_t len)
{
	size_t q = j + 1;
	if (q >= len || s[q] != ' ')
		return false;
	while (q < len && s[q] == ' ')
		q++;
	if (q >= len || (unsigned)(s[q] - 'A') >= 26u)
		return false;
	uint64_t a = 0, b = 0;
	size_t w = word_scan(s, q, len, &a, &b);
	tok t = { .flags = F_CAP };
	bool upper = true;
	for (size_t k = q + 1; k < q + w; k++)
		if ((unsigned)(s[k] - 'a') < 26u)
			upper = false;
	if (upper)
		t.flags |= F_UPPER;
	chr_word_lookup(a, b, w, &t);
	return !(t.cls == W_TZ || t.cls == W_WEEKDAY || t.cls == W_MONTH || t.cls == W_DAYREL ||
	         t.cls == W_HOLIDAY);
}

/* What the lexer carries from one byte to the next: the flags for the
 * next token and the line breaks seen since the last one. Both are zero
 * right after a token, which is what lets lex_run start again anywhere a
 * token has just ended. */
typedef struct lex_state {
	unsigned pending;
	int newlines;
} lex_state;

/*
 * Lexes the tokens that start in s[i..end), reading up to len for the
 * last one, and stops early once out holds limit tokens. *pos is set to
 * where it stopped. The state is read and written back so that runs
 * over adjacent stretches give the tokens of one run over both.
 */
static chr_status lex_run(const unsigned char *s, size_t i, size_t end, size_t len,
                          tokens *out, lex_state *st, size_t limit, size_t *pos)
{
	unsigned pending = st->pending; /* flags for the next token */
	int newlines = st->newlines;
	chr_status rc = CHR_OK;
	/* the array's length and place in locals: every token's byte stores
	 * could alias them in memory */
	tok *tv = out->v;
	size_t tn = out->n, tcap = out->cap;
#define ROOM()                                             \
	if (tn == tcap) {                                    \
		out->n = tn;                                \
		if (grow(out) != CHR_OK) {                 \
			rc = CHR_ENOMEM;                   \
			break;                             \
		}                                          \
		tv = out->v;                                \
		tcap = out->cap;                            \
	}

	while (i < end && tn < limit) {
		unsigned char c = s[i];
		if (c == ' ') {
			pending |= F_SPACE;
			i++;
			continue;
		}
		/* The common tokens, ASCII words and punctuation, are written
		 * straight into the array; anything unusual about them (a
		 * non-ASCII letter, "a" or "p" that may be a.m. or p.m., the T of
		 * a timestamp, a short capitalised word) takes the general path,
		 * which gives the same token. */
		if ((unsigned)(c - 'a') < 26u) {
			uint64_t a = 0, b = 0;
			size_t w = word_scan(s, i, len, &a, &b);
			const unsigned char *p = s + i + w;
			if ((i + w == len || *p < 0x80) && !(w <= 2 && (c == 'a' || c == 'p'))) {
				ROOM();
				/* chr_word_lookup for a word in lower case, which is
				 * never Q1..H2 */
				int cls = W_NONE, val = 0, abbrev = 0;
				if (w < 16) {
					/* The word's home slot decides most words without a
					 * branch on whether it is there (which half the words
					 * of a text are, in no order a predictor learns): an
					 * empty slot's key is 0, no word's. Only a word not
					 * at home while the slot is taken probes on. */
					uint32_t q = chr_word_slot_of(a, b);
					const struct chr_word_slot *sl = &chr_word_slots[q];
					bool home = ((sl->a ^ a) | (sl->b ^ b)) == 0;
					if (!home && sl->used) {
						for (q = (q + 1) & (CHR_WORD_SLOTS - 1); chr_word_slots[q].used;
						     q = (q + 1) & (CHR_WORD_SLOTS - 1))
							if (chr_word_slots[q].a == a && chr_word_slots[q].b == b) {
								sl = &chr_word_slots[q];
								home = true;
								break;
							}
					}
					cls = home ? sl->low_cls : W_NONE;
					val = home ? sl->low_val : 0;
					abbrev = home && (sl->anchor & CHR_ABBREV);
				}
				/* the token as one value: the fields not named are 0 */
				tv[tn++] = (tok){ .start = (uint32_t)i, .len = (uint32_t)w, .val = val,
				                  .kind = T_WORD, .cls = (uint8_t)cls,
				                  .flags = (uint8_t)pending, .ch = (char)c,
				                  .abbrev = (uint8_t)abbrev };
				newlines = 0;
				i += w;
				/* the space after a word, the commonest byte, here */
				pending = 0;
				if (i < end && s[i] == ' ') {
					pending = F_SPACE;
					i++;
				}
				continue;
			}
		} else if ((unsigned)(c - 'A') < 26u &&
		           !((c == 'T' || c == 'Z') && i > 0 && is_digit(s[i - 1]))) {
			uint64_t a = 0, b = 0;
			size_t w = word_scan(s, i, len, &a, &b);
			const unsigned char *p = s + i + w;
			if (w >= 3 && (i + w == len || *p < 0x80)) {
				unsigned f = pending | F_CAP;
				if ((unsigned)(s[i + 1] - 'a') >= 26u) {
					f |= F_UPPER;
					for (size_t q = i + 2; q < i + w; q++)
						if ((unsigned)(s[q] - 'a') < 26u) {
							f &= ~(unsigned)F_UPPER;
							break;
						}
				}
				ROOM();
				tok k = { .start = (uint32_t)i, .len = (uint32_t)w, .kind = T_WORD,
				          .flags = (uint8_t)f, .ch = (char)(c | 0x20) };
				chr_word_lookup(a, b, w, &k);
				tv[tn++] = k;
				pending = 0;
				newlines = 0;
				i += w;
				continue;
			}
		} else if (c > ' ' && c < 0x80 && !word_byte[c]) {
			ROOM();
			tv[tn++] = (tok){ .start = (uint32_t)i, .len = 1,
			                  .kind = c == '-' ? T_DASH : T_PUNCT, .cls = W_NONE,
			                  .flags = (uint8_t)pending, .ch = c == '`' ? '\'' : (char)c };
			pending = 0;
			newlines = 0;
			i++;
			continue;
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
					k.ch = (char)c;
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
				k.ch = first_byte(c);
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
			k.ch = first_byte(c);
			k.len = (uint32_t)(j - i);
			if (upper && (k.flags & F_CAP))
				k.flags |= F_UPPER;
			/* a.m. / p.m. as one word; its last period a token of its
			 * own when it ends the sentence too, after an hour on its
			 * line (the token before a line break may lie in another
			 * piece of the text, or have been left out, see
			 * chr_lex_sparse) */
			if (k.len == 1 && ((c | 0x20) == 'a' || (c | 0x20) == 'p') &&
			    j + 2 < len && s[j] == '.' && (s[j + 1] | 0x20) == 'm') {
				j += 2;
				if (j < len && s[j] == '.' &&
				    !(tn > 0 && !(pending & F_NL) && tv[tn - 1].kind == T_NUM &&
				      ampm_ends_sentence(s, j, len)))
					j++;
				k.len = (uint32_t)(j - i);
				k.cls = W_AMPM;
				k.val = (c | 0x20) == 'p' ? 12 : 0;
				i = j;
				goto emit;
			}
			if (ascii)
				word_lookup(low, k.len, &k);
			/* "10am", "6 pm", "6:30 PM": after an hour or its minutes,
			 * glued or after spaces on the same line */
			if (k.len == 2 && (s[i + 1] | 0x20) == 'm' && ((c | 0x20) == 'a' || (c | 0x20) == 'p') &&
			    ((i > 0 && is_digit(s[i - 1])) ||
			     (pending == F_SPACE && tn > 0 && tv[tn - 1].kind == T_NUM &&
			      tv[tn - 1].len <= 2))) {
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
		ROOM();
		tv[tn++] = k;
	}
#undef ROOM
	out->n = tn;
	st->pending = pending;
	st->newlines = newlines;
	*pos = i;
	return rc;
}

/* about one token in five bytes of prose, and one in four or so where
 * dates come one after another: reserve once for one in three rather
 * than double the array a dozen times, or move it once it is megabytes
 * long (room that is never written is never touched; an array kept from
 * the document before holds no token by now, so a move copies none;
 * from 2 MB it takes whole huge pages, chr_reserve) */
static chr_status reserve(tokens *out, size_t len)
{
	void *v = out->v;
	if (chr_reserve(&v, &out->cap, out->n, len / 3 + 16, sizeof *out->v) != CHR_OK)
		return CHR_ENOMEM;
	out->v = v;
	return CHR_OK;
}

chr_status chr_lex(const char *text, size_t len, tokens *out)
{
	lex_state st = { 0, 0 };
	size_t pos;
	chr_words_init();
	if (reserve(out, len) != CHR_OK)
		return CHR_ENOMEM;
	return lex_run((const unsigned char *)text, 0, len, len, out, &st, SIZE_MAX, &pos);
}


/* ---- leaving out date-free sentences ------------------------------------------------
 *
 * Most sentences of a text hold no date, and lexing them (then running the
 * grammar over their tokens and numbering their sentences) was most of
 * extract's cost. chr_lex_sparse cuts the text into stretches that end
 * where a sentence certainly ends (a line break, or a stop, spaces and a
 * capital or an opener, see stretch), looks over each stretch for an
 * anchor (a word of a class that every date pattern needs, words.c, or
 * a run of digits that a pattern of numbers alone could take: not the
 * "15" of "15 per cent", see digits_inert) and lexes the stretches that
 * have one in full. Of a stretch without one it keeps the first
 * MARGIN_FRONT tokens and at least the last MARGIN_BACK and leaves out
 * the middle; of a run of such stretches on one line, the front of the
 * first and the back of the last (the margins between them are read by
 * nothing below).
 *
 * Why the mentions do not change:
 * - The grammar starts a match only at an anchor (or at "the", "a" and
 *   other words that need one after them, or at a number that needs an
 *   anchor word after it, as "15 May" and "two years" do), and reads at
 *   most two tokens before a match's first token; after the stop that
 *   ends a stretch it goes no further than the next token, which a
 *   stretch without anchors cannot continue a date with (a capital word,
 *   a quote). So every pattern tried at an anchor reads the same tokens as
 *   in the full array.
 *   A time of day alone ("at 9 a.m.") is no mention: it only joins a day
 *   of its sentence, which anchors the stretch; digits_inert keeps times
 *   all the same.
 * - The resolver reads the tokens of a mention's own sentence (tense, the
 *   year of the sentence) and the one either side of it. A left-out
 *   middle lies in a stretch (or a run of them) of its own, which is one
 *   or more whole sentences, and the tokens around the run's ends are
 *   kept, so every sentence break at its ends is found (a break looks two
 *   tokens back). A left-out middle may hold more, between the stretches
 *   of a run or before a number ("... dollars. 15 per cent"): they only
 *   part the run's own kept tokens, none of them in a mention's sentence,
 *   and sentence numbers are only ever compared with a mention's. A
 *   stretch holds no line break and a run ends at one, whose next token is
 *   kept, so line numbers are unchanged.
 * - The publication date is looked for on the head's lines and the last
 *   lines, at most 24 tokens either side of a mention: those are lexed in
 *   full (see chr_lex_sparse).
 * The grammar's reach is read off its patterns, not enforced:
 * tests/unit/date_sparse.c compares the mentions on texts built to put
 * dates at sentence ends and finds differences with no token kept in
 * front; the two behind are what a sentence break reads (a stop and an
 * abbreviation).
 */
enum { MARGIN_FRONT = 1, MARGIN_BACK = 2, HEAD_BYTES = 2500, HEAD_RUNS = 128, TAIL_LINES = 5 };

static inline bool anchor_word(uint64_t a, uint64_t b, bool cap)
{
	for (uint32_t p = chr_word_slot_of(a, b); chr_word_slots[p].used;
	     p = (p + 1) & (CHR_WORD_SLOTS - 1)) {
		const struct chr_word_slot *s = &chr_word_slots[p];
		if (s->a == a && s->b == b)
			return (s->anchor & (cap ? CHR_ANCHOR_CAP : CHR_ANCHOR_LOW)) != 0;
	}
	return false;
}

/* The '.' at s[i] ends a sentence whatever follows (given a space and a
 * capital): the token before it is no abbreviation. The resolver's test
 * (resolve.c, abbreviation) takes that token; here it is known from the
 * bytes when they are two or more ASCII letters, of either case, after a
 * byte that starts no word (one letter may be an initial, or the end of
 * "a.m."), or seven or more letters whatever comes before (then the token
 * is longer than any abbreviation), or ASCII digits after a byte that is
 * no letter (then the token is a number: "on 27 May 2025."). */
static ALWAYS_INLINE bool plain_word_before(const unsigned char *s, size_t i)
{
	if (i > 0 && (unsigned)(s[i - 1] - '0') < 10u) {
		size_t d = i - 1;
		while (d > 0 && (unsigned)(s[d - 1] - '0') < 10u)
			d--;
		return d == 0 || (s[d - 1] < 0x80 && (unsigned)((s[d - 1] | 0x20) - 'a') >= 26u);
	}
	size_t n = 0;
	while (n < 7 && n < i && (unsigned)((s[i - 1 - n] | 0x20) - 'a') < 26u)
		n++;
	if (n >= 7)
		return true;
	if (n < 2)
		return false; /* "a.m.", an initial, a number */
	if (i > n && (s[i - n - 1] >= 0x80 || word_byte[s[i - n - 1]]))
		return false;
	return !chr_abbrev_word((const char *)s + i - n, n);
}

/* The first '.', '!', '?' or line break at or after s[i], or len; *digit
 * is set when a digit comes before it. */
static ALWAYS_INLINE size_t next_stop(const unsigned char *s, size_t i, size_t len, bool *digit)
{
#if defined(__SSE2__)
	const __m128i dot = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!'),
	              qm = _mm_set1_epi8('?'), nl = _mm_set1_epi8('\n'),
	              zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
	/* the digits of the blocks passed are gathered in one vector and
	 * looked at once, at the end */
	__m128i digits = _mm_setzero_si128();
	while (len - i >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(s + i));
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, dot), _mm_cmpeq_epi8(x, bang)),
		                         _mm_or_si128(_mm_cmpeq_epi8(x, qm), _mm_cmpeq_epi8(x, nl)));
		/* '0' <= x <= '9': x - '0' (wrapping) is at most 9 */
		__m128i d = _mm_sub_epi8(x, zero);
		__m128i dg = _mm_cmpeq_epi8(_mm_min_epu8(d, nine), d);
		unsigned bits = (unsigned)_mm_movemask_epi8(m);
		if (bits) {
			unsigned at = (unsigned)__builtin_ctz(bits);
			if (_mm_movemask_epi8(digits) || ((unsigned)_mm_movemask_epi8(dg) & ((1u << at) - 1)))
				*digit = true;
			return i + at;
		}
		digits = _mm_or_si128(digits, dg);
		i += 16;
	}
	if (_mm_movemask_epi8(digits))
		*digit = true;
#endif
	while (i < len && s[i] != '.' && s[i] != '!' && s[i] != '?' && s[i] != '\n') {
		if ((unsigned)(s[i] - '0') < 10u)
			*digit = true;
		i++;
	}
	return i;
}

/* The word at s[q] (a letter after a non-letter) is an anchor. */
static ALWAYS_INLINE bool anchor_at(const unsigned char *s, size_t q, size_t len)
{
	uint64_t a = 0, b = 0;
	size_t w = word_scan(s, q, len, &a, &b);
	return w < 16 && anchor_word(a, b, s[q] < 'a');
}

#if defined(__SSE2__)
/* The ASCII letters of the 64 bytes at p, one bit each. */
static ALWAYS_INLINE uint64_t letters64(const unsigned char *p)
{
	const __m128i fold = _mm_set1_epi8(0x20), flip = _mm_set1_epi8((char)0x80),
	              lo = _mm_set1_epi8((char)('a' ^ 0x80)), hi = _mm_set1_epi8((char)('z' ^ 0x80));
	uint64_t m = 0;
	for (int k = 0; k < 4; k++) {
		__m128i x = _mm_loadu_si128((const __m128i *)(p + 16 * k));
		__m128i y = _mm_xor_si128(_mm_or_si128(x, fold), flip);
		__m128i notl = _mm_or_si128(_mm_cmplt_epi8(y, lo), _mm_cmpgt_epi8(y, hi));
		m |= (uint64_t)(~(unsigned)_mm_movemask_epi8(notl) & 0xFFFFu) << (16 * k);
	}
	return m;
}
#endif

/* A word of s[i..end) that is an anchor, in a stretch whose digits are
 * all inert (so none touches a letter): a word is a maximal run of ASCII
 * letters; s[i - 1] is none. */
static ALWAYS_INLINE bool anchor_in(const unsigned char *s, size_t i, size_t end, size_t len)
{
#if defined(__SSE2__)
	/* Sixty-four bytes at a time: the letters that start a word, and for
	 * each the prefilter on its first four bytes, gathered without a
	 * branch into the mask of candidates (a few in a hundred words pass);
	 * only those are looked up. The words of a block come in no order a
	 * predictor learns, so one branch a block where there was one a word,
	 * and one a sixteen-byte block on whether any is left, took a third
	 * less time (7.6 to 5.0 ms on 10 MB of the bench's prose). The last
	 * block is cut at end: a word that starts there is looked up whole,
	 * as below. */
	uint64_t carry = 0; /* the byte before the block is a letter */
	while (i < end && len - i >= 64 + 3 && !chr_anchor4_all) {
		uint64_t letters = letters64(s + i);
		uint64_t starts = letters & ~((letters << 1) | carry);
		carry = letters >> 63;
		if (end - i < 64)
			starts &= (1ull << (end - i)) - 1;
		uint64_t cand = 0;
		for (; starts; starts &= starts - 1) {
			unsigned p = (unsigned)__builtin_ctzll(starts);
			uint32_t four;
			memcpy(&four, s + i + p, 4);
			unsigned key = chr_anchor4_key(four);
			cand |= ((chr_anchor4[key >> 6] >> (key & 63)) & 1) << p;
		}
		for (; cand; cand &= cand - 1)
			if (anchor_at(s, i + (size_t)__builtin_ctzll(cand), len))
				return true;
		i += 64;
	}
	if (i >= end)
		return false;
	if (carry) /* the rest of a word begun in the last block */
		while (i < end && (unsigned)((s[i] | 0x20) - 'a') < 26u)
			i++;
#endif
	while (i < end) {
		unsigned char c = s[i];
		if (!word_byte[c]) {
			i++;
			continue;
		}
		uint64_t a = 0, b = 0;
		size_t w = word_scan(s, i, len, &a, &b);
		if (w < 16 && anchor_word(a, b, c < 'a'))
			return true;
		i += w;
	}
	return false;
}

/* The first ASCII digit in s[i..end), or end. */
static ALWAYS_INLINE size_t next_digit(const unsigned char *s, size_t i, size_t end)
{
#if defined(__SSE2__)
	const __m128i d0 = _mm_set1_epi8((char)('0' ^ 0x80)), d9 = _mm_set1_epi8((char)('9' ^ 0x80)),
	              flip = _mm_set1_epi8((char)0x80);
	while (end - i >= 16) {
		__m128i y = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(s + i)), flip);
		__m128i no = _mm_or_si128(_mm_cmplt_epi8(y, d0), _mm_cmpgt_epi8(y, d9));
		unsigned bits = ~(unsigned)_mm_movemask_epi8(no) & 0xFFFFu;
		if (bits)
			return i + (size_t)__builtin_ctz(bits);
		i += 16;
	}
#endif
	while (i < end && (unsigned)(s[i] - '0') >= 10u)
		i++;
	return i;
}

/* A byte next to a run of digits that may make it part of a date or a
 * time: a letter or digit (21st, 1990s, 10am, Q3, T), an apostrophe
 * ('82, 1990's), a date or time separator (2018-02-28, 15/11, 10:30,
 * 9.30) or a byte of a multi-byte sequence (an en dash, a curly quote). */
static bool digit_neighbour(unsigned char c)
{
	return c >= 0x80 || word_byte[c] || c == '\'' || c == '/' || c == ':' || c == '.' ||
	       c == '-';
}

/*
 * The run of digits s[p..q) can be part of no date that holds no anchor
 * word: no pattern that reads numbers alone (a year, a decade, an ISO,
 * slash or compact date, a time of day: grammar.c) can take it. Each of
 * those has a number of four digits or more, or one with a neighbour
 * above, or one before "a.m.", "p.m.", "am" or "pm" (the only time
 * words that are no anchors: "9 a.m.", "9 to 11 p.m.", "6 pm"); every
 * other pattern with a
 * number needs an anchor word (a month, a unit, "century"). Anything
 * unusual after white space (a non-ASCII byte) counts too.
 */
static ALWAYS_INLINE bool digits_inert(const unsigned char *s, size_t p, size_t q, size_t len)
{
	if (q - p >= 4 || (p > 0 && digit_neighbour(s[p - 1])))
		return false;
	if (q == len)
		return true;
	if (digit_neighbour(s[q]))
		return false;
	while (q < len && (s[q] == ' ' || s[q] == '\t' || s[q] == '\r' || s[q] == '\f' || s[q] == '\v'))
		q++;
	if (q == len || s[q] >= 0x80)
		return q == len;
	/* "9 a.m.", "6 pm" */
	bool half = (s[q] | 0x20) == 'a' || (s[q] | 0x20) == 'p';
	return !(half && q + 1 < len &&
	         (s[q + 1] == '.' || ((s[q + 1] | 0x20) == 'm' &&
	                              (q + 2 == len || s[q + 2] >= 0x80 || !word_byte[s[q + 2]]))));
}

/* Some run of digits in s[i..end) is not inert. */
static ALWAYS_INLINE bool digit_anchor(const unsigned char *s, size_t i, size_t end, size_t len)
{
	for (i = next_digit(s, i, end); i < end; i = next_digit(s, i, end)) {
		size_t q = i + 1;
		while (q < len && (unsigned)(s[q] - '0') < 10u)
			q++;
		if (!digits_inert(s, i, q, len))
			return true;
		i = q;
	}
	return false;
}

/*
 * The stretch from s[pos]: leading white space, then up to a line break
 * (the stretch ends before it) or a certain sentence end: '.', '!' or '?',
 * spaces, then a capital letter, '"', '\'' or '(' (the stretch ends before
 * that, as number_sentences in resolve.c breaks there: a stop, white
 * space, a capital or an opener, and for '.' no abbreviation before).
 * *anchor tells whether it holds an anchor: digits are noticed on the
 * way to the end, sixteen bytes at a time, and their runs tested
 * (digits_inert); words are looked up only in a stretch without a
 * digit anchor.
 */
static ALWAYS_INLINE size_t stretch(const unsigned char *s, size_t pos, size_t len, bool *anchor)
{
	size_t i = pos;
	bool digit = false;
	while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r'))
		i++;
	size_t from = i;
	for (;;) {
		i = next_stop(s, i, len, &digit);
		if (i >= len || s[i] == '\n')
			break;
		unsigned char c = s[i];
		size_t j = i + 1;
		while (j < len && s[j] == ' ')
			j++;
		if (j > i + 1 && j < len &&
		    ((unsigned)(s[j] - 'A') < 26u || s[j] == '"' || s[j] == '\'' || s[j] == '(') &&
		    (c != '.' || plain_word_before(s, i))) {
			i = j;
			break;
		}
		i = j;
	}
	*anchor = (digit && digit_anchor(s, from, i, len)) || anchor_in(s, from, i, len);
	return i;
}

/* ASCII punctuation: a byte that is a token of its own wherever it is,
 * but for the stops of "a.m.", which follow a letter. */
static bool punct_byte(unsigned char c)
{
	return c > 0x20 && c < 0x7F && !word_byte[c];
}

/* Where the last MARGIN tokens of the stretch s[from..end) begin at the
 * latest: a space after a printable ASCII byte (so a token has just ended
 * and the lexer's state is empty there), with MARGIN runs of non-space
 * bytes after it that each end in such a byte (so each holds a token).
 * When the stretch ends in punctuation (a row of dots, a line of dashes),
 * its last MARGIN bytes: each is a token, and so is the one before them,
 * after which the state is empty too. Returns from when there is none. */
static size_t back_margin(const unsigned char *s, size_t from, size_t end)
{
	size_t p = end;
	while (p > from && s[p - 1] == ' ')
		p--;
	if (p - from >= MARGIN_BACK + 2) {
		size_t k = p - MARGIN_BACK - 2;
		while (k < p && punct_byte(s[k]))
			k++;
		if (k == p)
			return p - MARGIN_BACK;
	}
	p = end;
	int runs = 0;
	while (p > from) {
		while (p > from && s[p - 1] == ' ')
			p--;
		if (p == from)
			break;
		bool counts = s[p - 1] > 0x20 && s[p - 1] < 0x7F;
		while (p > from && s[p - 1] != ' ')
			p--;
		if (counts)
			runs++;
		/* p is the run's start; s[p - 1] is a space */
		if (runs >= MARGIN_BACK && p - 1 > from && s[p - 2] > 0x20 && s[p - 2] < 0x7F)
			return p - 1;
	}
	return from;
}

/* Just past the want-th run of non-space bytes from s[i] that ends in a
 * printable ASCII byte (so holds a token), not counting one that began
 * before s[i]; or len. */
static size_t after_runs(const unsigned char *s, size_t i, size_t len, int want)
{
	int runs = 0;
	while (i < len && s[i] != ' ' && i > 0 && s[i - 1] != ' ')
		i++; /* the rest of a run begun before */
	for (; i < len; i++)
		if (s[i] > 0x20 && s[i] < 0x7F && (i + 1 == len || s[i + 1] == ' ') &&
		    ++runs >= want)
			return i + 1;
	return len;
}

/* The start of the TAIL_LINES-th last line with a printable ASCII byte
 * (each holds a token; lines of other letters only are not counted, so
 * the lines the resolver looks at for a stamp are all at or after it),
 * or from when that is before it. A text without line breaks is one
 * line, the last, and is lexed in full. */
static size_t tail_start(const unsigned char *s, size_t from, size_t len)
{
	int lines = 0;
	size_t end = len;
	while (end > from) {
		size_t nl = chr_last_byte((const char *)s, from, end, '\n');
		/* the line s[nl + 1 .. end) (or from the start) */
		size_t q = nl == SIZE_MAX ? from : nl + 1;
		while (q < end && !(s[q] < 0x80 && s[q] != ' ' && s[q] != '\t' && s[q] != '\r' &&
		                    s[q] != '\f' && s[q] != '\v'))
			q++;
		if (nl == SIZE_MAX)
			break;
		if (q < end && ++lines >= TAIL_LINES)
			return nl + 1;
		end = nl;
	}
	return from;
}

/* Lexes the last MARGIN_BACK tokens of the left-out stretch s[from..end)
 * (or all it has after from). When its front was lexed, from is just
 * after it; when not, from is the stretch's start, after the stop and
 * spaces that ended the one before on its line: lexing starts at the
 * first of those spaces then, where the lexer's state is empty. */
static chr_status back_of(const unsigned char *s, size_t from, size_t end, bool front_lexed,
                          size_t len, tokens *out, lex_state *st)
{
	size_t at, b = back_margin(s, from, end);
	if (b <= from) {
		b = from;
		if (!front_lexed)
			while (s[b - 1] == ' ')
				b--;
	}
	return lex_run(s, b, end, len, out, st, SIZE_MAX, &at);
}

/*
 * chr_dates_cut: a run of bytes without a space holds a possible date
 * when it has a digit or an anchor word (a date without either is no
 * pattern of the grammar's, see above). The grammar reads a few dozen
 * tokens from where a match starts, and a run holds one token at least,
 * so QUIET_RUNS runs without either on both sides of a cut keep every
 * match on one side. Called once a window at most, where a text has no
 * sentence end for megabytes: the runs are looked at one by one.
 */
enum { QUIET_RUNS = 64 };

static bool run_may_date(const unsigned char *s, size_t i, size_t e)
{
	for (size_t q = i; q < e; q++) {
		if ((unsigned)(s[q] - '0') < 10u)
			return true;
		bool start = (unsigned)((s[q] | 0x20) - 'a') < 26u &&
		             (q == i || (s[q - 1] < 0x80 && !word_byte[s[q - 1]]));
		if (start && anchor_at(s, q, e))
			return true;
	}
	return false;
}

size_t chr_dates_cut(const char *text, size_t from, size_t to)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t starts[QUIET_RUNS]; /* where the last QUIET_RUNS quiet runs start */
	size_t quiet = 0, best = to, i = from;
	chr_words_init();
	while (i > 0 && i < to && s[i - 1] != ' ')
		i++; /* a run begun before from is not seen whole */
	while (i < to) {
		if (s[i] == ' ') {
			i++;
			continue;
		}
		size_t e = i;
		while (e < to && s[e] != ' ')
			e++;
		if (e == to)
			break; /* it may go on past to */
		if (run_may_date(s, i, e)) {
			quiet = 0;
		} else {
			/* the run QUIET_RUNS back has as many quiet ones before it
			 * and, with this one, after it */
			if (quiet >= 2 * QUIET_RUNS - 1)
				best = starts[(quiet + 1) % QUIET_RUNS];
			starts[quiet % QUIET_RUNS] = i;
			quiet++;
		}
		i = e;
	}
	return best;
}

/* Where the sparse lexer lexes in full: the head, s[0..head) (its lines
 * and the rest of the sentence it ended in), and the tail, s[tail..len)
 * (the last lines), with tail >= head. */
typedef struct sparse_ends {
	size_t head, tail;
} sparse_ends;

/*
 * The head: up to the end of the line holding byte HEAD_BYTES, or
 * HEAD_RUNS runs of tokens past it when that comes first: the resolver
 * reads the head's lines at most 24 tokens past a mention, and no mention
 * is half as long as the rest. The tail: the last TAIL_LINES lines. Only
 * the ends asked for (CHR_LEX_HEAD, CHR_LEX_TAIL) are lexed in full: the
 * resolver looks at the others for no date (a middle window of a huge
 * text has neither). Lexes the head into out (which chr_lex_sparse_cuts
 * passes as NULL, to learn the ends alone: from the bytes, but for the
 * last-line case below, which counts tokens and so has no cut to give
 * anyway).
 */
static chr_status sparse_head(const unsigned char *s, size_t len, unsigned ends, tokens *out,
                              lex_state *st, sparse_ends *e)
{
	size_t pos, at, head = 0;
	if (ends & CHR_LEX_HEAD) {
		head = len > HEAD_BYTES ? HEAD_BYTES : len;
		size_t runs = after_runs(s, head, len, HEAD_RUNS);
		const unsigned char *nl = memchr(s + head, '\n', runs - head);
		head = nl ? (size_t)(nl - s) : runs;
		if (out && lex_run(s, 0, head, len, out, st, SIZE_MAX, &pos) != CHR_OK)
			return CHR_ENOMEM;
	}
	/* a line from the head on */
	size_t tail = ends & CHR_LEX_TAIL ? tail_start(s, head, len) : len;
	if ((ends & CHR_LEX_HEAD) && tail < len && head < len &&
	    !memchr(s + head, '\n', len - head)) {
		/* The last line began in the head. The resolver looks for a
		 * stamp on it only within 24 tokens of a mention, and not at all
		 * past 24 tokens of the line (date_only_line): when the head
		 * holds HEAD_RUNS tokens of that line, nothing after the head is
		 * read for it. */
		if (!out) {
			e->head = e->tail = len; /* no line break to cut at */
			return CHR_OK;
		}
		size_t ls = head, k = out->n;
		while (ls > 0 && s[ls - 1] != '\n')
			ls--;
		while (k > 0 && out->v[k - 1].start >= ls && out->n - k < HEAD_RUNS)
			k--;
		if (out->n - k >= HEAD_RUNS)
			tail = len;
	}
	if (head && head < tail && s[head] != '\n') {
		/* the head ended inside a sentence: lex it to its end */
		bool anchor;
		size_t end = stretch(s, head, len, &anchor);
		if (out && lex_run(s, head, end, len, out, st, SIZE_MAX, &at) != CHR_OK)
			return CHR_ENOMEM;
		head = end;
	}
	e->head = head;
	e->tail = tail;
	return CHR_OK;
}

/*
 * The stretches from s[pos] (a stretch's start) to s[stop] (another's, or
 * the tail), sparsely. The back margin of a left-out stretch is lexed when
 * the next stretch is known: when that one is left out too and on the
 * same line, the two margins between them are left out as well (a run of
 * left-out stretches keeps the front of its first and the back of its
 * last, see above). The one waiting is s[wfrom..wend), its front lexed or
 * not. A line break ends a run, so nothing waits across one. *from is
 * left where the last stretch ended (past stop when it runs into the
 * tail, which it then lexes in full).
 */
static chr_status sparse_middle(const unsigned char *s, size_t len, size_t *from, size_t stop,
                                size_t tail, tokens *out, lex_state *st)
{
	size_t at, pos = *from;
	bool waiting = false, front_lexed = false;
	size_t wfrom = 0, wend = 0;
	while (pos < stop) {
		bool anchor;
		size_t end = stretch(s, pos, len, &anchor);
		if (anchor || end > tail) {
			if (waiting && back_of(s, wfrom, wend, front_lexed, len, out, st) != CHR_OK)
				return CHR_ENOMEM;
			waiting = false;
			if (lex_run(s, pos, end, len, out, st, SIZE_MAX, &at) != CHR_OK)
				return CHR_ENOMEM;
		} else {
			if (waiting) {
				wfrom = pos; /* after a left-out stretch of this line */
				front_lexed = false;
			} else {
				/* the first MARGIN_FRONT tokens */
				if (lex_run(s, pos, end, len, out, st, out->n + MARGIN_FRONT, &at) != CHR_OK)
					return CHR_ENOMEM;
				wfrom = at;
				front_lexed = true;
			}
			wend = end;
			waiting = true;
			if (end < len && s[end] == '\n') {
				/* the next stretch starts a line: its first token is kept */
				if (back_of(s, wfrom, wend, front_lexed, len, out, st) != CHR_OK)
					return CHR_ENOMEM;
				waiting = false;
			}
		}
		pos = end;
	}
	*from = pos;
	if (waiting && back_of(s, wfrom, wend, front_lexed, len, out, st) != CHR_OK)
		return CHR_ENOMEM;
	return CHR_OK;
}

/*
 * A place where the stretches can be lexed apart: a line break just after
 * a printable ASCII byte, past the head and before the tail. The stretch
 * that holds that byte ends at the line break (a stretch never holds one,
 * and starts no later than a byte that is not white space), so the
 * stretches after it are the ones a single pass finds, and nothing waits
 * across it. The lexer's state is empty there too: a token has just
 * ended, and the break's F_SPACE covers any spaces before it.
 */
static bool cut_at(const unsigned char *s, size_t c, const sparse_ends *e)
{
	return c > e->head && c < e->tail && s[c] == '\n' && s[c - 1] > 0x20 && s[c - 1] < 0x7F;
}

size_t chr_lex_sparse_cuts(const char *text, size_t len, unsigned ends, size_t parts,
                           size_t *cuts)
{
	const unsigned char *s = (const unsigned char *)text;
	sparse_ends e;
	size_t n = 0;
	chr_words_init();
	(void)sparse_head(s, len, ends, NULL, NULL, &e);
	for (size_t k = 1; k < parts; k++) {
		size_t c = len / parts * k;
		if (n && c <= cuts[n - 1])
			c = cuts[n - 1] + 1;
		if (c <= e.head)
			c = e.head + 1;
		while (c < e.tail && !cut_at(s, c, &e))
			c++;
		if (c >= e.tail)
			break;
		cuts[n++] = c;
	}
	return n;
}

size_t chr_lex_sparse_cut_before(const char *text, size_t len, unsigned ends, size_t at,
                                 size_t reach)
{
	const unsigned char *s = (const unsigned char *)text;
	sparse_ends e;
	chr_words_init();
	(void)sparse_head(s, len, ends, NULL, NULL, &e);
	size_t stop = at > reach ? at - reach : 0;
	for (size_t c = at; c > stop;) {
		c = chr_last_byte(text, stop, c, '\n');
		if (c == SIZE_MAX)
			break;
		if (cut_at(s, c, &e))
			return c;
	}
	return stop == 0 ? 0 : SIZE_MAX;
}

chr_status chr_lex_sparse_part(const char *text, size_t len, unsigned ends, size_t from,
                               size_t to, tokens *out)
{
	const unsigned char *s = (const unsigned char *)text;
	lex_state st = { 0, 0 };
	sparse_ends e;
	size_t at;

	chr_words_init();
	if (reserve(out, to - from) != CHR_OK)
		return CHR_ENOMEM;
	size_t pos = from;
	if (from == 0) {
		if (sparse_head(s, len, ends, out, &st, &e) != CHR_OK)
			return CHR_ENOMEM;
		pos = e.head;
	} else {
		(void)sparse_head(s, len, ends, NULL, NULL, &e);
		if (!cut_at(s, from, &e))
			return CHR_EINPUT;
	}
	if (to < len && !cut_at(s, to, &e))
		return CHR_EINPUT;
	if (sparse_middle(s, len, &pos, to < len ? to : e.tail, e.tail, out, &st) != CHR_OK)
		return CHR_ENOMEM;
	if (to < len)
		return CHR_OK;
	return lex_run(s, pos, len, len, out, &st, SIZE_MAX, &at);
}

chr_status chr_lex_sparse(const char *text, size_t len, unsigned ends, tokens *out)
{
	return chr_lex_sparse_part(text, len, ends, 0, len, out);
}
