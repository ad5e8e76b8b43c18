from __future__ import annotations

import pytest

from checker.diagnostic import Edit, Span
from checker.source import Binary, LineIndex, SourceText, Undecodable, decode


def test_utf8_with_and_without_bom() -> None:
    plain = decode("한글\n".encode())
    bom = decode(b"\xef\xbb\xbf" + "한글\n".encode())
    assert isinstance(plain, SourceText) and isinstance(bom, SourceText)
    assert (plain.text, plain.bom) == ("한글\n", False)
    assert (bom.text, bom.bom) == ("한글\n", True)
    assert bom.encode() == b"\xef\xbb\xbf" + "한글\n".encode()


def test_line_endings_are_normalized_and_recorded() -> None:
    source = SourceText("a\r\nb\rc\nd", bom=False)
    assert source.text == "a\nb\nc\nd"
    assert source.endings == ("\r\n", "\r", "\n", "")


def test_edits_keep_every_other_byte_and_local_endings() -> None:
    source = SourceText("첫째\r\n둘째\nsecond\r\nlast", bom=False)
    text = source.text
    at = text.index("둘째")
    assert source.apply([Edit(at, at + 2, "2")]) == "첫째\r\n2\nsecond\r\nlast"
    # A newline inserted on a CRLF line becomes CRLF; on an LF line stays LF.
    assert source.apply([Edit(0, 0, "new\n")]) == "new\r\n첫째\r\n둘째\nsecond\r\nlast"
    sec = text.index("second")
    assert source.apply([Edit(sec, sec, "x\n")]) == "첫째\r\n둘째\nx\r\nsecond\r\nlast"


def test_edit_over_a_crlf_newline_covers_both_bytes() -> None:
    source = SourceText("a\r\nb", bom=False)
    assert source.apply([Edit(1, 2, " ")]) == "a b"


def test_overlapping_edits_are_refused() -> None:
    with pytest.raises(ValueError, match="overlapping"):
        SourceText("abcdef", bom=False).apply([Edit(0, 3, "x"), Edit(2, 4, "y")])


def test_nul_becomes_replacement_character_of_equal_length() -> None:
    source = SourceText("a\0b", bom=False)
    assert source.text == "a\ufffdb"


def test_line_index_counts_code_points() -> None:
    lines = LineIndex("💡 한글\nabc\n")
    assert lines.position(0) == (1, 1)
    assert lines.position(2) == (1, 3)  # the emoji is one code point
    assert lines.position(5) == (2, 1)
    assert lines.offset(2, 2) == 6
    assert lines.line_count == 3
    assert lines.location(Span(2, 8)).end_line == 2


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"\x89PNG\r\n\x1a\nrest", "PNG image"), (b"\xff\xd8\xff\xe0", "JPEG image"), (b"ab\0cd", "NUL byte")],
)
def test_binary(data: bytes, reason: str) -> None:
    assert decode(data) == Binary(reason)


def test_nul_after_the_probe_window_is_text() -> None:
    result = decode(b"a" * 9000 + b"\0")
    assert isinstance(result, SourceText)


def test_cp949_guess_and_position() -> None:
    data = "abc\n가나다\n".encode("cp949")
    result = decode(data)
    assert isinstance(result, Undecodable)
    assert (result.guess, result.codec, result.line, result.offset) == ("CP949/EUC-KR", "cp949", 2, 4)


def test_utf16_is_undecodable_not_binary() -> None:
    result = decode("\ufeff한글".encode("utf-16-le").join([b"", b""]) or "한글".encode("utf-16"))
    assert isinstance(result, Undecodable)
    assert result.guess == "UTF-16"
