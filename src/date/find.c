/* chr_finder_find: the date core's one entry point. */
#include "date.h"
#include "date/mentions.h"
#include "util/util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* A text is lexed in pieces on several threads only when each piece
 * has at least PIECE_MIN bytes: below that a thread's start costs more
 * than it saves. Its dates are resolved in halves from HALVES_FROM raw
 * mentions, for the same reason. */
enum { PIECE_MIN = 1u << 20, HALVES_FROM = 2048, MAX_JOBS = 8 };

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
	unsigned jobs;                /* threads that may work on one text */
	size_t piece_min, halves_from; /* PIECE_MIN, HALVES_FROM (tests: less) */
	tokens piece[MAX_JOBS - 1];   /* the tokens of the pieces after the first */
	struct numbers pnum[MAX_JOBS - 1]; /* their sentences, from 0 in each */
	raws praws[MAX_JOBS - 1];     /* their raw mentions and times, as found */
	times ptimes[MAX_JOBS - 1];   /* on their own threads */
};


/* Room in n for cap tokens' numbers, keeping the first keep of each. */
static chr_status numbers_room(struct numbers *n, size_t cap, size_t keep)
{
	if (cap <= n->cap)
		return CHR_OK;
	size_t got;
	uint32_t *sent = chr_alloc_big(cap * sizeof *sent, &got);
	/* room for a sentence a token, of which prose has one in twenty or
	 * so: in huge pages the first touch would zero 2 MB of it at once */
	uint32_t *sline = malloc(cap * sizeof *sline);
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

/* Room in r for the raw mentions of about ntok tokens, reserved at once:
 * a raw mention is 128 bytes, and an array doubled from a few dozen
 * moved to fresh memory (which the kernel zeroes) at each step. Prose
 * gives about one in twenty tokens of the sparse array, a text of dates
 * one after another one in ten: room for one in eight is never touched
 * in prose, and more only grow it as before. */
static chr_status raws_room(raws *r, size_t ntok)
{
	void *v = r->v;
	if (chr_reserve(&v, &r->cap, r->n, r->n + ntok / 8 + 32, sizeof *r->v) != CHR_OK)
		return CHR_ENOMEM;
	r->v = v;
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
	if (f) {
		f->jobs = 1;
		chr_finder_set_split(f, 0, 0);
	}
	return f;
}

void chr_finder_set_split(chr_finder *f, size_t piece_min, size_t halves_from)
{
	f->piece_min = piece_min ? piece_min : PIECE_MIN;
	f->halves_from = halves_from ? halves_from : HALVES_FROM;
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
		free(f->praws[k].v);
		free(f->ptimes[k].v);
	}
	free(f->r.v);
	free(f->tm.v);
	free(f);
}

/* A piece's grammar runs on its thread when the piece's array can begin
 * with the tokens of at least LEAD_TOKENS before it, the lines up to the
 * piece lexed from a cut no more than LEAD_REACH bytes back: the grammar
 * reads at most two tokens in front of a match (see lex.c), and no match
 * crosses a line break, so the raw mentions it finds there are those of
 * one pass over the whole text. */
enum { LEAD_TOKENS = 8, LEAD_REACH = 64 << 10 };

/* One piece of a text for a thread to lex, then, after the first, to
 * number the sentences of and (where it has its lead) to run the grammar
 * over. */
struct piece {
	const char *text;
	size_t len;
	unsigned ends; /* of the whole text, CHR_LEX_HEAD and CHR_LEX_TAIL */
	size_t from, to;
	tokens *out;   /* lead tokens first, then the piece's own */
	size_t lead;   /* how many lead tokens */
	bool parsed;   /* r and tm hold the piece's raw mentions and times,
	                * their token indices those of out */
	struct numbers *num;
	raws *r;
	times *tm;
	uint32_t sentences;
	chr_status rc;
};

/* Lexes the lead of p (see LEAD_TOKENS) into p->out: false when there is
 * none to be had, and p->out is then empty. */
static bool lex_lead(struct piece *p)
{
	size_t at = p->from;
	while (p->from - at < LEAD_REACH) {
		size_t c = chr_lex_sparse_cut_before(p->text, p->len, p->ends, at,
		                                     LEAD_REACH - (p->from - at));
		if (c == SIZE_MAX)
			break;
		p->out->n = 0;
		chr_status rc = chr_lex_sparse_part(p->text, p->len, p->ends, c, p->from, p->out);
		if (rc == CHR_ENOMEM)
			p->rc = rc;
		if (rc != CHR_OK)
			break; /* no lead: the piece is parsed on the calling thread */
		if (p->out->n >= LEAD_TOKENS)
			return true;
		if (c == 0)
			break;
		at = c;
	}
	p->out->n = 0;
	return false;
}

static void *lex_piece(void *arg)
{
	struct piece *p = arg;
	p->lead = 0;
	p->parsed = false;
	bool lead = p->r && lex_lead(p);
	if (p->rc != CHR_OK)
		return NULL;
	p->lead = p->out->n;
	p->rc = chr_lex_sparse_part(p->text, p->len, p->ends, p->from, p->to, p->out);
	size_t own = p->out->n - p->lead;
	if (p->rc == CHR_OK && p->num && (p->rc = numbers_room(p->num, own, 0)) == CHR_OK)
		p->sentences = chr_sentences_number(p->out->v + p->lead, 0, own, p->num->sent,
		                                    p->num->sline);
	if (p->rc == CHR_OK && lead) {
		p->r->n = p->tm->n = 0;
		if ((p->rc = raws_room(p->r, own)) == CHR_OK)
			p->rc = chr_grammar_scan(p->text, p->out, p->lead, p->r, p->tm);
		p->parsed = p->rc == CHR_OK;
	}
	return NULL;
}

