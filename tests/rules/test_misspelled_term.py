from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Case, run_case

RULE = "misspelled-term"

CASES = [
    Case("Vitual", "가상 돔(Vitual DOM)\n", expect=[(1, 6)], fixed="가상 돔(Virtual DOM)\n"),
    Case("Seucure", "TLS는 Seucure 채널\n", expect=[(1, 6)], fixed="TLS는 Secure 채널\n"),
    Case("WebScoket", "WebScoket은 양방향\n", expect=[(1, 4)], fixed="WebSocket은 양방향\n"),
    Case("a wrong expansion is CS501's, not CS502's", "DNS( Domain Name Server )에 요청\n"),
    Case("a near miss of a technical word", "스레드가 Sempahore를 기다린다\n", expect=[(1, 6)]),
    Case("correct spelling", "가상 돔(Virtual DOM)과 WebSocket\n"),
    Case(
        "inline code is prose, a code fence is not",
        "`Vitual` 이라는 오타\n\n```python\nVitual = 1\n```\n",
        expect=[(1, 2)],
        fixed="`Virtual` 이라는 오타\n\n```python\nVitual = 1\n```\n",
    ),
    Case("XL outside a list of formats", "옷 사이즈 XL\n"),
    Case(
        "typo inside a refutation is still a typo",
        "Vitual DOM이 아니라 실제 DOM\n",
        expect=[(1, 1)],
        fixed="Virtual DOM이 아니라 실제 DOM\n",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)
