#!/usr/bin/env python3
"""WCAG 2.1 AA: every text of a chart has a contrast of at least 4.5:1 with
what it is drawn on (its box, a panel, or the page), in both themes, for
the bundled data, the test files and a file of awkward type colours (pure
red and green, mid greys, white, NHS Green, ...). Computed from the SVG."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests"))
import svglib  # noqa: E402

SVGNS = "{%s}" % svglib.SVG
CASES = [
    (svglib.source_path("data", "herefordshire-worcestershire.json"), "2021-04-01"),
    (svglib.source_path("data", "herefordshire-worcestershire.json"), "2019-06-01"),
    (svglib.source_path("data", "herefordshire-worcestershire.json"), "2023-01-01"),
    (svglib.source_path("data", "west-essex.json"), "2021-04-01"),
    (svglib.source_path("tests", "chart", "data", "small.json"), "2021-04-01"),
    (svglib.source_path("tests", "chart", "data", "hostile.json"), "2021-04-01"),
    (svglib.source_path("tests", "chart", "data", "colours.json"), "2021-04-01"),
]


def own_fill(g):
    """The fill of G's own outline: its first shape (not one inside a label
    table), or None when it is not filled."""
    for child in g:
        if svglib.local(child) == "a":
            return own_fill(child)
        if svglib.local(child) in ("polygon", "path", "ellipse", "rect"):
            return svglib.colour(child.get("fill"))
    return None


def pairs(root):
    """[(where, text, ink, [backgrounds])] for every text of the chart."""
    out = []
    page = "#ffffff"
    panels = set()
    for g in root.iter(SVGNS + "g"):
        # the panels of stacks and groups (nodes drawn under the boxes)
        if {"cluster", "stack", "group"} & set(svglib.classes(g)):
            f = own_fill(g)
            if f:
                panels.add(f)

    def walk(el, bg, where):
        for child in el:
            name = svglib.local(child)
            if name == "g":
                cls = svglib.classes(child)
                here, where2 = bg, child.get("id") or where
                if "node" in cls or "cluster" in cls:
                    f = own_fill(child)
                    here = [f] if f else bg
                elif "edge" in cls:
                    here = [page] + sorted(panels)  # labels may sit on a panel
                walk(child, here, where2)
            elif name == "text":
                s = "".join(child.itertext()).strip()
                if s:
                    out.append((where, s, svglib.colour(child.get("fill")) or "#000000", bg))
            else:
                walk(child, bg, where)
    walk(root, [page], "page")
    return out


class Contrast(unittest.TestCase):
    def check(self, path, at, theme):
        code, out, err = svglib.orgviz("chart", path, "--at", at, "--theme", theme)
        self.assertEqual(code, 0, err)
        root = svglib.parse(out)
        found = pairs(root)
        self.assertTrue(found)
        for where, s, ink, bgs in found:
            for bg in bgs:
                r = svglib.contrast(ink, bg)
                self.assertGreaterEqual(r, 4.5, "%s %s: %r %s on %s: %.2f" % (
                    os.path.basename(path), where, s, ink, bg, r))
        # and every organisation box, text against its own fill
        for g in svglib.groups(root, "org-").values():
            svglib.check_contrast(g)

    def test_default(self):
        for path, at in CASES:
            with self.subTest(path=os.path.basename(path), at=at):
                self.check(path, at, "default")

    def test_mono(self):
        for path, at in CASES:
            with self.subTest(path=os.path.basename(path), at=at):
                self.check(path, at, "mono")


if __name__ == "__main__":
    unittest.main(verbosity=1)
