"""``--output-format json``: one shape from version 1 on, extended only by adding keys.

The models below are the contract; ``cscheck schema`` prints their JSON Schema.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from checker.diagnostic import Diagnostic, Severity
from checker.engine import FileReport
from checker.reporters import ReportOptions
from checker.reporters.common import all_diagnostics, severity, severity_counts
from checker.source import LineIndex


class _Model(BaseModel):
    # The shape is extended only by adding keys (DESIGN.md), so the published schema allows keys it
    # does not list: a consumer validating with today's schema keeps working tomorrow.
    model_config = ConfigDict(extra="ignore")


class JsonEdit(_Model):
    start_line: int
    start_column: int
    end_line: int
    end_column: int
    text: str


class JsonFix(_Model):
    applicability: Literal["safe", "unsafe", "display-only"]
    title: str
    edits: list[JsonEdit]


class JsonDiagnostic(_Model):
    code: str
    name: str
    severity: Literal["error", "warning", "info"]
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    fix: JsonFix | None


class JsonQuestion(_Model):
    text: str
    line: int
    answered: bool
    section: str | None


class JsonFile(_Model):
    path: str
    questions: list[JsonQuestion]
    diagnostics: list[JsonDiagnostic]


class JsonSummary(_Model):
    files: int
    diagnostics: int
    errors: int
    warnings: int
    info: int
    fixable: int
    by_code: dict[str, int]


class JsonOutput(_Model):
    version: Literal[1]
    files: list[JsonFile]
    summary: JsonSummary


def build(reports: Sequence[FileReport], options: ReportOptions) -> JsonOutput:
    files = []
    for report in reports:
        lines = report.source.lines if report.source is not None else None
        files.append(
            JsonFile(
                path=report.display,
                questions=[
                    JsonQuestion(text=q.text, line=q.line + 1, answered=q.answered, section=q.section)
                    for q in report.questions
                ],
                diagnostics=[_diagnostic(d, lines, options.lang) for d in report.diagnostics],
            )
        )
    counts = severity_counts(reports)
    by_code: dict[str, int] = {}
    for _, diagnostic in all_diagnostics(reports):
        by_code[diagnostic.code] = by_code.get(diagnostic.code, 0) + 1
    summary = JsonSummary(
        files=len(reports),
        diagnostics=sum(counts.values()),
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        info=counts[Severity.INFO],
        fixable=sum(
            1 for _, d in all_diagnostics(reports) if (d.fix is not None and d.fix.applies(unsafe=options.unsafe_fixes))
        ),
        by_code=dict(sorted(by_code.items())),
    )
    return JsonOutput(version=1, files=files, summary=summary)


def _diagnostic(diagnostic: Diagnostic, lines: LineIndex | None, lang: str) -> JsonDiagnostic:
    location = diagnostic.location
    assert location is not None
    fix = None
    if diagnostic.fix is not None:
        edits = []
        for edit in diagnostic.fix.edits:
            start = lines.position(edit.start) if lines else (1, 1)
            end = lines.position(edit.end) if lines else (1, 1)
            edits.append(
                JsonEdit(start_line=start[0], start_column=start[1], end_line=end[0], end_column=end[1], text=edit.text)
            )
        fix = JsonFix(
            applicability=diagnostic.fix.applicability.value,
            title=diagnostic.fix.title.text(lang),
            edits=edits,
        )
    return JsonDiagnostic(
        code=diagnostic.code,
        name=diagnostic.name,
        severity=severity(diagnostic).value,
        line=location.line,
        column=location.column,
        end_line=location.end_line,
        end_column=location.end_column,
        message=diagnostic.message.text(lang),
        fix=fix,
    )


def render(reports: Sequence[FileReport], options: ReportOptions) -> str:
    return build(reports, options).model_dump_json(indent=2) + "\n"


def json_schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of this format, generated from the models above: `cscheck schema`."""
    schema = JsonOutput.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "cscheck --output-format json",
        **{key: value for key, value in schema.items() if key != "title"},
    }
