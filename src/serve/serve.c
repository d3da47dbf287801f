/* The HTTP server, on libmicrohttpd.
 *
 * Five fixed routes map to five fixed file names in one folder; nothing
 * from a URL ever reaches the filesystem. The files are read into memory
 * as a "generation": per route the bytes, a gzip copy, the ETag, the
 * Last-Modified time and ready-made libmicrohttpd responses (which are
 * reference counted and can be queued on any number of connections). A
 * request takes a reference to the current generation under the lock,
 * answers from it and drops it; a refresh builds the next generation
 * off to the side and swaps the pointer. So a request sees one whole
 * version of a file, never a mix and never a half-written one, and a
 * rebuild fails no request. An unchanged file's entry is shared by the
 * old and new generations rather than read again. */
#include "serve/serve.h"

#include "event/event.h" /* chr_sha1_digest, for content ETags */
#include "util/util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

/* A file bigger than this is refused: it would be held in memory twice
 * (plain and gzip) for as long as it is served. */
#define FILE_LIMIT ((size_t)512 << 20)

enum { N_ROUTES = 5 };

/* Connection memory past the request header limit, for the response's
 * headers (about 400 bytes) and libmicrohttpd's own bookkeeping. */
#define RESPONSE_ROOM ((size_t)4096)

static const struct route {
	const char *path;
	const char *file;
	const char *type;
} routes[N_ROUTES] = {
	{ "/calendar.ics", "calendar.ics", "text/calendar; charset=utf-8" },
	{ "/atom.xml", "atom.xml", "application/atom+xml" },
	{ "/rss.xml", "rss.xml", "application/rss+xml" },
	{ "/events.json", "events.json", "application/feed+json" },
	{ "/", "index.html", "text/html; charset=utf-8" },
};

/* What tells one version of a file from another without reading it. */
struct sig {
	bool exists;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
};

/* One route's file as loaded. */
struct entry {
	unsigned refs; /* generations holding it; under the server lock */
	struct sig sig;
	char etag[40];    /* "<32 hex>" */
	char etag_gz[48]; /* "<32 hex>-gzip": another representation */
	int64_t last_modified;
	size_t len, gz_len;
	struct MHD_Response *ok, *ok_gz; /* ok_gz NULL: gzip would not shrink it */
	struct MHD_Response *not_modified, *not_modified_gz;
};

struct generation {
	unsigned refs; /* the server's pointer and requests in flight; under lock */
	unsigned number;
	struct entry *route[N_ROUTES]; /* NULL: no such file, 404 */
};

struct chr_server {
	chr_server_options opt;
	char *dir;
	struct MHD_Daemon *daemon;
	unsigned port;
	pthread_mutex_t lock;
	struct generation *gen;
	unsigned generations;
	struct sig pending[N_ROUTES]; /* last seen, waiting to settle */
	struct MHD_Response *not_found, *not_allowed, *too_large, *uri_too_long;
	pthread_mutex_t conn_lock; /* guards conns and stopping */
	pthread_cond_t wake;
	struct conn *conns;
	bool stopping;
	bool watchdog_running;
	pthread_t watchdog;
	time_t log_second; /* libmicrohttpd messages: the second, */
	unsigned log_count; /* how many in it, */
	unsigned long log_dropped; /* and how many were left out */
};

/* An open connection, for the request deadline: libmicrohttpd's timeout
 * is an idle one, which a client sending a header byte every few seconds
 * never reaches (slowloris). */
struct conn {
	struct conn *prev, *next;
	int fd;
	struct timespec since; /* when the request now arriving began */
	bool in_request;       /* the handler has it: the request is in */
	bool cut;              /* shut down by the watchdog */
};

/* One request, from its request line to its end, for the access log. */
struct request {
	struct timespec start;
	char client[64];
	char method[16];
	char target[256];
	bool seen; /* the handler was called once */
	int status;
	uint64_t bytes;
};

