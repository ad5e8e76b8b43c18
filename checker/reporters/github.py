"""``--output-format github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=F,line=L,endLine=L2,col=C,endColumn=C2,title=CS401 broken-anchor::message`` —
``::warning`` and ``::notice`` for warnings and info. Escaping is the Actions toolkit's: ``%``, CR and
LF in the message; also ``:`` and ``,`` in property values. Columns count UTF-16 code units (as the
SARIF output does) and ``endColumn`` is inclusive (the column of the last character, as the checks
API reads it); a finding spanning lines gives its lines only, since annotations take columns on a
single line only. ``file`` is relative to the git work tree holding the working folder (GitHub matches
it against the repository), or as displayed for a file outside it.

When ``GITHUB_STEP_SUMMARY`` names a file, a Markdown summary (findings per rule and per file) is
appended to it — the job's summary page.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from checker.diagnostic import Diagnostic, Severity
from checker.engine import FileReport
from checker.reporters import ReportOptions
from checker.reporters.common import line_text, relative_path, severity, shown_location, source_root, utf16_column

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(report: FileReport, diagnostic: Diagnostic, lang: str, path: str | None = None) -> str:
    """The workflow command for one finding; ``path`` is the file relative to the repository (the default:
    as displayed)."""
    shown = shown_location(report, diagnostic)
    properties = [("file", path or report.display), ("line", str(shown.line))]
    if shown.end_line != shown.line:
        properties.append(("endLine", str(shown.end_line)))
    elif report.source is not None:
        text = line_text(report, shown.line)
        start = utf16_column(text, shown.column)
        end = max(start, utf16_column(text, shown.end_column) - 1)
        properties += [("endLine", str(shown.line)), ("col", str(start)), ("endColumn", str(end))]
    properties.append(("title", f"{diagnostic.code} {diagnostic.name}"))
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[severity(diagnostic)]} {joined}::{escape_data(diagnostic.message.text(lang))}"


def render(reports: Sequence[FileReport], options: ReportOptions) -> str:
    root = source_root()
    lines: list[str] = []
    for report in reports:
        path = relative_path(report, root) or report.display
        lines.extend(command(report, d, options.lang, path) for d in report.diagnostics)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        from checker.reporters.markdown import step_summary  # noqa: PLC0415

        try:
            with open(summary_file, "a", encoding="utf-8") as handle:
                handle.write(step_summary(reports, options))
        except OSError as error:
            print(f"cscheck: warning: cannot write the step summary to {summary_file}: {error}", file=sys.stderr)
    return "".join(line + "\n" for line in lines)
