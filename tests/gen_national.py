#!/usr/bin/env python3
"""Writes a national-scale orgviz file for timeline tests and timing.

The shape follows English NHS commissioning (the names are made up):
about 200 Primary Care Trusts hand their functions to about 210 Clinical
Commissioning Groups on 1 April 2013 (transfers, 1 to n and n to 1); a few
CCGs split or are absorbed by a neighbour; CCGs merge between 2018 and 2021
(some twice); on 1 July 2022 the CCGs of each of 42 areas hand over to an
Integrated Care Board (merger or succession), and a sub-ICB location is set
up for some (part of its ICB); a few bodies are abolished. GP practices
(in no transition, members of their ICB) and NHS England complete the
file. The output is valid under `orgviz
validate` (with warnings for missing start dates) and depends only on the
seed.

usage: gen_national.py [--seed N] [--areas N] [-o FILE]
"""
import argparse
import json
import random
import sys

SYLLABLES = ["ash", "bar", "bury", "by", "caer", "cam", "chester", "dale", "don", "ford",
             "gate", "ham", "hurst", "ing", "ley", "lin", "mar", "mere", "minster",
             "moor", "ness", "over", "pen", "port", "ridge", "stow", "ton", "wick",
             "worth", "wood", "wyn", "ystrad"]
REGIONS = ["North", "South", "East", "West", "Mid", "Upper", "Lower", "Greater", "Central",
           "Coastal"]


def place(rng, used):
    while True:
        n = rng.choice([2, 2, 3])
        name = "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()
        if name not in used and len(name) <= 18:
            used.add(name)
            return name


def spread(total, parts, rng, low=1):
    """TOTAL split into PARTS positive counts (at least LOW), shuffled."""
    counts = [low] * parts
    for _ in range(total - low * parts):
        counts[rng.randrange(parts)] += 1
    return counts


def iso(y, m, d):
    return "%04d-%02d-%02d" % (y, m, d)


def day_before(date):
    y, m, d = (int(x) for x in date.split("-"))
    if d > 1:
        return iso(y, m, d - 1)
    if m == 1:
        return iso(y - 1, 12, 31)
    days = [31, 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28, 31, 30, 31, 30,
            31, 31, 30, 31, 30, 31]
    return iso(y, m - 1, days[m - 2])


