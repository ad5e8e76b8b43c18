"""The ``[remote]`` table (``[tool.cscheck.remote]`` in pyproject.toml): how ``--remote`` checks.

Plain frozen data and a duration parser, so a config read from the cache needs no pydantic; the
validation lives in ``checker.config_schema`` beside the rest of the config.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DAY = 86_400.0
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?", re.IGNORECASE)
_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": DAY, "w": 7 * DAY}


def parse_duration(value: str | float) -> float | None:
    """Seconds in ``1d``, ``12h``, ``30m``, ``10s``, ``500ms`` or a plain number of seconds;
    None when it is no duration."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value >= 0 else None
    match = _DURATION.fullmatch(value.strip())
    if match is None:
        return None
    return float(match.group(1)) * _SECONDS[(match.group(2) or "s").lower()]


@dataclass(frozen=True)
class RemoteConfig:
    """``[remote]``, validated. Durations are seconds."""

    cache: float = DAY  # a result younger than this is reused, not fetched again (0: never)
    allow: tuple[str, ...] = ()  # hosts or URL patterns always checked, private addresses included
    deny: tuple[str, ...] = ()  # hosts or URL patterns never asked
    concurrency: int = 16  # requests in flight at once, over all hosts
    host_concurrency: int = 2  # requests in flight at once to one host
    host_rate: float = 4.0  # requests started per second to one host
    timeout: float = 10.0  # one request, connecting and reading
    retries: int = 2  # more tries after a timeout, a reset, a 5xx or a 429
    budget: float = 300.0  # the whole remote check; what is left unchecked then is said so

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RemoteConfig:
        return cls(
            cache=float(data["cache"]),
            allow=tuple(data["allow"]),
            deny=tuple(data["deny"]),
            concurrency=int(data["concurrency"]),
            host_concurrency=int(data["host_concurrency"]),
            host_rate=float(data["host_rate"]),
            timeout=float(data["timeout"]),
            retries=int(data["retries"]),
            budget=float(data["budget"]),
        )
