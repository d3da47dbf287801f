/* SHA-1 (FIPS 180) and name-based UUIDs (RFC 9562 version 5). */
#include "event/event.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static void hex(const unsigned char *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void sha1_is(const char *msg, size_t len, const char *want, const char *desc)
{
	unsigned char d[20];
	char h[41];
	chr_sha1_digest(msg, len, d);
	hex(d, 20, h);
	is_str(h, want, desc);
}

int main(void)
{
	/* FIPS 180-2 appendix A vectors. */
	sha1_is("abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d", "sha1 of \"abc\"");
	const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha1_is(m448, strlen(m448), "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
	        "sha1 of the 448-bit message");
	sha1_is("", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709", "sha1 of the empty message");

	/* A million "a"s, fed in uneven pieces to exercise the block buffer. */
	char *a = malloc(1000000);
	memset(a, 'a', 1000000);
	chr_sha1 c;
	unsigned char d[20];
	char h[41];
	chr_sha1_init(&c);
	for (size_t off = 0, step = 1; off < 1000000; off += step, step = step * 3 % 997 + 1)
		chr_sha1_update(&c, a + off, off + step > 1000000 ? 1000000 - off : step);
	chr_sha1_final(&c, d);
	hex(d, 20, h);
	is_str(h, "34aa973cd4c4daa4f61eeb2bdbad27316534016f", "sha1 of a million a, streamed");
	free(a);

	/* 55 and 56 bytes (hashlib.sha1 in Python): at 56 the padding spills
	 * into a second block. */
	char m55[56], m56[57];
	memset(m55, 'x', 55);
	memset(m56, 'x', 56);
	sha1_is(m55, 55, "cef734ba81a024479e09eb5a75b6ddae62e6abf1",
	        "sha1 of 55 bytes (one block of padding)");
	sha1_is(m56, 56, "901305367c259952f4e7af8323f480d59f81335b",
	        "sha1 of 56 bytes (two blocks of padding)");

	/* Known answers from Python: uuid.uuid5(uuid.NAMESPACE_URL, "https://example.org/")
	 * and, for the events, ns = uuid.uuid5(uuid.NAMESPACE_URL, "chronicle") and
	 * uuid.uuid5(ns, "a.txt\n2018-01-30\n2018-01-31\nday\ncted and interpol held
	 * a training session in lyon"). */
	static const unsigned char url_ns[16] = { 0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
	                                          0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8 };
	unsigned char u[16];
	char s[37];
	chr_uuid_v5(url_ns, "https://example.org/", 20, u);
	chr_uuid_format(u, s);
	is_str(s, "527dda32-a0de-5105-a042-cb475b5f7d11", "uuid v5 in the URL namespace");
	chr_uuid_v5(url_ns, "chronicle", 9, u);
	chr_uuid_format(u, s);
	is_str(s, "6bf03889-bbf8-5200-b92d-4c968704b33f", "the default event namespace");
	ok(s[14] == '5' && strchr("89ab", s[19]) != NULL, "version 5, RFC variant");

	chr_date s1 = { 2018, 1, 30 }, e1 = { 2018, 1, 31 };
	char uid[37], uid2[37];
	ok(chr_event_uid(NULL, "a.txt", s1, e1, CHR_PREC_DAY,
	                 "CTED and INTERPOL held a training session in Lyon", uid) == CHR_OK,
	   "chr_event_uid succeeds");
	is_str(uid, "dff3ae67-c46b-53d7-bcca-5ee956261867", "event uid, default namespace");
	chr_event_uid(NULL, "a.txt", s1, e1, CHR_PREC_DAY,
	              "  CTED AND Interpol held a training-session, in LYON\xe2\x80\xa6", uid2);
	is_str(uid2, uid, "title case, punctuation and ellipsis do not change the uid");
	chr_event_uid("my-feed", "a.txt", s1, e1, CHR_PREC_DAY,
	              "CTED and INTERPOL held a training session in Lyon", uid2);
	is_str(uid2, "d9cd36cb-28b4-5a96-a5f8-c412fcd75047", "event uid in a feed's namespace");
	chr_event_uid(NULL, "b.txt", s1, e1, CHR_PREC_DAY,
	              "CTED and INTERPOL held a training session in Lyon", uid2);
	ok(strcmp(uid, uid2) != 0, "another document gives another uid");
	chr_event_uid(NULL, "a.txt", s1, s1, CHR_PREC_DAY,
	              "CTED and INTERPOL held a training session in Lyon", uid2);
	ok(strcmp(uid, uid2) != 0, "another span gives another uid");
	return tap_done();
}
