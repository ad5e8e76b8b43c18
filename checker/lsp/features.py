"""Findings, fixes and the document model as LSP messages (lsprotocol types).

Every answer is computed from an :class:`~checker.lsp.notes.Analysis`: the engine's findings and
Document for the version of the note the editor has. Offsets are the engine's code points;
:class:`~checker.lsp.positions.Positions` turns them into UTF-16 positions at the edge.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from lsprotocol import types as lsp

from checker.diagnostic import Applicability, Diagnostic, Edit, Severity, Span
from checker.engine import Engine
from checker.lsp.notes import Analysis
from checker.lsp.positions import Positions, utf16_length
from checker.reporters.common import rule_url
from checker.source import SourceText

SOURCE = "cscheck"


_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}


@cache
def docs_url(code: str, name: str) -> str:
    """The rule's section of the rules' docs (read from the package metadata once, not per finding)."""
    return rule_url(code, name)


def lsp_range(positions: Positions, span: Span) -> lsp.Range:
    start, end = positions.position(span.start), positions.position(span.end)
    return lsp.Range(lsp.Position(*start), lsp.Position(*end))


def _span(positions: Positions, range_: lsp.Range) -> Span:
    start = positions.offset(range_.start.line, range_.start.character)
    end = positions.offset(range_.end.line, range_.end.character)
    return Span(start, max(start, end))


def diagnostics(analysis: Analysis) -> list[lsp.Diagnostic]:
    """What the editor shows: each finding with its code, docs link, severity and exact range."""
    if analysis.config_error is not None:
        return [
            lsp.Diagnostic(
                lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)),
                analysis.config_error,
                severity=lsp.DiagnosticSeverity.Error,
                source=SOURCE,
            )
        ]
    return [_diagnostic(analysis, d) for d in analysis.diagnostics]


def _diagnostic(analysis: Analysis, diagnostic: Diagnostic) -> lsp.Diagnostic:
    severity = diagnostic.severity or Severity.ERROR
    code = diagnostic.code if diagnostic.qualifier is None else f"{diagnostic.code}:{diagnostic.qualifier}"
    return lsp.Diagnostic(
        lsp_range(analysis.positions, diagnostic.span),
        diagnostic.message.text(analysis.lang),
        severity=_SEVERITY[severity],
        code=code,
        code_description=lsp.CodeDescription(docs_url(diagnostic.code, diagnostic.name)),
        source=SOURCE,
        tags=[lsp.DiagnosticTag.Unnecessary] if diagnostic.code == "CS901" else None,
    )


def code_actions(analysis: Analysis, range_: lsp.Range) -> list[lsp.CodeAction]:
    """For the findings on the lines of ``range_``: each fix, suppressing it on its line, and
    fixing everything safe in the note."""
    positions = analysis.positions
    lines = analysis.source.lines
    first, last = range_.start.line, range_.end.line
    actions: list[lsp.CodeAction] = []
    here = [
        d
        for d in analysis.diagnostics
        if _on_lines(lines.line_of(d.span.start), lines.line_of(d.span.end), first, last)
    ]
    for diagnostic in here:
        shown = _diagnostic(analysis, diagnostic)
        fix = diagnostic.fix
        if fix is not None and fix.applicability is not Applicability.DISPLAY_ONLY:
            title = fix.title.text(analysis.lang)
            if fix.applicability is Applicability.UNSAFE:
                title += " (안전하지 않은 수정)" if analysis.lang == "ko" else " (unsafe fix)"
            actions.append(
                lsp.CodeAction(
                    f"{diagnostic.code}: {title}",
                    kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[shown],
                    is_preferred=fix.applicability is Applicability.SAFE,
                    edit=_workspace_edit(analysis.uri, analysis.source, positions, fix.edits),
                )
            )
    for diagnostic in here:
        suppression = suppress(analysis, diagnostic)
        if suppression is not None:
            title, edits = suppression
            actions.append(
                lsp.CodeAction(
                    title,
                    kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[_diagnostic(analysis, diagnostic)],
                    edit=_workspace_edit(analysis.uri, analysis.source, positions, edits),
                )
            )
    if here:
        fix_all = fix_all_safe(analysis)
        if fix_all is not None:
            actions.append(fix_all)
    return actions


def _on_lines(start: int, end: int, first: int, last: int) -> bool:
    return start <= last and end >= first


def _workspace_edit(uri: str, source: SourceText, positions: Positions, edits: Iterable[Edit]) -> lsp.WorkspaceEdit:
    return lsp.WorkspaceEdit(changes={uri: [text_edit(source, positions, edit) for edit in edits]})


def text_edit(source: SourceText, positions: Positions, edit: Edit) -> lsp.TextEdit:
    """The edit as the editor's text takes it: a new line gets the line ending of where it lands."""
    return lsp.TextEdit(lsp_range(positions, edit.span), source.raw_replacement(edit))


