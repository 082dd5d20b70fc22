#!/usr/bin/env python3
"""Tests of `orgviz build`, one scenario per run: test_build.py SCENARIO.

Every scenario works in a temporary folder with copies of the fixture data
(tests/build/data) and its own manifest and output folder; the real out/
is never written. SVG is parsed with xml.etree, the gallery with
html.parser. The process must never end by a signal or a sanitizer report
(exit codes 97-99 are reserved for those in tests/meson.build).
"""
import html.parser
import json
import os
import pty
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

ORGVIZ = os.environ.get("ORGVIZ", "build/orgviz")
SOURCE_ROOT = os.environ.get("SOURCE_ROOT", os.getcwd())
HERE = os.path.dirname(os.path.abspath(__file__))
SUMMARY = re.compile(r"^built (\d+) charts?: (\d+) rendered, (\d+) unchanged, (\d+) failed in "
                     r"[0-9.]+ s$")
CHECK_SUMMARY = re.compile(r"^checked (\d+) charts? and index.html: (\d+) up to date, (\d+) stale, "
                           r"(\d+) missing, (\d+) extra, (\d+) failed in [0-9.]+ s$")

sys.path.insert(0, os.path.dirname(HERE))
from checklib import check, finish  # noqa: E402


class Result:
    def __init__(self, code, out, err):
        self.code = code
        self.out = out
        self.err = err
        self.lines = err.splitlines()

    def summary(self):
        m = SUMMARY.match(self.lines[-1]) if self.lines else None
        return tuple(int(x) for x in m.groups()) if m else None

    def check_summary(self):
        m = CHECK_SUMMARY.match(self.lines[-1]) if self.lines else None
        return tuple(int(x) for x in m.groups()) if m else None

    def listing(self, kind):
        """Files named by `--check` as KIND (stale, missing, extra)."""
        got = set()
        for line in self.lines:
            m = re.match(r"^(.*?): %s(:|$)" % kind, line)
            if m:
                got.add(os.path.basename(m.group(1)))
        return got


def run(args, cwd, env=None, tty=False):
    """Runs orgviz; with TTY, standard error is a pseudo-terminal."""
    e = dict(os.environ)
    e.update(env or {})
    cmd = [ORGVIZ, *args]
    if not tty:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=300, env=e)
        r = Result(p.returncode, p.stdout.decode(), p.stderr.decode("utf-8", "replace"))
    else:
        master, slave = pty.openpty()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=slave, env=e)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        out = p.stdout.read()
        p.wait(timeout=300)
        os.close(master)
        err = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
        r = Result(p.returncode, out.decode(), err)
    if r.code < 0 or r.code >= 97 or "Sanitizer" in r.err:
        check(False, f"orgviz {' '.join(args)}: crashed or sanitizer report (exit {r.code}):\n"
              + r.err[-3000:])
    return r


