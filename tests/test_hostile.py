"""Hostile inputs: each has one exact expected behaviour, and none may crash, hang or eat memory.

- **Growth**: a construct repeated 8x must cost about 8x, not 64x. Cost is the best of a few
  timings (a ratio, never an absolute time) or, for memory, tracemalloc's peak (deterministic).
  The bound, 8 x 2.5, leaves room for noise and sits far below the 64x a quadratic scan shows.
  Each case below was quadratic once (the comment above it names the fix it pins), and the
  issue's two: a 1 MB single line and a 2 MB file of links.
- **Depth**: 10 000-deep quotes and lists, 50 000 ``[``: no RecursionError, bounded recursion.
- **Files**: encodings, binary data, empty, too large, links that loop, FIFOs, folders named
  ``x.md``, a path named twice, a path outside the root, names that are not UTF-8 — through the
  CLI, as a user meets them. (More in tests/rules/test_*_file.py.)
- **Config and packs**: unknown keys, wrong types, broken TOML, packs that are not TOML, regexes
  that do not compile or backtrack catastrophically, a FIFO or /dev/zero as a config or a pack.
- **Standard streams**: `fix -` as a filter; output that cannot encode Korean.

Containment is tests/test_containment.py, faults (full disk) tests/test_faults.py, kills
tests/test_kill.py, generated notes tests/test_robustness.py.
"""

from __future__ import annotations

import errno
import gc
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from checker.api import fix_text, lint_text, make_engine
from checker.config_file import load_config
from checker.diagnostic import Diagnostic
from checker.document import Document
from checker.engine import Engine
from checker.links import COMPARISONS_PER_NOTE
from checker.parser import MAX_NESTING
from checker.source import Unreadable, load

ROOT = Path(tempfile.mkdtemp(prefix="cscheck-hostile-"))
(ROOT / "img").mkdir(exist_ok=True)
(ROOT / "img" / "a.png").write_bytes(b"")
(ROOT / "cscheck.toml").write_text('[questions]\npresets = ["ssafy", "heading-question", "details", "bold-q"]\n')
ENGINE = make_engine(root=ROOT)
# every question preset on, so the <details>/<summary> scanning runs too
ALL_PRESETS = make_engine(load_config(ROOT / "cscheck.toml", use_cache=False).config, root=ROOT, config_dir=ROOT)

GROWTH_BOUND = 8 * 2.5
WARM_UP = "#### 💡 질문?\n\n<details><summary>a</summary>\n\n[a](b) ![c](d e) <b>x</b> <!-- y -->\n\nHTTPS 433\n"


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
    lint(WARM_UP, engine)  # imports, compiled regexes, the knowledge packs
    return _seconds(make(8), engine, max(1, repeats - 1)) / _seconds(make(1), engine, repeats)


