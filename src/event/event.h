/* Private: the stages of the event layer, shared between src/event/ files. */
#ifndef CHR_EVENT_EVENT_H
#define CHR_EVENT_EVENT_H

#include "chronicle.h"
#include "util/util.h"

#include <stddef.h>
#include <stdint.h>

/* The list behind chr_events (events.c, merge.c). */
struct chr_events {
	chr_event *items;
	size_t len, cap;
};

/** Frees what an event of a chr_events list owns (not e itself). */
void chr_event_clear(chr_event *e);

/* ---- sha1.c ------------------------------------------------------------ */

typedef struct chr_sha1 {
	uint32_t h[5];
	uint64_t bits;      /* message length so far */
	unsigned char block[64];
	size_t used;        /* bytes waiting in block */
} chr_sha1;

void chr_sha1_init(chr_sha1 *c);
void chr_sha1_update(chr_sha1 *c, const void *data, size_t len);
void chr_sha1_final(chr_sha1 *c, unsigned char out[20]);
/** One-shot SHA-1 of data[0..len). */
void chr_sha1_digest(const void *data, size_t len, unsigned char out[20]);

/* ---- uid.c ------------------------------------------------------------- */

/** RFC 9562 name-based UUID (version 5) of name in namespace ns. */
void chr_uuid_v5(const unsigned char ns[16], const void *name, size_t len,
                 unsigned char out[16]);
/** Lowercase 8-4-4-4-12 text of a UUID, NUL-terminated. */
void chr_uuid_format(const unsigned char u[16], char out[37]);
/**
 * The event UID: v5 over "DOCURI\nSTART\nEND\nPRECISION\nTITLE" (TITLE
 * normalised to lowercase ASCII words) in the namespace v5(URL, feed id).
 */
chr_status chr_event_uid(const char *namespace_id, const char *doc_uri,
                         chr_date start, chr_date end, chr_precision p,
                         const char *title, char out[37]);
/** The namespace UUID chr_event_uid puts its names in: v5(URL, feed id,
 * "chronicle" when NULL). */
void chr_event_namespace(const char *namespace_id, unsigned char ns[16]);
/** chr_event_uid with the namespace computed once (chr_event_namespace). */
void chr_event_uid_in(const unsigned char ns[16], const char *doc_uri, chr_date start,
                      chr_date end, chr_precision p, const char *title, char out[37]);

/* ---- sentence.c -------------------------------------------------------- */

typedef struct chr_sentence {
	size_t start, end; /* bytes of the text, trimmed */
	size_t para;       /* paragraph number: breaks at line ends */
} chr_sentence;

typedef struct chr_sentences {
	chr_sentence *items;
	size_t len, cap;
} chr_sentences;

/** Splits text[0..len) into sentences in one pass. Free with _free. */
chr_status chr_sentences_split(const char *text, size_t len, chr_sentences *out);
void chr_sentences_free(chr_sentences *s);
/** Index of the sentence holding byte offset (the nearest before it). */
size_t chr_sentences_find(const chr_sentences *s, size_t offset);

/** The byte length of an en or em dash (U+2013, U+2014) at s, with avail
 * bytes there: 3, or 0. Datelines close with one and titles may not end
 * with one; inline, as titles ask it at every byte they trim. */
static inline size_t chr_dash_len(const char *s, size_t avail)
{
	const unsigned char *u = (const unsigned char *)s;
	return avail >= 3 && u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0x93 || u[2] == 0x94) ? 3 : 0;
}

/** True for ASCII space, tab, CR, LF, FF, VT and U+00A0 (2 bytes). Returns
 * the byte length of the space at s, or 0. */
size_t chr_space_len(const char *s, size_t avail);

/**
 * Appends text[start..end) to b with runs of white space (NBSP too) as
 * one space, capped at cap bytes at a word boundary ("…" marks a cut).
 */
chr_status chr_sentence_text(chr_buf *b, const char *text, size_t start,
                             size_t end, size_t cap);

/** Counts words of real prose (two or more lowercase letters) in a range. */
size_t chr_prose_words(const char *text, size_t start, size_t end);

/* ---- title.c ----------------------------------------------------------- */

/* A byte span of the document that holds a date (to be left out). */
typedef struct chr_range {
	size_t start, end;
} chr_range;

/**
 * Writes into b a readable clause of text[start..end) without the dates in
 * dates[0..n) (sorted), at most 90 characters. b is left empty when the
 * sentence gives nothing usable.
 */
chr_status chr_title_make(chr_buf *b, const char *text, size_t start,
                          size_t end, const chr_range *dates, size_t n);

/** The number of UTF-8 characters in s. */
size_t chr_utf8_chars(const char *s, size_t len);

/* ---- place.c ----------------------------------------------------------- */

typedef struct chr_place {
	const char *name;    /* as written in text (gazetteer key) */
	const char *display; /* what a user sees; NULL: name */
	char kind;           /* 'C' city, 'N' country, 'V' venue, 'S' state */
} chr_place;

/** The gazetteer entry spelled exactly s[0..len), case-insensitively when
 * nocase; NULL when none. */
const chr_place *chr_place_lookup(const char *s, size_t len, bool nocase);
/** The whole table, for tests. */
const chr_place *chr_place_table(size_t *n);
/** Whether the name s[0..len) ends in a venue's word ("Central Library",
 * "Surrey Street"). */
bool chr_place_venue_name(const char *s, size_t len);

/**
 * Appends to b the place where the happening in text[start..end) takes
 * place, the one nearest byte at; *found is false when the sentence names
 * none.
 */
chr_status chr_place_find(chr_buf *b, const char *text, size_t start,
                          size_t end, size_t at, bool *found);

/** A dateline place at the start of a line ("GENEVA, 14 March 2019 —")
 * whose date begins at date_offset; *found false when none. */
chr_status chr_place_dateline(chr_buf *b, const char *text, size_t len,
                              size_t date_offset, bool *found);

/** A dateline without a date opening one of the first lines ("BANGKOK –
 * Young people will"); *end gets the byte after its dash. *found false
 * when none. */
chr_status chr_place_dateline_undated(chr_buf *b, const char *text, size_t len,
                                      size_t *end, bool *found);

/* ---- status.c ---------------------------------------------------------- */

/**
 * The status of the date at [m_start, m_end) as its sentence
 * text[start..end) tells it: moved or postponed away from, called off,
 * provisional, or announced for later ("will", "planned", "expected",
 * "foreseen") when future (the date lies after the publication date, or
 * none is known). cues are the date core's CHR_CUE_* bits.
 */
chr_event_status chr_status_detect(const char *text, size_t start, size_t end,
                                   size_t m_start, size_t m_end, unsigned cues,
                                   bool future);

#endif
