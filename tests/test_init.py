"""``cscheck init`` in a study repository: the survey it shows, the files it writes, and that it never
overwrites (issue 18, item 2). The written hook and workflow are run for real in
tests/test_precommit.py and tests/test_github_action.py."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from checker import __version__

BOLD_Q = "# 네트워크\n\n**Q1. TCP란 무엇인가요?**\n\n연결형 프로토콜입니다.\n\n**Q2. UDP란?**\n\n비연결형입니다.\n"
TEMPLATE = "# 템플릿\n\n**Q1. 질문을 쓰세요?**\n\n답변을 여기에 쓰세요\n"


def repository(root: Path) -> None:
    (root / ".git").mkdir()
    for number in range(4):
        (root / f"note{number}.md").write_text(BOLD_Q, encoding="utf-8")
    (root / "template").mkdir()
    (root / "template" / "질문 양식.md").write_text(TEMPLATE, encoding="utf-8")
    (root / "week1").mkdir()
    (root / "week1" / "template.md").write_text(TEMPLATE, encoding="utf-8")
    (root / ".github").mkdir()
    (root / ".github" / "PULL_REQUEST_TEMPLATE.md").write_text("## 변경 사항\n", encoding="utf-8")


def test_dry_run_shows_the_survey_and_writes_nothing(cli: Callable[..., Result], in_tmp: Path) -> None:
    repository(in_tmp)
    done = cli("init", "--dry-run")
    assert done.exit_code == 0, done.output
    assert "bold-q" in done.stdout and "쓸 질문 형식: bold-q" in done.stdout  # Korean notes: Korean
    assert "질문 템플릿(그 답은 답이 아님): template/, week1/template.md" in done.stdout
    assert not (in_tmp / "cscheck.toml").exists() and not (in_tmp / ".pre-commit-config.yaml").exists()


def test_init_writes_the_config_with_styles_templates_and_lang_then_changes_nothing(
    cli: Callable[..., Result], in_tmp: Path
) -> None:
    repository(in_tmp)
    assert cli("init").exit_code == 0
    config = tomllib.loads((in_tmp / "cscheck.toml").read_text(encoding="utf-8"))
    assert config["lang"] == "ko"
    assert config["questions"]["presets"] == ["bold-q"]
    assert config["questions"]["templates"] == ["template/", "week1/template.md"]
    hooks = (in_tmp / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f"rev: v{__version__}\n" in hooks  # the release tag (test_precommit runs it against a tagged clone)
    assert f"cscheck/cscheck@v{__version__}" in (in_tmp / ".github" / "workflows" / "cscheck.yml").read_text()
    written = {p: p.read_bytes() for p in in_tmp.rglob("*") if p.is_file()}
    again = cli("init")
    assert again.exit_code == 0 and "이미 있어 그대로 둡니다" in again.stdout and "썼습니다" not in again.stdout
    assert {p: p.read_bytes() for p in in_tmp.rglob("*") if p.is_file()} == written
    # the check reads the templates: the template's own unanswered-looking answer is no answer
    (in_tmp / "note9.md").write_text("# 추가\n\n**Q1. ARP란?**\n\n답변을 여기에 쓰세요\n", encoding="utf-8")
    found = cli("check", "--no-cache", "--output-format", "concise", "note9.md").stdout
    assert "note9.md:3:1: CS201" in found, found


def test_a_pyproject_gets_a_tool_cscheck_table(cli: Callable[..., Result], in_tmp: Path) -> None:
    repository(in_tmp)
    (in_tmp / "pyproject.toml").write_text('[project]\nname = "notes"\n', encoding="utf-8")
    assert cli("init", "--lang", "en").exit_code == 0
    data = tomllib.loads((in_tmp / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["name"] == "notes"
    assert data["tool"]["cscheck"]["lang"] == "en" and data["tool"]["cscheck"]["questions"]["presets"] == ["bold-q"]
    assert not (in_tmp / "cscheck.toml").exists()
