"""``cscheck fix``: run the fix loop on each checked file, then write, or print a diff."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

import click

from checker.diagnostic import Diagnostic
from checker.engine import Engine, FileReport, digest
from checker.fixer import FixOutcome, applicable, fix_source, line_of
from checker.source import SourceText
from checker.writer import WriteRefused, remove_stale_temp_files, write_atomic

if TYPE_CHECKING:
    from checker.cli import Run, RunOptions
    from checker.document import Document


def fix_reports(
    engine: Engine,
    reports: list[FileReport],
    options: RunOptions,
    run: Run,
    keep: Collection[int] = frozenset(),
) -> dict[str, list[str]]:
    """Fix every report in place (its diagnostics become what remains); returns fixed codes per file.
    The findings whose ``id()`` is in ``keep`` (a baseline lists them) are not fixed."""
    fixed: dict[str, list[str]] = {}
    cleaned: set[str] = set()
    # Links into other notes are judged against those notes as they were when the run began,
    # whichever of them is written first and whichever process checked them (a worker's
    # registrations stay in the worker): register the originals of the notes that may change.
    workspace = engine.context.workspace
    for report in reports:
        if report.diagnostics and not report.stdin and report.source is not None:
            anchors = engine.parse(report.source, report.path).note_anchors()
            workspace.register(report.path, anchors, report.digest or digest(report.source.encode()), pin=True)

    for report in reports:
        if report.stdin and not options.diff:
            # `fix -` is a filter (editors pipe a buffer through it): whatever happens, standard
            # output is the note — fixed, or as it came when there is nothing (or no way) to fix.
            _fix_stdin(engine, report, options, run, fixed)
            continue
        if report.source is None:
            continue  # undecodable, binary, unreadable or too large: never rewritten
        folder = str(report.path.absolute().parent)
        if folder not in cleaned and not report.stdin:
            cleaned.add(folder)
            remove_stale_temp_files(report.path.absolute().parent)

        lint = _linter(engine, report)
        outcome = fix_source(
            report.source,
            lint,
            unsafe=options.unsafe_fixes,
            may_fix_conflicted=engine.may_fix_conflicted,
            keep=_kept(engine, report, keep),
        )
        if outcome.error:
            run.error(f"{report.display}: {outcome.error}; nothing written")
            continue
        _warn_held_back(engine, report, outcome, options)
        found = report.diagnostics
        report.diagnostics = outcome.remaining
        if not outcome.changed:
            continue
        fixed[report.display] = [d.code for d in outcome.applied]
        if options.diff:
            _print_diff(report.display, outcome.original.raw, outcome.final.raw)
            run.changed = True
            continue
        try:
            write_atomic(
                report.path,
                outcome.final.encode(),
                expected=outcome.original.encode(),
                root=engine.root,
            )
        except WriteRefused as error:
            run.error(str(error))
            # Nothing was written: report the file as it is, not as it would have been.
            report.diagnostics = found
            del fixed[report.display]
            continue
        run.changed = True
        report.source = outcome.final
    return {} if options.diff else fixed


def _kept(engine: Engine, report: FileReport, keep: Collection[int]) -> list[tuple[Diagnostic, str]]:
    """The findings of ``report`` to leave alone, each with its line's text (see fix_source)."""
    listed = [d for d in report.diagnostics if id(d) in keep]
    if not listed or report.source is None:
        return []
    doc = engine.parse(report.source, report.path)
    return [(d, line_of(doc, d)) for d in listed]


def _fix_stdin(engine: Engine, report: FileReport, options: RunOptions, run: Run, fixed: dict[str, list[str]]) -> None:
    """Fix the note read from standard input and write its bytes (BOM and line endings kept) to
    standard output; the findings go to standard error."""
    output = run.stdin_data or b""
    if report.source is not None:
        source = report.source

        lint = _linter(engine, report)
        outcome = fix_source(source, lint, unsafe=options.unsafe_fixes, may_fix_conflicted=engine.may_fix_conflicted)
        if outcome.error:
            run.error(f"{report.display}: {outcome.error}; nothing changed")
        else:
            _warn_held_back(engine, report, outcome, options)
            report.diagnostics = outcome.remaining
            if outcome.changed:
                fixed[report.display] = [d.code for d in outcome.applied]
                run.changed = True
                output = outcome.final.encode()
                report.source = outcome.final
    sys.stdout.flush()
    sys.stdout.buffer.write(output)
    if run.stdin_too_large:  # the rest was never read: it passes through untouched, in chunks
        import shutil  # noqa: PLC0415

        shutil.copyfileobj(sys.stdin.buffer, sys.stdout.buffer)
    sys.stdout.buffer.flush()


def _linter(engine: Engine, report: FileReport) -> Callable[[SourceText], tuple[Document, list[Diagnostic]]]:
    """Lint a version of the note as ``check`` does: a rule that raises is an internal error of
    the report (the run ends with exit 2, as ``check`` does) and the other rules go on."""

    def lint(source: SourceText) -> tuple[Document, list[Diagnostic]]:
        doc = engine.parse(source, report.path)
        errors: list[str] = []
        diagnostics = engine.lint(doc, errors)
        for message in errors:
            if message not in report.internal_errors:
                report.internal_errors.append(message)
        return doc, diagnostics

    return lint


def _warn_held_back(engine: Engine, report: FileReport, outcome: FixOutcome, options: RunOptions) -> None:
    """Say which fixes were not written and why: they add findings, or the note holds a conflict."""
    for diagnostic in outcome.rejected:
        click.echo(
            f"cscheck: warning: {report.display}: fix for {diagnostic.code} {diagnostic.name} not applied: "
            "it would introduce new findings",
            err=True,
        )
    waiting = [
        d
        for d in outcome.remaining
        if applicable(d, unsafe=options.unsafe_fixes) and not engine.may_fix_conflicted(d) and d not in outcome.rejected
    ]
    if not waiting:
        return
    conflicts = engine.parse(outcome.final, report.path).conflicts
    if not conflicts.has_conflicts:
        return
    lines = [b.start_line + 1 for b in conflicts.blocks] or [p.line + 1 for p in conflicts.problems]
    where = f" (line {lines[0]})" if lines else ""
    if options.unsafe_fixes:
        how = "resolve the conflict by hand, then run `cscheck fix` again"
    else:
        how = "resolve the conflict, or run `cscheck fix --unsafe-fixes` to apply CS101's resolution first"
    codes = ", ".join(sorted({d.code for d in waiting}))
    click.echo(
        f"cscheck: warning: {report.display}: left alone: it holds a merge conflict{where}, and no other fix is "
        f"written while it does ({len(waiting)} waiting: {codes}); {how}",
        err=True,
    )


def _print_diff(display: str, before: str, after: str) -> None:
    diff = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{display}",
        tofile=f"b/{display}",
    )
    for line in diff:
        sys.stdout.write(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
