/*
 * Private interface of the date core: lexer → grammar → resolver.
 *
 * The lexer turns a text into a flat array of tokens in one pass. The
 * grammar tries a fixed set of patterns at each token with bounded
 * lookahead (so the whole scan is linear) and produces raw mentions whose
 * years may still be implicit. The resolver then finds the publication
 * date and turns every raw mention into a calendar span.
 */
#ifndef CHR_DATE_H
#define CHR_DATE_H

#include "chronicle.h"
#include "util/util.h"

#include <stdint.h>
#include <string.h>

/* ---- tokens ------------------------------------------------------------ */

enum tok_kind {
	T_WORD,  /* letters (and non-ASCII letters), or a letter-digit mix */
	T_NUM,   /* ASCII digits */
	T_PUNCT, /* one punctuation character, in ch */
	T_DASH   /* hyphen, en dash, em dash, minus */
};

/* Word classes; val holds the detail. */
enum word_class {
	W_NONE,
	W_MONTH,    /* val 1..12 */
	W_WEEKDAY,  /* val 0 (Monday) .. 6 */
	W_ORDWORD,  /* "first".."fourth": val 1..4; "last"/"final": val 9 */
	W_NUMWORD,  /* "one".."twelve", "a": val */
	W_UNIT,     /* val: enum unit */
	W_SEASON,   /* val 0 spring, 1 summer, 2 autumn, 3 winter */
	W_DAYREL,   /* today 0, yesterday -1, tomorrow 1, tonight 0 */
	W_SHIFT,    /* this 0, last -1, next 1, past -1, coming 1, ... */
	W_MOD,      /* val: chr_mod */
	W_PREP,     /* val: enum prep */
	W_AMPM,     /* a.m. 0, p.m. 12 */
	W_TZ,       /* val: minutes east of UTC */
	W_QH,       /* Q1..Q4 (val 1..4), H1 H2 (val 11, 12) */
	W_FUTURE,   /* will, shall, scheduled, upcoming, ... */
	W_PAST,     /* was, were, held, met, ... */
	W_COUNTED,  /* a noun that takes a number as a name or an identifier (see
	             * words.c): the next number is not a date, a year neither */
	W_QUANTITY, /* million, percent, people: the number before is a count */
	W_LABEL,    /* published, posted, updated: header-line words */
	W_DAYPART,  /* morning, afternoon, evening, night */
	W_CENTURY,  /* "century" */
	W_AGO,      /* ago, earlier (after a duration), later */
	W_EARLIER,  /* "earlier" / "later" before this/today */
	W_MOVED,    /* postponed, moved, rescheduled, delayed */
	W_CANCEL,   /* cancelled, called off */
	W_TENTATIVE,/* tentatively, provisionally, TBC */
	W_REF,      /* now 0, currently 0, recently -1 */
	W_HOLIDAY   /* Christmas 1, Easter 2, Halloween 3, Thanksgiving 4, Boxing 5:
	             * capitalised only */
};

/* The days of R_FEAST. */
enum feast { FEAST_EASTER /* Sunday */, FEAST_THANKSGIVING /* the US one */ };

enum unit { U_DAY, U_WEEK, U_WEEKEND, U_MONTH, U_QUARTER, U_HALF, U_YEAR, U_DECADE,
            U_HOUR, U_MINUTE };

enum prep {
	P_ON, P_IN, P_FROM, P_BETWEEN, P_SINCE, P_UNTIL, P_TILL, P_THROUGH,
	P_TO, P_AND, P_BY, P_DURING, P_BEFORE, P_AFTER, P_OF, P_THE, P_AT,
	P_FOR, P_WITHIN, P_AROUND, P_OR, P_AS, P_EARLY_AS, P_THROUGHOUT, P_ACROSS
};

enum tok_flag {
	F_CAP = 1 << 0,     /* first letter upper case */
	F_ORD = 1 << 1,     /* number with ordinal suffix: 21st */
	F_NL = 1 << 2,      /* a line break precedes the token */
	F_PARA = 1 << 3,    /* a blank line precedes the token */
	F_SPACE = 1 << 4,   /* white space precedes the token */
	F_PLURAL_S = 1 << 5,/* number with a plural s: 1990s, 80s */
	F_UPPER = 1 << 6,   /* every letter upper case */
	F_ENDASH = 1 << 7   /* a dash written as an en or em dash */
};

/* Sixteen bytes: a text has a token every few bytes near its dates, and
 * their array is most of the memory a document's pass touches. */
