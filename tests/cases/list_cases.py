#!/usr/bin/env python3
"""Prints kind/name of every case folder (used by meson at configure time)."""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
for kind in ("valid", "invalid"):
    for name in sorted(os.listdir(os.path.join(here, kind))):
        if os.path.isfile(os.path.join(here, kind, name, "input.json")):
            print(f"{kind}/{name}")
