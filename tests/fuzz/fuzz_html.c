/*
 * The HTML reader: any bytes as a page (after "<!doctype html>" when they
 * do not start with a tag), through sniffing, charset decoding, libxml2's
 * HTML parser, main-text and metadata extraction and the repairs.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	reader_run("fuzz.html", "<!doctype html>", data, size);
	return 0;
}
