"""``--diff-base REF``: report what a change brought, not what the notes had already.

A pre-commit hook or a pull request's CI job wants the findings the change makes — on the lines
it changed, and anything it broke elsewhere (a link into a heading it renamed) — not a
repository's old ones. So the notes are also checked as they were at ``REF``, in a scratch copy of
the tree at that commit (``git archive``), and a finding that was there already (same note, rule
and fingerprint, as for a baseline) is left out.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from checker.baseline import keys_of
from checker.config import ConfigError
from checker.engine import FileReport


def base_entries(
    ref: str, root: Path, paths: Sequence[Path], check: Callable[[list[Path]], list[FileReport]]
) -> Counter[tuple[str, str, str]]:
    """The findings the notes ``paths`` (inside the git work tree ``root``) had at ``ref``, as
    baseline entries relative to ``root``; ``check`` checks a list of files the way this run does."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", "--format=tar", ref],
            capture_output=True,
            check=True,
            timeout=300,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        raise ConfigError(f"--diff-base {ref}: not a commit git knows in {root}") from None
    with tempfile.TemporaryDirectory(prefix="cscheck-base-") as scratch:
        base = Path(scratch)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tree:
            tree.extractall(base, filter="data")  # nothing outside the scratch folder
        (base / ".git").mkdir(exist_ok=True)  # the copy's root is its own, as the work tree's is
        named = []
        for path in paths:
            try:
                relative = Path(os.path.normpath(path.absolute())).relative_to(root)
            except ValueError:
                continue
            if (base / relative).is_file():
                named.append(base / relative)
        reports = check(named) if named else []
        return keys_of(reports, base)
