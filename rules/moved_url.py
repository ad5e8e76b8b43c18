"""CS314 moved-url: an outside image or link that permanently redirects elsewhere (``check --remote``)."""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Edit, Fix, Message, Severity
from checker.document import Document
from checker.remote.results import Verdict
from checker.remote.targets import note_targets
from checker.rule import Context, FixAvailability, Rule

_MARKDOWN_UNSAFE = frozenset(" \t\n<>()\\`")


class MovedUrl(Rule):
    """
    ## What it does
    With `cscheck check --remote` only: reports an `http(s)` image or link whose server answers
    with a permanent redirect (`301 Moved Permanently`, `308 Permanent Redirect`) to another
    address that works, and names that address. An info finding: the URL still works today.

    ## Why is this bad?
    A permanent redirect says the page moved for good; the old address is kept alive by the
    server's goodwill, and often not for ever (a domain changes hands, a blog moves twice). The
    new address is also one request faster. `http://` links moved to `https://` are found here.

    ## Example

        [RFC 793](http://tools.ietf.org/html/rfc793)

    becomes

        [RFC 793](https://datatracker.ietf.org/doc/html/rfc793)

    ## Fix safety
    Unsafe: the new address is the one the server gave today (a login page or a front page is a
    redirect too, though rarely a permanent one). Only the URL changes; a `#fragment` is kept. No
    fix in an HTML attribute.

    ## Options
    None.
    """

    code = "CS314"
    name = "moved-url"
    summary = Message("영구히 옮겨진 외부 주소(--remote)", "Outside URL that moved permanently (--remote)")
    default_severity = Severity.INFO
    fix_availability = FixAvailability.SOMETIMES
    needs_network = True

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.remote is None:
            return
        for dest, target in note_targets(doc):
            outcome = ctx.remote.get(target.url, image=target.image)
            if outcome is None or outcome.verdict is not Verdict.MOVED or outcome.moved_to is None:
                continue
            new = outcome.moved_to
            message = Message(
                f"이 주소는 `{new}`로 영구히 옮겨졌습니다(HTTP 301/308): 새 주소를 쓰세요.",
                f"this URL moved permanently to `{new}` (HTTP 301/308): use the new address.",
            )
            fix = None
            if not dest.html and not any(char in _MARKDOWN_UNSAFE for char in new):
                end = dest.start + len(dest.path) + len(dest.query)
                fix = Fix.unsafe(Message("새 주소로 바꾸기", "Use the new address"), Edit(dest.start, end, new))
            yield self.diagnostic(dest.span, message, fix)
