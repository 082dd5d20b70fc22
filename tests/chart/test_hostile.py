#!/usr/bin/env python3
"""Well-formed, faithful SVG for hostile but valid input: markup characters,
entities, quotes, "]]>", backslashes, emoji, Welsh, control characters and
URLs with & and " in them (Graphviz 2.43 writes URL attributes unescaped:
orgviz never gives it any)."""
import json
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests"))
import svglib  # noqa: E402

DATA = svglib.source_path("tests", "chart", "data", "hostile.json")
AT = ("--at", "2021-04-01")


def norm(s):
    """What a reader sees: control characters as spaces, runs of white space
    as one space."""
    s = "".join(" " if ord(ch) < 0x20 or ch in "\ufffe\uffff" else ch for ch in s)
    return " ".join(s.split())


def run(*args):
    code, out, err = svglib.orgviz("chart", DATA, *AT, *args)
    if code != 0:
        raise svglib.Failure("orgviz chart %s: exit %d: %s" % (" ".join(args), code, err))
    return out


class Hostile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(DATA, encoding="utf-8") as f:
            cls.data = json.load(f)
        cls.svg = run()
        cls.root = svglib.check_finished(cls.svg)
        cls.orgs = svglib.groups(cls.root, "org-")

    def test_every_org_drawn_with_its_name(self):
        for o in self.data["organisations"]:
            g = self.orgs["org-" + o["id"]]
            self.assertIn(norm(o["name"]), svglib.text_of(g), o["id"])

    def test_tooltips(self):
        for o in self.data["organisations"]:
            tip = svglib.tooltip(self.orgs["org-" + o["id"]])
            self.assertEqual(norm(tip.split("\n")[0]), norm(o["name"]), o["id"])

    def test_links_exact_and_escaped(self):
        for o in self.data["organisations"]:
            link = svglib.link_of(self.orgs["org-" + o["id"]])
            if "url" in o:
                self.assertEqual(link, (o["url"], o["url"]), o["id"])
            else:
                self.assertIsNone(link, o["id"])

    def test_class_tokens(self):
        for el in self.root.iter():
            for token in svglib.classes(el):
                self.assertRegex(token, r"^[A-Za-z0-9_-]+$")

    def test_titles(self):
        self.assertTrue(norm(svglib.root_title(self.root)).startswith(norm(self.data["title"])))
        self.assertIn(norm(self.data["organisations"][0]["name"]), norm(svglib.root_desc(self.root)))
        text = svglib.text_of(self.root)
        self.assertIn(norm(self.data["title"]), text)
        self.assertIn(norm(self.data["sources"][0]["title"]), text)
        self.assertIn(norm(self.data["types"]['weird <key> & "x"']["label"]), text)

    def test_edge_labels(self):
        rels = svglib.groups(self.root, "rel-")
        self.assertIn('label <with> & "quotes" ]]>', svglib.text_of(rels["rel-3"]))
        self.assertIn("&nbsp; \\N", svglib.text_of(rels["rel-4"]))

    def test_deterministic(self):
        self.assertEqual(self.svg, run())

    def test_hostile_title_option(self):
        root = svglib.check_finished(run("--title", "T \x07 <&> ]]> \"q\" \\N"))
        self.assertTrue(norm(svglib.root_title(root)).startswith('T <&> ]]> "q" \\N'))

    def test_other_formats(self):
        self.assertEqual(run("-T", "png")[:4], b"\x89PNG")
        self.assertEqual(run("-T", "pdf")[:5], b"%PDF-")
        self.assertTrue(run("-T", "dot").startswith(b"digraph"))

    def test_mono_and_responsive(self):
        svglib.check_finished(run("--theme", "mono", "--responsive"), responsive=True)


class HostileBoxLabels(unittest.TestCase):
    """The labels of the boxes that hold stacked leaves are made from type
    labels: control characters there must not reach Graphviz (a bug found
    by random input), and a backslash must stay a backslash (Graphviz would
    expand \\G to the graph's name)."""

    def test_stack_label(self):
        import tempfile
        doc = {"orgviz": 1,
               "types": {"p": {"label": "Parent"}, "q": {"label": "Pr\u0001act\\Gice\ufffe"}},
               "organisations": [{"id": "P", "name": "P", "type": "p", "start": "2000-01-01"}] +
                                [{"id": "q%d" % i, "name": "Q%d" % i, "type": "q",
                                  "start": "2000-01-01"} for i in range(6)],
               "relationships": [{"type": "part_of", "from": "q%d" % i, "to": "P"}
                                 for i in range(6)]}
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "box.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(doc, f)
            code, out, err = svglib.orgviz("chart", path, "--at", "2021-04-01")
            self.assertEqual(code, 0, err)
            root = svglib.check_finished(out)
            text = svglib.text_of(root)
            self.assertIn("6 Pr act\\Gice", text)
            self.assertNotIn("\x01", text)


if __name__ == "__main__":
    unittest.main(verbosity=1)
