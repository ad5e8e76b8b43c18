"""The pydantic side of the configuration: validation of a config table, loaded only to validate.

``checker.config`` holds the configuration as plain frozen dataclasses, so a run whose config file
has not changed since it was last validated (see the cache in ``checker.config``) never imports
pydantic. These models mirror the dataclasses field for field and forbid unknown keys, so a typo
is one line naming the file, the key and the problem.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from checker.config import (
    DEFAULT_MAX_FILE_SIZE,
    DEFAULT_PLACEHOLDERS,
    Config,
    KnowledgeConfig,
    QuestionsConfig,
    RuleOptions,
    kebab,
    parse_size,
)
from checker.conflicts import DEFAULT_EXAMPLE_LANGUAGES
from checker.diagnostic import Severity
from checker.files import glob_error
from checker.knowledge.regex_safety import screen_regex
from checker.remote.settings import RemoteConfig, parse_duration

QuestionPreset = Literal["ssafy", "heading-question", "details", "bold-q"]


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, alias_generator=kebab, populate_by_name=True)


def _check_glob(pattern: str) -> None:
    problem = glob_error(pattern)
    if problem is not None:
        raise ValueError(f"glob {pattern!r}: {problem}")


class QuestionsSchema(_Table):
    presets: tuple[QuestionPreset, ...] = ("ssafy",)
    patterns: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = DEFAULT_PLACEHOLDERS
    templates: tuple[str, ...] = ()

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"pattern {pattern!r} does not compile: {error}") from None
            # A heading is matched against each pattern: the same screen as knowledge packs.
            verdict = screen_regex(pattern)
            if verdict is not None:
                raise ValueError(f"pattern {pattern!r} may backtrack catastrophically ({verdict})")
        return patterns


class KnowledgeSchema(_Table):
    packs: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()


class RemoteSchema(_Table):
    cache: float = RemoteConfig.cache
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    concurrency: int = Field(default=RemoteConfig.concurrency, ge=1, le=256)
    host_concurrency: int = Field(default=RemoteConfig.host_concurrency, ge=1, le=64)
    host_rate: float = Field(default=RemoteConfig.host_rate, gt=0)
    timeout: float = Field(default=RemoteConfig.timeout, gt=0)
    retries: int = Field(default=RemoteConfig.retries, ge=0, le=10)
    budget: float = Field(default=RemoteConfig.budget, gt=0)

    @field_validator("cache", "timeout", "budget", mode="before")
    @classmethod
    def _duration(cls, value: object) -> object:
        seconds = parse_duration(value) if isinstance(value, str | int | float) else None
        if seconds is None:
            raise ValueError(f"{value!r} is not a duration like 1d, 12h, 30s or 500ms")
        return seconds

    @field_validator("allow", "deny")
    @classmethod
    def _patterns(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in patterns:
            if not pattern.strip() or any(char.isspace() for char in pattern):
                raise ValueError(f"{pattern!r} is no host or URL pattern")
        return patterns

    def to_config(self) -> RemoteConfig:
        return RemoteConfig(
            self.cache,
            self.allow,
            self.deny,
            self.concurrency,
            self.host_concurrency,
            self.host_rate,
            self.timeout,
            self.retries,
            self.budget,
        )


class ConfigSchema(_Table):
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    severity: dict[str, Severity] = Field(default_factory=dict)
    lang: Literal["ko", "en"] | None = None
    max_file_size: int = Field(default=DEFAULT_MAX_FILE_SIZE, ge=0)
    conflict_example_languages: tuple[str, ...] = DEFAULT_EXAMPLE_LANGUAGES
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)
    questions: QuestionsSchema = QuestionsSchema()
    knowledge: KnowledgeSchema = KnowledgeSchema()
    baseline: str | None = None
    remote: RemoteSchema = RemoteSchema()

    @field_validator("include", "exclude")
    @classmethod
    def _globs(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in patterns:
            _check_glob(pattern)
        return patterns

    @field_validator("per_file_ignores")
    @classmethod
    def _glob_keys(cls, table: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for pattern in table:
            _check_glob(pattern)
        return table

    @field_validator("max_file_size", mode="before")
    @classmethod
    def _size(cls, value: object) -> object:
        if isinstance(value, bool):  # TOML `true` is no size (pydantic would take it as 1 byte)
            raise ValueError(f"{str(value).lower()} is not a size like 10MB or 500KiB")
        if isinstance(value, str):
            size = parse_size(value)
            if size is None:
                raise ValueError(f"{value!r} is not a size like 10MB or 500KiB")
            return size
        return value

    def to_config(self) -> Config:
        return Config(
            include=self.include,
            exclude=self.exclude,
            select=self.select,
            extend_select=self.extend_select,
            ignore=self.ignore,
            per_file_ignores=dict(self.per_file_ignores),
            severity=dict(self.severity),
            lang=self.lang,
            max_file_size=self.max_file_size,
            conflict_example_languages=self.conflict_example_languages,
            rules={key: dict(value) for key, value in self.rules.items()},
            questions=QuestionsConfig(
                self.questions.presets, self.questions.patterns, self.questions.placeholders, self.questions.templates
            ),
            knowledge=KnowledgeConfig(self.knowledge.packs, self.knowledge.disable),
            baseline=self.baseline,
            remote=self.remote.to_config(),
        )


def validate_config(table: dict[str, Any]) -> Config:
    """A validated Config; raises pydantic's ValidationError (see :func:`describe`)."""
    return ConfigSchema.model_validate(table).to_config()


def validate_options(options: type[RuleOptions], raw: dict[str, Any]) -> RuleOptions:
    """A rule's options from its config table; unknown keys and wrong types raise ValidationError."""
    validated: RuleOptions = TypeAdapter(options).validate_python(raw)
    return validated


def describe(error: ValidationError, prefix: str = "") -> str:
    """The first problem of a pydantic error as ``[table] key 'x': problem``, with the key meant
    when an unknown one is a near miss of a known one (``did you mean 'select'?``)."""
    first = error.errors()[0]
    location = [str(part) for part in first["loc"]]
    item = next((int(part) for part in location if part.isdigit()), None)
    names = [part for part in location[: location.index(str(item))]] if item is not None else location
    *tables, key = names or ["?"]
    table = ".".join(part for part in (prefix, *tables) if part)
    where = f"[{table}] " if table else ""
    if first["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
        problem = "unknown key"
        known = _known_keys(ConfigSchema, tables)
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        if tables and key in _known_keys(ConfigSchema, []):
            # `baseline = …` written after `[questions]` lands in that table: TOML's usual surprise
            problem += "; it is a top-level key: put it above the first [table]"
        elif close:
            problem += f"; did you mean '{close[0]}'?"
    elif first["type"] == "missing":
        problem = "missing required key"
    else:
        problem = str(first["msg"]).removeprefix("Value error, ")
        if "input" in first and first["type"] not in ("value_error",):
            problem += f" (got {first['input']!r})"
        if item is not None:
            problem = f"item {item + 1}: {problem}"
    return f"{where}key '{key}': {problem}"


def error_location(error: ValidationError) -> tuple[str, ...]:
    """The table path and key of the first problem (for finding its line in the file)."""
    return tuple(str(part) for part in error.errors()[0]["loc"])


def _known_keys(model: type[BaseModel], tables: list[str]) -> list[str]:
    """The kebab-case keys of the table at ``tables`` under ``model`` (none past a free-form table)."""
    for name in tables:
        field_info = next((f for f in model.model_fields.values() if f.alias == name), None)
        annotation = field_info.annotation if field_info is not None else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return [field_info.alias or name for name, field_info in model.model_fields.items()]
