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
	W_COUNTED,  /* resolution, No, page, room: the next number is not a date */
	W_QUANTITY, /* million, percent, people: the number before is a count */
	W_LABEL,    /* published, posted, updated: header-line words */
	W_DAYPART,  /* morning, afternoon, evening, night */
	W_CENTURY,  /* "century" */
	W_AGO,      /* ago, earlier (after a duration), later */
	W_EARLIER,  /* "earlier" / "later" before this/today */
	W_MOVED,    /* postponed, moved, rescheduled, delayed */
	W_CANCEL,   /* cancelled, called off */
	W_TENTATIVE,/* tentatively, provisionally, TBC */
	W_REF       /* now 0, currently 0, recently -1 */
};

enum unit { U_DAY, U_WEEK, U_WEEKEND, U_MONTH, U_QUARTER, U_HALF, U_YEAR, U_DECADE,
            U_HOUR, U_MINUTE };

enum prep {
	P_ON, P_IN, P_FROM, P_BETWEEN, P_SINCE, P_UNTIL, P_TILL, P_THROUGH,
	P_TO, P_AND, P_BY, P_DURING, P_BEFORE, P_AFTER, P_OF, P_THE, P_AT,
	P_FOR, P_WITHIN, P_AROUND, P_OR, P_AS, P_EARLY_AS
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

typedef struct tok {
	uint32_t start;  /* byte offset in the text */
	uint32_t len;    /* bytes */
	int32_t val;     /* number value, or class detail */
	uint8_t kind;    /* enum tok_kind */
	uint8_t cls;     /* enum word_class */
	uint8_t flags;   /* enum tok_flag */
	uint8_t ndig;    /* digits of a number; 0 otherwise */
	char ch;         /* the punctuation character (ASCII form) */
} tok;

typedef struct tokens {
	tok *v;
	size_t n;
	size_t cap;
} tokens;

/** Tokenises text[0..len). Returns CHR_ENOMEM or CHR_OK. */
chr_status chr_lex(const char *text, size_t len, tokens *out);
void chr_tokens_free(tokens *t);

/** Classifies a word (bytes s[0..n)), setting t->cls and t->val. */
void chr_word_classify(const char *s, size_t n, tok *t);

/** Builds the word table once; chr_word_lookup needs it. Thread-safe. */
void chr_words_init(void);

/** chr_word_classify for an ASCII word of n bytes already lower-cased into
 * low, NUL-padded to 16 bytes (any bytes when n >= 16). */
void chr_word_lookup(const char low[16], size_t n, tok *t);

/* ---- raw mentions --------------------------------------------------------- */

enum raw_kind {
	R_DATE,     /* y/m/d fields, any may be implicit: day, month or year */
	R_RANGE,    /* two R_DATE-like points a..b */
	R_UNIT,     /* quarter/half/season/decade/century/week-of, see unit */
	R_DAYREL,   /* today/yesterday/tomorrow: shift in days */
	R_WEEKDAY,  /* a bare weekday, shift -1/0/1 for last/this/next, 2 none */
	R_SHIFTED,  /* this/last/next UNIT, N UNITs ago: shift units */
	R_MONTHREL, /* last/next/this MONTHNAME or SEASON */
	R_ANAPHOR,  /* "the day", "the same day": the day last spoken of */
	R_REF,      /* now, recently, the future: shift -1/0/1, no span */
	R_DURATION  /* six years: value holds P6Y, no span */
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
	uint8_t unit;        /* enum unit for R_SHIFTED */
	int unit_n;          /* quarter 1-4, half 1-2, season 0-3 */
	int shift;           /* for relative forms */
	point a, b;          /* b only for ranges */
	unsigned cues;       /* CHR_CUE_* */
	bool published;
	int hour, minute, end_hour, end_minute;
	bool has_tz;
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
	int tz_minutes;
} time_at;

typedef struct times {
	time_at *v;
	size_t n, cap;
} times;

/** Finds raw mentions and times of day in the tokens. */
chr_status chr_grammar(const char *text, const tokens *t, raws *out,
                       times *tout);

/** Appends to a growable array of raw mentions / times. */
chr_status chr_raws_push(raws *r, const raw *m);
chr_status chr_times_push(times *t, const time_at *m);

#endif