static void message(chr_server *s, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void message(chr_server *s, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	if (!s->opt.on_message)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	size_t n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	s->opt.on_message(s->opt.log_data, line);
}

/* ---- generations ---------------------------------------------------------- */

static void entry_release(struct entry *e)
{
	/* The responses are reference counted by libmicrohttpd: a connection
	 * still sending one keeps it (and its buffer) alive past this. */
	if (e->ok)
		MHD_destroy_response(e->ok);
	if (e->ok_gz)
		MHD_destroy_response(e->ok_gz);
	if (e->not_modified)
		MHD_destroy_response(e->not_modified);
	if (e->not_modified_gz)
		MHD_destroy_response(e->not_modified_gz);
	free(e);
}

/* Drops one reference to g; frees it and the entries only it held. */
static void gen_release(chr_server *s, struct generation *g)
{
	struct entry *dead[N_ROUTES];
	size_t n_dead = 0;
	bool last;
	if (!g)
		return;
	pthread_mutex_lock(&s->lock);
	last = --g->refs == 0;
	if (last)
		for (int i = 0; i < N_ROUTES; i++)
			if (g->route[i] && --g->route[i]->refs == 0)
				dead[n_dead++] = g->route[i];
	pthread_mutex_unlock(&s->lock);
	if (!last)
		return;
	for (size_t i = 0; i < n_dead; i++)
		entry_release(dead[i]);
	free(g);
}

static struct generation *gen_acquire(chr_server *s)
{
	pthread_mutex_lock(&s->lock);
	struct generation *g = s->gen;
	g->refs++;
	pthread_mutex_unlock(&s->lock);
	return g;
}

static bool sig_eq(const struct sig *a, const struct sig *b)
{
	if (!a->exists || !b->exists)
		return a->exists == b->exists;
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec &&
	       a->ctime.tv_sec == b->ctime.tv_sec && a->ctime.tv_nsec == b->ctime.tv_nsec;
}

static void sig_from_stat(struct sig *sig, const struct stat *st)
{
	memset(sig, 0, sizeof *sig);
	sig->exists = true;
	sig->dev = st->st_dev;
	sig->ino = st->st_ino;
	sig->size = st->st_size;
	sig->mtime = st->st_mtim;
	sig->ctime = st->st_ctim;
}

static chr_status route_path(const chr_server *s, int i, char *out, size_t size,
                             chr_error *err)
{
	int n = snprintf(out, size, "%s/%s", s->dir, routes[i].file);
	if (n < 0 || (size_t)n >= size)
		return chr_fail(err, CHR_ELIMIT, s->dir, "folder name too long");
	return CHR_OK;
}

static chr_status stat_route(const chr_server *s, int i, struct sig *sig,
                             chr_error *err)
{
	char path[4096];
	struct stat st;
	chr_status rc = route_path(s, i, path, sizeof path, err);
	memset(sig, 0, sizeof *sig);
	if (rc != CHR_OK)
		return rc;
	if (stat(path, &st) != 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return CHR_OK;
		return chr_fail(err, CHR_EIO, path, "%s", strerror(errno));
	}
	sig_from_stat(sig, &st);
	return CHR_OK;
}

/* Compresses data into a new buffer; CHR_OK with *out NULL when gzip would
 * not make it smaller. The gzip header's time is zero, so the same bytes
 * always give the same compressed bytes (and ETag). */
static chr_status gzip_bytes(const char *data, size_t len, char **out, size_t *out_len)
{
	z_stream z;
	char *buf = NULL;
	*out = NULL;
	*out_len = 0;
	if (len < 256 || len > (size_t)UINT_MAX / 2)
		return CHR_OK;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return CHR_ENOMEM;
	uLong bound = deflateBound(&z, (uLong)len);
	buf = malloc(bound);
	if (!buf) {
		deflateEnd(&z);
		return CHR_ENOMEM;
	}
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)buf;
	z.avail_out = (uInt)bound;
	int zr = deflate(&z, Z_FINISH);
	size_t n = z.total_out;
	deflateEnd(&z);
	if (zr != Z_STREAM_END || n >= len) {
		free(buf);
		return zr == Z_STREAM_END ? CHR_OK : CHR_ENOMEM;
	}
	*out = buf;
	*out_len = n;
	return CHR_OK;
}

static bool add_common_headers(struct MHD_Response *r, const char *etag,
                               const char *lm, const char *type, bool gz)
{
	bool ok = MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag) == MHD_YES &&
	          MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding") == MHD_YES &&
	          /* Revalidate every time: a 304 costs little, and subscribers
	           * see a rebuild at once. */
	          MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache") == MHD_YES;
	if (ok && lm)
		ok = MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, lm) == MHD_YES;
	if (ok && type)
		ok = MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type) == MHD_YES &&
		     MHD_add_response_header(r, "X-Content-Type-Options", "nosniff") == MHD_YES;
	if (ok && gz)
		ok = MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip") == MHD_YES;
	return ok;
}

