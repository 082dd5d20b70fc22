#!/usr/bin/env python3
"""To scale: bar ends, year ticks and transition markers all lie on one
line x = a + b * day (to within 0.02 pt, far below a pixel); no two bars in
a lane overlap; labels are readable (WCAG contrast >= 4.5:1)."""
import tlsvg as t

SVG = t.SVG


def default_range(doc, shown_ids):
    """The documented default axis: 1 January of the year before the
    earliest date drawn (two years before when a bar drawn has no start),
    to the later of today and the last date."""
    dates = []
    open_start = False
    for o in doc["organisations"]:
        if o["id"] in shown_ids:
            dates += [t.day(o[k]) for k in ("start", "end") if k in o]
            open_start = open_start or "start" not in o
    lo, hi = min(dates), max(dates)
    y = (t.EPOCH + t.datetime.timedelta(days=lo)).year - (2 if open_start else 1)
    return t.day("%04d-01-01" % y), max(hi, t.today())


def check_file(path, frm=None, to=None, extra=()):
    doc = t.load(path)
    args = [path] + list(extra)
    if frm:
        args += ["--from", frm, "--to", to]
    root = t.timeline(*args)
    bs = t.bars(root)
    name = path.split("/")[-1] + (" %s..%s" % (frm, to) if frm else "")
    t.check(len(bs) > 0, "%s: bars drawn" % name)
    orgs = {o["id"]: o for o in doc["organisations"]}
    if frm:
        f, z = t.day(frm), t.day(to)
    else:
        f, z = default_range(doc, set(bs))
    points = []
    for b in bs.values():
        s, e = t.drawn_days(orgs[b.id], f, z)
        points += [(s, b.x0), (e, b.x1)]
    a, slope, worst = t.fit(points)
    t.check(worst < 0.02, "%s: bar ends linear in the date (worst residual %.4f pt)" % (name, worst))
    t.check(slope > 0, "%s: time runs left to right" % name)
    # the axis spans exactly from..to+1 and the ticks sit on the same line
    ids = t.by_id(root)
    axis = t.path_points(t.paths(ids["axis"])[0].get("d"))
    t.check(abs(axis[0][0] - (a + slope * f)) < 0.02 and abs(axis[-1][0] - (a + slope * (z + 1))) < 0.02,
            "%s: the axis runs from --from to the day after --to" % name)
    ticks = [g for g in t.groups(root) if "axis-year" in t.classes(g)]
    t.check(len(ticks) > 0, "%s: year ticks" % name)
    for g in ticks:
        if g.get("id").startswith("tick-bottom-"):
            continue
        year = int(g.get("id")[len("tick-"):])
        x = t.path_points(t.paths(g)[0].get("d"))[0][0]
        want = a + slope * t.day("%04d-01-01" % year)
        t.check(abs(x - want) < 0.02, "%s: tick %d at %.2f, expected %.2f" % (name, year, x, want))
        label = "".join(g.itertext())
        t.check(str(year) in label or label.strip() == "", "%s: tick %d labelled %r" % (name, year, label))
    for g in t.groups(root):
        if "transition-marker" in t.classes(g):
            iso = g.get("id")[len("marker-"):]
            x = t.path_points(t.paths(g)[0].get("d"))[0][0]
            t.check(abs(x - (a + slope * t.day(iso))) < 0.02, "%s: marker %s on the scale" % (name, iso))
    bad = t.lanes_ok(bs)
    t.check(bad is None, "%s: bars overlap in a lane: %s" % (name, bad and (bad[0].id, bad[1].id)))
    # bars have one height; lanes are evenly pitched within a group
    t.check(len({b.height for b in bs.values()}) == 1, "%s: one bar height" % name)
    # labels: readable on what is behind them
    for b in bs.values():
        if b.label_el is None:
            continue
        ink = b.label_el.get("fill", "#000000")
        x = float(b.label_el.get("x"))
        inside = b.x0 <= x <= b.x1
        behind = b.colour if inside else "#ffffff"
        c = t.svglib.contrast(t.svglib.colour(ink), t.svglib.colour(behind))
        t.check(c >= 4.5, "%s: label of %s has contrast %.2f" % (name, b.id, c))
        if inside:
            t.check(b.label and len(b.label) > 0, "%s: inside label of %s not empty" % (name, b.id))
    return root, bs


def main():
    hw = t.data("herefordshire-worcestershire.json")
    root, bs = check_file(hw)
    check_file(hw, "2016-01-01", "2021-12-31")
    check_file(hw, "2020-01-01", "2020-12-31")  # short: month ticks too
    check_file(hw, extra=["--types", "ccg,icb,pcn"])
    check_file(t.data("lineage.json"))
    check_file(t.data("lineage.json"), "2004-06-15", "2010-02-03")
    check_file(t.data("hostile.json"))
    # the spine of Herefordshire and Worcestershire is one lane, the merger
    # target sits between its sources and the split targets around 5PL
    y = {k: v.y for k, v in bs.items()}
    t.check(y["5PL"] == y["05T"] == y["18C"] == y["QGH"], "H&W: 5PL-05T-18C-QGH in one lane")
    src = [y[k] for k in ("05F", "05J", "05T", "06D")]
    t.check(min(src) < y["18C"] < max(src) or y["18C"] in src[1:3], "H&W: merger target among its sources")
    t.check(min(y["05J"], y["06D"]) < y["5PL"] < max(y["05J"], y["05T"], y["06D"]) or
            y["5PL"] == y["05T"], "H&W: split targets around 5PL")
    t.check(abs(y["18C-subicb"] - y["QGH"]) < 31, "H&W: the sub-ICB location next to its ICB")
    months = [g for g in t.groups(t.timeline(hw, "--from", "2020-01-01", "--to", "2020-12-31"))
              if "axis-month" in t.classes(g)]
    t.check(len(months) == 11, "short span: 11 month ticks (got %d)" % len(months))
    t.done("geometry")


main()
