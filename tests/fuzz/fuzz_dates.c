/*
 * The date core: any bytes as a document, with and without a reference
 * date. Besides the sanitizers, each mention must describe itself
 * truthfully: a span inside the text, real days in order, fields in range;
 * and found on three threads as a long text is, they must be the same.
 */
#include "fuzz.h"
#include "../unit/same_mention.h"

static void check_mentions(const chr_doc *doc, const chr_mentions *list)
{
	size_t len = chr_doc_len(doc), prev = 0;
	for (size_t i = 0; i < chr_mentions_count(list); i++) {
		const chr_mention *m = chr_mentions_get(list, i);
		FUZZ_CHECK(m->length > 0 && m->offset <= len && m->length <= len - m->offset,
		           "mention %zu at %zu+%zu in a text of %zu", i, m->offset, m->length, len);
		FUZZ_CHECK(m->offset >= prev, "mention %zu at %zu after one at %zu: not in text order", i, m->offset, prev);
		prev = m->offset;
		FUZZ_CHECK(fuzz_date_ok(m->start) && fuzz_date_ok(m->end),
		           "mention %zu: %d-%d-%d..%d-%d-%d", i, m->start.year, m->start.month,
		           m->start.day, m->end.year, m->end.month, m->end.day);
		if (m->kind == CHR_MENTION_DATE && m->resolved) {
			FUZZ_CHECK(chr_date_valid(m->start) && chr_date_valid(m->end) &&
			           chr_date_cmp(m->start, m->end) <= 0,
			           "mention %zu: resolved span %d-%d-%d..%d-%d-%d", i,
			           m->start.year, m->start.month, m->start.day,
			           m->end.year, m->end.month, m->end.day);
			/* extract prints years as four digits: YYYY-MM-DD */
			FUZZ_CHECK(m->start.year >= 1 && m->end.year <= 9999,
			           "mention %zu: year %d..%d outside 1..9999", i,
			           m->start.year, m->end.year);
		}
		FUZZ_CHECK((unsigned)m->precision <= CHR_PREC_CENTURY &&
		           (unsigned)m->mod <= CHR_MOD_APPROX &&
		           (unsigned)m->kind <= CHR_MENTION_FUTURE,
		           "mention %zu: enum out of range", i);
		FUZZ_CHECK(memchr(m->value, '\0', sizeof m->value) != NULL,
		           "mention %zu: value not terminated", i);
		FUZZ_CHECK((m->hour == -1 && m->minute == -1) ||
		           (m->hour >= 0 && m->hour <= 24 && m->minute >= 0 && m->minute <= 59),
		           "mention %zu: time %d:%d", i, m->hour, m->minute);
		FUZZ_CHECK((m->end_hour == -1 && m->end_minute == -1) ||
		           (m->end_hour >= 0 && m->end_hour <= 24 && m->end_minute >= 0 &&
		            m->end_minute <= 59),
		           "mention %zu: end time %d:%d", i, m->end_hour, m->end_minute);
		FUZZ_CHECK(!m->has_tz || (m->tz_minutes >= -15 * 60 && m->tz_minutes <= 15 * 60),
		           "mention %zu: zone %d minutes", i, m->tz_minutes);
		FUZZ_CHECK(chr_precision_name(m->precision) && chr_mod_name(m->mod),
		           "mention %zu: no name for its precision or mod", i);
	}
}

/* The mentions of data through a finder on jobs threads, split as a long
 * text is (in pieces of 64 bytes and more, resolved in halves from 2 raw
 * mentions), the text read as a whole document or as a middle window of
 * a huge one (which has no head to keep a cut away from its start); the
 * publication date in *pub. NULL when it fails. */
static chr_mentions *find_split(const uint8_t *data, size_t size, chr_date ref, unsigned jobs,
                                bool middle, chr_date *pub)
{
	chr_error err;
	chr_mentions *list = NULL;
	chr_finder *f = chr_finder_new();
	chr_doc *doc = chr_doc_new("fuzz.txt", (const char *)data, size);
	if (f && doc) {
		chr_finder_set_jobs(f, jobs);
		chr_finder_set_split(f, 64, 2);
		if (middle)
			chr_doc_set_window(doc, false, false);
		if (chr_finder_find(f, doc, ref, &list, &err) == CHR_OK) {
			chr_pub_source src;
			*pub = chr_doc_published(doc, &src);
		}
	}
	chr_doc_free(doc);
	chr_finder_free(f);
	return list;
}

/* Found on three threads, split as above, the mentions of any input must
 * be those of one thread: the leads of the pieces and the meeting of the
 * halves' states are checked here on texts of every shape. */
static void run_split(const uint8_t *data, size_t size, chr_date ref,
                      const chr_mentions *whole, chr_date pub_whole)
{
	for (int middle = 0; middle < 2; middle++) {
		chr_date pub_one = pub_whole, pub = { 0, 0, 0 };
		chr_mentions *one = middle ? find_split(data, size, ref, 1, true, &pub_one) : NULL;
		const chr_mentions *want = middle ? one : whole;
		chr_mentions *list = want ? find_split(data, size, ref, 3, middle, &pub) : NULL;
		if (want && list) {
			size_t n = chr_mentions_count(want);
			FUZZ_CHECK(chr_mentions_count(list) == n && chr_date_cmp(pub, pub_one) == 0,
			           "split%s: %zu mentions, publication %d-%d-%d; one thread: %zu, "
			           "%d-%d-%d", middle ? " (a middle window)" : "",
			           chr_mentions_count(list), pub.year, pub.month, pub.day, n,
			           pub_one.year, pub_one.month, pub_one.day);
			for (size_t i = 0; i < n; i++)
				FUZZ_CHECK(same_mention(chr_mentions_get(list, i), chr_mentions_get(want, i)),
				           "split%s: mention %zu at %zu differs from one thread's",
				           middle ? " (a middle window)" : "", i,
				           chr_mentions_get(want, i)->offset);
		}
		chr_mentions_free(list);
		chr_mentions_free(one);
	}
}

static void run(const uint8_t *data, size_t size, chr_date ref)
{
	chr_error err;
	chr_mentions *list = NULL;
	chr_doc *doc = chr_doc_new("fuzz.txt", (const char *)data, size);
	if (!doc)
		return;
	chr_status rc = chr_mentions_find(doc, ref, &list, &err);
	if (rc == CHR_OK) {
		check_mentions(doc, list);
		chr_pub_source src;
		chr_date pub = chr_doc_published(doc, &src);
		FUZZ_CHECK(fuzz_date_ok(pub), "publication date %d-%d-%d", pub.year, pub.month, pub.day);
		run_split(data, size, ref, list, pub);
	} else {
		FUZZ_CHECK(rc == CHR_ENOMEM || rc == CHR_ELIMIT, "chr_mentions_find: %s",
		           chr_status_str(rc));
	}
	chr_mentions_free(list);
	chr_doc_free(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	chr_date none = { 0, 0, 0 };
	run(data, size, none);
	chr_date ref = fuzz_ref(data, size);
	if (ref.year)
		run(data, size, ref);
	return 0;
}
