from __future__ import annotations

from pathlib import Path

import pytest

from checker.api import lint_text, make_engine
from tests.helpers import Case, run_case

RULE = "private-address"

CASES = [
    Case(
        "localhost image and private links",
        "![결과](http://localhost:3000/result.png)\n\n[API](http://192.168.0.12:8080/swagger-ui.html)\n\n"
        "[a](http://127.0.0.1:8000/) [b](http://[::1]/) [c](http://10.0.0.5/) [d](http://172.20.1.1/)"
        " [e](http://0.0.0.0:8080) [f](http://169.254.169.254/latest) [g](http://app.localhost/)\n",
        expect=[(1, 7), (3, 7), (5, 5), (5, 33), (5, 52), (5, 74), (5, 98), (5, 123), (5, 158)],
        message=("commit the image",),
    ),
    Case(
        "public addresses, prose and code are fine",
        "[a](http://172.32.0.1/) [b](https://8.8.8.8/) [c](https://localhost.example.com/)\n\n"
        "http://localhost:8080 에 접속한다. `http://127.0.0.1:8000`\n\n```\n[x](http://localhost/)\n```\n",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)


def test_an_image_is_an_error_and_a_link_a_warning(tmp_path: Path) -> None:
    engine = make_engine(root=tmp_path, select=[RULE])
    found = lint_text("![](http://localhost/a.png) [b](http://localhost/)\n", engine)
    assert [str(d.severity) for d in found] == ["error", "warning"]
