/* The mention list and the names used in output. */
#include "mentions.h"
#include "util/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Copied whole: a memset and four stores cost more. */
static const chr_mention blank_mention = { .hour = -1, .minute = -1, .end_hour = -1,
                                           .end_minute = -1 };

static void blank(chr_mention *m)
{
	*m = blank_mention;
}

chr_mentions *chr_mentions_new(void)
{
	return calloc(1, sizeof(chr_mentions));
}

chr_status chr_mentions_push(chr_mentions *list, const chr_mention *m)
{
	void *v = list->items;
	if (chr_grow(&v, &list->cap, list->len, sizeof *m, 16) != CHR_OK)
		return CHR_ENOMEM;
	list->items = v;
	list->items[list->len++] = *m;
	return CHR_OK;
}

chr_mention *chr_mentions_add(chr_mentions *list)
{
	void *v = list->items;
	if (chr_grow(&v, &list->cap, list->len, sizeof *list->items, 16) != CHR_OK)
		return NULL;
	list->items = v;
	chr_mention *m = &list->items[list->len++];
	blank(m);
	return m;
}

chr_status chr_mentions_reserve(chr_mentions *list, size_t n)
{
	if (list->cap - list->len >= n)
		return CHR_OK;
	if (n > SIZE_MAX / sizeof *list->items - list->len)
		return CHR_ENOMEM;
	void *v = list->items;
	if (chr_reserve(&v, &list->cap, list->len, list->len + n, sizeof *list->items) != CHR_OK)
		return CHR_ENOMEM;
	list->items = v;
	return CHR_OK;
}

chr_mentions *chr_mentions_from_array(const chr_mention *arr, size_t n)
{
	chr_mentions *list = chr_mentions_new();
	for (size_t i = 0; list && i < n; i++) {
		if (chr_mentions_push(list, &arr[i]) != CHR_OK) {
			chr_mentions_free(list);
			return NULL;
		}
	}
	return list;
}

void chr_mentions_free(chr_mentions *list)
{
	if (!list)
		return;
	free(list->items);
	free(list);
}

size_t chr_mentions_count(const chr_mentions *list)
{
	return list->len;
}

const chr_mention *chr_mentions_get(const chr_mentions *list, size_t i)
{
	return &list->items[i];
}

chr_mention chr_mention_blank(void)
{
	chr_mention m;
	blank(&m);
	return m;
}

const char *chr_precision_name(chr_precision p)
{
	static const char *const names[] = { "day", "week", "month", "quarter",
	                                     "half", "season", "year", "decade",
	                                     "century" };
	return (unsigned)p < sizeof names / sizeof names[0] ? names[p] : "day";
}

const char *chr_mod_name(chr_mod m)
{
	static const char *const names[] = { "", "early", "mid", "late",
	                                     "start", "end", "approx" };
	return (unsigned)m < sizeof names / sizeof names[0] ? names[m] : "";
}
