/*
 * Feed definition files: feeds/NAME.feed, INI read with inih.
 *
 * inih's handler is not told the line it is on, and ini_parse only
 * returns the first bad line, so the file is fed through our own line
 * reader that counts lines: every problem, ours or inih's, names the line
 * it was found on.
 */
#include "feed/feed.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <ini.h>
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_SOURCES 4096
#define MAX_DESCRIPTION (512 * 1024)

/* The config and the strings it owns, behind the public view. */
typedef struct config {
	chr_config pub;         /* first: a chr_config * is a config * */
	char *strings[64];      /* every owned string, freed together */
	size_t n_strings;
	char **sources;
	size_t n_sources, cap_sources;
} config;

typedef struct parse {
	config *cfg;
	FILE *f;
	long line;              /* the line the reader handed inih last */
	const char *dir;        /* the feed file's folder, "" for "." */
	chr_error *err;
	long err_line;          /* 0 until a problem was found */
	bool indented;          /* that line starts with white space */
	size_t desc_len, desc_cap; /* the description's length and room */
	bool seen[16];
	char *output, *database;
} parse;

static char *dup_str(const char *s)
{
	size_t n = strlen(s);
	char *p = malloc(n + 1);
	if (p)
		memcpy(p, s, n + 1);
	return p;
}

/* Keeps s (taken) for the config's lifetime; NULL when out of memory. */
static const char *own(config *c, char *s)
{
	if (!s || c->n_strings == CHR_ARRAY_LEN(c->strings)) {
		free(s);
		return NULL;
	}
	c->strings[c->n_strings++] = s;
	return s;
}

/* Removes "." segments, doubled slashes and "x/.." pairs in place, so
 * that "feeds/../build/example" is shown as "build/example". Lexical:
 * a symlinked folder followed by ".." is not what this assumes, which is
 * why only joined paths, never the file system's, pass through here. */
static void tidy(char *p)
{
	bool abs = p[0] == '/';
	char *out = p, *s = p;
	size_t keep = 0; /* segments written that ".." may remove */
	while (*s) {
		while (*s == '/')
			s++;
		char *e = s;
		while (*e && *e != '/')
			e++;
		size_t n = (size_t)(e - s);
		if (n == 0)
			break;
		bool up = n == 2 && s[0] == '.' && s[1] == '.';
		if ((n == 1 && s[0] == '.') || (up && abs && keep == 0)) {
			/* nothing: "/.." is "/" */
		} else if (n == 2 && s[0] == '.' && s[1] == '.' && keep > 0) {
			out--;
			while (out > p && out[-1] != '/')
				out--;
			if (out > p + (abs ? 1 : 0))
				out--; /* the slash before the removed segment */
			keep--;
		} else {
			if (out > p + (abs ? 1 : 0) || (abs && out == p))
				*out++ = '/';
			memmove(out, s, n);
			out += n;
			if (!(n == 2 && s[0] == '.' && s[1] == '.'))
				keep++;
		}
		s = e;
	}
	if (out == p)
		*out++ = abs ? '/' : '.';
	*out = '\0';
}

