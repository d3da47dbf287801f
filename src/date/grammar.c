/*
 * The grammar: at each token, try the date patterns of English news with
 * a bounded lookahead (at most a few dozen tokens), take the longest, and
 * move past it. Nothing here knows the publication date: years that are
 * not written stay 0 and the resolver fills them in.
 *
 * The patterns, by the token they start with:
 *   number   2018-01-30 [T14:00Z] [to 2018-02-01], 170620-170621, 15/11/2021,
 *            30[th] [of] January [2018], 30-31 / 30 and 31 / 30 to 31 January,
 *            30 January - 2 February 2018, 2, 4 and 8 November,
 *            2019-2020, the 1990s, 2014, times of day (kept apart)
 *   month    January 30[,] [2018], January 27-29, 2021, March 30 - April 2,
 *            July 2017, January-March 2019, a bare month after a preposition
 *   weekday  Wednesday, 28 February 2018; Monday 2 March; a bare weekday
 *   words    today, last week, this month, next Tuesday, last September,
 *            Q3 2022, the second half of 2017, spring 2018, the week of ..,
 *            early 2018, mid-March, the end of 2016, two years ago
 */
#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ctx {
	const char *text;
	const tok *v;
	size_t n;        /* the end of the current line: no date spans lines */
	raws *out;
	times *tout;
} ctx;

/* ---- token predicates ---------------------------------------------------- */

/* The predicates are a few instructions each and the patterns call them
 * at every step: inlined, they cost what their tests do. */
#if defined(__GNUC__)
#define PRED static inline __attribute__((always_inline))
#else
#define PRED static inline
#endif

PRED const tok *at(const ctx *c, size_t i)
{
	return i < c->n ? &c->v[i] : NULL;
}

PRED bool is_cls(const ctx *c, size_t i, int cls)
{
	const tok *t = at(c, i);
	return t && t->kind == T_WORD && t->cls == cls;
}

PRED bool is_prep(const ctx *c, size_t i, int p)
{
	const tok *t = at(c, i);
	return t && t->kind == T_WORD && t->cls == W_PREP && t->val == p;
}

PRED bool is_punct(const ctx *c, size_t i, char ch)
{
	const tok *t = at(c, i);
	return t && t->kind == T_PUNCT && t->ch == ch;
}

PRED bool is_dash(const ctx *c, size_t i)
{
	const tok *t = at(c, i);
	return t && t->kind == T_DASH;
}

PRED bool is_num(const ctx *c, size_t i)
{
	const tok *t = at(c, i);
	return t && t->kind == T_NUM;
}

/* Token i+1 follows token i with nothing between them. */
PRED bool glued(const ctx *c, size_t i)
{
	const tok *a = at(c, i), *b = at(c, i + 1);
	return a && b && b->start == a->start + a->len;
}

/* word_is(c, i, "lower-case word"): a macro so that the compiler folds
 * strlen of a literal; most calls then end at the length test. */
#define word_is(c, i, w) word_isn((c), (i), (w), strlen(w))

