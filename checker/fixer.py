"""Applying fixes: left to right, overlaps skipped, re-lint, repeat until nothing applies.

:func:`fix_source` is the loop on one text (pure); :func:`fix_files` runs it on each checked
note of ``cscheck fix`` and writes the results, and returns what happened for the CLI to print.

A fix is written only if the file then has no finding it did not have before; a fix loop that
does not settle is an error and nothing is written. In a file with a merge conflict only the
conflict's own resolution may apply: every other fix would edit one side of it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from checker.diagnostic import Diagnostic, Span
from checker.document import Document
from checker.engine import Engine, FileReport, Lint, digest
from checker.source import SourceText
from checker.writer import WriteRefused, remove_stale_temp_files, write_atomic

MAX_PASSES = 10
SPLIT_LINTS = 24  # re-lints a pass may spend finding which fixes add findings (see _without_culprits)


@dataclass
class FixOutcome:
    original: SourceText
    final: SourceText
    applied: list[Diagnostic] = field(default_factory=list)  # whose fixes were written, in order
    rejected: list[Diagnostic] = field(default_factory=list)  # fixes held back: they add findings
    remaining: list[Diagnostic] = field(default_factory=list)  # findings after fixing
    error: str | None = None  # the loop did not settle; nothing may be written
    document: Document | None = None  # the parse of ``final`` (of the last text linted when error)

    @property
    def changed(self) -> bool:
        return self.error is None and self.final.raw != self.original.raw


def choose_fixes(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """Left to right, skipping any fix that overlaps one already chosen (it is retried next pass)."""
    chosen: list[Diagnostic] = []
    taken = _TakenSpans()
    for diagnostic in sorted(diagnostics, key=lambda d: (d.fix.span.start, d.fix.span.end) if d.fix else (0, 0)):
        assert diagnostic.fix is not None
        edits = diagnostic.fix.edits
        if any(taken.overlaps(e.span) for e in edits):
            continue
        chosen.append(diagnostic)
        for edit in edits:
            taken.add(edit.span)
    return chosen


class _TakenSpans:
    """Disjoint spans sorted by start: whether a new one overlaps any is a look at its neighbours
    (comparing with every span taken made a pass over 2,000 fixes quadratic)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._spans: list[Span] = []

    def overlaps(self, span: Span) -> bool:
        at = bisect_left(self._starts, span.start)
        if at > 0 and self._spans[at - 1].overlaps(span):
            return True
        while at < len(self._spans) and self._spans[at].start <= span.end:
            if self._spans[at].overlaps(span):
                return True
            at += 1
        return False

    def add(self, span: Span) -> None:
        at = bisect_right(self._starts, span.start)
        self._starts.insert(at, span.start)
        self._spans.insert(at, span)


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
    keep: Iterable[tuple[Diagnostic, str]] = (),
    checked: tuple[Document, list[Diagnostic]] | None = None,
) -> FixOutcome:
    """Fix ``source`` until nothing applicable remains.

    ``lint`` parses and checks a version of the text; ``checked`` is that for ``source`` when
    the check already did it (the check is the loop's first pass, as in ruff's ``lint_fix``).
    ``may_fix_conflicted`` tells which fixes may apply while the file holds a conflict (the
    conflict rule's own). The findings in ``keep``, each with the text of its line (those a
    baseline lists), are left as they are: a contributor's commit must not rewrite old lines
    they did not touch.
    """
    outcome = FixOutcome(source, source)
    current = source
    doc, diagnostics = checked if checked is not None else lint(current)
    held_back: set[tuple[str, str, str, tuple[str, ...]]] = set()
    kept = {(_key(d), line) for d, line in keep}
    for _ in range(max_passes):
        conflicted = doc.conflicts.has_conflicts
        candidates = [
            d
            for d in diagnostics
            if d.fix is not None
            and d.fix.applies(unsafe=unsafe)
            and (not conflicted or may_fix_conflicted(d))
            and _key(d) not in held_back
            and not _kept(d, doc, kept)
        ]
        if not candidates:
            outcome.final, outcome.remaining, outcome.document = current, diagnostics, doc
            return outcome
        chosen = choose_fixes(candidates)
        fixed = _apply(current, chosen)
        fixed_doc, fixed_diagnostics = lint(fixed)
        if _adds_findings(diagnostics, fixed_diagnostics):
            blamed = _blamed(chosen, diagnostics, fixed_doc, fixed_diagnostics)
            chosen = _without_culprits(current, chosen, blamed, diagnostics, lint, outcome, held_back)
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
    leftover = sorted(
        {
            d.code
            for d in diagnostics
            if d.fix is not None
            and d.fix.applies(unsafe=unsafe)
            and _key(d) not in held_back
            and not _kept(d, doc, kept)
        }
    )
    if leftover:
        outcome.error = f"fixes did not settle after {max_passes} passes (rules {', '.join(leftover)})"
        outcome.final = source
    else:
        outcome.final = current
    outcome.remaining, outcome.document = diagnostics, doc
    return outcome


