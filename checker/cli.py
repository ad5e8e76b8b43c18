"""The command line: ``cscheck check|fix|report|rules|rule``.

Exit codes (DESIGN.md): 0 nothing failing; 1 findings of severity error or warning, an
unreadable/undecodable file, or ``fix`` changed a file; 2 bad usage, a missing path, a bad config
or knowledge pack, a refused write — 2 wins over 1 and every other file is still reported;
3 cscheck itself failed (a bug: an exception nothing handled), so a crash never reads as an
ordinary failed check, nor as a pass; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from checker import __version__
from checker.api import make_engine
from checker.config import ConfigError, default_lang, find_config_file
from checker.engine import Engine, FileReport, builtin_rules
from checker.files import git_root
from checker.plan import Group, Plan, plan
from checker.rule import Rule

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_CRASH, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
CACHE_FOLDER = ".cscheck_cache"
PROGRESS_MIN_FILES = 200  # fewer files take a moment: no bar
# the names of checker.reporters.FORMATS (a test keeps them equal; the reporters load only when used)
OUTPUT_FORMATS = ("text", "concise", "json", "sarif", "github", "junit", "markdown")
# --fail-level: the lowest severity that fails a run (the default keeps "info never fails")
FAIL_LEVELS = ("error", "warning", "info", "none")


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def shared_options(function: F) -> F:
    """The options ``check`` and ``fix`` share."""
    options = [
        click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
        click.option("--select", multiple=True, help="Only these rules (codes, prefixes like CS3, or names)."),
        click.option("--extend-select", multiple=True, help="Rules to add to the selection."),
        click.option("--ignore", multiple=True, help="Rules to leave out."),
        click.option(
            "--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Use this config file."
        ),
        click.option(
            "--root", type=click.Path(path_type=Path, file_okay=False), help="Root for `/` links and containment."
        ),
        click.option(
            "--output-format",
            type=click.Choice(OUTPUT_FORMATS),
            default="text",
            show_default=True,
            help="How findings are printed.",
        ),
        click.option(
            "--lang",
            type=click.Choice(["ko", "en"]),
            help="Message language (default: the config's, else Korean for Korean notes, else the locale's).",
        ),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings remain."),
        click.option(
            "--fail-level",
            type=click.Choice(FAIL_LEVELS),
            default="warning",
            show_default=True,
            help="The lowest severity whose findings exit 1 (none: findings never do).",
        ),
        click.option("--no-cache", is_flag=True, help="Do not read or write the cache."),
        click.option("--force-exclude", is_flag=True, help="Apply `exclude` to files named on the command line too."),
        click.option(
            "--color",
            type=click.Choice(["auto", "always", "never"]),
            default="auto",
            show_default=True,
            help="Colour the output (auto: on a terminal, unless NO_COLOR is set).",
        ),
        click.option("--stdin-filename", help="The name of the file read from `-` (standard input)."),
        click.option("--statistics", is_flag=True, help="Print a count per rule instead of each finding."),
        click.option(
            "--diff-base",
            metavar="REF",
            help="Report only findings the notes did not have at this git commit (a branch, a tag, HEAD~1).",
        ),
        click.option(
            "--baseline",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Leave out the findings this baseline lists (`cscheck baseline` writes one).",
        ),
        click.option("--jobs", type=click.IntRange(min=1), help="Worker processes (default: one per available core)."),
        click.option(
            "--output-file",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Write the findings to this file (UTF-8) instead of standard output.",
        ),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line."),
        click.option(
            "--remote", is_flag=True, help="Also fetch every http(s) image and link (needs the remote extra)."
        ),
        click.option("--remote-offline", is_flag=True, help="As --remote, from the cache only: no request."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@dataclass
class RunOptions:
    paths: tuple[Path, ...]
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    config_file: Path | None = None
    root: Path | None = None
    output_format: str = "text"
    lang: str | None = None
    exit_zero: bool = False
    fail_level: str = "warning"
    no_cache: bool = False
    force_exclude: bool = False
    color: str = "auto"
    stdin_filename: str | None = None
    statistics: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    jobs: int | None = None
    quiet: bool = False
    questions: bool = False  # keep every file's questions (the progress report needs them)
    baseline: Path | None = None
    output_file: Path | None = None
    diff_base: str | None = None
    remote: bool = False
    remote_offline: bool = False
    remote_known: dict[str, Any] | None = None  # --diff-base: outcomes the run itself settled


@dataclass
class Run:
    """State of one invocation: what failed, and what to exit with."""

    errors: list[str] = field(default_factory=list)
    changed: bool = False
    stdin_data: bytes | None = None  # what `-` read: `fix -` gives it back when it changes nothing
    stdin_too_large: bool = False  # `-` held more than max-file-size: only that much was read

    def error(self, message: str) -> None:
        self.errors.append(message)
        click.echo(f"cscheck: error: {message}", err=True)


def _fail(message: str) -> NoReturn:
    click.echo(f"cscheck: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="cscheck")
def main() -> None:
    """cscheck: a linter for Korean CS-interview study notes in Markdown."""
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        if stream.isatty():
            # A console that cannot encode Korean or 💡 (cp949 has no 💡; cp1252 no Hangul) gets
            # escapes, not a traceback.
            stream.reconfigure(errors="backslashreplace")
        else:
            # A pipe or a file is read by a program (JSON, SARIF, a CI log): UTF-8 with "\n" line
            # ends, whatever PYTHONIOENCODING, the locale or a Windows code page say.
            stream.reconfigure(encoding="utf-8", errors="backslashreplace", newline="\n")


@main.command()
@shared_options
def check(**kwargs: Any) -> None:
    """Check notes and report what is wrong (exit 1 when something fails)."""
    sys.exit(_run(RunOptions(**kwargs), command="check"))


@main.command()
@shared_options
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change what the author meant.")
@click.option("--diff", is_flag=True, help="Print what would change as a unified diff; write nothing.")
def fix(**kwargs: Any) -> None:
    """Apply safe fixes (exit 1 when a file changed or findings remain)."""
    sys.exit(_run(RunOptions(**kwargs), command="fix"))


def _display(path: Path) -> str:
    absolute = path.absolute()
    try:
        shown = absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        shown = absolute.as_posix()
    try:
        shown.encode("utf-8")
    except UnicodeEncodeError:
        # A name that is not UTF-8 (a CP949 archive unpacked on Linux) holds surrogates no JSON or
        # SARIF can carry: show its bytes as escapes. (The file itself is read by its real name.)
        shown = os.fsencode(shown).decode("utf-8", "backslashreplace")
    return shown


def _use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _plan(options: RunOptions) -> Plan:
    """Which config and root each file gets (checker.plan); exit 2 on a bad config."""
    try:
        return plan(
            options.paths,
            config_file=options.config_file,
            root=options.root,
            force_exclude=options.force_exclude,
            use_cache=not options.no_cache,
            stdin_filename=options.stdin_filename,
        )
    except ConfigError as error:
        _fail(str(error))


def _engine(options: RunOptions, group: Group, lang: str) -> Engine:
    """The engine of one group of files; exit 2 on a bad selection, option or pack."""
    loaded, root = group.loaded, group.root
    try:
        engine = make_engine(
            loaded.config,
            root=root,
            config_dir=loaded.directory,
            lang=lang,
            select=_split(options.select) or None,
            extend_select=_split(options.extend_select),
            ignore=_split(options.ignore),
            source=str(loaded.path) if loaded.path else "command line",
            cache_dir=root / CACHE_FOLDER if group.project and not options.no_cache else None,
            remote=options.remote or options.remote_offline,
        )
        if engine.uses_knowledge:
            _ = engine.context.knowledge  # load now: a broken pack stops the run before any file
    except ConfigError as error:
        _fail(str(error))
    return engine


def _run(options: RunOptions, *, command: str) -> int:
    run = Run()
    checked, lang = _check_all(options, run)
    base = _diff_base(checked, options)
    fixed: dict[str, list[str]] = {}
    if command == "fix":
        from checker.fixing import fix_reports  # noqa: PLC0415 — a check run never loads it

        for engine, group_reports in checked:
            keep = _baselined(engine, group_reports, options) | _at_base(group_reports, base)
            fixed.update(fix_reports(engine, group_reports, options, run, keep))
    _apply_baselines(checked, options)
    _hide_at_base(checked, base, options)
    reports = _in_order(checked)
    for report in reports:
        for message in report.internal_errors:
            run.error(f"{report.display}: {message}")
    _render(reports, options, lang, command, fixed, [engine for engine, _ in checked], run)
    return _exit_code(reports, options, run)


_Base = tuple[Counter[tuple[str, str, str]], Path] | None  # the findings at --diff-base, and their root


def _diff_base(checked: Sequence[tuple[Engine, list[FileReport]]], options: RunOptions) -> _Base:
    """With ``--diff-base REF``: the findings the checked notes had at REF (checker.diffbase)."""
    if options.diff_base is None:
        return None
    from checker.diffbase import base_entries  # noqa: PLC0415 — only a --diff-base run

    root = git_root(Path.cwd())
    if root is None:
        _fail(f"--diff-base {options.diff_base}: not inside a git repository")
    paths = [report.path for _, reports in checked for report in reports if not report.stdin]
    as_before = replace(
        options, paths=(), no_cache=True, quiet=True, diff_base=None, baseline=None, output_file=None, questions=False
    )
    if options.remote or options.remote_offline:  # the URLs as this run found them; none asked anew
        known = {key: o for engine, _ in checked if engine.context.remote for key, o in engine.context.remote.items()}
        as_before = replace(as_before, remote=False, remote_offline=True, remote_known=known)

    def check(files: list[Path]) -> list[FileReport]:
        earlier, _ = _check_all(replace(as_before, paths=tuple(files)), Run())
        return [report for _, reports in earlier for report in reports]

    try:
        return base_entries(options.diff_base, root, paths, check), root
    except ConfigError as error:
        _fail(str(error))


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
        _fail(str(error))


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
            _fail(str(error))
        if applied.hidden and not options.quiet:
            click.echo(f"cscheck: {applied.hidden} finding(s) left out: they are in the baseline {path}", err=True)
        if applied.stale:
            entries = "1 entry matches" if applied.stale == 1 else f"{applied.stale} entries match"
            click.echo(
                f"cscheck: warning: {entries} no finding any more in the baseline {path} (fixed?): "
                "`cscheck baseline` writes it anew",
                err=True,
            )


def _in_order(checked: Sequence[tuple[Engine, list[FileReport]]]) -> list[FileReport]:
    """Standard input first, then every file by path, whichever group checked it."""
    reports = [report for _, group_reports in checked for report in group_reports]
    return sorted(reports, key=lambda r: (not r.stdin, r.path.as_posix()))


def _check_all(options: RunOptions, run: Run) -> tuple[list[tuple[Engine, list[FileReport]]], str]:
    """Each group's engine with its reports, and the message language of the run."""
    planned = _plan(options)
    chosen = options.lang or planned.here.config.lang
    lang = chosen or "en"  # the engines do not use it; the messages are chosen below
    engines = [(group, _engine(options, group, lang)) for group in planned.groups]
    checked: list[tuple[Engine, list[FileReport]]] = [(engine, []) for _, engine in engines]
    if options.remote or options.remote_offline:
        from checker.remote.run import prepare  # noqa: PLC0415 — only a --remote run

        try:
            work = [(engine, group.files) for group, engine in engines]
            offline, known = options.remote_offline, options.remote_known
            prepare(work, offline=offline, quiet=options.quiet, lang=chosen or default_lang(), known=known)
        except ConfigError as error:
            _fail(str(error))
    if planned.stdin is not None:
        from checker.source import TooLarge, decode  # noqa: PLC0415

        engine = next(engine for group, engine in engines if group is planned.stdin)
        name = options.stdin_filename or "-"
        limit = engine.config.max_file_size
        # Never more than the limit in memory: 50 MB on `-` ran for 15 minutes and took 6 GB.
        run.stdin_data = sys.stdin.buffer.read(limit + 1)
        run.stdin_too_large = len(run.stdin_data) > limit
        note = TooLarge(len(run.stdin_data), limit, exact=False) if run.stdin_too_large else decode(run.stdin_data)
        report = engine.check_loaded(Path(name), name, note)
        report.stdin = True
        checked[[g for g, _ in engines].index(planned.stdin)][1].append(report)
    for missing in planned.missing:
        run.error(f"{missing}: no such file or folder")
    total = sum(len(group.files) for group in planned.groups)
    if not total and planned.stdin is None and not planned.missing:
        click.echo("cscheck: warning: no Markdown files found", err=True)
    show = (
        not options.quiet
        and total >= PROGRESS_MIN_FILES
        and options.output_format in ("text", "concise")
        and sys.stderr.isatty()
    )
    if show:
        with click.progressbar(length=total, label="cscheck", file=sys.stderr) as bar:
            for (group, engine), (_, reports) in zip(engines, checked, strict=True):
                reports.extend(_check_files(engine, group.files, options, bar.update))
    else:
        for (group, engine), (_, reports) in zip(engines, checked, strict=True):
            reports.extend(_check_files(engine, group.files, options, None))
    lang = chosen or _notes_language([r for _, reports in checked for r in reports])
    if not options.quiet:
        _hint_question_style(checked, lang)
    return checked, lang


