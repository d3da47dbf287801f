/*
 * The words the grammar knows, in one sorted table searched by binary
 * search on the lower-cased word. Anything not here is an ordinary word.
 */
#include "date.h"
#include "mentions.h"

#include <pthread.h>
#include <string.h>

struct word {
	const char *s;
	uint8_t cls;
	int16_t val;
};

/* Sorted by s (strcmp order). Keep it sorted: a unit test checks.
 *
 * W_COUNTED is a closed list of nouns that take a number as a name or an
 * identifier: documents (resolution 2396, article 12, page 2021, No. 5),
 * roads and transport (Route 66, Highway 2024, Interstate 1995, Flight
 * 2019, Bus 12, Line 2, Gate 17, Platform 9, Terminal 5, Exit 12), places
 * in a building or an address (Room 2018, Suite 1200, P.O. Box 1999) and
 * products (Windows 2000, Model 2020, Version 2023). A number right after
 * one is its name, never a date; one before it is still a year ("the 2024
 * model"). Words that name a thing by its year stay out ("the Act 2018",
 * "Finance Bill 2024", "Expo 2020", "Paris 2024", "fiscal 2024"). */
static const struct word words[] = {
	{ "a", W_NUMWORD, 1 },
	{ "across", W_PREP, P_ACROSS },
	{ "acst", W_TZ, 570 },
	{ "adopted", W_PAST, 0 },
	{ "aedt", W_TZ, 660 },
	{ "aest", W_TZ, 600 },
	{ "after", W_PREP, P_AFTER },
	{ "afternoon", W_DAYPART, 15 },
	{ "ago", W_AGO, -1 },
	{ "agreed", W_PAST, 0 },
	{ "an", W_NUMWORD, 1 },
	{ "and", W_PREP, P_AND },
	{ "announced", W_PAST, 0 },
	{ "apr", W_MONTH, 4 },
	{ "april", W_MONTH, 4 },
	{ "are", W_NONE, 0 },
	{ "arose", W_PAST, 0 },
	{ "around", W_PREP, P_AROUND },
	{ "arrived", W_PAST, 0 },
	{ "art", W_COUNTED, 0 },
	{ "article", W_COUNTED, 0 },
	{ "as", W_PREP, P_AS },
	{ "at", W_PREP, P_AT },
	{ "attended", W_PAST, 0 },
	{ "aug", W_MONTH, 8 },
	{ "august", W_MONTH, 8 },
	{ "autumn", W_SEASON, 2 },
	{ "awoke", W_PAST, 0 },
	{ "barrels", W_QUANTITY, 0 },
	{ "became", W_PAST, 0 },
	{ "before", W_PREP, P_BEFORE },
	{ "began", W_PAST, 0 },
	{ "beginning", W_MOD, CHR_MOD_START },
	{ "between", W_PREP, P_BETWEEN },
	{ "billion", W_QUANTITY, 0 },
	{ "bled", W_PAST, 0 },
	{ "blew", W_PAST, 0 },
	{ "bn", W_QUANTITY, 0 },
	{ "bought", W_PAST, 0 },
	{ "box", W_COUNTED, 0 },
	{ "boxing", W_HOLIDAY, 5 },
	{ "broke", W_PAST, 0 },
	{ "brought", W_PAST, 0 },
	{ "bst", W_TZ, 60 },
	{ "built", W_PAST, 0 },
	{ "bus", W_COUNTED, 0 },
	{ "by", W_PREP, P_BY },
	{ "call", W_NONE, 0 },
	{ "called", W_PAST, 0 },
	{ "came", W_PAST, 0 },
	{ "canceled", W_CANCEL, 0 },
	{ "cancelled", W_CANCEL, 0 },
	{ "cases", W_QUANTITY, 0 },
	{ "cat", W_TZ, 120 },
	{ "caught", W_PAST, 0 },
	{ "cdt", W_TZ, -300 },
	{ "cent", W_QUANTITY, 0 },
	{ "centuries", W_CENTURY, 0 },
	{ "century", W_CENTURY, 0 },
	{ "cest", W_TZ, 120 },
	{ "cet", W_TZ, 60 },
	{ "ch", W_COUNTED, 0 },
	{ "chapter", W_COUNTED, 0 },
	{ "children", W_QUANTITY, 0 },
	{ "chose", W_PAST, 0 },
	{ "christmas", W_HOLIDAY, 1 },
	{ "closed", W_PAST, 0 },
	{ "clung", W_PAST, 0 },
	{ "coming", W_SHIFT, 1 },
	{ "concluded", W_PAST, 0 },
	{ "convened", W_PAST, 0 },
	{ "copies", W_QUANTITY, 0 },
	{ "crept", W_PAST, 0 },
	{ "cst", W_TZ, -360 },
	{ "ct", W_TZ, CHR_TZ_SEASONAL - 360 }, /* Central Time, in capitals */
	{ "current", W_SHIFT, 0 },
	{ "currently", W_REF, 0 },
	{ "date", W_LABEL, 0 },
	{ "dated", W_LABEL, 0 },
	{ "day", W_UNIT, U_DAY },
	{ "days", W_UNIT, U_DAY },
	{ "dealt", W_PAST, 0 },
	{ "dec", W_MONTH, 12 },
	{ "decade", W_UNIT, U_DECADE },
	{ "decades", W_UNIT, U_DECADE },
	{ "december", W_MONTH, 12 },
	{ "declined", W_PAST, 0 },
	{ "delayed", W_MOVED, 0 },
	{ "delegates", W_QUANTITY, 0 },
	{ "delivered", W_PAST, 0 },
	{ "did", W_PAST, 0 },
	{ "died", W_PAST, 0 },
	{ "drank", W_PAST, 0 },
	{ "drew", W_PAST, 0 },
	{ "drove", W_PAST, 0 },
	{ "due", W_FUTURE, 0 },
	{ "dug", W_PAST, 0 },
	{ "during", W_PREP, P_DURING },
	{ "earlier", W_EARLIER, -1 },
	{ "early", W_MOD, CHR_MOD_EARLY },
	{ "easter", W_HOLIDAY, 2 },
	{ "eat", W_TZ, 180 },
	{ "edt", W_TZ, -240 },
	{ "eest", W_TZ, 180 },
	{ "eet", W_TZ, 120 },
	{ "eight", W_NUMWORD, 8 },
	{ "eighteen", W_NUMWORD, 18 },
	{ "eighth", W_ORDWORD, 8 },
	{ "elected", W_PAST, 0 },
	{ "eleven", W_NUMWORD, 11 },
	{ "employees", W_QUANTITY, 0 },
	{ "end", W_MOD, CHR_MOD_END },
	{ "ended", W_PAST, 0 },
	{ "est", W_TZ, -300 },
	{ "et", W_TZ, CHR_TZ_SEASONAL - 300 }, /* Eastern Time */
	{ "euros", W_QUANTITY, 0 },
	{ "evening", W_DAYPART, 19 },
	{ "exit", W_COUNTED, 0 },
	{ "expected", W_FUTURE, 0 },
	{ "fall", W_SEASON, 2 },
	{ "families", W_QUANTITY, 0 },
	{ "feb", W_MONTH, 2 },
	{ "february", W_MONTH, 2 },
	{ "fell", W_PAST, 0 },
	{ "few", W_NUMWORD, -1 },
	{ "fifteen", W_NUMWORD, 15 },
	{ "fifth", W_ORDWORD, 5 },
	{ "fifty", W_NUMWORD, 50 },
	{ "final", W_ORDWORD, 9 },
	{ "first", W_ORDWORD, 1 },
	{ "five", W_NUMWORD, 5 },
	{ "fled", W_PAST, 0 },
	{ "flew", W_PAST, 0 },
	{ "flight", W_COUNTED, 0 },
	{ "flung", W_PAST, 0 },
	{ "following", W_SHIFT, 1 },
	{ "for", W_PREP, P_FOR },
	{ "forbade", W_PAST, 0 },
	{ "foresaw", W_PAST, 0 },
	{ "forgave", W_PAST, 0 },
	{ "forgot", W_PAST, 0 },
	{ "forthcoming", W_FUTURE, 0 },
	{ "forty", W_NUMWORD, 40 },
	{ "fought", W_PAST, 0 },
	{ "found", W_PAST, 0 },
	{ "four", W_NUMWORD, 4 },
	{ "fourteen", W_NUMWORD, 14 },
	{ "fourth", W_ORDWORD, 4 },
	{ "fri", W_WEEKDAY, 4 },
	{ "friday", W_WEEKDAY, 4 },
	{ "from", W_PREP, P_FROM },
	{ "froze", W_PAST, 0 },
	{ "gate", W_COUNTED, 0 },
	{ "gave", W_PAST, 0 },
	{ "gmt", W_TZ, 0 },
	{ "grew", W_PAST, 0 },
	{ "had", W_PAST, 0 },
	{ "half", W_UNIT, U_HALF },
	{ "halloween", W_HOLIDAY, 3 },
	{ "heard", W_PAST, 0 },
	{ "held", W_PAST, 0 },
	{ "hid", W_PAST, 0 },
	{ "highway", W_COUNTED, 0 },
	{ "hit", W_PAST, 0 },
	{ "hkt", W_TZ, 480 },
	{ "hour", W_UNIT, U_HOUR },
	{ "hours", W_UNIT, U_HOUR },
	{ "households", W_QUANTITY, 0 },
	{ "hst", W_TZ, -600 },
	{ "hundred", W_NUMWORD, 100 },
	{ "ict", W_TZ, 420 },
	{ "in", W_PREP, P_IN },
	{ "interstate", W_COUNTED, 0 },
	{ "is", W_NONE, 0 },
	{ "ist", W_TZ, 330 },
	{ "item", W_COUNTED, 0 },
	{ "jan", W_MONTH, 1 },
	{ "january", W_MONTH, 1 },
	{ "jst", W_TZ, 540 },
	{ "jul", W_MONTH, 7 },
	{ "july", W_MONTH, 7 },
	{ "jun", W_MONTH, 6 },
	{ "june", W_MONTH, 6 },
	{ "kept", W_PAST, 0 },
	{ "kg", W_QUANTITY, 0 },
	{ "kilometers", W_QUANTITY, 0 },
	{ "kilometres", W_QUANTITY, 0 },
	{ "km", W_QUANTITY, 0 },
	{ "knelt", W_PAST, 0 },
	{ "knew", W_PAST, 0 },
	{ "kst", W_TZ, 540 },
	{ "last", W_SHIFT, -1 },
	{ "late", W_MOD, CHR_MOD_LATE },
	{ "later", W_EARLIER, 1 },
	{ "launched", W_PAST, 0 },
	{ "leapt", W_PAST, 0 },
	{ "led", W_PAST, 0 },
	{ "left", W_PAST, 0 },
	{ "line", W_COUNTED, 0 },
	{ "lost", W_PAST, 0 },
	{ "made", W_PAST, 0 },
	{ "mar", W_MONTH, 3 },
	{ "march", W_MONTH, 3 },
	{ "may", W_MONTH, 5 },
	{ "mdt", W_TZ, -360 },
	{ "meant", W_PAST, 0 },
	{ "members", W_QUANTITY, 0 },
	{ "met", W_PAST, 0 },
	{ "meters", W_QUANTITY, 0 },
	{ "metres", W_QUANTITY, 0 },
	{ "mid", W_MOD, CHR_MOD_MID },
	{ "middle", W_MOD, CHR_MOD_MID },
	{ "midnight", W_DAYPART, 0 },
	{ "might", W_FUTURE, 0 },
	{ "miles", W_QUANTITY, 0 },
	{ "million", W_QUANTITY, 0 },
	{ "minute", W_UNIT, U_MINUTE },
	{ "minutes", W_UNIT, U_MINUTE },
	{ "mistook", W_PAST, 0 },
	{ "mn", W_QUANTITY, 0 },
	{ "model", W_COUNTED, 0 },
	{ "mon", W_WEEKDAY, 0 },
	{ "monday", W_WEEKDAY, 0 },
	{ "month", W_UNIT, U_MONTH },
	{ "months", W_UNIT, U_MONTH },
	{ "morning", W_DAYPART, 9 },
	{ "motorway", W_COUNTED, 0 },
	{ "moved", W_MOVED, 0 },
	{ "msk", W_TZ, 180 },
	{ "mst", W_TZ, -420 },
	{ "mt", W_TZ, CHR_TZ_SEASONAL - 420 }, /* Mountain Time */
	{ "next", W_SHIFT, 1 },
	{ "night", W_DAYPART, 21 },
	{ "nine", W_NUMWORD, 9 },
	{ "nineteen", W_NUMWORD, 19 },
	{ "no", W_COUNTED, 0 },
	{ "noon", W_DAYPART, 12 },
	{ "nos", W_COUNTED, 0 },
	{ "nov", W_MONTH, 11 },
	{ "november", W_MONTH, 11 },
	{ "now", W_REF, 0 },
	{ "nowadays", W_REF, 0 },
	{ "number", W_COUNTED, 0 },
	{ "nzdt", W_TZ, 780 },
	{ "nzst", W_TZ, 720 },
	{ "oct", W_MONTH, 10 },
	{ "october", W_MONTH, 10 },
	{ "of", W_PREP, P_OF },
	{ "officers", W_QUANTITY, 0 },
	{ "on", W_PREP, P_ON },
	{ "one", W_NUMWORD, 1 },
	{ "opened", W_PAST, 0 },
	{ "or", W_PREP, P_OR },
	{ "organised", W_PAST, 0 },
	{ "organized", W_PAST, 0 },
	{ "overcame", W_PAST, 0 },
	{ "oversaw", W_PAST, 0 },
	{ "overthrew", W_PAST, 0 },
	{ "overtook", W_PAST, 0 },
	{ "p", W_COUNTED, 0 },
	{ "page", W_COUNTED, 0 },
	{ "pages", W_COUNTED, 0 },
	{ "paid", W_PAST, 0 },
	{ "para", W_COUNTED, 0 },
	{ "paragraph", W_COUNTED, 0 },
	{ "participants", W_QUANTITY, 0 },
	{ "passed", W_PAST, 0 },
	{ "past", W_SHIFT, -1 },
	{ "pdt", W_TZ, -420 },
	{ "people", W_QUANTITY, 0 },
	{ "per", W_QUANTITY, 0 },
	{ "percent", W_QUANTITY, 0 },
	{ "persons", W_QUANTITY, 0 },
	{ "pkt", W_TZ, 300 },
	{ "planned", W_FUTURE, 0 },
	{ "plans", W_FUTURE, 0 },
	{ "platform", W_COUNTED, 0 },
	{ "points", W_QUANTITY, 0 },
	{ "posted", W_LABEL, 0 },
	{ "postponed", W_MOVED, 0 },
	{ "pounds", W_QUANTITY, 0 },
	{ "pp", W_COUNTED, 0 },
	{ "presently", W_REF, 0 },
	{ "press", W_LABEL, 0 },
	{ "previous", W_SHIFT, -1 },
	{ "provisionally", W_TENTATIVE, 0 },
	{ "pst", W_TZ, -480 },
	{ "pt", W_TZ, CHR_TZ_SEASONAL - 480 }, /* Pacific Time */
	{ "published", W_LABEL, 0 },
	{ "quarter", W_UNIT, U_QUARTER },
	{ "quarters", W_UNIT, U_QUARTER },
	{ "ran", W_PAST, 0 },
	{ "rang", W_PAST, 0 },
	{ "rebuilt", W_PAST, 0 },
	{ "recent", W_REF, -1 },
	{ "recently", W_REF, -1 },
	{ "refugees", W_QUANTITY, 0 },
	{ "release", W_LABEL, 0 },
	{ "released", W_PAST, 0 },
	{ "reported", W_PAST, 0 },
	{ "res", W_COUNTED, 0 },
	{ "rescheduled", W_MOVED, 0 },
	{ "residents", W_QUANTITY, 0 },
	{ "resolution", W_COUNTED, 0 },
	{ "resolutions", W_COUNTED, 0 },
	{ "road", W_COUNTED, 0 },
	{ "rode", W_PAST, 0 },
	{ "room", W_COUNTED, 0 },
	{ "rose", W_PAST, 0 },
	{ "route", W_COUNTED, 0 },
	{ "said", W_PAST, 0 },
	{ "sang", W_PAST, 0 },
	{ "sank", W_PAST, 0 },
	{ "sast", W_TZ, 120 },
	{ "sat", W_WEEKDAY, 5 },
	{ "saturday", W_WEEKDAY, 5 },
	{ "saw", W_PAST, 0 },
	{ "scheduled", W_FUTURE, 0 },
	{ "second", W_ORDWORD, 2 },
	{ "section", W_COUNTED, 0 },
	{ "sent", W_PAST, 0 },
	{ "sep", W_MONTH, 9 },
	{ "sept", W_MONTH, 9 },
	{ "september", W_MONTH, 9 },
	{ "set", W_NONE, 0 },
	{ "seven", W_NUMWORD, 7 },
	{ "seventeen", W_NUMWORD, 17 },
	{ "several", W_NUMWORD, -1 },
	{ "sgt", W_TZ, 480 },
	{ "shall", W_FUTURE, 0 },
	{ "shares", W_QUANTITY, 0 },
	{ "shook", W_PAST, 0 },
	{ "shrank", W_PAST, 0 },
	{ "signed", W_PAST, 0 },
	{ "since", W_PREP, P_SINCE },
	{ "single", W_NUMWORD, 1 },
	{ "six", W_NUMWORD, 6 },
	{ "sixteen", W_NUMWORD, 16 },
	{ "sixty", W_NUMWORD, 60 },
	{ "slated", W_FUTURE, 0 },
	{ "slept", W_PAST, 0 },
	{ "slid", W_PAST, 0 },
	{ "sold", W_PAST, 0 },
	{ "soldiers", W_QUANTITY, 0 },
	{ "soon", W_REF, 1 },
	{ "sought", W_PAST, 0 },
	{ "sped", W_PAST, 0 },
	{ "spent", W_PAST, 0 },
	{ "spoke", W_PAST, 0 },
	{ "sprang", W_PAST, 0 },
	{ "spring", W_SEASON, 0 },
	{ "spun", W_PAST, 0 },
	{ "start", W_MOD, CHR_MOD_START },
	{ "started", W_PAST, 0 },
	{ "stole", W_PAST, 0 },
	{ "stood", W_PAST, 0 },
	{ "struck", W_PAST, 0 },
	{ "stuck", W_PAST, 0 },
	{ "students", W_QUANTITY, 0 },
	{ "suite", W_COUNTED, 0 },
	{ "summer", W_SEASON, 1 },
	{ "sun", W_WEEKDAY, 6 },
	{ "sunday", W_WEEKDAY, 6 },
	{ "swam", W_PAST, 0 },
	{ "swept", W_PAST, 0 },
	{ "swore", W_PAST, 0 },
	{ "swung", W_PAST, 0 },
	{ "taught", W_PAST, 0 },
	{ "tbc", W_TENTATIVE, 0 },
	{ "tbd", W_TENTATIVE, 0 },
	{ "ten", W_NUMWORD, 10 },
	{ "tentative", W_TENTATIVE, 0 },
	{ "tentatively", W_TENTATIVE, 0 },
	{ "terminal", W_COUNTED, 0 },
	{ "thanksgiving", W_HOLIDAY, 4 },
	{ "the", W_PREP, P_THE },
	{ "third", W_ORDWORD, 3 },
	{ "thirteen", W_NUMWORD, 13 },
	{ "thirty", W_NUMWORD, 30 },
	{ "this", W_SHIFT, 0 },
	{ "thought", W_PAST, 0 },
	{ "three", W_NUMWORD, 3 },
	{ "threw", W_PAST, 0 },
	{ "through", W_PREP, P_THROUGH },
	{ "throughout", W_PREP, P_THROUGHOUT },
	{ "thru", W_PREP, P_THROUGH },
	{ "thu", W_WEEKDAY, 3 },
	{ "thur", W_WEEKDAY, 3 },
	{ "thurs", W_WEEKDAY, 3 },
	{ "thursday", W_WEEKDAY, 3 },
	{ "till", W_PREP, P_TILL },
	{ "to", W_PREP, P_TO },
	{ "today", W_DAYREL, 0 },
	{ "told", W_PAST, 0 },
	{ "tomorrow", W_DAYREL, 1 },
	{ "tonight", W_DAYREL, 0 },
	{ "tonnes", W_QUANTITY, 0 },
	{ "tons", W_QUANTITY, 0 },
	{ "took", W_PAST, 0 },
	{ "tore", W_PAST, 0 },
	{ "troops", W_QUANTITY, 0 },
	{ "tue", W_WEEKDAY, 1 },
	{ "tues", W_WEEKDAY, 1 },
	{ "tuesday", W_WEEKDAY, 1 },
	{ "twelve", W_NUMWORD, 12 },
	{ "twenty", W_NUMWORD, 20 },
	{ "two", W_NUMWORD, 2 },
	{ "undertook", W_PAST, 0 },
	{ "underwent", W_PAST, 0 },
	{ "units", W_QUANTITY, 0 },
	{ "until", W_PREP, P_UNTIL },
	{ "upcoming", W_FUTURE, 0 },
	{ "updated", W_LABEL, 0 },
	{ "upheld", W_PAST, 0 },
	{ "usd", W_COUNTED, 0 },
	{ "utc", W_TZ, 0 },
	{ "vehicles", W_QUANTITY, 0 },
	{ "version", W_COUNTED, 0 },
	{ "visited", W_PAST, 0 },
	{ "votes", W_QUANTITY, 0 },
	{ "was", W_PAST, 0 },
	{ "wat", W_TZ, 60 },
	{ "wed", W_WEEKDAY, 2 },
	{ "wednesday", W_WEEKDAY, 2 },
	{ "week", W_UNIT, U_WEEK },
	{ "weekend", W_UNIT, U_WEEKEND },
	{ "weeks", W_UNIT, U_WEEK },
	{ "went", W_PAST, 0 },
	{ "wept", W_PAST, 0 },
	{ "were", W_PAST, 0 },
	{ "west", W_TZ, 60 },
	{ "wet", W_TZ, 0 },
	{ "wib", W_TZ, 420 },
	{ "will", W_FUTURE, 0 },
	{ "windows", W_COUNTED, 0 },
	{ "winter", W_SEASON, 3 },
	{ "withdrew", W_PAST, 0 },
	{ "withheld", W_PAST, 0 },
	{ "within", W_PREP, P_WITHIN },
	{ "woke", W_PAST, 0 },
	{ "won", W_PAST, 0 },
	{ "wore", W_PAST, 0 },
	{ "workers", W_QUANTITY, 0 },
	{ "wrote", W_PAST, 0 },
	{ "year", W_UNIT, U_YEAR },
	{ "years", W_UNIT, U_YEAR },
	{ "yesterday", W_DAYREL, -1 },
};

