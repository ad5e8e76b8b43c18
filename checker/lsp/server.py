"""The pygls side of ``cscheck server``: LSP messages in, :mod:`checker.lsp.features` answers out.

Diagnostics are published when a note opens, when it is saved, and a moment after the last
change (typing does not re-check on every key). A change to a note — in the editor or on disk —
re-checks the open notes whose links or images looked at it, and a change to a config file
re-checks them all.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Generator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.uris import to_fs_path

from checker import __version__
from checker.lsp import features, navigation
from checker.lsp.notes import Analysis, Notes

DEBOUNCE_SECONDS = 0.2
# every file: notes (anchors), images and folders (links), cscheck.toml and pyproject.toml (config)
WATCHED_FILES = "**/*"
_DEFAULT_GC_THRESHOLDS = (700, 10, 10)  # CPython's


class _Utf16Protocol(LanguageServerProtocol):
    """Positions are always UTF-16 code units: the encoding every client supports, and the one
    the findings' ranges are computed in."""

    @lsp_method(lsp.INITIALIZE)
    def lsp_initialize(self, params: lsp.InitializeParams) -> Generator[Any, Any, lsp.InitializeResult]:
        general = params.capabilities.general
        if general is not None and general.position_encodings:
            general.position_encodings = [lsp.PositionEncodingKind.Utf16]
        result: lsp.InitializeResult = yield from super().lsp_initialize(params)
        return result

    def _check_handler_result(self, future: Future[Any]) -> None:
        """pygls 2.1 files the future of every notification it handles (each keystroke's
        didChange) under a fresh id and never takes it out: about 1.7 KB an edit, for as long as
        the editor stays open. Take it out once it is done, as pygls does for a request's."""
        super()._check_handler_result(future)
        finished = [key for key, pending in self._request_futures.items() if pending is future]
        for key in finished:
            del self._request_futures[key]


def path_of(uri: str) -> Path | None:
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None


class CscheckServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("cscheck", __version__, protocol_cls=_Utf16Protocol)
        self.notes = Notes(path_of=path_of)
        self.debounce = DEBOUNCE_SECONDS
        self._pending: dict[str, asyncio.TimerHandle] = {}

    def analysis(self, uri: str) -> Analysis | None:
        """The current text of ``uri`` checked (pygls keeps the text in sync with the editor)."""
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return None
        self.notes.update(uri, document.source, document.version or 0)
        return self.notes.analysis(uri)

    def publish(self, uri: str) -> None:
        self._pending.pop(uri, None)
        analysis = self.analysis(uri)
        if analysis is None:
            return
        for message in analysis.internal_errors:
            self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error, f"{uri}: {message}"))
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri, features.diagnostics(analysis), version=analysis.version)
        )

    def publish_later(self, uri: str) -> None:
        """Publish once no change has come for :data:`DEBOUNCE_SECONDS`."""
        self.cancel_pending(uri)
        self._pending[uri] = asyncio.get_running_loop().call_later(self.debounce, self.publish, uri)

    def cancel_pending(self, uri: str) -> None:
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()

    def refresh_dependents(self, uri: str, *, later: bool) -> None:
        """Re-check the other open notes whose last check read this one."""
        path = self.notes.path(uri)
        if path is None:
            return
        for other in self.notes.dependents(path):
            if other == uri:
                continue
            self.notes.forget(other)
            if later:
                self.publish_later(other)
            else:
                self.publish(other)


server = CscheckServer()


@server.feature(lsp.INITIALIZE)
def initialize(ls: CscheckServer, params: lsp.InitializeParams) -> None:
    options = params.initialization_options
    if isinstance(options, dict):
        lang = options.get("lang")
        if lang in ("ko", "en"):
            ls.notes.lang = lang
        debounce = options.get("debounceMs")
        if isinstance(debounce, int | float) and 0 <= debounce <= 10_000:
            ls.debounce = debounce / 1000