def _hint_question_style(checked: Sequence[tuple[Engine, list[FileReport]]], lang: str) -> None:
    """Say once when the configured question styles find nothing that another style finds."""
    from checker.question_styles import suggest  # noqa: PLC0415 — only a run without questions reads it

    for engine, reports in checked:
        found = suggest(engine, reports)
        if found is not None:
            click.echo(found.message(lang, engine.config.questions.presets), err=True)
            return


_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_SAMPLED_NOTES = 20


def _notes_language(reports: Sequence[FileReport]) -> str:
    """Korean when the notes are (no --lang, no `lang` in the config): GitHub runners and Windows
    consoles have no Korean locale, and these notes are read by Korean students. Else the locale's."""
    for report in reports[:_SAMPLED_NOTES]:
        if report.stdin or report._source is not None:
            text = report._source.text[:4096] if report._source is not None else ""
        else:
            try:
                with open(report.path, "rb") as handle:
                    text = handle.read(4096).decode("utf-8", "ignore")
            except OSError:
                continue
        if _HANGUL.search(text) or _HANGUL.search(report.display):
            return "ko"
    return default_lang()


def _check_files(
    engine: Engine, paths: list[Path], options: RunOptions, progress: Callable[[int], None] | None
) -> list[FileReport]:
    """Through the cache and, for many files, worker processes."""
    from checker.cache import ResultCache  # noqa: PLC0415
    from checker.runner import check_files, default_jobs, namespace  # noqa: PLC0415

    if not paths:
        return []
    files = [(path, _display(path)) for path in paths]
    # A --remote run's findings depend on what the URLs answered today: no cached results.
    fresh = engine.context.remote is not None
    cache = ResultCache.open(engine.cache_dir, namespace(engine)) if engine.cache_dir and not fresh else None
    keep_questions = options.questions or options.output_format == "json"  # JSON lists them per file
    jobs = options.jobs or default_jobs()
    return check_files(engine, files, cache=cache, jobs=jobs, progress=progress, keep_questions=keep_questions)


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
        color=_use_color(options.color),
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
    _emit(output, options.output_file, stream, run)


