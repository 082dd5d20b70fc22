#!/usr/bin/env python3
"""orgviz import ods: the real ODS records (tests/import/data/ods/, see its
README) give the transitions the NHS recorded, and the output validates;
the shapes real responses take (a list written as one object, reference-only
records, codes not in the input, an Active record with a successor) and
mistakes give the exact messages."""
import glob
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from imptest import ROOT, check, finish, run  # noqa: E402

DATA = os.path.join(ROOT, "tests", "import", "data", "ods")
ALL = sorted(glob.glob(os.path.join(DATA, "*.json")))


def record(code):
    with open(os.path.join(DATA, code + ".json"), encoding="utf-8") as f:
        return json.load(f)


def write(folder, name, doc):
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    return path


def validates(text):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        f.write(text)
    code, _, err = run("validate", "--quiet", f.name)
    os.unlink(f.name)
    return code == 0 and err == ""


def transitions(doc):
    return [(t["date"], t["type"], t["from"], t["to"]) for t in doc["transitions"]]


def orgs(doc):
    return {o["id"]: o for o in doc["organisations"]}


# ---- the 13 real records -----------------------------------------------------
code, out, err = run("import", "ods", *ALL)
check(code == 0, f"real records: exit {code}: {err}")
doc = json.loads(out)
check(validates(out), "real records: the output does not validate")
check(transitions(doc) == [
    ("1994-04-01", "succession", ["FBL"], ["RNK"]),
    ("2001-04-01", "merger", ["RCZ", "RHC", "RP2"], ["RRP"]),
    ("2002-04-01", "succession", ["RRQ"], ["TAF"]),
    # RA9 has existed since 1991 (its ODS record): R1G joins it
    ("2015-10-01", "absorption", ["R1G"], ["RA9"]),
    ("2024-11-01", "merger", ["RRP", "TAF"], ["G6V2S"]),
    ("2026-04-01", "absorption", ["RNK"], ["G6V2S"]),
], f"real records: transitions {transitions(doc)}")
o = orgs(doc)
check(len(o) == 13, f"real records: {len(o)} organisations")
# Legal dates before Operational ones
check((o["R1G"]["start"], o["R1G"]["end"]) == ("2012-04-01", "2015-09-30"), f"R1G {o['R1G']}")
check(o["G6V2S"]["start"] == "2024-11-01" and "end" not in o["G6V2S"], f"G6V2S {o['G6V2S']}")
check(o["RA9"]["start"] == "1991-04-01", "RA9 start (Operational only)")
# Active in ODS, but ended (Legal end) before the merger
check(o["RRP"]["end"] == "2024-10-31" and o["TAF"]["end"] == "2024-10-31", "RRP/TAF end")
check(o["RRP"]["name"] == "Barnet, Enfield and Haringey Mental Health NHS Trust", o["RRP"]["name"])
check(o["FBL"]["name"] == "Tavistock & Portman Clinics", o["FBL"]["name"])
check(o["RRP"]["type"] == "trust" and o["TAF"]["type"] == "trust", "RO197/RO107 -> trust")
check(o["FBL"]["type"] == "dmu", "RO111 -> dmu")
check(doc["types"]["trust"] == {"label": "NHS trust", "colour": "#006747"}, doc["types"])
check(o["RRP"]["codes"] == {"ods": "RRP"} and o["RRP"]["facts"] == {"postcode": "N15 3TH"},
      f"RRP codes/facts {o['RRP']}")
check(o["RRP"]["url"] == "http://www.beh-mht.nhs.uk/", o["RRP"].get("url"))
check(o["RHC"]["note"] == "ODS holds a reference-only record for it.", o["RHC"].get("note"))
check(doc["relationships"] == [], "relationships with targets not in the input are left out")
merger = doc["transitions"][4]
check(merger["note"] == "From the ODS successor records of RRP, TAF and G6V2S.", merger["note"])
check(f"{DATA}/G6V2S.json: /Organisation/Rels/Rel/0: warning: QMJ is not in the input: "
      "8 relationships with it left out (--stubs keeps it) (organisation \"G6V2S\")" in err,
      f"QMJ warning: {err}")
check(f"{DATA}/RWR.json: /Organisation/Succs/Succ/0: warning: predecessor RQJ is not in the "
      "input: the change on 2001-04-01 is left out (--stubs keeps it) (organisation \"RWR\")"
      in err, "RQJ warning")
# the order of the files does not matter
code2, out2, _ = run("import", "ods", *reversed(ALL))
check(code2 == 0 and out2 == out, "the output depends on the order of the files")

