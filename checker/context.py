"""What a rule may ask for besides its document: the root, the config, and other files."""

from __future__ import annotations

import errno
import hashlib
import os
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.config import Config
    from checker.document import NoteAnchors
    from checker.knowledge import KnowledgeBase
    from checker.remote.results import RemoteResults


@dataclass
class Dependencies:
    """What checking one note looked at outside it: to know when a cached result is stale."""

    listings: dict[str, str | None] = field(default_factory=dict)  # folder → digest of its names
    notes: dict[str, str | None] = field(default_factory=dict)  # other note → digest of its bytes


# Anchors of this many recently seen notes are kept: enough for a folder's notes linking each
# other, while 20 000 notes need not all stay in memory (a note pushed out is parsed again if
# linked to later).
NOTES_KEPT = 512
_MAX_LINKS = 40  # as Linux's path resolution: more links than this in one path is a loop


class Workspace:
    """Other files and folders, each read at most once, and never outside the root.

    Link rules ask it whether a target exists and how its folder spells names; anchor rules ask
    it for another note's anchors. Notes checked in this run are registered as they are parsed,
    so a recently checked note is not parsed again; only their anchors are kept, not their
    documents, and only for the last ``NOTES_KEPT`` notes unless pinned. While a note is
    checked, every look-up is recorded as one of its dependencies (see ``checker.cache``).
    """

    def __init__(self, root: Path, load_note: Callable[[Path], tuple[NoteAnchors | None, str | None]]) -> None:
        self.root = Path(os.path.normpath(root.absolute()))
        self._load_note = load_note
        self._notes: OrderedDict[Path, tuple[NoteAnchors | None, str | None]] = OrderedDict()
        self._pinned: dict[Path, tuple[NoteAnchors | None, str | None]] = {}
        self._listings: dict[Path, frozenset[str] | None] = {}
        self._listing_digests: dict[Path, str | None] = {}
        self._recording: Dependencies | None = None

    def contains(self, path: Path) -> bool:
        """Whether ``path`` (already made absolute and normalized) lies inside the root."""
        return _inside(path, self.root)

    def reachable(self, path: Path) -> bool:
        """Whether ``path`` lies inside the root once symbolic links are followed too: a link in
        the repository to ``/etc`` or ``~`` must not let a note's links look outside.

        Links are followed one at a time from the root, so nothing outside it is ever looked at
        (``os.path.realpath`` would stat the target of a link leading out).
        """
        if not self.contains(path):
            return False
        root = self._real_root
        pending = list(reversed(path.relative_to(self.root).parts))
        current = root
        followed = 0
        missing = False  # a part on the way is not there: nothing below it is, links included
        while pending:
            part = pending.pop()
            if part in ("", "."):
                continue
            if part == "..":
                if current == root:
                    return False
                current = current.parent
                continue
            candidate = current / part
            if missing:
                # Nothing below a missing part is there, links included: the rest is words. One
                # normpath, where a readlink and a Path per part were quadratic in a deep path.
                rest = Path(os.path.normpath(os.path.join(candidate, *reversed(pending))))
                return _inside(rest, root)
            try:
                target = os.readlink(candidate)
            except OSError as error:  # not a link (or not there): the walk stays inside
                missing = error.errno in (errno.ENOENT, errno.ENOTDIR)
                current = candidate
                continue
            followed += 1
            if followed > _MAX_LINKS:
                return False  # a loop of links
            if os.path.isabs(target):
                absolute = Path(os.path.normpath(target))
                if not _inside(absolute, root):
                    return False
                current = root
                pending.extend(reversed(absolute.relative_to(root).parts))
            else:
                pending.extend(reversed(Path(target).parts))
        return True

    @cached_property
    def _real_root(self) -> Path:
        return Path(os.path.realpath(self.root))

    def register(self, path: Path, anchors: NoteAnchors, digest: str, *, pin: bool = False) -> None:
        """Remember a note's anchors; pinned ones (``fix`` judges links against the notes as they
        were before any was written) are never forgotten."""
        key = _key(path)
        if pin:
            self._pinned[key] = (anchors, digest)
        else:
            self._remember(key, (anchors, digest))

    def note(self, path: Path) -> NoteAnchors | None:
        """The anchors of the note at ``path``, or None when it is missing, unreadable or outside."""
        key = _key(path)
        known = self._pinned.get(key)
        if known is None:
            known = self._notes.get(key)
            if known is None:
                known = self._load_note(key) if self.reachable(key) else (None, None)
            self._remember(key, known)
        anchors, digest = known
        if self._recording is not None:
            self._recording.notes[str(key)] = digest
        return anchors

    def _remember(self, key: Path, known: tuple[NoteAnchors | None, str | None]) -> None:
        self._notes[key] = known
        self._notes.move_to_end(key)
        if len(self._notes) > NOTES_KEPT:
            self._notes.popitem(last=False)

    def listing(self, folder: Path) -> frozenset[str] | None:
        """The names in ``folder`` as the file system spells them, or None if it can't be read."""
        key = _key(folder)
        if self._recording is not None:
            # a digest: thousands of notes must not each carry the folder's names
            self._recording.listings[str(key)] = self.listing_digest(key)
        return self._names(key)

    def listing_digest(self, folder: Path) -> str | None:
        """The folder's names as a short key (None when it cannot be read), computed once per folder."""
        key = _key(folder)
        if key not in self._listing_digests:
            self._listing_digests[key] = _digest_of_names(self._names(key))
        return self._listing_digests[key]

    def _names(self, key: Path) -> frozenset[str] | None:
        if key not in self._listings:
            names: frozenset[str] | None = None
            if self.reachable(key):
                try:
                    names = frozenset(os.listdir(key))
                except OSError:
                    names = None
            self._listings[key] = names
        return self._listings[key]

    def record(self) -> Dependencies:
        """Start recording the look-ups of the note about to be checked."""
        self._recording = Dependencies()
        return self._recording

    def stop_recording(self) -> None:
        self._recording = None


def _digest_of_names(names: Iterable[str] | None) -> str | None:
    if names is None:
        return None
    # surrogatepass: a name that is not UTF-8 comes back from os.listdir with lone surrogates
    return hashlib.sha256("\0".join(sorted(names)).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _key(path: Path) -> Path:
    return Path(os.path.normpath(path.absolute()))


class Context:
    """Everything a rule may consult besides its document; shared by all files of a run."""

    def __init__(
        self,
        root: Path,
        config: Config,
        lang: str,
        workspace: Workspace,
        load_knowledge: Callable[[], KnowledgeBase],
    ) -> None:
        self.root = root
        self.config = config
        self.lang = lang
        self.workspace = workspace
        self._load_knowledge = load_knowledge
        self.remote: RemoteResults | None = None  # what `check --remote` found for each URL

    @cached_property
    def knowledge(self) -> KnowledgeBase:
        """The knowledge packs (shipped and configured), loaded on first use."""
        return self._load_knowledge()


def _inside(path: Path, root: Path) -> bool:
    """``path`` is ``root`` or below it (both normalized): by their text, as ``root in
    path.parents`` builds every parent of a deep path, quadratic in its depth."""
    text, prefix = str(path), str(root)
    return text == prefix or text.startswith(prefix if prefix.endswith(os.sep) else prefix + os.sep)
