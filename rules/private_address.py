"""CS310 private-address: an image or link to localhost or a private network address."""

from __future__ import annotations

from collections.abc import Iterator

from checker.diagnostic import Diagnostic, Message, Severity
from checker.document import Document
from checker.remote.targets import note_targets, private_address
from checker.rule import Context, Rule


class PrivateAddress(Rule):
    """
    ## What it does
    Finds images and links whose host is the author's own machine or network: `localhost`,
    `127.0.0.1`, `0.0.0.0`, `[::1]`, the private ranges `10.…`, `172.16–31.…`, `192.168.…`, and
    link-local addresses. An image there is an error; a link a warning. (`file://` URLs and
    drive paths are CS304 `machine-path`.)

    ## Why is this bad?
    The address means the reader's own computer, or a network the reader is not on: an image
    taken from a local dev server shows for its author and is broken for everybody else, GitHub
    included; a link to `http://localhost:8080/users` leads nowhere. Write an example address as
    code (`` `http://localhost:8080/users` ``) instead: it stays readable and is no link.

    ## Example

        ![결과 화면](http://localhost:3000/static/result.png)
        [API 문서](http://192.168.0.12:8080/swagger-ui.html)

    Commit the screenshot and link it; write the example address as code.

    ## Fix safety
    No fix.

    ## Options
    None.
    """

    code = "CS310"
    name = "private-address"
    summary = Message("localhost나 사설 네트워크 주소", "Image or link to localhost or a private network")
    default_severity = Severity.WARNING

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        for dest, target in note_targets(doc):
            if not private_address(target.host):
                continue
            if target.image:
                yield self.diagnostic(
                    dest.span,
                    Message(
                        f"`{target.host}`는 작성자의 컴퓨터나 내부 네트워크 주소라 다른 사람(GitHub 포함)에게는 "
                        "이미지가 깨집니다: 이미지를 저장소에 넣고 그 경로를 쓰세요.",
                        f"`{target.host}` is the author's own machine or network: the image is broken for everybody "
                        "else, GitHub included; commit the image and link that.",
                    ),
                    severity=Severity.ERROR,
                )
                continue
            yield self.diagnostic(
                dest.span,
                Message(
                    f"`{target.host}`는 읽는 사람의 컴퓨터나 그가 없는 내부 네트워크를 가리켜 링크가 어디로도 "
                    "가지 않습니다: 예시 주소라면 `코드`로 쓰세요.",
                    f"`{target.host}` means the reader's own machine or a network they are not on: the link leads "
                    "nowhere; write an example address as `code`.",
                ),
            )
