"""Containment: link checks look at nothing outside the root, `fix` writes nothing outside it,
and no command opens a network connection.

File-system access is recorded by patching the functions everything in cscheck (pathlib
included) goes through — ``os.stat``, ``os.lstat``, ``os.listdir``, ``os.scandir``, ``os.open``,
``os.readlink``, ``open`` — while the command line runs in-process. A call that would follow a
path (stat, open, list) is judged by where the path leads; one that looks at a link itself
(lstat, readlink) by where its folder leads.
"""

from __future__ import annotations

import builtins
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import require_tool

REPO = Path(__file__).resolve().parent.parent

FOLLOWING = ("stat", "listdir", "scandir", "open", "access")
NOT_FOLLOWING = ("lstat", "readlink")


@contextmanager
def recorded() -> Iterator[list[tuple[str, str]]]:
    """Record (function, path) for every file-system call made through ``os`` and ``open``."""
    calls: list[tuple[str, str]] = []

    def wrap(patch: pytest.MonkeyPatch, owner: Any, name: str) -> None:
        original = getattr(owner, name)

        def recording(*args: Any, **kwargs: Any) -> Any:
            target = args[0] if args else kwargs.get("path", kwargs.get("file"))
            if isinstance(target, str | bytes | os.PathLike):
                calls.append((name, os.fsdecode(target)))
            return original(*args, **kwargs)

        patch.setattr(owner, name, recording)

    with pytest.MonkeyPatch.context() as patch:
        for name in ("stat", "lstat", "listdir", "scandir", "open", "readlink", "access"):
            wrap(patch, os, name)
        wrap(patch, builtins, "open")
        wrap(patch, io, "open")
        yield calls


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def leads_to(function: str, path: str) -> Path:
    """Where a recorded call looked: the path's target, or for lstat/readlink the link itself."""
    absolute = Path(os.path.abspath(path))
    if function in NOT_FOLLOWING:
        return Path(os.path.realpath(absolute.parent)) / absolute.name
    return Path(os.path.realpath(absolute))


