/*
 * chr_build: one incremental build of a feed.
 *
 * Order matters for crash safety. Everything the build learns goes into
 * one store transaction; the outputs are rendered from the store into
 * temporary files in the output folder and fsync'd; then the store
 * commits; then the files are renamed over the old ones. A build killed
 * before the commit leaves store and outputs as they were; one killed
 * after it leaves old but whole outputs, and the next build, finding its
 * rendering differs from what is on disk, replaces them. Outputs whose
 * bytes would not change are not touched at all.
 *
 * Change detection hashes every source file (SHA-1 of its bytes) and
 * parses only the ones whose hash the store does not have: no mtime
 * games, so an edit within the same second, or a file copied back with
 * an old mtime, is still seen.
 */
#include "feed/feed.h"
#include "event/event.h"
#include "store/store.h"
#include "reader_id.h" /* CHR_READER_ID, made by the Makefile */

#include <dirent.h>
#include <errno.h>
#include <libical/ical.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUTPUT_LIMIT ((size_t)1 << 30)
#define TMP_PREFIX ".chronicle-tmp-"
#define LOCK_NAME ".chronicle.lock"

typedef chr_status (*writer_fn)(const chr_event *const *events, size_t n,
                                const chr_feed *feed, const chr_sink *sink,
                                chr_error *err);

/* The outputs a build writes, in this order. */
static const struct output {
	const char *name;
	writer_fn write;
} outputs[] = {
	{ "calendar.ics", chr_write_ics },
	{ "atom.xml", chr_write_atom },
	{ "rss.xml", chr_write_rss },
	{ "events.json", chr_write_json },
	/* The timeline page; the one output whose bytes depend on the day,
	 * so it alone is rendered with the build time (see render). */
	{ "index.html", chr_write_html },
};

#define N_OUTPUTS CHR_ARRAY_LEN(outputs)

typedef struct build {
	const chr_config *cfg;
	int64_t now;
	chr_build_report *rep;
	chr_error *err;
	chr_store *store;
	char *feed_dir;            /* the feed file's folder, "" for "." */
	char *tmp[N_OUTPUTS];      /* rendered, waiting for rename; or NULL */
	char *final[N_OUTPUTS];
	chr_buf scratch;
	chr_finder *finder;        /* the date core's memory, for every source */
	bool reader_set;           /* the store's reader fingerprint changed */
} build;

/* ---- files ------------------------------------------------------------------ */

