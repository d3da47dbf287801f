/*
 * chronicle's command line: `chronicle VERB [OPTION]... [FILE|-]...`.
 *
 * This is the only place that prints to the terminal or exits (but for
 * the SIGBUS handler of src/util/map.c, which names a mapped file that
 * shrank while it was read and exits 1). Usage errors exit 2; a file
 * that cannot be read exits 1 at the end, after the other files were
 * processed.
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "chronicle.h"
#include "cli/cli.h"
#include "cli/pool.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

enum verb { VERB_EXTRACT, VERB_EVENTS };
enum format { FMT_JSONL, FMT_ICS, FMT_ATOM, FMT_RSS, FMT_JSON, FMT_HTML };

struct options {
	enum verb verb;
	enum format format;
	chr_date ref;
	const char *output;
	chr_feed feed;
	bool have_now;
	bool merge;     /* jsonl: one line per happening over every file */
	bool text;      /* extract --text: print the documents' text */
	bool meta;      /* extract --meta: what the reader learnt of each */
	bool from_list; /* paths come on standard input, one a line */
	size_t docs;    /* documents printed with --text */
	chr_finder *finder; /* one for the whole run: its memory is reused */
	unsigned jobs;      /* threads that may lex one long text; 0: one a CPU */
	bool out_known; /* -o names a regular file: which one */
	dev_t out_dev;
	ino_t out_ino;
};

/* Events gathered from every document, for formats that are one document. */
struct collected {
	chr_events **lists;
	size_t n_lists, cap;
};

static const char *progname = "chronicle";

/* Threads at most, however many CPUs: each holds a window of text and
 * its tokens. */
enum { JOBS_MAX = 8 };

/* The windows extract reads a huge text in. A window's tokens (some
 * 60,000 of 16 bytes in 1 MB of prose) then stay in a 1 MB L2 cache while
 * the grammar and the resolver read them, and two threads share the
 * windows out more evenly: extract of the 100 MB bench text took 300 ms
 * rather than 333 on one thread and 200 rather than 240 on two, and
 * printed the same lines. events keeps the reader's 4 MB, within which it
 * merges the mentions of an event. */
#define EXTRACT_WINDOW ((size_t)1 << 20)

/* The CPUs this process may run on. */
static unsigned cpus(void)
{
#ifdef CPU_COUNT
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		return (unsigned)CPU_COUNT(&set);
#endif
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

static void usage_main(FILE *out)
{
	fprintf(out,
	        "Usage: chronicle VERB [OPTION]... [FILE|-]...\n"
	        "Find the dates in news articles and publish their events.\n"
	        "\n"
	        "Verbs:\n"
	        "  extract   print every date mention as a JSON line\n"
	        "  events    print the events as JSON lines, iCalendar, Atom, RSS, JSON or HTML\n"
	        "  build     bring a feed's calendar and feeds up to date (feeds/NAME.feed)\n"
	        "  serve     serve a folder of outputs over HTTP\n"
	        "\n"
	        "Options:\n"
	        "  -h, --help      show this help (or a verb's help: chronicle VERB --help)\n"
	        "  -V, --version   show the version\n"
	        "\n"
	        "With no FILE, or when FILE is -, read standard input.\n"
	        "See chronicle(1) for the output formats.\n");
}

static void usage_extract(FILE *out)
{
	fprintf(out,
	        "Usage: chronicle extract [--ref YYYY-MM-DD] [--text] [FILE|DIR|-]...\n"
	        "Print each date mention in the files as one JSON line:\n"
	        "  {\"doc\",\"offset\",\"length\",\"text\",\"start\",\"end\",\"precision\"}\n"
	        "with optional \"mod\", \"time\", \"tz\" and \"role\". Offsets are bytes\n"
	        "of the document's text as read (an HTML page's extracted text).\n"
	        "\n"
	        "  -r, --ref DATE   publication date to assume where the text states none\n"
	        "      --text       print the documents' text instead (a form feed line\n"
	        "                   between documents), to check offsets against\n"
	        "      --meta       print one JSON line per document instead: doc,\n"
	        "                   headline, url, published and published_from\n"
	        "      --from-list  read the paths of the sources from standard input\n"
	        "  -j, --jobs N     find the dates of N documents (or windows of a huge\n"
	        "                   text) at once, and of a text over 2 MB in N pieces\n"
	        "                   (default: one a CPU, at most 8; the output is the same)\n"
	        "  -h, --help       show this help\n");
}

static void usage_events(FILE *out)
{
	fprintf(out,
	        "Usage: chronicle events [OPTION]... [FILE|DIR|-]...\n"
	        "Print the events the files mention.\n"
	        "\n"
	        "      --from-list    read the paths of the sources from standard input\n"
	        "  -t, --format F     jsonl (default), ics, atom, rss, json or html (the\n"
	        "                     timeline page)\n"
	        "  -m, --merge        jsonl: one line per happening across the files\n"
	        "                     (the other formats always merge)\n"
	        "  -o, --output FILE  write to FILE instead of standard output\n"
	        "  -r, --ref DATE     publication date to assume where the text states none\n"
	        "      --title T      feed and calendar title\n"
	        "      --description D  feed and calendar description\n"
	        "      --base-url URL public URL of the folder the outputs are served from\n"
	        "      --author A     feed author\n"
	        "      --now TIME     build time, RFC 3339 (default: SOURCE_DATE_EPOCH,\n"
	        "                     else the publication dates)\n"
	        "      --calendar-precision day|month|all\n"
	        "                     which events go to the calendar (default day)\n"
	        "  -j, --jobs N       read N documents (or windows of a huge text) at once,\n"
	        "                     and a text over 2 MB in N pieces (default: one a\n"
	        "                     CPU, at most 8; the output is the same)\n"
	        "  -h, --help         show this help\n");
}

/* 0 when s starts with prefix (lowercase ASCII), case-insensitively, and
 * has more after it. */
static int strncasecmp_ascii(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
		if (c != *prefix)
			return 1;
	}
	return *s ? 0 : 1;
}

static void die_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", progname);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", progname);
	exit(2);
}

/* True when s begins with "DD:DD" (n pairs): sscanf's %2d alone would
 * also take a sign or a space ("T-1:-5:00Z"). */
static bool digit_pairs(const char *s, int n)
{
	for (int i = 0; i < n; i++, s += 3) {
		if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
			return false;
		if (i + 1 < n && s[2] != ':')
			return false;
	}
	return true;
}

bool parse_uint(const char *s, unsigned long min, unsigned long max, unsigned *out)
{
	char *end;
	errno = 0;
	if (*s < '0' || *s > '9')
		return false;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = (unsigned)v;
	return true;
}

const char *cli_base_url_problem(const char *url)
{
	static char problem[64];
	char what[4];
	if (strncasecmp_ascii(url, "http://") != 0 && strncasecmp_ascii(url, "https://") != 0)
		return "wants an http:// or https:// URL";
	const char *misfit = chr_url_misfit(url, what);
	if (!misfit)
		return NULL;
	snprintf(problem, sizeof problem, "may not hold %s (percent-encode it)", misfit);
	return problem;
}

/* Parses RFC 3339 ("2018-02-28T15:58:07Z", "+01:00" offsets, or a bare
 * date) into Unix seconds. */
bool parse_rfc3339(const char *s, int64_t *out)
{
	chr_date d;
	char day[11];
	int hh = 0, mm = 0, ss = 0, n = 0;
	if (strlen(s) < 10)
		return false;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!chr_date_parse(day, &d))
		return false;
	s += 10;
	long offset = 0;
	if (*s == 'T' || *s == 't' || *s == ' ') {
		if (!digit_pairs(s + 1, 3) ||
		    sscanf(s + 1, "%2d:%2d:%2d%n", &hh, &mm, &ss, &n) != 3 ||
		    hh > 23 || mm > 59 || ss > 60)
			return false;
		s += 1 + n;
		if (*s == '.')
			for (s++; *s >= '0' && *s <= '9'; s++)
				;
		if (*s == 'Z' || *s == 'z') {
			s++;
		} else if (*s == '+' || *s == '-') {
			int oh, om, k = 0;
			if (!digit_pairs(s + 1, 2) ||
			    sscanf(s + 1, "%2d:%2d%n", &oh, &om, &k) != 2 || k != 5 ||
			    oh > 23 || om > 59)
				return false;
			offset = (oh * 60L + om) * 60 * (*s == '-' ? -1 : 1);
			s += 1 + k;
		} else {
			return false;
		}
	}
	if (*s)
		return false;
	*out = (int64_t)chr_date_to_days(d) * 86400 + hh * 3600 + mm * 60 + ss - offset;
	return true;
}

