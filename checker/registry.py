"""The rules cscheck ships, and which of them run: select, extend-select and ignore (config, then
command line), each rule with its options and configured severity."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from checker.config import Config, ConfigError, RuleOptions
from checker.diagnostic import Severity
from checker.rule import Rule
from checker.selectors import match_selector


def builtin_rules() -> tuple[type[Rule], ...]:
    """Every rule cscheck ships: the one place the engine reaches into ``rules``."""
    from rules import ALL_RULES  # noqa: PLC0415 — keeps `checker` importable without `rules`

    return ALL_RULES


@dataclass(frozen=True)
class Selection:
    """Which rules run, with their options and severities, after config and command line."""

    rules: tuple[Rule, ...]
    severities: Mapping[str, Severity] = field(default_factory=dict)  # by code


def check_selectors(selectors: Iterable[str], rules: Sequence[type[Rule]], where: str) -> None:
    for selector in selectors:
        if not any(match_selector(selector, rule.code, rule.name) is not None for rule in rules):
            raise ConfigError(f"{where}: unknown rule selector '{selector}'")


def resolve_rule(key: str, rules: Sequence[type[Rule]]) -> type[Rule] | None:
    """The rule a config key (code or name) names."""
    for rule in rules:
        if key in (rule.code, rule.name):
            return rule
    return None


def select_rules(
    config: Config,
    available: Sequence[type[Rule]],
    *,
    select: Sequence[str] | None = None,
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    source: str = "configuration",
) -> Selection:
    """Resolve select/extend-select/ignore (config, then command line) into rule instances.

    The most specific selector wins; on a tie ``ignore`` wins (ruff's rule).
    """
    chosen_select = tuple(select) if select is not None else config.select
    positive = (*(chosen_select if chosen_select is not None else ("ALL",)), *config.extend_select, *extend_select)
    negative = (*config.ignore, *ignore)
    check_selectors(positive, available, source)
    check_selectors(negative, available, source)
    for key in config.rules:
        if resolve_rule(key, available) is None:
            raise ConfigError(f"{source}: [tool.cscheck.rules] unknown rule '{key}'")
    for key in config.severity:
        if resolve_rule(key, available) is None:
            raise ConfigError(f"{source}: [tool.cscheck.severity] unknown rule '{key}'")
    instances: list[Rule] = []
    severities: dict[str, Severity] = {}
    for rule in available:
        best_on = _most_specific(positive, rule)
        best_off = _most_specific(negative, rule)
        if best_on is None or (best_off is not None and best_off >= best_on):
            continue
        instances.append(rule(_rule_options(config, rule, source)))
        for key, severity in config.severity.items():
            if key in (rule.code, rule.name):
                severities[rule.code] = severity
    return Selection(tuple(instances), severities)


def _most_specific(selectors: Sequence[str], rule: type[Rule]) -> int | None:
    matches = [m for m in (match_selector(s, rule.code, rule.name) for s in selectors) if m is not None]
    return max(matches, default=None)


def _rule_options(config: Config, rule: type[Rule], source: str) -> RuleOptions:
    raw: dict[str, Any] = {}
    for key in (rule.code, rule.name):
        raw.update(config.rules.get(key, {}))
    if not raw:
        return rule.Options()
    from pydantic import ValidationError  # noqa: PLC0415 — only when a rule is configured

    from checker.config_schema import describe, validate_options  # noqa: PLC0415

    try:
        return validate_options(rule.Options, raw)
    except ValidationError as error:
        raise ConfigError(f"{source}: {describe(error, f'tool.cscheck.rules.{rule.name}')}") from None
