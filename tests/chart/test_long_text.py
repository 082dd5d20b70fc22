#!/usr/bin/env python3
"""Texts that validate but are far too long to draw whole (10,000
characters: a type label, a source title, a name, a relationship label, a
title; with spaces and as one word) are wrapped and cut, so that the chart
and the timeline still draw (Graphviz refuses an edge longer than 65,535
points: exit 4 before), while the full text stays where a reader can get
it: the organisation's tooltip and the SVG's <title>."""
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests"))
import svglib  # noqa: E402

SMALL = svglib.source_path("tests", "chart", "data", "small.json")
LINEAGE = svglib.source_path("tests", "timeline", "data", "lineage.json")
TEXTS = {"spaces": "Very long label " * 625, "word": "X" * 10000}


def lengthen(path, text, out):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    for t in d.get("types", {}).values():
        t["label"] = text
    for s in d.get("sources", []):
        s["title"] = text
    d["sources"] = d.get("sources") or [{"id": "long", "title": text}]
    d["title"] = text
    for o in d["organisations"][:4]:
        o["name"] = text + o["id"]
    for r in d.get("relationships", []):
        r["label"] = text
    for t in d.get("transitions", []):
        t["label"] = text
    with open(out, "w", encoding="utf-8") as f:
        json.dump(d, f)
    return d


class LongText(unittest.TestCase):
    def check_svg(self, out, doc, max_width):
        root = svglib.parse(out)
        svglib.check_finished(out, root)
        w, h = svglib.size_pt(root)
        self.assertLess(w, max_width)
        self.assertLess(h, 20000)
        tips = [svglib.tooltip(g) or "" for g in svglib.groups(root, "org-").values()]
        named = [o for o in doc["organisations"][:4] if any(o["name"] in t for t in tips)]
        self.assertTrue(named, "no tooltip holds a full 10,000-character name")
        return root

    def test_chart(self):
        with tempfile.TemporaryDirectory() as tmp:
            for kind, text in TEXTS.items():
                path = os.path.join(tmp, kind + ".json")
                doc = lengthen(SMALL, text, path)
                code, out, err = svglib.orgviz("chart", path, "--at", "2021-04-01")
                self.assertEqual(code, 0, "%s: %s" % (kind, err[-500:]))
                root = self.check_svg(out, doc, 5000)
                self.assertIn(text.strip(), svglib.root_title(root))
                code, out, err = svglib.orgviz("chart", path, "--at", "2021-04-01",
                                               "--title", "T" * 10000)
                self.assertEqual(code, 0, "%s --title: %s" % (kind, err[-500:]))

    def test_timeline(self):
        with tempfile.TemporaryDirectory() as tmp:
            for kind, text in TEXTS.items():
                path = os.path.join(tmp, kind + ".json")
                doc = lengthen(LINEAGE, text, path)
                code, out, err = svglib.orgviz("timeline", path)
                self.assertEqual(code, 0, "%s: %s" % (kind, err[-500:]))
                self.check_svg(out, doc, 2500)


if __name__ == "__main__":
    unittest.main(verbosity=1)
