/* The date core's word table: its order, and the zone names it lends the
 * event layer (chr_zone_word), with their offsets as the zones define them. */
#include "date/date.h"
#include "date/mentions.h"

#include <stdio.h>
#include <string.h>
#include "tap.h"

static void zone(const char *w, bool want, int want_minutes)
{
	int minutes = -9999;
	bool got = chr_zone_word(w, strlen(w), &minutes);
	char desc[96];
	snprintf(desc, sizeof desc, "%s is %s", w, want ? "a zone" : "no zone");
	ok(got == want, desc);
	if (want) {
		snprintf(desc, sizeof desc, "%s is %+d minutes from UTC", w, want_minutes);
		ok(minutes == want_minutes, desc);
		if (minutes != want_minutes)
			printf("#   got %d\n", minutes);
	}
}

int main(void)
{
	chr_words_init();
	ok(chr_words_sorted(), "the word table is in strcmp order, no word twice");

	zone("HKT", true, 8 * 60);
	zone("ICT", true, 7 * 60);
	zone("WIB", true, 7 * 60);
	zone("KST", true, 9 * 60);
	zone("NZST", true, 12 * 60);
	zone("NZDT", true, 13 * 60);
	zone("ACST", true, 9 * 60 + 30);
	zone("HST", true, -10 * 60);
	zone("PKT", true, 5 * 60);
	zone("CEST", true, 2 * 60);
	zone("EST", true, -5 * 60);
	zone("UTC", true, 0);
	/* the date core reads a zone in any case after a time... */
	zone("gmt", true, 0);
	/* ...but these two are words unless written in capitals */
	zone("WET", true, 0);
	zone("WEST", true, 60);
	zone("West", false, 0);
	zone("west", false, 0);
	zone("Wet", false, 0);
	zone("wet", false, 0);

	zone("March", false, 0);
	zone("HK", false, 0);
	zone("", false, 0);
	zone("HKTHKTHKTHKTHKTHKT", false, 0);
	ok(chr_zone_word("HKT", 3, NULL), "the offset may be left unasked");
	return tap_done();
}
