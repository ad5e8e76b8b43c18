"""`cscheck server` end to end: a real LSP client (pytest-lsp) talking to it over stdio.

One server for the module; each test opens the notes it needs in a tree of its own folder.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp", reason="the lsp tests need the test extra (pytest-lsp, pygls)")

from lsprotocol import types as lsp  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

from checker.api import fix_text, lint_text, make_engine  # noqa: E402
from checker.config import Config  # noqa: E402
from tests.conftest import shared  # noqa: E402
from tests.lsp_client import Editor, apply_edits, expect, position_of, published, utf16_index  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="module")

SERVER = [sys.executable, "-m", "checker", "server", "--stdio"]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("notes")
    (root / "cscheck.toml").write_text('lang = "en"\n', encoding="utf-8")
    return root


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), scope="module")
async def client(lsp_client: LanguageClient, tree: Path) -> AsyncIterator[None]:
    registered: list[lsp.Registration] = []

    @lsp_client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
    def register(params: lsp.RegistrationParams) -> None:  # as VS Code: the server asks to watch files
        registered.extend(params.registrations)

    lsp_client.registered = registered  # type: ignore[attr-defined]
    capabilities = client_capabilities("visual-studio-code")
    # a client that would rather count in UTF-8: the server must still answer in UTF-16
    capabilities.general = lsp.GeneralClientCapabilities(
        position_encodings=[lsp.PositionEncodingKind.Utf8, lsp.PositionEncodingKind.Utf16]
    )
    params = lsp.InitializeParams(
        capabilities=capabilities,
        root_uri=tree.as_uri(),
        initialization_options={"debounceMs": 20},
    )
    lsp_client.initialize_result = await lsp_client.initialize_session(params)  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


def folder(tree: Path, name: str) -> Path:
    path = tree / name
    path.mkdir()
    return path


def codes(diagnostics: list[lsp.Diagnostic]) -> list[str]:
    return [str(d.code).partition(":")[0] for d in diagnostics]


async def test_positions_are_utf16_code_units(client: LanguageClient) -> None:
    result: lsp.InitializeResult = client.initialize_result  # type: ignore[attr-defined]
    assert result.capabilities.position_encoding == lsp.PositionEncodingKind.Utf16
    assert result.server_info is not None and result.server_info.name == "cscheck"


async def test_seed_findings_with_exact_ranges(client: LanguageClient, tree: Path) -> None:
    seed = shared("seed", "000_0f84ac28c29cdedc.md")
    here = folder(tree, "seed")
    note = here / "note.md"
    shutil.copy(seed, note)
    editor = Editor(client)
    found = await editor.open(note)
    text = note.read_text(encoding="utf-8")
    engine = make_engine(Config(lang="en"), root=tree, config_dir=tree)
    expected = lint_text(text, engine, path=note)
    assert {"CS101", "CS201", "CS301", "CS401", "CS501"} <= set(codes(found))
    assert len(found) == len(expected)
    for shown, finding in zip(found, expected, strict=True):
        assert shown.range.start == position_of(text, finding.span.start)
        assert shown.range.end == position_of(text, finding.span.end)
        assert str(shown.code).partition(":")[0] == finding.code
        assert shown.message == finding.message.en
        assert shown.source == "cscheck"
        assert shown.code_description is not None
        assert shown.code_description.href.endswith(f"#{finding.code.lower()}-{finding.name}")
    port = next(d for d in found if "433" in d.message)
    assert port.severity == lsp.DiagnosticSeverity.Error
    assert text[utf16_index(text, port.range.start.line, port.range.start.character) :].startswith("433")
    editor.close(note.as_uri())


async def test_utf16_ranges_after_emoji_and_korean(client: LanguageClient, tree: Path) -> None:
    here = folder(tree, "utf16")
    note = here / "note.md"
    line = "💡🔥 HTTPS는 433번 포트를 쓴다."
    note.write_text(f"# 네트워크\n\n{line}\n", encoding="utf-8")
    editor = Editor(client)
    found = await editor.open(note)
    port = next(d for d in found if str(d.code).startswith("CS501"))
    prefix = line[: line.index("433")]
    assert port.range.start == lsp.Position(2, len(prefix.encode("utf-16-le")) // 2)
    assert port.range.end.character - port.range.start.character == 3
    assert len(prefix) != port.range.start.character  # the emoji take two units each
    # saving publishes at once (no debounce)
    expect(client, note.as_uri())
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(lsp.TextDocumentIdentifier(note.as_uri())))
    assert await published(client, note.as_uri()) == found
    editor.close(note.as_uri())


async def _actions_for(client: LanguageClient, uri: str, diagnostic: lsp.Diagnostic) -> list[lsp.CodeAction]:
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(lsp.TextDocumentIdentifier(uri), diagnostic.range, lsp.CodeActionContext([diagnostic]))
    )
    return [
        action
        for action in actions or []
        if isinstance(action, lsp.CodeAction)
        and action.diagnostics
        and (action.diagnostics[0].range, action.diagnostics[0].code) == (diagnostic.range, diagnostic.code)
    ]


def _kind(diagnostic: lsp.Diagnostic) -> tuple[str, str]:
    return str(diagnostic.code), diagnostic.message


async def test_every_code_action_applied_and_rechecked(client: LanguageClient, tree: Path) -> None:
    """Each quick fix of the seed, one after another, then a suppression of each rule's finding:
    every one removes its finding when the server checks the edited note again, and adds no
    unused-suppression finding."""
    seed = shared("seed", "000_0f84ac28c29cdedc.md")
    here = folder(tree, "actions")
    note = here / "note.md"
    shutil.copy(seed, note)
    uri = note.as_uri()
    editor = Editor(client)
    current = await editor.open(note)
    fixable = [_kind(d) for d in current]
    applied = {"fix": 0, "suppress": 0}
    titles: set[str] = set()
    suppressed_codes: set[str] = set()
    for mode in ("fix", "suppress"):
        if mode == "suppress":  # every fix was applied: no finding offers one any more
            for diagnostic in current:
                offered = await _actions_for(client, uri, diagnostic)
                assert all(a.title.startswith("Suppress") for a in offered), diagnostic.message
        for kind in list(fixable):
            diagnostic = next((d for d in current if _kind(d) == kind), None)
            if diagnostic is None:
                continue
            code = kind[0].partition(":")[0]
            if mode == "suppress" and code in suppressed_codes:
                continue
            actions = [
                a for a in await _actions_for(client, uri, diagnostic) if a.title.startswith("Suppress") == (mode == "suppress")
            ]
            if not actions:
                continue
            action = actions[0]
            assert action.edit is not None and action.edit.changes is not None
            before = sum(1 for d in current if _kind(d) == kind)
            current = await editor.change(uri, apply_edits(editor.texts[uri], action.edit.changes[uri]))
            assert sum(1 for d in current if _kind(d) == kind) < before, action.title
            assert "CS901" not in codes(current), action.title
            applied[mode] += 1
            titles.add(action.title)
            if mode == "suppress":
                suppressed_codes.add(code)
    assert applied["fix"] >= 13  # the seed's 13 safe fixes and its unsafe one (one fix mends two findings)
    assert any("(unsafe fix)" in title for title in titles)
    assert any("433" in title and "443" in title for title in titles)
    assert applied["suppress"] >= 5, suppressed_codes
    text = editor.texts[uri]
    assert "cscheck-disable-line" in text and "cscheck-disable-next-line" in text and "cscheck-enable" in text
    editor.close(uri)


def resolved(text: str) -> str:
    """The seed with its merge conflict resolved (our side kept): `cscheck fix` fixes nothing else
    while a note holds a conflict."""
    text = re.sub(r"^<<<<<<< .*\n", "", text, flags=re.MULTILINE)
    return re.sub(r"^=======\n.*?^>>>>>>> .*\n", "", text, flags=re.MULTILINE | re.DOTALL)


async def test_fix_all_safe_is_cscheck_fix(client: LanguageClient, tree: Path) -> None:
    seed = shared("seed", "000_0f84ac28c29cdedc.md")
    here = folder(tree, "fixall")
    note = here / "note.md"
    note.write_text(resolved(seed.read_text(encoding="utf-8")), encoding="utf-8")
    uri = note.as_uri()
    editor = Editor(client)
    found = await editor.open(note)
    port = next(d for d in found if "433" in d.message)
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(lsp.TextDocumentIdentifier(uri), port.range, lsp.CodeActionContext([port]))
    )
    fix_all = next(a for a in actions or [] if isinstance(a, lsp.CodeAction) and a.title.startswith("Fix all safe"))
    assert fix_all.edit is not None and fix_all.edit.changes is not None
    fixed = apply_edits(editor.texts[uri], fix_all.edit.changes[uri])
    engine = make_engine(Config(lang="en"), root=tree, config_dir=tree)
    assert fixed == fix_text(editor.texts[uri], engine, path=note).final.raw
    after = await editor.change(uri, fixed)
    assert "433" not in fixed.split("HTTPS는", 1)[1][:200]
    assert len(after) < len(found)
    only = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            lsp.TextDocumentIdentifier(uri),
            lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)),
            lsp.CodeActionContext([], only=[lsp.CodeActionKind.SourceFixAll]),
        )
    )
    assert not only  # nothing safe is left to fix
    editor.close(uri)


def _vectors() -> dict[str, list]:  # type: ignore[type-arg]
    return json.loads(shared("slug-vectors.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _escaped(text: str) -> str:
    """Heading text written so that Markdown renders exactly it (ASCII punctuation escaped)."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


