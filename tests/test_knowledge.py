"""The knowledge base machinery: loading and its one-line errors, the backtracking guard, sentences,
context/unless, the built-in guards, the prefilter and the cache. The shipped entries themselves are
tested in test_knowledge_entries.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from checker import cachestore, knowledge
from checker.knowledge import (
    KnowledgeBase,
    KnowledgeError,
    apply_replacement,
    builtin_pack_paths,
    check_pack,
    find_matches,
    is_quiz_line,
    is_refuted,
    load_packs,
    needle_in,
    packs,
    regex_safety,
    required_literals,
    screen_regex,
    split_sentences,
)

ENTRY = """
[[entry]]
id = "{id}"
kind = "{kind}"
pattern = '{pattern}'
{extra}
severity = "error"
message = {{ ko = "HTTPS의 기본 포트는 443입니다.", en = "HTTPS uses port 443." }}
source = "RFC 9110 §4.2.2"
bad = {bad}
good = {good}
"""


def entry_toml(
    *,
    id: str = "https-port",
    kind: str = "fact",
    pattern: str = r"(?<![0-9])433(?![0-9])",
    extra: str = "",
    bad: str = '["HTTPS는 433번 포트"]',
    good: str = '["HTTPS는 443번 포트"]',
) -> str:
    return ENTRY.format(id=id, kind=kind, pattern=pattern, extra=extra, bad=bad, good=good)


def write(tmp_path: Path, text: str | bytes, name: str = "pack.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(KnowledgeError) as caught:
        load_packs([path])
    message = str(caught.value)
    assert "\n" not in message, message
    assert message.startswith(f"{path}: "), message
    return message


def kb_of(tmp_path: Path, *entries: str) -> KnowledgeBase:
    return load_packs([write(tmp_path, "".join(entries))])


def hits(kb: KnowledgeBase, text: str, **kwargs: Any) -> list[str]:
    return [text[m.start : m.end] for m in find_matches(kb, [(0, text)], **kwargs)]


# -- loading: every problem is one line naming the file and the entry ------------------------------


def test_a_valid_pack_loads(tmp_path: Path) -> None:
    kb = kb_of(tmp_path, entry_toml())
    assert kb.ids == {"https-port"}
    assert kb.origins["https-port"] == tmp_path / "pack.toml"
    assert check_pack(tmp_path / "pack.toml") == []


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"pattern": "433("}, "entry 'https-port': pattern does not compile: missing ), unterminated subpattern"),
        ({"extra": "context = '[HTTPS'"}, "entry 'https-port': context does not compile: unterminated character set"),
        (
            {"extra": "unless = '(?<=a+)b'"},
            "entry 'https-port': unless does not compile: look-behind requires fixed-width",
        ),
        ({"extra": 'colour = "red"'}, "entry 'https-port': unknown key 'colour'"),
        ({"bad": "[]"}, "entry 'https-port': bad needs at least one example"),
        ({"good": '[""]'}, "entry 'https-port': good holds an empty example"),
        ({"id": "HTTPS_port"}, "entry 'HTTPS_port': id 'HTTPS_port' is not kebab-case"),
        ({"kind": "rumour"}, "entry 'https-port': kind: Input should be 'fact' or 'term'"),
        ({"extra": 'replace = "443"'}, "entry 'https-port': replace is set but fix is missing"),
        ({"extra": 'fix = "safe"'}, "entry 'https-port': fix = 'safe' but there is no replace"),
        ({"extra": 'replace = "443"\nfix = "safe"'}, "entry 'https-port': fix = 'safe' needs fixed"),
        ({"extra": 'replace = "443"\nfix = "sometimes"'}, "entry 'https-port': fix: Input should be"),
        (
            {"extra": 'fixed = ["HTTPS는 443번 포트"]'},
            "entry 'https-port': fixed is given but the entry has no replace",
        ),
        (
            {"extra": 'replace = "443"\nfix = "safe"\nfixed = ["a"]', "bad": '["HTTPS 433", "SSL 433"]'},
            "entry 'https-port': fixed has 1 examples but bad has 2",
        ),
        (
            {"extra": 'replace = "\\\\2"\nfix = "display-only"'},
            "entry 'https-port': replace is not a valid template for pattern: invalid group reference 2",
        ),
        ({"pattern": "(?:433)?"}, "entry 'https-port': pattern matches the empty string"),
        ({"extra": 'context_scope = "file"'}, "entry 'https-port': context_scope: Input should be"),
    ],
)
def test_entry_problems_are_one_line_naming_file_and_entry(
    tmp_path: Path, overrides: dict[str, str], expected: str
) -> None:
    assert expected in load_error(write(tmp_path, entry_toml(**overrides)))


def test_missing_and_empty_source(tmp_path: Path) -> None:
    missing = entry_toml().replace('source = "RFC 9110 §4.2.2"\n', "")
    assert "entry 'https-port': missing required key 'source'" in load_error(write(tmp_path, missing))
    empty = entry_toml().replace('source = "RFC 9110 §4.2.2"', 'source = "  "')
    assert "entry 'https-port': source is empty" in load_error(write(tmp_path, empty, "b.toml"))


def test_missing_examples_and_messages(tmp_path: Path) -> None:
    no_good = entry_toml().replace('good = ["HTTPS는 443번 포트"]\n', "")
    assert "missing required key 'good'" in load_error(write(tmp_path, no_good))
    no_english = entry_toml().replace(', en = "HTTPS uses port 443."', "")
    assert "missing required key 'message.en'" in load_error(write(tmp_path, no_english, "b.toml"))


def test_an_entry_without_id_is_named_by_its_position(tmp_path: Path) -> None:
    text = entry_toml(id="first") + entry_toml().replace('id = "https-port"\n', "")
    assert ": entry #2: missing required key 'id'" in load_error(write(tmp_path, text))


def test_duplicate_ids_in_one_pack_and_across_packs(tmp_path: Path) -> None:
    assert "entry 'https-port': duplicate id" in load_error(write(tmp_path, entry_toml() + entry_toml()))
    first = write(tmp_path, entry_toml(), "one.toml")
    second = write(tmp_path, entry_toml(), "two.toml")
    with pytest.raises(KnowledgeError) as caught:
        load_packs([first, second])
    assert str(caught.value) == f"{second}: entry 'https-port': duplicate id (already defined in {first})"


def test_file_level_problems(tmp_path: Path) -> None:
    assert "invalid TOML" in load_error(write(tmp_path, "[[entry]\nid = 1\n"))
    assert "not valid UTF-8 (byte 0xff" in load_error(write(tmp_path, b'[[entry]]\nid = "\xff"\n', "latin.toml"))
    assert "unknown top-level key 'pack'" in load_error(write(tmp_path, '[pack]\nname = "x"\n', "top.toml"))
    assert "no [[entry]] tables" in load_error(write(tmp_path, "# nothing yet\n", "empty.toml"))
    assert "entry #1: not a table" in load_error(write(tmp_path, "entry = [1]\n", "scalar.toml"))
    assert "cannot read knowledge pack" in load_error(tmp_path / "missing.toml")


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeff".encode() + entry_toml().encode())
    assert load_packs([path]).ids == {"https-port"}


def test_check_pack_reports_examples_that_misbehave(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        entry_toml(
            extra='replace = "443"\nfix = "safe"\nfixed = ["HTTPS는 4430번 포트", "SSL 443"]',
            bad='["HTTPS는 433번 포트", "SSL 4330"]',
            good='["HTTPS는 443번 포트", "SSL 433"]',
        ),
    )
    failures = check_pack(path)
    assert any("bad[0] is fixed to 'HTTPS는 443번 포트', expected 'HTTPS는 4430번 포트'" in f for f in failures)
    assert any("bad[1] does not fire: 'SSL 4330'" in f for f in failures)
    assert any("good[1] fires on '433': 'SSL 433'" in f for f in failures)
    assert all(f.startswith(f"{path}: entry 'https-port': ") for f in failures)
    assert check_pack(write(tmp_path, "nope", "broken.toml"))[0].startswith(f"{tmp_path / 'broken.toml'}: invalid TOML")


# -- catastrophic backtracking -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "regex"), [("pattern", "(a+)+$"), ("pattern", "(x|x)*y"), ("context", "(\\w+\\s?)+$")]
)
def test_catastrophic_regexes_are_rejected(tmp_path: Path, field: str, regex: str) -> None:
    extra = f"context = '{regex}'" if field == "context" else ""
    pattern = regex if field == "pattern" else "433"
    message = load_error(write(tmp_path, entry_toml(pattern=pattern, extra=extra, bad='["aaa!"]')))
    assert f"entry 'https-port': {field} may backtrack catastrophically" in message


def test_suspicious_but_linear_regexes_pass_the_probe() -> None:
    # The static screen flags these shapes; the timed probe clears them.
    for regex in [r"(?:\s*,\s*\w+)*;", r"(\w+) \1", r"A[^\n]{0,200}B[^\n]{0,200}C"]:
        assert screen_regex(regex) is None, regex


def test_ordinary_regexes_never_start_a_probe(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_process(*args: object, **kwargs: object) -> None:
        raise AssertionError("the probe ran for a regex the screen should pass")

    monkeypatch.setattr(subprocess, "run", no_process)
    for regex in [
        r"(?<![0-9])433(?![0-9])",
        r"DNS\s*[(（]\s*Domain\s+Name\s+Server\s*[)）]",
        r"HTTPS[^\n]{0,40}433",
        r"(?:기본적으로|항상)(?=[^\n.]{0,30}?(?:CORS|교차\s?출처))",
        r"(?:(?!POST|멱등)[^\n.,]){0,15}?멱등",  # a tempered token: the alternation is in a lookahead
    ]:
        regex_safety._screen_cache.pop(regex, None)
        assert screen_regex(regex) is None, regex


def test_shipped_packs_need_no_probe() -> None:
    screen = [
        (e.id, name)
        for e in load_packs(builtin_pack_paths())
        for name, src in e.regexes()
        if regex_safety._Screen(regex_safety.sre_parser(), src).verdict() is not None
    ]
    assert screen == []


# -- sentences ------------------------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_korean_sentences_end_at_punctuation_followed_by_space() -> None:
    assert sentences("HTTPS는 443을 쓴다. HTTP는 80을 쓴다! 왜일까? 끝") == [
        "HTTPS는 443을 쓴다.",
        "HTTP는 80을 쓴다!",
        "왜일까?",
        "끝",
    ]


def test_numbers_versions_and_abbreviations_are_not_boundaries() -> None:
    text = "HTTP/1.1과 HTTP 1.1은 같고, e.g. 예시이며 버전 2.0 etc. 등이 있다."
    assert sentences(text) == [text]


def test_a_leading_enumerator_is_not_a_boundary() -> None:
    assert sentences("1. 일단, 웹 브라우저에 URL을 입력한다.") == ["1. 일단, 웹 브라우저에 URL을 입력한다."]


def test_a_parenthetical_remark_stays_with_its_sentence() -> None:
    text = "자신의 통신이 끝날 때까지 기다린다. (이 상태가 CLOSE_WAIT 상태)"
    assert sentences(text) == [text]


def test_each_line_of_a_fence_is_a_sentence() -> None:
    text = "GET : 조회\nOPTION : 선택사항 조회\nPUT : 저장"
    assert sentences(text) == ["GET : 조회", "OPTION : 선택사항 조회", "PUT : 저장"]


def test_list_items_table_rows_headings_and_blank_lines_end_sentences() -> None:
    assert sentences("- 첫째 항목\n- 둘째 항목") == ["- 첫째 항목", "- 둘째 항목"]
    assert sentences("1) 클라이언트가 FIN을 보낸다\n2) 서버가 ACK를 보낸다") == [
        "1) 클라이언트가 FIN을 보낸다",
        "2) 서버가 ACK를 보낸다",
    ]
    assert sentences("설명 문장\n| a | b |") == ["설명 문장", "| a | b |"]
    assert sentences("설명 문장\n## 제목") == ["설명 문장", "## 제목"]
    assert sentences("문단 하나\n\n문단 둘") == ["문단 하나", "문단 둘"]


def test_a_line_that_clearly_continues_is_joined() -> None:
    indented = "- 웹 서버가 사용자의 로컬 컴퓨터에 \n 파일 또는 메모리에 저장하는 정보"
    assert sentences(indented) == [indented]
    particle = "JSON, XML 등의 여러 Representation\n으로 구성된 API 형태"
    assert sentences(particle) == [particle]
    comma = "HTTPS는 HTTP와 다르게,\n443번 포트를 쓴다"
    assert sentences(comma) == [comma]
    assert sentences("이 줄은 끝났다.\n으로 시작해도 새 문장") == ["이 줄은 끝났다.", "으로 시작해도 새 문장"]


def test_sentence_offsets_point_into_the_text() -> None:
    text = "  앞 공백. 뒤 문장  \n"
    assert split_sentences(text) == [(2, 7), (8, 12)]


# -- context, unless, guards ----------------------------------------------------------------------


def test_context_must_be_in_the_same_sentence(tmp_path: Path) -> None:
    kb = kb_of(tmp_path, entry_toml(extra="context = 'HTTPS'"))
    assert hits(kb, "HTTPS는 433번 포트를 쓴다.") == ["433"]
    assert hits(kb, "HTTPS는 암호화한다. 433번 포트를 쓴다.") == []
    assert hits(kb, "HTTPS 설명\n433번 포트") == []
    assert hits(kb, "PostgreSQL 433번 포트") == []


def test_block_context_may_be_anywhere_in_the_block(tmp_path: Path) -> None:
    kb = kb_of(tmp_path, entry_toml(extra="context = 'HTTPS'\ncontext_scope = \"block\""))
    assert hits(kb, "HTTPS 설명\n433번 포트") == ["433"]
    assert list(find_matches(kb, [(0, "HTTPS 설명"), (20, "433번 포트")])) == []


def test_unless_suppresses_within_the_sentence_only(tmp_path: Path) -> None:
    kb = kb_of(tmp_path, entry_toml(extra="unless = 'NNSP'"))
    assert hits(kb, "NNSP는 433번 포트") == []
    assert hits(kb, "NNSP를 안다. HTTPS는 433번 포트") == ["433"]


def test_refutations_after_or_flags_before_suppress_facts(tmp_path: Path) -> None:
    kb = kb_of(tmp_path, entry_toml())
    assert hits(kb, "HTTPS는 433번 포트가 아니라 443번 포트") == []
    assert hits(kb, "HTTPS는 433번 포트를 쓰지 않는다") == []
    assert hits(kb, "433번 포트라고 쓴 블로그는 틀렸다") == []
    assert hits(kb, "흔한 오해: HTTPS는 433번 포트") == []
    assert hits(kb, "HTTPS 433 (X)") == []
    assert hits(kb, "HTTPS 433 → X") == []
    # X.509 is a certificate format, not an OX marker.
    assert hits(kb, "HTTPS는 433번 포트와 X.509 인증서를 쓴다") == ["433"]
    # The window is bounded: a negation far after the match belongs to another clause.
    far = "HTTPS는 433번 포트를 사용하며, 네트워크 상에서 제3자가 정보를 볼 수 있도록 하지 않는다"
    assert hits(kb, far) == ["433"]


def test_quiz_lines_and_blocks_are_skipped(tmp_path: Path) -> None:
    kb = kb_of(tmp_path, entry_toml())
    assert hits(kb, "HTTPS는 433번 포트를 쓴다 (O/X)") == []
    assert hits(kb, "다음 중 틀린 것은?\n① HTTPS는 433번 포트\n② HTTP는 80번 포트") == []
    assert hits(kb, '"options": ["HTTPS 433", "HTTPS 443"]') == []
    assert hits(kb, "정답: HTTPS 433") == []


def test_quiz_line_detection() -> None:
    assert is_quiz_line("OX 퀴즈: TCP는 신뢰성을 보장한다")
    assert is_quiz_line("다음 중 옳지 않은 것은?")
    assert is_quiz_line("보기: ㄱ, ㄴ, ㄷ")
    assert is_quiz_line("UDP는 연결형이다 (X)")
    assert not is_quiz_line("OPTION : 통신과 관련된 선택사항")
    assert not is_quiz_line("정보를 보기 위해 DOM을 조회한다")
    assert not is_quiz_line("I/O 작업과 XOR 연산")


def test_is_refuted_looks_only_near_the_match() -> None:
    sentence = "TRUNCATE는 DML이 아니라 DDL이다"
    start = sentence.index("DML")
    assert is_refuted(sentence, start, start + 3)
    assert not is_refuted("TRUNCATE는 DML이다", start, start + 3)


def test_guard_defaults_by_kind_and_can_be_overridden(tmp_path: Path) -> None:
    refuted = "Vitual DOM은 실제 DOM이 아니다"
    term = entry_toml(id="virtual", kind="term", pattern="Vitual", bad='["Vitual DOM"]', good='["Virtual DOM"]')
    assert hits(kb_of(tmp_path, term), refuted) == ["Vitual"]
    guarded = entry_toml(
        id="virtual", kind="term", pattern="Vitual", extra="guard = true", bad='["Vitual DOM"]', good='["Virtual"]'
    )
    assert hits(load_packs([write(tmp_path, guarded, "g.toml")]), refuted) == []
    unguarded_fact = entry_toml(extra="guard = false")
    assert hits(load_packs([write(tmp_path, unguarded_fact, "f.toml")]), "433 포트가 아니다") == ["433"]


def test_disabled_ids_and_kind_filter(tmp_path: Path) -> None:
    kb = kb_of(
        tmp_path,
        entry_toml(),
        entry_toml(id="virtual", kind="term", pattern="Vitual", bad='["Vitual DOM"]', good='["Virtual DOM"]'),
    )
    text = "HTTPS 433, Vitual DOM"
    assert hits(kb, text) == ["433", "Vitual"]
    assert hits(kb, text, kind="term") == ["Vitual"]
    assert hits(kb, text, kind="fact") == ["433"]
    assert hits(kb, text, disabled={"https-port"}) == ["Vitual"]
    assert hits(kb, text, disabled={"https-port", "virtual"}) == []


# -- matches, offsets and fixes -------------------------------------------------------------------


def test_offsets_are_absolute_and_blocks_keep_their_order(tmp_path: Path) -> None:
    kb = kb_of(tmp_path, entry_toml(extra='replace = "443"\nfix = "safe"\nfixed = ["HTTPS는 443번 포트"]'))
    blocks = [(100, "HTTPS 433 포트"), (10, "앞 블록 433")]
    found = list(find_matches(kb, blocks))
    assert [(m.start, m.end, m.text, m.replacement) for m in found] == [
        (106, 109, "433", "443"),
        (15, 18, "433", "443"),
    ]
    assert apply_replacement("HTTPS 433 포트", found[0], offset=100) == "HTTPS 443 포트"


def test_templates_expand_and_edits_shrink_to_the_changed_words(tmp_path: Path) -> None:
    dns = entry_toml(
        id="dns",
        kind="term",
        pattern=r"(?P<head>DNS\s?[(]\s?Domain\s+Name\s+)Server(?P<tail>\s?[)])",
        extra='replace = \'\\g<head>System\\g<tail>\'\nfix = "safe"\nfixed = ["DNS(Domain Name System)"]',
        bad='["DNS(Domain Name Server)"]',
        good='["DNS(Domain Name System)"]',
    )
    kb = kb_of(tmp_path, dns)
    text = "4. DNS( Domain Name Server )에 묻는다"
    (match,) = find_matches(kb, [(0, text)])
    assert match.text == "DNS( Domain Name Server )"
    assert match.replacement == "DNS( Domain Name System )"
    assert match.edit is not None
    assert text[match.edit.start : match.edit.end] == "Server"
    assert match.edit.text == "System"
    assert apply_replacement(text, match) == "4. DNS( Domain Name System )에 묻는다"


def test_edits_never_split_a_word(tmp_path: Path) -> None:
    term = entry_toml(
        id="virtual",
        kind="term",
        pattern="Vitual",
        extra='replace = "Virtual"\nfix = "safe"\nfixed = ["Virtual DOM"]',
        bad='["Vitual DOM"]',
        good='["Virtual DOM"]',
    )
    (match,) = find_matches(kb_of(tmp_path, term), [(5, "가상 Vitual DOM")])
    assert match.edit == knowledge.KnowledgeEdit(8, 14, "Virtual")


# -- the literal prefilter ------------------------------------------------------------------------


def test_required_literals() -> None:
    assert required_literals(r"(?<![0-9])433(?![0-9])") == ("433",)
    assert required_literals("잘라서|나누어서") == ("나누어서", "잘라서")
    assert required_literals(r"(?i)Base\s?64") == ("base",)
    assert required_literals(r"(?:퀵\s?(?:정렬|소트)|(?i:quick\s?sort))") == ("quick", "소트", "정렬")
    assert required_literals(r"a|b*") is None
    assert required_literals(r"(?:HTTPS)?\d+") is None


def test_a_literal_matched_only_as_written_keeps_its_case() -> None:
    assert required_literals(r"(?<![A-Za-z])ACK\(") == ("ACK(",)
    assert required_literals(r"(?ai:acknowledg)ement") == ("acknowledgement",)  # searched lower-cased
    assert required_literals(r"(?i:Syn(?-i:ACK))") == ("synack",)
    assert required_literals(r"ACK|(?i:fin)") == ("ACK", "fin")


def test_a_needle_holds_the_punctuation_around_a_word() -> None:
    assert required_literals(r"(?<![A-Z])ACK ?[(:]") == ("ACK (", "ACK :", "ACK(", "ACK:")
    assert required_literals(r"LAST(?P<sep>[_-])WAIT") == ("LAST-WAIT", "LAST_WAIT")
    assert required_literals(r"[(（] ?(?i:ack)\)") == ("( ack)", "(ack)", "（ ack)", "（ack)")


def test_a_capitalised_needle_screens_out_the_same_letters_in_lower_case(tmp_path: Path) -> None:
    entry = entry_toml(
        id="ack-expansion",
        pattern=r"(?<![A-Za-z])ACK\((?ai:a[a-z]+)\)",
        bad='["ACK(Acknowledgment)"]',
        good='["stack(acknowledgment)"]',
    )
    kb = kb_of(tmp_path, entry)
    (loaded,) = kb
    assert loaded.needles == ("ACK(",)
    assert hits(kb, "the stack(acknowledgment) and back(") == []
    assert hits(kb, "back, ACK(acknowledgment)") == ["ACK(acknowledgment)"]


def test_needle_words_are_found_inside_longer_words_and_on_every_later_call(tmp_path: Path) -> None:
    """The prefilter asks each word of a text which needle words it holds, and remembers the
    answer for later texts: a needle word of one letter, or one inside a longer word (Hangul with
    its particle, an acronym glued to another), is found all the same, the first time and after."""
    kb = kb_of(
        tmp_path,
        entry_toml(id="c-sharp", pattern=r"(?i)\bc#", bad='["C# 언어"]', good='["C 언어"]'),
        entry_toml(id="thread-stack", pattern="스레드마다 힙", bad='["스레드마다 힙"]', good='["스레드마다 스택"]'),
        entry_toml(id="ack-glued", pattern="SYNACK", bad='["SYNACK"]', good='["SYN ACK"]'),
    )
    text = "abc C# 그리고 멀티스레드마다 힙을 두고 xSYNACKx"
    for _ in range(2):
        assert hits(kb, text) == ["C#", "스레드마다 힙", "SYNACK"]
        assert hits(kb, "abc 스레드 SYN ACK") == []


def test_every_shipped_entry_has_a_prefilter_that_admits_its_bad_examples() -> None:
    for entry in load_packs(builtin_pack_paths()):
        assert entry.needles, entry.id
        for text in entry.bad:
            assert any(needle_in(needle, text, text.lower()) for needle in entry.needles), (entry.id, text)


# -- the cache ------------------------------------------------------------------------------------


def test_a_cached_pack_skips_the_regex_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pack = write(tmp_path, entry_toml(extra="context = 'HTTPS'"))
    cache = tmp_path / "cache"
    first = load_packs([pack], cache_dir=cache)
    (cache_file,) = cache.glob("knowledge-*.json")
    payload = cachestore.read(cache, cache_file.name)
    assert payload is not None
    cached = json.loads(payload)
    assert cached["needles"] == {"https-port": ["433"]}
    assert [raw["id"] for raw in cached["entries"]] == ["https-port"]

    def refuse(*args: object) -> None:
        raise AssertionError("parsed or screened again")

    monkeypatch.setattr(packs, "screen_regex", refuse)
    monkeypatch.setattr(packs, "_parse_toml", refuse)
    second = load_packs([pack], cache_dir=cache)
    assert [e.needles for e in second] == [e.needles for e in first]
    assert hits(second, "HTTPS 433 포트") == ["433"]


def test_a_changed_pack_is_validated_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    pack = write(tmp_path, entry_toml())
    load_packs([pack], cache_dir=cache)
    write(tmp_path, entry_toml(pattern="433("))
    with pytest.raises(KnowledgeError, match="pattern does not compile"):
        load_packs([pack], cache_dir=cache)


def test_a_broken_cache_file_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    pack = write(tmp_path, entry_toml())
    load_packs([pack], cache_dir=cache)
    (cache_file,) = cache.glob("knowledge-*.json")
    assert cachestore.write(cache, cache_file.name, b"{not json")  # tagged, so it is parsed, and fails
    assert load_packs([pack], cache_dir=cache).ids == {"https-port"}
    cache_file.write_text('{"entries": [], "needles": {}}', encoding="utf-8")  # no tag: never read
    assert load_packs([pack], cache_dir=cache).ids == {"https-port"}


def test_builtin_packs_are_the_topic_files() -> None:
    names = [path.name for path in builtin_pack_paths()]
    assert names == sorted(names)
    assert {
        "network.toml",
        "web.toml",
        "database.toml",
        "os.toml",
        "algorithms.toml",
        "security.toml",
        "terms.toml",
    } <= set(names)


def test_the_compiled_packs_are_in_step_with_the_packs() -> None:
    """rules/knowledge/compiled.json is what every fresh run reads: regenerate it after editing a pack
    (`python scripts/compile_knowledge.py`)."""
    compiled = json.loads((builtin_pack_paths()[0].parent / knowledge.COMPILED_NAME).read_text(encoding="utf-8"))
    assert compiled == json.loads(json.dumps(knowledge.compile_packs(builtin_pack_paths()))), (
        "rules/knowledge/compiled.json is stale: run python scripts/compile_knowledge.py"
    )


def test_a_fresh_run_reads_the_shipped_packs_without_pydantic_toml_or_the_screen(tmp_path: Path) -> None:
    """Issue 21: a fresh clone in CI has no cache; the shipped packs were validated at build time."""
    script = (
        "import sys\n"
        "from checker.knowledge import builtin_pack_paths, load_packs\n"
        "base = load_packs(builtin_pack_paths())\n"
        "print(len(base), 'pydantic' in sys.modules, 'tomllib' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path)
    count, pydantic, toml = done.stdout.split()
    assert int(count) == len(load_packs(builtin_pack_paths())) and (pydantic, toml) == ("False", "False")


def test_a_shipped_pack_edited_in_place_is_validated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled form vouches only for the bytes it was made from."""
    pack = builtin_pack_paths()[0]
    edited = pack.read_bytes() + b'\n[[entry]]\nid = "broken"\n'
    monkeypatch.setattr(packs, "_read_bytes", lambda path: edited if path == pack else path.read_bytes())
    with pytest.raises(KnowledgeError, match="entry 'broken'"):
        load_packs([pack])
