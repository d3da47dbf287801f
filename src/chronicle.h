/*
 * chronicle: find the dates in news articles and press releases, keep the
 * ones that are events, and publish them as calendars and feeds.
 *
 * This is the one public header. It declares value records for dates,
 * mentions and events, opaque handles for documents and result lists, and
 * chr_<object>_<verb> functions. No third-party type appears here.
 *
 * Conventions:
 *   - Functions that can fail return chr_status (CHR_OK is 0) and, when an
 *     error record is passed, fill it in. Finding no date is not an error.
 *   - *_new / *_free pairs own memory; getters return borrowed pointers that
 *     live as long as their owner.
 *   - Nothing here reads the wall clock: "now" is always a parameter.
 */
#ifndef CHRONICLE_H
#define CHRONICLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CHR_VERSION "0.1.0"

/* ---- status and errors ------------------------------------------------ */

typedef enum chr_status {
	CHR_OK = 0,
	CHR_EIO,     /* a file could not be read or written */
	CHR_ENOMEM,  /* out of memory */
	CHR_EINPUT,  /* the input is not what it should be (binary, bad syntax) */
	CHR_ELIMIT,  /* a size or depth limit was reached */
	CHR_EUSAGE   /* a bad argument or option value */
} chr_status;

typedef struct chr_error {
	chr_status status;
	char problem[256]; /* one line, no trailing newline */
	char file[256];    /* may be empty */
	long line;         /* 1-based; 0 when not known */
	long column;       /* 1-based; 0 when not known */
} chr_error;

