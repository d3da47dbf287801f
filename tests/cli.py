"""CLI behaviour tests for chronicle, called by tests/run.py.

Each test is a function `t_NAME(ctx)` that reports through ctx.check; run.py
passes its Results object in. Standard library only.
"""

import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

TIMEOUT = 60

DATE_RE = re.compile(r"^\d{4}-\d\d-\d\d$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
PRECISIONS = {"day", "week", "month", "quarter", "half", "season", "year",
              "decade", "century"}
MODS = {"early", "mid", "late", "start", "end", "approx"}
STATUSES = {"confirmed", "tentative", "cancelled"}

GOOD_A = "On 30 January 2018, the agency held a training session in Lyon.\n"
GOOD_B = "The summit will take place on 14 March 2019 in Geneva.\n"


class Ctx:
    def __init__(self, binary, res, tmp):
        self.binary = binary
        self.res = res
        self.tmp = tmp
        self.name = ""

    def run(self, args, stdin=b"", timeout=TIMEOUT):
        p = subprocess.run([self.binary] + args, input=stdin,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout, cwd=self.tmp)
        return p.returncode, p.stdout, p.stderr

    def file(self, name, data):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        return name

    def check(self, cond, what, detail=""):
        return self.res.check(cond, "cli %s: %s" % (self.name, what), detail)


def show(rc, out, err):
    return "exit %s\nstdout: %r\nstderr: %r" % (rc, out[:600], err[:600])


def jlines(out):
    """Parses JSON lines; returns (objects, problem)."""
    objs = []
    try:
        text = out.decode("utf-8")
    except UnicodeDecodeError as e:
        return objs, "output is not UTF-8: %s" % e
    for line in text.split("\n"):
        if line.strip():
            try:
                objs.append(json.loads(line))
            except ValueError as e:
                return objs, "bad JSON line %r: %s" % (line[:200], e)
    return objs, ""


# ---- help, version, usage errors ----------------------------------------------

def t_help(c):
    for args in (["--help"], ["-h"], ["extract", "--help"], ["events", "--help"]):
        rc, out, err = c.run(args)
        c.check(rc == 0 and out.strip() and b"Usage" in out and not err,
                "%s prints usage on stdout, exit 0" % " ".join(args), show(rc, out, err))


def t_version(c):
    for args in (["--version"], ["-V"]):
        rc, out, err = c.run(args)
        c.check(rc == 0 and re.match(rb"^chronicle \d+\.\d+\.\d+\n$", out) and not err,
                "%s prints 'chronicle X.Y.Z', exit 0" % args[0], show(rc, out, err))


def t_usage_errors(c):
    cases = [
        (["frobnicate"], "unknown verb"),
        ([], "no verb"),
        (["extract", "--bogus"], "unknown option"),
        (["events", "--no-such-option", "-"], "unknown events option"),
        (["extract", "--ref", "2018-13-40", "-"], "bad --ref month"),
        (["extract", "--ref", "yesterday", "-"], "bad --ref word"),
        (["extract", "--ref", "2018-02-30", "-"], "bad --ref day"),
        (["events", "--ref", "20180102", "-"], "bad --ref compact"),
        (["extract", "--ref"], "--ref without a value"),
        (["events", "--format", "pdf", "-"], "bad --format"),
        (["extract", "--format", "ics", "-"], "events option given to extract"),
        (["extract", "--jobs", "0", "-"], "--jobs 0"),
        (["extract", "-j", "two", "-"], "-j not a number"),
        (["events", "--jobs", "-2", "-"], "negative --jobs"),
        (["events", "-j", "4x", "-"], "--jobs with letters after"),
        (["events", "--base-url", "ftp://example.org/", "-"], "--base-url not http(s)"),
        (["events", "--base-url", "http://a b/", "-"], "--base-url with a space"),
        (["events", "--base-url", "https://x.example/\"><b>", "-"], "--base-url with a quote"),
        (["events", "--base-url", "http://x.example/\x1b[2J", "-"],
         "--base-url with a control character"),
    ]
    for args, what in cases:
        rc, out, err = c.run(args, stdin=GOOD_A.encode())
        c.check(rc == 2 and not out and err.strip(),
                "%s exits 2 with a message on stderr" % what, show(rc, out, err))


# ---- files -------------------------------------------------------------------------

def docs_in(objs):
    return [o.get("doc") for o in objs]


def t_missing_file(c):
    a = c.file("a.txt", GOOD_A)
    b = c.file("b.txt", GOOD_B)
    rc, out, err = c.run(["extract", "--ref", "2018-01-02", a, "no-such.txt", b])
    objs, problem = jlines(out)
    c.check(rc == 1, "missing file exits 1", show(rc, out, err))
    c.check(re.search(rb"^chronicle: no-such\.txt: \S.*$", err, re.M)
            and b"No such file" in err,
            "missing file gives 'chronicle: PATH: reason' on stderr", show(rc, out, err))
    c.check(not problem and a in docs_in(objs) and b in docs_in(objs),
            "files around a missing one are still processed", problem or show(rc, out, err))
    rc, out, err = c.run(["events", "--ref", "2018-01-02", "no-such.txt", a])
    objs, problem = jlines(out)
    c.check(rc == 1 and not problem and a in docs_in(objs),
            "events: missing file first, next file still processed", problem or show(rc, out, err))


def t_binary_file(c):
    a = c.file("a.txt", GOOD_A)
    b = c.file("b.txt", GOOD_B)
    blob = c.file("blob.bin", b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)) * 8
                  + b"held on 30 January 2018\x00\x00")
    rc, out, err = c.run(["extract", "--ref", "2018-01-02", a, blob, b])
    objs, problem = jlines(out)
    c.check(rc == 1, "binary file exits 1", show(rc, out, err))
    c.check(re.search(rb"^chronicle: blob\.bin: .*binary", err, re.M | re.I),
            "binary file refused with 'chronicle: PATH: ... binary ...'", show(rc, out, err))
    c.check(not problem and "blob.bin" not in docs_in(objs),
            "binary file gives no mentions", problem or show(rc, out, err))
    c.check(not problem and a in docs_in(objs) and b in docs_in(objs),
            "files around a binary one are still processed", problem or show(rc, out, err))