async def _complete(client: LanguageClient, uri: str, text: str) -> list[lsp.CompletionItem]:
    end = position_of(text, len(text.rstrip("\n")))
    result = await client.text_document_completion_async(
        lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), end)
    )
    assert isinstance(result, lsp.CompletionList)
    return list(result.items)


async def test_anchor_completion_matches_the_slug_vectors(client: LanguageClient, tree: Path) -> None:
    vectors = _vectors()
    here = folder(tree, "slugs")
    editor = Editor(client)
    for number, sequence in enumerate(vectors["sequences"]):
        note = here / f"sequence{number}.md"
        body = "\n\n".join(f"## {_escaped(h)}" for h in sequence["headings"])
        note.write_text(body + "\n\n[link](#\n", encoding="utf-8")
        await editor.open(note)
        items = await _complete(client, note.as_uri(), editor.texts[note.as_uri()])
        assert [item.label for item in items] == sequence["slugs"], sequence["name"]
        editor.close(note.as_uri())
    seen: set[str] = set()
    pairs = []
    for text, slug in vectors["pairs"]:
        if slug not in seen and text == text.strip(" \t") and text:
            seen.add(slug)
            pairs.append((text, slug))
    target = here / "pairs.md"
    target.write_text("\n\n".join(f"## {_escaped(t)}" for t, _ in pairs) + "\n", encoding="utf-8")
    note = here / "linking.md"
    note.write_text("# 링크\n\n[다른 노트](pairs.md#\n", encoding="utf-8")
    await editor.open(note)
    items = await _complete(client, note.as_uri(), editor.texts[note.as_uri()])
    assert [item.label for item in items] == [slug for _, slug in pairs]
    written = items[0].text_edit
    assert isinstance(written, lsp.TextEdit)
    assert written.range.start == written.range.end == position_of(note.read_text(), note.read_text().index("#\n") + 1)
    editor.close(note.as_uri())


