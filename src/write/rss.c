/*
 * RSS 2.0 through libxml2's xmlTextWriter, for the readers that still
 * take nothing else. Same entries and order as Atom; dates in RFC 822
 * with the weekday computed, not formatted by a locale. The guid is the
 * event's UUID and not a permalink: several events share one article.
 */
#include "write/write.h"

#include <stdlib.h>
#include <string.h>

#define ATOM_NS "http://www.w3.org/2005/Atom"

static chr_status stamp(chr_wr_xml *x, const char *name, int64_t t)
{
	char s[40];
	chr_wr_rfc822(t, s);
	return chr_wr_xml_elem(x, name, NULL, NULL, s, CHR_WR_DONE);
}

/*
 * RSS 2.0 requires the channel's link, the web site the feed belongs to.
 * That is the public URL when there is one. Without it, the newest
 * event's source article is the nearest page a reader can open; with no
 * source on the web either, the feed's own urn:uuid (the Atom feed id), an
 * absolute URI that keeps the document valid and sends no one to a page
 * that does not exist.
 */
static chr_status channel_link(chr_buf *b, const chr_event *const *sorted,
                               size_t n, const chr_feed *feed)
{
	char uuid[37];
	b->len = 0;
	if (chr_wr_is_url(feed->base_url))
		return chr_wr_base_file(b, feed, "");
	for (size_t i = 0; i < n; i++)
		if (chr_wr_link(sorted[i]))
			return chr_wr_uri(b, chr_wr_link(sorted[i]));
	chr_wr_uuid5(chr_wr_feed_key(feed), uuid);
	chr_status rc = chr_buf_adds(b, "urn:uuid:");
	return rc == CHR_OK ? chr_buf_adds(b, uuid) : rc;
}

static chr_status item(chr_wr_xml *x, chr_buf *b, const chr_event *e,
                       const chr_feed *feed)
{
	chr_status rc = CHR_OK;
	CHECK(chr_wr_xml_start(x, "item", NULL, NULL));
	b->len = 0;
	CHECK(chr_wr_headline(b, e));
	CHECK(chr_wr_xml_elem(x, "title", NULL, NULL, b->data, CHR_WR_DONE));
	CHECK(chr_wr_entry_link(b, e, feed));
	if (b->len)
		CHECK(chr_wr_xml_elem(x, "link", NULL, NULL, b->data,
		                      CHR_WR_DONE));
	b->len = 0;
	CHECK(chr_wr_html(b, e));
	CHECK(chr_wr_xml_elem(x, "description", NULL, NULL, b->data,
	                      CHR_WR_DONE));
	b->len = 0;
	CHECK(chr_buf_adds(b, "urn:uuid:"));
	CHECK(chr_wr_clean(b, e->uid, CHR_WR_LINE));
	CHECK(chr_wr_xml_elem(x, "guid", "isPermaLink", "false", b->data,
	                      CHR_WR_DONE));
	CHECK(stamp(x, "pubDate", chr_wr_published(e, feed)));
	CHECK(chr_wr_xml_elem(x, "category", NULL, NULL,
	                      chr_precision_name(e->precision), CHR_WR_LINE));
	CHECK(chr_wr_xml_elem(x, "category", NULL, NULL,
	                      chr_wr_status_name(e->status), CHR_WR_LINE));
	CHECK(chr_wr_xml_end(x));
cleanup:
	return rc;
}

chr_status chr_write_rss(const chr_event *const *events, size_t n,
                         const chr_feed *feed, const chr_sink *sink,
                         chr_error *err)
{
	chr_status rc = CHR_OK;
	const chr_event **sorted = NULL;
	const char *base = chr_wr_is_url(feed->base_url) ? feed->base_url
	                                                     : NULL;
	char ttl[24];
	chr_buf b;
	chr_wr_xml x;
	memset(&x, 0, sizeof x);
	chr_buf_init(&b, CHR_WR_FIELD_LIMIT);

	const char *no_lib = chr_libxml2_open();
	if (no_lib)
		return chr_fail(err, CHR_EIO, NULL, "%s", no_lib);
	CHECK(chr_wr_sort(events, n, feed, CHR_WR_BY_NEWEST, &sorted));
	CHECK(chr_wr_xml_open(&x, sink));
	CHECK(chr_wr_xml_start(&x, "rss", "version", "2.0"));
	CHECK(chr_wr_xml_attr(&x, "xmlns:atom", ATOM_NS));
	CHECK(chr_wr_xml_start(&x, "channel", NULL, NULL));
	CHECK(chr_wr_xml_elem(&x, "title", NULL, NULL, chr_wr_feed_title(feed),
	                      CHR_WR_LINE));
	CHECK(channel_link(&b, sorted, n, feed));
	CHECK(chr_wr_xml_elem(&x, "link", NULL, NULL, b.data, CHR_WR_LINE));
	CHECK(chr_wr_xml_elem(&x, "description", NULL, NULL,
	                      feed->description && *feed->description
	                              ? feed->description
	                              : chr_wr_feed_title(feed),
	                      CHR_WR_LINE));
	CHECK(stamp(&x, "lastBuildDate", feed->now));
	CHECK(chr_wr_xml_elem(&x, "generator", NULL, NULL,
	                      "chronicle " CHR_VERSION, CHR_WR_LINE));
	snprintf(ttl, sizeof ttl, "%d",
	         feed->refresh_minutes > 0 ? feed->refresh_minutes : 720);
	CHECK(chr_wr_xml_elem(&x, "ttl", NULL, NULL, ttl, CHR_WR_LINE));
	if (base) {
		b.len = 0;
		CHECK(chr_wr_base_file(&b, feed, "rss.xml"));
		CHECK(chr_wr_xml_start(&x, "atom:link", "href", b.data));
		CHECK(chr_wr_xml_attr(&x, "rel", "self"));
		CHECK(chr_wr_xml_attr(&x, "type", "application/rss+xml"));
		CHECK(chr_wr_xml_end(&x));
	}
	for (size_t i = 0; i < n; i++)
		CHECK(item(&x, &b, sorted[i], feed));
	CHECK(chr_wr_xml_end(&x));
	CHECK(chr_wr_xml_end(&x));
cleanup:
	rc = chr_wr_xml_close(&x, rc);
	if (rc != CHR_OK && err)
		chr_fail(err, rc, NULL, "RSS: %s", chr_status_str(rc));
	chr_buf_free(&b);
	free(sorted);
	return rc;
}