PRED bool word_isn(const ctx *c, size_t i, const char *w, size_t n)
{
	const tok *t = at(c, i);
	if (!t || t->kind != T_WORD || t->len != n || (n && t->ch != w[0]))
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

/* The token at i is one of the lower-case words list[0..n). */
PRED bool word_in(const ctx *c, size_t i, const char *const *list, size_t n)
{
	const tok *t = at(c, i);
	if (!t || t->kind != T_WORD)
		return false;
	for (size_t k = 0; k < n; k++)
		if (word_isn(c, i, list[k], strlen(list[k])))
			return true;
	return false;
}

/* A day of the month as digits: 1..31, at most two digits, no suffix but
 * an ordinal one, not glued to a time, decimal or fraction. */
PRED bool day_num(const ctx *c, size_t i)
{
	const tok *t = at(c, i);
	if (!t || t->kind != T_NUM || t->ndig > 2 || t->val < 1 || t->val > 31 ||
	    (t->flags & F_PLURAL_S))
		return false;
	if (glued(c, i) && ((is_punct(c, i + 1, ':') && is_num(c, i + 2) && glued(c, i + 1)) ||
	                    is_punct(c, i + 1, '%') ||
	                    is_punct(c, i + 1, '/') ||
	                    (is_punct(c, i + 1, '.') && is_num(c, i + 2) && glued(c, i + 1))))
		return false;
	return true;
}

/* A slash glued to the number at i and to a capitalised word: a wire's
 * name after a dateline's year ("4 November 2019/APO Group/ --"), where
 * a slash otherwise makes the number no year ("2019/20", "2019/11/04"). */
static bool wire_slash(const ctx *c, size_t i)
{
	return glued(c, i) && is_punct(c, i + 1, '/') && glued(c, i + 1) && i + 2 < c->n &&
	       c->v[i + 2].kind == T_WORD && (c->v[i + 2].flags & F_CAP) &&
	       c->v[i + 2].cls != W_QH;
}

/* A four-digit year after a month or day, where it cannot be a count. */
static bool year_num(const ctx *c, size_t i)
{
	const tok *t = at(c, i);
	if (!t || t->kind != T_NUM || t->ndig != 4 || t->val < 1000 || t->val > 2999 ||
	    (t->flags & (F_PLURAL_S | F_ORD)))
		return false;
	if (glued(c, i) && ((is_punct(c, i + 1, ':') && is_num(c, i + 2) && glued(c, i + 1)) ||
	                    is_punct(c, i + 1, '%') ||
	                    (is_punct(c, i + 1, '/') && !wire_slash(c, i)) ||
	                    (is_punct(c, i + 1, '.') && is_num(c, i + 2) && glued(c, i + 1))))
		return false;
	if (is_cls(c, i + 1, W_QUANTITY))
		return false;
	return true;
}

/* A month name, with the period of an abbreviation ("Jan.", "Sept.").
 * Returns the tokens used, 0 when i is no month. */
static int month_at(const ctx *c, size_t i, int *m)
{
	const tok *t = at(c, i);
	if (!t || t->kind != T_WORD || t->cls != W_MONTH)
		return 0;
	*m = t->val;
	if (t->len <= 4 && is_punct(c, i + 1, '.') && glued(c, i) &&
	    !word_is(c, i, "june") && !word_is(c, i, "july") && !word_is(c, i, "may"))
		return 2;
	return 1;
}

static int max_day(int y, int m)
{
	return y ? chr_days_in_month(y, m) : (m == 2 ? 29 : chr_days_in_month(2001, m));
}

static point pt(int y, int m, int d)
{
	point p;
	memset(&p, 0, sizeof p);
	p.y = y;
	p.m = m;
	p.d = d;
	p.wd = -1;
	return p;
}

static raw new_raw(size_t ti, size_t tn, int kind, int prec)
{
	raw r;
	memset(&r, 0, sizeof r);
	r.ti = (uint32_t)ti;
	r.tn = (uint32_t)tn;
	r.kind = (uint8_t)kind;
	r.prec = (uint8_t)prec;
	r.hour = r.minute = r.end_hour = r.end_minute = -1;
	r.a.wd = r.b.wd = -1;
	return r;
}

/* "BC", "BCE", "B.C." or "B.C.E." at token i, in capitals: an era before
 * the common era, unless a name follows ("BC Hydro", "B.C. Ferries" are
 * British Columbia's). */
static bool era_bc(const ctx *c, size_t i)
{
	const tok *t = at(c, i);
	if (!t || t->kind != T_WORD || t->ch != 'b' || !(t->flags & F_UPPER))
		return false;
	size_t after = i + 1;
	bool bce = word_is(c, i, "bce");
	if (word_is(c, i, "b") && glued(c, i) && is_punct(c, i + 1, '.') && glued(c, i + 1) &&
	    word_is(c, i + 2, "c") && glued(c, i + 2) && is_punct(c, i + 3, '.')) {
		after = i + 4;
		if (glued(c, i + 3) && word_is(c, i + 4, "e") && is_punct(c, i + 5, '.'))
			after = i + 6, bce = true;
	} else if (!bce && !word_is(c, i, "bc")) {
		return false;
	}
	const tok *n = at(c, after);
	return bce || !n || n->kind != T_WORD || !(n->flags & F_CAP) || n->cls != W_NONE;
}

static chr_status emit(ctx *c, const raw *r)
{
	/* chr_date holds no year before 1: "1200 BC" would become 1200 AD */
	if ((r->a.y || r->b.y || r->prec == CHR_PREC_CENTURY) && era_bc(c, r->ti + r->tn))
		return CHR_OK;
	return chr_raws_push(c->out, r);
}

/* A connector between the two ends of a range. */
static bool range_conn(const ctx *c, size_t i, bool allow_and)
{
	if (is_dash(c, i))
		return true;
	const tok *t = at(c, i);
	if (!t || t->kind != T_WORD || t->cls != W_PREP)
		return false;
	return t->val == P_TO || t->val == P_THROUGH || t->val == P_UNTIL ||
	       t->val == P_TILL || (allow_and && t->val == P_AND);
}

/* "early", "mid" or "late" before a month at i, the dash glued ("mid-May")
 * or not: the month in *m, the modifier in *mod and the tokens taken, or
 * 0. The nouns ("end", "beginning") need "of" and are left out. */
static int mod_month_at(const ctx *c, size_t i, int *mod, int *m)
{
	const tok *t = at(c, i);
	if (!t || t->kind != T_WORD || t->cls != W_MOD ||
	    (t->val != CHR_MOD_EARLY && t->val != CHR_MOD_MID && t->val != CHR_MOD_LATE) ||
	    (t->len == 6 && t->ch == 'm')) /* "middle" is a noun too */
		return 0;
	size_t j = i + 1;
	if (is_dash(c, j) && glued(c, i) && glued(c, j))
		j++;
	int k = month_at(c, j, m);
	if (k <= 0)
		return 0;
	*mod = t->val;
	return (int)(j - i) + k;
}

/* The number at i is the minutes of a clock written h:mm or hh:mm. */
static bool clock_minutes(const ctx *c, size_t i)
{
	return i >= 2 && c->v[i].ndig == 2 && c->v[i - 1].kind == T_PUNCT &&
	       c->v[i - 1].ch == ':' && c->v[i - 2].kind == T_NUM && c->v[i - 2].ndig <= 2 &&
	       glued(c, i - 2) && glued(c, i - 1);
}

/* The number at i is a standalone quantity, not part of a code, a phone
 * number, an amount or a citation: look at what is glued to it. */
static bool num_isolated(const ctx *c, size_t i)
{
	const tok *t = at(c, i);
	if (i > 0) {
		const tok *p = &c->v[i - 1];
		bool touching = p->start + p->len == t->start;
		if (touching && (p->kind == T_WORD || p->kind == T_NUM))
			return false;
		if (touching && p->kind == T_PUNCT &&
		    strchr("/.:$#+,&\\=@", p->ch))
			return false;
		if (touching && p->kind == T_PUNCT && p->ch == '~')
			return false; /* currency signs and symbols: €, £, ¥ */
		if (touching && p->kind == T_DASH && i > 1) {
			const tok *pp = &c->v[i - 2];
			if (pp->start + pp->len == p->start && pp->kind != T_PUNCT)
				return false; /* C-2017, 3-2017 */
		}
		if (p->kind == T_WORD && p->cls == W_COUNTED)
			return false;
		if (p->kind == T_PUNCT && p->ch == '.' && i > 1 &&
		    c->v[i - 2].kind == T_WORD && c->v[i - 2].cls == W_COUNTED)
			return false; /* No. 9, p. 12 */
		if (p->kind == T_NUM && !(t->flags & F_NL) && !clock_minutes(c, i - 1))
			return false; /* 917 2017: digit groups, not 14:00 5 May */
	}
	return true;
}

/* Nothing glued to the right of a date that ends at token i would make it
 * part of something else (2018/19, 2018.5, 12:30, 2018-2). */
static bool right_free(const ctx *c, size_t i)
{
	if (!glued(c, i)) {
		if (!(is_num(c, i + 1) && !(c->v[i + 1].flags & F_NL)))
			return true;
		/* "Mon 9 Mar 2026 14.32 GMT": a time of day after the year */
		const tok *h = at(c, i + 1), *sep = at(c, i + 2), *mm = at(c, i + 3);
		return h->ndig <= 2 && h->val <= 23 && sep && sep->kind == T_PUNCT &&
		       (sep->ch == ':' || sep->ch == '.') && glued(c, i + 1) && mm &&
		       mm->kind == T_NUM && mm->ndig == 2 && mm->val <= 59 && glued(c, i + 2) &&
		       !is_num(c, i + 4);
	}
	const tok *t = at(c, i + 1);
	if (t->kind == T_NUM || t->kind == T_WORD)
		return false;
	/* "2025:30", "2019/20", "2020%": no year; "Oct. 23, 2025: a talk" is
	 * one, the colon opening what follows the date */
	if (t->kind == T_PUNCT && t->ch == ':' && !(is_num(c, i + 2) && glued(c, i + 1)))
		return true;
	if (t->kind == T_PUNCT && strchr("/:%", t->ch) && !wire_slash(c, i))
		return false;
	if ((t->kind == T_PUNCT && (t->ch == '.' || t->ch == ',')) && is_num(c, i + 2) &&
	    glued(c, i + 1))
		return false;
	if (t->kind == T_DASH && is_num(c, i + 2) && glued(c, i + 1))
		return false;
	return true;
}

/* ---- day-month-year and month-day-year points ------------------------------ */

/* D[th] [of] Month[.] [[,] Year]. Returns tokens used. */
static int dmy_at(const ctx *c, size_t i, point *p)
{
	if (!day_num(c, i))
		return 0;
	size_t j = i + 1;
	int m;
	if (is_prep(c, j, P_OF))
		j++;
	int k = month_at(c, j, &m);
	if (!k)
		return 0;
	j += (size_t)k;
	*p = pt(0, m, c->v[i].val);
	if (year_num(c, j) && right_free(c, j)) {
		p->y = c->v[j].val;
		j++;
	} else if (is_punct(c, j, ',') && year_num(c, j + 1) && right_free(c, j + 1)) {
		p->y = c->v[j + 1].val;
		j += 2;
	}
	if (p->d > max_day(p->y, p->m))
		return 0;
	return (int)(j - i);
}

/* Month[.] D[th] [[,] Year]. */
static int mdy_at(const ctx *c, size_t i, point *p)
{
	int m;
	int k = month_at(c, i, &m);
	if (!k)
		return 0;
	size_t j = i + (size_t)k;
	if (is_prep(c, j, P_THE) && (c->v[j + 1 < c->n ? j + 1 : j].flags & F_ORD))
		j++; /* "March the 3rd" */
	if (!day_num(c, j))
		return 0;
	*p = pt(0, m, c->v[j].val);
	j++;
	if (is_punct(c, j, ',') && year_num(c, j + 1) && right_free(c, j + 1)) {
		p->y = c->v[j + 1].val;
		j += 2;
	} else if (year_num(c, j) && right_free(c, j)) {
		p->y = c->v[j].val;
		j++;
	} else if (!right_free(c, j - 1) && !is_dash(c, j)) {
		return 0;
	}
	if (p->d > max_day(p->y, p->m))
		return 0;
	return (int)(j - i);
}

/* A weekday written before a day in a range: "to Friday, 6 March". */
static size_t skip_weekday(const ctx *c, size_t j)
{
	if (!is_cls(c, j, W_WEEKDAY))
		return j;
	j++;
	if (is_punct(c, j, '.') && glued(c, j - 1))
		j++;
	if (is_punct(c, j, ','))
		j++;
	return j;
}

/* Weekday[,] followed by a dated point. */
static int weekday_point(const ctx *c, size_t i, point *p, bool *us)
{
	if (!is_cls(c, i, W_WEEKDAY))
		return 0;
	size_t j = i + 1;
	if (is_punct(c, j, '.') && glued(c, i))
		j++;
	if (is_punct(c, j, ','))
		j++;
	if (is_prep(c, j, P_THE))
		j++;
	int k = dmy_at(c, j, p);
	*us = false;
	if (!k) {
		k = mdy_at(c, j, p);
		*us = k > 0;
	}
	if (!k)
		return 0;
	p->wd = c->v[i].val;
	return (int)(j - i) + k;
}

/* ---- numeric forms ------------------------------------------------------------ */

static bool iso_at(const ctx *c, size_t i, point *p, int *used)
{
	const tok *t = at(c, i);
	if (!t || t->kind != T_NUM || t->ndig != 4 || !is_dash(c, i + 1) || !glued(c, i) ||
	    !is_num(c, i + 2) || !glued(c, i + 1) || c->v[i + 2].ndig != 2 ||
	    !is_dash(c, i + 3) || !glued(c, i + 2) || !is_num(c, i + 4) ||
	    !glued(c, i + 3) || c->v[i + 4].ndig != 2)
		return false;
	chr_date d = { t->val, c->v[i + 2].val, c->v[i + 4].val };
	if (!chr_date_valid(d) || d.year < 1000)
		return false;
	*p = pt(d.year, d.month, d.day);
	*used = 5;
	return true;
}

/* An ISO time glued to an ISO date: T14:00[:07][.123][Z|+01:00]. The
 * lexer leaves the T as a one-letter word. */
static int iso_time_word(const ctx *c, size_t i, raw *r)
{
	const tok *t = at(c, i);
	if (!t || !glued(c, i - 1) || t->kind != T_WORD || t->len != 1 ||
	    (c->text[t->start] != 'T' && c->text[t->start] != 't'))
		return 0;
	size_t j = i + 1;
	if (!is_num(c, j) || !glued(c, i) || c->v[j].ndig != 2 || !is_punct(c, j + 1, ':') ||
	    !is_num(c, j + 2) || c->v[j + 2].ndig != 2)
		return 0;
	int h = c->v[j].val, m = c->v[j + 2].val;
	if (h > 23 || m > 59)
		return 0;
	j += 3;
	if (is_punct(c, j, ':') && is_num(c, j + 1) && glued(c, j))
		j += 2;
	if (is_punct(c, j, '.') && is_num(c, j + 1) && glued(c, j))
		j += 2;
	r->hour = h;
	r->minute = m;
	const tok *z = at(c, j);
	if (z && glued(c, j - 1) && z->kind == T_WORD && z->len == 1 &&
	    (c->text[z->start] == 'Z' || c->text[z->start] == 'z')) {
		r->has_tz = true;
		r->tz_minutes = 0;
		j++;
	} else if (z && glued(c, j - 1) && (z->kind == T_DASH || (z->kind == T_PUNCT && z->ch == '+')) &&
	           is_num(c, j + 1) && c->v[j + 1].ndig == 2 && is_punct(c, j + 2, ':') &&
	           is_num(c, j + 3) && c->v[j + 1].val <= 14 && c->v[j + 3].val <= 59) {
		/* Real offsets run from -12:00 to +14:00; "+31:00" is no zone,
		 * and would move the time by more than a day. */
		int sign = z->kind == T_DASH ? -1 : 1;
		r->has_tz = true;
		r->tz_minutes = sign * (c->v[j + 1].val * 60 + c->v[j + 3].val);
		j += 4;
	}
	return (int)(j - i);
}

static int iso_forms(ctx *c, size_t i)
{
	point a, b;
	int used;
	if (!iso_at(c, i, &a, &used) || !num_isolated(c, i))
		return 0;
	raw r = new_raw(i, (size_t)used, R_DATE, CHR_PREC_DAY);
	r.a = a;
	size_t j = i + (size_t)used;
	int k = iso_time_word(c, j, &r);
	j += (size_t)k;
	if (!k && !right_free(c, j - 1))
		return 0;
	if (range_conn(c, j, false) && iso_at(c, j + 1, &b, &used) &&
	    chr_date_cmp((chr_date){ b.y, b.m, b.d }, (chr_date){ a.y, a.m, a.d }) > 0) {
		r.kind = R_RANGE;
		r.b = b;
		r.cues |= CHR_CUE_RANGE;
		j += 1 + (size_t)used;
	}
	r.tn = (uint32_t)(j - i);
	return emit(c, &r) == CHR_OK ? (int)(j - i) : -1;
}

/* yymmdd-yymmdd, as in file names and stamps. */
static bool yymmdd(int v, point *p)
{
	chr_date d = { 2000 + v / 10000, v / 100 % 100, v % 100 };
	if (!chr_date_valid(d))
		return false;
	*p = pt(d.year, d.month, d.day);
	return true;
}

static int compact_range(ctx *c, size_t i)
{
	point a, b;
	if (!is_num(c, i) || c->v[i].ndig != 6 || !is_dash(c, i + 1) || !glued(c, i) ||
	    !is_num(c, i + 2) || !glued(c, i + 1) || c->v[i + 2].ndig != 6 ||
	    !num_isolated(c, i) || !right_free(c, i + 2))
		return 0;
	if (!yymmdd(c->v[i].val, &a) || !yymmdd(c->v[i + 2].val, &b))
		return 0;
	int cmp = chr_date_cmp((chr_date){ b.y, b.m, b.d }, (chr_date){ a.y, a.m, a.d });
	if (cmp < 0 || chr_date_to_days((chr_date){ b.y, b.m, b.d }) -
	                   chr_date_to_days((chr_date){ a.y, a.m, a.d }) > 366)
		return 0;
	raw r = new_raw(i, 3, cmp ? R_RANGE : R_DATE, CHR_PREC_DAY);
	r.a = a;
	r.b = b;
	return emit(c, &r) == CHR_OK ? 3 : -1;
}

/* d/m/y or m/d/y; which one is for the resolver to decide, document-wide. */
static int slash_date(ctx *c, size_t i)
{
	if (!is_num(c, i) || c->v[i].ndig > 2 || !is_punct(c, i + 1, '/') || !glued(c, i) ||
	    !is_num(c, i + 2) || !glued(c, i + 1) || c->v[i + 2].ndig > 2 ||
	    !is_punct(c, i + 3, '/') || !glued(c, i + 2) || !is_num(c, i + 4) ||
	    !glued(c, i + 3) || (c->v[i + 4].ndig != 4 && c->v[i + 4].ndig != 2))
		return 0;
	bool free_right = right_free(c, i + 4);
	if (!num_isolated(c, i) || (!free_right && !is_dash(c, i + 5)))
		return 0;
	int x = c->v[i].val, y = c->v[i + 2].val, yr = c->v[i + 4].val;
	if (c->v[i + 4].ndig == 2)
		yr += yr < 70 ? 2000 : 1900;
	bool dm = chr_date_valid((chr_date){ yr, y, x });
	bool md = chr_date_valid((chr_date){ yr, x, y });
	if (!dm && !md)
		return 0;
	raw r = new_raw(i, 5, R_DATE, CHR_PREC_DAY);
	r.a = dm ? pt(yr, y, x) : pt(yr, x, y);
	r.slash_x = x;
	r.slash_y = y;
	r.slash_ambiguous = dm && md && x != y;
	if (!dm)
		r.us_style = true;
	/* 15/11/2020-18/11/2020: a range written with slashes */
	if (range_conn(c, i + 5, false) && is_num(c, i + 6) && is_punct(c, i + 7, '/') &&
	    is_num(c, i + 8) && is_punct(c, i + 9, '/') && is_num(c, i + 10) &&
	    c->v[i + 10].val == c->v[i + 4].val && glued(c, i + 6) && glued(c, i + 7) &&
	    glued(c, i + 8) && glued(c, i + 9) && right_free(c, i + 10)) {
		int x2 = c->v[i + 6].val, y2 = c->v[i + 8].val;
		point b = dm ? pt(yr, y2, x2) : pt(yr, x2, y2);
		if (chr_date_valid((chr_date){ b.y, b.m, b.d }) &&
		    chr_date_cmp((chr_date){ b.y, b.m, b.d }, (chr_date){ r.a.y, r.a.m, r.a.d }) > 0 &&
		    (!r.slash_ambiguous || (x2 > 12 || y2 > 12))) {
			if (r.slash_ambiguous)
				r.slash_ambiguous = false, r.a = x2 > 12 ? pt(yr, y, x) : pt(yr, x, y),
				b = x2 > 12 ? pt(yr, y2, x2) : pt(yr, x2, y2);
			r.kind = R_RANGE;
			r.b = b;
			r.tn = 11;
			r.cues |= CHR_CUE_RANGE;
			return emit(c, &r) == CHR_OK ? 11 : -1;
		}
	}
	if (!free_right)
		return 0;
	return emit(c, &r) == CHR_OK ? 5 : -1;
}

/* 15.11.2019: day, month and year joined by dots, as much of Europe
 * writes a date (always the day first); "15.11.2019-17.11.2019" a range.
 * Not within a longer run of dotted numbers (a version, an address). */
static int dotted_date(ctx *c, size_t i)
{
	if (!is_num(c, i) || c->v[i].ndig > 2 || !is_punct(c, i + 1, '.') || !glued(c, i) ||
	    !is_num(c, i + 2) || !glued(c, i + 1) || c->v[i + 2].ndig > 2 ||
	    !is_punct(c, i + 3, '.') || !glued(c, i + 2) || !is_num(c, i + 4) ||
	    !glued(c, i + 3) || c->v[i + 4].ndig != 4 || !num_isolated(c, i))
		return 0;
	if (i > 0 && glued(c, i - 1) && is_punct(c, i - 1, '.'))
		return 0; /* 1.15.11.2019 */
	if (glued(c, i + 4) && is_punct(c, i + 5, '.') && is_num(c, i + 6) && glued(c, i + 5))
		return 0; /* 15.11.2019.3 */
	point a = pt(c->v[i + 4].val, c->v[i + 2].val, c->v[i].val);
	if (!chr_date_valid((chr_date){ a.y, a.m, a.d }))
		return 0;
	raw r = new_raw(i, 5, R_DATE, CHR_PREC_DAY);
	r.a = a;
	if (range_conn(c, i + 5, false) && is_num(c, i + 6) && c->v[i + 6].ndig <= 2 &&
	    is_punct(c, i + 7, '.') && is_num(c, i + 8) && c->v[i + 8].ndig <= 2 &&
	    is_punct(c, i + 9, '.') && is_num(c, i + 10) && c->v[i + 10].ndig == 4 &&
	    glued(c, i + 6) && glued(c, i + 7) && glued(c, i + 8) && glued(c, i + 9) &&
	    right_free(c, i + 10)) {
		point b = pt(c->v[i + 10].val, c->v[i + 8].val, c->v[i + 6].val);
		chr_date bd = { b.y, b.m, b.d };
		if (chr_date_valid(bd) && chr_date_cmp(bd, (chr_date){ a.y, a.m, a.d }) > 0) {
			r.kind = R_RANGE;
			r.b = b;
			r.tn = 11;
			r.cues |= CHR_CUE_RANGE;
			return emit(c, &r) == CHR_OK ? 11 : -1;
		}
	}
	if (!right_free(c, i + 4) && !(glued(c, i + 4) && is_punct(c, i + 5, '.')))
		return 0;
	return emit(c, &r) == CHR_OK ? 5 : -1;
}

/* A zone after a bare four-digit number makes the number a time ("2000
 * GMT"), but ICT is far more often information and communication
 * technology ("the 2030 ICT strategy", "in 2024 ICT spending"), and the
 * two letters of ET or PT are many things else: those are zones only
 * after a clock written as one ("9:00 ICT", "10 a.m. ET"). */
PRED bool zone_after_number(const ctx *c, size_t i)
{
	return is_cls(c, i, W_TZ) && !word_is(c, i, "ict") && c->v[i].val < CHR_TZ_SEASONAL / 2;
}

/* A bare year in running text: "in 2014", "Since 2015", "2019-2020". */
static bool year_alone(const ctx *c, size_t i)
{
	const tok *t = at(c, i);
	if (!t || t->kind != T_NUM || t->ndig != 4 || (t->flags & (F_ORD | F_PLURAL_S)))
		return false;
	int lo = 1900;
	if (i > 0 && c->v[i - 1].kind == T_WORD && c->v[i - 1].cls == W_PREP)
		lo = 1000;
	if (t->val < lo || t->val > 2099)
		return false;
	if (!num_isolated(c, i) || is_cls(c, i + 1, W_QUANTITY) || zone_after_number(c, i + 1))
		return false; /* 2000 GMT is a time */
	/* "2025 years ago", "1999 days", "2000 hours": a count of units */
	if (is_cls(c, i + 1, W_UNIT) && c->v[i + 1].len > 1 &&
	    (c->text[c->v[i + 1].start + c->v[i + 1].len - 1] | 0x20) == 's')
		return false;
	/* "nearly 2000 migrants", "more than 1950 homes", "some 2010 cars":
	 * words of quantity count things; years take "about", "around" or
	 * "at least" ("until at least 2030"), not these */
	if (i > 0 && (word_is(c, i - 1, "nearly") || word_is(c, i - 1, "almost") ||
	              word_is(c, i - 1, "some") ||
	              (i > 1 && word_is(c, i - 1, "than") &&
	               (word_is(c, i - 2, "more") || word_is(c, i - 2, "less") ||
	                word_is(c, i - 2, "fewer")))))
		return false;
	/* "the Russell 2000 index": a name that holds a number, as market
	 * indexes are named; "the 2019 index" is still a year */
	if (word_is(c, i + 1, "index") && i > 0 && c->v[i - 1].kind == T_WORD &&
	    (c->v[i - 1].flags & F_CAP) && c->v[i - 1].cls == W_NONE)
		return false;
	/* "2015 votes to 1987", "2015 in favour": the other side of a tally */
	if (i >= 3 && is_prep(c, i - 1, P_TO) && is_cls(c, i - 2, W_QUANTITY) &&
	    is_num(c, i - 3))
		return false;
	if (i >= 2 && is_prep(c, i - 1, P_TO) && is_num(c, i - 2) && c->v[i - 2].ndig == 4 &&
	    c->v[i - 2].val > t->val)
		return false; /* "2130 to 1894": a tally runs down */
	if (is_prep(c, i + 1, P_IN) && (word_is(c, i + 2, "favour") || word_is(c, i + 2, "favor")))
		return false;
	/* resolution 2396 (2017): a year cited after a number */
	if (i >= 2 && is_punct(c, i - 1, '(') && is_punct(c, i + 1, ')') &&
	    c->v[i - 2].kind == T_NUM)
		return false;
	/* Windows 2000 and 2003, Flight 2019 or 2020: a list of names that a
	 * counted noun opened goes on naming (num_isolated took the first) */
	if (i >= 3 && (is_prep(c, i - 1, P_AND) || is_prep(c, i - 1, P_OR)) && is_num(c, i - 2) &&
	    c->v[i - 3].kind == T_WORD && c->v[i - 3].cls == W_COUNTED)
		return false;
	return true;
}

static int year_forms(ctx *c, size_t i)
{
	if (!year_alone(c, i))
		return 0;
	int y1 = c->v[i].val;
	/* 2019-2020, 2019–20, 2019 to 2021 */
	if (range_conn(c, i + 1, is_prep(c, i - 1, P_BETWEEN)) && is_num(c, i + 2) &&
	    (c->v[i + 2].ndig == 4 || (c->v[i + 2].ndig == 2 && is_dash(c, i + 1)))) {
		int y2 = c->v[i + 2].val;
		if (c->v[i + 2].ndig == 2)
			y2 += y1 / 100 * 100;
		bool spaced_word = !is_dash(c, i + 1);
		/* "passed 2020 to 1999", "by 2020 to 1999 votes": a tally, not
		 * years; years run forward */
		if (c->v[i + 2].ndig == 4 && !glued(c, i + 1) &&
		    ((y2 < y1 && is_prep(c, i + 1, P_TO)) || is_cls(c, i + 3, W_QUANTITY)))
			return 3;
		if (y2 > y1 && y2 - y1 <= 50 && right_free(c, i + 2) &&
		    !is_cls(c, i + 3, W_QUANTITY) &&
		    (!spaced_word || (is_prep(c, i - 1, P_FROM) || is_prep(c, i - 1, P_BETWEEN)))) {
			raw r = new_raw(i, 3, R_RANGE, CHR_PREC_YEAR);
			r.a = pt(y1, 0, 0);
			r.b = pt(y2, 0, 0);
			return emit(c, &r) == CHR_OK ? 3 : -1;
		}
		if (is_dash(c, i + 1) && glued(c, i) && glued(c, i + 1))
			return 0; /* 2017-1, 2017-2019 backwards: a code */
	}
	if (!right_free(c, i))
		return 0;
	raw r = new_raw(i, 1, R_DATE, CHR_PREC_YEAR);
	r.a = pt(y1, 0, 0);
	return emit(c, &r) == CHR_OK ? 1 : -1;
}

/* 1990s, '80s, 1990's, 1800s (a century). */
static int decade_at(const ctx *c, size_t i, raw *r)
{
	size_t j = i;
	bool apos = false;
	if (is_punct(c, j, '\'') && glued(c, j) && is_num(c, j + 1)) {
		apos = true;
		j++;
	}
	const tok *t = at(c, j);
	if (!t || t->kind != T_NUM || t->val % 10 != 0)
		return 0;
	bool plural = t->flags & F_PLURAL_S;
	size_t end = j + 1;
	if (!plural && is_punct(c, j + 1, '\'') && glued(c, j) && word_is(c, j + 2, "s") &&
	    glued(c, j + 1)) {
		plural = true;
		end = j + 3;
	}
	if (!plural)
		return 0;
	int y;
	if (t->ndig == 4 && t->val >= 1000 && t->val <= 2090)
		y = t->val;
	else if (t->ndig == 2 && (!apos || t->val >= 0))
		y = t->val == 0 ? 2000 : (t->val >= 30 || apos ? 1900 : 2000) + t->val;
	else
		return 0;
	/* "mid-1980s": the dash that joins a modifier is no code's */
	if (!apos && !num_isolated(c, j) &&
	    !(j >= 2 && is_dash(c, j - 1) && glued(c, j - 1) && is_cls(c, j - 2, W_MOD)))
		return 0;
	*r = new_raw(i, end - i, R_UNIT, CHR_PREC_DECADE);
	if (t->ndig == 4 && y % 100 == 0 && y % 1000 != 0) {
		r->prec = CHR_PREC_CENTURY; /* the 1800s */
	}
	r->a = pt(y, 0, 0);
	return (int)(end - i);
}

/* ---- day-first and month-first forms, with ranges and lists ----------------------- */

static chr_status emit_point(ctx *c, size_t ti, size_t tn, point p, bool us)
{
	raw r = new_raw(ti, tn, R_DATE, p.d ? CHR_PREC_DAY : CHR_PREC_MONTH);
	r.a = p;
	r.us_style = us;
	return emit(c, &r);
}

static chr_status emit_range(ctx *c, size_t ti, size_t tn, point a, point b, bool us)
{
	raw r = new_raw(ti, tn, R_RANGE, a.d ? CHR_PREC_DAY : CHR_PREC_MONTH);
	r.a = a;
	r.b = b;
	r.us_style = us;
	r.cues |= CHR_CUE_RANGE;
	return emit(c, &r);
}

/* A range of months whose ends are parts of them: "from late August to
 * early September". The raw's own mod stays none (the range is no part
 * of anything); the ends' are kept in unit (the start's) and unit_n (the
 * end's), which a range has no other use for. */
static int emit_mod_range(ctx *c, size_t ti, size_t tn, point a, point b, int mod_a, int mod_b)
{
	raw r = new_raw(ti, tn, R_RANGE, CHR_PREC_MONTH);
	r.a = a;
	r.b = b;
	r.unit = (uint8_t)mod_a;
	r.unit_n = mod_b;
	r.cues |= CHR_CUE_RANGE;
	return emit(c, &r) == CHR_OK ? (int)tn : -1;
}

/* After a year-less start, share the end's year (a December start before a
 * January end belongs to the year before). */
static void share_year(point *a, const point *b)
{
	if (a->y || !b->y)
		return;
	a->y = b->y;
	if (a->m > b->m || (a->m == b->m && a->d > b->d))
		a->y--;
}

/* The end of a range of months at token e, after its connector: a month
 * or a part of one ("to early September", its part in *mod), maybe with
 * its year; the ends' years settled as share_year does, or the end's
 * from the start's. Returns the token after it, or 0 when there is none
 * (or a day follows: "to 5 May" is another pattern's); *order tells
 * whether the start comes first. */
static size_t month_range_end(const ctx *c, size_t e, point *p, point *q, int *mod, bool *order)
{
	int m, k;
	*mod = CHR_MOD_NONE;
	if (!((k = month_at(c, e, &m)) > 0 || (k = mod_month_at(c, e, mod, &m)) > 0) ||
	    day_num(c, e + (size_t)k))
		return 0;
	e += (size_t)k;
	*q = pt(0, m, 0);
	if (year_num(c, e) && right_free(c, e)) {
		q->y = c->v[e].val;
		e++;
	}
	if (!p->y && q->y)
		share_year(p, q);
	else if (p->y && !q->y)
		q->y = p->y + (q->m < p->m);
	*order = p->y && q->y ? (p->y < q->y || (p->y == q->y && p->m < q->m)) : p->m < q->m;
	return e;
}

/* A list of days sharing the month of its last item, "2, 4 and 8 November":
 * one mention for each number and one for the last date as written.
 * Returns the tokens used (from first to the end of the last date), 0 when
 * a day does not exist in that month (nothing is emitted then), -1 when
 * memory runs out. */
static int emit_list(ctx *c, size_t first, const size_t *days, size_t nd, size_t last,
                     size_t last_len, point b)
{
	for (size_t q = 0; q < nd; q++)
		if (c->v[days[q]].val > max_day(b.y, b.m))
			return 0;
	for (size_t q = 0; q < nd; q++) {
		point p = b;
		p.d = c->v[days[q]].val;
		if (emit_point(c, days[q], 1, p, false) != CHR_OK)
			return -1;
	}
	if (emit_point(c, last, last_len, b, false) != CHR_OK)
		return -1;
	return (int)(last + last_len - first);
}

static int day_first(ctx *c, size_t i)
{
	if (!day_num(c, i) || !num_isolated(c, i))
		return 0;
	point a, b;
	int k;
	bool between = is_prep(c, i - 1, P_BETWEEN) || is_prep(c, i - 1, P_FROM);
	(void)between;
	/* Lists: D, D[,] and D Month [Year] */
	if (is_punct(c, i + 1, ',') && day_num(c, i + 2)) {
		size_t j = i;
		size_t days[16];
		size_t nd = 0;
		while (nd < 15 && day_num(c, j) && is_punct(c, j + 1, ',') && day_num(c, j + 2)) {
			days[nd++] = j;
			j += 2;
		}
		/* "3, 5, and 9 April": the serial comma */
		if (nd && day_num(c, j) && is_punct(c, j + 1, ',') &&
		    (is_prep(c, j + 2, P_AND) || is_prep(c, j + 2, P_OR)) && day_num(c, j + 3)) {
			days[nd++] = j;
			j += 3;
			if ((k = dmy_at(c, j, &b)) > 0) {
				return emit_list(c, i, days, nd, j, (size_t)k, b);
			}
			return 0;
		}
		if (day_num(c, j) && (is_prep(c, j + 1, P_AND) || is_prep(c, j + 1, P_OR)) &&
		    (k = dmy_at(c, j + 2, &b)) > 0) {
			days[nd++] = j;
			return emit_list(c, i, days, nd, j + 2, (size_t)k, b);
		}
		if (day_num(c, j) && (k = dmy_at(c, j, &b)) > 0 && nd >= 2) {
			/* "2, 4, 8 November": a comma list without "and" */
			return emit_list(c, i, days, nd, j, (size_t)k, b);
		}
	}
	/* D conn D Month [Year] */
	bool after_between = is_prep(c, i - 1, P_BETWEEN);
	size_t d2 = skip_weekday(c, i + 2);
	if (range_conn(c, i + 1, true) && (k = dmy_at(c, d2, &b)) > 0) {
		a = b;
		a.d = c->v[i].val;
		k += (int)(d2 - (i + 2));
		bool is_and = is_prep(c, i + 1, P_AND);
		if (a.d < b.d && (!is_and || after_between || b.d == a.d + 1))
			return emit_range(c, i, 2 + (size_t)k, a, b, false) == CHR_OK ? 2 + k : -1;
		if (is_and && a.d != b.d) {
			/* "5 and 7 September": two separate days */
			if (emit_point(c, i, 1, a, false) != CHR_OK ||
			    emit_point(c, i + 2, (size_t)k, b, false) != CHR_OK)
				return -1;
			return 2 + k;
		}
	}
	k = dmy_at(c, i, &a);
	if (!k) {
		/* "31 April 2019" is no date, and no month either */
		int m;
		size_t j = i + 1 + is_prep(c, i + 1, P_OF);
		int km = month_at(c, j, &m);
		if (km) {
			j += (size_t)km;
			if (year_num(c, j))
				j++;
			return (int)(j - i);
		}
		return 0;
	}
	size_t j = i + (size_t)k;
	/* D Month [Year] conn D Month [Year] */
	int k2;
	size_t b2 = skip_weekday(c, j + 1);
	if (range_conn(c, j, true) && (k2 = dmy_at(c, b2, &b)) > 0 &&
	    (k2 += (int)(b2 - (j + 1))) > 0) {
		if (!b.y && a.y) {
			b.y = a.y;
			if (b.m < a.m)
				b.y++;
		}
		share_year(&a, &b);
		chr_date da = { a.y ? a.y : 2000, a.m, a.d }, db = { b.y ? b.y : 2000, b.m, b.d };
		if (!a.y && !b.y && b.m < a.m)
			db.year++;
		long gap = chr_date_to_days(db) - chr_date_to_days(da);
		/* "and" joins two days into a range only when they follow each
		 * other ("24 July 2026 and 25 July 2026") or after "between" */
		if (is_prep(c, j, P_AND) && !after_between && gap != 1)
			gap = 0;
		if (gap > 0 && gap < 370)
			return emit_range(c, i, (size_t)k + 1 + (size_t)k2, a, b, false) == CHR_OK
			               ? k + 1 + k2 : -1;
	}
	return emit_point(c, i, (size_t)k, a, false) == CHR_OK ? k : -1;
}

/* A list of days after a month, "March 3, 4 and 5, 2027": one mention for
 * the month and its first day, one for each number between, one for the
 * last with the year, as emit_list does for "3, 4 and 5 March". The list
 * must end in "and" or "or" ("March 3, 4 people" is no list). a is the
 * first point (k tokens from i, no year). Returns the tokens used, 0, or
 * -1 when memory runs out. */
static int month_list(ctx *c, size_t i, size_t k, point a)
{
	size_t days[16], nd = 0, q = i + k;
	int m;
	while (nd < 14 && is_punct(c, q, ',') && day_num(c, q + 1) && !month_at(c, q + 2, &m)) {
		days[nd++] = q + 1;
		q += 2;
	}
	if (!nd)
		return 0;
	if (is_punct(c, q, ','))
		q++; /* the serial comma */
	if (!(is_prep(c, q, P_AND) || is_prep(c, q, P_OR)) || !day_num(c, q + 1) ||
	    month_at(c, q + 2, &m))
		return 0;
	days[nd++] = q + 1;
	size_t e = q + 2;
	if (is_punct(c, e, ',') && year_num(c, e + 1) && right_free(c, e + 1)) {
		a.y = c->v[e + 1].val;
		e += 2;
	} else if (year_num(c, e) && right_free(c, e)) {
		a.y = c->v[e].val;
		e++;
	} else if (!right_free(c, q + 1)) {
		return 0;
	}
	int prev = a.d;
	for (size_t n = 0; n < nd; n++) {
		int d = c->v[days[n]].val;
		if (d <= prev || d > max_day(a.y, a.m))
			return 0;
		prev = d;
	}
	if (emit_point(c, i, k, a, true) != CHR_OK)
		return -1;
	for (size_t n = 0; n < nd; n++) {
		point p = a;
		p.d = c->v[days[n]].val;
		size_t len = n + 1 == nd ? e - days[n] : 1;
		if (emit_point(c, days[n], len, p, true) != CHR_OK)
			return -1;
	}
	return (int)(e - i);
}

/* The word at i, after a number, is a verb in the past ("a stoppage on
 * Feb. 26 and 27 paralyzed the city"), not what the number counts: it
 * ends in -ed and is none of the participles that name people ("4
 * injured", "12 displaced"). */
static bool verb_after(const ctx *c, size_t i)
{
	static const char *const people[] = { "affected", "arrested", "detained", "displaced",
	                                      "evacuated", "infected", "injured", "killed",
	                                      "rescued", "wounded" };
	const tok *t = at(c, i);
	if (!t || t->len < 4 || c->text[t->start + t->len - 2] != 'e' ||
	    c->text[t->start + t->len - 1] != 'd')
		return false;
	return !word_in(c, i, people, CHR_ARRAY_LEN(people));
}

static int month_first(ctx *c, size_t i)
{
	point a, b;
	int m, k = mdy_at(c, i, &a);
	if (k > 0) {
		size_t j = i + (size_t)k;
		bool after_between = is_prep(c, i - 1, P_BETWEEN);
		int kl = !a.y ? month_list(c, i, (size_t)k, a) : 0;
		if (kl)
			return kl;
		/* Month D conn D[,] [Year]; "and" as day_first takes it: "June 3
		 * and 4" is a range, "June 3 and 5" two days */
		if (!a.y && range_conn(c, j, true) && day_num(c, j + 1) &&
		    !month_at(c, j + 2, &m)) {
			b = a;
			b.d = c->v[j + 1].val;
			size_t e = j + 2;
			if (is_punct(c, e, ',') && year_num(c, e + 1) && right_free(c, e + 1)) {
				a.y = b.y = c->v[e + 1].val;
				e += 2;
			} else if (year_num(c, e) && right_free(c, e)) {
				a.y = b.y = c->v[e].val;
				e++;
			} else if (!right_free(c, j + 1)) {
				goto single;
			} else if (is_prep(c, j, P_AND) && at(c, e) && at(c, e)->kind == T_WORD &&
			           at(c, e)->cls == W_NONE && !(at(c, e)->flags & F_CAP) &&
			           !verb_after(c, e)) {
				goto single; /* "on June 3 and 4 others were hurt": a count */
			}
			bool is_and = is_prep(c, j, P_AND);
			if (b.d > a.d && b.d <= max_day(b.y, b.m) &&
			    (!is_and || after_between || b.d == a.d + 1))
				return emit_range(c, i, e - i, a, b, true) == CHR_OK ? (int)(e - i) : -1;
			if (is_and && b.d > a.d && b.d <= max_day(b.y, b.m)) {
				if (emit_point(c, i, (size_t)k, a, true) != CHR_OK ||
				    emit_point(c, j + 1, e - (j + 1), b, true) != CHR_OK)
					return -1;
				return (int)(e - i);
			}
			goto single;
		}
		/* Month D[, Year] conn Month D[, Year] */
		int k2;
		size_t b2 = skip_weekday(c, j + 1);
		if (range_conn(c, j, true) && (k2 = mdy_at(c, b2, &b)) > 0 &&
		    (k2 += (int)(b2 - (j + 1))) > 0) {
			if (!a.y && b.y)
				share_year(&a, &b);
			else if (a.y && !b.y)
				b.y = a.y + (b.m < a.m);
			chr_date da = { a.y ? a.y : 2000, a.m, a.d }, db = { b.y ? b.y : 2000, b.m, b.d };
			if (!a.y && b.m < a.m)
				db.year++;
			long gap = chr_date_to_days(db) - chr_date_to_days(da);
			if (is_prep(c, j, P_AND) && !after_between && gap != 1)
				gap = 0; /* as day_first: "and" joins days that follow each other */
			if (gap > 0 && gap < 370)
				return emit_range(c, i, (size_t)k + 1 + (size_t)k2, a, b, true) == CHR_OK
				               ? k + 1 + k2 : -1;
		}
	single:
		return emit_point(c, i, (size_t)k, a, true) == CHR_OK ? k : -1;
	}
	/* Month [,] [of] Year, Month-Month Year, and a bare month */
	k = month_at(c, i, &m);
	if (!k)
		return 0;
	size_t j = i + (size_t)k;
	point p = pt(0, m, 0);
	if (is_prep(c, j, P_OF) && year_num(c, j + 1) && right_free(c, j + 1)) {
		p.y = c->v[j + 1].val;
		j += 2;
	} else if (is_punct(c, j, ',') && year_num(c, j + 1) && right_free(c, j + 1) &&
	           !is_punct(c, j + 2, ',')) {
		p.y = c->v[j + 1].val;
		j += 2;
	} else if (year_num(c, j) && right_free(c, j)) {
		p.y = c->v[j].val;
		j++;
	} else if (is_punct(c, j, '\'') && is_num(c, j + 1) && c->v[j + 1].ndig == 2 &&
	           glued(c, j) && right_free(c, j + 1)) {
		p.y = 1900 + c->v[j + 1].val + (c->v[j + 1].val < 40 ? 100 : 0);
		j += 2;
	}
	/* Month [Year] conn Month [Year]: January-March 2019, "the
	 * March-to-May rains" */
	bool after_between = is_prep(c, i - 1, P_BETWEEN);
	size_t cw = range_conn(c, j, after_between) ? 1 : 0;
	if (is_dash(c, j) && glued(c, j - 1) && glued(c, j) && is_prep(c, j + 1, P_TO) &&
	    glued(c, j + 1) && is_dash(c, j + 2) && glued(c, j + 2))
		cw = 3;
	int mod2;
	point q;
	bool order;
	size_t e = cw ? month_range_end(c, j + cw, &p, &q, &mod2, &order) : 0;
	if (e) {
		/* two month names joined by a dash are a range wherever they
		 * stand ("the October-December rains") */
		bool anchored = p.y || q.y || is_prep(c, i - 1, P_FROM) || after_between ||
		                is_prep(c, i - 1, P_IN) || is_prep(c, i - 1, P_BETWEEN) ||
		                is_dash(c, j);
		if (order && anchored && mod2 == CHR_MOD_NONE)
			return emit_range(c, i, e - i, p, q, false) == CHR_OK ? (int)(e - i) : -1;
		if (order && anchored && !is_dash(c, j))
			return emit_mod_range(c, i, e - i, p, q, CHR_MOD_NONE, mod2);
	}
	if (!p.y) {
		/* "in March and April 2026", "March, April and May 2026": a
		 * list of months shares the year after its last */
		size_t lk = j;
		for (int n = 0; n < 4; n++) {
			size_t nx = lk;
			int m3, k3;
			if (is_punct(c, nx, ','))
				nx++;
			if (is_prep(c, nx, P_AND) || is_prep(c, nx, P_OR))
				nx++;
			if (nx == lk || (k3 = month_at(c, nx, &m3)) <= 0)
				break;
			lk = nx + (size_t)k3;
			if (year_num(c, lk) && right_free(c, lk)) {
				point last = pt(c->v[lk].val, m3, 0);
				share_year(&p, &last);
				break;
			}
		}
	}
	if (!p.y) {
		/* A bare month name must be introduced as a time: "in March",
		 * "since June", "as of February", "by May". */
		const tok *prev = i > 0 ? &c->v[i - 1] : NULL;
		bool ok = false;
		if (prev && prev->kind == T_WORD && prev->cls == W_PREP) {
			switch (prev->val) {
			case P_IN: case P_SINCE: case P_UNTIL: case P_TILL: case P_BY:
			case P_DURING: case P_OF: case P_FROM: case P_BEFORE: case P_AFTER:
			case P_THROUGH: case P_TO: case P_BETWEEN: case P_AND: case P_FOR:
			case P_AROUND: case P_ON: case P_THROUGHOUT: case P_ACROSS:
				ok = true;
				break;
			default:
				break;
			}
		}
		if (prev && prev->kind == T_WORD && (prev->cls == W_SHIFT || prev->cls == W_MOD))
			ok = true; /* handled by those patterns, but harmless */
		/* "October last year", "March of next year": the year says it */
		size_t jy = j + is_prep(c, j, P_OF);
		if ((word_is(c, jy, "last") || word_is(c, jy, "this") || word_is(c, jy, "next")) &&
		    is_cls(c, jy + 1, W_UNIT) && c->v[jy + 1].val == U_YEAR)
			ok = true;
		/* the next of a list: "in April, May and June" */
		if (i >= 2 && is_punct(c, i - 1, ',') && c->v[i - 2].kind == T_WORD &&
		    c->v[i - 2].cls == W_MONTH)
			ok = true;
		/* "their January sales", "the March meeting" */
		if (prev && (word_is(c, i - 1, "their") || word_is(c, i - 1, "its") ||
		             word_is(c, i - 1, "the") || word_is(c, i - 1, "our") ||
		             word_is(c, i - 1, "his") || word_is(c, i - 1, "her")) &&
		    at(c, j) && at(c, j)->kind == T_WORD && !(at(c, j)->flags & F_CAP) &&
		    at(c, j)->cls == W_NONE)
			ok = true;
		/* a name such as "April Smith" or "May Day" is not a month */
		const tok *next = at(c, j);
		if (next && next->kind == T_WORD && (next->flags & F_CAP) && next->cls != W_MONTH &&
		    !(next->flags & F_NL))
			ok = false;
		if (!ok)
			return 0;
	}
	return emit_point(c, i, j - i, p, false) == CHR_OK ? (int)(j - i) : -1;
}

/* ---- coarse and relative forms ----------------------------------------------------- */

/* What a modifier or "of" can apply to: Year, Month [Year], Season [Year],
 * a decade, this/last/next UNIT, the year/month. Fills r (without ti/tn). */
static int target_at(const ctx *c, size_t i, raw *r)
{
	point p;
	int k, m;
	if (year_num(c, i) && (num_isolated(c, i) || is_dash(c, i - 1)) && right_free(c, i)) {
		*r = new_raw(i, 1, R_DATE, CHR_PREC_YEAR);
		r->a = pt(c->v[i].val, 0, 0);
		return 1;
	}
	if ((k = decade_at(c, i, r)) > 0)
		return k;
	if ((k = month_at(c, i, &m)) > 0) {
		if (day_num(c, i + (size_t)k) && mdy_at(c, i, &p))
			return 0; /* "early March 3" makes no sense; leave to others */
		*r = new_raw(i, (size_t)k, R_DATE, CHR_PREC_MONTH);
		r->a = pt(0, m, 0);
		size_t j = i + (size_t)k;
		if (year_num(c, j) && right_free(c, j)) {
			r->a.y = c->v[j].val;
			k++;
		} else if (is_prep(c, j, P_OF) && year_num(c, j + 1)) {
			r->a.y = c->v[j + 1].val;
			k += 2;
		}
		return k;
	}
	if (is_cls(c, i, W_SEASON) && year_num(c, i + 1)) {
		*r = new_raw(i, 2, R_UNIT, CHR_PREC_SEASON);
		r->unit_n = c->v[i].val;
		r->a = pt(c->v[i + 1].val, 0, 0);
		return 2;
	}
	if (is_cls(c, i, W_SHIFT) && is_cls(c, i + 1, W_UNIT)) {
		int u = c->v[i + 1].val;
		if (u == U_YEAR || u == U_MONTH || u == U_WEEK || u == U_DECADE || u == U_QUARTER) {
			*r = new_raw(i, 2, R_SHIFTED, u == U_YEAR ? CHR_PREC_YEAR :
			             u == U_MONTH ? CHR_PREC_MONTH : u == U_WEEK ? CHR_PREC_WEEK :
			             u == U_QUARTER ? CHR_PREC_QUARTER : CHR_PREC_DECADE);
			r->unit = (uint8_t)u;
			r->shift = c->v[i].val;
			return 2;
		}
	}
	if (is_prep(c, i, P_THE) && is_cls(c, i + 1, W_UNIT)) {
		int u = c->v[i + 1].val;
		if (u == U_YEAR || u == U_MONTH || u == U_WEEK || u == U_DECADE) {
			*r = new_raw(i, 2, R_SHIFTED, u == U_YEAR ? CHR_PREC_YEAR :
			             u == U_MONTH ? CHR_PREC_MONTH : u == U_WEEK ? CHR_PREC_WEEK :
			             CHR_PREC_DECADE);
			r->unit = (uint8_t)u;
			r->shift = 0;
			return 2;
		}
	}
	if (is_prep(c, i, P_THE) && (k = decade_at(c, i + 1, r)) > 0)
		return k + 1;
	return 0;
}

/* early 2018, mid-March, late last year, the end of 2016, beginning of June */
static int mod_phrase(ctx *c, size_t i)
{
	if (!is_cls(c, i, W_MOD))
		return 0;
	int mod = c->v[i].val;
	size_t j = i + 1;
	bool of = false, dashed = false;
	if (is_dash(c, j) && glued(c, i) && glued(c, j)) {
		dashed = true;
		j++;
	}
	if (is_prep(c, j, P_OF)) {
		of = true;
		j++;
	}
	/* "end", "start", "beginning", "middle" are nouns: they need "of",
	 * or the dash of the wire style ("by end-2026", "at end-March") */
	bool noun = word_is(c, i, "end") || word_is(c, i, "start") ||
	            word_is(c, i, "beginning") || word_is(c, i, "middle");
	if (noun && !of && !dashed)
		return 0;
	raw r;
	int k = target_at(c, j, &r);
	if (!k)
		return 0;
	if (!of && r.kind == R_DATE && r.prec == CHR_PREC_MONTH &&
	    (mod == CHR_MOD_EARLY || mod == CHR_MOD_MID || mod == CHR_MOD_LATE)) {
		/* "from late August to (early) September [2019]" */
		size_t e = j + (size_t)k;
		bool after_between = is_prep(c, i - 1, P_BETWEEN);
		int mod2;
		point p = r.a, q;
		bool order;
		if (!is_dash(c, e) && range_conn(c, e, after_between) &&
		    (e = month_range_end(c, e + 1, &p, &q, &mod2, &order)) != 0) {
			bool anchored = p.y || q.y || is_prep(c, i - 1, P_FROM) || after_between;
			if (order && anchored)
				return emit_mod_range(c, i, e - i, p, q, mod, mod2);
		}
	}
	r.ti = (uint32_t)i;
	r.tn = (uint32_t)(j - i) + (uint32_t)k;
	r.mod = (uint8_t)mod;
	if (noun && is_prep(c, i - 1, P_THE))
		r.ti--, r.tn++;
	return emit(c, &r) == CHR_OK ? (int)(j - i) + k : -1;
}

/* ---- fiscal periods ---- */

/* "fiscal", "financial": a company's or a government's year. */
static bool fiscal_word(const ctx *c, size_t i)
{
	return word_is(c, i, "fiscal") || word_is(c, i, "financial");
}

/* A fiscal year named at i: "FY23", "FY 2023", "fiscal 2023", "fiscal
 * year 2024/25", "the fiscal year", "its financial year": the tokens it
 * takes, or 0. Its quarters and halves are not the calendar's, and no
 * date says where it begins. */
static size_t fiscal_year_at(const ctx *c, size_t i)
{
	const tok *w = at(c, i);
	if (w && w->kind == T_WORD && (w->len == 4 || w->len == 6) && w->ch == 'f' &&
	    (c->text[w->start + 1] | 0x20) == 'y') {
		/* "FY23", "FY2023": one word */
		size_t d = 2;
		while (d < w->len && c->text[w->start + d] >= '0' && c->text[w->start + d] <= '9')
			d++;
		if (d == w->len)
			return 1;
	}
	size_t j = i;
	bool fy = word_is(c, j, "fy");
	if (!fy && (is_prep(c, j, P_THE) || word_is(c, j, "its") || word_is(c, j, "their") ||
	            word_is(c, j, "this") || word_is(c, j, "next") || word_is(c, j, "last")))
		j++;
	if (!fy && !fiscal_word(c, j))
		return 0;
	j++;
	bool year = !fy && word_is(c, j, "year");
	if (year)
		j++;
	const tok *n = at(c, j);
	if (n && n->kind == T_NUM && !(n->flags & F_ORD) &&
	    (n->ndig == 4 ? n->val >= 1000 && n->val <= 2999 : fy && n->ndig == 2)) {
		j++;
		/* "2024/25", "2024-25" */
		if ((is_punct(c, j, '/') || is_dash(c, j)) && glued(c, j - 1) && is_num(c, j + 1) &&
		    glued(c, j) && c->v[j + 1].ndig == 2)
			j += 2;
	} else if (!year) {
		return 0;
	}
	return j - i;
}

/* The first token of "fiscal" or "fiscal 2024" right before i (a
 * quarter's ordinal or Q1..H2) on its line, or i. The year, found as a
 * mention of its own already, goes into the quarter's. */
static size_t fiscal_before(ctx *c, size_t i)
{
	if (i >= 1 && !(c->v[i].flags & F_NL) && fiscal_word(c, i - 1))
		return i - 1;
	if (i >= 2 && !(c->v[i].flags & F_NL) && !(c->v[i - 1].flags & F_NL) && is_num(c, i - 1) &&
	    c->v[i - 1].ndig == 4 && fiscal_word(c, i - 2)) {
		raws *o = c->out;
		if (o->n && o->v[o->n - 1].ti == i - 1 && o->v[o->n - 1].tn == 1)
			o->n--;
		return i - 2;
	}
	return i;
}

/* quarter or half: [the] first..fourth|last|final quarter|half [of] [target] */
static int part_phrase(ctx *c, size_t i)
{
	const tok *t = at(c, i);
	int ord = 0;
	if (t->kind == T_WORD && t->cls == W_ORDWORD)
		ord = t->val;
	else if (word_is(c, i, "last") && is_prep(c, i - 1, P_THE))
		ord = 9;
	if (!ord)
		return 0;
	size_t j = i + 1;
	if (is_dash(c, j) && glued(c, i))
		j++; /* third-quarter */
	if (!is_cls(c, j, W_UNIT))
		return 0;
	int u = c->v[j].val;
	if (u != U_QUARTER && u != U_HALF)
		return 0;
	if (word_is(c, j, "quarters"))
		return 0;
	int n = ord == 9 ? (u == U_QUARTER ? 4 : 2) : ord;
	if ((u == U_QUARTER && n > 4) || (u == U_HALF && n > 2))
		return 0;
	j++;
	raw r = new_raw(i, j - i, R_UNIT, u == U_QUARTER ? CHR_PREC_QUARTER : CHR_PREC_HALF);
	r.unit_n = n;
	size_t e = j, fy, b = fiscal_before(c, i);
	raw tg;
	int k = 0;
	if (b < i || (is_prep(c, j, P_OF) && (fy = fiscal_year_at(c, j + 1)) > 0)) {
		/* "the fiscal third quarter", "the second half of fiscal 2023" */
		r.fiscal = true;
		if (b == i)
			e = j + 1 + fy;
		r.ti = (uint32_t)b;
		r.tn = (uint32_t)(e - b);
		if (is_prep(c, b - 1, P_THE))
			r.ti--, r.tn++;
		return emit(c, &r) == CHR_OK ? (int)(e - i) : -1;
	}
	if (is_prep(c, j, P_OF))
		k = target_at(c, j + 1, &tg);
	if (k > 0 && (tg.prec == CHR_PREC_YEAR)) {
		e = j + 1 + (size_t)k;
		if (tg.kind == R_SHIFTED) {
			r.a.yshift = 1;
			r.a.yrel = tg.shift;
		} else {
			r.a.y = tg.a.y;
		}
	} else if (year_num(c, j) && right_free(c, j)) {
		r.a.y = c->v[j].val;
		e = j + 1;
	} else if (!is_prep(c, i - 1, P_THE) && !(is_dash(c, i + 1))) {
		return 0; /* "second half" with neither "the" nor a year */
	}
	r.tn = (uint32_t)(e - i);
	if (is_prep(c, i - 1, P_THE))
		r.ti--, r.tn++;
	return emit(c, &r) == CHR_OK ? (int)(e - i) : -1;
}

static int qh_phrase(ctx *c, size_t i)
{
	if (!is_cls(c, i, W_QH))
		return 0;
	int v = c->v[i].val;
	raw r = new_raw(i, 1, R_UNIT, v > 10 ? CHR_PREC_HALF : CHR_PREC_QUARTER);
	r.unit_n = v > 10 ? v - 10 : v;
	size_t j = i + 1, b = fiscal_before(c, i), of = is_prep(c, j, P_OF);
	size_t fy = fiscal_year_at(c, j + of);
	if (b < i || fy > 0) {
		/* "fiscal Q3", "Q3 FY23", "Q3 of fiscal 2023" */
		r.fiscal = true;
		if (b == i)
			j += of + fy;
		r.ti = (uint32_t)b;
		r.tn = (uint32_t)(j - b);
		return emit(c, &r) == CHR_OK ? (int)(j - i) : -1;
	}
	if (year_num(c, j) && right_free(c, j)) {
		r.a.y = c->v[j].val;
		j++;
	} else if (is_dash(c, j) && glued(c, i) && year_num(c, j + 1)) {
		r.a.y = c->v[j + 1].val;
		j += 2;
	} else if (is_prep(c, j, P_OF) && year_num(c, j + 1) && right_free(c, j + 1)) {
		r.a.y = c->v[j + 1].val; /* "Q4 of 2023" */
		j += 2;
	} else if (is_punct(c, j, '\'') && is_num(c, j + 1) && c->v[j + 1].ndig == 2) {
		r.a.y = 2000 + c->v[j + 1].val;
		j += 2;
	}
	r.tn = (uint32_t)(j - i);
	return emit(c, &r) == CHR_OK ? (int)(j - i) : -1;
}

static int season_phrase(ctx *c, size_t i)
{
	if (!is_cls(c, i, W_SEASON))
		return 0;
	raw r = new_raw(i, 1, R_UNIT, CHR_PREC_SEASON);
	r.unit_n = c->v[i].val;
	size_t j = i + 1;
	if (year_num(c, j) && right_free(c, j)) {
		r.a.y = c->v[j].val;
		j++;
	} else if (is_prep(c, j, P_OF) && year_num(c, j + 1) && right_free(c, j + 1)) {
		r.a.y = c->v[j + 1].val;
		j += 2;
	} else {
		/* bare season: "in the spring", "during summer"; never "fall" */
		if (word_is(c, i, "fall"))
			return 0;
		size_t p = is_prep(c, i - 1, P_THE) ? i - 2 : i - 1;
		if (i == 0 || p >= i || !(is_prep(c, p, P_IN) || is_prep(c, p, P_DURING) ||
		                          is_prep(c, p, P_BY) || is_prep(c, p, P_UNTIL) ||
		                          is_prep(c, p, P_SINCE) || is_prep(c, p, P_FOR) ||
		                          is_prep(c, p, P_THROUGHOUT) || is_prep(c, p, P_ACROSS) ||
		                          (c->v[i].flags & F_CAP)))
			return 0;
		/* "summer months" is no season of one year; "Summer
		 * Festival", "the Spring Meetings", "Winter Olympics" are
		 * names */
		const tok *n = at(c, j);
		if (is_cls(c, j, W_UNIT) || ((c->v[i].flags & F_CAP) && n && n->kind == T_WORD &&
		                             (n->flags & F_CAP) && !(n->flags & F_NL)))
			return 0;
	}
	r.tn = (uint32_t)(j - i);
	if (is_prep(c, i - 1, P_THE) && is_prep(c, i + 1, P_OF))
		r.ti--, r.tn++;
	return emit(c, &r) == CHR_OK ? (int)(j - i) : -1;
}

/* Emits r, a span of the month ending at token e ("... of June"), with
 * the year after the month ("of June 2027") and "the" before token i;
 * returns the tokens used from i. */
static int emit_of_month(ctx *c, raw *r, size_t i, size_t e)
{
	if (year_num(c, e) && right_free(c, e)) {
		r->a.y = c->v[e].val;
		r->tn++;
	}
	if (is_prep(c, i - 1, P_THE))
		r->ti--, r->tn++;
	return emit(c, r) == CHR_OK ? (int)(r->ti + r->tn - i) : -1;
}

/* "the first week of June", "the last week of March 2009": seven days of
 * a month, counted from its first day or back from its last (resolve.c) */
static int week_part(ctx *c, size_t i)
{
	int n;
	if (is_cls(c, i, W_ORDWORD) && c->v[i].val >= 1 && c->v[i].val <= 4)
		n = c->v[i].val;
	else if ((word_is(c, i, "last") || word_is(c, i, "final")) && is_prep(c, i - 1, P_THE))
		n = 9;
	else
		return 0;
	int m, k;
	if (!word_is(c, i + 1, "week") || !(is_prep(c, i + 2, P_OF) || is_prep(c, i + 2, P_IN)) ||
	    !(k = month_at(c, i + 3, &m)) || day_num(c, i + 3 + (size_t)k))
		return 0;
	size_t e = i + 3 + (size_t)k;
	raw r = new_raw(i, e - i, R_UNIT, CHR_PREC_WEEK);
	r.a = pt(0, m, 0);
	r.unit_n = n;
	return emit_of_month(c, &r, i, e);
}

/* the week of 24 September 2018 */
static int week_of(ctx *c, size_t i)
{
	if (!word_is(c, i, "week") || !is_prep(c, i + 1, P_OF))
		return 0;
	point p;
	bool us = false;
	int k = dmy_at(c, i + 2, &p);
	if (!k && (k = mdy_at(c, i + 2, &p)) > 0)
		us = true;
	if (!k)
		return 0;
	raw r = new_raw(i, 2 + (size_t)k, R_UNIT, CHR_PREC_WEEK);
	r.a = p;
	r.us_style = us;
	if (is_prep(c, i - 1, P_THE))
		r.ti--, r.tn++;
	return emit(c, &r) == CHR_OK ? 2 + k : -1;
}

/* the 20th century, the twenty-first century */
static int century_at(ctx *c, size_t i)
{
	int n = 0;
	size_t j = i;
	if (is_num(c, i) && (c->v[i].flags & F_ORD) && c->v[i].val >= 1 && c->v[i].val <= 30)
		n = c->v[i].val, j++;
	else if (word_is(c, i, "twentieth"))
		n = 20, j++;
	else if (word_is(c, i, "nineteenth"))
		n = 19, j++;
	else if (word_is(c, i, "twenty") && is_dash(c, i + 1) && word_is(c, i + 2, "first"))
		n = 21, j += 3;
	else if (word_is(c, i, "twenty-first"))
		n = 21, j++;
	if (!n || !is_cls(c, j, W_CENTURY) || word_is(c, j, "centuries"))
		return 0;
	raw r = new_raw(i, j + 1 - i, R_UNIT, CHR_PREC_CENTURY);
	/* a year of 0 means none was written (the resolver would take the
	 * publication's century): the first century is held by its year 1 */
	r.a = pt(n == 1 ? 1 : (n - 1) * 100, 0, 0);
	if (is_prep(c, i - 1, P_THE))
		r.ti--, r.tn++;
	return emit(c, &r) == CHR_OK ? (int)(j + 1 - i) : -1;
}

/* "Monday night", "yesterday morning": the part of the day after a day
 * at i goes with it (1), a time of day in all but its hour; "at noon" is
 * a time of its own (0). */
static size_t daypart_after(const ctx *c, size_t i)
{
	const tok *t = at(c, i);
	return t && t->kind == T_WORD && t->cls == W_DAYPART && !(t->flags & (F_CAP | F_NL)) &&
	       !word_is(c, i, "noon") && !word_is(c, i, "midday") && !word_is(c, i, "midnight");
}

/* today, yesterday, tomorrow, tonight; earlier today; this morning;
 * yesterday evening */
static int dayrel_at(ctx *c, size_t i)
{
	size_t j = i;
	if (is_cls(c, j, W_EARLIER) && is_cls(c, j + 1, W_DAYREL))
		j++;
	if (is_cls(c, j, W_DAYREL)) {
		size_t e = j + 1;
		if (!word_is(c, j, "tonight"))
			e += daypart_after(c, e);
		raw r = new_raw(i, e - i, R_DAYREL, CHR_PREC_DAY);
		r.shift = c->v[j].val;
		return emit(c, &r) == CHR_OK ? (int)(e - i) : -1;
	}
	if (word_is(c, i, "this") && is_cls(c, i + 1, W_DAYPART) && !word_is(c, i + 1, "noon")) {
		raw r = new_raw(i, 2, R_DAYREL, CHR_PREC_DAY);
		return emit(c, &r) == CHR_OK ? 2 : -1;
	}
	return 0;
}

/* A singular "year" at i. */
PRED bool year_word(const ctx *c, size_t i)
{
	return is_cls(c, i, W_UNIT) && c->v[i].val == U_YEAR &&
	       c->text[c->v[i].start + c->v[i].len - 1] != 's';
}

/* A unit word written in the plural: "weeks", "years". */
PRED bool plural_unit(const ctx *c, size_t i)
{
	return c->text[c->v[i].start + c->v[i].len - 1] == 's';
}

static chr_status emit_ref(ctx *c, size_t i, size_t n, int shift);

/* An ordinal above "first", as a word or as digits: "third", "5th". */
static bool ordinal_above_first(const ctx *c, size_t i)
{
	const tok *t = at(c, i);
	if (!t)
		return false;
	if (t->kind == T_NUM)
		return (t->flags & F_ORD) && t->val >= 2 && t->val <= 99;
	if (t->kind != T_WORD)
		return false;
	if (t->cls == W_ORDWORD)
		return t->val >= 2 && t->val <= 8; /* 9: final */
	static const char *const more[] = { "sixth", "seventh", "ninth", "tenth", "eleventh",
	                                    "twelfth" };
	for (size_t q = 0; q < CHR_ARRAY_LEN(more); q++)
		if (word_isn(c, i, more[q], strlen(more[q])))
			return true;
	return false;
}

/*
 * "for a third straight day", "a second consecutive week", "the fifth
 * year in a row", "the second year running": the day (week, month, year) the report speaks of, which
 * is the one spoken of nearby, else that of the publication date, as "the
 * day" is in market reports. i is the unit; the ordinal comes before it.
 */
static int nth_in_a_row(ctx *c, size_t i)
{
	int u = c->v[i].val;
	if ((u != U_DAY && u != U_WEEK && u != U_MONTH && u != U_YEAR) || plural_unit(c, i) || i < 1)
		return 0;
	size_t o = i - 1;
	bool row = (is_prep(c, i + 1, P_IN) && word_is(c, i + 2, "a") && word_is(c, i + 3, "row")) ||
	           word_is(c, i + 1, "running");
	if (word_is(c, o, "straight") || word_is(c, o, "consecutive") ||
	    word_is(c, o, "successive")) {
		if (o < 1)
			return 0;
		o--;
	} else if (!row) {
		return 0;
	}
	if (!ordinal_above_first(c, o))
		return 0;
	if (o > 0 && (word_is(c, o - 1, "a") || is_prep(c, o - 1, P_THE)))
		o--;
	if (c->out->n && c->out->v[c->out->n - 1].ti + c->out->v[c->out->n - 1].tn > o)
		return 0; /* the words before belong to a mention already */
	raw r = new_raw(o, i + 1 - o, R_ANAPHOR, u == U_DAY ? CHR_PREC_DAY :
	                u == U_WEEK ? CHR_PREC_WEEK : u == U_MONTH ? CHR_PREC_MONTH : CHR_PREC_YEAR);
	r.unit = (uint8_t)u;
	r.from_last = true;
	return emit(c, &r) == CHR_OK ? 1 : -1;
}

/*
 * "the year before", "the day after", "the year earlier", "the month
 * previous": one unit from the time last spoken of. "before" and "after"
 * only at the end of a phrase: "the day before the vote" is a day named
 * by an event, not by the text's time.
 */
static int unit_beside(ctx *c, size_t i)
{
	int u = c->v[i].val;
	if (!is_prep(c, i - 1, P_THE) || plural_unit(c, i) ||
	    (u != U_DAY && u != U_WEEK && u != U_MONTH && u != U_YEAR))
		return 0;
	size_t j = i + 1;
	int shift;
	if (is_prep(c, j, P_BEFORE) || word_is(c, j, "prior") || word_is(c, j, "previous") ||
	    (is_cls(c, j, W_EARLIER) && c->v[j].val < 0))
		shift = -1;
	else if (is_prep(c, j, P_AFTER) || (is_cls(c, j, W_EARLIER) && c->v[j].val > 0))
		shift = 1;
	else
		return 0;
	const tok *n = at(c, j + 1);
	if (u == U_DAY && n && n->kind == T_WORD && n->cls == W_DAYREL && n->val == shift &&
	    !(c->out->n && c->out->v[c->out->n - 1].ti + c->out->v[c->out->n - 1].tn > i - 1)) {
		/* the day before yesterday, the day after tomorrow */
		raw r = new_raw(i - 1, 4, R_DAYREL, CHR_PREC_DAY);
		r.shift = 2 * n->val;
		return emit(c, &r) == CHR_OK ? 3 : -1;
	}
	bool end = !n || n->kind == T_PUNCT || (n->flags & F_NL);
	bool adverb = word_is(c, j, "previous") || is_cls(c, j, W_EARLIER);
	if (!end && !(adverb && !word_is(c, j + 1, "than") && !is_prep(c, j + 1, P_TO)))
		return 0;
	if (c->out->n && c->out->v[c->out->n - 1].ti + c->out->v[c->out->n - 1].tn > i - 1)
		return 0;
	raw r = new_raw(i - 1, 3, R_SHIFTED, u == U_DAY ? CHR_PREC_DAY : u == U_WEEK ? CHR_PREC_WEEK :
	                u == U_MONTH ? CHR_PREC_MONTH : CHR_PREC_YEAR);
	r.unit = (uint8_t)u;
	r.shift = shift;
	r.from_last = true;
	return emit(c, &r) == CHR_OK ? 2 : -1;
}

/* "for the entire year", "the whole day", "the full year": all of the
 * unit spoken of nearby (the year of "the fourth quarter of 2025"), else
 * the publication's. i is the unit. */
static int whole_unit(ctx *c, size_t i)
{
	int u = c->v[i].val;
	if ((u != U_DAY && u != U_WEEK && u != U_MONTH && u != U_YEAR) || plural_unit(c, i) ||
	    i < 2 || !is_prep(c, i - 2, P_THE) ||
	    !(word_is(c, i - 1, "entire") || word_is(c, i - 1, "whole") || word_is(c, i - 1, "full")))
		return 0;
	/* "the whole year's output" is fine; "the full year of 2025" is the
	 * year written, which target patterns read on their own */
	if (is_prep(c, i + 1, P_OF) ||
	    (c->out->n && c->out->v[c->out->n - 1].ti + c->out->v[c->out->n - 1].tn > i - 2))
		return 0;
	raw r = new_raw(i - 2, 3, R_ANAPHOR, u == U_DAY ? CHR_PREC_DAY : u == U_WEEK ? CHR_PREC_WEEK :
	                u == U_MONTH ? CHR_PREC_MONTH : CHR_PREC_YEAR);
	r.unit = (uint8_t)u;
	r.from_last = true;
	return emit(c, &r) == CHR_OK ? 1 : -1;
}

/* "late in the year", "earlier in the week", "later in the month": the
 * unit spoken of nearby (else the publication's); "early"/"late" are part
 * of it as modifiers, "earlier"/"later" relate two times and stay out, as
 * for "the day". i is the unit. */
static int in_the_unit(ctx *c, size_t i)
{
	int u = c->v[i].val;
	if ((u != U_WEEK && u != U_MONTH && u != U_YEAR) || plural_unit(c, i) || i < 3 ||
	    !is_prep(c, i - 1, P_THE) || !is_prep(c, i - 2, P_IN) || is_prep(c, i + 1, P_OF))
		return 0;
	bool mod = word_is(c, i - 3, "early") || word_is(c, i - 3, "late");
	if (!mod && !is_cls(c, i - 3, W_EARLIER))
		return 0;
	size_t s = mod ? i - 3 : i - 1;
	if (c->out->n && c->out->v[c->out->n - 1].ti + c->out->v[c->out->n - 1].tn > s)
		return 0;
	raw r = new_raw(s, i + 1 - s, R_ANAPHOR, u == U_WEEK ? CHR_PREC_WEEK :
	                u == U_MONTH ? CHR_PREC_MONTH : CHR_PREC_YEAR);
	r.unit = (uint8_t)u;
	r.from_last = true;
	if (mod)
		r.mod = (uint8_t)c->v[i - 3].val;
	return emit(c, &r) == CHR_OK ? 1 : -1;
}

/* "the year-earlier period", "the year-ago quarter": the span spoken of
 * (at the unit named), a year before, as "the same period a year
 * earlier" is. i is "year". */
static int year_ago_unit(ctx *c, size_t i)
{
	if (c->v[i].val != U_YEAR || plural_unit(c, i) || !is_dash(c, i + 1) || !glued(c, i) ||
	    !glued(c, i + 1) || !(word_is(c, i + 2, "earlier") || word_is(c, i + 2, "ago")))
		return 0;
	size_t n = i + 3;
	int unit;
	if (is_cls(c, n, W_UNIT) && !plural_unit(c, n) &&
	    (c->v[n].val == U_QUARTER || c->v[n].val == U_MONTH || c->v[n].val == U_WEEK ||
	     c->v[n].val == U_DAY))
		unit = c->v[n].val;
	else if (word_is(c, n, "period"))
		unit = U_YEAR;
	else
		return 0;
	size_t s = is_prep(c, i - 1, P_THE) ? i - 1 : i;
	if (c->out->n && c->out->v[c->out->n - 1].ti + c->out->v[c->out->n - 1].tn > s)
		return 0;
	raw r = new_raw(s, n + 1 - s, R_SAME, unit == U_DAY ? CHR_PREC_DAY :
	                unit == U_WEEK ? CHR_PREC_WEEK : unit == U_MONTH ? CHR_PREC_MONTH :
	                unit == U_QUARTER ? CHR_PREC_QUARTER : CHR_PREC_YEAR);
	r.unit = (uint8_t)unit;
	r.shift = -1;
	return emit(c, &r) == CHR_OK ? (int)(n + 1 - i) : -1;
}

/* "by year-end", "at month-end", "year-end 2026": the end of the
 * publication's (or the written) year, month or quarter. */
static int unit_end(ctx *c, size_t i)
{
	int u = c->v[i].val;
	if ((u != U_YEAR && u != U_MONTH && u != U_QUARTER) || plural_unit(c, i) ||
	    !is_dash(c, i + 1) || !glued(c, i) || !glued(c, i + 1) || !word_is(c, i + 2, "end"))
		return 0;
	size_t s = i, e = i + 3; /* "the year-end figures": "the" is the noun's */
	raw r;
	if (u == U_YEAR && year_num(c, e) && right_free(c, e)) {
		r = new_raw(s, e + 1 - s, R_DATE, CHR_PREC_YEAR);
		r.a = pt(c->v[e].val, 0, 0);
		e++;
	} else {
		r = new_raw(s, e - s, R_SHIFTED, u == U_YEAR ? CHR_PREC_YEAR :
		            u == U_MONTH ? CHR_PREC_MONTH : CHR_PREC_QUARTER);
		r.unit = (uint8_t)u;
	}
	r.mod = CHR_MOD_END;
	return emit(c, &r) == CHR_OK ? (int)(e - i) : -1;
}

/* "the weeks ahead", "the months to come": a vague future. */
static int units_ahead(ctx *c, size_t i)
{
	int u = c->v[i].val;
	if (!is_prep(c, i - 1, P_THE) || !plural_unit(c, i) || u == U_HOUR || u == U_MINUTE)
		return 0;
	size_t n;
	if (word_is(c, i + 1, "ahead"))
		n = 3;
	else if (is_prep(c, i + 1, P_TO) && word_is(c, i + 2, "come"))
		n = 4;
	else
		return 0;
	return emit_ref(c, i - 1, n, 1) == CHR_OK ? (int)n - 1 : -1;
}

/* this/last/next week|month|year|quarter|decade, last Tuesday, next September,
 * earlier this year, the previous year */
static int shift_phrase(ctx *c, size_t i)
{
	size_t s = i;
	if (is_cls(c, i, W_EARLIER) && is_cls(c, i + 1, W_SHIFT))
		s = i + 1;
	if (!is_cls(c, s, W_SHIFT))
		return 0;
	int shift = c->v[s].val;
	bool past_or_coming = word_is(c, s, "past") || word_is(c, s, "coming");
	bool after_the = is_prep(c, i - 1, P_THE);
	bool relword = word_is(c, s, "following") || word_is(c, s, "previous") ||
	               word_is(c, s, "current");
	if (relword && !after_the)
		return 0;
	size_t j = s + 1;
	raw r;
	/* "this time last year", "this time next year", "this time a year
	 * ago": the publication date, a year away */
	if (s == i && word_is(c, s, "this") && word_is(c, j, "time")) {
		size_t e = 0;
		if ((word_is(c, j + 1, "last") || word_is(c, j + 1, "next")) && year_word(c, j + 2)) {
			shift = c->v[j + 1].val;
			e = j + 3;
		} else if (is_cls(c, j + 1, W_NUMWORD) && c->v[j + 1].val == 1 && year_word(c, j + 2) &&
		           is_cls(c, j + 3, W_AGO)) {
			shift = -1;
			e = j + 4;
		}
		if (e) {
			r = new_raw(i, e - i, R_SHIFTED, CHR_PREC_DAY);
			r.unit = U_YEAR;
			r.shift = shift;
			r.cues |= CHR_CUE_BASELINE;
			return emit(c, &r) == CHR_OK ? (int)(e - i) : -1;
		}
	}
	/* "this past weekend", "this past week": the one just gone */
	if (word_is(c, s, "this") && word_is(c, j, "past") && is_cls(c, j + 1, W_UNIT) &&
	    !plural_unit(c, j + 1)) {
		shift = -1;
		j++;
	}
	/* "in the coming weeks", "coming months": a vague future, as "recent
	 * weeks" is a vague past */
	if (word_is(c, s, "coming") && s == i && is_cls(c, j, W_UNIT) && plural_unit(c, j) &&
	    c->v[j].val != U_HOUR && c->v[j].val != U_MINUTE)
		return emit_ref(c, after_the ? i - 1 : i, after_the ? 3 : 2, 1) == CHR_OK ? 2 : -1;
	if (is_cls(c, j, W_UNIT) && !past_or_coming) {
		int u = c->v[j].val;
		const char *w = c->text + c->v[j].start;
		if (w[c->v[j].len - 1] == 's')
			return 0; /* "last three years" never; "next weeks" no */
		int prec;
		switch (u) {
		case U_DAY:
			/* "the next day", "the following day", "the previous
			 * day": beside the day last spoken of ("the last day" is
			 * a final one, "next day delivery" no date) */
			if (!after_the || !(relword || word_is(c, s, "next")) || s != i)
				return 0;
			prec = CHR_PREC_DAY;
			break;
		case U_WEEK: case U_WEEKEND: prec = CHR_PREC_WEEK; break;
		case U_MONTH: prec = CHR_PREC_MONTH; break;
		case U_QUARTER: prec = CHR_PREC_QUARTER; break;
		case U_YEAR: prec = CHR_PREC_YEAR; break;
		case U_DECADE: prec = CHR_PREC_DECADE; break;
		default: return 0;
		}
		r = new_raw(i, j + 1 - i, R_SHIFTED, prec);
		r.unit = (uint8_t)u;
		r.shift = shift;
		/* "the last year": TimeML marks the article as part of it */
		if (after_the && (relword || (s == i && word_is(c, s, "last")) || u == U_DAY))
			r.ti--, r.tn++;
		/* "the previous year", "the following week": next to the time
		 * the text speaks of */
		r.from_last = after_the && !word_is(c, s, "current");
		return emit(c, &r) == CHR_OK ? (int)(j + 1 - i) : -1;
	}
	/* the past decade, the last year: the ten years up to now */
	if (word_is(c, s, "past") && after_the && is_cls(c, j, W_UNIT) &&
	    c->text[c->v[j].start + c->v[j].len - 1] != 's') {
		int u = c->v[j].val;
		const char *val = u == U_DECADE ? "P10Y" : u == U_YEAR ? "P1Y" : u == U_MONTH ? "P1M" :
		                  u == U_WEEK ? "P1W" : u == U_DAY ? "P1D" : NULL;
		if (!val)
			return 0;
		r = new_raw(i - 1, j + 2 - i, R_DURATION, u == U_DECADE ? CHR_PREC_DECADE : CHR_PREC_YEAR);
		snprintf(r.value, sizeof r.value, "%s", val);
		r.cues |= CHR_CUE_DURATION;
		return emit(c, &r) == CHR_OK ? (int)(j + 1 - i) : -1;
	}
	/* "the following January", "the previous Monday": next to the time
	 * the text speaks of */
	bool from_last = relword && after_the && !word_is(c, s, "current");
	if (past_or_coming || (relword && !from_last))
		return 0;
	size_t ti = from_last ? i - 1 : i;
	if (is_cls(c, j, W_WEEKDAY)) {
		r = new_raw(ti, j + 1 - ti, R_WEEKDAY, CHR_PREC_DAY);
		r.a.wd = c->v[j].val;
		r.shift = shift;
		r.from_last = from_last;
		return emit(c, &r) == CHR_OK ? (int)(j + 1 - i) : -1;
	}
	int m;
	int k = month_at(c, j, &m);
	if (k && !day_num(c, j + (size_t)k)) {
		r = new_raw(ti, j + (size_t)k - ti, R_MONTHREL, CHR_PREC_MONTH);
		r.a.m = m;
		r.shift = shift;
		r.from_last = from_last;
		return emit(c, &r) == CHR_OK ? (int)(j + (size_t)k - i) : -1;
	}
	if (is_cls(c, j, W_SEASON) && !from_last) {
		r = new_raw(i, j + 1 - i, R_MONTHREL, CHR_PREC_SEASON);
		r.unit_n = c->v[j].val;
		r.shift = shift;
		return emit(c, &r) == CHR_OK ? (int)(j + 1 - i) : -1;
	}
	return 0;
}

/*
 * "nearly five months", "in over six years", "more than a decade", "about
 * two weeks ago": a word of quantity before a length of time is part of
 * the expression, as TimeML marks it. Returns how many tokens before i it
 * takes (0, 1 or 2) and sets *mod to CHR_MOD_APPROX for the words of
 * approximation. "over" is a quantity only after a preposition or "just":
 * "in over six years"; "spread over six years" is a span of time that
 * "over" introduces.
 */
static size_t quantity_before(const ctx *c, size_t i, int *mod)
{
	*mod = CHR_MOD_NONE;
	if (i == 0)
		return 0;
	static const char *const approx[] = { "nearly", "almost", "about", "around", "roughly",
	                                      "approximately", "some" };
	for (size_t q = 0; q < CHR_ARRAY_LEN(approx); q++)
		if (word_isn(c, i - 1, approx[q], strlen(approx[q]))) {
			/* "some" only before a number: "some 20 years", not "some day" */
			if (q == CHR_ARRAY_LEN(approx) - 1 && !is_num(c, i) &&
			    !(is_cls(c, i, W_NUMWORD) && c->v[i].val > 1))
				return 0;
			*mod = CHR_MOD_APPROX;
			return 1;
		}
	if (word_is(c, i - 1, "over") && i >= 2 &&
	    (c->v[i - 2].cls == W_PREP || word_is(c, i - 2, "just") || word_is(c, i - 2, "well")))
		return 1;
	if (i >= 2 && word_is(c, i - 1, "than") &&
	    (word_is(c, i - 2, "more") || word_is(c, i - 2, "less") || word_is(c, i - 2, "fewer")))
		return 2;
	if (i >= 2 && word_is(c, i - 1, "least") && is_prep(c, i - 2, P_AT))
		return 2;
	return 0;
}

/* N days|weeks|months|years ago */
static int ago_phrase(ctx *c, size_t i)
{
	int n;
	if (is_num(c, i) && c->v[i].ndig <= 3 && !(c->v[i].flags & (F_ORD | F_PLURAL_S)))
		n = c->v[i].val;
	else if (is_cls(c, i, W_NUMWORD))
		n = c->v[i].val;
	else
		return 0;
	/* "ago" counts back from now; "earlier" and "later" from the time
	 * the text speaks of ("left in 1998 and returned two years later") */
	if (!is_cls(c, i + 1, W_UNIT) || !(is_cls(c, i + 2, W_AGO) || is_cls(c, i + 2, W_EARLIER)))
		return 0;
	bool from_last = is_cls(c, i + 2, W_EARLIER);
	if (from_last && word_is(c, i + 3, "than"))
		return 0; /* "three days later than planned": a difference */
	if (n < 0) {
		/* "a few days ago", "several years earlier": some time back, no
		 * date; "a few days later" is none either */
		if (from_last && c->v[i + 2].val > 0)
			return 0;
		size_t s = word_is(c, i - 1, "a") ? i - 1 : i;
		return emit_ref(c, s, i + 3 - s, -1) == CHR_OK ? 3 : -1;
	}
	if (from_last && c->v[i + 2].val > 0)
		n = -n; /* later */
	int u = c->v[i + 1].val, prec;
	switch (u) {
	case U_DAY: prec = CHR_PREC_DAY; break;
	case U_WEEK: prec = CHR_PREC_DAY; break; /* "a week ago" names a day */
	case U_MONTH: prec = CHR_PREC_MONTH; break;
	case U_YEAR: prec = CHR_PREC_YEAR; break;
	case U_DECADE: prec = CHR_PREC_DECADE; break;
	default: return 0;
	}
	raw r = new_raw(i, 3, R_SHIFTED, prec);
	r.unit = (uint8_t)u;
	r.shift = -n;
	r.from_last = from_last;
	int mod;
	size_t q = quantity_before(c, i, &mod);
	if (q && mod == CHR_MOD_APPROX) {
		/* "about two years ago": roughly that date; "more than two
		 * years ago" names no date of its own, so it stays as written */
		r.ti -= (uint32_t)q, r.tn += (uint32_t)q;
		r.mod = (uint8_t)mod;
	}
	return emit(c, &r) == CHR_OK ? 3 : -1;
}

/* "the first Monday in July", "the last Sunday of June 2027": the nth
 * weekday of a month (unit_n 1-5, -1 for the last), the day found when
 * the year is known (resolve.c). */
static int nth_weekday(ctx *c, size_t i)
{
	int n;
	if (is_cls(c, i, W_ORDWORD) && c->v[i].val >= 1 && c->v[i].val <= 5)
		n = c->v[i].val;
	else if (word_is(c, i, "last") || word_is(c, i, "final"))
		n = -1;
	else
		return 0;
	int m, k;
	if (!is_cls(c, i + 1, W_WEEKDAY) || c->v[i + 1].len < 6 ||
	    !(is_prep(c, i + 2, P_OF) || is_prep(c, i + 2, P_IN)) ||
	    !(k = month_at(c, i + 3, &m)))
		return 0;
	size_t e = i + 3 + (size_t)k;
	raw r = new_raw(i, e - i, R_DATE, CHR_PREC_DAY);
	r.a = pt(0, m, 0);
	r.a.wd = c->v[i + 1].val;
	r.unit_n = n;
	return emit_of_month(c, &r, i, e);
}

/* Words before a week's days that make them the days of every week:
 * "open Monday to Friday", "office hours Monday-Thursday". */
static bool week_hours_before(const ctx *c, size_t i)
{
	static const char *const cues[] = { "available", "daily", "hours",   "open",
	                                    "opens",     "operate", "operates", "staffed" };
	for (size_t k = 1; k <= 4 && k <= i; k++) {
		if (c->v[i - k].kind != T_WORD)
			return false;
		if (word_in(c, i - k, cues, CHR_ARRAY_LEN(cues)))
			return true;
	}
	return false;
}

/*
 * A bare weekday at i, r's start, that opens a range of weekdays: "from
 * Monday to Friday", "Tuesday through Thursday", "between Monday and
 * Wednesday", and "and" alone for two days in a row ("on Thursday and
 * Friday"). Sets r's end weekday (b.wd) and its tokens and returns them;
 * returns them too, leaving b.wd at -1, for the days of every week ("open
 * Monday to Friday": no date); 0 when no range starts here. When the end
 * is dated ("to Friday 6 March"), r becomes a range whose start is a
 * weekday alone (a.m 0), found back from the end.
 */
static int weekday_range(const ctx *c, size_t i, raw *r)
{
	size_t e = i + 1;
	bool between = is_prep(c, i - 1, P_BETWEEN);
	if (!range_conn(c, e, true) || !is_cls(c, e + 1, W_WEEKDAY) || c->v[e + 1].len <= 5 ||
	    c->v[e + 1].val == c->v[i].val)
		return 0;
	point p;
	bool us;
	int k = weekday_point(c, e + 1, &p, &us);
	if (k > 0) {
		/* "from Monday to Friday 6 March": the start is the last
		 * Monday on or before the end, which the resolver finds */
		if (!p.d || !p.m || is_prep(c, e, P_AND))
			return 0;
		raw q = new_raw(i, e + 1 + (size_t)k - i, R_RANGE, CHR_PREC_DAY);
		q.a = pt(0, 0, 0);
		q.a.wd = c->v[i].val;
		q.b = p;
		q.us_style = us;
		q.cues |= CHR_CUE_RANGE;
		*r = q;
		return (int)q.tn;
	}
	int wd = c->v[e + 1].val;
	if (is_prep(c, e, P_AND) && !between && (wd - c->v[i].val + 7) % 7 != 1)
		return 0; /* "on Monday and Wednesday": two days */
	/* bare, Monday to Friday (or on to the weekend) is the working week
	 * of every week: "call Monday through Friday, 8 a.m. to 4 p.m." */
	bool from = is_prep(c, i - 1, P_FROM);
	if (week_hours_before(c, from ? i - 1 : i) ||
	    (!from && !between && c->v[i].val == 0 && wd >= 4 && !is_prep(c, e, P_AND)))
		return 3;
	r->b.wd = wd;
	r->tn = 3;
	r->cues |= CHR_CUE_RANGE;
	return 3;
}

/* "the fourth of July", "the first of May 2026", "Fourth of July": a day
 * written as an ordinal word (those the table holds, first to eighth). */
static int ordinal_day(ctx *c, size_t i)
{
	int m, k, d = c->v[i].val;
	if (d < 1 || d > 8 || !is_prep(c, i + 1, P_OF) || /* 9: "final" */
	    (k = month_at(c, i + 2, &m)) <= 0)
		return 0;
	size_t j = i + 2 + (size_t)k;
	raw r = new_raw(i, j - i, R_DATE, CHR_PREC_DAY);
	r.a = pt(0, m, d);
	if (year_num(c, j) && right_free(c, j)) {
		r.a.y = c->v[j].val;
		j++;
	}
	r.tn = (uint32_t)(j - i);
	return emit(c, &r) == CHR_OK ? (int)(j - i) : -1;
}

static int weekday_forms(ctx *c, size_t i)
{
	point p;
	bool us;
	/* "Monday 2 to Friday 6 March", "Monday, 16 September - Friday, 20
	 * September 2019": let the day or month patterns read past the
	 * weekday, then widen what they found to include it (and a weekday
	 * before it: "Saturday and Sunday, May 9-10", which is a range) */
	/* "Saturday and Sunday, May 9-10": the two weekdays of a range */
	size_t wi = is_prep(c, i + 1, P_AND) && is_cls(c, i + 2, W_WEEKDAY) ? i + 2 : i;
	size_t j = skip_weekday(c, wi);
	if (j > wi && (day_num(c, j) || is_cls(c, j, W_MONTH))) {
		size_t before = c->out->n;
		int k2 = day_num(c, j) ? day_first(c, j) : month_first(c, j);
		if (k2 < 0)
			return -1;
		if (k2 > 0 && c->out->n > before && c->out->v[before].ti == j &&
		    (wi == i || c->out->v[before].kind == R_RANGE)) {
			raw *r = &c->out->v[before];
			if (r->kind == R_DATE && r->prec == CHR_PREC_DAY)
				r->a.wd = c->v[i].val;
			r->tn += (uint32_t)(j - i);
			r->ti = (uint32_t)i;
			return (int)(j - i) + k2;
		}
		c->out->n = before;
	}
	/* "every Tuesday", "each Monday": a recurrence, no date */
	if (word_is(c, i - 1, "every") || word_is(c, i - 1, "each"))
		return 1;
	int k = weekday_point(c, i, &p, &us);
	if (k > 0) {
		/* a range may follow: Monday 3 to Wednesday 5 June is rare; a
		 * plain point is what news writes */
		raw r = new_raw(i, (size_t)k, R_DATE, CHR_PREC_DAY);
		r.a = p;
		r.us_style = us;
		return emit(c, &r) == CHR_OK ? k : -1;
	}
	if (!is_cls(c, i, W_WEEKDAY))
		return 0;
	const tok *t = &c->v[i];
	/* abbreviations stand alone only in tables, where they are noise */
	if (t->len <= 5 && !word_is(c, i, "friday") && !word_is(c, i, "monday") &&
	    !word_is(c, i, "sunday"))
		return 0;
	/* "Black Monday", "Good Friday": names of days, not dates */
	static const char *const named[] = { "black", "good", "cyber", "super", "ash", "holy",
	                                     "easter", "palm", "bloody", "maundy", "shrove",
	                                     "giving", "whit", "blue" };
	for (size_t q = 0; i > 0 && q < CHR_ARRAY_LEN(named); q++)
		if (word_is(c, i - 1, named[q]) && (c->v[i - 1].flags & F_CAP)) {
			if (q != 1 || t->val != 4 ||
			    (c->out->n && c->out->v[c->out->n - 1].ti + c->out->v[c->out->n - 1].tn > i - 1))
				return 0;
			/* Good Friday: two days before Easter Sunday */
			raw g = new_raw(i - 1, 2, R_FEAST, CHR_PREC_DAY);
			g.unit = FEAST_EASTER;
			g.shift = -2;
			size_t e = i + 1;
			if (year_num(c, e) && right_free(c, e)) {
				g.a.y = c->v[e].val;
				g.tn++;
				e++;
			}
			return emit(c, &g) == CHR_OK ? (int)(e - i) : -1;
		}
	raw r = new_raw(i, 1, R_WEEKDAY, CHR_PREC_DAY);
	r.a.wd = t->val;
	r.shift = 2; /* no shift word: the tense decides */
	int k2 = weekday_range(c, i, &r);
	if (k2)
		return r.b.wd < 0 && r.kind != R_RANGE ? k2 : emit(c, &r) == CHR_OK ? k2 : -1;
	r.tn += (uint32_t)daypart_after(c, i + 1);
	return emit(c, &r) == CHR_OK ? (int)r.tn : -1;
}

/* "on the 15th", "the 2nd of next month": a day of a month that is not
 * named. Bare, only after a preposition of time and before punctuation
 * ("the 15th floor", "the 15th anniversary" are no days). i is the number. */
static int month_day(ctx *c, size_t i)
{
	const tok *t = &c->v[i];
	if (!(t->flags & F_ORD) || t->val < 1 || t->val > 31 || !is_prep(c, i - 1, P_THE) ||
	    (c->out->n && c->out->v[c->out->n - 1].ti + c->out->v[c->out->n - 1].tn > i - 1))
		return 0;
	raw r = new_raw(i - 1, 2, R_MDAY, CHR_PREC_DAY);
	r.a.d = t->val;
	if (is_prep(c, i + 1, P_OF) && is_cls(c, i + 2, W_SHIFT) && word_is(c, i + 3, "month") &&
	    (word_is(c, i + 2, "this") || word_is(c, i + 2, "next") || word_is(c, i + 2, "last"))) {
		r.shift = c->v[i + 2].val;
		r.tn = 5;
		return emit(c, &r) == CHR_OK ? 4 : -1;
	}
	const tok *n = at(c, i + 1);
	static const int before[] = { P_ON, P_BY, P_UNTIL, P_TILL, P_FROM, P_SINCE, P_BEFORE,
	                              P_AFTER };
	bool prep = false;
	for (size_t q = 0; q < CHR_ARRAY_LEN(before) && !prep; q++)
		prep = is_prep(c, i - 2, before[q]);
	if (!prep || (n && n->kind != T_PUNCT && !(n->flags & F_NL)) ||
	    (n && n->kind == T_PUNCT && (n->ch == '-' || n->ch == '/' || n->ch == ':')))
		return 0;
	r.shift = 2;
	return emit(c, &r) == CHR_OK ? 1 : -1;
}

/* ---- holidays ---------------------------------------------------------------------------- */

/* A bare holiday name is a date after a preposition of time ("before
 * Christmas", "over Easter", "ahead of Halloween") when nothing it could
 * qualify follows ("before Christmas shopping starts" is about the
 * shopping). */
static bool holiday_alone(const ctx *c, size_t i, size_t j)
{
	if (i == 0)
		return false;
	static const int before[] = { P_BEFORE, P_AFTER, P_BY, P_UNTIL, P_TILL, P_SINCE, P_AT,
	                              P_FOR, P_AROUND, P_DURING, P_THROUGH, P_ON };
	bool ok = word_is(c, i - 1, "over") ||
	          (i >= 2 && is_prep(c, i - 1, P_OF) && word_is(c, i - 2, "ahead"));
	for (size_t q = 0; q < CHR_ARRAY_LEN(before) && !ok; q++)
		ok = is_prep(c, i - 1, before[q]);
	const tok *n = at(c, j);
	return ok && (!n || n->kind == T_PUNCT || (n->flags & F_NL) ||
	              (n->kind == T_WORD && n->cls == W_PREP));
}

/* Christmas [Day|Eve] [YEAR], Easter [Sunday|Monday|weekend] [YEAR],
 * Halloween, Thanksgiving [Day], Boxing Day: days of the calendar, their
 * year by tense when not written. */
static int holiday_at(ctx *c, size_t i)
{
	int h = c->v[i].val;
	size_t j = i + 1;
	bool named = false;
	raw r;
	if (h == 2 || h == 4) {
		r = new_raw(i, 1, R_FEAST, CHR_PREC_DAY);
		r.unit = h == 2 ? FEAST_EASTER : FEAST_THANKSGIVING;
		if (h == 2 && (word_is(c, j, "sunday") || word_is(c, j, "monday"))) {
			r.shift = word_is(c, j, "monday");
			named = true;
			j++;
		} else if (h == 2 && word_is(c, j, "weekend")) {
			/* Good Friday to Easter Monday, the four days of the
			 * holiday where it has a Monday, which the Sunday's
			 * weekend of the week does not cover */
			r.shift = -2;
			r.unit_n = 3;
			named = true;
			j++;
		} else if (h == 4 && word_is(c, j, "day")) {
			named = true;
			j++;
		}
	} else {
		if (h == 5 && !word_is(c, j, "day"))
			return 0; /* "Boxing" is a sport */
		int m = h == 3 ? 10 : 12, d = h == 1 ? 25 : h == 3 ? 31 : 26;
		if (h != 3 && (word_is(c, j, "day") || (h == 1 && word_is(c, j, "eve")))) {
			d = word_is(c, j, "eve") ? 24 : d;
			named = true;
			j++;
		}
		r = new_raw(i, j - i, R_DATE, CHR_PREC_DAY);
		r.a = pt(0, m, d);
	}
	if (year_num(c, j) && right_free(c, j)) {
		r.a.y = c->v[j].val;
		named = true;
		j++;
	} else if (named && is_prep(c, j, P_OF) && year_num(c, j + 1) && right_free(c, j + 1)) {
		r.a.y = c->v[j + 1].val; /* "the Easter weekend of 2027" */
		j += 2;
	} else if (!named && !holiday_alone(c, i, j)) {
		return 0;
	}
	r.tn = (uint32_t)(j - i);
	return emit(c, &r) == CHR_OK ? (int)(j - i) : -1;
}

/* New Year's Day, New Year's Eve [YEAR]; i is "Year". */
static int new_year(ctx *c, size_t i)
{
	if (i == 0 || !word_is(c, i - 1, "new") || !(c->v[i - 1].flags & F_CAP) ||
	    !(c->v[i].flags & F_CAP) || !is_punct(c, i + 1, '\'') || !glued(c, i) ||
	    !word_is(c, i + 2, "s") || !glued(c, i + 1) ||
	    !(word_is(c, i + 3, "day") || word_is(c, i + 3, "eve")) ||
	    (c->out->n && c->out->v[c->out->n - 1].ti + c->out->v[c->out->n - 1].tn > i - 1))
		return 0;
	bool eve = word_is(c, i + 3, "eve");
	size_t j = i + 4;
	raw r = new_raw(i - 1, j - i + 1, R_DATE, CHR_PREC_DAY);
	r.a = eve ? pt(0, 12, 31) : pt(0, 1, 1);
	if (year_num(c, j) && right_free(c, j)) {
		r.a.y = c->v[j].val;
		r.tn++;
		j++;
	}
	return emit(c, &r) == CHR_OK ? (int)(j - i) : -1;
}

/* ---- times of day --------------------------------------------------------------------- */

static int tz_at(const ctx *c, size_t i, time_at *t)
{
	if (!is_cls(c, i, W_TZ))
		return 0;
	t->has_tz = true;
	t->tz_minutes = c->v[i].val;
	if (t->tz_minutes > CHR_TZ_SEASONAL / 2) {
		t->tz_minutes -= CHR_TZ_SEASONAL; /* "ET": see CHR_TZ_SEASONAL */
		t->tz_seasonal = true;
		return 1;
	}
	size_t j = i + 1;
	/* GMT+2, UTC-05:00, GMT+0530: hours up to 14, minutes up to 59,
	 * and the zone in all within a day's width of UTC; anything else
	 * ("GMT+5:5802") leaves the zone name alone. */
	if (glued(c, i) && (is_punct(c, j, '+') || is_dash(c, j)) && is_num(c, j + 1) &&
	    glued(c, j)) {
		int sign = is_dash(c, j) ? -1 : 1, hh = -1, mm = 0;
		size_t e = j + 2;
		const int val = c->v[j + 1].val, ndig = c->v[j + 1].ndig;
		if (ndig == 4) {
			hh = val / 100;
			mm = val % 100;
		} else if (ndig <= 2) {
			hh = val;
			if (is_punct(c, e, ':') && glued(c, e - 1) && is_num(c, e + 1) && glued(c, e)) {
				mm = c->v[e + 1].ndig == 2 ? c->v[e + 1].val : 60;
				e += 2;
			}
		}
		int total = t->tz_minutes + sign * (hh * 60 + mm);
		if (hh >= 0 && hh <= 14 && mm <= 59 && total >= -14 * 60 && total <= 14 * 60) {
			t->tz_minutes = total;
			return (int)(e - i);
		}
	}
	return 1;
}

/* 14:00, 9:30 a.m., 10 a.m., noon; then optionally "- 11:00" and a zone. */
static int clock_at(const ctx *c, size_t i, int *h, int *m)
{
	if (is_num(c, i) && c->v[i].ndig <= 2 && is_punct(c, i + 1, ':') && glued(c, i) &&
	    is_num(c, i + 2) && glued(c, i + 1) && c->v[i + 2].ndig == 2) {
		*h = c->v[i].val;
		*m = c->v[i + 2].val;
		if (*h > 24 || *m > 59)
			return 0;
		size_t j = i + 3;
		if (is_punct(c, j, ':') && glued(c, j - 1) && is_num(c, j + 1) && glued(c, j))
			j += 2;
		if (is_cls(c, j, W_AMPM)) {
			if (*h > 12 || *h == 0)
				return 0;
			*h = *h % 12 + c->v[j].val;
			j++;
		} else if (word_is(c, j, "h") || word_is(c, j, "hrs") || word_is(c, j, "hours")) {
			j++;
		}
		return (int)(j - i);
	}
	if (is_num(c, i) && c->v[i].ndig <= 2 && is_punct(c, i + 1, '.') && glued(c, i) &&
	    is_num(c, i + 2) && c->v[i + 2].ndig == 2 && is_cls(c, i + 3, W_AMPM)) {
		*h = c->v[i].val;
		*m = c->v[i + 2].val;
		if (*h > 12 || *h == 0 || *m > 59)
			return 0;
		*h = *h % 12 + c->v[i + 3].val;
		return 4;
	}
	if (is_num(c, i) && c->v[i].ndig <= 2 && c->v[i].val >= 1 && c->v[i].val <= 12 &&
	    is_cls(c, i + 1, W_AMPM)) {
		*h = c->v[i].val % 12 + c->v[i + 1].val;
		*m = 0;
		return 2;
	}
	if (is_num(c, i) && c->v[i].ndig == 4 && c->v[i].val % 100 < 60 && c->v[i].val < 2400 &&
	    zone_after_number(c, i + 1)) {
		*h = c->v[i].val / 100; /* 2000 GMT */
		*m = c->v[i].val % 100;
		return 1;
	}
	/* not "midnight": closing "at midnight on 9 October" is the day's
	 * end, starting at midnight its beginning */
	if ((word_is(c, i, "noon") || word_is(c, i, "midday")) &&
	    (is_prep(c, i - 1, P_AT) || is_prep(c, i - 1, P_BY) || is_prep(c, i - 1, P_FROM) ||
	     is_prep(c, i - 1, P_UNTIL) || is_prep(c, i - 1, P_TILL))) {
		*h = 12;
		*m = 0;
		return 1;
	}
	return 0;
}

static int time_phrase(ctx *c, size_t i)
{
	int h, m;
	/* "open until 9 p.m.": a time things last until is when they end,
	 * no start for the day's entry ("from 7 a.m. until 8 p.m." is one
	 * range, read from its first time) */
	if (is_prep(c, i - 1, P_UNTIL) || is_prep(c, i - 1, P_TILL))
		return 0;
	int k = clock_at(c, i, &h, &m);
	/* 9-11 a.m.: the first hour takes the second's a.m. or p.m. */
	if (!k && is_num(c, i) && c->v[i].ndig <= 2 && c->v[i].val >= 1 && c->v[i].val <= 12 &&
	    range_conn(c, i + 1, false) && is_num(c, i + 2) && c->v[i + 2].ndig <= 2 &&
	    is_cls(c, i + 3, W_AMPM) && c->v[i + 2].val >= 1 && c->v[i + 2].val <= 12 &&
	    num_isolated(c, i)) {
		time_at t;
		memset(&t, 0, sizeof t);
		t.ti = (uint32_t)i;
		t.hour = c->v[i].val % 12 + c->v[i + 3].val;
		t.minute = 0;
		t.end_hour = c->v[i + 2].val % 12 + c->v[i + 3].val;
		t.end_minute = 0;
		if (t.end_hour < t.hour && c->v[i + 3].val == 12)
			t.hour -= 12; /* 11-1 p.m. starts in the morning */
		size_t j = i + 4;
		j += (size_t)tz_at(c, j, &t);
		if (chr_times_push(c->tout, &t) != CHR_OK)
			return -1;
		return (int)(j - i);
	}
	if (!k)
		return 0;
	if (i > 0 && glued(c, i - 1) && (c->v[i - 1].kind == T_NUM || c->v[i - 1].kind == T_WORD))
		return 0;
	time_at t;
	memset(&t, 0, sizeof t);
	t.ti = (uint32_t)i;
	t.hour = h;
	t.minute = m;
	t.end_hour = t.end_minute = -1;
	size_t j = i + (size_t)k;
	int h2, m2, k2;
	if (range_conn(c, j, is_prep(c, i - 1, P_BETWEEN)) &&
	    (k2 = clock_at(c, j + 1, &h2, &m2)) > 0) {
		/* 10 - 11 a.m.: the second half's a.m./p.m. applies to both */
		t.end_hour = h2;
		t.end_minute = m2;
		j += 1 + (size_t)k2;
	}
	if (is_punct(c, j, '(') && is_cls(c, j + 1, W_TZ)) {
		int kz = tz_at(c, j + 1, &t);
		j += 1 + (size_t)kz + is_punct(c, j + 1 + (size_t)kz, ')');
	} else {
		j += (size_t)tz_at(c, j, &t);
	}
	if (word_is(c, j, "local") && word_is(c, j + 1, "time"))
		j += 2;
	if (chr_times_push(c->tout, &t) != CHR_OK)
		return -1;
	return (int)(j - i);
}

/* ---- durations and vague references ----------------------------------------------------- */

/* six years, a day, five-year, 30 minutes, two consecutive quarters,
 * several years; with "the past"/"the next"/"the last" in front when
 * written. Reported with an ISO 8601 value and no calendar span. */
static int duration_at(ctx *c, size_t i)
{
	const tok *t = at(c, i);
	int n;
	size_t j = i + 1;
	bool article = false;
	if (t->kind == T_NUM) {
		if (t->ndig > 4 || (t->flags & (F_ORD | F_PLURAL_S)) || !num_isolated(c, i) ||
		    t->val == 0)
			return 0;
		n = t->val;
	} else if (t->kind == T_WORD && t->cls == W_NUMWORD) {
		n = t->val;
		article = word_is(c, i, "a") || word_is(c, i, "an");
		/* twenty-five */
		if (n >= 20 && is_dash(c, j) && glued(c, i) && is_cls(c, j + 1, W_NUMWORD) &&
		    c->v[j + 1].val > 0 && c->v[j + 1].val < 10) {
			n += c->v[j + 1].val;
			j += 2;
		}
	} else if (word_is(c, i, "single") || word_is(c, i, "one")) {
		n = 1;
	} else {
		return 0;
	}
	bool hyphen = false;
	if (is_dash(c, j) && glued(c, j - 1) && glued(c, j)) {
		hyphen = true;
		j++;
	} else if (!article && (word_is(c, j, "consecutive") || word_is(c, j, "straight") ||
	                        word_is(c, j, "full") || word_is(c, j, "more") ||
	                        word_is(c, j, "additional") || word_is(c, j, "trading"))) {
		j++;
	}
	int unit;
	if (is_cls(c, j, W_UNIT))
		unit = c->v[j].val;
	else if (is_cls(c, j, W_CENTURY))
		unit = -1;
	else
		return 0;
	if (unit == U_HALF || unit == U_WEEKEND || (article && unit == U_QUARTER))
		return 0;
	/* "33-year-old" is an age; "two years ago" is a date */
	if (is_cls(c, j + 1, W_AGO) || is_cls(c, j + 1, W_EARLIER) || word_is(c, j + 1, "old") ||
	    (is_dash(c, j + 1) && word_is(c, j + 2, "old")))
		return 0;
	if (hyphen && n < 0)
		return 0;
	const char *fmt = "P%s%dY";
	int q = n;
	switch (unit) {
	case U_DAY: fmt = "P%s%dD"; break;
	case U_WEEK: fmt = "P%s%dW"; break;
	case U_MONTH: fmt = "P%s%dM"; break;
	case U_QUARTER: fmt = "P%s%dM"; q = n * 3; break;
	case U_YEAR: break;
	case U_DECADE: q = n * 10; break;
	case U_HOUR: fmt = "P%sT%dH"; break;
	case U_MINUTE: fmt = "P%sT%dM"; break;
	default: q = n * 100; break; /* centuries */
	}
	raw r = new_raw(i, j + 1 - i, R_DURATION,
	                unit == U_WEEK ? CHR_PREC_WEEK : unit == U_MONTH || unit == U_QUARTER
	                                                      ? CHR_PREC_MONTH
	                : unit == U_YEAR   ? CHR_PREC_YEAR
	                : unit == U_DECADE ? CHR_PREC_DECADE
	                : unit < 0         ? CHR_PREC_CENTURY
	                                   : CHR_PREC_DAY);
	if (n < 0) {
		char x[8];
		snprintf(x, sizeof x, "%s", fmt[2] == 'T' ? "PTX" : "PX");
		snprintf(r.value, sizeof r.value, "%s%c", x, fmt[strlen(fmt) - 1]);
	} else {
		snprintf(r.value, sizeof r.value, fmt, "", q);
	}
	r.cues |= CHR_CUE_DURATION;
	/* the past nine days, the next four years */
	if (i >= 2 && is_prep(c, i - 2, P_THE) &&
	    (word_is(c, i - 1, "past") || word_is(c, i - 1, "next") || word_is(c, i - 1, "last") ||
	     word_is(c, i - 1, "first") || word_is(c, i - 1, "coming")))
		r.ti -= 2, r.tn += 2;
	else {
		int mod;
		size_t before = quantity_before(c, i, &mod);
		r.ti -= (uint32_t)before, r.tn += (uint32_t)before;
		r.mod = (uint8_t)mod;
	}
	return emit(c, &r) == CHR_OK ? (int)(j + 1 - i) : -1;
}

static chr_status emit_ref(ctx *c, size_t i, size_t n, int shift)
{
	raw r = new_raw(i, n, R_REF, CHR_PREC_DAY);
	r.shift = shift;
	return emit(c, &r);
}

/* now, currently, recently, more recently */
static int ref_word(ctx *c, size_t i)
{
	if (!is_cls(c, i, W_REF))
		return 0;
	if (word_is(c, i, "now") && (word_is(c, i + 1, "that") || is_punct(c, i - 1, '\'')))
		return 0;
	/* "the now-defunct firm", "a recently-built road": part of an
	 * adjective that describes a thing, not a time the text speaks of */
	if (is_dash(c, i + 1) && glued(c, i) && glued(c, i + 1) && at(c, i + 2) &&
	    c->v[i + 2].kind == T_WORD)
		return 0;
	/* "soon" only as "very soon" */
	if (word_is(c, i, "soon") && !word_is(c, i - 1, "very"))
		return 0;
	if (word_is(c, i, "soon"))
		return emit_ref(c, i - 1, 2, 1) == CHR_OK ? 1 : -1;
	if (word_is(c, i, "recent")) {
		const tok *u = at(c, i + 1);
		if (u && u->kind == T_WORD && u->cls == W_UNIT &&
		    c->text[u->start + u->len - 1] == 's')
			return emit_ref(c, i, 2, -1) == CHR_OK ? 2 : -1; /* recent years */
		/* "recent moves", "the recent downturn": before a noun, a time
		 * just past, as TimeML marks it; "the most recent model" and "a
		 * more recent one" compare ages and name no time */
		if (!u || u->kind != T_WORD || word_is(c, i - 1, "most") || word_is(c, i - 1, "more"))
			return 0;
		if (word_is(c, i + 1, "past") && is_prep(c, i - 1, P_THE) &&
		    !(c->out->n && c->out->v[c->out->n - 1].ti + c->out->v[c->out->n - 1].tn > i - 1))
			return emit_ref(c, i - 1, 3, -1) == CHR_OK ? 2 : -1; /* the recent past */
		return emit_ref(c, i, 1, -1) == CHR_OK ? 1 : -1;
	}
	size_t s = i;
	if (i > 0 && (word_is(c, i - 1, "more") || word_is(c, i - 1, "most") ||
	              word_is(c, i - 1, "until") || word_is(c, i - 1, "right")))
		s = i - 1;
	if (s < i && c->out->n && c->out->v[c->out->n - 1].ti + c->out->v[c->out->n - 1].tn > s)
		s = i;
	return emit_ref(c, s, i + 1 - s, c->v[i].val) == CHR_OK ? 1 : -1;
}

/* Every phrase of the_phrase goes on after "the" with one of near,
 * future, past, time, long, short, medium, weekend, same, day: a word
 * whose first letter and length are not those of one ends it, as most
 * words after "the" do. */
static bool the_may_go_on(const ctx *c, size_t i)
{
	const tok *n1 = at(c, i + 1);
	if (!n1 || n1->kind != T_WORD || n1->len < 3 || n1->len > 7)
		return false;
	unsigned lens;
	switch ((unsigned char)n1->ch) {
	case 'n': case 'p': case 't': case 'l': lens = 1u << 4; break;
	case 'f': case 'm': lens = 1u << 6; break;
	case 's': lens = 1u << 4 | 1u << 5; break;
	case 'w': lens = 1u << 7; break;
	case 'd': lens = 1u << 3; break;
	default: return false;
	}
	return (lens >> n1->len) & 1;
}

/*
 * "the same period last year", "the same month a year ago", "the same
 * quarter of the previous year", "the same day in 2019": the span the text
 * last spoke of (or, for a unit, the one of the publication date), moved
 * to another year. Business news compares figures this way. j is the
 * token after "same"; returns the tokens used from i ("the") or 0.
 */
static int same_period(ctx *c, size_t i, size_t j)
{
	int unit = U_YEAR; /* any span: "period", "time" */
	if (is_cls(c, j, W_UNIT)) {
		unit = c->v[j].val;
		if ((unit != U_DAY && unit != U_WEEK && unit != U_MONTH && unit != U_QUARTER) ||
		    c->text[c->v[j].start + c->v[j].len - 1] == 's')
			return 0;
	} else if (!word_is(c, j, "period") && !word_is(c, j, "time")) {
		return 0;
	}
	size_t k = j + 1;
	if (is_punct(c, k, ','))
		k++;
	size_t q = is_prep(c, k, P_OF) || is_prep(c, k, P_IN) ? k + 1 : k;
	int shift = 0, year = 0;
	size_t e = 0;
	if (is_prep(c, q, P_THE) && is_cls(c, q + 1, W_SHIFT) && c->v[q + 1].val != 0 &&
	    year_word(c, q + 2)) {
		shift = c->v[q + 1].val; /* the previous year, of the last year */
		e = q + 3;
	} else if (is_cls(c, q, W_SHIFT) && c->v[q].val != 0 && !word_is(c, q, "past") &&
	           !word_is(c, q, "coming") && !word_is(c, q, "previous") &&
	           !word_is(c, q, "following") && year_word(c, q + 1)) {
		shift = c->v[q].val; /* last year, next year: from the publication's year */
		e = q + 2;
		year = -1;
	} else if (q > k && year_num(c, q) && right_free(c, q)) {
		year = c->v[q].val; /* of 2019, in 2019 */
		e = q + 1;
	} else if (is_prep(c, k, P_THE) && year_word(c, k + 1) &&
	           (is_prep(c, k + 2, P_BEFORE) || word_is(c, k + 2, "prior") ||
	            word_is(c, k + 2, "earlier"))) {
		shift = -1; /* the year before */
		e = k + 3;
	} else {
		int n = 0;
		if (is_cls(c, k, W_NUMWORD))
			n = c->v[k].val;
		else if (is_num(c, k) && c->v[k].ndig == 1 && !(c->v[k].flags & F_ORD))
			n = c->v[k].val;
		if (n <= 0 || n > 9 || !is_cls(c, k + 1, W_UNIT) || c->v[k + 1].val != U_YEAR)
			return 0;
		if (is_cls(c, k + 2, W_AGO) || (is_cls(c, k + 2, W_EARLIER) && c->v[k + 2].val < 0) ||
		    is_prep(c, k + 2, P_BEFORE) || word_is(c, k + 2, "prior"))
			shift = -n; /* a year ago, a year earlier, two years before */
		else if (is_cls(c, k + 2, W_EARLIER) && c->v[k + 2].val > 0)
			shift = n; /* a year later */
		else
			return 0;
		e = k + 3;
	}
	raw r = new_raw(i, e - i, R_SAME, unit == U_DAY ? CHR_PREC_DAY :
	                unit == U_WEEK ? CHR_PREC_WEEK : unit == U_MONTH ? CHR_PREC_MONTH :
	                unit == U_QUARTER ? CHR_PREC_QUARTER : CHR_PREC_YEAR);
	r.unit = (uint8_t)unit;
	r.shift = shift;
	if (year > 0) {
		r.a.y = year;
	} else if (year < 0) {
		r.a.yshift = 1;
		r.a.yrel = shift;
	}
	return emit(c, &r) == CHR_OK ? (int)(e - i) : -1;
}

/* Phrases that begin with "the": the future, the past, the time being,
 * the near/long term, and "the day" / "the same day" (the day last
 * spoken of: in market reports, the trading day). */
static int the_phrase(ctx *c, size_t i)
{
	if (word_is(c, i, "day") && word_is(c, i - 1, "that") &&
	    !word_is(c, i + 1, "when") && !word_is(c, i + 1, "of")) {
		raw r = new_raw(i - 1, 2, R_ANAPHOR, CHR_PREC_DAY);
		return emit(c, &r) == CHR_OK ? 1 : -1;
	}
	if (!is_prep(c, i, P_THE))
		return 0;
	if (!the_may_go_on(c, i))
		return 0;
	size_t j = i + 1;
	if (word_is(c, j, "near") && word_is(c, j + 1, "future"))
		j++;
	if (word_is(c, j, "future"))
		return emit_ref(c, i, j + 1 - i, 1) == CHR_OK ? (int)(j + 1 - i) : -1;
	if (word_is(c, j, "past") && !is_num(c, j + 1) && !is_cls(c, j + 1, W_NUMWORD) &&
	    !is_cls(c, j + 1, W_UNIT) && !is_cls(c, j + 1, W_CENTURY) &&
	    !(at(c, j + 1) && at(c, j + 1)->kind == T_WORD && at(c, j + 1)->cls == W_NONE &&
	      !(at(c, j + 1)->flags & F_CAP) && !word_is(c, j + 1, "and") && false))
		return emit_ref(c, i, 2, -1) == CHR_OK ? 2 : -1;
	if (word_is(c, j, "time") && word_is(c, j + 1, "being"))
		return emit_ref(c, i, 3, 0) == CHR_OK ? 3 : -1;
	if ((word_is(c, j, "near") || word_is(c, j, "long") || word_is(c, j, "short") ||
	     word_is(c, j, "medium")) && word_is(c, j + 1, "term"))
		return emit_ref(c, i, 3, 1) == CHR_OK ? 3 : -1;
	if (word_is(c, j, "weekend")) {
		/* "the weekend of 21-22 March": the days say which */
		if (is_prep(c, j + 1, P_OF) && (day_num(c, j + 2) || is_cls(c, j + 2, W_MONTH) ||
		                                is_cls(c, j + 2, W_WEEKDAY)))
			return 3;
		raw r = new_raw(i, 2, R_SHIFTED, CHR_PREC_WEEK);
		r.unit = U_WEEKEND;
		return emit(c, &r) == CHR_OK ? 2 : -1;
	}
	bool same = word_is(c, j, "same");
	if (same) {
		j++;
		int k = same_period(c, i, j);
		if (k)
			return k;
	}
	if (!word_is(c, j, "day"))
		return 0;
	/* "at the start of the day": the day spoken of, from its start ("the
	 * end of the day" is as often "when all is said and done": left out) */
	if (!same && i >= 3 && is_prep(c, i - 1, P_OF) && is_prep(c, i - 3, P_THE) &&
	    (word_is(c, i - 2, "start") || word_is(c, i - 2, "beginning")) &&
	    !is_prep(c, j + 1, P_OF) &&
	    !(c->out->n && c->out->v[c->out->n - 1].ti + c->out->v[c->out->n - 1].tn > i - 3)) {
		raw r = new_raw(i - 3, j + 4 - i, R_ANAPHOR, CHR_PREC_DAY);
		r.mod = CHR_MOD_START;
		return emit(c, &r) == CHR_OK ? (int)(j + 1 - i) : -1;
	}
	/* "late in the day", "early in the day": the day spoken of, with its
	 * modifier, as TimeML marks it ("later in the day" relates two times:
	 * "the day" alone); "after" may follow ("late in the day after
	 * falling") */
	if (!same && i >= 2 && is_prep(c, i - 1, P_IN) &&
	    (word_is(c, i - 2, "early") || word_is(c, i - 2, "late")) && !is_prep(c, j + 1, P_OF) &&
	    !(c->out->n && c->out->v[c->out->n - 1].ti + c->out->v[c->out->n - 1].tn > i - 2)) {
		raw r = new_raw(i - 2, j + 3 - i, R_ANAPHOR, CHR_PREC_DAY);
		r.mod = (uint8_t)c->v[i - 2].val;
		return emit(c, &r) == CHR_OK ? (int)(j + 1 - i) : -1;
	}
	static const char *const after[] = { "after", "before", "of", "when", "that", "which",
	                                     "following", "prior", "on", "in", "we", "they",
	                                     "he", "she", "it", "i", "you" };
	for (size_t q = 0; q < CHR_ARRAY_LEN(after); q++)
		if (word_is(c, j + 1, after[q]))
			return 0;
	if (!same) {
		static const char *const before[] = { "end", "ended", "ending", "ends", "finish",
		                                      "finished", "finishing", "for", "on", "during",
		                                      "in", "close", "closed", "closing", "over" };
		bool ok = false;
		for (size_t q = 0; q < CHR_ARRAY_LEN(before) && !ok; q++)
			ok = word_is(c, i - 1, before[q]);
		if (!ok)
			return 0;
	}
	raw r = new_raw(i, j + 1 - i, R_ANAPHOR, CHR_PREC_DAY);
	return emit(c, &r) == CHR_OK ? (int)(j + 1 - i) : -1;
}

/* "by that time", "at that time", "until that time": the time spoken of
 * just before (resolve.c: nothing when there is none nearby). i is the
 * preposition, which the mention leaves out. */
static int that_time(ctx *c, size_t i)
{
	int p = c->v[i].val;
	if (p != P_BY && p != P_AT && p != P_UNTIL && p != P_SINCE && p != P_BEFORE &&
	    p != P_AFTER && p != P_FROM)
		return 0;
	if (!word_is(c, i + 1, "that") || !word_is(c, i + 2, "time"))
		return 0;
	raw r = new_raw(i + 1, 2, R_SAME, CHR_PREC_YEAR);
	r.unit = U_YEAR;
	r.from_last = true;
	return emit(c, &r) == CHR_OK ? 3 : -1;
}

/* ---- the scan ---------------------------------------------------------------------------- */

typedef int (*pattern)(ctx *, size_t);

/*
 * The patterns that start at a number, in this order: decade, '82, ISO,
 * compact range, slash date, time, ago, century, day first, year,
 * duration. Each is tried only where the token after the number can pass
 * its first tests (read off each pattern), which most numbers of a text
 * ("809,000", "53 million") cannot: trying all eleven on every number was
 * the grammar's main cost. A pattern whose first tests change must change
 * here too.
 */
static int number_forms(ctx *c, size_t i)
{
	const tok *t = &c->v[i], *n1 = at(c, i + 1);
	bool g1 = n1 && n1->start == t->start + t->len;
	raw r;
	int k = 0;
	/* decade_at: 1990s, 1990's, '80s */
	if (t->kind != T_NUM ||
	    (t->val % 10 == 0 &&
	     ((t->flags & F_PLURAL_S) || (n1 && n1->kind == T_PUNCT && n1->ch == '\''))))
		k = decade_at(c, i, &r);
	if (k > 0) {
		if (is_prep(c, i - 1, P_THE))
			r.ti--, r.tn++;
		return emit(c, &r) == CHR_OK ? k : -1;
	}
	/* '82 after a preposition: "since '82" */
	if (is_punct(c, i, '\'') && glued(c, i) && is_num(c, i + 1) && c->v[i + 1].ndig == 2 &&
	    !(c->v[i + 1].flags & (F_ORD | F_PLURAL_S)) && right_free(c, i + 1) &&
	    (is_prep(c, i - 1, P_SINCE) || is_prep(c, i - 1, P_IN) || is_prep(c, i - 1, P_OF) ||
	     is_prep(c, i - 1, P_UNTIL) || is_prep(c, i - 1, P_FROM))) {
		r = new_raw(i, 2, R_DATE, CHR_PREC_YEAR);
		int y = c->v[i + 1].val;
		r.a = pt(y + (y < 40 ? 2000 : 1900), 0, 0);
		return emit(c, &r) == CHR_OK ? 2 : -1;
	}
	if (t->kind == T_PUNCT)
		return 0;
	unsigned nd = t->ndig;
	bool dash1 = n1 && n1->kind == T_DASH, word1 = n1 && n1->kind == T_WORD;
	bool punct1 = n1 && n1->kind == T_PUNCT;
	if (nd == 4 && dash1 && g1 && (k = iso_forms(c, i)) != 0)
		return k;
	if (nd == 6 && dash1 && g1 && (k = compact_range(c, i)) != 0)
		return k;
	if (nd <= 2 && punct1 && n1->ch == '/' && g1 && (k = slash_date(c, i)) != 0)
		return k;
	if (nd <= 2 && punct1 && n1->ch == '.' && g1 && (k = dotted_date(c, i)) != 0)
		return k;
	/* clock_at: 10:30, 9.30 a.m., 10 a.m., 2000 GMT; or 9-11 a.m. */
	if (((punct1 && (n1->ch == ':' || n1->ch == '.')) || dash1 ||
	     (word1 && (n1->cls == W_AMPM || n1->cls == W_TZ || n1->cls == W_PREP))) &&
	    (k = time_phrase(c, i)) != 0)
		return k;
	if (word1 && n1->cls == W_UNIT && (k = ago_phrase(c, i)) != 0)
		return k;
	if (word1 && n1->cls == W_CENTURY && (k = century_at(c, i)) != 0)
		return k;
	if (nd <= 2 && t->val >= 1 && t->val <= 31 && !(t->flags & F_PLURAL_S) &&
	    (k = day_first(c, i)) != 0)
		return k;
	if (nd <= 2 && (t->flags & F_ORD) && (k = month_day(c, i)) != 0)
		return k;
	if (nd == 4 && (k = year_forms(c, i)) != 0)
		return k;
	if ((word1 || dash1) && (k = duration_at(c, i)) != 0)
		return k;
	return 0;
}

static int try_all(ctx *c, size_t i, const pattern *tries, size_t n)
{
	int k;
	for (size_t q = 0; q < n; q++)
		if ((k = tries[q](c, i)) != 0)
			return k;
	return 0;
}

#define TRY(c, i, ...) \
	try_all((c), (i), (const pattern[]){ __VA_ARGS__ }, \
	        sizeof((const pattern[]){ __VA_ARGS__ }) / sizeof(pattern))

/* A unit or "century" among the four tokens after a number word: each of
 * its patterns needs one ("two years", "a week ago", "twenty-first
 * century", "twenty-five-year"), and most number words ("a", "one") have
 * none. */
static bool unit_soon(const ctx *c, size_t i)
{
	for (size_t j = i + 1; j <= i + 4 && j < c->n; j++)
		if (c->v[j].kind == T_WORD && (c->v[j].cls == W_UNIT || c->v[j].cls == W_CENTURY))
			return true;
	return false;
}

/*
 * The word patterns, tried at a word by its class, in this order: weekday
 * forms, month first, mod phrase, part phrase, Q/H, season, week of,
 * century, day-relative, shift, ago, time, "the" phrases, ref word,
 * duration. Each class lists only the patterns whose first test it can
 * pass (read off each pattern): most words of a text ("of", "said", "a")
 * are in the word table but start no date, and trying all fifteen patterns
 * on each was the grammar's main cost. A pattern that starts with another
 * class must be added to that class here.
 */
static int word_forms(ctx *c, size_t i)
{
	const tok *k = &c->v[i];
	switch (k->cls) {
	case W_WEEKDAY: return weekday_forms(c, i);
	case W_MONTH: return month_first(c, i);
	case W_MOD: return mod_phrase(c, i);
	case W_ORDWORD: return TRY(c, i, nth_weekday, part_phrase, week_part, ordinal_day);
	case W_SHIFT: /* last, this */
		return TRY(c, i, nth_weekday, part_phrase, week_part, dayrel_at, shift_phrase);
	case W_QH: return qh_phrase(c, i);
	case W_SEASON: return season_phrase(c, i);
	case W_UNIT: /* week of, the weeks ahead, a third straight day, that day */
		return TRY(c, i, week_of, units_ahead, nth_in_a_row, unit_beside, unit_end,
		           whole_unit, in_the_unit, new_year, year_ago_unit, the_phrase);
	case W_NUMWORD: return unit_soon(c, i) ? TRY(c, i, century_at, ago_phrase, duration_at) : 0;
	case W_EARLIER: return TRY(c, i, dayrel_at, shift_phrase);
	case W_DAYREL: return dayrel_at(c, i);
	case W_DAYPART: return time_phrase(c, i); /* at noon */
	case W_REF: return ref_word(c, i);
	case W_HOLIDAY: return holiday_at(c, i);
	case W_PREP:
		if (k->val == P_THE)
			return the_may_go_on(c, i) ? the_phrase(c, i) : 0;
		return that_time(c, i);
	default: return 0;
	}
}

/* A day or month without a year, then "last year", "this year" or "next
 * year" (or "of last year"): the date takes the publication's year plus
 * that shift ("in March last year", "on 1 January next year"). Both stay
 * mentions of their own, as TimeML marks them. Raws from index `from` on
 * are looked at, in text order. */
static void join_relative_years(ctx *c, size_t from)
{
	raws *o = c->out;
	for (size_t k = from; k + 1 < o->n; k++) {
		raw *d = &o->v[k];
		if ((d->kind != R_DATE && d->kind != R_RANGE) || !d->a.m || d->a.y ||
		    (d->kind == R_RANGE && d->b.y) || d->prec == CHR_PREC_YEAR)
			continue;
		const raw *y = &o->v[k + 1];
		size_t at = d->ti + d->tn;
		if (is_prep(c, at, P_OF))
			at++;
		if (y->kind != R_SHIFTED || y->unit != U_YEAR || y->ti != at || y->tn != 2 ||
		    !(word_is(c, at, "last") || word_is(c, at, "this") || word_is(c, at, "next")))
			continue;
		d->a.yshift = d->b.yshift = 1;
		d->a.yrel = d->b.yrel = y->shift;
	}
}

chr_status chr_grammar_scan(const char *text, const tokens *t, size_t from, raws *out,
                            times *tout)
{
	/* c.n, the end of the current line, starts at from: the first token
	 * looked at finds its line's end afresh, as it would have in one pass */
	ctx c = { text, t->v, from, out, tout };
	const tok *v = t->v;
	size_t i = from, n = t->n;
	while (i < n) {
		const tok *k = &v[i];
		/* most tokens start nothing: a plain word, a dash, punctuation
		 * other than an apostrophe */
		if (k->kind == T_WORD ? k->cls == W_NONE
		                      : k->kind != T_NUM && !(k->kind == T_PUNCT && k->ch == '\'')) {
			i++;
			continue;
		}
		/* the end of the current line, found at the first token of it
		 * that starts something */
		if (i >= c.n) {
			c.n = i + 1;
			while (c.n < n && !(v[c.n].flags & F_NL))
				c.n++;
		}
		int used = 0;
		if (k->kind == T_NUM)
			used = number_forms(&c, i);
		else if (k->kind == T_WORD && k->cls != W_NONE)
			used = word_forms(&c, i);
		else if (k->kind == T_PUNCT && k->ch == '\'')
			used = number_forms(&c, i); /* '80s */
		if (used < 0)
			return CHR_ENOMEM;
		i += used > 0 ? (size_t)used : 1;
	}
	return CHR_OK;
}

void chr_grammar_finish(const char *text, const tokens *t, raws *out, size_t from)
{
	ctx c = { text, t->v, t->n, out, NULL };
	join_relative_years(&c, from);
}

chr_status chr_grammar(const char *text, const tokens *t, raws *out, times *tout)
{
	size_t from = out->n;
	chr_status rc = chr_grammar_scan(text, t, 0, out, tout);
	if (rc == CHR_OK)
		chr_grammar_finish(text, t, out, from);
	return rc;
}

chr_status chr_raws_push(raws *r, const raw *m)
{
	void *v = r->v;
	if (chr_grow(&v, &r->cap, r->n, sizeof *m, 32) != CHR_OK)
		return CHR_ENOMEM;
	r->v = v;
	r->v[r->n++] = *m;
	return CHR_OK;
}

chr_status chr_times_push(times *t, const time_at *m)
{
	void *v = t->v;
	if (chr_grow(&v, &t->cap, t->n, sizeof *m, 16) != CHR_OK)
		return CHR_ENOMEM;
	t->v = v;
	t->v[t->n++] = *m;
	return CHR_OK;
}
