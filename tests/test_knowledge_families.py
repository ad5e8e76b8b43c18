"""The issue-22 tables run through the CLI as a user would: sentence rows matched by key phrases in
any order (copies with reordered clauses, other particles, other spacing), the variant families
(ports, ICMP types, IPv4 classes, isolation levels, normal forms), a quiz's options, and one report
for a misspelled word inside a wrong acronym expansion."""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from knowledge_families import key_regex  # noqa: E402 — the script folder is not a package


def findings(cli: Callable[..., Result], tmp_path: Path, text: str, *codes: str) -> list[tuple[int, str, str]]:
    note = tmp_path / "note.md"
    note.write_text(text, encoding="utf-8")
    select = ",".join(codes) or "CS5"
    result = cli("check", "--no-cache", "--select", select, "--output-format", "json", "--lang", "en", str(note))
    files = json.loads(result.stdout)["files"]
    return [(d["line"], d["code"], d["message"]) for f in files for d in f["diagnostics"]]


def test_a_copied_sentence_is_found_with_its_clauses_reordered_and_respaced(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    text = (
        "# OS\n\n"
        "컨텍스트 스위칭이 일어나면 캐시 메모리를 초기화해야 한다.\n\n"  # as copied
        "캐시메모리를 초기화하는 무거운 작업이 문맥교환 때마다 생긴다.\n\n"  # reordered, respaced
        "컨텍스트 스위칭 뒤에는 캐시 미스가 늘어난다.\n\n"  # right
        "컨텍스트 스위칭 때 캐시를 초기화하지 않는다.\n\n"  # negated
        "문맥 교환 때 TLB 캐시를 비운다.\n"  # the TLB: right
    )
    hits = findings(cli, tmp_path, text, "CS501")
    assert [line for line, _, _ in hits] == [3, 5]
    assert all("does not flush the CPU caches" in message and "Intel" in message for _, _, message in hits)


def test_a_sentence_row_reports_once_however_often_its_key_recurs(cli: Callable[..., Result], tmp_path: Path) -> None:
    text = "# Web\n\n브라우저를 종료하면 세션이 삭제된다(브라우저 단위로 관리).\n"
    assert [(line, code) for line, code, _ in findings(cli, tmp_path, text, "CS501")] == [(3, "CS501")]


def test_family_rows_fire_on_the_wrong_variant_only(cli: Callable[..., Result], tmp_path: Path) -> None:
    text = (
        "# Network and DB\n\n"
        "SMTP는 110번 포트를 사용한다.\n\n"
        "SMTP는 25번 포트, POP3는 110번 포트를 사용한다.\n\n"
        "ICMP Type 0: Echo Request\n\n"
        "ICMP Type 0: Echo Reply, Type 8: Echo Request\n\n"
        "클래스 C: 192.0.0.0 ~ 255.255.255.255\n\n"
        "클래스 C: 192.0.0.0 ~ 223.255.255.255\n\n"
        "SERIALIZABLE에서도 Phantom Read가 발생한다.\n\n"
        "REPEATABLE READ에서는 Phantom Read가 발생할 수 있다.\n\n"
        "제3정규형은 다치 종속을 제거한 것이다.\n\n"
        "제2정규형은 제1정규형을 만족하고 부분 함수 종속을 제거한다.\n"
    )
    assert [line for line, _, _ in findings(cli, tmp_path, text, "CS501")] == [3, 7, 11, 15, 19]


def test_the_options_under_a_quiz_stem_are_left_alone(cli: Callable[..., Result], tmp_path: Path) -> None:
    quiz = (
        "## 문제 1\n\n**문제**: 스택에 관한 설명으로 옳은 것을 모두 고르시오.\n\n**보기**:\n\n"
        "1.  스택은 선입선출(FIFO) 구조를 가진다.\n2.  스택의 연산에는 push, pop이 있다.\n\n"
        "## 정리\n\n스택은 선입선출(FIFO) 구조를 가진다.\n"
    )
    # The distractor under the stem is not a finding; the same sentence after the next heading is.
    assert [line for line, _, _ in findings(cli, tmp_path, quiz, "CS501")] == [12]


def test_a_misspelled_word_in_a_wrong_expansion_is_reported_once_as_cs501(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    text = (
        "# Java\n\nJVM(Java Vitual Machine)은 바이트코드를 실행한다.\n\nARP(Address Resoltuion Protocol)\n\n"
        "Vitual DOM\n\nTLS(Seucure Sockets Layer)\n"
    )
    hits = findings(cli, tmp_path, text)
    # Spelled right, the first two expansions are accepted: one error each, CS501's. The TLS line
    # holds two errors (SSL's name, and a typo in it): both are found.
    assert sorted((line, code) for line, code, _ in hits) == [
        (3, "CS501"),
        (5, "CS501"),
        (7, "CS502"),
        (9, "CS501"),
        (9, "CS502"),
    ]


def test_key_phrases_ignore_case_and_spacing_but_not_other_words() -> None:
    regex = re.compile(key_regex("문맥 교환|context switch"))
    assert regex.fullmatch("문맥교환") and regex.fullmatch("문맥 교환") and regex.fullmatch("Context Switch")
    assert regex.fullmatch("context-switch") is None and regex.search("문맥을 교환") is None
    assert re.compile(key_regex("TIME-WAIT")).fullmatch("TIME_WAIT")


def test_every_sentence_row_has_a_source_examples_and_stores_no_long_phrase() -> None:
    rows = tomllib.loads((REPO / "rules" / "knowledge" / "tables" / "sentences.toml").read_text("utf-8"))["row"]
    assert len(rows) >= 15
    for row in rows:
        assert row["source"].strip() and row["bad"] and row["good"] and row["ko"] and row["en"], row["id"]
        # Key phrases, not sentences: every alternative is a few words at most.
        assert all(len(alt) <= 24 for key in row["keys"] for alt in key.split("|")), row["id"]


def test_size_and_range_rows_fire_on_a_wrong_number_only(cli: Callable[..., Result], tmp_path: Path) -> None:
    wrong = [
        "UDP 헤더는 16바이트로 고정되어 있다.",
        "TCP 헤더의 크기는 최소 20, 최대 80 byte이다.",  # a range with a wrong end
        "| Sequence Number | 16 bit |",
        "- 포트 번호(8비트)",
        "SHA-256은 128비트 해시 값을 만든다.",
        "UTF-8은 1~6바이트로 문자를 표현한다.",
        "- 동적 포트 (49152 ~ 65536)",
        "IPv6 헤더는 60바이트 고정이다.",
        "SHA-256의 해시 값은 128비트이다.",
        "IP 헤더의 TTL은 16비트이다.",
        "| Acknowledgment Number | 16 bit |",
    ]
    right = [
        "UDP 헤더는 8바이트(64비트)로 고정되어 있다.",
        "TCP 헤더는 20~60바이트이고, 최소 20바이트, 최대 60바이트이다.",
        "TCP 헤더 길이는 32비트 단위로 센다.",
        "포트 번호, 32비트 시퀀스 번호, 32비트 확인 응답 번호가 들어간다.",  # a list of fields
        "SHA-256은 512비트 블록 단위로 메시지를 처리한다.",
        "RTP 시퀀스 번호는 16비트이다.",  # another protocol's field
        "- 잘 알려진 포트(0번 ~ 1023번), 등록된 포트: 1024~49151",
        "포트 번호 0~1023은 잘 알려진 포트다.",  # a sub-range, not the whole range
        "UDP 헤더가 16바이트라는 설명은 틀렸다.",  # refuted
        "DNS 레코드의 TTL은 32비트 정수이고, IP 헤더에도 TTL이 있다.",  # a DNS TTL
        "MD5는 512비트 블록을 처리해 128비트 해시를 만든다.",
        "이더넷 MTU는 1500바이트, 이더넷 프레임은 최대 1518바이트이다.",
    ]
    text = "# Sizes\n\n" + "\n\n".join(wrong + right) + "\n"
    lines = [line for line, _, _ in findings(cli, tmp_path, text, "CS501")]
    assert lines == [3 + 2 * i for i in range(len(wrong))]


def test_java_type_sizes_need_java_and_no_c_in_the_block(cli: Callable[..., Result], tmp_path: Path) -> None:
    text = (
        "# Types\n\n"
        "자바의 기본형: char는 1바이트, int는 4바이트이다.\n\n"
        "C언어와 Java의 자료형 비교: char(1Byte), int(4Byte)\n\n"
        "char는 1바이트이다.\n"  # no Java in the block: C's char, say
    )
    hits = findings(cli, tmp_path, text, "CS501")
    assert [line for line, _, _ in hits] == [3]
    assert "16-bit" in hits[0][2]