def generate(seed, areas, pcts_total=200, ccgs_total=211):
    rng = random.Random(seed)
    used = set()
    orgs = []
    trans = []
    rels = []
    by_id = {}

    def org(oid, name, typ, start=None, end=None, **extra):
        o = {"id": oid, "name": name, "type": typ}
        if start:
            o["start"] = start
        if end:
            o["end"] = end
        o.update(extra)
        orgs.append(o)
        by_id[oid] = o
        return o

    def end_org(oid, date):
        by_id[oid]["end"] = day_before(date)

    def transition(kind, date, frm, to, label=None):
        t = {"id": "t%04d" % (len(trans) + 1), "type": kind, "date": date, "from": frm, "to": to}
        if label:
            t["label"] = label
        trans.append(t)

    org("nhs-england", "NHS England", "nhs-england", "2013-04-01")
    npct = spread(pcts_total, areas, rng)
    nccg = spread(ccgs_total, areas, rng)
    serial = {"pct": 0, "ccg": 0, "icb": 0}

    def next_id(kind, prefix):
        serial[kind] += 1
        return "%s%03d" % (prefix, serial[kind])

    for a in range(areas):
        region = "%s %s" % (rng.choice(REGIONS), place(rng, used))
        pcts = []
        for _ in range(npct[a]):
            pid = next_id("pct", "5")
            start = "2006-10-01" if rng.random() < 0.8 else None
            org(pid, "%s PCT" % place(rng, used), "pct", start, "2013-03-31",
                **({} if start else {"note": "Start date not known."}))
            pcts.append(pid)
        ccgs = []
        for _ in range(nccg[a]):
            name = place(rng, used)
            cid = next_id("ccg", "0")
            org(cid, "NHS %s CCG" % name, "ccg", "2013-04-01", short_name="%s CCG" % name)
            ccgs.append(cid)
        # 2013: each PCT hands its functions to a run of CCGs (1 to n), or
        # several PCTs to one CCG (n to 1) when there are more PCTs
        np_, nc = len(pcts), len(ccgs)
        if np_ <= nc:
            for i, p in enumerate(pcts):
                lo, hi = i * nc // np_, (i + 1) * nc // np_
                transition("transfer", "2013-04-01", [p], ccgs[lo:hi])
        else:
            for j, c in enumerate(ccgs):
                lo, hi = j * np_ // nc, (j + 1) * np_ // nc
                transition("transfer", "2013-04-01", pcts[lo:hi], [c])
        live = list(ccgs)
        # now and then a split (2015) or an absorption (2016)
        if rng.random() < 0.08 and live:
            src = live.pop(rng.randrange(len(live)))
            end_org(src, "2015-04-01")
            kids = []
            for _ in range(2):
                name = place(rng, used)
                kid = next_id("ccg", "0")
                org(kid, "NHS %s CCG" % name, "ccg", "2015-04-01", short_name="%s CCG" % name)
                kids.append(kid)
            transition("split", "2015-04-01", [src], kids)
            live += kids
        if rng.random() < 0.08 and len(live) >= 3:
            src = live.pop(rng.randrange(len(live)))
            dst = live[rng.randrange(len(live))]
            end_org(src, "2016-04-01")
            transition("absorption", "2016-04-01", [src], [dst],
                       "%s absorbed" % by_id[src]["name"])
        # 2018-2021: mergers, sometimes two rounds
        for year in (2018, 2019, 2020, 2021):
            if len(live) < 2 or rng.random() > 0.35:
                continue
            size = min(len(live), rng.choice([2, 2, 3, 4, 5]))
            first = rng.randrange(len(live) - size + 1)
            group = live[first:first + size]
            date = iso(year, 4, 1)
            name = place(rng, used)
            mid = next_id("ccg", "1")
            org(mid, "NHS %s CCG" % name, "ccg", date, short_name="%s CCG" % name)
            for c in group:
                end_org(c, date)
            transition("merger", date, group, [mid])
            live[first:first + size] = [mid]
        # 1 July 2022: the ICB
        qid = next_id("icb", "Q")
        org(qid, "NHS %s Integrated Care Board" % region, "icb", "2022-07-01",
            short_name="%s ICB" % region)
        for c in live:
            end_org(c, "2022-07-01")
        transition("merger" if len(live) > 1 else "succession", "2022-07-01", live, [qid])
        if rng.random() < 0.3:
            sid = qid + "-sub"
            org(sid, "NHS %s ICB sub-ICB location" % region, "sub-icb", "2022-07-01",
                short_name="%s sub-ICB" % region)
            transition("establishment", "2022-07-01", [], [sid])
            rels.append({"type": "part_of", "from": sid, "to": qid})
        # GP practices: numerous, in no transition
        for k in range(5):
            gp = "P%03d%02d" % (a, k)
            org(gp, "%s Surgery" % place(rng, used), "practice")
            rels.append({"type": "member_of", "from": gp, "to": qid})
    # a few bodies abolished without successor
    for k in range(3):
        name = place(rng, used)
        bid = "csu%d" % k
        org(bid, "%s Commissioning Support Unit" % name, "committee", "2013-04-01",
            "2016-03-31")
        transition("abolition", "2016-04-01", [bid], [])
    return {
        "orgviz": 1,
        "title": "NHS commissioning in England, 2006 onwards (generated, seed %d)" % seed,
        "types": {
            "pct": {"label": "Primary Care Trust", "colour": "#768692"},
            "ccg": {"label": "Clinical Commissioning Group", "colour": "#005EB8"},
            "icb": {"label": "Integrated Care Board", "colour": "#003087"},
            "sub-icb": {"label": "Sub-ICB location", "colour": "#0072CE"},
            "practice": {"label": "GP practice", "colour": "#41B6E6"},
            "committee": {"label": "Commissioning support unit", "colour": "#ED8B00"},
            "nhs-england": {"label": "National body", "colour": "#425563"},
        },
        "organisations": orgs,
        "relationships": rels,
        "transitions": trans,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--areas", type=int, default=42)
    ap.add_argument("-o", "--output", default="-")
    args = ap.parse_args()
    data = generate(args.seed, args.areas)
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
