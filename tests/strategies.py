"""Hypothesis strategies for study-style Markdown, shared by the fixing and reliability tests.

Documents are built from the pieces real notes are made of — Korean text, ATX/setext and `💡`
headings, fences (open, closed, nested), links and images with odd destinations, HTML, tables,
conflict blocks (complete, partial, nested) — then given random line endings (LF, CRLF, CR,
mixed), an optional BOM and, sometimes, NUL characters.
"""

from __future__ import annotations

from hypothesis import strategies as st

KOREAN_WORDS = [
    "질문",
    "답변",
    "전송",
    "계층",
    "프로토콜",
    "연결형",
    "비연결형",
    "포트",
    "소켓",
    "세션",
    "쿠키",
    "토큰",
]
ASCII_WORDS = ["TCP", "UDP", "HTTP", "HTTPS", "443", "LAST_ACK", "OPTIONS", "DNS", "TLS", "JWT", "REST", "x"]
PUNCTUATION = ["?", ".", ",", "!", "·", "(", ")", "[", "]", "`", "*", "_", "#", "<", ">", "|", "\\", "~"]

words = st.sampled_from(KOREAN_WORDS + ASCII_WORDS)
text_line = st.lists(st.one_of(words, st.sampled_from(PUNCTUATION)), min_size=1, max_size=8).map(" ".join)
destination = st.one_of(
    st.sampled_from(
        [
            "./img/a.png",
            "img/없는파일.png",
            ",/jwt.png",
            "#질문",
            "#%EC%A7%88%EB%AC%B8",
            "other.md#x",
            "../up.md",
            "/root.md",
            "https://example.com/433",
            "<with space.png>",
            "a(b).png",
            "C:\\Users\\me\\a.png",
            "",
        ]
    ),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n\r"), max_size=12),
)


@st.composite
def heading(draw: st.DrawFn) -> str:
    level = draw(st.integers(1, 6))
    bulb = draw(st.sampled_from(["", "💡 ", "💡", "💡  "]))
    space = draw(st.sampled_from([" ", " ", " ", ""]))
    indent = draw(st.sampled_from(["", "", " ", "    "]))
    return f"{indent}{'#' * level}{space}{bulb}{draw(text_line)}"


@st.composite
def setext(draw: st.DrawFn) -> str:
    return f"{draw(text_line)}\n{draw(st.sampled_from(['===', '---', '=======']))}"


@st.composite
def link(draw: st.DrawFn) -> str:
    bang = draw(st.sampled_from(["", "!"]))
    return f"{bang}[{draw(text_line)}]({draw(destination)})"


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(text_line, link()), min_size=1, max_size=4))
    return " ".join(parts)


@st.composite
def fence(draw: st.DrawFn) -> str:
    marker = draw(st.sampled_from(["```", "~~~", "````"]))
    info = draw(st.sampled_from(["", "", "java", "diff", "text"]))
    body = draw(st.lists(text_line, max_size=4))
    closed = draw(st.booleans())
    closing = [marker] if closed else []
    return "\n".join([marker + info, *body, *closing])


@st.composite
def conflict(draw: st.DrawFn) -> str:
    ours = draw(st.lists(st.one_of(heading(), paragraph()), max_size=3))
    theirs = draw(st.lists(st.one_of(heading(), paragraph()), max_size=3))
    shape = draw(st.sampled_from(["complete", "complete", "diff3", "no-end", "no-start", "nested"]))
    if shape == "diff3":
        base = draw(st.lists(paragraph(), max_size=2))
        return "\n".join(["<<<<<<< HEAD", *ours, "||||||| base", *base, "=======", *theirs, ">>>>>>> x"])
    if shape == "no-end":
        return "\n".join(["<<<<<<< HEAD", *ours, "=======", *theirs])
    if shape == "no-start":
        return "\n".join([*ours, "=======", *theirs, ">>>>>>> x"])
    if shape == "nested":
        inner = "\n".join(["<<<<<<< HEAD", *ours, "=======", *theirs, ">>>>>>> inner"])
        return "\n".join(["<<<<<<< HEAD", inner, "=======", *theirs, ">>>>>>> outer"])
    return "\n".join(["<<<<<<< HEAD", *ours, "=======", *theirs, ">>>>>>> 9e5c616fd0fc2dd197862be9378a9717e4d3ae03"])


html = st.sampled_from(
    [
        "<details>\n<summary>질문?</summary>\n\n답\n\n</details>",
        '<img src="./a.png" width="300">',
        '<a name="top"></a>',
        "<del>#### 💡 지운 질문</del>",
        "<!-- cscheck-disable-next-line CS201 -->",
        "<br>",
        "<div>\n<p>문단</p>\n",
    ]
)
table = st.lists(text_line, min_size=2, max_size=3).map(
    lambda cells: "| " + " | ".join(cells) + " |\n|---|---|\n| a | b |"
)
quote = st.lists(st.one_of(text_line, link()), min_size=1, max_size=3).map(
    lambda lines: "\n".join("> " + x for x in lines)
)
listing = st.lists(st.one_of(text_line, link()), min_size=1, max_size=3).map(
    lambda lines: "\n".join("- " + x for x in lines)
)

block = st.one_of(heading(), setext(), paragraph(), fence(), conflict(), html, table, quote, listing)


@st.composite
def study_markdown(draw: st.DrawFn) -> str:
    """A document with ``\\n`` line endings."""
    blocks = draw(st.lists(block, max_size=12))
    separators = draw(st.lists(st.sampled_from(["\n", "\n\n"]), min_size=len(blocks), max_size=len(blocks)))
    text = "".join(b + sep for b, sep in zip(blocks, separators, strict=True))
    return text if draw(st.booleans()) else text.rstrip("\n")


@st.composite
def study_bytes(draw: st.DrawFn, nul: bool = False) -> bytes:
    """A document as a file holds it: random line endings per line, maybe a BOM, maybe NULs."""
    text = draw(study_markdown())
    lines = text.split("\n")
    style = draw(st.sampled_from(["lf", "crlf", "cr", "mixed"]))
    endings = {"lf": ["\n"], "crlf": ["\r\n"], "cr": ["\r"], "mixed": ["\n", "\r\n", "\r"]}[style]
    out = []
    for index, line in enumerate(lines):
        out.append(line)
        if index < len(lines) - 1:
            out.append(draw(st.sampled_from(endings)))
    raw = "".join(out)
    if nul and draw(st.booleans()):
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + "\0" + raw[at:]
    data = raw.encode("utf-8")
    return b"\xef\xbb\xbf" + data if draw(st.booleans()) else data
