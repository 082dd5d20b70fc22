#!/usr/bin/env python3
"""--from and --to: bars are cut at the edges (and marked as continuing),
what lies outside is not drawn, transitions outside are left out."""
import tlsvg as t


def main():
    hw = t.data("herefordshire-worcestershire.json")
    root = t.timeline(hw, "--from", "2016-01-01", "--to", "2021-12-31")
    bs = t.bars(root)
    t.check(set(bs) == {"05F", "05J", "05T", "06D", "18C"},
            "2016-2021: the four CCGs and H&W CCG (%s)" % sorted(bs))
    axis = t.path_points(t.paths(t.by_id(root)["axis"])[0].get("d"))
    lo, hi = axis[0][0], axis[-1][0]
    for b in bs.values():
        t.check(lo - 0.01 <= b.x0 and b.x1 <= hi + 0.01, "%s inside the axis" % b.id)
    for k in ("05F", "05J", "05T", "06D"):
        t.check("open-start" in bs[k].cls and "open-end" not in bs[k].cls,
                "%s cut at --from: %s" % (k, bs[k].cls))
        t.check(abs(bs[k].x0 - lo) < 0.01, "%s starts at the axis start" % k)
    t.check("open-end" in bs["18C"].cls and abs(bs["18C"].x1 - hi) < 0.01,
            "18C (to June 2022) cut at --to")
    t.check("open-start" not in bs["18C"].cls, "18C starts inside the window")
    fades = {g.get("id") for g in t.groups(root) if "fade" in t.classes(g)}
    t.check("fade-end-18C" in fades and "fade-start-05F" in fades, "faded ends drawn: %s" % fades)
    trs = t.transitions(root)
    t.check(set(trs) == {"transition-t-2020-ccg-merger"}, "only the 2020 merger: %s" % sorted(trs))
    markers = {g.get("id") for g in t.groups(root) if "transition-marker" in t.classes(g)}
    t.check(markers == {"marker-2020-04-01"}, "one marker: %s" % markers)
    years = sorted(g.get("id") for g in t.groups(root) if "axis-year" in t.classes(g)
                   and not g.get("id").startswith("tick-bottom"))
    t.check(years == ["tick-%d" % y for y in range(2016, 2023)], "year ticks 2016..2022: %s" % years)
    # a window that ends the day before a transition leaves it out, one
    # that starts on it keeps the new bars only
    root = t.timeline(hw, "--from", "2020-04-01", "--to", "2022-06-30")
    bs = t.bars(root)
    t.check(set(bs) == {"18C"}, "2020-04-01..2022-06-30: only H&W CCG (%s)" % sorted(bs))
    t.check("open-start" not in bs["18C"].cls and "open-end" not in bs["18C"].cls,
            "18C fits the window exactly")
    # an organisation with no start date has always existed: the PCTs are
    # drawn in 1990, continuing on both sides
    bs = t.bars(t.timeline(hw, "--from", "1990-01-01", "--to", "1995-01-01"))
    t.check(set(bs) == {"5CN", "5PL"}, "1990-1995: the PCTs only (%s)" % sorted(bs))
    t.check(all("open-start" in b.cls and "open-end" in b.cls for b in bs.values()),
            "1990-1995: the PCTs continue both ways")
    # nothing in the window
    p = t.os.path.join(t.tempdir(), "bounded.json")
    with open(p, "w") as f:
        f.write('{"orgviz": 1, "types": {"x": {"label": "X"}}, "organisations": ['
                '{"id": "a", "name": "A", "type": "x", "start": "2001-01-01", "end": "2001-12-31"}]}')
    st, _, err = t.run("timeline", p, "--from", "1990-01-01", "--to", "1995-01-01", check=False)
    t.check(st == 1 and "nothing to draw" in err, "empty window: exit 1 (%d, %r)" % (st, err))
    st, _, err = t.run("timeline", hw, "--from", "2020-01-01", "--to", "2019-01-01", check=False)
    t.check(st == 2, "--from after --to: exit 2 (%d)" % st)
    # the default end is today (SOURCE_DATE_EPOCH) when that is later
    root = t.timeline(hw)
    t.check("14 November 2023" in root.find(t.SVG + "desc").text, "default --to: today")
    t.done("clip")


main()
