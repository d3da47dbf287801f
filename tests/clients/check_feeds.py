#!/usr/bin/env python3
"""Real clients read chronicle's outputs: a TAP program.

    python3 tests/clients/check_feeds.py [--binary build/chronicle]
                                         [--ics-check build/clients/ics_check]

Every iCalendar file (the golden ones the unit tests hold the writers to
byte for byte, and what `chronicle events -t ics` writes end to end):
  - python3-icalendar parses it; python3-vobject accepts it with
    validate(raiseException=True);
  - `calcurse -i` imports every event with 0 skipped (in a scratch -D
    folder and HOME, TZ=UTC);
  - ics_check (tests/clients/ics_check.c): libical parses it,
    icalrestriction_check passes and no X-LIC-ERROR is left, and our
    byte-level lint (CRLF, 75 octets, no split UTF-8, DTEND after DTSTART,
    one UID per event, no UID twice) passes.
Every Atom and RSS file: xmllint finds it well-formed; feedparser reads it
with bozo == 0 and every entry has an id, a title, a link and parsed
dates; Atom validates against tests/clients/atom.rng (RFC 4287 in
RELAX NG) with `xmllint --relaxng`; both follow the W3C Feed Validator's
rules (w3c_atom and w3c_rss say which). Every JSON Feed: JSON Feed 1.1's
fields and ours.
End to end, on feeds/example/, tests/clients/seeds/ and, when present,
/work/shared/corpus/seeds/:
  - two runs give the same bytes, in all four formats, on stdout and -o;
  - round trip: libical's reading of our .ics equals the JSON-lines events;
  - adding an unrelated document changes no existing UID in any format;
  - a hostile article comes out escaped in all four formats (no property,
    element or script injected; valid UTF-8), checked on the bytes.
Prints "ok N - ..." / "not ok N - ..." and exits 1 when anything failed.
"""

import argparse
import datetime
import email.utils
import glob
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
GOLDEN = os.path.join(os.path.dirname(HERE), "golden")
RNG = os.path.join(HERE, "atom.rng")
NOW = "2026-01-01T00:00:00Z"
BASE = "https://example.org/chronicle/"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

n = 0
failed = 0
TMP = None
ICS_CHECK = None


def ok(cond, desc, detail=""):
    global n, failed
    n += 1
    print("%sok %d - %s" % ("" if cond else "not ", n, desc))
    if not cond:
        failed += 1
        if detail:
            if not isinstance(detail, str):
                detail = "\n".join(str(d) for d in detail) if isinstance(detail, (list, tuple, set)) else str(detail)
            for line in detail.splitlines()[:20]:
                print("# " + line)
    sys.stdout.flush()
    return cond


def save(data, suffix):
    fd, path = tempfile.mkstemp(suffix=suffix, dir=TMP)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return path


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120, **kw)


# ---- what the W3C Feed Validator holds URIs and dates to ---------------------

FULL_URI = re.compile(r"^[a-zA-Z][0-9a-zA-Z+\-.]*:(//)?[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]+$")
URN = re.compile(r"^urn:[a-zA-Z0-9][a-zA-Z0-9-]{1,31}:([a-zA-Z0-9()+,.:=@;$_!*'\-]|%[0-9A-Fa-f]{2})+$", re.I)
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
RFC2822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d? (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                     r"\d{4} \d\d:\d\d(:\d\d)? ([+-]\d\d[03]0|UT|GMT|Z)$")
LANG_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def full_uri(u):
    """An absolute URI: urn: by RFC 8141's syntax, http(s) with a host, the
    rest by RFC 2396's characters (non-ASCII must be percent-encoded)."""
    if not u:
        return False
    if u.lower().startswith("urn:"):
        return bool(URN.match(u))
    if not FULL_URI.match(u):
        return False
    if u.split(":")[0].lower() in ("http", "https"):
        return bool(re.match(r"^https?://[^/]", u, re.I))
    return True


def rfc3339(s):
    if not s or not RFC3339.match(s):
        return None
    try:
        t = datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.year >= 1970 else None


def rfc822(s):
    """None unless s is RFC 822 with a four-digit year and its true weekday."""
    if not s or not RFC2822.match(s):
        return None
    t = email.utils.parsedate_to_datetime(s)
    if WEEKDAYS[t.weekday()] != s[:3] or t.year < 1970:
        return None
    return t


