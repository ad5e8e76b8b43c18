"""CS306 link-not-rendered: link syntax GitHub shows as text because of raw spaces."""

from __future__ import annotations

from collections.abc import Iterator

from checker.destination import Destination, Kind, parse_destination
from checker.diagnostic import Diagnostic, Edit, Fix, Message
from checker.document import Document
from checker.links import State, encode_fragment, resolve
from checker.rule import Context, FixAvailability, Rule
from checker.slug import slug
from rules._paths import encode_spaces


class LinkNotRendered(Rule):
    r"""
    ## What it does
    Finds link syntax whose destination holds raw spaces — `[정리](my note.md)`,
    `[위로](#개념 정리)`, `[글](https://example.com/a b.md)` — in paragraphs, headings, list items,
    quotes and table cells. CommonMark allows no raw space in a destination not written in
    `<…>`, so this is no link at all: GitHub shows the characters `[정리](my note.md)` as text.
    Images are CS303 `image-not-rendered`'s; syntax in code spans and an escaped `\[…](…)` are
    left alone, and so is bracketed text that does not look like a destination (`[1](2 3)`).

    ## Why is this bad?
    The reader clicks nothing: the table of contents or the "see also" link never works, and the
    raw syntax clutters the note. File names with spaces (`OS 정리.md`) and headings typed as
    fragments (`#개념 정리`) produce them.

    ## Example

        [HTTP의 단점](#개념 정리) · [정리](OS 정리.md)

    becomes

        [HTTP의 단점](#개념-정리) · [정리](OS%20정리.md)

    ## Fix safety
    Safe, and offered only when the result is a working link: a fragment becomes the anchor it
    meant (the heading slug of its text, `#개념 정리` → `#개념-정리`) when this note has that
    heading; a path's spaces become `%20` (tabs `%09`) when the file exists; a URL's spaces become
    `%20`. Only the destination changes (`<OS 정리.md>` would work too, `%20` works everywhere).

    ## Options
    None.
    """

    code = "CS306"
    name = "link-not-rendered"
    summary = Message("공백 때문에 렌더링되지 않는 링크", "Link not rendered: raw spaces in its destination")
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        for link in doc.unparsed_links:
            dest = link.destination
            if dest.kind is Kind.MACHINE:
                continue  # CS304 territory: no spaces fix makes the author's disk reachable
            replacement, missing = self._replacement(dest, doc, ctx)
            written = f"`{dest.written}`"
            extra_ko = " 게다가 그 파일도 없습니다." if missing else ""
            extra_en = " The file does not exist either." if missing else ""
            fix = None
            if replacement is not None:
                fix = Fix.safe(
                    Message(f"`{replacement}`로 바꾸기", f"Write `{replacement}`"),
                    Edit.replace(dest.span, replacement),
                )
            yield self.diagnostic(
                link.span,
                Message(
                    f"링크 주소 {written}에 공백이 있어 GitHub가 링크 대신 글자로 보여 줍니다.{extra_ko}",
                    f"link destination {written} holds raw spaces: GitHub shows the text, not a link.{extra_en}",
                ),
                fix,
            )

    @staticmethod
    def _replacement(dest: Destination, doc: Document, ctx: Context) -> tuple[str | None, bool]:
        """(the destination that works, or None; whether the local file is missing)."""
        fragment = dest.fragment
        meant_fragment = None
        if fragment is not None:
            meant_fragment = slug(fragment) if any(c.isspace() for c in fragment) else fragment
        if dest.kind is Kind.FRAGMENT:
            assert meant_fragment is not None
            known = doc.slugs | {anchor.name for anchor in doc.anchors}
            return ("#" + encode_fragment(meant_fragment) if meant_fragment in known else None), False
        tail = "" if meant_fragment is None else "#" + encode_fragment(meant_fragment)
        path = encode_spaces(dest.path) + dest.query
        if dest.kind is Kind.REMOTE:
            tail = "" if dest.fragment_written is None else "#" + encode_spaces(dest.fragment_written)
            return path + tail, False
        state = resolve(parse_destination(encode_spaces(dest.path), dest.start, html=False), doc, ctx).state
        if state is State.EXACT:
            return path + tail, False
        return None, state in (State.MISSING, State.OUTSIDE)
