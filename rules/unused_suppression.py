"""CS901 unused-suppression: suppression comment suppresses nothing."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from checker.diagnostic import Diagnostic, Message, Severity
from checker.document import Document
from checker.rule import Context, SuppressionRule
from checker.suppressions import UnusedSuppression


class UnusedSuppressionRule(SuppressionRule):
    """
    ## What it does
    Reports a `<!-- cscheck-disable… -->` comment that suppresses nothing, or names a rule that does
    not exist.

    ## Why is this bad?
    A stale suppression hides the next real finding on that line, and a misspelled one hides
    nothing while looking as if it did.

    ## Example

        <!-- cscheck-disable-next-line CS501 -- quoting the misconception -->
        HTTPS는 443번 포트를 사용한다.

    The line below the comment has no CS501 finding, so the comment is unused. Remove it.

    ## Fix safety
    No fix: whether the suppression is still needed is for the author to decide.

    ## Options
    None. A target naming a rule that did not run (because of `--select` or `ignore`) is not
    reported.
    """

    code = "CS901"
    name = "unused-suppression"
    summary = Message("아무것도 억제하지 않는 억제 주석", "Suppression comment suppresses nothing")
    default_severity = Severity.WARNING

    def check_suppressions(
        self,
        unused: Sequence[UnusedSuppression],
        unknown: Sequence[UnusedSuppression],
        doc: Document,
        ctx: Context,
    ) -> Iterator[Diagnostic]:
        for item in unknown:
            yield self.diagnostic(
                item.suppression.span,
                Message(
                    f"`cscheck-{item.suppression.kind}`의 대상 '{item.target}'은(는) 없는 규칙입니다.",
                    f"`cscheck-{item.suppression.kind}` names '{item.target}', which is no rule.",
                ),
            )
        for item in unused:
            target = f" {item.target}" if item.target else ""
            yield self.diagnostic(
                item.suppression.span,
                Message(
                    f"`cscheck-{item.suppression.kind}{target}`이(가) 억제하는 것이 없습니다; 지우세요.",
                    f"`cscheck-{item.suppression.kind}{target}` suppresses nothing; remove it.",
                ),
            )
