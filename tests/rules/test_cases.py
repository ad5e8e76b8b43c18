"""Every rule's pass/fail/fix cases, kept as data in ``tests/rules/cases/CODE.toml``.

Each case is Markdown in, the findings (line, column and the fix each offers) and the fixed text
out, run through the public API by ``tests.helpers.run_case``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.registry import builtin_rules
from tests.helpers import CASES_DIR, Case, load_cases, run_case

CASE_FILES = sorted(CASES_DIR.glob("*.toml"))


def _all_cases() -> list[tuple[str, str, Case]]:
    found = []
    for path in CASE_FILES:
        rule, cases = load_cases(path)
        found.extend((path.stem, rule, case) for case in cases)
    return found


CASES = _all_cases()


@pytest.mark.parametrize(("code", "rule", "case"), CASES, ids=[f"{code}: {case.id}" for code, _, case in CASES])
def test_case(code: str, rule: str, case: Case, tmp_path: Path) -> None:
    run_case(rule, case, tmp_path)


def test_each_file_is_named_by_its_rules_code() -> None:
    codes = {r.name: r.code for r in builtin_rules()}
    assert CASE_FILES, f"no case files in {CASES_DIR}"
    for path in CASE_FILES:
        rule, cases = load_cases(path)
        assert codes.get(rule) == path.stem, f"{path.name} holds cases of {rule!r}"
        ids = [case.id for case in cases]
        assert len(ids) == len(set(ids)), f"{path.name}: two cases share an id"