def _emit(text: str, output_file: Path | None, stream: Any, run: Run) -> None:
    """``text`` to ``output_file`` as UTF-8 bytes ("\n" line ends on every system), else to ``stream``."""
    if output_file is None:
        stream.write(text)
        stream.flush()
        return
    try:
        output_file.write_bytes(text.encode("utf-8", "surrogateescape"))
    except OSError as error:
        run.error(f"{output_file}: cannot write the output: {error.strerror or error}")


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
    return any((d.severity or "error") in levels for d in report.diagnostics)


@main.command(name="report")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--output-format",
    type=click.Choice(["text", "markdown", "html", "json"]),
    default="text",
    show_default=True,
    help="text, markdown, html (one self-contained page) or json.",
)
@click.option(
    "--badge",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write a badge (SVG) of the share of questions answered.",
)
@click.option("--select", multiple=True, help="Only these rules' findings (codes, prefixes like CS3, or names).")
@click.option("--extend-select", multiple=True, help="Rules to add to the selection.")
@click.option("--ignore", multiple=True, help="Rules whose findings to leave out.")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Use this config file.")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), help="Root for `/` links and containment.")
@click.option("--lang", type=click.Choice(["ko", "en"]), help="Language of the report (default: as for check).")
@click.option("--force-exclude", is_flag=True, help="Apply `exclude` to files named on the command line too.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the cache.")
@click.option(
    "--output-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to this file (UTF-8) instead of standard output.",
)
def report(badge: Path | None, **kwargs: Any) -> None:
    """Study progress: questions answered per file and section, findings per rule, unanswered questions.

    Informational: exits 0 whatever it finds (2 for bad usage, a bad config or a failed write).
    """
    from checker.report import build, render, write_badge  # noqa: PLC0415

    options = RunOptions(**kwargs, questions=True)
    run = Run()
    checked, lang = _check_all(options, run)
    reports = _in_order(checked)
    for found in reports:
        for message in found.internal_errors:
            run.error(f"{found.display}: {message}")
    output = build(reports)
    if badge is not None:
        try:
            write_badge(badge, output)
        except OSError as error:
            run.error(f"{badge}: cannot write the badge: {error.strerror or error}")
    _emit(render(output, options.output_format, lang), options.output_file, sys.stdout, run)
    sys.exit(EXIT_ERROR if run.errors else EXIT_OK)


