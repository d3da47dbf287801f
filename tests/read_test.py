"""The readers: HTML pages, RSS and Atom feeds, encodings, noise, sources
and hostile markup, called by tests/run.py.

The fixtures in tests/fixtures/read/ are invented pages and feeds; binary
and encoding fixtures are made here. What a reader learnt of a document is
read with `chronicle extract --meta` (headline, url, published), its text
with `extract --text`, and its dates with `extract` and `events`.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "fixtures", "read")
TIMEOUT = 120


class Ctx:
    def __init__(self, binary, res):
        self.binary = binary
        # ASan keeps freed memory in quarantine and runs slower
        self.asan = "asan" in os.path.abspath(binary)
        self.mem = 1200 if self.asan else 400
        self.slow = 4 if self.asan else 1
        self.res = res
        self.name = ""
        self.tmp = None

    def check(self, cond, what, detail=""):
        return self.res.check(cond, "read %s: %s" % (self.name, what), detail)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def file(self, name, data):
        p = self.path(name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        return p

    def run(self, args, stdin=b"", timeout=TIMEOUT):
        p = subprocess.run([self.binary] + args, input=stdin, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout, cwd=self.tmp)
        return p.returncode, p.stdout, p.stderr

    def measured(self, args, timeout=TIMEOUT):
        """Runs with stdout to a file; returns rc, stdout, stderr, seconds, peak RSS MB.
        The binary is started by hostile_test's small wrapper, whose
        wait4 gives its own peak RSS: a child forked from this process
        would count the pages of the runner too."""
        from hostile_test import WRAP
        out_path = self.path("measured.out")
        stat_path = self.path("measured.stat")
        cmd = [sys.executable, "-c", WRAP, stat_path, str(int(timeout) * 2 + 10), "0",
               self.binary] + args
        with open(out_path, "wb") as out, open(self.path("measured.err"), "wb") as err:
            t = time.monotonic()
            p = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=self.tmp,
                                 start_new_session=True)
            try:
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
            secs = time.monotonic() - t
        try:
            with open(stat_path) as f:
                st = json.load(f)
            rc, rss = os.waitstatus_to_exitcode(st["status"]), st["maxrss"] / 1024.0
        except (OSError, ValueError):
            rc, rss = -signal.SIGKILL, 0.0
        with open(out_path, "rb") as f:
            out = f.read()
        with open(self.path("measured.err"), "rb") as f:
            err = f.read()
        return rc, out, err, secs, rss


def show(rc, out, err):
    return "exit %s\nstdout: %r\nstderr: %r" % (rc, out[:800], err[:800])


def jlines(out):
    return [json.loads(l) for l in out.decode("utf-8").split("\n") if l.strip()]


def fixture(name):
    return os.path.join(FIX, name)


def meta(c, path, stdin=b""):
    rc, out, err = c.run(["extract", "--meta", path], stdin=stdin)
    return rc, jlines(out), err


def text_of(c, path):
    rc, out, err = c.run(["extract", "--text", path])
    return out.decode("utf-8")


def check_offsets(c, path, what):
    """Every mention's text is the extracted text at its offset (bytes)."""
    rc, out, err = c.run(["extract", "--text", path])
    docs = out.split(b"\f\n")
    rc2, out2, err2 = c.run(["extract", path])
    mentions = jlines(out2)
    names = []
    for m in mentions:
        if m["doc"] not in names:
            names.append(m["doc"])
    bad = []
    for m in mentions:
        # --text prints the documents of a source in order; mentions name
        # them, so the n-th distinct name is the n-th text at the latest.
        cands = [d for d in docs if d[m["offset"]:m["offset"] + m["length"]].decode(
            "utf-8", "replace") == m["text"]]
        if not cands:
            bad.append(m)
    c.check(mentions and not bad, "%s: every offset points at its mention in --text" % what,
            repr(bad[:3]) + "\n" + show(rc2, out2, err2))


# ---- HTML -------------------------------------------------------------------------

def t_html_news(c):
    path = fixture("news.html")
    rc, docs, err = meta(c, path)
    c.check(rc == 0 and len(docs) == 1, "one document, exit 0", repr(docs) + repr(err))
    d = docs[0] if docs else {}
    c.check(d.get("headline") == "Tidal power plant gets green light after five-year review",
            "headline is og:title first", repr(d))
    c.check(d.get("url") == "https://coastline-courier.example/news/2027/tidal-plant",
            "url is link rel=canonical, before og:url", repr(d))
    c.check(d.get("published") == "2027-03-04" and d.get("published_from") == "meta",
            "published is article:published_time, before <time>, JSON-LD and og:updated_time",
            repr(d))
    t = text_of(c, path)
    lines = t.split("\n")
    c.check("PORT ELLEN, 4 March 2027 \u2013 The regional council approved the tidal power "
            "plant on Wednesday after a review that began in 2022." in lines,
            "a paragraph is one line, with &ndash; decoded", t)
    c.check("The council\u2019s planning committee will publish its conditions on 20\u00a0March."
            in t, "&rsquo; and &nbsp; decoded", t)
    c.check(t.startswith("Tidal power plant gets green light\n\n"),
            "the article's own header (its h1) opens the text", t[:200])
    c.check("Harbour hall, 8 April 2027" in lines and "Community centre, 15 April 2027" in lines
            and "Open day" in lines and "10 May 2027" in lines,
            "list items and table cells are lines of their own", t)
    c.check("Questions can be sent until 30 April.\nLate submissions will not be read." in t,
            "<br> is a line end", t)
    c.check("\n\n\n" not in t and not t.startswith("\n"), "no runs of blank lines", repr(t))
    for gone, where in [("12 December 2031", "script"), ("9 September 2029", "style"),
                        ("1 April 2030", "nav"), ("2 February 2020", "cookie banner"),
                        ("1 January 2040", "comment"), ("3 March 2031", "noscript"),
                        ("5 May 2026", "aside in the article"), ("Share this story", "share bar"),
                        ("1 July 2027", "page aside"), ("7 March 2027", "footer"),
                        ("Coastline Courier", "site header"), ("Skip to content", "skip link"),
                        ("Newsletter", "form")]:
        c.check(gone not in t, "the %s is not in the text" % where, t)
    check_offsets(c, path, "news.html")
    rc, out, err = c.run(["events", path])
    evs = jlines(out)
    starts = sorted(e["start"] for e in evs)
    c.check("2027-06-14" in starts and "2027-04-08" in starts and "2027-03-20" in starts,
            "events from the article's dates, resolved against the publication date",
            repr(starts))
    c.check(evs and all(e.get("url") == d.get("url") for e in evs),
            "events link to the canonical URL", repr(evs[:1]))


