/* The event stages one by one: sentences, titles, places and status. */
#include "event/event.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "tap.h"


/* The sentence holding needle in text, as shown to a user. */
static char *sentence_of(const char *text, const char *needle)
{
	chr_sentences s;
	chr_buf b;
	chr_buf_init(&b, 0);
	if (chr_sentences_split(text, strlen(text), &s) != CHR_OK)
		return NULL;
	size_t off = (size_t)(strstr(text, needle) - text);
	const chr_sentence *x = &s.items[chr_sentences_find(&s, off)];
	chr_sentence_text(&b, text, x->start, x->end, 600);
	chr_sentences_free(&s);
	return b.data;
}

/* The title of the whole of text with the listed dates left out. */
static char *title_of(const char *text, const char *const *dates)
{
	chr_range r[8];
	size_t n = 0;
	chr_buf b;
	chr_buf_init(&b, 0);
	for (; dates && dates[n]; n++) {
		const char *p = strstr(text, dates[n]);
		r[n].start = (size_t)(p - text);
		r[n].end = r[n].start + strlen(dates[n]);
	}
	chr_title_make(&b, text, 0, strlen(text), r, n);
	return b.data ? b.data : calloc(1, 1);
}

static void title_is(const char *text, const char *const *dates, const char *want,
                     const char *desc)
{
	char *t = title_of(text, dates);
	is_str(t, want, desc);
	free(t);
}

static char *place_of(const char *text, const char *near)
{
	chr_buf b;
	bool found = false;
	chr_buf_init(&b, 0);
	size_t at = near ? (size_t)(strstr(text, near) - text) : 0;
	chr_place_find(&b, text, 0, strlen(text), at, &found);
	return found ? b.data : NULL;
}

static void place_is(const char *text, const char *near, const char *want, const char *desc)
{
	char *p = place_of(text, near);
	is_str(p, want, desc);
	free(p);
}

static chr_event_status status_of(const char *text, const char *date)
{
	size_t a = (size_t)(strstr(text, date) - text);
	return chr_status_detect(text, 0, strlen(text), a, a + strlen(date), 0, false);
}

