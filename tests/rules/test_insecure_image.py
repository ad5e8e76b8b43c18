from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Case, run_case

RULE = "insecure-image"

CASES = [
    Case(
        "an http image",
        "![](http://tcpschool.com/lectures/img_webbasic_10.png)\n\n<img src='HTTP://nvie.com/img/r.png'>\n",
        expect=[(1, 5), (3, 11)],
        fixed="![](https://tcpschool.com/lectures/img_webbasic_10.png)\n\n<img src='https://nvie.com/img/r.png'>\n",
        unsafe=True,
        message=("github.com shows it",),
    ),
    Case(
        "https images, http links and local addresses are not this rule's",
        "![](https://a.example/x.png) [b](http://a.example/) ![](http://localhost/x.png)\n",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)
