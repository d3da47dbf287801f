/*
 * Status: whether a date is still on. The date core marks what it sees
 * next to a date (CHR_CUE_CANCELLED, CHR_CUE_TENTATIVE); this stage reads
 * the whole sentence, because a move names two dates and only one of them
 * is off: "originally planned for 10 September, has been moved to 1
 * October" cancels September and confirms October.
 */
#include "event/event.h"

#include <pthread.h>
#include <string.h>

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* First place of word (case folded, at word starts) in t[lo..hi), or hi. */
/* Where word starts in t[lo..hi) after a non-letter, or hi. Every mention
 * asks for some thirty words over its sentence, so the first letter (either
 * case) is found with memchr and only its places are compared. */
static size_t find(const char *t, size_t lo, size_t hi, const char *word)
{
	size_t n = strlen(word);
	if (n == 0 || hi < lo || hi - lo < n)
		return n == 0 && lo <= hi ? lo : hi;
	char a = word[0], b = a >= 'a' && a <= 'z' ? (char)(a - 32) : a;
	size_t last = hi - n; /* the last place word can start */
	size_t na = 0, nb = 0; /* next place of each case; last + 1: none */
	bool ka = false, kb = false;
	size_t i = lo;
	while (i <= last) {
		if (!ka || na < i) {
			const char *p = memchr(t + i, a, last + 1 - i);
			na = p ? (size_t)(p - t) : last + 1;
			ka = true;
		}
		size_t next = na;
		if (b != a) {
			if (!kb || nb < i) {
				const char *p = memchr(t + i, b, last + 1 - i);
				nb = p ? (size_t)(p - t) : last + 1;
				kb = true;
			}
			if (nb < next)
				next = nb;
		}
		if (next > last)
			return hi;
		i = next;
		if (!(i > lo && ((t[i - 1] >= 'a' && t[i - 1] <= 'z') ||
		                 (t[i - 1] >= 'A' && t[i - 1] <= 'Z')))) {
			size_t k = 1;
			while (k < n && lower(t[i + k]) == word[k])
				k++;
			if (k == n)
				return i;
		}
		i++;
	}
	return hi;
}

/* The cue words that chr_status_detect looks for, list by list. */
/* A cue word and its length, known when compiled. */
typedef struct cue_word {
	const char *w;
	unsigned char n;
} cue_word;

#define W(s) { s, sizeof(s) - 1 }

static const cue_word moves[] = { W("moved"), W("postponed"), W("rescheduled"),
                                  W("pushed back"), W("brought forward"), W("delayed"),
                                  W("deferred"), W("put off") };
static const cue_word cancels[] = { W("cancelled"), W("canceled"), W("called off"),
                                    W("scrapped"), W("axed"), W("abandoned"),
                                    W("suspended"), W("vacated") };
static const cue_word before_old[] = { W("originally planned for"),
                                       W("originally scheduled for"),
                                       W("originally set for"), W("originally due"),
                                       W("initially planned for"),
                                       W("initially scheduled for"), W("instead of"),
                                       W("rather than"), W("originally expected"),
                                       W("originally been expected"),
                                       W("had been expected") };
/* An old date further on in its clause: "which had been due to lift off
 * from Vandenberg on 30 May" (with no other date between, see
 * date_between). */
static const cue_word before_old_far[] = { W("had been due"), W("had been scheduled"),
                                           W("had been planned"), W("had been set") };
static const cue_word tentative[] = { W("tentatively"), W("provisionally"),
                                      W("to be confirmed"), W("subject to confirmation"),
                                      W("to be determined"), W("tbc"), W("tbd") };
static const cue_word reports[] = { W("announced"), W("said"), W("decided"),
                                    W("confirmed"), W("reported") };
static const cue_word adjectives[] = { W("provisional"), W("tentative") };
static const cue_word foretelling[] = { W("will"), W("shall"), W("planned"), W("plans to"),
                                        W("planning to"), W("expected"), W("expects"),
                                        W("foreseen"), W("foresees") };

