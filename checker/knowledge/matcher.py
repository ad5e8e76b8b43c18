"""Finding an entry's matches in prose blocks, with the minimal edit of its replacement, and
checking an entry's own examples (bad, good, fixed).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from checker.knowledge.entry import Entry, Kind, KnowledgeBase, KnowledgeError
from checker.knowledge.packs import load_pack
from checker.knowledge.regex_safety import as_written
from checker.knowledge.sentences import (
    REFUTATION_WINDOW,
    REFUTED_AFTER_RE,
    REFUTED_BEFORE_RE,
    is_quiz_line,
    split_sentences,
)


class KnowledgeEdit(NamedTuple):
    """The smallest whole-word replacement a fix needs, on absolute offsets."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class KnowledgeMatch:
    """One finding: *start*/*end* is the reported span (the pattern's match), absolute."""

    entry: Entry
    start: int
    end: int
    text: str
    replacement: str | None

    @property
    def edit(self) -> KnowledgeEdit | None:
        """The replacement trimmed to the words that change, so the fix is as small as possible."""
        if self.replacement is None:
            return None
        return _minimal_edit(self.start, self.text, self.replacement)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _minimal_edit(start: int, old: str, new: str) -> KnowledgeEdit:
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    while prefix > 0 and (
        (prefix < len(old) and _is_word(old[prefix]) and _is_word(old[prefix - 1]))
        or (prefix < len(new) and _is_word(new[prefix]) and _is_word(new[prefix - 1]))
    ):
        prefix -= 1
    suffix = 0
    limit -= prefix
    while suffix < limit and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    while suffix > 0 and (
        (len(old) - suffix > 0 and _is_word(old[len(old) - suffix]) and _is_word(old[len(old) - suffix - 1]))
        or (len(new) - suffix > 0 and _is_word(new[len(new) - suffix]) and _is_word(new[len(new) - suffix - 1]))
    ):
        suffix -= 1
    return KnowledgeEdit(start + prefix, start + len(old) - suffix, new[prefix : len(new) - suffix])


def apply_replacement(text: str, match: KnowledgeMatch, offset: int = 0) -> str:
    """*text* with *match*'s fix applied; *offset* is the absolute offset of ``text[0]``."""
    edit = match.edit
    if edit is None:
        return text
    return text[: edit.start - offset] + edit.text + text[edit.end - offset :]


def _block_is_quiz(text: str) -> bool:
    return any(is_quiz_line(line) for line in text.split("\n"))


class _Block:
    """One prose block and what the matcher derives from it, each computed at most once."""

    __slots__ = ("_quiz", "_spans", "start", "text")

    def __init__(self, start: int, text: str, *, quiz: bool | None = None) -> None:
        self.start = start
        self.text = text
        self._spans: list[tuple[int, int]] | None = None
        self._quiz: bool | None = quiz or None  # True: known to lie in a quiz section

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = split_sentences(self.text)
        return self._spans

    @property
    def quiz(self) -> bool:
        if self._quiz is None:
            self._quiz = _block_is_quiz(self.text)
        return self._quiz


def _entry_matches(entry: Entry, block: _Block) -> Iterator[KnowledgeMatch]:
    text = block.text
    regex = entry.pattern_re
    if regex.search(text) is None:
        return
    if entry.context_scope == "block" and entry.context_re is not None and not entry.context_re.search(text):
        return
    if entry.guarded and block.quiz:
        return
    for s_start, s_end in block.spans:
        sentence = text[s_start:s_end]
        matches = regex.finditer(sentence)
        first = next(matches, None)
        # context and unless look at the whole sentence: judged once per sentence, not once per
        # match (a long sentence with thousands of matches made this quadratic)
        if first is None or not _sentence_allows(entry, sentence):
            continue
        flagged_before = _refuted_before_end(sentence) if entry.guarded else None
        for match in itertools.chain((first,), matches):
            if entry.guarded and _refuted(sentence, match, flagged_before):
                continue
            yield KnowledgeMatch(
                entry=entry,
                start=block.start + s_start + match.start(),
                end=block.start + s_start + match.end(),
                text=match.group(),
                replacement=match.expand(entry.replace) if entry.replace is not None else None,
            )


