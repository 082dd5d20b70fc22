#!/usr/bin/env python3
"""Prints kind/name of every case folder (used by meson at configure time).

A folder without input.json is a mistake (a misspelt file name would
otherwise drop the case silently): it fails, naming the folder.
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
missing = []
for kind in ("valid", "invalid"):
    for name in sorted(os.listdir(os.path.join(here, kind))):
        folder = os.path.join(here, kind, name)
        if not os.path.isdir(folder):
            continue
        if os.path.isfile(os.path.join(folder, "input.json")):
            print(f"{kind}/{name}")
        else:
            missing.append(f"{kind}/{name}")
if missing:
    sys.exit("tests/cases: no input.json in " + ", ".join(missing))