def setup(tmp, charts, title=None):
    """Copies the fixture data into TMP/data and writes TMP/data/charts.json."""
    shutil.copytree(os.path.join(HERE, "data"), os.path.join(tmp, "data"))
    manifest = {"orgviz_charts": 1, "charts": charts}
    if title is not None:
        manifest["title"] = title
    with open(os.path.join(tmp, "data", "charts.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)


def listing(path):
    return sorted(os.listdir(path)) if os.path.isdir(path) else []


def snapshot(path):
    """name -> bytes of every file in PATH."""
    return {n: open(os.path.join(path, n), "rb").read() for n in listing(path)}


def check_outputs_valid(out):
    """Every SVG parses as XML with an <svg> root; PNG and PDF have their
    magic bytes; no temporary file is left behind."""
    for name in listing(out):
        path = os.path.join(out, name)
        if name.endswith(".svg"):
            try:
                root = ET.parse(path).getroot()
                check(root.tag == "{http://www.w3.org/2000/svg}svg", f"{name}: root is {root.tag}")
            except ET.ParseError as e:
                check(False, f"{name}: not well-formed XML: {e}")
        elif name.endswith(".png"):
            check(open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n", f"{name}: not a PNG")
        elif name.endswith(".pdf"):
            check(open(path, "rb").read(5) == b"%PDF-", f"{name}: not a PDF")
        elif name.startswith("."):
            check(name == ".orgviz-build.json", f"left behind in the output folder: {name}")


# The fixture charts: a.json is the README's example (four CCGs merge on
# 2020-04-01, the CCG hands over to the ICB on 2022-07-01); b.json a PCT
# split in 2013.
A_CHARTS = [
    {"name": "a-chart", "kind": "chart", "data": "a.json", "at": "2021-06-01",
     "formats": ["svg", "png"]},
    {"name": "a-series", "kind": "chart", "data": "a.json", "at": "each-transition"},
    {"name": "a-timeline", "kind": "timeline", "data": "a.json", "to": "2024-12-31"},
]
B_CHARTS = [
    {"name": "b-chart", "kind": "chart", "data": "b.json", "at": "2015-01-01",
     "title": "Test area"},
]
A_SERIES_DAYS = ["2020-03-31", "2020-04-01", "2022-06-30", "2022-07-01"]
A_FILES = (["a-chart.svg", "a-chart.png", "a-timeline.svg"]
           + [f"a-series-{d}.svg" for d in A_SERIES_DAYS])
B_FILES = ["b-chart.svg"]


def move_merger(path, new_date, day_before):
    """Moves the 2020 merger of a.json to NEW_DATE, keeping the data valid."""
    text = open(path, encoding="utf-8").read()
    text = text.replace('"2020-03-31"', f'"{day_before}"').replace('"2020-04-01"',
                                                                     f'"{new_date}"')
    open(path, "w", encoding="utf-8").write(text)


# ---- scenarios --------------------------------------------------------------


def scenario_incremental():
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp, A_CHARTS + B_CHARTS)
        out = os.path.join(tmp, "out")
        r = run(["build"], tmp)
        n = len(A_FILES) + len(B_FILES)
        check(r.code == 0, f"first build: exit {r.code}\n{r.err}")
        check(r.summary() == (n, n, 0, 0), f"first build summary: {r.lines[-1:]}")
        check(sorted(A_FILES + B_FILES + [".orgviz-build.json", "index.html"]) == listing(out),
              f"first build files: {listing(out)}")
        check_outputs_valid(out)
        before = {n_: os.stat(os.path.join(out, n_)).st_mtime_ns for n_ in listing(out)}
        time.sleep(0.05)

        r = run(["build"], tmp, tty=True)
        check(r.code == 0, f"second build: exit {r.code}\n{r.err}")
        check(r.summary() == (n, 0, n, 0), f"second build renders nothing: {r.lines[-1:]}")
        check(not any(line.startswith("[") for line in r.lines),
              f"second build shows progress: {r.lines}")
        after = {n_: os.stat(os.path.join(out, n_)).st_mtime_ns for n_ in listing(out)}
        check(before == after, "a no-op build touched files")

        # one date in a.json: a's charts change, b's do not
        old = snapshot(out)
        move_merger(os.path.join(tmp, "data", "a.json"), "2020-10-01", "2020-09-30")
        r = run(["build", "--check"], tmp)
        check(r.code == 1, f"check after the edit: exit {r.code}\n{r.err}")
        # the truth: a fresh build of the edited data elsewhere
        fresh = os.path.join(tmp, "fresh")
        run(["build", "--out", fresh], tmp)
        new = snapshot(fresh)
        want_stale = {f for f in new if f in old and new[f] != old[f] and f != ".orgviz-build.json"}
        want_missing = {f for f in new if f not in old}
        want_extra = {f for f in old if f not in new}
        check(r.listing("stale") == want_stale,
              f"stale: {sorted(r.listing('stale'))}, want {sorted(want_stale)}")
        check(r.listing("missing") == want_missing,
              f"missing: {sorted(r.listing('missing'))}, want {sorted(want_missing)}")
        check(r.listing("extra") == want_extra,
              f"extra: {sorted(r.listing('extra'))}, want {sorted(want_extra)}")
        check(want_missing == {"a-series-2020-09-30.svg", "a-series-2020-10-01.svg"},
              f"the new series days: {sorted(want_missing)}")
        check(want_extra == {"a-series-2020-03-31.svg", "a-series-2020-04-01.svg"},
              f"the old series days: {sorted(want_extra)}")
        named = r.listing("stale") | r.listing("missing") | r.listing("extra")
        check(not any(f.startswith("b-") for f in named), f"--check named b's files: {named}")
        check("a-timeline.svg" in want_stale, "the timeline did not change with the merger date")
        cs = r.check_summary()
        check(cs is not None and cs[2:5] == (len(want_stale), len(want_missing), len(want_extra)),
              f"check summary: {r.lines[-1:]}")

        # the build re-renders exactly a's charts and removes the old days
        r = run(["build"], tmp, tty=True)
        check(r.code == 0, f"build after the edit: exit {r.code}\n{r.err}")
        progress = {m.group(1) for m in (re.match(r"^\[\d+/\d+\] (\S+)", l) for l in r.lines) if m}
        a_now = {f for f in new if f.startswith("a-")}
        check(progress == a_now, f"re-rendered {sorted(progress)}, want {sorted(a_now)}")
        check(r.summary() == (len(a_now) + 1, len(a_now), 1, 0), f"summary: {r.lines[-1:]}")
        for f in sorted(want_extra):
            check(any(l.endswith(f"{f}: removed: no longer produced by data/charts.json")
                      for l in r.lines), f"not reported as removed: {f}\n{r.err}")
        check(snapshot(out).keys() == new.keys(), f"files after: {listing(out)}")
        for f, data in new.items():
            if f != ".orgviz-build.json":
                check(snapshot(out)[f] == data, f"{f} differs from a fresh build")
        r = run(["build", "--check"], tmp)
        check(r.code == 0, f"check after the rebuild: exit {r.code}\n{r.err}")
        cs = r.check_summary()
        check(cs is not None and cs[2:] == (0, 0, 0, 0), f"check summary: {r.lines[-1:]}")


def scenario_check():
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp, B_CHARTS + [
            {"name": "b-chart-2", "kind": "chart", "data": "b.json", "at": "2012-01-01"},
            {"name": "b-chart-3", "kind": "chart", "data": "b.json", "at": "2014-01-01",
             "formats": ["svg", "dot"]},
        ])
        out = os.path.join(tmp, "out")
        r = run(["build", "--check"], tmp)
        check(r.code == 1, f"check of nothing: exit {r.code}")
        check(r.listing("missing") == {"b-chart.svg", "b-chart-2.svg", "b-chart-3.svg",
                                       "b-chart-3.dot", "index.html"},
              f"check of nothing lists: {r.listing('missing')}")
        check(not os.path.exists(out), "--check created the output folder")
        r = run(["build"], tmp)
        check(r.code == 0, f"build: exit {r.code}\n{r.err}")
        r = run(["build", "--check"], tmp)
        check(r.code == 0, f"check when up to date: exit {r.code}\n{r.err}")
        check(r.lines == [r.lines[-1]], f"check when up to date printed more: {r.lines}")

        with open(os.path.join(out, "b-chart.svg"), "ab") as f:
            f.write(b"\n")
        os.unlink(os.path.join(out, "b-chart-2.svg"))
        open(os.path.join(out, "stray.svg"), "w").write("<svg/>")
        open(os.path.join(out, "README.md"), "w").write("allowed\n")
        os.mkdir(os.path.join(out, "sub"))
        html = open(os.path.join(out, "index.html"), encoding="utf-8").read()
        open(os.path.join(out, "index.html"), "w", encoding="utf-8").write(html + " ")
        r = run(["build", "--check"], tmp)
        check(r.code == 1, f"check when out of date: exit {r.code}")
        check(r.listing("stale") == {"b-chart.svg", "index.html"}, f"stale: {r.listing('stale')}")
        check(r.listing("missing") == {"b-chart-2.svg"}, f"missing: {r.listing('missing')}")
        check(r.listing("extra") == {"stray.svg", "sub"}, f"extra: {r.listing('extra')}")
        check(r.check_summary() is not None and r.check_summary()[1:] == (2, 2, 1, 2, 0),
              f"check summary: {r.lines[-1:]}")
        check(os.path.getsize(os.path.join(out, "b-chart.svg")) > 0 and
              not os.path.exists(os.path.join(out, "b-chart-2.svg")), "--check wrote files")

        # a build repairs the edited and the missing file (the stamp records
        # the bytes), and leaves the stray file with a warning
        r = run(["build"], tmp)
        check(r.code == 0, f"repairing build: exit {r.code}\n{r.err}")
        check(r.summary() == (4, 2, 2, 0), f"repairing build summary: {r.lines[-1:]}")
        check(any("stray.svg: extra" in l for l in r.lines), f"stray file not mentioned:\n{r.err}")
        r = run(["build", "--check", "--quiet"], tmp)
        check(r.code == 1 and r.listing("extra") == {"stray.svg", "sub"},
              f"check with a stray file: exit {r.code}\n{r.err}")
        os.unlink(os.path.join(out, "stray.svg"))
        os.rmdir(os.path.join(out, "sub"))
        r = run(["build", "--check"], tmp)
        check(r.code == 0, f"check after clean-up: exit {r.code}\n{r.err}")

        # a chart removed from the manifest: its files go
        setup_manifest = json.load(open(os.path.join(tmp, "data", "charts.json")))
        setup_manifest["charts"] = setup_manifest["charts"][:1]
        json.dump(setup_manifest, open(os.path.join(tmp, "data", "charts.json"), "w"))
        r = run(["build", "--check"], tmp)
        check(r.listing("extra") == {"b-chart-2.svg", "b-chart-3.svg", "b-chart-3.dot"},
              f"extra after removing charts: {r.listing('extra')}")
        r = run(["build", "-q"], tmp)
        check(r.code == 0 and listing(out) == [".orgviz-build.json", "README.md",
                                                "b-chart.svg", "index.html"],
              f"after removing charts: {listing(out)}\n{r.err}")
        check(r.lines == [r.lines[-1]], f"--quiet printed more than the summary: {r.lines}")


def scenario_names():
    cases = [
        ("../x", "must be a plain file name that stays inside the output folder"),
        ("/etc/passwd", "must be a plain file name that stays inside the output folder"),
        ("a/b", "must be a plain file name that stays inside the output folder"),
        (".hidden", "must be a plain file name that stays inside the output folder"),
        ("Upper", "use lower-case letters, digits"),
        ("", "must not be blank"),
        ("x" * 101, "longer than 100 characters"),
    ]
    for name, message in cases:
        with tempfile.TemporaryDirectory() as tmp:
            setup(tmp, [{"name": name, "kind": "chart", "data": "b.json", "at": "2015-01-01"}])
            r = run(["build"], tmp)
            check(r.code == 1, f"name {name!r}: exit {r.code}")
            check(any(l.startswith("data/charts.json: /charts/0/name: error: ") and message in l
                      for l in r.lines), f"name {name!r}: message:\n{r.err}")
            check(r.lines[-1:] == ["data/charts.json: nothing built: 1 error"],
                  f"name {name!r}: summary {r.lines[-1:]}")
            check(not os.path.exists(os.path.join(tmp, "out")), f"name {name!r}: out/ made")
            check(not os.path.exists(os.path.join(tmp, "x")), f"name {name!r}: wrote outside")
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp, [
            {"name": "same", "kind": "chart", "data": "b.json", "at": "2015-01-01"},
            {"name": "same", "kind": "timeline", "data": "b.json", "at": "2015-01-01",
             "formts": ["svg"]},
            {"name": "s", "kind": "chart", "data": "b.json", "at": "each-transition"},
            {"name": "s-2013-04-01", "kind": "chart", "data": "b.json", "at": "2013-04-01"},
        ])
        r = run(["build"], tmp)
        check(r.code == 1, f"duplicates: exit {r.code}")
        for want in ["data/charts.json: /charts/1/name: error: chart name \"same\" is already used "
                     "by /charts/0",
                     "data/charts.json: /charts/1/at: error: \"at\" is an option of charts, not "
                     "of timelines",
                     "data/charts.json: /charts/1/formts: warning: unknown key \"formts\" is "
                     "ignored; did you mean \"formats\"? [unknown-key]"]:
            check(want in r.lines, f"missing message: {want}\n{r.err}")
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp, [
            {"name": "s", "kind": "chart", "data": "b.json", "at": "each-transition"},
            {"name": "s-2013-04-01", "kind": "chart", "data": "b.json", "at": "2013-04-01"},
        ])
        r = run(["build"], tmp)
        check(r.code == 1 and any("both produce s-2013-04-01.svg" in l for l in r.lines),
              f"colliding files: exit {r.code}\n{r.err}")
        check(not os.path.exists(os.path.join(tmp, "out")), "colliding files: out/ made")
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp, [])
        open(os.path.join(tmp, "data", "charts.json"), "w").write(
            '{\n  "orgviz_charts": 1,\n  "charts": [ { "name": "x", } ]\n}\n')
        r = run(["build"], tmp)
        check(r.code == 1 and r.err.startswith("data/charts.json:3:") and "error:" in r.lines[0],
              f"syntax error place: exit {r.code}\n{r.err}")
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp, [{"name": "x", "kind": "chart", "data": "b.json", "at": "2015-02-30",
                     "formats": ["svg", "gif"], "depth": -1, "theme": "neon"}])
        r = run(["build"], tmp)
        for want in ["/charts/0/at: error: 2015-02-30 is not a date (no such day)",
                     "/charts/0/formats/1: error: the formats are",
                     "/charts/0/depth: error:", "/charts/0/theme: error: unknown theme \"neon\""]:
            check(any(want in l for l in r.lines), f"missing message: {want}\n{r.err}")
    for args, code in [(["build", "--jobs", "0"], 2), (["build", "a.json", "b.json"], 2),
                       (["build", "--check", "--force"], 2), (["build", "--nope"], 2),
                       (["build", "missing.json"], 3)]:
        with tempfile.TemporaryDirectory() as tmp:
            r = run(args, tmp)
            check(r.code == code, f"{' '.join(args)}: exit {r.code}, want {code}\n{r.err}")


