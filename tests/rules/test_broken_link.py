from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Case, run_case

RULE = "broken-link"

CASES = [
    Case("file exists", "[다음](./next.md) [다음](next.md)\n", files={"next.md": "# 다음\n"}),
    Case("folder exists", "[폴더](./dir/) [폴더](dir)\n", files={"dir/README.md": "# 폴더\n"}),
    Case("missing file", "[다음](./next.md)\n", expect=[(1, 6)], message=("link path `./next.md` does not exist",)),
    Case("missing folder", "[폴더](./dir/)\n", expect=[(1, 6)], message=("`./dir/` does not exist",)),
    Case("missing parent folder", "[a](./dir/a.md)\n", expect=[(1, 5)], message=("there is no folder `dir`",)),
    Case(
        "missing file keeps the fragment to CS302 only",
        "[다음](./next.md#소개)\n",
        expect=[(1, 6)],
    ),
    Case(
        "case-only mismatch",
        "[운영체제](./Operating-System.md#개요)\n",
        expect=[(1, 8)],
        fixed="[운영체제](./operating-system.md#개요)\n",
        files={"operating-system.md": "# 개요\n"},
        message=("only in letter case",),
    ),
    Case(
        "Windows path written from the repository root",
        "- [1일차](01.Network\\hsh\\21.01.21.md)\n",
        path="01.network/hsh/README.md",
        expect=[(1, 9)],
        fixed="- [1일차](./21.01.21.md)\n",
        unsafe=True,
        files={"01.network/hsh/21.01.21.md": "# 21.01.21\n"},
        message=("from this note it is `./21.01.21.md`",),
    ),
    Case(
        "a web address without a scheme",
        "> - [곰팡](gompangs.tistory.com/7)\n",
        expect=[(1, 10)],
        fixed="> - [곰팡](https://gompangs.tistory.com/7)\n",
        unsafe=True,
        message=("without `https://`",),
    ),
    Case(
        "www without a scheme",
        "[네이버](www.naver.com)\n",
        expect=[(1, 7)],
        fixed="[네이버](https://www.naver.com)\n",
        unsafe=True,
    ),
    Case("a file name that looks like a host is not a web address", "[a](notes.io)\n", expect=[(1, 5)], unsafe=True),
    Case("leaves the root", "[x](../../outside.md)\n", expect=[(1, 5)], message=("leaves the repository root",)),
    Case("GitHub pages from the root", "[이슈](../../issues) [위키](../../wiki/Home)\n"),
    Case("URLs and mail are not files", "[a](https://example.com) [b](mailto:a@b.c) [c](tel:010)\n"),
    Case("fragments alone are CS401's", "[위](#top) [x](#없음)\n"),
    Case(
        "html href",
        '<a href="./missing.md">없음</a> <a href="./here.md">있음</a>\n',
        expect=[(1, 10)],
        files={"here.md": ""},
    ),
    Case(
        "reference link in a table",
        "| 주제 | 링크 |\n|---|---|\n| 네트워크 | [보기][net] |\n\n[net]: ./Network.md\n",
        expect=[(5, 8)],
        fixed="| 주제 | 링크 |\n|---|---|\n| 네트워크 | [보기][net] |\n\n[net]: ./network.md\n",
        files={"network.md": ""},
    ),
    Case(
        "crlf, list and quote",
        "> - [a](,/a.md)\r\n> - [b](./a.md)\r\n",
        expect=[(1, 9)],
        fixed="> - [a](./a.md)\r\n> - [b](./a.md)\r\n",
        files={"a.md": ""},
    ),
    Case("images are CS301's", "![a](./missing.png)\n"),
    Case("machine paths are CS304's", "[pdf](C:\\Users\\me\\a.pdf) [b](file:///home/me/b.md)\n"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)
