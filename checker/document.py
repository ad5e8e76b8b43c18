"""One parse of a note with markdown-it-py, and the views rules need, computed once.

markdown-it-py gives block tokens with line ranges, inline tokens without positions, and
percent-encoded link targets. This module is the one place that knows that: it records where
each link, image, autolink and inline HTML tag starts and ends while the inline rules run, maps
the inline text back onto the source lines, and hands rules exact source spans, decoded
destinations, rendered heading text, GitHub slugs and the prose regions where words are checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cached_property
from html import unescape as html_unescape
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it.common.utils import normalizeReference, unescapeAll
from markdown_it.helpers import parseLinkDestination
from markdown_it.rules_inline.state_inline import StateInline
from markdown_it.token import Token

from checker.conflicts import DEFAULT_EXAMPLE_LANGUAGES, ConflictScan, ours_view, scan_conflicts
from checker.content_map import NOT_NEWLINE, ContentMap, SpanIndex, blank, map_content
from checker.destination import Destination, parse_destination
from checker.diagnostic import Location, Span
from checker.html import ATTRIBUTE, blank_comments, html_comments, html_tag_spans, start_tags
from checker.parser import (
    DEFINITIONS_KEY,
    SPAN_KEY,
    build_parser,
    fence_closed,
    fence_language,
    is_prose_fence,
    link_text,
    locate_destination,
    rendered_text,
)
from checker.slug import Slugger
from checker.source import LineIndex, SourceText
from checker.unparsed import UnparsedImage, UnparsedLink, find_unparsed_images, find_unparsed_links
from checker.views import (
    Anchor,
    Comment,
    Definition,
    Fence,
    FragmentIndex,
    Heading,
    HtmlTag,
    Link,
    LinkSyntax,
    NoteAnchors,
    ProseBlock,
)

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:.*?\n)??(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'`)\]]+|\bwww\.[^\s<>\"'`)\]]+")


def _kept_space(char: str) -> bool:
    """White space ``str.strip()`` removes that CommonMark does not (all but space, tab, newline)."""
    return char.isspace() and char not in " \t\n\r"


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
            view = NOT_NEWLINE.sub(" ", view[: match.end()]) + view[match.end() :]
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
    def _html_fragments(self) -> list[tuple[str, ContentMap, bool]]:
        """(html source, map into the document, inline?) for every HTML block and inline tag."""
        fragments: list[tuple[str, ContentMap, bool]] = []
        for index, token in enumerate(self.tokens):
            if token.type == "html_block" and token.map is not None:
                fragments.append((token.content, self._map(token, token.map[0]), False))
            elif token.type == "inline" and token.children and index in self._inline_maps:
                content_map = self._inline_maps[index]
                for child in token.children:
                    if child.type == "html_inline" and SPAN_KEY in child.meta:
                        start, end = child.meta[SPAN_KEY]
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
            html = blank_comments(fragment) if "<!--" in fragment else fragment
            for tag in start_tags(html):
                attributes = []
                for attribute in ATTRIBUTE.finditer(tag.attributes):
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
        for offset in self._env.get(DEFINITIONS_KEY, []):
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
                    dest = self._destination(span, html=True)
                    links.append(Link(tag == "img", LinkSyntax.HTML, value, decoded, span, span, False, "", None, dest))
        links.sort(key=lambda link: link.span.start)
        return links

    def _inline_links(self, token: Token, content_map: ContentMap, heading: int | None) -> Iterator[Link]:
        children = token.children or []
        state: StateInline | None = None
        for position, child in enumerate(children):
            if SPAN_KEY not in child.meta:
                continue
            start, end = child.meta[SPAN_KEY]
            if child.type == "link_open" and child.markup == "autolink":
                destination = token.content[start + 1 : end - 1]
                destination_span = content_map.span(start + 1, end - 1)
                yield Link(
                    False,
                    LinkSyntax.AUTOLINK,
                    destination,
                    unquote(destination),
                    destination_span,
                    content_map.span(start, end),
                    True,
                    destination,
                    heading,
                    self._destination(destination_span, html=False),
                )
                continue
            if child.type not in ("link_open", "image"):
                continue
            if state is None:
                state = StateInline(token.content, build_parser(), self._env, [])
            image = child.type == "image"
            text = rendered_text(child.children or []) if image else link_text(children, position)
            located = locate_destination(state, start, end, image)
            if isinstance(located, tuple):
                dest_start, dest_end, angle = located
                destination = token.content[dest_start:dest_end]
                destination_span = content_map.span(dest_start, dest_end)
                yield Link(
                    image,
                    LinkSyntax.INLINE,
                    destination,
                    unquote(unescapeAll(destination)),
                    destination_span,
                    content_map.span(start, end),
                    angle,
                    text,
                    heading,
                    self._destination(destination_span, html=False),
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
                    self._destination(definition.destination_span, html=False),
                    located,
                )

    def _destination(self, span: Span, *, html: bool) -> Destination:
        return parse_destination(self.text[span.start : span.end], span.start, html=html)

    @cached_property
    def unparsed_images(self) -> tuple[UnparsedImage, ...]:
        """Image syntax in prose GitHub shows as text: its destination holds whitespace."""
        return find_unparsed_images(self)

    @cached_property
    def unparsed_links(self) -> tuple[UnparsedLink, ...]:
        """Link syntax in prose GitHub shows as text: its destination holds whitespace."""
        return find_unparsed_links(self)

    @cached_property
    def code_spans(self) -> list[Span]:
        """Inline code spans, backticks included: text GitHub shows verbatim, never as a link."""
        spans: list[Span] = []
        for index, token in enumerate(self.tokens):
            if token.type == "inline" and token.children and index in self._inline_maps:
                content_map = self._inline_maps[index]
                for child in token.children:
                    if child.type == "code_inline" and SPAN_KEY in child.meta:
                        spans.append(content_map.span(*child.meta[SPAN_KEY]))
        return spans

    # -- fences and prose --------------------------------------------------------------------

    @cached_property
    def fences(self) -> list[Fence]:
        fences = []
        for token in self.tokens:
            if token.type != "fence" or token.map is None:
                continue
            first, end = token.map
            closed = fence_closed(self.text, self.lines, token)
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
        markup = SpanIndex(self._markup_spans)
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
                blocks.append(self._prose_block(content_map, token.content, "html", SpanIndex(tags)))
            elif token.type == "fence" and token.map is not None and is_prose_fence(token.info) and token.content:
                content_map = self._map(token, token.map[0] + 1)
                blocks.append(self._prose_block(content_map, token.content, "fence", SpanIndex([])))
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

    def _prose_block(self, content_map: ContentMap, content: str, kind: str, markup: SpanIndex) -> ProseBlock:
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
        return ProseBlock(whole.start, blank(text, whole.start, excluded) if excluded else text, kind)


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
