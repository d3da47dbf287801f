/*
 * The event store on SQLite.
 *
 * WAL mode lets a server read the store while a build writes it, and
 * with synchronous=FULL a commit is on disk when it returns. A build is
 * one transaction (BEGIN IMMEDIATE, so two builds queue rather than
 * deadlock): a build killed at any point leaves the last commit intact.
 *
 * Schema versions live in PRAGMA user_version. Version 1 was the first
 * layout (documents and events, no record of what a build saw and no
 * retractions); version 2 adds the seen marks, retracted_at,
 * event_sources and meta. Each step of migrate() takes a store one
 * version up, all of them inside one transaction.
 */
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUSY_MS 10000

/* Statements kept prepared for the life of the store: a build runs the
 * same few for every document, and preparing one cost more than running
 * it (a third of an unchanged build of 4,000 documents). */
enum { STMT_CACHE = 32 };

struct chr_store {
	sqlite3 *db;
	char *path;
	bool in_tx;
	int64_t build;  /* this build's number: the value of the seen marks */
	sqlite3_stmt *cache[STMT_CACHE];
	size_t n_cache;
};

static const char schema_v2[] =
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value INTEGER NOT NULL);"
	"CREATE TABLE documents ("
	"  uri TEXT PRIMARY KEY,"
	"  hash TEXT NOT NULL,"
	"  published TEXT,"
	"  first_seen INTEGER NOT NULL,"
	"  seen INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE events ("
	"  uid TEXT PRIMARY KEY,"
	"  source TEXT NOT NULL,"
	"  doc TEXT NOT NULL,"
	"  url TEXT,"
	"  start_day TEXT NOT NULL,"
	"  end_day TEXT NOT NULL,"
	"  precision TEXT NOT NULL,"
	"  mod TEXT NOT NULL,"
	"  hour INTEGER NOT NULL, minute INTEGER NOT NULL,"
	"  end_hour INTEGER NOT NULL, end_minute INTEGER NOT NULL,"
	"  tz_minutes INTEGER,"
	"  title TEXT NOT NULL,"
	"  location TEXT,"
	"  sentence TEXT,"
	"  date_text TEXT,"
	"  status TEXT NOT NULL,"
	"  published TEXT,"
	"  content_hash TEXT NOT NULL,"
	"  first_seen INTEGER NOT NULL,"
	"  last_modified INTEGER NOT NULL,"
	"  sequence INTEGER NOT NULL,"
	"  retracted_at INTEGER,"
	"  seen INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX events_source ON events(source);"
	"CREATE TABLE event_sources ("
	"  uid TEXT NOT NULL REFERENCES events(uid) ON DELETE CASCADE,"
	"  doc TEXT NOT NULL,"
	"  offset INTEGER NOT NULL,"
	"  length INTEGER NOT NULL,"
	"  PRIMARY KEY (uid, offset, length));"
	"INSERT INTO meta VALUES ('build', 0), ('stamp', 0);";

/* Version 1 to 2: what a version-1 store knew is kept; its events count
 * as seen by no build yet, and its newest change becomes the stamp. */
static const char migrate_v1_v2[] =
	"ALTER TABLE documents ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE events ADD COLUMN retracted_at INTEGER;"
	"ALTER TABLE events ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE events ADD COLUMN source TEXT NOT NULL DEFAULT '';"
	"UPDATE events SET source = doc;"
	"CREATE INDEX events_source ON events(source);"
	"CREATE TABLE event_sources ("
	"  uid TEXT NOT NULL REFERENCES events(uid) ON DELETE CASCADE,"
	"  doc TEXT NOT NULL,"
	"  offset INTEGER NOT NULL,"
	"  length INTEGER NOT NULL,"
	"  PRIMARY KEY (uid, offset, length));"
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
	"INSERT INTO meta VALUES ('build', 0),"
	"  ('stamp', (SELECT coalesce(max(last_modified), 0) FROM events));";

