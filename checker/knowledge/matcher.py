"""Finding an entry's matches in prose blocks, with the minimal edit of its replacement, and
checking an entry's own examples (bad, good, fixed).
"""

from __future__ import annotations

import itertools
import re
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
    """The entry's matches in a block where its regex matches somewhere (the caller knows)."""
    text = block.text
    regex = entry.pattern_re
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


class _Probe(NamedTuple):
    """How to find the blocks that may hold one of an entry's needles."""

    as_written: bool  # looked for in the text as written (regex_safety.as_written), else lower-cased
    word: str | None  # the needles' longest word, ASCII or Hangul, found first ("ACK" of "(ACK)")
    needles: tuple[str, ...]
    group: int  # where the word is looked for (one of the _GROUP_ values)


# Where a probe's word is looked for: among the text's ASCII words lower-cased, its ASCII words as
# written, its Hangul words; a probe without a word looks for its needles in the whole text.
_GROUP_LOWERED, _GROUP_AS_WRITTEN, _GROUP_HANGUL, _GROUP_NO_WORD = 0, 1, 2, 3

_HANGUL_WORD_RE = re.compile(r"[가-힣]+")
_WORD_RE = re.compile(r"[0-9A-Za-z]+|[가-힣]+")


def _longest_word(needle: str) -> str | None:
    """The needle's longest run of ASCII letters and digits or of Hangul syllables."""
    return max(_WORD_RE.findall(needle), key=len, default=None)


def _probes(needles: Sequence[str]) -> tuple[_Probe, ...]:
    grouped: dict[tuple[bool, str | None], list[str]] = {}
    for needle in needles:
        grouped.setdefault((as_written(needle), _longest_word(needle)), []).append(needle)
    probes = []
    for (written, word), group in grouped.items():
        if word is None:
            where = _GROUP_NO_WORD
        elif _HANGUL_WORD_RE.fullmatch(word):
            where = _GROUP_HANGUL
        else:
            where = _GROUP_AS_WRITTEN if written else _GROUP_LOWERED
        probes.append(_Probe(written, word, tuple(group), where))
    return tuple(probes)


_CONTAINED_LIMIT = 200_000  # text words remembered per selection before the memo starts over


@dataclass(frozen=True)
class _NeedleIndex:
    """The entries of one selection and the words of their needles, so a text is asked once per
    distinct word it holds."""

    entries: tuple[Entry, ...]
    probes: tuple[tuple[_Probe, ...] | None, ...]  # each entry's (None: no needles)
    # per word group: each probe word, the entries whose probes look for it
    words: tuple[dict[str, tuple[int, ...]], ...]
    lengths: tuple[tuple[int, ...], ...]  # per word group: the lengths its probe words come in
    heads: tuple[frozenset[str] | None, ...]  # per word group: its probe words' first two characters
    unfiltered: tuple[int, ...]  # entries without needles: they run on every text
    wordless: tuple[int, ...]  # entries with a needle that has no word: searched for as it is
    # Filled as texts come, since the same words ("the", "TCP", "서버는") recur in note after note:
    # a word of some text that holds probe words, the (group, probe word) pairs inside it ...
    contained: dict[str, tuple[tuple[int, str], ...]]
    # ... and the words that hold none, most of them: a block's words less these are the few to ask.
    barren: set[str]

    def words_inside(self, token: str) -> tuple[tuple[int, str], ...]:
        """The (group, probe word) pairs that occur in ``token``, a run of ASCII letters and digits
        or of Hangul syllables of some text."""
        found = self.contained.get(token)
        if found is None:
            if token in self.barren:
                return ()
            if token.isascii():
                found = self._inside(_GROUP_LOWERED, token.lower()) + self._inside(_GROUP_AS_WRITTEN, token)
            else:
                found = self._inside(_GROUP_HANGUL, token)
            if len(self.contained) + len(self.barren) >= _CONTAINED_LIMIT:
                self.contained.clear()
                self.barren.clear()
            if found:
                self.contained[token] = found
            else:
                self.barren.add(token)
        return found

    def _inside(self, group: int, token: str) -> tuple[tuple[int, str], ...]:
        # A probe word can start only where the first two characters of one stand, which leaves
        # few places in most words (all places for a group with a one-character word).
        size = len(token)
        heads = self.heads[group]
        starts = range(size) if heads is None else [i for i in range(size - 1) if token[i : i + 2] in heads]
        if not starts:
            return ()
        lengths = self.lengths[group]
        pieces = {token[i : i + n] for i in starts for n in lengths if i + n <= size}
        words = self.words[group]
        return tuple((group, piece) for piece in pieces if piece in words)


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
    by_word: list[dict[str, set[int]]] = [{}, {}, {}]
    for position, entry_probes in enumerate(probes):
        for probe in entry_probes or ():
            if probe.word is not None:
                by_word[probe.group].setdefault(probe.word, set()).add(position)
    index = _NeedleIndex(
        entries,
        probes,
        tuple({word: tuple(sorted(positions)) for word, positions in group.items()} for group in by_word),
        tuple(tuple(sorted({len(word) for word in group})) for group in by_word),
        tuple(None if any(len(word) < 2 for word in group) else frozenset(w[:2] for w in group) for group in by_word),
        unfiltered,
        tuple(i for i, entry_probes in enumerate(probes) if any(p.word is None for p in entry_probes or ())),
        {},
        set(),
    )
    if len(_needle_indexes) > 16:  # a long-lived process with many knowledge bases
        _needle_indexes.clear()
    _needle_indexes[key] = (kb, index)
    return index


