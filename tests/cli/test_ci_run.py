#!/usr/bin/env python3
""".ci/run counts only this run's test logs and says which suites ran.

.ci/run is copied into a temporary tree with a stale sanitizer log from
an "earlier run"; a stand-in `make` (first on PATH) writes a normal-suite
log with a failure and exits 2, as `make test` does when the normal suite
fails and the sanitizer build cannot even start."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.environ["SOURCE_ROOT"]
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checklib import check, finish  # noqa: E402


def log(path, results):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        for r in results:
            f.write(json.dumps({"name": "t", "result": r}) + "\n")


with tempfile.TemporaryDirectory() as tmp:
    os.makedirs(os.path.join(tmp, ".ci"))
    shutil.copy(os.path.join(ROOT, ".ci", "run"), os.path.join(tmp, ".ci", "run"))
    stale = os.path.join(tmp, "build-asan", "meson-logs", "testlog.json")
    log(stale, ["OK"] * 50)
    bindir = os.path.join(tmp, "bin")
    os.makedirs(bindir)
    with open(os.path.join(bindir, "make"), "w") as f:
        f.write("#!/bin/sh\n"
                "mkdir -p build/meson-logs\n"
                "printf '%s\\n' '{\"result\": \"OK\"}' '{\"result\": \"OK\"}' "
                "'{\"result\": \"FAIL\"}' '{\"result\": \"SKIP\"}' > build/meson-logs/testlog.json\n"
                "exit 2\n")
    os.chmod(os.path.join(bindir, "make"), 0o755)
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"])
    p = subprocess.run(["bash", os.path.join(tmp, ".ci", "run")], capture_output=True, text=True,
                       env=env, timeout=60)
    lines = p.stdout.splitlines()
    check(p.returncode == 2, f"exit {p.returncode}")
    check(lines[-2:] == ["suites: normal suite: 4 tests; sanitizer suite: not run",
                         "2 passed, 1 failed, 1 skipped"],
          f"count line: {lines[-2:]}")
    check(not os.path.exists(stale), "the stale log is still there")

finish(".ci/run")
