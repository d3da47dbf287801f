/*
 * JSON Feed 1.1 through jansson, streamed to the sink with
 * json_dump_callback. jansson refuses invalid UTF-8 (json_string returns
 * NULL), so every string goes through chr_wr_clean first and a NULL can
 * only mean out of memory. Items run newest first, as in Atom, and carry
 * the machine-readable span in "_chronicle", which feed readers ignore.
 */
#include "write/write.h"

#include <jansson.h>

#include <stdlib.h>
#include <string.h>

/* Sets key to value, taking value; a NULL value is out of memory. */
static chr_status put(json_t *obj, const char *key, json_t *value)
{
	if (!value || json_object_set_new(obj, key, value) != 0)
		return CHR_ENOMEM;
	return CHR_OK;
}

static chr_status append(json_t *arr, json_t *value)
{
	if (!value || json_array_append_new(arr, value) != 0)
		return CHR_ENOMEM;
	return CHR_OK;
}

/* A cleaned copy of s as a JSON string. */
static json_t *text(chr_buf *b, const char *s, chr_wr_mode mode)
{
	b->len = 0;
	if (chr_wr_clean(b, s, mode) != CHR_OK)
		return NULL;
	return json_string(b->data ? b->data : "");
}

static json_t *stamp(int64_t t)
{
	char s[32];
	chr_wr_rfc3339(t, s);
	return json_string(s);
}

static json_t *day(chr_date d)
{
	char s[11];
	if (!chr_date_valid(d))
		return json_null();
	chr_date_format(d, s);
	return json_string(s);
}

static chr_status extension(json_t *item, chr_buf *b, const chr_event *e)
{
	chr_status rc = CHR_OK;
	json_t *x = json_object();
	if (!x)
		return CHR_ENOMEM;
	CHECK(put(x, "start", day(e->start)));
	CHECK(put(x, "end", day(chr_date_valid(e->end) ? e->end : e->start)));
	CHECK(put(x, "precision", json_string(chr_precision_name(e->precision))));
	if (e->location && *e->location)
		CHECK(put(x, "location", text(b, e->location, CHR_WR_LINE)));
	else
		CHECK(put(x, "location", json_null()));
	CHECK(put(x, "status", json_string(chr_wr_status_name(e->status))));
	CHECK(put(x, "uid", text(b, e->uid, CHR_WR_LINE)));
	/* The optional fields of the `events` JSON-lines contract. */
	if (e->hour >= 0) {
		char hm[16];
		snprintf(hm, sizeof hm, "%02d:%02d", e->hour % 24,
		         (e->minute < 0 ? 0 : e->minute) % 60);
		CHECK(put(x, "time", json_string(hm)));
		if (e->has_tz) {
			int a = e->tz_minutes < 0 ? -e->tz_minutes : e->tz_minutes;
			snprintf(hm, sizeof hm, "%c%02d:%02d",
			         e->tz_minutes < 0 ? '-' : '+', (a / 60) % 100,
			         a % 60);
			CHECK(put(x, "tz", json_string(hm)));
		}
	}
	rc = put(item, "_chronicle", x);
	x = NULL;
cleanup:
	json_decref(x);
	return rc;
}

