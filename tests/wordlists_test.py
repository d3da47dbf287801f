"""Word lists that the event layer bisects: called by tests/run.py (run_all).

src/event/title.c's in_list() finds a word by bisection, so every list it
is handed must be lowercase and in byte order; a word added out of place
would silently stop matching. This reads the source and checks each such
list. Standard library only.
"""

import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
TITLE_C = os.path.join(HERE, "..", "src", "event", "title.c")


def lists(src):
    """name -> words of every `static const char *const name[] = {...}`;
    a name defined twice (function-local lists) keeps each definition."""
    out = {}
    pat = re.compile(r"static const char \*const (\w+)\[\] = \{(.*?)\};", re.S)
    for m in pat.finditer(src):
        words = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(2))
        out.setdefault(m.group(1), []).append(words)
    return out


def run_all(binary, res, filt="", big=True):
    if filt and filt not in "wordlists in_list sorted":
        return
    with open(TITLE_C, encoding="utf-8") as f:
        src = f.read()
    defined = lists(src)
    used = sorted(set(re.findall(r"in_list\((\w+), CHR_ARRAY_LEN\(\1\)", src)))
    res.check(len(used) >= 20, "wordlists: in_list's lists are found in title.c",
              "found %d: %s" % (len(used), used))
    for name in used:
        for words in defined.get(name, [[]]):
            bad = [w for w in words if w != w.lower()]
            res.check(words and not bad and words == sorted(words),
                      "wordlists: title.c %s is lowercase and sorted" % name,
                      "out of order or not lowercase: %s" %
                      ([w for i, w in enumerate(words) if i and words[i - 1] > w] + bad))
