"""One parse of a note with markdown-it-py, and the views rules need, computed once.

markdown-it-py gives block tokens with line ranges, inline tokens without positions, and
percent-encoded link targets. This module is the one place that knows that: it records where
each link, image, autolink and inline HTML tag starts and ends while the inline rules run, maps
the inline text back onto the source lines, and hands rules exact source spans, decoded
destinations, rendered heading text, GitHub slugs and the prose regions where words are checked.
"""

from __future__ import annotations

import copy
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, cached_property
from html import unescape as html_unescape
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference, unescapeAll
from markdown_it.helpers import parseLinkDestination, parseLinkLabel
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_inline.state_inline import StateInline
from markdown_it.token import Token

from checker.conflicts import DEFAULT_EXAMPLE_LANGUAGES, ConflictScan, ours_view, scan_conflicts
from checker.diagnostic import Location, Span
from checker.slug import Slugger
from checker.source import LineIndex, SourceText

# Info strings that mark a fence as prose: these notes keep their answers in plain fences. The one
# list: rules, the Q&A model and scripts ask :func:`fence_language` / :func:`is_prose_fence`.
PROSE_FENCE_LANGUAGES = frozenset({"", "text", "txt", "plain", "plaintext", "md", "markdown"})


def fence_language(info: str) -> str:
    """A fence's language: the first word of its info string, lowercased (``""`` for none)."""
    words = info.split()
    return words[0].lower() if words else ""


def is_prose_fence(info: str) -> bool:
    """Whether a fence with this info string holds prose (an answer), not code."""
    return fence_language(info) in PROSE_FENCE_LANGUAGES