async def test_seed_completion_offers_korean_slugs(client: LanguageClient, tree: Path) -> None:
    seed = shared("seed", "000_0f84ac28c29cdedc.md")
    here = folder(tree, "seedcomplete")
    note = here / "note.md"
    shutil.copy(seed, note)
    uri = note.as_uri()
    editor = Editor(client)
    await editor.open(note)
    text = editor.texts[uri] + "\n[답](#"
    await editor.change(uri, text)
    items = await _complete(client, uri, text)
    labels = [item.label for item in items]
    assert "-ajax의-장점과-단점은-무엇인가요---웹-심화" in labels
    assert "web" in labels and labels.index("osi-7-layers와-tcpip-4-layer") == 0
    assert len(labels) == len(set(labels))  # duplicates are told apart by their -1 suffix
    editor.close(uri)


async def test_image_path_completion(client: LanguageClient, tree: Path) -> None:
    here = folder(tree, "images")
    (here / "img").mkdir()
    (here / "img" / "tcp 흐름.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (here / "img" / "notes.txt").write_text("x", encoding="utf-8")
    (here / "other.md").write_text("# 다른 노트\n", encoding="utf-8")
    note = here / "note.md"
    note.write_text("# 그림\n\n![흐름](img/\n", encoding="utf-8")
    editor = Editor(client)
    await editor.open(note)
    items = await _complete(client, note.as_uri(), editor.texts[note.as_uri()])
    assert [item.label for item in items] == ["tcp 흐름.png"]
    edit = items[0].text_edit
    assert isinstance(edit, lsp.TextEdit) and edit.new_text == "tcp%20흐름.png"
    await editor.change(note.as_uri(), "# 그림\n\n![흐름](\n")
    items = await _complete(client, note.as_uri(), editor.texts[note.as_uri()])
    assert [item.label for item in items] == ["img/"]
    await editor.change(note.as_uri(), "# 그림\n\n[노트](\n")
    items = await _complete(client, note.as_uri(), editor.texts[note.as_uri()])
    assert [item.label for item in items] == ["img/", "other.md"]
    editor.close(note.as_uri())


async def test_definition_of_fragments(client: LanguageClient, tree: Path) -> None:
    here = folder(tree, "definition")
    other = here / "other.md"
    other.write_text("# 다른 노트\n\n## 💡 TCP란?\n\n연결형이다.\n", encoding="utf-8")
    note = here / "note.md"
    text = "# 목차\n\n- [정리](#정리)\n- [TCP](other.md#-tcp란)\n\n## 정리\n\n끝.\n"
    note.write_text(text, encoding="utf-8")
    uri = note.as_uri()
    editor = Editor(client)
    await editor.open(note)
    here_link = position_of(text, text.index("#정리)") + 2)
    found = await client.text_document_definition_async(lsp.DefinitionParams(lsp.TextDocumentIdentifier(uri), here_link))
    assert isinstance(found, lsp.Location)
    assert found.uri == uri
    assert found.range.start == position_of(text, text.index("## 정리") + 3)
    there = position_of(text, text.index("#-tcp란") + 3)
    found = await client.text_document_definition_async(lsp.DefinitionParams(lsp.TextDocumentIdentifier(uri), there))
    assert isinstance(found, lsp.Location)
    assert found.uri == other.as_uri()
    other_text = other.read_text(encoding="utf-8")
    assert found.range.start == position_of(other_text, other_text.index("💡 TCP란?"))
    assert found.range.end == position_of(other_text, other_text.index("\n\n연결형"))
    editor.close(uri)


async def test_hover_shows_the_rules_docs(client: LanguageClient, tree: Path) -> None:
    here = folder(tree, "hover")
    note = here / "note.md"
    text = "# 네트워크\n\nHTTPS는 433번 포트를 쓴다.\n"
    note.write_text(text, encoding="utf-8")
    editor = Editor(client)
    await editor.open(note)
    at = position_of(text, text.index("433") + 1)
    shown = await client.text_document_hover_async(lsp.HoverParams(lsp.TextDocumentIdentifier(note.as_uri()), at))
    assert shown is not None and isinstance(shown.contents, lsp.MarkupContent)
    assert "CS501 known-error" in shown.contents.value
    assert "## What it does" in shown.contents.value or "What it does" in shown.contents.value
    nothing = await client.text_document_hover_async(
        lsp.HoverParams(lsp.TextDocumentIdentifier(note.as_uri()), lsp.Position(0, 1))
    )
    assert nothing is None
    editor.close(note.as_uri())


async def test_rename_heading_updates_links_here_and_in_other_notes(client: LanguageClient, tree: Path) -> None:
    here = folder(tree, "rename")
    note = here / "network.md"
    text = "# 네트워크\n\n- [TCP](#tcp와-udp)\n\n## TCP와 UDP\n\n차이.\n\n## 정리\n\n## 정리\n\n[두 번째](#정리-1)\n"
    note.write_text(text, encoding="utf-8")
    (here / "sub").mkdir()
    other = here / "sub" / "index.md"
    other_text = "# 목차\n\n[TCP와 UDP](../network.md#tcp와-udp) · [정리](../network.md#정리-1) · [위](#목차)\n"
    other.write_text(other_text, encoding="utf-8")
    unrelated = here / "unrelated.md"
    unrelated.write_text("# 다른\n\n[x](#tcp와-udp)\n", encoding="utf-8")
    uri = note.as_uri()
    editor = Editor(client)
    await editor.open(note)
    at = position_of(text, text.index("TCP와 UDP\n") + 2)
    prepared = await client.text_document_prepare_rename_async(
        lsp.PrepareRenameParams(lsp.TextDocumentIdentifier(uri), at)
    )
    assert isinstance(prepared, lsp.PrepareRenamePlaceholder) and prepared.placeholder == "TCP와 UDP"
    edit = await client.text_document_rename_async(
        lsp.RenameParams(lsp.TextDocumentIdentifier(uri), at, "전송 계층")
    )
    assert edit is not None and edit.changes is not None
    assert set(edit.changes) == {uri, other.as_uri()}
    renamed = apply_edits(text, edit.changes[uri])
    assert "## 전송 계층\n" in renamed and "[TCP](#전송-계층)" in renamed
    assert "../network.md#전송-계층" in apply_edits(other_text, edit.changes[other.as_uri()])
    # the first of two `## 정리` renamed: the second's anchor moves from #정리-1 to #정리
    at = position_of(text, text.index("## 정리") + 4)
    edit = await client.text_document_rename_async(lsp.RenameParams(lsp.TextDocumentIdentifier(uri), at, "요약"))
    assert edit is not None and edit.changes is not None
    renamed = apply_edits(text, edit.changes[uri])
    assert "## 요약\n\n## 정리\n\n[두 번째](#정리)" in renamed
    assert "(../network.md#정리)" in apply_edits(other_text, edit.changes[other.as_uri()])
    found = await editor.change(uri, renamed)
    assert "CS401" not in codes(found)
    editor.close(uri)


async def test_document_symbols_outline_questions(client: LanguageClient, tree: Path) -> None:
    here = folder(tree, "symbols")
    note = here / "note.md"
    note.write_text(
        "# 네트워크\n\n## TCP\n\n#### 💡 TCP란?\n\n연결형이다.\n\n#### 💡 UDP란?\n\n## 정리\n", encoding="utf-8"
    )
    editor = Editor(client)
    await editor.open(note)
    symbols = await client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(lsp.TextDocumentIdentifier(note.as_uri()))
    )
    assert symbols is not None
    top = symbols[0]
    assert isinstance(top, lsp.DocumentSymbol) and top.name == "네트워크"
    assert [s.name for s in top.children or []] == ["TCP", "정리"]
    questions = (top.children or [])[0].children or []
    assert [(q.name, q.detail) for q in questions] == [
        ("💡 TCP란?", "question · answered"),
        ("💡 UDP란?", "question · unanswered"),
    ]
    editor.close(note.as_uri())


