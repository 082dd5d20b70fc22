"""The parts of an orgviz document that an import or export must keep,
in a form to compare: organisations by id, relationships and transitions
as sorted lists (their order in the file carries no meaning)."""
import json


def model(path):
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
