"""``--output-format sarif``: SARIF 2.1.0 for GitHub code scanning.

One run; ``tool.driver.rules`` describes every rule (docs from the rules themselves, ``helpUri``
pointing at the rule's section of the generated rules/README.md). Paths are URI references relative
to ``%SRCROOT%`` — the git work tree holding the working folder — and columns count UTF-16 code units
(``columnKind: utf16CodeUnits``, what GitHub assumes): ``💡`` is two columns, a Hangul syllable one.

``partialFingerprints["cscheck/v1"]`` identifies a finding across runs without line numbers: a hash
of the rule (and knowledge-entry qualifier), the path, the normalized text of the flagged line(s) and
the occurrence index among findings of that rule with the same text in the file — inserting a line
above a finding does not change it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from checker import __version__
from checker.diagnostic import Diagnostic, Severity
from checker.engine import FileReport
from checker.registry import builtin_rules
from checker.reporters import ReportOptions
from checker.reporters.common import (
    SPACE,
    fingerprint,
    homepage_url,
    line_text,
    relative_path,
    rule_url,
    severity,
    shown_location,
    source_root,
    utf16_column,
)
from checker.rule import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "cscheck/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(reports: Sequence[FileReport], options: ReportOptions) -> str:
    return json.dumps(build(reports, options), ensure_ascii=False, indent=2) + "\n"


def build(reports: Sequence[FileReport], options: ReportOptions, root: Path | None = None) -> dict[str, Any]:
    root = root or source_root()
    rules = list(builtin_rules())
    known = {rule.code for rule in rules}
    for rule in options.rules:  # a rule that is not built in (a plugin, a test double)
        if rule.code not in known:
            rules.append(rule)
            known.add(rule.code)
    descriptors = [_descriptor(rule, options.lang) for rule in rules]
    index = {rule.code: i for i, rule in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for report in reports:
        location = _artifact_location(report, root)
        seen: dict[tuple[str, ...], int] = {}
        for diagnostic in report.diagnostics:
            if diagnostic.code not in index:  # never expected: describe it minimally
                index[diagnostic.code] = len(descriptors)
                descriptors.append(_minimal_descriptor(diagnostic))
            results.append(_result(report, diagnostic, location, index[diagnostic.code], seen, options.lang))
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "cscheck",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": homepage_url(),
                "rules": descriptors,
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": root.absolute().as_uri().rstrip("/") + "/"}},
        "columnKind": "utf16CodeUnits",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


# -- rules --------------------------------------------------------------------------------------


def _section(docs: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", docs, re.MULTILINE | re.DOTALL)
    return match.group(1).strip() if match else ""


def _plain(markdown: str) -> str:
    """A Markdown paragraph as one line of plain text (code-span backticks kept: they read fine)."""
    return SPACE.sub(" ", markdown).strip()


def _descriptor(rule: type[Rule], lang: str) -> dict[str, Any]:
    docs = rule.documentation()
    summary = rule.summary.text(lang)
    what = _plain(_section(docs, "What it does")) or summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": what, "markdown": _section(docs, "What it does") or summary},
        "help": {"text": docs or summary, "markdown": docs or summary},
        "helpUri": rule_url(rule.code, rule.name),
        "defaultConfiguration": {"level": LEVELS[rule.default_severity]},
        "properties": {"tags": ["markdown", "documentation"]},
    }


def _minimal_descriptor(diagnostic: Diagnostic) -> dict[str, Any]:
    return {
        "id": diagnostic.code,
        "name": diagnostic.name,
        "shortDescription": {"text": diagnostic.name},
        "helpUri": rule_url(diagnostic.code, diagnostic.name),
    }


# -- results ------------------------------------------------------------------------------------


def _artifact_location(report: FileReport, root: Path) -> dict[str, Any]:
    relative = relative_path(report, root)
    if relative is None:
        return {"uri": report.path.absolute().as_uri()}
    # the name's bytes, percent-encoded: a name that is not UTF-8 cannot be quoted as text
    return {"uri": quote(os.fsencode(relative), safe="/"), "uriBaseId": SRCROOT}


def _region(report: FileReport, line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    return {
        "startLine": line,
        "startColumn": utf16_column(line_text(report, line), column),
        "endLine": end_line,
        "endColumn": utf16_column(line_text(report, end_line), end_column),
    }


def _result(
    report: FileReport,
    diagnostic: Diagnostic,
    artifact: dict[str, Any],
    rule_index: int,
    seen: dict[tuple[str, ...], int],
    lang: str,
) -> dict[str, Any]:
    shown = shown_location(report, diagnostic)
    region = _region(report, shown.line, shown.column, shown.end_line, shown.end_column)
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": LEVELS[severity(diagnostic)],
        "message": {"text": diagnostic.message.text(lang)},
        "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(report, diagnostic, artifact["uri"], seen)},
    }
    if diagnostic.fix is not None and report.source is not None:
        result["fixes"] = [_fix(report, diagnostic, artifact, lang)]
    return result


def _fix(report: FileReport, diagnostic: Diagnostic, artifact: dict[str, Any], lang: str) -> dict[str, Any]:
    assert diagnostic.fix is not None and report.source is not None
    lines = report.source.lines
    replacements = []
    for edit in diagnostic.fix.edits:
        line, column = lines.position(edit.start)
        end_line, end_column = lines.position(edit.end)
        replacements.append(
            {
                "deletedRegion": _region(report, line, column, end_line, end_column),
                # the file's own line endings, as `cscheck fix` would write them
                "insertedContent": {"text": report.source.raw_replacement(edit)},
            }
        )
    return {
        "description": {"text": diagnostic.fix.title.text(lang)},
        "artifactChanges": [{"artifactLocation": artifact, "replacements": replacements}],
        "properties": {"applicability": diagnostic.fix.applicability.value},
    }