/* Words that are month or weekday names only when capitalised, since in
 * lower case they are ordinary English ("may", "march", "sun", "sat"). */
static bool needs_capital(const struct word *w, size_t n)
{
	return w->cls == W_MONTH || w->cls == W_HOLIDAY || (w->cls == W_WEEKDAY && n <= 5);
}

/* Zones that are ordinary words even capitalised ("West Africa", "Wet
 * weather", "Mt Kenya", "Ct"): zones only in capitals, which is how a
 * time's zone is written ("9 a.m. ET"). */
static const char *const upper_only[] = { "ct", "et", "mt", "pt", "west", "wet" };

/*
 * Every word of the text is looked up, so the lookup is a hash table built
 * once from the sorted table (open addressing, a fifth full with the
 * anchor words and abbreviations; date.h probes it inline): a word that
 * is not there usually costs one probe of an empty slot, where the binary
 * search cost eight string compares. At 1024 slots the runs of full
 * slots made a missing word cost 1.6 probes.
 */
struct chr_word_slot chr_word_slots[CHR_WORD_SLOTS];
uint64_t chr_anchor4[CHR_ANCHOR4_BITS / 64];
bool chr_anchor4_all;
static pthread_once_t built = PTHREAD_ONCE_INIT;
_Static_assert(CHR_ARRAY_LEN(words) + 64 < CHR_WORD_SLOTS / 2,
               "the word hash table stays at most half full");

