from __future__ import annotations

from pathlib import Path

import pytest

from checker.api import lint_text, make_engine
from tests.conftest import REPO
from tests.helpers import Case, run_case

RULE = "anchor-case"

CASES = [
    Case(
        "case-only mismatch",
        "- [TCP와 UDP](#TCP와-UDP)\n\n## TCP와 UDP\n",
        expect=[(1, 14)],
        fixed="- [TCP와 UDP](#tcp와-udp)\n\n## TCP와 UDP\n",
        message=("only in letter case", "github.com only"),
    ),
    Case(
        "percent-encoded, fixed as raw UTF-8",
        "[w](#Web-%EC%8A%A4%ED%86%A0%EB%A6%AC%EC%A7%80)\n\n## web 스토리지\n",
        expect=[(1, 5)],
        fixed="[w](#web-스토리지)\n\n## web 스토리지\n",
    ),
    Case(
        "emoji heading, reference link, crlf",
        "[q][q]\r\n\r\n[q]: #-TCP란\r\n\r\n#### 💡 TCP란?\r\n",
        expect=[(3, 6)],
        fixed="[q][q]\r\n\r\n[q]: #-tcp란\r\n\r\n#### 💡 TCP란?\r\n",
    ),
    Case(
        "another file",
        "[s](./web.md#Web-Storage)\n",
        expect=[(1, 5)],
        fixed="[s](./web.md#web-storage)\n",
        files={"web.md": "# Web\n\n## Web Storage\n"},
    ),
    Case(
        "explicit anchor with upper-case letters: reported, not fixed",
        '<a name="Intro"></a>\n\n[a](#Intro) [b](#intro)\n',
        expect=[(3, 5), (3, 17)],
        message=("upper-case letters",),
    ),
    Case("exact matches", '<a name="intro"></a>\n\n[a](#intro) [b](#web)\n\n## Web\n'),
    Case(
        "in a table, a list and a quote",
        "| [a](#Web) |\n|---|\n\n- [b](#Web)\n\n> [c](#Web)\n\n## web\n",
        expect=[(1, 7), (4, 7), (6, 7)],
        fixed="| [a](#web) |\n|---|\n\n- [b](#web)\n\n> [c](#web)\n\n## web\n",
    ),
    Case("a missing anchor is CS401's", "[a](#Nothing)\n\n## web\n"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)


def test_specimen_dead_anchors(tmp_path: Path) -> None:
    text = (REPO / "tests" / "fixtures" / "specimens" / "dead-anchors.md").read_text(encoding="utf-8")
    found = lint_text(text, make_engine(root=tmp_path, select=[RULE]), path="dead-anchors.md")
    assert [d.location.line for d in found if d.location] == [11]
