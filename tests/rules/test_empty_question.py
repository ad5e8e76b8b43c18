from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Case, run_case

RULE = "empty-question"

CASES = [
    Case("marker alone", "#### 💡\n\nTCP는 연결형\n", expect=[(1, 1)]),
    Case("marker and spaces", "#### 💡   \n\n답\n", expect=[(1, 1)]),
    Case("marker with text", "#### 💡 TCP란?\n\n답\n"),
    Case(
        "empty summary",
        "<details>\n<summary> </summary>\n답\n</details>\n",
        config={"questions": {"presets": ["details"]}},
    ),
    Case(
        "empty Q.",
        "**Q.**\n\nA. 답\n",
        expect=[(1, 1)],
        config={"questions": {"presets": ["bold-q"]}},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)
