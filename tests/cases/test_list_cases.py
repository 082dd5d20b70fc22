#!/usr/bin/env python3
"""list_cases.py lists every case folder and fails, naming it, on a folder
without input.json (a misspelt file name must not drop a case silently)."""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(os.path.join(HERE, "list_cases.py"), tmp)
        for kind, name, file in (("valid", "good", "input.json"),
                                 ("invalid", "bad", "input.json"),
                                 ("invalid", "misspelt", "inptu.json")):
            os.makedirs(os.path.join(tmp, kind, name))
            open(os.path.join(tmp, kind, name, file), "w").write("{}\n")
        p = subprocess.run([sys.executable, os.path.join(tmp, "list_cases.py")],
                           capture_output=True, text=True)
        if p.returncode == 0:
            failures.append("a folder without input.json passed")
        if "invalid/misspelt" not in p.stderr:
            failures.append("the folder is not named: " + p.stderr)
        os.remove(os.path.join(tmp, "invalid", "misspelt", "inptu.json"))
        os.rmdir(os.path.join(tmp, "invalid", "misspelt"))
        p = subprocess.run([sys.executable, os.path.join(tmp, "list_cases.py")],
                           capture_output=True, text=True)
        if p.returncode != 0 or p.stdout.split() != ["valid/good", "invalid/bad"]:
            failures.append(f"listing: exit {p.returncode}, {p.stdout!r}, {p.stderr!r}")
    for f in failures:
        print("# FAILED: " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
