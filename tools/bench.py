#!/usr/bin/env python3
"""make bench: orgviz's speed and memory beside Graphviz's own programs.

Every case runs orgviz and a reference in turn, five times (paired runs:
the machine is shared, so a busy moment hits both sides), and prints the
median processor time (user + system: on a shared machine wall time
measures the neighbours too) and the largest peak resident memory of
each, and orgviz's time as a ratio to the reference's, beside the target
ratio. --jobs 2 against --jobs 1 is about wall time and is timed so.

The reference is Graphviz drawing the graph orgviz hands it: orgviz
writes its DOT once (-T dot), and `dot` lays out and renders that (or
`neato -n2` for a timeline, whose DOT has every position already). So a
ratio says what orgviz adds to Graphviz's own work: reading and
validating the data, building the graph, cleaning the SVG. Validation
has no Graphviz counterpart: its targets are in seconds. It also prints
the size of the bundled charts and the share of each covered by
organisation boxes (the README's compactness figures).

Nothing here fails a build; the figures are for people to read (the
README's Performance section). Set BENCH_RUNS for more or fewer runs.
"""
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import svglib  # noqa: E402  (the tests' SVG reader: boxes, viewBox)

ORGVIZ = os.path.join(ROOT, "build", "orgviz")
HW = os.path.join(ROOT, "data", "herefordshire-worcestershire.json")
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
# Processor time by default: the machine is shared by several people, and
# wall time then measures their work as much as ours. --jobs is about wall
# time, so it sets this (and the kernel counts a worker's time in its
# parent's rusage only once it has been waited for, which it is).
WALL = False


class Failed(Exception):
    pass


def once(args, cwd=None, env=None):
    """Seconds and peak RSS (MiB) of one run of ARGS: processor time (user
    and system, with the children's) unless WALL; ENV: variables to set."""
    t = time.perf_counter()
    p = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         env={**os.environ, **env} if env else None)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    secs = time.perf_counter() - t
    if not WALL:
        secs = usage.ru_utime + usage.ru_stime
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        last = err.decode(errors="replace").strip().splitlines()[-1:]
        raise Failed(f"{os.path.basename(args[0])} exit {code}: {' '.join(last)}")
    return secs, usage.ru_maxrss / 1024


def many(cmds, cwd=None):
    """Runs the commands CMDS one after the other: total seconds, peak MiB."""
    total, peak = 0.0, 0.0
    for c in cmds:
        s, m = once(c, cwd)
        total += s
        peak = max(peak, m)
    return total, peak


def paired(ours, theirs, cwd=None, prepare=None):
    """Median seconds and peak MiB of OURS and THEIRS (functions that
    run once and return (seconds, MiB)), RUNS paired runs."""
    a, b, ma, mb = [], [], 0.0, 0.0
    for _ in range(RUNS):
        if prepare:
            prepare()
        s, m = ours()
        a.append(s)
        ma = max(ma, m)
        if theirs:
            s, m = theirs()
            b.append(s)
            mb = max(mb, m)
    return statistics.median(a), ma, (statistics.median(b) if b else None), mb


HEAD = f"{'case':<44} {'orgviz':<19}   {'reference':<26} {'ratio':>6}  target"


def row(what, res, ref_name, target):
    ta, ma, tb, mb = res
    if tb is None:
        ok = "" if target is None else ("ok" if ta <= target else "MISSED")
        tgt = "" if target is None else f"<= {target:g} s {ok}"
        print(f"{what:<44} {ta:7.3f} s {ma:5.0f} MiB   {'':<26} {'':>6}  {tgt}")
        return
    ratio = ta / tb if tb > 0 else float("inf")
    ok = "ok" if ratio <= target else "MISSED"
    print(f"{what:<44} {ta:7.3f} s {ma:5.0f} MiB   {ref_name:<7}{tb:7.3f} s {mb:5.0f} MiB "
          f"{ratio:5.2f}x  <= {target:g}x {ok}")


def case(what, ref_name, target, fn):
    try:
        row(what, fn(), ref_name, target)
    except subprocess.CalledProcessError as e:
        print(f"{what:<44} failed: {' '.join(map(str, e.cmd[:3]))}... exit {e.returncode}")
    except Failed as e:
        print(f"{what:<44} failed: {e}")
    sys.stdout.flush()


def dot_of(args, tmp, name):
    """Writes orgviz's DOT for ARGS (a chart or timeline command) to a file."""
    path = os.path.join(tmp, name + ".dot")
    subprocess.run([ORGVIZ, *args, "-T", "dot", "-o", path], check=True,
                   stderr=subprocess.DEVNULL)
    return path


