"""Run the knowledge packs over a folder of notes and print every hit, so each one can be read.

An entry ships only after its hits on real notes have been read and judged true.  Usage::

    .venv/bin/python scripts/knowledge_corpus.py ../shared/corpus-dev            # every hit + counts
    .venv/bin/python scripts/knowledge_corpus.py ../shared/corpus-dev --entry https-port
    .venv/bin/python scripts/knowledge_corpus.py NOTES --approximate               # without the Document
    .venv/bin/python scripts/knowledge_corpus.py NOTES --pack my.toml --no-builtin

Each hit prints as ``path:line: entry-id: matched text | the line``; the per-entry counts follow.
Blocks come from :func:`extract_blocks` — the real :class:`checker.document.Document` prose when it
can be imported, else :func:`approximate_blocks`, a line-based stand-in.  Swapping the extractor
means changing that one function.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # a script run from anywhere still finds the checkout's packages
    sys.path.insert(0, str(ROOT))

from checker.knowledge import (  # noqa: E402
    KnowledgeBase,
    KnowledgeError,
    KnowledgeMatch,
    builtin_pack_paths,
    find_matches,
    load_packs,
)
from checker.parser import is_prose_fence  # noqa: E402

Block = tuple[int, str]
Extractor = Callable[[str], list[Block]]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)")
_URL = re.compile(r"https?://\S+")
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^>]*>", re.DOTALL)
_LINK_DEST = re.compile(r"\]\([^)]*\)")
_PREFIX = re.compile(r"^(?:[ \t]*>)*[ \t]*(?:#{1,6}[ \t]+|[-*+][ \t]+|\d{1,3}[.)][ \t]+)?")
_ITEM = re.compile(r"^(?:[ \t]*>)*[ \t]*(?:#{1,6}[ \t]|[-*+][ \t]|\d{1,3}[.)][ \t]|\|)")


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def approximate_blocks(text: str) -> list[Block]:
    """A line-based stand-in for the Document's prose: close enough to read hits, not exact."""
    blocks: list[Block] = []
    lines = text.split("\n")
    offsets = []
    position = 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    current: list[int] = []  # indexes of the lines of the paragraph being collected

    def flush() -> None:
        if current:
            start = offsets[current[0]]
            end = offsets[current[-1]] + len(lines[current[-1]])
            blocks.append((start, text[start:end]))
            current.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        if fence:
            flush()
            marker, info = fence.group(1), fence.group(2).lower()
            close = index + 1
            while close < len(lines) and not lines[close].lstrip().startswith(marker):
                close += 1
            if is_prose_fence(info) and close > index + 1:
                start = offsets[index + 1]
                end = offsets[close - 1] + len(lines[close - 1])
                blocks.append((start, text[start:end]))
            index = close + 1
            continue
        if not line.strip():
            flush()
        elif _ITEM.match(line):
            flush()
            current.append(index)
        else:
            current.append(index)
        index += 1
    flush()
    cleaned: list[Block] = []
    for start, raw in blocks:
        chunk = _blank(_blank(raw, _TAG), _URL)
        chunk = _LINK_DEST.sub(lambda m: "]" + " " * (len(m.group()) - 1), chunk)
        chunk = "\n".join(_PREFIX.sub(lambda m: " " * len(m.group()), part) for part in chunk.split("\n"))
        if chunk.strip():
            cleaned.append((start, chunk))
    return cleaned


def document_blocks(text: str) -> list[Block]:
    """The real prose blocks, from the engine's Document model."""
    from checker.document import Document  # noqa: PLC0415 — optional: the stand-in works without it

    return [(block.start, block.text) for block in Document.from_text(text).prose]


def extract_blocks(text: str, *, approximate: bool = False) -> list[Block]:
    """The one place that decides where prose blocks come from."""
    if not approximate:
        try:
            return document_blocks(text)
        except ImportError:
            pass
    return approximate_blocks(text)


def markdown_files(paths: Sequence[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.md") if p.is_file())
        else:
            yield path


def _line_of(text: str, offset: int) -> tuple[int, str]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text.count("\n", 0, offset) + 1, text[start : len(text) if end < 0 else end]


def scan(
    kb: KnowledgeBase, files: Sequence[Path], base: Path | None, extractor: Extractor
) -> Iterator[tuple[str, int, KnowledgeMatch, str]]:
    """Every hit as (display path, 1-based line, match, source line)."""
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        shown = str(path.relative_to(base)) if base is not None and path.is_relative_to(base) else str(path)
        for match in find_matches(kb, extractor(text)):
            line, source = _line_of(text, match.start)
            yield shown, line, match, source


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("paths", nargs="+", type=Path, help="folders or .md files")
    parser.add_argument("--pack", action="append", type=Path, default=[], help="an extra pack")
    parser.add_argument("--no-builtin", action="store_true", help="skip the shipped packs")
    parser.add_argument("--entry", action="append", default=[], help="only these entry ids")
    parser.add_argument("--approximate", action="store_true", help="use the line-based stand-in")
    parser.add_argument("--counts", action="store_true", help="print only the per-entry counts")
    args = parser.parse_args(argv)

    packs = ([] if args.no_builtin else builtin_pack_paths()) + list(args.pack)
    try:
        kb = load_packs(packs)
    except KnowledgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.entry:
        unknown = set(args.entry) - kb.ids
        if unknown:
            print(f"error: unknown entry id(s): {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        kb = KnowledgeBase(tuple(e for e in kb if e.id in args.entry), kb.origins)

    files = list(markdown_files(args.paths))
    base = args.paths[0] if len(args.paths) == 1 and args.paths[0].is_dir() else None

    def extractor(text: str) -> list[Block]:
        return extract_blocks(text, approximate=args.approximate)

    counts: Counter[str] = Counter()
    started = time.perf_counter()
    for shown, line, match, source in scan(kb, files, base, extractor):
        counts[match.entry.id] += 1
        if not args.counts:
            fix = f" -> {match.replacement!r}" if match.replacement is not None else ""
            print(f"{shown}:{line}: {match.entry.id}: {match.text!r}{fix} | {source.strip()[:200]}")
    elapsed = time.perf_counter() - started
    print(f"\n{len(files)} files, {sum(counts.values())} hits, {elapsed:.2f} s")
    for entry in kb:
        print(f"{counts[entry.id]:5d}  {entry.id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
