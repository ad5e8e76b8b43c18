"""What the language-server tests share: a note tree, and applying an editor's edits.

Positions are converted here on their own (UTF-16 code units counted from each line's start, as
an editor does), not with the server's code, so a wrong range in the server fails the tests.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

WAIT_SECONDS = 30


def utf16_index(text: str, line: int, character: int) -> int:
    """The Python index of an LSP position in ``text`` (lines end at \\n, \\r\\n or \\r)."""
    lines = re.split(r"(?<=\r\n)|(?<=\n)|(?<=\r)(?!\n)", text)
    start = sum(len(part) for part in lines[:line])
    current = lines[line] if line < len(lines) else ""
    units = 0
    for index, char in enumerate(current.rstrip("\r\n")):
        if units >= character:
            return start + index
        units += len(char.encode("utf-16-le")) // 2
    return start + len(current.rstrip("\r\n"))


def position_of(text: str, index: int) -> lsp.Position:
    """The LSP position of a Python index in ``text``."""
    before = text[:index]
    line = len(re.findall(r"\r\n|\n|\r", before))
    line_start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return lsp.Position(line, len(before[line_start:].encode("utf-16-le")) // 2)


def apply_edits(text: str, edits: Sequence[lsp.TextEdit]) -> str:
    """``text`` with non-overlapping LSP edits applied, as an editor applies them."""
    placed = []
    for edit in edits:
        start = utf16_index(text, edit.range.start.line, edit.range.start.character)
        end = utf16_index(text, edit.range.end.line, edit.range.end.character)
        placed.append((start, end, edit.new_text))
    placed.sort(key=lambda item: (item[0], item[1]), reverse=True)
    for start, end, new_text in placed:
        text = text[:start] + new_text + text[end:]
    return text


async def published(client: LanguageClient, uri: str) -> list[lsp.Diagnostic]:
    """The next diagnostics the server publishes for ``uri`` (call ``expect`` before changing it)."""

    async def wait() -> None:
        while uri not in client.diagnostics:
            await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    await asyncio.wait_for(wait(), WAIT_SECONDS)
    return list(client.diagnostics[uri])


def expect(client: LanguageClient, uri: str) -> None:
    """Forget the last diagnostics of ``uri``: :func:`published` then waits for new ones."""
    client.diagnostics.pop(uri, None)


class Editor:
    """Open notes as an editor keeps them: text and version, changed by whole-text edits."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}

    async def open(self, path: Path) -> list[lsp.Diagnostic]:
        uri = path.as_uri()
        text = path.read_text(encoding="utf-8")
        self.texts[uri], self.versions[uri] = text, 1
        expect(self.client, uri)
        self.client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "markdown", 1, text))
        )
        return await published(self.client, uri)

    async def change(self, uri: str, text: str) -> list[lsp.Diagnostic]:
        self.texts[uri] = text
        self.versions[uri] += 1
        expect(self.client, uri)
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
                [lsp.TextDocumentContentChangeWholeDocument(text)],
            )
        )
        return await published(self.client, uri)

    def close(self, uri: str) -> None:
        self.client.text_document_did_close(lsp.DidCloseTextDocumentParams(lsp.TextDocumentIdentifier(uri)))
        self.texts.pop(uri, None)
