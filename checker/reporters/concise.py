"""One line per finding: ``path:line:col: CODE [*] name: message``."""

from __future__ import annotations

from collections.abc import Sequence

from checker.engine import FileReport
from checker.reporters import ReportOptions
from checker.reporters.common import all_diagnostics, printable, start, statistics_lines, summary_line


def render(reports: Sequence[FileReport], options: ReportOptions) -> str:
    if options.statistics:
        lines = statistics_lines(reports, options.unsafe_fixes)
    else:
        lines = []
        for report, d in all_diagnostics(reports):
            line, column = start(d)
            marker = " [*]" if (d.fix is not None and d.fix.applies(unsafe=options.unsafe_fixes)) else ""
            message = printable(d.message.text(options.lang))
            lines.append(f"{report.display}:{line}:{column}: {d.code}{marker} {d.name}: {message}")
    if not options.quiet:
        lines.append(summary_line(reports, options.lang, options.unsafe_fixes, fix_run=options.command == "fix"))
    return "\n".join(lines) + "\n" if lines else ""
