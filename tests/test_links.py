"""checker/links.py: destinations as written, local resolution, fragments, unparsed images."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from checker.api import make_engine
from checker.destination import Kind, machine_pattern, parse_destination
from checker.document import Document
from checker.links import (
    FragmentMatch,
    State,
    closest_anchors,
    encode_fragment,
    encode_like,
    match_fragment,
    resolve,
    respelled,
    special_fragment,
)


@pytest.mark.parametrize(
    ("raw", "kind", "path", "query", "fragment"),
    [
        ("./a.png?raw=true#x", Kind.LOCAL, "./a.png", "?raw=true", "x"),
        ("#tcp와-udp", Kind.FRAGMENT, "", "", "tcp와-udp"),
        ("#a?b", Kind.FRAGMENT, "", "", "a?b"),
        ("", Kind.EMPTY, "", "", None),
        ("?x=1", Kind.EMPTY, "", "?x=1", None),
        ("https://example.com/a#b", Kind.REMOTE, "https://example.com/a", "", "b"),
        ("//cdn.example.com/a.png", Kind.REMOTE, "//cdn.example.com/a.png", "", None),
        ("mailto:a@b.c", Kind.REMOTE, "mailto:a@b.c", "", None),
        ("C:\\Users\\a.png", Kind.MACHINE, "C:\\Users\\a.png", "", None),
        ("c:/Users/a.png", Kind.MACHINE, "c:/Users/a.png", "", None),
        ("file:///home/a.png", Kind.MACHINE, "file:///home/a.png", "", None),
        ("\\\\server\\share\\a.png", Kind.MACHINE, "\\\\server\\share\\a.png", "", None),
        ("other.md#x", Kind.LOCAL, "other.md", "", "x"),
        ("{{ site.baseurl }}/a.png", Kind.TEMPLATE, "{{ site.baseurl }}/a.png", "", None),
        ("{{site.url}}/a.md#x", Kind.TEMPLATE, "{{site.url}}/a.md", "", "x"),
    ],
)
def test_destinations_are_split_as_written(raw: str, kind: Kind, path: str, query: str, fragment: str | None) -> None:
    dest = parse_destination(raw, 10, html=False)
    assert (dest.kind, dest.path, dest.query, dest.fragment) == (kind, path, query, fragment)
    assert dest.span.start == 10


def test_html_destinations_strip_whitespace_and_keep_entities() -> None:
    dest = parse_destination("\n  a&amp;b.md&#35;x#y ", 0, html=True)
    assert (dest.written, dest.start, dest.decoded_path, dest.fragment) == ("a&amp;b.md&#35;x#y", 3, "a&b.md#x", "y")
    assert dest.fragment_span is not None and (dest.fragment_span.start, dest.fragment_span.end) == (20, 21)


def test_percent_decoding() -> None:
    dest = parse_destination("%EC%82%AC%EC%A7%84.png#%ED%9E%99", 0, html=False)
    assert (dest.decoded_path, dest.fragment) == ("사진.png", "힙")


def test_special_fragments() -> None:
    assert all(special_fragment(f) for f in ["", "top", "Top", "L1", "L10-L20", "L10C5-L20C3"])
    assert not any(special_fragment(f) for f in ["l10", "L", "L10-", "topic", "L10-20"])


def test_machine_patterns() -> None:
    assert machine_pattern("/Users/me/a.png") == "home"
    assert machine_pattern("/home/me/a.png") == "home"
    assert machine_pattern("~/a.png") == "home"
    assert machine_pattern("../Library/Application Support/typora-user-images/a.png") == "typora"
    assert machine_pattern("OS 정리 3a015a22840d4fb0b2dd4eefb5e3b199/Untitled.png") == "notion"
    assert machine_pattern("./images/a.png") is None
    assert machine_pattern("3a015a22840d4fb0b2dd4eefb5e3b199.png") is None


def test_respelled() -> None:
    nfd = unicodedata.normalize("NFD", "사진.PNG")
    assert respelled("a.png", {"A.PNG", "b.png"}) == ("A.PNG", True, False)
    assert respelled("사진.PNG", {nfd}) == (nfd, False, True)
    assert respelled("사진.png", {nfd}) == (nfd, True, True)
    assert respelled("a.png", {"b.png"}) is None


def test_encode_like() -> None:
    assert encode_like("My Pic.png", "My%20pic.PNG") == "My%20Pic.png"
    assert encode_like("사진 (1).png", "사진.png") == "사진%20%281%29.png"
    assert encode_like("사진.png", "%EC%82%AC.png") == "%EC%82%AC%EC%A7%84.png"
    assert encode_fragment("tcp와-udp") == "tcp와-udp"
    assert encode_fragment("a b(c)") == "a%20b%28c%29"


def _resolve(tmp_path: Path, note: str, raw: str) -> tuple[State, str]:
    engine = make_engine(root=tmp_path)
    doc = Document.from_text("x\n", tmp_path / note)
    resolution = resolve(parse_destination(raw, 0, html=False), doc, engine.context)
    return resolution.state, resolution.corrected


def test_resolve(tmp_path: Path) -> None:
    (tmp_path / "notes" / "img").mkdir(parents=True)
    (tmp_path / "notes" / "img" / "Flow.png").write_bytes(b"")
    assert _resolve(tmp_path, "notes/n.md", "img/Flow.png") == (State.EXACT, "img/Flow.png")
    assert _resolve(tmp_path, "notes/n.md", "/notes/img/Flow.png") == (State.EXACT, "/notes/img/Flow.png")
    assert _resolve(tmp_path, "notes/n.md", "../notes/./img/Flow.png") == (State.EXACT, "../notes/./img/Flow.png")
    assert _resolve(tmp_path, "notes/n.md", "IMG\\flow.PNG") == (State.RESPELLED, "img/Flow.png")
    assert _resolve(tmp_path, "notes/n.md", ",/img/Flow.png") == (State.RESPELLED, "./img/Flow.png")
    assert _resolve(tmp_path, "notes/n.md", "img/none.png")[0] is State.MISSING
    assert _resolve(tmp_path, "notes/n.md", "../../x.png")[0] is State.OUTSIDE
    assert _resolve(tmp_path, "n.md", "../../issues")[0] is State.GITHUB_PAGE
    assert _resolve(tmp_path, "notes/n.md", "../../issues")[0] is State.OUTSIDE


def test_fragments() -> None:
    doc = Document.from_text('<a name="Intro"></a><a id="low"></a>\n\n## Web Storage\n#### 💡 질문\n#### 💡 질문\n')
    assert match_fragment(doc, "web-storage") == (FragmentMatch.EXACT, "web-storage")
    assert match_fragment(doc, "-질문-1") == (FragmentMatch.EXACT, "-질문-1")
    assert match_fragment(doc, "user-content-low") == (FragmentMatch.EXACT, "low")
    assert match_fragment(doc, "Web-Storage") == (FragmentMatch.CASE, "web-storage")
    assert match_fragment(doc, "LOW") == (FragmentMatch.CASE, "low")
    assert match_fragment(doc, "Intro") == (FragmentMatch.UPPER_ANCHOR, "Intro")
    assert match_fragment(doc, "intro") == (FragmentMatch.UPPER_ANCHOR, "Intro")
    assert match_fragment(doc, "L12") == (FragmentMatch.EXACT, None)
    assert match_fragment(doc, "없음") == (FragmentMatch.NONE, None)
    ranked = closest_anchors(doc, "Web Storage!")
    assert ranked[0].name == "web-storage" and ranked[0].ratio == 1.0


def test_unparsed_images() -> None:
    text = (
        "![a](my pic.png) ![b](ok.png) `![c](in code.png)` \\![d](escaped x.png)\n"
        '![e](https://x.com/a b.png "t") ![f](<angle ok.png>) [g](link x.md) ![h](a (1) b.png)\n'
    )
    doc = Document.from_text(text)
    found = [(text[i.span.start : i.span.end], i.destination.written) for i in doc.unparsed_images]
    assert found == [
        ("![a](my pic.png)", "my pic.png"),
        ('![e](https://x.com/a b.png "t")', "https://x.com/a b.png"),
        ("![h](a (1) b.png)", "a (1) b.png"),
    ]