static void parse_options(int argc, char **argv, struct options *o)
{
	enum { OPT_TITLE = 256, OPT_DESC, OPT_BASE, OPT_AUTHOR, OPT_NOW, OPT_CALPREC,
	       OPT_TEXT, OPT_FROM_LIST, OPT_META };
	const char *why;
	static const struct option longopts[] = {
		{ "ref", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "description", required_argument, NULL, OPT_DESC },
		{ "base-url", required_argument, NULL, OPT_BASE },
		{ "author", required_argument, NULL, OPT_AUTHOR },
		{ "now", required_argument, NULL, OPT_NOW },
		{ "calendar-precision", required_argument, NULL, OPT_CALPREC },
		{ "merge", no_argument, NULL, 'm' },
		{ "text", no_argument, NULL, OPT_TEXT },
		{ "meta", no_argument, NULL, OPT_META },
		{ "from-list", no_argument, NULL, OPT_FROM_LIST },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *shortopts = o->verb == VERB_EVENTS ? "r:t:o:mj:h" : "r:j:h";
	int c;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (o->verb == VERB_EXTRACT && c != 'r' && c != 'j' && c != 'h' && c != '?' &&
		    c != OPT_TEXT && c != OPT_FROM_LIST && c != OPT_META)
			die_usage("option '%s' is for 'chronicle events'", argv[optind - 1]);
		if (o->verb == VERB_EVENTS && (c == OPT_TEXT || c == OPT_META))
			die_usage("option '%s' is for 'chronicle extract'", argv[optind - 1]);
		switch (c) {
		case 'r':
			if (!chr_date_parse(optarg, &o->ref))
				die_usage("--ref wants a date as YYYY-MM-DD, not '%s'", optarg);
			break;
		case 't':
			if (strcmp(optarg, "jsonl") == 0) o->format = FMT_JSONL;
			else if (strcmp(optarg, "ics") == 0) o->format = FMT_ICS;
			else if (strcmp(optarg, "atom") == 0) o->format = FMT_ATOM;
			else if (strcmp(optarg, "rss") == 0) o->format = FMT_RSS;
			else if (strcmp(optarg, "json") == 0) o->format = FMT_JSON;
			else if (strcmp(optarg, "html") == 0) o->format = FMT_HTML;
			else die_usage("unknown format '%s' (jsonl, ics, atom, rss, json or html)", optarg);
			break;
		case 'o': o->output = optarg; break;
		case 'j':
			if (!parse_uint(optarg, 1, 1024, &o->jobs))
				die_usage("--jobs wants a number of threads from 1, not '%s'", optarg);
			break;
		case 'm': o->merge = true; break;
		case OPT_TEXT: o->text = true; break;
		case OPT_META: o->meta = true; break;
		case OPT_FROM_LIST: o->from_list = true; break;
		case OPT_TITLE: o->feed.title = optarg; break;
		case OPT_DESC: o->feed.description = optarg; break;
		case OPT_BASE:
			/* The feeds put it in links readers follow: a relative
			 * or javascript: one would be broken or worse. */
			if ((why = cli_base_url_problem(optarg)))
				die_usage("--base-url %s", why);
			o->feed.base_url = optarg;
			break;
		case OPT_AUTHOR: o->feed.author = optarg; break;
		case OPT_NOW:
			if (!parse_rfc3339(optarg, &o->feed.now))
				die_usage("--now wants an RFC 3339 time, not '%s'", optarg);
			o->have_now = true;
			break;
		case OPT_CALPREC:
			if (strcmp(optarg, "day") == 0) o->feed.calendar_precision = CHR_CAL_DAY;
			else if (strcmp(optarg, "month") == 0) o->feed.calendar_precision = CHR_CAL_MONTH;
			else if (strcmp(optarg, "all") == 0) o->feed.calendar_precision = CHR_CAL_ALL;
			else die_usage("--calendar-precision wants day, month or all, not '%s'", optarg);
			break;
		case 'h':
			if (o->verb == VERB_EVENTS)
				usage_events(stdout);
			else
				usage_extract(stdout);
			exit(0);
		default:
			fprintf(stderr, "Try '%s %s --help' for more information.\n", progname,
			        o->verb == VERB_EVENTS ? "events" : "extract");
			exit(2);
		}
	}
}

static void put(json_t *obj, const char *key, json_t *value)
{
	json_object_set_new(obj, key, value);
}

/* A document's name as JSON. File names need not be UTF-8, JSON strings
 * must: a byte that does not fit becomes '?' rather than the key being
 * lost. */
static json_t *name_json(const char *s)
{
	json_t *j = json_string(s);
	if (j || !s)
		return j;
	size_t n = strlen(s);
	char *c = malloc(n + 1);
	if (!c)
		return NULL;
	for (size_t i = 0; i <= n; i++)
		c[i] = (unsigned char)s[i] >= 0x80 ? '?' : s[i];
	j = json_string(c);
	free(c);
	return j;
}

static json_t *date_json(chr_date d)
{
	char buf[11];
	chr_date_format(d, buf);
	return json_string(buf);
}

static void put_time(json_t *obj, int hour, int minute, int end_hour,
                     int end_minute, bool has_tz, int tz_minutes)
{
	char buf[16];
	if (hour < 0)
		return;
	snprintf(buf, sizeof buf, "%02d:%02d", hour, minute);
	put(obj, "time", json_string(buf));
	if (end_hour >= 0) {
		snprintf(buf, sizeof buf, "%02d:%02d", end_hour, end_minute);
		put(obj, "end_time", json_string(buf));
	}
	if (has_tz) {
		int m = tz_minutes < 0 ? -tz_minutes : tz_minutes;
		snprintf(buf, sizeof buf, "%c%02d:%02d", tz_minutes < 0 ? '-' : '+',
		         m / 60 % 100, m % 60);
		put(obj, "tz", json_string(buf));
	}
}

/* A line of JSON built by hand: jansson's object building and dumping cost
 * more than finding the dates. The bytes are those json_dumps(JSON_COMPACT)
 * gives; a string that is not UTF-8 (which jansson would drop) or a line
 * over LINE_MAX takes the jansson path instead. */
#define LINE_MAX_BYTES (64u << 20)
struct line {
	char *s;
	size_t n, cap;
	bool bad;
};

static void lput_grow(struct line *l, const char *s, size_t n)
{
	if (l->bad)
		return;
	size_t cap = l->cap ? l->cap : 4096;
	while (cap - l->n < n && cap <= LINE_MAX_BYTES)
		cap *= 2;
	char *p = cap - l->n < n ? NULL : realloc(l->s, cap);
	if (!p) {
		l->bad = true;
		return;
	}
	l->s = p;
	l->cap = cap;
	memcpy(l->s + l->n, s, n);
	l->n += n;
}

static inline void lput(struct line *l, const char *s, size_t n)
{
	if (n <= l->cap - l->n) {
		memcpy(l->s + l->n, s, n);
		l->n += n;
	} else {
		lput_grow(l, s, n);
	}
}

#define LPUT(l, lit) lput((l), (lit), sizeof(lit) - 1)