/*
 * The anchors of chr_lex_sparse. Every pattern of the grammar matches at
 * least one word of these classes (or a digit): a preposition, a number
 * word or a tense verb alone is no date ("a" needs "week", "in" needs
 * "May"). A word of another class, or none, that a pattern reads by name
 * and that can be the only such word of a date is listed below.
 */
static bool anchor_class(int cls)
{
	switch (cls) {
	case W_MONTH: case W_WEEKDAY: case W_ORDWORD: case W_UNIT: case W_SEASON:
	case W_DAYREL: case W_SHIFT: case W_MOD: case W_QH: case W_DAYPART:
	case W_CENTURY: case W_AGO: case W_EARLIER: case W_REF: case W_HOLIDAY:
		return true;
	default:
		return false;
	}
}

/* "the future", "the near term", "the time being", "at midday" */
static const char *const anchor_words[] = { "future", "term", "being", "time", "midday" };

/* Words after which a period does not end a sentence (resolve.c and the
 * sparse lexer ask chr_abbrev_word; every sentence end does). */
static const char *const abbreviations[] = {
	"mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "gen", "sen", "rep", "gov", "lt",
	"col", "capt", "sgt", "jr", "sr", "inc", "co", "corp", "ltd", "vs", "etc", "jan", "feb",
	"mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "h.e", "e.g",
	"i.e", "approx", "est", "fig", "vol", "art", "para", "pp", "mt", "ft", "ave", "rev",
	"hon", "amb", "u.s", "u.n", "u.k", "e.u"
};

