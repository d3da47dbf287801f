"""Feed files, the store and `chronicle build`, called by tests/run.py.

Each test is a function t_NAME(c) working in its own temporary folder with
a feed file, article files and `chronicle build --now ...`. The outputs are
read back with the standard library: an iCalendar reader just big enough
for VEVENTs (unfolded lines, properties without parameters), xml.etree for
Atom and RSS, json for JSON Feed, sqlite3 for the store. None of these
tests needs the HTML or RSS readers: every article here is plain text.
"""

import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
import hashlib
import xml.etree.ElementTree as ET

TIMEOUT = 60
OUTPUTS = ("calendar.ics", "atom.xml", "rss.xml", "events.json", "index.html")

ART_A = ("GENEVA, 10 January 2027 - The summit will be held on 3-4 May 2027 "
         "in Geneva.\n\nA workshop is planned for 12 June 2027 in Lyon.\n")
ART_B = ("PARIS, 5 February 2027 - The festival opens on 20 March 2027; "
         "tickets are on sale now.\n")
ART_C = ("ROME, 8 February 2027 - The conference will take place on "
         "9-11 September 2027 in Rome.\n")

FEED = """; test feed
title = Store test
base_url = https://example.org/feed/
sources = arts
output = out
keep_cancelled = 30d
"""


class Ctx:
    def __init__(self, binary, res):
        self.binary = binary
        self.res = res
        self.name = ""
        self.tmp = None

    def check(self, cond, what, detail=""):
        return self.res.check(cond, "store %s: %s" % (self.name, what), detail)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def write(self, rel, text, mode="w"):
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, mode) as f:
            f.write(text)
        return p

    def run(self, args, env=None):
        e = dict(os.environ)
        e.pop("SOURCE_DATE_EPOCH", None)
        if env:
            e.update(env)
        p = subprocess.run([self.binary] + args, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=TIMEOUT,
                           cwd=self.tmp, env=e)
        return p.returncode, p.stdout.decode("utf-8", "replace"), \
            p.stderr.decode("utf-8", "replace")

    def build(self, now, feed="f.feed", env=None):
        args = ["build"] + (["--now", now] if now else []) + [feed]
        return self.run(args, env)

    def read(self, rel):
        with open(self.path(rel), "rb") as f:
            return f.read()


def show(rc, out, err):
    return "exit %s\nstdout: %s\nstderr: %s" % (rc, out[-1500:], err[-1500:])


REPORT_RE = re.compile(
    r"(\d+) documents \((\d+) new, (\d+) changed, (\d+) unchanged, (\d+) removed, "
    r"(\d+) unreadable\); (\d+) events \((\d+) new, (\d+) changed, (\d+) cancelled, "
    r"(\d+) expired\); (\d+) outputs written")
REPORT_KEYS = ("docs", "new", "changed", "unchanged", "removed", "unreadable",
               "events", "ev_new", "ev_changed", "ev_cancelled", "ev_expired",
               "written")


def report(out):
    m = REPORT_RE.search(out)
    return dict(zip(REPORT_KEYS, map(int, m.groups()))) if m else None


def vevents(data):
    """The VEVENTs of an iCalendar text as dicts NAME -> value."""
    text = data.decode("utf-8")
    if not text.startswith("BEGIN:VCALENDAR\r\n") or \
            not text.rstrip("\r\n").endswith("END:VCALENDAR"):
        raise ValueError("not a whole VCALENDAR")
    lines = []
    for raw in text.split("\r\n"):
        if raw.startswith(" ") and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    events, cur, depth = [], None, 0
    for line in lines:
        name, _, value = line.partition(":")
        name = name.split(";")[0]
        if name == "BEGIN":
            depth += 1
            if value == "VEVENT":
                cur = {}
        elif name == "END":
            depth -= 1
            if value == "VEVENT":
                events.append(cur)
                cur = None
        elif cur is not None:
            cur[name] = value
    if depth != 0:
        raise ValueError("unbalanced BEGIN/END")
    return events


def by_uid(evs):
    return {e["UID"]: e for e in evs}


def parse_all(outdir):
    """Parses every output; returns a problem or ''."""
    try:
        with open(os.path.join(outdir, "calendar.ics"), "rb") as f:
            vevents(f.read())
        for name in ("atom.xml", "rss.xml"):
            ET.parse(os.path.join(outdir, name))
        with open(os.path.join(outdir, "events.json"), "rb") as f:
            json.loads(f.read().decode("utf-8"))
    except Exception as e:  # any failure to parse is the finding
        return "%s: %s" % (type(e).__name__, e)
    return ""


def outputs(c):
    return {n: c.read("out/" + n) for n in OUTPUTS}


def setup_feed(c, feed=FEED, arts=None):
    c.write("f.feed", feed)
    for name, text in (arts or {"a.txt": ART_A, "b.txt": ART_B}).items():
        c.write("arts/" + name, text)


# ---- feed files --------------------------------------------------------------

