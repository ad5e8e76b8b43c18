"""The Rule base class and the Context: what a rule may ask for besides the document.

A rule is one small class in its own module under ``rules/``: metadata, an ``Options`` model and
a ``check`` generator. It never reads configuration files, never sets a path, a line number or
the final severity: the engine does all of that.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from checker.config import Config, NoOptions, RuleOptions
from checker.diagnostic import Diagnostic, Fix, Message, Severity, Span
from checker.workspace import Workspace

if TYPE_CHECKING:
    from checker.document import Document
    from checker.knowledge import KnowledgeBase
    from checker.remote.results import RemoteResults
    from checker.source import FileProblem
    from checker.suppressions import UnusedSuppression


class FixAvailability(StrEnum):
    NONE = "none"
    SOMETIMES = "sometimes"
    ALWAYS = "always"


class Context:
    """Everything a rule may consult besides its document; shared by all files of a run."""

    def __init__(
        self,
        root: Path,
        config: Config,
        workspace: Workspace,
        load_knowledge: Callable[[], KnowledgeBase],
    ) -> None:
        self.root = root
        self.config = config
        self.workspace = workspace
        self._load_knowledge = load_knowledge
        self.remote: RemoteResults | None = None  # what `check --remote` found for each URL

    @cached_property
    def knowledge(self) -> KnowledgeBase:
        """The knowledge packs (shipped and configured), loaded on first use."""
        return self._load_knowledge()


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
    # True when the rule's fixes may apply while the file holds a merge conflict (the conflict
    # rule's own resolution): every other fix would edit one side of it.
    fixes_in_conflict: ClassVar[bool] = False
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