/* A response that owns data (freed with it by libmicrohttpd). */
static struct MHD_Response *body_response(char *data, size_t len)
{
	struct MHD_Response *r;
	if (len == 0) {
		free(data);
		return MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	r = MHD_create_response_from_buffer_with_free_callback(len, data, free);
	if (!r)
		free(data);
	return r;
}

/* libmicrohttpd 0.9.75 writes "Content-Length: 0" on a 304, where RFC
 * 9110 (8.6) wants none or the 200's; it cannot be told otherwise
 * (adding the header by hand gives two). Clients ignore it. */
static struct MHD_Response *not_modified_response(void)
{
	return MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
}

/*
 * Reads route i's file into a new entry. *e is NULL with CHR_OK when the
 * file is gone, or changed while it was read (*unstable set): the caller
 * tries again later.
 */
static chr_status load_entry(chr_server *s, int i, struct entry **e,
                             bool *unstable, chr_error *err)
{
	char path[4096], lm[CHR_HTTP_DATE_LEN], hex[33];
	unsigned char digest[20];
	struct stat before, after;
	struct entry *en = NULL;
	char *data = NULL, *gz = NULL;
	size_t len = 0, gz_len = 0;
	int fd = -1;
	chr_status rc = CHR_OK;

	*e = NULL;
	CHECK(route_path(s, i, path, sizeof path, err));
	/* O_NONBLOCK: a FIFO put in the folder must not hang the server. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT)
			rc = chr_fail(err, CHR_EIO, path, "%s", strerror(errno));
		goto cleanup;
	}
	if (fstat(fd, &before) != 0) {
		rc = chr_fail(err, CHR_EIO, path, "%s", strerror(errno));
		goto cleanup;
	}
	if (!S_ISREG(before.st_mode)) {
		rc = chr_fail(err, CHR_EINPUT, path, "not a regular file");
		goto cleanup;
	}
	if ((uintmax_t)before.st_size > FILE_LIMIT) {
		rc = chr_fail(err, CHR_ELIMIT, path, "larger than %zu MB", FILE_LIMIT >> 20);
		goto cleanup;
	}
	len = (size_t)before.st_size;
	data = malloc(len ? len : 1);
	if (!data) {
		rc = chr_fail(err, CHR_ENOMEM, path, "out of memory");
		goto cleanup;
	}
	for (size_t got = 0; got < len; ) {
		ssize_t n = read(fd, data + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = chr_fail(err, CHR_EIO, path, "%s", strerror(errno));
			goto cleanup;
		}
		if (n == 0) { /* truncated while we read */
			*unstable = true;
			goto cleanup;
		}
		got += (size_t)n;
	}
	{
		char extra;
		if (read(fd, &extra, 1) > 0) { /* grew while we read */
			*unstable = true;
			goto cleanup;
		}
	}
	struct sig s1, s2;
	sig_from_stat(&s1, &before);
	if (fstat(fd, &after) != 0 || (sig_from_stat(&s2, &after), !sig_eq(&s1, &s2))) {
		*unstable = true;
		goto cleanup;
	}

	en = calloc(1, sizeof *en);
	if (!en) {
		rc = chr_fail(err, CHR_ENOMEM, path, "out of memory");
		goto cleanup;
	}
	en->sig = s1;
	en->len = len;
	en->last_modified = (int64_t)before.st_mtim.tv_sec;
	chr_http_date_format(en->last_modified, lm);
	/* The ETag is a hash of the content, so the same bytes keep their
	 * ETag across rebuilds and restarts. */
	chr_sha1_digest(data, len, digest);
	for (int k = 0; k < 16; k++)
		snprintf(hex + 2 * k, 3, "%02x", digest[k]);
	snprintf(en->etag, sizeof en->etag, "\"%s\"", hex);
	snprintf(en->etag_gz, sizeof en->etag_gz, "\"%s-gzip\"", hex);

	rc = gzip_bytes(data, len, &gz, &gz_len);
	if (rc != CHR_OK) {
		rc = chr_fail(err, rc, path, "cannot compress: out of memory");
		goto cleanup;
	}
	en->ok = body_response(data, len);
	data = NULL;
	en->not_modified = not_modified_response();
	if (!en->ok || !en->not_modified ||
	    !add_common_headers(en->ok, en->etag, lm, routes[i].type, false) ||
	    !add_common_headers(en->not_modified, en->etag, NULL, NULL, false))
		goto nomem;
	if (gz) {
		en->gz_len = gz_len;
		en->ok_gz = body_response(gz, gz_len);
		gz = NULL;
		en->not_modified_gz = not_modified_response();
		if (!en->ok_gz || !en->not_modified_gz ||
		    !add_common_headers(en->ok_gz, en->etag_gz, lm, routes[i].type, true) ||
		    !add_common_headers(en->not_modified_gz, en->etag_gz, NULL, NULL, false))
			goto nomem;
	}
	en->refs = 1;
	*e = en;
	en = NULL;
	goto cleanup;
