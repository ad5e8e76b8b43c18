"""Configuration: ``[tool.cscheck]`` in ``pyproject.toml`` or the top level of ``cscheck.toml``.

A config file is validated with pydantic (``checker.config_schema``): unknown keys and wrong types
are one line naming the file, the key and the problem — never a silently ignored setting. Keys
are kebab-case, as in ruff. The result is plain frozen dataclasses, cached per file content in
``.cscheck_cache/`` so that a run whose config did not change never imports pydantic: cscheck
runs on every commit, and start-up is most of a one-file run.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from checker import cachestore
from checker.conflicts import DEFAULT_EXAMPLE_LANGUAGES
from checker.diagnostic import Severity
from checker.remote.settings import RemoteConfig
from checker.rule import Rule, RuleOptions
from checker.source import read_regular_file

CONFIG_FILES = ("cscheck.toml", "pyproject.toml")
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
DEFAULT_PLACEHOLDERS = ("TODO", "TBD", "작성 예정", "(답변)", "추가 예정")
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?", re.IGNORECASE)
_UNITS = {"b": 1, "kb": 1000, "kib": 1024, "mb": 1000**2, "mib": 1024**2, "gb": 1000**3, "gib": 1024**3}


class ConfigError(Exception):
    """A problem with cscheck's own input; ``str()`` is one line for the user."""


def parse_size(value: str) -> int | None:
    """Bytes in ``10MB``, ``500KiB`` or ``1024``; None if it is no size."""
    match = _SIZE.fullmatch(value.strip())
    if not match:
        return None
    return int(float(match.group(1)) * _UNITS[(match.group(2) or "b").lower()])


@dataclass(frozen=True)
class QuestionsConfig:
    presets: tuple[str, ...] = ("ssafy",)  # ssafy | heading-question | details | bold-q
    patterns: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = DEFAULT_PLACEHOLDERS
    # Notes (or folders of notes) holding the repository's question template: their answer
    # texts are no answers either. Paths relative to the config file.
    templates: tuple[str, ...] = ()
    template_answers: tuple[str, ...] = ()  # read from ``templates`` by the engine


@dataclass(frozen=True)
class KnowledgeConfig:
    packs: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    """``[tool.cscheck]``, validated (see ``checker.config_schema``); keys are kebab-case in TOML."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    severity: Mapping[str, Severity] = field(default_factory=dict)
    lang: str | None = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    conflict_example_languages: tuple[str, ...] = DEFAULT_EXAMPLE_LANGUAGES
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    questions: QuestionsConfig = field(default_factory=QuestionsConfig)
    knowledge: KnowledgeConfig = field(default_factory=KnowledgeConfig)
    baseline: str | None = None  # a baseline file (relative to the config file): findings it lists pass
    remote: RemoteConfig = field(default_factory=RemoteConfig)  # how `check --remote` fetches

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data: for the cache, and for the cache's namespace."""
        data = asdict(self)
        data["severity"] = {key: str(value) for key, value in self.severity.items()}
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Config:
        """The inverse of :meth:`to_json`, for data that was validated when it was cached."""
        questions, knowledge = data["questions"], data["knowledge"]
        return cls(
            include=tuple(data["include"]),
            exclude=tuple(data["exclude"]),
            select=tuple(data["select"]) if data["select"] is not None else None,
            extend_select=tuple(data["extend_select"]),
            ignore=tuple(data["ignore"]),
            per_file_ignores={key: tuple(value) for key, value in data["per_file_ignores"].items()},
            severity={key: Severity(value) for key, value in data["severity"].items()},
            lang=data["lang"],
            max_file_size=int(data["max_file_size"]),
            conflict_example_languages=tuple(data["conflict_example_languages"]),
            rules={key: dict(value) for key, value in data["rules"].items()},
            questions=QuestionsConfig(
                tuple(questions["presets"]),
                tuple(questions["patterns"]),
                tuple(questions["placeholders"]),
                tuple(questions.get("templates", ())),
                tuple(questions.get("template_answers", ())),
            ),
            knowledge=KnowledgeConfig(tuple(knowledge["packs"]), tuple(knowledge["disable"])),
            baseline=data["baseline"],
            remote=RemoteConfig.from_json(data["remote"]) if "remote" in data else RemoteConfig(),
        )

    @classmethod
    def validate(cls, table: dict[str, Any]) -> Config:
        """A Config from a TOML table; raises pydantic's ValidationError (imports pydantic)."""
        from checker.config_schema import validate_config  # noqa: PLC0415 — only for new config files

        return validate_config(table)


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
        raw = read_regular_file(pyproject)
    except OSError:
        return False
    if b"cscheck" not in raw:  # however the table is spelled, its name is in the bytes
        return False
    import tomllib  # noqa: PLC0415 — most runs read their config from the cache

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    except RecursionError:  # nested too deeply to tell: load_config says so in one line
        return True
    tool = data.get("tool")
    return isinstance(tool, dict) and "cscheck" in tool


