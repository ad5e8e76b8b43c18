"""Splitting prose into sentences, and the refutation and quiz guards: a fact entry does not fire
on a sentence that says the claim is wrong, or on a quiz line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ITEM_RE = re.compile(
    r"[ \t]*(?:(?:[-*+•·▪◦]|\(\d{1,2}\)|[A-Za-z][.)]|[가나다라마바사아자차카타파하][.)])(?:[ \t]|$)"
    r"|\d{1,3}[.)](?!\d)|[①-⑳])"
)


_BLOCK_START_RE = re.compile(r"[ \t]*(?:\||#{1,6}(?:[ \t]|$)|```|~~~|>)")
_LEADING_ENUM_RE = re.compile(r"[ \t]*(?:[-*+][ \t]+)?(?:\d{1,3}|[A-Za-z]|[가나다라마바사아자차카타파하])\.")
_SENTENCE_END_RE = re.compile(r"[.?!。？！]+[)\]\"'”’」』]*(?=\s|$)")
_ABBREVIATION_RE = re.compile(
    r"(?:^|[^A-Za-z])(?:e\.g|i\.e|etc|vs|cf|ex|approx|fig|no|al|mr|mrs|dr|st|jr|inc|ltd|co|corp|resp)$",
    re.IGNORECASE,
)


_NEXT_VISIBLE_RE = re.compile(r"\s*(\S)")
_CONTINUED_END_RE = re.compile(r"(?:[,、]|(?<![가-힣])(?:및|와|과|또는|혹은|그리고)|\b(?:and|or)|->|→|=>|\+)$")
_CONTINUING_START_RE = re.compile(
    r"(?:으로|로서|로써|에서|에게|에는|와|과|을|를|은|는|의|에|도|이다|입니다|이라고|라고|라는|이라는|"
    r"한다|된다|했다|됐다|합니다|됩니다|하는|되는|하여|해서|처럼|까지|부터|보다)(?![가-힣])"
)


_TERMINAL_RE = re.compile(r"[.?!。？！][)\]\"'”’」』]*$")


def _is_item(line: str) -> bool:
    return bool(_ITEM_RE.match(line))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _continues(line: str, following: str | None) -> bool:
    if following is None or not following.strip():
        return False
    if _is_item(following) or _BLOCK_START_RE.match(following):
        return False
    stripped = line.rstrip()
    if _TERMINAL_RE.search(stripped):
        return False
    if _CONTINUED_END_RE.search(stripped):
        return True
    if _indent(following) > _indent(line):
        return True
    return bool(_CONTINUING_START_RE.match(following.lstrip()))


def _is_boundary(line: str, match: re.Match[str], line_start: int) -> bool:
    """Whether a punctuation run inside *line* ends a sentence."""
    if match.group().startswith(".") and len(match.group().rstrip(")]\"'”’」』")) == 1:
        enum = _LEADING_ENUM_RE.match(line)
        if enum is not None and enum.end() == match.end():
            return False
        # Only the last few characters can hold an abbreviation (at most 6 letters and the one
        # before them): searching the whole line before every sentence end was quadratic.
        # (With pos > 0, ``^`` does not match at pos, so this is the same search.)
        if _ABBREVIATION_RE.search(line, max(0, match.start() - 8), match.start()):
            return False
    following = _NEXT_VISIBLE_RE.match(line, match.end())
    return following is None or following.group(1) not in ("(", "（")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in *text*, trimmed of surrounding whitespace (see module doc)."""
    spans: list[tuple[int, int]] = []
    lines: list[tuple[int, str]] = []
    offset = 0
    for raw in text.split("\n"):
        lines.append((offset, raw.rstrip("\r")))
        offset += len(raw) + 1
    start: int | None = None

    def close(end: int) -> None:
        nonlocal start
        if start is not None:
            segment = text[start:end]
            left = len(segment) - len(segment.lstrip())
            right = len(segment.rstrip())
            if right > left:
                spans.append((start + left, start + right))
        start = None

    for index, (line_start, line) in enumerate(lines):
        if not line.strip():
            close(line_start)
            continue
        if start is None:
            start = line_start
        for match in _SENTENCE_END_RE.finditer(line):
            if _is_boundary(line, match, line_start):
                close(line_start + match.end())
                start = line_start + match.end()
        following = lines[index + 1][1] if index + 1 < len(lines) else None
        if not _continues(line, following):
            close(line_start + len(line))
    close(len(text))
    return spans


REFUTATION_WINDOW = 40
"""Characters after a match, within its sentence, searched for a refutation."""


REFUTED_AFTER_RE = re.compile(
    r"아니|아닌|아님|않|틀린|틀렸|오해|잘못|\((?:X|x|✗|✘)\)|\[(?:X|x)\]|(?<![A-Za-z0-9_])X(?![A-Za-z0-9_\-.가-힣])|❌|✗|✘"
)


REFUTED_BEFORE_RE = re.compile(r"오해|잘못|틀린|틀렸|\((?:X|x)\)|\[(?:X|x)\]|❌|✗|✘")
_QUIZ_RE = re.compile(
    r"(?<![A-Za-z])[Oo]\s?/\s?[Xx](?![A-Za-z])|(?<![A-Za-z])OX(?![A-Za-z])|정답|<보기>|\[보기\]|보기\s?[:：]|"
    r"(?:잘못된|틀린|옳지\s?않은|옳은|맞는|아닌|올바른|올바르지\s?않은)\s?것은|"
    r"(?<![A-Za-z])\"?options\"?\s?[:=]|[(\[][OX][)\]]\s*$"
)


def is_refuted(sentence: str, start: int, end: int) -> bool:
    """Whether the sentence refutes or flags the text at ``sentence[start:end]``."""
    after = sentence[end : end + REFUTATION_WINDOW]
    return bool(REFUTED_AFTER_RE.search(after) or REFUTED_BEFORE_RE.search(sentence[:start]))


def is_quiz_line(line: str) -> bool:
    """Whether a line reads like a quiz stem, an option list or an OX item."""
    return bool(_QUIZ_RE.search(line))


# A stem that opens a quiz whose options follow as blocks of their own: "…옳은 것을 모두 고르시오",
# "유형: 객관식", or a line that is only "보기" (bold or bracketed, with or without a colon).
# Within one line ([ \t], not \s): from every line start, \s* ran over all the blank lines below, so a
# note of masked HTML (thousands of blank lines) took quadratic time.
_QUIZ_STEM_RE = re.compile(r"고르(?:시오|세요|십시오)|객관식|^[ \t*_]*[<\[]?보기[>\]]?[ \t*_]*[:：]?[ \t*_]*$", re.M)


def quiz_section_blocks(blocks: Iterable[tuple[int, str, bool]]) -> frozenset[int]:
    """Starts of the blocks after a quiz stem, up to the next heading: the quiz's options.

    *blocks* are ``(start, text, is_heading)`` in document order. The per-block quiz guard sees one
    option at a time (``1. 스택은 선입선출 구조다``, a deliberate distractor); the stem above it is
    what tells that it is one.
    """
    blocks = list(blocks)
    # Most notes hold no stem at all: one search of them all (joined by line breaks, so that ``^``
    # and ``$`` still see each block's lines) tells, before one search a block.
    if not _QUIZ_STEM_RE.search("\n".join(text for _, text, _ in blocks)):
        return frozenset()
    inside = False
    found: set[int] = set()
    for start, text, is_heading in blocks:
        if is_heading:
            inside = False
            continue
        if inside:
            found.add(start)
        if _QUIZ_STEM_RE.search(text):
            inside = True
    return frozenset(found)
