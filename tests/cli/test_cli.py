#!/usr/bin/env python3
"""The command line's contract: help, version, usage errors and exit codes
(0 success, 1 invalid data, 2 usage error, 3 unreadable file)."""
import os
import subprocess
import sys
import tempfile

ORGVIZ = os.path.abspath(os.environ["ORGVIZ"])
ROOT = os.environ["SOURCE_ROOT"]
failures = []


def run(*args, cwd=None):
    p = subprocess.run([ORGVIZ, *args], capture_output=True, cwd=cwd, timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def check(cond, what):
    if not cond:
        failures.append(what)


code, out, err = run("--help")
check(code == 0 and "usage: orgviz" in out and "validate" in out, "--help")
for cmd in ("validate", "chart", "timeline"):
    code, out, err = run(cmd, "--help")
    check(code == 0 and out.startswith(f"usage: orgviz {cmd}"), f"{cmd} --help: {code} {out[:80]}")
code, out, err = run("--version")
check(code == 0 and out.startswith("orgviz ") and out.strip().split()[1][0].isdigit(), "--version")

# usage errors: exit 2, a usage line and the hint
for args in (["--bogus"], ["frobnicate"], ["validate", "--bogus", "x.json"], ["validate"], []):
    code, out, err = run(*args)
    check(code == 2, f"{args}: exit {code}, expected 2")
    check("usage: orgviz" in err and "try 'orgviz --help'" in err, f"{args}: no usage line: {err}")
    check(out == "", f"{args}: printed to stdout")

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

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok")