typedef struct tok {
	uint32_t start;      /* byte offset in the text */
	uint32_t len;        /* bytes */
	int32_t val;         /* number value, or class detail */
	uint8_t kind : 2;    /* enum tok_kind */
	uint8_t cls : 5;     /* enum word_class */
	uint8_t abbrev : 1;  /* a word after which a period ends no sentence
	                        (chr_abbrev_word), found with its class */
	uint8_t flags;       /* enum tok_flag */
	uint8_t ndig;        /* digits of a number; 0 otherwise */
	char ch;             /* the punctuation character (ASCII form); of a
	                        word, its first byte, in lower case when a
	                        letter, so that most tests of a word need not
	                        read the text */
} tok;
_Static_assert(T_DASH < 4 && W_HOLIDAY < 32, "a token's kind and class fit their bits");

typedef struct tokens {
	tok *v;
	size_t n;
	size_t cap;
} tokens;

/** Tokenises text[0..len). Returns CHR_ENOMEM or CHR_OK. */
chr_status chr_lex(const char *text, size_t len, tokens *out);

/** The ends of a text that chr_lex_sparse lexes in full, for the resolver
 * to look for a publication date in (chr_resolve's head and tail): a
 * document's first lines, its last lines, both (a document read whole),
 * or neither (a middle window of a huge text). */
enum { CHR_LEX_HEAD = 1, CHR_LEX_TAIL = 2, CHR_LEX_ENDS = CHR_LEX_HEAD | CHR_LEX_TAIL };

/** Tokenises text[0..len) like chr_lex but leaves out the middle of
 * date-free sentences (see lex.c), lexing in full the ends asked for: the
 * grammar and the resolver, told the same ends, find the same mentions in
 * either token array. Returns CHR_ENOMEM or CHR_OK. */
chr_status chr_lex_sparse(const char *text, size_t len, unsigned ends, tokens *out);

/** Up to parts - 1 places in text[0..len), ascending, where the sparse
 * lexer with those ends can be run in pieces (chr_lex_sparse_part), each
 * near an even share of the text; fills cuts and returns how many it
 * found (none in a text without a line break past its first lines). */
size_t chr_lex_sparse_cuts(const char *text, size_t len, unsigned ends, size_t parts,
                           size_t *cuts);

/** The last place before at, and no more than reach bytes before it, where
 * chr_lex_sparse_part may start a piece (a cut, or 0 when at <= reach);
 * SIZE_MAX when there is none. */
size_t chr_lex_sparse_cut_before(const char *text, size_t len, unsigned ends, size_t at,
                                 size_t reach);

/** The tokens the sparse lexer gives for text[from..to), lexing the ends
 * asked for in full, appended to out, where from is 0 or a cut and to is
 * a cut or len: the pieces, appended in order, are chr_lex_sparse's tokens
 * of the whole text with the same ends. Returns CHR_EINPUT for a from or
 * to that is no cut, CHR_ENOMEM, or CHR_OK. */
chr_status chr_lex_sparse_part(const char *text, size_t len, unsigned ends, size_t from,
                               size_t to, tokens *out);

/** Whether the word w[0..n) (any case) is an abbreviation after which a
 * period does not end a sentence ("Mr", "Jan", "e.g"). */
bool chr_abbrev_word(const char *w, size_t n);
void chr_tokens_free(tokens *t);

/** Classifies a word (bytes s[0..n)), setting t->cls and t->val; t->flags
 * must hold F_CAP and F_UPPER as the word is written. */
void chr_word_classify(const char *s, size_t n, tok *t);

/** Whether the word table is in strcmp order with no word twice. */
bool chr_words_sorted(void);

/** Builds the word table once; chr_word_lookup needs it. Thread-safe. */
void chr_words_init(void);

/* The word table as a hash table: the key is the lower-cased word,
 * NUL-padded to 16 bytes, as two 64-bit halves a and b. */
#define CHR_WORD_SLOTS 2048u
struct chr_word_slot {
	uint64_t a, b;
	uint8_t used;
	uint8_t cls, low_cls;   /* class written capitalised / in lower case */
	uint8_t anchor;         /* CHR_ANCHOR_*: the word may be part of a date; CHR_ABBREV */
	int16_t val, low_val;
};
extern struct chr_word_slot chr_word_slots[CHR_WORD_SLOTS];

/* chr_word_slot.anchor: written capitalised / in lower case, the word is of
 * a class every date pattern needs one of (see words.c) */
enum { CHR_ANCHOR_CAP = 1, CHR_ANCHOR_LOW = 2, CHR_ABBREV = 4 /* chr_abbrev_word */,
       CHR_UPPER_ONLY = 8 /* cls only when every letter is a capital (F_UPPER) */ };

/* A W_TZ word's value is its offset east of UTC in minutes, but for a US
 * zone written without its season ("ET", "PT": Eastern, Pacific Time),
 * whose value is its standard offset plus CHR_TZ_SEASONAL: the resolver
 * adds the hour of daylight saving time by the date it is attached to. */
