"""From knowledge matches to diagnostics: what CS501 and CS502 share."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from checker.context import Context
from checker.diagnostic import Applicability, Diagnostic, Edit, Fix, Message, Severity, Span
from checker.document import Document
from checker.knowledge import find_matches
from checker.rule import Rule

_TITLE = Message("`{old}`을(를) `{new}`(으)로 바꾸기", "replace `{old}` with `{new}`")


def knowledge_diagnostics(
    rule: Rule, doc: Document, ctx: Context, kind: Literal["fact", "term"]
) -> Iterator[Diagnostic]:
    """One diagnostic per match of the knowledge entries of ``kind`` in the document's prose."""
    blocks = [(block.start, block.text) for block in doc.prose]
    for match in find_matches(ctx.knowledge, blocks, kind=kind, disabled=ctx.config.knowledge.disable):
        entry = match.entry
        message = Message(
            f"{entry.message.ko} (출처: {entry.source})",
            f"{entry.message.en} (source: {entry.source})",
        )
        fix = None
        edit = match.edit
        if edit is not None and entry.fix is not None and match.replacement is not None:
            # Titled by the whole match, even when the edit itself is trimmed to the changed part.
            old, new = match.text, match.replacement
            title = Message(_TITLE.ko.format(old=old, new=new), _TITLE.en.format(old=old, new=new))
            fix = Fix((Edit(edit.start, edit.end, edit.text),), Applicability(entry.fix), title)
        yield rule.diagnostic(
            Span(match.start, match.end),
            message,
            fix,
            severity=Severity(entry.severity) if entry.severity else None,
            qualifier=entry.id,
        )
