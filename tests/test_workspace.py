"""The Workspace keeps the anchors of recent notes only, except those ``fix`` pins."""

from __future__ import annotations

from pathlib import Path

import pytest

import checker.workspace
from checker.views import FragmentIndex, NoteAnchors
from checker.workspace import Workspace


def _anchors(slug: str) -> NoteAnchors:
    return NoteAnchors((), (), frozenset({slug}), FragmentIndex((slug,), frozenset(), {slug: slug}))


def test_old_notes_are_forgotten_and_read_again_when_linked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checker.workspace, "NOTES_KEPT", 3)
    loads: list[str] = []

    def load(path: Path) -> tuple[NoteAnchors | None, str | None]:
        loads.append(path.name)
        return _anchors(f"loaded-{path.name}"), "digest"

    workspace = Workspace(tmp_path, load)
    for name in ("a.md", "b.md", "c.md", "d.md"):
        (tmp_path / name).write_text("# x\n")
        workspace.register(tmp_path / name, _anchors(name), "digest")
    assert workspace.note(tmp_path / "d.md") == _anchors("d.md")  # kept: no load
    assert workspace.note(tmp_path / "b.md") == _anchors("b.md")
    assert loads == []
    # a.md was pushed out by d.md: linking to it reads it again
    assert workspace.note(tmp_path / "a.md") == _anchors("loaded-a.md")
    assert loads == ["a.md"]
    # c.md, the least recently used, made room for a.md; b.md was used since
    assert workspace.note(tmp_path / "b.md") == _anchors("b.md")
    assert workspace.note(tmp_path / "c.md") == _anchors("loaded-c.md")
    assert loads == ["a.md", "c.md"]


def test_pinned_notes_are_never_forgotten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checker.workspace, "NOTES_KEPT", 1)

    def load(path: Path) -> tuple[NoteAnchors | None, str | None]:
        return _anchors("as-on-disk"), "new"

    workspace = Workspace(tmp_path, load)
    (tmp_path / "a.md").write_text("# x\n")
    workspace.register(tmp_path / "a.md", _anchors("before-fix"), "old", pin=True)
    for index in range(5):
        workspace.register(tmp_path / f"n{index}.md", _anchors("other"), "digest")
    assert workspace.note(tmp_path / "a.md") == _anchors("before-fix")
