#!/usr/bin/env python3
"""Builds data/england.json: all of England from the NHS practice mapping,
with the history of the Clinical Commissioning Groups (CCGs) added.

    tools/england_data.py [DATA_DIR] [-o data/england.json]

DATA_DIR (default ../shared/data) holds the NHS lookups:
  england-practices-pcn-icb-2024-01.csv  (or another month: --practices)
  ccg-2019-to-2021-mapping.csv           (each 2019 CCG -> its 2021 CCG)
  subicb-icb-region-2024-01.csv          (the sub-ICB locations and ICBs)

Steps:
 1. `orgviz import practices CSV --as-at DATE` gives region -> ICB ->
    sub-ICB location -> PCN -> practice (or --imported FILE, an import
    made before, for example a small stand-in when testing).
 2. The curated tables in data/sources/ (england-ccg-sources.csv,
    england-ccg-mergers.csv, ccg-names-2018-04.csv), read with the two
    lookups above, add: the 106 CCGs of 2021, ending on 30 June 2022; their
    handover to the ICB on 1 July 2022 (a succession where one CCG covered
    the ICB's area, a merger where several did); the dated mergers of the
    earlier CCGs into them; the CCG in place of the sub-ICB location in the
    hierarchy until 30 June 2022; and every source cited.
 3. The result is written atomically and checked with `orgviz validate`.

Only the Python 3 standard library is used. Every fact added cites a source
id of data/sources/england-ccg-sources.csv in its note and `sources`.
"""

import argparse
import csv
import datetime
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

CCG_END = "2022-06-30"
ICB_START = "2022-07-01"
PCN_START = "2019-07-01"
REGIONS_START = "2019-04-01"
HIERARCHY = ("part_of", "member_of", "accountable_to")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # not the locale's


# How firm each merger's date is (the `basis` column of england-ccg-mergers.csv),
# said plainly in the notes of the CCG formed and of the merger.
BASIS = {
    "stated": "How firm the merger's date is: a cited source states the day.",
    "approved": ("How firm the merger's date is: sources of the time report the merger "
                 "approved for that day or month; that it took effect on that day is inferred."),
    "planned+confirmed": ("How firm the merger's date is: one source gives the planned day, "
                          "another that the merger happened; that it happened on the planned day "
                          "is inferred."),
    "stated-month": ("How firm the merger's date is: a source gives the month only; the first "
                     "day, the usual date of CCG changes, is inferred."),
    "planned+wave": ("How firm the merger's date is: a local source gives the planned day, and "
                     "the April 2021 wave is reported as done; that this merger took effect on "
                     "that day is inferred."),
    "wave": ("How firm the merger's date is: no source gives the day; the first day of the "
             "month, the usual date of CCG changes, is inferred."),
}


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def day_before(date):
    d = datetime.date.fromisoformat(date) - datetime.timedelta(days=1)
    return d.isoformat()


def human(date):
    """2020-04-01 -> 1 April 2020, as the notes of the bundled datasets write dates."""
    d = datetime.date.fromisoformat(date)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def cite(obj, *ids):
    have = obj.setdefault("sources", [])
    for i in ids:
        if i not in have:
            have.append(i)


def join_names(names):
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


