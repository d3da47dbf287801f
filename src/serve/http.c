/* HTTP header logic for the server: entity-tag lists, HTTP-dates,
 * Accept-Encoding, path unescaping and log escaping. Pure functions over
 * strings; serve.c does the sockets. */
#include "serve/serve.h"

#include <stdio.h>
#include <string.h>

static const char *const wkday[7] = {
	"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" /* 1970-01-01 was a Thursday */
};
static const char *const month_name[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static bool lower_eq(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	if (alen != blen)
		return false;
	for (size_t i = 0; i < alen; i++) {
		char c = a[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != b[i])
			return false;
	}
	return true;
}

bool chr_http_etag_match(const char *inm, const char *const *etags, size_t n)
{
	const char *p = inm;
	if (!p)
		return false;
	while (*p) {
		while (is_ows(*p) || *p == ',')
			p++;
		if (!*p)
			break;
		if (*p == '*')
			return n > 0;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		if (*p != '"') {
			/* Not an entity-tag: skip to the next member. */
			while (*p && *p != ',')
				p++;
			continue;
		}
		const char *q = strchr(p + 1, '"');
		if (!q)
			return false;
		size_t len = (size_t)(q + 1 - p);
		for (size_t i = 0; i < n; i++)
			if (strlen(etags[i]) == len && memcmp(etags[i], p, len) == 0)
				return true;
		p = q + 1;
	}
	return false;
}

static int month_index(const char *s)
{
	for (int m = 0; m < 12; m++)
		if (strncmp(s, month_name[m], 3) == 0)
			return m + 1;
	return 0;
}

/* Reads exactly n digits at *s. */
static bool digits(const char **s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*s)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*s += n;
	*out = v;
	return true;
}

static bool lit(const char **s, const char *text)
{
	size_t n = strlen(text);
	if (strncmp(*s, text, n) != 0)
		return false;
	*s += n;
	return true;
}

static bool time_of_day(const char **s, int *h, int *m, int *sec)
{
	return digits(s, 2, h) && lit(s, ":") && digits(s, 2, m) && lit(s, ":") &&
	       digits(s, 2, sec) && *h < 24 && *m < 60 && *sec <= 60;
}

bool chr_http_date_parse(const char *s, int64_t *out)
{
	int day = 0, mon = 0, year = 0, h = 0, m = 0, sec = 0;
	const char *comma = strchr(s, ',');
	if (comma && comma - s == 3) {
		/* IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" */
		s += 4;
		if (!lit(&s, " ") || !digits(&s, 2, &day) || !lit(&s, " ") || !(mon = month_index(s)))
			return false;
		s += 3;
		if (!lit(&s, " ") || !digits(&s, 4, &year) || !lit(&s, " ") ||
		    !time_of_day(&s, &h, &m, &sec) || !lit(&s, " GMT") || *s)
			return false;
	} else if (comma) {
		/* RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"; a two-digit year
		 * more than 50 years ahead is in the past (RFC 9110). */
		s = comma + 1;
		if (!lit(&s, " ") || !digits(&s, 2, &day) || !lit(&s, "-") ||
		    !(mon = month_index(s)))
			return false;
		s += 3;
		if (!lit(&s, "-") || !digits(&s, 2, &year) || !lit(&s, " ") ||
		    !time_of_day(&s, &h, &m, &sec) || !lit(&s, " GMT") || *s)
			return false;
		year += year < 70 ? 2000 : 1900;
	} else {
		/* asctime: "Sun Nov  6 08:49:37 1994" */
		if (strlen(s) != 24 || s[3] != ' ')
			return false;
		s += 4;
		if (!(mon = month_index(s)))
			return false;
		s += 3;
		if (!lit(&s, " "))
			return false;
		if (*s == ' ') {
			s++;
			if (!digits(&s, 1, &day))
				return false;
		} else if (!digits(&s, 2, &day)) {
			return false;
		}
		if (!lit(&s, " ") || !time_of_day(&s, &h, &m, &sec) || !lit(&s, " ") ||
		    !digits(&s, 4, &year) || *s)
			return false;
	}
	chr_date d = { year, mon, day };
	if (!chr_date_valid(d))
		return false;
	*out = (int64_t)chr_date_to_days(d) * 86400 + h * 3600 + m * 60 + sec;
	return true;
}

void chr_http_date_format(int64_t t, char out[CHR_HTTP_DATE_LEN])
{
	long days = (long)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
	long rem = (long)(t - (int64_t)days * 86400);
	chr_date d = chr_date_from_days(days);
	long wd = days % 7;
	if (wd < 0)
		wd += 7;
	char buf[64];
	snprintf(buf, sizeof buf, "%s, %02d %s %04d %02ld:%02ld:%02ld GMT",
	         wkday[wd], d.day, month_name[(d.month + 11) % 12], d.year,
	         rem / 3600, rem / 60 % 60, rem % 60);
	/* Years past 9999 do not fit the format; nothing here serves them. */
	snprintf(out, CHR_HTTP_DATE_LEN, "%.29s", buf);
}

/* The q-value of one Accept-Encoding member's parameters ("; q=0.5"):
 * only whether it is zero matters here. */
static bool q_nonzero(const char *p, const char *end)
{
	while (p < end) {
		while (p < end && (is_ows(*p) || *p == ';'))
			p++;
		if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
			p += 2;
			if (p < end && *p == '1')
				return true;
			if (p < end && *p == '0') {
				for (p++; p < end && (*p == '.' || *p == '0'); p++)
					;
				return p < end && *p >= '1' && *p <= '9';
			}
			return false;
		}
		while (p < end && *p != ';')
			p++;
	}
	return true;
}

bool chr_http_accepts_gzip(const char *ae)
{
	int gzip = -1, star = -1; /* -1 not named, 0 refused, 1 accepted */
	const char *p = ae;
	if (!p)
		return false;
	while (*p) {
		while (is_ows(*p) || *p == ',')
			p++;
		const char *start = p;
		while (*p && *p != ',' && *p != ';' && !is_ows(*p))
			p++;
		size_t len = (size_t)(p - start);
		const char *params = p;
		while (*p && *p != ',')
			p++;
		if (len == 0)
			continue;
		int ok = q_nonzero(params, p) ? 1 : 0;
		if (lower_eq(start, len, "gzip") || lower_eq(start, len, "x-gzip"))
			gzip = gzip == 1 ? 1 : ok;
		else if (len == 1 && *start == '*')
			star = ok;
	}
	return gzip == 1 || (gzip == -1 && star == 1);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t chr_http_unescape(char *s)
{
	char *w = s;
	for (const char *r = s; *r; ) {
		int hi, lo;
		if (r[0] == '%' && (hi = hexval(r[1])) >= 0 && (lo = hexval(r[2])) >= 0 &&
		    hi * 16 + lo != 0 && hi * 16 + lo != '/') {
			*w++ = (char)(hi * 16 + lo);
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

void chr_http_log_escape(const char *in, char *out, size_t outsz)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	if (outsz == 0)
		return;
	for (const unsigned char *p = (const unsigned char *)(in ? in : ""); *p; p++) {
		if (*p > ' ' && *p < 0x7f && *p != '"' && *p != '\\') {
			if (o + 1 >= outsz)
				break;
			out[o++] = (char)*p;
		} else {
			if (o + 4 >= outsz)
				break;
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 15];
		}
	}
	out[o] = '\0';
}
