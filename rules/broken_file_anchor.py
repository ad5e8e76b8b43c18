"""CS403 broken-file-anchor: `other.md#fragment` where the other note has no such anchor."""

from __future__ import annotations

import os
from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Message
from checker.document import Document
from checker.links import ComparisonBudget, FragmentMatch, match_fragment
from checker.rule import Context, FixAvailability, Rule
from rules._fragments import fragment_links, missing_anchor


class BrokenFileAnchor(Rule):
    """
    ## What it does
    Checks links into another note — `[x](other.md#frag)`, `[x](../dir/file.md#frag)`,
    `<a href="other.md#frag">` — against the anchors of that note (its heading slugs and explicit
    anchors, the same way CS401 `broken-anchor` checks a note's own). Each other note is parsed
    once per run, and a note named on the command line is not parsed twice.

    Only links to Markdown files are checked (a fragment into `code.py` is a line anchor of
    GitHub's file view). A target file that does not exist is CS302 `broken-link`'s finding, not
    this rule's; a fragment that matches only when case is ignored is CS402 `anchor-case`'s.

    ## Why is this bad?
    The link opens the other note at its top instead of the section: the reader has to hunt for
    it, and usually the section was renamed or never written.

    ## Example

        [OSI 7계층](./network.md#osi-7layer)

    where `network.md` has `## OSI 7 Layer` (slug `osi-7-layer`).

    ## Fix safety
    Unsafe, with the same conditions as CS401: the closest anchor of the other note scores at least
    0.8 and leads the runner-up by 0.1. Only the fragment is rewritten.

    ## Options
    None.
    """

    code = "CS403"
    name = "broken-file-anchor"
    summary = Message("다른 파일에 없는 앵커로 가는 링크", "Link to an anchor that does not exist in another file")
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        budget = ComparisonBudget()
        for item in fragment_links(doc, ctx, same_file=False):
            if match_fragment(item.target, item.fragment)[0] is not FragmentMatch.NONE:
                continue
            name = os.path.basename(item.dest.decoded_path.rstrip("/")) or item.dest.decoded_path
            yield missing_anchor(self, item, doc, (f"`{name}`", f"`{name}`"), budget)
