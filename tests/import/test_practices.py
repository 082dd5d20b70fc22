#!/usr/bin/env python3
"""orgviz import practices: the NHS GP practice mapping lookup -> an orgviz
document, filters, messages, and merging a later snapshot (--into).

Data: tests/import/data (extracts of NHS Digital's January 2024 lookup; see
the README there). Every expected value below was checked by hand against
the CSV files."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ORGVIZ = os.path.abspath(os.environ["ORGVIZ"])
ROOT = os.environ["SOURCE_ROOT"]
DATA = os.path.join(ROOT, "tests", "import", "data")
WE = os.path.join(DATA, "we-2024-01.csv")
WE2 = os.path.join(DATA, "we-2024-04-edited.csv")
ENG = os.path.join(DATA, "england-extract-2024-01.csv")
HW = os.path.join(DATA, "hw-shuffled-2024-01.csv")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checklib import check, finish  # noqa: E402
tmp = tempfile.mkdtemp(prefix="orgviz-import-")


def run(*args, env=None):
    p = subprocess.run([ORGVIZ, *args], capture_output=True, timeout=120, env=env)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def imported(*args):
    """Runs import practices with ARGS to a file; returns the document."""
    out = os.path.join(tmp, "out.json")
    code, _, err = run("import", "practices", *args, "-o", out)
    check(code == 0, f"import {args}: exit {code}: {err}")
    return load(out) if code == 0 else None


def orgs(doc):
    return {o["id"]: o for o in doc["organisations"]}


def links(doc):
    return {(r["type"], r["from"], r["to"]) for r in doc["relationships"]}


def validates(path, what):
    code, _, err = run("validate", "--quiet", path)
    check(code == 0 and "error" not in err, f"{what}: does not validate: {err[:300]}")


# --- a sub-ICB location, unquoted, ONS columns, no coordinates (west Essex)
doc = imported(WE, "--as-at", "2024-01-01")
o = orgs(doc)
types = [x["type"] for x in doc["organisations"]]
check(types.count("region") == 1 and types.count("icb") == 1 and types.count("sub-icb") == 1,
      f"west Essex: levels {types[:4]}")
check(types.count("pcn") == 6 and types.count("practice") == 31, "west Essex: 6 PCNs, 31 practices")
check(o["Y61"]["name"] == "East of England", o.get("Y61"))
check(o["QM7"]["codes"] == {"ods": "QM7", "ons": "E54000025"}, o["QM7"].get("codes"))
check(o["07H-subicb"]["name"] == "NHS Hertfordshire and West Essex ICB - 07H", o["07H-subicb"])
check(o["07H-subicb"]["codes"] == {"ods": "07H", "ons": "E38000197"}, "07H codes")
check(o["U01096"]["name"] == "Loughton Buckhurst Hill & Chigwell PCN", o["U01096"]["name"])
check(o["F81072"]["name"] == "High Street Surgery, Epping", o["F81072"]["name"])  # quoted comma
check(o["F81072"]["facts"] == {"postcode": "CM16 4DA"}, o["F81072"].get("facts"))
L = links(doc)
check(("part_of", "QM7", "Y61") in L and ("part_of", "07H-subicb", "QM7") in L, "upper links")
check(("part_of", "U01096", "07H-subicb") in L and ("member_of", "F81152", "U01096") in L,
      "PCN and practice links")
# the unallocated practice sits directly under its sub-ICB location
check(("member_of", "Y07016", "07H-subicb") in L, "Y07016 under the sub-ICB location")
check("U" not in o and "Unallocated" in o["Y07016"].get("note", ""), "no PCN 'U'")
check(o["Y07016"]["name"] == "SAS West Essex Commisceo PCS Limited", o["Y07016"]["name"])
src = doc["sources"]
check(len(src) == 1 and src[0]["id"] == "nhsd-practice-mapping-2024-01-01", src)
check("NHS Digital" in src[0]["title"] and "we-2024-01.csv" in src[0]["title"]
      and "2024-01-01" in src[0]["title"] and src[0]["url"].startswith("https://digital.nhs.uk/"),
      src[0]["title"])
check(all(x.get("sources") == ["nhsd-practice-mapping-2024-01-01"] for x in doc["organisations"]),
      "every organisation cites the snapshot")
check(set(doc["types"]) == {"region", "icb", "sub-icb", "pcn", "practice"}, doc["types"])
check(doc["title"].startswith("NHS Hertfordshire and West Essex Integrated Care Board"),
      doc["title"])
we_path = os.path.join(tmp, "we.json")
shutil.copy(os.path.join(tmp, "out.json"), we_path)
validates(we_path, "west Essex")

# the same rows in the England layout (quoted, ONS and coordinate columns,
# an unnamed index column) give the same document
eng = imported(ENG, "--sub-icb", "07H", "--as-at", "2024-01-01")
check(orgs(eng).keys() == o.keys(), "England layout: other organisations")
check(all(orgs(eng)[k]["name"] == o[k]["name"] for k in o), "England layout: other names")
check(links(eng) == L, "England layout: other links")

# --icb, --region and no filter on the England extract (18C, 07H and the
# practices of U16318, a PCN of two sub-ICB locations, 05V and 04Y)
qgh = imported(ENG, "--icb", "QGH", "--as-at", "2024-01-01")
t = [x["type"] for x in qgh["organisations"]]
check(t.count("practice") == 79 and t.count("pcn") == 15 and t.count("icb") == 1,
      f"--icb QGH: {t.count('practice')} practices, {t.count('pcn')} PCNs")
check(orgs(qgh)["M81012"]["name"] == "Ledbury Health Partnership", "Ledbury")
check(("member_of", "M81012", "U12199") in links(qgh), "M81012 in U12199")
y60 = imported(ENG, "--region", "Y60", "--as-at", "2024-01-01")
oy = orgs(y60)
check("Y61" not in oy and "07H-subicb" not in oy and "18C-subicb" in oy, "--region Y60 rows")
pcn = oy["U16318"]
parents = [r["to"] for r in y60["relationships"] if r["from"] == "U16318"]
check(len(parents) == 1 and "2 sub-ICB locations" in pcn.get("note", ""),
      f"U16318: one parent, noted: {parents} {pcn.get('note')}")
everything = imported(ENG, "--as-at", "2024-01-01")
t = [x["type"] for x in everything["organisations"]]
check(t.count("practice") == 115 and t.count("region") == 2, f"no filter: {t.count('practice')}")
check(everything["title"].startswith("England:"), everything["title"])
validates(os.path.join(tmp, "out.json"), "England extract")

# headers in any order and case, a byte-order mark, CRLF, no ONS columns
hw = imported(HW, "--as-at", "2024-01-01")
oh = orgs(hw)
check(len([x for x in hw["organisations"] if x["type"] == "practice"]) == 12, "shuffled: 12")
check(oh["QGH"]["codes"] == {"ods": "QGH"}, f"no ONS column: {oh['QGH'].get('codes')}")
check(oh["M81012"]["name"] == "Ledbury Health Partnership" and
      oh["M81012"]["facts"] == {"postcode": "HR8 2AQ"}, oh["M81012"])

# --- messages
code, out, err = run("import", "practices", WE, "--icb", "QXX", "--as-at", "2024-01-01")
check(code == 1 and err == f"{WE}: error: no ICB with code 'QXX' (column ICB_CODE); the file "
      "has 1: QM7\n" and out == "", f"unknown ICB: {code} {err}")
code, out, err = run("import", "practices", WE, "--sub-icb", "99Z", "--as-at", "2024-01-01")
check(code == 1 and "no sub-ICB location with code '99Z' (column LOC_CODE)" in err, err)
bad = os.path.join(tmp, "nocol.csv")
with open(WE, encoding="utf-8") as f, open(bad, "w", encoding="utf-8") as g:
    g.write(f.read().replace("PCN_NAME", "PCN_TITLE", 1))
code, out, err = run("import", "practices", bad, "--as-at", "2024-01-01")
check(code == 1 and err == f"{bad}:1:1: error: no column 'PCN_NAME' in the header row: a "
      "practice mapping lookup needs PRAC_CODE, PRAC_NAME, PCN_CODE, PCN_NAME, LOC_CODE, "
      "LOC_NAME, ICB_CODE, ICB_NAME, NHSER_CODE and NHSER_NAME\n", f"missing column: {err}")
with open(WE, encoding="utf-8") as f, open(bad, "w", encoding="utf-8") as g:
    lines = f.read().split("\n")
    lines[3] = "," + lines[3].split(",", 1)[1]  # no practice code on line 4
    g.write("\n".join(lines))
code, out, err = run("import", "practices", bad, "--as-at", "2024-01-01")
check(code == 1 and err == f"{bad}:4:1: error: PRAC_CODE is empty\n", f"empty code: {err}")
with open(bad, "w", encoding="utf-8") as g:
    g.write("PRAC_CODE,PRAC_NAME\nA81001,\"OPEN QUOTE\nA81002,X\n")
code, out, err = run("import", "practices", bad, "--as-at", "2024-01-01")
check(code == 1 and err.startswith(f"{bad}:2:1: error: a quoted field is not closed"),
      f"open quote: {err}")
for date, msg in (("2024-13-01", "orgviz: --as-at 2024-13-01: no such day\n"),
                  ("01/04/2024", "orgviz: --as-at '01/04/2024': write the date as YYYY-MM-DD "
                                 "(or 'today')\n")):
    code, out, err = run("import", "practices", WE, "--as-at", date)
    check(code == 2 and err.startswith(msg) and "try 'orgviz --help'" in err, f"{date}: {err}")
code, out, err = run("import", "practices", WE)
check(code == 2 and "--as-at DATE is required" in err, f"no --as-at: {err}")
code, out, err = run("import", "practices", WE, "--icb", "QM7", "--region", "Y61",
                     "--as-at", "2024-01-01")
check(code == 2 and "give one of --region, --icb and --sub-icb" in err, err)
code, out, err = run("import", "practices", "/nonexistent.csv", "--as-at", "2024-01-01")
check(code == 3 and "/nonexistent.csv" in err, f"unreadable: {code} {err}")
code, out, err = run("import", "bogus")
check(code == 2 and "unknown kind 'bogus'" in err, err)
code, out, err = run("import", "practices", "--help")
check(code == 0 and out.startswith("usage: orgviz import practices"), out[:80])

# --- determinism: same bytes in another time zone, and on standard output
code, out1, _ = run("import", "practices", WE, "--as-at", "2024-01-01")
env = dict(os.environ, TZ="Europe/Paris")
code2, out2, _ = run("import", "practices", WE, "--as-at", "2024-01-01", env=env)
check(code == 0 and out1 == out2 and out1 == open(we_path, encoding="utf-8").read(),
      "output differs by time zone or destination")

# --- charts: the ICB's chart names its PCNs and practices
svg = os.path.join(tmp, "qm7.svg")
code, _, err = run("chart", we_path, "--root", "QM7", "-o", svg)
check(code == 0, f"chart: {err}")
if code == 0:
    text = " ".join(" ".join(e.itertext()) for e in ET.parse(svg).iter())
    for name in ("Epping Forest North PCN", "High Street Surgery, Epping", "Ongar Health Centre"):
        check(name in text, f"chart lacks {name}")

# --- two snapshots: F81216 closed, F81152 moved from U01096 to U56676,
# Y99901 new (the second file is an edited copy of the first: see README)
hist = os.path.join(tmp, "history.json")
before = load(we_path)
# something written by hand, which the merge must keep
before["organisations"].append({"id": "we-board", "name": "A board", "type": "committee",
                                "note": "Hand-written."})
before["types"]["committee"] = {"label": "Committee"}
before["organisations"][-2]["facts"]["list_size"] = 1234
before["organisations"][-2]["facts"]["share"] = 0.1  # written back as 0.1
orgs(before)["U56676"]["start"] = "2019-07-01"
before["transitions"].append({"type": "establishment", "date": "2019-07-01", "from": [],
                              "to": ["U56676"], "note": "Hand-written."})
with open(hist, "w", encoding="utf-8") as f:
    json.dump(before, f, indent=2)
code, out, err = run("import", "practices", WE2, "--as-at", "2024-04-01", "--into", hist)
check(code == 0 and out == "", f"merge: {code} {err}")
after = load(hist)
oa = orgs(after)
rels = after["relationships"]
between = "between the practice mapping snapshots of 2024-01-01 and 2024-04-01"
closed = oa["F81216"]
check(closed.get("end") == "2024-03-31" and between in closed.get("note", ""),
      f"closed: {closed}")
# its membership of its network ends with it, with a note saying why
gone_links = [r for r in rels if r["from"] == "F81216" and r["type"] == "member_of"]
check(len(gone_links) == 1 and gone_links[0].get("end") == "2024-03-31"
      and "not in the practice mapping as at 2024-04-01" in gone_links[0].get("note", ""),
      f"closed practice's membership: {gone_links}")
old = [r for r in rels if r["from"] == "F81152" and r["to"] == "U01096"]
new = [r for r in rels if r["from"] == "F81152" and r["to"] == "U56676"]
check(len(old) == 1 and old[0].get("end") == "2024-03-31" and "start" not in old[0]
      and between in old[0].get("note", ""), f"moved, old link: {old}")
check(len(new) == 1 and new[0].get("start") == "2024-04-01" and "end" not in new[0]
      and between in new[0].get("note", ""), f"moved, new link: {new}")
added = oa.get("Y99901", {})
check(added.get("start") == "2024-04-01" and added.get("name") == "New Test Surgery"
      and between in added.get("note", ""), f"new: {added}")
check(("member_of", "Y99901", "U34072") in links(after), "new practice's PCN")
check([s["id"] for s in after["sources"]] ==
      ["nhsd-practice-mapping-2024-01-01", "nhsd-practice-mapping-2024-04-01"], after["sources"])
# everything else as it was
changed = {"F81216", "F81152", "Y99901"}
for x in before["organisations"]:
    if x["id"] not in changed:
        check(oa[x["id"]] == x, f"merge changed {x['id']}")
check(after["transitions"] == before["transitions"] and after["types"]["committee"]
      == {"label": "Committee"}, "merge changed hand-written parts")
check(oa["we-board"]["note"] == "Hand-written.", "hand-written organisation")
check(len(rels) == len(before["relationships"]) + 2, f"{len(rels)} links")
validates(hist, "merged history")
# the same snapshot again changes nothing
with open(hist, "rb") as f:
    once = f.read()
code, _, err = run("import", "practices", WE2, "--as-at", "2024-04-01", "--into", hist)
with open(hist, "rb") as f:
    check(code == 0 and f.read() == once, f"second merge changed the file: {err}")
check(b'"share": 0.1' in once and b"0.10000" not in once, "a number was not written back")

# a third snapshot, made in the test by editing the second (not real data):
# PCN U33522 renamed; F81009 moved to sub-ICB location 06K (outside the
# area imported); the other practices of U16446 moved to a new PCN U99903,
# so that U16446 is gone from the lookup
import csv  # noqa: E402

third = os.path.join(tmp, "we-2024-07-edited.csv")
with open(WE2, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
head = rows[0]
col = {name: i for i, name in enumerate(head)}
for r in rows[1:]:
    if r[col["PCN_CODE"]] == "U33522":
        r[col["PCN_NAME"]] = "HARLOW SOUTH AND CENTRAL PCN"
    if r[col["PRAC_CODE"]] == "F81009":
        r[col["LOC_CODE"]], r[col["ONS_LOC_CODE"]] = "06K", "E38000049"
        r[col["LOC_NAME"]] = "NHS Hertfordshire and West Essex ICB - 06K"
        r[col["PCN_CODE"]], r[col["PCN_NAME"]] = "U99902", "TEST PCN"
    elif r[col["PCN_CODE"]] == "U16446":
        r[col["PCN_CODE"]], r[col["PCN_NAME"]] = "U99903", "NEW UTTLESFORD PCN"
with open(third, "w", newline="", encoding="utf-8") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)
code, _, err = run("import", "practices", third, "--sub-icb", "07H", "--as-at", "2024-07-01",
                   "--into", hist)
check(code == 0, f"third merge: {err}")
t3 = load(hist)
o3 = orgs(t3)
between3 = "between the practice mapping snapshots of 2024-04-01 and 2024-07-01"
check(o3["U33522"]["name"] == "Harlow South and Central PCN"
      and o3["U33522"].get("history") == [{"until": "2024-06-30", "name": "Harlow South PCN"}]
      and between3 in o3["U33522"].get("note", ""), f"renamed: {o3['U33522']}")
check("end" not in o3["F81009"], "F81009 is still open (it moved out of the area)")
out_link = [r for r in t3["relationships"] if r["from"] == "F81009"]
check(len(out_link) == 1 and out_link[0].get("end") == "2024-06-30"
      and "outside the area imported" in out_link[0].get("note", ""), f"moved out: {out_link}")
check(o3["U16446"].get("end") == "2024-06-30" and between3 in o3["U16446"].get("note", ""),
      f"PCN gone: {o3['U16446']}")
check(o3["U99903"].get("start") == "2024-07-01" and "U99902" not in o3, "new PCN")
for p in ("F81015", "F81034", "F81131"):
    mine = {(r["to"], r.get("start"), r.get("end")) for r in t3["relationships"]
            if r["from"] == p}
    check(mine == {("U16446", None, "2024-06-30"), ("U99903", "2024-07-01", None)},
          f"{p}: {mine}")
validates(hist, "third snapshot merged")
with open(hist, "rb") as f:
    once = f.read()
code, _, err = run("import", "practices", third, "--sub-icb", "07H", "--as-at", "2024-07-01",
                   "--into", hist)
with open(hist, "rb") as f:
    check(code == 0 and f.read() == once, f"third merge again changed the file: {err}")

# charts on either side of the snapshot
for day, shown, gone in (("2024-03-31", "The River Surgery", "New Test Surgery"),
                         ("2024-04-01", "New Test Surgery", "The River Surgery")):
    code, out, err = run("chart", hist, "--root", "QM7", "--at", day, "-o", svg)
    check(code == 0, f"chart at {day}: {err}")
    if code == 0:
        text = " ".join(" ".join(e.itertext()) for e in ET.parse(svg).iter())
        check(shown in text and gone not in text, f"chart at {day}: {shown} / {gone}")

# merging into the bundled dataset keeps everything it does not own
bundled = os.path.join(ROOT, "data", "herefordshire-worcestershire.json")
hwm = os.path.join(tmp, "hw.json")
shutil.copy(bundled, hwm)
code, _, err = run("import", "practices",
                   os.path.join(DATA, "england-extract-2024-01.csv"), "--sub-icb", "18C",
                   "--as-at", "2024-02-01", "--into", hwm)
a, b = load(bundled), load(hwm)
check(code == 0 and len(b["sources"]) == len(a["sources"]) + 1, f"bundled merge: {err}")
b["sources"] = b["sources"][:-1]
check(a == b, "merging the same practices into the bundled H&W changed more than sources")
validates(hwm, "bundled H&W merged")

# --into reads the document as every data file is read: a syntax error is
# placed and quoted, and the file is left alone; a byte-order mark (as
# Windows editors write) is skipped
broken = os.path.join(tmp, "broken.json")
with open(broken, "w", encoding="utf-8") as f:
    f.write('{\n  "orgviz": 1,\n  "organisations": [ , ]\n}\n')
with open(broken, "rb") as f:
    before_bytes = f.read()
code, _, err = run("import", "practices", WE, "--as-at", "2024-01-01", "--into", broken)
lines = err.splitlines()
check(code == 1 and lines[:1] == [f"{broken}:3:22: error: unexpected token near ','"]
      and '"organisations": [ , ]' in err, f"broken --into: exit {code}: {err}")
with open(broken, "rb") as f:
    check(f.read() == before_bytes, "broken --into: the file was changed")
bom = os.path.join(tmp, "bom.json")
with open(bom, "wb") as f:
    f.write(b"\xef\xbb\xbf" + json.dumps(imported(WE, "--as-at", "2024-01-01")).encode())
code, _, err = run("import", "practices", WE2, "--as-at", "2024-04-01", "--into", bom)
check(code == 0 and "Y99901" in orgs(load(bom)), f"--into with a byte-order mark: {err}")

if os.environ.get("KEEP_IMPORT_TMP"):
    print("kept", tmp)
else:
    shutil.rmtree(tmp)
finish("import practices")
