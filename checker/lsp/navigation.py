"""Moving around and renaming in notes as LSP messages: completion of paths and anchors, go to
definition, renaming a heading with every link to it, and the outline of headings and questions.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lsprotocol import types as lsp

from checker.destination import Kind, parse_destination
from checker.diagnostic import Edit, Span
from checker.document import Document
from checker.engine import Engine
from checker.files import discover
from checker.links import AnchorSource, State, encode_fragment, is_markdown, match_fragment, resolve
from checker.lsp.features import lsp_range, text_edit
from checker.lsp.notes import Analysis, Notes, OtherNote, normalized
from checker.lsp.positions import Positions
from checker.source import SourceText
from checker.views import Heading, Link

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".ico", ".avif")


# `](` then what is typed so far of the destination (no space, no `)`): the context of a completion
_DESTINATION_SO_FAR = re.compile(r"(!?)\[[^\]]*\]\(<?([^\s()<>]*)$")


def completion(notes: Notes, analysis: Analysis, position: lsp.Position) -> list[lsp.CompletionItem]:
    """After ``](#``: this note's anchors; after ``](other.md#``: that note's; after ``](``: paths."""
    document, engine = analysis.document, analysis.engine
    if document is None or engine is None:
        return []
    positions = analysis.positions
    offset = positions.offset(position.line, position.character)
    line_start = document.lines.line_start(document.lines.line_of(offset))
    match = _DESTINATION_SO_FAR.search(document.text[line_start:offset])
    if match is None:
        return []
    image, typed = match.group(1) == "!", match.group(2)
    path_part, sharp, fragment = typed.partition("#")
    if sharp:
        replace = lsp.Range(lsp.Position(*positions.position(offset - len(fragment))), position)
        if not path_part:
            return _anchor_items(document.headings, [a.name for a in document.anchors], replace)
        other = _linked_note(notes, analysis, engine, path_part)
        if other is None:
            return []
        return _anchor_items(other.anchors.headings, [a.name for a in other.anchors.anchors], replace)
    folder_part, _, name_part = path_part.rpartition("/")
    replace = lsp.Range(lsp.Position(*positions.position(offset - len(name_part))), position)
    return _path_items(analysis, engine, folder_part, path_part.startswith("/"), image, replace)


def _anchor_items(headings: Sequence[Heading], explicit: Sequence[str], replace: lsp.Range) -> list[lsp.CompletionItem]:
    items = []
    for index, heading in enumerate(headings):
        written = encode_fragment(heading.slug)
        items.append(
            lsp.CompletionItem(
                heading.slug,
                kind=lsp.CompletionItemKind.Reference,
                detail=f"{'#' * heading.level} {heading.plain_text}",
                sort_text=f"{index:05d}",
                filter_text=heading.slug,
                text_edit=lsp.TextEdit(replace, written),
            )
        )
    for index, name in enumerate(explicit, start=len(headings)):
        items.append(
            lsp.CompletionItem(
                name,
                kind=lsp.CompletionItemKind.Reference,
                detail="<a id>",
                sort_text=f"{index:05d}",
                text_edit=lsp.TextEdit(replace, encode_fragment(name)),
            )
        )
    return items


def _linked_note(notes: Notes, analysis: Analysis, engine: Engine, written_path: str) -> OtherNote | None:
    """The note a destination's path leads to (resolved as the link rules resolve it)."""
    document = analysis.document
    if document is None or analysis.path is None:
        return None
    dest = parse_destination(written_path, 0, html=False)
    if dest.kind is not Kind.LOCAL:
        return None
    notes.prepare(engine)
    resolution = resolve(dest, document, engine.context)
    if resolution.state not in (State.EXACT, State.RESPELLED) or resolution.path is None:
        return None
    if not is_markdown(resolution.path):
        return None
    return notes.other_note(resolution.path, engine)


def _path_items(
    analysis: Analysis, engine: Engine, folder_part: str, absolute: bool, image: bool, replace: lsp.Range
) -> list[lsp.CompletionItem]:
    if analysis.path is None:
        return []
    base = engine.root if absolute else analysis.path.parent
    folder = normalized(base / unquote(folder_part.lstrip("/")))
    workspace_root = normalized(engine.root)
    if not (folder == workspace_root or workspace_root in folder.parents):
        return []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    items = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        is_folder = entry.is_dir()
        wanted_image = entry.name.lower().endswith(IMAGE_SUFFIXES)
        if not is_folder and image and not wanted_image:
            continue
        if not is_folder and normalized(Path(entry.path)) == analysis.path:
            continue
        written = encode_fragment(entry.name)
        items.append(
            lsp.CompletionItem(
                entry.name + ("/" if is_folder else ""),
                kind=lsp.CompletionItemKind.Folder if is_folder else lsp.CompletionItemKind.File,
                sort_text=("0" if is_folder else "1") + entry.name,
                text_edit=lsp.TextEdit(replace, written + ("/" if is_folder else "")),
            )
        )
    return items


@dataclass(frozen=True)
class Target:
    """Where a link at the cursor leads: a note (and the heading in it, if any)."""

    uri: str | None
    path: Path | None
    range: lsp.Range


def link_at(document: Document, offset: int) -> Link | None:
    for link in document.links:
        if link.span.start <= offset <= link.span.end:
            return link
    return None


def definition(notes: Notes, analysis: Analysis, position: lsp.Position) -> Target | None:
    """The heading (or anchor) a ``#fragment`` under the cursor names, in this note or another."""
    document, engine = analysis.document, analysis.engine
    if document is None or engine is None:
        return None
    offset = analysis.positions.offset(position.line, position.character)
    link = link_at(document, offset)
    if link is None:
        return None
    dest = link.dest
    fragment = dest.fragment
    if dest.kind is Kind.FRAGMENT and fragment is not None:
        where = _anchor_span(document, fragment)
        if where is None:
            return None
        return Target(analysis.uri, analysis.path, lsp_range(analysis.positions, where))
    if dest.kind is not Kind.LOCAL or analysis.path is None:
        return None
    notes.prepare(engine)
    resolution = resolve(dest, document, engine.context)
    if resolution.path is None or resolution.state not in (State.EXACT, State.RESPELLED):
        return None
    start = lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
    if fragment is None or not is_markdown(resolution.path):
        return Target(notes.uri_of(resolution.path), resolution.path, start)
    other = notes.other_note(resolution.path, engine)
    if other is None:
        return None
    where = _anchor_span(other.anchors, fragment)
    found = lsp_range(other.positions, where) if where is not None else start
    return Target(notes.uri_of(resolution.path), resolution.path, found)


def _anchor_span(note: AnchorSource, fragment: str) -> Span | None:
    """Where the heading or explicit anchor a fragment reaches is written."""
    _, name = match_fragment(note, fragment)
    if name is None:
        return None
    for heading in note.headings:
        if heading.slug == name:
            return heading.text_span
    for anchor in note.anchors:
        if anchor.name == name:
            return anchor.span
    return None


def heading_at(document: Document, offset: int) -> Heading | None:
    for heading in document.headings:
        if heading.span.start <= offset <= heading.span.end and not heading.setext:
            return heading
        if heading.setext and heading.text_span.start <= offset <= heading.text_span.end:
            return heading
    return None


def prepare_rename(analysis: Analysis, position: lsp.Position) -> lsp.PrepareRenamePlaceholder | None:
    document = analysis.document
    if document is None:
        return None
    heading = heading_at(document, analysis.positions.offset(position.line, position.character))
    if heading is None:
        return None
    span = heading.text_span
    return lsp.PrepareRenamePlaceholder(lsp_range(analysis.positions, span), document.text[span.start : span.end])


class RenameError(ValueError):
    """A new heading text that cannot be (it is empty or spans lines)."""


def rename(notes: Notes, analysis: Analysis, position: lsp.Position, new_text: str) -> lsp.WorkspaceEdit | None:
    """The heading under the cursor renamed, and every link to an anchor that changes with it —
    in this note and in every other note of the root — as one workspace edit.

    Renaming can move other anchors too: of two ``## 정리`` headings the second is ``#정리-1``
    until the first is renamed, then ``#정리``; links are rewritten for every anchor that changes.
    """
    document, engine = analysis.document, analysis.engine
    if document is None or engine is None:
        return None
    heading = heading_at(document, analysis.positions.offset(position.line, position.character))
    if heading is None:
        return None
    if not new_text.strip() or "\n" in new_text or "\r" in new_text:
        raise RenameError("a heading is one line of text" if analysis.lang != "ko" else "제목은 한 줄이어야 합니다")
    heading_edit = Edit(heading.text_span.start, heading.text_span.end, new_text)
    renamed_source = SourceText(analysis.source.apply([heading_edit]), bom=False)
    renamed = engine.parse(renamed_source, analysis.path)
    moved = _moved_slugs(document.headings, renamed.headings)
    changes: dict[str, list[lsp.TextEdit]] = {}
    here = [heading_edit, *_fragment_edits(document, moved, engine, notes, target=None)]
    changes[analysis.uri] = [
        text_edit(analysis.source, analysis.positions, e) for e in sorted(here, key=lambda e: e.start)
    ]
    if analysis.path is not None and moved:
        for other_path, other_source, other_document in _notes_linking(notes, engine, analysis.path):
            edits = _fragment_edits(other_document, moved, engine, notes, target=analysis.path)
            if not edits:
                continue
            uri = notes.uri_of(other_path) or other_path.as_uri()
            positions = Positions(other_source.text, other_source.lines)
            changes[uri] = [text_edit(other_source, positions, e) for e in edits]
    return lsp.WorkspaceEdit(changes=changes)


def _moved_slugs(before: Sequence[Heading], after: Sequence[Heading]) -> dict[str, str]:
    if len(before) != len(after):
        return {}
    return {old.slug: new.slug for old, new in zip(before, after, strict=True) if old.slug != new.slug}


def _fragment_edits(
    document: Document, moved: dict[str, str], engine: Engine, notes: Notes, *, target: Path | None
) -> list[Edit]:
    """Edits rewriting the fragments of ``document``'s links into the renamed note (``target``,
    or this note itself when None) whose anchor moved."""
    edits: list[Edit] = []
    for link in document.links:
        if link.image:
            continue
        dest = link.dest
        fragment, span = dest.fragment, dest.fragment_span
        if fragment is None or span is None:
            continue
        if target is None:
            if dest.kind is not Kind.FRAGMENT:
                continue
        else:
            if dest.kind is not Kind.LOCAL:
                continue
            notes.prepare(engine)
            resolution = resolve(dest, document, engine.context)
            if resolution.path is None or normalized(resolution.path) != normalized(target):
                continue
        name = fragment.removeprefix("user-content-")
        if name in moved:
            prefix = "user-content-" if fragment.startswith("user-content-") else ""
            edits.append(Edit(span.start, span.end, prefix + encode_fragment(moved[name])))
    return edits


def _notes_linking(notes: Notes, engine: Engine, path: Path) -> list[tuple[Path, SourceText, Document]]:
    """The other notes of the root that may link to ``path`` (its name appears in them), parsed."""
    from urllib.parse import quote  # noqa: PLC0415

    config = engine.config
    base = engine.config_dir or engine.root
    found = discover([engine.root], base=base, include=config.include, exclude=config.exclude).files
    names = {path.name, quote(path.name), path.name.replace(" ", "%20")}
    linking = []
    for file in found:
        key = normalized(file)
        if key == normalized(path):
            continue
        other = notes.other_note(key, engine)
        if other is None or not any(name in other.source.raw for name in names):
            continue
        linking.append((key, other.source, engine.parse(other.source, key)))
    return linking


def document_symbols(analysis: Analysis) -> list[lsp.DocumentSymbol]:
    """The note's headings as an outline; questions marked answered or not."""
    document = analysis.document
    if document is None:
        return []
    positions = analysis.positions
    korean = analysis.lang == "ko"
    questions = {q.line: q for q in analysis.questions}
    headings = document.headings
    roots: list[lsp.DocumentSymbol] = []
    stack: list[tuple[int, list[lsp.DocumentSymbol]]] = []  # (level, children) of the open headings
    sections: list[tuple[Span, list[lsp.DocumentSymbol]]] = []  # each heading's section, children
    text_end = len(document.text)
    heading_lines = {h.line for h in headings}
    for index, heading in enumerate(headings):
        end = next((h.span.start for h in headings[index + 1 :] if h.level <= heading.level), text_end)
        section = Span(heading.span.start, max(end, heading.span.end))
        question = questions.get(heading.line)
        children: list[lsp.DocumentSymbol] = []
        symbol = lsp.DocumentSymbol(
            heading.plain_text or heading.slug or "#",
            lsp.SymbolKind.Event if question is not None else lsp.SymbolKind.String,
            lsp_range(positions, section),
            lsp_range(positions, heading.text_span),
            detail=_question_detail(question.answered, korean) if question is not None else None,
            children=children,
        )
        while stack and stack[-1][0] >= heading.level:
            stack.pop()
        (stack[-1][1] if stack else roots).append(symbol)
        stack.append((heading.level, children))
        sections.append((section, children))
    for question in analysis.questions:
        if question.line in heading_lines:
            continue
        symbol = lsp.DocumentSymbol(
            question.text or "?",
            lsp.SymbolKind.Event,
            lsp_range(positions, question.span),
            lsp_range(positions, question.span),
            detail=_question_detail(question.answered, korean),
        )
        # the innermost section holding it: the last one that starts before it and ends after
        holding = [kids for span, kids in sections if span.start <= question.span.start < span.end]
        (holding[-1] if holding else roots).append(symbol)
    return roots


def _question_detail(answered: bool, korean: bool) -> str:
    if korean:
        return "질문 · 답 있음" if answered else "질문 · 답 없음"
    return "question · answered" if answered else "question · unanswered"