def scenario_failing():
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp, [
            {"name": "good", "kind": "chart", "data": "b.json", "at": "2015-01-01"},
            {"name": "bad-root", "kind": "chart", "data": "b.json", "at": "2015-01-01",
             "root": "99C", "formats": ["svg", "png"]},
            {"name": "bad-data", "kind": "chart", "data": "nope.json", "at": "2015-01-01"},
            {"name": "bad-day", "kind": "chart", "data": "b.json", "at": "1990-01-01",
             "root": "99A"},
            {"name": "good-2", "kind": "chart", "data": "a.json", "at": "2021-06-01"},
        ])
        out = os.path.join(tmp, "out")
        for jobs in ["1", "3"]:
            shutil.rmtree(out, ignore_errors=True)
            r = run(["build", "--jobs", jobs], tmp)
            check(r.code == 1, f"jobs {jobs}: exit {r.code}")
            check(r.summary() is not None and r.summary()[1] == 2 and r.summary()[3] == 4,
                  f"jobs {jobs}: summary {r.lines[-1:]}")
            check('orgviz: chart "bad-root" (data/charts.json: /charts/1) failed; not made: '
                  'bad-root.svg, bad-root.png' in r.lines, f"jobs {jobs}: bad-root:\n{r.err}")
            check('data/charts.json: /charts/1/root: error: no organisation "99C" in '
                  'data/b.json; did you mean "99A"?' in r.lines, f"jobs {jobs}: root message")
            check(any(l.startswith('orgviz: chart "bad-data"') for l in r.lines) and
                  any(l.startswith("data/nope.json: error: cannot open") for l in r.lines),
                  f"jobs {jobs}: bad-data:\n{r.err}")
            check(any(l.startswith('orgviz: chart "bad-day"') for l in r.lines),
                  f"jobs {jobs}: bad-day:\n{r.err}")
            check(listing(out) == [".orgviz-build.json", "good-2.svg", "good.svg", "index.html"],
                  f"jobs {jobs}: files {listing(out)}")
            check_outputs_valid(out)
            stamp = json.load(open(os.path.join(out, ".orgviz-build.json")))
            check(sorted(stamp["outputs"]) == ["good-2.svg", "good.svg"],
                  f"jobs {jobs}: stamp lists {sorted(stamp['outputs'])}")
            page = parse_page(os.path.join(out, "index.html"))
            check(page.failed == 3, f"jobs {jobs}: the page shows {page.failed} failed charts")
        # failed charts are tried again, good ones not
        r = run(["build"], tmp)
        check(r.summary() is not None and r.summary()[1:] == (0, 2, 4), f"rebuild: {r.lines[-1:]}")
    # a series and a timeline with unknown ids: every day of the series fails
    # with the same message, said once; a timeline says each unknown id
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp, [
            {"name": "s", "kind": "chart", "data": "b.json", "at": "each-transition",
             "root": "99C"},
            {"name": "t", "kind": "timeline", "data": "b.json", "focus": "99C",
             "types": ["nope"]},
        ])
        r = run(["build"], tmp)
        check(r.code == 1 and r.summary() is not None and r.summary()[1] == 0 and
              r.summary()[3] == 3, f"unknown ids: exit {r.code}, {r.lines[-1:]}")
        check('orgviz: chart "s" (data/charts.json: /charts/0) failed; not made: '
              's-2013-03-31.svg, s-2013-04-01.svg' in r.lines, f"unknown ids: series:\n{r.err}")
        root = ('data/charts.json: /charts/0/root: error: no organisation "99C" in '
                'data/b.json; did you mean "99A"?')
        check(r.lines.count(root) == 1, f"unknown ids: the root message:\n{r.err}")
        # the plan fails every day of the series: none reaches the renderer
        # (which would say why in words of its own)
        check(sum(": error: " in l for l in r.lines) == 3, f"unknown ids: errors:\n{r.err}")
        for want in ['data/charts.json: /charts/1/focus: error: no organisation "99C" in '
                     'data/b.json; did you mean "99A"?',
                     'data/charts.json: /charts/1/types/0: error: no type "nope" in data/b.json']:
            check(want in r.lines, f"unknown ids: missing {want}\n{r.err}")
        page = parse_page(os.path.join(tmp, "out", "index.html"))
        check(page.failed == 3, f"unknown ids: the page shows {page.failed} failed charts")


