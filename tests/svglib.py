"""Shared helpers for tests of orgviz's SVG output (chart and timeline).

Standard library only. SVG is always parsed (xml.etree / xml.dom.minidom),
never searched as text. A test script does:

    sys.path.insert(0, os.path.join(os.environ["SOURCE_ROOT"], "tests"))
    import svglib
    code, out, err = svglib.orgviz("chart", path, "--at", "2021-04-01")
    doc = svglib.parse(out)            # raises svglib.Failure if malformed
    svglib.check_finished(out, doc)    # accessible, unique ids, safe links, ...

Every check_* function raises Failure (an AssertionError) with a message
saying what is wrong; unittest reports it as a failure.
"""
import os
import re
import shutil
import subprocess
import tempfile
import xml.dom.minidom
import xml.etree.ElementTree as ET

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
NS = {"svg": SVG, "xlink": XLINK}
HREF = "{%s}href" % XLINK


class Failure(AssertionError):
    pass


def fail(msg):
    raise Failure(msg)


# ---- running orgviz ---------------------------------------------------------

def unprefixed(args):
    """ARGS of a chart or timeline with --id-prefix '' added unless one is
    given: the tests find groups by their ids as the graph builder names
    them (org-ID, rel-N); the prefix has tests of its own (test_a11y)."""
    args = [str(a) for a in args]
    if args and args[0] in ("chart", "timeline") and not any(
            a.startswith("--id-prefix") for a in args):
        args = [args[0], "--id-prefix="] + args[1:]
    return args


def orgviz(*args, cwd=None, timeout=300):
    """Runs $ORGVIZ with ARGS (under $ORGVIZ_WRAPPER, e.g. valgrind, when it
    is set); returns (exit code, stdout bytes, stderr text). Charts and
    timelines come without an id prefix unless ARGS give one."""
    cmd = [os.path.abspath(os.environ["ORGVIZ"]), *unprefixed(args)]
    wrapper = os.environ.get("ORGVIZ_WRAPPER")
    if wrapper:
        cmd = [wrapper, *cmd]
    p = subprocess.run(cmd, capture_output=True, cwd=cwd, timeout=timeout)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def source_path(*parts):
    return os.path.join(os.environ["SOURCE_ROOT"], *parts)


# ---- parsing ------------------------------------------------------------------

def parse(data):
    """The root element of SVG bytes; Failure when not well-formed."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        fail("not well-formed XML: %s" % e)
    if root.tag != "{%s}svg" % SVG:
        fail("root element is %s, not svg" % root.tag)
    return root


def xmllint_ok(data):
    """None when xmllint is not installed; else (ok, message)."""
    exe = shutil.which("xmllint")
    if not exe:
        return None
    with tempfile.NamedTemporaryFile(suffix=".svg", delete=False) as f:
        f.write(data)
        path = f.name
    try:
        p = subprocess.run([exe, "--noout", "--nonet", path], capture_output=True, timeout=60)
        return p.returncode == 0, p.stderr.decode("utf-8", "replace")
    finally:
        os.unlink(path)


def check_wellformed(data):
    parse(data)
    r = xmllint_ok(data)
    if r is not None and not r[0]:
        fail("xmllint --noout: %s" % r[1])


def local(el):
    """An element's tag without its namespace."""
    return el.tag.rsplit("}", 1)[-1]


def text_of(el):
    """All the text inside EL, pieces joined by single spaces (Graphviz
    writes one <text> per line)."""
    parts = []
    for t in el.iter("{%s}text" % SVG):
        s = "".join(t.itertext()).replace("\u00a0", " ")
        parts.append(" ".join(s.split()))
    return " ".join(p for p in parts if p)


def classes(el):
    return (el.get("class") or "").split()


def by_id(root):
    """{id: element} of every element with an id."""
    return {el.get("id"): el for el in root.iter() if el.get("id") is not None}


def id_prefix(root):
    """The prefix of every id of the chart ROOT (what its aria-labelledby
    names, less "title"), or ""."""
    label = root.get("aria-labelledby") or ""
    return label[:-len("title")] if label.endswith("title") else ""


