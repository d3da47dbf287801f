"""Hostile input for chronicle, called by tests/run.py (run_all).

Every case runs the binary as a child process and asserts that it ends
(no crash, no hang), within a bound on time and on peak memory (the
child's ru_maxrss from wait4), with a clear `chronicle: FILE: problem`
line for each input it refuses, and with the other documents of the same
invocation still processed. The cases:

- mixed: good files around an empty file, an ELF binary, a file with a
  NUL byte past the first 64 KiB, UTF-16 with a BOM, Latin-1 (invalid
  UTF-8), random high bytes, and the endless /dev/zero and /dev/urandom;
- line: a single line of 1 GiB streamed through a pipe to `extract -`
  (nothing is written to disk), with dates planted at, across and around
  extract's 1 MiB window cuts, all found at their offsets;
- million: 1,000,000 dates in one paragraph (`extract`), and 20,000 in one
  paragraph through the event layer;
- loop: a folder with symbolic links back to itself and its parent, given
  to `chronicle events` and as the sources of a feed for `chronicle build`;
- files: 5,000 files on one command line and in one feed folder, with the
  open-file limit at 32;
- runs: 17 MiB runs of one character ("a", "9", ".", " ", "-", "(", an em
  dash, newlines), with dates before and after them;
- windows: dates and bad bytes at the window edges of texts over 16 MiB,
  a file's mapped windows against the same bytes through a pipe;
- shrink: a 64 MiB file truncated while it is read, which ends the run
  with status 1 and the file's name, its first lines out;
- nesting: a million parentheses, straight quotes and curly quotes around
  a date;
- titles: article text, file names and --title/--description/--author
  carrying CR LF + BEGIN:VEVENT, DTSTART:, ; , \\ <script>, ]]>, &amp;,
  quotes, RTL override, emoji, invalid UTF-8 and U+2028, checked on the
  output bytes of every format: python3-icalendar counts components and
  properties, xmllint (libxml2) checks well-formedness and the element
  tree is compared with the writer's own, and the HTML carried in the
  feeds may hold only the writer's markup;
- far: publication and build dates after the year 3000 (libical's limit)
  still give a calendar every reader parses;
- serve: what tests/serve_test.py leaves out: TRACE, CONNECT, unknown and
  lower-case methods, upper-case and overlong-UTF-8 encodings of "..".

Bounds are for the normal build. Under `make asan check` (a binary under
build/asan) time bounds are multiplied by 4 and memory bounds by 3, and
the single line is 64 MiB instead of 1 GiB. HOSTILE_LINE_MB=N sets the
line's size in MiB for either build (the 1 GiB line takes about 20 s).
"""

import html.parser
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET

MIB = 1 << 20
WINDOW = 1 * MIB          # extract's window for huge texts (EXTRACT_WINDOW, src/cli/main.c)
WHOLE_LIMIT = 16 * MIB    # texts up to this size are read whole
SYS_PYTHON = "/usr/bin/python3"  # where Debian installs python3-icalendar
ATOM = "{http://www.w3.org/2005/Atom}"

GOOD_A = b"The summit will be held on 3-4 May 2027 in Geneva.\n"
GOOD_B = b"On 30 January 2018, the agency held a training session in Lyon.\n"


# The child is started by this small Python program rather than by the
# test itself: Python fork()s, and a child's ru_maxrss counts the pages it
# had before exec, so a test holding a big text would inflate the figure.
# The wrapper is small, sets the limits, and writes the exit status and
# ru_maxrss of the binary to a file.
WRAP = r'''
import json, os, resource, sys
stat, cpu, nofile, args = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
pid = os.fork()
if pid == 0:
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if nofile:
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))
        os.execv(args[0], args)
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
with open(stat, "w") as f:
    json.dump({"status": status, "maxrss": ru.ru_maxrss}, f)
'''


class Run:
    """What one child did: exit code (negative: killed by that signal),
    output, wall seconds, peak RSS in MB, and whether we had to kill it."""

    def __init__(self, rc, out_path, err, secs, rss_mb, killed):
        self.rc, self.out_path, self.err = rc, out_path, err
        self.secs, self.rss_mb, self.killed = secs, rss_mb, killed
        self._out = None

    @property
    def out(self):
        if self._out is None:
            with open(self.out_path, "rb") as f:
                self._out = f.read()
        return self._out

    def lines(self):
        with open(self.out_path, "rb") as f:
            for line in f:
                yield line

    def show(self):
        return "exit %s%s, %.2f s, %.0f MB\nstdout: %r\nstderr: %r" % (
            self.rc, " (killed: over time)" if self.killed else "", self.secs,
            self.rss_mb, self.out[:400], self.err[:600])


class Ctx:
    def __init__(self, binary, res, tmp, big):
        self.binary = binary
        self.res = res
        self.tmp = tmp
        self.big = big
        self.name = ""
        self.asan = "asan" in os.path.abspath(binary)
        self.tfac = 4 if self.asan else 1
        self.mfac = 3 if self.asan else 1
        self.n = 0

    def check(self, cond, what, detail=""):
        return self.res.check(cond, "hostile %s: %s" % (self.name, what), str(detail))

    def path(self, name):
        return os.path.join(self.tmp, name)

    def file(self, name, data):
        p = self.path(name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        return name

    def run(self, args, stdin=None, secs=5, nofile=None, cwd=None):
        """Runs the binary; stdin is bytes or an iterable of byte chunks,
        fed from a thread. CPU time is capped (RLIMIT_CPU) and the child is
        killed past 1.5 times its time bound (plus 10 s)."""
        limit = secs * self.tfac
        self.n += 1
        out_path = self.path("run%d.out" % self.n)
        stat_path = self.path("run%d.stat" % self.n)
        cmd = [sys.executable, "-c", WRAP, stat_path, str(int(limit * 2) + 10),
               str(nofile or 0), self.binary] + args
        with open(out_path, "wb") as fo, tempfile.TemporaryFile(dir=self.tmp) as fe:
            t0 = time.monotonic()
            p = subprocess.Popen(cmd, cwd=cwd or self.tmp, start_new_session=True,
                                 stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                                 stdout=fo, stderr=fe)
            feeder = None
            if stdin is not None:
                def feed():
                    try:
                        for chunk in ([stdin] if isinstance(stdin, bytes) else stdin):
                            p.stdin.write(chunk)
                    except (BrokenPipeError, OSError):
                        pass
                    finally:
                        try:
                            p.stdin.close()
                        except OSError:
                            pass
                feeder = threading.Thread(target=feed, daemon=True)
                feeder.start()
            killed = False
            try:
                p.wait(limit * 1.5 + 10)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)  # the wrapper's own group
                killed = True
                p.wait()
            secs_taken = time.monotonic() - t0
            if feeder:
                feeder.join(5)
            fe.seek(0)
            err = fe.read()
        try:
            with open(stat_path) as f:
                st = json.load(f)
            rc, rss = os.waitstatus_to_exitcode(st["status"]), st["maxrss"] / 1024.0
        except (OSError, ValueError):
            rc, rss = -signal.SIGKILL, 0.0
        return Run(rc, out_path, err, secs_taken, rss, killed)

    def bounded(self, r, what, secs, mb):
        """No crash, within the time and memory bounds."""
        secs *= self.tfac
        mb *= self.mfac
        self.check(r.rc >= 0 and not r.killed, "%s: ends without a crash" % what, r.show())
        self.check(r.secs < secs, "%s: under %g s (%.2f s)" % (what, secs, r.secs), r.show())
        self.check(r.rss_mb < mb, "%s: peak RSS under %d MB (%.0f MB)" % (what, mb, r.rss_mb),
                   r.show())


