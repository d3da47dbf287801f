/* Private: what the date core shares with the event layer: the growable
 * list behind the opaque chr_mentions handle, and its zone names. */
#ifndef CHR_DATE_MENTIONS_H
#define CHR_DATE_MENTIONS_H

#include "chronicle.h"

struct chr_mentions {
	chr_mention *items;
	size_t len;
	size_t cap;
	/* Text of each mention lives in the document; nothing else is owned. */
};

/** An empty list, or NULL without memory. */
chr_mentions *chr_mentions_new(void);

/** Appends a copy of m. */
chr_status chr_mentions_push(chr_mentions *list, const chr_mention *m);

/** Appends a blank mention (chr_mention_blank) to fill in place, or
 * returns NULL without memory. */
chr_mention *chr_mentions_add(chr_mentions *list);

/** Makes room for n more mentions in one allocation: a long list grown a
 * push at a time is copied at every doubling. */
chr_status chr_mentions_reserve(chr_mentions *list, size_t n);

/** A list holding copies of arr[0..n), for tests and readers. */
chr_mentions *chr_mentions_from_array(const chr_mention *arr, size_t n);

/** A mention with no time, no time zone, no cues: the usual starting point. */
chr_mention chr_mention_blank(void);

/** Whether s[0..n), as written, is a time-zone abbreviation the date core
 * reads after a time of day ("CEST", "HKT"; WET and WEST only in
 * capitals); *minutes (when not NULL) gets its offset east of UTC. Words.c
 * holds the one table, so a zone the grammar reads is one a title drops. */
bool chr_zone_word(const char *s, size_t n, int *minutes);

#endif
