from __future__ import annotations

from pathlib import Path

import pytest

from checker.api import fix_text, lint_text, make_engine
from tests.conftest import REPO
from tests.helpers import Case, run_case

RULE = "broken-anchor"

TOC = "## 목차\n- [TCP와 UDP](#tcp와-udp)\n- [질문](#-3-way-handshake란)\n\n## TCP와 UDP\n#### 💡 3-way handshake란?\n"

CASES = [
    Case("Korean and emoji headings", TOC),
    Case(
        "duplicate headings get suffixes",
        "[1](#-질문) [2](#-질문-1) [3](#-질문-2)\n\n#### 💡 질문\n#### 💡 질문\n",
        expect=[(1, 27)],
        message=("`#-질문-2`",),
    ),
    Case("percent-encoded fragment", "[h](#http%EC%99%80-https)\n\n## HTTP와 HTTPS\n"),
    Case("special fragments", "[a](#) [b](#top) [c](#L10) [d](#L10-L20) [e](#L10C5-L20C3) [f](#TOP)\n"),
    Case(
        "explicit anchors and the user-content- prefix",
        '<a name="jwt"></a>\n<div id="쿠키"></div>\n\n[a](#jwt) [b](#쿠키) [c](#user-content-jwt) [d](#user-content-쿠키)\n',
    ),
    Case(
        "missing anchor, no close one",
        "## 목차\n- [DNS 질문 모음](#dns)\n\n## 로드밸런서\n",
        expect=[(2, 15)],
        message=("`#dns`", "No anchor comes close"),
    ),
    Case(
        "a space written as a hyphen that is not there: unsafe fix",
        "- [로드 밸런서](#로드-밸런서)\n\n## 로드밸런서\n",
        expect=[(1, 12)],
        fixed="- [로드 밸런서](#로드밸런서)\n\n## 로드밸런서\n",
        unsafe=True,
        message=("Closest: `#로드밸런서`",),
    ),
    Case("##힙 → #힙", "[힙](##힙)\n\n## 힙\n", expect=[(1, 5)], fixed="[힙](#힙)\n\n## 힙\n", unsafe=True),
    Case(
        "heading text instead of the slug",
        "[v6](#IPv4/IPv6)\n\n## IPv4/IPv6\n## IPv4\n",
        expect=[(1, 6)],
        fixed="[v6](#ipv4ipv6)\n\n## IPv4/IPv6\n## IPv4\n",
        unsafe=True,
        message=("turns the heading text `IPv4/IPv6` into the anchor `#ipv4ipv6`",),
    ),
    Case(
        "percent-encoded broken fragment is fixed as raw UTF-8",
        "[x](#%EB%A1%9C%EB%93%9C-%EB%B0%B8%EB%9F%B0%EC%84%9C)\n\n## 로드밸런서\n",
        expect=[(1, 5)],
        fixed="[x](#로드밸런서)\n\n## 로드밸런서\n",
        unsafe=True,
    ),
    Case(
        "the heading holding the link is never the fix",
        "## [TCP와 UDP](#tcp와-udp-답변)\n\n본문\n",
        expect=[(1, 15)],
        unsafe=True,
        message=("`#tcp와-udp` (the heading holding this link)",),
    ),
    Case(
        "an emoji's invisible variation selector",
        "[bps](#-bps와-bps)\n\n## ⚡️ bps와 Bps\n",
        expect=[(1, 7)],
        fixed="[bps](#\ufe0f-bps와-bps)\n\n## ⚡️ bps와 Bps\n",
        unsafe=True,
        message=("invisible character (U+FE0F",),
    ),
    Case(
        "two close anchors: no fix",
        "[s](#-세그멘테이션)\n\n## 🔎 세그멘테이션 구조\n## 🔎 세그멘테이션 구조\n",
        expect=[(1, 5)],
        unsafe=True,
    ),
    Case(
        "html href",
        '<a href="#있는곳">이동</a>\n\n## 있는 곳\n',
        expect=[(1, 10)],
        fixed='<a href="#있는-곳">이동</a>\n\n## 있는 곳\n',
        unsafe=True,
    ),
    Case(
        "reference link, crlf",
        "[목차][toc]\r\n\r\n[toc]: #목차1\r\n\r\n## 목차\r\n",
        expect=[(3, 8)],
        fixed="[목차][toc]\r\n\r\n[toc]: #목차\r\n\r\n## 목차\r\n",
        unsafe=True,
    ),
    Case(
        "in a table, a list and a quote",
        "| [a](#없음) |\n|---|\n\n- [b](#없음)\n\n> [c](#없음)\n\n## 있음\n",
        expect=[(1, 7), (4, 7), (6, 7)],
    ),
    Case("case-only is CS402's", "[t](#TCP와-UDP)\n\n## TCP와 UDP\n"),
    Case("images and other files are not this rule's", "![a](#x) [b](other.md#x)\n"),
    Case(
        "conflict: only our side is checked",
        "## 우리\n<<<<<<< HEAD\n[a](#우리)\n=======\n[b](#그쪽)\n>>>>>>> x\n",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)


def test_fix_touches_only_the_fragment(tmp_path: Path) -> None:
    text = '> - [목차 가기]( <#목차1> "제목" )   \r\n\r\n## 목차\r\n'
    engine = make_engine(root=tmp_path, select=[RULE])
    fixed = fix_text(text, engine, unsafe=True).final.raw
    assert fixed == text.replace("#목차1", "#목차")


def test_specimen_dead_anchors(tmp_path: Path) -> None:
    """tests/fixtures/specimens/dead-anchors.md: dead anchors at lines 8, 10 and 14."""
    text = (REPO / "tests" / "fixtures" / "specimens" / "dead-anchors.md").read_text(encoding="utf-8")
    found = lint_text(text, make_engine(root=tmp_path, select=[RULE]), path="dead-anchors.md")
    assert [d.location.line for d in found if d.location] == [8, 10, 14]
    fixes = [d.fix is not None for d in found]
    assert fixes == [
        True,
        False,
        False,
    ]  # #로드-밸런서 → #로드밸런서; #dns has no near anchor; line 14 is its own heading
