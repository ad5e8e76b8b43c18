"""Each config key and knowledge-entry field is declared in a dataclass and mirrored by a pydantic
schema (and, for the config, by the cache's JSON form): these tests keep the declarations in step,
and exercise per-rule options (``[tool.cscheck.rules.<rule>]``) with a rule that has one."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from checker.config import Config, ConfigError, KnowledgeConfig, QuestionsConfig, RuleOptions, kebab
from checker.config_schema import ConfigSchema, KnowledgeSchema, QuestionsSchema, RemoteSchema, validate_config
from checker.diagnostic import Diagnostic
from checker.document import Document
from checker.knowledge.entry import Entry
from checker.knowledge.schema import EntrySchema
from checker.registry import select_rules
from checker.remote.settings import RemoteConfig
from checker.rule import Context, Rule


def _fields(cls: type) -> set[str]:
    return {field.name for field in dataclasses.fields(cls) if not field.name.startswith("_")}


@pytest.mark.parametrize(
    ("dataclass", "schema", "derived"),
    [
        (Config, ConfigSchema, set()),
        (QuestionsConfig, QuestionsSchema, {"template_answers"}),  # read from `templates`, not configured
        (KnowledgeConfig, KnowledgeSchema, set()),
        (RemoteConfig, RemoteSchema, set()),
        # needles: computed from the pattern when a pack is validated; precompiled: the shipped regexes
        (Entry, EntrySchema, {"needles", "precompiled"}),
    ],
)
def test_schema_declares_every_field(dataclass: type, schema: type[BaseModel], derived: set[str]) -> None:
    assert set(schema.model_fields) == _fields(dataclass) - derived


def test_every_config_key_survives_the_cache() -> None:
    """A key missing from Config.from_json would make every run validate again (or lose it)."""
    table: dict[str, Any] = {
        "include": ["notes/**"],
        "exclude": ["drafts/**"],
        "select": ["CS1"],
        "extend-select": ["CS3"],
        "ignore": ["CS305"],
        "per-file-ignores": {"a.md": ["CS101"]},
        "severity": {"CS301": "warning"},
        "lang": "ko",
        "max-file-size": "2MB",
        "conflict-example-languages": ["diff"],
        "rules": {"broken-link": {}},
        "questions": {"presets": ["details"], "patterns": ["^Q:"], "placeholders": ["TBD"], "templates": ["t.md"]},
        "knowledge": {"packs": ["p.toml"], "disable": ["https-port"]},
        "baseline": "cscheck-baseline.json",
        "remote": {
            "cache": "12h",
            "allow": ["intranet.example"],
            "deny": ["tracker.example"],
            "concurrency": 4,
            "host-concurrency": 1,
            "host-rate": 2.0,
            "timeout": "5s",
            "retries": 1,
            "budget": "60s",
        },
    }
    assert {key.replace("-", "_") for key in table} == _fields(Config)
    config = validate_config(table)
    assert Config.from_json(config.to_json()) == config
    assert all(getattr(config, name) != getattr(Config(), name) for name in _fields(Config))
    assert {key.replace("-", "_") for key in table["remote"]} == _fields(RemoteConfig)
    assert all(getattr(config.remote, name) != getattr(RemoteConfig(), name) for name in _fields(RemoteConfig))


@dataclasses.dataclass(frozen=True)
class _DepthOptions(RuleOptions):
    max_depth: int = 3


class _DeepHeading(Rule):
    """A rule with one option, as a rule author would declare it."""

    code = "CS999"
    name = "deep-heading"
    Options = _DepthOptions

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        return iter(())


def test_a_rule_option_is_read_from_its_table() -> None:
    config = validate_config({"rules": {"deep-heading": {"max-depth": 5}}})
    (rule,) = select_rules(config, [_DeepHeading]).rules
    assert rule.options == _DepthOptions(max_depth=5)
    (default,) = select_rules(Config(), [_DeepHeading]).rules
    assert default.options == _DepthOptions()


@pytest.mark.parametrize(
    ("table", "problem"),
    [({"max-deepth": 5}, "max-deepth"), ({"max-depth": "deep"}, "max-depth")],
)
def test_a_bad_rule_option_is_one_line(table: dict[str, Any], problem: str) -> None:
    config = validate_config({"rules": {"CS999": table}})
    with pytest.raises(ConfigError) as raised:
        select_rules(config, [_DeepHeading], source="cscheck.toml")
    message = str(raised.value)
    assert message.startswith("cscheck.toml: ") and problem in message and "\n" not in message
    assert kebab("max_depth") == "max-depth"