nomem:
	rc = chr_fail(err, CHR_ENOMEM, path, "out of memory");
cleanup:
	if (en)
		entry_release(en);
	free(data);
	free(gz);
	if (fd >= 0)
		close(fd);
	return rc;
}

static void report_generation(chr_server *s, const struct generation *g)
{
	char line[400];
	size_t o = 0;
	o += (size_t)snprintf(line + o, sizeof line - o, "generation %u:", g->number);
	for (int i = 0; i < N_ROUTES && o < sizeof line; i++) {
		const struct entry *e = g->route[i];
		if (e)
			o += (size_t)snprintf(line + o, sizeof line - o, " %s %zu B%s", routes[i].file,
			                      e->len, i + 1 < N_ROUTES ? "," : "");
		else
			o += (size_t)snprintf(line + o, sizeof line - o, " %s missing%s", routes[i].file,
			                      i + 1 < N_ROUTES ? "," : "");
	}
	message(s, "%s", line);
}

/*
 * Looks at the files and swaps in a new generation when one changed.
 * trusted: the files were just written by rename (the rebuild hook, or
 * the first load), so they need not settle first.
 */
static chr_status reload(chr_server *s, bool trusted, bool *reloaded, chr_error *err)
{
	struct sig now[N_ROUTES];
	struct generation *next = NULL, *cur = s->gen; /* only this thread swaps */
	bool any = false, waiting = false, unstable = false;
	chr_status rc = CHR_OK;
	struct stat dir;

	/* The folder itself gone (moved away, or deleted to be made again,
	 * as a deploy may do) is not five files deleted: the last ones stay
	 * served, rather than a 404 that a calendar may take for the end of
	 * the subscription, until the folder is back. */
	if (stat(s->dir, &dir) != 0)
		return chr_fail(err, CHR_EIO, s->dir, "%s", strerror(errno));
	if (!S_ISDIR(dir.st_mode))
		return chr_fail(err, CHR_EIO, s->dir, "not a folder");
	for (int i = 0; i < N_ROUTES; i++) {
		CHECK(stat_route(s, i, &now[i], err));
		struct sig none = { 0 };
		const struct sig *have = cur && cur->route[i] ? &cur->route[i]->sig : &none;
		if (cur && sig_eq(&now[i], have))
			continue;
		any = true;
		/* Written by someone else, by rename or in place: wait until
		 * the file has looked the same for one whole polling interval,
		 * so that one being written is not served half-written. (The
		 * inode does not tell: a file renamed into place may be
		 * truncated and rewritten a moment later.) */
		if (!trusted && !sig_eq(&now[i], &s->pending[i])) {
			s->pending[i] = now[i];
			waiting = true;
		}
	}
	if (!any || waiting)
		goto cleanup;

	next = calloc(1, sizeof *next);
	if (!next) {
		rc = chr_fail(err, CHR_ENOMEM, s->dir, "out of memory");
		goto cleanup;
	}
	next->refs = 1;
	bool differs = false;
	for (int i = 0; i < N_ROUTES; i++) {
		struct entry *old = cur ? cur->route[i] : NULL;
		chr_status r = CHR_OK;
		chr_error e;
		if (!(old && sig_eq(&now[i], &old->sig)) && now[i].exists) {
			r = load_entry(s, i, &next->route[i], &unstable, &e);
			if (unstable) {
				/* Changed while read: try again at the next call
				 * (the first generation goes without it). */
				memset(&s->pending[i], 0, sizeof s->pending[i]);
				if (cur)
					goto cleanup;
				unstable = false;
			}
			/* One unreadable file keeps its previous version (or its
			 * 404) and does not hold back the others; the first
			 * problem is returned. */
			if (r != CHR_OK && rc == CHR_OK) {
				rc = r;
				if (err)
					*err = e;
			}
		}
		if (old && (sig_eq(&now[i], &old->sig) || r != CHR_OK)) {
			pthread_mutex_lock(&s->lock);
			old->refs++;
			pthread_mutex_unlock(&s->lock);
			next->route[i] = old;
		}
		differs |= next->route[i] != old;
	}
	if (!differs && cur) /* the first generation is made even if empty */
		goto cleanup;
	next->number = ++s->generations;
	pthread_mutex_lock(&s->lock);
	s->gen = next;
	pthread_mutex_unlock(&s->lock);
	report_generation(s, next);
	next = NULL;
	if (reloaded)
		*reloaded = true;
	gen_release(s, cur);
cleanup:
	gen_release(s, next);
	return rc;
}