# ---- --stubs -----------------------------------------------------------------------
code, out, err = run("import", "ods", *ALL, "--stubs")
check(code == 0 and validates(out), f"--stubs: exit {code} or invalid: {err}")
doc = json.loads(out)
o = orgs(doc)
check(len(o) == 39, f"--stubs: {len(o)} organisations")
check(o["QM7"]["name"] == "QM7" and o["QM7"]["type"] == "icb", f"stub QM7 {o['QM7']}")
check(o["RQJ"]["end"] == "2001-03-31" and "an inference" in o["RQJ"]["note"], o["RQJ"])
check(("2001-04-01", "merger", ["RC8", "RQJ"], ["RWR"]) in transitions(doc), "RWR merger")
rels = {(r["type"], r["from"], r["to"], r.get("start"), r.get("end"))
        for r in doc["relationships"]}
check(("part_of", "RWR", "QM7", "2020-04-01", None) in rels, "RWR part_of QM7")
# RWR's RE5 parent before: Legal dates when given
check(("part_of", "RWR", "Q58", "2013-04-01", "2015-03-31") in rels, "RWR part_of Q58")
check(("member_of", "RA9", "QJK", "2023-07-01", None) in rels, "RE8 -> member_of")
# R1G's Q80 link is cut at R1G's Legal end; its Q85 link lies after it
check(("part_of", "R1G", "Q80", "2015-04-01", "2015-09-30") in rels, "R1G Q80 clipped")
check(not any(r[1] == "R1G" and r[2] == "Q85" for r in rels), "R1G Q85 kept")

