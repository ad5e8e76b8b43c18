"""The result cache of ``--remote``: one file of ``.cscheck_cache/``, written by ``checker.cachestore``
(HMAC-tagged, never through a link), so a result planted in a clone is never believed.

A result younger than ``[remote] cache`` (1 day unless configured) is used instead of a request:
a daily CI job re-checks only what is due. Older ones are dropped when the file is written.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from checker import cachestore
from checker.remote.results import Outcome

NAME = "remote-results.json"
_FORMAT = 1


class RemoteStore:
    def __init__(self, folder: Path | None, expiry: float, *, now: float | None = None) -> None:
        self.folder = folder
        self.expiry = expiry
        self.now = time.time() if now is None else now
        self._entries: dict[str, Outcome] = self._read() if folder is not None else {}
        self._changed = False

    def _read(self) -> dict[str, Outcome]:
        assert self.folder is not None
        payload = cachestore.read(self.folder, NAME)
        if payload is None:
            return {}
        try:
            data = json.loads(payload.decode("utf-8"))
            if data.get("format") != _FORMAT:
                return {}
            return {str(key): Outcome.from_json(value) for key, value in data["entries"].items()}
        except (ValueError, KeyError, TypeError, AttributeError):
            return {}

    def fresh(self, key: str) -> Outcome | None:
        """The cached outcome of ``key`` if it is younger than the expiry."""
        found = self._entries.get(key)
        if found is None or not (0 <= self.now - found.checked_at < self.expiry):
            return None
        return found

    def put(self, key: str, outcome: Outcome) -> None:
        if outcome.cacheable:
            self._entries[key] = outcome
            self._changed = True

    def save(self) -> None:
        """Write the fresh entries back (best effort: a read-only folder only costs requests)."""
        if self.folder is None or not self._changed:
            return
        kept = {key: o.to_json() for key, o in self._entries.items() if self.now - o.checked_at < self.expiry}
        payload = json.dumps({"format": _FORMAT, "entries": kept}, ensure_ascii=False, sort_keys=True)
        cachestore.write(self.folder, NAME, payload.encode("utf-8"))
