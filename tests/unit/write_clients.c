/*
 * Runs tests/clients/check_feeds.py, the real-client checks (xmllint,
 * feedparser, python3-icalendar, end to end with the built binary), so
 * that they are part of `make check` through the unit-test folder. Its
 * TAP lines pass through unchanged. The binary checked is the one next to
 * this program's folder (build/tests/.. -> build/chronicle).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	char dir[1024], cmd[4096], line[4096];
	const char *f = __FILE__; /* tests/unit/write_clients.c, from the top */
	const char *cut = strstr(f, "unit/write_clients.c");
	(void)argc;
	/* build/tests/write_clients -> build */
	snprintf(dir, sizeof dir, "%s", argv[0]);
	for (int i = 0; i < 2; i++) {
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		else
			snprintf(dir, sizeof dir, "%s", i ? "." : "..");
	}
	snprintf(cmd, sizeof cmd, "python3 '%.*sclients/check_feeds.py' --binary '%s/chronicle' 2>&1",
	         cut ? (int)(cut - f) : 0, f, dir);
	FILE *p = popen(cmd, "r");
	if (!p) {
		printf("not ok 1 - cannot run %s\n", cmd);
		return 1;
	}
	while (fgets(line, sizeof line, p))
		fputs(line, stdout);
	int status = pclose(p);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fflush(stdout);
		return 1;
	}
	return 0;
}
