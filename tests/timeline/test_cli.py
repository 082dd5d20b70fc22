#!/usr/bin/env python3
"""orgviz timeline on the command line: exit codes, help, formats (PNG and
PDF magic, DOT with our positions), deterministic bytes, atomic -o."""
import os

import tlsvg as t


def main():
    hw = t.data("herefordshire-worcestershire.json")
    st, out, _ = t.run("timeline", "--help")
    text = out.decode()
    t.check(st == 0 and "usage: orgviz timeline" in text, "--help: exit 0 and usage")
    for word in ("--focus", "--types", "--from", "--to", "GP practices", "transition"):
        t.check(word in text, "--help mentions %s" % word)
    cases = [
        (["--bogus", hw], 2, "unknown option"),
        (["-x", hw], 2, "unknown option"),
        ([hw, "--from", "2020-02-30"], 2, "no such day"),
        ([hw, "--to", "20-1-1"], 2, "YYYY-MM-DD"),
        ([hw, "--from", "2021-01-01", "--to", "2020-01-01"], 2, "--from is after --to"),
        ([hw, "--types", "ccg,,icb"], 2, "--types"),
        ([hw, "-T", "gif"], 2, "formats"),
        ([hw, "--theme", "neon"], 2, "themes"),
        ([hw, "--dpi", "5"], 2, "--dpi"),
        ([hw, "--focus"], 2, "needs a value"),
        ([], 2, "no file"),
        ([hw, hw], 2, "one file"),
        ([hw, "--focus", "nope"], 1, "--focus nope"),
        ([hw, "--types", "ccg,nope"], 1, "--types nope"),
        ([os.path.join(t.tempdir(), "missing.json")], 3, "missing.json"),
    ]
    for args, want, words in cases:
        st, _, err = t.run("timeline", *args, check=False)
        t.check(st == want, "timeline %s: exit %d, expected %d (%s)" % (args, st, want, err.strip()))
        t.check(words in err, "timeline %s: message mentions %r: %r" % (args, words, err))
        if want == 2:
            t.check("usage: orgviz timeline" in err and "try 'orgviz --help'" in err,
                    "timeline %s: a usage line" % args)
    # invalid data: exit 1 with the validator's messages
    bad = os.path.join(t.tempdir(), "bad.json")
    with open(bad, "w") as f:
        f.write('{"orgviz": 1, "types": {}, "organisations": [{"id": "a", "name": "A", '
                '"type": "nope"}]}')
    st, _, err = t.run("timeline", bad, check=False)
    t.check(st == 1 and "not rendered" in err, "invalid data: exit 1 (%d) %r" % (st, err))

    # formats
    d = t.tempdir()
    magic = {"png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-", "svg": b"<?xml", "dot": b"digraph"}
    for fmt, m in magic.items():
        out = os.path.join(d, "tl." + fmt)
        st, _, err = t.run("timeline", hw, "-T", fmt, "-o", out)
        with open(out, "rb") as f:
            data = f.read()
        t.check(data.startswith(m), "-T %s: starts with %r" % (fmt, m))
        st, again, _ = t.run("timeline", hw, "-T", fmt, "-o", "-")
        t.check(again == data, "-T %s: the same bytes twice (deterministic)" % fmt)
    with open(os.path.join(d, "tl.dot")) as f:
        dot = f.read()
    t.check('pos="' in dot and "org-05F" in dot, "DOT carries our positions and ids")
    t.check("splines=line" in dot.replace('"', ""), "DOT says not to route")
    st, svg, _ = t.run("timeline", hw)
    t.check(svg.startswith(b"<?xml"), "SVG on standard output without -o")
    st, lo, _ = t.run("timeline", hw, "-T", "png", "--dpi", "72", "-o", "-")
    st, hi, _ = t.run("timeline", hw, "-T", "png", "--dpi", "144", "-o", "-")
    t.check(len(hi) > len(lo), "--dpi makes a bigger PNG")
    # atomic -o: a failed run leaves the old file alone and no temporary
    out = os.path.join(d, "keep.svg")
    with open(out, "w") as f:
        f.write("old")
    st, _, _ = t.run("timeline", hw, "--focus", "nope", "-o", out, check=False)
    with open(out) as f:
        t.check(f.read() == "old", "failed render leaves -o untouched")
    st, _, _ = t.run("timeline", hw, "-o", out)
    with open(out, "rb") as f:
        t.check(f.read() == svg, "-o writes the same bytes as standard output")
    t.check(sorted(os.listdir(d)) == sorted(["keep.svg"] + ["tl." + k for k in magic]),
            "no temporary files left: %s" % os.listdir(d))
    st, _, err = t.run("timeline", hw, "-o", os.path.join(d, "no", "such", "dir.svg"), check=False)
    t.check(st == 3, "unwritable -o: exit 3 (%d)" % st)
    # options: responsive, theme, title
    root = t.ET.fromstring(t.run("timeline", hw, "--responsive")[1])
    t.check(root.get("width") is None and root.get("viewBox"), "--responsive: viewBox only")
    mono = t.bars(t.ET.fromstring(t.run("timeline", hw, "--theme", "mono")[1]))
    for b in mono.values():
        c = b.colour.lstrip("#")
        t.check(c[0:2] == c[2:4] == c[4:6], "mono: %s is grey (%s)" % (b.id, b.colour))
    root = t.ET.fromstring(t.run("timeline", hw, "--title", "My title")[1])
    t.check(root.find(t.SVG + "title").text == "My title", "--title")
    t.done("cli")


main()
