#!/usr/bin/env python3
"""orgviz import csv: what spreadsheets write (a byte-order mark, CRLF,
quoted cells with commas, doubled quotes and line breaks, headers in any
case and order, UK dates) imports, validates and charts; mistakes are
reported at FILE:ROW:COLUMN with the exact messages below. The files are
written here byte by byte, as Excel's "CSV UTF-8" saves them."""
import glob
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from imptest import ROOT, check, finish, run  # noqa: E402
import xml.etree.ElementTree as ET



def write(folder, name, data):
    path = os.path.join(folder, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def import_files(folder, *files):
    """Writes FILES, (name, bytes) pairs, into FOLDER and imports them: the
    exit status, standard output, and standard error with FOLDER taken off
    the file names."""
    paths = [write(folder, name, data) for name, data in files]
    code, stdout, err = run("import", "csv", *paths)
    return code, stdout, err.replace(folder + "/", "")


BOM = b"\xef\xbb\xbf"
EXCEL_ORGS = BOM + (
    'Name,ID,TYPE,Parent,Relationship,Start,End,Short Name,Note,Code,Code.ONS,Fact.Population\r\n'
    'NHS England,nhs-england,nhs-england,,,,,,,,,\r\n'
    'NHS Alpha CCG,05A,ccg,nhs-england,accountable_to,01/04/2013,31/03/2020,Alpha CCG,'
    '"Covers Alpha, Beta and Gamma",05A,E38000001,120000\r\n'
    'NHS Beta CCG,05B,ccg,nhs-england,accountable_to,1/4/2013,31/03/2020,,"Its board said ""yes""'
    '\r\nin 2019",05B,,\r\n'
    'NHS Alpha and Beta CCG,18A,ccg,nhs-england,accountable_to,01/04/2020,,,,18A,,"250,000"\r\n'
    ',,,,,,,,,,,\r\n'
    'Alpha Mental Health Trust,RX1,mental-health-trust,,,2001-04-01,,,,RX1,,\r\n'
    'Alpha Care Forum,forum,care-forum,,,,,,,,,\r\n'
).encode("utf-8")
EXCEL_RELS = BOM + (
    'From,To,Type,Start,Label\r\n'
    '18A,RX1,commissions,01/04/2020,"Mental health, adults"\r\n'
).encode("utf-8")
EXCEL_TRANS = BOM + (
    'Date,Type,From,To,Label\r\n'
    '01/04/2020,merger,05A; 05B,18A,The two CCGs merged\r\n'
).encode("utf-8")

with tempfile.TemporaryDirectory() as tmp:
    orgs = write(tmp, "orgs.csv", EXCEL_ORGS)
    rels = write(tmp, "links.csv", EXCEL_RELS)
    trans = write(tmp, "changes.csv", EXCEL_TRANS)
    out = os.path.join(tmp, "area.json")
    code, stdout, err = run("import", "csv", orgs, rels, trans, "--title", "Alpha", "-o", out)
    check(code == 0 and err == "" and stdout == "", f"Excel files: {code} {err}")
    with open(out, encoding="utf-8") as f:
        doc = json.load(f)
    o = {x["id"]: x for x in doc["organisations"]}
    check(list(o) == ["nhs-england", "05A", "05B", "18A", "RX1", "forum"], list(o))
    check(o["05A"] == {
        "id": "05A", "name": "NHS Alpha CCG", "type": "ccg", "short_name": "Alpha CCG",
        "codes": {"ods": "05A", "ons": "E38000001"}, "facts": {"population": 120000},
        "start": "2013-04-01", "end": "2020-03-31", "note": "Covers Alpha, Beta and Gamma"},
        f"05A: {o['05A']}")
    check(o["05B"]["start"] == "2013-04-01", "D/M/YYYY")
    check(o["05B"]["note"] == 'Its board said "yes"\nin 2019', repr(o["05B"]["note"]))
    check(o["18A"]["facts"] == {"population": "250,000"}, "a fact with a comma stays text")
    check(doc["title"] == "Alpha", "title")
    check(doc["relationships"] == [
        {"type": "accountable_to", "from": "05A", "to": "nhs-england"},
        {"type": "accountable_to", "from": "05B", "to": "nhs-england"},
        {"type": "accountable_to", "from": "18A", "to": "nhs-england"},
        {"type": "commissions", "from": "18A", "to": "RX1", "start": "2020-04-01",
         "label": "Mental health, adults"}], doc["relationships"])
    check(doc["transitions"] == [{"type": "merger", "date": "2020-04-01", "from": ["05A", "05B"],
                                  "to": ["18A"], "label": "The two CCGs merged"}],
          doc["transitions"])
    types = doc["types"]
    check(types["ccg"] == {"label": "Clinical Commissioning Group", "colour": "#005EB8"},
          "known type")
    mh = types["mental-health-trust"]
    check(mh["label"] == "Mental health trust" and re.fullmatch("#[0-9A-F]{6}", mh["colour"]),
          f"undeclared type: {mh}")
    check(types["care-forum"]["colour"] != mh["colour"], "two new types, one colour")
    code, _, err = run("validate", "--quiet", out)
    check(code == 0 and err == "", f"validate: {err}")

    # ... and charts: every organisation of the day is in the SVG
    svg = os.path.join(tmp, "area.svg")
    code, _, err = run("chart", out, "--at", "2021-01-01", "-o", svg)
    check(code == 0, f"chart: {code} {err}")
    texts = " ".join(t.text or "" for t in ET.parse(svg).iter("{http://www.w3.org/2000/svg}text"))
    for name in ("NHS England", "Alpha and Beta CCG", "Alpha Mental Health Trust"):
        check(name in texts, f"chart: {name} not drawn: {texts[:300]}")
    check("NHS Alpha CCG" not in texts, "chart: a CCG that ended in 2020 is drawn in 2021")

    # ---- mistakes, each with its place --------------------------------------------
    cases = [
        ("dates.csv", b"id,name,type,start,end\nA,Alpha,ccg,31/02/2013,\n"
                      b"B,Beta,ccg,2013-04-01,April 2020\n",
         'dates.csv:2:4: error: start "31/02/2013" is not a date (no such day)\n'
         'dates.csv:3:5: error: end "April 2020" is not a date: write YYYY-MM-DD or '
         'DD/MM/YYYY\n'),
        # rows as the spreadsheet numbers them: a cell's line breaks do not start a row,
        # an empty row counts
        ("rows.csv", b'id,name,type,start\nA,"two\nlines",ccg,\n,,,\nB,Beta,ccg,31/02/2020\n',
         'rows.csv:4:4: error: start "31/02/2020" is not a date (no such day)\n'),
        ("empty-cells.csv", b"id,name,type\nA,,ccg\n,Beta,\n",
         "empty-cells.csv:2:2: error: no name: every row of organisations needs one\n"
         "empty-cells.csv:3:1: error: no id: every row of organisations needs one\n"
         "empty-cells.csv:3:3: error: no type: every row of organisations needs one\n"),
        ("quote.csv", b'id,name,type\nA,"Alpha" CCG,ccg\n',
         'quote.csv:2:1: error: a quoted field is not closed, or a quote stands inside an '
         'unquoted field (write a quote in a field as two quotes, "")\n'),
        ("open.csv", b'id,name,type\nA,"Alpha CCG,ccg\n',
         'open.csv:2:1: error: a quoted field is not closed, or a quote stands inside an '
         'unquoted field (write a quote in a field as two quotes, "")\n'),
        ("ansi.csv", b"id,name,type\nA,Caf\xe9 Forum,forum\n",
         'ansi.csv:2:2: error: the file is not UTF-8 text: in Excel save it as "CSV UTF-8 '
         '(Comma delimited)", in LibreOffice choose the character set "Unicode (UTF-8)"\n'),
        ("utf16.csv", "id,name,type\n".encode("utf-16"),
         'utf16.csv:1:1: error: the file holds NUL bytes, so it is not CSV text (UTF-16?): in '
         'Excel save it as "CSV UTF-8 (Comma delimited)"\n'),
        ("header.csv", b"code,title\n05A,Alpha\n",
         "header.csv:1:1: error: the header row names no kind of orgviz table: organisations "
         "need the columns id, name and type; relationships type, from and to; transitions "
         "date, type, from and to; types key and label; sources id and title; history id and "
         "until\n"),
        ("twice.csv", b"id,name,type,Name\nA,Alpha,ccg,x\n",
         'twice.csv:1:4: error: column "name" is there twice (also column 2)\n'),
        # the validator's findings, traced back to the cell
        ("links.csv", b"id,name,type,parent,start,end\nA,Alpha,ccg,,2013-04-01,2012-01-01\n"
                      b"B,Beta,ccg,Z,,\nC,Gamma,ccg,A,,\n",
         'links.csv:2:6: error: end 2012-01-01 is before start 2013-04-01 (organisation "A")\n'
         'links.csv:3:4: error: no organisation has the id "Z" (organisation "B")\n'),
        ("kind.csv", b"id,name,type,parent,relationship\nA,Alpha,ccg,,\nB,Beta,ccg,A,partof\n",
         'kind.csv:3:5: error: unknown relationship type "partof"; use one of part_of, '
         'member_of, accountable_to, commissions, partner_of, delegates_to (organisation '
         '"B")\n'),
    ]
    for name, data, want in cases:
        code, stdout, err = import_files(tmp, (name, data))
        check(code == 1 and stdout == "" and err == want,
              f"{name}: exit {code}\n got: {err!r}\nwant: {want!r}")

    history = ("ho.csv", b"id,name,type,start\nA,Alpha PCN,pcn,2019-07-01\n")
    cases = [
        # an unknown column is a warning, with a suggestion
        ("typo", [("typo.csv", b"id,name,type,strat,colour of box\nA,Alpha,ccg,2013-04-01,x\n")],
         0,
         'typo.csv:1:4: warning: column "strat" is not a column of organisations and is '
         'ignored; did you mean "start"?\n'
         'typo.csv:1:5: warning: column "colour_of_box" is not a column of organisations and '
         'is ignored\n'),
        # a transition across files: a merger whose dates do not line up
        ("transition", [("o2.csv", b"id,name,type,start,end\nA,Alpha,ccg,,2020-03-31\n"
                                   b"B,Beta,ccg,,\nC,Gamma,ccg,2020-04-01,\n"),
                        ("t2.csv", b"date,type,from,to\n01/04/2020,merger,A;B,C\n")],
         1,
         't2.csv:2:3: error: has no "end", but the merger on 1 April 2020 ends it: set its end '
         'to 2020-03-31 (organisation "B")\n'),
        # earlier states (history): an unknown id; one out of order, traced to its row
        ("history id", [history, ("hh.csv", b"ID,Until,Name\nA,31/03/2021,Alpha Old\n"
                                            b"A,31/03/2020,Alpha Older\nB,31/03/2020,Beta\n")],
         1,
         "hh.csv:4:1: error: no organisation in the organisations files has the id B\n"),
        ("history order", [history, ("hh.csv", b"ID,Until,Name\nA,31/03/2021,Alpha Old\n"
                                               b"A,31/03/2020,Alpha Older\n")],
         1,
         "hh.csv:3:2: error: 2020-03-31 is not after the state before it (until 2021-03-31): "
         "write the history in date order (organisation \"A\")\n"),
    ]
    for what, files, want_code, want in cases:
        code, _, err = import_files(tmp, *files)
        check(code == want_code and err == want,
              f"{what}: exit {code}\n got: {err!r}\nwant: {want!r}")

    # the template in data/templates imports cleanly and validates
    tpl = os.path.join(ROOT, "data", "templates")
    out = os.path.join(tmp, "template.json")
    code, _, err = run("import", "csv", *sorted(glob.glob(os.path.join(tpl, "*.csv"))),
                       "-o", out)
    check(code == 0 and err == "", f"template: {code} {err}")
    code, _, err = run("validate", "--quiet", out)
    check(code == 0 and err == "", f"template: {err}")
    check(len(json.load(open(out, encoding="utf-8"))["organisations"]) == 6, "template orgs")

    # the command line
    code, _, err = run("import", "csv")
    check(code == 2 and "try 'orgviz --help'" in err, "no files")
    code, _, err = run("import", "csv", os.path.join(tmp, "missing.csv"))
    check(code == 3 and "cannot open" in err, f"missing file: {code}")

finish()