def t_config_errors(c):
    cases = [
        ("title = x\nsources = arts\n\ntitel = y\noutput = out\n", 4,
         "unknown key 'titel'"),
        ("sources = arts\noutput = out\ncalendar_precision = weekly\n", 3,
         "calendar_precision wants day, month or all, not 'weekly'"),
        ("sources = arts\noutput = out\nrefresh = soon\n", 3, "refresh wants a duration"),
        ("sources = arts\noutput = out\nkeep_cancelled = 30\n", 3,
         "keep_cancelled wants a duration"),
        ("sources = arts\noutput = out\ntimezone = Mars/Olympus\n", 3,
         "unknown timezone 'Mars/Olympus'"),
        ("sources = arts\noutput = out\nbase_url = ftp://x/\n", 3,
         "base_url wants an http:// or https:// URL"),
        # Written into every output percent-encoded, so not the URL meant,
        # and printed as it is by serve: an escape sequence reached the
        # terminal.
        ("sources = arts\noutput = out\nbase_url = https://x/a b/\n", 3,
         "base_url may not hold a space (percent-encode it)"),
        ("sources = arts\nbase_url = https://x/\"><b>/\noutput = out\n", 2,
         "base_url may not hold '\"' (percent-encode it)"),
        ("base_url = https://x/\x1b[31m/\nsources = arts\noutput = out\n", 1,
         "base_url may not hold a control character (percent-encode it)"),
        ("sources = arts\n; comment\nthis line has no equals sign\noutput = out\n", 3,
         "syntax error"),
        ("sources = arts\noutput = out\n[server]\nport = 1\n", 4, "unknown section [server]"),
        ("title = a\ntitle = b\nsources = arts\noutput = out\n", 2, "'title' is set twice"),
        ("title = a long\n  title\nsources = arts\noutput = out\n", 2,
         "'title' takes one line (an indented line continues the value above it)"),
        ("poll = 0s\nsources = arts\noutput = out\n", 1, "poll wants a duration"),
        ("sources = arts\noutput = out\ndescription = " + "y" * 300 + "\n", 3,
         "line longer than 198 bytes"),
    ]
    c.write("arts/a.txt", ART_A)
    for text, line, msg in cases:
        c.write("bad.feed", text)
        rc, out, err = c.run(["build", "--now", "2027-01-01T00:00:00Z", "bad.feed"])
        want = "chronicle: bad.feed:%d: %s" % (line, msg)
        c.check(rc == 1 and err.startswith(want) and not out,
                "%r gives %r, exit 1" % (msg, want), show(rc, out, err))
    # A NUL byte ended the line for inih: the rest of the value was lost
    # without a word, here the second half of the output folder's name.
    for text, line in (("sources = arts\noutput = out\0put\n", 2),
                       ("title = a\0b\nsources = arts\noutput = out\n", 1)):
        c.write("bad.feed", text)
        rc, out, err = c.run(["build", "--now", "2027-01-01T00:00:00Z", "bad.feed"])
        want = "chronicle: bad.feed:%d: a NUL byte (a feed file is text)" % line
        c.check(rc == 1 and err.startswith(want) and not out and
                not os.path.exists(c.path("out")),
                "a NUL byte on line %d is refused, naming the line" % line, show(rc, out, err))
    # A feed file saved as Latin-1: its title came out as U+FFFD in
    # every output, in place of the letters it had.
    for key, line in (("title", 1), ("description", 2), ("author", 1)):
        text = b"sources = arts\noutput = out\n"
        if line == 1:
            text = key.encode() + b" = Caf\xe9 news\n" + text
        else:
            text = b"sources = arts\n" + key.encode() + b" = ok\n  Caf\xe9\noutput = out\n"
            line = 3
        c.write("bad.feed", text, "wb")
        rc, out, err = c.run(["build", "--now", "2027-01-01T00:00:00Z", "bad.feed"])
        want = "chronicle: bad.feed:%d: '%s' is not UTF-8 (save the feed file as UTF-8)" % (
            line, key)
        c.check(rc == 1 and err.startswith(want) and not out and
                not os.path.exists(c.path("out")),
                "%s in Latin-1 is refused, naming the line" % key, show(rc, out, err))
    c.write("bad.feed", "title = x\nsources = arts\n")
    rc, out, err = c.run(["build", "bad.feed"])
    c.check(rc == 1 and "chronicle: bad.feed: no 'output' folder given" in err,
            "a feed without output is refused", show(rc, out, err))
    c.write("bad.feed", "sources = nowhere\noutput = out\n")
    rc, out, err = c.run(["build", "bad.feed"])
    c.check(rc == 1 and "nowhere: source: No such file or directory" in err,
            "a source that does not exist is an error naming it", show(rc, out, err))
    rc, out, err = c.run(["build", "missing.feed"])
    c.check(rc == 1 and "chronicle: missing.feed: No such file or directory" in err,
            "a missing feed file: exit 1", show(rc, out, err))
    # A folder opens for reading on Linux; its first read fails, and
    # that was reported as a bare "read error".
    os.makedirs(c.path("dir.feed"))
    rc, out, err = c.run(["build", "dir.feed"])
    c.check(rc == 1 and err == "chronicle: dir.feed: Is a directory, not a feed file\n",
            "a folder given as the feed file is named as one", show(rc, out, err))
    rc, out, err = c.run(["build"])
    c.check(rc == 2 and "wants a feed file" in err, "no feed: usage error, exit 2",
            show(rc, out, err))
    rc, out, err = c.run(["build", "--now", "yesterday", "bad.feed"])
    c.check(rc == 2 and "--now wants an RFC 3339 time" in err, "bad --now: exit 2",
            show(rc, out, err))
    rc, out, err = c.run(["build", "--help"])
    c.check(rc == 0 and out.startswith("Usage: chronicle build") and not err,
            "build --help on stdout, exit 0", show(rc, out, err))


def t_config_sources(c):
    """Folders, globs, single files, repeated keys and continuation lines;
    paths relative to the feed file's folder, not the working folder."""
    c.write("feeds/site/one.txt", ART_A)
    c.write("feeds/site/deep/two.txt", ART_B)
    c.write("feeds/site/.hidden.txt", ART_C)
    c.write("feeds/site/notes.md", ART_C)
    c.write("feeds/more/x-1.txt", ART_C)
    c.write("feeds/more/x-2.txt", ART_C.replace("Rome", "Milan"))
    c.write("feeds/more/y.txt", ART_C.replace("Rome", "Turin"))
    c.write("feeds/single.data", ART_C.replace("Rome", "Naples"))
    c.write("feeds/s.feed", "sources = site/\nsources = more/x-*.txt\n"
            "   single.data\noutput = ../out\ndatabase = ../state/s.db\n")
    rc, out, err = c.build("2027-03-01T00:00:00Z", "feeds/s.feed")
    r = report(out)
    c.check(rc == 0 and r and r["docs"] == 5 and r["new"] == 5,
            "folder (recursive, hidden and unknown extensions skipped), glob, "
            "continuation line: 5 documents", show(rc, out, err))
    evs = vevents(c.read("out/calendar.ics")) if os.path.exists(c.path("out/calendar.ics")) else []
    places = sorted(e.get("LOCATION", "") for e in evs)
    c.check("Turin" not in places and {"Milan", "Naples", "Rome", "Geneva"} <= set(places),
            "the glob matched x-*.txt only; the single file was read", repr(places))
    c.check(os.path.exists(c.path("state/s.db")), "database path relative to the feed file")
    descs = " ".join(e.get("DESCRIPTION", "") for e in evs)
    c.check("Source: site/deep/two.txt" in descs and "Source: ../" not in descs,
            "documents are named from the feed file's folder", descs[:300])
    c.check("out/calendar.ics" in out and "out/events.json" in out,
            "build prints the output paths", out)
    # An output folder among the sources: its own files are not read back.
    c.write("inside.feed", "sources = .\noutput = pub\n")
    c.write("a.txt", ART_A)
    c.build("2027-03-01T00:00:00Z", "inside.feed")
    # The same day: on another, the timeline page may move an event that
    # ended from upcoming to past, and be written for that alone.
    rc, out, err = c.build("2027-03-01T12:00:00Z", "inside.feed")
    r = report(out)
    c.check(rc == 0 and r and r["new"] == 0 and r["written"] == 0,
            "an output folder inside the sources is not read as a source",
            show(rc, out, err))


def t_output_is_source(c):
    """A feed whose output folder is one of its source folders would read
    nothing (the walk never enters the output folder, so as not to read
    its own outputs back): every document would count as removed and
    every event be cancelled, in silence. It is refused instead, and the
    store and outputs stay as they were."""
    setup_feed(c)
    c.build("2027-02-10T00:00:00Z")
    before = outputs(c)
    for sources in ("arts", "./arts/"):
        c.write("f.feed", FEED.replace("output = out", "output = arts\n"
                                       "database = out/chronicle.db")
                .replace("sources = arts", "sources = " + sources))
        rc, out, err = c.build("2027-02-11T00:00:00Z")
        c.check(rc == 1 and "is also the output folder" in err and not out,
                "sources = %s with output = arts: refused, naming the cause" % sources,
                show(rc, out, err))
    c.write("f.feed", FEED)
    rc, out, err = c.build("2027-02-10T01:00:00Z")
    r = report(out)
    c.check(rc == 0 and r and r["unchanged"] == 2 and r["removed"] == 0 and
            r["ev_cancelled"] == 0 and outputs(c) == before,
            "the store and the outputs are as before", show(rc, out, err))


