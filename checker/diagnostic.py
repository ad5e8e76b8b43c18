"""What a rule reports and how a fix is expressed.

Positions inside the engine are code-point offsets into the document text (half-open spans);
1-based lines and columns exist only at the edges (:class:`Location`, reporters, JSON).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of code-point offsets into the document text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def overlaps(self, other: Span) -> bool:
        """True when the spans share a character, or are the same empty insertion point."""
        if self.start == self.end or other.start == other.end:
            return self.start == other.start or (self.start < other.end and other.start < self.end)
        return self.start < other.end and other.start < self.end

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end


class Severity(StrEnum):
    """How much a finding matters; only ``info`` never fails a run."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def fails(self) -> bool:
        return self is not Severity.INFO


class Applicability(StrEnum):
    """Whether ``cscheck fix`` may apply a fix (ruff's model)."""

    SAFE = "safe"  # applied by `cscheck fix`
    UNSAFE = "unsafe"  # applied only with --unsafe-fixes: may change what the author meant
    DISPLAY_ONLY = "display-only"  # shown as a suggestion, never applied


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``[start, end)`` of the document text with ``text``."""

    start: int
    end: int
    text: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad edit {self.start}..{self.end}")

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @classmethod
    def replace(cls, span: Span, text: str) -> Edit:
        return cls(span.start, span.end, text)

    @classmethod
    def insert(cls, at: int, text: str) -> Edit:
        return cls(at, at, text)

    @classmethod
    def delete(cls, span: Span) -> Edit:
        return cls(span.start, span.end, "")


@dataclass(frozen=True, slots=True)
class Fix:
    """One diagnostic's fix: a few non-overlapping edits applied together, or not at all."""

    edits: tuple[Edit, ...]
    applicability: Applicability
    title: Message

    def __post_init__(self) -> None:
        if not self.edits:
            raise ValueError("a fix needs at least one edit")
        ordered = tuple(sorted(self.edits, key=lambda e: (e.start, e.end)))
        for before, after in pairwise(ordered):
            if before.end > after.start:
                raise ValueError("the edits of one fix overlap")
        object.__setattr__(self, "edits", ordered)

    @property
    def span(self) -> Span:
        return Span(self.edits[0].start, max(e.end for e in self.edits))

    def applies(self, *, unsafe: bool) -> bool:
        """Whether ``cscheck fix`` applies it: safe fixes always, unsafe ones with ``--unsafe-fixes``."""
        return self.applicability is Applicability.SAFE or (unsafe and self.applicability is Applicability.UNSAFE)

    @classmethod
    def safe(cls, title: Message, *edits: Edit) -> Fix:
        return cls(edits, Applicability.SAFE, title)

    @classmethod
    def unsafe(cls, title: Message, *edits: Edit) -> Fix:
        return cls(edits, Applicability.UNSAFE, title)

    @classmethod
    def display_only(cls, title: Message, *edits: Edit) -> Fix:
        return cls(edits, Applicability.DISPLAY_ONLY, title)


@dataclass(frozen=True, slots=True)
class Message:
    """A message in both languages cscheck speaks; reporters pick one."""

    ko: str
    en: str

    def text(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


@dataclass(frozen=True, slots=True)
class Location:
    """1-based line and column (in code points) of a span's start and end."""

    line: int
    column: int
    end_line: int
    end_column: int


# Where a finding about the file as a whole is shown (and one no engine has placed yet).
FILE_START = Location(1, 1, 1, 1)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding. Rules fill code, name, span, message, fix; the engine fills the rest."""

    code: str
    name: str
    span: Span
    message: Message
    fix: Fix | None = None
    # A rule may suggest a severity (a knowledge entry's); the engine decides the final one.
    severity: Severity | None = None
    # A finer name inside the rule that suppressions and config can target, e.g. a knowledge entry
    # id: `known-error:https-port`.
    qualifier: str | None = None
    location: Location | None = field(default=None, compare=False)
