#!/usr/bin/env python3
"""Writes orgviz's manual pages at build time from the sources that
already describe it, so that there is no third copy to keep true:

  mkman.py cmd ORGVIZ VERSION OUT.1 SCHEMADIR
                                         orgviz(1) from `orgviz --help` and
                                         each command's --help (the texts
                                         in src/main.c and src/cmd_*.c)
  mkman.py data VERSION OUT.5 SCHEMA... orgviz-data(5) from the JSON
                                         Schemas' titles and descriptions

The help texts follow one layout, which this reads: a "usage:" line,
paragraphs, "Heading:" lines, and option or item lines indented two
spaces with their text after two or more spaces (continued on lines
indented further). Deterministic: the same inputs give the same bytes.
"""
import json
import re
import subprocess
import sys

ITEM = re.compile(r"^  (\S.*?)(?:\s{2,}(\S.*))?$")


def esc(text):
    """Roff-safe text: backslashes, hyphens (as \\-, so options copy and
    paste as typed), and a leading dot or quote."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text[:1] in (".", "'") else text


def bold(text):
    return "\\fB" + esc(text) + "\\fR"


def help_of(orgviz, *args):
    p = subprocess.run([orgviz, *args, "--help"], capture_output=True, text=True, check=True)
    return p.stdout.rstrip("\n").split("\n")


def body(lines):
    """Roff for a help text after its usage line(s)."""
    out = []
    i = 0
    para = []

    def flush():
        if para:
            out.append(".PP")
            out.append(esc(" ".join(para)))
            para.clear()

    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip():
            flush()
            continue
        if not line.startswith(" "):
            if line.endswith(":") and len(line) < 40:
                flush()
                out.append(".PP")
                out.append(bold(line[:-1]))
            else:
                para.append(line.strip())
            continue
        m = ITEM.match(line)
        if not m:  # deeper indentation without an item: a continuation
            para.append(line.strip())
            continue
        flush()
        tag, text = m.group(1), [m.group(2)] if m.group(2) else []
        while i < len(lines) and lines[i].startswith("   ") and lines[i].strip():
            text.append(lines[i].strip())
            i += 1
        out.append(".TP")
        out.append(bold(tag) if tag.startswith("-") else esc(tag))
        out.append(esc(" ".join(text)) if text else "\\&")
    flush()
    return out


def usage_lines(lines):
    """The usage (first line, and lines indented under it) and the rest."""
    first = lines[0][len("usage: "):] if lines[0].startswith("usage: ") else lines[0]
    k = 1
    while k < len(lines) and lines[k].startswith("        ") and lines[k].strip():
        first += " " + lines[k].strip()
        k += 1
    return first, lines[k:]


def listed(lines, heading):
    """The first word of each item under HEADING ("Commands:" in `orgviz
    --help`, "Kinds:" in `orgviz import --help`), up to a blank line."""
    out, inside = [], False
    for line in lines:
        if line == heading:
            inside = True
        elif inside and not line.strip():
            break
        elif inside and ITEM.match(line):
            out.append(line.split()[0])
    return out


def synopsis(usage, nwords):
    """A usage line with its first NWORDS words (the command) in bold."""
    words = usage.split(" ", nwords)
    return bold(" ".join(words[:nwords])) + " " + esc(words[nwords] if len(words) > nwords
                                                      else "")


def man_cmd(orgviz, version, path, schemadir):
    main = help_of(orgviz)
    usage, rest = usage_lines(main)
    desc = rest[:rest.index("Commands:")] if "Commands:" in rest else rest
    tail = rest[rest.index("Options:"):] if "Options:" in rest else []
    exit_at = next((j for j, l in enumerate(tail) if l.startswith("Exit status")), len(tail))
    env_at = tail.index("Environment:") if "Environment:" in tail else exit_at
    out = [f'.TH ORGVIZ 1 "" "orgviz {version}" "User Commands"',
           ".SH NAME", "orgviz \\- draw organisations and the changes between them",
           ".SH SYNOPSIS", bold("orgviz") + " " + esc(usage.split(" ", 1)[1]),
           ".SH DESCRIPTION", *body(desc), ".SH COMMANDS"]
    for name in listed(main, "Commands:"):
        u, r = usage_lines(help_of(orgviz, name))
        out += [".SS " + esc(" ".join(u.split()[:2])), ".PP", synopsis(u, 2), *body(r)]
        if name == "import":
            for kind in listed(r, "Kinds:"):
                uk, rk = usage_lines(help_of(orgviz, name, kind))
                out += [".PP", synopsis(uk, 3), *body(rk)]
    out += [".SH OPTIONS", *body(tail[1:env_at]),
            ".SH EXIT STATUS", *body(tail[exit_at:]),
            ".SH FILES",
            ".TP", bold("data/charts.json"),
            esc("the chart manifest that orgviz build reads by default"),
            ".TP", "\\fI" + esc(schemadir + "/*.schema.json") + "\\fR",
            esc("JSON Schemas of the data file, the manifest and theme files, for editors "
                "and other tools (orgviz-data(5) describes them)"),
            ".SH ENVIRONMENT", *body(tail[env_at + 1:exit_at]),
            ".SH SEE ALSO", "\\fBorgviz\\-data\\fR(5), \\fBdot\\fR(1), \\fBneato\\fR(1)"]
    write(path, out)


def schema_type(s):
    if "$ref" in s:
        return s["$ref"].rsplit("/", 1)[-1]
    t = s.get("type")
    if isinstance(t, list):
        t = " or ".join(t)
    if t == "array" and "items" in s:
        return "list of " + schema_type(s["items"])
    if "enum" in s:
        return "one of " + ", ".join(json.dumps(v) for v in s["enum"])
    if "oneOf" in s or "anyOf" in s:
        return " or ".join(schema_type(x) for x in s.get("oneOf", s.get("anyOf")))
    return t or "any"


def props(obj, required=()):
    out = []
    for name, s in obj.get("properties", {}).items():
        req = " (required)" if name in required else ""
        out += [".TP", bold(name) + " \\fI" + esc(schema_type(s)) + "\\fR" + esc(req),
                esc(s.get("description", "")) or "\\&"]
    return out


def man_data(version, path, schemas):
    out = [f'.TH ORGVIZ\\-DATA 5 "" "orgviz {version}" "File Formats"',
           ".SH NAME", "orgviz\\-data \\- orgviz data files, chart manifests and theme files",
           ".SH DESCRIPTION", ".PP",
           esc("orgviz reads JSON documents of three kinds. Each is described by a JSON "
               "Schema installed with orgviz; this page is made from those schemas, member by "
               "member. orgviz validate checks a data file or a manifest against every rule, "
               "including those a schema cannot say (dates in order, transitions that agree "
               "with the organisations' dates, ids that exist).")]
    for f in schemas:
        with open(f, encoding="utf-8") as fh:
            s = json.load(fh)
        out += [".SH " + esc(s.get("title", f).upper()), ".PP", esc(s.get("description", "")),
                ".PP", esc(f"Schema: {f.rsplit('/', 1)[-1]}. Members:"),
                *props(s, s.get("required", []))]
        for name, d in s.get("$defs", {}).items():
            if "properties" not in d and "description" not in d:
                continue
            out += [".SS " + esc(name), ".PP", esc(d.get("description", "") or schema_type(d)),
                    *props(d, d.get("required", []))]
    out += [".SH SEE ALSO", "\\fBorgviz\\fR(1)"]
    write(path, out)


def write(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    if len(sys.argv) == 6 and sys.argv[1] == "cmd":
        man_cmd(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
    elif len(sys.argv) >= 5 and sys.argv[1] == "data":
        man_data(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
