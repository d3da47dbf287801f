/*
 * `chronicle serve FEED` or `chronicle serve --dir DIR`: serve a feed's
 * outputs (rebuilding them as its sources change) or a folder of outputs
 * over HTTP until SIGINT, SIGTERM or SIGHUP, reloading the files when they change.
 *
 * The main thread owns the clock and the signals: it waits for a signal
 * with a timeout of one polling interval, and on each timeout calls
 * chr_server_refresh, which runs the rebuild hook (chr_build, for a feed) and swaps in
 * changed files while the server's threads go on answering.
 */
#include "chronicle.h"
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

struct serve_options {
	chr_server_options server;
	double poll;       /* seconds between refreshes */
	bool poll_set;     /* --poll given: it wins over the feed's */
	bool quiet;        /* no access log */
	const char *feed;  /* FEED, when serving a feed file */
	const char *base_url; /* --base-url: links point here, UIDs stay */
};

static void usage(FILE *out)
{
	fprintf(out,
	        "Usage: chronicle serve [OPTION]... FEED\n"
	        "  or:  chronicle serve --dir DIR [OPTION]...\n"
	        "Serve a feed's (or DIR's) calendar.ics, atom.xml, rss.xml, events.json\n"
	        "and index.html over HTTP at /calendar.ics, /atom.xml, /rss.xml,\n"
	        "/events.json and /, until SIGINT, SIGTERM or SIGHUP. A FEED (feeds/NAME.feed)\n"
	        "is built at start and rebuilt every poll interval (the feed's 'poll'),\n"
	        "so new and changed sources reach the subscribers; DIR's files are\n"
	        "reloaded when they change.\n"
	        "\n"
	        "  -d, --dir DIR           the folder of outputs to serve\n"
	        "  -p, --port N            TCP port (default 8080; 0: any free port)\n"
	        "  -b, --bind ADDR         numeric IPv4 or IPv6 address (default 127.0.0.1)\n"
	        "      --poll SECONDS      how often to look for changed files (default 2)\n"
	        "      --timeout SECONDS   close a connection idle this long, or whose request\n"
	        "                          takes this long to arrive (default 10)\n"
	        "      --max-connections N at most N connections at once (default 2048)\n"
	        "      --max-per-ip N      at most N connections per client address (default 256)\n"
	        "      --threads N         worker threads (default 2)\n"
	        "      --base-url URL      with FEED: link to URL in the outputs instead of the\n"
	        "                          feed's base_url (a local preview); UIDs do not change\n"
	        "  -q, --quiet             no access log\n"
	        "  -h, --help              show this help\n"
	        "\n"
	        "The access log goes to standard error, one line per request:\n"
	        "  TIME CLIENT METHOD TARGET STATUS BYTES DURATION\n");
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "chronicle: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'chronicle serve --help' for more information.\n");
	return 2;
}

static bool parse_seconds(const char *s, double min, double max, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= min && v <= max))
		return false;
	*out = v;
	return true;
}

/*
 * The log. The server's threads hand their lines to a queue and go on; one
 * thread writes the queue to standard error. A log that cannot keep up (a
 * disk cache flushing after a big build, a pipe that nobody reads) then
 * costs log lines, counted and reported, and never holds up a request: a
 * worker blocked in write(2) would stall every connection it owns until
 * the request deadline cut them.
 */
#define LOG_QUEUE (256u << 10)

static struct log_queue {
	pthread_mutex_t lock;
	pthread_cond_t more, done;
	char *buf, *out;      /* filled by the server's threads; written out */
	size_t len;
	unsigned long dropped;
	bool stop, running, finished;
	pthread_t thread;
} logq = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
           NULL, NULL, 0, 0, false, false, false, 0 };

static void *log_writer(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&logq.lock);
	for (;;) {
		while (!logq.len && !logq.dropped && !logq.stop)
			pthread_cond_wait(&logq.more, &logq.lock);
		if (!logq.len && !logq.dropped)
			break; /* stopping, and all is written */
		char *full = logq.buf;
		size_t n = logq.len;
		unsigned long dropped = logq.dropped;
		logq.buf = logq.out;
		logq.out = full;
		logq.len = 0;
		logq.dropped = 0;
		pthread_mutex_unlock(&logq.lock);
		fwrite(full, 1, n, stderr);
		if (dropped)
			fprintf(stderr, "chronicle: %lu log line%s left out: the log could not keep up\n",
			        dropped, dropped == 1 ? "" : "s");
		fflush(stderr);
		pthread_mutex_lock(&logq.lock);
	}
	logq.finished = true;
	pthread_cond_signal(&logq.done);
	pthread_mutex_unlock(&logq.lock);
	return NULL;
}

