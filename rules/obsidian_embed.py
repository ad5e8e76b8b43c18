"""CS307 obsidian-embed: Obsidian's ``![[file]]`` embed, which GitHub shows as text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from checker.diagnostic import Diagnostic, Edit, Fix, Message, Span
from checker.document import Document
from checker.links import encode_like, normalized, note_folder, relative_display
from checker.rule import Context, FixAvailability, Rule
from rules._paths import IMAGE_FOLDERS

# `![[target]]`, `![[target|300]]`, `![[note#heading]]`; not `![[x]](…)`, which is a link.
_EMBED = re.compile(r"!\[\[([^\[\]\n|#]+)((?:#[^\[\]\n|]*)?)((?:\|[^\[\]\n]*)?)\]\](?!\()")
_IMAGE = re.compile(r"\.(?:png|jpe?g|gif|svg|webp|bmp|avif)$", re.IGNORECASE)
_PROSE_KINDS = frozenset({"paragraph", "heading", "table-cell"})


class ObsidianEmbed(Rule):
    """
    ## What it does
    Finds Obsidian embeds — `![[Pasted image 20230101.png]]`, `![[img/tcp.png|300]]`,
    `![[다른 노트]]` — in paragraphs, headings, list items, quotes and table cells (not in code, not
    escaped, not followed by `(…)`).

    ## Why is this bad?
    `![[…]]` is Obsidian's syntax, not Markdown: GitHub shows the characters, not the picture.
    Obsidian also keeps pasted pictures in its own attachment folder, which is often not
    committed, so the picture may be missing from the repository as well.

    ## Example

        ![[Pasted image 20230101.png]]

    becomes, when `images/Pasted image 20230101.png` is in the repository next to the note,

        ![](./images/Pasted%20image%2020230101.png)

    ## Fix safety
    Safe, and offered only for a picture found exactly once where Obsidian would take it from:
    the path as written, from the note's folder or from the repository's root, else the same name
    in a picture folder (`img`, `images`, `assets` …) of either. The result is the Markdown image
    GitHub renders, the same file. No fix when the file is not in the repository (commit it
    first), when two candidates exist, or for an embedded note (`![[다른 노트]]`): link it instead.

    ## Options
    None.
    """

    code = "CS307"
    name = "obsidian-embed"
    summary = Message("GitHub가 글자로 보여 주는 Obsidian 임베드", "Obsidian embed GitHub shows as text")
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        code = doc.code_spans
        for block in doc.prose:
            if block.kind not in _PROSE_KINDS or "![[" not in block.text:
                continue
            for match in _EMBED.finditer(block.text):
                start = block.start + match.start()
                if _escaped(doc.text, start) or any(span.start <= start < span.end for span in code):
                    continue
                target = match.group(1).strip()
                yield self._finding(doc, ctx, Span(start, block.start + match.end()), target)

    def _finding(self, doc: Document, ctx: Context, span: Span, target: str) -> Diagnostic:
        image = bool(_IMAGE.search(target))
        found = _candidates(doc, ctx, target) if image else []
        fix = None
        if len(found) == 1:
            folder = note_folder(doc, ctx)
            assert folder is not None
            relative = relative_display(found[0], folder)
            written = "/".join(encode_like(part, "") for part in relative.split("/"))
            title = Message("Markdown 이미지로 바꾸기", "Write it as a Markdown image")
            fix = Fix.safe(title, Edit.replace(span, f"![]({written})"))
        if not image:
            hint = ("다른 노트는 링크로 연결하세요.", "Link the note instead.")
        elif found:
            hint = ("`![](경로)` 형식으로 쓰세요.", "Write it as `![](path)`.")
        else:
            hint = (
                "게다가 저장소에 그 파일이 없습니다: 커밋하고 `![](경로)`로 쓰세요.",
                "The file is not in the repository either: commit it and write `![](path)`.",
            )
        return self.diagnostic(
            span,
            Message(
                f"`![[{target}]]`는 Obsidian 문법이라 GitHub에서는 글자로 보입니다. {hint[0]}",
                f"`![[{target}]]` is Obsidian syntax: GitHub shows it as text. {hint[1]}",
            ),
            fix,
        )


def _candidates(doc: Document, ctx: Context, target: str) -> list[Path]:
    """Files in the repository Obsidian would embed for ``target``: the path as written from the
    note's folder or the root, else the name in a picture folder of either (each found once)."""
    folder = note_folder(doc, ctx)
    if folder is None:
        return []
    parts = [p for p in target.replace("\\", "/").split("/") if p and p != "."]
    if not parts or ".." in parts:
        return []
    found: list[Path] = []
    root = normalized(ctx.root)
    bases = [folder] if folder == root else [folder, root]
    for base in bases:
        exact = _file(ctx, base, parts)
        if exact is not None and exact not in found:
            found.append(exact)
    if found:
        return found
    for base in bases:
        listing = ctx.workspace.listing(base) or frozenset()
        for sub in sorted(listing):
            if sub.lower() in IMAGE_FOLDERS:
                inner = _file(ctx, base / sub, parts[-1:])
                if inner is not None and inner not in found:
                    found.append(inner)
    return found


def _file(ctx: Context, base: Path, parts: list[str]) -> Path | None:
    """``base/parts…`` when every step exists as written and the last one is a file."""
    current = base
    for part in parts:
        listing = ctx.workspace.listing(current)
        if listing is None or part not in listing:
            return None
        current = current / part
    return current if ctx.workspace.listing(current) is None else None


def _escaped(text: str, at: int) -> bool:
    backslashes = 0
    while at - backslashes - 1 >= 0 and text[at - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1
