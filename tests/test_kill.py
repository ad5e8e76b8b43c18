"""Fixing survives being killed, and two runs at once corrupt nothing (see tests/killharness.py)."""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from pathlib import Path

from tests import killharness

TRIALS = int(os.environ.get("CSCHECK_KILL_TRIALS", "20"))


def test_killed_fix_leaves_every_file_old_or_new(tmp_path: Path) -> None:
    stats: Counter[str] = Counter()
    problems = killharness.run(TRIALS, tmp_path / "notes", count=30, seed=20261128, stats=stats)
    assert problems == []
    assert stats["killed"] > 0, stats  # the kills landed while runs were still working


def test_two_fix_runs_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    expectation = killharness.expected(folder, 30)
    for _ in range(3):
        for path, data in expectation.old.items():
            path.write_bytes(data)
        children = [
            subprocess.Popen(
                [*killharness.FIX, str(folder)], cwd=killharness.REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
            for _ in range(2)
        ]
        codes = [child.wait() for child in children]
        # 1: it fixed files; 2: a write refused because the other run got there first; 0: it
        # started after the other had fixed everything (a fixed note has nothing left to fail)
        assert set(codes) <= {0, 1, 2}, codes
        assert killharness.check_files(folder, expectation) == []
        assert any(path.read_bytes() == expectation.new[path] for path in expectation.old), "nothing was fixed"
        assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert killharness.finish(folder, expectation) == []