static const struct cue_list {
	const cue_word *words;
	size_t n;
} cue_lists[] = {
	{ moves, CHR_ARRAY_LEN(moves) },
	{ cancels, CHR_ARRAY_LEN(cancels) },
	{ before_old, CHR_ARRAY_LEN(before_old) },
	{ before_old_far, CHR_ARRAY_LEN(before_old_far) },
	{ tentative, CHR_ARRAY_LEN(tentative) },
	{ reports, CHR_ARRAY_LEN(reports) },
	{ adjectives, CHR_ARRAY_LEN(adjectives) },
	{ foretelling, CHR_ARRAY_LEN(foretelling) },
};

#define CUE_WORDS 64  /* room in a 64-bit mask per pair of first letters */
#define CUE_PLACES 256 /* occurrences kept; more and find() reads the text */

/* The cue words by id (list by list), and which ids open with each pair
 * of letters: every cue word has three or more, and most words of a
 * clause open with a pair no cue word does. Built once. */
static struct cue_index {
	const char *word[CUE_WORDS];
	unsigned char len[CUE_WORDS];
	size_t base[CHR_ARRAY_LEN(cue_lists)]; /* first id of each list */
	uint64_t pair[26 * 26];
} ix;
static pthread_once_t ix_once = PTHREAD_ONCE_INIT;

static void ix_build(void)
{
	size_t ids = 0;
	for (size_t l = 0; l < CHR_ARRAY_LEN(cue_lists); l++) {
		ix.base[l] = ids;
		for (size_t k = 0; k < cue_lists[l].n; k++) {
			const cue_word *cw = &cue_lists[l].words[k];
			ix.word[ids] = cw->w;
			ix.len[ids] = cw->n;
			ix.pair[(cw->w[0] - 'a') * 26 + (cw->w[1] - 'a')] |= (uint64_t)1 << ids;
			ids++;
		}
	}
}

/*
 * Every place in a clause where a cue word starts, found in one pass.
 * Reading the clause once for all forty-odd words, instead of once per
 * word, is what keeps the status stage cheap: each place answers find()
 * exactly as a scan would, since a word start is the same test at lo and
 * after it (only lo itself is taken without looking at the byte before).
 */
typedef struct cues {
	const char *t;
	size_t lo, hi;
	size_t n;
	uint64_t seen; /* the ids that have a place */
	bool full;     /* more places than fit: fall back to find() */
	struct {
		size_t pos;
		unsigned id;
	} at[CUE_PLACES];
} cues;

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void cues_scan(cues *c, const char *t, size_t lo, size_t hi)
{
	pthread_once(&ix_once, ix_build);
	c->t = t;
	c->lo = lo;
	c->hi = hi;
	c->n = 0;
	c->seen = 0;
	c->full = false;
	for (size_t i = lo; i < hi;) {
		if (!is_letter(t[i])) {
			i++;
			continue;
		}
		/* a word start: lo, or a letter after a non-letter */
		uint64_t m = 0;
		if (i + 1 < hi && is_letter(t[i + 1]))
			m = ix.pair[((t[i] | 0x20) - 'a') * 26 + ((t[i + 1] | 0x20) - 'a')];
		for (; m; m &= m - 1) {
			unsigned id = (unsigned)__builtin_ctzll(m);
			size_t n = ix.len[id], k = 2;
			const char *w = ix.word[id];
			if (n > hi - i)
				continue;
			while (k < n && lower(t[i + k]) == w[k])
				k++;
			if (k < n)
				continue;
			if (c->n == CUE_PLACES) {
				c->full = true;
				return;
			}
			c->at[c->n].pos = i;
			c->at[c->n].id = id;
			c->n++;
			c->seen |= (uint64_t)1 << id;
		}
		while (i < hi && is_letter(t[i]))
			i++;
	}
}