/* Starts the log thread; without it (no memory, no thread) lines are
 * written where they are made. */
static void log_start(void)
{
	logq.buf = malloc(LOG_QUEUE);
	logq.out = malloc(LOG_QUEUE);
	if (logq.buf && logq.out && pthread_create(&logq.thread, NULL, log_writer, NULL) == 0) {
		logq.running = true;
		return;
	}
	free(logq.buf);
	free(logq.out);
	logq.buf = logq.out = NULL;
}

/* Writes what is queued and stops the log thread. A log that takes more
 * than LOG_DRAIN_SECONDS to take the rest (nobody reads the pipe) does not
 * keep the server from exiting: the rest is lost. */
#define LOG_DRAIN_SECONDS 5

static void log_stop(void)
{
	if (!logq.running)
		return;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += LOG_DRAIN_SECONDS;
	pthread_mutex_lock(&logq.lock);
	logq.stop = true;
	pthread_cond_signal(&logq.more);
	while (!logq.finished)
		if (pthread_cond_timedwait(&logq.done, &logq.lock, &until) != 0)
			break;
	bool finished = logq.finished;
	pthread_mutex_unlock(&logq.lock);
	if (!finished)
		return; /* the thread is stuck in write(2); exit takes it */
	pthread_join(logq.thread, NULL);
	logq.running = false;
	free(logq.buf);
	free(logq.out);
	logq.buf = logq.out = NULL;
}

static void log_line(const char *line, size_t n)
{
	if (!logq.running) {
		fwrite(line, 1, n, stderr);
		return;
	}
	pthread_mutex_lock(&logq.lock);
	if (logq.len + n <= LOG_QUEUE) {
		memcpy(logq.buf + logq.len, line, n);
		logq.len += n;
	} else {
		logq.dropped++;
	}
	pthread_cond_signal(&logq.more);
	pthread_mutex_unlock(&logq.lock);
}

static void say(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

/* One line of the log, "\n" added; cut at 1 KB. Control bytes are
 * written \xNN, as in request targets: a message may carry a name from
 * outside (a source file's, in a rebuild's warning), and a newline in it
 * would start a line of its own, such as a forged access-log line. */
static void say(const char *fmt, ...)
{
	char text[1024], line[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t len = 0;
	for (const char *p = text; *p && len < sizeof line - 5; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch < 0x20 || ch == 0x7f)
			len += (size_t)snprintf(line + len, 5, "\\x%02x", ch);
		else
			line[len++] = (char)ch;
	}
	line[len++] = '\n';
	log_line(line, len);
}

static void log_access(void *data, const chr_access *a)
{
	char when[32], status[8];
	time_t t = time(NULL);
	struct tm tm;
	(void)data;
	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (a->status)
		snprintf(status, sizeof status, "%d", a->status);
	else
		strcpy(status, "-");
	say("%s %s %s %s %s %llu %.3fms%s", when, a->client, a->method, a->target, status,
	    (unsigned long long)a->bytes, (double)a->micros / 1000.0,
	    a->complete ? "" : " incomplete");
}

static void log_message(void *data, const char *line)
{
	(void)data;
	say("chronicle: %s", line);
}

/* Each connection is a descriptor: make room for the connection limit. */
static void raise_fd_limit(unsigned connections)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)connections + 64;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
}

/* The subscription addresses: the listening socket's, and the feed's
 * public ones when its base_url says where the outputs will be served. */