def _word_blocks(index: _NeedleIndex, texts: Sequence[str]) -> dict[tuple[int, str], list[int]]:
    """For each (group, probe word) found, the blocks holding it, in order.

    A probe word occurs only inside one of the text's words (a run of ASCII letters and digits, or
    of Hangul syllables), so each block's distinct words are asked, from a memo kept across texts
    (the words known to hold none set aside at once),
    instead of every probe word searching every text: the knowledge base has ~1,600 of them.
    """
    found: dict[tuple[int, str], list[int]] = {}
    barren, contained = index.barren, index.contained
    for block, text in enumerate(texts):
        for token in set(_WORD_RE.findall(text)) - barren:
            for pair in contained.get(token) or index.words_inside(token):
                blocks = found.get(pair)
                if blocks is None:
                    found[pair] = [block]
                elif blocks[-1] != block:
                    blocks.append(block)
    return found


class _Blocks:
    """The prose blocks of one call, as written and lower-cased, and which hold which words."""

    def __init__(self, index: _NeedleIndex, texts: list[str]) -> None:
        self.texts = texts
        self.lowered = [text.lower() for text in texts]
        self.by_word = _word_blocks(index, texts)
        self._by_needle: dict[tuple[bool, str], list[int]] = {}

    def holding_needle(self, as_written: bool, needle: str) -> list[int]:
        """The blocks holding a needle without a word of its own (searched for as it is)."""
        found = self._by_needle.get((as_written, needle))
        if found is None:
            texts = self.texts if as_written else self.lowered
            found = self._by_needle[(as_written, needle)] = [i for i, text in enumerate(texts) if needle in text]
        return found

    def present(self, index: _NeedleIndex) -> list[int]:
        """The positions (in order) of the entries that have no needles or may have one here."""
        chosen = set(index.unfiltered)
        for group, word in self.by_word:
            chosen.update(index.words[group][word])
        for position in index.wordless:
            if position not in chosen and any(
                self.holding_needle(probe.as_written, needle)
                for probe in index.probes[position] or ()
                if probe.word is None
                for needle in probe.needles
            ):
                chosen.add(position)
        return sorted(chosen)

    def candidates(self, probes: tuple[_Probe, ...] | None) -> Iterable[int]:
        """Indexes of the blocks that hold one of an entry's needles (all blocks for an entry without).

        A needle longer than its word ("(ACK)" of "ACK") is looked for in the blocks holding the word.
        """
        if probes is None:
            return range(len(self.texts))
        found: set[int] = set()
        for probe in probes:
            if probe.word is None:
                for needle in probe.needles:
                    found.update(self.holding_needle(probe.as_written, needle))
                continue
            holding = self.by_word.get((probe.group, probe.word), ())
            if probe.needles == (probe.word,):
                found.update(holding)
                continue
            texts = self.texts if probe.as_written else self.lowered
            for block in holding:
                if block not in found and any(needle in texts[block] for needle in probe.needles):
                    found.add(block)
        return sorted(found)


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

    Each entry's regex runs only on the blocks holding one of its required literals: most entries
    never run on most blocks.
    """
    selection = _needle_index(kb, kind, frozenset(disabled))
    if not selection.entries:
        return
    items = [_Block(start, text, quiz=start in quiz_blocks) for start, text in blocks]
    if not items:
        return
    prose = _Blocks(selection, [item.text for item in items])
    found: dict[int, list[KnowledgeMatch]] = {}
    for position in prose.present(selection):
        entry = selection.entries[position]
        search = entry.pattern_re.search
        for index in prose.candidates(selection.probes[position]):
            item = items[index]
            if search(item.text) is None:  # most candidates: no match anywhere in the block
                continue
            hits = list(_entry_matches(entry, item))
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
