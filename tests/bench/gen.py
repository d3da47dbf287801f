#!/usr/bin/env python3
"""Writes N MB of news-like English prose with dates, deterministically.

Each article has a headline, a dateline and a few paragraphs. Sentences
come from templates: about half carry a date written in one of the forms
the date core reads, the rest are date-free, so that there is roughly one
date every 400 bytes. The same seed gives the same bytes.

    python3 tests/bench/gen.py --mb 10 --seed 1 > work/10mb.txt
"""
import argparse
import random
import sys

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
MON_ABBR = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.",
            "Sept.", "Oct.", "Nov.", "Dec."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday", "Sunday"]
CITIES = ["Geneva", "Nairobi", "Bangkok", "Vienna", "Rome", "Addis Ababa",
          "Dakar", "Santiago", "Beirut", "Manila", "Lima", "Kampala",
          "Amman", "Jakarta", "Bonn", "Montreal", "Panama City", "Suva"]
BODIES = ["the regional commission", "the health agency", "the refugee agency",
          "the food programme", "the children's fund", "the coalition",
          "the ministry of water", "the city council", "the development bank",
          "the observatory", "the federation", "the secretariat"]
EVENTS = ["a ministerial meeting", "the annual session", "a donor conference",
          "a technical workshop", "the governing board", "a regional forum",
          "a vaccination campaign", "a training course", "the summit",
          "a public consultation", "an expert group meeting", "the festival"]
TOPICS = ["food security", "clean water", "maternal health", "coastal erosion",
          "migration data", "school meals", "urban transport", "drought",
          "vaccine supply", "plastic pollution", "land rights", "heat waves"]
PEOPLE = ["the director", "a spokesperson", "the chair", "the minister",
          "a senior economist", "the country representative", "an adviser"]
VERBS_PAST = ["reviewed", "discussed", "adopted", "endorsed", "criticised",
              "welcomed", "postponed", "examined"]
NOUNS = ["a report", "the budget", "new guidelines", "the action plan",
         "a resolution", "the road map", "draft rules", "the findings"]
TZS = ["CET", "CEST", "GMT", "UTC", "EAT", "ICT"]


def day_month(r, month=None):
    m = month if month is not None else r.randrange(12)
    return r.randint(1, 28), m


def date_phrase(r, year):
    """One date in one of many written forms; returns text to put after a
    preposition-free slot, with its own preposition where needed."""
    y = year + r.choice((-1, 0, 0, 1))
    d, m = day_month(r)
    k = r.randrange(32)
    if k == 0:
        return f"on {d} {MONTHS[m]} {y}"
    if k == 1:
        return f"on {MONTHS[m]} {d}, {y}"
    if k == 2:
        return f"on {MON_ABBR[m]} {d}, {y}"
    if k == 3:
        return f"from {d} to {d + r.randint(1, 3)} {MONTHS[m]} {y}"
    if k == 4:
        return f"on {d}-{d + 1} {MONTHS[m]}"
    if k == 5:
        return f"on {d}, {d + 2} and {d + 5} {MONTHS[m]}"
    if k == 6:
        return f"in {MONTHS[m]} {y}"
    if k == 7:
        return f"in {r.choice(('early ', 'mid-', 'late '))}{y}"
    if k == 8:
        return f"in {r.choice(('early ', 'mid-', 'late '))}{MONTHS[m]}"
    if k == 9:
        return f"in the {r.choice(('first', 'second', 'third', 'fourth'))} quarter of {y}"
    if k == 10:
        return f"in Q{r.randint(1, 4)} {y}"
    if k == 11:
        return f"in {r.choice(('spring', 'summer', 'autumn', 'winter'))} {y}"
    if k == 12:
        return f"in the {r.choice(('first', 'second'))} half of {y}"
    if k == 13:
        return f"on {y}-{m + 1:02d}-{d:02d}"
    if k == 14:
        return f"on {r.choice(WEEKDAYS)}"
    if k == 15:
        return r.choice(("next week", "last month", "yesterday", "next month",
                         "last week", "tomorrow", "this year"))
    if k == 16:
        return f"at {r.randint(8, 18)}:{r.choice(('00', '30'))} {r.choice(TZS)} on {d} {MONTHS[m]} {y}"
    if k == 17:
        return f"between {d} and {d + 2} {MONTHS[m]}"
    if k == 18:
        return f"by the end of {y}"
    if k == 19:
        return f"on {d} {MONTHS[m]}"
    if k == 20:
        return f"from {MONTHS[m]} to {MONTHS[(m + r.randint(1, 4)) % 12]} {y}"
    if k == 21:
        return f"in the {r.choice(('1980s', '1990s', '2000s'))}"
    if k == 22:
        return f"in {y}"
    if k == 23:
        return f"from {d} {MONTHS[m]} to {d} {MONTHS[(m + 1) % 12]}"
    if k == 24:
        return f"on {r.choice(WEEKDAYS)}, {d} {MONTHS[m]} {y}"
    if k == 25:
        return f"on {d:02d}/{m + 1:02d}/{y}"
    if k == 26:
        return f"at {r.randint(1, 11)} {r.choice(('a.m.', 'p.m.'))} on {MONTHS[m]} {d}"
    if k == 27:
        return f"{r.choice(('two', 'three', 'five', 'ten'))} years ago"
    if k == 28:
        return r.choice(("earlier this year", "this morning", "today", "last Tuesday",
                         "next September", "the following week"))
    if k == 29:
        return f"in the {r.choice(('19th', '20th', '21st'))} century"
    if k == 30:
        return f"in the week of {d} {MONTHS[m]}"
    return f"at {y}-{m + 1:02d}-{d:02d}T{r.randint(0, 23):02d}:{r.choice(('00', '15', '45'))}Z"


