"""CS402 anchor-case: a fragment that matches an anchor only when letter case is ignored."""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Edit, Fix, Message, Severity
from checker.document import Document
from checker.links import FragmentMatch, encode_fragment, match_fragment
from checker.rule import Context, FixAvailability, Rule
from rules._fragments import FragmentLink, fragment_links


class AnchorCase(Rule):
    """
    ## What it does
    Finds fragment links — `#TCP와-UDP` in the same note, `other.md#Web-Storage` into another — that
    match a heading's slug or an explicit anchor only when letter case is ignored. GitHub slugs are
    lower-case (`## Web Storage` → `#web-storage`).

    It also reports a link to an explicit anchor whose name has upper-case letters
    (`<a name="Intro">` … `[x](#Intro)`): GitHub prefixes and lower-cases such names, so the link
    works only when the anchor and the link are lower-case (isocpp/CppCoreGuidelines lower-cased
    every `<a name>` for this reason). That finding has no fix, since the anchor and every link to
    it must change together; lower-case them by hand.

    ## Why is this bad?
    github.com's page script matches heading fragments case-insensitively, so the link works
    there — and nowhere else: not in VS Code's preview, GitHub Pages, a static-site build, an
    exported PDF or any other renderer. markdownlint's MD051 reports the same.

    ## Example

        - [TCP와 UDP](#TCP와-UDP)

        ## TCP와 UDP

    becomes `[TCP와 UDP](#tcp와-udp)`.

    ## Fix safety
    Safe: the fragment becomes the exact anchor it already reaches on GitHub, written as raw UTF-8
    the way GitHub writes its anchors. Only the fragment changes.

    ## Options
    None.
    """

    code = "CS402"
    name = "anchor-case"
    summary = Message("대소문자만 다른 앵커 링크", "Anchor link differs from the anchor only in letter case")
    default_severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        found = [*fragment_links(doc, ctx, same_file=True), *fragment_links(doc, ctx, same_file=False)]
        for item in sorted(found, key=lambda i: i.dest.start):
            kind, name = match_fragment(item.target, item.fragment)
            if name is None:
                continue
            if kind is FragmentMatch.CASE:
                yield self._case(item, name)
            elif kind is FragmentMatch.UPPER_ANCHOR:
                yield self.diagnostic(
                    item.dest.span,
                    Message(
                        f"앵커 `{name}`에 대문자가 있습니다: GitHub는 앵커 이름을 소문자로 바꾸므로 "
                        "앵커와 링크를 모두 소문자로 쓰세요.",
                        f"the anchor `{name}` has upper-case letters: GitHub reaches it reliably only when "
                        "both the anchor and the link are lower-case.",
                    ),
                )

    def _case(self, item: FragmentLink, name: str) -> Diagnostic:
        span = item.dest.fragment_span
        assert span is not None
        return self.diagnostic(
            item.dest.span,
            Message(
                f"`#{item.fragment}`는 앵커 `#{name}`와 대소문자만 다릅니다: github.com에서만 이동하고 "
                "다른 렌더러에서는 깨집니다.",
                f"`#{item.fragment}` differs from the anchor `#{name}` only in letter case: it works on "
                "github.com only.",
            ),
            Fix.safe(
                Message(f"`#{name}`로 고치기", f"Replace with `#{name}`"), Edit.replace(span, encode_fragment(name))
            ),
        )
