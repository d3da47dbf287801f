/*
 * One event per happening across documents. Two press releases about the
 * same summit give two events with the same span; a calendar should show
 * it once, with both as sources.
 *
 * Events are put in a canonical order first (span, then UID, then
 * document), and the groups are the connected parts of the "same
 * happening" relation, so the result is the same whatever order the
 * documents were read in, in one run or over many builds of a store.
 *
 * The UID a subscriber sees is the primary's: the member from the
 * earliest-published document (then the smallest UID). News of a
 * happening that arrives later is nearly always published later, so the
 * UID a calendar already has stays when a second source joins, and a
 * store rebuilt from nothing publishes the same UIDs as one that grew
 * build by build. Only an older article added later (or one of the same
 * day with a smaller UID) takes the UID over: the calendar then drops the
 * old UID and shows the new one, never the happening twice and never a
 * false cancellation. Keeping the first-seen UID instead would make UIDs
 * depend on the order of builds, which is the thing to avoid.
 *
 * A store's retracted events (their document no longer tells of them)
 * group only among themselves; a retracted group that matches a live
 * event is dropped, because the happening is still on, and one that
 * matches none is shown cancelled.
 *
 * Work: a sort, then comparisons within runs of equal span, each bounded
 * by PAIR_WINDOW neighbours so that a thousand events on one day cost no
 * more than linear time with a constant.
 */
#include "event/event.h"

#include <stdlib.h>
#include <string.h>

#define PAIR_WINDOW 64 /* events of one span compared with each other */
#define TITLE_WORDS 24 /* words of a title compared */

typedef struct node {
	const chr_event *e;
	size_t index;    /* in the caller's array */
	size_t parent;   /* union-find */
} node;

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

static int cmp_span(const chr_event *a, const chr_event *b)
{
	int c = chr_date_cmp(a->start, b->start);
	if (!c)
		c = chr_date_cmp(a->end, b->end);
	if (!c)
		c = (int)a->precision - (int)b->precision;
	return c;
}

static int cmp_node(const void *x, const void *y)
{
	const chr_event *a = ((const node *)x)->e, *b = ((const node *)y)->e;
	int c = cmp_span(a, b);
	if (!c)
		c = strcmp(a->uid, b->uid);
	if (!c)
		c = cmp_str(a->doc, b->doc);
	if (!c)
		c = ((const node *)x)->index < ((const node *)y)->index ? -1 : 1;
	return c;
}

static size_t root(node *n, size_t i)
{
	while (n[i].parent != i) {
		n[i].parent = n[n[i].parent].parent;
		i = n[i].parent;
	}
	return i;
}

/* Lowercase ASCII words of three letters or more that say what happens,
 * without the words every title has. */
