"""`chronicle serve` against real clients, on 127.0.0.1 and a free port.

A folder is built with `chronicle events -t ics|atom|rss|json -o DIR/...`
from a few invented articles, served with `chronicle serve --dir DIR
--port 0`, and then fetched with curl, http.client, raw sockets,
feedparser and python3-icalendar (those two under /usr/bin/python3, where
Debian installs them). Abuse: path traversal, other methods, oversized
headers, 1,000 concurrent connections, a flood from one address,
slowloris, and files rewritten while a client hammers the server. Each
area is one test function; run.py calls run_all.
"""

import hashlib
import http.client
import os
import re
import resource
import select
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

NOW = "2026-11-01T00:00:00Z"
TIMEOUT = 4  # --timeout for the server under test, seconds
PER_IP = 150  # --max-per-ip

ARTICLES = {
    "forum.txt": "GENEVA, 2 November 2026 \u2014 The World Water Forum will be held in "
                 "Geneva on 14-16 April 2027, the organisers said on Monday. "
                 "Registration opens on 1 December 2026.\n",
    "trade.txt": "NAIROBI, 5 October 2026 \u2014 Regional trade ministers will meet in "
                 "Nairobi on 20 January 2027 to review the customs union.\n",
    "lights.txt": "LYON, 1 September 2026 \u2014 The annual light festival takes place in "
                  "Lyon from 8 to 11 December 2026, the city said.\n",
}
EXTRA = {
    "harbour.txt": "OSLO, 3 November 2026 \u2014 The new harbour bridge will open on "
                   "5 March 2027 in Oslo, the port authority announced.\n",
}
FILES = {"calendar.ics": "ics", "atom.xml": "atom", "rss.xml": "rss", "events.json": "json"}
TYPES = {
    "/calendar.ics": "text/calendar; charset=utf-8",
    "/atom.xml": "application/atom+xml",
    "/rss.xml": "application/rss+xml",
    "/events.json": "application/feed+json",
    "/": "text/html; charset=utf-8",
}
INDEX = b"<!doctype html><html><head><title>chronicle</title></head><body>timeline</body></html>\n"

# Fetched under /usr/bin/python3: feedparser (with etag, then modified) and
# python3-icalendar over HTTP. Prints one JSON object.
CLIENT = r'''
import json, sys, urllib.request
try:
    import feedparser, icalendar
except ImportError as e:
    print(json.dumps({"error": "%s (install python3-feedparser and python3-icalendar: make deps)" % e}))
    sys.exit(0)
base = sys.argv[1]
out = {}
for name in ("atom.xml", "rss.xml"):
    d = feedparser.parse(base + name)
    by_etag = feedparser.parse(base + name, etag=d.get("etag"))
    by_date = feedparser.parse(base + name, modified=d.get("modified"))
    out[name] = {"status": d.get("status"), "bozo": bool(d.bozo),
                 "why": str(d.get("bozo_exception", "")), "version": d.version,
                 "entries": len(d.entries),
                 "titles": [e.get("title", "") for e in d.entries],
                 "etag": d.get("etag"), "modified": d.get("modified"),
                 "etag_status": by_etag.get("status"),
                 "modified_status": by_date.get("status")}
with urllib.request.urlopen(base + "calendar.ics") as r:
    body = r.read()
    ctype = r.headers.get("Content-Type")
cal = icalendar.Calendar.from_ical(body)
events = list(cal.walk("VEVENT"))
out["calendar.ics"] = {"ctype": ctype, "events": len(events),
                       "summaries": [str(e.get("summary")) for e in events]}
print(json.dumps(out))
'''