def _sentence_allows(entry: Entry, sentence: str) -> bool:
    """The sentence holds the entry's context (if any) and not its ``unless``."""
    context = entry.context_re
    if context is not None and entry.context_scope == "sentence" and context.search(sentence) is None:
        return False
    return entry.unless_re is None or entry.unless_re.search(sentence) is None


def _refuted_before_end(sentence: str) -> int | None:
    """Where the sentence's first flag (오해, 잘못, ❌ …) ends, or None: a match after it is flagged.

    The flags are literals that cannot overlap, so the leftmost one also ends first, and
    ``REFUTED_BEFORE_RE.search(sentence[:start])`` finds one exactly when it ends by ``start``.
    """
    first = REFUTED_BEFORE_RE.search(sentence)
    return first.end() if first else None


def _refuted(sentence: str, match: re.Match[str], flagged_before: int | None) -> bool:
    """:func:`is_refuted` with the flag before the match found once per sentence."""
    if flagged_before is not None and flagged_before <= match.start():
        return True
    return bool(REFUTED_AFTER_RE.search(sentence[match.end() : match.end() + REFUTATION_WINDOW]))


class _Joined(NamedTuple):
    """The blocks' texts joined by NULs, and where each block starts in the join."""

    text: str
    bounds: list[int]

    @classmethod
    def of(cls, pieces: Iterable[str]) -> _Joined:
        bounds: list[int] = []
        position = 0
        kept = []
        for piece in pieces:
            bounds.append(position)
            kept.append(piece)
            position += len(piece) + 1
        return cls("\x00".join(kept), bounds)

    def block(self, index: int) -> str:
        end = self.bounds[index + 1] - 1 if index + 1 < len(self.bounds) else len(self.text)
        return self.text[self.bounds[index] : end]

    def blocks_holding(self, needle: str) -> frozenset[int]:
        hits: set[int] = set()
        text, bounds = self.text, self.bounds
        position = text.find(needle)
        while position >= 0:
            index = bisect_right(bounds, position) - 1
            hits.add(index)
            # Skip to the next block: one hit is enough to run the regex there.
            next_start = bounds[index + 1] if index + 1 < len(bounds) else len(text)
            position = text.find(needle, max(position + 1, next_start))
        return frozenset(hits)


class _Probe(NamedTuple):
    """How to find the blocks that may hold one of an entry's needles."""

    as_written: bool  # looked for in the text as written (regex_safety.as_written), else lower-cased
    word: str | None  # the needles' longest word, ASCII or Hangul, found first ("ACK" of "(ACK)")
    needles: tuple[str, ...]


def _probes(needles: Sequence[str]) -> tuple[_Probe, ...]:
    grouped: dict[tuple[bool, str | None], list[str]] = {}
    for needle in needles:
        grouped.setdefault((as_written(needle), _longest_word(needle)), []).append(needle)
    return tuple(_Probe(as_written, word, tuple(group)) for (as_written, word), group in grouped.items())


def _candidates(
    probes: tuple[_Probe, ...] | None,
    original: _Joined,
    lowered: _Joined,
    memo: dict[tuple[bool, str], frozenset[int]],
) -> Iterable[int]:
    """Indexes of the blocks that hold one of an entry's needles (all blocks for an entry without).

    ``memo`` keeps each word's blocks for the call of :func:`find_matches`: many entries share one
    (every acronym entry its acronym, every status-code entry its code), and each costs a scan of
    the whole text. A needle longer than its word is then looked for in those blocks only.
    """
    if probes is None:
        return range(len(lowered.bounds))
    found: set[int] = set()
    for probe in probes:
        joined = original if probe.as_written else lowered
        scanned = [probe.word] if probe.word is not None else list(probe.needles)
        for text in scanned:
            holding = memo.get((probe.as_written, text))
            if holding is None:
                holding = memo[(probe.as_written, text)] = joined.blocks_holding(text)
            if probe.word is None or probe.needles == (probe.word,):
                found |= holding
                continue
            for index in holding - found:
                block = joined.block(index)
                if any(needle in block for needle in probe.needles):
                    found.add(index)
    return sorted(found)