static chr_status db_fail(chr_store *s, chr_error *err, const char *what)
{
	int code = sqlite3_errcode(s->db);
	chr_status st = code == SQLITE_NOMEM ? CHR_ENOMEM :
	                code == SQLITE_CORRUPT || code == SQLITE_NOTADB ||
	                code == SQLITE_SCHEMA ? CHR_EINPUT : CHR_EIO;
	/* SQLite's words for a failed read or write, "disk I/O error", do
	 * not say what failed: a full disk, a file size limit. The call's
	 * errno does. (Not for "unable to open database file": SQLite tries
	 * other opens after the one that failed, and the errno left is
	 * theirs, ENOENT for a read-only file system.) */
	int sys = sqlite3_system_errno(s->db);
	if (sys && (code == SQLITE_IOERR || code == SQLITE_FULL))
		return chr_fail(err, st, s->path, "%s: %s (%s)", what, sqlite3_errmsg(s->db),
		                strerror(sys));
	return chr_fail(err, st, s->path, "%s: %s", what, sqlite3_errmsg(s->db));
}

static chr_status exec(chr_store *s, const char *sql, chr_error *err)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(s, err, "store");
	return CHR_OK;
}

/* A statement for sql, from the cache when it was prepared before (by
 * its text: a caller may build one in a buffer). Hand it back with done. */
static chr_status prepare(chr_store *s, const char *sql, sqlite3_stmt **st,
                          chr_error *err)
{
	for (size_t i = 0; i < s->n_cache; i++)
		if (strcmp(sqlite3_sql(s->cache[i]), sql) == 0) {
			*st = s->cache[i];
			sqlite3_reset(*st);
			sqlite3_clear_bindings(*st);
			return CHR_OK;
		}
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
		return db_fail(s, err, "store");
	if (s->n_cache < STMT_CACHE)
		s->cache[s->n_cache++] = *st;
	return CHR_OK;
}

/* Ends a use of a statement from prepare: a cached one is reset (which
 * also ends the read it may hold open), any other finalized. */
static void done(chr_store *s, sqlite3_stmt *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < s->n_cache; i++)
		if (s->cache[i] == st) {
			sqlite3_reset(st);
			return;
		}
	sqlite3_finalize(st);
}

/* Steps a statement that returns no rows, then hands it back. */
static chr_status run(chr_store *s, sqlite3_stmt *st, chr_error *err)
{
	int r = sqlite3_step(st);
	chr_status rc = r == SQLITE_DONE ? CHR_OK : db_fail(s, err, "store");
	done(s, st);
	return rc;
}

static chr_status int_query(chr_store *s, const char *sql, int64_t *out,
                            chr_error *err)
{
	sqlite3_stmt *st;
	chr_status rc = prepare(s, sql, &st, err);
	if (rc != CHR_OK)
		return rc;
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else if (r == SQLITE_DONE)
		*out = 0;
	else
		rc = db_fail(s, err, "store");
	done(s, st);
	return rc;
}

/* Many programs set a user_version of their own: a database at version 1
 * or 2 without the tables every chronicle store of that version has is
 * another program's, and so is one at a version below 0. Said so here,
 * rather than as the first query's "no such table". */
static chr_status check_tables(chr_store *s, int64_t version, chr_error *err)
{
	chr_status rc = CHR_OK;
	int64_t have = 0, want = 0;
	if (version == 1) {
		want = 2;
		CHECK(int_query(s, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
		                   " AND name IN ('documents', 'events')", &have, err));
	} else if (version == 2) {
		want = 4;
		CHECK(int_query(s, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
		                   " AND name IN ('meta', 'documents', 'events', 'event_sources')",
		                &have, err));
	}
	if (version < 0 || have != want)
		rc = chr_fail(err, CHR_EINPUT, s->path,
		              "not a chronicle store (schema version %lld, without its tables)",
		              (long long)version);
cleanup:
	return rc;
}

