"""The command line as a user meets it: exit codes, errors, formats, stdin, config."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import REPO

CONFLICT = "#### 💡 질문\n<<<<<<< HEAD\n답 A\n=======\n답 B\n>>>>>>> feature\n"
CLEAN = "# 제목\n\n#### 💡 TCP란?\n\n연결형 전송 계층 프로토콜이다.\n"


def test_clean_folder_exits_zero(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(CLEAN)
    result = cli("check", "--lang", "en", ".")
    assert result.exit_code == 0
    assert "All checks passed (1 file)" in result.stdout


def test_conflict_exits_one_with_location(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(CONFLICT)
    result = cli("check", "--lang", "en", "a.md")
    assert result.exit_code == 1
    assert result.stdout.startswith("a.md:2:1: CS101 merge-conflict: unresolved merge conflict")
    assert "  2 | <<<<<<< HEAD" in result.stdout


def test_korean_messages(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(CONFLICT)
    result = cli("check", "--lang", "ko", "a.md")
    assert "해결되지 않은 병합 충돌" in result.stdout
    assert "문제 1개" in result.stdout


def test_lang_from_locale(cli: Callable[..., Result], in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    (in_tmp / "a.md").write_text(CONFLICT)
    assert "병합 충돌" in cli("check", "a.md").stdout


def test_exit_zero(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(CONFLICT)
    assert cli("check", "--exit-zero", "a.md").exit_code == 0


@pytest.mark.parametrize(
    ("severity", "expected"),
    [
        ("error", {"error": 1, "warning": 1, "info": 1, "none": 0}),
        ("warning", {"error": 0, "warning": 1, "info": 1, "none": 0}),
        ("info", {"error": 0, "warning": 0, "info": 1, "none": 0}),
    ],
)
def test_fail_level(cli: Callable[..., Result], in_tmp: Path, severity: str, expected: dict[str, int]) -> None:
    """A finding fails the run when its severity is at or above --fail-level (default: warning)."""
    (in_tmp / "cscheck.toml").write_text(f'[severity]\nmerge-conflict = "{severity}"\n')
    (in_tmp / "a.md").write_text(CONFLICT)
    for level, code in expected.items():
        assert cli("check", "--fail-level", level, "a.md").exit_code == code, level
    assert cli("check", "a.md").exit_code == expected["warning"]
    assert cli("check", "--fail-level", "info", "--exit-zero", "a.md").exit_code == 0


def test_fail_level_keeps_exit_two_and_fix_changes(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text("####💡 TCP란?\n\n답.\n")
    assert cli("check", "--fail-level", "none", "a.md", "nope.md").exit_code == 2
    assert cli("fix", "--fail-level", "none", "a.md").exit_code == 1  # a fixer that changed a file fails
    assert cli("check", "--fail-level", "none", "a.md").exit_code == 0
    assert cli("check", "--fail-level", "loud", "a.md").exit_code == 2


def test_missing_path_is_exit_two_and_others_still_reported(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(CONFLICT)
    result = cli("check", "--lang", "en", "nope.md", "a.md")
    assert result.exit_code == 2
    assert "cscheck: error: nope.md: no such file or folder" in result.stderr
    assert "CS101" in result.stdout
    assert "Traceback" not in result.output


def test_bad_config_key_is_one_line_exit_two(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "pyproject.toml").write_text('[tool.cscheck]\nselct = ["CS1"]\n')
    (in_tmp / "a.md").write_text(CLEAN)
    result = cli("check", "a.md")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == ["cscheck: error: pyproject.toml:2:1: [tool.cscheck] key 'selct': unknown key; did you mean 'select'?"]


def test_wrong_type_in_config(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "cscheck.toml").write_text("max-file-size = [1]\n")
    result = cli("check", ".")
    assert result.exit_code == 2
    assert "key 'max-file-size'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_selector(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(CLEAN)
    result = cli("check", "--select", "CS999", "a.md")
    assert result.exit_code == 2
    assert "unknown rule selector 'CS999'" in result.stderr


def test_select_and_ignore(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(CONFLICT)
    assert cli("check", "--ignore", "CS101", "a.md").exit_code == 0
    assert cli("check", "--select", "CS9", "a.md").exit_code == 0
    assert cli("check", "--select", "CS9", "--extend-select", "merge-conflict", "a.md").exit_code == 1
    assert cli("check", "--ignore", "CS1", "--select", "CS101", "a.md").exit_code == 1  # more specific wins


def test_usage_error_is_exit_two(cli: Callable[..., Result], in_tmp: Path) -> None:
    assert cli("check", "--output-format", "yaml").exit_code == 2


def test_empty_folder_warns_and_exits_zero(cli: Callable[..., Result], in_tmp: Path) -> None:
    result = cli("check", ".")
    assert result.exit_code == 0
    assert "no Markdown files found" in result.stderr


def test_stdin(cli: Callable[..., Result], in_tmp: Path) -> None:
    result = cli("check", "--lang", "en", "-", "--stdin-filename", "notes/x.md", input=CONFLICT)
    assert result.exit_code == 1
    assert result.stdout.startswith("notes/x.md:2:1: CS101")


def test_json_shape(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(CONFLICT)
    (in_tmp / "b.md").write_text(CLEAN)
    result = cli("check", "--output-format", "json", "--lang", "en", ".")
    data = json.loads(result.stdout)
    assert data["version"] == 1
    assert [f["path"] for f in data["files"]] == ["a.md", "b.md"]
    (diagnostic,) = data["files"][0]["diagnostics"]
    assert set(diagnostic) == {
        "code",
        "name",
        "severity",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "fix",
    }
    assert (diagnostic["code"], diagnostic["line"], diagnostic["end_line"]) == ("CS101", 2, 6)
    assert data["summary"]["errors"] == 1 and data["summary"]["by_code"] == {"CS101": 1}


def test_statistics(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(CONFLICT + CONFLICT)
    result = cli("check", "--statistics", "--lang", "en", "a.md")
    assert result.stdout.splitlines()[0].split() == ["2", "CS101", "merge-conflict"]


def test_config_found_walking_up_and_exclude(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "pyproject.toml").write_text('[tool.cscheck]\nexclude = ["fixtures/"]\n')
    (in_tmp / "docs" / "fixtures").mkdir(parents=True)
    (in_tmp / "fixtures").mkdir()
    (in_tmp / "fixtures" / "bad.md").write_text(CONFLICT)
    (in_tmp / "docs" / "ok.md").write_text(CLEAN)
    assert cli("check", ".").exit_code == 0
    # A file named on the command line is checked unless --force-exclude (pre-commit's way).
    assert cli("check", "fixtures/bad.md").exit_code == 1
    assert cli("check", "--force-exclude", "fixtures/bad.md").exit_code == 0


def test_per_file_ignores(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "cscheck.toml").write_text('[per-file-ignores]\n"legacy/*.md" = ["merge-conflict"]\n')
    (in_tmp / "legacy").mkdir()
    (in_tmp / "legacy" / "old.md").write_text(CONFLICT)
    (in_tmp / "new.md").write_text(CONFLICT)
    result = cli("check", "--output-format", "json", ".")
    data = json.loads(result.stdout)
    assert {f["path"]: len(f["diagnostics"]) for f in data["files"]} == {"legacy/old.md": 0, "new.md": 1}


def test_severity_override(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "cscheck.toml").write_text('[severity]\nmerge-conflict = "info"\n')
    (in_tmp / "a.md").write_text(CONFLICT)
    result = cli("check", "--output-format", "json", "a.md")
    assert result.exit_code == 0  # info never fails
    assert json.loads(result.stdout)["files"][0]["diagnostics"][0]["severity"] == "info"


def test_gitignored_files_are_skipped_when_walking(cli: Callable[..., Result], in_tmp: Path) -> None:
    subprocess.run(["git", "init", "-q"], check=True)
    (in_tmp / ".gitignore").write_text("build/\n")
    (in_tmp / "build").mkdir()
    (in_tmp / "build" / "gen.md").write_text(CONFLICT)
    (in_tmp / "node_modules").mkdir()
    (in_tmp / "node_modules" / "pkg.md").write_text(CONFLICT)
    (in_tmp / "a.md").write_text(CLEAN)
    result = cli("check", "--output-format", "json", ".")
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == ["a.md"]


def test_path_given_twice_is_checked_once(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(CONFLICT)
    data = json.loads(cli("check", "--output-format", "json", "a.md", "./a.md", ".").stdout)
    assert len(data["files"]) == 1


def test_rules_and_rule(cli: Callable[..., Result], in_tmp: Path) -> None:
    listing = cli("rules").stdout
    assert "CS101" in listing and "merge-conflict" in listing
    page = cli("rule", "merge-conflict").stdout
    assert page.startswith("# CS101 merge-conflict") and "## Why is this bad?" in page
    assert cli("rule", "cs101").stdout == page
    missing = cli("rule", "nope")
    assert missing.exit_code == 2 and "unknown rule 'nope'" in missing.stderr


def test_rule_docs_in_korean(cli: Callable[..., Result], in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18: `cscheck rule CS401 --lang ko`; without --lang, the config's `lang`, else Korean
    when the folder's notes are, else the locale's."""
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    page = cli("rule", "CS401", "--lang", "ko").stdout
    assert page.startswith("# CS401 broken-anchor\n\n파일 안에 없는 앵커로 가는 링크")
    assert "## 하는 일" in page and "## 수정 안전성" in page and "What it does" not in page
    assert cli("rule", "broken-anchor", "--lang", "ko").stdout == page
    english = cli("rule", "CS401").stdout
    assert "## What it does" in english  # an empty folder, a C locale: English
    assert "CS401  ~  error    broken-anchor" in cli("rules", "--lang", "ko").stdout
    assert "파일 안에 없는 앵커로 가는 링크" in cli("rules", "--lang", "ko").stdout
    (in_tmp / "README.md").write_text("# 네트워크 면접 질문\n", encoding="utf-8")
    assert cli("rule", "CS401").stdout == page  # Korean notes here
    (in_tmp / "cscheck.toml").write_text('lang = "en"\n', encoding="utf-8")
    assert cli("rule", "CS401").stdout == english  # the config wins over the notes
    assert cli("rule", "CS401", "--lang", "ko").stdout == page  # and --lang over the config


