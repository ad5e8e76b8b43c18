from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Case, run_case

RULE = "duplicate-question"

CASES = [
    Case(
        "answered twice differently",
        "#### 💡 게이트웨이란?\n다른 네트워크로 나가는 출구.\n\n#### 💡 게이트웨이란\n프로토콜이 다른 망을 잇는 장비.\n",
        expect=[(4, 1)],
        message=("also answered at line 1",),
    ),
    Case(
        "answered twice the same (a union merge)",
        "#### 💡 게이트웨이란?\n출구.\n\n#### 💡 게이트웨이란?\n출구.\n",
    ),
    Case("index then answer", "#### 💡 게이트웨이란?\n#### 💡 NAT?\n답\n\n## 답\n#### 💡 게이트웨이란?\n출구.\n"),
    Case(
        "generic question under two topics",
        "## 저장 프로시저\n**Q. 장점/단점?**\n\nA. 재사용\n\n## 트리거\n**Q. 장점/단점**\n\nA. 무결성\n",
        config={"questions": {"presets": ["bold-q"]}},
    ),
    Case(
        "specific question under two topics",
        "## TCP\n#### 💡 클라이언트와 서버는 무엇인가요?\n요청과 응답\n## WEB\n#### 💡 클라이언트와 서버는 무엇인가요?\n"
        "사용자와 제공자\n",
        expect=[(5, 1)],
    ),
    Case(
        "answered twice differently in plaintext fences",
        "#### 💡 게이트웨이란?\n```plaintext\n다른 네트워크로 나가는 출구.\n```\n\n"
        "#### 💡 게이트웨이란\n```plaintext\n프로토콜이 다른 망을 잇는 장비.\n```\n",
        expect=[(6, 1)],
    ),
    Case(
        "a one-line answer, then the same question again as a section",
        "# XSS란?\n스크립트를 심는 공격.\n\n# CSRF란?\n요청을 위조하는 공격.\n\n## XSS란?\n입력을 그대로 화면에 그리면 스크립트가 실행된다.\n",
        config={"questions": {"presets": ["heading-question"]}},
    ),
    Case(
        "a short question under two parent questions",
        "## SPA란?\n한 페이지로 된 앱.\n### 장점은?\n전환이 빠르다.\n## MPA란?\n여러 페이지로 된 앱.\n### 장점은?\n검색 노출.\n",
        config={"questions": {"presets": ["heading-question"]}},
    ),
    Case(
        "a short question twice under one parent question",
        "## SPA란?\n한 페이지로 된 앱.\n### 장점은?\n전환이 빠르다.\n### 장점은?\n서버 부담이 적다.\n",
        expect=[(5, 1)],
        config={"questions": {"presets": ["heading-question"]}},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)
