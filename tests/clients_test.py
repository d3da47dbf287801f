"""Subscribing as a person would: newsboat and calcurse against
`chronicle serve feeds/example.feed` on 127.0.0.1.

The example feed (a copy, so that its store and outputs land in a
temporary folder) is built and served on a free port. newsboat, run
non-interactively with its own url file, config and cache, reloads the
Atom and the RSS URL (each into a fresh cache) and must list as many
items as the served feed has entries, with the same titles, and get a
304 when it reloads an unchanged feed. calcurse imports the served
calendar.ics with nothing skipped, keeps one item per VEVENT, and shows
the days and times that the articles give. xmllint, feedparser,
python3-icalendar and python3-vobject read the served files.
feedparser's 304s with etag and modified are tests/serve_test.py's.
"""

import http.client
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET

TIMEOUT = 60
ATOM = "{http://www.w3.org/2005/Atom}"


class Ctx:
    def __init__(self, binary, res, tmp):
        self.binary = binary
        self.res = res
        self.tmp = tmp
        self.name = ""
        self.port = None
        self.log_path = os.path.join(tmp, "serve.log")

    def check(self, cond, what, detail=""):
        return self.res.check(cond, "clients %s: %s" % (self.name, what), str(detail)[-3000:])

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def fetch(self, path):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            c.request("GET", path)
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def env(self, home):
        e = dict(os.environ)
        e.update(HOME=home, LANG="C.UTF-8", LC_ALL="C.UTF-8", TZ="UTC",
                 XDG_CONFIG_HOME=os.path.join(home, ".config"),
                 XDG_DATA_HOME=os.path.join(home, ".local", "share"))
        return e


def statuses(log, path):
    """The statuses the access log gives for GETs of path, in order."""
    return [int(s) for s in re.findall(r"^\S+ 127\.0\.0\.1 GET %s (\d+) " % re.escape(path),
                                       log, re.M)]


def newsboat(c, home, urls_file, *args):
    return subprocess.run(["newsboat", "-u", urls_file, "-c", os.path.join(home, "cache.db"),
                           "-C", os.path.join(home, "config")] + list(args),
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=c.env(home), cwd=home, timeout=TIMEOUT)


def t_newsboat(c):
    if not c.check(shutil.which("newsboat") is not None, "newsboat is installed (make deps)"):
        return
    for path in ("/atom.xml", "/rss.xml"):
        st, body = c.fetch(path)
        root = ET.fromstring(body)
        if path == "/atom.xml":
            titles = sorted(e.findtext(ATOM + "title") for e in root.iter(ATOM + "entry"))
            feed_title = root.findtext(ATOM + "title")
        else:
            titles = sorted(i.findtext("title") for i in root.iter("item"))
            feed_title = root.findtext("channel/title")
        n = len(titles)
        home = os.path.join(c.tmp, "newsboat" + path.replace("/", "-"))
        os.makedirs(home)
        urls = os.path.join(home, "urls")
        with open(urls, "w") as f:
            f.write(c.url(path) + "\n")
        with open(os.path.join(home, "config"), "w") as f:
            f.write("download-timeout 20\nreload-threads 1\nshow-read-feeds yes\n")
        p = newsboat(c, home, urls, "-x", "reload", "print-unread")
        out = p.stdout.decode("utf-8", "replace")
        m = re.search(r"(\d+) unread articles", out)
        c.check(p.returncode == 0 and m and int(m.group(1)) == n and n >= 20,
                "newsboat reloads %s and lists its %d items as unread" % (path, n),
                "exit %s\n%s\n%s" % (p.returncode, out, p.stderr.decode("utf-8", "replace")))
        db = sqlite3.connect(os.path.join(home, "cache.db"))
        try:
            got = sorted(r[0] for r in db.execute("SELECT title FROM rss_item WHERE feedurl = ?",
                                                  (c.url(path),)))
            ftitle = db.execute("SELECT title FROM rss_feed WHERE rssurl = ?",
                                (c.url(path),)).fetchone()
        finally:
            db.close()
        c.check(got == titles, "newsboat's cache holds the %d entries of %s, same titles"
                % (n, path), "cache %d, feed %d: %r" % (len(got), n,
                                                        sorted(set(got) ^ set(titles))[:5]))
        c.check(ftitle and ftitle[0] == feed_title == "chronicle example",
                "newsboat names the feed by its title", ftitle)
        # Unchanged feed: newsboat revalidates with If-None-Match and
        # If-Modified-Since (from its second reload on, once it has kept
        # the validators) and the server answers 304.
        before = len(statuses(c.log(), path))
        for _ in range(2):
            p = newsboat(c, home, urls, "-x", "reload", "print-unread")
        time.sleep(0.2)
        later = statuses(c.log(), path)[before:]
        out = p.stdout.decode("utf-8", "replace")
        c.check(304 in later and all(s in (200, 304) for s in later),
                "newsboat's later reloads of %s get 304" % path, later)
        c.check("%d unread articles" % n in out, "after the 304, still %d items, none doubled" % n,
                out)