def scenario_invalid_data():
    """Charts of an invalid data file fail with its errors, said once, and
    without its warnings (those are for `orgviz validate`)."""
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp, [
            {"name": "one", "kind": "chart", "data": "b.json", "at": "2015-01-01"},
            {"name": "two", "kind": "timeline", "data": "b.json", "to": "2020-01-01"},
        ])
        path = os.path.join(tmp, "data", "b.json")
        doc = json.load(open(path))
        del doc["organisations"][3]["start"]          # a warning
        doc["organisations"][1]["start"] = "2013-04-02"  # an error: the split creates it
        json.dump(doc, open(path, "w"), indent=2)
        r = run(["build"], tmp)
        check(r.code == 1, f"exit {r.code}")
        error = ('data/b.json: /transitions/0/to/0: error: starts on 2013-04-02, but the split '
                 'on 1 April 2013 creates it: its start should be 2013-04-01 (organisation "99A")')
        check(r.lines.count(error) == 1, f"the error once:\n{r.err}")
        check(not [l for l in r.lines if "warning:" in l], f"no warnings:\n{r.err}")
        check("  (for the reasons given above)" in r.lines, f"second chart:\n{r.err}")
        check(r.summary() is not None and r.summary()[3] == 2, f"summary {r.lines[-1:]}")


