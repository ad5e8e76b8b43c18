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

The cache is JSON, never pickle: a repository is untrusted input. Anything unreadable, unwritable
or malformed is skipped silently — the cache is an optimisation, never a source of findings.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from checker.context import Dependencies, Workspace
from checker.diagnostic import Applicability, Diagnostic, Edit, Fix, Location, Message, Severity, Span
from checker.qa import Question

FOLDER = ".cscheck_cache"
FORMAT = 1
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
        """The cache in ``folder`` (usually ``<root>/.cscheck_cache``), empty if unreadable."""
        entries: dict[str, dict[str, Any]] = {}
        try:
            results = folder / f"results-{namespace}.json"
            data = json.loads(results.read_text(encoding="utf-8", errors="surrogatepass"))
            if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("files"), dict):
                entries = data["files"]
        except (OSError, ValueError):
            pass
        return cls(folder, namespace, entries)

    # -- reading ---------------------------------------------------------------------------------

    def lookup(
        self, path: Path, workspace: Workspace, *, questions: bool = True
    ) -> tuple[list[Diagnostic], list[Question]] | None:
        """The cached findings of ``path``, and its questions if asked for (a miss when the entry
        was stored without them), if nothing they depend on changed."""
        key = _key(path)
        entry = self._entries.get(key)
        if not isinstance(entry, dict) or self.digest(key) != entry.get("sha256"):
            return None
        try:
            if not self._dependencies_hold(entry.get("deps", {}), workspace):
                return None
            stored_questions = entry["questions"]
            if questions and stored_questions is None:
                return None
            diagnostics = [_diagnostic(item) for item in entry["diagnostics"]]
            found = [_question(item) for item in stored_questions] if questions else []
        except (KeyError, TypeError, ValueError):
            return None
        return diagnostics, found

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
                    entry["stat"] = [info.st_size, info.st_mtime_ns]
                    self._changed = True
        except OSError:
            value = None
        self._digests[key] = value
        return value

    def _dependencies_hold(self, deps: Mapping[str, Any], workspace: Workspace) -> bool:
        for folder, expected in deps.get("listings", {}).items():
            if workspace.listing_digest(Path(folder)) != expected:
                return False
        return all(self.digest(note) == expected for note, expected in deps.get("notes", {}).items())

    # -- writing ---------------------------------------------------------------------------------

    def store(
        self,
        path: Path,
        sha256: str,
        diagnostics: list[Diagnostic],
        questions: list[Question] | None,
        dependencies: Dependencies,
    ) -> None:
        """Keep a fresh result; ``questions`` None when the run did not keep them (then a run that
        needs them checks the file again)."""
        key = _key(path)
        try:
            info = os.stat(key)
            file_stat = [info.st_size, info.st_mtime_ns]
        except OSError:
            return
        self._entries[key] = {
            "stat": file_stat,
            "sha256": sha256,
            "diagnostics": [_encode_diagnostic(d) for d in diagnostics],
            "questions": [_encode_question(q) for q in questions] if questions is not None else None,
            "deps": {
                "listings": dependencies.listings,
                "notes": dependencies.notes,
            },
        }
        self._digests[key] = sha256
        self._changed = True

    def save(self) -> None:
        """Write the namespace's file atomically; on any failure, leave the cache as it was."""
        if not self._changed:
            return
        target = self.folder / f"results-{self.namespace}.json"
        temporary = self.folder / f".results-{self.namespace}.{os.getpid()}.tmp"
        payload = json.dumps({"format": FORMAT, "files": self._entries}, ensure_ascii=False, separators=(",", ":"))
        try:
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not os.path.lexists(ignore):  # a link there is not followed
                ignore.write_text("# Created by cscheck: the cache is never committed.\n*\n", encoding="utf-8")
            # surrogatepass: a file name that is not UTF-8 is a str with lone surrogates
            temporary.write_text(payload, encoding="utf-8", errors="surrogatepass")
            os.replace(temporary, target)
            self._prune()
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()

    def _prune(self) -> None:
        """Keep only the few most recently written namespaces."""
        files = sorted(self.folder.glob("results-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[_KEEP_NAMESPACES:]:
            with contextlib.suppress(OSError):
                old.unlink()


def clean(root: Path) -> bool:
    """Remove the cache folder under ``root``; True when there was one."""
    import shutil  # noqa: PLC0415

    folder = root / FOLDER
    if not folder.is_dir():
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return True


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


def _diagnostic(item: Mapping[str, Any]) -> Diagnostic:
    fix = item["fix"]
    location = item["location"]
    return Diagnostic(
        code=item["code"],
        name=item["name"],
        span=Span(*item["span"]),
        message=Message(*item["message"]),
        fix=Fix(
            tuple(Edit(*edit) for edit in fix["edits"]),
            Applicability(fix["applicability"]),
            Message(*fix["title"]),
        )
        if fix
        else None,
        severity=Severity(item["severity"]) if item["severity"] else None,
        qualifier=item["qualifier"],
        location=Location(*location) if location else None,
    )


def _encode_question(q: Question) -> list[Any]:
    # Compact: a note holds dozens of questions. The answer's words are not kept (only the
    # rules compare them, and they run on a fresh parse).
    answer = [q.answer_span.start, q.answer_span.end] if q.answer_span else None
    return [
        q.text, q.preset, q.line, q.span.start, q.span.end, answer,
        q.has_content, q.section, q.level, q.answered_elsewhere, q.answer_link,
    ]  # fmt: skip


def _question(item: Sequence[Any]) -> Question:
    text, preset, line, start, end, answer, has_content, section, level, elsewhere, link = item
    return Question(
        text=text,
        preset=preset,
        line=line,
        span=Span(start, end),
        answer_span=Span(*answer) if answer else None,
        answer_text="",
        has_content=has_content,
        section=section,
        level=level,
        answered_elsewhere=elsewhere,
        answer_link=link,
    )
