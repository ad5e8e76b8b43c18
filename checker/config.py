"""Configuration: ``[tool.cscheck]`` in ``pyproject.toml`` or the top level of ``cscheck.toml``.

Every table is a pydantic model that forbids unknown keys, so a typo is one line naming the file,
the key and the problem — never a silently ignored setting. Keys are kebab-case, as in ruff.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from checker.conflicts import DEFAULT_EXAMPLE_LANGUAGES
from checker.diagnostic import Severity
from checker.rule import Rule, RuleOptions, kebab

CONFIG_FILES = ("cscheck.toml", "pyproject.toml")
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
DEFAULT_PLACEHOLDERS = ("TODO", "TBD", "작성 예정", "(답변)", "추가 예정")
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?", re.IGNORECASE)
_UNITS = {"b": 1, "kb": 1000, "kib": 1024, "mb": 1000**2, "mib": 1024**2, "gb": 1000**3, "gib": 1024**3}


class ConfigError(Exception):
    """A problem with cscheck's own input; ``str()`` is one line for the user."""


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, alias_generator=kebab, populate_by_name=True)


QuestionPreset = Literal["ssafy", "heading-question", "details", "bold-q"]


class QuestionsConfig(_Table):
    presets: tuple[QuestionPreset, ...] = ("ssafy",)
    patterns: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = DEFAULT_PLACEHOLDERS

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"pattern {pattern!r} does not compile: {error}") from None
        return patterns


class KnowledgeConfig(_Table):
    packs: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()


class Config(_Table):
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    severity: dict[str, Severity] = Field(default_factory=dict)
    lang: Literal["ko", "en"] | None = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    conflict_example_languages: tuple[str, ...] = DEFAULT_EXAMPLE_LANGUAGES
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)
    questions: QuestionsConfig = QuestionsConfig()
    knowledge: KnowledgeConfig = KnowledgeConfig()

    @field_validator("max_file_size", mode="before")
    @classmethod
    def _size(cls, value: object) -> object:
        if isinstance(value, str):
            match = _SIZE.fullmatch(value.strip())
            if not match:
                raise ValueError(f"{value!r} is not a size like 10MB or 500KiB")
            return int(float(match.group(1)) * _UNITS[(match.group(2) or "b").lower()])
        return value


@dataclass(frozen=True)
class LoadedConfig:
    config: Config
    path: Path | None  # the file it came from; None for the defaults

    @property
    def directory(self) -> Path | None:
        return self.path.parent if self.path else None


def find_config_file(start: Path) -> Path | None:
    """The nearest ``cscheck.toml``, or ``pyproject.toml`` with ``[tool.cscheck]``, walking up."""
    folder = start if start.is_dir() else start.parent
    for candidate_dir in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = candidate_dir / name
            if candidate.is_file() and (name == "cscheck.toml" or _has_cscheck_table(candidate)):
                return candidate
    return None


def _has_cscheck_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    tool = data.get("tool")
    return isinstance(tool, dict) and "cscheck" in tool


def load_config(path: Path) -> LoadedConfig:
    """Read and validate a config file; every problem is a :class:`ConfigError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read config file: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config file is not UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("cscheck", {})
        prefix = "tool.cscheck"
    else:
        table, prefix = data, ""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{prefix}] must be a table")
    try:
        config = Config.model_validate(table)
    except ValidationError as error:
        raise ConfigError(f"{path}: {describe_validation_error(error, prefix)}") from None
    return LoadedConfig(config, path)


def describe_validation_error(error: ValidationError, prefix: str = "") -> str:
    """The first problem of a pydantic error as ``[table] key 'x': problem``."""
    first = error.errors()[0]
    location = [str(part) for part in first["loc"]]
    *tables, key = location or ["?"]
    table = ".".join(part for part in (prefix, *tables) if part)
    where = f"[{table}] " if table else ""
    if first["type"] == "extra_forbidden":
        problem = "unknown key"
    elif first["type"] == "missing":
        problem = "missing required key"
    else:
        problem = str(first["msg"]).removeprefix("Value error, ")
        if "input" in first and first["type"] not in ("value_error",):
            problem += f" (got {first['input']!r})"
    return f"{where}key '{key}': {problem}"


def default_lang(environ: Mapping[str, str] = os.environ) -> Literal["ko", "en"]:
    """Korean when the locale says so, else English."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(variable)
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


# ------------------------------------------------------------------------------------------------
# Rule selection: codes, code prefixes ("CS3"), names, or ALL — as in ruff.


@dataclass(frozen=True)
class Selection:
    """Which rules run, with their options and severities, after config and command line."""

    rules: tuple[Rule, ...]
    severities: Mapping[str, Severity] = field(default_factory=dict)  # by code

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(rule.code for rule in self.rules)


def match_selector(selector: str, code: str, name: str) -> int | None:
    """How specifically ``selector`` names the rule (longer is more specific), or None."""
    if selector == "ALL":
        return 0
    if selector == name:
        return 10
    upper = selector.upper()
    if re.fullmatch(r"CS\d{0,3}", upper) and code.startswith(upper):
        return len(selector)
    return None


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
    try:
        return rule.Options.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(f"{source}: {describe_validation_error(error, f'tool.cscheck.rules.{rule.name}')}") from None


def selects(selectors: Iterable[str], code: str, name: str, qualifier: str | None = None) -> bool:
    """Whether a suppression or per-file-ignore target list covers a finding.

    A target may narrow a rule to one qualifier: ``known-error:https-port``.
    """
    for selector in selectors:
        base, _, detail = selector.partition(":")
        if detail and detail != qualifier:
            continue
        if match_selector(base, code, name) is not None:
            return True
    return False
