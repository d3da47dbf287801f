/*
 * The resolver: finds the publication date among the raw mentions, then
 * turns each raw mention into an inclusive calendar span.
 *
 * Implicit years follow the tense of the sentence around the mention:
 * news reports what happened ("was held on 16 and 17 December") and
 * announces what will ("will take place on 9-10 February"), so the tense
 * says on which side of the publication date the day lies. A year written
 * just before, in a full date of the same sentence or paragraph, wins.
 */
#include "date.h"
#include "date/mentions.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* TENSE_SOON is a weaker future ("was set to land on Monday", "to begin"):
 * a plan that may be for today. */
/* TENSE_OPEN is a cue that tells no side and stops the search: the verb
 * that governs the date says nothing of when it lies ("the 5 July
 * concert has been cancelled", see called_off_after). tense_at gives
 * TENSE_NONE for it. */
enum tense { TENSE_NONE, TENSE_PAST, TENSE_FUTURE, TENSE_SOON, TENSE_OPEN };

typedef struct span {
	chr_date s, e;
	chr_precision prec;
	bool ok;
} span;

/* What resolving a raw mention leaves for the next ones: all that one
 * mention's result depends on besides the mention itself and the
 * document (see resolve_mentions). */
typedef struct rstate {
	int ctx_year;        /* a year written earlier, for a date without one */
	uint32_t ctx_sent;   /* in this sentence */
	uint32_t ctx_line;   /* or on this line (-1: none) */
	span last_day;       /* the last day mentioned, for "the day" */
	span last_span;      /* the last span mentioned, for "the same period" */
	uint32_t last_ti;    /* its first token */
	span frame;          /* the last short run of days (see frame_day) */
	uint32_t frame_sent; /* in this sentence */
} rstate;

typedef struct rctx {
	const char *text;
	size_t len;
	const tokens *t;
	raws *r;
	times *tm;
	const uint32_t *sent;  /* sentence number of each token */
	const uint32_t *sline; /* line number of each sentence (a line break ends
	                        * a sentence): line_of */
	chr_date pub;        /* zero when unknown */
	long pub_days;       /* chr_date_to_days(pub) */
	bool pub_ok;         /* dvalid(pub), once find_published has settled it */
	bool us;             /* the document writes "January 30, 2018" */
	rstate st;           /* what the mentions before leave for the next */
} rctx;

static bool dvalid(chr_date d) { return chr_date_valid(d); }

static chr_date mk(int y, int m, int d)
{
	chr_date r = { y, m, d };
	return r;
}

static chr_date add_days(chr_date d, long n)
{
	return chr_date_from_days(chr_date_to_days(d) + n);
}

static int weekday(chr_date d)
{
	long z = chr_date_to_days(d); /* 1970-01-01 was a Thursday (3) */
	return (int)(((z % 7) + 7 + 3) % 7);
}

/* The n-th Sunday (from 1) of a month, or its last when n is 0. */
static int sunday_of(int y, int m, int n)
{
	int first = 1 + (6 - weekday(mk(y, m, 1)) + 7) % 7; /* Monday is 0 */
	if (n > 0)
		return first + 7 * (n - 1);
	int last = first;
	while (last + 7 <= chr_days_in_month(y, m))
		last += 7;
	return last;
}

/* Whether a time of day at hour h (local standard time, -1: none) on day
 * d is in US daylight saving time: since 2007 from the second Sunday of
 * March to the first of November, from 1987 from the first Sunday of
 * April to the last of October, before that from the last of April. The
 * clocks change at 2 a.m.; a day without a time counts as its noon. */
static bool us_summer(chr_date d, int h)
{
	int y = d.year, sm, sd, em, ed;
	if (y >= 2007) {
		sm = 3, sd = sunday_of(y, 3, 2), em = 11, ed = sunday_of(y, 11, 1);
	} else {
		sm = 4, sd = sunday_of(y, 4, y >= 1987 ? 1 : 0), em = 10, ed = sunday_of(y, 10, 0);
	}
	if (h < 0)
		h = 12;
	if (d.month != sm && d.month != em)
		return d.month > sm && d.month < em;
	if (d.month == sm)
		return d.day > sd || (d.day == sd && h >= 2);
	return d.day < ed || (d.day == ed && h < 1);
}

static chr_date month_end(int y, int m)
{
	return mk(y, m, chr_days_in_month(y, m));
}

/* The nth weekday wd (0 Monday) of month m of year y; n -1 is the last.
 * A fifth that the month lacks is no day. */
static span nth_weekday_span(int y, int m, int wd, int n)
{
	span sp;
	memset(&sp, 0, sizeof sp);
	sp.prec = CHR_PREC_DAY;
	if (y < 1 || y > 9999)
		return sp; /* a publication year of 1 leaves year 0 to pick */
	int len = chr_days_in_month(y, m), d;
	if (n > 0) {
		d = 1 + ((wd - weekday(mk(y, m, 1))) % 7 + 7) % 7 + (n - 1) * 7;
	} else {
		d = len - ((weekday(mk(y, m, len)) - wd) % 7 + 7) % 7;
	}
	if (d < 1 || d > len)
		return sp;
	sp.s = sp.e = mk(y, m, d);
	sp.ok = true;
	return sp;
}

/* ---- sentences, lines and tense ------------------------------------------------- */

/* A macro so that the compiler folds strlen of a literal, and a word of
 * another length costs a compare, not a call. */
#define tok_word_is(c, i, w) \
	((c)->t->v[i].len == strlen(w) && tok_word_isn((c), (i), (w), strlen(w)))

static bool tok_word_isn(const rctx *c, size_t i, const char *w, size_t n)
{
	const tok *t = &c->t->v[i];
	if (t->kind != T_WORD || t->len != n || (n && t->ch != w[0]))
		return false;
	for (size_t k = 0; k < n; k++) {
		char ch = c->text[t->start + k];
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch | 0x20);
		if (ch != w[k])
			return false;
	}
	return true;
}

/* Words after which a period does not end a sentence: chr_abbrev_word
 * (words.c). */
static bool abbreviation_tok(const tok *t)
{
	if (t->kind != T_WORD || t->len > 6)
		return false;
	if (t->len == 1 && (t->flags & F_CAP))
		return true; /* initials: H. E. Smith, U.S. */
	return t->abbrev; /* chr_abbrev_word, as the lexer found it */
}

/* These replace strchr(".!?", ch) and strchr("\"'(", ch), which matched
 * a NUL too; so do they, so that no result moves. */
static bool stop(char ch)
{
	return ch == '.' || ch == '!' || ch == '?' || ch == '\0';
}

static bool opener(char ch)
{
	return ch == '"' || ch == '\'' || ch == '(' || ch == '\0';
}

uint32_t chr_sentences_number(const tok *v, size_t from, size_t n, uint32_t *sent,
                              uint32_t *sline)
{
	if (from >= n)
		return from ? sent[from - 1] + 1 : 0;
	uint32_t s = 0, l = 0;
	if (from == 0) {
		sent[0] = 0;
		sline[0] = 0;
		from = 1;
	} else {
		s = sent[from - 1];
		l = sline[s];
	}
	for (size_t i = from; i < n; i++) {
		if (v[i].flags & F_NL) {
			sline[++s] = ++l;
		} else if (v[i - 1].kind == T_PUNCT && stop(v[i - 1].ch) &&
		           (v[i].flags & F_SPACE) &&
		           ((v[i].flags & F_CAP) || v[i].kind == T_NUM ||
		            (v[i].kind == T_PUNCT && opener(v[i].ch))) &&
		           !(v[i - 1].ch == '.' && i > 1 && abbreviation_tok(&v[i - 2]))) {
			sline[++s] = l;
		}
		sent[i] = s;
	}
	return s + 1;
}

uint32_t chr_sentences_join(const tok *v, size_t at, size_t n, const uint32_t *psent,
                            const uint32_t *psline, uint32_t psentences, uint32_t *sent,
                            uint32_t *sline, uint32_t sentences)
{
	/* The piece starts a line, so its first sentence is the next one,
	 * on the next line, and every other break was decided inside it; but
	 * when its first token is a full stop, whether the token after starts
	 * a sentence depends on the token before the stop, the last of the
	 * text before: then the piece is numbered again from the whole. */
	if (n == 0)
		return sentences;
	const tok *first = &v[at];
	if (sentences == 0 || !(first->flags & F_NL) || (first->kind == T_PUNCT && first->ch == '.'))
		return chr_sentences_number(v, at, at + n, sent, sline);
	uint32_t l0 = sline[sentences - 1] + 1;
	for (size_t i = 0; i < n; i++)
		sent[at + i] = psent[i] + sentences;
	for (uint32_t k = 0; k < psentences; k++)
		sline[sentences + k] = psline[k] + l0;
	return sentences + psentences;
}

/* The line number of token i. */
static uint32_t line_of(const rctx *c, size_t i)
{
	return c->sline[c->sent[i]];
}

/* A word with its length: the lists below are searched at every date,
 * and a strlen of each entry cost more than the compares. */
struct word {
	const char *s;
	size_t n;
};
#define WORD(lit) { (lit), sizeof(lit) - 1 }

/* Token i is one of the words list[0..n); only those of its length and
 * first letter are compared whole. */
static bool tok_word_in(const rctx *c, size_t i, const struct word *list, size_t n)
{
	const tok *t = &c->t->v[i];
	if (t->kind != T_WORD || t->len == 0)
		return false;
	for (size_t k = 0; k < n; k++)
		if (t->len == list[k].n && list[k].s[0] == t->ch &&
		    tok_word_isn(c, i, list[k].s, list[k].n))
			return true;
	return false;
}

/* Token i is a word after which a verb takes its base form: a modal or
 * "to" ("will hit", "could cut"). */
static bool base_form_before(const rctx *c, size_t i)
{
	static const struct word before[] = {
		WORD("will"), WORD("would"), WORD("to"), WORD("could"), WORD("can"), WORD("may"),
		WORD("might"), WORD("must"), WORD("should"), WORD("shall"), WORD("not")
	};
	return tok_word_in(c, i, before, CHR_ARRAY_LEN(before));
}

/* Token i (a word ending in -s) follows a determiner (maybe with a name
 * or two between) or a number, or a past verb shortly before, so it is a
 * plural noun ("the crowds in April",
 * "20 visitors in July", "drew large crowds on 20 November"), not a
 * present-tense verb. */