static chr_status migrate(chr_store *s, chr_error *err)
{
	chr_status rc = CHR_OK;
	int64_t version = 0, tables = 0;
	/* The common case writes nothing: a write would cost a commit. */
	CHECK(int_query(s, "PRAGMA user_version", &version, err));
	if (version == CHR_STORE_SCHEMA)
		return check_tables(s, version, err);
	CHECK(exec(s, "BEGIN IMMEDIATE", err));
	s->in_tx = true;
	CHECK(int_query(s, "PRAGMA user_version", &version, err));
	if (version > CHR_STORE_SCHEMA) {
		rc = chr_fail(err, CHR_EINPUT, s->path,
		              "store schema version %lld is newer than this chronicle's (%d)",
		              (long long)version, CHR_STORE_SCHEMA);
		goto cleanup;
	}
	if (version != 0)
		CHECK(check_tables(s, version, err));
	if (version == 0) {
		CHECK(int_query(s, "SELECT count(*) FROM sqlite_master", &tables, err));
		if (tables) {
			rc = chr_fail(err, CHR_EINPUT, s->path,
			              "not a chronicle store (it has tables but no schema version)");
			goto cleanup;
		}
		CHECK(exec(s, schema_v2, err));
		version = CHR_STORE_SCHEMA;
	}
	if (version == 1) {
		CHECK(exec(s, migrate_v1_v2, err));
		version = 2;
	}
	/* PRAGMA takes no bound parameters. */
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", (int)version);
	CHECK(exec(s, sql, err));
	CHECK(exec(s, "COMMIT", err));
	s->in_tx = false;
cleanup:
	if (rc != CHR_OK)
		chr_store_rollback(s);
	return rc;
}