def t_glob_outputs(c):
    """Files a glob (or a name) picks out of the output folder are not
    sources, however the output folder is written: with 'output = .' a
    glob '*.xml' matches the build's own atom.xml and rss.xml, which were
    read back as articles, their events fed into the next outputs and
    changed at every build."""
    c.write("pub/a.txt", ART_A)
    c.write("pub/b.txt", ART_B)
    here = c.path("pub")
    for sources in ("*.txt *.xml", "a.txt b.txt " + here + "/*.xml"):
        c.write("pub/f.feed", "sources = %s\noutput = %s\n" %
                (sources, "." if sources.startswith("*") else "../pub"))
        for name in ("chronicle.db", "chronicle.db-wal", "chronicle.db-shm") + OUTPUTS:
            if os.path.exists(c.path("pub", name)):
                os.unlink(c.path("pub", name))
        c.build("2027-02-10T00:00:00Z", "pub/f.feed")
        rc, out, err = c.build("2027-02-10T01:00:00Z", "pub/f.feed")
        r = report(out)
        c.check(rc == 0 and r and r["docs"] == 2 and r["unchanged"] == 2 and
                r["written"] == 0,
                "sources = %s: the outputs are not read back" % sources, show(rc, out, err))


def t_database_is_output(c):
    """A store named like one of the outputs would be renamed over by that
    output, and the events, first-seen times and SEQUENCEs it holds lost
    (the build after: 'file is not a database'). Refused before anything
    is written; so is a store that is an output under another name."""
    setup_feed(c)
    for db in ("out/calendar.ics", "out/./index.html", "out/sub/../rss.xml"):
        c.write("f.feed", FEED + "database = %s\n" % db)
        rc, out, err = c.build("2027-02-10T00:00:00Z")
        c.check(rc == 1 and "would be overwritten by an output" in err and not out and
                not os.path.exists(c.path("out/calendar.ics")),
                "database = %s: refused, nothing written" % db, show(rc, out, err))
    c.write("f.feed", FEED)
    c.build("2027-02-10T00:00:00Z")
    os.symlink("out/atom.xml", c.path("link.db"))
    c.write("f.feed", FEED + "database = link.db\n")
    rc, out, err = c.build("2027-02-10T01:00:00Z")
    c.check(rc == 1 and "would be overwritten by an output" in err,
            "a store that is a link to an output: refused", show(rc, out, err))


def t_database_names(c):
    """SQLite reads ":memory:" and "file:..." (Debian builds it with URIs
    on) as something other than a file: a store so named was opened in
    memory and lost at the end of every build, so every build found every
    document new and every event at SEQUENCE 0 again. The value is a
    path, as the README says."""
    setup_feed(c)
    for db in (":memory:", "file:st.db?mode=memory"):
        c.write("f.feed", FEED + "database = %s\n" % db)
        c.build("2027-02-10T00:00:00Z")
        rc, out, err = c.build("2027-02-10T00:00:00Z")
        r = report(out)
        c.check(rc == 0 and r and r["unchanged"] == 2 and r["new"] == 0,
                "database = %s: the second build finds its documents unchanged" % db,
                show(rc, out, err))
        c.check(os.path.isfile(c.path(db)), "database = %s: the store is that file" % db,
                repr(os.listdir(c.tmp)))
        shutil.rmtree(c.path("out"))


# ---- incremental builds --------------------------------------------------------

def t_first_and_unchanged(c):
    setup_feed(c)
    rc, out, err = c.build("2027-02-10T00:00:00Z")
    r = report(out)
    c.check(rc == 0 and r == dict(r or {}, docs=2, new=2, unchanged=0, events=3,
                                  ev_new=3, written=5),
            "first build reads both documents, 3 events, 5 outputs", show(rc, out, err))
    c.check(not parse_all(c.path("out")), "all four outputs parse", parse_all(c.path("out")))
    evs = vevents(c.read("out/calendar.ics"))
    # "will be held", "is planned" in the future: tentative (issue 4); the
    # festival "opens": confirmed.
    c.check(len(evs) == 3 and all(e["SEQUENCE"] == "0" and
                                  e["LAST-MODIFIED"] == "20270210T000000Z" and
                                  e["STATUS"] == ("CONFIRMED" if e["SUMMARY"].startswith("The festival")
                                                  else "TENTATIVE") for e in evs),
            "new events: SEQUENCE 0, LAST-MODIFIED the build time", repr(evs))
    before = outputs(c)
    mtimes = {n: os.stat(c.path("out", n)).st_mtime_ns for n in OUTPUTS}
    time.sleep(0.02)
    rc, out, err = c.build("2027-03-01T12:00:00Z")
    r = report(out)
    c.check(rc == 0 and r and r["unchanged"] == 2 and r["new"] == 0 and
            r["changed"] == 0 and r["written"] == 0,
            "unchanged rebuild parses nothing and writes nothing", show(rc, out, err))
    c.check(outputs(c) == before, "unchanged rebuild: byte-identical outputs, "
            "though --now moved on")
    c.check(mtimes == {n: os.stat(c.path("out", n)).st_mtime_ns for n in OUTPUTS},
            "unchanged rebuild leaves the files alone (mtimes kept)")
    # Removing an output makes the next build write it back, same bytes.
    os.unlink(c.path("out", "rss.xml"))
    rc, out, err = c.build("2027-03-02T00:00:00Z")
    r = report(out)
    c.check(rc == 0 and r and r["written"] == 1 and outputs(c) == before,
            "a deleted output is written again, byte-identical", show(rc, out, err))
    leftovers = [n for n in os.listdir(c.path("out")) if n.startswith(".chronicle-tmp")]
    c.check(not leftovers, "no temporary files left behind", repr(leftovers))


def t_add_document(c):
    setup_feed(c)
    c.build("2027-02-10T00:00:00Z")
    old = by_uid(vevents(c.read("out/calendar.ics")))
    c.write("arts/c.txt", ART_C)
    rc, out, err = c.build("2027-02-12T00:00:00Z")
    r = report(out)
    c.check(rc == 0 and r and r["new"] == 1 and r["unchanged"] == 2 and
            r["changed"] == 0 and r["ev_new"] == 1 and r["ev_changed"] == 0,
            "adding a document reads only it", show(rc, out, err))
    now = by_uid(vevents(c.read("out/calendar.ics")))
    added = [u for u in now if u not in old]
    c.check(len(added) == 1 and now[added[0]].get("LOCATION") == "Rome" and
            now[added[0]]["SEQUENCE"] == "0" and
            now[added[0]]["LAST-MODIFIED"] == "20270212T000000Z",
            "its event appears with SEQUENCE 0", repr(now))
    c.check(all(now[u] == old[u] for u in old),
            "the other events are untouched (same SEQUENCE, LAST-MODIFIED, DTSTAMP)")
    # The feeds' stamps follow the change, not the clock.
    rss = ET.parse(c.path("out/rss.xml")).getroot()
    c.check(rss.findtext("channel/lastBuildDate") == "Fri, 12 Feb 2027 00:00:00 +0000",
            "RSS lastBuildDate is the last change", rss.findtext("channel/lastBuildDate"))


