from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Case, run_case

RULE = "machine-path"

CASES = [
    Case(
        "Windows drive",
        "![vpc](C:\\Users\\study\\Desktop\\vpc.png)\n",
        expect=[(1, 8)],
        message=("a Windows drive path",),
    ),
    Case(
        "Windows drive with a committed copy: unsafe fix",
        "![vpc](C:\\Users\\study\\Desktop\\vpc.png)\n",
        expect=[(1, 8)],
        fixed="![vpc](./images/vpc.png)\n",
        unsafe=True,
        files={"images/vpc.png": b""},
        message=("The repository has `./images/vpc.png`",),
    ),
    Case(
        "a literal %2F in the committed name stays literal in the fix",
        "![a](C:\\Users\\me\\Desktop\\a%2Fb.png)\n",
        expect=[(1, 6)],
        fixed="![a](./images/a%252Fb.png)\n",
        unsafe=True,
        files={"images/a%2Fb.png": b""},
        message=("The repository has `./images/a%252Fb.png`",),
    ),
    Case(
        "two copies: no fix",
        "![vpc](D:/notes/vpc.png)\n",
        expect=[(1, 8)],
        unsafe=True,
        files={"vpc.png": b"", "img/vpc.png": b""},
    ),
    Case("file URL link", "[pdf](file:///C:/Users/a/b.pdf)\n", expect=[(1, 7)], message=("`file://` URL",)),
    Case("network share", "![a](\\\\server\\share\\a.png)\n", expect=[(1, 6)], message=("network path",)),
    Case("home folder", "![a](/Users/me/Desktop/a.png) ![b](~/a.png)\n", expect=[(1, 6), (1, 36)]),
    Case("a committed /Users folder is fine", "![a](/Users/a.png)\n", files={"Users/a.png": b""}),
    Case(
        "Typora with spaces: not even an image",
        "![image](/Users/me/Library/Application Support/typora-user-images/image-20210114.png)\n",
        expect=[(1, 10)],
        message=("typora-user-images",),
    ),
    Case(
        "Typora relative path out of the root",
        "![image](../../../Library/Application%20Support/typora-user-images/x.png)\n",
        expect=[(1, 10)],
    ),
    Case(
        "Notion export folder",
        "![Untitled](OS%20%EC%A0%95%EB%A6%AC%203a015a22840d4fb0b2dd4eefb5e3b199/Untitled.png)\n",
        expect=[(1, 13)],
        message=("Notion export",),
    ),
    Case(
        "a committed Notion export is fine",
        "![Untitled](OS%203a015a22840d4fb0b2dd4eefb5e3b199/Untitled.png)\n",
        files={"OS 3a015a22840d4fb0b2dd4eefb5e3b199/Untitled.png": b""},
    ),
    Case("html img", '<img src="C:\\Users\\a\\b.png" width="300">\n', expect=[(1, 11)]),
    Case(
        "in a table, crlf",
        "| a |\r\n|---|\r\n| ![a](C:/x/a.png) |\r\n",
        expect=[(3, 8)],
        fixed="| a |\r\n|---|\r\n| ![a](./a.png) |\r\n",
        unsafe=True,
        files={"a.png": b""},
    ),
    Case("ordinary local and remote paths", "![a](./a.png) ![b](https://example.com/Users/b.png)\n"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)
