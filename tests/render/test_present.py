#!/usr/bin/env python3
"""Presentation controls on chart, timeline and in the manifest:
--highlight, --hide, --note."""
import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests"))
import svglib  # noqa: E402

HW = svglib.source_path("data", "herefordshire-worcestershire.json")
AT = ("--at", "2021-04-01")


def svg(*args):
    code, out, err = svglib.orgviz(*args)
    if code != 0:
        raise svglib.Failure("orgviz %s: exit %d: %s" % (" ".join(args), code, err))
    return svglib.parse(out), err


def all_text(root):
    return " ".join(svglib.text_of(root).split())


class Chart(unittest.TestCase):
    def test_highlight(self):
        root, err = svg("chart", HW, *AT, "--highlight", "M81076")
        self.assertEqual(err, "")
        orgs = svglib.groups(root, "org-")
        self.assertIn("highlight", svglib.classes(orgs["org-M81076"]))
        # its path to the top: the PCN, the CCG, NHS England
        for up in ("org-U12199", "org-18C", "org-NHSE"):
            if up in orgs:
                self.assertIn("highlight-path", svglib.classes(orgs[up]), up)
                self.assertIsNone(orgs[up].get("opacity"), up)
        self.assertIn("highlight-path", svglib.classes(orgs["org-18C"]))
        # the rest lighter
        other = orgs["org-M81001"]
        self.assertIn("dimmed", svglib.classes(other))
        self.assertLess(float(other.get("opacity")), 1)
        self.assertIsNone(orgs["org-M81076"].get("opacity"))
        # lines: on the path strong, others lighter
        rels = [g for g in root.iter("{http://www.w3.org/2000/svg}g")
                if "rel" in svglib.classes(g)]
        strong = [g for g in rels if "highlight-path" in svglib.classes(g)]
        dimmed = [g for g in rels if "dimmed" in svglib.classes(g)]
        self.assertGreaterEqual(len(strong), 2)
        self.assertGreater(len(dimmed), 10)
        for g in dimmed:
            self.assertLess(float(g.get("opacity")), 1)

    def test_highlight_unknown(self):
        code, _, err = svglib.orgviz("chart", HW, *AT, "--highlight", "NOPE")
        self.assertEqual(code, 1)
        self.assertIn("--highlight NOPE", err)

    def test_hide(self):
        full, _ = svg("chart", HW, *AT)
        self.assertIn("M81076", all_text(full))
        self.assertIn("Key", all_text(full))
        self.assertIn("Sources:", all_text(full))
        root, _ = svg("chart", HW, *AT, "--hide", "codes,key", "--hide", "sources",
                      "--hide", "facts")
        text = all_text(root)
        for gone in ("M81076", "U12199", "Key", "Sources:", "800,888 people"):
            self.assertNotIn(gone, text)
        # still every organisation, and their tooltips keep the codes
        self.assertEqual(set(svglib.groups(root, "org-")), set(svglib.groups(full, "org-")))
        self.assertIn("M81076", svglib.tooltip(svglib.groups(root, "org-")["org-M81076"]))
        code, _, err = svglib.orgviz("chart", HW, *AT, "--hide", "title")
        self.assertEqual(code, 2)

    def test_note(self):
        note = "Prepared for the board & its <committees>."
        root, _ = svg("chart", HW, *AT, "--note", note)
        self.assertIn(note, all_text(root))
        _, bottom = svglib.size_pt(root)
        self.assertGreater(bottom, svglib.size_pt(svg("chart", HW, *AT)[0])[1])


class Timeline(unittest.TestCase):
    def test_highlight_hide_note(self):
        root, _ = svg("timeline", HW, "--highlight", "18C", "--hide", "key", "--note",
                      "Dates from NHS England.")
        orgs = svglib.groups(root, "org-")
        self.assertIn("highlight", svglib.classes(orgs["org-18C"]))
        self.assertIn("dimmed", svglib.classes(orgs["org-5CN"]))
        self.assertEqual(svglib.groups(root, "key-"), {})
        self.assertEqual(svglib.groups(root, "legend-"), {})
        self.assertIn("Dates from NHS England.", all_text(root))
        full, _ = svg("timeline", HW)
        self.assertNotEqual(svglib.groups(full, "key-"), {})
        self.assertLess(svglib.size_pt(root)[1], svglib.size_pt(full)[1])


BRAND = svglib.source_path("tests", "render", "data", "brand.theme.json")


