from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.api import fix_text, lint_text, make_engine
from checker.diagnostic import Applicability, Diagnostic
from tests.conftest import REPO, shared

RULE = "broken-image"


def test_fix_touches_only_the_destination(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "a.png").write_bytes(b"")
    text = "앞  글\t\r\n> *  ![그림 (1)](  .\\img\\A.PNG   '제목'  )  뒤\r\n\r\n끝 글자 없이"
    engine = make_engine(root=tmp_path, select=[RULE])
    (finding,) = lint_text(text, engine)
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    fixed = fix_text(text, engine).final.raw
    start = text.index(".\\img")
    end = start + len(".\\img\\A.PNG")
    assert fixed == text[:start] + "./img/a.png" + text[end:]


def test_outside_the_root_is_never_looked_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    engine = make_engine(root=root, select=[RULE])
    looked: list[Path] = []
    original = engine.context.workspace.listing

    def spy(folder: Path) -> frozenset[str] | None:
        looked.append(folder)
        return original(folder)

    monkeypatch.setattr(engine.context.workspace, "listing", spy)
    found = lint_text("![x](../../../etc/passwd) ![y](/../secret.png)\n", engine)
    assert [d.code for d in found] == ["CS301", "CS301"]
    assert looked == []


def test_specimen_broken_images(tmp_path: Path) -> None:
    """tests/fixtures/specimens/broken-images.md: the defects its first line lists."""
    text = (REPO / "tests" / "fixtures" / "specimens" / "broken-images.md").read_text(encoding="utf-8")
    engine = make_engine(root=tmp_path, select=[RULE])
    found = lint_text(text, engine, path="broken-images.md")
    assert [d.location.line for d in found if d.location] == [5, 8, 11, 14, 17, 18, 21]
    assert "does not exist" in found[3].message.en
    (tmp_path / "diagram.png").write_bytes(b"")
    engine = make_engine(root=tmp_path, select=[RULE])
    case_only = [d for d in lint_text(text, engine, path="broken-images.md") if d.location and d.location.line == 14]
    assert "only in letter case" in case_only[0].message.en


def _seed(tmp_path: Path, images: tuple[str, ...]) -> tuple[str, list[Diagnostic]]:
    seed = shared("seed", "000_0f84ac28c29cdedc.md")
    copy = tmp_path / seed.name
    shutil.copyfile(seed, copy)
    for name in images:
        (tmp_path / name).write_bytes(b"")
    engine = make_engine(root=tmp_path, select=["CS3", "CS4"])
    report = engine.check_file(copy, copy.name)
    assert report.source is not None
    return report.source.text, report.diagnostics


def _lines(found: list[Diagnostic], code: str) -> list[int]:
    return [d.location.line for d in found if d.location and d.code == code]


def test_seed_alone(tmp_path: Path) -> None:
    _, found = _seed(tmp_path, ())
    assert _lines(found, "CS301") == [91, 112, 123, 396, 398]
    assert _lines(found, "CS401") == [3, 55, 136, 203, 240, 345]
    assert {d.code for d in found} == {"CS301", "CS401"}
    assert all(d.fix is None for d in found)


def test_seed_with_its_images(tmp_path: Path) -> None:
    text, found = _seed(tmp_path, ("TCPUDP.png", "3hands.png", "4hands.jpeg", "jwt1.png", "jwt2.png"))
    (finding,) = [d for d in found if d.code.startswith("CS3")]
    assert finding.location is not None and finding.location.line == 398
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    (edit,) = finding.fix.edits
    assert (text[edit.start : edit.end], edit.text) == (",/jwt2.png", "./jwt2.png")
    # The seed holds a merge conflict: `cscheck fix` applies nothing but the conflict's own
    # resolution until it is resolved (DESIGN.md), so the fix is shown, not yet written.
