"""Where a link points, the way GitHub resolves it — shared by the link and anchor rules.

A destination is parsed once, by the document (``link.dest``, see ``checker.destination``).

- :func:`resolve` walks a local path segment by segment through the workspace's folder listings
  (as the file system spells names), from the note's folder or, for a leading ``/``, from the
  root. It never looks outside the root, and tells a missing file from one that exists only when
  letter case, Unicode normalization, ``\\`` separators or a ``,/`` typo are forgiven.
- :func:`match_fragment` matches a fragment against a document's heading slugs and explicit
  anchors; :func:`closest_anchors` ranks the candidates for a message or a fix.

This module knows how GitHub resolves links; which of these is a finding is the rules' business.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

from checker.destination import ANY_SEPARATOR, Destination
from checker.document import Document
from checker.rule import Context
from checker.slug import slug
from checker.views import Anchor, FragmentIndex, Heading

_LINE_ANCHOR = re.compile(r"L\d+(?:C\d+)?(?:-L\d+(?:C\d+)?)?")
# A Markdown backslash escape: ``\`` before ASCII punctuation is not a path separator.
_MD_SEPARATOR = re.compile(r"/|\\(?![!-/:-@\[-`{-~])")
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
    """Walk a LOCAL destination's path through the workspace: once per note and path, however
    many rules ask (CS302, CS304, CS402 and CS403 all resolve a link into another note)."""
    folder = note_folder(doc, ctx)
    if folder is None:
        return Resolution(State.UNCHECKED)
    return ctx.workspace.answer(("resolve", folder, dest.path, dest.html), lambda: _resolve(dest, folder, ctx))


def _resolve(dest: Destination, folder: Path, ctx: Context) -> Resolution:
    root = normalized(ctx.root)
    decoded = dest.decoded_path
    windows = "\\" in decoded
    separator = (ANY_SEPARATOR if dest.html else _MD_SEPARATOR) if windows else re.compile("/")
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
