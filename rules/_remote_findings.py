"""What ``--remote`` found broken among a note's images or links: CS312 and CS313 read it alike."""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Message, Span
from checker.document import Document
from checker.remote.results import Verdict, describe
from checker.remote.targets import note_targets
from checker.rule import Context


def broken_targets(doc: Document, ctx: Context, *, images: bool) -> Iterator[tuple[Span, Message]]:
    """Each broken image (or link) of the note: where its destination is, and why it is broken.
    Nothing without ``--remote``, and nothing the run did not reach (unknown is not broken)."""
    if ctx.remote is None:
        return
    for dest, target in note_targets(doc):
        if target.image is not images:
            continue
        outcome = ctx.remote.get(target.url, image=images)
        if outcome is not None and outcome.verdict is Verdict.BROKEN:
            yield dest.span, describe(outcome)
