from __future__ import annotations

from pathlib import Path

import pytest

from checker.api import lint_text, make_engine
from tests.helpers import Case, run_case

RULE = "image-not-rendered"

CASES = [
    Case(
        "raw spaces, file exists",
        "![3-way handshake](3way handshake.png)\n",
        expect=[(1, 1)],
        fixed="![3-way handshake](3way%20handshake.png)\n",
        files={"3way handshake.png": b""},
        message=("raw spaces",),
    ),
    Case(
        "raw spaces, file missing: reported, not fixed",
        "앞 ![a](my image.png) 뒤\n",
        expect=[(1, 3)],
        message=("does not exist either",),
    ),
    Case(
        "URL with a space and a title",
        '![a](https://example.com/my pic.png "제목")\n',
        expect=[(1, 1)],
        fixed='![a](https://example.com/my%20pic.png "제목")\n',
    ),
    Case(
        "in a heading, a table cell, a list and a quote",
        "## ![i](a b.png) 제목\n\n| ![t](a b.png) | x |\n|---|---|\n\n- ![l](a b.png)\n\n> ![q](a b.png)\n",
        expect=[(1, 4), (3, 3), (6, 3), (8, 3)],
        fixed=(
            "## ![i](a%20b.png) 제목\n\n| ![t](a%20b.png) | x |\n|---|---|\n\n- ![l](a%20b.png)\n\n> ![q](a%20b.png)\n"
        ),
        files={"a b.png": b""},
    ),
    Case(
        "two on a line, crlf",
        "![a](a b.png) ![b](c d.png)\r\n끝\r\n",
        expect=[(1, 1), (1, 15)],
        fixed="![a](a%20b.png) ![b](c%20d.png)\r\n끝\r\n",
        files={"a b.png": b"", "c d.png": b""},
    ),
    Case("angle brackets render", "![a](<a b.png>)\n", files={"a b.png": b""}),
    Case("no spaces: a rendered image", "![a](a.png)\n"),
    Case("a site generator's template", "![a]({{ site.baseurl }}/img/a.png)\n"),
    Case("in a code span", "`![a](a b.png)`\n"),
    Case("in a fence", "```\n![a](a b.png)\n```\n"),
    Case("escaped on purpose", "\\![a](a b.png)\n"),
    Case("a link, not an image", "[a](a b.md)\n"),
    Case(
        "a machine path with spaces is CS304's",
        "![](/Users/me/Library/Application Support/typora-user-images/image-1.png)\n",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)


def test_fix_touches_only_the_destination(tmp_path: Path) -> None:
    (tmp_path / "my pic.png").write_bytes(b"")
    text = "> 1. 글 ![그 림](  my pic.png   'a b'  ) 끝  \n"
    engine = make_engine(root=tmp_path, select=[RULE])
    (finding,) = lint_text(text, engine)
    assert finding.fix is not None
    (edit,) = finding.fix.edits
    assert text[edit.start : edit.end] == "my pic.png"
    assert edit.text == "my%20pic.png"
