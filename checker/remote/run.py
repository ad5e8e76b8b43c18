"""One ``--remote`` run: the notes' URLs, the cache, the client, progress and the per-host summary.

Called by the command line before the notes are checked; it leaves each engine's
``context.remote`` holding every URL's outcome, which the remote rules (CS312–CS314) read like
any other fact about the note — so suppressions, severities, baselines and every output format
apply to their findings as to any other.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from checker.config import ConfigError
from checker.engine import Engine
from checker.remote import results
from checker.remote.results import Outcome, RemoteResults, Verdict
from checker.remote.store import RemoteStore
from checker.remote.targets import Target, note_targets
from checker.source import SourceText

MISSING_EXTRA = (
    "--remote needs the HTTP client httpx, which is not installed: pip install 'cscheck[remote]' "
    "(or use --remote-offline to read the cache only)"
)
SUMMARY_ROWS = 30
MIN_HOSTS_OFFLINE = 2  # when this many hosts or more were tried and none could be reached, none is blamed


def prepare(
    work: Sequence[tuple[Engine, Sequence[Path]]],
    *,
    offline: bool,
    quiet: bool,
    lang: str,
    stream: TextIO | None = None,
    known: Mapping[str, Outcome] | None = None,
) -> None:
    """Fetch (or read from the cache) every http(s) URL of these notes; ConfigError without httpx.

    ``known`` outcomes come first: ``--diff-base`` checks the notes again as they were at the base
    commit, and judges their URLs as this run found them.
    """
    stream = stream or sys.stderr
    for engine, paths in work:
        targets = collect(engine, paths)
        store = RemoteStore(engine.cache_dir, engine.config.remote.cache)
        outcomes: dict[str, Outcome] = {}
        pending: list[Target] = []
        from_cache = 0
        for key, target in targets.items():
            cached = (known or {}).get(key) or store.fresh(key)
            if cached is not None:
                outcomes[key] = cached
                from_cache += 1
            elif offline:
                outcomes[key] = Outcome(Verdict.UNKNOWN, results.NOT_CACHED)
            else:
                pending.append(target)
        fetched, hosts = _fetch(engine, pending, quiet=quiet, stream=stream) if pending else ({}, {})
        if len(hosts) >= MIN_HOSTS_OFFLINE and all(o.reason == results.CONNECT for o in fetched.values()):
            # Not one host answered: this machine has no network; the links are not the problem.
            fetched = {key: Outcome(Verdict.UNKNOWN, results.NO_NETWORK) for key in fetched}
        for key, outcome in fetched.items():
            store.put(key, outcome)
            outcomes[key] = outcome
        store.save()
        engine.context.remote = RemoteResults(outcomes)
        if not quiet and targets:
            stream.write(summary(targets, outcomes, hosts, lang, cached=from_cache))
            stream.flush()


def collect(engine: Engine, paths: Sequence[Path]) -> dict[str, Target]:
    """The distinct URLs of the notes (an image and a link to the same URL are two checks)."""
    found: dict[str, Target] = {}
    for path in paths:
        loaded = engine.load(path)
        if not isinstance(loaded, SourceText):
            continue
        for _, target in note_targets(engine.parse(loaded, path)):
            found.setdefault(results.key(target.url, image=target.image), target)
    return found


def _fetch(
    engine: Engine, pending: list[Target], *, quiet: bool, stream: TextIO
) -> tuple[dict[str, Outcome], dict[str, tuple[int, int]]]:
    try:
        from checker.remote.client import RemoteChecker  # noqa: PLC0415 — httpx only for --remote
    except ImportError:
        raise ConfigError(MISSING_EXTRA) from None
    progress = _Progress(len(pending), stream) if not quiet and stream.isatty() else None
    checker = RemoteChecker(engine.config.remote, progress=progress.tick if progress else None)
    try:
        fetched = checker.check(pending)
    finally:
        if progress is not None:
            progress.close()
    return fetched, {host: (stats.checked, stats.requests) for host, stats in checker.stats.items()}


class _Progress:
    """``remote: 120/1000`` on one terminal line, redrawn at most ten times a second."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.done, self.stream, self._drawn = total, 0, stream, 0.0

    def tick(self) -> None:
        self.done += 1
        now = time.monotonic()
        if now - self._drawn >= 0.1 or self.done == self.total:
            self._drawn = now
            self.stream.write(f"\rcscheck: remote: {self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


def summary(
    targets: dict[str, Target],
    outcomes: dict[str, Outcome],
    fetched: dict[str, tuple[int, int]],
    lang: str,
    *,
    cached: int,
) -> str:
    """A line for the run, then a row per host: what was checked, what was found, what it cost."""
    by_host: dict[str, Counter[str]] = {}
    for key, target in targets.items():
        outcome = outcomes.get(key)
        counts = by_host.setdefault(target.netloc, Counter())
        counts["urls"] += 1
        counts[outcome.verdict if outcome else Verdict.UNKNOWN] += 1
    for host, (_, requests) in fetched.items():
        if host in by_host:
            by_host[host]["requests"] += requests
    total: Counter[str] = sum(by_host.values(), Counter())
    reasons = Counter(o.reason for o in outcomes.values() if o.verdict is Verdict.UNKNOWN)
    korean = lang == "ko"
    if korean:
        head = (
            f"cscheck: 원격 확인: 호스트 {len(by_host)}곳의 주소 {total['urls']}개 — 정상 {total[Verdict.OK]}, "
            f"깨짐 {total[Verdict.BROKEN]}, 옮겨짐 {total[Verdict.MOVED]}, 모름 {total[Verdict.UNKNOWN]}; "
            f"요청 {total['requests']}번, 캐시에서 {cached}개"
        )
    else:
        head = (
            f"cscheck: remote: {total['urls']} URLs on {len(by_host)} {'host' if len(by_host) == 1 else 'hosts'} — "
            f"{total[Verdict.OK]} ok, "
            f"{total[Verdict.BROKEN]} broken, {total[Verdict.MOVED]} moved, {total[Verdict.UNKNOWN]} unknown; "
            f"{total['requests']} requests, {cached} from the cache"
        )
    lines = [head]
    if reasons:
        lines.append(
            "  " + ", ".join(f"{_unknown_reason(reason, korean)}: {count}" for reason, count in sorted(reasons.items()))
        )
    columns = (
        ("호스트", "주소", "정상", "깨짐", "옮겨짐", "모름", "요청")
        if korean
        else ("host", "URLs", "ok", "broken", "moved", "unknown", "requests")
    )
    rows = sorted(by_host.items(), key=lambda item: (-item[1][Verdict.BROKEN] - item[1][Verdict.UNKNOWN], item[0]))
    width = max(len(columns[0]), *(len(host) for host, _ in rows[:SUMMARY_ROWS]))
    lines.append("  " + columns[0].ljust(width) + "".join(c.rjust(9) for c in columns[1:]))
    for host, counts in rows[:SUMMARY_ROWS]:
        cells = [counts[column] for column in ("urls", Verdict.OK, Verdict.BROKEN, Verdict.MOVED, Verdict.UNKNOWN)]
        cells.append(counts["requests"])
        lines.append("  " + host.ljust(width) + "".join(str(cell).rjust(9) for cell in cells))
    if len(rows) > SUMMARY_ROWS:
        more = len(rows) - SUMMARY_ROWS
        lines.append(f"  … 호스트 {more}곳 더" if korean else f"  … and {more} more hosts")
    return "\n".join(lines) + "\n"


def _unknown_reason(reason: str, korean: bool) -> str:
    words = {
        results.REFUSED: ("사설·루프백 주소라 묻지 않음", "private or loopback, not asked"),
        results.DENIED: ("deny에 있어 묻지 않음", "in deny, not asked"),
        results.RATE_LIMITED: ("요청 제한(429)", "rate-limited (429)"),
        results.BUDGET: ("시간 예산 초과로 확인 못 함", "not checked within the budget"),
        results.NOT_CACHED: ("캐시에 없음(--remote-offline)", "not in the cache (--remote-offline)"),
        results.UNUSABLE: ("요청할 수 없는 주소", "not a URL a request can be made of"),
        results.NO_NETWORK: ("어느 호스트에도 연결할 수 없음(네트워크 없음?)", "no host reachable (no network?)"),
    }
    ko, en = words.get(reason, (reason, reason))
    return ko if korean else en
