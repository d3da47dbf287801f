/*
 * Event UIDs: name-based UUIDs (RFC 9562 §5.5, version 5), so that the
 * same event in the same document gets the same UID on every run and on
 * every machine, which calendar clients rely on to update rather than
 * duplicate an entry.
 */
#include "event/event.h"

#include <stdio.h>
#include <string.h>

/* RFC 9562's namespace for URLs: 6ba7b811-9dad-11d1-80b4-00c04fd430c8. */
static const unsigned char url_namespace[16] = {
	0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
	0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8
};

/* Sets a digest's version and variant bits: the UUID it makes. */
static void uuid_from(const unsigned char digest[20], unsigned char out[16])
{
	memcpy(out, digest, 16);
	out[6] = (unsigned char)((out[6] & 0x0f) | 0x50); /* version 5 */
	out[8] = (unsigned char)((out[8] & 0x3f) | 0x80); /* RFC variant */
}

void chr_uuid_v5(const unsigned char ns[16], const void *name, size_t len,
                 unsigned char out[16])
{
	unsigned char digest[20];
	chr_sha1 c;
	chr_sha1_init(&c);
	chr_sha1_update(&c, ns, 16);
	chr_sha1_update(&c, name, len);
	chr_sha1_final(&c, digest);
	uuid_from(digest, out);
}

void chr_uuid_format(const unsigned char u[16], char out[37])
{
	static const char hex[] = "0123456789abcdef";
	size_t k = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = hex[u[i] >> 4];
		out[k++] = hex[u[i] & 15];
	}
	out[k] = '\0';
}

void chr_event_namespace(const char *namespace_id, unsigned char ns[16])
{
	const char *id = namespace_id ? namespace_id : "chronicle";
	chr_uuid_v5(url_namespace, id, strlen(id), ns);
}

/* Hashes s as lowercase ASCII letters and digits, other runs as one
 * space: a title that differs only in punctuation, case or accents keeps
 * its UID. Goes through a small buffer, so no name is built. */
static void hash_normalised(chr_sha1 *c, const char *s)
{
	char buf[256];
	size_t n = 0;
	bool gap = false, any = false;
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    (ch >= 'A' && ch <= 'Z')) {
			if (n + 2 > sizeof buf) {
				chr_sha1_update(c, buf, n);
				n = 0;
			}
			if (gap && any)
				buf[n++] = ' ';
			gap = false;
			any = true;
			buf[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
		} else {
			gap = true;
		}
	}
	chr_sha1_update(c, buf, n);
}

void chr_event_uid_in(const unsigned char ns[16], const char *doc_uri, chr_date start,
                      chr_date end, chr_precision p, const char *title, char out[37])
{
	char day[11];
	unsigned char digest[20], u[16];
	const char *uri = doc_uri ? doc_uri : "", *prec = chr_precision_name(p);
	chr_sha1 c;
	/* v5 over ns and the name "DOCURI\nSTART\nEND\nPRECISION\nTITLE" */
	chr_sha1_init(&c);
	chr_sha1_update(&c, ns, 16);
	chr_sha1_update(&c, uri, strlen(uri));
	chr_sha1_update(&c, "\n", 1);
	chr_date_format(start, day);
	chr_sha1_update(&c, day, strlen(day));
	chr_sha1_update(&c, "\n", 1);
	chr_date_format(end, day);
	chr_sha1_update(&c, day, strlen(day));
	chr_sha1_update(&c, "\n", 1);
	chr_sha1_update(&c, prec, strlen(prec));
	chr_sha1_update(&c, "\n", 1);
	hash_normalised(&c, title ? title : "");
	chr_sha1_final(&c, digest);
	uuid_from(digest, u);
	chr_uuid_format(u, out);
}

chr_status chr_event_uid(const char *namespace_id, const char *doc_uri,
                         chr_date start, chr_date end, chr_precision p,
                         const char *title, char out[37])
{
	unsigned char ns[16];
	chr_event_namespace(namespace_id, ns);
	chr_event_uid_in(ns, doc_uri, start, end, p, title, out);
	return CHR_OK;
}
