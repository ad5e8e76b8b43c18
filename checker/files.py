"""Which files a run checks, and where its root is.

Given paths are checked as named; folders are walked for ``*.md`` (or the configured
``include``), skipping ``.git``, ``node_modules`` and, inside a git repository, what git
ignores. ``exclude`` applies to walked folders always and to named files with
``--force-exclude`` (pre-commit names files one by one).

Globs are relative to the config file's folder: ``*`` stays within a path segment, ``**``
crosses them, a pattern without ``/`` matches a name at any depth, and a pattern matches a
path when it matches the path or one of its parent folders (``tests/fixtures/``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFAULT_INCLUDE = ("*.md", "*.markdown")
ALWAYS_SKIPPED = frozenset({".git", "node_modules", ".venv", "venv", ".tox", ".cscheck_cache", "__pycache__"})


@cache
def _glob_regex(pattern: str) -> re.Pattern[str]:
    anchored = "/" in pattern.rstrip("/")
    body = pattern.strip("/")
    out: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if body.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            close = body.find("]", i + 1)
            if close == -1:
                out.append(re.escape(char))
            else:
                inner = body[i + 1 : close].replace("\\", "\\\\")
                out.append(f"[{'^' + inner[1:] if inner.startswith('!') else inner}]")
                i = close
        else:
            out.append(re.escape(char))
        i += 1
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"{prefix}{''.join(out)}")


def glob_error(pattern: str) -> str | None:
    """Why ``pattern`` is no glob (a range like ``[z-a]``), or None: checked when a config loads."""
    try:
        _glob_regex(pattern)
    except re.error as error:
        return error.msg  # without "at position N": a position in the regex it became means nothing here
    return None


def glob_matches(pattern: str, relative: str) -> bool:
    """Whether ``pattern`` matches the posix path ``relative`` or one of its parent folders."""
    regex = _glob_regex(pattern)
    parts = relative.split("/")
    return any(regex.fullmatch("/".join(parts[:end])) for end in range(len(parts), 0, -1))


def matches_any(patterns: Iterable[str], path: Path, base: Path) -> bool:
    relative = _relative(path, base)
    return relative is not None and any(glob_matches(p, relative) for p in patterns)


def _relative(path: Path, base: Path) -> str | None:
    try:
        # normalized: `sub/../a.md` against a root of `/x` (or `/x/sub/..` against `/x/a.md`)
        return Path(os.path.normpath(path.absolute())).relative_to(os.path.normpath(base.absolute())).as_posix()
    except ValueError:
        return None


@dataclass(frozen=True)
class Discovery:
    files: list[Path]
    missing: list[str]  # named paths that do not exist


def discover(
    paths: Sequence[Path],
    *,
    base: Path,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    force_exclude: bool = False,
) -> Discovery:
    """The files to check, each once, in a stable order.

    The default ``*.md``/``*.markdown`` match in any letter case (``NOTES.MD``), as GitHub renders
    them; configured ``include`` globs match as written.
    """
    fold_case = not include
    include = tuple(include) or DEFAULT_INCLUDE
    files: list[Path] = []
    missing: list[str] = []
    for path in paths:
        if not os.path.lexists(path):
            missing.append(str(path))
        elif path.is_dir():
            for found in _walk(path):
                if _wanted(found, base, include, fold_case) and not matches_any(exclude, found, base):
                    files.append(found)
        elif not (force_exclude and matches_any(exclude, path, base)):
            files.append(path)
    unique: dict[str, Path] = {}
    for file in files:
        unique.setdefault(os.path.normpath(file.absolute()), file)
    return Discovery(sorted(unique.values(), key=lambda p: p.as_posix()), missing)


def included(path: Path, base: Path, include: Sequence[str]) -> bool:
    """Whether configured ``include`` globs (relative to ``base``) take ``path``."""
    return _wanted(path, base, include, fold_case=False)


def _wanted(path: Path, base: Path, include: Sequence[str], fold_case: bool) -> bool:
    relative = _relative(path, base) or path.name
    if fold_case:
        relative = relative.lower()
    return any(_glob_regex(p).fullmatch(relative) for p in include)


def _walk(folder: Path) -> Iterator[Path]:
    listed = _git_listing(folder)
    if listed is not None:
        yield from listed
        return
    for directory, subdirs, names in os.walk(folder):
        subdirs[:] = sorted(d for d in subdirs if d not in ALWAYS_SKIPPED)
        for name in sorted(names):
            yield Path(directory) / name


def _git_listing(folder: Path) -> list[Path] | None:
    """Files under ``folder`` that git tracks or would track (not ignored); None outside git."""
    if not _inside_git(folder):
        return None
    import subprocess  # noqa: PLC0415 — only a folder inside git is listed by git

    try:
        result = subprocess.run(
            ["git", "-C", str(folder), "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            capture_output=True,
            check=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = []
    for raw in result.stdout.split(b"\0"):
        if not raw:
            continue
        relative = os.fsdecode(raw)
        if any(part in ALWAYS_SKIPPED for part in relative.split("/")[:-1]):
            continue
        path = folder / relative
        # A committed link — dangling, looping, to /dev/zero or out of the root — is listed too:
        # checking it gives its finding (CS003) where skipping it said nothing. Only a folder
        # (a submodule) is no file.
        if path.is_symlink() or path.is_file():
            found.append(path)
    return found


def _inside_git(folder: Path) -> bool:
    absolute = folder.absolute()
    return any((candidate / ".git").exists() for candidate in (absolute, *absolute.parents))


def git_root(start: Path) -> Path | None:
    absolute = start.absolute()
    folder = absolute if absolute.is_dir() else absolute.parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None
