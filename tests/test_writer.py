from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from checker.writer import WriteRefused, remove_stale_temp_files, temp_path, write_atomic


def test_replaces_content_and_keeps_mode(tmp_path: Path) -> None:
    note = tmp_path / "a.md"
    note.write_bytes(b"old")
    note.chmod(0o640)
    write_atomic(note, b"new", expected=b"old")
    assert note.read_bytes() == b"new"
    assert stat.S_IMODE(note.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_refuses_when_the_file_changed_on_disk(tmp_path: Path) -> None:
    note = tmp_path / "a.md"
    note.write_bytes(b"edited meanwhile")
    with pytest.raises(WriteRefused, match="changed on disk"):
        write_atomic(note, b"new", expected=b"old")
    assert note.read_bytes() == b"edited meanwhile"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_symlink_inside_root_is_written_through(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_bytes(b"old")
    os.symlink("real.md", tmp_path / "link.md")
    write_atomic(tmp_path / "link.md", b"new", expected=b"old", root=tmp_path)
    assert (tmp_path / "real.md").read_bytes() == b"new"
    assert (tmp_path / "link.md").is_symlink()


def test_symlink_leaving_the_root_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_bytes(b"old")
    root = tmp_path / "repo"
    root.mkdir()
    os.symlink(outside, root / "link.md")
    with pytest.raises(WriteRefused, match="outside the root"):
        write_atomic(root / "link.md", b"new", expected=b"old", root=root)
    assert outside.read_bytes() == b"old"


def test_stale_temp_file_of_a_dead_process_is_removed(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    stale = tmp_path / f".a.md.cscheck-{int(dead.stdout)}.tmp"
    stale.write_bytes(b"half")
    live = temp_path(tmp_path / "b.md")  # this process is alive
    live.write_bytes(b"in progress")
    assert remove_stale_temp_files(tmp_path) == [stale]
    assert not stale.exists() and live.exists()