@main.command(name="baseline")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write it (default: cscheck-baseline.json in the config's folder, else the root).",
)
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Use this config file.")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), help="Root for `/` links and containment.")
@click.option("--select", multiple=True, help="Only these rules (codes, prefixes like CS3, or names).")
@click.option("--extend-select", multiple=True, help="Rules to add to the selection.")
@click.option("--ignore", multiple=True, help="Rules to leave out.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the cache.")
def write_baseline(output: Path | None, **kwargs: Any) -> None:
    """Record today's findings, so that `check --baseline FILE` fails only on new ones (exit 0).

    For a repository with many old notes: commit the file and name it in the config
    (`baseline = "cscheck-baseline.json"`) so the pre-commit hook and CI use it too.
    """
    from checker import baseline  # noqa: PLC0415

    options = RunOptions(**kwargs, quiet=True)
    run = Run()
    checked, _ = _check_all(options, run)
    reports = _in_order(checked)
    if output is None:
        first = checked[0][0] if checked else None
        folder = (first.config_dir or first.root) if first is not None else Path.cwd()
        output = folder / baseline.DEFAULT_NAME
    try:
        count = baseline.write(reports, output)
    except ConfigError as error:
        _fail(str(error))
    click.echo(f"wrote {count} finding(s) to {output}")
    sys.exit(EXIT_ERROR if run.errors else EXIT_OK)


