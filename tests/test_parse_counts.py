"""How often a run parses: a fixed note twice (the check is the fix loop's first pass, then the
re-lint of the fixed text), and each link's destination once per lint, whichever rules read it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from checker import destination, links
from checker.api import lint_text, make_engine
from checker.document import Document
from checker.rule import Context

BROKEN = "####💡 TCP란?\n\n연결형: [RFC](https://www.rfc-editor.org/rfc/rfc9293)\n"
FIXED = "#### 💡 TCP란?\n\n연결형: [RFC](https://www.rfc-editor.org/rfc/rfc9293)\n"


def _count_documents(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    parsed: list[Path | None] = []
    original = Document.__init__

    def counting(self: Document, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        parsed.append(self.path)

    monkeypatch.setattr(Document, "__init__", counting)
    return parsed


def test_fixing_a_note_with_one_fix_parses_it_twice(
    cli: Callable[..., Result], in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = in_tmp / "a.md"
    note.write_text(BROKEN, encoding="utf-8")
    parsed = _count_documents(monkeypatch)
    result = cli("fix", "--no-cache", "--lang", "en", "a.md")
    assert result.exit_code == 1, result.output  # a file changed
    assert note.read_text(encoding="utf-8") == FIXED
    assert len(parsed) == 2  # the check, and the re-lint of the fixed text (was 4)


def test_fixing_notes_without_a_fix_parses_each_once(
    cli: Callable[..., Result], in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (in_tmp / "a.md").write_text("#### 💡 빈 질문\n\n## 다음\n내용\n", encoding="utf-8")
    (in_tmp / "b.md").write_text("# 제목\n\n본문.\n", encoding="utf-8")
    parsed = _count_documents(monkeypatch)
    result = cli("fix", "--no-cache", "a.md", "b.md")
    assert "CS201" in result.stdout
    assert len(parsed) == 2  # no fix to apply: the check's findings stand


def test_each_destination_is_parsed_once_per_lint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# 다른 노트\n\n## 절\n", encoding="utf-8")
    (tmp_path / "그림.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    note = (
        "# 노트\n\n## 질문\n\n"
        "[절](other.md#절) [없는 절](other.md#없음) [위](#질문) ![그림](그림.png)\n"
        '<img src="그림.png"> <https://example.com> [참고][ref]\n\n'
        "[ref]: https://www.rfc-editor.org/rfc/rfc9110\n"
    )
    calls: list[str] = []
    original = destination.parse_destination

    def counting(raw: str, start: int, *, html: bool) -> destination.Destination:
        calls.append(raw)
        return original(raw, start, html=html)

    for module in list(sys.modules.values()):
        name = getattr(module, "__name__", "")
        if name.startswith(("checker", "rules")) and getattr(module, "parse_destination", None) is original:
            monkeypatch.setattr(module, "parse_destination", counting)
    engine = make_engine(root=tmp_path)
    found = lint_text(note, engine, path="note.md")
    assert [d.code for d in found if d.code.startswith("CS4")] == ["CS403"]  # other.md#없음: another note's
    links = Document.from_text(note).links
    assert len(links) == 7
    assert len(calls) == 2 * len(links)  # one lint and the Document above: once per link each


def test_a_link_into_another_note_is_resolved_once_per_lint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """CS302, CS304, CS402 and CS403 all ask where `other.md` is: the walk is done once."""
    (tmp_path / "other.md").write_text("# 다른 노트\n\n## 절\n", encoding="utf-8")
    walked: list[str] = []
    original = links._resolve

    def counting(dest: destination.Destination, folder: Path, ctx: Context) -> links.Resolution:
        walked.append(dest.path)
        return original(dest, folder, ctx)

    monkeypatch.setattr(links, "_resolve", counting)
    engine = make_engine(root=tmp_path)
    note = "# 노트\n\n[절](other.md#절) [없는 절](other.md#없음) [그 노트](other.md)\n"
    found = lint_text(note, engine, path="note.md")
    assert [d.code for d in found] == ["CS403"]
    assert walked == ["other.md"]
    lint_text(note, engine, path="note.md")  # the next note's check records its own look-ups
    assert walked == ["other.md", "other.md"]
