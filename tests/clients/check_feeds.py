#!/usr/bin/env python3
"""Real clients read chronicle's outputs: a TAP program.

    python3 tests/clients/check_feeds.py [--binary build/chronicle]

Checks, with the parsers subscribers' software uses:
  - the golden files in tests/golden/ (which the unit tests hold the writers
    to byte for byte): xmllint --noout for Atom and RSS, feedparser (no
    "bozo" error, every entry and title), python3-icalendar (every event,
    exclusive DTEND, titles), and json for JSON Feed;
  - end to end, when the binary works: `chronicle events -t FORMAT --now
    2026-01-01T00:00:00Z` on /work/shared/corpus/seeds/*.txt (or
    tests/clients/seeds/*.txt) parses the same way, and two runs give the
    same bytes.
Prints "ok N - ..." / "not ok N - ..." and exits 1 when anything failed.
"""

import argparse
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(os.path.dirname(HERE), "golden")
NOW = "2026-01-01T00:00:00Z"

n = 0
failed = 0


def ok(cond, desc, detail=""):
    global n, failed
    n += 1
    print("%sok %d - %s" % ("" if cond else "not ", n, desc))
    if not cond:
        failed += 1
        if detail:
            for line in str(detail).splitlines()[:20]:
                print("# " + line)
    sys.stdout.flush()
    return cond


def skip(desc, why):
    global n
    n += 1
    print("ok %d - %s # SKIP %s" % (n, desc, why))


def xmllint(path, name):
    try:
        p = subprocess.run(["xmllint", "--noout", path], stderr=subprocess.PIPE, timeout=60)
        ok(p.returncode == 0, "%s: xmllint --noout accepts it" % name, p.stderr.decode("utf-8", "replace"))
    except OSError as e:
        ok(False, "%s: xmllint runs" % name, e)


def check_feed(data, name, want_entries=None, title_has=None):
    import feedparser
    d = feedparser.parse(data)
    ok(not d.bozo, "%s: feedparser reads it without error" % name, getattr(d, "bozo_exception", ""))
    ok(d.version in ("atom10", "rss20"), "%s: feedparser sees %s" % (name, d.version or "no feed"))
    if want_entries is not None:
        ok(len(d.entries) == want_entries, "%s: feedparser finds %d entries" % (name, want_entries),
           "found %d" % len(d.entries))
    ok(all(e.get("title") and e.get("id") for e in d.entries), "%s: every entry has a title and an id" % name)
    if title_has:
        titles = [e.get("title", "") for e in d.entries]
        ok(any(title_has in t for t in titles), "%s: a title reads %r" % (name, title_has), titles)
    return d


def check_ics(data, name, want_events=None, summaries=()):
    import icalendar
    try:
        cal = icalendar.Calendar.from_ical(data)
    except Exception as e:  # the library raises ValueError and others
        ok(False, "%s: python3-icalendar parses it" % name, e)
        return None
    ok(True, "%s: python3-icalendar parses it" % name)
    events = [c for c in cal.walk("VEVENT")]
    if want_events is not None:
        ok(len(events) == want_events, "%s: %d events" % (name, want_events), "found %d" % len(events))
    ok(all(e.get("UID") and e.get("DTSTART") and e.get("DTSTAMP") for e in events),
       "%s: every event has UID, DTSTART, DTSTAMP" % name)
    bad = []
    for e in events:
        s, end = e.get("DTSTART"), e.get("DTEND")
        if end is not None and not end.dt > s.dt:
            bad.append(str(e.get("UID")))
    ok(not bad, "%s: every DTEND is after its DTSTART (exclusive end)" % name, bad)
    got = set(str(e.get("SUMMARY")) for e in events)
    for want in summaries:
        ok(want in got, "%s: SUMMARY %r reads back" % (name, want[:40]), sorted(got))
    raw = data if isinstance(data, bytes) else data.encode()
    lines = raw.split(b"\r\n")
    ok(lines[-1] == b"" and all(b"\n" not in l and b"\r" not in l for l in lines),
       "%s: CRLF line ends only" % name)
    ok(all(len(l) <= 75 for l in lines), "%s: no line over 75 octets" % name)
    return cal


def check_json(data, name, want_items=None):
    try:
        feed = json.loads(data)
    except ValueError as e:
        ok(False, "%s: JSON parses" % name, e)
        return
    ok(feed.get("version") == "https://jsonfeed.org/version/1.1", "%s: JSON Feed 1.1" % name)
    items = feed.get("items", [])
    if want_items is not None:
        ok(len(items) == want_items, "%s: %d items" % (name, want_items), "found %d" % len(items))
    ok(all(i.get("id") and "_chronicle" in i for i in items), "%s: items have id and _chronicle" % name)


