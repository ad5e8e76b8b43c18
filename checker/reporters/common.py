"""Pieces several reporters share: counting, summaries and per-rule statistics."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from checker.diagnostic import Applicability, Diagnostic, Severity
from checker.engine import FileReport


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def all_diagnostics(reports: Sequence[FileReport]) -> Iterator[tuple[FileReport, Diagnostic]]:
    for report in reports:
        for diagnostic in report.diagnostics:
            yield report, diagnostic


def fixable(diagnostic: Diagnostic, unsafe: bool) -> bool:
    fix = diagnostic.fix
    if fix is None:
        return False
    return fix.applicability is Applicability.SAFE or (unsafe and fix.applicability is Applicability.UNSAFE)


def severity_counts(reports: Sequence[FileReport]) -> Counter[Severity]:
    return Counter(d.severity or Severity.ERROR for _, d in all_diagnostics(reports))


def summary_line(reports: Sequence[FileReport], lang: str, unsafe: bool) -> str:
    diagnostics = [d for _, d in all_diagnostics(reports)]
    files = len(reports)
    if not diagnostics:
        return f"문제 없음 (파일 {files}개)." if lang == "ko" else f"All checks passed ({files} files)."
    counts = severity_counts(reports)
    with_problems = sum(1 for r in reports if r.diagnostics)
    safe = sum(1 for d in diagnostics if fixable(d, unsafe=False))
    unsafe_only = sum(1 for d in diagnostics if fixable(d, unsafe=True)) - safe
    if lang == "ko":
        parts = [
            f"파일 {with_problems}개에서 문제 {len(diagnostics)}개를 찾았습니다 "
            f"(오류 {counts[Severity.ERROR]}, 경고 {counts[Severity.WARNING]}, 정보 {counts[Severity.INFO]})."
        ]
        if safe:
            parts.append(f"[*] {safe}개는 `cscheck fix`로 고칠 수 있습니다.")
        if unsafe_only:
            option = "" if unsafe else " `--unsafe-fixes`를 주면"
            parts.append(f"{unsafe_only}개는{option} 위험할 수 있는 수정으로 고칠 수 있습니다.")
        return " ".join(parts)
    parts = [
        f"Found {plural(len(diagnostics), 'problem')} in {plural(with_problems, 'file')} "
        f"({plural(counts[Severity.ERROR], 'error')}, {plural(counts[Severity.WARNING], 'warning')}, "
        f"{counts[Severity.INFO]} info)."
    ]
    if safe:
        parts.append(f"[*] {safe} fixable with `cscheck fix`.")
    if unsafe_only:
        parts.append(
            f"{unsafe_only} more fixable with `--unsafe-fixes`." if not unsafe else f"{unsafe_only} with unsafe fixes."
        )
    return " ".join(parts)


def statistics_lines(reports: Sequence[FileReport], unsafe: bool) -> list[str]:
    """One line per rule, most frequent first: count, code, name, fixable marker."""
    counts: Counter[tuple[str, str]] = Counter()
    fixable_codes: set[str] = set()
    for _, diagnostic in all_diagnostics(reports):
        counts[(diagnostic.code, diagnostic.name)] += 1
        if fixable(diagnostic, unsafe):
            fixable_codes.add(diagnostic.code)
    width = max((len(str(c)) for c in counts.values()), default=1)
    return [
        f"{count:>{width}}  {code}  {'[*]' if code in fixable_codes else '   '} {name}"
        for (code, name), count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
