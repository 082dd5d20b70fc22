"""Reading PDFs and PNGs in tests, with qpdf (--json), poppler's pdfinfo and
pdftotext, and the PNG chunk layout; nothing from orgviz itself."""
import json
import os
import re
import struct
import subprocess
import tempfile
import zlib


class Pdf:
    """A PDF's objects (qpdf --json), pages and text boxes."""

    def __init__(self, data):
        self.data = data
        fd, self.path = tempfile.mkstemp(suffix=".pdf")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        out = subprocess.run(["qpdf", "--json", self.path], capture_output=True, check=True)
        self.json = json.loads(out.stdout)
        self.objects = {}
        for key, val in self.json["qpdf"][1].items():
            if key.startswith("obj:"):
                self.objects[key[4:]] = val.get("value")
        self.trailer = self.json["qpdf"][1]["trailer"]["value"]

    def close(self):
        os.unlink(self.path)

    def get(self, ref):
        """The object REF ("3 0 R") points to, or REF itself."""
        if isinstance(ref, str) and ref.endswith(" R"):
            return self.objects.get(ref)
        return ref

    def catalog(self):
        return self.get(self.trailer["/Root"])

    def info(self):
        return {k: text(v) for k, v in self.get(self.trailer["/Info"]).items()}

    def pages(self):
        """[(width, height)] in pt, from each page's MediaBox."""
        sizes = []
        for p in self.json["pages"]:
            page = self.get(p["object"])
            box = page["/MediaBox"]
            sizes.append((box[2] - box[0], box[3] - box[1]))
        return sizes

    def links(self):
        """Every link annotation's URI, page by page."""
        out = []
        for p in self.json["pages"]:
            page = self.get(p["object"])
            uris = []
            for a in self.get(page.get("/Annots", [])) or []:
                a = self.get(a)
                if a.get("/Subtype") == "/Link":
                    uris.append(text(self.get(a["/A"])["/URI"]))
            out.append(uris)
        return out

    def structure(self):
        """The structure tree as nested (type, alt, [kids]) from the root."""
        def walk(ref, depth):
            el = self.get(ref)
            if not isinstance(el, dict) or depth > 50:
                return None
            kids = self.get(el.get("/K", []))
            if not isinstance(kids, list):
                kids = [kids]
            sub = [w for w in (walk(k, depth + 1) for k in kids) if w]
            return (el.get("/S", el.get("/Type")), text(el["/Alt"]) if "/Alt" in el else None, sub)
        root = self.get(self.catalog()["/StructTreeRoot"])
        return walk(root, 0)

    def words(self):
        """[(page number from 1, word, height in pt)] from pdftotext -bbox."""
        out = subprocess.run(["pdftotext", "-bbox", self.path, "-"], capture_output=True,
                             check=True).stdout.decode("utf-8")
        words = []
        page = 0
        for line in out.splitlines():
            if "<page " in line:
                page += 1
            m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                          r'yMax="([\d.]+)">(.*)</word>', line)
            if m:
                words.append((page, m.group(5), float(m.group(4)) - float(m.group(2))))
        return words


def text(v):
    """A qpdf --json string ("u:..." or "b:...") as Python text."""
    if isinstance(v, str) and v[:2] in ("u:", "b:"):
        return v[2:]
    return v


def png_chunks(data):
    """[(type, payload)] of PNG bytes, checking every CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    chunks = []
    i = 8
    while i < len(data):
        n, = struct.unpack(">I", data[i:i + 4])
        kind = data[i + 4:i + 8]
        body = data[i + 8:i + 8 + n]
        crc, = struct.unpack(">I", data[i + 8 + n:i + 12 + n])
        assert zlib.crc32(kind + body) == crc, "bad CRC in %r" % kind
        chunks.append((kind.decode("ascii"), body))
        i += 12 + n
    return chunks


def png_dpi(data):
    """(x, y) dots per inch from the pHYs chunk, or None."""
    for kind, body in png_chunks(data):
        if kind == "pHYs":
            x, y, unit = struct.unpack(">IIB", body)
            assert unit == 1, "pHYs not in metres"
            return (x * 0.0254, y * 0.0254)
    return None
