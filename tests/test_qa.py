"""The question/answer model and its place in the JSON output."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from checker.config import QuestionsConfig
from checker.document import Document
from checker.qa import questions_of
from checker.questions import normalize_question
from tests.conftest import shared

NOTES = (
    "## [TCP와 UDP](#tcp와-udp-답변)\n"
    "#### 💡 TCP와 UDP의 차이는?\n"
    "\n"
    "TCP는 연결형\n"
    "\n"
    "#### 💡 3-way handshake?\n"
    "\n"
    "## HTTP\n"
    "#### 💡 HTTP란?\n"
    "```\n응용 계층 프로토콜\n```\n"
)


def test_model_fields() -> None:
    model = questions_of(Document.from_text(NOTES), QuestionsConfig())
    found = [(q.text, q.line, q.answered, q.section) for q in model.questions]
    assert found == [
        ("TCP와 UDP의 차이는?", 1, True, "TCP와 UDP"),
        ("3-way handshake?", 5, False, "TCP와 UDP"),
        ("HTTP란?", 8, True, "HTTP"),
    ]
    assert not model.is_question_list


def test_model_is_computed_once_per_document() -> None:
    doc = Document.from_text(NOTES)
    assert questions_of(doc, QuestionsConfig()) is questions_of(doc, QuestionsConfig())


def test_normalization() -> None:
    assert normalize_question("💡  게이트웨이란?  ") == normalize_question("게이트웨이란")
    assert normalize_question("응답속도를 개선할 수 있는가요") == normalize_question("응답속도를 개선할 수 있는가?")
    assert normalize_question("e\u0301") == normalize_question("\u00e9")


def test_questions_in_json(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "n.md").write_text(NOTES, encoding="utf-8")
    data = json.loads(cli("check", "--output-format", "json", "n.md").stdout)
    assert data["files"][0]["questions"] == [
        {"text": "TCP와 UDP의 차이는?", "line": 2, "answered": True, "section": "TCP와 UDP"},
        {"text": "3-way handshake?", "line": 6, "answered": False, "section": "TCP와 UDP"},
        {"text": "HTTP란?", "line": 9, "answered": True, "section": "HTTP"},
    ]


def _codes(cli: Callable[..., Result], path: Path) -> list[tuple[str, int]]:
    data = json.loads(cli("check", "--output-format", "json", "--select", "CS1,CS2", str(path)).stdout)
    return [(d["code"], d["line"]) for d in data["files"][0]["diagnostics"]]


def test_seed_expectations(cli: Callable[..., Result]) -> None:
    seed = shared("seed", "000_0f84ac28c29cdedc.md")
    # One CS201 (line 53) and one CS102 (the <del> line 35); nothing for the 23 bare questions on
    # the conflict's other side (lines 417-444), hidden by the ours view.
    assert _codes(cli, seed) == [("CS102", 35), ("CS201", 53), ("CS101", 205)]


def test_ssafy_network_readme(cli: Callable[..., Result]) -> None:
    readme = shared("corpus-dev", "SSAFY-CS-STUDY__Tech_interview", "01.network", "README.md")
    found = _codes(cli, readme)
    # The index at the top is answered below; the two advanced questions at the end never are.
    assert ("CS201", 368) in found and ("CS201", 370) in found
    assert not [line for code, line in found if code == "CS201" and line < 100]


def test_callouts_of_another_repo_are_no_questions() -> None:
    folder = shared("corpus-dev", "techInterview-study__Tech_Interview_for_Beginner")
    texts = []
    for path in folder.rglob("*.md"):
        doc = Document.from_text(path.read_text(encoding="utf-8"))
        texts.extend(q.text for q in questions_of(doc, QuestionsConfig()).questions)
    assert "결론" not in texts
    assert not [t for t in texts if t.startswith(("3.2.1", "(case"))]


def test_every_question_style_is_declared_once() -> None:
    """The config schema's presets and the hint's list of styles are the same list."""
    from typing import get_args  # noqa: PLC0415

    from checker.config_schema import QuestionPreset  # noqa: PLC0415
    from checker.question_styles import PRESETS  # noqa: PLC0415

    assert get_args(QuestionPreset) == PRESETS


def test_a_run_that_finds_no_question_says_which_style_would(cli: Callable[..., Result], in_tmp: Path) -> None:
    """Issue 18: the default style finds none in most non-SSAFY repositories, and said nothing."""
    (in_tmp / ".git").mkdir()
    for number in range(6):
        (in_tmp / f"n{number}.md").write_text(
            f"# 주제 {number}\n\n## TCP란 무엇인가요?\n\n연결형입니다.\n\n## UDP와 다른 점은?\n\n비연결형입니다.\n", encoding="utf-8"
        )
    for command in ("check", "report"):
        result = cli(command, "--lang", "en", ".")
        hints = [line for line in result.stderr.splitlines() if "question styles in use" in line]
        assert hints == [
            "cscheck: warning: the question styles in use (ssafy) found no question in 6 notes; heading-question "
            'finds 12 in 6 of them: add `[questions] presets = ["heading-question"]` to the config.'
        ], command
    assert "질문 12개를 찾습니다" in cli("check", "--lang", "ko", ".").stderr
    # with the style configured, or in a run of a few notes (a pre-commit run), nothing is said
    assert "question styles" not in cli("check", "--lang", "en", "n1.md", "n2.md").stderr
    (in_tmp / "cscheck.toml").write_text('[questions]\npresets = ["heading-question"]\n')
    assert "question styles" not in cli("check", "--lang", "en", ".").stderr


def test_a_warm_run_says_the_style_hint_without_parsing_a_note(
    cli: Callable[..., Result], in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 21: the hint read five to twenty notes again on every warm run (~0.1 s); what each
    sampled note holds is now kept in the cache by digest, and a changed note is read again."""
    from checker.engine import Engine  # noqa: PLC0415

    (in_tmp / ".git").mkdir()
    for number in range(6):
        (in_tmp / f"n{number}.md").write_text(f"# 주제 {number}\n\n## TCP란 무엇인가요?\n\n연결형입니다.\n", encoding="utf-8")
    first = cli("check", "--lang", "en", ".").stderr
    assert "heading-question finds 6 in 6 of them" in first
    parsed: list[Path | None] = []
    parse = Engine.parse

    def counting(self: Engine, source: object, path: Path | None) -> object:
        parsed.append(path)
        return parse(self, source, path)  # type: ignore[arg-type]

    monkeypatch.setattr(Engine, "parse", counting)
    assert cli("check", "--lang", "en", ".").stderr == first
    assert parsed == []
    (in_tmp / "n0.md").write_text("# 주제\n\n## TCP란?\n\n가\n\n## UDP란?\n\n나\n", encoding="utf-8")
    assert "heading-question finds 7 in 6 of them" in cli("check", "--lang", "en", ".").stderr
    assert [p.name for p in parsed if p is not None] == ["n0.md", "n0.md"]  # checked, then sampled once
