"""Issue 4's acceptance on page and feed shapes the code was not tuned on:
publication-date detection, place accuracy and readable titles, through
the command line: called by tests/run.py (run_all). Standard library only.

The pages and feeds in tests/fixtures/quality/ are invented; their hand
annotation is tests/fixtures/quality/annotations.json. Every document's
publication date and every event's span, place and title is its own
check, so a regression names the document; the aggregate rates are
printed and held to the issue's bar (95% of stated publication dates,
85% of named places).

    python3 tests/run.py --binary build/chronicle --unit-dir build/tests --filter quality -v
"""

import json
import os
import re
import subprocess

TIMEOUT = 60
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures", "quality")

PUB_BAR = 0.95
PLACE_BAR = 0.85

MONTHS = ("January|February|March|April|May|June|July|August|September|"
          "October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
# What a title a reader accepts never holds: a date fragment, a
# reporting clause, a dateline, a dangling end, an invisible control.
DATE_BITS = re.compile(r"\b(\d{1,2}(st|nd|rd|th)?\s+(%s)\b|(%s)\s+\d{1,2}\b|\b(19|20)\d\d\b)" %
                       (MONTHS, MONTHS))
REPORTING = re.compile(r"(,\s*(?!(which|who|that|as)\b)(\w+\s+){0,4}(said|says|announced|told|stated)"
                       r"(\s+\w+){0,4}$|,\s*according to\b)|"
                       r"^(\w+\s+){1,5}(said|announced)\s+(on\s+\w+\s+)?that\b", re.I)
DATELINE = re.compile(r"^[A-Z][A-Z/ .'-]{2,}(\s*\([^)]*\))?\s*(,|[-\u2013\u2014])")
DANGLING = re.compile(r"([,;:(\-\u2013\u2014]|\b(and|or|but|the|a|an|of|on|in|at|to|for|from|with))$")
INVISIBLE = re.compile("[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def title_problems(title):
    """What makes a title one a reader would not accept (empty: none)."""
    out = []
    if not title:
        return ["no title"]
    if DATE_BITS.search(title):
        out.append("date fragment")
    if re.search(r"(?<![\d.])\d{1,2}[:.]\d{2}(?![\d.])", title) or re.search(r"\b\d{1,2}\s*[ap]m\b", title, re.I):
        out.append("time of day")
    if REPORTING.search(title):
        out.append("reporting clause")
    if DATELINE.search(title):
        out.append("dateline")
    t = title[:-1] if title.endswith("\u2026") else title
    if DANGLING.search(t.rstrip()):
        out.append("dangling end")
    if title.endswith("\u2026") and not re.search(r"\w\u2026$", title):
        out.append("cut badly")
    if len(title) > 90:
        out.append("longer than 90 characters")
    if INVISIBLE.search(title):
        out.append("invisible format character")
    if title.count("(") != title.count(")"):
        out.append("unbalanced bracket")
    return out


def run(binary, args):
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    p = subprocess.run([binary] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=TIMEOUT, cwd=FIXTURES, env=env)
    lines = [json.loads(l) for l in p.stdout.decode("utf-8").splitlines() if l.strip()]
    return p.returncode, lines, p.stderr.decode("utf-8", "replace")


def span_of(e):
    return e["start"] if e["start"] == e["end"] else "%s..%s" % (e["start"], e["end"])


def files_of(docs):
    seen = []
    for d in docs:
        f = d.split("#", 1)[0]
        if f not in seen:
            seen.append(f)
    return seen


def run_all(binary, res, filt="", big=True):
    if filt and filt not in "quality":
        return
    with open(os.path.join(FIXTURES, "annotations.json"), encoding="utf-8") as f:
        gold = json.load(f)["docs"]

    def check(cond, what, detail=""):
        return res.check(cond, "quality %s" % what, detail)

    def check_known(want, kind, cond, what, detail=""):
        """A check the annotation marks as failing today for a stated
        reason is printed as KNOWN, neither passed nor failed."""
        reason = want.get("known", {}).get(kind)
        if reason and not cond:
            print("KNOWN quality %s: %s" % (what, reason))
            return False
        return check(cond, what, detail)

    on_disk = sorted(n for n in os.listdir(FIXTURES) if n != "annotations.json")
    check(on_disk == sorted(files_of(gold)),
          "every fixture is annotated, every annotation has its fixture",
          "%s\n%s" % (on_disk, sorted(files_of(gold))))

    stated = found = 0
    named = placed = 0
    n_events = good_titles = 0
    issues = {}
    for fname in files_of(gold):
        rc, meta, err = run(binary, ["extract", "--meta", fname])
        check(rc == 0, "%s: extract --meta runs" % fname, err)
        by_doc = {m["doc"]: m for m in meta}
        rc, events, err = run(binary, ["events", fname])
        check(rc == 0, "%s: events runs" % fname, err)
        for doc, want in gold.items():
            if doc.split("#", 1)[0] != fname:
                continue
            m = by_doc.get(doc)
            if not check(m is not None, "%s: read as a document" % doc, sorted(by_doc)):
                continue
            got_pub = m.get("published")
            if want["published"] is None:
                check_known(want, "published", got_pub is None, "%s: no publication date is invented" % doc, got_pub)
            else:
                stated += 1
                found += got_pub == want["published"]
                check_known(want, "published", got_pub == want["published"], "%s: publication date %s" % (doc, want["published"]),
                      "got %r (from %s)" % (got_pub, m.get("published_from")))

            mine = [e for e in events if e["doc"] == doc]
            want_spans = sorted(w["span"] for w in want["events"])
            check_known(want, "events", sorted(span_of(e) for e in mine) == want_spans,
                  "%s: the events are %s, no more" % (doc, ", ".join(want_spans)),
                  "\n".join("%s %r" % (span_of(e), e["title"]) for e in mine))
            for w in want["events"]:
                hits = [e for e in mine if span_of(e) == w["span"]]
                if not hits:
                    continue
                e = hits[0]
                n_events += 1
                if w["place"] is not None:
                    named += 1
                    ok = e["location"] in w["place"]
                    placed += ok
                    check_known(w if "known" in w else want, "place", ok, "%s %s: place %s" % (doc, w["span"], w["place"][0]),
                          "got %r" % e["location"])
                problems = title_problems(e["title"])
                for p in problems:
                    issues[p] = issues.get(p, 0) + 1
                accepted = e["title"] in w["title"] or (
                    "title_prefix" in w and (e["title"] or "").startswith(w["title_prefix"]))
                good_titles += accepted and not problems
                check_known(want, "title", accepted and not problems,
                      "%s %s: a title a reader accepts" % (doc, w["span"]),
                      "got %r%s\naccepted: %r" % (e["title"],
                                                  " (%s)" % ", ".join(problems) if problems else "",
                                                  w["title"]))

    pub_rate = found / stated if stated else 0.0
    place_rate = placed / named if named else 0.0
    print("quality: publication date %d/%d (%.1f%%), place %d/%d (%.1f%%), "
          "titles accepted %d/%d, title problems: %s" %
          (found, stated, 100 * pub_rate, placed, named, 100 * place_rate,
           good_titles, n_events,
           ", ".join("%s %d" % kv for kv in sorted(issues.items())) or "none"))
    check(stated >= 40 and pub_rate >= PUB_BAR,
          "publication date found in at least 95%% of the documents that state it (%d/%d)" %
          (found, stated))
    check(named >= 35 and place_rate >= PLACE_BAR,
          "a correct place for at least 85%% of the events that name one (%d/%d)" % (placed, named))

    # The writers' bytes: a feed or calendar title carries no bidi
    # override, isolate or other invisible format character, while the
    # words around them stay.
    for fmt in ("ics", "atom", "rss", "json", "html"):
        p = subprocess.run([binary, "events", "--format", fmt, "bidi-title.html", "feed-news.rss"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT,
                           cwd=FIXTURES)
        out = p.stdout.decode("utf-8", "replace")
        bad = sorted({"U+%04X" % ord(ch) for ch in INVISIBLE.findall(out)})
        check(p.returncode == 0 and not bad and "Frieze" in out and "go to the polls" in out,
              "events --format %s: no bidi control or invisible character in the output bytes" % fmt,
              "exit %d, found %s\n%s" % (p.returncode, bad, p.stderr.decode("utf-8", "replace")[:300]))