def scenario_warnings():
    """The warnings of charts that are made are printed, each once for all of
    a chart's formats, as the command line prints them: here a theme fill
    too light for its text, adjusted."""
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp, [
            {"name": "pale", "kind": "chart", "data": "b.json", "at": "2015-01-01",
             "theme": "pale.json", "formats": ["svg", "png"]},
            {"name": "plain", "kind": "chart", "data": "b.json", "at": "2015-01-01"},
        ])
        with open(os.path.join(tmp, "data", "pale.json"), "w") as f:
            json.dump({"orgviz_theme": 1, "types": {"ccg": {"fill": "#777777"}}}, f)
        r = run(["build"], tmp)
        check(r.code == 0, f"exit {r.code}: {r.err}")
        warned = [l for l in r.lines if "warning:" in l and "#777777" in l]
        check(len(warned) == 1 and warned[0].startswith("out/pale."), f"one warning:\n{r.err}")
        r = run(["build", "--quiet", "--force"], tmp)
        check(not [l for l in r.lines if "warning:" in l], f"--quiet hides it:\n{r.err}")


def scenario_outside():
    """A manifest's "data" stays inside the manifest's folder: an absolute
    path, a climb out with "..", and a symbolic link that points out are
    refused without reading the file (and nothing of it is printed);
    --allow-outside reads them, and still never quotes a foreign file's
    lines."""
    with tempfile.TemporaryDirectory() as tmp:
        secret_dir = os.path.join(tmp, "private")
        os.mkdir(secret_dir)
        secret = os.path.join(secret_dir, "secret.txt")
        with open(secret, "w") as f:
            f.write("root:SECRET-FIRST-LINE:0:0\nsecond\n")
        shutil.copy(os.path.join(HERE, "data", "a.json"), os.path.join(secret_dir, "a.json"))
        setup(tmp, [
            {"name": "abs", "kind": "chart", "data": secret, "at": "2015-01-01"},
            {"name": "up", "kind": "chart", "data": "../private/a.json", "at": "2021-04-01"},
            {"name": "link", "kind": "chart", "data": "link.json", "at": "2015-01-01"},
            {"name": "inside", "kind": "chart", "data": "a.json", "at": "2021-04-01"},
        ])
        os.symlink(secret, os.path.join(tmp, "data", "link.json"))
        r = run(["build"], tmp)
        check(r.code == 1, f"exit {r.code}")
        check("SECRET" not in r.err + r.out, f"the foreign file was quoted:\n{r.err}")
        refused = [l for l in r.lines if "is outside the manifest's folder" in l]
        check(len(refused) == 3, f"three refusals:\n{r.err}")
        check(any("--allow-outside" in l for l in refused), f"the way out is named:\n{r.err}")
        check(r.summary() is not None and r.summary()[1:] == (1, 0, 3),
              f"summary {r.lines[-1:]}")
        check(listing(os.path.join(tmp, "out")) == [".orgviz-build.json", "index.html", "inside.svg"],
              f"out/: {listing(os.path.join(tmp, 'out'))}")
        r = run(["build", "--allow-outside"], tmp)
        check(r.code == 1, f"--allow-outside: exit {r.code}")
        check("SECRET" not in r.err + r.out, f"--allow-outside quoted the file:\n{r.err}")
        check(not [l for l in r.lines if "is outside" in l], f"still refused:\n{r.err}")
        check(os.path.exists(os.path.join(tmp, "out", "up.svg")), "../private/a.json not drawn")
        check(r.summary() is not None and r.summary()[3] == 2, f"summary {r.lines[-1:]}")


