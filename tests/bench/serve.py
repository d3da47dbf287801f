#!/usr/bin/env python3
"""The server's benchmark: `make bench-serve` (and part of `make bench`).

Builds the example feed's four files into a temporary folder, serves it
with `chronicle serve --dir DIR --port 0 --quiet`, and runs wrk against
/calendar.ics and /atom.xml, each as a plain GET (200) and with
If-None-Match set to the file's ETag (304): 10 seconds, 64 connections,
2 threads, --latency. Prints one table: requests/s, p99 latency,
transfer rate and errors (socket errors plus non-2xx/3xx responses).
Exits 1 when any run had an error.
"""
import argparse
import glob
import http.client
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FORMATS = {"calendar.ics": "ics", "atom.xml": "atom", "rss.xml": "rss", "events.json": "json"}


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


def to_ms(value):
    m = re.match(r"([\d.]+)(us|ms|s)$", value)
    if not m:
        return float("nan")
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]


def parse_wrk(text):
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
    xfer = re.search(r"Transfer/sec:\s+(\S+)", text)
    total = re.search(r"(\d+) requests in", text)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = (sum(int(x) for x in sock.groups()) if sock else 0) + (int(non2xx.group(1)) if non2xx else 0)
    return {
        "rps": float(rps.group(1)) if rps else float("nan"),
        "p99": to_ms(p99.group(1)) if p99 else float("nan"),
        "xfer": xfer.group(1) if xfer else "?",
        "requests": int(total.group(1)) if total else 0,
        "errors": errors,
    }


def main():
    ap = argparse.ArgumentParser(description="chronicle serve benchmark (wrk)")
    ap.add_argument("--binary", default="build/chronicle")
    ap.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2, help="wrk threads")
    a = ap.parse_args()

    if not shutil.which("wrk"):
        sys.exit("bench-serve: wrk is not installed (make deps installs it)")
    binary = os.path.abspath(a.binary)
    tmp = tempfile.mkdtemp(prefix="chronicle-bench-serve-")
    server = None
    try:
        sources = sorted(glob.glob(os.path.join(ROOT, "feeds", "example", "*")))
        for name, fmt in FORMATS.items():
            subprocess.run([binary, "events", "-t", fmt, "--title", "chronicle example",
                            "--base-url", "http://127.0.0.1:8080/", "-o",
                            os.path.join(tmp, name)] + sources, check=True,
                           stderr=subprocess.DEVNULL)
        server = subprocess.Popen([binary, "serve", "--dir", tmp, "--port", "0", "--quiet"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        line = server.stdout.readline().decode()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            sys.exit("bench-serve: the server printed no URL: %r" % line)
        port = int(m.group(1))
        print(f"chronicle serve benchmark: wrk -t{a.threads} -c{a.connections} "
              f"-d{a.duration}s --latency; {machine()}")
        rows = []
        failed = False
        for path in ("/calendar.ics", "/atom.xml"):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            c.request("GET", path)
            r = c.getresponse()
            body = r.read()
            etag = r.getheader("ETag")
            c.request("GET", path, headers={"If-None-Match": etag})
            r2 = c.getresponse()
            r2.read()
            c.close()
            if r.status != 200 or r2.status != 304:
                sys.exit(f"bench-serve: {path}: expected 200 then 304, got {r.status} {r2.status}")
            for status, extra in (("200", []), ("304", ["-H", f"If-None-Match: {etag}"])):
                argv = ["wrk", f"-t{a.threads}", f"-c{a.connections}", f"-d{a.duration}s",
                        "--latency"] + extra + [f"http://127.0.0.1:{port}{path}"]
                p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   timeout=a.duration + 60)
                out = p.stdout.decode("utf-8", "replace")
                res = parse_wrk(out)
                if p.returncode != 0 or res["requests"] == 0:
                    print(out, file=sys.stderr)
                    failed = True
                failed |= res["errors"] > 0
                rows.append((path, status, len(body) if status == "200" else 0, res))
        print()
        print("| route | status | body bytes | requests/s | p99 ms | transfer/s | errors |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for path, status, size, r in rows:
            print(f"| {path} | {status} | {size} | {r['rps']:.0f} | {r['p99']:.2f} | "
                  f"{r['xfer']} | {r['errors']} |")
        return 1 if failed else 0
    finally:
        if server and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
