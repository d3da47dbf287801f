#!/usr/bin/env python3
"""One summary table for `make bench`.

Reads the tables the three steps printed (bench.py: the core verbs and
chrono-node; serve.py: wrk against the server; build/bench/writers: the
four writers), saved by the Makefile, and prints the figures the
benchmark is judged by, each next to its target where it has one:

    summary.py CORE.md SERVE.md WRITERS.md
"""
import sys


def rows(path):
    """The rows of every Markdown table in path, as lists of cells."""
    out = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line.startswith("|") or line.startswith("|---"):
                    continue
                out.append([c.strip() for c in line.strip("|").split("|")])
    except OSError as e:
        sys.exit(f"bench summary: {e}")
    return out


def num(s):
    try:
        return float(s)
    except ValueError:
        return None


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip())
    core, serve, writers = (rows(p) for p in sys.argv[1:])
    table = []
    rate = {}
    for r in core:
        if len(r) < 9 or r[0] == "input":
            continue
        inp, tool, verb, mbs, rss = r[0], r[1], r[2], num(r[6]), num(r[7])
        if mbs is None:
            continue
        rate[(inp, tool, verb)] = mbs
        one_core = verb == "extract -j 1"
        target = "300 MB/s (one core)" if tool == "chronicle" and one_core else ""
        table.append((f"{tool} {verb}, {inp}", f"{mbs:.1f} MB/s, peak RSS {rss:.0f} MB",
                      target, ("met" if mbs >= 300 else "not met") if target else ""))
    chrono = rate.get(("10 MB", "chrono-node", "parse"))
    for verb in ("extract -j 1", "extract", "events"):
        ours = rate.get(("10 MB", "chronicle", verb))
        if chrono and ours:
            ratio = ours / chrono
            wanted = verb.startswith("extract")
            table.append((f"{verb} / chrono-node, 10 MB", f"{ratio:.0f}x",
                          "100x" if wanted else "",
                          ("met" if ratio >= 100 else "not met") if wanted else ""))
    for r in serve:
        if len(r) < 7 or r[0] == "route":
            continue
        table.append((f"serve {r[0]} ({r[1]})", f"{r[3]} req/s, p99 {r[4]} ms, {r[6]} errors",
                      "0 errors", "met" if r[6] == "0" else "not met"))
    for r in writers:
        if len(r) < 8 or r[0] == "format" or r[1] != "1000000":
            continue
        table.append((f"write {r[0]}, 1,000,000 events", f"{r[3]} CPU s, peak RSS {r[6]} MB",
                      "", ""))
    if not table:
        sys.exit("bench summary: no figures found")
    print("\nSummary:\n")
    print("| measure | result | target | |")
    print("|---|---|---|---|")
    for m, v, t, met in table:
        print(f"| {m} | {v} | {t} | {met} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
