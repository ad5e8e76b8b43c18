"""CS313 broken-remote-link: an outside link that leads nowhere (checked by ``check --remote``)."""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Message, Severity
from checker.document import Document
from checker.rule import Context, Rule
from rules._remote_findings import broken_targets


class BrokenRemoteLink(Rule):
    """
    ## What it does
    With `cscheck check --remote` only: requests every `http(s)` link (`HEAD`, then `GET` when
    the server refuses `HEAD`; never the body), follows redirects, and reports the links that
    end in an error status (404, 410, 500 …), no connection, a timeout or a redirect loop. A
    `429 Too Many Requests` is waited for as its `Retry-After` says; one that asks too long
    leaves the link unknown, not broken. Results are cached for a day (`[remote] cache`).

    ## Why is this bad?
    The notes cite blog posts and documentation that move and disappear; a reader who follows
    the reference finds nothing. A warning: a site may be down for a day.

    ## Example

        [참고](https://tech.example.com/2018/01/tcp-handshake)   ← 404

    Link the page where it lives now, an archived copy (web.archive.org), or another source.

    ## Fix safety
    No fix.

    ## Options
    None; see the `[remote]` table for what is fetched and how.
    """

    code = "CS313"
    name = "broken-remote-link"
    summary = Message("열리지 않는 외부 링크(--remote)", "Outside link that leads nowhere (--remote)")
    default_severity = Severity.WARNING
    needs_network = True

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        for span, why in broken_targets(doc, ctx, images=False):
            yield self.diagnostic(
                span,
                Message(
                    f"링크가 열리지 않습니다: {why.ko}. 옮겨진 주소나 보관된 사본(web.archive.org)으로 바꾸세요.",
                    f"the link leads nowhere: {why.en}; link where the page lives now, or an archived copy.",
                ),
            )