class Tables:
    """The curated tables and the two NHS lookups."""

    def __init__(self, data_dir, sources_dir):
        self.sources = read_csv(os.path.join(sources_dir, "england-ccg-sources.csv"))
        self.source_ids = {s["id"] for s in self.sources}
        self.mergers = read_csv(os.path.join(sources_dir, "england-ccg-mergers.csv"))
        self.formed_name = {}  # CCG code -> its name, for the CCGs the mergers form
        for m in self.mergers:  # the cells that hold lists of ids, split once
            m["from"] = sorted(m["from"].split(";"))
            m["sources"] = m["sources"].split(";")
            self.formed_name.setdefault(m["to"], m["to_name"])
        self.names_2018 = {r["ods"]: r for r in read_csv(os.path.join(sources_dir, "ccg-names-2018-04.csv"))}
        mapping = read_csv(os.path.join(data_dir, "ccg-2019-to-2021-mapping.csv"))
        self.ccg21 = {}     # 2021 CCG code -> its mapping row
        self.preds = {}     # 2021 CCG code -> sorted 2019 codes that became it
        for r in mapping:
            code = r["CCG21CDH"]
            if code == "Unknown":
                continue
            self.ccg21.setdefault(code, r)
            if r["CCG_UNMAPPED"] != code:
                self.preds.setdefault(code, []).append(r["CCG_UNMAPPED"])
        self.subicbs = read_csv(os.path.join(data_dir, "subicb-icb-region-2024-01.csv"))
        self.check()

    def check(self):
        """Stops with a message when the tables do not fit together."""
        problems = []
        for m in self.mergers:
            if m["date"] and m["basis"] not in BASIS:
                problems.append(f"england-ccg-mergers.csv: {m['to']}: basis {m['basis']!r} is not "
                                f"one of {', '.join(BASIS)}")
            for s in m["sources"]:
                if s not in self.source_ids:
                    problems.append(f"england-ccg-mergers.csv: {m['to']}: no source {s!r}")
            got = m["from"]
            want = sorted(self.preds.get(m["to"], []))
            if got != want:
                problems.append(f"england-ccg-mergers.csv: {m['to']}: predecessors {got} "
                                f"but the 2021 mapping has {want}")
        listed = {m["to"] for m in self.mergers}
        for code in self.preds:
            if code not in listed:
                problems.append(f"the 2021 mapping merges {sorted(self.preds[code])} into {code}, "
                                "which england-ccg-mergers.csv does not list (add a row, "
                                "with an empty date if no source dates it)")
        for r in self.subicbs:
            if r["SICBL_ODS"] not in self.ccg21:
                problems.append(f"sub-ICB location {r['SICBL_ODS']} has no CCG of 2021 "
                                "in the mapping")
        if problems:
            sys.exit("england_data: " + "\n  ".join(["the tables do not fit:"] + problems))

    def ccg_name(self, code):
        if code in self.formed_name:
            return self.formed_name[code]
        return self.names_2018[code]["name"]

    def names_of(self, codes):
        """The April 2018 names of the CCGs CODES."""
        return [self.names_2018[p]["name"] for p in codes]