char *chr_feed_path_join(const char *dir, const char *path)
{
	char *p;
	if (path[0] == '/' || !dir[0] || strcmp(dir, ".") == 0) {
		p = dup_str(path);
	} else {
		size_t a = strlen(dir), b = strlen(path);
		p = malloc(a + b + 2);
		if (!p)
			return NULL;
		memcpy(p, dir, a);
		p[a] = '/';
		memcpy(p + a + 1, path, b + 1);
	}
	if (p)
		tidy(p);
	return p;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int bad(struct parse *p, const char *fmt, ...);

/* fgets, but a byte at a time: inih takes the line as a C string, so a
 * NUL byte would end it there and the rest of the value would be lost
 * without a word; fgets cannot tell where the bytes it read end. */
static char *line_reader(char *str, int num, void *stream)
{
	parse *p = stream;
	int n = 0, ch = 0;
	bool nul = false;
	while (n < num - 1 && (ch = getc(p->f)) != EOF) {
		nul |= ch == '\0';
		str[n++] = (char)ch;
		if (ch == '\n')
			break;
	}
	if (n == 0)
		return NULL;
	str[n] = '\0';
	p->line++;
	p->indented = str[0] == ' ' || str[0] == '\t';
	if (nul) {
		bad(p, "a NUL byte (a feed file is text)");
		return NULL;
	}
	/* inih would read the rest of a long line as a line of its own. */
	if (n == num - 1 && str[n - 1] != '\n' && (ch = getc(p->f)) != EOF) {
		bad(p, "line longer than %d bytes (split the value over several lines)",
		    num - 2);
		return NULL;
	}
	return str;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int bad(struct parse *p, const char *fmt, ...)
{
	if (!p->err_line) {
		char msg[200];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
		chr_fail(p->err, CHR_EINPUT, p->cfg->pub.path, "%s", msg);
		if (p->err)
			p->err->line = p->line;
		p->err_line = p->line;
	}
	return 0;
}

/* "30s", "15m", "12h", "90d", "2w" into seconds; false on anything else. */
bool chr_feed_parse_duration(const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	if (!isdigit((unsigned char)*s))
		return false;
	long long n = strtoll(s, &end, 10);
	if (errno || end == s)
		return false;
	while (*end == ' ')
		end++;
	int64_t unit;
	if (strcmp(end, "s") == 0) unit = 1;
	else if (strcmp(end, "m") == 0) unit = 60;
	else if (strcmp(end, "h") == 0) unit = 3600;
	else if (strcmp(end, "d") == 0) unit = 86400;
	else if (strcmp(end, "w") == 0) unit = 7 * 86400;
	else return false;
	if (n > INT64_MAX / unit / 2)
		return false;
	*out = (int64_t)n * unit;
	return true;
}

/* True when s is UTF-8 throughout. */
static bool is_utf8(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		int n = u[i] < 0x80 ? 1 : chr_utf8_seq(u + i, len - i);
		if (!n)
			return false;
		i += (size_t)n;
	}
	return true;
}

static int add_sources(parse *p, const char *value)
{
	config *c = p->cfg;
	const char *s = value;
	while (*s) {
		while (*s && isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		/* "a path with spaces" in double quotes is one source. */
		bool quoted = *s == '"';
		if (quoted)
			s++;
		const char *e = s;
		while (*e && (quoted ? *e != '"' : !isspace((unsigned char)*e)))
			e++;
		if (quoted && *e != '"')
			return bad(p, "a source in quotes has no closing quote");
		if (e == s)
			return bad(p, "an empty source (\"\")");
		if (c->n_sources == MAX_SOURCES)
			return bad(p, "more than %d sources", MAX_SOURCES);
		char *word = malloc((size_t)(e - s) + 1);
		if (!word)
			return bad(p, "out of memory");
		memcpy(word, s, (size_t)(e - s));
		word[e - s] = '\0';
		if (quoted)
			e++;
		char *full = chr_feed_path_join(p->dir, word);
		free(word);
		if (!full || chr_grow((void **)&c->sources, &c->cap_sources,
		                      c->n_sources, sizeof *c->sources, 8) != CHR_OK) {
			free(full);
			return bad(p, "out of memory");
		}
		c->sources[c->n_sources++] = full;
		s = e;
	}
	return 1;
}

enum key {
	K_TITLE, K_DESCRIPTION, K_BASE_URL, K_AUTHOR, K_SOURCES, K_OUTPUT,
	K_DATABASE, K_CALPREC, K_REFRESH, K_TIMEZONE, K_POLL, K_KEEP, K_COUNT
};

static const char *const key_names[K_COUNT] = {
	"title", "description", "base_url", "author", "sources", "output",
	"database", "calendar_precision", "refresh", "timezone", "poll",
	"keep_cancelled"
};

static int handler(void *user, const char *section, const char *name,
                   const char *value)
{
	parse *p = user;
	config *c = p->cfg;
	chr_config *pub = &c->pub;
	int k;
	int64_t secs;
	const char *no_lib;
	const char *misfit;
	char what[4];

	if (p->err_line)
		return 0;
	if (section[0] && strcmp(section, "feed") != 0)
		return bad(p, "unknown section [%s] (keys go before any section, or in [feed])",
		           section);
	for (k = 0; k < K_COUNT; k++)
		if (strcmp(name, key_names[k]) == 0)
			break;
	if (k == K_COUNT)
		return bad(p, "unknown key '%s'", name);
	/* inih hands each continuation line of a value on its own, under the
	 * same key; only sources and description take more than one line. */
	if (p->seen[k] && k != K_SOURCES && k != K_DESCRIPTION)
		return bad(p, p->indented ? "'%s' takes one line (an indented line continues "
		                            "the value above it)" : "'%s' is set twice", name);
	p->seen[k] = true;
	if (!*value && k != K_DESCRIPTION)
		return bad(p, "'%s' has no value", name);
	/* The feed's own words go into every output, where the writers would
	 * put U+FFFD for each byte of a file saved as Latin-1 and the name
	 * would be lost. Paths stay bytes: a file name need not be UTF-8. */
	if ((k == K_TITLE || k == K_DESCRIPTION || k == K_AUTHOR) && !is_utf8(value))
		return bad(p, "'%s' is not UTF-8 (save the feed file as UTF-8)", name);

	switch ((enum key)k) {
	case K_TITLE:
		pub->title = own(c, dup_str(value));
		break;
	case K_DESCRIPTION: {
		/* Held well inside the 1 MiB a writer takes of one field, past
		 * which every build failed with "limit reached". */
		size_t a = pub->description ? p->desc_len + 1 : 0, b = strlen(value);
		if (a + b > MAX_DESCRIPTION)
			return bad(p, "description longer than %d bytes", MAX_DESCRIPTION);
		if (pub->description) {
			/* A continuation line: the owned text grows in place (a
			 * new string a line would use up the config's slots, and
			 * a long description failed as "out of memory"), its
			 * length kept, not measured again each line. */
			size_t at = 0;
			while (at < c->n_strings && c->strings[at] != pub->description)
				at++;
			char *s = at < c->n_strings ? c->strings[at] : NULL;
			if (s && a + b + 1 > p->desc_cap) {
				size_t cap = 2 * p->desc_cap > a + b + 1 ? 2 * p->desc_cap : a + b + 1;
				if ((s = realloc(s, cap)))
					p->desc_cap = cap;
			}
			if (!s)
				return bad(p, "out of memory");
			s[a - 1] = '\n';
			memcpy(s + a, value, b + 1);
			c->strings[at] = s;
			pub->description = s;
		} else {
			pub->description = own(c, dup_str(value));
			p->desc_cap = b + 1;
		}
		p->desc_len = a + b;
		break;
	}
	case K_BASE_URL:
		if (strncmp(value, "http://", 7) != 0 && strncmp(value, "https://", 8) != 0)
			return bad(p, "base_url wants an http:// or https:// URL, not '%s'", value);
		/* serve prints the base URL as it is, control characters and all */
		if ((misfit = chr_url_misfit(value, what)))
			return bad(p, "base_url may not hold %s (percent-encode it)", misfit);
		if (value[strlen(value) - 1] != '/') {
			size_t n = strlen(value);
			char *s = malloc(n + 2);
			if (!s)
				return bad(p, "out of memory");
			memcpy(s, value, n);
			memcpy(s + n, "/", 2);
			pub->base_url = own(c, s);
		} else {
			pub->base_url = own(c, dup_str(value));
		}
		break;
	case K_AUTHOR:
		pub->author = own(c, dup_str(value));
		break;
	case K_SOURCES:
		return add_sources(p, value);
	case K_OUTPUT:
		free(p->output);
		p->output = chr_feed_path_join(p->dir, value);
		break;
	case K_DATABASE:
		free(p->database);
		p->database = chr_feed_path_join(p->dir, value);
		break;
	case K_CALPREC:
		if (strcmp(value, "day") == 0) pub->calendar_precision = CHR_CAL_DAY;
		else if (strcmp(value, "month") == 0) pub->calendar_precision = CHR_CAL_MONTH;
		else if (strcmp(value, "all") == 0) pub->calendar_precision = CHR_CAL_ALL;
		else return bad(p, "calendar_precision wants day, month or all, not '%s'", value);
		break;
	case K_REFRESH:
		if (!chr_feed_parse_duration(value, &secs) || secs < 60 ||
		    secs > 366 * 86400)
			return bad(p, "refresh wants a duration from 1m to 366d such as 30m or 12h, not '%s'",
			           value);
		pub->refresh_minutes = (int)(secs / 60);
		break;
	case K_TIMEZONE:
		/* libical knows the zones of the system's tzdata. */
		if (strcmp(value, "UTC") != 0) {
			if ((no_lib = chr_libical_open()))
				return bad(p, "%s", no_lib);
			if (!icaltimezone_get_builtin_timezone(value))
				return bad(p, "unknown timezone '%s' (an IANA name such as Europe/Paris, "
				           "or UTC)", value);
		}
		pub->timezone = own(c, dup_str(value));
		break;
	case K_POLL:
		if (!chr_feed_parse_duration(value, &secs) || secs < 1 ||
		    secs > 7 * 86400)
			return bad(p, "poll wants a duration from 1s to 7d such as 30s or 5m, not '%s'",
			           value);
		pub->poll_seconds = (int)secs;
		break;
	case K_KEEP:
		if (!chr_feed_parse_duration(value, &secs))
			return bad(p, "keep_cancelled wants a duration such as 90d or 12w, not '%s'",
			           value);
		pub->keep_cancelled = secs;
		break;
	case K_COUNT:
		break;
	}
	if (!p->output && k == K_OUTPUT)
		return bad(p, "out of memory");
	if (!p->database && k == K_DATABASE)
		return bad(p, "out of memory");
	return 1;
}

/* "feeds/example.feed" -> folder "feeds" and name "example". */
static chr_status split_path(config *c, const char *path, char **dir)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".feed") == 0)
		n -= 5;
	char *name = malloc(n + 1);
	*dir = slash ? malloc((size_t)(slash - path) + 2) : dup_str("");
	if (!name || !*dir) {
		free(name);
		return CHR_ENOMEM;
	}
	memcpy(name, base, n);
	name[n] = '\0';
	if (slash) {
		size_t d = (size_t)(slash - path);
		if (d == 0)
			d = 1; /* "/x.feed": the folder is "/" */
		memcpy(*dir, path, d);
		(*dir)[d] = '\0';
	}
	c->pub.name = own(c, name);
	c->pub.path = own(c, dup_str(path));
	return c->pub.name && c->pub.path ? CHR_OK : CHR_ENOMEM;
}

