#!/usr/bin/env python3
"""What a screen reader gets (issue 12): descriptions that are right, the
text version (-T html), ids unique per chart (--id-prefix).

Descriptions are read from the SVG's <desc>, split into sentences and
checked sentence by sentence against the H&W data: what heads the chart
comes first, the organisations that change are named, ownership is said of
the right organisation, and no sentence is longer than 25 words. The
expected facts come from data/herefordshire-worcestershire.json and
data/west-essex.json, checked by hand against the charts (README)."""
import json
import os
import re
import subprocess
import sys
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests"))
import svglib  # noqa: E402

HW = svglib.source_path("data", "herefordshire-worcestershire.json")
WE = svglib.source_path("data", "west-essex.json")
HOSTILE = svglib.source_path("tests", "chart", "data", "hostile.json")
MAX_WORDS = 25
CCGS = ["NHS Herefordshire CCG", "NHS Redditch and Bromsgrove CCG",
        "NHS South Worcestershire CCG", "NHS Wyre Forest CCG"]


def run(*args):
    code, out, err = svglib.orgviz(*args)
    if code != 0:
        raise svglib.Failure("orgviz %s: exit %d: %s" % (" ".join(map(str, args)), code, err))
    return out


def desc_of(*args):
    return svglib.root_desc(svglib.parse(run(*args)))


def sentences(text):
    """TEXT split after each full stop that a space and a capital or digit
    follow (no name in the data has a full stop inside)."""
    return [s for s in re.split(r"(?<=\.)\s+(?=[A-Z0-9])", text.strip()) if s]


def with_(items, *words):
    """The sentences that contain every one of WORDS."""
    return [s for s in items if all(w in s for w in words)]


class Descriptions(unittest.TestCase):
    def check_short(self, text):
        for s in sentences(text):
            self.assertLessEqual(len(s.split()), MAX_WORDS, s)
            self.assertTrue(s.endswith("."), s)

    def test_2013_day_before(self):
        d = desc_of("chart", HW, "--at", "2013-03-31")
        self.check_short(d)
        s = sentences(d)
        # the primary care trusts lead: the chart is about their last day
        self.assertIn("Herefordshire PCT and Worcestershire PCT", s[0])
        self.assertTrue(s[0].startswith("On 31 March 2013, "), s[0])
        self.assertTrue(with_(s, "last day of", "Herefordshire PCT", "Worcestershire PCT"), d)
        self.assertTrue(with_(s, "Worcestershire Health and Wellbeing Board",
                              "part of Worcestershire County Council"), d)
        self.assertTrue(with_(s, "Not shown: 79 GP practices"), d)

    def test_2019(self):
        d = desc_of("chart", HW, "--at", "2019-06-01")
        self.check_short(d)
        s = sentences(d)
        self.assertEqual(s[0], "On 1 June 2019, NHS England heads the chart.")
        for ccg in CCGS:
            self.assertIn(ccg, d)
        # the committees are South Worcestershire CCG's, not NHS England's
        committees = with_(s, "Primary Care Commissioning Committee")
        self.assertTrue(committees, d)
        for c in committees:
            self.assertTrue(c.startswith("NHS South Worcestershire CCG has "), c)
        self.assertFalse(with_(s, "NHS England", "committee"), d)
        # the lines outside the hierarchy
        self.assertTrue(with_(s, "NHS England delegates functions to NHS South Worcestershire CCG"))
        self.assertTrue(with_(s, "commissions Worcestershire Acute Hospitals NHS Trust"), d)
        self.assertTrue(with_(s, "works in partnership with"), d)
        self.assertTrue(with_(s, "Not shown: 79 GP practices"), d)

    def test_2020_day_before_merger(self):
        d = desc_of("chart", HW, "--at", "2020-03-31")
        self.check_short(d)
        s = sentences(d)
        self.assertEqual(s[0], "On 31 March 2020, NHS England heads the chart.")
        # the four CCGs that merge the next day, by name, and who has what
        for ccg in CCGS:
            self.assertIn(ccg, s[2])
        self.assertTrue(with_(s, "last day of 4 clinical commissioning groups"), d)
        self.assertTrue(with_(s, "NHS Herefordshire CCG has 5 primary care networks"), d)
        self.assertTrue(with_(s, "NHS Wyre Forest CCG has 2 primary care networks"), d)
        self.assertFalse(with_(s, "Not shown"), d)

    def test_2020_merger_day(self):
        d = desc_of("chart", HW, "--at", "2020-04-01")
        self.check_short(d)
        self.assertTrue(with_(sentences(d), "first day of", "NHS Herefordshire and "
                              "Worcestershire CCG"), d)

    def test_root_and_depth(self):
        d = desc_of("chart", HW, "--at", "2021-04-01", "--root", "18C", "--depth", "1")
        self.check_short(d)
        s = sentences(d)
        self.assertTrue(s[0].startswith("On 1 April 2021, NHS Herefordshire and Worcestershire "
                                        "CCG heads the chart."), d)
        self.assertTrue(with_(s, "It is accountable to NHS England"), d)
        self.assertTrue(with_(s, "Only 1 level below the top is drawn"), d)

    def test_timelines(self):
        d = desc_of("timeline", HW, "--to", "2025-03-31")
        self.check_short(d)
        s = sentences(d)
        merged = with_(s, "merged into NHS Herefordshire and Worcestershire CCG on 1 April 2020")
        self.assertTrue(merged, d)
        # the merging CCGs are named, just before or in the sentence
        named = s[s.index(merged[0]) - 1] + " " + merged[0]
        for ccg in CCGS:
            self.assertIn(ccg, named)
        d = desc_of("timeline", WE, "--to", "2025-03-31")
        self.check_short(d)
        for ccg in ("NHS East and North Hertfordshire CCG", "NHS Herts Valleys CCG",
                    "NHS West Essex CCG"):
            self.assertIn(ccg, d)
        d = desc_of("timeline", HW, "--focus", "QGH", "--to", "2025-03-31")
        self.check_short(d)


