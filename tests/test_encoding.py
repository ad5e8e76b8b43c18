"""Whatever the console says — a cp949 Windows code page, PYTHONIOENCODING=ascii, a C locale —
what cscheck writes for programs is UTF-8, and Korean on a cp949 terminal never raises."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NOTE = "# 네트워크\n\n#### 💡 HTTPS의 포트는?\n\n💡 HTTPS는 433번 포트를 사용한다. ![그림](없는.png)\n"


@pytest.fixture
def note(tmp_path: Path) -> Path:
    (tmp_path / "cscheck.toml").write_text('lang = "ko"\n')
    path = tmp_path / "노트.md"
    path.write_text(NOTE, encoding="utf-8")
    return path


def _env(encoding: str) -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": encoding, "LANG": "C", "LC_ALL": "C"}


@pytest.mark.parametrize("encoding", ["cp949", "ascii", "latin-1"])
@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "markdown", "github", "text"])
def test_a_pipe_gets_utf8_whatever_the_console_encoding(note: Path, encoding: str, fmt: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "checker", "check", "--no-cache", "--output-format", fmt, note.name],
        cwd=note.parent,
        env=_env(encoding),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    text = done.stdout.decode("utf-8")  # raises if it is not UTF-8
    if fmt == "sarif":  # URIs are percent-encoded; the rest is UTF-8 JSON
        assert "%EB%85%B8%ED%8A%B8.md" in text
    else:
        assert "노트.md" in text and ("포트" in text or (fmt == "junit" and "CS501" in text))
    assert b"\r\n" not in done.stdout
    if fmt in ("json", "sarif"):
        json.loads(text)


@pytest.mark.parametrize("command", [["check"], ["fix", "--diff"], ["report"]])
def test_output_file_is_utf8_bytes(note: Path, command: list[str]) -> None:
    target = note.parent / "out.txt"
    fmt = ["--output-format", "markdown"]
    done = subprocess.run(
        [sys.executable, "-m", "checker", *command, "--no-cache", *fmt, "--output-file", "out.txt", note.name],
        cwd=note.parent,
        env=_env("ascii"),
        capture_output=True,
        check=False,
    )
    assert "Traceback" not in done.stderr.decode("utf-8", "replace")
    if command[0] != "fix":
        assert done.stdout == b""
        assert "노트.md" in target.read_bytes().decode("utf-8")


def test_an_unwritable_output_file_is_one_line_and_exit_2(note: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "checker", "check", "--no-cache", "--output-file", "no/such/folder/out.json", note.name],
        cwd=note.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].startswith("cscheck: error: no/such/folder/out.json: cannot write")


@pytest.mark.skipif(os.name == "nt", reason="a pseudo-terminal is POSIX (the Windows console path is the same code)")
def test_a_cp949_terminal_shows_korean_and_never_raises(note: Path) -> None:
    """A Korean Windows console: cp949 has Hangul but no 💡, which becomes an escape."""
    import pty  # noqa: PLC0415 — POSIX only

    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal on both standard streams
        os.chdir(note.parent)
        os.execve(
            sys.executable, [sys.executable, "-m", "checker", "check", "--no-cache", "--color", "never", note.name], _env("cp949")
        )
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    output = b"".join(chunks).decode("cp949")
    assert os.waitstatus_to_exitcode(status) == 1, output
    assert "Traceback" not in output
    assert "포트" in output and "\\U0001f4a1" in output


def test_korean_notes_get_korean_messages_without_a_korean_locale(note: Path) -> None:
    """A GitHub runner or a Windows console has no Korean LANG: the notes decide (no --lang, no `lang`)."""
    (note.parent / "cscheck.toml").write_text("")
    english = note.parent / "english.md"
    english.write_text("# Notes\n\n![a](missing.png)\n")

    def summary(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "checker", "check", "--no-cache", *args],
            cwd=note.parent,
            env=_env("utf-8"),
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        return done.stdout

    assert "문제 2개를 찾았습니다" in summary(note.name)
    assert "Found 1 problem" in summary(english.name)
    assert "Found 2 problems" in summary("--lang", "en", note.name)
