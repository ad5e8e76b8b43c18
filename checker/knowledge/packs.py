"""Loading knowledge packs: the shipped ones (compiled once into ``compiled.json``), configured
ones (validated when new, then cached in ``.cscheck_cache/``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from checker import cachestore
from checker.diagnostic import Message
from checker.knowledge.entry import Entry, KnowledgeBase, KnowledgeError
from checker.knowledge.regex_code import FOLDER_NAME, RegexTable, table_name
from checker.knowledge.regex_safety import screen_regex
from checker.source import read_regular_file


def _entry_label(raw: object, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"].strip():
        return f"entry {raw['id']!r}"
    return f"entry #{index + 1}"


def _read_bytes(path: Path) -> bytes:
    try:
        return read_regular_file(path)  # not a FIFO or /dev/zero: they would hang the run
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot read knowledge pack: {exc.strerror or exc}") from None


def _parse_toml(path: Path, data: bytes) -> dict[str, Any]:
    import tomllib  # noqa: PLC0415 — a pack read back from the cache is not parsed

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KnowledgeError(f"{path}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:  # tomllib has no depth limit: `x = [[[[…]]]]` 500 deep
        raise KnowledgeError(f"{path}: invalid TOML: nested too deeply") from None


_CODE_DIGEST: str | None = None


def _cache_name(data: bytes) -> str:
    """The cache name of a pack's derived data: keyed by its bytes, this package's code and Python.
    Anyone can compute it; only cscheck's tag (:mod:`checker.cachestore`) makes a file ours."""
    global _CODE_DIGEST  # noqa: PLW0603 — computed once per process
    if _CODE_DIGEST is None:
        code = b"".join(module.read_bytes() for module in sorted(Path(__file__).parent.glob("*.py")))
        _CODE_DIGEST = hashlib.sha256(code).hexdigest()
    digest = hashlib.sha256()
    for part in (_CODE_DIGEST.encode(), sys.version.encode(), data):
        digest.update(len(part).to_bytes(8, "big") + part)
    return f"knowledge-{digest.hexdigest()[:32]}.json"


class _CachedPack(NamedTuple):
    """What an earlier run learned of a pack with these exact bytes: its parsed tables and needles."""

    raw_entries: list[Any]
    needles: dict[str, list[str] | None]


def _read_cache(cache_dir: Path, name: str) -> _CachedPack | None:
    payload = cachestore.read(cache_dir, name)
    if payload is None:
        return None
    try:
        value = json.loads(payload.decode("utf-8"))
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    needles, raw_entries = value.get("needles"), value.get("entries")
    if not isinstance(needles, dict) or not isinstance(raw_entries, list):
        return None
    trusted = {str(key): item if isinstance(item, list) else None for key, item in needles.items()}
    return _CachedPack(raw_entries, trusted)


def _write_cache(cache_dir: Path, name: str, raw_entries: list[dict[str, Any]], entries: Sequence[Entry]) -> None:
    payload = {
        # the parsed tables: JSON reads several times faster than TOML parses
        "entries": raw_entries,
        "needles": {entry.id: list(entry.needles) if entry.needles is not None else None for entry in entries},
    }
    try:
        text = json.dumps(payload, ensure_ascii=False)
    except (TypeError, ValueError):  # a TOML date in some field: no cache, not an error
        return
    cachestore.write(cache_dir, name, text.encode("utf-8"))  # best effort, like every cache write


def load_pack(path: Path, *, cache_dir: Path | None = None) -> list[Entry]:
    """Validate one pack file; the first problem becomes a one-line :class:`KnowledgeError`.

    With *cache_dir*, a pack whose bytes were validated before (by this same module on this same
    Python) is read back as it is — no TOML parse, no pydantic, no regex compiling or screening.
    Regexes compile lazily, on first use.
    """
    data = _read_bytes(path)
    shipped = _compiled_pack(path, data)
    if shipped is not None:
        return shipped
    cache_name = _cache_name(data) if cache_dir is not None else None
    cached = _read_cache(cache_dir, cache_name) if cache_dir is not None and cache_name is not None else None
    if cached is not None:
        entries = _trusted_entries(cached.raw_entries, cached.needles)
        if entries:  # written only after validation: ids are unique
            return entries
    raw_entries, entries = validate_pack(path, data)
    if cache_dir is not None and cache_name is not None:
        _write_cache(cache_dir, cache_name, raw_entries, entries)
    return entries


def validate_pack(path: Path, data: bytes) -> tuple[list[dict[str, Any]], list[Entry]]:
    """A pack's tables and its validated entries (TOML, pydantic, unique ids, the regex screen)."""
    raw_entries = _raw_entries(path, data)
    entries = [_validated_entry(raw, f"{path}: {_entry_label(raw, i)}") for i, raw in enumerate(raw_entries)]
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        label = _entry_label(raw_entries[index], index)
        if entry.id in seen:
            raise KnowledgeError(f"{path}: {label}: duplicate id")
        seen.add(entry.id)
        for name, source in entry.regexes():
            verdict = screen_regex(source)
            if verdict is not None:
                raise KnowledgeError(f"{path}: {label}: {name} may backtrack catastrophically ({verdict})")
    return raw_entries, entries


COMPILED_NAME = "compiled.json"
"""Beside the shipped packs: each one's tables and needles, validated when it was written
(``scripts/compile_knowledge.py``; a test keeps it in step with the packs). A fresh clone in CI
reads the shipped packs from it — no TOML parse, no pydantic, no regex screen, no cache — as long
as a pack's bytes are the ones it was compiled from (a pack edited in place is validated)."""


_compiled: dict[str, Any] | None = None
_regex_table: RegexTable | None = None


