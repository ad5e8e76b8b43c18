from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

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


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_stale_temp_file_of_a_dead_process_is_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dead = _dead_pid()
    monkeypatch.setattr(os, "getpid", lambda: dead)
    stale = temp_path(tmp_path / "a.md")  # the name the dead run wrote under
    monkeypatch.undo()
    stale.write_bytes(b"half")
    live = temp_path(tmp_path / "b.md")  # this process is alive
    live.write_bytes(b"in progress")
    assert remove_stale_temp_files(tmp_path) == [stale]
    assert not stale.exists() and live.exists()


@pytest.mark.parametrize(
    "name",
    [
        ".a.md.cscheck-99999999999999999999.tmp",  # F9: an absurd pid crashed `fix` (OverflowError)
        ".a.md.cscheck-999999.tmp",  # the old name format: a tracked file a pull request committed
        ".a.md.cscheck-999999-0123456789abcdef.tmp",  # the new format, with a token no key made
        ".a.md.cscheck-4294967296-0123456789abcdef.tmp",
    ],
)
def test_a_look_alike_temp_name_is_neither_a_crash_nor_deleted(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("keep me\n")
    assert remove_stale_temp_files(tmp_path) == []
    assert (tmp_path / name).read_text() == "keep me\n"


def test_fix_beside_a_look_alike_temp_file(cli: Callable[..., Result], in_tmp: Path) -> None:
    """Through the command line, as the `cscheck-fix` hook runs in a repository that commits one."""
    (in_tmp / "a.md").write_text("####💡 TCP란?\n\n연결형\n", encoding="utf-8")
    (in_tmp / ".a.md.cscheck-99999999999999999999.tmp").write_text("x")
    (in_tmp / ".notes.md.cscheck-999999.tmp").write_text("keep me\n")
    result = cli("fix", "--lang", "en", "a.md")
    assert result.exit_code == 1, result.output
    assert (in_tmp / "a.md").read_text(encoding="utf-8").startswith("#### 💡 TCP란?")
    assert (in_tmp / ".notes.md.cscheck-999999.tmp").read_text() == "keep me\n"
    assert (in_tmp / ".a.md.cscheck-99999999999999999999.tmp").exists()


def test_windows_never_probes_a_pid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows os.kill(pid, 0) ends the process: there a temp file is stale by age alone."""
    dead = _dead_pid()
    monkeypatch.setattr(os, "getpid", lambda: dead)
    young, old = temp_path(tmp_path / "a.md"), temp_path(tmp_path / "b.md")
    monkeypatch.undo()
    young.write_bytes(b"x")
    old.write_bytes(b"x")
    os.utime(old, (1, 1))

    def no_kill(*args: object) -> None:
        raise AssertionError("os.kill called on Windows")

    monkeypatch.setattr("checker.writer._WINDOWS", True)  # what os.name == "nt" sets
    monkeypatch.setattr(os, "kill", no_kill)
    assert remove_stale_temp_files(tmp_path) == [old]


def test_a_write_without_fchmod_keeps_the_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Python < 3.13 on Windows has no os.fchmod: `fix` crashed there and left its temp file."""
    note = tmp_path / "a.md"
    note.write_bytes(b"old")
    note.chmod(0o640)
    monkeypatch.delattr(os, "fchmod")
    write_atomic(note, b"new\r\n", expected=b"old")
    assert note.read_bytes() == b"new\r\n"
    assert stat.S_IMODE(note.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]
