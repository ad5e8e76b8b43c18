"""``cscheck report --output-format html`` opened in headless Chromium: an integration test (skips
without Chromium, fails in CI, where ``.ci/run`` installs ``chromium`` and ``fonts-noto-cjk``).

- ``--dump-dom``: the rows a reader sees — sections, counts, percentages, the Korean questions, the
  escaped ``<div>`` — read from the DOM Chromium built;
- ``--screenshot``: not blank, and the Korean text is drawn with real glyphs, not tofu boxes.

The glyph check. A copy of the page gets a script that, for every question link and section name,
adds a *twin* beside it: the same element, the same text, except that every Hangul character is
replaced by a code point from Supplementary Private Use Area-A, which no installed font covers
(checked with ``fc-list``), so Chromium can only draw it as the missing-glyph box. The script writes
both boxes' positions into the DOM; the screenshot of the same page at the same size gives their
pixels. Without a font that has Hangul, the Hangul characters are missing glyphs too and each text
draws exactly like its twin; with one, they differ in most of their ink. The check is proven able to
fail by :func:`test_glyph_check_detects_tofu_without_a_korean_font`, which renders the same page with a
fontconfig that offers only the installed fonts without Hangul.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require_tool
from tests.png import Image, read_png

pytestmark = pytest.mark.integration

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
WIDTH, HEIGHT = 1000, 1300
HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")

NETWORK = """\
# 네트워크

## TCP와 UDP

#### 💡 TCP와 UDP의 차이를 설명해주세요.

```
TCP는 연결형, UDP는 비연결형 전송 계층 프로토콜이다.
```

#### 💡 3-way handshake 과정을 설명해주세요.

## HTTP

#### 💡 HTTPS는 어떻게 동작하나요?

HTTPS는 TLS 위에서 HTTP를 주고받는다.

#### 💡 쿠키와 세션의 차이는?
"""
WEB = """\
# 웹

## 질문 목록

#### 💡 CORS란 무엇인가요?
#### 💡 `<div>`와 `<span>`의 차이는?

## 답변

#### 💡 CORS란 무엇인가요?

