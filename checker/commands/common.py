"""What the commands that check notes share: their options, one run's state, and checking
the planned files (config groups, cache, workers) into reports.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from checker import cachestore
from checker.api import make_engine
from checker.config import ConfigError, default_lang
from checker.engine import Engine, FileReport
from checker.plan import Group, Plan, plan
from checker.reporters import FORMATS
from checker.source import TooLarge, decode

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_CRASH, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
F = TypeVar("F", bound=Callable[..., Any])




PROGRESS_MIN_FILES = 200  # fewer files take a moment: no bar




# --fail-level: the lowest severity that fails a run (the default keeps "info never fails")
FAIL_LEVELS = ("error", "warning", "info", "none")


def split_values(values: Sequence[str]) -> tuple[str, ...]:
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
            type=click.Choice(FORMATS),
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
    keep_for_fix: bool = False  # `fix`: notes with a fix keep the check's parse for the fix loop
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


def fail(message: str) -> NoReturn:
    click.echo(f"cscheck: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def display(path: Path) -> str:
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


def use_color(choice: str) -> bool:
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
        fail(str(error))


def _engine(options: RunOptions, group: Group) -> Engine:
    """The engine of one group of files; exit 2 on a bad selection, option or pack."""
    loaded, root = group.loaded, group.root
    try:
        engine = make_engine(
            loaded.config,
            root=root,
            config_dir=loaded.directory,
            select=split_values(options.select) or None,
            extend_select=split_values(options.extend_select),
            ignore=split_values(options.ignore),
            source=str(loaded.path) if loaded.path else "command line",
            cache_dir=root / cachestore.FOLDER if group.project and not options.no_cache else None,
            remote=options.remote or options.remote_offline,
        )
        if engine.cache_dir is None:
            _load_knowledge_now(engine)
    except ConfigError as error:
        fail(str(error))
    return engine


def _load_knowledge_now(engine: Engine) -> None:
    """Load the packs before any file is checked: a broken one stops the run (exit 2) first.

    With a cache, this waits until some file is not in it: results are kept under the packs'
    and the config's digests, so a run that finds every file cached has loaded these very packs
    before, and need not read them (a quarter of a warm run).
    """
    if engine.uses_knowledge:
        try:
            _ = engine.context.knowledge
        except ConfigError as error:
            fail(str(error))


def in_order(checked: Sequence[tuple[Engine, list[FileReport]]]) -> list[FileReport]:
    """Standard input first, then every file by path, whichever group checked it."""
    reports = [report for _, group_reports in checked for report in group_reports]
    return sorted(reports, key=lambda r: (not r.stdin, r.path.as_posix()))


def check_all(options: RunOptions, run: Run) -> tuple[list[tuple[Engine, list[FileReport]]], str]:
    """Each group's engine with its reports, and the message language of the run."""
    planned = _plan(options)
    chosen = options.lang or planned.here.config.lang
    engines = [(group, _engine(options, group)) for group in planned.groups]
    for _, engine in engines:
        engine.keep_for_fix = options.keep_for_fix
    if options.remote or options.remote_offline:
        from checker.remote.run import prepare  # noqa: PLC0415 — only a --remote run

        try:
            work = [(engine, group.files) for group, engine in engines]
            offline, known = options.remote_offline, options.remote_known
            prepare(work, offline=offline, quiet=options.quiet, lang=chosen or default_lang(), known=known)
        except ConfigError as error:
            fail(str(error))
    checked: list[tuple[Engine, list[FileReport]]] = [(engine, []) for _, engine in engines]
    if planned.stdin is not None:
        engine = next(engine for group, engine in engines if group is planned.stdin)
        name = options.stdin_filename or "-"
        limit = engine.config.max_file_size
        # Never more than the limit in memory: 50 MB on `-` ran for 15 minutes and took 6 GB.
        run.stdin_data = sys.stdin.buffer.read(limit + 1)
        run.stdin_too_large = len(run.stdin_data) > limit
        note = TooLarge(len(run.stdin_data), limit, exact=False) if run.stdin_too_large else decode(run.stdin_data)
        _load_knowledge_now(engine)
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


HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
SAMPLED_NOTES = 20


def _notes_language(reports: Sequence[FileReport]) -> str:
    """Korean when the notes are (no --lang, no `lang` in the config): GitHub runners and Windows
    consoles have no Korean locale, and these notes are read by Korean students. Else the locale's."""
    for report in reports[:SAMPLED_NOTES]:
        if report.stdin or report._source is not None:
            text = report._source.text[:4096] if report._source is not None else ""
        else:
            try:
                with open(report.path, "rb") as handle:
                    text = handle.read(4096).decode("utf-8", "ignore")
            except OSError:
                continue
        if HANGUL.search(text) or HANGUL.search(report.display):
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
    files = [(path, display(path)) for path in paths]
    # A --remote run's findings depend on what the URLs answered today: no cached results.
    fresh = engine.context.remote is not None
    cache = ResultCache.open(engine.cache_dir, namespace(engine)) if engine.cache_dir and not fresh else None
    keep_questions = options.questions or options.output_format == "json"  # JSON lists them per file
    jobs = options.jobs or default_jobs()
    return check_files(
        engine,
        files,
        cache=cache,
        jobs=jobs,
        progress=progress,
        keep_questions=keep_questions,
        before_checking=lambda: _load_knowledge_now(engine),
    )


def emit(text: str, output_file: Path | None, stream: Any, run: Run) -> None:
    """``text`` to ``output_file`` as UTF-8 bytes ("\n" line ends on every system), else to ``stream``."""
    if output_file is None:
        stream.write(text)
        stream.flush()
        return
    try:
        output_file.write_bytes(text.encode("utf-8", "surrogateescape"))
    except OSError as error:
        run.error(f"{output_file}: cannot write the output: {error.strerror or error}")
