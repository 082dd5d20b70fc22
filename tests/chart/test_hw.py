#!/usr/bin/env python3
"""orgviz chart on data/herefordshire-worcestershire.json: what must be on
the chart at three dates, the web-ready SVG contract, and determinism."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests"))
import svglib  # noqa: E402

DATA = svglib.source_path("data", "herefordshire-worcestershire.json")


def load():
    with open(DATA, encoding="utf-8") as f:
        return json.load(f)


def chart(*args):
    code, out, err = svglib.orgviz("chart", DATA, *args)
    if code != 0:
        raise svglib.Failure("orgviz chart %s: exit %d: %s" % (" ".join(args), code, err))
    return out


class HerefordWorcester2021(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data = load()
        cls.svg = chart("--at", "2021-04-01")
        cls.root = svglib.check_finished(cls.svg)
        cls.orgs = svglib.groups(cls.root, "org-")

    def ids_of_type(self, t):
        return {o["id"] for o in self.data["organisations"] if o["type"] == t}

    def test_merged_ccg_and_above(self):
        self.assertIn("org-18C", self.orgs)
        self.assertIn("org-nhs-england", self.orgs)
        for old in ("05F", "05J", "05T", "06D", "QGH"):
            self.assertNotIn("org-" + old, self.orgs)

    def test_pcns_and_practices(self):
        pcns = self.ids_of_type("pcn")
        practices = self.ids_of_type("practice")
        self.assertEqual(len(pcns), 15)
        self.assertEqual(len(practices), 79)
        for i in pcns | practices:
            self.assertIn("org-" + i, self.orgs)

    def test_trusts(self):
        for t in ("RWP", "RLQ", "R1A"):
            self.assertIn("org-" + t, self.orgs)

    def test_classes(self):
        self.assertEqual(svglib.classes(self.orgs["org-18C"])[-2:], ["org", "type-ccg"])
        for gid, g in self.orgs.items():
            cls = svglib.classes(g)
            self.assertIn("org", cls, gid)
            self.assertTrue(any(c.startswith("type-") for c in cls), gid)

    def test_edges(self):
        rels = svglib.groups(self.root, "rel-")
        self.assertTrue(rels)
        kinds = set()
        for gid, g in rels.items():
            cls = svglib.classes(g)
            self.assertIn("rel", cls, gid)
            n = int(gid.split("-")[1])
            kind = self.data["relationships"][n]["type"]
            self.assertIn("rel-" + kind, cls, gid)
            kinds.add(kind)
        # the CCG commissions the trusts and answers to NHS England
        self.assertIn("commissions", kinds)
        self.assertIn("accountable_to", kinds)
        commissions = [g for g in rels.values() if "rel-commissions" in svglib.classes(g)]
        self.assertEqual(len(commissions), 3)
        self.assertTrue(all(svglib.tooltip(g) for g in commissions))

    def test_stacks_and_group(self):
        ids = svglib.by_id(self.root)
        self.assertIn("group-18C", ids)
        self.assertIn("stack-U32349-practice", ids)
        self.assertIn("10 GP practices", svglib.text_of(ids["stack-U32349-practice"]))
        self.assertIn("15 Primary Care Networks", svglib.text_of(ids["group-18C"]))

    def test_stacks_read_like_a_phone_book(self):
        # the boxes of each stack, column by column, top to bottom, are in
        # name order; every practice is inside the stack of its PCN
        ids = svglib.by_id(self.root)
        stacks = {k: v for k, v in ids.items() if k.startswith("stack-")}
        self.assertEqual(len(stacks), 15)
        placed = 0
        for sid, st in stacks.items():
            box = svglib.bbox(st)
            inner = [(svglib.bbox(g), g) for g in self.orgs.values()
                     if svglib.inside(svglib.bbox(g), box)]
            inner.sort(key=lambda t: (round((t[0][0] + t[0][2]) / 2), t[0][1]))
            names = [svglib.tooltip(g).split("\n")[0] for _, g in inner]
            self.assertEqual(names, sorted(names, key=lambda n: (n.lower(), n)), sid)
            pcn = sid.split("-")[1]
            for _, g in inner:
                oid = g.get("id")[4:]
                rel = [r for r in self.data["relationships"]
                       if r["from"] == oid and r["type"] == "member_of" and r["to"] == pcn]
                self.assertTrue(rel, "%s is not a member of %s" % (oid, pcn))
            placed += len(inner)
        self.assertEqual(placed, 79)

    def test_title_desc(self):
        title = svglib.root_title(self.root)
        self.assertIn(self.data["title"], title)
        self.assertIn("1 April 2021", title)
        desc = svglib.root_desc(self.root)
        self.assertTrue(desc.startswith("On 1 April 2021, NHS England heads the chart. NHS "
                                        "Herefordshire and Worcestershire CCG is accountable to "
                                        "it."), desc)
        self.assertIn("It has 15 primary care networks. Between them, the 15 primary care "
                      "networks have 79 GP practices.", desc)
        self.assertIn("It commissions 3 NHS trusts", desc)
        text = svglib.text_of(self.root)
        self.assertIn("as at 1 April 2021", text)
        self.assertIn("Sources:", text)
        self.assertIn("Key", text)

    def test_tooltips_and_links(self):
        tip = svglib.tooltip(self.orgs["org-18C"])
        self.assertIn("NHS Herefordshire and Worcestershire CCG", tip)
        self.assertIn("Clinical Commissioning Group", tip)
        self.assertIn("18C", tip)
        self.assertIn("1 April 2020 – 30 June 2022", tip)
        self.assertEqual(svglib.link_of(self.orgs["org-nhs-england"]),
                         ("https://www.england.nhs.uk/", "https://www.england.nhs.uk/"))
        for gid, g in self.orgs.items():
            self.assertTrue(svglib.tooltip(g), gid)

    def test_labels(self):
        text = svglib.text_of(self.orgs["org-18C"])
        for part in ("NHS Herefordshire and Worcestershire CCG", "Clinical Commissioning Group",
                     "18C", "800,888 people", "£1.19bn", "81 GP practices"):
            self.assertIn(part, text)

    def test_report_page(self):
        w, h = svglib.size_pt(self.root)
        self.assertLessEqual(w / h, 2.0, "wider than 2:1")
        # legible at 1000 px wide: the 9 pt names of practices stay 7 px or more
        self.assertGreaterEqual(9 * 1000 / w, 7.0, "text too small at 1000 px: %gpt wide" % w)

    def test_deterministic(self):
        self.assertEqual(self.svg, chart("--at", "2021-04-01"))

    def test_responsive(self):
        root = svglib.check_finished(chart("--at", "2021-04-01", "--responsive"), responsive=True)
        self.assertEqual(root.get("preserveAspectRatio"), "xMidYMid meet")


class HerefordWorcesterBeforeTheMerger(unittest.TestCase):
    """31 March 2020: each of the 15 PCNs is drawn under one of the four
    CCGs of its area (an inference stated in each PCN's note), none is left
    without a parent."""

    @classmethod
    def setUpClass(cls):
        cls.data = load()
        cls.svg = chart("--at", "2020-03-31")
        cls.root = svglib.check_finished(cls.svg)

    def test_every_pcn_is_drawn_under_its_ccg(self):
        rels = self.data["relationships"]
        pcns = {o["id"] for o in self.data["organisations"] if o["type"] == "pcn"}
        drawn = {}
        for gid in svglib.groups(self.root, "rel-"):
            r = rels[int(gid.split("-")[1])]
            if r["type"] == "part_of" and r["from"] in pcns:
                drawn[r["from"]] = r["to"]
        self.assertEqual(set(drawn), pcns)
        per_ccg = {}
        for ccg in drawn.values():
            per_ccg[ccg] = per_ccg.get(ccg, 0) + 1
        self.assertEqual(per_ccg, {"05F": 5, "05J": 3, "05T": 5, "06D": 2})
        # the PCNs with a practice near a boundary follow their names
        self.assertEqual(drawn["U38064"], "05F")   # Tenbury Surgery
        self.assertEqual(drawn["U62975"], "05T")   # Chaddesley Surgery
        self.assertEqual(drawn["U78694"], "06D")   # Hagley Surgery
        self.assertNotIn("with no parent on this day", svglib.text_of(self.root))

    def test_notes_say_it_is_an_inference(self):
        for o in self.data["organisations"]:
            if o["type"] == "pcn":
                self.assertIn("That is an inference", o["note"], o["id"])
                self.assertNotIn("issue", o["note"], o["id"])


class OtherDates(unittest.TestCase):
    def test_2019(self):
        root = svglib.check_finished(chart("--at", "2019-06-01"))
        orgs = svglib.groups(root, "org-")
        for ccg in ("05F", "05J", "05T", "06D"):
            self.assertIn("org-" + ccg, orgs)
        self.assertNotIn("org-18C", orgs)
        self.assertIn("4 clinical commissioning groups", svglib.root_desc(root))
        # the practices' place before their networks began (July 2019) is
        # not in the data: they are counted, not drawn as a wall of boxes
        self.assertFalse([g for g in orgs if g.startswith("org-M81")])
        self.assertIn("Not shown: 79 GP practices, whose place on this day is not recorded.",
                      svglib.root_desc(root))
        texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
        self.assertIn("Not shown: 79 GP practices", texts)

    def test_2023(self):
        root = svglib.check_finished(chart("--at", "2023-01-01"))
        orgs = svglib.groups(root, "org-")
        self.assertIn("org-QGH", orgs)
        self.assertIn("org-18C-subicb", orgs)
        self.assertNotIn("org-18C", orgs)
        self.assertTrue(svglib.root_desc(root).startswith(
            "On 1 January 2023, NHS England heads the chart. NHS Herefordshire and "
            "Worcestershire Integrated Care Board is accountable to it."))

    def test_before_everything(self):
        # the PCTs' time: no CCG, still a valid chart
        root = svglib.check_finished(chart("--at", "2012-01-01"))
        orgs = svglib.groups(root, "org-")
        self.assertIn("org-5CN", orgs)
        self.assertNotIn("org-05F", orgs)


if __name__ == "__main__":
    unittest.main(verbosity=1)
