"""CS305 blob-image-url: a github.com blob page used as an image."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.destination import Kind
from checker.diagnostic import Diagnostic, Edit, Fix, Message, Severity, Span
from checker.document import Document
from checker.rule import Context, FixAvailability, Rule
from checker.views import Link, LinkSyntax

_BLOB = re.compile(r"https?://(?:www\.)?github\.com/[^/?#]+/[^/?#]+/(blob)/[^?#]+", re.IGNORECASE)
_RAW_QUERY = re.compile(r"[?&]raw=(?:true|1)(?:&|$)", re.IGNORECASE)
# A blob page of a note: written as an image by mistake, meant as a link.
_PAGE = re.compile(r"\.(?:md|markdown)$", re.IGNORECASE)


class BlobImageUrl(Rule):
    """
    ## What it does
    Finds images — `![alt](url)`, `![alt][ref]`, `<img src="url">` — whose URL is a github.com
    *blob* page (`https://github.com/owner/repo/blob/main/img/a.png`) without `?raw=true`.

    ## Why is this bad?
    A blob URL is the HTML page that shows the file, not the file. github.com itself rewrites such
    an image to the `raw` address when it renders the note, so the picture shows there — but every
    other viewer gets the web page and a broken image: VS Code's preview, pandoc, a PDF export, a
    mirror, the note read from a clone. It happens when a member copies the address bar while
    looking at a picture in the repository. An info finding, so it never fails a run; a blob page
    of a Markdown file used as an image is broken everywhere (a warning).

    ## Example

        ![alb](https://github.com/study-group/cs-notes/blob/main/img/alb.png)

    becomes

        ![alb](https://github.com/study-group/cs-notes/raw/main/img/alb.png)

    For a picture in the same repository a relative path (`./img/alb.png`) is better still: it
    follows the branch and works in forks.

    A blob page of a note, `![설명](https://github.com/o/r/blob/main/network.md)`, is a link
    written as an image by mistake: it becomes `[설명](https://github.com/o/r/blob/main/network.md)`.

    ## Fix safety
    Safe: `blob` becomes `raw`, GitHub's address for the same file at the same commit or branch,
    served as the file itself (the same as adding `?raw=true`). Only those four characters of the
    destination change. For a Markdown file (`.md`), which no URL makes an image, the fix drops the
    `!` instead, turning the broken image into the link that was meant (no fix for `<img src>`).

    ## Options
    None.
    """

    code = "CS305"
    name = "blob-image-url"
    summary = Message("이미지에 쓴 GitHub blob 주소", "GitHub blob page used as an image URL")
    default_severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        for link in doc.links:
            if not link.image:
                continue
            dest = link.dest
            if dest.kind is not Kind.REMOTE or _RAW_QUERY.search(dest.query):
                continue
            match = _BLOB.match(dest.path)
            if match is None:
                continue
            if _PAGE.search(dest.path):
                yield self._page_as_image(link, dest.span)
                continue
            blob = Edit(dest.start + match.start(1), dest.start + match.end(1), "raw")
            raw_url = dest.path[: match.start(1)] + "raw" + dest.path[match.end(1) :]
            yield self.diagnostic(
                dest.span,
                Message(
                    "GitHub의 blob 주소는 파일이 아니라 파일을 보여 주는 웹 페이지입니다: github.com은 raw로 바꿔 "
                    f"보여 주지만 VS Code 미리 보기 같은 다른 곳에서는 이미지가 깨집니다. `{raw_url}`를 쓰세요.",
                    "a GitHub blob URL is the page that shows the file, not the file: github.com rewrites it to raw, "
                    f"but any other viewer (VS Code's preview, pandoc, a clone) shows a broken image; use `{raw_url}`.",
                ),
                Fix.safe(Message("`blob`을 `raw`로 바꾸기", "Replace `blob` with `raw`"), blob),
                severity=Severity.INFO,
            )

    def _page_as_image(self, link: Link, span: Span) -> Diagnostic:
        message = Message(
            "Markdown 파일의 blob 주소는 이미지가 아니라 문서 페이지라서 이미지가 깨집니다: "
            "링크로 쓰려면 `!`를 지우세요.",
            "the blob URL of a Markdown file is a page, not an image: the image is broken; to link to it, "
            "drop the `!`.",
        )
        if link.syntax is LinkSyntax.HTML:
            return self.diagnostic(span, message)
        drop = Edit(link.span.start, link.span.start + 1, "")
        title = Message("`!`를 지워 링크로 만들기", "Drop the `!`: a link")
        return self.diagnostic(span, message, Fix.safe(title, drop))