class ThemeFile(unittest.TestCase):
    def test_chart_and_timeline(self):
        root, err = svg("chart", HW, *AT, "--theme", BRAND)
        self.assertEqual(err, "")
        orgs = svglib.groups(root, "org-")
        self.assertEqual(svglib.colour(svglib.shape_fill(orgs["org-18C"])), "#7a1f5c")
        self.assertEqual(svglib.colour(svglib.shape_fill(orgs["org-U12199"])), "#f2c500")
        fonts = {t.get("font-family") for t in root.iter("{http://www.w3.org/2000/svg}text")}
        self.assertEqual(fonts, {"Liberation Serif"})
        for g in orgs.values():
            svglib.check_contrast(g)
        t, err = svg("timeline", HW, "--theme", BRAND)
        bars = svglib.groups(t, "org-")
        self.assertEqual(svglib.colour(svglib.shape_fill(bars["org-18C"]) or
                                       bars["org-18C"].find(".//{http://www.w3.org/2000/svg}path").get("stroke")),
                         "#7a1f5c")

    def test_contrast_adjusted_with_warning(self):
        d = tempfile.mkdtemp()
        try:
            path = os.path.join(d, "grey.theme.json")
            with open(path, "w") as f:
                json.dump({"orgviz_theme": 1, "types": {"ccg": {"fill": "#777777"}}}, f)
            root, err = svg("chart", HW, *AT, "--theme", path)
            self.assertIn('type "ccg"', err)
            self.assertIn("#777777", err)
            self.assertIn(path + ": /types/ccg/fill: warning:", err)
            g = svglib.groups(root, "org-")["org-18C"]
            fill = svglib.colour(svglib.shape_fill(g))
            self.assertNotEqual(fill, "#777777")
            self.assertIn(fill.upper(), err)
            svglib.check_contrast(g)
        finally:
            shutil.rmtree(d)

    def test_errors(self):
        code, _, err = svglib.orgviz("chart", HW, *AT, "--theme", "brand")
        self.assertEqual(code, 2)
        code, _, err = svglib.orgviz("chart", HW, *AT, "--theme", "/nonexistent/x.json")
        self.assertEqual(code, 3)
        d = tempfile.mkdtemp()
        try:
            for doc in ({"orgviz_theme": 2}, {"orgviz_theme": 1, "base": "neon"},
                        {"orgviz_theme": 1, "types": {"ccg": {"fill": "blue"}}}):
                path = os.path.join(d, "t.json")
                with open(path, "w") as f:
                    json.dump(doc, f)
                code, _, err = svglib.orgviz("chart", HW, *AT, "--theme", path)
                self.assertEqual(code, 1, doc)
                self.assertIn(path, err)
                if "types" in doc:
                    self.assertIn(path + ": /types/ccg/fill: error:", err)
        finally:
            shutil.rmtree(d)


class Manifest(unittest.TestCase):
    def test_build(self):
        d = tempfile.mkdtemp()
        try:
            shutil.copy(HW, os.path.join(d, "hw.json"))
            shutil.copy(BRAND, os.path.join(d, "brand.theme.json"))
            man = {"orgviz_charts": 1, "charts": [
                {"name": "b", "kind": "chart", "data": "hw.json", "at": "2021-04-01",
                 "theme": "brand.theme.json"},
                {"name": "c", "kind": "chart", "data": "hw.json", "at": "2021-04-01",
                 "highlight": ["M81076"], "hide": ["codes"], "note": "A note."},
                {"name": "t", "kind": "timeline", "data": "hw.json",
                 "highlight": ["18C"], "hide": ["key"], "note": "Another note."},
                {"name": "p", "kind": "chart", "data": "hw.json", "at": "2021-04-01",
                 "formats": ["pdf"], "page": "a4", "min_text": 7}]}
            with open(os.path.join(d, "charts.json"), "w") as f:
                json.dump(man, f)
            code, _, err = svglib.orgviz("build", os.path.join(d, "charts.json"), "--out",
                                         os.path.join(d, "out"), "--quiet")
            self.assertEqual(code, 0, err)
            with open(os.path.join(d, "out", "c.svg"), "rb") as f:
                c = svglib.parse(f.read())
            self.assertIn("highlight", svglib.classes(svglib.groups(c, "org-")["org-M81076"]))
            self.assertIn("A note.", all_text(c))
            self.assertNotIn("M81076", all_text(c))
            # a physical size by default, and still fluid
            self.assertTrue(c.get("width").endswith("pt"))
            self.assertIn("max-width:100%", c.get("style"))
            with open(os.path.join(d, "out", "t.svg"), "rb") as f:
                t = svglib.parse(f.read())
            self.assertIn("Another note.", all_text(t))
            with open(os.path.join(d, "out", "b.svg"), "rb") as f:
                b = svglib.parse(f.read())
            self.assertEqual(svglib.colour(svglib.shape_fill(svglib.groups(b, "org-")["org-18C"])),
                             "#7a1f5c")
            # the theme file is an input: changing it renders again
            with open(os.path.join(d, "brand.theme.json"), "w") as f:
                json.dump({"orgviz_theme": 1, "types": {"ccg": {"fill": "#003087"}}}, f)
            code, _, err = svglib.orgviz("build", os.path.join(d, "charts.json"), "--out",
                                         os.path.join(d, "out"), "--quiet")
            self.assertEqual(code, 0, err)
            with open(os.path.join(d, "out", "b.svg"), "rb") as f:
                b = svglib.parse(f.read())
            self.assertEqual(svglib.colour(svglib.shape_fill(svglib.groups(b, "org-")["org-18C"])),
                             "#003087")
            with open(os.path.join(d, "out", "p.pdf"), "rb") as f:
                self.assertEqual(f.read(5), b"%PDF-")
            man["charts"][1]["hide"] = ["title"]
            man["charts"][3]["page"] = "b5"
            with open(os.path.join(d, "charts.json"), "w") as f:
                json.dump(man, f)
            code, _, err = svglib.orgviz("build", os.path.join(d, "charts.json"), "--out",
                                         os.path.join(d, "out"))
            self.assertEqual(code, 1)
            self.assertIn("/charts/1/hide", err)
            self.assertIn("/charts/3/page", err)
        finally:
            shutil.rmtree(d)


if __name__ == "__main__":
    unittest.main()
