"""Output formats. Each module renders the same diagnostics; only the chosen one is imported."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from checker.engine import FileReport
from checker.rule import Rule

# The output formats, each a module under checker.reporters of that name (imported on use: a
# text run loads no SARIF code). The one list: `--output-format` offers these.
FORMATS = ("text", "concise", "json", "sarif", "github", "junit", "markdown")


@dataclass(frozen=True)
class ReportOptions:
    lang: str = "en"
    color: bool = False
    unsafe_fixes: bool = False  # whether unsafe fixes count as fixable in the summary
    statistics: bool = False
    command: str = "check"  # check | fix
    # For `fix`: per display path, the codes of the findings whose fixes were written.
    fixed: dict[str, list[str]] = field(default_factory=dict)
    # The rules that ran (JUnit has a test case per rule); empty means every built-in rule.
    rules: tuple[type[Rule], ...] = ()
    quiet: bool = False  # no summary line (text and concise)


class Renderer(Protocol):
    def __call__(self, reports: Sequence[FileReport], options: ReportOptions) -> str: ...


def renderer(name: str) -> Renderer:
    """The format's ``render``, given the reports sorted by path (every format lists files in one order)."""
    if name not in FORMATS:
        raise ValueError(f"no output format {name!r}")
    module = importlib.import_module(f"checker.reporters.{name}")
    render: Renderer = module.render

    def sorted_render(reports: Sequence[FileReport], options: ReportOptions) -> str:
        return render(sorted(reports, key=lambda report: report.display), options)

    return sorted_render