async def test_cross_file_findings_follow_the_other_note(client: LanguageClient, tree: Path) -> None:
    here = folder(tree, "crossfile")
    target = here / "target.md"
    target.write_text("# 대상\n\n## 옛 제목\n", encoding="utf-8")
    note = here / "note.md"
    note.write_text("# 노트\n\n[링크](target.md#새-제목)\n\n![그림](pic.png)\n", encoding="utf-8")
    editor = Editor(client)
    found = await editor.open(note)
    assert sorted(codes(found)) == ["CS301", "CS403"]
    # the other note changes in the editor: this one is checked again without being touched
    expect(client, note.as_uri())
    await editor.open(target)
    assert sorted(codes(await published(client, note.as_uri()))) == ["CS301", "CS403"]
    expect(client, note.as_uri())
    await editor.change(target.as_uri(), "# 대상\n\n## 새 제목\n")
    assert codes(await published(client, note.as_uri())) == ["CS301"]
    # an image appears on disk: the client (watching the files the server asked for) says so
    assert [r.method for r in client.registered] == [lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES]  # type: ignore[attr-defined]
    (here / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    expect(client, note.as_uri())
    client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams([lsp.FileEvent((here / "pic.png").as_uri(), lsp.FileChangeType.Created)])
    )
    assert codes(await published(client, note.as_uri())) == []
    editor.close(target.as_uri())
    editor.close(note.as_uri())


