from __future__ import annotations

from pathlib import Path

from checker.api import lint_text, make_engine

RULE = "image-not-rendered"


def test_fix_touches_only_the_destination(tmp_path: Path) -> None:
    (tmp_path / "my pic.png").write_bytes(b"")
    text = "> 1. 글 ![그 림](  my pic.png   'a b'  ) 끝  \n"
    engine = make_engine(root=tmp_path, select=[RULE])
    (finding,) = lint_text(text, engine)
    assert finding.fix is not None
    (edit,) = finding.fix.edits
    assert text[edit.start : edit.end] == "my pic.png"
    assert edit.text == "my%20pic.png"