@server.feature(lsp.INITIALIZED)
def initialized(ls: CscheckServer, params: lsp.InitializedParams) -> None:
    """Ask to hear of notes, images and config files changing on disk (when the client can tell)."""
    watched = ls.client_capabilities.workspace
    dynamic = watched.did_change_watched_files if watched is not None else None
    if dynamic is None or not dynamic.dynamic_registration:
        return
    watchers = [lsp.FileSystemWatcher(glob_pattern=WATCHED_FILES)]
    registration = lsp.Registration(
        "cscheck-watched-files",
        lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        lsp.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
    )
    ls.client_register_capability(lsp.RegistrationParams([registration]))


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: CscheckServer, params: lsp.DidOpenTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.publish(uri)
    ls.refresh_dependents(uri, later=False)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: CscheckServer, params: lsp.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.publish_later(uri)
    ls.refresh_dependents(uri, later=True)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: CscheckServer, params: lsp.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.publish(uri)
    ls.refresh_dependents(uri, later=False)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: CscheckServer, params: lsp.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.cancel_pending(uri)
    path = ls.notes.path(uri)
    ls.notes.close(uri)
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, []))
    if path is not None:  # the others now read it from disk
        for other in ls.notes.changed_on_disk(path):
            ls.publish(other)


@server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: CscheckServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    again: dict[str, None] = {}
    for change in params.changes:
        path = path_of(change.uri)
        if path is not None:
            again.update(dict.fromkeys(ls.notes.changed_on_disk(path)))
    for uri in again:
        ls.publish(uri)


@server.feature(
    lsp.TEXT_DOCUMENT_CODE_ACTION,
    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.SourceFixAll]),
)
def code_action(ls: CscheckServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
    analysis = ls.analysis(params.text_document.uri)
    if analysis is None:
        return None
    only = params.context.only

    def wanted(kind: str) -> bool:  # `only: ["source"]` asks for every source.* action
        return not only or any(kind == asked or kind.startswith(f"{asked}.") for asked in only)

    actions = features.code_actions(analysis, params.range) if wanted(lsp.CodeActionKind.QuickFix) else []
    if only and wanted(lsp.CodeActionKind.SourceFixAll):  # fix on save
        fix_all = features.fix_all_safe(analysis, lsp.CodeActionKind.SourceFixAll)
        actions.extend([fix_all] if fix_all is not None else [])
    return actions


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=["#", "(", "/"]))
def completion(ls: CscheckServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
    analysis = ls.analysis(params.text_document.uri)
    if analysis is None:
        return None
    return lsp.CompletionList(False, navigation.completion(ls.notes, analysis, params.position))


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def definition(ls: CscheckServer, params: lsp.DefinitionParams) -> lsp.Location | None:
    analysis = ls.analysis(params.text_document.uri)
    if analysis is None:
        return None
    target = navigation.definition(ls.notes, analysis, params.position)
    if target is None:
        return None
    uri = target.uri or (target.path.as_uri() if target.path is not None else analysis.uri)
    return lsp.Location(uri, target.range)


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: CscheckServer, params: lsp.HoverParams) -> lsp.Hover | None:
    analysis = ls.analysis(params.text_document.uri)
    if analysis is None:
        return None
    return features.hover(analysis.engine, analysis, params.position)


@server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
def prepare_rename(ls: CscheckServer, params: lsp.PrepareRenameParams) -> lsp.PrepareRenamePlaceholder | None:
    analysis = ls.analysis(params.text_document.uri)
    if analysis is None:
        return None
    return navigation.prepare_rename(analysis, params.position)


@server.feature(lsp.TEXT_DOCUMENT_RENAME)
def rename(ls: CscheckServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
    analysis = ls.analysis(params.text_document.uri)
    if analysis is None:
        return None
    return navigation.rename(ls.notes, analysis, params.position, params.new_name)


@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbol(ls: CscheckServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol] | None:
    analysis = ls.analysis(params.text_document.uri)
    if analysis is None:
        return None
    return navigation.document_symbols(analysis)


def serve() -> None:
    """Talk LSP over standard input and output until the client says exit.

    The command line tunes the garbage collector for one batch run (a collection every 50 000
    allocations, checker.cli.run); a server lives for hours of small checks, so it collects at
    Python's default pace and each edit's garbage goes before the next (memory stays flat).
    """
    gc.set_threshold(*_DEFAULT_GC_THRESHOLDS)
    logging.basicConfig(level=logging.WARNING, format="cscheck server: %(message)s")
    server.start_io()