chr_status chr_server_refresh(chr_server *s, int64_t now, bool *reloaded,
                              chr_error *err)
{
	chr_status rc = CHR_OK;
	chr_error e;
	if (reloaded)
		*reloaded = false;
	if (s->opt.rebuild)
		rc = s->opt.rebuild(s->opt.rebuild_data, now, err);
	/* A failed rebuild may have renamed some outputs into place before
	 * it failed (a rename or the store's last write): they are whole, and
	 * the next rebuild, finding them current, would not write them
	 * again, so they are loaded now. Then as files someone else wrote,
	 * once they have settled; the rebuild's error is the one returned. */
	chr_status r = reload(s, rc == CHR_OK && s->opt.rebuild != NULL, reloaded,
	                      rc == CHR_OK ? err : &e);
	return rc == CHR_OK ? r : rc;
}

/* ---- requests ------------------------------------------------------------- */

static int64_t micros_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)(t.tv_sec - t0->tv_sec) * 1000000 + (t.tv_nsec - t0->tv_nsec) / 1000;
}

static void on_connection(void *cls, struct MHD_Connection *mc, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
	chr_server *s = cls;
	struct conn *k = *socket_context;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		k = calloc(1, sizeof *k);
		*socket_context = k;
		if (!k)
			return;
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CONNECTION_FD);
		k->fd = ci ? (int)ci->connect_fd : -1;
		clock_gettime(CLOCK_MONOTONIC, &k->since);
		pthread_mutex_lock(&s->conn_lock);
		k->next = s->conns;
		if (s->conns)
			s->conns->prev = k;
		s->conns = k;
		pthread_mutex_unlock(&s->conn_lock);
		return;
	}
	if (!k)
		return;
	/* libmicrohttpd closes the socket after this returns, so the
	 * watchdog, which shuts sockets down under the same lock, never
	 * touches a descriptor that was closed and reused. */
	pthread_mutex_lock(&s->conn_lock);
	if (k->prev)
		k->prev->next = k->next;
	else
		s->conns = k->next;
	if (k->next)
		k->next->prev = k->prev;
	pthread_mutex_unlock(&s->conn_lock);
	free(k);
	*socket_context = NULL;
}

/* Marks the connection's request as in (the handler has it) or done. */
static void conn_mark(chr_server *s, struct MHD_Connection *mc, bool in_request)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(mc, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn *k = ci ? ci->socket_context : NULL;
	if (!k)
		return;
	pthread_mutex_lock(&s->conn_lock);
	k->in_request = in_request;
	if (!in_request)
		clock_gettime(CLOCK_MONOTONIC, &k->since);
	pthread_mutex_unlock(&s->conn_lock);
}

/* Shuts down connections whose request has taken longer than the timeout
 * to arrive; libmicrohttpd then sees the socket end and closes it. */
static void *watchdog(void *arg)
{
	chr_server *s = arg;
	pthread_mutex_lock(&s->conn_lock);
	while (!s->stopping) {
		struct timespec now, until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += 250 * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&s->wake, &s->conn_lock, &until);
		clock_gettime(CLOCK_MONOTONIC, &now);
		unsigned cut = 0;
		for (struct conn *k = s->conns; k; k = k->next) {
			int64_t ms = (int64_t)(now.tv_sec - k->since.tv_sec) * 1000 +
			             (now.tv_nsec - k->since.tv_nsec) / 1000000;
			if (!k->in_request && !k->cut && k->fd >= 0 &&
			    ms >= (int64_t)s->opt.timeout_seconds * 1000) {
				shutdown(k->fd, SHUT_RDWR);
				k->cut = true;
				cut++;
			}
		}
		if (cut) {
			pthread_mutex_unlock(&s->conn_lock);
			message(s, "closed %u connection%s whose request took over %u s", cut,
			        cut == 1 ? "" : "s", s->opt.timeout_seconds);
			pthread_mutex_lock(&s->conn_lock);
		}
	}
	pthread_mutex_unlock(&s->conn_lock);
	return NULL;
}

/* libmicrohttpd calls this once per request, as soon as the request line is
 * in: what it returns is the request's context until on_completed. */