def test_version(cli: Callable[..., Result]) -> None:
    assert "cscheck, version" in cli("--version").stdout


def test_installed_console_script_and_module(tmp_path: Path) -> None:
    """The real entry points: the `cscheck` script next to this Python and `python -m checker`."""
    note = tmp_path / "a.md"
    note.write_text(CONFLICT)
    script = Path(sys.executable).parent / "cscheck"
    env = {**os.environ, "LANG": "C"}
    for command in ([str(script)], [sys.executable, "-m", "checker"]):
        done = subprocess.run(
            [*command, "check", str(note)], capture_output=True, text=True, env=env, cwd=REPO, check=False
        )
        assert done.returncode == 1, done.stderr
        assert "CS101 merge-conflict" in done.stdout


def test_quiet_prints_findings_only(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(CONFLICT)
    result = cli("check", "--quiet", "--output-format", "concise", "--lang", "en", "a.md")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [result.stdout.splitlines()[0]]
    assert result.stdout.startswith("a.md:2:1: CS101")
    clean = cli("check", "-q", "--lang", "en", "a.md", "--ignore", "CS101")
    assert clean.stdout.strip() == ""


def test_the_command_tunes_the_garbage_collector_for_its_own_process() -> None:
    """`cscheck` and `python -m checker` go through `run()`; tests calling `main()` in-process don't."""
    script = (
        "import gc, sys\n"
        "from checker import cli\n"
        "sys.argv = ['cscheck', '--version']\n"
        "try:\n"
        "    cli.run()\n"
        "except SystemExit:\n"
        "    print(gc.get_threshold(), gc.get_freeze_count() > 1000)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "(50000, 20, 20) True"
    assert gc.get_threshold() != (50_000, 20, 20)


def test_config_errors_point_at_the_line_and_suggest_the_key_meant(cli: Callable[..., Result], in_tmp: Path) -> None:
    """As ruff does: `FILE:LINE:COL`, and a near miss of a known key named (issue 18)."""
    (in_tmp / "a.md").write_text(CLEAN)
    cases = {
        'lang = "en"\n\n[questions]\npresets = ["ssafy"]\n  patternz = []\n': (
            "cscheck.toml:5:3: [questions] key 'patternz': unknown key; did you mean 'patterns'?"
        ),
        'select = ["CS1", 3]\n': "cscheck.toml:1:1: key 'select': item 2: Input should be a valid string (got 3)",
        "questions.placeholder = []\n": "cscheck.toml:1:1: [questions] key 'placeholder': unknown key; did you mean 'placeholders'?",
        "wholly-unknown = 1\n": "cscheck.toml:1:1: key 'wholly-unknown': unknown key",
        '[questions]\npresets = ["ssafy"]\nbaseline = "b.json"\n': (
            "cscheck.toml:3:1: [questions] key 'baseline': unknown key; it is a top-level key: put it above the first [table]"
        ),
    }
    for body, expected in cases.items():
        (in_tmp / "cscheck.toml").write_text(body)
        result = cli("check", "--no-cache", "a.md")
        assert result.exit_code == 2
        assert result.stderr.strip().splitlines() == [f"cscheck: error: {expected}"], body


def test_a_tool_cscheck_table_pasted_into_cscheck_toml_is_read(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "cscheck.toml").write_text('[tool.cscheck]\nignore = ["CS301"]\n')
    (in_tmp / "a.md").write_text("# 노트\n\n![그림](missing.png)\n")
    assert cli("check", "--no-cache", "a.md").exit_code == 0
    (in_tmp / "cscheck.toml").write_text('[tool.cscheck]\nmax-file-size = "lots"\n')
    result = cli("check", "--no-cache", "a.md")
    assert result.stderr.strip().splitlines() == [
        "cscheck: error: cscheck.toml:2:1: [tool.cscheck] key 'max-file-size': 'lots' is not a size like 10MB or 500KiB"
    ]


def test_a_missing_path_is_said_once_and_no_all_passed(cli: Callable[..., Result], in_tmp: Path) -> None:
    result = cli("check", "--lang", "en", "nope.md")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == ["cscheck: error: nope.md: no such file or folder"]
