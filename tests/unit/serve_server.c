/* chr_server through its public API: the rebuild hook that `chronicle
 * serve FEED` will pass, checked over a real socket on 127.0.0.1. */
#include "chronicle.h"
#include "tap.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct hook {
	const char *dir;
	int calls;
	int64_t last_now;
	bool fail;
};

/* Writes calendar.ics as "version N" by rename, as a build does. */
static chr_status rebuild(void *userdata, int64_t now, chr_error *err)
{
	struct hook *h = userdata;
	char tmp[512], dst[512];
	h->calls++;
	h->last_now = now;
	if (h->fail)
		return chr_fail(err, CHR_EINPUT, "feed.feed", "the build failed");
	snprintf(tmp, sizeof tmp, "%s/.calendar.ics.tmp", h->dir);
	snprintf(dst, sizeof dst, "%s/calendar.ics", h->dir);
	FILE *f = fopen(tmp, "wb");
	if (!f)
		return chr_fail(err, CHR_EIO, tmp, "cannot write");
	fprintf(f, "version %d\n", h->calls);
	fclose(f);
	if (rename(tmp, dst) != 0)
		return chr_fail(err, CHR_EIO, dst, "cannot rename");
	return CHR_OK;
}

/* GET path; returns the status and copies the body into body. */
static int get(unsigned port, const char *path, char *body, size_t size)
{
	char req[256], reply[4096];
	size_t n = 0;
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	body[0] = '\0';
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", path);
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req)) {
		close(fd);
		return -1;
	}
	for (ssize_t r; n + 1 < sizeof reply && (r = read(fd, reply + n, sizeof reply - 1 - n)) > 0; )
		n += (size_t)r;
	close(fd);
	reply[n] = '\0';
	int status = -1;
	if (sscanf(reply, "HTTP/1.1 %d", &status) != 1)
		return -1;
	const char *b = strstr(reply, "\r\n\r\n");
	if (b)
		snprintf(body, size, "%s", b + 4);
	return status;
}

int main(void)
{
	char dir[] = "/tmp/chronicle-serve-unit-XXXXXX", body[256], path[600];
	chr_server *s = NULL;
	chr_error err;
	bool reloaded = false;

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return tap_done();
	}
	struct hook h = { dir, 0, 0, false };
	chr_server_options o;
	memset(&o, 0, sizeof o);
	o.dir = dir;
	o.rebuild = rebuild;
	o.rebuild_data = &h;

	memset(&err, 0, sizeof err);
	ok(chr_server_start(&o, &s, &err) == CHR_OK && s, "a server starts on an ephemeral port");
	if (!s) {
		printf("# %s\n", err.problem);
		return tap_done();
	}
	unsigned port = chr_server_port(s);
	ok(port > 0 && h.calls == 0, "it has a port, and start does not call the hook");
	ok(get(port, "/calendar.ics", body, sizeof body) == 404, "no file yet: 404");

	ok(chr_server_refresh(s, 1795392000, &reloaded, &err) == CHR_OK && reloaded,
	   "refresh runs the hook and reloads");
	ok(h.calls == 1 && h.last_now == 1795392000, "the hook gets now");
	ok(get(port, "/calendar.ics", body, sizeof body) == 200, "the hook's file is served at once");
	is_str(body, "version 1\n", "with the hook's bytes");

	ok(chr_server_refresh(s, 1795392060, &reloaded, &err) == CHR_OK && reloaded,
	   "a second refresh reloads");
	ok(get(port, "/calendar.ics", body, sizeof body) == 200 && strcmp(body, "version 2\n") == 0,
	   "after the hook, the new file is served without waiting a poll");

	h.fail = true;
	memset(&err, 0, sizeof err);
	ok(chr_server_refresh(s, 1795392120, &reloaded, &err) == CHR_EINPUT && !reloaded &&
	   strcmp(err.problem, "the build failed") == 0, "a failing hook's error comes back");
	ok(get(port, "/calendar.ics", body, sizeof body) == 200 && strcmp(body, "version 2\n") == 0,
	   "after a failed build the previous file is still served");
	h.fail = false;
	ok(get(port, "/atom.xml", body, sizeof body) == 404, "other routes stay 404");
	chr_server_free(s);
	ok(get(port, "/calendar.ics", body, sizeof body) == -1, "after chr_server_free the port is closed");
	chr_server_free(NULL);

	o.bind = "localhost";
	ok(chr_server_start(&o, &s, &err) == CHR_EUSAGE && !s, "a host name to bind is a usage error");
	o.bind = "::1";
	o.dir = "/nonexistent/chronicle";
	ok(chr_server_start(&o, &s, &err) == CHR_EIO && !s, "a missing folder is CHR_EIO");

	snprintf(path, sizeof path, "%s/calendar.ics", dir);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
