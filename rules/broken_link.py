"""CS302 broken-link: a link to a local file or folder that GitHub cannot find."""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Message
from checker.document import Document
from checker.links import ComparisonBudget
from checker.rule import Context, FixAvailability, Rule
from rules._local_targets import LINK, check_local, local_targets


class BrokenLink(Rule):
    r"""
    ## What it does
    Checks every link to a local file or folder — `[text](other.md)`, `[text](./dir/)`,
    `[text][ref]`, `<a href="other.md">` — against the repository, resolving the path from the
    note's folder (a leading `/` from the root). A link to a folder is fine when the folder exists.
    Like CS301 `broken-image` it tells a missing file from one that exists only with different
    letter case, another Unicode normalization, Windows `\` separators or a `,/` typo, and reports a
    path that leaves the repository root without looking it up.

    `../../issues`, `../../wiki` and similar links from the repository root reach GitHub's own
    pages for the repository; they are not files and are not reported. URLs with a scheme are never
    checked against the disk. The fragment of `other.md#section` is CS403 `broken-file-anchor`'s
    business, `#section` alone CS401 `broken-anchor`'s; a path on the author's computer is CS304
    `machine-path`'s.

    ## Why is this bad?
    The reader clicks and gets GitHub's 404 page. Study repositories move and rename topic files
    often, and index pages (`README.md` tables of links) are the first to go stale.

    ## Example

        - [네트워크](01.Network\hsh\21.01.21.md)
        - [운영체제](./Operating-System.md)      <!-- the file is operating-system.md -->

    ## Fix safety
    The fix rewrites only the destination (a fragment or query is kept as written).
    Safe when the corrected path exists exactly (`\` → `/`, `,/` → `./`, the name as the file system
    spells it). Unsafe when the only evidence is a unique similar name in the same folder, when the
    path resolves only from the repository root (`01.Network\hsh\21.01.21.md` in
    `01.network/hsh/README.md` becomes `./21.01.21.md`), or when it reads as a web address without
    a scheme (`gompangs.tistory.com/7` becomes `https://gompangs.tistory.com/7`). Otherwise there
    is no fix.

    ## Options
    None.
    """

    code = "CS302"
    name = "broken-link"
    summary = Message("로컬 링크 대상을 찾을 수 없음", "Local link target not found")
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        budget = ComparisonBudget()
        for _, dest in local_targets(doc, images=False):
            finding = check_local(self, dest, doc, ctx, LINK, budget)
            if finding is not None:
                yield finding
