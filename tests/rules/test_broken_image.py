from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from checker.api import fix_text, lint_text, make_engine
from checker.diagnostic import Applicability, Diagnostic
from tests.conftest import REPO, shared
from tests.helpers import Case, run_case

RULE = "broken-image"
NFC = unicodedata.normalize("NFC", "사진.png")
NFD = unicodedata.normalize("NFD", "사진.png")

CASES = [
    Case("exists", "![a](./img/a.png)\n", files={"img/a.png": b""}),
    Case("exists without ./", "![a](img/a.png)\n", files={"img/a.png": b""}),
    Case("missing file", "# 그림\n\n![osi](./osi7.png)\n", expect=[(3, 8)], message=("`./osi7.png` does not exist",)),
    Case(
        "missing folder",
        "![h](./img/handshake.png)\n",
        expect=[(1, 6)],
        message=("there is no folder `img`",),
    ),
    Case(
        "comma typo is fixed when ./ exists",
        "![jwt2](,/jwt2.png)\n",
        expect=[(1, 9)],
        fixed="![jwt2](./jwt2.png)\n",
        files={"jwt2.png": b""},
        message=("`,/` is a typo for `./`",),
    ),
    Case("comma typo without the file", "![jwt2](,/jwt2.png)\n", expect=[(1, 9)], message=("missing too",)),
    Case(
        "case-only mismatch of the file name",
        "![lb](./Diagram.PNG)\n",
        expect=[(1, 7)],
        fixed="![lb](./diagram.png)\n",
        files={"diagram.png": b""},
        message=("only in letter case", "broken on GitHub"),
    ),
    Case(
        "case-only mismatch of a folder",
        "![a](IMG/a.png)\n",
        expect=[(1, 6)],
        fixed="![a](img/a.png)\n",
        files={"img/a.png": b""},
    ),
    Case(
        "NFD name on disk, NFC link",
        f"![사진](./{NFC})\n",
        expect=[(1, 7)],
        fixed=f"![사진](./{NFD})\n",
        files={NFD: b""},
        message=("Unicode normalization",),
    ),
    Case(
        "NFC name on disk, NFD link",
        f"![사진](./{NFD})\n",
        expect=[(1, 7)],
        fixed=f"![사진](./{NFC})\n",
        files={NFC: b""},
        message=("Unicode normalization",),
    ),
    Case(
        "Windows separators",
        "![subnet](.\\img\\subnet.png)\n",
        expect=[(1, 11)],
        fixed="![subnet](./img/subnet.png)\n",
        files={"img/subnet.png": b""},
        message=("Windows `\\` separators",),
    ),
    Case(
        "Windows separators and case at once",
        "![p](img\\Paging.PNG)\n",
        expect=[(1, 6)],
        fixed="![p](img/paging.png)\n",
        files={"img/paging.png": b""},
    ),
    Case(
        "Windows separators, missing either way",
        "![subnet](.\\img\\subnet.png)\n",
        expect=[(1, 11)],
        message=("with `/` it is missing too",),
    ),
    Case(
        "a backslash escape is not a separator",
        "![a](a\\_b.png)\n",
        files={"a_b.png": b""},
    ),
    Case(
        "leaves the root",
        "![x](../../../etc/passwd)\n",
        expect=[(1, 6)],
        message=("leaves the repository root",),
    ),
    Case("root-relative exists", "![a](/img/a.png)\n", path="notes/deep/note.md", files={"img/a.png": b""}),
    Case(
        "root-relative missing",
        "![a](/img/b.png)\n",
        path="notes/note.md",
        expect=[(1, 6)],
        files={"img/a.png": b""},
    ),
    Case("parent folder", "![a](../img/a.png)\n", path="notes/note.md", files={"img/a.png": b""}),
    Case(
        "unique close name: unsafe fix",
        "![h](./hashShading.png)\n",
        expect=[(1, 6)],
        fixed="![h](./hashSharding.png)\n",
        unsafe=True,
        files={"hashSharding.png": b"", "other.png": b""},
        message=("did you mean `hashSharding.png`?",),
    ),
    Case(
        "close name is not applied without --unsafe-fixes",
        "![h](./hashShading.png)\n",
        expect=[(1, 6)],
        files={"hashSharding.png": b""},
    ),
    Case(
        "names differing only in numbers are a series, not a typo",
        "![jwt2](./jwt2.png)\n",
        expect=[(1, 9)],
        unsafe=True,
        files={"jwt1.png": b""},
    ),
    Case(
        "two close names: no fix",
        "![a](./diagram.png)\n",
        expect=[(1, 6)],
        unsafe=True,
        files={"diagramm.png": b"", "diagrams.png": b""},
    ),
    Case(
        "URLs are never looked up",
        "![a](https://example.com/x.png) ![b](//cdn.example.com/y.png) ![c](data:image/png;base64,AAAA)\n",
    ),
    Case(
        "html img missing",
        '<img src="./img/dns-flow.gif" width="400">\n',
        expect=[(1, 11)],
    ),
    Case(
        "html img case fix keeps the attribute",
        "<p>\n<img src='./Flow.GIF' width=\"400\">\n</p>\n",
        expect=[(2, 11)],
        fixed="<p>\n<img src='./flow.gif' width=\"400\">\n</p>\n",
        files={"flow.gif": b""},
    ),
    Case(
        "reference image: the definition is fixed, once",
        '![a][pic] 와 ![b][pic]\n\n[pic]: ,/a.png "그림"\n',
        expect=[(3, 8)],
        fixed='![a][pic] 와 ![b][pic]\n\n[pic]: ./a.png "그림"\n',
        files={"a.png": b""},
    ),
    Case("percent-encoded name exists", "![a](%EC%82%AC%EC%A7%84.png)\n", files={NFC: b""}),
    Case(
        "percent-encoded name, case fix stays encoded",
        "![a](My%20Pic.PNG)\n",
        expect=[(1, 6)],
        fixed="![a](My%20Pic.png)\n",
        files={"My Pic.png": b""},
    ),
    Case("angle brackets with a space", "![a](<my pic.png>)\n", files={"my pic.png": b""}),
    Case(
        "query and title are kept",
        '![a](,/a.png?raw=true "제목")\n',
        expect=[(1, 6)],
        fixed='![a](./a.png?raw=true "제목")\n',
        files={"a.png": b""},
    ),
    Case(
        "crlf",
        "제목\r\n\r\n![a](,/a.png)\r\n끝\r\n",
        expect=[(3, 6)],
        fixed="제목\r\n\r\n![a](./a.png)\r\n끝\r\n",
        files={"a.png": b""},
    ),
    Case(
        "in a table, a list and a quote",
        "| 그림 | 설명 |\n|---|---|\n| ![a](,/a.png) | 표 |\n\n- ![b](,/a.png)\n\n> ![c](,/a.png)\n",
        expect=[(3, 8), (5, 8), (7, 8)],
        fixed="| 그림 | 설명 |\n|---|---|\n| ![a](./a.png) | 표 |\n\n- ![b](./a.png)\n\n> ![c](./a.png)\n",
        files={"a.png": b""},
    ),
    Case(
        "a path on the author's computer is CS304's",
        "![v](C:\\Users\\study\\v.png) ![w](/Users/me/w.png) ![t](../typora-user-images/x.png)\n",
    ),
    Case("code is not checked", "`![a](x.png)`\n\n```md\n![b](y.png)\n```\n\n    ![c](z.png)\n"),
    Case("links are CS302's", "[a](./missing.md)\n"),
    Case("empty destination", "![a]()\n"),
    Case("a site generator's template", "![a]({{site.baseurl}}/img/a.png)\n"),
    Case(
        "conflict: the other side is not checked",
        "<<<<<<< HEAD\n![a](./a.png)\n=======\n![b](./b.png)\n>>>>>>> x\n",
        files={"a.png": b""},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)


def test_fix_touches_only_the_destination(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "a.png").write_bytes(b"")
    text = "앞  글\t\r\n> *  ![그림 (1)](  .\\img\\A.PNG   '제목'  )  뒤\r\n\r\n끝 글자 없이"
    engine = make_engine(root=tmp_path, select=[RULE])
    (finding,) = lint_text(text, engine)
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    fixed = fix_text(text, engine).final.raw
    start = text.index(".\\img")
    end = start + len(".\\img\\A.PNG")
    assert fixed == text[:start] + "./img/a.png" + text[end:]


def test_outside_the_root_is_never_looked_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    engine = make_engine(root=root, select=[RULE])
    looked: list[Path] = []
    original = engine.context.workspace.listing

    def spy(folder: Path) -> frozenset[str] | None:
        looked.append(folder)
        return original(folder)

    monkeypatch.setattr(engine.context.workspace, "listing", spy)
    found = lint_text("![x](../../../etc/passwd) ![y](/../secret.png)\n", engine)
    assert [d.code for d in found] == ["CS301", "CS301"]
    assert looked == []


def test_specimen_broken_images(tmp_path: Path) -> None:
    """tests/fixtures/specimens/broken-images.md: the defects its first line lists."""
    text = (REPO / "tests" / "fixtures" / "specimens" / "broken-images.md").read_text(encoding="utf-8")
    engine = make_engine(root=tmp_path, select=[RULE])
    found = lint_text(text, engine, path="broken-images.md")
    assert [d.location.line for d in found if d.location] == [5, 8, 11, 14, 17, 18, 21]
    assert "does not exist" in found[3].message.en
    (tmp_path / "diagram.png").write_bytes(b"")
    engine = make_engine(root=tmp_path, select=[RULE])
    case_only = [d for d in lint_text(text, engine, path="broken-images.md") if d.location and d.location.line == 14]
    assert "only in letter case" in case_only[0].message.en


def _seed(tmp_path: Path, images: tuple[str, ...]) -> tuple[str, list[Diagnostic]]:
    seed = shared("seed", "000_0f84ac28c29cdedc.md")
    copy = tmp_path / seed.name
    shutil.copyfile(seed, copy)
    for name in images:
        (tmp_path / name).write_bytes(b"")
    engine = make_engine(root=tmp_path, select=["CS3", "CS4"])
    report = engine.check_file(copy, copy.name)
    assert report.source is not None
    return report.source.text, report.diagnostics


def _lines(found: list[Diagnostic], code: str) -> list[int]:
    return [d.location.line for d in found if d.location and d.code == code]


def test_seed_alone(tmp_path: Path) -> None:
    _, found = _seed(tmp_path, ())
    assert _lines(found, "CS301") == [91, 112, 123, 396, 398]
    assert _lines(found, "CS401") == [3, 55, 136, 203, 240, 345]
    assert {d.code for d in found} == {"CS301", "CS401"}
    assert all(d.fix is None for d in found)


def test_seed_with_its_images(tmp_path: Path) -> None:
    text, found = _seed(tmp_path, ("TCPUDP.png", "3hands.png", "4hands.jpeg", "jwt1.png", "jwt2.png"))
    (finding,) = [d for d in found if d.code.startswith("CS3")]
    assert finding.location is not None and finding.location.line == 398
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    (edit,) = finding.fix.edits
    assert (text[edit.start : edit.end], edit.text) == (",/jwt2.png", "./jwt2.png")
    # The seed holds a merge conflict: `cscheck fix` applies nothing but the conflict's own
    # resolution until it is resolved (DESIGN.md), so the fix is shown, not yet written.