chr_status chr_store_open(const char *path, chr_store **out, chr_error *err)
{
	chr_status rc = CHR_OK;
	char *file = NULL;
	*out = NULL;
	const char *no_lib = chr_libsqlite3_open();
	if (no_lib)
		return chr_fail(err, CHR_EIO, path, "%s", no_lib);
	chr_store *s = calloc(1, sizeof *s);
	if (!s || !(s->path = malloc(strlen(path) + 1))) {
		free(s);
		return chr_fail(err, CHR_ENOMEM, path, "out of memory");
	}
	strcpy(s->path, path);
	/* SQLite takes ":memory:" for a store in memory, lost when it is
	 * closed, and, built with SQLITE_USE_URI as Debian's is, "file:..."
	 * for a URI: a relative path is written "./path", which is only ever
	 * a file. */
	if (path[0] != '/') {
		file = malloc(strlen(path) + 3);
		if (!file) {
			rc = chr_fail(err, CHR_ENOMEM, path, "out of memory");
			goto cleanup;
		}
		memcpy(file, "./", 2);
		strcpy(file + 2, path);
	}
	if (sqlite3_open_v2(file ? file : path, &s->db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		rc = s->db ? db_fail(s, err, "cannot open store")
		           : chr_fail(err, CHR_ENOMEM, path, "out of memory");
		goto cleanup;
	}
	sqlite3_busy_timeout(s->db, BUSY_MS);
	sqlite3_extended_result_codes(s->db, 0);
	/* journal_mode answers with a row, so it goes through exec too. */
	CHECK(exec(s, "PRAGMA journal_mode = WAL", err));
	CHECK(exec(s, "PRAGMA synchronous = FULL", err));
	CHECK(exec(s, "PRAGMA foreign_keys = ON", err));
	CHECK(migrate(s, err));
	*out = s;
	s = NULL;
cleanup:
	free(file);
	chr_store_close(s);
	return rc;
}

void chr_store_close(chr_store *s)
{
	if (!s)
		return;
	chr_store_rollback(s);
	for (size_t i = 0; i < s->n_cache; i++)
		sqlite3_finalize(s->cache[i]);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

chr_status chr_store_begin(chr_store *s, chr_error *err)
{
	chr_status rc = CHR_OK;
	CHECK(exec(s, "BEGIN IMMEDIATE", err));
	s->in_tx = true;
	CHECK(exec(s, "UPDATE meta SET value = value + 1 WHERE key = 'build'", err));
	/* Every store has its build counter from its first open. A damaged
	 * page in meta's index hides the row without an error from SQLite,
	 * and a build numbered 0 would take every seen mark for its own. */
	if (sqlite3_changes(s->db) != 1) {
		rc = chr_fail(err, CHR_EINPUT, s->path,
		              "store is damaged: its build counter is missing "
		              "(PRAGMA integrity_check says more)");
		goto cleanup;
	}
	CHECK(int_query(s, "SELECT value FROM meta WHERE key = 'build'", &s->build, err));
cleanup:
	if (rc != CHR_OK)
		chr_store_rollback(s);
	return rc;
}

chr_status chr_store_commit(chr_store *s, chr_error *err)
{
	chr_status rc = exec(s, "COMMIT", err);
	if (rc != CHR_OK)
		chr_store_rollback(s);
	s->in_tx = false;
	return rc;
}

void chr_store_rollback(chr_store *s)
{
	if (s && s->in_tx && s->db && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	if (s)
		s->in_tx = false;
}

/* ---- documents ------------------------------------------------------------- */

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static void bind_date(sqlite3_stmt *st, int i, chr_date d)
{
	char buf[11];
	if (!chr_date_valid(d)) {
		sqlite3_bind_null(st, i);
		return;
	}
	chr_date_format(d, buf);
	sqlite3_bind_text(st, i, buf, -1, SQLITE_TRANSIENT);
}

static chr_date column_date(sqlite3_stmt *st, int i)
{
	chr_date d = { 0, 0, 0 };
	const char *t = (const char *)sqlite3_column_text(st, i);
	if (t && !chr_date_parse(t, &d))
		memset(&d, 0, sizeof d);
	return d;
}

chr_status chr_store_doc_get(chr_store *s, const char *uri, chr_store_doc *d,
                             bool *found, chr_error *err)
{
	sqlite3_stmt *st;
	chr_status rc = prepare(s, "SELECT hash, published, first_seen FROM documents"
	                           " WHERE uri = ?", &st, err);
	if (rc != CHR_OK)
		return rc;
	memset(d, 0, sizeof *d);
	*found = false;
	bind_text(st, 1, uri);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(st, 0);
		snprintf(d->hash, sizeof d->hash, "%s", h ? h : "");
		d->published = column_date(st, 1);
		d->first_seen = sqlite3_column_int64(st, 2);
		d->uri = uri;
		*found = true;
	} else if (r != SQLITE_DONE) {
		rc = db_fail(s, err, "store");
	}
	done(s, st);
	return rc;
}

chr_status chr_store_doc_put(chr_store *s, const chr_store_doc *d,
                             chr_error *err)
{
	sqlite3_stmt *st;
	chr_status rc = prepare(s, "INSERT INTO documents (uri, hash, published,"
	                           " first_seen, seen) VALUES (?, ?, ?, ?, ?)"
	                           " ON CONFLICT (uri) DO UPDATE SET hash = excluded.hash,"
	                           " published = excluded.published, seen = excluded.seen",
	                        &st, err);
	if (rc != CHR_OK)
		return rc;
	bind_text(st, 1, d->uri);
	bind_text(st, 2, d->hash);
	bind_date(st, 3, d->published);
	sqlite3_bind_int64(st, 4, d->first_seen);
	sqlite3_bind_int64(st, 5, s->build);
	return run(s, st, err);
}

chr_status chr_store_doc_touch(chr_store *s, const char *uri, chr_error *err)
{
	sqlite3_stmt *st;
	chr_status rc = prepare(s, "UPDATE documents SET seen = ? WHERE uri = ?",
	                        &st, err);
	if (rc != CHR_OK)
		return rc;
	sqlite3_bind_int64(st, 1, s->build);
	bind_text(st, 2, uri);
	return run(s, st, err);
}

static chr_status retract_where(chr_store *s, const char *where,
                                const char *doc_uri, int64_t now, size_t *n,
                                chr_error *err)
{
	char sql[512];
	sqlite3_stmt *st;
	snprintf(sql, sizeof sql,
	         "UPDATE events SET retracted_at = ?1, last_modified = ?1,"
	         " sequence = sequence + 1 WHERE retracted_at IS NULL AND %s", where);
	chr_status rc = prepare(s, sql, &st, err);
	if (rc != CHR_OK)
		return rc;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, s->build);
	if (doc_uri)
		bind_text(st, 3, doc_uri);
	rc = run(s, st, err);
	if (rc == CHR_OK && n)
		*n += (size_t)sqlite3_changes(s->db);
	return rc;
}

chr_status chr_store_doc_sweep(chr_store *s, int64_t now, size_t *docs,
                               size_t *events, chr_error *err)
{
	chr_status rc = CHR_OK;
	sqlite3_stmt *st;
	/* A document gone from the sources takes its events with it, as
	 * retractions: a subscriber's calendar must learn they are off. */
	CHECK(retract_where(s, "source IN (SELECT uri FROM documents WHERE seen <> ?2)",
	                    NULL, now, events, err));
	CHECK(prepare(s, "DELETE FROM documents WHERE seen <> ?", &st, err));
	sqlite3_bind_int64(st, 1, s->build);
	CHECK(run(s, st, err));
	if (docs)
		*docs += (size_t)sqlite3_changes(s->db);
cleanup:
	return rc;
}

/* ---- events ------------------------------------------------------------------ */

chr_status chr_store_event_put(chr_store *s, const chr_event *e,
                               const char *source, const char *content_hash, int64_t now,
                               chr_store_change *change, chr_error *err)
{
	chr_status rc = CHR_OK;
	sqlite3_stmt *st = NULL;
	bool exists = false, same = false;

	CHECK(prepare(s, "SELECT content_hash = ?2 AND retracted_at IS NULL,"
	                 " seen = ?3 FROM events WHERE uid = ?1", &st, err));
	bind_text(st, 1, e->uid);
	bind_text(st, 2, content_hash);
	sqlite3_bind_int64(st, 3, s->build);
	int r = sqlite3_step(st);
	bool twice = false;
	if (r == SQLITE_ROW) {
		exists = true;
		same = sqlite3_column_int(st, 0) != 0;
		twice = sqlite3_column_int(st, 1) != 0;
	} else if (r != SQLITE_DONE) {
		rc = db_fail(s, err, "store");
		goto cleanup;
	}
	done(s, st);
	st = NULL;
	/* The same UID twice in one build (two windows of a huge text naming
	 * the same span and title): the first stands, or every build would
	 * count a change. */
	if (twice) {
		*change = CHR_STORE_SAME;
		goto cleanup;
	}

	*change = same ? CHR_STORE_SAME : exists ? CHR_STORE_CHANGED : CHR_STORE_NEW;
	if (same) {
		CHECK(prepare(s, "UPDATE events SET seen = ? WHERE uid = ?", &st, err));
		sqlite3_bind_int64(st, 1, s->build);
		bind_text(st, 2, e->uid);
	} else {
		CHECK(prepare(s,
			"INSERT INTO events (uid, source, doc, url, start_day, end_day, precision,"
			" mod, hour, minute, end_hour, end_minute, tz_minutes, title,"
			" location, sentence, date_text, status, published, content_hash,"
			" first_seen, last_modified, sequence, retracted_at, seen)"
			" VALUES (?1, ?22, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
			" ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?20, 0, NULL, ?21)"
			" ON CONFLICT (uid) DO UPDATE SET source = excluded.source,"
			" doc = excluded.doc,"
			" url = excluded.url, start_day = excluded.start_day,"
			" end_day = excluded.end_day, precision = excluded.precision,"
			" mod = excluded.mod, hour = excluded.hour, minute = excluded.minute,"
			" end_hour = excluded.end_hour, end_minute = excluded.end_minute,"
			" tz_minutes = excluded.tz_minutes, title = excluded.title,"
			" location = excluded.location, sentence = excluded.sentence,"
			" date_text = excluded.date_text, status = excluded.status,"
			" published = excluded.published,"
			" content_hash = excluded.content_hash,"
			" last_modified = excluded.last_modified,"
			" sequence = sequence + 1, retracted_at = NULL,"
			" seen = excluded.seen", &st, err));
		bind_text(st, 1, e->uid);
		bind_text(st, 2, e->doc);
		bind_text(st, 3, e->url);
		bind_date(st, 4, e->start);
		bind_date(st, 5, e->end);
		bind_text(st, 6, chr_precision_name(e->precision));
		bind_text(st, 7, e->mod == CHR_MOD_NONE ? "" : chr_mod_name(e->mod));
		sqlite3_bind_int(st, 8, e->hour);
		sqlite3_bind_int(st, 9, e->minute);
		sqlite3_bind_int(st, 10, e->end_hour);
		sqlite3_bind_int(st, 11, e->end_minute);
		if (e->has_tz)
			sqlite3_bind_int(st, 12, e->tz_minutes);
		else
			sqlite3_bind_null(st, 12);
		bind_text(st, 13, e->title ? e->title : "");
		bind_text(st, 14, e->location);
		bind_text(st, 15, e->sentence);
		bind_text(st, 16, e->date_text);
		bind_text(st, 17, chr_event_status_name(e->status));
		bind_date(st, 18, e->published);
		bind_text(st, 19, content_hash);
		sqlite3_bind_int64(st, 20, now);
		sqlite3_bind_int64(st, 21, s->build);
		bind_text(st, 22, source);
	}
	rc = run(s, st, err);
	st = NULL;
	CHECK(rc);

	/* Where it was mentioned: offsets move with any edit above them, so
	 * they are rewritten whenever the document is read. */
	CHECK(prepare(s, "DELETE FROM event_sources WHERE uid = ?", &st, err));
	bind_text(st, 1, e->uid);
	rc = run(s, st, err);
	st = NULL;
	CHECK(rc);
	CHECK(prepare(s, "INSERT OR IGNORE INTO event_sources (uid, doc, offset,"
	                 " length) VALUES (?, ?, ?, ?)", &st, err));
	for (size_t i = 0; i < e->n_mentions; i++) {
		sqlite3_reset(st);
		bind_text(st, 1, e->uid);
		bind_text(st, 2, source);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)e->mentions[i].offset);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)e->mentions[i].length);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = db_fail(s, err, "store");
			goto cleanup;
		}
	}
