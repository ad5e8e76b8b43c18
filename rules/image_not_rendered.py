"""CS303 image-not-rendered: image syntax GitHub shows as text because of raw spaces."""

from __future__ import annotations

from collections.abc import Iterator

from checker.destination import Kind, machine_pattern, parse_destination
from checker.diagnostic import Diagnostic, Edit, Fix, Message
from checker.document import Document
from checker.links import State, resolve
from checker.rule import Context, FixAvailability, Rule
from rules._paths import encode_spaces


class ImageNotRendered(Rule):
    r"""
    ## What it does
    Finds image syntax whose destination holds raw spaces — `![그림](my image.png)`,
    `![그림](https://example.com/a b.png "title")` — in paragraphs, headings, list items, quotes and
    table cells. CommonMark does not allow spaces in a bare destination, so this is not an image
    at all: GitHub shows the characters `![그림](my image.png)` as text. Syntax inside code spans,
    an escaped `\![…](…)` and a site-generator template (`{{ site.baseurl }}`) are left alone.

    When the local file does not exist either, the message says so (once the syntax is fixed,
    CS301 `broken-image` takes over). A path on the author's computer with spaces
    (`/Users/me/Library/Application Support/typora-user-images/…`) is CS304 `machine-path`'s
    finding instead: one defect, one finding.

    ## Why is this bad?
    The diagram the answer relies on never appears, and the raw syntax clutters the answer.
    Typora and drag-and-drop from Finder or Explorer produce such names (`스크린샷 2021-01-14 오후
    3.12.05.png`).

    ## Example

        ![3-way handshake](3way handshake.png)

    becomes

        ![3-way handshake](3way%20handshake.png)

    ## Fix safety
    Safe: each space in the destination becomes `%20` (tabs `%09`), which every Markdown renderer
    reads and which resolves to the same file. Only the destination's characters change; the alt
    text, the title and every other byte stay. The fix is offered when the destination is a URL
    or an existing local file, so it never turns the text into a broken image.

    ## Options
    None.
    """

    code = "CS303"
    name = "image-not-rendered"
    summary = Message("공백 때문에 렌더링되지 않는 이미지", "Image not rendered: raw spaces in its destination")
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        for image in doc.unparsed_images:
            dest = image.destination
            if dest.kind in (Kind.MACHINE, Kind.EMPTY, Kind.TEMPLATE):
                continue
            fixable = dest.kind is Kind.REMOTE
            missing = False
            if dest.kind is Kind.LOCAL:
                # The destination as GitHub would read it once written without raw spaces.
                encoded = parse_destination(encode_spaces(dest.written), dest.start, html=False)
                state = resolve(encoded, doc, ctx).state
                if state in (State.MISSING, State.OUTSIDE) and machine_pattern(dest.decoded_path):
                    continue  # CS304 machine-path
                fixable = state is State.EXACT
                missing = state in (State.MISSING, State.OUTSIDE)
            written = f"`{dest.written}`"
            extra_ko = " 게다가 그 파일도 없습니다." if missing else ""
            extra_en = " The file does not exist either." if missing else ""
            fix = None
            if fixable:
                replacement = encode_spaces(dest.written)
                fix = Fix.safe(
                    Message("공백을 `%20`으로 바꾸기", "Write the spaces as `%20`"),
                    Edit.replace(dest.span, replacement),
                )
            yield self.diagnostic(
                image.span,
                Message(
                    f"이미지 경로 {written}에 공백이 있어 GitHub가 이미지 대신 글자로 보여 줍니다.{extra_ko}",
                    f"image destination {written} holds raw spaces: GitHub shows the text, not the image.{extra_en}",
                ),
                fix,
            )
