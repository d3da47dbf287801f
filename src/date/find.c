/* chr_finder_find: the date core's one entry point. */
#include "date.h"
#include "date/mentions.h"
#include "util/util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* A text is lexed in pieces on several threads only when each piece
 * has at least PIECE_MIN bytes: below that a thread's start costs more
 * than it saves. */
enum { PIECE_MIN = 1u << 20, MAX_JOBS = 8 };

/* A finder keeps its arrays for the next document up to KEEP_BYTES each:
 * a window of ordinary prose needs a fraction of that, and one of
 * punctuation alone (a token a byte, lexed in full) many times more,
 * which is given back rather than held for the rest of the run, on every
 * thread that met one. */
#define KEEP_BYTES ((size_t)32 << 20)

/* Numbered sentences: sent and sline (chr_sentences_number), room for
 * cap tokens in each. */
struct numbers {
	uint32_t *sent, *sline;
	size_t cap;
};

/* The arrays one document's passes fill: kept from one document to the
 * next, so a run of documents (or the windows of a huge text) writes into
 * memory it has touched before rather than into fresh pages, which the
 * kernel must first fault in and zero. */
struct chr_finder {
	tokens t;
	raws r;
	times tm;
	struct numbers num;           /* of t */
	unsigned jobs;                /* threads that may lex one text */
	tokens piece[MAX_JOBS - 1];   /* the tokens of the pieces after the first */
	struct numbers pnum[MAX_JOBS - 1]; /* their sentences, from 0 in each */
};


/* Room in n for cap tokens' numbers, keeping the first keep of each. */
static chr_status numbers_room(struct numbers *n, size_t cap, size_t keep)
{
	if (cap <= n->cap)
		return CHR_OK;
	size_t got;
	uint32_t *sent = chr_alloc_big(cap * sizeof *sent, &got);
	uint32_t *sline = chr_alloc_big(cap * sizeof *sline, &got);
	if (!sent || !sline) {
		free(sent);
		free(sline);
		return CHR_ENOMEM;
	}
	if (keep) {
		memcpy(sent, n->sent, keep * sizeof *sent);
		memcpy(sline, n->sline, keep * sizeof *sline);
	}
	free(n->sent);
	free(n->sline);
	n->sent = sent;
	n->sline = sline;
	n->cap = cap;
	return CHR_OK;
}

static void numbers_free(struct numbers *n)
{
	free(n->sent);
	free(n->sline);
	memset(n, 0, sizeof *n);
}

chr_finder *chr_finder_new(void)
{
	chr_finder *f = calloc(1, sizeof(chr_finder));
	if (f)
		f->jobs = 1;
	return f;
}

void chr_finder_set_jobs(chr_finder *f, unsigned jobs)
{
	f->jobs = jobs < 1 ? 1 : jobs > MAX_JOBS ? MAX_JOBS : jobs;
}

void chr_finder_free(chr_finder *f)
{
	if (!f)
		return;
	chr_tokens_free(&f->t);
	numbers_free(&f->num);
	for (size_t k = 0; k < MAX_JOBS - 1; k++) {
		chr_tokens_free(&f->piece[k]);
		numbers_free(&f->pnum[k]);
	}
	free(f->r.v);
	free(f->tm.v);
	free(f);
}

/* One piece of a text for a thread to lex, and to number the sentences
 * of when num is set. */
struct piece {
	const char *text;
	size_t len;
	unsigned ends; /* of the whole text, CHR_LEX_HEAD and CHR_LEX_TAIL */
	size_t from, to;
	tokens *out;
	struct numbers *num;
	uint32_t sentences;
	chr_status rc;
};

static void *lex_piece(void *arg)
{
	struct piece *p = arg;
	p->rc = chr_lex_sparse_part(p->text, p->len, p->ends, p->from, p->to, p->out);
	if (p->rc == CHR_OK && p->num && (p->rc = numbers_room(p->num, p->out->n, 0)) == CHR_OK)
		p->sentences = chr_sentences_number(p->out->v, 0, p->out->n, p->num->sent,
		                                    p->num->sline);
	return NULL;
}