def t_html_metadata_order(c):
    rc, docs, err = meta(c, fixture("jsonld.html"))
    d = docs[0] if docs else {}
    c.check(d.get("published") == "2027-09-18",
            "JSON-LD: the article's datePublished, not the site's, before og:updated_time",
            repr(d))
    c.check(d.get("headline") == "Orchestra announces winter season",
            "<title> without its ' - Site' suffix", repr(d))
    c.check(d.get("url") is None, "a relative canonical URL is not used", repr(d))
    t = text_of(c, fixture("jsonld.html"))
    c.check("6 November" in t and "Concerts" not in t and "Great news" not in t,
            "role=main is the content; menu and comments are not", t)
    rc, docs, err = meta(c, fixture("time.html"))
    d = docs[0] if docs else {}
    c.check(d.get("published") == "2027-02-10", "<time itemprop=datePublished> dates the page, "
            "not a <time> in a paragraph", repr(d))
    c.check(d.get("url") == "https://garden-news.example/spring-show", "og:url", repr(d))
    c.check(d.get("headline") is None, "no headline when the page names none", repr(d))
    rc, docs, err = meta(c, fixture("dateline.html"))
    d = docs[0] if docs else {}
    c.check(d.get("published") == "2027-03-03" and d.get("published_from") == "text",
            "no metadata: the visible dateline dates the page", repr(d))
    c.check(d.get("headline") == "Ferry route to reopen", "<title> as the headline", repr(d))
    rc, out, err = c.run(["extract", fixture("dateline.html")])
    ms = jlines(out)
    c.check(any(m.get("role") == "published" and m["start"] == "2027-03-03" for m in ms) and
            any(m["text"] == "12 April" and m.get("start") == "2027-04-12" for m in ms),
            "extract marks the dateline and resolves against it", repr(ms))
    rc, docs, err = meta(c, fixture("updated.html"))
    d = docs[0] if docs else {}
    c.check(d.get("published") == "2027-05-30" and d.get("headline") ==
            "Library closes for renovation", "og:updated_time as the last resort", repr(d))


def t_html_byline_and_spam(c):
    rc, docs, err = meta(c, fixture("byline.html"))
    d = docs[0] if docs else {}
    c.check(d.get("published") == "2027-03-14" and d.get("headline") ==
            "Choir concert in the cathedral",
            "a byline element ('Posted on March 14, 2027') dates a page without metadata, "
            "not a date in its text; a meta date that is no date is ignored", repr(d))
    rc, docs, err = meta(c, fixture("spam.html"))
    d = docs[0] if docs else {}
    c.check(d.get("headline") == "Harbour festival returns" and d.get("published") == "2027-06-02",
            "CJK spam glued to a title is dropped from the headline; dc.date dates the page",
            repr(d))
    t = text_of(c, fixture("spam.html"))
    c.check(t.strip() == "The harbour festival returns to the old docks on 10 and 11 July.",
            "and a CJK spam paragraph is blanked from the text", repr(t))


def t_html_cms(c):
    rc, docs, err = meta(c, fixture("wordpress.html"))
    d = docs[0] if docs else {}
    c.check(d.get("published") == "2027-04-18" and d.get("headline") == "Allotment open day",
            "WordPress: the published <time>, not the updated one before it; the entry title",
            repr(d))
    t = text_of(c, fixture("wordpress.html"))
    c.check("20 April 2027 18 April 2027" in t and "16 May from 10:00" in t,
            "WordPress: adjacent <time>s stay apart, the entry content is read", t)
    for gone in ("Share this", "Harvest supper", "thoughts on this", "Archives", "WordPress",
                 "Greenway Gardeners", "Events"):
        c.check(gone not in t, "WordPress: %r (sharing, related posts, comments, widgets, "
                "site header and footer) is not in the text" % gone, t)
    rc, docs, err = meta(c, fixture("drupal.html"))
    d = docs[0] if docs else {}
    c.check(d.get("published") == "2027-02-23" and
            d.get("url") == "https://www.northvale.example/news/library-extension" and
            d.get("headline") == "Library extension approved",
            "Drupal: RDFa dc:date in the body, canonical URL, page title", repr(d))
    t = text_of(c, fixture("drupal.html"))
    c.check(t.startswith("Library extension approved\n\n") and "Skip to" not in t and
            "Home" not in t and "updated" not in t, "Drupal: role=main without the skip link, "
            "breadcrumbs and footer", repr(t))
    for stamp, want in [("Posted 14.03.2027", "2027-03-14"), ("Posted 03/14/2027", "2027-03-14"),
                        ("Posted 14/03/2027", "2027-03-14"), ("Posted 04/03/2027", None)]:
        p = c.file("stamp.html", '<html><body><div class="byline">%s</div><article><p>A fair '
                   'opens soon.</p></article></body></html>' % stamp)
        rc, docs, err = meta(c, p)
        c.check(docs and docs[0]["published"] == want,
                "a byline %r dates the page %s" % (stamp, want or "not at all (ambiguous)"),
                repr(docs))


def t_html_titles(c):
    page = ('<html><head><title>Dam inspection finds cracks | Regional | Valley Post</title>%s'
            '</head><body><header><h1>Valley Post</h1></header><div><p>Text on 3 May 2027.</p>'
            '</div></body></html>')
    og = ('<meta property="og:title" content="Dam inspection finds cracks | Valley Post">'
          '<meta property="og:site_name" content="Valley Post">')
    for extra, what in [(og, "og:title without the site name it repeats"),
                        (og.split(">")[1] + ">", "<title> without every trailing part; the "
                         "site header's <h1> is not the headline"),
                        ("", "<title> without a site name to go by")]:
        rc, docs, err = meta(c, c.file("t.html", page % extra))
        c.check(docs and docs[0]["headline"] == "Dam inspection finds cracks", what, repr(docs))


def t_html_sniffed(c):
    page = open(fixture("dateline.html"), "rb").read()
    rc, docs, err = meta(c, "-", stdin=page)
    c.check(rc == 0 and docs and docs[0]["doc"] == "-" and
            docs[0]["headline"] == "Ferry route to reopen",
            "HTML on standard input is sniffed as HTML", repr(docs) + repr(err))
    p = c.file("page.txt", page)
    rc, docs, err = meta(c, p)
    c.check(docs and docs[0]["headline"] == "Ferry route to reopen",
            "HTML in a .txt file is read as HTML", repr(docs))
    p = c.file("notes.html", "Meeting on 4 May 2027 <b>in</b> Riga.\n")
    t = text_of(c, p)
    c.check(t == "Meeting on 4 May 2027 in Riga.", "a .html file with tags is HTML even when "
            "it starts with a word", repr(t))
    p = c.file("notes.txt", "Meeting on 4 May 2027 <b>in</b> Riga.\n")
    t = text_of(c, p)
    c.check(t == "Meeting on 4 May 2027 <b>in</b> Riga.\n", "a .txt file that starts with a "
            "word is text, tags and all", repr(t))
    p = c.file("sitemap.xml", '<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc>'
               '<lastmod>2027-03-01</lastmod></url></urlset>')
    rc, out, err = c.run(["events", p])
    c.check(rc == 1 and not out and re.search(rb"^chronicle: .*sitemap\.xml: XML that is neither a "
                                              rb"feed nor an HTML page, skipped$", err, re.M),
            "other XML (a sitemap) is refused, not read as an article", show(rc, out, err))
    p = c.file("page.xhtml", '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">'
               '<body><p>Meeting on 4 May 2027.</p></body></html>')
    c.check(text_of(c, p) == "Meeting on 4 May 2027.", "XHTML with an XML declaration is HTML",
            text_of(c, p))
    p = c.file("frag.html", "<p>Meeting on 4 May 2027 <b>in</b> Riga.</p>\n")
    t = text_of(c, p)
    c.check(t == "Meeting on 4 May 2027 in Riga.", "a .html fragment starting with a tag is HTML",
            repr(t))


# ---- feeds ------------------------------------------------------------------------