@main.command(name="init")
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@click.option("--lang", type=click.Choice(["ko", "en"]), help="Message language to configure (default: the notes').")
def init_repository(dry_run: bool, lang: str | None) -> None:
    """Set a study repository up: cscheck.toml, a pre-commit hook and a GitHub workflow.

    Reads the notes first (which question styles they use, whether they are Korean); never
    overwrites a file that exists.
    """
    from checker import init  # noqa: PLC0415

    root = git_root(Path.cwd()) or Path.cwd()
    found = init.survey(root)
    lang = lang or ("ko" if found.korean or not found.notes else default_lang())
    korean = lang == "ko"
    click.echo(f"{root}: 노트 {found.notes}개" if korean else f"{root}: {found.notes} notes")
    click.echo(init.table(found, lang), nl=False)
    chosen = ", ".join(found.presets)
    click.echo(f"쓸 질문 형식: {chosen}" if korean else f"question styles to use: {chosen}")
    templates = ", ".join(found.templates) or "-"
    click.echo(f"질문 템플릿(그 답은 답이 아님): {templates}\n" if korean else f"question templates: {templates}\n")
    planned = init.plan(root, found, lang)
    for item in planned:
        shown = _display(item.path)
        if item.exists:
            note = "이미 있어 그대로 둡니다. 필요하면 직접 넣으세요:" if korean else "exists, left alone; add by hand:"
        elif dry_run:
            note = "(미리 보기)" if korean else "(preview)"
        else:
            note = "새로 씀:" if korean else "new:"
        click.echo(f"== {shown} {note}")
        click.echo(item.text)
    if dry_run:
        click.echo("--dry-run: 아무것도 쓰지 않았습니다." if korean else "--dry-run: nothing written.")
        return
    try:
        written = init.write(planned)
    except OSError as error:
        _fail(f"cannot write: {error.strerror or error}")
    for path in written:
        click.echo(f"썼습니다: {_display(path)}" if korean else f"wrote {_display(path)}")
    click.echo(
        "다음: `pre-commit install`; 오래된 노트의 기존 문제는 `cscheck baseline`으로 기록해 두세요."
        if korean
        else "next: `pre-commit install`; record the old notes' findings with `cscheck baseline`."
    )


