/*
 * SHA-1 (FIPS 180-4), only for name-based UUIDs (RFC 9562 version 5).
 * SHA-1 is not used for anything that needs collision resistance here:
 * the UUID standard fixes the hash, so the UIDs other tools compute for
 * the same name agree with ours.
 */
#include "event/event.h"

#include <string.h>

static uint32_t rol(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

/* One step of the 80: the function and constant of its group of 20 are
 * fixed, so each group is its own loop and no step tests which it is in. */
#define STEP(f, k)                                                   \
	do {                                                         \
		uint32_t t = rol(a, 5) + (f) + e + (k) + w[i];       \
		e = d;                                               \
		d = c;                                               \
		c = rol(b, 30);                                      \
		b = a;                                               \
		a = t;                                               \
	} while (0)

static void compress(uint32_t h[5], const unsigned char *p)
{
	uint32_t w[80];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (int i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	int i = 0;
	for (; i < 20; i++)
		STEP((b & c) | (~b & d), 0x5a827999u);
	for (; i < 40; i++)
		STEP(b ^ c ^ d, 0x6ed9eba1u);
	for (; i < 60; i++)
		STEP((b & c) | (b & d) | (c & d), 0x8f1bbcdcu);
	for (; i < 80; i++)
		STEP(b ^ c ^ d, 0xca62c1d6u);
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

#undef STEP

void chr_sha1_init(chr_sha1 *c)
{
	static const uint32_t iv[5] = { 0x67452301u, 0xefcdab89u, 0x98badcfeu,
	                                0x10325476u, 0xc3d2e1f0u };
	memcpy(c->h, iv, sizeof iv);
	c->bits = 0;
	c->used = 0;
}

void chr_sha1_update(chr_sha1 *c, const void *data, size_t len)
{
	const unsigned char *p = data;
	c->bits += (uint64_t)len * 8;
	while (len > 0) {
		if (c->used == 0 && len >= 64) {
			compress(c->h, p); /* a whole block needs no copy */
			p += 64;
			len -= 64;
			continue;
		}
		size_t take = 64 - c->used;
		if (take > len)
			take = len;
		memcpy(c->block + c->used, p, take);
		c->used += take;
		p += take;
		len -= take;
		if (c->used == 64) {
			compress(c->h, c->block);
			c->used = 0;
		}
	}
}

void chr_sha1_final(chr_sha1 *c, unsigned char out[20])
{
	uint64_t bits = c->bits;
	unsigned char pad[72];
	/* 0x80, zeros up to 56 mod 64, then the length big-endian. */
	size_t n = (c->used < 56 ? 56 : 120) - c->used;
	memset(pad, 0, sizeof pad);
	pad[0] = 0x80;
	for (int i = 0; i < 8; i++)
		pad[n + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
	chr_sha1_update(c, pad, n + 8);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)c->h[i];
	}
}

void chr_sha1_digest(const void *data, size_t len, unsigned char out[20])
{
	chr_sha1 c;
	chr_sha1_init(&c);
	chr_sha1_update(&c, data, len);
	chr_sha1_final(&c, out);
}
