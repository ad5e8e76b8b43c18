"""The shipped entries' regexes, compiled ahead of time for each CPython that ships a table.

Compiling is the largest fixed cost of a fresh run: Python's ``re`` parses and compiles a pattern
in Python code, about 1 ms for an acronym entry, and a repository of network notes needs some 250
of the 860 shipped regexes (0.2–0.3 s in every fresh clone, and again in every worker). The
compiled form of a pattern is a list of integers that only ``_sre.compile`` turns into a
``re.Pattern`` (0.01 ms). ``scripts/compile_knowledge.py`` writes those lists, for every regex of
``rules/knowledge/compiled.json``, to ``rules/knowledge/regex-code/<cache tag>.bin`` with each CPython
it finds; a run reads the table of its own interpreter.

The format of that code belongs to the interpreter (``_sre.MAGIC`` names it), so a table is used
only by the interpreter version that wrote it; any other interpreter, a user's pack, a pattern the
table lacks, or a table that is unreadable or rejected by ``_sre`` (it checks the code it is given)
compiles with ``re.compile`` as before. The table is part of the install, never of a repository.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # CPython's regex engine: no type stubs
import array
import hashlib
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FOLDER_NAME = "regex-code"
_FORMAT = 1
_MARK = b"cscheck-regex-code\n"


def table_name() -> str | None:
    """The running interpreter's table file name, or None where there is none to have."""
    tag = sys.implementation.cache_tag
    return f"{tag}.bin" if sys.implementation.name == "cpython" and tag else None


def _key(source: str) -> str:
    return hashlib.blake2b(source.encode("utf-8"), digest_size=10).hexdigest()


def _signature() -> dict[str, Any]:
    return {
        "tag": sys.implementation.cache_tag,
        "magic": _sre.MAGIC,
        "codesize": _sre.CODESIZE,
        "byteorder": sys.byteorder,
    }


def build_table(sources: Iterable[str]) -> bytes:
    """The table of ``sources`` for the running interpreter (a build step, not run by cscheck)."""
    # The interpreter's own parser and compiler (private, and absent from the type stubs): build time only.
    from re import _compiler, _parser  # type: ignore[attr-defined]  # noqa: PLC0415

    code_words = array.array("I")
    index: dict[str, list[Any]] = {}
    for source in sorted(set(sources)):
        parsed = _parser.parse(source, 0)
        code = _compiler._code(parsed, 0)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, number in groupindex.items():
            indexgroup[number] = name
        index[_key(source)] = [
            len(code_words),
            len(code),
            parsed.state.flags,
            parsed.state.groups - 1,
            groupindex,
            indexgroup,
        ]
        code_words.extend(code)
    header = {"format": _FORMAT, **_signature(), "patterns": index}
    return (
        _MARK + json.dumps(header, sort_keys=True, separators=(",", ":")).encode("ascii") + b"\n" + code_words.tobytes()
    )


class RegexTable:
    """One interpreter's precompiled regexes, read from a table file."""

    def __init__(self, index: dict[str, list[Any]], code: bytes, code_start: int) -> None:
        self._index = index
        self._code = code
        self._code_start = code_start

    @classmethod
    def read(cls, path: Path) -> RegexTable | None:
        """The table at ``path`` if this interpreter wrote it, else None (then every regex compiles).

        Read whole (3 MB, a few ms) rather than mapped: a mapped file could not be replaced on
        Windows while a language server holds it, by an upgrade or by a rebuild of the table."""
        if array.array("I").itemsize != _sre.CODESIZE:
            return None
        try:
            data = path.read_bytes()
            if not data.startswith(_MARK):
                return None
            code_start = data.index(b"\n", len(_MARK)) + 1
            header = json.loads(data[len(_MARK) : code_start])
        except (OSError, ValueError):
            return None
        if not isinstance(header, dict) or header.get("format") != _FORMAT:
            return None
        if any(header.get(name) != value for name, value in _signature().items()):
            return None
        index = header.get("patterns")
        return cls(index, data, code_start) if isinstance(index, dict) else None

    def compiled(self, source: str) -> re.Pattern[str] | None:
        """``source`` compiled from the table, or None if the table lacks it or ``_sre`` refuses it."""
        found = self._index.get(_key(source))
        if found is None:
            return None
        try:
            offset, length, flags, groups, groupindex, indexgroup = found
            start = self._code_start + offset * _sre.CODESIZE
            words = array.array("I", self._code[start : start + length * _sre.CODESIZE])
            pattern: re.Pattern[str] = _sre.compile(
                source, flags, words.tolist(), groups, groupindex, tuple(indexgroup)
            )
        except (TypeError, ValueError, RuntimeError, OverflowError):
            return None  # a damaged table: "invalid SRE code" and the like
        return pattern


def shipped_sources(compiled_packs: dict[str, Any]) -> list[str]:
    """Every regex of the shipped entries, from the contents of ``compiled.json``."""
    return [
        raw[name]
        for pack in compiled_packs["packs"].values()
        for raw in pack["entries"]
        for name in ("pattern", "context", "unless")
        if isinstance(raw.get(name), str)
    ]
