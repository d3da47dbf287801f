/*
 * chr_lex_sparse against chr_lex: random texts made of date words,
 * abbreviations, numbers (dates, times and counts), stops, quotes and
 * line breaks, cut into
 * sentences of every length (half of them with no line break), must give
 * the same mentions from the grammar and the resolver whichever token
 * array they read. The words are chosen
 * to meet at sentence ends, where the sparse lexer leaves tokens out.
 */
#include "date/date.h"
#include "date/mentions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "pieces.h"
#include "same_mention.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Date words and their neighbours, and the plain words between them. */
static const char *const dated[] = {
	"5", "2019", "21st", "1990s", "'80s", "10:30", "2018-02-28", "15/11/2021", "Q3", "H1",
	"May", "may", "March", "Jan.", "Sept.", "Monday", "Tue", "today", "yesterday",
	"tomorrow", "tonight", "next", "last", "this", "past", "coming", "early", "mid-", "late",
	"end", "week", "weeks", "month", "year", "years", "day", "days", "quarter", "half",
	"decade", "century", "spring", "summer", "autumn", "winter", "fall", "ago", "earlier",
	"later", "now", "recently", "currently", "recent", "soon", "future", "term", "time",
	"being", "morning", "evening", "noon", "midday", "first", "second", "third", "fourth",
	"fifth", "final", "previous", "following", "now-defunct", "Christmas", "Easter",
	"Halloween", "Christmas Eve", "New Year's Day", "Good Friday", "Easter Monday", "15th",
	"2nd of next month",
	"twentieth", "twenty", "a.m.", "p.m.", "pm", "GMT", "CET", "T", "Z",
	/* whole dates, for the publication date and the years of others */
	"5 May 2019", "May 5, 2019", "2018-02-28", "2018-02-28T15:58:07+00:00",
	"Wednesday, 28 February 2018", "Published: 3 March 2020", "Updated 4 June 2015",
	"GENEVA, 14 March 2019 \xe2\x80\x94", "Oct 3 (Reuters) -", "10:00 CET on 9 July",
	/* times and years written with digits alone, next to the counts below */
	"9 a.m.", "9 to 11 p.m.", "7 A.M.", "3pm", "10 am", "12.30", "1990's", "80s", "90's", "\xe2\x80\x99" "82",
	"'82", "2018\xe2\x80\x93" "2019", "9\xe2\x80\x93" "11 a.m.", "1500", "2000 GMT", "170620-170621"
};
static const char *const plain[] = {
	"the", "The", "of", "in", "on", "at", "to", "from", "and", "or", "a", "an", "that",
	"very", "more", "most", "until", "till", "by", "for", "between", "since", "will",
	"was", "were", "held", "said", "would", "could", "be", "is", "closes", "reopens",
	"planned", "postponed", "cancelled", "No", "No.", "page", "million", "people",
	"Mr.", "Dr.", "St.", "U.S.", "e.g.", "Inc.", "H.", "E.", "Geneva", "GENEVA", "Smith",
	"etc.", "approx.", "vs.", "co.", "MRS.",
	"report", "council", "meeting", "programmes", "steadily", "reporters", "field",
	"\xc3\xa9t\xc3\xa9", "caf\xc3\xa9", "\xe2\x80\x94", "\xe2\x80\x9c", "\xe2\x80\x9d",
	"(Reuters)", "Published:", "Updated", "-", "--", ",", ";", ":", "\"", "'", "(", ")",
	/* words the patterns read around a date word: "the same period last
	 * year", "a sixth straight day", "the weeks ahead", "the year before",
	 * "nearly two years", "the Russell 2000 index", "2046 votes to 1871" */
	"same", "period", "straight", "consecutive", "row", "running", "ahead", "come",
	"before", "after", "prior", "sixth", "nearly", "over", "than", "least", "about",
	"index", "Russell", "votes", "favour"
};
/* Counts: digits that are no date, which leave a stretch out all the same
 * (lex.c, digits_inert), and words met next to them. */
static const char *const counts[] = { "809,000", "53", "15", "1,500", "100", "7", "30", "5%",
                                      "$40", "No. 9", "per cent", "million", "a", "p" };
