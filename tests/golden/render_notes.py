#!/usr/bin/env python3
"""Renders where a lesson's notes landed, for tests/golden/notes/<name>.txt.

Usage: render_notes.py SCENARIO.json TRACE.json RUN_LOG.txt
  SCENARIO.json  the lesson (its declared notes)
  TRACE.json     what `pollscope run SCENARIO --trace TRACE.json` wrote (pollscope-trace/1)
  RUN_LOG.txt    what that same run printed (the narrated events)

Prints, for each resolved note, the note and the narrated event it is pinned to. Exits 1 (and
names them on stderr) when a declared note did not resolve to any step.
"""
import json
import sys


def main(scenario, trace, log):
    declared = json.load(open(scenario, encoding="utf-8")).get("notes", [])
    resolved = json.load(open(trace, encoding="utf-8")).get("notes", [])
    lines = {}
    for line in open(log, encoding="utf-8"):
        if line.startswith("t=") and " step " in line:
            step = line.split(" step ", 1)[1].split(":", 1)[0]
            lines.setdefault(step, line.rstrip("\n"))
    texts = [n["text"] for n in resolved]
    missing = [n for n in declared if n["text"] not in texts]
    for n in missing:
        where = json.dumps(n.get("when", n.get("step")))
        print(f"unresolved note (its 'when' matched no event): {where}: {n['text'][:60]}", file=sys.stderr)
    for i, n in enumerate(resolved, 1):
        print(f"note {i} at step {n['step']}: {n['text']}")
        print("  " + lines.get(str(n["step"]), f"(no event line for step {n['step']})"))
    return 1 if missing else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:4]))
