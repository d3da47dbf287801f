/*
 * Files mapped rather than read (src/util/map.c): the text of the file
 * with a NUL after it, writes that stay in the process, and a file that
 * shrinks while mapped, which ends the process with a word on standard
 * error and status 1, not with the signal.
 */
#include "chronicle.h"
#include "util/util.h"

#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tap.h"

/* A temporary file of n bytes of 'x' (one 'y' at n / 2), open for
 * reading and writing; its name in path. */
static int temp_file(char *path, size_t cap, size_t n)
{
	snprintf(path, cap, "%s/chronicle-map-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	char *b = malloc(n);
	bool done = b != NULL;
	if (b) {
		memset(b, 'x', n);
		b[n / 2] = 'y';
		done = write(fd, b, n) == (ssize_t)n;
	}
	free(b);
	if (!done) {
		close(fd);
		unlink(path);
		return -1;
	}
	return fd;
}

/* Reads p[at] in a child (raises SIGBUS there when p is NULL); its
 * status, and what it wrote to standard error in err. */
static int in_child(volatile char *p, size_t at, char *err, size_t cap)
{
	int pipefd[2];
	if (pipe(pipefd) != 0)
		return -1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], STDERR_FILENO);
		close(pipefd[0]);
		if (!p)
			raise(SIGBUS);
		char c = p ? p[at] : 0;
		_exit(c == 'x' ? 0 : 3);
	}
	close(pipefd[1]);
	size_t n = 0;
	ssize_t r;
	while (n + 1 < cap && (r = read(pipefd[0], err + n, cap - 1 - n)) > 0)
		n += (size_t)r;
	err[n] = '\0';
	close(pipefd[0]);
	int status = -1;
	waitpid(pid, &status, 0);
	return status;
}

/* Whether /proc/self/maps shows a mapping of the file at path. */
static bool mapped_now(const char *path)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[4096];
	bool found = false;
	while (f && !found && fgets(line, sizeof line, f))
		found = strstr(line, path) != NULL;
	if (f)
		fclose(f);
	return found;
}

/* A 2 MB text read through chr_reader_open_mapped is mapped while its
 * document lives, and through chr_reader_open it is not (build and serve
 * read their sources, which may be edited under them). */
static void readers(void)
{
	char path[256];
	int fd = temp_file(path, sizeof path, 2u << 20);
	if (fd < 0) {
		ok(false, "a temporary file for the readers");
		return;
	}
	close(fd);
	for (int mapped = 0; mapped < 2; mapped++) {
		chr_reader *r = NULL;
		chr_doc *doc = NULL;
		chr_error err;
		size_t base;
		bool opened = (mapped ? chr_reader_open_mapped(path, &r, &err)
		                      : chr_reader_open(path, &r, &err)) == CHR_OK;
		bool read = opened && chr_reader_next(r, &doc, &base, &err) == CHR_OK && doc &&
		            chr_doc_len(doc) == 2u << 20 && chr_doc_text(doc)[1u << 20] == 'y';
		bool seen = mapped_now(path);
		chr_doc_free(doc);
		chr_reader_close(r);
		ok(read && seen == (mapped == 1) && !mapped_now(path),
		   mapped ? "chr_reader_open_mapped maps a 2 MB text, and the document unmaps it"
		          : "chr_reader_open reads a 2 MB text into memory, mapping nothing");
	}
	unlink(path);
}

/* Ranges of a file mapped apart (chr_map_at), as the windows of a large
 * text are: each holds the file's bytes from any offset, one in a page
 * or across pages; the byte after one is its own to write, and the
 * mapping of the range after it still reads the file's byte there. */
static void ranges(long page)
{
	char path[256];
	size_t n = 5 * (size_t)page + 17;
	int fd = temp_file(path, sizeof path, n);
	char *want = malloc(n);
	bool made = fd >= 0 && want;
	for (size_t i = 0; made && i < n; i++)
		want[i] = (char)('a' + (i * 7 + i / 251) % 26);
	made = made && pwrite(fd, want, n, 0) == (ssize_t)n;
	ok(made, "a file of distinct bytes for ranges");
	const size_t at[][2] = {
		{ 0, 1 }, { 1, 10 }, { (size_t)page - 1, 2 }, { (size_t)page, (size_t)page },
		{ 2 * (size_t)page + 3, 2 * (size_t)page + 5 }, { n - 9, 9 }, { 7, n - 7 },
	};
	for (size_t k = 0; made && k < sizeof at / sizeof at[0]; k++) {
		size_t off = at[k][0], len = at[k][1], mapped = 0, next_mapped = 0;
		char *p = chr_map_at(fd, (off_t)off, len, path, &mapped);
		char what[160];
		snprintf(what, sizeof what, "the %zu bytes from offset %zu map to the file's bytes",
		         len, off);
		ok(p && memcmp(p, want + off, len) == 0 && mapped >= len + 1, what);
		if (!p)
			continue;
		p[len] = '\0';
		char *q = off + len < n ? chr_map_at(fd, (off_t)(off + len), n - off - len, path,
		                                     &next_mapped)
		                        : NULL;
		snprintf(what, sizeof what,
		         "a NUL after the range at %zu leaves the next range and the file as they were",
		         off);
		char byte = 0;
		ok((off + len == n || (q && q[0] == want[off + len])) &&
		   (off + len == n || (pread(fd, &byte, 1, (off_t)(off + len)) == 1 &&
		                       byte == want[off + len])) && p[len] == '\0', what);
		chr_unmap(q, next_mapped);
		chr_unmap(p, mapped);
	}
	ok(!mapped_now(path), "every range is unmapped by chr_unmap, whatever its offset");
	ok(chr_map_at(fd, -1, 1, path, &(size_t){ 0 }) == NULL &&
	   chr_map_at(fd, 0, 0, path, &(size_t){ 0 }) == NULL,
	   "a negative offset or an empty range is not mapped");
	free(want);
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
}

