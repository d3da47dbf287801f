"""The timeline page, index.html, in real headless Chromium.

A feed of invented articles, dated around today (past, under way,
upcoming, a range, a month, a moved and so cancelled date, a tentative
one, a title with markup in it, right-to-left text and invalid UTF-8), is
served by `chronicle serve FEED` on 127.0.0.1. Chromium opens / on a
phone-sized screen, driven through chromedriver's W3C WebDriver HTTP API
with the standard library, and the DOM is checked against the JSON Feed
that the same server publishes: the event count, the order (upcoming
first, soonest first, then past, latest first, under year and month
headings), the marks, the subscribe and autodiscovery links, no script,
the hostile title shown as text, nothing fetched but the page itself.
The writer's own fixture page (tests/unit/write_html.c writes it), whose
events have source URLs and a javascript: one, is opened too, for the
source links. Screenshots are kept in BUILD/test-output/timeline/.
"""

import base64
import datetime as dt
import html.parser
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse

TIMEOUT = 60
BASE_URL = "https://events.example.org/city/"
PHONE = {"width": 390, "height": 844, "pixelRatio": 1.0, "touch": True}


def chromium_binary():
    # Debian's /usr/bin/chromium is a shell wrapper; the browser itself:
    for p in ("/usr/lib/chromium/chromium", shutil.which("chromium") or "",
              shutil.which("chromium-browser") or ""):
        if p and os.access(p, os.X_OK):
            return p
    return None


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class WebDriverError(Exception):
    pass


