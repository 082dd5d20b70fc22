#!/usr/bin/env python3
"""PDF and PNG drawn from the finished SVG: metadata, tags, links, pHYs,
bytes that do not depend on the time zone, and the format from -o."""
import math
import os
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests"))
sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests", "render"))
import svglib  # noqa: E402
import pdflib  # noqa: E402

HW = svglib.source_path("data", "herefordshire-worcestershire.json")
AT = ("--at", "2021-04-01")


def chart(*args, env=None):
    if env is None:
        code, out, err = svglib.orgviz("chart", HW, *AT, *args)
    else:
        code, out, err = run_env(env, "chart", HW, *AT, *args)
    if code != 0:
        raise svglib.Failure("orgviz chart %s: exit %d: %s" % (" ".join(args), code, err))
    return out


def run_env(env, *args):
    import subprocess
    e = dict(os.environ)
    e.update(env)
    p = subprocess.run([os.environ["ORGVIZ"], *args], capture_output=True, env=e)
    return p.returncode, p.stdout, p.stderr.decode()


class Pdf(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.svg = svglib.parse(chart())
        cls.pdf = pdflib.Pdf(chart("-T", "pdf"))

    @classmethod
    def tearDownClass(cls):
        cls.pdf.close()

    def test_metadata(self):
        info = self.pdf.info()
        self.assertEqual(info["/Title"], svglib.root_title(self.svg))
        self.assertEqual(info["/Subject"], svglib.root_desc(self.svg))
        self.assertEqual(info["/Creator"], "orgviz")
        # SOURCE_DATE_EPOCH=1700000000 (tests/meson.build), in UTC
        self.assertEqual(info["/CreationDate"], "D:20231114221320Z")
        cat = self.pdf.catalog()
        self.assertEqual(pdflib.text(cat["/Lang"]), "en-GB")
        self.assertIs(cat["/ViewerPreferences"]["/DisplayDocTitle"], True)

    def test_tagged(self):
        self.assertIs(self.pdf.catalog()["/MarkInfo"]["/Marked"], True)
        kind, _, kids = self.pdf.structure()
        self.assertEqual(kind, "/StructTreeRoot")
        self.assertEqual([k[0] for k in kids], ["/Document"])
        figures = kids[0][2]
        self.assertEqual([f[0] for f in figures], ["/Figure"])
        self.assertEqual(figures[0][1], svglib.root_desc(self.svg))

    def test_links(self):
        want = sorted(svglib.link_of(g)[0] for g in svglib.groups(self.svg, "org-").values()
                      if svglib.link_of(g))
        self.assertEqual(len(want), 6)
        self.assertEqual(sorted(self.pdf.links()[0]), want)

    def test_page_is_the_chart(self):
        w, h = svglib.size_pt(self.svg)
        self.assertEqual(self.pdf.pages(), [(w, h)])

    def test_every_time_zone(self):
        zones = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]
        pdfs = {tz: chart("-T", "pdf", env={"TZ": tz}) for tz in zones}
        for tz in zones:
            self.assertEqual(pdfs[tz], pdfs["UTC"], tz)
        # London in summer (British Summer Time), from SOURCE_DATE_EPOCH
        summer = {"SOURCE_DATE_EPOCH": "1719835200"}
        utc = chart("-T", "pdf", env=dict(summer, TZ="UTC"))
        self.assertEqual(chart("-T", "pdf", env=dict(summer, TZ="Europe/London")), utc)
        p = pdflib.Pdf(utc)
        self.assertEqual(p.info()["/CreationDate"], "D:20240701120000Z")
        p.close()
        for fmt in ("svg", "png", "dot"):
            a = chart("-T", fmt, env={"TZ": "UTC"})
            self.assertEqual(chart("-T", fmt, env={"TZ": "Europe/Paris"}), a, fmt)

    def test_hostile_links_and_title(self):
        data = svglib.source_path("tests", "chart", "data", "hostile.json")
        code, out, err = svglib.orgviz("chart", data, *AT, "-T", "pdf")
        self.assertEqual(code, 0, err)
        p = pdflib.Pdf(out)
        links = p.links()[0]
        p.close()
        # the same addresses, with what cairo cannot take percent-encoded
        self.assertIn("https://example.org/path?a=1&b=%222%22&c=%3C3%3E#frag%27x", links)


class Png(unittest.TestCase):
    def test_phys(self):
        for dpi in (72, 150, 300):
            png = chart("-T", "png", "--dpi", str(dpi))
            x, y = pdflib.png_dpi(png)
            self.assertAlmostEqual(x, dpi, delta=0.02)
            self.assertAlmostEqual(y, dpi, delta=0.02)
            w, h = svglib.size_pt(svglib.parse(chart()))
            # whole pixels, enough for the whole picture
            want = (math.ceil(w * dpi / 72 - 1e-6), math.ceil(h * dpi / 72 - 1e-6))
            self.assertEqual(svglib.png_size(png), want)

    def test_default_dpi(self):
        x, _ = pdflib.png_dpi(chart("-T", "png"))
        self.assertAlmostEqual(x, 144, delta=0.02)


class FormatFromName(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def out(self, name):
        return os.path.join(self.dir, name)

    def test_extensions(self):
        for cmd, extra in (("chart", AT), ("timeline", ())):
            for ext, magic in (("png", b"\x89PNG"), ("pdf", b"%PDF-"), ("svg", b"<?xml"),
                               ("dot", b"digraph"), ("PDF", b"%PDF-")):
                path = self.out("x." + ext)
                code, _, err = svglib.orgviz(cmd, HW, *extra, "-o", path)
                self.assertEqual(code, 0, err)
                with open(path, "rb") as f:
                    head = f.read(16)
                self.assertTrue(head.startswith(magic) or magic in head, (cmd, ext, head))

    def test_contradiction_and_unknown(self):
        for cmd, extra in (("chart", AT), ("timeline", ())):
            for args in (("-o", self.out("x.pdf"), "-T", "png"),
                         ("-o", self.out("x.jpg")), ("-o", self.out("x"))):
                code, _, err = svglib.orgviz(cmd, HW, *extra, *args)
                self.assertEqual(code, 2, (cmd, args))
                self.assertTrue(err.rstrip().endswith("try 'orgviz --help'"), err)
            # -T decides for a name orgviz does not know
            code, _, err = svglib.orgviz(cmd, HW, *extra, "-T", "svg", "-o", self.out("x.txt"))
            self.assertEqual(code, 0, err)
            ET.parse(self.out("x.txt"))


if __name__ == "__main__":
    unittest.main()