_ASCII_WORD_RE = re.compile(r"[0-9A-Za-z]+")
_LOWER_ASCII_WORD_RE = re.compile(r"[0-9a-z]+")
_HANGUL_WORD_RE = re.compile(r"[가-힣]+")
_WORD_RE = re.compile(r"[0-9A-Za-z]+|[가-힣]+")


def _longest_word(needle: str) -> str | None:
    """The needle's longest run of ASCII letters and digits or of Hangul syllables."""
    return max(_WORD_RE.findall(needle), key=len, default=None)


@dataclass(frozen=True)
class _NeedleIndex:
    """The entries of one selection grouped by the words of their needles, so a text is asked once
    per word."""

    entries: tuple[Entry, ...]
    probes: tuple[tuple[_Probe, ...] | None, ...]  # each entry's (None: no needles)
    # (word or needle, entry indexes) by where it is looked for: the text's ASCII words
    # lower-cased, its ASCII words as written, its Hangul words, the text lower-cased, as written.
    look_ups: tuple[tuple[tuple[str, tuple[int, ...]], ...], ...]
    unfiltered: tuple[int, ...]  # entries without needles: they run on every text


# Per knowledge base and selection; the base itself is kept to tell a reused id() apart.
_needle_indexes: dict[tuple[int, str | None, frozenset[str]], tuple[KnowledgeBase, _NeedleIndex]] = {}


def _needle_index(kb: KnowledgeBase, kind: Kind | None, disabled: frozenset[str]) -> _NeedleIndex:
    key = (id(kb), kind, disabled)
    cached = _needle_indexes.get(key)
    if cached is not None and cached[0] is kb:
        return cached[1]
    entries = kb.select(kind=kind, disabled=disabled)
    probes = tuple(_probes(entry.needles) if entry.needles is not None else None for entry in entries)
    unfiltered = tuple(position for position, entry_probes in enumerate(probes) if entry_probes is None)
    # An entry is present when one of its words is among the text's distinct words (or, for a
    # needle without one, when the needle is in the text).
    by_look_up: dict[tuple[int, str], set[int]] = {}
    for position, entry_probes in enumerate(probes):
        for probe in entry_probes or ():
            if probe.word is None:
                for needle in probe.needles:
                    by_look_up.setdefault((3 + probe.as_written, needle), set()).add(position)
            else:
                group = 2 if _HANGUL_WORD_RE.fullmatch(probe.word) else int(probe.as_written)
                by_look_up.setdefault((group, probe.word), set()).add(position)
    groups: list[list[tuple[str, tuple[int, ...]]]] = [[], [], [], [], []]
    for (group, text), positions in by_look_up.items():
        groups[group].append((text, tuple(sorted(positions))))
    index = _NeedleIndex(entries, probes, tuple(tuple(group) for group in groups), unfiltered)
    if len(_needle_indexes) > 16:  # a long-lived process with many knowledge bases
        _needle_indexes.clear()
    _needle_indexes[key] = (kb, index)
    return index


