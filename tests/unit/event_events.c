/* chr_events_find end to end over hand-made mention lists. */
#include "event/event.h"
#include "date/mentions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

/* A day-precision mention of the n-th (0-based) occurrence of needle. */
static chr_mention at(const char *text, const char *needle, int nth, chr_date s, chr_date e,
                      chr_precision p)
{
	chr_mention m = chr_mention_blank();
	const char *q = strstr(text, needle);
	while (q && nth-- > 0)
		q = strstr(q + 1, needle);
	m.offset = (size_t)(q - text);
	m.length = strlen(needle);
	m.start = s;
	m.end = e;
	m.precision = p;
	m.resolved = true;
	return m;
}

static chr_date D(int y, int m, int d)
{
	chr_date x = { y, m, d };
	return x;
}

static chr_events *find(chr_doc *doc, const chr_mention *ms, size_t n, const char *ns)
{
	chr_mentions *list = chr_mentions_from_array(ms, n);
	chr_events *ev = NULL;
	chr_error err;
	memset(&err, 0, sizeof err);
	if (chr_events_find(doc, list, ns, &ev, &err) != CHR_OK)
		printf("# chr_events_find: %s\n", err.problem);
	chr_mentions_free(list);
	return ev;
}

int main(void)
{
	/* ---- which mentions are events, merging, order, ownership */
	const char *t1 =
		"Singapore, 23 November 2018. Two agencies delivered a joint training session "
		"from 20 to 23 November 2018 at the Example Complex for Innovation, Singapore.\n\n"
		"It follows a workshop held in Islamabad from 11 to 13 April 2018.\n\n"
		"Resolution 99 (2017) was adopted in 2017. The agencies met for three days.\n\n"
		"The session on 20-23 November was the first of its kind.\n\n"
		"181120-181123 TRAINING 2\n";
	chr_doc *doc = chr_doc_new("t1.txt", t1, strlen(t1));
	chr_doc_set_published(doc, D(2018, 11, 23), CHR_PUB_TEXT);
	chr_doc_set_url(doc, "https://example.org/t1");
	chr_mention ms[12];
	size_t n = 0;
	ms[n] = at(t1, "23 November 2018", 0, D(2018, 11, 23), D(2018, 11, 23), CHR_PREC_DAY);
	ms[n++].role = CHR_ROLE_PUBLISHED;
	ms[n++] = at(t1, "from 20 to 23 November 2018", 0, D(2018, 11, 20), D(2018, 11, 23), CHR_PREC_DAY);
	ms[n++] = at(t1, "from 11 to 13 April 2018", 0, D(2018, 4, 11), D(2018, 4, 13), CHR_PREC_DAY);
	ms[n++] = at(t1, "2017", 0, D(2017, 1, 1), D(2017, 12, 31), CHR_PREC_YEAR);
	ms[n++] = at(t1, "2017", 1, D(2017, 1, 1), D(2017, 12, 31), CHR_PREC_YEAR);
	ms[n] = at(t1, "joint", 0, D(2018, 11, 20), D(2018, 11, 22), CHR_PREC_DAY);
	ms[n++].cues = CHR_CUE_DURATION; /* stands in for "two-day": kept in titles */
	ms[n] = at(t1, "three days", 0, D(2018, 11, 20), D(2018, 11, 22), CHR_PREC_DAY);
	ms[n++].cues = CHR_CUE_DURATION;
	ms[n++] = at(t1, "20-23 November", 0, D(2018, 11, 20), D(2018, 11, 23), CHR_PREC_DAY);
	ms[n++] = at(t1, "181120-181123", 0, D(2018, 11, 20), D(2018, 11, 23), CHR_PREC_DAY);
	chr_events *ev = find(doc, ms, n, NULL);
	chr_doc_free(doc); /* events must not borrow from the document */
	ok(ev && chr_events_count(ev) == 2,
	   "two events: not the publication date, a year or a duration");
	const chr_event *e = chr_events_get(ev, 0);
	ok(chr_date_cmp(e->start, D(2018, 11, 20)) == 0 && chr_date_cmp(e->end, D(2018, 11, 23)) == 0,
	   "events come in the order of their first mention");
	ok(e->n_mentions == 3 && e->mentions[0].offset < e->mentions[1].offset &&
	   e->mentions[1].offset < e->mentions[2].offset,
	   "the same span mentioned three times is one event, mentions in text order");
	is_str(e->title, "Two agencies delivered a joint training session at the Example Complex for Innovation",
	       "the title comes from the most informative sentence, without the date");
	is_str(e->location, "Singapore", "place after a venue's name");
	is_str(e->date_text, "from 20 to 23 November 2018", "date_text is the first mention's text");
	is_str(e->doc, "t1.txt", "doc is the document's uri");
	is_str(e->url, "https://example.org/t1", "url is the canonical URL");
	ok(chr_date_cmp(e->published, D(2018, 11, 23)) == 0 && e->first_seen == 1542931200 &&
	   e->last_modified == e->first_seen && e->sequence == 0,
	   "published, first_seen and last_modified are the publication day at 00:00 UTC");
	ok(e->status == CHR_EVENT_CONFIRMED && e->hour == -1, "confirmed, all day");
	ok(strncmp(e->sentence, "Two agencies delivered", 22) == 0, "sentence of the chosen mention");
	e = chr_events_get(ev, 1);
	is_str(e->title, "A workshop held in Islamabad",
	       "title of the April workshop: the happening \"It follows\"");
	is_str(e->location, "Islamabad", "place of the April workshop");
	ok(strlen(e->uid) == 36 && e->uid[14] == '5', "a version 5 uid");
	chr_events_free(ev);

	/* ---- a body date on the publication day, and a dateline */
	const char *t2 = "GENEVA, 14 March 2019 \xe2\x80\x94 The council opened its session on "
	                 "14 March 2019 with a minute of silence.";
	doc = chr_doc_new("t2.txt", t2, strlen(t2));
	n = 0;
	ms[n] = at(t2, "14 March 2019", 0, D(2019, 3, 14), D(2019, 3, 14), CHR_PREC_DAY);
	ms[n++].role = CHR_ROLE_PUBLISHED;
	ms[n] = at(t2, "14 March 2019", 1, D(2019, 3, 14), D(2019, 3, 14), CHR_PREC_DAY);
	ms[n].hour = 10;
	ms[n].minute = 30;
	n++;
	ev = find(doc, ms, n, NULL);
	ok(ev && chr_events_count(ev) == 1 && chr_events_get(ev, 0)->n_mentions == 1,
	   "a body date on the publication day is an event, the dateline is not");
	e = chr_events_get(ev, 0);
	is_str(e->location, "Geneva", "the dateline places the article's own event");
	is_str(e->title, "The council opened its session with a minute of silence",
	       "dateline and date leave the title");
	ok(e->hour == 10 && e->minute == 30, "time of day from the mention");
	chr_events_free(ev);
	chr_doc_free(doc);

	/* ---- moved and postponed */
	const char *t3 = "The forum, originally planned for 10-11 September 2018, has been moved "
	                 "to 1-2 October 2018 in Vienna. Registration closes in August 2018, "
	                 "provisionally.";
	doc = chr_doc_new("t3.txt", t3, strlen(t3));
	n = 0;
	ms[n++] = at(t3, "10-11 September 2018", 0, D(2018, 9, 10), D(2018, 9, 11), CHR_PREC_DAY);
	ms[n++] = at(t3, "1-2 October 2018", 0, D(2018, 10, 1), D(2018, 10, 2), CHR_PREC_DAY);
	ms[n++] = at(t3, "August 2018", 0, D(2018, 8, 1), D(2018, 8, 31), CHR_PREC_MONTH);
	ev = find(doc, ms, n, "feed-a");
	ok(ev && chr_events_count(ev) == 3, "month spans are events");
	ok(chr_events_get(ev, 0)->status == CHR_EVENT_CANCELLED, "the old date is cancelled");
	ok(chr_events_get(ev, 1)->status == CHR_EVENT_CONFIRMED, "the new date is confirmed");
	ok(chr_events_get(ev, 2)->status == CHR_EVENT_TENTATIVE, "provisionally is tentative");
	is_str(chr_events_get(ev, 1)->location, "Vienna", "place of the moved forum");
	is_str(chr_events_get(ev, 0)->title,
	       "The forum, originally planned, has been moved to 1-2 October 2018 in Vienna",
	       "the old date's title keeps the new date and the aside's commas");
	is_str(chr_events_get(ev, 1)->title,
	       "The forum, originally planned for 10-11 September 2018, has been moved in Vienna",
	       "the new date's title keeps the old date; \"to\" goes with its own date");
	is_str(chr_event_status_name(chr_events_get(ev, 0)->status), "cancelled", "status name");
	is_str(chr_event_status_name(CHR_EVENT_TENTATIVE), "tentative", "status name tentative");
	char uid_a[37];
	memcpy(uid_a, chr_events_get(ev, 1)->uid, 37);
	chr_events_free(ev);
	ev = find(doc, ms, n, "feed-b");
	ok(strcmp(uid_a, chr_events_get(ev, 1)->uid) != 0, "the feed id is the uid namespace");
	chr_events_free(ev);
	ev = find(doc, ms, n, "feed-a");
	is_str(chr_events_get(ev, 1)->uid, uid_a, "the same input gives the same uid");
	chr_events_free(ev);
	chr_doc_free(doc);

	/* ---- fallback titles, unresolved mentions, next-sentence places */
	const char *t4 = "12 June\n\nOn 20-21 June, the institute briefed the committee on its "
	                 "initiative. The briefing was delivered at UN Headquarters in New York.";
	doc = chr_doc_new("t4.txt", t4, strlen(t4));
	chr_doc_set_title(doc, "Institute briefs committee");
	n = 0;
	ms[n++] = at(t4, "12 June", 0, D(2017, 6, 12), D(2017, 6, 12), CHR_PREC_DAY);
	ms[n++] = at(t4, "20-21 June", 0, D(2017, 6, 20), D(2017, 6, 21), CHR_PREC_DAY);
	ms[n] = at(t4, "20-21 June", 0, D(0, 0, 0), D(0, 0, 0), CHR_PREC_DAY);
	ms[n++].resolved = false;
	ev = find(doc, ms, n, NULL);
	ok(ev && chr_events_count(ev) == 2, "an unresolved mention is no event");
	is_str(chr_events_get(ev, 0)->title, "Institute briefs committee",
	       "a bare date takes the document's title");
	is_str(chr_events_get(ev, 0)->url, NULL, "no url when the document has none");
	is_str(chr_events_get(ev, 1)->title, "The institute briefed the committee on its initiative",
	       "title of the briefing");
	is_str(chr_events_get(ev, 1)->location, "UN Headquarters, New York",
	       "the next sentence about the briefing places it");
	ok(chr_events_get(ev, 1)->first_seen == 0, "first_seen is 0 without a publication date");
	chr_events_free(ev);
	chr_doc_free(doc);

	/* ---- two happenings in one sentence */
	const char *t5 = "The first workshop was held in Malta in March 2016, and the second, on "
	                 "borders, was held in Jakarta in May 2017.";
	doc = chr_doc_new("t5.txt", t5, strlen(t5));
	n = 0;
	ms[n++] = at(t5, "March 2016", 0, D(2016, 3, 1), D(2016, 3, 31), CHR_PREC_MONTH);
	ms[n++] = at(t5, "May 2017", 0, D(2017, 5, 1), D(2017, 5, 31), CHR_PREC_MONTH);
	ev = find(doc, ms, n, NULL);
	is_str(chr_events_get(ev, 0)->title, "The first workshop was held in Malta",
	       "each date is titled by its own clause");
	is_str(chr_events_get(ev, 1)->title, "The second, on borders, was held in Jakarta",
	       "the second clause");
	is_str(chr_events_get(ev, 1)->location, "Jakarta", "the second clause's place");
	chr_events_free(ev);
	chr_doc_free(doc);

	/* ---- two dates of one clause, a date named twice */
	const char *t6 = "The committee met in Accra on 3 May 2019 and on 10 May 2019. On 30 and "
	                 "31 January 2018, the agency held a session in Lyon (30-31 January).";
	doc = chr_doc_new("t6.txt", t6, strlen(t6));
	n = 0;
	ms[n++] = at(t6, "3 May 2019", 0, D(2019, 5, 3), D(2019, 5, 3), CHR_PREC_DAY);
	ms[n++] = at(t6, "10 May 2019", 0, D(2019, 5, 10), D(2019, 5, 10), CHR_PREC_DAY);
	ms[n++] = at(t6, "30 and 31 January 2018", 0, D(2018, 1, 30), D(2018, 1, 31), CHR_PREC_DAY);
	ms[n++] = at(t6, "30-31 January", 0, D(2018, 1, 30), D(2018, 1, 31), CHR_PREC_DAY);
	ev = find(doc, ms, n, NULL);
	ok(ev && chr_events_count(ev) == 3, "three spans, three events");
	is_str(chr_events_get(ev, 0)->title, "The committee met in Accra",
	       "the other day of \"and on\" leaves the first title");
	is_str(chr_events_get(ev, 1)->title, "The committee met in Accra",
	       "and the second, with its preposition and the conjunction");
	ok(strcmp(chr_events_get(ev, 0)->uid, chr_events_get(ev, 1)->uid) != 0,
	   "two happenings of one sentence get two uids");
	is_str(chr_events_get(ev, 2)->title, "The agency held a session in Lyon",
	       "every mention of the event's own span leaves its title");
	chr_events_free(ev);
	chr_doc_free(doc);

	/* ---- a semicolon ends the clause of the title and the place */
	const char *t7 = "Nominations are open from 1 to 31 March 2020; the winners will be "
	                 "announced on 15 May 2020 at a ceremony in Oslo.";
	doc = chr_doc_new("t7.txt", t7, strlen(t7));
	n = 0;
	ms[n++] = at(t7, "from 1 to 31 March 2020", 0, D(2020, 3, 1), D(2020, 3, 31), CHR_PREC_DAY);
	ms[n++] = at(t7, "15 May 2020", 0, D(2020, 5, 15), D(2020, 5, 15), CHR_PREC_DAY);
	ev = find(doc, ms, n, NULL);
	is_str(chr_events_get(ev, 0)->title, "Nominations are open", "title of the first clause");
	is_str(chr_events_get(ev, 0)->location, NULL, "no place from across the semicolon");
	is_str(chr_events_get(ev, 1)->title, "The winners will be announced at a ceremony in Oslo",
	       "title of the second clause");
	is_str(chr_events_get(ev, 1)->location, "Oslo", "the second clause's place");
	chr_events_free(ev);
	chr_doc_free(doc);

	/* ---- nothing to do */
	doc = chr_doc_new("empty.txt", "", 0);
	ev = find(doc, NULL, 0, NULL);
	ok(ev && chr_events_count(ev) == 0, "no mentions, no events, no error");
	chr_events_free(ev);
	chr_doc_free(doc);
	return tap_done();
}
