"""The result cache in ``.cscheck_cache/``: an unchanged run checks nothing again.

Per checked file it keeps the findings and questions, keyed on the file's bytes (its size and
modification time first; the SHA-256 of its bytes when those changed), within a *namespace*:
cscheck's version, the effective configuration, the selected rules and the knowledge packs. A
different namespace starts from scratch.

Rules that look beyond the file — links to other files, images on disk, anchors of other notes
— make the result depend on more than its bytes. While a file is checked, the Workspace records
every such look-up (a folder's listing, another note's bytes); a cached result is reused only if
each of them is still what it was. So a heading changed in ``b.md`` re-checks ``a.md``, which
links to it, and an image added to a folder re-checks the notes that looked for it there.

The cache is JSON, never pickle: a repository is untrusted input. Its file is read only when this
user's cscheck tagged it (:mod:`checker.cachestore`), and every entry is type-checked before use.
Anything unreadable, unwritable, untagged or malformed is skipped silently — the cache is an
optimisation, never a source of findings.
"""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path
from typing import Any

from checker import cachestore
from checker.diagnostic import Applicability, Diagnostic, Edit, Fix, Location, Message, Severity, Span
from checker.engine import FileReport
from checker.questions import Question
from checker.workspace import Workspace

FOLDER = cachestore.FOLDER
FORMAT = 2  # 2: entries keep the number of questions (the question-style hint needs it in text runs)
_KEEP_NAMESPACES = 4