class HtmlScan(html.parser.HTMLParser):
    """What an entry body may hold: the few tags the writers use, href on
    <a> only, and that an absolute http(s) URL."""
    TAGS = {"p", "strong", "em", "blockquote", "br", "a"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.TAGS:
            self.problems.append("tag <%s>" % tag)
        for k, v in attrs:
            if tag != "a" or k != "href":
                self.problems.append("attribute %s on <%s>" % (k, tag))
            elif not (full_uri(v) and v.lower().startswith(("http://", "https://"))):
                self.problems.append("href %r" % v)

    def handle_endtag(self, tag):
        if tag not in self.TAGS:
            self.problems.append("tag </%s>" % tag)

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.problems.append("comment")

    def handle_pi(self, data):
        self.problems.append("processing instruction")

    def unknown_decl(self, data):
        self.problems.append("declaration %r" % data[:20])


def html_problems(fragment):
    h = HtmlScan()
    h.feed(fragment)
    h.close()
    return h.problems


# ---- iCalendar ----------------------------------------------------------------

def calcurse_import(path):
    """(apps + events, skipped, report) from `calcurse -i`, or raises."""
    d = tempfile.mkdtemp(dir=TMP)
    env = dict(os.environ, HOME=d, XDG_CONFIG_HOME=d, XDG_DATA_HOME=d, TZ="UTC")
    p = subprocess.run(["calcurse", "-D", d, "-i", path], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, timeout=120)
    out = p.stdout.decode("utf-8", "replace")
    m = re.search(r"(\d+) apps? / (\d+) events? / (\d+) todos? / (\d+) skipped", out)
    shutil.rmtree(d, ignore_errors=True)
    if p.returncode != 0 or not m:
        raise RuntimeError("calcurse exit %d: %s" % (p.returncode, out[-500:]))
    return int(m.group(1)) + int(m.group(2)), int(m.group(4)), out


def ics_check(data):
    """The JSON report of tests/clients/ics_check.c on data."""
    p = run([ICS_CHECK, "-"], input=data)
    return json.loads(p.stdout.decode("utf-8").splitlines()[0])


def check_ics(data, name, want_events=None, summaries=()):
    """All the iCalendar clients on data; returns ics_check's events."""
    import icalendar
    import vobject
    try:
        cal = icalendar.Calendar.from_ical(data)
    except Exception as e:  # the library raises ValueError and others
        ok(False, "%s: python3-icalendar parses it" % name, e)
        cal = None
    if cal is not None:
        events = list(cal.walk("VEVENT"))
        ok(True, "%s: python3-icalendar parses it (%d events)" % (name, len(events)))
        if want_events is not None:
            ok(len(events) == want_events, "%s: %d events" % (name, want_events), "found %d" % len(events))
        want_events = len(events)
        bad = [str(e.get("UID")) for e in events
               if e.get("DTEND") is not None and not e.get("DTEND").dt > e.get("DTSTART").dt]
        ok(not bad, "%s: python3-icalendar sees every DTEND after its DTSTART" % name, bad)
        got = set(str(e.get("SUMMARY")) for e in events)
        for want in summaries:
            ok(want in got, "%s: SUMMARY %r reads back" % (name, want[:40]), sorted(got))
    try:
        cals = list(vobject.readComponents(data.decode("utf-8")))
        good = len(cals) == 1 and cals[0].validate(raiseException=True)
        nv = len(getattr(cals[0], "vevent_list", [])) if cals else -1
        ok(good and (want_events is None or nv == want_events),
           "%s: python3-vobject validate(raiseException=True) accepts it (%d events)" % (name, nv))
    except Exception as e:
        ok(False, "%s: python3-vobject validate(raiseException=True) accepts it" % name, repr(e))
    path = save(data, ".ics")
    try:
        imported, skipped, report = calcurse_import(path)
        ok(skipped == 0 and (want_events is None or imported == want_events),
           "%s: calcurse -i imports %d events, %d skipped" % (name, imported, skipped), report)
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as e:
        ok(False, "%s: calcurse -i runs" % name, e)
    report = ics_check(data)
    ok(not report["errors"], "%s: libical restrictions and X-LIC-ERROR, byte-level lint pass" % name,
       report["errors"])
    if want_events is not None:
        ok(len(report["events"]) == want_events, "%s: libical reads %d events" % (name, want_events),
           "read %d" % len(report["events"]))
    return report["events"]


# ---- Atom and RSS ---------------------------------------------------------------

def xmllint(path, name, schema=None):
    cmd = ["xmllint", "--noout"] + (["--relaxng", schema] if schema else []) + [path]
    try:
        p = run(cmd)
        what = "validates against tests/clients/atom.rng (RFC 4287)" if schema else "xmllint --noout accepts it"
        ok(p.returncode == 0, "%s: %s" % (name, what), p.stderr.decode("utf-8", "replace"))
    except OSError as e:
        ok(False, "%s: xmllint runs" % name, e)


def check_feedparser(data, name, want_entries=None, title_has=None, need_link=True):
    import feedparser
    d = feedparser.parse(data)
    ok(d.bozo == 0, "%s: feedparser bozo == 0" % name, repr(getattr(d, "bozo_exception", "")))
    ok(d.version in ("atom10", "rss20"), "%s: feedparser sees %s" % (name, d.version or "no feed"))
    if want_entries is not None:
        ok(len(d.entries) == want_entries, "%s: feedparser finds %d entries" % (name, want_entries),
           "found %d" % len(d.entries))
    missing = []
    for e in d.entries:
        for key in ("id", "title") + (("link",) if need_link else ()):
            if not e.get(key):
                missing.append("%s: no %s" % (e.get("id"), key))
        if not (e.get("published_parsed") or e.get("updated_parsed")):
            missing.append("%s: no parsed date" % e.get("id"))
    ok(not missing, "%s: every entry has id, title%s and a parsed published/updated date"
       % (name, ", link" if need_link else ""), missing)
    if title_has:
        titles = [e.get("title", "") for e in d.entries]
        ok(any(title_has in t for t in titles), "%s: a title reads %r" % (name, title_has[:50]), titles)
    return d


def w3c_atom(data, name, base):
    p = w3c_atom_problems(data, base)
    return ok(not p, "%s: follows the W3C Feed Validator's Atom rules" % name, p)


def w3c_atom_problems(data, base):
    """The Feed Validator's Atom rules that our output can break: RFC 4287's
    requirements RELAX NG cannot state, absolute ids and links, RFC 3339
    dates after 1970, valid xml:lang, known text types, safe HTML with
    absolute links, unique ids and alternate links, self link."""
    p = []
    root = ET.fromstring(data)
    if root.tag != ATOM + "feed":
        return ["not an Atom feed"]
    entries = root.findall(ATOM + "entry")
    for scope in [root] + entries:
        for req in ("id", "title", "updated"):
            if len(scope.findall(ATOM + req)) != 1:
                p.append("%s: not one %s" % (scope.findtext(ATOM + "id") or scope.tag, req))
    if root.find(ATOM + "author") is None and not all(e.find(ATOM + "author") is not None for e in entries):
        p.append("no author on the feed nor on every entry")
    for el in root.iter():
        lang = el.get(XML_LANG)
        if lang is not None and lang != "" and not LANG_TAG.match(lang):
            p.append("xml:lang %r" % lang)
        if el.tag in (ATOM + "title", ATOM + "subtitle", ATOM + "summary", ATOM + "rights", ATOM + "content"):
            if el.get("type", "text") not in ("text", "html", "xhtml"):
                p.append("%s type %r" % (el.tag, el.get("type")))
            if el.get("type") == "html":
                p += ["%s: %s" % (el.tag[len(ATOM):], x) for x in html_problems(el.text or "")]
        if el.tag == ATOM + "link":
            if not full_uri(el.get("href")):
                p.append("link href %r not an absolute URI" % el.get("href"))
        if el.tag in (ATOM + "updated", ATOM + "published") and not rfc3339(el.text):
            p.append("date %r" % el.text)
        if el.tag == ATOM + "id" and not full_uri(el.text):
            p.append("id %r not an absolute URI" % el.text)
        if el.tag == ATOM + "generator" and el.get("uri") is not None and not full_uri(el.get("uri")):
            p.append("generator uri %r" % el.get("uri"))
        if el.tag == ATOM + "category" and not el.get("term"):
            p.append("category without term")
    for scope in [root] + entries:
        seen = set()
        for link in scope.findall(ATOM + "link"):
            if link.get("rel", "alternate") == "alternate":
                key = (link.get("type"), link.get("hreflang"))
                if key in seen:
                    p.append("two alternate links of one type and hreflang")
                seen.add(key)
    ids = [e.findtext(ATOM + "id") for e in entries]
    if len(ids) != len(set(ids)):
        p.append("an entry id appears twice")
    stamps = []
    for e in entries:
        up, pub = rfc3339(e.findtext(ATOM + "updated")), rfc3339(e.findtext(ATOM + "published") or "")
        if up and pub and pub > up:
            p.append("%s published after updated" % e.findtext(ATOM + "id"))
        stamps.append(up)
    if None not in stamps and stamps != sorted(stamps, reverse=True):
        p.append("entries not newest first")
    if base:
        selfs = [l for l in root.findall(ATOM + "link") if l.get("rel") == "self"]
        if len(selfs) != 1 or selfs[0].get("href") != base + "atom.xml" or \
                selfs[0].get("type") != "application/atom+xml":
            p.append("self link is not %satom.xml" % base)
    return p


RSS_CHANNEL = {"title", "link", "description", "language", "copyright", "managingEditor", "webMaster",
               "pubDate", "lastBuildDate", "category", "generator", "docs", "cloud", "ttl", "image",
               "rating", "textInput", "skipHours", "skipDays", "item"}
RSS_ITEM = {"title", "link", "description", "author", "category", "comments", "enclosure", "guid",
            "pubDate", "source"}


def w3c_rss(data, name, base):
    p = w3c_rss_problems(data, base)
    return ok(not p, "%s: follows the W3C Feed Validator's RSS 2.0 rules" % name, p)


def w3c_rss_problems(data, base):
    """The Feed Validator's RSS 2.0 rules that our output can break:
    version 2.0, required channel elements, absolute links, RFC 822 dates
    with four-digit years and the true weekday, guid isPermaLink="false"
    with a valid urn:uuid, unique guids, atom:link rel="self" in the Atom
    namespace, no undefined elements, safe HTML with absolute links."""
    p = []
    root = ET.fromstring(data)
    if root.tag != "rss" or root.get("version") != "2.0":
        return ["not RSS 2.0"]
    channels = root.findall("channel")
    if len(channels) != 1:
        return ["not one channel"]
    ch = channels[0]
    for req in ("title", "link", "description"):
        if len(ch.findall(req)) != 1 or not (ch.findtext(req) or "").strip():
            p.append("channel %s missing" % req)
    if not full_uri(ch.findtext("link")):
        p.append("channel link %r not an absolute URI" % ch.findtext("link"))
    for d in ("lastBuildDate", "pubDate"):
        if ch.find(d) is not None and not rfc822(ch.findtext(d)):
            p.append("channel %s %r" % (d, ch.findtext(d)))
    if ch.find("ttl") is not None and not (ch.findtext("ttl") or "").isdigit():
        p.append("ttl %r" % ch.findtext("ttl"))
    for el in ch:
        if not el.tag.startswith("{") and el.tag not in RSS_CHANNEL:
            p.append("undefined channel element %s" % el.tag)
    selfs = [l for l in ch.findall(ATOM + "link") if l.get("rel") == "self"]
    for l in ch.findall(ATOM + "link"):
        if not full_uri(l.get("href")):
            p.append("atom:link href %r" % l.get("href"))
    if base and (len(selfs) != 1 or selfs[0].get("href") != base + "rss.xml" or
                 selfs[0].get("type") != "application/rss+xml"):
        p.append("no atom:link rel=self to %srss.xml" % base)
    guids = []
    for it in ch.findall("item"):
        for el in it:
            if not el.tag.startswith("{") and el.tag not in RSS_ITEM:
                p.append("undefined item element %s" % el.tag)
        if not (it.findtext("title") or it.findtext("description")):
            p.append("item without title or description")
        g = it.find("guid")
        if g is None or g.get("isPermaLink") != "false" or not URN.match(g.text or "") or \
                not (g.text or "").startswith("urn:uuid:"):
            p.append("guid %r" % (g.text if g is not None else None))
        else:
            guids.append(g.text)
        if not rfc822(it.findtext("pubDate")):
            p.append("pubDate %r" % it.findtext("pubDate"))
        if it.find("link") is not None and not full_uri(it.findtext("link")):
            p.append("item link %r" % it.findtext("link"))
        p += ["description: " + x for x in html_problems(it.findtext("description") or "")]
        if any(not (c.text or "").strip() for c in it.findall("category")):
            p.append("empty category")
    if len(guids) != len(set(guids)):
        p.append("a guid appears twice")
    return p


def check_atom(data, name, base=None, want_entries=None, title_has=None):
    path = save(data, ".xml")
    xmllint(path, name)
    xmllint(path, name, RNG)
    d = check_feedparser(data, name, want_entries, title_has, need_link=base is not None)
    w3c_atom(data, name, base)
    return d


def check_rss(data, name, base=None, want_entries=None, title_has=None):
    xmllint(save(data, ".xml"), name)
    d = check_feedparser(data, name, want_entries, title_has, need_link=base is not None)
    w3c_rss(data, name, base)
    return d


# ---- JSON Feed ----------------------------------------------------------------------

def check_json(data, name, base=None, want_items=None):
    try:
        feed = json.loads(data.decode("utf-8"))
    except ValueError as e:
        ok(False, "%s: JSON parses" % name, e)
        return None
    p = []
    if feed.get("version") != "https://jsonfeed.org/version/1.1":
        p.append("version")
    if not isinstance(feed.get("title"), str) or not feed["title"]:
        p.append("title")
    if base and (feed.get("home_page_url") != base or feed.get("feed_url") != base + "events.json"):
        p.append("home_page_url / feed_url")
    for k in ("home_page_url", "feed_url"):
        if k in feed and not full_uri(feed[k]):
            p.append("%s %r" % (k, feed[k]))
    items = feed.get("items")
    if not isinstance(items, list):
        return ok(False, "%s: JSON Feed 1.1 with items" % name)
    if want_items is not None and len(items) != want_items:
        p.append("%d items, not %d" % (len(items), want_items))
    ids = []
    for it in items:
        ids.append(it.get("id"))
        if not isinstance(it.get("id"), str) or not it["id"]:
            p.append("item without id")
        if "url" in it and not full_uri(it["url"]):
            p.append("url %r" % it["url"])
        if base and "url" not in it:
            p.append("%s: no url" % it.get("id"))
        if not isinstance(it.get("title"), str) or not isinstance(it.get("content_text"), str):
            p.append("%s: title, content_text" % it.get("id"))
        p += ["content_html: " + x for x in html_problems(it.get("content_html", ""))]
        for k in ("date_published", "date_modified"):
            if not rfc3339(it.get(k)):
                p.append("%s %r" % (k, it.get(k)))
        if not isinstance(it.get("tags"), list) or not all(isinstance(t, str) and t for t in it["tags"]):
            p.append("tags")
        x = it.get("_chronicle", {})
        if not all(k in x for k in ("start", "end", "precision", "location", "status", "uid")):
            p.append("%s: _chronicle fields" % it.get("id"))
    if len(ids) != len(set(ids)):
        p.append("an id appears twice")
    ok(not p, "%s: JSON Feed 1.1 fields (version, title, items with id, url, title, content_text, "
       "content_html, dates, tags) and _chronicle" % name, p)
    return feed


# ---- golden files ----------------------------------------------------------------------

def golden():
    def read(f):
        with open(os.path.join(GOLDEN, f), "rb") as fh:
            return fh.read()
    fete = "F\u00eate de la Musique \u00e0 Lyon: \u00fcn\u00efc\u00f6d\u00e9 \u6771\u4eac \U0001F3B6"
    hostile = ("Evil END:VEVENT BEGIN:VEVENT; a, b \\ c </title><script>alert(1)</script> ]]> "
               "bad\ufffd\ufffd utf8 \"dq\" 'sq' &amp; \U0001F389 \u05e9\u05dc\u05d5\u05dd "
               "\u0645\u0631\u062d\u0628\u0627")
    gbase = "https://example.org/feeds/tests/"
    check_atom(read("events.atom.xml"), "events.atom.xml", gbase, 6, fete)
    check_rss(read("events.rss.xml"), "events.rss.xml", gbase, 6, fete)
    check_atom(read("hostile.atom.xml"), "hostile.atom.xml", gbase, 2, hostile)
    check_rss(read("hostile.rss.xml"), "hostile.rss.xml", gbase, 2, hostile)
    events = check_ics(read("events.ics"), "events.ics", 6, (fete, "Workshop on calendars"))
    by = {e["summary"]: e for e in events}
    w = by.get("Workshop on calendars", {})
    ok(w.get("dtstart") == "2018-01-30" and w.get("dtend") == "2018-02-01",
       "events.ics: libical sees 2018-01-30 to 2018-02-01 (exclusive)", w)
    w = by.get("Press conference", {})
    ok(w.get("dtstart") == "2018-02-05T13:00:00Z" and w.get("dtend") == "2018-02-05T15:30:00Z",
       "events.ics: 14:00-16:30 at UTC+01:00 is 13:00Z-15:30Z", w)
    check_ics(read("hostile.ics"), "hostile.ics", 2, (hostile,))
    check_json(read("events.json"), "events.json", gbase, 6)
    check_json(read("hostile.json"), "hostile.json", gbase, 2)


def lint_checks_fail():
    """The byte-level lint and the RELAX NG schema must fail on broken
    files, or passing them means nothing."""
    with open(os.path.join(GOLDEN, "events.ics"), "rb") as fh:
        good = fh.read()
    broken = {
        "a bare LF": good.replace(b"\r\nCALSCALE", b"\nCALSCALE", 1),
        "a line of 98 octets": good.replace(b"SUMMARY:Workshop on calendars", b"SUMMARY:" + b"x" * 90, 1),
        "a fold inside a UTF-8 sequence": good.replace("F\u00ea".encode(), b"F\xc3\r\n \xaa", 1),
        "DTEND before DTSTART": good.replace(b"DTEND;VALUE=DATE:20180201", b"DTEND;VALUE=DATE:20180129", 1),
        "a UID used twice": good.replace(b"UID:6f1c3a52-0b7e-5c1d-9a43-1e2f3a4b5c06",
                                          b"UID:6f1c3a52-0b7e-5c1d-9a43-1e2f3a4b5c03", 1),
        "two UIDs in one event": good.replace(b"UID:6f1c3a52-0b7e-5c1d-9a43-1e2f3a4b5c06",
                                              b"UID:6f1c3a52-0b7e-5c1d-9a43-1e2f3a4b5c06\r\nUID:x", 1),
        "an unparseable DTSTART": good.replace(b"DTSTART;VALUE=DATE:20180130", b"DTSTART;VALUE=DATE:2018013", 1),
        "a STATUS no event may have": good.replace(b"STATUS:CONFIRMED", b"STATUS:MAYBE", 1),
    }
    missed = [k for k, v in broken.items() if v == good or not ics_check(v)["errors"]]
    ok(not missed, "ics_check finds each of: " + ", ".join(broken), ["missed: " + m for m in missed])
    with open(os.path.join(GOLDEN, "events.atom.xml"), "rb") as fh:
        atom = fh.read()
    bad = {
        "an entry without id": re.sub(rb"<id>urn:uuid:[^<]*5c06</id>", b"", atom, count=1),
        "a date without zone": atom.replace(b"2018-01-05T00:00:00Z", b"2018-01-05T00:00:00", 1),
        "a second feed title": atom.replace(b"</author>", b"</author><title>x</title>", 1),
        "a category without term": atom.replace(b'<category term="day"/>', b"<category/>", 1),
        "a text type that is none": atom.replace(b'<summary type="text">', b'<summary type="rich">', 1),
    }
    missed = []
    for k, v in bad.items():
        p = run(["xmllint", "--noout", "--relaxng", RNG, save(v, ".xml")])
        if v == atom or p.returncode == 0:
            missed.append(k)
    ok(not missed, "atom.rng rejects " + ", ".join(bad), ["missed: " + m for m in missed])
    gbase = "https://example.org/feeds/tests/"
    bad["a relative link"] = atom.replace(b'href="https://example.org/news/budget"', b'href="news/budget"', 1)
    bad["a raw non-ASCII link"] = atom.replace(b"f%C3%AAte", "f\u00eate".encode(), 1)
    bad["an entry id twice"] = atom.replace(b"5c05</id>", b"5c06</id>", 1)
    bad["entries out of order"] = atom.replace(b"<updated>2018-01-16T00:00:00Z", b"<updated>2018-01-01T00:00:00Z", 1)
    bad["a script in content"] = atom.replace(b"&lt;em&gt;", b"&lt;script&gt;", 1)
    bad["no self link"] = atom.replace(b'rel="self"', b'rel="related"', 1)
    missed = [k for k, v in bad.items() if v == atom or not w3c_atom_problems(v, gbase)]
    ok(not missed, "the Atom rules find each of: " + ", ".join(bad), ["missed: " + m for m in missed])
    with open(os.path.join(GOLDEN, "events.rss.xml"), "rb") as fh:
        rss = fh.read()
    bad = {
        "a wrong weekday": rss.replace(b"Wed, 03 Jan 2018", b"Thu, 03 Jan 2018", 1),
        "a two-digit year": rss.replace(b"Wed, 03 Jan 2018", b"Wed, 03 Jan 18", 1),
        "a guid that is a permalink": rss.replace(b'isPermaLink="false"', b'isPermaLink="true"', 1),
        "a guid twice": rss.replace(b"5c05</guid>", b"5c06</guid>", 1),
        "a relative item link": rss.replace(b"<link>https://example.org/news/budget", b"<link>news/budget", 1),
        "no channel link": re.sub(rb"<link>https://example.org/feeds/tests/</link>", b"", rss, count=1),
        "a self link outside the Atom namespace": rss.replace(b"<atom:link", b"<link", 1).replace(b'rel="self" type="application/rss+xml"/>', b'rel="self" type="application/rss+xml"></link>', 1),
        "an element RSS 2.0 does not define": rss.replace(b"<ttl>", b"<refresh>1</refresh><ttl>", 1),
    }
    missed = [k for k, v in bad.items() if v == rss or not w3c_rss_problems(v, gbase)]
    ok(not missed, "the RSS rules find each of: " + ", ".join(bad), ["missed: " + m for m in missed])


# ---- end to end ----------------------------------------------------------------------------

def chronicle(binary, args, files, allow_warning=False):
    p = run([binary, "events"] + args + files)
    good = p.returncode == 0 or (allow_warning and p.returncode == 1 and b"repaired" in p.stderr)
    return p.stdout if good and p.stdout else None, p


def jsonl(data):
    return [json.loads(l) for l in data.decode("utf-8").splitlines() if l.strip()]


def clean_line(s):
    """The writers' documented cleaning of one-line text: controls dropped,
    white space runs as one space, trimmed."""
    s = "".join(c for c in s if not (ord(c) < 0x20 and c not in "\t\n\r") and c != "\x7f"
                and not 0x80 <= ord(c) < 0xA0 and c not in "\ufffe\uffff")
    return re.sub(r"[ \t\r\n\f\v]+", " ", s).strip()


def expected_ics(e):
    """(DTSTART, DTEND) as RFC 5545 and the README say an event becomes:
    all-day with the day after `end`; a time in UTC when the zone is known,
    floating otherwise; an hour long when no end time is stated."""
    def day(s):
        return datetime.date.fromisoformat(s)
    start, end = day(e["start"]), day(e["end"])
    if "time" not in e or e["precision"] != "day":
        return e["start"], (end + datetime.timedelta(days=1)).isoformat()

    def at(d, hm):
        h, m = map(int, hm.split(":"))
        t = datetime.datetime(d.year, d.month, d.day) + datetime.timedelta(hours=h, minutes=m)
        if "tz" in e:
            sign = -1 if e["tz"][0] == "-" else 1
            th, tm = map(int, e["tz"][1:].split(":"))
            t -= sign * datetime.timedelta(hours=th, minutes=tm)
        return t

    def fmt(t):
        return t.strftime("%Y-%m-%dT%H:%M:%S") + ("Z" if "tz" in e else "")
    s = at(start, e["time"])
    if "end_time" in e:
        t = at(end, e["end_time"])
        if t <= s:
            t = at(end + datetime.timedelta(days=1), e["end_time"])
    elif end > start:
        t = at(end + datetime.timedelta(days=1), "00:00")
    else:
        t = s + datetime.timedelta(hours=1)
    return fmt(s), fmt(t)


def round_trip(binary, files, name):
    lines, p = chronicle(binary, ["--now", NOW], files, allow_warning=True)
    ics, p2 = chronicle(binary, ["-t", "ics", "--now", NOW, "--calendar-precision", "all"], files,
                        allow_warning=True)
    if not ok(lines is not None and ics is not None, "%s round trip: chronicle writes jsonl and ics" % name,
              (p.stderr + p2.stderr).decode("utf-8", "replace")):
        return
    want = {e["uid"]: e for e in jsonl(lines)}
    got = {e["uid"]: e for e in ics_check(ics)["events"]}
    ok(set(want) == set(got), "%s round trip: libical reads the same %d UIDs as the jsonl events"
       % (name, len(want)), sorted(set(want) ^ set(got)))
    diffs = []
    for uid in sorted(set(want) & set(got)):
        e, g = want[uid], got[uid]
        s, t = expected_ics(e)
        exp = {"dtstart": s, "dtend": t, "summary": clean_line(e["title"]) or "Untitled event",
               "location": clean_line(e["location"]) if e.get("location") else None,
               "status": e["status"].upper()}
        for k, v in exp.items():
            if g.get(k) != v:
                diffs.append("%s %s: ics %r, jsonl gives %r" % (uid, k, g.get(k), v))
    ok(not diffs, "%s round trip: UID, DTSTART, DTEND, SUMMARY, LOCATION, STATUS match the jsonl events"
       % name, diffs)


def ids_of(fmt, data):
    if fmt == "ics":
        return {e["uid"] for e in ics_check(data)["events"]}
    if fmt == "json":
        return {i["id"][len("urn:uuid:"):] for i in json.loads(data)["items"]}
    if fmt == "jsonl":
        return {e["uid"] for e in jsonl(data)}
    root = ET.fromstring(data)
    if fmt == "atom":
        return {e.findtext(ATOM + "id")[len("urn:uuid:"):] for e in root.findall(ATOM + "entry")}
    return {g.text[len("urn:uuid:"):] for g in root.iter("guid")}


def uid_stability(binary, files, extra, name):
    """Adding an unrelated document keeps every existing UID, in every
    format; the new ones are exactly the new document's events."""
    alone, _ = chronicle(binary, ["--now", NOW], [extra])
    new = ids_of("jsonl", alone) if alone else set()
    ok(bool(new), "%s: the unrelated document has events of its own" % name)
    before_events = {e["uid"]: e for e in jsonl(chronicle(binary, ["--now", NOW], files)[0] or b"")}
    after_events = {e["uid"]: e for e in jsonl(chronicle(binary, ["--now", NOW], files + [extra])[0] or b"")}
    changed = [u for u in before_events if u in after_events and
               any(before_events[u][k] != after_events[u][k] for k in ("doc", "start", "end", "title"))]
    ok(not changed and before_events, "%s: a UID names the same event before and after" % name, changed)
    for fmt in ("jsonl", "ics", "atom", "rss", "json"):
        args = ["-t", fmt, "--now", NOW, "--base-url", BASE] + (["--calendar-precision", "all"] if fmt == "ics" else [])
        a, _ = chronicle(binary, args, files)
        b, _ = chronicle(binary, args, files + [extra])
        r, _ = chronicle(binary, args, [extra] + files[::-1])
        if not ok(a and b and r, "%s %s: chronicle runs with and without the extra document" % (name, fmt)):
            continue
        ia, ib, ir = ids_of(fmt, a), ids_of(fmt, b), ids_of(fmt, r)
        ok(ia and ia <= ib and ib - ia == new,
           "%s %s: adding an unrelated document keeps all %d UIDs and adds only its %d" % (name, fmt, len(ia), len(new)),
           ["lost: %s" % sorted(ia - ib), "added: %s" % sorted(ib - ia - new)])
        ok(ir == ib, "%s %s: the order of the files changes no UID" % (name, fmt))
        if fmt != "jsonl":
            ok(r == b, "%s %s: the order of the files changes no byte" % (name, fmt))


def end_to_end(binary, files, name, base):
    tag = "%s%s" % (name, " --base-url" if base else "")
    for fmt in ("jsonl", "ics", "atom", "rss", "json"):
        args = ["-t", fmt, "--now", NOW] + (["--base-url", base] if base else [])
        out, p = chronicle(binary, args, files)
        if not ok(out is not None, "%s %s: chronicle events -t %s on %d files" % (tag, fmt, fmt, len(files)),
                  p.stderr.decode("utf-8", "replace")[-2000:]):
            continue
        again, _ = chronicle(binary, args, files)
        target = os.path.join(TMP, "out." + fmt)
        _, p3 = chronicle(binary, args + ["-o", target], files)
        with open(target, "rb") as fh:
            written = fh.read()
        ok(again == out and written == out, "%s %s: two runs give the same bytes, on stdout and in -o FILE"
           % (tag, fmt))
        if fmt == "ics":
            check_ics(out, "%s ics" % tag)
        elif fmt == "atom":
            check_atom(out, "%s atom" % tag, base)
        elif fmt == "rss":
            check_rss(out, "%s rss" % tag, base)
        elif fmt == "json":
            check_json(out, "%s json" % tag, base)


def hostile(binary):
    """An article written to break each format, through the whole tool;
    checked on the bytes as well as by the clients."""
    src = os.path.join(HERE, "hostile", "hostile-article.txt")
    for bad in ("javascript:alert(1)//", "feeds/", "https://"):
        p = run([binary, "events", "-t", "atom", "--base-url", bad, src])
        ok(p.returncode == 2 and not p.stdout and b"--base-url" in p.stderr,
           "hostile: --base-url %s is a usage error, nothing written" % bad)
    events = jsonl(chronicle(binary, ["--now", NOW], [src], allow_warning=True)[0] or b"")
    ok(len(events) == 4, "hostile: the article gives 4 events", [e.get("title") for e in events])
    outs = {}
    for fmt in ("ics", "atom", "rss", "json"):
        out, p = chronicle(binary, ["-t", fmt, "--now", NOW, "--base-url", BASE] +
                           (["--calendar-precision", "all"] if fmt == "ics" else []), [src], allow_warning=True)
        if ok(out is not None, "hostile %s: written (invalid UTF-8 repaired with a warning)" % fmt,
              p.stderr.decode("utf-8", "replace")):
            outs[fmt] = out
    for fmt, out in outs.items():
        try:
            text = out.decode("utf-8")
            bad = [hex(ord(c)) for c in text if ord(c) < 0x20 and c not in "\t\n\r" or 0x7f <= ord(c) < 0xa0]
            ok(not bad, "hostile %s: valid UTF-8 without control characters" % fmt, bad[:5])
        except UnicodeDecodeError as e:
            ok(False, "hostile %s: valid UTF-8" % fmt, e)
    if "ics" in outs:
        out = outs["ics"]
        check_ics(out, "hostile ics", 4)
        unfolded = out.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").decode("utf-8")
        known = {"BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "NAME", "X-WR-CALNAME", "X-WR-CALDESC",
                 "DESCRIPTION", "REFRESH-INTERVAL", "X-PUBLISHED-TTL", "SOURCE", "URL", "UID", "DTSTAMP",
                 "CREATED", "LAST-MODIFIED", "SEQUENCE", "DTSTART", "DTEND", "SUMMARY", "LOCATION",
                 "CATEGORIES", "STATUS"}
        names = [re.split(r"[;:]", l, 1)[0] for l in unfolded.split("\r\n") if l]
        ok(not [x for x in names if x not in known] and names.count("BEGIN") == 5 and names.count("END") == 5,
           "hostile ics: every line is a property we write; 1 calendar and 4 events begin and end",
           [x for x in names if x not in known])
        ok("UID:evil" not in unfolded and "\r\nSUMMARY:The <b" not in unfolded,
           "hostile ics: the article's own UID and SUMMARY lines stay text")
        summaries = {e["summary"] for e in ics_check(out)["events"]}
        want = "A, b \\ c \U0001F389 \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 will be held in Geneva"
        ok(want in summaries, "hostile ics: ; , \\ emoji and right-to-left text read back as written", summaries)
    for fmt in ("atom", "rss"):
        if fmt not in outs:
            continue
        out = outs[fmt]
        (check_atom if fmt == "atom" else check_rss)(out, "hostile " + fmt, BASE, 4)
        ok(b"<script" not in out and b"]]>" not in out and b"<![CDATA[" not in out and b"<b " not in out,
           "hostile %s: no raw <script, <b, ]]> or <![CDATA[ in the bytes" % fmt)
        tag = b"<entry>" if fmt == "atom" else b"<item>"
        ok(out.count(tag) == 4 and out.count(tag.replace(b"<", b"</")) == 4,
           "hostile %s: exactly 4 %s elements open and close" % (fmt, tag.decode()))
        import feedparser
        titles = [e.title for e in feedparser.parse(out).entries]
        ok(any('<b onmouseover="x">injected</b> meeting]]></title><entry>' in t for t in titles),
           "hostile %s: markup in a title reads back as text" % fmt, titles)
    if "json" in outs:
        feed = check_json(outs["json"], "hostile json", BASE, 4)
        if feed:
            titles = [i["title"] for i in feed["items"]]
            ok(any("\\ c \U0001F389 \u05e9\u05dc\u05d5\u05dd" in t for t in titles) and
               any("<b onmouseover" in t for t in titles),
               "hostile json: titles are the text as written, one string each", titles)


def built_feed(binary):
    """What subscribers get: `chronicle build` on a feed of the example
    articles (through the store, as `make run` serves it), every output
    through every check."""
    d = tempfile.mkdtemp(dir=TMP)
    feed = os.path.join(d, "test.feed")
    with open(feed, "w", encoding="utf-8") as fh:
        fh.write("title = clients test\ndescription = The example articles\n"
                 "base_url = %s\nauthor = chronicle tests\nsources = \"%s\"\n"
                 "output = out\ncalendar_precision = all\n"
                 % (BASE, os.path.join(TOP, "feeds", "example")))
    p = run([binary, "build", "--quiet", "--now", NOW, feed])
    if not ok(p.returncode == 0, "chronicle build: builds the example feed",
              p.stderr.decode("utf-8", "replace")):
        return
    files = {}
    for f in ("calendar.ics", "atom.xml", "rss.xml", "events.json"):
        path = os.path.join(d, "out", f)
        if ok(os.path.isfile(path), "chronicle build: writes %s" % f):
            with open(path, "rb") as fh:
                files[f] = fh.read()
    if "calendar.ics" in files:
        check_ics(files["calendar.ics"], "build calendar.ics")
    if "atom.xml" in files:
        check_atom(files["atom.xml"], "build atom.xml", BASE)
    if "rss.xml" in files:
        check_rss(files["rss.xml"], "build rss.xml", BASE)
    if "events.json" in files:
        check_json(files["events.json"], "build events.json", BASE)
    p = run([binary, "build", "--quiet", "--now", "2026-02-01T00:00:00Z", feed])
    same = True
    for f, data in files.items():
        with open(os.path.join(d, "out", f), "rb") as fh:
            same = same and fh.read() == data
    ok(p.returncode == 0 and same, "chronicle build: a second build with nothing new writes the same bytes")


def main():
    global TMP, ICS_CHECK
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="build/chronicle")
    ap.add_argument("--ics-check", default=None, help="default: clients/ics_check beside the binary")
    args = ap.parse_args()
    missing = []
    for mod in ("feedparser", "icalendar", "vobject"):
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
    binary = os.path.abspath(args.binary)
    ICS_CHECK = os.path.abspath(args.ics_check or os.path.join(os.path.dirname(binary), "clients", "ics_check"))
    tools = [t for t in ("calcurse", "xmllint") if not shutil.which(t)]
    if not ok(not missing and not tools, "client libraries and tools installed (make deps)",
              "missing: " + " ".join(missing + tools)):
        print("1..%d" % n)
        return 1
    if not ok(os.access(ICS_CHECK, os.X_OK) and os.access(binary, os.X_OK),
              "chronicle and ics_check are built", "%s, %s" % (binary, ICS_CHECK)):
        print("1..%d" % n)
        return 1
    TMP = tempfile.mkdtemp(prefix="chronicle-clients-")
    try:
        golden()
        lint_checks_fail()
        example = sorted(glob.glob(os.path.join(TOP, "feeds", "example", "*")))
        ours = sorted(glob.glob(os.path.join(HERE, "seeds", "*.txt")))
        shared = sorted(glob.glob("/work/shared/corpus/seeds/*.txt"))
        extra = os.path.join(HERE, "extra", "unrelated-library.txt")
        sets = [("e2e example+seeds", example + ours)]
        if shared:
            sets.append(("e2e shared seeds", shared))
        for name, files in sets:
            for base in (None, BASE):
                end_to_end(binary, files, name, base)
            round_trip(binary, files, name)
        uid_stability(binary, example + ours, extra, "uid")
        built_feed(binary)
        hostile(binary)
        round_trip(binary, [os.path.join(HERE, "hostile", "hostile-article.txt")], "hostile")
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