def t_change_event(c):
    setup_feed(c)
    c.build("2027-02-10T00:00:00Z")
    old = by_uid(vevents(c.read("out/calendar.ics")))
    fest = [u for u, e in old.items() if e["SUMMARY"].startswith("The festival")]
    # The dateline names a new city: same event (same UID), new place.
    c.write("arts/b.txt", ART_B.replace("PARIS", "LYON"))
    rc, out, err = c.build("2027-02-15T08:30:00Z")
    r = report(out)
    c.check(rc == 0 and r and r["changed"] == 1 and r["unchanged"] == 1 and
            r["ev_changed"] == 1 and r["ev_new"] == 0 and r["ev_cancelled"] == 0,
            "a changed document is read again: one event changed", show(rc, out, err))
    now = by_uid(vevents(c.read("out/calendar.ics")))
    e = now.get(fest[0]) if fest else None
    c.check(e is not None and e.get("LOCATION") == "Lyon" and e["SEQUENCE"] == "1" and
            e["LAST-MODIFIED"] == "20270215T083000Z" and
            e["CREATED"] == old[fest[0]]["CREATED"],
            "changed event: SEQUENCE 1, LAST-MODIFIED now, CREATED kept", repr(e))
    c.check(all(now[u] == old[u] for u in old if u not in fest),
            "the events of the unchanged document are untouched")
    # Changing it again counts again.
    c.write("arts/b.txt", ART_B.replace("PARIS", "NICE"))
    c.build("2027-02-16T00:00:00Z")
    e = by_uid(vevents(c.read("out/calendar.ics"))).get(fest[0] if fest else "")
    c.check(e is not None and e["SEQUENCE"] == "2" and e.get("LOCATION") == "Nice",
            "a second change: SEQUENCE 2", repr(e))
    # An edit that changes no event: the document is read, nothing is
    # published.
    before = outputs(c)
    c.write("arts/b.txt", ART_B.replace("PARIS", "NICE") + "\n\n")
    rc, out, err = c.build("2027-02-16T12:00:00Z")
    r = report(out)
    c.check(rc == 0 and r and r["changed"] == 1 and r["ev_changed"] == 0 and
            r["written"] == 0 and outputs(c) == before,
            "an edit that changes no event is read but leaves the outputs as they were",
            show(rc, out, err))
    rc, out, err = c.build("2027-02-16T13:00:00Z")
    r = report(out)
    c.check(r and r["changed"] == 0 and r["unchanged"] == 2,
            "and its new hash was kept", show(rc, out, err))
    # The same bytes touched again (new mtime) are not a change.
    os.utime(c.path("arts/b.txt"), (1, 1))
    rc, out, err = c.build("2027-02-17T00:00:00Z")
    r = report(out)
    c.check(r and r["unchanged"] == 2 and r["written"] == 0,
            "a new mtime on the same bytes is not a change", show(rc, out, err))


def t_retraction(c):
    setup_feed(c)
    c.build("2027-02-10T00:00:00Z")
    old = by_uid(vevents(c.read("out/calendar.ics")))
    ws = [u for u, e in old.items() if e["SUMMARY"].startswith("A workshop")]
    c.write("arts/a.txt", ART_A.split("\n\n")[0] + "\n")
    rc, out, err = c.build("2027-02-20T00:00:00Z")
    r = report(out)
    c.check(rc == 0 and r and r["ev_cancelled"] == 1 and r["ev_changed"] == 0 and
            r["events"] == 3, "an event gone from its document is cancelled, not dropped",
            show(rc, out, err))
    now = by_uid(vevents(c.read("out/calendar.ics")))
    e = now.get(ws[0]) if ws else None
    c.check(e is not None and e["STATUS"] == "CANCELLED" and e["SEQUENCE"] == "1" and
            e["LAST-MODIFIED"] == "20270220T000000Z",
            "STATUS:CANCELLED, SEQUENCE 1, LAST-MODIFIED now", repr(e))
    feed = json.loads(c.read("out/events.json"))
    st = [i["_chronicle"]["status"] for i in feed["items"]
          if i["_chronicle"]["uid"] == (ws[0] if ws else "")]
    c.check(st == ["cancelled"], "JSON Feed says cancelled too", repr(st))
    # Unchanged: the cancellation is not repeated.
    rc, out, err = c.build("2027-02-21T00:00:00Z")
    r = report(out)
    c.check(r and r["ev_cancelled"] == 0 and r["written"] == 0,
            "a rebuild does not cancel again", show(rc, out, err))
    # The event comes back: confirmed again, SEQUENCE 2.
    c.write("arts/a.txt", ART_A)
    rc, out, err = c.build("2027-02-22T00:00:00Z")
    e = by_uid(vevents(c.read("out/calendar.ics"))).get(ws[0] if ws else "")
    c.check(e is not None and e["STATUS"] == "TENTATIVE" and e["SEQUENCE"] == "2",
            "a retracted event that comes back has its own status again (the planned "
            "workshop: tentative), SEQUENCE 2", repr(e))
    # A removed document cancels all its events.
    os.unlink(c.path("arts/a.txt"))
    rc, out, err = c.build("2027-02-23T00:00:00Z")
    r = report(out)
    evs = vevents(c.read("out/calendar.ics"))
    gone = [e for e in evs if "a.txt" in e.get("DESCRIPTION", "")]
    c.check(rc == 0 and r and r["removed"] == 1 and r["ev_cancelled"] == 2 and
            len(gone) == 2 and all(e["STATUS"] == "CANCELLED" for e in gone),
            "a removed document: its 2 events are cancelled", show(rc, out, err))
    # Kept for keep_cancelled (30 days), then dropped.
    rc, out, err = c.build("2027-03-20T00:00:00Z")
    r = report(out)
    c.check(r and r["ev_expired"] == 0 and r["events"] == 3,
            "cancelled events are kept within keep_cancelled", show(rc, out, err))
    rc, out, err = c.build("2027-03-26T00:00:00Z")
    r = report(out)
    evs = vevents(c.read("out/calendar.ics"))
    c.check(r and r["ev_expired"] == 2 and r["events"] == 1 and len(evs) == 1 and
            evs[0]["STATUS"] == "CONFIRMED",
            "after keep_cancelled they are dropped", show(rc, out, err))