def jlines(data):
    objs = []
    for line in data.decode("utf-8").split("\n"):
        if line.strip():
            objs.append(json.loads(line))
    return objs


def stderr_lines(r):
    return [l for l in r.err.decode("utf-8", "replace").split("\n") if l]


def clear_errors(c, r, files):
    """Every stderr line is `chronicle: FILE: problem` for a FILE given."""
    bad = [l for l in stderr_lines(r)
           if not any(l.startswith("chronicle: %s: " % f) and len(l) > len("chronicle: %s: " % f)
                      for f in files)]
    c.check(not bad, "every message is 'chronicle: FILE: problem'", "\n".join(bad[:5]))


# ---- empty, binary, invalid UTF-8, NUL bytes, endless devices -----------------------

def t_mixed(c):
    rng = random.Random(6)
    a = c.file("a.txt", GOOD_A)
    b = c.file("b.txt", GOOD_B)
    empty = c.file("empty.txt", b"")
    elf = c.file("prog.bin", b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 64)
    late = ("Delegates met in the morning. " * 2400).encode()   # 72,000 bytes
    nul = c.file("late-nul.txt", late + b"\x00 The forum opens on 9 June 2027 in Oslo.\n")
    utf16 = c.file("utf16.txt", "\ufeffThe summit opens on 5 May 2027 in Rome.\n".encode("utf-16-le"))
    latin1 = c.file("latin1.txt", "Le sommet se tiendra \u00e0 Gen\u00e8ve le 3 May 2027.\n"
                    .encode("latin-1"))
    noise = c.file("noise.bin", bytes(rng.randrange(0x80, 0x100) for _ in range(70000)))
    files = [a, empty, elf, nul, utf16, latin1, noise, "/dev/zero", "/dev/urandom", b]
    r = c.run(["extract", "--ref", "2027-01-01"] + files, secs=10)
    c.bounded(r, "extract over ten hostile and good inputs", 10, 200)
    c.check(r.rc == 1, "exit status 1 when inputs were refused or repaired", r.show())
    clear_errors(c, r, files)
    msgs = "\n".join(stderr_lines(r))
    for f, why in ((elf, "binary"), (noise, "not UTF-8"), ("/dev/zero", "binary"),
                   ("/dev/urandom", ""), (latin1, "UTF-8"), (nul, "1 NUL byte replaced")):
        c.check(re.search(r"^chronicle: %s: .*%s" % (re.escape(f), why), msgs, re.M),
                "%s is reported by name%s" % (f, " (%s)" % why if why else ""), msgs)
    c.check(empty not in msgs, "an empty file is not an error", msgs)
    objs = jlines(r.out)
    by_doc = {}
    for o in objs:
        by_doc.setdefault(o["doc"], []).append(o["text"])
    c.check(by_doc.get(a) == ["3-4 May 2027"] and by_doc.get(b) == ["30 January 2018"],
            "the good files before and after are processed", by_doc)
    c.check(by_doc.get(latin1) == ["3 May 2027"], "the Latin-1 file is repaired and read",
            by_doc)
    c.check(by_doc.get(nul) == ["9 June 2027"],
            "the file with a NUL past the sniffed bytes is still read after it", by_doc)
    c.check(by_doc.get(utf16) == ["5 May 2027"], "the UTF-16 file (with its BOM) is read",
            by_doc)
    refused = [f for f in (elf, noise, "/dev/zero", "/dev/urandom", empty) if f in by_doc]
    c.check(not refused, "refused and empty inputs give no mentions", refused)

    # The same inputs into one calendar: the events of the readable files.
    r = c.run(["events", "-t", "ics", "--ref", "2027-01-01", "-o", "mixed.ics"] + files, secs=10)
    c.bounded(r, "events -t ics over the same inputs", 10, 200)
    cal = ical_summary(c, c.path("mixed.ics"))
    c.check(cal and cal["vevents"] == 5, "the calendar holds the 5 events of the 5 readable "
            "files", cal)


# ---- one line of 1 GiB through a pipe ------------------------------------------------

