#!/usr/bin/env python3
"""The command line's contract: help, version, usage errors and exit codes
(0 success, 1 invalid data, 2 usage error, 3 unreadable file)."""
import os
import re
import stat
import subprocess
import sys
import tempfile
import threading

ORGVIZ = os.path.abspath(os.environ["ORGVIZ"])
ROOT = os.environ["SOURCE_ROOT"]
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checklib import check, finish  # noqa: E402


def run(*args, cwd=None):
    p = subprocess.run([ORGVIZ, *args], capture_output=True, cwd=cwd, timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


code, out, err = run("--help")
check(code == 0 and "usage: orgviz" in out and "validate" in out, "--help")
for cmd in ("validate", "chart", "timeline"):
    code, out, err = run(cmd, "--help")
    check(code == 0 and out.startswith(f"usage: orgviz {cmd}"), f"{cmd} --help: {code} {out[:80]}")
code, out, err = run("--version")
check(code == 0 and out.startswith("orgviz ") and out.strip().split()[1][0].isdigit(), "--version")
# the libraries, as built with and as running with: "Graphviz 2.43.0, ..."
lines = out.splitlines()
for i, when in ((1, "built with"), (2, "running with")):
    line = lines[i] if len(lines) > i else ""
    check(line.startswith(when + " "), f"--version line {i + 1}: {line!r}")
    for lib in ("Graphviz", "jansson", "libxml2"):
        m = re.search(lib + r" (\d+\.\d+(\.\d+)?)(,|$)", line)
        check(m is not None, f"--version {when}: no {lib} version in {line!r}")

# usage errors: exit 2, a usage line and the hint
for args in (["--bogus"], ["frobnicate"], ["validate", "--bogus", "x.json"], ["validate"], []):
    code, out, err = run(*args)
    check(code == 2, f"{args}: exit {code}, expected 2")
    check("usage: orgviz" in err and "try 'orgviz --help'" in err, f"{args}: no usage line: {err}")
    check(out == "", f"{args}: printed to stdout")

# an option without its value says so, in every command (not "unknown option")
for args in (["validate", "--allow"], ["chart", "x.json", "--at"], ["timeline", "x.json", "--to"],
             ["build", "--out"], ["build", "-j"], ["changes", "x.json", "--to"],
             ["import", "practices", "-o"], ["import", "csv", "--title"],
             ["import", "ods", "--types"], ["export", "csv", "x.json", "--out"]):
    code, out, err = run(*args)
    check(code == 2 and f"option '{args[-1]}' needs a value" in err and
          "unknown option" not in err and out == "", f"{args}: {code} {err}")

# a kind of warning that is not one: every kind named, and the likely one
code, out, err = run("validate", "--allow", "no-start,unknwon-key", "x.json")
check(code == 2 and "--allow no-start,unknwon-key: 'unknwon-key' is not a warning that can be "
      "allowed (those are no-start and unknown-key); did you mean 'unknown-key'?" in err,
      f"--allow unknwon-key: {code} {err}")
with tempfile.TemporaryDirectory() as tmp:
    with open(os.path.join(tmp, "allow.json"), "w") as f:
        f.write('{"orgviz": 1, "allow": ["no-strat", 3], "organisations": []}')
    code, out, err = run("validate", "allow.json", cwd=tmp)
    check(code == 1 and err.splitlines()[:2] == [
        'allow.json: /allow/0: error: "no-strat" is not a warning that can be allowed (those '
        'are no-start and unknown-key); did you mean "no-start"?',
        "allow.json: /allow/1: error: a number is not a warning that can be allowed (those "
        "are no-start and unknown-key)"], f"data file allow: {code} {err}")

# a timeline has only a key to hide: the other parts are a usage error,
# on the command line and in a manifest
hw = os.path.join(ROOT, "data", "herefordshire-worcestershire.json")
code, out, err = run("timeline", hw, "--hide", "codes")
check(code == 2 and "--hide codes is for charts" in err and out == "",
      f"timeline --hide codes: {code} {err}")
code, out, err = run("timeline", hw, "--hide", "key", "-T", "svg", "-o", os.devnull)
check(code == 0, f"timeline --hide key: {code} {err}")
with tempfile.TemporaryDirectory() as tmp:
    shutil_src = os.path.join(tmp, "hw.json")
    with open(hw, "rb") as f, open(shutil_src, "wb") as g:
        g.write(f.read())
    with open(os.path.join(tmp, "charts.json"), "w") as f:
        f.write('{"orgviz_charts": 1, "charts": [{"name": "t", "kind": "timeline", '
                '"data": "hw.json", "hide": ["sources"]}]}')
    code, out, err = run("validate", "charts.json", cwd=tmp)
    check(code == 1 and "charts.json: /charts/0/hide: error:" in err and
          'a timeline has only "key" to leave out' in err, f"manifest timeline hide: {code} {err}")

# unreadable file: 3, and the reason
code, out, err = run("validate", "/nonexistent/x.json")
check(code == 3 and "/nonexistent/x.json: error: cannot open: No such file" in err, f"missing file: {code} {err}")
code, out, err = run("validate", ROOT)
check(code == 3 and "cannot read" in err, f"a folder: {code} {err}")

# several files: every problem of every file, sorted by file, one count
with tempfile.TemporaryDirectory() as tmp:
    for name, text in (("b.json", '{"orgviz": 2}'), ("a.json", '{"orgviz": 1, "titel": "x"}')):
        with open(os.path.join(tmp, name), "w") as f:
            f.write(text)
    code, out, err = run("validate", "b.json", "a.json", cwd=tmp)
    lines = err.splitlines()
    check(code == 1, f"two files: exit {code}")
    check(lines[0].startswith("a.json: /titel: warning: unknown key \"titel\"") and "did you mean \"title\"" in lines[0], f"two files: {lines}")
    check(lines[1].startswith("b.json: /orgviz: error: format version 2"), f"two files: {lines}")
    check(lines[-1] == "1 error, 1 warning in 2 files", f"two files count: {lines[-1]}")
    code, out, err = run("validate", "--quiet", "a.json", cwd=tmp)
    check(code == 0 and err == "", f"--quiet on a valid file with a warning: {code} {err!r}")
    code, out, err = run("validate", "--strict", "a.json", cwd=tmp)
    check(code == 1 and "error: unknown key" in err, f"--strict: {code} {err!r}")

# "did you mean" on the command line
code, out, err = run("chrat")
check(code == 2 and "unknown command 'chrat'; did you mean 'chart'?" in err, f"command: {err}")
code, out, err = run("validate", "--stirct", "x.json")
check(code == 2 and "unknown option '--stirct'; did you mean '--strict'?" in err, f"option: {err}")

# silencing one kind of warning, on the command line and in the file, and
# only that kind
NO_START = '{"orgviz": 1, %s"types": {"ccg": {"label": "CCG"}}, "organisations": [{"id": "A", "name": "A", "type": "ccg", "strat": "2020-01-01"}]}'
with tempfile.TemporaryDirectory() as tmp:
    for name, allow in (("plain.json", ""), ("allowed.json", '"allow": ["no-start"], ')):
        with open(os.path.join(tmp, name), "w") as f:
            f.write(NO_START % allow)
    code, out, err = run("validate", "plain.json", cwd=tmp)
    lines = err.splitlines()
    check(code == 0 and len(lines) == 3 and lines[-1] == "0 errors, 2 warnings in 1 file",
          f"both warnings: {lines}")
    check(lines[0].endswith("[no-start]") and lines[1].endswith("[unknown-key]"),
          f"each warning names its kind: {lines}")
    for args in (["--allow", "no-start", "plain.json"], ["allowed.json"]):
        code, out, err = run("validate", *args, cwd=tmp)
        lines = err.splitlines()
        check(code == 0 and len(lines) == 2 and "[unknown-key]" in lines[0]
              and lines[-1] == "0 errors, 1 warning in 1 file", f"{args}: {lines}")
    code, out, err = run("validate", "--allow", "no-start,unknown-key", "--strict", "plain.json",
                         cwd=tmp)
    check(code == 0 and err == "0 errors, 0 warnings in 1 file\n", f"both allowed: {err!r}")
    code, out, err = run("validate", "--allow", "no-strat", "plain.json", cwd=tmp)
    check(code == 2 and "did you mean 'no-start'?" in err, f"--allow typo: {code} {err}")
    with open(os.path.join(tmp, "bad.json"), "w") as f:
        f.write(NO_START % '"allow": ["No-Start", 3], ')
    code, out, err = run("validate", "bad.json", cwd=tmp)
    check(code == 1 and 'bad.json: /allow/0: error: "No-Start" is not a warning that can be '
          'allowed (those are no-start and unknown-key); did you mean "no-start"?' in err
          and "/allow/1: error: a number is not a warning" in err, f"bad allow: {err}")

# validate data/*.json, the README's example: the manifest is checked as a
# manifest, the JSON Schemas are named and skipped, exit 0
import glob
files = sorted(glob.glob(os.path.join(ROOT, "data", "*.json")))
code, out, err = run("validate", *files)
lines = err.splitlines()
check(code == 0, f"validate data/*.json: exit {code}: {lines[-3:]}")
for f in files:
    if f.endswith(".schema.json"):
        check(f"{f}: not checked: a JSON Schema (it tells editors the format), not a data file"
              in lines, f"{f} not named as a schema")
schemas = sum(f.endswith(".schema.json") for f in files)
check(lines[-1].endswith("in %d files (%d JSON Schemas not checked)"
                         % (len(files) - schemas, schemas)),
      f"count: {lines[-1]}")
with tempfile.TemporaryDirectory() as tmp:
    with open(os.path.join(tmp, "charts.json"), "w") as f:
        f.write('{"orgviz_charts": 1, "charts": [{"name": "x", "kind": "chrt", "data": "a.json"}]}')
    code, out, err = run("validate", "charts.json", cwd=tmp)
    check(code == 1 and 'charts.json: /charts/0/kind: error: unknown kind "chrt"' in err
          and 'missing "orgviz"' not in err, f"a manifest as a manifest: {err}")

# a device or a pipe named with -o is written as it is, never replaced by a
# file (as root, renaming over /dev/null would turn it into an ordinary
# file); tested on a FIFO so that a regression cannot harm the machine
with tempfile.TemporaryDirectory() as tmp:
    fifo = os.path.join(tmp, "pipe.svg")
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()), daemon=True)
    reader.start()
    code, out, err = run("chart", os.path.join(ROOT, "data", "west-essex.json"),
                         "--at", "2021-04-01", "-o", fifo)
    reader.join(timeout=60)
    check(code == 0 and stat.S_ISFIFO(os.stat(fifo).st_mode) and got
          and got[0].startswith(b"<?xml"), f"-o a FIFO: {code} {err}")
    check(sorted(os.listdir(tmp)) == ["pipe.svg"], f"-o a FIFO left {os.listdir(tmp)}")
    folder = os.path.join(tmp, "folder.svg")
    os.mkdir(folder)
    code, out, err = run("chart", os.path.join(ROOT, "data", "west-essex.json"),
                         "--at", "2021-04-01", "-o", folder)
    check(code == 3 and "it is a folder, not a file" in err, f"-o a folder: {code} {err}")

finish("cli")
