#!/usr/bin/env python3
"""Hostile text (markup, entities, ]]>, quotes, emoji, Welsh, control
characters, Graphviz escapes, hostile URLs) gives well-formed SVG with the
text intact and links that cannot break out of their attribute."""
import tlsvg as t


def main():
    path = t.data("hostile.json")
    doc = t.load(path)
    for args in ([], ["--focus", "h1"], ["--types", "t2,t<1>"], ["--responsive"],
                 ["--title", "<&> \"]]> \x01 \\N"]):
        _, out, _ = t.run("timeline", path, *args)
        try:
            root = t.ET.fromstring(out)
        except t.ET.ParseError as e:
            t.check(False, "hostile %s: not well-formed: %s" % (args, e))
            continue
        t.check(b"<script" not in out, "hostile %s: no live <script>" % args)
        t.check(b"onmouseover=\"" not in out.replace(b"&quot;onmouseover", b""),
                "hostile %s: no attribute injection" % args)
        title = root.find(t.SVG + "title").text
        if args and args[0] == "--title":
            t.check(title.startswith("<&> \"]]>") and "\\N" in title, "custom title kept: %r" % title)
        else:
            t.check(title.startswith("Hostile <title> & \"quotes\" ]]>"), "title kept: %r" % title)
    root = t.timeline(path)
    bs = t.bars(root)
    t.check(set(bs) == {"h1", "h2", "h3", "h4"}, "all four bars: %s" % sorted(bs))
    t.check("A <b>&amp; \"quoted\"" in bs["h1"].tooltip and "Ysbyty Gwynedd" in bs["h1"].tooltip
            and "\U0001F3E5" in bs["h1"].tooltip and "ŵŷ" in bs["h1"].tooltip,
            "h1 tooltip keeps the text: %r" % bs["h1"].tooltip)
    t.check("\\N" in bs["h1"].tooltip, "Graphviz escapes not interpreted in tooltips")
    t.check(bs["h2"].label is not None and "<script>" in bs["h2"].label,
            "h2 label is text: %r" % bs["h2"].label)
    t.check(bs["h1"].href == doc["organisations"][0]["url"], "h1 link kept exactly: %r" % bs["h1"].href)
    for b in bs.values():
        for ch in (b.label or "") + (b.tooltip or ""):
            t.check(ord(ch) >= 32 or ch in "\t\n", "%s: control character %r" % (b.id, ch))
    t.check("type-t_1_" in bs["h1"].cls, "class from a hostile type key: %s" % bs["h1"].cls)
    # the label of a bar too short for its name goes beside it or is cut
    t.check(bs["h4"].label is not None, "h4 labelled")
    t.done("hostile")


main()