def run_import(orgviz, practices, as_at, out):
    cmd = [orgviz, "import", "practices", practices, "--as-at", as_at, "-o", out]
    print("+ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def add_sources(doc, tables):
    for s in tables.sources:
        title = f"{s['publisher']}: {s['title']}"
        have = [x for x in doc["sources"] if x["id"] == s["id"]]
        if not have:
            doc["sources"].append({"id": s["id"], "title": title, "url": s["url"]})


def ccg_org(tables, code, start, end, note, sources):
    row = tables.ccg21.get(code)
    org = {"id": code, "name": tables.ccg_name(code), "type": "ccg", "codes": {"ods": code}}
    ons = row["CCG21CD"] if row else tables.names_2018[code]["ons"]
    if ons:
        org["codes"]["ons"] = ons
    if start:
        org["start"] = start
    org["end"] = end
    org["note"] = note
    cite(org, *sources)
    return org


def add_ccgs(doc, tables, orgs):
    """The CCGs, their dated mergers and their handover to the ICBs."""
    dated = {m["to"]: m for m in tables.mergers if m["date"]}
    undated = {m["to"]: m for m in tables.mergers if not m["date"]}
    new_orgs, transitions = [], []
    for code in sorted(tables.ccg21):
        m = dated.get(code)
        sub = f"{code}-subicb"
        handover = (f" It ended on {human(CCG_END)}, when the CCGs were closed and the Integrated Care "
                    f"Boards established (nhse-ccg-ics, nhse-icb-establishment); the code {code} "
                    f"passed to the sub-ICB location {sub} (nhsd-practice-mapping-2024-01), a "
                    "separate organisation here.")
        srcs = ["nhsd-ccg-mapping-2021", "nhse-ccg-ics", "nhse-icb-establishment",
                "nhsd-practice-mapping-2024-01"]
        if m:
            names = tables.names_of(m["from"])
            note = (f"Clinical Commissioning Group formed on {human(m['date'])} by the merger of "
                    f"{join_names(names)} ({', '.join(m['sources'])}). "
                    f"{m['note']} {BASIS[m['basis']]} Name from the sources of the merger; codes "
                    "from the 2019-2021 "
                    "CCG mapping (nhsd-ccg-mapping-2021)." + handover)
            srcs = m["sources"] + srcs
            start = m["date"]
        else:
            note = ("Clinical Commissioning Group in the ONS list of April 2018 "
                    "(ons-ccg-names-2018-04), name and codes from there, and one of the CCGs of "
                    "2021 (nhsd-ccg-mapping-2021). Its start is not recorded: most CCGs began on "
                    "1 April 2013 (nhse-ccg-ics), but some were formed by later mergers, and no "
                    "cited source dates this one.")
            if code in undated:
                u = undated[code]
                names = tables.names_of(u["from"])
                note = (f"Clinical Commissioning Group formed by the merger of {join_names(names)} "
                        f"(nhsd-ccg-mapping-2021): no source found dates that merger, so it is "
                        f"left out with its predecessors, and this CCG has no start. {u['note']}")
                srcs = u["sources"] + srcs
            else:
                srcs = ["ons-ccg-names-2018-04"] + srcs
            note += handover
            start = None
        if code == "02Q":
            note += (" The 2021 mapping puts it in the South Yorkshire and Bassetlaw STP (QF7) and "
                     "region Y63; the January 2024 lookup puts its sub-ICB location under the ICB "
                     "QT1 in region Y60, so it is shown handing over to QT1.")
        new_orgs.append(ccg_org(tables, code, start, CCG_END, note, srcs))
        if m:
            date = m["date"]
            for p in m["from"]:
                pnote = (f"Clinical Commissioning Group in the ONS list of April 2018 "
                         f"(ons-ccg-names-2018-04), name and codes from there. It ended on "
                         f"{human(day_before(date))}, the day before it merged into {tables.ccg_name(code)} "
                         f"({code}); the 2019-2021 CCG mapping (nhsd-ccg-mapping-2021) gives the "
                         f"group and {', '.join(m['sources'])} the date. "
                         f"{BASIS[m['basis']]} "
                         "Its start is not recorded: no cited source dates it.")
                new_orgs.append(ccg_org(tables, p, None, day_before(date), pnote,
                                        ["ons-ccg-names-2018-04", "nhsd-ccg-mapping-2021"]
                                        + m["sources"]))
            transitions.append({
                "id": f"t-{date}-{code}", "type": "merger", "date": date,
                "from": m["from"], "to": [code],
                "label": f"{len(m['from'])} CCGs merged into {tables.ccg_name(code)}",
                "note": (f"{m['note']} {BASIS[m['basis']]} Group from the 2019-2021 CCG mapping "
                         "(nhsd-ccg-mapping-2021)."),
                "sources": m["sources"] + ["nhsd-ccg-mapping-2021"]})
    by_icb = {}
    for r in tables.subicbs:
        by_icb.setdefault(r["ICB_ODS"], []).append(r["SICBL_ODS"])
    for icb in sorted(by_icb):
        ccgs = sorted(by_icb[icb])
        if icb not in orgs:
            continue
        one = len(ccgs) == 1
        transitions.append({
            "id": f"t-{ICB_START}-{icb}", "type": "succession" if one else "merger",
            "date": ICB_START, "from": ccgs, "to": [icb],
            "label": ("CCG handed over to the ICB" if one else f"{len(ccgs)} CCGs handed over to the ICB"),
            "note": ("NHS England established the 42 ICBs on 1 July 2022 and the CCGs were closed "
                     "(nhse-icb-establishment, nhse-ccg-ics). That this ICB took over from "
                     + ("this CCG" if one else "these CCGs") + " is read from the January 2024 "
                     "lookup, which lists " + ("its code" if one else "their codes") +
                     " as the ICB's sub-ICB locations (nhsd-practice-mapping-2024-01)."),
            "sources": ["nhse-icb-establishment", "nhse-ccg-ics", "nhsd-practice-mapping-2024-01"]})
    return new_orgs, transitions


def date_icbs_and_subicbs(doc):
    """ICBs and sub-ICB locations start on 1 July 2022; PCNs on 1 July 2019."""
    for o in doc["organisations"]:
        t = o.get("type")
        if t in ("icb", "sub-icb") and "start" not in o:
            o["start"] = ICB_START
            what = ("NHS England established the 42 ICBs on 1 July 2022 (nhse-icb-establishment)."
                    if t == "icb" else
                    "Dated from 1 July 2022, when the ICBs were established and the CCG whose code "
                    "it kept closed (nhse-icb-establishment, nhse-ccg-ics); no source dates the "
                    "sub-ICB location itself, so that day is an inference.")
            o["note"] = (o.get("note", "") + " " + what).strip()
            cite(o, "nhse-icb-establishment", "nhse-ccg-ics")
        elif t == "pcn" and "start" not in o:
            o["start"] = PCN_START
            o["note"] = (o.get("note", "") + " PCNs began across England on 1 July 2019 "
                         "(kingsfund-pcns-explained); this one is assumed to date from then, "
                         "under its January 2024 code and name.").strip()
            cite(o, "kingsfund-pcns-explained")


def add_hierarchy(doc, tables, orgs, ccg_orgs):
    """Until 30 June 2022 the CCG stands where its sub-ICB location stands
    later: what is under `<code>-subicb` is under `<code>`. From 1 April 2019
    (the seven regions of 2021) each CCG is accountable to the region of its
    2021 CCG in the mapping."""
    rels = []
    ccgs = set(tables.ccg21)
    for r in doc["relationships"]:
        to = r["to"]
        if r["type"] in HIERARCHY and to.endswith("-subicb") and to[:-7] in ccgs:
            child = orgs.get(r["from"], {})
            if child.get("start", "") > CCG_END:
                continue
            rels.append({"type": r["type"], "from": r["from"], "to": to[:-7]})
    successor = {p: m["to"] for m in tables.mergers if m["date"] for p in m["from"]}
    for o in ccg_orgs:
        region = tables.ccg21[successor.get(o["id"], o["id"])]["NHSER21CDH"]
        if region not in orgs or o["end"] < REGIONS_START:
            continue
        rel = {"type": "accountable_to", "from": o["id"], "to": region}
        if o.get("start", "") < REGIONS_START:
            rel["start"] = REGIONS_START
        rels.append(rel)
        o["note"] += (f" From {human(REGIONS_START)}, when NHS England's regions took the form they had "
                      "in 2021 (ons-ccg-population-estimates), it is shown accountable to the "
                      f"region {region} that the 2019-2021 CCG mapping gives "
                      + ("its successor; that it was in the same region is an inference."
                         if o["id"] in successor else "it."))
        cite(o, "ons-ccg-population-estimates")
    return rels


def add_nhs_england(doc):
    """NHS England at the top, so that the regions (its regional teams) form
    one tree with it, as in the bundled datasets."""
    doc["types"].setdefault("nhs-england", {"label": "National body", "colour": "#425563"})
    regions = [o["id"] for o in doc["organisations"] if o.get("type") == "region"]
    if not regions or any(o["id"] == "nhs-england" for o in doc["organisations"]):
        return
    doc["organisations"].insert(0, {
        "id": "nhs-england", "name": "NHS England", "type": "nhs-england",
        "url": "https://www.england.nhs.uk/",
        "note": ("National body. The practice mapping's regions are NHS England's regions "
                 "(ons-ccg-population-estimates speaks of the \"NHS England Region\"), shown as "
                 "part of it. Its start date is not given by any cited source. Website address "
                 "from its own pages (nhse-ccg-ics)."),
        "sources": ["ons-ccg-population-estimates", "nhse-ccg-ics"]})
    for r in regions:
        doc["relationships"].append({"type": "part_of", "from": r, "to": "nhs-england"})


def use_import_source_id(doc, objs, ours="nhsd-practice-mapping-2024-01"):
    """The import names its own source for the practice mapping (its id
    carries the --as-at date): cite that one instead of ours, and drop ours."""
    theirs = [s["id"] for s in doc["sources"]
              if s["id"].startswith("nhsd-practice-mapping") and s["id"] != ours]
    if not theirs:
        return
    doc["sources"] = [s for s in doc["sources"] if s["id"] != ours]
    for o in objs:
        if "note" in o:
            o["note"] = o["note"].replace(ours, theirs[0])
        if ours in o.get("sources", []):
            o["sources"] = [theirs[0] if s == ours else s for s in o["sources"]]
            o["sources"] = list(dict.fromkeys(o["sources"]))


def build(doc, tables):
    orgs = {o["id"]: o for o in doc["organisations"]}
    for code in tables.ccg21:
        if code in orgs:
            sys.exit(f"england_data: the import already has an organisation {code!r}; "
                     "the CCG history would clash with it")
    doc["title"] = ("NHS commissioning in England: the Integrated Care Boards, and the Clinical "
                    "Commissioning Groups before them")
    add_sources(doc, tables)
    doc["types"].setdefault("ccg", {"label": "Clinical Commissioning Group", "colour": "#005EB8"})
    add_nhs_england(doc)
    date_icbs_and_subicbs(doc)
    new_orgs, transitions = add_ccgs(doc, tables, orgs)
    doc["organisations"].extend(new_orgs)
    doc["relationships"].extend(add_hierarchy(doc, tables, orgs, new_orgs))
    doc.setdefault("transitions", []).extend(transitions)
    use_import_source_id(doc, doc["organisations"] + doc["transitions"])
    # The lookups give no opening day for a practice, nor for the CCGs of
    # 2013: those are left out (never invented), and the file says that the
    # validator's "no start date" warning is expected here.
    allow = {"allow": ["no-start"]}
    keys = list(doc)
    at = keys.index("title") + 1 if "title" in keys else 0
    return {**{k: doc[k] for k in keys[:at]}, **allow, **{k: doc[k] for k in keys[at:]}}


def write_atomic(path, text):
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".england-", dir=d)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("data_dir", nargs="?", default=os.path.join(ROOT, "..", "shared", "data"),
                   help="folder of the NHS lookups (default ../shared/data)")
    p.add_argument("-o", "--output", default=os.path.join(ROOT, "data", "england.json"))
    p.add_argument("--practices", default="england-practices-pcn-icb-2024-01.csv",
                   help="the practice mapping, in DATA_DIR")
    p.add_argument("--as-at", default="2024-01-01", help="the mapping's snapshot date")
    p.add_argument("--orgviz", default=os.path.join(ROOT, "build", "orgviz"))
    p.add_argument("--sources-dir", default=os.path.join(ROOT, "data", "sources"))
    p.add_argument("--imported", help="use this import instead of running orgviz import practices")
    a = p.parse_args()

    tables = Tables(a.data_dir, a.sources_dir)
    if a.imported:
        src = a.imported
    else:
        fd, src = tempfile.mkstemp(suffix=".json")
        os.close(fd)
        run_import(a.orgviz, os.path.join(a.data_dir, a.practices), a.as_at, src)
    with open(src, encoding="utf-8") as f:
        doc = json.load(f)
    if not a.imported:
        os.unlink(src)
    doc = build(doc, tables)
    write_atomic(a.output, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {a.output}", flush=True)
    r = subprocess.run([a.orgviz, "validate", "--quiet", a.output])
    return r.returncode


if __name__ == "__main__":
    sys.exit(main())