/* The length of the UTF-8 sequence at s[0..n) (s[0] >= 0x80), or 0 when
 * it is not one jansson takes. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t k;
	unsigned lo = 0x80, hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF) {
		k = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		k = 3;
		lo = c == 0xE0 ? 0xA0 : 0x80;
		hi = c == 0xED ? 0x9F : 0xBF;
	} else if (c >= 0xF0 && c <= 0xF4) {
		k = 4;
		lo = c == 0xF0 ? 0x90 : 0x80;
		hi = c == 0xF4 ? 0x8F : 0xBF;
	} else {
		return 0;
	}
	if (k > n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t j = 2; j < k; j++)
		if (s[j] < 0x80 || s[j] > 0xBF)
			return 0;
	return k;
}

/* A JSON string as jansson writes it: \" \\ \b \f \n \r \t, other control
 * characters as \u00XX, everything else as it is. A string that is not
 * UTF-8 marks the line bad (what is written of it then does not matter). */
static void lstr(struct line *l, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	/* most strings are printable ASCII without quotes or backslashes:
	 * copied as they are after one look at each byte */
	size_t plain = 0;
	while (plain < n) {
		unsigned char c = (unsigned char)s[plain];
		if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
			break;
		plain++;
	}
	if (plain == n && n + 2 <= l->cap - l->n) {
		char *o = l->s + l->n;
		o[0] = '"';
		memcpy(o + 1, s, n);
		o[n + 1] = '"';
		l->n += n + 2;
		return;
	}
	const unsigned char *u = (const unsigned char *)s;
	LPUT(l, "\"");
	size_t run = 0;
	for (size_t i = 0; i < n;) {
#if defined(__SSE2__)
		/* sixteen bytes a step while none needs a look: no control
		 * character, quote, backslash or byte of a UTF-8 sequence */
		const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
		              space = _mm_set1_epi8(' ');
		while (i + 16 <= n) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
			/* signed: bytes >= 0x80 are negative, below ' ' too */
			__m128i odd = _mm_or_si128(_mm_cmplt_epi8(v, space),
			                           _mm_or_si128(_mm_cmpeq_epi8(v, quote),
			                                        _mm_cmpeq_epi8(v, bslash)));
			unsigned bits = (unsigned)_mm_movemask_epi8(odd);
			if (bits) {
				i += (size_t)__builtin_ctz(bits);
				break;
			}
			i += 16;
		}
		if (i >= n)
			break;
#endif
		unsigned char c = u[i];
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		if (c >= 0x80) {
			size_t k = utf8_len(u + i, n - i);
			if (!k) {
				l->bad = true;
				return;
			}
			i += k;
			continue;
		}
		lput(l, s + run, i - run);
		run = i + 1;
		char e[6] = { '\\', 0 };
		size_t k = 2;
		switch (c) {
		case '"': e[1] = '"'; break;
		case '\\': e[1] = '\\'; break;
		case '\b': e[1] = 'b'; break;
		case '\f': e[1] = 'f'; break;
		case '\n': e[1] = 'n'; break;
		case '\r': e[1] = 'r'; break;
		case '\t': e[1] = 't'; break;
		default:
			memcpy(e + 1, "u00", 3);
			e[4] = hex[c >> 4];
			e[5] = hex[c & 15];
			k = 6;
		}
		lput(l, e, k);
		i++;
	}
	lput(l, s + run, n - run);
	LPUT(l, "\"");
}

static void lnum(struct line *l, unsigned long long v)
{
	char buf[24];
	size_t k = sizeof buf;
	do
		buf[--k] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	lput(l, buf + k, sizeof buf - k);
}

/* One buffer for every line a thread prints; main and worker_free free
 * them. */
static _Thread_local struct line out_line;

/* Appends v as json_dumps(v, JSON_COMPACT) writes it; l->bad for what it
 * does not write the same (reals, and nesting past 16). */
static void ljson(struct line *l, json_t *v, int depth)
{
	if (depth > 16) {
		l->bad = true;
		return;
	}
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		bool first = true;
		LPUT(l, "{");
		for (void *it = json_object_iter(v); it; it = json_object_iter_next(v, it)) {
			const char *key = json_object_iter_key(it);
			if (!first)
				LPUT(l, ",");
			first = false;
			lstr(l, key, strlen(key));
			LPUT(l, ":");
			ljson(l, json_object_iter_value(it), depth + 1);
		}
		LPUT(l, "}");
		break;
	}
	case JSON_ARRAY:
		LPUT(l, "[");
		for (size_t k = 0; k < json_array_size(v); k++) {
			if (k)
				LPUT(l, ",");
			ljson(l, json_array_get(v, k), depth + 1);
		}
		LPUT(l, "]");
		break;
	case JSON_STRING:
		lstr(l, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER: {
		json_int_t x = json_integer_value(v);
		if (x < 0) {
			LPUT(l, "-");
			lnum(l, 0ull - (unsigned long long)x);
		} else {
			lnum(l, (unsigned long long)x);
		}
		break;
	}
	case JSON_TRUE:
		LPUT(l, "true");
		break;
	case JSON_FALSE:
		LPUT(l, "false");
		break;
	case JSON_NULL:
		LPUT(l, "null");
		break;
	default:
		l->bad = true;
	}
}

/* Prints one JSON value as a line; false when stdout fails. */
static bool print_line(FILE *out, json_t *obj)
{
	struct line *l = &out_line;
	l->n = 0;
	l->bad = false;
	ljson(l, obj, 0);
	LPUT(l, "\n");
	if (!l->bad) {
		json_decref(obj);
		return fwrite(l->s, 1, l->n, out) == l->n;
	}
	char *s = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	if (!s)
		return false;
	bool ok = fputs(s, out) >= 0 && fputc('\n', out) != EOF;
	free(s);
	return ok;
}

static bool print_mention_json(FILE *out, const chr_doc *doc, size_t base,
                               const chr_mention *m)
{
	const char *text = chr_doc_text(doc);
	json_t *o = json_object();
	put(o, "doc", name_json(chr_doc_uri(doc)));
	put(o, "offset", json_integer((json_int_t)(base + m->offset)));
	put(o, "length", json_integer((json_int_t)m->length));
	put(o, "text", json_stringn(text + m->offset, m->length));
	if (m->resolved) {
		put(o, "start", date_json(m->start));
		put(o, "end", date_json(m->end));
	}
	put(o, "precision", json_string(chr_precision_name(m->precision)));
	if (m->kind == CHR_MENTION_DURATION)
		put(o, "duration", json_string(m->value));
	else if (m->kind != CHR_MENTION_DATE)
		put(o, "ref", json_string(m->kind == CHR_MENTION_PAST ? "past" :
		                          m->kind == CHR_MENTION_PRESENT ? "present" : "future"));
	else if (!m->resolved)
		put(o, "resolved", json_false());
	if (m->mod != CHR_MOD_NONE)
		put(o, "mod", json_string(chr_mod_name(m->mod)));
	put_time(o, m->hour, m->minute, m->end_hour, m->end_minute, m->has_tz,
	         m->tz_minutes);
	if (m->role == CHR_ROLE_PUBLISHED)
		put(o, "role", json_string("published"));
	if (!print_line(out, o))
		return false;
	return true;
}

static const char pairs[] = "00010203040506070809101112131415161718192021222324"
                            "25262728293031323334353637383940414243444546474849"
                            "50515253545556575859606162636465666768697071727374"
                            "75767778798081828384858687888990919293949596979899";

/* A date is ten digits and dashes: nothing to escape. Written here two
 * digits at a time; chr_date_format's bytes for any year it is given
 * (the year modulo 10000, month and day modulo 100). */
static void ldate(struct line *l, chr_date d)
{
	unsigned y = (unsigned)d.year % 10000, m = (unsigned)d.month % 100,
	         dd = (unsigned)d.day % 100;
	char q[12] = { '"', pairs[2 * (y / 100)], pairs[2 * (y / 100) + 1], pairs[2 * (y % 100)],
	               pairs[2 * (y % 100) + 1], '-', pairs[2 * m], pairs[2 * m + 1], '-',
	               pairs[2 * dd], pairs[2 * dd + 1], '"' };
	lput(l, q, sizeof q);
}

