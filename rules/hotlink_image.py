"""CS309 hotlink-image: an image from a host that refuses to serve other sites' pages."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from checker.diagnostic import Diagnostic, Message, Severity
from checker.document import Document
from checker.remote.targets import host_matches, note_targets
from checker.rule import Context, Rule

HOSTS_FILE = Path(__file__).with_name("data") / "hotlink-hosts.toml"
VERDICTS = ("refused", "served", "unverified")


@dataclass(frozen=True)
class HotlinkHost:
    hosts: tuple[str, ...]
    service: str
    without_referrer: str
    source: str
    examples: tuple[str, ...]


@functools.cache
def hotlink_hosts() -> tuple[HotlinkHost, ...]:
    """The shipped table; a malformed one is a bug in cscheck, caught by its tests."""
    data = tomllib.loads(HOSTS_FILE.read_text(encoding="utf-8"))
    found = []
    for entry in data["host"]:
        found.append(
            HotlinkHost(
                tuple(entry["hosts"]),
                entry["service"],
                entry["without-referrer"],
                entry["source"],
                tuple(entry["examples"]),
            )
        )
    return tuple(found)


def hotlink_host(url: str, host: str) -> HotlinkHost | None:
    for entry in hotlink_hosts():
        if any(host_matches(pattern, url, host) for pattern in entry.hosts):
            return entry
    return None


class HotlinkImage(Rule):
    """
    ## What it does
    Finds images hot-linked from a host that refuses to serve its pictures to other sites'
    pages (hot-link protection by `Referer`): Naver blog and café image servers, Egloos. The
    hosts are data, each with its source: `rules/data/hotlink-hosts.toml`.

    ## Why is this bad?
    The picture shows on the blog it was copied from and nowhere else: the host answers other
    pages with an error or a placeholder. GitHub fetches outside images through its own proxy,
    which sends no `Referer`, so where a host refuses even that the image is broken on github.com
    as well (a warning); elsewhere — or where the sources do not say — the image may still show on
    github.com and is broken on other sites (a GitHub Pages site, a blog the note is pasted into):
    an info finding, which never fails a run.

    ## Example

        ![](https://postfiles.pstatic.net/MjAyMTAx…/tcp.png?type=w773)

    Save the picture (with its author's permission and a credit), commit it, and link that.

    ## Fix safety
    No fix.

    ## Options
    None.
    """

    code = "CS309"
    name = "hotlink-image"
    summary = Message("다른 사이트에는 이미지를 주지 않는 호스트", "Image from a host that refuses other sites")
    default_severity = Severity.WARNING

    def check(self, doc: Document, ctx: Context) -> Iterator[Diagnostic]:
        for dest, target in note_targets(doc):
            if not target.image:
                continue
            entry = hotlink_host(target.url, target.host)
            if entry is None:
                continue
            if entry.without_referrer == "refused":
                message = Message(
                    f"{entry.service} 이미지는 다른 사이트에서 불러오면 막힙니다(GitHub 포함): "
                    "이미지를 저장소에 넣고 그 경로를 쓰세요.",
                    f"{entry.service} refuses its images to other sites, GitHub included: commit the image and "
                    "link that.",
                )
                yield self.diagnostic(dest.span, message)
                continue
            message = Message(
                f"{entry.service} 이미지는 다른 사이트의 페이지에서 불러오면 막힙니다: github.com에서는 보일 수 "
                "있지만 다른 곳에서는 깨집니다. 이미지를 저장소에 넣고 그 경로를 쓰세요.",
                f"{entry.service} refuses its images to other sites' pages: it may show on github.com but breaks "
                "elsewhere; commit the image and link that.",
            )
            yield self.diagnostic(dest.span, message, severity=Severity.INFO)
