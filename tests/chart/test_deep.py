#!/usr/bin/env python3
"""Data far deeper than any real file, which still validates, never crashes
orgviz: every walk over the hierarchy and the lineage is iterative or
capped. The files are made by tests/gen_chain.py when the test runs (a
150,000-deep chain is 20 MB): a part_of chain through `chart --depth 3`,
`chart` without a depth (over the chart limit: exit 1 and a message) and
`orgviz build`; a 150,000-long lineage of successions through
`timeline` and `timeline --focus` (over the timeline limit: exit 1 and a
message, quickly)."""
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests"))
import svglib  # noqa: E402

DEPTH = 150000
GEN = svglib.source_path("tests", "gen_chain.py")


def generate(path, *args):
    with open(path, "w") as f:
        subprocess.run([sys.executable, GEN, str(DEPTH), *args], stdout=f, check=True)


class Deep(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = cls.tmp.name
        os.makedirs(os.path.join(cls.dir, "data"))
        cls.chain = os.path.join(cls.dir, "data", "chain.json")
        cls.lineage = os.path.join(cls.dir, "lineage.json")
        generate(cls.chain)
        generate(cls.lineage, "--successions")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_ok(self, *args, want=0):
        code, out, err = svglib.orgviz(*args, timeout=600)
        self.assertLess(code, 97, "crashed or a sanitizer report: %s" % err[-2000:])
        self.assertGreaterEqual(code, 0, "killed by a signal: %s" % err[-2000:])
        self.assertEqual(code, want, err[-2000:])
        return out, err

    def test_chart_depth_3(self):
        out, err = self.run_ok("chart", self.chain, "--at", "2021-01-01", "--depth", "3")
        root = svglib.parse(out)
        orgs = svglib.groups(root, "org-").values()
        drawn = sorted(g.get("id") for g in orgs)
        self.assertEqual(len(drawn), 4, drawn)
        # the cut box says how many are hidden below it
        cut = [g for g in orgs if "%d units" % (DEPTH - 4) in svglib.text_of(g).replace(",", "")]
        self.assertEqual(len(cut), 1, [svglib.text_of(g) for g in orgs])

    def test_chart_whole_is_refused(self):
        out, err = self.run_ok("chart", self.chain, "--at", "2021-01-01", want=1)
        self.assertIn("150000 organisations to draw", err)
        self.assertIn("at most 30000", err)

    def test_chart_too_deep_is_refused(self):
        # under the organisation limit but deeper than a chart draws (placing
        # the boxes recurses once per level): refused at once with a message
        path = os.path.join(self.dir, "c1500.json")
        with open(path, "w") as f:
            subprocess.run([sys.executable, GEN, "1500"], stdout=f, check=True)
        out, err = self.run_ok("chart", path, "--at", "2021-01-01", want=1)
        self.assertIn("is 1500 levels deep: more than one chart can show (at most 1000 "
                      "levels)", err)
        out, err = self.run_ok("chart", path, "--at", "2021-01-01", "--depth", "999")
        self.assertEqual(len(svglib.groups(svglib.parse(out), "org-")), 1000)

    def test_build(self):
        data = os.path.join(self.dir, "data")
        manifest = {"orgviz_charts": 1, "charts": [
            {"name": "top", "kind": "chart", "data": "chain.json", "at": "2021-01-01",
             "depth": 3},
            {"name": "all", "kind": "chart", "data": "chain.json", "at": "2021-01-01"},
        ]}
        with open(os.path.join(data, "charts.json"), "w") as f:
            json.dump(manifest, f)
        out, err = self.run_ok("build", "--out", os.path.join(self.dir, "out"),
                               os.path.join(data, "charts.json"), want=1)
        made = sorted(os.listdir(os.path.join(self.dir, "out")))
        self.assertIn("top.svg", made)
        self.assertIn("index.html", made)
        self.assertNotIn("all.svg", made)
        self.assertIn("150000 organisations to draw", err)
        with open(os.path.join(self.dir, "out", "top.svg"), "rb") as f:
            svglib.check_finished(f.read(), responsive=False)

    def test_timeline_over_the_limit(self):
        for args in ([], ["--focus", "U70000"]):
            t = time.monotonic()
            out, err = self.run_ok("timeline", self.lineage, *args, want=1)
            self.assertIn("150000 organisations to draw between", err)
            self.assertIn("more than one timeline can show (at most 5000)", err)
            self.assertEqual(out, b"")
        # a part of it is drawn
        out, err = self.run_ok("timeline", self.lineage, "--from", "1700-01-01", "--to",
                               "1700-12-31")
        root = svglib.parse(out)
        self.assertGreater(len(svglib.groups(root, "org-")), 300)


if __name__ == "__main__":
    unittest.main(verbosity=1)