async def test_config_is_the_nearest_and_reloaded(client: LanguageClient, tree: Path) -> None:
    here = folder(tree, "korean")
    config = here / "cscheck.toml"
    config.write_text('lang = "ko"\n', encoding="utf-8")
    note = here / "note.md"
    note.write_text("# 네트워크\n\nHTTPS는 433번 포트를 쓴다.\n", encoding="utf-8")
    editor = Editor(client)
    found = await editor.open(note)
    assert codes(found) == ["CS501"]
    assert re.search("[가-힣]", found[0].message)
    config.write_text('lang = "en"\nignore = ["CS501"]\n', encoding="utf-8")
    expect(client, note.as_uri())
    client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams([lsp.FileEvent(config.as_uri(), lsp.FileChangeType.Changed)])
    )
    assert await published(client, note.as_uri()) == []
    config.write_text("lang = 3\n", encoding="utf-8")
    expect(client, note.as_uri())
    client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams([lsp.FileEvent(config.as_uri(), lsp.FileChangeType.Changed)])
    )
    broken = await published(client, note.as_uri())
    assert len(broken) == 1 and "cscheck.toml" in broken[0].message
    editor.close(note.as_uri())



async def test_windows_line_endings_stay(client: LanguageClient, tree: Path) -> None:
    here = folder(tree, "crlf")
    note = here / "note.md"
    note.write_bytes("# 네트워크\r\n\r\n#### 💡 HTTPS 포트는?\r\n\r\n```\r\nHTTPS는 433번 포트를 쓴다.\r\n```\r\n".encode())
    editor = Editor(client)
    uri = note.as_uri()
    editor.texts[uri] = note.read_bytes().decode()  # as the editor has it: \r\n kept
    editor.versions[uri] = 1
    expect(client, uri)
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "markdown", 1, editor.texts[uri])))
    found = await published(client, uri)
    port = next(d for d in found if str(d.code).startswith("CS501"))
    assert port.range.start == lsp.Position(5, len("HTTPS는 ".encode("utf-16-le")) // 2)
    actions = await _actions_for(client, uri, port)
    for action in actions:
        assert action.edit is not None and action.edit.changes is not None
        changed = apply_edits(editor.texts[uri], action.edit.changes[uri])
        assert "\n" not in changed.replace("\r\n", ""), action.title  # every new line ends in \r\n
    suppress = next(a for a in actions if a.title.startswith("Suppress"))
    assert "code block" in suppress.title  # disable … enable around the fence: new lines
    assert suppress.edit is not None and suppress.edit.changes is not None
    assert await editor.change(uri, apply_edits(editor.texts[uri], suppress.edit.changes[uri])) == []
    editor.close(uri)
