"""Where a link points, the way GitHub resolves it — shared by the link and anchor rules.

- :func:`destination` splits a destination *as written* into path, query and fragment, with the
  source offsets a fix may rewrite, and says what kind of destination it is (remote, local,
  fragment, a path on the author's own machine).
- :func:`resolve` walks a local path segment by segment through the workspace's folder listings
  (as the file system spells names), from the note's folder or, for a leading ``/``, from the
  root. It never looks outside the root, and tells a missing file from one that exists only when
  letter case, Unicode normalization, ``\\`` separators or a ``,/`` typo are forgiven.
- :func:`match_fragment` matches a fragment against a document's heading slugs and explicit
  anchors; :func:`closest_anchors` ranks the candidates for a message or a fix.
- :func:`unparsed_images` finds ``![alt](my image.png)``: image syntax GitHub shows as text because
  the destination holds raw spaces (markdown-it does not parse it either, so it is not a link).

This module knows how GitHub resolves links; which of these is a finding is the rules' business.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
import sys
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from html import unescape as html_unescape
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, unquote
from weakref import WeakKeyDictionary

from markdown_it.common.utils import unescapeAll

from checker.context import Context
from checker.diagnostic import Span
from checker.document import Anchor, Document, FragmentIndex, Heading, Link, LinkSyntax
from checker.slug import slug

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")
_DRIVE = re.compile(r"[A-Za-z]:[\\/]")
_LINE_ANCHOR = re.compile(r"L\d+(?:C\d+)?(?:-L\d+(?:C\d+)?)?")
_HOME = re.compile(r"(?:/(?:Users|home|Volumes|private/var|var/folders|mnt/[a-z])/|~/)", re.IGNORECASE)
_NOTION_FOLDER = re.compile(r".*\s[0-9a-f]{32}(?:\.\w+)?")
_TYPORA = "typora-user-images"
# A Markdown backslash escape: ``\`` before ASCII punctuation is not a path separator.
_MD_SEPARATOR = re.compile(r"/|\\(?![!-/:-@\[-`{-~])")
_ANY_SEPARATOR = re.compile(r"[/\\]")
# GitHub pages a README reaches with ``../../issues`` from the repository root (blob/<branch>/).
_GITHUB_ROUTES = frozenset(
    {
        "actions",
        "blob",
        "branches",
        "commits",
        "compare",
        "discussions",
        "graphs",
        "issues",
        "labels",
        "milestones",
        "network",
        "projects",
        "pulls",
        "pulse",
        "raw",
        "releases",
        "security",
        "stargazers",
        "tags",
        "tree",
        "watchers",
        "wiki",
    }
)
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")


class Kind(StrEnum):
    EMPTY = "empty"  # `[x]()`, `?query` alone: nothing to check
    TEMPLATE = "template"  # `{{ site.baseurl }}/a.png`: a site generator fills it in, not GitHub
    REMOTE = "remote"  # a scheme (https:, mailto:, data:) or //host
    MACHINE = "machine"  # file:, C:\…, \\server\…: only the author's computer has it
    FRAGMENT = "fragment"  # #frag in this document
    LOCAL = "local"  # a path in the repository


@dataclass(frozen=True, slots=True)
class Destination:
    """A destination as written, split where a fix may edit it (offsets into the document)."""

    written: str  # without surrounding whitespace (HTML attributes may hold some)
    start: int  # document offset of ``written``
    html: bool  # written in an HTML attribute (entities) rather than Markdown (backslash escapes)
    path: str  # the written part before ``?`` and ``#``
    query: str  # the written ``?…`` part, ``?`` included
    fragment_written: str | None  # the written part after ``#``; None without ``#``
    kind: Kind

    @property
    def span(self) -> Span:
        return Span(self.start, self.start + len(self.written))

    @property
    def decoded_path(self) -> str:
        return self.decode(self.path)

    @property
    def fragment(self) -> str | None:
        return None if self.fragment_written is None else self.decode(self.fragment_written)

    @property
    def fragment_span(self) -> Span | None:
        """Where the fragment is written (after ``#``)."""
        if self.fragment_written is None:
            return None
        end = self.start + len(self.written)
        return Span(end - len(self.fragment_written), end)

    def decode(self, text: str) -> str:
        return unquote(html_unescape(text) if self.html else unescapeAll(text))

    def with_path(self, path: str) -> str:
        """The destination as written with its path part replaced."""
        fragment = "" if self.fragment_written is None else "#" + self.fragment_written
        return path + self.query + fragment


def destination(link: Link, doc: Document) -> Destination:
    """The destination of ``link`` as written in the document, split and classified."""
    span = link.destination_span
    return parse_destination(doc.text[span.start : span.end], span.start, html=link.syntax is LinkSyntax.HTML)


def parse_destination(raw: str, start: int, *, html: bool) -> Destination:
    stripped = raw.lstrip()
    start += len(raw) - len(stripped)
    written = stripped.rstrip()
    sharp = _find_unescaped(written, "#", html)
    before = written if sharp == -1 else written[:sharp]
    fragment = None if sharp == -1 else written[sharp + 1 :]
    question = _find_unescaped(before, "?", html)
    path, query = (before, "") if question == -1 else (before[:question], before[question:])
    kind = _kind(path, fragment, html)
    return Destination(written, start, html, path, query, fragment, kind)


def _find_unescaped(text: str, char: str, html: bool) -> int:
    """The first ``char`` that is not part of an HTML character reference like ``&#35;``."""
    at = text.find(char)
    while at != -1 and html and char == "#" and at > 0 and text[at - 1] == "&":
        at = text.find(char, at + 1)
    return at


def _kind(path: str, fragment: str | None, html: bool) -> Kind:
    decoded = unquote(html_unescape(path) if html else unescapeAll(path))
    if not decoded:
        return Kind.EMPTY if fragment is None else Kind.FRAGMENT
    if "{{" in decoded or "{%" in decoded:
        return Kind.TEMPLATE
    if _DRIVE.match(decoded) or path.startswith("\\\\") or decoded.lower().startswith("file:"):
        return Kind.MACHINE
    if _SCHEME.match(decoded) or decoded.startswith("//"):
        return Kind.REMOTE
    return Kind.LOCAL


def machine_pattern(decoded_path: str) -> str | None:
    """Why a local path that does not exist in the repository looks like one on the author's
    computer: a home folder, Typora's image cache or a Notion export folder (None otherwise)."""
    if _HOME.match(decoded_path):
        return "home"
    if _TYPORA in decoded_path.lower():
        return "typora"
    if any(_NOTION_FOLDER.fullmatch(part) for part in _ANY_SEPARATOR.split(decoded_path)[:-1]):
        return "notion"
    return None


# --------------------------------------------------------------------------------------------
# Local paths.


class State(StrEnum):
    EXACT = "exact"  # resolves as written
    RESPELLED = "respelled"  # resolves only once case, normalization, `\` or `,/` are corrected
    MISSING = "missing"
    OUTSIDE = "outside"  # leaves the root: reported, never probed
    GITHUB_PAGE = "github-page"  # ../../issues from the root: a GitHub page, not a file
    UNCHECKED = "unchecked"  # the note itself is not inside the root (or has no path)


@dataclass(frozen=True, slots=True)
class Renamed:
    index: int  # index of the segment in Resolution.segments
    written: str  # the name as the link decodes it
    actual: str  # the name on disk
    case: bool  # differs in letter case
    normalization: bool  # differs in Unicode normalization (NFC vs NFD)


@dataclass(frozen=True, slots=True)
class Resolution:
    state: State
    segments: tuple[str, ...] = ()  # the written path's segments (as written, not decoded)
    absolute: bool = False  # the path starts at the root (a leading `/`)
    path: Path | None = None  # EXACT/RESPELLED: the target as the file system spells it
    renamed: tuple[Renamed, ...] = ()
    windows: bool = False  # written with `\` separators
    comma: bool = False  # `,/` written for `./`
    missing_index: int | None = None  # MISSING: the first segment that is not there
    missing_folder: Path | None = None  # MISSING: the folder it was looked for in

    @property
    def corrected(self) -> str:
        """The written path with every correction applied: `/` separators, `./`, names on disk."""
        return self.rewritten({})

    def rewritten(self, names: dict[int, str]) -> str:
        """:attr:`corrected`, with the segments at the given indices replaced by these names."""
        parts = list(self.segments)
        if self.comma:
            parts[0] = "."
        replaced = {renamed.index: renamed.actual for renamed in self.renamed} | names
        for index, name in replaced.items():
            parts[index] = encode_like(name, parts[index])
        return ("/" if self.absolute else "") + "/".join(parts)


def resolve(dest: Destination, doc: Document, ctx: Context) -> Resolution:
    """Walk a LOCAL destination's path through the workspace."""
    folder = note_folder(doc, ctx)
    if folder is None:
        return Resolution(State.UNCHECKED)
    root = normalized(ctx.root)
    decoded = dest.decoded_path
    windows = "\\" in decoded
    separator = (_ANY_SEPARATOR if dest.html else _MD_SEPARATOR) if windows else re.compile("/")
    segments = separator.split(dest.path)
    absolute = segments[0] == "" and len(segments) > 1
    if absolute:
        segments = segments[1:]
    names = [dest.decode(s) for s in segments]
    comma = len(names) > 1 and names[0] == ","
    if comma:
        names[0] = "."
    base = root if absolute else folder
    lexical = Path(os.path.normpath(base.joinpath(*names))) if names else base
    written = Resolution(State.EXACT, tuple(segments), absolute, windows=windows, comma=comma)
    if not ctx.workspace.contains(lexical):
        return replace(written, state=State.GITHUB_PAGE if _github_page(root, lexical) else State.OUTSIDE)
    walked = walk(base, names, ctx)
    if walked.missing_index is not None:
        return replace(
            written,
            state=State.MISSING,
            renamed=walked.renamed,
            missing_index=walked.missing_index,
            missing_folder=walked.folder,
        )
    state = State.RESPELLED if (walked.renamed or windows or comma) else State.EXACT
    return replace(written, state=state, path=walked.folder, renamed=walked.renamed)


@dataclass(frozen=True, slots=True)
class Walk:
    folder: Path  # where the walk ended: the target, or the folder lacking the missing name
    renamed: tuple[Renamed, ...]
    missing_index: int | None


def walk(base: Path, names: Sequence[str], ctx: Context) -> Walk:
    """Follow ``names`` from ``base`` through folder listings; ``..`` never leaves the root."""
    root = normalized(ctx.root)
    current = base
    renamed: list[Renamed] = []
    for index, name in enumerate(names):
        if name in ("", "."):
            continue
        if name == "..":
            if current == root:
                return Walk(current, tuple(renamed), index)
            current = current.parent
            continue
        listing = ctx.workspace.listing(current)
        if listing is None:
            return Walk(current, tuple(renamed), index)
        if name in listing and committed(name) == name:
            current = current / name
            continue
        found = respelled(name, listing)
        if found is None:
            return Walk(current, tuple(renamed), index)
        on_disk, case, _ = found
        actual = committed(on_disk)
        current = current / on_disk
        if actual != name:  # on macOS an NFD name on disk is committed as the NFC name written
            renamed.append(Renamed(index, name, actual, case, actual.lower() != name.lower()))
    return Walk(current, tuple(renamed), None)


PRECOMPOSED = sys.platform == "darwin"
"""Whether git commits a file's name in NFC whatever its form on disk: on macOS git sets
``core.precomposeUnicode`` when it creates or clones a repository (its file systems ignore the
difference), so GitHub gets the NFC name even when Finder or a screenshot wrote an NFD one. Elsewhere
git commits the name's bytes as the disk has them."""


def committed(name: str) -> str:
    """The name as git commits it — what GitHub serves and a link must spell byte for byte."""
    return unicodedata.normalize("NFC", name) if PRECOMPOSED else name


def unicode_form(name: str) -> str:
    """``NFC``, ``NFD`` or ``mixed``: how a name is composed (the two look the same on screen)."""
    if unicodedata.is_normalized("NFC", name):
        return "NFC"
    return "NFD" if unicodedata.is_normalized("NFD", name) else "mixed"


def respelled(name: str, listing: Iterable[str]) -> tuple[str, bool, bool] | None:
    """(name on disk, case differs, normalization differs) for a name that differs only so."""
    nfc = unicodedata.normalize("NFC", name)
    lowered = nfc.lower()
    best: tuple[str, bool, bool] | None = None
    # A folder's names are indexed once by their NFC lower-case form: looking each missing name
    # up among all of them made many missing names in a big folder quadratic.
    index = _respelling_index(listing if isinstance(listing, frozenset) else frozenset(listing))
    for candidate in index.get(lowered, ()):
        candidate_nfc = unicodedata.normalize("NFC", candidate)
        case = candidate_nfc != nfc
        normalization = candidate.lower() != name.lower()
        if best is None or (case, normalization) < (best[1], best[2]):
            best = (candidate, case, normalization)
    return best


@functools.lru_cache(maxsize=256)
def _respelling_index(listing: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """The names of a folder by their NFC lower-case form, each group sorted."""
    groups: dict[str, list[str]] = {}
    for candidate in sorted(listing):
        groups.setdefault(unicodedata.normalize("NFC", candidate).lower(), []).append(candidate)
    return {key: tuple(names) for key, names in groups.items()}


def _github_page(root: Path, lexical: Path) -> bool:
    """``../../issues`` from the repository root reaches github.com/owner/repo/issues."""
    try:
        relative = lexical.relative_to(root.parent.parent)
    except ValueError:
        return False
    return bool(relative.parts) and relative.parts[0] in _GITHUB_ROUTES and root.parent.parent != root


def note_folder(doc: Document, ctx: Context) -> Path | None:
    """The folder relative links start from, or None when the note is not inside the root."""
    if doc.path is None:
        return None
    folder = normalized(doc.path).parent
    return folder if ctx.workspace.contains(folder) else None


def normalized(path: Path) -> Path:
    return Path(os.path.normpath(path.absolute()))


def relative_display(path: Path, start: Path) -> str:
    """``path`` relative to ``start`` with `/` separators, for messages and fixes."""
    text = posixpath.normpath(os.path.relpath(path, start).replace(os.sep, "/"))
    return text if text.startswith(".") else "./" + text


_MD_UNSAFE = frozenset(" \t\n<>()[]\\`\"'%&#?")


def encode_like(name: str, written: str) -> str:
    """``name`` (a file name on disk) written the way ``written`` was: percent-encoded if the
    author percent-encoded, otherwise raw with only what a destination cannot hold encoded."""
    if "%" in written:
        return quote(name, safe="!$*+,;=:@-._~")
    return "".join(quote(char, safe="") if char in _MD_UNSAFE else char for char in name)


# Suggestions compare a missing name with every name of its folder, or a broken fragment with
# every anchor of its target: one SequenceMatcher each. Real notes need ~10 000 per note, but
# 5 000 broken links into 5 000 headings (or images into a folder of 5 000) took minutes. Past
# this many per note, the rules report the rest without looking for the closest.
COMPARISONS_PER_NOTE = 50_000


class ComparisonBudget:
    """How many more comparisons one rule may spend on suggestions for one note."""

    def __init__(self, left: int = COMPARISONS_PER_NOTE) -> None:
        self.left = left

    def take(self, count: int) -> bool:
        """Spend ``count`` if that much is left."""
        if count > self.left:
            return False
        self.left -= count
        return True


def close_names(name: str, listing: Iterable[str], *, cutoff: float = 0.8) -> list[str]:
    """Names in ``listing`` whose similarity to ``name`` is at least ``cutoff``, best first."""
    from difflib import SequenceMatcher  # noqa: PLC0415 — only a broken link pays for difflib

    scored = []
    for candidate in listing:
        if candidate.startswith("."):
            continue
        ratio = SequenceMatcher(None, name.lower(), candidate.lower()).ratio()
        if ratio >= cutoff:
            scored.append((-ratio, candidate))
    return [candidate for _, candidate in sorted(scored)]


def is_markdown(path: Path) -> bool:
    return path.name.lower().endswith(MARKDOWN_SUFFIXES)


# --------------------------------------------------------------------------------------------
# Fragments.


class AnchorSource(Protocol):
    """A note's anchors: a whole Document, or the NoteAnchors kept for another note."""

    @property
    def headings(self) -> Sequence[Heading]: ...

    @property
    def anchors(self) -> Sequence[Anchor]: ...

    @property
    def slugs(self) -> frozenset[str]: ...

    @property
    def fragments(self) -> FragmentIndex: ...


class FragmentMatch(StrEnum):
    EXACT = "exact"
    CASE = "case"  # matches only when letter case is ignored (github.com's script does)
    UPPER_ANCHOR = "upper-anchor"  # an explicit anchor with upper-case letters, matched exactly
    NONE = "none"


def special_fragment(fragment: str) -> bool:
    """``#``, ``#top`` and GitHub line anchors (``#L10``, ``#L10-L20``, ``#L10C5-L20C3``)."""
    return fragment == "" or fragment.lower() == "top" or _LINE_ANCHOR.fullmatch(fragment) is not None


def anchor_names(doc: AnchorSource) -> tuple[str, ...]:
    """Every fragment the document defines: heading slugs, then explicit anchors, in order."""
    return doc.fragments.names


def match_fragment(doc: AnchorSource, fragment: str) -> tuple[FragmentMatch, str | None]:
    """How ``fragment`` (decoded) reaches an anchor of ``doc``, and the anchor it reaches."""
    if special_fragment(fragment):
        return FragmentMatch.EXACT, None
    wanted = fragment.removeprefix("user-content-")
    if wanted in doc.slugs:
        return FragmentMatch.EXACT, wanted
    index = doc.fragments
    if wanted in index.explicit:
        upper = wanted != wanted.lower()
        return (FragmentMatch.UPPER_ANCHOR if upper else FragmentMatch.EXACT), wanted
    name = index.by_lower.get(wanted.lower())
    if name is None:
        return FragmentMatch.NONE, None
    upper = name in index.explicit and name != name.lower()
    return (FragmentMatch.UPPER_ANCHOR if upper else FragmentMatch.CASE), name


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    ratio: float


def closest_anchors(doc: AnchorSource, fragment: str) -> list[Candidate]:
    """Anchors of ``doc`` ranked by similarity to ``fragment``, read as GitHub would slug it.

    The fragment is slugged first (so ``#IPv4/IPv6`` compares as ``ipv4ipv6`` and ``##힙`` as
    ``힙``), then compared with ``difflib.SequenceMatcher``; each name appears once.
    """
    from difflib import SequenceMatcher  # noqa: PLC0415 — only a broken anchor pays for difflib

    wanted = slug(fragment.removeprefix("user-content-"))
    seen: set[str] = set()
    ranked = []
    for name in anchor_names(doc):
        if name in seen:
            continue
        seen.add(name)
        ratio = SequenceMatcher(None, wanted, name.lower(), autojunk=False).ratio()
        ranked.append(Candidate(name, ratio))
    ranked.sort(key=lambda c: -c.ratio)
    return ranked


_FRAGMENT_UNSAFE = frozenset(" \t\n<>()[]\\`\"'%&#")


def encode_fragment(name: str) -> str:
    """A fragment written raw (UTF-8, as GitHub writes its own anchors), with only the
    characters a destination cannot hold percent-encoded."""
    return "".join(quote(char, safe="") if char in _FRAGMENT_UNSAFE else char for char in name)


# --------------------------------------------------------------------------------------------
# Images GitHub leaves as text.


@dataclass(frozen=True, slots=True)
class UnparsedImage:
    """``![alt](my image.png)``: image syntax whose destination holds raw spaces."""

    span: Span  # from `!` to `)`
    destination: Destination  # the destination without its title


_PROSE_KINDS = frozenset({"paragraph", "heading", "table-cell"})


_UNPARSED: WeakKeyDictionary[Document, tuple[UnparsedImage, ...]] = WeakKeyDictionary()


def unparsed_images(doc: Document) -> tuple[UnparsedImage, ...]:
    """Image syntax in paragraphs, headings and table cells that did not parse as an image
    because its destination holds whitespace (not in code spans, not escaped). Computed once per
    document: CS303 and CS304 both ask."""
    found = _UNPARSED.get(doc)
    if found is None:
        found = _UNPARSED[doc] = tuple(_find_unparsed_images(doc))
    return found


def _find_unparsed_images(doc: Document) -> list[UnparsedImage]:
    """See :func:`unparsed_images`.

    Linear in the text: brackets are matched once per line (a line of 25 000 ``![`` must not
    cost 25 000 scans of the line), and code spans are found by bisection.
    """
    parsed = {link.span.start for link in doc.links if link.image}
    code = sorted(doc.code_spans)
    code_starts = [span.start for span in code]
    pairs: dict[int, _Pairs] = {}
    found = []
    for block in doc.prose:
        if block.kind not in _PROSE_KINDS or "![" not in block.text:
            continue
        for match in re.finditer(r"!\[", block.text):
            start = block.start + match.start()
            if start in parsed or _inside(code, code_starts, start) or _escaped(doc.text, start):
                continue
            line0 = doc.lines.line_of(start)
            if line0 not in pairs:
                pairs[line0] = _Pairs(doc.text, doc.lines.line_start(line0), doc.lines.line_end(line0))
            image = _image_at(doc.text, start, min(block.span.end, doc.lines.line_end(line0)), pairs[line0])
            if image is not None:
                found.append(image)
    return found


def _inside(spans: Sequence[Span], starts: Sequence[int], offset: int) -> bool:
    """Whether ``offset`` lies in one of ``spans`` (sorted, disjoint; ``starts`` their starts)."""
    index = bisect_right(starts, offset) - 1
    return index >= 0 and spans[index].contains(offset)


def _escaped(text: str, at: int) -> bool:
    backslashes = 0
    while at - backslashes - 1 >= 0 and text[at - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


class _Pairs:
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


def _image_at(text: str, start: int, end: int, pairs: _Pairs) -> UnparsedImage | None:
    """The unparsed image whose ``!`` is at ``start``, looking no further than ``end``."""
    close = pairs.squares.get(start + 1)
    if close is None or close + 1 >= end or text[close + 1] != "(":
        return None
    body_start = close + 2
    body_end = pairs.parens.get(close + 1)
    if body_end is None or body_end >= end:
        return None
    body = text[body_start:body_end]
    raw = _without_title(body.strip())
    if not raw or raw.startswith("<") or not any(c.isspace() for c in raw):
        return None
    offset = body_start + (len(body) - len(body.lstrip()))
    dest = parse_destination(raw, offset, html=False)
    return UnparsedImage(Span(start, body_end + 1), dest)


def _without_title(body: str) -> str:
    """``body`` (stripped) without a trailing ``"title"`` or ``'title'`` set off by whitespace.

    The title's opening quote is the last such quote before the closing one (a title holds no
    quote of its kind); written as a regex, ``(.+?)\\s+"[^"]*"`` backtracks quadratically.
    """
    if len(body) >= 2 and body[-1] in "\"'":
        opening = body.rfind(body[-1], 0, len(body) - 1)
        if opening > 0 and body[opening - 1].isspace():
            return body[:opening].rstrip()
    return body
