/*
 * The event layer: which mentions are events, merged by span, each with a
 * title, a place, a status and a stable UID. Work is linear in the
 * document: sentences are split once and found by bisection, mentions are
 * grouped by sorting, and the place fallbacks that look at other
 * sentences compute each sentence's place at most once.
 */
#include "event/event.h"
#include "date/mentions.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SENTENCE_CAP 600 /* bytes of a sentence kept for display */
#define WINDOW 1000      /* bytes of a sentence read for its title */


/* One mention that is an event, before merging. */
typedef struct item {
	size_t m;        /* index in the mention list */
	chr_date start, end;
	chr_precision precision;
	size_t offset;
	size_t sentence; /* index in the sentence list */
	size_t end_m;    /* the mention that ends a joined run, or SIZE_MAX */
	chr_event_status status;
	bool fixed;      /* status known already (a move's two ends) */
} item;

/* What the stages share while one document is worked on. */
typedef struct work {
	const chr_doc *doc;
	const chr_mentions *list;
	const char *text;
	size_t len;
	chr_sentences sents;
	chr_range *ranges;      /* every mention's bytes, sorted */
	size_t *range_m;        /* the mention of each range */
	size_t n_ranges;
	char **sent_place;      /* lazily: each sentence's place or NULL */
	bool *sent_place_done;
	int *sent_anaphor;      /* lazily: anaphor() of each sentence; -2: not yet */
	/* lazily: for each event noun, the first sentence that names it and
	 * a place (SIZE_MAX: none; 0 in noun_done: not looked for yet) */
	size_t noun_sentence[21];
	bool noun_done[21];
	bool noun_dateline[21]; /* that sentence is placed by the dateline */
	char *dateline;         /* the dateline's place, or NULL */
	size_t dateline_para;
	/* a later piece's dateline (piece_dateline): of paragraph piece_para
	 * when piece_done, its place or NULL */
	char *piece_place;
	size_t piece_para;
	bool piece_done;
	size_t dateline_end;    /* the byte after the dateline's date */
	unsigned char uid_ns[16]; /* the UIDs' namespace, hashed once */
	size_t title_end_m;     /* while a title is made: the mention that ends
	                         * its event's run (join_runs), or SIZE_MAX */
} work;

static const char *const event_nouns[21] = {
	"briefing", "ceremony", "conference", "congress", "consultations",
	"course", "event", "exhibition", "festival", "forum", "meeting",
	"mission", "seminar", "session", "summit", "symposium", "talks", "tour",
	"training", "visit", "workshop"
};

static bool precision_is_event(chr_precision p)
{
	return p == CHR_PREC_DAY || p == CHR_PREC_WEEK || p == CHR_PREC_MONTH ||
	       p == CHR_PREC_QUARTER || p == CHR_PREC_HALF || p == CHR_PREC_SEASON;
}

const char *chr_event_status_name(chr_event_status s)
{
	switch (s) {
	case CHR_EVENT_TENTATIVE: return "tentative";
	case CHR_EVENT_CANCELLED: return "cancelled";
	default: return "confirmed";
	}
}

size_t chr_events_count(const chr_events *events)
{
	return events ? events->len : 0;
}

const chr_event *chr_events_get(const chr_events *events, size_t i)
{
	return &events->items[i];
}

void chr_event_clear(chr_event *e)
{
	free((char *)e->doc);
	free((char *)e->url);
	free((char *)e->title);
	free((char *)e->location);
	free((char *)e->sentence);
	free((char *)e->date_text);
	free((chr_span *)e->mentions);
	for (size_t i = 0; i < e->n_sources; i++) {
		free((char *)e->sources[i].doc);
		free((char *)e->sources[i].url);
	}
	free((chr_source *)e->sources);
}

void chr_events_free(chr_events *events)
{
	if (!events)
		return;
	for (size_t i = 0; i < events->len; i++)
		chr_event_clear(&events->items[i]);
	free(events->items);
	free(events);
}

static char *dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* Takes b's bytes as a new string (an empty buffer gives ""). */
static char *take(chr_buf *b)
{
	char *s = b->data ? b->data : dup_n("", 0);
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

/* A range with its mention, sorted once and then split into w->ranges
 * and w->range_m (chr_title_make takes plain ranges). */
typedef struct tagged {
	chr_range r;
	size_t m;
} tagged;

static int cmp_tagged(const void *a, const void *b)
{
	const tagged *x = a, *y = b;
	if (x->r.start != y->r.start)
		return x->r.start < y->r.start ? -1 : 1;
	return x->m < y->m ? -1 : x->m > y->m ? 1 : 0;
}

/* Items sort by span, then by place in the text, so equal spans are
 * neighbours in text order. */
static int cmp_item(const void *a, const void *b)
{
	const item *x = a, *y = b;
	int c = chr_date_cmp(x->start, y->start);
	if (!c)
		c = chr_date_cmp(x->end, y->end);
	if (!c)
		c = (int)x->precision - (int)y->precision;
	if (!c)
		c = x->offset < y->offset ? -1 : x->offset > y->offset ? 1 : 0;
	return c;
}

static bool same_item_span(const item *a, const item *b)
{
	return !chr_date_cmp(a->start, b->start) && !chr_date_cmp(a->end, b->end) &&
	       a->precision == b->precision;
}

static bool called_off(const item *x)
{
	return x->status == CHR_EVENT_CANCELLED;
}

/*
 * Two mentions of one span in one sentence, one of them called off and
 * the other not: status is read clause by clause, so each has a clause
 * of its own ("The concert on 20 June is cancelled, but the picnic on 20
 * June goes ahead"), and two happenings share the day. Then the span's
 * items are two events, the cancelled ones and the others (the cancelled
 * ones after, their order kept); otherwise one, as in two sentences,
 * where the later mention most often names the cancelled one again
 * ("Tickets for the 20 June show will be refunded"). items are sorted by
 * span and then by place, so a span's items of one sentence are
 * neighbours. Returns whether items[a..b) is split; tmp has room for
 * b - a items.
 */
static bool split_fates(item *items, size_t a, size_t b, item *tmp)
{
	bool split = false;
	for (size_t i = a + 1; i < b && !split; i++)
		split = items[i].sentence == items[i - 1].sentence &&
		        called_off(&items[i]) != called_off(&items[i - 1]);
	if (!split)
		return false;
	size_t k = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = a; i < b; i++)
			if (called_off(&items[i]) == (pass == 1))
				tmp[k++] = items[i];
	memcpy(items + a, tmp, (b - a) * sizeof *items);
	return true;
}

typedef struct group {
	size_t first, n; /* a run of the sorted items */
	size_t offset;   /* of its first mention */
	bool fates;      /* the cancelled half of a span split_fates split */
} group;

static int cmp_group(const void *a, const void *b)
{
	const group *x = a, *y = b;
	return x->offset < y->offset ? -1 : x->offset > y->offset ? 1 : 0;
}

/* The sentence bytes around a mention: the sentence, or a window of it
 * that holds the mention when the sentence is huge. */
static void window(const work *w, size_t si, const chr_mention *m, size_t *ws, size_t *we)
{
	const chr_sentence *s = &w->sents.items[si];
	size_t a = s->start, e = s->end;
	if (m && m->offset + m->length > a + SENTENCE_CAP - 40) {
		a = m->offset > SENTENCE_CAP / 2 ? m->offset - SENTENCE_CAP / 2 : 0;
		if (a < s->start)
			a = s->start;
		while (a < m->offset && w->text[a] != ' ')
			a++;
	}
	if (e > a + WINDOW)
		e = a + WINDOW;
	if (m && e < m->offset + m->length)
		e = m->offset + m->length;
	*ws = a;
	*we = e;
}

