"""CS502's near-miss check (checker/spelling.py): misspelled technical words found by method."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from checker.document import Document
from checker.spelling import edits1, near_misses, suggestion, technical_words
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
import build_technical_words  # the table's builder, beside the other scripts

TABLE = REPO / "rules" / "knowledge" / "tables" / "technical-words.txt"


def misses(text: str) -> list[tuple[str, str]]:
    doc = Document.from_text(text)
    code = [(s.start, s.end) for s in doc.code_spans]
    return [(m.word, m.suggestion) for m in near_misses([(b.start, b.text) for b in doc.prose], code)]


def test_the_word_lists_are_there() -> None:
    assert len(technical_words()) > 500
    assert {"semaphore", "deadlock", "handshake", "segmentation"} <= technical_words().keys()


def test_the_table_keeps_every_english_word_one_edit_from_a_target() -> None:
    """A run reads these instead of pyspellchecker's list: they must be all the check needs."""
    english = build_technical_words.english_words()
    assert len(english) > 100_000
    listed = {line.split("\t")[0] for line in TABLE.read_text(encoding="utf-8").splitlines() if line[:1] != "#"}
    kept = {
        line.split("\t")[0] for line in TABLE.read_text(encoding="utf-8").splitlines() if line.endswith("\tenglish")
    }
    near = build_technical_words.english_near(technical_words(), english) - (listed - kept)
    misspelled = build_technical_words.copied_misspellings(
        near, technical_words(), build_technical_words.codespell_corrections()
    )
    assert kept == near - misspelled, "stale: run python scripts/build_technical_words.py"


def test_no_listed_word_is_a_misspelling_codespell_knows_of_its_suggestion() -> None:
    """``commited`` is in the notes of five repositories and ``dependancy`` in the English list;
    codespell's list of misspellings corrects both to the target CS502 suggests, so neither is a word."""
    listed = {line.split("\t")[0] for line in TABLE.read_text(encoding="utf-8").splitlines() if line[:1] != "#"}
    corrections = build_technical_words.codespell_corrections()
    assert {"commited", "dependancy", "seperate"} <= corrections.keys()
    assert not build_technical_words.copied_misspellings(listed, technical_words(), corrections)
    assert "adaptee" in listed  # codespell corrects it to "adapted"; it is the Adapter pattern's term


def test_edits1_covers_drop_double_swap_and_replace() -> None:
    variants = edits1("semaphore")
    assert {"semaphre", "semaphoore", "sempahore", "semaphure"} <= variants


def test_a_near_miss_is_found_and_keeps_its_capital() -> None:
    assert misses("Sempahore는 동기화 도구이고 deadlodck을 피해야 한다.\n") == [
        ("Sempahore", "Semaphore"),
        ("deadlodck", "deadlock"),
    ]


def test_a_word_in_capitals_is_checked_and_keeps_its_first_letter() -> None:
    """SQL keywords and isolation levels are written in capitals; a letter in front of a word in
    capitals usually makes another name (Redis's SMEMBERS, Java's JSESSIONID), not a typo."""
    assert misses("격리 수준 READ UNCOMMITED와 REPETABLE READ, SELCET 문\n") == [
        ("UNCOMMITED", "UNCOMMITTED"),
        ("REPETABLE", "REPEATABLE"),
        ("SELCET", "SELECT"),
    ]
    assert misses("Redis의 SMEMBERS 명령, 쿠키 JSESSIONID, 시그널 SIGINT\n") == []


def test_a_word_with_a_capital_inside_is_compared_with_names_written_so() -> None:
    """JavaScript, PostgreSQL and LinkedList are names notes write with capitals inside; an
    identifier near a plain word (secondArr, countBy) is no misspelling of it."""
    assert misses("javaStript와 PostgerSQL, LinkdedList를 쓴다\n") == [
        ("javaStript", "JavaScript"),
        ("PostgerSQL", "PostgreSQL"),
        ("LinkdedList", "LinkedList"),
    ]
    assert misses("배열 secondArr, lodash의 countBy, windowOS\n") == []


def test_english_words_known_words_and_inflections_are_not_near_misses() -> None:
    assert suggestion("lawyer") is None  # one edit from "layer", but an English word
    assert suggestion("adaptee") is None  # a technical word the English list lacks
    assert suggestion("handshakes") is None
    assert misses("The lawyer read the adapter and adaptee notes.\n") == []


def test_code_identifiers_urls_and_short_words_are_left_alone() -> None:
    text = (
        "`Sempahore` 코드, sempahoreCount, my_sempahore, sempahore.py, "
        "https://example.com/sempahore 와 thred\n\n```java\nSempahore s;\n```\n"
    )
    assert misses(text) == []


def test_cli_reports_a_display_only_fix(cli: Callable[..., Result], tmp_path: Path) -> None:
    note = tmp_path / "os.md"
    note.write_text("# OS\n\n스레드가 Sempahore를 기다린다.\n", encoding="utf-8")
    result = cli("check", "--select", "CS502", "--output-format", "json", "--lang", "en", str(note))
    (diagnostic,) = json.loads(result.stdout)["files"][0]["diagnostics"]
    assert diagnostic["severity"] == "warning"
    assert "misspelling of 'Semaphore'" in diagnostic["message"]
    assert diagnostic["fix"]["applicability"] == "display-only"
    assert diagnostic["fix"]["edits"][0]["text"] == "Semaphore"
