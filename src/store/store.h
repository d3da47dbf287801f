/*
 * Private: the event store. A narrow interface, so that a PostgreSQL
 * backend could join the SQLite one: open, begin, look up / put / sweep
 * documents, upsert events, retract and expire, list, commit or rollback,
 * close. Every write happens inside begin..commit; a build is one
 * transaction, so a killed build leaves the store as it was.
 *
 * Each build marks what it saw (documents by uri, events by uid);
 * whatever a re-read document no longer mentions is retracted: its
 * status becomes cancelled, SEQUENCE+1, LAST-MODIFIED now, and it stays
 * until expired.
 */
#ifndef CHR_STORE_STORE_H
#define CHR_STORE_STORE_H

#include "chronicle.h"
#include "util/util.h"

#include <stdint.h>

#define CHR_STORE_SCHEMA 2 /* PRAGMA user_version of a current store */

typedef struct chr_store chr_store;

/* A source document as the store remembers it. */
typedef struct chr_store_doc {
	const char *uri;
	char hash[41];       /* SHA-1 of its bytes, lowercase hex */
	chr_date published;  /* zero when unknown */
	int64_t first_seen;
} chr_store_doc;

/* What an upsert did to an event. */
typedef enum chr_store_change {
	CHR_STORE_SAME,      /* content as stored: nothing written */
	CHR_STORE_NEW,       /* first seen: SEQUENCE 0 */
	CHR_STORE_CHANGED    /* content changed or came back: SEQUENCE+1 */
} chr_store_change;

/* Events as listed from the store; the strings belong to the list. */
typedef struct chr_store_events {
	chr_event *items;
	size_t len, cap;
	char **strings;      /* every owned string, freed together */
	size_t n_strings, cap_strings;
	chr_span *spans;     /* every event's mentions, one array */
	size_t n_spans, cap_spans;
} chr_store_events;

/**
 * Opens (creating when missing) the store at path, in WAL mode, and
 * brings its schema to CHR_STORE_SCHEMA, migrating older versions in one
 * transaction. A store from a newer chronicle, or a file that is not a
 * store, is CHR_EINPUT.
 */
chr_status chr_store_open(const char *path, chr_store **out, chr_error *err);
void chr_store_close(chr_store *s);

/** Starts the build's one write transaction (waiting for another writer
 * for a while). */
chr_status chr_store_begin(chr_store *s, chr_error *err);
chr_status chr_store_commit(chr_store *s, chr_error *err);
/** Undoes everything since begin. Safe to call when none is open. */
void chr_store_rollback(chr_store *s);

/** The stored record of uri; *found false when there is none. d->uri is
 * borrowed until the next call. */
chr_status chr_store_doc_get(chr_store *s, const char *uri, chr_store_doc *d,
                             bool *found, chr_error *err);
/** Inserts or replaces a document and marks it seen by this build. */
chr_status chr_store_doc_put(chr_store *s, const chr_store_doc *d,
                             chr_error *err);
/** Marks a document seen by this build without changing it. */
chr_status chr_store_doc_touch(chr_store *s, const char *uri, chr_error *err);
/**
 * Deletes every document this build did not see and retracts its events;
 * adds to *docs and *events how many.
 */
chr_status chr_store_doc_sweep(chr_store *s, int64_t now, size_t *docs,
                               size_t *events, chr_error *err);

/**
 * Records e, found in the source document source (a chr_store_doc uri;
 * e->doc may name a part of it), as seen by this build. content_hash
 * names everything a subscriber sees of it; when it differs from the
 * stored one, or the event had been retracted, SEQUENCE grows by one and
 * LAST-MODIFIED becomes now. A UID this build already recorded is left
 * as the first put made it (CHR_STORE_SAME).
 */
chr_status chr_store_event_put(chr_store *s, const chr_event *e,
                               const char *source, const char *content_hash, int64_t now,
                               chr_store_change *change, chr_error *err);
/** Retracts the events of source document doc_uri this build did not see; adds the count
 * to *n. */
chr_status chr_store_retract(chr_store *s, const char *doc_uri, int64_t now,
                             size_t *n, chr_error *err);
/** Drops events retracted at or before before; adds the count to *n. */
chr_status chr_store_expire(chr_store *s, int64_t before, size_t *n,
                            chr_error *err);

/** A number the builds keep in the store's meta table (0 when none is
 * recorded, as in a store of an older chronicle), and setting it; outside
 * a transaction a set is one of its own. The keys: "stamp" (when
 * anything in the feed last changed, Unix seconds), "reader" (the
 * fingerprint of the reader that made the stored events), "render" (what
 * the outputs were last made from), "render_events" (how many events they
 * hold), "render_outputs" (the output files as they were left). */
chr_status chr_store_meta(chr_store *s, const char *key, int64_t *value, chr_error *err);
chr_status chr_store_set_meta(chr_store *s, const char *key, int64_t value, chr_error *err);

/** Every event, retracted ones with status cancelled, ordered by uid. */
chr_status chr_store_list(chr_store *s, chr_store_events *out, chr_error *err);
void chr_store_events_free(chr_store_events *l);

#endif
