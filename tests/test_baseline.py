"""`cscheck baseline` and `--baseline`: a repository full of old findings fails only on new ones."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

OLD = "# 노트\n\n![그림](old1.png)\n\n[링크](nowhere.md)\n\n![그림](old2.png)\n"
FORMATS = ["text", "concise", "json", "sarif", "github", "junit", "markdown"]


@pytest.fixture
def repo(in_tmp: Path) -> Path:
    (in_tmp / ".git").mkdir()
    (in_tmp / "cscheck.toml").write_text('lang = "en"\n')
    (in_tmp / "notes").mkdir()
    (in_tmp / "notes" / "a.md").write_text(OLD, encoding="utf-8")
    (in_tmp / "notes" / "b.md").write_text("# 다른 노트\n\n![그림](gone.png)\n", encoding="utf-8")
    return in_tmp


def _codes(result: Result) -> list[tuple[str, str, int]]:
    return [(f["path"], d["code"], d["line"]) for f in json.loads(result.stdout)["files"] for d in f["diagnostics"]]


def test_a_baseline_lets_old_findings_pass_and_new_ones_fail(cli: Callable[..., Result], repo: Path) -> None:
    written = cli("baseline")
    assert written.exit_code == 0 and "wrote 4 finding(s)" in written.stdout, written.output
    data = json.loads((repo / "cscheck-baseline.json").read_text(encoding="utf-8"))
    assert [(f["path"], f["code"]) for f in data["findings"]] == [
        ("notes/a.md", "CS301"), ("notes/a.md", "CS302"), ("notes/a.md", "CS301"), ("notes/b.md", "CS301"),
    ]  # fmt: skip
    assert cli("check", "--baseline", "cscheck-baseline.json").exit_code == 0
    # An edit above the old findings moves them; a new broken image is the one finding.
    (repo / "notes" / "a.md").write_text("# 노트\n\n새 문단.\n\n![새 그림](new.png)\n" + OLD[len("# 노트\n") :], encoding="utf-8")
    result = cli("check", "--baseline", "cscheck-baseline.json", "--output-format", "json")
    assert result.exit_code == 1
    assert _codes(result) == [("notes/a.md", "CS301", 5)]
    assert "4 finding(s) left out" in result.stderr


def test_every_output_format_leaves_them_out(cli: Callable[..., Result], repo: Path) -> None:
    cli("baseline")
    for fmt in FORMATS:
        result = cli("check", "--baseline", "cscheck-baseline.json", "--output-format", fmt, "--no-cache")
        assert result.exit_code == 0, fmt
        assert "old1.png" not in result.stdout and "gone.png" not in result.stdout, fmt


def test_the_config_names_the_baseline_for_hooks_and_ci(cli: Callable[..., Result], repo: Path) -> None:
    """pre-commit and the Action run plain `cscheck check`: the config key is how they get it."""
    assert cli("baseline").exit_code == 0
    (repo / "cscheck.toml").write_text('lang = "en"\nbaseline = "cscheck-baseline.json"\n')
    assert cli("check", "notes/a.md").exit_code == 0
    (repo / "notes" / "b.md").write_text("# 다른 노트\n\n![그림](gone.png)\n![그림](broken.png)\n", encoding="utf-8")
    result = cli("check", "--output-format", "concise", "notes/b.md", "notes/a.md")
    assert result.exit_code == 1
    assert [line.split(": ")[0] for line in result.stdout.splitlines() if "CS3" in line] == ["notes/b.md:4:7"]


def test_equal_old_findings_let_only_as_many_through(cli: Callable[..., Result], repo: Path) -> None:
    (repo / "notes" / "b.md").write_text("![x](same.png)\n", encoding="utf-8")
    cli("baseline")
    (repo / "notes" / "b.md").write_text("![x](same.png)\n![x](same.png)\n", encoding="utf-8")
    result = cli("check", "--baseline", "cscheck-baseline.json", "--output-format", "json", "notes/b.md")
    assert _codes(result) == [("notes/b.md", "CS301", 2)]


def test_fixed_findings_are_reported_as_stale_entries(cli: Callable[..., Result], repo: Path) -> None:
    cli("baseline")
    (repo / "notes" / "b.md").write_text("# 다른 노트\n", encoding="utf-8")
    result = cli("check", "--baseline", "cscheck-baseline.json")
    assert result.exit_code == 0
    assert "1 entry matches no finding any more in the baseline cscheck-baseline.json" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "bad.json: no such baseline (write one with `cscheck baseline`)"),
        ("{not json", "bad.json: not a cscheck baseline: Expecting property name enclosed in double quotes"),
        ('{"version": 1, "findings": [{"path": "a.md"}]}', "bad.json: finding #1 needs a path, a code and a fingerprint"),
        ('{"version": 9, "findings": []}', "bad.json: not a cscheck baseline (version 1 with a list of findings)"),
    ],
)
def test_a_bad_baseline_is_one_line_and_exit_2(
    cli: Callable[..., Result], repo: Path, content: str | None, message: str
) -> None:
    if content is not None:
        (repo / "bad.json").write_text(content)
    result = cli("check", "--baseline", "bad.json")
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"cscheck: error: {message}"), lines


def test_fix_leaves_the_findings_of_the_baseline_as_they_are(cli: Callable[..., Result], repo: Path) -> None:
    """A contributor's `cscheck-fix` hook must not rewrite old lines of the note they touched."""
    old = "# 노트\n\n####💡 오래된 질문?\n\n답\n"
    (repo / "notes" / "c.md").write_text(old, encoding="utf-8")
    assert cli("baseline").exit_code == 0
    (repo / "cscheck.toml").write_text('lang = "en"\nbaseline = "cscheck-baseline.json"\n')
    assert cli("fix", "notes/c.md").exit_code == 0  # nothing new: nothing written, nothing fails
    assert (repo / "notes" / "c.md").read_text(encoding="utf-8") == old
    (repo / "notes" / "c.md").write_text(old + "\n####💡 새 질문?\n\n새 답\n", encoding="utf-8")
    result = cli("fix", "notes/c.md")
    assert result.exit_code == 1  # it changed the file
    assert (repo / "notes" / "c.md").read_text(encoding="utf-8") == old + "\n#### 💡 새 질문?\n\n새 답\n"
    assert cli("check", "notes/c.md").exit_code == 0
