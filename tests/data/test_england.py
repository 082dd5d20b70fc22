#!/usr/bin/env python3
"""tools/england_data.py, the recipe of data/england.json.

The history part is run on a small stand-in of `orgviz import practices`
(standin-qwu.json: part of the ICB QWU, written by hand from the January
2024 mapping) with the real lookups of $SHARED_DATA or ../shared/data when they are there
(skipped otherwise),
and the result is checked fact by fact and validated. When data/england.json
is in the tree, its counts are checked too."""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.environ["SOURCE_ROOT"]
ORGVIZ = os.environ["ORGVIZ"]
TOOL = os.path.join(ROOT, "tools", "england_data.py")
HERE = os.path.dirname(os.path.abspath(__file__))
STANDIN = os.path.join(HERE, "standin-qwu.json")
SOURCES = os.path.join(ROOT, "data", "sources")


def shared_data():
    """The lookups: $SHARED_DATA (as for make data), else ../shared/data."""
    d = os.environ.get("SHARED_DATA") or os.path.join(ROOT, "..", "shared", "data")
    return d if os.path.exists(os.path.join(d, "ccg-2019-to-2021-mapping.csv")) else None


def run_tool(data_dir, out, sources=SOURCES):
    return subprocess.run([sys.executable, TOOL, data_dir, "--imported", STANDIN, "-o", out,
                           "--orgviz", ORGVIZ, "--sources-dir", sources],
                          capture_output=True, text=True)


