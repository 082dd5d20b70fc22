#!/usr/bin/env python3
"""Every drawn transition is a group id="transition-<id or index>" with
class "transition transition-<kind>", holding one connector per from x to
pair that starts on the from bar's edge before the date and ends on the to
bar's edge after it; establishments and abolitions are one mark per bar."""
import tlsvg as t

RUN = 7.0


def check_file(path, extra=()):
    doc = t.load(path)
    root = t.timeline(path, *extra)
    bs = t.bars(root)
    trs = t.transitions(root)
    name = path.split("/")[-1]
    pts = t.bar_points(doc, bs)
    a, slope, _ = t.fit(pts)
    seen = 0
    for i, tr in enumerate(doc.get("transitions", [])):
        gid = "transition-" + tr.get("id", str(i))
        frm = [x for x in tr["from"] if x in bs]
        to = [x for x in tr["to"] if x in bs]
        g = trs.get(gid)
        kind = tr["type"]
        if kind in ("establishment", "abolition"):
            want = len(to) if kind == "establishment" else len(frm)
        else:
            want = len(frm) * len(to)
        if want == 0:
            t.check(g is None, "%s: %s has nothing to draw but a group" % (name, gid))
            continue
        seen += 1
        if not t.check(g is not None, "%s: no group %s" % (name, gid)):
            continue
        t.check(t.classes(g)[-2:] == ["transition", "transition-" + kind],
                "%s: %s class %r" % (name, gid, g.get("class")))
        ps = t.paths(g)
        t.check(len(ps) == want, "%s: %s has %d connectors, expected %d" % (name, gid, len(ps), want))
        tip = g.find(t.SVG + "title")
        t.check(tip is not None and kind.capitalize() in tip.text, "%s: %s tooltip" % (name, gid))
        xd = a + slope * t.day(tr["date"])
        if kind in ("establishment", "abolition"):
            continue
        pairs = set()
        for p in ps:
            q = t.path_points(p.get("d"))
            (x0, y0), (x1, y1) = q[0], q[-1]
            t.check(abs(x0 - (xd - RUN)) < 0.05 and abs(x1 - (xd + RUN)) < 0.05,
                    "%s: %s connector at the date (%.2f..%.2f, date %.2f)" % (name, gid, x0, x1, xd))
            f = [k for k in frm if abs(abs(y0 - bs[k].y) - bs[k].height / 2) < 0.05]
            z = [k for k in to if abs(y1 - bs[k].y) <= bs[k].height / 2 + 5.05]
            if len(f) == 1 and len(z) >= 1:
                z.sort(key=lambda k: abs(y1 - bs[k].y))
                pairs.add((f[0], z[0]))
        t.check(pairs == {(x, y) for x in frm for y in to},
                "%s: %s joins %s, expected every pair of %s x %s" % (name, gid, sorted(pairs), frm, to))
    t.check(seen == len(trs), "%s: %d transition groups for %d transitions" % (name, len(trs), seen))
    return trs


def main():
    trs = check_file(t.data("herefordshire-worcestershire.json"))
    merger = trs.get("transition-t-2020-ccg-merger")
    t.check(merger is not None and len(t.paths(merger)) == 4, "H&W: the merger converges 4 -> 1")
    split = trs.get("transition-t-2013-worcestershire-pct")
    t.check(split is not None and len(t.paths(split)) == 3, "H&W: 5PL diverges 1 -> 3")
    check_file(t.data("herefordshire-worcestershire.json"), ["--focus", "05J"])
    trs = check_file(t.data("lineage.json"))
    for kind in ("split", "merger", "succession", "abolition", "transfer", "establishment",
                 "absorption"):
        t.check(any("transition-" + kind in t.classes(g) for g in trs.values()),
                "lineage: a %s is drawn" % kind)
    t.check("transition-split-a" in trs and "transition-1" in trs,
            "ids: the transition's own id, else its index")
    check_file(t.data("hostile.json"))
    # a huge transfer goes through a hub: n + m connectors, not n * m
    # (Graphviz 2.43 parses an edge's pos in quadratic time)
    for n, hub in ((30, False), (40, True)):
        orgs = [{"id": "a%d" % i, "name": "Old %d" % i, "type": "x", "start": "2000-01-01",
                 "end": "2009-12-31"} for i in range(n)]
        orgs += [{"id": "b%d" % i, "name": "New %d" % i, "type": "x", "start": "2010-01-01"}
                 for i in range(n)]
        doc = {"orgviz": 1, "types": {"x": {"label": "X"}}, "organisations": orgs,
               "transitions": [{"id": "big", "type": "transfer", "date": "2010-01-01",
                                "from": [o["id"] for o in orgs[:n]],
                                "to": [o["id"] for o in orgs[n:]]}]}
        p = t.os.path.join(t.tempdir(), "big.json")
        with open(p, "w") as f:
            t.json.dump(doc, f)
        start = t.time.monotonic()
        g = t.transitions(t.timeline(p))["transition-big"]
        secs = t.time.monotonic() - start
        want = 2 * n if hub else n * n
        t.check(len(t.paths(g)) == want, "%dx%d transfer: %d connectors, expected %d"
                % (n, n, len(t.paths(g)), want))
        t.check(("hub" in t.classes(g)) == hub, "%dx%d transfer: hub class %s" % (n, n, g.get("class")))
        t.check(secs < 20, "%dx%d transfer in %.1f s" % (n, n, secs))
    t.done("transitions")


main()
