"""The document model on tricky input: positions, rendered headings, links, fences, prose."""

from __future__ import annotations

import time

from checker.destination import Kind
from checker.diagnostic import Span
from checker.document import Document
from checker.views import LinkSyntax


def _at(doc: Document, span: Span) -> str:
    return doc.text[span.start : span.end]


# -- headings -----------------------------------------------------------------------------------


def test_heading_text_is_rendered_text() -> None:
    doc = Document.from_text(
        "## [TCP와 UDP](#tcp와-udp-답변)\n"
        "## `GET` vs **POST**\n"
        "## HTTP <del>1.0</del> 1.1\n"
        "## ![i](x.png) 제목\n"
        "## A &amp; B ##\n"
        "세텍스트\n제목\n---\n"
    )
    assert [h.text for h in doc.headings] == [
        "TCP와 UDP",
        "GET vs POST",
        "HTTP 1.0 1.1",
        " 제목",
        "A & B",
        "세텍스트\n제목",
    ]
    assert [h.slug for h in doc.headings] == ["tcp와-udp", "get-vs-post", "http-10-11", "-제목", "a--b", "세텍스트제목"]
    assert [h.level for h in doc.headings] == [2, 2, 2, 2, 2, 2]
    setext = doc.headings[-1]
    assert setext.setext and _at(doc, setext.span) == "세텍스트\n제목\n---"


def test_emoji_heading_and_duplicates() -> None:
    doc = Document.from_text("#### 💡 질문\n\n답\n\n#### 💡 질문\n\n#### 💡 질문-1\n")
    assert [h.slug for h in doc.headings] == ["-질문", "-질문-1", "-질문-1-1"]


def test_del_around_a_heading_is_no_heading() -> None:
    doc = Document.from_text("<del>#### 💡 Encapsulation 설명</del>\n\n#### 💡 진짜\n")
    assert [h.text for h in doc.headings] == ["💡 진짜"]
    assert doc.prose[0].kind == "paragraph"  # GitHub shows it as struck-through text


def test_heading_spans_with_crlf_and_closing_hashes() -> None:
    doc = Document.from_text("intro\r\n\r\n### 제목 ###\r\n")
    (heading,) = doc.headings
    assert _at(doc, heading.text_span) == "제목"
    assert doc.location(heading.text_span).line == 3
    assert doc.location(heading.text_span).column == 5


# -- links --------------------------------------------------------------------------------------


def test_inline_link_destination_span_and_decoding() -> None:
    doc = Document.from_text('보기: [링크](#%EC%A7%88%EB%AC%B8-1) 와 ![그림](이미지/다이어그램.png "제목")\n')
    anchor, image = doc.links
    assert (anchor.destination, anchor.decoded, anchor.dest.fragment) == ("#%EC%A7%88%EB%AC%B8-1", "#질문-1", "질문-1")
    assert anchor.dest.kind is Kind.FRAGMENT and anchor.dest.span == anchor.destination_span
    assert _at(doc, anchor.destination_span) == "#%EC%A7%88%EB%AC%B8-1"
    assert image.image and image.text == "그림"
    assert _at(doc, image.destination_span) == "이미지/다이어그램.png"
    assert image.dest.decoded_path == "이미지/다이어그램.png"
    assert image.dest.kind is Kind.LOCAL


def test_parentheses_angle_brackets_and_escapes() -> None:
    doc = Document.from_text("[a](foo(bar).md) [b](<my file.png>) [c](x\\_y.png) ![d](a(b).png)\n")
    found = [(link.destination, link.decoded, link.angle, _at(doc, link.destination_span)) for link in doc.links]
    assert found == [
        ("foo(bar).md", "foo(bar).md", False, "foo(bar).md"),
        ("my file.png", "my file.png", True, "my file.png"),
        ("x\\_y.png", "x_y.png", False, "x\\_y.png"),
        ("a(b).png", "a(b).png", False, "a(b).png"),
    ]


def test_links_in_quotes_lists_and_tables() -> None:
    text = (
        "> 인용 [q](q.md)\n"
        "> > 중첩 ![n](n.png)\n"
        "\n"
        "- 항목\n"
        "  - 하위 [s](./s.md)\n"
        "\n"
        "| 열 | 그림 |\n"
        "|---|---|\n"
        "| `a\\|b` [t](t.md) | ![u](u.png) |\n"
    )
    doc = Document.from_text(text)
    assert [(_at(doc, link.destination_span), doc.location(link.destination_span).line) for link in doc.links] == [
        ("q.md", 1),
        ("n.png", 2),
        ("./s.md", 5),
        ("t.md", 9),
        ("u.png", 9),
    ]