static size_t title_words(const char *t, char words[][24], size_t max)
{
	static const char *const common[] = {
		"and", "are", "been", "but", "for", "from", "had", "has", "have", "held",
		"its", "not", "place", "take", "takes", "the", "their", "this", "took",
		"was", "were", "will", "with"
	};
	size_t n = 0;
	for (size_t i = 0; t && t[i] && n < max;) {
		while (t[i] && !((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z') ||
		                 (unsigned char)t[i] >= 0x80))
			i++;
		size_t w = i, k = 0;
		char word[24];
		while (t[i] && ((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z') ||
		                (unsigned char)t[i] >= 0x80)) {
			if (k < sizeof word - 1)
				word[k++] = (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] + 32 : t[i]);
			i++;
		}
		word[k] = '\0';
		if (i - w < 3)
			continue;
		bool skip = false;
		for (size_t c = 0; c < CHR_ARRAY_LEN(common) && !skip; c++)
			skip = strcmp(word, common[c]) == 0;
		for (size_t c = 0; c < n && !skip; c++)
			skip = strcmp(word, words[c]) == 0;
		if (!skip)
			memcpy(words[n++], word, k + 1);
	}
	return n;
}

/* Titles that tell the same happening: at least half the words of the
 * shorter one, and two words (one when it has only one), in the other. */
static bool similar_titles(const char *a, const char *b)
{
	char wa[TITLE_WORDS][24], wb[TITLE_WORDS][24];
	size_t na = title_words(a, wa, TITLE_WORDS), nb = title_words(b, wb, TITLE_WORDS);
	size_t shared = 0, least = na < nb ? na : nb;
	if (least == 0)
		return false;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (strcmp(wa[i], wb[j]) == 0) {
				shared++;
				break;
			}
	return shared * 2 >= least && shared >= (least == 1 ? 1u : 2u);
}

static char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* The same place: equal, or one names the other at a word boundary
 * ("Geneva" and "Palais des Nations, Geneva"). */
static bool same_place(const char *a, const char *b)
{
	if (!a || !b || !*a || !*b)
		return false;
	size_t la = strlen(a), lb = strlen(b);
	if (la > lb) {
		const char *t = a;
		a = b;
		b = t;
		size_t n = la;
		la = lb;
		lb = n;
	}
	for (size_t i = 0; i + la <= lb; i++) {
		size_t k = 0;
		while (k < la && fold(a[k]) == fold(b[i + k]))
			k++;
		if (k == la && (i == 0 || b[i - 1] == ' ') &&
		    (i + la == lb || b[i + la] == ',' || b[i + la] == ' '))
			return true;
	}
	return false;
}

static bool same_happening(const chr_event *a, const chr_event *b)
{
	/* The same UID is the same document, span and title: a feed that
	 * repeats an item (or two items with one guid) tells it twice, and
	 * a calendar must not get the UID twice. */
	if (strcmp(a->uid, b->uid) == 0)
		return true;
	if (cmp_str(a->doc, b->doc) == 0)
		return false; /* one document's events are already one per span */
	if (a->hour >= 0 && b->hour >= 0 && (a->hour != b->hour || a->minute != b->minute))
		return false;
	if (similar_titles(a->title, b->title))
		return true;
	/* The same day in the same place; wider spans hold too many
	 * happenings for a place alone to tell them apart. */
	return a->precision == CHR_PREC_DAY && same_place(a->location, b->location);
}

/* True when a is a better primary than b: published first, then the
 * smaller UID. An unknown (zero) publication date comes last. */
static bool before(const chr_event *a, const chr_event *b)
{
	bool va = chr_date_valid(a->published), vb = chr_date_valid(b->published);
	if (va != vb)
		return va;
	int c = va ? chr_date_cmp(a->published, b->published) : 0;
	if (c)
		return c < 0;
	c = strcmp(a->uid, b->uid);
	if (c)
		return c < 0;
	return cmp_str(a->doc, b->doc) < 0;
}

static int severity(chr_event_status s)
{
	return s == CHR_EVENT_CANCELLED ? 2 : s == CHR_EVENT_TENTATIVE ? 1 : 0;
}

/* True when a's document is newer news than b's. */
static bool newer(const chr_event *a, const chr_event *b)
{
	bool va = chr_date_valid(a->published), vb = chr_date_valid(b->published);
	if (va != vb)
		return va;
	int c = va ? chr_date_cmp(a->published, b->published) : 0;
	if (c)
		return c > 0;
	return severity(a->status) > severity(b->status);
}

static char *dup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	char *p = malloc(n + 1);
	if (p)
		memcpy(p, s, n + 1);
	return p;
}

static bool dup_to(const char **to, const char *s)
{
	*to = dup(s);
	return !s || *to;
}

/* The documents of one event: its sources, or doc and url alone. */
static size_t sources_of(const chr_event *e, const chr_source **s, chr_source *one)
{
	if (e->n_sources) {
		*s = e->sources;
		return e->n_sources;
	}
	one->doc = e->doc;
	one->url = e->url;
	*s = one;
	return 1;
}

static int cmp_source(const void *x, const void *y)
{
	const chr_source *a = x, *b = y;
	int c = cmp_str(a->doc, b->doc);
	return c ? c : cmp_str(a->url, b->url);
}

