"""``cscheck check`` and ``cscheck fix``: check the notes, fix them (``fix``), leave out what
the baseline or the diff base lists, print the findings, and exit with the code DESIGN.md gives.
"""

from __future__ import annotations

import shutil
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from checker.commands.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    FAIL_LEVELS,
    Run,
    RunOptions,
    check_all,
    emit,
    fail,
    in_order,
    shared_options,
    use_color,
)
from checker.config import ConfigError
from checker.engine import Engine, FileReport
from checker.files import git_root
from checker.registry import builtin_rules
from checker.reporters.common import severity
from checker.rule import Rule

if TYPE_CHECKING:
    from checker.fixer import FixRun


@click.command()
@shared_options
def check(**kwargs: Any) -> None:
    """Check notes and report what is wrong (exit 1 when something fails)."""
    sys.exit(_run(RunOptions(**kwargs), command="check"))


@click.command()
@shared_options
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change what the author meant.")
@click.option("--diff", is_flag=True, help="Print what would change as a unified diff; write nothing.")
def fix(**kwargs: Any) -> None:
    """Apply safe fixes (exit 1 when a file changed or findings remain)."""
    sys.exit(_run(RunOptions(**kwargs, keep_for_fix=True), command="fix"))


def _run(options: RunOptions, *, command: str) -> int:
    run = Run()
    checked, lang = check_all(options, run)
    base = _diff_base(checked, options)
    fixed: dict[str, list[str]] = {}
    if command == "fix":
        from checker.fixer import fix_files  # noqa: PLC0415 — a check run never loads the fix loop

        for engine, group_reports in checked:
            keep = _baselined(engine, group_reports, options) | _at_base(group_reports, base)
            unsafe, diff, stdin_data = options.unsafe_fixes, options.diff, run.stdin_data
            result = fix_files(engine, group_reports, unsafe=unsafe, diff=diff, keep=keep, stdin_data=stdin_data)
            _print_fix_run(result, run)
            fixed.update(result.fixed)
    _apply_baselines(checked, options)
    _hide_at_base(checked, base, options)
    reports = in_order(checked)
    for report in reports:
        for message in report.internal_errors:
            run.error(f"{report.display}: {message}")
    _render(reports, options, lang, command, fixed, [engine for engine, _ in checked], run)
    return _exit_code(reports, options, run)


def _print_fix_run(result: FixRun, run: Run) -> None:
    """What ``fix`` did, in order: warnings and errors to standard error, diffs to standard
    output; then, for ``fix -``, the note itself (the rest of a note too large to read passes
    through untouched, in chunks)."""
    for message in result.messages:
        if message.kind == "error":
            run.error(message.text)
        elif message.kind == "warning":
            click.echo(f"cscheck: warning: {message.text}", err=True)
        else:
            sys.stdout.write(message.text)
    run.changed = run.changed or result.changed
    if result.stdin_output is not None:
        sys.stdout.flush()
        sys.stdout.buffer.write(result.stdin_output)
        if run.stdin_too_large:
            shutil.copyfileobj(sys.stdin.buffer, sys.stdout.buffer)
        sys.stdout.buffer.flush()


_Base = tuple[Counter[tuple[str, str, str]], Path] | None  # the findings at --diff-base, and their root


def _diff_base(checked: Sequence[tuple[Engine, list[FileReport]]], options: RunOptions) -> _Base:
    """With ``--diff-base REF``: the findings the checked notes had at REF (checker.diffbase)."""
    if options.diff_base is None:
        return None
    from checker.diffbase import base_entries  # noqa: PLC0415 — only a --diff-base run

    root = git_root(Path.cwd())
    if root is None:
        fail(f"--diff-base {options.diff_base}: not inside a git repository")
    paths = [report.path for _, reports in checked for report in reports if not report.stdin]
    as_before = replace(
        options,
        paths=(),
        no_cache=True,
        quiet=True,
        diff_base=None,
        baseline=None,
        output_file=None,
        questions=False,
        keep_for_fix=False,
    )
    if options.remote or options.remote_offline:  # the URLs as this run found them; none asked anew
        known = {key: o for engine, _ in checked if engine.context.remote for key, o in engine.context.remote.items()}
        as_before = replace(as_before, remote=False, remote_offline=True, remote_known=known)

    def check(files: list[Path]) -> list[FileReport]:
        earlier, _ = check_all(replace(as_before, paths=tuple(files)), Run())
        return [report for _, reports in earlier for report in reports]

    try:
        return base_entries(options.diff_base, root, paths, check), root
    except ConfigError as error:
        fail(str(error))