def scenario_killed_worker():
    """A build worker killed half-way: the chart it held fails with a message
    saying so, every other chart is made (the other worker takes them),
    nothing half-written is left in the output folder, the exit status is 1;
    the next build makes the rest."""
    with tempfile.TemporaryDirectory() as tmp:
        # PNGs: drawing one takes about a second, long enough to catch a
        # worker at it (an SVG of this file takes a tenth of that)
        charts = [{"name": f"big-{k}", "kind": "chart", "data": "big.json",
                   "at": f"2021-0{k}-01", "formats": ["png"]} for k in range(1, 5)]
        setup(tmp, charts + B_CHARTS)
        with open(os.path.join(tmp, "data", "big.json"), "w") as f:
            subprocess.run([sys.executable, os.path.join(SOURCE_ROOT, "tests", "gen_large.py"),
                            "1500"], stdout=f, check=True)
        p = subprocess.Popen([ORGVIZ, "build", "--jobs", "2"], cwd=tmp, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        # the parent hands each worker one chart at a time: kill the first
        # worker once it is rendering (0.2 s of processor time; a PNG of
        # big.json takes about five times that), so that it holds one
        victim = None
        deadline = time.time() + 120
        while victim is None and time.time() < deadline and p.poll() is None:
            try:
                kids = open(f"/proc/{p.pid}/task/{p.pid}/children").read().split()
                with open(f"/proc/{kids[0]}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                busy = int(fields[11]) + int(fields[12]) >= 0.2 * os.sysconf("SC_CLK_TCK")
            except (OSError, IndexError, ValueError):
                busy = False
            if busy:
                victim = int(kids[0])
                os.kill(victim, signal.SIGKILL)
            else:
                time.sleep(0.005)
        out, err = p.communicate(timeout=300)
        err = err.decode("utf-8", "replace")
        check(victim is not None, "no worker process was seen")
        check(p.returncode == 1, f"exit {p.returncode}\n{err}")
        check("not rendered: its worker process was ended by signal 9" in err,
              f"the failure is not explained:\n{err}")
        lines = err.splitlines()
        m = SUMMARY.match(lines[-1]) if lines else None
        check(m is not None and int(m.group(4)) == 1 and int(m.group(2)) == 4,
              f"the chart the worker held failed, the 4 others were made: {lines[-1:]}")
        outdir = os.path.join(tmp, "out")
        check(not [n for n in listing(outdir) if n.startswith(".") and n != ".orgviz-build.json"],
              f"temporary files left: {listing(outdir)}")
        check_outputs_valid(outdir)
        r = run(["build", "--jobs", "2"], tmp)
        check(r.code == 0, f"the next build: exit {r.code}\n{r.err}")
        failed = int(m.group(4)) if m else -1
        check(r.summary() is not None and r.summary()[1] == failed,
              f"the next build renders exactly the {failed} that failed: {r.lines[-1:]}")


def scenario_jobs():
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp, A_CHARTS + B_CHARTS)
        one = os.path.join(tmp, "one")
        two = os.path.join(tmp, "two")
        r1 = run(["build", "--out", one], tmp)
        r2 = run(["build", "--out", two, "--jobs", "2"], tmp, tty=True)
        check(r1.code == 0 and r2.code == 0, f"exit {r1.code} and {r2.code}\n{r1.err}\n{r2.err}")
        s1 = snapshot(one)
        s2 = snapshot(two)
        check(s1.keys() == s2.keys(), f"files differ: {sorted(s1)} vs {sorted(s2)}")
        for f in s1:
            check(s1[f] == s2.get(f), f"{f}: --jobs 2 bytes differ from --jobs 1")
        n = len(A_FILES) + len(B_FILES)
        progress = [l for l in r2.lines if re.match(r"^\[\d+/\d+\] ", l)]
        check(len(progress) == n and all(f"/{n}] " in l for l in progress),
              f"progress lines with --jobs 2: {progress}")
        r = run(["build", "--out", two, "--jobs", "4", "--force"], tmp)
        check(r.summary() == (n, n, 0, 0), f"--force --jobs 4: {r.lines[-1:]}")
        check(snapshot(two) == s2, "--force changed bytes")
        r = run(["build", "--out", two, "--check", "--jobs", "3"], tmp)
        check(r.code == 0, f"--check --jobs 3: exit {r.code}\n{r.err}")


def scenario_series():
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp, A_CHARTS, title='Tests <script>alert("x")</script> & co')
        out = os.path.join(tmp, "out")
        r = run(["build"], tmp)
        check(r.code == 0, f"build: exit {r.code}\n{r.err}")
        series = sorted(f for f in listing(out) if f.startswith("a-series"))
        check(series == [f"a-series-{d}.svg" for d in A_SERIES_DAYS], f"series files: {series}")
        page = parse_page(os.path.join(out, "index.html"))
        check(page.title == 'Tests <script>alert("x")</script> & co', f"title: {page.title!r}")
        check(page.scripts == 1, f"{page.scripts} script elements (the title was not escaped?)")
        selects = page.selects
        check(len(selects) == 1 and len(selects[0]["options"]) == len(A_SERIES_DAYS),
              f"series select: {selects}")
        if selects:
            opts = selects[0]["options"]
            check(opts[0].startswith("31 March 2020, the day before the merger"),
                  f"first option: {opts[0]!r}")
            check(opts[1].startswith("1 April 2020, the day of the merger"),
                  f"second option: {opts[1]!r}")
            check(selects[0]["id"] in page.label_for, "the select has no <label for>")
        check(page.live == 1, f"{page.live} aria-live regions")
        check(page.buttons == ["Earlier date", "Later date"], f"buttons: {page.buttons}")
        check_page(page, out)