def t_rss(c):
    path = fixture("feed.rss")
    rc, docs, err = meta(c, path)
    names = [d["doc"] for d in docs]
    c.check(rc == 0 and names == [path + "#riverside-2027-031",
                                  path + "#https://riverside-council.example/news/tax-consultation",
                                  path + "#item-3"],
            "each item is a document named by its guid, else its link, else its position",
            repr(names) + repr(err))
    if len(docs) != 3:
        return
    c.check([d["headline"] for d in docs] == ["Bridge repairs & road closure",
                                               "Council tax consultation",
                                               "Recycling centre hours"],
            "titles are headlines, entities decoded", repr(docs))
    c.check([d["url"] for d in docs] == ["https://riverside-council.example/news/bridge-repairs",
                                         "https://riverside-council.example/news/tax-consultation",
                                         None], "links are URLs", repr(docs))
    c.check([d["published"] for d in docs] == ["2027-03-12", "2027-03-08", "2027-03-03"] and
            all(d["published_from"] == "meta" for d in docs),
            "pubDate (RFC 822, also without a weekday) and dc:date", repr(docs))
    texts = text_of(c, path).split("\f\n")
    c.check(len(texts) == 3 and texts[0].startswith("Bridge repairs & road closure\n\nThe Mill "
                                                    "Street bridge will be closed from 5 to 9 April"),
            "the text is the headline, then content:encoded as HTML", repr(texts[:1]))
    c.check(texts and "Short teaser" not in texts[0] and "1 May 2031" not in texts[0],
            "content:encoded wins over description; its script is dropped", repr(texts[:1]))
    c.check(len(texts) > 1 and "A public meeting is held on 25\u00a0March." in texts[1],
            "escaped HTML in a description is decoded twice over", repr(texts[1:2]))
    check_offsets(c, path, "feed.rss")
    rc, out, err = c.run(["events", path])
    evs = jlines(out)
    spans = [(e["doc"].split("#")[1], e["start"], e["end"]) for e in evs]
    c.check(("riverside-2027-031", "2027-04-05", "2027-04-09") in spans and
            ("https://riverside-council.example/news/tax-consultation", "2027-04-02",
             "2027-04-02") in spans and ("item-3", "2027-03-01", "2027-03-01") in spans,
            "item dates resolve against each item's own pubDate", repr(spans))
    # A new item at the top leaves every other item's name and UIDs alone.
    src = open(path, encoding="utf-8").read()
    newer = src.replace("<item>", "<item><title>New pool</title><guid>pool</guid>"
                        "<pubDate>Tue, 16 Mar 2027 08:00:00 +0000</pubDate><description>"
                        "The pool opens on 1 June.</description></item>\n<item>", 1)
    shutil.copy(path, c.path("a.rss"))
    rc, out, err = c.run(["events", "a.rss"])
    before = {(e["doc"], e["start"]): e["uid"] for e in jlines(out)}
    c.file("a.rss", newer)
    rc, out, err = c.run(["events", "a.rss"])
    after = {(e["doc"], e["start"]): e["uid"] for e in jlines(out)}
    kept = [k for k in before if k[0] != "a.rss#item-3"]
    c.check(before and all(after.get(k) == before[k] for k in kept) and
            any(k[0] == "a.rss#pool" for k in after),
            "UIDs of items with a guid or link stay when an item is added", repr((before, after)))


def t_feed_relative_links(c):
    p = c.file("rel.rss", '<rss version="2.0"><channel><title>T</title>'
               '<atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="self" href="https://x.example/feed"/>'
               '<link>https://town.example/news/</link>'
               '<item><title>A</title><link>/news/a</link></item>'
               '<item><title>B</title><link>b.html</link></item>'
               '<item><title>C</title><link>//cdn.example/c</link></item>'
               '<item><title>D</title><link>javascript:alert(1)</link></item></channel></rss>')
    rc, docs, err = meta(c, p)
    c.check([d["url"] for d in docs] == ["https://town.example/news/a",
                                         "https://town.example/news/b.html",
                                         "https://cdn.example/c", None],
            "relative item links resolve against the channel's link; other schemes are no URL",
            repr(docs))


def t_feed_html_entities(c):
    p = c.file("ents.rss", '<rss version="2.0"><channel><item><guid>e</guid>'
               '<title>Caf&eacute;&rsquo;s&nbsp;night &amp; day &bogus;</title>'
               '<description>Opens on 3&nbsp;May 2027 &mdash; all welcome.</description>'
               '</item></channel></rss>')
    rc, docs, err = meta(c, p)
    c.check(docs and docs[0]["headline"] == "Caf\u00e9\u2019s night & day",
            "undeclared HTML entities in a feed stand for their characters; unknown ones drop",
            repr(docs) + repr(err))
    t = text_of(c, p)
    c.check("Opens on 3\u00a0May 2027 \u2014 all welcome." in t, "in item text too", repr(t))
    m = first_mention(c, p, "3\u00a0May 2027")
    c.check(m and m["start"] == "2027-05-03", "and the date core reads through them", repr(m))


def t_atom(c):
    path = fixture("feed.atom")
    rc, docs, err = meta(c, path)
    c.check(rc == 0 and [d["doc"].split("#", 1)[1] for d in docs] ==
            ["tag:hillside-observatory.example,2027:meteor-night",
             "tag:hillside-observatory.example,2027:telescope",
             "tag:hillside-observatory.example,2027:lectures"],
            "each entry is a document named by its id", repr(docs) + repr(err))
    if len(docs) != 3:
        return
    c.check(docs[0]["headline"] == "Meteor night returns", "a type=html title as text", repr(docs))
    c.check(docs[0]["url"] == "https://hillside-observatory.example/news/meteor-night" and
            docs[1]["url"] == "https://hillside-observatory.example/news/telescope" and
            docs[2]["url"] is None, "rel=alternate (or no rel) is the URL, not the enclosure",
            repr(docs))
    c.check([d["published"] for d in docs] == ["2027-07-20", "2027-06-30", "2027-05-02"],
            "published (RFC 3339) before updated; updated when alone", repr(docs))
    texts = text_of(c, path).split("\f\n")
    c.check(len(texts) == 3 and "opens its roof for the Perseids on 12 August." in texts[0] and
            "from 1 to 21 September.\n\nGuided tours continue." in texts[1] and
            "Lectures resume on 4 October." in texts[2],
            "html, xhtml and summary content become text with their paragraphs", repr(texts))
    check_offsets(c, path, "feed.atom")


def t_example_feed(c):
    """feeds/example's .html and .rss go through the new readers."""
    root = os.path.dirname(HERE)
    html = os.path.join(root, "feeds", "example", "11-harbour-museum-exhibition.html")
    rss = os.path.join(root, "feeds", "example", "12-university-news.rss")
    rc, docs, err = meta(c, html)
    c.check(docs and docs[0]["url"] == "https://harbour-museum.example/news/shipbuilding-century"
            and docs[0]["published"] == "2026-11-12", "the example page's URL and date",
            repr(docs))
    t = text_of(c, html)
    c.check("Home" not in t and "Follow us" not in t and "ABERDEEN, 12 November 2026" in t,
            "the example page's text has no navigation or footer", t)
    rc, docs, err = meta(c, rss)
    c.check(len(docs) == 3 and all(d["url"] and d["published"] for d in docs),
            "the example feed's three items", repr(docs))


# ---- plain text, noise, encodings -----------------------------------------------------