_LANG_HELP = "Language of the docs (default: `lang` in the config, else Korean when the folder's notes are)."


@main.command(name="rules")
@click.option("--output-format", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["ko", "en"]), help=_LANG_HELP)
def list_rules(output_format: str, lang: str | None) -> None:
    """List every rule: code, name, default severity, fixability, summary."""
    from checker.docs import rules_json, rules_markdown, rules_table  # noqa: PLC0415

    render = {"text": rules_table, "json": rules_json, "markdown": rules_markdown}[output_format]
    click.echo(render(builtin_rules(), _docs_lang(lang)), nl=False)


@main.command(name="rule")
@click.argument("code_or_name")
@click.option("--lang", type=click.Choice(["ko", "en"]), help=_LANG_HELP)
def show_rule(code_or_name: str, lang: str | None) -> None:
    """Show one rule's documentation."""
    from checker.docs import rule_page  # noqa: PLC0415

    for rule in builtin_rules():
        if code_or_name in (rule.code, rule.name) or code_or_name.upper() == rule.code:
            click.echo(rule_page(rule, _docs_lang(lang)), nl=False)
            return
    _fail(f"unknown rule '{code_or_name}' (see `cscheck rules`)")


def _docs_lang(chosen: str | None) -> str:
    """``--lang``, else the ``lang`` of the config that governs the working folder, else Korean
    when the notes in the working folder itself are Korean (a study repository's README.md: no
    walk, the docs commands must stay instant), else the locale's — as ``check`` picks it."""
    if chosen:
        return chosen
    here = Path.cwd()
    found = find_config_file(here)
    if found is not None:
        from checker.config import load_config  # noqa: PLC0415

        try:
            configured = load_config(found).config.lang
        except ConfigError:
            configured = None  # the docs are still worth showing; `check` reports the config
        if configured:
            return configured
    for note in sorted(here.glob("*.md"))[:_SAMPLED_NOTES]:
        try:
            with open(note, "rb") as handle:
                if _HANGUL.search(handle.read(4096).decode("utf-8", "ignore")):
                    return "ko"
        except OSError:
            continue
    return default_lang()