static bool noun_after(const rctx *c, size_t i)
{
	static const struct word det[] = {
		WORD("the"), WORD("a"), WORD("an"), WORD("its"), WORD("their"), WORD("his"),
		WORD("her"), WORD("our"), WORD("these"), WORD("those"), WORD("many"), WORD("some"),
		WORD("all"), WORD("few"), WORD("several"), WORD("more"), WORD("most"),
		WORD("other"), WORD("both")
	};
	if (i == 0 || c->sent[i - 1] != c->sent[i])
		return false;
	for (size_t k = 1; k <= 3 && k <= i && c->sent[i - k] == c->sent[i]; k++) {
		const tok *w = &c->t->v[i - k];
		if (w->kind != T_WORD)
			break;
		if (w->cls == W_PAST || (w->cls == W_NONE && w->len > 3 && !(w->flags & F_CAP) &&
		                         c->text[w->start + w->len - 2] == 'e' &&
		                         c->text[w->start + w->len - 1] == 'd'))
			return true;
	}
	const tok *p = &c->t->v[i - 1];
	if (p->kind == T_NUM)
		return true;
	if (p->kind != T_WORD)
		return false;
	if (p->cls == W_NUMWORD)
		return true;
	/* "at its Pittsburgh headquarters on 16 November": names that
	 * qualify the noun stand between it and its determiner */
	size_t d = i - 1;
	while (d > 0 && i - d <= 2 && c->sent[d - 1] == c->sent[i] && (c->t->v[d].flags & F_CAP) &&
	       c->t->v[d].kind == T_WORD && c->t->v[d - 1].kind == T_WORD)
		d--;
	return tok_word_in(c, i - 1, det, CHR_ARRAY_LEN(det)) ||
	       (d < i - 1 && tok_word_in(c, d, det, CHR_ARRAY_LEN(det)));
}

/* The word before token i, a participle, is a present auxiliary ("is
 * held", "has announced", and "been" when been is asked for), maybe with
 * an adverb between ("has also called", "is now set", "have already
 * agreed"). */
static bool aux_before(const rctx *c, size_t i, bool been)
{
	static const struct word aux[] = { WORD("be"), WORD("being"), WORD("is"), WORD("are"),
	                                   WORD("has"), WORD("have") };
	static const struct word adverbs[] = { WORD("also"), WORD("already"), WORD("just"),
	                                       WORD("now"), WORD("since"), WORD("still"),
	                                       WORD("recently"), WORD("officially"),
	                                       WORD("formally"), WORD("jointly") };
	if (i == 0 || c->sent[i - 1] != c->sent[i])
		return false;
	size_t a = i - 1;
	if (a > 0 && c->sent[a - 1] == c->sent[i] && tok_word_in(c, a, adverbs, CHR_ARRAY_LEN(adverbs)))
		a--;
	return tok_word_in(c, a, aux, CHR_ARRAY_LEN(aux)) || (been && tok_word_is(c, a, "been"));
}

/* "used" before a noun is an adjective ("their spring used book sale",
 * "used cars"), not a verb in the past ("used to", "used by", "used it
 * in May"). */
static bool used_before_noun(const rctx *c, size_t i)
{
	static const struct word after[] = { WORD("to"), WORD("by"), WORD("in"), WORD("as"),
	                                     WORD("for"), WORD("on"), WORD("at"), WORD("with"),
	                                     WORD("the"), WORD("a"), WORD("an"), WORD("it"),
	                                     WORD("them"), WORD("this"), WORD("that") };
	if (!tok_word_is(c, i, "used") || i + 1 >= c->t->n || c->sent[i + 1] != c->sent[i])
		return false;
	const tok *n = &c->t->v[i + 1];
	return n->kind == T_WORD && !(n->flags & F_CAP) && n->cls == W_NONE &&
	       !tok_word_in(c, i + 1, after, CHR_ARRAY_LEN(after));
}

/* The tense cue of token i, a word of the clause around a date: what it
 * tells depends on the word and its neighbours in its sentence only, not
 * on the date, so a date's cues can be looked at nearest first. */
static enum tense cue_word(const rctx *c, size_t i)
{
	/* cue_at calls this only for the words of the classes and lengths
	 * looked at here */
	const tok *v = c->t->v, *t = &v[i];
	uint32_t s = c->sent[i];
	enum tense cue = TENSE_NONE;
	if (t->kind != T_WORD)
		return TENSE_NONE;
	/* by the word's class, which the words of each test have (words.c):
	 * "could", "would" and "ll" are in no table, "may" in lower case and
	 * "might" are W_FUTURE, "to" a preposition */
	switch (t->cls) {
	case W_NONE:
	case W_LABEL:
		if (tok_word_is(c, i, "could") || tok_word_is(c, i, "would")) {
			cue = TENSE_SOON; /* what may happen has not happened yet */
		} else if (tok_word_is(c, i, "'ll") || tok_word_is(c, i, "ll")) {
			cue = TENSE_FUTURE;
		} else if (t->len > 3 && !(t->flags & F_CAP)) {
			const char *w = c->text + t->start;
			/* "a meeting in Zagreb, followed by a council on 12 March":
			 * the order of two happenings, not when */
			bool order = (tok_word_is(c, i, "followed") || tok_word_is(c, i, "preceded")) &&
			             i + 1 < c->t->n && tok_word_is(c, i + 1, "by");
			/* "an elevated risk", "the revised plan": after a
			 * determiner, an adjective */
			bool adj = i > 0 && c->sent[i - 1] == s &&
			           (tok_word_is(c, i - 1, "a") || tok_word_is(c, i - 1, "an") ||
			            tok_word_is(c, i - 1, "the"));
			/* "the Art Walk, May 16-17, centered on Kerrytown": after
			 * a comma, a participle that qualifies, not a verb */
			bool participle = i > 0 && c->sent[i - 1] == s && v[i - 1].kind == T_PUNCT &&
			                  v[i - 1].ch == ',';
			if (w[t->len - 2] == 'e' && w[t->len - 1] == 'd' && !order && !adj &&
			    !participle && !used_before_noun(c, i) && !aux_before(c, i, true))
				cue = TENSE_PAST;
		}
		break;
	case W_FUTURE:
		/* "May" with a capital is the month ("in May and June"), not
		 * the modal */
		if ((tok_word_is(c, i, "may") && !(t->flags & F_CAP)) || tok_word_is(c, i, "might")) {
			cue = TENSE_SOON;
			break;
		}
		cue = TENSE_FUTURE;
		/* "was expected", "had planned": the plan is in the past */
		if (i > 0 && v[i - 1].kind == T_WORD && v[i - 1].cls == W_PAST &&
		    c->sent[i - 1] == s)
			cue = TENSE_PAST;
		break;
	case W_PAST:
	case W_MOVED:
	case W_CANCEL:
		/* "will hit", "to cut": the forms some verbs share with
		 * their past are no past after a modal or "to" */
		if (i > 0 && c->sent[i - 1] == s && base_form_before(c, i - 1))
			break;
		cue = TENSE_PAST;
		/* "closed until Friday": a state that lasts, not a past act;
		 * "postponed from 3 April to 17 April": the happening's dates,
		 * old and new, not when it was moved ("postponed on Monday") */
		if (i + 1 < c->t->n && (tok_word_is(c, i + 1, "until") ||
		                        tok_word_is(c, i + 1, "till") ||
		                        (t->cls == W_MOVED && (tok_word_is(c, i + 1, "to") ||
		                                               tok_word_is(c, i + 1, "from")))))
			cue = TENSE_NONE;
		/* "will be held", "to be held": a participle after a future;
		 * "is closed on", "are held on": a present passive states a
		 * schedule or a state, not a past act; "has announced cuts
		 * during the fourth quarter": a present perfect tells the
		 * news, not on which side the date lies */
		if (i > 1 && aux_before(c, i, false))
			cue = TENSE_NONE;
		break;
	case W_SHIFT:
		if (t->val == 1 && !tok_word_is(c, i, "following"))
			cue = TENSE_FUTURE; /* "next" */
		break;
	case W_PREP:
		if (tok_word_is(c, i, "to") && i + 1 < c->t->n && c->sent[i + 1] == s &&
		    v[i + 1].kind == T_WORD && !(v[i + 1].flags & F_CAP) &&
		    (v[i + 1].cls == W_NONE || tok_word_is(c, i + 1, "be")) &&
		    !(v[i + 1].len > 3 && c->text[v[i + 1].start + v[i + 1].len - 1] == 'd' &&
		      c->text[v[i + 1].start + v[i + 1].len - 2] == 'e') &&
		    !(v[i + 1].len > 4 && c->text[v[i + 1].start + v[i + 1].len - 1] == 'g' &&
		      c->text[v[i + 1].start + v[i + 1].len - 2] == 'n'))
			cue = TENSE_SOON; /* "to begin", "to be held": what is to come */
		break;
	default:
		break;
	}
	return cue;
}

/* cue_word, with the words it finds no cue in told apart before the call
 * (most words of a clause): keep the two in step. */
static inline enum tense cue_at(const rctx *c, size_t i)
{
	const tok *t = &c->t->v[i];
	if (t->kind != T_WORD)
		return TENSE_NONE;
	switch (t->cls) {
	case W_NONE:
	case W_LABEL: /* "published", "posted", "updated", "dated": in running
	               * text a past form in "-ed" like any other */
		/* "ll", "'ll", "could", "would", or a past form in "-ed" */
		if (t->len == 2 || t->len == 3 || t->len == 5)
			break;
		if (t->len > 3 && !(t->flags & F_CAP) && c->text[t->start + t->len - 2] == 'e' &&
		    c->text[t->start + t->len - 1] == 'd')
			break;
		return TENSE_NONE;
	case W_PREP:
		if (t->len != 2)
			return TENSE_NONE; /* only "to" is a cue */
		break;
	case W_FUTURE:
	case W_PAST:
	case W_MOVED:
	case W_CANCEL:
	case W_SHIFT:
		break;
	default:
		return TENSE_NONE;
	}
	return cue_word(c, i);
}

static bool semicolon(const tok *t)
{
	return t->kind == T_PUNCT && t->ch == ';';
}

/* Whether a word of the future class is a future cue in the clause around
 * tokens [ti, ti+tn), of the window [lo, hi): what tense_at asks only once
 * a "will" has turned up. */