static void print_urls(const char *dir, const char *bind, unsigned port,
                       const char *base_url)
{
	char host[80];
	if (strchr(bind, ':'))
		snprintf(host, sizeof host, "[%s]:%u", bind, port);
	else
		snprintf(host, sizeof host, "%s:%u", bind, port);
	printf("chronicle: serving %s at http://%s/\n"
	       "  calendar  http://%s/calendar.ics\n"
	       "  webcal    webcal://%s/calendar.ics\n"
	       "  atom      http://%s/atom.xml\n"
	       "  rss       http://%s/rss.xml\n"
	       "  json      http://%s/events.json\n"
	       "  timeline  http://%s/\n",
	       dir, host, host, host, host, host, host, host);
	if (base_url) {
		const char *rest = strstr(base_url, "://");
		size_t n = strlen(base_url);
		const char *slash = n && base_url[n - 1] == '/' ? "" : "/";
		printf("public addresses (base_url):\n"
		       "  calendar  %s%scalendar.ics\n", base_url, slash);
		if (rest)
			printf("  webcal    webcal%s%scalendar.ics\n", rest, slash);
		printf("  atom      %s%satom.xml\n"
		       "  rss       %s%srss.xml\n"
		       "  json      %s%sevents.json\n"
		       "  timeline  %s%s\n",
		       base_url, slash, base_url, slash, base_url, slash, base_url,
		       slash);
	}
	fflush(stdout);
}

static int parse_serve(int argc, char **argv, struct serve_options *o)
{
	enum { OPT_POLL = 256, OPT_TIMEOUT, OPT_MAXCONN, OPT_PERIP, OPT_THREADS, OPT_BASE };
	static const struct option longopts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "port", required_argument, NULL, 'p' },
		{ "bind", required_argument, NULL, 'b' },
		{ "poll", required_argument, NULL, OPT_POLL },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "max-connections", required_argument, NULL, OPT_MAXCONN },
		{ "max-per-ip", required_argument, NULL, OPT_PERIP },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "base-url", required_argument, NULL, OPT_BASE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;
	const char *why;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:p:b:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->server.dir = optarg; break;
		case 'p':
			if (!parse_uint(optarg, 0, 65535, &o->server.port))
				return usage_error("--port wants a number from 0 to 65535, not '%s'", optarg);
			break;
		case 'b': o->server.bind = optarg; break;
		case OPT_POLL:
			if (!parse_seconds(optarg, 0.05, 86400, &o->poll))
				return usage_error("--poll wants seconds from 0.05 to 86400, not '%s'", optarg);
			o->poll_set = true;
			break;
		case OPT_TIMEOUT:
			if (!parse_uint(optarg, 1, 3600, &o->server.timeout_seconds))
				return usage_error("--timeout wants seconds from 1 to 3600, not '%s'", optarg);
			break;
		case OPT_MAXCONN:
			if (!parse_uint(optarg, 1, 100000, &o->server.max_connections))
				return usage_error("--max-connections wants 1 to 100000, not '%s'", optarg);
			break;
		case OPT_PERIP:
			if (!parse_uint(optarg, 1, 100000, &o->server.max_per_ip))
				return usage_error("--max-per-ip wants 1 to 100000, not '%s'", optarg);
			break;
		case OPT_THREADS:
			if (!parse_uint(optarg, 1, 256, &o->server.threads))
				return usage_error("--threads wants 1 to 256, not '%s'", optarg);
			break;
		case OPT_BASE:
			if ((why = cli_base_url_problem(optarg)))
				return usage_error("--base-url %s", why);
			o->base_url = optarg;
			break;
		case 'q': o->quiet = true; break;
		case 'h':
			usage(stdout);
			return ferror(stdout) ? 1 : 0;
		default:
			fprintf(stderr, "Try 'chronicle serve --help' for more information.\n");
			return 2;
		}
	}
	if (optind < argc) {
		if (o->server.dir)
			return usage_error("%s", "serve wants a FEED or --dir DIR, not both");
		if (optind + 1 < argc)
			return usage_error("serve takes one feed file, not also '%s'",
			                   argv[optind + 1]);
		o->feed = argv[optind];
	} else if (!o->server.dir) {
		return usage_error("%s", "serve wants a feed file (FEED) or --dir DIR");
	}
	if (o->base_url && !o->feed)
		return usage_error("%s", "--base-url goes with a FEED: --dir serves files as they are");
	return -1;
}

/* The rebuild hook for a feed: an incremental build, which rewrites (by
 * rename) only the outputs whose bytes change. */
static chr_status rebuild_feed(void *userdata, int64_t now, chr_error *err)
{
	const chr_config *cfg = userdata;
	chr_build_report rep;
	chr_status rc = chr_build(cfg, now, &rep, err);
	if (rc == CHR_OK && rep.documents_failed)
		say("chronicle: %s", rep.warning);
	if (rc == CHR_OK && rep.documents_reread)
		say("chronicle: %s: " CLI_REREAD_NOTE, cfg->path, rep.documents_reread,
		    rep.documents_reread == 1 ? "" : "s");
	if (rc == CHR_OK && rep.outputs_written)
		say("chronicle: %s: %zu documents, %zu events (%zu new, %zu changed, %zu "
		    "cancelled); %zu outputs written",
		    cfg->path, rep.documents, rep.events, rep.events_new, rep.events_changed,
		    rep.events_cancelled, rep.outputs_written);
	return rc;
}

