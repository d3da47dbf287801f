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

/* The 80 steps unrolled, five at a time so that the five working words
 * rotate by name instead of being moved: with the message schedule kept
 * as a ring of 16 words this is about half the work of a plain loop. */
#define F1(b, c, d) (((b) & (c)) | (~(b) & (d)))
#define F2(b, c, d) ((b) ^ (c) ^ (d))
#define F3(b, c, d) (((b) & (c)) | ((b) & (d)) | ((c) & (d)))
#define W(i) (w[(i) & 15] = rol(w[((i) + 13) & 15] ^ w[((i) + 8) & 15] ^ \
                                w[((i) + 2) & 15] ^ w[(i) & 15], 1))
#define STEP(a, b, c, d, e, f, k, x)                                 \
	do {                                                         \
		(e) += rol(a, 5) + f(b, c, d) + (k) + (x);           \
		(b) = rol(b, 30);                                    \
	} while (0)
#define FIVE(i, f, k, x)                                             \
	do {                                                         \
		STEP(a, b, c, d, e, f, k, x(i));                     \
		STEP(e, a, b, c, d, f, k, x((i) + 1));               \
		STEP(d, e, a, b, c, f, k, x((i) + 2));               \
		STEP(c, d, e, a, b, f, k, x((i) + 3));               \
		STEP(b, c, d, e, a, f, k, x((i) + 4));               \
	} while (0)
#define R(i) w[i]

static void compress(uint32_t h[5], const unsigned char *p)
{
	uint32_t w[16];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	FIVE(0, F1, 0x5a827999u, R);
	FIVE(5, F1, 0x5a827999u, R);
	FIVE(10, F1, 0x5a827999u, R);
	STEP(a, b, c, d, e, F1, 0x5a827999u, R(15));
	STEP(e, a, b, c, d, F1, 0x5a827999u, W(16));
	STEP(d, e, a, b, c, F1, 0x5a827999u, W(17));
	STEP(c, d, e, a, b, F1, 0x5a827999u, W(18));
	STEP(b, c, d, e, a, F1, 0x5a827999u, W(19));
	FIVE(20, F2, 0x6ed9eba1u, W);
	FIVE(25, F2, 0x6ed9eba1u, W);
	FIVE(30, F2, 0x6ed9eba1u, W);
	FIVE(35, F2, 0x6ed9eba1u, W);
	FIVE(40, F3, 0x8f1bbcdcu, W);
	FIVE(45, F3, 0x8f1bbcdcu, W);
	FIVE(50, F3, 0x8f1bbcdcu, W);
	FIVE(55, F3, 0x8f1bbcdcu, W);
	FIVE(60, F2, 0xca62c1d6u, W);
	FIVE(65, F2, 0xca62c1d6u, W);
	FIVE(70, F2, 0xca62c1d6u, W);
	FIVE(75, F2, 0xca62c1d6u, W);
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

#undef F1
#undef F2
#undef F3
#undef W
#undef FIVE
#undef R
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