static bool clause_future(const rctx *c, size_t ti, size_t tn, size_t lo, size_t hi)
{
	const tok *v = c->t->v;
	uint32_t s = c->sent[ti];
	/* a sentence is a run of tokens (numbers only grow): the window's
	 * tokens of the mention's sentence are those between its ends */
	while (lo < ti && c->sent[lo] != s)
		lo++;
	while (hi > ti + tn && c->sent[hi - 1] != s)
		hi--;
	/* a semicolon joins two clauses that each keep their own tense:
	 * "traders were nervous last week; the vote is on 28 June" */
	for (size_t i = ti; i > lo; i--)
		if (semicolon(&v[i - 1])) {
			lo = i;
			break;
		}
	for (size_t i = ti + tn; i < hi; i++)
		if (semicolon(&v[i])) {
			hi = i;
			break;
		}
	for (size_t i = lo; i < hi; i++)
		if (!(i >= ti && i < ti + tn) && v[i].kind == T_WORD && v[i].cls == W_FUTURE &&
		    cue_at(c, i) == TENSE_FUTURE)
			return true;
	return false;
}

/* Token i, a past cue after a date, calls off what the date names: "the
 * concert on 5 July was cancelled", "has been cancelled". What is called
 * off may have been still to come, so the date's side is open; before
 * the date ("was cancelled on Sunday") the verb more often tells when it
 * was done, and keeps its past. */
static bool called_off_after(const rctx *c, size_t i)
{
	const tok *v = c->t->v;
	for (size_t k = i; k < c->t->n && k <= i + 2 && c->sent[k] == c->sent[i]; k++) {
		if (v[k].kind != T_WORD)
			return false;
		if (v[k].cls == W_CANCEL)
			return true;
		if (k > i && v[k].cls != W_PAST && !tok_word_is(c, k, "been"))
			return false;
	}
	return false;
}

/* The tense of the clause around tokens [ti, ti+tn): the nearest cue
 * within the sentence wins, looking at most WINDOW tokens either way so
 * that a sentence of a million dates still costs linear time. A
 * semicolon ends the clause either way. */
/* Token ti, or the preposition of its sentence right before it ("on
 * Monday"): where the verb of a date ends. */
static size_t before_prep(const rctx *c, size_t ti)
{
	const tok *v = c->t->v;
	if (ti > 0 && v[ti - 1].kind == T_WORD && v[ti - 1].cls == W_PREP &&
	    c->sent[ti - 1] == c->sent[ti])
		return ti - 1;
	return ti;
}

/* Verbs that say who told something: "..., a spokesman said". */
static const struct word reporting[] = {
	WORD("added"), WORD("announced"), WORD("confirmed"), WORD("reported"), WORD("said"),
	WORD("says"), WORD("stated"), WORD("told")
};

static enum tense tense_at(const rctx *c, size_t ti, size_t tn)
{
	enum { WINDOW = 40 };
	const tok *v = c->t->v;
	uint32_t s = c->sent[ti];
	enum tense best = TENSE_NONE;
	size_t best_dist = (size_t)-1;
	/* "the deaths of 19 drivers since January", "closed since Monday":
	 * what "since" counts from has begun, whatever the verb tells */
	if (ti > 0 && c->sent[ti - 1] == s && v[ti - 1].kind == T_WORD && v[ti - 1].cls == W_PREP &&
	    v[ti - 1].val == P_SINCE)
		return TENSE_PAST;
	/* "a call that closes on 28 February", "the office reopens on Monday":
	 * a present-tense verb right before the date states a schedule,
	 * whatever the rest of the sentence tells */
	size_t pv = before_prep(c, ti);
	if (pv > 0 && c->sent[pv - 1] == s && v[pv - 1].kind == T_WORD && v[pv - 1].cls == W_NONE &&
	    v[pv - 1].len > 4 && !(v[pv - 1].flags & F_CAP)) {
		const char *w = c->text + v[pv - 1].start;
		size_t n = v[pv - 1].len;
		/* the ending first: noun_after costs more */
		if (w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i' &&
		    !(w[n - 2] == 'e' && w[n - 3] == 'l' && w[n - 4] == 'h') && /* not "whiles" */
		    !noun_after(c, pv - 1))
			return TENSE_NONE;
	}
	size_t lo = ti > WINDOW ? ti - WINDOW : 0;
	size_t hi = ti + tn + WINDOW < c->t->n ? ti + tn + WINDOW : c->t->n;
	/* The nearest cue before the date, then one after it that is nearer
	 * still (a tie goes to the one before). Sentence numbers only grow,
	 * so the first token of another sentence ends a side's search. */
	for (size_t i = ti; i > lo && c->sent[i - 1] == s && !semicolon(&v[i - 1]); i--) {
		enum tense cue = cue_at(c, i - 1);
		/* "previously advertised for Saturday 14 March", "booked
		 * for 3 May": the date a plan was made for, on either side */
		if (cue == TENSE_PAST && i + 1 == ti && tok_word_is(c, i, "for"))
			cue = TENSE_OPEN;
		if (cue != TENSE_NONE) {
			best = cue;
			best_dist = ti - (i - 1);
			break;
		}
	}
	/* "on Monday night to approve": distances are the day's, the part of
	 * the day after it counted as a word of the clause */
	size_t core = tn > 1 && v[ti + tn - 1].kind == T_WORD && v[ti + tn - 1].cls == W_DAYPART
	                      ? tn - 1
	                      : tn;
	bool comma = false;
	for (size_t i = ti + tn; i < hi && c->sent[i] == s && !semicolon(&v[i]); i++) {
		size_t dist = i - (ti + core) + 1;
		/* a verb before the date governs it more often than one after */
		if (i > ti)
			dist += 3;
		if (dist >= best_dist)
			break;
		comma |= v[i].kind == T_PUNCT && v[i].ch == ',';
		/* "is due to meet them on Friday, a spokesman said": who
		 * told it, after a comma, tells nothing of when */
		if (comma && best != TENSE_NONE && tok_word_in(c, i, reporting, CHR_ARRAY_LEN(reporting)))
			break;
		enum tense cue = cue_at(c, i);
		if (cue == TENSE_PAST && called_off_after(c, i))
			cue = TENSE_OPEN;
		if (cue != TENSE_NONE) {
			best = cue;
			best_dist = dist;
			break;
		}
	}
	/* "adjourned the case until 15 July", "was extended to June 30": a
	 * date that ends a state or is a new target may lie on either side
	 * of a past act, so the nearest year wins */
	if (best == TENSE_PAST && ti > 0 && c->sent[ti - 1] == s && v[ti - 1].kind == T_WORD &&
	    v[ti - 1].cls == W_PREP &&
	    (v[ti - 1].val == P_UNTIL || v[ti - 1].val == P_TILL || v[ti - 1].val == P_TO) &&
	    !(ti > 2 && c->sent[ti - 3] == s && v[ti - 3].kind == T_WORD &&
	      v[ti - 3].cls == W_PREP && v[ti - 3].val == P_FROM))
		return TENSE_NONE;
	/* "will" anywhere in the clause outweighs a participle next to the
	 * date; a comma between them ends the clause ("The ministry will
	 * open the bridge, it said on Wednesday"). */
	if (best == TENSE_PAST && best_dist > 2) {
		for (size_t i = ti; i-- > lo && c->sent[i] == s;) {
			if (v[i].kind == T_PUNCT && (v[i].ch == ',' || v[i].ch == ';'))
				break;
			if (v[i].kind == T_WORD && v[i].cls == W_FUTURE && tok_word_is(c, i, "will"))
				return clause_future(c, ti, tn, lo, hi) ? TENSE_FUTURE : best;
		}
	}
	return best == TENSE_OPEN ? TENSE_NONE : best;
}

/* "Bib pick-up is on Friday", "the deadline is Monday": "is" or "are"
 * right before a weekday (or its preposition) states a schedule, which
 * is still to come. (A verb in "-s" there is too often a plural noun,
 * "posted gains on Friday", to tell the same.) */
static bool schedule_before(const rctx *c, size_t ti)
{
	size_t p = before_prep(c, ti);
	return p > 0 && c->sent[p - 1] == c->sent[ti] &&
	       (tok_word_is(c, p - 1, "is") || tok_word_is(c, p - 1, "are"));
}

static bool date_eq(chr_date a, chr_date b)
{
	return a.year == b.year && a.month == b.month && a.day == b.day;
}

static bool span_eq(const span *a, const span *b)
{
	return a->ok == b->ok && a->prec == b->prec && date_eq(a->s, b->s) &&
	       date_eq(a->e, b->e);
}

/* "on Friday and Saturday", "Monday or Tuesday": a weekday listed right
 * after the day the raw mention before it resolved to (the resolver's
 * last day), in one sentence: it is that day or the first after it. */
static bool listed_after_day(const rctx *c, const raw *r)
{
	size_t k = (size_t)(r - c->r->v);
	if (k == 0 || !c->st.last_day.ok || c->st.last_ti != c->r->v[k - 1].ti)
		return false;
	const raw *p = &c->r->v[k - 1];
	size_t e = p->ti + p->tn;
	if (p->prec != CHR_PREC_DAY || p->published || e + 1 != r->ti ||
	    c->sent[e] != c->sent[r->ti] || !span_eq(&c->st.last_span, &c->st.last_day))
		return false;
	return tok_word_is(c, e, "and") || tok_word_is(c, e, "or");
}

/* "Over the Easter weekend, the line will close from Friday evening
 * until Monday morning", "in the week of 16 November, the committee meets
 * on Tuesday": a bare weekday after a short run of days in its sentence
 * (a weekend, a holiday, a week: no more than FRAME_DAYS days, or a week)
 * is the day of that run, when one is and the weekday's tense agrees;
 * the day of writing tells only where the sentence names no such run. */
enum { FRAME_DAYS = 4 };

static bool frame_day(const rctx *c, const raw *r, enum tense tense, chr_date pub,
                      chr_date *out)
{
	const span *f = &c->st.frame;
	if (!f->ok || c->st.frame_sent != c->sent[r->ti])
		return false;
	/* "The forum will take place on 14-16 December, the agency
	 * announced on Wednesday": told as past, a run still to come is
	 * none of its days */
	if ((tense == TENSE_PAST && chr_date_cmp(f->s, pub) > 0) ||
	    ((tense == TENSE_FUTURE || tense == TENSE_SOON) && chr_date_cmp(f->e, pub) < 0))
		return false;
	for (chr_date d = f->s; chr_date_cmp(d, f->e) <= 0; d = add_days(d, 1))
		if (weekday(d) == r->a.wd) {
			*out = d;
			return true;
		}
	return false;
}