static chr_status item(json_t *items, chr_buf *b, const chr_event *e,
                       const chr_feed *feed)
{
	chr_status rc = CHR_OK;
	json_t *it = json_object(), *tags = NULL;
	if (!it)
		return CHR_ENOMEM;
	b->len = 0;
	CHECK(chr_buf_adds(b, "urn:uuid:"));
	CHECK(chr_wr_clean(b, e->uid, CHR_WR_LINE));
	CHECK(put(it, "id", json_string(b->data)));
	CHECK(chr_wr_entry_link(b, e, feed));
	if (b->len)
		CHECK(put(it, "url", json_string(b->data)));
	b->len = 0;
	CHECK(chr_wr_headline(b, e));
	CHECK(put(it, "title", json_string(b->data)));
	b->len = 0;
	CHECK(chr_wr_plain(b, e));
	CHECK(put(it, "content_text", json_string(b->data)));
	b->len = 0;
	CHECK(chr_wr_html(b, e));
	CHECK(put(it, "content_html", json_string(b->data)));
	if (e->sentence && *e->sentence)
		CHECK(put(it, "summary", text(b, e->sentence, CHR_WR_LINE)));
	CHECK(put(it, "date_published", stamp(chr_wr_published(e, feed))));
	CHECK(put(it, "date_modified", stamp(chr_wr_updated(e, feed))));
	tags = json_array();
	if (!tags) {
		rc = CHR_ENOMEM;
		goto cleanup;
	}
	CHECK(append(tags, json_string(chr_precision_name(e->precision))));
	CHECK(append(tags, json_string(chr_wr_status_name(e->status))));
	rc = put(it, "tags", tags);
	tags = NULL;
	CHECK(rc);
	CHECK(extension(it, b, e));
	rc = append(items, it);
	it = NULL;
cleanup:
	json_decref(tags);
	json_decref(it);
	return rc;
}

typedef struct dump {
	const chr_sink *sink;
	chr_status rc;
} dump;

static int dump_cb(const char *buffer, size_t size, void *data)
{
	dump *d = data;
	if (d->rc == CHR_OK)
		d->rc = d->sink->write(d->sink->userdata, buffer, size);
	return d->rc == CHR_OK ? 0 : -1;
}

chr_status chr_write_json(const chr_event *const *events, size_t n,
                          const chr_feed *feed, const chr_sink *sink,
                          chr_error *err)
{
	chr_status rc = CHR_OK;
	const chr_event **sorted = NULL;
	const char *base = chr_wr_is_url(feed->base_url) ? feed->base_url
	                                                     : NULL;
	json_t *root = NULL, *items = NULL, *authors = NULL;
	chr_buf b;
	chr_buf_init(&b, CHR_WR_FIELD_LIMIT);

	CHECK(chr_wr_sort(events, n, feed, CHR_WR_BY_NEWEST, &sorted));
	root = json_object();
	if (!root) {
		rc = CHR_ENOMEM;
		goto cleanup;
	}
	CHECK(put(root, "version", json_string("https://jsonfeed.org/version/1.1")));
	CHECK(put(root, "title", text(&b, chr_wr_feed_title(feed), CHR_WR_LINE)));
	if (base) {
		b.len = 0;
		CHECK(chr_wr_base_file(&b, feed, ""));
		CHECK(put(root, "home_page_url", json_string(b.data)));
		b.len = 0;
		CHECK(chr_wr_base_file(&b, feed, "events.json"));
		CHECK(put(root, "feed_url", json_string(b.data)));
	}
	if (feed->description && *feed->description)
		CHECK(put(root, "description",
		          text(&b, feed->description, CHR_WR_BLOCK)));
	if (feed->author && *feed->author) {
		json_t *a = json_object();
		authors = json_array();
		if (!a || !authors) {
			json_decref(a);
			rc = CHR_ENOMEM;
			goto cleanup;
		}
		rc = put(a, "name", text(&b, feed->author, CHR_WR_LINE));
		if (rc == CHR_OK)
			rc = append(authors, a);
		else
			json_decref(a);
		CHECK(rc);
		rc = put(root, "authors", authors);
		authors = NULL;
		CHECK(rc);
	}
	items = json_array();
	if (!items) {
		rc = CHR_ENOMEM;
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++)
		CHECK(item(items, &b, sorted[i], feed));
	rc = put(root, "items", items);
	items = NULL;
	CHECK(rc);

	dump d = { sink, CHR_OK };
	if (json_dump_callback(root, dump_cb, &d,
	                       JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0) {
		rc = d.rc != CHR_OK ? d.rc : CHR_ENOMEM;
		goto cleanup;
	}
	rc = sink->write(sink->userdata, "\n", 1);
cleanup:
	if (rc != CHR_OK && err)
		chr_fail(err, rc, NULL, "JSON Feed: %s", chr_status_str(rc));
	json_decref(authors);
	json_decref(items);
	json_decref(root);
	chr_buf_free(&b);
	free(sorted);
	return rc;
}
