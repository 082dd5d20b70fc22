"""Soft checks for test scripts that go on after a failed check and report
them all at the end: check(COND, WHAT) returns COND and, when it is false,
prints WHAT and adds it to failures; finish() ends the script, exit 1 when
any check failed."""
import sys

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("# FAILED: " + what)
    return cond


def finish(name="checks"):
    """Prints how many checks failed (or "NAME: ok") and exits 1 when any
    did, else 0."""
    if failures:
        print(f"{name}: {len(failures)} check(s) failed")
        sys.exit(1)
    print(f"{name}: ok")
    sys.exit(0)
