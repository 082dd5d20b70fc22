#!/usr/bin/env python3
"""orgviz chart's command line: help, usage errors (exit 2), data errors
(exit 1), and -o that writes atomically: on any error nothing is created
and an existing file is left as it was."""
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests"))
import svglib  # noqa: E402

SMALL = svglib.source_path("tests", "chart", "data", "small.json")
AT = ("--at", "2021-04-01")
ROOT_ID = "NHSE"  # an organisation of small.json whose id has letters


class Help(unittest.TestCase):
    def test_help(self):
        code, out, err = svglib.orgviz("chart", "--help")
        out = out.decode()
        self.assertEqual(code, 0)
        self.assertTrue(out.startswith("usage: orgviz chart FILE"))
        for opt in ("--at", "--root", "--depth", "--title", "--theme", "-T", "--dpi",
                    "--responsive", "-o"):
            self.assertIn(opt, out)
        self.assertIn("default: today", out)


class UsageErrors(unittest.TestCase):
    def usage(self, *args):
        code, out, err = svglib.orgviz("chart", *args)
        self.assertEqual(code, 2, "%s: %s" % (args, err))
        self.assertEqual(out, b"")
        self.assertIn("usage: orgviz chart", err)
        self.assertIn("try 'orgviz --help'", err)
        return err

    def test_bad_dates(self):
        self.assertIn("YYYY-MM-DD", self.usage(SMALL, "--at", "1/4/2021"))
        self.assertIn("no such day", self.usage(SMALL, "--at", "2021-02-30"))

    def test_unknown_option(self):
        self.assertIn("unknown option '--frobnicate'", self.usage(SMALL, "--frobnicate"))

    def test_missing_value(self):
        self.usage(SMALL, "--at")

    def test_bad_values(self):
        self.usage(SMALL, "--depth", "-1")
        self.usage(SMALL, "--depth", "two")
        self.usage(SMALL, "-T", "gif")
        self.usage(SMALL, "--theme", "neon")
        self.usage(SMALL, "--dpi", "5")

    def test_empty_output_name(self):
        err = self.usage(SMALL, *AT, "-o", "")
        self.assertIn("-o '': the output file name is empty", err)

    def test_depth_says_the_maximum(self):
        self.assertIn("--depth 99999: give a whole number from 0 to 1000",
                      self.usage(SMALL, "--depth", "99999"))

    def test_option_did_you_mean(self):
        err = self.usage(SMALL, "--rot", "X")
        self.assertIn("unknown option '--rot'; did you mean '--root'?", err)
        err = self.usage(SMALL, "--DEPTH=2")
        self.assertIn("did you mean '--depth'?", err)

    def test_files(self):
        self.usage()
        self.usage(SMALL, SMALL)


class DataErrors(unittest.TestCase):
    def test_unknown_root(self):
        code, out, err = svglib.orgviz("chart", SMALL, *AT, "--root", "NOPE")
        self.assertEqual(code, 1)
        self.assertEqual(out, b"")
        self.assertIn("--root NOPE: no organisation has this id", err)
        code, out, err = svglib.orgviz("chart", SMALL, *AT, "--root", "QQQQQQ")
        self.assertIn("--root QQQQQQ: no organisation has this id", err)
        self.assertNotIn("did you mean", err)

    def test_root_did_you_mean(self):
        # the same id in other case first, then a likely typo
        code, out, err = svglib.orgviz("chart", SMALL, *AT, "--root", ROOT_ID.lower())
        self.assertEqual(code, 1)
        self.assertIn('did you mean "%s"?' % ROOT_ID, err)

    def test_root_not_on_that_day(self):
        code, out, err = svglib.orgviz("chart", SMALL, *AT, "--root", "OLD")
        self.assertEqual(code, 1)
        self.assertIn("did not exist on 1 April 2021", err)

    def test_nothing_on_that_day(self):
        code, out, err = svglib.orgviz("chart", SMALL, "--at", "1990-01-01")
        self.assertEqual(code, 1)
        self.assertIn("no organisation exists on 1 January 1990", err)

    def test_invalid_data(self):
        with tempfile.TemporaryDirectory() as tmp:
            bad = os.path.join(tmp, "bad.json")
            with open(bad, "w") as f:
                f.write('{"orgviz": 1, "organisations": [{"id": "a", "name": "A", "type": "x"}]}')
            code, out, err = svglib.orgviz("chart", bad, *AT)
            self.assertEqual(code, 1)
            self.assertEqual(out, b"")
            self.assertIn("not declared", err)

    def test_too_many(self):
        with tempfile.TemporaryDirectory() as tmp:
            big = os.path.join(tmp, "big.json")
            with open(big, "wb") as f:
                subprocess.run([sys.executable, svglib.source_path("tests", "gen_large.py"), "8000"],
                               stdout=f, check=True)
            code, out, err = svglib.orgviz("chart", big, "--at", "2021-01-01")
            self.assertEqual(code, 1)
            self.assertEqual(out, b"")
            self.assertIn("more than one chart can show", err)
            self.assertIn("--root", err)

    def test_missing_file(self):
        code, out, err = svglib.orgviz("chart", "/nonexistent/x.json", *AT)
        self.assertEqual(code, 3)