# ---- shapes built from the real records ---------------------------------------------
with tempfile.TemporaryDirectory() as tmp:
    # lists of one written as the object itself
    ra9 = record("RA9")
    org = ra9["Organisation"]
    org["Date"] = org["Date"][0]
    org["Roles"]["Role"] = org["Roles"]["Role"][0]
    org["Rels"]["Rel"] = org["Rels"]["Rel"][8]
    org["Succs"]["Succ"] = org["Succs"]["Succ"][0]
    p_ra9 = write(tmp, "RA9.json", ra9)
    code, out, err = run("import", "ods", p_ra9, os.path.join(DATA, "R1G.json"), "--stubs")
    check(code == 0 and validates(out), f"one-object lists: {code} {err}")
    doc = json.loads(out)
    check(transitions(doc) == [("2015-10-01", "absorption", ["R1G"], ["RA9"])],
          f"one-object lists: {transitions(doc)}")
    check(orgs(doc)["RA9"]["start"] == "1991-04-01" and orgs(doc)["RA9"]["type"] == "trust",
          "one-object lists: RA9")
    check(("part_of", "RA9", "QJK") in {(r["type"], r["from"], r["to"])
                                         for r in doc["relationships"]}, "one-object Rel")

    # Active, with a successor and no end date at all
    r1g = record("R1G")
    org = r1g["Organisation"]
    org["Status"] = "Active"
    for d in org["Date"]:
        d.pop("End", None)
    p_r1g = write(tmp, "R1G.json", r1g)
    code, out, err = run("import", "ods", p_r1g, os.path.join(DATA, "RA9.json"))
    check(code == 0 and validates(out), f"Active with successor: {code} {err}")
    # (a line of its own: diagnostics are sorted by file name, and where the
    # two files sort depends on the folders the test runs in)
    check(f"{p_r1g}: /Organisation/Date: warning: no end date and the status is "
          "Active, but its successor RA9 takes over on 2015-10-01: ended on "
          "2015-09-30 (organisation \"R1G\")" in err.splitlines(), f"Active warning: {err}")
    r = orgs(json.loads(out))["R1G"]
    check(r["end"] == "2015-09-30" and r["note"] == (
        "ODS gives no end date, but records its successor RA9 from 2015-10-01: its end is the "
        "day before (an inference)."), f"Active: {r}")

    # the successor is not in the input: left out, or a stub with --stubs
    code, out, err = run("import", "ods", os.path.join(DATA, "R1G.json"))
    check(code == 0 and json.loads(out)["transitions"] == [], "R1G alone: a transition")
    check(f"{DATA}/R1G.json: /Organisation/Succs/Succ/0: warning: successor RA9 is not in the "
          "input: the change on 2015-10-01 is left out (--stubs keeps it) (organisation "
          "\"R1G\")" in err, f"R1G alone: {err}")
    code, out, err = run("import", "ods", "--stubs", os.path.join(DATA, "R1G.json"))
    check(code == 0 and validates(out), f"R1G --stubs: {code} {err}")
    doc = json.loads(out)
    check(transitions(doc) == [("2015-10-01", "succession", ["R1G"], ["RA9"])], "R1G --stubs")
    check(orgs(doc)["RA9"]["start"] == "2015-10-01", "stub successor start")

    # a successor that ODS says started after the change; a successor link to itself
    g6 = record("G6V2S")
    for d in g6["Organisation"]["Date"]:
        d["Start"] = "2025-01-01"
    g6["Organisation"]["Succs"]["Succ"][2]["Target"]["OrgId"]["extension"] = "G6V2S"
    p_g6 = write(tmp, "G6V2S.json", g6)
    code, out, err = run("import", "ods", p_g6, os.path.join(DATA, "RRP.json"),
                         os.path.join(DATA, "TAF.json"))
    check(code == 0 and validates(out), f"late successor: {code} {err}")
    check(json.loads(out)["transitions"] == [], "late successor: a transition")
    for pred in ("RRP", "TAF"):
        check(f"{p_g6}: /Organisation/Date: warning: starts on 2025-01-01, after the change "
              f"from {pred} on 2024-11-01 that ODS records: the change is left out "
              "(organisation \"G6V2S\")" in err, f"late successor {pred}: {err}")
    check(f"{p_g6}: /Organisation/Succs/Succ/2: warning: a Predecessor that is the "
          "organisation itself: left out (organisation \"G6V2S\")" in err, "self link")

    # a role and a relationship in neither table
    rwr = record("RWR")
    rwr["Organisation"]["Roles"]["Role"][0]["id"] = "RO999"
    rwr["Organisation"]["Rels"]["Rel"][0]["id"] = "RE77"
    p_rwr = write(tmp, "RWR.json", rwr)
    code, out, err = run("import", "ods", p_rwr)
    check(code == 0 and validates(out), f"unknown role: {code} {err}")
    check(f"{p_rwr}: /Organisation/Roles/Role/0: warning: role RO999 is not in the role table: "
          "type \"ods-ro999\" used for 1 organisation (map it with --types) (organisation "
          "\"RWR\")" in err, f"role warning: {err}")
    check(f"{p_rwr}: /Organisation/Rels/Rel/0: warning: relationship RE77 is not in the "
          "relationship table: left out (map it with --types) (organisation \"RWR\")" in err,
          "RE77 warning")
    check(json.loads(out)["types"]["ods-ro999"]["label"] == "ODS role RO999", "RO999 label")

    # --types overrides the tables
    types = write(tmp, "types.json", {
        "roles": {"RO197": "provider"},
        "relationships": {"RE5": None},
        "types": {"provider": {"label": "Provider", "colour": "#123456"}}})
    code, out, err = run("import", "ods", os.path.join(DATA, "RWR.json"), "--stubs",
                         "--types", types)
    check(code == 0 and validates(out), f"--types: {code} {err}")
    doc = json.loads(out)
    check(orgs(doc)["RWR"]["type"] == "provider" and doc["types"]["provider"] == {
        "label": "Provider", "colour": "#123456"}, "--types roles")
    check(doc["relationships"] == [], "--types: RE5 null leaves the links out")
    bad = write(tmp, "bad-types.json", {"relationships": {"RE5": "parent"}})
    code, out, err = run("import", "ods", os.path.join(DATA, "RWR.json"), "--types", bad)
    check(code == 1 and out == "" and err == (
        f"{bad}: /relationships/RE5: error: not a relationship type: use part_of, member_of, "
        "accountable_to, commissions, partner_of, delegates_to, or null to leave RE5 out\n"),
        f"bad --types: {code} {err}")

    # not an ODS record; the same record twice; JSON syntax
    other = write(tmp, "other.json", {"orgviz": 1})
    code, out, err = run("import", "ods", other)
    check(code == 1 and out == "" and err == (
        f"{other}: error: not an ODS ORD organisation record: no \"Organisation\" object\n"),
        f"not ODS: {code} {err}")
    twice = write(tmp, "again.json", record("RP2"))
    code, out, err = run("import", "ods", os.path.join(DATA, "RP2.json"), twice)
    check(code == 0 and err == (
        f"{twice}: /Organisation/OrgId/extension: warning: RP2 is also in {DATA}/RP2.json: "
        "this record is left out (organisation \"RP2\")\n"), f"twice: {err}")
    broken = os.path.join(tmp, "broken.json")
    with open(broken, "w") as f:
        f.write('{"Organisation": {"Name": "X",}}\n')
    code, out, err = run("import", "ods", broken)
    check(code == 1 and err.startswith(f"{broken}:1:"), f"syntax: {code} {err}")

    # written atomically to -o
    dest = os.path.join(tmp, "out.json")
    code, out, err = run("import", "ods", "-o", dest, *ALL)
    check(code == 0 and out == "" and os.path.exists(dest), f"-o: {code}")

# ---- the command line ------------------------------------------------------------------
code, out, err = run("import", "ods")
check(code == 2 and "try 'orgviz --help'" in err, f"no files: {code}")
code, out, err = run("import", "ods", "/nonexistent/X.json")
check(code == 3 and "cannot open" in err, f"unreadable: {code}")
code, out, err = run("import", "frob")
check(code == 2 and "unknown kind 'frob'" in err, f"unknown kind: {code} {err}")
code, out, err = run("import", "ods", "--help")
check(code == 0 and out.startswith("usage: orgviz import ods"), "help")

finish()
