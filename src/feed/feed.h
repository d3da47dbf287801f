/* Private to src/feed/: feed files, their sources and the build. */
#ifndef CHR_FEED_FEED_H
#define CHR_FEED_FEED_H

#include "chronicle.h"
#include "util/util.h"

#include <stdint.h>

/** dir/path, or path itself when it is absolute or dir is "" or ".".
 * Returns a new string (free), NULL without memory. */
char *chr_feed_path_join(const char *dir, const char *path);

/** "30s", "15m", "12h", "90d", "2w" in seconds; false on anything else. */
bool chr_feed_parse_duration(const char *s, int64_t *out);

/* The files a feed's sources name, sorted, without duplicates. */
typedef struct chr_feed_files {
	char **paths;
	size_t len, cap;
} chr_feed_files;

/**
 * Expands the config's sources: a file is taken as it is, a folder for
 * every file in it and below whose name ends in a known extension (.txt,
 * .text, .html, .htm, .xhtml, .xml, .rss, .atom; hidden names skipped),
 * a pattern with * ? or [ through glob(3). A source that matches nothing
 * is an error (CHR_EIO naming it): a typo must not cancel a feed. A
 * symbolic link back to a folder the walk is inside (or to the output
 * folder) is not followed.
 */
chr_status chr_feed_files_list(const chr_config *cfg, chr_feed_files *out,
                               chr_error *err);
void chr_feed_files_free(chr_feed_files *f);

#endif
