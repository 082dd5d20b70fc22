#!/usr/bin/env python3
"""export csv -> edit -> import csv keeps every organisation, relationship,
transition, type and source of the bundled datasets (the models are
compared, not the bytes), and an edit made in the spreadsheet comes
through; the exported files are what spreadsheets expect (UTF-8 with a
byte-order mark, CRLF)."""
import csv
import io
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from imptest import ROOT, check, finish, model, run  # noqa: E402

HW = os.path.join(ROOT, "data", "herefordshire-worcestershire.json")
WE = os.path.join(ROOT, "data", "west-essex.json")
# all of England (made by import practices): 7,975 organisations, and a name that ends
# in a space as the NHS lookup writes it
ENGLAND = os.path.join(ROOT, "data", "england.json")
FILES = ["organisations.csv", "relationships.csv", "transitions.csv", "types.csv",
         "sources.csv"]


def differences(a, b):
    out = []
    for part in a:
        if isinstance(a[part], dict):
            for key in sorted(set(a[part]) | set(b[part])):
                if a[part].get(key) != b[part].get(key):
                    out.append(f"{part} {key}: {a[part].get(key)} != {b[part].get(key)}")
        elif a[part] != b[part]:
            out.append(f"{part}: {len(a[part])} != {len(b[part])}")
    return out[:5]


def read_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def write_rows(path, rows):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write(buf.getvalue())


with tempfile.TemporaryDirectory() as tmp:
    # H&W with earlier states (a made-up rename, type and facts) to carry too
    with open(HW, encoding="utf-8") as f:
        doc = json.load(f)
    for o in doc["organisations"]:
        if o["id"] == "U97695":
            o["history"] = [{"until": "2020-03-31", "name": "Malvern Hills PCN",
                             "facts": {"practices": 5, "note": "two sites"}},
                            {"until": "2021-03-31", "name": "Malvern PCN", "type": "committee"}]
    with_history = os.path.join(tmp, "hw-history.json")
    with open(with_history, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    code, _, err = run("validate", "--quiet", with_history)
    check(code == 0 and err == "", f"the test's own file: {err}")
    folder = os.path.join(tmp, "history")
    code, _, err = run("export", "csv", with_history, "--out", folder)
    check(code == 0 and "history.csv" in os.listdir(folder), f"history export: {code} {err}")
    back = os.path.join(tmp, "back-history.json")
    code, _, err = run("import", "csv", *[os.path.join(folder, f) for f in FILES],
                       os.path.join(folder, "history.csv"), "-o", back)
    check(code == 0 and err == "", f"history import: {code} {err}")
    diff = differences(model(with_history), model(back))
    check(diff == [], f"history does not round-trip: {diff}")

    for data in (HW, WE, ENGLAND):
        folder = os.path.join(tmp, os.path.basename(data))
        code, out, err = run("export", "csv", data, "--out", folder)
        check(code == 0 and out == "" and err == "", f"export {data}: {code} {err}")
        check(sorted(os.listdir(folder)) == sorted(FILES), os.listdir(folder))
        back = os.path.join(tmp, "back.json")
        code, out, err = run("import", "csv", *[os.path.join(folder, f) for f in FILES],
                             "-o", back)
        check(code == 0 and err == "", f"import {data}: {code} {err}")
        diff = differences(model(data), model(back))
        check(diff == [], f"{data} does not round-trip: {diff}")

    # the files themselves
    folder = os.path.join(tmp, os.path.basename(HW))
    with open(os.path.join(folder, "organisations.csv"), "rb") as f:
        raw = f.read()
    check(raw.startswith(b"\xef\xbb\xbfid,name,type,parent,relationship,start,end,code,"
                         b"short_name,url,note,sources,code.ons,fact.population"), raw[:120])
    check(raw.count(b"\r\n") >= 115 and b"\n" not in raw.replace(b"\r\n", b""), "CRLF")

    # an edit in the spreadsheet: a name changed, a row added, a date in UK form
    orgs = os.path.join(folder, "organisations.csv")
    rows = read_rows(orgs)
    head = rows[0]
    col = {name: i for i, name in enumerate(head)}
    for r in rows[1:]:
        if r[col["id"]] == "06D":
            r[col["name"]] = "NHS Wyre Forest Clinical Commissioning Group"
    new = [""] * len(head)
    new[col["id"]], new[col["name"]], new[col["type"]] = "06D-board", "Governing Body", "committee"
    new[col["parent"]], new[col["start"]], new[col["end"]] = "06D", "01/04/2013", "31/03/2020"
    rows.append(new)
    write_rows(orgs, rows)
    back = os.path.join(tmp, "edited.json")
    code, out, err = run("import", "csv", *[os.path.join(folder, f) for f in FILES], "-o", back)
    check(code == 0 and err == "", f"edited import: {code} {err}")
    want = model(HW)
    want["organisations"]["06D"]["name"] = "NHS Wyre Forest Clinical Commissioning Group"
    want["organisations"]["06D-board"] = {"id": "06D-board", "name": "Governing Body",
                                          "type": "committee", "start": "2013-04-01",
                                          "end": "2020-03-31"}
    want["relationships"] = sorted(want["relationships"] +
                                   [("part_of", "06D-board", "06D", "", "", "")])
    diff = differences(want, model(back))
    check(diff == [], f"the edit did not come through: {diff}")

    # export into a folder that cannot be made; usage
    blocker = os.path.join(tmp, "file")
    open(blocker, "w").close()
    code, _, err = run("export", "csv", HW, "--out", os.path.join(blocker, "sub"))
    check(code == 3 and "cannot make the folder" in err, f"unwritable: {code} {err}")
    code, _, err = run("export", "csv", HW)
    check(code == 2 and "no --out DIR given" in err, f"no --out: {code} {err}")

finish()
