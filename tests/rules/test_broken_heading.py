from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Case, run_case

RULE = "broken-heading"

CASES = [
    Case("good heading", "#### 💡 질문?\n\n답\n"),
    Case(
        "missing space",
        "####💡 TCP와 UDP의 차이는?\n\n답\n",
        expect=[(1, 1)],
        fixed="#### 💡 TCP와 UDP의 차이는?\n\n답\n",
    ),
    Case("missing space, Korean", "##네트워크\n", expect=[(1, 1)], fixed="## 네트워크\n"),
    Case("crlf keeps its endings", "intro\r\n\r\n###제목\r\n", expect=[(3, 1)], fixed="intro\r\n\r\n### 제목\r\n"),
    Case("hash before a number is no heading", "#1 우선순위\n"),
    Case("preprocessor line is no heading", "#include <stdio.h>\n"),
    Case("inside a fence", "```\n####💡 예시\n```\n"),
    Case(
        "indented heading alone",
        "intro\n\n    #### 💡 질문?\n\n답\n",
        expect=[(3, 1)],
        fixed="intro\n\n#### 💡 질문?\n\n답\n",
    ),
    Case("comment in indented code is no heading", "    x = 1\n    # comment\n"),
    Case(
        "indented heading inside real code keeps no fix",
        "    int x;\n    ## 💡 질문\n",
        expect=[(2, 1)],
    ),
    Case(
        "del around the marker",
        "<del>#### 💡 Encapsulation을 설명해주세요 </del>\n\n#### 💡 다음?\n답\n",
        expect=[(1, 1)],
        message=("inside `<del>`",),
    ),
    Case("hashtag inside a list item is left alone", "- ##태그\n"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)