def fix_all_safe(analysis: Analysis, kind: str = lsp.CodeActionKind.QuickFix) -> lsp.CodeAction | None:
    """``cscheck fix`` on the note as the editor has it, as one edit (None when nothing changes)."""
    new = analysis.fixed
    if new is None:
        return None
    old = analysis.source.raw
    start = _common_prefix(old, new)
    end = _common_suffix(old, new, start)
    replaced = lsp.TextEdit(_raw_range(old, start, len(old) - end), new[start : len(new) - end])
    title = "모든 안전한 수정 적용 (cscheck fix)" if analysis.lang == "ko" else "Fix all safe (cscheck fix)"
    return lsp.CodeAction(
        title,
        kind=kind,
        edit=lsp.WorkspaceEdit(changes={analysis.uri: [replaced]}),
    )


def _common_prefix(old: str, new: str) -> int:
    """How many characters ``old`` and ``new`` share at the start (never ending inside ``\r\n``)."""
    at = 0
    limit = min(len(old), len(new))
    while at < limit and old[at] == new[at]:
        at += 1
    if 0 < at < len(old) and old[at - 1 : at + 1] == "\r\n":
        at -= 1
    return at


def _common_suffix(old: str, new: str, prefix: int) -> int:
    """How many characters they share at the end, after ``prefix`` (never starting inside ``\r\n``)."""
    at = 0
    limit = min(len(old), len(new)) - prefix
    while at < limit and old[len(old) - 1 - at] == new[len(new) - 1 - at]:
        at += 1
    start = len(old) - at
    if at and start > 0 and old[start - 1 : start + 1] == "\r\n":
        at -= 1
    return at


def _raw_range(raw: str, start: int, end: int) -> lsp.Range:
    """A range of offsets into the editor's own text (its line endings as they are)."""
    return lsp.Range(_raw_position(raw, start), _raw_position(raw, end))


def _raw_position(raw: str, offset: int) -> lsp.Position:
    before = raw[:offset]
    line = before.count("\n") + before.count("\r") - before.count("\r\n")
    line_start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return lsp.Position(line, utf16_length(before[line_start:]))


def suppress(analysis: Analysis, diagnostic: Diagnostic) -> tuple[str, list[Edit]] | None:
    """A suppression comment for ``diagnostic``: on its line, above a heading, or around its fence.

    A comment inside a fence is text, not a comment, so a finding in one is suppressed from just
    before the fence to just after it; a comment at the end of a heading would change its anchor,
    so a heading gets ``disable-next-line`` above it; any other line gets ``disable-line``.
    """
    document = analysis.document
    if document is None or diagnostic.code.startswith("CS0"):
        return None
    target = diagnostic.name if diagnostic.qualifier is None else f"{diagnostic.name}:{diagnostic.qualifier}"
    text = document.text
    lines = document.lines
    line = lines.line_of(diagnostic.span.start)
    korean = analysis.lang == "ko"
    fence = next((f for f in document.fences if f.span.start <= diagnostic.span.start < f.span.end), None)
    if fence is not None:
        opening = lines.line_of(fence.span.start)
        closing = lines.line_of(max(fence.span.end - 1, fence.span.start))
        indent = line_prefix(document.line_text(opening))
        start = lines.line_start(opening)
        end = lines.line_end(closing)
        edits = [
            Edit.insert(start, f"{indent}<!-- cscheck-disable {target} -->\n"),
            Edit.insert(end, f"\n{indent}<!-- cscheck-enable {target} -->"),
        ]
        title = f"{target} 이 코드 블록에서 끄기" if korean else f"Suppress {target} in this code block"
        return title, edits
    heading = next(
        (h for h in document.headings if h.span.start <= diagnostic.span.start < max(h.span.end, h.span.start + 1)),
        None,
    )
    if heading is not None:
        first = lines.line_of(heading.span.start)
        indent = line_prefix(document.line_text(first))
        title = f"{target} 이 줄에서 끄기" if korean else f"Suppress {target} on this line"
        return title, [Edit.insert(lines.line_start(first), f"{indent}<!-- cscheck-disable-next-line {target} -->\n")]
    end = lines.line_end(line)
    spacer = "" if end > lines.line_start(line) and text[end - 1] in " \t" else " "
    title = f"{target} 이 줄에서 끄기" if korean else f"Suppress {target} on this line"
    return title, [Edit.insert(end, f"{spacer}<!-- cscheck-disable-line {target} -->")]


def line_prefix(line: str) -> str:
    """The indentation and quote markers a line starts with (a comment above it keeps them)."""
    match = re.match(r"[ \t>]*", line)
    return match.group() if match else ""


def hover(engine: Engine | None, analysis: Analysis, position: lsp.Position) -> lsp.Hover | None:
    """On a finding: its message and the rule's documentation."""
    offset = analysis.positions.offset(position.line, position.character)
    found = [d for d in analysis.diagnostics if d.span.start <= offset <= max(d.span.end, d.span.start + 1)]
    if not found or engine is None:
        return None
    parts = []
    for diagnostic in found:
        rule = engine.rule_for(diagnostic.code)
        docs = rule.documentation() if rule is not None else ""
        link = docs_url(diagnostic.code, diagnostic.name)
        message = diagnostic.message.text(analysis.lang)
        parts.append(f"**{diagnostic.code} {diagnostic.name}**: {message}\n\n{docs}\n\n[{link}]({link})")
    first = found[0].span
    return lsp.Hover(
        lsp.MarkupContent(lsp.MarkupKind.Markdown, "\n\n---\n\n".join(parts)),
        lsp_range(analysis.positions, first),
    )