static const char *const stops[] = { ".", "!", "?", ".\"", ".)", "", "...", ". .", "." };
static const char *const gaps[] = { " ", " ", " ", " ", " ", "  ", "\n", "\n\n", "\t",
                                    "\xc2\xa0", " \n" };

static void add(char *buf, size_t *n, size_t cap, const char *s)
{
	size_t k = strlen(s);
	if (*n + k < cap) {
		memcpy(buf + *n, s, k);
		*n += k;
	}
}

/* One text of about want bytes: sentences of 1 to 40 words, a date word
 * in some of them, most often next to the sentence's ends. */
static size_t make_text(char *buf, size_t cap, size_t want)
{
	size_t n = 0;
	while (n < want) {
		unsigned words = 1 + rnd(40);
		int dates = rnd(3) == 0 ? 1 + (int)rnd(3) : 0;
		for (unsigned w = 0; w < words; w++) {
			bool edge = w < 3 || w + 3 >= words;
			const char *s;
			if (dates > 0 && rnd(edge ? 3 : 12) == 0) {
				s = dated[rnd(CHR_ARRAY_LEN(dated))];
				dates--;
			} else if (rnd(12) == 0) {
				s = counts[rnd(CHR_ARRAY_LEN(counts))];
			} else {
				s = plain[rnd(CHR_ARRAY_LEN(plain))];
			}
			if (w == 0 && rnd(2) == 0 && s[0] >= 'a' && s[0] <= 'z') {
				char cap1[32];
				snprintf(cap1, sizeof cap1, "%c%s", s[0] - 32, s + 1);
				add(buf, &n, cap, cap1);
			} else {
				add(buf, &n, cap, s);
			}
			if (w + 1 < words)
				add(buf, &n, cap, rnd(20) == 0 ? gaps[rnd(CHR_ARRAY_LEN(gaps))] : " ");
		}
		add(buf, &n, cap, stops[rnd(CHR_ARRAY_LEN(stops))]);
		add(buf, &n, cap, gaps[rnd(CHR_ARRAY_LEN(gaps))]);
	}
	return n;
}

/* Paragraphs whose first sentence gives a year, then date-free
 * sentences, then a line break and a date without a year: the year holds
 * only within the line, so the sparse lexer must keep every line break
 * however many left-out sentences come before it. */
static size_t add_paragraphs(char *buf, size_t n, size_t cap)
{
	static const char *const opening[] = { "It was signed on 4 June 2015.",
	                                       "The plan of 12 May 2019 was read.",
	                                       "Talks ended on 30 November 2024." };
	static const char *const later[] = { "The board meets on 9 February.",
	                                     "A vote was held on 3 March.",
	                                     "They will report on 21 August." };
	static const char *const words[] = { "council", "report", "people", "field", "and",
	                                     "the", "of", "reporters", "said", "funding" };
	for (int p = 0; p < 3; p++) {
		add(buf, &n, cap, opening[rnd(CHR_ARRAY_LEN(opening))]);
		for (unsigned k = rnd(5); k > 0; k--) {
			add(buf, &n, cap, rnd(2) ? " Observers" : " The");
			for (unsigned w = 2 + rnd(10); w > 0; w--) {
				add(buf, &n, cap, " ");
				add(buf, &n, cap, words[rnd(CHR_ARRAY_LEN(words))]);
			}
			add(buf, &n, cap, ".");
		}
		add(buf, &n, cap, rnd(2) ? "\n" : "\n\n");
		add(buf, &n, cap, later[rnd(CHR_ARRAY_LEN(later))]);
		add(buf, &n, cap, "\n");
	}
	return n;
}

/* Forms that read past the date or look at the lines around it, in short
 * sentences between date-free ones, and label lines ("Date:", "Venue:")
 * that decide whether a date dates the page. */