cleanup:
	done(s, st);
	return rc;
}

chr_status chr_store_retract(chr_store *s, const char *doc_uri, int64_t now,
                             size_t *n, chr_error *err)
{
	return retract_where(s, "seen <> ?2 AND source = ?3", doc_uri, now, n, err);
}

chr_status chr_store_expire(chr_store *s, int64_t before, size_t *n,
                            chr_error *err)
{
	sqlite3_stmt *st;
	chr_status rc = prepare(s, "DELETE FROM events WHERE retracted_at <= ?",
	                        &st, err);
	if (rc != CHR_OK)
		return rc;
	sqlite3_bind_int64(st, 1, before);
	rc = run(s, st, err);
	if (rc == CHR_OK && n)
		*n += (size_t)sqlite3_changes(s->db);
	return rc;
}

/* The keys of meta a caller may read and set: bound, never pasted. */
static bool meta_key(const char *key)
{
	static const char *const keys[] = { "stamp", "reader", "render", "render_events",
	                                    "render_outputs" };
	for (size_t i = 0; i < CHR_ARRAY_LEN(keys); i++)
		if (strcmp(key, keys[i]) == 0)
			return true;
	return false;
}

chr_status chr_store_meta(chr_store *s, const char *key, int64_t *value, chr_error *err)
{
	sqlite3_stmt *st;
	*value = 0;
	if (!meta_key(key))
		return chr_fail(err, CHR_EINPUT, "store", "no meta key '%s'", key);
	chr_status rc = prepare(s, "SELECT value FROM meta WHERE key = ?", &st, err);
	if (rc != CHR_OK)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		*value = sqlite3_column_int64(st, 0);
	else if (r != SQLITE_DONE)
		rc = db_fail(s, err, "store");
	done(s, st);
	return rc;
}

