"""Shared fixtures. Tests that need ../shared skip with a reason when it is absent (a user's
clone has none); tests that need an outside tool skip without it, but fail when CI=true."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from checker.cli import main

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"


def shared(*parts: str) -> Path:
    """A path under ../shared, or skip: the folder exists only beside the development checkout."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs ../shared/{'/'.join(parts)} (only present beside the development checkout)")
    return path


def require_tool(name: str) -> str:
    """The path of an outside tool; skip without it — except in CI, which installs it."""
    found = shutil.which(name)
    if found is None:
        if IN_CI:
            pytest.fail(f"{name} is required in CI (.ci/run installs it)")
        pytest.skip(f"{name} is not installed")
    return found


@pytest.fixture(autouse=True, scope="session")
def _user_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The cache key of a user of the tests' own (checker.cachestore.user_dir), not the real one's:
    set for the whole session, so commands run as subprocesses share it too."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Invoke the click command line in-process, Korean or English pinned by the caller."""
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None) -> Result:
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test from an empty temporary folder (no config or git above it that matters)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