/* find(t, lo, hi, the cue word id) from the places of the scan. */
static size_t cue_find(const cues *c, size_t lo, size_t hi, unsigned id)
{
	const char *t = c->t, *w = ix.word[id];
	size_t n = ix.len[id];
	if (c->full || lo < c->lo || hi > c->hi)
		return find(t, lo, hi, w);
	if (hi < lo || hi - lo < n)
		return hi;
	if (lo > c->lo && is_letter(t[lo - 1]) && lower(t[lo]) == w[0]) {
		/* lo in the middle of a word, which find() takes as a start */
		size_t k = 1;
		while (k < n && lower(t[lo + k]) == w[k])
			k++;
		if (k == n)
			return lo;
	}
	if (!(c->seen & (uint64_t)1 << id))
		return hi; /* most cue words are not in a clause at all */
	for (size_t k = 0; k < c->n; k++)
		if (c->at[k].id == id && c->at[k].pos >= lo)
			return c->at[k].pos + n <= hi ? c->at[k].pos : hi;
	return hi;
}

/* True when a word of cue list l starts in t[lo..hi). */
static bool cue_has(const cues *c, size_t lo, size_t hi, size_t l)
{
	for (size_t i = 0; i < cue_lists[l].n; i++)
		if (cue_find(c, lo, hi, (unsigned)(ix.base[l] + i)) < hi)
			return true;
	return false;
}

enum { L_MOVES, L_CANCELS, L_BEFORE_OLD, L_BEFORE_OLD_FAR, L_TENTATIVE, L_REPORTS, L_ADJECTIVES,
       L_FORETELLING };

/* The word before text[p), folded, in out (at most 15 bytes). */
static void prev_word(const char *t, size_t lo, size_t p, char out[16])
{
	size_t e = p;
	while (e > lo && ((unsigned char)t[e - 1] <= ' ' || (unsigned char)t[e - 1] == 0xa0 ||
	                  (unsigned char)t[e - 1] == 0xc2))
		e--;
	size_t w = e;
	while (w > lo && ((t[w - 1] >= 'a' && t[w - 1] <= 'z') || (t[w - 1] >= 'A' && t[w - 1] <= 'Z')))
		w--;
	size_t n = e - w < 15 ? e - w : 15;
	for (size_t i = 0; i < n; i++)
		out[i] = lower(t[w + i]);
	out[n] = '\0';
	/* "to the 14th", "for the week of": look past the article. */
	if (strcmp(out, "the") == 0 && w > lo)
		prev_word(t, lo, w, out);
}

/* The clause of the sentence that holds the date: "lost up to half of
 * their herds during spring, and many have moved to camps" moves no date;
 * the words of another clause say nothing of this one. */
static void clause_of(const char *t, size_t *start, size_t *end, size_t m_start,
                      size_t m_end)
{
	static const char *const seps[] = { ", and ", "; ", ", while ", ", but ",
	                                    ", whereas ", ", although " };
	for (size_t i = *start; i < *end; i++) {
		if (t[i] != ',' && t[i] != ';')
			continue; /* every separator opens with one */
		for (size_t k = 0; k < CHR_ARRAY_LEN(seps); k++) {
			size_t n = strlen(seps[k]);
			if (i + n > *end || memcmp(t + i, seps[k], n) != 0)
				continue;
			if (i + n <= m_start)
				*start = i + n;
			else if (i >= m_end) {
				*end = i;
				return;
			}
		}
	}
}

/* A hedge that is an adjective ("provisional", "tentative") hedges the date
 * only when it qualifies a date or a schedule: "a provisional report
 * released today" or "a provisional agenda" is a document, not a
 * doubtful day. */