/* A name from the library (precision, mod): plain ASCII, nothing to escape. */
static void lname(struct line *l, const char *s)
{
	LPUT(l, "\"");
	lput(l, s, strlen(s));
	LPUT(l, "\"");
}

static void lclock(struct line *l, const char *key, size_t key_len, int h, int m)
{
	char buf[8] = { (char)('0' + h / 10 % 10), (char)('0' + h % 10), ':',
	                (char)('0' + m / 10 % 10), (char)('0' + m % 10) };
	lput(l, key, key_len);
	if (h < 0 || h > 99 || m < 0 || m > 99) {
		snprintf(buf, sizeof buf, "%02d:%02d", h, m);
		lstr(l, buf, strlen(buf));
	} else {
		lstr(l, buf, 5);
	}
}

/* Appends the line print_mention_json prints to l, or returns false
 * (l as it was) to use it. */
static bool mention_line(struct line *l, const struct line *head, const char *text,
                         size_t base, const chr_mention *m)
{
	size_t from = l->n;
	l->bad = false;
	lput(l, head->s, head->n);
	lnum(l, (unsigned long long)(base + m->offset));
	LPUT(l, ",\"length\":");
	lnum(l, (unsigned long long)m->length);
	LPUT(l, ",\"text\":");
	lstr(l, text + m->offset, m->length);
	if (m->resolved) {
		LPUT(l, ",\"start\":");
		ldate(l, m->start);
		LPUT(l, ",\"end\":");
		ldate(l, m->end);
	}
	LPUT(l, ",\"precision\":");
	lname(l, chr_precision_name(m->precision));
	if (m->kind == CHR_MENTION_DURATION) {
		LPUT(l, ",\"duration\":");
		lstr(l, m->value, strlen(m->value));
	} else if (m->kind != CHR_MENTION_DATE) {
		LPUT(l, ",\"ref\":");
		if (m->kind == CHR_MENTION_PAST)
			LPUT(l, "\"past\"");
		else if (m->kind == CHR_MENTION_PRESENT)
			LPUT(l, "\"present\"");
		else
			LPUT(l, "\"future\"");
	} else if (!m->resolved) {
		LPUT(l, ",\"resolved\":false");
	}
	if (m->mod != CHR_MOD_NONE) {
		LPUT(l, ",\"mod\":");
		lname(l, chr_mod_name(m->mod));
	}
	if (m->hour >= 0) {
		lclock(l, ",\"time\":", 8, m->hour, m->minute);
		if (m->end_hour >= 0)
			lclock(l, ",\"end_time\":", 12, m->end_hour, m->end_minute);
		if (m->has_tz) {
			char buf[16];
			int t = m->tz_minutes < 0 ? -m->tz_minutes : m->tz_minutes;
			snprintf(buf, sizeof buf, "%c%02d:%02d", m->tz_minutes < 0 ? '-' : '+',
			         t / 60 % 100, t % 60);
			LPUT(l, ",\"tz\":");
			lstr(l, buf, strlen(buf));
		}
	}
	if (m->role == CHR_ROLE_PUBLISHED)
		LPUT(l, ",\"role\":\"published\"");
	LPUT(l, "}\n");
	if (l->bad)
		l->n = from;
	return !l->bad;
}

/* Writes v in decimal at p; returns the end. The digits are counted first
 * (floor(bits * log10 2), which bits * 1233 >> 12 is for every bit length
 * up to 64, and one compare) so that they go straight to their place, two
 * at a time. */
static char *put_num(char *p, unsigned long long v)
{
	static const unsigned long long pow10[20] = {
		1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
		100000000ull, 1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull,
		10000000000000ull, 100000000000000ull, 1000000000000000ull,
		10000000000000000ull, 100000000000000000ull, 1000000000000000000ull,
		10000000000000000000ull
	};
	if (v < 10) {
		*p = (char)('0' + v);
		return p + 1;
	}
	unsigned t = (64u - (unsigned)__builtin_clzll(v)) * 1233u >> 12;
	size_t n = t + (v >= pow10[t]);
	char *e = p + n;
	while (v > UINT32_MAX) {
		unsigned r = (unsigned)(v % 100);
		v /= 100;
		e -= 2;
		memcpy(e, pairs + 2 * r, 2);
	}
	/* the rest in 32 bits, where dividing by 100 costs half */
	uint32_t w = (uint32_t)v;
	while (w >= 100) {
		uint32_t r = w % 100;
		w /= 100;
		e -= 2;
		memcpy(e, pairs + 2 * r, 2);
	}
	if (w >= 10)
		memcpy(e - 2, pairs + 2 * w, 2);
	else
		e[-1] = (char)('0' + w);
	return p + n;
}

/* A date in quotes, as ldate writes it: 12 bytes at p. */
static char *put_date(char *p, chr_date d)
{
	unsigned y = (unsigned)d.year, m = (unsigned)d.month, dd = (unsigned)d.day;
	if (y >= 10000 || m >= 100 || dd >= 100) { /* not a date of the calendar */
		y %= 10000;
		m %= 100;
		dd %= 100;
	}
	p[0] = '"';
	memcpy(p + 1, pairs + 2 * (y / 100), 2);
	memcpy(p + 3, pairs + 2 * (y % 100), 2);
	p[5] = '-';
	memcpy(p + 6, pairs + 2 * m, 2);
	p[8] = '-';
	memcpy(p + 9, pairs + 2 * dd, 2);
	p[11] = '"';
	return p + 12;
}

/* A time of day in quotes, as lclock writes one of 0..99 hours and
 * minutes: 7 bytes at p. */
static char *put_clock(char *p, int h, int m)
{
	p[0] = '"';
	memcpy(p + 1, pairs + 2 * h, 2);
	p[3] = ':';
	memcpy(p + 4, pairs + 2 * m, 2);
	p[6] = '"';
	return p + 7;
}

#if defined(__SSE2__)
/* Bit i set: s[i] is a byte below 0x20 or from 0x80 up (both below 0x20
 * as signed bytes), a quote or a backslash. */
static unsigned odd16(const char *s)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)s);
	__m128i bad = _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
	                           _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
	                                        _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));
	return (unsigned)_mm_movemask_epi8(bad);
}
#endif

/* Whether t[0..n) is printable ASCII without quotes or backslashes: a
 * JSON string that holds it as it is. `readable` bytes from t may be
 * read, n or more. */
static bool plain_text(const char *t, size_t n, size_t readable)
{
	size_t k = 0;
#if defined(__SSE2__)
	/* most dates are shorter than 16 bytes: one look at 16, the bytes
	 * past the date masked off */
	if (n < 16 && readable >= 16)
		return !(odd16(t) & ((1u << n) - 1));
	for (; k + 16 <= n; k += 16)
		if (odd16(t + k))
			return false;
	if (n >= 16 && k < n)
		return !odd16(t + n - 16); /* the last 16, some looked at already */
#endif
	(void)readable;
	for (; k < n; k++) {
		unsigned char c = (unsigned char)t[k];
		if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
			return false;
	}
	return true;
}

#define PUT(p, lit) (memcpy((p), (lit), sizeof(lit) - 1), (p) += sizeof(lit) - 1)

/* What every line of a document shares: the start up to the offset, and
 * for each precision the bytes from ",\"precision\":" to the name's end
 * quote, padded to 32 bytes so that each is copied in one fixed move. */
enum { N_PREC = CHR_PREC_CENTURY + 1 };
struct line_parts {
	const struct line *head;
	const char *text;
	size_t len;          /* bytes of text */
	size_t base;
	char prec[N_PREC][32];
	size_t prec_n[N_PREC];
};

static void line_parts_init(struct line_parts *lp, const struct line *head, const char *text,
                            size_t len, size_t base)
{
	memset(lp, 0, sizeof *lp); /* the padding is copied too, and never printed */
	lp->head = head;
	lp->text = text;
	lp->len = len;
	lp->base = base;
	for (int k = 0; k < N_PREC; k++) {
		const char *name = chr_precision_name((chr_precision)k);
		int n = snprintf(lp->prec[k], sizeof lp->prec[k], ",\"precision\":\"%s\"", name);
		lp->prec_n[k] = n > 0 && (size_t)n < sizeof lp->prec[k] ? (size_t)n : 0;
	}
}