static size_t add_forms(char *buf, size_t n, size_t cap)
{
	static const char *const forms[] = {
		"October last year", "March of next year", "June 3 and 4", "June 3 and 4 others",
		"March 3, 4 and 5, 2027", "24 July 2026 and 25 July 2026", "the last Sunday of June",
		"the first Monday in July", "every Tuesday", "throughout June", "across April and May",
		"14:00 GMT+0530", "9:30 UTC-3:30", "until 15 July", "to June 30"
	};
	static const char *const verbs[] = { "drew crowds on", "hit the coast", "has announced",
	                                     "adjourned the case", "will open the bridge, it said",
	                                     "met", "runs", "could hit" };
	static const char *const labels[] = { "Date: 12 May 2027", "Venue: Town Hall, Leeds",
	                                      "Time: 18:00", "Where: Oslo", "When: 3 June",
	                                      "Location: Bergen" };
	static const char *const words[] = { "council", "report", "people", "field", "and",
	                                     "the", "of", "reporters", "said", "funding" };
	for (int p = 0; p < 6; p++) {
		if (rnd(3) == 0) {
			add(buf, &n, cap, labels[rnd(CHR_ARRAY_LEN(labels))]);
			add(buf, &n, cap, rnd(2) ? "\n" : "\n\n");
		}
		add(buf, &n, cap, rnd(2) ? "The board " : "Observers ");
		add(buf, &n, cap, verbs[rnd(CHR_ARRAY_LEN(verbs))]);
		add(buf, &n, cap, " ");
		add(buf, &n, cap, forms[rnd(CHR_ARRAY_LEN(forms))]);
		add(buf, &n, cap, ".");
		for (unsigned k = rnd(4); k > 0; k--) {
			add(buf, &n, cap, " The");
			for (unsigned w = 2 + rnd(8); w > 0; w--) {
				add(buf, &n, cap, " ");
				add(buf, &n, cap, words[rnd(CHR_ARRAY_LEN(words))]);
			}
			add(buf, &n, cap, ".");
		}
		add(buf, &n, cap, rnd(2) ? "\n" : " ");
	}
	return n;
}

/* Word tokens whose ch or abbrev, kept by the lexer so that the grammar
 * and the resolver need not read the text, disagree with the text: the
 * first byte (lower case when a letter) and chr_abbrev_word. */
static size_t word_fields_wrong(const char *text, const tokens *t)
{
	size_t wrong = 0;
	for (size_t i = 0; i < t->n; i++) {
		const tok *k = &t->v[i];
		if (k->kind != T_WORD)
			continue;
		unsigned char c = (unsigned char)text[k->start];
		char first = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
		if (k->ch != first || (k->abbrev != 0) != chr_abbrev_word(text + k->start, k->len))
			wrong++;
	}
	return wrong;
}

/* chr_lex as chr_lex_sparse is called, with the ends of the text that the
 * resolver looks at for a publication date, which it lexes all of. */
static chr_status lex_full(const char *text, size_t len, unsigned ends, tokens *out)
{
	(void)ends;
	return chr_lex(text, len, out);
}


/* The mentions of text through lexer lex, resolved looking at the ends
 * given for a publication date; NULL without memory. */
static chr_mentions *find(const char *text, size_t len,
                          chr_status (*lex)(const char *, size_t, unsigned, tokens *),
                          unsigned ends, chr_date *pub, size_t *ntok, size_t *wrong)
{
	tokens t = { 0 };
	raws r = { 0 };
	times tm = { 0 };
	bool text_pub;
	chr_mentions *list = chr_mentions_new();
	chr_date ref = { 2026, 11, 23 };
	if (!list || lex(text, len, ends, &t) != CHR_OK ||
	    chr_grammar(text, &t, &r, &tm) != CHR_OK ||
	    chr_resolve(text, len, &t, &r, &tm, ref, (chr_date){ 0, 0, 0 }, ends & CHR_LEX_HEAD,
	                ends & CHR_LEX_TAIL, list, pub, &text_pub) != CHR_OK) {
		chr_mentions_free(list);
		list = NULL;
	}
	*ntok = t.n;
	*wrong += word_fields_wrong(text, &t);
	chr_tokens_free(&t);
	free(r.v);
	free(tm.v);
	return list;
}

/* The sparse tokens of text[0..len) lexed in the pieces between up to
 * parts - 1 cuts, and their sentences numbered piece by piece and joined,
 * against those of one pass (pieces.h): *pieces is set to how many pieces
 * there were. */