HTML = "{http://www.w3.org/1999/xhtml}"


class TextVersion(unittest.TestCase):
    def fragment(self, *args):
        out = run(*args, "-T", "html").decode("utf-8")
        # a fragment: wrapped to parse it as XML (well-formed for any input)
        return ET.fromstring("<div>" + out + "</div>")

    def test_chart_table(self):
        root = self.fragment("chart", HW, "--at", "2019-06-01")
        tables = root.findall("table")
        self.assertEqual(len(tables), 2)  # the tree, the other lines
        t = tables[0]
        self.assertIn("1 June 2019", "".join(t.find("caption").itertext()))
        cols = [("".join(th.itertext()), th.get("scope")) for th in t.find("thead").iter("th")]
        self.assertEqual(cols, [("Organisation", "col"), ("Type", "col"), ("Code", "col"),
                                ("Place", "col"), ("From", "col"), ("To", "col")])
        rows = svglib.table_rows(t)
        svg = svglib.parse(run("chart", HW, "--at", "2019-06-01"))
        drawn = svglib.groups(svg, "org-")
        placed = [r for g, r in rows if not g.startswith("Not shown")]
        self.assertEqual(len(placed), len(drawn))
        self.assertEqual(len([r for g, r in rows if g.startswith("Not shown")]), 79)
        # grouped by parent: a row under "Under X" says where it sits in X
        for group, r in rows:
            if group.startswith("Under "):
                parent = group[len("Under "):].rsplit(" (", 1)[0]
                self.assertTrue(r[3].endswith(" " + parent), (group, r))
        by_name = {r[0]: r for g, r in rows}
        self.assertEqual(by_name["Primary Care Commissioning Committee"][3],
                         "part of NHS South Worcestershire CCG")
        self.assertEqual(by_name["NHS Wyre Forest CCG"][1:],
                         ["Clinical Commissioning Group", "06D", "accountable to NHS England",
                          "1 April 2013", "31 March 2020"])
        for th in t.iter("th"):
            self.assertIn(th.get("scope"), ("col", "row", "rowgroup"))
        links = [r for g, r in svglib.table_rows(tables[1])]
        self.assertIn(["NHS England", "delegates to", "NHS South Worcestershire CCG"],
                      [r[:3] for r in links])

    def test_timeline_table(self):
        root = self.fragment("timeline", HW, "--to", "2025-03-31")
        t = root.find("table")
        rows = [r for g, r in svglib.table_rows(t)]
        with open(HW, encoding="utf-8") as f:
            data = json.load(f)
        self.assertEqual(len(rows), len(data["transitions"]))
        dates = [tr.find("th/time").get("datetime") for tr in t.find("tbody").findall("tr")]
        self.assertEqual(dates, sorted(dates))
        merger = [r for r in rows if r[1] == "merger"]
        self.assertEqual(len(merger), 1)
        for ccg in CCGS:
            self.assertIn(ccg, merger[0][2])
        self.assertEqual(merger[0][3], "NHS Herefordshire and Worcestershire CCG")

    def test_hostile(self):
        with open(HOSTILE, encoding="utf-8") as f:
            data = json.load(f)
        root = self.fragment("chart", HOSTILE, "--at", "2021-04-01")
        names = {"".join(th.itertext()) for th in root.iter("th") if th.get("scope") == "row"}

        def norm(s):
            s = "".join(" " if ord(ch) < 0x20 or 0x7f <= ord(ch) < 0xa0 or ch in "\ufffe\uffff"
                        else ch for ch in s)
            return s
        for o in data["organisations"]:
            if o["name"] and any(c in o["name"] for c in "<&\"'"):
                self.assertIn(norm(o["name"]), {norm(n) for n in names}, o["id"])
        # no element or attribute comes from the data: only the ones written
        allowed = {"div", "table", "caption", "thead", "tbody", "tr", "th", "td", "time", "a"}
        self.assertEqual({el.tag for el in root.iter()} - allowed, set())
        for a in root.iter("a"):
            self.assertRegex(a.get("href"), r"^https?://[^\s]+$")


