from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Case, run_case

RULE = "expiring-url"
NOTION = (
    "https://s3.us-west-2.amazonaws.com/secure.notion-static.com/fe4db77e-c4a4-49bf-a1e0-121585f49a52/Untitled.png"
    "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20220101%2Fus-west-2%2Fs3%2Faws4_request"
    "&X-Amz-Date=20220101T000000Z&X-Amz-Expires=86400&X-Amz-Signature=0a1b2c&X-Amz-SignedHeaders=host"
)

CASES = [
    Case("a Notion export's signed image", f"![]({NOTION})\n", expect=[(1, 5)], message=("signed by Notion",)),
    Case(
        "a Notion file with its signature cut off is still private",
        "![](https://prod-files-secure.s3.us-west-2.amazonaws.com/0b1e/4c2d/Untitled.png)\n",
        expect=[(1, 5)],
    ),
    Case(
        "an S3 presigned link, and one in an img tag",
        "[자료](https://bucket.s3.amazonaws.com/a.pdf?X-Amz-Expires=3600&X-Amz-Signature=ab)\n\n"
        '<img src="https://bucket.s3.amazonaws.com/a.png?AWSAccessKeyId=AK&amp;Expires=1600000000&amp;Signature=x">\n',
        expect=[(1, 6), (3, 11)],
        message=("a link to a temporary URL signed by AWS",),
    ),
    Case(
        "Google, Azure, Discord, GitHub's private images",
        "![](https://storage.googleapis.com/b/a.png?X-Goog-Signature=ab&X-Goog-Expires=900)\n\n"
        "![](https://acct.blob.core.windows.net/c/a.png?sv=2021-08-06&se=2022-01-01T00%3A00%3A00Z&sig=ab)\n\n"
        "![](https://cdn.discordapp.com/attachments/1/2/a.png?ex=65a1&is=6590&hm=ab12)\n\n"
        "![](https://private-user-images.githubusercontent.com/1/2-3.png?jwt=eyJhbGciOi)\n",
        expect=[(1, 5), (3, 5), (5, 5), (7, 5)],
    ),
    Case(
        "unsigned URLs are fine",
        "![](https://user-images.githubusercontent.com/1/2-3.png)\n\n"
        "![](https://bucket.s3.amazonaws.com/public.png)\n\n"
        "![](https://www.notion.so/image/https%3A%2F%2Fexample.com%2Fa.png?table=block&id=1)\n\n"
        "[검색](https://www.google.com/search?q=signature&expires=1)\n\n"
        "![](https://example.com/a.png?ex=1&is=2&hm=3)\n",
    ),
    Case("a URL in code is no image", f"`![]({NOTION})`\n\n```\n![]({NOTION})\n```\n"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, tmp_path: Path) -> None:
    run_case(RULE, case, tmp_path)
