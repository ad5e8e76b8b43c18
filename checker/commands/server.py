"""``cscheck server``: the language server for editors (the ``lsp`` extra)."""

from __future__ import annotations

import click

from checker.commands.common import fail


@click.command(name="server")
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the only way; editors pass it).")
def language_server(stdio: bool) -> None:
    """Run the language server for editors (needs `pip install 'cscheck[lsp]'`)."""
    from checker.lsp import MISSING_EXTRA, extra_installed  # noqa: PLC0415 — only this command

    if not extra_installed():
        fail(MISSING_EXTRA)
    from checker.lsp.server import serve  # noqa: PLC0415

    serve()