def _present_entries(index: _NeedleIndex, original: str, lowered: str) -> list[int]:
    """The positions (in order) of the entries that have no needles or may have one in the text.

    A word is looked up in the text's distinct ASCII (or Hangul) words joined (every occurrence of
    it lies inside one such word), which is far shorter than the text: with hundreds of entries
    (the acronym table) asking each of the whole text would dominate.
    """
    words = "\x00".join(set(_ASCII_WORD_RE.findall(original)))
    lowered_words = "\x00".join(set(_LOWER_ASCII_WORD_RE.findall(lowered)))
    hangul_words = "\x00".join(set(_HANGUL_WORD_RE.findall(original)))
    chosen = set(index.unfiltered)
    haystacks = (lowered_words, words, hangul_words, lowered, original)
    for haystack, group in zip(haystacks, index.look_ups, strict=True):
        for text, positions in group:
            if text in haystack:
                chosen.update(positions)
    return sorted(chosen)


def find_matches(
    kb: KnowledgeBase,
    blocks: Iterable[tuple[int, str]],
    *,
    kind: Kind | None = None,
    disabled: Iterable[str] = frozenset(),
    quiz_blocks: Collection[int] = frozenset(),
) -> Iterator[KnowledgeMatch]:
    """Every match of the selected entries in the prose *blocks*, block by block, left to right.

    ``quiz_blocks`` names (by start offset) blocks the caller knows to be part of a quiz — the
    options under a ``고르시오`` stem are blocks of their own — so guarded entries skip them too.

    Each entry's regex runs only on the blocks holding one of its required literals, found with
    ``str.find`` on the lower-cased blocks joined once: most entries never run on most blocks.
    """
    selection = _needle_index(kb, kind, frozenset(disabled))
    if not selection.entries:
        return
    items = [_Block(start, text, quiz=start in quiz_blocks) for start, text in blocks]
    if not items:
        return
    original = _Joined.of(item.text for item in items)
    lowered = _Joined.of(item.text.lower() for item in items)
    found: dict[int, list[KnowledgeMatch]] = {}
    memo: dict[tuple[bool, str], frozenset[int]] = {}
    for position in _present_entries(selection, original.text, lowered.text):
        entry = selection.entries[position]
        for index in _candidates(selection.probes[position], original, lowered, memo):
            hits = list(_entry_matches(entry, items[index]))
            if hits:
                found.setdefault(index, []).extend(hits)
    for index in sorted(found):
        yield from sorted(found[index], key=lambda m: (m.start, m.end, m.entry.id))


def _fix_all(text: str, matches: Sequence[KnowledgeMatch]) -> str:
    result: list[str] = []
    position = 0
    for match in matches:
        edit = match.edit
        if edit is None or edit.start < position:
            continue
        result.append(text[position : edit.start])
        result.append(edit.text)
        position = edit.end
    result.append(text[position:])
    return "".join(result)


def check_entry(entry: Entry) -> list[str]:
    """Run an entry's examples; each failure is a readable line (empty when all pass)."""
    kb = KnowledgeBase((entry,), {})
    failures: list[str] = []
    for index, text in enumerate(entry.bad):
        matches = list(find_matches(kb, [(0, text)]))
        if not matches:
            failures.append(f"entry {entry.id!r}: bad[{index}] does not fire: {text!r}")
            continue
        if entry.fixed:
            fixed = _fix_all(text, matches)
            if fixed != entry.fixed[index]:
                failures.append(
                    f"entry {entry.id!r}: bad[{index}] is fixed to {fixed!r}, expected {entry.fixed[index]!r}"
                )
            elif any(True for _ in find_matches(kb, [(0, fixed)])):
                failures.append(f"entry {entry.id!r}: fixed[{index}] still fires: {fixed!r}")
    for index, text in enumerate(entry.good):
        hits = [m.text for m in find_matches(kb, [(0, text)])]
        if hits:
            failures.append(f"entry {entry.id!r}: good[{index}] fires on {hits[0]!r}: {text!r}")
    return failures


def check_pack(path: Path) -> list[str]:
    """Validate one pack and run its examples (for ``cscheck knowledge check FILE``)."""
    try:
        entries = load_pack(path)
    except KnowledgeError as exc:
        return [str(exc)]
    return [f"{path}: {failure}" for entry in entries for failure in check_entry(entry)]
