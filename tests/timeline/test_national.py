#!/usr/bin/env python3
"""A national-scale file (tests/gen_national.py: ~730 organisations, ~270
transitions) validates, renders in seconds, and keeps every timeline
property: linear scale, no overlaps, a connector per pair."""
import subprocess
import sys
import time

import tlsvg as t


def main():
    for seed in (1, 7):
        path = t.national(seed)
        st, _, err = t.run("validate", "--quiet", path, check=False)
        t.check(st == 0, "seed %d: valid (%s)" % (seed, err[-300:]))
        start = time.monotonic()
        _, out, _ = t.run("timeline", path)
        secs = time.monotonic() - start
        t.check(secs < 10, "seed %d: SVG in %.2f s" % (seed, secs))
        root = t.ET.fromstring(out)
        doc = t.load(path)
        bs = t.bars(root)
        in_tr = {x for tr in doc["transitions"] for x in tr["from"] + tr["to"]}
        t.check(set(bs) == in_tr, "seed %d: default set (%d bars, %d in transitions)"
                % (seed, len(bs), len(in_tr)))
        t.check(t.lanes_ok(bs) is None, "seed %d: no overlap in a lane" % seed)
        pts = t.bar_points(doc, bs)
        _, _, worst = t.fit(pts)
        t.check(worst < 0.02, "seed %d: linear (residual %.4f)" % (seed, worst))
        trs = t.transitions(root)
        t.check(len(trs) == len(doc["transitions"]), "seed %d: every transition drawn" % seed)
        for i, tr in enumerate(doc["transitions"]):
            g = trs.get("transition-" + tr["id"])
            if tr["type"] == "establishment":
                want = len(tr["to"])
            elif tr["type"] == "abolition":
                want = len(tr["from"])
            else:
                want = len(tr["from"]) * len(tr["to"])
            t.check(g is not None and len(t.paths(g)) == want, "seed %d: %s connectors" % (seed, tr["id"]))
        lanes = len({round(b.y, 2) for b in bs.values()})
        print("seed %d: %d bars, %d transitions, %d lanes, %.2f s" % (seed, len(bs), len(trs), lanes, secs))
    start = time.monotonic()
    st, png, _ = t.run("timeline", path, "-T", "png", "-o", "-")
    secs = time.monotonic() - start
    t.check(png.startswith(b"\x89PNG") and secs < 30, "national PNG in %.2f s" % secs)
    root = t.timeline(path, "--types", "practice")
    t.check(sum(1 for k in t.bars(root) if k.startswith("P")) == 210, "--types practice adds 210")
    focus = t.timeline(path, "--focus", "Q001")
    t.check(0 < len(t.bars(focus)) < 40, "focus on one ICB: a few dozen bars")
    t.done("national")


main()