/* The first date range that may reach into bytes from ws on. */
static size_t first_range(const work *w, size_t ws)
{
	size_t lo = 0, hi = w->n_ranges;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (w->ranges[mid].start + 256 < ws)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* True when a clause separator (", and", "; ", ", followed by", ", rather
 * than") starts
 * at t[i). */
static size_t clause_sep(const char *t, size_t i, size_t end)
{
	static const char *const seps[] = { ", and ", "; ", ", while ", ", but ",
	                                    ", whereas ", ", followed by ", ", preceded by ",
	                                    ", rather than ", ", instead of " };
	if (t[i] != ',' && t[i] != ';')
		return 0; /* asked at every byte of the sentence */
	for (size_t k = 0; k < CHR_ARRAY_LEN(seps); k++) {
		size_t n = strlen(seps[k]);
		if (i + n <= end && memcmp(t + i, seps[k], n) == 0)
			return n;
	}
	return 0;
}

/* A sentence that dates two happenings ("held in Malta in March 2016, and
 * the second in Jakarta in May 2017") titles and places each by its own
 * clause. A semicolon always ends the clause: "Nominations are open from
 * 1 March; the winners will be announced at a ceremony in Oslo" puts no
 * nomination in Oslo. */
static void own_clause(const work *w, size_t at, size_t *ws, size_t *we)
{
	size_t cs = *ws, ce = *we, ss = *ws, se = *we, n;
	/* the clause before the date's, when that one opens with an
	 * alternative ("rather than", "instead of"): a date given up, the
	 * same happening as the clause before names */
	size_t alt_s = *ws, alt_e = 0;
	bool semi_end = false;
	for (size_t i = *ws; i < *we; i++) {
		if ((n = clause_sep(w->text, i, *we)) == 0)
			continue;
		bool semi = w->text[i] == ';';
		if (i + n <= at) {
			bool alt = n > 10 && (memcmp(w->text + i, ", rather than ", n) == 0 ||
			                      memcmp(w->text + i, ", instead of ", n) == 0);
			alt_s = cs;
			alt_e = alt ? i : 0;
			cs = i + n;
			if (semi)
				ss = i + n;
		} else if (i >= at) {
			if (ce == *we)
				ce = i;
			if (semi) {
				se = i;
				semi_end = true;
			}
		}
		if (semi_end)
			break;
	}
	if (cs == *ws && ce == *we)
		return;
	bool other = false;
	for (size_t i = first_range(w, *ws); i < w->n_ranges && !other &&
	                                      w->ranges[i].start < *we; i++) {
		const chr_range *r = &w->ranges[i];
		if (r->start >= *ws && r->end <= *we && (r->end <= cs || r->start >= ce))
			other = true;
	}
	if (other && alt_e > alt_s && alt_e - alt_s >= 24) {
		*ws = alt_s;
		*we = alt_e;
	} else if (other && ce - cs >= 24) {
		*ws = cs;
		*we = ce;
	} else if (se - ss >= 24) {
		*ws = ss;
		*we = se;
	}
}

/* True when mention i names the span of mention ev: the same event. */
static bool same_span(const work *w, size_t i, const chr_mention *ev)
{
	const chr_mention *m = chr_mentions_get(w->list, i);
	return m->resolved && m->precision == ev->precision &&
	       !chr_date_cmp(m->start, ev->start) && !chr_date_cmp(m->end, ev->end);
}

/* True when text[a..e) only joins the items of a list of dates: commas,
 * "and", "or", "&"; or joins a date to the year it is in ("of"). */
static bool list_gap(const char *t, size_t a, size_t e)
{
	if (e < a || e - a > 8)
		return false;
	for (size_t i = a; i < e;) {
		if (t[i] == ' ' || t[i] == ',' || t[i] == '&') {
			i++;
		} else if (e - i >= 3 && memcmp(t + i, "and", 3) == 0) {
			i += 3;
		} else if (e - i >= 2 && (memcmp(t + i, "or", 2) == 0 || memcmp(t + i, "of", 2) == 0)) {
			i += 2; /* "October of next year" is one date too */
		} else {
			return false;
		}
	}
	return true;
}

/* Whether w[0..n) is one of the words of list, as written. */
static bool one_of(const char *const *list, size_t count, const char *w, size_t n)
{
	for (size_t k = 0; k < count; k++)
		if (strlen(list[k]) == n && memcmp(list[k], w, n) == 0)
			return true;
	return false;
}

/* The lower-case word at t[i..), its end; i when there is none. */
static size_t lower_word(const char *t, size_t i, size_t e)
{
	size_t j = i;
	while (j < e && t[j] >= 'a' && t[j] <= 'z')
		j++;
	return j < e && ((t[j] >= 'A' && t[j] <= 'Z') || (t[j] >= '0' && t[j] <= '9')) ? i : j;
}

/* " and " right at t[a] (after spaces), then a verb of the same subject
 * ("opens on 1 March and closes on 15 March"): a lower-case word that no
 * article or pronoun is ("the talks on 5 May and the vote on 7 May" names
 * a second subject). The offset of " and ", or 0. */
static size_t and_verb(const char *t, size_t a, size_t e)
{
	static const char *const not_verbs[] = { "a", "after", "an", "another", "as", "before",
	                                         "during", "for", "her", "his", "its", "of",
	                                         "our", "the", "their", "then", "this", "to",
	                                         "with" };
	size_t i = a;
	while (i < e && (t[i] == ' ' || (t[i] == ',' && i == a)))
		i++;
	if (i == a || e - i < 5 || memcmp(t + i, "and ", 4) != 0)
		return 0;
	size_t w = i + 4, we = lower_word(t, w, e);
	return we > w && !one_of(not_verbs, CHR_ARRAY_LEN(not_verbs), t + w, we - w) ? i : 0;
}

/*
 * Two happenings of one subject, each with its date, joined by "and":
 * "Registration opens on 1 March and closes on 15 March". The title of
 * the first ends before "and" ("Registration opens"): next is the first
 * other date after the event's own, own, in text[ws..*we), and *we is
 * narrowed. The second's leaves out the first verb with its date
 * ("Registration closes"): prev is the last other date before own, and
 * *drop gets the bytes to leave out (true).
 */
static bool split_verbs(const char *t, size_t ws, size_t *we, chr_range own,
                        const chr_range *prev, const chr_range *next, chr_range *drop)
{
	size_t p;
	if (next && (p = and_verb(t, own.end, next->start)) != 0)
		*we = p;
	if (!prev || (p = and_verb(t, prev->end, own.start)) == 0)
		return false;
	chr_range other = *prev;
	/* the preposition of the other date, then its verb; or only the
	 * preposition when one follows "and" too ("met in Accra on 3 May
	 * and on 10 May") */
	static const char *const preps[] = { "at", "by", "from", "in", "on", "until" };
	size_t e = other.start;
	while (e > ws && t[e - 1] == ' ')
		e--;
	size_t s = e, w = p + 4, we2 = lower_word(t, w, *we);
	while (s > ws && t[s - 1] >= 'a' && t[s - 1] <= 'z')
		s--;
	bool prep = one_of(preps, CHR_ARRAY_LEN(preps), t + s, e - s),
	     prep2 = one_of(preps, CHR_ARRAY_LEN(preps), t + w, we2 - w);
	if (prep && prep2) {
		drop->start = s;
		drop->end = p + 4;
		return true;
	}
	if (prep) {
		e = s;
		while (e > ws && t[e - 1] == ' ')
			e--;
		s = e;
		while (s > ws && t[s - 1] >= 'a' && t[s - 1] <= 'z')
			s--;
	}
	if (s == e || s == ws || t[s - 1] != ' ')
		return false;
	drop->start = s;
	drop->end = p + 4; /* "and " */
	return true;
}

/*
 * "The trial, which opened on 3 April, resumed on Tuesday": a clause
 * between ", which" (or ", who") and the next comma, with a date of its
 * own, tells another happening of the subject. The main clause's title
 * leaves it out ("The trial resumed"); the clause's title is the subject
 * with the clause's verb ("The trial opened"): *we is narrowed to the
 * clause's end and "which" left out. own is the event's date, the other
 * dates of text[ws..*we) are in r[0..n) with mine[] false. Sets *drop
 * and returns true when it applies.
 */
static bool relative_clause(const char *t, size_t ws, size_t *we, chr_range own,
                            const chr_range *r, const bool *mine, size_t n, chr_range *drop)
{
	size_t a = ws, len = 0;
	for (; a + 8 < *we; a++)
		if (t[a] == ',' && (memcmp(t + a, ", which ", 8) == 0 || memcmp(t + a, ", who ", 6) == 0)) {
			len = t[a + 3] == 'h' && t[a + 4] == 'i' ? 8 : 6;
			break;
		}
	if (!len)
		return false;
	size_t e = a + len;
	while (e < *we && t[e] != ',' && t[e] != ';')
		e++;
	if (e >= *we || t[e] != ',')
		return false;
	bool inside = own.start > a && own.end <= e;
	if (!inside && own.start < e)
		return false; /* the date is in the subject */
	bool other = false;
	for (size_t i = 0; i < n && !other; i++)
		if (!mine[i] && r[i].start >= ws && r[i].end <= *we)
			other = inside ? r[i].start > e : r[i].start > a && r[i].end <= e;
	if (!other)
		return false;
	if (inside) {
		*we = e;
		drop->start = a;
		drop->end = a + len - 1; /* ", which": the space stays */
	} else {
		drop->start = a;
		drop->end = e + 1;
	}
	return true;
}

/* The title of the event of mention ev from text[ws..we). Only the
 * event's own dates leave it, a second happening of the subject with
 * another date (split_verbs), and a clause about one (relative_clause). */
/* Where the second end of a range written in text[a..e) begins: its
 * connector (" to ", " until ", a dash), or e. */
static size_t range_connector(const char *t, size_t a, size_t e)
{
	static const char *const conns[] = { " to ", " until ", " till ", " through ", "-",
	                                     "\xe2\x80\x93", "\xe2\x80\x94" };
	size_t best = e;
	for (size_t k = 0; k < CHR_ARRAY_LEN(conns); k++) {
		size_t n = strlen(conns[k]);
		for (size_t i = a; i + n <= e && i < best; i++)
			if (memcmp(t + i, conns[k], n) == 0) {
				best = i;
				break;
			}
	}
	return best;
}

static bool dateline_closer(const char *text, size_t len, size_t i);

/* The byte after the date of a dateline that opens text[ws..we) ("AMMAN,
 * 11 June 2023 —"), closed by a dash or a wire's name, with its place in
 * *place when place is not NULL; 0 when none. */
static size_t dateline_at(const work *w, size_t ws, size_t we, chr_buf *place)
{
	/* the mentions are in text order: the first at or after ws is found
	 * by halving, not by walking every mention before it (which made a
	 * long document's titles quadratic) */
	size_t n = chr_mentions_count(w->list), lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (chr_mentions_get(w->list, mid)->offset < ws)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == n)
		return 0;
	const chr_mention *m = chr_mentions_get(w->list, lo);
	if (m->offset > ws + 60 || m->offset + m->length >= we ||
	    !dateline_closer(w->text, w->len, m->offset + m->length))
		return 0;
	chr_buf b;
	bool found = false;
	chr_buf_init(&b, 64);
	chr_status rc = chr_place_dateline(place ? place : &b, w->text, w->len, m->offset, &found);
	chr_buf_free(&b);
	return rc == CHR_OK && found ? m->offset + m->length : 0;
}

static chr_status make_title(const work *w, size_t ws, size_t we, const chr_mention *ev,
                             bool keep_new, chr_buf *b)
{
	chr_status rc = CHR_OK;
	chr_range *own = NULL;
	/* "GENEVA, 14 March 2019 - The council opened": the dateline is no
	 * part of the happening, the document's own or one further on */
	size_t dl_end = w->dateline && ws < w->dateline_end && w->dateline_end < we
	                        ? w->dateline_end
	                        : dateline_at(w, ws, we, NULL);
	if (dl_end) {
		ws = dl_end;
		/* and the wire after its date: "7 July 2027 /PRNewswire/ --",
		 * "7 July 2027 (Reuters) -" */
		size_t k = ws;
		while (k < we && w->text[k] == ' ')
			k++;
		char close = k < we ? (w->text[k] == '/' ? '/' : w->text[k] == '(' ? ')' : 0) : 0;
		if (close) {
			size_t q = k + 1;
			while (q < we && q - k < 40 && w->text[q] != close && w->text[q] != '\n')
				q++;
			if (q < we && w->text[q] == close && q > k + 1)
				ws = q + 1;
			/* a wire without its name: "7 July 2027 / --" */
			q = k + 1;
			while (q < we && w->text[q] == ' ')
				q++;
			if (close == '/' && q < we &&
			    (w->text[q] == '-' || (unsigned char)w->text[q] == 0xe2))
				ws = k + 1;
		}
	}
	/* "14 March 2019 – The committee will meet": the publication date
	 * that opens the window, with its dash, is no part of it either */
	if (!dl_end) {
		size_t q = ws;
		while (q < we && w->text[q] == ' ')
			q++;
		for (size_t i = first_range(w, q); i < w->n_ranges && w->ranges[i].start <= q; i++) {
			if (w->ranges[i].start != q ||
			    chr_mentions_get(w->list, w->range_m[i])->role != CHR_ROLE_PUBLISHED)
				continue;
			size_t d = w->ranges[i].end;
			while (d < we && w->text[d] == ' ')
				d++;
			size_t dash = d < we && w->text[d] == '-' ? 1 : chr_dash_len(w->text + d, we - d);
			if (dash) {
				ws = d + dash;
				while (ws < we && w->text[ws] == '-')
					ws++;
			}
			break;
		}
	}
	/* Only the dates near the window are looked at. */
	size_t lo = first_range(w, ws), n = 0, k = 0;
	while (lo + n < w->n_ranges && w->ranges[lo + n].start < we)
		n++;
	/* a sentence's few dates are kept on the stack */
	chr_range own_local[17];
	bool mine_local[16], *mine = NULL;
	if (n <= 16) {
		own = own_local;
		mine = mine_local;
		memset(mine, 0, sizeof mine_local);
	} else {
		if (!(own = malloc((n + 1) * sizeof *own)))
			return CHR_ENOMEM;
		if (!(mine = calloc(n, sizeof *mine))) {
			free(own);
			return CHR_ENOMEM;
		}
	}
	for (size_t i = lo; i < lo + n; i++)
		mine[i - lo] = same_span(w, w->range_m[i], ev) || w->range_m[i] == w->title_end_m;
	/* "held on 2, 4 and 8 November": the other days of a list go with
	 * this one, or each title would keep "4 and 8". */
	for (bool grew = true; grew;) {
		grew = false;
		for (size_t i = lo; i + 1 < lo + n; i++) {
			if (mine[i - lo] == mine[i + 1 - lo] ||
			    !list_gap(w->text, w->ranges[i].end, w->ranges[i + 1].start))
				continue;
			mine[i - lo] = mine[i + 1 - lo] = true;
			grew = true;
		}
	}
	for (size_t i = lo; i < lo + n; i++) {
		if (!mine[i - lo])
			continue;
		/* the old date of a move keeps where it went: "moved to 17 May" */
		if (keep_new && w->ranges[i].start == ev->offset) {
			chr_range r = w->ranges[i];
			r.end = range_connector(w->text, r.start, r.end);
			own[k++] = r;
			continue;
		}
		/* a list leaves the title whole, with what joins it */
		if (k && list_gap(w->text, own[k - 1].end, w->ranges[i].start))
			own[k - 1].end = w->ranges[i].end;
		else
			own[k++] = w->ranges[i];
	}
	/* the event's one date in the window (a dateline may have moved the
	 * window's start past it) */
	bool one = k == 1 && !keep_new && own[0].start >= ws && own[0].end <= we;
	if (one && relative_clause(w->text, ws, &we, own[0], w->ranges + lo, mine, n, &own[k]))
		k++, one = false;
	/* the other dates next to the event's own, when it has one */
	const chr_range *prev = NULL, *next = NULL;
	for (size_t i = lo; one && i < lo + n; i++) {
		const chr_range *r = &w->ranges[i];
		if (mine[i - lo] || r->start < ws || r->end > we)
			continue;
		if (r->end <= own[0].start)
			prev = r;
		else if (r->start >= own[0].end && !next)
			next = r;
	}
	if (mine != mine_local)
		free(mine);
	if (one && split_verbs(w->text, ws, &we, own[0], prev, next, &own[k]))
		k++;
	rc = chr_title_make(b, w->text, ws, we, own, k);
	if (own != own_local)
		free(own);
	return rc;
}

/* The bytes a mention's title and place come from: its sentence (or a
 * window of it), narrowed to its own clause. */
static void clause_window(const work *w, size_t si, const chr_mention *m, size_t *ws,
                          size_t *we)
{
	window(w, si, m, ws, we);
	own_clause(w, m->offset, ws, we);
}

/* The place of sentence si, computed once. */
static chr_status sentence_place(work *w, size_t si, const char **out)
{
	chr_status rc = CHR_OK;
	chr_buf b;
	bool found = false;
	chr_buf_init(&b, 256);
	if (!w->sent_place) {
		w->sent_place = calloc(w->sents.len ? w->sents.len : 1, sizeof *w->sent_place);
		w->sent_place_done = calloc(w->sents.len ? w->sents.len : 1, sizeof *w->sent_place_done);
		if (!w->sent_place || !w->sent_place_done) {
			rc = CHR_ENOMEM;
			goto cleanup;
		}
	}
	if (!w->sent_place_done[si]) {
		const chr_sentence *s = &w->sents.items[si];
		size_t e = s->end - s->start > WINDOW ? s->start + WINDOW : s->end;
		CHECK(chr_place_find(&b, w->text, s->start, e, s->start, &found));
		if (found && !(w->sent_place[si] = take(&b))) {
			rc = CHR_ENOMEM;
			goto cleanup;
		}
		w->sent_place_done[si] = true;
	}
	*out = w->sent_place[si];
cleanup:
	chr_buf_free(&b);
	return rc;
}

/* Where the nouns of event_nouns occur after "the"/"this" in a sentence:
 * the noun's index, or -1. */
static int anaphor(const char *t, size_t start, size_t end, bool at_start)
{
	static const char *const dets[] = { "the ", "The ", "this ", "This " };
	for (size_t i = start; i < end; i++) {
		/* every determiner starts with "th" or "Th" */
		bool th = (t[i] == 't' || t[i] == 'T') && i + 1 < end && t[i + 1] == 'h';
		for (size_t d = 0; th && d < CHR_ARRAY_LEN(dets); d++) {
			size_t n = strlen(dets[d]);
			if (i + n >= end || memcmp(t + i, dets[d], n) != 0)
				continue; /* (with no byte after it, no noun either) */
			if (i > start && t[i - 1] != ' ')
				continue;
			for (size_t k = 0; k < CHR_ARRAY_LEN(event_nouns); k++) {
				if (t[i + n] != event_nouns[k][0])
					continue;
				size_t m = strlen(event_nouns[k]);
				if (i + n + m <= end && memcmp(t + i + n, event_nouns[k], m) == 0 &&
				    (i + n + m == end || !((t[i + n + m] >= 'a' && t[i + n + m] <= 'z'))))
					return (int)k;
			}
		}
		if (at_start)
			return -1;
	}
	return -1;
}

/* anaphor() over the whole of sentence si, computed once: a sentence that
 * holds a million dates would otherwise be read a million times. */
static chr_status sentence_anaphor(work *w, size_t si, int *out)
{
	if (!w->sent_anaphor) {
		size_t n = w->sents.len ? w->sents.len : 1;
		w->sent_anaphor = malloc(n * sizeof *w->sent_anaphor);
		if (!w->sent_anaphor)
			return CHR_ENOMEM;
		for (size_t i = 0; i < n; i++)
			w->sent_anaphor[i] = -2;
	}
	if (w->sent_anaphor[si] == -2) {
		const chr_sentence *s = &w->sents.items[si];
		w->sent_anaphor[si] = anaphor(w->text, s->start, s->end, false);
	}
	*out = w->sent_anaphor[si];
	return CHR_OK;
}

static bool mentions_noun(const char *t, size_t start, size_t end, const char *noun)
{
	size_t n = strlen(noun);
	for (size_t i = start; i + n <= end; i++)
		if (memcmp(t + i, noun, n) == 0)
			return true;
	return false;
}

/* A place for an event whose own sentences name none: the next sentence
 * of its paragraph when it goes on about the happening ("The briefing was
 * held at ..."), the first sentence that placed the happening it refers to
 * ("the conference" -> "At a conference in Washington, DC"), or the
 * dateline of its paragraph. */
/* "ROME, 5 March 2027 — The agency will ..." opening a paragraph further
 * on: a page of several releases, each placed by its own dateline as the
 * document's first places its own paragraph. */
static chr_status piece_dateline(work *w, size_t si, const char **out)
{
	size_t para = w->sents.items[si].para;
	*out = NULL;
	if (!w->piece_done || w->piece_para != para) {
		free(w->piece_place);
		w->piece_place = NULL;
		w->piece_para = para;
		w->piece_done = true;
		size_t first = si;
		while (first > 0 && w->sents.items[first - 1].para == para)
			first--;
		const chr_sentence *f = &w->sents.items[first];
		chr_buf b;
		chr_buf_init(&b, 64);
		if (dateline_at(w, f->start, f->end, &b) && b.len && !(w->piece_place = take(&b))) {
			chr_buf_free(&b);
			return CHR_ENOMEM;
		}
		chr_buf_free(&b);
	}
	*out = w->piece_place;
	return CHR_OK;
}

static chr_status fallback_place(work *w, size_t si, const char **out)
{
	chr_status rc = CHR_OK;
	const chr_sentence *s = &w->sents.items[si];
	*out = NULL;
	if (si + 1 < w->sents.len && w->sents.items[si + 1].para == s->para) {
		const chr_sentence *n = &w->sents.items[si + 1];
		if (anaphor(w->text, n->start, n->end, true) >= 0 ||
		    (n->end - n->start > 5 && (memcmp(w->text + n->start, "It ", 3) == 0 ||
		                               memcmp(w->text + n->start, "They ", 5) == 0)))
			CHECK(sentence_place(w, si + 1, out));
		if (*out)
			goto cleanup;
	}
	int k;
	CHECK(sentence_anaphor(w, si, &k));
	if (k >= 0) {
		if (!w->noun_done[k]) {
			w->noun_sentence[k] = SIZE_MAX;
			for (size_t i = 0; i < w->sents.len && !*out; i++) {
				const chr_sentence *p = &w->sents.items[i];
				if (!mentions_noun(w->text, p->start, p->end, event_nouns[k]))
					continue;
				CHECK(sentence_place(w, i, out));
				/* the article's own happening, which its dateline
				 * places: "GENEVA - Ministers will hold a conference" */
				if (!*out && w->dateline && w->dateline_para == p->para) {
					w->noun_dateline[k] = true;
					*out = w->dateline;
				}
				if (*out)
					w->noun_sentence[k] = i;
			}
			w->noun_done[k] = true;
			*out = NULL;
		}
		if (w->noun_sentence[k] < si) {
			*out = w->noun_dateline[k] ? w->dateline : w->sent_place[w->noun_sentence[k]];
			goto cleanup;
		}
	}
	/* "It will run from 3 May", "The talks begin on 3 May": the
	 * sentence goes on about what the one before it placed. */
	if (si > 0 && w->sents.items[si - 1].para == s->para && s->end - s->start > 6 &&
	    (memcmp(w->text + s->start, "It ", 3) == 0 || memcmp(w->text + s->start, "They ", 5) == 0 ||
	     memcmp(w->text + s->start, "This ", 5) == 0 || anaphor(w->text, s->start, s->end, true) >= 0)) {
		CHECK(sentence_place(w, si - 1, out));
		if (*out)
			goto cleanup;
	}
	if (w->dateline && w->dateline_para == s->para)
		*out = w->dateline;
	else
		CHECK(piece_dateline(w, si, out));
cleanup:
	return rc;
}

/* The start of the line after the one at i, or e. */
static size_t next_line(const char *t, size_t i, size_t e)
{
	const char *nl = memchr(t + i, '\n', e - i);
	return nl ? (size_t)(nl - t) + 1 : e;
}

/* "Venue: Northfield Concert Hall, Leeds" on a line near the date, as
 * event pages list it: the place of the happening whose date is beside
 * it. A gazetteer place in the line wins; else the line itself when it
 * is short. Lines more than three away, or a long way off, do not count. */
/* text[s..e) ends a sentence inside it: a period after a word of four
 * letters or more, then a space (an address's "S." and "St." end
 * none). */
static bool sentence_end_in(const char *t, size_t s, size_t e)
{
	for (size_t i = s; i + 1 < e; i++) {
		if (t[i] != '.' || t[i + 1] != ' ')
			continue;
		size_t w = i;
		while (w > s && ((t[w - 1] >= 'a' && t[w - 1] <= 'z') || (t[w - 1] >= 'A' && t[w - 1] <= 'Z')))
			w--;
		if (i - w >= 4)
			return true;
	}
	return false;
}

/* The line of text[at]: *ls at its start, *le at its end. */
static void line_around(const char *t, size_t len, size_t at, size_t *ls, size_t *le)
{
	size_t nl = at ? chr_last_byte(t, 0, at, '\n') : SIZE_MAX;
	const char *e = at < len ? memchr(t + at, '\n', len - at) : NULL;
	*ls = nl == SIZE_MAX ? 0 : nl + 1;
	*le = e ? (size_t)(e - t) : len;
}

/*
 * A details list's place: "Venue: Kigali", "Where: Girona, Spain", or a
 * label alone on its line with the value on the next ("Location / Town
 * Hall, Ghent"), within eight lines of the date at text[at], on a line
 * of a list (DETAILS_LINE bytes at most, no sentence). The nearest
 * label wins, one after the date before one as far before it: the list
 * of the next happening begins after this one's. A line that ends in a
 * stop is a sentence, unless a label opens it: a paragraph's date takes
 * only a label on the very next line ("... on 16 October. / Where: Main
 * building, Uppsala"), not the list of another happening further on.
 */
enum { DETAILS_LINE = 100 };

/* The first line after the line end at text[le] that holds more than
 * white space starts at text[j] ("Where:" right after a paragraph). */
static bool next_line_is(const char *t, size_t le, size_t j)
{
	for (size_t i = le; i < j; i++)
		if ((unsigned char)t[i] > ' ')
			return false;
	return true;
}

static chr_status label_place(const work *w, size_t at, chr_buf *b, bool *found)
{
	static const char *const labels[] = { "location", "place", "venue", "where" };
	*found = false;
	size_t ls, le;
	line_around(w->text, w->len, at, &ls, &le);
	while (le > ls && (unsigned char)w->text[le - 1] <= ' ')
		le--;
	/* a sentence ends in a stop; "Date: Friday, 10 October." holds its
	 * label before a colon */
	const char *colon = memchr(w->text + ls, ':', le - ls);
	bool sentence = le > ls && (w->text[le - 1] == '.' || w->text[le - 1] == '!' ||
	                            w->text[le - 1] == '?') &&
	                (!colon || colon - (w->text + ls) > 12);
	if (le - ls > DETAILS_LINE && !sentence)
		return CHR_OK;
	/* four blocks either way: blocks are blank-line separated, so a
	 * page's "Date:", "Time:", "Venue:" list is two newlines a line */
	size_t a = at, lines = 0, lo = at > 600 ? at - 600 : 0;
	while (a > lo && lines < 8) {
		a--;
		if (w->text[a] == '\n')
			lines++;
	}
	/* forwards to just past the eighth line end, at most 600 bytes */
	size_t e = at, hi = w->len - at > 600 ? at + 600 : w->len;
	for (lines = 0; e < hi && lines < 8; lines++) {
		const char *nl = memchr(w->text + e, '\n', hi - e);
		e = nl ? (size_t)(nl - w->text) + 1 : hi;
	}
	size_t best_s = 0, best_e = 0, best_d = SIZE_MAX;
	/* the starts of the lines in [a, e) */
	size_t i = a > 0 && w->text[a - 1] != '\n' ? next_line(w->text, a, e) : a;
	for (; i < e; i = next_line(w->text, i, e)) {
		size_t j = i;
		while (j < e && (w->text[j] == ' ' || w->text[j] == '\t'))
			j++;
		for (size_t k = 0; k < CHR_ARRAY_LEN(labels); k++) {
			size_t n = strlen(labels[k]);
			if (j + n > e || strncasecmp(w->text + j, labels[k], n) != 0)
				continue;
			size_t vs = j + n;
			if (vs < e && w->text[vs] == ':') {
				vs++; /* "Venue: Kigali" */
			} else {
				/* a details list's label alone on its line, the value
				 * on the next: "Location / Town Hall, Ghent" */
				while (vs < e && (w->text[vs] == ' ' || w->text[vs] == '\t' ||
				                  w->text[vs] == '\r'))
					vs++;
				if (vs >= e || w->text[vs] != '\n')
					continue;
				while (vs < e && (unsigned char)w->text[vs] <= ' ')
					vs++;
			}
			size_t ve = vs;
			while (ve < e && w->text[ve] != '\n')
				ve++;
			while (vs < ve && w->text[vs] == ' ')
				vs++;
			/* "Girona, Spain; start and finish at ...": the place
			 * is the part before a semicolon */
			const char *semi = memchr(w->text + vs, ';', ve - vs);
			if (semi)
				ve = (size_t)(semi - w->text);
			while (ve > vs && ((unsigned char)w->text[ve - 1] <= ' ' || w->text[ve - 1] == '.'))
				ve--;
			if (ve == vs)
				continue;
			/* the value is a place by its label: "Venue: Kigali",
			 * "Venue: UMMA Apse, 525 S. State St., Ann Arbor" */
			if (ve - vs > 80 || sentence_end_in(w->text, vs, ve))
				continue;
			if (sentence && (j < at || !next_line_is(w->text, le, j)))
				continue;
			size_t d = j >= at ? j - at : 2 * (at - j);
			if (d < best_d) {
				best_d = d;
				best_s = vs;
				best_e = ve;
			}
		}
	}
	if (best_d == SIZE_MAX)
		return CHR_OK;
	*found = true;
	return chr_sentence_text(b, w->text, best_s, best_e, 120);
}

/* The dateline ("Singapore, 23 November 2018.") among the first dates. */
static chr_status find_dateline(work *w)
{
	chr_status rc = CHR_OK;
	chr_buf b;
	chr_buf_init(&b, 256);
	for (size_t i = 0; i < chr_mentions_count(w->list); i++) {
		const chr_mention *m = chr_mentions_get(w->list, i);
		bool found = false;
		if (m->offset > 2000)
			break;
		CHECK(chr_place_dateline(&b, w->text, w->len, m->offset, &found));
		if (found) {
			if (!(w->dateline = take(&b))) {
				rc = CHR_ENOMEM;
				goto cleanup;
			}
			w->dateline_para = w->sents.items[chr_sentences_find(&w->sents, m->offset)].para;
			w->dateline_end = m->offset + m->length;
			break;
		}
	}
	if (w->dateline) {
		/* "ABERDEEN, 12 November 2026" on a line of its own (a page's
		 * dateline element): it places the paragraph that follows. */
		size_t si = chr_sentences_find(&w->sents, w->dateline_end > 0 ? w->dateline_end - 1 : 0);
		const chr_sentence *ds = &w->sents.items[si];
		size_t k = w->dateline_end;
		/* its closing mark too: "ROSTOCK, 2 June 2027 –" */
		for (;;) {
			if (k < ds->end && chr_dash_len(w->text + k, ds->end - k))
				k += 3;
			else if (k < ds->end && (w->text[k] == ' ' || w->text[k] == '.' ||
			                         w->text[k] == ',' || w->text[k] == '-' ||
			                         w->text[k] == ':'))
				k++;
			else
				break;
		}
		if (k >= ds->end && si + 1 < w->sents.len &&
		    (si + 1 == w->sents.len - 1 || w->sents.items[si + 1].para != ds->para))
			w->dateline_para = w->sents.items[si + 1].para;
	}
	if (!w->dateline) {
		bool found = false;
		size_t end = 0;
		b.len = 0;
		CHECK(chr_place_dateline_undated(&b, w->text, w->len, &end, &found));
		if (found) {
			if (!(w->dateline = take(&b))) {
				rc = CHR_ENOMEM;
				goto cleanup;
			}
			w->dateline_para = w->sents.items[chr_sentences_find(&w->sents, end)].para;
			w->dateline_end = end;
		}
	}
cleanup:
	chr_buf_free(&b);
	return rc;
}

/* Sentence k opens with a label and a colon ("Date:", "Venue:", "Time:"). */
static bool label_sentence(const work *w, size_t k)
{
	static const char *const labels[] = { "date", "dates", "when", "venue", "location",
	                                      "where", "place", "time", "times", "address" };
	const chr_sentence *s = &w->sents.items[k];
	return chr_label_at(w->text, s->end, s->start, labels, CHR_ARRAY_LEN(labels));
}

/* The title when no sentence gives one: the headline, a short first line,
 * or a word. */
static chr_status fallback_title(const work *w, chr_buf *b)
{
	const char *t = chr_doc_title(w->doc);
	/* 89 bytes are at most 89 characters, and a headline with no space
	 * to cut at gets " …" after all of them: 90 characters plus the
	 * ellipsis, the title's limit in chronicle.h. */
	if (t && *t)
		return chr_sentence_text(b, t, 0, strlen(t), 89);
	size_t e = 0;
	while (e < w->len && w->text[e] != '\n')
		e++;
	if (e > 0 && e <= 120) {
		size_t n = 0;
		while (n < w->n_ranges && w->ranges[n].start < e)
			n++;
		chr_status rc = chr_title_make(b, w->text, 0, e, w->ranges, n);
		if (rc != CHR_OK || b->len)
			return rc;
	}
	return chr_buf_adds(b, "Event");
}

/* True when a date range starts in text[a..e). */
static bool has_date(const work *w, size_t a, size_t e)
{
	for (size_t i = first_range(w, a); i < w->n_ranges && w->ranges[i].start < e; i++)
		if (w->ranges[i].start >= a)
			return true;
	return false;
}

/* True when sentence si is a whole line of its own, with no full stop:
 * a heading or a label such as "Open day". */
static bool line_alone(const work *w, size_t si)
{
	const chr_sentence *s = &w->sents.items[si];
	if (s->end <= s->start || w->text[s->end - 1] == '.')
		return false;
	size_t a = s->start, e = s->end;
	while (a > 0 && (w->text[a - 1] == ' ' || w->text[a - 1] == '\t'))
		a--;
	while (e < w->len && (w->text[e] == ' ' || w->text[e] == '\t' || w->text[e] == '\r'))
		e++;
	return (a == 0 || w->text[a - 1] == '\n') && (e == w->len || w->text[e] == '\n');
}

/* True when every word of s[0, n) is capitalised or a number: names
 * ("Stadtpark, Hamburg"), no clause. */
static bool only_names(const char *s, size_t n)
{
	bool word = false;
	for (size_t i = 0; i < n; i++) {
		bool start = i == 0 || s[i - 1] == ' ';
		/* a quoted title names a work: '"Climate Records," a talk' */
		if (start && (s[i] == '"' || (i + 2 < n && (unsigned char)s[i] == 0xe2 &&
		                              (unsigned char)s[i + 1] == 0x80 &&
		                              (unsigned char)s[i + 2] == 0x9c)))
			return false;
		if (start && s[i] >= 'a' && s[i] <= 'z')
			return false;
		if (start && s[i] != ' ')
			word = true;
	}
	return word;
}

/* Drops the separators a details line puts between its date and its
 * names ("June 24-26, 2026 | Lisbon" leaves "| Lisbon"): '|', a middle
 * dot, dashes, and the spaces after them. */
static void drop_lead_separators(chr_buf *b)
{
	size_t i = 0;
	for (;;) {
		const unsigned char *d = (const unsigned char *)b->data + i;
		size_t n = b->len - i;
		if (n >= 1 && (d[0] == '|' || d[0] == '-' || d[0] == ' '))
			i++;
		else if (n >= 2 && d[0] == 0xc2 && d[1] == 0xb7)
			i += 2; /* a middle dot */
		else if (n >= 3 && d[0] == 0xe2 && d[1] == 0x80 && (d[2] == 0x93 || d[2] == 0x94))
			i += 3; /* an en or em dash */
		else
			break;
	}
	if (i > 0 && i < b->len) {
		memmove(b->data, b->data + i, b->len - i);
		b->len -= i;
		b->data[b->len] = '\0';
	}
}

/* True when a title had to be cut inside its clause ("…" at its end). */
static bool cut_title(const chr_buf *b)
{
	return b->len >= 3 && memcmp(b->data + b->len - 3, "\xe2\x80\xa6", 3) == 0;
}

/* The words of at least four letters in s[a..e), lowercased, one by one:
 * *at moves past each; false at the end. */
static bool next_word(const char *s, size_t e, size_t *at, char out[32], size_t *n)
{
	size_t i = *at;
	for (;;) {
		while (i < e && !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
			i++;
		if (i >= e) {
			*at = i;
			return false;
		}
		size_t w = i;
		while (i < e && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		                 s[i] == '-'))
			i++;
		if (i - w >= 4 && i - w < 32) {
			*n = i - w;
			for (size_t k = 0; k < *n; k++)
				out[k] = (char)(s[w + k] >= 'A' && s[w + k] <= 'Z' ? s[w + k] + 32 : s[w + k]);
			out[*n] = '\0';
			*at = i;
			return true;
		}
	}
}

/* The headline instead of a title cut short, when it tells the same
 * happening: no date in it (digits), short enough, and most of its words
 * in the event's sentence text[ss..se). */
static chr_status headline_title(const work *w, size_t ss, size_t se, chr_buf *b)
{
	const char *h = chr_doc_title(w->doc);
	size_t hl = h ? strlen(h) : 0;
	if (!h) {
		/* a plain text's first line, short and without a final stop */
		while (hl < w->len && hl <= 120 && w->text[hl] != '\n')
			hl++;
		if (hl == 0 || hl > 120 || hl >= w->len || w->text[hl - 1] == '.' ||
		    ss < hl)
			return CHR_OK;
		h = w->text;
	}
	if (hl == 0 || hl > 400 || chr_utf8_chars(h, hl) > 90)
		return CHR_OK;
	for (size_t i = 0; i < hl; i++)
		if (h[i] >= '0' && h[i] <= '9')
			return CHR_OK;
	size_t words = 0, shared = 0, at = 0, n, n2;
	char word[32], other[32];
	/* the sentence's words, read once (a window's worth fits) rather
	 * than again for every word of the headline */
	char sw[WINDOW];
	size_t sw_at[WINDOW / 5 + 2], sw_n[WINDOW / 5 + 2], n_sw = 0;
	bool read = false, fits = se - ss <= WINDOW;
	while (next_word(h, hl, &at, word, &n)) {
		words++;
		if (fits && !read) {
			size_t at2 = ss, k = 0;
			while (next_word(w->text, se, &at2, other, &n2)) {
				memcpy(sw + k, other, n2);
				sw_at[n_sw] = k;
				sw_n[n_sw++] = n2;
				k += n2;
			}
			read = true;
		}
		if (fits) {
			for (size_t i = 0; i < n_sw; i++)
				if (sw_n[i] == n && memcmp(word, sw + sw_at[i], n) == 0) {
					shared++;
					break;
				}
		} else {
			size_t at2 = ss;
			while (next_word(w->text, se, &at2, other, &n2))
				if (n2 == n && memcmp(word, other, n) == 0) {
					shared++;
					break;
				}
		}
		if (words > 24)
			return CHR_OK;
	}
	if (shared < 2 || shared * 2 < words)
		return CHR_OK;
	b->len = 0;
	return chr_sentence_text(b, h, 0, hl, 400);
}

static int64_t day_seconds(chr_date d)
{
	return chr_date_valid(d) ? (int64_t)chr_date_to_days(d) * 86400 : 0;
}

/*
 * How many of a happening's other mentions are looked at for a title or a
 * place when the best one's clause gives none. An article names a
 * happening a few times; thousands of mentions of one date are a list or
 * a table, and searching the clause of each (up to WINDOW bytes) made a
 * text of them cost seconds per 100 KB.
 */
enum { OTHERS_TRIED = 32 };

/* Builds the event for items[g.first .. g.first+g.n) into e. */
static chr_status build(work *w, const item *items, group g, chr_event *e)
{
	char *names = NULL; /* a details line's names, while they may place the event */
	chr_status rc = CHR_OK;
	chr_buf b;
	chr_buf_init(&b, 0);
	const chr_mention *first = chr_mentions_get(w->list, items[g.first].m);
	chr_pub_source src;
	chr_date pub = chr_doc_published(w->doc, &src);

	/* the item's span: one end of a move written as a range is its own */
	e->start = items[g.first].start;
	e->end = items[g.first].end;
	e->precision = items[g.first].precision;
	e->mod = first->mod;
	e->hour = first->hour;
	e->minute = first->minute;
	e->end_hour = first->end_hour;
	e->end_minute = first->end_minute;
	e->has_tz = first->has_tz;
	e->tz_minutes = first->tz_minutes;
	e->published = src == CHR_PUB_NONE ? (chr_date){ 0, 0, 0 } : pub;
	e->first_seen = e->last_modified = day_seconds(e->published);
	e->sequence = 0;

	/* The most informative mention: the one in the most prose, but one
	 * that names the time again ("by that time") only when no mention
	 * names it first-hand. */
	size_t best = g.first, best_words = 0, words = 0, words_of = SIZE_MAX;
	bool best_anaphor = true;
	size_t others = g.n < OTHERS_TRIED ? g.n : OTHERS_TRIED;
	chr_span *spans = malloc(g.n * sizeof *spans);
	if (!spans) {
		rc = CHR_ENOMEM;
		goto cleanup;
	}
	e->mentions = spans;
	e->n_mentions = g.n;
	e->status = CHR_EVENT_CONFIRMED;
	for (size_t i = 0; i < g.n; i++) {
		const item *it = &items[g.first + i];
		const chr_mention *m = chr_mentions_get(w->list, it->m);
		const chr_sentence *s = &w->sents.items[it->sentence];
		spans[i].offset = m->offset;
		spans[i].length = m->length;
		if (it->status == CHR_EVENT_CANCELLED ||
		    (it->status == CHR_EVENT_TENTATIVE && e->status == CHR_EVENT_CONFIRMED))
			e->status = it->status;
		if (it->sentence != words_of) /* mentions of one sentence come together */
			words = chr_prose_words(w->text, s->start,
			                        s->end - s->start > WINDOW ? s->start + WINDOW : s->end);
		words_of = it->sentence;
		bool anaphor = m->cues & CHR_CUE_ANAPHOR;
		if ((best_anaphor && !anaphor) || (anaphor == best_anaphor && words > best_words) ||
		    i == 0) {
			best_words = words;
			best = g.first + i;
			best_anaphor = anaphor;
		}
	}
	if (e->hour < 0) /* a later mention may give the time of day */
		for (size_t i = 1; i < g.n; i++) {
			const chr_mention *m = chr_mentions_get(w->list, items[g.first + i].m);
			if (m->hour >= 0) {
				e->hour = m->hour;
				e->minute = m->minute;
				e->end_hour = m->end_hour;
				e->end_minute = m->end_minute;
				e->has_tz = m->has_tz;
				e->tz_minutes = m->tz_minutes;
				break;
			}
		}

	const chr_mention *bm = chr_mentions_get(w->list, items[best].m);
	size_t si = items[best].sentence, ws, we;
	window(w, si, bm, &ws, &we);
	CHECK(chr_sentence_text(&b, w->text, ws, w->sents.items[si].end > ws + WINDOW ? ws + WINDOW : w->sents.items[si].end, SENTENCE_CAP));
	if (!(e->sentence = take(&b)))
		goto nomem;

	/* the best mention's clause: its title's and its place's bytes */
	own_clause(w, bm->offset, &ws, &we);
	size_t bws = ws, bwe = we;
	w->title_end_m = items[best].end_m;
	rc = make_title(w, ws, we, bm, items[best].fixed && items[best].status == CHR_EVENT_CANCELLED, &b);
	w->title_end_m = SIZE_MAX;
	CHECK(rc);
	for (size_t i = 0; b.len == 0 && i < others; i++) {
		if (g.first + i == best)
			continue;
		const item *it = &items[g.first + i];
		const chr_mention *m = chr_mentions_get(w->list, it->m);
		clause_window(w, it->sentence, m, &ws, &we);
		CHECK(make_title(w, ws, we, m, it->fixed && it->status == CHR_EVENT_CANCELLED, &b));
	}
	/* "30 July 2027, Stadtpark, Hamburg" on a details line: without its
	 * date only names are left, the venue, not what happens there */
	if (b.len && only_names(b.data, b.len) && line_alone(w, si)) {
		drop_lead_separators(&b);
		if (!(names = take(&b)))
			goto nomem;
	}
	/* "Open day" on the line above "10 May 2027": a label; above a list
	 * of dated lines, the line above the list ("Drop-in sessions:" over
	 * "- Tuesday 9 June, 3pm, Central Library") */
	size_t li = si;
	while (b.len == 0 && li > 0 && si - li < 8 &&
	       w->sents.items[li - 1].para + 1 >= w->sents.items[li].para &&
	       w->sents.items[li - 1].end - w->sents.items[li - 1].start <= 90 &&
	       line_alone(w, li - 1)) {
		const chr_sentence *ps = &w->sents.items[li - 1];
		if (!has_date(w, ps->start, ps->end)) {
			CHECK(make_title(w, ps->start, ps->end, bm, false, &b));
			break;
		}
		li--;
	}
	if (b.len > 5 && (memcmp(b.data, "It ", 3) == 0 || memcmp(b.data, "They ", 5) == 0) &&
	    si > 0 && w->sents.items[si - 1].para == w->sents.items[si].para &&
	    !has_date(w, w->sents.items[si - 1].start, w->sents.items[si - 1].end)) {
		/* "It will run": the sentence before says what "it" is */
		chr_buf prev;
		chr_buf_init(&prev, 0);
		const chr_sentence *ps = &w->sents.items[si - 1];
		rc = make_title(w, ps->start, ps->end - ps->start > WINDOW ? ps->start + WINDOW : ps->end,
		                bm, false, &prev);
		if (rc == CHR_OK && prev.len) {
			chr_buf t = b;
			b = prev;
			prev = t;
		}
		chr_buf_free(&prev);
		CHECK(rc);
	}
	if (b.len == 0 && !(chr_doc_title(w->doc) && *chr_doc_title(w->doc)) &&
	    label_sentence(w, si)) {
		/* "Date: 12 May 2027", "Venue: ..." and then what happens: the
		 * first sentence after the labels with no date of its own */
		for (size_t k = si + 1; b.len == 0 && k < w->sents.len && k <= si + 4; k++) {
			const chr_sentence *ns = &w->sents.items[k];
			if (label_sentence(w, k) || has_date(w, ns->start, ns->end))
				continue;
			CHECK(make_title(w, ns->start,
			                 ns->end - ns->start > WINDOW ? ns->start + WINDOW : ns->end, bm,
			                 false, &b));
		}
	}
	if (b.len == 0 && names) {
		/* no label above: the page's headline, else the names after all */
		CHECK(fallback_title(w, &b));
		if (b.len == 0)
			CHECK(chr_buf_adds(&b, names));
	}
	if (b.len == 0)
		CHECK(fallback_title(w, &b));
	if (cut_title(&b))
		CHECK(headline_title(w, w->sents.items[si].start,
		                     w->sents.items[si].end - w->sents.items[si].start > WINDOW
		                         ? w->sents.items[si].start + WINDOW : w->sents.items[si].end, &b));
	if (!(e->title = take(&b)))
		goto nomem;

	bool found = false;
	CHECK(chr_place_find(&b, w->text, bws, bwe, bm->offset, &found));
	for (size_t i = 0; !found && i < others; i++) {
		const item *it = &items[g.first + i];
		if (g.first + i == best)
			continue;
		const chr_mention *m = chr_mentions_get(w->list, it->m);
		clause_window(w, it->sentence, m, &ws, &we);
		CHECK(chr_place_find(&b, w->text, ws, we, m->offset, &found));
	}
	if (found) {
		if (!(e->location = take(&b)))
			goto nomem;
	} else {
		const char *p = NULL;
		for (size_t i = 0; !p && i < others; i++)
			CHECK(fallback_place(w, items[g.first + i].sentence, &p));
		if (p && !(e->location = dup_n(p, strlen(p))))
			goto nomem;
		if (!p && names) {
			/* those names end in a place the gazetteer knows, or one
			 * of them in a venue's word ("Central Library, Surrey
			 * Street"): they are where it happens */
			const char *c = strrchr(names, ',');
			const char *last = c ? c + 1 : names;
			while (*last == ' ')
				last++;
			bool venue = false;
			for (const char *a = names; *a && !venue;) {
				const char *z = strchr(a, ',');
				size_t n = z ? (size_t)(z - a) : strlen(a);
				venue = chr_place_venue_name(a, n);
				a = z ? z + 1 : a + n;
			}
			if (venue || chr_place_lookup(last, strlen(last), false)) {
				e->location = names;
				names = NULL;
				p = e->location;
			}
		}
		/* the best mention first, then the others: the "Date:" line
		 * of a details list sits next to its "Venue:" */
		for (size_t i = 0; !p && !found && i <= others; i++) {
			const chr_mention *m = i == 0 ? bm : chr_mentions_get(w->list, items[g.first + i - 1].m);
			if (i > 0 && m == bm)
				continue;
			b.len = 0;
			CHECK(label_place(w, m->offset, &b, &found));
			if (found && !(e->location = take(&b)))
				goto nomem;
		}
	}

	if (!(e->date_text = dup_n(w->text + first->offset, first->length)))
		goto nomem;
	const char *uri = chr_doc_uri(w->doc);
	if (!(e->doc = dup_n(uri ? uri : "", uri ? strlen(uri) : 0)))
		goto nomem;
	const char *url = chr_doc_url(w->doc);
	if (url && !(e->url = dup_n(url, strlen(url))))
		goto nomem;
	chr_source *src1 = calloc(1, sizeof *src1);
	if (!src1)
		goto nomem;
	e->sources = src1;
	e->n_sources = 1;
	if (!(src1->doc = dup_n(e->doc, strlen(e->doc))) ||
	    (e->url && !(src1->url = dup_n(e->url, strlen(e->url)))))
		goto nomem;
	if (g.fates) {
		/* the cancelled of two happenings of one span: its own name,
		 * whatever the two titles say */
		b.len = 0;
		CHECK(chr_buf_adds(&b, e->title ? e->title : ""));
		CHECK(chr_buf_adds(&b, "\ncancelled"));
		CHECK(chr_buf_add(&b, "", 1));
		chr_event_uid_in(w->uid_ns, e->doc, e->start, e->end, e->precision, b.data, e->uid);
	} else {
		chr_event_uid_in(w->uid_ns, e->doc, e->start, e->end, e->precision, e->title, e->uid);
	}
	goto cleanup;
nomem:
	rc = CHR_ENOMEM;
cleanup:
	free(names);
	chr_buf_free(&b);
	return rc;
}

/* Nouns of the figures a period is reported for. */
static bool figures_word(const char *w, size_t n)
{
	static const char *const nouns[] = {
		"deliveries", "dividend", "earnings", "gdp", "growth", "income", "loss",
		"losses", "margin", "margins", "output", "profit", "profits", "results",
		"revenue", "revenues", "sales", "shipments", "turnover"
	};
	for (size_t i = 0; i < CHR_ARRAY_LEN(nouns); i++)
		if (strlen(nouns[i]) == n && strncasecmp(nouns[i], w, n) == 0)
			return true;
	return false;
}

/* "third-quarter results", "revenue of $1.2 billion for the third
 * quarter", "sales fell in the first half": a quarter or half that
 * figures are given for, a period of the accounts and no happening. */
static bool figures_period(const char *text, size_t len, const chr_mention *m)
{
	if (m->precision != CHR_PREC_QUARTER && m->precision != CHR_PREC_HALF)
		return false;
	size_t j = m->offset + m->length, s;
	while (j < len && text[j] == ' ')
		j++;
	for (s = j; j < len && ((text[j] | 0x20) >= 'a' && (text[j] | 0x20) <= 'z'); j++)
		;
	if (j > s && figures_word(text + s, j - s))
		return true;
	/* a preposition of time before it, a figure's noun before that in
	 * the clause */
	size_t i = m->offset, words = 0;
	bool prep = false;
	while (i > 0 && m->offset - i < 120 && words < 12) {
		while (i > 0 && text[i - 1] == ' ')
			i--;
		size_t e = i;
		while (i > 0 && text[i - 1] != ' ' && text[i - 1] != '\n')
			i--;
		if (e == i)
			break;
		size_t a = i, b = e;
		while (a < b && !((text[a] | 0x20) >= 'a' && (text[a] | 0x20) <= 'z'))
			a++;
		while (b > a && !((text[b - 1] | 0x20) >= 'a' && (text[b - 1] | 0x20) <= 'z'))
			b--;
		if (words == 0 && b - a == 3 && strncasecmp(text + a, "the", 3) == 0)
			continue;
		words++;
		if (words == 1) {
			prep = (b - a == 3 && (strncmp(text + a, "for", 3) == 0)) ||
			       (b - a == 2 && strncmp(text + a, "in", 2) == 0) ||
			       (b - a == 6 && strncmp(text + a, "during", 6) == 0);
			if (!prep)
				return false;
			continue;
		}
		if (b < e && strchr(".;!?", text[b]))
			break; /* the word ends the clause before */
		if (figures_word(text + a, b - a))
			return true;
	}
	return false;
}

/* "its fiscal third quarter, ended Aug. 31", "the six months ending 30
 * June": the day a period of the accounts ends, no happening. The word
 * before the date is "ended" or "ending", and a period's noun stands
 * within the three words before that. */
static bool period_end(const char *text, const chr_mention *m)
{
	static const char *const periods[] = { "half", "months", "period", "quarter", "weeks",
	                                       "year" };
	static const char *const ends[] = { "ended", "ending" };
	size_t i = m->offset;
	for (int k = 0; k < 4; k++) {
		while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == ','))
			i--;
		size_t e = i;
		while (i > 0 && text[i - 1] >= 'a' && text[i - 1] <= 'z')
			i--;
		if (i == e)
			return false;
		if (k == 0) {
			if (!one_of(ends, CHR_ARRAY_LEN(ends), text + i, e - i))
				return false;
		} else if (one_of(periods, CHR_ARRAY_LEN(periods), text + i, e - i)) {
			return true;
		}
	}
	return false;
}

