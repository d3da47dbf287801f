/* Two mentions alike, field by field: for tests/unit/date_sparse.c and
 * tests/fuzz/fuzz_dates.c, which compare what a finder gives one way
 * with what it gives another. */
#ifndef CHR_TEST_SAME_MENTION_H
#define CHR_TEST_SAME_MENTION_H

#include "chronicle.h"

#include <stdbool.h>
#include <string.h>

static inline bool same_mention(const chr_mention *a, const chr_mention *b)
{
	return a->kind == b->kind && strcmp(a->value, b->value) == 0 && a->offset == b->offset &&
	       a->length == b->length && chr_date_cmp(a->start, b->start) == 0 &&
	       chr_date_cmp(a->end, b->end) == 0 && a->precision == b->precision &&
	       a->mod == b->mod && a->role == b->role && a->resolved == b->resolved &&
	       a->hour == b->hour && a->minute == b->minute && a->end_hour == b->end_hour &&
	       a->end_minute == b->end_minute && a->has_tz == b->has_tz &&
	       a->tz_minutes == b->tz_minutes && a->cues == b->cues;
}

#endif
