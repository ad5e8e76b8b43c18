"""Data-driven rule cases: markdown in, findings and fixed text out (sqlfluff/textlint style).

Every case runs through the public API: ``make_engine`` with only the rule under test selected,
``lint_text`` for the findings and ``fix_text`` for the fix round trip. A fixed case also
asserts that nothing fixable is left and that fixing again changes nothing.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.api import fix_text, lint_text, make_engine
from checker.config_schema import validate_config
from checker.diagnostic import Diagnostic
from checker.document import Document
from checker.engine import Engine
from checker.fixer import choose_fixes
from checker.source import SourceText


@dataclass(frozen=True)
class Case:
    id: str
    markdown: str
    # Expected findings as (line, column) of their start, in order; all of the rule under test.
    expect: list[tuple[int, int]] = field(default_factory=list)
    # The text `cscheck fix` produces; None means no fix applies (the text stays as it is).
    fixed: str | None = None
    unsafe: bool = False
    # Other files of the tree, relative to the root (the note itself is `path`).
    files: Mapping[str, str | bytes] = field(default_factory=dict)
    path: str = "note.md"
    config: Mapping[str, Any] = field(default_factory=dict)
    # Substrings the first finding's English message must contain.
    message: tuple[str, ...] = ()
    # Each expected finding's fix: "safe", "unsafe", "display-only" or "none" (None: not checked).
    fixes: tuple[str, ...] | None = None


CASES_DIR = Path(__file__).parent / "rules" / "cases"
_EXPECTED = re.compile(r"^(\d+):(\d+) (safe|unsafe|display-only|none)$")


def load_cases(path: Path) -> tuple[str, list[Case]]:
    """A rule's cases from ``tests/rules/cases/CODE.toml``: its ``rule`` and one ``[[case]]`` a case,
    each finding expected as ``"LINE:COLUMN FIX"`` (``"3:1 safe"``)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    cases = []
    for entry in data["case"]:
        unknown = set(entry) - _CASE_KEYS
        assert not unknown, f"{path.name}: case {entry.get('id')!r} has unknown keys {sorted(unknown)}"
        expected = []
        for finding in entry.get("expect", []):
            match = _EXPECTED.match(finding)
            assert match, f"{path.name}: case {entry['id']!r}: {finding!r} is not 'LINE:COLUMN safe|unsafe|display-only|none'"
            expected.append(match.groups())
        cases.append(
            Case(
                entry["id"],
                entry["markdown"],
                expect=[(int(line), int(column)) for line, column, _ in expected],
                fixed=entry.get("fixed"),
                unsafe=entry.get("unsafe", False),
                files=entry.get("files", {}),
                path=entry.get("path", "note.md"),
                config=entry.get("config", {}),
                message=tuple(entry.get("message", ())),
                fixes=tuple(fix for _, _, fix in expected),
            )
        )
    return data["rule"], cases


_CASE_KEYS = frozenset({"id", "markdown", "expect", "fixed", "unsafe", "files", "path", "config", "message"})


def run_case(rule: str, case: Case, root: Path) -> list[Diagnostic]:
    for name, content in case.files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    (root / case.path).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(validate_config(dict(case.config)), root=root, select=[rule])
    found = lint_text(case.markdown, engine, path=case.path)
    assert [(d.location.line, d.location.column) for d in found if d.location] == case.expect, [
        (d.code, d.location, d.message.en) for d in found
    ]
    for text in case.message:
        assert found, "expected a finding to check its message"
        assert text in found[0].message.en, found[0].message.en
    if case.fixes is not None:
        assert [fix_of(d) for d in found if d.location] == list(case.fixes), "each finding's fix"
    outcome = fix_text(case.markdown, engine, path=case.path, unsafe=case.unsafe)
    assert outcome.error is None, outcome.error
    if case.fixed is None:
        assert outcome.final.raw == case.markdown, "no fix was expected"
        return found
    assert outcome.final.raw == case.fixed
    left = lint_text(outcome.final.raw, engine, path=case.path)
    assert not [d for d in left if (d.fix is not None and d.fix.applies(unsafe=case.unsafe))], "fixable findings remain after fixing"
    again = fix_text(outcome.final.raw, engine, path=case.path, unsafe=case.unsafe)
    assert again.final.raw == outcome.final.raw, "fixing twice changed the text again"
    return found


def fix_of(diagnostic: Diagnostic) -> str:
    """What fix a finding offers: its applicability, or "none"."""
    return "none" if diagnostic.fix is None else str(diagnostic.fix.applicability)


def assert_one_pass_touches_only_its_spans(source: SourceText, diagnostics: list[Diagnostic]) -> None:
    """Applying one pass's chosen fixes copies every character outside their edits."""
    chosen = choose_fixes([d for d in diagnostics if (d.fix is not None and d.fix.applies(unsafe=True))])
    edits = sorted((e for d in chosen if d.fix for e in d.fix.edits), key=lambda e: (e.start, e.end))
    fixed = source.apply(edits)
    raw_cursor, fixed_cursor = 0, 0
    for edit in edits:
        start, end = source.raw_offset(edit.start), source.raw_offset(edit.end)
        gap = source.raw[raw_cursor:start]
        assert fixed[fixed_cursor : fixed_cursor + len(gap)] == gap
        fixed_cursor += len(gap)
        replacement = edit.text.replace("\n", source.ending_at(edit.start)) if "\n" in edit.text else edit.text
        assert fixed[fixed_cursor:].startswith(replacement)
        fixed_cursor += len(replacement)
        raw_cursor = end
    assert fixed[fixed_cursor:] == source.raw[raw_cursor:]


def lint_strictly(engine: Engine, doc: Document) -> list[Diagnostic]:
    """``engine.lint`` for a test: a rule that raises fails the test instead of becoming an
    internal error of the run."""
    errors: list[str] = []
    found = engine.lint(doc, errors)
    assert not errors, errors
    return found