def _kept(diagnostic: Diagnostic, doc: Document, kept: set[tuple[tuple[str, str, str, tuple[str, ...]], str]]) -> bool:
    return bool(kept) and (_key(diagnostic), line_of(doc, diagnostic)) in kept


def line_of(doc: Document, diagnostic: Diagnostic) -> str:
    """The text of the line a finding starts on: what tells two equal findings apart across passes."""
    lines = doc.lines
    number = lines.line_of(diagnostic.span.start)
    return doc.source.text[lines.line_start(number) : lines.line_end(number)]


def _key(diagnostic: Diagnostic) -> tuple[str, str, str, tuple[str, ...]]:
    """Identifies a finding across passes, whose fixes shift its offsets."""
    edits = tuple(e.text for e in diagnostic.fix.edits) if diagnostic.fix else ()
    return (diagnostic.code, diagnostic.qualifier or "", diagnostic.message.en, edits)


def _without_culprits(
    current: SourceText,
    chosen: Sequence[Diagnostic],
    blamed: set[int],
    before: Sequence[Diagnostic],
    lint: Lint,
    outcome: FixOutcome,
    held_back: set[tuple[str, str, str, tuple[str, ...]]],
) -> list[Diagnostic]:
    """The fixes of ``chosen`` that add no finding, found with few re-lints.

    First by place: each finding the fixed text has and the old text had not (where it was) is
    blamed on the fix whose edit is on its line, or nearest to it; those fixes are held back
    without another lint. The rest are checked together, and only a group that still adds
    findings is split in halves until each culprit stands alone, within :data:`SPLIT_LINTS`
    re-lints; past them a group that adds findings is held back whole (a finding that only the
    fixes together make — a list of unanswered questions — has no culprit to find). Trying every
    fix alone re-linted the whole note once per fix: 250 broken questions took minutes and wrote
    nothing.
    """
    for index in sorted(blamed):
        outcome.rejected.append(chosen[index])
        held_back.add(_key(chosen[index]))
    rest = [d for index, d in enumerate(chosen) if index not in blamed]
    budget = [SPLIT_LINTS]
    return _harmless(current, rest, before, lint, outcome, held_back, budget)


def _harmless(
    current: SourceText,
    group: Sequence[Diagnostic],
    before: Sequence[Diagnostic],
    lint: Lint,
    outcome: FixOutcome,
    held_back: set[tuple[str, str, str, tuple[str, ...]]],
    budget: list[int],
) -> list[Diagnostic]:
    """The fixes of ``group`` that add no finding: all of them, or those of each half in turn."""
    if not group:
        return []
    if budget[0] > 0:
        budget[0] -= 1
        _, after = lint(_apply(current, group))
        if not _adds_findings(before, after):
            return list(group)
    if len(group) == 1 or budget[0] <= 0:
        outcome.rejected.extend(group)
        held_back.update(_key(d) for d in group)
        return []
    middle = len(group) // 2
    return [
        *_harmless(current, group[:middle], before, lint, outcome, held_back, budget),
        *_harmless(current, group[middle:], before, lint, outcome, held_back, budget),
    ]


