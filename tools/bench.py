#!/usr/bin/env python3
"""make bench: speed and memory figures, with ratios against the targets.

Times are the median of several runs of the real binary (wall clock) and
peak memory is the maximum resident set size reported by the kernel, so
the figures are those a user sees. Nothing here fails a build: the machine
is shared and noisy; the figures are for people to read.
"""
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORGVIZ = os.path.join(ROOT, "build", "orgviz")
HW = os.path.join(ROOT, "data", "herefordshire-worcestershire.json")


def run(args, repeat=3, cwd=None):
    """Median wall seconds and peak RSS (MiB) of REPEAT runs; None on failure."""
    times, peak = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        p = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        err = p.stderr.read()
        _, status, usage = os.wait4(p.pid, 0)
        times.append(time.perf_counter() - t)
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            return None, err.decode(errors="replace").strip().splitlines()[-1:]
        peak = max(peak, usage.ru_maxrss)
    return statistics.median(times), peak / 1024


def line(what, secs, mib, target=None, per=None):
    if secs is None:
        print(f"{what:<52} failed: {mib}")
        return
    extra = ""
    if per:
        extra += f"  {per[0] / secs:,.0f} {per[1]}/s"
    if target:
        extra += f"  (target {target:g} s: ratio {secs / target:.2f})"
    print(f"{what:<52} {secs:7.3f} s {mib:7.0f} MiB{extra}")


def england_lookup():
    """The NHS practice mapping for all of England, from the project's
    reference data ($ORGVIZ_SHARED_DATA, else ../shared/data), or None."""
    name = "england-practices-pcn-icb-2024-01.csv"
    for d in (os.environ.get("ORGVIZ_SHARED_DATA"), os.path.join(ROOT, "..", "shared", "data"),
              os.path.join(ROOT, "..", "..", "shared", "data")):
        if d and os.path.exists(os.path.join(d, name)):
            return os.path.join(d, name)
    return None


def main():
    if not os.path.exists(ORGVIZ):
        sys.exit("build/orgviz is missing: run make first")
    tmp = tempfile.mkdtemp(prefix="orgviz-bench-")
    try:
        print("orgviz benchmark (median of 3 runs; peak resident memory)")
        print(f"machine: {os.cpu_count()} cores; {ORGVIZ}")
        print()
        print("validate (load + every rule), synthetic data (tests/gen_large.py):")
        prev = None
        for n in (10000, 50000, 100000, 200000):
            f = os.path.join(tmp, f"large-{n}.json")
            with open(f, "w") as out:
                subprocess.run([sys.executable, os.path.join(ROOT, "tests", "gen_large.py"),
                                str(n)], stdout=out, check=True)
            size = os.path.getsize(f) / 1e6
            secs, mib = run([ORGVIZ, "validate", "--quiet", f])
            line(f"  {n:>7,} organisations ({size:.0f} MB)", secs, mib,
                 target=1.0 if n == 100000 else None, per=(n, "orgs"))
            if secs and prev:
                print(f"{'':<54}time ratio to the previous size: {secs / prev[0]:.2f} "
                      f"for {n / prev[1]:.1f}x the data")
            prev = (secs, n) if secs else None
        print()
        print("spreadsheets: export csv and import csv of the 100,000 organisations above:")
        big = os.path.join(tmp, "large-100000.json")
        csvdir = os.path.join(tmp, "csv")
        secs, mib = run([ORGVIZ, "export", "csv", big, "--out", csvdir])
        line("  export csv", secs, mib, per=(100000, "orgs"))
        csvs = sorted(os.path.join(csvdir, f) for f in os.listdir(csvdir))
        secs, mib = run([ORGVIZ, "import", "csv", *csvs, "-o", os.path.join(tmp, "back.json")])
        line("  import csv (and the validation of what it made)", secs, mib,
             per=(100000, "orgs"))
        ods = sorted(glob.glob(os.path.join(ROOT, "tests", "import", "data", "ods", "*.json")))
        secs, mib = run([ORGVIZ, "import", "ods", "--stubs", *ods, "-o",
                         os.path.join(tmp, "ods.json")])
        line(f"  import ods --stubs, the {len(ods)} test records", secs, mib)
        print()
        print("charts and timelines of the bundled data:")
        for label, args, target in [
            ("  chart H&W at 2021-04-01, SVG", ["chart", HW, "--at", "2021-04-01"], 1.0),
            ("  chart H&W at 2021-04-01, PNG 144 dpi",
             ["chart", HW, "--at", "2021-04-01", "-T", "png", "-o", os.path.join(tmp, "c.png")],
             2.0),
            ("  chart H&W at 2019-06-01, SVG", ["chart", HW, "--at", "2019-06-01"], 1.0),
            ("  timeline H&W, SVG", ["timeline", HW], 1.0),
            ("  timeline H&W --focus QGH, SVG", ["timeline", HW, "--focus", "QGH"], 1.0),
        ]:
            secs, mib = run([ORGVIZ, *args])
            line(label, secs, mib, target=target)
        lanes = os.path.join(ROOT, "build", "tests", "timeline", "bench-lanes")
        if os.path.exists(lanes):
            print()
            print("timeline lanes alone (tests/timeline/test_lanes.c built as bench-lanes):")
            p = subprocess.run([lanes], capture_output=True, text=True)
            for l in p.stdout.splitlines():
                if l.startswith("lanes:"):
                    print("  " + l[len("lanes: "):])
        gen = os.path.join(ROOT, "tests", "gen_national.py")
        if os.path.exists(gen):
            f = os.path.join(tmp, "national.json")
            with open(f, "w") as out:
                subprocess.run([sys.executable, gen], stdout=out, check=True)
            secs, mib = run([ORGVIZ, "timeline", f])
            line("  timeline, national file (tests/gen_national.py)", secs, mib, target=10.0)
        lookup = england_lookup()
        if lookup:
            print()
            print(f"import practices, all of England ({os.path.basename(lookup)}):")
            f = os.path.join(tmp, "england.json")
            secs, mib = run([ORGVIZ, "import", "practices", lookup, "--as-at", "2024-01-01",
                             "-o", f])
            line("  import (6,325 practices)", secs, mib, target=2.0, per=(6325, "practices"))
            merged = os.path.join(tmp, "merged.json")
            shutil.copy(f, merged)
            secs, mib = run([ORGVIZ, "import", "practices", lookup, "--as-at", "2024-02-01",
                             "--into", merged], repeat=1)
            line("  import --into the same, a month on", secs, mib, target=2.0)
        if os.path.exists(os.path.join(ROOT, "data", "charts.json")):
            print()
            print("orgviz build of the bundled manifest (data/charts.json):")
            out = os.path.join(tmp, "out")
            secs, mib = run([ORGVIZ, "build", "--quiet", "--force", "--out", out], repeat=1,
                            cwd=ROOT)
            line("  full build (--force)", secs, mib)
            secs, mib = run([ORGVIZ, "build", "--quiet", "--out", out], repeat=5, cwd=ROOT)
            line("  no-op build (nothing changed)", secs, mib, target=1.0)
            secs, mib = run([ORGVIZ, "build", "--quiet", "--check", "--out", out], repeat=1,
                            cwd=ROOT)
            line("  build --check (renders in memory)", secs, mib)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
