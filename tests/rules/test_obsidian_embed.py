from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Case, run_case

RULE = "obsidian-embed"

CASES = [
    Case(
        "a pasted image committed next to the note's images",
        "그림:\n\n![[Pasted image 20230101.png]]\n",
        expect=[(3, 1)],
        fixed="그림:\n\n![](./images/Pasted%20image%2020230101.png)\n",
        files={"images/Pasted image 20230101.png": b""},
        message=("Obsidian syntax", "`![](path)`"),
    ),
    Case(
        "a path as written, with a size, in a list and a table",
        "- ![[img/tcp.png|300]]\n\n| ![[img/tcp.png]] |\n|---|\n",
        expect=[(1, 3), (3, 3)],
        fixed="- ![](./img/tcp.png)\n\n| ![](./img/tcp.png) |\n|---|\n",
        files={"img/tcp.png": b""},
    ),
    Case(
        "from the root, for a note in a folder",
        "![[assets/a.png]]\n",
        path="os/note.md",
        expect=[(1, 1)],
        fixed="![](../assets/a.png)\n",
        files={"assets/a.png": b""},
    ),
    Case(
        "not in the repository: reported, no fix",
        "![[Pasted image 1.png]]\n",
        expect=[(1, 1)],
        message=("not in the repository either",),
    ),
    Case(
        "two candidates: no fix",
        "![[a.png]]\n",
        expect=[(1, 1)],
        files={"img/a.png": b"", "images/a.png": b""},
    ),
    Case("an embedded note: reported, no fix", "![[다른 노트]]\n", expect=[(1, 1)], message=("Link the note",)),
    Case("a link after it is Markdown", "![[a]](a.png)\n"),
    Case("in a code span", "`![[a.png]]`\n"),
    Case("in a fence", "```\n![[a.png]]\n```\n"),
    Case("escaped on purpose", "\\![[a.png]]\n"),
    Case("a wiki link is no embed", "[[a.png]]\n"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)