/*
 * chr_lex_sparse, chr_grammar and chr_sentences_number into f->t, f->r,
 * f->tm and f->num. When the text is long enough and f may use more than
 * one thread, the text is lexed in pieces side by side. They end at the
 * cuts chr_lex_sparse_cuts finds, where the sparse lexer holds no state,
 * so the tokens are the same as one pass gives (tests/unit/date_sparse.c
 * checks it). The first piece goes straight into f->t, reserved for the
 * whole text first so that the others are copied in behind it without
 * moving it; its grammar runs while the other pieces are still being
 * lexed (a cut is at a line break, which no date crosses), and each of
 * the others numbers its sentences in its own thread (chr_sentences_join
 * makes them the whole text's). A thread
 * that cannot be started leaves its piece to this one.
 */
static chr_status lex_and_parse(chr_finder *f, const char *text, size_t len, unsigned ends)
{
	size_t parts = f->jobs < len / PIECE_MIN ? f->jobs : len / PIECE_MIN;
	size_t cuts[MAX_JOBS - 1];
	size_t n = parts > 1 ? chr_lex_sparse_cuts(text, len, ends, parts, cuts) : 0;
	chr_status rc;
	if (n == 0) {
		if ((rc = chr_lex_sparse(text, len, ends, &f->t)) != CHR_OK ||
		    (rc = chr_grammar(text, &f->t, &f->r, &f->tm)) != CHR_OK ||
		    (rc = numbers_room(&f->num, f->t.n, 0)) != CHR_OK)
			return rc;
		chr_sentences_number(f->t.v, 0, f->t.n, f->num.sent, f->num.sline);
		return CHR_OK;
	}
	void *v = f->t.v;
	if (chr_reserve(&v, &f->t.cap, f->t.n, len / 5 + 16, sizeof *f->t.v) != CHR_OK)
		return CHR_ENOMEM;
	f->t.v = v;

	struct piece p[MAX_JOBS];
	pthread_t thread[MAX_JOBS];
	bool started[MAX_JOBS] = { false };
	for (size_t k = 0; k <= n; k++) {
		tokens *out = k ? &f->piece[k - 1] : &f->t;
		out->n = 0;
		p[k] = (struct piece){ text, len, ends, k ? cuts[k - 1] : 0, k < n ? cuts[k] : len, out,
		                       k ? &f->pnum[k - 1] : NULL, 0, CHR_OK };
	}
	for (size_t k = 1; k <= n; k++)
		started[k] = pthread_create(&thread[k], NULL, lex_piece, &p[k]) == 0;
	lex_piece(&p[0]);
	rc = p[0].rc;
	if (rc == CHR_OK)
		rc = chr_grammar_scan(text, &f->t, 0, &f->r, &f->tm);
	size_t first = f->t.n;
	if (rc == CHR_OK && (rc = numbers_room(&f->num, f->t.cap, 0)) == CHR_OK)
		chr_sentences_number(f->t.v, 0, first, f->num.sent, f->num.sline);
	size_t total = first;
	for (size_t k = 1; k <= n; k++) {
		if (started[k])
			pthread_join(thread[k], NULL);
		else
			lex_piece(&p[k]);
		if (p[k].rc != CHR_OK)
			rc = p[k].rc;
		total += p[k].out->n;
	}
	if (rc != CHR_OK)
		return rc;
	v = f->t.v;
	if (chr_reserve(&v, &f->t.cap, f->t.n, total, sizeof *f->t.v) != CHR_OK ||
	    numbers_room(&f->num, total, first) != CHR_OK)
		return CHR_ENOMEM;
	f->t.v = v;
	uint32_t sentences = first ? f->num.sent[first - 1] + 1 : 0;
	for (size_t k = 1; k <= n; k++) {
		size_t at = f->t.n;
		memcpy(f->t.v + at, p[k].out->v, p[k].out->n * sizeof *f->t.v);
		f->t.n += p[k].out->n;
		sentences = chr_sentences_join(f->t.v, at, p[k].out->n, p[k].num->sent,
		                               p[k].num->sline, p[k].sentences, f->num.sent,
		                               f->num.sline, sentences);
	}
	if ((rc = chr_grammar_scan(text, &f->t, first, &f->r, &f->tm)) != CHR_OK)
		return rc;
	chr_grammar_finish(text, &f->t, &f->r, 0);
	return CHR_OK;
}

