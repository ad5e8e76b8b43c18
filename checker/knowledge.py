"""The knowledge base: curated, sourced known errors and the matcher that finds them in prose.

Wrong facts copy themselves from blog to blog into study notes ("HTTPS uses port 433", the TCP state
"LAST_WAIT", "DNS(Domain Name Server)").  The entries live as data in ``rules/knowledge/*.toml`` so a
study member can add one by pull request; this module validates them, guards against regexes that
would hang cscheck, and matches them against prose blocks handed over by the Document model.  It
imports neither ``rules`` nor markdown-it: blocks arrive as ``(start_offset, text)`` pairs with
non-prose characters already blanked.

Entry schema (one ``[[entry]]`` table per entry, nothing else at the top level of a pack)
    ``id`` kebab-case, unique across all packs · ``kind`` ``fact`` (CS501) | ``term`` (CS502) ·
    ``pattern`` Python regex for the wrong text: the span reported and replaced (must not match the
    empty string) · ``context`` optional regex that must match in the same sentence (or, with
    ``context_scope = "block"``, the same block) · ``unless`` optional regex that suppresses a match
    when found in the same sentence · ``replace`` optional ``match.expand()`` template · ``fix`` ``safe``
    | ``unsafe`` | ``display-only`` (required with ``replace``, forbidden without) · ``severity``
    ``error`` | ``warning`` | ``info`` (optional: the rule's default otherwise) · ``guard`` optional bool:
    apply the built-in refutation and quiz guards (default: true for facts, false for terms — a typo
    stays a typo inside a refutation) · ``message`` ``{ko, en}`` · ``source`` non-empty · ``bad`` ≥ 1
    examples that must fire · ``fixed`` the ``bad`` examples after the fix (required, same length, when
    the fix is ``safe`` or ``unsafe``) · ``good`` ≥ 1 examples that must not fire.

Sentences (the unit ``context``, ``unless`` and the guards look at)
    Inside a block, a sentence ends
    - at ``.`` ``?`` ``!`` ``。`` (and their runs, plus closing brackets or quotes) followed by
      whitespace or the end of the line — but not after an abbreviation (``e.g.``, ``etc.``, ``vs.``),
      not at a line-leading enumerator (``1.``, ``가.``), not inside ``1.1`` or ``HTTP/1.1`` (no
      whitespace follows), and not when the next text opens a parenthesis: ``…기다린다. (이 상태가
      …)`` keeps the remark with the sentence it comments on;
    - at a blank line;
    - at every line break, unless the next line clearly continues the line: the next line is not a
      list item, numbered item, table row, heading or fence, the line does not end with ``.?!``, and
      either the line ends with ``,`` or a connective (``및``, ``와``, ``또는``, ``and`` …), or the next line
      is indented deeper, or it opens with a particle or verb ending that cannot start a Korean
      sentence (``으로``, ``를``, ``에서``, ``한다`` …).
    One rule serves paragraphs and prose fences alike: the matcher is not told the block kind, and
    notes write one statement per line in both.  Splitting too often only costs recall (a context on
    the next line is missed); joining too often costs precision, which matters more.

Built-in guards (entries with ``guard = true``, the default for facts)
    - Refutation: a match is skipped when the rest of its sentence, within
      :data:`REFUTATION_WINDOW` characters after it, holds ``아니``, ``않``, ``틀린``, ``틀렸``,
      ``오해``, ``잘못``, or an ``(X)``/``X``/``❌`` marker — notes state a misconception to refute it
      (``…는 DML이 아니라 DDL``) — or when the sentence before the match flags it
      (``오해``, ``잘못``, ``틀린``, ``(X)``, ``❌``).
    - Quiz: a match is skipped when its line, or any line of its block, looks like a quiz or OX
      item (``O/X``, ``OX 퀴즈``, ``정답``, ``보기:``, ``잘못된 것은``, ``틀린 것은``, ``options:``, a
      trailing ``(O)``/``(X)``) — quiz lists hold deliberate distractors.

Catastrophic backtracking
    Loading a pack screens every regex statically (cheap: one parse, no matching) for the shapes
    that can backtrack super-linearly — nested variable quantifiers, a quantified alternation, a
    backreference, a leading unbounded quantifier, or two unbounded quantifiers over overlapping
    characters with nothing disjoint between them.  Only a regex the screen flags is then probed
    for real, in a child Python process with a hard timeout (``re`` holds the GIL, so a thread cannot
    be interrupted): searches over adversarial strings built from the regex's own characters, at
    growing sizes up to 2048 characters.  A search slower than :data:`PROBE_SEARCH_BUDGET` seconds on
    at most 64 characters, or one whose time grew faster than n^2.6 since the previous size, or a
    child that outlives its timeout, rejects the regex; judging growth rather than time alone keeps
    a busy machine from flipping the verdict.  Quadratic patterns pass; cubic and exponential ones
    fail.  The shipped packs contain no flagged regex, so loading them never
    starts a process.  (A bounded repeat up to ``{0,99}`` counts as bounded, but several in a row
    over shared characters multiply: six ``{0,99}`` are as suspicious as nested quantifiers.)

Speed (cscheck runs on every commit)
    - Prefilter: each entry knows literals one of which every match must contain
      (:func:`required_literals`); :func:`find_matches` finds them with ``str.find`` in the
      lower-cased blocks and runs an entry's regex only on the blocks that hold one.  Python's
      ``re`` costs ~150 ns a character on patterns that open with a lookbehind; this skips almost
      all of it.
    - Regexes compile on first use.
    - ``load_packs(paths, cache_dir=…)`` remembers, per pack content hash (plus this module's own
      hash and the Python version), that the pack validated and what its literals are; a later run
      skips compiling and screening entirely.  Without a cache the shipped packs load in ~0.1 s,
      with it in ~0.02 s.

Locating the shipped packs
    :func:`builtin_pack_paths` looks for ``rules/knowledge`` next to this package (a checkout or an
    installed wheel: ``checker`` and ``rules`` are sibling top-level packages), and only if that
    folder is missing falls back to ``importlib.resources.files("rules")``, which imports just
    ``rules/__init__``.  The relative lookup keeps ``checker`` from importing ``rules`` at all.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import itertools
import json
import re
import sys
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

__all__ = [
    "PROBE_SEARCH_BUDGET",
    "REFUTATION_WINDOW",
    "Entry",
    "KnowledgeBase",
    "KnowledgeEdit",
    "KnowledgeError",
    "KnowledgeMatch",
    "Message",
    "apply_replacement",
    "builtin_pack_paths",
    "check_entry",
    "check_pack",
    "find_matches",
    "is_quiz_line",
    "is_refuted",
    "load_pack",
    "load_packs",
    "required_literals",
    "screen_regex",
    "split_sentences",
]

Kind = Literal["fact", "term"]
FixKind = Literal["safe", "unsafe", "display-only"]
SeverityName = Literal["error", "warning", "info"]

_ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class KnowledgeError(Exception):
    """A broken pack: one line naming the file, the entry and the problem (exit code 2)."""


@dataclass(frozen=True)
class Message:
    """The finding's text in both languages cscheck speaks."""

    ko: str
    en: str