def t_now_sources(c):
    setup_feed(c)
    rc, out, err = c.build(None, env={"SOURCE_DATE_EPOCH": "1800000000"})
    evs = vevents(c.read("out/calendar.ics"))
    c.check(rc == 0 and evs and all(e["LAST-MODIFIED"] == "20270115T080000Z" for e in evs),
            "without --now, SOURCE_DATE_EPOCH is the build time", show(rc, out, err))
    rc, out, err = c.build(None, env={"SOURCE_DATE_EPOCH": "soon"})
    c.check(rc == 2 and "SOURCE_DATE_EPOCH" in err, "a bad SOURCE_DATE_EPOCH: exit 2",
            show(rc, out, err))
    # Each field two digits, an offset at most 23:59: sscanf's %2d alone
    # took signs and spaces, and a wrong --now stamps every output.
    for now in ("2027-01-15T-1:-5:00Z", "2027-01-15T 1: 2: 3Z", "2027-01-15T12:00:00+-1:00",
                "2027-01-15T12:00:00+99:99", "2027-01-15T12:00:00-00:60",
                "2027-01-15T12:00:00+0100"):
        rc, out, err = c.build(now)
        c.check(rc == 2 and "--now wants an RFC 3339 time" in err,
                "--now %s: refused, exit 2" % now, show(rc, out, err))
    rc, out, err = c.build("2027-01-15T09:00:00.5+01:00")
    evs = vevents(c.read("out/calendar.ics"))
    c.check(rc == 0 and evs and all(e["LAST-MODIFIED"] == "20270115T080000Z" for e in evs),
            "--now with fractional seconds and an offset", show(rc, out, err))


def t_unreadable_source(c):
    setup_feed(c)
    c.build("2027-02-10T00:00:00Z")
    before = by_uid(vevents(c.read("out/calendar.ics")))
    c.write("arts/b.txt", b"\x00\x01binary\x00", "wb")
    rc, out, err = c.build("2027-02-11T00:00:00Z")
    r = report(out)
    c.check(rc == 1 and r and r["unreadable"] == 1 and "b.txt" in err and
            "binary" in err, "a source the reader refuses: reported, exit 1",
            show(rc, out, err))
    c.check(by_uid(vevents(c.read("out/calendar.ics"))) == before,
            "its previous events are kept as they were")


def t_fifo_source(c):
    """A named pipe named as a source is reported and passed over: opening
    one for reading would wait for a writer that never comes. One in a
    source folder is no document, as a file of an unknown kind is not."""
    setup_feed(c, FEED.replace("sources = arts", "sources = arts\nsources = pipe.txt"))
    os.mkfifo(c.path("pipe.txt"))
    os.mkfifo(c.path("arts/c.txt"))
    try:
        rc, out, err = c.build("2027-02-10T00:00:00Z")
    except subprocess.TimeoutExpired:
        c.check(False, "a build with named pipes among its sources ends", "timed out")
        return
    r = report(out)
    c.check(rc == 1 and r and r["docs"] == 3 and r["unreadable"] == 1 and r["new"] == 2 and
            "pipe.txt: not a regular file" in err and "c.txt" not in err,
            "a named pipe as a source: reported, the other documents built, exit 1; "
            "one in a folder: not listed", show(rc, out, err))
    evs = vevents(c.read("out/calendar.ics"))
    c.check(len(evs) >= 2, "the events of the regular files are published", repr(len(evs)))


def t_fifo_output(c):
    """An output replaced by a named pipe (or anything not a regular
    file) does not hold the build: comparing the new bytes with the old
    would open it and wait for a writer that never comes, with the output
    folder locked against every other build. The build replaces it."""
    setup_feed(c)
    c.build("2027-02-10T00:00:00Z")
    before = c.read("out/calendar.ics")
    os.unlink(c.path("out/calendar.ics"))
    os.mkfifo(c.path("out/calendar.ics"))
    try:
        rc, out, err = c.build("2027-02-10T01:00:00Z")
    except subprocess.TimeoutExpired:
        c.check(False, "a build whose calendar.ics is a named pipe ends", "timed out")
        return
    r = report(out)
    c.check(rc == 0 and r and r["written"] == 1 and
            os.path.isfile(c.path("out/calendar.ics")) and
            c.read("out/calendar.ics") == before,
            "a named pipe in place of an output is replaced by the output",
            show(rc, out, err))


def t_file_size_limit(c):
    """A write over the file size limit (RLIMIT_FSIZE: ulimit -f, systemd's
    LimitFSIZE) is an error like a full disk: the build says so and exits
    1, where SIGXFSZ would kill it without a word; the outputs and the
    store stay, and the next build, under no limit, catches up."""
    import resource
    setup_feed(c)
    c.build("2027-02-10T00:00:00Z")
    before = outputs(c)
    c.write("arts/c.txt", ART_C)
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    p = subprocess.run([c.binary, "build", "--now", "2027-02-10T01:00:00Z", "f.feed"],
                       cwd=c.tmp, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=TIMEOUT, preexec_fn=lambda: resource.setrlimit(
                           resource.RLIMIT_FSIZE, (2048, resource.RLIM_INFINITY)))
    err = p.stderr.decode("utf-8", "replace")
    c.check(p.returncode == 1 and err.startswith("chronicle: ") and "File too large" in err and
            outputs(c) == before,
            "over the file size limit: an error naming it, exit 1, the outputs as they were",
            show(p.returncode, p.stdout.decode("utf-8", "replace"), err))
    rc, out, err = c.build("2027-02-10T02:00:00Z")
    r = report(out)
    c.check(rc == 0 and r and r["new"] == 1 and b"Rome" in c.read("out/calendar.ics") and
            not [n for n in os.listdir(c.path("out")) if n.startswith(".chronicle-tmp")],
            "the next build catches up", show(rc, out, err))


def t_reader_upgrade(c):
    """Events stored by other code (an older chronicle: no fingerprint, or
    another one) are made again from their unchanged sources: what this
    reader finds reaches old articles too, and what comes out the same
    stays as it was."""
    setup_feed(c)
    c.build("2027-02-10T00:00:00Z")
    fresh = by_uid(vevents(c.read("out/calendar.ics")))
    db_path = c.path("out/chronicle.db")
    for case, sql in (("no fingerprint", "DELETE FROM meta WHERE key = 'reader'"),
                      ("another fingerprint", "UPDATE meta SET value = 12345 WHERE key = 'reader'")):
        db = sqlite3.connect(db_path)
        try:
            db.execute(sql)
            # what an older reader stored for one event: another title
            uid = sorted(fresh)[0]
            db.execute("UPDATE events SET title = 'Stale title', content_hash = 'old' "
                       "WHERE uid = ?", (uid,))
            db.commit()
        finally:
            db.close()
        rc, out, err = c.build("2027-02-11T00:00:00Z")
        r = report(out)
        c.check(rc == 0 and r and r["unchanged"] == 0 and r["changed"] == 0 and
                "2 unchanged documents read again" in out and r["ev_changed"] == 1,
                "%s: every source read again, one event changed" % case, show(rc, out, err))
        now = by_uid(vevents(c.read("out/calendar.ics")))
        c.check(set(now) == set(fresh) and now[uid]["SUMMARY"] == fresh[uid]["SUMMARY"] and
                all(now[u]["SUMMARY"] == fresh[u]["SUMMARY"] for u in fresh),
                "%s: the stale title is made again from the source" % case,
                repr({u: e.get("SUMMARY") for u, e in now.items()}))
        rc, out, err = c.build("2027-02-12T00:00:00Z")
        r = report(out)
        c.check(rc == 0 and r and r["unchanged"] == 2 and "read again" not in out and
                r["written"] == 0, "%s: the build after reads nothing again" % case,
                show(rc, out, err))


