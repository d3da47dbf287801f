/* chr_events_merge: one event per happening across documents. */
#include "chronicle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static chr_event ev(const char *uid, const char *doc, int y, int m, int d, chr_precision p,
                    const char *title, const char *location, chr_date published,
                    chr_event_status status)
{
	chr_event e;
	memset(&e, 0, sizeof e);
	snprintf(e.uid, sizeof e.uid, "%s", uid);
	e.doc = doc;
	e.start.year = e.end.year = y;
	e.start.month = e.end.month = m;
	e.start.day = e.end.day = d;
	if (p == CHR_PREC_MONTH) {
		e.start.day = 1;
		e.end.day = 30;
	}
	e.precision = p;
	e.hour = e.minute = e.end_hour = e.end_minute = -1;
	e.title = title;
	e.location = location;
	e.sentence = title;
	e.status = status;
	e.published = published;
	e.first_seen = e.last_modified =
		chr_date_valid(published) ? (int64_t)chr_date_to_days(published) * 86400 : 0;
	return e;
}

static chr_date D(int y, int m, int d)
{
	chr_date x = { y, m, d };
	return x;
}

static chr_events *merge(const chr_event *const *p, size_t n)
{
	chr_events *out = NULL;
	chr_error err;
	memset(&err, 0, sizeof err);
	if (chr_events_merge(p, n, &out, &err) != CHR_OK)
		return NULL;
	return out;
}

/* One line per merged event: uid, status, title, location, sources. */
static char *dump(const chr_events *l)
{
	size_t cap = 4096, len = 0;
	char *s = calloc(cap, 1);
	for (size_t i = 0; s && i < chr_events_count(l); i++) {
		const chr_event *e = chr_events_get(l, i);
		len += (size_t)snprintf(s + len, cap - len, "%s %s %s|%s|", e->uid,
		                        chr_event_status_name(e->status), e->title,
		                        e->location ? e->location : "");
		for (size_t k = 0; k < e->n_sources && len < cap; k++)
			len += (size_t)snprintf(s + len, cap - len, " %s", e->sources[k].doc);
		if (len < cap)
			len += (size_t)snprintf(s + len, cap - len, "\n");
	}
	return s;
}

/* Every order of events[0..n) (n <= 5) merges to the same dump. */
static bool any_order_same(const chr_event *events, size_t n, const char *want)
{
	size_t idx[5];
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	bool same = true;
	for (;;) {
		const chr_event *p[5];
		for (size_t i = 0; i < n; i++)
			p[i] = &events[idx[i]];
		chr_events *l = merge(p, n);
		char *d = l ? dump(l) : NULL;
		if (!d || strcmp(d, want) != 0) {
			printf("# order gives:\n%s", d ? d : "(error)");
			same = false;
		}
		free(d);
		chr_events_free(l);
		/* next permutation */
		size_t i = n - 1;
		while (i > 0 && idx[i - 1] >= idx[i])
			i--;
		if (i == 0)
			break;
		size_t j = n - 1;
		while (idx[j] <= idx[i - 1])
			j--;
		size_t t = idx[i - 1];
		idx[i - 1] = idx[j];
		idx[j] = t;
		for (size_t a = i, b = n - 1; a < b; a++, b--) {
			t = idx[a];
			idx[a] = idx[b];
			idx[b] = t;
		}
	}
	return same;
}

