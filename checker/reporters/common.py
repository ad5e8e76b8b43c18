"""Pieces several reporters share: counting, summaries and per-rule statistics."""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from checker.diagnostic import FILE_START, Diagnostic, Location, Severity
from checker.engine import FileReport
from checker.files import git_root
from checker.registry import builtin_rules
from checker.rule import Rule

_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` as one line safe for a terminal: line breaks become spaces, other control characters
    (an escape sequence in a note, say) U+FFFD."""
    return _CONTROL.sub("\ufffd", one_line(text))


def one_line(text: str) -> str:
    """``text`` with its line breaks turned into spaces."""
    return _LINE_BREAKS.sub(" ", text)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def all_diagnostics(reports: Sequence[FileReport]) -> Iterator[tuple[FileReport, Diagnostic]]:
    for report in reports:
        for diagnostic in report.diagnostics:
            yield report, diagnostic


def severity_counts(reports: Sequence[FileReport]) -> Counter[Severity]:
    return Counter(severity(d) for _, d in all_diagnostics(reports))


def summary_line(reports: Sequence[FileReport], lang: str, unsafe: bool, *, fix_run: bool = False) -> str:
    """The last line: counts, and what `cscheck fix` could fix. After a `fix` run, the safe fixes
    left are those it just refused (they add findings, or wait for a conflict): not offered again."""
    diagnostics = [d for _, d in all_diagnostics(reports)]
    files = len(reports)
    if not diagnostics:
        return f"문제 없음 (파일 {files}개)." if lang == "ko" else f"All checks passed ({plural(files, 'file')})."
    counts = severity_counts(reports)
    with_problems = sum(1 for r in reports if r.diagnostics)
    safe = sum(1 for d in diagnostics if (d.fix is not None and d.fix.applies(unsafe=False)))
    unsafe_only = sum(1 for d in diagnostics if (d.fix is not None and d.fix.applies(unsafe=True))) - safe
    if fix_run:
        safe = 0
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
        if diagnostic.fix is not None and diagnostic.fix.applies(unsafe=unsafe):
            fixable_codes.add(diagnostic.code)
    width = max((len(str(c)) for c in counts.values()), default=1)
    return [
        f"{count:>{width}}  {code}  {'[*]' if code in fixable_codes else '   '} {name}"
        for (code, name), count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


# -- what the CI formats share ------------------------------------------------------------------

# Used when cscheck runs from a checkout that was never installed (no distribution metadata).
DOCUMENTATION_URL = "https://github.com/cscheck/cscheck/blob/main/rules/README.md"
HOMEPAGE_URL = "https://github.com/cscheck/cscheck"


def project_urls() -> dict[str, str]:
    """``[project.urls]`` of the installed distribution (label → URL); empty when not installed."""
    from importlib import metadata  # noqa: PLC0415 — only the CI formats need it

    try:
        entries = metadata.metadata("cscheck").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return {}
    urls: dict[str, str] = {}
    for entry in entries:
        label, _, url = str(entry).partition(",")
        if url.strip():
            urls[label.strip()] = url.strip()
    return urls


def documentation_url() -> str:
    return project_urls().get("Documentation", DOCUMENTATION_URL)


def homepage_url() -> str:
    return project_urls().get("Homepage", HOMEPAGE_URL)


def rule_anchor(code: str, name: str) -> str:
    """The GitHub anchor of a rule's heading in the generated rules/README.md (``## CS401 broken-anchor``)."""
    return f"{code}-{name}".lower()


def rule_url(code: str, name: str, base: str | None = None) -> str:
    return f"{base or documentation_url()}#{rule_anchor(code, name)}"


def severity(diagnostic: Diagnostic) -> Severity:
    """The severity the engine gave the finding (one built by hand, with none, counts as an error)."""
    return diagnostic.severity or Severity.ERROR


def start(diagnostic: Diagnostic) -> tuple[int, int]:
    """1-based line and column where the finding starts."""
    location = diagnostic.location or FILE_START
    return location.line, location.column


def ran_rules(options_rules: Sequence[type[Rule]]) -> tuple[type[Rule], ...]:
    """The rules that ran, or every built-in rule when the caller did not say."""
    return tuple(options_rules) or builtin_rules()


def source_root() -> Path:
    """Where repository-relative paths start: the git work tree holding the working folder, else it."""
    here = Path.cwd()
    return git_root(here) or here


def relative_path(report: FileReport, root: Path) -> str | None:
    """The report's path relative to ``root`` with forward slashes, or None when it lies outside."""
    path = report.path if report.path.is_absolute() else Path.cwd() / report.path
    try:
        return Path(os.path.normpath(path)).relative_to(root).as_posix()
    except ValueError:
        return None


def line_text(report: FileReport, line: int) -> str:
    """The text of 1-based ``line`` (without its newline), or "" when the file has no text."""
    if report.source is None:
        return ""
    lines = report.source.lines
    if not 1 <= line <= lines.line_count:
        return ""
    return report.source.text[lines.line_start(line - 1) : lines.line_end(line - 1)]


def shown_location(report: FileReport, diagnostic: Diagnostic) -> Location:
    """The diagnostic's location, except that a span ending at the start of a line ends on the line before.

    A block finding such as a merge conflict ends just past its last newline; an annotation should not
    claim the following line.
    """
    location = diagnostic.location or FILE_START
    if location.end_line > location.line and location.end_column == 1:
        previous = location.end_line - 1
        return Location(location.line, location.column, previous, len(line_text(report, previous)) + 1)
    return location


def utf16_column(text: str, column: int) -> int:
    """A 1-based code-point column in the line ``text`` as a 1-based UTF-16 code-unit column."""
    before = text[: column - 1]
    return column + sum(1 for char in before if ord(char) > 0xFFFF)


SPACE = re.compile(r"\s+")


def fingerprint(report: FileReport, diagnostic: Diagnostic, uri: str, seen: dict[tuple[str, ...], int]) -> str:
    """Stable across runs and line moves: rule, path, flagged text, occurrence index — no line numbers."""
    location = shown_location(report, diagnostic)
    first = SPACE.sub(" ", line_text(report, location.line)).strip()
    last = SPACE.sub(" ", line_text(report, location.end_line)).strip() if location.end_line != location.line else ""
    flagged = ""
    if report.source is not None and location.end_line == location.line:
        flagged = report.source.text[diagnostic.span.start : diagnostic.span.end]
    key = (diagnostic.code, diagnostic.qualifier or "", uri, first, last, flagged)
    occurrence = seen.get(key, 0)
    seen[key] = occurrence + 1
    digest = hashlib.sha256("\0".join((*key, str(occurrence))).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]
