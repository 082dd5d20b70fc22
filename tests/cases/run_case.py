#!/usr/bin/env python3
"""Runs one data-driven validation case.

A case is a folder holding input.json and, optionally:
  expected.err  the exact standard error of `orgviz validate [args] input.json`
  exit          the expected exit code (default: 1 under invalid/, 0 under valid/)
A valid case without expected.err must print exactly the clean count line
"0 errors, 0 warnings in 1 file" (no warnings).
  args          extra arguments, e.g. --strict
The command runs inside the folder so that messages name "input.json".
Whatever the case, the process must exit normally (no signal, no
sanitizer report: exit codes 97-99 are reserved for those).
"""
import os
import shlex
import subprocess
import sys


def main():
    orgviz = os.environ["ORGVIZ"]
    case = sys.argv[1]
    kind = os.path.basename(os.path.dirname(os.path.abspath(case)))
    args = []
    if os.path.exists(os.path.join(case, "args")):
        args = open(os.path.join(case, "args")).read().split()
    want_exit = 1 if kind == "invalid" else 0
    if os.path.exists(os.path.join(case, "exit")):
        want_exit = int(open(os.path.join(case, "exit")).read())
    wrapper = shlex.split(os.environ.get("ORGVIZ_WRAPPER", ""))
    p = subprocess.run([*wrapper, orgviz, "validate", *args, "input.json"], cwd=case,
                       capture_output=True, timeout=120)
    err = p.stderr.decode("utf-8", "replace")
    failures = []
    if p.returncode < 0 or p.returncode >= 97:
        failures.append(f"crashed or sanitizer report: exit {p.returncode}")
    elif p.returncode != want_exit:
        failures.append(f"exit {p.returncode}, expected {want_exit}")
    expected_path = os.path.join(case, "expected.err")
    if os.path.exists(expected_path):
        want = open(expected_path, encoding="utf-8").read()
        if err != want:
            failures.append("standard error differs:\n--- expected\n" + want + "--- got\n" + err)
    elif kind == "invalid":
        # no exact text: the message must still name the file and say error
        if "input.json" not in err or "error:" not in err:
            failures.append("no error message naming input.json:\n" + err)
    elif err != "0 errors, 0 warnings in 1 file\n":
        # a valid case without expected.err is clean: no warning at all
        failures.append("a valid case printed more than the clean count:\n" + err)
    if p.stdout:
        failures.append("validate printed to standard output: " + p.stdout.decode()[:200])
    if failures:
        print(f"{case}:\n" + "\n".join(failures))
        sys.exit(1)
    print(f"ok {case}")


if __name__ == "__main__":
    main()
