"""A link's destination as written: split into path, query and fragment, decoded, and classified.

Parsed once per link, by the document (``Link.dest``); rules read it there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from html import unescape as html_unescape
from urllib.parse import unquote

from markdown_it.common.utils import unescapeAll

from checker.diagnostic import Span

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")
_DRIVE = re.compile(r"[A-Za-z]:[\\/]")
_HOME = re.compile(r"(?:/(?:Users|home|Volumes|private/var|var/folders|mnt/[a-z])/|~/)", re.IGNORECASE)
_NOTION_FOLDER = re.compile(r".*\s[0-9a-f]{32}(?:\.\w+)?")
_TYPORA = "typora-user-images"
ANY_SEPARATOR = re.compile(r"[/\\]")


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
    if any(_NOTION_FOLDER.fullmatch(part) for part in ANY_SEPARATOR.split(decoded_path)[:-1]):
        return "notion"
    return None