def test_reference_links_point_at_the_definition() -> None:
    doc = Document.from_text('[a][ref] 와 ![b][img] 와 [Img][]\n\n[ref]: ./x.md "t"\n[img]: <pic.png>\n')
    kinds = [(link.syntax, link.reference, _at(doc, link.destination_span)) for link in doc.links]
    assert kinds == [
        (LinkSyntax.REFERENCE, "REF", "./x.md"),
        (LinkSyntax.REFERENCE, "IMG", "pic.png"),
        (LinkSyntax.REFERENCE, "IMG", "pic.png"),
    ]
    assert doc.links[1].image and not doc.links[2].image


def test_autolinks_and_html() -> None:
    doc = Document.from_text(
        '<https://example.com/a> <img src="./a b.png" alt="x"> <a href="#top">위</a>\n\n'
        "<div>\n<img src='k.png'>\n</div>\n"
    )
    found = [(link.syntax, link.image, _at(doc, link.destination_span)) for link in doc.links]
    assert found == [
        (LinkSyntax.AUTOLINK, False, "https://example.com/a"),
        (LinkSyntax.HTML, True, "./a b.png"),
        (LinkSyntax.HTML, False, "#top"),
        (LinkSyntax.HTML, True, "k.png"),
    ]


def test_file_urls_are_links_as_on_github() -> None:
    doc = Document.from_text("![x](file:///C:/Users/a/b.png)\n")
    assert [link.destination for link in doc.links] == ["file:///C:/Users/a/b.png"]


def test_link_in_a_heading_knows_its_heading() -> None:
    doc = Document.from_text("## [제목](#제목-답변)\n\n[본문](#x)\n")
    assert [link.heading for link in doc.links] == [0, None]


def test_tabs_and_crlf_positions() -> None:
    doc = Document.from_text("-\t항목 [a](b.md)\r\n\r\n\t\t코드 [x](y)\r\n")
    (link,) = doc.links  # the tab-indented line is an indented code block
    assert _at(doc, link.destination_span) == "b.md"


# -- anchors, fences, comments, prose --------------------------------------------------------------


def test_explicit_anchors() -> None:
    doc = Document.from_text('<a name="top"></a>\n\n# 제목 <span id="here">x</span>\n\n<div id=\'box\'>\n</div>\n')
    assert sorted(anchor.name for anchor in doc.anchors) == ["box", "here", "top"]


def test_fences() -> None:
    doc = Document.from_text("```\n답변\n```\n\n~~~java\nint x;\n~~~\n\n```text\n열린 채\n")
    plain, java, unclosed = doc.fences
    assert (plain.prose, plain.closed, plain.content) == (True, True, "답변\n")
    assert (java.prose, java.language) == (False, "java")
    assert (unclosed.prose, unclosed.closed) == (True, False)
    assert _at(doc, plain.content_span) == "답변"


def test_front_matter_is_skipped() -> None:
    doc = Document.from_text("---\ntitle: x\n---\n# 제목\n")
    assert [h.text for h in doc.headings] == ["제목"]
    assert doc.front_matter == Span(0, 17)


def test_comments_outside_code() -> None:
    doc = Document.from_text("<!-- a -->\n\n텍스트 <!-- b -->\n\n```\n<!-- c -->\n```\n")
    assert [c.body.strip() for c in doc.comments] == ["a", "b"]


def test_prose_blanks_markup_and_keeps_offsets() -> None:
    text = (
        "HTTPS는 [433](https://blog.example/433)번 포트 https://x.io/433 <b>굵게</b>\n"
        "\n"
        "> 인용 안의 문장\n"
        "\n"
        "```\n펜스 안 답변\n```\n"
        "\n"
        "```java\nint port = 433;\n```\n"
    )
    doc = Document.from_text(text)
    blocks = {b.kind: b for b in doc.prose}
    paragraph = doc.prose[0]
    assert "blog.example" not in paragraph.text and "x.io" not in paragraph.text
    assert "<b>" not in paragraph.text and "굵게" in paragraph.text
    assert paragraph.text.index("433") == text.index("433")
    assert "int port" not in "".join(b.text for b in doc.prose)
    assert blocks["fence"].text == "펜스 안 답변"
    quote = doc.prose[1]
    assert quote.text == "인용 안의 문장" and doc.text[quote.start : quote.start + 2] == "인용"


