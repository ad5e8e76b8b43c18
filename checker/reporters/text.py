"""The default output: each finding with its place, a short excerpt and a caret, then a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import click

from checker.diagnostic import Diagnostic, Severity
from checker.engine import FileReport
from checker.reporters import ReportOptions
from checker.reporters.common import all_diagnostics, plural, printable, severity, start, statistics_lines, summary_line

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
_EXCERPT_WIDTH = 100


def render(reports: Sequence[FileReport], options: ReportOptions) -> str:
    def style(text: str, **kwargs: object) -> str:
        return click.style(text, **kwargs) if options.color else text  # type: ignore[arg-type]

    lines: list[str] = []
    if options.statistics:
        lines.extend(statistics_lines(reports, options.unsafe_fixes))
        lines.append("")
    else:
        for report, diagnostic in all_diagnostics(reports):
            lines.extend(_finding(report, diagnostic, options, style))
    if options.command == "fix" and options.fixed:
        lines.extend(_fixed_lines(reports, options))
    if not options.quiet:
        lines.append(summary_line(reports, options.lang, options.unsafe_fixes, fix_run=options.command == "fix"))
    return "\n".join(lines) + "\n" if lines else ""


def _fixed_lines(reports: Sequence[FileReport], options: ReportOptions) -> list[str]:
    """Per file: what was fixed and what remains; then the total."""
    remaining = {report.display: len(report.diagnostics) for report in reports}
    lines = []
    for path, codes in options.fixed.items():
        counts = Counter(codes)
        detail = ", ".join(f"{code}×{n}" if n > 1 else code for code, n in sorted(counts.items()))
        left = remaining.get(path, 0)
        if options.lang == "ko":
            lines.append(f"{path}: {len(codes)}개 고침 ({detail}), {left}개 남음")
        else:
            lines.append(f"{path}: fixed {len(codes)} ({detail}), {left} remaining")
    total, files = sum(len(c) for c in options.fixed.values()), len(options.fixed)
    if options.lang == "ko":
        lines.append(f"{files}개 파일에서 {total}개를 고쳤습니다.")
    else:
        lines.append(f"Fixed {plural(total, 'problem')} in {plural(files, 'file')}.")
    return lines


def _finding(report: FileReport, diagnostic: Diagnostic, options: ReportOptions, style: object) -> list[str]:
    assert callable(style)
    line, column = start(diagnostic)
    level = severity(diagnostic)
    marker = " [*]" if (diagnostic.fix is not None and diagnostic.fix.applies(unsafe=options.unsafe_fixes)) else ""
    head = (
        f"{style(report.display, bold=True)}:{line}:{column}: "
        f"{style(diagnostic.code, fg=_COLORS[level], bold=True)}{marker} "
        f"{diagnostic.name}: {printable(diagnostic.message.text(options.lang))}"
    )
    out = [head]
    if report.source is not None and diagnostic.location is not None:
        out.extend(_excerpt(report.source.text, diagnostic, style))
    if diagnostic.fix is not None:
        label = "수정" if options.lang == "ko" else "fix"
        kind = diagnostic.fix.applicability.value
        out.append(f"    = {label} ({kind}): {diagnostic.fix.title.text(options.lang)}")
    out.append("")
    return out


def _excerpt(text: str, diagnostic: Diagnostic, style: object) -> list[str]:
    assert callable(style) and diagnostic.location is not None
    location = diagnostic.location
    lines = text.split("\n", location.line)  # only as far as needed
    if location.line - 1 >= len(lines):
        return []
    source_line = printable(lines[location.line - 1].replace("\t", " "))
    start = location.column - 1
    end = location.end_column - 1 if location.end_line == location.line else len(source_line)
    end = max(end, start + 1)
    shift = 0
    if len(source_line) > _EXCERPT_WIDTH:
        shift = max(0, min(start - 10, len(source_line) - _EXCERPT_WIDTH))
        source_line = source_line[shift : shift + _EXCERPT_WIDTH]
    number = str(location.line)
    gutter = " " * len(number)
    caret_start = start - shift
    caret_len = max(1, min(end - start, len(source_line) - caret_start))
    # East Asian wide characters take two columns: pad the caret line to match.
    pad = "".join("  " if _wide(ch) else " " for ch in source_line[:caret_start])
    carets = "".join("^^" if _wide(ch) else "^" for ch in source_line[caret_start : caret_start + caret_len]) or "^"
    return [
        f"  {gutter} |",
        f"  {number} | {source_line}",
        f"  {gutter} | {pad}{style(carets, fg='red')}",
    ]


def _wide(char: str) -> bool:
    import unicodedata  # noqa: PLC0415 — cheap, but only needed when there is an excerpt

    return unicodedata.east_asian_width(char) in ("W", "F")
