"""``cscheck rules`` and ``cscheck rule``: the rules and their documentation."""

from __future__ import annotations

from pathlib import Path

import click

from checker.commands.common import HANGUL, SAMPLED_NOTES, fail
from checker.config import ConfigError, default_lang
from checker.config_file import find_config_file
from checker.registry import builtin_rules

_LANG_HELP = "Language of the docs (default: `lang` in the config, else Korean when the folder's notes are)."


@click.command(name="rules")
@click.option("--output-format", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["ko", "en"]), help=_LANG_HELP)
def list_rules(output_format: str, lang: str | None) -> None:
    """List every rule: code, name, default severity, fixability, summary."""
    from checker.docs import rules_json, rules_markdown, rules_table  # noqa: PLC0415

    render = {"text": rules_table, "json": rules_json, "markdown": rules_markdown}[output_format]
    click.echo(render(builtin_rules(), _docs_lang(lang)), nl=False)


@click.command(name="rule")
@click.argument("code_or_name")
@click.option("--lang", type=click.Choice(["ko", "en"]), help=_LANG_HELP)
def show_rule(code_or_name: str, lang: str | None) -> None:
    """Show one rule's documentation."""
    from checker.docs import rule_page  # noqa: PLC0415

    for rule in builtin_rules():
        if code_or_name in (rule.code, rule.name) or code_or_name.upper() == rule.code:
            click.echo(rule_page(rule, _docs_lang(lang)), nl=False)
            return
    fail(f"unknown rule '{code_or_name}' (see `cscheck rules`)")


def _docs_lang(chosen: str | None) -> str:
    """``--lang``, else the ``lang`` of the config that governs the working folder, else Korean
    when the notes in the working folder itself are Korean (a study repository's README.md: no
    walk, the docs commands must stay instant), else the locale's — as ``check`` picks it."""
    if chosen:
        return chosen
    here = Path.cwd()
    found = find_config_file(here)
    if found is not None:
        from checker.config_file import load_config  # noqa: PLC0415

        try:
            configured = load_config(found).config.lang
        except ConfigError:
            configured = None  # the docs are still worth showing; `check` reports the config
        if configured:
            return configured
    for note in sorted(here.glob("*.md"))[:SAMPLED_NOTES]:
        try:
            with open(note, "rb") as handle:
                if HANGUL.search(handle.read(4096).decode("utf-8", "ignore")):
                    return "ko"
        except OSError:
            continue
    return default_lang()
