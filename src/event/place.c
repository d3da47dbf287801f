/*
 * Places: where a happening takes place, told from the organisations a
 * press release is full of. A name counts only when the sentence puts
 * something there ("in Lyon", "at the Palais des Nations", "Geneva-based",
 * "at the X Complex, Singapore"); "INTERPOL" or "the Singapore Police
 * Force" name no place. The gazetteer is a sorted static table searched
 * by bisection, small enough to read and to extend by hand.
 */
#include "event/event.h"

#include <string.h>

/* Sorted by bytes with ASCII letters folded to lowercase (see cmp_name);
 * the unit test checks the order. kind: C city, N country, V venue. */
static const chr_place places[] = {
	{ "Abidjan", NULL, 'C' },
	{ "Abu Dhabi", NULL, 'C' },
	{ "Abuja", NULL, 'C' },
	{ "Accra", NULL, 'C' },
	{ "Addis Ababa", NULL, 'C' },
	{ "Afghanistan", NULL, 'N' },
	{ "Albania", NULL, 'N' },
	{ "Algeria", NULL, 'N' },
	{ "Algiers", NULL, 'C' },
	{ "Amman", NULL, 'C' },
	{ "Amsterdam", NULL, 'C' },
	{ "Andorra", NULL, 'N' },
	{ "Angola", NULL, 'N' },
	{ "Ankara", NULL, 'C' },
	{ "Antananarivo", NULL, 'C' },
	{ "Argentina", NULL, 'N' },
	{ "Armenia", NULL, 'N' },
	{ "Astana", NULL, 'C' },
	{ "Asuncion", NULL, 'C' },
	{ "Asunción", NULL, 'C' },
	{ "Athens", NULL, 'C' },
	{ "Atlanta", NULL, 'C' },
	{ "Auckland", NULL, 'C' },
	{ "Australia", NULL, 'N' },
	{ "Austria", NULL, 'N' },
	{ "Azerbaijan", NULL, 'N' },
	{ "Baghdad", NULL, 'C' },
	{ "Bahamas", NULL, 'N' },
	{ "Bahrain", NULL, 'N' },
	{ "Baku", NULL, 'C' },
	{ "Bamako", NULL, 'C' },
	{ "Bangkok", NULL, 'C' },
	{ "Bangladesh", NULL, 'N' },
	{ "Bangui", NULL, 'C' },
	{ "Banjul", NULL, 'C' },
	{ "Barbados", NULL, 'N' },
	{ "Barcelona", NULL, 'C' },
	{ "Basel", NULL, 'C' },
	{ "Beijing", NULL, 'C' },
	{ "Beirut", NULL, 'C' },
	{ "Belarus", NULL, 'N' },
	{ "Belgium", NULL, 'N' },
	{ "Belgrade", NULL, 'C' },
	{ "Belize", NULL, 'N' },
	{ "Benin", NULL, 'N' },
	{ "Berlin", NULL, 'C' },
	{ "Bern", NULL, 'C' },
	{ "Bhutan", NULL, 'N' },
	{ "Bishkek", NULL, 'C' },
	{ "Bogota", NULL, 'C' },
	{ "Bogotá", NULL, 'C' },
	{ "Bolivia", NULL, 'N' },
	{ "Bonn", NULL, 'C' },
	{ "Bosnia and Herzegovina", NULL, 'N' },
	{ "Boston", NULL, 'C' },
	{ "Botswana", NULL, 'N' },
	{ "Brasilia", NULL, 'C' },
	{ "Brasília", NULL, 'C' },
	{ "Bratislava", NULL, 'C' },
	{ "Brazil", NULL, 'N' },
	{ "Brazzaville", NULL, 'C' },
	{ "Brisbane", NULL, 'C' },
	{ "Brunei", NULL, 'N' },
	{ "Brussels", NULL, 'C' },
	{ "Bucharest", NULL, 'C' },
	{ "Budapest", NULL, 'C' },
	{ "Buenos Aires", NULL, 'C' },
	{ "Bujumbura", NULL, 'C' },
	{ "Bulgaria", NULL, 'N' },
	{ "Burkina Faso", NULL, 'N' },
	{ "Burundi", NULL, 'N' },
	{ "Cairo", NULL, 'C' },
	{ "Calgary", NULL, 'C' },
	{ "Cambodia", NULL, 'N' },
	{ "Cameroon", NULL, 'N' },
	{ "Canada", NULL, 'N' },
	{ "Canberra", NULL, 'C' },
	{ "Cape Town", NULL, 'C' },
	{ "Cape Verde", NULL, 'N' },
	{ "Caracas", NULL, 'C' },
	{ "Casablanca", NULL, 'C' },
	{ "Central African Republic", NULL, 'N' },
	{ "Chad", NULL, 'N' },
	{ "Chicago", NULL, 'C' },
	{ "Chile", NULL, 'N' },
	{ "China", NULL, 'N' },
	{ "Chisinau", NULL, 'C' },
	{ "Colombia", NULL, 'N' },
	{ "Colombo", NULL, 'C' },
	{ "Comoros", NULL, 'N' },
	{ "Conakry", NULL, 'C' },
	{ "Copenhagen", NULL, 'C' },
	{ "Costa Rica", NULL, 'N' },
	{ "Croatia", NULL, 'N' },
	{ "Cuba", NULL, 'N' },
	{ "Cyprus", NULL, 'N' },
	{ "Czech Republic", NULL, 'N' },
	{ "Czechia", NULL, 'N' },
	{ "Dakar", NULL, 'C' },
	{ "Dallas", NULL, 'C' },
	{ "Damascus", NULL, 'C' },
	{ "Dar es Salaam", NULL, 'C' },
	{ "Davos", NULL, 'C' },
	{ "Delhi", NULL, 'C' },
	{ "Denmark", NULL, 'N' },
	{ "Denver", NULL, 'C' },
	{ "Dhaka", NULL, 'C' },
	{ "Djibouti", NULL, 'N' },
	{ "Djibouti City", NULL, 'C' },
	{ "Doha", NULL, 'C' },
	{ "Dominican Republic", NULL, 'N' },
	{ "Dubai", NULL, 'C' },
	{ "Dublin", NULL, 'C' },
	{ "Durban", NULL, 'C' },
	{ "Dushanbe", NULL, 'C' },
	{ "Ecuador", NULL, 'N' },
	{ "Edinburgh", NULL, 'C' },
	{ "Egypt", NULL, 'N' },
	{ "El Salvador", NULL, 'N' },
	{ "England", NULL, 'N' },
	{ "Equatorial Guinea", NULL, 'N' },
	{ "Eritrea", NULL, 'N' },
	{ "Estonia", NULL, 'N' },
	{ "Eswatini", NULL, 'N' },
	{ "Ethiopia", NULL, 'N' },
	{ "Fiji", NULL, 'N' },
	{ "Finland", NULL, 'N' },
	{ "Florence", NULL, 'C' },
	{ "France", NULL, 'N' },
	{ "Frankfurt", NULL, 'C' },
	{ "Freetown", NULL, 'C' },
	{ "Gabon", NULL, 'N' },
	{ "Gaborone", NULL, 'C' },
	{ "Gambia", NULL, 'N' },
	{ "Gaza", NULL, 'C' },
	{ "Geneva", NULL, 'C' },
	{ "Georgia", NULL, 'N' },
	{ "Germany", NULL, 'N' },
	{ "Ghana", NULL, 'N' },
	{ "Gigiri", "Nairobi", 'V' },
	{ "Glasgow", NULL, 'C' },
	{ "Greece", NULL, 'N' },
	{ "Guatemala", NULL, 'N' },
	{ "Guatemala City", NULL, 'C' },
	{ "Guinea", NULL, 'N' },
	{ "Guyana", NULL, 'N' },
	{ "Haiti", NULL, 'N' },
	{ "Hamburg", NULL, 'C' },
	{ "Hanoi", NULL, 'C' },
	{ "Harare", NULL, 'C' },
	{ "Havana", NULL, 'C' },
	{ "Helsinki", NULL, 'C' },
	{ "Ho Chi Minh City", NULL, 'C' },
	{ "Honduras", NULL, 'N' },
	{ "Hong Kong", NULL, 'C' },
	{ "Houston", NULL, 'C' },
	{ "Hungary", NULL, 'N' },
	{ "Iceland", NULL, 'N' },
	{ "India", NULL, 'N' },
	{ "Indonesia", NULL, 'N' },
	{ "Iran", NULL, 'N' },
	{ "Iraq", NULL, 'N' },
	{ "Ireland", NULL, 'N' },
	{ "Islamabad", NULL, 'C' },
	{ "Israel", NULL, 'N' },
	{ "Istanbul", NULL, 'C' },
	{ "Italy", NULL, 'N' },
	{ "Jakarta", NULL, 'C' },
	{ "Jamaica", NULL, 'N' },
	{ "Japan", NULL, 'N' },
	{ "Jeddah", NULL, 'C' },
	{ "Jerusalem", NULL, 'C' },
	{ "Johannesburg", NULL, 'C' },
	{ "Jordan", NULL, 'N' },
	{ "Juba", NULL, 'C' },
	{ "Kabul", NULL, 'C' },
	{ "Kampala", NULL, 'C' },
	{ "Karachi", NULL, 'C' },
	{ "Kathmandu", NULL, 'C' },
	{ "Kazakhstan", NULL, 'N' },
	{ "Kenya", NULL, 'N' },
	{ "Khartoum", NULL, 'C' },
	{ "Kiev", NULL, 'C' },
	{ "Kigali", NULL, 'C' },
	{ "Kinshasa", NULL, 'C' },
	{ "Kosovo", NULL, 'N' },
	{ "Kuala Lumpur", NULL, 'C' },
	{ "Kuwait", NULL, 'N' },
	{ "Kuwait City", NULL, 'C' },
	{ "Kyiv", NULL, 'C' },
	{ "Kyrgyzstan", NULL, 'N' },
	{ "La Paz", NULL, 'C' },
	{ "Lagos", NULL, 'C' },
	{ "Lahore", NULL, 'C' },
	{ "Laos", NULL, 'N' },
	{ "Latvia", NULL, 'N' },
	{ "Lebanon", NULL, 'N' },
	{ "Lesotho", NULL, 'N' },
	{ "Liberia", NULL, 'N' },
	{ "Libreville", NULL, 'C' },
	{ "Libya", NULL, 'N' },
	{ "Liechtenstein", NULL, 'N' },
	{ "Lilongwe", NULL, 'C' },
	{ "Lima", NULL, 'C' },
	{ "Lisbon", NULL, 'C' },
	{ "Lithuania", NULL, 'N' },
	{ "Ljubljana", NULL, 'C' },
	{ "Lome", NULL, 'C' },
	{ "Lomé", NULL, 'C' },
	{ "London", NULL, 'C' },
	{ "Los Angeles", NULL, 'C' },
	{ "Luanda", NULL, 'C' },
	{ "Lusaka", NULL, 'C' },
	{ "Luxembourg", NULL, 'N' },
	{ "Luxembourg City", NULL, 'C' },
	{ "Lyon", NULL, 'C' },
	{ "Madagascar", NULL, 'N' },
	{ "Madrid", NULL, 'C' },
	{ "Malabo", NULL, 'C' },
	{ "Malawi", NULL, 'N' },
	{ "Malaysia", NULL, 'N' },
	{ "Maldives", NULL, 'N' },
	{ "Mali", NULL, 'N' },
	{ "Malta", NULL, 'N' },
	{ "Managua", NULL, 'C' },
	{ "Manama", NULL, 'C' },
	{ "Manchester", NULL, 'C' },
	{ "Manila", NULL, 'C' },
	{ "Maputo", NULL, 'C' },
	{ "Marrakech", NULL, 'C' },
	{ "Marseille", NULL, 'C' },
	{ "Maseru", NULL, 'C' },
	{ "Mauritania", NULL, 'N' },
	{ "Mauritius", NULL, 'N' },
	{ "Mecca", NULL, 'C' },
	{ "Medellin", NULL, 'C' },
	{ "Medellín", NULL, 'C' },
	{ "Melbourne", NULL, 'C' },
	{ "Mexico", NULL, 'N' },
	{ "Mexico City", NULL, 'C' },
	{ "Miami", NULL, 'C' },
	{ "Milan", NULL, 'C' },
	{ "Minsk", NULL, 'C' },
	{ "Mogadishu", NULL, 'C' },
	{ "Moldova", NULL, 'N' },
	{ "Monaco", NULL, 'N' },
	{ "Mongolia", NULL, 'N' },
	{ "Monrovia", NULL, 'C' },
	{ "Montenegro", NULL, 'N' },
	{ "Montevideo", NULL, 'C' },
	{ "Montreal", NULL, 'C' },
	{ "Morocco", NULL, 'N' },
	{ "Moscow", NULL, 'C' },
	{ "Mozambique", NULL, 'N' },
	{ "Mumbai", NULL, 'C' },
	{ "Munich", NULL, 'C' },
	{ "Muscat", NULL, 'C' },
	{ "Myanmar", NULL, 'N' },
	{ "Nairobi", NULL, 'C' },
	{ "Namibia", NULL, 'N' },
	{ "Naples", NULL, 'C' },
	{ "Nassau", NULL, 'C' },
	{ "Ndjamena", NULL, 'C' },
	{ "Nepal", NULL, 'N' },
	{ "Netherlands", NULL, 'N' },
	{ "New Delhi", NULL, 'C' },
	{ "New York", NULL, 'C' },
	{ "New York City", NULL, 'C' },
	{ "New Zealand", NULL, 'N' },
	{ "Niamey", NULL, 'C' },
	{ "Nicaragua", NULL, 'N' },
	{ "Nice", NULL, 'C' },
	{ "Nicosia", NULL, 'C' },
	{ "Niger", NULL, 'N' },
	{ "Nigeria", NULL, 'N' },
	{ "North Korea", NULL, 'N' },
	{ "North Macedonia", NULL, 'N' },
	{ "Northern Ireland", NULL, 'N' },
	{ "Norway", NULL, 'N' },
	{ "Nouakchott", NULL, 'C' },
	{ "Oman", NULL, 'N' },
	{ "Oslo", NULL, 'C' },
	{ "Ottawa", NULL, 'C' },
	{ "Ouagadougou", NULL, 'C' },
	{ "Pakistan", NULL, 'N' },
	{ "Palais des Nations", "Palais des Nations, Geneva", 'V' },
	{ "Palestine", NULL, 'N' },
	{ "Panama", NULL, 'N' },
	{ "Panama City", NULL, 'C' },
	{ "Papua New Guinea", NULL, 'N' },
	{ "Paraguay", NULL, 'N' },
	{ "Paris", NULL, 'C' },
	{ "Peace Palace", "Peace Palace, The Hague", 'V' },
	{ "Peru", NULL, 'N' },
	{ "Philadelphia", NULL, 'C' },
	{ "Philippines", NULL, 'N' },
	{ "Phnom Penh", NULL, 'C' },
	{ "Podgorica", NULL, 'C' },
	{ "Poland", NULL, 'N' },
	{ "Port Louis", NULL, 'C' },
	{ "Port Moresby", NULL, 'C' },
	{ "Port-au-Prince", NULL, 'C' },
	{ "Porto", NULL, 'C' },
	{ "Portugal", NULL, 'N' },
	{ "Prague", NULL, 'C' },
	{ "Pretoria", NULL, 'C' },
	{ "Pristina", NULL, 'C' },
	{ "Qatar", NULL, 'N' },
	{ "Quito", NULL, 'C' },
	{ "Rabat", NULL, 'C' },
	{ "Ramallah", NULL, 'C' },
	{ "Reykjavik", NULL, 'C' },
	{ "Riga", NULL, 'C' },
	{ "Rio de Janeiro", NULL, 'C' },
	{ "Riyadh", NULL, 'C' },
	{ "Romania", NULL, 'N' },
	{ "Rome", NULL, 'C' },
	{ "Rotterdam", NULL, 'C' },
	{ "Russia", NULL, 'N' },
	{ "Rwanda", NULL, 'N' },
	{ "San Francisco", NULL, 'C' },
	{ "San Jose", NULL, 'C' },
	{ "Santiago", NULL, 'C' },
	{ "Santo Domingo", NULL, 'C' },
	{ "Sao Paulo", NULL, 'C' },
	{ "Sarajevo", NULL, 'C' },
	{ "Saudi Arabia", NULL, 'N' },
	{ "Scotland", NULL, 'N' },
	{ "Seattle", NULL, 'C' },
	{ "Senegal", NULL, 'N' },
	{ "Seoul", NULL, 'C' },
	{ "Serbia", NULL, 'N' },
	{ "Seychelles", NULL, 'N' },
	{ "Shanghai", NULL, 'C' },
	{ "Sierra Leone", NULL, 'N' },
	{ "Singapore", NULL, 'C' },
	{ "Skopje", NULL, 'C' },
	{ "Slovakia", NULL, 'N' },
	{ "Slovenia", NULL, 'N' },
	{ "Sofia", NULL, 'C' },
	{ "Somalia", NULL, 'N' },
	{ "South Africa", NULL, 'N' },
	{ "South Korea", NULL, 'N' },
	{ "South Sudan", NULL, 'N' },
	{ "Spain", NULL, 'N' },
	{ "Sri Lanka", NULL, 'N' },
	{ "Stockholm", NULL, 'C' },
	{ "Strasbourg", NULL, 'C' },
	{ "Sudan", NULL, 'N' },
	{ "Suriname", NULL, 'N' },
	{ "Suva", NULL, 'C' },
	{ "Sweden", NULL, 'N' },
	{ "Switzerland", NULL, 'N' },
	{ "Sydney", NULL, 'C' },
	{ "Syria", NULL, 'N' },
	{ "São Paulo", NULL, 'C' },
	{ "Taipei", NULL, 'C' },
	{ "Taiwan", NULL, 'N' },
	{ "Tajikistan", NULL, 'N' },
	{ "Tallinn", NULL, 'C' },
	{ "Tanzania", NULL, 'N' },
	{ "Tashkent", NULL, 'C' },
	{ "Tbilisi", NULL, 'C' },
	{ "Tegucigalpa", NULL, 'C' },
	{ "Tehran", NULL, 'C' },
	{ "Tel Aviv", NULL, 'C' },
	{ "Thailand", NULL, 'N' },
	{ "The Hague", NULL, 'C' },
	{ "Thimphu", NULL, 'C' },
	{ "Tirana", NULL, 'C' },
	{ "Togo", NULL, 'N' },
	{ "Tokyo", NULL, 'C' },
	{ "Toronto", NULL, 'C' },
	{ "Trinidad and Tobago", NULL, 'N' },
	{ "Tripoli", NULL, 'C' },
	{ "Tunis", NULL, 'C' },
	{ "Tunisia", NULL, 'N' },
	{ "Turin", NULL, 'C' },
	{ "Turkey", NULL, 'N' },
	{ "Turkmenistan", NULL, 'N' },
	{ "UAE", NULL, 'N' },
	{ "Uganda", NULL, 'N' },
	{ "UK", NULL, 'N' },
	{ "Ukraine", NULL, 'N' },
	{ "Ulaanbaatar", NULL, 'C' },
	{ "UN Headquarters", "UN Headquarters, New York", 'V' },
	{ "UN Office at Geneva", "Geneva", 'V' },
	{ "United Arab Emirates", NULL, 'N' },
	{ "United Kingdom", NULL, 'N' },
	{ "United Nations Headquarters", "United Nations Headquarters, New York", 'V' },
	{ "United Nations Office at Geneva", "Geneva", 'V' },
	{ "United States", NULL, 'N' },
	{ "United States of America", NULL, 'N' },
	{ "Uruguay", NULL, 'N' },
	{ "USA", NULL, 'N' },
	{ "Uzbekistan", NULL, 'N' },
	{ "Vaduz", NULL, 'C' },
	{ "Valletta", NULL, 'C' },
	{ "Vancouver", NULL, 'C' },
	{ "Venezuela", NULL, 'N' },
	{ "Venice", NULL, 'C' },
	{ "Vienna", NULL, 'C' },
	{ "Vienna International Centre", "Vienna International Centre, Vienna", 'V' },
	{ "Vientiane", NULL, 'C' },
	{ "Vietnam", NULL, 'N' },
	{ "Vilnius", NULL, 'C' },
	{ "Wales", NULL, 'N' },
	{ "Warsaw", NULL, 'C' },
	{ "Washington", NULL, 'C' },
	{ "Washington D.C.", "Washington, DC", 'V' },
	{ "Washington DC", "Washington, DC", 'V' },
	{ "Washington, D.C.", "Washington, DC", 'V' },
	{ "Washington, DC", "Washington, DC", 'V' },
	{ "Wellington", NULL, 'C' },
	{ "Windhoek", NULL, 'C' },
	{ "Yangon", NULL, 'C' },
	{ "Yaounde", NULL, 'C' },
	{ "Yaoundé", NULL, 'C' },
	{ "Yemen", NULL, 'N' },
	{ "Yerevan", NULL, 'C' },
	{ "Zagreb", NULL, 'C' },
	{ "Zambia", NULL, 'N' },
	{ "Zimbabwe", NULL, 'N' },
	{ "Zurich", NULL, 'C' },
	{ "Zürich", NULL, 'C' },
};