/** Fills err (if not NULL) and returns status, for `return chr_fail(...)`. */
chr_status chr_fail(chr_error *err, chr_status status, const char *file,
                    const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/** A short static description of a status code. */
const char *chr_status_str(chr_status status);

/* ---- calendar dates ----------------------------------------------------- */

/* A proleptic Gregorian calendar day. Zero in every field means "none". */
typedef struct chr_date {
	int year;  /* e.g. 2018 */
	int month; /* 1..12 */
	int day;   /* 1..31 */
} chr_date;

/** True when d names a real calendar day. */
bool chr_date_valid(chr_date d);

/** Days since 1970-01-01 (negative before). d must be valid. */
long chr_date_to_days(chr_date d);

/** The inverse of chr_date_to_days. */
chr_date chr_date_from_days(long days);

/** Compares two dates like strcmp: <0, 0 or >0. */
int chr_date_cmp(chr_date a, chr_date b);

/** Writes "YYYY-MM-DD" and a NUL into out, which holds at least 11 bytes. */
void chr_date_format(chr_date d, char out[11]);

/** Parses exactly "YYYY-MM-DD". Returns false on anything else. */
bool chr_date_parse(const char *s, chr_date *out);

/* ---- date mentions ------------------------------------------------------ */

typedef enum chr_precision {
	CHR_PREC_DAY,
	CHR_PREC_WEEK,
	CHR_PREC_MONTH,
	CHR_PREC_QUARTER,
	CHR_PREC_HALF,
	CHR_PREC_SEASON,
	CHR_PREC_YEAR,
	CHR_PREC_DECADE,
	CHR_PREC_CENTURY
} chr_precision;

typedef enum chr_mod {
	CHR_MOD_NONE,
	CHR_MOD_EARLY,
	CHR_MOD_MID,
	CHR_MOD_LATE,
	CHR_MOD_START,
	CHR_MOD_END,
	CHR_MOD_APPROX
} chr_mod;

typedef enum chr_role {
	CHR_ROLE_NONE,
	CHR_ROLE_PUBLISHED /* the document's own publication date */
} chr_role;

/* Cues the date core saw around a mention, for the event layer. */
enum {
	CHR_CUE_CANCELLED = 1u << 0, /* a date moved or postponed away from */
	CHR_CUE_TENTATIVE = 1u << 1, /* "provisionally", "to be confirmed" */
	CHR_CUE_DURATION  = 1u << 2, /* "for five years": a length, not a time */
	CHR_CUE_RELATIVE  = 1u << 3, /* resolved against the publication date */
	CHR_CUE_RANGE     = 1u << 4, /* written as a range of two points */
	CHR_CUE_ANCHORED  = 1u << 5, /* a preposition ties it to a happening */
	CHR_CUE_ANAPHOR   = 1u << 6, /* names again a time named before ("the
	                              * same day", "by that time") */
	CHR_CUE_BASELINE  = 1u << 7  /* a time figures are compared with ("the
	                              * same period last year", "this time last
	                              * year"): a time, not a happening */
};

/* What a temporal expression names. Only dates have a calendar span;
 * durations ("six years") and vague references ("recently", "now") are
 * reported so that a reader sees every time expression, but they never
 * become events. */
typedef enum chr_mention_kind {
	CHR_MENTION_DATE,
	CHR_MENTION_DURATION, /* value holds an ISO 8601 duration: "P6Y" */
	CHR_MENTION_PAST,     /* "recently", "the past" */
	CHR_MENTION_PRESENT,  /* "now", "currently" */
	CHR_MENTION_FUTURE    /* "the future", "in the long term" */
} chr_mention_kind;

/* One date expression found in a text, resolved to an inclusive span.
 * 72 bytes, its small fields in small types: a long text has a mention
 * every few hundred bytes, and they are all in memory at once. */
typedef struct chr_mention {
	chr_date start;         /* first day of the span */
	chr_date end;           /* last day of the span (inclusive) */
	size_t offset;          /* bytes into the document's text */
	size_t length;          /* bytes */
	char value[16];         /* a duration's ISO 8601 value, else empty */
	int8_t hour, minute;    /* -1 when no time of day was given */
	int8_t end_hour, end_minute; /* -1 unless a time range was given */
	int16_t tz_minutes;     /* offset east of UTC, when has_tz */
	uint16_t cues;          /* CHR_CUE_* bits */
	uint8_t kind;           /* chr_mention_kind; start/end are set only
	                           for resolved dates */
	uint8_t precision;      /* chr_precision */
	uint8_t mod;            /* chr_mod */
	uint8_t role;           /* chr_role */
	bool resolved;          /* false: a year was implicit and no
	                           publication date was known */
	bool has_tz;
} chr_mention;

/* ---- documents ---------------------------------------------------------- */

typedef struct chr_doc chr_doc;

/** Where a document's publication date came from. */
typedef enum chr_pub_source {
	CHR_PUB_NONE,
	CHR_PUB_TEXT,     /* found by the date core in the text */
	CHR_PUB_META,     /* given by the reader (HTML meta, feed item) */
	CHR_PUB_REF       /* assumed from --ref */
} chr_pub_source;

/**
 * Makes a document from UTF-8 text, which is copied. uri names it in
 * output (a path, "-" or a URL). Returns NULL when out of memory. The
 * caller frees it with chr_doc_free.
 */
chr_doc *chr_doc_new(const char *uri, const char *text, size_t len);

/**
 * Makes a document that takes ownership of text, a malloc'd buffer of at
 * least len + 1 bytes holding len bytes of UTF-8 (text[len] is set to NUL),
 * so large texts are not copied. Returns NULL when out of memory, having
 * freed text. The caller frees the document with chr_doc_free.
 */
chr_doc *chr_doc_new_own(const char *uri, char *text, size_t len);

/** chr_doc_new_own for a text that is a mapping of mapped bytes
 * (chr_map), which the document unmaps. */
chr_doc *chr_doc_new_mapped(const char *uri, char *text, size_t len, size_t mapped);

/** Frees a document and everything it owns. NULL is allowed. */
void chr_doc_free(chr_doc *doc);

/** Borrowed accessors; valid until chr_doc_free. */
const char *chr_doc_uri(const chr_doc *doc);
const char *chr_doc_text(const chr_doc *doc);
size_t chr_doc_len(const chr_doc *doc);
/** The headline or NULL. */
const char *chr_doc_title(const chr_doc *doc);
/** The canonical URL or NULL. */
const char *chr_doc_url(const chr_doc *doc);

/** Sets the headline / canonical URL (copied). Returns false without memory. */
bool chr_doc_set_title(chr_doc *doc, const char *title);
bool chr_doc_set_url(chr_doc *doc, const char *url);

/** Sets a publication date known from outside the text. */
void chr_doc_set_published(chr_doc *doc, chr_date date, chr_pub_source source);

/** The publication date (zero date when none) and where it came from. */
chr_date chr_doc_published(const chr_doc *doc, chr_pub_source *source);

/**
 * Marks the text as one window of a larger source: first when it holds
 * the source's start, last when it holds its end (a new document is
 * both). The date core looks for a publication date only in the
 * source's own head (the first window's) and last lines (the last's).
 */
void chr_doc_set_window(chr_doc *doc, bool first, bool last);

/** Whether the text holds its source's start / end (chr_doc_set_window). */
void chr_doc_window(const chr_doc *doc, bool *first, bool *last);

/** What s holds first that no URL holds as it is (RFC 3986): "a space",
 * "a control character", or one of "<>\^`{|} in quotes, written into
 * what; NULL when there is none. The writers would percent-encode it in
 * a feed's links, so they would not be the URL meant: a base URL with
 * one is refused, in words that do not repeat the value. */
const char *chr_url_misfit(const char *s, char what[4]);

/* ---- reading sources ------------------------------------------------------ */

/*
 * A source is one file (or standard input, or a buffer) holding one or
 * more documents. Its format is sniffed from its first bytes, not its
 * name: plain text; an HTML page (its main text, headline, canonical URL
 * and publication date); or an RSS 2.0, RSS 1.0 or Atom feed, each item
 * of which is a document named "SOURCE#ID" (ID: the item's guid or id,
 * else its link, else "item-N"). Text is always valid UTF-8: a BOM,
 * UTF-16 with a BOM and declared charsets are honoured, and bytes that
 * are not UTF-8 are read as Windows-1252.
 */
typedef struct chr_reader chr_reader;

/**
 * Opens a source for reading documents: a file path, or "-" for stdin.
 * Returns CHR_EIO when it cannot be opened. Close it with chr_reader_close.
 */
chr_status chr_reader_open(const char *path, chr_reader **out, chr_error *err);

/**
 * chr_reader_open, but a regular file of 1 to 16 MB read whole is mapped
 * rather than copied into memory (faster: no fresh pages to fill). Should
 * the file shrink while it is mapped, the process stops with a word and
 * exit status 1 (chr_map): for a run that reads its inputs once, not for a
 * server that rebuilds while the sources are edited.
 */
chr_status chr_reader_open_mapped(const char *path, chr_reader **out, chr_error *err);

/**
 * Opens a source held in memory: data[0..len) is copied, so the caller
 * may free it at once. name stands for the path in document names and
 * errors (NULL: "-"). Returns CHR_ENOMEM without memory. Close it with
 * chr_reader_close.
 */
chr_status chr_reader_open_memory(const char *name, const void *data, size_t len,
                                  chr_reader **out, chr_error *err);

/**
 * Reads the next document. A huge text comes as consecutive windows of
 * one document, cut between sentences; *base is the byte offset of this
 * window in the whole text (0 for an ordinary document, and for each
 * item of a feed, which is a document of its own). *doc is NULL at the
 * end. A problem that was repaired (bytes that were not UTF-8) returns
 * CHR_OK with warn->problem set; a refused input (binary, unreadable,
 * over a size or nesting limit, an entity expansion attack) returns an
 * error and ends the source. The caller frees each *doc.
 */
chr_status chr_reader_next(chr_reader *r, chr_doc **doc, size_t *base,
                           chr_error *warn);

/**
 * The size of the windows a huge text is read in from the next one on:
 * about 4 MB unless set, between 64 KB and 16 MB. Larger windows give a
 * reader of the whole document more of it at once (events merges the
 * mentions of an event within a window); smaller ones keep the tokens of
 * a window in cache.
 */
void chr_reader_set_window(chr_reader *r, size_t bytes);

/** Closes a source. NULL is allowed. */
void chr_reader_close(chr_reader *r);

/* The files below a folder, for reading a whole tree of sources. */
typedef struct chr_paths chr_paths;

/**
 * Lists path itself when it is not a folder, else every regular file
 * below it whose name ends in .txt .text .html .htm .xhtml .xml .rss or
 * .atom (any case; hidden names skipped), sorted. Symbolic links are
 * followed, except one back to a folder the walk is inside (a loop); a
 * folder linked from two places is listed under both names. Returns
 * CHR_EIO when path is a folder that cannot be read. A subfolder that
 * cannot be read (or one nested deeper than 16 levels) does not end the
 * walk: it is listed where it sorts, with chr_paths_problem saying why,
 * and the files around it are still listed. *out is freed with
 * chr_paths_free.
 */
chr_status chr_paths_list(const char *path, chr_paths **out, chr_error *err);
size_t chr_paths_count(const chr_paths *p);
/** Borrowed; i < chr_paths_count. */
const char *chr_paths_get(const chr_paths *p, size_t i);
/** Why entry i is a folder that could not be read, or NULL for a file. */
const char *chr_paths_problem(const chr_paths *p, size_t i);
void chr_paths_free(chr_paths *p);

/* ---- finding dates -------------------------------------------------------- */

typedef struct chr_mentions chr_mentions;

/**
 * Finds and resolves every date mention in doc, in text order. ref is the
 * publication date to assume when neither the text nor the reader gives
 * one; pass a zero date for none. When the text states a publication
 * date, it is recorded on doc (chr_doc_published) and reported as a
 * mention with role CHR_ROLE_PUBLISHED. *out is freed with
 * chr_mentions_free.
 */
chr_status chr_mentions_find(chr_doc *doc, chr_date ref, chr_mentions **out,
                             chr_error *err);

typedef struct chr_finder chr_finder;

/**
 * A date finder that keeps its working memory from one document to the
 * next: a run of many documents, or the windows of a huge text, then
 * writes into memory it has used before instead of fresh pages. One
 * thread at a time. Returns NULL when out of memory; freed with
 * chr_finder_free.
 */
chr_finder *chr_finder_new(void);
void chr_finder_free(chr_finder *f);

/** How many threads f may use on one long text (at most 8): it is lexed
 * and parsed in pieces of at least 1 MB, and its dates resolved in two
 * halves from 2,048 raw mentions. 1, the default, keeps to the caller's
 * thread. The mentions found are the same for any number. */
void chr_finder_set_jobs(chr_finder *f, unsigned jobs);

/** For tests: the sizes from which a finder with jobs splits a text,
 * piece_min bytes a piece and halves_from raw mentions (0 for either:
 * the default), so that short texts take the same paths as long ones. */
void chr_finder_set_split(chr_finder *f, size_t piece_min, size_t halves_from);

/** As chr_mentions_find, with f's working memory. */
chr_status chr_finder_find(chr_finder *f, chr_doc *doc, chr_date ref, chr_mentions **out,
                           chr_error *err);

/**
 * Where a text may be cut in two inside a sentence without cutting a date:
 * the start of a run of bytes after a space, in text[from..to), with
 * dozens of runs either side (within from..to) holding no digit and no
 * word a date is made of. Returns the last such offset, or to when there
 * is none. For a reader that must cut a huge text where no sentence ends.
 */
size_t chr_dates_cut(const char *text, size_t from, size_t to);

void chr_mentions_free(chr_mentions *list);
size_t chr_mentions_count(const chr_mentions *list);
/** Borrowed; i < chr_mentions_count. */
const chr_mention *chr_mentions_get(const chr_mentions *list, size_t i);

/** Names for JSON and display: "day", "early", "published". */
const char *chr_precision_name(chr_precision p);
const char *chr_mod_name(chr_mod m);

/* ---- events --------------------------------------------------------------- */

typedef enum chr_event_status {
	CHR_EVENT_CONFIRMED,
	CHR_EVENT_TENTATIVE,
	CHR_EVENT_CANCELLED
} chr_event_status;

/* Where an event was mentioned: a byte span of the document text. */
typedef struct chr_span {
	size_t offset;
	size_t length;
} chr_span;

/* A document that tells of an event. */
typedef struct chr_source {
	const char *doc;        /* the document's uri */
	const char *url;        /* its canonical URL, or NULL */
} chr_source;

/* A happening on a calendar span, with what a person needs to recognise it. */
typedef struct chr_event {
	char uid[37];           /* lowercase UUID, no braces */
	const char *doc;        /* source document's uri */
	const char *url;        /* source document's canonical URL, or NULL */
	chr_date start, end;    /* inclusive */
	chr_precision precision;
	chr_mod mod;
	int hour, minute;       /* -1 when all-day */
	int end_hour, end_minute;
	bool has_tz;
	int tz_minutes;
	const char *title;      /* at most 90 characters plus an ellipsis */
	const char *location;   /* NULL when none was found */
	const char *sentence;   /* the sentence of its most informative mention
	                           (the most prose), spaces folded, at most 600
	                           bytes with " …" at a cut */
	const char *date_text;  /* the date as written in its first mention */
	chr_event_status status;
	chr_date published;     /* its document's publication date, or zero */
	int64_t first_seen;     /* Unix seconds: when first seen (or published) */
	int64_t last_modified;  /* Unix seconds: when its content last changed */
	int sequence;           /* iCalendar SEQUENCE, 0 at first */
	const chr_span *mentions;   /* in doc (the first source) */
	size_t n_mentions;
	/* Every document that tells of it, the one of doc and url first. An
	 * event from chr_events_find has its own document alone; one from
	 * chr_events_merge has one source per document. n_sources 0 (an
	 * event built by hand) means doc and url alone. */
	const chr_source *sources;
	size_t n_sources;
	bool retracted;         /* its document no longer mentions it (a store's
	                           listing); status is then cancelled */
} chr_event;

typedef struct chr_events chr_events;

/**
 * Keeps the mentions of doc that are events (day to season precision, not
 * the publication date, not durations), merges the ones naming the same
 * span, and gives each a title, a location, a status and a UID derived
 * from namespace_id (a feed id; NULL for the default), the document and
 * the event. The result borrows nothing from doc or list; free it with
 * chr_events_free.
 */
chr_status chr_events_find(const chr_doc *doc, const chr_mentions *list,
                           const char *namespace_id, chr_events **out,
                           chr_error *err);

void chr_events_free(chr_events *events);
size_t chr_events_count(const chr_events *events);
/** Borrowed; i < chr_events_count. */
const chr_event *chr_events_get(const chr_events *events, size_t i);

/**
 * One event per happening across documents: events[0..n) of different
 * documents that name the same span (start, end, precision and, when both
 * give one, the time of day) with similar titles, or for a day span the
 * same location, become one event whose sources list every document. The
 * result does not depend on the order of events: each merged event takes
 * its UID, title, place and text from its primary source, the one from
 * the earliest-published document (then the smallest UID), so a UID a
 * calendar already has stays when later news joins it. Its status is the
 * newest document's (latest publication date; on a tie the most
 * cautious). Retracted events merge only with each other, and vanish when
 * a live event tells of the same happening. first_seen is the earliest,
 * last_modified and sequence the greatest of its members. Events come in
 * date order (start, end, precision, then UID). *out owns copies of
 * everything; free it with chr_events_free.
 */
chr_status chr_events_merge(const chr_event *const *events, size_t n,
                            chr_events **out, chr_error *err);

/** "confirmed", "tentative" or "cancelled". */
const char *chr_event_status_name(chr_event_status s);


/* ---- writers -------------------------------------------------------------- */

/* Where writers push bytes: a file, a buffer or an HTTP response. write
 * returns CHR_OK or an error status, which the writer passes on. */
typedef struct chr_sink {
	chr_status (*write)(void *userdata, const void *data, size_t len);
	void *userdata;
} chr_sink;

/** A sink that appends to a FILE * (userdata). */
chr_sink chr_sink_file(void *file);

/* What a calendar user subscribes to: how the feed names itself. */
typedef enum chr_cal_precision {
	CHR_CAL_DAY,   /* only day-precision events go to the calendar */
	CHR_CAL_MONTH, /* day to month precision */
	CHR_CAL_ALL    /* every event, seasons and halves too */
} chr_cal_precision;

typedef struct chr_feed {
	const char *id;          /* stable feed id (UID namespace); NULL: title */
	const char *title;       /* NULL: "chronicle" */
	const char *description; /* may be NULL */
	const char *base_url;    /* public URL of the outputs' folder, or NULL */
	const char *author;      /* may be NULL */
	int64_t now;             /* Unix seconds, for build stamps; never the
	                            wall clock inside the library */
	chr_cal_precision calendar_precision;
	int refresh_minutes;     /* REFRESH-INTERVAL; 0: 720 (PT12H) */
} chr_feed;

/**
 * Writers: each writes events[0..n) (any order; writers sort as their
 * format wants) as one complete document to sink. They return CHR_OK or
 * the sink's error. The same input gives byte-identical output.
 */
chr_status chr_write_ics(const chr_event *const *events, size_t n,
                         const chr_feed *feed, const chr_sink *sink,
                         chr_error *err);
chr_status chr_write_atom(const chr_event *const *events, size_t n,
                          const chr_feed *feed, const chr_sink *sink,
                          chr_error *err);
chr_status chr_write_rss(const chr_event *const *events, size_t n,
                         const chr_feed *feed, const chr_sink *sink,
                         chr_error *err);
chr_status chr_write_json(const chr_event *const *events, size_t n,
                          const chr_feed *feed, const chr_sink *sink,
                          chr_error *err);

/**
 * Writes the timeline page, index.html: one self-contained HTML page (no
 * script, nothing to fetch) listing events[0..n) by year and month,
 * upcoming ones first (those ending on or after the UTC day of
 * feed->now, soonest first; pass a local time written as UTC for another
 * zone's day), then past ones (latest first), with
 * subscribe links (webcal:// and the feed files from feed->base_url;
 * relative links and no webcal:// without one) and <link rel="alternate">
 * for feed autodiscovery. Its bytes depend on feed->now only through
 * which events have started or ended. Returns CHR_OK or the sink's error.
 */
chr_status chr_write_html(const chr_event *const *events, size_t n,
                          const chr_feed *feed, const chr_sink *sink,
                          chr_error *err);

/* ---- serving -------------------------------------------------------------- */

/* An HTTP server for one output folder: the fixed routes /calendar.ics,
 * /atom.xml, /rss.xml, /events.json and / (index.html), with ETag,
 * Last-Modified, 304s and gzip on request. The files are held in memory
 * as one immutable generation; a refresh loads a new one and swaps it in,
 * so a request always gets one whole version of a file. */
typedef struct chr_server chr_server;

/* One finished request, for an access log line. Borrowed for the call. */
typedef struct chr_access {
	const char *client;  /* numeric address: "127.0.0.1", "::1" */
	const char *method;  /* "GET"; "-" when the request never reached a route */
	const char *target;  /* the request target as sent, bytes outside
	                        printable ASCII written \xNN */
	int status;          /* 0: none of ours was sent (the HTTP library
	                        refused the request itself, e.g. 431) */
	uint64_t bytes;      /* body bytes of the response (0 for HEAD, 304) */
	int64_t micros;      /* from the request line to the end */
	bool complete;       /* false: timed out, aborted or cut by shutdown */
} chr_access;

/**
 * A rebuild hook, called by chr_server_refresh before it looks at the
 * folder: it brings the folder's files up to date (e.g. an incremental
 * build of a feed) and returns CHR_OK, or an error that leaves the served
 * files as they were. Its files must be replaced by rename, never
 * rewritten in place. now is Unix seconds.
 */
typedef chr_status (*chr_rebuild_fn)(void *userdata, int64_t now,
                                     chr_error *err);

typedef struct chr_server_options {
	const char *dir;            /* the output folder (required) */
	const char *bind;           /* numeric IPv4 or IPv6; NULL: 127.0.0.1 */
	unsigned port;              /* 0: an ephemeral port (chr_server_port) */
	unsigned threads;           /* worker threads; 0: 2 */
	unsigned max_connections;   /* 0: 2048 */
	unsigned max_per_ip;        /* connections per client address; 0: 256 */
	unsigned timeout_seconds;   /* a connection idle this long, or whose
	                               request takes this long to arrive
	                               (slowloris), is closed; 0: 10 */
	size_t connection_memory;   /* per connection, bounds the request
	                               headers (larger: 431); 0: 16 KiB */
	chr_rebuild_fn rebuild;     /* NULL: serve the folder as it changes */
	void *rebuild_data;
	/* Called from the server's threads, concurrently: */
	void (*on_access)(void *log_data, const chr_access *a); /* may be NULL */
	void (*on_message)(void *log_data, const char *line);   /* may be NULL */
	void *log_data;
} chr_server_options;

/**
 * Loads the files of opt->dir (a missing one is a 404 for its route; one
 * that cannot be loaded too, reported through on_message) and starts
 * serving them. Returns CHR_EUSAGE for a bad bind address,
 * CHR_EIO when the folder cannot be read or the port cannot be bound.
 * The rebuild hook is not called here: call chr_server_refresh next.
 * Stop and free with chr_server_free.
 */
chr_status chr_server_start(const chr_server_options *opt, chr_server **out,
                            chr_error *err);

/** The TCP port the server listens on (the chosen one when opt->port was 0). */
unsigned chr_server_port(const chr_server *s);

/**
 * Runs the rebuild hook (if any), then looks at the folder's files (stat:
 * inode, size, times) and, when one changed, loads a new generation and
 * swaps it in while requests go on. Without a hook, a changed file is
 * loaded once it has stayed the same for one call, so that a file being
 * written is not served half-written; after the hook, at once. Sets
 * *reloaded (if not NULL). When the hook fails, nothing changes and its error is returned;
 * a file that cannot be loaded (unreadable, not a regular file, over
 * 512 MB) keeps its previous version, or its 404, while the other files
 * are swapped in, and its problem is returned. Call it from one thread.
 */
chr_status chr_server_refresh(chr_server *s, int64_t now, bool *reloaded,
                              chr_error *err);

/**
 * Stops accepting, lets requests in flight finish for up to a second,
 * closes every connection and frees the server. NULL is allowed.
 */
void chr_server_free(chr_server *s);
/* ---- feeds: definition files and incremental builds ----------------------- */

/* A feed definition, read from a feeds/NAME.feed INI file (format in
 * chronicle(1) and the README). Every path is already resolved against the
 * feed file's folder (so a relative one stays relative to the working
 * folder of the chr_config_load call). All strings are owned by the
 * config; fields that the file leaves out hold the defaults given here. */
typedef struct chr_config {
	const char *path;        /* the feed file, as given to chr_config_load */
	const char *name;        /* its file name without ".feed": "example" */
	const char *id;          /* UID namespace: base_url, else name */
	const char *title;       /* default: name */
	const char *description; /* NULL when not set */
	const char *base_url;    /* NULL when not set */
	const char *author;      /* NULL when not set */
	const char *const *sources; /* n_sources patterns: files, folders, globs */
	size_t n_sources;
	const char *output_dir;  /* where calendar.ics, atom.xml, ... go */
	const char *database;    /* default: OUTPUT_DIR/chronicle.db */
	chr_cal_precision calendar_precision; /* default CHR_CAL_DAY */
	int refresh_minutes;     /* calendar/feed refresh hint; default 720 */
	const char *timezone;    /* IANA zone of the feed's readers, whose day
	                            the timeline page counts from; "UTC" */
	int poll_seconds;        /* how often a server looks for changed
	                            sources; default 60 */
	int64_t keep_cancelled;  /* seconds a retracted event stays in the
	                            outputs as CANCELLED; default 90 days */
	bool build_no_wait;      /* not from the file: chr_build fails at once
	                            (CHR_EIO) when another build of the feed
	                            holds its lock, instead of waiting; false */
} chr_config;

/**
 * Reads and checks the feed file at path. On success *out holds a new
 * config, freed with chr_config_free. An unknown key, a bad value or a
 * syntax error returns CHR_EINPUT with err->file and err->line naming the
 * place (problem: "unknown key 'titel'"); a file that cannot be opened
 * returns CHR_EIO.
 */
chr_status chr_config_load(const char *path, chr_config **out, chr_error *err);

/** Frees a config. NULL is allowed. */
void chr_config_free(chr_config *cfg);

/* What one chr_build did, for logs and for a server deciding to reload. */
typedef struct chr_build_report {
	size_t documents;           /* source files found */
	size_t documents_new;       /* read for the first time */
	size_t documents_changed;   /* read again: their bytes changed */
	size_t documents_unchanged; /* hashed only, not parsed */
	size_t documents_reread;    /* bytes unchanged, read again: their
	                               events were made by other code */
	size_t documents_removed;   /* gone from the sources since last build */
	size_t documents_failed;    /* could not be read (first in warning) */
	size_t events;              /* events in the outputs */
	size_t events_new;
	size_t events_changed;      /* content changed: SEQUENCE+1 */
	size_t events_cancelled;    /* vanished from their source: CANCELLED */
	size_t events_expired;      /* cancelled long enough ago: dropped */
	const char *outputs[8];     /* the file names in cfg->output_dir that
	                               a build produces ("calendar.ics", ...),
	                               static strings */
	size_t n_outputs;
	size_t outputs_written;     /* output files whose bytes changed */
	int64_t stamp;              /* the outputs' build stamp: the last time
	                               anything in the feed changed */
	char warning[512];          /* the first unreadable source, or "" */
} chr_build_report;

/**
 * Brings the feed's outputs up to date, as of now (Unix seconds; the
 * caller's clock, never read here). Hashes every source file, parses only
 * new and changed ones, records events in the store (cfg->database) in one
 * transaction, and writes calendar.ics, atom.xml, rss.xml, events.json
 * and index.html into cfg->output_dir (the feeds stamped with the last
 * change, the timeline page with now: which events are upcoming moves with
 * the days): each through a temporary file that is fsync'd and
 * renamed, and only when its bytes change, so a reader never sees half a
 * file and an unchanged build touches nothing. A source that cannot be
 * read is counted in report->documents_failed and keeps its previous
 * events; that is not an error. Returns CHR_OK, or CHR_EIO / CHR_EINPUT /
 * CHR_ENOMEM with err filled in, and then leaves the store and the
 * outputs as they were. report may be NULL. Builds of one feed by
 * different processes wait for each other (a lock on a file in the output
 * folder; with cfg->build_no_wait, a build that finds it taken fails at
 * once); within one process, callers must not run two builds of the
 * same feed at once. Readers of the outputs need no lock: a file is only
 * ever replaced whole.
 */
chr_status chr_build(const chr_config *cfg, int64_t now,
                     chr_build_report *report, chr_error *err);

#endif