def _at_base(reports: list[FileReport], base: _Base) -> frozenset[int]:
    if base is None:
        return frozenset()
    from checker.baseline import listed_in  # noqa: PLC0415

    return frozenset(listed_in(reports, *base)[0])


def _hide_at_base(checked: Sequence[tuple[Engine, list[FileReport]]], base: _Base, options: RunOptions) -> None:
    """Leave out the findings the notes had at --diff-base already."""
    if base is None:
        return
    reports = [report for _, group_reports in checked for report in group_reports]
    old = _at_base(reports, base)
    for report in reports:
        report.diagnostics = [d for d in report.diagnostics if id(d) not in old]
    if old and not options.quiet:
        click.echo(f"cscheck: {len(old)} finding(s) left out: the notes had them at {options.diff_base}", err=True)


def _baseline_of(engine: Engine, options: RunOptions) -> Path | None:
    """The baseline a group uses: ``--baseline`` for all, else its config's ``baseline`` key."""
    if options.baseline is not None:
        return options.baseline
    if engine.config.baseline is not None:
        return (engine.config_dir or engine.root) / engine.config.baseline
    return None


def _baselined(engine: Engine, reports: list[FileReport], options: RunOptions) -> frozenset[int]:
    """The findings of ``reports`` the group's baseline lists: `fix` leaves them as they are."""
    from checker import baseline  # noqa: PLC0415 — only a run with a baseline reads one

    path = _baseline_of(engine, options)
    if path is None:
        return frozenset()
    try:
        return frozenset(baseline.listed(reports, path)[0])
    except ConfigError as error:
        fail(str(error))


def _apply_baselines(checked: Sequence[tuple[Engine, list[FileReport]]], options: RunOptions) -> None:
    """Leave out what each group's baseline lists (``--baseline`` for all, else its config's key)."""
    from checker import baseline  # noqa: PLC0415 — only a run with a baseline reads one

    by_file: dict[Path, list[FileReport]] = {}
    for engine, reports in checked:
        path = _baseline_of(engine, options)
        if path is not None:
            by_file.setdefault(path, []).extend(reports)
    for path, reports in by_file.items():
        try:
            applied = baseline.apply(reports, path)
        except ConfigError as error:
            fail(str(error))
        if applied.hidden and not options.quiet:
            click.echo(f"cscheck: {applied.hidden} finding(s) left out: they are in the baseline {path}", err=True)
        if applied.stale:
            entries = "1 entry matches" if applied.stale == 1 else f"{applied.stale} entries match"
            click.echo(
                f"cscheck: warning: {entries} no finding any more in the baseline {path} (fixed?): "
                "`cscheck baseline` writes it anew",
                err=True,
            )


def _render(
    reports: list[FileReport],
    options: RunOptions,
    lang: str,
    command: str,
    fixed: dict[str, list[str]],
    engines: Sequence[Engine],
    run: Run,
) -> None:
    from checker.reporters import ReportOptions, renderer  # noqa: PLC0415

    report_options = ReportOptions(
        lang=lang,
        color=use_color(options.color),
        unsafe_fixes=options.unsafe_fixes,
        statistics=options.statistics,
        command=command,
        fixed=fixed,
        rules=_rules_of(engines),
        # "All checks passed" would be untrue beside an error (a missing path, a refused write)
        quiet=options.quiet or (bool(run.errors) and not any(r.diagnostics for r in reports)),
    )
    output = renderer(options.output_format)(reports, report_options)
    stream = sys.stderr if command == "fix" and any(str(p) == "-" for p in options.paths) else sys.stdout
    emit(output, options.output_file, stream, run)


def _rules_of(engines: Sequence[Engine]) -> tuple[type[Rule], ...]:
    """The rules any group ran, in the order of ALL_RULES (SARIF lists them)."""
    codes = {rule.code for engine in engines for rule in engine.selection.rules}
    return tuple(rule for rule in builtin_rules() if rule.code in codes)


def _exit_code(reports: list[FileReport], options: RunOptions, run: Run) -> int:
    if run.errors:
        return EXIT_ERROR
    failing = any(_fails(report, options.fail_level) for report in reports) or run.changed
    if failing and not options.exit_zero:
        return EXIT_FINDINGS
    return EXIT_OK


def _fails(report: FileReport, fail_level: str) -> bool:
    """Whether ``report`` has a finding at or above ``fail_level`` (error > warning > info)."""
    if fail_level == "warning":
        return report.failing
    if fail_level == "none":
        return False
    levels = FAIL_LEVELS[: FAIL_LEVELS.index(fail_level) + 1]
    return any(severity(d) in levels for d in report.diagnostics)
