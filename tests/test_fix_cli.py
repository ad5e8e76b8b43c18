"""`cscheck fix` as pre-commit and a user drive it: exit codes, --diff, what is written."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

BROKEN = "####💡 TCP란?\r\n\r\n연결형\r\n"
FIXED = "#### 💡 TCP란?\r\n\r\n연결형\r\n"


def test_pre_commit_contract(cli: Callable[..., Result], in_tmp: Path) -> None:
    note = in_tmp / "a.md"
    note.write_bytes(BROKEN.encode())
    changed = cli("fix", "--lang", "en", "a.md")
    assert changed.exit_code == 1  # a file changed: pre-commit asks to re-stage
    assert note.read_bytes() == FIXED.encode()
    assert "a.md: fixed 1 (CS102), 0 remaining" in changed.stdout
    clean = cli("fix", "a.md")
    assert clean.exit_code == 0  # nothing changed, nothing remains
    (in_tmp / "b.md").write_text("#### 💡 빈 질문\n\n## 다음\n내용\n")
    remaining = cli("fix", "b.md")
    assert remaining.exit_code == 1  # findings remain that no fix can remove
    assert "CS201" in remaining.stdout


def test_diff_writes_nothing(cli: Callable[..., Result], in_tmp: Path) -> None:
    note = in_tmp / "a.md"
    note.write_bytes(BROKEN.encode())
    result = cli("fix", "--diff", "a.md")
    assert result.exit_code == 1
    assert note.read_bytes() == BROKEN.encode()
    assert b"--- a/a.md\n+++ b/a.md\n" in result.stdout_bytes
    assert "-####💡 TCP란?\r\n+#### 💡 TCP란?\r\n".encode() in result.stdout_bytes
    assert cli("fix", "--diff", "--exit-zero", "a.md").exit_code == 0


def test_diff_without_changes_exits_zero(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(FIXED)
    result = cli("fix", "--diff", "a.md")
    assert (result.exit_code, result.stdout.count("---")) == (0, 0)


def test_bom_mode_and_endings_survive(cli: Callable[..., Result], in_tmp: Path) -> None:
    note = in_tmp / "a.md"
    mixed = "intro\n####💡 질문\r\n\r\n답\rlast"
    note.write_bytes(b"\xef\xbb\xbf" + mixed.encode())
    note.chmod(0o640)
    assert cli("fix", "a.md").exit_code == 1
    assert note.read_bytes() == b"\xef\xbb\xbf" + "intro\n#### 💡 질문\r\n\r\n답\rlast".encode()
    assert note.stat().st_mode & 0o777 == 0o640


def test_unsafe_fixes_are_opt_in(cli: Callable[..., Result], in_tmp: Path) -> None:
    conflict = "<<<<<<< HEAD\n#### 💡 TCP란?\n연결형\n=======\n#### 💡 TCP란?\n>>>>>>> x\n"
    note = in_tmp / "a.md"
    note.write_text(conflict)
    safe = cli("fix", "--lang", "en", "a.md")
    assert safe.exit_code == 1 and note.read_text() == conflict
    assert "1 more fixable with `--unsafe-fixes`" in safe.stdout
    assert cli("fix", "--unsafe-fixes", "a.md").exit_code == 1
    assert note.read_text() == "#### 💡 TCP란?\n연결형\n"


def test_select_limits_which_rules_fix(cli: Callable[..., Result], in_tmp: Path) -> None:
    note = in_tmp / "a.md"
    note.write_text("####💡 TCP란?\n\n연결형\n")
    assert cli("fix", "--select", "CS101", "a.md").exit_code == 0
    assert note.read_text() == "####💡 TCP란?\n\n연결형\n"
    assert cli("fix", "--ignore", "broken-heading", "a.md").exit_code == 0
    assert note.read_text() == "####💡 TCP란?\n\n연결형\n"


def test_other_fixes_wait_while_a_conflict_remains(cli: Callable[..., Result], in_tmp: Path) -> None:
    conflict = "####💡 A?\n답\n<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> b\n"
    note = in_tmp / "a.md"
    note.write_text(conflict)
    assert cli("fix", "a.md").exit_code == 1
    assert note.read_text() == conflict


def test_stdin_prints_the_fixed_text(cli: Callable[..., Result], in_tmp: Path) -> None:
    result = cli("fix", "-", "--stdin-filename", "a.md", input=BROKEN)
    assert result.stdout_bytes == FIXED.encode()
    assert not (in_tmp / "a.md").exists()
    assert result.exit_code == 1


def test_json_after_fixing_lists_what_remains(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text("####💡 TCP란?\n\n연결형\n\n#### 💡 빈 질문\n\n## 다음\n내용\n")
    data = json.loads(cli("fix", "--output-format", "json", "a.md").stdout)
    assert [d["code"] for d in data["files"][0]["diagnostics"]] == ["CS201"]
    assert (in_tmp / "a.md").read_text().startswith("#### 💡 TCP란?")


def test_fix_that_would_add_a_finding_is_not_written(cli: Callable[..., Result], in_tmp: Path) -> None:
    """Adding the space would reveal a question without an answer (a new CS201): held back."""
    note = in_tmp / "a.md"
    note.write_text("####💡 TCP란?\n\n## 다음\n내용\n")
    result = cli("fix", "--lang", "en", "a.md")
    assert result.exit_code == 1
    assert note.read_text() == "####💡 TCP란?\n\n## 다음\n내용\n"
    assert "fix for CS102 broken-heading not applied: it would introduce new findings" in result.stderr


def test_fix_on_a_conflicted_file_says_why_it_was_left_alone(cli: Callable[..., Result], in_tmp: Path) -> None:
    conflict = "####💡 A?\n답\n<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> b\n"
    (in_tmp / "a.md").write_text(conflict)
    result = cli("fix", "--lang", "en", "a.md")
    assert result.exit_code == 1
    assert "a.md: left alone: it holds a merge conflict (line 3)" in result.stderr
    assert "`cscheck fix --unsafe-fixes`" in result.stderr and "CS102" in result.stderr
    assert "fixable with `cscheck fix`" not in result.stdout  # this run just refused them
    assert "more fixable with `--unsafe-fixes`" in result.stdout


def test_a_rule_raising_in_the_fix_loop_is_an_internal_error(
    cli: Callable[..., Result], in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rules.empty_answer import EmptyAnswer  # noqa: PLC0415

    def broken(self: object, doc: object, ctx: object) -> Iterator[object]:
        raise RuntimeError("boom")
        yield  # a generator, as rules are

    monkeypatch.setattr(EmptyAnswer, "check", broken)
    note = in_tmp / "a.md"
    note.write_bytes(BROKEN.encode())
    result = cli("fix", "--no-cache", "--lang", "en", "a.md")  # no traceback: catch_exceptions=False
    assert result.exit_code == 2  # as `check` exits on an internal error
    assert result.stderr.count("internal error in CS201 empty-answer: RuntimeError: boom") == 1
    assert note.read_bytes() == FIXED.encode()  # the other rules went on