def _compiled_pack(path: Path, data: bytes) -> list[Entry] | None:
    global _compiled, _regex_table  # noqa: PLW0603 — read once per process
    folder = _shipped_folder()
    if folder is None or path.resolve().parent != folder.resolve():
        return None  # a user's pack: validated (and cached) as always
    if _compiled is None:
        try:
            # Bytes, not text: no newline translation of its 2 MB (9 ms of every fresh run).
            _compiled = json.loads((folder / COMPILED_NAME).read_bytes())
        except (OSError, ValueError):
            _compiled = {}
        name = table_name()
        _regex_table = RegexTable.read(folder / FOLDER_NAME / name) if name is not None else None
    pack = _compiled.get("packs", {}).get(path.name) if isinstance(_compiled, dict) else None
    if not isinstance(pack, dict) or pack.get("sha256") != hashlib.sha256(data).hexdigest():
        return None
    return _trusted_entries(pack["entries"], pack["needles"], _regex_table) or None


def compile_packs(paths: Sequence[Path]) -> dict[str, Any]:
    """The contents of :data:`COMPILED_NAME` for the shipped packs ``paths``."""
    packs: dict[str, Any] = {}
    for path in paths:
        data = path.read_bytes()
        raw_entries, entries = validate_pack(path, data)
        packs[path.name] = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "entries": raw_entries,
            "needles": {e.id: list(e.needles) if e.needles is not None else None for e in entries},
        }
    return {"format": 1, "packs": packs}


def _raw_entries(path: Path, data: bytes) -> list[dict[str, Any]]:
    """The pack's ``[[entry]]`` tables, as TOML parses them."""
    document = _parse_toml(path, data)
    unknown = sorted(key for key in document if key != "entry")
    if unknown:
        raise KnowledgeError(f"{path}: unknown top-level key {unknown[0]!r} (a pack holds only [[entry]] tables)")
    raw_entries = document.get("entry")
    if not isinstance(raw_entries, list) or not raw_entries:
        raise KnowledgeError(f"{path}: no [[entry]] tables")
    if not all(isinstance(raw, dict) for raw in raw_entries):
        index = next(i for i, raw in enumerate(raw_entries) if not isinstance(raw, dict))
        raise KnowledgeError(f"{path}: {_entry_label(raw_entries[index], index)}: not a table")
    return raw_entries


def _validated_entry(raw: dict[str, Any], where: str) -> Entry:
    """Validate an entry with pydantic (``checker.knowledge.schema``), imported only for new packs."""
    from pydantic import ValidationError  # noqa: PLC0415

    from checker.knowledge.schema import describe, validate_entry  # noqa: PLC0415

    try:
        return validate_entry(raw)
    except ValidationError as exc:
        raise KnowledgeError(f"{where}: {describe(exc)}") from None


def _trusted_entries(
    raws: Sequence[dict[str, Any]], trusted: dict[str, list[str] | None], regex_table: RegexTable | None = None
) -> list[Entry] | None:
    """The entries of a pack validated before (same bytes), read back without validating again;
    None if the cache does not vouch for every one of them."""
    try:
        entries = [_trusted_entry(raw, trusted, regex_table) for raw in raws]
    except (KeyError, TypeError, AttributeError, ValueError):
        return None
    return None if any(entry is None for entry in entries) else [e for e in entries if e is not None]


def _trusted_entry(
    raw: dict[str, Any], trusted: dict[str, list[str] | None], regex_table: RegexTable | None
) -> Entry | None:
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or entry_id not in trusted:
        return None
    needles = trusted[entry_id]
    message = raw["message"]
    return Entry(
        id=entry_id,
        kind=raw["kind"],
        pattern=raw["pattern"],
        message=Message(message["ko"].strip(), message["en"].strip()),
        source=raw["source"].strip(),
        bad=tuple(raw["bad"]),
        good=tuple(raw["good"]),
        context=raw.get("context"),
        context_scope=raw.get("context_scope", "sentence"),
        unless=raw.get("unless"),
        replace=raw.get("replace"),
        fix=raw.get("fix"),
        severity=raw.get("severity"),
        guard=raw.get("guard"),
        fixed=tuple(raw.get("fixed", ())),
        needles=tuple(needles) if needles is not None else None,
        precompiled=regex_table,
    )


def load_packs(paths: Sequence[Path], *, cache_dir: Path | None = None) -> KnowledgeBase:
    """Load packs in order; an id must be unique across all of them (see :func:`load_pack`)."""
    entries: list[Entry] = []
    origins: dict[str, Path] = {}
    for path in paths:
        for entry in load_pack(path, cache_dir=cache_dir):
            if entry.id in origins:
                raise KnowledgeError(
                    f"{path}: entry {entry.id!r}: duplicate id (already defined in {origins[entry.id]})"
                )
            origins[entry.id] = path
            entries.append(entry)
    return KnowledgeBase(tuple(entries), origins)


def builtin_pack_paths() -> list[Path]:
    """The shipped ``rules/knowledge/*.toml`` files, sorted by name."""
    folder = _shipped_folder()
    return sorted(folder.glob("*.toml")) if folder is not None else []


@functools.cache
def _shipped_folder() -> Path | None:
    """``rules/knowledge`` of this install."""
    folder = Path(__file__).resolve().parents[2] / "rules" / "knowledge"
    if not folder.is_dir():  # pragma: no cover - only for unusual installs (e.g. zipped)
        import importlib.resources  # noqa: PLC0415 — pulls in tempfile and shutil

        try:
            resource = importlib.resources.files("rules") / "knowledge"
        except ModuleNotFoundError:
            return None
        folder = Path(str(resource))
        if not folder.is_dir():
            return None
    return folder
