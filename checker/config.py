"""Configuration: the settings of ``[tool.cscheck]`` as plain frozen dataclasses, and their defaults.

Keys are kebab-case in TOML, as in ruff; ``checker.config_file`` finds, reads, validates
(``checker.config_schema``) and caches a config file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Literal

from checker.conflicts import DEFAULT_EXAMPLE_LANGUAGES
from checker.diagnostic import Severity
from checker.remote.settings import RemoteConfig

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


def kebab(name: str) -> str:
    return name.replace("_", "-")


@dataclass(frozen=True)
class RuleOptions:
    """Base of every rule's options: a frozen dataclass, validated by pydantic from the config.

    Subclasses are ``@dataclass(frozen=True)`` with defaults; TOML keys are kebab-case and
    unknown keys are rejected. A rule's defaults cost no pydantic import.
    """

    __pydantic_config__: ClassVar[dict[str, Any]] = {
        "extra": "forbid",
        "alias_generator": kebab,
        "populate_by_name": True,
    }


@dataclass(frozen=True)
class NoOptions(RuleOptions):
    pass


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


def default_lang(environ: Mapping[str, str] = os.environ) -> Literal["ko", "en"]:
    """Korean when the locale says so, else English."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(variable)
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"
