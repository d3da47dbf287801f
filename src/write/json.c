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

/* b's text as a JSON string. Every buffer that reaches here went through
 * chr_wr_clean or chr_wr_uri (or holds our own ASCII), so it is valid
 * UTF-8 and jansson need not check it again. */
static json_t *cleaned(const chr_buf *b)
{
	return json_stringn_nocheck(b->data ? b->data : "", b->len);
}

/* A cleaned copy of s as a JSON string. */
static json_t *text(chr_buf *b, const char *s, chr_wr_mode mode)
{
	b->len = 0;
	if (chr_wr_clean(b, s, mode) != CHR_OK)
		return NULL;
	return cleaned(b);
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
	CHECK(put(it, "id", cleaned(b)));
	CHECK(chr_wr_entry_link(b, e, feed));
	if (b->len)
		CHECK(put(it, "url", cleaned(b)));
	b->len = 0;
	CHECK(chr_wr_headline(b, e));
	CHECK(put(it, "title", cleaned(b)));
	b->len = 0;
	CHECK(chr_wr_plain(b, e));
	CHECK(put(it, "content_text", cleaned(b)));
	b->len = 0;
	CHECK(chr_wr_html(b, e));
	CHECK(put(it, "content_html", cleaned(b)));
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

/* Appends v as jansson dumps it with each line after the first indented
 * by `indent`: jansson writes a newline only between tokens (one inside a
 * string is "\n"), so indenting after each moves the whole value deeper.
 * Dumped to memory first: jansson hands a callback a few bytes at a time. */
static chr_status dump_value(chr_buf *out, json_t *v, const char *indent)
{
	chr_status rc = CHR_OK;
	char *text = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text)
		return CHR_ENOMEM;
	size_t ilen = strlen(indent);
	const char *p = text, *nl;
	while ((nl = strchr(p, '\n')) != NULL) {
		CHECK(chr_buf_add(out, p, (size_t)(nl + 1 - p)));
		CHECK(chr_buf_add(out, indent, ilen));
		p = nl + 1;
	}
	CHECK(chr_buf_adds(out, p));
cleanup:
	free(text);
	return rc;
}

static chr_status write_str(const chr_sink *sink, const char *s)
{
	return sink->write(sink->userdata, s, strlen(s));
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
	chr_buf b, out;
	chr_buf_init(&b, CHR_WR_FIELD_LIMIT);
	/* One item's text: a handful of capped fields, escaped. */
	chr_buf_init(&out, 16 * CHR_WR_FIELD_LIMIT);

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
	/* The feed object without its items, then the items one at a time,
	 * each dumped on its own and indented to its depth: the bytes are
	 * those of the whole tree dumped at once, without a million items'
	 * tree in memory. jansson ends an object's dump with "\n}". */
	b.len = 0;
	char *top = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!top) {
		rc = CHR_ENOMEM;
		goto cleanup;
	}
	size_t tlen = strlen(top);
	if (tlen < 2 || strcmp(top + tlen - 2, "\n}") != 0) {
		free(top);
		rc = CHR_EINPUT;
		goto cleanup;
	}
	rc = sink->write(sink->userdata, top, tlen - 2);
	free(top);
	CHECK(rc);
	CHECK(write_str(sink, n ? ",\n  \"items\": [" : ",\n  \"items\": []"));
	for (size_t i = 0; i < n; i++) {
		items = json_array();
		if (!items) {
			rc = CHR_ENOMEM;
			goto cleanup;
		}
		CHECK(item(items, &b, sorted[i], feed));
		out.len = 0;
		CHECK(chr_buf_adds(&out, i ? ",\n    " : "\n    "));
		CHECK(dump_value(&out, json_array_get(items, 0), "    "));
		CHECK(sink->write(sink->userdata, out.data, out.len));
		json_decref(items);
		items = NULL;
	}
	CHECK(write_str(sink, n ? "\n  ]\n}\n" : "\n}\n"));
cleanup:
	if (rc != CHR_OK && err)
		chr_fail(err, rc, NULL, "JSON Feed: %s", chr_status_str(rc));
	json_decref(authors);
	json_decref(items);
	json_decref(root);
	chr_buf_free(&b);
	chr_buf_free(&out);
	free(sorted);
	return rc;
}