def t_plain_headline(c):
    p = c.file("h.txt", "Museum reopens after flood\n\nThe museum reopens on 2 May 2027.\n")
    rc, docs, err = meta(c, p)
    c.check(docs and docs[0]["headline"] == "Museum reopens after flood",
            "a first short line without final punctuation is the headline", repr(docs))
    for body, why in [("The museum reopens on 2 May 2027.\nMore later.\n", "ends in a full stop"),
                      ("Museum reopens after flood\n", "is the whole text"),
                      ("2 May 2027\nThe museum reopens.\n", "is a date, not words"),
                      ("A" * 30 + " " + "b" * 300 + "\nThe museum reopens.\n", "is long")]:
        p = c.file("n.txt", body)
        rc, docs, err = meta(c, p)
        c.check(docs and docs[0]["headline"] is None, "no headline when the first line %s" % why,
                repr(docs))


def t_noise(c):
    path = fixture("noise.txt")
    raw = open(path, "rb").read()
    rc, docs, err = meta(c, path)
    d = docs[0] if docs else {}
    c.check(d.get("headline") == "Harbour festival returns to the old docks",
            "a CJK spam line above the headline does not become the headline", repr(d))
    c.check(d.get("published") == "2027-06-02", "nor hide the dateline", repr(d))
    t = text_of(c, path)
    c.check(len(t.encode()) == len(raw) and d.get("length") == len(raw),
            "spam is blanked, not cut: offsets stay the file's bytes", "%d %d" % (len(t.encode()), len(raw)))
    c.check("\u5317" not in t and "of the             Quay works" in t,
            "a CJK run glued to a Latin word is blanked", t)
    c.check("The Committee's programme" in t and "concerts \u2014 and a regatta on "
            "\u201cthe inner basin\u201d." in t,
            "Committee*s and stray \u301e repaired to an apostrophe, a dash and quotes", t)
    rc, out, err = c.run(["events", path])
    evs = jlines(out)
    c.check(evs and not any(re.search("[\u3000-\u9fff]", e["title"] + e["sentence"]) for e in evs),
            "no event title or sentence carries the spam", repr(evs))
    p = c.file("zh.txt", "北京市政府宣布，新的地铁线路将于2027年开通。北京市民对此表示欢迎。\n")
    t = text_of(c, p)
    c.check(t == open(p, encoding="utf-8").read(), "a Chinese text keeps its Chinese", repr(t))


def first_mention(c, path, text):
    rc, out, err = c.run(["extract", "--ref", "2027-01-01", path])
    for m in jlines(out):
        if m["text"] == text:
            return m
    return None


def t_encodings(c):
    body = "Caf\u00e9 \u201cLe Z\u00e9nith\u201d opens on 3 May 2027 \u2013 the mayor\u2019s idea.\n"
    want = body
    p = c.file("cp1252.txt", body.encode("cp1252"))
    rc, out, err = c.run(["extract", "--text", p])
    c.check(out.decode("utf-8") == want, "Windows-1252 bytes become their characters",
            repr(out))
    c.check(rc == 1 and re.search(rb"^chronicle: .*cp1252\.txt: invalid UTF-8 repaired: \d+ bytes read "
                                  rb"as Windows-1252$", err, re.M),
            "with a warning naming the file", show(rc, out, err))
    m = first_mention(c, p, "3 May 2027")
    c.check(m and m["offset"] == want.encode().find(b"3 May 2027"),
            "offsets count bytes of the decoded text", repr(m))
    for name, enc in [("le.txt", "utf-16-le"), ("be.txt", "utf-16-be")]:
        bom = b"\xff\xfe" if enc.endswith("le") else b"\xfe\xff"
        p = c.file(name, bom + body.encode(enc))
        rc, out, err = c.run(["extract", "--text", p])
        c.check(rc == 0 and out.decode("utf-8") == want, "UTF-16 %s with a BOM" % enc[-2:],
                show(rc, out, err))
        m = first_mention(c, p, "3 May 2027")
        c.check(m and m["start"] == "2027-05-03", "dates found in UTF-16 %s" % enc[-2:], repr(m))
    p = c.file("bom.txt", b"\xef\xbb\xbf" + body.encode())
    m = first_mention(c, p, "3 May 2027")
    c.check(m and m["offset"] == 3 + body.encode().find(b"3 May 2027"),
            "UTF-8 with a BOM: offsets are still the file's bytes", repr(m))
    # (” would need 1252's undefined 0x9D, so this text has none)
    moji = "Caf\u00e9\u2019s \u201cZ\u00e9nith\u201c opens on 3 May 2027 \u2013 \u00a9 R\u00e9gion.\n"
    p = c.file("mojibake.txt", moji.encode("utf-8").decode("cp1252").encode("utf-8"))
    rc, out, err = c.run(["extract", "--text", p])
    c.check(out.decode("utf-8") == moji, "mojibake (UTF-8 read as 1252) is undone", repr(out))
    p = c.file("mixed.txt", "Z\u00fcrich, 3 May 2027 \u2013 ".encode() + b"caf\xe9 \x93ok\x94\n")
    rc, out, err = c.run(["extract", "--text", p])
    c.check(out.decode("utf-8") == "Z\u00fcrich, 3 May 2027 \u2013 caf\u00e9 \u201cok\u201d\n",
            "valid UTF-8 stays, stray bytes beside it are read as 1252", repr(out))
    p = c.file("c1.txt", "A \u0093quote\u0094 on 3 May 2027.\n")
    rc, out, err = c.run(["extract", "--text", p])
    c.check(out.decode("utf-8") == "A \u201cquote\u201d on 3 May 2027.\n",
            "C1 controls (1252 taken for Latin-1) become 1252's quotes", repr(out))
    page = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
            "charset=windows-1252\"><title>Caf\u00e9</title></head><body><p>%s</p></body></html>"
            % body.strip())
    p = c.file("w.html", page.encode("cp1252"))
    rc, out, err = c.run(["extract", "--text", p])
    c.check(rc == 0 and out.decode("utf-8") == want.strip(),
            "HTML declaring windows-1252 (http-equiv) is decoded, without a warning",
            show(rc, out, err))
    p = c.file("l.html", page.replace("windows-1252", "iso-8859-1").encode("utf-8"))
    rc, out, err = c.run(["extract", "--text", p])
    c.check(out.decode("utf-8") == want.strip(),
            "HTML labelled Latin-1 but saved as UTF-8 is read as UTF-8", repr(out))
    p = c.file("k.html", page.replace("windows-1252", "koi8-r").replace(
        "Caf\u00e9 \u201cLe Z\u00e9nith\u201d", "\u041a\u0430\u0444\u0435").replace(
        "Caf\u00e9", "\u041a\u0430\u0444\u0435").replace(
        "\u2013", "-").replace("\u2019", "'").encode("koi8-r"))
    rc, out, err = c.run(["extract", "--text", p])
    c.check(out.decode("utf-8").startswith("\u041a\u0430\u0444\u0435 opens on 3 May 2027"),
            "another declared charset (KOI8-R) through iconv", repr(out))
    p = c.file("u16.html", b"\xff\xfe" + page.replace("windows-1252", "utf-16").encode("utf-16-le"))
    rc, out, err = c.run(["extract", "--text", p])
    c.check(out.decode("utf-8") == want.strip(), "UTF-16 HTML with a BOM", repr(out))
    feed = ('<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><item>'
            '<title>Caf\u00e9 opens</title><guid>x</guid><description>It opens on 3 May 2027.'
            '</description></item></channel></rss>')
    p = c.file("l1.rss", feed.encode("latin-1"))
    rc, docs, err = meta(c, p)
    c.check(docs and docs[0]["headline"] == "Caf\u00e9 opens",
            "a feed's declared encoding is honoured", repr(docs) + repr(err))
    p = c.file("u16.rss", b"\xfe\xff" + feed.replace("ISO-8859-1", "UTF-16").encode("utf-16-be"))
    rc, docs, err = meta(c, p)
    c.check(docs and docs[0]["headline"] == "Caf\u00e9 opens", "a UTF-16 feed with a BOM",
            repr(docs) + repr(err))
    p = c.file("bad.rss", feed.replace(' encoding="ISO-8859-1"', "").encode("cp1252"))
    rc, docs, err = meta(c, p)
    c.check(docs and docs[0]["headline"] == "Caf\u00e9 opens",
            "an undeclared non-UTF-8 feed is still read", repr(docs) + repr(err))
    p = c.file("Caf\udce9.txt".encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape"),
               "It opens on 3 May 2027.\n")
    rc, out, err = c.run(["extract", os.fsencode(p).decode("utf-8", "surrogateescape")])
    c.check(out.count(b'"doc":"') == 1, "a file name that is not UTF-8 still gets its doc field",
            show(rc, out, err))
    rc, out, err = c.run(["events", "--ref", "2027-01-01",
                          os.fsencode(p).decode("utf-8", "surrogateescape")])
    ev = json.loads(out) if rc == 0 and out.count(b"\n") == 1 else {}
    c.check(ev.get("doc", "").endswith("Caf?.txt") and
            [s.get("doc") for s in ev.get("sources", [])] == [ev.get("doc")],
            "events: a file name that is not UTF-8 is the doc of its source too",
            show(rc, out, err))
    for dir_ in (FIX, c.tmp):
        for fmt in ("ics", "atom", "rss", "json", "html"):
            rc, out, err = c.run(["events", "-t", fmt, "--now", "2027-06-01T00:00:00Z", dir_])
            try:
                out.decode("utf-8")
                ok = rc in (0, 1) and out.strip()
            except UnicodeDecodeError:
                ok = False
            c.check(ok, "events -t %s over a folder of every format and encoding: UTF-8 out"
                    % fmt, show(rc, out[:300], err))
    import random
    rng = random.Random(4)
    p = c.file("noise.txt", bytes(rng.randrange(0x80, 0x100) for _ in range(70000)))
    rc, out, err = c.run(["extract", p])
    c.check(rc == 1 and not out and re.search(rb"^chronicle: .*noise\.txt: not UTF-8 text", err, re.M),
            "bytes that are mostly not UTF-8 (noise, an unreadable charset) are refused",
            show(rc, out, err))
    os.unlink(p)
    # Whatever came in, everything that went out is UTF-8.
    allout = b""
    for f in sorted(os.listdir(c.tmp)):
        for verb in (["extract"], ["events"], ["extract", "--text"], ["extract", "--meta"]):
            rc, out, err = c.run(verb + [f])
            allout += out
    try:
        allout.decode("utf-8")
        ok = True
    except UnicodeDecodeError as e:
        ok = False
    c.check(ok, "every output of every encoding fixture is valid UTF-8")


