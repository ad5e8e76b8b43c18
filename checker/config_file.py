"""Finding, reading and validating a config file, and keeping its validated form.

A config file is validated with pydantic (``checker.config_schema``): unknown keys and wrong types
are one line naming the file, the key and the problem — never a silently ignored setting. The
result is cached per file content in ``.cscheck_cache/`` so that a run whose config did not
change never imports pydantic: cscheck runs on every commit, and start-up is most of a one-file run.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from checker import cachestore
from checker.config import Config, ConfigError
from checker.source import read_regular_file

CONFIG_FILES = ("cscheck.toml", "pyproject.toml")


@dataclass(frozen=True)
class LoadedConfig:
    config: Config
    path: Path | None  # the file it came from; None for the defaults

    @property
    def directory(self) -> Path | None:
        return self.path.parent if self.path else None


def find_config_file(start: Path) -> Path | None:
    """The nearest ``cscheck.toml``, or ``pyproject.toml`` with ``[tool.cscheck]``, walking up."""
    folder = start if start.is_dir() else start.parent
    for candidate_dir in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = candidate_dir / name
            if candidate.is_file() and (name == "cscheck.toml" or _has_cscheck_table(candidate)):
                return candidate
    return None


def _has_cscheck_table(pyproject: Path) -> bool:
    try:
        raw = read_regular_file(pyproject)
    except OSError:
        return False
    if b"cscheck" not in raw:  # however the table is spelled, its name is in the bytes
        return False
    import tomllib  # noqa: PLC0415 — most runs read their config from the cache

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    except RecursionError:  # nested too deeply to tell: load_config says so in one line
        return True
    tool = data.get("tool")
    return isinstance(tool, dict) and "cscheck" in tool


def load_config(path: Path, *, use_cache: bool = True) -> LoadedConfig:
    """Read and validate a config file; every problem is a :class:`ConfigError`."""
    try:
        data = read_regular_file(path)  # not a FIFO or /dev/zero: they would hang the run
    except OSError as error:
        raise ConfigError(f"{path}: cannot read config file: {error.strerror or error}") from None
    cache_file = _cache_file(path, data) if use_cache else None
    cached = _read_cached(cache_file) if cache_file else None
    if cached is not None:
        return LoadedConfig(cached, path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config file is not UTF-8") from None
    import tomllib  # noqa: PLC0415

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:  # tomllib has no depth limit: `x = [[[[…]]]]` 500 deep
        raise ConfigError(f"{path}: not valid TOML: nested too deeply") from None
    if path.name == "pyproject.toml":
        tool = document.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"{path}: [tool] must be a table")
        table = tool.get("cscheck", {})
        prefix = "tool.cscheck"
    elif set(document) == {"tool"} and isinstance(document["tool"], dict) and set(document["tool"]) == {"cscheck"}:
        # `[tool.cscheck]` pasted from a pyproject.toml into cscheck.toml means what it says there
        table, prefix = document["tool"]["cscheck"], "tool.cscheck"
    else:
        table, prefix = document, ""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{prefix}] must be a table")
    from pydantic import ValidationError  # noqa: PLC0415 — only when a config file is new

    from checker.config_schema import describe, error_location, validate_config  # noqa: PLC0415

    try:
        config = validate_config(table)
    except ValidationError as error:
        position = key_position(text, prefix, error_location(error))
        where = f"{path}:{position[0]}:{position[1]}" if position else str(path)
        raise ConfigError(f"{where}: {describe(error, prefix)}") from None
    if cache_file is not None:
        _write_cached(cache_file, config)
    return LoadedConfig(config, path)


def _cache_file(path: Path, data: bytes) -> tuple[Path, str]:
    """Where the validated form of these config bytes is kept: beside the config file, named by
    the bytes and this code. (The name is public knowledge; only the tag makes it ours.)"""
    here = Path(__file__)
    try:
        code = b"".join((here.parent / name).read_bytes() for name in ("config_schema.py", "config.py", here.name))
    except OSError:
        code = b""
    digest = hashlib.sha256(code + b"\0" + data).hexdigest()[:32]
    return path.parent / cachestore.FOLDER, f"config-{digest}.json"


def _read_cached(cache_file: tuple[Path, str]) -> Config | None:
    payload = cachestore.read(*cache_file)
    if payload is None:
        return None
    try:
        return Config.from_json(json.loads(payload.decode("utf-8")))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _write_cached(cache_file: tuple[Path, str], config: Config) -> None:
    """Best effort: a read-only folder only costs the next run a validation."""
    folder, name = cache_file
    cachestore.write(folder, name, json.dumps(config.to_json(), ensure_ascii=False).encode("utf-8"))


_TABLE = re.compile(r"\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"\s*((?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_.-]+)(?:\s*\.\s*(?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=")


def _dotted(text: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in text.split("."))


def key_position(text: str, prefix: str, location: Sequence[str]) -> tuple[int, int] | None:
    """1-based line and column of the key a validation error names, for ``FILE:LINE:COL``
    (None when it cannot be told: the error then names the file alone)."""
    names: list[str] = []
    for part in location:
        if part.isdigit():  # an item of a list: the key is the list's
            break
        names.append(part)
    if not names:
        return None
    wanted = ".".join(part for part in (prefix, *names) if part)
    table = ""
    header: tuple[int, int] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        found = _TABLE.match(line)
        if found and not line.lstrip().startswith("[["):
            table = _dotted(found.group(1))
            if table == wanted or (table and header is None and wanted.startswith(table + ".")):
                header = (number, line.index("[") + 1)
            continue
        key = _KEY.match(line)
        if key is None:
            continue
        full = ".".join(part for part in (table, _dotted(key.group(1))) if part)
        if full == wanted or (wanted.startswith(full + ".") and full):
            return number, key.start(1) + 1
    return header
