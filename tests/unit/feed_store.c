/*
 * Unit tests for src/feed/ and src/store/: path joining, durations, feed
 * file defaults, and the store's event life cycle (new, same, changed,
 * retracted, back, expired) through its narrow interface.
 */
#include "feed/feed.h"
#include "store/store.h"
#include "tap.h"

#include <stdlib.h>
#include <unistd.h>

static void join_is(const char *dir, const char *path, const char *want)
{
	char desc[160];
	char *got = chr_feed_path_join(dir, path);
	snprintf(desc, sizeof desc, "join '%s' + '%s' = '%s'", dir, path, want);
	is_str(got, want, desc);
	free(got);
}

static void test_paths(void)
{
	join_is("feeds", "../build/example", "build/example");
	join_is("feeds", "example/", "feeds/example");
	join_is("", "a/./b//c", "a/b/c");
	join_is("/srv/x", "../../../y", "/y");
	join_is("a/b", "../../..", "..");
	join_is("feeds", "/abs/p", "/abs/p");
	join_is(".", "x", "x");
	join_is("a", "./b/../c", "a/c");
}

static void test_durations(void)
{
	int64_t s = 0;
	ok(chr_feed_parse_duration("30s", &s) && s == 30, "30s");
	ok(chr_feed_parse_duration("12h", &s) && s == 43200, "12h");
	ok(chr_feed_parse_duration("90d", &s) && s == 90 * 86400, "90d");
	ok(chr_feed_parse_duration("2w", &s) && s == 14 * 86400, "2w");
	ok(!chr_feed_parse_duration("30", &s), "a bare number is refused");
	ok(!chr_feed_parse_duration("-5m", &s), "a negative one too");
	ok(!chr_feed_parse_duration("5 years", &s), "and an unknown unit");
	ok(!chr_feed_parse_duration("99999999999999999999d", &s), "and an overflow");
}

static char tmpdir[64];

static void write_file(const char *name, const char *text)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void test_config(void)
{
	char path[128];
	chr_config *cfg = NULL;
	chr_error err;
	char want[160];
	write_file("news.feed", "[feed]\nsources = a.txt b/\n  c/*.txt\n"
	                        "sources = \"Press Releases/\" d.txt\noutput = out\n");
	snprintf(path, sizeof path, "%s/news.feed", tmpdir);
	chr_status rc = chr_config_load(path, &cfg, &err);
	ok(rc == CHR_OK && cfg, "a minimal feed file loads");
	if (!cfg)
		return;
	is_str(cfg->name, "news", "name is the file name without .feed");
	is_str(cfg->title, "news", "title defaults to the name");
	is_str(cfg->id, "news", "without base_url, the UID namespace is the name");
	ok(cfg->n_sources == 5, "five sources from three lines");
	snprintf(want, sizeof want, "%s/Press Releases", tmpdir);
	is_str(cfg->n_sources == 5 ? cfg->sources[3] : NULL, want,
	       "a quoted source keeps its spaces");
	snprintf(want, sizeof want, "%s/c/*.txt", tmpdir);
	is_str(cfg->sources[2], want, "sources are joined to the feed's folder");
	snprintf(want, sizeof want, "%s/out/chronicle.db", tmpdir);
	is_str(cfg->database, want, "database defaults to OUTPUT/chronicle.db");
	ok(cfg->calendar_precision == CHR_CAL_DAY && cfg->refresh_minutes == 720 &&
	   cfg->poll_seconds == 60 && cfg->keep_cancelled == 90 * 86400,
	   "defaults: day, 12h, 60s, 90d");
	is_str(cfg->timezone, "UTC", "timezone defaults to UTC");
	chr_config_free(cfg);

	write_file("full.feed", "title = T\ndescription = one\n  two\n"
	                        "base_url = https://example.org/f\nsources = x\n"
	                        "output = /tmp/o\ntimezone = Europe/Zurich\n"
	                        "calendar_precision = all\nrefresh = 30m\n");
	snprintf(path, sizeof path, "%s/full.feed", tmpdir);
	cfg = NULL;
	rc = chr_config_load(path, &cfg, &err);
	ok(rc == CHR_OK && cfg, "a full feed file loads");
	if (!cfg)
		return;
	is_str(cfg->description, "one\ntwo", "continuation lines join with a newline");
	is_str(cfg->base_url, "https://example.org/f/", "base_url gains its final slash");
	is_str(cfg->id, "https://example.org/f/", "and is the UID namespace");
	is_str(cfg->output_dir, "/tmp/o", "absolute paths stay");
	ok(cfg->calendar_precision == CHR_CAL_ALL && cfg->refresh_minutes == 30,
	   "calendar_precision and refresh");
	chr_config_free(cfg);

	write_file("bad.feed", "sources = x\noutput = o\n\n\ncolour = blue\n");
	snprintf(path, sizeof path, "%s/bad.feed", tmpdir);
	cfg = NULL;
	rc = chr_config_load(path, &cfg, &err);
	ok(rc == CHR_EINPUT && !cfg && err.line == 5, "an unknown key: CHR_EINPUT at line 5");
	is_str(err.problem, "unknown key 'colour'", "the problem names the key");
	is_str(err.file, path, "and the file");

	write_file("q.feed", "sources = \"open\noutput = o\n");
	snprintf(path, sizeof path, "%s/q.feed", tmpdir);
	rc = chr_config_load(path, &cfg, &err);
	ok(rc == CHR_EINPUT && err.line == 1, "an unclosed quote is an error at its line");
}