/* A text over the 16 MB read whole: its first window is read (and
 * sniffed), the ones after it are mapped from the file while their
 * documents live, and together they are the file's bytes, each at its
 * offset. */
static void windows(void)
{
	char path[256];
	size_t n = 20u << 20;
	int fd = temp_file(path, sizeof path, n);
	char *want = malloc(n);
	bool made = fd >= 0 && want;
	for (size_t i = 0; made && i < n; i++)
		want[i] = i % 61 == 60 ? '\n' : (char)('a' + i % 26);
	made = made && pwrite(fd, want, n, 0) == (ssize_t)n;
	if (fd >= 0)
		close(fd);
	chr_reader *r = NULL;
	chr_error err;
	bool same = made && chr_reader_open_mapped(path, &r, &err) == CHR_OK;
	size_t docs = 0, at = 0, later_mapped = 0;
	bool first_read = false;
	while (same) {
		chr_doc *doc = NULL;
		size_t base = 0;
		same = chr_reader_next(r, &doc, &base, &err) == CHR_OK;
		if (!same || !doc)
			break;
		size_t len = chr_doc_len(doc);
		same = base == at && at + len <= n && memcmp(chr_doc_text(doc), want + at, len) == 0 &&
		       chr_doc_text(doc)[len] == '\0';
		if (docs == 0)
			first_read = !mapped_now(path);
		else if (mapped_now(path))
			later_mapped++;
		at += len;
		docs++;
		chr_doc_free(doc);
	}
	chr_reader_close(r);
	ok(same && at == n && docs > 2, "a 20 MB text comes in windows that are the file's bytes");
	ok(first_read && later_mapped == docs - 1 && !mapped_now(path),
	   "its first window is read, the others are mapped while their documents live");
	free(want);
	unlink(path);
}

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char path[256], err[512];
	size_t sizes[] = { 1, (size_t)page - 1, (size_t)page, 5 * (size_t)page + 17 };
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		size_t n = sizes[k], mapped = 0;
		int fd = temp_file(path, sizeof path, n);
		char *p = fd >= 0 ? chr_map(fd, n, path, &mapped) : NULL;
		char what[128];
		snprintf(what, sizeof what, "a file of %zu bytes maps to its bytes and a NUL after them",
		         n);
		ok(p && mapped > n && p[n / 2] == 'y' && p[n - 1] == (n - 1 == n / 2 ? 'y' : 'x') &&
		   p[n] == '\0', what);
		if (p) {
			p[0] = 'z';
			char first = 0;
			snprintf(what, sizeof what,
			         "a write to the mapping of %zu bytes leaves the file as it was", n);
			ok(pread(fd, &first, 1, 0) == 1 && first == (n / 2 == 0 ? 'y' : 'x'), what);
			chr_unmap(p, mapped);
		}
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
	}
	ok(chr_map(0, 0, "-", &(size_t){ 0 }) == NULL, "an empty file is not mapped");

	/* the file shrinks to a page: the third is gone */
	size_t mapped = 0;
	int fd = temp_file(path, sizeof path, 4 * (size_t)page);
	char *p = fd >= 0 ? chr_map(fd, 4 * (size_t)page, path, &mapped) : NULL;
	bool cut = p && ftruncate(fd, page) == 0;
	int st = cut ? in_child(p, 2 * (size_t)page + 5, err, sizeof err) : -1;
	ok(cut && WIFEXITED(st) && WEXITSTATUS(st) == 1 && strstr(err, path) &&
	   strstr(err, "shrank while it was being read"),
	   "a mapped file that shrinks: the page past its end ends the run with status 1 "
	   "and the file's name");
	st = cut ? in_child(p, 5, err, sizeof err) : -1;
	ok(cut && WIFEXITED(st) && WEXITSTATUS(st) == 0, "its first page still reads");
	chr_unmap(p, mapped);
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}

	/* a SIGBUS that is none of ours goes where it would have gone (the
	 * default kills; under a sanitizer, its handler reports and ends the
	 * process): not reported as a file that shrank, and no exit 0 */
	st = in_child(NULL, 0, err, sizeof err);
	ok(!(WIFEXITED(st) && WEXITSTATUS(st) == 0) && !strstr(err, "shrank"),
	   "a SIGBUS outside a mapping still ends the process as before");
	ranges(page);
	readers();
	windows();
	return tap_done();
}
