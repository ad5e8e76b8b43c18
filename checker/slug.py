"""GitHub heading anchors, with github-slugger's semantics.

github.com lowercases a heading's rendered text, deletes the characters of one Unicode class
(see ``scripts/gen_slug_table.py``) and turns each ASCII space into ``-``; no trimming, no
collapsing. Within one document a repeated slug gets ``-1``, ``-2`` … stepping around slugs that
are already taken, so ``echo, echo, echo-1`` becomes ``echo, echo-1, echo-1-1``.
"""

from __future__ import annotations

from bisect import bisect_right

from checker._slug_chars import DELETED_ENDS, DELETED_STARTS


class _AnchorTable(dict[int, int | None]):
    """``str.translate`` table: deleted characters map to None, a space to ``-``, others to
    themselves. Filled on first sight of each character, so a run pays only for what it meets."""

    def __missing__(self, point: int) -> int | None:
        index = bisect_right(DELETED_STARTS, point) - 1
        deleted = index >= 0 and point <= DELETED_ENDS[index]
        value = None if deleted else (0x2D if point == 0x20 else point)
        self[point] = value
        return value


_ANCHOR_TABLE = _AnchorTable()


def slug(text: str) -> str:
    """The anchor GitHub gives a heading whose rendered text is ``text`` (no duplicate suffix)."""
    return text.lower().translate(_ANCHOR_TABLE)


class Slugger:
    """Hands out unique slugs for the headings of one document, in order."""

    def __init__(self) -> None:
        self._occurrences: dict[str, int] = {}

    def slug(self, text: str) -> str:
        base = result = slug(text)
        while result in self._occurrences:
            self._occurrences[base] += 1
            result = f"{base}-{self._occurrences[base]}"
        self._occurrences[result] = 0
        return result