static chr_event event(const char *uid, const char *title, const char *loc)
{
	chr_event e;
	memset(&e, 0, sizeof e);
	snprintf(e.uid, sizeof e.uid, "%s", uid);
	e.doc = "a.txt";
	e.start = (chr_date){ 2027, 5, 3 };
	e.end = (chr_date){ 2027, 5, 4 };
	e.hour = e.minute = e.end_hour = e.end_minute = -1;
	e.title = title;
	e.location = loc;
	e.sentence = "A sentence.";
	return e;
}

static const chr_event *find(const chr_store_events *l, const char *uid)
{
	for (size_t i = 0; i < l->len; i++)
		if (strcmp(l->items[i].uid, uid) == 0)
			return &l->items[i];
	return NULL;
}

static void test_store(void)
{
	char path[128];
	chr_store *s = NULL;
	chr_error err;
	chr_store_change ch = CHR_STORE_SAME;
	chr_store_events l;
	snprintf(path, sizeof path, "%s/store.db", tmpdir);
	ok(chr_store_open(path, &s, &err) == CHR_OK, "a new store opens");
	if (!s)
		return;
	chr_event e1 = event("u1", "The summit", "Geneva");
	chr_event e2 = event("u2", "The workshop", NULL);
	chr_span spans[2] = { { 10, 5 }, { 40, 7 } };
	e1.mentions = spans;
	e1.n_mentions = 2;
	chr_store_doc d = { "a.txt", "0123456789012345678901234567890123456789",
	                    { 2027, 1, 10 }, 100 };

	/* Build 1: two new events. */
	ok(chr_store_begin(s, &err) == CHR_OK, "begin");
	ok(chr_store_doc_put(s, &d, &err) == CHR_OK, "put a document");
	ok(chr_store_event_put(s, &e1, "a.txt", "h1", 100, &ch, &err) == CHR_OK &&
	   ch == CHR_STORE_NEW, "a new event is NEW");
	chr_store_event_put(s, &e2, "a.txt", "h2", 100, &ch, &err);
	ok(chr_store_commit(s, &err) == CHR_OK, "commit");

	/* Build 2: e1 changed, e2 gone. */
	size_t n = 0;
	chr_store_begin(s, &err);
	chr_store_doc_put(s, &d, &err);
	e1.location = "Lyon";
	ok(chr_store_event_put(s, &e1, "a.txt", "h1b", 200, &ch, &err) == CHR_OK &&
	   ch == CHR_STORE_CHANGED, "a new content hash is CHANGED");
	ok(chr_store_retract(s, "a.txt", 200, &n, &err) == CHR_OK && n == 1,
	   "the event this build did not see is retracted");
	chr_store_commit(s, &err);
	ok(chr_store_list(s, &l, &err) == CHR_OK && l.len == 2, "both are listed");
	const chr_event *a = find(&l, "u1"), *b = find(&l, "u2");
	ok(a && a->sequence == 1 && a->last_modified == 200 && a->first_seen == 100 &&
	   a->location && strcmp(a->location, "Lyon") == 0,
	   "changed: SEQUENCE 1, LAST-MODIFIED 200, first seen kept, new place");
	ok(a && a->n_mentions == 2 && a->mentions[1].offset == 40 &&
	   a->mentions[1].length == 7, "its mentions come back");
	ok(b && b->status == CHR_EVENT_CANCELLED && b->sequence == 1 &&
	   b->last_modified == 200, "retracted: CANCELLED, SEQUENCE 1");
	chr_store_events_free(&l);

	/* Build 3: rolled back, nothing happens. */
	chr_store_begin(s, &err);
	chr_store_event_put(s, &e2, "a.txt", "h2", 300, &ch, &err);
	chr_store_rollback(s);
	chr_store_list(s, &l, &err);
	b = find(&l, "u2");
	ok(b && b->status == CHR_EVENT_CANCELLED && b->sequence == 1,
	   "a rolled-back build leaves no trace");
	chr_store_events_free(&l);

	/* Build 4: e2 back, same content: still a change (it was cancelled). */
	chr_store_begin(s, &err);
	chr_store_event_put(s, &e1, "a.txt", "h1b", 400, &ch, &err);
	ok(ch == CHR_STORE_SAME, "the same content hash is SAME");
	chr_store_event_put(s, &e2, "a.txt", "h2", 400, &ch, &err);
	ok(ch == CHR_STORE_CHANGED, "a retracted event that returns is CHANGED");
	chr_store_event_put(s, &e1, "a.txt", "h1c", 400, &ch, &err);
	ok(ch == CHR_STORE_SAME, "a UID put twice in one build: the first stands");
	chr_store_commit(s, &err);
	chr_store_list(s, &l, &err);
	a = find(&l, "u1");
	b = find(&l, "u2");
	ok(a && a->sequence == 1 && a->last_modified == 200, "SAME writes nothing");
	ok(b && b->status == CHR_EVENT_CONFIRMED && b->sequence == 2,
	   "the returned event is confirmed, SEQUENCE 2");
	chr_store_events_free(&l);

	/* Build 5: the document leaves the sources; then expiry. */
	size_t docs = 0;
	n = 0;
	chr_store_begin(s, &err);
	ok(chr_store_doc_sweep(s, 500, &docs, &n, &err) == CHR_OK && docs == 1 && n == 2,
	   "an unseen document is removed and its 2 events retracted");
	n = 0;
	ok(chr_store_expire(s, 499, &n, &err) == CHR_OK && n == 0,
	   "nothing retracted before 499");
	ok(chr_store_expire(s, 500, &n, &err) == CHR_OK && n == 2,
	   "both retracted at 500 expire");
	chr_store_commit(s, &err);
	chr_store_list(s, &l, &err);
	ok(l.len == 0, "the store is empty");
	chr_store_events_free(&l);
	chr_store_close(s);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/chronicle-unit-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		ok(0, "make a temporary folder");
		return tap_done();
	}
	test_paths();
	test_durations();
	test_config();
	test_store();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		ok(0, "remove the temporary folder");
	return tap_done();
}
