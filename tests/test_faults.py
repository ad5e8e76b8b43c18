"""Faults while `cscheck fix` writes: a full disk leaves every note intact and says so in one line.

A full disk is simulated by patching the writer's system calls (CI cannot mount a small tmpfs):
``os.write`` fails after writing part of the new bytes, or ``os.fsync`` or ``os.replace`` fails,
with ENOSPC (or EDQUOT, a full quota) — only for one note's temp file, so the test also sees the
other notes being fixed. (A real 64 KiB tmpfs, filled up, behaves the same: see README,
Reliability.) Being killed at any moment is tests/test_kill.py.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from checker import engine as engine_module

BROKEN = "####💡 TCP란?\n\n" + "연결형 " * 2000 + "\n"
FIXED = "#### 💡 TCP란?\n\n" + "연결형 " * 2000 + "\n"


def _for_victim(path: object) -> bool:
    return ".victim.md.cscheck-" in os.fsdecode(path)  # type: ignore[arg-type]


def _fd_is_victim(descriptor: int) -> bool:
    try:
        return _for_victim(os.readlink(f"/proc/self/fd/{descriptor}"))
    except OSError:
        return False


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
@pytest.mark.parametrize("where", ["write", "fsync", "replace", "open"])
def test_a_full_disk_leaves_the_note_intact(cli: Callable[..., Result], in_tmp: Path, where: str, code: int) -> None:
    if where in ("write", "fsync") and not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell the temp file's descriptor")
    for name in ("victim.md", "other.md"):
        (in_tmp / name).write_text(BROKEN, encoding="utf-8")
    original = (in_tmp / "victim.md").read_bytes()
    full = OSError(code, os.strerror(code))
    real: dict[str, Any] = {name: getattr(os, name) for name in ("write", "fsync", "replace", "open")}

    def write(descriptor: int, data: Any) -> int:
        if _fd_is_victim(descriptor):
            real["write"](descriptor, bytes(data)[:100])  # part of it lands, then the disk is full
            raise full
        return int(real["write"](descriptor, data))

    def fsync(descriptor: int) -> None:
        if _fd_is_victim(descriptor):
            raise full
        real["fsync"](descriptor)

    def replace(source: Any, target: Any, **kwargs: Any) -> None:
        if _for_victim(source):
            raise full
        real["replace"](source, target, **kwargs)

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if _for_victim(path):
            raise full
        return int(real["open"](path, flags, *args, **kwargs))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, where, {"write": write, "fsync": fsync, "replace": replace, "open": open_}[where])
        result = cli("fix", "--lang", "en", "--no-cache", "victim.md", "other.md")
    assert result.exit_code == 2
    assert [line for line in result.stderr.splitlines() if line] == [
        f"cscheck: error: victim.md: not written: {os.strerror(code)}"
    ]
    assert (in_tmp / "victim.md").read_bytes() == original
    assert (in_tmp / "other.md").read_text(encoding="utf-8") == FIXED  # the other note is still fixed
    assert sorted(p.name for p in in_tmp.iterdir()) == ["other.md", "victim.md"]  # no temp file left
    # reported as it is: still broken, not "fixed"
    assert "victim.md:1:1: CS102" in result.stdout and "other.md:1:1" not in result.stdout
    again = cli("fix", "--lang", "en", "--no-cache", "victim.md")
    assert again.exit_code == 1 and (in_tmp / "victim.md").read_text(encoding="utf-8") == FIXED


@pytest.mark.skipif(sys.platform != "linux", reason="cscheck starts worker processes on Linux only")
def test_a_worker_that_dies_does_not_end_the_run(
    cli: Callable[..., Result], in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker killed for memory (or crashing) raised BrokenProcessPool through the command line:
    a traceback, exit 1, no report. What is left is now checked in the main process."""
    parent = os.getpid()
    check_file = engine_module.Engine.check_file

    def dying(self: Any, path: Path, display: str) -> Any:
        if path.name == "n17.md" and os.getpid() != parent:
            os._exit(137)  # as the kernel's OOM killer would end it
        return check_file(self, path, display)

    monkeypatch.setattr(engine_module.Engine, "check_file", dying)
    for number in range(40):
        (in_tmp / f"n{number}.md").write_text(f"# {number}\n\n[x](missing.md)\n", encoding="utf-8")
    result = cli("check", "--lang", "en", "--no-cache", "--jobs", "2", "--output-format", "json", ".")
    assert result.exit_code == 1
    assert "a worker process died; checking" in result.stderr
    files = json.loads(result.stdout)["files"]
    assert len(files) == 40 and all([d["code"] for d in f["diagnostics"]] == ["CS302"] for f in files)
