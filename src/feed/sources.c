/*
 * A feed's sources as a sorted list of files. Sorting makes every build
 * visit the same files in the same order, whatever order the file system
 * lists them in.
 */
#include "feed/feed.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_FILES 1000000
#define MAX_DEPTH 16

static const char *const extensions[] = {
	".txt", ".text", ".html", ".htm", ".xhtml", ".xml", ".rss", ".atom"
};

static bool known_extension(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return false;
	for (size_t i = 0; i < CHR_ARRAY_LEN(extensions); i++) {
		const char *e = extensions[i];
		size_t k = 0;
		for (; e[k] && dot[k]; k++) {
			char c = dot[k];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != e[k])
				break;
		}
		if (!e[k] && !dot[k])
			return true;
	}
	return false;
}

static chr_status add(chr_feed_files *f, const char *path, chr_error *err)
{
	if (f->len >= MAX_FILES)
		return chr_fail(err, CHR_ELIMIT, path, "more than %d source files",
		                MAX_FILES);
	if (chr_grow((void **)&f->paths, &f->cap, f->len, sizeof *f->paths, 64) != CHR_OK)
		return chr_fail(err, CHR_ENOMEM, path, "out of memory");
	size_t n = strlen(path);
	/* "feeds/./a.txt" and "feeds//a.txt" would be other documents. */
	char *p = malloc(n + 1);
	if (!p)
		return chr_fail(err, CHR_ENOMEM, path, "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (path[i] == '/' && k > 0 && p[k - 1] == '/')
			continue;
		if (path[i] == '.' && path[i + 1] == '/' && (k == 0 || p[k - 1] == '/') &&
		    i + 2 <= n) {
			i++;
			continue;
		}
		p[k++] = path[i];
	}
	p[k] = '\0';
	f->paths[f->len++] = p;
	return CHR_OK;
}

/* The folders a walk is inside, innermost first: a symbolic link back to
 * one of them is a loop, and is not followed. Only ancestors count, so a
 * folder linked from two places is still read under both names (the same
 * names whatever order readdir lists them in). The outermost entry is the
 * output folder, so that no link leads a build to read its own outputs
 * back, which the path test in chr_feed_files_list cannot see. */
typedef struct ancestor {
	dev_t dev;
	ino_t ino;
	const struct ancestor *up;
} ancestor;

/* Subfolders a walk could not read, for a walk that goes on without
 * them: each is listed among the files (so that it is reported where it
 * sorts) and its problem kept here, keyed by the listed string. */
typedef struct skipped {
	struct skip_entry {
		const char *path; /* borrowed from the file list */
		char *why;
	} *at;
	size_t len, cap;
} skipped;

/* A subfolder the walk cannot read: listed with its problem when the
 * walk goes on without it (skip), else the error that ends the walk. */
static chr_status unreadable(chr_feed_files *f, skipped *skip, const char *dir,
                             chr_status status, const char *why, chr_error *err)
{
	if (!skip)
		return chr_fail(err, status, dir, "%s", why);
	size_t n = strlen(why);
	char *w = malloc(n + 1);
	if (!w || chr_grow((void **)&skip->at, &skip->cap, skip->len, sizeof *skip->at,
	                   4) != CHR_OK) {
		free(w);
		return chr_fail(err, CHR_ENOMEM, dir, "out of memory");
	}
	memcpy(w, why, n + 1);
	chr_status rc = add(f, dir, err);
	if (rc != CHR_OK) {
		free(w);
		return rc;
	}
	skip->at[skip->len].path = f->paths[f->len - 1];
	skip->at[skip->len++].why = w;
	return CHR_OK;
}