def engine_for(dot_path, fmt="svg", dpi=144):
    """dot for a chart, neato -n2 for a timeline (positions fixed); a PNG
    at orgviz's resolution (144 dpi unless the manifest says)."""
    with open(dot_path, encoding="utf-8") as f:
        first = f.readline()
    cmd = ["neato", "-n2"] if "timeline" in first else ["dot"]
    return cmd + ([f"-Gdpi={dpi}"] if fmt == "png" else [])


def render_pair(args, tmp, name, fmt="svg", env=None):
    """orgviz ARGS against Graphviz on orgviz's DOT of the same (ENV: for
    orgviz)."""
    d = dot_of(args, tmp, name)
    out = os.path.join(tmp, name + "." + fmt)
    ours = [ORGVIZ, *args, "-T", fmt, "-o", out]
    theirs = [*engine_for(d, fmt), "-T" + fmt, d, "-o", out + ".ref"]
    return paired(lambda: once(ours, env=env), lambda: once(theirs))


def chart_shape(args):
    """(width, height, share) of the chart ARGS draws: its viewBox in
    points, and the share of it covered by organisation boxes."""
    root = svglib.parse(subprocess.run([ORGVIZ, *args], capture_output=True,
                                       check=True).stdout)
    w, h = svglib.size_pt(root)
    area = 0.0
    for g in svglib.groups(root, "org-").values():
        x0, y0, x1, y1 = svglib.bbox(g)
        area += (x1 - x0) * (y1 - y0)
    return w, h, area / (w * h)


def chart_shapes():
    """Size and box share of the bundled charts the README quotes."""
    print()
    print("chart layout: size, and the share of the drawing covered by organisation boxes:")
    england = os.path.join(ROOT, "data", "england.json")
    for label, args in (
            ("H&W on 2021-04-01", ["chart", HW, "--at", "2021-04-01"]),
            ("west Essex on 2021-04-01",
             ["chart", os.path.join(ROOT, "data", "west-essex.json"), "--at", "2021-04-01"]),
            ("Coventry and Warwickshire ICB (--root QWU)",
             ["chart", england, "--at", "2024-01-01", "--root", "QWU"])):
        if os.path.exists(args[1]):
            w, h, share = chart_shape(args)
            print(f"  {label:<42} {w:6.0f} x {h:5.0f} pt  share {share:.2f}")


def england_lookup():
    """The NHS practice mapping for all of England, from the project's
    reference data ($ORGVIZ_SHARED_DATA, else ../shared/data), or None."""
    name = "england-practices-pcn-icb-2024-01.csv"
    for d in (os.environ.get("ORGVIZ_SHARED_DATA"), os.path.join(ROOT, "..", "shared", "data"),
              os.path.join(ROOT, "..", "..", "shared", "data")):
        if d and os.path.exists(os.path.join(d, name)):
            return os.path.join(d, name)
    return None


def national_file(tmp):
    """(path, what, day, root): data/england.json (the bundled national
    file), else all of England's practices imported from the shared
    reference data, else tests/gen_national.py."""
    england = os.path.join(ROOT, "data", "england.json")
    if os.path.exists(england):
        with open(england) as f:
            n = len(json.load(f)["organisations"])
        return england, f"data/england.json, {n:,} organisations", "2024-01-01", "QGH"
    lookup = england_lookup()
    if lookup:
        path = os.path.join(tmp, "england.json")
        subprocess.run([ORGVIZ, "import", "practices", lookup, "--as-at", "2024-01-01",
                        "-o", path], check=True)
        with open(path) as f:
            n = len(json.load(f)["organisations"])
        return path, f"England's practices imported, {n:,} organisations", "2024-01-01", "QGH"
    path = os.path.join(tmp, "national.json")
    with open(path, "w") as out:
        subprocess.run([sys.executable, os.path.join(ROOT, "tests", "gen_national.py")],
                       stdout=out, check=True)
    return path, "tests/gen_national.py", "2023-01-01", "Q001"


def build_reference(tmp, manifest, cwd):
    """The commands that make the outputs of MANIFEST as separate Graphviz
    processes on orgviz's DOT of each chart."""
    with open(os.path.join(cwd, manifest)) as f:
        doc = json.load(f)
    formats = {}
    dpis = {}
    for c in doc["charts"]:
        formats[c["name"]] = c.get("formats", ["svg"])
        dpis[c["name"]] = c.get("dpi", 144)
        c["formats"] = ["dot"]
    dots = os.path.join(tmp, "dots")
    mpath = os.path.join(tmp, "dots.json")
    for c in doc["charts"]:
        c["data"] = os.path.join(cwd, os.path.dirname(manifest), c["data"])
    with open(mpath, "w") as f:
        json.dump(doc, f)
    subprocess.run([ORGVIZ, "build", "--quiet", "--allow-outside", mpath, "--out", dots],
                   check=True,
                   stderr=subprocess.DEVNULL)
    cmds = []
    for name in sorted(os.listdir(dots)):
        if not name.endswith(".dot"):
            continue
        stem = name[:-4]
        chart = max((n for n in formats if stem.startswith(n)), key=len)
        path = os.path.join(dots, name)
        for fmt in formats[chart]:
            if fmt != "dot":
                cmds.append([*engine_for(path, fmt, dpis[chart]), "-T" + fmt, path,
                             "-o", os.path.join(tmp, "ref." + fmt)])
    return cmds


