"""The Rule base class and what a rule may ask for besides the document.

A rule is one small class in its own module under ``rules/``: metadata, an ``Options`` model and
a ``check`` generator. It never reads configuration files, never sets a path, a line number or
the final severity: the engine does all of that.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from checker.diagnostic import Diagnostic, Fix, Message, Severity, Span

if TYPE_CHECKING:
    from checker.context import Context
    from checker.document import Document
    from checker.source import FileProblem
    from checker.suppressions import UnusedSuppression


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


class FixAvailability(StrEnum):
    NONE = "none"
    SOMETIMES = "sometimes"
    ALWAYS = "always"


_CODE = re.compile(r"CS\d{3}")
_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


class Rule:
    """A check over one document. Subclasses set the class attributes and implement ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[Message]
    default_severity: ClassVar[Severity] = Severity.ERROR
    fix_availability: ClassVar[FixAvailability] = FixAvailability.NONE
    Options: ClassVar[type[RuleOptions]] = NoOptions
    # True when findings depend on other files or on what exists on disk (never cached).
    reads_workspace: ClassVar[bool] = False
    # True when the rule reads the whole file, conflict sides included (the ours view is not for it).
    sees_conflicts: ClassVar[bool] = False
    # True when the rule reads the knowledge packs (`ctx.knowledge`): they are loaded before the run.
    uses_knowledge: ClassVar[bool] = False
    # True when the rule reads what `check --remote` fetched (`ctx.remote`): it runs only then.
    needs_network: ClassVar[bool] = False

    def __init__(self, options: RuleOptions | None = None) -> None:
        self.options: Any = options if options is not None else self.Options()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__ and not _CODE.fullmatch(cls.code):
            raise TypeError(f"{cls.__name__}: rule code {cls.code!r} is not CS + 3 digits")
        if "name" in cls.__dict__ and not _NAME.fullmatch(cls.name):
            raise TypeError(f"{cls.__name__}: rule name {cls.name!r} is not kebab-case")

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        raise NotImplementedError

    def diagnostic(
        self,
        span: Span,
        message: Message,
        fix: Fix | None = None,
        *,
        severity: Severity | None = None,
        qualifier: str | None = None,
    ) -> Diagnostic:
        return Diagnostic(self.code, self.name, span, message, fix, severity, qualifier)

    @classmethod
    def documentation(cls, lang: str = "en") -> str:
        """The rule's docs: its class docstring, dedented; in Korean, the ``<module>.ko.md`` file
        beside the rule's module (empty when there is none: a test requires one for every rule)."""
        if lang == "ko":
            import sys  # noqa: PLC0415 — only `cscheck rule` and the docs generator need these
            from pathlib import Path  # noqa: PLC0415

            module = sys.modules[cls.__module__].__file__ or ""
            try:
                return Path(module).with_suffix(".ko.md").read_text(encoding="utf-8").strip()
            except OSError:
                return ""
        import inspect  # noqa: PLC0415

        return inspect.cleandoc(cls.__doc__ or "")


class FileRule(Rule):
    """A rule about the file itself (unreadable, too large, binary, undecodable).

    It runs before any parsing and only sees why the file could not be read as text.
    """

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        return iter(())

    def check_file(self, problem: FileProblem, ctx: Context) -> Iterator[Diagnostic]:
        raise NotImplementedError


class SuppressionRule(Rule):
    """A rule about the suppression comments themselves, run after every other rule."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        return iter(())

    def check_suppressions(
        self,
        unused: Sequence[UnusedSuppression],
        unknown: Sequence[UnusedSuppression],
        doc: Document,
        ctx: Context,
    ) -> Iterator[Diagnostic]:
        raise NotImplementedError
