"""Look for inputs whose cost grows faster than their size: a randomized 1x/8x survey.

    python -m tests.growthsurvey --trials 1000 --seed 1

Each trial repeats a random unit of 1–4 hostile tokens (brackets, tags, comments, markers, known
errors, separators …) to ~2 KB and to 8 times that, lints both with every question preset on, and
compares the Python function calls (deterministic) and the time. Linear work gives ~8x; a unit
flagged here (calls over 14x, or time over 20x on a run long enough to measure) is worth a
profile, and once fixed, a case in tests/test_hostile.py. Timing is noisy on a busy machine:
re-measure a flagged unit before believing it.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path
from types import FrameType
from typing import Any

from checker.api import lint_text, make_engine
from checker.config_schema import validate_config
from checker.engine import Engine

TOKENS = [
    "![", "[", "]", "(", ")", "<", ">", "<a ", "<div>", "<!--", "-->", "`", "``", "*", "_", "~~", "\\", "&", "&#",
    ";", "#", "####💡 ", "\n", "\n\n", "> ", "- ", "1. ", "|", "---", "===", "```", "~~~", "<<<<<<< a", "=======",
    ">>>>>>> b", "https://", "www.", "a.md", "#x", " ", "\t", '"', "'", "=", "가", "질문?", "<summary>", "</summary>",
    "<details>", "[^1]", "]:", "{{", "}}", "%", "%2F", "../", "/", ":", "433", "HTTPS", "LAST_WAIT", "DNS(", "Q.",
    "A.", ". ", "e.g.", "\u2028", "\x0b",
]  # fmt: skip


def _cost(engine: Engine, text: str) -> tuple[int, float]:
    calls = 0

    def count(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(count)
    try:
        lint_text(text, engine)
    finally:
        sys.setprofile(None)
    start = time.perf_counter()
    lint_text(text, engine)
    return calls, time.perf_counter() - start


def survey(trials: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    presets = {"questions": {"presets": ["ssafy", "heading-question", "details", "bold-q"]}}
    engine = make_engine(validate_config(presets), root=Path(tempfile.mkdtemp(prefix="cscheck-survey-")))
    lint_text("# warm\n", engine)
    flagged = []
    for number in range(trials):
        unit = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 4)))
        repeat = max(1, 2000 // len(unit))
        (calls_1, seconds_1), (calls_8, seconds_8) = _cost(engine, unit * repeat), _cost(engine, unit * repeat * 8)
        call_ratio, time_ratio = calls_8 / max(calls_1, 1), seconds_8 / max(seconds_1, 1e-6)
        line = f"{number:5} {unit!r:42} calls x{call_ratio:5.1f}  time x{time_ratio:5.1f} ({seconds_8 * 1000:.0f} ms)"
        if call_ratio > 14 or (time_ratio > 20 and seconds_8 > 0.05):
            flagged.append(line)
            print(line + "  <- flagged", flush=True)
        elif number % 100 == 0:
            print(line, flush=True)
    return flagged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    flagged = survey(args.trials, args.seed)
    print(f"{args.trials} units, {len(flagged)} flagged")


if __name__ == "__main__":
    main()