chr_status chr_config_load(const char *path, chr_config **out, chr_error *err)
{
	chr_status rc = CHR_OK;
	char *dir = NULL;
	parse p;
	memset(&p, 0, sizeof p);
	*out = NULL;
	config *c = calloc(1, sizeof *c);
	if (!c)
		return chr_fail(err, CHR_ENOMEM, path, "out of memory");
	if (split_path(c, path, &dir) != CHR_OK) {
		rc = chr_fail(err, CHR_ENOMEM, path, "out of memory");
		goto cleanup;
	}
	c->pub.calendar_precision = CHR_CAL_DAY;
	c->pub.refresh_minutes = 720;
	c->pub.poll_seconds = 60;
	c->pub.keep_cancelled = 90 * 86400;

	p.cfg = c;
	p.dir = dir;
	p.err = err;
	const char *no_lib = chr_libinih_open();
	if (no_lib) {
		rc = chr_fail(err, CHR_EIO, path, "%s", no_lib);
		goto cleanup;
	}
	p.f = fopen(path, "r");
	if (!p.f) {
		rc = chr_fail(err, CHR_EIO, path, "%s", strerror(errno));
		goto cleanup;
	}
	/* A folder opens for reading, and only the first read fails, with
	 * nothing left to say why. */
	struct stat st;
	if (fstat(fileno(p.f), &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = chr_fail(err, CHR_EINPUT, path, "%s, not a feed file", strerror(EISDIR));
		goto cleanup;
	}
	int line = ini_parse_stream(line_reader, &p, handler, &p);
	if (line == -2) {
		rc = chr_fail(err, CHR_ENOMEM, path, "out of memory");
		goto cleanup;
	}
	if (ferror(p.f)) {
		rc = chr_fail(err, CHR_EIO, path, "read error");
		goto cleanup;
	}
	if (line > 0 && (!p.err_line || line < p.err_line)) {
		/* inih's own complaint: a line that is neither "key = value",
		 * "[section]" nor a comment (or longer than it reads). */
		chr_fail(err, CHR_EINPUT, path,
		         "syntax error: expected 'key = value', '[feed]' or a comment");
		if (err)
			err->line = line;
		rc = CHR_EINPUT;
		goto cleanup;
	}
	if (p.err_line) {
		rc = err ? err->status : CHR_EINPUT;
		goto cleanup;
	}
	if (!c->n_sources) {
		rc = chr_fail(err, CHR_EINPUT, path, "no 'sources' given");
		goto cleanup;
	}
	if (!p.output) {
		rc = chr_fail(err, CHR_EINPUT, path, "no 'output' folder given");
		goto cleanup;
	}
	if (!p.database)
		p.database = chr_feed_path_join(p.output, "chronicle.db");
	c->pub.output_dir = own(c, p.output);
	c->pub.database = own(c, p.database);
	p.output = p.database = NULL;
	if (!c->pub.title)
		c->pub.title = c->pub.name;
	if (!c->pub.timezone)
		c->pub.timezone = own(c, dup_str("UTC"));
	c->pub.id = c->pub.base_url ? c->pub.base_url : c->pub.name;
	c->pub.sources = (const char *const *)c->sources;
	c->pub.n_sources = c->n_sources;
	if (!c->pub.output_dir || !c->pub.database || !c->pub.timezone ||
	    !c->pub.title) {
		rc = chr_fail(err, CHR_ENOMEM, path, "out of memory");
		goto cleanup;
	}
	*out = &c->pub;
	c = NULL;
cleanup:
	if (p.f)
		fclose(p.f);
	free(p.output);
	free(p.database);
	free(dir);
	chr_config_free(c ? &c->pub : NULL);
	return rc;
}

void chr_config_free(chr_config *cfg)
{
	config *c = (config *)cfg;
	if (!c)
		return;
	for (size_t i = 0; i < c->n_strings; i++)
		free(c->strings[i]);
	for (size_t i = 0; i < c->n_sources; i++)
		free(c->sources[i]);
	free(c->sources);
	free(c);
}