class WebDriver:
    """Just enough of W3C WebDriver, over http.client, for these checks."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.port = free_port()
        self.log = os.path.join(tmp, "chromedriver.log")
        self.proc = subprocess.Popen(
            ["chromedriver", "--port=%d" % self.port, "--log-path=" + self.log],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.session = None
        deadline = time.time() + 20
        while True:
            try:
                if self.cmd("GET", "/status").get("ready"):
                    break
            except (OSError, WebDriverError):
                pass
            if time.time() > deadline or self.proc.poll() is not None:
                self.quit()
                raise WebDriverError("chromedriver did not start: %s" % self.log_tail())
            time.sleep(0.1)

    def log_tail(self):
        try:
            with open(self.log, "rb") as f:
                return f.read()[-1500:].decode("utf-8", "replace")
        except OSError:
            return "(no log)"

    def cmd(self, method, path, body=None, timeout=TIMEOUT):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            data = json.dumps(body).encode() if body is not None else None
            c.request(method, path, body=data,
                      headers={"Content-Type": "application/json"} if data else {})
            r = c.getresponse()
            reply = json.loads(r.read().decode("utf-8") or "{}")
        finally:
            c.close()
        value = reply.get("value")
        if r.status != 200:
            raise WebDriverError("%s %s: %s" % (method, path, json.dumps(value)[:800]))
        return value

    def start(self, profile):
        args = ["--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
                "--no-default-browser-check", "--user-data-dir=" + profile]
        if os.geteuid() == 0:
            args.append("--no-sandbox")
        caps = {"browserName": "chrome",
                "pageLoadStrategy": "normal",
                "timeouts": {"pageLoad": 30000, "script": 15000},
                "goog:chromeOptions": {"binary": chromium_binary(), "args": args,
                                       "mobileEmulation": {"deviceMetrics": PHONE}}}
        v = self.cmd("POST", "/session", {"capabilities": {"alwaysMatch": caps}})
        self.session = v["sessionId"]

    def s(self, path):
        return "/session/%s%s" % (self.session, path)

    def get(self, url):
        self.cmd("POST", self.s("/url"), {"url": url})

    def js(self, script, *args):
        return self.cmd("POST", self.s("/execute/sync"), {"script": script, "args": list(args)})

    def screenshot(self, path, full=False):
        if full:
            # The whole page, not only the screen: Chromium's own command,
            # which chromedriver passes through.
            v = self.cmd("POST", self.s("/goog/cdp/execute"),
                         {"cmd": "Page.captureScreenshot",
                          "params": {"format": "png", "captureBeyondViewport": True}})
            data = v["data"]
        else:
            data = self.cmd("GET", self.s("/screenshot"))
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def quit(self):
        try:
            if self.session:
                self.cmd("DELETE", self.s(""), timeout=20)
        except (OSError, WebDriverError):
            pass
        self.session = None
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# Everything the checks need from the page, in one round trip.
COLLECT = r"""
const q = (s, r) => Array.from((r || document).querySelectorAll(s));
const txt = e => e ? e.textContent : null;
function heading(li, tag) {
  let h = li.parentElement.previousElementSibling;
  while (h && h.tagName !== tag) h = h.previousElementSibling;
  return txt(h);
}
return {
  title: document.title,
  h1: txt(document.querySelector('h1')),
  viewport: (document.querySelector('meta[name=viewport]') || {}).content || null,
  charset: document.characterSet,
  innerWidth: window.innerWidth,
  scrollWidth: document.documentElement.scrollWidth,
  bodyFont: getComputedStyle(document.body).fontSize,
  styled: q('li.event').every(li => getComputedStyle(li).borderLeftWidth === '4px'),
  scripts: q('script').length + document.scripts.length,
  withSrc: q('[src],[srcset],[poster],[data]').map(e => e.outerHTML.slice(0, 200)),
  links: q('link').map(l => ({rel: l.getAttribute('rel'), type: l.getAttribute('type'),
                              href: l.getAttribute('href')})),
  styles: q('style').map(s => s.textContent).join('\n'),
  styleAttrs: q('[style]').length,
  resources: performance.getEntriesByType('resource').map(r => r.name),
  hrefs: q('[href]').map(e => e.getAttribute('href')),
  nav: q('nav a').map(a => ({cls: a.className, href: a.getAttribute('href'), text: a.textContent})),
  sections: q('main > section').map(s => s.id),
  events: q('li.event').map(li => ({
    id: li.id, cls: li.className.split(/\s+/), start: li.dataset.start, end: li.dataset.end,
    section: li.closest('section').id, year: heading(li, 'H3'), month: heading(li, 'H4'),
    when: txt(li.querySelector('.when time')),
    datetime: (li.querySelector('.when time') || {dateTime: null}).dateTime,
    title: txt(li.querySelector('.title')), where: txt(li.querySelector('.where')),
    tags: q('.tag', li).map(t => t.textContent),
    decoration: getComputedStyle(li.querySelector('.title')).textDecorationLine,
    sources: q('.source a', li).map(a => a.getAttribute('href')),
    visible: li.getBoundingClientRect().width > 0,
    right: li.getBoundingClientRect().right
  }))
};
"""

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def fmt(d):
    return "%d %s %d" % (d.day, MONTHS[d.month - 1], d.year)


def articles(today):
    """Invented articles, dated from today so that past, under way and
    upcoming stay what they are whatever day the suite runs (each date is
    days away from today, so a run across midnight changes nothing)."""
    d = lambda n: today + dt.timedelta(days=n)
    past_a, past_b = d(-130), d(-129)
    return {
        "past.txt": "VIENNA, %s \u2014 The regional energy forum was held on %s and %s "
                    "in Vienna, its organisers said.\n" % (fmt(d(-100)), fmt(past_a), fmt(past_b)),
        "fair.txt": "LYON, %s \u2014 The international book fair will take place from %s "
                    "to %s in Lyon.\n" % (fmt(d(-3)), fmt(d(40)), fmt(d(44))),
        "moved.txt": "GENEVA, %s \u2014 The water summit, originally planned for %s, has "
                     "been moved to %s, the secretariat said.\n" % (fmt(d(-2)), fmt(d(20)), fmt(d(60))),
        "board.txt": "OSLO, %s \u2014 The board will provisionally meet on %s in Oslo.\n"
                     % (fmt(d(-4)), fmt(d(75))),
        "gala.txt": "PORTO, %s \u2014 The <script>alert('x')</script> \"Night\" & Day ]]> gala "
                    "will be held on %s in Porto.\n" % (fmt(d(-5)), fmt(d(90))),
        "expo.txt": "TURIN, %s \u2014 The photography exhibition runs from %s to %s at the "
                    "city museum in Turin.\n" % (fmt(d(-12)), fmt(d(-10)), fmt(d(10))),
        "works.txt": "LEEDS, %s \u2014 Works on the ring road will begin in %s %d.\n"
                     % (fmt(d(-6)), MONTHS[d(200).month - 1], d(200).year),
        "older.txt": "ROME, %s \u2014 The conference on ancient roads took place on %s in "
                     "Rome.\n" % (fmt(d(-300)), fmt(d(-320))),
        # A page with a canonical URL: once HTML is read as HTML, its
        # event links to it (until then the markup is text, and no link).
        "harbour.html": ("<!DOCTYPE html><html><head><title>Harbour</title>"
                         "<link rel=\"canonical\" href=\"https://news.example.org/harbour?a=1&amp;b=2\">"
                         "</head><body><p>BERGEN, %s \u2014 The old harbour baths will reopen "
                         "on %s.</p></body></html>\n" % (fmt(d(-8)), fmt(d(150)))),
        # Right-to-left words, an override character and two bytes that
        # are not UTF-8, all inside the title's clause.
        "rtl.txt": ("HAIFA, %s \u2014 The \u202e festival \u05de\u05d5\u05d6\u05d9\u05e7\u05d4 "
                    "of \u0645\u0631\u062d\u0628\u0627 music \udcff\udcfe will open on %s in "
                    "Haifa.\n" % (fmt(d(-7)), fmt(d(120)))),
    }


class Ctx:
    def __init__(self, binary, res, tmp):
        self.binary = binary
        self.res = res
        self.tmp = tmp
        self.name = "timeline"
        build = os.path.dirname(os.path.abspath(binary))
        self.out = os.path.join(build, "test-output", "timeline")
        self.unit_dir = os.path.join(build, "tests")

    def check(self, cond, what, detail=""):
        return self.res.check(cond, "timeline %s: %s" % (self.name, what),
                              detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)[:3000])


def start_server(c, feed, log_path):
    log = open(log_path, "wb")
    p = subprocess.Popen([c.binary, "serve", "--port", "0", "--poll", "60", feed],
                         stdout=subprocess.PIPE, stderr=log)
    log.close()
    line = p.stdout.readline().decode("utf-8", "replace")
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        p.kill()
        p.wait()
        with open(log_path, "rb") as f:
            raise RuntimeError("serve printed no address: %r %s" % (line, f.read()[-1000:]))
    return p, int(m.group(1))


def stop_server(p):
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def fetch(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        c.request("GET", path)
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


def day(s):
    return dt.date.fromisoformat(s)


def expected_order(items, today):
    """(section, year, month heading, start, end) for each event in the
    order the page promises, from the JSON Feed's spans: upcoming (ending
    today or later) soonest first, an event under way counting from today;
    then past ones, latest first."""
    up, past = [], []
    for it in items:
        x = it["_chronicle"]
        s, e = day(x["start"]), day(x["end"])
        if e >= today:
            g = max(s, today)
            up.append(((g, s, e), ("upcoming", g.year, "%s %d" % (MONTHS[g.month - 1], g.year),
                                   x["start"], x["end"])))
        else:
            past.append(((s, e), ("past", s.year, "%s %d" % (MONTHS[s.month - 1], s.year),
                                  x["start"], x["end"])))
    up.sort(key=lambda k: k[0])
    past.sort(key=lambda k: k[0], reverse=True)
    return [v for _, v in up] + [v for _, v in past]


def check_no_fetch(c, page, what):
    c.check(page["styled"], "%s: its inline CSS applies (under its own "
            "Content-Security-Policy)" % what)
    bad_links = [l for l in page["links"] if l["rel"] not in ("alternate", "icon")
                 or (l["rel"] == "icon" and l["href"] != "data:,")]
    c.check(page["scripts"] == 0, "%s: no script element" % what, page["scripts"])
    c.check(not page["withSrc"] and not bad_links and "url(" not in page["styles"] and
            "@import" not in page["styles"] and page["styleAttrs"] == 0,
            "%s: references no external resource (no src, no stylesheet or other link, "
            "no url() or @import in the CSS)" % what,
            {"src": page["withSrc"], "links": bad_links})
    c.check(page["resources"] == [], "%s: Chromium fetched nothing but the page "
            "(Resource Timing is empty)" % what, page["resources"])


def t_served_page(c, wd, port, log_path, today):
    st, body = fetch(port, "/events.json")
    c.check(st == 200, "the server publishes /events.json", st)
    items = json.loads(body.decode("utf-8"))["items"]
    with open(log_path, "rb") as f:
        log_before = f.read().decode("utf-8", "replace")
    t0 = time.time()
    wd.get("http://127.0.0.1:%d/" % port)
    page = wd.js(COLLECT)
    load_s = time.time() - t0
    os.makedirs(c.out, exist_ok=True)
    wd.screenshot(os.path.join(c.out, "phone.png"))
    wd.screenshot(os.path.join(c.out, "phone-full.png"), full=True)
    with open(os.path.join(c.out, "index.html"), "wb") as f:
        f.write(fetch(port, "/")[1])
    c.check(os.path.getsize(os.path.join(c.out, "phone.png")) > 5000 and
            os.path.getsize(os.path.join(c.out, "phone-full.png")) > 5000,
            "screenshots kept in %s" % os.path.relpath(c.out))
    c.check(load_s < 20, "the page loads and is read quickly (%.1f s)" % load_s)

    # What was written into the articles, seen through the JSON Feed.
    evs = page["events"]
    c.check(len(items) >= 10, "the feed has the articles' events (%d)" % len(items), len(items))
    c.check(len(evs) == len(items), "one list item per event: %d in the DOM, %d in "
            "events.json" % (len(evs), len(items)))
    c.check(page["title"] == "Timeline test & <co>" and page["h1"] == "Timeline test & <co>",
            "the feed title is the page title and h1, as text", [page["title"], page["h1"]])
    c.check(page["charset"] == "UTF-8" and page["viewport"] == "width=device-width, initial-scale=1",
            "UTF-8 and a viewport for phones", [page["charset"], page["viewport"]])
    c.check(page["scrollWidth"] <= page["innerWidth"] == PHONE["width"] and
            all(e["right"] <= PHONE["width"] for e in evs) and page["bodyFont"] == "16px",
            "on a 390 px phone screen nothing overflows sideways and the text is 16 px",
            {k: page[k] for k in ("scrollWidth", "innerWidth", "bodyFont")})

    want = expected_order(items, today)
    got = [(e["section"], int(e["year"] or 0), e["month"], e["start"], e["end"]) for e in evs]
    c.check(got == [tuple(w) for w in want],
            "order: upcoming first (soonest first, under year and month headings), "
            "then past (latest first)", {"got": got, "want": want})
    c.check(page["sections"] == ["upcoming", "past"], "sections: upcoming, then past",
            page["sections"])
    by_uid = {it["_chronicle"]["uid"]: it for it in items}
    c.check(sorted(e["id"][2:] for e in evs) == sorted(by_uid),
            "the page's events are the feed's (by UID)")
    ups = [e for e in evs if e["section"] == "upcoming"]
    c.check(ups and all("upcoming" in e["cls"] for e in ups) and
            all(set(e["tags"]) & {"Upcoming", "Starts today", "Under way", "Ends today", "Today"}
                for e in ups if "cancelled" not in e["cls"]) and
            not any("upcoming" in e["cls"] or "Upcoming" in e["tags"]
                    for e in evs if e["section"] == "past"),
            "upcoming events are marked, past ones are not",
            [(e["when"], e["cls"], e["tags"]) for e in evs])

    def find(pred, what):
        hits = [e for e in evs if pred(e)]
        c.check(len(hits) == 1, "the %s is on the page once" % what,
                [(e["when"], e["title"]) for e in evs])
        return hits[0] if hits else None

    d = lambda n: today + dt.timedelta(days=n)
    expo = find(lambda e: "photography exhibition" in (e["title"] or ""), "exhibition")
    if expo:
        c.check(expo["section"] == "upcoming" and "Under way" in expo["tags"] and
                expo["month"] == "%s %d" % (MONTHS[today.month - 1], today.year) and
                expo["start"] == d(-10).isoformat() and expo["end"] == d(10).isoformat(),
                "an exhibition under way leads this month, marked 'Under way'", expo)
    fair = find(lambda e: "book fair" in (e["title"] or ""), "book fair")
    if fair:
        s, e = d(40), d(44)
        if s.month == e.month:
            want_when = "%d\u2013%s" % (s.day, fmt(e))
        elif s.year == e.year:
            want_when = "%d %s \u2013 %s" % (s.day, MONTHS[s.month - 1], fmt(e))
        else:
            want_when = "%s \u2013 %s" % (fmt(s), fmt(e))
        c.check(fair["when"] == want_when and fair["datetime"] == s.isoformat() and
                fair["where"] == "Lyon",
                "a range reads as a person writes it (%s), with its place" % want_when, fair)
    works = find(lambda e: "ring road" in (e["title"] or ""), "road works")
    if works:
        m = d(200)
        c.check(works["when"] == "%s %d" % (MONTHS[m.month - 1], m.year) and
                works["datetime"] == "%04d-%02d" % (m.year, m.month),
                "a month reads 'Month YYYY'", works)
    summit = [e for e in evs if "water summit" in (e["title"] or "")]
    cancelled = [e for e in summit if "cancelled" in e["cls"]]
    c.check(len(summit) == 2 and len(cancelled) == 1 and
            cancelled[0]["start"] == d(20).isoformat() and "Cancelled" in cancelled[0]["tags"] and
            "line-through" in cancelled[0]["decoration"] and
            "line-through" not in [e for e in summit if e not in cancelled][0]["decoration"],
            "the date moved away from is cancelled: struck through and labelled", summit)
    board = find(lambda e: "board will" in (e["title"] or ""), "board meeting")
    if board:
        c.check("tentative" in board["cls"] and "To be confirmed" in board["tags"],
                "a provisional date is marked 'To be confirmed'", board)
    gala = find(lambda e: "gala" in (e["title"] or ""), "gala")
    if gala:
        c.check("<script>" in gala["title"] and "</script>" in gala["title"] and
                '"Night" & Day ]]>' in gala["title"],
                "the hostile title is shown as text, <script>, quotes, & and ]]> included",
                gala["title"])
        headline = by_uid[gala["id"][2:]]["title"]
        c.check(headline.split(" \u00b7 ", 1)[-1] == gala["title"],
                "the page shows the same title text as the JSON Feed", [headline, gala["title"]])
    rtl = find(lambda e: "Haifa" == e["where"], "festival in Haifa")
    if rtl:
        c.check("\u202e" not in rtl["title"] and "\u05de\u05d5\u05d6\u05d9\u05e7\u05d4" in rtl["title"] and
                # the two stray bytes are read as Windows-1252: "ÿþ"
                "\u00ff\u00fe" in rtl["title"] and rtl["section"] == "upcoming",
                "right-to-left words and repaired invalid UTF-8 are text in the title, "
                "the bidi override is dropped", rtl["title"])
    c.check(all(e["visible"] for e in evs), "every event is visible")

    # Links.
    nav = {a["cls"]: a["href"] for a in page["nav"]}
    c.check(nav == {"webcal": "webcal://events.example.org/city/calendar.ics",
                    "calendar": BASE_URL + "calendar.ics", "atom": BASE_URL + "atom.xml",
                    "rss": BASE_URL + "rss.xml", "events": BASE_URL + "events.json"},
            "subscribe links: webcal:// and https:// for the calendar, Atom, RSS, JSON", nav)
    alts = {l["type"]: l["href"] for l in page["links"] if l["rel"] == "alternate"}
    c.check(alts == {"application/atom+xml": BASE_URL + "atom.xml",
                     "application/rss+xml": BASE_URL + "rss.xml",
                     "application/feed+json": BASE_URL + "events.json",
                     "text/calendar": BASE_URL + "calendar.ics"},
            "<link rel=alternate> for Atom, RSS and JSON Feed autodiscovery (and the calendar)",
            alts)
    # An item whose source is not on the web links to its event here
    # (BASE#e-UID, the writers' fallback): every such anchor is on the page.
    anchors = [it["url"] for it in items if it.get("url", "").startswith(BASE_URL + "#e-")]
    c.check(sorted(a[len(BASE_URL) + 1:] for a in anchors) ==
            sorted(e["id"] for e in evs if BASE_URL + "#" + e["id"] in anchors) and anchors,
            "the feed's links to the timeline name events on the page (%d)" % len(anchors))
    want_src = sorted(it["url"] for it in items if "url" in it and it["url"] not in anchors)
    got_src = sorted(h for e in evs for h in e["sources"])
    c.check(got_src == want_src and all(h.startswith(("http://", "https://")) for h in got_src),
            "source links are the feed's event URLs, http(s) only (%d)" % len(got_src),
            [got_src, want_src])
    c.check(all(urllib.parse.urlsplit(h).scheme in ("http", "https", "webcal", "data", "")
                for h in page["hrefs"]), "no href of another scheme", page["hrefs"])
    check_no_fetch(c, page, "served page")
    # A request's log line comes when it is done: wait for this test's.
    deadline = time.time() + 10
    while True:
        with open(log_path, "rb") as f:
            log = f.read().decode("utf-8", "replace")[len(log_before):]
        reqs = re.findall(r"^\S+ 127\.0\.0\.1 (\S+) (\S+) (\d+)", log, re.M)
        if len([r for r in reqs if r[1] == "/"]) >= 2 or time.time() > deadline:
            break
        time.sleep(0.1)
    time.sleep(0.2)  # and anything that would come after it
    with open(log_path, "rb") as f:
        log = f.read().decode("utf-8", "replace")[len(log_before):]
    reqs = re.findall(r"^\S+ 127\.0\.0\.1 (\S+) (\S+) (\d+)", log, re.M)
    c.check([r for r in reqs if r[1] != "/events.json"] == [("GET", "/", "200")] * 2,
            "the server saw Chromium's GET / and this test's, nothing else (no favicon)",
            log[-1500:])


def t_fixture_page(c, wd):
    """The writer's fixture (tests/unit/write_html.c): events with source
    URLs, one a javascript: link, a hostile title, as of 15 March 2018."""
    prog = os.path.join(c.unit_dir, "write_html")
    page_path = os.path.join(c.out, "fixture.html")
    p = subprocess.run([prog, page_path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=TIMEOUT)
    if not c.check(p.returncode == 0 and os.path.exists(page_path),
                   "the fixture page is written by %s" % os.path.relpath(prog),
                   p.stderr.decode("utf-8", "replace")):
        return
    wd.get("file://" + page_path)
    page = wd.js(COLLECT)
    wd.screenshot(os.path.join(c.out, "fixture.png"), full=True)
    evs = page["events"]
    c.check(len(evs) == 8, "fixture page: 8 events", len(evs))
    c.check([(e["section"], e["start"]) for e in evs] ==
            [("upcoming", "2018-03-01"), ("upcoming", "2018-04-02"), ("upcoming", "2018-05-12"),
             ("upcoming", "2018-06-21"), ("upcoming", "2019-09-01"), ("upcoming", "2019-09-02"),
             ("past", "2018-02-05"), ("past", "2018-01-30")],
            "fixture page: upcoming soonest first (March's event under way), then past "
            "latest first", [(e["section"], e["start"]) for e in evs])
    src = {e["start"]: e["sources"] for e in evs}
    c.check(src.get("2018-06-21") == ["https://example.org/news/f%C3%AAte?x=1&y=2"] and
            src.get("2018-03-01") == ["https://example.org/news/budget"] and
            src.get("2018-04-02") == ["https://example.org/news/long"] and
            src.get("2019-09-01") == ["https://example.org/a%20b%0D%0AEND:VCALENDAR%22%3E%3Cscript%3E"] and
            src.get("2019-09-02") == [] and src.get("2018-01-30") == [],
            "fixture page: source links for http(s) URLs only, percent-encoded; "
            "none for javascript: or a file name", src)
    c.check(not any(h.lower().startswith("javascript") for h in page["hrefs"]),
            "fixture page: no javascript: link anywhere", page["hrefs"])
    evil = [e for e in evs if e["start"] == "2019-09-01"]
    c.check(evil and "</title><script>alert(1)</script> ]]>" in evil[0]["title"] and
            "\ufffd" in evil[0]["title"], "fixture page: the hostile title is text",
            evil[0]["title"] if evil else None)
    check_no_fetch(c, page, "fixture page")


class Items(html.parser.HTMLParser):
    """The event list items of a page: (section, class list, start, end)."""

    def __init__(self):
        super().__init__()
        self.items = []
        self.section = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.section = a.get("id")
        elif tag == "li" and "event" in (a.get("class") or "").split():
            self.items.append((self.section, a["class"].split(), a.get("data-start"),
                               a.get("data-end")))


def items_of(data):
    p = Items()
    p.feed(data.decode("utf-8"))
    p.close()
    return p.items


CLI_ARTICLES = {
    "a.txt": "GENEVA, 2 January 2027 - The council will meet on 14 March 2027 in Geneva.\n",
    "b.txt": "LYON, 3 January 2027 - The festival was held from 4 to 6 December 2026 in Lyon.\n",
    "c.txt": "OSLO, 5 January 2027 - The fair will take place on 20-22 January 2027 in Oslo; "
             "the jury met on 10 January 2027.\n",
}


def run(c, args, cwd):
    p = subprocess.run([c.binary] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       cwd=cwd, timeout=TIMEOUT)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def t_cli(c):
    """`chronicle events -t html`: one page for every file's events, the
    same bytes whatever the order of the files, upcoming by --now."""
    d = os.path.join(c.tmp, "cli")
    os.makedirs(d)
    for name, text in CLI_ARTICLES.items():
        with open(os.path.join(d, name), "w", encoding="utf-8") as f:
            f.write(text)
    names = sorted(CLI_ARTICLES)
    opts = ["events", "-t", "html", "--now", "2027-01-15T10:00:00Z", "--title", "CLI",
            "--base-url", "http://localhost:8080/"]
    rc, a, err = run(c, opts + names, d)
    rc2, b, err2 = run(c, opts + names[::-1], d)
    c.check(rc == 0 and rc2 == 0 and a == b and a.startswith(b"<!DOCTYPE html>"),
            "events -t html: one page, the same bytes whatever the file order", err + err2)
    rc, jl, err = run(c, ["events"] + names, d)
    spans = [(o["start"], o["end"]) for o in map(json.loads, jl.decode().splitlines())]
    got = items_of(a)
    c.check(sorted((s, e) for _, _, s, e in got) == sorted(spans) and len(spans) >= 4,
            "events -t html: one item per event of the JSON lines (%d)" % len(spans),
            [got, spans])
    c.check([(sec, s) for sec, _, s, _ in got] ==
            [("upcoming", "2027-01-20"), ("upcoming", "2027-03-14"),
             ("past", "2027-01-10"), ("past", "2026-12-04")],
            "events -t html: upcoming as of --now (15 January 2027), then past", got)
    c.check(b'href="webcal://localhost:8080/calendar.ics"' in a and
            b'<link rel="alternate" type="application/atom+xml"' in a,
            "events -t html: webcal and autodiscovery links from --base-url")
    rc, out, err = run(c, ["events", "-t", "htm"] + names, d)
    c.check(rc == 2 and "html" in err, "events -t htm: a usage error that names html", err)


def t_zone(c):
    """The feed's timezone decides which day is today: at 20:00 UTC on
    23 November it is already the 24th in Auckland, still the 23rd in UTC;
    at 05:00 UTC on the 24th it is the 23rd in Los Angeles."""
    d = os.path.join(c.tmp, "zone")
    os.makedirs(os.path.join(d, "src"))
    with open(os.path.join(d, "src", "a.txt"), "w", encoding="utf-8") as f:
        f.write("GENEVA, 2 November 2026 - The talks will be held on 21-23 November 2026 "
                "in Geneva.\n")
    for zone, now, want in (("UTC", "2026-11-23T20:00:00Z", "upcoming"),
                            ("Pacific/Auckland", "2026-11-23T20:00:00Z", "past"),
                            ("UTC", "2026-11-24T05:00:00Z", "past"),
                            ("America/Los_Angeles", "2026-11-24T05:00:00Z", "upcoming")):
        name = zone.replace("/", "-")
        with open(os.path.join(d, name + ".feed"), "w") as f:
            f.write("sources = src/\noutput = out-%s\ntimezone = %s\n" % (name, zone))
        # A new store each time: the build sees the event anew.
        db = os.path.join(d, "out-" + name)
        shutil.rmtree(db, ignore_errors=True)
        rc, out, err = run(c, ["build", "--now", now, name + ".feed"], d)
        with open(os.path.join(d, "out-" + name, "index.html"), "rb") as f:
            got = items_of(f.read())
        c.check(rc == 0 and [(sec, s, e) for sec, _, s, e in got] ==
                [(want, "2026-11-21", "2026-11-23")],
                "timezone %s at %s: the 21-23 November talks are %s" % (zone, now, want),
                [rc, err, got])


def run_all(binary, res, filt="", big=True):
    if filt and filt not in "timeline":
        return
    c = Ctx(binary, res, None)
    tmp = tempfile.mkdtemp(prefix="chronicle-timeline-")
    c.tmp = tmp
    try:
        for t in (t_cli, t_zone):
            c.name = t.__name__[2:]
            try:
                t(c)
            except Exception as e:  # a broken test is a failure, not a crash
                import traceback
                res.fail("timeline %s" % c.name, "raised %s\n%s" % (e, traceback.format_exc()))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    c.name = "timeline"
    missing = [t for t in ("chromedriver",) if not shutil.which(t)]
    if not chromium_binary():
        missing.append("chromium")
    if not c.check(not missing, "chromium and chromium-driver are installed (make deps)",
                   "missing: %s" % " ".join(missing)):
        return
    tmp = tempfile.mkdtemp(prefix="chronicle-timeline-")
    c.tmp = tmp
    server = wd = None
    try:
        today = dt.datetime.now(dt.timezone.utc).date()
        src = os.path.join(tmp, "feed", "src")
        os.makedirs(src)
        for name, text in articles(today).items():
            with open(os.path.join(src, name), "wb") as f:
                f.write(text.encode("utf-8", "surrogateescape"))
        feed = os.path.join(tmp, "feed", "t.feed")
        with open(feed, "w", encoding="utf-8") as f:
            f.write("title = Timeline test & <co>\ndescription = Invented articles\n"
                    "base_url = %s\nsources = src/\noutput = out\npoll = 60s\n" % BASE_URL)
        log_path = os.path.join(tmp, "serve.log")
        server, port = start_server(c, feed, log_path)
        wd = WebDriver(tmp)
        wd.start(os.path.join(tmp, "profile"))
        for name, t in (("served", lambda: t_served_page(c, wd, port, log_path, today)),
                        ("fixture", lambda: t_fixture_page(c, wd))):
            c.name = name
            try:
                t()
            except Exception as e:  # a broken step is a failure, not a crash
                import traceback
                res.fail("timeline %s" % name, "raised %s\n%s" % (e, traceback.format_exc()))
    except Exception as e:
        import traceback
        res.fail("timeline setup", "%s\n%s" % (e, traceback.format_exc()))
    finally:
        if wd:
            wd.quit()
        if server:
            stop_server(server)
        shutil.rmtree(tmp, ignore_errors=True)