/* mention_line for the commonest lines, written straight into room made
 * once: a resolved date whose text is printable ASCII without quotes or
 * backslashes, with a time (if any) of two-digit hours and minutes.
 * Returns false (l as it was) for any other, which mention_line writes;
 * the bytes are the same. */
static bool mention_line_plain(struct line *l, const struct line_parts *lp,
                               const chr_mention *m)
{
	const struct line *head = lp->head;
	if (m->kind != CHR_MENTION_DATE || !m->resolved || m->length > 512 || head->bad ||
	    (unsigned)m->precision >= N_PREC || lp->prec_n[m->precision] == 0 ||
	    l->cap - l->n < head->n + m->length + 256)
		return false;
	if (m->hour >= 0 &&
	    (m->hour > 99 || m->minute < 0 || m->minute > 99 ||
	     (m->end_hour >= 0 && (m->end_hour > 99 || m->end_minute < 0 || m->end_minute > 99))))
		return false;
	const char *t = lp->text + m->offset;
	size_t readable = m->offset < lp->len ? lp->len - m->offset : 0;
	if (!plain_text(t, m->length, readable))
		return false;
	char *p = l->s + l->n;
	/* a head of a short name in one fixed move: its buffer holds 4096
	 * bytes or more (lput_grow), and the line has room for 256 past it */
	if (head->n <= 64)
		memcpy(p, head->s, 64);
	else
		memcpy(p, head->s, head->n);
	p += head->n;
	p = put_num(p, (unsigned long long)(lp->base + m->offset));
	PUT(p, ",\"length\":");
	p = put_num(p, (unsigned long long)m->length);
	PUT(p, ",\"text\":\"");
	if (m->length <= 16 && readable >= 16)
		memcpy(p, t, 16); /* one move; what is past the text is written over */
	else
		memcpy(p, t, m->length);
	p += m->length;
	PUT(p, "\",\"start\":");
	char *start = p;
	p = put_date(p, m->start);
	PUT(p, ",\"end\":");
	if (m->start.year == m->end.year && m->start.month == m->end.month &&
	    m->start.day == m->end.day) {
		memcpy(p, start, 12);
		p += 12;
	} else {
		p = put_date(p, m->end);
	}
	memcpy(p, lp->prec[m->precision], 32); /* the room is there: see above */
	p += lp->prec_n[m->precision];
	if (m->mod != CHR_MOD_NONE) {
		PUT(p, ",\"mod\":\"");
		const char *name = chr_mod_name(m->mod);
		size_t nl = strlen(name);
		memcpy(p, name, nl);
		p += nl;
		*p++ = '"';
	}
	if (m->hour >= 0) {
		PUT(p, ",\"time\":");
		p = put_clock(p, m->hour, m->minute);
		if (m->end_hour >= 0) {
			PUT(p, ",\"end_time\":");
			p = put_clock(p, m->end_hour, m->end_minute);
		}
		if (m->has_tz) {
			/* "%c%02d:%02d" of the sign, the hours modulo 100 and the
			 * minutes */
			int z = m->tz_minutes < 0 ? -m->tz_minutes : m->tz_minutes;
			PUT(p, ",\"tz\":\"");
			*p++ = m->tz_minutes < 0 ? '-' : '+';
			memcpy(p, pairs + 2 * (z / 60 % 100), 2);
			p[2] = ':';
			memcpy(p + 3, pairs + 2 * (z % 60), 2);
			p[5] = '"';
			p += 6;
		}
	}
	if (m->role == CHR_ROLE_PUBLISHED)
		PUT(p, ",\"role\":\"published\"");
	PUT(p, "}\n");
	l->n = (size_t)(p - l->s);
	return true;
}

static bool print_mentions(FILE *out, const chr_doc *doc, size_t base,
                           const chr_mentions *list)
{
	struct line *l = &out_line;
	const char *uri = chr_doc_uri(doc), *text = chr_doc_text(doc);
	/* every line of a document starts the same */
	struct line head = { 0 };
	LPUT(&head, "{\"doc\":");
	lstr(&head, uri, strlen(uri));
	LPUT(&head, ",\"offset\":");
	struct line_parts lp;
	line_parts_init(&lp, &head, text, chr_doc_len(doc), base);
	/* lines are gathered and written some 64 KB at a time: one fwrite
	 * a line cost more than making the line */
	enum { FLUSH_AT = 64 << 10 };
	bool ok = true;
	l->n = 0;
	for (size_t i = 0, n = chr_mentions_count(list); ok && i < n; i++) {
		const chr_mention *m = chr_mentions_get(list, i);
		/* The text of a mention is read here, megabytes after the date
		 * core last did: asked for some mentions ahead, it has arrived
		 * from memory by the time its line is made. */
		enum { PREFETCH_AHEAD = 8 };
		if (i + PREFETCH_AHEAD < n)
			__builtin_prefetch(text + chr_mentions_get(list, i + PREFETCH_AHEAD)->offset);
		if (mention_line_plain(l, &lp, m) ||
		    (!head.bad && mention_line(l, &head, text, base, m))) {
			if (l->n >= FLUSH_AT) {
				ok = fwrite(l->s, 1, l->n, out) == l->n;
				l->n = 0;
			}
			continue;
		}
		if (l->n)
			ok = fwrite(l->s, 1, l->n, out) == l->n;
		l->n = 0;
		ok = ok && print_mention_json(out, doc, base, m);
		l->n = 0; /* print_line wrote its line from the same buffer */
	}
	if (ok && l->n)
		ok = fwrite(l->s, 1, l->n, out) == l->n;
	l->n = 0;
	free(head.s);
	return ok;
}

/* A string field as jansson would print it; a missing one (which jansson
 * leaves out) sends the line down the jansson path. */
static void lfield(struct line *l, const char *s)
{
	if (!s)
		l->bad = true;
	else
		lstr(l, s, strlen(s));
}

static void ldate_str(struct line *l, chr_date d)
{
	char buf[11];
	chr_date_format(d, buf);
	lstr(l, buf, strlen(buf));
}

static void lint(struct line *l, json_int_t x)
{
	if (x < 0) {
		LPUT(l, "-");
		lnum(l, 0ull - (unsigned long long)x);
	} else {
		lnum(l, (unsigned long long)x);
	}
}

/* The line event_json prints, built by hand as mention_line does for
 * extract; false (l->bad) to use event_json. */
static bool event_line(struct line *l, size_t base, const chr_event *e)
{
	l->n = 0;
	l->bad = false;
	LPUT(l, "{\"uid\":");
	lfield(l, e->uid);
	LPUT(l, ",\"doc\":");
	lfield(l, e->doc);
	LPUT(l, ",\"start\":");
	ldate_str(l, e->start);
	LPUT(l, ",\"end\":");
	ldate_str(l, e->end);
	LPUT(l, ",\"precision\":");
	lfield(l, chr_precision_name(e->precision));
	if (e->mod != CHR_MOD_NONE) {
		LPUT(l, ",\"mod\":");
		lfield(l, chr_mod_name(e->mod));
	}
	if (e->hour >= 0) {
		lclock(l, ",\"time\":", 8, e->hour, e->minute);
		if (e->end_hour >= 0)
			lclock(l, ",\"end_time\":", 12, e->end_hour, e->end_minute);
		if (e->has_tz) {
			char buf[16];
			int t = e->tz_minutes < 0 ? -e->tz_minutes : e->tz_minutes;
			snprintf(buf, sizeof buf, "%c%02d:%02d", e->tz_minutes < 0 ? '-' : '+',
			         t / 60 % 100, t % 60);
			LPUT(l, ",\"tz\":");
			lstr(l, buf, strlen(buf));
		}
	}
	LPUT(l, ",\"title\":");
	lfield(l, e->title);
	LPUT(l, ",\"location\":");
	if (e->location)
		lfield(l, e->location);
	else
		LPUT(l, "null");
	LPUT(l, ",\"sentence\":");
	lfield(l, e->sentence);
	LPUT(l, ",\"status\":");
	lfield(l, chr_event_status_name(e->status));
	LPUT(l, ",\"mentions\":[");
	for (size_t k = 0; k < e->n_mentions; k++) {
		if (k)
			LPUT(l, ",");
		LPUT(l, "[");
		lint(l, (json_int_t)(base + e->mentions[k].offset));
		LPUT(l, ",");
		lint(l, (json_int_t)e->mentions[k].length);
		LPUT(l, "]");
	}
	LPUT(l, "]");
	if (e->url) {
		LPUT(l, ",\"url\":");
		lfield(l, e->url);
	}
	LPUT(l, ",\"sources\":[");
	for (size_t k = 0; k < e->n_sources; k++) {
		if (k)
			LPUT(l, ",");
		LPUT(l, "{\"doc\":");
		lfield(l, e->sources[k].doc);
		if (e->sources[k].url) {
			LPUT(l, ",\"url\":");
			lfield(l, e->sources[k].url);
		}
		LPUT(l, "}");
	}
	LPUT(l, "]}\n");
	return !l->bad;
}

