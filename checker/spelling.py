"""Near-miss misspellings of technical words in prose: CS502's check by method (issue 22).

A prose word of six letters or more (no digits, underscores, dots or slashes around it, not
inside inline code) is a near miss when it is

- not an English word (the word list of ``pyspellchecker``, MIT-licensed: the table below keeps
  the English words one edit from a technical word, the only ones this check must tell apart),
- not a technical word (``rules/knowledge/tables/technical-words.txt``, words notes of several
  repositories use: see ``scripts/build_technical_words.py``), and
- one edit away — a letter dropped, doubled or added, two letters swapped, one replaced — from a
  technical word, and not an inflection of it (``handshakes``); for a word in capitals, one that
  starts with the same letter (``SELCET``, ``UNCOMMITED``, but not ``SMEMBERS``); for a word with
  a capital inside, one that notes write so (``PostgerSQL``, ``javaStript``, but not ``secondArr``).

The suggestion is the most frequent such word. A word common across the corpora and the sources
is not a typo; a misspelling that is common only because notes copy it still is (the builder
drops it from the technical words).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# The leading (?=[A-Za-z]) changes no match (every word starts with a letter) but lets the regex
# engine skip ahead to the next letter instead of trying the look-behind at every character: the
# scan of a Korean note takes half the time.
_WORD_RE = re.compile(
    r"(?=[A-Za-z])(?<![A-Za-z0-9_@#$%&*+=/\\.'’<-])(?:[A-Z][a-z]{5,19}|[a-z]{6,20}|[A-Z]{6,20}|[A-Za-z][a-z]+[A-Z][A-Za-z]+)(?![A-Za-z0-9_@(/\\'’>]|[.-][A-Za-z0-9])"
)
_TABLE = Path(__file__).resolve().parent.parent / "rules" / "knowledge" / "tables" / "technical-words.txt"


class NearMiss(NamedTuple):
    start: int
    end: int
    word: str
    suggestion: str


def edits1(word: str) -> set[str]:
    """Every string one edit from *word*: deletion, transposition, replacement, insertion."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + transposes + replaces + inserts)


class _Tables(NamedTuple):
    targets: dict[str, int]  # the words a near miss is corrected to, with their counts
    known: frozenset[str]  # every listed word: targets, other technical words, English words
    camel: dict[str, str]  # a word notes mostly write with a capital inside: that form


@functools.cache
def _tables() -> _Tables:
    targets: dict[str, int] = {}
    known: set[str] = set()
    camel: dict[str, str] = {}
    try:
        text = _TABLE.read_text(encoding="utf-8")
    except OSError:  # pragma: no cover - an install without the table
        return _Tables(targets, frozenset(), camel)
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, *columns = line.split("\t")  # word, count, kind, and a camel-case form or nothing
            known.add(word)
            if len(columns) < 2 or columns[1] == "target":
                targets[word] = int(columns[0]) if columns else 1
            if len(columns) > 2:
                camel[word] = columns[2]
    return _Tables(targets, frozenset(known), camel)


def technical_words() -> dict[str, int]:
    """The words a near miss is corrected to, with their counts in the corpora."""
    return _tables().targets


def _inflection(word: str, base: str) -> bool:
    return any(word == base + end or base == word + end for end in ("s", "es", "d", "ed", "ing", "er", "ly"))


@functools.cache
def _deletion_index() -> dict[str, tuple[str, ...]]:
    """Each target and each string one deletion from it, to the targets (symmetric-delete lookup)."""
    index: dict[str, list[str]] = {}
    for word in technical_words():
        for key in {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}:
            index.setdefault(key, []).append(word)
    return {key: tuple(words) for key, words in index.items()}


def _one_edit(a: str, b: str) -> bool:
    """Whether *a* and *b* differ by one deletion, insertion, replacement or adjacent swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@functools.lru_cache(maxsize=65536)
def suggestion(word: str, *, same_first_letter: bool = False, camel: bool = False) -> str | None:
    """The technical word *word* (lower case) is a near miss of, or None; with
    ``same_first_letter``, only one that starts as *word* does, with ``camel`` only one notes
    write with a capital inside (see :func:`near_misses`)."""
    tables = _tables()
    if word in tables.known:
        return None
    index = _deletion_index()
    keys = {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}
    candidates = {c for key in keys for c in index.get(key, ())}
    if same_first_letter:
        candidates = {c for c in candidates if c[0] == word[0]}
    if camel:
        candidates = {c for c in candidates if c in tables.camel}
    return best_target(word, candidates, tables.targets)


def best_target(word: str, candidates: Iterable[str], targets: dict[str, int]) -> str | None:
    """The most frequent of the *candidates* (words of *targets*) one edit from *word* and not an
    inflection of it: the suggestion for a near miss."""
    near = [c for c in candidates if _one_edit(word, c) and not _inflection(word, c)]
    return max(near, key=lambda c: (targets[c], c), default=None)


def near_misses(blocks: Iterable[tuple[int, str]], code_spans: Iterable[tuple[int, int]] = ()) -> Iterator[NearMiss]:
    """The near misses in prose *blocks* (offset, text), outside the *code_spans* (start, end)."""
    spans = sorted(code_spans)
    starts = [start for start, _ in spans]
    known = _tables().known
    for offset, text in blocks:
        if known.issuperset(map(str.lower, _WORD_RE.findall(text))):  # most blocks: every word listed
            continue
        for match in _WORD_RE.finditer(text):
            written = match.group()
            if written.lower() in known:  # most words: asked first, it is the cheapest test
                continue
            start, end = offset + match.start(), offset + match.end()
            index = bisect_right(starts, start) - 1
            if index >= 0 and spans[index][1] > start:
                continue
            # A word in capitals is often a name made from another by a letter in front (Redis's
            # SMEMBERS, Java's JSESSIONID, SIGINT beside BIGINT): for those, the first letter stays.
            # A word with a capital inside is compared with the names written so (JavaScript,
            # PreparedStatement): secondArr is not "secondary" misspelled.
            capitals, inner = written.isupper(), not written.isupper() and not written[1:].islower()
            suggested = suggestion(written.lower(), same_first_letter=capitals, camel=inner)
            if suggested is None:
                continue
            if capitals:
                suggested = suggested.upper()
            elif inner:
                suggested = _tables().camel[suggested]
            elif written[0].isupper():
                suggested = suggested[0].upper() + suggested[1:]
            yield NearMiss(start, end, written, suggested)
