"""Link and image syntax GitHub leaves as text: ``[a](my note.md)``, ``![alt](my image.png)``.

CommonMark allows no raw whitespace in a destination that is not written in ``<…>``, so such a
construct is no link: markdown-it does not parse it and GitHub shows its characters. The
document finds them once in its prose (``Document.unparsed_links`` / ``unparsed_images``),
linear in the text: brackets are matched once per line, and code spans are found by bisection.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from checker.destination import Destination, Kind, parse_destination
from checker.diagnostic import Span
from checker.source import LineIndex

PROSE_KINDS = frozenset({"paragraph", "heading", "table-cell"})
# What a destination looks like: a fragment, a path or a URL (`[1](2 3)` in a formula is none).
_LOOKS_LIKE_DESTINATION = re.compile(r"^#|[/\\]|\.[A-Za-z][A-Za-z0-9]{0,5}(?:$|[#?])|^[A-Za-z][A-Za-z0-9+.-]*:")


class _Block(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def span(self) -> Span: ...


class _Link(Protocol):
    @property
    def image(self) -> bool: ...
    @property
    def syntax(self) -> str: ...
    @property
    def span(self) -> Span: ...


class ProseSource(Protocol):
    """What the scanners read of a document (the document below which they sit)."""

    @property
    def text(self) -> str: ...
    @property
    def lines(self) -> LineIndex: ...
    @property
    def prose(self) -> Sequence[_Block]: ...
    @property
    def code_spans(self) -> Sequence[Span]: ...
    @property
    def links(self) -> Sequence[_Link]: ...


@dataclass(frozen=True, slots=True)
class UnparsedImage:
    """``![alt](my image.png)``: image syntax whose destination holds raw spaces."""

    span: Span  # from `!` to `)`
    destination: Destination  # the destination without its title


@dataclass(frozen=True, slots=True)
class UnparsedLink:
    """``[text](my note.md)``: link syntax whose destination holds raw whitespace."""

    span: Span  # from `[` to `)`
    destination: Destination  # the destination without its title
    text: str  # the link text as written


def find_unparsed_images(doc: ProseSource) -> tuple[UnparsedImage, ...]:
    """Image syntax in paragraphs, headings and table cells that did not parse as an image
    because its destination holds whitespace (not in code spans, not escaped).

    Linear in the text: brackets are matched once per line (a line of 25 000 ``![`` must not
    cost 25 000 scans of the line), and code spans are found by bisection.
    """
    parsed = {link.span.start for link in doc.links if link.image}
    code = sorted(doc.code_spans)
    code_starts = [span.start for span in code]
    pairs: dict[int, BracketPairs] = {}
    found = []
    for block in doc.prose:
        if block.kind not in PROSE_KINDS or "![" not in block.text:
            continue
        for match in re.finditer(r"!\[", block.text):
            start = block.start + match.start()
            if start in parsed or inside(code, code_starts, start) or escaped(doc.text, start):
                continue
            line0 = doc.lines.line_of(start)
            if line0 not in pairs:
                pairs[line0] = BracketPairs(doc.text, doc.lines.line_start(line0), doc.lines.line_end(line0))
            image = _image_at(doc.text, start, min(block.span.end, doc.lines.line_end(line0)), pairs[line0])
            if image is not None:
                found.append(image)
    return tuple(found)


def find_unparsed_links(doc: ProseSource) -> tuple[UnparsedLink, ...]:
    """Link syntax (not images) in paragraphs, headings and table cells that did not parse as a
    link because its destination holds whitespace; not in code spans, not escaped."""
    parsed = sorted(link.span for link in doc.links if link.syntax != "html")
    parsed_starts = [span.start for span in parsed]
    code = sorted(doc.code_spans)
    code_starts = [span.start for span in code]
    pairs: dict[int, BracketPairs] = {}
    found = []
    for block in doc.prose:
        if block.kind not in PROSE_KINDS or "](" not in doc.text[block.span.start : block.span.end]:
            continue
        for match in re.finditer(r"\[", block.text):
            start = block.start + match.start()
            if start > 0 and doc.text[start - 1] == "!":
                continue  # an image: CS303's
            if escaped(doc.text, start) or inside(code, code_starts, start):
                continue
            if any(span.start <= start < span.end for span in _around(parsed, parsed_starts, start)):
                continue
            line0 = doc.lines.line_of(start)
            if line0 not in pairs:
                pairs[line0] = BracketPairs(doc.text, doc.lines.line_start(line0), doc.lines.line_end(line0))
            link = _link_at(doc.text, start, min(block.span.end, doc.lines.line_end(line0)), pairs[line0])
            if link is not None:
                found.append(link)
    return tuple(found)


def _around(spans: list[Span], starts: list[int], offset: int) -> list[Span]:
    """The parsed links that may contain ``offset`` (those starting at or before it, nearest first)."""
    index = bisect_right(starts, offset)
    return spans[max(index - 8, 0) : index]


def _link_at(text: str, start: int, end: int, pairs: BracketPairs) -> UnparsedLink | None:
    close = pairs.squares.get(start)
    if close is None or close + 1 >= end or text[close + 1] != "(":
        return None
    body_start = close + 2
    body_end = pairs.parens.get(close + 1)
    if body_end is None or body_end >= end:
        return None
    body = text[body_start:body_end]
    raw = without_title(body.strip())
    if not raw or raw.startswith("<") or not any(c.isspace() for c in raw) or "\n" in raw:
        return None
    if not _LOOKS_LIKE_DESTINATION.search(raw):
        return None
    offset = body_start + (len(body) - len(body.lstrip()))
    dest = parse_destination(raw, offset, html=False)
    if dest.kind in (Kind.EMPTY, Kind.TEMPLATE):
        return None
    return UnparsedLink(Span(start, body_end + 1), dest, text[start + 1 : close])


def inside(spans: Sequence[Span], starts: Sequence[int], offset: int) -> bool:
    """Whether ``offset`` lies in one of ``spans`` (sorted, disjoint; ``starts`` their starts)."""
    index = bisect_right(starts, offset) - 1
    return index >= 0 and spans[index].contains(offset)


def escaped(text: str, at: int) -> bool:
    backslashes = 0
    while at - backslashes - 1 >= 0 and text[at - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


class BracketPairs:
    """The matching ``]`` of every ``[`` and ``)`` of every ``(`` on one line, found in one pass
    (backslash escapes skipped, as a scan from any unescaped bracket would skip them)."""

    __slots__ = ("parens", "squares")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.squares: dict[int, int] = {}
        self.parens: dict[int, int] = {}
        open_squares: list[int] = []
        open_parens: list[int] = []
        index = start
        while index < end:
            char = text[index]
            if char == "\\":
                index += 2
                continue
            if char == "[":
                open_squares.append(index)
            elif char == "]" and open_squares:
                self.squares[open_squares.pop()] = index
            elif char == "(":
                open_parens.append(index)
            elif char == ")" and open_parens:
                self.parens[open_parens.pop()] = index
            index += 1


def _image_at(text: str, start: int, end: int, pairs: BracketPairs) -> UnparsedImage | None:
    """The unparsed image whose ``!`` is at ``start``, looking no further than ``end``."""
    close = pairs.squares.get(start + 1)
    if close is None or close + 1 >= end or text[close + 1] != "(":
        return None
    body_start = close + 2
    body_end = pairs.parens.get(close + 1)
    if body_end is None or body_end >= end:
        return None
    body = text[body_start:body_end]
    raw = without_title(body.strip())
    if not raw or raw.startswith("<") or not any(c.isspace() for c in raw):
        return None
    offset = body_start + (len(body) - len(body.lstrip()))
    dest = parse_destination(raw, offset, html=False)
    return UnparsedImage(Span(start, body_end + 1), dest)


def without_title(body: str) -> str:
    """``body`` (stripped) without a trailing ``"title"`` or ``'title'`` set off by whitespace.

    The title's opening quote is the last such quote before the closing one (a title holds no
    quote of its kind); written as a regex, ``(.+?)\\s+"[^"]*"`` backtracks quadratically.
    """
    if len(body) >= 2 and body[-1] in "\"'":
        opening = body.rfind(body[-1], 0, len(body) - 1)
        if opening > 0 and body[opening - 1].isspace():
            return body[:opening].rstrip()
    return body