/* The words of t[a..e) (letters, any case, split at spaces and commas)
 * into w, up to max of them: false when something else stands there (a
 * digit, a stop) or there are more. */
static bool gap_words(const char *t, size_t a, size_t e, char w[][16], size_t max, size_t *n)
{
	*n = 0;
	for (size_t i = a; i < e;) {
		while (i < e && (t[i] == ' ' || t[i] == ','))
			i++;
		size_t s = i;
		while (i < e && ((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z')))
			i++;
		if (i == s && i == e)
			break;
		if (i == s || i - s >= 16 || *n == max)
			return false;
		memcpy(w[*n], t + s, i - s);
		w[(*n)++][i - s] = '\0';
		if (i < e && t[i] != ' ' && t[i] != ',')
			return false;
	}
	return true;
}

/*
 * Between two dates, t[a..e): "and runs until", "and will remain open
 * to", "and remains on view through": the second is the end of the
 * first's happening. A place may come before "and": "opens on 11
 * October in the Taubman Gallery and remains on view through 18
 * January".
 */
static bool runs_on_to(const char *t, size_t a, size_t e)
{
	static const char *const verbs[] = { "continue", "continues", "last", "lasts",
	                                     "remain", "remains", "run", "runs",
	                                     "stay", "stays" };
	static const char *const to[] = { "through", "till", "to", "until" };
	static const char *const on[] = { "display", "show", "view" };
	char w[12][16];
	size_t n, k = 0;
	if (!gap_words(t, a, e, w, CHR_ARRAY_LEN(w), &n))
		return false;
	/* "in the Taubman Gallery", "at the Old Hall": a locative, then
	 * capitalised words and their particles */
	if (k < n && (strcmp(w[k], "in") == 0 || strcmp(w[k], "at") == 0)) {
		k++;
		if (k < n && strcmp(w[k], "the") == 0)
			k++;
		size_t names = 0;
		while (k < n && ((w[k][0] >= 'A' && w[k][0] <= 'Z') ||
		                 (names && (strcmp(w[k], "of") == 0 || strcmp(w[k], "de") == 0))))
			k++, names++;
		if (!names)
			return false;
	}
	if (k >= n || strcmp(w[k++], "and") != 0)
		return false;
	if (k < n && strcmp(w[k], "will") == 0)
		k++;
	if (k >= n || !one_of(verbs, CHR_ARRAY_LEN(verbs), w[k], strlen(w[k])))
		return false;
	k++;
	if (k < n && strcmp(w[k], "open") == 0)
		k++;
	else if (k + 1 < n && strcmp(w[k], "on") == 0 &&
	         one_of(on, CHR_ARRAY_LEN(on), w[k + 1], strlen(w[k + 1])))
		k += 2;
	return k + 1 == n && one_of(to, CHR_ARRAY_LEN(to), w[k], strlen(w[k]));
}

/* A time of day written as one word at t[i]: "8pm", "06:00", "9.30am",
 * "noon", "midnight"; its end, or i. */
static size_t clock_word(const char *t, size_t i, size_t e)
{
	static const char *const named[] = { "midday", "midnight", "noon" };
	size_t j = i;
	while (j < e && t[j] >= '0' && t[j] <= '9')
		j++;
	if (j == i) {
		while (j < e && t[j] >= 'a' && t[j] <= 'z')
			j++;
		return one_of(named, CHR_ARRAY_LEN(named), t + i, j - i) ? j : i;
	}
	if (j - i > 2)
		return i;
	if (j + 2 < e && (t[j] == ':' || t[j] == '.') && t[j + 1] >= '0' && t[j + 1] <= '9')
		j += 3;
	if (j + 1 < e && (t[j] == 'a' || t[j] == 'p') && t[j + 1] == 'm')
		j += 2;
	else if (j + 3 < e && (t[j] == 'a' || t[j] == 'p') && t[j + 1] == '.' && t[j + 2] == 'm' &&
	         t[j + 3] == '.')
		j += 4;
	return j;
}

/* "[from] 8pm on" before a date, or "until 6am on" between two: a
 * word of the list, then maybe a time of day and "on". t[a..e) is the
 * gap; true when it is exactly that. */
static bool timed_end(const char *t, size_t a, size_t e, const char *const *list, size_t n)
{
	while (a < e && t[a] == ' ')
		a++;
	size_t w = a;
	while (w < e && t[w] >= 'a' && t[w] <= 'z')
		w++;
	if (w == a || !one_of(list, n, t + a, w - a))
		return false;
	while (w < e && t[w] == ' ')
		w++;
	size_t c = clock_word(t, w, e);
	if (c > w) {
		w = c;
		while (w < e && t[w] == ' ')
			w++;
		if (w + 2 <= e && t[w] == 'o' && t[w + 1] == 'n' && (w + 2 == e || t[w + 2] == ' '))
			w += 2;
		while (w < e && t[w] == ' ')
			w++;
	}
	return w == e;
}

/* "from 8pm on Friday 5 June until 6am on Monday 8 June": two days with
 * the times the happening starts and ends, one span. The first date's
 * mention begins at a; the text before it in its sentence from s. */
static bool timed_run(const char *t, size_t s, size_t a, size_t a_end, size_t b)
{
	static const char *const from[] = { "from" };
	static const char *const to[] = { "through", "till", "to", "until" };
	/* the "from" and a time: two dozen bytes back at most */
	size_t f = a > s + 24 ? a - 24 : s;
	for (size_t i = f; i < a; i++)
		if ((i == s || t[i - 1] == ' ') && timed_end(t, i, a, from, 1) &&
		    timed_end(t, a_end, b, to, CHR_ARRAY_LEN(to)))
			return true;
	return false;
}

/* "will open on 29 November and run until 23 December", "from 8pm on 5
 * June until 6am on 8 June": the two days of one sentence are one
 * happening, from the first to the second. items
 * are in the text's order; returns how many are left. */
static size_t join_runs(const work *w, item *items, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		item *p = k ? &items[k - 1] : NULL;
		const item *x = &items[i];
		if (p && !p->fixed && !x->fixed && p->precision == CHR_PREC_DAY &&
		    x->precision == CHR_PREC_DAY && p->sentence == x->sentence &&
		    chr_date_cmp(x->start, p->end) > 0) {
			const chr_mention *a = chr_mentions_get(w->list, p->m);
			size_t ae = a->offset + a->length;
			if (ae <= x->offset &&
			    (runs_on_to(w->text, ae, x->offset) ||
			     timed_run(w->text, w->sents.items[p->sentence].start, a->offset, ae,
			               x->offset))) {
				p->end = x->end;
				/* the title leaves out the end's date with the
				 * happening's; "and run until" right after the start
				 * goes with it (split_verbs) */
				p->end_m = and_verb(w->text, ae, x->offset) ? SIZE_MAX : x->m;
				continue;
			}
		}
		items[k++] = *x;
	}
	return k;
}

/* The word (ASCII letters) that ends at or before text[e) over spaces:
 * its start, or e when there is none. */
static size_t word_back(const char *text, size_t e, size_t *end)
{
	while (e > 0 && text[e - 1] == ' ')
		e--;
	*end = e;
	size_t w = e;
	while (w > 0 && e - w < 16 && ((text[w - 1] >= 'a' && text[w - 1] <= 'z') ||
	                               (text[w - 1] >= 'A' && text[w - 1] <= 'Z')))
		w--;
	return w;
}

/* "this summer's festival, which will take over the city from 13 to 16
 * August", "in July the team will hold workshops on 3 and 10 July": a
 * week, month, quarter, half or season that holds a day (or a run of
 * days) of the same sentence is that happening told at a coarser grain,
 * no event of its own. items are in the text's order, so a sentence's
 * items are neighbours; returns how many are left. */
static bool holds_day(const item *x, const item *d)
{
	return d->sentence == x->sentence && d->precision == CHR_PREC_DAY &&
	       chr_date_cmp(d->start, x->start) >= 0 && chr_date_cmp(d->end, x->end) <= 0;
}

enum { TWIN_REACH = 8 }; /* items either side looked at: a sentence of
                           * thousands of dates stays linear */

static size_t drop_coarse_twins(item *items, size_t n)
{
	size_t k = 0;
	bool *twin = calloc(n ? n : 1, sizeof *twin);
	if (!twin)
		return n; /* kept: a twin too many is no harm */
	for (size_t i = 0; i < n; i++) {
		const item *x = &items[i];
		if (x->precision < CHR_PREC_WEEK || x->precision > CHR_PREC_SEASON || x->fixed)
			continue;
		size_t lo = i > TWIN_REACH ? i - TWIN_REACH : 0;
		size_t hi = n - i > TWIN_REACH ? i + TWIN_REACH + 1 : n;
		for (size_t j = lo; j < hi && !twin[i]; j++)
			twin[i] = holds_day(x, &items[j]);
	}
	for (size_t i = 0; i < n; i++)
		if (!twin[i])
			items[k++] = items[i];
	free(twin);
	return k;
}

/* "every Saturday in April", "each Friday in June": a weekday's every
 * day of the month mention m names. Sets *wd (0 Monday .. 6 Sunday). */
static bool recurring_month(const char *text, const chr_mention *m, int *wd)
{
	static const char *const days[] = { "monday", "tuesday", "wednesday", "thursday",
	                                    "friday", "saturday", "sunday" };
	if (m->precision != CHR_PREC_MONTH || m->mod != CHR_MOD_NONE)
		return false;
	size_t e, w = word_back(text, m->offset, &e);
	if (e - w != 2 || strncasecmp(text + w, "in", 2) != 0)
		return false;
	size_t e2, w2 = word_back(text, w, &e2), n = e2 - w2;
	if (n > 0 && (text[e2 - 1] == 's')) /* "Saturdays" */
		n--;
	*wd = -1;
	for (int k = 0; k < 7 && *wd < 0; k++)
		if (strlen(days[k]) == n && strncasecmp(text + w2, days[k], n) == 0)
			*wd = k;
	if (*wd < 0)
		return false;
	size_t e3, w3 = word_back(text, w2, &e3);
	return (e3 - w3 == 5 && strncasecmp(text + w3, "every", 5) == 0) ||
	       (e3 - w3 == 4 && strncasecmp(text + w3, "each", 4) == 0) ||
	       (e3 - w3 == 2 && strncasecmp(text + w3, "on", 2) == 0 && n < e2 - w2);
}

/* Room in *items (of *cap) for want of them. */
static chr_status items_room(item **items, size_t *cap, size_t want)
{
	if (want <= *cap)
		return CHR_OK;
	size_t c = *cap * 2 > want ? *cap * 2 : want;
	item *p = realloc(*items, c * sizeof *p);
	if (!p)
		return CHR_ENOMEM;
	*items = p;
	*cap = c;
	return CHR_OK;
}

/* "every Saturday", "each Monday": a recurrence, not one happening;
 * "since January" ("the deaths of 19 drivers since January"): where a
 * count or a state begins; "as of today" ("as of today, the appeal is 14
 * per cent funded"): the time a figure holds at. None is a happening. */
static bool no_happening_before(const char *text, const chr_mention *m)
{
	size_t e, w = word_back(text, m->offset, &e), n = e - w;
	if ((n == 5 && strncasecmp(text + w, "every", 5) == 0) ||
	    (n == 4 && strncasecmp(text + w, "each", 4) == 0) ||
	    (n == 5 && strncasecmp(text + w, "since", 5) == 0))
		return true;
	if (n != 2 || strncasecmp(text + w, "of", 2) != 0)
		return false;
	size_t e2, w2 = word_back(text, w, &e2);
	return e2 - w2 == 2 && strncasecmp(text + w2, "as", 2) == 0;
}

/* A byline or a stamp: "By A. Writer · 2 March 2027", "Posted 10
 * February", "Last updated: 3 May". Its date is when the page was
 * written, not a happening. */
static bool stamp_line(const char *text, size_t len, const chr_mention *m)
{
	static const char *const openers[] = { "by ", "dated", "first published", "last updated",
	                                       "last modified", "modified", "posted",
	                                       "published", "updated" };
	size_t a = m->offset, e = m->offset + m->length;
	/* bounded: a line longer than 120 bytes is no stamp anyway */
	size_t lo = m->offset > 122 ? m->offset - 122 : 0;
	size_t nl_before = chr_last_byte(text, lo, a, '\n');
	a = nl_before == SIZE_MAX ? lo : nl_before + 1;
	size_t hi = len - m->offset > 122 ? m->offset + 122 : len;
	if (e < hi) {
		const char *nl = memchr(text + e, '\n', hi - e);
		e = nl ? (size_t)(nl - text) : hi;
	}
	while (a < e && (text[a] == ' ' || text[a] == '\t'))
		a++;
	if (e - a > 120)
		return false;
	for (size_t k = 0; k < sizeof openers / sizeof openers[0]; k++) {
		size_t n = strlen(openers[k]);
		if (e - a >= n && strncasecmp(text + a, openers[k], n) == 0 &&
		    (n == 3 || e - a == n || !((text[a + n] >= 'a' && text[a + n] <= 'z'))))
			return true;
	}
	/* "3 March 2027 By Dana Lee", "3 March 2027 | Press release": the
	 * date opens the line and the byline or a separator follows; a
	 * page is written on one day ("June 24-26, 2026 | Lisbon" is the
	 * event's own line) */
	if (chr_date_cmp(m->start, m->end) != 0)
		return false;
	size_t j = m->offset + m->length;
	while (j < e && text[j] == ' ')
		j++;
	return a == m->offset && j < e &&
	       ((e - j >= 3 && strncasecmp(text + j, "by ", 3) == 0) || text[j] == '|' ||
	        (e - j >= 2 && (unsigned char)text[j] == 0xc2 && (unsigned char)text[j + 1] == 0xb7));
}

/* True when a range of days or months follows "moved from", "postponed
 * from": the date core reads "from 3 April to 17 April" or "from March to
 * June" as one span, but after a move it names the old date and the new
 * one. */
static bool moved_range(const char *text, const chr_mention *m)
{
	static const char *const verbs[] = { "brought forward", "delayed", "deferred",
	                                     "moved", "postponed", "pushed back",
	                                     "rescheduled", "shifted" };
	if ((m->precision != CHR_PREC_DAY && m->precision != CHR_PREC_MONTH) ||
	    !(m->cues & CHR_CUE_RANGE) || !chr_date_cmp(m->start, m->end))
		return false;
	size_t i = m->offset;
	while (i > 0 && text[i - 1] == ' ' && m->offset - i < 8)
		i--;
	if (i < 4 || memcmp(text + i - 4, "from", 4) != 0 ||
	    (i > 4 && text[i - 5] != ' '))
		return false;
	i -= 4;
	while (i > 0 && text[i - 1] == ' ' && m->offset - i < 16)
		i--;
	for (size_t k = 0; k < sizeof verbs / sizeof verbs[0]; k++) {
		size_t n = strlen(verbs[k]);
		if (i >= n && memcmp(text + i - n, verbs[k], n) == 0 &&
		    (i == n || text[i - n - 1] == ' '))
			return true;
	}
	return false;
}

/* "the secretariat said on Wednesday", "announced today", "on Monday
 * told reporters": the day something was said is when the news was made,
 * not a happening a reader would put in a calendar. */
static bool reporting_word(const char *w, size_t n)
{
	static const char *const verbs[] = {
		"said", "says", "announced", "announces", "told", "tells", "reported",
		"stated", "noted", "added", "warned", "confirmed", "explained", "declared",
		"wrote", "urged", "stressed", "insisted", "cautioned", "revealed",
		/* what a press release opens with: "today welcomed" */
		"welcomed", "welcomes", "expressed", "condemned", "condemns", "called",
		"calls", "highlighted", "praised", "commended", "appealed", "reiterated",
		"emphasised", "emphasized", "underlined", "acknowledged", "applauded",
		"hailed", "deplored", "reaffirmed"
	};
	return one_of(verbs, CHR_ARRAY_LEN(verbs), w, n);
}

static bool reported_day(const char *text, size_t len, const chr_mention *m,
                         chr_date published)
{
	if (m->precision != CHR_PREC_DAY || chr_date_cmp(m->start, m->end) != 0)
		return false;
	/* only the days just before publication are when news is made;
	 * "the winners will be announced on 15 May" is a happening */
	if (!chr_date_valid(published))
		return false;
	long d = chr_date_to_days(published) - chr_date_to_days(m->start);
	if (d < 0 || d > 7)
		return false;
	/* the word before, skipping "on" */
	size_t i = m->offset;
	for (int pass = 0; pass < 2; pass++) {
		while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t'))
			i--;
		size_t e = i;
		while (i > 0 && ((text[i - 1] >= 'a' && text[i - 1] <= 'z') ||
		                 (text[i - 1] >= 'A' && text[i - 1] <= 'Z')))
			i--;
		if (e == i)
			break;
		if (e - i == 2 && (text[i] == 'o' || text[i] == 'O') && text[i + 1] == 'n' && pass == 0)
			continue;
		if (reporting_word(text + i, e - i))
			return true;
		break;
	}
	/* the word after: "today announced" */
	size_t j = m->offset + m->length;
	while (j < len && text[j] == ' ')
		j++;
	size_t s = j;
	while (j < len && text[j] >= 'a' && text[j] <= 'z')
		j++;
	return j > s && reporting_word(text + s, j - s);
}

/* "Date: 16 February 2027" atop a feed item that the feed dated 1
 * February: the date core took the text's first stamp-like line for the
 * publication date, but the page or feed said when it was published, and
 * a day it did not name is the happening's. */
static bool misread_stamp(const chr_doc *doc, const chr_mention *m)
{
	chr_pub_source src;
	chr_date pub = chr_doc_published(doc, &src);
	if (src != CHR_PUB_META || !chr_date_valid(pub) ||
	    (chr_date_cmp(m->start, pub) == 0 && chr_date_cmp(m->end, pub) == 0))
		return false;
	/* a dateline ("GENEVA, 2 June 2027 –") filed a day before the page's
	 * stamp is still when the piece was written */
	const char *t = chr_doc_text(doc);
	for (size_t i = m->offset; i > 0 && t[i - 1] != '\n' && m->offset - i < 120; i--)
		if (t[i - 1] == ',' || t[i - 1] == '(')
			return false;
	return true;
}

/* "Summit to open in May" above "will open on 4 May 2027": a headline
 * names the body's happening coarser, and a month event beside the day
 * would show one happening twice. A date that only the headline holds,
 * coarser than a day, goes when a day event of the body falls within
 * it. Returns the groups kept. */
static size_t drop_headline_echo(const work *w, const item *items, group *groups, size_t n)
{
	size_t hl = 0;
	while (hl < w->len && hl <= 120 && w->text[hl] != '\n')
		hl++;
	if (hl == 0 || hl > 120 || hl >= w->len || w->text[hl - 1] == '.')
		return n; /* no headline line */
	size_t kept = 0;
	for (size_t g = 0; g < n; g++) {
		const item *a = &items[groups[g].first];
		bool echo = a->precision > CHR_PREC_DAY;
		for (size_t i = 0; echo && i < groups[g].n; i++)
			if (a[i].offset >= hl)
				echo = false;
		bool within = false;
		for (size_t h = 0; echo && !within && h < n; h++) {
			const item *d = &items[groups[h].first];
			within = h != g && d->precision == CHR_PREC_DAY && d->offset >= hl &&
			         chr_date_cmp(d->start, a->start) >= 0 && chr_date_cmp(d->end, a->end) <= 0;
		}
		if (!within)
			groups[kept++] = groups[g];
	}
	return kept;
}

/* "NAIROBI, 8 April 2027 –" under a byline that already gave the day:
 * the dateline repeats when the piece was filed, it is no happening. */
/* A dash, "--", "(Reuters)" or "/PRNewswire/" right after text[i]: what
 * closes a dateline. */
static bool dateline_closer(const char *text, size_t len, size_t i)
{
	while (i < len && text[i] == ' ')
		i++;
	if (i >= len)
		return false;
	return text[i] == '-' || text[i] == '(' || text[i] == '/' ||
	       chr_dash_len(text + i, len - i);
}

static chr_status dateline_day(const char *text, size_t len, const chr_mention *m,
                               chr_date published, bool first, bool *is)
{
	*is = false;
	if (m->precision != CHR_PREC_DAY || chr_date_cmp(m->start, m->end) != 0)
		return CHR_OK;
	/* with no publication date known, the document's first date when it
	 * is a dateline's ("LONDON, 7 July 2027 /PRNewswire/ --"); further on
	 * (a page that holds several releases), a dateline closed by a dash or
	 * a wire's name, whatever its day: when a piece was filed */
	bool head = m->offset <= 2000 &&
	            (chr_date_valid(published) ? chr_date_cmp(m->start, published) == 0 : first);
	if (!head && !dateline_closer(text, len, m->offset + m->length))
		return CHR_OK;
	chr_buf b;
	chr_buf_init(&b, 64);
	chr_status rc = chr_place_dateline(&b, text, len, m->offset, is);
	chr_buf_free(&b);
	return rc;
}

chr_status chr_events_find(const chr_doc *doc, const chr_mentions *list,
                           const char *namespace_id, chr_events **out,
                           chr_error *err)
{
	chr_status rc = CHR_OK;
	work w;
	item *items = NULL;
	tagged *tags = NULL;
	group *groups = NULL;
	item *tmp_items = NULL;
	size_t n_items = 0, n_groups = 0;
	chr_events *ev = NULL;
	size_t n = list ? chr_mentions_count(list) : 0;

	memset(&w, 0, sizeof w);
	w.title_end_m = SIZE_MAX;
	*out = NULL;
	if (!doc)
		return chr_fail(err, CHR_EUSAGE, NULL, "no document");
	w.doc = doc;
	w.list = list;
	w.text = chr_doc_text(doc);
	w.len = chr_doc_len(doc);
	ev = calloc(1, sizeof *ev);
	if (!ev)
		goto nomem;
	CHECK(chr_sentences_split(w.text, w.len, &w.sents));

	w.ranges = malloc((n ? n : 1) * sizeof *w.ranges);
	w.range_m = malloc((n ? n : 1) * sizeof *w.range_m);
	tags = malloc((n ? n : 1) * sizeof *tags);
	size_t items_cap = n ? 2 * n : 1;
	items = malloc(items_cap * sizeof *items);
	if (!w.ranges || !w.range_m || !tags || !items)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		const chr_mention *m = chr_mentions_get(list, i);
		if (m->offset > w.len || m->length > w.len - m->offset)
			continue; /* not of this text: nothing to read */
		/* A length ("a two-day session") describes the happening and
		 * stays in its title; dates leave it. */
		if (!(m->cues & CHR_CUE_DURATION)) {
			tags[w.n_ranges].r.start = m->offset;
			tags[w.n_ranges].r.end = m->offset + m->length;
			tags[w.n_ranges].m = i;
			w.n_ranges++;
		}
		if (!m->resolved || (m->role == CHR_ROLE_PUBLISHED && !misread_stamp(doc, m)) ||
		    !precision_is_event(m->precision) ||
		    (m->cues & (CHR_CUE_DURATION | CHR_CUE_BASELINE)) ||
		    !chr_date_valid(m->start) || !chr_date_valid(m->end) ||
		    reported_day(w.text, chr_doc_len(doc), m, chr_doc_published(doc, NULL)) ||
		    no_happening_before(w.text, m) || stamp_line(w.text, w.len, m) ||
		    figures_period(w.text, w.len, m) || period_end(w.text, m))
			continue;
		bool filed = false;
		CHECK(dateline_day(w.text, w.len, m, chr_doc_published(doc, NULL), i == 0, &filed));
		if (filed)
			continue;
		CHECK(items_room(&items, &items_cap, n_items + 2 * (n - i) + 5));
		items[n_items].m = i;
		items[n_items].start = m->start;
		items[n_items].end = m->end;
		items[n_items].precision = m->precision;
		items[n_items].offset = m->offset;
		items[n_items].sentence = chr_sentences_find(&w.sents, m->offset);
		items[n_items].end_m = SIZE_MAX;
		items[n_items].fixed = false;
		n_items++;
		int wd;
		if (recurring_month(w.text, m, &wd)) {
			/* "every Saturday in April": each of those days, an
			 * event of its own, in place of the month */
			item month = items[--n_items];
			long d0 = chr_date_to_days(m->start), d1 = chr_date_to_days(m->end);
			for (long d = d0; d <= d1; d++) {
				if ((int)(((d % 7) + 7 + 3) % 7) != wd) /* 1970-01-01 was a Thursday */
					continue;
				items[n_items] = month;
				items[n_items].start = items[n_items].end = chr_date_from_days(d);
				items[n_items].precision = CHR_PREC_DAY;
				n_items++;
			}
			continue;
		}
		if (moved_range(w.text, m)) {
			/* "moved from 3 April to 17 April": two dates, not a
			 * span; "from late March to June": the start's month from
			 * the start, the end's up to the end */
			item *old = &items[n_items - 1], *to = &items[n_items];
			*to = *old;
			old->end = m->start;
			to->start = m->end;
			if (m->precision == CHR_PREC_MONTH) {
				old->end.day = chr_days_in_month(m->start.year, m->start.month);
				to->start.day = 1;
			}
			old->status = CHR_EVENT_CANCELLED;
			old->fixed = true;
			to->status = CHR_EVENT_CONFIRMED;
			to->fixed = true;
			n_items++;
		}
	}
	qsort(tags, w.n_ranges, sizeof *tags, cmp_tagged);
	for (size_t i = 0; i < w.n_ranges; i++) {
		w.ranges[i] = tags[i].r;
		w.range_m[i] = tags[i].m;
	}
	if (n_items == 0)
		goto done;
	n_items = join_runs(&w, items, n_items);
	n_items = drop_coarse_twins(items, n_items);
	chr_date pub = chr_doc_published(doc, NULL);
	for (size_t i = 0; i < n_items; i++) {
		const chr_mention *m = chr_mentions_get(list, items[i].m);
		const chr_sentence *s = &w.sents.items[items[i].sentence];
		if (items[i].fixed)
			continue;
		size_t e = s->end - s->start > WINDOW ? s->start + WINDOW : s->end;
		/* Only what is still to come can be foretold: "will" in a
		 * sentence about last week's meeting hedges nothing. */
		bool future = !chr_date_valid(pub) || chr_date_cmp(m->start, pub) > 0;
		items[i].status = chr_status_detect(w.text, s->start, e, m->offset,
		                                    m->offset + m->length, m->cues, future);
	}
	qsort(items, n_items, sizeof *items, cmp_item);
	groups = malloc(n_items * sizeof *groups);
	tmp_items = malloc(n_items * sizeof *tmp_items);
	if (!groups || !tmp_items)
		goto nomem;
	for (size_t a = 0, b; a < n_items; a = b) {
		for (b = a + 1; b < n_items && same_item_span(&items[a], &items[b]); b++)
			;
		bool split = split_fates(items, a, b, tmp_items);
		for (size_t i = a; i < b; i++) {
			if (i > a && (!split || called_off(&items[i]) == called_off(&items[i - 1]))) {
				groups[n_groups - 1].n++;
				continue;
			}
			groups[n_groups].first = i;
			groups[n_groups].n = 1;
			groups[n_groups].offset = chr_mentions_get(list, items[i].m)->offset;
			groups[n_groups].fates = split && called_off(&items[i]);
			n_groups++;
		}
	}
	qsort(groups, n_groups, sizeof *groups, cmp_group);
	n_groups = drop_headline_echo(&w, items, groups, n_groups);
	CHECK(find_dateline(&w));

	ev->items = calloc(n_groups, sizeof *ev->items);
	if (!ev->items)
		goto nomem;
	ev->cap = n_groups;
	chr_event_namespace(namespace_id, w.uid_ns);
	for (size_t g = 0; g < n_groups; g++) {
		chr_event *e = &ev->items[ev->len++];
		e->hour = e->minute = e->end_hour = e->end_minute = -1;
		CHECK(build(&w, items, groups[g], e));
	}
done:
	*out = ev;
	ev = NULL;
	goto cleanup;
nomem:
	rc = CHR_ENOMEM;
cleanup:
	if (rc != CHR_OK)
		chr_fail(err, rc, chr_doc_uri(doc), "events: %s", chr_status_str(rc));
	chr_events_free(ev);
	if (w.sent_place)
		for (size_t i = 0; i < w.sents.len; i++)
			free(w.sent_place[i]);
	free(w.sent_place);
	free(w.sent_place_done);
	free(w.sent_anaphor);
	free(w.dateline);
	free(w.piece_place);
	free(w.ranges);
	free(w.range_m);
	free(tags);
	free(items);
	free(tmp_items);
	free(groups);
	chr_sentences_free(&w.sents);
	return rc;
}
