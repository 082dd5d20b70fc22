#!/usr/bin/env python3
"""A chart names each organisation as it was on the chart's day: NHS Heron
Valley CCG was NHS Kestrel CCG up to 30 September 2020
(tests/chart/data/renamed.json, a "history" entry). Before the rename its
box, its tooltip, the chart's description (<desc>), the tooltips of the
lines that touch it, the label of a stub that names it and the text
version (-T html) all say the old name and never the new one; after the
rename, the reverse. Marked against a day before the rename (--since),
the chart says what it was formerly called."""
import os
import sys
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests"))
import svglib  # noqa: E402

DATA = svglib.source_path("tests", "chart", "data", "renamed.json")
OLD = "NHS Kestrel CCG"
NEW = "NHS Heron Valley CCG"
BEFORE = "2020-06-01"
AFTER = "2021-01-01"
# relationship indexes of renamed.json that touch K1 (the renamed CCG)
TOUCHING = {"rel-0": "Marsh PCN part of %s", "rel-1": "Fen PCN part of %s",
            "rel-3": "Reed PCN also member of %s", "rel-4": "%s commissions Wren Hospitals NHS Trust",
            "rel-5": "Moor County Council partner of %s"}


def run(*args):
    code, out, err = svglib.orgviz("chart", DATA, *args)
    if code != 0:
        raise svglib.Failure("orgviz chart %s: exit %d: %s" % (" ".join(args), code, err))
    return out


def words(s):
    return " ".join((s or "").split())


def all_text(root):
    """Every text and attribute value in the tree ROOT, whitespace folded."""
    parts = []
    for el in root.iter():
        parts += [el.text or "", el.tail or ""] + list(el.attrib.values())
    return words(" ".join(parts))


def html(*args):
    # a fragment: wrapped to parse it as XML
    return ET.fromstring("<div>" + run(*args, "-T", "html").decode("utf-8") + "</div>")


class Dated:
    """The checks for one day: the name in force (NAME), the other (OTHER)."""
    AT = NAME = OTHER = None

    @classmethod
    def setUpClass(cls):
        cls.root = svglib.check_finished(run("--at", cls.AT))
        cls.orgs = svglib.groups(cls.root, "org-")
        cls.rels = svglib.groups(cls.root, "rel-")
        cls.text = html("--at", cls.AT)

    def test_box_label_and_tooltip(self):
        g = self.orgs["org-K1"]
        self.assertIn(self.NAME, words(svglib.text_of(g)))
        self.assertEqual(svglib.tooltip(g).split("\n")[0], self.NAME)

    def test_description(self):
        d = words(svglib.root_desc(self.root))
        self.assertIn("%s heads the chart" % self.NAME, d)
        self.assertIn("%s commissions Wren Hospitals NHS Trust" % self.NAME, d)
        self.assertIn("works in partnership with %s" % self.NAME, d)
        self.assertNotIn(self.OTHER, d)

    def test_line_tooltips(self):
        for rid, form in TOUCHING.items():
            self.assertEqual(words(svglib.tooltip(self.rels[rid])), form % self.NAME, rid)

    def test_stub_label(self):
        # Reed PCN's second parent is drawn as a stub that names it
        self.assertIn("also", svglib.classes(self.rels["rel-3"]))
        self.assertEqual(words(svglib.text_of(self.rels["rel-3"])),
                         "also member of %s" % self.NAME)

    def test_old_name_nowhere_in_svg(self):
        self.assertIn(self.NAME, all_text(self.root))
        self.assertNotIn(self.OTHER, all_text(self.root))

    def test_text_version(self):
        tree, links = self.text.findall("table")
        by_name = {r[0]: (g, r) for g, r in svglib.table_rows(tree)}
        self.assertEqual(by_name[self.NAME][0], "At the top (4)")
        self.assertEqual(by_name["Fen PCN"][0], "Under %s (2)" % self.NAME)
        self.assertEqual(by_name["Fen PCN"][1][3], "part of %s" % self.NAME)
        lines = [r[:3] for g, r in svglib.table_rows(links)]
        self.assertIn([self.NAME, "commissions", "Wren Hospitals NHS Trust"], lines)
        self.assertIn(["Moor County Council", "partner of", self.NAME], lines)
        self.assertIn(["Reed PCN", "also member of", self.NAME], lines)
        self.assertIn(self.NAME, all_text(self.text))
        self.assertNotIn(self.OTHER, all_text(self.text))


class BeforeRename(Dated, unittest.TestCase):
    AT, NAME, OTHER = BEFORE, OLD, NEW


class AfterRename(Dated, unittest.TestCase):
    AT, NAME, OTHER = AFTER, NEW, OLD


class MarkedAgainstBefore(unittest.TestCase):
    """--since a day before the rename: the new name, formerly the old."""

    def test_chart(self):
        root = svglib.check_finished(run("--at", AFTER, "--since", BEFORE))
        g = svglib.groups(root, "org-")["org-K1"]
        self.assertIn("change-renamed", svglib.classes(g))
        self.assertEqual(svglib.tooltip(g).split("\n")[0], NEW)
        self.assertIn("Renamed since 1 June 2020: formerly %s" % OLD, svglib.tooltip(g))
        self.assertIn("formerly %s" % OLD, words(svglib.text_of(g)))

    def test_text_version(self):
        tree = html("--at", AFTER, "--since", BEFORE).find("table")
        by_name = {r[0]: r for g, r in svglib.table_rows(tree)}
        self.assertEqual(by_name[NEW][-1], "renamed, formerly %s" % OLD)
        self.assertNotIn(OLD, by_name)


if __name__ == "__main__":
    unittest.main()