def _blamed(
    chosen: Sequence[Diagnostic], before: Sequence[Diagnostic], fixed_doc: Document, after: Sequence[Diagnostic]
) -> set[int]:
    """Indexes of the fixes in ``chosen`` next to a finding that the fixes added."""
    placed: list[tuple[int, int, int]] = []  # (first line, last line, fix) of each edit in the fixed text
    ends: list[int] = []  # each edit's end in the old text, with the shift after it
    shifts: list[int] = []
    shift = 0
    edits = sorted((e.start, e.end, e.text, index) for index, d in enumerate(chosen) if d.fix for e in d.fix.edits)
    for start, end, text, index in edits:
        new_start = start + shift
        lines = fixed_doc.lines
        placed.append((lines.line_of(new_start), lines.line_of(new_start + len(text)), index))
        shift += len(text) - (end - start)
        ends.append(end)
        shifts.append(shift)
    if not placed:
        return set()

    def line_after_fixing(offset: int) -> int:
        at = bisect_right(ends, offset)
        return fixed_doc.lines.line_of(offset + (shifts[at - 1] if at else 0))

    grown = {key for key, count in _counts(after).items() if count > _counts(before)[key]}
    old = Counter(
        (d.code, d.qualifier, line_after_fixing(d.span.start)) for d in before if (d.code, d.qualifier) in grown
    )

    def distance(edit: tuple[int, int, int], line: int) -> int:
        first, last, _ = edit
        return 0 if first <= line <= last else min(abs(line - first), abs(line - last))

    blamed: set[int] = set()
    firsts = [first for first, _, _ in placed]
    for diagnostic in after:
        if (diagnostic.code, diagnostic.qualifier) not in grown:
            continue
        line = fixed_doc.lines.line_of(diagnostic.span.start)
        key = (diagnostic.code, diagnostic.qualifier, line)
        if old[key] > 0:
            old[key] -= 1
            continue
        at = bisect_right(firsts, line)
        nearby = [placed[i] for i in (at - 1, at) if 0 <= i < len(placed)]
        blamed.add(min(nearby, key=lambda edit: distance(edit, line))[2])
    return blamed


# --------------------------------------------------------------------------------------------
# `cscheck fix`: the loop on every checked note, then write (or diff).


@dataclass(frozen=True)
class FixMessage:
    """Something for the user, in the order it happened: a warning or an error (standard error)
    or a unified diff (standard output)."""

    kind: Literal["warning", "error", "diff"]
    text: str


@dataclass
class FixRun:
    """What ``fix_files`` did; the reports themselves now hold what remains."""

    fixed: dict[str, list[str]] = field(default_factory=dict)  # codes fixed per written file
    changed: bool = False  # a file was written (or, with diff, would be)
    messages: list[FixMessage] = field(default_factory=list)
    stdin_output: bytes | None = None  # `fix -`: the note for standard output, fixed or as it came

    @property
    def errors(self) -> list[str]:
        return [m.text for m in self.messages if m.kind == "error"]