@dataclass(frozen=True)
class Entry:
    """One known error (validated by ``checker.knowledge_schema`` when its pack is new)."""

    id: str
    kind: Kind
    pattern: str
    message: Message
    source: str
    bad: tuple[str, ...]
    good: tuple[str, ...]
    context: str | None = None
    context_scope: Literal["sentence", "block"] = "sentence"
    unless: str | None = None
    replace: str | None = None
    fix: FixKind | None = None
    severity: SeverityName | None = None
    guard: bool | None = None
    fixed: tuple[str, ...] = ()
    # Lower-cased literals one of which every match contains (see :func:`required_literals`).
    needles: tuple[str, ...] | None = None
    _compiled: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)

    def _regex_for(self, name: str, source: str | None) -> re.Pattern[str] | None:
        # Compiled on first use: most entries never run on a given document.
        if source is None:
            return None
        compiled = self._compiled.get(name)
        if compiled is None:
            compiled = self._compiled[name] = re.compile(source)
        return compiled

    @property
    def pattern_re(self) -> re.Pattern[str]:
        compiled = self._regex_for("pattern", self.pattern)
        assert compiled is not None
        return compiled

    @property
    def context_re(self) -> re.Pattern[str] | None:
        return self._regex_for("context", self.context)

    @property
    def unless_re(self) -> re.Pattern[str] | None:
        return self._regex_for("unless", self.unless)

    @property
    def guarded(self) -> bool:
        """Whether the built-in refutation and quiz guards apply (explicit, else by kind)."""
        return self.guard if self.guard is not None else self.kind == "fact"

    def regexes(self) -> Iterator[tuple[str, str]]:
        """The entry's regex sources by field name."""
        yield "pattern", self.pattern
        if self.context is not None:
            yield "context", self.context
        if self.unless is not None:
            yield "unless", self.unless


# --------------------------------------------------------------------------------------------------
# Loading


@dataclass(frozen=True)
class KnowledgeBase:
    """The loaded entries of every pack, in load order, with the pack each came from."""

    entries: tuple[Entry, ...] = ()
    origins: dict[str, Path] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def get(self, entry_id: str) -> Entry | None:
        return next((entry for entry in self.entries if entry.id == entry_id), None)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(entry.id for entry in self.entries)

    def select(self, *, kind: Kind | None = None, disabled: Iterable[str] = ()) -> tuple[Entry, ...]:
        skip = frozenset(disabled)
        return tuple(entry for entry in self.entries if (kind is None or entry.kind == kind) and entry.id not in skip)


