#!/usr/bin/env python3
"""--focus ID draws exactly the lineage: ancestors through transitions
backwards, descendants forwards, transitively (not an ancestor's other
descendants)."""
import tlsvg as t

CASES = [
    ("lineage.json", "E", {"E", "B", "D", "A", "F"}),
    ("lineage.json", "A", {"A", "B", "C", "E", "F"}),
    ("lineage.json", "C", {"C", "A", "K"}),
    ("lineage.json", "K", {"K", "C"}),
    ("lineage.json", "G", {"G", "H"}),
    ("lineage.json", "Y", {"Y", "X"}),
    ("lineage.json", "O1", {"O1"}),
    ("herefordshire-worcestershire.json", "QGH",
     {"QGH", "18C", "05F", "05J", "05T", "06D", "5CN", "5PL"}),
    ("herefordshire-worcestershire.json", "5PL",
     {"5PL", "05J", "05T", "06D", "18C", "QGH"}),
    ("herefordshire-worcestershire.json", "05F", {"05F", "5CN", "18C", "QGH"}),
]


def main():
    for f, focus, want in CASES:
        root = t.timeline(t.data(f), "--focus", focus)
        got = set(t.bars(root))
        t.check(got == want, "%s --focus %s: %s, expected %s" % (f, focus, sorted(got), sorted(want)))
        desc = root.find(t.SVG + "desc").text
        title = [g for g in t.groups(root) if g.get("id") == "timeline-subtitle"]
        t.check(title and "lineage" in "".join(title[0].itertext()),
                "%s --focus %s: the subtitle says it is a lineage" % (f, focus))
        t.check(desc and len(desc) > 20, "%s --focus %s: a description" % (f, focus))
    # the ICB's lineage reads PCTs -> CCGs -> CCG -> ICB
    root = t.timeline(t.data("herefordshire-worcestershire.json"), "--focus", "QGH")
    desc = root.find(t.SVG + "desc").text
    t.check("merged into NHS Herefordshire and Worcestershire CCG on 1 April 2020" in desc,
            "focus QGH desc: %r" % desc)
    st, _, err = t.run("timeline", t.data("lineage.json"), "--focus", "Z", check=False)
    t.check(st == 1 and "--focus Z" in err, "unknown --focus: exit 1 (%d) %r" % (st, err))
    st, _, err = t.run("timeline", t.data("lineage.json"), "--focus", "e", check=False)
    t.check(st == 1 and "did you mean \"E\"" in err, "--focus e suggests E: %r" % err)
    t.done("focus")


main()