static void *on_request_line(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	struct request *rq = calloc(1, sizeof *rq);
	if (!rq)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &rq->start);
	strcpy(rq->method, "-");
	chr_http_log_escape(uri, rq->target, sizeof rq->target);
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	strcpy(rq->client, "-");
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
			          rq->client, sizeof rq->client);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			          rq->client, sizeof rq->client);
	}
	return rq;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	chr_server *s = cls;
	struct request *rq = *con_cls;
	conn_mark(s, c, false);
	if (!rq)
		return;
	if (s->opt.on_access) {
		chr_access a;
		a.client = rq->client;
		a.method = rq->method;
		a.target = rq->target;
		a.status = rq->status;
		a.bytes = rq->bytes;
		a.micros = micros_since(&rq->start);
		a.complete = toe == MHD_REQUEST_TERMINATED_COMPLETED_OK;
		s->opt.on_access(s->opt.log_data, &a);
	}
	free(rq);
	*con_cls = NULL;
}

static size_t on_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return chr_http_unescape(s);
}

/* libmicrohttpd's own messages ("Server reached connection limit") come
 * once per refused connection: under a flood, at most LOG_BURST a second
 * get through, and the count of the others follows. */
#define LOG_BURST 10

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	chr_server *s = cls;
	char line[400];
	struct timespec t;
	unsigned long dropped = 0;
	if (!s->opt.on_message)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t);
	pthread_mutex_lock(&s->lock);
	if (t.tv_sec != s->log_second) {
		s->log_second = t.tv_sec;
		s->log_count = 0;
	}
	bool pass = s->log_count++ < LOG_BURST;
	if (pass) {
		dropped = s->log_dropped;
		s->log_dropped = 0;
	} else {
		s->log_dropped++;
	}
	pthread_mutex_unlock(&s->lock);
	if (!pass)
		return;
	if (dropped)
		message(s, "http: (%lu more messages left out)", dropped);
	vsnprintf(line, sizeof line, fmt, ap);
	message(s, "http: %s", line);
}

static int route_index(const char *url)
{
	for (int i = 0; i < N_ROUTES; i++)
		if (strcmp(url, routes[i].path) == 0)
			return i;
	return -1;
}

static enum MHD_Result answer(struct MHD_Connection *c, struct request *rq,
                              unsigned status, struct MHD_Response *r,
                              uint64_t bytes)
{
	if (rq) {
		rq->status = (int)status;
		rq->bytes = bytes;
	}
	return MHD_queue_response(c, status, r);
}

/* If-None-Match, which a client may send on several lines: they are one
 * list (RFC 9110 5.3), so a tag on any line matches. */
struct inm_match {
	const char *tags[2];
	size_t n_tags;
	bool present, matched;
};

static enum MHD_Result inm_line(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
	struct inm_match *m = cls;
	(void)kind;
	if (!key || strcasecmp(key, MHD_HTTP_HEADER_IF_NONE_MATCH) != 0)
		return MHD_YES;
	m->present = true;
	if (value && chr_http_etag_match(value, m->tags, m->n_tags))
		m->matched = true;
	return m->matched ? MHD_NO : MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	chr_server *s = cls;
	struct request *rq = *con_cls;
	(void)version;
	(void)upload_data;

	bool head = strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
	bool get = strcmp(method, MHD_HTTP_METHOD_GET) == 0;
	if (rq && !rq->seen) {
		snprintf(rq->method, sizeof rq->method, "%s", method);
		rq->seen = true;
		conn_mark(s, c, true);
		/* Any other method is refused before its body is read; that
		 * closes the connection, which is what a refused upload wants. */
		if (!get && !head)
			return answer(c, rq, MHD_HTTP_METHOD_NOT_ALLOWED, s->not_allowed, 19);
		/* The connection's memory has room past the header limit for
		 * the response's own headers: a request that filled it to the
		 * brim would get no answer at all, the connection closed. */
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
		if (ci && ci->header_size > s->opt.connection_memory) {
			bool long_target = strlen(url) > s->opt.connection_memory / 2;
			return long_target
			       ? answer(c, rq, MHD_HTTP_URI_TOO_LONG, s->uri_too_long, 13)
			       : answer(c, rq, MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE, s->too_large,
			                32);
		}
		/* A response queued on this first call would make
		 * libmicrohttpd close the connection: answer on the next
		 * one, when the request is complete, to keep it alive. */
		return MHD_YES;
	}
	if (*upload_data_size) { /* a GET with a body: dropped */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (!get && !head)
		return answer(c, rq, MHD_HTTP_METHOD_NOT_ALLOWED, s->not_allowed, 19);
	int i = route_index(url);
	if (i < 0)
		return answer(c, rq, MHD_HTTP_NOT_FOUND, s->not_found, head ? 0 : 10);

	const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
	const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
	bool gz = chr_http_accepts_gzip(ae);

	struct generation *g = gen_acquire(s);
	struct entry *e = g->route[i];
	enum MHD_Result ret;
	if (!e) {
		ret = answer(c, rq, MHD_HTTP_NOT_FOUND, s->not_found, head ? 0 : 10);
	} else {
		bool use_gz = gz && e->ok_gz;
		bool not_modified = false;
		int64_t since;
		/* If-None-Match wins over If-Modified-Since (RFC 9110
		 * 13.2.2); either representation's tag matches. */
		struct inm_match m = { { e->etag, e->etag_gz }, e->ok_gz ? 2 : 1, false, false };
		MHD_get_connection_values(c, MHD_HEADER_KIND, inm_line, &m);
		if (m.present) {
			not_modified = m.matched;
		} else if (ims && chr_http_date_parse(ims, &since)) {
			not_modified = e->last_modified <= since;
		}
		if (not_modified)
			ret = answer(c, rq, MHD_HTTP_NOT_MODIFIED,
			             use_gz ? e->not_modified_gz : e->not_modified, 0);
		else if (use_gz)
			ret = answer(c, rq, MHD_HTTP_OK, e->ok_gz, head ? 0 : e->gz_len);
		else
			ret = answer(c, rq, MHD_HTTP_OK, e->ok, head ? 0 : e->len);
	}
	gen_release(s, g);
	return ret;
}

/* ---- the daemon ------------------------------------------------------------ */

static struct MHD_Response *text_response(const char *text, const char *allow)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text,
	                                                         MHD_RESPMEM_PERSISTENT);
	if (!r)
		return NULL;
	if (MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8") != MHD_YES ||
	    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff") != MHD_YES ||
	    (allow && MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow) != MHD_YES)) {
		MHD_destroy_response(r);
		return NULL;
	}
	return r;
}

