"""Applying fixes: left to right, overlaps skipped, re-lint, repeat until nothing applies.

A fix is written only if the file then has no finding it did not have before; a fix loop that
does not settle is an error and nothing is written. In a file with a merge conflict only the
conflict's own resolution may apply: every other fix would edit one side of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from checker.diagnostic import Applicability, Diagnostic, Edit
from checker.document import Document
from checker.source import SourceText

MAX_PASSES = 10


@dataclass
class FixOutcome:
    original: SourceText
    final: SourceText
    applied: list[Diagnostic] = field(default_factory=list)  # whose fixes were written, in order
    rejected: list[Diagnostic] = field(default_factory=list)  # fixes held back: they add findings
    remaining: list[Diagnostic] = field(default_factory=list)  # findings after fixing
    error: str | None = None  # the loop did not settle; nothing may be written

    @property
    def changed(self) -> bool:
        return self.error is None and self.final.raw != self.original.raw


Lint = Callable[[SourceText], tuple[Document, list[Diagnostic]]]


def applicable(diagnostic: Diagnostic, *, unsafe: bool) -> bool:
    fix = diagnostic.fix
    if fix is None or fix.applicability is Applicability.DISPLAY_ONLY:
        return False
    return fix.applicability is Applicability.SAFE or unsafe


def choose_fixes(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """Left to right, skipping any fix that overlaps one already chosen (it is retried next pass)."""
    chosen: list[Diagnostic] = []
    taken: list[Edit] = []
    for diagnostic in sorted(diagnostics, key=lambda d: (d.fix.span.start, d.fix.span.end) if d.fix else (0, 0)):
        assert diagnostic.fix is not None
        edits = diagnostic.fix.edits
        if any(e.span.overlaps(t.span) for e in edits for t in taken):
            continue
        chosen.append(diagnostic)
        taken.extend(edits)
    return chosen


def _counts(diagnostics: Sequence[Diagnostic]) -> Counter[tuple[str, str | None]]:
    return Counter((d.code, d.qualifier) for d in diagnostics)


def _adds_findings(before: Sequence[Diagnostic], after: Sequence[Diagnostic]) -> bool:
    old = _counts(before)
    return any(count > old[key] for key, count in _counts(after).items())


def _apply(source: SourceText, chosen: Sequence[Diagnostic]) -> SourceText:
    edits = [edit for d in chosen if d.fix for edit in d.fix.edits]
    return SourceText(source.apply(edits), source.bom)


def fix_source(
    source: SourceText,
    lint: Lint,
    *,
    unsafe: bool,
    may_fix_conflicted: Callable[[Diagnostic], bool],
    max_passes: int = MAX_PASSES,
) -> FixOutcome:
    """Fix ``source`` until nothing applicable remains.

    ``lint`` parses and checks a version of the text; ``may_fix_conflicted`` tells which fixes
    may apply while the file holds a conflict (the conflict rule's own).
    """
    outcome = FixOutcome(source, source)
    current = source
    doc, diagnostics = lint(current)
    held_back: set[tuple[str, str, str, tuple[str, ...]]] = set()
    for _ in range(max_passes):
        conflicted = doc.conflicts.has_conflicts
        candidates = [
            d
            for d in diagnostics
            if applicable(d, unsafe=unsafe) and (not conflicted or may_fix_conflicted(d)) and _key(d) not in held_back
        ]
        if not candidates:
            outcome.final, outcome.remaining = current, diagnostics
            return outcome
        chosen = choose_fixes(candidates)
        fixed = _apply(current, chosen)
        fixed_doc, fixed_diagnostics = lint(fixed)
        if _adds_findings(diagnostics, fixed_diagnostics):
            chosen = _without_culprits(current, chosen, diagnostics, lint, outcome, held_back)
            if not chosen:
                continue
            fixed = _apply(current, chosen)
            fixed_doc, fixed_diagnostics = lint(fixed)
            if _adds_findings(diagnostics, fixed_diagnostics):
                outcome.rejected.extend(chosen)
                held_back.update(_key(d) for d in chosen)
                continue
        if fixed.raw == current.raw:
            # Fixes that change nothing would loop forever; they are not fixes.
            held_back.update(_key(d) for d in chosen)
            continue
        outcome.applied.extend(chosen)
        current, doc, diagnostics = fixed, fixed_doc, fixed_diagnostics
    leftover = sorted({d.code for d in diagnostics if applicable(d, unsafe=unsafe) and _key(d) not in held_back})
    if leftover:
        outcome.error = f"fixes did not settle after {max_passes} passes (rules {', '.join(leftover)})"
        outcome.final = source
    else:
        outcome.final = current
    outcome.remaining = diagnostics
    return outcome


def _key(diagnostic: Diagnostic) -> tuple[str, str, str, tuple[str, ...]]:
    """Identifies a finding across passes, whose fixes shift its offsets."""
    edits = tuple(e.text for e in diagnostic.fix.edits) if diagnostic.fix else ()
    return (diagnostic.code, diagnostic.qualifier or "", diagnostic.message.en, edits)


def _without_culprits(
    current: SourceText,
    chosen: Sequence[Diagnostic],
    before: Sequence[Diagnostic],
    lint: Lint,
    outcome: FixOutcome,
    held_back: set[tuple[str, str, str, tuple[str, ...]]],
) -> list[Diagnostic]:
    """Try each fix alone; keep those that add no finding, hold back the rest."""
    kept = []
    for diagnostic in chosen:
        _, after = lint(_apply(current, [diagnostic]))
        if _adds_findings(before, after):
            outcome.rejected.append(diagnostic)
            held_back.add(_key(diagnostic))
        else:
            kept.append(diagnostic)
    return kept
