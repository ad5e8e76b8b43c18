"""``cscheck baseline``: record today's findings, so that later runs fail only on new ones."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from checker.commands.common import EXIT_ERROR, EXIT_OK, Run, RunOptions, check_all, fail, in_order
from checker.config import ConfigError


@click.command(name="baseline")
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
    checked, _ = check_all(options, run)
    reports = in_order(checked)
    if output is None:
        first = checked[0][0] if checked else None
        folder = (first.config_dir or first.root) if first is not None else Path.cwd()
        output = folder / baseline.DEFAULT_NAME
    try:
        count = baseline.write(reports, output)
    except ConfigError as error:
        fail(str(error))
    click.echo(f"wrote {count} finding(s) to {output}")
    sys.exit(EXIT_ERROR if run.errors else EXIT_OK)
