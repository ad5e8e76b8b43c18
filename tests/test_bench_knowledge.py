"""bench/knowledge: its data parses, run.py and cost.py run (the figures themselves are not tested)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SHARED, shared

RUN = REPO / "bench" / "knowledge" / "run.py"


def test_the_benchmark_data_parses() -> None:
    done = subprocess.run([sys.executable, str(RUN), "--check-data"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "wrong statements from" in done.stdout
    assert "held back:" in done.stdout


def test_run_py_runs_on_a_few_files() -> None:
    shared("corpus-train")  # skips with a reason when ../shared is absent (a user's checkout)
    command = [sys.executable, str(RUN), "--shared", str(SHARED), "--limit", "3"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "held-back repositories" in done.stdout
    assert "precision" in done.stdout


def test_cost_py_times_one_pair_on_a_small_tree(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text("#### 💡 HTTPS의 포트는?\n\nHTTPS는 433번 포트를 쓴다.\n", encoding="utf-8")
    command = [sys.executable, str(REPO / "bench" / "knowledge" / "cost.py"), "--runs", "1", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "pair 1: with" in done.stderr
    assert "with / without, median of the pairs:" in done.stdout
