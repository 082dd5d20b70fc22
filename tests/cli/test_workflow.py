#!/usr/bin/env python3
"""The example CI workflow (.github/workflows/charts.yml), read as YAML: it
runs when the program or its build changes too, uploads a preview of the
charts on pull requests even when the check fails, and on main rebases
and retries its push, then falls back to a pull request."""
import os
import sys

import yaml

ROOT = os.environ["SOURCE_ROOT"]
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checklib import check, finish  # noqa: E402


wf = yaml.safe_load(open(os.path.join(ROOT, ".github", "workflows", "charts.yml")))
on = wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as true
for event in ("push", "pull_request"):
    paths = on[event]["paths"]
    for p in ("data/**", "src/**", "tools/**", "Makefile", "meson.build"):
        check(p in paths, f"{event}: paths lack {p}")
job = wf["jobs"]["charts"]
check(job.get("container") == "debian:12", "not the Debian 12 container")
steps = job["steps"]
upload = [s for s in steps if "upload-artifact" in s.get("uses", "")]
check(len(upload) == 1, "no artifact upload step")
if upload:
    check("always()" in upload[0].get("if", "") and "pull_request" in upload[0].get("if", ""),
          f"the preview is not uploaded on every pull request: {upload[0].get('if')}")
    names = [s.get("name") for s in steps]
    check_at = [i for i, s in enumerate(steps) if "--check" in s.get("run", "")]
    check(check_at and names.index(upload[0]["name"]) < check_at[0],
          "the preview must be uploaded before the check can fail")
push = [s for s in steps if "git push" in s.get("run", "")]
check(len(push) == 1, "no push step")
if push:
    run = push[0]["run"]
    check("git pull --rebase" in run, "the push is not rebased and retried")
    check("/pulls" in run, "no pull request when the push stays refused")
check(wf.get("permissions", {}).get("pull-requests") == "write", "cannot open pull requests")

finish("workflow")