static struct chr_word_slot *slot_for(const char *s)
{
	char key[16] = { 0 };
	uint64_t a, b;
	size_t n = strlen(s);
	memcpy(key, s, n < 16 ? n : 15);
	memcpy(&a, key, 8);
	memcpy(&b, key + 8, 8);
	uint32_t p = chr_word_slot_of(a, b);
	while (chr_word_slots[p].used && (chr_word_slots[p].a != a || chr_word_slots[p].b != b))
		p = (p + 1) & (CHR_WORD_SLOTS - 1);
	struct chr_word_slot *sl = &chr_word_slots[p];
	sl->a = a;
	sl->b = b;
	sl->used = 1;
	return sl;
}

static void build(void)
{
	for (size_t k = 0; k < CHR_ARRAY_LEN(words); k++) {
		const struct word *w = &words[k];
		struct chr_word_slot *sl = slot_for(w->s);
		sl->cls = w->cls;
		sl->val = w->val;
		if (needs_capital(w, strlen(w->s))) {
			/* in lower case an ordinary word, but "may" the modal */
			sl->low_cls = strcmp(w->s, "may") == 0 ? W_FUTURE : W_NONE;
			sl->low_val = 0;
		} else {
			sl->low_cls = w->cls;
			sl->low_val = w->val;
		}
		sl->anchor = (uint8_t)((anchor_class(sl->cls) ? CHR_ANCHOR_CAP : 0) |
		                       (anchor_class(sl->low_cls) ? CHR_ANCHOR_LOW : 0));
	}
	/* a word not in the table gets a slot of class W_NONE, which the
	 * lexer reads as it reads an empty slot */
	for (size_t k = 0; k < CHR_ARRAY_LEN(anchor_words); k++)
		slot_for(anchor_words[k])->anchor = CHR_ANCHOR_CAP | CHR_ANCHOR_LOW;
	for (size_t k = 0; k < CHR_ARRAY_LEN(abbreviations); k++)
		slot_for(abbreviations[k])->anchor |= CHR_ABBREV;
	for (size_t k = 0; k < CHR_ARRAY_LEN(upper_only); k++) {
		struct chr_word_slot *sl = slot_for(upper_only[k]);
		sl->anchor |= CHR_UPPER_ONLY;
		sl->low_cls = W_NONE;
		sl->low_val = 0;
	}
	/* the four-byte prefilter of every anchor, any case; a shorter
	 * anchor sets the keys of every byte that may follow it */
	for (size_t p = 0; p < CHR_WORD_SLOTS; p++) {
		const struct chr_word_slot *sl = &chr_word_slots[p];
		if (!sl->used || !(sl->anchor & (CHR_ANCHOR_CAP | CHR_ANCHOR_LOW)))
			continue;
		unsigned char key[8];
		memcpy(key, &sl->a, 8);
		uint32_t four = (uint32_t)key[0] | (uint32_t)key[1] << 8 | (uint32_t)key[2] << 16 |
		                (uint32_t)key[3] << 24;
		unsigned free_bytes = !key[1] ? 3 : !key[2] ? 2 : !key[3] ? 1 : 0;
		if (free_bytes == 3) {
			chr_anchor4_all = true;
			continue;
		}
		/* the bytes after a short anchor, the high ones of the key */
		unsigned shift = 8 * (4 - free_bytes) % 32;
		for (uint32_t v = 0; v < (1u << (8 * free_bytes)); v++) {
			uint32_t k = chr_anchor4_key(four | (free_bytes ? v << shift : 0));
			chr_anchor4[k >> 6] |= 1ull << (k & 63);
		}
	}
}

