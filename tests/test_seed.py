"""The seed document and the real notes of ../shared (skipped where ../shared is absent)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.conftest import REPO, shared


def _json(cli: Callable[..., Result], *args: str) -> tuple[int, dict[str, object]]:
    result = cli("check", "--output-format", "json", "--lang", "en", *args)
    return result.exit_code, json.loads(result.stdout)


def test_seed_has_one_conflict_spanning_205_to_447(cli: Callable[..., Result]) -> None:
    seed = shared("seed", "000_0f84ac28c29cdedc.md")
    exit_code, data = _json(cli, "--select", "CS101", str(seed))
    assert exit_code == 1
    files = data["files"]
    assert isinstance(files, list)
    (finding,) = files[0]["diagnostics"]
    assert (finding["code"], finding["line"], finding["end_line"]) == ("CS101", 205, 447)
    assert "`HEAD` (lines 206–415) vs `9e5c616` (lines 417–446)" in finding["message"]


def test_conflict_specimens_are_found(cli: Callable[..., Result]) -> None:
    folder = shared("corpus-dev", "_conflicts")
    _, data = _json(cli, "--select", "CS101", str(folder))
    files = data["files"]
    assert isinstance(files, list)
    found = {Path(f["path"]).name: [(d["line"], d["end_line"]) for d in f["diagnostics"]] for f in files}
    assert found == {
        "JaeYeopHan__Interview_Question_for_Beginner__16631f8__JavaScript__README.md": [(299, 325)],
        "Seogeurim__CS-study__7ee0276__contents__operating-system__README.md": [(499, 503), (508, 512)],
    }


def test_nested_conflict_fixture(cli: Callable[..., Result]) -> None:
    _, data = _json(cli, "--select", "CS101", str(REPO / "tests" / "fixtures" / "conflicts" / "nested.md"))
    files = data["files"]
    assert isinstance(files, list)
    lines = [(d["line"], d["end_line"], "nested" in d["message"]) for d in files[0]["diagnostics"]]
    assert lines == [(5, 14, False), (7, 11, True)]


def test_whole_corpus_runs_without_a_crash() -> None:
    corpus = shared("corpus-dev")
    done = subprocess.run(
        [sys.executable, "-m", "checker", "check", "--output-format", "json", "--lang", "en", str(corpus)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    data = json.loads(done.stdout)
    assert data["summary"]["files"] >= 180
