from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.rules._file_cases import check_json, codes


def test_png_named_md(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "diagram.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    exit_code, data = check_json(cli, "diagram.md")
    assert exit_code == 1
    assert codes(data) == {"diagram.md": ["CS002"]}
    assert "PNG image" in data["files"][0]["diagnostics"][0]["message"]


def test_nul_byte_early_means_binary(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "n.md").write_bytes(b"# title\n\x00\x01\x02")
    assert codes(check_json(cli, "n.md")[1]) == {"n.md": ["CS002"]}


def test_other_files_are_still_checked(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "bin.md").write_bytes(b"\x00" * 10)
    (in_tmp / "conflict.md").write_text("<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n")
    assert codes(check_json(cli, ".")[1]) == {"bin.md": ["CS002"], "conflict.md": ["CS101"]}


def test_binary_file_is_never_rewritten(cli: Callable[..., Result], in_tmp: Path) -> None:
    data = b"\x00\x01binary"
    (in_tmp / "z.md").write_bytes(data)
    assert cli("fix", "z.md").exit_code == 1
    assert (in_tmp / "z.md").read_bytes() == data
