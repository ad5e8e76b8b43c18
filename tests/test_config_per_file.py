"""Each file is checked under the config nearest to it and the root that config defines (red
team F8): the verdict on a note never depends on which path was named first."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result


@pytest.fixture
def two_folders(in_tmp: Path) -> Path:
    (in_tmp / ".git").mkdir()
    (in_tmp / "net").mkdir()
    (in_tmp / "web").mkdir()
    (in_tmp / "net" / "a.md").write_text("# 네트워크\n\n![그림](img/missing.png) [링크](nowhere.md) [앵커](#없는-제목)\n")
    (in_tmp / "web" / "b.md").write_text("# 웹\n\n[링크](nowhere.md)\n")
    (in_tmp / "web" / "cscheck.toml").write_text('lang = "en"\nignore = ["CS302"]\n')
    return in_tmp


def _findings(cli: Callable[..., Result], *args: str) -> list[tuple[str, str]]:
    result = cli("check", "--no-cache", "--output-format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return [(f["path"], d["code"]) for f in json.loads(result.stdout)["files"] for d in f["diagnostics"]]


def test_the_verdict_does_not_depend_on_the_order_of_paths(cli: Callable[..., Result], two_folders: Path) -> None:
    expected = [("net/a.md", "CS301"), ("net/a.md", "CS302"), ("net/a.md", "CS401")]
    for order in itertools.permutations(["net/a.md", "web/b.md"]):
        assert _findings(cli, *order) == expected, order


def test_a_config_in_a_folder_below_applies_to_that_folder_only(cli: Callable[..., Result], two_folders: Path) -> None:
    """`cscheck check .`: web/cscheck.toml governs web/, the rest keeps the defaults."""
    assert _findings(cli, ".") == [("net/a.md", "CS301"), ("net/a.md", "CS302"), ("net/a.md", "CS401")]
    assert _findings(cli, "web") == []
    assert _findings(cli, "net", "web") == _findings(cli, "web", "net")


def test_an_exclude_below_applies_to_its_own_files(cli: Callable[..., Result], two_folders: Path) -> None:
    (two_folders / "web" / "cscheck.toml").write_text('exclude = ["drafts/"]\n')
    (two_folders / "web" / "drafts").mkdir()
    (two_folders / "web" / "drafts" / "c.md").write_text("[x](nowhere.md)\n")
    (two_folders / "net" / "drafts").mkdir()
    (two_folders / "net" / "drafts" / "d.md").write_text("[x](nowhere.md)\n")
    paths = {path for path, _ in _findings(cli, ".")}
    assert "net/drafts/d.md" in paths and "web/drafts/c.md" not in paths


def test_an_explicit_config_applies_to_every_file(cli: Callable[..., Result], two_folders: Path) -> None:
    (two_folders / "all.toml").write_text('ignore = ["CS3", "CS4"]\n')
    assert _findings(cli, "--config", "all.toml", "web/b.md", "net/a.md") == []


def test_each_config_defines_its_own_root(cli: Callable[..., Result], two_folders: Path) -> None:
    """A `/`-link resolves against the root of the note's own config."""
    (two_folders / "web" / "cscheck.toml").write_text("")
    (two_folders / "web" / "img").mkdir()
    (two_folders / "web" / "img" / "x.png").write_bytes(b"")
    (two_folders / "web" / "b.md").write_text("![그림](/img/x.png)\n")
    (two_folders / "net" / "c.md").write_text("![그림](/img/x.png)\n")
    for order in itertools.permutations(["web/b.md", "net/c.md"]):
        assert _findings(cli, *order) == [("net/c.md", "CS301")], order
