"""Code-point offsets (the engine's) ↔ LSP positions (0-based line, UTF-16 code units).

The engine's text has ``\\n`` line ends where the editor's may have ``\\r\\n`` or ``\\r``; both
have the same lines, and within a line the same characters (a NUL is U+FFFD, one unit either
way), so a line and the UTF-16 length of the characters before the offset on it is exact.
"""

from __future__ import annotations

from checker.source import LineIndex


def utf16_length(text: str) -> int:
    """How many UTF-16 code units ``text`` takes: characters beyond U+FFFF take two."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


class Positions:
    """Conversions for one text (the engine's normalized text of a note)."""

    def __init__(self, text: str, lines: LineIndex) -> None:
        self._text = text
        self._lines = lines

    def position(self, offset: int) -> tuple[int, int]:
        """(line, UTF-16 character) of a code-point offset."""
        offset = max(0, min(offset, len(self._text)))
        line = self._lines.line_of(offset)
        start = self._lines.line_start(line)
        return line, utf16_length(self._text[start:offset])

    def offset(self, line: int, character: int) -> int:
        """The code-point offset of an LSP position; past a line's end is its end (as the spec says)."""
        if line < 0:
            return 0
        if line >= self._lines.line_count:
            return len(self._text)
        start, end = self._lines.line_start(line), self._lines.line_end(line)
        units = 0
        offset = start
        while offset < end and units < character:
            units += 2 if ord(self._text[offset]) > 0xFFFF else 1
            offset += 1
        return offset
