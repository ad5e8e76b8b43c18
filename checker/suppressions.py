"""Suppression comments: HTML comments, invisible on GitHub, markdownlint-style.

    <!-- cscheck-disable-next-line CS501 known-error:https-port -- quoting the misconception -->
    <!-- cscheck-disable-line CS301 -->
    <!-- cscheck-disable CS201 -->  …  <!-- cscheck-enable CS201 -->
    <!-- cscheck-disable-file CS3 -->

Targets are codes, code prefixes, rule names, or ``rule:qualifier`` for one knowledge entry; no
target means every rule. Text after `` -- `` is the reason. A suppression that suppresses nothing
is reported (CS901) so stale ones do not pile up.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from checker.diagnostic import Diagnostic, Span
from checker.document import Document
from checker.selectors import selects

_DIRECTIVE = re.compile(
    r"\s*cscheck-(disable-next-line|disable-line|disable-file|disable|enable)(?=\s|$)(.*)", re.DOTALL
)


class SuppressionKind(StrEnum):
    NEXT_LINE = "disable-next-line"
    LINE = "disable-line"
    FILE = "disable-file"
    DISABLE = "disable"
    ENABLE = "enable"


@dataclass
class Suppression:
    kind: SuppressionKind
    targets: tuple[str, ...]  # empty: every rule
    reason: str | None
    span: Span  # the comment
    first_line: int  # 0-based lines the comment covers
    last_line: int
    # Filled while applying: the targets (or "" for all) that suppressed something.
    used: set[str] = field(default_factory=set)
    end_line: int | None = None  # for DISABLE: the line of the matching ENABLE


@dataclass(frozen=True)
class UnusedSuppression:
    suppression: Suppression
    target: str  # "" when the suppression names no rule


def parse_suppressions(doc: Document) -> list[Suppression]:
    """Every directive among the document's HTML comments, ranges closed by their enable."""
    found: list[Suppression] = []
    for comment in doc.comments:
        match = _DIRECTIVE.match(comment.body)
        if not match:
            continue
        rest, _, reason = match.group(2).partition(" -- ")
        targets = tuple(t for t in re.split(r"[\s,]+", rest.strip()) if t)
        found.append(
            Suppression(
                SuppressionKind(match.group(1)),
                targets,
                reason.strip() or None,
                comment.span,
                doc.lines.line_of(comment.span.start),
                doc.lines.line_of(max(comment.span.end - 1, comment.span.start)),
            )
        )
    _close_ranges(found)
    return found


def _close_ranges(suppressions: Sequence[Suppression]) -> None:
    open_ranges: list[Suppression] = []
    for suppression in suppressions:
        if suppression.kind is SuppressionKind.DISABLE:
            open_ranges.append(suppression)
        elif suppression.kind is SuppressionKind.ENABLE:
            for candidate in list(open_ranges):
                if not suppression.targets or set(candidate.targets) & set(suppression.targets):
                    candidate.end_line = suppression.first_line
                    open_ranges.remove(candidate)


def apply_suppressions(
    diagnostics: Iterable[Diagnostic], suppressions: Sequence[Suppression], doc: Document
) -> list[Diagnostic]:
    """The diagnostics no suppression covers; marks which suppressions were used.

    Linear in findings plus suppressions: findings are swept in line order past the ranges, and
    which targets of a suppression select a rule is worked out once per rule (1,000 disable/enable
    pairs, or one comment naming 8,000 targets, took tens of seconds when each finding was
    compared with every suppression and every target).
    """
    found = list(diagnostics)
    lines = [doc.lines.line_of(d.span.start) for d in found]
    whole_file: list[Suppression] = []
    by_line: dict[int, list[Suppression]] = {}
    ranges: list[Suppression] = []
    for suppression in suppressions:
        kind = suppression.kind
        if kind is SuppressionKind.FILE:
            whole_file.append(suppression)
        elif kind is SuppressionKind.NEXT_LINE:
            by_line.setdefault(suppression.last_line + 1, []).append(suppression)
        elif kind is SuppressionKind.LINE:
            for line in range(suppression.first_line, suppression.last_line + 1):
                by_line.setdefault(line, []).append(suppression)
        elif kind is SuppressionKind.DISABLE:
            ranges.append(suppression)
    ranges.sort(key=lambda r: r.first_line)
    matching: dict[tuple[int, str, str, str | None], tuple[str, ...]] = {}
    suppressed = [False] * len(found)
    active: list[tuple[float, int]] = []  # (last line covered, index into ranges): a heap
    next_range = 0
    for index in sorted(range(len(found)), key=lines.__getitem__):
        line = lines[index]
        while next_range < len(ranges) and ranges[next_range].first_line <= line:
            end = ranges[next_range].end_line
            heapq.heappush(active, (math.inf if end is None else end, next_range))
            next_range += 1
        while active and active[0][0] < line:
            heapq.heappop(active)
        covering = [*whole_file, *by_line.get(line, ()), *(ranges[i] for _, i in active)]
        diagnostic = found[index]
        for suppression in covering:
            if not suppression.targets:
                suppression.used.add("")
                suppressed[index] = True
                continue
            code, name, qualifier = diagnostic.code, diagnostic.name, diagnostic.qualifier
            key = (id(suppression), code, name, qualifier)
            if key not in matching:
                matching[key] = tuple(t for t in suppression.targets if selects((t,), code, name, qualifier))
            if matching[key]:
                suppression.used.update(matching[key])
                suppressed[index] = True
    return [d for d, hidden in zip(found, suppressed, strict=True) if not hidden]


def unused_suppressions(
    suppressions: Sequence[Suppression], enabled: Iterable[tuple[str, str]]
) -> list[UnusedSuppression]:
    """Targets that suppressed nothing, among rules that ran (``enabled``: (code, name) pairs).

    A target naming a rule that did not run this time is not reported: it may well be needed.
    """
    ran = list(enabled)
    unused: list[UnusedSuppression] = []
    for suppression in suppressions:
        if suppression.kind is SuppressionKind.ENABLE:
            continue
        if not suppression.targets:
            if "" not in suppression.used:
                unused.append(UnusedSuppression(suppression, ""))
            continue
        for target in suppression.targets:
            if target in suppression.used:
                continue
            if any(selects((target.partition(":")[0],), code, name) for code, name in ran):
                unused.append(UnusedSuppression(suppression, target))
    return unused


def unknown_targets(suppressions: Sequence[Suppression], known: Iterable[tuple[str, str]]) -> list[UnusedSuppression]:
    """Targets that name no rule at all (a typo in a suppression)."""
    rules = list(known)
    return [
        UnusedSuppression(suppression, target)
        for suppression in suppressions
        for target in suppression.targets
        if not any(selects((target.partition(":")[0],), code, name) for code, name in rules)
    ]
