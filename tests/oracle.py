"""cmark-gfm, the parser github.com renders Markdown with, as an oracle for the document model.

:func:`github_view` renders a note with cmark-gfm (``SOURCEPOS``, ``UNSAFE``, ``FOOTNOTES`` and the
GFM extensions GitHub enables) and reads back from the HTML what cscheck's rules rely on;
:func:`cscheck_view` reads the same things from :class:`checker.document.Document`. The two are
compared per note by ``tests/test_oracle.py``; :func:`explain` names the known, accepted reason for
a disagreement (the one allow-list), or returns None for a disagreement that is a defect.

cmark-gfm gives source positions for blocks only (``data-sourcepos``). A link generated from
Markdown gets its line from the leaf block it sits in plus the line breaks rendered before it; raw
HTML is copied to the output verbatim, so a raw tag's line is where its text appears in the source
(searched forward from the last block seen).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote

import cmarkgfm
from cmarkgfm.cmark import Options

from checker.document import Document
from checker.slug import Slugger

OPTIONS = Options.CMARK_OPT_SOURCEPOS | Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
EXTENSIONS = ("table", "strikethrough", "autolink", "tagfilter", "tasklist")

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_INLINE_BLOCKS = _HEADINGS | {"p", "td", "th"}
_MARKDOWN_LINK = re.compile(r"\[[^\]]*\]|<[A-Za-z][A-Za-z0-9+.-]*:")
_SOURCEPOS = re.compile(r"(\d+):(\d+)-(\d+):(\d+)")


@dataclass
class View:
    """What a reader of the rendered note sees, with 1-based source lines."""

    headings: list[tuple[int, str, str]] = field(default_factory=list)  # (line, text, slug)
    images: Counter[str] = field(default_factory=Counter)  # decoded src
    links: Counter[tuple[int, str]] = field(default_factory=Counter)  # (line, decoded href)
    code_lines: set[int] = field(default_factory=set)
    details: Counter[tuple[str, int]] = field(default_factory=Counter)  # ("details" | "summary", line)


def render(text: str) -> str:
    """The HTML cmark-gfm renders for ``text``, as github.com's pipeline configures it."""
    return cmarkgfm.markdown_to_html_with_extensions(text, options=OPTIONS, extensions=list(EXTENSIONS))


def decode_url(url: str) -> str:
    return unquote(url)


@dataclass
class _Open:
    tag: str
    start: int  # source line
    end: int
    output_line: int
    # Where counting rendered line breaks starts: the element's start, or the end of its last
    # positioned child (after a sublist, a tight item's text goes on on the next source line).
    anchor: tuple[int, int] = (0, 0)  # (source line, output line)


