/*
 * Replays inputs through a fuzz target without libFuzzer, so that `make
 * check` (gcc, or the ASan build) runs every committed crash input and
 * seed: build/tests/fuzz_NAME is tests/fuzz/fuzz_NAME.c linked with this
 * file. With no arguments it runs the empty input, then every file in
 * tests/fuzz/regress/fuzz_NAME/ and tests/fuzz/seeds/fuzz_NAME/, each in
 * a child process, and prints one TAP line per input; a child that aborts
 * (a failed check), crashes or runs past its time is "not ok". With
 * arguments it runs those files (or folders of files) instead.
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef FUZZ_DIR
#define FUZZ_DIR "tests/fuzz"
#endif
#define SECONDS_PER_INPUT 120 /* the ASan build on a loaded machine */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int tests, failures;

static int read_file(const char *path, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	size_t cap = 4096, len = 0;
	uint8_t *buf = malloc(cap);
	while (buf) {
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (len < cap)
			break;
		uint8_t *p = realloc(buf, cap * 2);
		if (!p) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = p;
		cap *= 2;
	}
	int bad = !buf || ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return -1;
	}
	*data = buf;
	*size = len;
	return 0;
}

/* Runs one input in a child; the name is what the TAP line says. */
static void run_one(const char *name, const char *path)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		uint8_t *data = NULL;
		size_t size = 0;
		if (path && read_file(path, &data, &size) != 0) {
			fprintf(stderr, "%s: %s\n", path, strerror(errno));
			_exit(3);
		}
		alarm(SECONDS_PER_INPUT);
		LLVMFuzzerTestOneInput(data ? data : (const uint8_t *)"", size);
		free(data);
		_exit(0);
	}
	int status = 0;
	tests++;
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		printf("not ok %d - %s: cannot run (%s)\n", tests, name, strerror(errno));
		failures++;
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("ok %d - %s\n", tests, name);
	} else {
		failures++;
		if (WIFSIGNALED(status))
			printf("not ok %d - %s: %s\n", tests, name,
			       WTERMSIG(status) == SIGALRM ? "timed out" : strsignal(WTERMSIG(status)));
		else
			printf("not ok %d - %s: exit status %d\n", tests, name, WEXITSTATUS(status));
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file in dir, in name order; a missing folder holds none. */
static void run_dir(const char *dir, const char *label)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **p = realloc(names, cap * sizeof *p);
			if (!p)
				break;
			names = p;
		}
		names[n] = strdup(de->d_name);
		if (names[n])
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		char path[4096], name[4096];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		snprintf(name, sizeof name, "%s/%s", label, names[i]);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			run_one(name, path);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	const char *self = strrchr(argv[0], '/');
	self = self ? self + 1 : argv[0];
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	if (argc > 1) {
		for (int i = 1; i < argc; i++) {
			struct stat st;
			if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
				run_dir(argv[i], argv[i]);
			else
				run_one(argv[i], argv[i]);
		}
	} else {
		char dir[4096], label[4096];
		run_one("empty input", NULL);
		snprintf(dir, sizeof dir, "%s/regress/%s", FUZZ_DIR, self);
		snprintf(label, sizeof label, "regress/%s", self);
		run_dir(dir, label);
		snprintf(dir, sizeof dir, "%s/seeds/%s", FUZZ_DIR, self);
		snprintf(label, sizeof label, "seeds/%s", self);
		run_dir(dir, label);
	}
	return failures ? 1 : 0;
}
