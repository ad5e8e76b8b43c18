"""README.ko.md says what README.md says: the same two set-up commands, and commands that exist."""

from __future__ import annotations

import re
from collections.abc import Callable

from click.testing import Result

from tests.conftest import REPO

KO = (REPO / "README.ko.md").read_text(encoding="utf-8")
EN = (REPO / "README.md").read_text(encoding="utf-8")


def _shell_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, re.DOTALL)


def test_the_two_set_up_commands_are_the_english_ones() -> None:
    assert _shell_blocks(KO)[:2] == _shell_blocks(EN)[:2]


def test_every_command_it_names_exists(cli: Callable[..., Result]) -> None:
    named = sorted(set(re.findall(r"^cscheck ([a-z]+)", "\n".join(_shell_blocks(KO)), re.MULTILINE)))
    assert {"check", "fix", "init", "baseline", "report", "rules", "rule"} <= set(named)
    for command in named:
        assert cli(command, "--help").exit_code == 0, command


def test_the_english_readme_links_to_it() -> None:
    assert "[한국어 안내](README.ko.md)" in EN.split("## Usage")[0]


def test_it_is_a_clean_note(cli: Callable[..., Result]) -> None:
    result = cli("check", "--no-cache", str(REPO / "README.ko.md"))
    assert result.exit_code == 0, result.output
