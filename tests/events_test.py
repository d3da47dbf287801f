"""One event per happening across documents, through the command line and
the feed build: called by tests/run.py (run_all). Standard library only.

The articles are invented for these tests.
"""

import json
import os
import shutil
import subprocess
import tempfile

TIMEOUT = 60

# Two releases about one summit, published a week apart, worded
# differently, one with the place in the sentence and one in its dateline.
FIRST = ("Coastal ministers to agree a litter plan\n\n"
         "VALLETTA, 3 March 2027 – Ministers of the Mediterranean coastal states "
         "will meet in Valletta on 14-15 April 2027 to adopt a regional plan on "
         "marine litter.\n\nRegistration for observers closes on 20 March 2027.\n")
SECOND = ("Marine litter plan goes to ministers\n\n"
          "BRUSSELS, 10 March 2027 – The commission said the regional plan on "
          "marine litter will be adopted by coastal ministers at a meeting on "
          "14-15 April 2027 in Valletta, Malta.\n")
# An older article about the same meeting, added to a feed later.
OLDER = ("VALLETTA, 1 February 2027 – A ministerial meeting on marine litter "
         "is planned for 14-15 April 2027 in Valletta.\n")
# Another happening on the same days elsewhere.
OTHER = ("OSLO, 2 March 2027 – The fisheries council will hold its spring session "
         "on 14-15 April 2027 in Bergen.\n")


