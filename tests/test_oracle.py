"""The document model against GitHub's own parser (cmark-gfm): headings, images, links, code, details.

Every note of corpus-dev and corpus-train, and generated notes, must read the same in cscheck as on
github.com, except for the differences ``tests/oracle.py`` lists in ``ALLOWED`` with their reason.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.document import Document
from checker.source import SourceText, load
from tests.oracle import ALLOWED, Disagreement, compare, explain, github_view

REPO = Path(__file__).resolve().parent.parent
CORPORA = {
    "corpus-dev": REPO.parent / "shared" / "corpus-dev",
    "corpus-train": REPO.parent / "shared" / "corpus-train",
}
# A full sweep of corpus-train takes about 25 s; above this many notes it is sampled (every n-th).
MAX_NOTES = int(os.environ.get("CSCHECK_ORACLE_MAX_NOTES", "4000"))


def _unexplained(doc: Document) -> list[Disagreement]:
    return [d for d in compare(doc) if explain(doc, d) is None]


def _notes(root: Path) -> list[Path]:
    notes = sorted(p for p in root.rglob("*.md") if p.is_file())
    if len(notes) > MAX_NOTES:
        step = -(-len(notes) // MAX_NOTES)
        notes = notes[::step]
    return notes


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_corpus_reads_as_github_renders_it(name: str) -> None:
    root = CORPORA[name]
    if not root.is_dir():
        pytest.skip(f"{name} is not checked out at {root} (it lives next to the repository, in ../shared)")
    failures: list[str] = []
    checked = 0
    for path in _notes(root):
        source = load(path, 10 * 1024 * 1024)
        if not isinstance(source, SourceText):
            continue
        checked += 1
        doc = Document(source, path)
        failures.extend(
            f"{path.relative_to(root)}: {d.aspect}: github={d.github!r} cscheck={d.cscheck!r}"
            for d in _unexplained(doc)
        )
    assert checked > 0
    assert not failures, "\n".join(failures[:50])


# -- generated notes -----------------------------------------------------------------------------

_WORDS = st.sampled_from(["TCP", "질문", "답변", "로드 밸런싱", "a_b", "x*y", "3-way", "HTTP/2", "무엇인가요?", "1."])
_DESTINATIONS = st.sampled_from(
    ["a.md", "#질문-1", "img/x.png", "https://e.com/p/q.md", "a%20b.md", "x(1).md", "../up.md#top", "#", "b.md?x=1"]
)
_ENTITIES = st.sampled_from(["&amp;", "&lt;", "&#44;", "&nbsp;", "&copy;", "&#x1F4A1;", "&bogus;"])


@st.composite
def _inline(draw: st.DrawFn) -> str:
    pieces = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.integers(0, 9))
        word, dest = draw(_WORDS), draw(_DESTINATIONS)
        pieces.append(
            [
                word,
                f"[{word}]({dest})",
                f"**[{word}]({dest})**",
                f"*[{word}]({dest})*",
                f"_[{word}]({dest})_",
                f"![{word}]({dest})",
                f"`{word}`",
                draw(_ENTITIES),
                f"[{word}][ref]",
                f"<{dest}>" if dest.startswith("https") else f'<a href="{dest}">{word}</a>',
            ][kind]
        )
    return " ".join(pieces)


@st.composite
def _block(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 7))
    if kind == 0:
        return "#" * draw(st.integers(1, 6)) + " " + draw(_inline())
    if kind == 1:
        columns = draw(st.integers(1, 4))
        cell = st.one_of(st.just(""), st.just(" "), _inline().map(lambda s: s.replace("|", "\\|")))
        rows = [
            "|" + "|".join(draw(cell) for _ in range(draw(st.integers(0, columns + 1)))) + "|"
            for _ in range(draw(st.integers(0, 3)))
        ]
        header = "|" + "|".join(f"h{i}" for i in range(columns)) + "|"
        return "\n".join([header, "|" + "|".join("-" for _ in range(columns)) + "|", *rows])
    if kind == 2:
        lines = []
        for _ in range(draw(st.integers(1, 4))):
            depth = draw(st.integers(0, 2))
            marker = draw(st.sampled_from(["-", "*", "1."]))
            lines.append("  " * depth * (2 if marker == "1." else 1) + f"{marker} {draw(_inline())}")
        return "\n".join(lines)
    if kind == 3:
        question = draw(_inline())
        return f"<details>\n<summary>{question}</summary>\n\n{draw(_inline())}\n</details>"
    if kind == 4:
        dest = draw(_DESTINATIONS)
        return f'<p align="center">\n<img src="{dest}" width="300">\n</p>'
    if kind == 5:
        language = draw(st.sampled_from(["", "java", "text"]))
        return f"```{language}\n{draw(_inline())}\n```"
    if kind == 6:
        return "> " + draw(_inline()) + "\n> " + draw(_inline())
    return draw(_inline())


@st.composite
def _note(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(_block(), min_size=1, max_size=6))
    if draw(st.booleans()):
        blocks.append(f"[ref]: {draw(_DESTINATIONS)}")
    text = "\n\n".join(blocks) + "\n"
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text


@settings(
    max_examples=int(os.environ.get("CSCHECK_ORACLE_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(_note())
def test_generated_notes_read_as_github_renders_them(text: str) -> None:
    doc = Document(SourceText(text, bom=False))
    assert _unexplained(doc) == [], text


# -- the oracle itself ---------------------------------------------------------------------------


def test_every_allowance_has_a_reason() -> None:
    assert ALLOWED and all(len(reason) > 80 for reason in ALLOWED.values())


def test_the_oracle_sees_what_github_renders() -> None:
    view = github_view(
        "# 제목 [a](x.md)\n\n|a|b|\n|-|-|\n|1||\n|2|[y](#z)|\n\n```\ncode\n```\n\n"
        '<details><summary>Q</summary>\n\n![i](p.png)\n</details>\n\n<a href="h.md">h</a> www.e.com\n'
    )
    assert view.headings == [(1, "제목 a", "제목-a")]
    assert sorted(view.links) == [(1, "x.md"), (6, "#z"), (17, "h.md"), (17, "http://www.e.com")]
    assert list(view.images) == ["p.png"]
    assert view.code_lines == {8, 9, 10}
    assert sorted(view.details) == [("details", 12), ("summary", 12)]


def test_an_empty_cell_no_longer_disagrees() -> None:
    # The review's table: before the fix, cscheck read the link of row 4 from the wrong offsets.
    doc = Document.from_text("|a|b|c|\n|-|-|-|\n|1||[x](https://e.com/p/q.md)|\n|2|y|[x](https://e.com/p/r.md)|\n")
    assert compare(doc) == []