def t_declared_charsets(c):
    """A declared charset is honoured when it can be true, and only then."""
    body = "The fair opens on 3 May 2027 in Lyon."
    page = ('<html><head><meta charset="%s"><title>Fair</title></head><body><p>%s</p>'
            '</body></html>')
    # Labels whose bytes are not ASCII's (UTF-32, UCS-2, EBCDIC, UTF-7),
    # declared in a page that is ASCII: the declaration cannot be true.
    for cs in ("UTF-32", "UCS-2", "UCS-4", "UNICODE", "CP037", "UTF-7"):
        p = c.file("lab-%s.html" % cs, page % (cs, body + " +ADw-b+AD4-x"))
        rc, out, err = c.run(["extract", "--text", p])
        c.check(rc == 0 and out == (body + " +ADw-b+AD4-x").encode(),
                "an ASCII page labelled %s is read as it is (valid UTF-8)" % cs,
                show(rc, out, err))
    # A page and a feed in Shift_JIS, EUC-KR and GBK, declared: read, not
    # refused as "not UTF-8 text".
    for cs, text in (("shift_jis", "\u65e5\u672c\u8a9e\u306e\u8a18\u4e8b\u3067\u3059\u3002"),
                     ("EUC-KR", "\ud55c\uad6d\uc5b4 \uae30\uc0ac\uc785\ub2c8\ub2e4. "),
                     ("GBK", "\u4e2d\u6587\u6587\u7ae0\u3002")):
        p = c.file("cjk-%s.html" % cs, (page % (cs, text * 200 + " " + body))
                   .replace("<title>Fair", "<title>" + text[:2]).encode(cs))
        rc, out, err = c.run(["extract", "--meta", p])
        docs = jlines(out) if rc == 0 else []
        c.check(rc == 0 and docs and docs[0]["headline"] == text[:2],
                "a page declaring %s is decoded with it" % cs, repr(docs) + repr(err))
        m = first_mention(c, p, "3 May 2027")
        c.check(m is not None, "and its dates are found (%s)" % cs, repr(m))
        feed = ('<?xml version="1.0" encoding="%s"?><rss version="2.0"><channel>%s</channel></rss>'
                % (cs, "".join("<item><guid>g%d</guid><title>%s %d</title><description>%s %s"
                               "</description></item>" % (i, text[:3], i, text * 20, body)
                               for i in range(50))))
        p = c.file("cjk-%s.rss" % cs, feed.encode(cs))
        rc, out, err = c.run(["extract", "--meta", p])
        docs = jlines(out) if rc == 0 else []
        c.check(rc == 0 and [d["headline"] for d in docs] == ["%s %d" % (text[:3], i)
                                                                for i in range(50)],
                "a feed declaring %s is read, every item" % cs, show(rc, b"", err))


def t_feed_encodings(c):
    """A feed's declared encoding never makes its items vanish."""
    item = lambda g, t: ("<item><guid>%s</guid><title>%s</title><description>Opens on 3 May 2027."
                         "</description></item>" % (g, t))
    good = c.file("good.txt", "The fair opens on 3 May 2027.\n")
    # Declarations that cannot be true of the ASCII they are written in,
    # or that name no encoding at all: libxml2 read nothing, silently.
    for cs in ("UTF-32", "UCS-4", "EBCDIC-US", "x-no-such-encoding"):
        p = c.file("lab-%s.rss" % cs, '<?xml version="1.0" encoding="%s"?><rss version="2.0">'
                   '<channel>%s%s</channel></rss>' % (cs, item("a", "Caf\u00e9"), item("b", "Two")))
        rc, out, err = c.run(["extract", "--meta", p, good])
        docs = [d["doc"] for d in jlines(out)]
        c.check(rc == 0 and docs == [p + "#a", p + "#b", good] and not err,
                "a feed labelled %s is read, both items, without libxml2's messages" % cs,
                show(rc, out, err))
    # One byte windows-1252 does not have (0x81) ended the feed there:
    # every later item was lost, with exit 0.
    raw = ('<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel>%s%s%s'
           '</channel></rss>' % (item("a", "Caf\u00e9"), item("b", "B @ x"), item("c", "C")))
    p = c.file("w1252.rss", raw.encode("cp1252").replace(b"@", b"\x81"))
    rc, out, err = c.run(["extract", "--meta", p, good])
    docs = jlines(out)
    c.check(rc == 0 and [d["doc"] for d in docs] == [p + "#a", p + "#b", p + "#c", good] and
            docs[0]["headline"] == "Caf\u00e9" and docs[1]["headline"] == "B \ufffd x" and not err,
            "a byte the declared encoding lacks is U+FFFD; the items after it are read",
            show(rc, out, err))
    # A Shift_JIS feed longer than the reader's chunks: characters cut at
    # a chunk's end are put together again.
    titles = ["\u8a18\u4e8b%d \u65e5\u672c\u8a9e" % i + "\u3042" * (i % 7) for i in range(5000)]
    feed = ('<?xml version="1.0" encoding="Shift_JIS"?><rss version="2.0"><channel>' +
            "".join("<item><guid>g%d</guid><title>%s</title><description>%s Opens on 3 May 2027."
                    "</description></item>" % (i, t, "\u6f22\u5b57" * (50 + i % 3))
                    for i, t in enumerate(titles)) + "</channel></rss>")
    p = c.file("sjis.rss", feed.encode("shift_jis"))
    rc, out, err = c.run(["extract", "--meta", p])
    c.check(rc == 0 and [d["headline"] for d in jlines(out)] == titles,
            "a 1.5 MB Shift_JIS feed: every title exact across the reader's chunks",
            show(rc, out[:300], err))