chr_status chr_server_start(const chr_server_options *opt, chr_server **out,
                            chr_error *err)
{
	chr_server *s = NULL;
	chr_status rc = CHR_OK;
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	struct sockaddr *sa;
	/* A pool of threads, each polling its connections with poll(); ITC
	 * lets chr_server_free quiesce it. Not epoll: libmicrohttpd 0.9.75
	 * polls connections edge-triggered there, and in a full test run
	 * (now and then, CI included) about 128 of 1,000 connections opened
	 * at once were accepted and then not read until their timeout closed
	 * them; a missed wake-up is the likeliest cause found, not a proven
	 * one. poll() is level-triggered, so none can strand a connection,
	 * and it served wrk's 64 connections as fast. */
	unsigned flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	struct stat st;

	*out = NULL;
	if (!opt->dir || !*opt->dir)
		return chr_fail(err, CHR_EUSAGE, NULL, "no folder to serve");
	if (opt->port > 65535)
		return chr_fail(err, CHR_EUSAGE, NULL, "port %u is out of range", opt->port);
	const char *no_lib = chr_mhd_load();
	if (!no_lib)
		no_lib = chr_libz_open(); /* for gzip_bytes */
	if (no_lib)
		return chr_fail(err, CHR_EIO, NULL, "%s", no_lib);
	const char *bind = opt->bind ? opt->bind : "127.0.0.1";
	memset(&sin, 0, sizeof sin);
	memset(&sin6, 0, sizeof sin6);
	if (inet_pton(AF_INET, bind, &sin.sin_addr) == 1) {
		sin.sin_family = AF_INET;
		sin.sin_port = htons((uint16_t)opt->port);
		sa = (struct sockaddr *)&sin;
	} else if (inet_pton(AF_INET6, bind, &sin6.sin6_addr) == 1) {
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons((uint16_t)opt->port);
		sa = (struct sockaddr *)&sin6;
		flags |= MHD_USE_IPv6;
	} else {
		return chr_fail(err, CHR_EUSAGE, NULL,
		                "bind address '%s' is not a numeric IPv4 or IPv6 address", bind);
	}
	if (stat(opt->dir, &st) != 0)
		return chr_fail(err, CHR_EIO, opt->dir, "%s", strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return chr_fail(err, CHR_EIO, opt->dir, "not a folder");

	s = calloc(1, sizeof *s);
	if (!s)
		return chr_fail(err, CHR_ENOMEM, NULL, "out of memory");
	s->opt = *opt;
	s->opt.dir = s->dir = strdup(opt->dir);
	s->opt.bind = NULL;
	if (!s->opt.threads)
		s->opt.threads = 2;
	if (!s->opt.max_connections)
		s->opt.max_connections = 2048;
	if (!s->opt.max_per_ip)
		s->opt.max_per_ip = 256;
	if (!s->opt.timeout_seconds)
		s->opt.timeout_seconds = 10;
	if (!s->opt.connection_memory)
		s->opt.connection_memory = 16 * 1024;
	pthread_mutex_init(&s->lock, NULL);
	pthread_mutex_init(&s->conn_lock, NULL);
	{
		pthread_condattr_t ca;
		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		pthread_cond_init(&s->wake, &ca);
		pthread_condattr_destroy(&ca);
	}
	s->not_found = text_response("Not Found\n", NULL);
	s->not_allowed = text_response("Method Not Allowed\n", "GET, HEAD");
	s->too_large = text_response("Request Header Fields Too Large\n", NULL);
	s->uri_too_long = text_response("URI Too Long\n", NULL);
	if (!s->dir || !s->not_found || !s->not_allowed || !s->too_large || !s->uri_too_long) {
		rc = chr_fail(err, CHR_ENOMEM, NULL, "out of memory");
		goto cleanup;
	}
	/* A file that cannot be loaded is reported and 404s; a folder that
	 * cannot be looked at stops the start. */
	rc = reload(s, true, NULL, err);
	if (!s->gen) {
		if (rc == CHR_OK)
			rc = chr_fail(err, CHR_EIO, s->dir, "cannot load the folder");
		goto cleanup;
	}
	if (rc != CHR_OK && err)
		message(s, "%s%s%s", err->file, err->file[0] ? ": " : "",
		        err->problem[0] ? err->problem : chr_status_str(rc));
	rc = CHR_OK;

	s->daemon = MHD_start_daemon(
		flags, (uint16_t)opt->port, NULL, NULL, on_request, s,
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, (void *)s,
		MHD_OPTION_SOCK_ADDR, sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)s->opt.threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)s->opt.max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)s->opt.max_per_ip,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)s->opt.timeout_seconds,
		/* the request's headers, and room for the response's */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, s->opt.connection_memory + RESPONSE_ROOM,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)1024,
		/* RFC-strict parsing: e.g. 400 for HTTP/1.1 without Host. */
		MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
		MHD_OPTION_URI_LOG_CALLBACK, on_request_line, (void *)s,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, (void *)s,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, (void *)s,
		MHD_OPTION_UNESCAPE_CALLBACK, on_unescape, (void *)s,
		MHD_OPTION_END);
	if (!s->daemon) {
		rc = chr_fail(err, CHR_EIO, NULL, "cannot listen on %s port %u: %s", bind,
		              opt->port, errno ? strerror(errno) : "libmicrohttpd refused");
		goto cleanup;
	}
	if (pthread_create(&s->watchdog, NULL, watchdog, s) != 0) {
		rc = chr_fail(err, CHR_ENOMEM, NULL, "cannot start a thread");
		goto cleanup;
	}
	s->watchdog_running = true;
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : opt->port;
	*out = s;
	s = NULL;
