#!/usr/bin/env python3
"""The model cache of large data files, through the command line: a second
command on the same bytes is served from the cache and gives the same
output and the same messages; an edit, a damaged entry or a cache that
cannot be written changes nothing a user sees; small files are not cached;
the folder is found from ORGVIZ_CACHE, XDG_CACHE_HOME or HOME."""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

ORGVIZ = os.path.abspath(os.environ["ORGVIZ"])
ROOT = os.environ["SOURCE_ROOT"]
HW = os.path.join(ROOT, "data", "herefordshire-worcestershire.json")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checklib import check, finish  # noqa: E402


def run(args, cache, home=None, xdg=None):
    env = {k: v for k, v in os.environ.items()
           if k not in ("ORGVIZ_CACHE", "XDG_CACHE_HOME", "HOME")}
    if cache is not None:
        env["ORGVIZ_CACHE"] = cache
    if home:
        env["HOME"] = home
    if xdg:
        env["XDG_CACHE_HOME"] = xdg
    p = subprocess.run([ORGVIZ, *args], capture_output=True, env=env, timeout=300)
    return p.returncode, p.stdout, p.stderr.decode()


def entries(folder):
    return sorted(glob.glob(os.path.join(folder, "*.model")))


def read(path):
    with open(path, "rb") as f:
        return f.read()


tmp = tempfile.mkdtemp(prefix="orgviz-cache-")
try:
    # H&W padded with blank lines past the cache's 512 KiB threshold: the
    # same data, every kind of field (history, facts, codes, transitions),
    # and an unknown key so that loading it warns.
    with open(HW, encoding="utf-8") as f:
        doc = json.load(f)
    doc["colour_scheme"] = "x"
    big = os.path.join(tmp, "big.json")
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    with open(big, "w", encoding="utf-8") as f:
        f.write(text + "\n" * (600 * 1024))
    cache = os.path.join(tmp, "cache")
    off = "off"
    chart = ["chart", big, "--at", "2021-04-01"]

    # cold, then warm: one entry, the same bytes, as without a cache
    code, cold, err_cold = run(chart + ["-o", "-"], cache)
    check(code == 0 and cold.startswith(b"<?xml"), f"cold chart: {code} {err_cold}")
    check(len(entries(cache)) == 1, f"one entry after the first command: {entries(cache)}")
    entry = entries(cache)[0] if entries(cache) else None
    stamp = os.stat(entry).st_mtime_ns if entry else 0
    code, warm, err_warm = run(chart + ["-o", "-"], cache)
    check(code == 0 and warm == cold, "the warm chart is the cold chart, byte for byte")
    check(entry and os.stat(entry).st_mtime_ns == stamp, "a hit does not rewrite the entry")
    code, plain, _ = run(chart + ["-o", "-"], off)
    check(plain == cold, "the chart with the cache off is the same")

    # every field: the CSV export from a warm cache equals the one without
    for name, cachedir in (("warm", cache), ("off", off)):
        code, _, err = run(["export", "csv", big, "--out", os.path.join(tmp, name)], cachedir)
        check(code == 0, f"export csv ({name}): {err}")
    for f in sorted(os.listdir(os.path.join(tmp, "off"))):
        check(read(os.path.join(tmp, "warm", f)) == read(os.path.join(tmp, "off", f)),
              f"export {f}: the same from the cache")
    code, tl_warm, _ = run(["timeline", big, "-o", "-"], cache)
    code, tl_off, _ = run(["timeline", big, "-o", "-"], off)
    check(tl_warm == tl_off and tl_warm.startswith(b"<?xml"), "the timeline is the same")

    # the warnings come back: --strict fails with the same message, warm
    strict = chart + ["--strict", "-o", os.path.join(tmp, "s.svg")]
    code_off, _, err_off = run(strict, off)
    code_warm, _, err_warm = run(strict, cache)
    check(code_off == 1 and "colour_scheme" in err_off, f"--strict without cache: {err_off}")
    check(code_warm == code_off and err_warm == err_off,
          f"--strict from the cache says the same: {err_warm[:300]!r} / {err_off[:300]!r}")

    # a damaged entry is a miss, and is written anew
    if entry:
        good = read(entry)
        for damage in (good[: len(good) // 2], b"rubbish", good[:-1] + b"X"):
            with open(entry, "wb") as f:
                f.write(damage)
            code, out, err = run(chart + ["-o", "-"], cache)
            check(code == 0 and out == cold and err == "", f"damaged entry: {code} {err}")
            check(read(entry) == good, "the damaged entry is replaced")

    # an edit is a miss: the new name is drawn, and the file keeps one entry
    doc["organisations"][0]["name"] = "Renamed for the cache test"
    with open(big, "w", encoding="utf-8") as f:
        f.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n" * (600 * 1024))
    first = doc["organisations"][0]
    at = ["chart", big, "--at", first.get("start", "2021-04-01"), "--root", first["id"],
          "-T", "html", "-o", "-"]
    code, out, err = run(at, cache)
    check(code == 0 and b"Renamed for the cache test" in out, f"the edit is seen: {err}")
    check(len(entries(cache)) == 1, f"one entry per file: {entries(cache)}")

    # small files are not cached
    small = os.path.join(tmp, "small-cache")
    code, _, _ = run(["chart", HW, "--at", "2021-04-01", "-o", os.path.join(tmp, "h.svg")], small)
    check(code == 0 and entries(small) == [], "a small file is not cached")

    # where the folder is
    home = os.path.join(tmp, "home")
    os.mkdir(home)
    run(chart + ["-o", os.path.join(tmp, "a.svg")], None, home=home)
    check(len(entries(os.path.join(home, ".cache", "orgviz"))) == 1, "$HOME/.cache/orgviz")
    xdg = os.path.join(tmp, "xdg")
    run(chart + ["-o", os.path.join(tmp, "a.svg")], None, home=home, xdg=xdg)
    check(len(entries(os.path.join(xdg, "orgviz"))) == 1, "$XDG_CACHE_HOME/orgviz")
    folder_mode = os.stat(os.path.join(xdg, "orgviz")).st_mode & 0o777
    check(folder_mode & 0o077 == 0, f"the cache folder is private: {oct(folder_mode)}")

    # a cache that cannot be written: the command works and says nothing
    blocker = os.path.join(tmp, "a-file")
    with open(blocker, "w") as f:
        f.write("x")
    code, out, err = run(chart + ["-o", "-"], os.path.join(blocker, "cache"))
    check(code == 0 and out.startswith(b"<?xml") and err == "",
          f"an unwritable cache: {code} {err}")
    # ORGVIZ_CACHE=off writes nothing anywhere
    before = entries(os.path.join(home, ".cache", "orgviz"))
    code, _, _ = run(chart + ["-o", os.path.join(tmp, "b.svg")], off, home=home)
    check(code == 0 and entries(os.path.join(home, ".cache", "orgviz")) == before,
          "ORGVIZ_CACHE=off")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

finish("cache")