def t_render_skip(c):
    """A build that learns nothing leaves the outputs unmade when what they
    are made from is as it was; a missing or edited output, another feed
    setting or another day makes them again."""
    setup_feed(c)
    c.build("2027-02-10T08:00:00Z")
    first = outputs(c)
    rc, out, err = c.build("2027-02-10T09:00:00Z")
    r = report(out)
    c.check(rc == 0 and r and r["written"] == 0 and r["events"] == 3,
            "an unchanged build the same day: nothing written, the events counted",
            show(rc, out, err))
    db = sqlite3.connect(c.path("out/chronicle.db"))
    try:
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    finally:
        db.close()
    c.check(meta.get("render_events") == 3 and meta.get("render", 0) != 0 and
            meta.get("render_outputs", 0) != 0,
            "the store records what the outputs were made from", repr(meta))
    os.unlink(c.path("out/rss.xml"))
    with open(c.path("out/atom.xml"), "ab") as f:
        f.write(b"<!-- edited -->")
    rc, out, err = c.build("2027-02-10T10:00:00Z")
    r = report(out)
    c.check(rc == 0 and r and r["written"] == 2 and outputs(c) == first,
            "a missing and an edited output are made again, as they were",
            show(rc, out, err))
    c.write("f.feed", FEED.replace("Store test", "Store test, renamed"))
    rc, out, err = c.build("2027-02-10T11:00:00Z")
    r = report(out)
    now = outputs(c)
    c.check(rc == 0 and r and r["written"] == 5 and
            all(b"renamed" in now[n] for n in ("calendar.ics", "atom.xml", "rss.xml",
                                               "events.json", "index.html")),
            "another title: every output made again", show(rc, out, err))
    rc, out, err = c.build("2027-02-10T12:00:00Z")
    r = report(out)
    c.check(rc == 0 and r and r["written"] == 0, "then nothing again", show(rc, out, err))


def t_store_schema(c):
    setup_feed(c)
    c.build("2027-02-10T00:00:00Z")
    db = sqlite3.connect(c.path("out/chronicle.db"))
    try:
        mode = db.execute("PRAGMA journal_mode").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        docs = db.execute("SELECT uri, hash FROM documents ORDER BY uri").fetchall()
        spans = db.execute("SELECT count(*) FROM event_sources").fetchone()[0]
    finally:
        db.close()
    c.check(mode == "wal", "the store is in WAL mode", mode)
    c.check(version == 2, "PRAGMA user_version is 2", repr(version))
    c.check({"documents", "events", "event_sources", "meta"} <= tables, "tables", repr(tables))
    want = [("arts/a.txt", hashlib.sha1(ART_A.encode()).hexdigest()),
            ("arts/b.txt", hashlib.sha1(ART_B.encode()).hexdigest())]
    c.check(docs == want, "documents: uri from the feed's folder, SHA-1 of the bytes",
            repr(docs))
    c.check(spans >= 3, "event_sources holds where each event was mentioned", repr(spans))


V1_SCHEMA = """
CREATE TABLE documents (uri TEXT PRIMARY KEY, hash TEXT NOT NULL,
  published TEXT, first_seen INTEGER NOT NULL);
CREATE TABLE events (uid TEXT PRIMARY KEY, doc TEXT NOT NULL, url TEXT,
  start_day TEXT NOT NULL, end_day TEXT NOT NULL, precision TEXT NOT NULL,
  mod TEXT NOT NULL, hour INTEGER NOT NULL, minute INTEGER NOT NULL,
  end_hour INTEGER NOT NULL, end_minute INTEGER NOT NULL, tz_minutes INTEGER,
  title TEXT NOT NULL, location TEXT, sentence TEXT, date_text TEXT,
  status TEXT NOT NULL, published TEXT, content_hash TEXT NOT NULL,
  first_seen INTEGER NOT NULL, last_modified INTEGER NOT NULL,
  sequence INTEGER NOT NULL);
PRAGMA user_version = 1;
"""


def t_migration(c):
    """A version-1 store, made by hand, is migrated and its data kept."""
    setup_feed(c, arts={"a.txt": ART_A})
    os.makedirs(c.path("out"))
    db = sqlite3.connect(c.path("out/chronicle.db"))
    db.executescript(V1_SCHEMA)
    h = hashlib.sha1(ART_A.encode()).hexdigest()
    db.execute("INSERT INTO documents VALUES ('arts/a.txt', ?, '2027-01-10', 1790000000)", (h,))
    db.execute("INSERT INTO events VALUES ('11111111-2222-5333-8444-555555555555',"
               " 'arts/a.txt', NULL, '2027-05-03', '2027-05-04', 'day', '', -1, -1, -1,"
               " -1, NULL, 'Old summit from version 1', 'Geneva', 'A sentence.',"
               " '3-4 May 2027', 'confirmed', '2027-01-10', 'x', 1790000000,"
               " 1790000500, 3)")
    db.commit()
    db.close()
    rc, out, err = c.build("2027-02-10T00:00:00Z")
    r = report(out)
    # Its events were made by an older reader (the store has no reader
    # fingerprint): the document is read again though its bytes are the
    # same, and what v1 knew but the text lacks is retracted.
    c.check(rc == 0 and r and r["unchanged"] == 0 and r["new"] == 0 and
            "1 unchanged document read again" in out and r["ev_cancelled"] == 1,
            "a v1 store is migrated; its document (same hash) is read again by this reader",
            show(rc, out, err))
    db = sqlite3.connect(c.path("out/chronicle.db"))
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        row = db.execute("SELECT sequence, first_seen, source, retracted_at FROM events"
                         " WHERE uid LIKE '1111%'").fetchone()
        ok = db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()
    c.check(version == 2 and ok == "ok", "user_version 2 after migration, integrity ok",
            repr((version, ok)))
    c.check(row == (4, 1790000000, "arts/a.txt", 1802217600),
            "a v1 event keeps its first_seen, its source is filled in, and its retraction "
            "takes the next sequence", repr(row))
    evs = by_uid(vevents(c.read("out/calendar.ics")))
    e = evs.get("11111111-2222-5333-8444-555555555555")
    c.check(e is not None and e["SEQUENCE"] == "4" and e["STATUS"] == "CANCELLED" and
            e["SUMMARY"] == "Old summit from version 1" and
            e["CREATED"] == "20260921T141320Z",
            "the v1 event is published cancelled, with its title and creation time", repr(evs))
    # Later builds leave the retraction as it is.
    c.write("arts/a.txt", ART_A + "\n")
    c.build("2027-02-11T00:00:00Z")
    e = by_uid(vevents(c.read("out/calendar.ics"))).get("11111111-2222-5333-8444-555555555555")
    c.check(e is not None and e["STATUS"] == "CANCELLED" and e["SEQUENCE"] == "4",
            "after migration, a retracted v1 event stays retracted", repr(e))
    # A store from the future, and a database that is not a store.
    db = sqlite3.connect(c.path("out/chronicle.db"))
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    rc, out, err = c.build("2027-02-12T00:00:00Z")
    c.check(rc == 1 and "store schema version 99 is newer than this chronicle's (2)" in err,
            "a newer schema is refused", show(rc, out, err))
    os.unlink(c.path("out/chronicle.db"))
    for suffix in ("-wal", "-shm"):
        if os.path.exists(c.path("out/chronicle.db" + suffix)):
            os.unlink(c.path("out/chronicle.db" + suffix))
    db = sqlite3.connect(c.path("out/chronicle.db"))
    db.execute("CREATE TABLE notes (x)")
    db.commit()
    db.close()
    rc, out, err = c.build("2027-02-12T00:00:00Z")
    c.check(rc == 1 and "not a chronicle store" in err, "a foreign database is refused",
            show(rc, out, err))