/* Builds the merged event of members[0..n) (primary first) into out. */
static chr_status build(const chr_event *const *members, size_t n, chr_event *out)
{
	const chr_event *p = members[0];
	/* What is shown comes from the first member still told of, so a
	 * retracted primary lends its UID but not its words. */
	const chr_event *shown = p;
	for (size_t i = 0; i < n && shown->retracted; i++)
		if (!members[i]->retracted)
			shown = members[i];
	bool all_retracted = shown->retracted;

	memset(out, 0, sizeof *out);
	memcpy(out->uid, p->uid, sizeof out->uid);
	out->start = shown->start;
	out->end = shown->end;
	out->precision = shown->precision;
	out->mod = shown->mod;
	out->hour = shown->hour;
	out->minute = shown->minute;
	out->end_hour = shown->end_hour;
	out->end_minute = shown->end_minute;
	out->has_tz = shown->has_tz;
	out->tz_minutes = shown->tz_minutes;
	out->published = shown->published;
	out->retracted = all_retracted;
	if (!dup_to(&out->doc, shown->doc) || !dup_to(&out->url, shown->url) ||
	    !dup_to(&out->title, shown->title) || !dup_to(&out->sentence, shown->sentence) ||
	    !dup_to(&out->date_text, shown->date_text))
		return CHR_ENOMEM;
	const char *loc = shown->location;
	for (size_t i = 0; i < n && !(loc && *loc); i++)
		if (!members[i]->retracted || all_retracted)
			loc = members[i]->location;
	if (!dup_to(&out->location, loc))
		return CHR_ENOMEM;
	if (shown->n_mentions) {
		chr_span *m = malloc(shown->n_mentions * sizeof *m);
		if (!m)
			return CHR_ENOMEM;
		memcpy(m, shown->mentions, shown->n_mentions * sizeof *m);
		out->mentions = m;
		out->n_mentions = shown->n_mentions;
	}

	/* Times, status and stamps over the members still told of. */
	const chr_event *news = NULL;
	out->first_seen = p->first_seen;
	out->last_modified = p->last_modified;
	out->sequence = p->sequence;
	size_t n_src = 0;
	for (size_t i = 0; i < n; i++) {
		const chr_event *m = members[i];
		if (m->first_seen && (!out->first_seen || m->first_seen < out->first_seen))
			out->first_seen = m->first_seen;
		if (m->last_modified > out->last_modified)
			out->last_modified = m->last_modified;
		if (m->sequence > out->sequence)
			out->sequence = m->sequence;
		if (m->retracted && !all_retracted)
			continue;
		if (!news || newer(m, news))
			news = m;
		if (out->hour < 0 && m->hour >= 0 && cmp_span(m, shown) == 0) {
			out->hour = m->hour;
			out->minute = m->minute;
			out->end_hour = m->end_hour;
			out->end_minute = m->end_minute;
			out->has_tz = m->has_tz;
			out->tz_minutes = m->tz_minutes;
		}
		chr_source one;
		const chr_source *s;
		n_src += sources_of(m, &s, &one);
	}
	out->status = all_retracted ? CHR_EVENT_CANCELLED : news->status;

	chr_source *src = calloc(n_src ? n_src : 1, sizeof *src);
	if (!src)
		return CHR_ENOMEM;
	out->sources = src;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const chr_event *m = members[i];
		if (m->retracted && !all_retracted)
			continue;
		chr_source one;
		const chr_source *s;
		size_t c = sources_of(m, &s, &one);
		for (size_t j = 0; j < c; j++) {
			bool seen = false;
			for (size_t q = 0; q < k && !seen; q++)
				seen = cmp_source(&src[q], &s[j]) == 0;
			if (seen)
				continue;
			out->n_sources = k + 1;
			if (!dup_to(&src[k].doc, s[j].doc) || !dup_to(&src[k].url, s[j].url))
				return CHR_ENOMEM;
			k++;
		}
	}
	/* The shown document first, the others in name order. */
	for (size_t q = 0; q < k; q++)
		if (cmp_str(src[q].doc, out->doc) == 0 && cmp_str(src[q].url, out->url) == 0) {
			chr_source t = src[0];
			src[0] = src[q];
			src[q] = t;
			break;
		}
	if (k > 2)
		qsort(src + 1, k - 1, sizeof *src, cmp_source);
	return CHR_OK;
}

typedef struct group {
	size_t start, n; /* its members in the member array */
	size_t primary;  /* node index of the primary */
} group;

/* Groups in date order: by their primaries' place in the canonical order
 * (span, then UID), so any order of the input gives the same output. */
static int cmp_group(const void *x, const void *y)
{
	const group *a = x, *b = y;
	return a->primary < b->primary ? -1 : a->primary > b->primary ? 1 : 0;
}

static int cmp_before(const void *x, const void *y)
{
	const chr_event *a = *(const chr_event *const *)x, *b = *(const chr_event *const *)y;
	return before(a, b) ? -1 : before(b, a) ? 1 : 0;
}

