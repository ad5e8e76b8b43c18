"""Mapping text markdown-it hands over (inline content, with container markers stripped) back to
source offsets, and blanking spans of a text while keeping its offsets.
"""

from __future__ import annotations

import copy
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

from checker.diagnostic import Span
from checker.source import LineIndex

NOT_NEWLINE = re.compile(r"[^\n]")


class ContentMap:
    """Maps offsets in a token's content string to offsets in the document text.

    A block's content is its source lines minus container prefixes (``> ``, list indentation),
    trimmed, and in table cells with ``\\|`` unescaped. Each content line is located on its
    source line; ``_points`` holds (content offset, source offset) pairs between which the
    mapping is a shift.
    """

    __slots__ = ("_content", "_points", "_shift", "_sources")

    def __init__(self, content: str, points: list[tuple[int, int]]) -> None:
        self._content = content
        self._points = [c for c, _ in points]
        self._sources = [s for _, s in points]
        self._shift = 0  # where this map's content starts in the content the points describe

    def offset(self, position: int) -> int:
        position += self._shift
        index = max(bisect_right(self._points, position) - 1, 0)
        return self._sources[index] + position - self._points[index]

    def span(self, start: int, end: int) -> Span:
        first = self.offset(start)
        if end <= start:
            return Span(first, first)
        return Span(first, self.offset(end - 1) + 1)

    def shifted(self, start: int) -> ContentMap:
        """The map of the slice of the content that begins at ``start``.

        It shares this map's points rather than copying them with the rest of the content: a
        paragraph with thousands of inline tags would otherwise cost memory quadratic in its length.
        """
        view = copy.copy(self)
        view._shift = self._shift + start
        return view

    def covered(self) -> Iterator[Span]:
        """Source spans that hold content characters (everything else is markup)."""
        bounds = [*self._points[1:], len(self._content)]
        for (start, source), end in zip(zip(self._points, self._sources, strict=True), bounds, strict=True):
            first = max(start, self._shift)
            if end > first:
                yield Span(source + first - start, source + end - start)


def map_content(
    text: str, lines: LineIndex, content: str, first_line: int, start_hint: int | None = None
) -> ContentMap:
    """Locate each line of ``content`` on the source lines starting at ``first_line``."""
    if start_hint is None and content:
        # Most blocks sit verbatim in the source (no container prefixes): one shift maps them.
        start, end = lines.line_start(first_line), lines.line_end(first_line)
        indent = end - start - len(text[start:end].lstrip())
        if text.startswith(content, start + indent):
            return ContentMap(content, [(0, start + indent)])
    points: list[tuple[int, int]] = []
    position = 0
    for index, piece in enumerate(content.split("\n")):
        line0 = first_line + index
        line_start, line_end = lines.line_start(line0), lines.line_end(line0)
        source = text[line_start:line_end]
        hint = 0
        if index == 0 and start_hint is not None and line_start <= start_hint <= line_end:
            hint = start_hint - line_start
        points.extend((position + c, line_start + s) for c, s in _locate_line(piece, source, hint))
        position += len(piece) + 1
    return ContentMap(content, points or [(0, lines.line_start(first_line))])


def _locate_line(piece: str, source: str, hint: int) -> list[tuple[int, int]]:
    """(offset in piece, offset in source) breakpoints placing ``piece`` on ``source``."""
    if not piece:
        return [(0, min(len(source), max(hint, len(source) - len(source.lstrip()))))]
    trimmed = source.rstrip()
    for candidate in (trimmed, source):
        at = len(candidate) - len(piece)
        if at >= hint and candidate.endswith(piece):
            return [(0, at)]
    at = source.find(piece, hint)
    if at != -1:
        return [(0, at)]
    return _walk(piece, source, hint)


def _walk(piece: str, source: str, hint: int) -> list[tuple[int, int]]:
    """Align character by character where the content differs from the source.

    Table cells unescape ``\\|`` and partly consumed tabs become spaces; a source character
    that has no counterpart in the content is stepped over.
    """
    at = hint
    while at < len(source) and not _same(source, at, piece[0]):
        at += 1
    if at >= len(source):
        return [(0, hint)]
    points = [(0, at)]
    i, j = 0, at
    while i < len(piece) and j < len(source):
        if source[j] == piece[i]:
            i += 1
        elif source[j] == "\t" and piece[i] == " ":
            while i < len(piece) and piece[i] == " ":
                i += 1
            points.append((i, j + 1))
        else:
            points.append((i, j + 1))
        j += 1
    return points


def _same(source: str, at: int, char: str) -> bool:
    if source[at] == char:
        return True
    return char == "|" and source[at : at + 2] == "\\|"


def blank(text: str, base: int, spans: Iterable[Span]) -> str:
    """``text`` (which starts at offset ``base``) with ``spans`` turned into spaces."""
    pieces: list[str] = []
    cursor = 0
    for span in sorted(spans):
        start, end = max(span.start - base, cursor), min(span.end - base, len(text))
        if end <= start:
            continue
        pieces.append(text[cursor:start])
        pieces.append(NOT_NEWLINE.sub(" ", text[start:end]))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


class SpanIndex:
    """Spans sorted by start, to find those overlapping a range without scanning them all."""

    def __init__(self, spans: Iterable[Span]) -> None:
        self._spans = sorted(spans)
        self._starts = [s.start for s in self._spans]
        self._max_end: list[int] = []
        running = -1
        for span in self._spans:
            running = max(running, span.end)
            self._max_end.append(running)

    def overlapping(self, window: Span) -> list[Span]:
        found = []
        index = bisect_left(self._starts, window.end) - 1
        while index >= 0 and self._max_end[index] > window.start:
            span = self._spans[index]
            if span.end > window.start:
                found.append(span)
            index -= 1
        return found
