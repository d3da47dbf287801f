/*
 * The event layer: any bytes -> mentions -> chr_events_find. Each event
 * must be what the header promises: a real span in order, a lowercase
 * UUID, a title of at most 90 characters plus an ellipsis, a sentence of
 * at most 600 bytes plus " …", mention spans inside the text, and UIDs
 * that differ between events of one document.
 */
#include "fuzz.h"

static size_t code_points(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static int uuid_ok(const char *u)
{
	for (int i = 0; i < 36; i++) {
		char c = u[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			return 0;
		}
	}
	return u[36] == '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_run r;
	if (!fuzz_events(data, size, &r)) {
		fuzz_free(&r);
		return 0;
	}
	size_t len = chr_doc_len(r.doc);
	for (size_t i = 0; i < r.n; i++) {
		const chr_event *e = r.list[i];
		FUZZ_CHECK(uuid_ok(e->uid), "event %zu: uid '%.37s'", i, e->uid);
		for (size_t k = 0; k < i; k++)
			FUZZ_CHECK(strcmp(r.list[k]->uid, e->uid) != 0,
			           "events %zu and %zu share the uid %s", k, i, e->uid);
		FUZZ_CHECK(chr_date_valid(e->start) && chr_date_valid(e->end) &&
		           chr_date_cmp(e->start, e->end) <= 0,
		           "event %zu: span %d-%d-%d..%d-%d-%d", i, e->start.year,
		           e->start.month, e->start.day, e->end.year, e->end.month, e->end.day);
		FUZZ_CHECK(e->precision <= CHR_PREC_SEASON,
		           "event %zu: precision %s is not an event's", i,
		           chr_precision_name(e->precision));
		FUZZ_CHECK(e->title && code_points(e->title) <= 91,
		           "event %zu: title of %zu characters", i,
		           e->title ? code_points(e->title) : 0);
		FUZZ_CHECK(e->sentence && strlen(e->sentence) <= 600 + strlen(" …"),
		           "event %zu: sentence of %zu bytes", i,
		           e->sentence ? strlen(e->sentence) : 0);
		FUZZ_CHECK(e->doc && strcmp(e->doc, "fuzz.txt") == 0, "event %zu: doc", i);
		FUZZ_CHECK(e->n_mentions > 0 && e->mentions, "event %zu: no mentions", i);
		for (size_t k = 0; k < e->n_mentions; k++)
			FUZZ_CHECK(e->mentions[k].length > 0 && e->mentions[k].offset <= len &&
			           e->mentions[k].length <= len - e->mentions[k].offset,
			           "event %zu: mention %zu+%zu in a text of %zu", i,
			           e->mentions[k].offset, e->mentions[k].length, len);
		FUZZ_CHECK((unsigned)e->status <= CHR_EVENT_CANCELLED &&
		           chr_event_status_name(e->status), "event %zu: status", i);
		FUZZ_CHECK((e->hour == -1) || (e->hour >= 0 && e->hour <= 24 &&
		           e->minute >= 0 && e->minute <= 59),
		           "event %zu: time %d:%d", i, e->hour, e->minute);
	}
	fuzz_free(&r);
	return 0;
}
