"""Soft checks for test scripts that go on after a failed check and report
them all at the end: check(COND, WHAT) returns COND and, when it is false,
prints WHAT and adds it to failures."""

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("# FAILED: " + what)
    return cond