def memory_growth(make: Callable[[int], str], engine: Engine = ENGINE) -> float:
    """How many times more memory linting ``make(8)`` needs at its peak than ``make(1)``."""
    lint(WARM_UP, engine)

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
    # the unparsed-image scanner matched brackets by rescanning the rest of the line from every `![`
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
    # knowledge: context, unless and the refutation flag were searched over the whole sentence
    # once per match: a long sentence repeating a known error was quadratic
    "a-known-error-repeated-in-one-sentence": (lambda k: "HTTPS는 433번 포트, " * (800 * k), ENGINE),
    "a-misspelled-term-repeated-in-one-sentence": (lambda k: "LAST_WAIT 상태와 " * (800 * k), ENGINE),
    # knowledge: every sentence end searched the whole line before it for an abbreviation (the
    # line is split into sentences once a known error's words occur in it: LAST_WAIT here)
    "many-sentences-on-one-line": (
        lambda k: "LAST_WAIT. " + "TCP는 연결형이다. e.g. UDP는 아니다! " * (400 * k),
        ENGINE,
    ),
    # CS401/CS403 compared every broken fragment with every anchor for the closest: 5 000 broken
    # links into 5 000 headings took minutes; past a budget per note, no closest is offered
    "broken-anchors-into-many-headings": (
        lambda k: (
            "".join(f"[a](#없는{i})\n" for i in range(120 * k)) + "".join(f"## 제목{i}\n" for i in range(120 * k))
        ),
        ENGINE,
    ),
    # red team F6: each unused target (CS901) was compared with every target of the comment
    "one-comment-naming-many-targets": (
        lambda k: "<!-- cscheck-disable-file " + "CS301 " * (600 * k) + "-->\n",
        ENGINE,
    ),
    # ... and every finding with every suppression
    "disable-enable-pairs": (
        lambda k: "<!-- cscheck-disable CS301 -->\n![a](x.png)\n<!-- cscheck-enable CS301 -->\n" * (150 * k),
        ENGINE,
    ),
    # resolve(): a list.insert and a rebuilt index for every block only one side has
    "a-conflict-whose-sides-ask-different-questions": (
        lambda k: (
            "<<<<<<< HEAD\n"
            + "".join(f"#### 💡 질문 {i}?\n답 {i}\n" for i in range(250 * k))
            + "=======\n"
            + "".join(f"#### 💡 다른 {i}?\n답 {i}\n" for i in range(250 * k))
            + ">>>>>>> x\n"
        ),
        ENGINE,
    ),
    # Workspace.reachable: a readlink per part of a path growing by one part
    "a-deep-missing-link-path": (lambda k: "[a](" + "a/" * (2000 * k) + "x.md)\n", ENGINE),
    # match_fragment built the set of explicit anchors, and scanned every anchor lower-cased, per link
    "links-to-many-explicit-anchors": (
        lambda k: (
            "".join(f'<a name="a{i}"></a>\n' for i in range(150 * k)) + "".join(f"[x](#a{i})\n" for i in range(150 * k))
        ),
        ENGINE,
    ),
    "case-only-anchors": (
        lambda k: (
            "".join(f"## Title {i}\n" for i in range(150 * k)) + "".join(f"[a](#TITLE-{i})\n" for i in range(150 * k))
        ),
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


FIX_GROWTH_CASES: dict[str, Callable[[int], str]] = {
    # red team F6: every fix of a bare question made a new finding, and each rejected fix cost a
    # re-lint of the whole note (185 s at 45 KB, nothing written)
    "bare-broken-questions": lambda k: "".join(f"####💡 질문 {i}?\n\n" for i in range(60 * k)),
    "duplicate-broken-questions": lambda k: "".join(f"####💡 같은 질문?\n\n답 {i}\n\n" for i in range(60 * k)),
    # ... and choosing the fixes of a pass compared each with every one taken
    "case-only-anchors-fixed": lambda k: (
        "".join(f"## Title {i}\n" for i in range(150 * k)) + "".join(f"[a](#TITLE-{i})\n" for i in range(150 * k))
    ),
}


@pytest.mark.parametrize("name", list(FIX_GROWTH_CASES))
def test_fixing_grows_linearly(name: str) -> None:
    make = FIX_GROWTH_CASES[name]

    def seconds(text: str, repeats: int) -> float:
        best = float("inf")
        for _ in range(repeats):
            started = time.perf_counter()
            outcome = fix_text(text, ENGINE, unsafe=True)
            best = min(best, time.perf_counter() - started)
            assert outcome.error is None
        return best

    lint(WARM_UP, ENGINE)
    ratio = seconds(make(8), 2) / seconds(make(1), 3)
    assert ratio < GROWTH_BOUND, f"fixing 8x the input took {ratio:.1f}x the time"


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


# --------------------------------------------------------------------------------------------
# Files, through the command line. (More in tests/rules/test_*_file.py: CP949 with its iconv
# line, EUC-KR never rewritten, PNG named .md, chmod 000, a link loop and a FIFO named alone.)


def _concise(result: Result) -> list[str]:
    return [line for line in result.stdout.splitlines() if line and not line.startswith("Found ")]


def test_a_folder_of_hostile_files(cli: Callable[..., Result], in_tmp: Path) -> None:
    """Every kind at once, found by walking: one line each, the rest still checked, exit 1."""
    (in_tmp / "enc.md").write_bytes(b"a\nb\nc\n" + "한글 노트\n".encode("cp949"))
    (in_tmp / "u16.md").write_bytes("# 질문\n".encode("utf-16"))
    (in_tmp / "elf.md").write_bytes(b"\x7fELF\x02\x01")
    (in_tmp / "zip.md").write_bytes(b"PK\x03\x04rest")
    (in_tmp / "late-nul.md").write_bytes(b"a" * 9000 + b"\0tail\n")  # past git's 8000-byte probe: text
    (in_tmp / "empty.md").write_bytes(b"")
    (in_tmp / "bom-only.md").write_bytes(b"\xef\xbb\xbf")
    (in_tmp / "blank-crlf.md").write_bytes(b"\r\n\r\n")
    os.symlink("l2.md", in_tmp / "l1.md")
    os.symlink("l1.md", in_tmp / "l2.md")
    os.symlink(".", in_tmp / "loop")  # a folder linking to itself: never walked into
    os.mkfifo(in_tmp / "pipe.md")  # opening it would block: never opened
    (in_tmp / "x.md").mkdir()  # a folder named like a note is walked, not read
    (in_tmp / "x.md" / "inner.md").write_text("[a](nope.md)\n")
    result = cli("check", "--lang", "en", "--no-cache", "--output-format", "concise", ".")
    assert result.exit_code == 1
    assert _concise(result) == [
        "elf.md:1:1: CS002 binary-file: binary data, not text (executable).",
        "enc.md:1:1: CS001 undecodable-file: not UTF-8 (first bad byte at line 4); it looks like CP949/EUC-KR — "
        "convert it: iconv -f CP949 -t UTF-8 FILE > FILE.utf8 && mv FILE.utf8 FILE.",
        "l1.md:1:1: CS003 unreadable-file: cannot read the file: Too many levels of symbolic links.",
        "l2.md:1:1: CS003 unreadable-file: cannot read the file: Too many levels of symbolic links.",
        "pipe.md:1:1: CS003 unreadable-file: cannot read the file: not a regular file.",
        "u16.md:1:1: CS001 undecodable-file: not UTF-8 (first bad byte at line 1); it looks like UTF-16 — "
        "convert it: iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8 && mv FILE.utf8 FILE.",
        "x.md/inner.md:1:5: CS302 broken-link: link path `nope.md` does not exist.",
        "zip.md:1:1: CS002 binary-file: binary data, not text (ZIP archive).",
    ]
    before = {p.name: p.read_bytes() for p in in_tmp.iterdir() if p.is_file() and not p.is_symlink()}
    fixed = cli("fix", "--lang", "en", "--no-cache", ".")
    assert fixed.exit_code == 1
    assert {p.name: p.read_bytes() for p in in_tmp.iterdir() if p.is_file() and not p.is_symlink()} == before


@pytest.mark.parametrize("output_format", ["text", "concise", "json", "sarif", "github", "junit", "markdown"])
def test_file_names_that_are_not_utf8_or_hold_control_characters(
    cli: Callable[..., Result], in_tmp: Path, output_format: str
) -> None:
    """A CP949 archive unpacked on Linux leaves names that are not UTF-8: JSON and SARIF output
    died on the surrogates in them (UnicodeEncodeError from pydantic and urllib.parse.quote)."""
    for name in (b"\xc7\xd1\xb1\xdb.md", b"a\nb.md", b"tab\t\x1b[31m.md", "한글.md".encode()):
        (in_tmp / os.fsdecode(name)).write_bytes(b"[x](missing.md)\n")
    result = cli("check", "--lang", "en", "--no-cache", "--output-format", output_format, ".")
    assert result.exit_code == 1
    if output_format == "json":
        paths = [f["path"] for f in json.loads(result.stdout)["files"]]
        # 한글 in CP949 is C7 D1 B1 DB, and D1 B1 happens to be UTF-8 for ѱ
        assert paths == ["\\xc7ѱ\\xdb.md", "a\nb.md", "tab\t\x1b[31m.md", "한글.md"]
    if output_format == "sarif":
        uris = [
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(result.stdout)["runs"][0]["results"]
        ]
        assert sorted(uris) == sorted(["%C7%D1%B1%DB.md", "a%0Ab.md", "tab%09%1B%5B31m.md", "%ED%95%9C%EA%B8%80.md"])
    if output_format == "github":
        assert "file=a%0Ab.md," in result.stdout  # a newline in a name cannot start a workflow command


def test_empty_and_blank_files_are_clean(cli: Callable[..., Result], in_tmp: Path) -> None:
    for name, data in {"empty.md": b"", "bom.md": b"\xef\xbb\xbf", "crlf.md": b"\r\n\r\n", "cr.md": b"\r"}.items():
        (in_tmp / name).write_bytes(data)
    result = cli("check", "--lang", "en", "--output-format", "json", "--no-cache", ".")
    assert result.exit_code == 0
    files = json.loads(result.stdout)["files"]
    assert [(f["path"], f["diagnostics"], f["questions"]) for f in files] == [
        ("bom.md", [], []),
        ("cr.md", [], []),
        ("crlf.md", [], []),
        ("empty.md", [], []),
    ]


def test_file_size_limit_is_exact_and_never_rewritten(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "cscheck.toml").write_text("max-file-size = 1000\n")
    heading = "####💡 q\n".encode()
    at_limit = heading + b"a" * (1000 - len(heading))
    over = at_limit + b"a"
    (in_tmp / "at.md").write_bytes(at_limit)
    (in_tmp / "over.md").write_bytes(over)
    result = cli("check", "--lang", "en", "--no-cache", "--output-format", "concise", ".")
    assert result.exit_code == 1
    assert _concise(result) == [
        "at.md:1:1: CS102 [*] broken-heading: no space after `####`: GitHub shows the line as text, not a heading.",
        "over.md:1:1: CS004 file-too-large: file is too large (1,001 bytes, limit 1,000); not checked.",
    ]
    assert cli("fix", "--lang", "en", "--no-cache", ".").exit_code == 1
    assert (in_tmp / "over.md").read_bytes() == over
    assert (in_tmp / "at.md").read_bytes() == b"#### " + at_limit[4:]


def test_a_path_named_twice_is_checked_once(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "sub").mkdir()
    (in_tmp / "a.md").write_text("[x](missing.md)\n")
    result = cli(
        "check", "--lang", "en", "--no-cache", "--output-format", "json", "a.md", "a.md", "./a.md", "sub/../a.md"
    )
    assert result.exit_code == 1
    files = json.loads(result.stdout)["files"]
    assert [(f["path"], [d["code"] for d in f["diagnostics"]]) for f in files] == [("a.md", ["CS302"])]


def test_a_missing_path_is_one_line_and_exit_2(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text("# ok\n")
    result = cli("check", "--lang", "en", "--no-cache", "a.md", "gone.md", "/nonexistent/x.md")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "cscheck: error: gone.md: no such file or folder",
        "cscheck: error: /nonexistent/x.md: no such file or folder",
    ]
    assert result.stdout == ""  # no "All checks passed" beside an error (a.md itself is clean)


def test_a_path_outside_the_root_is_checked_without_its_links(cli: Callable[..., Result], in_tmp: Path) -> None:
    """Named on the command line, a note outside --root is checked for what it holds itself; its
    relative links are not resolved (there is no repository to resolve them in)."""
    (in_tmp / "repo").mkdir()
    (in_tmp / "elsewhere.md").write_text("####💡 질문?\n\n[x](missing.md)\n\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n")
    result = cli("check", "--lang", "en", "--no-cache", "--root", "repo", "--output-format", "json", "elsewhere.md")
    assert result.exit_code == 1
    codes = [d["code"] for d in json.loads(result.stdout)["files"][0]["diagnostics"]]
    assert codes == ["CS102", "CS101"]


def test_unreadable_as_root_too(cli: Callable[..., Result], in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000 does not stop root (tests/rules/test_unreadable_file.py skips then): a refusal
    from open() itself, whoever runs the test, is one CS003 line naming the reason."""
    (in_tmp / "secret.md").write_text("# x\n")
    (in_tmp / "ok.md").write_text("# ok\n")
    real_open = os.open

    def refusing(path: Any, *args: Any, **kwargs: Any) -> int:
        if os.fsdecode(path).endswith("secret.md"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    result = cli("check", "--lang", "en", "--no-cache", "--output-format", "concise", ".")
    assert result.exit_code == 1
    assert _concise(result) == ["secret.md:1:1: CS003 unreadable-file: cannot read the file: Permission denied."]


def test_a_fifo_swapped_in_after_the_stat_does_not_block(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`load` checks the file type, then opens: a FIFO put in its place between the two must not
    hang the run in open() (the file is opened non-blocking and checked again)."""
    os.mkfifo(in_tmp / "pipe.md")
    regular = os.stat(__file__)
    monkeypatch.setattr(Path, "stat", lambda self, **kwargs: regular)  # the check sees a file
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(load(in_tmp / "pipe.md", 1000)), daemon=True)
    worker.start()
    worker.join(60)  # a liveness bound, not a speed one: a blocked open() never returns
    assert outcome == [Unreadable("not a regular file")]


# --------------------------------------------------------------------------------------------
# Hostile configuration and knowledge packs: one clear line each, exit 2, never a traceback.


CONFIGS = {
    "nonsense = 1": "cscheck.toml:1:1: key 'nonsense': unknown key",
    'max-file-size = "lots"': "cscheck.toml:1:1: key 'max-file-size': 'lots' is not a size like 10MB or 500KiB",
    "max-file-size = -5": "cscheck.toml:1:1: key 'max-file-size': Input should be greater than or equal to 0 (got -5)",
    "select = 3": "cscheck.toml:1:1: key 'select': Input should be a valid tuple (got 3)",
    'select = ["CS999"]': "cscheck.toml: unknown rule selector 'CS999'",
    'lang = "fr"': "cscheck.toml:1:1: key 'lang': Input should be 'ko' or 'en' (got 'fr')",
    "[rules.broken-link]\nx = 1": "cscheck.toml: [tool.cscheck.rules.broken-link] key 'x': unknown key",
    '[severity]\nCS301 = "fatal"': (
        "cscheck.toml:2:1: [severity] key 'CS301': Input should be 'error', 'warning' or 'info' (got 'fatal')"
    ),
    '[questions]\npatterns = ["("]': (
        "cscheck.toml:2:1: [questions] key 'patterns': pattern '(' does not compile: missing ), unterminated "
        "subpattern at position 0"
    ),
    "[tool.cscheck": "cscheck.toml: not valid TOML: Expected ']' at the end of a table declaration (at line 1, column 14)",
    '[knowledge]\ndisable = ["nope"]': "cscheck.toml: [tool.cscheck.knowledge] disable: no knowledge entry 'nope'",
    '[knowledge]\npacks = ["missing.toml"]': "missing.toml: cannot read knowledge pack: No such file or directory",
    '[knowledge]\npacks = ["folder.toml"]': "folder.toml: cannot read knowledge pack: Is a directory",
    '[knowledge]\npacks = ["not-toml.toml"]': (
        "not-toml.toml: invalid TOML: Expected '=' after a key in a key/value pair (at line 1, column 5)"
    ),
    # red team F10 and F15: tracebacks, and `true` taken as a 1-byte limit
    "x = " + "[" * 500 + "]" * 500: "cscheck.toml: not valid TOML: nested too deeply",
    'include = ["[z-a].md"]': "cscheck.toml:1:1: key 'include': glob '[z-a].md': bad character range z-a",
    'exclude = ["[z-a]"]': "cscheck.toml:1:1: key 'exclude': glob '[z-a]': bad character range z-a",
    '[per-file-ignores]\n"[z-a]" = ["CS1"]': (
        "cscheck.toml:1:1: key 'per-file-ignores': glob '[z-a]': bad character range z-a"
    ),
    '[knowledge]\npacks = ["deep.toml"]': "deep.toml: invalid TOML: nested too deeply",
    "max-file-size = true": "cscheck.toml:1:1: key 'max-file-size': true is not a size like 10MB or 500KiB",
}


def _stderr_lines(result: Result | subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


@pytest.mark.parametrize("body", list(CONFIGS), ids=lambda body: body.replace("\n", " "))
def test_a_bad_config_is_one_line_and_exit_2(cli: Callable[..., Result], in_tmp: Path, body: str) -> None:
    (in_tmp / "cscheck.toml").write_text(body + "\n")
    (in_tmp / "folder.toml").mkdir()
    (in_tmp / "not-toml.toml").write_text("not toml [[[")
    (in_tmp / "deep.toml").write_text("x = " + "[" * 500 + "]" * 500 + "\n")
    (in_tmp / "note.md").write_text("# 노트\n")
    result = cli("check", "--lang", "en", "--no-cache", "note.md")
    assert result.exit_code == 2
    assert _stderr_lines(result) == [f"cscheck: error: {CONFIGS[body]}"]


def test_a_deep_pyproject_is_one_line_during_discovery(cli: Callable[..., Result], in_tmp: Path) -> None:
    """Discovery parses a pyproject.toml that merely mentions cscheck: 500 levels crashed it."""
    (in_tmp / "pyproject.toml").write_text("# cscheck\nx = " + "[" * 500 + "]" * 500 + "\n")
    (in_tmp / "note.md").write_text("# 노트\n")
    result = cli("check", "--lang", "en", "--no-cache", "note.md")
    assert (result.exit_code, _stderr_lines(result)) == (
        2,
        ["cscheck: error: pyproject.toml: not valid TOML: nested too deeply"],
    )


def test_a_replacement_naming_no_group_is_one_line(cli: Callable[..., Result], in_tmp: Path) -> None:
    """F10: `replace = '\\g<nope>'` raised IndexError in `check` and in `knowledge check`."""
    pack = _pack(pattern="HTTPS") + 'replace = \'\\g<nope>\'\nfix = "safe"\nfixed = ["x"]\n'
    (in_tmp / "g.toml").write_text(pack, encoding="utf-8")
    (in_tmp / "cscheck.toml").write_text('[knowledge]\npacks = ["g.toml"]\n')
    (in_tmp / "note.md").write_text("HTTPS 433\n", encoding="utf-8")
    expected = "cscheck: error: g.toml: entry 'test-entry': replace is not a valid template for pattern: unknown group name 'nope'"
    for args in (("check", "--lang", "en", "--no-cache", "note.md"), ("knowledge", "check", "g.toml")):
        result = cli(*args)
        assert (result.exit_code, _stderr_lines(result)) == (2, [expected]), args


def test_an_uncaught_exception_is_exit_3_never_1(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A crash must not look like an ordinary failed check (1) to a CI gate, nor pass (0)."""
    import checker.cli  # noqa: PLC0415
    import checker.engine  # noqa: PLC0415

    (in_tmp / "note.md").write_text("# 노트\n")

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(checker.engine.Engine, "check_file", crash)
    # run() tunes the garbage collector for a process of its own: not for the test runner's
    monkeypatch.setattr(gc, "freeze", lambda: None)
    monkeypatch.setattr(gc, "set_threshold", lambda *thresholds: None)
    monkeypatch.setattr(sys, "argv", ["cscheck", "check", "--no-cache", "note.md"])
    with pytest.raises(SystemExit) as exited:
        checker.cli.run()
    assert exited.value.code == 3
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("cscheck: internal error: RuntimeError: boom"), lines
    monkeypatch.setattr(sys, "argv", ["cscheck", "check", "--no-such-option"])
    with pytest.raises(SystemExit) as exited:
        checker.cli.run()
    assert exited.value.code == 2


def test_odd_config_files_are_one_line_and_exit_2(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "note.md").write_text("# 노트\n")
    (in_tmp / "pyproject.toml").write_text("tool = 1\n")
    (in_tmp / "korean.toml").write_bytes("한글 = 1\n".encode("cp949"))
    expected = {
        "pyproject.toml": "cscheck: error: pyproject.toml: [tool] must be a table",  # was an AttributeError
        "korean.toml": "cscheck: error: korean.toml: config file is not UTF-8",
    }
    for name, line in expected.items():
        result = cli("check", "--lang", "en", "--no-cache", "--config", name, "note.md")
        assert (result.exit_code, _stderr_lines(result)) == (2, [line])


def _pack(pattern: str = "433", context: str | None = None) -> str:
    extra = f"context = {json.dumps(context)}\n" if context else ""
    return (
        f'[[entry]]\nid = "test-entry"\nkind = "fact"\npattern = {json.dumps(pattern)}\n{extra}'
        'message = { ko = "틀림", en = "wrong" }\nsource = "test"\nbad = ["433 aaaa"]\ngood = ["zzz"]\n'
    )


# Each is catastrophic in Python's re (exponential, or C(n, 11) over n commas); the pack is
# refused when it loads (checker/knowledge.py: a static screen, then a timed probe in a child).
CATASTROPHIC = ["(a+)+$", "(a|aa)+b", r"(\w+\s?)+$", "(x+x+)+y", "(.*,){11}P"]


@pytest.mark.parametrize("regex", CATASTROPHIC)
@pytest.mark.parametrize("field", ["pattern", "context"])
def test_a_catastrophic_regex_is_refused_when_the_pack_loads(
    cli: Callable[..., Result], in_tmp: Path, regex: str, field: str
) -> None:
    pack = _pack(pattern=regex) if field == "pattern" else _pack(context=regex)
    (in_tmp / "bad.toml").write_text(pack, encoding="utf-8")
    (in_tmp / "cscheck.toml").write_text('[knowledge]\npacks = ["bad.toml"]\n')
    (in_tmp / "note.md").write_text("HTTPS는 433번 포트, " + "a" * 40 + "\n", encoding="utf-8")
    prefix = f"cscheck: error: bad.toml: entry 'test-entry': {field} may backtrack catastrophically ("
    for args in (("check", "--lang", "en", "--no-cache", "note.md"), ("knowledge", "check", "bad.toml")):
        result = cli(*args)
        lines = _stderr_lines(result)
        assert result.exit_code == 2, args
        assert len(lines) == 1 and lines[0].startswith(prefix) and lines[0].endswith(")"), lines


def test_a_catastrophic_question_pattern_is_refused(cli: Callable[..., Result], in_tmp: Path) -> None:
    """F11: `[questions] patterns` were never screened: `^(a+)+$` took 64 s on a 31-letter heading."""
    (in_tmp / "cscheck.toml").write_text('[questions]\npatterns = ["^(a+)+$"]\n')
    (in_tmp / "a.md").write_text("## " + "a" * 31 + "!\n")
    started = time.monotonic()
    result = cli("check", "--lang", "en", "--no-cache", "a.md")
    lines = _stderr_lines(result)
    assert result.exit_code == 2
    assert len(lines) == 1 and lines[0].startswith(
        "cscheck: error: cscheck.toml:2:1: [questions] key 'patterns': pattern '^(a+)+$' may backtrack catastrophically ("
    ), lines
    assert time.monotonic() - started < 20


def test_stacked_bounded_repeats_are_refused(cli: Callable[..., Result], in_tmp: Path) -> None:
    """F11: six `[a-z]{0,99}` in a row passed `knowledge check` (each one bounded) and took ~4.5 s a word."""
    (in_tmp / "bad.toml").write_text(_pack(pattern="x" + "[a-z]{0,99}" * 6 + "y"), encoding="utf-8")
    result = cli("knowledge", "check", "bad.toml")
    lines = _stderr_lines(result)
    assert result.exit_code == 2
    assert len(lines) == 1 and "pattern may backtrack catastrophically (stacked quantifiers" in lines[0], lines


@pytest.mark.parametrize("command", ["check", "fix"])
def test_standard_input_obeys_max_file_size(cli: Callable[..., Result], in_tmp: Path, command: str) -> None:
    """F12: 50 MB on `-` ran 897 s and grew to 6 GB; named as a path it is CS004 at once."""
    (in_tmp / "cscheck.toml").write_text('max-file-size = "1KB"\n')
    note = ("#### 💡 질문?\n\n답 [x](nowhere.md)\n\n" * 200).encode()
    result = cli(command, "--lang", "en", "--no-cache", "--output-format", "concise", "-", input=note)
    assert result.exit_code == 1
    assert "CS004 file-too-large: input is too large (more than the limit of 1,000 bytes)" in (
        result.stderr if command == "fix" else result.stdout
    )
    assert "CS302" not in result.output
    if command == "fix":  # a filter: the note comes back byte for byte, all of it
        assert result.stdout_bytes == note


def test_a_regex_that_does_not_compile_is_one_line(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "bad.toml").write_text(_pack(pattern="(?<=a+)b"), encoding="utf-8")
    result = cli("knowledge", "check", "bad.toml")
    assert (result.exit_code, _stderr_lines(result)) == (
        2,
        [
            "cscheck: error: bad.toml: entry 'test-entry': pattern does not compile: look-behind requires fixed-width pattern"
        ],
    )


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
@pytest.mark.parametrize("role", ["pack", "config", "knowledge-check"])
def test_a_fifo_or_dev_zero_is_refused_not_read(tmp_path: Path, kind: str, role: str) -> None:
    """Reading a FIFO blocks and reading /dev/zero never ends (and fills the memory): a config
    naming one as a pack would hang CI. Run in a child so a regression fails instead of hanging."""
    if kind == "fifo":
        target = tmp_path / "odd.toml"
        os.mkfifo(target)
    else:
        target = Path("/dev/zero")
        if not target.exists():
            pytest.skip("no /dev/zero")
    (tmp_path / "note.md").write_text("# 노트\n")
    if role == "pack":
        (tmp_path / "cscheck.toml").write_text(f"[knowledge]\npacks = [{json.dumps(str(target))}]\n")
        args = ["check", "--no-cache", "note.md"]
        what = "knowledge pack"
    elif role == "config":
        args = ["check", "--no-cache", "--config", str(target), "note.md"]
        what = "config file"
    else:
        args = ["knowledge", "check", str(target)]
        what = "knowledge pack"
    done = subprocess.run(
        [sys.executable, "-m", "checker", *args], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 2
    assert _stderr_lines(done) == [f"cscheck: error: {target}: cannot read {what}: not a regular file"]


# --------------------------------------------------------------------------------------------
# Standard input and output


@pytest.mark.parametrize(
    ("given", "expected", "exit_code"),
    [
        pytest.param(b"# ok\n", b"# ok\n", 0, id="nothing to fix"),
        pytest.param(
            b"\xef\xbb\xbf####\xf0\x9f\x92\xa1 TCP?\r\n\r\nanswer\r\n",
            b"\xef\xbb\xbf#### \xf0\x9f\x92\xa1 TCP?\r\n\r\nanswer\r\n",
            1,
            id="fixed, BOM and CRLF kept",
        ),
        pytest.param(b"\x00\x01binary", b"\x00\x01binary", 1, id="binary"),
        pytest.param("한글 노트\n".encode("cp949"), "한글 노트\n".encode("cp949"), 1, id="CP949"),
        pytest.param(b"", b"", 0, id="empty"),
    ],
)
def test_fix_stdin_always_gives_the_note_back(
    cli: Callable[..., Result], in_tmp: Path, given: bytes, expected: bytes, exit_code: int
) -> None:
    """`fix -` is a filter editors pipe a buffer through: an empty output would wipe the buffer.
    It printed nothing when nothing changed (or the input was not UTF-8), and dropped the BOM."""
    result = cli("fix", "--lang", "en", "-", input=given)
    assert (result.stdout_bytes, result.exit_code) == (expected, exit_code)


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--lang", "ko", "note.md"),
        ("fix", "--lang", "ko", "--diff", "note.md"),
        ("rule", "CS101"),
        ("report", "note.md"),
        ("fix", "--lang", "ko", "-"),
    ],
    ids=" ".join,
)
def test_an_output_that_cannot_encode_korean_gets_escapes_not_a_traceback(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """A console or pipe in cp1252 or latin-1 (Windows redirects to the ANSI code page) cannot
    encode 한글 or 💡: every command printed a UnicodeEncodeError traceback instead of its output."""
    note = "####💡 TCP와 UDP의 차이는?\n\n연결형 — 비연결형\n"
    (tmp_path / "note.md").write_text(note, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "checker", *args],
        cwd=tmp_path,
        input=note.encode(),
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "latin-1", "NO_COLOR": "1"},
        timeout=120,
        check=False,
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode("latin-1")
    assert done.returncode in (0, 1)
    assert done.stdout.strip()
    if args[-1] == "-":
        assert done.stdout == note.replace("####💡", "#### 💡").encode()  # the fixed note, as UTF-8 bytes


def test_past_the_comparison_budget_broken_anchors_are_still_reported() -> None:
    links = "".join(f"[a](#제목{i}x)\n" for i in range(400))
    headings = "".join(f"## 제목{i}\n" for i in range(400))
    found = [d for d in lint(links + headings) if d.code == "CS401"]
    assert len(found) == 400  # every one reported
    suggested = [d for d in found if "Closest:" in d.message.en]
    budgeted = [d for d in found if "Too many broken anchors in this file" in d.message.en]
    # COMPARISONS_PER_NOTE (50 000) / 400 headings: the first 125 get the closest anchor, the rest do not
    assert (len(suggested), len(budgeted)) == (COMPARISONS_PER_NOTE // 400, 400 - COMPARISONS_PER_NOTE // 400)
    assert suggested[0].fix is not None and all(d.fix is None for d in budgeted)


def test_broken_images_into_a_big_folder_grow_linearly(tmp_path: Path) -> None:
    """CS301/CS302 compared each missing name with every name of its folder for a `did you mean`:
    1 500 broken images into a folder of 1 500 took 32 s. Past a budget per note they are
    reported without the suggestion."""

    def make(k: int) -> tuple[Engine, str]:
        root = tmp_path / f"x{k}"
        (root / "img").mkdir(parents=True)
        for number in range(150 * k):
            (root / "img" / f"pic{number}.png").write_bytes(b"")
        return make_engine(root=root), "".join(f"![a](img/pix{number}.png)\n" for number in range(150 * k))

    (small_engine, small), (large_engine, large) = make(1), make(8)
    assert [d.code for d in lint(small, small_engine)] == ["CS301"] * 150
    ratio = _seconds(large, large_engine, 1) / _seconds(small, small_engine, 3)
    assert ratio < GROWTH_BOUND, f"8x the input took {ratio:.1f}x the time"
