#!/usr/bin/env python3
"""The lines of a chart and their labels, measured in the SVG: the label
of every cross link (commissions, partner_of, delegates_to, "also member
of") clear of every line and of every box, labels clear of each other, and
no line that loops round the chart. Text boxes are computed from the
font's own advance widths (Liberation Sans, Arial's metrics); lines are
the points of each edge's path."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests"))
import svglib  # noqa: E402

HW = svglib.source_path("data", "herefordshire-worcestershire.json")
WE = svglib.source_path("data", "west-essex.json")
SMALL = svglib.source_path("tests", "chart", "data", "small.json")
NOPARENT = svglib.source_path("tests", "chart", "data", "noparent.json")
CHARTS = [(HW, "2019-06-01"), (HW, "2020-03-31"), (HW, "2021-04-01"), (HW, "2023-01-01"),
          (WE, "2021-04-01"), (SMALL, "2021-04-01"), (NOPARENT, "2021-03-31"),
          (NOPARENT, "2021-04-01")]
LINKS = ("rel-commissions", "rel-partner_of", "rel-delegates_to", "also")
SLACK = 0.5  # points: boxes may touch, not overlap


def overlap(a, b, slack=SLACK):
    return (a[0] < b[2] - slack and b[0] < a[2] - slack and
            a[1] < b[3] - slack and b[1] < a[3] - slack)


def segment_hits(p, q, box, slack=SLACK):
    """1 when the segment P-Q passes through the inside of BOX."""
    x0, y0, x1, y1 = box[0] + slack, box[1] + slack, box[2] - slack, box[3] - slack
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for d, lo, hi, s in ((dx, x0, x1, p[0]), (dy, y0, y1, p[1])):
        if abs(d) < 1e-9:
            if s <= lo or s >= hi:
                return False
            continue
        a, b = (lo - s) / d, (hi - s) / d
        if a > b:
            a, b = b, a
        t0, t1 = max(t0, a), min(t1, b)
        if t0 >= t1:
            return False
    return True


def chart(path, at):
    code, out, err = svglib.orgviz("chart", path, "--at", at)
    if code != 0:
        raise svglib.Failure("orgviz chart %s --at %s: exit %d: %s" % (path, at, code, err))
    return svglib.check_finished(out)


def geometry(root):
    """(boxes {id: box}, lines {id: [points]}, labels [(id, box)])."""
    boxes = {gid: svglib.bbox(g) for gid, g in svglib.groups(root, "org-").items()}
    lines, labels = {}, []
    for g in root.iter("{%s}g" % svglib.SVG):
        cls = svglib.classes(g)
        if "edge" not in cls:
            continue
        gid = g.get("id") or "edge"
        for p in g.iter("{%s}path" % svglib.SVG):
            lines.setdefault(gid, []).append(svglib.path_points(p.get("d")))
        if any(k in cls for k in LINKS):
            for t in g.iter("{%s}text" % svglib.SVG):
                labels.append((gid, svglib.text_box(t)))
    return boxes, lines, labels


class Labels(unittest.TestCase):
    def test_labels_clear(self):
        seen = 0
        for path, at in CHARTS:
            name = "%s %s" % (os.path.basename(path), at)
            with self.subTest(chart=name):
                boxes, lines, labels = geometry(chart(path, at))
                seen += len(labels)
                for gid, lb in labels:
                    for bid, box in boxes.items():
                        self.assertFalse(overlap(lb, box), "%s: label of %s on box %s" % (name, gid, bid))
                    for lid, paths in lines.items():
                        for pts in paths:
                            for p, q in zip(pts, pts[1:]):
                                self.assertFalse(segment_hits(p, q, lb),
                                                 "%s: label of %s on the line of %s" % (name, gid, lid))
                for i, (g1, b1) in enumerate(labels):
                    for g2, b2 in labels[i + 1:]:
                        if g1 != g2:
                            self.assertFalse(overlap(b1, b2), "%s: labels of %s and %s" % (name, g1, g2))
        self.assertGreater(seen, 20)  # the test saw labels

    def test_no_loops(self):
        """A line is never much longer than the way across and down between
        its ends: nothing runs round the chart."""
        for path, at in CHARTS:
            name = "%s %s" % (os.path.basename(path), at)
            _, lines, _ = geometry(chart(path, at))
            for lid, paths in lines.items():
                for pts in paths:
                    length = sum(abs(q[0] - p[0]) + abs(q[1] - p[1]) for p, q in zip(pts, pts[1:]))
                    direct = abs(pts[-1][0] - pts[0][0]) + abs(pts[-1][1] - pts[0][1])
                    self.assertLessEqual(length, direct + 2 * 160, "%s: %s loops" % (name, lid))

    def test_segment_hits(self):
        # the helper itself: through, beside, touching
        box = (0, 0, 10, 10)
        self.assertTrue(segment_hits((-5, 5), (15, 5), box))
        self.assertFalse(segment_hits((-5, 12), (15, 12), box))
        self.assertFalse(segment_hits((10, -5), (10, 15), box))
        self.assertTrue(segment_hits((-5, -5), (15, 15), box))


class NoParentOnTheDay(unittest.TestCase):
    """Networks whose only parent begins the next day (a merger): counted,
    not drawn loose, and the description leads with what heads the chart."""

    def test_day_before(self):
        root = chart(NOPARENT, "2021-03-31")
        orgs = svglib.groups(root, "org-")
        self.assertEqual(set(orgs), {"org-NHSE", "org-OA", "org-OB", "org-T", "org-L"})
        desc = svglib.root_desc(root)
        self.assertTrue(desc.startswith("On 31 March 2021, NHS England heads the chart."), desc)
        self.assertIn("2 clinical commissioning groups accountable to it", desc)
        note = ("Not shown: 3 primary care networks and their 7 GP practices, whose place on "
                "this day is not recorded.")
        self.assertIn(note, desc)
        self.assertIn("Not shown: 3 primary care networks and their 7 GP practices",
                      svglib.text_of(root))

    def test_day_of(self):
        root = chart(NOPARENT, "2021-04-01")
        orgs = svglib.groups(root, "org-")
        for i in ("P1", "P2", "P3", "G1", "G7", "N"):
            self.assertIn("org-" + i, orgs)
        self.assertNotIn("Not shown", svglib.root_desc(root))
        ids = svglib.by_id(root)
        # one shape: every network's practices in a stack, even two
        for p in ("P1", "P2", "P3"):
            self.assertIn("stack-%s-practice" % p, ids)


if __name__ == "__main__":
    unittest.main(verbosity=1)
