"""``cscheck report``: counting (an index entry answered elsewhere counts once), every format read back
by a parser, the badge, exit codes, and the report on content/, the seed and corpus-dev's presets.
The page in a real browser is tests/test_report_chromium.py. Runs on ../shared pass --no-cache: the
reference notes are read, never written to."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import Result
from markdown_it import MarkdownIt

from checker import progress as report_module
from checker.progress import REPORT_FORMATS, badge_svg, display_width, ratio_color
from tests.conftest import REPO, shared

INDEXED = """\
# 네트워크

## 목차

#### 💡 TCP란?
#### 💡 UDP란?

## 전송 계층

#### 💡 TCP란?

연결형 전송 계층 프로토콜이다.

#### 💡 UDP란

#### 💡 흐름 제어란?

수신자가 처리할 수 있는 만큼만 보내게 한다.

#### 💡

빈 질문은 세지 않는다.
"""


def report_json(cli: Callable[..., Result], *args: str) -> dict[str, Any]:
    result = cli("report", "--lang", "en", "--output-format", "json", *args)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    jsonschema.validate(data, report_module.json_schema())
    return data


def test_formats_offered_by_the_cli(cli: Callable[..., Result]) -> None:
    help_text = cli("report", "--help").stdout
    assert "text|markdown|html|json" in help_text
    assert REPORT_FORMATS == ("text", "markdown", "html", "json")


def test_index_entries_answered_elsewhere_count_once(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(INDEXED, encoding="utf-8")
    data = report_json(cli, "a.md")
    (file,) = data["files"]
    # 6 questions in the model (one empty): TCP twice, UDP twice ("UDP란?" and "UDP란" are one), 흐름 제어
    assert (file["answered"], file["total"], file["percent"]) == (2, 3, 66)
    assert file["sections"] == [
        {"name": "목차", "answered": 0, "total": 1, "percent": 0},  # UDP: unanswered, so its first occurrence
        {"name": "전송 계층", "answered": 2, "total": 2, "percent": 100},  # TCP and 흐름 제어, where answered
    ]
    assert file["unanswered"] == [{"text": "UDP란?", "line": 6, "section": "목차", "link": "a.md#L6"}]
    assert data["summary"] == {
        "files": 1,
        "questions": 3,
        "answered": 2,
        "unanswered": 1,
        "percent": 66,
        "findings": sum(f["count"] for f in data["findings"]),
    }
    assert {f["code"] for f in file["findings"]} >= {"CS201", "CS202"}


def test_text_format(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "notes").mkdir()
    (in_tmp / "notes" / "a.md").write_text(INDEXED, encoding="utf-8")
    (in_tmp / "notes" / "empty.md").write_text("# 메모\n", encoding="utf-8")
    result = cli("report", "--lang", "ko", "notes")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("cscheck report: 질문 3개 중 2개 답변 (66%), 파일 2개, 문제 ")
    assert "notes/a.md  2/3 (66%)" in lines
    assert "notes/empty.md  질문 없음" in lines
    section_lines = [line for line in lines if line.startswith("  ") and line.endswith("%") and "/" in line]
    assert [line.split()[0] for line in section_lines] == ["목차", "전송"]
    # wide Hangul is padded by display width: the counts line up
    assert len({display_width(line[: line.index("/")]) for line in section_lines}) == 1
    assert "  ? notes/a.md:6  UDP란?" in lines
    assert any(line.startswith("  규칙별 문제: CS201 empty-answer ×") for line in lines)


def test_markdown_format_links_lines(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "노트 모음").mkdir()
    note = "## 표 | 기호\n\n#### 💡 `<b>` 태그와 *강조*의 차이는?\n"
    (in_tmp / "노트 모음" / "html.md").write_text(note, encoding="utf-8")
    result = cli("report", "--lang", "ko", "--output-format", "markdown", "노트 모음")
    assert result.exit_code == 0
    rendered = MarkdownIt("commonmark").enable(["table"]).render(result.stdout)
    assert "<td>표 | 기호</td>" in rendered  # the section name stays in its cell
    link = '<a href="%EB%85%B8%ED%8A%B8%20%EB%AA%A8%EC%9D%8C/html.md#L3">&lt;b&gt; 태그와 강조의 차이는?</a>'
    assert link in rendered  # the question's text as it reads, linked to its line
    assert "<code>노트 모음/html.md:3</code>" in rendered
    assert "## 답변이 없는 질문" in result.stdout


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_one_self_contained_escaped_page(cli: Callable[..., Result], in_tmp: Path) -> None:
    evil = '#### 💡 `<script>alert("x")</script>` & `<img src=x onerror=alert(1)>`는 어떻게 보이나요?\n'
    (in_tmp / 'q"<&.md').write_text(evil, encoding="utf-8")
    result = cli("report", "--lang", "ko", "--output-format", "html", ".")
    assert result.exit_code == 0
    page = result.stdout
    assert page.startswith('<!DOCTYPE html>\n<html lang="ko">')
    parser = _Page()
    parser.feed(page)
    tags = [tag for tag, _ in parser.tags]
    assert "script" not in tags and "img" not in tags and "link" not in tags
    assert not [attrs for _, attrs in parser.tags if "src" in attrs or "onerror" in attrs]
    lowered = page.lower()
    for needle in ("http://", "https://", "url(", "@import", "@font-face"):
        assert needle not in lowered, needle
    csp = next(a for t, a in parser.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp["content"].startswith("default-src 'none'")
    text = "".join(parser.text)
    assert '<script>alert("x")</script> & <img src=x onerror=alert(1)>는 어떻게 보이나요?' in text
    (link,) = [a for t, a in parser.tags if t == "a" and "question" in a.get("class", "")]
    assert link["href"] == "q%22%3C%26.md#L1"
    assert 'q"<&.md' in [a.get("data-path") for _, a in parser.tags]
    assert '"Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic"' in page


def test_badge_colours_and_svg(cli: Callable[..., Result], in_tmp: Path) -> None:
    assert [ratio_color(v) for v in (100, 90, 89, 75, 60, 40, 20, 19, 0, None)] == [
        "#4c1",
        "#4c1",
        "#97ca00",
        "#97ca00",
        "#a4a61d",
        "#dfb317",
        "#fe7d37",
        "#e05d44",
        "#e05d44",
        "#9f9f9f",
    ]
    (in_tmp / "a.md").write_text(INDEXED, encoding="utf-8")
    assert cli("report", "--badge", "badge.svg", "a.md").exit_code == 0
    root = ET.fromstring((in_tmp / "badge.svg").read_text(encoding="utf-8"))
    svg = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{svg}svg" and root.get("height") == "20" and int(root.get("width") or 0) > 60
    assert [t.text for t in root.iter(f"{svg}text")] == ["answered", "answered", "66%", "66%"]
    assert root.findtext(f"{svg}title") == "answered: 66%"
    fills = {rect.get("fill") for rect in root.iter(f"{svg}rect")}
    assert ratio_color(66) in fills
    empty = ET.fromstring(badge_svg(None))
    assert [t.text for t in empty.iter(f"{svg}text")][-1] == "no questions"


def test_exit_codes(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text("<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n", encoding="utf-8")
    assert cli("report", "a.md").exit_code == 0  # findings are reported, never fail the report
    missing = cli("report", "--lang", "en", "--output-format", "json", "a.md", "nope.md")
    assert missing.exit_code == 2 and "nope.md: no such file or folder" in missing.stderr
    assert json.loads(missing.stdout)["summary"]["files"] == 1
    assert cli("report", "--badge", "no/such/folder/b.svg", "a.md").exit_code == 2
    assert cli("report", "--output-format", "sarif", "a.md").exit_code == 2
    (in_tmp / "cscheck.toml").write_text("nope = 1\n", encoding="utf-8")
    bad = cli("report", "a.md")
    assert bad.exit_code == 2 and "unknown key" in bad.stderr


def test_select_and_ignore_filter_the_findings_not_the_questions(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(INDEXED, encoding="utf-8")
    everything = report_json(cli, "a.md")
    ignored = report_json(cli, "--ignore", "CS2", "a.md")
    assert ignored["summary"]["questions"] == everything["summary"]["questions"] == 3
    assert not any(f["code"].startswith("CS2") for f in ignored["findings"])
    only = report_json(cli, "--select", "CS201", "a.md")
    assert {f["code"] for f in only["findings"]} == {"CS201"}


# -- real notes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", REPORT_FORMATS)
def test_content(cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, output_format: str) -> None:
    monkeypatch.chdir(REPO)
    result = cli("report", "--lang", "ko", "--output-format", output_format, "content/")
    assert result.exit_code == 0, result.stderr
    assert "content/web/auth.md" in result.stdout


def test_content_figures(cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    """The notes pass the CI gate, so every question in them has an answer."""
    monkeypatch.chdir(REPO)
    data = report_json(cli, "content/")
    assert data["summary"]["questions"] >= 40
    assert data["summary"]["unanswered"] == 0 and data["summary"]["percent"] == 100


def test_seed(cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    seed = shared("seed", "000_0f84ac28c29cdedc.md")
    monkeypatch.chdir(seed.parent)
    data = report_json(cli, "--no-cache", seed.name)
    assert (data["summary"]["questions"], data["summary"]["answered"]) == (42, 41)
    (file,) = data["files"]
    assert [(q["line"], q["section"]) for q in file["unanswered"]] == [(53, "OSI 7 layers와 TCP/IP 4 layer")]
    assert {f["code"]: f["count"] for f in data["findings"]}["CS401"] >= 1
    for output_format in ("text", "markdown", "html"):
        assert cli("report", "--no-cache", "--lang", "ko", "--output-format", output_format, seed.name).exit_code == 0


@pytest.mark.parametrize(
    ("preset", "folder"),
    [
        ("ssafy", "SSAFY-CS-STUDY__Tech_interview"),
        ("details", "Seogeurim__CS-study"),
        ("bold-q", "WeareSoft__tech-interview"),
        ("bold-q", "techInterview-study__Tech_Interview_for_Beginner"),
        ("heading-question", "JaeYeopHan__Interview_Question_for_Beginner"),
    ],
)
def test_corpus_dev_presets(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, preset: str, folder: str
) -> None:
    corpus = shared("corpus-dev")
    config = tmp_path / "cscheck.toml"
    config.write_text(f'[questions]\npresets = ["{preset}"]\n', encoding="utf-8")
    monkeypatch.chdir(corpus)
    data = report_json(cli, "--no-cache", "--config", str(config), "--root", folder, folder)
    summary = data["summary"]
    assert summary["questions"] > 0
    assert summary["questions"] == sum(f["total"] for f in data["files"])
    assert summary["answered"] == sum(sum(s["answered"] for s in f["sections"]) for f in data["files"])
    assert summary["unanswered"] == sum(len(f["unanswered"]) for f in data["files"])
    for file in data["files"]:
        for question in file["unanswered"]:
            assert question["link"].endswith(f"#L{question['line']}")
    if preset == "ssafy":  # the topic README lists 121 questions: an index of 61 and 60 answers
        readme = next(f for f in data["files"] if f["path"].endswith("01.network/README.md"))
        assert (readme["answered"], readme["total"]) == (59, 61)
    html = cli("report", "--no-cache", "--config", str(config), "--root", folder, "--output-format", "html", folder)
    assert html.exit_code == 0 and html.stdout.count('class="section-row"') == sum(
        len(f["sections"]) for f in data["files"]
    )