static chr_status mkdirs(const char *path, chr_error *err)
{
	char *p = malloc(strlen(path) + 1);
	if (!p)
		return chr_fail(err, CHR_ENOMEM, path, "out of memory");
	strcpy(p, path);
	for (char *s = p + 1; ; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			chr_status rc = chr_fail(err, CHR_EIO, p, "cannot create folder: %s",
			                         strerror(errno));
			free(p);
			return rc;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return CHR_OK;
}

/* SHA-1 of a file's bytes as 40 hex digits. */
static chr_status hash_file(const char *path, char out[41], chr_error *err)
{
	unsigned char buf[65536], digest[20];
	chr_sha1 c;
	size_t n;
	struct stat st;
	/* Without O_NONBLOCK, opening a named pipe waits for a writer: a
	 * source that is one would hold the build (and a server's rebuilds)
	 * for ever. Only regular files are documents. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return chr_fail(err, CHR_EIO, path, "%s", strerror(errno));
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return chr_fail(err, CHR_EIO, path, "%s", strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return chr_fail(err, CHR_EINPUT, path,
		                "not a regular file (a named pipe, socket or device), skipped");
	}
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		int e = errno;
		close(fd);
		return chr_fail(err, CHR_ENOMEM, path, "%s", strerror(e));
	}
	chr_sha1_init(&c);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		chr_sha1_update(&c, buf, n);
	bool bad = ferror(f) != 0;
	fclose(f);
	if (bad)
		return chr_fail(err, CHR_EIO, path, "read error");
	chr_sha1_final(&c, digest);
	for (int i = 0; i < 20; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
	return CHR_OK;
}

static chr_status buf_write(void *userdata, const void *data, size_t len)
{
	return chr_buf_add(userdata, data, len);
}

/* True when the file at path holds exactly data[0..len). */
static bool same_bytes(const char *path, const char *data, size_t len)
{
	char buf[65536];
	size_t at = 0, n;
	struct stat st;
	/* Non-blocking, and only a regular file: a named pipe put in place of
	 * an output would otherwise hold the build (and the folder's lock,
	 * and a server's rebuilds) until a writer came. Anything else is not
	 * the output, and the rename replaces it. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return false;
	}
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		return false;
	}
	bool same = true;
	while (same && (n = fread(buf, 1, sizeof buf, f)) > 0) {
		if (n > len - at || memcmp(buf, data + at, n) != 0)
			same = false;
		at += n;
	}
	if (ferror(f) || at != len)
		same = false;
	fclose(f);
	return same;
}

/* Writes data to a new temporary file in dir and fsyncs it; *tmp names it. */
static chr_status write_tmp(const char *dir, const char *name, const char *data,
                            size_t len, char **tmp, chr_error *err)
{
	size_t n = strlen(dir) + strlen(TMP_PREFIX) + strlen(name) + 16;
	char *path = malloc(n);
	if (!path)
		return chr_fail(err, CHR_ENOMEM, dir, "out of memory");
	snprintf(path, n, "%s/" TMP_PREFIX "%s-XXXXXX", dir, name);
	int fd = mkstemp(path);
	if (fd < 0) {
		chr_status rc = chr_fail(err, CHR_EIO, dir, "cannot create a file: %s",
		                         strerror(errno));
		free(path);
		return rc;
	}
	/* mkstemp makes it 0600; outputs are for publishing. */
	fchmod(fd, 0644);
	size_t at = 0;
	while (at < len) {
		ssize_t w = write(fd, data + at, len - at);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		at += (size_t)w;
	}
	int e = at == len ? 0 : errno;
	if (!e && fsync(fd) != 0)
		e = errno;
	if (close(fd) != 0 && !e)
		e = errno;
	if (e) {
		unlink(path);
		chr_status rc = chr_fail(err, CHR_EIO, path, "%s", strerror(e ? e : EIO));
		free(path);
		return rc;
	}
	*tmp = path;
	return CHR_OK;
}

/* Removes what killed builds left behind. Only called under the lock. */
static void remove_stale(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) != 0)
			continue;
		char *p = chr_feed_path_join(dir, de->d_name);
		if (p)
			unlink(p);
		free(p);
	}
	closedir(d);
}

static chr_status lock_dir(const char *dir, bool no_wait, int *fd_out, chr_error *err)
{
	char *p = chr_feed_path_join(dir, LOCK_NAME);
	if (!p)
		return chr_fail(err, CHR_ENOMEM, dir, "out of memory");
	int fd = open(p, O_RDWR | O_CREAT, 0644);
	if (fd < 0) {
		chr_status rc = chr_fail(err, CHR_EIO, p, "%s", strerror(errno));
		free(p);
		return rc;
	}
	struct flock fl;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	while (fcntl(fd, no_wait ? F_SETLK : F_SETLKW, &fl) != 0) {
		if (errno == EINTR)
			continue;
		chr_status rc = no_wait && (errno == EAGAIN || errno == EACCES)
		        ? chr_fail(err, CHR_EIO, p, "another build of this feed is running "
		                   "(it holds this lock); not built now")
		        : chr_fail(err, CHR_EIO, p, "cannot lock: %s", strerror(errno));
		close(fd);
		free(p);
		return rc;
	}
	free(p);
	*fd_out = fd;
	return CHR_OK;
}

static chr_status sync_dir(const char *dir, chr_error *err)
{
	int fd = open(dir, O_RDONLY);
	if (fd < 0)
		return chr_fail(err, CHR_EIO, dir, "%s", strerror(errno));
	int r = fsync(fd);
	int e = errno;
	close(fd);
	/* Some file systems cannot sync a folder; the renames still stand. */
	if (r != 0 && e != EINVAL && e != EROFS)
		return chr_fail(err, CHR_EIO, dir, "%s", strerror(e));
	return CHR_OK;
}

