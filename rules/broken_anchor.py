"""CS401 broken-anchor: a `#fragment` that no heading or anchor of the file defines.

The fragment links of a note (same file and other files) are found in ``rules/_fragments.py``,
which CS402 `anchor-case` and CS403 `broken-file-anchor` use too.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Message
from checker.document import Document
from checker.links import (
    ComparisonBudget,
    FragmentMatch,
    match_fragment,
)
from checker.rule import Context, FixAvailability, Rule
from rules._fragments import fragment_links, missing_anchor


class BrokenAnchor(Rule):
    """
    ## What it does
    Checks links to a part of the same note — `[목차](#tcp와-udp)`, `[x][ref]` with
    `[ref]: #…`, `<a href="#…">` — against the note's anchors: the GitHub slug of every heading
    (with the `-1`, `-2` suffixes of repeated headings, and the leading `-` of a `💡 …` heading) and
    every explicit `<a name="…">` or `id="…"`. The fragment is percent-decoded first, so
    `#http%EC%99%80-https` is `#http와-https`. `#`, `#top`, GitHub's line anchors (`#L10`,
    `#L10-L20`, `#L10C5-L20C3`) and the `user-content-` prefix are accepted.

    A fragment that matches only when letter case is ignored is CS402 `anchor-case` (github.com
    resolves it, other renderers do not); a fragment into another file is CS403
    `broken-file-anchor`. The message names up to three closest anchors; a heading that holds the
    link itself is marked as such.

    ## Why is this bad?
    A table of contents whose entries go nowhere: the click does nothing. Anchors drift whenever a
    heading is reworded, and slugs are hard to write by hand (`💡 …` headings start with `-`,
    `/` and `?` vanish, Korean stays as it is).

    ## Example

        ## 목차
        - [로드 밸런서](#로드-밸런서)

        ## 로드밸런서

    The slug of `## 로드밸런서` is `로드밸런서`.

    ## Fix safety
    Unsafe, and only when one anchor is clearly meant: the fragment is slugged as GitHub would slug
    a heading (`#IPv4/IPv6` → `ipv4ipv6`, `##힙` → `힙`) and compared with every anchor by
    `difflib.SequenceMatcher`; the best must score at least 0.8, lead the runner-up by at least
    0.1, and must not be the heading that holds the link (`## [TCP와 UDP](#tcp와-udp-답변)` points
    elsewhere on purpose, most likely to an answer section that was never written). The fix
    rewrites only the fragment, written as raw UTF-8 the way GitHub writes its own anchors, even
    when the author percent-encoded it (both work; the raw form is the readable one).

    ## Options
    None.
    """

    code = "CS401"
    name = "broken-anchor"
    summary = Message("파일 안에 없는 앵커로 가는 링크", "Link to an anchor that does not exist in this file")
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        budget = ComparisonBudget()
        for item in fragment_links(doc, ctx, same_file=True):
            if match_fragment(doc, item.fragment)[0] is FragmentMatch.NONE:
                yield missing_anchor(self, item, doc, ("이 파일", "this file"), budget)
