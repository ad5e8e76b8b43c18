"""Merge-conflict markers, found line by line before any parsing.

markdown-it-py reads ``<<<<<<< HEAD`` + text + ``=======`` as a setext heading and
``>>>>>>> x`` as seven nested quotes, so markers must be found on the raw lines. Only an ordered
``<<<<<<<`` … (``|||||||`` …) ``=======`` … ``>>>>>>>`` block is a conflict; a lone ``=======``
under a line of text is a heading underline and is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from checker import parser

_SEPARATOR = re.compile(r"={7}[ \t]*")
_FENCE_OPEN = re.compile(r"^[ \t>*+\-\d.)]*(?:`{3,}|~{3,})[ \t]*(\w+)", re.MULTILINE)

DEFAULT_EXAMPLE_LANGUAGES = ("diff", "git", "console", "shell", "sh", "bash", "text")


class MarkerProblemKind(StrEnum):
    UNCLOSED = "unclosed"  # <<<<<<< with no >>>>>>>
    NO_SEPARATOR = "no-separator"  # >>>>>>> reached before =======
    STRAY_END = "stray-end"  # >>>>>>> with no <<<<<<<
    STRAY_BASE = "stray-base"  # ||||||| outside the ours side of a block


@dataclass(frozen=True, slots=True)
class ConflictBlock:
    """A complete conflict; line numbers are 0-based."""

    start_line: int  # <<<<<<<
    base_line: int | None  # ||||||| (diff3 style)
    separator_line: int  # =======
    end_line: int  # >>>>>>>
    ours_label: str
    base_label: str | None
    theirs_label: str
    depth: int  # 0 for a top-level block, 1+ when nested inside another block

    @property
    def ours_lines(self) -> range:
        return range(self.start_line + 1, self.base_line if self.base_line is not None else self.separator_line)

    @property
    def base_lines(self) -> range:
        if self.base_line is None:
            return range(0)
        return range(self.base_line + 1, self.separator_line)

    @property
    def theirs_lines(self) -> range:
        return range(self.separator_line + 1, self.end_line)

    @property
    def marker_lines(self) -> tuple[int, ...]:
        markers = [self.start_line, self.separator_line, self.end_line]
        if self.base_line is not None:
            markers.append(self.base_line)
        return tuple(sorted(markers))


@dataclass(frozen=True, slots=True)
class MarkerProblem:
    """A conflict marker that is not part of a complete block."""

    kind: MarkerProblemKind
    line: int  # 0-based line of the offending marker
    start_line: int | None = None  # the <<<<<<< it belongs to, if any


@dataclass(frozen=True, slots=True)
class ConflictScan:
    blocks: tuple[ConflictBlock, ...] = ()  # complete blocks outside examples, in order
    problems: tuple[MarkerProblem, ...] = ()
    examples: tuple[ConflictBlock, ...] = ()  # complete blocks shown inside example fences
    hidden_lines: frozenset[int] = field(default_factory=frozenset)  # lines blanked in the ours view

    @property
    def has_conflicts(self) -> bool:
        return bool(self.blocks or self.problems)


@dataclass
class _Open:
    start_line: int
    label: str
    depth: int
    base_line: int | None = None
    base_label: str | None = None
    separator_line: int | None = None


def scan_conflicts(
    text: str,
    example_languages: Collection[str] = DEFAULT_EXAMPLE_LANGUAGES,
    fence_ranges: Sequence[tuple[int, int, str]] | None = None,
) -> ConflictScan:
    """Find conflict blocks and stray markers in ``text`` (``\\n`` line endings).

    ``fence_ranges`` — (open line, close line, info) of every closed fence — is only needed when
    the text has a block; it is computed on demand by :func:`checker.parser.fence_ranges`.
    """
    if "<<<<<<<" not in text and ">>>>>>>" not in text and "|||||||" not in text:
        return ConflictScan()
    lines = text.split("\n")
    stack: list[_Open] = []
    complete: list[ConflictBlock] = []
    problems: list[MarkerProblem] = []
    for number, line in enumerate(lines):
        first = line[:1]
        if first == "<" and (label := _label("<", line)) is not None:
            stack.append(_Open(number, label, len(stack)))
        elif first == "|" and (base_label := _label("|", line)) is not None:
            if stack and stack[-1].base_line is None and stack[-1].separator_line is None:
                stack[-1].base_line = number
                stack[-1].base_label = base_label
            else:
                problems.append(MarkerProblem(MarkerProblemKind.STRAY_BASE, number))
        elif first == "=" and _SEPARATOR.fullmatch(line):
            if stack and stack[-1].separator_line is None:
                stack[-1].separator_line = number
        elif first == ">" and (end_label := _label(">", line)) is not None:
            if not stack:
                problems.append(MarkerProblem(MarkerProblemKind.STRAY_END, number))
                continue
            block = stack.pop()
            if block.separator_line is None:
                problems.append(MarkerProblem(MarkerProblemKind.NO_SEPARATOR, number, block.start_line))
                continue
            complete.append(
                ConflictBlock(
                    block.start_line,
                    block.base_line,
                    block.separator_line,
                    number,
                    block.label,
                    block.base_label,
                    end_label,
                    block.depth,
                )
            )
    problems.extend(MarkerProblem(MarkerProblemKind.UNCLOSED, block.start_line, block.start_line) for block in stack)
    complete.sort(key=lambda b: b.start_line)
    examples: list[ConflictBlock] = []
    if (complete or problems) and _may_hold_examples(text, example_languages):
        fences = fence_ranges if fence_ranges is not None else parser.fence_ranges(text)
        examples = [b for b in complete if _inside_example_fence(b.start_line, b.end_line, fences, example_languages)]
        problems = [p for p in problems if not _inside_example_fence(p.line, p.line, fences, example_languages)]
    blocks = tuple(b for b in complete if b not in examples)
    hidden: set[int] = set()
    for complete_block in blocks:
        hidden.update(complete_block.marker_lines)
        hidden.update(complete_block.base_lines)
        hidden.update(complete_block.theirs_lines)
    problems.sort(key=lambda p: p.line)
    return ConflictScan(blocks, tuple(problems), tuple(examples), frozenset(hidden))


def ours_view(text: str, scan: ConflictScan) -> str:
    """``text`` with marker lines, base and theirs sides replaced by spaces of equal length.

    Offsets and line numbers stay those of the file, so findings on the ours side point at the
    right place and nothing on the other side is reported.
    """
    if not scan.hidden_lines:
        return text
    lines = text.split("\n")
    for number in scan.hidden_lines:
        lines[number] = " " * len(lines[number])
    return "\n".join(lines)


def _label(char: str, line: str) -> str | None:
    """The label of a marker line of seven ``char`` (``<<<<<<< HEAD`` → ``HEAD``), or None when
    ``line`` is not one: the marker alone, or followed by a space or tab and anything.

    (The regex ``<{7}(?:[ \t]+(.*?))?[ \t]*`` says the same but backtracks quadratically on a
    long line of spaces.)
    """
    if not line.startswith(char * 7):
        return None
    rest = line[7:]
    if rest and rest[0] not in " \t":
        return None
    return rest.strip()


def _may_hold_examples(text: str, languages: Collection[str]) -> bool:
    wanted = {language.lower() for language in languages}
    return any(m.group(1).lower() in wanted for m in _FENCE_OPEN.finditer(text))


def _inside_example_fence(
    first: int, last: int, fences: Sequence[tuple[int, int, str]], languages: Collection[str]
) -> bool:
    """Whether lines ``first``..``last`` lie strictly between an example fence's two lines."""
    wanted = {language.lower() for language in languages}
    for open_line, close_line, info in fences:
        language = info.split()[0].lower() if info.split() else ""
        if language in wanted and open_line < first and last < close_line:
            return True
    return False
