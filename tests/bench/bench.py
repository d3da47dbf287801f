#!/usr/bin/env python3
"""chronicle's benchmark: `make bench`.

Generates 10 MB and 100 MB of news-like prose (gen.py, seeded, so every
run reads the same bytes), runs `chronicle extract` and `chronicle events`
on each, and prints one table: wall time (best of 3 at 10 MB, one run at
100 MB), throughput, peak RSS of the child and the number of output lines
(mentions or events). The big files are deleted afterwards.
"""
import argparse
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{platform.machine()}, {cpu}, nproc {len(os.sched_getaffinity(0))}"


def run_once(argv, out_path):
    """Runs argv with stdout to out_path; returns (seconds, peak RSS in
    bytes, output lines)."""
    with open(out_path, "wb") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=out)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(argv)} exited with {p.returncode}")
    lines = 0
    with open(out_path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            lines += block.count(b"\n")
    return wall, ru.ru_maxrss * 1024, lines


def main():
    ap = argparse.ArgumentParser(description="chronicle benchmark")
    ap.add_argument("--binary", default="build/chronicle")
    ap.add_argument("--sizes", default="10,100", help="MB sizes, comma separated")
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    a = ap.parse_args()

    work = os.path.join(HERE, "work")
    os.makedirs(work, exist_ok=True)
    rows = []
    made = []
    try:
        for mb in [int(x) for x in a.sizes.split(",")]:
            src = os.path.join(work, f"news-{mb}mb.txt")
            made.append(src)
            t0 = time.perf_counter()
            with open(src, "wb") as f:
                size = gen.generate(f, mb, seed=mb)
            print(f"bench: wrote {src} ({size / 1e6:.1f} MB) in "
                  f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
            runs = 3 if mb <= 10 else 1
            for verb in ("extract", "events"):
                argv = [a.binary, verb, "--ref", "2026-11-23", src]
                out = os.path.join(work, f"out-{verb}.jsonl")
                made.append(out)
                best = None
                for _ in range(runs):
                    r = run_once(argv, out)
                    if best is None or r[0] < best[0]:
                        best = r
                wall, rss, lines = best
                rows.append((f"{mb} MB", verb, runs, wall, size / 1e6 / wall,
                             rss / 1e6, lines))
                print(f"bench: {verb} {mb} MB: {wall:.2f} s", file=sys.stderr)
    finally:
        if not a.keep:
            for path in set(made):
                try:
                    os.remove(path)
                except FileNotFoundError:
                    pass

    print(f"machine: {machine()}")
    print(f"command: {a.binary} VERB --ref 2026-11-23 FILE > out.jsonl")
    print()
    head = ("input", "verb", "runs", "wall s", "MB/s", "peak RSS MB", "lines out")
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---:" if i > 1 else "---" for i in range(len(head))) + "|")
    for inp, verb, runs, wall, mbs, rss, lines in rows:
        best = "best of 3" if runs > 1 else "1"
        print(f"| {inp} | {verb} | {best} | {wall:.2f} | {mbs:.1f} | {rss:.1f} | {lines} |")
    print("\nlines out: mentions for extract, events for events.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
