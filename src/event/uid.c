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

void chr_uuid_v5(const unsigned char ns[16], const void *name, size_t len,
                 unsigned char out[16])
{
	unsigned char digest[20];
	chr_sha1 c;
	chr_sha1_init(&c);
	chr_sha1_update(&c, ns, 16);
	chr_sha1_update(&c, name, len);
	chr_sha1_final(&c, digest);
	memcpy(out, digest, 16);
	out[6] = (unsigned char)((out[6] & 0x0f) | 0x50); /* version 5 */
	out[8] = (unsigned char)((out[8] & 0x3f) | 0x80); /* RFC variant */
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

/* Lowercase ASCII letters and digits, other runs as one space: a title
 * that differs only in punctuation, case or accents keeps its UID. */
static chr_status add_normalised(chr_buf *b, const char *s)
{
	chr_status rc = CHR_OK;
	bool gap = false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (c >= 'A' && c <= 'Z')) {
			if (gap && b->len > 0 && b->data[b->len - 1] != '\n')
				CHECK(chr_buf_addc(b, ' '));
			gap = false;
			CHECK(chr_buf_addc(b, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c)));
		} else {
			gap = true;
		}
	}
cleanup:
	return rc;
}

chr_status chr_event_uid(const char *namespace_id, const char *doc_uri,
                         chr_date start, chr_date end, chr_precision p,
                         const char *title, char out[37])
{
	chr_status rc = CHR_OK;
	chr_buf name;
	char day[11];
	unsigned char ns[16], u[16];
	const char *id = namespace_id ? namespace_id : "chronicle";

	chr_buf_init(&name, 0);
	chr_uuid_v5(url_namespace, id, strlen(id), ns);
	CHECK(chr_buf_adds(&name, doc_uri ? doc_uri : ""));
	CHECK(chr_buf_addc(&name, '\n'));
	chr_date_format(start, day);
	CHECK(chr_buf_adds(&name, day));
	CHECK(chr_buf_addc(&name, '\n'));
	chr_date_format(end, day);
	CHECK(chr_buf_adds(&name, day));
	CHECK(chr_buf_addc(&name, '\n'));
	CHECK(chr_buf_adds(&name, chr_precision_name(p)));
	CHECK(chr_buf_addc(&name, '\n'));
	CHECK(add_normalised(&name, title ? title : ""));
	chr_uuid_v5(ns, name.data, name.len, u);
	chr_uuid_format(u, out);
cleanup:
	chr_buf_free(&name);
	return rc;
}
