from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Case, run_case

RULE = "unanswered-question-list"

CASES = [
    Case(
        "all bare",
        "## 네트워크\n#### 💡 TCP란?\n#### 💡 UDP란?\n#### 💡 HTTP란?\n",
        expect=[(2, 1)],
        message=("3 questions, none answered yet",),
    ),
    Case(
        "footer after the list is not an answer",
        "#### 💡 TCP란?\n#### 💡 UDP란?\n\nrefered by https://github.com/SSAFY-CS-STUDY/\n",
        expect=[(1, 1)],
    ),
    Case("one answered", "#### 💡 TCP란?\n연결형\n#### 💡 UDP란?\n"),
    Case("a single bare question is not a list", "#### 💡 TCP란?\n"),
    Case("no questions", "# 제목\n\n본문\n"),
    Case(
        "GitHub's issue templates are forms to fill in",
        "## 무엇이 문제인가요?\n\n## 어떻게 재현하나요?\n",
        path=".github/ISSUE_TEMPLATE/bug.md",
        config={"questions": {"presets": ["heading-question"]}},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)