class ResultCache:
    def __init__(self, folder: Path, namespace: str, entries: dict[str, dict[str, Any]]) -> None:
        self.folder = folder
        self.namespace = namespace
        self._entries = entries
        self._changed = False
        self._digests: dict[str, str | None] = {}

    @classmethod
    def open(cls, folder: Path, namespace: str) -> ResultCache:
        """The cache in ``folder`` (usually ``<root>/.cscheck_cache``), empty unless this user's
        cscheck wrote it (see :mod:`checker.cachestore`)."""
        entries: dict[str, dict[str, Any]] = {}
        payload = cachestore.read(folder, _file_name(namespace))
        if payload is not None:
            try:
                data = json.loads(payload.decode("utf-8", errors="surrogatepass"))
            except ValueError:
                data = None
            if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("files"), dict):
                entries = data["files"]
        return cls(folder, namespace, entries)

    # -- reading ---------------------------------------------------------------------------------

    def lookup(
        self, path: Path, workspace: Workspace, *, questions: bool = True
    ) -> tuple[list[Diagnostic], list[Question], int] | None:
        """The cached findings of ``path``, its questions if asked for (a miss when the entry was
        stored without them) and how many it has, if nothing they depend on changed."""
        key = _key(path)
        entry = self._entries.get(key)
        if not isinstance(entry, dict) or self.digest(key) != entry.get("sha256"):
            return None
        try:
            if not self._dependencies_hold(entry["deps"], workspace):
                return None
            stored_questions = entry["questions"]
            if questions and stored_questions is None:
                return None
            diagnostics = [_diagnostic(item) for item in _expect(entry["diagnostics"], list)]
            found = [_question(item) for item in _expect(stored_questions, list)] if questions else []
            count = _expect(entry["question_count"], int)
        except (KeyError, TypeError, ValueError):
            return None
        return diagnostics, found, count

    def digest_of(self, path: Path) -> str | None:
        """SHA-256 of ``path``'s current bytes (known already when it was just looked up)."""
        return self.digest(_key(path))

    def digest(self, key: str) -> str | None:
        """SHA-256 of the file's current bytes; size and mtime vouch for an entry's digest."""
        if key in self._digests:
            return self._digests[key]
        value: str | None = None
        entry = self._entries.get(key)
        try:
            info = os.stat(key)
            if not stat.S_ISREG(info.st_mode):
                raise OSError
            if isinstance(entry, dict) and entry.get("stat") == [info.st_size, info.st_mtime_ns]:
                value = entry.get("sha256")
            else:
                with open(key, "rb") as handle:
                    value = _sha256(handle.read())
                if isinstance(entry, dict) and entry.get("sha256") == value:
                    entry["stat"] = _vouching((info.st_size, info.st_mtime_ns))
                    self._changed = True
        except OSError:
            value = None
        self._digests[key] = value
        return value

    def _dependencies_hold(self, deps: Any, workspace: Workspace) -> bool:
        listings, notes = _dependencies(deps)
        for folder, expected in listings.items():
            if workspace.listing_digest(Path(folder)) != expected:
                return False
        # A note outside the root is never opened, whatever an entry names.
        return all(
            workspace.reachable(Path(note)) and self.digest(note) == expected for note, expected in notes.items()
        )

    # -- writing ---------------------------------------------------------------------------------

    def store(self, report: FileReport, questions: list[Question] | None) -> None:
        """Keep a fresh result; ``questions`` None when the run did not keep them (then a run that
        needs them checks the file again).

        The stat kept is the (size, mtime_ns) the file had when the checked bytes were read, not
        what it has now: a note saved again while the run went on does not match it, so its new
        bytes are hashed and checked next time.
        """
        assert report.digest is not None and report.dependencies is not None
        key = _key(report.path)
        sha256 = report.digest
        self._entries[key] = {
            "stat": _vouching(report.read_stat),
            "sha256": sha256,
            "diagnostics": [_encode_diagnostic(d) for d in report.diagnostics],
            "questions": [_encode_question(q) for q in questions] if questions is not None else None,
            "question_count": report.question_count,
            "deps": {
                "listings": report.dependencies.listings,
                "notes": report.dependencies.notes,
            },
        }
        self._digests[key] = sha256
        self._changed = True

    def save(self) -> None:
        """Write the namespace's file atomically; on any failure, leave the cache as it was."""
        if not self._changed:
            return
        payload = json.dumps({"format": FORMAT, "files": self._entries}, ensure_ascii=False, separators=(",", ":"))
        # surrogatepass: a file name that is not UTF-8 is a str with lone surrogates
        if cachestore.write(self.folder, _file_name(self.namespace), payload.encode("utf-8", "surrogatepass")):
            self._prune()

    def _prune(self) -> None:
        """Keep only the few most recently written namespaces."""
        results = [(name, mtime) for name, mtime in cachestore.names(self.folder) if name.startswith("results-")]
        results.sort(key=lambda item: item[1], reverse=True)
        for name, _ in results[_KEEP_NAMESPACES:]:
            cachestore.remove(self.folder, name)


def clean(root: Path) -> bool:
    """Remove the cache folder under ``root``; True when there was one."""
    import shutil  # noqa: PLC0415

    folder = root / FOLDER
    if folder.is_symlink() or not folder.is_dir():  # a committed link to a folder elsewhere: not ours
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return True


# A file modified this recently may be modified again within the same mtime tick, keeping its
# size: its stat vouches for nothing, and its bytes are hashed next time (git's "racy" entries).
_RACY_NS = 2_000_000_000


def _vouching(read_stat: tuple[int, int] | None) -> list[int] | None:
    """The stat to keep with an entry, or None when it cannot vouch for the bytes."""
    if read_stat is None or read_stat[1] > time.time_ns() - _RACY_NS:
        return None
    return [read_stat[0], read_stat[1]]


def _file_name(namespace: str) -> str:
    return f"results-{namespace}.json"


def _key(path: Path) -> str:
    return os.path.normpath(path.absolute())


def _sha256(data: bytes) -> str:
    import hashlib  # noqa: PLC0415

    return hashlib.sha256(data).hexdigest()


# -- JSON forms ---------------------------------------------------------------------------------


def _encode_diagnostic(d: Diagnostic) -> dict[str, Any]:
    return {
        "code": d.code,
        "name": d.name,
        "span": [d.span.start, d.span.end],
        "message": [d.message.ko, d.message.en],
        "fix": _encode_fix(d.fix) if d.fix else None,
        "severity": d.severity.value if d.severity else None,
        "qualifier": d.qualifier,
        "location": [d.location.line, d.location.column, d.location.end_line, d.location.end_column]
        if d.location
        else None,
    }


