"""The language server's benchmark: how long a changed 500-line note takes to be checked again,
and whether the server's memory stays flat over many edits.

    python bench/lsp.py                       # 60 timed edits, then 10 000 edits for memory
    python bench/lsp.py --memory-lines 60     # the memory run on a 60-line note: minutes, not half an hour

A real `cscheck server` is started over stdio (pygls's client, `pip install 'cscheck[lsp]'`), with
no debounce; each edit changes one line of the note and waits for its diagnostics. Reported:

- the median time from didChange to publishDiagnostics (the target: ≤ 50 ms),
- beside it the baseline measured in the same run on the same texts: ``lint_text`` of the API in
  this process, which is what ``cscheck check`` does for one note once it runs,
- the server's resident memory (VmRSS, Linux) after the first 1 000 edits and after the last.

Nothing here is a test: the test suite has no timed assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from corpus import clean_note, defect_note  # noqa: E402

NOTE_LINES = 500
WARM_EDITS = 1_000  # memory is compared from here: the caches and the allocator have settled


def note_of(count: int, images: list[str]) -> str:
    """A realistic note of exactly ``count`` lines: questions, answers, tables, links, a few defects."""
    lines = (defect_note() + "\n" + clean_note(1, images)).split("\n")
    while len(lines) < count:
        lines += clean_note(len(lines), images).split("\n")
    return "\n".join(lines[:count]) + "\n"


def edited(text: str, number: int) -> str:
    """The note with one line changed (past the defects at its top), as typing changes it."""
    lines = text.split("\n")
    at = 20 + number % max(len(lines) - 22, 1)
    lines[at] = lines[at] + f" 수정 {number}"
    return "\n".join(lines)


def resident_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def baseline_median(folder: Path, text: str, runs: int) -> float:
    """``lint_text`` of the same changed texts in this process (the engine, without the server)."""
    from checker.api import lint_text, make_engine  # noqa: PLC0415
    from checker.config import Config  # noqa: PLC0415

    engine = make_engine(Config(), root=folder, config_dir=folder)
    path = folder / "note.md"
    lint_text(text, engine, path=path)  # knowledge packs loaded, as in the warm server
    times = []
    for number in range(runs):
        changed = edited(text, number)
        start = time.perf_counter()
        lint_text(changed, engine, path=path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def server_run(
    folder: Path, text: str, timed: int, memory_text: str, edits: int
) -> tuple[float, int, list[int | None]]:
    """Median didChange → publishDiagnostics over ``timed`` edits of ``text``, the findings on it,
    and the server's memory after :data:`WARM_EDITS` and after ``edits`` edits of ``memory_text``."""
    from lsprotocol import types as lsp  # noqa: PLC0415
    from pygls.lsp.client import LanguageClient  # noqa: PLC0415

    client = LanguageClient("cscheck-bench", "1")
    published: asyncio.Queue[int] = asyncio.Queue()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
        published.put_nowait(len(params.diagnostics))

    await client.start_io(sys.executable, "-m", "checker", "server", "--stdio", cwd=str(REPO))
    assert client._server is not None
    pid = client._server.pid
    await client.initialize_async(
        lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(),
            root_uri=folder.as_uri(),
            initialization_options={"debounceMs": 0},
        )
    )
    client.initialized(lsp.InitializedParams())
    uri = (folder / "note.md").as_uri()
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "markdown", 1, text)))
    findings = await published.get()
    times = []
    memory: list[int | None] = []
    version = 1

    async def change(changed: str) -> float:
        nonlocal version
        version += 1
        start = time.perf_counter()
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [lsp.TextDocumentContentChangeWholeDocument(changed)],
            )
        )
        await published.get()
        return time.perf_counter() - start

    for number in range(timed):
        times.append(await change(edited(text, number)))
    for number in range(edits):
        await change(edited(memory_text, number))
        if number + 1 in (WARM_EDITS, edits):
            memory.append(resident_kib(pid))
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return statistics.median(times), findings, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=60, help="timed edits (default 60)")
    parser.add_argument("--edits", type=int, default=10_000, help="edits for the memory figure (default 10 000)")
    parser.add_argument(
        "--memory-lines", type=int, default=NOTE_LINES, help="lines of the note the memory run edits (default 500)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "cscheck.toml").write_text('lang = "en"\n', encoding="utf-8")
        images = ["img/a.png", "img/b.png"]
        (folder / "img").mkdir()
        for image in images:
            (folder / image).write_bytes(b"\x89PNG\r\n\x1a\n")
        text = note_of(NOTE_LINES, images)
        memory_text = note_of(args.memory_lines, images)
        (folder / "note.md").write_text(text, encoding="utf-8")
        size = len(text.encode()) // 1024
        print(f"cscheck server benchmark — a {NOTE_LINES}-line note ({size} KB), one line changed per edit")
        base = baseline_median(folder, text, args.runs)
        edits = max(args.edits, WARM_EDITS)
        median, findings, memory = asyncio.run(server_run(folder, text, args.runs, memory_text, edits))
        print(f"  findings on the note                         {findings}")
        print(f"  baseline: lint_text, same texts, in-process  {base * 1000:8.1f} ms median of {args.runs}")
        print(
            f"  server: didChange → publishDiagnostics       {median * 1000:8.1f} ms median of {args.runs}"
            f"   ({median / base:.2f} × baseline; target ≤ 50 ms)"
        )
        warm, last = memory[0], memory[-1]
        if warm is None or last is None:
            print("  memory: VmRSS not readable on this system (Linux /proc only)")
        else:
            growth = last - warm
            per_edit = growth * 1024 / max(edits - WARM_EDITS, 1)
            print(
                f"  server memory (VmRSS), edits of a {args.memory_lines}-line note: after {WARM_EDITS:,} "
                f"{warm / 1024:.1f} MB, after {edits:,} {last / 1024:.1f} MB "
                f"({growth / 1024:+.1f} MB, {per_edit:+.0f} bytes/edit)"
            )


if __name__ == "__main__":
    main()
