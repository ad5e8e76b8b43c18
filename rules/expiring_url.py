"""CS308 expiring-url: a signed URL that stops working hours after it was copied."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

from checker.diagnostic import Diagnostic, Message, Severity
from checker.document import Document
from checker.remote.targets import Target, note_targets
from checker.rule import Context, Rule

# Query parameters that together make a URL presigned: it carries its own expiry and signature.
_SIGNED_QUERIES = (
    ("AWS", ("x-amz-signature",)),
    ("AWS", ("x-amz-expires",)),
    ("AWS", ("signature", "expires", "awsaccesskeyid")),
    ("Google Cloud Storage", ("x-goog-signature",)),
    ("CloudFront", ("signature", "expires", "key-pair-id")),
    ("Azure", ("sig", "se", "sv")),
    ("Discord", ("ex", "is", "hm")),
)
# Notion exports keep a page's files in private S3 buckets: the address works only while its
# signature (one hour) is valid, and not at all once the signature is cut off.
_NOTION = re.compile(r"(?:^|\.)(?:secure\.notion-static\.com|prod-files-secure\.s3[.-][a-z0-9-]+\.amazonaws\.com)$")
_NOTION_PATH = re.compile(r"^/(?:secure\.notion-static\.com|prod-files-secure)/", re.IGNORECASE)
_DISCORD = ("cdn.discordapp.com", "media.discordapp.net")


def signed_by(target: Target) -> str | None:
    """Who signed ``target``'s URL so that it expires, or None."""
    parts = urlsplit(target.url)
    if _NOTION.search(target.host) or _NOTION_PATH.match(parts.path):
        return "Notion"
    names = {name.lower() for name, _ in parse_qsl(parts.query, keep_blank_values=True)}
    if target.host == "private-user-images.githubusercontent.com" and "jwt" in names:
        return "GitHub"
    for service, needed in _SIGNED_QUERIES:
        if service == "Discord" and target.host not in _DISCORD:
            continue
        if all(name in names for name in needed):
            return service
    return None


class ExpiringUrl(Rule):
    """
    ## What it does
    Finds images and links whose URL is *presigned*: it carries its own signature and expiry, so
    it works for a while after it was copied and then never again. Recognised: S3 presigned URLs
    (`X-Amz-Signature`, `X-Amz-Expires`, the older `Signature`+`Expires`+`AWSAccessKeyId`), Google
    Cloud Storage (`X-Goog-Signature`), CloudFront (`Signature`+`Expires`+`Key-Pair-Id`), Azure SAS
    tokens (`sig`+`se`+`sv`), Discord attachments (`ex`+`is`+`hm`), GitHub's private image links
    (`private-user-images.githubusercontent.com/…?jwt=`), and Notion's file storage
    (`secure.notion-static.com`, `prod-files-secure`), whose files are private without a signature.

    ## Why is this bad?
    Notes pasted from a Notion export or a chat keep such URLs: the picture shows while the note
    is written and is broken for every reader an hour (Notion, S3) or a day (Discord) later — on
    GitHub as everywhere else. Nothing on the page says so until somebody opens it.

    ## Example

        ![](https://s3.us-west-2.amazonaws.com/secure.notion-static.com/0b1e…/Untitled.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=86400&X-Amz-Signature=…)

    Download the picture (from the Notion page, not from this URL), commit it to the repository —
    say `./images/tcp-handshake.png` — and link that.

    ## Fix safety
    No fix: the file has to be fetched and committed by a person.

    ## Options
    None.
    """

    code = "CS308"
    name = "expiring-url"
    summary = Message("시간이 지나면 만료되는 서명된 주소", "Signed URL that expires")
    default_severity = Severity.ERROR

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        for dest, target in note_targets(doc):
            service = signed_by(target)
            if service is None:
                continue
            if target.image:
                message = Message(
                    f"{service}가 서명한 임시 주소의 이미지입니다: 서명이 만료되면(보통 몇 시간 뒤) 누구에게나 "
                    "깨집니다. 파일을 받아 저장소에 넣고 그 경로로 바꾸세요.",
                    f"an image at a temporary URL signed by {service}: it breaks for everybody once the signature "
                    "expires (usually within hours); download the file, commit it and link that.",
                )
            else:
                message = Message(
                    f"{service}가 서명한 임시 주소로 가는 링크입니다: 서명이 만료되면(보통 몇 시간 뒤) 누구에게나 "
                    "깨집니다. 원래 페이지를 링크하거나 파일을 저장소에 넣으세요.",
                    f"a link to a temporary URL signed by {service}: it breaks for everybody once the signature "
                    "expires (usually within hours); link the page it came from, or commit the file.",
                )
            yield self.diagnostic(dest.span, message)
