"""Bytes to text and back, without losing a byte.

A note is decoded once into :class:`SourceText`: ``raw`` is the file's text exactly as written
(line endings untouched, BOM removed), ``text`` is the same with every line ending turned into
``\\n`` — what the parser and the rules see. Offsets are code points into ``text``; fixes are
mapped back into ``raw`` so that untouched lines keep their own endings (LF, CRLF or CR).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from checker.diagnostic import Edit, Location, Span

UTF8_BOM = b"\xef\xbb\xbf"
# git treats a file with a NUL byte in its first 8000 bytes as binary; so do we.
BINARY_PROBE_BYTES = 8000
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MAGIC_NUMBERS = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x7fELF", "executable"),
)


@dataclass(frozen=True, slots=True)
class Binary:
    """The file holds binary data, not text."""

    reason: str


@dataclass(frozen=True, slots=True)
class Undecodable:
    """The file is text, but not UTF-8."""

    offset: int  # byte offset of the first invalid byte
    line: int  # 1-based line of that byte
    guess: str | None  # the encoding it most likely is, e.g. "CP949/EUC-KR"
    codec: str | None  # the codec name to pass to iconv / Python


@dataclass(frozen=True, slots=True)
class Unreadable:
    """The file could not be read: permissions, a folder, a dangling link."""

    reason: str
    reason_ko: str | None = None  # where cscheck says it itself (the OS's reasons are English)


@dataclass(frozen=True, slots=True)
class TooLarge:
    size: int
    limit: int
    exact: bool = True  # False: read from a stream no further than the limit (size is a lower bound)


DecodeProblem = Binary | Undecodable
FileProblem = Unreadable | TooLarge | Binary | Undecodable


class LineIndex:
    """Converts code-point offsets to 1-based lines and columns (and back)."""

    __slots__ = ("_length", "_starts")

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        at = find("\n")
        while at != -1:
            starts.append(at + 1)
            at = find("\n", at + 1)
        self._starts = starts
        self._length = len(text)

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_start(self, line0: int) -> int:
        """Offset of the first character of 0-based line ``line0``."""
        if line0 >= len(self._starts):
            return self._length
        return self._starts[line0]

    def line_end(self, line0: int) -> int:
        """Offset just past the content of line ``line0`` (before its newline)."""
        if line0 + 1 < len(self._starts):
            return self._starts[line0 + 1] - 1
        return self._length

    def line_of(self, offset: int) -> int:
        """0-based line holding ``offset``."""
        return bisect_right(self._starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``; columns count code points."""
        offset = max(0, min(offset, self._length))
        line0 = self.line_of(offset)
        return line0 + 1, offset - self._starts[line0] + 1

    def location(self, span: Span) -> Location:
        line, column = self.position(span.start)
        end_line, end_column = self.position(span.end)
        return Location(line, column, end_line, end_column)

    def offset(self, line: int, column: int) -> int:
        """Offset of 1-based ``line``/``column``."""
        return self.line_start(line - 1) + column - 1


@dataclass(frozen=True)
class SourceText:
    """A decoded note: the raw text, its normalized form and how to map between them."""

    raw: str
    bom: bool

    @cached_property
    def _has_cr(self) -> bool:
        return "\r" in self.raw

    @cached_property
    def text(self) -> str:
        """The text with ``\\n`` line endings and NUL as U+FFFD, as markdown-it-py sees it."""
        text = _LINE_BREAK.sub("\n", self.raw) if self._has_cr else self.raw
        return text.replace("\0", "\ufffd") if "\0" in text else text

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    @cached_property
    def endings(self) -> tuple[str, ...]:
        """The ending of every line as written: ``"\\n"``, ``"\\r\\n"``, ``"\\r"`` or ``""`` (last line)."""
        found = [m.group() for m in _LINE_BREAK.finditer(self.raw)]
        found.append("")
        return tuple(found)

    @cached_property
    def _raw_line_starts(self) -> tuple[int, ...]:
        starts = [0]
        starts.extend(m.end() for m in _LINE_BREAK.finditer(self.raw))
        return tuple(starts)

    @property
    def dominant_ending(self) -> str:
        """The ending most lines use (LF when the file has none)."""
        if not self._has_cr:
            return "\n"
        counts: dict[str, int] = {}
        for ending in self.endings:
            if ending:
                counts[ending] = counts.get(ending, 0) + 1
        return max(counts, key=lambda e: counts[e]) if counts else "\n"

    def raw_offset(self, offset: int) -> int:
        """Map an offset in ``text`` to the same place in ``raw``."""
        if not self._has_cr:
            return offset
        line0 = self.lines.line_of(offset)
        return self._raw_line_starts[line0] + offset - self.lines.line_start(line0)

    def ending_at(self, offset: int) -> str:
        """The line ending to use for new lines inserted at ``offset``."""
        if not self._has_cr:
            return "\n"
        ending = self.endings[self.lines.line_of(offset)]
        return ending or self.dominant_ending

    def raw_replacement(self, edit: Edit) -> str:
        """The edit's text as it goes into ``raw``: a newline takes the ending of the line it lands on."""
        ending = self.ending_at(edit.start)
        if ending != "\n" and "\n" in edit.text:
            return edit.text.replace("\n", ending)
        return edit.text

    def apply(self, edits: Iterable[Edit]) -> str:
        """Return ``raw`` with non-overlapping ``edits`` (offsets into ``text``) applied.

        Bytes outside the edits are copied as they are; a newline inside an edit's text takes the
        ending of the line it lands on.
        """
        pieces: list[str] = []
        cursor = 0
        for edit in sorted(edits, key=lambda e: (e.start, e.end)):
            start, end = self.raw_offset(edit.start), self.raw_offset(edit.end)
            if start < cursor:
                raise ValueError("overlapping edits")
            pieces.append(self.raw[cursor:start])
            pieces.append(self.raw_replacement(edit))
            cursor = end
        pieces.append(self.raw[cursor:])
        return "".join(pieces)

    def encode(self, raw: str | None = None) -> bytes:
        """The file's bytes for ``raw`` (default: unchanged), keeping the BOM."""
        data = (self.raw if raw is None else raw).encode("utf-8")
        return UTF8_BOM + data if self.bom else data


