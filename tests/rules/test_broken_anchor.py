from __future__ import annotations

from pathlib import Path

from checker.api import fix_text, lint_text, make_engine
from tests.conftest import REPO

RULE = "broken-anchor"



def test_fix_touches_only_the_fragment(tmp_path: Path) -> None:
    text = '> - [목차 가기]( <#목차1> "제목" )   \r\n\r\n## 목차\r\n'
    engine = make_engine(root=tmp_path, select=[RULE])
    fixed = fix_text(text, engine, unsafe=True).final.raw
    assert fixed == text.replace("#목차1", "#목차")


def test_specimen_dead_anchors(tmp_path: Path) -> None:
    """tests/fixtures/specimens/dead-anchors.md: dead anchors at lines 8, 10 and 14."""
    text = (REPO / "tests" / "fixtures" / "specimens" / "dead-anchors.md").read_text(encoding="utf-8")
    found = lint_text(text, make_engine(root=tmp_path, select=[RULE]), path="dead-anchors.md")
    assert [d.location.line for d in found if d.location] == [8, 10, 14]
    fixes = [d.fix is not None for d in found]
    assert fixes == [
        True,
        False,
        False,
    ]  # #로드-밸런서 → #로드밸런서; #dns has no near anchor; line 14 is its own heading
