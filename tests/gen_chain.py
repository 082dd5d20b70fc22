#!/usr/bin/env python3
"""Writes a valid orgviz file N organisations deep, for the tests that
every walk over the data is iterative or capped:

  gen_chain.py N > file.json                one part_of chain: U1 part_of U0,
                                            U2 part_of U1, ...
  gen_chain.py N --successions > file.json  one lineage: U0 succeeded by U1
                                            the next day, U1 by U2, ...

Deterministic; a 150,000-deep chain is about 20 MB, so the tests make it
when they run instead of committing it.
"""
import datetime
import json
import sys


def day(i):
    return (datetime.date(1700, 1, 1) + datetime.timedelta(days=i)).isoformat()


def main():
    n = int(sys.argv[1])
    successions = "--successions" in sys.argv[2:]
    out = sys.stdout
    out.write('{"orgviz": 1, "title": "A chain %d deep",\n' % n)
    out.write('"types": {"unit": {"label": "Unit"}},\n"organisations": [\n')
    for i in range(n):
        org = {"id": f"U{i}", "name": f"Unit {i}", "type": "unit"}
        if successions:
            org["start"] = day(i)
            if i + 1 < n:
                org["end"] = day(i)
        else:
            org["start"] = "2000-01-01"
        out.write(json.dumps(org) + (",\n" if i + 1 < n else "\n"))
    if successions:
        out.write('],\n"transitions": [\n')
        for i in range(1, n):
            tr = {"type": "succession", "date": day(i), "from": [f"U{i - 1}"], "to": [f"U{i}"]}
            out.write(json.dumps(tr) + (",\n" if i + 1 < n else "\n"))
    else:
        out.write('],\n"relationships": [\n')
        for i in range(1, n):
            rel = {"type": "part_of", "from": f"U{i}", "to": f"U{i - 1}"}
            out.write(json.dumps(rel) + (",\n" if i + 1 < n else "\n"))
    out.write("]}\n")


if __name__ == "__main__":
    main()
