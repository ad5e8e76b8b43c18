"""CS301 broken-image: a local image that GitHub cannot find.

The check for local targets is shared with CS302 ``broken-link`` (``rules/_local_targets.py``): one
finding per destination, and the message says which defect it is.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Message
from checker.document import Document
from checker.links import (
    ComparisonBudget,
)
from checker.rule import Context, FixAvailability, Rule
from rules._local_targets import IMAGE, check_local, local_targets


class BrokenImage(Rule):
    r"""
    ## What it does
    Checks every local image — `![alt](path)`, `![alt][ref]` and `<img src="path">` — against the
    files in the repository, resolving the path from the note's folder (a leading `/` from the
    root), and says which defect it is:

    - the file (or a folder on the way) does not exist;
    - it exists only with different **letter case** (`method.jpg` vs `method.JPG`) — fine on macOS
      and Windows, broken on GitHub; names are compared segment by segment with the folder
      listing as the file system spells it, so the result is the same on every computer;
    - it exists only in another **Unicode normalization** (an NFD name from macOS vs an NFC link):
      the link must spell the name as git commits it, byte for byte — as the disk has it on Linux and
      Windows, in NFC on macOS (git's `core.precomposeUnicode`), so there an NFC link to a name
      Finder wrote in NFD is right and an NFD one is not;
    - it is written with Windows `\` separators;
    - it starts with `,/` (a typo for `./`);
    - it leaves the repository root (`../../../etc/passwd`): reported, never looked up on disk.

    URLs with a scheme (`https:`, `data:` …) are not checked against the disk, nor are site-generator
    templates (`{{ site.baseurl }}/a.png`, which Jekyll fills in and GitHub does not). A path that exists
    only on the author's computer (`C:\…`, `file://`, `/Users/…`, Typora's `typora-user-images`,
    a Notion export folder) is CS304 `machine-path`, not this rule: one defect, one finding. An
    image GitHub does not render because of raw spaces is CS303 `image-not-rendered`.

    ## Why is this bad?
    The reader sees a broken-image icon. The case and normalization variants are the treacherous
    ones: the author's Mac shows the picture, GitHub does not.

    ## Example

        ![jwt2](,/jwt2.png)
        ![lb](./Diagram.PNG)          <!-- the file is diagram.png -->
        ![subnet](.\img\subnet.png)

    Use `./jwt2.png`, `./diagram.png` and `./img/subnet.png`.

    ## Fix safety
    The fix rewrites only the destination; every other byte stays as it was.
    Safe when the corrected path exists exactly: `,/` → `./`, `\` → `/`, and the name as the file
    system spells it (case, normalization); a percent-encoded name is written percent-encoded.
    Unsafe when the only evidence is a similar name in the same folder (`hashShading.png` →
    `hashSharding.png`): exactly one name with a `difflib` ratio of at least 0.8, not one that differs
    only in its numbers (`jwt1.png` is not a typo of `jwt2.png`). Also unsafe: a path that only
    resolves from the repository root (written from the root without the leading `/`) becomes the
    path from the note, and `www.example.com/a` or `host.tistory.com/7` gets `https://`. Otherwise
    there is no fix.

    ## Options
    None. The root is the config file's folder, else the git work tree, else the note's folder;
    `--root` sets it.
    """

    code = "CS301"
    name = "broken-image"
    summary = Message("로컬 이미지 파일을 찾을 수 없음", "Local image file not found")
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        budget = ComparisonBudget()
        for _, dest in local_targets(doc, images=True):
            finding = check_local(self, dest, doc, ctx, IMAGE, budget)
            if finding is not None:
                yield finding
