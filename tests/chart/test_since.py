#!/usr/bin/env python3
"""orgviz chart --since: the structure on one day marked against an earlier
day (issue: what changed). Checked on the two bundled datasets' mergers:
H&W's four CCGs into 18C on 1 April 2020, and west Essex's three CCGs into
the ICB QM7 on 1 July 2022; the web contract holds."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests"))
import svglib  # noqa: E402

HW = svglib.source_path("data", "herefordshire-worcestershire.json")
WE = svglib.source_path("data", "west-essex.json")
KINDS = ("change-new", "change-moved", "change-renamed", "change-changed", "change-gone")


def marked(path, at, since, *more):
    code, out, err = svglib.orgviz("chart", path, "--at", at, "--since", since, *more)
    if code != 0:
        raise svglib.Failure("exit %d: %s" % (code, err))
    return out


def marks(g):
    return {c for c in svglib.classes(g) if c in KINDS}


class HWMerger(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.svg = marked(HW, "2020-04-01", "2020-03-31")
        cls.root = svglib.check_finished(cls.svg)
        cls.orgs = svglib.groups(cls.root, "org-")
        cls.gone = svglib.groups(cls.root, "gone-")

    def test_merged_ccg_is_new(self):
        self.assertEqual(marks(self.orgs["org-18C"]), {"change-new"})
        self.assertIn("NEW", svglib.text_of(self.orgs["org-18C"]))

    def test_four_ccgs_gone_with_where_they_went(self):
        for ccg in ("05F", "05J", "05T", "06D"):
            g = self.gone["gone-" + ccg]
            self.assertEqual(marks(g), {"change-gone"}, ccg)
            text = " ".join(svglib.text_of(g).split())
            self.assertIn("merged into NHS Herefordshire and Worcestershire CCG on 1 April 2020",
                          text, ccg)
        # the old CCGs are not drawn as organisations of the day
        self.assertNotIn("org-05F", self.orgs)

    def test_networks_moved(self):
        pcns = [g for i, g in self.orgs.items() if "type-pcn" in svglib.classes(g)]
        self.assertEqual(len(pcns), 15)
        for g in pcns:
            self.assertEqual(marks(g), {"change-moved"})
            self.assertIn("Moved since 31 March 2020: from NHS", svglib.tooltip(g))

    def test_trusts_and_practices_unchanged(self):
        for i in ("org-RWP", "org-RLQ", "org-R1A", "org-nhs-england", "org-M81012"):
            self.assertEqual(marks(self.orgs[i]), set(), i)

    def test_key_explains_each_mark_in_words(self):
        key = " ".join(svglib.text_of(self.root).split())
        self.assertIn("NEW: did not exist on 31 March 2020", key)
        self.assertIn("MOVED: under another parent than on 31 March 2020", key)
        self.assertIn("GONE: existed on 31 March 2020", key)

    def test_marks_differ_by_outline_not_only_colour(self):
        def outline(g):
            for el in g.iter():
                if svglib.local(el) in ("path", "polygon") and el.get("stroke-dasharray") is not None:
                    return el.get("stroke-dasharray")
                if svglib.local(el) in ("path", "polygon"):
                    return "solid:" + (el.get("stroke-width") or "1")
            return None
        new = outline(self.orgs["org-18C"])
        moved = outline(self.orgs["org-U12199"])
        plain = outline(self.orgs["org-RWP"])
        self.assertEqual(len({new, moved, plain}), 3, (new, moved, plain))

    def test_description_says_what_changed(self):
        desc = svglib.root_desc(self.root)
        self.assertIn("Marked against 31 March 2020: 3 new, 6 gone, 15 moved.", desc)
        self.assertIn("On 1 April 2020 four clinical commissioning groups merged into NHS "
                      "Herefordshire and Worcestershire CCG.", desc)


class TextVersion(unittest.TestCase):
    """-T html of a marked chart says the same as the marks, in words."""

    @classmethod
    def setUpClass(cls):
        import xml.etree.ElementTree as ET
        code, out, err = svglib.orgviz("chart", HW, "--at", "2020-04-01", "--since",
                                       "2020-03-31", "-T", "html")
        if code != 0:
            raise svglib.Failure(err)
        cls.tables = ET.fromstring(b"<div>" + out + b"</div>").findall("table")

    @staticmethod
    def text(el):
        return " ".join("".join(el.itertext()).split())

    def rows(self, table):
        return [[self.text(c) for c in tr] for tr in table.iter("tr")]

    def test_change_column(self):
        head = [self.text(th) for th in self.tables[0].find("thead").iter("th")]
        self.assertEqual(head[-1], "Since 31 March 2020")
        by_name = {r[0]: r[-1] for r in self.rows(self.tables[0]) if len(r) == 7}
        self.assertEqual(by_name["NHS Herefordshire and Worcestershire CCG"], "new")
        self.assertEqual(by_name["East Herefordshire PCN"], "moved, from NHS Herefordshire CCG")
        self.assertEqual(by_name["Wye Valley NHS Trust"], "")

    def test_gone_table(self):
        gone = [t for t in self.tables if "gone since 31 March 2020" in self.text(t.find("caption"))]
        self.assertEqual(len(gone), 1)
        rows = {r[0]: r[2] for r in self.rows(gone[0])[1:]}
        for name in ("NHS Herefordshire CCG", "NHS Wyre Forest CCG"):
            self.assertEqual(rows[name], "merged into NHS Herefordshire and Worcestershire CCG "
                                         "on 1 April 2020")


class WestEssexHandover(unittest.TestCase):
    def test_icb(self):
        root = svglib.check_finished(marked(WE, "2022-07-01", "2022-06-30"))
        orgs = svglib.groups(root, "org-")
        gone = svglib.groups(root, "gone-")
        self.assertEqual(marks(orgs["org-QM7"]), {"change-new"})
        self.assertEqual(marks(orgs["org-07H-subicb"]), {"change-new"})
        text = " ".join(svglib.text_of(gone["gone-07H"]).split())
        self.assertIn("merged into NHS Hertfordshire and West Essex Integrated Care Board on 1 "
                      "July 2022", text)


class EnglandHandover(unittest.TestCase):
    def test_coventry_and_warwickshire(self):
        root = svglib.check_finished(marked(svglib.source_path("data", "england.json"),
                                            "2022-07-01", "2022-06-30", "--root", "QWU"))
        orgs = svglib.groups(root, "org-")
        gone = svglib.groups(root, "gone-")
        self.assertEqual(marks(orgs["org-QWU"]), {"change-new"})
        self.assertEqual(marks(orgs["org-B2M3M-subicb"]), {"change-new"})
        self.assertEqual(set(gone), {"gone-B2M3M"})
        self.assertIn("Marked against 30 June 2022: 2 new, 1 gone, 20 moved. On 1 July 2022 NHS "
                      "Coventry and Warwickshire CCG handed over to NHS Coventry and "
                      "Warwickshire Integrated Care Board.", svglib.root_desc(root))
        text = " ".join(svglib.text_of(gone["gone-B2M3M"]).split())
        self.assertIn("handed over to NHS Coventry and Warwickshire Integrated Care Board on "
                      "1 July 2022", text)
        pcns = [g for g in orgs.values() if "type-pcn" in svglib.classes(g)]
        self.assertEqual(len(pcns), 19)
        self.assertTrue(all(marks(g) == {"change-moved"} for g in pcns))


class Unmarked(unittest.TestCase):
    def test_without_since_no_marks(self):
        code, out, err = svglib.orgviz("chart", HW, "--at", "2020-04-01")
        root = svglib.check_finished(out)
        for g in root.iter():
            self.assertFalse(marks(g), g.get("id"))
        self.assertEqual(svglib.groups(root, "gone-"), {})

    def test_root_description_keeps_to_the_root(self):
        # the CCG's first day is not this network chart's news
        code, out, err = svglib.orgviz("chart", HW, "--at", "2020-04-01", "--root", "U12199")
        desc = svglib.root_desc(svglib.check_finished(out))
        self.assertTrue(desc.startswith("On 1 April 2020, East Herefordshire PCN heads the chart."),
                        desc)
        self.assertNotIn("first day", desc)

    def test_since_must_come_first(self):
        code, out, err = svglib.orgviz("chart", HW, "--at", "2020-04-01", "--since", "2020-04-01")
        self.assertEqual(code, 2)
        self.assertIn("--since must be before --at", err)

    def test_root_keeps_only_its_own_gone(self):
        root = svglib.check_finished(marked(HW, "2020-04-01", "2020-03-31", "--root", "U12199"))
        self.assertEqual(svglib.groups(root, "gone-"), {})
        # and the description counts only what the chart shows
        self.assertIn("Marked against 31 March 2020: 1 moved.", svglib.root_desc(root))
        self.assertNotIn("merged", svglib.root_desc(root).split("Marked against")[1])


if __name__ == "__main__":
    unittest.main()
