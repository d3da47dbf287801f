#!/usr/bin/env python3
"""chronicle's test runner: unit tests, spec cases and CLI behaviour.

    python3 tests/run.py --binary build/chronicle --unit-dir build/tests
                         [--filter SUBSTRING] [-v]

Unit tests are the executables in --unit-dir; each prints TAP lines
("ok N - desc", "not ok N - desc") and each line counts as one test. A
program that crashes or exits non-zero without a "not ok" line counts as
one failure.

Spec cases live in tests/spec/*.txt (format: tests/spec/README.md). Each
case's text is fed on stdin to `BINARY VERB OPTIONS -`, the JSON lines are
turned into the README's dump format and compared line by line.

CLI behaviour tests live in tests/cli.py; other areas (readers, store,
server, hostile input) in tests/*_test.py, each with a run_all function.

The last line of output is always "N passed, N failed"; the exit status is
1 when anything failed. Standard library only.
"""

import argparse
import json
import os
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC_DIR = os.path.join(HERE, "spec")
TIMEOUT = 60


class Results:
    """Counts tests and prints failures as they happen."""

    def __init__(self, verbose):
        self.verbose = verbose
        self.passed = 0
        self.failed = 0
        self.failures = []

    def ok(self, name):
        self.passed += 1
        if self.verbose:
            print("PASS %s" % name)

    def fail(self, name, detail=""):
        self.failed += 1
        self.failures.append(name)
        print("FAIL %s" % name)
        if detail:
            for line in detail.rstrip("\n").split("\n"):
                print("    " + line)
        sys.stdout.flush()

    def check(self, cond, name, detail=""):
        if cond:
            self.ok(name)
        else:
            self.fail(name, detail)
        return cond


# ---- unit tests ------------------------------------------------------------

def parse_tap(text):
    """Yields (ok, description) for each TAP test line."""
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("not ok"):
            yield False, s
        elif s == "ok" or s.startswith("ok ") or s.startswith("ok\t"):
            yield True, s


def run_units(unit_dir, res, filt):
    if not unit_dir or not os.path.isdir(unit_dir):
        if unit_dir:
            print("note: no unit-test folder %s" % unit_dir)
        return
    for name in sorted(os.listdir(unit_dir)):
        path = os.path.join(unit_dir, name)
        if not os.path.isfile(path) or not os.access(path, os.X_OK):
            continue
        if name.endswith((".d", ".o")):
            continue
        if filt and filt not in name:
            continue
        try:
            p = subprocess.run([path], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=TIMEOUT)
            out = p.stdout.decode("utf-8", "replace")
            err = p.stderr.decode("utf-8", "replace")
            rc = p.returncode
        except subprocess.TimeoutExpired:
            res.fail("unit %s" % name, "timed out after %ds" % TIMEOUT)
            continue
        except OSError as e:
            res.fail("unit %s" % name, "cannot run: %s" % e)
            continue
        any_not_ok = False
        for good, line in parse_tap(out):
            if good:
                res.ok("unit %s: %s" % (name, line))
            else:
                any_not_ok = True
                res.fail("unit %s: %s" % (name, line), err[-2000:])
        if rc != 0 and not any_not_ok:
            why = ("killed by signal %d" % -rc) if rc < 0 else ("exit status %d" % rc)
            res.fail("unit %s" % name, "%s with no 'not ok' line\n%s" % (why, err[-2000:]))


# ---- spec cases --------------------------------------------------------------

class Case:
    def __init__(self, path, line, verb, options, text, expected):
        self.path = path
        self.line = line
        self.verb = verb
        self.options = options
        self.text = text
        self.expected = expected

    @property
    def where(self):
        return "%s:%d" % (os.path.relpath(self.path), self.line)


def parse_spec(path):
    """Returns the cases of one spec file; raises ValueError on bad syntax."""
    cases = []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("~~~") and line[3:].strip():
            start = i + 1
            words = shlex.split(line[3:])
            verb, options = words[0], words[1:]
            i += 1
            text = []
            while i < len(lines) and lines[i] != ".":
                if lines[i].startswith("~~~"):
                    raise ValueError("%s:%d: case has no '.' line" % (path, start))
                text.append(lines[i])
                i += 1
            if i >= len(lines):
                raise ValueError("%s:%d: case has no '.' line" % (path, start))
            i += 1
            dump = []
            while i < len(lines) and lines[i].rstrip() != "~~~":
                if lines[i].strip():
                    dump.append(lines[i].rstrip())
                i += 1
            if i >= len(lines):
                raise ValueError("%s:%d: case has no closing '~~~'" % (path, start))
            cases.append(Case(path, start, verb, options,
                              "\n".join(text) + "\n", dump))
        i += 1
    return cases