static bool print_events(FILE *out, size_t base, const chr_events *events)
{
	struct line *l = &out_line;
	for (size_t i = 0; i < chr_events_count(events); i++) {
		const chr_event *e = chr_events_get(events, i);
		if (event_line(l, base, e)) {
			if (fwrite(l->s, 1, l->n, out) != l->n)
				return false;
			continue;
		}
		json_t *o = json_object();
		put(o, "uid", json_string(e->uid));
		put(o, "doc", name_json(e->doc));
		put(o, "start", date_json(e->start));
		put(o, "end", date_json(e->end));
		put(o, "precision", json_string(chr_precision_name(e->precision)));
		if (e->mod != CHR_MOD_NONE)
			put(o, "mod", json_string(chr_mod_name(e->mod)));
		put_time(o, e->hour, e->minute, e->end_hour, e->end_minute, e->has_tz,
		         e->tz_minutes);
		put(o, "title", json_string(e->title));
		put(o, "location", e->location ? json_string(e->location) : json_null());
		put(o, "sentence", json_string(e->sentence));
		put(o, "status", json_string(chr_event_status_name(e->status)));
		json_t *spans = json_array();
		for (size_t k = 0; k < e->n_mentions; k++) {
			json_t *pair = json_array();
			json_array_append_new(pair, json_integer((json_int_t)(base + e->mentions[k].offset)));
			json_array_append_new(pair, json_integer((json_int_t)e->mentions[k].length));
			json_array_append_new(spans, pair);
		}
		put(o, "mentions", spans);
		if (e->url)
			put(o, "url", json_string(e->url));
		json_t *sources = json_array();
		for (size_t k = 0; k < e->n_sources; k++) {
			json_t *src = json_object();
			put(src, "doc", name_json(e->sources[k].doc));
			if (e->sources[k].url)
				put(src, "url", json_string(e->sources[k].url));
			json_array_append_new(sources, src);
		}
		put(o, "sources", sources);
		if (!print_line(out, o))
			return false;
	}
	return true;
}

static void report(const chr_error *err, const char *path)
{
	fprintf(stderr, "%s: %s: %s\n", progname, err->file[0] ? err->file : path,
	        err->problem[0] ? err->problem : chr_status_str(err->status));
}

/* Reads one source and prints or collects what it holds. Returns false when
 * the source had a problem (already reported). */
/* Prints a document's text for --text: windows back to back, a form
 * feed line between documents. */
static bool print_text(FILE *out, struct options *o, const chr_doc *doc, size_t base)
{
	if (base == 0 && o->docs++ > 0 && fputs("\f\n", out) < 0)
		return false;
	size_t n = chr_doc_len(doc);
	return fwrite(chr_doc_text(doc), 1, n, out) == n;
}

/* extract --meta: one line per document (a huge text's first window). */
static bool print_meta(FILE *out, const chr_doc *doc)
{
	static const char *const from[] = { "none", "text", "meta", "ref" };
	chr_pub_source src;
	chr_date pub = chr_doc_published(doc, &src);
	json_t *o = json_object();
	put(o, "doc", name_json(chr_doc_uri(doc)));
	put(o, "headline", chr_doc_title(doc) ? json_string(chr_doc_title(doc)) : json_null());
	put(o, "url", chr_doc_url(doc) ? json_string(chr_doc_url(doc)) : json_null());
	put(o, "published", src != CHR_PUB_NONE ? date_json(pub) : json_null());
	put(o, "published_from", json_string(from[src]));
	put(o, "length", json_integer((json_int_t)chr_doc_len(doc)));
	return print_line(out, o);
}

/* Whether path is the file -o writes to. */
static bool is_output(const struct options *o, const char *path)
{
	struct stat st;
	if (!o->out_known)
		return false;
	if (strcmp(path, "-") == 0 ? fstat(STDIN_FILENO, &st) != 0 : stat(path, &st) != 0)
		return false;
	return S_ISREG(st.st_mode) && st.st_dev == o->out_dev && st.st_ino == o->out_ino;
}

/*
 * One document, or one window of a huge text, on its way through the date
 * core (and the event finder) to the output. work_unit finds and prints
 * it, on a thread of the pool when there is one (into u->out, a memory
 * stream), and retire reports and writes it, in the order it was read.
 */
struct unit {
	char *path;         /* the source it came from, for reports */
	chr_doc *doc;
	size_t base;        /* its offset in the whole text (a window) */
	chr_date pub;       /* the publication date to assume */
	chr_error warn;     /* what the reader said of it, reported first */
	bool warned;        /* and it was, by the thread that wrote its lines */
	/* what work_unit gives */
	char *out;          /* the lines it prints (with a pool) */
	size_t out_len;
	chr_events *events; /* for the formats that gather every document */
	chr_error err;      /* reported when failed */
	bool failed;
	bool out_failed;    /* the lines could not be written */
	bool pub_known;     /* pub_found: the date the document gave itself */
	chr_date pub_found;
};

/* Where the run's units go: printed as they are read, or through a pool. */
struct run {
	struct options *o;
	FILE *out;
	struct collected *all;
	cli_pool *pool;
	bool failed;      /* a unit had a problem (reported) */
	bool out_failed;  /* the output could not be written: stop reading */
};

/* What a thread of the pool works with: a finder of its own. */
struct worker {
	const struct run *run;
	chr_finder *finder;
};

static void work_on(const struct options *o, chr_finder *finder, struct unit *u, FILE *out)
{
	chr_mentions *list = NULL;
	chr_doc *doc = u->doc;
	size_t base = u->base;
	if (chr_finder_find(finder, doc, u->pub, &list, &u->err) != CHR_OK) {
		u->failed = true;
	} else if (o->meta) {
		if (base == 0 && !print_meta(out, doc))
			u->out_failed = true;
	} else if (o->verb == VERB_EXTRACT) {
		if (!print_mentions(out, doc, base, list))
			u->out_failed = true;
	} else if (chr_events_find(doc, list, o->feed.id, &u->events, &u->err) != CHR_OK) {
		u->failed = true;
	} else if (o->format == FMT_JSONL && !o->merge) {
		if (!print_events(out, base, u->events))
			u->out_failed = true;
		chr_events_free(u->events);
		u->events = NULL;
	} else {
		/* a huge text's later windows: offsets into the whole text, as
		 * a streamed line would have them */
		for (size_t i = 0; base && i < chr_events_count(u->events); i++) {
			const chr_event *e = chr_events_get(u->events, i);
			chr_span *m = (chr_span *)e->mentions; /* ours to change */
			for (size_t k = 0; k < e->n_mentions; k++)
				m[k].offset += base;
		}
	}
	chr_mentions_free(list);
	if (base == 0) {
		chr_pub_source src;
		u->pub_found = chr_doc_published(doc, &src);
		u->pub_known = src != CHR_PUB_NONE;
	}
}