/* For choosing a year, a plan is a future. */
static enum tense year_tense(enum tense t)
{
	return t == TENSE_SOON ? TENSE_FUTURE : t;
}

/* ---- implicit years --------------------------------------------------------------- */

/* Picks the year for a span [m1/d1 .. m2/d2] (month spans use whole months)
 * among the publication year and its neighbours, by tense. wd >= 0 is a
 * weekday written with the date, which settles it when only one year fits. */
static int pick_year(const rctx *c, int m, int d, int wd, enum tense tense,
                     int span_months)
{
	chr_date pub = c->pub;
	int best = pub.year;
	if (wd >= 0 && d) {
		int fits = 0, fit_year = 0;
		for (int y = pub.year - 1; y <= pub.year + 1; y++) {
			chr_date x = mk(y, m, d);
			if (dvalid(x) && weekday(x) == wd) {
				fits++;
				fit_year = y;
			}
		}
		if (fits == 1)
			return fit_year;
	}
	long p = c->pub_days;
	long best_cost = 0;
	bool have = false;
	int reach = m == 2 && d == 29 ? 4 : 1; /* the 29th of February, of a leap year */
	for (int y = pub.year - reach; y <= pub.year + reach; y++) {
		chr_date s, e;
		if (d) {
			s = e = mk(y, m, d);
			if (!dvalid(s))
				continue;
		} else {
			s = mk(y, m, 1);
			int em = m + span_months - 1, ey = y;
			while (em > 12) {
				em -= 12;
				ey++;
			}
			e = month_end(ey, em);
		}
		/* a day's end is its start */
		long ds = chr_date_to_days(s), de = d ? ds : chr_date_to_days(e);
		long cost;
		if (tense == TENSE_PAST) {
			if (ds > p)
				continue;
			cost = p - ds; /* the latest start on or before */
		} else if (tense == TENSE_FUTURE) {
			if (de < p)
				continue;
			cost = ds - p; /* the earliest still to come */
			if (cost < 0)
				cost = 0;
		} else {
			cost = p < ds ? ds - p : p > de ? p - de : 0;
			if (p < ds)
				cost = cost * 2 + 1; /* ties go to the past */
			else
				cost *= 2;
		}
		if (!have || cost < best_cost) {
			have = true;
			best_cost = cost;
			best = y;
		}
	}
	return best;
}

/* ---- spans ------------------------------------------------------------------------ */

static span mkspan(chr_date s, chr_date e, chr_precision prec)
{
	span r = { s, e, prec, dvalid(s) && dvalid(e) && chr_date_cmp(s, e) <= 0 };
	return r;
}

/* mkspan(d, d, CHR_PREC_DAY), with d looked at once: a day is valid
 * when its date is. */
static span day_span(chr_date d)
{
	span r = { d, d, CHR_PREC_DAY, dvalid(d) };
	return r;
}

static span month_span(int y, int m, int months, chr_precision prec)
{
	int em = m + months - 1, ey = y;
	while (em > 12) {
		em -= 12;
		ey++;
	}
	return mkspan(mk(y, m, 1), month_end(ey, em), prec);
}

static span unit_span(int y, chr_precision prec, int n)
{
	switch (prec) {
	case CHR_PREC_QUARTER: return month_span(y, (n - 1) * 3 + 1, 3, prec);
	case CHR_PREC_HALF: return month_span(y, (n - 1) * 6 + 1, 6, prec);
	case CHR_PREC_SEASON:
		return n == 3 ? month_span(y, 12, 3, prec) : month_span(y, 3 + n * 3, 3, prec);
	case CHR_PREC_YEAR: return mkspan(mk(y, 1, 1), mk(y, 12, 31), prec);
	case CHR_PREC_DECADE: return mkspan(mk(y / 10 * 10, 1, 1), mk(y / 10 * 10 + 9, 12, 31), prec);
	case CHR_PREC_CENTURY: /* the first has no year 0: from year 1 */
		return mkspan(mk(y < 100 ? 1 : y / 100 * 100, 1, 1), mk(y / 100 * 100 + 99, 12, 31), prec);
	default: return mkspan(mk(0, 0, 0), mk(0, 0, 0), prec);
	}
}

static span week_span(chr_date d)
{
	chr_date mon = add_days(d, -weekday(d));
	return mkspan(mon, add_days(mon, 6), CHR_PREC_WEEK);
}

/* Easter Sunday of a Gregorian year (the anonymous computus). */
static chr_date easter(int y)
{
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25;
	int g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
	int n = h + l - 7 * m + 114;
	return mk(y, n / 31, n % 31 + 1);
}

/* The days of an R_FEAST in year y. */
static span feast_span(const raw *r, int y)
{
	chr_date d;
	if (r->unit == FEAST_THANKSGIVING) {
		/* the fourth Thursday of November */
		int wd = weekday(mk(y, 11, 1));
		d = mk(y, 11, 1 + (3 - wd + 7) % 7 + 21);
	} else {
		d = easter(y);
	}
	d = add_days(d, r->shift);
	return mkspan(d, add_days(d, r->unit_n), CHR_PREC_DAY);
}

/* d moved dy years, a 29 February or a month's last day kept as one */
static chr_date shift_years(chr_date d, int dy)
{
	int y = d.year + dy, last = chr_days_in_month(y, d.month);
	int day = d.day == chr_days_in_month(d.year, d.month) || d.day > last ? last : d.day;
	return mk(y, d.month, day);
}

/* The day, week, month or quarter (unit, an enum unit) that holds d. */
static span unit_of(chr_date d, int unit)
{
	switch (unit) {
	case U_DAY: return day_span(d);
	case U_WEEK: return week_span(d);
	case U_MONTH: return month_span(d.year, d.month, 1, CHR_PREC_MONTH);
	case U_QUARTER: return unit_span(d.year, CHR_PREC_QUARTER, (d.month - 1) / 3 + 1);
	default: return unit_span(d.year, CHR_PREC_YEAR, 0);
	}
}

/* The span last spoken of, if it is near enough to token ti to be what
 * "a year later" or "the same period" counts from: in its paragraph, or
 * in the sentence before. */
static span near_last(const rctx *c, uint32_t ti)
{
	span b = c->st.last_span;
	if (b.ok && line_of(c, c->st.last_ti) != line_of(c, ti) &&
	    c->sent[c->st.last_ti] + 1 < c->sent[ti])
		b.ok = false;
	return b;
}

/* The precision of a unit of time a date is shifted by. */
static chr_precision shifted_prec(int unit)
{
	switch (unit) {
	case U_DAY: return CHR_PREC_DAY;
	case U_WEEK: case U_WEEKEND: return CHR_PREC_WEEK;
	case U_MONTH: return CHR_PREC_MONTH;
	case U_QUARTER: return CHR_PREC_QUARTER;
	case U_YEAR: return CHR_PREC_YEAR;
	default: return CHR_PREC_DECADE;
	}
}

/* "the same period last year": the span last spoken of, taken at the
 * unit written ("the same month" after a day is its month), moved by the
 * years; with none spoken of (or only a longer one), the unit of the
 * publication date. */
static span same_span(const rctx *c, const raw *r, bool *resolved)
{
	span b = near_last(c, r->ti);
	chr_precision want = r->unit == U_DAY ? CHR_PREC_DAY : r->unit == U_WEEK ? CHR_PREC_WEEK :
	                     r->unit == U_MONTH ? CHR_PREC_MONTH :
	                     r->unit == U_QUARTER ? CHR_PREC_QUARTER : CHR_PREC_YEAR;
	if (b.ok && b.prec > want)
		b.ok = false;
	if (!b.ok && r->from_last)
		return mkspan(mk(0, 0, 0), mk(0, 0, 0), want); /* "by that time": none near */
	if (!b.ok) {
		if (!c->pub_ok) {
			*resolved = false;
			return mkspan(mk(0, 0, 0), mk(0, 0, 0), want);
		}
		b = unit_of(c->pub, r->unit);
	} else if (r->unit != U_YEAR && b.prec != want) {
		b = unit_of(b.s, r->unit);
	}
	int dy = r->a.y ? r->a.y - b.s.year : r->shift;
	if (r->a.yshift) {
		/* "last year" names a year: the base's months in it */
		if (!c->pub_ok) {
			*resolved = false;
			return mkspan(mk(0, 0, 0), mk(0, 0, 0), want);
		}
		dy = c->pub.year + r->a.yrel - b.s.year;
	}
	if (b.prec == CHR_PREC_WEEK)
		return week_span(shift_years(b.s, dy));
	return mkspan(shift_years(b.s, dy), shift_years(b.e, dy), b.prec);
}

/* early/mid/late thirds of a span, in days for a month, else in months */
static span apply_thirds(span sp, chr_mod mod)
{
	int third = mod == CHR_MOD_EARLY || mod == CHR_MOD_START ? 0 : mod == CHR_MOD_MID ? 1 : 2;
	if (sp.prec == CHR_PREC_MONTH) {
		int last = sp.e.day;
		int from = third == 0 ? 1 : third == 1 ? 11 : 21;
		int to = third == 0 ? 10 : third == 1 ? 20 : last;
		sp.s = mk(sp.s.year, sp.s.month, from);
		sp.e = mk(sp.s.year, sp.s.month, to);
		return sp;
	}
	int months = (sp.e.year - sp.s.year) * 12 + sp.e.month - sp.s.month + 1;
	int a = months * third / 3, b = months * (third + 1) / 3; /* [a, b) */
	int sm = sp.s.month - 1 + a, em = sp.s.month - 1 + b - 1;
	chr_date s = mk(sp.s.year + sm / 12, sm % 12 + 1, 1);
	chr_date e = month_end(sp.s.year + em / 12, em % 12 + 1);
	sp.s = s;
	sp.e = e;
	return sp;
}

/* apply_thirds when the modifier moves the span: inline, since most
 * spans have none */
static inline span apply_mod(span sp, chr_mod mod)
{
	if (!sp.ok || mod == CHR_MOD_NONE || mod == CHR_MOD_APPROX || sp.prec == CHR_PREC_DAY ||
	    sp.prec == CHR_PREC_WEEK)
		return sp;
	return apply_thirds(sp, mod);
}