_SPAN_KEY = "cscheck_span"  # token.meta key: (start, end) of the construct in the inline source
_DEFINITIONS_KEY = "cscheck_definitions"  # env key: reference definitions as they are parsed
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:.*?\n)??(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# A start tag is ``<name`` + attributes + ``/?>``, i.e. the regex
#   <([A-Za-z][A-Za-z0-9-]*)((?:\s+NAME(?:\s*=\s*VALUE)?)*)\s*/?>
# It is matched in pieces by :func:`start_tags`, which gives the same matches as ``finditer``
# with that regex in linear time (the regex rescans an unclosed run of attributes once per `<`).
_TAG_NAME = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
_TAG_ATTRIBUTE = re.compile(r"\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_TAG_END = re.compile(r"\s*/?>")
_ATTRIBUTE = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'`)\]]+|\bwww\.[^\s<>\"'`)\]]+")
_NOT_NEWLINE = re.compile(r"[^\n]")


def _kept_space(char: str) -> bool:
    """White space ``str.strip()`` removes that CommonMark does not (all but space, tab, newline)."""
    return char.isspace() and char not in " \t\n\r"


# --------------------------------------------------------------------------------------------
# The parser: one configuration everywhere, with position recording on the inline rules.


def _recording_inline_rule(
    rule: Callable[[StateInline, bool], bool], token_types: frozenset[str]
) -> Callable[[StateInline, bool], bool]:
    """Wrap an inline rule so the token it creates remembers where it starts and ends."""

    def recorded(state: StateInline, silent: bool) -> bool:
        start, first = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent:
            for token in state.tokens[first:]:
                if token.type in token_types:
                    token.meta[_SPAN_KEY] = (start, state.pos)
                    break
        return True

    return recorded


def _recording_reference_rule(
    rule: Callable[[StateBlock, int, int, bool], bool],
) -> Callable[[StateBlock, int, int, bool], bool]:
    """Wrap the block rule for ``[label]: destination`` so definitions keep their position."""

    def recorded(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if not rule(state, start_line, end_line, silent):
            return False
        if not silent:
            offset = state.bMarks[start_line] + state.tShift[start_line]
            state.env.setdefault(_DEFINITIONS_KEY, []).append(offset)
        return True

    return recorded


class _Parser(MarkdownIt):
    """GitHub's parser reads ``[x](file:///C:/a.png)`` as a link and only its sanitizer drops the
    URL; markdown-it refuses such schemes while parsing. cscheck renders nothing, so it accepts
    every destination and sees the links GitHub sees."""

    def validateLink(self, url: str) -> bool:  # noqa: N802 — markdown-it's name
        return True


# markdown-it stops reading a container nested deeper than this (each quote is one level, each list
# two: list and item) and skips its content; its recursion is bounded by it (about four frames per
# level). The preset's 20 skipped the items of a tenth nested list, which GitHub renders; 50 keeps
# every real note whole while the deepest recursion (nested link labels) stays near 220 frames.
MAX_NESTING = 50


@cache
def build_parser() -> MarkdownIt:
    """The parser every part of cscheck uses (DESIGN.md: CommonMark + HTML + tables + ~~)."""
    md = _Parser("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
    inline_rules: dict[str, frozenset[str]] = {
        "link": frozenset({"link_open"}),
        "image": frozenset({"image"}),
        "autolink": frozenset({"link_open"}),
        "html_inline": frozenset({"html_inline"}),
        "backticks": frozenset({"code_inline"}),
    }
    for name, types in inline_rules.items():
        original = md.inline.ruler.__rules__[md.inline.ruler.__find__(name)].fn
        md.inline.ruler.at(name, _recording_inline_rule(original, types))
    reference = md.block.ruler.__rules__[md.block.ruler.__find__("reference")]
    md.block.ruler.at("reference", _recording_reference_rule(reference.fn), {"alt": list(reference.alt)})
    return md


def fence_ranges(text: str) -> list[tuple[int, int, str]]:
    """(open line, close line, info) of every closed fence in ``text``, 0-based lines."""
    lines = LineIndex(text)
    ranges = []
    for token in build_parser().parse(text):
        if token.type == "fence" and token.map and _fence_closed(text, lines, token):
            ranges.append((token.map[0], token.map[1] - 1, token.info))
    return ranges


def _fence_closed(text: str, lines: LineIndex, token: Token) -> bool:
    """markdown-it runs an unclosed fence to the end of its container; tell the two apart."""
    assert token.map is not None
    first, end = token.map
    if end - first < 2:
        return False
    last = text[lines.line_start(end - 1) : lines.line_end(end - 1)]
    closing = last.strip().lstrip(">").strip()
    marker = token.markup[0]
    return closing.count(marker) == len(closing) >= len(token.markup)


# --------------------------------------------------------------------------------------------
# Mapping inline text back to the source.


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


def _blank(text: str, base: int, spans: Iterable[Span]) -> str:
    """``text`` (which starts at offset ``base``) with ``spans`` turned into spaces."""
    pieces: list[str] = []
    cursor = 0
    for span in sorted(spans):
        start, end = max(span.start - base, cursor), min(span.end - base, len(text))
        if end <= start:
            continue
        pieces.append(text[cursor:start])
        pieces.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


# --------------------------------------------------------------------------------------------
# The views.


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
    reference: str | None = None  # normalized label, for reference links

    @property
    def fragment(self) -> str | None:
        """The decoded part after ``#``, or None when there is no ``#``."""
        _, sharp, fragment = self.decoded.partition("#")
        return fragment if sharp else None

    @property
    def target(self) -> str:
        """The decoded part before ``#`` and ``?``: the file a local link points at."""
        return self.decoded.partition("#")[0].partition("?")[0]


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


@dataclass(frozen=True, slots=True)
class HtmlBlock:
    span: Span
    content: str
    line: int  # 0-based first line


class Document:
    """A parsed note. Everything is computed at most once, on first use."""

    def __init__(
        self,
        source: SourceText,
        path: Path | None = None,
        *,
        example_languages: Sequence[str] = DEFAULT_EXAMPLE_LANGUAGES,
    ) -> None:
        self.path = path
        self.source = source
        self.lines: LineIndex = source.lines
        self.conflicts: ConflictScan = scan_conflicts(source.text, example_languages)
        view = ours_view(source.text, self.conflicts)
        match = _FRONT_MATTER.match(view)
        self.front_matter: Span | None = Span(0, match.end()) if match else None
        if match:
            view = _NOT_NEWLINE.sub(" ", view[: match.end()]) + view[match.end() :]
        # The text rules read: the file with the other side of any conflict and the front matter
        # blanked, so offsets and line numbers are those of the file.
        self.text: str = view
        self._env: dict[str, Any] = {}
        self.tokens: list[Token] = build_parser().parse(view, self._env)

    @classmethod
    def from_text(cls, text: str, path: Path | None = None) -> Document:
        """A document from a string (tests and tools); line endings are normalized as usual."""
        return cls(SourceText(text, bom=False), path)

    # -- positions ---------------------------------------------------------------------------

    def location(self, span: Span) -> Location:
        return self.lines.location(span)

    def line_span(self, line0: int) -> Span:
        return Span(self.lines.line_start(line0), self.lines.line_end(line0))

    def line_text(self, line0: int) -> str:
        """A line of the text rules read (the ours view)."""
        return self.text[self.lines.line_start(line0) : self.lines.line_end(line0)]

    def lines_span(self, first_line0: int, end_line0: int) -> Span:
        """From the start of ``first_line0`` to the end of line ``end_line0 - 1``."""
        return Span(self.lines.line_start(first_line0), self.lines.line_end(max(end_line0 - 1, first_line0)))

    def _map(self, token: Token, first_line: int, start_hint: int | None = None) -> ContentMap:
        return map_content(self.text, self.lines, token.content, first_line, start_hint)

    @cached_property
    def _inline_maps(self) -> dict[int, ContentMap]:
        """Content maps of every inline token, by token index."""
        maps: dict[int, ContentMap] = {}
        row_cells: dict[int, list[int]] = {}  # table row line → source offset of each cell
        row_cursor: dict[int, int] = {}  # table row line → cells of it seen so far
        for index, token in enumerate(self.tokens):
            if token.type != "inline" or token.map is None:
                continue
            first = token.map[0]
            parent = self.tokens[index - 1].type if index else ""
            if parent in ("th_open", "td_open"):
                if first not in row_cells:
                    row_cells[first] = self._cell_starts(first)
                cell = row_cursor.get(first, 0)
                row_cursor[first] = cell + 1
                starts = row_cells[first]
                hint = starts[cell] if cell < len(starts) else self.lines.line_end(first)
                maps[index] = self._map(token, first, hint)
            else:
                maps[index] = self._map(token, first)
        return maps

    def _cell_starts(self, line0: int) -> list[int]:
        """Where each cell of a table row starts: the row split at unescaped ``|`` as
        markdown-it's table rule splits it (an empty cell is a cell, so later cells never shift).
        The container prefix (``> ``, indentation) holds no ``|``, so splitting the whole line
        gives the same cells, the first one with the prefix in front."""
        start, end = self.lines.line_start(line0), self.lines.line_end(line0)
        line = self.text[start:end]
        starts = [start]
        escaped = False
        for at, char in enumerate(line):
            if char == "|" and not escaped:
                starts.append(start + at + 1)
            escaped = char == "\\"
        if not line[: starts[1] - start - 1 if len(starts) > 1 else len(line)].strip(" \t>"):
            starts.pop(0)  # a leading pipe: nothing before it is a cell
        return starts

    # -- headings and anchors ----------------------------------------------------------------

    @cached_property
    def headings(self) -> list[Heading]:
        slugger = Slugger()
        headings: list[Heading] = []
        for index, token in enumerate(self.tokens):
            if token.type != "heading_open" or token.map is None:
                continue
            inline = self.tokens[index + 1]
            content_map = self._inline_maps.get(index + 1)
            text = rendered_text(inline.children or [])
            setext = token.markup in ("=", "-")
            start_line, end_line = token.map
            span = self.lines_span(start_line, end_line)
            text_span = content_map.span(0, len(inline.content)) if content_map else span
            if inline.content:
                text_span, text = self._unstripped(text_span, text)
            headings.append(
                Heading(
                    level=int(token.tag[1]),
                    span=span,
                    text_span=text_span,
                    text=text,
                    slug=slugger.slug(text),
                    line=start_line,
                    setext=setext,
                    token_index=index,
                )
            )
        return headings

    def _unstripped(self, span: Span, text: str) -> tuple[Span, str]:
        """Give back the whitespace markdown-it-py strips and GitHub keeps around a heading.

        CommonMark strips only spaces and tabs from a heading's content; markdown-it-py uses
        ``str.strip()``, which also takes a no-break space or U+3000 at either end. GitHub's text
        keeps them (the slug drops them anyway, but the text is what messages and questions show).
        """
        start, end = span.start, span.end
        while start > 0 and _kept_space(self.text[start - 1]):
            start -= 1
        while end < len(self.text) and _kept_space(self.text[end]):
            end += 1
        if (start, end) == (span.start, span.end):
            return span, text
        return Span(start, end), self.text[start : span.start] + text + self.text[span.end : end]

    @cached_property
    def slugs(self) -> frozenset[str]:
        return frozenset(h.slug for h in self.headings)

    @cached_property
    def fragments(self) -> FragmentIndex:
        return FragmentIndex.of(self.headings, self.anchors)

    def note_anchors(self) -> NoteAnchors:
        return NoteAnchors(tuple(self.headings), tuple(self.anchors), self.slugs, self.fragments)

    @cached_property
    def anchors(self) -> list[Anchor]:
        anchors: list[Anchor] = []
        for tag, attributes, _ in self._html_tags:
            for name, value, span in attributes:
                if name == "id" or (name == "name" and tag == "a"):
                    anchors.append(Anchor(html_unescape(value), span))
        return anchors

    # -- HTML --------------------------------------------------------------------------------

    @cached_property
    def html_blocks(self) -> list[HtmlBlock]:
        blocks = []
        for token in self.tokens:
            if token.type == "html_block" and token.map is not None:
                blocks.append(HtmlBlock(self.lines_span(token.map[0], token.map[1]), token.content, token.map[0]))
        return blocks

    @cached_property
    def _html_fragments(self) -> list[tuple[str, ContentMap, bool]]:
        """(html source, map into the document, inline?) for every HTML block and inline tag."""
        fragments: list[tuple[str, ContentMap, bool]] = []
        for index, token in enumerate(self.tokens):
            if token.type == "html_block" and token.map is not None:
                fragments.append((token.content, self._map(token, token.map[0]), False))
            elif token.type == "inline" and token.children and index in self._inline_maps:
                content_map = self._inline_maps[index]
                for child in token.children:
                    if child.type == "html_inline" and _SPAN_KEY in child.meta:
                        start, end = child.meta[_SPAN_KEY]
                        fragments.append((token.content[start:end], content_map.shifted(start), True))
        return fragments

    @cached_property
    def html_tags(self) -> list[HtmlTag]:
        """Every HTML start tag outside code and comments (``<details>``, ``<summary>``, ``<img>``…)."""
        return [HtmlTag(name, span) for name, _, span in self._html_tags]

    @cached_property
    def _html_tags(self) -> list[tuple[str, list[tuple[str, str, Span]], Span]]:
        """Every HTML start tag: (tag name, [(attribute, value, value span)], tag span)."""
        tags = []
        for fragment, content_map, _ in self._html_fragments:
            if "<" not in fragment:
                continue
            # A tag inside a comment is not rendered: blank the comments, keeping offsets.
            html = _blank_comments(fragment) if "<!--" in fragment else fragment
            for tag in start_tags(html):
                attributes = []
                for attribute in _ATTRIBUTE.finditer(tag.attributes):
                    group = next((g for g in (2, 3, 4) if attribute.group(g) is not None), None)
                    if group is None:
                        continue
                    offset = tag.attributes_start
                    span = content_map.span(offset + attribute.start(group), offset + attribute.end(group))
                    attributes.append((attribute.group(1).lower(), attribute.group(group), span))
                tags.append((tag.name.lower(), attributes, content_map.span(tag.start, tag.end)))
        return tags

    @cached_property
    def comments(self) -> list[Comment]:
        comments = []
        for html, content_map, _ in self._html_fragments:
            for start, end in html_comments(html):
                comments.append(Comment(content_map.span(start, end), html[start + 4 : end - 3]))
        return comments

    # -- links -------------------------------------------------------------------------------

    @cached_property
    def definitions(self) -> dict[str, Definition]:
        definitions: dict[str, Definition] = {}
        for offset in self._env.get(_DEFINITIONS_KEY, []):
            definition = _parse_definition(self.text, offset)
            if definition is not None and definition.label not in definitions:
                definitions[definition.label] = definition
        return definitions

    @cached_property
    def links(self) -> list[Link]:
        links: list[Link] = []
        heading_of = {h.token_index + 1: number for number, h in enumerate(self.headings)}
        for index, token in enumerate(self.tokens):
            if token.type == "inline" and token.children and index in self._inline_maps:
                links.extend(self._inline_links(token, self._inline_maps[index], heading_of.get(index)))
        for tag, attributes, _ in self._html_tags:
            wanted = {"img": "src", "a": "href"}.get(tag)
            for name, value, span in attributes:
                if name == wanted:
                    decoded = unquote(html_unescape(value))
                    links.append(Link(tag == "img", LinkSyntax.HTML, value, decoded, span, span, False, "", None))
        links.sort(key=lambda link: link.span.start)
        return links

    def _inline_links(self, token: Token, content_map: ContentMap, heading: int | None) -> Iterator[Link]:
        children = token.children or []
        state: StateInline | None = None
        for position, child in enumerate(children):
            if _SPAN_KEY not in child.meta:
                continue
            start, end = child.meta[_SPAN_KEY]
            if child.type == "link_open" and child.markup == "autolink":
                destination = token.content[start + 1 : end - 1]
                yield Link(
                    False,
                    LinkSyntax.AUTOLINK,
                    destination,
                    unquote(destination),
                    content_map.span(start + 1, end - 1),
                    content_map.span(start, end),
                    True,
                    destination,
                    heading,
                )
                continue
            if child.type not in ("link_open", "image"):
                continue
            if state is None:
                state = StateInline(token.content, build_parser(), self._env, [])
            image = child.type == "image"
            text = rendered_text(child.children or []) if image else _link_text(children, position)
            located = _locate_destination(state, start, end, image)
            if isinstance(located, tuple):
                dest_start, dest_end, angle = located
                destination = token.content[dest_start:dest_end]
                yield Link(
                    image,
                    LinkSyntax.INLINE,
                    destination,
                    unquote(unescapeAll(destination)),
                    content_map.span(dest_start, dest_end),
                    content_map.span(start, end),
                    angle,
                    text,
                    heading,
                )
            else:
                definition = self.definitions.get(located)
                if definition is None or located.startswith("^"):
                    # `[^1]` with `[^1]: text` is a footnote on GitHub (GFM), not a link.
                    continue
                yield Link(
                    image,
                    LinkSyntax.REFERENCE,
                    definition.destination,
                    unquote(unescapeAll(definition.destination)),
                    definition.destination_span,
                    content_map.span(start, end),
                    definition.angle,
                    text,
                    heading,
                    located,
                )

    @cached_property
    def code_spans(self) -> list[Span]:
        """Inline code spans, backticks included: text GitHub shows verbatim, never as a link."""
        spans: list[Span] = []
        for index, token in enumerate(self.tokens):
            if token.type == "inline" and token.children and index in self._inline_maps:
                content_map = self._inline_maps[index]
                for child in token.children:
                    if child.type == "code_inline" and _SPAN_KEY in child.meta:
                        spans.append(content_map.span(*child.meta[_SPAN_KEY]))
        return spans

    # -- fences and prose --------------------------------------------------------------------

    @cached_property
    def fences(self) -> list[Fence]:
        fences = []
        for token in self.tokens:
            if token.type != "fence" or token.map is None:
                continue
            first, end = token.map
            closed = _fence_closed(self.text, self.lines, token)
            content_end = end - 1 if closed else end
            if content_end > first + 1:
                content_span = self.lines_span(first + 1, content_end)
            else:
                content_span = Span(self.lines.line_end(first), self.lines.line_end(first))
            info = token.info.strip()
            fences.append(
                Fence(
                    span=self.lines_span(first, end),
                    info=info,
                    language=fence_language(info),
                    content_span=content_span,
                    content=token.content,
                    closed=closed,
                    line=first,
                )
            )
        return fences

    @cached_property
    def prose(self) -> list[ProseBlock]:
        """Where words are checked: inline text, HTML text and prose fences, without markup."""
        blocks: list[ProseBlock] = []
        markup = _SpanIndex(self._markup_spans)
        for index, token in enumerate(self.tokens):
            if token.type == "inline" and index in self._inline_maps:
                parent = self.tokens[index - 1].type if index else ""
                kind = {"heading_open": "heading", "th_open": "table-cell", "td_open": "table-cell"}.get(
                    parent, "paragraph"
                )
                blocks.append(self._prose_block(self._inline_maps[index], token.content, kind, markup))
            elif token.type == "html_block" and token.map is not None:
                content_map = self._map(token, token.map[0])
                tags = [content_map.span(start, end) for start, end in html_tag_spans(token.content)]
                blocks.append(self._prose_block(content_map, token.content, "html", _SpanIndex(tags)))
            elif token.type == "fence" and token.map is not None and is_prose_fence(token.info) and token.content:
                content_map = self._map(token, token.map[0] + 1)
                blocks.append(self._prose_block(content_map, token.content, "fence", _SpanIndex([])))
        return [b for b in blocks if b.text.strip()]

    @cached_property
    def _markup_spans(self) -> list[Span]:
        """Link destinations, HTML tags and autolinks: not prose even inside a paragraph."""
        spans: list[Span] = []
        for link in self.links:
            if link.syntax is LinkSyntax.INLINE:
                # Everything from the destination to the closing parenthesis (title included).
                spans.append(Span(link.destination_span.start, link.span.end))
            elif link.syntax is LinkSyntax.AUTOLINK:
                spans.append(link.span)
        for html, content_map, inline in self._html_fragments:
            if inline:
                spans.append(content_map.span(0, len(html)))
        return spans

    def _prose_block(self, content_map: ContentMap, content: str, kind: str, markup: _SpanIndex) -> ProseBlock:
        whole = content_map.span(0, len(content.rstrip("\n")))
        gaps = []
        cursor = whole.start
        for span in content_map.covered():
            if span.start > cursor:
                gaps.append(Span(cursor, span.start))
            cursor = max(cursor, span.end)
        if cursor < whole.end:
            gaps.append(Span(cursor, whole.end))
        text = self.text[whole.start : whole.end]
        urls = []
        if "://" in text or "www." in text:
            urls = [Span(whole.start + m.start(), whole.start + m.end()) for m in _BARE_URL.finditer(text)]
        excluded = [*gaps, *markup.overlapping(whole), *urls]
        return ProseBlock(whole.start, _blank(text, whole.start, excluded) if excluded else text, kind)


class _SpanIndex:
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


# --------------------------------------------------------------------------------------------
# HTML scanning in linear time. A regex like ``<!--.*?-->`` searched over 20 000 ``<!--`` with no
# ``-->`` rescans the rest of the text from every one of them; these scanners give the same
# matches as ``re.finditer`` with the regexes in their docstrings, but look at each character a
# bounded number of times.


def html_comments(html: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every ``<!-- … -->``: the matches of ``<!--.*?-->`` (DOTALL)."""
    at = html.find("<!--")
    while at != -1:
        close = html.find("-->", at + 4)
        if close == -1:
            return  # no later comment can close either
        yield at, close + 3
        at = html.find("<!--", close + 3)


def _blank_comments(html: str) -> str:
    """``html`` with every comment's characters but newlines turned into spaces."""
    pieces: list[str] = []
    cursor = 0
    for start, end in html_comments(html):
        pieces.append(html[cursor:start])
        pieces.append(_NOT_NEWLINE.sub(" ", html[start:end]))
        cursor = end
    pieces.append(html[cursor:])
    return "".join(pieces)


def html_tag_spans(html: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every tag and comment: the matches of ``</?[A-Za-z][^>]*>|<!--.*?-->``
    (DOTALL)."""
    last_close = html.rfind(">")
    comments_possible = True
    at = html.find("<")
    while at != -1 and at < last_close:
        letter = html[at + 2 : at + 3] if html.startswith("</", at) else html[at + 1 : at + 2]
        if letter in _ASCII_LETTERS and letter:
            end = html.find(">", at) + 1  # there is one: at < last_close
            yield at, end
            at = html.find("<", end)
            continue
        if comments_possible and html.startswith("<!--", at):
            close = html.find("-->", at + 4)
            if close != -1:
                yield at, close + 3
                at = html.find("<", close + 3)
                continue
            comments_possible = False
        at = html.find("<", at + 1)


@dataclass(frozen=True, slots=True)
class StartTag:
    name: str
    attributes: str  # the attribute text as written, from the name's end to the last attribute's end
    attributes_start: int
    start: int
    end: int


def start_tags(html: str) -> Iterator[StartTag]:
    """Every HTML start tag, left to right, as ``re.finditer`` with the regex above :data:`_TAG_NAME`
    finds them.

    The attribute loop is deterministic (each attribute is matched greedily; no other split can
    succeed), so where it ends from a given position is a function of that position alone: it is
    remembered for every position the loop passes, and a later ``<`` whose loop reaches one of
    them stops there. An unclosed run of attributes is walked once, not once per ``<`` in it.
    """
    outcome: dict[int, tuple[int, int] | None] = {}  # loop position → (loop end, tag end) or None
    at = html.find("<")
    while at != -1:
        name = _TAG_NAME.match(html, at)
        if name is None:
            at = html.find("<", at + 1)
            continue
        position = name.end()
        passed: list[int] = []
        while position not in outcome:
            passed.append(position)
            attribute = _TAG_ATTRIBUTE.match(html, position)
            if attribute is None:
                end = _TAG_END.match(html, position)
                outcome[position] = (position, end.end()) if end else None
                break
            position = attribute.end()
        result = outcome[position]
        for visited in passed:
            outcome[visited] = result
        if result is None:
            at = html.find("<", at + 1)
            continue
        loop_end, tag_end = result
        yield StartTag(name.group(1), html[name.end() : loop_end], name.end(), at, tag_end)
        at = html.find("<", tag_end)


def rendered_text(children: Sequence[Token]) -> str:
    """The text content GitHub renders for inline tokens: what it slugs a heading from."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def _link_text(children: Sequence[Token], open_index: int) -> str:
    """The rendered text between a link_open and its link_close."""
    depth = 0
    end = open_index + 1
    while end < len(children):
        kind = children[end].type
        if kind == "link_close" and depth == 0:
            break
        depth += (kind == "link_open") - (kind == "link_close")
        end += 1
    return rendered_text(children[open_index + 1 : end])


def _locate_destination(state: StateInline, start: int, end: int, image: bool) -> tuple[int, int, bool] | str:
    """Mirror markdown-it's link rule: (destination start, end, angle) or a reference label."""
    src = state.src
    label_open = start + 1 if image else start
    state.pos, state.posMax = label_open, end
    label_end = parseLinkLabel(state, label_open, not image)
    state.pos, state.posMax = 0, len(src)
    pos = label_end + 1
    if label_end >= 0 and pos < end and src[pos] == "(":
        pos += 1
        while pos < end and src[pos] in " \t\n":
            pos += 1
        result = parseLinkDestination(src, pos, end)
        if result.ok:
            angle = src[pos] == "<"
            after = result.pos
            close = after
            while close < end and src[close] in " \t\n":
                close += 1
            if close < end and (src[close] == ")" or src[close] in "\"'("):
                return (pos + 1, after - 1, True) if angle else (pos, after, False)
    # Reference: [text][label], [label][] or [label]
    label = src[label_open + 1 : label_end] if label_end >= 0 else ""
    if pos < end and src[pos] == "[":
        close = src.find("]", pos)
        if close != -1 and close > pos + 1:
            label = src[pos + 1 : close]
    return normalizeReference(label)


def _parse_definition(text: str, offset: int) -> Definition | None:
    """Locate label and destination of the definition that starts at ``offset``."""
    label_end = offset + 1
    while label_end < len(text) and text[label_end] != "]":
        label_end += 2 if text[label_end] == "\\" else 1
    if label_end >= len(text) or text[label_end + 1 : label_end + 2] != ":":
        return None
    pos = label_end + 2
    while pos < len(text) and text[pos] in " \t\n>":
        pos += 1
    result = parseLinkDestination(text, pos, len(text))
    if not result.ok:
        return None
    angle = text[pos] == "<"
    start, end = (pos + 1, result.pos - 1) if angle else (pos, result.pos)
    line_end = text.find("\n", offset)
    return Definition(
        normalizeReference(text[offset + 1 : label_end]),
        Span(offset, line_end if line_end != -1 else len(text)),
        text[start:end],
        Span(start, end),
        angle,
    )
