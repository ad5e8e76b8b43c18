"""What CS501/CS502 add to a run: all of corpus-train checked with and without them.

    python bench/knowledge/cost.py                 # 5 pairs of runs over ../shared/corpus-train
    python bench/knowledge/cost.py --runs 7 DIR…   # other trees, more pairs

Each run is ``cscheck check --no-cache --jobs 1`` in a process of its own (the console script's
entry point, so its garbage-collector settings apply), timed by the CPU it used (user + system,
from ``wait4``): a wall clock on a shared machine measures the neighbours too. The runs with and
without ``--ignore CS501,CS502`` alternate, so a slow minute slows both; the figure is the median
of the pairs' ratios, beside the medians of each. Issue 22 asks for ≤ 1.3 ×.

It is a benchmark, not a test: nothing here asserts a figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
SHARED = REPO.parent / "shared"
# The console script's own entry point, run from this checkout whatever is installed.
ENTRY = "import sys; from checker.cli import run; sys.argv[0] = 'cscheck'; run()"


def cpu_seconds(trees: list[str], extra: list[str]) -> float:
    """User + system CPU of one ``cscheck check`` over *trees* (its output thrown away)."""
    child = subprocess.Popen(
        [sys.executable, "-c", ENTRY, "check", "--no-cache", "--jobs", "1", "--quiet", *extra, *trees],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        cwd=REPO.parent,  # no .cscheck.toml of this repository applies
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"cscheck failed (exit {os.waitstatus_to_exitcode(status)}) on {' '.join(trees)}")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("trees", nargs="*", help="what to check (default: ../shared/corpus-train)")
    parser.add_argument("--runs", type=int, default=5, help="pairs of runs (default 5)")
    args = parser.parse_args()
    trees = args.trees or [str(SHARED / "corpus-train")]
    missing = [tree for tree in trees if not Path(tree).is_dir()]
    if missing:
        sys.exit(f"not a directory: {', '.join(missing)} (the corpora live in ../shared)")
    with_cs5: list[float] = []
    without: list[float] = []
    for run in range(1, args.runs + 1):
        with_cs5.append(cpu_seconds(trees, []))
        without.append(cpu_seconds(trees, ["--ignore", "CS501,CS502"]))
        print(f"pair {run}: with {with_cs5[-1]:.2f} s, without {without[-1]:.2f} s", file=sys.stderr)
    ratio = statistics.median(w / wo for w, wo in zip(with_cs5, without, strict=True))
    medians = f"with CS5xx {statistics.median(with_cs5):.2f} s, without {statistics.median(without):.2f} s"
    print(f"CPU, medians of {args.runs}: {medians}")
    print(f"with / without, median of the pairs: {ratio:.3f} x (issue 22: <= 1.3 x)")


if __name__ == "__main__":
    main()