def unfold(ics):
    lines = []
    for raw in ics.split("\r\n"):
        if raw.startswith(" ") and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    return lines


def calcurse(c, home, *args):
    return subprocess.run(["calcurse", "-D", os.path.join(home, "data")] + list(args),
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=c.env(home), cwd=home, timeout=TIMEOUT)


def t_calcurse(c):
    if not c.check(shutil.which("calcurse") is not None, "calcurse is installed (make deps)"):
        return
    st, body = c.fetch("/calendar.ics")
    c.check(st == 200, "the calendar is served", st)
    n = body.count(b"BEGIN:VEVENT")
    home = os.path.join(c.tmp, "calcurse")
    os.makedirs(os.path.join(home, "data"))
    ics = os.path.join(home, "calendar.ics")
    with open(ics, "wb") as f:
        f.write(body)
    p = calcurse(c, home, "-i", ics)
    out = p.stdout.decode("utf-8", "replace")
    m = re.search(r"(\d+) apps / (\d+) events / (\d+) todos / (\d+) skipped", out)
    c.check(p.returncode == 0 and m and int(m.group(4)) == 0 and int(m.group(3)) == 0 and
            int(m.group(1)) + int(m.group(2)) == n and n >= 20,
            "calcurse imports all %d VEVENTs of the served calendar, 0 skipped" % n,
            "exit %s\n%s\n%s" % (p.returncode, out, p.stderr.decode("utf-8", "replace")))
    with open(os.path.join(home, "data", "apts"), encoding="utf-8") as f:
        apts = [l for l in f.read().split("\n") if l.strip()]
    c.check(len(apts) == n, "calcurse keeps one item per VEVENT (%d)" % len(apts), len(apts))
    summaries = sorted(l.split(":", 1)[1].replace("\\,", ",").replace("\\;", ";")
                       .replace("\\\\", "\\")
                       for l in unfold(body.decode("utf-8")) if l.startswith("SUMMARY"))
    kept = sorted(re.sub(r"^.*?>[0-9a-f]{40} \|?", "", l) for l in apts)
    c.check(kept == summaries, "calcurse shows the calendar's summaries",
            sorted(set(kept) ^ set(summaries))[:6])
    # What the articles say, as calcurse shows it: the Geneva conference
    # "from 20 to 23 November 2026" covers the 21st, and "14:00 CET on
    # 25 May 2027" is 13:00 in UTC.
    p = calcurse(c, home, "-Q", "--from", "11/21/2026", "--days", "1")
    out = p.stdout.decode("utf-8", "replace")
    c.check("malaria vaccines" in out, "calcurse lists the 20-23 November conference on the 21st",
            out)
    p = calcurse(c, home, "-Q", "--from", "05/25/2027", "--days", "1")
    out = p.stdout.decode("utf-8", "replace")
    # A start time with no end lasts an hour in the calendar (README).
    c.check(re.search(r"13:00 -> 14:00\s+Nominations must be submitted", out) is not None,
            "calcurse has the 14:00 CET deadline of 25 May 2027 at 13:00 UTC", out)


