#!/usr/bin/env python3
"""chronicle's benchmark: `make bench`.

Generates 10 MB, 100 MB and 1 GB of news-like prose (gen.py, seeded, so
every run reads the same bytes), runs `chronicle extract` and `chronicle
events` on each, then `extract -j 1` on the 1 GB text made one single line and
streamed through standard input, and chrono-node (chrono.js, installed
with npm into tests/bench/node_modules) on the 10 MB text, each writing
to a pipe that the bench reads (see run_once). Prints one table: wall
time (best of 5 at 10 MB, chrono-node too, best of 3 at 100 MB, one run
above), throughput, peak RSS of the child and the number of output
lines, then the speed ratio to
chrono-node and whether time grew linearly and memory stayed flat. The
generated files are deleted afterwards.
"""
import argparse
import fcntl
import os
import platform
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402

REF = "2026-11-23"
# extract on one thread (the figure for one core), then as it runs by
# default: a long text lexed on one thread a CPU (chronicle -j)
VERBS = ("extract -j 1", "extract", "events")


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
    return f"{platform.machine()}, {cpu}, nproc {os.cpu_count()}"


def run_once(argv, stdin_path=None):
    """Runs argv with stdin from stdin_path and stdout to a pipe that this
    process drains, counting lines, as a consumer of the output would;
    returns (seconds, peak RSS in bytes, output lines, CPU seconds).

    A file as stdout would add the kernel's cost of page cache for the
    output (a third of the input's size for extract) to the child's time,
    and that cost is the machine's, not the tool's: on a new virtual
    machine, whose memory the host has not yet backed, writing 330 MB to a
    file took from 0.13 to 1.0 s of system time for the same bytes (dd,
    one run after another), and made the 1 GB figure vary by half."""
    with open(stdin_path or os.devnull, "rb") as inp:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdin=inp, stdout=subprocess.PIPE, bufsize=0)
        fd = p.stdout.fileno()
        try:  # a pipe of 1 MB rather than 64 KB: fewer turns between the two
            fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
        except OSError:
            pass
        lines = 0
        while True:
            block = os.read(fd, 1 << 20)
            if not block:
                break
            lines += block.count(b"\n")
        p.stdout.close()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    rc = os.waitstatus_to_exitcode(status)
    if rc != 0:
        sys.exit(f"bench: {' '.join(argv)} exited with {rc}")
    return wall, ru.ru_maxrss * 1024, lines, ru.ru_utime + ru.ru_stime


def best_of(runs, argv, stdin_path=None):
    best = None
    for _ in range(runs):
        r = run_once(argv, stdin_path)
        if best is None or r[0] < best[0]:
            best = r
    return best