/* Appends the raw mentions and times a piece's thread found (p->parsed)
 * to f's, their token indices moved from the piece's array to f->t,
 * where its own tokens begin at at. */
static chr_status take_parsed(chr_finder *f, const struct piece *p, size_t at)
{
	void *v = f->r.v;
	if (chr_reserve(&v, &f->r.cap, f->r.n, f->r.n + p->r->n, sizeof *f->r.v) != CHR_OK)
		return CHR_ENOMEM;
	f->r.v = v;
	v = f->tm.v;
	if (chr_reserve(&v, &f->tm.cap, f->tm.n, f->tm.n + p->tm->n, sizeof *f->tm.v) != CHR_OK)
		return CHR_ENOMEM;
	f->tm.v = v;
	uint32_t shift = (uint32_t)(at - p->lead);
	for (size_t k = 0; k < p->r->n; k++) {
		raw *x = &f->r.v[f->r.n++];
		*x = p->r->v[k];
		x->ti += shift;
	}
	for (size_t k = 0; k < p->tm->n; k++) {
		time_at *x = &f->tm.v[f->tm.n++];
		*x = p->tm->v[k];
		x->ti += shift;
	}
	return CHR_OK;
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
 * lexed (a cut is at a line break, which no date crosses). Each of the
 * others numbers its sentences in its own thread (chr_sentences_join
 * makes them the whole text's) and runs the grammar over its tokens
 * there too, after a lead of those before it (see LEAD_TOKENS); a piece
 * without one is parsed here, once copied in. A thread that cannot be
 * started leaves its piece to this one.
 */
static chr_status lex_and_parse(chr_finder *f, const char *text, size_t len, unsigned ends)
{
	size_t parts = f->jobs < len / f->piece_min ? f->jobs : len / f->piece_min;
	size_t cuts[MAX_JOBS - 1];
	size_t n = parts > 1 ? chr_lex_sparse_cuts(text, len, ends, parts, cuts) : 0;
	chr_status rc;
	if (n == 0) {
		if ((rc = chr_lex_sparse(text, len, ends, &f->t)) != CHR_OK ||
		    (rc = raws_room(&f->r, f->t.n)) != CHR_OK ||
		    (rc = chr_grammar(text, &f->t, &f->r, &f->tm)) != CHR_OK ||
		    (rc = numbers_room(&f->num, f->t.n, 0)) != CHR_OK)
			return rc;
		chr_sentences_number(f->t.v, 0, f->t.n, f->num.sent, f->num.sline);
		return CHR_OK;
	}
	void *v = f->t.v;
	if (chr_reserve(&v, &f->t.cap, f->t.n, len / 3 + 16, sizeof *f->t.v) != CHR_OK)
		return CHR_ENOMEM;
	f->t.v = v;

	struct piece p[MAX_JOBS];
	pthread_t thread[MAX_JOBS];
	bool started[MAX_JOBS] = { false };
	for (size_t k = 0; k <= n; k++) {
		tokens *out = k ? &f->piece[k - 1] : &f->t;
		out->n = 0;
		p[k] = (struct piece){ .text = text, .len = len, .ends = ends,
		                       .from = k ? cuts[k - 1] : 0, .to = k < n ? cuts[k] : len,
		                       .out = out, .num = k ? &f->pnum[k - 1] : NULL,
		                       .r = k ? &f->praws[k - 1] : NULL,
		                       .tm = k ? &f->ptimes[k - 1] : NULL, .rc = CHR_OK };
	}
	for (size_t k = 1; k <= n; k++)
		started[k] = pthread_create(&thread[k], NULL, lex_piece, &p[k]) == 0;
	lex_piece(&p[0]);
	rc = p[0].rc;
	/* the first piece is about a share of the text: room for all */
	if (rc == CHR_OK && (rc = raws_room(&f->r, f->t.n * (n + 1))) == CHR_OK)
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
		total += p[k].out->n - p[k].lead;
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
		size_t at = f->t.n, own = p[k].out->n - p[k].lead;
		memcpy(f->t.v + at, p[k].out->v + p[k].lead, own * sizeof *f->t.v);
		f->t.n += own;
		sentences = chr_sentences_join(f->t.v, at, own, p[k].num->sent, p[k].num->sline,
		                               p[k].sentences, f->num.sent, f->num.sline,
		                               sentences);
		rc = p[k].parsed ? take_parsed(f, &p[k], at)
		                 : chr_grammar_scan(text, &f->t, at, &f->r, &f->tm);
		if (rc != CHR_OK)
			return rc;
	}
	chr_grammar_finish(text, &f->t, &f->r, 0);
	return CHR_OK;
}

static void raws_trim(raws *r)
{
	if (r->cap * sizeof *r->v > KEEP_BYTES) {
		free(r->v);
		*r = (raws){ 0 };
	}
}

static void times_trim(times *t)
{
	if (t->cap * sizeof *t->v > KEEP_BYTES) {
		free(t->v);
		*t = (times){ 0 };
	}
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
		raws_trim(&f->praws[k]);
		times_trim(&f->ptimes[k]);
	}
	raws_trim(&f->r);
	times_trim(&f->tm);
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
	                           last, f->jobs > 1 ? f->halves_from : 0, list, &found,
	                           &text_pub));
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