def groups(root, prefix):
    """{id: <g>} of the groups whose id starts with PREFIX ("org-", "rel-")
    after the chart's id prefix (keys without it: "org-05F")."""
    cp = id_prefix(root)
    return {el.get("id")[len(cp):]: el for el in root.iter("{%s}g" % SVG)
            if (el.get("id") or "").startswith(cp + prefix)}


def tooltip(g):
    """The text of G's own <title> child, or of its link's (an organisation
    with a link is named by the link), or None."""
    t = g.find("svg:title", NS)
    if t is None:
        t = g.find("svg:a/svg:title", NS)
    return None if t is None else (t.text or "")


def link_of(g):
    """(href, xlink:href) of the <a> that wraps G's content, or None."""
    a = g.find("svg:a", NS)
    if a is None:
        return None
    return a.get("href"), a.get(HREF)


# ---- the text version (-T html) ----------------------------------------------------

def table_rows(table):
    """(group heading, [row header text, cells...]) for each body row of a
    text version's TABLE (an xml.etree element)."""
    out = []
    for body in table.findall("tbody"):
        head = None
        for tr in body.findall("tr"):
            th = tr.find("th")
            if th is not None and th.get("scope") == "rowgroup":
                head = "".join(th.itertext())
                continue
            out.append((head, ["".join(c.itertext()) for c in tr]))
    return out


# ---- the finished SVG -----------------------------------------------------------

def check_accessible(root):
    """The README's SVG contract: role="graphics-document" when a link is
    inside, else role="img"; aria-labelledby names the first child, the
    <title>, and aria-describedby the second, the <desc>; every link opens
    in the top window and is named by its own <title>; a named object
    without a link is a graphics-object; text inside a named object is
    hidden (the object's title names it once), and so is text that is only
    geometric shapes (the key's arrowheads)."""
    links = list(root.iter("{%s}a" % SVG))
    want = "graphics-document" if links else "img"
    if root.get("role") != want:
        fail("root has role=%r, expected %r" % (root.get("role"), want))
    labelled = (root.get("aria-labelledby") or "").split()
    described = (root.get("aria-describedby") or "").split()
    if len(labelled) != 1:
        fail("root's aria-labelledby is %r, not one id" % root.get("aria-labelledby"))
    kids = [k for k in root]
    ids = by_id(root)
    for ref in labelled + described:
        if ref not in ids:
            fail("aria-labelledby/describedby names %r, which is not an id" % ref)
    if not kids or local(kids[0]) != "title" or kids[0].get("id") != labelled[0]:
        fail("the first child of <svg> is not the <title> named by aria-labelledby")
    if not (kids[0].text or "").strip():
        fail("the root <title> is empty")
    if described:
        if len(kids) < 2 or local(kids[1]) != "desc" or kids[1].get("id") != described[0]:
            fail("the second child of <svg> is not the <desc> named by aria-describedby")
        if not (kids[1].text or "").strip():
            fail("the root <desc> is empty")
    for a in links:
        if a.get("target") != "_top":
            fail("a link without target=\"_top\": %r" % a.get("href"))
        first = next(iter(a), None)
        if first is None or local(first) != "title" or not (first.text or "").strip():
            fail("the link to %r is not named by a first <title>" % a.get("href"))
    for t in root.iter("{%s}text" % SVG):
        s = "".join(t.itertext())
        if s.strip() and all("\u25a0" <= ch <= "\u25ff" or ch == " " for ch in s) and \
                t.get("aria-hidden") != "true":
            fail("a shape drawn as text (%r) is read out" % s)
    for el in root.iter():
        named = el.get("role") == "graphics-object" or local(el) == "a"
        if not named:
            continue
        for t in el.iter("{%s}text" % SVG):
            if t.get("aria-hidden") != "true":
                fail("text %r inside a named object is not aria-hidden" % "".join(t.itertext()))


def root_title(root):
    return root.find("svg:title", NS).text


def root_desc(root):
    d = root.find("svg:desc", NS)
    return None if d is None else d.text


def check_unique_ids(root):
    seen = {}
    for el in root.iter():
        i = el.get("id")
        if i is None:
            continue
        if i in seen:
            fail("id %r is used twice" % i)
        seen[i] = el