def time_field(obj):
    out = []
    if "time" in obj:
        t = obj["time"]
        if "end_time" in obj:
            t += "-" + obj["end_time"]
        out.append("time=" + t)
    if "tz" in obj:
        out.append("tz=" + obj["tz"])
    return out


def span(obj):
    s, e = obj["start"], obj["end"]
    return s if s == e else "%s..%s" % (s, e)


def dump_mention(obj):
    parts = [obj["text"], "=>"]
    if "duration" in obj:
        return " ".join(parts + ["duration", obj["duration"]])
    if "ref" in obj:
        return " ".join(parts + ["ref", obj["ref"]])
    if "start" in obj:
        parts.append(span(obj))
    else:
        parts.append("unresolved")
    parts.append(obj["precision"])
    if "mod" in obj:
        parts.append("mod=" + obj["mod"])
    parts += time_field(obj)
    if obj.get("role"):
        parts.append("role=" + obj["role"])
    return " ".join(parts)


def dump_event(obj):
    head = "%s %s %s" % (span(obj), obj["precision"], obj["status"])
    loc = obj.get("location") or ""
    return ("%s | %s | %s" % (head, obj.get("title") or "", loc)).rstrip()


def to_dump(verb, stdout):
    """Turns the binary's JSON lines into dump lines (raises on bad JSON)."""
    lines = []
    for raw in stdout.decode("utf-8").split("\n"):
        if not raw.strip():
            continue
        obj = json.loads(raw)
        lines.append(dump_event(obj) if verb == "events" else dump_mention(obj))
    return lines


def indent(lines):
    return "\n".join("      " + l for l in lines) if lines else "      (nothing)"


def run_case(binary, case, res):
    cmd = [binary, case.verb] + case.options + ["-"]
    name = "spec %s" % case.where
    try:
        p = subprocess.run(cmd, input=case.text.encode("utf-8"),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        res.fail(name, "timed out\n  input:\n" + indent(case.text.rstrip("\n").split("\n")))
        return
    except OSError as e:
        res.fail(name, "cannot run %s: %s" % (binary, e))
        return
    problem = ""
    actual = []
    try:
        actual = to_dump(case.verb, p.stdout)
    except (ValueError, KeyError, UnicodeDecodeError) as e:
        problem = "bad output (%s): %r" % (e, p.stdout[:500])
    if p.returncode != 0:
        why = ("killed by signal %d" % -p.returncode) if p.returncode < 0 \
            else ("exit status %d" % p.returncode)
        problem = (problem + "\n" if problem else "") + why
    if not problem and [l.rstrip() for l in actual] == case.expected:
        res.ok(name)
        return
    detail = ["command: " + " ".join(shlex.quote(c) for c in cmd[1:]),
              "input:", indent(case.text.rstrip("\n").split("\n")),
              "expected:", indent(case.expected),
              "actual:", indent(actual)]
    if problem:
        detail.append("problem: " + problem)
    err = p.stderr.decode("utf-8", "replace").strip()
    if err:
        detail.append("stderr: " + err[-1000:])
    res.fail(name, "\n".join(detail))


def run_specs(binary, res, filt):
    files = sorted(f for f in os.listdir(SPEC_DIR) if f.endswith(".txt"))
    for fname in files:
        path = os.path.join(SPEC_DIR, fname)
        try:
            cases = parse_spec(path)
        except (ValueError, UnicodeDecodeError) as e:
            res.fail("spec %s" % fname, "cannot parse: %s" % e)
            continue
        for case in cases:
            if filt and filt not in case.where and filt not in case.text:
                continue
            run_case(binary, case, res)


# ---- main --------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description="Run chronicle's tests.")
    ap.add_argument("--binary", default="build/chronicle")
    ap.add_argument("--unit-dir", default="build/tests")
    ap.add_argument("--filter", default="",
                    help="run only tests whose file, file:line, name or input "
                         "contains this substring")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--no-big", action="store_true",
                    help="skip the 100 MB streaming test")
    args = ap.parse_args()

    res = Results(args.verbose)
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        res.fail("binary", "%s is not an executable file" % args.binary)
    else:
        run_units(args.unit_dir, res, args.filter)
        run_specs(binary, res, args.filter)
        sys.path.insert(0, HERE)
        # Every tests/*_test.py module (and cli.py) has
        # run_all(binary, res, filt, big): one module per area, so areas
        # can grow without touching this runner.
        import importlib
        names = ["cli"] + sorted(f[:-3] for f in os.listdir(HERE)
                                 if f.endswith("_test.py"))
        for name in names:
            mod = importlib.import_module(name)
            mod.run_all(binary, res, args.filter, big=not args.no_big)
    print("%d passed, %d failed" % (res.passed, res.failed))
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