cleanup:
	chr_server_free(s);
	return rc;
}

unsigned chr_server_port(const chr_server *s)
{
	return s->port;
}

void chr_server_free(chr_server *s)
{
	if (!s)
		return;
	if (s->watchdog_running) {
		pthread_mutex_lock(&s->conn_lock);
		s->stopping = true;
		pthread_cond_signal(&s->wake);
		pthread_mutex_unlock(&s->conn_lock);
		pthread_join(s->watchdog, NULL);
	}
	if (s->daemon) {
		/* Stop taking connections, give the ones in flight a moment to
		 * finish, then close everything. */
		MHD_socket fd = MHD_quiesce_daemon(s->daemon);
		if (fd != MHD_INVALID_SOCKET)
			close(fd);
		for (int waited = 0; waited < 1000; waited += 20) {
			const union MHD_DaemonInfo *di =
				MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
			if (!di || di->num_connections == 0)
				break;
			struct timespec ts = { 0, 20 * 1000000L };
			nanosleep(&ts, NULL);
		}
		MHD_stop_daemon(s->daemon);
	}
	gen_release(s, s->gen);
	if (s->not_found)
		MHD_destroy_response(s->not_found);
	if (s->not_allowed)
		MHD_destroy_response(s->not_allowed);
	if (s->too_large)
		MHD_destroy_response(s->too_large);
	if (s->uri_too_long)
		MHD_destroy_response(s->uri_too_long);
	pthread_mutex_destroy(&s->lock);
	pthread_mutex_destroy(&s->conn_lock);
	pthread_cond_destroy(&s->wake);
	free(s->dir);
	free(s);
}
