"""Hypothesis strategies for study-style Markdown, shared by the fixing and reliability tests.

Documents are built from the pieces real notes are made of — Korean text, ATX/setext and `💡`
headings, fences (open, closed, nested, inside quotes and lists), links and images with odd
destinations (inline, reference, autolink, HTML; escapes, percent signs, paths leaving the root),
HTML (details, comments, suppressions, unclosed tags), tables, front matter, footnotes, quotes
and lists nested past markdown-it's nesting limit, conflict blocks (complete, partial, nested) and
odd characters (U+2028, vertical tab, zero-width, combining marks, a BOM mid-text) — then given
random line endings (LF, CRLF, CR, mixed), an optional BOM and, sometimes, NUL characters.
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

# Characters that have tripped up Markdown tools: separators Python's str.splitlines() honours but
# Markdown does not, zero-width and combining marks, a BOM in mid-text, tabs, entities.
ODD_CHARACTERS = [
    "\u2028",
    "\u2029",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x85",
    "\ufeff",
    "\u200b",
    "\u0301",
    "\t",
    "&amp;",
    "&#35;",
]

words = st.sampled_from(KOREAN_WORDS + ASCII_WORDS)
text_line = st.lists(
    st.one_of(words, words, words, st.sampled_from(PUNCTUATION), st.sampled_from(ODD_CHARACTERS)),
    min_size=1,
    max_size=8,
).map(" ".join)
ODD_DESTINATIONS = [
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
    # paths that leave the root: findings, never look-ups outside it
    "../../../../../../etc/passwd",
    "/../../etc/passwd",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "img/../../../../etc/hostname",
    "./img/./../img/a.png",
    # odd encodings and escapes
    "%",
    "%ZZ",
    "%EC%A7",
    "a\\(b\\).png",
    "img\\a.png",
    "#",
    "?q=1",
    "#L10-L20",
    "IMG/A.PNG",
    "img/a.png#",
    "./한글%20파일.md#제목-1",
    "한.md",  # NFD
    "<>",
    "<a<b>",
    # schemes and machines
    "file:///etc/passwd",
    "\\\\server\\share\\a.png",
    "javascript:alert(1)",
    "data:image/png;base64,iVBORw0KGgo=",
    "//example.com/a.png",
    "mailto:a@b.c",
    "{{ site.baseurl }}/a.png",
    "https://github.com/o/r/blob/main/a.png",
    "/Users/me/Library/typora-user-images/a.png",
    # the other notes of a generated folder (tests/test_robustness.py writes n00.md, n01.md …)
    "n00.md#질문",
    "./n01.md#%EC%A7%88%EB%AC%B8",
    "n02.md#-질문",
    "N03.md",
    "n04.md#tcp",
]
destination = st.one_of(
    st.sampled_from(ODD_DESTINATIONS),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n\r"), max_size=12),
)
title = st.sampled_from(["", "", ' "제목"', " 'title'", ' "with \\" quote"', " (paren)"])


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
    label = draw(text_line)
    shape = draw(st.sampled_from(["inline", "inline", "inline", "reference", "collapsed", "autolink", "html"]))
    dest = draw(destination)
    if shape == "reference":
        return f"{bang}[{label}][{draw(st.sampled_from(['r', 'R', '참고', 'x y']))}]"
    if shape == "collapsed":
        return f"{bang}[r][]"
    if shape == "autolink":
        return f"<{draw(st.sampled_from(['https://example.com/a', 'mailto:a@b.c', 'http://x', dest]))}>"
    if shape == "html":
        quote = draw(st.sampled_from(['"', "'", ""]))
        tag = "img src" if bang else "a href"
        return f"<{tag}={quote}{dest}{quote}>" + ("" if bang else f"{label}</a>")
    return f"{bang}[{label}]({dest}{draw(title)})"


definition = st.builds(
    lambda label, dest, t: f"[{label}]: {dest}{t}",
    st.sampled_from(["r", "R", "참고", "x y", "^1"]),
    destination,
    title,
)


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(text_line, link()), min_size=1, max_size=4))
    return " ".join(parts)


@st.composite
def fence(draw: st.DrawFn) -> str:
    marker = draw(st.sampled_from(["```", "~~~", "````", "`````"]))
    info = draw(st.sampled_from(["", "", "java", "diff", "text", "md", "python {.x}"]))
    # a body may hold shorter fence lines (nested: they do not close it), conflict markers, links
    inner = st.one_of(
        text_line, text_line, link(), st.sampled_from(["```", "~~~", "```java", "<<<<<<< HEAD", "=======", ">>>>>>> x"])
    )
    body = draw(st.lists(inner, max_size=4))
    closed = draw(st.booleans())
    closing = [draw(st.sampled_from([marker, marker + "  ", " " + marker, marker + "`"]))] if closed else []
    fenced = "\n".join([marker + info, *body, *closing])
    container = draw(st.sampled_from(["", "", "", "> ", "- ", "1. ", "   "]))
    if container:
        indent = " " * len(container)
        lines = fenced.split("\n")
        fenced = "\n".join(
            [container + lines[0], *((container if container == "> " else indent) + x for x in lines[1:])]
        )
    return fenced


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
        "<details><summary>TCP란?</summary>\n\n</details>",
        "<details>\n<summary><b>질문</b> <!-- x --> 인가요?",
        '<img src="./a.png" width="300">',
        '<img src="../../../etc/passwd">',
        "<img src=img/a.png alt='그림'/>",
        '<a name="top"></a>',
        '<a id="Upper-Anchor"></a>',
        "<del>#### 💡 지운 질문</del>",
        "<!-- cscheck-disable-next-line CS201 -->",
        "<!-- cscheck-disable CS3 -- 이유 -->",
        "<!-- cscheck-enable CS3 -->",
        "<!-- cscheck-disable-file CS501 -->",
        "<!-- cscheck-disable-line broken-link -->",
        "<!-- cscheck-disable-next-line nonsense -->",
        "<!-- 닫히지 않은 주석",
        "<br>",
        "<div>\n<p>문단</p>\n",
        "<div <a <a b=c",
        "<p>" + '<a b="<c d ' * 3,
    ]
)
front_matter = st.sampled_from(["---\ntitle: 노트\ntags: [a, b]\n---", "---\n---", "---\ntitle: x\n..."])
footnote = st.sampled_from(["본문[^1] 이다.\n\n[^1]: 각주", "[^노트]: ./a.md"])


@st.composite
def nested(draw: st.DrawFn) -> str:
    """Quotes and lists nested up to and past markdown-it's nesting limit."""
    depth = draw(st.integers(1, 60))
    unit = draw(st.sampled_from(["> ", "- ", "1. ", "> - ", "* "]))
    content = draw(st.one_of(text_line, link(), heading()))
    if draw(st.booleans()):
        return unit * depth + content
    indent = "  " if unit in ("- ", "* ") else ""
    lines = [
        (indent * i if indent else unit * (i + 1)) + (unit if indent else "") + draw(text_line) for i in range(depth)
    ]
    return "\n".join([*lines, content])


table = st.lists(text_line, min_size=2, max_size=3).map(
    lambda cells: "| " + " | ".join(cells) + " |\n|---|---|\n| a | b |"
)
quote = st.lists(st.one_of(text_line, link()), min_size=1, max_size=3).map(
    lambda lines: "\n".join("> " + x for x in lines)
)
listing = st.lists(st.one_of(text_line, link()), min_size=1, max_size=3).map(
    lambda lines: "\n".join("- " + x for x in lines)
)

block = st.one_of(
    heading(),
    setext(),
    paragraph(),
    fence(),
    conflict(),
    html,
    table,
    quote,
    listing,
    definition,
    footnote,
    nested(),
)


@st.composite
def study_markdown(draw: st.DrawFn) -> str:
    """A document with ``\\n`` line endings."""
    blocks = draw(st.lists(block, max_size=12))
    if draw(st.integers(0, 9)) == 0:
        blocks.insert(0, draw(front_matter))
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
