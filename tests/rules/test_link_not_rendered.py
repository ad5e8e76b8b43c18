from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Case, run_case

RULE = "link-not-rendered"

CASES = [
    Case(
        "a fragment typed as the heading text: the slug it meant",
        "[HTTP의 단점](#개념 정리)\n\n## 개념 정리\n내용\n",
        expect=[(1, 1)],
        fixed="[HTTP의 단점](#개념-정리)\n\n## 개념 정리\n내용\n",
        message=("raw spaces", "not a link"),
    ),
    Case(
        "a fragment with no such heading: reported, no fix",
        "[위로](#part-1 operation system)\n",
        expect=[(1, 1)],
    ),
    Case(
        "a file with a space in its name",
        "보기: [정리](OS 정리.md) 끝\n",
        expect=[(1, 5)],
        fixed="보기: [정리](OS%20정리.md) 끝\n",
        files={"OS 정리.md": "# OS\n"},
    ),
    Case(
        "a file that does not exist either: reported, no fix",
        "[정리](my note.md)\n",
        expect=[(1, 1)],
        message=("does not exist either",),
    ),
    Case(
        "a URL with spaces and a title, in a list, a table and a quote, crlf",
        '- [a](https://e.com/Spring MVC flow.md "제목")\r\n\r\n| [b](https://e.com/a b) |\r\n|---|\r\n\r\n'
        "> [c](https://e.com/x y#z w)\r\n",
        expect=[(1, 3), (3, 3), (6, 3)],
        fixed='- [a](https://e.com/Spring%20MVC%20flow.md "제목")\r\n\r\n| [b](https://e.com/a%20b) |\r\n|---|\r\n\r\n'
        "> [c](https://e.com/x%20y#z%20w)\r\n",
    ),
    Case("angle brackets render", "[a](<my note.md>)\n", files={"my note.md": ""}),
    Case("a rendered link", "[a](a.md) [b](#c)\n\n## c\n", files={"a.md": ""}),
    Case("an image is CS303's", "![a](a b.png)\n"),
    Case("in a code span", "`[a](a b.md)`\n"),
    Case("in a fence", "```\n[a](a b.md)\n```\n"),
    Case("escaped on purpose", "\\[a](a b.md)\n"),
    Case("not a destination", "구간 [0](n - 1) 과 [x](y z)\n"),
    Case("a template", "[a]({{ site.url }}/a b)\n"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)