def chrono_ready():
    """Installs chrono-node from package-lock.json when it is missing;
    returns the node binary, or None (with a note) when it cannot run."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        print("bench: node or npm not found, chrono-node skipped", file=sys.stderr)
        return None
    if not os.path.isdir(os.path.join(HERE, "node_modules", "chrono-node")):
        print("bench: npm ci (chrono-node into tests/bench/node_modules)", file=sys.stderr)
        r = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE)
        if r.returncode != 0:
            print("bench: npm ci failed, chrono-node skipped", file=sys.stderr)
            return None
    return node


def single_line(src, dst):
    """Copies src with every newline made a space: one line of the same size."""
    with open(src, "rb") as f, open(dst, "wb") as g:
        for block in iter(lambda: f.read(1 << 24), b""):
            g.write(block.replace(b"\n", b" "))


def main():
    ap = argparse.ArgumentParser(description="chronicle benchmark")
    ap.add_argument("--binary", default="build/chronicle")
    ap.add_argument("--sizes", default="10,100,1000", help="MB sizes, comma separated")
    ap.add_argument("--no-chrono", action="store_true", help="skip chrono-node")
    ap.add_argument("--no-single-line", action="store_true",
                    help="skip the largest size as one streamed line")
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    a = ap.parse_args()

    work = os.path.join(HERE, "work")
    os.makedirs(work, exist_ok=True)
    sizes = [int(x) for x in a.sizes.split(",")]
    rows = []
    made = []
    rate = {}
    rss = {}
    chrono_rate = None
    load = os.getloadavg()
    try:
        for mb in sizes:
            src = os.path.join(work, f"news-{mb}mb.txt")
            made.append(src)
            t0 = time.perf_counter()
            with open(src, "wb") as f:
                size = gen.generate(f, mb, seed=mb)
            # the text just written is still being written back to disk:
            # wait for that, so that it does not share the runs' time
            os.sync()
            print(f"bench: wrote {src} ({size / 1e6:.1f} MB) in "
                  f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
            # best of several where a run is short, so that a moment's
            # load on a shared machine does not decide the figure; the
            # chrono-node run on the same text takes as many
            runs = 5 if mb <= 10 else 3 if mb <= 100 else 1
            label = f"{mb} MB" if mb < 1000 else f"{mb / 1000:g} GB"
            for verb in VERBS:
                wall, peak, lines, cpu = best_of(runs, [a.binary] + verb.split() +
                                                 ["--ref", REF, src])
                rows.append((label, "chronicle", verb, runs, wall, cpu, size / 1e6 / wall,
                             peak / 1e6, lines))
                rate[(mb, verb)] = size / 1e6 / wall
                rss[(mb, verb)] = peak / 1e6
                print(f"bench: chronicle {verb} {label}: {wall:.2f} s", file=sys.stderr)
            if mb == sizes[0] and not a.no_chrono:
                node = chrono_ready()
                if node:
                    wall, peak, lines, cpu = best_of(
                        runs, [node, os.path.join(HERE, "chrono.js"), "--ref", REF, src])
                    chrono_rate = size / 1e6 / wall
                    rows.append((label, "chrono-node", "parse", runs, wall, cpu, chrono_rate,
                                 peak / 1e6, lines))
                    print(f"bench: chrono-node {label}: {wall:.2f} s", file=sys.stderr)
            if mb == sizes[-1] and not a.no_single_line:
                one = os.path.join(work, f"line-{mb}mb.txt")
                made.append(one)
                single_line(src, one)
                os.sync()
                # on one thread: its windows would be found side by side
                wall, peak, lines, cpu = run_once([a.binary, "extract", "-j", "1", "--ref", REF,
                                                   "-"], stdin_path=one)
                rows.append((label + ", one line, stdin", "chronicle", "extract -j 1", 1, wall,
                             cpu, size / 1e6 / wall, peak / 1e6, lines))
                print(f"bench: chronicle extract {label} as one line: {wall:.2f} s",
                      file=sys.stderr)
                os.remove(one)
            os.remove(src)
    finally:
        if not a.keep:
            for path in set(made):
                try:
                    os.remove(path)
                except FileNotFoundError:
                    pass

    print(f"machine: {machine()}; load average at start "
          f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print(f"command: {a.binary} VERB --ref {REF} FILE | (lines counted); "
          f"node tests/bench/chrono.js --ref {REF} FILE | (lines counted)")
    print()
    head = ("input", "tool", "verb", "runs", "wall s", "CPU s", "MB/s", "peak RSS MB",
            "lines out")
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---:" if i > 2 else "---" for i in range(len(head))) + "|")
    for inp, tool, verb, runs, wall, cpu, mbs, peak, lines in rows:
        best = f"best of {runs}" if runs > 1 else "1"
        print(f"| {inp} | {tool} | {verb} | {best} | {wall:.2f} | {cpu:.2f} | {mbs:.1f} "
              f"| {peak:.1f} | {lines} |")
    print("\nMB/s is from wall time; CPU s is user + system time of the child, which a "
          "loaded machine inflates less.\nlines out: mentions for extract and chrono-node, "
          "events for events.")
    small, big = sizes[0], sizes[-1]
    if chrono_rate:
        print(f"speed ratio on {small} MB: chronicle extract is "
              f"{rate[(small, 'extract -j 1')] / chrono_rate:.0f}x chrono-node on one "
              f"thread, {rate[(small, 'extract')] / chrono_rate:.0f}x on "
              f"{os.cpu_count()} CPUs; events {rate[(small, 'events')] / chrono_rate:.0f}x")
    if big != small:
        for verb in VERBS:
            # files up to 16 MB are read whole, larger ones in windows:
            # flat means the largest size needs no more than the second
            flat = len(sizes) < 3 or rss[(big, verb)] <= 1.25 * rss[(sizes[-2], verb)] + 8
            print(f"{verb}: {big} MB runs at {rate[(big, verb)] / rate[(small, verb)]:.2f} "
                  f"of the {small} MB rate (1.00 is linear); peak RSS "
                  + ", ".join(f"{mb} MB: {rss[(mb, verb)]:.0f}" for mb in sizes)
                  + f" MB ({'flat' if flat else 'NOT FLAT'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