enum { CHR_TZ_SEASONAL = 4096 };

/* A prefilter for the anchors: one bit for each hash of the first four
 * bytes of a word, each with bit 0x20 set (a letter's lower case), set for
 * those of every anchor (an anchor of three letters or less sets the
 * hashes of every byte that may follow it, one of a single letter sets
 * chr_anchor4_all: every word is looked up). */
#define CHR_ANCHOR4_BITS 65536u
extern uint64_t chr_anchor4[CHR_ANCHOR4_BITS / 64];
extern bool chr_anchor4_all;
static inline unsigned chr_anchor4_key(uint32_t four)
{
	return (uint32_t)((four | 0x20202020u) * 0x9E3779B1u) >> 16;
}

static inline uint32_t chr_word_slot_of(uint64_t a, uint64_t b)
{
	uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15u)) * 0xFF51AFD7ED558CCDu;
	return (uint32_t)(h >> 53) & (CHR_WORD_SLOTS - 1);
}

/** chr_word_classify for an ASCII word of n bytes, lower-cased and
 * NUL-padded to 16 bytes in a, b (any bytes when n >= 16); t->flags must
 * hold F_CAP and F_UPPER already. Inline: every word of a text comes here. */
static inline void chr_word_lookup(uint64_t a, uint64_t b, size_t n, tok *t)
{
	t->cls = W_NONE;
	t->val = 0;
	t->abbrev = 0;
	if (n == 0 || n >= 16)
		return;
	if (n == 2) {
		/* Q1..Q4, H1 H2, capitalised */
		char low[8];
		memcpy(low, &a, 8);
		char c0 = low[0], c1 = low[1];
		if ((c0 == 'q' || c0 == 'h') && c1 >= '1' && c1 <= (c0 == 'q' ? '4' : '2') &&
		    (t->flags & F_CAP)) {
			t->cls = W_QH;
			t->val = c0 == 'q' ? c1 - '0' : 10 + c1 - '0';
			return;
		}
	}
	for (uint32_t p = chr_word_slot_of(a, b); chr_word_slots[p].used;
	     p = (p + 1) & (CHR_WORD_SLOTS - 1)) {
		const struct chr_word_slot *s = &chr_word_slots[p];
		if (s->a != a || s->b != b)
			continue;
		t->abbrev = (s->anchor & CHR_ABBREV) != 0;
		if ((t->flags & F_CAP) && (!(s->anchor & CHR_UPPER_ONLY) || (t->flags & F_UPPER))) {
			t->cls = s->cls;
			t->val = s->val;
		} else {
			t->cls = s->low_cls;
			t->val = s->low_val;
		}
		return;
	}
}

/* ---- raw mentions --------------------------------------------------------- */

enum raw_kind {
	R_DATE,     /* y/m/d fields, any may be implicit: day, month or year */
	R_RANGE,    /* two R_DATE-like points a..b */
	R_UNIT,     /* quarter/half/season/decade/century/week-of, see unit */
	R_DAYREL,   /* today/yesterday/tomorrow: shift in days */
	R_WEEKDAY,  /* a bare weekday, shift -1/0/1 for last/this/next, 2 none */
	R_SHIFTED,  /* this/last/next UNIT, N UNITs ago: shift units */
	R_MONTHREL, /* last/next/this MONTHNAME or SEASON */
	R_ANAPHOR,  /* "the day", "the same day", "a third straight week": the
	             * day last spoken of, or its unit (enum unit) */
	R_SAME,     /* "the same period a year earlier": the span last spoken
	             * of (unit: of that unit, U_YEAR for any) shift years
	             * away; in year a.y when written; a.yshift: in the
	             * publication's year + a.yrel ("last year") */
	R_REF,      /* now, recently, the future: shift -1/0/1, no span */
	R_DURATION, /* six years: value holds P6Y, no span */
	R_FEAST,    /* a day the year's calendar moves (enum feast in unit) +
	             * shift days, lasting unit_n + 1 days, in year a.y or by
	             * tense */
	R_MDAY      /* "the 15th (of next month)": day a.d of the publication's
	             * month + shift, or of the month the tense picks (shift 2) */
};

typedef struct point {
	int y, m, d;   /* 0: not written */
	int wd;        /* weekday written with it, or -1 */
	int yshift;    /* year written as this/last/next year: 1 when used */
	int yrel;      /* -1 last year, 0 this year, +1 next year */
} point;