def t_utf32(c):
    """UTF-32 with a BOM is read as UTF-32: FF FE 00 00 was taken for
    UTF-16LE, every other character becoming U+FFFD, with exit 0."""
    body = "Caf\u00e9 \U0001F600 opens on 3 May 2027 \u2013 the mayor\u2019s idea.\n"
    page = ('<html><head><meta charset="utf-32"><title>Caf\u00e9</title></head><body><p>%s</p>'
            '</body></html>' % body.strip())
    feed = ('<?xml version="1.0" encoding="UTF-32"?><rss version="2.0"><channel><item><guid>a'
            '</guid><title>Caf\u00e9</title><description>It opens on 3 May 2027.</description>'
            '</item></channel></rss>')
    for enc, bom in (("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff")):
        p = c.file("t-%s.txt" % enc, bom + body.encode(enc))
        rc, out, err = c.run(["extract", "--text", p])
        c.check(rc == 0 and out == body.encode(), "%s text with a BOM" % enc, show(rc, out, err))
        m = first_mention(c, p, "3 May 2027")
        c.check(m and m["start"] == "2027-05-03", "its dates are found (%s)" % enc, repr(m))
        p = c.file("h-%s.html" % enc, bom + page.encode(enc))
        rc, docs, err = meta(c, p)
        c.check(rc == 0 and docs and docs[0]["headline"] == "Caf\u00e9", "%s HTML with a BOM" % enc,
                repr(docs) + repr(err))
        p = c.file("f-%s.rss" % enc, bom + feed.encode(enc))
        rc, docs, err = meta(c, p)
        c.check(rc == 0 and docs and docs[0]["headline"] == "Caf\u00e9", "a %s feed with a BOM" % enc,
                repr(docs) + repr(err))


# ---- sources --------------------------------------------------------------------------

def t_sources(c):
    c.file("tree/a.txt", "The fair opens on 3 May 2027.\n")
    c.file("tree/sub/b.html", "<p>The race is on 4 May 2027.</p>")
    c.file("tree/sub/deeper/c.rss", open(fixture("feed.rss"), "rb").read())
    c.file("tree/sub/photo.jpg", b"\xff\xd8\xff\xe0" + bytes(200))
    c.file("tree/.hidden.txt", "Secret on 5 May 2027.\n")
    os.symlink("..", c.path("tree/sub/loop"))
    os.symlink(c.path("tree"), c.path("tree/sub/deeper/again"))
    t = time.monotonic()
    rc, out, err = c.run(["extract", "tree"], timeout=30)
    secs = time.monotonic() - t
    docs = [m["doc"] for m in jlines(out)]
    files = sorted(set(d.split("#")[0] for d in docs))
    reals = [os.path.realpath(c.path(f)) for f in files]
    c.check(rc == 0 and files == ["tree/a.txt", "tree/sub/b.html", "tree/sub/deeper/c.rss"],
            "a folder is read recursively: known extensions, no hidden files", repr(files) + repr(err))
    c.check(secs < 10 and len([d for d in docs if d == "tree/a.txt"]) == 1 and
            len(reals) == len(set(reals)),
            "symlink loops are walked once (%.2f s)" % secs, repr(docs))
    lst = "tree/a.txt\nmissing.txt\ntree/sub\n"
    rc, out, err = c.run(["events", "--from-list"], stdin=lst.encode())
    real = lambda d: os.path.relpath(os.path.realpath(c.path(d.split("#")[0])), c.tmp)
    docs = sorted(set(real(e["doc"]) for e in jlines(out)))
    c.check(rc == 1 and docs == ["tree/a.txt", "tree/sub/b.html", "tree/sub/deeper/c.rss"] and
            re.search(rb"^chronicle: missing\.txt: ", err, re.M),
            "--from-list: paths on stdin, folders expanded, a missing one reported",
            show(rc, out, err))
    rc, out, err = c.run(["extract", "--from-list", "tree/a.txt"])
    c.check(rc == 2, "--from-list with file arguments is a usage error", show(rc, out, err))


# ---- hostile markup ---------------------------------------------------------------------

SECRET = "TOP-SECRET-XXE-CONTENT-7731"


def refused(c, name, args, pattern, what, limit=10.0, others=True):
    good = c.file("good.txt", "The fair opens on 3 May 2027.\n")
    rc, out, err, secs, rss = c.measured(["extract"] + args + [good])
    docs = [m["doc"] for m in jlines(out)] if out.strip() else []
    c.check(rc == 1 and re.search((r"^chronicle: [^:]*%s: .*%s" % (re.escape(name), pattern)).encode(),
                                  err, re.M | re.I),
            "%s: refused with 'chronicle: FILE: problem'" % what, show(rc, out, err))
    if others:
        c.check(good in docs, "%s: the next file is still read" % what, repr(docs[-3:]))
    c.check(secs < limit * c.slow and rss < c.mem, "%s: in bounded time and memory (%.2f s, %.0f MB)"
            % (what, secs, rss))


def t_xxe(c):
    secret = c.file("secret.txt", SECRET + "\n")
    c.file("secret.dtd", '<!ENTITY leak "%s">' % SECRET)
    rss = ('<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "file://%s" [\n'
           '<!ENTITY xxe SYSTEM "file://%s">\n<!ENTITY %% pe SYSTEM "file://%s"> %%pe;\n]>\n'
           '<rss version="2.0"><channel><item><title>Leak &xxe; &leak;</title><guid>g</guid>'
           '<description>Opens on 3 May 2027 &xxe;.</description></item></channel></rss>\n'
           % (c.path("secret.dtd"), secret, c.path("secret.dtd")))
    p = c.file("xxe.rss", rss)
    html = ('<!DOCTYPE html SYSTEM "file://%s" [<!ENTITY xxe SYSTEM "file://%s">]>'
            '<html><body><p>Opens on 3 May 2027 &xxe;.</p></body></html>'
            % (c.path("secret.dtd"), secret))
    h = c.file("xxe.html", html)
    everything = b""
    for f in (p, h):
        for verb in (["extract"], ["events"], ["extract", "--text"], ["extract", "--meta"]):
            rc, out, err = c.run(verb + [f])
            everything += out + err
    c.check(SECRET.encode() not in everything,
            "external entities and DTDs are never loaded (XXE)", everything[:1500])
    rc, out, err = c.run(["extract", p])
    c.check(any(m["text"] == "3 May 2027" for m in jlines(out)),
            "the rest of the feed is read", show(rc, out, err))