/* ---- the publication date ------------------------------------------------------- */

static bool raw_full_day(const raw *r)
{
	return r->kind == R_DATE && r->prec == CHR_PREC_DAY && r->a.y && r->a.m && r->a.d &&
	       !r->slash_ambiguous;
}

/* The bytes of the line holding byte offset off: [*ls, *le). */
static void line_bounds(const rctx *c, size_t off, size_t *ls, size_t *le)
{
	size_t s = off, e = off;
	while (s > 0 && c->text[s - 1] != '\n' && off - s < 4096)
		s--;
	while (e < c->len && c->text[e] != '\n' && e - off < 4096)
		e++;
	*ls = s;
	*le = e;
}

/* Every token on the raw's line besides the raw itself is a label
 * ("Published:", "Posted", "Updated on"), punctuation, or a time. */
static bool date_only_line(const rctx *c, const raw *r)
{
	enum { MAX_LINE = 24 }; /* tokens: a longer line is prose */
	const tok *v = c->t->v;
	uint32_t line = line_of(c, r->ti);
	size_t i = r->ti;
	while (i > 0 && line_of(c, i - 1) == line)
		if (r->ti - --i > MAX_LINE)
			return false;
	size_t other_words = 0;
	for (; i < c->t->n && line_of(c, i) == line; i++) {
		if (i > r->ti + r->tn + MAX_LINE)
			return false;
		if (i >= r->ti && i < r->ti + r->tn)
			continue;
		const tok *t = &v[i];
		if (t->kind == T_PUNCT || t->kind == T_DASH || t->kind == T_NUM)
			continue;
		if (t->cls == W_LABEL || t->cls == W_AMPM || t->cls == W_TZ ||
		    (t->cls == W_PREP && (t->val == P_ON || t->val == P_AT || t->val == P_BY)) ||
		    t->cls == W_WEEKDAY)
			continue;
		if (tok_word_is(c, i, "last") || tok_word_is(c, i, "modified") ||
		    tok_word_is(c, i, "news") || tok_word_is(c, i, "issued") ||
		    tok_word_is(c, i, "created") || tok_word_is(c, i, "comments") ||
		    (t->len == 1 && (c->text[t->start] == 'T' || c->text[t->start] == 'Z')))
			continue;
		if (++other_words > 0)
			return false;
	}
	return true;
}

/* The line before the raw's is a lone "Date" or "When" label, as in an
 * event page's details ("Date / 22 May 2027 / Location / Town Hall"):
 * the date is the event's, not the page's stamp. */
static bool event_label_above(const rctx *c, const raw *r)
{
	const tok *v = c->t->v;
	if (r->ti == 0 || line_of(c, r->ti - 1) == line_of(c, r->ti))
		return false;
	size_t k = r->ti - 1, words = 0, label = 0;
	uint32_t line = line_of(c, k);
	for (;; k--) {
		if (v[k].kind == T_WORD) {
			words++;
			if (tok_word_is(c, k, "date") || tok_word_is(c, k, "dates") ||
			    tok_word_is(c, k, "when"))
				label++;
		} else if (!(v[k].kind == T_PUNCT && v[k].ch == ':')) {
			return false;
		}
		if (k == 0 || line_of(c, k - 1) != line || words > 1)
			break;
	}
	return words == 1 && label == 1;
}

/* The line of text that starts at byte `at` begins with one of the label
 * words and a colon. Read from the bytes, not the tokens: the sparse lexer
 * leaves out most of a line that holds no date. */
static bool label_line_at(const rctx *c, size_t at, const char *const *labels, size_t n)
{
	return chr_label_at(c->text, c->len, at, labels, n);
}

/* Whether the line from byte `at` holds anything but white space. */
static bool blank_line(const rctx *c, size_t at)
{
	for (; at < c->len && c->text[at] != '\n'; at++)
		if (c->text[at] != ' ' && c->text[at] != '\t' && c->text[at] != '\r')
			return false;
	return true;
}

/* "Date: 12 May 2027" with "Venue: Town Hall" or "Time: 18:00" on one of
 * the two lines with text either side: the details of an event, not the
 * date of the page. */
static bool event_details_line(const rctx *c, const raw *r)
{
	static const char *const when[] = { "date", "dates", "when" };
	static const char *const other[] = { "venue", "location", "where", "place", "time",
	                                     "address", "times" };
	const char *t = c->text;
	size_t ls = c->t->v[r->ti].start;
	while (ls > 0 && t[ls - 1] != '\n')
		ls--;
	if (!label_line_at(c, ls, when, CHR_ARRAY_LEN(when)))
		return false;
	size_t at = ls;
	for (int n = 0; n < 2 && at > 0;) { /* the lines before */
		at--; /* onto the previous line's '\n' */
		while (at > 0 && t[at - 1] != '\n')
			at--;
		if (blank_line(c, at))
			continue;
		if (label_line_at(c, at, other, CHR_ARRAY_LEN(other)))
			return true;
		n++;
	}
	at = ls;
	for (int n = 0; n < 2;) { /* the lines after */
		const char *nl = memchr(t + at, '\n', c->len - at);
		if (!nl)
			break;
		at = (size_t)(nl - t) + 1;
		if (blank_line(c, at))
			continue;
		if (label_line_at(c, at, other, CHR_ARRAY_LEN(other)))
			return true;
		n++;
	}
	return false;
}

/* "/PRNewswire/ --", "/APO Group/ --", "/ --": a wire's name between
 * slashes at token e, then a dash; or the line's end. */
static bool wire_after(const rctx *c, size_t e, uint32_t line)
{
	const tok *v = c->t->v;
	if (e + 1 < c->t->n && line_of(c, e + 1) == line && v[e + 1].kind == T_DASH)
		return true; /* no name: "/ --" */
	for (size_t k = e + 1; k < c->t->n && k < e + 8 && line_of(c, k) == line; k++) {
		if (v[k].kind == T_PUNCT && v[k].ch == '/')
			return k + 1 >= c->t->n || line_of(c, k + 1) != line || v[k + 1].kind == T_DASH;
		if (v[k].kind != T_WORD && !(v[k].kind == T_PUNCT && strchr(".&-'", v[k].ch)))
			return false;
	}
	return false;
}

/* "14 March 2019 – The committee met ...": a date that opens its line,
 * then a dash and a paragraph (an agenda's "3 May – Opening ceremony" is
 * a short line, and no dateline). */
static bool date_lede(const rctx *c, const raw *r)
{
	const tok *v = c->t->v;
	size_t i = r->ti, e = r->ti + r->tn;
	if (!(v[i].flags & F_NL) && i > 0)
		return false;
	if (e >= c->t->n || (v[e].flags & F_NL) || v[e].kind != T_DASH)
		return false;
	size_t ls, le;
	line_bounds(c, v[e].start, &ls, &le);
	return le - v[e].start >= 80 && memchr(c->text + v[e].start, '.', le - v[e].start);
}

/* "GENEVA, 14 March 2019 —", "Singapore, 23 November 2018.": capitalised
 * words at the start of the line, a comma, the date, then a stop (or a
 * wire's name: wire_after). */
static bool dateline(const rctx *c, const raw *r)
{
	const tok *v = c->t->v;
	size_t i = r->ti;
	if (date_lede(c, r))
		return true;
	if (i == 0 || !(v[i - 1].kind == T_PUNCT && (v[i - 1].ch == ',' || v[i - 1].ch == '(')))
		return false;
	bool paren = v[i - 1].ch == '(';
	uint32_t line = line_of(c, i);
	size_t words = 0;
	size_t k = i - 1;
	while (k > 0 && line_of(c, k - 1) == line) {
		if (i - --k > 16)
			return false;
		const tok *t = &v[k];
		if (t->kind == T_WORD) {
			/* "Noordwijk, the Netherlands, 20 May 2026" */
			if (!(t->flags & F_CAP) && !tok_word_is(c, k, "de") && !tok_word_is(c, k, "of") &&
			    !tok_word_is(c, k, "the"))
				return false;
			if (++words > 6)
				return false;
		} else if (!(t->kind == T_PUNCT && strchr(",.()'", t->ch)) && t->kind != T_DASH) {
			return false;
		}
	}
	if (words == 0)
		return false;
	size_t e = r->ti + r->tn;
	if (paren) {
		if (e >= c->t->n || !(v[e].kind == T_PUNCT && v[e].ch == ')'))
			return false;
		e++;
	}
	if (e >= c->t->n || line_of(c, e) != line)
		return true;
	const tok *n = &v[e];
	return n->kind == T_DASH || (n->kind == T_PUNCT && strchr(".:(|", n->ch)) ||
	       (n->kind == T_PUNCT && n->ch == '/' && wire_after(c, e, line));
}

/* head / tail: the text's first / last lines are its source's (see
 * chr_resolve), so may hold its date. */
