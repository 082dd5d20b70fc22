#!/usr/bin/env python3
"""list_cases.py lists every case folder and fails, naming it, on a folder
without input.json (a misspelt file name must not drop a case silently)."""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from checklib import check, finish  # noqa: E402


def main():
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(os.path.join(HERE, "list_cases.py"), tmp)
        for kind, name, file in (("valid", "good", "input.json"),
                                 ("invalid", "bad", "input.json"),
                                 ("invalid", "misspelt", "inptu.json")):
            os.makedirs(os.path.join(tmp, kind, name))
            open(os.path.join(tmp, kind, name, file), "w").write("{}\n")
        p = subprocess.run([sys.executable, os.path.join(tmp, "list_cases.py")],
                           capture_output=True, text=True)
        check(p.returncode != 0, "a folder without input.json passed")
        check("invalid/misspelt" in p.stderr, "the folder is not named: " + p.stderr)
        os.remove(os.path.join(tmp, "invalid", "misspelt", "inptu.json"))
        os.rmdir(os.path.join(tmp, "invalid", "misspelt"))
        p = subprocess.run([sys.executable, os.path.join(tmp, "list_cases.py")],
                           capture_output=True, text=True)
        check(p.returncode == 0 and p.stdout.split() == ["valid/good", "invalid/bad"],
              f"listing: exit {p.returncode}, {p.stdout!r}, {p.stderr!r}")
    finish("list_cases.py")


if __name__ == "__main__":
    main()
