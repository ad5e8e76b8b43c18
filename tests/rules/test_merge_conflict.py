from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.api import fix_text, lint_text, make_engine
from checker.config import Config
from checker.document import Document
from tests.conftest import REPO, shared

RULE = "merge-conflict"
ROOT = Path(tempfile.mkdtemp(prefix="cscheck-conflicts-"))


def test_block_spans_from_first_marker_to_last(tmp_path: Path) -> None:
    text = "x\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> y\nz\n"
    (finding,) = lint_text(text, make_engine(root=tmp_path, select=[RULE]))
    assert finding.location is not None
    assert (finding.location.line, finding.location.end_line, finding.location.end_column) == (2, 6, 10)


def test_other_rules_see_only_our_side(tmp_path: Path) -> None:
    """The ours view: theirs-side headings vanish, offsets stay those of the file."""
    text = "<<<<<<< HEAD\n# 우리\n=======\n# 그쪽\n>>>>>>> x\n# 끝\n"
    doc = Document.from_text(text)
    assert [h.text for h in doc.headings] == ["우리", "끝"]
    assert len(doc.text) == len(text)
    assert doc.headings[1].line == 5


Q1, Q2, Q3 = "#### 💡 TCP란?", "#### 💡 UDP란?", "#### 💡 HTTP란?"


def test_seed_resolution(tmp_path: Path, cli: Callable[..., Result]) -> None:
    """The seed resolves to its ours side plus the other side's footer: lines 1-204, 206-415, 445-446."""
    seed = shared("seed", "000_0f84ac28c29cdedc.md")
    lines = seed.read_text(encoding="utf-8").split("\n")
    note = tmp_path / "seed.md"
    note.write_bytes(seed.read_bytes())
    result = cli("fix", "--unsafe-fixes", "--select", "CS101", "--lang", "en", str(note))
    assert result.exit_code == 1  # a file changed: pre-commit asks to re-stage
    expected = "\n".join(lines[0:204] + lines[205:415] + lines[444:446]) + "\n"
    assert note.read_text(encoding="utf-8") == expected
    assert expected.count("\n") == 416


def test_specimen(tmp_path: Path) -> None:
    """tests/fixtures/specimens/conflict.md: one block from line 9 to line 31; the unsafe fix
    keeps the answered side, drops the bare copies and keeps the question only theirs has."""
    text = (REPO / "tests" / "fixtures" / "specimens" / "conflict.md").read_text(encoding="utf-8")
    engine = make_engine(root=tmp_path, select=[RULE])
    (finding,) = lint_text(text, engine)
    assert finding.location is not None
    assert (finding.location.line, finding.location.end_line) == (9, 31)
    fixed = fix_text(text, engine, unsafe=True).final.raw
    assert "<<<<<<<" not in fixed and ">>>>>>>" not in fixed
    lines = text.split("\n")
    assert lines[29] in fixed  # line 30: the bare question only their side asked
    assert fixed.count(lines[9]) == 1


# -- property: resolving loses nothing and moves no answer ----------------------------------------

_ANSWER_PARTS = st.sampled_from(
    [
        "연결형이다.",
        "신뢰성 있는 전송.",
        "```java\nclass A {}\n```",
        "```\n평문 답변\n```",
        "![그림](img/a.png)",
        "![그림](img/b.png)",
        "[RFC](https://e.com/a)",
        "[RFC](https://e.com/b)",
        "<details><summary>더보기</summary>\n\n내용\n\n</details>",
        "- 항목 하나\n- 항목 둘",
    ]
)
_QUESTIONS = ["#### 💡 TCP란?", "#### 💡 UDP란?", "#### 💡 HTTP란?", "#### 💡 DNS란?"]


@st.composite
def _side(draw: st.DrawFn) -> list[tuple[str, list[str]]]:
    """A side: some of the questions, in order, each bare or with an answer of a few parts."""
    chosen = draw(st.lists(st.sampled_from(_QUESTIONS), unique=True, max_size=4))
    order = sorted(chosen, key=_QUESTIONS.index) if draw(st.booleans()) else chosen
    return [(q, draw(st.lists(_ANSWER_PARTS, max_size=3))) for q in order]


def _render(side: list[tuple[str, list[str]]]) -> str:
    return "".join(f"{q}\n\n" + "".join(f"{part}\n\n" for part in parts) for q, parts in side)


def _answers(text: str) -> dict[str, list[str]]:
    """Each question's answer lines (non-blank, whitespace collapsed)."""
    found: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.split("\n"):
        if line in _QUESTIONS:
            current = line
            found[current] = []
        elif current is not None and line.strip():
            found[current].append(" ".join(line.split()))
    return found


@settings(max_examples=int(os.environ.get("CSCHECK_EXAMPLES", "300")), deadline=None)
@given(ours=_side(), theirs=_side(), base=st.one_of(st.none(), _side()))
def test_resolution_loses_nothing_and_moves_no_answer(
    ours: list[tuple[str, list[str]]], theirs: list[tuple[str, list[str]]], base: list[tuple[str, list[str]]] | None
) -> None:
    base_part = f"||||||| base\n{_render(base)}" if base is not None else ""
    text = f"# 네트워크\n\n<<<<<<< HEAD\n{_render(ours)}{base_part}=======\n{_render(theirs)}>>>>>>> x\n"
    engine = make_engine(Config(), root=ROOT, select=[RULE])
    outcome = fix_text(text, engine, unsafe=True)
    result = outcome.final.raw
    if result == text:
        return  # refused: the finding stays
    assert "<<<<<<<" not in result and ">>>>>>>" not in result
    merged = _answers(result)
    base_lines = {line for lines in _answers(_render(base)).values() for line in lines} if base is not None else set()
    for side in (ours, theirs):
        rendered = _answers(_render(side))
        for question, lines in rendered.items():
            assert question in merged, (question, result)
            for line in lines:
                if line in base_lines:
                    continue  # the other side changed what the base had: its edit wins
                # every line a side added is in the result, under the question it was under there
                assert line in merged[question], (question, line, result)
