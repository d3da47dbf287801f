/*
 * Atom 1.0 (RFC 4287) through libxml2's xmlTextWriter, which escapes
 * markup; chr_wr_clean first removes what XML 1.0 cannot carry at all.
 * Entries run newest first. An entry's published is when chronicle first
 * saw the event, never the event's own date: readers sort and expire on
 * it, and a date in 2030 would pin an entry to the top for years.
 */
#include "write/write.h"

#include <stdlib.h>
#include <string.h>

#define ATOM_NS "http://www.w3.org/2005/Atom"

static chr_status stamp(chr_wr_xml *x, const char *name, int64_t t)
{
	char s[32];
	chr_wr_rfc3339(t, s);
	return chr_wr_xml_elem(x, name, NULL, NULL, s, CHR_WR_DONE);
}

/* <link rel="REL" href="BASE + FILE"/> */
static chr_status link_to(chr_wr_xml *x, chr_buf *b, const char *rel,
                          const char *type, const chr_feed *feed,
                          const char *file)
{
	chr_status rc = CHR_OK;
	b->len = 0;
	CHECK(chr_wr_base_file(b, feed, file));
	CHECK(chr_wr_xml_start(x, "link", "rel", rel));
	if (type)
		CHECK(chr_wr_xml_attr(x, "type", type));
	CHECK(chr_wr_xml_attr(x, "href", b->data));
	CHECK(chr_wr_xml_end(x));
cleanup:
	return rc;
}

static chr_status category(chr_wr_xml *x, const char *term)
{
	chr_status rc = CHR_OK;
	CHECK(chr_wr_xml_start(x, "category", "term", term));
	CHECK(chr_wr_xml_end(x));
cleanup:
	return rc;
}

static chr_status entry(chr_wr_xml *x, chr_buf *b, const chr_event *e,
                        const chr_feed *feed)
{
	chr_status rc = CHR_OK;
	CHECK(chr_wr_xml_start(x, "entry", NULL, NULL));
	b->len = 0;
	CHECK(chr_buf_adds(b, "urn:uuid:"));
	CHECK(chr_wr_clean(b, e->uid, CHR_WR_LINE));
	CHECK(chr_wr_xml_elem(x, "id", NULL, NULL, b->data, CHR_WR_DONE));
	b->len = 0;
	CHECK(chr_wr_headline(b, e));
	CHECK(chr_wr_xml_elem(x, "title", "type", "text", b->data,
	                      CHR_WR_DONE));
	CHECK(stamp(x, "updated", chr_wr_updated(e, feed)));
	CHECK(stamp(x, "published", chr_wr_published(e, feed)));
	CHECK(chr_wr_entry_link(b, e, feed));
	if (b->len) {
		CHECK(chr_wr_xml_start(x, "link", "rel", "alternate"));
		CHECK(chr_wr_xml_attr(x, "href", b->data));
		CHECK(chr_wr_xml_end(x));
	}
	if (e->sentence && *e->sentence)
		CHECK(chr_wr_xml_elem(x, "summary", "type", "text", e->sentence,
		                      CHR_WR_LINE));
	b->len = 0;
	CHECK(chr_wr_html(b, e));
	CHECK(chr_wr_xml_elem(x, "content", "type", "html", b->data,
	                      CHR_WR_DONE));
	CHECK(category(x, chr_precision_name(e->precision)));
	CHECK(category(x, chr_wr_status_name(e->status)));
	CHECK(chr_wr_xml_end(x));
cleanup:
	return rc;
}

chr_status chr_write_atom(const chr_event *const *events, size_t n,
                          const chr_feed *feed, const chr_sink *sink,
                          chr_error *err)
{
	chr_status rc = CHR_OK;
	const chr_event **sorted = NULL;
	const char *base = chr_wr_is_url(feed->base_url) ? feed->base_url
	                                                     : NULL;
	chr_buf b;
	chr_wr_xml x;
	memset(&x, 0, sizeof x);
	chr_buf_init(&b, CHR_WR_FIELD_LIMIT);

	const char *no_lib = chr_libxml2_open();
	if (no_lib)
		return chr_fail(err, CHR_EIO, NULL, "%s", no_lib);
	CHECK(chr_wr_sort(events, n, feed, CHR_WR_BY_NEWEST, &sorted));
	CHECK(chr_wr_xml_open(&x, sink));
	CHECK(chr_wr_xml_start(&x, "feed", "xmlns", ATOM_NS));
	if (base) {
		CHECK(chr_wr_base_file(&b, feed, "atom.xml"));
	} else {
		/* No public URL: the feed's UID namespace, a name-based UUID,
		 * keeps the id stable across builds and distinct per feed. */
		char uuid[37];
		chr_wr_uuid5(chr_wr_feed_key(feed), uuid);
		CHECK(chr_buf_adds(&b, "urn:uuid:"));
		CHECK(chr_buf_adds(&b, uuid));
	}
	CHECK(chr_wr_xml_elem(&x, "id", NULL, NULL, b.data, CHR_WR_LINE));
	CHECK(chr_wr_xml_elem(&x, "title", "type", "text",
	                      chr_wr_feed_title(feed), CHR_WR_LINE));
	if (feed->description && *feed->description)
		CHECK(chr_wr_xml_elem(&x, "subtitle", "type", "text",
		                      feed->description, CHR_WR_LINE));
	/* The feed changed when its newest entry did; with none, at now. */
	CHECK(stamp(&x, "updated", n ? chr_wr_updated(sorted[0], feed)
	                             : feed->now));
	CHECK(chr_wr_xml_start(&x, "author", NULL, NULL));
	CHECK(chr_wr_xml_elem(&x, "name", NULL, NULL,
	                      feed->author && *feed->author
	                              ? feed->author
	                              : chr_wr_feed_title(feed),
	                      CHR_WR_LINE));
	CHECK(chr_wr_xml_end(&x));
	/* No uri: chronicle has no public home page to point at, and the
	 * attribute is optional (RFC 4287 4.2.4); a made-up one would be a
	 * dead link in every reader that shows it. */
	CHECK(chr_wr_xml_start(&x, "generator", "version", CHR_VERSION));
	if (xmlTextWriterWriteString(x.w, BAD_CAST "chronicle") < 0) {
		rc = chr_wr_xml_fail(&x);
		goto cleanup;
	}
	CHECK(chr_wr_xml_end(&x));
	if (base) {
		CHECK(link_to(&x, &b, "self", "application/atom+xml", feed,
		              "atom.xml"));
		CHECK(link_to(&x, &b, "alternate", "text/html", feed, ""));
	}
	for (size_t i = 0; i < n; i++)
		CHECK(entry(&x, &b, sorted[i], feed));
	CHECK(chr_wr_xml_end(&x));
cleanup:
	rc = chr_wr_xml_close(&x, rc);
	if (rc != CHR_OK && err)
		chr_fail(err, rc, NULL, "Atom: %s", chr_status_str(rc));
	chr_buf_free(&b);
	free(sorted);
	return rc;
}
