/*
 * Status: whether a date is still on. The date core marks what it sees
 * next to a date (CHR_CUE_CANCELLED, CHR_CUE_TENTATIVE); this stage reads
 * the whole sentence, because a move names two dates and only one of them
 * is off: "originally planned for 10 September, has been moved to 1
 * October" cancels September and confirms October.
 */
#include "event/event.h"

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

static bool has(const char *t, size_t lo, size_t hi, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (find(t, lo, hi, words[i]) < hi)
			return true;
	return false;
}

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
static bool hedged_date(const char *t, size_t lo, size_t hi, size_t m_start)
{
	static const char *const adjectives[] = { "provisional", "tentative" };
	static const char *const nouns[] = { "date", "dates", "schedule", "timetable" };
	for (size_t a = 0; a < CHR_ARRAY_LEN(adjectives); a++) {
		size_t n = strlen(adjectives[a]);
		for (size_t p = find(t, lo, hi, adjectives[a]); p < hi;
		     p = find(t, p + 1, hi, adjectives[a])) {
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
static bool foretold(const char *t, size_t lo, size_t hi)
{
	static const char *const words[] = { "will", "shall", "planned", "plans to",
	                                     "planning to", "expected", "expects",
	                                     "foreseen", "foresees" };
	for (size_t i = 0; i < CHR_ARRAY_LEN(words); i++) {
		size_t n = strlen(words[i]);
		for (size_t p = find(t, lo, hi, words[i]); p < hi; p = find(t, p + 1, hi, words[i])) {
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

chr_event_status chr_status_detect(const char *text, size_t start, size_t end,
                                   size_t m_start, size_t m_end, unsigned cues,
                                   bool future)
{
	/* Verbs that take a happening off a date; a move names a new one. */
	static const char *const moves[] = { "moved", "postponed", "rescheduled",
	                                     "pushed back", "brought forward",
	                                     "delayed", "deferred", "put off" };
	static const char *const cancels[] = { "cancelled", "canceled", "called off",
	                                       "scrapped", "axed", "abandoned" };
	static const char *const before_old[] = { "originally planned for",
	                                          "originally scheduled for",
	                                          "originally set for",
	                                          "originally due",
	                                          "initially planned for",
	                                          "initially scheduled for",
	                                          "instead of" };
	static const char *const tentative[] = { "tentatively", "provisionally",
	                                         "to be confirmed",
	                                         "subject to confirmation",
	                                         "to be determined", "tbc", "tbd" };
	static const char *const reports[] = { "announced", "said", "decided",
	                                       "confirmed", "reported" };

	if (cues & CHR_CUE_CANCELLED)
		return CHR_EVENT_CANCELLED;
	if (m_start < start || m_end > end)
		return cues & CHR_CUE_TENTATIVE ? CHR_EVENT_TENTATIVE : CHR_EVENT_CONFIRMED;
	clause_of(text, &start, &end, m_start, m_end);

	/* "originally planned for 10-11 September" */
	for (size_t i = 0; i < CHR_ARRAY_LEN(before_old); i++) {
		size_t p = find(text, start, m_start, before_old[i]);
		if (p < m_start && m_start - (p + strlen(before_old[i])) <= 24)
			return CHR_EVENT_CANCELLED;
	}

	size_t verb = end;
	bool move = false;
	for (size_t i = 0; i < CHR_ARRAY_LEN(moves); i++) {
		size_t p = find(text, start, end, moves[i]);
		if (p < verb) {
			verb = p;
			move = true;
		}
	}
	for (size_t i = 0; i < CHR_ARRAY_LEN(cancels); i++) {
		size_t p = find(text, start, end, cancels[i]);
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
		} else if (!has(text, m_end, verb, reports, CHR_ARRAY_LEN(reports)) &&
		           !has(text, start, m_start, reports, CHR_ARRAY_LEN(reports)) &&
		           (!move || passive_before(text, start, verb))) {
			/* Before the verb: the date the happening was taken off. */
			return CHR_EVENT_CANCELLED;
		}
	}
	if ((cues & CHR_CUE_TENTATIVE) ||
	    has(text, start, end, tentative, CHR_ARRAY_LEN(tentative)) ||
	    hedged_date(text, start, end, m_start))
		return CHR_EVENT_TENTATIVE;
	if (future && foretold(text, start, end))
		return CHR_EVENT_TENTATIVE;
	return CHR_EVENT_CONFIRMED;
}
