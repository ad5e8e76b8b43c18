"""CS312 broken-remote-image: an outside image that does not load (checked by ``check --remote``)."""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Message, Severity
from checker.document import Document
from checker.rule import Context, Rule
from rules._remote_findings import broken_targets


class BrokenRemoteImage(Rule):
    """
    ## What it does
    With `cscheck check --remote` only: fetches every `http(s)` image the way GitHub's image
    proxy does — without a `Referer`, following redirects — and reports the ones that do not
    load: an error status (404, 403, 500 …), no connection, a timeout, a redirect loop, or a
    response that is no image (an HTML error page served with `200 OK`: the content type must
    be `image/…`). Results are cached for a day (`[remote] cache`).

    ## Why is this bad?
    Hot-linked pictures rot: a blog post is deleted, a CDN moves, a host stops serving other
    sites. The note then shows a broken image where its explanation was. A warning: a host may
    be down for a day, and the next run checks again.

    ## Example

        ![](https://blog.example.com/wp-content/uploads/2019/03/tcp.png)   ← 404

    Find the picture again (or draw it), commit it, and link that.

    ## Fix safety
    No fix.

    ## Options
    None; see the `[remote]` table for what is fetched and how.
    """

    code = "CS312"
    name = "broken-remote-image"
    summary = Message("불러올 수 없는 외부 이미지(--remote)", "Outside image that does not load (--remote)")
    default_severity = Severity.WARNING
    needs_network = True

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        for span, why in broken_targets(doc, ctx, images=True):
            yield self.diagnostic(
                span,
                Message(
                    f"이미지를 불러올 수 없습니다: {why.ko}. 이미지를 저장소에 넣고 그 경로를 쓰세요.",
                    f"the image does not load: {why.en}; commit the image and link that.",
                ),
            )
