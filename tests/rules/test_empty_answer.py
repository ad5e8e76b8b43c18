from __future__ import annotations

from pathlib import Path

import pytest

from checker.api import lint_text, make_engine
from tests.conftest import REPO
from tests.helpers import Case, run_case

RULE = "empty-answer"
Q = "#### 💡 TCP와 UDP의 차이는?\n"
HQ = {"questions": {"presets": ["heading-question"]}}
BOLD = {"questions": {"presets": ["bold-q"]}}

CASES = [
    # -- what counts as an answer ------------------------------------------------------------
    Case("paragraph", Q + "\nTCP는 연결형이다.\n"),
    Case("list", Q + "- 연결형\n- 비연결형\n"),
    Case("table", Q + "| TCP | UDP |\n|---|---|\n| 연결형 | 비연결형 |\n"),
    Case("image only", Q + "![비교](./tcp-udp.png)\n"),
    Case("html image only", Q + '<img src="x.png" width="300">\n'),
    Case("html5 image tag", Q + '<image src="x.png" width="300">\n'),
    Case("prose fence", Q + "```\nTCP는 연결형\n```\n"),
    Case("code fence", Q + "```java\nSocket s = new Socket();\n```\n"),
    Case("details body", Q + "<details>\n<summary>답 보기</summary>\n\n연결형과 비연결형\n\n</details>\n"),
    Case("child heading with content", Q + "##### TCP\n연결형\n"),
    Case("answer in a quote", Q + "> 연결형 vs 비연결형\n"),
    # -- what does not -----------------------------------------------------------------------
    Case("nothing before the next question", Q + "#### 💡 HTTP란?\n\nHTTP는 프로토콜\n", expect=[(1, 1)]),
    Case("nothing before a higher heading", Q + "\n## 다음 주제\n\n내용\n", expect=[(1, 1)]),
    Case("end of file", "#### 💡 다른 질문?\n\n답\n\n" + Q, expect=[(5, 1)]),
    Case("whitespace and breaks", Q + "\n<br>\n</br>\n&nbsp;\n\n---\n\n#### 💡 다음?\n답\n", expect=[(1, 1)]),
    Case("empty fence", Q + "```\n\n```\n#### 💡 다음?\n답\n", expect=[(1, 1)]),
    Case("whitespace-only fence", Q + "```\n   \n```\n#### 💡 다음?\n답\n", expect=[(1, 1)]),
    Case("comment only", Q + "<!-- 나중에 -->\n#### 💡 다음?\n답\n", expect=[(1, 1)]),
    Case("placeholder TODO", Q + "TODO\n\n#### 💡 다음?\n답\n", expect=[(1, 1)]),
    Case("placeholder 작성 예정", Q + "(작성 예정)\n\n#### 💡 다음?\n답\n", expect=[(1, 1)]),
    Case("placeholder (답변)", Q + "```\n(답변)\n```\n#### 💡 다음?\n답\n", expect=[(1, 1)]),
    Case(
        "configured placeholder",
        Q + "준비 중\n\n#### 💡 다음?\n답\n",
        expect=[(1, 1)],
        config={"questions": {"placeholders": ["준비 중"]}},
    ),
    Case("a lone 답변 is the template's placeholder", Q + "답변\n\n#### 💡 다음?\n답\n", expect=[(1, 1)]),
    Case("the template itself keeps its placeholders", Q + "답변\n", path="template/README.md"),
    Case("an answer that says 답변 is an answer", Q + "답변: TCP는 연결형이다.\n"),
    Case(
        "the repository's template answer, read from template/",
        Q + "> 여기에 설명을 적어 주세요.\n\n#### 💡 다음?\n답\n",
        expect=[(1, 1)],
        files={"template/질문.md": "## 주제\n#### 💡 질문을 적으세요?\n> 여기에 설명을 적어 주세요\n"},
        config={"questions": {"templates": ["template/"]}},
    ),
    Case(
        "a template outside the root is not read",
        Q + "여기에 설명을 적어 주세요\n",
        config={"questions": {"templates": ["../template/"]}},
    ),
    Case("child heading without content", Q + "##### TCP\n\n#### 💡 다음?\n답\n", expect=[(1, 1)]),
    # -- which headings are questions --------------------------------------------------------
    Case("callout is no question", "### 💡 결론\n\n### 다음\n내용\n"),
    Case("numbered section is no question", "### 💡 3.2.1 회전하기\n### 💡 3.2.2 색 바꾸기\n내용\n"),
    Case("statement is no question", "### 💡 루트 노드를 black으로 바꾼다.\n### 다음\n"),
    Case("topic noun is a question", "#### 💡 SPA\n\n## 다음\n", expect=[(1, 1)]),
    Case("exclamation is no question", "### 💡 TCP란?\n연결형\n" "### 💡 이것만 기억하자!\n### 💡 중요!\n### 다음\n내용\n"),
    Case("polite statement is no question", "### 💡 TCP란?\n연결형\n" "### 💡 TCP는 연결형이에요.\n### 💡 요약하면:\n### 다음\n내용\n"),
    Case("qualified callout is no question", "### 💡 TCP란?\n연결형\n" "### 💡 핵심 정리\n### 💡 결론 및 요약\n### 다음\n내용\n"),
    Case(
        "a heading at the 💡 questions' level that reads as a question",
        "#### 💡 TCP란?\n연결형\n#### UDP란?\n\n#### 참고\n링크\n## 다음\n내용\n",
        expect=[(3, 1)],
    ),
    Case(
        "request-style summaries under details",
        "<details>\n<summary>프로세스에 대해 말씀해 주세요.</summary>\n\n</details>\n\n"
        "<details><summary>동기화를 설명 해주세요</summary>\n\n</details>\n\n"
        "<details><summary>TCP란?</summary>\n\n연결형\n</details>\n",
        expect=[(2, 1), (6, 1)],
        config={"questions": {"presets": ["details"]}},
    ),
    Case(
        "empty details whose summary is a block of its own, on the summary's line",
        "<details>\n\n<summary>UDP란?</summary>\n\n</details>\n\n<details><summary>TCP란?</summary>\n\n연결형\n</details>\n",
        expect=[(3, 1)],
        config={"questions": {"presets": ["details"]}},
    ),
    Case("plain heading is no question by default", "#### TCP와 UDP의 차이는?\n\n## 다음\n"),
    Case(
        "heading-question preset",
        "#### TCP와 UDP의 차이를 설명해주세요\n\n## 다음\n",
        expect=[(1, 1)],
        config={"questions": {"presets": ["heading-question"]}},
    ),
    Case(
        "pattern",
        "### [Q] 캐시란\n\n## 다음\n",
        expect=[(1, 1)],
        config={"questions": {"patterns": [r"^\[Q\]"]}},
    ),
    Case(
        "details preset, unanswered",
        "<details>\n<summary>프로세스와 스레드의 차이는?</summary>\n\n</details>\n\n"
        "<details><summary>Table of Contents</summary>\n</details>\n",
        expect=[(2, 1)],
        config={"questions": {"presets": ["details"]}},
    ),
    Case(
        "details preset, answered in the summary block",
        "<details>\n<summary>  <b>교착 상태란?</b> </summary>\n<p>상호 배제, 점유 대기…</p>\n</details>\n",
        config={"questions": {"presets": ["details"]}},
    ),
    Case(
        "bold-q preset",
        "**Q. 네트워크란?**\n\nA. 장치를 잇는 시스템\n\n**Q. Latency란?**\n\nA.\n\n**Q. 대역폭은?**\n\nA. 초당 전송량\n",
        expect=[(5, 1)],
        config={"questions": {"presets": ["bold-q"]}},
    ),
    Case(
        "bold-q answered on the next line of the same paragraph (a hand review found 19 such false CS201)",
        "**Q1. TCP란?**\n→ 연결형 프로토콜.\n\n**Q2. 질문이 길어\n두 줄인 질문?**\n답이다.\n\n**Q3. UDP란?**\n\n**Q4. 다음?**\n답\n",
        expect=[(8, 1)],
        config={"questions": {"presets": ["bold-q"]}},
    ),
    Case(
        "an A1. heading after the Q1. heading holds its answer (a hand review found 5 such false CS201)",
        "## **Q1**. filter는 어떻게 관리하나?\n\n## **A1**.\n- 답 내용\n\n## **Q2**. 다음 질문?\n\n## **A2**.\n\n## 끝\n",
        expect=[(6, 1)],
        config={"questions": {"presets": ["heading-question"]}},
    ),
    Case(
        "bold-q in a list keeps its answer inside the item",
        "* Q. TCP 종료가 4단계인 이유?\n  * A. 서버가 보낼 데이터가 남을 수 있어서\n* Q. ISN이 난수인 이유?\n* 다른 항목\n",
        expect=[(3, 1)],
        config={"questions": {"presets": ["bold-q"]}},
    ),
    # -- index vs answers, nesting, lists ------------------------------------------------------
    Case(
        "index answered below",
        "## 목차\n#### 💡 게이트웨이란?\n#### 💡 서브넷이란?\n\n## 답변\n#### 💡 게이트웨이란\n다른 망으로 가는 출구\n"
        "#### 💡 서브넷이란요?\n망을 나눈 것\n",
    ),
    Case(
        "index entry never answered",
        "## 목차\n#### 💡 게이트웨이란?\n#### 💡 NAT란?\n\n## 답변\n#### 💡 게이트웨이란?\n출구\n",
        expect=[(3, 1)],
    ),
    Case(
        "index answered under headings with draft markers, notes, respellings and A / B",
        "## 목차\n#### 💡 TCP 3-way handshake?\n#### 💡 데드락이란?\n#### 💡 프로세스와 스레드의 차이?\n"
        "#### 💡 HTTP란?\n#### 💡 로드 밸런싱\n#### 💡 쿠키\n#### 💡 세션\n\n## 답변\n"
        "#### 💡 TCP 3-way handshake 📝\n답\n#### 💡 데드롹이란?\n답\n#### 💡 프로세스와 쓰레드의 차이\n답\n"
        "#### 💡 HTTP란? (작성 중)\n답\n#### 💡 로드 밸런싱 - 서버 개발자만\n답\n#### 💡 쿠키 / 세션\n답\n",
    ),
    Case(
        "a look-alike of another protocol answers nothing",
        "## 목차\n#### 💡 HTTPS란?\n#### 💡 IPv6란?\n\n## 답변\n#### 💡 HTTP란?\n답\n#### 💡 IPv4란?\n답\n",
        expect=[(2, 1), (3, 1)],
    ),
    Case("question linking to its answer", "#### 💡 [질문1. blocking이란?](#개념1)\n\n## 개념1\n설명\n"),
    Case("nested question answers the outer one", "### 💡 OSI 7계층?\n#### 💡 물리 계층?\n전기 신호\n"),
    Case(
        "question list is CS204's, not CS201's",
        "#### 💡 TCP란?\n#### 💡 UDP란?\n#### 💡 HTTP란?\n\nrefered by https://github.com/x/\n",
    ),
    Case("crlf", "#### 💡 질문?\r\n\r\n## 다음\r\n내용\r\n", expect=[(1, 1)]),
    Case("empty marker is CS202's", "#### 💡\n\n## 다음\n"),
    # -- answers beyond the question's own section ---------------------------------------------
    Case(
        "a question title answered by the topic sections at its level",
        "## Webpack의 주요 속성을 설명해주세요.\n\n## Entry\n번들링을 시작할 모듈.\n\n## Output\n번들이 놓일 곳.\n",
        config=HQ,
    ),
    Case(
        "a numbered series keeps its empty item",
        "## 4. 캐시가 빠른 이유\n\n## 5. 캐시를 쓰는 방법\n메모리에 둔다.\n",
        expect=[(1, 1)],
        config=HQ,
    ),
    Case(
        "topic sections stop at a reference section",
        "## TCP란?\n\n## 참고\n- 교재 3장\n",
        expect=[(1, 1)],
        config=HQ,
    ),
    Case(
        "topic sections stop at a parent heading",
        "# 네트워크\n### TCP란?\n## 운영체제\n커널이 자원을 나눈다.\n",
        expect=[(2, 1)],
        config=HQ,
    ),
    Case(
        "a heading above the question that names its subject holds the answer",
        "### 클래스는 추상 데이터 타입인가?\n\n## 클래스\n같지 않다: 클래스는 상속과 다형성을 더한다.\n\n## 다음 주제\n",
        config=HQ,
    ),
    Case(
        "a note's question title answered by its topic sections",
        "# 조인의 종류를 설명해 주세요.\n\n# 조인이란?\n테이블을 잇는 연산.\n\n# 조인의 종류\n내부 조인과 외부 조인.\n",
        config=HQ,
    ),
    Case(
        "a note of question headings keeps its empty first question",
        "# 스택이란?\n\n# 큐란?\n먼저 넣은 것이 먼저 나온다.\n\n# 덱이란?\n양쪽에서 넣고 뺀다.\n",
        expect=[(1, 1)],
        config=HQ,
    ),
    Case(
        "a question that goes on with 그리고 shares the answer after it",
        "# 쿠키와 세션의 차이를 설명해주세요.\n\n# 그리고 보안상 주의할 점을 설명해주세요.\n\n"
        "### 차이\n쿠키는 브라우저에, 세션은 서버에 있다.\n",
        config=HQ,
    ),
    Case(
        "a - Q: item answered by the - A: item after it",
        "### 예시\n\n- Q: 인덱스로 자주 읽는다면 어떤 자료구조가 좋을까?\n- A: 배열. 읽기가 O(1)이다.\n",
        config=BOLD,
    ),
    Case(
        "a bare Q. answered by the sub-headings right below it",
        "### 예시\n\n- Q: 카드 덱을 섞으려면 어떤 자료구조가 좋을까?\n\n#### 로직\n임의의 두 장을 맞바꾼다.\n\n### 다음\n",
        config=BOLD,
    ),
    Case(
        "a bare Q. followed by the next section is unanswered",
        "### 예시\n\n- Q: 카드 덱을 섞으려면 어떤 자료구조가 좋을까?\n\n### 로직\n임의의 두 장을 맞바꾼다.\n",
        expect=[(3, 1)],
        config=BOLD,
    ),
    Case(
        "GitHub's pull-request template is a form to fill in",
        "## 무엇을 바꾸었나요?\n\n## 왜 바꾸었나요?\n\n## 테스트했나요?\n네\n",
        path=".github/PULL_REQUEST_TEMPLATE.md",
        config=HQ,
    ),
    Case(
        "a note named like a template elsewhere is a note",
        "## 무엇을 바꾸었나요?\n\n## 테스트했나요?\n네\n",
        path="notes/pull_requests.md",
        expect=[(1, 1)],
        config=HQ,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)


def test_specimen(tmp_path: Path) -> None:
    """tests/fixtures/specimens/bare-questions.md: bare at lines 9, 11 (empty fence), 19, 20 and 28."""
    text = (REPO / "tests" / "fixtures" / "specimens" / "bare-questions.md").read_text(encoding="utf-8")
    found = lint_text(text, make_engine(root=tmp_path, select=[RULE]))
    assert [d.location.line for d in found if d.location] == [9, 11, 19, 20, 28]
