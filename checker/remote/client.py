"""The asynchronous HTTP client of ``--remote`` (httpx: ``pip install 'cscheck[remote]'``).

How one URL is checked, as GitHub's image proxy (Camo) would fetch an image and a reader's browser
would open a link:

- ``HEAD`` first; ``GET`` when the server refuses ``HEAD`` (405, 501, any error but 404/410/429),
  and for an image whose ``HEAD`` names no image type. A ``GET`` reads the headers only, never the
  body, so a huge file costs nothing;
- no ``Referer`` and no cookies, like the proxy; redirects followed one at a time (each new host goes through the
  same address checks), at most :data:`MAX_REDIRECTS`, loops caught; where the first hops are
  permanent (301, 308) the URL is reported as moved;
- an image is broken unless the final response is 2xx with an ``image/*`` content type: an HTML
  error page served with 200 shows as a broken image on GitHub;
- per host at most ``host-concurrency`` requests at once and ``host-rate`` starts a second, over
  all hosts ``concurrency``; a ``429`` holds the whole host back for its ``Retry-After``; timeouts,
  resets and 5xx are retried ``retries`` times with exponential backoff; nothing waits past the
  total ``budget`` — what is left then is *unknown*, never *broken*.
"""

from __future__ import annotations

import asyncio
import email.utils
import http.cookiejar
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from checker import __version__
from checker.remote import results
from checker.remote.results import Outcome, Verdict
from checker.remote.settings import RemoteConfig
from checker.remote.targets import Target, matches_any, private_address

MAX_REDIRECTS = 10
MAX_RETRY_AFTER = 120.0  # a longer Retry-After is not waited for: the URL stays unknown
BACKOFF = 0.25  # seconds before the first retry; doubled each time
USER_AGENT = f"cscheck/{__version__} (link check; +https://github.com/cscheck/cscheck)"
_PERMANENT = (301, 308)
_REDIRECTS = (301, 302, 303, 307, 308)
_RETRY_STATUS = (500, 502, 503, 504)
_HEAD_IS_ENOUGH = (404, 410, 429)
# Like GitHub's image proxy, no cookies: one a host sets is neither kept nor sent back.
_NO_COOKIES = http.cookiejar.CookieJar(policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))


@dataclass
class _Host:
    slots: asyncio.Semaphore
    interval: float
    next_start: float = 0.0
    blocked_until: float = 0.0
    addresses_private: bool | None = None  # what the name resolved to, once


@dataclass
class HostStats:
    checked: int = 0
    requests: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)


class _OutOfTime(Exception):
    pass


