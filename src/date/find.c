/* chr_mentions_find: the date core's one entry point. */
#include "date.h"
#include "date/mentions.h"

#include <stdlib.h>
#include <string.h>

chr_status chr_mentions_find(chr_doc *doc, chr_date ref, chr_mentions **out,
                             chr_error *err)
{
	chr_status rc = CHR_OK;
	tokens t = { 0 };
	raws r = { 0 };
	times tm = { 0 };
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
	CHECK(chr_lex_sparse(text, len, &t));
	CHECK(chr_grammar(text, &t, &r, &tm));
	chr_date found;
	bool text_pub;
	CHECK(chr_resolve(text, len, &t, &r, &tm, ref,
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
	chr_tokens_free(&t);
	free(r.v);
	free(tm.v);
	chr_mentions_free(list);
	return rc;
}
