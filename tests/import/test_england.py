#!/usr/bin/env python3
"""import practices on all of England (NHS Digital's practice mapping,
January 2024, from the project's reference data: skipped when it is not
there). Checks the counts of the published file, that every organisation's
name was given a case people write (no word of four or more letters left in
capitals unless it is a known acronym), and that the result validates."""
import json
import os
import re
import subprocess
import sys
import tempfile

ORGVIZ = os.path.abspath(os.environ["ORGVIZ"])
ROOT = os.environ["SOURCE_ROOT"]
NAME = "england-practices-pcn-icb-2024-01.csv"
candidates = [os.environ.get("ORGVIZ_SHARED_DATA", ""), os.path.join(ROOT, "..", "shared", "data"),
              os.path.join(ROOT, "..", "..", "shared", "data")]
lookup = next((os.path.join(d, NAME) for d in candidates
               if d and os.path.exists(os.path.join(d, NAME))), None)
if lookup is None:
    print("skipped: the England lookup is not in ../shared/data")
    sys.exit(77)
failures = []
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "england.json")
    p = subprocess.run([ORGVIZ, "import", "practices", lookup, "--as-at", "2024-01-01",
                        "-o", out], capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        print(p.stderr)
        sys.exit(1)
    with open(out, encoding="utf-8") as f:
        doc = json.load(f)
    counts = {}
    for o in doc["organisations"]:
        counts[o["type"]] = counts.get(o["type"], 0) + 1
    # the published counts: 7 regions, 42 ICBs, 106 sub-ICB locations,
    # 1,273 PCN codes of which one is "U" (Unallocated), 6,325 practices
    want = {"region": 7, "icb": 42, "sub-icb": 106, "pcn": 1272, "practice": 6325}
    if counts != want:
        failures.append(f"counts {counts}, want {want}")
    acronyms = {"APMS", "HIPC", "IGPC", "LOCC", "LSMP", "MMWF", "MVPS", "PCCO", "UHPC", "WACA",
                "BNSSG", "PHGH", "RHND", "WGGL", "PTNRS"}
    for o in doc["organisations"]:
        for w in re.findall(r"[A-Za-z]{4,}", o["name"]):
            if w.isupper() and w not in acronyms:
                failures.append(f"{o['id']}: '{w}' left in capitals in {o['name']!r}")
    p = subprocess.run([ORGVIZ, "validate", "--quiet", out], capture_output=True, text=True)
    if p.returncode != 0:
        failures.append(f"validate: {p.stderr[:500]}")
    p = subprocess.run([ORGVIZ, "chart", out, "--root", "QWU", "-o", os.path.join(tmp, "q.svg")],
                       capture_output=True, text=True)
    if p.returncode != 0:
        failures.append(f"chart --root QWU: {p.stderr[:500]}")
for f in failures[:40]:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
