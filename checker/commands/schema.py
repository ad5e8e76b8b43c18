"""``cscheck schema``: the JSON Schema of ``--output-format json``."""

from __future__ import annotations

import click


@click.command(name="schema")
def show_schema() -> None:
    """Print the JSON Schema of `--output-format json` (generated from its pydantic models)."""
    import json  # noqa: PLC0415

    from checker.reporters.json import json_schema  # noqa: PLC0415

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))
