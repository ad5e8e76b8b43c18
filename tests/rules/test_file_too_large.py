from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.rules._file_cases import check_json, codes


def test_over_the_configured_limit(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "cscheck.toml").write_text('max-file-size = "1KB"\n')
    (in_tmp / "big.md").write_text("가" * 2000)
    (in_tmp / "small.md").write_text("# ok\n")
    exit_code, data = check_json(cli, ".")
    assert exit_code == 1
    assert codes(data) == {"big.md": ["CS004"], "small.md": []}
    assert "limit 1,000" in data["files"][0]["diagnostics"][0]["message"]


def test_default_limit_is_ten_megabytes(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "nine.md").write_bytes(b"a" * (9 * 1024 * 1024))
    assert codes(check_json(cli, "nine.md")[1]) == {"nine.md": []}