static chr_status walk(chr_feed_files *f, const char *dir, int depth,
                       const ancestor *up, skipped *skip, chr_error *err)
{
	chr_status rc = CHR_OK;
	struct stat self;
	/* the top folder's problem is the caller's; a subfolder's is only
	 * its own when the walk goes on without it */
	skipped *sub = depth > 0 ? skip : NULL;
	DIR *d = opendir(dir);
	if (!d)
		return unreadable(f, sub, dir, CHR_EIO, strerror(errno), err);
	if (fstat(dirfd(d), &self) != 0) {
		rc = unreadable(f, sub, dir, CHR_EIO, strerror(errno), err);
		closedir(d);
		return rc;
	}
	for (const ancestor *a = up; a; a = a->up) {
		if (a->dev == self.st_dev && a->ino == self.st_ino) {
			closedir(d);
			return CHR_OK;
		}
	}
	ancestor here = { self.st_dev, self.st_ino, up };
	if (depth > MAX_DEPTH) {
		closedir(d);
		char why[64];
		snprintf(why, sizeof why, "folders nested deeper than %d%s", MAX_DEPTH,
		         sub ? ", skipped" : "");
		return unreadable(f, sub, dir, CHR_ELIMIT, why, err);
	}
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char *p = chr_feed_path_join(dir, de->d_name);
		struct stat st;
		if (!p) {
			rc = chr_fail(err, CHR_ENOMEM, dir, "out of memory");
			break;
		}
		if (stat(p, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				rc = walk(f, p, depth + 1, &here, skip, err);
			else if (S_ISREG(st.st_mode) && known_extension(de->d_name))
				rc = add(f, p, err);
		}
		free(p);
		if (rc != CHR_OK)
			break;
	}
	closedir(d);
	return rc;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* True when path is a file the build writes in the output folder out:
 * an output or the build's own temporary and lock files. By the folder's
 * identity, not by how the path is spelled: 'output = .' with a glob
 * '*.xml' gives "atom.xml", and a path from the feed file's folder gives
 * "feeds/atom.xml", which a test of the output folder's name as a
 * prefix told from the output (and would drop "pub/a.txt" with
 * 'output = .' in feeds/pub, every source of that feed). */
static bool own_file(const char *path, const ancestor *out)
{
	static const char *const names[] = {
		"calendar.ics", "atom.xml", "rss.xml", "events.json", "index.html"
	};
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	bool named = strncmp(base, ".chronicle", 10) == 0;
	for (size_t i = 0; i < CHR_ARRAY_LEN(names) && !named; i++)
		named = strcmp(base, names[i]) == 0;
	if (!named)
		return false;
	size_t n = slash ? (size_t)(slash - path) : 1;
	if (slash && n == 0)
		n = 1; /* "/atom.xml": the folder is "/" */
	char *dir = malloc(n + 1);
	if (!dir)
		return false;
	memcpy(dir, slash ? path : ".", n);
	dir[n] = '\0';
	struct stat st;
	bool same = stat(dir, &st) == 0 && st.st_dev == out->dev && st.st_ino == out->ino;
	free(dir);
	return same;
}

chr_status chr_feed_files_list(const chr_config *cfg, chr_feed_files *out,
                               chr_error *err)
{
	chr_status rc = CHR_OK;
	struct stat os;
	ancestor outdir = { 0, 0, NULL };
	const ancestor *top = NULL;
	memset(out, 0, sizeof *out);
	if (stat(cfg->output_dir, &os) == 0) {
		outdir.dev = os.st_dev;
		outdir.ino = os.st_ino;
		top = &outdir;
	}
	for (size_t i = 0; i < cfg->n_sources && rc == CHR_OK; i++) {
		const char *src = cfg->sources[i];
		struct stat st;
		if (strpbrk(src, "*?[")) {
			glob_t g;
			int r = glob(src, 0, NULL, &g);
			if (r == GLOB_NOSPACE) {
				rc = chr_fail(err, CHR_ENOMEM, src, "out of memory");
			} else if (r == 0) {
				/* A pattern may match nothing yet: an empty feed is
				 * a feed. What it matches is taken like a source of
				 * its own. */
				for (size_t k = 0; k < g.gl_pathc && rc == CHR_OK; k++) {
					if (stat(g.gl_pathv[k], &st) != 0)
						continue;
					if (S_ISDIR(st.st_mode))
						rc = walk(out, g.gl_pathv[k], 0, top, NULL, err);
					else if (S_ISREG(st.st_mode))
						rc = add(out, g.gl_pathv[k], err);
				}
			}
			if (r != GLOB_NOSPACE)
				globfree(&g);
		} else if (stat(src, &st) != 0) {
			rc = chr_fail(err, CHR_EIO, src, "source: %s", strerror(errno));
		} else if (S_ISDIR(st.st_mode) && top && st.st_dev == outdir.dev &&
		           st.st_ino == outdir.ino) {
			/* The walk never enters the output folder, so this
			 * source would give no document: every event of the
			 * feed would be cancelled without a word. (A folder
			 * a glob matches may be the output folder: that is
			 * "everything here", outputs aside.) */
			rc = chr_fail(err, CHR_EINPUT, src,
			              "source: this folder is also the output folder "
			              "(give the feed another 'output')");
		} else if (S_ISDIR(st.st_mode)) {
			rc = walk(out, src, 0, top, NULL, err);
		} else {
			rc = add(out, src, err);
		}
	}
	if (rc != CHR_OK) {
		chr_feed_files_free(out);
		return rc;
	}
	qsort(out->paths, out->len, sizeof *out->paths, cmp_path);
	/* A feed must not read its own atom.xml and rss.xml back as articles,
	 * whatever glob or name picks them out. */
	size_t k = 0;
	for (size_t i = 0; i < out->len; i++) {
		const char *p = out->paths[i];
		bool own = top && own_file(p, top);
		if (own || (k > 0 && strcmp(out->paths[k - 1], p) == 0))
			free(out->paths[i]);
		else
			out->paths[k++] = out->paths[i];
	}
	out->len = k;
	return CHR_OK;
}

void chr_feed_files_free(chr_feed_files *f)
{
	for (size_t i = 0; i < f->len; i++)
		free(f->paths[i]);
	free(f->paths);
	memset(f, 0, sizeof *f);
}

struct chr_paths {
	chr_feed_files files;
	skipped skip;
};

chr_status chr_paths_list(const char *path, chr_paths **out, chr_error *err)
{
	chr_status rc = CHR_OK;
	struct stat st;
	chr_paths *p = calloc(1, sizeof *p);
	*out = NULL;
	if (!p)
		return chr_fail(err, CHR_ENOMEM, path, "out of memory");
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = walk(&p->files, path, 0, NULL, &p->skip, err);
		if (rc == CHR_OK)
			qsort(p->files.paths, p->files.len, sizeof *p->files.paths, cmp_path);
	} else {
		/* a file, "-", or a name the reader will report as missing */
		char *c = malloc(strlen(path) + 1);
		if (!c || chr_grow((void **)&p->files.paths, &p->files.cap, 0,
		                   sizeof *p->files.paths, 1) != CHR_OK) {
			free(c);
			rc = chr_fail(err, CHR_ENOMEM, path, "out of memory");
		} else {
			strcpy(c, path);
			p->files.paths[p->files.len++] = c;
		}
	}
	if (rc != CHR_OK) {
		chr_paths_free(p);
		return rc;
	}
	*out = p;
	return CHR_OK;
}

size_t chr_paths_count(const chr_paths *p)
{
	return p->files.len;
}

const char *chr_paths_get(const chr_paths *p, size_t i)
{
	return p->files.paths[i];
}

const char *chr_paths_problem(const chr_paths *p, size_t i)
{
	for (size_t k = 0; k < p->skip.len; k++)
		if (p->skip.at[k].path == p->files.paths[i])
			return p->skip.at[k].why;
	return NULL;
}

void chr_paths_free(chr_paths *p)
{
	if (!p)
		return;
	chr_feed_files_free(&p->files);
	for (size_t k = 0; k < p->skip.len; k++)
		free(p->skip.at[k].why);
	free(p->skip.at);
	free(p);
}
