/*
 * The writers benchmark (make bench-writers): synthetic events written as
 * iCalendar, Atom, RSS and JSON Feed, at 100,000 and 1,000,000 events, to
 * show that time and memory grow linearly.
 *
 *   build/bench/writers [-f FORMAT] [N...]   (default: all four; 100000 1000000)
 *
 * Each run is a child process, so that its peak RSS is its own: the child
 * makes the events, notes its RSS, runs one writer into a sink that counts
 * the bytes and throws them away, and reports the writer's wall time, the
 * CPU time (the figure to compare on a shared machine), the bytes
 * written, its peak RSS and how much of it the writer added on top of the
 * events. The events look like real ones (titles of 40 to 90
 * characters with non-ASCII, a place, a 200-byte sentence, source URLs,
 * every precision, a fifth timed, some tentative or cancelled) with a
 * unique title and UID each. The last line compares each format's CPU time
 * at the largest N with the smallest (linear: the ratio of the Ns).
 */
#include "chronicle.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef chr_status (*writer_fn)(const chr_event *const *, size_t,
                                const chr_feed *, const chr_sink *,
                                chr_error *);

static const struct {
	const char *name;
	writer_fn fn;
} formats[] = {
	{ "ics", chr_write_ics },
	{ "atom", chr_write_atom },
	{ "rss", chr_write_rss },
	{ "json", chr_write_json },
};

static chr_status count_write(void *userdata, const void *data, size_t len)
{
	(void)data;
	*(uint64_t *)userdata += len;
	return CHR_OK;
}

static const char *const places[] = {
	"Geneva", "Nairobi", "S\xC3\xA3o Paulo", "K\xC3\xB8" "benhavn", "Lyon",
	"Bangkok", NULL, "Palais des Nations, Geneva", NULL, "Montr\xC3\xA9" "al"
};
static const char *const sentences[] = {
	"The conference on next-generation vaccines will take place in Geneva, "
	"bringing together health ministers, regulators, manufacturers and "
	"community health workers from thirty-four countries, the organisers said.",
	"Negotiators will resume talks on the treaty after the session that was "
	"planned for September was moved at the request of several delegations, "
	"the secretariat announced on Wednesday in Nairobi.",
	"Une r\xC3\xA9union publique sur le r\xC3\xA9" "am\xC3\xA9nagement du port "
	"aura lieu \xC3\xA0 la mairie, a indiqu\xC3\xA9 le porte-parole de la "
	"ville, qui attend plusieurs centaines de participants.",
};

/* Titles, URLs and strings are carved from one arena: a malloc per string
 * would measure the allocator, not the writers. */
typedef struct arena {
	char *data;
	size_t used, cap;
} arena;

static const char *arena_printf(arena *a, const char *fmt, int i)
{
	char *p = a->data + a->used;
	int len = snprintf(p, a->cap - a->used, fmt, i);
	if (len < 0 || (size_t)len >= a->cap - a->used) {
		fprintf(stderr, "writers bench: arena full\n");
		exit(1);
	}
	a->used += (size_t)len + 1;
	return p;
}

static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static chr_date civil(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	chr_date d;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2));
	return d;
}

static chr_event *make_events(size_t n, arena *a)
{
	chr_event *ev = calloc(n, sizeof *ev);
	a->cap = n * 200 + 4096;
	a->data = malloc(a->cap);
	a->used = 0;
	if (!ev || !a->data) {
		fprintf(stderr, "writers bench: out of memory\n");
		exit(1);
	}
	long day0 = days_from_civil(2026, 1, 1);
	for (size_t k = 0; k < n; k++) {
		chr_event *e = &ev[k];
		int i = (int)k;
		/* A spread-out UID: the writers sort on it. */
		uint32_t h = (uint32_t)i * 2654435761u;
		snprintf(e->uid, sizeof e->uid, "%08x-%04x-5%03x-8%03x-%012x", h,
		         (unsigned)(i & 0xffff), (unsigned)(i >> 16) & 0xfff,
		         (unsigned)(h >> 20), (unsigned)i);
		long start = day0 + (long)(h % 1500);
		e->start = civil(start);
		e->precision = CHR_PREC_DAY;
		e->hour = e->minute = e->end_hour = e->end_minute = -1;
		switch (i % 10) {
		case 0: /* two days */
			e->end = civil(start + 1);
			break;
		case 1: /* timed, with a zone */
			e->end = e->start;
			e->hour = 9 + i % 9;
			e->minute = 30;
			e->has_tz = true;
			e->tz_minutes = 60;
			break;
		case 2: /* timed, floating, with an end */
			e->end = e->start;
			e->hour = 14;
			e->minute = 0;
			e->end_hour = 16;
			e->end_minute = 0;
			break;
		case 3: /* a month */
			e->start.day = 1;
			e->end = e->start;
			e->end.day = 28;
			e->precision = CHR_PREC_MONTH;
			break;
		case 4: /* a quarter */
			e->start.month = 1 + (e->start.month - 1) / 3 * 3;
			e->start.day = 1;
			e->end = civil(days_from_civil(e->start.year, e->start.month + 2, 28));
			e->precision = CHR_PREC_QUARTER;
			break;
		default:
			e->end = e->start;
			break;
		}
		e->title = arena_printf(a, i % 3 ? "Conference on the roll-out of vaccines, session %d"
		                                 : "R\xC3\xA9union publique n\xC2\xB0 %d sur le "
		                                   "r\xC3\xA9" "am\xC3\xA9nagement du port de commerce", i);
		e->doc = arena_printf(a, "https://news.example.org/2026/article-%d.html", i / 4);
		e->url = i % 2 ? e->doc : NULL;
		e->location = places[i % 10];
		e->sentence = sentences[i % 3];
		e->date_text = "20 to 23 November 2026";
		e->status = i % 7 == 0 ? CHR_EVENT_TENTATIVE
		          : i % 11 == 0 ? CHR_EVENT_CANCELLED : CHR_EVENT_CONFIRMED;
		e->first_seen = INT64_C(1767225600) + (int64_t)(h % 86400) * 30;
		e->last_modified = e->first_seen + (i % 5) * 3600;
		e->sequence = i % 3;
	}
	return ev;
}

