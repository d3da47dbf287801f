/*
 * The feed reader: any bytes as an RSS document (after an RSS preamble
 * when they do not start with a tag), streamed through libxml2's push
 * parser item by item, each item's HTML through the HTML reader.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	reader_run("fuzz.rss", "<rss version=\"2.0\"><channel><item><title>", data, size);
	return 0;
}
