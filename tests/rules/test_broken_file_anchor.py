from __future__ import annotations

from pathlib import Path

from checker.api import lint_text, make_engine

RULE = "broken-file-anchor"
NETWORK = "# 네트워크\n\n## OSI 7 Layer\n#### 💡 TCP란?\n#### 💡 TCP란?\n"


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