const chr_place *chr_place_table(size_t *n)
{
	*n = CHR_ARRAY_LEN(places);
	return places;
}

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Compares a NUL-terminated name with s[0..len), ASCII case folded. */
static int cmp_name(const char *name, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char a = fold((unsigned char)name[i]), b = fold((unsigned char)s[i]);
		if (name[i] == '\0')
			return -1;
		if (a != b)
			return a < b ? -1 : 1;
	}
	return name[len] == '\0' ? 0 : 1;
}

const chr_place *chr_place_lookup(const char *s, size_t len, bool nocase)
{
	size_t lo = 0, hi = CHR_ARRAY_LEN(places);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_name(places[mid].name, s, len);
		if (c == 0) {
			/* Case matters in prose: "nice" and "chad" are no places. */
			if (!nocase && memcmp(places[mid].name, s, len) != 0)
				return NULL;
			return &places[mid];
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* The word ending at text[e) (letters only) and its start. */
static size_t word_before(const char *text, size_t lo, size_t e)
{
	size_t w = e;
	while (w > lo && ((text[w - 1] >= 'a' && text[w - 1] <= 'z') ||
	                  (text[w - 1] >= 'A' && text[w - 1] <= 'Z') ||
	                  (unsigned char)text[w - 1] >= 0x80))
		w--;
	return w;
}

static size_t skip_back_space(const char *text, size_t lo, size_t p)
{
	for (;;) {
		if (p > lo && (text[p - 1] == ' ' || text[p - 1] == '\t' || text[p - 1] == '\n'))
			p--;
		else if (p >= lo + 2 && (unsigned char)text[p - 2] == 0xc2 &&
		         (unsigned char)text[p - 1] == 0xa0)
			p -= 2;
		else
			return p;
	}
}

static bool word_is(const char *text, size_t w, size_t e, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == e - w && cmp_name(list[i], text + w, e - w) == 0)
			return true;
	return false;
}

static const char *const locatives[] = { "across", "at", "in", "inside",
                                         "near", "outside", "within" };

/* True when a locative preposition (maybe with "the") stands right before
 * text[p), or opens the name phrase that a comma after it closes: "at the
 * INTERPOL Global Complex for Innovation, Singapore". */
static bool locative_before(const char *text, size_t lo, size_t p)
{
	static const char *const joins[] = { "and", "de", "des", "du", "for", "of",
	                                     "on", "the" };
	size_t e0 = skip_back_space(text, lo, p), e = e0;
	size_t w = word_before(text, lo, e);
	if (w < e && cmp_name("the", text + w, e - w) == 0) {
		e = skip_back_space(text, lo, w);
		w = word_before(text, lo, e);
	}
	if (w < e && word_is(text, w, e, locatives, CHR_ARRAY_LEN(locatives)))
		return true;
	if (e0 == lo || text[e0 - 1] != ',')
		return false;
	/* Back over a capitalised name phrase to its preposition. */
	e = skip_back_space(text, lo, e0 - 1);
	for (int k = 0; k < 10 && e > lo; k++) {
		w = word_before(text, lo, e);
		if (w == e) {
			/* Digits and hyphens inside a name ("I-24/7") end the phrase. */
			return false;
		}
		if (word_is(text, w, e, locatives, CHR_ARRAY_LEN(locatives)))
			return k > 0;
		if (!is_upper(text[w]) && !word_is(text, w, e, joins, CHR_ARRAY_LEN(joins)))
			return false;
		e = skip_back_space(text, lo, w);
		if (e < w && e > lo && text[e - 1] == '-')
			return false;
	}
	return false;
}

/* The longest gazetteer name at text[i), or NULL; *n gets its length. */
static const chr_place *match_at(const char *text, size_t i, size_t end, size_t *n)
{
	const chr_place *best = NULL;
	size_t lim = end - i < 48 ? end - i : 48;
	for (size_t j = 1; j <= lim; j++) {
		size_t at = i + j;
		if (at < end && (is_alnum(text[at]) || (unsigned char)text[at] >= 0x80))
			continue;
		/* A period is part of "D.C." but ends "Lyon." */
		const chr_place *p = chr_place_lookup(text + i, j, false);
		if (p) {
			best = p;
			*n = j;
		}
	}
	return best;
}

/* A country is usually the wider frame of a sentence ("in France ... in
 * Paris"): it wins only when it is clearly nearer than any city. */
#define COUNTRY_PENALTY 40

typedef struct candidate {
	const chr_place *place;
	size_t pos, len;
} candidate;

static bool is_citylike(const chr_place *p)
{
	return p->kind == 'C' || p->kind == 'V';
}

static size_t distance(size_t a, size_t b)
{
	return a > b ? a - b : b - a;
}

chr_status chr_place_find(chr_buf *b, const char *text, size_t start,
                          size_t end, size_t at, bool *found)
{
	chr_status rc = CHR_OK;
	candidate best = { NULL, 0, 0 }, best_country = { NULL, 0, 0 };
	candidate prev = { NULL, 0, 0 };
	const chr_place *after_best = NULL;

	*found = false;
	for (size_t i = start; i < end; i++) {
		unsigned char c = (unsigned char)text[i];
		if (!(is_upper((char)c) || c == 0xc3) || (i > start && is_alnum(text[i - 1])))
			continue;
		size_t n = 0;
		const chr_place *p = match_at(text, i, end, &n);
		if (!p)
			continue;
		size_t after = i + n;
		bool based = after + 6 <= end && memcmp(text + after, "-based", 6) == 0;
		/* "Singapore Police Force", "Pakistan's Action": an organisation
		 * or a possessive, not a place. */
		bool org = (after + 1 < end && text[after] == ' ' && is_upper(text[after + 1])) ||
		           (after + 1 < end && (text[after] == '\'' ||
		                                (unsigned char)text[after] == 0xe2) &&
		            (text[after + 1] == 's' || (after + 3 < end && text[after + 3] == 's'))) ||
		           (after < end && text[after] == '-' && !based);
		bool ok = based || (!org && locative_before(text, start, i));
		/* "in Islamabad, Pakistan": a country right after a city is its
		 * qualifier, whatever stands before it. */
		if (!ok && !org && prev.place && is_citylike(prev.place) && p->kind == 'N' &&
		    prev.pos + prev.len + 2 == i && text[i - 2] == ',')
			ok = true;
		if (!ok) {
			i = after - 1;
			continue;
		}
		candidate cand = { p, i, n };
		if (is_citylike(p)) {
			if (!best.place || distance(i, at) < distance(best.pos, at)) {
				best = cand;
				after_best = NULL;
			}
		} else if (prev.place && prev.place == best.place && prev.pos == best.pos &&
		           prev.pos + prev.len + 2 == i) {
			after_best = p;
		} else if (!best_country.place || distance(i, at) < distance(best_country.pos, at)) {
			best_country = cand;
		}
		prev = cand;
		i = after - 1;
	}
	if (best.place && best_country.place &&
	    distance(best_country.pos, at) + COUNTRY_PENALTY < distance(best.pos, at))
		best.place = NULL;
	if (best.place) {
		const chr_place *p = best.place;
		CHECK(chr_buf_adds(b, p->display ? p->display : p->name));
		if (after_best && p->kind == 'C') {
			CHECK(chr_buf_adds(b, ", "));
			CHECK(chr_buf_adds(b, after_best->name));
		}
		*found = true;
	} else if (best_country.place) {
		const chr_place *p = best_country.place;
		CHECK(chr_buf_adds(b, p->display ? p->display : p->name));
		*found = true;
	}
cleanup:
	return rc;
}

chr_status chr_place_dateline(chr_buf *b, const char *text, size_t len,
                              size_t date_offset, bool *found)
{
	*found = false;
	if (date_offset > len)
		return CHR_OK;
	size_t e = skip_back_space(text, 0, date_offset);
	if (e == 0 || text[e - 1] != ',')
		return CHR_OK;
	e--;
	size_t s = e;
	while (s > 0 && text[s - 1] != '\n' && e - s <= 48)
		s--;
	if (s > 0 && text[s - 1] != '\n')
		return CHR_OK;
	while (s < e && (text[s] == ' ' || text[s] == '\t'))
		s++;
	/* "GENEVA", "Singapore", or "Geneva, Switzerland". */
	const chr_place *p = chr_place_lookup(text + s, e - s, true);
	if (!p) {
		size_t c = s;
		while (c < e && text[c] != ',')
			c++;
		p = chr_place_lookup(text + s, c - s, true);
	}
	if (!p)
		return CHR_OK;
	*found = true;
	return chr_buf_adds(b, p->display ? p->display : p->name);
}