def t_invalid_utf8(c):
    bad = c.file("bad.txt", b"The council met in Gen\xe8ve on 30 January 2018 "
                            b"and adopted the \xff\xfe report.\n")
    b = c.file("b.txt", GOOD_B)
    rc, out, err = c.run(["extract", "--ref", "2018-01-02", bad, b])
    objs, problem = jlines(out)
    c.check(rc == 1, "invalid UTF-8 exits 1", show(rc, out, err))
    c.check(re.search(rb"^chronicle: bad\.txt: .*UTF-8", err, re.M),
            "invalid UTF-8 reported as 'chronicle: PATH: ... UTF-8 ...'", show(rc, out, err))
    texts = [o.get("text") for o in objs if o.get("doc") == bad]
    c.check(not problem and "30 January 2018" in texts,
            "invalid UTF-8 file is still processed", problem or show(rc, out, err))
    c.check(not problem and b in docs_in(objs),
            "file after an invalid UTF-8 one is processed", problem or show(rc, out, err))
    for o in objs:
        if o.get("doc") == bad and o.get("text") == "30 January 2018":
            # Gen\xe8ve is read as Windows-1252: Genève, with è as its 2
            # UTF-8 bytes; offsets are bytes of the decoded text.
            c.check(o.get("offset") == len("The council met in Genève on ".encode()),
                    "offsets count the decoded è as its 2 UTF-8 bytes", repr(o))
    rc, out, err = c.run(["events", "--ref", "2018-01-02", bad])
    objs, problem = jlines(out)
    c.check(rc == 1 and not problem and objs
            and "Genève" in objs[0].get("sentence", "")
            and "\u00ff\u00fe report" in objs[0].get("sentence", ""),
            "events output is valid UTF-8 with the bytes read as Windows-1252",
            problem or show(rc, out, err))


