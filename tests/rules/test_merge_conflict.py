from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.api import fix_text, lint_text, make_engine
from checker.config import Config
from checker.document import Document
from tests.conftest import REPO, shared
from tests.helpers import Case, run_case

RULE = "merge-conflict"
ROOT = Path(tempfile.mkdtemp(prefix="cscheck-conflicts-"))
SHA = "9e5c616fd0fc2dd197862be9378a9717e4d3ae03"

CASES = [
    Case("clean", "# 제목\n\n본문\n"),
    Case(
        "simple block",
        "#### 💡 질문\n<<<<<<< HEAD\n답 A\n=======\n답 B\n>>>>>>> feature\n",
        expect=[(2, 1)],
        message=("`HEAD` (line 3) vs `feature` (line 5)",),
    ),
    Case(
        "sha label is shortened",
        f"<<<<<<< HEAD\na\nb\n=======\nc\n>>>>>>> {SHA}\n",
        expect=[(1, 1)],
        message=("`HEAD` (lines 2–3) vs `9e5c616` (line 5)",),
    ),
    Case(
        "remote branch label",
        "<<<<<<< upstream/main\na\n=======\nb\n>>>>>>> origin/feature/x\n",
        expect=[(1, 1)],
        message=("`upstream/main`", "`origin/feature/x`"),
    ),
    Case(
        "crlf",
        "intro\r\n<<<<<<< HEAD\r\na\r\n=======\r\nb\r\n>>>>>>> x\r\n",
        expect=[(2, 1)],
    ),
    Case("empty sides", "<<<<<<< HEAD\n=======\n>>>>>>> x\n", expect=[(1, 1)], message=("(empty) vs",)),
    Case(
        "diff3 with base",
        "<<<<<<< ours\na\n||||||| base\nold\n=======\nb\n>>>>>>> theirs\n",
        expect=[(1, 1)],
        message=("base `base` (line 4)",),
    ),
    Case("setext heading is not a conflict", "제목\n=======\n\n본문\n"),
    Case("lone separator in text", "a\n\n=======\n\nb\n"),
    Case("eight characters are not a marker", "<<<<<<<< HEAD\na\n========\nb\n>>>>>>>> x\n"),
    Case("unclosed start", "<<<<<<< HEAD\na\n=======\nb\n", expect=[(1, 1)], message=("never closed",)),
    Case("stray end", "a\n>>>>>>> x\n", expect=[(2, 1)], message=("no opening",)),
    Case("end before separator", "<<<<<<< HEAD\na\n>>>>>>> x\n", expect=[(3, 1)], message=("no `=======`",)),
    Case(
        "nested blocks are both reported",
        "<<<<<<< HEAD\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> inner\n=======\nc\n>>>>>>> outer\n",
        expect=[(1, 1), (2, 1)],
        message=("`HEAD` (lines 2–6) vs `outer` (line 8)",),
    ),
    Case(
        "example in a diff fence",
        "```diff\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n```\n",
    ),
    Case(
        "example in a console fence, partial markers too",
        "```console\n$ git merge x\n<<<<<<< HEAD\n```\n",
    ),
    Case(
        "a plain fence is not an example",
        "```\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n```\n",
        expect=[(2, 1)],
    ),
    Case(
        "fence line inside the block does not make it an example",
        "<<<<<<< HEAD\n```diff\na\n=======\nb\n>>>>>>> x\n```\n",
        expect=[(1, 1)],
    ),
    Case(
        "configured example languages",
        "```python\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n```\n",
        config={"conflict-example-languages": ["python"]},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)


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

FIX_CASES = [
    Case(
        "one side answers what the other leaves bare",
        f"## 네트워크\n<<<<<<< HEAD\n{Q1}\n연결형\n{Q2}\n=======\n{Q1}\n{Q2}\n비연결형\n>>>>>>> x\n",
        expect=[(2, 1)],
        fixed=f"## 네트워크\n{Q1}\n연결형\n{Q2}\n비연결형\n",
        unsafe=True,
    ),
    Case(
        "questions only on their side are kept in place",
        f"<<<<<<< HEAD\n{Q1}\n연결형\n{Q3}\n응용 계층\n=======\n{Q1}\n{Q2}\n비연결형\n{Q3}\n>>>>>>> x\n끝\n",
        expect=[(1, 1)],
        fixed=f"{Q1}\n연결형\n{Q2}\n비연결형\n{Q3}\n응용 계층\n끝\n",
        unsafe=True,
    ),
    Case(
        "same answer on both sides is kept once",
        f"<<<<<<< HEAD\n{Q1}\n연결형\n=======\n{Q1}\n연결형\n>>>>>>> x\n",
        expect=[(1, 1)],
        fixed=f"{Q1}\n연결형\n",
        unsafe=True,
    ),
    Case(
        "different answers: no fix, both ranges named",
        f"<<<<<<< HEAD\n{Q1}\n연결형\n=======\n{Q1}\n신뢰성 있는 전송\n>>>>>>> x\n",
        expect=[(1, 1)],
        unsafe=True,
        message=("Both sides answer 'tcp란' differently (lines 2–3 vs 5–6)",),
    ),
    Case(
        "diff3: the side that changed the answer wins",
        f"<<<<<<< HEAD\n{Q1}\n연결형\n||||||| base\n{Q1}\n연결형\n=======\n{Q1}\n연결 지향, 신뢰성\n>>>>>>> x\n",
        expect=[(1, 1)],
        fixed=f"{Q1}\n연결 지향, 신뢰성\n",
        unsafe=True,
    ),
    Case(
        "diff3: both changed it: no fix",
        f"<<<<<<< HEAD\n{Q1}\nA\n||||||| base\n{Q1}\nB\n=======\n{Q1}\nC\n>>>>>>> x\n",
        expect=[(1, 1)],
        unsafe=True,
    ),
    Case(
        "a footer after a bare list is not an answer (the seed's trap)",
        f"<<<<<<< HEAD\n{Q1}\n연결형\n{Q2}\n비연결형\n=======\n{Q1}\n{Q2}\n\nrefered by https://github.com/x/\n>>>>>>> x\n",
        expect=[(1, 1)],
        fixed=f"{Q1}\n연결형\n{Q2}\n비연결형\n\nrefered by https://github.com/x/\n",
        unsafe=True,
    ),
    # Red team F5: answers were compared on their prose alone, and one side's code, image or URL
    # was dropped without a word.
    Case(
        "same prose, one side adds a code block and an image: no fix",
        f"<<<<<<< HEAD\n{Q1}\n\n연결형이다.\n=======\n{Q1}\n\n연결형이다.\n\n```java\nclass A {{}}\n```\n\n"
        "![구조](img/tcp.png)\n>>>>>>> feature\n",
        expect=[(1, 1)],
        unsafe=True,
        message=("Both sides answer",),
    ),
    Case(
        "diff3: the base equals ours, theirs added code: theirs wins, the code kept",
        f"<<<<<<< HEAD\n{Q1}\n연결형이다.\n||||||| base\n{Q1}\n연결형이다.\n=======\n{Q1}\n연결형이다.\n"
        "```java\nclass A {}\n```\n>>>>>>> x\n",
        expect=[(1, 1)],
        fixed=f"{Q1}\n연결형이다.\n```java\nclass A {{}}\n```\n",
        unsafe=True,
    ),
    Case(
        "ours prose, theirs an image only: no fix",
        f"<<<<<<< HEAD\n{Q1}\n연결형이다.\n=======\n{Q1}\n![3-way handshake](img/tcp.png)\n>>>>>>> x\n",
        expect=[(1, 1)],
        unsafe=True,
    ),
    Case(
        "ours an image only, theirs prose: no fix",
        f"<<<<<<< HEAD\n{Q1}\n![3-way handshake](img/tcp.png)\n=======\n{Q1}\n연결형이다.\n>>>>>>> x\n",
        expect=[(1, 1)],
        unsafe=True,
    ),
    Case(
        "the sides differ only in a link's URL: no fix",
        f"<<<<<<< HEAD\n{Q1}\n[RFC](https://e.com/a)\n=======\n{Q1}\n[RFC](https://e.com/b)\n>>>>>>> x\n",
        expect=[(1, 1)],
        unsafe=True,
    ),
    Case(
        "the same question at another heading level: that line would be lost, so no fix",
        f"<<<<<<< HEAD\n{Q1}\n연결형\n=======\n### 💡 TCP란?\n연결형\n>>>>>>> x\n",
        expect=[(1, 1)],
        unsafe=True,
        message=("resolving by question would lose line 5: merge by hand",),
    ),
    Case(
        "whitespace inside a line is no difference",
        f"<<<<<<< HEAD\n{Q1}\n연결형  </br>\n=======\n{Q1}\n  연결형 </br>\n>>>>>>> x\n",
        expect=[(1, 1)],
        fixed=f"{Q1}\n연결형  </br>\n",
        unsafe=True,
    ),
    Case(
        "the fix needs --unsafe-fixes",
        f"<<<<<<< HEAD\n{Q1}\n연결형\n=======\n{Q1}\n>>>>>>> x\n",
        expect=[(1, 1)],
    ),
    Case(
        "crlf file",
        f"<<<<<<< HEAD\r\n{Q1}\r\n연결형\r\n=======\r\n{Q1}\r\n>>>>>>> x\r\n",
        expect=[(1, 1)],
        fixed=f"{Q1}\r\n연결형\r\n",
        unsafe=True,
    ),
    Case(
        "nested conflicts get no fix",
        "<<<<<<< HEAD\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> inner\n=======\nc\n>>>>>>> outer\n",
        expect=[(1, 1), (2, 1)],
        unsafe=True,
    ),
    Case(
        "unbalanced markers elsewhere: no fix",
        f"<<<<<<< HEAD\n{Q1}\n=======\n{Q1}\n답\n>>>>>>> x\n\n>>>>>>> stray\n",
        expect=[(1, 1), (8, 1)],
        unsafe=True,
    ),
]


@pytest.mark.parametrize("case", FIX_CASES, ids=[c.id for c in FIX_CASES])
def test_fix_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)


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
