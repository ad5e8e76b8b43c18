from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.rules._file_cases import check_json, codes


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_no_permission(cli: Callable[..., Result], in_tmp: Path) -> None:
    note = in_tmp / "secret.md"
    note.write_text("# x\n")
    note.chmod(0)
    try:
        exit_code, data = check_json(cli, "secret.md")
    finally:
        note.chmod(0o644)
    assert exit_code == 1
    assert codes(data) == {"secret.md": ["CS003"]}


def test_folder_named_like_a_note(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "x.md").mkdir()
    (in_tmp / "x.md" / "inner.md").write_text("# ok\n")
    exit_code, data = check_json(cli, "x.md")
    # A folder named on the command line is walked like any folder.
    assert (exit_code, codes(data)) == (0, {"x.md/inner.md": []})


def test_symlink_loop(cli: Callable[..., Result], in_tmp: Path) -> None:
    os.symlink("b.md", in_tmp / "a.md")
    os.symlink("a.md", in_tmp / "b.md")
    exit_code, data = check_json(cli, "a.md")
    assert exit_code == 1
    assert codes(data) == {"a.md": ["CS003"]}
    assert "cannot read" in data["files"][0]["diagnostics"][0]["message"]


def test_dangling_symlink(cli: Callable[..., Result], in_tmp: Path) -> None:
    os.symlink("missing.md", in_tmp / "gone.md")
    assert codes(check_json(cli, "gone.md")[1]) == {"gone.md": ["CS003"]}


def test_fifo_named_on_the_command_line(cli: Callable[..., Result], in_tmp: Path) -> None:
    os.mkfifo(in_tmp / "pipe.md")
    exit_code, data = check_json(cli, "pipe.md")
    assert exit_code == 1
    assert codes(data) == {"pipe.md": ["CS003"]}
    assert "not a regular file" in data["files"][0]["diagnostics"][0]["message"]