class IdPrefix(unittest.TestCase):
    def ids(self, root):
        return [el.get("id") for el in root.iter() if el.get("id") is not None]

    def raw(self, *args):
        """orgviz without the helper's --id-prefix=: the default prefix."""
        cmd = [os.path.abspath(os.environ["ORGVIZ"]), *map(str, args)]
        if os.environ.get("ORGVIZ_WRAPPER"):
            cmd = [os.environ["ORGVIZ_WRAPPER"], *cmd]
        p = subprocess.run(cmd, capture_output=True, timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr)
        return svglib.parse(p.stdout)

    def test_default_is_unique_per_chart(self):
        one = self.raw("chart", HW, "--at", "2021-04-01")
        two = self.raw("chart", HW, "--at", "2019-06-01")
        svglib.check_finished(ET.tostring(one), one)
        p1 = one.get("aria-labelledby")[:-len("title")]
        p2 = two.get("aria-labelledby")[:-len("title")]
        self.assertRegex(p1, r"^ov[0-9a-f]{8}-$")
        self.assertNotEqual(p1, p2)
        for i in self.ids(one):
            self.assertTrue(i.startswith(p1), i)
        self.assertFalse(set(self.ids(one)) & set(self.ids(two)))
        # the same chart twice: the same ids (a page author gives --id-prefix)
        self.assertEqual(self.ids(one), self.ids(self.raw("chart", HW, "--at", "2021-04-01")))

    def test_given_prefix(self):
        root = svglib.parse(run("chart", HW, "--at", "2021-04-01", "--id-prefix", "hw21-"))
        svglib.check_finished(ET.tostring(root), root)
        ids = self.ids(root)
        self.assertIn("hw21-org-18C", ids)
        self.assertEqual(root.get("aria-labelledby"), "hw21-title")
        self.assertEqual(root.get("aria-describedby"), "hw21-desc")
        self.assertTrue(all(i.startswith("hw21-") for i in ids))
        root = svglib.parse(run("timeline", HW, "--id-prefix", "tl."))
        self.assertTrue(all(i.startswith("tl.") for i in self.ids(root)))

    def test_build(self):
        """orgviz build: the output's name by default, the manifest's
        id_prefix (a series adds the day), "" for none; a bad one is an
        error at its place."""
        import shutil
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            shutil.copy(HW, os.path.join(d, "hw.json"))
            charts = [
                {"name": "plain", "kind": "chart", "data": "hw.json", "at": "2021-04-01"},
                {"name": "given", "kind": "chart", "data": "hw.json", "at": "2021-04-01",
                 "id_prefix": "hw21-"},
                {"name": "none", "kind": "timeline", "data": "hw.json", "id_prefix": ""},
                {"name": "series", "kind": "chart", "data": "hw.json",
                 "at": "each-transition", "id_prefix": "s"},
            ]
            with open(os.path.join(d, "charts.json"), "w", encoding="utf-8") as f:
                json.dump({"orgviz_charts": 1, "charts": charts}, f)
            out = os.path.join(d, "out")
            code, _, err = svglib.orgviz("build", os.path.join(d, "charts.json"), "--out", out,
                                         "--quiet")
            self.assertEqual(code, 0, err)

            def ids(name):
                with open(os.path.join(out, name), "rb") as f:
                    return self.ids(svglib.parse(f.read()))
            self.assertIn("plain-org-18C", ids("plain.svg"))
            self.assertIn("hw21-org-18C", ids("given.svg"))
            self.assertIn("title", ids("none.svg"))
            self.assertIn("s2020-04-01-org-18C", ids("series-2020-04-01.svg"))
            pages = set()
            for name in os.listdir(out):
                if name.endswith(".svg"):
                    found = set(ids(name))
                    self.assertFalse(found & pages, name)
                    pages |= found
            charts[1]["id_prefix"] = "9x"
            with open(os.path.join(d, "charts.json"), "w", encoding="utf-8") as f:
                json.dump({"orgviz_charts": 1, "charts": charts}, f)
            code, _, err = svglib.orgviz("build", os.path.join(d, "charts.json"), "--out", out,
                                         "--quiet")
            self.assertEqual(code, 1)
            self.assertIn("/charts/1/id_prefix", err)

    def test_bad_prefix(self):
        for bad in ("1x", "a b", "x\"y", "x" * 65):
            code, out, err = svglib.orgviz("chart", HW, "--id-prefix", bad)
            self.assertEqual(code, 2, bad)
            self.assertIn("--id-prefix", err)
            self.assertIn("try 'orgviz --help'", err)


if __name__ == "__main__":
    unittest.main()