def _encode_fix(fix: Fix) -> dict[str, Any]:
    return {
        "edits": [[e.start, e.end, e.text] for e in fix.edits],
        "applicability": fix.applicability.value,
        "title": [fix.title.ko, fix.title.en],
    }


def _expect(value: Any, kind: type | tuple[type, ...]) -> Any:
    """``value`` if it is of ``kind`` (a bool is no int here), else ValueError: the entry is skipped."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise ValueError(f"cache entry: {type(value).__name__} where {kind} was expected")
    return value


def _ints(value: Any, count: int) -> list[int]:
    items = _expect(value, list)
    if len(items) != count:
        raise ValueError("cache entry: wrong length")
    return [_expect(item, int) for item in items]


def _strings(value: Any, count: int) -> list[str]:
    items = _expect(value, list)
    if len(items) != count:
        raise ValueError("cache entry: wrong length")
    return [_expect(item, str) for item in items]


def _optional_str(value: Any) -> str | None:
    return None if value is None else _expect(value, str)


def _diagnostic(item: Any) -> Diagnostic:
    """A stored finding, every field checked: a malformed one never reaches a reporter."""
    item = _expect(item, dict)
    fix = item["fix"]
    location = item["location"]
    severity = _optional_str(item["severity"])
    return Diagnostic(
        code=_expect(item["code"], str),
        name=_expect(item["name"], str),
        span=Span(*_ints(item["span"], 2)),
        message=Message(*_strings(item["message"], 2)),
        fix=Fix(
            tuple(_edit(edit) for edit in _expect(_expect(fix, dict)["edits"], list)),
            Applicability(_expect(fix["applicability"], str)),
            Message(*_strings(fix["title"], 2)),
        )
        if fix is not None
        else None,
        severity=Severity(severity) if severity else None,
        qualifier=_optional_str(item["qualifier"]),
        location=Location(*_ints(location, 4)) if location is not None else None,
    )


def _edit(value: Any) -> Edit:
    items = _expect(value, list)
    if len(items) != 3:
        raise ValueError("cache entry: wrong length")
    return Edit(_expect(items[0], int), _expect(items[1], int), _expect(items[2], str))


def _dependencies(value: Any) -> tuple[dict[str, str | None], dict[str, str | None]]:
    deps = _expect(value, dict)
    listings, notes = _expect(deps["listings"], dict), _expect(deps["notes"], dict)
    for table in (listings, notes):
        for name, digest in table.items():
            _expect(name, str)
            _optional_str(digest)
    return listings, notes


def _encode_question(q: Question) -> list[Any]:
    # Compact: a note holds dozens of questions. The answer's words are not kept (only the
    # rules compare them, and they run on a fresh parse).
    answer = [q.answer_span.start, q.answer_span.end] if q.answer_span else None
    return [
        q.text, q.preset, q.line, q.span.start, q.span.end, answer,
        q.has_content, q.section, q.level, q.answered_elsewhere, q.answer_link,
    ]  # fmt: skip


def _question(item: Any) -> Question:
    fields = _expect(item, list)
    if len(fields) != 11:
        raise ValueError("cache entry: wrong length")
    text, preset, line, start, end, answer, has_content, section, level, elsewhere, link = fields
    return Question(
        text=_expect(text, str),
        preset=_expect(preset, str),
        line=_expect(line, int),
        span=Span(_expect(start, int), _expect(end, int)),
        answer_span=Span(*_ints(answer, 2)) if answer is not None else None,
        answer_text="",
        has_content=_expect(has_content, bool),
        section=_optional_str(section),
        level=_expect(level, int),
        answered_elsewhere=None if elsewhere is None else _expect(elsewhere, int),
        answer_link=_optional_str(link),
    )
