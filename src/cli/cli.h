/* Private to src/cli/: the verbs that live in their own files. Each takes
 * the arguments from the verb on (argv[0] is the verb) and returns the
 * exit status: 0 success, 1 input or I/O error, 2 usage. */
#ifndef CHR_CLI_H
#define CHR_CLI_H

#include <stdbool.h>
#include <stdint.h>

/** `chronicle build FEED...`: src/cli/build.c. */
int cli_build(int argc, char **argv);

/** `chronicle serve`: src/cli/serve.c. */
int cli_serve(int argc, char **argv);

/** The note for documents read again though unchanged, which build and
 * serve print: the count, then "s" or "" after it. */
#define CLI_REREAD_NOTE \
	"%zu unchanged document%s read again: their events were made by another version of " \
	"chronicle"

/** What is wrong with a --base-url value, for a usage error of the form
 * "--base-url %s" (main.c), or NULL when it is an http(s) URL whose
 * characters need no escaping; the value itself is not repeated, as it
 * may hold control characters. */
const char *cli_base_url_problem(const char *url);

/** A plain decimal number from min to max (no sign, no space, nothing
 * after it) into *out (main.c). */
bool parse_uint(const char *s, unsigned long min, unsigned long max, unsigned *out);

/** RFC 3339 ("2018-02-28T15:58:07Z", "+01:00" offsets, or a bare date)
 * into Unix seconds (main.c). */
bool parse_rfc3339(const char *s, int64_t *out);

#endif
