"""Link syntax GitHub leaves as text: ``[a](my note.md)``, ``[a](#개념 정리)``.

CommonMark allows no raw whitespace in a destination that is not written in ``<…>``, so such a
construct is no link: GitHub shows its characters. :func:`unparsed_links` finds them the way
:func:`checker.links.unparsed_images` finds the images (CS303), in the same prose.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from checker.diagnostic import Span
from checker.document import Document, LinkSyntax
from checker.links import Destination, Kind, _escaped, _inside, _Pairs, _without_title, parse_destination

_PROSE_KINDS = frozenset({"paragraph", "heading", "table-cell"})
# What a destination looks like: a fragment, a path or a URL (`[1](2 3)` in a formula is none).
_LOOKS_LIKE_DESTINATION = re.compile(r"^#|[/\\]|\.[A-Za-z][A-Za-z0-9]{0,5}(?:$|[#?])|^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class UnparsedLink:
    """``[text](my note.md)``: link syntax whose destination holds raw whitespace."""

    span: Span  # from `[` to `)`
    destination: Destination  # the destination without its title
    text: str  # the link text as written


_UNPARSED: WeakKeyDictionary[Document, tuple[UnparsedLink, ...]] = WeakKeyDictionary()


def unparsed_links(doc: Document) -> tuple[UnparsedLink, ...]:
    """Link syntax (not images) in paragraphs, headings and table cells that did not parse as a
    link because its destination holds whitespace; not in code spans, not escaped."""
    found = _UNPARSED.get(doc)
    if found is None:
        found = _UNPARSED[doc] = tuple(_find(doc))
    return found


def _find(doc: Document) -> list[UnparsedLink]:
    parsed = sorted(link.span for link in doc.links if link.syntax is not LinkSyntax.HTML)
    parsed_starts = [span.start for span in parsed]
    code = sorted(doc.code_spans)
    code_starts = [span.start for span in code]
    pairs: dict[int, _Pairs] = {}
    found = []
    for block in doc.prose:
        if block.kind not in _PROSE_KINDS or "](" not in doc.text[block.span.start : block.span.end]:
            continue
        for match in re.finditer(r"\[", block.text):
            start = block.start + match.start()
            if start > 0 and doc.text[start - 1] == "!":
                continue  # an image: CS303's
            if _escaped(doc.text, start) or _inside(code, code_starts, start):
                continue
            if any(span.start <= start < span.end for span in _around(parsed, parsed_starts, start)):
                continue
            line0 = doc.lines.line_of(start)
            if line0 not in pairs:
                pairs[line0] = _Pairs(doc.text, doc.lines.line_start(line0), doc.lines.line_end(line0))
            link = _link_at(doc.text, start, min(block.span.end, doc.lines.line_end(line0)), pairs[line0])
            if link is not None:
                found.append(link)
    return found


def _around(spans: list[Span], starts: list[int], offset: int) -> list[Span]:
    """The parsed links that may contain ``offset`` (those starting at or before it, nearest first)."""
    index = bisect_right(starts, offset)
    return spans[max(index - 8, 0) : index]


def _link_at(text: str, start: int, end: int, pairs: _Pairs) -> UnparsedLink | None:
    close = pairs.squares.get(start)
    if close is None or close + 1 >= end or text[close + 1] != "(":
        return None
    body_start = close + 2
    body_end = pairs.parens.get(close + 1)
    if body_end is None or body_end >= end:
        return None
    body = text[body_start:body_end]
    raw = _without_title(body.strip())
    if not raw or raw.startswith("<") or not any(c.isspace() for c in raw) or "\n" in raw:
        return None
    if not _LOOKS_LIKE_DESTINATION.search(raw):
        return None
    offset = body_start + (len(body) - len(body.lstrip()))
    dest = parse_destination(raw, offset, html=False)
    if dest.kind in (Kind.EMPTY, Kind.TEMPLATE):
        return None
    return UnparsedLink(Span(start, body_end + 1), dest, text[start + 1 : close])