def t_billion_laughs(c):
    ents = ['<!ENTITY lol "lol">'] + ['<!ENTITY lol%d "%s">' % (i, ("&lol%s;" % ("" if i == 1 else i - 1)) * 10)
                                       for i in range(1, 10)]
    doc = ('<?xml version="1.0"?>\n<!DOCTYPE rss [%s]>\n<rss version="2.0"><channel><item>'
           '<title>&lol9;</title><description>&lol9;</description></item></channel></rss>\n'
           % "\n".join(ents))
    c.file("laughs.rss", doc)
    refused(c, "laughs.rss", ["laughs.rss"], "billion laughs", "billion laughs")
    # the quadratic variant: one big entity, many references
    big = ('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "%s">]>\n<rss version="2.0">'
           '<channel><item><guid>q</guid><description>%s</description></item></channel></rss>\n'
           % ("x" * 50000, "&a;" * 50000))
    c.file("quad.rss", big)
    rc, out, err, secs, rss = c.measured(["extract", "--text", "quad.rss"])
    c.check(secs < 10 * c.slow and rss < c.mem and len(out) < 1000000,
            "one entity referenced 50,000 times is not expanded (%.2f s, %.0f MB, %d bytes out)"
            % (secs, rss, len(out)))


def t_deep(c):
    c.file("deep.html", "<html><body>" + "<div>" * 100000 + "On 3 May 2027." + "</div>" * 100000)
    refused(c, "deep.html", ["deep.html"], "nested deeper", "100,000-deep HTML")
    c.file("deep.rss", '<rss version="2.0"><channel><item>' + "<a>" * 100000 + "</item></channel></rss>")
    refused(c, "deep.rss", ["deep.rss"], "nested deeper", "100,000-deep XML")
    c.file("wide.html", "<p>On 3 May 2027.</p>" + "<br>" * 1000000)
    refused(c, "wide.html", ["wide.html"], "more than [0-9]+ elements", "a million elements")


def t_item_refused(c):
    deep = "&lt;div&gt;" * 1000
    c.file("items.rss", '<rss version="2.0"><channel>'
           '<item><guid>a</guid><title>First</title><description>Opens on 3 May 2027.</description></item>'
           '<item><guid>b\t1</guid><title>Second on 4 May 2027</title><description>%s</description></item>'
           '<item><guid>c</guid><title>Third</title><description>Opens on 5 May 2027.</description></item>'
           '</channel></rss>' % deep)
    rc, out, err = c.run(["extract", "items.rss"])
    docs = sorted(set(m["doc"] for m in jlines(out)))
    c.check(rc == 1 and docs == ["items.rss#a", "items.rss#b1", "items.rss#c"] and
            re.search(rb"^chronicle: items\.rss: item b\?1: HTML nested deeper than \d+ elements"
                      rb" \(refused\); its text is skipped$", err, re.M),
            "an item whose HTML is refused keeps its title, with a warning; the others are read",
            show(rc, out, err))


def t_item_too_long(c):
    """An item's text over the reader's 8 MB field limit is read up to the
    limit, with a warning: it was dropped, silently (exit 0, the item's
    title only)."""
    filler = "The fair opens on 3 May 2027 in the market hall. " * 180000   # 9 MB
    c.file("long.rss", '<rss version="2.0"><channel><item><guid>a</guid><title>A</title>'
           '<description>%s</description></item><item><guid>b</guid><title>B</title>'
           '<description>The race is on 4 May 2027.</description></item></channel></rss>' % filler)
    c.file("long.atom", '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>a</id><title>A</title>'
           '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">%s</div></content>'
           '</entry><entry><id>b</id><title>B</title><content>The race is on 4 May 2027.</content>'
           '</entry></feed>' % ("<p>The fair opens on 3 May 2027 in the market hall.</p>" * 180000))
    for name in ("long.rss", "long.atom"):
        rc, out, err, secs, rss = c.measured(["extract", "--meta", name])
        docs = {d["doc"]: d for d in jlines(out)} if rc in (0, 1) else {}
        a = docs.get(name + "#a")
        c.check(rc == 1 and a and a["length"] > (8 << 20) - 1000 and name + "#b" in docs,
                "%s: the long item is read up to the limit, the next one too" % name,
                show(rc, out[:300], err))
        c.check(re.search((r"^chronicle: %s: item a: text longer than 8 MB" % re.escape(name)).encode(),
                          err, re.M), "%s: with a warning naming the item" % name, show(rc, b"", err))
        c.check(secs < 20 * c.slow and rss < c.mem, "%s: bounded (%.2f s, %.0f MB)" % (name, secs, rss))


def t_feed_nul(c):
    """A NUL byte in a feed past the sniffed first 64 KiB ended the feed
    there in libxml2: that item and every later one were lost, with exit
    0. It becomes U+FFFD with a warning, as in a text."""
    item = lambda i: ("<item><guid>g%d</guid><title>T%d</title><description>Opens on %d May 2027."
                      "</description></item>" % (i, i, i % 28 + 1))
    head = '<rss version="2.0"><channel>' + "".join(item(i) for i in range(1000))
    tail = "".join(item(i) for i in range(1001, 1011)) + "</channel></rss>"
    p = c.file("nul.rss", head.encode() + b"<item><guid>g1000</guid><title>Z\x00z</title>"
               b"<description>Opens on 3 June 2027.</description></item>" + tail.encode())
    rc, out, err = c.run(["extract", "--meta", p])
    docs = [d["doc"] for d in jlines(out)] if out.strip() else []
    c.check(rc == 1 and docs == [p + "#g%d" % i for i in range(1011)],
            "every item around the NUL is read (%d of 1011)" % len(docs), show(rc, out[-300:], err))
    c.check(re.search(rb"^chronicle: .*nul\.rss: 1 NUL byte replaced with U\+FFFD$", err, re.M),
            "with a warning naming the file", show(rc, b"", err))
    z = [d for d in jlines(out) if d["doc"] == p + "#g1000"] if docs else []
    c.check(z and z[0]["headline"] == "Z\ufffdz", "the NUL is U+FFFD", repr(z))


def t_attributes(c):
    c.file("attr.html", '<html><body><p title="%s">The fair opens on 3 May 2027.</p></body></html>'
           % ("x" * (10 << 20)))
    rc, out, err, secs, rss = c.measured(["extract", "attr.html"])
    c.check(rc == 0 and b"3 May 2027" in out and secs < 20 * c.slow and rss < c.mem,
            "a 10 MB attribute is read (%.2f s, %.0f MB)" % (secs, rss), show(rc, out, err))
    c.file("many.html", "<html><body><p " + " ".join("a%d=1" % i for i in range(200000)) +
           ">On 3 May 2027.</p></body></html>")
    refused(c, "many.html", ["many.html"], "attributes", "200,000 attributes in one tag")
    c.file("many.rss", '<rss version="2.0"><channel><item ' +
           " ".join('a%d="1"' % i for i in range(200000)) + "/></channel></rss>")
    refused(c, "many.rss", ["many.rss"], "attributes", "200,000 attributes in a feed")
    c.file("spread.html", "<html><body>" + "<p %s>x</p>" % " ".join("a%d=1" % i for i in range(900))
           * 3000 + "</body></html>")
    rc, out, err, secs, rss = c.measured(["extract", "spread.html"])
    c.check(secs < 10 * c.slow and rss < c.mem, "3,000 tags of 900 attributes each: bounded (%.2f s, exit %d)"
            % (secs, rc), show(rc, out, err))


