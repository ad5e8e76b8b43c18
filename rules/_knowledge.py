"""Shared by CS501 (known-error) and CS502 (misspelled-term): from knowledge matches to diagnostics."""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Literal

from checker.diagnostic import Applicability, Diagnostic, Edit, Fix, Message, Severity, Span
from checker.document import Document
from checker.knowledge import KnowledgeBase, KnowledgeMatch, find_matches, quiz_section_blocks
from checker.rule import Context, Rule

if TYPE_CHECKING:
    from checker.spelling import NearMiss

_TITLE = Message("`{old}`을(를) `{new}`(으)로 바꾸기", "replace `{old}` with `{new}`")


def knowledge_diagnostics(
    rule: Rule, doc: Document, ctx: Context, kind: Literal["fact", "term"]
) -> Iterator[Diagnostic]:
    """One diagnostic per match of the knowledge entries of ``kind`` in the document's prose."""
    for match in document_matches(doc, ctx, kind):
        entry = match.entry
        message = Message(
            f"{entry.message.ko} (출처: {entry.source})",
            f"{entry.message.en} (source: {entry.source})",
        )
        fix = None
        edit = match.edit
        if edit is not None and entry.fix is not None and match.replacement is not None:
            # Titled by the whole match, even when the edit itself is trimmed to the changed part.
            old, new = match.text, match.replacement
            title = Message(_TITLE.ko.format(old=old, new=new), _TITLE.en.format(old=old, new=new))
            fix = Fix((Edit(edit.start, edit.end, edit.text),), Applicability(entry.fix), title)
        yield rule.diagnostic(
            Span(match.start, match.end),
            message,
            fix,
            severity=Severity(entry.severity) if entry.severity else None,
            qualifier=entry.id,
        )


# The matches of a document, shared by CS501 and CS502 (which skips words inside fact matches): one
# search per document however many rules ask. Keyed by the document, gone with it.
_matches: weakref.WeakKeyDictionary[Document, dict[tuple[int, str, frozenset[str]], list[KnowledgeMatch]]] = (
    weakref.WeakKeyDictionary()
)


def document_matches(doc: Document, ctx: Context, kind: Literal["fact", "term"]) -> list[KnowledgeMatch]:
    """The matches of the entries of ``kind`` in the document (see :func:`matches_in`): the
    entries of both kinds are matched in one pass, which CS501 and CS502 then share."""
    disabled = frozenset(ctx.config.knowledge.disable)
    key = (id(ctx.knowledge), kind, disabled)
    known = _matches.setdefault(doc, {})
    found = known.get(key)
    if found is None:
        every = matches_in(doc, ctx.knowledge, disabled=disabled)
        for each in ("fact", "term"):
            known[(id(ctx.knowledge), each, disabled)] = [m for m in every if m.entry.kind == each]
        found = known[key]
    return found


def matches_in(
    doc: Document,
    kb: KnowledgeBase,
    *,
    kind: Literal["fact", "term"] | None = None,
    disabled: Iterable[str] = (),
) -> list[KnowledgeMatch]:
    """The matches in the prose blocks and in each table row read as one line, once each.

    A table row hands its cells over one by one, so ``| 201 | Create |`` would never show a code
    beside its reason phrase; the row is matched again as its source line with only the cells' text
    and the ``|`` separators kept. A match inside a single cell is found both ways and kept once.
    """
    prose = doc.prose
    quiz = quiz_section_blocks((b.start, b.text, b.kind == "heading") for b in prose)
    found = list(find_matches(kb, [(b.start, b.text) for b in prose], kind=kind, disabled=disabled, quiz_blocks=quiz))
    rows = table_rows(doc.text, [(b.start, b.text) for b in prose if b.kind == "table-cell"])
    if not rows:
        return found
    seen = {(m.entry.id, m.start, m.end) for m in found}
    for match in find_matches(kb, rows, kind=kind, disabled=disabled):
        if (match.entry.id, match.start, match.end) not in seen:
            seen.add((match.entry.id, match.start, match.end))
            found.append(match)
    found.sort(key=lambda m: (m.start, m.end, m.entry.id))
    return found


