"""The rule cases written as data: ``tests/rules/cases/CS401.toml`` and its siblings.

Each file holds one rule's ``[[case]]`` tables::

    [[case]]
    id = "what the case shows"
    markdown = '''
    ## 목차
    - [TCP](#tcp)
    '''
    expect = [[2, 3]]            # (line, column) where each finding starts, in order
    fix = ["unsafe"]             # each finding's fix: none, safe, unsafe or display-only
    fixed = '''…'''              # the text `cscheck fix` writes (absent: no fix applies)
    unsafe = true                # fix with --unsafe-fixes
    message = ["Closest: `#tcp`"]  # substrings of the first finding's English message
    path = "notes/note.md"       # where the note is (default note.md)
    config = { questions = { presets = ["details"] } }
    [case.files]                 # other files of the tree; { hex = "…" } for bytes
    "img/a.png" = ""

One harness runs them all through ``tests.helpers.run_case`` (positions, messages, the fixed
text, nothing fixable left, fixing twice changes nothing) and also checks each finding's fix
availability, and that it is one the rule declares.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from checker.registry import builtin_rules
from checker.rule import FixAvailability
from tests.helpers import Case, run_case

CASES = Path(__file__).with_name("cases")
RULES = {rule.code: rule for rule in builtin_rules()}
_KEYS = {"id", "markdown", "expect", "fix", "fixed", "unsafe", "message", "path", "config", "files"}


def _file(content: str | dict[str, str]) -> str | bytes:
    return bytes.fromhex(content["hex"]) if isinstance(content, dict) else content


def _case(raw: dict[str, Any]) -> Case:
    unknown = set(raw) - _KEYS
    assert not unknown, f"{raw.get('id')}: unknown keys {sorted(unknown)}"
    return Case(
        raw["id"],
        raw["markdown"],
        expect=[(line, column) for line, column in raw.get("expect", [])],
        fixed=raw.get("fixed"),
        unsafe=raw.get("unsafe", False),
        files={name: _file(content) for name, content in raw.get("files", {}).items()},
        path=raw.get("path", "note.md"),
        config=raw.get("config", {}),
        message=tuple(raw.get("message", ())),
    )


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert set(data) == {"case"}, f"{path.name}: only [[case]] tables"
        for raw in data["case"]:
            params.append(pytest.param(path.stem, raw, id=f"{path.stem}: {raw['id']}"))
    return params


@pytest.mark.parametrize(("code", "raw"), _load())
def test_case(code: str, raw: dict[str, Any], tmp_path: Path) -> None:
    rule = RULES[code]
    case = _case(raw)
    found = run_case(rule.name, case, tmp_path)
    fixes = [str(d.fix.applicability) if d.fix else "none" for d in found]
    assert fixes == raw.get("fix", []), fixes
    if rule.fix_availability is FixAvailability.NONE:
        assert set(fixes) <= {"none"}, f"{code} declares no fix"
    if rule.fix_availability is FixAvailability.ALWAYS:
        assert "none" not in fixes, f"{code} declares a fix for every finding"


def test_every_case_file_names_a_rule() -> None:
    assert {path.stem for path in CASES.glob("*.toml")} <= set(RULES)
