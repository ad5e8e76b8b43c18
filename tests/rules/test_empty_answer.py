from __future__ import annotations

from pathlib import Path

from checker.api import lint_text, make_engine
from tests.conftest import REPO

RULE = "empty-answer"


def test_specimen(tmp_path: Path) -> None:
    """tests/fixtures/specimens/bare-questions.md: bare at lines 9, 11 (empty fence), 19, 20 and 28."""
    text = (REPO / "tests" / "fixtures" / "specimens" / "bare-questions.md").read_text(encoding="utf-8")
    found = lint_text(text, make_engine(root=tmp_path, select=[RULE]))
    assert [d.location.line for d in found if d.location] == [9, 11, 19, 20, 28]