int main(void)
{
	(void)is_str; /* tap.h's string check is not needed here */
	/* Two releases of the same summit, a third document of another day,
	 * and a fourth on the same day about something else. */
	chr_event e[5] = {
		ev("bbbb0000-0000-5000-8000-000000000002", "later.txt", 2027, 5, 3, CHR_PREC_DAY,
		   "Ministers will adopt the ocean plan at the Accra summit", "Accra", D(2027, 3, 9),
		   CHR_EVENT_TENTATIVE),
		ev("cccc0000-0000-5000-8000-000000000003", "first.txt", 2027, 5, 3, CHR_PREC_DAY,
		   "The Accra summit on the ocean plan will take place", NULL, D(2027, 2, 1),
		   CHR_EVENT_TENTATIVE),
		ev("aaaa0000-0000-5000-8000-000000000001", "other.txt", 2027, 5, 4, CHR_PREC_DAY,
		   "The Accra summit on the ocean plan will take place", "Accra", D(2027, 2, 1),
		   CHR_EVENT_TENTATIVE),
		ev("dddd0000-0000-5000-8000-000000000004", "concert.txt", 2027, 5, 3, CHR_PREC_DAY,
		   "The youth orchestra plays its spring concert", "Kumasi", D(2027, 1, 5),
		   CHR_EVENT_CONFIRMED),
	};
	const chr_event *p[5] = { &e[0], &e[1], &e[2], &e[3] };
	chr_events *l = merge(p, 4);
	ok(l && chr_events_count(l) == 3, "four events, three happenings");
	const chr_event *m = l ? chr_events_get(l, 0) : NULL;
	ok(m && strcmp(m->uid, e[1].uid) == 0 && strcmp(m->doc, "first.txt") == 0 &&
	   strcmp(m->title, e[1].title) == 0,
	   "the merged event is the earliest-published document's: its UID, title and doc");
	ok(m && m->location && strcmp(m->location, "Accra") == 0,
	   "a place the primary lacks comes from another source");
	ok(m && m->n_sources == 2 && strcmp(m->sources[0].doc, "first.txt") == 0 &&
	   strcmp(m->sources[1].doc, "later.txt") == 0, "both documents are its sources, its own first");
	ok(m && m->first_seen == e[1].first_seen && m->last_modified == e[0].last_modified,
	   "first seen the earliest, last modified the latest of its members");
	ok(l && chr_events_count(l) == 3 && strcmp(chr_events_get(l, 1)->uid, e[3].uid) == 0 &&
	   strcmp(chr_events_get(l, 2)->uid, e[2].uid) == 0,
	   "another day with the same title, and another happening of the same day, stay apart, "
	   "in date order, then by UID");
	char *want = l ? dump(l) : NULL;
	chr_events_free(l);
	ok(want && any_order_same(e, 4, want), "every order of the four gives the same events");
	free(want);

	/* Same day, same place, titles that share nothing: one happening.
	 * Same month and place: not enough. */
	chr_event f[4] = {
		ev("f1000000-0000-5000-8000-000000000001", "x.txt", 2027, 6, 9, CHR_PREC_DAY,
		   "Delegates gather", "Palais des Nations, Geneva", D(2027, 6, 1), CHR_EVENT_TENTATIVE),
		ev("f2000000-0000-5000-8000-000000000002", "y.txt", 2027, 6, 9, CHR_PREC_DAY,
		   "Treaty signing ceremony", "Geneva", D(2027, 6, 2), CHR_EVENT_TENTATIVE),
		ev("f3000000-0000-5000-8000-000000000003", "x.txt", 2027, 7, 1, CHR_PREC_MONTH,
		   "Delegates gather", "Geneva", D(2027, 6, 1), CHR_EVENT_TENTATIVE),
		ev("f4000000-0000-5000-8000-000000000004", "y.txt", 2027, 7, 1, CHR_PREC_MONTH,
		   "Treaty signing ceremony", "Geneva", D(2027, 6, 2), CHR_EVENT_TENTATIVE),
	};
	const chr_event *q[4] = { &f[0], &f[1], &f[2], &f[3] };
	l = merge(q, 4);
	ok(l && chr_events_count(l) == 3 && chr_events_get(l, 0)->n_sources == 2,
	   "a day in the same place (one naming the other) merges; a month in the same place does not");
	chr_events_free(l);

	/* The same document twice, and two different times of one day. */
	chr_event g[2] = {
		ev("a1000000-0000-5000-8000-000000000001", "z.txt", 2027, 6, 9, CHR_PREC_DAY,
		   "The board meets on the budget", "Oslo", D(2027, 6, 1), CHR_EVENT_CONFIRMED),
		ev("a2000000-0000-5000-8000-000000000002", "z.txt", 2027, 6, 9, CHR_PREC_DAY,
		   "The board meets on the budget", "Oslo", D(2027, 6, 1), CHR_EVENT_CONFIRMED),
	};
	const chr_event *r[2] = { &g[0], &g[1] };
	l = merge(r, 2);
	ok(l && chr_events_count(l) == 2, "one document's events never merge with each other");
	chr_events_free(l);
	g[1].doc = "w.txt";
	g[0].hour = 9;
	g[0].minute = 0;
	g[1].hour = 15;
	g[1].minute = 30;
	l = merge(r, 2);
	ok(l && chr_events_count(l) == 2, "the same day at two times of day is two happenings");
	chr_events_free(l);
	g[1].hour = -1;
	g[1].minute = -1;
	l = merge(r, 2);
	ok(l && chr_events_count(l) == 1 && chr_events_get(l, 0)->hour == 9,
	   "a time of day on one side only: one happening, with the time");
	chr_events_free(l);

	/* The newest document says how it stands. */
	chr_event h[2] = {
		ev("b1000000-0000-5000-8000-000000000001", "old.txt", 2027, 9, 20, CHR_PREC_DAY,
		   "The harbour festival will open", "Porto", D(2027, 5, 1), CHR_EVENT_TENTATIVE),
		ev("b2000000-0000-5000-8000-000000000002", "new.txt", 2027, 9, 20, CHR_PREC_DAY,
		   "The harbour festival has been cancelled", "Porto", D(2027, 8, 30),
		   CHR_EVENT_CANCELLED),
	};
	const chr_event *t[2] = { &h[1], &h[0] };
	l = merge(t, 2);
	ok(l && chr_events_count(l) == 1 && chr_events_get(l, 0)->status == CHR_EVENT_CANCELLED &&
	   strcmp(chr_events_get(l, 0)->uid, h[0].uid) == 0,
	   "the newest document's status (cancelled) under the first document's UID");
	chr_events_free(l);

	/* A store's retracted event: gone when a live one tells of the same
	 * happening, cancelled when none does. */
	h[1].status = CHR_EVENT_TENTATIVE;
	h[0].retracted = true;
	h[0].status = CHR_EVENT_CANCELLED;
	l = merge(t, 2);
	ok(l && chr_events_count(l) == 1 && strcmp(chr_events_get(l, 0)->uid, h[1].uid) == 0 &&
	   chr_events_get(l, 0)->status == CHR_EVENT_TENTATIVE &&
	   chr_events_get(l, 0)->n_sources == 1 && !chr_events_get(l, 0)->retracted,
	   "a retracted event that a live one still tells of is dropped");
	chr_events_free(l);
	h[1].retracted = true;
	h[1].status = CHR_EVENT_CANCELLED;
	l = merge(t, 2);
	ok(l && chr_events_count(l) == 1 && chr_events_get(l, 0)->status == CHR_EVENT_CANCELLED &&
	   chr_events_get(l, 0)->retracted && strcmp(chr_events_get(l, 0)->uid, h[0].uid) == 0,
	   "retracted everywhere: one cancelled event");
	chr_events_free(l);

	l = merge(NULL, 0);
	ok(l && chr_events_count(l) == 0, "nothing to merge gives an empty list");
	chr_events_free(l);

	/* Many copies of one happening stay one event, in any order. */
	enum { MANY = 300 };
	chr_event *big = calloc(MANY, sizeof *big);
	const chr_event **bp = calloc(MANY, sizeof *bp);
	char (*docs)[16] = calloc(MANY, sizeof *docs);
	for (int i = 0; big && bp && docs && i < MANY; i++) {
		char uid[37];
		snprintf(uid, sizeof uid, "%08x-0000-5000-8000-000000000000", (unsigned)(i * 7919 % MANY));
		snprintf(docs[i], sizeof docs[i], "d%03d.txt", i);
		big[i] = ev(uid, docs[i], 2028, 1, 15, CHR_PREC_DAY, "The river summit opens", "Lagos",
		            D(2027, 12, 1), CHR_EVENT_TENTATIVE);
		bp[MANY - 1 - i] = &big[i];
	}
	l = big && bp && docs ? merge(bp, MANY) : NULL;
	ok(l && chr_events_count(l) == 1 && chr_events_get(l, 0)->n_sources == MANY &&
	   strcmp(chr_events_get(l, 0)->uid, "00000000-0000-5000-8000-000000000000") == 0,
	   "300 copies are one event with 300 sources and the smallest UID");
	chr_events_free(l);
	free(big);
	free(bp);
	free(docs);
	return tap_done();
}
