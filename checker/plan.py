"""Which config and root each checked file gets: the config nearest to the file, as in ruff.

pre-commit names files in shuffled batches, and a pull request can add a ``cscheck.toml`` to any
folder: the verdict on a note must not depend on which path happened to be named first. So each
file is checked under the config file nearest to it (walking up from its own folder) and the root
that config defines; ``--config`` and ``--root`` given on the command line apply to every file.

Without any config the root is the file's git repository, else the folder named, else (for a
file named) the folder the run started in when the file lies inside it, or the file's own folder. Only a
project's root — a config's folder, a git repository, or ``--root`` — gets a cache.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker.config import Config
from checker.config_file import LoadedConfig, find_config_file, load_config
from checker.files import discover, git_root, included, matches_any


@dataclass
class Group:
    """Files checked under one config and root: one engine, one cache."""

    loaded: LoadedConfig
    root: Path
    project: bool
    files: list[Path] = field(default_factory=list)


@dataclass
class Plan:
    groups: list[Group]
    missing: list[str]  # named paths that do not exist
    here: LoadedConfig  # the config of where the run starts (its message language)
    stdin: Group | None  # the group standard input is checked in (`-` named)


class _Configs:
    """Config files found and loaded once per folder and per file."""

    def __init__(self, explicit: Path | None, use_cache: bool) -> None:
        self._use_cache = use_cache
        self._loaded: dict[Path | None, LoadedConfig] = {}
        self._nearest: dict[Path, Path | None] = {}
        self._explicit = self._load(explicit) if explicit is not None else None

    def _load(self, path: Path | None) -> LoadedConfig:
        key = Path(os.path.normpath(path.absolute())) if path is not None else None
        if key not in self._loaded:
            self._loaded[key] = load_config(path, use_cache=self._use_cache) if path else LoadedConfig(Config(), None)
        return self._loaded[key]

    def nearest(self, start: Path) -> LoadedConfig:
        """The config that applies to ``start`` (a file or a folder)."""
        if self._explicit is not None:
            return self._explicit
        folder = Path(os.path.normpath(start.absolute()))
        if not folder.is_dir():
            folder = folder.parent
        if folder not in self._nearest:
            self._nearest[folder] = find_config_file(start)  # as named: messages show it so
        return self._load(self._nearest[folder])


def plan(
    paths: Sequence[Path],
    *,
    config_file: Path | None,
    root: Path | None,
    force_exclude: bool,
    use_cache: bool,
    stdin_filename: str | None = None,
) -> Plan:
    """Group the files a run checks by the config and root each one gets; ConfigError on a bad config."""
    configs = _Configs(config_file, use_cache)
    here = configs.nearest(Path(stdin_filename) if stdin_filename else Path("."))
    named = [p for p in paths if str(p) != "-"]
    if named:
        targets = named
    elif not any(str(p) == "-" for p in paths):
        targets = [here.directory] if here.config.include and here.directory is not None else [Path(".")]
    else:
        targets = []
    groups: dict[tuple[Path | None, Path], Group] = {}
    seen: set[str] = set()
    missing: list[str] = []

    def add(file: Path, loaded: LoadedConfig, start: Path) -> None:
        key = os.path.normpath(file.absolute())
        if key in seen:
            return
        seen.add(key)
        file_root, project = _root(root, loaded, start)
        group = groups.setdefault((loaded.path, file_root), Group(loaded, file_root, project))
        group.files.append(file)

    for target in targets:
        if not os.path.lexists(target):
            missing.append(str(target))
            continue
        outer = configs.nearest(target)
        if not target.is_dir():
            base = _base(outer, root, target)
            if not (force_exclude and matches_any(outer.config.exclude, target, base)):
                add(target, outer, target)
            continue
        base = _base(outer, root, target)
        found = discover([target], base=base, include=outer.config.include, exclude=outer.config.exclude)
        for file in found.files:
            loaded = configs.nearest(file)
            if loaded is not outer:  # a config in a folder below the one named applies here
                inner = _base(loaded, root, file)
                if loaded.config.include and not included(file, inner, loaded.config.include):
                    continue
                if matches_any(loaded.config.exclude, file, inner):
                    continue
            add(file, loaded, target)
    stdin: Group | None = None
    if any(str(p) == "-" for p in paths):
        start = Path(stdin_filename) if stdin_filename else Path.cwd()
        stdin_root, project = _root(root, here, start)
        stdin = groups.setdefault((here.path, stdin_root), Group(here, stdin_root, project))
    return Plan(list(groups.values()), missing, here, stdin)


def _base(loaded: LoadedConfig, root: Path | None, start: Path) -> Path:
    """What globs are relative to: the config's folder, else the root."""
    return loaded.directory or _root(root, loaded, start)[0]


def _root(root: Path | None, loaded: LoadedConfig, start: Path) -> tuple[Path, bool]:
    """The root for a file found from ``start``, and whether it is a project's (cache allowed)."""
    if root is not None:
        return Path(os.path.normpath(root.absolute())), True
    if loaded.directory is not None:
        return Path(os.path.normpath(loaded.directory.absolute())), True
    found = git_root(start)
    if found is not None:
        return found, True
    absolute = Path(os.path.normpath(start.absolute()))
    if absolute.is_dir():
        return absolute, False
    here = Path.cwd()
    if here in absolute.parents:
        return here, False
    return absolute.parent, False