/* ---- documents ---------------------------------------------------------------- */

/* The name a source goes by in the store, the UIDs and the outputs: its
 * path from the feed file's folder, so that the feed can move. */
static const char *doc_uri(const build *b, const char *path)
{
	size_t n = strlen(b->feed_dir);
	if (n && strncmp(path, b->feed_dir, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

static chr_status add_hashed(chr_buf *h, const char *s)
{
	chr_status rc = chr_buf_adds(h, s ? s : "");
	return rc == CHR_OK ? chr_buf_add(h, s ? "\x1f" : "\x1e", 1) : rc;
}

/* SHA-1 over everything a subscriber sees of an event. */
static chr_status content_hash(build *b, const chr_event *e, char out[41])
{
	chr_status rc = CHR_OK;
	chr_buf *h = &b->scratch;
	char day[11], num[64];
	unsigned char digest[20];
	h->len = 0;
	CHECK(add_hashed(h, e->doc));
	CHECK(add_hashed(h, e->url));
	chr_date_format(e->start, day);
	CHECK(add_hashed(h, day));
	chr_date_format(e->end, day);
	CHECK(add_hashed(h, day));
	CHECK(add_hashed(h, chr_precision_name(e->precision)));
	CHECK(add_hashed(h, chr_mod_name(e->mod)));
	snprintf(num, sizeof num, "%d:%d-%d:%d tz%d:%d", e->hour, e->minute,
	         e->end_hour, e->end_minute, e->has_tz ? 1 : 0,
	         e->has_tz ? e->tz_minutes : 0);
	CHECK(add_hashed(h, num));
	CHECK(add_hashed(h, e->title));
	CHECK(add_hashed(h, e->location));
	CHECK(add_hashed(h, e->sentence));
	CHECK(add_hashed(h, e->date_text));
	CHECK(add_hashed(h, chr_event_status_name(e->status)));
	chr_date_format(e->published, day);
	CHECK(add_hashed(h, chr_date_valid(e->published) ? day : NULL));
	chr_sha1_digest(h->data, h->len, digest);
	for (int i = 0; i < 20; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
cleanup:
	return rc;
}

/* A document under the name the build gives it, with what the reader
 * knew about it. */
static chr_doc *renamed(const chr_doc *doc, const char *opened, const char *uri)
{
	const char *given = chr_doc_uri(doc);
	size_t n = strlen(opened);
	chr_buf name;
	chr_buf_init(&name, 0);
	/* A reader that splits a file (feed items) may name each part
	 * "PATH#..." or by its own URL; keep what tells them apart. */
	if (strncmp(given, opened, n) == 0) {
		if (chr_buf_adds(&name, uri) != CHR_OK ||
		    chr_buf_adds(&name, given + n) != CHR_OK) {
			chr_buf_free(&name);
			return NULL;
		}
	} else if (chr_buf_adds(&name, given) != CHR_OK) {
		chr_buf_free(&name);
		return NULL;
	}
	chr_doc *d = chr_doc_new(name.data, chr_doc_text(doc), chr_doc_len(doc));
	chr_buf_free(&name);
	if (!d)
		return NULL;
	chr_pub_source src;
	chr_date pub = chr_doc_published(doc, &src);
	if ((chr_doc_title(doc) && !chr_doc_set_title(d, chr_doc_title(doc))) ||
	    (chr_doc_url(doc) && !chr_doc_set_url(d, chr_doc_url(doc)))) {
		chr_doc_free(d);
		return NULL;
	}
	if (src != CHR_PUB_NONE)
		chr_doc_set_published(d, pub, src);
	return d;
}

static chr_status put_events(build *b, const chr_events *events, size_t base,
                             const char *source)
{
	chr_status rc = CHR_OK;
	chr_span *spans = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < chr_events_count(events); i++) {
		chr_event e = *chr_events_get(events, i);
		char hash[41];
		chr_store_change change;
		if (e.n_mentions > cap) {
			chr_span *p = realloc(spans, e.n_mentions * sizeof *p);
			if (!p) {
				rc = chr_fail(b->err, CHR_ENOMEM, NULL, "out of memory");
				goto cleanup;
			}
			spans = p;
			cap = e.n_mentions;
		}
		for (size_t k = 0; k < e.n_mentions; k++) {
			spans[k] = e.mentions[k];
			spans[k].offset += base;
		}
		e.mentions = spans;
		if (content_hash(b, &e, hash) != CHR_OK) {
			rc = chr_fail(b->err, CHR_ENOMEM, NULL, "out of memory");
			goto cleanup;
		}
		CHECK(chr_store_event_put(b->store, &e, source, hash, b->now, &change, b->err));
		if (change == CHR_STORE_NEW)
			b->rep->events_new++;
		else if (change == CHR_STORE_CHANGED)
			b->rep->events_changed++;
	}
cleanup:
	free(spans);
	return rc;
}

static void warn(build *b, const chr_error *e, const char *path)
{
	b->rep->documents_failed++;
	if (!b->rep->warning[0])
		snprintf(b->rep->warning, sizeof b->rep->warning, "%.250s: %.250s",
		         e->file[0] ? e->file : path,
		         e->problem[0] ? e->problem : chr_status_str(e->status));
}

/*
 * Reads a new or changed source and records its events. A source the
 * reader refuses is reported in the report and keeps what the store
 * had; only store errors end the build.
 */
static chr_status ingest(build *b, const char *path, const char *uri,
                         const char *hash, const chr_store_doc *old,
                         bool *read_ok)
{
	chr_status rc = CHR_OK;
	chr_reader *r = NULL;
	chr_error rerr;
	chr_date pub = { 0, 0, 0 }, doc_pub = { 0, 0, 0 };
	bool first = true;
	*read_ok = false;
	memset(&rerr, 0, sizeof rerr);

	if (chr_reader_open(path, &r, &rerr) != CHR_OK) {
		warn(b, &rerr, path);
		return CHR_OK;
	}
	for (;;) {
		chr_doc *raw = NULL, *doc = NULL;
		chr_mentions *list = NULL;
		chr_events *events = NULL;
		size_t base = 0;
		chr_status st = chr_reader_next(r, &raw, &base, &rerr);
		if (st != CHR_OK) {
			warn(b, &rerr, path);
			chr_reader_close(r);
			/* The document keeps its old hash, so the next build
			 * reads it again; nothing of it is retracted now. */
			return CHR_OK;
		}
		if (!raw)
			break;
		if (base == 0)
			pub.year = pub.month = pub.day = 0; /* a new document */
		doc = renamed(raw, path, uri);
		chr_doc_free(raw);
		if (!doc) {
			rc = chr_fail(b->err, CHR_ENOMEM, path, "out of memory");
			break;
		}
		rc = chr_finder_find(b->finder, doc, pub, &list, b->err);
		if (rc == CHR_OK)
			rc = chr_events_find(doc, list, b->cfg->id, &events, b->err);
		if (rc == CHR_OK)
			rc = put_events(b, events, base, uri);
		if (rc == CHR_OK && base == 0) {
			chr_pub_source src;
			chr_date p = chr_doc_published(doc, &src);
			if (src != CHR_PUB_NONE)
				pub = p;
			if (first)
				doc_pub = p;
			first = false;
		}
		chr_events_free(events);
		chr_mentions_free(list);
		chr_doc_free(doc);
		if (rc != CHR_OK)
			break;
	}
	chr_reader_close(r);
	if (rc != CHR_OK)
		return rc;

	chr_store_doc d;
	memset(&d, 0, sizeof d);
	d.uri = uri;
	snprintf(d.hash, sizeof d.hash, "%s", hash);
	d.published = doc_pub;
	d.first_seen = old ? old->first_seen : b->now;
	CHECK(chr_store_doc_put(b->store, &d, b->err));
	/* Everything of this document that this read did not produce. */
	CHECK(chr_store_retract(b->store, uri, b->now, &b->rep->events_cancelled,
	                        b->err));
	*read_ok = true;
cleanup:
	return rc;
}

static chr_status scan(build *b)
{
	chr_status rc = CHR_OK;
	chr_feed_files files;
	int64_t reader = 0;
	CHECK(chr_store_meta(b->store, "reader", &reader, b->err));
	/* Events made by other code (an older chronicle, or a newer one):
	 * every source is read again, so that what this reader finds reaches
	 * the articles that have not changed too. Events that come out the
	 * same stay as they are. */
	bool reread = reader != CHR_READER_ID;
	CHECK(chr_feed_files_list(b->cfg, &files, b->err));
	b->rep->documents = files.len;
	for (size_t i = 0; i < files.len; i++) {
		const char *path = files.paths[i];
		const char *uri = doc_uri(b, path);
		char hash[41];
		chr_error herr;
		chr_store_doc old;
		bool found, read_ok;
		if (hash_file(path, hash, &herr) != CHR_OK) {
			warn(b, &herr, path);
			rc = chr_store_doc_touch(b->store, uri, b->err);
			if (rc != CHR_OK)
				break;
			continue;
		}
		rc = chr_store_doc_get(b->store, uri, &old, &found, b->err);
		if (rc != CHR_OK)
			break;
		bool same = found && strcmp(old.hash, hash) == 0;
		if (same && !reread) {
			b->rep->documents_unchanged++;
			rc = chr_store_doc_touch(b->store, uri, b->err);
		} else {
			rc = ingest(b, path, uri, hash, found ? &old : NULL, &read_ok);
			if (rc == CHR_OK && read_ok) {
				if (same)
					b->rep->documents_reread++;
				else if (found)
					b->rep->documents_changed++;
				else
					b->rep->documents_new++;
			} else if (rc == CHR_OK && found) {
				rc = chr_store_doc_touch(b->store, uri, b->err);
			}
		}
		if (rc != CHR_OK)
			break;
	}
	chr_feed_files_free(&files);
	if (rc == CHR_OK && reread) {
		rc = chr_store_set_meta(b->store, "reader", CHR_READER_ID, b->err);
		b->reader_set = rc == CHR_OK;
	}
cleanup:
	return rc;
}

/* ---- outputs -------------------------------------------------------------------- */

/* now as the wall clock of the feed's readers would show it, written as
 * if it were UTC: the timeline page takes "today" from the UTC day of the
 * time it is given, and today is the readers' day. The zone was checked
 * when the feed file was read; one libical cannot load stays UTC. */
static int64_t readers_now(const char *zone, int64_t now)
{
	if (!zone || strcmp(zone, "UTC") == 0 || chr_libical_open())
		return now; /* without libical the calendar is not written either */
	icaltimezone *tz = icaltimezone_get_builtin_timezone(zone);
	icaltimezone *utc = icaltimezone_get_utc_timezone();
	if (!tz || !utc)
		return now;
	struct icaltimetype t = icaltime_from_timet_with_zone((time_t)now, 0, utc);
	icaltimezone_convert_time(&t, utc, tz);
	chr_date d = { t.year, t.month, t.day };
	if (!chr_date_valid(d))
		return now;
	return (int64_t)chr_date_to_days(d) * 86400 + t.hour * 3600 + t.minute * 60 +
	       t.second;
}

static chr_status render(build *b, const chr_store_events *list, int64_t stamp)
{
	chr_status rc = CHR_OK;
	const chr_config *cfg = b->cfg;
	const chr_event **ptrs = malloc((list->len ? list->len : 1) * sizeof *ptrs);
	chr_events *merged = NULL;
	chr_buf out;
	chr_buf_init(&out, OUTPUT_LIMIT);
	if (!ptrs)
		return chr_fail(b->err, CHR_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < list->len; i++)
		ptrs[i] = &list->items[i];
	/* The store keeps each document's events; subscribers see one event
	 * per happening, under the UID of the document that told of it
	 * first, so a UID already published stays when another joins. */
	CHECK(chr_events_merge(ptrs, list->len, &merged, b->err));
	size_t n = chr_events_count(merged);
	for (size_t i = 0; i < n; i++)
		ptrs[i] = chr_events_get(merged, i);
	b->rep->events = n;

	chr_feed feed;
	memset(&feed, 0, sizeof feed);
	feed.id = cfg->id;
	feed.title = cfg->title;
	feed.description = cfg->description;
	feed.base_url = cfg->base_url;
	feed.author = cfg->author;
	feed.calendar_precision = cfg->calendar_precision;
	feed.refresh_minutes = cfg->refresh_minutes;

	for (size_t k = 0; k < N_OUTPUTS; k++) {
		chr_sink sink = { buf_write, &out };
		out.len = 0;
		/* The stamp, not the clock: an unchanged feed renders the
		 * same bytes. But the timeline tells upcoming from past by
		 * feed.now's day, and the stamp would keep an event
		 * "upcoming" long after it ended when nothing else changes.
		 * Its bytes follow the build time only as events start and
		 * end (in the readers' zone), so an unchanged build rewrites
		 * nothing in between. */
		feed.now = outputs[k].write == chr_write_html
		                   ? readers_now(cfg->timezone, b->now)
		                   : stamp;
		CHECK(outputs[k].write(ptrs, n, &feed, &sink, b->err));
		b->final[k] = chr_feed_path_join(cfg->output_dir, outputs[k].name);
		if (!b->final[k]) {
			rc = chr_fail(b->err, CHR_ENOMEM, NULL, "out of memory");
			goto cleanup;
		}
		if (same_bytes(b->final[k], out.data ? out.data : "", out.len))
			continue;
		CHECK(write_tmp(cfg->output_dir, outputs[k].name,
		                out.data ? out.data : "", out.len, &b->tmp[k], b->err));
	}
cleanup:
	chr_buf_free(&out);
	chr_events_free(merged);
	free(ptrs);
	return rc;
}

static chr_status publish(build *b)
{
	chr_status rc = CHR_OK;
	bool any = false;
	for (size_t k = 0; k < N_OUTPUTS; k++) {
		if (!b->tmp[k])
			continue;
		if (rename(b->tmp[k], b->final[k]) != 0) {
			rc = chr_fail(b->err, CHR_EIO, b->final[k], "%s", strerror(errno));
			goto cleanup;
		}
		free(b->tmp[k]);
		b->tmp[k] = NULL;
		b->rep->outputs_written++;
		any = true;
	}
	if (any)
		CHECK(sync_dir(b->cfg->output_dir, b->err));
cleanup:
	return rc;
}

/* The first 63 bits of a SHA-1, never 0 (0 is "none recorded"). */
static int64_t sha1_key(chr_sha1 *h)
{
	unsigned char d[20];
	uint64_t v = 0;
	chr_sha1_final(h, d);
	for (int i = 0; i < 8; i++)
		v = v << 8 | d[i];
	v &= INT64_MAX;
	return (int64_t)(v ? v : 1);
}

static void key_str(chr_sha1 *h, const char *s)
{
	/* each string with its NUL; a missing one as a byte no string holds */
	if (s)
		chr_sha1_update(h, s, strlen(s) + 1);
	else
		chr_sha1_update(h, "\xff", 1);
}

/* What the outputs are made from besides the events: the code that
 * writes them, the feed's settings, the stamp, and the readers' day,
 * from which the timeline page counts what is upcoming. */
static int64_t render_key(const build *b, int64_t stamp)
{
	const chr_config *c = b->cfg;
	chr_sha1 h;
	chr_sha1_init(&h);
	int64_t nums[] = { CHR_BUILD_ID, stamp, readers_now(c->timezone, b->now) / 86400,
	                   (int64_t)c->calendar_precision, c->refresh_minutes, c->keep_cancelled };
	chr_sha1_update(&h, nums, sizeof nums);
	const char *strs[] = { c->id, c->title, c->description, c->base_url, c->author,
	                       c->timezone, c->output_dir };
	for (size_t i = 0; i < CHR_ARRAY_LEN(strs); i++)
		key_str(&h, strs[i]);
	return sha1_key(&h);
}

/* The output files as they are (size, change time, inode), or 0 when one
 * is missing: a file replaced or edited since the last build is made
 * again. */
static int64_t outputs_sig(const build *b)
{
	chr_sha1 h;
	chr_sha1_init(&h);
	for (size_t k = 0; k < N_OUTPUTS; k++) {
		char *path = chr_feed_path_join(b->cfg->output_dir, outputs[k].name);
		struct stat st;
		bool ok = path && stat(path, &st) == 0;
		free(path);
		if (!ok)
			return 0;
		int64_t v[5] = { (int64_t)st.st_size, (int64_t)st.st_mtim.tv_sec,
		                 (int64_t)st.st_mtim.tv_nsec, (int64_t)st.st_ino,
		                 (int64_t)st.st_dev };
		chr_sha1_update(&h, v, sizeof v);
	}
	return sha1_key(&h);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;
	if (slash && n == 0)
		n = 1;
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, path, n);
		d[n] = '\0';
	}
	return d;
}

/* A store at the path of an output (by name, or the same file under
 * another) would have that output renamed over it, and with it every
 * event's history: refused before anything is written. */
static chr_status check_store_path(const chr_config *cfg, chr_error *err)
{
	struct stat db, st;
	bool have_db = stat(cfg->database, &db) == 0;
	for (size_t k = 0; k < N_OUTPUTS; k++) {
		char *p = chr_feed_path_join(cfg->output_dir, outputs[k].name);
		if (!p)
			return chr_fail(err, CHR_ENOMEM, cfg->path, "out of memory");
		bool same = strcmp(p, cfg->database) == 0 ||
		            (have_db && stat(p, &st) == 0 && st.st_dev == db.st_dev &&
		             st.st_ino == db.st_ino);
		free(p);
		if (same)
			return chr_fail(err, CHR_EINPUT, cfg->path,
			                "database %s would be overwritten by an output (%s); "
			                "give the feed another 'database'",
			                cfg->database, outputs[k].name);
	}
	return CHR_OK;
}

chr_status chr_build(const chr_config *cfg, int64_t now,
                     chr_build_report *report, chr_error *err)
{
	chr_status rc = CHR_OK;
	chr_build_report local;
	chr_store_events list;
	int lock = -1;
	int64_t stamp = 0;
	build b;
	memset(&b, 0, sizeof b);
	memset(&list, 0, sizeof list);
	if (!report)
		report = &local;
	memset(report, 0, sizeof *report);
	for (size_t k = 0; k < N_OUTPUTS && k < CHR_ARRAY_LEN(report->outputs); k++)
		report->outputs[report->n_outputs++] = outputs[k].name;
	b.cfg = cfg;
	b.now = now;
	b.rep = report;
	b.err = err;
	chr_buf_init(&b.scratch, 0);

	b.feed_dir = dir_of(cfg->path);
	b.finder = chr_finder_new();
	if (!b.feed_dir || !b.finder) {
		rc = chr_fail(err, CHR_ENOMEM, cfg->path, "out of memory");
		goto cleanup;
	}
	CHECK(check_store_path(cfg, err));
	CHECK(mkdirs(cfg->output_dir, err));
	CHECK(lock_dir(cfg->output_dir, cfg->build_no_wait, &lock, err));
	remove_stale(cfg->output_dir);
	char *db_dir = dir_of(cfg->database);
	if (!db_dir) {
		rc = chr_fail(err, CHR_ENOMEM, cfg->path, "out of memory");
		goto cleanup;
	}
	rc = db_dir[0] ? mkdirs(db_dir, err) : CHR_OK;
	free(db_dir);
	CHECK(rc);

	CHECK(chr_store_open(cfg->database, &b.store, err));
	CHECK(chr_store_begin(b.store, err));
	CHECK(scan(&b));
	CHECK(chr_store_doc_sweep(b.store, now, &report->documents_removed,
	                          &report->events_cancelled, err));
	CHECK(chr_store_expire(b.store, now - cfg->keep_cancelled,
	                       &report->events_expired, err));
	CHECK(chr_store_meta(b.store, "stamp", &stamp, err));
	/* The outputs' stamp moves only when their events do: a document
	 * read again can give the same events (an edit elsewhere in the
	 * text), and then the outputs stay byte for byte what they were. */
	bool learnt = report->documents_new || report->documents_changed ||
	              report->documents_removed || b.reader_set;
	bool changed = report->events_new || report->events_changed ||
	               report->events_cancelled || report->events_expired ||
	               stamp == 0;
	if (changed) {
		stamp = now;
		CHECK(chr_store_set_meta(b.store, "stamp", stamp, err));
	}
	report->stamp = stamp;
	/* Rendering is most of a build that learnt nothing (merging and
	 * writing every event of a large feed), which is what a server
	 * polling it mostly runs. When the events, what else the outputs are
	 * made from (render_key) and the files left last time are all as
	 * they were, the outputs would come out byte for byte the same. An
	 * empty feed's page tells the build time, so it is always made. */
	int64_t key = render_key(&b, stamp), last_key = 0, last_events = 0, last_files = 0;
	CHECK(chr_store_meta(b.store, "render", &last_key, err));
	CHECK(chr_store_meta(b.store, "render_events", &last_events, err));
	CHECK(chr_store_meta(b.store, "render_outputs", &last_files, err));
	if (!changed && !learnt && key == last_key && last_events > 0 && last_files != 0 &&
	    outputs_sig(&b) == last_files) {
		report->events = (size_t)last_events;
		chr_store_rollback(b.store);
		goto cleanup;
	}
	CHECK(chr_store_list(b.store, &list, err));
	report->events = list.len;
	CHECK(render(&b, &list, stamp));
	bool rendered_new = key != last_key || (int64_t)report->events != last_events;
	if (rendered_new) {
		CHECK(chr_store_set_meta(b.store, "render", key, err));
		CHECK(chr_store_set_meta(b.store, "render_events", (int64_t)report->events, err));
	}
	/* A build that learnt nothing only moved the seen marks, which mean
	 * nothing outside their build: dropping them spares the store a
	 * write and its fsyncs. */
	if (changed || learnt || rendered_new) {
		/* Files still to be renamed into place: until they are, the
		 * ones on disk are not what the store now says the outputs
		 * are, yet they still match the old mark. A build killed
		 * between this commit and the renames would leave that mark,
		 * and the next one, learning nothing, would take the old
		 * files for current and never write the committed events. */
		bool pending = false;
		for (size_t k = 0; k < N_OUTPUTS; k++)
			pending |= b.tmp[k] != NULL;
		if (pending && last_files != 0) {
			CHECK(chr_store_set_meta(b.store, "render_outputs", 0, err));
			last_files = 0;
		}
		CHECK(chr_store_commit(b.store, err));
	} else {
		chr_store_rollback(b.store);
	}
	CHECK(publish(&b));
	/* The files as this build left them, on their own: a crash before
	 * this leaves the old mark (or none), and the next build renders
	 * again. */
	int64_t files = outputs_sig(&b);
	if (files != last_files)
		CHECK(chr_store_set_meta(b.store, "render_outputs", files, err));
cleanup:
	for (size_t k = 0; k < N_OUTPUTS; k++) {
		if (b.tmp[k])
			unlink(b.tmp[k]);
		free(b.tmp[k]);
		free(b.final[k]);
	}
	chr_store_events_free(&list);
	chr_store_close(b.store); /* rolls back unless committed */
	if (lock >= 0)
		close(lock);
	free(b.feed_dir);
	chr_finder_free(b.finder);
	chr_buf_free(&b.scratch);
	return rc;
}
