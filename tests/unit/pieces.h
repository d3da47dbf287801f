/* The sparse lexer in pieces against one pass, for tests/unit/date_sparse.c
 * and tests/fuzz/fuzz_pieces.c: what the finder does on several threads
 * (src/date/find.c), here on one. */
#ifndef CHR_TEST_PIECES_H
#define CHR_TEST_PIECES_H

#include "date/date.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum { PIECES_MAX_CUTS = 64 };

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

/*
 * text[0..len) cut where chr_lex_sparse_cuts says for parts pieces (at
 * most PIECES_MAX_CUTS + 1), each piece lexed (chr_lex_sparse_part, with
 * the ends given) and appended, and its sentences numbered apart and
 * joined (chr_sentences_join), against one pass with the same ends: whole, and its numbers sent,
 * sline and count sentences. Returns NULL when they agree, else what
 * differs; *pieces is set to how many pieces there were.
 */
static const char *pieces_differ(const char *text, size_t len, unsigned ends, size_t parts,
                                 const tokens *whole, const uint32_t *sent,
                                 const uint32_t *sline, uint32_t sentences, size_t *pieces)
{
	size_t cuts[PIECES_MAX_CUTS];
	size_t n = chr_lex_sparse_cuts(text, len, ends, parts, cuts);
	*pieces = n + 1;
	if (n >= parts)
		return "more cuts than pieces asked for";
	tokens cut = { 0 }, piece = { 0 };
	uint32_t *jsent = calloc(whole->n + 1, sizeof *jsent);
	uint32_t *jsline = calloc(whole->n + 1, sizeof *jsline);
	uint32_t *psent = calloc(whole->n + 1, sizeof *psent);
	uint32_t *psline = calloc(whole->n + 1, sizeof *psline);
	uint32_t joined = 0;
	const char *why = jsent && jsline && psent && psline ? NULL : "out of memory";
	for (size_t k = 0; !why && k <= n; k++) {
		/* the piece alone, to number apart, and appended to those before */
		size_t from = k ? cuts[k - 1] : 0, to = k < n ? cuts[k] : len;
		piece.n = 0;
		if (n && from >= to)
			why = "a cut not after the one before";
		else if (chr_lex_sparse_part(text, len, ends, from, to, &piece) != CHR_OK ||
		         chr_lex_sparse_part(text, len, ends, from, to, &cut) != CHR_OK)
			why = "a piece refused";
		else if (cut.n > whole->n)
			why = "more tokens than one pass";
		else if (k == 0)
			joined = chr_sentences_number(cut.v, 0, cut.n, jsent, jsline);
		else
			joined = chr_sentences_join(cut.v, cut.n - piece.n, piece.n, psent, psline,
			                            chr_sentences_number(piece.v, 0, piece.n, psent,
			                                                 psline),
			                            jsent, jsline, joined);
	}
	if (!why && (cut.n != whole->n || !same_tokens(cut.v, whole->v, cut.n)))
		why = "other tokens than one pass";
	if (!why && (joined != sentences ||
	             (cut.n && memcmp(jsent, sent, cut.n * sizeof *sent) != 0) ||
	             (sentences && memcmp(jsline, sline, sentences * sizeof *sline) != 0)))
		why = "other sentence numbers than one pass";
	free(jsent);
	free(jsline);
	free(psent);
	free(psline);
	chr_tokens_free(&cut);
	chr_tokens_free(&piece);
	return why;
}

#endif
