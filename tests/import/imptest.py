"""What the import tests share: running orgviz, recording failures, and
the parts of an orgviz document that an import or export must keep."""
import json
import os
import shlex
import subprocess
import sys

ORGVIZ = os.path.abspath(os.environ["ORGVIZ"])
ROOT = os.environ["SOURCE_ROOT"]
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checklib import check, finish  # noqa: E402,F401  (the import tests use both)


def run(*args):
    """orgviz ARGS (under $ORGVIZ_WRAPPER, e.g. valgrind, when set): (exit
    status, standard output, standard error)."""
    wrapper = shlex.split(os.environ.get("ORGVIZ_WRAPPER", ""))
    p = subprocess.run([*wrapper, ORGVIZ, *args], capture_output=True, timeout=600)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def model(path):
    """Organisations by id, relationships and transitions as sorted lists
    (their order in the file carries no meaning), types and sources."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    orgs = {o["id"]: o for o in doc.get("organisations", [])}
    rels = sorted(
        tuple(r.get(k) or "" for k in ("type", "from", "to", "start", "end", "label"))
        for r in doc.get("relationships", [])
    )
    trans = sorted(
        (t["date"], t["type"], tuple(t["from"]), tuple(t["to"]), t.get("label", ""),
         t.get("note", ""), t.get("id", ""), tuple(t.get("sources", [])))
        for t in doc.get("transitions", [])
    )
    sources = sorted((s["id"], s["title"], s.get("url", "")) for s in doc.get("sources", []))
    return {"organisations": orgs, "relationships": rels, "transitions": trans,
            "types": doc.get("types", {}), "sources": sources}