void chr_words_init(void)
{
	pthread_once(&built, build);
}

void chr_word_classify(const char *s, size_t n, tok *t)
{
	char low[16] = { 0 };
	uint64_t a, b;
	t->cls = W_NONE;
	t->val = 0;
	if (n == 0 || n >= sizeof low)
		return;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80)
			return;
		low[i] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
	}
	memcpy(&a, low, 8);
	memcpy(&b, low + 8, 8);
	chr_words_init();
	chr_word_lookup(a, b, n, t);
}

bool chr_words_sorted(void)
{
	for (size_t i = 1; i < CHR_ARRAY_LEN(words); i++)
		if (strcmp(words[i - 1].s, words[i].s) >= 0)
			return false;
	return true;
}

bool chr_abbrev_word(const char *w, size_t n)
{
	char low[16] = { 0 };
	uint64_t a, b;
	if (n == 0 || n >= sizeof low)
		return false;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] | 0x20 : w[i]);
	memcpy(&a, low, 8);
	memcpy(&b, low + 8, 8);
	chr_words_init();
	for (uint32_t p = chr_word_slot_of(a, b); chr_word_slots[p].used;
	     p = (p + 1) & (CHR_WORD_SLOTS - 1))
		if (chr_word_slots[p].a == a && chr_word_slots[p].b == b)
			return (chr_word_slots[p].anchor & CHR_ABBREV) != 0;
	return false;
}

bool chr_zone_word(const char *s, size_t n, int *minutes)
{
	if (n == 0 || n >= 16)
		return false;
	tok t;
	memset(&t, 0, sizeof t);
	if (s[0] >= 'A' && s[0] <= 'Z') {
		t.flags = F_CAP | F_UPPER;
		for (size_t i = 1; i < n; i++)
			if (s[i] >= 'a' && s[i] <= 'z')
				t.flags = F_CAP;
	}
	chr_word_classify(s, n, &t);
	if (t.cls != W_TZ)
		return false;
	if (minutes)
		*minutes = t.val > CHR_TZ_SEASONAL / 2 ? t.val - CHR_TZ_SEASONAL : t.val;
	return true;
}
