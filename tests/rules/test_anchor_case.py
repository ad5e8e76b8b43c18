from __future__ import annotations

from pathlib import Path

from checker.api import lint_text, make_engine
from tests.conftest import REPO

RULE = "anchor-case"


def test_specimen_dead_anchors(tmp_path: Path) -> None:
    text = (REPO / "tests" / "fixtures" / "specimens" / "dead-anchors.md").read_text(encoding="utf-8")
    found = lint_text(text, make_engine(root=tmp_path, select=[RULE]), path="dead-anchors.md")
    assert [d.location.line for d in found if d.location] == [11]