class Ctx:
    def __init__(self, binary, res, tmp):
        self.binary = binary
        self.res = res
        self.tmp = tmp
        self.name = ""
        self.dir = os.path.join(tmp, "out")
        self.versions = {}  # "A"/"B" -> {file name: bytes}
        self.proc = None
        self.port = None
        self.log_path = os.path.join(tmp, "serve.log")

    def check(self, cond, what, detail=""):
        return self.res.check(cond, "serve %s: %s" % (self.name, what), str(detail))

    # -- the folder ----------------------------------------------------------

    def build(self, tag, articles):
        src = os.path.join(self.tmp, "src-" + tag)
        os.makedirs(src, exist_ok=True)
        paths = []
        for name, text in sorted(articles.items()):
            p = os.path.join(src, name)
            with open(p, "w", encoding="utf-8") as f:
                f.write(text)
            paths.append(p)
        outdir = os.path.join(self.tmp, "build-" + tag)
        os.makedirs(outdir, exist_ok=True)
        files = {}
        for fname, fmt in FILES.items():
            out = os.path.join(outdir, fname)
            p = subprocess.run([self.binary, "events", "-t", fmt, "--now", NOW,
                                "--title", "serve test", "--base-url",
                                "http://127.0.0.1/", "-o", out] + paths,
                               stderr=subprocess.PIPE, timeout=30)
            if p.returncode != 0:
                raise RuntimeError("chronicle events -t %s failed: %s"
                                   % (fmt, p.stderr.decode("utf-8", "replace")))
            with open(out, "rb") as f:
                files[fname] = f.read()
        self.versions[tag] = files

    def install(self, tag, in_place=False):
        """Writes version tag into the served folder: by rename, as a build
        does, or rewritten in place."""
        for fname, data in self.versions[tag].items():
            dst = os.path.join(self.dir, fname)
            if in_place:
                # Truncate, write half, pause, write the rest: a poll
                # often lands in between.
                with open(dst, "wb") as f:
                    f.write(data[:len(data) // 2])
                    f.flush()
                    time.sleep(0.05)
                    f.write(data[len(data) // 2:])
            else:
                tmp = os.path.join(self.dir, "." + fname + ".tmp")
                with open(tmp, "wb") as f:
                    f.write(data)
                os.replace(tmp, dst)

    # -- the server ----------------------------------------------------------

    def start(self, *extra):
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--dir", self.dir, "--port", "0", "--poll", "0.2",
             "--timeout", str(TIMEOUT), "--max-per-ip", str(PER_IP)] + list(extra),
            stdout=subprocess.PIPE, stderr=log)
        log.close()
        line = self.proc.stdout.readline().decode("utf-8", "replace")
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.proc.kill()
            raise RuntimeError("no URL on the first line: %r; log: %s" % (line, self.log()))
        self.port = int(m.group(1))
        # The URLs come in one write of seven lines.
        self.banner = line + "".join(self.proc.stdout.readline().decode("utf-8", "replace")
                                     for _ in range(6))

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def url(self, path="/"):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def get(self, path, method="GET", headers=None, src=None, timeout=10):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout,
                                       source_address=(src, 0) if src else None)
        try:
            c.request(method, path, headers=headers or {})
            r = c.getresponse()
            body = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, body
        finally:
            c.close()

    def raw(self, data, src="127.0.0.1", timeout=5):
        """Sends bytes on a new connection and reads until the server closes
        it or timeout; returns (status or None, whole reply)."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout,
                                     source_address=(src, 0))
        chunks = []
        try:
            s.sendall(data)
            while True:
                try:
                    b = s.recv(65536)
                except socket.timeout:
                    break
                except ConnectionResetError:
                    break
                if not b:
                    break
                chunks.append(b)
        finally:
            s.close()
        reply = b"".join(chunks)
        m = re.match(rb"HTTP/1\.[01] (\d{3})", reply)
        return (int(m.group(1)) if m else None), reply


def etag_of(body):
    return '"%s"' % hashlib.sha1(body).hexdigest()[:32]


def curl(c, *args):
    p = subprocess.run(["curl", "-sS", "--max-time", "10"] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20)
    return p


def curl_headers(text):
    """Header dict (lowercase names) and status of curl -D output."""
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    lines = blocks[-1].split("\n") if blocks else [""]
    m = re.match(r"HTTP/\S+ (\d{3})", lines[0])
    h = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            h[k.strip().lower()] = v.strip()
    return (int(m.group(1)) if m else None), h


# ---- tests ---------------------------------------------------------------------

def t_routes_curl(c):
    """Every route with curl: status, Content-Type, ETag, Last-Modified,
    Vary, the exact bytes; HEAD has the same headers and no body."""
    if not c.check(shutil.which("curl") is not None, "curl is installed (make deps)"):
        return
    for fname in FILES:
        path = "/" + fname
        body_file = os.path.join(c.tmp, "body")
        p = curl(c, "-D", "-", "-o", body_file, c.url(path))
        status, h = curl_headers(p.stdout.decode("utf-8", "replace"))
        with open(body_file, "rb") as f:
            body = f.read()
        want = c.versions["A"][fname]
        c.check(status == 200, "GET %s is 200" % path, p.stdout[:300])
        c.check(h.get("content-type") == TYPES[path], "GET %s is %s" % (path, TYPES[path]), h)
        c.check(body == want, "GET %s returns the file's bytes" % path,
                "%d bytes, want %d" % (len(body), len(want)))
        c.check(h.get("etag") == etag_of(want),
                "GET %s has a strong quoted ETag from the content" % path, h.get("etag"))
        lm = time.strftime("%a, %d %b %Y %H:%M:%S GMT",
                           time.gmtime(int(os.stat(os.path.join(c.dir, fname)).st_mtime)))
        c.check(h.get("last-modified") == lm, "GET %s has Last-Modified (the file's mtime)" % path,
                "%s, want %s" % (h.get("last-modified"), lm))
        c.check(h.get("vary") == "Accept-Encoding", "GET %s has Vary: Accept-Encoding" % path, h)
        c.check("content-encoding" not in h, "GET %s without Accept-Encoding is not compressed" % path, h)
        p = curl(c, "-I", c.url(path))
        hstatus, hh = curl_headers(p.stdout.decode("utf-8", "replace"))
        same = {k: v for k, v in h.items() if k != "date"} == {k: v for k, v in hh.items() if k != "date"}
        c.check(hstatus == 200 and same, "HEAD %s has the GET's status and headers" % path,
                "GET %r\nHEAD %r" % (h, hh))
    status, _, body = c.get("/calendar.ics", method="HEAD")
    c.check(status == 200 and body == b"", "HEAD has no body (http.client)", len(body))


def t_conditional(c):
    """304 for If-None-Match (exact, W/, lists, *) and If-Modified-Since;
    If-None-Match wins over If-Modified-Since."""
    path = "/atom.xml"
    status, h, body = c.get(path)
    etag, lm = h.get("etag"), h.get("last-modified")
    p = curl(c, "-o", "/dev/null", "-w", "%{http_code}", "-H", "If-None-Match: " + etag, c.url(path))
    c.check(p.stdout == b"304", "curl with If-None-Match gets 304", p.stdout + p.stderr)
    p = curl(c, "-o", "/dev/null", "-w", "%{http_code}", "-z", lm, c.url(path))
    c.check(p.stdout == b"304", "curl -z (If-Modified-Since) gets 304", p.stdout + p.stderr)
    cases = [
        ({"If-None-Match": etag}, 304, "exact entity-tag"),
        ({"If-None-Match": "W/" + etag}, 304, "weak form W/ of the tag"),
        ({"If-None-Match": '"other", ' + etag}, 304, "list containing the tag"),
        ({"If-None-Match": "*"}, 304, "*"),
        ({"If-None-Match": '"other"'}, 200, "another tag"),
        ({"If-Modified-Since": lm}, 304, "If-Modified-Since the Last-Modified"),
        ({"If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT"}, 200, "If-Modified-Since long ago"),
        ({"If-Modified-Since": "not a date"}, 200, "an invalid If-Modified-Since is ignored"),
        ({"If-None-Match": '"other"', "If-Modified-Since": lm}, 200,
         "If-None-Match not matching wins over a matching If-Modified-Since"),
    ]
    for headers, want, what in cases:
        st, hh, b = c.get(path, headers=headers)
        ok = st == want and (b == b"" if want == 304 else b == body)
        if want == 304:
            ok = ok and hh.get("etag") == etag and hh.get("vary") == "Accept-Encoding"
        c.check(ok, "%s: %d" % (what, want), "%s %r" % (st, hh))
    st, hh, b = c.get("/rss.xml", headers={"If-None-Match": etag})
    c.check(st == 200, "another route's ETag does not match", st)
    # Two If-None-Match lines are one list (RFC 9110 5.3): the tag on the
    # second matches.
    for lines, want in (('If-None-Match: "other"\r\nIf-None-Match: %s\r\n' % etag, b"304"),
                        ('If-None-Match: "a"\r\nIf-None-Match: "b"\r\n', b"200")):
        sock = socket.create_connection(("127.0.0.1", c.port), timeout=10)
        sock.sendall(("GET %s HTTP/1.1\r\nHost: x\r\n%sConnection: close\r\n\r\n"
                      % (path, lines)).encode())
        reply = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            reply += chunk
        sock.close()
        c.check(reply.split(b" ")[1:2] == [want], "If-None-Match on two lines: %s" % want.decode(),
                reply[:200])


def t_gzip(c):
    """gzip only when asked, with its own ETag; the bytes decompress to
    the file."""
    import gzip as gz
    want = c.versions["A"]["atom.xml"]
    st, h, body = c.get("/atom.xml", headers={"Accept-Encoding": "gzip"})
    c.check(st == 200 and h.get("content-encoding") == "gzip", "Accept-Encoding: gzip gets gzip", h)
    c.check(st == 200 and gz.decompress(body) == want, "the gzip body decompresses to the file")
    c.check(h.get("etag") not in (None, etag_of(want)) and h.get("vary") == "Accept-Encoding",
            "the gzip representation has its own ETag and Vary", h)
    st2, h2, _ = c.get("/atom.xml", headers={"Accept-Encoding": "gzip",
                                              "If-None-Match": h.get("etag", "")})
    c.check(st2 == 304 and h2.get("etag") == h.get("etag"), "the gzip ETag revalidates to 304", st2)
    for ae in ("gzip;q=0", "identity", "br"):
        st, h, body = c.get("/atom.xml", headers={"Accept-Encoding": ae})
        c.check("content-encoding" not in h and body == want,
                "Accept-Encoding: %s is not compressed" % ae, h)
    p = curl(c, "--compressed", "-D", "-", "-o", os.path.join(c.tmp, "gz"), c.url("/atom.xml"))
    _, h = curl_headers(p.stdout.decode("utf-8", "replace"))
    with open(os.path.join(c.tmp, "gz"), "rb") as f:
        c.check(h.get("content-encoding") == "gzip" and f.read() == want,
                "curl --compressed gets gzip and the file's bytes", h)


def t_not_found(c):
    """Anything but the five routes is 404; the query string is ignored;
    a missing file is a 404 for its route only."""
    for path in ("/index.html", "/calendar.ics/", "/CALENDAR.ICS", "/calendar", "/x",
                 "/events.json.bak", "/.calendar.ics.tmp", "/atom.xml%00", "/feed"):
        st, h, body = c.get(path)
        c.check(st == 404 and b"<feed" not in body, "GET %s is 404" % path, st)
    st, h, body = c.get("/calendar.ics?refresh=1")
    c.check(st == 200 and body == c.versions["A"]["calendar.ics"],
            "a query string is ignored: /calendar.ics?refresh=1 is 200", st)
    st, h, body = c.get("/")
    c.check(st == 404, "/ is 404 while index.html is not built", st)
    st, h, body = c.get("/%63alendar.ics")
    c.check(st == 200 and body == c.versions["A"]["calendar.ics"],
            "a percent-encoded letter names the same route", st)


def t_methods(c):
    """Other methods: 405 with Allow: GET, HEAD."""
    for m in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        st, h, body = c.get("/calendar.ics", method=m)
        c.check(st == 405 and h.get("allow") == "GET, HEAD", "%s is 405 with Allow" % m, "%s %r" % (st, h))
    p = curl(c, "-X", "POST", "--data-binary", "x" * 100000, "-o", "/dev/null", "-w", "%{http_code}",
             c.url("/calendar.ics"))
    c.check(p.stdout == b"405", "curl POST with a 100 kB body is 405", p.stdout + p.stderr)
    st, _, _ = c.get("/calendar.ics")
    c.check(st == 200, "served after the refused uploads", st)


def t_traversal(c):
    """Path traversal and encoded variants never reach a file."""
    secret = os.path.join(c.tmp, "secret.txt")
    with open(secret, "w") as f:
        f.write("TOP-SECRET-%d\n" % os.getpid())
    targets = ["/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd",
               "/calendar.ics/../..", "/..%2f..%2fetc%2fpasswd", "/%2e%2e%2fsecret.txt",
               "/../secret.txt", "/./calendar.ics/../../secret.txt", "/..\\..\\etc\\passwd",
               "/calendar.ics%00.txt", "/%252e%252e/etc/passwd", "/out/../secret.txt",
               "/" + "../" * 20 + "etc/passwd", "http://127.0.0.1/../etc/passwd"]
    for t in targets:
        st, reply = c.raw(b"GET " + t.encode() + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        leaked = b"root:" in reply or b"TOP-SECRET" in reply or b"BEGIN:VCALENDAR" in reply
        c.check(st in (400, 404) and not leaked, "GET %s is %s, nothing leaks" % (t, st),
                reply[:300])


def t_real_clients(c):
    """feedparser (bozo 0, entries; 304 with etag and with modified) and
    python3-icalendar over HTTP, under the system python."""
    py = "/usr/bin/python3" if os.access("/usr/bin/python3", os.X_OK) else sys.executable
    p = subprocess.run([py, "-c", CLIENT, c.url("/")], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    import json
    try:
        out = json.loads(p.stdout.decode("utf-8"))
    except ValueError:
        c.check(False, "feedparser and icalendar client runs", p.stdout[-500:] + p.stderr[-1500:])
        return
    if not c.check("error" not in out, "feedparser and icalendar are importable", out.get("error")):
        return
    a = c.versions["A"]
    for name, tag in (("atom.xml", b"<entry>"), ("rss.xml", b"<item>")):
        d = out[name]
        n = a[name].count(tag)
        c.check(d["status"] == 200 and not d["bozo"], "feedparser reads %s over HTTP, bozo 0" % name, d)
        c.check(d["entries"] == n and n >= 3, "feedparser finds %d entries in %s" % (n, name), d["entries"])
        c.check(any("Water Forum" in t for t in d["titles"]), "%s: a title reads 'Water Forum'" % name,
                d["titles"])
        c.check(d["etag_status"] == 304, "feedparser with etag gets 304 for %s" % name, d)
        c.check(d["modified_status"] == 304, "feedparser with modified gets 304 for %s" % name, d)
    ics = out["calendar.ics"]
    n = a["calendar.ics"].count(b"BEGIN:VEVENT")
    c.check(ics["ctype"] == TYPES["/calendar.ics"], "urllib sees text/calendar", ics["ctype"])
    c.check(ics["events"] == n and n >= 3, "python3-icalendar parses %d events from HTTP" % n, ics)


def t_oversized_headers(c):
    """A request whose headers do not fit the connection's memory is
    refused with 431 (or 400); the server goes on serving."""
    for what, hdrs, want in (("one 40 kB header", b"X-Big: " + b"a" * 40000 + b"\r\n", 431),
                             ("2,000 small headers",
                              b"".join(b"X-H%d: v\r\n" % i for i in range(2000)), 431),
                             ("a 40 kB request target", None, 414)):
        if hdrs is None:
            req = b"GET /" + b"a" * 40000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
        else:
            req = b"GET /calendar.ics HTTP/1.1\r\nHost: x\r\n" + hdrs + b"\r\n"
        try:
            st, reply = c.raw(req)
        except OSError as e:
            st, reply = None, str(e).encode()
        c.check(st == want, "%s: refused with %d" % (what, want), reply[:200])
    st, reply = c.raw(b"GET /calendar.ics HTTP/1.1\r\nConnection: close\r\n\r\n")
    c.check(st == 400, "HTTP/1.1 without Host: 400", reply[:200])
    st, _, _ = c.get("/calendar.ics")
    c.check(st == 200, "served after oversized requests", st)


def _open_many(n, src, port):
    socks = []
    for _ in range(n):
        s = socket.socket()
        s.setblocking(False)
        s.bind((src, 0))
        s.connect_ex(("127.0.0.1", port))
        socks.append(s)
    return socks


def _closed_by_peer(s):
    try:
        b = s.recv(1)
        return b == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def t_thousand(c):
    """1,000 connections open at once (ten addresses, 100 each): another
    client is served while they are open, then each gets a whole 200.

    It runs on a server of its own whose log is a pipe that nobody reads
    until the end, as a log that cannot keep up: requests must not wait
    for it (a worker blocked writing its access line would stall all its
    connections). Its request deadline is 30 s: the suite's 4 s one is for
    slowloris, and on a loaded machine the kernel may hold some of 1,000
    connections back for seconds (a full accept queue drops SYNs, which
    come again after 1 s and 3 s). At the end the log holds every line."""
    main = (c.proc, c.port, c.banner)
    r, w = os.pipe()
    got = []
    try:
        c.proc = subprocess.Popen(
            [c.binary, "serve", "--dir", c.dir, "--port", "0", "--poll", "0.2",
             "--timeout", "30", "--max-per-ip", str(PER_IP)],
            stdout=subprocess.PIPE, stderr=w)
        os.close(w)
        w = None
        m = re.search(r"http://127\.0\.0\.1:(\d+)/",
                      c.proc.stdout.readline().decode("utf-8", "replace"))
        if not m:
            c.check(False, "the server with a stalled log starts")
            return
        c.port = int(m.group(1))
        for _ in range(6):
            c.proc.stdout.readline()
        _thousand(c)
    finally:
        def drain():
            while True:
                b = os.read(r, 65536)
                if not b:
                    break
                got.append(b)
        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        rc = None
        if c.proc and c.proc.poll() is None:
            c.proc.terminate()
            try:
                rc = c.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                c.proc.kill()
                c.proc.wait()
        if w is not None:
            os.close(w)
        reader.join(10)
        os.close(r)
        c.proc, c.port, c.banner = main
    log = b"".join(got).decode("utf-8", "replace")
    lines = len(re.findall(r"^\S+ 127\.0\.0\.2\d GET /calendar\.ics 200 ", log, re.M))
    c.check(rc == 0 and lines == 1000 and "left out" not in log,
            "the stalled log gets all 1,000 access lines once read, and the server exits 0",
            "exit %r, %d lines; end of log: %s" % (rc, lines, log[-600:]))


def _server_sockets(port):
    """The server's side of its connections, for whoever reads a failure:
    how many in each state, and how many hold bytes it has not read."""
    if not shutil.which("ss"):
        return ""
    p = subprocess.run(["ss", "-tnH", "sport", "=", ":%d" % port],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=10)
    states = {}
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        f = line.split()
        if len(f) >= 2:
            k = f[0] + (" with unread bytes" if f[1] != "0" else "")
            states[k] = states.get(k, 0) + 1
    return "; after 5 s, the server's sockets: %r" % sorted(states.items())


def _thousand(c):
    want = c.versions["A"]["calendar.ics"]
    socks = []
    try:
        for a in range(10):
            socks += _open_many(100, "127.0.0.%d" % (20 + a), c.port)
        sel = selectors.DefaultSelector()
        for s in socks:
            sel.register(s, selectors.EVENT_WRITE)
        t0 = time.time()
        st, _, body = c.get("/calendar.ics", timeout=5)
        c.check(st == 200 and body == want,
                "a client is served while 1,000 connections are open (%.2fs)" % (time.time() - t0), st)
        req = b"GET /calendar.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        bufs = {s: bytearray() for s in socks}
        errors = []
        pending = len(socks)
        deadline = time.time() + 45
        stuck = ""
        while pending and time.time() < deadline:
            if not stuck and pending and time.time() - t0 > 5:
                stuck = _server_sockets(c.port)
            for key, ev in sel.select(timeout=1):
                s = key.fileobj
                if ev & selectors.EVENT_WRITE:
                    try:
                        s.send(req)
                        sel.modify(s, selectors.EVENT_READ)
                    except OSError as e:
                        errors.append(str(e))
                        sel.unregister(s)
                        pending -= 1
                    continue
                try:
                    b = s.recv(262144)
                except BlockingIOError:
                    continue
                except OSError as e:
                    errors.append(str(e))
                    b = b""
                if b:
                    bufs[s] += b
                else:
                    sel.unregister(s)
                    pending -= 1
        good, empty, other = 0, 0, {}
        for s, b in bufs.items():
            head, _, body = bytes(b).partition(b"\r\n\r\n")
            if head.startswith(b"HTTP/1.1 200") and body == want:
                good += 1
            elif not b:
                empty += 1
            else:
                key = "%s (%d of %d body bytes)" % (head.split(b"\r\n")[0][:40], len(body), len(want))
                other[key] = other.get(key, 0) + 1
        c.check(good == 1000, "1,000 concurrent requests: %d got a whole 200 (%.1fs)"
                % (good, time.time() - t0),
                "errors: %r, pending %d, closed with nothing: %d, other replies: %r%s"
                % (errors[:5], pending, empty, sorted(other.items())[:5], stuck))
    finally:
        for s in socks:
            s.close()


def t_flood_one_address(c):
    """One address opening more than --max-per-ip connections: the extra
    ones are closed, and another address is served."""
    socks = _open_many(PER_IP + 100, "127.0.0.60", c.port)
    try:
        time.sleep(1.0)
        closed = sum(1 for s in socks if _closed_by_peer(s))
        c.check(closed >= 100, "%d connections over the per-address limit of %d are closed"
                % (closed, PER_IP), "closed %d of %d" % (closed, len(socks)))
        c.check(closed <= 100 + 5, "connections within the per-address limit stay open",
                "closed %d of %d" % (closed, len(socks)))
        st, _, _ = c.get("/atom.xml", timeout=5)
        c.check(st == 200, "another address is served during the flood", st)
    finally:
        for s in socks:
            s.close()


def t_slowloris(c):
    """Slowloris: connections that hold a partial request open, silent or
    sending a header byte every 0.3 s (never idle), are closed after
    --timeout while other clients are served."""
    def partial(n, src):
        out = []
        for _ in range(n):
            s = socket.create_connection(("127.0.0.1", c.port), timeout=5,
                                         source_address=(src, 0))
            s.sendall(b"GET /calendar.ics HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            s.setblocking(False)
            out.append(s)
        return out
    silent = partial(50, "127.0.0.70")
    trickle = partial(20, "127.0.0.71")
    try:
        t0 = time.time()
        served = []
        closed_at = {"silent": None, "trickle": None}
        open_before = None
        while time.time() - t0 < TIMEOUT + 5:
            for s in trickle:
                try:
                    s.send(b"a")
                except OSError:
                    pass
            if time.time() - t0 < TIMEOUT - 1:
                st, _, body = c.get("/calendar.ics", timeout=5)
                served.append(st == 200 and body == c.versions["A"]["calendar.ics"])
            elif open_before is None:
                open_before = (sum(1 for s in silent if not _closed_by_peer(s)),
                               sum(1 for s in trickle if not _closed_by_peer(s)))
            for kind, socks in (("silent", silent), ("trickle", trickle)):
                if closed_at[kind] is None and all(_closed_by_peer(s) for s in socks):
                    closed_at[kind] = time.time() - t0
            if closed_at["silent"] is not None and closed_at["trickle"] is not None:
                break
            time.sleep(0.3)
        c.check(served and all(served), "%d requests served while 70 partial requests are held"
                % len(served), served)
        c.check(open_before == (50, 20), "the partial requests are still open before the timeout",
                open_before)
        c.check(closed_at["silent"] is not None, "50 silent partial requests are closed after "
                "--timeout %d (%.1fs)" % (TIMEOUT, closed_at["silent"] or -1))
        c.check(closed_at["trickle"] is not None, "20 partial requests sending a byte every 0.3 s "
                "are closed after --timeout %d (%.1fs)" % (TIMEOUT, closed_at["trickle"] or -1))
    finally:
        for s in silent + trickle:
            s.close()


def t_index_appears(c):
    """index.html written later is served at / after the next polls, and
    a removed one is a 404 again."""
    with open(os.path.join(c.dir, "index.html"), "wb") as f:
        f.write(INDEX)
    t0 = time.time()
    st = None
    while time.time() - t0 < 5:
        st, h, body = c.get("/")
        if st == 200:
            break
        time.sleep(0.1)
    c.check(st == 200 and body == INDEX and h.get("content-type") == TYPES["/"],
            "index.html written later is served at / (%.1fs)" % (time.time() - t0), st)
    os.unlink(os.path.join(c.dir, "index.html"))
    t0 = time.time()
    while time.time() - t0 < 5:
        st, h, body = c.get("/")
        if st == 404:
            break
        time.sleep(0.1)
    c.check(st == 404, "index.html removed: / is 404 again", st)
    st, _, _ = c.get("/events.json")
    c.check(st == 200, "other routes unaffected", st)
    fifo = os.path.join(c.dir, "index.html")
    os.mkfifo(fifo)
    try:
        t0 = time.time()
        while time.time() - t0 < 5 and "index.html: not a regular file" not in c.log():
            time.sleep(0.1)
        st, _, _ = c.get("/", timeout=5)
        st2, _, _ = c.get("/atom.xml", timeout=5)
        c.check("index.html: not a regular file (still serving the previous files)" in c.log()
                and st == 404 and st2 == 200,
                "a FIFO named index.html is refused without hanging the server", (st, st2))
        tmp = os.path.join(c.dir, ".atom.tmp")
        with open(tmp, "wb") as f:
            f.write(c.versions["B"]["atom.xml"])
        os.replace(tmp, os.path.join(c.dir, "atom.xml"))
        t0 = time.time()
        body = b""
        while time.time() - t0 < 5 and body != c.versions["B"]["atom.xml"]:
            time.sleep(0.1)
            _, _, body = c.get("/atom.xml", timeout=5)
        c.check(body == c.versions["B"]["atom.xml"],
                "while the FIFO is there, a changed atom.xml is still loaded")
    finally:
        os.unlink(fifo)
        c.install("A")


def _hammer(c, stop, seen, failures, paths):
    conn = None
    i = 0
    while not stop.is_set():
        path = paths[i % len(paths)]
        i += 1
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", c.port, timeout=10)
            conn.request("GET", path)
            r = conn.getresponse()
            body = r.read()
            etag = r.getheader("ETag")
            if r.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException) as e:
            failures.append("%s: %r" % (path, e))
            conn = None
            continue
        name = path[1:]
        version = [v for v, files in c.versions.items() if files[name] == body]
        if r.status != 200 or not version:
            failures.append("%s: status %d, %d bytes, not a whole version" % (path, r.status, len(body)))
        elif etag != etag_of(body):
            failures.append("%s: ETag %s does not belong to the body" % (path, etag))
        else:
            seen.add((name, version[0]))
    if conn:
        conn.close()


def _swap_run(c, in_place, seconds):
    stop = threading.Event()
    seen, failures = set(), []
    paths = ["/calendar.ics", "/atom.xml", "/rss.xml", "/events.json"]
    threads = [threading.Thread(target=_hammer, args=(c, stop, seen, failures, paths))
               for _ in range(2)]
    for t in threads:
        t.start()
    swaps = 0
    t0 = time.time()
    try:
        while time.time() - t0 < seconds:
            tag = "B" if swaps % 2 == 0 else "A"
            c.install(tag, in_place=in_place)
            swaps += 1
            time.sleep(1.0 if in_place else 0.7)
    finally:
        stop.set()
        for t in threads:
            t.join(30)
    return swaps, seen, failures


def t_rebuild_swap(c):
    """Files replaced by rename in a loop while two clients hammer: no
    failed request, every body a whole version with its own ETag."""
    swaps, seen, failures = _swap_run(c, False, 3.5)
    c.check(not failures, "%d swaps by rename under load: no failed or partial response" % swaps,
            "%d failures, e.g. %r" % (len(failures), failures[:5]))
    c.check(("atom.xml", "A") in seen and ("atom.xml", "B") in seen,
            "both versions were served during the swaps", sorted(seen))
    c.install("A")


def t_rewrite_in_place(c):
    """Files rewritten in place (truncate, then write) while clients
    hammer: the server waits for a file to settle, so no body is ever
    empty or cut."""
    swaps, seen, failures = _swap_run(c, True, 3.0)
    c.check(not failures, "%d rewrites in place under load: no failed or partial response" % swaps,
            "%d failures, e.g. %r" % (len(failures), failures[:5]))
    c.check(("calendar.ics", "B") in seen, "the rewritten version was served", sorted(seen))
    c.install("A")


def t_access_log(c):
    """One line per request on stderr: time, client, method, target,
    status, bytes, duration; control bytes escaped."""
    st, _, body = c.get("/events.json")
    c.raw(b"GET /x%0aFAKE\x01LINE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    time.sleep(0.3)
    log = c.log()
    pat = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ 127\.0\.0\.1 GET /events\.json 200 %d \d+\.\d{3}ms$" % len(body)
    c.check(re.search(pat, log, re.M), "an access log line for GET /events.json", log[-600:])
    c.check(re.search(r" GET /x%0aFAKE\\x01LINE 404 ", log) and not re.search(r"^LINE", log, re.M),
            "a control byte in the target is escaped in the log", log[-600:])
    c.check(re.search(r"^chronicle: generation \d+: calendar\.ics \d+ B", log, re.M),
            "each generation is logged", log[:400])


def t_usage(c):
    """Bad invocations: usage errors exit 2, an unusable folder or port 1."""
    b = c.binary
    cases = [([b, "serve"], 2, "no --dir"),
             ([b, "serve", "--dir", c.dir, "--bind", "localhost"], 2, "a host name for --bind"),
             ([b, "serve", "--dir", c.dir, "--port", "70000"], 2, "port out of range"),
             ([b, "serve", "--dir", c.dir, "--poll", "0"], 2, "--poll 0"),
             ([b, "serve", "--dir", c.dir, "x.feed"], 2, "a feed and --dir"),
             ([b, "serve", os.path.join(c.tmp, "none.feed")], 1, "a missing feed file"),
             ([b, "serve", "--dir", os.path.join(c.tmp, "nope")], 1, "a missing folder"),
             ([b, "serve", "--dir", c.dir, "--port", str(c.port)], 1, "a port in use")]
    for argv, want, what in cases:
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=10)
        err = p.stderr.decode("utf-8", "replace")
        c.check(p.returncode == want and err.startswith("chronicle: "),
                "%s: exit %d with a message" % (what, want), "%d %s" % (p.returncode, err))
    p = subprocess.run([b, "serve", "--help"], stdout=subprocess.PIPE, timeout=10)
    c.check(p.returncode == 0 and b"--dir" in p.stdout, "serve --help on stdout, exit 0")
    c.check("webcal://127.0.0.1:%d/calendar.ics" % c.port in c.banner,
            "the subscription URLs are printed at start (http and webcal)", c.banner)


def t_library_on_demand(c):
    """libmicrohttpd is opened when a server starts, not linked: the other
    verbs never load GnuTLS. A library that cannot be opened stops serve
    with a message that names it, and leaves the other verbs working."""
    p = subprocess.run(["readelf", "-d", c.binary], stdout=subprocess.PIPE, timeout=10)
    needed = re.findall(rb"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", p.stdout)
    c.check(p.returncode == 0 and needed and
            not any(n.startswith((b"libmicrohttpd", b"libgnutls")) for n in needed),
            "the binary does not need libmicrohttpd or GnuTLS", needed)
    # An empty file where the loader looks first: dlopen refuses it.
    libdir = os.path.join(c.tmp, "badlib")
    os.makedirs(libdir, exist_ok=True)
    for name in ("libmicrohttpd.so.12", "libmicrohttpd.so.10", "libmicrohttpd.so"):
        open(os.path.join(libdir, name), "wb").close()
    env = dict(os.environ, LD_LIBRARY_PATH=libdir)
    p = subprocess.run([c.binary, "serve", "--dir", c.dir, "--port", "0"], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=10)
    err = p.stderr.decode("utf-8", "replace")
    c.check(p.returncode == 1 and re.match(r"chronicle: .*cannot load libmicrohttpd\.so", err)
            and p.stdout == b"",
            "a library that cannot be opened: exit 1, the message names it, nothing served",
            "%d %r" % (p.returncode, err))
    p = subprocess.run([c.binary, "extract", "--ref", "2026-11-01", "-"], env=env,
                       input=b"The forum opens on 14 April 2027.\n",
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=10)
    c.check(p.returncode == 0 and b'"2027-04-14"' in p.stdout,
            "extract does not need it", p.stdout + p.stderr)


def t_sigterm(c):
    """SIGTERM: exit 0 with a log line, and the port is closed."""
    c.proc.send_signal(signal.SIGTERM)
    try:
        rc = c.proc.wait(10)
    except subprocess.TimeoutExpired:
        c.proc.kill()
        rc = None
    log = c.log()
    c.check(rc == 0, "SIGTERM: exit status 0", rc)
    c.check("SIGTERM received, shutting down" in log and log.rstrip().endswith("chronicle: stopped"),
            "SIGTERM: shutdown is logged", log[-300:])
    try:
        socket.create_connection(("127.0.0.1", c.port), timeout=2).close()
        refused = False
    except OSError:
        refused = True
    c.check(refused, "the port is closed after shutdown")


def signalled(c, sig):
    """Starts a server of its own, fetches one route, sends it sig;
    returns the fetch's status, the exit status (None: it did not exit
    within 10 s) and the log."""
    if c.proc and c.proc.poll() is None:
        # A filtered run skips t_sigterm: the first server would be left
        # running, its Popen forgotten, for ever after the run.
        c.proc.kill()
        c.proc.wait()
    c.start()
    st, _, _ = c.get("/rss.xml")
    c.proc.send_signal(sig)
    try:
        rc = c.proc.wait(10)
    except subprocess.TimeoutExpired:
        c.proc.kill()
        rc = None
    return st, rc, c.log()


def t_sigint(c):
    """SIGINT on a second server: exit 0."""
    st, rc, log = signalled(c, signal.SIGINT)
    c.check(st == 200 and rc == 0 and "SIGINT received" in log, "SIGINT: served, then exit 0", rc)


def t_sighup(c):
    """SIGHUP (the terminal closed) on a third server: the same clean stop,
    exit 0 and the log's last line, not death by the signal."""
    st, rc, log = signalled(c, signal.SIGHUP)
    c.check(st == 200 and rc == 0 and "SIGHUP received, shutting down" in log and
            log.rstrip().endswith("chronicle: stopped"), "SIGHUP: served, then exit 0",
            "%r %r" % (rc, log[-300:]))