class RemoteChecker:
    """Checks many URLs at once within the limits of a :class:`RemoteConfig`."""

    def __init__(
        self,
        settings: RemoteConfig,
        *,
        progress: Callable[[], None] | None = None,
    ) -> None:
        self.settings = settings
        self.progress = progress
        self.stats: dict[str, HostStats] = {}
        self._hosts: dict[str, _Host] = {}
        self._deadline = 0.0

    def check(self, targets: Sequence[Target]) -> dict[str, Outcome]:
        """The outcome of every target, by :func:`results.key`."""
        return asyncio.run(self._check_all(targets))

    async def _check_all(self, targets: Sequence[Target]) -> dict[str, Outcome]:
        settings = self.settings
        self._deadline = time.monotonic() + settings.budget
        limits = httpx.Limits(max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency)
        overall = asyncio.Semaphore(settings.concurrency)
        async with httpx.AsyncClient(
            follow_redirects=False,
            timeout=settings.timeout,
            limits=limits,
            headers={"User-Agent": USER_AGENT},
            cookies=_NO_COOKIES,
        ) as client:

            async def one(target: Target) -> tuple[str, Outcome]:
                outcome = await self._check_one(client, overall, target)
                stats = self.stats.setdefault(_netloc(target.url), HostStats())
                stats.checked += 1
                stats.requests += outcome.requests
                stats.verdicts[outcome.verdict] = stats.verdicts.get(outcome.verdict, 0) + 1
                if self.progress is not None:
                    self.progress()
                return results.key(target.url, image=target.image), outcome

            done = await asyncio.gather(*(one(target) for target in targets))
        return dict(done)

    # -- one URL, its redirects -----------------------------------------------------------------

    async def _check_one(self, client: httpx.AsyncClient, overall: asyncio.Semaphore, target: Target) -> Outcome:
        url, seen, requests = target.url, {target.url}, 0
        moved_to: str | None = None
        permanent = True  # every hop so far was permanent
        for _ in range(MAX_REDIRECTS + 1):
            refused = await self._refused(url)
            if refused is not None:
                return _finish(Outcome(Verdict.UNKNOWN, refused), requests)
            answer = await self._fetch(client, overall, url, target.image)
            requests += answer.requests
            if answer.outcome is not None:
                return _finish(answer.outcome, requests)
            status, headers = answer.status, answer.headers
            location = headers.get("location")
            if status in _REDIRECTS and location:
                following = urljoin(url, location.strip())
                permanent = permanent and status in _PERMANENT
                if permanent:
                    moved_to = following
                if following in seen:
                    return _finish(Outcome(Verdict.BROKEN, results.REDIRECT_LOOP, status), requests)
                seen.add(following)
                url = following
                continue
            content_type = headers.get("content-type")
            if not 200 <= status < 300:
                return _finish(Outcome(Verdict.BROKEN, results.STATUS, status, content_type), requests)
            if target.image and not _is_image(content_type):
                return _finish(Outcome(Verdict.BROKEN, results.NOT_IMAGE, status, content_type), requests)
            if moved_to is not None and moved_to != target.url:
                return _finish(Outcome(Verdict.MOVED, "", status, content_type, moved_to), requests)
            return _finish(Outcome(Verdict.OK, "", status, content_type), requests)
        return _finish(Outcome(Verdict.BROKEN, results.TOO_MANY_REDIRECTS), requests)

    async def _refused(self, url: str) -> str | None:
        """Why ``url`` may not be asked (deny wins; then a private address not in allow), else None."""
        settings = self.settings
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            port = parts.port
        except ValueError:
            return results.DENIED
        if parts.scheme not in ("http", "https") or not host:
            return results.DENIED
        if matches_any(settings.deny, url, host):
            return results.DENIED
        if matches_any(settings.allow, url, host):
            return None
        if private_address(host):
            return results.REFUSED
        state = self._host(_netloc(url))
        if state.addresses_private is None:
            state.addresses_private = await _resolves_private(host, port or (443 if parts.scheme == "https" else 80))
        return results.REFUSED if state.addresses_private else None

    # -- one request, with retries --------------------------------------------------------------

    async def _fetch(self, client: httpx.AsyncClient, overall: asyncio.Semaphore, url: str, image: bool) -> _Answer:
        settings = self.settings
        state = self._host(_netloc(url))
        requests = 0
        for attempt in range(settings.retries + 1):
            last = attempt == settings.retries
            try:
                status, headers = await self._request(client, overall, state, "HEAD", url, image)
                requests += 1
                if _needs_get(status, headers, image):
                    status, headers = await self._request(client, overall, state, "GET", url, image)
                    requests += 1
            except _OutOfTime:
                return _Answer(Outcome(Verdict.UNKNOWN, results.BUDGET), requests)
            except httpx.TimeoutException:
                requests += 1
                if last or not await self._pause(BACKOFF * 2**attempt):
                    return _Answer(Outcome(Verdict.BROKEN, results.TIMEOUT), requests)
                continue
            except httpx.UnsupportedProtocol:
                return _Answer(Outcome(Verdict.UNKNOWN, results.UNUSABLE), requests)
            except httpx.TransportError as error:
                requests += 1
                reason = results.CONNECT if isinstance(error, httpx.ConnectError) else results.RESET
                if last or not await self._pause(BACKOFF * 2**attempt):
                    return _Answer(Outcome(Verdict.BROKEN, reason), requests)
                continue
            except (httpx.HTTPError, httpx.InvalidURL, ValueError):  # a URL no request can be made of
                return _Answer(Outcome(Verdict.UNKNOWN, results.UNUSABLE), requests)
            if status == 429:
                wait = _retry_after(headers.get("retry-after"), BACKOFF * 2**attempt)
                if last or wait > MAX_RETRY_AFTER:
                    return _Answer(Outcome(Verdict.UNKNOWN, results.RATE_LIMITED, status), requests)
                state.blocked_until = max(state.blocked_until, time.monotonic() + wait)
                if not await self._pause(wait):
                    return _Answer(Outcome(Verdict.UNKNOWN, results.RATE_LIMITED, status), requests)
                continue
            if status in _RETRY_STATUS and not last and await self._pause(BACKOFF * 2**attempt):
                continue
            return _Answer(None, requests, status, headers)
        raise AssertionError("unreachable: the last attempt always returns")

    async def _request(
        self,
        client: httpx.AsyncClient,
        overall: asyncio.Semaphore,
        state: _Host,
        method: str,
        url: str,
        image: bool,
    ) -> tuple[int, httpx.Headers]:
        accept = "image/avif,image/webp,image/*,*/*;q=0.8" if image else "text/html,*/*;q=0.8"
        async with state.slots:
            now = time.monotonic()
            start = max(now, state.next_start, state.blocked_until)
            state.next_start = start + state.interval
            if start >= self._deadline:
                raise _OutOfTime
            if start > now:
                await asyncio.sleep(start - now)
            async with overall:
                left = self._deadline - time.monotonic()
                timeout = min(self.settings.timeout, left)
                if timeout <= 0:
                    raise _OutOfTime
                try:
                    async with client.stream(method, url, headers={"Accept": accept}, timeout=timeout) as response:
                        return response.status_code, response.headers  # the body is never read
                except httpx.TimeoutException:
                    if left < self.settings.timeout:
                        raise _OutOfTime from None
                    raise

    async def _pause(self, seconds: float) -> bool:
        """Sleep unless that would pass the budget (False then)."""
        if time.monotonic() + seconds >= self._deadline:
            return False
        await asyncio.sleep(seconds)
        return True

    def _host(self, netloc: str) -> _Host:
        if netloc not in self._hosts:
            settings = self.settings
            self._hosts[netloc] = _Host(asyncio.Semaphore(settings.host_concurrency), 1.0 / settings.host_rate)
        return self._hosts[netloc]


