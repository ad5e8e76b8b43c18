"""The notes an editor has open, checked by the engine the command line uses.

Each note gets the config nearest to it and the root that config defines, as ``cscheck check``
gives it (checker.plan), with ``exclude`` applied as ``--force-exclude`` does. An engine is made
once per config file and made anew when that file changes. Other notes are read as the editor
has them when they are open, else from disk; what a check looked at outside its note (other
notes, folders) is recorded, so a change there re-checks exactly the notes that depend on it.
"""

from __future__ import annotations

import os
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from checker.api import make_engine
from checker.config import Config, ConfigError, default_lang
from checker.config_file import LoadedConfig, find_config_file, load_config
from checker.diagnostic import Diagnostic
from checker.document import Document
from checker.engine import Engine, digest
from checker.files import git_root, included, matches_any
from checker.fixer import fix_source
from checker.lsp.positions import Positions
from checker.qa import questions_of
from checker.questions import Question
from checker.source import SourceText
from checker.views import NoteAnchors
from checker.workspace import Dependencies, Workspace

DISK_NOTES_KEPT = 512  # other notes' anchors kept from disk (a note pushed out is read again)
_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


@dataclass
class Analysis:
    """One version of one open note, checked."""

    uri: str
    version: int
    path: Path | None  # None for a buffer that is not a file (untitled)
    source: SourceText
    lang: str
    engine: Engine | None = None  # None when the config is broken or the note is excluded
    document: Document | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    dependencies: Dependencies | None = None
    config_error: str | None = None
    excluded: bool = False
    internal_errors: list[str] = field(default_factory=list)  # a rule that crashed: logged, not shown

    @cached_property
    def positions(self) -> Positions:
        return Positions(self.source.text, self.source.lines)

    @cached_property
    def fixed(self) -> str | None:
        """The note's text after ``cscheck fix`` (safe fixes), or None when that changes nothing."""
        engine, path = self.engine, self.path
        if engine is None or not any(d.fix is not None and d.fix.applies(unsafe=False) for d in self.diagnostics):
            return None
        lint = engine.linter(path, [])
        outcome = fix_source(self.source, lint, unsafe=False, may_fix_conflicted=engine.may_fix_conflicted)
        return outcome.final.raw if outcome.changed else None

    @cached_property
    def questions(self) -> list[Question]:
        if self.document is None or self.engine is None:
            return []
        return list(questions_of(self.document, self.engine.config.questions).questions)


@dataclass(frozen=True)
class OtherNote:
    """Another note as a link sees it: its anchors, and its text for positions."""

    path: Path
    source: SourceText
    anchors: NoteAnchors
    digest: str

    @cached_property
    def positions(self) -> Positions:
        return Positions(self.source.text, self.source.lines)


@dataclass
class _Open:
    text: str
    version: int
    path: Path | None


def normalized(path: Path) -> Path:
    return Path(os.path.normpath(path.absolute()))