다른 출처의 리소스를 요청할 때 브라우저가 적용하는 정책이다.
"""

PROBE = r"""
<script>
(() => {
  const hangul = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/;
  const tofu = (text) => Array.from(text, (c, i) => hangul.test(c) ? String.fromCodePoint(0xF0000 + i) : c).join("");
  const box = (element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const r = range.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  };
  const pairs = [];
  for (const original of document.querySelectorAll("a.question, td.section-name")) {
    const holder = original.closest("li, tr");
    const copy = holder.cloneNode(true);
    const twin = copy.querySelector("." + original.className);
    twin.textContent = tofu(original.textContent);
    holder.parentNode.appendChild(copy);
    pairs.push([original, twin]);
  }
  const probe = pairs.map(([original, twin]) => ({text: original.textContent, korean: box(original), tofu: box(twin)}));
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify(probe);
  document.body.appendChild(out);
})();
</script>
"""


# -- Chromium -----------------------------------------------------------------------------------


def browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return require_tool("chromium")  # skips, or fails in CI


def chromium(profile: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    profile.mkdir(parents=True, exist_ok=True)
    command = [
        browser(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--window-size={WIDTH},{HEIGHT}",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def dump_dom(page: Path, profile: Path, env: dict[str, str] | None = None) -> str:
    return chromium(profile, "--dump-dom", page.as_uri(), env=env).stdout


def screenshot(page: Path, profile: Path, target: Path, env: dict[str, str] | None = None) -> Image:
    chromium(profile, f"--screenshot={target}", page.as_uri(), env=env)
    return read_png(target)


# -- the DOM, as a small tree -------------------------------------------------------------------

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text for child in self.children)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    yield child
                yield from child.find_all(tag, cls)

    def find(self, tag: str | None = None, cls: str | None = None) -> Node:
        return next(self.find_all(tag, cls))


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {key: value or "" for key, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_dom(markup: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


# -- the page under test ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("study")
    (folder / "notes").mkdir()
    (folder / "notes" / "network.md").write_text(NETWORK, encoding="utf-8")
    (folder / "notes" / "web.md").write_text(WEB, encoding="utf-8")
    page = folder / "report.html"
    done = subprocess.run(
        [sys.executable, "-m", "checker", "report", "--lang", "ko", "--output-format", "html", "notes"],
        cwd=folder,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    page.write_bytes(done.stdout)
    return page


def instrumented(page: Path, target: Path) -> Path:
    """A copy of ``page`` with the glyph probe; its CSP lets that one inline script run."""
    markup = page.read_text(encoding="utf-8")
    markup = markup.replace("default-src 'none';", "default-src 'none'; script-src 'unsafe-inline';", 1)
    target.write_text(markup.replace("</body>", PROBE + "</body>", 1), encoding="utf-8")
    return target


def test_dom_shows_the_sections_counts_and_questions(report_page: Path, tmp_path: Path) -> None:
    dom = parse_dom(dump_dom(report_page, tmp_path / "profile"))
    html = dom.find("html")
    assert html.attrs["lang"] == "ko"
    assert dom.find("p", "summary").text == "질문 6개 중 3개 답변 (50%), 파일 2개, 문제 3개"
    files = {}
    for section in dom.find_all("section", "file"):
        rows = [
            tuple(cell.text.strip() for cell in row.find_all("td") if "bar-cell" not in cell.classes)
            for row in section.find_all("tr", "section-row")
        ]
        widths = [row.find("span").attrs["style"] for row in section.find_all("div", "bar")]
        questions = [(a.text, a.attrs["href"]) for a in section.find_all("a", "question")]
        files[section.attrs["data-path"]] = (rows, widths, questions)
    assert files == {
        "notes/network.md": (
            [("TCP와 UDP", "1/2", "50%"), ("HTTP", "1/2", "50%")],
            ["width:50%;background:#dfb317", "width:50%;background:#dfb317"],
            [
                ("3-way handshake 과정을 설명해주세요.", "notes/network.md#L11"),
                ("쿠키와 세션의 차이는?", "notes/network.md#L19"),
            ],
        ),
        "notes/web.md": (
            # the index entry answered under 답변 counts once, there
            [("질문 목록", "0/1", "0%"), ("답변", "1/1", "100%")],
            ["width:0%;background:#e05d44", "width:100%;background:#4c1"],
            [("<div>와 <span>의 차이는?", "notes/web.md#L6")],
        ),
    }
    rules = [tuple(cell.text for cell in row.find_all("td")) for row in dom.find_all("tr", "rule-row")]
    assert rules == [("CS201 empty-answer", "오류", "3")]
    assert not list(dom.find_all("script"))


@dataclass(frozen=True)
class GlyphProbe:
    text: str
    difference: float  # share of the ink that differs between the text and its tofu twin (0: the same)
    ink: float  # share of the text's box that is ink


def _difference(image: Image, first: list[float], second: list[float]) -> float:
    """How differently two boxes are inked, at the best of a few one-pixel alignments."""
    width = int(max(first[2] - first[0], second[2] - second[0])) + 2
    height = int(max(first[3] - first[1], second[3] - second[1])) + 2
    a = image.ink(int(first[0]) - 1, int(first[1]) - 1, int(first[0]) - 1 + width, int(first[1]) - 1 + height)
    best = 1.0
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            left, top = int(second[0]) - 1 + dx, int(second[1]) - 1 + dy
            b = image.ink(left, top, left + width, top + height)
            union = differ = 0
            for row_a, row_b in zip(a, b, strict=False):
                for x, y in zip(row_a, row_b, strict=False):
                    union += x or y
                    differ += x != y
            if union:
                best = min(best, differ / union)
    return best


def glyph_probes(page: Path, folder: Path, env: dict[str, str] | None = None) -> tuple[list[GlyphProbe], Image]:
    probed = instrumented(page, folder / "probed.html")
    dom = parse_dom(dump_dom(probed, folder / "profile", env))
    pairs: list[dict[str, Any]] = json.loads(dom.find("pre").text)
    image = screenshot(probed, folder / "profile", folder / "probed.png", env)
    probes = []
    for pair in pairs:
        korean = pair["korean"]
        box = image.ink(int(korean[0]), int(korean[1]), int(korean[2]) + 1, int(korean[3]) + 1)
        area = max(1, sum(len(row) for row in box))
        probes.append(GlyphProbe(pair["text"], _difference(image, korean, pair["tofu"]), sum(map(sum, box)) / area))
    return probes, image


def test_screenshot_is_not_blank_and_shows_korean_glyphs(report_page: Path, tmp_path: Path) -> None:
    require_tool("fc-list")
    assert _fonts(":charset=f0000") == [], "a font covers the tofu code points: the glyph check cannot work"
    plain = screenshot(report_page, tmp_path / "profile", tmp_path / "report.png")
    assert (plain.width, plain.height) == (WIDTH, HEIGHT)
    colours = {plain.pixel(x, y) for y in range(0, plain.height, 4) for x in range(0, plain.width, 4)}
    dark = sum(plain.gray(x, y) < 128 for y in range(0, plain.height, 4) for x in range(0, plain.width, 4))
    assert len(colours) > 20 and dark > 500, "the screenshot is blank"

    probes, _ = glyph_probes(report_page, tmp_path)
    print(*probes, sep="\n")
    texts = [probe.text for probe in probes]
    assert "쿠키와 세션의 차이는?" in texts and "질문 목록" in texts and len(probes) == 7
    for probe in probes:
        assert probe.ink > 0.02, f"{probe.text!r} has no ink"
        if HANGUL.search(probe.text):
            assert probe.difference > 0.15, f"{probe.text!r} draws like missing-glyph boxes ({probe.difference:.2f})"


def _fonts(pattern: str) -> list[str]:
    done = subprocess.run(["fc-list", pattern, "file"], capture_output=True, text=True, check=True)
    return sorted({line.split(":")[0].strip() for line in done.stdout.splitlines() if line.strip()})


def test_glyph_check_detects_tofu_without_a_korean_font(report_page: Path, tmp_path: Path) -> None:
    """The same check under a fontconfig that offers only fonts without Hangul: it must see tofu."""
    require_tool("fc-list")
    excluded = set(_fonts(":charset=ac00")) | set(_fonts(":charset=f0000"))
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for number, path in enumerate(p for p in _fonts(":") if p not in excluded):
        (fonts / f"{number}-{Path(path).name}").symlink_to(path)
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{fonts}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    listed = subprocess.run(["fc-list", ":charset=ac00"], capture_output=True, text=True, env=env, check=True)
    assert listed.stdout.strip() == "", "the restricted fontconfig still offers Hangul"
    probes, _ = glyph_probes(report_page, tmp_path, env)
    print(*probes, sep="\n")
    assert len(probes) == 7
    for probe in probes:
        if HANGUL.search(probe.text):
            assert probe.difference < 0.05, f"{probe.text!r} ({probe.difference:.2f}): tofu not detected"


def test_badge_renders(report_page: Path, tmp_path: Path) -> None:
    badge = tmp_path / "badge.svg"
    done = subprocess.run(
        [sys.executable, "-m", "checker", "report", "--badge", str(badge), "notes"],
        cwd=report_page.parent,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    image = screenshot(badge, tmp_path / "profile", tmp_path / "badge.png")
    width = int(re.search(r'width="(\d+)"', badge.read_text(encoding="utf-8")).group(1))  # type: ignore[union-attr]

    def near(pixel: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
        return all(abs(a - b) <= 16 for a, b in zip(pixel, colour, strict=False))

    assert near(image.pixel(3, 10), (0x55, 0x55, 0x55))  # the label's grey
    assert near(image.pixel(width - 3, 10), (0xDF, 0xB3, 0x17))  # 50% answered: yellow
    assert image.gray(width + 20, 10) == 255  # nothing beyond the badge
    split = int(re.search(r'<rect x="(\d+)"', badge.read_text(encoding="utf-8")).group(1))  # type: ignore[union-attr]
    for left, right in ((3, split - 3), (split + 3, width - 3)):  # white text on both sides
        assert sum(image.gray(x, y) > 230 for x in range(left, right) for y in range(4, 16)) > 20