class _Reader(HTMLParser):
    def __init__(self, source_lines: list[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.source_lines = source_lines
        self.view = View()
        self.stack: list[_Open] = []
        self.cursor = 1  # raw HTML is searched for from this source line on
        self.heading: list[str] | None = None
        self.heading_line = 0
        self.slugger = Slugger()

    # -- where a tag is ----------------------------------------------------------------------

    def _leaf(self) -> _Open | None:
        """The innermost block cmark gave a position (a paragraph, cell, heading, tight item…)."""
        return self.stack[-1] if self.stack else None

    def _raw_line(self, tag_text: str) -> int | None:
        """The first source line from the cursor on that holds ``tag_text`` (its first line)."""
        first = tag_text.split("\n", 1)[0]
        for line in range(self.cursor, len(self.source_lines) + 1):
            if first in self.source_lines[line - 1]:
                self.cursor = line
                return line
        return None

    def _line(self, tag_text: str, attribute: str | None = None) -> int:
        """The tag's source line; for a raw tag with ``attribute``, the line its value starts on."""
        leaf = self._leaf()
        found: int | None = None
        if leaf is not None:
            first = tag_text.split("\n", 1)[0]
            window = "\n".join(self.source_lines[leaf.start - 1 : leaf.end])
            # In a block of inline content every rendered line break is a source line break;
            # elsewhere (a list item holding an HTML block) blank lines may be dropped, so the
            # count is trusted for a raw tag only when it lands on a line holding the tag.
            source_line, output_line = leaf.anchor
            counted = source_line + self.getpos()[0] - output_line
            text = self.source_lines[counted - 1] if 1 <= counted <= len(self.source_lines) else ""
            if leaf.tag in _INLINE_BLOCKS or first not in window or first in text:
                found = counted
            elif _MARKDOWN_LINK.search(text):
                found = counted  # generated from the Markdown link written there
        if found is None:
            found = self._raw_line(tag_text)
        if found is None:
            return -1
        if attribute is not None:
            value = re.search(attribute + r"\s*=\s*[\"']?\s*", tag_text, re.IGNORECASE)
            if value is not None:
                found += tag_text[: value.end()].count("\n")
        return found

    # -- parser callbacks --------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        position = attributes.get("data-sourcepos")
        match = _SOURCEPOS.fullmatch(position) if position else None
        if match:
            start, end = int(match.group(1)), int(match.group(3))
            if start == 0:
                # cmark-gfm loses the position of a paragraph that starts with text the autolink
                # extension split (`data-sourcepos="0:0-0:0"`): it is the next non-blank line.
                start = next(
                    (n for n in range(self.cursor + 1, len(self.source_lines) + 1) if self.source_lines[n - 1].strip()),
                    self.cursor,
                )
                end = start
            self.stack.append(_Open(tag, start, end, self.getpos()[0], (start, self.getpos()[0])))
            self.cursor = max(self.cursor, start)
            if tag == "pre":
                self.view.code_lines.update(range(start, end + 1))
            if tag in _HEADINGS:
                self.heading, self.heading_line = [], start
            return
        tag_text = self.get_starttag_text() or ""
        if tag == "img" and attributes.get("src") is not None:
            self.view.images[decode_url(attributes["src"] or "")] += 1
            self._line(tag_text)  # moves the cursor past raw tags
        elif tag == "a" and attributes.get("href") is not None:
            if "data-footnote-ref" in attributes or "data-footnote-backref" in attributes:
                return  # GitHub's own footnote links
            line = self._line(tag_text, "href")
            self.view.links[(line, decode_url(attributes["href"] or ""))] += 1
        elif tag in ("details", "summary"):
            self.view.details[(tag, self._line(tag_text))] += 1

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1].tag == tag:
            element = self.stack.pop()
            self.cursor = max(self.cursor, element.end)
            if self.stack:
                self.stack[-1].anchor = (element.end, self.getpos()[0])
            if tag in _HEADINGS and self.heading is not None:
                text = "".join(self.heading)
                self.view.headings.append((self.heading_line, text, self.slugger.slug(text)))
                self.heading = None

    def handle_data(self, data: str) -> None:
        if self.heading is not None:
            self.heading.append(data)


def github_view(text: str) -> View:
    reader = _Reader(re.split(r"\r\n|\r|\n", text))  # not splitlines(): U+2028, \f… end no Markdown line
    reader.feed(render(text))
    reader.close()
    return reader.view


def cscheck_view(doc: Document) -> View:
    view = View()
    for heading in doc.headings:
        view.headings.append((heading.line + 1, heading.text, heading.slug))
    for link in doc.links:
        if link.image:
            view.images[link.decoded] += 1
        else:
            view.links[(doc.location(link.span).line, link.decoded)] += 1
    for fence in doc.fences:
        first = doc.location(fence.span).line
        view.code_lines.update(range(first, doc.lines.line_of(fence.span.end) + 2))
    for token in doc.tokens:
        if token.type == "code_block" and token.map:
            view.code_lines.update(range(token.map[0] + 1, token.map[1] + 1))
    for tag in doc.html_tags:
        if tag.name in ("details", "summary"):
            view.details[(tag.name, doc.location(tag.span).line)] += 1
    return view


def oracle_input(doc: Document) -> str:
    """The text cscheck parses (front matter and the other side of a conflict blanked) with the
    note's own line endings: what cmark-gfm is given, so both parsers read the same text."""
    lines = doc.text.split("\n")
    endings = doc.source.endings
    if len(endings) != len(lines):
        return doc.text
    return "".join(line + ending.replace("\n", "\n") for line, ending in zip(lines, endings, strict=True))


def _line(doc: Document, line: int) -> str:
    return doc.line_text(line - 1) if 1 <= line <= doc.lines.line_count else ""


@dataclass(frozen=True)
class Disagreement:
    aspect: str  # headings | images | links | code | details
    github: object
    cscheck: object


def compare(doc: Document) -> list[Disagreement]:
    """Every difference between what GitHub renders and what cscheck reads, per aspect."""
    github = github_view(oracle_input(doc))
    ours = cscheck_view(doc)
    found: list[Disagreement] = []
    if github.headings != ours.headings:
        mine, theirs = Counter(ours.headings), Counter(github.headings)
        found.extend(Disagreement("headings", h, None) for h in (theirs - mine).elements())
        found.extend(Disagreement("headings", None, h) for h in (mine - theirs).elements())
    for aspect, theirs_counter, mine_counter in (
        ("images", github.images, ours.images),
        ("links", github.links, ours.links),
        ("details", github.details, ours.details),
    ):
        found.extend(Disagreement(aspect, x, None) for x in (theirs_counter - mine_counter).elements())
        found.extend(Disagreement(aspect, None, x) for x in (mine_counter - theirs_counter).elements())
    # A blank line holds nothing to check: cmark-gfm counts the blank lines after an indented
    # code block into its position, markdown-it does not.
    blank = {line for line in github.code_lines ^ ours.code_lines if not _line(doc, line).strip()}
    found.extend(Disagreement("code", line, None) for line in sorted(github.code_lines - ours.code_lines - blank))
    found.extend(Disagreement("code", None, line) for line in sorted(ours.code_lines - github.code_lines - blank))
    return found


# --------------------------------------------------------------------------------------------
# The allow-list: every accepted difference, with its reason. A disagreement no entry explains
# is a defect of the document model (or of this oracle) and fails the test.

ALLOWED: dict[str, str] = {
    "extended-autolink": (
        "GitHub turns a bare `https://…`, `www.…` or e-mail address into a link (the GFM autolink "
        "extension); cscheck deliberately does not read bare URLs as links (DESIGN.md: no linkify), "
        "so it never reports a broken bare URL — it cannot check the web anyway."
    ),
    "lazy-html-block": (
        "An inline tag such as `<br>` at the start of a line right under a list item's paragraph and "
        "not indented into it: markdown-it (following the CommonMark spec) reads it as a lazy "
        "continuation of the paragraph, cmark-gfm starts an HTML block there and ends the list, so "
        "what follows (an indented fence, say) is raw text on GitHub. Copying cmark's lazy-line quirk "
        "into markdown-it's block rules is riskier than the rare difference it removes."
    ),
    "list-whitespace-lines": (
        "A list item left empty on its marker line and continued after lines holding only spaces "
        "(`- ` then `    ` then `    ![image](…)`), or a sublist indented less than its parent item's "
        "text after such a line: cmark-gfm counts the indented whitespace-only lines into the item, "
        "markdown-it ends the item at them and reads what follows as indented code. Seen in the notes "
        "below only; each was checked by hand."
    ),
}

# Notes (path relative to their corpus) whose only differences are the quirk named.
ALLOWED_NOTES: dict[str, str] = {
    "Cs-Java-Interview__Tech-Interview/java/javaprogramming.md": "list-whitespace-lines",
    "SSAFY11thDaejeon7__cs_study/Operation_System/pch/OperatingSystemOverView.md": "list-whitespace-lines",
}


def explain(doc: Document, disagreement: Disagreement) -> str | None:
    """The ALLOWED key that explains ``disagreement``, or None."""
    if disagreement.aspect == "links" and disagreement.cscheck is None:
        line, href = disagreement.github  # type: ignore[misc]
        if _bare_url_on(doc, line, href):
            return "extended-autolink"
    if doc.path is not None:
        for note, key in ALLOWED_NOTES.items():
            if doc.path.as_posix().endswith("/" + note):
                return key
    line = _line_of(disagreement)
    if line is not None and any(start <= line < end for start, end in _lazy_html_regions(doc)):
        return "lazy-html-block"
    return None


def _line_of(disagreement: Disagreement) -> int | None:
    value = disagreement.github if disagreement.github is not None else disagreement.cscheck
    if isinstance(value, int):
        return value
    if isinstance(value, tuple) and value and isinstance(value[0], int):
        return value[0]
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], int):
        return value[1]  # details: (tag, line)
    return None