chr_status chr_store_set_meta(chr_store *s, const char *key, int64_t value, chr_error *err)
{
	sqlite3_stmt *st;
	if (!meta_key(key))
		return chr_fail(err, CHR_EINPUT, "store", "no meta key '%s'", key);
	chr_status rc = prepare(s, "INSERT OR REPLACE INTO meta VALUES (?, ?)", &st, err);
	if (rc != CHR_OK)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, value);
	return run(s, st, err);
}

/* ---- listing --------------------------------------------------------------------- */

/* Copies column i (NULL stays NULL) into the list's strings. */
static chr_status keep_text(chr_store_events *l, sqlite3_stmt *st, int i,
                            const char **out)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	*out = NULL;
	if (!t)
		return CHR_OK;
	if (chr_grow((void **)&l->strings, &l->cap_strings, l->n_strings,
	             sizeof *l->strings, 64) != CHR_OK)
		return CHR_ENOMEM;
	size_t n = (size_t)sqlite3_column_bytes(st, i);
	char *p = malloc(n + 1);
	if (!p)
		return CHR_ENOMEM;
	memcpy(p, t, n);
	p[n] = '\0';
	l->strings[l->n_strings++] = p;
	*out = p;
	return CHR_OK;
}

static chr_precision precision_from(const char *s)
{
	for (int p = CHR_PREC_DAY; p <= CHR_PREC_CENTURY; p++)
		if (s && strcmp(s, chr_precision_name((chr_precision)p)) == 0)
			return (chr_precision)p;
	return CHR_PREC_DAY;
}

