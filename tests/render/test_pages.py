#!/usr/bin/env python3
"""Charts and timelines on pages (--page, --min-text): page sizes, the
smallest text on every page (from the PDF's text boxes), every organisation
on some page, cut boxes and "continued from" agreeing, slide PNGs."""
import collections
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests"))
sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests", "render"))
import svglib  # noqa: E402
import pdflib  # noqa: E402

HW = svglib.source_path("data", "herefordshire-worcestershire.json")
WE = svglib.source_path("data", "west-essex.json")
AT = ("--at", "2021-04-01")
A4 = (595.28, 841.89)


def run(*args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run([os.environ["ORGVIZ"], *[str(a) for a in args]], capture_output=True,
                       env=e, timeout=300)
    return p.returncode, p.stdout, p.stderr.decode()


def ok(*args, env=None):
    code, out, err = run(*args, env=env)
    if code != 0:
        raise svglib.Failure("orgviz %s: exit %d: %s" % (" ".join(map(str, args)), code, err))
    return out, err


def same_size(a, b, slack=0.05):
    return abs(a[0] - b[0]) < slack and abs(a[1] - b[1]) < slack


def is_a4(size):
    return same_size(size, A4) or same_size(size, (A4[1], A4[0]))


def page_texts(pdf):
    """{page: [(word, height)]}"""
    pages = collections.defaultdict(list)
    for page, word, height in pdf.words():
        pages[page].append((word, height))
    return pages


def smallest_text(pdf):
    """{page: smallest font size in pt}: text box heights, calibrated by the
    footer "page i of n", which orgviz draws at 8 pt in the page's margin
    and last on the page; a page without one by Liberation Sans's height
    (ascent 0.905 + descent 0.212 of the size)."""
    out = {}
    for page, words in page_texts(pdf).items():
        last, h8 = words[-1]
        if len(words) > 3 and words[-2][0] == "of" and re.match(r"\d+$", last):
            per_pt = h8 / 8
        else:
            per_pt = 1.117
        out[page] = min(h for _, h in words) / per_pt
    return out


class PagedChart:
    """Checks every chart cut into A4 pages must pass."""
    data = None

    @classmethod
    def setUpClass(cls):
        out, cls.err = ok("chart", cls.data, *AT, "--page", "a4", "-T", "pdf")
        cls.pdf = pdflib.Pdf(out)
        cls.full = svglib.parse(ok("chart", cls.data, *AT)[0])

    @classmethod
    def tearDownClass(cls):
        cls.pdf.close()

    def test_a4_pages(self):
        sizes = self.pdf.pages()
        self.assertGreater(len(sizes), 1)
        for s in sizes:
            self.assertTrue(is_a4(s), s)

    def test_no_text_below_6pt(self):
        small = smallest_text(self.pdf)
        self.assertEqual(len(small), len(self.pdf.pages()))
        for page, pt in small.items():
            self.assertGreaterEqual(pt, 5.95, "page %d" % page)
        self.assertEqual(self.err, "")

    def test_every_organisation_somewhere(self):
        text = " ".join(w for _, w, _ in self.pdf.words())
        codes = []
        for gid, g in svglib.groups(self.full, "org-").items():
            tip = svglib.tooltip(g) or ""
            m = re.search(r"ODS code (\S+)", tip)
            if m:
                codes.append(m.group(1))
            else:
                first = tip.split("\n")[0].split()[0]
                self.assertIn(first, text, gid)
        self.assertGreater(len(codes), 10)
        for code in codes:
            self.assertIn(code, text.split(), code)

    def test_cut_boxes_and_continued(self):
        pages = page_texts(self.pdf)
        joined = {p: " ".join(w for w, _ in ws) for p, ws in pages.items()}
        refs = {}
        for p, t in joined.items():
            for n in re.findall(r"(?:practices?|networks?|bodies|body), page (\d+)", t):
                refs[int(n)] = p
        self.assertEqual(sorted(refs), list(range(2, len(pages) + 1)))
        for target, source in refs.items():
            self.assertIn("continued from page %d" % source, joined[target])
        self.assertNotIn("continued", joined[1])

    def test_metadata_and_links(self):
        info = self.pdf.info()
        self.assertEqual(info["/Title"], svglib.root_title(self.full))
        # the whole chart's description, not the cut overview's
        self.assertEqual(info["/Subject"], svglib.root_desc(self.full))
        want = sorted(svglib.link_of(g)[0] for g in svglib.groups(self.full, "org-").values()
                      if svglib.link_of(g))
        got = sorted(u for page in self.pdf.links() for u in page)
        self.assertEqual(sorted(set(got)), sorted(set(want)))
        figures = self.pdf.structure()[2][0][2]
        self.assertEqual(len(figures), len(self.pdf.pages()))
        for f in figures:
            self.assertEqual(f[0], "/Figure")
            self.assertTrue(f[1])


class HerefordshireWorcestershire(PagedChart, unittest.TestCase):
    data = HW


class WestEssex(PagedChart, unittest.TestCase):
    data = WE


class TallTimeline(unittest.TestCase):
    """A national timeline (tests/gen_national.py) is too tall for one A4
    page at 6 pt: its lanes are split over pages, each with the axis."""

    @classmethod
    def setUpClass(cls):
        import tempfile
        cls.dir = tempfile.mkdtemp()
        cls.data = os.path.join(cls.dir, "national.json")
        subprocess.run([sys.executable, svglib.source_path("tests", "gen_national.py"),
                        "--seed", "1", "--areas", "6", "-o", cls.data], check=True)
        out, cls.err = ok("timeline", cls.data, "--page", "a4", "-T", "pdf")
        cls.pdf = pdflib.Pdf(out)
        cls.full = svglib.parse(ok("timeline", cls.data)[0])

    @classmethod
    def tearDownClass(cls):
        cls.pdf.close()
        import shutil
        shutil.rmtree(cls.dir)

    def test_pages_of_lanes(self):
        sizes = self.pdf.pages()
        self.assertGreater(len(sizes), 1)
        for s in sizes:
            self.assertTrue(same_size(s, (A4[1], A4[0])), s)
        for page, pt in smallest_text(self.pdf).items():
            self.assertGreaterEqual(pt, 5.95, page)
        self.assertEqual(self.err, "")
        texts = page_texts(self.pdf)
        for p in range(2, len(sizes) + 1):
            self.assertIn("continued from page %d" % (p - 1),
                          " ".join(w for w, _ in texts[p]))

    def test_every_bar_somewhere(self):
        text = " ".join(w for _, w, _ in self.pdf.words())
        bars = svglib.groups(self.full, "org-")
        self.assertGreater(len(bars), 20)
        for gid, g in bars.items():
            name = (svglib.tooltip(g) or "").split("\n")[0]
            # the name's most telling word ("Burytonbud" of "NHS Burytonbud
            # CCG"), whose start survives a label cut short in a narrow bar
            word = max((w for w in name.split() if w.isalpha()), key=len)
            self.assertIn(word[:5], text, gid)

    def test_svg_is_page_one(self):
        code, out, err = run("timeline", self.data, "--page", "a4")
        self.assertEqual(code, 0, err)
        self.assertIn("page 1 of", err)
        self.assertIn("-T pdf", err)


class Pages(unittest.TestCase):
    def test_slide_png(self):
        out, err = ok("chart", HW, *AT, "--page", "slide", "-T", "png", "--dpi", "150")
        self.assertEqual(svglib.png_size(out), (2000, 1125))
        x, y = pdflib.png_dpi(out)
        self.assertAlmostEqual(x, 150, delta=0.02)
        self.assertIn("--root 18C", err)
        self.assertIn("-T pdf", err)

    def test_svg_is_the_overview(self):
        out, err = ok("chart", HW, *AT, "--page", "a4-portrait")
        root = svglib.parse(out)
        size = (float(root.get("width").rstrip("pt")), float(root.get("height").rstrip("pt")))
        self.assertEqual(root.get("width")[-2:], "pt")
        self.assertTrue(same_size(size, A4, 0.01), size)
        self.assertIn("page 1 of", err)
        self.assertIn("1 of", svglib.text_of(root))

    def test_highlight_pdf_keeps_links(self):
        # the rest drawn lighter (see-through groups) with links inside them
        # crashed cairo 1.16's PDF surface; the links stay, one for one
        out, err = ok("chart", HW, *AT, "-T", "pdf")
        plain = pdflib.Pdf(out)
        out, err = ok("chart", HW, *AT, "--highlight", "M81076", "-T", "pdf")
        lit = pdflib.Pdf(out)
        self.assertEqual(len(lit.pages()), 1)
        self.assertGreater(len(plain.links()[0]), 0)
        self.assertEqual(sorted(lit.links()[0]), sorted(plain.links()[0]))
        plain.close()
        lit.close()
        out, err = ok("chart", HW, *AT, "--highlight", "M81076", "--page", "a4", "-T", "pdf")
        paged = pdflib.Pdf(out)
        self.assertGreater(len(paged.pages()), 1)
        paged.close()

    def test_fits_one_page(self):
        small = svglib.source_path("tests", "chart", "data", "small.json")
        out, err = ok("chart", small, *AT, "--page", "a3", "-T", "pdf")
        pdf = pdflib.Pdf(out)
        self.assertEqual(len(pdf.pages()), 1)
        self.assertNotIn("page", " ".join(w for _, w, _ in pdf.words()))
        pdf.close()
        self.assertEqual(err, "")

    def test_min_text_more_pages(self):
        def pages(pt):
            out, _ = ok("chart", HW, *AT, "--page", "a3", "--min-text", pt, "-T", "pdf")
            p = pdflib.Pdf(out)
            n = len(p.pages())
            p.close()
            return n
        self.assertLessEqual(pages("3"), pages("8"))
        self.assertEqual(pages("1"), 1)

    def test_orientation(self):
        for page, want in (("a4-landscape", (A4[1], A4[0])), ("a4-portrait", A4)):
            out, _ = ok("timeline", HW, "--page", page, "-T", "pdf")
            p = pdflib.Pdf(out)
            self.assertTrue(same_size(p.pages()[0], want), (page, p.pages()))
            p.close()
        # auto: a timeline is wide
        out, _ = ok("timeline", HW, "--page", "a4", "-T", "pdf")
        p = pdflib.Pdf(out)
        self.assertTrue(same_size(p.pages()[0], (A4[1], A4[0])), p.pages())
        p.close()

    def test_time_zones(self):
        a, _ = ok("chart", WE, *AT, "--page", "a4", "-T", "pdf", env={"TZ": "UTC"})
        for tz in ("Europe/Paris", "Asia/Kolkata"):
            b, _ = ok("chart", WE, *AT, "--page", "a4", "-T", "pdf", env={"TZ": tz})
            self.assertEqual(a, b, tz)

    def test_usage(self):
        for args in (("--page", "a9"), ("--page", "a4", "-T", "dot"), ("--min-text", "0"),
                     ("--min-text", "x")):
            code, _, err = run("chart", HW, *AT, *args)
            self.assertEqual(code, 2, args)
            self.assertIn("try 'orgviz --help'", err)
        code, _, err = run("timeline", HW, "--page", "b5")
        self.assertEqual(code, 2)
        self.assertIn("a3, a4", err)


if __name__ == "__main__":
    unittest.main()
