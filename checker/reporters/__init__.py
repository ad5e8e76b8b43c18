"""Output formats. Each module renders the same diagnostics; only the chosen one is imported."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from checker.engine import FileReport

# format name → module under checker.reporters (imported on use: a text run loads no SARIF code)
FORMATS = {
    "text": "text",
    "concise": "concise",
    "json": "json",
}


@dataclass(frozen=True)
class ReportOptions:
    lang: str = "en"
    color: bool = False
    unsafe_fixes: bool = False  # whether unsafe fixes count as fixable in the summary
    statistics: bool = False
    command: str = "check"  # check | fix
    # For `fix`: per display path, the findings whose fixes were written.
    fixed: dict[str, int] = field(default_factory=dict)


class Renderer(Protocol):
    def __call__(self, reports: Sequence[FileReport], options: ReportOptions) -> str: ...


def renderer(name: str) -> Renderer:
    module = importlib.import_module(f"checker.reporters.{FORMATS[name]}")
    render: Renderer = module.render
    return render