@pytest.fixture
def tree(tmp_path: Path) -> dict[str, Path]:
    """root/ (the repository) and outside/ beside it, with links from one to the other."""
    root, outside = tmp_path / "root", tmp_path / "outside"
    (root / "img").mkdir(parents=True)
    outside.mkdir()
    (root / "cscheck.toml").write_text("")
    (root / "img" / "a.png").write_bytes(b"")
    (root / "other.md").write_text("# 다른 노트\n", encoding="utf-8")
    (outside / "secret.md").write_text("# 비밀 제목\n\n## 비밀번호는 hunter2\n", encoding="utf-8")
    (outside / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (outside / "named.md").write_text("[x](secret.md#비밀-제목) ![y](secret.png)\n", encoding="utf-8")
    os.symlink("../outside", root / "outlink")
    os.symlink(str(outside), root / "abslink")
    os.symlink("../outside/secret.md", root / "secret-link.md")
    return {"root": root, "outside": outside, "base": tmp_path}


HOSTILE_LINKS = """# 노트

[a](../outside/secret.md#비밀) ![b](../outside/secret.png) [c](../../../../../../../../etc/passwd)
[d](/../outside/secret.md) [e](outlink/secret.md#비밀) ![f](outlink/secret.png)
[g](abslink/secret.md#비밀) [h](..%2Foutside%2Fsecret.md) [i](outlink/../outlink/secret.md)
[j][r] [k](outlink) [l](..\\outside\\secret.md) [m](secret-link.md#비밀) [n](OUTLINK/Secret.md)
[o](./img/../../outside/secret.md) [p](/etc/passwd) ![q](/etc/hostname) [s](other.md#없는-제목)
<img src="outlink/secret.png"> <a href="../outside/secret.md#비밀">t</a> <img src="/../../etc/passwd">

[r]: ../outside/secret.md
"""
# (line, column, code, says "leaves the repository root"): links through a linked folder leading
# out (outlink/, abslink/) do not exist as far as the repository goes — on GitHub they do not;
# `[k](outlink)` names the link itself and `secret-link.md` is a file of the root (its anchors
# are not read, so `#비밀` is not judged).
EXPECTED_FINDINGS = [
    (3, 5, "CS302", True),
    (3, 35, "CS301", True),
    (3, 62, "CS302", True),
    (4, 5, "CS302", True),
    (4, 32, "CS302", False),
    (4, 59, "CS301", False),
    (5, 5, "CS302", False),
    (5, 31, "CS302", True),
    (5, 61, "CS302", False),
    (6, 25, "CS302", True),
    (6, 74, "CS302", False),
    (7, 5, "CS302", True),
    (7, 40, "CS302", False),
    (7, 58, "CS301", False),
    (7, 77, "CS403", False),
    (8, 11, "CS301", False),
    (8, 41, "CS302", True),
    (8, 82, "CS301", True),
    (10, 6, "CS302", True),
]


def _run_recorded(cli: Callable[..., Result], *args: str) -> tuple[Result, list[tuple[str, str]]]:
    with recorded() as calls:
        result = cli(*args)
    return result, calls


def _outside_touches(calls: list[tuple[str, str]], outside: Path, allowed: set[Path] = frozenset()) -> list[str]:
    touched = []
    real_outside = Path(os.path.realpath(outside))
    for function, path in calls:
        where = leads_to(function, path)
        if where in allowed:
            continue
        if _inside(where, real_outside) or _inside(where, Path("/etc")):
            touched.append(f"{function}({path}) → {where}")
    return touched


def test_link_checks_never_look_outside_the_root(cli: Callable[..., Result], tree: dict[str, Path]) -> None:
    root = tree["root"]
    note = root / "note.md"
    note.write_text(HOSTILE_LINKS, encoding="utf-8")
    args = ("check", "--root", str(root), "--no-cache", "--lang", "en", "--output-format", "json", str(note))
    result, calls = _run_recorded(cli, *args)
    assert result.exit_code == 1, result.output
    assert calls, "the recorder saw nothing: the patch is not in effect"
    assert _outside_touches(calls, tree["outside"]) == []
    # Every link leaving the root is a finding, and nothing read outside shows in a message (a
    # note read there would offer its headings `비밀-제목` and `비밀번호는-hunter2` for `#비밀`).
    diagnostics = json.loads(result.stdout)["files"][0]["diagnostics"]
    assert "hunter2" not in result.stdout and "비밀-제목" not in result.stdout
    found = [(d["line"], d["column"], d["code"], "leaves the repository root" in d["message"]) for d in diagnostics]
    assert found == EXPECTED_FINDINGS


def test_fixing_hostile_links_looks_nowhere_outside(cli: Callable[..., Result], tree: dict[str, Path]) -> None:
    root = tree["root"]
    note = root / "note.md"
    note.write_text(HOSTILE_LINKS, encoding="utf-8")
    result, calls = _run_recorded(
        cli, "fix", "--unsafe-fixes", "--root", str(root), "--no-cache", "--lang", "en", str(note)
    )
    assert result.exit_code in (0, 1), result.output
    assert _outside_touches(calls, tree["outside"]) == []
    written = [path for function, path in calls if function == "open" and ".cscheck-" in path]
    assert all(Path(p).parent == root for p in written), written


def test_a_named_note_outside_the_root_is_read_but_its_links_are_not_followed(
    cli: Callable[..., Result], tree: dict[str, Path]
) -> None:
    named = tree["outside"] / "named.md"
    result, calls = _run_recorded(
        cli, "check", "--root", str(tree["root"]), "--no-cache", "--output-format", "json", str(named)
    )
    assert result.exit_code == 0, result.output  # its links are not resolved: nothing to report
    assert json.loads(result.stdout)["files"][0]["diagnostics"] == []
    # the note itself, and config discovery, which starts from the first path named
    folder = Path(os.path.realpath(named.parent))
    allowed = {folder / name for name in ("cscheck.toml", "pyproject.toml", ".git")}
    assert _outside_touches(calls, tree["outside"], allowed={Path(os.path.realpath(named)), *allowed}) == []


def test_fix_writes_nothing_through_links_leading_out(
    cli: Callable[..., Result], tree: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`evil.md -> ../outside/x.md` and `linkdir -> ../outside` + `linkdir/note.md`: neither is
    read (CS003; the writer would refuse them too, tests/test_writer.py); the files outside keep
    their bytes, and the other note is still fixed."""
    root, outside = tree["root"], tree["outside"]
    broken = "####💡 TCP란?\n\n연결형\n"
    for name in ("target.md", "note.md"):
        (outside / name).write_text(broken, encoding="utf-8")
    os.symlink("../outside/target.md", root / "evil.md")
    os.symlink("../outside", root / "linkdir")
    (root / "good.md").write_text(broken, encoding="utf-8")
    monkeypatch.chdir(root)
    result = cli("fix", "--lang", "en", "--output-format", "concise", "evil.md", "linkdir/note.md", "good.md")
    assert result.exit_code == 1
    assert not [line for line in result.stderr.splitlines() if line.startswith("cscheck: error:")]
    assert (outside / "target.md").read_text(encoding="utf-8") == broken
    assert (outside / "note.md").read_text(encoding="utf-8") == broken
    assert (root / "good.md").read_text(encoding="utf-8") == "#### 💡 TCP란?\n\n연결형\n"
    assert not [p for p in (*root.iterdir(), *outside.iterdir()) if p.name.endswith(".tmp")]
    assert "evil.md:1:1: CS003" in result.stdout and "linkdir/note.md:1:1: CS003" in result.stdout
    assert "CS102" not in result.stdout


def test_a_root_spelled_with_dot_dot_still_holds_its_notes(cli: Callable[..., Result], tmp_path: Path) -> None:
    """`cscheck check ../a.md` from a subfolder (config in the parent) made the root `sub/..`;
    no note was inside it by name, so every link went unchecked."""
    (tmp_path / "cscheck.toml").write_text('[per-file-ignores]\n"ignored.md" = ["CS3"]\n')
    (tmp_path / "a.md").write_text("[x](missing.md) ![i](nope.png)\n")
    (tmp_path / "ignored.md").write_text("[x](missing.md)\n")
    (tmp_path / "sub").mkdir()
    old = Path.cwd()
    os.chdir(tmp_path / "sub")
    try:
        result = cli("check", "--lang", "en", "--output-format", "json", "--no-cache", "../a.md", "../ignored.md")
        result_root = cli("check", "--lang", "en", "--output-format", "json", "--no-cache", "--root", "..", "../a.md")
    finally:
        os.chdir(old)
    files = {f["path"]: [d["code"] for d in f["diagnostics"]] for f in json.loads(result.stdout)["files"]}
    assert files == {"../a.md": ["CS302", "CS301"], "../ignored.md": []}
    assert [d["code"] for d in json.loads(result_root.stdout)["files"][0]["diagnostics"]] == ["CS302", "CS301"]


# --------------------------------------------------------------------------------------------
# No network: every command runs with sockets refused, in a subprocess whose sitecustomize patches
# them (children it starts, such as the knowledge probe, inherit it through PYTHONPATH).

SITECUSTOMIZE = """
import os
import socket


class NetworkRefused(OSError):
    pass


def _refuse(*args, **kwargs):
    raise NetworkRefused("network access is refused in this test")


socket.socket.__init__ = _refuse
socket.socket.connect = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
socket.gethostbyname = _refuse
marker = os.environ.get("CSCHECK_NO_NETWORK_MARKER")
if marker:
    with open(marker, "a") as handle:
        handle.write(f"{os.getpid()}\\n")
"""

REMOTE_NOTE = """# 네트워크

#### 💡 HTTPS의 포트는?

HTTPS는 433번 포트를 사용한다.
![그림](https://github.com/o/r/blob/main/a.png) [문서](https://example.com/rfc) <https://a.b/c>
![원격](http://example.com/x.png) [메일](mailto:a@b.c) www.example.com
"""


@pytest.fixture
def offline(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    marker = tmp_path / "marker"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), str(REPO)]),
        "CSCHECK_NO_NETWORK_MARKER": str(marker),
        "NO_COLOR": "1",
    }

    def run(*args: str, cwd: Path = tmp_path) -> subprocess.CompletedProcess[str]:
        if marker.exists():
            marker.unlink()
        done = subprocess.run(
            [sys.executable, "-m", "checker", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
        )
        assert marker.exists(), "the socket patch did not load in the child"
        return done

    # the control: with the patch, a connection attempt fails the way the test expects
    control = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert control.returncode == 1 and "network access is refused in this test" in control.stderr
    return run


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("check", "--lang", "en", "notes"), 1),
        (("check", "--lang", "en", "--output-format", "sarif", "notes"), 1),
        (("check", "--lang", "en", "--output-format", "github", "notes"), 1),
        (("check", "--lang", "en", "--output-format", "junit", "notes"), 1),
        (("check", "--lang", "en", "--output-format", "markdown", "notes"), 1),
        (("fix", "--lang", "en", "--unsafe-fixes", "notes"), 1),
        (("report", "notes"), 0),
        (("rules",), 0),
        (("rule", "CS305"), 0),
        (("schema",), 0),
        (("knowledge", "--help"), 0),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else str(value),
)
def test_no_command_touches_the_network(
    offline: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path, args: tuple[str, ...], expected: int
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir(exist_ok=True)
    (notes / "net.md").write_text(REMOTE_NOTE, encoding="utf-8")
    done = offline(*args)
    assert done.returncode == expected, done.stderr
    assert "Traceback" not in done.stderr and "network access is refused" not in done.stderr
    assert done.stdout.strip()


def test_a_linked_cache_folder_is_not_used(cli: Callable[..., Result], tree: dict[str, Path]) -> None:
    """`.cscheck_cache -> ../outside` (committed by a pull request) had cscheck write its cache
    there and prune every results-*.json but the newest few: someone else's files."""
    root, outside = tree["root"], tree["outside"]
    for number in range(6):
        (outside / f"results-{number}.json").write_text(f"{number}\n")
    os.symlink("../outside", root / ".cscheck_cache")
    (root / "note.md").write_text("[x](missing.md)\n")
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    for _ in range(2):
        result = cli("check", "--lang", "en", str(root / "note.md"))
        assert result.exit_code == 1
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before


def test_a_note_that_is_a_link_leading_out_is_not_read(cli: Callable[..., Result], tree: dict[str, Path]) -> None:
    """F4: `secret-link.md -> ../outside/secret.md` was read and its lines quoted in the report."""
    root = tree["root"]
    os.symlink("outlink/secret.md", root / "via-folder.md")
    (root / "notes").mkdir()
    os.symlink("../../outside/secret.md", root / "notes" / "deep.md")
    for args in (
        ("check", "--no-cache", "--lang", "en", str(root / "secret-link.md")),
        ("check", "--no-cache", "--lang", "en", str(root)),
        ("report", "--no-cache", "--lang", "en", str(root)),
        ("check", "--no-cache", "--lang", "en", "--output-format", "json", str(root)),
    ):
        result, calls = _run_recorded(cli, *args)
        assert "hunter2" not in result.output and "비밀" not in result.output, args
        # Deciding what a named path is may stat its target; nothing outside is opened or listed.
        touches = [t for t in _outside_touches(calls, tree["outside"]) if not t.startswith(("stat(", "lstat(", "access("))]
        assert touches == [], args
    text = cli("check", "--no-cache", "--lang", "en", "--output-format", "concise", str(root)).stdout
    for name in ("secret-link.md", "via-folder.md", "notes/deep.md"):
        assert f"{name}:1:1: CS003 unreadable-file: cannot read the file: it is a link that does not lead" in text
    assert "outside/secret.md" not in text  # the finding names the link, never its target


@pytest.mark.skipif(os.name == "nt", reason="committed symbolic links as a POSIX checkout has them")
@pytest.mark.integration
def test_committed_odd_links_get_their_finding_inside_git(cli: Callable[..., Result], in_tmp: Path) -> None:
    """F15: inside git, dangling, looping and /dev/zero links were skipped (outside git: CS003)."""
    require_tool("git")
    os.symlink("/nonexistent", in_tmp / "dangling.md")
    os.symlink("loop.md", in_tmp / "loop.md")
    os.symlink("/dev/zero", in_tmp / "zero.md")
    (in_tmp / "good.md").write_text("# 노트\n", encoding="utf-8")
    outside_git = cli("check", "--no-cache", "--lang", "en", "--output-format", "concise", ".").stdout
    subprocess.run(["git", "init", "-q"], cwd=in_tmp, check=True)
    subprocess.run(["git", "add", "-A"], cwd=in_tmp, check=True)
    inside_git = cli("check", "--no-cache", "--lang", "en", "--output-format", "concise", ".").stdout
    assert inside_git == outside_git
    assert sorted(line.split(":")[0] for line in inside_git.splitlines() if "CS003" in line) == [
        "dangling.md",
        "loop.md",
        "zero.md",
    ]


@pytest.mark.parametrize("git", [False, True])
def test_notes_in_any_letter_case_are_checked(cli: Callable[..., Result], in_tmp: Path, git: bool) -> None:
    """F15: GitHub renders `UPPER.MD` and `x.Markdown` as Markdown; they were never checked."""
    if git:
        require_tool("git")
        subprocess.run(["git", "init", "-q"], cwd=in_tmp, check=True)
    for name in ("UPPER.MD", "Mixed.Md", "long.MARKDOWN", "plain.md"):
        (in_tmp / name).write_text("[x](nowhere.md)\n", encoding="utf-8")
    (in_tmp / "not-a-note.mdx").write_text("[x](nowhere.md)\n", encoding="utf-8")
    result = cli("check", "--no-cache", "--lang", "en", "--output-format", "concise", ".")
    assert sorted(line.split(":")[0] for line in result.stdout.splitlines() if "CS302" in line) == [
        "Mixed.Md",
        "UPPER.MD",
        "long.MARKDOWN",
        "plain.md",
    ]
