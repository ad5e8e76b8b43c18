"""The pydantic side of the knowledge base: validating a pack's entries, loaded only to validate.

``checker.knowledge`` holds entries as plain dataclasses; a pack whose bytes were validated before
(see its cache) is read back without pydantic, so a run whose packs did not change never imports
it. The checks here are the contract of a pack: known keys only, regexes that compile, a source,
examples, and a fix that is consistent with its replacement.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from checker.diagnostic import Message
from checker.knowledge.entry import ID_RE, Entry
from checker.knowledge.regex_safety import required_literals, sre_parser

Kind = Literal["fact", "term"]
FixKind = Literal["safe", "unsafe", "display-only"]
SeverityName = Literal["error", "warning", "info"]


def _custom(problem: str) -> PydanticCustomError:
    # The message template is our finished sentence; braces in regex text must not be templated.
    return PydanticCustomError("knowledge", "{problem}", {"problem": problem})


def _compile(name: str, value: str | None) -> re.Pattern[str] | None:
    if value is None:
        return None
    try:
        return re.compile(value)
    except re.error as exc:
        raise _custom(f"{name} does not compile: {exc}") from None
    except (OverflowError, RecursionError, ValueError) as exc:  # pragma: no cover - exotic input
        raise _custom(f"{name} does not compile: {exc}") from None


class MessageSchema(BaseModel):
    """The finding's text in both languages cscheck speaks."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ko: str
    en: str

    @field_validator("ko", "en")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise _custom("message text is empty")
        return value.strip()


class EntrySchema(BaseModel):
    """One known error, validated when loaded so a broken pack fails loudly and early."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    kind: Kind
    pattern: str
    context: str | None = None
    context_scope: Literal["sentence", "block"] = "sentence"
    unless: str | None = None
    replace: str | None = None
    fix: FixKind | None = None
    severity: SeverityName | None = None
    guard: bool | None = None
    message: MessageSchema
    source: str
    bad: tuple[str, ...]
    fixed: tuple[str, ...] = ()
    good: tuple[str, ...]

    @field_validator("id")
    @classmethod
    def _kebab(cls, value: str) -> str:
        if not ID_RE.fullmatch(value):
            raise _custom(f"id {value!r} is not kebab-case (a-z, 0-9, single hyphens)")
        return value

    @field_validator("pattern", "context", "unless")
    @classmethod
    def _regex(cls, value: str | None, info: ValidationInfo) -> str | None:
        compiled = _compile(str(info.field_name), value)
        if compiled is not None and compiled.search("") is not None and info.field_name == "pattern":
            raise _custom("pattern matches the empty string")
        return value

    @field_validator("source")
    @classmethod
    def _source(cls, value: str) -> str:
        if not value.strip():
            raise _custom("source is empty: every entry needs a reference (RFC, standard, official doc)")
        return value.strip()

    @field_validator("bad", "good")
    @classmethod
    def _examples(cls, value: tuple[str, ...], info: Any) -> tuple[str, ...]:
        if not value:
            raise _custom(f"{info.field_name} needs at least one example")
        if any(not text.strip() for text in value):
            raise _custom(f"{info.field_name} holds an empty example")
        return value

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> EntrySchema:
        if self.replace is not None and self.fix is None:
            raise _custom("replace is set but fix is missing (safe, unsafe or display-only)")
        if self.fix is not None and self.replace is None:
            raise _custom(f"fix = {self.fix!r} but there is no replace")
        if self.replace is not None:
            _check_template(self.replace, re.compile(self.pattern))
        if self.fix in ("safe", "unsafe") and not self.fixed:
            raise _custom(f"fix = {self.fix!r} needs fixed: the bad examples after the fix")
        if self.fixed and self.replace is None:
            raise _custom("fixed is given but the entry has no replace")
        if self.fixed and len(self.fixed) != len(self.bad):
            raise _custom(f"fixed has {len(self.fixed)} examples but bad has {len(self.bad)}")
        return self

    def to_entry(self) -> Entry:
        return Entry(
            id=self.id,
            kind=self.kind,
            pattern=self.pattern,
            context=self.context,
            context_scope=self.context_scope,
            unless=self.unless,
            replace=self.replace,
            fix=self.fix,
            severity=self.severity,
            guard=self.guard,
            message=Message(self.message.ko, self.message.en),
            source=self.source,
            bad=self.bad,
            fixed=self.fixed,
            good=self.good,
            needles=required_literals(self.pattern),
        )


def _check_template(template: str, pattern: re.Pattern[str]) -> None:
    parser = sre_parser()
    parse_template = getattr(parser, "parse_template", None) if parser is not None else None
    if parse_template is None:  # pragma: no cover - a future Python without the private helper
        return
    try:
        parse_template(template, pattern)
    except (re.error, IndexError) as exc:  # IndexError: `\g<name>` naming no group of the pattern
        raise _custom(f"replace is not a valid template for pattern: {exc}") from None


def describe(exc: ValidationError) -> str:
    problems: list[str] = []
    for error in exc.errors(include_url=False):
        loc = ".".join(str(part) for part in error["loc"])
        kind = error["type"]
        if kind == "knowledge":
            problems.append(str(error["msg"]))
        elif kind == "missing":
            problems.append(f"missing required key {loc!r}")
        elif kind == "extra_forbidden":
            problems.append(f"unknown key {loc!r}")
        else:
            problems.append(f"{loc}: {error['msg']}" if loc else str(error["msg"]))
    return "; ".join(dict.fromkeys(problems))


def validate_entry(raw: dict[str, Any]) -> Entry:
    """An entry from its TOML table; raises ValidationError (see :func:`describe`)."""
    return EntrySchema.model_validate(raw).to_entry()