def dated_sentence(r, year):
    when = date_phrase(r, year)
    k = r.randrange(6)
    city = r.choice(CITIES)
    d, m = day_month(r)
    if k == 0:
        s = f"{r.choice(EVENTS)} on {r.choice(TOPICS)} will be held in {city} {when}"
    elif k == 1:
        s = f"{r.choice(BODIES)} {r.choice(VERBS_PAST)} {r.choice(NOUNS)} on {r.choice(TOPICS)} {when}"
    elif k == 2:
        s = f"{r.choice(PEOPLE)} said that {r.choice(EVENTS)} planned for {city} would take place {when}"
    elif k == 3:
        s = f"{when}, {r.choice(BODIES)} will publish {r.choice(NOUNS)} on {r.choice(TOPICS)}"
    elif k == 4:
        s = f"registration for {r.choice(EVENTS)} closes {when}, according to {r.choice(BODIES)}"
    else:
        d2, m2 = day_month(r)
        s = (f"{r.choice(EVENTS)} in {city}, originally planned for {d} {MONTHS[m]} {year}, "
             f"has been moved to {d2} {MONTHS[m2]} {year}")
    return s[0].upper() + s[1:] + "."


def plain_sentence(r):
    k = r.randrange(6)
    if k == 0:
        s = (f"{r.choice(PEOPLE)} said that progress on {r.choice(TOPICS)} depended on "
             f"steady funding and on cooperation between neighbouring countries")
    elif k == 1:
        s = (f"{r.choice(BODIES)} estimates that {r.randint(2, 90)} per cent of households "
             f"in the affected districts lack reliable access to {r.choice(TOPICS)} services")
    elif k == 2:
        s = (f"\"We cannot solve {r.choice(TOPICS)} alone,\" {r.choice(PEOPLE)} told reporters "
             f"in {r.choice(CITIES)}, adding that local groups must lead the work")
    elif k == 3:
        s = (f"more than {r.randint(2, 900)},000 people have been affected, and "
             f"{r.choice(BODIES)} has asked donors for {r.randint(5, 400)} million dollars")
    elif k == 4:
        s = (f"observers noted that {r.choice(NOUNS)} on {r.choice(TOPICS)} had been drafted "
             f"with the help of community leaders, teachers and health workers from "
             f"{r.choice(CITIES)} and {r.choice(CITIES)}")
    else:
        s = (f"according to {r.choice(BODIES)}, the number of families who depend on "
             f"{r.choice(TOPICS)} programmes has grown steadily, while funding has not kept "
             f"pace with the needs reported by partners in the field")
    return s[0].upper() + s[1:] + "."


def article(r):
    year = r.randint(2018, 2028)
    d, m = day_month(r)
    city = r.choice(CITIES)
    head = f"{r.choice(BODIES).capitalize()} calls for action on {r.choice(TOPICS)}"
    paras = []
    for p in range(r.randint(3, 6)):
        sents = []
        for _ in range(r.randint(2, 5)):
            sents.append(dated_sentence(r, year) if r.random() < 0.22 else plain_sentence(r))
        paras.append(" ".join(sents))
    paras[0] = f"{city.upper()}, {d} {MONTHS[m]} {year} — " + paras[0]
    return head + "\n\n" + "\n\n".join(paras) + "\n\n\n"


def generate(out, mb, seed):
    """Writes at least mb MB (10^6 bytes) of articles to a binary stream."""
    r = random.Random(seed)
    want = int(mb * 1_000_000)
    written = 0
    while written < want:
        chunk = "".join(article(r) for _ in range(200)).encode("utf-8")
        out.write(chunk)
        written += len(chunk)
    return written


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    generate(sys.stdout.buffer, a.mb, a.seed)


if __name__ == "__main__":
    main()
