"""Names that look the same but are other bytes: a picture or note named in NFD (as macOS's Finder and
screenshots name them) linked in NFC (as a keyboard types Korean), and the reverse.

GitHub serves a file by the exact bytes of the name git committed, so a link works there only when it
spells that name byte for byte. Linux and Windows commit the name as the disk has it; git on macOS
commits it in NFC whatever the disk holds (``core.precomposeUnicode``, which it sets on macOS's file
systems). cscheck compares a link with the name as it will be committed: the macOS case is run here
on Linux by setting ``checker.links.PRECOMPOSED`` as it is on macOS.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

import checker.links

PICTURE = "그림.png"
NOTE = "네트워크.md"


def nfc(name: str) -> str:
    return unicodedata.normalize("NFC", name)


def nfd(name: str) -> str:
    return unicodedata.normalize("NFD", name)


def study(root: Path, on_disk: Callable[[str], str], in_link: Callable[[str], str]) -> Path:
    """A repository whose picture, note and folder are named ``on_disk`` and linked ``in_link``."""
    (root / ".git").mkdir()
    (root / on_disk(PICTURE)).write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / on_disk(NOTE)).write_text("# 네트워크\n\n## TCP\n\n연결형\n", encoding="utf-8")
    folder = root / on_disk("운영체제")
    folder.mkdir()
    (folder / "x.md").write_text("# x\n", encoding="utf-8")
    index = root / "index.md"
    index.write_text(
        f"# 목차\n\n![그림](./{in_link(PICTURE)})\n\n[노트](./{in_link(NOTE)}#tcp)\n\n"
        f"[운영체제](./{in_link('운영체제')}/x.md)\n",
        encoding="utf-8",
    )
    return index


def findings(cli: Callable[..., Result]) -> list[tuple[str, int, str]]:
    result = cli("check", "--no-cache", "--output-format", "json", "--lang", "en", ".")
    data = json.loads(result.stdout)
    return [(d["code"], d["line"], d["message"]) for f in data["files"] for d in f["diagnostics"]]


@pytest.mark.parametrize(
    ("on_disk", "in_link", "written", "named"),
    [(nfd, nfc, "NFC", "NFD"), (nfc, nfd, "NFD", "NFC")],
    ids=["nfd-on-disk-nfc-link", "nfc-on-disk-nfd-link"],
)
def test_a_link_in_the_other_form_is_broken_on_github_and_fixed_to_the_committed_name(
    cli: Callable[..., Result], in_tmp: Path, on_disk: Callable[[str], str], in_link: Callable[[str], str],
    written: str, named: str,
) -> None:
    index = study(in_tmp, on_disk, in_link)
    found = findings(cli)
    assert [(code, row) for code, row, _ in found] == [("CS301", 3), ("CS302", 5), ("CS302", 7)]
    for _, _, message in found:
        assert f"the link is {written}, the name {named}" in message and "broken on GitHub" in message
    assert cli("fix", "--no-cache", ".").exit_code == 1  # it changed the file
    text = index.read_text(encoding="utf-8")
    assert on_disk(PICTURE) in text and on_disk(NOTE) in text and on_disk("운영체제") in text
    assert in_link(PICTURE) not in text
    assert findings(cli) == []  # and the anchor into the note (CS403) resolves once the path does


def test_on_macos_an_nfd_name_on_disk_is_committed_as_nfc_so_an_nfc_link_is_right(
    cli: Callable[..., Result], in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finder wrote the names in NFD, the note links them in NFC: git on macOS commits NFC, GitHub
    shows the picture — no finding, and above all no fix that would rewrite the link to NFD."""
    monkeypatch.setattr(checker.links, "PRECOMPOSED", True)
    index = study(in_tmp, nfd, nfc)
    before = index.read_text(encoding="utf-8")
    assert findings(cli) == []
    assert cli("fix", "--no-cache", ".").exit_code == 0
    assert index.read_text(encoding="utf-8") == before


def test_on_macos_an_nfd_link_is_broken_even_when_the_disk_spells_it_so(
    cli: Callable[..., Result], in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name copied from Finder into the link is NFD like the disk, but git commits NFC: broken on
    GitHub, and fixed to NFC."""
    monkeypatch.setattr(checker.links, "PRECOMPOSED", True)
    index = study(in_tmp, nfd, nfd)
    found = findings(cli)
    assert [(code, row) for code, row, _ in found] == [("CS301", 3), ("CS302", 5), ("CS302", 7)]
    assert all("the link is NFD, the name NFC" in message for _, _, message in found)
    cli("fix", "--no-cache", ".")
    text = index.read_text(encoding="utf-8")
    assert nfc(PICTURE) in text and nfc(NOTE) in text and nfd(PICTURE) not in text
