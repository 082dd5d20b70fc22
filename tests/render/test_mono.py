#!/usr/bin/env python3
"""The mono theme: greys in the hierarchy's order (darker nearer the top)
and far enough apart to tell the types apart; cut boxes without '+'."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests"))
import svglib  # noqa: E402

HW = svglib.source_path("data", "herefordshire-worcestershire.json")


def lightness(hexcolour):
    """CIE L* of an sRGB colour."""
    y = svglib.luminance(svglib.colour(hexcolour))
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else 24389 / 27 * y


def fills_by_type(root):
    out = {}
    for g in svglib.groups(root, "org-").values():
        kinds = [c[5:] for c in svglib.classes(g) if c.startswith("type-")]
        out.setdefault(kinds[0], set()).add(svglib.shape_fill(g).lower())
    return out


class Mono(unittest.TestCase):
    def test_hierarchy_order_and_apart(self):
        code, out, err = svglib.orgviz("chart", HW, "--at", "2021-04-01", "--theme", "mono")
        self.assertEqual(code, 0, err)
        fills = fills_by_type(svglib.parse(out))
        for kind, f in fills.items():
            self.assertEqual(len(f), 1, kind)
        light = {k: lightness(next(iter(f))) for k, f in fills.items()}
        for k, f in fills.items():
            c = svglib.colour(next(iter(f)))
            self.assertTrue(c[1:3] == c[3:5] == c[5:7], (k, f))
        # down the hierarchy: national body and the councils, the CCG, its
        # networks, their practices
        self.assertLess(light["nhs-england"], light["ccg"])
        self.assertLess(light["ccg"], light["pcn"])
        self.assertLess(light["pcn"], light["practice"])
        self.assertLess(light["ccg"], light["committee"])
        # every two types drawn at least 6 L* apart (ICB and practice were 3)
        values = sorted(light.values())
        for a, b in zip(values, values[1:]):
            self.assertGreaterEqual(b - a, 6, light)

    def test_icb_and_practice_apart(self):
        code, out, err = svglib.orgviz("chart", HW, "--at", "2023-01-01", "--theme", "mono")
        self.assertEqual(code, 0, err)
        light = {k: lightness(next(iter(f))) for k, f in fills_by_type(svglib.parse(out)).items()}
        self.assertGreaterEqual(light["practice"] - light["icb"], 30, light)


if __name__ == "__main__":
    unittest.main()
