/*
 * `chronicle build [--now TIME] FEED...`: brings each feed's outputs up to
 * date (chr_build). The clock is read here and only here: --now, else
 * SOURCE_DATE_EPOCH, else the wall clock.
 */
#include "chronicle.h"
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage_build(FILE *out)
{
	fprintf(out,
	        "Usage: chronicle build [OPTION]... FEED...\n"
	        "Bring each feed's outputs up to date: read new and changed sources,\n"
	        "record their events, and write calendar.ics, atom.xml, rss.xml and\n"
	        "events.json into the feed's output folder.\n"
	        "\n"
	        "      --now TIME   build time, RFC 3339 (default: SOURCE_DATE_EPOCH,\n"
	        "                   else the clock)\n"
	        "  -q, --quiet      print nothing but problems\n"
	        "  -h, --help       show this help\n"
	        "\n"
	        "FEED is a feed file such as feeds/example.feed; see chronicle(1).\n");
}

static void print_error(const char *path, const chr_error *err)
{
	const char *file = err->file[0] ? err->file : path;
	if (err->line > 0)
		fprintf(stderr, "chronicle: %s:%ld: %s\n", file, err->line, err->problem);
	else
		fprintf(stderr, "chronicle: %s: %s\n", file,
		        err->problem[0] ? err->problem : chr_status_str(err->status));
}

/* Builds one feed; returns 0, or 1 after reporting a problem. */
static int build_one(const char *path, int64_t now, bool quiet)
{
	chr_config *cfg = NULL;
	chr_build_report rep;
	chr_error err;
	memset(&err, 0, sizeof err);
	if (chr_config_load(path, &cfg, &err) != CHR_OK) {
		print_error(path, &err);
		return 1;
	}
	int status = 0;
	if (chr_build(cfg, now, &rep, &err) != CHR_OK) {
		print_error(path, &err);
		status = 1;
	} else {
		if (rep.documents_failed) {
			fprintf(stderr, "chronicle: %s", rep.warning);
			if (rep.documents_failed > 1)
				fprintf(stderr, " (and %zu more sources that could not be read)",
				        rep.documents_failed - 1);
			fputc('\n', stderr);
			status = 1;
		}
		if (!quiet) {
			printf("%s: %zu documents (%zu new, %zu changed, %zu unchanged, "
			       "%zu removed, %zu unreadable); %zu events (%zu new, "
			       "%zu changed, %zu cancelled, %zu expired); %zu outputs written\n",
			       path, rep.documents, rep.documents_new,
			       rep.documents_changed, rep.documents_unchanged,
			       rep.documents_removed, rep.documents_failed, rep.events,
			       rep.events_new, rep.events_changed, rep.events_cancelled,
			       rep.events_expired, rep.outputs_written);
			if (rep.documents_reread)
				printf("  " CLI_REREAD_NOTE "\n", rep.documents_reread,
				       rep.documents_reread == 1 ? "" : "s");
			for (size_t i = 0; i < rep.n_outputs; i++)
				printf("  %s/%s\n", cfg->output_dir, rep.outputs[i]);
		}
	}
	chr_config_free(cfg);
	return status;
}

int cli_build(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "now", required_argument, NULL, 'n' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int64_t now = 0;
	bool have_now = false, quiet = false;
	int c;
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (!parse_rfc3339(optarg, &now)) {
				fprintf(stderr, "chronicle: --now wants an RFC 3339 time, not '%s'\n"
				        "Try 'chronicle build --help' for more information.\n",
				        optarg);
				return 2;
			}
			have_now = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			usage_build(stdout);
			return ferror(stdout) ? 1 : 0;
		default:
			fprintf(stderr, "Try 'chronicle build --help' for more information.\n");
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "chronicle: build wants a feed file\n"
		        "Try 'chronicle build --help' for more information.\n");
		return 2;
	}
	if (!have_now) {
		const char *sde = getenv("SOURCE_DATE_EPOCH");
		if (sde && *sde) {
			char *end;
			errno = 0;
			long long v = strtoll(sde, &end, 10);
			if (errno || *end || v < 0) {
				fprintf(stderr, "chronicle: SOURCE_DATE_EPOCH wants Unix seconds, not '%s'\n",
				        sde);
				return 2;
			}
			now = v;
		} else {
			now = (int64_t)time(NULL);
		}
	}
	int status = 0;
	for (int i = optind; i < argc; i++)
		if (build_one(argv[i], now, quiet))
			status = 1;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "chronicle: standard output: write error\n");
		return 1;
	}
	return status;
}