def test_prose_in_multiline_quote_blanks_the_markers() -> None:
    doc = Document.from_text("> 첫 줄\n> 둘째 줄\n")
    (block,) = doc.prose
    assert block.text == "첫 줄\n  둘째 줄"


def test_no_quadratic_work_on_many_links() -> None:
    """8x the input costs about 8x the work (measured in parsed links, not seconds)."""
    unit = "".join(f"[링크 {i}](./img/{i}.png) 와 ![그림](a({i}).png)\n" for i in range(200))
    small, large = Document.from_text(unit * 3), Document.from_text(unit * 24)
    assert len(large.links) == 8 * len(small.links)

    def cost(doc_text: str) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            doc = Document.from_text(doc_text)
            assert doc.links and doc.prose is not None and doc.headings is not None
            best = min(best, time.perf_counter() - start)
        return best

    ratio = cost(unit * 24) / cost(unit * 3)
    assert ratio < 8 * 2.5, f"8x input took {ratio:.1f}x the time"


def test_code_spans_have_source_positions() -> None:
    text = "a `![a](my image.png)` b\n\n> | x | `y` |\n> |---|---|\n> | ``z` w`` | q |\n\n`unclosed\n"
    doc = Document.from_text(text)
    assert [_at(doc, span) for span in doc.code_spans] == ["`![a](my image.png)`", "`y`", "``z` w``"]


def test_footnotes_are_not_links() -> None:
    """GitHub reads `[^1]` + `[^1]: text` as a footnote; CommonMark alone would make it a link."""
    doc = Document.from_text("본문[^1] 그리고 [^노트], [링크][r].\n\n[^1]: 책이름\n[^노트]: ./a.md\n[r]: ./b.md\n")
    assert [link.destination for link in doc.links] == ["./b.md"]


def test_tags_inside_html_comments_are_not_links_or_anchors() -> None:
    text = '<!-- <img src="old.png"> <a name="x"></a> -->\n\n글 <!-- <a href="#gone">x</a> --> <a href="#y">y</a>\n'
    doc = Document.from_text(text)
    assert [(link.destination, _at(doc, link.destination_span)) for link in doc.links] == [("#y", "#y")]
    assert doc.anchors == []


def test_links_after_an_empty_table_cell_keep_their_offsets() -> None:
    # An empty cell is a cell: the link of the next cell (and of later rows) is read where it is.
    doc = Document.from_text(
        "|a|b|c|\n|-|-|-|\n|1||[x](https://e.com/p/q.md)|\n|2|y|[x](https://e.com/p/r.md)|\n"
        "> |a|b|\n> |-|-|\n> ||[x](#y)|\n\n"
        "a|b\n-|-\n|[x](q.md)\n x \\| y | [z](w.md)\n"
    )
    found = [(link.destination, _at(doc, link.destination_span), doc.location(link.span).line) for link in doc.links]
    assert found == [
        ("https://e.com/p/q.md", "https://e.com/p/q.md", 3),
        ("https://e.com/p/r.md", "https://e.com/p/r.md", 4),
        ("#y", "#y", 7),
        ("q.md", "q.md", 11),
        ("w.md", "w.md", 12),
    ]


def test_heading_text_keeps_a_trailing_no_break_space() -> None:
    # CommonMark strips spaces and tabs only; GitHub's text keeps the NBSP (its slug drops it).
    doc = Document.from_text("## 6. 쿠키\xa0\n")
    (heading,) = doc.headings
    assert (heading.text, heading.slug) == ("6. 쿠키\xa0", "6-쿠키")


def test_one_list_of_prose_fence_languages() -> None:
    """`checker.parser.PROSE_FENCE_LANGUAGES` is the only copy: the Q&A model, the rules and the
    scripts ask `is_prose_fence` (CS203 once missed answers in ```plaintext fences)."""
    from pathlib import Path  # noqa: PLC0415

    from checker.parser import PROSE_FENCE_LANGUAGES, is_prose_fence  # noqa: PLC0415

    assert all(is_prose_fence(info) for info in ("", "plaintext", "TEXT title", "md"))
    assert not is_prose_fence("java")
    repo = Path(__file__).resolve().parent.parent
    copies = [
        path.relative_to(repo).as_posix()
        for folder in ("checker", "rules", "scripts")
        for path in (repo / folder).rglob("*.py")
        if '"txt"' in path.read_text(encoding="utf-8")
    ]
    assert copies == ["checker/parser.py"]
    assert "plaintext" in PROSE_FENCE_LANGUAGES