def load_config(path: Path, *, use_cache: bool = True) -> LoadedConfig:
    """Read and validate a config file; every problem is a :class:`ConfigError`."""
    try:
        data = read_regular_file(path)  # not a FIFO or /dev/zero: they would hang the run
    except OSError as error:
        raise ConfigError(f"{path}: cannot read config file: {error.strerror or error}") from None
    cache_file = _cache_file(path, data) if use_cache else None
    cached = _read_cached(cache_file) if cache_file else None
    if cached is not None:
        return LoadedConfig(cached, path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config file is not UTF-8") from None
    import tomllib  # noqa: PLC0415

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:  # tomllib has no depth limit: `x = [[[[…]]]]` 500 deep
        raise ConfigError(f"{path}: not valid TOML: nested too deeply") from None
    if path.name == "pyproject.toml":
        tool = document.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"{path}: [tool] must be a table")
        table = tool.get("cscheck", {})
        prefix = "tool.cscheck"
    elif set(document) == {"tool"} and isinstance(document["tool"], dict) and set(document["tool"]) == {"cscheck"}:
        # `[tool.cscheck]` pasted from a pyproject.toml into cscheck.toml means what it says there
        table, prefix = document["tool"]["cscheck"], "tool.cscheck"
    else:
        table, prefix = document, ""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{prefix}] must be a table")
    from pydantic import ValidationError  # noqa: PLC0415 — only when a config file is new

    from checker.config_schema import describe, error_location  # noqa: PLC0415

    try:
        config = Config.validate(table)
    except ValidationError as error:
        position = key_position(text, prefix, error_location(error))
        where = f"{path}:{position[0]}:{position[1]}" if position else str(path)
        raise ConfigError(f"{where}: {describe(error, prefix)}") from None
    if cache_file is not None:
        _write_cached(cache_file, config)
    return LoadedConfig(config, path)


def _cache_file(path: Path, data: bytes) -> tuple[Path, str]:
    """Where the validated form of these config bytes is kept: beside the config file, named by
    the bytes and this code. (The name is public knowledge; only the tag makes it ours.)"""
    schema = Path(__file__).with_name("config_schema.py")
    try:
        code = schema.read_bytes() + Path(__file__).read_bytes()
    except OSError:
        code = b""
    digest = hashlib.sha256(code + b"\0" + data).hexdigest()[:32]
    return path.parent / cachestore.FOLDER, f"config-{digest}.json"


def _read_cached(cache_file: tuple[Path, str]) -> Config | None:
    payload = cachestore.read(*cache_file)
    if payload is None:
        return None
    try:
        return Config.from_json(json.loads(payload.decode("utf-8")))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _write_cached(cache_file: tuple[Path, str], config: Config) -> None:
    """Best effort: a read-only folder only costs the next run a validation."""
    folder, name = cache_file
    cachestore.write(folder, name, json.dumps(config.to_json(), ensure_ascii=False).encode("utf-8"))


_TABLE = re.compile(r"\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"\s*((?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_.-]+)(?:\s*\.\s*(?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=")


def _dotted(text: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in text.split("."))


def key_position(text: str, prefix: str, location: Sequence[str]) -> tuple[int, int] | None:
    """1-based line and column of the key a validation error names, for ``FILE:LINE:COL``
    (None when it cannot be told: the error then names the file alone)."""
    names: list[str] = []
    for part in location:
        if part.isdigit():  # an item of a list: the key is the list's
            break
        names.append(part)
    if not names:
        return None
    wanted = ".".join(part for part in (prefix, *names) if part)
    table = ""
    header: tuple[int, int] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        found = _TABLE.match(line)
        if found and not line.lstrip().startswith("[["):
            table = _dotted(found.group(1))
            if table == wanted or (table and header is None and wanted.startswith(table + ".")):
                header = (number, line.index("[") + 1)
            continue
        key = _KEY.match(line)
        if key is None:
            continue
        full = ".".join(part for part in (table, _dotted(key.group(1))) if part)
        if full == wanted or (wanted.startswith(full + ".") and full):
            return number, key.start(1) + 1
    return header


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
    if not raw:
        return rule.Options()
    from pydantic import ValidationError  # noqa: PLC0415 — only when a rule is configured

    from checker.config_schema import describe, validate_options  # noqa: PLC0415

    try:
        return validate_options(rule.Options, raw)
    except ValidationError as error:
        raise ConfigError(f"{source}: {describe(error, f'tool.cscheck.rules.{rule.name}')}") from None


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