@unittest.skipUnless(shared_data(), "the NHS lookups (../shared/data) are not here")
class StandIn(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        cls.out = os.path.join(cls.tmp, "england.json")
        r = run_tool(shared_data(), cls.out)
        if r.returncode != 0:
            raise AssertionError("england_data.py: exit %d\n%s%s" % (r.returncode, r.stdout, r.stderr))
        with open(cls.out, encoding="utf-8") as f:
            cls.doc = json.load(f)
        cls.orgs = {o["id"]: o for o in cls.doc["organisations"]}
        cls.trans = {t["id"]: t for t in cls.doc["transitions"]}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def rel(self, t, a, b):
        return {"type": t, "from": a, "to": b} in [
            {k: r[k] for k in ("type", "from", "to")} for r in self.doc["relationships"]]

    def test_2021_ccg_and_its_merger(self):
        ccg = self.orgs["B2M3M"]
        self.assertEqual(ccg["type"], "ccg")
        self.assertEqual(ccg["name"], "NHS Coventry and Warwickshire CCG")
        self.assertEqual((ccg["start"], ccg["end"]), ("2021-04-01", "2022-06-30"))
        self.assertEqual(ccg["codes"], {"ods": "B2M3M", "ons": "E38000251"})
        t = self.trans["t-2021-04-01-B2M3M"]
        self.assertEqual((t["type"], t["from"], t["to"]), ("merger", ["05A", "05H", "05R"], ["B2M3M"]))
        self.assertEqual(self.orgs["05A"]["name"], "NHS Coventry and Rugby CCG")
        self.assertEqual(self.orgs["05A"]["end"], "2021-03-31")
        self.assertNotIn("start", self.orgs["05A"])

    def test_handover_to_the_icb(self):
        t = self.trans["t-2022-07-01-QWU"]
        self.assertEqual((t["type"], t["from"], t["to"]), ("succession", ["B2M3M"], ["QWU"]))
        self.assertEqual(self.orgs["QWU"]["start"], "2022-07-01")
        self.assertEqual(self.orgs["B2M3M-subicb"]["start"], "2022-07-01")

    def test_ccg_stands_where_the_sub_icb_stands_later(self):
        self.assertTrue(self.rel("part_of", "U55724", "B2M3M"))
        self.assertTrue(self.rel("part_of", "U62213", "B2M3M"))
        self.assertTrue(self.rel("member_of", "M84034", "B2M3M"))   # in no PCN
        self.assertTrue(self.rel("accountable_to", "B2M3M", "Y60"))
        self.assertTrue(self.rel("part_of", "Y60", "nhs-england"))
        self.assertEqual(self.orgs["U55724"]["start"], "2019-07-01")

    def test_all_106_ccgs_and_only_dated_mergers(self):
        ccgs = [o for o in self.doc["organisations"] if o["type"] == "ccg"]
        with open(os.path.join(SOURCES, "england-ccg-mergers.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
        ends = [o for o in ccgs if o["end"] == "2022-06-30"]
        self.assertEqual(len(ends), 106)
        for r in rows:
            tid = "t-%s-%s" % (r["date"], r["to"])
            if r["date"]:
                self.assertIn(tid, self.trans)
            else:
                self.assertNotIn("start", self.orgs[r["to"]])
                for p in r["from"].split(";"):
                    self.assertNotIn(p, self.orgs)

    def test_notes_say_how_firm_the_date_is(self):
        # B2M3M's row is planned+wave: the day is the planned one, so every note that
        # carries the date must say it is inferred; a stated row must not say so.
        for note in (self.orgs["B2M3M"]["note"], self.orgs["05A"]["note"],
                     self.trans["t-2021-04-01-B2M3M"]["note"]):
            self.assertIn("How firm the merger's date is: a local source gives the planned day", note)
            self.assertIn("is inferred", note)

    def refusal(self, edit):
        """Runs the recipe on a copy of the tables whose mergers table is edit(lines);
        checks it fails without writing, and returns its message."""
        d = tempfile.mkdtemp()
        try:
            src = os.path.join(d, "sources")
            shutil.copytree(SOURCES, src)
            path = os.path.join(src, "england-ccg-mergers.csv")
            with open(path, encoding="utf-8") as f:
                lines = edit(list(f))
            with open(path, "w", encoding="utf-8") as f:
                f.writelines(lines)
            r = run_tool(shared_data(), os.path.join(d, "out.json"), sources=src)
            self.assertNotEqual(r.returncode, 0)
            self.assertFalse(os.path.exists(os.path.join(d, "out.json")))
            return r.stderr
        finally:
            shutil.rmtree(d)

    def test_an_unknown_basis_is_refused(self):
        err = self.refusal(lambda lines: [
            ln.replace(",planned+wave,", ",guess,") if ln.startswith("B2M3M,") else ln
            for ln in lines])
        self.assertIn("england-ccg-mergers.csv: B2M3M: basis 'guess' is not one of stated, "
                      "approved, planned+confirmed, stated-month, planned+wave, wave", err)

    def test_every_cited_source_is_listed(self):
        ids = {s["id"] for s in self.doc["sources"]}
        for o in self.doc["organisations"] + self.doc["transitions"]:
            for s in o.get("sources", []):
                self.assertIn(s, ids)

    def test_validates(self):
        r = subprocess.run([ORGVIZ, "validate", "--quiet", self.out], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_a_merger_missing_from_the_table_is_refused(self):
        err = self.refusal(lambda lines: [ln for ln in lines if not ln.startswith("X2C4Y,")])
        self.assertIn("merges ['03A', '03J'] into X2C4Y, which england-ccg-mergers.csv does "
                      "not list", err)


ENGLAND = os.path.join(ROOT, "data", "england.json")


@unittest.skipUnless(os.path.exists(ENGLAND), "data/england.json is not built yet")
class Shipped(unittest.TestCase):
    def test_counts(self):
        with open(ENGLAND, encoding="utf-8") as f:
            doc = json.load(f)
        n = {}
        for o in doc["organisations"]:
            n[o["type"]] = n.get(o["type"], 0) + 1
        self.assertEqual(n["region"], 7)
        self.assertEqual(n["icb"], 42)
        self.assertEqual(n["sub-icb"], 106)
        self.assertEqual(n["practice"], 6325)
        self.assertGreater(n["pcn"], 1200)
        ccg21 = [o for o in doc["organisations"] if o["type"] == "ccg" and o["end"] == "2022-06-30"]
        self.assertEqual(len(ccg21), 106)
        # Every row of england-ccg-mergers.csv is dated: 2 mergers of 6 CCGs in 2019, 18 of
        # 74 in 2020 (HSJ's count) and 9 of 38 in 2021 (Analytic Health's count).
        early = [t for t in doc["transitions"] if t["date"] < "2022-07-01"]
        self.assertEqual(len(early), 29)
        self.assertEqual(sum(len(t["from"]) for t in early), 118)
        by_year = {}
        for t in early:
            y = t["date"][:4]
            by_year[y] = (by_year.get(y, (0, 0))[0] + 1, by_year.get(y, (0, 0))[1] + len(t["from"]))
        self.assertEqual(by_year, {"2019": (2, 6), "2020": (18, 74), "2021": (9, 38)})


if __name__ == "__main__":
    unittest.main(verbosity=2)
