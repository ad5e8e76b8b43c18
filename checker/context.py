"""What a rule may ask for besides its document: the root, the config, and other files."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.config import Config
    from checker.document import Document
    from checker.knowledge import KnowledgeBase


class Workspace:
    """Other files and folders, each read at most once, and never outside the root.

    Link rules ask it whether a target exists and how its folder spells names; anchor rules ask
    it for another note's Document. Files named on the command line are registered as they are
    parsed, so nothing is parsed twice.
    """

    def __init__(self, root: Path, load_document: Callable[[Path], Document | None]) -> None:
        self.root = root
        self._load_document = load_document
        self._documents: dict[Path, Document | None] = {}
        self._listings: dict[Path, frozenset[str] | None] = {}

    def contains(self, path: Path) -> bool:
        """Whether ``path`` (already made absolute and normalized) lies inside the root."""
        return path == self.root or self.root in path.parents

    def register(self, path: Path, document: Document) -> None:
        self._documents[_key(path)] = document

    def document(self, path: Path) -> Document | None:
        """The parsed note at ``path``, or None when it is missing, unreadable or outside."""
        key = _key(path)
        if key not in self._documents:
            self._documents[key] = self._load_document(key) if self.contains(key) else None
        return self._documents[key]

    def listing(self, folder: Path) -> frozenset[str] | None:
        """The names in ``folder`` as the file system spells them, or None if it can't be read."""
        key = _key(folder)
        if key not in self._listings:
            names: frozenset[str] | None = None
            if self.contains(key):
                try:
                    names = frozenset(os.listdir(key))
                except OSError:
                    names = None
            self._listings[key] = names
        return self._listings[key]


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

    @cached_property
    def knowledge(self) -> KnowledgeBase:
        """The knowledge packs (shipped and configured), loaded on first use."""
        return self._load_knowledge()
