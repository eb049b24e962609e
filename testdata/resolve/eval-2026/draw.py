#!/usr/bin/env python3
"""Draw the issue-13 evaluation sample from the OLD resolver's name links.

Reads the same_as table of a SQLite store made by the old ownex (commit
730f594) after `ingest ofac-csv`, `ingest un` and `resolve` (see README.md),
and writes, into --out:

  old-links.csv     every name link of the old resolver (a, b, score, names),
                    sorted by (a, b)
  sample.csv        320 of them drawn with random.Random(20261206), in draw
                    order, numbered n = 1..320, with a stratum (same-list /
                    cross-list) and EMPTY judgement and reason columns
  sample-facts.txt  the facts of both records of every sampled pair, as
                    printed by `ownex show <id> --format json` of the old
                    binary, plus the raw remarks column of the OFAC SDN CSV

The script prints the link counts. It changes nothing in the store.
"""

import argparse
import csv
import json
import os
import random
import sqlite3
import subprocess
import sys
from collections import Counter

SEED = 20261206
SAMPLE_SIZE = 320


def read_links(db):
    """All same_as rows of the store as (method, a, b, score, record)."""
    con = sqlite3.connect("file:" + db + "?mode=ro", uri=True)
    try:
        return list(con.execute("SELECT method, a, b, score, record FROM same_as"))
    finally:
        con.close()


def stratum(a, b):
    """same-list when both ids have the same source prefix (ofac:, un:)."""
    return "same-list" if a.split(":", 1)[0] == b.split(":", 1)[0] else "cross-list"


def draw(rows_sorted, seed=SEED, size=SAMPLE_SIZE):
    """The sample: exactly the code quoted in README.md."""
    return random.Random(seed).sample(rows_sorted, size)