def t_feed(c):
    """`serve FEED`: builds the feed at start, serves its outputs, and a
    source added later reaches the calendar at the next poll."""
    root = os.path.join(c.tmp, "feed")
    os.makedirs(os.path.join(root, "src"))
    with open(os.path.join(root, "src", "a.txt"), "w", encoding="utf-8") as f:
        f.write("GENEVA, 2 March 2026 -- The council will meet on 14 April 2026 "
                "in Geneva to adopt its budget.\n")
    with open(os.path.join(root, "t.feed"), "w", encoding="utf-8") as f:
        f.write("title = serve feed test\nbase_url = https://example.org/cal/\n"
                "sources = src/\noutput = out\npoll = 1s\n")
    log = open(os.path.join(c.tmp, "feed.log"), "wb")
    p = subprocess.Popen([c.binary, "serve", "--port", "0", "-q",
                          os.path.join(root, "t.feed")],
                         stdout=subprocess.PIPE, stderr=log)
    log.close()
    try:
        banner = p.stdout.readline().decode("utf-8", "replace")
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", banner)
        c.check(m is not None, "serve FEED prints its address", banner)
        if not m:
            return
        rest = b"".join(p.stdout.readline() for _ in range(12)).decode("utf-8", "replace")
        c.check("webcal://example.org/cal/calendar.ics" in rest,
                "serve FEED prints the public webcal address from base_url", rest)
        port = int(m.group(1))

        def fetch():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                conn.request("GET", "/calendar.ics")
                r = conn.getresponse()
                return r.status, r.read().decode("utf-8", "replace")
            finally:
                conn.close()
        st, body = fetch()
        c.check(st == 200 and "DTSTART;VALUE=DATE:20260414" in body and
                body.count("BEGIN:VEVENT") == 1,
                "the feed is built before serving: its one event is there", body[:800])
        with open(os.path.join(root, "src", "b.txt"), "w", encoding="utf-8") as f:
            f.write("NAIROBI, 3 March 2026 -- The summit will take place on "
                    "9 June 2026 in Nairobi.\n")
        deadline = time.time() + 15
        while time.time() < deadline:
            st, body = fetch()
            if "DTSTART;VALUE=DATE:20260609" in body:
                break
            time.sleep(0.3)
        c.check(st == 200 and "DTSTART;VALUE=DATE:20260609" in body and
                body.count("BEGIN:VEVENT") == 2,
                "a source added while serving reaches the calendar at a poll", body[:800])
    finally:
        p.terminate()
        try:
            c.check(p.wait(10) == 0, "serve FEED exits 0 on SIGTERM")
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            c.check(False, "serve FEED exits 0 on SIGTERM", "it did not stop")