def fix_files(
    engine: Engine,
    reports: list[FileReport],
    *,
    unsafe: bool,
    diff: bool,
    keep: Collection[int] = frozenset(),
    stdin_data: bytes | None = None,
) -> FixRun:
    """Fix every report in place (its diagnostics become what remains) and write each changed
    note, or diff it. The findings whose ``id()`` is in ``keep`` (a baseline or the diff base
    lists them) are not fixed. A note is parsed once before the loop (or not at all: the check
    kept its parse), and the check's findings are the loop's first pass."""
    run = FixRun()
    documents = _pin_originals(engine, reports, unsafe)
    cleaned: set[Path] = set()
    for report in reports:
        if report.stdin and not diff:
            # `fix -` is a filter (editors pipe a buffer through it): whatever happens, standard
            # output is the note — fixed, or as it came when there is nothing (or no way) to fix.
            run.stdin_output = stdin_data or b""
        if report.source is None:
            continue  # undecodable, binary, unreadable or too large: never rewritten
        folder = report.path.absolute().parent
        if folder not in cleaned and not report.stdin:
            cleaned.add(folder)
            remove_stale_temp_files(folder)
        if not any(d.fix is not None and d.fix.applies(unsafe=unsafe) for d in report.diagnostics):
            continue  # nothing to apply: the check's findings stand
        doc = None if report.stdin else documents.get(report.path) or engine.checked_document(report.path)
        if doc is None:
            doc = engine.parse(report.source, report.path)
        # `fix -` is an editor's filter: a baseline does not hold back its fixes
        kept = [] if report.stdin else [(d, line_of(doc, d)) for d in report.diagnostics if id(d) in keep]
        outcome = fix_source(
            report.source,
            engine.linter(report.path, report.internal_errors),
            unsafe=unsafe,
            may_fix_conflicted=engine.may_fix_conflicted,
            keep=kept,
            checked=(doc, report.diagnostics),
        )
        if outcome.error:
            nothing = "nothing changed" if report.stdin and not diff else "nothing written"
            run.messages.append(FixMessage("error", f"{report.display}: {outcome.error}; {nothing}"))
            continue
        run.messages.extend(_held_back(engine, report, outcome, unsafe))
        found = report.diagnostics
        report.diagnostics = outcome.remaining
        if not outcome.changed:
            continue
        if diff:
            run.messages.append(FixMessage("diff", _diff(report.display, outcome.original.raw, outcome.final.raw)))
            run.changed = True
            continue
        if report.stdin:
            run.stdin_output = outcome.final.encode()
        else:
            try:
                write_atomic(report.path, outcome.final.encode(), expected=outcome.original.encode(), root=engine.root)
            except WriteRefused as error:
                run.messages.append(FixMessage("error", str(error)))
                report.diagnostics = found  # nothing was written: report the file as it is
                continue
        run.fixed[report.display] = [d.code for d in outcome.applied]
        run.changed = True
        report.source = outcome.final
    return run


def _pin_originals(engine: Engine, reports: Sequence[FileReport], unsafe: bool) -> dict[Path, Document]:
    """Links into other notes are judged against those notes as they were when the run began,
    whichever of them is written first and whichever process checked them: pin the anchors of
    every note that may change. Returns the parses made for that (the fix loop reuses them)."""
    parsed: dict[Path, Document] = {}
    workspace = engine.context.workspace
    for report in reports:
        if report.stdin or report.source is None:
            continue
        if not any(d.fix is not None and d.fix.applies(unsafe=unsafe) for d in report.diagnostics):
            continue
        anchors = report.anchors
        if anchors is None:  # checked in a worker, or read from the results cache
            doc = parsed[report.path] = engine.parse(report.source, report.path)
            anchors = doc.note_anchors()
        workspace.register(report.path, anchors, report.digest or digest(report.source.encode()), pin=True)
    return parsed


def _held_back(engine: Engine, report: FileReport, outcome: FixOutcome, unsafe: bool) -> Iterator[FixMessage]:
    """Which fixes were not written and why: they add findings, or the note holds a conflict."""
    for diagnostic in outcome.rejected:
        yield FixMessage(
            "warning",
            f"{report.display}: fix for {diagnostic.code} {diagnostic.name} not applied: "
            "it would introduce new findings",
        )
    waiting = [
        d
        for d in outcome.remaining
        if d.fix is not None
        and d.fix.applies(unsafe=unsafe)
        and not engine.may_fix_conflicted(d)
        and d not in outcome.rejected
    ]
    if not waiting or outcome.document is None or not outcome.document.conflicts.has_conflicts:
        return
    conflicts = outcome.document.conflicts
    lines = [b.start_line + 1 for b in conflicts.blocks] or [p.line + 1 for p in conflicts.problems]
    where = f" (line {lines[0]})" if lines else ""
    if unsafe:
        how = "resolve the conflict by hand, then run `cscheck fix` again"
    else:
        how = "resolve the conflict, or run `cscheck fix --unsafe-fixes` to apply CS101's resolution first"
    codes = ", ".join(sorted({d.code for d in waiting}))
    yield FixMessage(
        "warning",
        f"{report.display}: left alone: it holds a merge conflict{where}, and no other fix is "
        f"written while it does ({len(waiting)} waiting: {codes}); {how}",
    )


def _diff(display: str, before: str, after: str) -> str:
    """A unified diff of one note, each line ending in a newline (git's marker where the file has none)."""
    import difflib  # noqa: PLC0415 — only `fix --diff` needs it

    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{display}",
        tofile=f"b/{display}",
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