static bool pieces_same(const char *text, size_t len, unsigned ends, size_t parts,
                        size_t *pieces)
{
	tokens whole = { 0 };
	uint32_t *sent = NULL, *sline = NULL;
	*pieces = 1;
	bool same = chr_lex_sparse(text, len, ends, &whole) == CHR_OK &&
	            (sent = calloc(whole.n + 1, sizeof *sent)) &&
	            (sline = calloc(whole.n + 1, sizeof *sline)) &&
	            !pieces_differ(text, len, ends, parts, &whole, sent, sline,
	                           chr_sentences_number(whole.v, 0, whole.n, sent, sline), pieces);
	free(sent);
	free(sline);
	chr_tokens_free(&whole);
	return same;
}

/* The mentions of text[0..len) through a finder that may lex on jobs
 * threads; NULL when it fails. */
static chr_mentions *find_jobs(const char *text, size_t len, unsigned jobs)
{
	chr_finder *f = chr_finder_new();
	chr_doc *doc = chr_doc_new("text", text, len);
	chr_mentions *list = NULL;
	chr_error err;
	if (f && doc) {
		chr_finder_set_jobs(f, jobs);
		if (chr_finder_find(f, doc, (chr_date){ 2026, 11, 23 }, &list, &err) != CHR_OK)
			list = NULL;
	}
	chr_doc_free(doc);
	chr_finder_free(f);
	return list;
}