FILLER = b"Delegates discussed the budget and the workplan in detail. "
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def huge_line(total, rng, planted, sizes):
    """Yields a single line of about total bytes in chunks, appends
    (offset, text, iso) to planted for each date it holds and the chunk
    sizes to sizes. The reader's window
    cuts are simulated (the last sentence start before each WINDOW end, as
    src/read/text.c chooses them) so that dates sit right before a cut,
    across a window's end, and right after a cut."""
    state = {"pos": 0}
    starts = []           # sentence starts near the current window end
    # filler in blocks of a quarter window, so that the blocks reach to
    # within one of each window's end and are handed on four at a time
    block = FILLER * (WINDOW // 4 // len(FILLER))

    def sentence(text):
        starts.append(state["pos"])
        state["pos"] += len(text)
        return text

    def date_sentence():
        y, m, d = rng.randrange(1990, 2030), rng.randrange(1, 13), rng.randrange(1, 29)
        text = "%d %s %d" % (d, MONTHS[m - 1], y)
        head = b"The committee met on "
        planted.append((state["pos"] + len(head), text, "%04d-%02d-%02d" % (y, m, d)))
        return sentence(head + text.encode() + b" to review the report. ")

    start = 0
    chunks = []
    while state["pos"] < total - 2 * MIB:
        end = start + WINDOW
        # filler up to about 2 KiB before the window end, in big blocks
        while state["pos"] + len(block) < end - 4096:
            chunks.append(block)
            state["pos"] += len(block)
            starts.clear()
            if len(chunks) >= 4:
                sizes.append(sum(map(len, chunks)))
                yield b"".join(chunks)
                chunks = []
        while state["pos"] + len(FILLER) < end - 2048:
            chunks.append(sentence(FILLER))
        # dates right before the end, then one written across it
        for _ in range(3):
            chunks.append(date_sentence())
            chunks.append(sentence(FILLER))
        while state["pos"] + 30 < end:
            chunks.append(sentence(FILLER))
        chunks.append(date_sentence())
        cut = max(s for s in starts if s <= end - 1)
        # dates right after the cut the reader will make
        for _ in range(3):
            chunks.append(date_sentence())
            chunks.append(sentence(FILLER))
        start = cut
    while state["pos"] + len(block) < total:
        chunks.append(block)
        state["pos"] += len(block)
        if len(chunks) >= 4:
            sizes.append(sum(map(len, chunks)))
            yield b"".join(chunks)
            chunks = []
    chunks.append(date_sentence())
    chunks.append(b"\n")
    sizes.append(sum(map(len, chunks)))
    yield b"".join(chunks)


def t_line(c):
    env = os.environ.get("HOSTILE_LINE_MB")
    mb = int(env) if env else (64 if c.asan or not c.big else 1024)
    plants, sizes = [], []
    line = huge_line(mb * MIB, random.Random(1 << 30), plants, sizes)
    r = c.run(["extract", "--ref", "2020-01-01", "-"], stdin=line, secs=120)
    total = sum(sizes)
    what = "a %d MiB single line on stdin" % mb
    c.bounded(r, what, 120, 250)
    c.check(r.rc == 0 and not r.err, "%s: exit 0, nothing on stderr" % what, r.show())
    found = {}
    bad = []
    for line in r.lines():
        try:
            o = json.loads(line)
            found[o["offset"]] = o
        except (ValueError, KeyError):
            bad.append(line[:200])
    c.check(not bad, "%s: every output line is a JSON mention" % what, bad[:3])
    missing = [(off, t, iso) for off, t, iso in plants
               if not (found.get(off, {}).get("text") == t and found[off].get("start") == iso)]
    c.check(plants and not missing, "%s: all %d planted dates (at, across and around %d window "
            "cuts) found at their offsets" % (what, len(plants), total // WINDOW),
            "%d missing, e.g. %r" % (len(missing), missing[:5]))
    extra = sorted(set(found) - {p[0] for p in plants})
    c.check(not extra, "%s: no mentions besides the planted ones" % what,
            [found[k] for k in extra[:5]])


# ---- a million dates in one paragraph ---------------------------------------------------

def date_at(i):
    return "%d %s %d" % (1 + i % 28, MONTHS[(i // 28) % 12], 1900 + (i // 336) % 1000)


def write_dates(c, name, n):
    """Writes one paragraph of n dates in slices, never holding a list of
    them: run.py's process must stay small, since the other areas' tests
    fork from it and a child's ru_maxrss counts the pages it inherits."""
    with open(c.path(name), "wb") as f:
        f.write(b"The meetings were held on ")
        for k in range(0, n, 10000):
            f.write(", ".join(date_at(i) for i in range(k, min(n, k + 10000))).encode())
            if k + 10000 < n:
                f.write(b", ")
        f.write(b".\n")


def t_million(c):
    n = 1000000
    write_dates(c, "million.txt", n)
    size = os.path.getsize(c.path("million.txt"))
    r = c.run(["extract", "--ref", "2020-01-01", "million.txt"], secs=15)
    c.bounded(r, "extract: 1,000,000 dates in one paragraph (%.1f MB)" % (size / 1e6), 15, 700)
    count, wrong = 0, []
    with open(c.path("million.txt"), "rb") as text:
        for i, line in enumerate(r.lines()):
            count += 1
            if i % 997 == 0 or i == n - 1:
                o = json.loads(line)
                text.seek(o["offset"])
                if o["text"] != date_at(i) or text.read(o["length"]).decode() != date_at(i):
                    wrong.append(o)
    c.check(r.rc == 0 and count == n, "extract: one mention per date (%d)" % count, r.show())
    c.check(not wrong, "extract: sampled mentions have their text at their offsets", wrong[:3])
    os.unlink(c.path("million.txt"))

    # The event layer looks at each event's sentence: 20,000 dates in one
    # sentence once took 160 s (a scan of the sentence per event).
    n = 20000
    write_dates(c, "twenty.txt", n)
    r = c.run(["events", "--ref", "2020-01-01", "twenty.txt"], secs=15)
    c.bounded(r, "events: 20,000 dates in one paragraph", 15, 400)
    events = 0
    one_each = True
    if r.rc == 0:
        for line in r.lines():
            events += 1
            one_each = one_each and len(json.loads(line)["mentions"]) == 1
    c.check(events == n and one_each, "events: one event per date (%d)" % events, r.show())
    os.unlink(c.path("twenty.txt"))

    # One date said 100,000 times in one sentence is one happening of
    # 100,000 mentions: the other mentions' clauses were each searched for
    # a title and a place, 3.9 s for the 300 KB of "Q1 " and 4.3 s for
    # "Monday " before.
    for word in ("Q1", "Monday"):
        n = 100000
        c.file("same.txt", (word + " ") * n)
        r = c.run(["events", "--ref", "2026-11-23", "same.txt"], secs=10)
        c.bounded(r, "events: %s 100,000 times in one sentence" % word, 2, 400)
        objs = [json.loads(line) for line in r.lines()] if r.rc == 0 else []
        c.check(len(objs) == 1 and len(objs[0]["mentions"]) == n,
                "events: %s 100,000 times is one event of 100,000 mentions" % word,
                "%d events%s" % (len(objs), "" if not objs else
                                 ", %d mentions" % len(objs[0]["mentions"])))
        os.unlink(c.path("same.txt"))


# ---- a folder loop ---------------------------------------------------------------------

def t_loop(c):
    d = c.path("loop/docs")
    os.makedirs(os.path.join(d, "sub"))
    c.file("loop/docs/sub/summit.txt", GOOD_A)
    os.symlink("..", os.path.join(d, "sub", "up"))
    os.symlink(".", os.path.join(d, "self"))
    os.symlink("../..", os.path.join(d, "sub", "top"))
    b = c.file("b.txt", GOOD_B)
    r = c.run(["events", "loop/docs", b], secs=5)
    c.bounded(r, "events on a folder with link loops", 5, 100)
    objs = jlines(r.out) if r.out.strip() else []
    if b"Is a directory" in r.err:
        c.check(r.rc == 1 and re.search(rb"^chronicle: loop/docs: ", r.err, re.M),
                "a folder argument is refused as 'chronicle: loop/docs: ...'", r.show())
    else:
        summit = [o for o in objs if o["doc"].endswith("summit.txt")]
        c.check(len(summit) == 1, "the folder's one article is read once", r.show())
    c.check([o["doc"] for o in objs if o["doc"] == b] == [b],
            "the file after the folder is processed", r.show())

    feed = c.file("loop/loop.feed", "title = loop\nsources = docs/\noutput = out\n")
    for n in (1, 2):
        r = c.run(["build", "--now", "2027-01-01T00:00:00Z", feed], secs=10)
        c.bounded(r, "build #%d of a feed whose sources loop" % n, 10, 100)
        c.check(r.rc == 0, "build #%d: exit 0" % n, r.show())
        c.check(re.search(rb"\b1 documents\b", r.out), "build #%d: one document, not one per "
                "path through the loops, and not its own outputs" % n, r.show())
    cal = ical_summary(c, c.path("loop/out/calendar.ics"))
    c.check(cal and cal["vevents"] == 1, "the feed's calendar holds the article's one event", cal)


# ---- a subfolder that cannot be read ------------------------------------------------------

def t_unreadable(c):
    """A subfolder that cannot be read (no permission, or nested too deep)
    is reported by name, and the files beside it are still read."""
    top = c.path("unread")
    os.makedirs(os.path.join(top, "locked"))
    c.file("unread/a.txt", GOOD_A)
    c.file("unread/locked/hidden.txt", GOOD_B)
    c.file("unread/z.txt", GOOD_B)
    deep = os.path.join(top, *(["d"] * 20))
    os.makedirs(deep)
    c.file(os.path.relpath(os.path.join(deep, "x.txt"), c.tmp), GOOD_B)
    r = c.run(["extract", "unread"], secs=5)
    c.bounded(r, "extract on a folder with a subfolder nested 20 deep", 5, 100)
    docs = sorted({o["doc"] for o in jlines(r.out)}) if r.out.strip() else []
    c.check(r.rc == 1 and docs == ["unread/a.txt", "unread/locked/hidden.txt", "unread/z.txt"],
            "the files beside a too-deep folder are read", r.show())
    c.check(re.search(rb"^chronicle: unread(/d){17}: folders nested deeper than 16", r.err, re.M),
            "the too-deep folder is named", r.show())
    # No permission: root reads any folder, so the child drops to nobody.
    if os.geteuid() == 0:
        import pwd
        try:
            nobody = pwd.getpwnam("nobody")
        except KeyError:
            return
        def drop():
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
        # The test folder must be reachable by nobody, every folder
        # above it too; the binary may be under a folder only root can
        # enter (a fresh clone in a mktemp folder), so a copy is run.
        up = os.path.dirname(os.path.abspath(c.tmp))
        while True:
            if os.stat(up).st_mode & 0o001 == 0:
                return
            if up == os.path.dirname(up):
                break
            up = os.path.dirname(up)
        os.chmod(c.tmp, 0o755)
        binary = os.path.join(c.tmp, "chronicle-for-nobody")
        shutil.copy2(os.path.abspath(c.binary), binary)
        os.chmod(binary, 0o755)
    else:
        drop = None
        binary = os.path.abspath(c.binary)
    shutil.rmtree(os.path.join(top, "d"))
    os.chmod(os.path.join(top, "locked"), 0)
    try:
        p = subprocess.run([binary, "events", "unread"], cwd=c.tmp,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20 * c.tfac,
                           preexec_fn=drop)
    finally:
        os.chmod(os.path.join(top, "locked"), 0o755)
        os.chmod(c.tmp, 0o700)
    docs = sorted({o["doc"] for o in jlines(p.stdout)}) if p.stdout.strip() else []
    c.check(p.returncode == 1 and docs == ["unread/a.txt", "unread/z.txt"],
            "the files beside a folder without read permission are read",
            "exit %d\n%r\n%r" % (p.returncode, p.stdout[:300], p.stderr[:300]))
    c.check(re.search(rb"^chronicle: unread/locked: Permission denied$", p.stderr, re.M),
            "the folder without permission is named", p.stderr[:300])


# ---- the output file among the inputs --------------------------------------------------------

def t_output_input(c):
    """-o naming one of the inputs is refused before the input is
    truncated, and a folder's walk does not read back the output being
    written into it."""
    feed = c.file("oi/in.rss", '<rss version="2.0"><channel><item><guid>a</guid><title>A</title>'
                  '<description>The fair opens on 3 May 2027 in Lyon.</description></item>'
                  '</channel></rss>')
    before = open(c.path(feed), "rb").read()
    r = c.run(["events", "-t", "rss", "-o", feed, feed], secs=5)
    c.check(r.rc == 2 and re.search(rb"^chronicle: oi/in\.rss: is also the output file", r.err, re.M),
            "-o naming an input is a usage error naming the file", r.show())
    c.check(open(c.path(feed), "rb").read() == before, "and the input is left as it was")
    for i in range(300):
        c.file("oi/d/a%03d.txt" % i, "The summit number %d will be held on %d May 2027 in Geneva.\n"
               % (i, i % 28 + 1))
    r = c.run(["events", "-o", "oi/d/zz.txt", "oi/d"], secs=10)
    c.bounded(r, "events -o into the folder it reads", 10, 100)
    docs = [json.loads(l)["doc"] for l in open(c.path("oi/d/zz.txt"), "rb")]
    c.check(r.rc == 0 and len(docs) == 300 and "oi/d/zz.txt" not in docs,
            "the output written into the folder being read is not read back (%d events, %d "
            "from the output)" % (len(docs), docs.count("oi/d/zz.txt")), r.show())


# ---- a long feed description ------------------------------------------------------------

def t_long_description(c):
    """A description of 200 continuation lines: every line reaches the
    outputs (each line used to take one of the config's 64 string slots,
    and the build failed with 'out of memory')."""
    c.file("desc/arts/a.txt", GOOD_A)
    lines = ["line %d of the description" % i for i in range(200)]
    feed = c.file("desc/d.feed", "title = long\nsources = arts/\noutput = out\n"
                  "description = " + "\n  ".join(lines) + "\n")
    r = c.run(["build", "--now", "2027-01-01T00:00:00Z", feed], secs=10)
    c.bounded(r, "build of a feed with a 200-line description", 10, 100)
    c.check(r.rc == 0 and b"out of memory" not in r.err, "the build succeeds", r.show())
    try:
        with open(c.path("desc/out/events.json"), encoding="utf-8") as f:
            got = json.load(f).get("description")
    except (OSError, ValueError):
        got = None
    c.check(got == "\n".join(lines), "every line of it is the feed's description", repr(got)[:300])
    # Past what a writer holds of one field (1 MiB), the first build
    # failed with "iCalendar: limit reached" and wrote nothing; and each
    # line measured all the text before it, so 300,000 short lines took
    # minutes. Refused at the line that crosses 512 KiB, at once.
    for width, n in ((99, 12000), (1, 300000)):
        head = "title = long\nsources = arts/\noutput = big\n"
        feed = c.file("desc/big.feed", head + "description = " + "x" * width + "\n" +
                      "  %s\n" % ("x" * width) * (n - 1))
        size, line = width, 4
        while size <= 512 * 1024:
            size += 1 + width
            line += 1
        r = c.run(["build", "--now", "2027-01-01T00:00:00Z", feed], secs=2)
        what = "a description of %d lines of %d bytes" % (n, width)
        c.bounded(r, what, 2, 100)
        c.check(r.rc == 1 and r.err.decode() == "chronicle: %s:%d: description longer than "
                "524288 bytes\n" % (feed, line) and not os.path.exists(c.path("desc/big")),
                "%s: refused at the line that crosses 512 KiB" % what, r.show())


# ---- a feed that repeats an item -----------------------------------------------------------

def t_repeated_items(c):
    """Two items with one guid and the same event (a feed that repeats an
    item): one event in every format, never one UID or id twice."""
    item = ("<item><guid>x</guid><title>%s</title><description>%s</description></item>")
    feed = c.file("rep.rss", '<rss version="2.0"><channel><title>R</title>' +
                  item % ("One", "The fair opens on 3 May 2027 in Lyon.") +
                  item % ("Two", "The race is on 4 May 2027 in Paris.") +
                  item % ("Three", "The fair opens on 3 May 2027 in Lyon.") +
                  "</channel></rss>")
    ids = {}
    for fmt in ("ics", "atom", "rss", "json"):
        r = c.run(["events", "-t", fmt, "--now", "2027-01-01T00:00:00Z", "--base-url",
                   "http://example.org/", feed], secs=5)
        c.check(r.rc == 0, "events -t %s on a feed repeating an item" % fmt, r.show())
        if fmt == "ics":
            got = re.findall(rb"^UID:(.*)\r$", r.out, re.M)
        elif fmt == "json":
            got = [i["id"].encode() for i in json.loads(r.out)["items"]]
        else:
            got = re.findall(rb"<(?:id|guid)[^>]*>([^<]*)</(?:id|guid)>", r.out)
            got = [g for g in got if g.startswith(b"urn:uuid:")]
        ids[fmt] = got
        c.check(len(got) == 2 and len(set(got)) == 2,
                "-t %s: two events, each UID once (%d ids, %d distinct)" % (fmt, len(got), len(set(got))),
                r.show())
    if "ics" in ids:
        check_ics_bytes(c, c.run(["events", "-t", "ics", feed]).out, "a feed repeating an item")


# ---- many files ------------------------------------------------------------------------

def t_files(c):
    names = []
    for i in range(5000):
        names.append(c.file("many/a%04d.txt" % i, "The fair opens on %d May 2027.\n" % (1 + i % 28)))
    r = c.run(["events", "--ref", "2027-01-01"] + names, secs=20, nofile=32)
    c.bounded(r, "events on 5,000 files with 32 open files allowed", 20, 100)
    docs = {o["doc"] for o in jlines(r.out)} if r.rc == 0 else set()
    c.check(r.rc == 0 and docs == set(names), "every one of 5,000 files gives its event "
            "(no file descriptor leaks)", "%d docs; %s" % (len(docs), r.show()))
    feed = c.file("many.feed", "title = many\nsources = many/\noutput = many-out\n")
    r = c.run(["build", "--now", "2027-01-01T00:00:00Z", feed], secs=30, nofile=64)
    c.bounded(r, "build of a feed of 5,000 files with 64 open files allowed", 30, 200)
    c.check(r.rc == 0 and re.search(rb"\b5000 documents \(5000 new", r.out),
            "build reads all 5,000 files", r.show())


# ---- long runs of one character ------------------------------------------------------------

def t_runs(c):
    head = "On 1 May 2027 the talks open. "
    tail = " The summit will be held on 3 June 2027 in Geneva.\n"
    n = 17 * MIB  # past WHOLE_LIMIT: the reader cuts windows inside the run
    for ch in ("a", "9", ".", " ", "-", "(", "\u2014", "\n"):
        run = ch.encode() * (n // len(ch.encode()))
        data = head.encode() + run + tail.encode()
        c.file("run.txt", data)
        what = "%d MiB of %r" % (n // MIB, ch)
        r = c.run(["extract", "--ref", "2027-01-01", "run.txt"], secs=6)
        c.bounded(r, what, 6, 250)
        objs = jlines(r.out) if r.rc == 0 else []
        got = [(o["offset"], o["text"]) for o in objs]
        want = [(3, "1 May 2027"), (len(data) - len(tail) + tail.index("3 June"), "3 June 2027")]
        c.check(got == want, "%s: the dates before and after are found, nothing else" % what,
                "%r\n%s" % (got[:5], r.show()))
    os.unlink(c.path("run.txt"))


# ---- window edges ------------------------------------------------------------------------

WIN_LINE = "The committee met again and talked about the budget for a long time.\n"


def lines_to(n):
    """Whole filler lines, n bytes or just under."""
    return WIN_LINE * (n // len(WIN_LINE))


def t_windows(c):
    """A text over WHOLE_LIMIT is read in windows: what the date core does at
    a window's ends must be what it does in the middle of the whole text."""
    # A dateline at the start of a later window, and a line of a date alone
    # at the end of the first, are not publication dates: only the text's
    # own head and last lines are. --ref stays the publication date (the
    # year of "30-31 January" is the one written earlier in its sentence).
    art = "GENEVA, 12 October 2026 \u2014 The talks will resume on 30-31 January in Nairobi.\n"
    stamp = "5 March 2026\n"
    # the art line crosses WINDOW: the cut is at the line break before it
    data = (lines_to(WINDOW - len(stamp) - 20) + stamp + art +
            lines_to(WHOLE_LIMIT + MIB)).encode()
    c.file("win.txt", data)
    r = c.run(["extract", "--ref", "2020-06-01", "win.txt"], secs=5)
    c.bounded(r, "a windowed text", 5, 250)
    got = [(o["offset"], o["text"], o.get("start"), o.get("role")) for o in jlines(r.out)] \
        if r.rc == 0 else []
    want = [(data.index(b"5 March"), "5 March 2026", "2026-03-05", None),
            (data.index(b"12 October"), "12 October 2026", "2026-10-12", None),
            (data.index(b"30-31"), "30-31 January", "2026-01-30", None)]
    c.check(got == want, "a dateline and a date line at a window's ends are no "
            "publication date", "%r\n%s" % (got, r.show()))

    # A line of 3 MiB without a sentence end crosses the first window's end
    # (so the second half of the window holds no line break), with dates
    # every 250 bytes or so around the end, one of them across it, and "10
    # a.m. CET" (whose stop and capital look like a sentence end) before
    # it: every date is whole, with its time and zone.
    clause = "and the members talked about the budget at some length, "
    line = [lines_to(MIB)]
    pos = len(line[0])
    plants = []

    def put(text):
        nonlocal pos
        line.append(text)
        pos += len(text)

    def plant(text, before="on ", after=" "):
        put(before)
        plants.append((pos, text))
        put(text + after)

    while pos < WINDOW - 300000:
        put(clause)
    put("the talks open ")
    plant("6 May 2026", after=" at 10 a.m. CET in Geneva, ")
    k = 0
    while pos < WINDOW - 200:
        plant("%d June 2026" % (1 + k % 28), after=", " + clause[:150 + k % 50])
        k += 1
    put(" " * (WINDOW - 6 - pos))
    plant("7 July 2026")  # "7 July" before the window's end, "2026" after it
    while pos < 4 * MIB + WINDOW:
        put(clause)
    put(".\n" + lines_to(WHOLE_LIMIT))
    data = "".join(line).encode()
    c.file("win.txt", data)
    r = c.run(["extract", "--ref", "2026-01-01", "win.txt"], secs=5)
    c.bounded(r, "a windowed text with a 3 MiB line", 5, 250)
    objs = jlines(r.out) if r.rc == 0 else []
    got = [(o["offset"], o["text"]) for o in objs]
    c.check(got == plants, "dates around a window's end inside a line are whole",
            "%d planted, %d found; missing %r, extra %r" %
            (len(plants), len(got), sorted(set(plants) - set(got))[:4],
             sorted(set(got) - set(plants))[:4]))
    zoned = [(o.get("time"), o.get("tz")) for o in objs if o["text"] == "6 May 2026"]
    c.check(zoned == [("10:00", "+01:00")], "\"10 a.m. CET\" before a window's end keeps "
            "its zone", zoned)

    # Lines ended by a CR alone (old Mac files), a date on every one and one
    # across the first window's end: the windows are cut at a line end.
    unit = "The board met on 5 May 2026 to discuss it\r"
    body = unit * ((WINDOW - 20) // len(unit))
    body += " " * (WINDOW - 20 - len(body))
    data = (body + "and on 7 July 2026 again\r" + unit * ((WHOLE_LIMIT + MIB) // len(unit))).encode()
    c.file("win.txt", data)
    r = c.run(["extract", "--ref", "2026-01-01", "win.txt"], secs=5)
    c.bounded(r, "a windowed text of CR line ends", 5, 250)
    texts = [o["text"] for o in jlines(r.out)] if r.rc == 0 else []
    c.check(len(texts) == data.count(b"\r") and
            set(texts) == {"5 May 2026", "7 July 2026"},
            "CR line ends: every date is whole",
            "%d lines, %d found: %r" % (data.count(b"\r"), len(texts),
                                        sorted(set(texts))[:6]))
    os.unlink(c.path("win.txt"))

    # The windows after a large file's first are mapped from it, those of
    # a pipe read: invalid UTF-8 and NUL bytes in later windows, a date on
    # either side of each, are repaired the same way, at the same offsets.
    unit = "The panel meets on 4 April 2026 and again on 9 May.\n"
    body = unit * ((WHOLE_LIMIT + 3 * MIB) // len(unit))
    raw = bytearray(body.encode())
    for k, bad in enumerate((b"\xff\xfe", b"\x00", b"\xe2\x80", b"\xc3\x00\xa9")):
        at = raw.index(b"\n", (5 + 3 * k) * MIB) + 1
        raw[at:at] = b"On 1 June 2026 " + bad + b" the vote, then 2 June 2026.\n"
    data = bytes(raw)
    c.file("win.txt", data)
    mapped = c.run(["extract", "--ref", "2026-01-01", "win.txt"], secs=10)
    piped = c.run(["extract", "--ref", "2026-01-01", "-"], stdin=data, secs=10)
    c.bounded(mapped, "a windowed file with bad bytes in later windows", 10, 250)
    found = jlines(mapped.out) if mapped.rc == 1 else []
    c.check(mapped.rc == piped.rc == 1 and
            mapped.out.replace(b'"doc":"win.txt"', b'"doc":"-"') == piped.out and
            sum(o["text"] in ("1 June 2026", "2 June 2026") for o in found) == 8 and
            mapped.err.replace(b"win.txt", b"-") == piped.err and b"win.txt" in mapped.err,
            "a file's mapped windows give what a pipe's read ones give, bad bytes and all",
            "rc %s/%s, %d/%d lines\n%s\n%s" % (mapped.rc, piped.rc, len(found),
                                              len(jlines(piped.out)) if piped.rc == 1 else 0,
                                              mapped.show(), piped.show()))
    os.unlink(c.path("win.txt"))


def t_shrink(c):
    """A large file truncated while its windows are read: the run stops with
    a word and status 1, what it printed before stays, and no signal ends
    it (its later windows are mapped from the file, src/util/map.c)."""
    line = "The council will meet on 4 May 2027 to vote on the plan for the bridge.\n"
    data = (line * ((64 * MIB) // len(line))).encode()
    c.file("shrink.txt", data)
    p = subprocess.Popen([c.binary, "extract", "-j", "1", "--ref", "2027-01-01", "shrink.txt"],
                         cwd=c.tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # the output of a few MB fills the pipe, which is not read on: the
    # run waits in the first windows while the file shrinks to 1 MB
    head = p.stdout.read(4096)
    os.truncate(c.path("shrink.txt"), MIB)
    try:
        rest, err = p.communicate(timeout=30 * c.tfac)
    except subprocess.TimeoutExpired:
        p.kill()
        rest, err = p.communicate()
    rc = p.returncode
    lines = (head + rest).count(b"\n")
    c.check(rc == 1 and b"shrink.txt: the file shrank while it was being read" in err and
            0 < lines < data.count(b"\n"),
            "a 64 MiB file cut to 1 MiB while read: status 1, the file named, the lines "
            "before kept", "rc %s, %d lines, stderr %r" % (rc, lines, err[-300:]))
    os.unlink(c.path("shrink.txt"))


# ---- deep nesting ------------------------------------------------------------------------

def t_nesting(c):
    inner = "the summit on 3 May 2027 in Geneva"
    for name, o, cl in (("parentheses", "(", ")"), ("quotes", '"', '"'),
                        ("curly quotes", "\u201c\u2018", "\u2019\u201d"),
                        ("brackets and quotes", "([\u00ab\"", "\"\u00bb])")):
        depth = 1000000 // len(o)
        data = ("The delegates confirmed " + o * depth + inner + cl * depth + ".\n").encode()
        c.file("nest.txt", data)
        for verb in ("extract", "events"):
            r = c.run([verb, "--ref", "2027-01-01", "nest.txt"], secs=5)
            c.bounded(r, "%s: %s nested %d deep" % (verb, name, depth), 5, 200)
            objs = jlines(r.out) if r.rc == 0 else []
            if verb == "extract":
                ok = [(x["offset"], x["text"]) for x in objs] == \
                     [(data.index(b"3 May 2027"), "3 May 2027")]
            else:
                ok = len(objs) == 1 and objs[0]["start"] == "2027-05-03" and \
                    len(objs[0]["sentence"].encode()) <= 604
            c.check(ok, "%s: %s nested %d deep: the one date is found" % (verb, name, depth),
                    r.show())
    os.unlink(c.path("nest.txt"))


# ---- malicious titles, on the output bytes ----------------------------------------------

EVIL = ("\r\nBEGIN:VEVENT\r\nDTSTART:19700101\r\nX-INJECT:1\r\nEND:VEVENT ; a, b \\ c "
        "<script>alert(1)</script> ]]></title><entry><img src=x onerror=alert(2)> "
        "&amp; &lt; \"dq\" 'sq' \u202eRTL\u202c \U0001F600 \u2028 line")
EVIL_BYTES = EVIL.encode() + b" bad\xff\xfeutf8"
ARTICLE = (b"The summit " + EVIL_BYTES + b" will be held on 3 May 2027 in Geneva.\n\n"
           b"The workshop will take place on 9 June 2027 in " + EVIL_BYTES + b".\n")
MARKERS = ["BEGIN:VEVENT", "DTSTART:19700101", "<script>", "]]>", "&amp;"]

ICS_EVENT_PROPS = {"UID", "DTSTAMP", "CREATED", "LAST-MODIFIED", "SEQUENCE", "DTSTART",
                   "DTEND", "SUMMARY", "DESCRIPTION", "LOCATION", "URL", "CATEGORIES",
                   "STATUS"}
ICS_CAL_PROPS = {"VERSION", "PRODID", "CALSCALE", "NAME", "X-WR-CALNAME", "DESCRIPTION",
                 "X-WR-CALDESC", "REFRESH-INTERVAL", "X-PUBLISHED-TTL", "SOURCE", "URL"}

# Run under /usr/bin/python3, where python3-icalendar lives: one JSON
# object with the components and their property names and values.
ICAL_READER = r'''
import json, sys
try:
    import icalendar
except ImportError as e:
    print(json.dumps({"error": "%s (make deps installs python3-icalendar)" % e})); sys.exit(0)
data = open(sys.argv[1], "rb").read()
cal = icalendar.Calendar.from_ical(data)
def names(c):
    return [k for k, v in c.property_items(recursive=False) if k not in ("BEGIN", "END")]
out = {"components": [c.name for c in cal.walk()], "vevents": 0, "events": [],
       "cal_props": names(cal)}
for ev in cal.walk("VEVENT"):
    out["vevents"] += 1
    props = names(ev)
    out["events"].append({"props": props,
                          "summary": str(ev.get("summary", "")),
                          "description": str(ev.get("description", "")),
                          "location": str(ev.get("location", "")),
                          "dtstamp": str(ev.decoded("dtstamp")) if "DTSTAMP" in ev else ""})
print(json.dumps(out))
'''


def ical_summary(c, path):
    """python3-icalendar's reading of a calendar file, or None."""
    if not os.path.exists(path):
        return None
    p = subprocess.run([SYS_PYTHON, "-c", ICAL_READER, path], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    if p.returncode != 0:
        return {"error": p.stderr.decode("utf-8", "replace")[-800:]}
    return json.loads(p.stdout)


def check_ics_bytes(c, data, what):
    text_ok = True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        text_ok = str(e)
    c.check(text_ok is True, "%s: valid UTF-8" % what, text_ok)
    lines = data.split(b"\r\n")
    c.check(lines[-1] == b"" and all(b"\r" not in l and b"\n" not in l for l in lines),
            "%s: every line ends in CR LF, no bare CR or LF" % what)
    long = [l for l in lines if len(l) > 75]
    c.check(not long, "%s: no line longer than 75 octets" % what, long[:3])
    return lines


def check_ics(c, data, n_events, what, evil_in_values=True):
    lines = check_ics_bytes(c, data, what)
    # On the bytes: a component or property starts a line; folded lines
    # start with a space. Injected text would start a line of its own.
    starts = [l for l in lines if l and not l.startswith(b" ")]
    c.check(sum(1 for l in starts if l == b"BEGIN:VEVENT") == n_events,
            "%s: %d BEGIN:VEVENT lines for %d events" % (what, n_events, n_events))
    c.check(not [l for l in starts if l.startswith((b"X-INJECT", b"DTSTART:1970"))],
            "%s: no injected line" % what)
    path = c.path("check.ics")
    with open(path, "wb") as f:
        f.write(data)
    cal = ical_summary(c, path)
    if not c.check(cal and "error" not in cal, "%s: python3-icalendar reads it" % what, cal):
        return
    c.check(cal["components"] == ["VCALENDAR"] + ["VEVENT"] * n_events,
            "%s: one VCALENDAR with %d VEVENTs and nothing else" % (what, n_events),
            cal["components"])
    c.check(set(cal["cal_props"]) <= ICS_CAL_PROPS and
            len(cal["cal_props"]) == len(set(cal["cal_props"])),
            "%s: the calendar's properties are the writer's, each once" % what, cal["cal_props"])
    for i, ev in enumerate(cal["events"]):
        props = ev["props"]
        c.check(set(props) <= ICS_EVENT_PROPS and len(props) == len(set(props)),
                "%s: VEVENT %d has only the writer's properties, each once" % (what, i), props)
        c.check("\n" not in ev["summary"] and "\r" not in ev["summary"],
                "%s: VEVENT %d's SUMMARY is one line" % (what, i), ev["summary"])
    if evil_in_values:
        values = " ".join(e["summary"] + " " + e["description"] + " " + e["location"]
                          for e in cal["events"])
        c.check(all(m in values for m in MARKERS),
                "%s: the hostile text is there, as text" % what, values[:600])


ATOM_TREE = {"feed", "feed/id", "feed/title", "feed/subtitle", "feed/updated", "feed/author",
             "feed/author/name", "feed/generator", "feed/link", "feed/entry", "feed/entry/id",
             "feed/entry/title", "feed/entry/updated", "feed/entry/published",
             "feed/entry/link", "feed/entry/summary", "feed/entry/content",
             "feed/entry/category"}
RSS_TREE = {"rss", "rss/channel", "rss/channel/title", "rss/channel/link",
            "rss/channel/description", "rss/channel/lastBuildDate", "rss/channel/generator",
            "rss/channel/ttl", "rss/channel/atom:link", "rss/channel/item",
            "rss/channel/item/title", "rss/channel/item/link", "rss/channel/item/description",
            "rss/channel/item/guid", "rss/channel/item/pubDate", "rss/channel/item/category"}
HTML_TAGS = {"p", "strong", "em", "blockquote", "a", "br"}


class Tags(html.parser.HTMLParser):
    """Collects the elements and attributes a browser would build."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text, self.scripts = [], [], [], []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v) for k, v in attrs]
        if tag == "script":
            self.in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v) for k, v in attrs]

    def handle_data(self, data):
        if self.in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def check_html_fragment(c, frag, what):
    t = Tags()
    t.feed(frag)
    t.close()
    c.check(set(t.tags) <= HTML_TAGS, "%s: only the writer's HTML elements" % what, t.tags)
    bad = [a for a in t.attrs if a[:2] != ("a", "href") or
           not (a[2] or "").startswith(("http://", "https://"))]
    c.check(not bad, "%s: no attribute but http(s) links" % what, bad[:3])
    return "".join(t.text)


def xml_paths(elem, prefix, out, ns_names):
    name = elem.tag
    for uri, short in ns_names.items():
        name = name.replace("{%s}" % uri, short)
    path = prefix + "/" + name if prefix else name
    out.append(path)
    for child in elem:
        xml_paths(child, path, out, ns_names)
    return out


def check_xml(c, data, fmt, n_events, what):
    p = subprocess.run(["xmllint", "--noout", "--nonet", "-"], input=data,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    c.check(p.returncode == 0 and not p.stderr, "%s: xmllint (libxml2) finds it well-formed"
            % what, p.stderr[:500])
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        c.check(False, "%s: parses" % what, e)
        return
    ns = {"http://www.w3.org/2005/Atom": "" if fmt == "atom" else "atom:"}
    paths = xml_paths(root, "", [], ns)
    tree = ATOM_TREE if fmt == "atom" else RSS_TREE
    c.check(set(paths) <= tree, "%s: only the writer's elements" % what,
            sorted(set(paths) - tree))
    item = "feed/entry" if fmt == "atom" else "rss/channel/item"
    c.check(paths.count(item) == n_events, "%s: %d entries for %d events" %
            (what, paths.count(item), n_events))
    html_tag = ATOM + "content" if fmt == "atom" else "description"
    entries = root.findall(ATOM + "entry") if fmt == "atom" else root.findall("channel/item")
    texts = []
    for e in entries:
        frag = e.find(html_tag)
        texts.append(check_html_fragment(c, frag.text or "", "%s entry HTML" % what))
        texts += ["".join(x.itertext()) for x in e]
    joined = " ".join(texts)
    c.check(all(m in joined for m in MARKERS), "%s: the hostile text is there, as text" % what,
            joined[:600])


def check_json(c, data, n_events, what):
    try:
        feed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        c.check(False, "%s: is UTF-8 JSON" % what, e)
        return
    items = feed.get("items", [])
    c.check(len(items) == n_events, "%s: %d items for %d events" % (what, len(items), n_events))
    texts = []
    for it in items:
        texts.append(check_html_fragment(c, it.get("content_html", ""), "%s content_html" % what))
        texts += [it.get("title", ""), it.get("summary", ""), it.get("content_text", "")]
    joined = " ".join(texts)
    c.check(all(m in joined for m in MARKERS), "%s: the hostile text is there, as text" % what,
            joined[:600])


def t_titles(c):
    # The hostile text in the article, in its file name, and in the feed's
    # own fields; the file name loses what a file system refuses ("/", NUL).
    fname = ("evil" + EVIL.replace("/", "_") + ".txt").encode()
    fname = fname.replace(b"\r", b"\\r")[:200] + b".txt"
    with open(os.path.join(c.tmp.encode(), fname), "wb") as f:
        f.write(ARTICLE)
    meta = ["--title", EVIL_BYTES, "--description", EVIL_BYTES, "--author", EVIL_BYTES,
            "--base-url", "https://example.org/evil/", "--now", "2027-01-01T00:00:00Z",
            "--ref", "2027-01-01"]
    r = c.run(["events", "--ref", "2027-01-01", fname])
    objs = jlines(r.out) if r.out else []
    n = len(objs)
    c.check(n == 2 and r.rc == 1 and b"UTF-8" in r.err,
            "the hostile article gives its 2 events (and a UTF-8 warning)", r.show())
    for fmt in ("ics", "atom", "rss", "json"):
        r = c.run(["events", "-t", fmt] + meta + [fname])
        what = "-t %s" % fmt
        c.check(r.rc == 1 and r.out, "%s: written (exit 1 for the repaired UTF-8)" % what,
                r.show())
        if fmt == "ics":
            check_ics(c, r.out, n, what)
        elif fmt == "json":
            check_json(c, r.out, n, what)
        else:
            check_xml(c, r.out, fmt, n, what)
    # The timeline page, once `-t html` exists.
    r = c.run(["events", "-t", "html"] + meta + [fname])
    if r.rc == 2 and b"unknown format" in r.err:
        print("note: hostile titles: `chronicle events -t html` does not exist in this build; "
              "the timeline page is not checked here")
    else:
        c.check(r.out, "-t html: a page is written", r.show())
        t = Tags()
        t.feed(r.out.decode("utf-8", "replace"))
        t.close()
        # Text in an attribute value or an element is harmless; what would
        # run is an event handler, a javascript: link, a script element
        # holding the injected call, or an element the text opened.
        handlers = [a for a in t.attrs if a[1].startswith("on") and "alert" in (a[2] or "")]
        # (the page's own <link rel=icon href="data:,"> is not ours to judge)
        links = [a for a in t.attrs if a[1] in ("href", "src", "action") and
                 ((a[2] or "").strip().lower().startswith("javascript:") or
                  ((a[2] or "").strip().lower().startswith("data:") and
                   re.search(r"alert|script|<", a[2] or "")))]
        c.check(not handlers and not links, "-t html: no handler or script link from the "
                "hostile text", (handlers + links)[:3])
        c.check(not any("alert(1)" in body for body in t.scripts),
                "-t html: no script element runs the injected call")
        c.check("img" not in t.tags and "entry" not in t.tags and t.tags.count("title") <= 1,
                "-t html: the hostile text opens no element", t.tags)
        raw = r.out.decode("utf-8", "replace")
        c.check("<script>alert(1)</script>" not in raw and "<img src=x" not in raw,
                "-t html: the hostile markup is escaped")
        c.check(all(m in "".join(t.text) + " ".join(a[2] or "" for a in t.attrs)
                    for m in MARKERS), "-t html: the hostile text is there, as text")


# ---- dates past libical's year 3000 -----------------------------------------------------------

def t_far(c):
    text = b"The conference will open on 14 March in Lisbon.\n"
    for args, what in ((["--ref", "3500-06-01"], "--ref 3500-06-01"),
                       (["--ref", "9999-12-01"], "--ref 9999-12-01"),
                       (["--now", "9999-12-31T23:59:59Z"], "--now 9999-12-31T23:59:59Z")):
        r = c.run(["events", "-t", "ics", "--calendar-precision", "all"] + args + ["-"],
                  stdin=GOOD_A + text)
        c.check(r.rc == 0, "%s: exit 0" % what, r.show())
        lines = check_ics_bytes(c, r.out, what)
        c.check(not [l for l in lines if b"00000000T" in l],
                "%s: no zero date-time (libical's way of writing a year past 3000)" % what,
                r.out[:800])
        path = c.path("far.ics")
        with open(path, "wb") as f:
            f.write(r.out)
        cal = ical_summary(c, path)
        c.check(cal and "error" not in cal and cal["vevents"] >= 1 and
                all(e["dtstamp"] for e in cal["events"]),
                "%s: python3-icalendar reads every VEVENT and its DTSTAMP" % what, cal)


# ---- server: what serve_test.py does not cover ---------------------------------------------

def t_serve(c):
    d = c.path("serve")
    os.makedirs(d)
    r = c.run(["events", "-t", "ics", "-o", os.path.join(d, "calendar.ics"), "--ref",
               "2027-01-01", "-"], stdin=GOOD_A)
    log = open(c.path("serve.log"), "wb")
    p = subprocess.Popen([c.binary, "serve", "--dir", d, "--port", "0", "--timeout", "4"],
                         stdout=subprocess.PIPE, stderr=log)
    log.close()
    try:
        line = p.stdout.readline().decode("utf-8", "replace")
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not c.check(m, "serve prints its address", line):
            return
        port = int(m.group(1))

        def raw(req):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            try:
                s.sendall(req)
                buf = b""
                while True:
                    b = s.recv(65536)
                    if not b:
                        break
                    buf += b
            except OSError:
                pass
            finally:
                s.close()
            m = re.match(rb"HTTP/1\.[01] (\d{3})", buf)
            return (int(m.group(1)) if m else None), buf

        for method in (b"TRACE", b"CONNECT", b"FOO", b"get", b"M" * 5000):
            target = b"127.0.0.1:80" if method == b"CONNECT" else b"/calendar.ics"
            st, reply = raw(method + b" " + target + b" HTTP/1.1\r\nHost: x\r\n"
                            b"Connection: close\r\n\r\n")
            c.check(st in (400, 405, 501) and b"BEGIN:VCALENDAR" not in reply,
                    "method %s... is refused (%s)" % (method[:12].decode(), st), reply[:200])
        secret = c.path("secret.txt")
        with open(secret, "w") as f:
            f.write("TOP-SECRET\n")
        for t in (b"/%2E%2E/secret.txt", b"/%2E%2e%2Fsecret.txt", b"/%c0%ae%c0%ae/secret.txt",
                  b"/%e0%80%ae%e0%80%ae/secret.txt", b"/..;/secret.txt",
                  b"/calendar.ics%2f..%2f..%2fsecret.txt", b"/%5c..%5csecret.txt",
                  b"/\xc0\xae\xc0\xae/secret.txt"):
            st, reply = raw(b"GET " + t + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            c.check(st in (400, 404) and b"TOP-SECRET" not in reply,
                    "GET %s is %s, nothing leaks" % (t.decode("latin-1"), st), reply[:200])
        # Request headers just under the 16 KiB limit filled the
        # connection's memory: no room was left for the response's
        # headers, and the connection was closed without a reply.
        for n in (15900, 16000, 16200, 16300, 16330):
            req = (b"GET /calendar.ics HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * n +
                   b"\r\nConnection: close\r\n\r\n")
            st, reply = raw(req)
            want = 200 if len(req) <= 16 * 1024 else 431
            c.check(st == want, "a request of %d header bytes gets %d (%s)" % (len(req), want, st),
                    reply[:200])
        for n in (16500, 17000, 19000, 30000):
            st, reply = raw(b"GET /calendar.ics HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * n +
                            b"\r\nConnection: close\r\n\r\n")
            c.check(st == 431, "%d bytes of one header: 431 (%s)" % (n, st), reply[:200])
            st, reply = raw(b"GET /" + b"a" * n + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            c.check(st == 414, "a request target of %d bytes: 414 (%s)" % (n, st), reply[:200])
        st, reply = raw(b"GET /calendar.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        c.check(st == 200 and b"BEGIN:VCALENDAR" in reply, "still serving afterwards", st)
        c.check(p.poll() is None, "the server is still running")
    finally:
        p.terminate()
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


TESTS = [t_mixed, t_line, t_million, t_loop, t_unreadable, t_output_input, t_long_description, t_repeated_items, t_files, t_runs, t_windows, t_shrink, t_nesting, t_titles, t_far,
         t_serve]


def run_all(binary, res, filt="", big=True):
    tmp = tempfile.mkdtemp(prefix="chronicle-hostile-")
    try:
        c = Ctx(binary, res, tmp, big)
        for t in TESTS:
            name = t.__name__[2:]
            if filt and filt not in "hostile " + name:
                continue
            c.name = name
            try:
                t(c)
            except subprocess.TimeoutExpired as e:
                res.fail("hostile %s" % name, "timed out: %s" % e)
            except Exception as e:  # a broken test is a failure, not a crash
                import traceback
                res.fail("hostile %s" % name, "test raised %s\n%s" % (e, traceback.format_exc()))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