def t_empty_file(c):
    e = c.file("empty.txt", b"")
    for verb in ("extract", "events"):
        rc, out, err = c.run([verb, "--ref", "2018-01-02", e])
        c.check(rc == 0 and not out and not err, "%s: empty file, no output, exit 0" % verb,
                show(rc, out, err))
    rc, out, err = c.run(["extract", "--ref", "2018-01-02", "-"], stdin=b"")
    c.check(rc == 0 and not out and not err, "empty stdin, no output, exit 0",
            show(rc, out, err))
    rc, out, err = c.run(["extract", "--ref", "2018-01-02", "-"],
                         stdin=b"No date appears in this sentence.\n")
    c.check(rc == 0 and not out and not err, "text without dates: no output, exit 0",
            show(rc, out, err))


def t_stdin(c):
    rc, out, err = c.run(["extract", "--ref", "2018-01-02"], stdin=GOOD_A.encode())
    objs, problem = jlines(out)
    c.check(rc == 0 and not problem and [o.get("doc") for o in objs] == ["-"],
            "no FILE reads stdin, doc is '-'", problem or show(rc, out, err))


# ---- JSON shape and offsets ----------------------------------------------------------

SAMPLE = ("GENEVA, 14 March 2019 — The Zürich-based café network’s “Réunion” forum "
          "was held on 30 and 31 January 2018 in Genève; the next session will take "
          "place in the third quarter of 2019, from 9:30 to 11:00 CET on 2 May 2019.\n"
          "Délégués also met on 12 February. Ces réunions résultent d’un accord.\n")


def check_mention(o):
    need = {"doc": str, "offset": int, "length": int, "text": str, "precision": str}
    for k, t in need.items():
        if not isinstance(o.get(k), t):
            return "field %s missing or not %s" % (k, t.__name__)
    if o["precision"] not in PRECISIONS:
        return "bad precision %r" % o["precision"]
    if "start" in o or "end" in o:
        if not (DATE_RE.match(str(o.get("start"))) and DATE_RE.match(str(o.get("end")))):
            return "bad start/end"
        if o["end"] < o["start"]:
            return "end before start"
    elif o.get("resolved") is not False:
        return "no start/end and no resolved:false"
    if "mod" in o and o["mod"] not in MODS:
        return "bad mod"
    if "time" in o and not re.match(r"^\d\d:\d\d$", o["time"]):
        return "bad time"
    if "tz" in o and not re.match(r"^[+-]\d\d:\d\d$", o["tz"]):
        return "bad tz"
    if "role" in o and o["role"] != "published":
        return "bad role"
    return ""


def check_event(o):
    need = {"uid": str, "doc": str, "start": str, "end": str, "precision": str,
            "title": str, "sentence": str, "status": str, "mentions": list}
    for k, t in need.items():
        if not isinstance(o.get(k), t):
            return "field %s missing or not %s" % (k, t.__name__)
    if "location" not in o or not (o["location"] is None or isinstance(o["location"], str)):
        return "location missing"
    if not UUID_RE.match(o["uid"]):
        return "uid is not a lowercase UUID"
    if not (DATE_RE.match(o["start"]) and DATE_RE.match(o["end"])) or o["end"] < o["start"]:
        return "bad start/end"
    if o["precision"] not in PRECISIONS or o["status"] not in STATUSES:
        return "bad precision or status"
    if not o["mentions"] or not all(isinstance(m, list) and len(m) == 2 and
                                     all(isinstance(x, int) for x in m)
                                     for m in o["mentions"]):
        return "mentions is not a list of [offset, length]"
    if len(o["title"]) > 91:
        return "title longer than 90 characters plus an ellipsis"
    return ""


