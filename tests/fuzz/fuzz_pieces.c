/*
 * The sparse lexer in pieces: any bytes as a text, cut where
 * chr_lex_sparse_cuts says (into 2, 3 and 9 pieces, and as many as the
 * first byte asks for), must give one pass's tokens, piece by piece, and
 * the pieces' sentence numbers, each numbered apart and joined
 * (chr_sentences_join), must be one pass's. This is what the finder does
 * on several threads, here on one, for any input.
 */
#include "fuzz.h"
#include "date/date.h"

enum { MAX_CUTS = 64 };

/* Tokens a[0..n) and b[0..n) are the same, field by field (a token's
 * padding bytes are no part of it). */
static bool same_tokens(const tok *a, const tok *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].start != b[i].start || a[i].len != b[i].len || a[i].val != b[i].val ||
		    a[i].kind != b[i].kind || a[i].cls != b[i].cls || a[i].flags != b[i].flags ||
		    a[i].ndig != b[i].ndig || a[i].ch != b[i].ch || a[i].abbrev != b[i].abbrev)
			return false;
	return true;
}

static void check_parts(const char *text, size_t len, size_t parts, const tokens *whole,
                        const uint32_t *sent, const uint32_t *sline, uint32_t sentences)
{
	size_t cuts[MAX_CUTS];
	size_t n = chr_lex_sparse_cuts(text, len, parts, cuts);
	FUZZ_CHECK(n < parts, "%zu cuts for %zu parts", n, parts);
	tokens cut = { 0 }, piece = { 0 };
	uint32_t *jsent = calloc(whole->n + 1, sizeof *jsent);
	uint32_t *jsline = calloc(whole->n + 1, sizeof *jsline);
	uint32_t *psent = calloc(whole->n + 1, sizeof *psent);
	uint32_t *psline = calloc(whole->n + 1, sizeof *psline);
	uint32_t joined = 0;
	bool ok = jsent && jsline && psent && psline;
	for (size_t k = 0; ok && k <= n; k++) {
		size_t from = k ? cuts[k - 1] : 0, to = k < n ? cuts[k] : len;
		FUZZ_CHECK(n == 0 || from < to, "cut %zu at %zu, not after %zu", k, to, from);
		piece.n = 0;
		chr_status a = chr_lex_sparse_part(text, len, from, to, &piece);
		chr_status b = chr_lex_sparse_part(text, len, from, to, &cut);
		if (a == CHR_ENOMEM || b == CHR_ENOMEM) {
			ok = false;
			break;
		}
		FUZZ_CHECK(a == CHR_OK && b == CHR_OK, "piece %zu..%zu refused", from, to);
		FUZZ_CHECK(cut.n <= whole->n, "%zu tokens from the pieces, %zu in one pass", cut.n,
		           whole->n);
		if (k == 0) {
			joined = chr_sentences_number(cut.v, 0, cut.n, jsent, jsline);
		} else {
			uint32_t ps = chr_sentences_number(piece.v, 0, piece.n, psent, psline);
			joined = chr_sentences_join(cut.v, cut.n - piece.n, piece.n, psent, psline, ps,
			                            jsent, jsline, joined);
		}
	}
	if (ok) {
		FUZZ_CHECK(cut.n == whole->n &&
		           same_tokens(cut.v, whole->v, cut.n),
		           "%zu pieces: other tokens than one pass's (%zu against %zu)", n + 1, cut.n,
		           whole->n);
		FUZZ_CHECK(joined == sentences && (cut.n == 0 || memcmp(jsent, sent, cut.n * 4) == 0) &&
		           (sentences == 0 || memcmp(jsline, sline, sentences * 4) == 0),
		           "%zu pieces: other sentence numbers than one pass's (%u against %u)",
		           n + 1, joined, sentences);
	}
	free(jsent);
	free(jsline);
	free(psent);
	free(psline);
	chr_tokens_free(&cut);
	chr_tokens_free(&piece);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the lexer reads a document's text, NUL-terminated */
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	tokens whole = { 0 };
	uint32_t *sent = NULL, *sline = NULL;
	if (chr_lex_sparse(text, size, &whole) == CHR_OK &&
	    (sent = calloc(whole.n + 1, sizeof *sent)) &&
	    (sline = calloc(whole.n + 1, sizeof *sline))) {
		uint32_t sentences = chr_sentences_number(whole.v, 0, whole.n, sent, sline);
		size_t asked = size ? 2 + data[0] % (MAX_CUTS - 1) : 2;
		const size_t parts[] = { 2, 3, 9, asked };
		for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
			check_parts(text, size, parts[k], &whole, sent, sline, sentences);
	}
	free(sent);
	free(sline);
	chr_tokens_free(&whole);
	free(text);
	return 0;
}
