"""``cscheck report``: study progress (questions answered per file and section)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from checker.commands.common import EXIT_ERROR, EXIT_OK, Run, RunOptions, check_all, emit, in_order


@click.command(name="report")
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
    from checker.progress import build, render, write_badge  # noqa: PLC0415

    options = RunOptions(**kwargs, questions=True)
    run = Run()
    checked, lang = check_all(options, run)
    reports = in_order(checked)
    for found in reports:
        for message in found.internal_errors:
            run.error(f"{found.display}: {message}")
    output = build(reports)
    if badge is not None:
        try:
            write_badge(badge, output)
        except OSError as error:
            run.error(f"{badge}: cannot write the badge: {error.strerror or error}")
    emit(render(output, options.output_format, lang), options.output_file, sys.stdout, run)
    sys.exit(EXIT_ERROR if run.errors else EXIT_OK)
