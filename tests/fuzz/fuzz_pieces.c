/*
 * The sparse lexer in pieces: any bytes as a text, cut where
 * chr_lex_sparse_cuts says (into 2, 3 and 9 pieces, and as many as the
 * first byte asks for), must give one pass's tokens, piece by piece, and
 * the pieces' sentence numbers, each numbered apart and joined
 * (chr_sentences_join), must be one pass's, with the ends of the text
 * lexed in full that the second byte picks (a whole text, or a window:
 * its first, a middle one, its last). This is what the finder does on
 * several threads, here on one, for any input (../unit/pieces.h).
 */
#include "fuzz.h"
#include "../unit/pieces.h"

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
	unsigned ends = size > 1 ? data[1] % (CHR_LEX_ENDS + 1) : CHR_LEX_ENDS;
	if (chr_lex_sparse(text, size, ends, &whole) == CHR_OK &&
	    (sent = calloc(whole.n + 1, sizeof *sent)) &&
	    (sline = calloc(whole.n + 1, sizeof *sline))) {
		uint32_t sentences = chr_sentences_number(whole.v, 0, whole.n, sent, sline);
		size_t asked = size ? 2 + data[0] % (PIECES_MAX_CUTS - 1) : 2;
		const size_t parts[] = { 2, 3, 9, asked };
		for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
			size_t pieces;
			const char *why = pieces_differ(text, size, ends, parts[k], &whole, sent, sline,
			                                sentences, &pieces);
			FUZZ_CHECK(!why, "%zu pieces (of %zu asked for): %s", pieces, parts[k], why);
		}
	}
	free(sent);
	free(sline);
	chr_tokens_free(&whole);
	free(text);
	return 0;
}