class Output(unittest.TestCase):
    def test_writes_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "chart.svg")
            code, out, err = svglib.orgviz("chart", SMALL, *AT, "-o", path)
            self.assertEqual(code, 0, err)
            self.assertEqual(out, b"")
            with open(path, "rb") as f:
                svglib.check_finished(f.read())
            self.assertEqual(os.listdir(tmp), ["chart.svg"])

    def test_error_creates_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "chart.svg")
            code, out, err = svglib.orgviz("chart", SMALL, *AT, "--root", "NOPE", "-o", path)
            self.assertEqual(code, 1)
            self.assertEqual(os.listdir(tmp), [])

    def test_error_keeps_old_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "chart.svg")
            with open(path, "w") as f:
                f.write("old")
            for args in (("--root", "NOPE"), ("--at", "bad")):
                code, out, err = svglib.orgviz("chart", SMALL, *AT, *args, "-o", path)
                self.assertNotEqual(code, 0)
                with open(path) as f:
                    self.assertEqual(f.read(), "old")
            self.assertEqual(os.listdir(tmp), ["chart.svg"])

    def test_replacing_keeps_the_mode(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "chart.svg")
            with open(path, "w") as f:
                f.write("old")
            os.chmod(path, 0o640)
            code, out, err = svglib.orgviz("chart", SMALL, *AT, "-o", path)
            self.assertEqual(code, 0, err)
            self.assertEqual(os.stat(path).st_mode & 0o7777, 0o640)
            os.chmod(path, 0o604)
            code, out, err = svglib.orgviz("chart", SMALL, *AT, "-o", path)
            self.assertEqual(os.stat(path).st_mode & 0o7777, 0o604)

    def test_write_fails(self):
        """A write that fails half-way (the file size limit, which holds
        even for root) exits 3 naming the file and the reason, and leaves
        the old file and no temporary file behind."""
        import resource
        import signal

        def small_files():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))

        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "chart.svg")
            with open(path, "w") as f:
                f.write("old")
            cmd = [os.path.abspath(os.environ["ORGVIZ"]), "chart", SMALL, *AT, "-o", path]
            wrapper = os.environ.get("ORGVIZ_WRAPPER")
            if wrapper:
                self.skipTest("valgrind writes its own files")
            p = subprocess.run(cmd, capture_output=True, preexec_fn=small_files, timeout=120)
            err = p.stderr.decode()
            self.assertEqual(p.returncode, 3, err)
            self.assertIn(path + ": error: cannot write: File too large", err)
            with open(path) as f:
                self.assertEqual(f.read(), "old")
            self.assertEqual(os.listdir(tmp), ["chart.svg"])

    def test_cannot_replace_a_folder(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "chart.svg")
            os.mkdir(path)
            code, out, err = svglib.orgviz("chart", SMALL, *AT, "-o", path)
            self.assertEqual(code, 3, err)
            self.assertIn(path + ": error: cannot write: it is a folder, not a file", err)
            self.assertEqual(os.listdir(tmp), ["chart.svg"])

    def test_unwritable_folder(self):
        code, out, err = svglib.orgviz("chart", SMALL, *AT, "-o", "/nonexistent/dir/chart.svg")
        self.assertEqual(code, 3)

    def test_stdout_dash(self):
        code, out, err = svglib.orgviz("chart", SMALL, *AT, "-o", "-")
        self.assertEqual(code, 0)
        svglib.check_finished(out)

    def test_default_date_is_today(self):
        # the tests run with SOURCE_DATE_EPOCH=1700000000: 14 November 2023
        if os.environ.get("SOURCE_DATE_EPOCH") != "1700000000":
            self.skipTest("SOURCE_DATE_EPOCH is not the tests' value")
        code, out, err = svglib.orgviz("chart", SMALL)
        self.assertEqual(code, 0, err)
        self.assertIn("14 November 2023", svglib.root_title(svglib.parse(out)))


if __name__ == "__main__":
    unittest.main(verbosity=1)
