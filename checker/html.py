"""HTML scanning in linear time: comments, tags and start tags with their attributes.

A regex like ``<!--.*?-->`` searched over 20 000 ``<!--`` with no ``-->`` rescans the rest of the
text from every one of them; these scanners give the same matches as ``re.finditer`` with the
regexes in their docstrings, but look at each character a bounded number of times.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from checker.content_map import NOT_NEWLINE

# A start tag is ``<name`` + attributes + ``/?>``, i.e. the regex
#   <([A-Za-z][A-Za-z0-9-]*)((?:\s+NAME(?:\s*=\s*VALUE)?)*)\s*/?>
# It is matched in pieces by :func:`start_tags`, which gives the same matches as ``finditer``
# with that regex in linear time (the regex rescans an unclosed run of attributes once per `<`).
_TAG_NAME = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
_TAG_ATTRIBUTE = re.compile(r"\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_TAG_END = re.compile(r"\s*/?>")
ATTRIBUTE = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def html_comments(html: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every ``<!-- … -->``: the matches of ``<!--.*?-->`` (DOTALL)."""
    at = html.find("<!--")
    while at != -1:
        close = html.find("-->", at + 4)
        if close == -1:
            return  # no later comment can close either
        yield at, close + 3
        at = html.find("<!--", close + 3)


def blank_comments(html: str) -> str:
    """``html`` with every comment's characters but newlines turned into spaces."""
    pieces: list[str] = []
    cursor = 0
    for start, end in html_comments(html):
        pieces.append(html[cursor:start])
        pieces.append(NOT_NEWLINE.sub(" ", html[start:end]))
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
