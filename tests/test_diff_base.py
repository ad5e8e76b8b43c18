"""`--diff-base REF`: only what a change brought — on the lines it changed, and what it broke elsewhere."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import require_tool


def _git(folder: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}  # fmt: skip
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def repo(in_tmp: Path) -> Path:
    require_tool("git")
    (in_tmp / "net.md").write_text("# 네트워크\n\n## TCP 정리\n\n![옛 그림](old.png)\n", encoding="utf-8")
    (in_tmp / "index.md").write_text("# 목차\n\n[TCP](net.md#tcp-정리)\n", encoding="utf-8")
    _git(in_tmp, "init", "-q")
    _git(in_tmp, "add", "-A")
    _git(in_tmp, "commit", "-qm", "notes")
    return in_tmp


def _found(result: Result) -> list[tuple[str, str, int]]:
    return [(f["path"], d["code"], d["line"]) for f in json.loads(result.stdout)["files"] for d in f["diagnostics"]]


def test_only_what_the_change_brought(cli: Callable[..., Result], repo: Path) -> None:
    # the change: a line above the old broken image, a new broken image, and the heading renamed
    (repo / "net.md").write_text("# 네트워크\n\n새 문단.\n\n## TCP 요약\n\n![옛 그림](old.png)\n![새 그림](new.png)\n", encoding="utf-8")
    everything = cli("check", "--lang", "en", "--output-format", "json", ".")
    assert ("net.md", "CS301", 7) in _found(everything)
    result = cli("check", "--lang", "en", "--output-format", "json", "--diff-base", "HEAD", ".")
    assert result.exit_code == 1
    # the new image, and the link the rename broke in a note the change did not touch
    assert _found(result) == [("index.md", "CS403", 3), ("net.md", "CS301", 8)]
    assert "left out: the notes had them at HEAD" in result.stderr


def test_nothing_new_passes(cli: Callable[..., Result], repo: Path) -> None:
    assert cli("check", ".").exit_code == 1
    assert cli("check", "--diff-base", "HEAD", ".").exit_code == 0
    assert cli("check", "--diff-base", "HEAD", "net.md").exit_code == 0  # as pre-commit names files


def test_fix_leaves_what_was_there_at_the_base(cli: Callable[..., Result], repo: Path) -> None:
    (repo / "old.md").write_text("####💡 옛 질문?\n\n답\n", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "old")
    (repo / "old.md").write_text("####💡 옛 질문?\n\n답\n\n####💡 새 질문?\n\n새 답\n", encoding="utf-8")
    assert cli("fix", "--diff-base", "HEAD", "old.md").exit_code == 1
    assert (repo / "old.md").read_text(encoding="utf-8") == "####💡 옛 질문?\n\n답\n\n#### 💡 새 질문?\n\n새 답\n"


def test_an_unknown_ref_is_one_line_and_exit_2(cli: Callable[..., Result], repo: Path) -> None:
    result = cli("check", "--diff-base", "no-such-branch", ".")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"cscheck: error: --diff-base no-such-branch: not a commit git knows in {repo}"
    ]
