"""A knowledge entry and the loaded knowledge base: plain data, validated when its pack is new
(``checker.knowledge.schema``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from checker.diagnostic import Message
from checker.knowledge.regex_code import RegexTable

Kind = Literal["fact", "term"]
FixKind = Literal["safe", "unsafe", "display-only"]
SeverityName = Literal["error", "warning", "info"]
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class KnowledgeError(Exception):
    """A broken pack: one line naming the file, the entry and the problem (exit code 2)."""


@dataclass(frozen=True)
class Entry:
    """One known error (validated by ``checker.knowledge.schema`` when its pack is new)."""

    id: str
    kind: Kind
    pattern: str
    message: Message
    source: str
    bad: tuple[str, ...]
    good: tuple[str, ...]
    context: str | None = None
    context_scope: Literal["sentence", "block"] = "sentence"
    unless: str | None = None
    replace: str | None = None
    fix: FixKind | None = None
    severity: SeverityName | None = None
    guard: bool | None = None
    fixed: tuple[str, ...] = ()
    # Lower-cased literals one of which every match contains (see :func:`required_literals`).
    needles: tuple[str, ...] | None = None
    # The shipped entries' regexes compiled ahead of time (``checker.knowledge.regex_code``).
    precompiled: RegexTable | None = field(default=None, compare=False, repr=False)
    _compiled: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)

    def _regex_for(self, name: str, source: str | None) -> re.Pattern[str] | None:
        # Compiled on first use: most entries never run on a given document.
        if source is None:
            return None
        compiled = self._compiled.get(name)
        if compiled is None:
            from_table = self.precompiled.compiled(source) if self.precompiled is not None else None
            compiled = self._compiled[name] = from_table or re.compile(source)
        return compiled

    @property
    def pattern_re(self) -> re.Pattern[str]:
        compiled = self._regex_for("pattern", self.pattern)
        assert compiled is not None
        return compiled

    @property
    def context_re(self) -> re.Pattern[str] | None:
        return self._regex_for("context", self.context)

    @property
    def unless_re(self) -> re.Pattern[str] | None:
        return self._regex_for("unless", self.unless)

    @property
    def guarded(self) -> bool:
        """Whether the built-in refutation and quiz guards apply (explicit, else by kind)."""
        return self.guard if self.guard is not None else self.kind == "fact"

    def regexes(self) -> Iterator[tuple[str, str]]:
        """The entry's regex sources by field name."""
        yield "pattern", self.pattern
        if self.context is not None:
            yield "context", self.context
        if self.unless is not None:
            yield "unless", self.unless


@dataclass(frozen=True)
class KnowledgeBase:
    """The loaded entries of every pack, in load order, with the pack each came from."""

    entries: tuple[Entry, ...] = ()
    origins: dict[str, Path] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def get(self, entry_id: str) -> Entry | None:
        return next((entry for entry in self.entries if entry.id == entry_id), None)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(entry.id for entry in self.entries)

    def select(self, *, kind: Kind | None = None, disabled: Iterable[str] = ()) -> tuple[Entry, ...]:
        skip = frozenset(disabled)
        return tuple(entry for entry in self.entries if (kind is None or entry.kind == kind) and entry.id not in skip)