/* Reports what the reader said of u now, before its lines are written
 * out (retire reports it otherwise). */
static void warn_now(struct unit *u)
{
	if (u->warn.problem[0]) {
		report(&u->warn, u->path);
		u->warned = true;
		u->warn.problem[0] = '\0';
	}
}

/* The pool's work. The unit's lines go to memory, for retire to write,
 * but for the oldest unit's: every line before them is written, and
 * nothing else is until it is retired, so they go straight out. */
static void work_unit(void *unit, void *state)
{
	struct unit *u = unit;
	struct worker *w = state;
	bool direct = false;
	FILE *out = NULL;
	if (w && w->finder) {
		direct = cli_pool_oldest(w->run->pool, u);
		out = direct ? w->run->out : open_memstream(&u->out, &u->out_len);
	}
	if (!out) {
		chr_fail(&u->err, CHR_ENOMEM, chr_doc_uri(u->doc), "out of memory");
		u->failed = true;
		return;
	}
	if (direct)
		warn_now(u);
	/* a document read whole may be lexed in pieces on threads of its
	 * own; the windows of a huge text keep the pool's threads busy */
	bool first, last;
	chr_doc_window(u->doc, &first, &last);
	chr_finder_set_jobs(w->finder, first && last ? w->run->o->jobs : 1);
	work_on(w->run->o, w->finder, u, out);
	if (!direct && fclose(out) != 0)
		u->out_failed = true;
}

static void *worker_new(void *arg)
{
	struct worker *w = malloc(sizeof *w);
	if (w) {
		w->run = arg;
		w->finder = chr_finder_new();
	}
	return w;
}

static void worker_free(void *state)
{
	struct worker *w = state;
	if (w)
		chr_finder_free(w->finder);
	free(w);
	free(out_line.s); /* this thread's */
	out_line = (struct line){ 0 };
}

/* Reports and writes what u gave, and keeps its events (unit_free frees
 * the rest). */
static void retire(struct run *run, struct unit *u)
{
	const char *path = u->path;
	if (u->warn.problem[0]) {
		report(&u->warn, path);
		run->failed = true;
	}
	if (u->warned)
		run->failed = true;
	if (u->out_len && !run->out_failed &&
	    fwrite(u->out, 1, u->out_len, run->out) != u->out_len)
		run->out_failed = true;
	if (u->out_failed)
		run->out_failed = true;
	if (u->failed) {
		report(&u->err, path);
		run->failed = true;
	}
	if (u->events && !run->out_failed) {
		struct collected *all = run->all;
		if (all->n_lists == all->cap) {
			size_t cap = all->cap ? all->cap * 2 : 64;
			chr_events **p = realloc(all->lists, cap * sizeof *p);
			if (!p) {
				fprintf(stderr, "%s: out of memory\n", progname);
				exit(1);
			}
			all->lists = p;
			all->cap = cap;
		}
		all->lists[all->n_lists++] = u->events;
		u->events = NULL;
	}
}

static void unit_free(struct unit *u)
{
	chr_events_free(u->events);
	chr_doc_free(u->doc);
	free(u->out);
	free(u->path);
	free(u);
}

/* Takes the pool's oldest unit out and retires it; false when it held
 * none. When that is *first, the first window of the text being read,
 * the date it gave itself goes to *pub for the windows after it. */
static bool retire_oldest(struct run *run, struct unit **first, chr_date *pub)
{
	struct unit *u = cli_pool_front(run->pool);
	if (!u)
		return false;
	if (u == *first) {
		if (u->pub_known)
			*pub = u->pub_found;
		*first = NULL;
	}
	/* written before it leaves the pool, so that the unit after it,
	 * once the oldest, may write its own lines straight out */
	retire(run, u);
	cli_pool_drop(run->pool);
	unit_free(u);
	return true;
}

/* Reads one source and prints or collects what it holds. Returns false when
 * the source had a problem (already reported; a problem of one of its
 * documents is reported as it is retired and noted in run->failed). */
static bool process(const char *path, struct run *run)
{
	struct options *o = run->o;
	chr_reader *r = NULL;
	chr_error err;
	bool ok = true;
	chr_date pub = o->ref; /* carried from a huge text's first window */
	struct unit *first = NULL; /* in the pool, its pub not yet known */

	if (is_output(o, path)) {
		/* what is being written would be read back as an article (a
		 * path of --from-list); said after the reports of the
		 * documents before it */
		while (run->pool && retire_oldest(run, &first, &pub))
			;
		fprintf(stderr, "%s: %s: is the output file (-o), skipped\n", progname, path);
		return false;
	}
	if (chr_reader_open_mapped(path, &r, &err) != CHR_OK) {
		while (run->pool && retire_oldest(run, &first, &pub))
			;
		report(&err, path);
		return false;
	}
	if (o->verb == VERB_EXTRACT)
		chr_reader_set_window(r, EXTRACT_WINDOW);
	while (!run->out_failed) {
		chr_doc *doc = NULL;
		size_t base = 0;
		chr_status rc = chr_reader_next(r, &doc, &base, &err);
		if (rc != CHR_OK) {
			/* after what came before it */
			while (run->pool && retire_oldest(run, &first, &pub))
				;
			report(&err, path);
			ok = false;
			break;
		}
		if (!doc) {
			if (err.problem[0]) {
				report(&err, path);
				ok = false;
			}
			break;
		}
		if (o->text) {
			if (err.problem[0]) {
				report(&err, path);
				ok = false;
			}
			if (!print_text(run->out, o, doc, base))
				run->out_failed = true;
			chr_doc_free(doc);
			continue;
		}
		struct unit *u = calloc(1, sizeof *u);
		if (!u || !(u->path = strdup(path))) {
			fprintf(stderr, "%s: out of memory\n", progname);
			exit(1);
		}
		u->doc = doc;
		u->base = base;
		u->warn = err;
		if (base == 0) {
			pub = o->ref; /* a new document (a feed's next item) */
		} else if (first) {
			/* a later window of a text whose first is in the pool:
			 * the date it gave itself holds for the rest */
			cli_pool_wait(run->pool, first);
			if (first->pub_known)
				pub = first->pub_found;
			first = NULL;
		}
		u->pub = pub;
		if (!run->pool) {
			warn_now(u);
			work_on(o, o->finder, u, run->out);
			if (base == 0 && u->pub_known)
				pub = u->pub_found;
			retire(run, u);
			unit_free(u);
			continue;
		}
		while (cli_pool_full(run->pool))
			retire_oldest(run, &first, &pub);
		cli_pool_put(run->pool, u);
		if (base == 0)
			first = u;
	}
	chr_reader_close(r);
	return ok;
}

/* A source given on the command line: a file, "-", or a folder of them. */
static bool process_source(const char *path, struct run *run)
{
	struct options *o = run->o;
	chr_paths *paths = NULL;
	chr_error err;
	bool ok = true;
	if (chr_paths_list(path, &paths, &err) != CHR_OK) {
		report(&err, path);
		return false;
	}
	for (size_t i = 0; i < chr_paths_count(paths) && !run->out_failed; i++) {
		const char *why = chr_paths_problem(paths, i);
		if (why) {
			/* a subfolder that cannot be read costs its own files,
			 * not the others' */
			chr_fail(&err, CHR_EIO, chr_paths_get(paths, i), "%s", why);
			report(&err, chr_paths_get(paths, i));
			ok = false;
			continue;
		}
		/* a folder's walk passes the output file by, as a feed's
		 * build passes its own outputs */
		if (strcmp(chr_paths_get(paths, i), path) != 0 &&
		    is_output(o, chr_paths_get(paths, i)))
			continue;
		ok &= process(chr_paths_get(paths, i), run);
	}
	chr_paths_free(paths);
	return ok;
}

/* --from-list: one path a line on standard input. */
static bool process_list(struct run *run)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	bool ok = true;
	while (!run->out_failed && (n = getline(&line, &cap, stdin)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0)
			continue;
		if (strcmp(line, "-") == 0) {
			fprintf(stderr, "%s: -: standard input holds the list, not a document\n",
			        progname);
			ok = false;
			continue;
		}
		ok &= process_source(line, run);
	}
	if (ferror(stdin)) {
		fprintf(stderr, "%s: standard input: %s\n", progname, strerror(errno));
		ok = false;
	}
	free(line);
	return ok;
}