def _loc(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _entry_label(raw: object, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"].strip():
        return f"entry {raw['id']!r}"
    return f"entry #{index + 1}"


def _read_bytes(path: Path) -> bytes:
    from checker.source import read_regular_file  # noqa: PLC0415 — keeps this module's imports light

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
    """The cache name of a pack's derived data: keyed by its bytes, this module and Python.
    Anyone can compute it; only cscheck's tag (:mod:`checker.cachestore`) makes a file ours."""
    global _CODE_DIGEST  # noqa: PLW0603 — computed once per process
    if _CODE_DIGEST is None:
        _CODE_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    digest = hashlib.sha256()
    for part in (_CODE_DIGEST.encode(), sys.version.encode(), data):
        digest.update(len(part).to_bytes(8, "big") + part)
    return f"knowledge-{digest.hexdigest()[:32]}.json"


class _CachedPack(NamedTuple):
    """What an earlier run learned of a pack with these exact bytes: its parsed tables and needles."""

    raw_entries: list[Any]
    needles: dict[str, list[str] | None]


def _read_cache(cache_dir: Path, name: str) -> _CachedPack | None:
    from checker import cachestore  # noqa: PLC0415 — keeps this module's imports light

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
    from checker import cachestore  # noqa: PLC0415

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


def _compiled_pack(path: Path, data: bytes) -> list[Entry] | None:
    global _compiled  # noqa: PLW0603 — read once per process
    folder = _shipped_folder()
    if folder is None or path.resolve().parent != folder.resolve():
        return None  # a user's pack: validated (and cached) as always
    if _compiled is None:
        try:
            _compiled = json.loads((folder / COMPILED_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            _compiled = {}
    pack = _compiled.get("packs", {}).get(path.name) if isinstance(_compiled, dict) else None
    if not isinstance(pack, dict) or pack.get("sha256") != hashlib.sha256(data).hexdigest():
        return None
    return _trusted_entries(pack["entries"], pack["needles"]) or None


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
    """Validate an entry with pydantic (``checker.knowledge_schema``), imported only for new packs."""
    from pydantic import ValidationError  # noqa: PLC0415

    from checker.knowledge_schema import describe, validate_entry  # noqa: PLC0415

    try:
        return validate_entry(raw)
    except ValidationError as exc:
        raise KnowledgeError(f"{where}: {describe(exc)}") from None


def _trusted_entries(raws: Sequence[dict[str, Any]], trusted: dict[str, list[str] | None]) -> list[Entry] | None:
    """The entries of a pack validated before (same bytes), read back without validating again;
    None if the cache does not vouch for every one of them."""
    try:
        entries = [_trusted_entry(raw, trusted) for raw in raws]
    except (KeyError, TypeError, AttributeError, ValueError):
        return None
    return None if any(entry is None for entry in entries) else [e for e in entries if e is not None]


def _trusted_entry(raw: dict[str, Any], trusted: dict[str, list[str] | None]) -> Entry | None:
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
    folder = Path(__file__).resolve().parent.parent / "rules" / "knowledge"
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


# --------------------------------------------------------------------------------------------------
# Catastrophic backtracking guard

PROBE_SEARCH_BUDGET = 0.1
"""Seconds a probe search may take before its growth is judged (see :data:`_PROBE_CODE`)."""

PROBE_TIMEOUT = 4.0
"""Seconds the probing child process may live; outliving it rejects the regex."""

_PROBE_SIZES = (8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 32, 40, 48, 64, 96, 128, 192, 256, 384, 512, 1024, 2048)
_LONG_REPEAT = 100  # a bounded repeat this long is treated like an unbounded one
_STACKED_LIMIT = _LONG_REPEAT**2  # ways to split a run among quantifiers in a row: two long ones
_ALPHABET = frozenset("aAzZ09 _-.,:;()[]/\\\t\n가힣한ㄱ!?'\"<>=+*#@%&")

# Timed in the child's own CPU time (process_time), so the other processes of a loaded machine do not
# count. Judged on growth, not on absolute time alone, so a loaded machine does not flip the verdict: a
# search over the budget is catastrophic when the input is tiny (exponential) or when its time
# grew faster than n^2.6 since the previous size (cubic or worse); a quadratic regex that is
# merely slow on long input stops growing and passes.
_PROBE_CODE = r"""
import json, math, re, sys, time
spec = json.load(sys.stdin)
regex = re.compile(spec["pattern"])
budget = spec["budget"]
def verdict(text_of):
    previous = None
    for size in spec["sizes"]:
        text = text_of(size)
        start = time.process_time()
        regex.search(text)
        took = time.process_time() - start
        if took > budget:
            if size <= 64 or took > 10 * budget:
                return len(text)
            if previous is not None and previous[1] > 0:
                growth = math.log(took / previous[1]) / math.log(size / previous[0])
                if growth > 2.6:
                    return len(text)
            return None
        previous = (size, took)
    return None
for unit in spec["units"]:
    for prefix in spec["prefixes"]:
        for suffix in ("!", "\n", "\x00", ""):
            slow = verdict(lambda size: prefix + unit * max(1, size // len(unit)) + suffix)
            if slow is not None:
                print(json.dumps({"slow": slow}))
                sys.exit(0)
print(json.dumps({"slow": None}))
"""


def _sre_parser() -> Any:
    # The regex parser is private (re._parser, formerly sre_parse); typed as Any on purpose.
    for name in ("re._parser", "sre_parse"):
        try:
            return importlib.import_module(name)
        except ImportError:  # pragma: no cover - depends on the Python version
            continue
    return None  # pragma: no cover


@functools.lru_cache(maxsize=1024)
def _parse(pattern: str) -> Any:
    """One parse per regex, shared by the backtracking screen and the literal prefilter."""
    return _sre_parser().parse(pattern)


def _op(node: tuple[Any, Any]) -> str:
    # Opcodes are named int constants; their name is what we compare against.
    name: str = node[0].name
    return name


def _nodes(seq: Any) -> list[Any]:
    """The items of a parsed sequence (a SubPattern's list, read without its slow __getitem__)."""
    data = getattr(seq, "data", seq)
    return data if isinstance(data, list) else list(data)


_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}


class _Screen:
    """Static look at a parsed regex for the shapes that backtrack super-linearly."""

    def __init__(self, parser: Any, pattern: str) -> None:
        self.maxrepeat: int = parser.MAXREPEAT
        self.tree = _parse(pattern)

    @functools.cached_property
    def literals(self) -> set[str]:
        """The characters the regex names: what its adversarial probe strings are made of."""
        found: set[str] = set()
        self._collect(self.tree, found)
        return found

    @functools.cached_property
    def alphabet(self) -> frozenset[str]:
        return frozenset(_ALPHABET | self.literals)

    def _collect(self, seq: Any, found: set[str]) -> None:
        for node in _nodes(seq):
            op, av = _op(node), node[1]
            if op == "LITERAL":
                found.add(chr(av))
            elif op == "IN":
                for item in av:
                    if _op(item) == "LITERAL":
                        found.add(chr(item[1]))
                    elif _op(item) == "RANGE":
                        found.add(chr(item[1][0]))
            for child in _children(op, av):
                self._collect(child, found)

    def _long(self, hi: int) -> bool:
        return bool(hi == self.maxrepeat or hi >= _LONG_REPEAT)

    def verdict(self) -> str | None:
        reason = self._nesting(self.tree, inside_loop=False)
        if reason is not None:
            return reason
        first = next((node for node in _nodes(self.tree) if _op(node) not in _ZERO_WIDTH), None)
        if first is not None and _op(first) in _REPEATS and first[1][1] == self.maxrepeat:
            return "it starts with an unbounded quantifier"
        return self._sequences(self.tree)

    def _nesting(self, seq: Any, *, inside_loop: bool) -> str | None:
        for node in _nodes(seq):
            op, av = _op(node), node[1]
            if op == "GROUPREF":
                return "it uses a backreference"
            if op in _REPEATS:
                lo, hi, body = av
                # A fixed count of a body holding a long quantifier is that many copies in a row:
                # (.*,){11}P backtracks like .*,.*,…,.*,P — C(n, 11) ways over n commas.
                loop = hi > 1 and (hi != lo or self._has_long_repeat(body)) and op != "POSSESSIVE_REPEAT"
                if loop and inside_loop:
                    return "nested quantifiers"
                if loop and _has_branch(body):
                    return "a quantified alternation"
                reason = self._nesting(body, inside_loop=inside_loop or loop)
            else:
                # A lookaround is atomic: its quantifiers cannot multiply an enclosing loop's.
                inner = inside_loop and op not in ("ASSERT", "ASSERT_NOT")
                reason = None
                for child in _children(op, av):
                    reason = reason or self._nesting(child, inside_loop=inner)
            if reason is not None:
                return reason
        return None

    def _has_long_repeat(self, seq: Any) -> bool:
        for node in _nodes(seq):
            op, av = _op(node), node[1]
            if op in _REPEATS and self._long(av[1]):
                return True
            if op not in ("ASSERT", "ASSERT_NOT") and any(self._has_long_repeat(c) for c in _children(op, av)):
                return True
        return False

    def _spread(self, node: tuple[Any, Any]) -> int:
        """How many lengths a quantifier can take (a long one counts as :data:`_LONG_REPEAT`)."""
        lo, hi = node[1][0], node[1][1]
        return max(1, min(hi, lo + _LONG_REPEAT) - lo + 1) if not self._long(hi) else _LONG_REPEAT

    def _sequences(self, seq: Any) -> str | None:
        """Quantifiers in a row over characters they share: the engine tries every way to split a
        run of those characters among them, the product of their spreads at each position.
        Two long ones (``[a-z]+[a-z]+``) reach :data:`_STACKED_LIMIT`; so do six ``{0,99}``
        (``x[a-z]{0,99}…[a-z]{0,99}y``: 8 s on 101 characters), each of them bounded."""
        nodes = [node for node in _nodes(seq) if _op(node) != "AT"]
        for i, node in enumerate(nodes):
            if _op(node) in _REPEATS and self._spread(node) > 1:
                chars = self._chars([node])
                product, longs = self._spread(node), int(self._long(node[1][1]))
                for later in nodes[i + 1 :]:
                    later_chars = self._chars([later])
                    if _op(later) in _REPEATS and chars & later_chars:
                        product *= self._spread(later)
                        longs += self._long(later[1][1])
                        if product >= _STACKED_LIMIT:
                            if longs >= 2:
                                return "two long quantifiers over overlapping characters"
                            return "stacked quantifiers over overlapping characters"
                    if _min_width(later) > 0 and not (later_chars & chars):
                        break
                    chars = chars & later_chars if _min_width(later) > 0 else chars
                    if not chars:
                        break
        for node in nodes:
            for child in _children(_op(node), node[1]):
                reason = self._sequences(child)
                if reason is not None:
                    return reason
        return None

    def _chars(self, seq: Any) -> frozenset[str]:
        result: set[str] = set()
        for node in _nodes(seq):
            op, av = _op(node), node[1]
            if op in _ZERO_WIDTH:
                continue
            if op == "LITERAL":
                result.add(chr(av))
            elif op == "NOT_LITERAL":
                result |= self.alphabet - {chr(av)}
            elif op == "ANY":
                result |= self.alphabet - {"\n"}
            elif op == "IN":
                result |= {ch for ch in self.alphabet if _in_class(av, ch)}
            elif op in _REPEATS:
                result |= self._chars(av[2])
            else:
                children = _children(op, av)
                if not children:
                    result |= self.alphabet
                for child in children:
                    result |= self._chars(child)
        return frozenset(result)


def _children(op: str, av: Any) -> list[Any]:
    if op in _REPEATS:
        return [av[2]]
    if op == "SUBPATTERN":
        return [av[3]]
    if op == "BRANCH":
        return list(av[1])
    if op in ("ASSERT", "ASSERT_NOT"):
        return [av[1]]
    if op == "ATOMIC_GROUP":
        return [av]
    if op == "GROUPREF_EXISTS":
        return [branch for branch in av[1:] if branch is not None]
    return []


def _has_branch(seq: Any) -> bool:
    """Whether a loop body alternates (lookarounds excluded: they do not backtrack into the loop)."""
    for node in _nodes(seq):
        op, av = _op(node), node[1]
        if op in ("ASSERT", "ASSERT_NOT"):
            continue
        if op == "BRANCH" or any(_has_branch(child) for child in _children(op, av)):
            return True
    return False


def _min_width(node: tuple[Any, Any]) -> int:
    op, av = _op(node), node[1]
    if op in _ZERO_WIDTH:
        return 0
    if op in _REPEATS:
        return int(av[0]) * min(1, sum(_min_width(child) for child in _nodes(av[2])))
    if op == "BRANCH":
        return min(sum(_min_width(child) for child in _nodes(alt)) for alt in av[1])
    if op == "SUBPATTERN":
        return sum(_min_width(child) for child in _nodes(av[3]))
    return 1


_CATEGORIES: dict[str, Callable[[str], bool]] = {
    "CATEGORY_DIGIT": str.isdigit,
    "CATEGORY_NOT_DIGIT": lambda ch: not ch.isdigit(),
    "CATEGORY_SPACE": str.isspace,
    "CATEGORY_NOT_SPACE": lambda ch: not ch.isspace(),
    "CATEGORY_WORD": lambda ch: ch.isalnum() or ch == "_",
    "CATEGORY_NOT_WORD": lambda ch: not (ch.isalnum() or ch == "_"),
}


def _in_class(items: Any, ch: str) -> bool:
    negate = False
    hit = False
    for item in items:
        op, av = _op(item), item[1]
        if op == "NEGATE":
            negate = True
        elif op == "LITERAL":
            hit = hit or chr(av) == ch
        elif op == "RANGE":
            hit = hit or av[0] <= ord(ch) <= av[1]
        elif op == "CATEGORY":
            test = _CATEGORIES.get(str(av).replace("_UNI_", "_").replace("_LOC_", "_"))
            hit = hit or (test(ch) if test is not None else True)
        else:
            hit = True
    return hit != negate


_screen_cache: dict[str, str | None] = {}


def screen_regex(pattern: str) -> str | None:
    """Why *pattern* may backtrack catastrophically, or None when it is safe to run on any text."""
    if pattern in _screen_cache:
        return _screen_cache[pattern]
    parser = _sre_parser()
    verdict: str | None = None
    if parser is not None:
        screen = _Screen(parser, pattern)
        suspicion = screen.verdict()
        if suspicion is not None:
            verdict = _probe(pattern, screen, suspicion)
    _screen_cache[pattern] = verdict
    return verdict


def _probe(pattern: str, screen: _Screen, suspicion: str) -> str | None:
    literal_runs = [run for run in re.findall(r"[^\\()\[\]{}|*+?.^$]{2,8}", pattern)][:6]
    units = sorted(screen.literals | {"a", "0", " ", "가"})[:24] + literal_runs
    leading = re.match(r"[^\\()\[\]{}|*+?.^$]+", pattern)
    prefixes = [""] + ([leading.group()] if leading else [])
    spec = {
        "pattern": pattern,
        "units": units,
        "prefixes": prefixes,
        "sizes": list(_PROBE_SIZES),
        "budget": PROBE_SEARCH_BUDGET,
    }
    import subprocess  # noqa: PLC0415 — only a new pack with a suspicious regex is probed

    try:
        done = subprocess.run(
            [sys.executable, "-I", "-S", "-c", _PROBE_CODE],
            input=json.dumps(spec),
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"{suspicion}; a probe search did not finish in {PROBE_TIMEOUT:g} s"
    except OSError:  # pragma: no cover - cannot start a child: trust the static screen
        return f"{suspicion}; the probe could not run"
    if done.returncode != 0:  # pragma: no cover - the child crashed
        return f"{suspicion}; the probe failed"
    slow = json.loads(done.stdout.strip().splitlines()[-1]).get("slow")
    if slow is not None:
        return f"{suspicion}; a search over {slow} characters took more than {PROBE_SEARCH_BUDGET * 1000:g} ms"
    return None


# --------------------------------------------------------------------------------------------------
# Required literals: a prefilter so most regexes never run on most blocks

_MAX_NEEDLES = 24


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Lower-cased strings one of which occurs in every match of *pattern*, or None if unknown.

    Python's ``re`` tries every position of the text when a pattern starts with a lookbehind or a
    class, which costs ~150 ns a character; ``str.__contains__`` on a few needles is ~100x faster, so
    a block that holds none of them is skipped without running the regex at all.
    """
    parser = _sre_parser()
    if parser is None:  # pragma: no cover
        return None
    try:
        tree = _parse(pattern)
    except re.error:  # pragma: no cover - validated before
        return None
    needles = _required(_nodes(tree))
    if not needles or any(not needle for needle in needles):
        return None
    return tuple(sorted(needles))


def _required(seq: list[Any]) -> set[str] | None:
    """The best requirement of a sequence: its longest literal run or the best single item."""
    best: set[str] | None = None

    def consider(candidate: set[str] | None) -> None:
        nonlocal best
        if not candidate or len(candidate) > _MAX_NEEDLES:
            return
        if best is None or min(map(len, candidate)) > min(map(len, best)):
            best = candidate

    run: list[str] = []
    for node in seq:
        op, av = _op(node), node[1]
        if op == "LITERAL":
            run.append(chr(av).lower())
            continue
        consider({"".join(run)} if run else None)
        run = []
        if op == "SUBPATTERN":
            consider(_required(_nodes(av[3])))
        elif op == "BRANCH":
            alternatives = [_required(_nodes(alt)) for alt in av[1]]
            if all(alternatives):
                consider(set().union(*(alt for alt in alternatives if alt)))
        elif op in _REPEATS and av[0] >= 1:
            consider(_required(_nodes(av[2])))
        elif op == "IN":
            chars = {chr(item[1]).lower() for item in av if _op(item) == "LITERAL"}
            if chars and all(_op(item) == "LITERAL" for item in av) and len(chars) <= 4:
                consider(chars)
    consider({"".join(run)} if run else None)
    return best


# --------------------------------------------------------------------------------------------------
# Sentences and guards

_ITEM_RE = re.compile(
    r"[ \t]*(?:(?:[-*+•·▪◦]|\(\d{1,2}\)|[A-Za-z][.)]|[가나다라마바사아자차카타파하][.)])(?:[ \t]|$)"
    r"|\d{1,3}[.)](?!\d)|[①-⑳])"
)
_BLOCK_START_RE = re.compile(r"[ \t]*(?:\||#{1,6}(?:[ \t]|$)|```|~~~|>)")
_LEADING_ENUM_RE = re.compile(r"[ \t]*(?:[-*+][ \t]+)?(?:\d{1,3}|[A-Za-z]|[가나다라마바사아자차카타파하])\.")
_SENTENCE_END_RE = re.compile(r"[.?!。？！]+[)\]\"'”’」』]*(?=\s|$)")
_ABBREVIATION_RE = re.compile(
    r"(?:^|[^A-Za-z])(?:e\.g|i\.e|etc|vs|cf|ex|approx|fig|no|al|mr|mrs|dr|st|jr|inc|ltd|co|corp|resp)$",
    re.IGNORECASE,
)
_NEXT_VISIBLE_RE = re.compile(r"\s*(\S)")
_CONTINUED_END_RE = re.compile(r"(?:[,、]|(?<![가-힣])(?:및|와|과|또는|혹은|그리고)|\b(?:and|or)|->|→|=>|\+)$")
_CONTINUING_START_RE = re.compile(
    r"(?:으로|로서|로써|에서|에게|에는|와|과|을|를|은|는|의|에|도|이다|입니다|이라고|라고|라는|이라는|"
    r"한다|된다|했다|됐다|합니다|됩니다|하는|되는|하여|해서|처럼|까지|부터|보다)(?![가-힣])"
)
_TERMINAL_RE = re.compile(r"[.?!。？！][)\]\"'”’」』]*$")


def _is_item(line: str) -> bool:
    return bool(_ITEM_RE.match(line))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _continues(line: str, following: str | None) -> bool:
    if following is None or not following.strip():
        return False
    if _is_item(following) or _BLOCK_START_RE.match(following):
        return False
    stripped = line.rstrip()
    if _TERMINAL_RE.search(stripped):
        return False
    if _CONTINUED_END_RE.search(stripped):
        return True
    if _indent(following) > _indent(line):
        return True
    return bool(_CONTINUING_START_RE.match(following.lstrip()))


def _is_boundary(line: str, match: re.Match[str], line_start: int) -> bool:
    """Whether a punctuation run inside *line* ends a sentence."""
    if match.group().startswith(".") and len(match.group().rstrip(")]\"'”’」』")) == 1:
        enum = _LEADING_ENUM_RE.match(line)
        if enum is not None and enum.end() == match.end():
            return False
        # Only the last few characters can hold an abbreviation (at most 6 letters and the one
        # before them): searching the whole line before every sentence end was quadratic.
        # (With pos > 0, ``^`` does not match at pos, so this is the same search.)
        if _ABBREVIATION_RE.search(line, max(0, match.start() - 8), match.start()):
            return False
    following = _NEXT_VISIBLE_RE.match(line, match.end())
    return following is None or following.group(1) not in ("(", "（")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in *text*, trimmed of surrounding whitespace (see module doc)."""
    spans: list[tuple[int, int]] = []
    lines: list[tuple[int, str]] = []
    offset = 0
    for raw in text.split("\n"):
        lines.append((offset, raw.rstrip("\r")))
        offset += len(raw) + 1
    start: int | None = None

    def close(end: int) -> None:
        nonlocal start
        if start is not None:
            segment = text[start:end]
            left = len(segment) - len(segment.lstrip())
            right = len(segment.rstrip())
            if right > left:
                spans.append((start + left, start + right))
        start = None

    for index, (line_start, line) in enumerate(lines):
        if not line.strip():
            close(line_start)
            continue
        if start is None:
            start = line_start
        for match in _SENTENCE_END_RE.finditer(line):
            if _is_boundary(line, match, line_start):
                close(line_start + match.end())
                start = line_start + match.end()
        following = lines[index + 1][1] if index + 1 < len(lines) else None
        if not _continues(line, following):
            close(line_start + len(line))
    close(len(text))
    return spans


REFUTATION_WINDOW = 40
"""Characters after a match, within its sentence, searched for a refutation."""

_REFUTED_AFTER_RE = re.compile(
    r"아니|아닌|아님|않|틀린|틀렸|오해|잘못|\((?:X|x|✗|✘)\)|\[(?:X|x)\]|(?<![A-Za-z0-9_])X(?![A-Za-z0-9_\-.가-힣])|❌|✗|✘"
)
_REFUTED_BEFORE_RE = re.compile(r"오해|잘못|틀린|틀렸|\((?:X|x)\)|\[(?:X|x)\]|❌|✗|✘")
_QUIZ_RE = re.compile(
    r"(?<![A-Za-z])[Oo]\s?/\s?[Xx](?![A-Za-z])|(?<![A-Za-z])OX(?![A-Za-z])|정답|<보기>|\[보기\]|보기\s?[:：]|"
    r"(?:잘못된|틀린|옳지\s?않은|옳은|맞는|아닌|올바른|올바르지\s?않은)\s?것은|"
    r"(?<![A-Za-z])\"?options\"?\s?[:=]|[(\[][OX][)\]]\s*$"
)


def is_refuted(sentence: str, start: int, end: int) -> bool:
    """Whether the sentence refutes or flags the text at ``sentence[start:end]``."""
    after = sentence[end : end + REFUTATION_WINDOW]
    return bool(_REFUTED_AFTER_RE.search(after) or _REFUTED_BEFORE_RE.search(sentence[:start]))


def is_quiz_line(line: str) -> bool:
    """Whether a line reads like a quiz stem, an option list or an OX item."""
    return bool(_QUIZ_RE.search(line))


# A stem that opens a quiz whose options follow as blocks of their own: "…옳은 것을 모두 고르시오",
# "유형: 객관식", or a line that is only "보기" (bold or bracketed, with or without a colon).
# Within one line ([ \t], not \s): from every line start, \s* ran over all the blank lines below, so a
# note of masked HTML (thousands of blank lines) took quadratic time.
_QUIZ_STEM_RE = re.compile(r"고르(?:시오|세요|십시오)|객관식|^[ \t*_]*[<\[]?보기[>\]]?[ \t*_]*[:：]?[ \t*_]*$", re.M)


def quiz_section_blocks(blocks: Iterable[tuple[int, str, bool]]) -> frozenset[int]:
    """Starts of the blocks after a quiz stem, up to the next heading: the quiz's options.

    *blocks* are ``(start, text, is_heading)`` in document order. The per-block quiz guard sees one
    option at a time (``1. 스택은 선입선출 구조다``, a deliberate distractor); the stem above it is
    what tells that it is one.
    """
    inside = False
    found: set[int] = set()
    for start, text, is_heading in blocks:
        if is_heading:
            inside = False
            continue
        if inside:
            found.add(start)
        if _QUIZ_STEM_RE.search(text):
            inside = True
    return frozenset(found)


# --------------------------------------------------------------------------------------------------
# Matching


class KnowledgeEdit(NamedTuple):
    """The smallest whole-word replacement a fix needs, on absolute offsets."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class KnowledgeMatch:
    """One finding: *start*/*end* is the reported span (the pattern's match), absolute."""

    entry: Entry
    start: int
    end: int
    text: str
    replacement: str | None

    @property
    def edit(self) -> KnowledgeEdit | None:
        """The replacement trimmed to the words that change, so the fix is as small as possible."""
        if self.replacement is None:
            return None
        return _minimal_edit(self.start, self.text, self.replacement)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _minimal_edit(start: int, old: str, new: str) -> KnowledgeEdit:
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    while prefix > 0 and (
        (prefix < len(old) and _is_word(old[prefix]) and _is_word(old[prefix - 1]))
        or (prefix < len(new) and _is_word(new[prefix]) and _is_word(new[prefix - 1]))
    ):
        prefix -= 1
    suffix = 0
    limit -= prefix
    while suffix < limit and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    while suffix > 0 and (
        (len(old) - suffix > 0 and _is_word(old[len(old) - suffix]) and _is_word(old[len(old) - suffix - 1]))
        or (len(new) - suffix > 0 and _is_word(new[len(new) - suffix]) and _is_word(new[len(new) - suffix - 1]))
    ):
        suffix -= 1
    return KnowledgeEdit(start + prefix, start + len(old) - suffix, new[prefix : len(new) - suffix])


def apply_replacement(text: str, match: KnowledgeMatch, offset: int = 0) -> str:
    """*text* with *match*'s fix applied; *offset* is the absolute offset of ``text[0]``."""
    edit = match.edit
    if edit is None:
        return text
    return text[: edit.start - offset] + edit.text + text[edit.end - offset :]


def _block_is_quiz(text: str) -> bool:
    return any(is_quiz_line(line) for line in text.split("\n"))


class _Block:
    """One prose block and what the matcher derives from it, each computed at most once."""

    __slots__ = ("_quiz", "_spans", "start", "text")

    def __init__(self, start: int, text: str, *, quiz: bool | None = None) -> None:
        self.start = start
        self.text = text
        self._spans: list[tuple[int, int]] | None = None
        self._quiz: bool | None = quiz or None  # True: known to lie in a quiz section

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = split_sentences(self.text)
        return self._spans

    @property
    def quiz(self) -> bool:
        if self._quiz is None:
            self._quiz = _block_is_quiz(self.text)
        return self._quiz


def _entry_matches(entry: Entry, block: _Block) -> Iterator[KnowledgeMatch]:
    text = block.text
    regex = entry.pattern_re
    if regex.search(text) is None:
        return
    if entry.context_scope == "block" and entry.context_re is not None and not entry.context_re.search(text):
        return
    if entry.guarded and block.quiz:
        return
    for s_start, s_end in block.spans:
        sentence = text[s_start:s_end]
        matches = regex.finditer(sentence)
        first = next(matches, None)
        # context and unless look at the whole sentence: judged once per sentence, not once per
        # match (a long sentence with thousands of matches made this quadratic)
        if first is None or not _sentence_allows(entry, sentence):
            continue
        flagged_before = _refuted_before_end(sentence) if entry.guarded else None
        for match in itertools.chain((first,), matches):
            if entry.guarded and _refuted(sentence, match, flagged_before):
                continue
            yield KnowledgeMatch(
                entry=entry,
                start=block.start + s_start + match.start(),
                end=block.start + s_start + match.end(),
                text=match.group(),
                replacement=match.expand(entry.replace) if entry.replace is not None else None,
            )


def _sentence_allows(entry: Entry, sentence: str) -> bool:
    """The sentence holds the entry's context (if any) and not its ``unless``."""
    context = entry.context_re
    if context is not None and entry.context_scope == "sentence" and context.search(sentence) is None:
        return False
    return entry.unless_re is None or entry.unless_re.search(sentence) is None


def _refuted_before_end(sentence: str) -> int | None:
    """Where the sentence's first flag (오해, 잘못, ❌ …) ends, or None: a match after it is flagged.

    The flags are literals that cannot overlap, so the leftmost one also ends first, and
    ``_REFUTED_BEFORE_RE.search(sentence[:start])`` finds one exactly when it ends by ``start``.
    """
    first = _REFUTED_BEFORE_RE.search(sentence)
    return first.end() if first else None


def _refuted(sentence: str, match: re.Match[str], flagged_before: int | None) -> bool:
    """:func:`is_refuted` with the flag before the match found once per sentence."""
    if flagged_before is not None and flagged_before <= match.start():
        return True
    return bool(_REFUTED_AFTER_RE.search(sentence[match.end() : match.end() + REFUTATION_WINDOW]))


def _candidates(
    entry: Entry, lowered: str, bounds: list[int], memo: dict[str, frozenset[int]] | None = None
) -> Iterable[int]:
    """Indexes of the blocks that hold one of the entry's required literals (all without any).

    ``memo`` keeps each needle's blocks for the call of :func:`find_matches`: many entries share
    a needle (every acronym entry its acronym, every status-code entry its code), and each
    needle costs a scan of the whole text.
    """
    needles = entry.needles
    if needles is None:
        return range(len(bounds))
    found: set[int] = set()
    for needle in needles:
        known = memo.get(needle) if memo is not None else None
        if known is None:
            hits: set[int] = set()
            position = lowered.find(needle)
            while position >= 0:
                index = bisect_right(bounds, position) - 1
                hits.add(index)
                # Skip to the next block: one hit is enough to run the regex there.
                next_start = bounds[index + 1] if index + 1 < len(bounds) else len(lowered)
                position = lowered.find(needle, max(position + 1, next_start))
            known = frozenset(hits)
            if memo is not None:
                memo[needle] = known
        found |= known
    return sorted(found)


_ASCII_WORD_RE = re.compile(r"[0-9a-z]+")


@dataclass(frozen=True)
class _NeedleIndex:
    """The entries of one selection grouped by needle, so a text is asked once per needle."""

    entries: tuple[Entry, ...]
    needles: tuple[tuple[str, bool, tuple[int, ...]], ...]  # needle, is an ASCII word, entry indexes
    unfiltered: tuple[int, ...]  # entries without needles: they run on every text


# Per knowledge base and selection; the base itself is kept to tell a reused id() apart.
_needle_indexes: dict[tuple[int, str | None, frozenset[str]], tuple[KnowledgeBase, _NeedleIndex]] = {}


def _needle_index(kb: KnowledgeBase, kind: Kind | None, disabled: frozenset[str]) -> _NeedleIndex:
    key = (id(kb), kind, disabled)
    cached = _needle_indexes.get(key)
    if cached is not None and cached[0] is kb:
        return cached[1]
    entries = kb.select(kind=kind, disabled=disabled)
    by_needle: dict[str, list[int]] = {}
    unfiltered: list[int] = []
    for position, entry in enumerate(entries):
        if entry.needles is None:
            unfiltered.append(position)
        else:
            for needle in entry.needles:
                by_needle.setdefault(needle, []).append(position)
    index = _NeedleIndex(
        entries,
        tuple((needle, bool(_ASCII_WORD_RE.fullmatch(needle)), tuple(ps)) for needle, ps in by_needle.items()),
        tuple(unfiltered),
    )
    if len(_needle_indexes) > 16:  # a long-lived process with many knowledge bases
        _needle_indexes.clear()
    _needle_indexes[key] = (kb, index)
    return index


def _present_entries(index: _NeedleIndex, lowered: str) -> list[Entry]:
    """The entries (in their order) that have no needles or one needle present in *lowered*.

    A needle of ASCII letters and digits is looked up in the text's distinct ASCII words joined
    (every occurrence of it lies inside one such word), which is far shorter than the text: with
    hundreds of entries (the acronym table) asking each needle of the whole text would dominate.
    """
    words = "\x00".join(set(_ASCII_WORD_RE.findall(lowered)))
    chosen = set(index.unfiltered)
    for needle, is_word, positions in index.needles:
        if needle in (words if is_word else lowered):
            chosen.update(positions)
    entries = index.entries
    return [entries[position] for position in sorted(chosen)]


def find_matches(
    kb: KnowledgeBase,
    blocks: Iterable[tuple[int, str]],
    *,
    kind: Kind | None = None,
    disabled: Iterable[str] = frozenset(),
    quiz_blocks: Collection[int] = frozenset(),
) -> Iterator[KnowledgeMatch]:
    """Every match of the selected entries in the prose *blocks*, block by block, left to right.

    ``quiz_blocks`` names (by start offset) blocks the caller knows to be part of a quiz — the
    options under a ``고르시오`` stem are blocks of their own — so guarded entries skip them too.

    Each entry's regex runs only on the blocks holding one of its required literals, found with
    ``str.find`` on the lower-cased blocks joined once: most entries never run on most blocks.
    """
    selection = _needle_index(kb, kind, frozenset(disabled))
    if not selection.entries:
        return
    items = [_Block(start, text, quiz=start in quiz_blocks) for start, text in blocks]
    if not items:
        return
    bounds: list[int] = []
    pieces: list[str] = []
    position = 0
    for item in items:
        bounds.append(position)
        piece = item.text.lower()
        pieces.append(piece)
        position += len(piece) + 1
    lowered = "\x00".join(pieces)
    found: dict[int, list[KnowledgeMatch]] = {}
    memo: dict[str, frozenset[int]] = {}
    for entry in _present_entries(selection, lowered):
        for index in _candidates(entry, lowered, bounds, memo):
            hits = list(_entry_matches(entry, items[index]))
            if hits:
                found.setdefault(index, []).extend(hits)
    for index in sorted(found):
        yield from sorted(found[index], key=lambda m: (m.start, m.end, m.entry.id))


# --------------------------------------------------------------------------------------------------
# Checking a pack's own examples


def _fix_all(text: str, matches: Sequence[KnowledgeMatch]) -> str:
    result: list[str] = []
    position = 0
    for match in matches:
        edit = match.edit
        if edit is None or edit.start < position:
            continue
        result.append(text[position : edit.start])
        result.append(edit.text)
        position = edit.end
    result.append(text[position:])
    return "".join(result)


def check_entry(entry: Entry) -> list[str]:
    """Run an entry's examples; each failure is a readable line (empty when all pass)."""
    kb = KnowledgeBase((entry,), {})
    failures: list[str] = []
    for index, text in enumerate(entry.bad):
        matches = list(find_matches(kb, [(0, text)]))
        if not matches:
            failures.append(f"entry {entry.id!r}: bad[{index}] does not fire: {text!r}")
            continue
        if entry.fixed:
            fixed = _fix_all(text, matches)
            if fixed != entry.fixed[index]:
                failures.append(
                    f"entry {entry.id!r}: bad[{index}] is fixed to {fixed!r}, expected {entry.fixed[index]!r}"
                )
            elif any(True for _ in find_matches(kb, [(0, fixed)])):
                failures.append(f"entry {entry.id!r}: fixed[{index}] still fires: {fixed!r}")
    for index, text in enumerate(entry.good):
        hits = [m.text for m in find_matches(kb, [(0, text)])]
        if hits:
            failures.append(f"entry {entry.id!r}: good[{index}] fires on {hits[0]!r}: {text!r}")
    return failures


def check_pack(path: Path) -> list[str]:
    """Validate one pack and run its examples (for ``cscheck knowledge check FILE``)."""
    try:
        entries = load_pack(path)
    except KnowledgeError as exc:
        return [str(exc)]
    return [f"{path}: {failure}" for entry in entries for failure in check_entry(entry)]