def jobs_manifest(tmp, national, day):
    """A manifest with several PNGs (four ICBs of the national file, the
    bundled H&W data), for --jobs 1 against --jobs 2."""
    shutil.copy(HW, os.path.join(tmp, "hw.json"))
    shutil.copy(national, os.path.join(tmp, "national.json"))
    with open(national) as f:
        icbs = [o["id"] for o in json.load(f)["organisations"] if o.get("type") == "icb"][:4]
    charts = [{"name": f"icb-{r.lower()}", "kind": "chart", "data": "national.json", "at": day,
               "root": r,
               "formats": ["svg", "png"]} for r in icbs]
    charts += [{"name": "hw", "kind": "chart", "data": "hw.json", "at": "2021-04-01",
                "formats": ["svg", "png", "pdf"]},
               {"name": "hw-tl", "kind": "timeline", "data": "hw.json",
                "formats": ["svg", "png"]}]
    path = os.path.join(tmp, "jobs.json")
    with open(path, "w") as f:
        json.dump({"orgviz_charts": 1, "charts": charts}, f)
    return path


def main():
    if not os.path.exists(ORGVIZ):
        sys.exit("build/orgviz is missing: run make first")
    for prog in ("dot", "neato"):
        if not shutil.which(prog):
            sys.exit(f"Graphviz's {prog} is missing: make bench installs it "
                     "(Debian package graphviz)")
    tmp = tempfile.mkdtemp(prefix="orgviz-bench-")
    # A cache of its own, so that the user's is left alone: the DOT that
    # each case writes first fills it, so the paired runs find it warm (a
    # repeated command on the same file); "cache off" cases read the JSON.
    os.environ["ORGVIZ_CACHE"] = os.path.join(tmp, "cache")
    off = {"ORGVIZ_CACHE": "off"}
    try:
        print(f"orgviz against Graphviz (median of {RUNS} paired runs; processor time, user "
              f"+ system; peak resident memory)")
        print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; {ORGVIZ}")
        print("reference: dot (charts) or neato -n2 (timelines) on the DOT orgviz writes")
        print()
        print(HEAD)
        nat, nat_what, day, root = national_file(tmp)
        case("H&W chart 2021-04-01, SVG", "dot", 2.0,
             lambda: render_pair(["chart", HW, "--at", "2021-04-01"], tmp, "hw"))
        case("H&W chart 2021-04-01, PNG", "dot", 2.0,
             lambda: render_pair(["chart", HW, "--at", "2021-04-01"], tmp, "hwp", "png"))
        case("H&W timeline, SVG", "neato", 2.0,
             lambda: render_pair(["timeline", HW], tmp, "hwt"))
        a4 = os.path.join(tmp, "hw-a4.pdf")
        case("H&W chart 2021-04-01 on A4 pages, PDF", None, None,
             lambda: paired(lambda: once([ORGVIZ, "chart", HW, "--at", "2021-04-01",
                                          "--page", "a4", "-o", a4]), None))
        print(f"national file: {nat_what}")
        case(f"  one ICB: chart --root {root}", "dot", 2.0,
             lambda: render_pair(["chart", nat, "--at", day, "--root", root], tmp, "icb"))
        case("    the same, model cache off", "dot", 2.0,
             lambda: render_pair(["chart", nat, "--at", day, "--root", root], tmp, "icb", env=off))
        case("  the national chart to PCNs (--depth 4)", "dot", 1.15,
             lambda: render_pair(["chart", nat, "--at", day, "--depth", "4"], tmp, "nat"))
        case("    the same, model cache off", "dot", 1.15,
             lambda: render_pair(["chart", nat, "--at", day, "--depth", "4"], tmp, "nat", env=off))
        case("  the national timeline", "neato", 1.15,
             lambda: render_pair(["timeline", nat], tmp, "natt"))
        case("    the same, model cache off", "neato", 1.15,
             lambda: render_pair(["timeline", nat], tmp, "natt", env=off))
        # dot cannot lay out every practice of England in one graph (it ran
        # 451 s and crashed on this machine), so these have targets in seconds
        whole = os.path.join(tmp, "whole.svg")
        case("  the national chart whole (orgviz alone)", None, 30.0,
             lambda: paired(lambda: once([ORGVIZ, "chart", nat, "--at", day, "-o", whole]),
                            None))
        synth = os.path.join(tmp, "large-40000.json")
        with open(synth, "w") as f:
            subprocess.run([sys.executable, os.path.join(ROOT, "tests", "gen_large.py"),
                            "40000"], stdout=f, check=True)
        synth_day = "2023-01-01"
        case("  a synthetic chart (tests/gen_large.py 40000)", None, 30.0,
             lambda: paired(lambda: once([ORGVIZ, "chart", synth, "--at", synth_day, "-o",
                                          whole]), None))
        chart_shapes()
        print()
        print("validate (load + every rule) of tests/gen_large.py, import and export; no")
        print("Graphviz counterpart, so the targets are in seconds:")
        for n, target in ((10000, 0.2), (100000, 1.0), (200000, 2.0)):
            f = os.path.join(tmp, f"large-{n}.json")
            with open(f, "w") as out:
                subprocess.run([sys.executable, os.path.join(ROOT, "tests", "gen_large.py"),
                                str(n)], stdout=out, check=True)
            size = os.path.getsize(f) / 1e6
            case(f"  {n:>7,} organisations ({size:.0f} MB)", None, target,
                 lambda f=f: paired(lambda: once([ORGVIZ, "validate", "--quiet", f]), None))
        lookup = england_lookup()
        if lookup:
            f = os.path.join(tmp, "import.json")
            case("  import practices, all of England", None, 2.0,
                 lambda: paired(lambda: once([ORGVIZ, "import", "practices", lookup,
                                              "--as-at", "2024-01-01", "-o", f]), None))
            merged = os.path.join(tmp, "merged.json")
            case("  import practices --into the same, a month on", None, 2.0,
                 lambda: paired(lambda: once([ORGVIZ, "import", "practices", lookup,
                                              "--as-at", "2024-02-01", "--into", merged]), None,
                                prepare=lambda: shutil.copy(f, merged)))
        big = os.path.join(tmp, "large-100000.json")
        csvdir = os.path.join(tmp, "csv")
        case("  export csv of the 100,000", None, None,
             lambda: paired(lambda: once([ORGVIZ, "export", "csv", big, "--out", csvdir]), None))
        csvs = sorted(os.path.join(csvdir, f) for f in os.listdir(csvdir))
        case("  import csv of those (and validation)", None, None,
             lambda: paired(lambda: once([ORGVIZ, "import", "csv", *csvs, "-o",
                                          os.path.join(tmp, "back.json")]), None))
        ods = sorted(glob.glob(os.path.join(ROOT, "tests", "import", "data", "ods", "*.json")))
        case(f"  import ods --stubs, the {len(ods)} test records", None, None,
             lambda: paired(lambda: once([ORGVIZ, "import", "ods", "--stubs", *ods, "-o",
                                          os.path.join(tmp, "ods.json")]), None))
        lanes = os.path.join(ROOT, "build", "tests", "timeline", "bench-lanes")
        if os.path.exists(lanes):
            print()
            print("timeline lanes alone (tests/timeline/test_lanes.c built as bench-lanes):")
            p = subprocess.run([lanes], capture_output=True, text=True)
            for l in p.stdout.splitlines():
                if l.startswith("lanes:"):
                    print("  " + l[len("lanes: "):])
        print()
        print("orgviz build of the bundled manifest (data/charts.json) against the same")
        print("outputs as separate Graphviz processes:")
        out = os.path.join(tmp, "out")
        ref = build_reference(tmp, "data/charts.json", ROOT)
        theirs = lambda: many(ref)
        case(f"  from nothing ({len(ref)} outputs)", "dot", 0.6,
             lambda: paired(lambda: once([ORGVIZ, "build", "--quiet", "--out", out], ROOT),
                            theirs, prepare=lambda: shutil.rmtree(out, ignore_errors=True)))
        case("  no-op (nothing changed)", "dot", 0.05,
             lambda: paired(lambda: once([ORGVIZ, "build", "--quiet", "--out", out], ROOT),
                            theirs))
        case("  --check (renders in memory)", "dot", 0.6,
             lambda: paired(lambda: once([ORGVIZ, "build", "--quiet", "--check", "--out", out],
                                         ROOT), theirs))
        print()
        m = jobs_manifest(tmp, nat, day)
        print("build --jobs 2 against --jobs 1 (4 ICBs of the national file and H&W: 6 PNGs,")
        print("a PDF, 6 SVGs):")
        j1 = lambda: once([ORGVIZ, "build", "--quiet", "--force", m, "--out",
                           os.path.join(tmp, "j1"), "--jobs", "1"])
        j2 = lambda: once([ORGVIZ, "build", "--quiet", "--force", m, "--out",
                           os.path.join(tmp, "j2"), "--jobs", "2"])
        global WALL
        WALL = True
        case("  --jobs 2, wall time (reference: --jobs 1)", "jobs 1", 0.67,
             lambda: paired(j2, j1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