typedef struct raw {
	uint32_t ti, tn;     /* first token and count */
	uint8_t kind;        /* enum raw_kind */
	uint8_t prec;        /* chr_precision */
	uint8_t mod;         /* chr_mod */
	uint8_t unit;        /* enum unit for R_SHIFTED, enum feast for R_FEAST */
	int unit_n;          /* quarter 1-4, half 1-2, season 0-3 */
	int shift;           /* for relative forms */
	point a, b;          /* b only for ranges */
	unsigned cues;       /* CHR_CUE_* */
	bool published;
	bool from_last;      /* R_SHIFTED counted from the span last spoken of
	                      * nearby ("a year later", "the previous week"), not
	                      * from the publication date; R_ANAPHOR: that
	                      * span's unit, else the publication date's;
	                      * R_SAME: that span only, else no mention */
	bool fiscal;         /* a quarter or half of a fiscal year ("the third
	                      * quarter of fiscal 2023", "Q3 FY23"), which the
	                      * calendar's are not: found, never resolved */
	int hour, minute, end_hour, end_minute;
	bool has_tz;
	bool tz_seasonal;    /* tz_minutes is a US zone's standard offset
	                      * (CHR_TZ_SEASONAL) */
	int tz_minutes;
	bool us_style;       /* written month-first ("January 30") */
	bool slash_ambiguous;/* d/m vs m/d undecided */
	int slash_x, slash_y;/* the two leading numbers of a slash date */
	char value[16];      /* a duration's ISO 8601 value */
} raw;

typedef struct raws {
	raw *v;
	size_t n, cap;
} raws;

/* A time of day found in the text, to attach to a day mention. */
typedef struct time_at {
	uint32_t ti;
	int hour, minute, end_hour, end_minute;
	bool has_tz;
	bool tz_seasonal; /* see raw */
	int tz_minutes;
} time_at;

typedef struct times {
	time_at *v;
	size_t n, cap;
} times;

/** Finds raw mentions and times of day in the tokens. */
chr_status chr_grammar(const char *text, const tokens *t, raws *out,
                       times *tout);

/** chr_grammar in steps: chr_grammar_scan looks at the tokens from
 * t->v[from] on, where from is 0 or the first token of a line that the
 * scan before (with t->n == from then) ended at; chr_grammar_finish then
 * joins the raw mentions from out->v[from] on (those of every scan), as
 * chr_grammar does after its scan. */
chr_status chr_grammar_scan(const char *text, const tokens *t, size_t from, raws *out,
                            times *tout);
void chr_grammar_finish(const char *text, const tokens *t, raws *out, size_t from);

/** Finds the publication date (known_pub when valid, else one written in
 * the head or the last lines of the text, else ref) and appends every raw
 * mention, resolved, to out; *pub_found and *text_pub tell what the text
 * gave. head / tail: the text holds its source's start / end, whose first
 * and last lines are looked at for the date (a window of a huge text may
 * hold neither). Returns CHR_ENOMEM or CHR_OK. */
chr_status chr_resolve(const char *text, size_t len, const tokens *t, raws *r, times *tm,
                       chr_date ref, chr_date known_pub, bool head, bool tail,
                       chr_mentions *out, chr_date *pub_found, bool *text_pub);

/** Numbers the sentences of the tokens v[from..n), going on from those of
 * v[0..from) when from > 0: sent[i] is token i's sentence (from 0),
 * sline[k] the line of sentence k (a line break ends a sentence); each
 * has room for n entries. Returns the number of sentences in v[0..n). */
uint32_t chr_sentences_number(const tok *v, size_t from, size_t n, uint32_t *sent,
                              uint32_t *sline);

/** Makes the sentence numbers of v[at..at + n), a piece of a text that
 * starts at a line break and was numbered apart (psent, psline from 0,
 * psentences of them: chr_sentences_number over the piece alone), those
 * of the whole, after the sentences of v[0..at) (numbered in sent and
 * sline). Returns the number of sentences in v[0..at + n). */
uint32_t chr_sentences_join(const tok *v, size_t at, size_t n, const uint32_t *psent,
                            const uint32_t *psline, uint32_t psentences, uint32_t *sent,
                            uint32_t *sline, uint32_t sentences);

/** chr_resolve with the sentences numbered already (chr_sentences_number
 * over the whole of t), on two threads when halves_from is not 0 and r
 * holds that many raw mentions or more (the same mentions, see
 * resolve_halves in resolve.c). */
chr_status chr_resolve_numbered(const char *text, size_t len, const tokens *t,
                                const uint32_t *sent, const uint32_t *sline, raws *r, times *tm,
                                chr_date ref, chr_date known_pub, bool head, bool tail,
                                size_t halves_from, chr_mentions *out, chr_date *pub_found,
                                bool *text_pub);

/** Appends to a growable array of raw mentions / times. */
chr_status chr_raws_push(raws *r, const raw *m);
chr_status chr_times_push(times *t, const time_at *m);

#endif