def read_sdn_remarks(sdn_dir):
    """ent_num -> raw remarks of sdn.csv, continued by sdn_comments.csv
    (the ofac ingester's rule: plain concatenation, orphans dropped)."""
    remarks = {}
    with open(os.path.join(sdn_dir, "sdn.csv"), encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            if len(row) != 12:
                raise ValueError("sdn.csv: row %r has %d fields, want 12" % (row[:1], len(row)))
            text = row[11].strip()
            remarks[row[0].strip()] = "" if text == "-0-" else text
    path = os.path.join(sdn_dir, "sdn_comments.csv")
    if os.path.exists(path):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                if len(row) < 2 or not row[0].strip():
                    continue
                key = row[0].strip()
                if key in remarks:  # an orphan (newer comments file) is dropped, as ownex does
                    remarks[key] += row[1]  # continues mid-token: plain concatenation
    return remarks


def show(ownex, db, entity_id):
    """`ownex show <id> --format json` of the old binary, parsed."""
    out = subprocess.run(
        [ownex, "--db", db, "show", entity_id, "--format", "json"],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out)


def address_text(a):
    parts = [a.get(k, "") for k in ("text", "street", "city", "region", "postal", "country")]
    extra = ["%s=%s" % (k, v) for k, v in a.items()
             if k not in ("text", "street", "city", "region", "postal", "country")]
    return ", ".join(p for p in parts + extra if p)


KNOWN_ENTITY_KEYS = {"id", "kind", "name", "aliases", "weak_aliases", "identifiers",
                     "countries", "addresses", "facts", "source", "record"}


def format_record(label, detail, sdn_remarks):
    """The facts of one record as indented text lines."""
    e = detail["entity"]
    lines = ["[%s] %s   kind: %s   (source %s, record %s)" % (
        label, e["id"], e["kind"], e.get("source", ""), e.get("record", ""))]
    lines.append("    name:        " + e["name"])
    aliases = [("", x) for x in e.get("aliases") or []] + \
              [("[weak] ", x) for x in e.get("weak_aliases") or []]
    if aliases:
        lines.append("    aliases:")
        lines += ["      - %s%s" % (mark, x) for mark, x in aliases]
    else:
        lines.append("    aliases:     (none)")
    lines.append("    countries:   " + ("; ".join(e.get("countries") or []) or "(none)"))
    ids = e.get("identifiers") or []
    if ids:
        lines.append("    identifiers:")
        lines += ["      - %s: %s%s" % (i["scheme"], i["value"],
                                        " (%s)" % i["country"] if i.get("country") else "")
                  for i in ids]
    else:
        lines.append("    identifiers: (none)")
    facts = e.get("facts") or []
    if facts:
        lines.append("    facts:")
        lines += ["      - %s: %s" % (f["type"], f["value"]) for f in facts]
    else:
        lines.append("    facts:       (none)")
    addrs = e.get("addresses") or []
    if addrs:
        lines.append("    addresses:")
        lines += ["      - " + address_text(a) for a in addrs]
    else:
        lines.append("    addresses:   (none)")
    for k in sorted(set(e) - KNOWN_ENTITY_KEYS):
        lines.append("    %s: %s" % (k, json.dumps(e[k], ensure_ascii=False)))
    des = detail.get("designations") or []
    lines.append("    designations:" + ("" if des else " (none)"))
    for d in des:
        lines.append("      - %s %s%s%s" % (
            d.get("regime", ""), d.get("program", ""),
            ", listed " + d["listed"] if d.get("listed") else "",
            ", delisted " + d["delisted"] if d.get("delisted") else ""))
    for key, word in (("links_out", "linked to"), ("links_in", "linked from")):
        for l in detail.get(key) or []:
            other = l["to"] if key == "links_out" else l["from"]
            name = l.get("to_name", "") if key == "links_out" else \
                (detail.get("names") or {}).get(other, "")
            lines.append("    %s (%s): %s%s" % (word, l.get("type", ""), name,
                                                " (%s)" % other if other else ""))
    for key in ("holdings_in", "holdings_out", "controls_in", "controls_out"):
        if detail.get(key):
            lines.append("    %s: %s" % (key, json.dumps(detail[key], ensure_ascii=False)))
    if e["id"].startswith("ofac:"):
        raw = sdn_remarks.get(e.get("record", ""))
        if raw is None:
            raise ValueError("%s: record not in sdn.csv" % e["id"])
        lines.append("    SDN remarks (raw sdn.csv): " + (raw or "(none)"))
    return lines


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True, help="store made by the old ownex")
    p.add_argument("--ownex", required=True, help="the old ownex binary (commit 730f594)")
    p.add_argument("--sdn-dir", required=True, help="directory of sdn.csv (raw remarks)")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--seed", type=int, default=SEED, help="seed of the draw")
    p.add_argument("--size", type=int, default=SAMPLE_SIZE, help="pairs to draw")
    p.add_argument("--exclude", help="a sample.csv whose pairs are left out of the population "
                   "(the held-out sample: held-out/README.md)")
    args = p.parse_args()

    links = read_links(args.db)
    by_method = Counter(m for m, *_ in links)
    rows = [(a, b, score, record) for m, a, b, score, record in links if m == "name"]
    rows_sorted = sorted(rows, key=lambda r: (r[0], r[1]))
    if args.exclude:
        with open(args.exclude, encoding="utf-8", newline="") as f:
            drawn = {(r["a"], r["b"]) for r in csv.DictReader(f)}
        rows_sorted = [r for r in rows_sorted if (r[0], r[1]) not in drawn]
    sample = draw(rows_sorted, args.seed, args.size)

    print("links by method:", dict(sorted(by_method.items())))
    print("name links:", len(rows_sorted),
          dict(Counter(stratum(r[0], r[1]) for r in rows_sorted)))
    print("sample:", len(sample), dict(Counter(stratum(r[0], r[1]) for r in sample)))

    with open(os.path.join(args.out, "old-links.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["a", "b", "score", "names"])
        for a, b, score, names in rows_sorted:
            w.writerow([a, b, repr(score), names])

    with open(os.path.join(args.out, "sample.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["n", "a", "b", "score", "names", "stratum", "judgement", "reason"])
        for n, (a, b, score, names) in enumerate(sample, 1):
            w.writerow([n, a, b, repr(score), names, stratum(a, b), "", ""])

    sdn_remarks = read_sdn_remarks(args.sdn_dir)
    cache = {}
    bar = "=" * 100
    with open(os.path.join(args.out, "sample-facts.txt"), "w", encoding="utf-8") as f:
        f.write("Facts of the %d sampled old name links (see README.md). One block per pair,\n"
                "headed '### PAIR n/%d'; n is the row n of sample.csv. [A] and [B] are the\n"
                "two records; '[weak]' marks a weak (low-quality) alias.\n"
                % (len(sample), len(sample)))
        for n, (a, b, score, names) in enumerate(sample, 1):
            f.write("\n%s\n### PAIR %d/%d   score %s   %s\n    old link names: %s\n%s\n" % (
                bar, n, len(sample), repr(score), stratum(a, b), names, "-" * 100))
            for label, eid in (("A", a), ("B", b)):
                if eid not in cache:
                    cache[eid] = show(args.ownex, args.db, eid)
                if cache[eid]["entity"]["id"] != eid:
                    raise ValueError("show %s returned %s" % (eid, cache[eid]["entity"]["id"]))
                f.write("\n".join(format_record(label, cache[eid], sdn_remarks)) + "\n")
                if label == "A":
                    f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