/* VmRSS or VmHWM of this process, in kB. */
static long proc_kb(const char *key)
{
	char line[256];
	long kb = -1;
	size_t len = strlen(key);
	FILE *fp = fopen("/proc/self/status", "r");
	if (!fp)
		return -1;
	while (fgets(line, sizeof line, fp))
		if (strncmp(line, key, len) == 0 && line[len] == ':') {
			kb = strtol(line + len + 1, NULL, 10);
			break;
		}
	fclose(fp);
	return kb;
}

typedef struct result {
	double seconds, cpu;
	uint64_t bytes;
	long base_kb, peak_kb;
	int status;
} result;

static double cpu_seconds(const struct rusage *u)
{
	return (double)(u->ru_utime.tv_sec + u->ru_stime.tv_sec) +
	       (double)(u->ru_utime.tv_usec + u->ru_stime.tv_usec) / 1e6;
}

static void child(size_t n, writer_fn fn, int fd)
{
	arena a;
	result r;
	memset(&r, 0, sizeof r);
	chr_event *ev = make_events(n, &a);
	const chr_event **p = malloc(n * sizeof *p);
	if (!p)
		_exit(1);
	for (size_t i = 0; i < n; i++)
		p[i] = &ev[i];
	chr_feed feed;
	memset(&feed, 0, sizeof feed);
	feed.id = "bench";
	feed.title = "Writers benchmark";
	feed.description = "Synthetic events";
	feed.base_url = "https://example.org/bench/";
	feed.author = "chronicle";
	feed.now = INT64_C(1767225600);
	feed.calendar_precision = CHR_CAL_ALL;
	chr_sink sink = { count_write, &r.bytes };
	chr_error err;
	memset(&err, 0, sizeof err);
	r.base_kb = proc_kb("VmRSS");
	struct timespec t0, t1;
	struct rusage u0, u1;
	getrusage(RUSAGE_SELF, &u0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r.status = fn(p, n, &feed, &sink, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_SELF, &u1);
	r.cpu = cpu_seconds(&u1) - cpu_seconds(&u0);
	r.seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	r.peak_kb = proc_kb("VmHWM");
	if (write(fd, &r, sizeof r) != (ssize_t)sizeof r)
		_exit(1);
	_exit(0);
}

static bool run_one(size_t n, writer_fn fn, result *r)
{
	int fds[2];
	if (pipe(fds) != 0)
		return false;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		close(fds[0]);
		child(n, fn, fds[1]);
	}
	close(fds[1]);
	ssize_t got = read(fds[0], r, sizeof *r);
	close(fds[0]);
	int status = 0;
	waitpid(pid, &status, 0);
	return got == (ssize_t)sizeof *r && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
	       r->status == CHR_OK;
}

int main(int argc, char **argv)
{
	size_t sizes[8] = { 100000, 1000000 };
	int n_sizes = 2, first = 1;
	const char *only = NULL;
	if (argc > 2 && strcmp(argv[1], "-f") == 0) {
		only = argv[2];
		first = 3;
	}
	if (argc > first) {
		n_sizes = 0;
		for (int i = first; i < argc && n_sizes < 8; i++)
			sizes[n_sizes++] = (size_t)strtoull(argv[i], NULL, 10);
	}
	enum { NF = sizeof formats / sizeof formats[0] };
	double secs[8][NF];
	int failed = 0;
	printf("| format | events | wall s | CPU s | events/s (CPU) | MB out | peak RSS MB | writer RSS MB |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
	for (int s = 0; s < n_sizes; s++)
		for (size_t f = 0; f < NF; f++) {
			result r;
			secs[s][f] = -1;
			if (only && strcmp(only, formats[f].name) != 0)
				continue;
			if (!run_one(sizes[s], formats[f].fn, &r)) {
				printf("| %s | %zu | failed | | | | | |\n", formats[f].name, sizes[s]);
				failed = 1;
				secs[s][f] = -1;
				continue;
			}
			secs[s][f] = r.cpu;
			printf("| %s | %zu | %.2f | %.2f | %.0f | %.1f | %.1f | %.1f |\n", formats[f].name,
			       sizes[s], r.seconds, r.cpu, (double)sizes[s] / r.cpu,
			       (double)r.bytes / 1e6, (double)r.peak_kb / 1024.0,
			       (double)(r.peak_kb - r.base_kb) / 1024.0);
		}
	if (n_sizes > 1) {
		double grow = (double)sizes[n_sizes - 1] / (double)sizes[0];
		printf("\nCPU time at %zu / at %zu events (linear: %.0fx):", sizes[n_sizes - 1],
		       sizes[0], grow);
		for (size_t f = 0; f < NF; f++)
			if (secs[0][f] > 0 && secs[n_sizes - 1][f] > 0)
				printf(" %s %.1fx", formats[f].name, secs[n_sizes - 1][f] / secs[0][f]);
		printf("\n");
	}
	return failed;
}