def t_foreign_store(c):
    """Another program's database at the store's path: many set a
    user_version of their own. Only version 0 with tables was told apart;
    version 1 or 2 failed on the first missing table ("no such table:
    meta"), and a negative version was taken as valid and written back."""
    setup_feed(c)
    c.build("2027-02-10T00:00:00Z")
    before = outputs(c)
    db_path = c.path("out/chronicle.db")
    for version in (2, 1, -1):
        for name in os.listdir(c.path("out")):
            if name.startswith("chronicle.db"):
                os.unlink(c.path("out", name))
        db = sqlite3.connect(db_path)
        db.execute("CREATE TABLE notes (x)")
        if version != 1:
            db.execute("CREATE TABLE meta (k, v)")
        db.execute("PRAGMA user_version = %d" % version)
        db.commit()
        db.close()
        c.write("arts/c.txt", ART_C + "v%d\n" % version)
        rc, out, err = c.build("2027-02-11T00:00:00Z")
        c.check(rc == 1 and not out and "chronicle: out/chronicle.db: not a chronicle store"
                " (schema version %d, without its tables)" % version in err,
                "a foreign database at version %d is named so" % version, show(rc, out, err))
        c.check(outputs(c) == before, "version %d: the outputs are left as they were" % version)
        db = sqlite3.connect(db_path)
        try:
            got = (db.execute("PRAGMA user_version").fetchone()[0],
                   sorted(r[0] for r in db.execute("SELECT name FROM sqlite_master")))
        finally:
            db.close()
        want = (version, ["notes"] if version == 1 else ["meta", "notes"])
        c.check(got == want, "version %d: the foreign database is not changed" % version,
                repr(got))