static chr_status write_collected(const struct options *o, FILE *out,
                                  struct collected *all, chr_error *err)
{
	size_t n = 0, k = 0;
	for (size_t i = 0; i < all->n_lists; i++)
		n += chr_events_count(all->lists[i]);
	const chr_event **events = malloc((n ? n : 1) * sizeof *events);
	if (!events)
		return chr_fail(err, CHR_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < all->n_lists; i++)
		for (size_t j = 0; j < chr_events_count(all->lists[i]); j++)
			events[k++] = chr_events_get(all->lists[i], j);
	/* One event per happening, whatever order the files came in. */
	chr_events *merged = NULL;
	chr_status rc = chr_events_merge(events, n, &merged, err);
	if (rc != CHR_OK) {
		free(events);
		return rc;
	}
	n = chr_events_count(merged);
	for (size_t i = 0; i < n; i++)
		events[i] = chr_events_get(merged, i);
	if (o->format == FMT_JSONL) {
		rc = print_events(out, 0, merged) ? CHR_OK
		     : chr_fail(err, CHR_EIO, NULL, "write error");
		chr_events_free(merged);
		free(events);
		return rc;
	}
	chr_feed feed = o->feed;
	if (!o->have_now) {
		/* Without --now, a build is stamped with its newest source so
		 * that the same sources give the same bytes. */
		const char *sde = getenv("SOURCE_DATE_EPOCH");
		feed.now = 0;
		if (sde && *sde)
			feed.now = strtoll(sde, NULL, 10);
		else
			for (size_t i = 0; i < n; i++)
				if (events[i]->last_modified > feed.now)
					feed.now = events[i]->last_modified;
	}
	chr_sink sink = chr_sink_file(out);
	switch (o->format) {
	case FMT_ICS: rc = chr_write_ics(events, n, &feed, &sink, err); break;
	case FMT_ATOM: rc = chr_write_atom(events, n, &feed, &sink, err); break;
	case FMT_RSS: rc = chr_write_rss(events, n, &feed, &sink, err); break;
	case FMT_HTML: rc = chr_write_html(events, n, &feed, &sink, err); break;
	default: rc = chr_write_json(events, n, &feed, &sink, err); break;
	}
	chr_events_free(merged);
	free(events);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o;
	memset(&o, 0, sizeof o);
	if (argc < 2) {
		usage_main(stderr);
		return 2;
	}
	/* A write past the file size limit (ulimit -f, a service's
	 * LimitFSIZE) would raise SIGXFSZ and end the process with no word
	 * of why; ignored, the write fails with EFBIG, which is reported as
	 * "File too large" like any other write error, and a build keeps its
	 * store and its previous outputs. */
	signal(SIGXFSZ, SIG_IGN);
	const char *verb = argv[1];
	if (strcmp(verb, "-h") == 0 || strcmp(verb, "--help") == 0 ||
	    strcmp(verb, "help") == 0) {
		usage_main(stdout);
		return ferror(stdout) ? 1 : 0;
	}
	if (strcmp(verb, "-V") == 0 || strcmp(verb, "--version") == 0) {
		printf("chronicle %s\n", CHR_VERSION);
		return ferror(stdout) ? 1 : 0;
	}
	if (strcmp(verb, "serve") == 0)
		return cli_serve(argc - 1, argv + 1);
#ifdef M_MMAP_THRESHOLD
	/* A huge text is read in windows of a few MB, each with its token
	 * arrays. Left to itself, glibc maps blocks that large afresh and
	 * unmaps them when freed, so every window faults in and zeroes new
	 * pages (a fifth of the run's time on 100 MB). Served from the heap
	 * and kept there, they reuse the pages of the window before. Not for
	 * the server, which should give memory back between builds. */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
	if (strcmp(verb, "build") == 0)
		return cli_build(argc - 1, argv + 1);
	if (strcmp(verb, "extract") == 0)
		o.verb = VERB_EXTRACT;
	else if (strcmp(verb, "events") == 0)
		o.verb = VERB_EVENTS;
	else
		die_usage("unknown verb '%s' (extract, events, build or serve)", verb);

	parse_options(argc - 1, argv + 1, &o);
	int first_file = 1 + optind;

	FILE *out = stdout;
	if (o.output) {
		/* Opened without truncating it first: when the output is also
		 * one of the inputs, that is refused before anything is lost. */
		int fd = open(o.output, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
		struct stat st;
		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
			o.out_known = true;
			o.out_dev = st.st_dev;
			o.out_ino = st.st_ino;
		}
		for (int i = first_file; fd >= 0 && !o.from_list && i <= argc; i++) {
			const char *in = i < argc ? argv[i] : first_file == argc ? "-" : NULL;
			if (in && is_output(&o, in)) {
				fprintf(stderr, "%s: %s: is also the output file (-o); nothing was "
				        "read or written\n", progname, in);
				close(fd);
				return 2;
			}
		}
		if (fd >= 0 && o.out_known && ftruncate(fd, 0) != 0) {
			close(fd);
			fd = -1;
		}
		out = fd >= 0 ? fdopen(fd, "wb") : NULL;
		if (!out) {
			fprintf(stderr, "%s: %s: %s\n", progname, o.output, strerror(errno));
			if (fd >= 0)
				close(fd);
			return 1;
		}
	}

	struct collected all = { NULL, 0, 0 };
	bool failed = false, out_failed = false;
	if (!o.jobs)
		o.jobs = cpus();
	if (o.jobs > JOBS_MAX)
		o.jobs = JOBS_MAX;
	if (!(o.finder = chr_finder_new())) {
		fprintf(stderr, "%s: out of memory\n", progname);
		return 1;
	}
	chr_finder_set_jobs(o.finder, o.jobs);
	struct run run = { &o, out, &all, NULL, false, false };
	/* Documents, and the windows of a huge text, are found and printed
	 * on a thread each, POOL_DEPTH a thread at most in memory at once;
	 * with one thread (or none that starts), right here. */
	enum { POOL_DEPTH = 2 };
	if (o.jobs > 1 && !o.text)
		run.pool = cli_pool_new(o.jobs, POOL_DEPTH * o.jobs, work_unit, worker_new,
		                        worker_free, &run);
	if (o.from_list) {
		if (first_file < argc)
			die_usage("--from-list reads the paths from standard input, not '%s'",
			          argv[first_file]);
		failed |= !process_list(&run);
	} else if (first_file >= argc) {
		failed |= !process("-", &run);
	} else {
		for (int i = first_file; i < argc && !run.out_failed; i++)
			failed |= !process_source(argv[i], &run);
	}
	if (run.pool) {
		struct unit *none = NULL;
		chr_date unused;
		while (retire_oldest(&run, &none, &unused))
			;
		cli_pool_free(run.pool);
	}
	failed |= run.failed;
	out_failed |= run.out_failed;

	if (o.verb == VERB_EVENTS && (o.format != FMT_JSONL || o.merge) && !out_failed) {
		chr_error err;
		memset(&err, 0, sizeof err);
		if (write_collected(&o, out, &all, &err) != CHR_OK) {
			if (err.status == CHR_EIO)
				out_failed = true;
			else {
				report(&err, o.output ? o.output : "-");
				failed = true;
			}
		}
	}
	for (size_t i = 0; i < all.n_lists; i++)
		chr_events_free(all.lists[i]);
	free(all.lists);
	free(out_line.s);
	chr_finder_free(o.finder);

	if (fflush(out) != 0 || ferror(out))
		out_failed = true;
	if (out != stdout && fclose(out) != 0)
		out_failed = true;
	if (out_failed) {
		fprintf(stderr, "%s: %s: write error\n", progname,
		        o.output ? o.output : "standard output");
		return 1;
	}
	return failed ? 1 : 0;
}
