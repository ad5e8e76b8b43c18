"""GitHub heading anchors, with github-slugger's semantics.

github.com lowercases a heading's rendered text, deletes the characters of one Unicode class
(see ``scripts/gen_slug_table.py``) and turns each ASCII space into ``-``; no trimming, no
collapsing. Within one document a repeated slug gets ``-1``, ``-2`` … stepping around slugs that
are already taken, so ``echo, echo, echo-1`` becomes ``echo, echo-1, echo-1-1``.
"""

from __future__ import annotations

import re

from checker._slug_chars import DELETED_CLASS

_DELETED = re.compile(f"[{DELETED_CLASS}]")


def slug(text: str) -> str:
    """The anchor GitHub gives a heading whose rendered text is ``text`` (no duplicate suffix)."""
    return _DELETED.sub("", text.lower()).replace(" ", "-")


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
