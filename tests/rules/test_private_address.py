from __future__ import annotations

from pathlib import Path

from checker.api import lint_text, make_engine

RULE = "private-address"


def test_an_image_is_an_error_and_a_link_a_warning(tmp_path: Path) -> None:
    engine = make_engine(root=tmp_path, select=[RULE])
    found = lint_text("![](http://localhost/a.png) [b](http://localhost/)\n", engine)
    assert [str(d.severity) for d in found] == ["error", "warning"]
