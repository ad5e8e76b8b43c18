"""Generated corpora for the benchmark: realistic study notes, without and with defects.

The clean note has what real notes have — a table of contents of anchor links, `## topic`
sections, `#### 💡` questions answered in plain fences, paragraphs, lists and tables, images
that exist — and no merge-conflict markers (rumdl skips conflicted files, which would flatter
it). It is about 22 KB, like the notes the issue measured.
"""

from __future__ import annotations

import random
from pathlib import Path

from checker.slug import Slugger

TOPICS = ["네트워크 기초", "TCP와 UDP", "HTTP와 HTTPS", "웹 동작 원리", "인증과 보안", "운영체제", "데이터베이스"]
TERMS = [
    "TCP",
    "UDP",
    "HTTP",
    "HTTPS",
    "TLS",
    "DNS",
    "IP",
    "MAC",
    "ARP",
    "NAT",
    "CORS",
    "REST",
    "JWT",
    "쿠키",
    "세션",
    "소켓",
    "프로세스",
    "스레드",
    "인덱스",
    "트랜잭션",
    "캐시",
    "로드 밸런서",
]
ENDINGS = ["설명해주세요.", "무엇인가요?", "차이는?", "어떻게 동작하나요?", "장단점은?"]
SENTENCES = [
    "{a}는 {b}와 달리 연결을 먼저 맺고 데이터를 주고받는다.",
    "{a}의 핵심은 신뢰성 있는 전달과 흐름 제어이며, {b}는 지연이 적은 대신 순서를 보장하지 않는다.",
    "면접에서는 {a}를 설명한 뒤 {b}와 비교하면 좋다.",
    "{a} 계층에서 헤더가 붙고, 받는 쪽에서는 {b} 계층을 거치며 헤더가 제거된다.",
    "실무에서는 {a} 설정을 잘못하면 {b} 단계에서 장애가 난다.",
]


def _sentence(rng: random.Random) -> str:
    a, b = rng.sample(TERMS, 2)
    return rng.choice(SENTENCES).format(a=a, b=b)


def clean_note(seed: int, images: list[str]) -> str:
    """A ~22 KB note whose links, images and anchors all resolve."""
    rng = random.Random(seed)
    sections: list[tuple[str, list[str]]] = []
    asked: set[str] = set()
    for topic in TOPICS:
        questions: list[str] = []
        while len(questions) < 5:
            question = f"{rng.choice(TERMS)}와 {rng.choice(TERMS)}의 {rng.choice(ENDINGS)}"
            if question not in asked:
                asked.add(question)
                questions.append(question)
        sections.append((topic, questions))
    slugger = Slugger()
    slugs = {}
    for topic, questions in sections:
        slugs[topic] = slugger.slug(topic)
        for question in questions:
            slugs[question] = slugger.slug("💡 " + question)
    out = ["# CS 면접 스터디 노트", "", "## 목차", ""]
    out.extend(f"- [{topic}](#{slugs[topic]})" for topic, _ in sections)
    out.append("")
    for topic, questions in sections:
        out += [f"## {topic}", ""]
        for number, question in enumerate(questions):
            out += [f"#### 💡 {question}", ""]
            style = number % 4
            if style == 0:
                out += ["```", *(_sentence(rng) for _ in range(6)), "```", ""]
            elif style == 1:
                out += [" ".join(_sentence(rng) for _ in range(4)), "", f"![그림]({rng.choice(images)})", ""]
            elif style == 2:
                out += [*(f"- {_sentence(rng)}" for _ in range(5)), ""]
            else:
                out += [
                    "| 구분 | 설명 |",
                    "| --- | --- |",
                    *(f"| {rng.choice(TERMS)} | {_sentence(rng)} |" for _ in range(4)),
                    "",
                ]
            other = rng.choice(questions)
            out += [f"관련 질문: [{other}](#{slugs[other]})", "", "> 참고: RFC 9293, RFC 9110", ""]
    return "\n".join(out)


def defect_note() -> str:
    """A note with every defect kind cscheck reports."""
    return "\n".join(
        [
            "## [목차](#없는-앵커)",
            "####💡 공백이 빠진 질문",
            "",
            "#### 💡 답이 없는 질문?",
            "",
            "#### 💡 HTTPS의 기본 포트는?",
            "```",
            "HTTPS는 HTTP와 다르게 433번 포트를 사용한다.",
            "서버는 FIN을 보내고 LAST_WAIT 상태가 된다.",
            "```",
            "![없는 그림](./missing.png) ![쉼표](,/typo.png) ![공백](my image.png)",
            "[깨진 링크](./nope.md) [다른 파일 앵커](./clean.md#없는-곳) ![기계 경로](C:\\Users\\me\\a.png)",
            "<<<<<<< HEAD",
            "#### 💡 충돌 질문?",
            "우리 쪽 답",
            "=======",
            "#### 💡 충돌 질문?",
            ">>>>>>> feature",
            "",
        ]
    )


def build(folder: Path, count: int, per_folder: int = 50) -> list[Path]:
    """``count`` clean notes in subfolders of ``folder`` (each folder has its images)."""
    files = []
    for index in range(count):
        sub = folder / f"part{index // per_folder:03}"
        if not sub.exists():
            (sub / "img").mkdir(parents=True)
            for name in ("tcp.png", "udp.png", "handshake.svg"):
                (sub / "img" / name).write_bytes(b"")
        path = sub / f"note{index:05}.md"
        path.write_text(
            clean_note(index % 97, ["./img/tcp.png", "./img/udp.png", "./img/handshake.svg"]), encoding="utf-8"
        )
        files.append(path)
    return files