def check_links(root):
    """Every link is http(s), has no white space or control characters, and
    its SVG 2 href equals its xlink:href."""
    for a in root.iter("{%s}a" % SVG):
        href = a.get("href")
        old = a.get(HREF)
        for h in (href, old):
            if h is None:
                fail("a link without href and xlink:href")
            if not re.match(r"^https?://[^/?#\s]", h, re.I):
                fail("unsafe link %r" % h)
            if any(ord(ch) <= 0x20 or ord(ch) == 0x7F for ch in h):
                fail("link with white space or control characters: %r" % h)
        if href != old:
            fail("href %r differs from xlink:href %r" % (href, old))


def check_no_comments_or_doctype(data):
    dom = xml.dom.minidom.parseString(data)
    if dom.doctype is not None:
        fail("the SVG still has a DOCTYPE")

    def walk(n):
        for c in n.childNodes:
            if c.nodeType == c.COMMENT_NODE:
                fail("the SVG still has a comment: %r" % c.data[:60])
            if c.nodeType == c.PROCESSING_INSTRUCTION_NODE:
                fail("the SVG has a processing instruction")
            walk(c)
    walk(dom)
    dom.unlink()


def check_viewbox(root, responsive):
    vb = (root.get("viewBox") or "").split()
    if len(vb) != 4 or float(vb[2]) <= 0 or float(vb[3]) <= 0:
        fail("bad viewBox %r" % root.get("viewBox"))
    if responsive and (root.get("width") or root.get("height")):
        fail("responsive SVG still has width/height")
    if not responsive and not (root.get("width") and root.get("height")):
        fail("SVG without width/height")


def size_pt(root):
    """(width, height) of the viewBox, in points."""
    vb = root.get("viewBox").split()
    return float(vb[2]), float(vb[3])


def check_finished(data, root=None, responsive=False):
    """Everything every orgviz SVG must be."""
    if root is None:
        root = parse(data)
    check_wellformed(data)
    check_no_comments_or_doctype(data)
    check_accessible(root)
    check_unique_ids(root)
    check_links(root)
    check_viewbox(root, responsive)
    return root


# ---- colours ------------------------------------------------------------------------

_NAMED = {"black": "#000000", "white": "#ffffff"}


def colour(s):
    """"#rrggbb" (lower case) from an SVG colour, or None for none/transparent."""
    if s is None:
        return None
    s = s.strip().lower()
    s = _NAMED.get(s, s)
    if re.fullmatch(r"#[0-9a-f]{6}", s):
        return s
    if re.fullmatch(r"#[0-9a-f]{3}", s):
        return "#" + "".join(ch * 2 for ch in s[1:])
    return None


