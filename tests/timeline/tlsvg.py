"""Helpers for the timeline tests: run orgviz, parse its SVG with
xml.etree, and read the timeline's parts (bars, transitions, axis) back as
numbers. Python 3 standard library only."""
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
ORGVIZ = os.environ.get("ORGVIZ", "orgviz")
ROOT = os.environ.get("SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
HERE = os.path.dirname(os.path.abspath(__file__))
EPOCH = datetime.date(1970, 1, 1)
sys.path.insert(0, os.path.dirname(HERE))
import svglib  # noqa: E402
from checklib import check, finish as done  # noqa: E402,F401  (the timeline tests use both)


def data(name):
    """Path of a bundled data file or a timeline fixture."""
    for d in (os.path.join(ROOT, "data"), os.path.join(HERE, "data")):
        p = os.path.join(d, name)
        if os.path.exists(p):
            return p
    raise FileNotFoundError(name)


def env():
    e = dict(os.environ)
    e.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    return e


def run(*args, check=True):
    """Runs orgviz ARGS (under $ORGVIZ_WRAPPER, e.g. valgrind, when set);
    returns (exit status, stdout bytes, stderr text)."""
    wrapper = [os.environ["ORGVIZ_WRAPPER"]] if os.environ.get("ORGVIZ_WRAPPER") else []
    # ids as the graph builder names them (the prefix has its own tests)
    args = svglib.unprefixed(args)
    p = subprocess.run(wrapper + [ORGVIZ] + args, capture_output=True,
                       env=env(), timeout=600)
    err = p.stderr.decode("utf-8", "replace")
    if check and p.returncode != 0:
        raise AssertionError("orgviz %s: exit %d\n%s" % (" ".join(map(str, args)),
                                                         p.returncode, err))
    return p.returncode, p.stdout, err


def timeline(*args):
    """Renders a timeline SVG and returns its root element (parsed)."""
    _, out, _ = run("timeline", *args)
    return ET.fromstring(out)


def day(iso):
    return (datetime.date.fromisoformat(iso) - EPOCH).days


def today():
    return int(env()["SOURCE_DATE_EPOCH"]) // 86400


def classes(el):
    return (el.get("class") or "").split()


def groups(root):
    return [g for g in root.iter(SVG + "g") if g.get("id")]


def by_id(root):
    return {g.get("id"): g for g in groups(root)}


NUM = r"-?\d+(?:\.\d+)?"


def path_points(d):
    """Every coordinate pair of an SVG path's d (Graphviz writes M and C)."""
    return [(float(x), float(y)) for x, y in re.findall(r"(%s),(%s)" % (NUM, NUM), d)]


def paths(g):
    """The <path> elements of a group, also inside an <a> link."""
    return list(g.iter(SVG + "path"))


class Bar:
    def __init__(self, g):
        self.g = g
        self.id = g.get("id")[len("org-"):]
        self.cls = classes(g)
        p = paths(g)[0]
        pts = path_points(p.get("d"))
        self.x0 = min(x for x, _ in pts)
        self.x1 = max(x for x, _ in pts)
        self.y = pts[0][1]
        self.colour = p.get("stroke")
        self.height = float(p.get("stroke-width"))
        t = list(g.iter(SVG + "text"))
        self.label = "".join(t[0].itertext()) if t else None
        self.label_el = t[0] if t else None
        title = g.find(SVG + "title")
        if title is None:  # a bar with a link is named by the link
            title = g.find(SVG + "a/" + SVG + "title")
        self.tooltip = title.text if title is not None else None
        link = g.find(SVG + "a")
        self.href = link.get("href") or link.get(XLINK + "href") if link is not None else None


def bars(root):
    """{org id: Bar} for every organisation bar."""
    return {b.id: b for b in (Bar(g) for g in groups(root) if "org" in classes(g))}


def transitions(root):
    """{group id: group} of the transition groups."""
    return {g.get("id"): g for g in groups(root) if "transition" in classes(g)}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def drawn_days(org, frm, to):
    """The days [s, e) a bar covers on an axis from FRM to TO (inclusive)."""
    s = day(org["start"]) if "start" in org else None
    e = day(org["end"]) + 1 if "end" in org else None
    s = frm if s is None or s < frm else s
    e = to + 1 if e is None or e > to + 1 else e
    return s, e


def bar_points(doc, bars):
    """(day, x) pairs of every bar end whose date is in DOC and drawn (not
    faded out): a start at its x0, an end (inclusive) at the next day's x."""
    orgs = {o["id"]: o for o in doc["organisations"]}
    pts = []
    for b in bars.values():
        o = orgs[b.id]
        if "start" in o and "open-start" not in b.cls:
            pts.append((day(o["start"]), b.x0))
        if "end" in o and "open-end" not in b.cls:
            pts.append((day(o["end"]) + 1, b.x1))
    return pts


def fit(points):
    """Least squares x = a + b * day; returns (a, b, largest residual)."""
    n = len(points)
    sx = sum(d for d, _ in points)
    sy = sum(x for _, x in points)
    sxx = sum(d * d for d, _ in points)
    sxy = sum(d * x for d, x in points)
    b = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    a = (sy - b * sx) / n
    worst = max(abs(a + b * d - x) for d, x in points)
    return a, b, worst


def lanes_ok(bs, tol=0.01):
    """No two bars at the same y overlap; returns the offending pair or
    None."""
    lanes = {}
    for b in bs.values():
        lanes.setdefault(round(b.y, 2), []).append(b)
    for lane in lanes.values():
        lane.sort(key=lambda b: b.x0)
        for p, q in zip(lane, lane[1:]):
            if q.x0 < p.x1 - tol:
                return p, q
    return None


def tempdir():
    return tempfile.mkdtemp(prefix="orgviz-tl-")


def national(seed=1):
    """Writes a generated national file into a temporary folder."""
    out = os.path.join(tempdir(), "national-%d.json" % seed)
    subprocess.run([sys.executable, os.path.join(ROOT, "tests", "gen_national.py"), "--seed",
                    str(seed), "-o", out], check=True)
    return out
