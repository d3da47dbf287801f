/* chr_finder_find: the date core's one entry point. */
#include "date.h"
#include "date/mentions.h"

#include <stdlib.h>
#include <string.h>

/* The arrays one document's passes fill: kept from one document to the
 * next, so a run of documents (or the windows of a huge text) writes into
 * memory it has touched before rather than into fresh pages, which the
 * kernel must first fault in and zero. */
struct chr_finder {
	tokens t;
	raws r;
	times tm;
};

chr_finder *chr_finder_new(void)
{
	return calloc(1, sizeof(chr_finder));
}

void chr_finder_free(chr_finder *f)
{
	if (!f)
		return;
	chr_tokens_free(&f->t);
	free(f->r.v);
	free(f->tm.v);
	free(f);
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
	CHECK(chr_lex_sparse(text, len, &f->t));
	CHECK(chr_grammar(text, &f->t, &f->r, &f->tm));
	chr_date found;
	bool text_pub;
	CHECK(chr_resolve(text, len, &f->t, &f->r, &f->tm, ref,
	                  src == CHR_PUB_META ? known : (chr_date){ 0, 0, 0 }, list, &found,
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
