"""``cscheck clean``: remove the cache."""

from __future__ import annotations

from pathlib import Path

import click

from checker import cachestore
from checker.config_file import find_config_file
from checker.files import git_root


@click.command(name="clean")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), help="The root whose cache to remove.")
def clean_cache(root: Path | None) -> None:
    """Remove the cache (`.cscheck_cache/` in the root)."""
    from checker.cache import clean  # noqa: PLC0415

    if root is None:
        found = find_config_file(Path.cwd())
        root = found.parent if found else (git_root(Path.cwd()) or Path.cwd())
    removed = clean(root)
    click.echo(f"removed {root / cachestore.FOLDER}" if removed else f"no cache in {root}")
