#!/usr/bin/env python3
"""Splits the spec cases (tests/spec/*.txt) into one seed file each, for
the fuzz targets' corpora:

    python3 tests/fuzz/corpus.py OUT_DIR

writes OUT_DIR/spec-FILE-LINE.txt, the article text of each case exactly
as tests/run.py feeds it to chronicle. The cases are parsed by run.py's
own parser, so a spec format change reaches the fuzzers too."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import run  # noqa: E402  (tests/run.py)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: corpus.py OUT_DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    n = 0
    for fname in sorted(os.listdir(run.SPEC_DIR)):
        if not fname.endswith(".txt"):
            continue
        for case in run.parse_spec(os.path.join(run.SPEC_DIR, fname)):
            path = os.path.join(out, "spec-%s-%d.txt" % (fname[:-4], case.line))
            with open(path, "wb") as f:
                f.write(case.text.encode("utf-8"))
            n += 1
    print("  CORPUS  %s (%d spec cases)" % (out, n))


if __name__ == "__main__":
    main()