static bool hedged_date(const cues *c, size_t lo, size_t hi, size_t m_start)
{
	static const char *const nouns[] = { "date", "dates", "schedule", "timetable" };
	const char *t = c->t;
	for (size_t a = 0; a < CHR_ARRAY_LEN(adjectives); a++) {
		unsigned id = (unsigned)(ix.base[L_ADJECTIVES] + a);
		size_t n = ix.len[id];
		for (size_t p = cue_find(c, lo, hi, id); p < hi; p = cue_find(c, p + 1, hi, id)) {
			size_t q = p + n;
			if (q < hi && ((t[q] >= 'a' && t[q] <= 'z') || (t[q] >= 'A' && t[q] <= 'Z')))
				continue; /* "tentatively" is looked for on its own */
			while (q < hi && (t[q] == ' ' || t[q] == ',' || t[q] == ':' || t[q] == '('))
				q++;
			if (q == m_start)
				return true;
			for (size_t k = 0; k < CHR_ARRAY_LEN(nouns); k++) {
				size_t l = strlen(nouns[k]);
				if (q + l <= hi && find(t, q, q + l, nouns[k]) == q &&
				    (q + l == hi || !((t[q + l] >= 'a' && t[q + l] <= 'z'))))
					return true;
			}
		}
	}
	return false;
}

/* "will", "planned", "expected", "foreseen": the happening is announced
 * for the future, not yet held; "originally planned for" names an old date
 * and is read by the move rules. */
static bool foretold(const cues *c, size_t lo, size_t hi)
{
	const char *t = c->t;
	for (size_t i = 0; i < CHR_ARRAY_LEN(foretelling); i++) {
		unsigned id = (unsigned)(ix.base[L_FORETELLING] + i);
		size_t n = ix.len[id];
		for (size_t p = cue_find(c, lo, hi, id); p < hi; p = cue_find(c, p + 1, hi, id)) {
			size_t q = p + n;
			if (q < hi &&
			    ((t[q] >= 'a' && t[q] <= 'z') || (t[q] >= 'A' && t[q] <= 'Z')))
				continue; /* "willing", "expectedly" */
			char w[16];
			prev_word(t, lo, p, w);
			if (strcmp(w, "originally") == 0 || strcmp(w, "initially") == 0 ||
			    strcmp(w, "first") == 0)
				continue;
			return true;
		}
	}
	return false;
}

/* True when the word before the verb at p makes it passive ("has been
 * moved", "was postponed"): "many have moved to camps" moves no date. */
static bool passive_before(const char *t, size_t lo, size_t p)
{
	static const char *const aux[] = { "be", "been", "being", "is", "are", "was",
	                                   "were", "got", "gets", "get" };
	char w[16];
	prev_word(t, lo, p, w);
	for (int hop = 0; hop < 2; hop++) {
		for (size_t i = 0; i < CHR_ARRAY_LEN(aux); i++)
			if (strcmp(w, aux[i]) == 0)
				return true;
		/* one adverb between: "was abruptly cancelled" */
		size_t n = strlen(w);
		if (n < 3 || strcmp(w + n - 2, "ly") != 0)
			return false;
		size_t e = p;
		while (e > lo && t[e - 1] == ' ')
			e--;
		while (e > lo && ((t[e - 1] >= 'a' && t[e - 1] <= 'z') || (t[e - 1] >= 'A' && t[e - 1] <= 'Z')))
			e--;
		p = e;
		prev_word(t, lo, p, w);
	}
	return false;
}

/* A month or a weekday named in t[a..b): "His trial opened Monday, two
 * months after the first session, set for Jan. 19, was suspended": the
 * verb after it is that date's, not the one before. */
static bool date_between(const char *t, size_t a, size_t b)
{
	static const char *const names[] = {
		"Apr", "April", "Aug", "August", "Dec", "December", "Feb", "February", "Friday",
		"Jan", "January", "July", "June", "Mar", "March", "May", "Monday", "Nov",
		"November", "Oct", "October", "Saturday", "Sep", "Sept", "September", "Sunday",
		"Thursday", "Tuesday", "Wednesday"
	};
	for (size_t i = a; i + 3 <= b; i++) {
		if (t[i] < 'A' || t[i] > 'Z' || (i > a && is_letter(t[i - 1])))
			continue;
		size_t e = i;
		while (e < b && is_letter(t[e]))
			e++;
		for (size_t k = 0; k < CHR_ARRAY_LEN(names); k++)
			if (strlen(names[k]) == e - i && memcmp(t + i, names[k], e - i) == 0)
				return true;
		i = e;
	}
	return false;
}