def t_damaged_store(c):
    """A store whose file was overwritten, cut short, or has a damaged page
    in the index of its meta table. SQLite finds the first two; the third
    it does not: the build counter's row could not be found, so builds ran
    as build 0, which every seen mark already equals ("1 documents (0 new,
    0 changed, 0 unchanged ...)"), and each build added its meta rows
    again. Each is refused, the outputs kept."""
    setup_feed(c)
    c.build("2027-02-10T00:00:00Z")
    db_path = c.path("out/chronicle.db")
    db = sqlite3.connect(db_path)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = db.execute("PRAGMA page_size").fetchone()[0]
        root = db.execute("SELECT rootpage FROM sqlite_master"
                          " WHERE name = 'sqlite_autoindex_meta_1'").fetchone()[0]
    finally:
        db.close()
    with open(db_path, "rb") as f:
        good = f.read()
    before = outputs(c)
    # The index page's header stays; its cell pointers point nowhere.
    at = (root - 1) * page + 8
    index = good[:at] + b"\xa5" * 64 + good[at + 64:]
    cases = (("overwritten", os.urandom(len(good)), "file is not a database"),
             ("cut short", good[:len(good) // 2], "database disk image is malformed"),
             ("meta index damaged", index, "store is damaged"))
    c.write("arts/c.txt", ART_C)
    for what, data, msg in cases:
        for name in os.listdir(c.path("out")):
            if name.startswith("chronicle.db"):
                os.unlink(c.path("out", name))
        with open(db_path, "wb") as f:
            f.write(data)
        rc, out, err = c.build("2027-02-11T00:00:00Z")
        c.check(rc == 1 and not out and err.startswith("chronicle: out/chronicle.db: ") and
                msg in err, "%s: refused (%s)" % (what, msg), show(rc, out, err))
        c.check(outputs(c) == before, "%s: the outputs are left as they were" % what)


def t_concurrent(c):
    setup_feed(c, arts={"a%02d.txt" % i: ART_C.replace("Rome", "Rome %d" % i)
                        for i in range(10)})
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    ps = [subprocess.Popen([c.binary, "build", "-q", "--now", "2027-02-10T00:00:00Z",
                            "f.feed"], cwd=c.tmp, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env) for _ in range(3)]
    results = [(p.wait(TIMEOUT), p.stderr.read().decode()) for p in ps]
    for p in ps:
        p.stdout.close()
        p.stderr.close()
    c.check(all(rc == 0 for rc, _ in results), "three builds at once all succeed",
            repr(results))
    rc, out, err = c.build("2027-02-10T00:00:00Z")
    r = report(out)
    c.check(r and r["unchanged"] == 10 and r["written"] == 0 and
            not parse_all(c.path("out")), "and leave one consistent result",
            show(rc, out, err))


# ---- crash safety ----------------------------------------------------------------

def crash_article(i, rnd):
    city = ["Geneva", "Nairobi", "Lyon", "Rome", "Lisbon", "Oslo"][(i + rnd) % 6]
    day = 1 + (i * 7 + rnd) % 27
    return ("%s, 4 January 2027 - The meeting number %d will be held on %d March "
            "2027 in %s.\n\nA second session is planned for %d April 2027.\n"
            % (city.upper(), i, day, city, 1 + (i + rnd * 3) % 27)) + \
        ("Background paragraph about the talks. " * 40 + "\n") * 3


def semantic(ics):
    """What a build publishes, without its history: uid -> (status, summary)."""
    return {e["UID"]: (e["STATUS"], e["SUMMARY"], e.get("LOCATION")) for e in vevents(ics)}


def t_crash_safety(c):
    """kill -9 at random moments: the outputs stay whole, the store
    consistent, and the next build gets the right result."""
    rng = random.Random(5)
    n_docs = 60
    setup_feed(c, arts={"c%03d.txt" % i: crash_article(i, 0) for i in range(n_docs)})
    rc, out, err = c.build("2027-01-05T00:00:00Z")
    c.check(rc == 0, "crash: first build", show(rc, out, err))
    # How long a round's build takes when left alone: kills are spread
    # over that time and a little beyond, so some land before the commit,
    # some between commit and renames, and some builds finish.
    for i in range(0, n_docs, 3):
        c.write("arts/c%03d.txt" % i, crash_article(i, 1))
    t0 = time.monotonic()
    c.build("2027-01-05T00:00:01Z")
    span = max(time.monotonic() - t0, 0.02)
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    kills = problems = between = 0
    deadline = time.monotonic() + 20
    rounds = 0
    while rounds < 40 and time.monotonic() < deadline:
        rounds += 1
        # Change a random third of the documents, drop one, add one back.
        version = rounds + 1
        for i in rng.sample(range(n_docs), n_docs // 3):
            c.write("arts/c%03d.txt" % i, crash_article(i, version))
        victim = c.path("arts/c%03d.txt" % rng.randrange(n_docs))
        if os.path.exists(victim) and rng.random() < 0.5:
            os.unlink(victim)
        now = "2027-01-%02dT%02d:00:00Z" % (6 + rounds // 24, rounds % 24)
        p = subprocess.Popen([c.binary, "build", "-q", "--now", now, "f.feed"],
                             cwd=c.tmp, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env=env)
        time.sleep(rng.uniform(0, span * 1.3))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            kills += 1
            # Builds grow as killed ones leave work behind: aim later.
            span *= 1.15
        else:
            span *= 0.9
        p.wait()
        problem = parse_all(c.path("out"))
        db = sqlite3.connect(c.path("out/chronicle.db"), timeout=10)
        try:
            integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
            stamp = db.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()[0]
        finally:
            db.close()
        if not problem and p.returncode < 0:
            # Killed after the commit but before the renames: the store is
            # ahead of the (old, whole) outputs; the next build catches up.
            built = ET.parse(c.path("out/rss.xml")).getroot().findtext(
                "channel/lastBuildDate")
            if built != time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(stamp)):
                between += 1
        if problem or integrity != "ok":
            problems += 1
            c.check(False, "crash: round %d outputs parse and the store is whole" % rounds,
                    "outputs: %s; integrity_check: %s" % (problem, integrity))
    c.check(rounds // 4 <= kills < rounds, "crash: %d of %d builds were killed mid-way "
            "(%d after the commit, before the renames), the others finished"
            % (kills, rounds, between), "kills %d" % kills)
    c.check(problems == 0, "crash: after every kill the old or new outputs are whole "
            "and PRAGMA integrity_check is ok (%d rounds)" % rounds)
    rc, out, err = c.build("2027-02-01T00:00:00Z")
    leftovers = [n for n in os.listdir(c.path("out")) if n.startswith(".chronicle-tmp")]
    c.check(rc == 0 and not parse_all(c.path("out")) and not leftovers,
            "crash: the next build succeeds and clears the killed builds' temporary files",
            show(rc, out, err) + "\nleftovers %r" % leftovers)
    got = semantic(c.read("out/calendar.ics"))
    # The right result: a clean build of the same sources, from nothing.
    shutil.copytree(c.path("arts"), c.path("clean/arts"))
    with open(c.path("clean/f.feed"), "w") as f:
        f.write(FEED)
    p = subprocess.run([c.binary, "build", "-q", "--now", "2027-02-01T00:00:00Z",
                        "clean/f.feed"], cwd=c.tmp, env=env, timeout=TIMEOUT)
    want = semantic(c.read("clean/out/calendar.ics"))
    live = {u: v for u, v in got.items() if v[0] != "CANCELLED"}
    c.check(p.returncode == 0 and live == want,
            "crash: its confirmed events are exactly a clean build's (%d)" % len(want),
            "extra %r\nmissing %r" % (sorted(set(live) - set(want))[:5],
                                     sorted(set(want) - set(live))[:5]))
    seqs = [int(e["SEQUENCE"]) for e in vevents(c.read("out/calendar.ics"))]
    c.check(seqs and max(seqs) <= rounds + 2, "crash: SEQUENCE grows at most once a build",
            repr(max(seqs) if seqs else None))


KILL_AT_RENAME = r"""
#include <signal.h>
/* Preloaded: the build dies at its first rename, just after the commit. */
int rename(const char *from, const char *to)
{
	(void)from;
	(void)to;
	raise(SIGKILL);
	return -1;
}
"""


def t_killed_before_renames(c):
    """A build killed after its commit, before it renamed the outputs into
    place, leaves the store ahead of the files: the next build must make
    them, though it learns nothing new. (The random kills of crash_safety
    end on a new day, which makes the outputs again anyway.) The kill is
    placed with a preloaded rename that raises SIGKILL."""
    shim = c.path("kill_at_rename.so")
    c.write("kill_at_rename.c", KILL_AT_RENAME)
    p = subprocess.run(["cc", "-shared", "-fPIC", "-o", shim, c.path("kill_at_rename.c")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=TIMEOUT)
    if not c.check(p.returncode == 0, "a C compiler builds the rename shim",
                   p.stdout.decode("utf-8", "replace")):
        return
    setup_feed(c)
    c.build("2027-02-10T08:00:00Z")
    c.write("arts/c.txt", ART_C)
    rc, out, err = c.build("2027-02-10T09:00:00Z", env={
        "LD_PRELOAD": shim, "ASAN_OPTIONS": "verify_asan_link_order=0"})
    c.check(rc == -signal.SIGKILL and b"Rome" not in c.read("out/calendar.ics"),
            "the build is killed at its first rename, the old outputs stay",
            show(rc, out, err))
    rc, out, err = c.build("2027-02-10T10:00:00Z")
    r = report(out)
    c.check(rc == 0 and r and r["written"] == 5 and b"Rome" in c.read("out/calendar.ics") and
            not parse_all(c.path("out")),
            "the next build, the same day, writes the outputs the killed one committed",
            show(rc, out, err))
    rc, out, err = c.build("2027-02-10T11:00:00Z")
    r = report(out)
    c.check(rc == 0 and r and r["written"] == 0, "and the one after writes nothing",
            show(rc, out, err))


def t_example_feed(c):
    """feeds/example.feed builds (plain-text articles are enough for these
    checks; how well .html and .rss read is the readers' business)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.makedirs(c.path("feeds"))
    shutil.copy(os.path.join(root, "feeds", "example.feed"), c.path("feeds/example.feed"))
    shutil.copytree(os.path.join(root, "feeds", "example"), c.path("feeds/example"))
    rc, out, err = c.run(["build", "--now", "2026-11-23T00:00:00Z", "feeds/example.feed"])
    r = report(out)
    n_txt = len([f for f in os.listdir(c.path("feeds/example")) if f.endswith(".txt")])
    c.check(rc in (0, 1) and r and r["docs"] >= n_txt and r["events"] >= 20 and
            os.path.exists(c.path("build/example/calendar.ics")),
            "feeds/example.feed builds into ../build/example", show(rc, out, err))
    c.check(not parse_all(c.path("build/example")), "its outputs parse",
            parse_all(c.path("build/example")))


TESTS = [t_config_errors, t_config_sources, t_output_is_source, t_glob_outputs,
         t_database_is_output, t_database_names,
         t_first_and_unchanged, t_add_document,
         t_change_event, t_retraction, t_now_sources, t_unreadable_source, t_fifo_source,
         t_fifo_output, t_file_size_limit, t_reader_upgrade, t_render_skip,
         t_store_schema, t_migration, t_foreign_store, t_damaged_store,
         t_concurrent, t_crash_safety,
         t_killed_before_renames, t_example_feed]


def run_all(binary, res, filt="", big=True):
    c = Ctx(binary, res)
    for t in TESTS:
        name = t.__name__[2:]
        if filt and filt not in "store " + name:
            continue
        c.name = name
        c.tmp = tempfile.mkdtemp(prefix="chronicle-store-")
        try:
            t(c)
        except subprocess.TimeoutExpired as e:
            res.fail("store %s" % name, "timed out: %s" % e)
        except Exception as e:  # a broken test is a failure, not a crash
            import traceback
            res.fail("store %s" % name, "test raised %s\n%s" % (e, traceback.format_exc()))
        finally:
            shutil.rmtree(c.tmp, ignore_errors=True)
