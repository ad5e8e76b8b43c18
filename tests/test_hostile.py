"""Hostile inputs: each has one exact expected behaviour, and none may crash, hang or eat memory.

- **Growth**: a construct repeated 8x must cost about 8x, not 64x. Cost is the best of a few
  timings (a ratio, never an absolute time) or, for memory, tracemalloc's peak (deterministic).
  The bound, 8 x 2.5, leaves room for noise and sits far below the 64x a quadratic scan shows.
  Each case below was quadratic once (see the fix it pins in its id).
- **Depth**: 10 000-deep quotes and lists, 50 000 ``[``: no RecursionError, bounded recursion.
- **Files**: encodings, binary data, empty, too large, links that loop, FIFOs, folders named
  ``x.md``, a path named twice, a path outside the root — through the CLI, as a user meets them.
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from checker.api import lint_text, make_engine
from checker.config import load_config
from checker.diagnostic import Diagnostic
from checker.document import MAX_NESTING, Document
from checker.engine import Engine

ROOT = Path(tempfile.mkdtemp(prefix="cscheck-hostile-"))
(ROOT / "img").mkdir(exist_ok=True)
(ROOT / "img" / "a.png").write_bytes(b"")
(ROOT / "cscheck.toml").write_text('[questions]\npresets = ["ssafy", "heading-question", "details", "bold-q"]\n')
ENGINE = make_engine(root=ROOT)
# every question preset on, so the <details>/<summary> scanning runs too
ALL_PRESETS = make_engine(load_config(ROOT / "cscheck.toml", use_cache=False).config, root=ROOT, config_dir=ROOT)

GROWTH_BOUND = 8 * 2.5


def lint(text: str, engine: Engine = ENGINE) -> list[Diagnostic]:
    return lint_text(text, engine, path="note.md")


def _seconds(text: str, engine: Engine, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        lint(text, engine)
        best = min(best, time.perf_counter() - start)
    return best


def time_growth(make: Callable[[int], str], engine: Engine = ENGINE, *, repeats: int = 5) -> float:
    """How many times longer linting ``make(8)`` takes than ``make(1)`` (best of ``repeats``)."""
    lint(make(1), engine)  # warm: imports, compiled regexes, the knowledge packs
    return _seconds(make(8), engine, max(1, repeats - 1)) / _seconds(make(1), engine, repeats)


def memory_growth(make: Callable[[int], str], engine: Engine = ENGINE) -> float:
    """How many times more memory linting ``make(8)`` needs at its peak than ``make(1)``."""
    lint(make(1), engine)

    def peak(text: str) -> int:
        tracemalloc.start()
        try:
            lint(text, engine)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    return peak(make(8)) / peak(make(1))


MIXED_LINE = "TCP는 연결형 [링크](./img/a.png) **굵게** `code` <b>태그</b> https://x.y/z ![그림](b c) [[x]] <!-- c --> "


def _one_line(size: int) -> str:
    return (MIXED_LINE * (size // len(MIXED_LINE) + 1))[:size]


def _links(count: int) -> str:
    return "".join(
        f"- [링크 {i}](./img/{i}.png) ![그림](a({i}).png) [x](other.md#없는) <https://a.b/{i}> [r][{i}]\n"
        for i in range(count)
    )


GROWTH_CASES: dict[str, tuple[Callable[[int], str], Engine]] = {
    # links.unparsed_images matched brackets by rescanning the rest of the line from every `![`
    "unclosed-image-brackets": (lambda k: "![" * (600 * k), ENGINE),
    # ... and split off a title with the regex (.+?)\s+"[^"]*", quadratic in a run of spaces
    "image-destination-with-spaces": (lambda k: "![a](b" + " " * (4000 * k) + 'c "t")\n', ENGINE),
    # Document: the start-tag regex rescanned an unclosed run of attributes from every `<`
    "unclosed-tags-in-an-html-block": (lambda k: "<div " + "<a b=c " * (1500 * k), ENGINE),
    "unclosed-quoted-tags-in-an-html-block": (lambda k: "<p>" + '<a b="<c d ' * (1500 * k), ENGINE),
    # Document: <!--.*?--> rescanned the rest of the block from every unclosed `<!--`
    "unclosed-comments-in-an-html-block": (lambda k: "<div>\n" + "<!--" * (8000 * k), ENGINE),
    "unclosed-comments-in-an-answer": (
        lambda k: "#### 💡 질문?\n\n<div>\n" + "<!--" * (6000 * k) + "\n</div>\n",
        ENGINE,
    ),
    # qa: <summary\b[^>]*>(.*?)</summary\s*> from every unclosed <summary>
    "unclosed-summaries": (lambda k: "<details><summary>" + "<summary>" * (2000 * k), ALL_PRESETS),
    "angle-brackets-in-a-summary": (
        lambda k: "<details><summary>질문?" + "<" * (6000 * k) + "</summary>\n\n답\n</details>\n",
        ALL_PRESETS,
    ),
    # conflicts: <{7}(?:[ \t]+(.*?))?[ \t]* backtracked over a long run of spaces
    "conflict-markers-with-long-labels": (
        lambda k: "".join(marker + " a" + " " * (4000 * k) + "b\n" for marker in ("<<<<<<<", "=======", ">>>>>>>")),
        ENGINE,
    ),
    # the two: a 1 MB single line (8x) and a 2 MB file of links (8x)
    "one-megabyte-line": (lambda k: _one_line(131072 * k), ENGINE),
    "two-megabytes-of-links": (lambda k: _links(2400 * k), ENGINE),
}


@pytest.mark.parametrize("name", list(GROWTH_CASES))
def test_cost_grows_linearly(name: str) -> None:
    make, engine = GROWTH_CASES[name]
    if name == "two-megabytes-of-links":
        assert 2_000_000 <= len(make(8).encode()) < 2_300_000
    if name == "one-megabyte-line":
        assert len(make(8)) == 1024 * 1024 and "\n" not in make(8)
    ratio = time_growth(make, engine, repeats=2 if name in ("one-megabyte-line", "two-megabytes-of-links") else 5)
    assert ratio < GROWTH_BOUND, f"8x the input took {ratio:.1f}x the time"


def test_memory_grows_linearly_with_inline_tags() -> None:
    """ContentMap.shifted copied the rest of a paragraph for every inline tag in it: a 250 KB
    line needed 1.6 GB, and a 1 MB one was killed for want of memory."""
    ratio = memory_growth(lambda k: "a <b>x</b> [l](b) " * (300 * k))
    assert ratio < GROWTH_BOUND, f"8x the input needed {ratio:.1f}x the memory"


# --------------------------------------------------------------------------------------------
# Depth


def _recursion_headroom(frames: int, call: Callable[[], object]) -> object:
    """Run ``call`` with only about ``frames`` stack frames left before the recursion limit."""
    depth = 0
    frame = sys._getframe()
    while frame is not None:
        depth += 1
        frame = frame.f_back  # type: ignore[assignment]
    below = sys.getrecursionlimit() - depth - frames

    def descend(n: int) -> object:
        return call() if n <= 0 else descend(n - 1)

    return descend(below)


# text → the findings (code, line, column): content nested deeper than MAX_NESTING is not read
DEEP: dict[str, tuple[str, list[tuple[str, int, int]]]] = {
    "quotes": ("> " * 10_000 + "[x](gone.md)\n", []),
    "lists": ("- " * 10_000 + "[x](gone.md)\n", []),
    "ordered-lists": ("1. " * 10_000 + "[x](gone.md)\n", []),
    "quotes-and-lists": ("> - " * 5_000 + "[x](gone.md)\n", []),
    # line 7 is `>>>>>>> x`: a conflict marker with no start, whatever the quotes around it
    "quote-per-line": ("".join(">" * depth + " x\n" for depth in range(1, 2_000)), [("CS101", 7, 1)]),
    "brackets": ("[" * 50_000, []),
    "nested-links": ("[" * 10_000 + "a" + "](b)" * 10_000, [("CS302", 1, 10_004)]),
    "nested-images": ("![" * 10_000 + "a" + "](b)" * 10_000, [("CS301", 1, 20_016)]),
    "emphasis": ("*" * 25_000 + "a" + "*" * 25_000, []),
    "html": ("<div>" * 10_000 + "\n", []),
}


@pytest.mark.parametrize("name", list(DEEP))
def test_deep_nesting_needs_little_stack(name: str) -> None:
    """markdown-it recurses once or twice per level of nesting, up to MAX_NESTING levels, and
    skips what lies deeper: 10 000 levels parse with 300 frames to spare."""
    text, expected = DEEP[name]
    diagnostics = _recursion_headroom(300, lambda: lint(text))
    assert isinstance(diagnostics, list)
    assert [(d.code, d.location.line, d.location.column) for d in diagnostics if d.location] == expected


def test_nesting_up_to_the_limit_is_read() -> None:
    """A link in the 20th nested list (40 levels) is found, as GitHub renders it; the preset's
    limit of 20 levels used to drop everything below the 10th list."""
    lists = "".join("  " * i + f"- [x{i}](gone{i}.md)\n" for i in range(MAX_NESTING // 2 - 3))
    quotes = "> " * (MAX_NESTING - 2) + "[q](quoted.md)\n"
    assert len(Document.from_text(lists).links) == MAX_NESTING // 2 - 3
    assert [link.destination for link in Document.from_text(quotes).links] == ["quoted.md"]
    codes = [d.code for d in lint(lists + "\n" + quotes)]
    assert codes.count("CS302") == MAX_NESTING // 2 - 3 + 1