def t_json_shape(c):
    raw = SAMPLE.encode("utf-8")
    s = c.file("sample.txt", raw)
    rc, out, err = c.run(["extract", "--ref", "2019-03-01", s])
    objs, problem = jlines(out)
    c.check(rc == 0 and not problem and len(objs) >= 4,
            "extract on a multibyte text gives JSON lines", problem or show(rc, out, err))
    bad = [(o, check_mention(o)) for o in objs if check_mention(o)]
    c.check(not bad, "extract lines have the fields of design.md", repr(bad[:3]))
    wrong = [o for o in objs
             if raw[o.get("offset", 0):o.get("offset", 0) + o.get("length", 0)]
             .decode("utf-8", "replace") != o.get("text")]
    c.check(objs and not wrong, "text[offset:offset+length] == text (byte offsets)",
            repr(wrong[:3]))
    texts = [o.get("text") for o in objs]
    c.check("30 and 31 January 2018" in texts,
            "a date after multibyte characters is found", repr(texts))
    want = raw.index("30 and 31 January 2018".encode())
    got = [o.get("offset") for o in objs if o.get("text") == "30 and 31 January 2018"]
    c.check(got == [want], "offset after multibyte characters is in bytes (%d)" % want,
            repr(got))
    c.check(any(o.get("time") == "09:30" and o.get("end_time") == "11:00"
                and o.get("tz") == "+01:00" for o in objs),
            "time, end_time and tz fields", repr(objs))
    c.check(any(o.get("role") == "published" for o in objs),
            "role field for the dateline", repr(objs))

    rc, out, err = c.run(["events", "--ref", "2019-03-01", s])
    objs, problem = jlines(out)
    c.check(rc == 0 and not problem and objs, "events gives JSON lines",
            problem or show(rc, out, err))
    bad = [(o, check_event(o)) for o in objs if check_event(o)]
    c.check(not bad, "events lines have the fields of design.md", repr(bad[:3]))
    wrong = [o for o in objs for (off, ln) in o.get("mentions", [])
             if not raw[off:off + ln].decode("utf-8", "replace").strip()
             or raw[off:off + ln].decode("utf-8", "replace") not in o.get("sentence", "")]
    c.check(objs and not wrong, "event mention spans are byte spans inside the sentence",
            repr(wrong[:3]))

    # the same through stdin: same offsets
    rc2, out2, _ = c.run(["extract", "--ref", "2019-03-01", "-"], stdin=raw)
    o1, _ = jlines(c.run(["extract", "--ref", "2019-03-01", s])[1])
    o2, _ = jlines(out2)
    strip = lambda l: [{k: v for k, v in o.items() if k != "doc"} for o in l]
    c.check(rc2 == 0 and strip(o1) == strip(o2), "stdin and file give the same mentions")


def t_json_escaping(c):
    # extract writes its lines by hand: quotes, backslashes and control
    # characters in a file name and a tab inside a mention must come out
    # as valid JSON that reads back to the same strings
    name = 'q"b\\s\x01\tz.txt'
    raw = b"The forum met on 30\tJanuary 2018 in Lyon.\n"
    c.file(name, raw)
    rc, out, err = c.run(["extract", "--ref", "2019-03-01", name])
    objs, problem = jlines(out)
    c.check(rc == 0 and not problem and len(objs) == 1, "one JSON line",
            problem or show(rc, out, err))
    if objs:
        o = objs[0]
        c.check(o.get("doc") == name, "file name with quote, backslash, control "
                "characters read back", repr(o))
        c.check(o.get("text") == "30\tJanuary 2018" and o.get("offset") == raw.index(b"30"),
                "mention with a tab read back", repr(o))
        c.check(b"\\u0001" in out and b"\\t" in out, "control characters are escaped",
                repr(out))


def t_deterministic(c):
    s = c.file("sample.txt", SAMPLE)
    r1 = c.run(["events", "--ref", "2019-03-01", s])
    r2 = c.run(["events", "--ref", "2019-03-01", s])
    c.check(r1 == r2 and r1[0] == 0, "same input gives byte-identical events", show(*r1))