def table_rows(text: str, cells: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Each line holding two or more one-line table cells, as a block: cell text and ``|`` kept."""
    by_line: dict[int, list[tuple[int, str]]] = {}
    for start, cell in cells:
        if "\n" not in cell:
            by_line.setdefault(text.rfind("\n", 0, start) + 1, []).append((start, cell))
    rows: list[tuple[int, str]] = []
    for line_start, line_cells in by_line.items():
        if len(line_cells) < 2:
            continue
        line_end = text.find("\n", line_start)
        line = text[line_start : len(text) if line_end < 0 else line_end]
        chars = ["|" if char == "|" else " " for char in line]
        for start, cell in line_cells:
            offset = start - line_start
            chars[offset : offset + len(cell)] = cell
        rows.append((line_start, "".join(chars)))
    return rows


_SPELLING = Message(
    "‘{word}’은(는) ‘{suggestion}’의 오타로 보입니다. "
    "(출처: pyspellchecker 영어 단어 목록과 노트의 기술 용어 목록 rules/knowledge/tables/technical-words.txt)",
    "'{word}' looks like a misspelling of '{suggestion}'. (source: the pyspellchecker English word list and the "
    "technical words of rules/knowledge/tables/technical-words.txt)",
)


def term_diagnostics(rule: Rule, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """CS502: the term entries' matches, then the near misses, except a misspelling that a fact
    match reports already.

    A misspelled word that makes a wrong acronym expansion (``JVM(Java Vitual Machine)``: spelled
    right, the expansion is accepted) is reported once, by CS501: the class policy makes a wrong
    expansion a fact, and CS501's message already names the right expansion, so a second finding
    on the same word would only repeat it. Where the expansion stays wrong once the word is
    spelled right (``TLS(Seucure Sockets Layer)``), the two are separate errors and both are found.
    """
    from checker.spelling import near_misses  # noqa: PLC0415 — loads two word lists on first use

    terms = list(knowledge_diagnostics(rule, doc, ctx, "term"))
    code = [(span.start, span.end) for span in doc.code_spans]
    misses = list(near_misses([(b.start, b.text) for b in doc.prose], code))
    facts: list[KnowledgeMatch] = []
    if terms or misses:  # most notes have neither: the facts are looked for only when needed
        facts = document_matches(doc, ctx, "fact")
    kept = [d for d in terms if d.fix is None or not any(_explains(facts, e.start, e.end, e.text) for e in d.fix.edits)]
    yield from kept
    taken = [(d.span.start, d.span.end) for d in kept]
    misses = [m for m in misses if not _explains(facts, m.start, m.end, m.suggestion)]
    yield from _spelling(rule, misses, taken)


def _explains(facts: list[KnowledgeMatch], start: int, end: int, new: str) -> bool:
    """Whether a fact match covers ``[start, end)`` and is gone once that text reads *new*."""
    for fact in facts:
        if fact.start <= start and end <= fact.end:
            corrected = fact.text[: start - fact.start] + new + fact.text[end - fact.start :]
            if fact.entry.pattern_re.search(corrected) is None:
                return True
    return False


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _spelling(rule: Rule, misses: Iterable[NearMiss], taken: list[tuple[int, int]]) -> Iterator[Diagnostic]:
    for miss in misses:
        if _overlaps(miss.start, miss.end, taken):
            continue
        message = Message(
            _SPELLING.ko.format(word=miss.word, suggestion=miss.suggestion),
            _SPELLING.en.format(word=miss.word, suggestion=miss.suggestion),
        )
        title = Message(
            _TITLE.ko.format(old=miss.word, new=miss.suggestion), _TITLE.en.format(old=miss.word, new=miss.suggestion)
        )
        fix = Fix((Edit(miss.start, miss.end, miss.suggestion),), Applicability("display-only"), title)
        yield rule.diagnostic(
            Span(miss.start, miss.end), message, fix, severity=Severity("warning"), qualifier="spelling"
        )