static void find_published(rctx *c, bool head, bool tail, chr_date *pub, bool *found)
{
	uint32_t line_store = 0, *pub_line = &line_store;
	raws *rs = c->r;
	*found = false;
	if (rs->n == 0)
		return;
	/* The head: the first lines of the document. */
	for (size_t k = 0; head && k < rs->n; k++) {
		raw *r = &rs->v[k];
		const tok *t = &c->t->v[r->ti];
		if (t->start > 2500 || line_of(c, r->ti) > 12)
			break;
		/* "MANILA, Oct 3 (Reuters) -": wire datelines omit the year,
		 * which the reference date then gives */
		if (r->kind == R_DATE && r->prec == CHR_PREC_DAY && !r->a.y && r->a.m &&
		    r->a.d && dvalid(c->pub) && dateline(c, r)) {
			r->a.y = pick_year(c, r->a.m, r->a.d, r->a.wd, TENSE_NONE, 1);
			if (!dvalid(mk(r->a.y, r->a.m, r->a.d)))
				continue;
		}
		if (!raw_full_day(r))
			continue;
		if ((date_only_line(c, r) && !event_label_above(c, r) && !event_details_line(c, r)) ||
		    dateline(c, r)) {
			*pub = mk(r->a.y, r->a.m, r->a.d);
			*found = true;
			*pub_line = line_of(c, r->ti);
			break;
		}
	}
	/* The tail: a stamp on one of the last lines. */
	if (!*found && tail) {
		uint32_t last = line_of(c, c->t->n - 1);
		for (size_t k = rs->n; k-- > 0 && k + 8 >= rs->n;) {
			raw *r = &rs->v[k];
			if (line_of(c, r->ti) + 3 < last)
				break;
			if (!raw_full_day(r))
				continue;
			bool stamp = r->hour >= 0 && r->tn >= 7; /* an ISO timestamp */
			size_t ls, le;
			line_bounds(c, c->t->v[r->ti].start, &ls, &le);
			/* the timestamp starts the line: the rest is the site's */
			for (size_t q = k >= 8 ? k - 8 : 0; q < rs->n && q < k + 8 && !stamp; q++) {
				raw *o = &rs->v[q];
				if (line_of(c, o->ti) == line_of(c, r->ti) && o->hour >= 0 &&
				    o->tn >= 7 && c->t->v[o->ti].start == ls && o->a.y == r->a.y &&
				    o->a.m == r->a.m && o->a.d == r->a.d)
					stamp = true;
				if (line_of(c, o->ti) > line_of(c, r->ti))
					break;
			}
			if (stamp || (date_only_line(c, r) && !event_label_above(c, r) &&
			              !event_details_line(c, r))) {
				*pub = mk(r->a.y, r->a.m, r->a.d);
				*found = true;
				*pub_line = line_of(c, r->ti);
				break;
			}
		}
	}
	if (!*found)
		return;
	/* Mark the stamp's mentions: those with that date on the line chosen
	 * ("2018-02-28T15:58:07+00:00 Wednesday, 28 February 2018"). */
	for (size_t k = 0; k < rs->n; k++) {
		raw *r = &rs->v[k];
		if (line_of(c, r->ti) != *pub_line)
			continue;
		if (raw_full_day(r) && r->a.y == pub->year && r->a.m == pub->month &&
		    r->a.d == pub->day)
			r->published = true;
	}
}

/* ---- resolution ---------------------------------------------------------------- */

static span resolve_point(const rctx *c, const raw *r, point p, enum tense tense,
                          bool *resolved)
{
	*resolved = true;
	if (p.m && !p.y) {
		if (!c->pub_ok) {
			*resolved = false;
			return mkspan(mk(0, 0, 0), mk(0, 0, 0), p.d ? CHR_PREC_DAY : CHR_PREC_MONTH);
		}
		p.y = pick_year(c, p.m, p.d, p.wd, tense, 1);
	}
	(void)r;
	if (p.d)
		return day_span(mk(p.y, p.m, p.d));
	if (p.m)
		return month_span(p.y, p.m, 1, CHR_PREC_MONTH);
	return unit_span(p.y, CHR_PREC_YEAR, 0);
}

/* known_tense: tense_at of the raw, when the caller has asked it already,
 * else NULL. */
static span resolve_raw(const rctx *c, raw *r, int ctx_year, const enum tense *known_tense,
                        bool *resolved)
{
	enum tense tense = TENSE_NONE;
	bool needs_pub = false;
	*resolved = true;
	if (r->fiscal) {
		*resolved = false; /* the fiscal year's start is not known */
		return mkspan(mk(0, 0, 0), mk(0, 0, 0), (chr_precision)r->prec);
	}
	if (r->kind == R_SAME)
		return same_span(c, r, resolved);
	switch (r->kind) {
	case R_DATE:
	case R_RANGE:
	case R_UNIT:
		needs_pub = (r->a.m && !r->a.y) || (r->kind == R_UNIT && !r->a.y &&
		                                    r->prec != CHR_PREC_WEEK) ||
		            r->a.yshift;
		break;
	case R_DURATION:
	case R_REF:
		*resolved = false;
		return mkspan(mk(0, 0, 0), mk(0, 0, 0), (chr_precision)r->prec);
	case R_FEAST:
		needs_pub = !r->a.y;
		break;
	case R_MDAY:
		needs_pub = true;
		break;
	case R_ANAPHOR:
		if (r->from_last) {
			/* "a third straight day": the time spoken of nearby */
			span b = near_last(c, r->ti);
			if (b.ok && b.prec <= shifted_prec(r->unit))
				return apply_mod(unit_of(b.s, r->unit), (chr_mod)r->mod);
		} else if (c->st.last_day.ok) {
			return c->st.last_day;
		}
		needs_pub = true;
		break;
	default:
		needs_pub = true;
		break;
	}
	if (needs_pub && !c->pub_ok && !(ctx_year && !r->a.yshift &&
	                                      (r->kind == R_DATE || r->kind == R_RANGE))) {
		*resolved = false;
		return mkspan(mk(0, 0, 0), mk(0, 0, 0), (chr_precision)r->prec);
	}
	enum tense wtense = TENSE_NONE; /* for weekdays, which tell plans apart */
	if (needs_pub) {
		wtense = known_tense ? *known_tense : tense_at(c, r->ti, r->tn);
		tense = year_tense(wtense);
	}
	chr_date pub = c->pub;
	switch (r->kind) {
	case R_DATE: {
		point p = r->a;
		if (!p.y && p.yshift)
			p.y = pub.year + p.yrel; /* "in March last year" */
		else if (!p.y && ctx_year)
			p.y = ctx_year;
		if (r->prec == CHR_PREC_YEAR)
			return apply_mod(unit_span(p.y, CHR_PREC_YEAR, 0), (chr_mod)r->mod);
		if (r->unit_n && !p.d && p.wd >= 0) {
			/* the nth weekday of a month: its year first, then the day */
			if (!p.y)
				p.y = pick_year(c, p.m, 0, -1, tense, 1);
			return nth_weekday_span(p.y, p.m, p.wd, r->unit_n);
		}
		span sp = resolve_point(c, r, p, tense, resolved);
		return apply_mod(sp, (chr_mod)r->mod);
	}
	case R_RANGE: {
		point a = r->a, b = r->b;
		if (!a.m && a.wd >= 0) {
			/* "from Monday to Friday 6 March": the end's year as a
			 * day's, then the start's weekday on or before it */
			if (!b.y)
				b.y = b.yshift ? pub.year + b.yrel
				      : ctx_year ? ctx_year : pick_year(c, b.m, b.d, b.wd, tense, 1);
			chr_date e = mk(b.y, b.m, b.d);
			return mkspan(add_days(e, -(long)((weekday(e) - a.wd + 7) % 7)), e,
			              CHR_PREC_DAY);
		}
		if (r->prec == CHR_PREC_YEAR)
			return mkspan(mk(a.y, 1, 1), mk(b.y, 12, 31), CHR_PREC_YEAR);
		if (!a.y && !b.y) {
			if (a.yshift) {
				a.y = pub.year + a.yrel; /* "3-4 June next year" */
			} else if (ctx_year) {
				a.y = ctx_year;
			} else {
				a.y = pick_year(c, a.m, a.d, a.wd, tense, 1);
			}
			b.y = a.y + (b.m < a.m || (b.m == a.m && b.d < a.d));
		}
		if (!a.y)
			a.y = b.y;
		if (!b.y)
			b.y = a.y;
		if (r->prec == CHR_PREC_MONTH) {
			/* the ends' parts ("from late August to early
			 * September"), kept in unit and unit_n */
			span s = apply_mod(mkspan(mk(a.y, a.m, 1), month_end(a.y, a.m),
			                          CHR_PREC_MONTH), (chr_mod)r->unit);
			span e = apply_mod(mkspan(mk(b.y, b.m, 1), month_end(b.y, b.m),
			                          CHR_PREC_MONTH), (chr_mod)r->unit_n);
			return mkspan(s.s, e.e, CHR_PREC_MONTH);
		}
		return mkspan(mk(a.y, a.m, a.d), mk(b.y, b.m, b.d), CHR_PREC_DAY);
	}
	case R_UNIT: {
		int y = r->a.y;
		if (r->prec == CHR_PREC_WEEK) {
			point p = r->a;
			span d = resolve_point(c, r, p, tense, resolved);
			if (d.ok && r->unit_n) {
				/* the nth (9: last) seven days of the month d */
				chr_date s = r->unit_n == 9 ? add_days(d.e, -6) :
				             add_days(d.s, 7L * (r->unit_n - 1));
				return mkspan(s, add_days(s, 6), CHR_PREC_WEEK);
			}
			return d.ok ? week_span(d.s) : d;
		}
		if (r->a.yshift) {
			y = pub.year + r->a.yrel;
		} else if (!y) {
			/* a quarter, half or season of an implicit year */
			int months = r->prec == CHR_PREC_HALF ? 6 : 3;
			int m = r->prec == CHR_PREC_QUARTER ? (r->unit_n - 1) * 3 + 1 :
			        r->prec == CHR_PREC_HALF ? (r->unit_n - 1) * 6 + 1 :
			        r->unit_n == 3 ? 12 : 3 + r->unit_n * 3;
			y = ctx_year ? ctx_year : pick_year(c, m, 0, -1, tense, months);
		}
		return apply_mod(unit_span(y, (chr_precision)r->prec, r->unit_n), (chr_mod)r->mod);
	}
	case R_DAYREL:
		return day_span(add_days(pub, r->shift));
	case R_ANAPHOR:
		return apply_mod(unit_of(pub, r->unit), (chr_mod)r->mod);
	case R_FEAST: {
		if (r->a.y)
			return feast_span(r, r->a.y);
		/* the year by tense, as for a day written without one */
		span best = { 0 };
		long p = chr_date_to_days(pub), best_cost = 0;
		for (int y = pub.year - 1; y <= pub.year + 1; y++) {
			span d = feast_span(r, y);
			long dd = chr_date_to_days(d.s), cost = dd > p ? dd - p : p - dd;
			if ((tense == TENSE_PAST && dd > p) || (tense == TENSE_FUTURE && dd < p))
				continue;
			if (!best.ok || cost < best_cost) {
				best = d;
				best_cost = cost;
			}
		}
		return best.ok ? best : day_span(mk(0, 0, 0));
	}
	case R_MDAY: {
		/* day a.d of the month shift months away, or of the month before,
		 * of or after the publication's that the tense picks */
		chr_date best = mk(0, 0, 0);
		long p = chr_date_to_days(pub), best_cost = 0;
		for (int k = r->shift == 2 ? -1 : r->shift; k <= (r->shift == 2 ? 1 : r->shift); k++) {
			int m = pub.month - 1 + k;
			int y = pub.year + (m >= 0 ? m / 12 : (m - 11) / 12);
			m = ((m % 12) + 12) % 12 + 1;
			if (r->a.d > chr_days_in_month(y, m))
				continue;
			chr_date d = mk(y, m, r->a.d);
			long dd = chr_date_to_days(d), cost = dd > p ? dd - p : p - dd;
			if (r->shift == 2 && ((tense == TENSE_PAST && dd > p) ||
			                      (tense == TENSE_FUTURE && dd < p)))
				continue;
			if (!dvalid(best) || cost < best_cost) {
				best = d;
				best_cost = cost;
			}
		}
		return day_span(best);
	}
	case R_SAME:
	case R_DURATION:
	case R_REF:
		break;
	case R_WEEKDAY: {
		if (r->from_last) {
			/* "the following Monday": after the day spoken of */
			span b = near_last(c, r->ti);
			if (b.ok && b.prec == CHR_PREC_DAY)
				pub = r->shift < 0 ? b.s : b.e;
		}
		bool listed = r->shift == 2 && !r->from_last && listed_after_day(c, r);
		if (listed)
			pub = c->st.last_day.s;
		chr_date in_frame;
		if (r->shift == 2 && !r->from_last && !listed && r->b.wd < 0 &&
		    frame_day(c, r, wtense, pub, &in_frame))
			return day_span(in_frame);
		int wd = r->a.wd, pw = weekday(pub);
		int back = (pw - wd + 7) % 7;          /* days since the last one, 0..6 */
		int fwd = (wd - pw + 7) % 7;           /* days to the next one, 0..6 */
		long off;
		if (listed)
			off = fwd;
		else if (r->shift == -1)
			off = back ? -back : -7;
		else if (r->shift == 1)
			off = fwd ? fwd : 7;
		else if (r->shift == 0)
			off = wd - pw; /* in this (ISO) week */
		else if (schedule_before(c, r->ti))
			off = fwd; /* "the final is Sunday", whatever else the sentence tells */
		else if (wtense == TENSE_PAST)
			off = -back;
		else if (wtense == TENSE_FUTURE)
			off = fwd ? fwd : 7; /* "will meet on Friday", said on a Friday */
		else if (wtense == TENSE_SOON)
			off = fwd; /* "was set to land on Monday", dated that Monday */
		else
			off = back <= fwd ? -back : fwd;
		chr_date d = add_days(pub, off);
		if (r->b.wd < 0)
			return day_span(d);
		/* "from Monday to Friday": to the next of the end's weekday;
		 * told as past, the whole run is over by the day of writing */
		long len = (r->b.wd - wd + 7) % 7;
		if (!listed && r->shift == 2 && wtense == TENSE_PAST &&
		    chr_date_cmp(add_days(d, len), pub) > 0)
			d = add_days(d, -7);
		return mkspan(d, add_days(d, len), CHR_PREC_DAY);
	}
	case R_SHIFTED: {
		int n = r->shift;
		span b = r->from_last ? near_last(c, r->ti) : c->st.last_span;
		if (r->from_last && b.ok && b.prec <= shifted_prec(r->unit))
			pub = n < 0 ? b.s : b.e;
		switch (r->unit) {
		case U_DAY: return day_span(add_days(pub, n));
		case U_WEEK:
			if (r->prec == CHR_PREC_DAY)
				return day_span(add_days(pub, 7L * n));
			return apply_mod(week_span(add_days(pub, 7L * n)), (chr_mod)r->mod);
		case U_WEEKEND: {
			/* "(over) the weekend" in a past-tense sentence of a weekday
			 * article is the weekend just gone, not the coming one */
			if (n == 0 && wtense == TENSE_PAST && weekday(pub) < 5)
				n = -1;
			span w = week_span(add_days(pub, 7L * n));
			return mkspan(add_days(w.s, 5), w.e, CHR_PREC_WEEK);
		}
		case U_MONTH: {
			int m = pub.month - 1 + n;
			int y = pub.year + (m >= 0 ? m / 12 : (m - 11) / 12);
			m = ((m % 12) + 12) % 12 + 1;
			return apply_mod(month_span(y, m, 1, CHR_PREC_MONTH), (chr_mod)r->mod);
		}
		case U_QUARTER: {
			int q = (pub.month - 1) / 3 + n;
			int y = pub.year + (q >= 0 ? q / 4 : (q - 3) / 4);
			q = ((q % 4) + 4) % 4 + 1;
			return apply_mod(unit_span(y, CHR_PREC_QUARTER, q), (chr_mod)r->mod);
		}
		case U_YEAR:
			if (r->prec == CHR_PREC_DAY) { /* "this time last year" names a day */
				chr_date d = shift_years(pub, n);
				return day_span(d);
			}
			return apply_mod(unit_span(pub.year + n, CHR_PREC_YEAR, 0), (chr_mod)r->mod);
		case U_DECADE:
			return apply_mod(unit_span(pub.year + 10 * n, CHR_PREC_DECADE, 0), (chr_mod)r->mod);
		default:
			break;
		}
		break;
	}
	case R_MONTHREL: {
		if (r->prec == CHR_PREC_SEASON) {
			int sm = r->unit_n == 3 ? 12 : 3 + r->unit_n * 3;
			int y = pub.year;
			span cur = unit_span(y, CHR_PREC_SEASON, r->unit_n);
			if (r->unit_n == 3 && pub.month <= 2)
				cur = unit_span(--y, CHR_PREC_SEASON, 3);
			(void)sm;
			/* "last summer" in July is the one before this */
			if (r->shift < 0 && chr_date_cmp(cur.e, pub) >= 0)
				y--;
			else if (r->shift > 0 && chr_date_cmp(cur.s, pub) <= 0)
				y++;
			return unit_span(y, CHR_PREC_SEASON, r->unit_n);
		}
		chr_date at = pub;
		span b = r->from_last ? near_last(c, r->ti) : c->st.last_span;
		if (r->from_last && b.ok && b.prec <= CHR_PREC_YEAR)
			at = r->shift < 0 ? b.s : b.e; /* "the following January" */
		int m = r->a.m, y = at.year;
		if (r->shift < 0 && m >= at.month)
			y--;
		else if (r->shift > 0 && m <= at.month)
			y++;
		return month_span(y, m, 1, CHR_PREC_MONTH);
	}
	}
	return day_span(mk(0, 0, 0));
}

