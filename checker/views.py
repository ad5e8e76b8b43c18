"""The values a Document's views hand to rules: headings, anchors, links, definitions, fences,
comments, prose blocks and HTML tags (frozen, with source spans).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from checker.destination import Destination
from checker.diagnostic import Span
from checker.parser import (
    PROSE_FENCE_LANGUAGES,
)


class LinkSyntax(StrEnum):
    INLINE = "inline"  # [text](dest)
    REFERENCE = "reference"  # [text][label], [label][], [label]
    AUTOLINK = "autolink"  # <https://…>
    HTML = "html"  # <img src=…>, <a href=…>


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    span: Span  # the heading's source, markers included (setext: both lines)
    text_span: Span  # the inline content
    text: str  # rendered text content, as GitHub slugs it
    slug: str  # unique within the document
    line: int  # 0-based line of the heading (its text line)
    setext: bool
    token_index: int  # index of heading_open in Document.tokens

    @property
    def plain_text(self) -> str:
        """The rendered text on one line, for messages."""
        return " ".join(self.text.split())


@dataclass(frozen=True, slots=True)
class Anchor:
    """An explicit anchor: ``<a name=…>``, or ``id=…`` on any tag."""

    name: str
    span: Span  # the attribute value


@dataclass(frozen=True, slots=True)
class FragmentIndex:
    """A note's fragments made ready for look-ups: every link asks it in O(1), where building a
    set or scanning every anchor per link made thousands of links into thousands of anchors
    quadratic."""

    names: tuple[str, ...]  # heading slugs, then explicit anchors, in order
    explicit: frozenset[str]
    by_lower: dict[str, str]  # each name lower-cased → the first name that lower-cases to it

    @classmethod
    def of(cls, headings: Sequence[Heading], anchors: Sequence[Anchor]) -> FragmentIndex:
        names = (*(h.slug for h in headings), *(a.name for a in anchors))
        by_lower: dict[str, str] = {}
        for name in names:
            by_lower.setdefault(name.lower(), name)
        return cls(names, frozenset(a.name for a in anchors), by_lower)


@dataclass(frozen=True, slots=True)
class NoteAnchors:
    """What a note offers to links from other notes: its headings and explicit anchors.

    Small enough to keep for every note of a run, unlike a Document with its tokens.
    """

    headings: tuple[Heading, ...]
    anchors: tuple[Anchor, ...]
    slugs: frozenset[str]
    fragments: FragmentIndex


@dataclass(frozen=True, slots=True)
class Definition:
    """A reference definition ``[label]: destination "title"``."""

    label: str  # normalized
    span: Span  # the whole definition's first line
    destination: str
    destination_span: Span
    angle: bool


@dataclass(frozen=True, slots=True)
class Link:
    """A link or image, wherever it is written: Markdown or HTML."""

    image: bool
    syntax: LinkSyntax
    destination: str  # exactly as written (without <>)
    decoded: str  # backslash escapes and entities resolved, then percent-decoded
    destination_span: Span  # where a fix rewrites the destination (in the definition, if reference)
    span: Span  # the whole construct
    angle: bool  # written as <destination>
    text: str  # link text or image alt
    heading: int | None  # index into Document.headings when the link sits in a heading
    dest: Destination  # the destination as written, split and classified (parsed once, here)
    reference: str | None = None  # normalized label, for reference links


@dataclass(frozen=True, slots=True)
class Fence:
    span: Span  # from the opening fence line to the closing one
    info: str
    language: str  # first word of the info string, lowercased
    content_span: Span
    content: str
    closed: bool
    line: int  # 0-based line of the opening fence

    @property
    def prose(self) -> bool:
        return self.language in PROSE_FENCE_LANGUAGES


@dataclass(frozen=True, slots=True)
class Comment:
    """An HTML comment outside code: where suppressions are written."""

    span: Span
    body: str


@dataclass(frozen=True, slots=True)
class ProseBlock:
    """A region whose words are checked; non-prose characters are blanked to spaces.

    ``text[i]`` is the document character at ``start + i`` or a space standing in for markup
    (URLs, link destinations, HTML tags, container prefixes); newlines are kept.
    """

    start: int
    text: str
    kind: str  # paragraph | heading | table-cell | html | fence

    @property
    def span(self) -> Span:
        return Span(self.start, self.start + len(self.text))


@dataclass(frozen=True, slots=True)
class HtmlTag:
    """An HTML start tag GitHub sees (not inside code or a comment)."""

    name: str  # lowercased
    span: Span  # from ``<`` to ``>``
