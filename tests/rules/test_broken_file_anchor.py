from __future__ import annotations

from pathlib import Path

import pytest

from checker.api import lint_text, make_engine
from tests.helpers import Case, run_case

RULE = "broken-file-anchor"
NETWORK = "# 네트워크\n\n## OSI 7 Layer\n#### 💡 TCP란?\n#### 💡 TCP란?\n"

CASES = [
    Case(
        "valid anchors in another file",
        "[a](./network.md#osi-7-layer) [b](network.md#-tcp란-1) [c](network.md#L3) [d](network.md)\n",
        files={"network.md": NETWORK},
    ),
    Case(
        "missing anchor: unsafe fix",
        "[OSI](./network.md#osi-7layer)\n",
        expect=[(1, 7)],
        fixed="[OSI](./network.md#osi-7-layer)\n",
        unsafe=True,
        files={"network.md": NETWORK},
        message=("`network.md`", "Closest: `#osi-7-layer`"),
    ),
    Case(
        "a parent folder, percent-encoded, html and reference links",
        '<a href="../net/%EB%84%A4%ED%8A%B8%EC%9B%8C%ED%81%AC.md#없음">x</a>\n\n[y][r]\n\n[r]: ../net/네트워크.md#또없음\n',
        path="notes/note.md",
        expect=[(1, 10), (5, 6)],
        files={"net/네트워크.md": NETWORK},
    ),
    Case("a missing file is CS302's", "[a](./missing.md#x)\n"),
    Case("not Markdown", "[a](./code.py#L10) [b](./code.py#main)\n", files={"code.py": "print()\n"}),
    Case("a folder", "[a](./net/#x)\n", files={"net/README.md": "# 네트워크\n"}),
    Case("case-only is CS402's", "[a](network.md#OSI-7-Layer)\n", files={"network.md": NETWORK}),
    Case(
        "this note by its own name",
        "[a](note.md#없음)\n\n## 있음\n",
        expect=[(1, 5)],
        files={"note.md": "[a](note.md#없음)\n\n## 있음\n"},
    ),
    Case(
        "crlf in a list",
        "- [a](network.md#tcp란)\r\n",
        expect=[(1, 7)],
        fixed="- [a](network.md#-tcp란)\r\n",
        unsafe=True,
        files={"network.md": NETWORK},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)


def test_other_notes_are_parsed_once(tmp_path: Path) -> None:
    (tmp_path / "network.md").write_text(NETWORK, encoding="utf-8")
    engine = make_engine(root=tmp_path, select=[RULE])
    parsed: list[Path] = []
    original = engine._parse_other

    def counting(path: Path):  # type: ignore[no-untyped-def]
        parsed.append(path)
        return original(path)

    engine.context.workspace._load_note = counting  # type: ignore[method-assign]
    for _ in range(3):
        lint_text("[a](network.md#없음) [b](./network.md#또)\n", engine)
    assert parsed == [tmp_path / "network.md"]
