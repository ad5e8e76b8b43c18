"""``--output-format markdown``: a summary for a pull-request comment, and the Actions step summary.

A headline, a table of findings per rule (with severity and a link to the rule's docs), then the
findings grouped by file. Each finding links to its line when the GitHub Actions variables
``GITHUB_SERVER_URL``, ``GITHUB_REPOSITORY`` and ``GITHUB_SHA`` are set (a comment has no base for
relative links), else it shows ``path:line``. Messages are escaped so that nothing in them renders as
Markdown or HTML, pings someone or breaks a table — except their code spans, which are kept.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from urllib.parse import quote

from checker.diagnostic import Diagnostic, Severity
from checker.engine import FileReport
from checker.reporters import ReportOptions
from checker.reporters.common import (
    all_diagnostics,
    relative_path,
    rule_url,
    severity,
    shown_location,
    source_root,
    summary_line,
)

# GitHub refuses comments longer than 65536 characters; stop listing findings well before that.
MAX_LENGTH = 60_000
_PUNCTUATION = re.compile(r"([\\`*_\[\]<>#|~!&])")
# GitHub links @user and #123 in rendered text, backslash or not: a word joiner after the sign stops it.
_MENTION = re.compile(r"([@#])(?=\w)")
_NEWLINES = re.compile(r"\r\n|\r|\n")
_TICKS = re.compile(r"`+")
_WORD_JOINER = "\u2060"
_SEVERITY_KO = {Severity.ERROR: "오류", Severity.WARNING: "경고", Severity.INFO: "정보"}


# -- escaping -----------------------------------------------------------------------------------


def _escape_plain(text: str) -> str:
    text = _PUNCTUATION.sub(r"\\\1", text)
    return _MENTION.sub(lambda m: m.group(1) + _WORD_JOINER, text)


def escape(text: str, *, table: bool = False) -> str:
    """``text`` as Markdown that renders as exactly that text, keeping its `code spans` as code.

    Newlines become spaces (a finding is one list item or one table cell); in a table, ``|`` is
    escaped inside code spans too (GFM splits cells before it reads code spans).
    """
    text = _NEWLINES.sub(" ", text)
    out: list[str] = []
    position = 0
    while position < len(text):
        opening = _TICKS.search(text, position)
        if opening is None:
            break
        closing = _TICKS.search(text, opening.end())
        while closing is not None and len(closing.group()) != len(opening.group()):
            closing = _TICKS.search(text, closing.end())
        if closing is None:  # an unmatched run of backticks is literal
            out.append(_escape_plain(text[position : opening.end()]))
            position = opening.end()
            continue
        out.append(_escape_plain(text[position : opening.start()]))
        span = text[opening.start() : closing.end()]
        out.append(span.replace("|", "\\|") if table else span)
        position = closing.end()
    out.append(_escape_plain(text[position:]))
    return "".join(out)


def code(text: str) -> str:
    """``text`` as one code span, whatever backticks it holds."""
    text = _NEWLINES.sub(" ", text)
    longest = max((len(run) for run in _TICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# -- pieces -------------------------------------------------------------------------------------


def link_base() -> str | None:
    """``{server}/{repository}/blob/{sha}/`` from the GitHub Actions environment, when it is there."""
    server = os.environ.get("GITHUB_SERVER_URL")
    repository = os.environ.get("GITHUB_REPOSITORY")
    sha = os.environ.get("GITHUB_SHA")
    if not (server and repository and sha):
        return None
    return f"{server.rstrip('/')}/{repository}/blob/{sha}/"


def _severity_name(value: Severity, lang: str) -> str:
    return _SEVERITY_KO[value] if lang == "ko" else value.value


def _headline(reports: Sequence[FileReport], options: ReportOptions) -> str:
    text = summary_line(reports, options.lang, options.unsafe_fixes, fix_run=options.command == "fix")
    icon = "❌" if any(r.failing for r in reports) else ("ℹ️" if any(r.diagnostics for r in reports) else "✅")
    return f"{icon} {escape(text)}"


def _rule_table(reports: Sequence[FileReport], options: ReportOptions) -> list[str]:
    counts: Counter[tuple[str, str, Severity]] = Counter()
    for _, diagnostic in all_diagnostics(reports):
        counts[(diagnostic.code, diagnostic.name, severity(diagnostic))] += 1
    if not counts:
        return []
    ko = options.lang == "ko"
    lines = ["| 규칙 | 심각도 | 개수 |" if ko else "| rule | severity | count |", "| --- | --- | ---: |"]
    order = sorted(counts.items(), key=lambda item: (item[0][0], list(Severity).index(item[0][2])))
    for (code_, name, level), count in order:
        rule = f"[{code_}]({rule_url(code_, name)}) {code(name)}"
        lines.append(f"| {rule} | {_severity_name(level, options.lang)} | {count} |")
    return lines


def _file_table(reports: Sequence[FileReport], options: ReportOptions, root_paths: dict[str, str]) -> list[str]:
    rows = [r for r in reports if r.diagnostics]
    if not rows:
        return []
    ko = options.lang == "ko"
    header = "| 파일 | 오류 | 경고 | 정보 |" if ko else "| file | errors | warnings | info |"
    lines = [header, "| --- | ---: | ---: | ---: |"]
    for report in rows:
        counts = Counter(severity(d) for d in report.diagnostics)
        path = code(root_paths[report.display]).replace("|", "\\|")
        lines.append(f"| {path} | {counts[Severity.ERROR]} | {counts[Severity.WARNING]} | {counts[Severity.INFO]} |")
    return lines


def _place(path: str, diagnostic: Diagnostic, report: FileReport, base: str | None) -> str:
    shown = shown_location(report, diagnostic)
    label = code(f"{path}:{shown.line}")
    if base is None:
        return label
    anchor = f"#L{shown.line}" if shown.end_line == shown.line else f"#L{shown.line}-L{shown.end_line}"
    return f"[{label}]({base}{quote(path, safe='/')}{anchor})"


def _paths(reports: Sequence[FileReport]) -> dict[str, str]:
    root = source_root()
    return {report.display: relative_path(report, root) or report.display for report in reports}


# -- the formats --------------------------------------------------------------------------------


def render(reports: Sequence[FileReport], options: ReportOptions) -> str:
    paths = _paths(reports)
    base = link_base()
    lines = ["### cscheck", "", _headline(reports, options), ""]
    table = _rule_table(reports, options)
    if table:
        lines += [*table, ""]
    length = sum(len(line) + 1 for line in lines)
    left = sum(len(r.diagnostics) for r in reports)
    for report in reports:
        if not report.diagnostics:
            continue
        block = [f"#### {code(paths[report.display])}", ""]
        for diagnostic in report.diagnostics:
            level = _severity_name(severity(diagnostic), options.lang)
            item = (
                f"- {_place(paths[report.display], diagnostic, report, base)} **{diagnostic.code}** "
                f"{code(diagnostic.name)} ({level}): {escape(diagnostic.message.text(options.lang))}"
            )
            if length + sum(len(line) + 1 for line in block) + len(item) + 1 > MAX_LENGTH:
                break
            block.append(item)
        if len(block) > 2:
            lines += [*block, ""]
            length += sum(len(line) + 1 for line in block) + 1
            left -= len(block) - 2
        if len(block) - 2 < len(report.diagnostics):
            break  # the comment is full
    if left:
        ko = options.lang == "ko"
        lines += [f"… 나머지 {left}개는 작업 로그를 보세요." if ko else f"… {left} more not shown (see the log).", ""]
    return "\n".join(lines)


def step_summary(reports: Sequence[FileReport], options: ReportOptions) -> str:
    """For ``$GITHUB_STEP_SUMMARY``: the headline, findings per rule and per file (the annotations have
    the rest)."""
    lines = ["### cscheck", "", _headline(reports, options), ""]
    for table in (_rule_table(reports, options), _file_table(reports, options, _paths(reports))):
        if table:
            lines += [*table, ""]
    return "\n".join(lines)
