#!/usr/bin/env python3
"""Writes a large, valid orgviz file for benchmarks: N organisations in a
four-level tree (regions, boards, networks, practices), one member_of
relationship each, and mergers among the boards. Deterministic.

usage: gen_large.py N > file.json
"""
import json
import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    orgs, rels, trans = [], [], []
    regions = max(1, n // 10000)
    boards_per_region = 10
    nets_per_board = 20
    for r in range(regions):
        orgs.append({"id": f"R{r}", "name": f"Region {r}", "type": "region", "start": "2013-04-01"})
    b = 0
    while len(orgs) < n:
        r = b % regions
        bid = f"B{b}"
        orgs.append({"id": bid, "name": f"Board {b}", "type": "board", "start": "2013-04-01",
                     "end": "2020-03-31" if b % 4 < 2 else None,
                     "codes": {"ods": f"{b:05d}"}, "facts": {"population": 250000 + b}})
        if orgs[-1]["end"] is None:
            del orgs[-1]["end"]
        rels.append({"type": "accountable_to", "from": bid, "to": f"R{r}"})
        for k in range(nets_per_board):
            nid = f"N{b}.{k}"
            orgs.append({"id": nid, "name": f"Network {b}.{k}", "type": "network",
                         "start": "2019-07-01"})
            rels.append({"type": "part_of", "from": nid, "to": bid,
                         **({"end": "2020-03-31"} if b % 4 < 2 else {})})
            for p in range(max(0, min(2, (n - len(orgs)) // (nets_per_board * 2)))):
                pid = f"P{b}.{k}.{p}"
                orgs.append({"id": pid, "name": f"Practice {b}.{k}.{p}", "type": "practice",
                             "start": "2000-01-01", "url": f"https://example.org/{pid}"})
                rels.append({"type": "member_of", "from": pid, "to": nid})
            if len(orgs) >= n:
                break
        if b % 4 == 1:
            mid = f"M{b}"
            orgs.append({"id": mid, "name": f"Merged board {b}", "type": "board",
                         "start": "2020-04-01"})
            trans.append({"type": "merger", "date": "2020-04-01",
                          "from": [f"B{b - 1}", bid], "to": [mid]})
        b += 1
    doc = {
        "orgviz": 1,
        "title": f"Synthetic benchmark data ({len(orgs)} organisations)",
        "types": {"region": {"label": "Region"}, "board": {"label": "Board"},
                  "network": {"label": "Network"}, "practice": {"label": "Practice"}},
        "organisations": orgs,
        "relationships": rels,
        "transitions": trans,
    }
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
