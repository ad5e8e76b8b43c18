"""A baseline: the findings a repository already had, left out so that only new ones fail.

A study group that adopts cscheck in a repository of 300 old notes must not have every
contributor blocked by fifty findings they did not write. ``cscheck baseline`` records the
current findings; ``check``/``fix``/``report`` given a baseline (``--baseline FILE`` or the
``baseline`` config key) leave out the findings it lists, in every output format and in the exit
code, and say how many entries no longer match anything (fixed since: the file can be rewritten).

An entry is keyed by the note's path (relative to the baseline file's folder), the rule and the
finding's fingerprint — the rule, the flagged line's text and the occurrence among equal ones,
no line number (the SARIF fingerprint) — so editing a note above a finding keeps it recognised.
Equal entries count: two identical old findings let two through, not a third.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.config import ConfigError
from checker.engine import FileReport
from checker.reporters.common import fingerprint
from checker.writer import replace_text

FORMAT = 1
DEFAULT_NAME = "cscheck-baseline.json"

_Key = tuple[str, str, str]  # (path, code, fingerprint)


@dataclass
class Applied:
    """What a baseline left out of a run."""

    hidden: int  # findings left out
    stale: int  # entries for checked notes that matched nothing


def _relative(path: Path, folder: Path) -> str:
    absolute = Path(os.path.normpath(path.absolute()))
    try:
        return absolute.relative_to(folder).as_posix()
    except ValueError:
        return absolute.as_posix()


def _keys(report: FileReport, folder: Path, seen: dict[tuple[str, ...], int]) -> list[_Key]:
    path = _relative(report.path, folder)
    return [(path, d.code, fingerprint(report, d, path, seen)) for d in report.diagnostics]


def write(reports: Sequence[FileReport], target: Path) -> int:
    """Record every finding of ``reports`` in ``target``, atomically; how many were recorded."""
    folder = Path(os.path.normpath(target.absolute().parent))
    seen: dict[tuple[str, ...], int] = {}
    entries = []
    for report in sorted(reports, key=lambda r: _relative(r.path, folder)):
        if report.stdin:
            continue
        for diagnostic, (path, code, print_) in zip(report.diagnostics, _keys(report, folder, seen), strict=True):
            line = diagnostic.location.line if diagnostic.location else 1
            entries.append(
                {"path": path, "code": code, "fingerprint": print_, "line": line, "message": diagnostic.message.en}
            )
    payload = {"version": FORMAT, "tool": "cscheck", "findings": entries}
    text = json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
    try:
        replace_text(target, text)
    except OSError as error:
        raise ConfigError(f"{target}: cannot write the baseline: {error.strerror or error}") from None
    return len(entries)


def load(path: Path) -> Counter[_Key]:
    """The entries of a baseline file; a missing or malformed file is one line (ConfigError)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such baseline (write one with `cscheck baseline`)") from None
    except (OSError, ValueError) as error:
        raise ConfigError(f"{path}: not a cscheck baseline: {error}") from None
    findings = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("version") != FORMAT or not isinstance(findings, list):
        raise ConfigError(f"{path}: not a cscheck baseline (version {FORMAT} with a list of findings)")
    keys: Counter[_Key] = Counter()
    for index, entry in enumerate(findings):
        fields = [entry.get(name) for name in ("path", "code", "fingerprint")] if isinstance(entry, dict) else []
        strings = [field for field in fields if isinstance(field, str)]
        if len(strings) != 3:
            raise ConfigError(f"{path}: finding #{index + 1} needs a path, a code and a fingerprint")
        keys[(strings[0], strings[1], strings[2])] += 1
    return keys


def listed(reports: Iterable[FileReport], path: Path) -> tuple[set[int], int]:
    """The ``id()`` of each finding of ``reports`` the baseline at ``path`` lists, and how many of
    its entries for the notes checked matched nothing (stale)."""
    return listed_in(reports, load(path), Path(os.path.normpath(path.absolute().parent)))


def keys_of(reports: Iterable[FileReport], folder: Path) -> Counter[_Key]:
    """The entries a baseline of ``reports`` (paths relative to ``folder``) would hold."""
    seen: dict[tuple[str, ...], int] = {}
    return Counter(key for report in reports if not report.stdin for key in _keys(report, folder, seen))


def listed_in(reports: Iterable[FileReport], entries: Counter[_Key], folder: Path) -> tuple[set[int], int]:
    """:func:`listed` against ``entries`` whose paths are relative to ``folder``."""
    remaining = Counter(entries)
    seen: dict[tuple[str, ...], int] = {}
    found: set[int] = set()
    checked: set[str] = set()
    for report in reports:
        if report.stdin:
            continue
        checked.add(_relative(report.path, folder))
        for diagnostic, key in zip(report.diagnostics, _keys(report, folder, seen), strict=True):
            if remaining[key] > 0:
                remaining[key] -= 1
                found.add(id(diagnostic))
    stale = sum(count for (file, _, _), count in remaining.items() if file in checked and count > 0)
    return found, stale


def apply(reports: Iterable[FileReport], path: Path) -> Applied:
    """Leave out of ``reports`` (in place) the findings the baseline at ``path`` lists."""
    reports = list(reports)
    found, stale = listed(reports, path)
    hidden = 0
    for report in reports:
        kept = [d for d in report.diagnostics if id(d) not in found]
        hidden += len(report.diagnostics) - len(kept)
        report.diagnostics = kept
    return Applied(hidden, stale)
