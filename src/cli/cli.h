/* Private to src/cli/: the verbs that live in their own files. */
#ifndef CHR_CLI_H
#define CHR_CLI_H

#include <stdbool.h>
#include <stdint.h>

/** `chronicle build FEED...`; argv[0] is "build". Returns the exit status. */
int cli_build(int argc, char **argv);

/** RFC 3339 ("2018-02-28T15:58:07Z", "+01:00" offsets, or a bare date)
 * into Unix seconds (main.c). */
bool parse_rfc3339(const char *s, int64_t *out);

#endif
