#!/usr/bin/env python3
"""orgviz changes: the Herefordshire and Worcestershire story told in words
and as JSON, checked against the dataset's known history (the four CCGs'
merger on 1 April 2020, the CCG's handover to the ICB on 1 July 2022, the
networks set up on 1 July 2019), and the usage errors."""
import json
import os
import subprocess
import sys

ORGVIZ = os.path.abspath(os.environ["ORGVIZ"])
ROOT = os.environ["SOURCE_ROOT"]
HW = os.path.join(ROOT, "data", "herefordshire-worcestershire.json")
WE = os.path.join(ROOT, "data", "west-essex.json")
failures = []


def run(*args):
    p = subprocess.run([ORGVIZ, "changes", *args], capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def check(cond, what):
    if not cond:
        failures.append(what)


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
check("On 1 July 2019 15 primary care networks were set up." in text, "networks set up")
check("79 GP practices joined 15 primary care networks" in text, "practices joined")
# dates in order, each once, as headings
heads = [l for l in text.splitlines() if l in ("1 July 2019", "1 April 2020", "1 July 2022")]
check(heads == ["1 July 2019", "1 April 2020", "1 July 2022"], f"date headings {heads}")
check("4 clinical commissioning groups left or closed" in text, "count of CCGs gone")
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

# usage errors
code, _, err = run(HW, "--to", "2020-01-01")
check(code == 2 and "--from" in err, "--from is needed")
code, _, err = run(HW, "--from", "2021-01-01", "--to", "2020-01-01")
check(code == 2 and "before" in err, "--from after --to")
code, _, err = run(HW, "--from", "2021-01-01", "--format", "xml")
check(code == 2 and "text, markdown or json" in err, "bad --format")

if failures:
    for f in failures:
        print("FAIL:", f)
    sys.exit(1)
print("ok")
