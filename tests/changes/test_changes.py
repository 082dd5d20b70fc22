#!/usr/bin/env python3
"""orgviz changes: the Herefordshire and Worcestershire story told in words
and as JSON, checked against the dataset's known history (the four CCGs'
merger on 1 April 2020, the CCG's handover to the ICB on 1 July 2022, the
networks set up on 1 July 2019), and the usage errors."""
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

ORGVIZ = os.path.abspath(os.environ["ORGVIZ"])
ROOT = os.environ["SOURCE_ROOT"]
HW = os.path.join(ROOT, "data", "herefordshire-worcestershire.json")
WE = os.path.join(ROOT, "data", "west-essex.json")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checklib import check, finish  # noqa: E402


def run(*args):
    p = subprocess.run([ORGVIZ, "changes", *args], capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


code, text, err = run(HW, "--from", "2019-06-01", "--to", "2023-01-01")
check(code == 0 and err == "", f"text: exit {code}, {err}")
merger = ("On 1 April 2020 four clinical commissioning groups merged into NHS Herefordshire "
          "and Worcestershire CCG: NHS Herefordshire CCG, NHS Redditch and Bromsgrove CCG, "
          "NHS South Worcestershire CCG and NHS Wyre Forest CCG. They ceased on 31 March 2020.")
check(merger in text, "the 2020 merger sentence")
handover = ("On 1 July 2022 NHS Herefordshire and Worcestershire CCG handed over to NHS "
            "Herefordshire and Worcestershire Integrated Care Board; the CCG ceased on "
            "30 June 2022.")
check(handover in text, "the 2022 handover sentence")
check("On 1 July 2019 five primary care networks were set up under NHS Herefordshire CCG: "
      "East Herefordshire PCN, " in text, "networks set up under their CCG")
check("On 1 July 2019 two primary care networks were set up under NHS Wyre Forest CCG: WF "
      "Network of Independent Practices PCN and Wyre Forest Health Partnership PCN." in text,
      "Wyre Forest's networks")
# what happened in between is told too, not only what differs at the ends
check("On 1 April 2020 15 primary care networks moved to NHS Herefordshire and Worcestershire "
      "CCG: five from NHS Herefordshire CCG (" in text, "the 2020 move, in the long story")
check("On 1 July 2022 15 primary care networks moved from NHS Herefordshire and Worcestershire "
      "CCG to NHS Herefordshire and Worcestershire ICB - 18C: " in text, "the 2022 move")
check("On 1 April 2020 two committees or governing bodies were set up under NHS Herefordshire "
      "and Worcestershire CCG: Audit Committee and Governing Body." in text, "committees set up")
check("On 1 July 2022 two committees or governing bodies of NHS Herefordshire and "
      "Worcestershire CCG closed: Audit Committee and Governing Body." in text,
      "committees closed")
check("In numbers, from 1 June 2019 to 1 January 2023, in all:" in text, "net counts heading")
check("79 GP practices joined 15 primary care networks" in text, "practices joined")
code, day, err = run(HW, "--from", "2020-03-31", "--to", "2020-04-01")
check("On 1 April 2020 15 primary care networks moved to NHS Herefordshire and Worcestershire "
      "CCG: five from NHS Herefordshire CCG (East Herefordshire PCN, " in day
      and "two from NHS Wyre Forest CCG (WF Network of Independent Practices PCN and Wyre "
      "Forest Health Partnership PCN)." in day, "networks moved to the merged CCG")
# dates in order, each once, as headings
heads = [l for l in text.splitlines() if l in ("1 July 2019", "1 April 2020", "1 July 2022")]
check(heads == ["1 July 2019", "1 April 2020", "1 July 2022"], f"date headings {heads}")
check("4 clinical commissioning groups left or closed" in text, "count of CCGs gone")
check("15 primary care networks joined or started" in text
      and "moved to another parent" not in text.split("In numbers")[1], "net counts")
check("79 GP practices joined or started" in text, "count of practices")

code, md, err = run(HW, "--from", "2019-06-01", "--to", "2023-01-01", "--format", "markdown")
check(code == 0 and md.startswith("# Changes from 1 June 2019 to 1 January 2023"), "markdown title")
check("## 1 April 2020" in md and "- " + merger in md, "markdown merger bullet")

code, js, err = run(HW, "--from", "2020-03-31", "--to", "2020-04-01", "--format", "json")
check(code == 0, f"json exit {code} {err}")
doc = json.loads(js)
check(doc["from"] == "2020-03-31" and doc["to"] == "2020-04-01", "json dates")
kinds = {}
for c in doc["changes"]:
    kinds.setdefault(c["kind"], set()).add(c["organisation"]["id"])
check(kinds.get("gone", set()) >= {"05F", "05J", "05T", "06D"}, f"gone CCGs {kinds.get('gone')}")
check("18C" in kinds.get("new", set()), "18C new")
for c in doc["changes"]:
    if c["organisation"]["id"] == "05T" and c["kind"] == "gone":
        check(c["fate"] == "merged into NHS Herefordshire and Worcestershire CCG on 1 April 2020",
              f"fate of 05T: {c['fate']}")
        t = doc["transitions"][0]
        check(c["transition"] == t["index"] and t["type"] == "merger" and t["date"] == "2020-04-01",
              "gone CCG points at the merger")
        check([o["id"] for o in t["from"]] == ["05F", "05J", "05T", "06D"]
              and [o["id"] for o in t["to"]] == ["18C"], "merger's organisations")
# trusts are not mentioned: they did not change
check(not any(c["organisation"]["type"] == "trust" for c in doc["changes"]), "trusts unchanged")

code, text, err = run(WE, "--from", "2012-01-01", "--to", "2014-01-01")
check(code == 0 and "passed to NHS West Essex CCG" in text, "west Essex 2013 transfer")

code, text, err = run(HW, "--from", "2021-01-01", "--to", "2021-02-01")
check(code == 0 and "Nothing changed." in text, "a quiet month")

# a made-up area with every kind of change (tests/changes/data/renames.json)
FIX = os.path.join(ROOT, "tests", "changes", "data", "renames.json")
code, text, err = run(FIX, "--from", "2020-01-01", "--to", "2021-06-01")
check(code == 0, f"fixture exit {code} {err}")
for want in (
        "On 1 October 2020 River PCN was renamed Riverside PCN.",
        "On 1 June 2020 the details of Hill Surgery changed: its type, from Care hub to GP practice.",
        # P1 was River PCN until 30 September 2020: named as it was then
        "On 1 July 2020 Mill Surgery, a GP practice of River PCN, closed.",
        "On 1 September 2020 Bridge Surgery, a GP practice, moved from River PCN to Hillside PCN.",
        "On 1 October 2020 Orchard Surgery, a GP practice, was set up under Hillside PCN.",
        "two primary care networks moved to NHS North and South CCG: one from NHS North CCG "
        "(Riverside PCN) and one from NHS South CCG (Hillside PCN).",
        "1 primary care network renamed",
        "2 GP practices changed in type or facts"):
    check(want in text, f"fixture: {want}")
code, js, err = run(FIX, "--from", "2020-01-01", "--to", "2021-06-01", "--format", "json")
kinds = sorted((c["kind"], c["organisation"]["id"], c["date"]) for c in json.loads(js)["changes"])
check(kinds == sorted([("changed", "G3", "2020-06-01"), ("gone", "G2", "2020-07-01"),
                       ("moved", "G1", "2020-09-01"), ("new", "G4", "2020-10-01"),
                       ("renamed", "P1", "2020-10-01"), ("changed", "G1", "2021-01-01"),
                       ("new", "C3", "2021-04-01"), ("gone", "C1", "2021-04-01"),
                       ("gone", "C2", "2021-04-01"), ("moved", "P1", "2021-04-01"),
                       ("moved", "P2", "2021-04-01")]), f"fixture kinds {kinds}")
# a story names each step as it was: a network renamed twice, renamed twice
# (not twice from its first name to its last), and a practice joining it
# under the name it had that day
TWO = os.path.join(ROOT, "tests", "changes", "data", "two-renames.json")
code, text, err = run(TWO, "--from", "2019-08-01", "--to", "2022-01-01")
check(code == 0 and err == "", f"two renames: exit {code} {err}")
steps = [line.strip() for line in text.splitlines() if line.strip().startswith("- On ")]
check(steps == ["- On 1 April 2020 Pond PCN was renamed Mere PCN.",
                "- On 1 July 2020 Stile Surgery, a GP practice, joined Mere PCN.",
                "- On 1 January 2021 NHS Kestrel CCG was renamed NHS Heron CCG.",
                "- On 1 April 2021 Mere PCN was renamed Lake PCN."], f"two renames: {steps}")
# from one day to another at once (a chart marked against an earlier day),
# the change is from the first name to the last
p = subprocess.run([ORGVIZ, "chart", TWO, "--at", "2022-01-01", "--since", "2019-08-01",
                    "-T", "html"], capture_output=True, timeout=120)
check(p.returncode == 0, "two renames: chart --since")
page = ET.fromstring("<div>" + p.stdout.decode() + "</div>")
cells = {"".join(tr[0].itertext()): "".join(tr[-1].itertext())
         for tr in page.find("table").iter("tr") if tr[0].get("scope") == "row"}
check(cells.get("Lake PCN") == "renamed, formerly Pond PCN", f"two renames, at once: {cells}")
# before the rename, the old name is in force
code, text, err = run(FIX, "--from", "2020-09-01", "--to", "2020-09-30")
check(code == 0 and "In numbers" in text, f"no rename yet: exit {code} {err}")
check("Riverside" not in text.split("In numbers")[0].replace("River PCN", ""), "no rename yet")

# usage errors
code, _, err = run(HW, "--to", "2020-01-01")
check(code == 2 and "--from" in err, "--from is needed")
code, _, err = run(HW, "--from", "2021-01-01", "--to", "2020-01-01")
check(code == 2 and "before" in err, "--from after --to")
code, _, err = run(HW, "--from", "2021-01-01", "--format", "xml")
check(code == 2 and "text, markdown or json" in err, "bad --format")

finish("changes")
