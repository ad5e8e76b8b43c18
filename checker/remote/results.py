"""What ``--remote`` found for one URL: the verdict the remote rules (CS312–CS314) read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from checker.diagnostic import Message


class Verdict(StrEnum):
    OK = "ok"
    BROKEN = "broken"  # a reader gets an error, an HTML page for an image, or nothing at all
    MOVED = "moved"  # works, through a permanent redirect (301, 308) to another address
    UNKNOWN = "unknown"  # not told: refused by the config, rate-limited past the budget, not in the cache


# Why a URL is broken or unknown: stable words (the cache keeps them, messages are chosen by them).
STATUS = "status"  # an HTTP error status
NOT_IMAGE = "not-image"  # an image URL served as something else (an HTML error page with 200)
TIMEOUT = "timeout"
CONNECT = "connect"  # no connection: no such host, or refused
RESET = "reset"  # the connection broke before a response came
REDIRECT_LOOP = "redirect-loop"
TOO_MANY_REDIRECTS = "too-many-redirects"
RATE_LIMITED = "rate-limited"  # 429 with a Retry-After longer than the budget allows
BUDGET = "budget"  # the run's time budget ran out first
REFUSED = "refused"  # a private or loopback address, not in `allow`
DENIED = "denied"  # matched `deny`
NOT_CACHED = "not-cached"  # --remote-offline and no fresh result in the cache
UNUSABLE = "unusable"  # a URL the client cannot request (a bad host name, a bad port)
NO_NETWORK = "no-network"  # no host at all could be reached: the machine is offline, not the links


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    reason: str = ""
    status: int | None = None  # the last HTTP status seen
    content_type: str | None = None
    moved_to: str | None = None  # MOVED: where the permanent redirects lead
    checked_at: float = 0.0  # time.time() of the check
    requests: int = 0  # requests this check made (0 when it came from the cache)

    @property
    def cacheable(self) -> bool:
        """Only a verdict the server gave is kept; refusals and running out of time are not."""
        return self.verdict is not Verdict.UNKNOWN

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": str(self.verdict),
            "reason": self.reason,
            "status": self.status,
            "content_type": self.content_type,
            "moved_to": self.moved_to,
            "checked_at": self.checked_at,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Outcome:
        return cls(
            Verdict(data["verdict"]),
            str(data["reason"]),
            None if data["status"] is None else int(data["status"]),
            None if data["content_type"] is None else str(data["content_type"]),
            None if data["moved_to"] is None else str(data["moved_to"]),
            float(data["checked_at"]),
        )


@dataclass(frozen=True)
class RemoteResults:
    """Every URL's outcome, by :func:`key` — what ``ctx.remote`` holds in a ``--remote`` run."""

    outcomes: Mapping[str, Outcome]

    def get(self, url: str, *, image: bool) -> Outcome | None:
        return self.outcomes.get(key(url, image=image))

    def items(self) -> Iterable[tuple[str, Outcome]]:
        return self.outcomes.items()


def key(url: str, *, image: bool) -> str:
    """An image is checked for its content type too, so the same URL as a link is another check."""
    return ("image " if image else "link ") + url


def describe(outcome: Outcome) -> Message:
    """Why a BROKEN outcome is broken, for a finding's message."""
    status = outcome.status
    reason = outcome.reason
    if reason == STATUS and status is not None:
        return Message(f"서버가 HTTP {status}로 답했습니다", f"the server answered HTTP {status}")
    if reason == NOT_IMAGE:
        kind = outcome.content_type or "없음"
        kind_en = outcome.content_type or "none"
        return Message(
            f"이미지가 아니라 `{kind}`가 왔습니다(오류 페이지일 때가 많습니다): GitHub에는 깨진 이미지로 보입니다",
            f"the server sent `{kind_en}`, not an image (often an error page): GitHub shows a broken image",
        )
    if reason == TIMEOUT:
        return Message("제한 시간 안에 답이 없었습니다", "no answer within the timeout")
    if reason == CONNECT:
        return Message(
            "연결할 수 없습니다(없는 호스트, 연결 거부, 잘못된 인증서)",
            "no connection (no such host, refused, or an invalid certificate)",
        )
    if reason == RESET:
        return Message("답이 오기 전에 연결이 끊겼습니다", "the connection broke before an answer came")
    if reason == REDIRECT_LOOP:
        return Message("리디렉션이 제자리로 돌아옵니다(무한 루프)", "the redirects go round in a loop")
    if reason == TOO_MANY_REDIRECTS:
        return Message("리디렉션이 너무 많습니다", "too many redirects")
    return Message(reason, reason)
