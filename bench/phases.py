"""Where the time of one ``cscheck check`` goes, in one process: ``python bench/phases.py ARGS...``.

Runs the command line in this process with a timer around each phase and prints one JSON object
of milliseconds: ``imports`` (click, markdown-it and cscheck's modules, before the command runs),
``config`` (finding and loading the configs, finding the notes), ``engine`` (selecting the rules),
``packs`` (loading the knowledge packs), ``parse`` (markdown-it and cscheck's Document), ``rules``
(the selected rules on each note), ``output`` (rendering and writing the findings) and ``other``
(the rest: the cache, reading the notes, exit). Each phase's time excludes the phases nested in
it (packs loaded by a rule count as packs). Run with ``--jobs 1``: work done in worker processes is
not seen here. The wrappers look functions up by name; a name that moved stops the script with
the name to update (it once went on quietly and counted the phase under ``other``). The figures go
to the JSON file named by ``CSCHECK_PHASES``; the command's own output goes where it always does.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

START = time.perf_counter()

import markdown_it  # noqa: E402, F401

import checker.cli  # noqa: E402
import checker.commands.check  # noqa: E402
import checker.commands.common  # noqa: E402
from checker.engine import Engine  # noqa: E402

IMPORTED = time.perf_counter()
spent: dict[str, float] = {}
stack: list[list[float]] = []  # per open phase: [time of nested phases]


def timed(phase: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        stack.append([0.0])
        began = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            total = time.perf_counter() - began
            nested = stack.pop()[0]
            spent[phase] = spent.get(phase, 0.0) + total - nested
            if stack:
                stack[-1][0] += total

    return wrapper


def wrap(owner: object, name: str, phase: str) -> None:
    if not hasattr(owner, name):
        raise SystemExit(f"bench/phases.py: {owner!r} has no {name!r} any more: update the phase {phase!r}")
    setattr(owner, name, timed(phase, getattr(owner, name)))


wrap(checker.commands.common, "_plan", "config")
wrap(checker.commands.common, "_engine", "engine")  # with importing the rules
wrap(Engine, "load_knowledge", "packs")
wrap(Engine, "parse", "parse")
wrap(Engine, "lint", "rules")
wrap(checker.commands.check, "_render", "output")

gc.freeze()  # as checker.cli.run() does
gc.set_threshold(50_000, 20, 20)
sys.argv = ["cscheck", *sys.argv[1:]]
try:
    code = checker.cli._guarded(checker.cli.main)
except SystemExit as stop:  # a command that exits by itself
    code = stop.code if isinstance(stop.code, int) else 0
end = time.perf_counter()
result = {phase: round(seconds * 1000, 2) for phase, seconds in spent.items()}
result["imports"] = round((IMPORTED - START) * 1000, 2)
result["other"] = round((end - IMPORTED - sum(spent.values())) * 1000, 2)
result["in-process"] = round((end - START) * 1000, 2)
result["exit"] = code
Path(os.environ["CSCHECK_PHASES"]).write_text(json.dumps(result), encoding="utf-8")
