from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.rules._file_cases import check_json, codes

KOREAN = "#### 💡 TCP와 UDP의 차이는?\n\nTCP는 연결형, UDP는 비연결형이다.\n"


def test_cp949_is_named_with_the_conversion(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "old.md").write_bytes(KOREAN.replace("💡 ", "").encode("cp949"))
    (in_tmp / "ok.md").write_text(KOREAN, encoding="utf-8")
    exit_code, data = check_json(cli, ".")
    assert exit_code == 1
    assert codes(data) == {"ok.md": [], "old.md": ["CS001"]}
    message = data["files"][1]["diagnostics"][0]["message"]
    assert "CP949/EUC-KR" in message and "iconv -f CP949 -t UTF-8" in message
    assert "line 1" in message


def test_euc_kr_file_is_reported_and_never_rewritten(cli: Callable[..., Result], in_tmp: Path) -> None:
    data = "# 제목\n\n한글 본문\n".encode("euc-kr")
    (in_tmp / "a.md").write_bytes(data)
    result = cli("fix", "--lang", "en", "a.md")
    assert result.exit_code == 1
    assert "CS001" in result.stdout
    assert (in_tmp / "a.md").read_bytes() == data


def test_unknown_encoding(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "x.md").write_bytes(b"abc \xff\xfe\xfd \x80 end\n")
    exit_code, data = check_json(cli, "x.md")
    assert exit_code == 1
    assert data["files"][0]["diagnostics"][0]["code"] == "CS001"


def test_utf8_with_bom_is_fine(cli: Callable[..., Result], in_tmp: Path) -> None:
    (in_tmp / "b.md").write_bytes(b"\xef\xbb\xbf" + KOREAN.encode())
    exit_code, data = check_json(cli, "b.md")
    assert (exit_code, codes(data)) == (0, {"b.md": []})
