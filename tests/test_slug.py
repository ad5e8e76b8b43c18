"""GitHub anchors: the vectors generated from github-slugger, plus cases of our own."""

from __future__ import annotations

import json
from typing import Any

import pytest

from checker.document import Document
from checker.slug import Slugger, slug
from tests.conftest import SHARED, shared


def _vectors() -> dict[str, Any]:
    path = SHARED / "slug-vectors.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


VECTORS = _vectors()
PAIRS = VECTORS.get("pairs", [])
MARKDOWN_CASES = VECTORS.get("markdown_cases", [])
SEQUENCES = VECTORS.get("sequences", [])


@pytest.mark.parametrize(("text", "expected"), PAIRS or [pytest.param("", "", marks=pytest.mark.skip("no ../shared"))])
def test_vector_pairs(text: str, expected: str) -> None:
    assert slug(text) == expected


@pytest.mark.parametrize("case", MARKDOWN_CASES or [pytest.param({}, marks=pytest.mark.skip("no ../shared"))])
def test_vector_markdown_cases(case: dict[str, str]) -> None:
    (heading,) = Document.from_text(case["markdown"] + "\n").headings
    assert heading.text == case["text"]
    assert heading.slug == case["slug"]


@pytest.mark.parametrize(
    "sequence",
    SEQUENCES or [pytest.param({}, marks=pytest.mark.skip("no ../shared"))],
    ids=[s["name"] for s in SEQUENCES] or None,
)
def test_vector_sequences(sequence: dict[str, Any]) -> None:
    slugger = Slugger()
    assert [slugger.slug(h) for h in sequence["headings"]] == sequence["slugs"]


def test_vector_counts() -> None:
    shared("slug-vectors.json")
    assert (len(PAIRS), len(MARKDOWN_CASES), len(SEQUENCES)) == (243, 17, 7)


def test_seed_without_marker_lines_matches_the_first_sequence() -> None:
    seed = shared("seed", "000_0f84ac28c29cdedc.md").read_text(encoding="utf-8")
    kept = [line for line in seed.split("\n") if not line.startswith(("<<<<<<<", "=======", ">>>>>>>"))]
    doc = Document.from_text("\n".join(kept))
    assert len(doc.headings) == 75
    assert [h.slug for h in doc.headings] == SEQUENCES[0]["slugs"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("💡 TCP와 UDP의 차이는?", "-tcp와-udp의-차이는"),
        ("HTTP/1.1 vs HTTP/2", "http11-vs-http2"),
        ("프로세스·스레드", "프로세스스레드"),
        ("a  b", "a--b"),
        ("B-Tree & B+Tree", "b-tree--btree"),
        ("snake_case_이름", "snake_case_이름"),
        ("①번 질문", "번-질문"),
        ("x² + y²", "x--y"),
        ("", ""),
    ],
)
def test_own_cases(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_duplicates_step_around_literal_suffixes() -> None:
    slugger = Slugger()
    assert [slugger.slug(t) for t in ["foo", "foo", "foo 1", "foo-1", "foo"]] == [
        "foo",
        "foo-1",
        "foo-1-1",
        "foo-1-2",
        "foo-2",
    ]
    emoji = Slugger()
    assert [emoji.slug("💡"), emoji.slug("💡")] == ["", "-1"]