def t_jobs(c):
    """A text long enough to be lexed on several threads (over 2 MB, with
    line breaks) gives byte for byte what one thread gives."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench"))
    import gen
    path = os.path.join(c.tmp, "jobs.txt")
    with open(path, "wb") as f:
        gen.generate(f, 3, seed=7)
    for verb in ("extract", "events"):
        one = c.run([verb, "-j", "1", "--ref", "2026-11-23", path])
        three = c.run([verb, "--jobs", "3", "--ref", "2026-11-23", path])
        c.check(one[0] == 0 and one[1].count(b"\n") > 1000 and three == one,
                "%s -j 3 gives what -j 1 gives" % verb, show(*three))
    with open(path, "rb") as f:
        data = f.read()
    piped = c.run(["extract", "-j", "2", "--ref", "2026-11-23", "-"], stdin=data)
    c.check(piped[0] == 0 and
            piped == c.run(["extract", "-j", "1", "--ref", "2026-11-23", "-"], stdin=data),
            "through standard input, two threads give what one gives", show(*piped))


def windowed_text(path):
    """Writes a text over the 16 MB that is read whole, so that it is read in
    1 MB windows: a dateline in its first line, then paragraphs whose dates
    have no year (the year comes from the dateline). Returns how many
    year-less dates it holds."""
    filler = ("Delegates discussed the budget and the workplan in detail. "
              "The secretariat presented its findings to the working group. ") * 6
    n = 0
    with open(path, "w") as f:
        f.write("GENEVA, Jun 20 2017 (Newsroom) - The council met again.\n\n")
        size = 0
        while size < 18 << 20:
            para = "%sThe next session is on %d-%d %s. %s\n\n" % (
                filler, 3 + n % 20, 4 + n % 20, MONTHS[n % 12], filler)
            f.write(para)
            size += len(para)
            n += 1
    return n


def t_pool(c):
    """Documents and the windows of a huge text are found on a thread each:
    -j 3 prints byte for byte what -j 1 prints, reports what it reports in
    the same order, and exits the same; later windows take the year of the
    dateline in the first one."""
    big = os.path.join(c.tmp, "windowed.txt")
    planted = windowed_text(big)
    docs = []
    for k in range(12):
        docs.append(c.file("doc%02d.txt" % k, (GOOD_A if k % 2 else GOOD_B) +
                           "The review is due in %s %d.\n" % (MONTHS[k], 2020 + k)))
    blob = c.file("blob.bin", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)
    files = docs[:5] + [blob, "windowed.txt", "no-such.txt"] + docs[5:]
    runs = [["extract", "--ref", "2026-11-23"] + files,
            ["events", "--ref", "2026-11-23"] + files,
            ["events", "--format", "ics", "--now", "2026-11-23T00:00:00Z",
             "--ref", "2026-11-23"] + files,
            ["events", "--merge", "--ref", "2026-11-23"] + files]
    for args in runs:
        one = c.run(args[:1] + ["-j", "1"] + args[1:])
        three = c.run(args[:1] + ["-j", "3"] + args[1:])
        c.check(one[0] == 1 and b"blob.bin" in one[2] and b"no-such.txt" in one[2] and
                three == one, "%s: -j 3 gives the output, the reports and the exit "
                "status of -j 1" % " ".join(args[:3]), show(*three))
    rc, out, err = c.run(["extract", "-j", "3", "--ref", "2026-11-23", "windowed.txt"])
    objs, problem = jlines(out)
    # "the next session is on 3-4 January": the first such day after the
    # dateline's 20 June 2017 (without it, after the --ref date)
    late = [o for o in objs if o["offset"] > 8 << 20 and o["text"][0].isdigit()]
    c.check(rc == 0 and not problem and len(late) > planted // 3 and
            all("2017-06-20" <= o["start"] <= "2018-06-20" for o in late),
            "dates in later windows are read from the first window's dateline "
            "(%d of %d planted)" % (len(late), planted),
            problem or show(rc, out, err))


# ---- a 100 MB single-line text ---------------------------------------------------------

WINDOW = 1 << 20
BIG_SIZE = 100 << 20
DENSE = 12 << 10

FILLERS = [
    "Delegates discussed the budget and the workplan in detail. ",
    "The secretariat presented its findings to the working group. ",
    "Several speakers stressed the need for further consultations. ",
    "Participants welcomed the progress achieved by the partners. ",
    "The chair thanked the host country for its hospitality. ",
    "Regional offices reported on the implementation of projects. ",
    "A number of observers took the floor during the debate. ",
    "The representative of the donor group asked for clarification. ",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
ABBR = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sept.",
        "Oct.", "Nov.", "Dec."]


def fmt_date(rng, y, m, d, style):
    if style == 0:
        return "%d %s %d" % (d, MONTHS[m - 1], y)
    if style == 1:
        return "%s %d, %d" % (MONTHS[m - 1], d, y)
    if style == 2:
        return "%04d-%02d-%02d" % (y, m, d)
    return "%s %d, %d" % (ABBR[m - 1], d, y)


def generate_big(path, rng):
    """Writes a single-line text of BIG_SIZE bytes; returns the planted dates
    as a list of (offset, text, iso, kind) and the simulated window cuts.
    kind is "straddle" for a date written across a window end, "abbr-cut"
    for an abbreviated month ("Sept. 14, 2021") whose "Sept. " ends exactly
    where a naive sentence cut would fall, and "plain" otherwise."""
    planted = []
    cuts = []
    buf = []
    pos = 0
    start = 0           # the reader's current window start (simulated)
    ends = []           # bytes after recent ". " pairs
    straddled = False
    prefix = "The committee met on "
    suffix = " to review the report. "

    def emit(s):
        nonlocal pos
        buf.append(s)
        # every ". " ends a sentence for the reader's cut, abbreviations too
        i = s.find(". ")
        while i >= 0:
            ends.append(pos + i + 2)
            i = s.find(". ", i + 1)
        del ends[:-8]
        pos += len(s)

    def plant(style=None, y=None, kind="plain"):
        y = y or rng.randrange(1990, 2030)
        m = rng.randrange(1, 13)
        d = rng.randrange(1, 29)
        st = rng.randrange(0, 3) if style is None else style
        text = fmt_date(rng, y, m, d, st)
        planted.append((pos + len(prefix), text, "%04d-%02d-%02d" % (y, m, d), kind))
        emit(prefix + text + suffix)

    emit(FILLERS[0])
    next_sparse = 20000
    while pos < BIG_SIZE - 200:
        w = start + WINDOW
        if w < BIG_SIZE and not straddled and 300 <= w - pos <= 420:
            # a date whose text spans the window end: numeric ones on even
            # windows, an abbreviated month ("Sept. 14, 2021") on odd ones
            style = 3 if len(cuts) % 2 else 0
            pad = w - 4 - pos - len(prefix) - 2
            emit("Noted " + "a" * (pad - 8) + ". ")
            plant(style=style, kind="abbr-cut" if style == 3 else "straddle")
            straddled = True
            continue
        if pos > w:
            # the reader cuts after the last ". " at or before w
            cut = max([e for e in ends if start + WINDOW // 2 + 1 < e <= w] or [w])
            cuts.append(cut)
            start = cut
            straddled = False
            continue
        if abs(pos - w) < DENSE or (start and pos - start < DENSE):
            plant()
        elif pos >= next_sparse:
            plant()
            next_sparse = pos + rng.randrange(30000, 70000)
        else:
            emit(FILLERS[rng.randrange(len(FILLERS))])
        if len(buf) > 4096:
            with open(path, "a") as f:
                f.write("".join(buf))
            buf.clear()
    emit(FILLERS[1].rstrip() + "\n")
    with open(path, "a") as f:
        f.write("".join(buf))
    return planted, cuts


def t_from_list_output(c):
    """--from-list may name the -o file itself: it is skipped with a word,
    after the reports of the documents listed before it, on any -j."""
    docs = []
    for k in range(6):
        docs.append(c.file("fl%d.txt" % k, GOOD_A if k % 2 else
                           b"The talks in Gen\xe8ve ended on 30 January 2018.\n"))
    out = os.path.join(c.tmp, "fl-out.jsonl")
    listed = "\n".join(docs[:4] + ["fl-out.jsonl"] + docs[4:]) + "\n"
    runs = []
    for jobs in ("1", "3"):
        if os.path.exists(out):
            os.unlink(out)
        rc, _, err = c.run(["events", "-j", jobs, "--from-list", "--ref", "2018-01-02",
                            "-o", "fl-out.jsonl"], stdin=listed.encode())
        with open(out, "rb") as f:
            runs.append((rc, err, f.read()))
    one, three = runs
    lines = one[1].decode().splitlines()
    c.check(one[0] == 1 and len(lines) == 4 and "is the output file" in lines[2] and
            one[2].count(b"\n") >= 3 and three == one,
            "-j 3 reports the -o file among --from-list paths where -j 1 does",
            "%r\n%r" % (one[:2], three[:2]))


def t_mapped(c):
    """A file of 1 MB or more read whole is mapped rather than read: the
    same mentions, reports and exit status as the same bytes through a
    pipe, and the file on disk as it was, whether it ends on a page's end
    without a line break, must be repaired in place (bad UTF-8, NULs), is
    UTF-16 or is HTML."""
    para = ("The council met on 30 January 2018 in Lyon and will meet again "
            "from 20 to 23 November 2018. Nothing else was said of it.\n")
    plain = (para * (2 ** 20 // len(para) + 1)).encode()
    exact = plain[:2 ** 20 - len(b" on 4 May 2021")] + b" on 4 May 2021"
    bad = bytearray(plain * 2)
    for at in range(200000, len(bad), 300007):  # past the binary sniff
        bad[at:at + 3] = b"\xff\x00\xe8"
    utf16 = b"\xff\xfe" + plain.decode().encode("utf-16-le")
    html = (b"<!doctype html><html><head><title>Council</title></head><body>" +
            b"".join(b"<p>" + para.encode() + b"</p>\n" for _ in range(12000)) +
            b"</body></html>\n")
    for name, data in (("exact.txt", exact), ("bad.txt", bytes(bad)), ("wide.txt", utf16),
                       ("page.html", html)):
        c.file(name, data)
        mapped = c.run(["extract", "--ref", "2026-11-23", name])
        piped = c.run(["extract", "--ref", "2026-11-23", "-"], stdin=data)
        same = (mapped[0] == piped[0] and
                mapped[1] == piped[1].replace(b'"doc":"-"', ('"doc":"%s"' % name).encode()) and
                mapped[2] == piped[2].replace(b"chronicle: -:", ("chronicle: %s:" % name).encode()))
        with open(os.path.join(c.tmp, name), "rb") as f:
            kept = f.read() == data
        c.check(len(data) >= 2 ** 20 and mapped[1].count(b"\n") > 1000 and same and kept,
                "%s (%d bytes): mapped, it gives what a pipe gives, and stays as it was" %
                (name, len(data)), show(*mapped))
    rc, out, err = c.run(["extract", "--ref", "2026-11-23", "exact.txt"])
    c.check(out.rstrip().endswith(b'"text":"4 May 2021","start":"2021-05-04",'
                                  b'"end":"2021-05-04","precision":"day"}'),
            "the date that ends a file at a page's end is found whole", show(rc, out[-300:], err))


def t_big_file(c):
    rng = random.Random(20240611)
    path = os.path.join(c.tmp, "big.txt")
    outp = os.path.join(c.tmp, "big.out")
    errp = os.path.join(c.tmp, "big.err")
    try:
        planted, cuts = _generate_exact(path, rng)
        with open(outp, "wb") as fo, open(errp, "wb") as fe:
            p = subprocess.Popen([c.binary, "extract", "--ref", "2020-01-01", path],
                                 stdout=fo, stderr=fe)
            _, status, usage = os.wait4(p.pid, 0)
            p.returncode = os.waitstatus_to_exitcode(status)
        rss_mb = usage.ru_maxrss / 1024.0
        with open(errp, "rb") as f:
            err = f.read(2000)
        c.check(p.returncode == 0, "100 MB text: exit 0",
                "exit %d, stderr %r" % (p.returncode, err))
        # AddressSanitizer's shadow memory and quarantine roughly triple a
        # process's footprint; the bound still proves memory does not grow
        # with the 100 MB input.
        limit = 600 if "asan" in os.path.abspath(c.binary) else 80
        c.check(rss_mb < limit, "100 MB text: max RSS under %d MB (%.1f MB)" % (limit, rss_mb))
        found = {}
        bad_lines = []
        with open(outp, "rb") as f, open(path, "rb") as text:
            for line in f:
                try:
                    o = json.loads(line)
                except ValueError:
                    bad_lines.append(line[:200])
                    continue
                found[o.get("offset")] = o
                text.seek(o.get("offset", 0))
                if text.read(o.get("length", 0)).decode("utf-8", "replace") != o.get("text"):
                    bad_lines.append(line[:200])
        c.check(not bad_lines, "100 MB text: every mention's offset points at its text",
                repr(bad_lines[:5]))
        def good(off, t, iso):
            o = found.get(off)
            return o is not None and o.get("text") == t and o.get("start") == iso \
                and o.get("end") == iso and o.get("precision") == "day"
        missing = [(off, t, iso, found.get(off)) for off, t, iso, kind in planted
                   if kind != "abbr-cut" and not good(off, t, iso)]
        c.check(not missing, "100 MB text: all %d planted dates found with correct offsets"
                % sum(1 for p in planted if p[3] != "abbr-cut"),
                "%d missing, e.g. %r" % (len(missing), missing[:6]))
        straddle = [(off, t, good(off, t, iso)) for off, t, iso, kind in planted
                    if kind == "straddle"]
        c.check(straddle and all(ok for _, _, ok in straddle),
                "100 MB text: %d dates written across a 1 MB window end are found"
                % len(straddle), repr([n for n in straddle if not n[2]][:6]))
        abbr = [(off, t, iso, found.get(off)) for off, t, iso, kind in planted
                if kind == "abbr-cut"]
        bad_abbr = [a for a in abbr if not good(*a[:3])]
        c.check(abbr and not bad_abbr,
                "100 MB text: %d abbreviated dates (\"Sept. 14, 2021\") at a window "
                "cut are found whole" % len(abbr),
                "%d split, e.g. %r" % (len(bad_abbr), bad_abbr[:4]))
        planted_offs = {p[0] for p in planted}
        # pieces of a split abbreviated date are counted by the check above
        near_abbr = lambda k: any(0 <= k - a[0] < 24 for a in bad_abbr)
        extra = [o for k, o in found.items() if k not in planted_offs and not near_abbr(k)]
        c.check(not extra, "100 MB text: no mentions besides the planted ones",
                "%d extra, e.g. %r" % (len(extra), extra[:5]))
    finally:
        for p in (path, outp, errp):
            if os.path.exists(p):
                os.unlink(p)


def _generate_exact(path, rng):
    if os.path.exists(path):
        os.unlink(path)
    return generate_big(path, rng)


TESTS = [t_help, t_version, t_usage_errors, t_missing_file, t_binary_file,
         t_invalid_utf8, t_empty_file, t_stdin, t_json_shape, t_json_escaping, t_deterministic,
         t_jobs, t_pool, t_from_list_output, t_mapped, t_big_file]


def run_all(binary, res, filt="", big=True):
    tmp = tempfile.mkdtemp(prefix="chronicle-cli-")
    try:
        c = Ctx(binary, res, tmp)
        for t in TESTS:
            name = t.__name__[2:]
            if t is t_big_file and not big:
                continue
            if filt and filt not in "cli " + name:
                continue
            c.name = name
            try:
                t(c)
            except subprocess.TimeoutExpired as e:
                res.fail("cli %s" % name, "timed out: %s" % e)
            except Exception as e:  # a broken test is a failure, not a crash
                import traceback
                res.fail("cli %s" % name, "test raised %s\n%s" % (e, traceback.format_exc()))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
