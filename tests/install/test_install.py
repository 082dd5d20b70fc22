#!/usr/bin/env python3
"""`meson install --destdir` puts orgviz where a Debian tool's files go:
the binary, orgviz(1) naming every command of `orgviz --help`,
orgviz-data(5), the bash completion and the JSON Schemas; the man pages
render without warnings (man --warnings) and the completion completes
commands, options and the organisation ids of the file on the line.

usage: test_install.py BUILD_DIR"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checklib import check, finish  # noqa: E402


def find(root, suffix):
    """The installed file whose path ends with SUFFIX, or None."""
    for d, _, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            if p.endswith(suffix):
                return p
    return None


def complete(script, orgviz, words):
    """What the completion offers for WORDS (the last one is completed)."""
    line = " ".join(f"'{w}'" for w in [orgviz, *words])
    cmd = (f"source '{script}'; COMP_WORDS=({line}); COMP_CWORD={len(words)}; _orgviz; "
           'printf "%s\\n" "${COMPREPLY[@]}"')
    p = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True)
    return p.stdout.split()


def main():
    build = sys.argv[1]
    src = os.environ.get("SOURCE_ROOT", os.getcwd())
    with tempfile.TemporaryDirectory() as dest:
        p = subprocess.run(["meson", "install", "-C", build, "--destdir", dest, "--no-rebuild",
                            "--quiet"], capture_output=True, text=True)
        if not check(p.returncode == 0, f"meson install: exit {p.returncode}\n{p.stderr}"):
            return
        orgviz = find(dest, "/bin/orgviz")
        man1 = find(dest, "/share/man/man1/orgviz.1")
        man5 = find(dest, "/share/man/man5/orgviz-data.5")
        comp = find(dest, "/share/bash-completion/completions/orgviz")
        check(orgviz and os.access(orgviz, os.X_OK), "bin/orgviz installed")
        check(man1, "man1/orgviz.1 installed")
        check(man5, "man5/orgviz-data.5 installed")
        check(comp, "bash-completion/completions/orgviz installed")
        for s in ("orgviz.schema.json", "charts.schema.json", "theme.schema.json"):
            check(find(dest, "/share/orgviz/" + s), f"share/orgviz/{s} installed")
        if not (orgviz and man1 and man5 and comp):
            return
        env = dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8")
        for page in (man1, man5):
            r = subprocess.run(["man", "--warnings", "-l", page], capture_output=True,
                               text=True, env=env)
            check(r.returncode == 0 and r.stderr.strip() == "",
                  f"{os.path.basename(page)}: exit {r.returncode}, warnings:\n{r.stderr}")
            check(len(r.stdout.splitlines()) > 50, f"{os.path.basename(page)}: too short")
            if page == man1:
                text = r.stdout
        # every command of --help has its section, and its options are there
        helptext = subprocess.run([orgviz, "--help"], capture_output=True, text=True).stdout
        cmds = re.findall(r"^  ([a-z]+) ", helptext.split("Commands:")[1].split("\n\n")[0], re.M)
        check(len(cmds) >= 6, f"commands in --help: {cmds}")
        sections = re.findall(r"^   orgviz ([a-z]+)$", text, re.M)
        check(sections == cmds, f"man sections {sections}, --help commands {cmds}")
        for opt in ("--at", "--root", "--focus", "--jobs", "--check", "--from", "--out"):
            check(re.search(r"^\s+(-\w, )?" + opt + r"\b", text, re.M), f"orgviz(1) lacks {opt}")
        data = subprocess.run(["man", "-l", man5], capture_output=True, text=True,
                              env=env).stdout
        for member in ("organisations", "transitions", "charts", "orgviz_theme"):
            check(re.search(r"^\s+" + member + r"\b", data, re.M), f"orgviz-data(5) lacks {member}")
        # the completion, with the installed binary
        hw = os.path.join(src, "data", "herefordshire-worcestershire.json")
        got = complete(comp, orgviz, ["ch"])
        check(got == ["chart", "changes"], f"commands for 'ch': {got}")
        got = complete(comp, orgviz, ["build", "--j"])
        check(got == ["--jobs"], f"build --j: {got}")
        got = complete(comp, orgviz, ["chart", hw, "--root", "QG"])
        check(got == ["QGH"], f"--root QG: {got}")
        got = complete(comp, orgviz, ["timeline", hw, "--focus", "05"])
        check(got == ["05F", "05J", "05T"], f"--focus 05: {got}")
        got = complete(comp, orgviz, ["chart", hw, "-T", "p"])
        check(sorted(got) == ["pdf", "png"], f"-T p: {got}")
        got = complete(comp, orgviz, ["chart", hw, "-T", "h"])
        check(got == ["html"], f"-T h: {got}")
        got = complete(comp, orgviz, ["chart", hw, "--hide", ""])
        check(got == ["codes", "facts", "key", "sources"], f"chart --hide: {got}")
        got = complete(comp, orgviz, ["timeline", hw, "--hide", ""])
        check(got == ["key"], f"timeline --hide: {got}")


if __name__ == "__main__":
    if not shutil.which("man"):
        print("man is missing (Debian package man-db): skipped")
        sys.exit(77)
    main()  # returns early when a later check cannot run: finish() counts what failed
    finish("install")