static chr_mod mod_from(const char *s)
{
	for (int m = CHR_MOD_EARLY; m <= CHR_MOD_APPROX; m++)
		if (s && strcmp(s, chr_mod_name((chr_mod)m)) == 0)
			return (chr_mod)m;
	return CHR_MOD_NONE;
}

static chr_event_status status_from(const char *s)
{
	if (s && strcmp(s, "cancelled") == 0)
		return CHR_EVENT_CANCELLED;
	if (s && strcmp(s, "tentative") == 0)
		return CHR_EVENT_TENTATIVE;
	return CHR_EVENT_CONFIRMED;
}

chr_status chr_store_list(chr_store *s, chr_store_events *l, chr_error *err)
{
	chr_status rc = CHR_OK;
	sqlite3_stmt *st = NULL;
	int r;
	memset(l, 0, sizeof *l);

	CHECK(prepare(s,
		"SELECT uid, doc, url, start_day, end_day, precision, mod, hour,"
		" minute, end_hour, end_minute, tz_minutes, title, location,"
		" sentence, date_text, status, published, first_seen,"
		" last_modified, sequence, retracted_at IS NOT NULL"
		" FROM events ORDER BY uid", &st, err));
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (chr_grow((void **)&l->items, &l->cap, l->len, sizeof *l->items,
		             64) != CHR_OK) {
			rc = chr_fail(err, CHR_ENOMEM, s->path, "out of memory");
			goto cleanup;
		}
		chr_event *e = &l->items[l->len];
		memset(e, 0, sizeof *e);
		const char *uid = (const char *)sqlite3_column_text(st, 0);
		snprintf(e->uid, sizeof e->uid, "%s", uid ? uid : "");
		rc = keep_text(l, st, 1, &e->doc);
		if (rc == CHR_OK) rc = keep_text(l, st, 2, &e->url);
		if (rc == CHR_OK) rc = keep_text(l, st, 12, &e->title);
		if (rc == CHR_OK) rc = keep_text(l, st, 13, &e->location);
		if (rc == CHR_OK) rc = keep_text(l, st, 14, &e->sentence);
		if (rc == CHR_OK) rc = keep_text(l, st, 15, &e->date_text);
		if (rc != CHR_OK) {
			rc = chr_fail(err, CHR_ENOMEM, s->path, "out of memory");
			goto cleanup;
		}
		e->start = column_date(st, 3);
		e->end = column_date(st, 4);
		e->precision = precision_from((const char *)sqlite3_column_text(st, 5));
		e->mod = mod_from((const char *)sqlite3_column_text(st, 6));
		e->hour = sqlite3_column_int(st, 7);
		e->minute = sqlite3_column_int(st, 8);
		e->end_hour = sqlite3_column_int(st, 9);
		e->end_minute = sqlite3_column_int(st, 10);
		e->has_tz = sqlite3_column_type(st, 11) != SQLITE_NULL;
		e->tz_minutes = sqlite3_column_int(st, 11);
		e->status = status_from((const char *)sqlite3_column_text(st, 16));
		e->published = column_date(st, 17);
		e->first_seen = sqlite3_column_int64(st, 18);
		e->last_modified = sqlite3_column_int64(st, 19);
		e->sequence = sqlite3_column_int(st, 20);
		if (sqlite3_column_int(st, 21)) {
			e->status = CHR_EVENT_CANCELLED;
			e->retracted = true;
		}
		l->len++;
	}
	if (r != SQLITE_DONE) {
		rc = db_fail(s, err, "store");
		goto cleanup;
	}
	done(s, st);
	st = NULL;

	/* The spans, merged in by uid: both lists are in uid order. Pointers
	 * are set once the array stops moving. */
	CHECK(prepare(s, "SELECT uid, offset, length FROM event_sources"
	                 " ORDER BY uid, offset, length", &st, err));
	size_t k = 0;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *uid = (const char *)sqlite3_column_text(st, 0);
		if (!uid)
			continue;
		while (k < l->len && strcmp(l->items[k].uid, uid) < 0)
			k++;
		if (k == l->len || strcmp(l->items[k].uid, uid) != 0)
			continue;
		if (chr_grow((void **)&l->spans, &l->cap_spans, l->n_spans,
		             sizeof *l->spans, 64) != CHR_OK) {
			rc = chr_fail(err, CHR_ENOMEM, s->path, "out of memory");
			goto cleanup;
		}
		l->spans[l->n_spans].offset = (size_t)sqlite3_column_int64(st, 1);
		l->spans[l->n_spans].length = (size_t)sqlite3_column_int64(st, 2);
		l->n_spans++;
		l->items[k].n_mentions++;
	}
	if (r != SQLITE_DONE) {
		rc = db_fail(s, err, "store");
		goto cleanup;
	}
	size_t at = 0;
	for (size_t i = 0; i < l->len; i++) {
		l->items[i].mentions = l->items[i].n_mentions ? l->spans + at : NULL;
		at += l->items[i].n_mentions;
	}
cleanup:
	done(s, st);
	if (rc != CHR_OK)
		chr_store_events_free(l);
	return rc;
}

void chr_store_events_free(chr_store_events *l)
{
	for (size_t i = 0; i < l->n_strings; i++)
		free(l->strings[i]);
	free(l->strings);
	free(l->items);
	free(l->spans);
	memset(l, 0, sizeof *l);
}
