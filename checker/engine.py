"""Files → documents → rules → diagnostics.

The engine owns everything cross-cutting: reading and decoding files, the file-level findings,
running the selected rules, suppression comments, per-file ignores, severities, positions and
order. Rules only say what is wrong and where.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from checker.config import Config, ConfigError
from checker.diagnostic import FILE_START, Diagnostic, Severity
from checker.document import Document
from checker.files import matches_any
from checker.qa import questions_of
from checker.questions import Question
from checker.registry import Selection
from checker.rule import Context, FileRule, Rule, SuppressionRule
from checker.selectors import selects
from checker.source import FileProblem, SourceText, Unreadable, load, load_with_stat
from checker.suppressions import apply_suppressions, parse_suppressions, unknown_targets, unused_suppressions
from checker.templates import template_answers
from checker.views import NoteAnchors
from checker.workspace import Dependencies, Workspace

if TYPE_CHECKING:
    from checker.knowledge import KnowledgeBase


Lint = Callable[[SourceText], tuple[Document, list[Diagnostic]]]  # parse and lint a version of a note
KEPT_FOR_FIX = 64  # parses kept from the check for the fix loop; more notes are parsed again


def digest(data: bytes) -> str:
    """The content key of a file's bytes."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class FileReport:
    """What checking one file produced."""

    path: Path
    display: str  # the path as shown to the user (relative to the working folder when inside it)
    _source: SourceText | None = field(default=None, repr=False)
    problem: FileProblem | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)
    stdin: bool = False  # read from standard input: `fix` prints the result instead of writing
    digest: str | None = None  # of the bytes checked (the cache's key)
    read_stat: tuple[int, int] | None = None  # (size, mtime_ns) when those bytes were read
    question_count: int = 0  # questions found, also when they are not kept
    dependencies: Dependencies | None = None  # what the check looked at outside the file
    # The note's anchors as checked, for `fix` (which pins them before writing any note); only
    # for a note with a fix, checked while fixing (see Engine.keep_for_fix).
    anchors: NoteAnchors | None = None

    @property
    def failing(self) -> bool:
        return any(d.severity is not None and d.severity.fails for d in self.diagnostics)

    @property
    def source(self) -> SourceText | None:
        """The checked text. Kept only for files with findings; otherwise read again on demand."""
        if self._source is None and self.problem is None and not self.stdin:
            loaded = load(self.path, max_size=1 << 62)
            self._source = loaded if isinstance(loaded, SourceText) else None
        return self._source

    @source.setter
    def source(self, value: SourceText | None) -> None:
        self._source = value


