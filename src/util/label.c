/*
 * Label lines: "Date: 12 May 2027", "Venue : Town Hall". The date core
 * asks whether a date dates the page or an event; the event layer where
 * the labels of a notice end.
 */
#include "util/util.h"

#include <string.h>
#include <strings.h>

bool chr_label_at(const char *text, size_t end, size_t at, const char *const *labels, size_t n)
{
	while (at < end && (text[at] == ' ' || text[at] == '\t'))
		at++;
	for (size_t k = 0; k < n; k++) {
		size_t w = strlen(labels[k]), e = at + w;
		if (e > end || strncasecmp(text + at, labels[k], w) != 0)
			continue;
		while (e < end && text[e] == ' ')
			e++;
		if (e < end && text[e] == ':')
			return true;
	}
	return false;
}
