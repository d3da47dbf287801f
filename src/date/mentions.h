/* Private: the growable list behind the opaque chr_mentions handle. */
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

/** A list holding copies of arr[0..n), for tests and readers. */
chr_mentions *chr_mentions_from_array(const chr_mention *arr, size_t n);

/** A mention with no time, no time zone, no cues: the usual starting point. */
chr_mention chr_mention_blank(void);

#endif
