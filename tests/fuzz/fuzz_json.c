/*
 * JSON Feed round trip: any bytes -> events -> chr_write_json -> jansson.
 * The output is one JSON object (jansson refuses invalid UTF-8 and stray
 * bytes), with the JSON Feed 1.1 fields, one item per event (by id),
 * string fields that are strings, no keys but the writer's, and
 * content_html without script.
 */
#include "fuzz_xml.h"

#include <jansson.h>

static const char *const root_keys[] = {
	"version", "title", "home_page_url", "feed_url", "description", "authors",
	"items", NULL
};
static const char *const item_keys[] = {
	"id", "url", "title", "content_text", "content_html", "summary",
	"date_published", "date_modified", "tags", "_chronicle", NULL
};
static const char *const ext_keys[] = {
	"start", "end", "precision", "location", "status", "uid", "time", "end_time",
	"tz", "mod", NULL
};

static void only_keys(json_t *obj, const char *const *keys, const char *what)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		size_t i = 0;
		while (keys[i] && strcmp(keys[i], key) != 0)
			i++;
		FUZZ_CHECK(keys[i], "%s: key '%s'", what, key);
	}
}

static void check(fuzz_round *x)
{
	const fuzz_run *r = &x->r;
	json_error_t jerr;
	json_t *root = json_loadb(x->out.data, x->out.len, JSON_REJECT_DUPLICATES, &jerr);
	FUZZ_CHECK(root && json_is_object(root), "jansson: %s (line %d)", jerr.text, jerr.line);
	only_keys(root, root_keys, "feed");
	FUZZ_CHECK(json_is_string(json_object_get(root, "version")) &&
	           json_is_string(json_object_get(root, "title")), "feed: version or title");
	json_t *items = json_object_get(root, "items");
	FUZZ_CHECK(json_is_array(items) && json_array_size(items) == r->n,
	           "%zu items for %zu events", json_array_size(items), r->n);
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		FUZZ_CHECK(json_is_object(it), "item %zu is not an object", i);
		only_keys(it, item_keys, "item");
		size_t k = fuzz_claim(x, json_string_value(json_object_get(it, "id")), "urn:uuid:",
		                      "item");
		FUZZ_CHECK(json_is_string(json_object_get(it, "title")), "item %zu: title", i);
		json_t *ext = json_object_get(it, "_chronicle");
		FUZZ_CHECK(json_is_object(ext), "item %zu: _chronicle", i);
		only_keys(ext, ext_keys, "_chronicle");
		const char *uid = json_string_value(json_object_get(ext, "uid"));
		FUZZ_CHECK(uid && strcmp(uid, r->list[k]->uid) == 0, "item %zu: uid", i);
		json_t *html = json_object_get(it, "content_html");
		FUZZ_CHECK(json_is_string(html), "item %zu: content_html", i);
		fuzz_check_html(json_string_value(html), json_string_length(html));
	}
	json_decref(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_round x;
	if (fuzz_write(data, size, chr_write_json, "chr_write_json", &x))
		check(&x);
	fuzz_round_free(&x);
	return 0;
}
