"""The pydantic side of the configuration: validation of a config table, loaded only to validate.

``checker.config`` holds the configuration as plain frozen dataclasses, so a run whose config file
has not changed since it was last validated (see the cache in ``checker.config``) never imports
pydantic. These models mirror the dataclasses field for field and forbid unknown keys, so a typo
is one line naming the file, the key and the problem.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from checker.config import (
    DEFAULT_MAX_FILE_SIZE,
    DEFAULT_PLACEHOLDERS,
    Config,
    KnowledgeConfig,
    QuestionsConfig,
    parse_size,
)
from checker.conflicts import DEFAULT_EXAMPLE_LANGUAGES
from checker.diagnostic import Severity
from checker.rule import RuleOptions, kebab

QuestionPreset = Literal["ssafy", "heading-question", "details", "bold-q"]


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, alias_generator=kebab, populate_by_name=True)


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
        return patterns


class KnowledgeSchema(_Table):
    packs: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()


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

    @field_validator("max_file_size", mode="before")
    @classmethod
    def _size(cls, value: object) -> object:
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
        )


def validate_config(table: dict[str, Any]) -> Config:
    """A validated Config; raises pydantic's ValidationError (see :func:`describe`)."""
    return ConfigSchema.model_validate(table).to_config()


def validate_options(options: type[RuleOptions], raw: dict[str, Any]) -> RuleOptions:
    """A rule's options from its config table; unknown keys and wrong types raise ValidationError."""
    validated: RuleOptions = TypeAdapter(options).validate_python(raw)
    return validated


def describe(error: ValidationError, prefix: str = "") -> str:
    """The first problem of a pydantic error as ``[table] key 'x': problem``."""
    first = error.errors()[0]
    location = [str(part) for part in first["loc"]]
    *tables, key = location or ["?"]
    table = ".".join(part for part in (prefix, *tables) if part)
    where = f"[{table}] " if table else ""
    if first["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
        problem = "unknown key"
    elif first["type"] == "missing":
        problem = "missing required key"
    else:
        problem = str(first["msg"]).removeprefix("Value error, ")
        if "input" in first and first["type"] not in ("value_error",):
            problem += f" (got {first['input']!r})"
    return f"{where}key '{key}': {problem}"