@main.group(name="knowledge")
def knowledge_group() -> None:
    """Work with knowledge packs (the data behind CS501 and CS502)."""


@knowledge_group.command(name="check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
def knowledge_check(files: tuple[Path, ...]) -> None:
    """Validate knowledge packs and run every entry's bad/good examples.

    Exit 0 when all pass, 1 when an example fails, 2 when a pack does not load.
    """
    from checker.knowledge import KnowledgeError, check_entry, load_pack  # noqa: PLC0415

    exit_code = EXIT_OK
    for path in files:
        try:
            entries = load_pack(path)
        except KnowledgeError as error:
            click.echo(f"cscheck: error: {error}", err=True)
            exit_code = EXIT_ERROR
            continue
        failures = [f"{path}: {failure}" for entry in entries for failure in check_entry(entry)]
        for failure in failures:
            click.echo(failure)
        if failures and exit_code == EXIT_OK:
            exit_code = EXIT_FINDINGS
        click.echo(f"{path}: {len(entries)} entries, {len(failures)} failing examples")
    sys.exit(exit_code)


@main.command(name="clean")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), help="The root whose cache to remove.")
def clean_cache(root: Path | None) -> None:
    """Remove the cache (`.cscheck_cache/` in the root)."""
    from checker.cache import clean  # noqa: PLC0415

    if root is None:
        found = find_config_file(Path.cwd())
        root = found.parent if found else (git_root(Path.cwd()) or Path.cwd())
    removed = clean(root)
    click.echo(f"removed {root / CACHE_FOLDER}" if removed else f"no cache in {root}")


@main.command(name="server")
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the only way; editors pass it).")
def language_server(stdio: bool) -> None:
    """Run the language server for editors (needs `pip install 'cscheck[lsp]'`)."""
    from checker.lsp import MISSING_EXTRA, extra_installed  # noqa: PLC0415 — only this command

    if not extra_installed():
        _fail(MISSING_EXTRA)
    from checker.lsp.server import serve  # noqa: PLC0415

    serve()


@main.command(name="schema")
def show_schema() -> None:
    """Print the JSON Schema of `--output-format json` (generated from its pydantic models)."""
    import json  # noqa: PLC0415

    from checker.reporters.json import json_schema  # noqa: PLC0415

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


def run() -> None:
    """The ``cscheck`` command (console script and ``python -m checker``): :func:`main` in a
    process of its own, with the garbage collector tuned for it.

    Parsing makes millions of short-lived objects and almost no reference cycles, so Python's
    default — a collection every 700 allocations, walking every long-lived object now and then —
    cost ~10% of a run. The modules loaded so far are frozen out of collection (forked workers
    then share them untouched) and collections come every 50 000 allocations; cycles are still
    collected. Tests call :func:`main` in-process, where this would leak into the test runner.
    """
    import gc  # noqa: PLC0415

    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    sys.exit(_guarded(main))


def _guarded(command: click.Command) -> int:
    """Run ``command`` the way click's standalone mode would, except that nothing it does can
    exit 1 unless it meant to: an exception no code handled is exit 3 with one line (and the
    traceback for a bug report only with ``CSCHECK_DEBUG=1``), an interrupt exit 130."""
    try:
        result = command.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("cscheck: interrupted", err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.exceptions.Exit as done:
        return done.exit_code
    except Exception as error:  # the last line of defence: report, never pass
        if os.environ.get("CSCHECK_DEBUG"):
            import traceback  # noqa: PLC0415

            traceback.print_exc()
        click.echo(
            f"cscheck: internal error: {type(error).__name__}: {error} — a bug in cscheck, not in your notes; "
            "please report it (CSCHECK_DEBUG=1 prints the traceback)",
            err=True,
        )
        return EXIT_CRASH
    return result if isinstance(result, int) else EXIT_OK
