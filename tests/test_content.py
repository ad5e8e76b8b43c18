"""content/: the study notes this repository maintains — clean, complete, sourced, illustrated."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import Result

from checker.config import QuestionsConfig
from checker.document import Document
from checker.qa import questions_of
from checker.questions import Question
from tests.conftest import REPO, shared

CONTENT = REPO / "content"

# Every question of the seed (including those bare on either side of its conflict and the one it
# struck out with <del>) → the note and question that answer it now.
SEED_TO_CONTENT = {
    "OSI 7 Layer 또는 TCP/IP Layer와 각 계층에 대한 설명을 해주세요.": (
        "network/osi-tcp-ip.md",
        "OSI 7계층과 TCP/IP 4계층, 그리고 각 계층의 역할을 설명해주세요.",
    ),
    "OSI 7 Layer 또는 TCP/IP Layer에서 계층화하는 이유가 무엇인가요?": (
        "network/osi-tcp-ip.md",
        "네트워크를 계층으로 나누는 이유는 무엇인가요?",
    ),
    "Encapsulation과 Decapsulation을 서로 비교하며 설명해주세요": (
        "network/osi-tcp-ip.md",
        "캡슐화(Encapsulation)와 역캡슐화(Decapsulation)를 비교해 설명해주세요.",
    ),
    "IP 주소 및 MAC 주소는?": ("network/ip-address.md", "IP 주소와 MAC 주소는 무엇이고, 어떻게 다른가요?"),
    "IPV4 vs IPV6 을 설명해주세요.": ("network/ip-address.md", "IPv4와 IPv6의 차이를 설명해주세요."),
    "IPv4의 주소 부족현상을 해결하기 위해 현재 어떤 방법을 사용하고 있나요? - 심화": (
        "network/ip-address.md",
        "IPv4 주소 부족 문제를 해결하기 위해 현재 어떤 방법을 사용하나요?",
    ),
    "TCP와 UDP의 특징과 차이점을 설명해주세요.": ("network/tcp-udp.md", "TCP와 UDP의 특징과 차이점을 설명해주세요."),
    "TCP를 사용하는 대표적인 프로토콜은 무엇인가요?": (
        "network/tcp-udp.md",
        "TCP를 사용하는 대표적인 프로토콜은 무엇인가요?",
    ),
    "3-Handshaking과 4-Handshaking의 과정을 설명해주세요.": (
        "network/tcp-udp.md",
        "TCP 4-way handshake 과정과 TIME-WAIT 상태가 필요한 이유를 설명해주세요.",
    ),
    "3-way handshaking 과정에서 클라이언트가 서버가 보낸 ACK+SYN을 받지 못하면? - 서버 심화": (
        "network/tcp-udp.md",
        "3-way handshake 중 클라이언트가 서버의 SYN+ACK를 받지 못하면 어떻게 되나요?",
    ),
    "UDP에서 신뢰도를 보장하는 방법을 설명해주세요.": (
        "network/tcp-udp.md",
        "UDP에서 신뢰성을 보장하려면 어떻게 해야 하나요?",
    ),
    "HTTP와 HTTPS를 설명해주세요": ("network/http.md", "HTTP와 HTTPS를 설명해주세요."),
    "HTTP의 단점을 설명해주세요": ("network/http.md", "HTTP의 단점은 무엇이고, HTTPS는 이를 어떻게 보완하나요?"),
    "HTTP 1.0+와 HTTP1.1와 HTTP2.0 차이점은 무엇인가요?": (
        "network/http.md",
        "HTTP/1.0, HTTP/1.1, HTTP/2의 차이점은 무엇인가요?",
    ),
    "비대칭키 또는 공개키 암호화 방식은 무엇인가요?": ("network/http.md", "비대칭키(공개키) 암호화 방식은 무엇인가요?"),
    "HTTP REQUEST 방식 중 GET과 POST의 차이을 설명해주세요.": ("network/http.md", "GET과 POST의 차이를 설명해주세요."),
    "GET, POST를 제외하고 다른 방식들을 설명해주세요.": (
        "network/http.md",
        "GET, POST 외의 HTTP 메서드를 설명해주세요.",
    ),
    "조회하기 위한 용도 POST가 아닌 GET 방식을 사용하는 이유?": (
        "network/http.md",
        "조회할 때 POST가 아니라 GET을 사용하는 이유는 무엇인가요?",
    ),
    "현대 웹 에서는 비연결성을 해결방법을 설명해주세요. - 서버 심화": (
        "network/http.md",
        "HTTP의 비연결성과 무상태성을 현대 웹에서는 어떻게 해결하나요?",
    ),
    "로드 밸런싱을 설명해주세요.": ("network/load-balancing.md", "로드 밸런싱을 설명해주세요."),
    "L4 로드 밸런싱과 L7 로드 밸런싱에 대해 설명하고, 차이를 말해보세요": (
        "network/load-balancing.md",
        "L4 로드 밸런싱과 L7 로드 밸런싱의 차이를 설명해주세요.",
    ),
    "게이트웨이란?": ("network/load-balancing.md", "게이트웨이란 무엇인가요?"),
    "서버에 트래픽이 주어졌을 때 어떻게 응답속도를 개선할 수 있는가?": (
        "network/load-balancing.md",
        "트래픽이 몰릴 때 서버의 응답 속도를 어떻게 개선할 수 있나요?",
    ),
    "프라이빗 서브넷과 퍼블릭 서브넷의 차이": (
        "network/load-balancing.md",
        "프라이빗 서브넷과 퍼블릭 서브넷의 차이는 무엇인가요?",
    ),
    "url과 uri에 대해 각각 설명해주세요": ("web/web-basics.md", "URL과 URI의 차이를 설명해주세요."),
    '브라우저에 "www.google.com" 입력하면 어떤일이 일어날까요?': (
        "web/web-basics.md",
        "브라우저 주소창에 www.google.com을 입력하면 어떤 일이 일어나나요?",
    ),
    "RESTful API란 무엇인가요?": ("web/web-basics.md", "RESTful API란 무엇인가요?"),
    "Ajax는 무엇인가요?": ("web/web-basics.md", "Ajax는 무엇인가요?"),
    "Ajax의 장점과 단점은 무엇인가요? - 웹 심화": ("web/web-basics.md", "Ajax의 장점과 단점은 무엇인가요?"),
    "CORS는 무엇인가요?": ("web/web-basics.md", "CORS는 무엇인가요?"),
    "CORS preflight는 무엇인가요? - 웹 심화": ("web/web-basics.md", "CORS preflight는 무엇이고 언제 발생하나요?"),
    "소켓이란 무엇인가요?": ("web/web-basics.md", "소켓이란 무엇인가요?"),
    "DOM과 가상DOM - 웹 심화": ("web/web-basics.md", "DOM과 가상 DOM(Virtual DOM)은 무엇인가요?"),
    "OAuth란 무엇인가요?": ("web/auth.md", "OAuth란 무엇인가요?"),
    "SPA": ("web/web-basics.md", "SPA(Single Page Application)란 무엇인가요?"),
    "cookie와 session에 대해 설명해주세요": ("web/auth.md", "쿠키와 세션에 대해 설명해주세요."),
    "Session 동작 순서를 설명해주세요.": ("web/auth.md", "세션 기반 인증의 동작 순서를 설명해주세요."),
    "cookie를 쓰는 이유를 설명해주세요": ("web/auth.md", "쿠키를 사용하는 이유는 무엇인가요?"),
    "세션 인증방식 단점": ("web/auth.md", "세션 인증 방식의 단점은 무엇인가요?"),
    "토큰 인증방식": ("web/auth.md", "토큰 인증 방식은 어떻게 동작하나요?"),
    "JWT": ("web/auth.md", "JWT란 무엇인가요?"),
    "토큰 인증방식 단점": ("web/auth.md", "토큰 인증 방식의 단점은 무엇인가요?"),
    "쿠키 인증방식 해결방안": ("web/auth.md", "쿠키·세션 인증 방식의 한계는 어떻게 보완할 수 있나요?"),
}
# The seed's "3-Handshaking과 4-Handshaking" question became two; its 3-way half is answered here.
EXTRA = {("network/tcp-udp.md", "TCP 3-way handshake 과정을 설명해주세요.")}


def _questions(note: str) -> dict[str, Question]:
    doc = Document.from_text((CONTENT / note).read_text(encoding="utf-8"))
    return {q.text: q for q in questions_of(doc, QuestionsConfig()).questions}


def test_the_gate_passes(cli: Callable[..., Result]) -> None:
    result = cli("check", "--no-cache", "--lang", "en", str(CONTENT))
    assert result.exit_code == 0, result.stdout
    assert "All checks passed" in result.stdout


def test_every_seed_question_is_answered() -> None:
    seed = shared("seed", "000_0f84ac28c29cdedc.md").read_text(encoding="utf-8")
    asked = list(dict.fromkeys(m.strip() for m in re.findall(r"#### 💡 (.*?)(?:</del>)?\s*$", seed, re.MULTILINE)))
    assert sorted(asked) == sorted(SEED_TO_CONTENT)  # the table covers the seed, nothing more
    for note, question in {*SEED_TO_CONTENT.values(), *EXTRA}:
        found = _questions(note)
        plain = {text.replace("`", ""): q for text, q in found.items()}
        assert question in plain, f"{note}: no question {question!r}"
        assert plain[question].has_content, f"{note}: {question!r} has no answer"


def test_every_answer_carries_a_reference() -> None:
    for note in sorted(CONTENT.rglob("*.md")):
        if note.name == "README.md":
            continue
        text = note.read_text(encoding="utf-8")
        doc = Document.from_text(text)
        for question in questions_of(doc, QuestionsConfig()).questions:
            assert question.answer_span is not None
            answer = text[question.answer_span.start : question.answer_span.end]
            assert "참고:" in answer, f"{note.name}: '{question.text}' has no reference line"


def test_the_seeds_errors_are_corrected() -> None:
    notes = "\n".join(p.read_text(encoding="utf-8") for p in CONTENT.rglob("*.md"))
    for wrong in (
        "433번",
        "LAST_WAIT",
        "Domain Name Server",
        "Seucure",
        "Vitual",
        "Tore Token",
        "단위위가",
        "OPTION :",
    ):
        assert wrong not in notes
    for right in (
        "443",
        "LAST-ACK",
        "Domain Name System",
        "Transport Layer Security",
        "전송 계층",
        "Base64url",
        "OPTIONS",
    ):
        assert right in notes
    assert re.search(r"OAuth[^\n]*인가", notes)  # authorization, not authentication


@pytest.mark.parametrize("svg", sorted(CONTENT.rglob("*.svg")), ids=lambda p: p.name)
def test_diagrams_are_valid_and_linked(svg: Path) -> None:
    root = ElementTree.parse(svg).getroot()
    namespace = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{namespace}svg"
    assert root.get("viewBox") and root.get("width") and root.get("height")
    assert root.find(f"{namespace}title") is not None
    texts = [t for t in root.iter(f"{namespace}text") if "".join(t.itertext()).strip()]
    assert len(texts) >= 5
    notes = "\n".join(p.read_text(encoding="utf-8") for p in svg.parent.parent.glob("*.md"))
    assert f"./img/{svg.name}" in notes


def test_the_four_diagrams_the_seed_lacked() -> None:
    names = {p.name for p in CONTENT.rglob("*.svg")}
    assert {"tcp-vs-udp.svg", "tcp-3-way-handshake.svg", "tcp-4-way-handshake.svg", "jwt-structure.svg"} <= names
    four_way = (CONTENT / "network" / "img" / "tcp-4-way-handshake.svg").read_text(encoding="utf-8")
    for state in ("FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "LAST-ACK", "TIME-WAIT", "CLOSED"):
        assert state in four_way
