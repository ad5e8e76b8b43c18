"""CS311 insecure-image: an image fetched over plain http://."""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Edit, Fix, Message, Severity
from checker.document import Document
from checker.remote.targets import note_targets, private_address
from checker.rule import Context, FixAvailability, Rule


class InsecureImage(Rule):
    """
    ## What it does
    Finds images whose URL starts with `http://` (an info finding: it never fails a run).

    ## Why is this bad?
    On github.com it still shows: GitHub's image proxy fetches the picture and serves it over
    HTTPS. Everywhere else the page is HTTPS and the image is not — a GitHub Pages site, a blog
    the note is pasted into, a browser that upgrades or blocks mixed content — and there it may
    not load. Most hosts serve the same file over `https://`.

    ## Example

        ![](http://tcpschool.com/lectures/img_webbasic_10.png)

    becomes

        ![](https://tcpschool.com/lectures/img_webbasic_10.png)

    ## Fix safety
    Unsafe: `http` becomes `https`, which works only when the host serves the file over HTTPS —
    `check --remote` tells. Only those four characters change. Local addresses are CS310's.

    ## Options
    None.
    """

    code = "CS311"
    name = "insecure-image"
    summary = Message("http:// 이미지", "Image over plain http://")
    default_severity = Severity.INFO
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        for dest, target in note_targets(doc):
            if not target.image or private_address(target.host) or dest.written[:7].lower() != "http://":
                continue
            yield self.diagnostic(
                dest.span,
                Message(
                    "http:// 이미지입니다: github.com은 자체 프록시로 HTTPS로 보여 주지만 다른 HTTPS 페이지에서는 "
                    "막힐 수 있습니다. 호스트가 지원하면 https://를 쓰세요.",
                    "an image over http://: github.com shows it through its HTTPS image proxy, but other HTTPS "
                    "pages may block it; use https:// where the host serves it.",
                ),
                Fix.unsafe(
                    Message("`http`를 `https`로 바꾸기", "Replace `http` with `https`"),
                    Edit(dest.start, dest.start + 4, "https"),
                ),
            )
