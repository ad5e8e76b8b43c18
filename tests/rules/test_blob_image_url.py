from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Case, run_case

RULE = "blob-image-url"
BLOB = "https://github.com/study-group/cs-notes/blob/main/img/alb.png"
RAW = "https://github.com/study-group/cs-notes/raw/main/img/alb.png"

CASES = [
    Case(
        "blob image",
        f"![alb]({BLOB})\n",
        expect=[(1, 8)],
        fixed=f"![alb]({RAW})\n",
        message=(f"use `{RAW}`",),
    ),
    Case("raw query is fine", f"![alb]({BLOB}?raw=true)\n"),
    Case("raw URL is fine", f"![alb]({RAW}) ![b](https://raw.githubusercontent.com/o/r/main/a.png)\n"),
    Case("a link to a blob page is fine", f"[소스]({BLOB})\n"),
    Case(
        "html img and reference, crlf",
        f'<img src="{BLOB}" width="300">\r\n\r\n![b][alb]\r\n\r\n[alb]: {BLOB} "그림"\r\n',
        expect=[(1, 11), (5, 8)],
        fixed=f'<img src="{RAW}" width="300">\r\n\r\n![b][alb]\r\n\r\n[alb]: {RAW} "그림"\r\n',
    ),
    Case(
        "a blob page of a note, meant as a link",
        "보기: ![네트워크](https://github.com/o/r/blob/main/network.md) 와 ![b][n]\n\n"
        "[n]: https://github.com/o/r/blob/main/os/README.md\n",
        expect=[(1, 13), (3, 6)],
        fixed="보기: [네트워크](https://github.com/o/r/blob/main/network.md) 와 [b][n]\n\n"
        "[n]: https://github.com/o/r/blob/main/os/README.md\n",
        message=("drop the `!`",),
    ),
    Case(
        "a blob page of a note in an img tag: reported, no fix",
        '<img src="https://github.com/o/r/blob/main/network.md">\n',
        expect=[(1, 11)],
    ),
    Case(
        "in a list and a quote, with another query",
        f"- ![a]({BLOB}?v=2)\n\n> ![b]({BLOB})\n",
        expect=[(1, 8), (3, 8)],
        fixed=f"- ![a]({RAW}?v=2)\n\n> ![b]({RAW})\n",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)