# Under /usr/bin/python3, where Debian installs them: feedparser on the
# served Atom and RSS, icalendar and vobject on the served calendar.
VALIDATE = r'''
import json, sys, urllib.request
import feedparser, icalendar, vobject
base = sys.argv[1]
out = {}
for name in ("atom.xml", "rss.xml"):
    d = feedparser.parse(base + name)
    out[name] = {"status": d.get("status"), "bozo": bool(d.bozo),
                 "why": str(d.get("bozo_exception", "")), "entries": len(d.entries),
                 "incomplete": [e.get("id") for e in d.entries
                                if not (e.get("id") and e.get("title") and
                                        (e.get("updated_parsed") or e.get("published_parsed")))]}
body = urllib.request.urlopen(base + "calendar.ics").read()
cal = icalendar.Calendar.from_ical(body)
v = vobject.readOne(body.decode("utf-8"))
v.validate(raiseException=True)
out["calendar.ics"] = {"icalendar": len(list(cal.walk("VEVENT"))),
                       "vobject": len(v.contents.get("vevent", []))}
print(json.dumps(out))
'''


def t_validators(c):
    """The served example feed passes xmllint, feedparser (bozo 0, every
    entry with an id, a title and a date), python3-icalendar and
    python3-vobject's validate."""
    for path in ("/atom.xml", "/rss.xml"):
        st, body = c.fetch(path)
        p = subprocess.run(["xmllint", "--noout", "--nonet", "-"], input=body,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
        c.check(st == 200 and p.returncode == 0, "xmllint finds the served %s well-formed" % path,
                p.stderr.decode("utf-8", "replace"))
    st, body = c.fetch("/events.json")
    n = len(json.loads(body.decode("utf-8"))["items"])
    ics_n = c.fetch("/calendar.ics")[1].count(b"BEGIN:VEVENT")
    p = subprocess.run(["/usr/bin/python3", "-c", VALIDATE, c.url("/")], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=TIMEOUT)
    if not c.check(p.returncode == 0, "feedparser, icalendar and vobject read the served feed",
                   p.stderr.decode("utf-8", "replace")[-2000:]):
        return
    out = json.loads(p.stdout)
    for name in ("atom.xml", "rss.xml"):
        d = out[name]
        c.check(d["status"] == 200 and not d["bozo"] and d["entries"] == n and not d["incomplete"],
                "feedparser: %s bozo 0, all %d entries with id, title and date" % (name, n), d)
    c.check(out["calendar.ics"] == {"icalendar": ics_n, "vobject": ics_n},
            "icalendar and vobject (validate) read all %d events of calendar.ics" % ics_n,
            out["calendar.ics"])


TESTS = [t_validators, t_newsboat, t_calcurse]


def run_all(binary, res, filt="", big=True):
    names = ["clients " + t.__name__[2:] for t in TESTS]
    if filt and not any(filt in n for n in names):
        return
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    tmp = tempfile.mkdtemp(prefix="chronicle-clients-")
    c = Ctx(binary, res, tmp)
    proc = None
    try:
        shutil.copytree(os.path.join(root, "feeds"), os.path.join(tmp, "feeds"))
        log = open(c.log_path, "wb")
        proc = subprocess.Popen([binary, "serve", "--port", "0", "--poll", "60",
                                 os.path.join(tmp, "feeds", "example.feed")],
                                stdout=subprocess.PIPE, stderr=log)
        log.close()
        line = proc.stdout.readline().decode("utf-8", "replace")
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            res.fail("clients setup", "serve printed no address: %r\n%s" % (line, c.log()[-1500:]))
            return
        c.port = int(m.group(1))
        for t in TESTS:
            c.name = t.__name__[2:]
            if filt and filt not in "clients " + c.name:
                continue
            try:
                t(c)
            except Exception as e:  # a broken test is a failure, not a crash
                import traceback
                res.fail("clients %s" % c.name, "raised %s\n%s" % (e, traceback.format_exc()))
    finally:
        if proc and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