int main(int argc, char **argv)
{
	enum { CAP = 1 << 16 };
	static char buf[CAP];
	int texts = argc > 1 ? atoi(argv[1]) : 3000;
	size_t full_tokens = 0, sparse_tokens = 0, mentions = 0, fields_wrong = 0;
	int differ = 0, reused_differ = 0, pieces_differ = 0;
	size_t windows[CHR_LEX_ENDS + 1] = { 0 }; /* texts lexed with each ends */
	size_t cut_texts = 0;
	/* one finder for every text, as a run of documents uses it: texts
	 * of every length, so its arrays are kept, outgrown and kept again */
	chr_finder *finder = chr_finder_new();
	(void)is_str;
	for (int k = 0; k < texts; k++) {
		size_t len = make_text(buf, CAP, 2000 + rnd(12000));
		if (k % 3 == 0)
			len = add_paragraphs(buf, len, CAP);
		if (k % 5 == 1) {
			/* at the head, where the page's date is looked for, and after */
			memmove(buf + 600, buf, len < CAP - 600 ? len : CAP - 600);
			size_t head = add_forms(buf, 0, 600);
			memset(buf + head, ' ', 600 - head);
			len = add_forms(buf, len + 600 < CAP ? len + 600 : CAP - 1, CAP);
		}
		/* a stamp line among the last lines, then a sentence whose
		 * first and last words are those a stamp line may hold: only
		 * the word between them makes the line prose */
		if (k % 4 == 0)
			len += (size_t)snprintf(buf + len, CAP - len, "%s",
			                        "\nUpdated 4 June 2015 news. Comments were sent to the desk by issued.\nThe end.\n");
		if (k % 2) /* one line, as a window of a huge line is */
			for (size_t q = 0; q < len; q++)
				if (buf[q] == '\n')
					buf[q] = ' ';
		/* a third of the texts as a window of a huge text may be: its
		 * first, a middle one or its last (the others are whole) */
		unsigned ends = k % 3 == 2 ? (unsigned)(k / 3) % 3 : CHR_LEX_ENDS;
		windows[ends]++;
		size_t pieces;
		if (!pieces_same(buf, len, ends, 2 + rnd(40), &pieces) && pieces_differ++ < 3)
			printf("# text %d: lexed in %zu pieces, it gives other tokens\n", k, pieces);
		cut_texts += pieces > 1;
		chr_date pa, pb;
		size_t na, nb;
		chr_mentions *a = find(buf, len, lex_full, ends, &pa, &na, &fields_wrong);
		chr_mentions *b = find(buf, len, chr_lex_sparse, ends, &pb, &nb, &fields_wrong);
		bool same = a && b && chr_mentions_count(a) == chr_mentions_count(b) &&
		            chr_date_cmp(pa, pb) == 0;
		for (size_t q = 0; same && q < chr_mentions_count(a); q++)
			same = same_mention(chr_mentions_get(a, q), chr_mentions_get(b, q));
		if (!same && differ++ < 3) {
			printf("# text %d differs (%zu vs %zu mentions):\n", k,
			       a ? chr_mentions_count(a) : 0, b ? chr_mentions_count(b) : 0);
			for (size_t q = 0; a && b && q < chr_mentions_count(a); q++) {
				const chr_mention *x = chr_mentions_get(a, q);
				const chr_mention *y = q < chr_mentions_count(b) ? chr_mentions_get(b, q) : NULL;
				if (!y || !same_mention(x, y)) {
					size_t from = x->offset > 120 ? x->offset - 120 : 0;
					printf("#   at %zu: [%.*s] in ...%.*s...\n", x->offset, (int)x->length,
					       buf + x->offset, (int)(x->offset + x->length + 120 - from),
					       buf + from);
					break;
				}
			}
		}
		chr_doc *doc = chr_doc_new("text", buf, len);
		chr_mentions *c = NULL;
		chr_error err;
		if (doc)
			chr_doc_set_window(doc, ends & CHR_LEX_HEAD, ends & CHR_LEX_TAIL);
		bool reused = finder && doc && b &&
		              chr_finder_find(finder, doc, (chr_date){ 2026, 11, 23 }, &c, &err) ==
		                  CHR_OK &&
		              chr_mentions_count(c) == chr_mentions_count(b);
		for (size_t q = 0; reused && q < chr_mentions_count(b); q++)
			reused = same_mention(chr_mentions_get(b, q), chr_mentions_get(c, q));
		if (!reused && reused_differ++ < 3)
			printf("# text %d: a reused finder gives other mentions\n", k);
		chr_mentions_free(c);
		chr_doc_free(doc);
		full_tokens += na;
		sparse_tokens += nb;
		mentions += a ? chr_mentions_count(a) : 0;
		chr_mentions_free(a);
		chr_mentions_free(b);
	}
	printf("# %d texts, %zu mentions, %zu tokens, %zu kept by the sparse lexer\n", texts,
	       mentions, full_tokens, sparse_tokens);
	chr_finder_free(finder);
	{
		/* lines that start with a full stop, after one that ends with an
		 * abbreviation or a word: whether the next word starts a sentence
		 * is decided across the line break */
		size_t len = 0;
		while (len + 200 < CAP) {
			add(buf, &len, CAP, rnd(2) ? "The talks went on with Mr" : "The talks went on");
			add(buf, &len, CAP, rnd(3) ? "\n. The vote came on 5 May." : "\n. the vote.");
			add(buf, &len, CAP, rnd(2) ? " It held.\n" : "\n");
		}
		size_t pieces;
		bool same = true;
		for (size_t parts = 2; parts < 60; parts += 3)
			same = same && pieces_same(buf, len, CHR_LEX_ENDS, parts, &pieces) && pieces > 1;
		ok(same, "sentences numbered piece by piece are those of one pass where a line "
		         "starts with a full stop");
	}
	printf("# %zu texts had cuts\n", cut_texts);
	ok(pieces_differ == 0 && cut_texts > (size_t)texts / 4,
	   "lexed in pieces between its cuts, a text gives the tokens of one pass");
	{
		/* rows of punctuation end the stretches: each byte a token, of
		 * which the last two are kept and the rest left out */
		size_t len = 0;
		const char *rows[] = { "....", "----", "((((", "-.(?", ")))." };
		for (int k = 0; len + 5000 < CAP; k++) {
			add(buf, &len, CAP, k % 3 ? "The talks went on" : "The vote came on 5 May 2027.\nIt");
			for (int q = 0; q < 1000; q++)
				add(buf, &len, CAP, rows[k % 5]);
			add(buf, &len, CAP, k % 2 ? " Then it held.\n" : "\n");
		}
		chr_date pa, pb;
		size_t na, nb;
		chr_mentions *a = find(buf, len, lex_full, CHR_LEX_ENDS, &pa, &na, &fields_wrong);
		chr_mentions *b = find(buf, len, chr_lex_sparse, 0, &pb, &nb, &fields_wrong);
		chr_mentions *c = find(buf, len, lex_full, 0, &pb, &na, &fields_wrong);
		bool same = a && b && c && chr_mentions_count(a) > 3 &&
		            chr_mentions_count(b) == chr_mentions_count(c);
		for (size_t q = 0; same && q < chr_mentions_count(b); q++)
			same = same_mention(chr_mentions_get(b, q), chr_mentions_get(c, q));
		printf("# rows of punctuation: %zu bytes, %zu tokens, %zu kept, %zu mentions\n", len, na, nb, a ? chr_mentions_count(a) : 0);
		ok(same && nb * 50 < na, "in rows of punctuation the sparse lexer keeps a few "
		                         "tokens, and the mentions are the same");
		chr_mentions_free(a);
		chr_mentions_free(b);
		chr_mentions_free(c);
	}
	{
		tokens t = { 0 };
		size_t cuts[1];
		const char *two = "A first line of text.\nAnd a second one.\n";
		ok(chr_lex_sparse_cuts(two, strlen(two), CHR_LEX_ENDS, 2, cuts) == 0 &&
		   chr_lex_sparse_part(two, strlen(two), CHR_LEX_ENDS, 21, strlen(two), &t) ==
		       CHR_EINPUT &&
		   chr_lex_sparse_part(two, strlen(two), CHR_LEX_ENDS, 0, 5, &t) == CHR_EINPUT,
		   "a short text has no cut, and a piece must start and end at one");
		chr_tokens_free(&t);
	}
	{
		/* past the size at which a finder lexes on several threads:
		 * texts with line breaks, end to end, about 3 MB */
		enum { BIG = 3 << 20 };
		char *big = malloc(BIG + CAP);
		size_t blen = 0;
		while (big && blen < BIG) {
			size_t len = add_paragraphs(buf, make_text(buf, CAP, 2000 + rnd(12000)), CAP);
			memcpy(big + blen, buf, len);
			blen += len;
			big[blen++] = '\n';
		}
		chr_mentions *one = big ? find_jobs(big, blen, 1) : NULL;
		chr_mentions *four = big ? find_jobs(big, blen, 4) : NULL;
		bool same = one && four && chr_mentions_count(one) == chr_mentions_count(four) &&
		            chr_mentions_count(one) > 1000;
		for (size_t q = 0; same && q < chr_mentions_count(one); q++)
			same = same_mention(chr_mentions_get(one, q), chr_mentions_get(four, q));
		printf("# %zu mentions in %zu bytes\n", one ? chr_mentions_count(one) : 0, blen);
		ok(same, "a 3 MB text gives the same mentions on four threads as on one");
		chr_mentions_free(one);
		chr_mentions_free(four);
		free(big);
	}
	{
		/* lines that end in a word the grammar reads in front of a
		 * match on the next line ("between" / "4 and 6 June"): a piece
		 * that starts there is parsed on its thread after a lead of the
		 * tokens before it, and must find what one pass does */
		static const char *const ends_[] = { "between", "from", "the", "their", "more than",
		                                     "March,", "some", "nearly" };
		static const char *const starts_[] = { "4 and 6 June", "2019 to 2021", "1990s",
		                                       "2017 report", "2000 people", "2019",
		                                       "12 weeks", "30 years" };
		enum { BIG = 3 << 20 };
		char *big = malloc(BIG + 256);
		size_t blen = 0;
		while (big && blen < BIG) {
			unsigned a = rnd(8), b = rnd(8);
			blen += (size_t)snprintf(big + blen, 256, "Line %u of the talks, as agreed %s\n"
			                         "%s were named in the text.\n", rnd(90), ends_[a],
			                         starts_[b]);
		}
		chr_mentions *one = big ? find_jobs(big, blen, 1) : NULL;
		bool same = one && chr_mentions_count(one) > 1000;
		for (unsigned jobs = 2; same && jobs <= 8; jobs++) {
			chr_mentions *many = find_jobs(big, blen, jobs);
			same = many && chr_mentions_count(one) == chr_mentions_count(many);
			for (size_t q = 0; same && q < chr_mentions_count(one); q++)
				same = same_mention(chr_mentions_get(one, q), chr_mentions_get(many, q));
			chr_mentions_free(many);
		}
		ok(same, "lines that start with what the line before qualifies give the same "
		         "mentions on 2 to 8 threads as on one");
		chr_mentions_free(one);
		free(big);
	}
	{
		/* the raw mentions of a long document are resolved in two
		 * halves side by side: "the same day" after the cut is the day
		 * before it, as on one thread; each text puts the cut in
		 * another place of its groups (a dated line, then lines of
		 * anaphors), and the last has anaphors alone after its first
		 * third, so the two halves' states never meet */
		static const char *const MONTHS[] = { "January", "February", "March", "April", "May",
		                                      "June", "July", "August", "September",
		                                      "October", "November", "December" };
		enum { CAPT = 1 << 20 };
		char *text = malloc(CAPT);
		bool same = text != NULL;
		for (int variant = 0; same && variant < 6; variant++) {
			size_t len = 0, lines = 0;
			while (len + 256 < CAPT && lines < 2600) {
				bool dated_line = variant < 5 ? lines % (size_t)(variant + 2) == 0 : lines < 860;
				if (dated_line)
					len += (size_t)snprintf(text + len, 256,
					                        "The council met on %u %s %u in Lyon.\n",
					                        1 + rnd(28), MONTHS[rnd(12)], 1990 + rnd(40));
				else
					len += (size_t)snprintf(text + len, 256,
					                        "The same day, the board met. That day was "
					                        "long.\n");
				lines++;
			}
			chr_mentions *one = find_jobs(text, len, 1);
			chr_mentions *two = find_jobs(text, len, 2);
			same = one && two && chr_mentions_count(one) > 3000 &&
			       chr_mentions_count(one) == chr_mentions_count(two);
			for (size_t q = 0; same && q < chr_mentions_count(one); q++)
				same = same_mention(chr_mentions_get(one, q), chr_mentions_get(two, q));
			if (!same)
				printf("# variant %d: %zu mentions on one thread, %zu on two\n", variant,
				       one ? chr_mentions_count(one) : 0, two ? chr_mentions_count(two) : 0);
			size_t both = one && two ? chr_mentions_count(one) : 0;
			if (two && chr_mentions_count(two) < both)
				both = chr_mentions_count(two);
			for (size_t q = 0; !same && q < both; q++) {
				const chr_mention *x = chr_mentions_get(one, q), *y = chr_mentions_get(two, q);
				if (!same_mention(x, y)) {
					printf("#   mention %zu: [%.*s] at %zu: %d-%02d-%02d, on two "
					       "threads at %zu: %d-%02d-%02d\n", q, (int)x->length,
					       text + x->offset, x->offset, x->start.year, x->start.month,
					       x->start.day, y->offset, y->start.year, y->start.month,
					       y->start.day);
					break;
				}
			}
			chr_mentions_free(one);
			chr_mentions_free(two);
		}
		ok(same, "anaphors resolved in two halves give what one pass gives, where the "
		         "halves' states meet soon and where they never do");
		free(text);
	}
	printf("# texts lexed as a middle window %zu, a first %zu, a last %zu, whole %zu\n",
	       windows[0], windows[CHR_LEX_HEAD], windows[CHR_LEX_TAIL], windows[CHR_LEX_ENDS]);
	ok(differ == 0 && windows[0] && windows[CHR_LEX_HEAD] && windows[CHR_LEX_TAIL],
	   "the sparse token array gives the same mentions as the full one, for a whole text "
	   "and for each kind of window");
	ok(reused_differ == 0, "a finder used for text after text gives what a fresh one does");
	ok(sparse_tokens < full_tokens * 9 / 10, "the sparse lexer leaves tokens out");
	if (fields_wrong)
		printf("# %zu word tokens disagree with their text\n", fields_wrong);
	ok(fields_wrong == 0, "every word token's first byte and abbreviation mark agree "
	                      "with its text");
	return tap_done();
}