class Notes:
    """The open notes, their engines and what each check depended on."""

    def __init__(self, *, lang: str | None = None, path_of: Callable[[str], Path | None]) -> None:
        self.lang = lang  # the client's choice (initializationOptions), like --lang
        self._path_of = path_of  # a URI's file, or None
        self._open: dict[str, _Open] = {}
        self._by_path: dict[Path, str] = {}
        self._analyses: dict[str, Analysis] = {}
        self._engines: dict[tuple[str | None, Path], tuple[tuple[int, int] | None, Engine]] = {}
        self._disk: OrderedDict[Path, tuple[tuple[int, int], OtherNote | None]] = OrderedDict()
        self._parsed_open: dict[str, tuple[int, OtherNote]] = {}

    # -- the editor's side -----------------------------------------------------------------------

    def update(self, uri: str, text: str, version: int) -> None:
        path = self._path_of(uri)
        key = normalized(path) if path is not None else None
        self._open[uri] = _Open(text, version, key)
        if key is not None:
            self._by_path[key] = uri

    def close(self, uri: str) -> None:
        opened = self._open.pop(uri, None)
        self._analyses.pop(uri, None)
        self._parsed_open.pop(uri, None)
        if opened is not None and opened.path is not None and self._by_path.get(opened.path) == uri:
            del self._by_path[opened.path]

    @property
    def open_uris(self) -> list[str]:
        return list(self._open)

    def path(self, uri: str) -> Path | None:
        opened = self._open.get(uri)
        return opened.path if opened is not None else None

    def uri_of(self, path: Path) -> str | None:
        """The URI of the open note at ``path``, if it is open."""
        return self._by_path.get(normalized(path))

    def changed_on_disk(self, path: Path) -> list[str]:
        """Forget what was read from ``path``; the open notes to check again because of it."""
        key = normalized(path)
        self._disk.pop(key, None)
        if key.name in ("cscheck.toml", "pyproject.toml"):
            self._engines.clear()
            self._analyses.clear()
            return self.open_uris
        dependents = self.dependents(key)
        for uri in dependents:
            self._analyses.pop(uri, None)
        return dependents

    def dependents(self, path: Path) -> list[str]:
        """Open notes whose last check looked at ``path`` (as a note) or at its folder."""
        key, folder = str(normalized(path)), str(normalized(path).parent)
        found = []
        for uri, analysis in self._analyses.items():
            depends = analysis.dependencies
            if depends is not None and (key in depends.notes or folder in depends.listings):
                found.append(uri)
        return found

    # -- checking --------------------------------------------------------------------------------

    def analysis(self, uri: str) -> Analysis | None:
        """The checked current version of an open note (checked now if it changed)."""
        opened = self._open.get(uri)
        if opened is None:
            return None
        known = self._analyses.get(uri)
        if known is not None and known.version == opened.version and known.source.raw == opened.text:
            return known
        analysis = self._check(uri, opened)
        self._analyses[uri] = analysis
        return analysis

    def forget(self, uri: str) -> None:
        """Check ``uri`` again next time even if its text did not change (something it reads did)."""
        self._analyses.pop(uri, None)

    def _check(self, uri: str, opened: _Open) -> Analysis:
        source = SourceText(opened.text, bom=False)
        lang = self.lang or self._notes_lang(opened.text)
        analysis = Analysis(uri, opened.version, opened.path, source, lang)
        try:
            engine, loaded = self.engine_for(opened.path)
        except ConfigError as error:
            analysis.config_error = str(error)
            return analysis
        if loaded.config.lang and not self.lang:
            analysis.lang = loaded.config.lang
        if opened.path is not None and self._excluded(opened.path, engine, loaded):
            analysis.excluded = True
            return analysis
        analysis.engine = engine
        self.prepare(engine)
        document = engine.parse(source, opened.path)
        workspace = engine.context.workspace
        if opened.path is not None:
            workspace.register(opened.path, document.note_anchors(), digest(source.encode()))
        analysis.dependencies = workspace.record()
        try:
            analysis.diagnostics = engine.lint(document, analysis.internal_errors)
        finally:
            workspace.stop_recording()
        analysis.document = document
        return analysis

    def prepare(self, engine: Engine) -> None:
        """A fresh view of the other files for the next check: open notes as the editor has them."""
        engine.context.workspace = Workspace(engine.root, self._anchors_of)

    def _notes_lang(self, text: str) -> str:
        """As the command line chooses: Korean for Korean notes, else the locale's."""
        return "ko" if _HANGUL.search(text[:4096]) else default_lang()

    @staticmethod
    def _excluded(path: Path, engine: Engine, loaded: LoadedConfig) -> bool:
        base = loaded.directory or engine.root
        config = loaded.config
        if matches_any(config.exclude, path, base):
            return True
        return bool(config.include) and not included(path, base, config.include)

    def engine_for(self, path: Path | None) -> tuple[Engine, LoadedConfig]:
        """The engine for a note: its nearest config and that config's root; ConfigError when broken."""
        config_file = find_config_file(path) if path is not None else None
        stamp = _stamp(config_file) if config_file is not None else None
        root = _root(path, config_file)
        key = (str(config_file) if config_file else None, root)
        known = self._engines.get(key)
        if known is not None and known[0] == stamp:
            engine = known[1]
        else:
            loaded = load_config(config_file, use_cache=False) if config_file else LoadedConfig(Config(), None)
            engine = make_engine(
                loaded.config,
                root=root,
                config_dir=loaded.directory,
                source=str(config_file) if config_file else "defaults",
            )
            if engine.uses_knowledge:
                _ = engine.context.knowledge  # a broken pack is a config error now, not mid-check
            self._engines[key] = (stamp, engine)
        return engine, LoadedConfig(engine.config, config_file)

    # -- other notes -----------------------------------------------------------------------------

    def other_note(self, path: Path, engine: Engine) -> OtherNote | None:
        """Another note as the editor has it (when open) or as it is on disk."""
        key = normalized(path)
        uri = self._by_path.get(key)
        if uri is not None:
            opened = self._open[uri]
            parsed = self._parsed_open.get(uri)
            if parsed is None or parsed[0] != opened.version or parsed[1].source.raw != opened.text:
                parsed = (opened.version, _other(key, SourceText(opened.text, bom=False), engine))
                self._parsed_open[uri] = parsed
            return parsed[1]
        try:
            status = os.stat(key)
        except OSError:
            return None
        stamp = (status.st_mtime_ns, status.st_size)
        known = self._disk.get(key)
        if known is not None and known[0] == stamp:
            self._disk.move_to_end(key)
            return known[1]
        loaded = engine.load(key)
        note = _other(key, loaded, engine) if isinstance(loaded, SourceText) else None
        self._disk[key] = (stamp, note)
        if len(self._disk) > DISK_NOTES_KEPT:
            self._disk.popitem(last=False)
        return note

    def _anchors_of(self, path: Path) -> tuple[NoteAnchors | None, str | None]:
        """The workspace's way to another note (the engine whose check asks is the one in use)."""
        engine = self._engine_of_root(path)
        if engine is None:
            return None, None
        note = self.other_note(path, engine)
        return (note.anchors, note.digest) if note is not None else (None, None)

    def _engine_of_root(self, path: Path) -> Engine | None:
        """An engine whose root holds ``path`` (for parsing another note the way its check does)."""
        for _, engine in self._engines.values():
            if engine.context.workspace.contains(normalized(path)):
                return engine
        return None


def _other(path: Path, source: SourceText, engine: Engine) -> OtherNote:
    document = engine.parse(source, path)
    return OtherNote(path, source, document.note_anchors(), digest(source.encode()))


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


def _root(path: Path | None, config_file: Path | None) -> Path:
    """As ``cscheck check`` roots a file: the config's folder, else its git repository, else its folder."""
    if config_file is not None:
        return normalized(config_file.parent)
    if path is None:
        return normalized(Path.cwd())
    found = git_root(path)
    return normalized(found) if found is not None else normalized(path.parent)