def golden():
    def read(f):
        with open(os.path.join(GOLDEN, f), "rb") as fh:
            return fh.read()
    fete = "F\u00eate de la Musique \u00e0 Lyon: \u00fcn\u00efc\u00f6d\u00e9 \u6771\u4eac \U0001F3B6"
    hostile = ("Evil END:VEVENT BEGIN:VEVENT; a, b \\ c </title><script>alert(1)</script> ]]> "
               "bad\ufffd\ufffd utf8 \"dq\" 'sq' &amp; \U0001F389 \u05e9\u05dc\u05d5\u05dd "
               "\u0645\u0631\u062d\u0628\u0627")
    for f in ("events.atom.xml", "events.rss.xml", "hostile.atom.xml", "hostile.rss.xml"):
        xmllint(os.path.join(GOLDEN, f), f)
    check_feed(read("events.atom.xml"), "events.atom.xml", 6, fete)
    check_feed(read("events.rss.xml"), "events.rss.xml", 6, fete)
    check_feed(read("hostile.atom.xml"), "hostile.atom.xml", 2, hostile)
    check_feed(read("hostile.rss.xml"), "hostile.rss.xml", 2, hostile)
    cal = check_ics(read("events.ics"), "events.ics", 6, (fete, "Workshop on calendars"))
    if cal is not None:
        ev = [e for e in cal.walk("VEVENT") if str(e.get("SUMMARY")) == "Workshop on calendars"]
        ok(ev and str(ev[0].get("DTSTART").dt) == "2018-01-30" and str(ev[0].get("DTEND").dt) == "2018-02-01",
           "events.ics: python3-icalendar sees 2018-01-30 to 2018-02-01 (exclusive)")
        ev = [e for e in cal.walk("VEVENT") if str(e.get("SUMMARY")) == "Press conference"]
        ok(ev and ev[0].get("DTSTART").dt.isoformat() == "2018-02-05T13:00:00+00:00",
           "events.ics: 14:00 at UTC+01:00 is 13:00 UTC")
    check_ics(read("hostile.ics"), "hostile.ics", 2, (hostile,))
    check_json(read("events.json"), "events.json", 6)
    check_json(read("hostile.json"), "hostile.json", 2)


def end_to_end(binary):
    seeds = sorted(glob.glob("/work/shared/corpus/seeds/*.txt")) or \
        sorted(glob.glob(os.path.join(HERE, "seeds", "*.txt")))
    if not os.access(binary, os.X_OK):
        skip("end to end", "no binary at %s" % binary)
        return
    if not seeds:
        skip("end to end", "no seed articles")
        return
    for fmt in ("ics", "atom", "rss", "json"):
        cmd = [binary, "events", "-t", fmt, "--now", NOW] + seeds
        runs = []
        for _ in range(2):
            try:
                p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
            except (OSError, subprocess.TimeoutExpired) as e:
                ok(False, "e2e %s: chronicle runs" % fmt, e)
                break
            runs.append(p)
        if len(runs) < 2:
            continue
        p = runs[0]
        if not ok(p.returncode == 0 and p.stdout, "e2e %s: chronicle events -t %s on %d seeds" % (fmt, fmt, len(seeds)),
                  p.stderr.decode("utf-8", "replace")[-2000:]):
            continue
        ok(runs[0].stdout == runs[1].stdout, "e2e %s: two runs give the same bytes" % fmt)
        name = "e2e %s" % fmt
        if fmt == "ics":
            check_ics(p.stdout, name)
        elif fmt == "json":
            check_json(p.stdout, name)
        else:
            tmp = os.path.join(os.environ.get("TMPDIR", "/tmp"), "chronicle-e2e-%d.xml" % os.getpid())
            with open(tmp, "wb") as fh:
                fh.write(p.stdout)
            xmllint(tmp, name)
            os.unlink(tmp)
            check_feed(p.stdout, name)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="build/chronicle")
    args = ap.parse_args()
    missing = []
    for mod in ("feedparser", "icalendar"):
        try:
            __import__(mod)
        except ImportError:
            missing.append("python3-" + mod)
    # Debian's python3-* modules live under /usr/bin/python3; a pyenv or
    # venv python3 earlier on PATH does not see them.
    system = "/usr/bin/python3"
    if missing and os.path.realpath(sys.executable) != os.path.realpath(system) \
            and os.access(system, os.X_OK) and not os.environ.get("CHR_CLIENTS_REEXEC"):
        os.environ["CHR_CLIENTS_REEXEC"] = "1"
        sys.stdout.flush()
        os.execv(system, [system, os.path.abspath(__file__)] + sys.argv[1:])
    if not ok(not missing, "client libraries installed (make deps)", "missing: " + " ".join(missing)):
        print("1..%d" % n)
        return 1
    golden()
    end_to_end(os.path.abspath(args.binary))
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
