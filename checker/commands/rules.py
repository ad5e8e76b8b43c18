"""``cscheck rules`` and ``cscheck rule``: the rules and their documentation."""

from __future__ import annotations

import click

from checker.commands.common import fail
from checker.registry import builtin_rules


@click.command(name="rules")
@click.option("--output-format", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
def list_rules(output_format: str) -> None:
    """List every rule: code, name, default severity, fixability, summary."""
    from checker.docs import rules_json, rules_markdown, rules_table  # noqa: PLC0415

    render = {"text": rules_table, "json": rules_json, "markdown": rules_markdown}[output_format]
    click.echo(render(builtin_rules()), nl=False)


@click.command(name="rule")
@click.argument("code_or_name")
def show_rule(code_or_name: str) -> None:
    """Show one rule's documentation."""
    from checker.docs import rule_page  # noqa: PLC0415

    for rule in builtin_rules():
        if code_or_name in (rule.code, rule.name) or code_or_name.upper() == rule.code:
            click.echo(rule_page(rule), nl=False)
            return
    fail(f"unknown rule '{code_or_name}' (see `cscheck rules`)")