static bool explicit_context(const raw *r)
{
	return (r->kind == R_DATE || r->kind == R_RANGE) && r->a.y && r->a.m && !r->published;
}

/* The date at token ti ends a period that reaches past the publication
 * year: "The deal, which runs until 31 December 2025, gives a raise from
 * 1 January" (written in 2023). The story's own dates are not of that
 * year, so it gives them none; a past end does ("ran until 31 March
 * 2015. It had opened on 1 February"). */
static bool far_period_end(const rctx *c, const raw *r)
{
	size_t p = before_prep(c, r->ti);
	if (p == r->ti || !c->pub_ok || r->a.y <= c->pub.year)
		return false;
	int v = c->t->v[p].val;
	return v == P_UNTIL || v == P_TILL || v == P_THROUGH || v == P_BY;
}

/* Attach each time of day to the nearest day mention of its sentence. */
static void attach_times(rctx *c)
{
	size_t k = 0;
	for (size_t q = 0; q < c->tm->n; q++) {
		const time_at *t = &c->tm->v[q];
		while (k < c->r->n && c->r->v[k].ti < t->ti)
			k++;
		raw *best = NULL;
		size_t best_d = (size_t)-1;
		for (size_t cand = k > 0 ? k - 1 : 0; cand < c->r->n && cand <= k + 1; cand++) {
			raw *r = &c->r->v[cand];
			if (r->prec != CHR_PREC_DAY || r->hour >= 0 || r->published ||
			    c->sent[r->ti] != c->sent[t->ti])
				continue;
			size_t d = r->ti > t->ti ? r->ti - t->ti : t->ti - (r->ti + r->tn);
			if (d < best_d) {
				best_d = d;
				best = r;
			}
		}
		if (best) {
			best->hour = t->hour;
			best->minute = t->minute;
			best->end_hour = t->end_hour;
			best->end_minute = t->end_minute;
			best->has_tz = t->has_tz;
			best->tz_seasonal = t->tz_seasonal;
			best->tz_minutes = t->tz_minutes;
		}
	}
}

/* ---- the mentions, one after another ------------------------------------------- */

/* Resolves raw mention k into a mention appended to out (or none, for one
 * that resolves to nothing or is ambiguous), going on from c->st, which
 * it leaves for the next. */