chr_event_status chr_status_detect(const char *text, size_t start, size_t end,
                                   size_t m_start, size_t m_end, unsigned core_cues,
                                   bool future)
{
	cues c;

	if (core_cues & CHR_CUE_CANCELLED)
		return CHR_EVENT_CANCELLED;
	if (m_start < start || m_end > end)
		return core_cues & CHR_CUE_TENTATIVE ? CHR_EVENT_TENTATIVE : CHR_EVENT_CONFIRMED;
	clause_of(text, &start, &end, m_start, m_end);
	cues_scan(&c, text, start, end);

	/* "originally planned for 10-11 September" */
	for (size_t i = 0; i < CHR_ARRAY_LEN(before_old); i++) {
		unsigned id = (unsigned)(ix.base[L_BEFORE_OLD] + i);
		size_t p = cue_find(&c, start, m_start, id);
		if (p < m_start && m_start - (p + ix.len[id]) <= 24)
			return CHR_EVENT_CANCELLED;
	}
	for (size_t i = 0; i < CHR_ARRAY_LEN(before_old_far); i++) {
		unsigned id = (unsigned)(ix.base[L_BEFORE_OLD_FAR] + i);
		size_t p = cue_find(&c, start, m_start, id);
		if (p < m_start && m_start - (p + ix.len[id]) <= 160 &&
		    !date_between(text, p + ix.len[id], m_start))
			return CHR_EVENT_CANCELLED;
	}

	size_t verb = end;
	bool move = false;
	for (size_t i = 0; i < CHR_ARRAY_LEN(moves); i++) {
		size_t p = cue_find(&c, start, end, (unsigned)(ix.base[L_MOVES] + i));
		if (p < verb) {
			verb = p;
			move = true;
		}
	}
	for (size_t i = 0; i < CHR_ARRAY_LEN(cancels); i++) {
		size_t p = cue_find(&c, start, end, (unsigned)(ix.base[L_CANCELS] + i));
		if (p < verb) {
			verb = p;
			move = false;
		}
	}
	if (verb < end) {
		char w[16];
		prev_word(text, start, m_start, w);
		if (m_start > verb) {
			/* After the verb: "from" names the old date, "to", "until"
			 * or "for" the new one; a cancelled thing's own date is
			 * off unless it says when the cancelling happened. */
			if (strcmp(w, "from") == 0)
				return CHR_EVENT_CANCELLED;
			if (move && (strcmp(w, "to") == 0 || strcmp(w, "until") == 0 ||
			             strcmp(w, "till") == 0 || strcmp(w, "for") == 0 ||
			             strcmp(w, "on") == 0 || strcmp(w, "in") == 0))
				return CHR_EVENT_CONFIRMED;
			if (!move && strcmp(w, "on") != 0)
				return CHR_EVENT_CANCELLED;
		} else if (!cue_has(&c, m_end, verb, L_REPORTS) &&
		           !cue_has(&c, start, m_start, L_REPORTS) &&
		           !date_between(text, m_end, verb) &&
		           (!move || passive_before(text, start, verb))) {
			/* Before the verb: the date the happening was taken off. */
			return CHR_EVENT_CANCELLED;
		}
	}
	if ((core_cues & CHR_CUE_TENTATIVE) ||
	    cue_has(&c, start, end, L_TENTATIVE) ||
	    hedged_date(&c, start, end, m_start))
		return CHR_EVENT_TENTATIVE;
	if (future && foretold(&c, start, end))
		return CHR_EVENT_TENTATIVE;
	return CHR_EVENT_CONFIRMED;
}
