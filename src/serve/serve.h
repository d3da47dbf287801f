/* Private to src/serve/: the HTTP header logic of the server, kept apart
 * from libmicrohttpd so the unit tests can hold it to the RFCs. */
#ifndef CHR_SERVE_H
#define CHR_SERVE_H

#include "chronicle.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "Sun, 06 Nov 1994 08:49:37 GMT" and a NUL. */
#define CHR_HTTP_DATE_LEN 30

/**
 * True when an If-None-Match value matches one of the n entity-tags
 * (quoted, as sent in ETag): "*", or a comma-separated list whose members
 * may carry W/. The comparison is the weak one RFC 9110 (13.1.2) asks for.
 */
bool chr_http_etag_match(const char *if_none_match, const char *const *etags,
                         size_t n);

/**
 * Parses an HTTP-date in any of the three forms RFC 9110 (5.6.7) says a
 * recipient must accept: IMF-fixdate, RFC 850 and asctime. Returns false
 * on anything else, which makes a caller ignore the header, as it must.
 */
bool chr_http_date_parse(const char *s, int64_t *out);

/** Writes t (Unix seconds) as an IMF-fixdate and a NUL. */
void chr_http_date_format(int64_t t, char out[CHR_HTTP_DATE_LEN]);

/**
 * True when an Accept-Encoding value accepts gzip: "gzip" or "x-gzip"
 * with a q-value above 0, or "*" when gzip is not named. NULL is false:
 * no header means no compression.
 */
bool chr_http_accepts_gzip(const char *accept_encoding);

/**
 * Decodes %XX escapes in the NUL-terminated s, in place, and returns the
 * new length. An escape that would decode to NUL or '/' stays as written,
 * so a decoded path never hides a NUL or a separator a route could match.
 */
size_t chr_http_unescape(char *s);

/**
 * Copies at most outsz-1 bytes of in to out for a log line: bytes outside
 * printable ASCII, spaces, quotes and backslashes become \xNN, so a
 * request cannot forge or split log lines.
 */
void chr_http_log_escape(const char *in, char *out, size_t outsz);

/**
 * Opens libmicrohttpd, once per process, for the MHD_ functions serve.c
 * calls (src/serve/mhd.c). Returns NULL when they are ready, or what went
 * wrong; no MHD_ function may be called before it returns NULL.
 */
const char *chr_mhd_load(void);

#endif
