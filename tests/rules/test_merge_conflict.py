from __future__ import annotations

from pathlib import Path

import pytest

from checker.api import lint_text, make_engine
from checker.document import Document
from tests.helpers import Case, run_case

RULE = "merge-conflict"
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