int cli_serve(int argc, char **argv)
{
	chr_config *cfg = NULL;
	struct serve_options o;
	chr_server *server = NULL;
	chr_error err;
	sigset_t stop;
	int rc;

	memset(&o, 0, sizeof o);
	memset(&err, 0, sizeof err);
	o.server.port = 8080;
	o.server.bind = "127.0.0.1";
	o.poll = 2;
	if ((rc = parse_serve(argc, argv, &o)) >= 0)
		return rc;
	if (o.feed) {
		if (chr_config_load(o.feed, &cfg, &err) != CHR_OK) {
			if (err.line > 0)
				fprintf(stderr, "chronicle: %s:%ld: %s\n",
				        err.file[0] ? err.file : o.feed, err.line, err.problem);
			else
				fprintf(stderr, "chronicle: %s: %s\n", err.file[0] ? err.file : o.feed,
				        err.problem[0] ? err.problem : chr_status_str(err.status));
			return 1;
		}
		/* The feed's identity (cfg->id, the UID namespace) stays the
		 * file's base_url: a preview on another address must not
		 * turn every event into a new one for the store. */
		if (o.base_url)
			cfg->base_url = o.base_url;
		/* A build that holds the feed's lock and does not end (hung,
		 * or stopped with ^Z) would hold the rebuild, and with it the
		 * main thread: no start, no SIGTERM. The server goes on with
		 * the files it has, which that build will replace whole, and
		 * tries again at the next poll. */
		cfg->build_no_wait = true;
		o.server.dir = cfg->output_dir;
		o.server.rebuild = rebuild_feed;
		o.server.rebuild_data = cfg;
		if (!o.poll_set)
			o.poll = cfg->poll_seconds > 0 ? cfg->poll_seconds : 60;
	}
	if (!o.quiet)
		o.server.on_access = log_access;
	o.server.on_message = log_message;

	/* Block the stop signals before the server's threads start, so they
	 * inherit the mask and only sigtimedwait below sees the signals. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP); /* the terminal closed: stop as for the others */
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	raise_fd_limit(o.server.max_connections ? o.server.max_connections : 2048);

	/* A feed is built before the server starts, so that its first
	 * generation is whole and its output folder exists; a failed build
	 * still serves what the folder holds from before. */
	if (cfg && rebuild_feed(cfg, (int64_t)time(NULL), &err) != CHR_OK)
		fprintf(stderr, "chronicle: %s%s%s\n", err.file[0] ? err.file : cfg->path,
		        ": ", err.problem[0] ? err.problem : chr_status_str(err.status));
	log_start();
	if (chr_server_start(&o.server, &server, &err) != CHR_OK) {
		log_stop();
		fprintf(stderr, "chronicle: %s%s%s\n", err.file, err.file[0] ? ": " : "",
		        err.problem[0] ? err.problem : chr_status_str(err.status));
		chr_config_free(cfg);
		return err.status == CHR_EUSAGE ? 2 : 1;
	}
	print_urls(o.server.dir, o.server.bind, chr_server_port(server),
	           cfg ? cfg->base_url : NULL);

	/* A feed was built just before; from now on, every poll interval. */
	bool first = false;
	for (;;) {
		struct timespec wait;
		wait.tv_sec = first ? 0 : (time_t)o.poll;
		wait.tv_nsec = first ? 0 : (long)((o.poll - (double)wait.tv_sec) * 1e9);
		first = false;
		int sig = sigtimedwait(&stop, NULL, &wait);
		if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) {
			say("chronicle: %s received, shutting down",
			    sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP");
			break;
		}
		if (sig < 0 && errno == EINTR)
			continue;
		if (chr_server_refresh(server, (int64_t)time(NULL), NULL, &err) != CHR_OK)
			say("chronicle: %s%s%s (still serving the previous files)", err.file,
			    err.file[0] ? ": " : "",
			    err.problem[0] ? err.problem : chr_status_str(err.status));
	}
	chr_server_free(server);
	chr_config_free(cfg);
	say("chronicle: stopped");
	log_stop();
	return 0;
}