class Engine:
    def __init__(
        self,
        selection: Selection,
        config: Config,
        *,
        root: Path,
        config_dir: Path | None,
        available: Sequence[type[Rule]],
        cache_dir: Path | None = None,
        config_source: str = "configuration",
    ) -> None:
        if config.questions.templates:
            answers = template_answers(config.questions, config_dir or root, root)
            config = replace(config, questions=replace(config.questions, template_answers=answers))
        self.selection = selection
        self.config = config
        self.root = root
        self.config_dir = config_dir
        self.available = tuple(available)
        self.cache_dir = cache_dir
        self.config_source = config_source  # the config file, for messages
        self._by_code = {rule.code: rule for rule in available}
        # `cscheck fix` checks first, then fixes: the notes with a fix keep their parse from the
        # check (the fix loop's first pass), as many as KEPT_FOR_FIX (a worker's stay in it).
        self.keep_for_fix = False
        self._checked_documents: OrderedDict[Path, Document] = OrderedDict()
        self.context = Context(root, config, Workspace(root, self._parse_other), self.load_knowledge)

    def knowledge_paths(self) -> list[Path]:
        """The shipped packs, then the configured ones (relative to the config file)."""
        from checker.knowledge import builtin_pack_paths  # noqa: PLC0415

        base = self.config_dir or self.root
        return [*builtin_pack_paths(), *(base / pack for pack in self.config.knowledge.packs)]

    def load_knowledge(self) -> KnowledgeBase:
        """The shipped packs and the configured ones; a broken pack raises ConfigError."""
        from checker.knowledge import KnowledgeError, load_packs  # noqa: PLC0415

        try:
            knowledge = load_packs(self.knowledge_paths(), cache_dir=self.cache_dir)
        except KnowledgeError as error:
            raise ConfigError(str(error)) from None
        unknown = sorted(set(self.config.knowledge.disable) - knowledge.ids)
        if unknown:
            names = ", ".join(map(repr, unknown))
            raise ConfigError(f"{self.config_source}: [tool.cscheck.knowledge] disable: no knowledge entry {names}")
        return knowledge

    @property
    def uses_knowledge(self) -> bool:
        return any(rule.uses_knowledge for rule in self.selection.rules)

    # -- reading ---------------------------------------------------------------------------------

    def load(self, path: Path) -> SourceText | FileProblem:
        return load(path, self.config.max_file_size)

    def parse(self, source: SourceText, path: Path | None) -> Document:
        return Document(source, path, example_languages=self.config.conflict_example_languages)

    def linter(
        self, path: Path | None, internal_errors: list[str]
    ) -> Callable[[SourceText], tuple[Document, list[Diagnostic]]]:
        """Parse and lint a version of the note at ``path`` as ``check`` does: for the fix loop."""

        def lint(source: SourceText) -> tuple[Document, list[Diagnostic]]:
            doc = self.parse(source, path)
            return doc, self.lint(doc, internal_errors)

        return lint

    def checked_document(self, path: Path) -> Document | None:
        """The parse the check made of a note with a fix (once: the fix loop takes it over)."""
        return self._checked_documents.pop(path, None)

    def _parse_other(self, path: Path) -> tuple[NoteAnchors | None, str | None]:
        """Another note's anchors and the digest of its bytes (a link into it was checked)."""
        loaded = self.load(path)
        if not isinstance(loaded, SourceText):
            return None, None
        return self.parse(loaded, path).note_anchors(), digest(loaded.encode())

    # -- checking --------------------------------------------------------------------------------

    def check_file(self, path: Path, display: str) -> FileReport:
        if self._leads_outside(path):
            # A committed `notes/x.md -> /etc/passwd` would print that file's lines in a public CI
            # log: not read at all, and the finding names the link, not where it leads.
            outside = Unreadable(
                "it is a link that does not lead to a file inside the root; not read",
                "루트 안의 파일로 이어지지 않는 링크라 읽지 않았습니다",
            )
            return self.check_loaded(path, display, outside)
        loaded, read_stat = load_with_stat(path, self.config.max_file_size)
        report = self.check_loaded(path, display, loaded)
        report.read_stat = read_stat
        return report

    def _leads_outside(self, path: Path) -> bool:
        """Named inside the root, but a link on the way (the note itself, or its folder) leads out."""
        absolute = Path(os.path.normpath(path.absolute()))
        workspace = self.context.workspace
        if not workspace.contains(absolute) or workspace.reachable(absolute):
            return False
        try:
            os.stat(absolute)
        except OSError:  # a loop, or nothing there: nothing to read, and load() says which
            return False
        return True

    def check_loaded(self, path: Path, display: str, loaded: SourceText | FileProblem) -> FileReport:
        report = FileReport(path, display)
        if not isinstance(loaded, SourceText):
            report.problem = loaded
            found: list[Diagnostic] = []
            for rule in self.selection.rules:
                if isinstance(rule, FileRule):
                    found.extend(rule.check_file(loaded, self.context))
            report.diagnostics = self._finish(found, path, None)
            return report
        document = self.parse(loaded, path)
        report.digest = digest(loaded.encode())
        workspace = self.context.workspace
        anchors = document.note_anchors()
        workspace.register(path, anchors, report.digest)
        report.dependencies = workspace.record()
        try:
            report.diagnostics = self.lint(document, report.internal_errors)
        finally:
            workspace.stop_recording()
        if self.keep_for_fix and any(d.fix is not None and d.fix.applies(unsafe=True) for d in report.diagnostics):
            report.anchors = anchors
            self._checked_documents[path] = document
            if len(self._checked_documents) > KEPT_FOR_FIX:
                self._checked_documents.popitem(last=False)
        report.questions = list(questions_of(document, self.config.questions).questions)
        report.question_count = len(report.questions)
        if report.diagnostics:
            report.source = loaded  # reporters quote it; clean files are not kept in memory
        return report

    def lint(self, doc: Document, internal_errors: list[str]) -> list[Diagnostic]:
        """Run the selected rules on ``doc`` and return its final, sorted diagnostics. A rule that
        raises is an internal error (added to ``internal_errors`` once); the other rules go on."""
        found: list[Diagnostic] = []
        for rule in self.selection.rules:
            if isinstance(rule, FileRule | SuppressionRule):
                continue
            try:
                found.extend(rule.check(doc, self.context))
            except Exception as error:
                message = f"internal error in {rule.code} {rule.name}: {type(error).__name__}: {error}"
                if message not in internal_errors:
                    internal_errors.append(message)
        suppressions = parse_suppressions(doc)
        if suppressions:
            found = apply_suppressions(found, suppressions, doc)
            enabled = [(rule.code, rule.name) for rule in self.selection.rules]
            known = [(rule.code, rule.name) for rule in self.available]
            unused = unused_suppressions(suppressions, enabled)
            unknown = unknown_targets(suppressions, known)
            for rule in self.selection.rules:
                if isinstance(rule, SuppressionRule):
                    extra = list(rule.check_suppressions(unused, unknown, doc, self.context))
                    found.extend(apply_suppressions(extra, [s for s in suppressions if s.kind == "disable-file"], doc))
        return self._finish(found, doc.path, doc)

    def _finish(self, found: Iterable[Diagnostic], path: Path | None, doc: Document | None) -> list[Diagnostic]:
        ignored = self._per_file_ignores(path)
        finished = []
        for diagnostic in found:
            if ignored and selects(ignored, diagnostic.code, diagnostic.name, diagnostic.qualifier):
                continue
            location = doc.location(diagnostic.span) if doc else FILE_START
            finished.append(replace(diagnostic, severity=self._severity(diagnostic), location=location))
        finished.sort(key=lambda d: (d.span.start, d.span.end, d.code, d.qualifier or ""))
        return finished

    def _severity(self, diagnostic: Diagnostic) -> Severity:
        configured = self.selection.severities.get(diagnostic.code)
        if configured is not None:
            return configured
        if diagnostic.severity is not None:
            return diagnostic.severity
        rule = self._by_code.get(diagnostic.code)
        return rule.default_severity if rule else Severity.ERROR

    def _per_file_ignores(self, path: Path | None) -> tuple[str, ...]:
        if path is None or not self.config.per_file_ignores:
            return ()
        base = self.config_dir or self.root
        ignored: list[str] = []
        for pattern, selectors in self.config.per_file_ignores.items():
            if matches_any((pattern,), path, base):
                ignored.extend(selectors)
        return tuple(ignored)

    def rule_for(self, code: str) -> type[Rule] | None:
        """The rule class of a code (the language server shows its documentation)."""
        return self._by_code.get(code)

    def may_fix_conflicted(self, diagnostic: Diagnostic) -> bool:
        """While a file holds a conflict only the conflict rule's own resolution may apply."""
        rule = self._by_code.get(diagnostic.code)
        return rule is not None and rule.fixes_in_conflict