/* Frees what outgrew KEEP_BYTES (see above). */
static void finder_trim(chr_finder *f)
{
	if (f->t.cap * sizeof *f->t.v > KEEP_BYTES)
		chr_tokens_free(&f->t);
	if (f->num.cap * sizeof *f->num.sent > KEEP_BYTES / 2)
		numbers_free(&f->num);
	for (size_t k = 0; k < MAX_JOBS - 1; k++) {
		if (f->piece[k].cap * sizeof *f->piece[k].v > KEEP_BYTES)
			chr_tokens_free(&f->piece[k]);
		if (f->pnum[k].cap * sizeof *f->pnum[k].sent > KEEP_BYTES / 2)
			numbers_free(&f->pnum[k]);
	}
	if (f->r.cap * sizeof *f->r.v > KEEP_BYTES) {
		free(f->r.v);
		f->r = (raws){ 0 };
	}
	if (f->tm.cap * sizeof *f->tm.v > KEEP_BYTES) {
		free(f->tm.v);
		f->tm = (times){ 0 };
	}
}

chr_status chr_finder_find(chr_finder *f, chr_doc *doc, chr_date ref, chr_mentions **out,
                           chr_error *err)
{
	chr_status rc = CHR_OK;
	chr_mentions *list = chr_mentions_new();
	const char *text = chr_doc_text(doc);
	size_t len = chr_doc_len(doc);
	chr_pub_source src;
	chr_date known = chr_doc_published(doc, &src);

	*out = NULL;
	if (!list)
		return chr_fail(err, CHR_ENOMEM, chr_doc_uri(doc), "out of memory");
	if (len > UINT32_MAX) {
		rc = chr_fail(err, CHR_ELIMIT, chr_doc_uri(doc),
		              "document too large for one window (%zu bytes)", len);
		goto cleanup;
	}
	f->t.n = f->r.n = f->tm.n = 0;
	/* the resolver looks for a publication date in the first lines of a
	 * document's first window and the last lines of its last: only
	 * those are lexed in full */
	bool first, last;
	chr_doc_window(doc, &first, &last);
	CHECK(lex_and_parse(f, text, len, (first ? CHR_LEX_HEAD : 0) | (last ? CHR_LEX_TAIL : 0)));
	chr_date found;
	bool text_pub;
	CHECK(chr_resolve_numbered(text, len, &f->t, f->num.sent, f->num.sline, &f->r, &f->tm, ref,
	                           src == CHR_PUB_META ? known : (chr_date){ 0, 0, 0 }, first,
	                           last, list, &found, &text_pub));
	if (src != CHR_PUB_META) {
		if (text_pub)
			chr_doc_set_published(doc, found, CHR_PUB_TEXT);
		else if (chr_date_valid(ref))
			chr_doc_set_published(doc, ref, CHR_PUB_REF);
	}
	*out = list;
	list = NULL;
cleanup:
	finder_trim(f);
	if (rc == CHR_ENOMEM)
		chr_fail(err, rc, chr_doc_uri(doc), "out of memory");
	chr_mentions_free(list);
	return rc;
}

chr_status chr_mentions_find(chr_doc *doc, chr_date ref, chr_mentions **out, chr_error *err)
{
	chr_finder *f = chr_finder_new();
	*out = NULL;
	if (!f)
		return chr_fail(err, CHR_ENOMEM, chr_doc_uri(doc), "out of memory");
	chr_status rc = chr_finder_find(f, doc, ref, out, err);
	chr_finder_free(f);
	return rc;
}