def scenario_today():
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp, [
            {"name": "now", "kind": "chart", "data": "b.json", "at": "today"},
            {"name": "fixed", "kind": "chart", "data": "b.json", "at": "2015-01-01"},
        ])
        out = os.path.join(tmp, "out")
        day1 = {"SOURCE_DATE_EPOCH": "1700000000"}
        day2 = {"SOURCE_DATE_EPOCH": str(1700000000 + 86400)}
        r = run(["build"], tmp, env=day1)
        stamp = json.load(open(os.path.join(out, ".orgviz-build.json")))
        check(stamp["outputs"]["now.svg"].get("today") == "2023-11-14",
              f"stamp of a 'today' chart: {stamp['outputs'].get('now.svg')}")
        check("today" not in stamp["outputs"]["fixed.svg"], "a fixed chart records today")
        text = open(os.path.join(out, ".orgviz-build.json")).read()
        check(text == json.dumps(stamp, indent=2, sort_keys=True) + "\n",
              "the stamp is not sorted, indented JSON")
        r = run(["build"], tmp, env=day1)
        check(r.summary() == (2, 0, 2, 0), f"same day: {r.lines[-1:]}")
        r = run(["build"], tmp, env=day2, tty=True)
        check(r.summary() == (2, 1, 1, 0) and any(l.startswith("[1/1] now.svg") for l in r.lines),
              f"next day: {r.lines}")