static chr_status resolve_one(rctx *c, size_t k, chr_mentions *out)
{
	rstate *st = &c->st;
	raw *x = &c->r->v[k];
	if (x->slash_ambiguous) {
		if (!c->us)
			return CHR_OK; /* 03/04/2021 in a document that could mean either */
		x->a = (point){ x->a.y, x->slash_x, x->slash_y, -1, 0, 0 };
	}
	int cy = 0;
	enum tense xt;
	const enum tense *known_tense = NULL;
	if (st->ctx_year && c->sent[x->ti] == st->ctx_sent) {
		cy = st->ctx_year;
	} else if (st->ctx_year && line_of(c, x->ti) == st->ctx_line && x->a.m && c->pub_ok) {
		/* a year from an earlier sentence of the paragraph holds
		 * unless the tense puts the date on the other side of
		 * the publication date: "created on 4 June 2015. The next
		 * meeting will take place on 9-10 February." */
		xt = tense_at(c, x->ti, x->tn);
		known_tense = &xt;
		enum tense tn = year_tense(xt);
		chr_date d = mk(st->ctx_year, x->a.m, x->a.d ? x->a.d : 1);
		bool before = chr_date_cmp(d, c->pub) < 0;
		if (!(tn == TENSE_FUTURE && before) && !(tn == TENSE_PAST && !before))
			cy = st->ctx_year;
	} else if (st->ctx_year && line_of(c, x->ti) == st->ctx_line) {
		cy = st->ctx_year;
	}
	bool resolved;
	span sp = resolve_raw(c, x, cy, known_tense, &resolved);
	if (explicit_context(x) && !far_period_end(c, x)) {
		st->ctx_year = x->kind == R_RANGE ? x->b.y : x->a.y;
		st->ctx_sent = c->sent[x->ti];
		st->ctx_line = line_of(c, x->ti);
	} else if (x->kind == R_DATE && x->prec == CHR_PREC_YEAR && x->a.y && k + 1 < c->r->n) {
		/* "In 2019, ... on 4 May": a year that opens the sentence */
		size_t ti = x->ti;
		if (ti >= 1 && c->sent[ti - 1] == c->sent[ti] && tok_word_is(c, ti - 1, "in") &&
		    (ti == 1 || c->sent[ti - 2] != c->sent[ti])) {
			st->ctx_year = x->a.y;
			st->ctx_sent = c->sent[x->ti];
			st->ctx_line = (uint32_t)-1;
		}
	}
	if (resolved && !sp.ok)
		return CHR_OK;
	if (resolved && sp.prec == CHR_PREC_DAY && sp.s.year == sp.e.year &&
	    sp.s.month == sp.e.month && sp.s.day == sp.e.day && !x->published)
		st->last_day = sp;
	if (resolved && !x->published && x->kind != R_SAME) {
		st->last_span = sp;
		st->last_ti = x->ti;
		long days = chr_date_to_days(sp.e) - chr_date_to_days(sp.s);
		if ((sp.prec == CHR_PREC_DAY && days >= 1 && days <= FRAME_DAYS - 1) ||
		    (sp.prec == CHR_PREC_WEEK && days <= 6)) {
			st->frame = sp;
			st->frame_sent = c->sent[x->ti];
		}
	}
	/* filled in place: a mention built aside and pushed was copied
	 * twice */
	chr_mention *m = chr_mentions_add(out);
	if (!m)
		return CHR_ENOMEM;
	if (x->kind == R_DURATION) {
		m->kind = CHR_MENTION_DURATION;
		memcpy(m->value, x->value, sizeof m->value);
	} else if (x->kind == R_REF) {
		m->kind = x->shift < 0 ? CHR_MENTION_PAST :
		          x->shift > 0 ? CHR_MENTION_FUTURE : CHR_MENTION_PRESENT;
	}
	const tok *a = &c->t->v[x->ti], *b = &c->t->v[x->ti + x->tn - 1];
	m->offset = a->start;
	m->length = b->start + b->len - a->start;
	m->resolved = resolved;
	m->precision = resolved ? sp.prec : (chr_precision)x->prec;
	if (resolved) {
		m->start = sp.s;
		m->end = sp.e;
	}
	m->mod = (chr_mod)x->mod;
	m->role = x->published ? CHR_ROLE_PUBLISHED : CHR_ROLE_NONE;
	m->hour = x->hour;
	m->minute = x->minute;
	m->end_hour = x->end_hour;
	m->end_minute = x->end_minute;
	m->has_tz = x->has_tz;
	m->tz_minutes = x->tz_minutes;
	if (x->has_tz && x->tz_seasonal && resolved && us_summer(sp.s, x->hour))
		m->tz_minutes += 60;
	m->cues = x->cues;
	if (x->kind == R_DAYREL || x->kind == R_WEEKDAY || x->kind == R_SHIFTED ||
	    x->kind == R_MONTHREL)
		m->cues |= CHR_CUE_RELATIVE;
	if (x->kind == R_ANAPHOR || (x->kind == R_SAME && x->from_last))
		m->cues |= CHR_CUE_ANAPHOR;
	else if (x->kind == R_SAME)
		m->cues |= CHR_CUE_BASELINE;
	return CHR_OK;
}

/* The first TRACE raw mentions a half resolves, each with the state it
 * left and the mentions made by then. */
enum { TRACE = 256 };
struct trace {
	size_t n;
	rstate st[TRACE];
	size_t count[TRACE];
};

/* Resolves r->v[from..to) into out, going on from c->st; the first of
 * them into tr when it is not NULL. */
static chr_status resolve_mentions(rctx *c, size_t from, size_t to, chr_mentions *out,
                                   struct trace *tr)
{
	chr_status rc = CHR_OK;
	for (size_t k = from; k < to && rc == CHR_OK; k++) {
		rc = resolve_one(c, k, out);
		if (tr && k - from < TRACE) {
			tr->st[k - from] = c->st;
			tr->count[k - from] = out->len;
			tr->n = k - from + 1;
		}
	}
	return rc;
}

static bool same_state(const rstate *a, const rstate *b)
{
	return a->ctx_year == b->ctx_year && a->ctx_sent == b->ctx_sent &&
	       a->ctx_line == b->ctx_line && a->last_ti == b->last_ti &&
	       span_eq(&a->last_day, &b->last_day) && span_eq(&a->last_span, &b->last_span) &&
	       span_eq(&a->frame, &b->frame) && a->frame_sent == b->frame_sent;
}

/* Where a long document's raw mentions (from halves_from on) are cut in
 * two halves, about its middle, at the first that starts a line (a year
 * or the day last spoken of is mostly given again by then: see
 * resolve_halves); r->n for none. */
static size_t split_point(const rctx *c, size_t halves_from)
{
	const raws *r = c->r;
	if (halves_from == 0 || r->n < halves_from || r->n < 2)
		return r->n;
	size_t k = r->n / 2;
	while (k < r->n && line_of(c, r->v[k].ti) == line_of(c, r->v[k - 1].ti))
		k++;
	return k;
}

/* The second half of the raw mentions, resolved on a thread of its own
 * from a fresh state into its share of the output (no raw mention
 * makes more than one mention). */
struct half {
	rctx c;
	size_t from, to;
	chr_mentions view;
	struct trace tr;
	chr_status rc;
};

static void *resolve_half(void *arg)
{
	struct half *h = arg;
	h->rc = resolve_mentions(&h->c, h->from, h->to, &h->view, &h->tr);
	return NULL;
}

/*
 * resolve_mentions over every raw mention, the two halves side by side,
 * giving what one pass gives. The second half starts from a fresh state
 * where one pass would have had the first half's. So once both are done,
 * its first raw mentions are resolved again here, going on from the
 * first half's state, until the state after one is the one the second
 * half had after it: from there on the two passes are the same, and the
 * second half's mentions stand. That is soon, as a rule (the next
 * explicit date sets it all); when it is not within TRACE, the rest is
 * resolved here.
 */
static chr_status resolve_halves(rctx *c, size_t split, size_t base, chr_mentions *out)
{
	size_t n = c->r->n;
	struct half *h = calloc(1, sizeof *h);
	pthread_t thread;
	if (!h)
		return resolve_mentions(c, 0, n, out, NULL);
	h->c = *c;
	memset(&h->c.st, 0, sizeof h->c.st);
	h->from = split;
	h->to = n;
	h->view = (chr_mentions){ out->items + base + split, 0, n - split };
	if (pthread_create(&thread, NULL, resolve_half, h) != 0) {
		free(h);
		return resolve_mentions(c, 0, n, out, NULL);
	}
	chr_status rc = resolve_mentions(c, 0, split, out, NULL);
	pthread_join(thread, NULL);
	if (rc == CHR_OK)
		rc = h->rc;
	chr_mentions again = { NULL, 0, 0 };
	size_t k = split, j = 0;
	bool met = false;
	for (; rc == CHR_OK && j < h->tr.n; j++, k++) {
		rc = resolve_one(c, k, &again);
		if (rc == CHR_OK && same_state(&c->st, &h->tr.st[j])) {
			met = true;
			break;
		}
	}
	if (rc == CHR_OK) {
		/* the first half's mentions, those made again, then the rest:
		 * the second half's past the meeting point, or made here */
		size_t first = out->len;
		if (met) {
			size_t from = h->tr.count[j], keep = h->view.len - from;
			memmove(out->items + first + again.len, h->view.items + from,
			        keep * sizeof *out->items);
			out->len = first + again.len + keep;
		} else {
			out->len = first + again.len;
		}
		if (again.len)
			memcpy(out->items + first, again.items, again.len * sizeof *out->items);
		if (!met)
			rc = resolve_mentions(c, k, n, out, NULL);
	}
	free(again.items);
	free(h);
	return rc;
}

chr_status chr_resolve(const char *text, size_t len, const tokens *t, raws *r, times *tm,
                       chr_date ref, chr_date known_pub, bool head, bool tail,
                       chr_mentions *out, chr_date *pub_found, bool *text_pub)
{
	*text_pub = false;
	if (t->n == 0)
		return CHR_OK;
	size_t got;
	uint32_t *sent = chr_alloc_big(t->n * sizeof *sent, &got);
	uint32_t *sline = chr_alloc_big(t->n * sizeof *sline, &got); /* a sentence has a token */
	chr_status rc = CHR_ENOMEM;
	if (sent && sline) {
		chr_sentences_number(t->v, 0, t->n, sent, sline);
		rc = chr_resolve_numbered(text, len, t, sent, sline, r, tm, ref, known_pub, head,
		                          tail, 0, out, pub_found, text_pub);
	}
	free(sent);
	free(sline);
	return rc;
}

chr_status chr_resolve_numbered(const char *text, size_t len, const tokens *t,
                                const uint32_t *sent, const uint32_t *sline, raws *r, times *tm,
                                chr_date ref, chr_date known_pub, bool head, bool tail,
                                size_t halves_from, chr_mentions *out, chr_date *pub_found,
                                bool *text_pub)
{
	rctx c;
	memset(&c, 0, sizeof c);
	c.text = text;
	c.len = len;
	c.t = t;
	c.r = r;
	c.tm = tm;
	c.sent = sent;
	c.sline = sline;
	*text_pub = false;
	if (t->n == 0)
		return CHR_OK;

	for (size_t k = 0; k < r->n; k++)
		if (r->v[k].us_style && r->v[k].prec == CHR_PREC_DAY)
			c.us = true;

	chr_date pub;
	bool found;
	c.pub = dvalid(known_pub) ? known_pub : ref; /* for year-less datelines */
	c.pub_days = chr_date_to_days(c.pub);
	find_published(&c, head, tail, &pub, &found);
	if (dvalid(known_pub))
		c.pub = known_pub;
	else if (found)
		c.pub = pub;
	else
		c.pub = ref;
	c.pub_days = chr_date_to_days(c.pub);
	c.pub_ok = dvalid(c.pub);
	*text_pub = found;
	*pub_found = found ? pub : mk(0, 0, 0);

	attach_times(&c);

	size_t base = out->len;
	chr_status rc = chr_mentions_reserve(out, r->n); /* at most one mention a raw */
	if (rc != CHR_OK)
		return rc;
	size_t split = split_point(&c, halves_from);
	if (split == r->n)
		return resolve_mentions(&c, 0, r->n, out, NULL);
	return resolve_halves(&c, split, base, out);
}

