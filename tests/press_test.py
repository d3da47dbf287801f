"""Events on press releases and news items written for the purpose and
annotated by hand before chronicle ran on them (tests/fixtures/press/):
called by tests/run.py (run_all). Standard library only.

Every annotated event is its own check: found with its span (or the other
span the annotation accepts), its place where it names one, cancelled
where the text cancels it; every event of a calendar span that the
annotation does not hold is a spurious one. known.tsv lists the checks
that fail today for a stated reason, printed as KNOWN, neither passed nor
failed. The day-level precision and recall over all documents are printed
and held to a bar.

    python3 tests/run.py --binary build/chronicle --unit-dir build/tests --filter press -v
"""

import json
import os
import subprocess

TIMEOUT = 60
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures", "press")
F1_BAR = 0.95
CALENDAR = ("day", "week", "month", "quarter", "half", "season")


def rows(name):
    """The tab-separated rows of a fixture table, comments left out."""
    out = []
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                out.append(line.rstrip("\n").split("\t"))
    return out


def gold_rows():
    gold = {}
    for c in rows("gold.tsv"):
        c += [""] * (8 - len(c))
        spans = [(c[1], c[2])]
        if c[6]:
            spans.append(tuple(c[6].split("..")))
        gold.setdefault(c[0], []).append({
            "spans": spans, "prec": c[3], "status": c[4], "note": c[5],
            "places": [p for p in c[7].split("|") if p]})
    return gold


def span_str(span):
    return "%s..%s" % span


def run_all(binary, res, filt="", big=True):
    if filt and filt not in "press":
        return
    gold = gold_rows()
    refs = {c[0]: c[1] for c in rows("ref.tsv")}
    known = {(c[0], c[1], c[2]): c[3] for c in rows("known.tsv")}

    consulted = set()

    def check(doc, kind, span, cond, what, detail=""):
        consulted.add((doc, kind, span_str(span)))
        reason = known.get((doc, kind, span_str(span)))
        if reason and not cond:
            print("KNOWN press %s: %s" % (what, reason))
            return False
        if reason:
            res.fail("press %s: listed as known but passes; take it out of known.tsv" % what)
            return True
        return res.check(cond, "press %s" % what, detail)

    docs = sorted(n[:-4] for n in os.listdir(FIXTURES) if n.endswith(".txt"))
    res.check(docs == sorted(gold) == sorted(refs),
              "press: every article has its annotation and reference date",
              "%s\n%s\n%s" % (docs, sorted(gold), sorted(refs)))
    tp = fp = fn = 0
    for doc in docs:
        p = subprocess.run([binary, "events", "--ref", refs.get(doc, ""), doc + ".txt"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=TIMEOUT, cwd=FIXTURES)
        if not res.check(p.returncode == 0, "press %s: events runs" % doc,
                         p.stderr.decode("utf-8", "replace")):
            continue
        events = [json.loads(l) for l in p.stdout.decode("utf-8").splitlines() if l.strip()]
        # as ../shared/corpus/score.py counts them: a cancelled event is
        # no active one, so it neither finds an "ok" row nor is spurious
        got, every = {}, {}
        for e in events:
            every.setdefault((e["start"], e["end"]), []).append(e)
            if str(e.get("status", "")).lower() not in ("cancelled", "canceled"):
                got.setdefault((e["start"], e["end"]), []).append(e)
        claimed = set()
        for g in gold.get(doc, []):
            claimed.update(g["spans"])
            if g["status"] == "dct":
                continue
            pool = every if g["status"] == "cancelled" else got
            match = next((pool[s][0] for s in g["spans"] if s in pool), None)
            what = "%s: %s (%s)" % (doc, span_str(g["spans"][0]), g["note"])
            # a cancelled row's check has its own name: an active event
            # and a cancelled one may share a day
            found = check(doc, "event" if g["status"] == "ok" else "cancelled event",
                          g["spans"][0], match is not None,
                          "%s is an event" % what, json.dumps(events, indent=1))
            if g["prec"] == "day":
                tp += match is not None
                fn += match is None
            if not found or match is None:
                continue
            if g["status"] == "cancelled":
                check(doc, "status", g["spans"][0], match.get("status") == "cancelled",
                      "%s is cancelled" % what, json.dumps(match))
            if g["places"]:
                loc = (match.get("location") or "").lower()
                ok = loc and any(w.lower() in loc or loc in w.lower() for w in g["places"])
                check(doc, "place", g["spans"][0], bool(ok),
                      "%s takes place in %s" % (what, "|".join(g["places"])), json.dumps(match))
        for span, evs in sorted(got.items()):
            if span in claimed or evs[0].get("precision") not in CALENDAR:
                continue
            if evs[0].get("precision") == "day":
                fp += 1
            check(doc, "spurious", span, False,
                  "%s: no event on %s" % (doc, span_str(span)), json.dumps(evs))
    # a spurious event that is gone is checked no more: its known entry
    # passes as surely as one that is checked
    for key in sorted(set(known) - consulted):
        res.fail("press %s: %s on %s listed as known but passes; take it out of known.tsv"
                 % key)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    print("press: day P=%.3f R=%.3f F1=%.3f (tp=%d fp=%d fn=%d) on %d articles"
          % (prec, rec, f1, tp, fp, fn, len(docs)))
    res.check(f1 >= F1_BAR, "press: day-level F1 %.3f is at least %.2f" % (f1, F1_BAR))