def scenario_bundled():
    """The bundled manifest: its file set, a no-op build under a second,
    --jobs 2 identical to --jobs 1, --check on the result."""
    manifest = os.path.join(SOURCE_ROOT, "data", "charts.json")
    with tempfile.TemporaryDirectory() as tmp:
        one = os.path.join(tmp, "one")
        two = os.path.join(tmp, "two")
        r = run(["build", manifest, "--out", one], tmp)
        check(r.code == 0, f"bundled build: exit {r.code}\n{r.err}")
        days = ["2013-03-31", "2013-04-01", "2020-03-31", "2020-04-01", "2022-06-30", "2022-07-01"]
        want = sorted([".orgviz-build.json", "index.html",
                       "hw-structure-2019-06-01.svg", "hw-structure-2021-04-01.svg",
                       "hw-structure-2021-04-01.png", "hw-structure-2021-04-01.pdf",
                       "hw-structure-2023-01-01.svg", "hw-timeline.svg", "hw-timeline.png",
                       "hw-timeline-icb.svg", "we-structure-2021-04-01.svg", "we-timeline.svg",
                       "hw-structure-2021-04-01-a4.pdf", "we-structure-2021-04-01-a4.pdf"]
                      + [f"hw-changes-{d}.svg" for d in days]
                       + ["england-2024-01-01.svg", "england-2024-01-01.png",
                          "england-ccgs-2021-04-01.svg"]
                       + [f"england-region-{r}.svg"
                          for r in ("y56", "y58", "y59", "y60", "y61", "y62", "y63")]
                       + [f"england-icb-{i}{t}.svg" for i in ("qwu", "qnc", "qm7", "qrv")
                          for t in ("", "-timeline")])
        check(listing(one) == want, f"bundled files: {listing(one)}")
        check_outputs_valid(one)
        t0 = time.monotonic()
        r = run(["build", manifest, "--out", one], tmp)
        elapsed = time.monotonic() - t0
        check(r.summary() is not None and r.summary()[1] == 0, f"no-op: {r.lines[-1:]}")
        # the sanitizer build is several times slower at everything
        limit = 3.0 if "asan" in ORGVIZ else 1.0
        check(elapsed < limit, f"no-op build took {elapsed:.2f} s")
        print(f"# no-op build of the bundled manifest: {elapsed:.3f} s")
        r = run(["build", manifest, "--out", two, "--jobs", "2"], tmp)
        check(snapshot(one) == snapshot(two), "--jobs 2 differs from --jobs 1")
        r = run(["build", manifest, "--out", one, "--check"], tmp)
        check(r.code == 0, f"bundled check: exit {r.code}\n{r.err}")
        page = parse_page(os.path.join(one, "index.html"))
        check_page(page, one)


# ---- the gallery page ------------------------------------------------------


class Page(html.parser.HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.ids = []
        self.imgs = []
        self.links = []
        self.title = None
        self.lang = None
        self.landmarks = []
        self.scripts = 0
        self.selects = []
        self.label_for = set()
        self.live = 0
        self.buttons = []
        self.failed = 0
        self.text_of = None
        self.buf = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag not in self.VOID:
            self.stack.append(tag)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("header", "main", "nav", "footer"):
            self.landmarks.append(tag)
        if tag == "img":
            self.imgs.append(a)
        if tag in ("a", "link", "script", "iframe", "object", "embed", "source"):
            self.links.append((tag, a))
        if tag == "script":
            self.scripts += 1
        if tag == "select":
            self.selects.append({"id": a.get("id"), "options": []})
        if tag == "label" and a.get("for"):
            self.label_for.add(a["for"])
        if "aria-live" in a:
            self.live += 1
        if tag == "p" and "failed" in (a.get("class") or "").split():
            self.failed += 1
        if tag in ("title", "option", "button"):
            self.text_of = tag
            self.buf = ""

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()
        if tag == self.text_of:
            text = " ".join(self.buf.split())
            if tag == "title":
                self.title = text
            elif tag == "option":
                self.selects[-1]["options"].append(text)
            else:
                self.buttons.append(text)
            self.text_of = None

    def handle_data(self, data):
        if self.text_of:
            self.buf += data


def parse_page(path):
    p = Page()
    text = open(path, encoding="utf-8").read()
    check(text.startswith("<!DOCTYPE html>\n"), "no <!DOCTYPE html>")
    p.feed(text)
    p.close()
    return p


def check_page(page, out):
    check(not page.errors, f"unbalanced tags: {page.errors[:5]}")
    check(not page.stack, f"unclosed tags: {page.stack}")
    check(page.lang == "en-GB", f"lang is {page.lang}")
    check(bool(page.title), "no <title>")
    check(page.landmarks.count("main") == 1 and "header" in page.landmarks,
          f"landmarks: {page.landmarks}")
    dup = {i for i in page.ids if page.ids.count(i) > 1}
    check(not dup, f"duplicate ids: {dup}")
    check("main" in page.ids, "the skip link has no target")
    check(page.links and page.links[0][0] == "a" and page.links[0][1].get("href") == "#main",
          "the first link is not the skip link")
    for img in page.imgs:
        check(bool(img.get("alt", "").strip()), f"img without alt: {img}")
        src = img.get("src", "")
        check(os.path.isfile(os.path.join(out, src)), f"img src not in the folder: {src}")
    for tag, a in page.links:
        if tag == "a":
            href = a.get("href", "")
            ok = (href.startswith("#") and href[1:] in page.ids) or \
                href.startswith(("https://", "http://")) or \
                os.path.isfile(os.path.join(out, href))
            check(ok, f"link to nowhere: {href}")
        else:
            check(tag == "script" and "src" not in a, f"external resource: <{tag} {a}>")


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    fn = globals().get("scenario_" + name)
    if not fn:
        print("usage: test_build.py " + "|".join(
            k[9:] for k in sorted(globals()) if k.startswith("scenario_")))
        sys.exit(2)
    fn()
    finish(name)


if __name__ == "__main__":
    main()