chr_status chr_events_merge(const chr_event *const *events, size_t n,
                            chr_events **out, chr_error *err)
{
	chr_status rc = CHR_OK;
	node *nodes = NULL;
	size_t *rootof = NULL, *size = NULL, *start = NULL, *order = NULL;
	bool *absorbed = NULL;
	group *groups = NULL;
	const chr_event **members = NULL;
	chr_events *res = NULL;
	size_t n_groups = 0;

	*out = NULL;
	res = calloc(1, sizeof *res);
	if (!res)
		goto nomem;
	if (n == 0)
		goto done;
	nodes = malloc(n * sizeof *nodes);
	rootof = malloc(n * sizeof *rootof);
	size = calloc(n, sizeof *size);
	start = malloc(n * sizeof *start);
	order = malloc(n * sizeof *order);
	groups = malloc(n * sizeof *groups);
	members = malloc(n * sizeof *members);
	absorbed = calloc(n, sizeof *absorbed);
	if (!nodes || !rootof || !size || !start || !order || !groups || !members || !absorbed)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		nodes[i].e = events[i];
		nodes[i].index = i;
	}
	qsort(nodes, n, sizeof *nodes, cmp_node);
	for (size_t i = 0; i < n; i++)
		nodes[i].parent = i;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n && j <= i + PAIR_WINDOW &&
		                       cmp_span(nodes[i].e, nodes[j].e) == 0; j++)
			if (nodes[i].e->retracted == nodes[j].e->retracted &&
			    same_happening(nodes[i].e, nodes[j].e)) {
				size_t a = root(nodes, i), b = root(nodes, j);
				if (a != b)
					nodes[a > b ? a : b].parent = a < b ? a : b;
			}
	/* The members of each group side by side, in canonical order. */
	for (size_t i = 0; i < n; i++)
		size[rootof[i] = root(nodes, i)]++;
	/* A retracted group that a live event still tells of is gone. */
	for (size_t i = 0; i < n; i++) {
		if (!nodes[i].e->retracted)
			continue;
		for (size_t d = 1; d <= PAIR_WINDOW; d++) {
			size_t lohi[2] = { i >= d ? i - d : SIZE_MAX, i + d < n ? i + d : SIZE_MAX };
			for (int k = 0; k < 2; k++) {
				size_t j = lohi[k];
				if (j == SIZE_MAX || nodes[j].e->retracted ||
				    cmp_span(nodes[i].e, nodes[j].e) != 0 ||
				    !same_happening(nodes[i].e, nodes[j].e))
					continue;
				absorbed[rootof[i]] = true;
			}
		}
	}
	for (size_t r = 0, at = 0; r < n; r++) {
		start[r] = at;
		at += size[r];
	}
	for (size_t i = 0; i < n; i++)
		order[start[rootof[i]]++] = i;
	for (size_t r = 0; r < n; r++) {
		if (!size[r] || absorbed[r])
			continue;
		group *g = &groups[n_groups++];
		g->n = size[r];
		g->start = start[r] - size[r];
		g->primary = order[g->start];
		for (size_t k = g->start + 1; k < g->start + g->n; k++)
			if (before(nodes[order[k]].e, nodes[g->primary].e))
				g->primary = order[k];
	}
	qsort(groups, n_groups, sizeof *groups, cmp_group);
	res->items = calloc(n_groups, sizeof *res->items);
	if (!res->items)
		goto nomem;
	res->cap = n_groups;
	for (size_t gi = 0; gi < n_groups; gi++) {
		const group *g = &groups[gi];
		size_t m = 0;
		members[m++] = nodes[g->primary].e;
		for (size_t k = g->start; k < g->start + g->n; k++)
			if (order[k] != g->primary)
				members[m++] = nodes[order[k]].e;
		/* the others first seen first, for the place and the sources */
		if (m > 2)
			qsort(members + 1, m - 1, sizeof *members, cmp_before);
		res->len++;
		CHECK(build(members, m, &res->items[gi]));
	}
done:
	*out = res;
	res = NULL;
	goto cleanup;
nomem:
	rc = CHR_ENOMEM;
cleanup:
	if (rc != CHR_OK)
		chr_fail(err, rc, NULL, "merging events: %s", chr_status_str(rc));
	chr_events_free(res);
	free(nodes);
	free(rootof);
	free(size);
	free(start);
	free(order);
	free(groups);
	free(members);
	free(absorbed);
	return rc;
}