def t_dir_gone(c):
    """The served folder itself gone (moved away or deleted, as a deploy
    that replaces it does) is a problem to log, not five files deleted:
    the last files go on being served, not 404, until it is back."""
    d = os.path.join(c.tmp, "gone")
    os.makedirs(d)
    for name in ("calendar.ics", "atom.xml"):
        with open(os.path.join(d, name), "w") as f:
            f.write("first " + name + "\n")
    log_path = os.path.join(c.tmp, "gone.log")
    log = open(log_path, "wb")
    p = subprocess.Popen([c.binary, "serve", "--port", "0", "-q", "--poll", "0.2",
                          "--dir", d], stdout=subprocess.PIPE, stderr=log)
    log.close()
    try:
        banner = p.stdout.readline().decode("utf-8", "replace")
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", banner)
        if not c.check(m is not None, "folder gone: serve --dir prints its address", banner):
            return
        port = int(m.group(1))

        def fetch(path):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                conn.request("GET", path)
                r = conn.getresponse()
                return r.status, r.read()
            finally:
                conn.close()
        os.rename(d, d + ".away")
        time.sleep(1.5)
        got = [fetch("/calendar.ics"), fetch("/atom.xml")]
        with open(log_path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        c.check(got == [(200, b"first calendar.ics\n"), (200, b"first atom.xml\n")] and
                "gone: No such file or directory (still serving the previous files)" in text,
                "folder gone: its last files are still served, and the log says why",
                "%r\n%s" % (got, text[-600:]))
        os.rename(d + ".away", d)
        with open(os.path.join(d, "calendar.ics.new"), "w") as f:
            f.write("second calendar.ics\n")
        os.rename(os.path.join(d, "calendar.ics.new"), os.path.join(d, "calendar.ics"))
        deadline = time.time() + 10
        while time.time() < deadline and fetch("/calendar.ics")[1] != b"second calendar.ics\n":
            time.sleep(0.2)
        c.check(fetch("/calendar.ics") == (200, b"second calendar.ics\n"),
                "folder gone: once it is back, its files are served again")
    finally:
        p.terminate()
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def t_feed_locked(c):
    """Another build holding the feed's lock (a build that hangs, or was
    stopped with ^Z) does not hold up the server: it starts, serves what
    the folder has, says why it did not build, answers SIGTERM, and builds
    at a poll once the lock is free."""
    import fcntl
    root = os.path.join(c.tmp, "feed-locked")
    os.makedirs(os.path.join(root, "src"))
    os.makedirs(os.path.join(root, "out"))
    with open(os.path.join(root, "src", "a.txt"), "w", encoding="utf-8") as f:
        f.write("GENEVA, 2 March 2026 -- The council will meet on 14 April 2026 "
                "in Geneva to adopt its budget.\n")
    with open(os.path.join(root, "t.feed"), "w", encoding="utf-8") as f:
        f.write("title = locked test\nsources = src/\noutput = out\npoll = 1s\n")
    held = open(os.path.join(root, "out", ".chronicle.lock"), "a+")
    fcntl.lockf(held, fcntl.LOCK_EX)
    log_path = os.path.join(c.tmp, "feed-locked.log")
    log = open(log_path, "wb")
    p = subprocess.Popen([c.binary, "serve", "--port", "0", "-q",
                          os.path.join(root, "t.feed")],
                         stdout=subprocess.PIPE, stderr=log)
    log.close()
    stopped = False
    try:
        ready = select.select([p.stdout], [], [], 10)[0]
        banner = p.stdout.readline().decode("utf-8", "replace") if ready else ""
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", banner)
        with open(log_path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        c.check(m is not None and "another build of this feed is running" in text,
                "locked: the server starts while another build holds the lock, "
                "and says why it did not build", banner + text[-600:])
        if m:
            port = int(m.group(1))
            fcntl.lockf(held, fcntl.LOCK_UN)
            deadline = time.time() + 10
            body = ""
            while time.time() < deadline and "20260414" not in body:
                time.sleep(0.3)
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                try:
                    conn.request("GET", "/calendar.ics")
                    body = conn.getresponse().read().decode("utf-8", "replace")
                finally:
                    conn.close()
            c.check("DTSTART;VALUE=DATE:20260414" in body,
                    "locked: once the lock is free, a poll builds the feed", body[:300])
            fcntl.lockf(held, fcntl.LOCK_EX)
            time.sleep(1.5)
        p.terminate()
        try:
            c.check(p.wait(5) == 0, "locked: SIGTERM stops it while the lock is held")
            stopped = True
        except subprocess.TimeoutExpired:
            c.check(False, "locked: SIGTERM stops it while the lock is held",
                    "still running 5 s after SIGTERM")
    finally:
        held.close()
        if not stopped:
            p.kill()
            p.wait()


def t_feed_log_names(c):
    """A source's file name goes into the log as it is written to the
    log's other lines: a newline in it (any byte under 0x20) cannot start
    a line of its own, such as a forged access-log line."""
    root = os.path.join(c.tmp, "feed-names")
    os.makedirs(os.path.join(root, "src"))
    forged = "2026-12-01T00:00:00Z 10.0.0.1 GET \\admin 200 1 0.001ms"
    with open(os.path.join(root, "src", "x\n" + forged + "\ny.txt"), "wb") as f:
        f.write(b"\x00\x01binary\x00")
    with open(os.path.join(root, "t.feed"), "w", encoding="utf-8") as f:
        f.write("title = log names test\nsources = src/\noutput = out\npoll = 1s\n")
    log_path = os.path.join(c.tmp, "feed-names.log")
    log = open(log_path, "wb")
    p = subprocess.Popen([c.binary, "serve", "--port", "0", "-q",
                          os.path.join(root, "t.feed")],
                         stdout=subprocess.PIPE, stderr=log)
    log.close()
    try:
        p.stdout.readline()
        deadline = time.time() + 10
        text = ""
        while time.time() < deadline and text.count("binary file") < 2:
            time.sleep(0.3)
            with open(log_path, encoding="utf-8", errors="replace") as f:
                text = f.read()
        lines = text.splitlines()
        c.check(text.count("binary file") >= 2 and
                not any(line.startswith(forged[:20]) for line in lines) and
                all(line.startswith("chronicle: ") for line in lines) and
                "src/x\\x0a2026-12-01T00:00:00Z" in text,
                "log names: a newline in a source's name is written \\x0a", text[-800:])
    finally:
        p.terminate()
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def t_feed_failed_rebuild(c):
    """A rebuild that fails after renaming some outputs into place (here
    index.html, the last, cannot be replaced: a folder has its name) is
    logged, and the outputs it did write are served: they are whole, and
    the next rebuild would not write them again."""
    root = os.path.join(c.tmp, "feed-fail")
    os.makedirs(os.path.join(root, "src"))
    with open(os.path.join(root, "src", "a.txt"), "w", encoding="utf-8") as f:
        f.write("GENEVA, 2 March 2026 -- The council will meet on 14 April 2026 "
                "in Geneva to adopt its budget.\n")
    with open(os.path.join(root, "t.feed"), "w", encoding="utf-8") as f:
        f.write("title = failed rebuild test\nsources = src/\noutput = out\npoll = 1s\n")
    log_path = os.path.join(c.tmp, "feed-fail.log")
    log = open(log_path, "wb")
    p = subprocess.Popen([c.binary, "serve", "--port", "0", "-q",
                          os.path.join(root, "t.feed")],
                         stdout=subprocess.PIPE, stderr=log)
    log.close()
    try:
        banner = p.stdout.readline().decode("utf-8", "replace")
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", banner)
        if not c.check(m is not None, "failed rebuild: serve FEED prints its address", banner):
            return
        port = int(m.group(1))

        def fetch():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                conn.request("GET", "/calendar.ics")
                r = conn.getresponse()
                return r.status, r.read().decode("utf-8", "replace")
            finally:
                conn.close()
        out = os.path.join(root, "out")
        os.unlink(os.path.join(out, "index.html"))
        os.makedirs(os.path.join(out, "index.html", "keep"))
        with open(os.path.join(root, "src", "b.txt"), "w", encoding="utf-8") as f:
            f.write("NAIROBI, 3 March 2026 -- The summit will take place on "
                    "9 June 2026 in Nairobi.\n")
        deadline = time.time() + 15
        while time.time() < deadline:
            st, body = fetch()
            if "DTSTART;VALUE=DATE:20260609" in body:
                break
            time.sleep(0.3)
        with open(os.path.join(out, "calendar.ics"), "rb") as f:
            on_disk = f.read().decode("utf-8", "replace")
        with open(log_path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        c.check("DTSTART;VALUE=DATE:20260609" in on_disk and
                "index.html: Is a directory (still serving the previous files)" in text,
                "failed rebuild: it wrote calendar.ics, failed at index.html and logged why",
                text[-800:])
        c.check(st == 200 and body == on_disk,
                "failed rebuild: the calendar.ics it wrote is served",
                "served %d bytes, on disk %d" % (len(body), len(on_disk)))
    finally:
        p.terminate()
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def t_feed_preview(c):
    """`serve FEED --base-url URL` (what `make run PORT=...` does): the
    pages and feeds link to URL, while the event UIDs stay those of the
    feed file's base_url and the store keeps every event unchanged."""
    root = os.path.join(c.tmp, "preview")
    os.makedirs(os.path.join(root, "src"))
    with open(os.path.join(root, "src", "a.txt"), "w", encoding="utf-8") as f:
        f.write("OSLO, 2 March 2026 -- The forum will meet on 14 April 2026 in Oslo, "
                "and again on 3 May 2026 in Bergen.\n")
    feed = os.path.join(root, "t.feed")
    with open(feed, "w", encoding="utf-8") as f:
        f.write("title = preview test\nbase_url = https://example.org/cal/\n"
                "sources = src/\noutput = out\npoll = 1s\n")
    b = subprocess.run([c.binary, "build", feed], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=30)
    c.check(b.returncode == 0, "chronicle build of the preview feed", b.stderr)

    def uids_and_sequences(ics):
        lines = ics.replace("\r\n ", "").split("\r\n")
        return (sorted(l for l in lines if l.startswith("UID:")),
                sorted(l for l in lines if l.startswith("SEQUENCE:")))
    with open(os.path.join(root, "out", "calendar.ics"), encoding="utf-8", newline="") as f:
        built = uids_and_sequences(f.read())
    preview = "http://127.0.0.1:9/preview/"
    log = open(os.path.join(c.tmp, "preview.log"), "wb")
    p = subprocess.Popen([c.binary, "serve", "--port", "0", "-q", "--base-url", preview, feed],
                         stdout=subprocess.PIPE, stderr=log)
    log.close()
    try:
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", p.stdout.readline().decode("utf-8", "replace"))
        c.check(m is not None, "serve FEED --base-url prints its address")
        if not m:
            return
        port = int(m.group(1))

        def fetch(path):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                conn.request("GET", path)
                r = conn.getresponse()
                return r.status, r.read().decode("utf-8", "replace")
            finally:
                conn.close()
        st, page = fetch("/")
        c.check(st == 200 and 'href="webcal://127.0.0.1:9/preview/calendar.ics"' in page and
                'href="%satom.xml"' % preview in page and "example.org/cal" not in page,
                "the timeline's subscribe links point to --base-url", page[:1500])
        st, atom = fetch("/atom.xml")
        c.check(st == 200 and 'href="%satom.xml"' % preview in atom,
                "the Atom self link points to --base-url", atom[:800])
        st, ics = fetch("/calendar.ics")
        served = uids_and_sequences(ics)
        c.check(st == 200 and len(served[0]) == 2 and served == built,
                "the UIDs and sequences are those of the feed file's base_url",
                "built %r, served %r" % (built, served))
    finally:
        p.terminate()
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    for argv, why in ((["--dir", root, "--base-url", preview], "with --dir"),
                      (["--base-url", "ftp://example.org/", feed], "not http(s)"),
                      (["--base-url", "http://a b/", feed], "with a space"),
                      (["--base-url", "http://x.example/\x1b[2J", feed],
                       "with a control character")):
        r = subprocess.run([c.binary, "serve", "--port", "0"] + argv,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=10)
        c.check(r.returncode == 2 and b"--base-url" in r.stderr and b"\x1b" not in r.stderr
                and not r.stdout,
                "serve --base-url %s is a usage error (exit 2), the value not echoed" % why,
                r.stderr)


TESTS = [t_routes_curl, t_conditional, t_gzip, t_not_found, t_methods, t_traversal,
         t_real_clients, t_oversized_headers, t_flood_one_address, t_thousand, t_slowloris,
         t_index_appears, t_rebuild_swap, t_rewrite_in_place, t_access_log, t_usage,
         t_library_on_demand, t_dir_gone, t_feed, t_feed_locked, t_feed_log_names,
         t_feed_failed_rebuild,
         t_feed_preview]


def run_all(binary, res, filt="", big=True):
    names = [t.__name__[2:] for t in TESTS + [t_sigterm, t_sigint, t_sighup]]
    if filt and not any(filt in "serve " + n for n in names):
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < 4096:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(4096, hard), hard))
    tmp = tempfile.mkdtemp(prefix="chronicle-serve-")
    c = Ctx(binary, res, tmp)
    try:
        try:
            c.build("A", ARTICLES)
            c.build("B", dict(ARTICLES, **EXTRA))
            os.makedirs(c.dir)
            c.install("A")
            c.start()
        except Exception as e:  # a broken set-up is one failure, not a crash
            res.fail("serve setup", "%s\n%s" % (e, c.log()[-2000:]))
            return
        for t in TESTS + [t_sigterm]:
            c.name = t.__name__[2:]
            if filt and filt not in "serve " + c.name and filt not in "serve":
                continue
            try:
                t(c)
            except Exception as e:
                import traceback
                res.fail("serve %s" % c.name, "test raised %s\n%s" % (e, traceback.format_exc()))
        for name, t in (("sigint", t_sigint), ("sighup", t_sighup)):
            c.name = name
            try:
                t(c)
            except Exception as e:
                res.fail("serve " + name, "test raised %s" % e)
    finally:
        if c.proc and c.proc.poll() is None:
            c.proc.kill()
            c.proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