def luminance(c):
    def ch(v):
        v = v / 255.0
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (int(c[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


def contrast(a, b):
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def shape_fill(g):
    """The fill of the first filled shape in group G (a node's box)."""
    for el in g.iter():
        if local(el) in ("path", "polygon", "ellipse", "rect"):
            c = colour(el.get("fill"))
            if c:
                return c
    return None


def text_fills(g):
    """[(text, fill)] of every <text> in G; SVG's default fill is black."""
    out = []
    for t in g.iter("{%s}text" % SVG):
        s = "".join(t.itertext()).strip()
        if s:
            out.append((s, colour(t.get("fill")) or "#000000"))
    return out


def check_contrast(g, minimum=4.5):
    """Every text of group G against the fill of its box."""
    fill = shape_fill(g)
    if fill is None:
        fail("%s: no filled shape" % g.get("id"))
    for s, ink in text_fills(g):
        r = contrast(fill, ink)
        if r < minimum:
            fail("%s: %r in %s on %s has contrast %.2f < %.1f" % (g.get("id"), s, ink, fill, r, minimum))


# ---- geometry -------------------------------------------------------------------------

_NUM = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def bbox(g):
    """(x0, y0, x1, y1) of the polygons and paths drawn in G (a node's box,
    a cluster's outline), ignoring text."""
    xs, ys = [], []
    for el in g.iter():
        name = local(el)
        if name == "polygon" or name == "polyline":
            nums = [float(v) for v in _NUM.findall(el.get("points", ""))]
        elif name == "path":
            nums = [float(v) for v in _NUM.findall(el.get("d", ""))]
        else:
            continue
        xs.extend(nums[0::2])
        ys.extend(nums[1::2])
    if not xs:
        fail("%s: nothing drawn" % g.get("id"))
    return min(xs), min(ys), max(xs), max(ys)


def inside(inner, outer, slack=0.5):
    """1 when box INNER lies within box OUTER."""
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack and
            inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def png_size(data):
    """(width, height) in pixels of PNG bytes."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        fail("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


# ---- text widths ----------------------------------------------------------------------

_FONTS = {}


def _font(bold):
    """(units per em, {code point: advance}) of Liberation Sans (Arial's
    metrics), read from the TrueType file; None when it is not installed."""
    if bold in _FONTS:
        return _FONTS[bold]
    import struct
    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    path = None
    for d in ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation"):
        if os.path.exists(os.path.join(d, name)):
            path = os.path.join(d, name)
            break
    if path is None:
        _FONTS[bold] = None
        return None
    with open(path, "rb") as f:
        data = f.read()
    ntables = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(ntables):
        tag, _, off, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag.decode("latin-1")] = (off, length)
    upem = struct.unpack(">H", data[tables["head"][0] + 18:tables["head"][0] + 20])[0]
    nmetrics = struct.unpack(">H", data[tables["hhea"][0] + 34:tables["hhea"][0] + 36])[0]
    hmtx = tables["hmtx"][0]
    adv = [struct.unpack(">H", data[hmtx + 4 * g:hmtx + 4 * g + 2])[0] for g in range(nmetrics)]
    cmap = tables["cmap"][0]
    widths = {}
    nsub = struct.unpack(">H", data[cmap + 2:cmap + 4])[0]
    for i in range(nsub):
        pid, eid, off = struct.unpack(">HHI", data[cmap + 4 + 8 * i:cmap + 12 + 8 * i])
        sub = cmap + off
        if pid != 3 or eid != 1 or struct.unpack(">H", data[sub:sub + 2])[0] != 4:
            continue
        segx2 = struct.unpack(">H", data[sub + 6:sub + 8])[0]
        n = segx2 // 2
        ends = struct.unpack(">%dH" % n, data[sub + 14:sub + 14 + segx2])
        starts = struct.unpack(">%dH" % n, data[sub + 16 + segx2:sub + 16 + 2 * segx2])
        deltas = struct.unpack(">%dh" % n, data[sub + 16 + 2 * segx2:sub + 16 + 3 * segx2])
        ro_at = sub + 16 + 3 * segx2
        offsets = struct.unpack(">%dH" % n, data[ro_at:ro_at + segx2])
        for s in range(n):
            for cp in range(starts[s], min(ends[s], 0xFFFE) + 1):
                if offsets[s] == 0:
                    g = (cp + deltas[s]) & 0xFFFF
                else:
                    at = ro_at + 2 * s + offsets[s] + 2 * (cp - starts[s])
                    g = struct.unpack(">H", data[at:at + 2])[0]
                    g = (g + deltas[s]) & 0xFFFF if g else 0
                widths[cp] = adv[min(g, nmetrics - 1)]
        break
    _FONTS[bold] = (upem, widths)
    return _FONTS[bold]


def text_width(s, size, bold=False):
    """Width in points of S set in Arial (Liberation Sans) at SIZE, without
    kerning (never narrower than drawn); 0.6 em a character when the font
    is not installed."""
    f = _font(bold)
    if f is None:
        return 0.6 * size * len(s)
    upem, widths = f
    return sum(widths.get(ord(ch), upem) for ch in s) * size / upem


def text_box(el):
    """(x0, y0, x1, y1) of an SVG <text> element as drawn in Arial."""
    size = float(el.get("font-size", "14"))
    s = "".join(el.itertext())
    w = text_width(s, size, el.get("font-weight") == "bold")
    x = float(el.get("x"))
    y = float(el.get("y"))
    anchor = el.get("text-anchor", "start")
    x0 = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
    return x0, y - 0.78 * size, x0 + w, y + 0.22 * size


def path_points(d):
    """The points of an SVG path of M and C commands (Graphviz's edges),
    in order: end points and control points alike."""
    nums = [float(v) for v in _NUM.findall(d)]
    return list(zip(nums[0::2], nums[1::2]))
