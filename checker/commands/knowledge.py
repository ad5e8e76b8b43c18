"""``cscheck knowledge check``: validate knowledge packs and run their examples."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.commands.common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK


@click.group(name="knowledge")
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