int main(void)
{
	/* ---- sentences */
	const char *doc = "Mr. Smith met Dr. Jones of the U.S. Navy on 3 Jan. 2019 in Paris. "
	                  "H.E. Ms. Ito spoke. The talks went on.\n"
	                  "Headline without a stop\n\n"
	                  "A line wrapped in\nGeneva continues here.";
	char *s = sentence_of(doc, "Paris");
	is_str(s, "Mr. Smith met Dr. Jones of the U.S. Navy on 3 Jan. 2019 in Paris.",
	       "abbreviations and initials do not end a sentence");
	free(s);
	s = sentence_of(doc, "Ito");
	is_str(s, "H.E. Ms. Ito spoke.", "a full stop before a capital does");
	free(s);
	s = sentence_of(doc, "Headline");
	is_str(s, "Headline without a stop", "a line with no stop is its own sentence");
	free(s);
	s = sentence_of(doc, "Geneva");
	is_str(s, "A line wrapped in Geneva continues here.",
	       "a line wrapped after a preposition is joined");
	free(s);
	const char *nb = "The  committee\xc2\xa0on\xc2\xa0 21\xc2\xa0June met.\n\nNext.";
	s = sentence_of(nb, "committee");
	is_str(s, "The committee on 21 June met.", "runs of spaces and NBSP become one space");
	free(s);
	chr_sentences ss;
	chr_sentences_split(doc, strlen(doc), &ss);
	ok(ss.len == 5 && ss.items[0].para == ss.items[2].para &&
	   ss.items[3].para != ss.items[2].para && ss.items[4].para != ss.items[3].para,
	   "five sentences; line ends start paragraphs");
	chr_sentences_free(&ss);
	chr_buf cap;
	chr_buf_init(&cap, 0);
	chr_sentence_text(&cap, "alpha beta gamma delta", 0, 22, 12);
	is_str(cap.data, "alpha beta \xe2\x80\xa6", "a long sentence is cut at a word");
	chr_buf_free(&cap);

	/* ---- titles */
	const char *t1 = "On 30 and 31 January 2018, CTED and INTERPOL held a two-day training "
	                 "session at INTERPOL Headquarters in Lyon (30-31 January) to familiarize "
	                 "INTERPOL experts with the provisions of the relevant resolutions.";
	const char *d1[] = { "30 and 31 January 2018", "30-31 January", NULL };
	title_is(t1, d1, "CTED and INTERPOL held a two-day training session at INTERPOL Headquarters in Lyon",
	         "date, its preposition and the bracketed date go; the main clause stays");
	const char *d1b[] = { "30 and 31 January 2018", NULL };
	title_is(t1, d1b, "CTED and INTERPOL held a two-day training session at INTERPOL Headquarters in Lyon",
	         "a bracketed date the date core missed goes too");
	const char *d2[] = { "27 and 28 February 2018", NULL };
	title_is("Aimed at officials engaged in this work, the conference took place on "
	         "27 and 28 February 2018, and was organized by the host.", d2,
	         "The conference took place and was organized by the host",
	         "an opening participle clause and the comma after the date go");
	const char *d3[] = { "3 May", NULL };
	title_is("The board, on 3 May, approved the budget.", d3, "The board approved the budget",
	         "a date between commas leaves no comma");
	title_is("the ministers will meet in the week of 3 May", d3,
	         "The ministers will meet in the week",
	         "first letter capitalised, no trailing preposition or period");
	const char *d5[] = { "in December 2016", NULL };
	title_is("Resolution 7, adopted in December 2016, seeks to enhance cooperation.", d5,
	         "Resolution 7 seeks to enhance cooperation", "an appositive participle goes with its date");
	const char *d4[] = { "12 June 2019", NULL };
	title_is("12 June 2019", d4, "", "a sentence that is only a date gives nothing");
	char *lt = title_of("The delegates of the regional organisations discussed border security, "
	                    "information exchange, travel documents, biometrics and the protection "
	                    "of critical infrastructure against attacks", NULL);
	ok(chr_utf8_chars(lt, strlen(lt)) <= 91, "a long title has at most 90 characters and \u2026");
	is_str(lt, "The delegates of the regional organisations discussed border security, "
	       "information\xe2\x80\xa6", "the commas of a list are no clause boundary");
	free(lt);
	lt = title_of("The delegates of the regional organisations discussed border security "
	              "and travel documents, which the new protocol on the exchange of data will "
	              "cover from next year", NULL);
	is_str(lt, "The delegates of the regional organisations discussed border security "
	       "and travel documents", "a long title is cut at a clause boundary");
	free(lt);
	const char *d6[] = { "12 May 2023", NULL };
	title_is("On 12 May 2023, ministers from the twenty-seven member states of the regional "
	         "economic community adopted a declaration on food security and nutrition in Lusaka.",
	         d6, "Ministers from the twenty-seven member states of the regional economic "
	         "community adopted a\xe2\x80\xa6",
	         "a cut keeps every whole word that fits in 90 characters, then \u2026");
	const char *d7[] = { "24 August 2021", NULL };
	title_is("Representatives of farmers, fishers, pastoralists and indigenous peoples from "
	         "across the Sahel region gathered to agree a common position in Niamey on "
	         "24 August 2021.", d7,
	         "Representatives of farmers, fishers, pastoralists and indigenous peoples from "
	         "across the\xe2\x80\xa6", "a list in the subject is not cut at its first comma");
	const char *d8[] = { "3 May 2020", NULL };
	title_is("The 3 May 2020 summit has been postponed indefinitely.", d8,
	         "The summit has been postponed indefinitely",
	         "a date before its noun leaves the noun's determiner");
	const char *d9[] = { "3 May", NULL };
	title_is("The board met on the 3 May in Rome.", d9, "The board met in Rome",
	         "\"on the\" before a date goes with it");
	const char *d10[] = { "14 June 2020", NULL };
	title_is("The election, tentatively set for 14 June 2020, will be held in two rounds.", d10,
	         "The election, tentatively set, will be held in two rounds",
	         "an aside keeps both its commas when its date goes");
	const char *d11[] = { "1 March 2019", NULL };
	title_is("Registration opens on 1 March 2019 and closes on 15 March 2019.", d11,
	         "Registration opens and closes on 15 March 2019",
	         "a date not passed stays in the title");
	lt = title_of("Délégués réunis à Genève pour discuter des éléments précédemment évoqués "
	              "lors des réunions régionales précédentes très très longues", NULL);
	ok(chr_utf8_seq((const unsigned char *)lt + strlen(lt) - 3, 3) == 3 &&
	   strcmp(lt + strlen(lt) - 3, "\xe2\x80\xa6") == 0 &&
	   chr_utf8_chars(lt, strlen(lt)) <= 91,
	   "a cut with no clause boundary ends with an ellipsis after at most 90 characters");
	chr_buf v;
	size_t bad = 1;
	chr_buf_init(&v, 0);
	chr_utf8_repair(&v, lt, strlen(lt), &bad);
	ok(bad == 0, "the cut title is valid UTF-8");
	chr_buf_free(&v);
	free(lt);

	/* ---- places */
	place_is(t1, "30 and", "Lyon", "INTERPOL is no place; its headquarters in Lyon gives Lyon");
	place_is("They met at the Palais des Nations on 3 May.", NULL, "Palais des Nations, Geneva",
	         "a known venue names its city");
	place_is("The session ran from 20 to 23 November at the INTERPOL Global Complex for "
	         "Innovation, Singapore.", "20", "Singapore", "a place after a venue's name");
	place_is("A workshop was held in Islamabad, Pakistan in April.", NULL, "Islamabad, Pakistan",
	         "a city with its country");
	place_is("At a conference in Washington, DC, the envoy spoke.", NULL, "Washington, DC",
	         "Washington, DC");
	place_is("It was delivered at UN Headquarters in New York.", NULL,
	         "UN Headquarters, New York", "UN Headquarters in New York");
	place_is("Officers of the Singapore Police Force and Pakistan's agencies met.", NULL, NULL,
	         "organisations and possessives name no place");
	place_is("A Geneva-based group met.", NULL, "Geneva", "X-based gives X");
	place_is("The summit in Spain ended on 2 May with a dinner in Madrid.", "2 May",
	         "Madrid", "a city is preferred to a country about as near");
	place_is("The first was held in Malta in March 2016, and the second, on trade, was held "
	         "in Jakarta in May 2017.", "March", "Malta", "a much nearer country wins");
	place_is("Delegates from Chad and a nice view in Nice.", NULL, "Nice",
	         "names count only after a locative preposition, with their case");
	place_is("The concert on 8 August 2020 in Salzburg was cancelled.", NULL, "Salzburg",
	         "Salzburg is in the gazetteer");
	place_is("The plant will open in the third quarter of 2022 in Ghent.", NULL, "Ghent",
	         "Ghent is in the gazetteer");
	place_is("The workshop was held on 3-4 May 2019 in Bregenz.", NULL, "Bregenz",
	         "a capitalised word after \"held ... in\" is a place the gazetteer lacks");
	place_is("The talks will take place in Kufstein.", NULL, "Kufstein",
	         "after \"take place in\" too");
	place_is("Ministers will meet on Monday in Troms\xc3\xb8 to sign it.", NULL,
	         "Troms\xc3\xb8", "an unlisted place may hold accented letters");
	place_is("The bill was adopted in Parliament on 3 May.", NULL, NULL,
	         "\"in Parliament\" is no place");
	place_is("The meeting will be held in January.", NULL, NULL, "a month is no place");
	place_is("Classes will be held in English.", NULL, NULL, "a language is no place");
	place_is("The workshop was held in Member States of the region.", NULL, NULL,
	         "two capitalised words after \"in\" name an organisation");
	place_is("The fair will be held in Hall 4.", NULL, NULL, "a room is no place");
	place_is("Sales rose sharply in Bregenz.", NULL, NULL,
	         "an unlisted name needs a happening before \"in\"");
	place_is("The event was held in Bregenz's old town.", NULL, NULL,
	         "an unlisted possessive is no place");
	size_t ntab;
	const chr_place *tab = chr_place_table(&ntab);
	bool sorted = true;
	for (size_t i = 1; i < ntab; i++)
		if (strcasecmp(tab[i - 1].name, tab[i].name) >= 0)
			sorted = false;
	ok(sorted && ntab >= 600, "the gazetteer is sorted and holds at least 600 names");
	ok(chr_place_lookup("GENEVA", 6, true) && !chr_place_lookup("GENEVA", 6, false),
	   "case is ignored only when asked");
	chr_buf db;
	bool found = false;
	chr_buf_init(&db, 0);
	const char *dl = "Talks resume\nGENEVA, 14 March 2019 \xe2\x80\x94 Talks resumed today.";
	chr_place_dateline(&db, dl, strlen(dl), (size_t)(strstr(dl, "14") - dl), &found);
	ok(found && strcmp(db.data, "Geneva") == 0, "a dateline in capitals names the place");
	chr_buf_free(&db);

	/* ---- shorter titles: asides, acronyms, phrase boundaries */
	static const char *const dn[] = { "from 20 to 23 November 2026", NULL };
	title_is("The Regional Bureau for Fisheries Control and Inspection (RBFCI) and the navy "
	         "delivered a joint training session from 20 to 23 November 2026 at the Coastal "
	         "Complex for Innovation, Port Louis.", dn,
	         "RBFCI and the navy delivered a joint training session",
	         "an expansion too long becomes its acronym, then the title ends before 'at the'");
	title_is("The Harbour Board (HB) met the mayors from 20 to 23 November 2026.", dn,
	         "The Harbour Board met the mayors", "a short title keeps the expansion, not the aside");
	title_is("Health ministers (joined by observers from five regional banks, two foundations and "
	         "the press) adopted the plan from 20 to 23 November 2026.", dn,
	         "Health ministers adopted the plan", "a bracketed aside goes");
	title_is("The United Nations Economic and Social Council Statistical Commission organized a "
	         "special session from 20 to 23 November 2026.", dn,
	         "The UN Economic and Social Council Statistical Commission organized a special session",
	         "'United Nations' becomes 'UN' rather than a word being cut");
	title_is("Families lost up to half of their herds from 20 to 23 November 2026, and many have "
	         "moved to camps near the border towns of the northern region.", dn,
	         "Families lost up to half of their herds",
	         "'up to half' is no infinitive, ', and many' starts another clause");
	{
		chr_buf b;
		bool got = false;
		size_t end = 0;
		const char *t = "Fish talks\n\nPORT ELLEN \xe2\x80\x93 Ministers will meet.";
		chr_buf_init(&b, 0);
		chr_place_dateline_undated(&b, t, strlen(t), &end, &got);
		ok(got && b.data && strcmp(b.data, "Port Ellen") == 0 &&
		   strncmp(t + end, " Ministers", 10) == 0,
		   "an undated dateline in capitals names its place, even one the gazetteer lacks");
		chr_buf_free(&b);
		chr_buf_init(&b, 0);
		t = "UPDATE - Ministers will meet.";
		chr_place_dateline_undated(&b, t, strlen(t), &end, &got);
		ok(!got, "'UPDATE -' is no dateline");
		chr_buf_free(&b);
	}
	place_is("The delegates will gather at the Kigali Convention Centre on 2 April.", "2 April",
	         "Kigali", "a venue named after its city is in that city");
	place_is("The Singapore Police Force trained officers on 2 April.", "2 April", NULL,
	         "a force named after its city is no place");
	place_is("The orchestra will travel to Salzburg for the festival.", NULL, "Salzburg",
	         "'travel to X'");
	place_is("The review will take place at the Palais des Nations in Geneva.", NULL,
	         "Palais des Nations, Geneva", "a known venue before 'in City' gives both");

	/* ---- status */
	const char *mv = "The forum, originally planned for 10-11 September 2018, has been moved "
	                 "to 1-2 October 2018.";
	ok(status_of(mv, "10-11 September 2018") == CHR_EVENT_CANCELLED,
	   "the date a happening was moved away from is cancelled");
	ok(status_of(mv, "1-2 October 2018") == CHR_EVENT_CONFIRMED, "the date it moved to is on");
	const char *pp = "The vote was postponed from 3 May to 14 June.";
	ok(status_of(pp, "3 May") == CHR_EVENT_CANCELLED, "postponed from X is cancelled");
	ok(status_of(pp, "14 June") == CHR_EVENT_CONFIRMED, "postponed to Y is on");
	ok(status_of("The concert on 4 July has been called off.", "4 July") == CHR_EVENT_CANCELLED,
	   "called off");
	ok(status_of("The parade of 9 May was cancelled because of rain.", "9 May") ==
	   CHR_EVENT_CANCELLED, "was cancelled");
	ok(status_of("The summit is tentatively set for 5 March.", "5 March") ==
	   CHR_EVENT_TENTATIVE, "tentatively");
	ok(status_of("Second round: 8 April (TBC).", "8 April") == CHR_EVENT_TENTATIVE, "TBC");
	ok(status_of("The meeting was held on 2 May in Rome.", "2 May") == CHR_EVENT_CONFIRMED,
	   "an ordinary date is confirmed");
	{
		const char *t = "The summit will take place on 3 May.";
		size_t a = (size_t)(strstr(t, "3 May") - t);
		ok(chr_status_detect(t, 0, strlen(t), a, a + 5, 0, true) == CHR_EVENT_TENTATIVE &&
		   chr_status_detect(t, 0, strlen(t), a, a + 5, 0, false) == CHR_EVENT_CONFIRMED,
		   "'will' gives tentative for a future date only");
		t = "Herders lost up to half their animals in spring, and many have moved to camps.";
		a = (size_t)(strstr(t, "spring") - t);
		ok(chr_status_detect(t, 0, strlen(t), a, a + 6, 0, false) == CHR_EVENT_CONFIRMED,
		   "'moved' in another clause, and active, cancels nothing");
		t = "The city is warm this year, according to a provisional report released on 5 May.";
		a = (size_t)(strstr(t, "5 May") - t);
		ok(chr_status_detect(t, 0, strlen(t), a, a + 5, 0, false) == CHR_EVENT_CONFIRMED,
		   "a provisional report is no provisional date");
		t = "The vote, originally planned for 3 May, will be held on 10 May.";
		a = (size_t)(strstr(t, "3 May") - t);
		ok(chr_status_detect(t, 0, strlen(t), a, a + 5, 0, true) == CHR_EVENT_CANCELLED,
		   "'originally planned for' cancels its date");
	}
	ok(chr_status_detect("x", 0, 1, 0, 1, CHR_CUE_TENTATIVE, false) == CHR_EVENT_TENTATIVE &&
	   chr_status_detect("x", 0, 1, 0, 1, CHR_CUE_CANCELLED, false) == CHR_EVENT_CANCELLED,
	   "the date core's cues are kept");
	return tap_done();
}