class Ctx:
    def __init__(self, binary, res):
        self.binary = binary
        self.res = res
        self.name = ""
        self.tmp = None

    def check(self, cond, what, detail=""):
        return self.res.check(cond, "events %s: %s" % (self.name, what), detail)

    def write(self, rel, text):
        p = os.path.join(self.tmp, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return rel

    def run(self, args):
        env = dict(os.environ)
        env.pop("SOURCE_DATE_EPOCH", None)
        p = subprocess.run([self.binary] + args, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=TIMEOUT, cwd=self.tmp, env=env)
        return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def show(rc, out, err):
    return "exit %s\nstdout: %r\nstderr: %r" % (rc, out[:800], err[:400])


def vevents(data):
    """The VEVENTs of an iCalendar text as dicts NAME -> value (unfolded)."""
    lines = []
    for raw in data.decode("utf-8").split("\r\n"):
        if raw.startswith(" ") and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    events, cur = [], None
    for line in lines:
        name, _, value = line.partition(":")
        name = name.split(";")[0]
        if line == "BEGIN:VEVENT":
            cur = {}
        elif line == "END:VEVENT":
            events.append(cur)
            cur = None
        elif cur is not None:
            cur[name] = value
    return events


def jsonl(out):
    return [json.loads(l) for l in out.decode("utf-8").splitlines() if l.strip()]


def april(evs):
    return [e for e in evs if e.get("DTSTART;VALUE=DATE", e.get("DTSTART", "")) == "20270414"]


def t_cli_merge(c):
    c.write("a.txt", FIRST)
    c.write("b.txt", SECOND)
    c.write("o.txt", OTHER)
    per_doc = {}
    for name in ("a.txt", "b.txt"):
        rc, out, err = c.run(["events", name])
        objs = [o for o in jsonl(out) if o["start"] == "2027-04-14"]
        c.check(rc == 0 and len(objs) == 1 and objs[0]["sources"] == [{"doc": name}],
                "%s alone: one event, its own document as its one source" % name,
                show(rc, out, err))
        per_doc[name] = objs[0]["uid"] if objs else None
    c.check(per_doc["a.txt"] != per_doc["b.txt"],
            "each document gives the happening its own UID", repr(per_doc))

    outs = {}
    for order in (["a.txt", "b.txt", "o.txt"], ["o.txt", "b.txt", "a.txt"]):
        rc, out, err = c.run(["events", "-t", "ics", "--now", "2027-03-20T00:00:00Z"] + order)
        outs[tuple(order)] = out
        c.check(rc == 0, "ics over %s" % " ".join(order), show(rc, out, err))
    a, b = outs.values()
    c.check(a == b, "the calendar is byte for byte the same whatever order the files come in")
    evs = april(vevents(a))
    summit = [e for e in evs if "Valletta" in e.get("LOCATION", "")]
    c.check(len(evs) == 2 and len(summit) == 1,
            "the summit is one VEVENT; the Bergen session on the same days stays its own",
            repr(evs))
    if summit:
        s = summit[0]
        c.check(s["UID"] == per_doc["a.txt"],
                "its UID is the earlier-published document's", repr(s["UID"]))
        desc = s.get("DESCRIPTION", "")
        c.check("Source: a.txt" in desc and "Also: b.txt" in desc,
                "its DESCRIPTION links both documents", desc)
        c.check(s.get("LOCATION") == "Valletta" and "Ministers" in s.get("SUMMARY", ""),
                "title and place from the earlier document", repr(s))

    lines = {}
    for order in (["a.txt", "b.txt"], ["b.txt", "a.txt"]):
        rc, out, err = c.run(["events", "--merge"] + order)
        lines[tuple(order)] = out
        objs = [o for o in jsonl(out) if o["start"] == "2027-04-14"]
        c.check(rc == 0 and len(objs) == 1 and objs[0]["uid"] == per_doc["a.txt"] and
                [s["doc"] for s in objs[0]["sources"]] == ["a.txt", "b.txt"],
                "events --merge %s: one line, both sources, the same UID" % " ".join(order),
                show(rc, out, err))
    x, y = lines.values()
    c.check(x == y, "events --merge gives the same lines in either order")

    for fmt in ("atom", "rss", "json", "html"):
        rc, out, err = c.run(["events", "-t", fmt, "--now", "2027-03-20T00:00:00Z",
                              "b.txt", "a.txt"])
        text = out.decode("utf-8", "replace")
        c.check(rc == 0 and text.count(per_doc["a.txt"]) >= 1 and
                per_doc["b.txt"] not in text and
                ("Also: b.txt" in text or "Also: <bdi>b.txt</bdi>" in text),
                "%s: one entry for the summit, linking both documents" % fmt,
                show(rc, out, err))


def t_feed_merge(c):
    feed = ("title = Merge test\nbase_url = https://example.org/\nsources = arts\n"
            "output = out\n")
    c.write("f.feed", feed)
    c.write("arts/a.txt", FIRST)
    rc, out, err = c.run(["build", "--now", "2027-03-04T00:00:00Z", "f.feed"])
    with open(os.path.join(c.tmp, "out/calendar.ics"), "rb") as f:
        first = april(vevents(f.read()))
    c.check(rc == 0 and len(first) == 1, "first build: the summit", show(rc, out, err))
    uid = first[0]["UID"] if first else None

    c.write("arts/b.txt", SECOND)
    rc, out, err = c.run(["build", "--now", "2027-03-11T00:00:00Z", "f.feed"])
    with open(os.path.join(c.tmp, "out/calendar.ics"), "rb") as f:
        second = april(vevents(f.read()))
    c.check(rc == 0 and len(second) == 1 and second[0]["UID"] == uid,
            "a second source a week later joins the event the calendar has, same UID",
            repr(second))
    if second:
        desc = second[0].get("DESCRIPTION", "")
        c.check("Source: arts/a.txt" in desc and "Also: arts/b.txt" in desc,
                "and the event now links both documents", desc)
        c.check(second[0]["LAST-MODIFIED"] == "20270311T000000Z",
                "its LAST-MODIFIED moves with the new source", repr(second[0]))

    # A store built from nothing gives the same UIDs.
    shutil.copytree(os.path.join(c.tmp, "arts"), os.path.join(c.tmp, "fresh/arts"))
    c.write("fresh/f.feed", feed)
    rc, out, err = c.run(["build", "--now", "2027-03-11T00:00:00Z", "fresh/f.feed"])
    with open(os.path.join(c.tmp, "fresh/out/calendar.ics"), "rb") as f:
        fresh = april(vevents(f.read()))
    c.check(rc == 0 and [e["UID"] for e in fresh] == [uid],
            "a fresh build of both documents publishes the same UID", repr(fresh))

    # The first document drops the meeting: the event stays, from the
    # second, and is not cancelled.
    c.write("arts/a.txt", FIRST.split("\n\n")[0] + "\n\nNo news yet.\n")
    rc, out, err = c.run(["build", "--now", "2027-03-12T00:00:00Z", "f.feed"])
    with open(os.path.join(c.tmp, "out/calendar.ics"), "rb") as f:
        after = april(vevents(f.read()))
    c.check(rc == 0 and len(after) == 1 and after[0]["STATUS"] != "CANCELLED" and
            "arts/b.txt" in after[0].get("DESCRIPTION", "") and
            "arts/a.txt" not in after[0].get("DESCRIPTION", ""),
            "a source that drops the happening leaves it to the other, not cancelled",
            repr(after))

    # An older article added later: still one event.
    c.write("arts/c.txt", OLDER)
    rc, out, err = c.run(["build", "--now", "2027-03-13T00:00:00Z", "f.feed"])
    with open(os.path.join(c.tmp, "out/calendar.ics"), "rb") as f:
        late = april(vevents(f.read()))
    c.check(rc == 0 and len(late) == 1,
            "an older article added later: the happening is still shown once", repr(late))


TESTS = [t_cli_merge, t_feed_merge]


def run_all(binary, res, filt="", big=True):
    c = Ctx(binary, res)
    for t in TESTS:
        name = t.__name__[2:]
        if filt and filt not in "events " + name:
            continue
        c.name = name
        c.tmp = tempfile.mkdtemp(prefix="chronicle-events-")
        try:
            t(c)
        finally:
            shutil.rmtree(c.tmp, ignore_errors=True)
