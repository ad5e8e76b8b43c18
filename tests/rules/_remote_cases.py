"""The remote rules read what ``check --remote`` fetched (``ctx.remote``): here given directly,
through the API, so each rule's cases need no server (tests/test_remote.py fetches for real)."""

from __future__ import annotations

from pathlib import Path

from checker.api import fix_text, lint_text, make_engine
from checker.diagnostic import Diagnostic
from checker.remote.results import Outcome, RemoteResults, key


def lint_with(rule: str, text: str, outcomes: dict[tuple[str, bool], Outcome], root: Path) -> list[Diagnostic]:
    engine = make_engine(root=root, select=[rule], remote=True)
    engine.context.remote = RemoteResults({key(url, image=image): o for (url, image), o in outcomes.items()})
    return lint_text(text, engine)


def fixed_with(rule: str, text: str, outcomes: dict[tuple[str, bool], Outcome], root: Path) -> str:
    engine = make_engine(root=root, select=[rule], remote=True)
    engine.context.remote = RemoteResults({key(url, image=image): o for (url, image), o in outcomes.items()})
    return fix_text(text, engine, unsafe=True).final.raw


def without_remote(rule: str, text: str, root: Path) -> list[Diagnostic]:
    """An ordinary run: the rule is not even selected."""
    return lint_text(text, make_engine(root=root, select=[rule]))