def load(path: Path, max_size: int) -> SourceText | FileProblem:
    """Read and decode a note, or say why it cannot be checked as text."""
    return load_with_stat(path, max_size)[0]


def load_with_stat(path: Path, max_size: int) -> tuple[SourceText | FileProblem, tuple[int, int] | None]:
    """:func:`load`, and the (size, mtime_ns) the file had when its bytes were read (the cache
    keeps that, not a later stat: an edit made meanwhile must not inherit this verdict)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return Unreadable("not a regular file"), None
        # Non-blocking: a FIFO put in its place after the stat must not hang the run in open().
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with open(descriptor, "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                return Unreadable("not a regular file"), None
            size = status.st_size
            if size > max_size:
                return TooLarge(size, max_size), None
            # Read what fstat promised (plus one byte to notice growth), never max_size up front.
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(max_size + 1 - len(data))
            after = os.fstat(handle.fileno())
    except OSError as error:
        return Unreadable(error.strerror or str(error)), None
    if len(data) > max_size:
        return TooLarge(len(data), max_size), None
    # Written to while read: no stat vouches for these bytes (the next run hashes the file).
    stable = len(data) == after.st_size and after.st_mtime_ns == status.st_mtime_ns
    return decode(data), ((after.st_size, after.st_mtime_ns) if stable else None)


MAX_OWN_INPUT = 10 * 1024 * 1024  # config files and knowledge packs are far smaller


def read_regular_file(path: Path, limit: int = MAX_OWN_INPUT) -> bytes:
    """The bytes of cscheck's own input (a config file, a knowledge pack): a regular file of at
    most ``limit`` bytes. A FIFO, a device such as /dev/zero, a folder or a huge file raises
    OSError with the reason, where reading it would block, never end or fill the memory."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with open(descriptor, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit:,} bytes", str(path))
    return data


def decode(data: bytes) -> SourceText | DecodeProblem:
    """Decode a note's bytes: UTF-8 with or without BOM, or say why not."""
    bom = data.startswith(UTF8_BOM)
    body = data[len(UTF8_BOM) :] if bom else data
    if not bom:
        binary = _binary_reason(body)
        if binary is not None:
            return Binary(binary)
    try:
        return SourceText(body.decode("utf-8"), bom)
    except UnicodeDecodeError as error:
        guess, codec = guess_encoding(body)
        line = body.count(b"\n", 0, error.start) + 1
        return Undecodable(error.start + (len(UTF8_BOM) if bom else 0), line, guess, codec)


def _binary_reason(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text: undecodable, not binary
    for magic, kind in _MAGIC_NUMBERS:
        if data.startswith(magic):
            return kind
    if b"\0" in data[:BINARY_PROBE_BYTES]:
        return "NUL byte"
    return None


# Tried in order; the first that decodes the whole file and yields plausible text wins.
_CANDIDATES: Sequence[tuple[str, str, str]] = (
    ("utf-16", "UTF-16", ""),
    ("cp949", "CP949/EUC-KR", "\uac00-\ud7a3"),  # Hangul syllables
    ("euc_jp", "EUC-JP", "\u3040-\u30ff"),
    ("shift_jis", "Shift_JIS", "\u3040-\u30ff"),
    ("gb18030", "GB18030", "\u4e00-\u9fff"),
    ("cp1252", "Windows-1252", "\u00c0-\u00ff"),
)


def guess_encoding(data: bytes) -> tuple[str | None, str | None]:
    """Guess the legacy encoding of text that is not UTF-8: (display name, codec)."""
    for codec, name, script in _CANDIDATES:
        if codec == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if not script or re.search(f"[{script}]", text):
            return name, codec
    return None, None
