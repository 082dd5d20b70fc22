#!/usr/bin/env python3
"""Line kinds are not told apart by colour alone (WCAG 2.1 1.4.1) and the
key draws them as the chart does; grouping boxes have borders of at least
3:1 (1.4.11).

From the SVG: every chart line (<g class="rel rel-KIND">) gives a look
(dash pattern, stroke width, arrowhead or not); every line sample of the
key (a <polyline> in the chart's footer, followed by a "►" when it has an
arrowhead, then its label) gives one too. For each kind drawn, the key's
look must equal the chart's, and no two kinds in a key may have the same
pattern and arrowhead (colour and width set aside). In both themes."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests"))
import svglib  # noqa: E402

SVG = "{%s}" % svglib.SVG
HW = svglib.source_path("data", "herefordshire-worcestershire.json")
SMALL = svglib.source_path("tests", "chart", "data", "small.json")
ARROW = "\u25ba"

# the key's labels, by the start of their text
KEY_KINDS = [("part of", "part_of"), ("member of", "part_of"),
             ("accountable to", "accountable_to"), ("also member of", "also"),
             ("commissions", "commissions"), ("partner of", "partner_of"),
             ("delegates functions to", "delegates_to")]


def look(shape, arrow):
    width = float(shape.get("stroke-width") or 1)
    return (shape.get("stroke-dasharray") or "solid", width, arrow)


def chart_looks(root):
    """{kind: set of looks} of the lines drawn in the chart."""
    out = {}
    for g in root.iter(SVG + "g"):
        cls = svglib.classes(g)
        if "rel" not in cls:
            continue
        kind = "also" if "also" in cls else next(c[4:] for c in cls if c.startswith("rel-"))
        if kind == "member_of":
            kind = "part_of"  # drawn alike, one entry in the key
        path = g.find(".//" + SVG + "path")
        if path is None:
            continue
        arrow = g.find(".//" + SVG + "polygon") is not None
        out.setdefault(kind, set()).add(look(path, arrow))
    return out


def key_looks(root):
    """{kind: look} of the key's line samples, read in document order."""
    chart = next(g for g in root.iter(SVG + "g") if "chart" in svglib.classes(g)
                 and "cluster" in svglib.classes(g))
    out = {}
    sample = None
    arrow = False
    for el in chart:
        tag = svglib.local(el)
        if tag == "polyline":
            sample, arrow = el, False
        elif tag == "text" and sample is not None:
            text = "".join(el.itertext()).strip()
            if text == ARROW:
                arrow = True
                continue
            kind = next((k for start, k in KEY_KINDS if text.startswith(start)), None)
            if kind is None:
                raise AssertionError("a key line without a known label: %r" % text)
            out[kind] = look(sample, arrow)
            sample = None
    return out


class LineKinds(unittest.TestCase):
    def check(self, *args):
        root = svglib.parse(svglib.orgviz("chart", *args)[1])
        drawn = chart_looks(root)
        key = key_looks(root)
        self.assertTrue(drawn)
        self.assertEqual(set(key), set(drawn), args)
        for kind, looks in drawn.items():
            self.assertEqual(looks, {key[kind]}, (args, kind))
        # each kind its own dash pattern or arrowhead (width is no help)
        seen = {}
        for kind, lk in key.items():
            shape = (lk[0], lk[2])
            self.assertNotIn(shape, seen, "%s and %s differ only by colour or width: %s" %
                             (kind, seen.get(shape), lk))
            seen[shape] = kind
        return key

    def test_hw_2019(self):
        for theme in ("default", "mono"):
            key = self.check(HW, "--at", "2019-06-01", "--theme", theme)
            self.assertEqual(set(key), {"part_of", "accountable_to", "commissions",
                                        "partner_of", "delegates_to"})

    def test_small_with_second_parent(self):
        for theme in ("default", "mono"):
            key = self.check(SMALL, "--at", "2021-04-01", "--theme", theme)
            self.assertIn("also", key)

    def test_group_box_borders(self):
        for theme in ("default", "mono"):
            root = svglib.parse(svglib.orgviz("chart", SMALL, "--at", "2021-04-01",
                                              "--theme", theme)[1])
            boxes = [g for g in root.iter(SVG + "g") if "stack" in svglib.classes(g)]
            self.assertTrue(boxes)
            for g in boxes:
                shape = g.find(SVG + "path")
                if shape is None:
                    shape = g.find(SVG + "polygon")
                stroke = svglib.colour(shape.get("stroke"))
                fill = svglib.colour(shape.get("fill"))
                for against in ("#ffffff", fill):
                    self.assertGreaterEqual(svglib.contrast(stroke, against), 3.0,
                                            (theme, g.get("id"), stroke, against))


if __name__ == "__main__":
    unittest.main()
