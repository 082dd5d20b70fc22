#!/usr/bin/env python3
"""The slower checks of PDF and PNG (suite slow): a build made in UTC is
up to date in other time zones, and a bitmap too large for cairo is drawn
at a lower dpi with orgviz's own message."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests"))
sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests", "render"))
import svglib  # noqa: E402
import pdflib  # noqa: E402
from test_paint import HW, AT, run_env  # noqa: E402
import tempfile  # noqa: E402


class BuildEveryZone(unittest.TestCase):
    def test_check_in_every_time_zone(self):
        """A build made in UTC is up to date for --check in other zones (every
        format, pages too), also with London in summer."""
        import json
        import shutil
        d = tempfile.mkdtemp()
        try:
            shutil.copy(HW, os.path.join(d, "hw.json"))
            man = {"orgviz_charts": 1, "charts": [
                {"name": "c", "kind": "chart", "data": "hw.json", "at": "2021-04-01",
                 "formats": ["svg", "png", "pdf", "dot"]},
                {"name": "p", "kind": "chart", "data": "hw.json", "at": "2021-04-01",
                 "formats": ["pdf", "png"], "page": "a4"},
                {"name": "t", "kind": "timeline", "data": "hw.json", "to": "2025-03-31",
                 "formats": ["svg", "png", "pdf"]}]}
            path = os.path.join(d, "charts.json")
            with open(path, "w") as f:
                json.dump(man, f)
            out = os.path.join(d, "out")
            for epoch in ("1700000000", "1719835200"):
                code, _, err = run_env({"TZ": "UTC", "SOURCE_DATE_EPOCH": epoch}, "build",
                                       path, "--out", out, "--quiet", "--force")
                self.assertEqual(code, 0, err)
                for tz in ("Europe/Paris", "Europe/London", "America/New_York",
                           "Asia/Kolkata"):
                    code, text, err = run_env({"TZ": tz, "SOURCE_DATE_EPOCH": epoch}, "build",
                                              path, "--out", out, "--check")
                    self.assertEqual(code, 0, (tz, epoch, text, err))
        finally:
            shutil.rmtree(d)


class Large(unittest.TestCase):
    def test_too_large_lowers_dpi(self):
        code, out, err = svglib.orgviz("chart", HW, *AT, "-T", "png", "--dpi", "1200")
        self.assertEqual(code, 0, err)
        w, h = svglib.png_size(out)
        self.assertLessEqual(max(w, h), 32767)
        self.assertLessEqual(w * h, 100e6)
        dpi, _ = pdflib.png_dpi(out)
        self.assertLess(dpi, 1200)
        self.assertIn("drawn at %g dpi instead" % round(dpi), err)
        self.assertNotIn("cairo", err.lower().replace("cairo'", ""))


if __name__ == "__main__":
    unittest.main()