@dataclass
class _Answer:
    outcome: Outcome | None  # settled without a usable response (timeout, reset, rate limit, budget)
    requests: int
    status: int = 0
    headers: httpx.Headers = field(default_factory=httpx.Headers)


def _finish(outcome: Outcome, requests: int) -> Outcome:
    return Outcome(
        outcome.verdict,
        outcome.reason,
        outcome.status,
        outcome.content_type,
        outcome.moved_to,
        time.time(),
        requests,
    )


def _needs_get(status: int, headers: httpx.Headers, image: bool) -> bool:
    """HEAD refused or not telling: ask with GET (headers only)."""
    if status in _REDIRECTS or status in _HEAD_IS_ENOUGH:
        return False
    if status >= 400:
        return True
    return image and 200 <= status < 300 and not _is_image(headers.get("content-type"))


def _is_image(content_type: str | None) -> bool:
    return content_type is not None and content_type.split(";")[0].strip().lower().startswith("image/")


def _retry_after(value: str | None, default: float) -> float:
    """Seconds a ``Retry-After`` asks for: a number or an HTTP date."""
    if value is None:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())


def _netloc(url: str) -> str:
    """The host and port a limit applies to."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        return f"{host}:{parts.port}" if parts.port else host
    except ValueError:
        return url


async def _resolves_private(host: str, port: int) -> bool:
    """Whether a name resolves to a private or loopback address (a failed lookup is left to the
    request, which then reports the host unreachable)."""
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return False
    return any(private_address(str(info[4][0])) for info in found)