# The block-level tag names of CommonMark's HTML block type 6 (they may interrupt a paragraph).
_TYPE_6 = frozenset(
    [
        "address",
        "article",
        "aside",
        "base",
        "basefont",
        "blockquote",
        "body",
        "caption",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "iframe",
        "legend",
        "li",
        "link",
        "main",
        "menu",
        "menuitem",
        "nav",
        "noframes",
        "ol",
        "optgroup",
        "option",
        "p",
        "param",
        "search",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "track",
        "ul",
    ]
)
_TYPE_7_START = re.compile(r" {0,3}</?([A-Za-z][A-Za-z0-9-]*)[\s/>]")


def _lazy_html_regions(doc: Document) -> list[tuple[int, int]]:
    """1-based line ranges [start, end) where cmark-gfm starts an HTML block on a lazy line.

    A line such as ``<br>`` right under a list item's (or quote's) paragraph, not indented into
    the item, is paragraph continuation text for markdown-it (and the CommonMark spec: an HTML
    block of type 7 cannot interrupt a paragraph), but cmark-gfm, which tests only the innermost
    matched container, starts an HTML block there and closes the list. Until the end of
    markdown-it's top-level block the two read different structures.
    """
    regions = []
    top_end: dict[int, int] = {}
    for token in doc.tokens:
        if token.level == 0 and token.map and token.nesting >= 0:
            top_end.update(dict.fromkeys(range(token.map[0], token.map[1]), token.map[1]))
    for token in doc.tokens:
        if token.type != "paragraph_open" or token.level == 0 or not token.map:
            continue
        for line0 in range(token.map[0] + 1, token.map[1]):
            match = _TYPE_7_START.match(doc.line_text(line0))
            if match and match.group(1).lower() not in _TYPE_6:
                regions.append((line0 + 1, top_end.get(line0, token.map[1]) + 1))
                break
    return regions


def _bare_url_on(doc: Document, line: int, href: str) -> bool:
    """Whether ``href`` is written on ``line`` as bare text: outside every link cscheck reads and
    outside HTML tags."""
    if not 1 <= line <= doc.lines.line_count:
        return False
    start = doc.lines.line_start(line - 1)
    text = doc.line_text(line - 1)
    taken = [link.span for link in doc.links if link.syntax.value != "html"]
    for candidate in (href, href.removeprefix("http://"), href.removeprefix("mailto:")):
        for haystack in (text, unquote(text)):
            at = haystack.find(candidate)
            while at != -1:
                in_tag = haystack.rfind("<", 0, at) > haystack.rfind(">", 0, at)
                offset = start + at
                if not in_tag and not any(span.start <= offset < span.end for span in taken):
                    return True
                at = haystack.find(candidate, at + 1)
    return False
