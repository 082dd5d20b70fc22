#!/usr/bin/env python3
"""orgviz chart on a small hand-written file: the choice of the primary
parent, stacks, --root and --depth, themes and the other formats."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests"))
import svglib  # noqa: E402

DATA = svglib.source_path("tests", "chart", "data", "small.json")
AT = ("--at", "2021-04-01")


def chart(*args, path=DATA):
    code, out, err = svglib.orgviz("chart", path, *AT, *args)
    if code != 0:
        raise svglib.Failure("orgviz chart %s: exit %d: %s" % (" ".join(args), code, err))
    return out


def svg(*args):
    return svglib.check_finished(chart(*args))


class PrimaryParent(unittest.TestCase):
    """Relationship indexes (rel-N) are those of small.json."""

    @classmethod
    def setUpClass(cls):
        cls.root = svg()
        cls.ids = svglib.by_id(cls.root)
        cls.orgs = svglib.groups(cls.root, "org-")

    def test_what_exists(self):
        expected = {"NHSE", "A", "P", "Q", "F", "C", "T", "X", "Y"} | {"Q%d" % i for i in range(1, 7)}
        self.assertEqual(set(self.orgs), {"org-" + i for i in expected})

    def test_most_specific_parent_wins(self):
        # X is a member of P and of A, and P is part of A: drawn under P
        # (stacked, as P's sibling Q stacks its practices); the link to A is
        # implied, not drawn
        self.assertIn("stack-P-practice", self.ids)
        self.assertTrue(svglib.inside(svglib.bbox(self.orgs["org-X"]),
                                      svglib.bbox(self.ids["stack-P-practice"])))
        self.assertNotIn("rel-5", self.ids)

    def test_ancestor_dropped(self):
        # C is part of A and accountable to NHSE, which A answers to
        self.assertIn("rel-3", self.ids)
        self.assertNotIn("rel-4", self.ids)

    def test_unrelated_parents(self):
        # Y: member of F (first in the file) and of P, neither above the
        # other: drawn under F, with a dotted "also member of" line to P
        self.assertIn("rel-7", self.ids)
        also = self.ids["rel-8"]
        self.assertIn("also", svglib.classes(also))
        self.assertIn("rel-member_of", svglib.classes(also))
        self.assertIn("also member of", svglib.text_of(also))

    def test_cross_links(self):
        self.assertIn("rel-commissions", svglib.classes(self.ids["rel-9"]))
        self.assertIn("acute care", svglib.text_of(self.ids["rel-9"]))
        self.assertIn("rel-partner_of", svglib.classes(self.ids["rel-10"]))

    def test_stacked_practices(self):
        stack = svglib.bbox(self.ids["stack-Q-practice"])
        for i in range(1, 7):
            self.assertTrue(svglib.inside(svglib.bbox(self.orgs["org-Q%d" % i]), stack), i)
        self.assertIn("6 GP practices", svglib.text_of(self.ids["stack-Q-practice"]))

    def test_sources_cited(self):
        text = svglib.text_of(self.root)
        self.assertIn("Source: Test source one.", text)
        self.assertNotIn("Source nobody cites", text)

    def test_describe(self):
        desc = svglib.root_desc(self.root)
        self.assertTrue(desc.startswith("On 1 April 2021, NHS England heads the chart. NHS Alpha "
                                        "CCG is accountable to it. It has 2 primary care "
                                        "networks: Alpha North PCN and Alpha South PCN."), desc)
        self.assertIn("NHS Alpha CCG commissions Alpha Hospitals NHS Trust.", desc)
        self.assertIn("Audit Committee is part of NHS Alpha CCG.", desc)


class RootAndDepth(unittest.TestCase):
    def test_root(self):
        orgs = svglib.groups(svg("--root", "Q"), "org-")
        self.assertEqual(set(orgs), {"org-Q"} | {"org-Q%d" % i for i in range(1, 7)})

    def test_root_depth_1(self):
        root = svg("--root", "A", "--depth", "1")
        orgs = svglib.groups(root, "org-")
        self.assertEqual(set(orgs), {"org-A", "org-P", "org-Q", "org-C"})
        # a cut box counts what is hidden, without a plus sign
        self.assertIn("1 GP practice", svglib.text_of(orgs["org-P"]))
        self.assertIn("6 GP practices", svglib.text_of(orgs["org-Q"]))
        self.assertNotIn("+", svglib.text_of(orgs["org-Q"]))
        self.assertNotIn("practice", svglib.text_of(orgs["org-C"]))

    def test_root_depth_0(self):
        orgs = svglib.groups(svg("--root", "A", "--depth", "0"), "org-")
        self.assertEqual(set(orgs), {"org-A"})
        self.assertIn("2 primary care networks, 7 GP practices, 1 committee or governing body",
                      svglib.text_of(orgs["org-A"]))

    def test_depth_0(self):
        orgs = svglib.groups(svg("--depth", "0"), "org-")
        self.assertEqual(set(orgs), {"org-NHSE", "org-F", "org-T"})
        self.assertIn("1 clinical commissioning group, 2 primary care networks", svglib.text_of(orgs["org-NHSE"]))

    def test_depth_1_hides_networks(self):
        orgs = svglib.groups(svg("--depth", "1"), "org-")
        self.assertIn("org-A", orgs)
        self.assertNotIn("org-P", orgs)


class Formats(unittest.TestCase):
    def test_png(self):
        data = chart("-T", "png")
        w, h = svglib.png_size(data)
        small = chart("-T", "png", "--dpi", "72")
        w2, h2 = svglib.png_size(small)
        self.assertAlmostEqual(w / w2, 2.0, delta=0.05)  # default 144 dpi
        self.assertEqual(data, chart("-T", "png"))

    def test_pdf(self):
        data = chart("-T", "pdf")
        self.assertEqual(data[:5], b"%PDF-")
        self.assertGreater(len(data), 1000)
        if os.environ.get("SOURCE_DATE_EPOCH"):
            self.assertEqual(data, chart("-T", "pdf"))

    def test_dot(self):
        data = chart("-T", "dot").decode()
        self.assertTrue(data.startswith("digraph"), data[:40])
        self.assertIn('id="org-A"', data)
        self.assertEqual(data, chart("-T", "dot").decode())

    def test_svg_twice(self):
        self.assertEqual(chart(), chart())

    def test_title(self):
        root = svg("--title", "My <own> title")
        self.assertTrue(svglib.root_title(root).startswith("My <own> title, as at 1 April 2021"))
        self.assertIn("My <own> title", svglib.text_of(root))

    def test_mono(self):
        root = svg("--theme", "mono")
        for gid, g in svglib.groups(root, "org-").items():
            fill = svglib.shape_fill(g)
            self.assertTrue(fill[1:3] == fill[3:5] == fill[5:7], "%s: %s is not grey" % (gid, fill))
            svglib.check_contrast(g)


if __name__ == "__main__":
    unittest.main(verbosity=1)