def t_big_feed(c):
    n = 100000
    with open(c.path("big.rss"), "w") as f:
        f.write('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Big</title>\n')
        for i in range(n):
            f.write("<item><title>Notice %d</title><guid>n%d</guid><pubDate>Mon, 1 Mar 2027 "
                    "10:00:00 +0000</pubDate><description>&lt;p&gt;Meeting on %d May.&lt;/p&gt;"
                    "</description></item>\n" % (i, i, i % 28 + 1))
        f.write("</channel></rss>\n")
    rc, out, err, secs, rss = c.measured(["extract", "--meta", "big.rss"], timeout=300)
    lines = out.count(b"\n")
    c.check(rc == 0 and lines == n, "a feed of 100,000 items gives 100,000 documents",
            show(rc, out[-300:], err))
    c.check(secs < 120 and rss < (c.mem if c.asan else 200),
            "in bounded time and memory (%.1f s, %.0f MB peak)"
            % (secs, rss))


def t_too_big(c):
    with open(c.path("huge.html"), "w") as f:
        f.write("<html><body>")
        chunk = "<p>The fair opens on 3 May 2027 in the market hall.</p>\n" * 1000
        while f.tell() < (17 << 20):
            f.write(chunk)
    refused(c, "huge.html", ["huge.html"], "larger than 16 MB", "a 17 MB HTML page")


def t_libraries_on_demand(c):
    """Every library but libc and jansson is opened at its first use, not
    linked: plain text never loads libxml2 or libical (and with them ICU
    and the C++ runtime), sqlite3, inih or zlib. When one cannot be opened,
    each HTML or feed file says so and the text files are still read; a
    build stops with the message before it writes any output; the server
    does not start."""
    p = subprocess.run(["readelf", "-d", c.binary], stdout=subprocess.PIPE, timeout=10)
    needed = set(re.findall(rb"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", p.stdout))
    # (and the sanitizers' runtimes in the sanitizer build)
    own = {n for n in needed if not n.startswith((b"libasan.", b"libubsan."))}
    c.check(p.returncode == 0 and b"libc.so.6" in own and
            own <= {b"libc.so.6", b"libm.so.6", b"libjansson.so.4"},
            "the binary needs only libc, libm and jansson", repr(sorted(needed)))

    def without(*names):
        """An environment whose loader finds an empty file for each name
        first: dlopen refuses it."""
        libdir = c.path("no-" + "-".join(names))
        os.makedirs(libdir, exist_ok=True)
        for name in names:
            open(os.path.join(libdir, name), "wb").close()
        return dict(os.environ, LD_LIBRARY_PATH=libdir)

    def run(env, args):
        return subprocess.run([c.binary] + args, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=30, cwd=c.tmp)

    c.file("a.txt", "The forum opens on 14 April 2027.\n")
    c.file("b.html", "<html><body><p>The fair runs on 3 May 2027.</p></body></html>")
    c.file("c.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
           "<item><title>Fair</title><description>On 3 May 2027.</description></item>"
           "</channel></rss>")
    files = ["a.txt", "b.html", "c.rss"]
    p = run(without("libxml2.so.2", "libical.so.3", "libsqlite3.so.0", "libinih.so.1",
                    "libz.so.1"), ["extract", "--ref", "2026-11-01"] + files)
    err = p.stderr.decode("utf-8", "replace")
    docs = [json.loads(l)["doc"] for l in p.stdout.splitlines()]
    c.check(p.returncode == 1 and docs == ["a.txt"] and
            re.search(r"^chronicle: b\.html: cannot load libxml2\.so\.2: ", err, re.M) and
            re.search(r"^chronicle: c\.rss: cannot load libxml2\.so\.2: ", err, re.M),
            "no libxml2: each HTML and feed file says so, the text is still read, exit 1",
            show(p.returncode, p.stdout, p.stderr))
    rc, out, err = c.run(["extract", "--ref", "2026-11-01"] + files)
    c.check(rc == 0 and len(out.splitlines()) == 3, "with the libraries: all three read",
            show(rc, out, err))

    c.file("f/in/a.txt", "The forum opens on 14 April 2027.\n")
    c.file("f/f.feed", "title = T\nsources = in/\noutput = out\ndatabase = f.db\n"
           "timezone = Europe/Paris\n")
    for lib in ("libinih.so.1", "libical.so.3", "libsqlite3.so.0"):
        p = run(without(lib), ["build", "--now", "2026-11-01T00:00:00Z", "f/f.feed"])
        out_dir = c.path("f/out")
        written = [n for n in os.listdir(out_dir) if not n.startswith(".")] \
            if os.path.isdir(out_dir) else []
        c.check(p.returncode == 1 and b"cannot load " + lib.encode() in p.stderr and
                written == [], "no %s: build says so and writes no output" % lib,
                "%s %r" % (show(p.returncode, p.stdout, p.stderr), written))
    rc, out, err = c.run(["build", "--now", "2026-11-01T00:00:00Z", "f/f.feed"])
    c.check(rc == 0 and os.path.exists(c.path("f/out/calendar.ics")),
            "with the libraries: the build writes its outputs", show(rc, out, err))
    p = run(without("libz.so.1"), ["serve", "--dir", c.path("f/out"), "--port", "0"])
    c.check(p.returncode == 1 and b"cannot load libz.so.1" in p.stderr and p.stdout == b"",
            "no zlib: the server does not start, and says why",
            show(p.returncode, p.stdout, p.stderr))


def t_fuzz_regressions(c):
    """Inputs the fuzz targets once failed on: read, no crash, UTF-8 out."""
    for target in ("fuzz_html", "fuzz_feed"):
        d = os.path.join(HERE, "fuzz", "regress", target)
        for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            path = os.path.join(d, name)
            for verb in (["extract"], ["events"], ["extract", "--meta"]):
                rc, out, err = c.run(verb + [path])
                try:
                    out.decode("utf-8")
                    err.decode("utf-8")
                    jlines(out)
                    ok = rc in (0, 1)
                except ValueError:
                    ok = False
                c.check(ok, "%s/%s: %s exits 0 or 1 with UTF-8 JSON and messages"
                        % (target, name, " ".join(verb)), show(rc, out, err))


TESTS = [t_html_news, t_html_metadata_order, t_html_byline_and_spam, t_html_cms, t_html_titles, t_html_sniffed, t_rss, t_feed_relative_links, t_feed_html_entities, t_atom, t_example_feed,
         t_plain_headline, t_noise, t_encodings, t_declared_charsets, t_feed_encodings,
         t_utf32, t_sources, t_xxe, t_billion_laughs, t_deep, t_item_refused, t_item_too_long,
         t_feed_nul, t_attributes, t_big_feed, t_too_big, t_libraries_on_demand,
         t_fuzz_regressions]


def run_all(binary, res, filt="", big=True):
    c = Ctx(binary, res)
    for t in TESTS:
        name = t.__name__[2:]
        if filt and filt not in "read " + name:
            continue
        c.name = name
        c.tmp = tempfile.mkdtemp(prefix="chronicle-read-")
        try:
            t(c)
        except subprocess.TimeoutExpired as e:
            res.fail("read %s" % name, "timed out: %s" % e)
        except Exception as e:  # a broken test is a failure, not a crash
            import traceback
            res.fail("read %s" % name, "test raised %s\n%s" % (e, traceback.format_exc()))
        finally:
            shutil.rmtree(c.tmp, ignore_errors=True)
