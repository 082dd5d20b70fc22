#!/usr/bin/env python3
"""What people read: which organisations are drawn by default, the
generated description, title, tooltips, links, the key and the legend."""
import tlsvg as t


def main():
    hw = t.data("herefordshire-worcestershire.json")
    doc = t.load(hw)
    root = t.timeline(hw)
    bs = t.bars(root)
    in_tr = {x for tr in doc["transitions"] for x in tr["from"] + tr["to"]}
    t.check(set(bs) == in_tr, "default: the organisations in transitions (%s)" % sorted(bs))
    desc = root.find(t.SVG + "desc").text
    want = ("The four CCGs were NHS Herefordshire CCG, NHS Redditch and Bromsgrove CCG, NHS South "
            "Worcestershire CCG and NHS Wyre Forest CCG. These four CCGs merged into NHS "
            "Herefordshire and Worcestershire CCG on 1 April 2020. It was succeeded by NHS "
            "Herefordshire and Worcestershire Integrated Care Board on 1 July 2022.")
    t.check(want in desc, "desc: %r" % desc)
    t.check("handed their functions to four CCGs on 1 April 2013" in desc, "desc 2013: %r" % desc)
    # an image, unless a bar links to its organisation's page
    links = list(root.iter(t.SVG + "a"))
    t.check(root.get("role") == ("graphics-document" if links else "img"),
            "role %r with %d links" % (root.get("role"), len(links)))
    # and which it is follows from the data: a drawn organisation with a url
    with_url = {o["id"] for o in doc["organisations"] if o.get("url")} & set(bs)
    t.check(bool(links) == bool(with_url), "%d links for %d drawn organisations with a url"
            % (len(links), len(with_url)))
    t.check(root.find(t.SVG + "title").text == doc["title"], "title from the file")
    tip = bs["18C"].tooltip
    t.check("NHS Herefordshire and Worcestershire CCG" in tip and "1 April 2020 to 30 June 2022" in tip
            and "18C" in tip, "18C tooltip: %r" % tip)
    t.check("start date not known" in bs["5CN"].tooltip, "5CN tooltip: %r" % bs["5CN"].tooltip)
    t.check("no end date" in bs["QGH"].tooltip, "QGH tooltip: %r" % bs["QGH"].tooltip)
    t.check(bs["05F"].label == "NHS Herefordshire CCG", "05F labelled in full: %r" % bs["05F"].label)
    t.check(bs["QGH"].label == "H&W ICB", "QGH: short name when the full one does not fit")
    for b in bs.values():
        t.check(b.label, "%s has a label" % b.id)
        t.check(not any(g.tag == t.SVG + "title" for g in b.g.iter() if g is not b.g
                        and g is not b.g.find(t.SVG + "title")), "%s: one title" % b.id)
    ids = t.by_id(root)
    keys = sorted((k for k in ids if k.startswith("key-")), key=lambda k: int(k[4:]))
    key = [" ".join(ids[k].itertext()).strip() for k in keys]
    t.check(len(key) == 3 and key[1].startswith("1 April 2020:"), "the key: %s" % key)
    legend = {k for k in ids if k.startswith("legend-")}
    t.check({"legend-pct", "legend-ccg", "legend-icb", "legend-sub-icb"} <= legend,
            "legend: %s" % legend)
    t.check("timeline-title" in ids and "axis" in ids, "title and axis ids")
    # --types adds organisations in no transition and groups the lanes
    root = t.timeline(hw, "--types", "ccg,icb,pcn")
    bs = t.bars(root)
    pcns = {o["id"] for o in doc["organisations"] if o["type"] == "pcn"}
    t.check(pcns <= set(bs) and in_tr <= set(bs), "--types pcn adds the PCNs")
    t.check(not any(o["type"] == "practice" and o["id"] in bs for o in doc["organisations"]),
            "practices still left out")
    order = {"ccg": 0, "icb": 1, "pcn": 2}
    types = {o["id"]: o["type"] for o in doc["organisations"]}
    rank = sorted(bs.values(), key=lambda b: b.y)
    groups = [order.get(types[b.id], 3) for b in rank]
    t.check(groups == sorted(groups), "lanes grouped in --types order: %s" % groups)
    heads = [g.get("id") for g in t.groups(root) if "group-heading" in t.classes(g)]
    t.check(heads == ["group-ccg", "group-icb", "group-pcn", "group-other"], "headings: %s" % heads)
    # links from org urls, escaped by the finisher
    root = t.timeline(t.data("lineage.json"))
    bs = t.bars(root)
    t.check(bs["F"].href == 'https://example.org/foxtrot?a=1&b="2"', "F link: %r" % bs["F"].href)
    t.check(bs["A"].href is None, "no link without a url")
    t.check(root.get("role") == "graphics-document", "with links: role %r" % root.get("role"))
    t.check(not {"O1", "O2"} & set(bs), "offices (no transitions) left out")
    # a file without transitions shows everything
    d = t.tempdir()
    p = t.os.path.join(d, "none.json")
    with open(p, "w") as f:
        f.write('{"orgviz": 1, "types": {"x": {"label": "X"}}, "organisations": ['
                '{"id": "a", "name": "A", "type": "x", "start": "2001-01-01"},'
                '{"id": "b", "name": "B", "type": "x", "start": "2002-01-01", "end": "2003-01-01"}]}')
    root = t.timeline(p)
    t.check(set(t.bars(root)) == {"a", "b"}, "no transitions: everything")
    t.check("2 organisations" in root.find(t.SVG + "desc").text, "desc counts them")
    t.done("text")


main()
